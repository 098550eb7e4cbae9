//! Raw FFI bindings to the system's SCTP sockets API (`netinet/sctp.h`, RFC 6458).
//!
//! For a safe, typed API use the `sctp` crate.
#![no_std]

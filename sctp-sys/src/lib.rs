//! Raw FFI bindings to the system's SCTP sockets API (`netinet/sctp.h`, RFC 6458).
//!
//! For a safe, typed API use the `sctp` crate.
//!
//! Item names are the C names (`sctp_sndinfo`, `sctp_assoc_t`, `SCTP_RTOINFO`, ...).
//! Integer constants are `u32` (C enum members are `unsigned int`, and macros get bindgen's
//! unsigned default), except `SCTP_FUTURE_ASSOC`/`SCTP_CURRENT_ASSOC`/`SCTP_ALL_ASSOC`, which are
//! `sctp_assoc_t`. Socket addresses and `iovec` are `libc`'s types.
#![no_std]

mod bindings {
    #![allow(
        non_camel_case_types,
        non_snake_case,
        non_upper_case_globals,
        missing_docs
    )]
    #![allow(unreachable_pub, clippy::all, clippy::undocumented_unsafe_blocks)]

    #[allow(unused_imports)]
    use libc::{
        iovec, sa_family_t, sockaddr, sockaddr_in, sockaddr_in6, sockaddr_storage, socklen_t,
    };

    include!(concat!(env!("OUT_DIR"), "/bindings.rs"));
}

pub use bindings::*;

#[cfg(target_os = "linux")]
#[allow(non_camel_case_types, non_snake_case)]
mod linux;
#[cfg(target_os = "linux")]
pub use linux::*;

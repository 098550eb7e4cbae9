//! Raw FFI bindings to [usrsctp]: FreeBSD's SCTP stack compiled as a userland library, which
//! carries SCTP over UDP (RFC 6951) and offers the RFC 6458 sockets API as `usrsctp_*`
//! functions on its own `struct socket`.
//!
//! This crate is for code that wants the C API itself. The `sctp` crate's `userland` feature
//! builds a safe API on it (`sctp::userland`), with the same message and notification types as
//! the kernel sockets.
//!
//! # Why a crate of its own
//!
//! The kernel bindings (`sctp-sys`) and these cannot share one namespace: both headers declare
//! `struct sctp_sndinfo`, `sctp_assoc_t`, `SCTP_UNORDERED`, … with different layouts and values
//! (usrsctp follows FreeBSD: `sctp_assoc_t` is `u32`, the send flags are `0x0100`-based, the
//! notification types start at `0x0001`), and a `-sys` crate has exactly one `links` key. A
//! separate crate also keeps usrsctp out of the build of everyone who uses only kernel SCTP.
//!
//! # What is bound, and from where
//!
//! The build script finds usrsctp with pkg-config (`usrsctp.pc`; Debian/Ubuntu package
//! `libusrsctp-dev`), passes its defines (`-DINET -DINET6`) to bindgen and runs it on
//! `usrsctp.h`. Bound are every `usrsctp_*` function, every `sctp_*` type, every `SCTP_*`
//! constant, `MSG_NOTIFICATION`, `AF_CONN` and `struct sockaddr_conn`. The socket address types
//! (`sockaddr`, `sockaddr_storage`, `sockaddr_in`, `sockaddr_in6`, `socklen_t`) are the `libc`
//! crate's: usrsctp uses the host's own.
//!
//! bindgen's layout assertions stay on, and `tests/c_compiler.rs` compares every struct's size,
//! alignment and field offsets, and every constant, with what the C compiler says about the same
//! header.
//!
//! Environment variables: `USRSCTP_SYS_INCLUDE_DIR` and `USRSCTP_SYS_LIB_DIR` point at a build
//! outside pkg-config's reach (e.g. a CMake build on macOS); `USRSCTP_SYS_STATIC=1` links it
//! statically.
//!
//! # Names
//!
//! Items keep their C names. Integer constants are `u32` (bindgen's unsigned default for
//! macros); cast where a call takes `c_int`.
//!
//! [usrsctp]: https://github.com/sctplab/usrsctp

#![no_std]

#[allow(
    non_camel_case_types,
    non_upper_case_globals,
    non_snake_case,
    missing_docs,
    unreachable_pub,
    clippy::all,
    clippy::undocumented_unsafe_blocks
)]
mod bindings {
    use libc::{sockaddr, sockaddr_in, sockaddr_in6, sockaddr_storage, socklen_t};
    include!(concat!(env!("OUT_DIR"), "/bindings.rs"));
}

pub use bindings::*;

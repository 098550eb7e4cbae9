//! FreeBSD: the kernel's SCTP sockets API (`netinet/sctp.h`, `netinet/sctp_uio.h`; the
//! `sctp_*` calls are part of libc).
//!
//! What differs from Linux, and is handled here: there is no `SOL_SCTP` (options and control
//! messages both use level `IPPROTO_SCTP`); option, flag, notification and PR-SCTP policy
//! numbers are FreeBSD's (taken from the bindings, never written out); `sctp_assoc_t` is
//! unsigned; the option structs order their fields differently (`struct sctp_setprim` has the
//! address first, and Linux's `struct sctp_prim` does not exist); `struct sctp_sndrcvinfo` is
//! 128 bytes; `MSG_NOTIFICATION` is `0x2000`; socket addresses start with a length byte and a
//! one-byte family; and peeling off is the `sctp_peeloff` call (there is no
//! `SCTP_SOCKOPT_PEELOFF_FLAGS`).

use std::io;
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd};

use libc::c_int;
use sctp_sys as c;

use crate::AssocId;

// `sctp_assoc_t` is `u32` on FreeBSD: no conversion.
pub(crate) const SCTP_FUTURE_ASSOC: u32 = c::SCTP_FUTURE_ASSOC;
pub(crate) const SCTP_CURRENT_ASSOC: u32 = c::SCTP_CURRENT_ASSOC;
pub(crate) const SCTP_ALL_ASSOC: u32 = c::SCTP_ALL_ASSOC;

/// Socket option and control-message level of SCTP (FreeBSD has no `SOL_SCTP`).
const IPPROTO_SCTP: c_int = libc::IPPROTO_SCTP;

/// Socket option level of SCTP under its Linux name, for the shared code: `IPPROTO_SCTP`.
pub(super) const SOL_SCTP: c_int = IPPROTO_SCTP;

/// The struct of `SCTP_PRIMARY_ADDR`: `struct sctp_setprim` (Linux's `struct sctp_prim`, with
/// the address first).
pub(crate) type Prim = c::sctp_setprim;

/// An association id as the C `sctp_assoc_t`, which is `u32` on FreeBSD: no conversion.
#[inline]
pub(super) fn to_assoc_t(assoc: AssocId) -> c::sctp_assoc_t {
    assoc.as_raw()
}

/// An association id from the C `sctp_assoc_t`, which is `u32` on FreeBSD: no conversion.
#[inline]
pub(super) fn from_assoc_t(id: c::sctp_assoc_t) -> AssocId {
    AssocId::from_raw(id)
}

/// The family of the socket address at the start of `bytes`: a BSD socket address starts with
/// its length (`sin_len`, one byte) and its family (one byte; `AF_INET6` is 28 here). `None` when
/// `bytes` is shorter than that header.
#[inline]
pub(crate) fn read_family(bytes: &[u8]) -> Option<c_int> {
    bytes.get(..2).map(|b| c_int::from(b[1]))
}

/// Branches an association off into its own one-to-one socket (`sctp_peeloff`, RFC 6458 §9.2),
/// close-on-exec like every socket this crate makes.
///
/// FreeBSD has no flags variant of peeloff, so close-on-exec is set right after the call; a
/// `fork` and `exec` by another thread in between would let the child inherit the socket.
pub(crate) fn peeloff(fd: BorrowedFd<'_>, assoc: AssocId) -> io::Result<OwnedFd> {
    // SAFETY: `sctp_peeloff` takes a descriptor and an association id; no pointers.
    let sd = unsafe { c::sctp_peeloff(fd.as_raw_fd(), assoc.as_raw()) };
    if sd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: on success the library returned a new descriptor that nothing else owns.
    let owned = unsafe { OwnedFd::from_raw_fd(sd) };
    syscall!(fcntl(owned.as_raw_fd(), libc::F_SETFD, libc::FD_CLOEXEC))?;
    Ok(owned)
}

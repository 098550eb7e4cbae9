//! Linux: the kernel's SCTP sockets API (`linux/sctp.h`, lksctp-tools' `netinet/sctp.h`): the
//! pieces that differ from FreeBSD; the rest is in `unix.rs`.

use std::io;
use std::os::fd::{BorrowedFd, FromRawFd, OwnedFd};

use libc::c_int;
use sctp_sys as c;

use crate::AssocId;
use crate::sys::unix::getsockopt_inout;

pub(crate) const SCTP_FUTURE_ASSOC: u32 = c::SCTP_FUTURE_ASSOC as u32;
pub(crate) const SCTP_CURRENT_ASSOC: u32 = c::SCTP_CURRENT_ASSOC as u32;
pub(crate) const SCTP_ALL_ASSOC: u32 = c::SCTP_ALL_ASSOC as u32;

/// Socket option level of SCTP (`SOL_SCTP` equals `IPPROTO_SCTP`).
pub(super) const SOL_SCTP: c_int = libc::IPPROTO_SCTP;

/// The struct of `SCTP_PRIMARY_ADDR`: `struct sctp_prim`.
pub(crate) type Prim = c::sctp_prim;

/// An association id as the C `sctp_assoc_t`, which is signed on Linux.
#[inline]
pub(super) fn to_assoc_t(assoc: AssocId) -> c::sctp_assoc_t {
    assoc.as_raw() as c::sctp_assoc_t
}

/// An association id from the C `sctp_assoc_t`, which is signed on Linux.
#[inline]
pub(super) fn from_assoc_t(id: c::sctp_assoc_t) -> AssocId {
    AssocId::from_raw(id as u32)
}

/// The family of the socket address at the start of `bytes`: the native-endian `u16`
/// `sa_family_t` of its first two bytes on Linux; `None` when `bytes` is shorter.
#[inline]
pub(crate) fn read_family(bytes: &[u8]) -> Option<c_int> {
    let b = bytes.get(0..2)?;
    Some(c_int::from(libc::sa_family_t::from_ne_bytes([b[0], b[1]])))
}

/// Branches an association off into its own one-to-one socket (`SCTP_SOCKOPT_PEELOFF_FLAGS`),
/// close-on-exec like every socket this crate makes.
pub(crate) fn peeloff(fd: BorrowedFd<'_>, assoc: AssocId) -> io::Result<OwnedFd> {
    let mut arg = c::sctp_peeloff_flags_arg_t {
        p_arg: c::sctp_peeloff_arg_t {
            associd: to_assoc_t(assoc),
            sd: -1,
        },
        flags: libc::SOCK_CLOEXEC as u32,
    };
    // SAFETY: SCTP_SOCKOPT_PEELOFF_FLAGS reads and writes a `sctp_peeloff_flags_arg_t` (plain
    // integers).
    unsafe {
        getsockopt_inout(
            fd,
            SOL_SCTP,
            c::SCTP_SOCKOPT_PEELOFF_FLAGS as c_int,
            &mut arg,
        )?
    };
    if arg.p_arg.sd < 0 {
        return Err(io::Error::from_raw_os_error(libc::EBADF));
    }
    // SAFETY: on success the kernel installed a new descriptor in `sd` that nothing else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(arg.p_arg.sd) })
}

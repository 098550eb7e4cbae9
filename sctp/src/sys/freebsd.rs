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
use std::net::SocketAddr;
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd};

use libc::c_int;
use sctp_sys as c;

use crate::sys::unix::{decode_packed, pack};
use crate::{AssocId, Error};

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

/// Adds (`add`) or removes addresses of a socket (`sctp_bindx`, RFC 6458 §9.1).
pub(crate) fn bindx(fd: BorrowedFd<'_>, addrs: &[SocketAddr], add: bool) -> io::Result<()> {
    let mut packed = pack(addrs);
    let flags = if add {
        c::SCTP_BINDX_ADD_ADDR
    } else {
        c::SCTP_BINDX_REM_ADDR
    };
    // SAFETY: `packed` holds `addrs.len()` packed socket addresses and lives across the call.
    let rc = unsafe {
        c::sctp_bindx(
            fd.as_raw_fd(),
            packed.as_mut_ptr().cast::<libc::sockaddr>(),
            addrs.len() as c_int,
            flags as c_int,
        )
    };
    if rc == -1 {
        Err(io::Error::last_os_error())
    } else {
        Ok(())
    }
}

/// Sets up an association to a peer with several addresses (`sctp_connectx`, RFC 6458 §9.9).
///
/// FreeBSD's `sctp_connectx` writes the id only on success, so a nonblocking setup in progress
/// is the `EINPROGRESS` error.
pub(crate) fn connectx(fd: BorrowedFd<'_>, addrs: &[SocketAddr]) -> io::Result<AssocId> {
    let mut packed = pack(addrs);
    let mut id: c::sctp_assoc_t = 0;
    // SAFETY: `packed` holds `addrs.len()` packed socket addresses; `id` is a valid out pointer.
    let rc = unsafe {
        c::sctp_connectx(
            fd.as_raw_fd(),
            packed.as_mut_ptr().cast::<libc::sockaddr>(),
            addrs.len() as c_int,
            &mut id,
        )
    };
    if rc == -1 {
        let err = io::Error::last_os_error();
        if err.raw_os_error() == Some(libc::EINPROGRESS) && id != 0 {
            return Ok(from_assoc_t(id));
        }
        Err(err)
    } else {
        Ok(from_assoc_t(id))
    }
}

/// The local (`local == true`) or peer addresses of an association (`sctp_getladdrs`,
/// `sctp_getpaddrs`, RFC 6458 §9.3 and §9.5).
///
/// The list libc allocates is freed whenever it is non-null, whatever the count.
pub(crate) fn addrs(
    fd: BorrowedFd<'_>,
    assoc: AssocId,
    local: bool,
) -> Result<Vec<SocketAddr>, Error> {
    let mut list: *mut libc::sockaddr = std::ptr::null_mut();
    let id = to_assoc_t(assoc);
    // SAFETY: `list` is a valid out pointer; the library allocates the array it points it to.
    let n = unsafe {
        if local {
            c::sctp_getladdrs(fd.as_raw_fd(), id, &mut list)
        } else {
            c::sctp_getpaddrs(fd.as_raw_fd(), id, &mut list)
        }
    };
    let result = if n < 0 {
        Err(io::Error::last_os_error().into())
    } else if n == 0 || list.is_null() {
        Ok(Vec::new())
    } else {
        // The array's length is not returned: walk it address by address, each one's length
        // following from its own header (`sa_len` is set by the kernel).
        let mut total = 0usize;
        let mut ok = true;
        for _ in 0..n {
            // SAFETY: the library returned `n` packed addresses; the header of the next one is
            // readable.
            let header = unsafe { std::slice::from_raw_parts(list.cast::<u8>().add(total), 2) };
            total += match read_family(header).unwrap_or(-1) {
                libc::AF_INET => std::mem::size_of::<libc::sockaddr_in>(),
                libc::AF_INET6 => std::mem::size_of::<libc::sockaddr_in6>(),
                _ => {
                    ok = false;
                    break;
                }
            };
        }
        if ok {
            // SAFETY: the walk above found `total` bytes of addresses in the returned array.
            let bytes = unsafe { std::slice::from_raw_parts(list.cast::<u8>(), total) };
            decode_packed(bytes, n as usize)
        } else {
            // SAFETY: the address that stopped the walk has at least its two header bytes.
            let header = unsafe { std::slice::from_raw_parts(list.cast::<u8>().add(total), 2) };
            Err(Error::UnsupportedAddressFamily(
                read_family(header).unwrap_or(-1),
            ))
        }
    };
    if !list.is_null() {
        // SAFETY: `list` came from the matching get function and is freed once.
        unsafe {
            if local {
                c::sctp_freeladdrs(list);
            } else {
                c::sctp_freepaddrs(list);
            }
        }
    }
    result
}

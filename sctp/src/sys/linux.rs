//! Linux: the kernel's SCTP sockets API (`linux/sctp.h`, lksctp-tools' `netinet/sctp.h`): the
//! pieces that differ from FreeBSD; the rest is in `unix.rs`.
//!
//! Nothing here calls libsctp: its `sctp_bindx`, `sctp_connectx` and `sctp_get{l,p}addrs` are
//! thin wrappers over socket options, which are called directly, so that programs built on this
//! crate do not need `libsctp.so` at run time.

use std::io;
use std::mem;
use std::net::SocketAddr;
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd};

use libc::{c_int, c_void, socklen_t};
use sctp_sys as c;

use crate::sys::unix::{decode_packed, getsockopt_inout, pack};
use crate::{AssocId, Error};

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

/// Adds (`add`) or removes addresses of a socket (RFC 6458 §9.1), as `sctp_bindx` does it: the
/// packed list goes to `SCTP_SOCKOPT_BINDX_ADD`/`SCTP_SOCKOPT_BINDX_REM` with its length in
/// bytes.
pub(crate) fn bindx(fd: BorrowedFd<'_>, addrs: &[SocketAddr], add: bool) -> io::Result<()> {
    let packed = pack(addrs);
    let opt = if add {
        c::SCTP_SOCKOPT_BINDX_ADD
    } else {
        c::SCTP_SOCKOPT_BINDX_REM
    };
    // SAFETY: the option reads `optlen` bytes of packed socket addresses, which `packed` holds
    // and keeps alive across the call.
    syscall!(setsockopt(
        fd.as_raw_fd(),
        SOL_SCTP,
        opt as c_int,
        packed.as_ptr().cast::<c_void>(),
        mem::size_of_val(packed.as_slice()) as socklen_t,
    ))
    .map(drop)
}

/// Sets up an association to a peer with several addresses (RFC 6458 §9.9), as `sctp_connectx`
/// does it: `SCTP_SOCKOPT_CONNECTX3` (a `getsockopt`, so that the id comes back even while the
/// setup is in progress), falling back to `SCTP_SOCKOPT_CONNECTX` (whose result is the id) on
/// kernels without it.
///
/// On a nonblocking socket this returns the id as soon as the setup has started.
pub(crate) fn connectx(fd: BorrowedFd<'_>, addrs: &[SocketAddr]) -> io::Result<AssocId> {
    let mut packed = pack(addrs);
    let bytes = mem::size_of_val(packed.as_slice());
    let mut param = c::sctp_getaddrs_old {
        assoc_id: 0,
        addr_num: bytes as c_int,
        addrs: packed.as_mut_ptr().cast::<libc::sockaddr>(),
    };
    // SAFETY: SCTP_SOCKOPT_CONNECTX3 reads a `struct sctp_getaddrs_old` whose `addrs` points to
    // `addr_num` bytes of packed addresses (`packed`, alive across the call), and writes the
    // association id into its first field.
    let res =
        unsafe { getsockopt_inout(fd, SOL_SCTP, c::SCTP_SOCKOPT_CONNECTX3 as c_int, &mut param) };
    match res {
        Ok(_) => Ok(from_assoc_t(param.assoc_id)),
        // On a nonblocking socket the setup goes on in the background, and the kernel has
        // already written the id.
        Err(e) if e.raw_os_error() == Some(libc::EINPROGRESS) && param.assoc_id != 0 => {
            Ok(from_assoc_t(param.assoc_id))
        }
        Err(e) if e.raw_os_error() == Some(libc::ENOPROTOOPT) => {
            // SAFETY: SCTP_SOCKOPT_CONNECTX reads `optlen` bytes of packed socket addresses.
            let id = syscall!(setsockopt(
                fd.as_raw_fd(),
                SOL_SCTP,
                c::SCTP_SOCKOPT_CONNECTX as c_int,
                packed.as_ptr().cast::<c_void>(),
                bytes as socklen_t,
            ))?;
            Ok(from_assoc_t(id))
        }
        Err(e) => Err(e),
    }
}

/// The local (`local == true`) or peer addresses of an association (RFC 6458 §9.3 and §9.5),
/// read as `sctp_getladdrs`/`sctp_getpaddrs` do (`SCTP_GET_LOCAL_ADDRS`, `SCTP_GET_PEER_ADDRS`
/// with a `struct sctp_getaddrs`), but into a buffer of this function instead of one the library
/// allocates and the caller must free.
///
/// The list is first read into a buffer on the stack with room for 36 IPv6 addresses; only a
/// longer list (the kernel answers `ENOMEM`) is read again into a heap buffer, four times larger
/// at each try, up to [`MAX_ADDRS_LEN`]. So the usual call allocates once: the returned `Vec`.
pub(crate) fn addrs(
    fd: BorrowedFd<'_>,
    assoc: AssocId,
    local: bool,
) -> Result<Vec<SocketAddr>, Error> {
    /// 8 header bytes and 36 `sockaddr_in6`: 1016 bytes.
    const STACK_LEN: usize = 1016;
    let opt = if local {
        c::SCTP_GET_LOCAL_ADDRS
    } else {
        c::SCTP_GET_PEER_ADDRS
    } as c_int;
    let mut stack = [0u8; STACK_LEN];
    match read_addrs(fd, opt, assoc, &mut stack) {
        Err(e) if e.raw_os_error() == Some(libc::ENOMEM) => read_addrs_heap(fd, opt, assoc),
        Err(e) => Err(e.into()),
        Ok((count, list)) => decode_packed(list, count),
    }
}

/// The largest address list [`addrs`] reads: 1 MiB, some 37,000 IPv6 addresses.
pub(crate) const MAX_ADDRS_LEN: usize = 1 << 20;

/// [`addrs`] for lists longer than its stack buffer.
#[cold]
#[inline(never)]
fn read_addrs_heap(
    fd: BorrowedFd<'_>,
    opt: c_int,
    assoc: AssocId,
) -> Result<Vec<SocketAddr>, Error> {
    let mut len = 16 * 1024;
    loop {
        let mut heap = vec![0u8; len];
        match read_addrs(fd, opt, assoc, &mut heap) {
            Err(e) if e.raw_os_error() == Some(libc::ENOMEM) && len < MAX_ADDRS_LEN => len *= 4,
            Err(e) => return Err(e.into()),
            Ok((count, list)) => return decode_packed(list, count),
        }
    }
}

/// One `SCTP_GET_LOCAL_ADDRS`/`SCTP_GET_PEER_ADDRS` call into `buf`: the number of addresses and
/// the bytes after the header, where the kernel packed them.
///
/// The buffer is zeroed by the callers, and the list is decoded by its count rather than by the
/// length the kernel reports: that length counts the header for the peer addresses but not for
/// the local ones (a quirk Linux keeps for compatibility), and memcheck, which marks only the
/// reported length as written, would otherwise see the last local addresses as uninitialised.
fn read_addrs<'b>(
    fd: BorrowedFd<'_>,
    opt: c_int,
    assoc: AssocId,
    buf: &'b mut [u8],
) -> io::Result<(usize, &'b [u8])> {
    const HEADER: usize = mem::size_of::<c::sctp_getaddrs>();
    const ASSOC: usize = mem::offset_of!(c::sctp_getaddrs, assoc_id);
    const COUNT: usize = mem::offset_of!(c::sctp_getaddrs, addr_num);
    if buf.len() < HEADER {
        return Err(io::Error::from_raw_os_error(libc::EINVAL));
    }
    buf[ASSOC..ASSOC + 4].copy_from_slice(&to_assoc_t(assoc).to_ne_bytes());
    let mut len = buf.len() as socklen_t;
    // SAFETY: the option reads the header and writes at most `len` bytes into `buf`, which
    // needs no alignment (the kernel copies it byte-wise).
    syscall!(getsockopt(
        fd.as_raw_fd(),
        SOL_SCTP,
        opt,
        buf.as_mut_ptr().cast::<c_void>(),
        &mut len,
    ))?;
    let count =
        u32::from_ne_bytes([buf[COUNT], buf[COUNT + 1], buf[COUNT + 2], buf[COUNT + 3]]) as usize;
    Ok((count, &buf[HEADER..]))
}

//! FreeBSD: the kernel's SCTP sockets API (`netinet/sctp.h`, `netinet/sctp_uio.h`; the
//! `sctp_*` calls are part of libc).
//!
//! What differs from Linux, and is handled here: there is no `IPPROTO_SCTP` (options and control
//! messages both use level `IPPROTO_SCTP`); option, flag, notification and PR-SCTP policy
//! numbers are FreeBSD's (taken from the bindings, never written out); `sctp_assoc_t` is
//! unsigned; the option structs order their fields differently (`struct sctp_setprim` has the
//! address first, and Linux's `struct sctp_prim` does not exist); `struct sctp_sndrcvinfo` is
//! 128 bytes; `MSG_NOTIFICATION` is `0x2000`; socket addresses start with a length byte and a
//! one-byte family; and peeling off is the `sctp_peeloff` call (there is no
//! `SCTP_SOCKOPT_PEELOFF_FLAGS`).
//!
//! Send and receive build their `msghdr` and control messages here, as on Linux, so that the
//! two systems share one code path shape and nothing is allocated per message.

use std::io;
use std::mem::{self, MaybeUninit};
use std::net::SocketAddr;
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd};
use std::ptr;

use libc::{c_int, c_void, socklen_t};
use sctp_sys as c;

use crate::sys::RawAddr;
use crate::{AssocId, Error, NxtInfo, PrPolicy, RcvInfo, SendInfo};

// `sctp_assoc_t` is `u32` on FreeBSD: no conversion.
pub(crate) const SCTP_FUTURE_ASSOC: u32 = c::SCTP_FUTURE_ASSOC;
pub(crate) const SCTP_CURRENT_ASSOC: u32 = c::SCTP_CURRENT_ASSOC;
pub(crate) const SCTP_ALL_ASSOC: u32 = c::SCTP_ALL_ASSOC;

pub(crate) const SCTP_UNORDERED: u16 = c::SCTP_UNORDERED as u16;
pub(crate) const SCTP_EOF: u16 = c::SCTP_EOF as u16;
pub(crate) const SCTP_ABORT: u16 = c::SCTP_ABORT as u16;
pub(crate) const SCTP_SENDALL: u16 = c::SCTP_SENDALL as u16;
pub(crate) const SCTP_SACK_IMMEDIATELY: u16 = c::SCTP_SACK_IMMEDIATELY as u16;
pub(crate) const SCTP_NOTIFICATION: u16 = c::SCTP_NOTIFICATION as u16;

pub(crate) const SCTP_ASSOC_CHANGE: u16 = c::SCTP_ASSOC_CHANGE as u16;
pub(crate) const SCTP_PEER_ADDR_CHANGE: u16 = c::SCTP_PEER_ADDR_CHANGE as u16;
pub(crate) const SCTP_REMOTE_ERROR: u16 = c::SCTP_REMOTE_ERROR as u16;
pub(crate) const SCTP_SEND_FAILED: u16 = c::SCTP_SEND_FAILED as u16;
pub(crate) const SCTP_SHUTDOWN_EVENT: u16 = c::SCTP_SHUTDOWN_EVENT as u16;
pub(crate) const SCTP_ADAPTATION_INDICATION: u16 = c::SCTP_ADAPTATION_INDICATION as u16;
pub(crate) const SCTP_PARTIAL_DELIVERY_EVENT: u16 = c::SCTP_PARTIAL_DELIVERY_EVENT as u16;
pub(crate) const SCTP_AUTHENTICATION_EVENT: u16 = c::SCTP_AUTHENTICATION_EVENT as u16;
pub(crate) const SCTP_SENDER_DRY_EVENT: u16 = c::SCTP_SENDER_DRY_EVENT as u16;
pub(crate) const SCTP_STREAM_RESET_EVENT: u16 = c::SCTP_STREAM_RESET_EVENT as u16;
pub(crate) const SCTP_ASSOC_RESET_EVENT: u16 = c::SCTP_ASSOC_RESET_EVENT as u16;
pub(crate) const SCTP_STREAM_CHANGE_EVENT: u16 = c::SCTP_STREAM_CHANGE_EVENT as u16;
pub(crate) const SCTP_SEND_FAILED_EVENT: u16 = c::SCTP_SEND_FAILED_EVENT as u16;

/// Socket option and control-message level of SCTP (FreeBSD has no `IPPROTO_SCTP`).
const IPPROTO_SCTP: c_int = libc::IPPROTO_SCTP;
const MSG_NOTIFICATION: c_int = c::MSG_NOTIFICATION as c_int;

/// Sets a socket option.
///
/// # Safety
///
/// `T` must be the C type (or a type of identical layout) that option `opt` at `level` reads.
pub(crate) unsafe fn setsockopt<T>(
    fd: BorrowedFd<'_>,
    level: c_int,
    opt: c_int,
    value: &T,
) -> io::Result<()> {
    syscall!(setsockopt(
        fd.as_raw_fd(),
        level,
        opt,
        ptr::from_ref(value).cast::<c_void>(),
        mem::size_of::<T>() as socklen_t,
    ))
    .map(drop)
}

/// Reads a socket option whose buffer also carries input (the `assoc_id` of most SCTP options);
/// returns the length the kernel wrote.
///
/// # Safety
///
/// `T` must be the C type (or a type of identical layout) that option `opt` at `level` writes,
/// and every bit pattern the kernel writes must be a valid `T` (plain integers and arrays).
pub(crate) unsafe fn getsockopt_inout<T>(
    fd: BorrowedFd<'_>,
    level: c_int,
    opt: c_int,
    value: &mut T,
) -> io::Result<usize> {
    let mut len = mem::size_of::<T>() as socklen_t;
    syscall!(getsockopt(
        fd.as_raw_fd(),
        level,
        opt,
        ptr::from_mut(value).cast::<c_void>(),
        &mut len,
    ))?;
    Ok(len as usize)
}

fn set_int(fd: BorrowedFd<'_>, level: c_int, opt: c_int, value: c_int) -> io::Result<()> {
    // SAFETY: the options passed here all read a C `int`.
    unsafe { setsockopt(fd, level, opt, &value) }
}

fn get_int(fd: BorrowedFd<'_>, level: c_int, opt: c_int) -> io::Result<c_int> {
    let mut value: c_int = 0;
    // SAFETY: the options passed here all write a C `int`; every bit pattern is a valid `c_int`.
    unsafe { getsockopt_inout(fd, level, opt, &mut value)? };
    Ok(value)
}

/// Turns `SCTP_RECVRCVINFO` on or off.
pub(crate) fn set_recv_rcvinfo(fd: BorrowedFd<'_>, on: bool) -> io::Result<()> {
    set_int(
        fd,
        IPPROTO_SCTP,
        c::SCTP_RECVRCVINFO as c_int,
        c_int::from(on),
    )
}

/// Reads `SCTP_RECVRCVINFO`.
pub(crate) fn recv_rcvinfo(fd: BorrowedFd<'_>) -> io::Result<bool> {
    get_int(fd, IPPROTO_SCTP, c::SCTP_RECVRCVINFO as c_int).map(|v| v != 0)
}

/// Turns `SCTP_RECVNXTINFO` on or off.
pub(crate) fn set_recv_nxtinfo(fd: BorrowedFd<'_>, on: bool) -> io::Result<()> {
    set_int(
        fd,
        IPPROTO_SCTP,
        c::SCTP_RECVNXTINFO as c_int,
        c_int::from(on),
    )
}

/// Reads `SCTP_RECVNXTINFO`.
pub(crate) fn recv_nxtinfo(fd: BorrowedFd<'_>) -> io::Result<bool> {
    get_int(fd, IPPROTO_SCTP, c::SCTP_RECVNXTINFO as c_int).map(|v| v != 0)
}

/// Sets `SCTP_NODELAY`.
pub(crate) fn set_nodelay(fd: BorrowedFd<'_>, on: bool) -> io::Result<()> {
    set_int(fd, IPPROTO_SCTP, c::SCTP_NODELAY as c_int, c_int::from(on))
}

/// Sets `SCTP_INITMSG`.
pub(crate) fn set_initmsg(
    fd: BorrowedFd<'_>,
    ostreams: u16,
    instreams: u16,
    max_attempts: u16,
    max_init_timeout_ms: u16,
) -> io::Result<()> {
    let value = c::sctp_initmsg {
        sinit_num_ostreams: ostreams,
        sinit_max_instreams: instreams,
        sinit_max_attempts: max_attempts,
        sinit_max_init_timeo: max_init_timeout_ms,
    };
    // SAFETY: SCTP_INITMSG reads a `struct sctp_initmsg`.
    unsafe { setsockopt(fd, IPPROTO_SCTP, c::SCTP_INITMSG as c_int, &value) }
}

/// Subscribes to or unsubscribes from one notification type (`SCTP_EVENT`).
pub(crate) fn set_event(
    fd: BorrowedFd<'_>,
    assoc: AssocId,
    sn_type: u16,
    on: bool,
) -> io::Result<()> {
    let value = c::sctp_event {
        se_assoc_id: assoc.as_raw(),
        se_type: sn_type,
        se_on: u8::from(on),
    };
    // SAFETY: SCTP_EVENT reads a `struct sctp_event`.
    unsafe { setsockopt(fd, IPPROTO_SCTP, c::SCTP_EVENT as c_int, &value) }
}

/// The number of outbound streams of an association (`SCTP_STATUS`).
pub(crate) fn outbound_streams(fd: BorrowedFd<'_>, assoc: AssocId) -> io::Result<u16> {
    // SAFETY: `sctp_status` is plain integers and a `sockaddr_storage`; all zeroes is valid.
    let mut status: c::sctp_status = unsafe { mem::zeroed() };
    status.sstat_assoc_id = assoc.as_raw();
    // SAFETY: SCTP_STATUS writes a `struct sctp_status`, whose fields are plain integers.
    unsafe { getsockopt_inout(fd, IPPROTO_SCTP, c::SCTP_STATUS as c_int, &mut status)? };
    Ok(status.sstat_outstrms)
}

/// The send buffer size, the largest message one send call accepts.
pub(crate) fn send_buffer_size(fd: BorrowedFd<'_>) -> io::Result<usize> {
    get_int(fd, libc::SOL_SOCKET, libc::SO_SNDBUF).map(|v| usize::try_from(v).unwrap_or(0))
}

/// Copies `addr` into a (possibly unaligned) `sockaddr_storage`.
///
/// # Safety
///
/// `storage` must point to a writable `sockaddr_storage`.
unsafe fn to_storage(addr: &SocketAddr, storage: *mut libc::sockaddr_storage) {
    let sa = socket2::SockAddr::from(*addr);
    // SAFETY: `sa` holds `sa.len()` valid bytes, at most the size of `sockaddr_storage`, which
    // the caller guarantees is writable; byte copies need no alignment.
    unsafe {
        ptr::copy_nonoverlapping(
            sa.as_ptr().cast::<u8>(),
            storage.cast::<u8>(),
            sa.len() as usize,
        );
    }
}

/// Packs addresses back to back, as `sctp_bindx` and `sctp_connectx` expect.
///
/// Returned as `u32` words so that the first address is suitably aligned; `sockaddr_in` and
/// `sockaddr_in6` are multiples of four bytes long, so all of them are.
fn pack(addrs: &[SocketAddr]) -> Vec<u32> {
    let bytes: usize = addrs
        .iter()
        .map(|a| match a {
            SocketAddr::V4(_) => mem::size_of::<libc::sockaddr_in>(),
            SocketAddr::V6(_) => mem::size_of::<libc::sockaddr_in6>(),
        })
        .sum();
    let mut out = vec![0u32; bytes / 4];
    let mut offset = 0usize;
    for addr in addrs {
        let sa = socket2::SockAddr::from(*addr);
        let len = sa.len() as usize;
        // SAFETY: `out` has room for every address (sized above from the same lengths), `sa`
        // holds `len` valid bytes, and the buffers do not overlap.
        unsafe {
            ptr::copy_nonoverlapping(
                sa.as_ptr().cast::<u8>(),
                out.as_mut_ptr().cast::<u8>().add(offset),
                len,
            );
        }
        offset += len;
    }
    out
}

/// Decodes one `sockaddr_in` or `sockaddr_in6` from the start of `bytes`, returning the address
/// and the bytes it took.
///
/// A BSD socket address starts with its length (`sin_len`, one byte) and its family (one byte;
/// `AF_INET6` is 28 here).
pub(crate) fn decode_addr(bytes: &[u8]) -> Result<(SocketAddr, usize), Error> {
    let family = bytes
        .get(1)
        .copied()
        .ok_or(Error::UnsupportedAddressFamily(-1))?;
    let short = || Error::UnsupportedAddressFamily(i32::from(family));
    match c_int::from(family) {
        libc::AF_INET => {
            let b = bytes
                .get(..mem::size_of::<libc::sockaddr_in>())
                .ok_or_else(short)?;
            let port = u16::from_be_bytes([b[2], b[3]]);
            let ip = std::net::Ipv4Addr::new(b[4], b[5], b[6], b[7]);
            Ok((SocketAddr::from((ip, port)), b.len()))
        }
        libc::AF_INET6 => {
            let b = bytes
                .get(..mem::size_of::<libc::sockaddr_in6>())
                .ok_or_else(short)?;
            let port = u16::from_be_bytes([b[2], b[3]]);
            let flowinfo = u32::from_ne_bytes([b[4], b[5], b[6], b[7]]);
            let mut octets = [0u8; 16];
            octets.copy_from_slice(&b[8..24]);
            let scope_id = u32::from_ne_bytes([b[24], b[25], b[26], b[27]]);
            let addr = std::net::SocketAddrV6::new(octets.into(), port, flowinfo, scope_id);
            Ok((SocketAddr::V6(addr), b.len()))
        }
        _ => Err(short()),
    }
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
        Err(io::Error::last_os_error())
    } else {
        Ok(AssocId::from_raw(id))
    }
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

/// The local (`local == true`) or peer addresses of an association (`sctp_getladdrs`,
/// `sctp_getpaddrs`, RFC 6458 §9.3 and §9.5).
pub(crate) fn addrs(
    fd: BorrowedFd<'_>,
    assoc: AssocId,
    local: bool,
) -> Result<Vec<SocketAddr>, Error> {
    let mut list: *mut libc::sockaddr = ptr::null_mut();
    let id = assoc.as_raw();
    // SAFETY: `list` is a valid out pointer; the library allocates the array it points it to.
    let n = unsafe {
        if local {
            c::sctp_getladdrs(fd.as_raw_fd(), id, &mut list)
        } else {
            c::sctp_getpaddrs(fd.as_raw_fd(), id, &mut list)
        }
    };
    if n < 0 {
        return Err(io::Error::last_os_error().into());
    }
    if n == 0 || list.is_null() {
        return Ok(Vec::new());
    }
    let mut out = Vec::with_capacity(n as usize);
    let mut cursor = list.cast::<u8>().cast_const();
    let mut result = Ok(());
    for _ in 0..n {
        // SAFETY: the library returned `n` packed addresses; the length and family bytes of the
        // next one are readable, and its full length follows from the family.
        let family = unsafe { *cursor.add(1) };
        let len = match c_int::from(family) {
            libc::AF_INET => mem::size_of::<libc::sockaddr_in>(),
            libc::AF_INET6 => mem::size_of::<libc::sockaddr_in6>(),
            other => {
                result = Err(Error::UnsupportedAddressFamily(other));
                break;
            }
        };
        // SAFETY: an address of this family occupies `len` bytes of the returned array.
        let bytes = unsafe { std::slice::from_raw_parts(cursor, len) };
        match decode_addr(bytes) {
            Ok((addr, _)) => out.push(addr),
            Err(e) => {
                result = Err(e);
                break;
            }
        }
        // SAFETY: stays within (or one past the end of) the returned array.
        cursor = unsafe { cursor.add(len) };
    }
    // SAFETY: `list` came from the matching get function and is freed once.
    unsafe {
        if local {
            c::sctp_freeladdrs(list);
        } else {
            c::sctp_freepaddrs(list);
        }
    }
    result.map(|()| out)
}

/// Sets the local primary path to `addr` (`SCTP_PRIMARY_ADDR`, RFC 6458 §8.1.10).
pub(crate) fn set_primary(fd: BorrowedFd<'_>, assoc: AssocId, addr: &SocketAddr) -> io::Result<()> {
    // SAFETY: `sctp_setprim` is an integer and a `sockaddr_storage`; all zeroes is valid.
    let mut value: c::sctp_setprim = unsafe { mem::zeroed() };
    value.ssp_assoc_id = assoc.as_raw();
    // SAFETY: points to the `ssp_addr` field of `value`.
    unsafe { to_storage(addr, ptr::addr_of_mut!(value.ssp_addr)) };
    // SAFETY: SCTP_PRIMARY_ADDR reads a `struct sctp_setprim`.
    unsafe { setsockopt(fd, IPPROTO_SCTP, c::SCTP_PRIMARY_ADDR as c_int, &value) }
}

/// Asks the peer to use local address `addr` as its primary path (`SCTP_SET_PEER_PRIMARY_ADDR`,
/// RFC 6458 §8.3.2).
pub(crate) fn set_peer_primary(
    fd: BorrowedFd<'_>,
    assoc: AssocId,
    addr: &SocketAddr,
) -> io::Result<()> {
    // SAFETY: `sctp_setpeerprim` is an integer and a `sockaddr_storage`; all zeroes is valid.
    let mut value: c::sctp_setpeerprim = unsafe { mem::zeroed() };
    value.sspp_assoc_id = assoc.as_raw();
    // SAFETY: points to the `sspp_addr` field of `value`.
    unsafe { to_storage(addr, ptr::addr_of_mut!(value.sspp_addr)) };
    // SAFETY: SCTP_SET_PEER_PRIMARY_ADDR reads a `struct sctp_setpeerprim`.
    unsafe {
        setsockopt(
            fd,
            IPPROTO_SCTP,
            c::SCTP_SET_PEER_PRIMARY_ADDR as c_int,
            &value,
        )
    }
}

/// A control-message buffer on the stack, aligned for `cmsghdr`.
#[repr(C, align(8))]
struct ControlBuf<const N: usize>([MaybeUninit<u8>; N]);

impl<const N: usize> ControlBuf<N> {
    const fn new() -> Self {
        ControlBuf([MaybeUninit::uninit(); N])
    }
}

/// Room for SNDINFO (16 bytes), PRINFO (8) and AUTHINFO (2), each with its `cmsghdr` (12 bytes)
/// and padding to 8 bytes: 32 + 24 + 16 = 72 bytes on 64-bit FreeBSD.
const SEND_CONTROL_LEN: usize = 96;

/// Room for every SCTP control message the receive path enables (RCVINFO 28 bytes and NXTINFO
/// 16 bytes, 48 + 32 = 80 on 64-bit FreeBSD) and for control messages of other levels that
/// other code may have turned on on the same socket.
const RECV_CONTROL_LEN: usize = 256;

/// `CMSG_SPACE` of a payload of `T`, at compile time.
const fn cmsg_space<T>() -> usize {
    // SAFETY: CMSG_SPACE only computes a length from its argument.
    unsafe { libc::CMSG_SPACE(mem::size_of::<T>() as u32) as usize }
}

// The sizes above, checked against FreeBSD's structs and CMSG_SPACE whenever this file is
// compiled.
const _: () = assert!(
    cmsg_space::<c::sctp_sndinfo>()
        + cmsg_space::<c::sctp_prinfo>()
        + cmsg_space::<c::sctp_authinfo>()
        <= SEND_CONTROL_LEN
);
const _: () =
    assert!(cmsg_space::<c::sctp_rcvinfo>() + cmsg_space::<c::sctp_nxtinfo>() <= RECV_CONTROL_LEN);

/// Appends one control message to `msg`'s control buffer; `*used` is the length filled so far.
///
/// # Safety
///
/// `msg.msg_control` must point to at least `msg.msg_controllen` writable bytes aligned for
/// `cmsghdr`, and `*used + CMSG_SPACE(size_of::<T>())` must not exceed that length.
#[inline(always)]
unsafe fn push_cmsg<T>(msg: &mut libc::msghdr, used: &mut usize, ty: c_int, value: &T) {
    let len = mem::size_of::<T>() as u32;
    // SAFETY: the caller guarantees room for the header and the payload at offset `*used`,
    // which is a multiple of the header alignment because every push adds a CMSG_SPACE.
    unsafe {
        let hdr = msg
            .msg_control
            .cast::<u8>()
            .add(*used)
            .cast::<libc::cmsghdr>();
        ptr::write_bytes(hdr.cast::<u8>(), 0, libc::CMSG_SPACE(len) as usize);
        (*hdr).cmsg_level = IPPROTO_SCTP;
        (*hdr).cmsg_type = ty;
        (*hdr).cmsg_len = libc::CMSG_LEN(len) as _;
        ptr::copy_nonoverlapping(
            ptr::from_ref(value).cast::<u8>(),
            libc::CMSG_DATA(hdr),
            len as usize,
        );
        *used += libc::CMSG_SPACE(len) as usize;
    }
}

/// Sends one message with its `SCTP_SNDINFO` (and optional PRINFO/AUTHINFO) control messages:
/// one `sendmsg` call, nothing allocated.
#[inline(always)]
pub(crate) fn send(
    fd: BorrowedFd<'_>,
    data: &[u8],
    to: Option<&SocketAddr>,
    info: &SendInfo,
) -> io::Result<usize> {
    let mut control = ControlBuf::<SEND_CONTROL_LEN>::new();
    let mut iov = libc::iovec {
        iov_base: data.as_ptr().cast_mut().cast::<c_void>(),
        iov_len: data.len(),
    };
    let dest = to.map(|a| socket2::SockAddr::from(*a));
    // SAFETY: `msghdr` is plain data; all zeroes is a valid empty header.
    let mut msg: libc::msghdr = unsafe { mem::zeroed() };
    if let Some(dest) = &dest {
        msg.msg_name = dest.as_ptr().cast_mut().cast::<c_void>();
        msg.msg_namelen = dest.len();
    }
    msg.msg_iov = &mut iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.0.as_mut_ptr().cast::<c_void>();
    msg.msg_controllen = SEND_CONTROL_LEN as _;

    let sndinfo = c::sctp_sndinfo {
        snd_sid: info.stream,
        snd_flags: info.flags.bits(),
        // The kernel copies this field to the wire as it is; the wire is big-endian.
        snd_ppid: info.ppid.to_be(),
        snd_context: info.context,
        snd_assoc_id: info.assoc_id.as_raw(),
    };
    let mut used = 0usize;
    // SAFETY: the buffer is SEND_CONTROL_LEN bytes, aligned, and the three messages together
    // take at most 72 bytes.
    unsafe { push_cmsg(&mut msg, &mut used, c::SCTP_SNDINFO as c_int, &sndinfo) };
    if let Some(policy) = info.pr_policy {
        let (pr_policy, pr_value) = match policy {
            PrPolicy::None => (c::SCTP_PR_SCTP_NONE, 0),
            PrPolicy::Ttl(v) => (c::SCTP_PR_SCTP_TTL, v),
            PrPolicy::Rtx(v) => (c::SCTP_PR_SCTP_RTX, v),
            PrPolicy::Priority(v) => (c::SCTP_PR_SCTP_PRIO, v),
        };
        let prinfo = c::sctp_prinfo {
            pr_policy: pr_policy as u16,
            pr_value,
        };
        // SAFETY: as above.
        unsafe { push_cmsg(&mut msg, &mut used, c::SCTP_PRINFO as c_int, &prinfo) };
    }
    if let Some(key) = info.auth_key {
        let authinfo = c::sctp_authinfo {
            auth_keynumber: key,
        };
        // SAFETY: as above.
        unsafe { push_cmsg(&mut msg, &mut used, c::SCTP_AUTHINFO as c_int, &authinfo) };
    }
    msg.msg_controllen = used as _;
    let n = syscall!(sendmsg(fd.as_raw_fd(), &msg, libc::MSG_NOSIGNAL))?;
    Ok(n as usize)
}

// `recv` reads an `sctp_rcvinfo` control message directly as a `RcvInfo`.
const _: () = {
    type C = c::sctp_rcvinfo;
    assert!(mem::size_of::<RcvInfo>() == mem::size_of::<C>());
    assert!(mem::offset_of!(RcvInfo, stream) == mem::offset_of!(C, rcv_sid));
    assert!(mem::offset_of!(RcvInfo, ssn) == mem::offset_of!(C, rcv_ssn));
    assert!(mem::offset_of!(RcvInfo, flags) == mem::offset_of!(C, rcv_flags));
    assert!(mem::offset_of!(RcvInfo, ppid) == mem::offset_of!(C, rcv_ppid));
    assert!(mem::offset_of!(RcvInfo, tsn) == mem::offset_of!(C, rcv_tsn));
    assert!(mem::offset_of!(RcvInfo, cumtsn) == mem::offset_of!(C, rcv_cumtsn));
    assert!(mem::offset_of!(RcvInfo, context) == mem::offset_of!(C, rcv_context));
    assert!(mem::offset_of!(RcvInfo, assoc_id) == mem::offset_of!(C, rcv_assoc_id));
    assert!(mem::size_of::<AssocId>() == mem::size_of::<c::sctp_assoc_t>());
};

/// What `recv` learned besides the payload.
#[derive(Debug)]
pub(crate) struct RecvMeta {
    /// Payload bytes written to the buffer.
    pub(crate) len: usize,
    /// The bytes are a notification (`MSG_NOTIFICATION`).
    pub(crate) notification: bool,
    /// The message ends here (`MSG_EOR`).
    pub(crate) eor: bool,
    pub(crate) rcv: Option<RcvInfo>,
    pub(crate) nxt: Option<NxtInfo>,
    /// The sender's address, decoded when asked for.
    pub(crate) from: RawAddr,
}

/// Receives one message (or part of one) into `buf` with one `recvmsg` call and walks the
/// control messages, whatever their order, count or level.
#[inline(always)]
pub(crate) fn recv(fd: BorrowedFd<'_>, buf: &mut [u8]) -> Result<RecvMeta, Error> {
    let mut control = ControlBuf::<RECV_CONTROL_LEN>::new();
    // Neither the address nor the control buffer is zeroed: only what the kernel reports as
    // written is read.
    let mut name = MaybeUninit::<libc::sockaddr_in6>::uninit();
    let mut iov = libc::iovec {
        iov_base: buf.as_mut_ptr().cast::<c_void>(),
        iov_len: buf.len(),
    };
    // SAFETY: `msghdr` is plain data; all zeroes is a valid empty header.
    let mut msg: libc::msghdr = unsafe { mem::zeroed() };
    msg.msg_name = name.as_mut_ptr().cast::<c_void>();
    msg.msg_namelen = RawAddr::CAPACITY;
    msg.msg_iov = &mut iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.0.as_mut_ptr().cast::<c_void>();
    msg.msg_controllen = RECV_CONTROL_LEN as _;
    let n = match syscall!(recvmsg(fd.as_raw_fd(), &mut msg, 0)) {
        Ok(n) => n as usize,
        Err(e) => return Err(Error::Io(e)),
    };
    if msg.msg_flags & libc::MSG_CTRUNC != 0 {
        return Err(Error::ControlTruncated);
    }
    let mut meta = RecvMeta {
        len: n,
        notification: msg.msg_flags & MSG_NOTIFICATION != 0,
        eor: msg.msg_flags & libc::MSG_EOR != 0,
        rcv: None,
        nxt: None,
        // SAFETY: the kernel wrote `msg_namelen` bytes of the address, or `CAPACITY` when that
        // is less (it cuts longer addresses off).
        from: unsafe { RawAddr::new(msg.msg_namelen, name) },
    };
    // SAFETY: `msg` describes `control`, of which the kernel filled `msg_controllen` bytes; the
    // CMSG_* functions stay within that length.
    let mut cmsg = unsafe { libc::CMSG_FIRSTHDR(&msg) };
    while !cmsg.is_null() {
        // SAFETY: CMSG_FIRSTHDR/CMSG_NXTHDR return only headers that lie in the filled buffer.
        let hdr = unsafe { ptr::read_unaligned(cmsg) };
        // SAFETY: CMSG_LEN only computes a length.
        let header_len = unsafe { libc::CMSG_LEN(0) } as usize;
        let payload = (hdr.cmsg_len as usize).saturating_sub(header_len);
        if hdr.cmsg_level == IPPROTO_SCTP {
            match hdr.cmsg_type as u32 {
                c::SCTP_RCVINFO if payload >= mem::size_of::<c::sctp_rcvinfo>() => {
                    // SAFETY: the payload holds a whole `sctp_rcvinfo` (length checked above),
                    // which has the layout of `RcvInfo` (asserted at compile time below), a
                    // struct of integers that every bit pattern is valid for.
                    let mut r =
                        unsafe { ptr::read_unaligned(libc::CMSG_DATA(cmsg).cast::<RcvInfo>()) };
                    r.ppid = u32::from_be(r.ppid);
                    meta.rcv = Some(r);
                }
                c::SCTP_NXTINFO if payload >= mem::size_of::<c::sctp_nxtinfo>() => {
                    // SAFETY: the payload holds a whole `sctp_nxtinfo` (length checked above).
                    let x = unsafe {
                        ptr::read_unaligned(libc::CMSG_DATA(cmsg).cast::<c::sctp_nxtinfo>())
                    };
                    meta.nxt = Some(NxtInfo {
                        stream: x.nxt_sid,
                        flags: x.nxt_flags,
                        ppid: u32::from_be(x.nxt_ppid),
                        length: x.nxt_length,
                        assoc_id: AssocId::from_raw(x.nxt_assoc_id),
                    });
                }
                _ => {}
            }
        }
        // SAFETY: `cmsg` is a header within the buffer `msg` describes.
        cmsg = unsafe { libc::CMSG_NXTHDR(&msg, cmsg) };
    }
    Ok(meta)
}

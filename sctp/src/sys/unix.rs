//! What Linux and FreeBSD share: the socket-option calls, the SCTP constants with the same names
//! on both, the packing and decoding of address lists, and the data path: `send` and `recv`.
//!
//! Send and receive build their `msghdr` and control messages here instead of calling the
//! library's `sctp_sendv`/`sctp_recvv`: lksctp-tools' `sctp_recvv` passes a control buffer too
//! small for RCVINFO and NXTINFO together, and its `sctp_sendv` overflows its stack with PRINFO
//! and AUTHINFO together. Nothing is allocated per message, and each is one system call.
//!
//! Each system's file (`linux.rs`, `freebsd.rs`) supplies the few pieces that differ under
//! identical names: the option level [`SOL_SCTP`], the conversions to and from the C
//! `sctp_assoc_t` ([`to_assoc_t`], [`from_assoc_t`]), the header of a socket address
//! ([`read_family`]) and the struct of `SCTP_PRIMARY_ADDR` ([`Prim`]).

use std::io;
use std::mem::{self, MaybeUninit};
use std::net::SocketAddr;
use std::os::fd::{AsRawFd, BorrowedFd, RawFd};
use std::ptr;

use libc::{c_int, c_void, socklen_t};
use sctp_sys as c;

use super::os::{Prim, SOL_SCTP, from_assoc_t, read_family, to_assoc_t};
use crate::sys::RawAddr;
use crate::{AssocId, Error, NxtInfo, PrPolicy, RcvInfo, SendInfo};

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
    set_int(fd, SOL_SCTP, c::SCTP_RECVRCVINFO as c_int, c_int::from(on))
}

/// Reads `SCTP_RECVRCVINFO`.
pub(crate) fn recv_rcvinfo(fd: BorrowedFd<'_>) -> io::Result<bool> {
    get_int(fd, SOL_SCTP, c::SCTP_RECVRCVINFO as c_int).map(|v| v != 0)
}

/// Turns `SCTP_RECVNXTINFO` on or off.
pub(crate) fn set_recv_nxtinfo(fd: BorrowedFd<'_>, on: bool) -> io::Result<()> {
    set_int(fd, SOL_SCTP, c::SCTP_RECVNXTINFO as c_int, c_int::from(on))
}

/// Reads `SCTP_RECVNXTINFO`.
pub(crate) fn recv_nxtinfo(fd: BorrowedFd<'_>) -> io::Result<bool> {
    get_int(fd, SOL_SCTP, c::SCTP_RECVNXTINFO as c_int).map(|v| v != 0)
}

/// Subscribes to or unsubscribes from one notification type (`SCTP_EVENT`).
pub(crate) fn set_event(
    fd: BorrowedFd<'_>,
    assoc: AssocId,
    sn_type: u16,
    on: bool,
) -> io::Result<()> {
    // `struct sctp_event` ends in a padding byte, which a struct value would hand to the kernel
    // uninitialised (a move may copy only the fields): the bytes are laid out by hand, zeroed.
    const ASSOC: usize = mem::offset_of!(c::sctp_event, se_assoc_id);
    const TYPE: usize = mem::offset_of!(c::sctp_event, se_type);
    const ON: usize = mem::offset_of!(c::sctp_event, se_on);
    let mut value = [0u8; mem::size_of::<c::sctp_event>()];
    value[ASSOC..ASSOC + 4].copy_from_slice(&to_assoc_t(assoc).to_ne_bytes());
    value[TYPE..TYPE + 2].copy_from_slice(&sn_type.to_ne_bytes());
    value[ON] = u8::from(on);
    // SAFETY: SCTP_EVENT reads a `struct sctp_event`, whose bytes `value` holds.
    unsafe { setsockopt(fd, SOL_SCTP, c::SCTP_EVENT as c_int, &value) }
}

/// The number of outbound streams of an association (`SCTP_STATUS`).
pub(crate) fn outbound_streams(fd: BorrowedFd<'_>, assoc: AssocId) -> io::Result<u16> {
    // SAFETY: `sctp_status` is plain integers and a `sockaddr_storage`; all zeroes is valid.
    let mut status: c::sctp_status = unsafe { mem::zeroed() };
    status.sstat_assoc_id = to_assoc_t(assoc);
    // SAFETY: SCTP_STATUS writes a `struct sctp_status`, whose fields are plain integers.
    unsafe { getsockopt_inout(fd, SOL_SCTP, c::SCTP_STATUS as c_int, &mut status)? };
    Ok(status.sstat_outstrms)
}

/// The send buffer size, the largest message one send call accepts.
pub(crate) fn send_buffer_size(fd: BorrowedFd<'_>) -> io::Result<usize> {
    get_int(fd, libc::SOL_SOCKET, libc::SO_SNDBUF).map(|v| usize::try_from(v).unwrap_or(0))
}

/// Size of `struct sockaddr_storage`.
pub(crate) const STORAGE_LEN: usize = mem::size_of::<libc::sockaddr_storage>();

/// `addr` as the bytes of a `sockaddr_storage`: its `sockaddr_in` or `sockaddr_in6` in this
/// system's layout (with the length byte on FreeBSD), zero padded. The inverse of
/// [`decode_addr`].
pub(crate) fn storage_bytes(addr: &SocketAddr) -> [u8; STORAGE_LEN] {
    let sa = socket2::SockAddr::from(*addr);
    let mut out = [0u8; STORAGE_LEN];
    // SAFETY: `sa` holds `sa.len()` initialised bytes, at most the size of `sockaddr_storage`.
    let bytes = unsafe { std::slice::from_raw_parts(sa.as_ptr().cast::<u8>(), sa.len() as usize) };
    out[..bytes.len()].copy_from_slice(bytes);
    out
}

/// Writes `addr` into a (possibly unaligned) `sockaddr_storage`.
///
/// # Safety
///
/// `storage` must point to a writable `sockaddr_storage`.
unsafe fn to_storage(addr: &SocketAddr, storage: *mut libc::sockaddr_storage) {
    // SAFETY: the caller guarantees `STORAGE_LEN` writable bytes; the write needs no alignment.
    unsafe { ptr::write_unaligned(storage.cast::<[u8; STORAGE_LEN]>(), storage_bytes(addr)) };
}

/// Packs addresses back to back, as `sctp_bindx` and `sctp_connectx` expect.
///
/// Returned as `u32` words so that the first address is suitably aligned; `sockaddr_in` and
/// `sockaddr_in6` are multiples of four bytes long, so all of them are.
pub(crate) fn pack(addrs: &[SocketAddr]) -> Vec<u32> {
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
/// Only the two header bytes differ between the systems (see [`read_family`]); the port, the
/// IPv4 address, `sin6_flowinfo`, the IPv6 address and `sin6_scope_id` sit at the same offsets.
pub(crate) fn decode_addr(bytes: &[u8]) -> Result<(SocketAddr, usize), Error> {
    let family = read_family(bytes).ok_or(Error::UnsupportedAddressFamily(-1))?;
    let short = || Error::UnsupportedAddressFamily(family);
    match family {
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
            // Kept as the raw field, as std and socket2 do, so addresses compare equal to theirs.
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

/// Decodes `count` packed addresses (`sockaddr_in` and `sockaddr_in6` back to back, as the
/// address-list calls return them) from the start of `bytes`.
///
/// The result is allocated once, with room for exactly `count` addresses; an address that runs
/// past the end of `bytes` or is of an unknown family is an error, never a panic.
pub(crate) fn decode_packed(mut bytes: &[u8], count: usize) -> Result<Vec<SocketAddr>, Error> {
    // Each address takes at least a `sockaddr_in`: a count larger than that is the kernel's (or
    // the library's) mistake, and must not make the allocation below huge.
    let room = bytes.len() / mem::size_of::<libc::sockaddr_in>();
    let mut out = Vec::with_capacity(count.min(room));
    for _ in 0..count {
        let (addr, used) = decode_addr(bytes)?;
        out.push(addr);
        bytes = &bytes[used..];
    }
    Ok(out)
}

/// Sets the local primary path to `addr` (`SCTP_PRIMARY_ADDR`, RFC 6458 §8.1.10).
pub(crate) fn set_primary(fd: BorrowedFd<'_>, assoc: AssocId, addr: &SocketAddr) -> io::Result<()> {
    // SAFETY: `Prim` is an integer and a `sockaddr_storage`; all zeroes is valid.
    let mut value: Prim = unsafe { mem::zeroed() };
    value.ssp_assoc_id = to_assoc_t(assoc);
    // SAFETY: points to the `ssp_addr` field of `value`.
    unsafe { to_storage(addr, ptr::addr_of_mut!(value.ssp_addr)) };
    // SAFETY: SCTP_PRIMARY_ADDR reads a `Prim` (`struct sctp_prim` on Linux,
    // `struct sctp_setprim` on FreeBSD).
    unsafe { setsockopt(fd, SOL_SCTP, c::SCTP_PRIMARY_ADDR as c_int, &value) }
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
    value.sspp_assoc_id = to_assoc_t(assoc);
    // SAFETY: points to the `sspp_addr` field of `value`.
    unsafe { to_storage(addr, ptr::addr_of_mut!(value.sspp_addr)) };
    // SAFETY: SCTP_SET_PEER_PRIMARY_ADDR reads a `struct sctp_setpeerprim`.
    unsafe { setsockopt(fd, SOL_SCTP, c::SCTP_SET_PEER_PRIMARY_ADDR as c_int, &value) }
}

/// Control-message level of SCTP.
const IPPROTO_SCTP: c_int = libc::IPPROTO_SCTP;
pub(crate) const MSG_NOTIFICATION: c_int = c::MSG_NOTIFICATION as c_int;

/// A control-message buffer, aligned for `cmsghdr`.
#[repr(C, align(8))]
pub(crate) struct ControlBuf<const N: usize>([MaybeUninit<u8>; N]);

impl<const N: usize> ControlBuf<N> {
    pub(crate) const fn new() -> Self {
        ControlBuf([MaybeUninit::uninit(); N])
    }

    /// The start of the buffer, for `msg_control`.
    #[inline(always)]
    pub(crate) fn as_mut_ptr(&mut self) -> *mut c_void {
        self.0.as_mut_ptr().cast::<c_void>()
    }
}

/// Room for SNDINFO (16 bytes), PRINFO (8) and AUTHINFO (2), each with its `cmsghdr` and padding:
/// 32 + 24 + 24 = 80 bytes on 64-bit Linux, 72 on 64-bit FreeBSD (checked below).
pub(crate) const SEND_CONTROL_LEN: usize = 96;

/// Room for every SCTP control message the receive path enables (RCVINFO 28 bytes and NXTINFO
/// 16 bytes, 48 + 32 = 80 on 64-bit Linux and FreeBSD) and for control messages of other levels that other code may have
/// turned on on the same socket.
pub(crate) const RECV_CONTROL_LEN: usize = 256;

/// `CMSG_SPACE` of a payload of `T`, at compile time.
const fn cmsg_space<T>() -> usize {
    // SAFETY: CMSG_SPACE only computes a length from its argument.
    unsafe { libc::CMSG_SPACE(mem::size_of::<T>() as u32) as usize }
}

// The sizes above, checked against the system's structs and CMSG_SPACE whenever this file is
// compiled.
const _: () = assert!(
    cmsg_space::<c::sctp_sndinfo>()
        + cmsg_space::<c::sctp_prinfo>()
        + cmsg_space::<c::sctp_authinfo>()
        <= SEND_CONTROL_LEN
);
const _: () =
    assert!(cmsg_space::<c::sctp_rcvinfo>() + cmsg_space::<c::sctp_nxtinfo>() <= RECV_CONTROL_LEN);

/// Appends one control message to the control buffer at `control`; `*used` is the length filled
/// so far. Every byte of the message's `CMSG_SPACE` is written: the header, the padding between
/// header and payload (FreeBSD has some), the payload and the padding after it. `T` must have no
/// padding of its own (the kernel would read uninitialised bytes): callers pass such types only.
///
/// # Safety
///
/// `control` must point to a buffer aligned for `cmsghdr`, and `*used +
/// CMSG_SPACE(size_of::<T>())` must not exceed its length.
#[inline(always)]
unsafe fn push_cmsg<T: Copy>(control: *mut c_void, used: &mut usize, ty: c_int, value: T) {
    let len = mem::size_of::<T>();
    let data_at = cmsg_len::<()>();
    let space = cmsg_space::<T>();
    // SAFETY: the caller guarantees room for the whole CMSG_SPACE at offset `*used`, which is
    // a multiple of the header alignment because every push adds a CMSG_SPACE. The ranges
    // written below lie within it and do not overlap.
    unsafe {
        let at = control.cast::<u8>().add(*used);
        // SAFETY (of `zeroed`): `cmsghdr` is plain data.
        let mut hdr: libc::cmsghdr = mem::zeroed();
        hdr.cmsg_len = (data_at + len) as _;
        hdr.cmsg_level = IPPROTO_SCTP;
        hdr.cmsg_type = ty;
        ptr::write(at.cast::<libc::cmsghdr>(), hdr);
        let header = mem::size_of::<libc::cmsghdr>();
        ptr::write_bytes(at.add(header), 0, data_at - header);
        ptr::write_unaligned(at.add(data_at).cast::<T>(), value);
        ptr::write_bytes(at.add(data_at + len), 0, space - data_at - len);
    }
    *used += space;
}

// The control messages the send path writes have no padding of their own, so `push_cmsg`
// writes every byte of them (`sctp_prinfo` has two bytes of padding after its `u16` policy,
// which is why it is sent as `PrInfoBytes`).
const _: () = {
    assert!(mem::size_of::<c::sctp_sndinfo>() == 2 + 2 + 4 + 4 + 4);
    assert!(mem::size_of::<c::sctp_authinfo>() == 2);
    assert!(mem::size_of::<c::sctp_prinfo>() == 8);
    assert!(mem::offset_of!(c::sctp_prinfo, pr_policy) == 0);
    assert!(mem::offset_of!(c::sctp_prinfo, pr_value) == 4);
};

/// The bytes of an `sctp_prinfo` with its padding zeroed.
#[derive(Clone, Copy)]
#[repr(C, align(4))]
struct PrInfoBytes([u8; 8]);

impl PrInfoBytes {
    #[inline(always)]
    fn new(policy: u16, value: u32) -> PrInfoBytes {
        let mut b = [0u8; 8];
        b[..2].copy_from_slice(&policy.to_ne_bytes());
        b[4..].copy_from_slice(&value.to_ne_bytes());
        PrInfoBytes(b)
    }
}

/// Sends one message with its `SCTP_SNDINFO` (and optional PRINFO/AUTHINFO) control messages:
/// one `sendmsg` call, nothing allocated.
#[inline(always)]
pub(crate) fn send(
    fd: RawFd,
    data: &[u8],
    to: Option<&SocketAddr>,
    info: &SendInfo,
) -> io::Result<usize> {
    send_vectored(fd, &[io::IoSlice::new(data)], to, info)
}

/// As [`send`], with the message gathered from several slices (`msg_iov`).
#[inline(always)]
pub(crate) fn send_vectored(
    fd: RawFd,
    bufs: &[io::IoSlice<'_>],
    to: Option<&SocketAddr>,
    info: &SendInfo,
) -> io::Result<usize> {
    let mut control = ControlBuf::<SEND_CONTROL_LEN>::new();
    let dest = to.map(|a| socket2::SockAddr::from(*a));
    // SAFETY: `msghdr` is plain data; all zeroes is a valid empty header.
    let mut msg: libc::msghdr = unsafe { mem::zeroed() };
    if let Some(dest) = &dest {
        msg.msg_name = dest.as_ptr().cast_mut().cast::<c_void>();
        msg.msg_namelen = dest.len();
    }
    // `IoSlice` is ABI-compatible with `iovec` on Unix (its documented guarantee); the kernel
    // only reads through `msg_iov` on a send.
    msg.msg_iov = bufs.as_ptr().cast_mut().cast::<libc::iovec>();
    msg.msg_iovlen = bufs.len() as _;
    let used = send_control(&mut control, info);
    msg.msg_control = control.as_mut_ptr();
    msg.msg_controllen = used as _;
    let n = syscall!(sendmsg(fd, &msg, libc::MSG_NOSIGNAL))?;
    Ok(n as usize)
}

/// Writes the control messages of one send into `control`: `SCTP_SNDINFO` always, PRINFO and
/// AUTHINFO when `info` asks for them. Returns the length written.
#[inline(always)]
pub(crate) fn send_control(control: &mut ControlBuf<SEND_CONTROL_LEN>, info: &SendInfo) -> usize {
    let base = control.as_mut_ptr();
    let sndinfo = c::sctp_sndinfo {
        snd_sid: info.stream,
        snd_flags: info.flags.bits(),
        // The kernel copies this field to the wire as it is; the wire is big-endian.
        snd_ppid: info.ppid.to_be(),
        snd_context: info.context,
        snd_assoc_id: to_assoc_t(info.assoc_id),
    };
    let mut used = 0usize;
    // SAFETY: the buffer is SEND_CONTROL_LEN bytes, aligned, and the three messages together
    // fit in it (checked at compile time above).
    unsafe { push_cmsg(base, &mut used, c::SCTP_SNDINFO as c_int, sndinfo) };
    if let Some(policy) = info.pr_policy {
        let (pr_policy, pr_value) = match policy {
            PrPolicy::None => (c::SCTP_PR_SCTP_NONE, 0),
            PrPolicy::Ttl(v) => (c::SCTP_PR_SCTP_TTL, v),
            PrPolicy::Rtx(v) => (c::SCTP_PR_SCTP_RTX, v),
            PrPolicy::Priority(v) => (c::SCTP_PR_SCTP_PRIO, v),
        };
        let prinfo = PrInfoBytes::new(pr_policy as u16, pr_value);
        // SAFETY: as above.
        unsafe { push_cmsg(base, &mut used, c::SCTP_PRINFO as c_int, prinfo) };
    }
    if let Some(key) = info.auth_key {
        let authinfo = c::sctp_authinfo {
            auth_keynumber: key,
        };
        // SAFETY: as above.
        unsafe { push_cmsg(base, &mut used, c::SCTP_AUTHINFO as c_int, authinfo) };
    }
    used
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
///
/// The kernel's `msg_flags` are kept as they came and tested where they are needed: storing one
/// word is cheaper on every message than deriving three booleans that most callers never read.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RecvMeta {
    /// Payload bytes written to the buffer.
    pub(crate) len: usize,
    /// `msg_flags` of the receive (`MSG_NOTIFICATION`, `MSG_EOR`, `MSG_CTRUNC`).
    pub(crate) flags: c_int,
    pub(crate) rcv: Option<RcvInfo>,
    pub(crate) nxt: Option<NxtInfo>,
    /// The sender's address, decoded when asked for.
    pub(crate) from: RawAddr,
}

impl RecvMeta {
    /// What a receive reports when there is nothing: the end of a one-to-one association.
    pub(crate) const EMPTY: RecvMeta = RecvMeta {
        len: 0,
        flags: 0,
        rcv: None,
        nxt: None,
        from: RawAddr::NONE,
    };

    /// The bytes are a notification (`MSG_NOTIFICATION`).
    #[inline(always)]
    pub(crate) fn notification(&self) -> bool {
        self.flags & MSG_NOTIFICATION != 0
    }

    /// The message (or notification) ends here (`MSG_EOR`).
    #[inline(always)]
    pub(crate) fn eor(&self) -> bool {
        self.flags & libc::MSG_EOR != 0
    }
}

/// Receives one message (or part of one) into `buf` with one `recvmsg` call and walks the
/// control messages, whatever their order, count or level. `N` is the size of the control
/// buffer: the crate uses [`RECV_CONTROL_LEN`]; tests use less, to see the kernel cut the
/// control messages short. `flags` are `recvmsg`'s (`MSG_PEEK`). The sender's address is asked
/// for only when `want_from` is set (one-to-one sockets know their peer, and most callers never
/// look at it).
///
/// A cut (`MSG_CTRUNC`) loses only control messages: the payload has been consumed from the
/// socket by then, so it is returned, with the cut in its `MSG_CTRUNC` flag; control
/// messages that arrived whole are still read.
#[inline(always)]
pub(crate) fn recv_with<const N: usize>(
    fd: RawFd,
    buf: &mut [u8],
    flags: c_int,
    want_from: bool,
    notconn_is_eof: bool,
) -> Result<RecvMeta, Error> {
    let mut control = ControlBuf::<N>::new();
    // Neither the address nor the control buffer is zeroed: only what the kernel reports as
    // written is read.
    let mut name = MaybeUninit::<libc::sockaddr_in6>::uninit();
    let mut iov = libc::iovec {
        iov_base: buf.as_mut_ptr().cast::<c_void>(),
        iov_len: buf.len(),
    };
    // SAFETY: `msghdr` is plain data; all zeroes is a valid empty header.
    let mut msg: libc::msghdr = unsafe { mem::zeroed() };
    if want_from {
        msg.msg_name = name.as_mut_ptr().cast::<c_void>();
        msg.msg_namelen = RawAddr::CAPACITY;
    }
    msg.msg_iov = &mut iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.as_mut_ptr();
    msg.msg_controllen = N as _;
    let n = match syscall!(recvmsg(fd, &mut msg, flags)) {
        Ok(n) => n as usize,
        Err(e) => {
            end_of_stream_or(e, notconn_is_eof)?;
            // The end of the stream reads as an empty message with nothing besides; it goes
            // the same way as a message (scalars, not a second `RecvMeta`, meet here).
            msg.msg_flags = 0;
            msg.msg_controllen = 0;
            msg.msg_namelen = 0;
            0
        }
    };
    let from = if want_from {
        // SAFETY: `recvmsg` wrote `msg_namelen` bytes of the address (or `CAPACITY` when that
        // is less: it cuts longer addresses off).
        unsafe { RawAddr::new(msg.msg_namelen, name) }
    } else {
        RawAddr::NONE
    };
    // SAFETY: `recvmsg` filled `msg_controllen` bytes of `control`.
    Ok(unsafe { read_control(&msg, n, from) })
}

/// A failed receive: `Ok` when it is the end of the stream (`ENOTCONN` on a one-to-one socket,
/// when `notconn_is_eof`), else the error.
#[cold]
#[inline(never)]
fn end_of_stream_or(err: io::Error, notconn_is_eof: bool) -> Result<(), Error> {
    if notconn_is_eof && err.raw_os_error() == Some(libc::ENOTCONN) {
        Ok(())
    } else {
        Err(Error::Io(err))
    }
}

/// `CMSG_LEN` and `CMSG_SPACE` of an `sctp_rcvinfo`.
const RCVINFO_LEN: usize = cmsg_len::<c::sctp_rcvinfo>();
const RCVINFO_SPACE: usize = cmsg_space::<c::sctp_rcvinfo>();

/// `CMSG_LEN` of a payload of `T`, at compile time.
const fn cmsg_len<T>() -> usize {
    // SAFETY: CMSG_LEN only computes a length from its argument.
    unsafe { libc::CMSG_LEN(mem::size_of::<T>() as u32) as usize }
}

/// What a filled receive header says: the flags, and the control messages walked whatever their
/// order, count or level. `len` is the payload length the kernel reported, `from` the sender.
///
/// The common case, a data message with RCVINFO alone (the crate's default), is recognised
/// from the first header and the control length without the general walk.
///
/// # Safety
///
/// `msg` must be a header that `recvmsg` or `recvmmsg` has just filled: `msg_control` points to
/// at least `msg_controllen` bytes written by the kernel.
#[inline(always)]
#[allow(clippy::unnecessary_cast)] // `msg_controllen` and `cmsg_len` are `u32` on FreeBSD
pub(crate) unsafe fn read_control(msg: &libc::msghdr, len: usize, from: RawAddr) -> RecvMeta {
    let mut meta = RecvMeta {
        len,
        flags: msg.msg_flags,
        rcv: None,
        nxt: None,
        from,
    };
    let controllen = msg.msg_controllen as usize;
    if controllen >= RCVINFO_LEN {
        // SAFETY: the kernel filled at least a header's worth of the control buffer, which is
        // aligned for `cmsghdr`.
        let first = unsafe { &*msg.msg_control.cast::<libc::cmsghdr>() };
        if first.cmsg_len as usize == RCVINFO_LEN
            && first.cmsg_level == IPPROTO_SCTP
            && first.cmsg_type == c::SCTP_RCVINFO as c_int
        {
            // SAFETY: the first control message is a whole RCVINFO (its length and the filled
            // length checked above); `sctp_rcvinfo` has the layout of `RcvInfo` (asserted at
            // compile time below), a struct of integers that every bit pattern is valid for.
            let mut r = unsafe {
                ptr::read_unaligned(
                    msg.msg_control
                        .cast::<u8>()
                        .add(RCVINFO_LEN - mem::size_of::<c::sctp_rcvinfo>())
                        .cast::<RcvInfo>(),
                )
            };
            r.ppid = u32::from_be(r.ppid);
            meta.rcv = Some(r);
            if controllen <= RCVINFO_SPACE {
                return meta;
            }
        }
    }
    // SAFETY: as the caller guarantees.
    unsafe { walk_control(msg, &mut meta) };
    meta
}

/// The general walk over every control message, for what the fast path of [`read_control`]
/// does not cover (NXTINFO, other levels, another order). A repeated RCVINFO is read again, to
/// the same effect.
///
/// # Safety
///
/// As for [`read_control`].
#[inline(never)]
unsafe fn walk_control(msg: &libc::msghdr, meta: &mut RecvMeta) {
    // SAFETY: the caller guarantees `msg` describes a control buffer of which the kernel filled
    // `msg_controllen` bytes; the CMSG_* functions stay within that length.
    let mut cmsg = unsafe { libc::CMSG_FIRSTHDR(msg) };
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
                        assoc_id: from_assoc_t(x.nxt_assoc_id),
                    });
                }
                _ => {}
            }
        }
        // SAFETY: `cmsg` is a header within the buffer `msg` describes.
        cmsg = unsafe { libc::CMSG_NXTHDR(msg, cmsg) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes_of(words: &[u32]) -> Vec<u8> {
        words.iter().flat_map(|w| w.to_ne_bytes()).collect()
    }

    #[test]
    fn packed_addresses_decode_back() {
        let addrs: Vec<SocketAddr> = vec![
            "192.0.2.1:3868".parse().unwrap(),
            "[2001:db8::1]:36412".parse().unwrap(),
            SocketAddr::V6(std::net::SocketAddrV6::new(
                "fe80::1".parse().unwrap(),
                9,
                0x12345,
                3,
            )),
            "[::ffff:127.0.0.1]:1".parse().unwrap(),
        ];
        let packed = bytes_of(&pack(&addrs));
        assert_eq!(packed.len(), 16 + 28 + 28 + 28);
        let mut rest = &packed[..];
        for want in &addrs {
            let (got, used) = decode_addr(rest).unwrap();
            assert_eq!(&got, want);
            rest = &rest[used..];
        }
        assert!(rest.is_empty());
    }

    #[test]
    fn packed_lists_decode_by_count_and_never_overrun() {
        let addrs: Vec<SocketAddr> = vec![
            "192.0.2.1:1".parse().unwrap(),
            "[2001:db8::1]:2".parse().unwrap(),
        ];
        let mut packed = bytes_of(&pack(&addrs));
        // Zeroed room after the list, as in the buffers the lists are read into.
        packed.extend_from_slice(&[0u8; 64]);
        assert_eq!(decode_packed(&packed, 2).unwrap(), addrs);
        assert_eq!(decode_packed(&packed, 1).unwrap(), addrs[..1]);
        assert_eq!(decode_packed(&packed, 0).unwrap(), []);
        // A count beyond the addresses present is an error, not a panic or a huge allocation.
        assert!(decode_packed(&packed, 3).is_err());
        assert!(decode_packed(&packed[..20], usize::MAX).is_err());
    }

    #[test]
    fn storage_bytes_are_the_system_layout_zero_padded() {
        let v4 = storage_bytes(&"192.0.2.1:3868".parse().unwrap());
        assert_eq!(read_family(&v4), Some(libc::AF_INET));
        assert_eq!(v4[2..8], [0x0f, 0x1c, 192, 0, 2, 1]);
        assert!(
            v4[mem::size_of::<libc::sockaddr_in>()..]
                .iter()
                .all(|&b| b == 0)
        );
        let addr = SocketAddr::V6(std::net::SocketAddrV6::new(
            "2001:db8::1".parse().unwrap(),
            9,
            0x12345,
            3,
        ));
        let v6 = storage_bytes(&addr);
        assert_eq!(read_family(&v6), Some(libc::AF_INET6));
        assert_eq!(decode_addr(&v6).unwrap(), (addr, 28));
        assert!(v6[28..].iter().all(|&b| b == 0));
    }

    #[test]
    fn decoding_never_panics_on_short_or_unknown_input() {
        let packed = bytes_of(&pack(&["[2001:db8::1]:1".parse().unwrap()]));
        for len in 0..packed.len() {
            assert!(
                decode_addr(&packed[..len]).is_err(),
                "prefix of {len} bytes"
            );
        }
        // The system's own header of an `AF_UNIX` address, on an otherwise IPv6 address.
        let unix = socket2::SockAddr::unix("x").unwrap();
        // SAFETY: `unix` holds `unix.len()` valid bytes, more than the two taken.
        let header = unsafe { std::slice::from_raw_parts(unix.as_ptr().cast::<u8>(), 2) };
        let mut unknown = packed.clone();
        unknown[..2].copy_from_slice(header);
        assert!(matches!(
            decode_addr(&unknown),
            Err(Error::UnsupportedAddressFamily(f)) if f == libc::AF_UNIX
        ));
    }

    #[test]
    fn control_buffers_fit_every_enabled_message() {
        // SAFETY: CMSG_SPACE only computes a length.
        let space = |n: usize| unsafe { libc::CMSG_SPACE(n as u32) } as usize;
        let send = space(mem::size_of::<c::sctp_sndinfo>())
            + space(mem::size_of::<c::sctp_prinfo>())
            + space(mem::size_of::<c::sctp_authinfo>());
        assert!(send <= SEND_CONTROL_LEN, "{send}");
        // RCVINFO and NXTINFO, plus the legacy SNDRCV and a timestamp, as the kernel may add.
        let recv = space(mem::size_of::<c::sctp_rcvinfo>())
            + space(mem::size_of::<c::sctp_nxtinfo>())
            + space(mem::size_of::<c::sctp_sndrcvinfo>())
            + space(mem::size_of::<libc::timeval>());
        assert!(recv <= RECV_CONTROL_LEN, "{recv}");
    }
}

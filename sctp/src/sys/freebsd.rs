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
//!
//! Send and receive build their `msghdr` and control messages here, as on Linux, so that the
//! two systems share one code path shape and nothing is allocated per message.

use std::io;
use std::mem::{self, MaybeUninit};
use std::net::SocketAddr;
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd};
use std::ptr;

use libc::{c_int, c_void};
use sctp_sys as c;

use crate::sys::RawAddr;
use crate::{AssocId, Error, NxtInfo, PrPolicy, RcvInfo, SendInfo};

// `sctp_assoc_t` is `u32` on FreeBSD: no conversion.
pub(crate) const SCTP_FUTURE_ASSOC: u32 = c::SCTP_FUTURE_ASSOC;
pub(crate) const SCTP_CURRENT_ASSOC: u32 = c::SCTP_CURRENT_ASSOC;
pub(crate) const SCTP_ALL_ASSOC: u32 = c::SCTP_ALL_ASSOC;

/// Socket option and control-message level of SCTP (FreeBSD has no `SOL_SCTP`).
const IPPROTO_SCTP: c_int = libc::IPPROTO_SCTP;
const MSG_NOTIFICATION: c_int = c::MSG_NOTIFICATION as c_int;

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

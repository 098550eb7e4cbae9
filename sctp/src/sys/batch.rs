//! Several messages per system call: `sendmmsg(2)` and `recvmmsg(2)`.
//!
//! The kernel handles each message of a batch exactly as it would a `sendmsg`/`recvmsg` of its
//! own (its own control messages, its own flags); what a batch saves is the system-call entry and
//! exit per message, which dominates the cost of small messages. The `msghdr`s and `iovec`s live
//! on the stack for the duration of the call; the control buffers, sender addresses and
//! payloads live in storage the caller allocated once ([`crate::RecvBatch`]) or owns (the
//! payload slices to send).

use std::io;
use std::mem::{self, MaybeUninit};
use std::os::fd::{AsRawFd, BorrowedFd};

use libc::c_void;

use super::unix::{ControlBuf, RECV_CONTROL_LEN, RecvMeta, SEND_CONTROL_LEN, send_control};
use super::{RawAddr, read_control};
use crate::SendInfo;

/// The most messages one system call carries. Linux caps a batch at `UIO_MAXIOV` (1024); 64
/// keeps the per-call `msghdr` array on the stack (64 × 64 bytes) and is past the point where
/// the per-call cost stops mattering.
pub(crate) const MAX_BATCH: usize = 64;

/// Per-slot storage of a receive batch that the kernel writes besides the payload: the control
/// messages and the sender's address.
pub(crate) struct RecvSlot {
    control: ControlBuf<RECV_CONTROL_LEN>,
    name: MaybeUninit<libc::sockaddr_in6>,
}

impl RecvSlot {
    pub(crate) const fn new() -> RecvSlot {
        RecvSlot {
            control: ControlBuf::new(),
            name: MaybeUninit::uninit(),
        }
    }
}

/// Sends up to [`MAX_BATCH`] messages with one `sendmmsg` call; returns how many the kernel
/// took (from the first on: a message it refused ends the batch, and if it is the first, the
/// error is returned).
pub(crate) fn send_batch(fd: BorrowedFd<'_>, msgs: &[(&[u8], SendInfo)]) -> io::Result<usize> {
    let n = msgs.len().min(MAX_BATCH);
    if n == 0 {
        return Ok(0);
    }
    let mut controls: [MaybeUninit<ControlBuf<SEND_CONTROL_LEN>>; MAX_BATCH] =
        [const { MaybeUninit::uninit() }; MAX_BATCH];
    let mut iovs: [MaybeUninit<libc::iovec>; MAX_BATCH] =
        [const { MaybeUninit::uninit() }; MAX_BATCH];
    let mut hdrs: [MaybeUninit<libc::mmsghdr>; MAX_BATCH] =
        [const { MaybeUninit::uninit() }; MAX_BATCH];
    for (i, (data, info)) in msgs[..n].iter().enumerate() {
        let control = controls[i].write(ControlBuf::new());
        let used = send_control(control, info);
        let iov = iovs[i].write(libc::iovec {
            iov_base: data.as_ptr().cast_mut().cast::<c_void>(),
            iov_len: data.len(),
        });
        // SAFETY: `mmsghdr` is plain data; all zeroes is a valid empty header.
        let mut hdr: libc::mmsghdr = unsafe { mem::zeroed() };
        hdr.msg_hdr.msg_iov = iov;
        hdr.msg_hdr.msg_iovlen = 1;
        hdr.msg_hdr.msg_control = control.as_mut_ptr();
        hdr.msg_hdr.msg_controllen = used as _;
        hdrs[i].write(hdr);
    }
    // SAFETY: the first `n` headers are initialised above; each points to its own `iovec` (the
    // caller's payload, which the kernel only reads) and its own filled control buffer, all of
    // which outlive the call.
    let sent = syscall!(sendmmsg(
        fd.as_raw_fd(),
        hdrs.as_mut_ptr().cast::<libc::mmsghdr>(),
        n as _,
        libc::MSG_NOSIGNAL as _,
    ))?;
    Ok(sent as usize)
}

/// Receives up to `slots.len()` (at most [`MAX_BATCH`]) messages or notifications with one
/// `recvmmsg` call, message `i` into `bufs` at `i * slot_len`, and writes what the kernel said
/// about each into `metas[i]`. Returns how many arrived. Blocks (on a blocking socket) until
/// the first one arrives, then takes what is already queued (`MSG_WAITFORONE`).
pub(crate) fn recv_batch(
    fd: BorrowedFd<'_>,
    bufs: &mut [u8],
    slot_len: usize,
    slots: &mut [RecvSlot],
    metas: &mut [RecvMeta],
) -> io::Result<usize> {
    let n = slots
        .len()
        .min(metas.len())
        .min(MAX_BATCH)
        .min(bufs.len().checked_div(slot_len).unwrap_or(0));
    if n == 0 {
        return Ok(0);
    }
    let mut iovs: [MaybeUninit<libc::iovec>; MAX_BATCH] =
        [const { MaybeUninit::uninit() }; MAX_BATCH];
    let mut hdrs: [MaybeUninit<libc::mmsghdr>; MAX_BATCH] =
        [const { MaybeUninit::uninit() }; MAX_BATCH];
    for (i, (slot, buf)) in slots[..n]
        .iter_mut()
        .zip(bufs.chunks_exact_mut(slot_len))
        .enumerate()
    {
        let iov = iovs[i].write(libc::iovec {
            iov_base: buf.as_mut_ptr().cast::<c_void>(),
            iov_len: buf.len(),
        });
        // SAFETY: `mmsghdr` is plain data; all zeroes is a valid empty header.
        let mut hdr: libc::mmsghdr = unsafe { mem::zeroed() };
        hdr.msg_hdr.msg_name = slot.name.as_mut_ptr().cast::<c_void>();
        hdr.msg_hdr.msg_namelen = RawAddr::CAPACITY;
        hdr.msg_hdr.msg_iov = iov;
        hdr.msg_hdr.msg_iovlen = 1;
        hdr.msg_hdr.msg_control = slot.control.as_mut_ptr();
        hdr.msg_hdr.msg_controllen = RECV_CONTROL_LEN as _;
        hdrs[i].write(hdr);
    }
    // SAFETY: the first `n` headers are initialised above; each describes its own slot of
    // `bufs`, its own control buffer and its own address room, all writable, disjoint and alive
    // for the call. A null timeout waits as a blocking `recvmsg` would.
    let got = syscall!(recvmmsg(
        fd.as_raw_fd(),
        hdrs.as_mut_ptr().cast::<libc::mmsghdr>(),
        n as _,
        libc::MSG_WAITFORONE as _,
        std::ptr::null_mut(),
    ))? as usize;
    for i in 0..got.min(n) {
        // SAFETY: the kernel filled the first `got` headers.
        let hdr = unsafe { hdrs[i].assume_init_ref() };
        let slot = &slots[i];
        // SAFETY: the kernel wrote `msg_namelen` bytes of the address (or cut it at CAPACITY)
        // and `msg_controllen` bytes of control messages into this slot's buffers, and `msg_len`
        // payload bytes into its part of `bufs`.
        metas[i] = unsafe {
            read_control(
                &hdr.msg_hdr,
                hdr.msg_len as usize,
                RawAddr::new(hdr.msg_hdr.msg_namelen, slot.name),
            )
        };
    }
    Ok(got.min(n))
}

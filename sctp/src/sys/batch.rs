//! Several messages per system call: `sendmmsg(2)` and `recvmmsg(2)`.
//!
//! The kernel handles each message of a batch exactly as it would a `sendmsg`/`recvmsg` of its
//! own (its own control messages, its own flags); what a batch saves is the system-call entry and
//! exit per message, which dominates the cost of small messages. A send's `msghdr`s, `iovec`s
//! and control messages live on the stack for the duration of the call; a receive's live in
//! [`RecvStorage`], allocated once per [`crate::RecvBatch`] and reused.

use std::io;
use std::mem::{self, MaybeUninit};
use std::os::fd::RawFd;
use std::ptr::{self, NonNull};

use libc::c_void;

use super::unix::{ControlBuf, RECV_CONTROL_LEN, RecvMeta, SEND_CONTROL_LEN, send_control};
use super::{RawAddr, read_control};
use crate::SendInfo;

/// The most messages one system call carries. Linux caps a batch at `UIO_MAXIOV` (1024); 64
/// keeps the per-call `msghdr` array on the stack (64 × 64 bytes) and is past the point where
/// the per-call cost stops mattering.
pub(crate) const MAX_BATCH: usize = 64;

/// What the kernel writes for one message of a receive batch besides the payload: its control
/// messages and the sender's address.
struct RecvSlot {
    control: ControlBuf<RECV_CONTROL_LEN>,
    name: MaybeUninit<libc::sockaddr_in6>,
}

/// The storage of a receive batch: payload slots, control and address room, and the `mmsghdr`s
/// and `iovec`s describing them, all allocated once and wired together once.
///
/// The memory is held through raw pointers (from `Box::into_raw`, given back in `Drop`), not
/// through boxes: the kernel writes it through the pointers in the headers, and no Rust
/// reference to it exists except the shared slices [`slot`](Self::slot) lends out, which end
/// before the next receive. A receive then only has to restore, in the headers the previous
/// receive used, the two lengths the kernel overwrote.
pub(crate) struct RecvStorage {
    hdrs: NonNull<[libc::mmsghdr]>,
    iovs: NonNull<[libc::iovec]>,
    slots: NonNull<[RecvSlot]>,
    data: NonNull<[u8]>,
    slot_len: usize,
    /// Whether the kernel is asked for each sender's address.
    want_from: bool,
    /// Headers the last receive filled, whose lengths must be restored before the next.
    dirty: usize,
}

// SAFETY: the pointers lead only to memory this value owns alone (allocated in `new`, freed in
// `drop`); it is written only through `&mut self` (`recv`) and read through `&self` (`slot`),
// so the usual borrow rules make sharing and sending as safe as for a `Vec`.
unsafe impl Send for RecvStorage {}
// SAFETY: as above.
unsafe impl Sync for RecvStorage {}

impl RecvStorage {
    /// Storage for `n` messages (1 to [`MAX_BATCH`]) of up to `slot_len` (at least 1) bytes;
    /// with `want_from`, room for each sender's address too.
    pub(crate) fn new(n: usize, slot_len: usize, want_from: bool) -> RecvStorage {
        assert!((1..=MAX_BATCH).contains(&n) && slot_len > 0);
        let data = NonNull::from(Box::leak(vec![0u8; n * slot_len].into_boxed_slice()));
        let slots = NonNull::from(Box::leak(
            (0..n)
                .map(|_| RecvSlot {
                    control: ControlBuf::new(),
                    name: MaybeUninit::uninit(),
                })
                .collect::<Box<[RecvSlot]>>(),
        ));
        let iov_list: Box<[libc::iovec]> = (0..n)
            .map(|i| libc::iovec {
                // SAFETY: slot `i` lies within the `n * slot_len` bytes of `data`.
                iov_base: unsafe { data.cast::<u8>().as_ptr().add(i * slot_len) }.cast::<c_void>(),
                iov_len: slot_len,
            })
            .collect();
        let iovs = NonNull::from(Box::leak(iov_list));
        let hdr_list: Box<[libc::mmsghdr]> = (0..n)
            .map(|i| {
                // SAFETY: `mmsghdr` is plain data; all zeroes is a valid empty header.
                let mut hdr: libc::mmsghdr = unsafe { mem::zeroed() };
                // SAFETY: `i < n`, the length of `slots` and `iovs`.
                let (slot, iov) = unsafe {
                    (
                        slots.cast::<RecvSlot>().as_ptr().add(i),
                        iovs.cast::<libc::iovec>().as_ptr().add(i),
                    )
                };
                // SAFETY: `slot` points to a live `RecvSlot`; only field addresses are taken.
                unsafe {
                    hdr.msg_hdr.msg_name = ptr::addr_of_mut!((*slot).name).cast::<c_void>();
                    hdr.msg_hdr.msg_control = ptr::addr_of_mut!((*slot).control).cast::<c_void>();
                }
                hdr.msg_hdr.msg_namelen = RawAddr::CAPACITY;
                hdr.msg_hdr.msg_iov = iov;
                hdr.msg_hdr.msg_iovlen = 1;
                hdr.msg_hdr.msg_controllen = RECV_CONTROL_LEN as _;
                hdr
            })
            .collect();
        let hdrs = NonNull::from(Box::leak(hdr_list));
        RecvStorage {
            hdrs,
            iovs,
            slots,
            data,
            slot_len,
            want_from,
            dirty: 0,
        }
    }

    /// How many messages one receive can take.
    #[inline(always)]
    pub(crate) fn capacity(&self) -> usize {
        self.hdrs.len()
    }

    /// The size of each payload slot.
    pub(crate) fn slot_len(&self) -> usize {
        self.slot_len
    }

    /// The first `len` bytes of slot `i` (`i < capacity()`, `len <= slot_len()`; clamped).
    #[inline(always)]
    pub(crate) fn slot(&self, i: usize, len: usize) -> &[u8] {
        let i = i.min(self.capacity() - 1);
        // SAFETY: slot `i` is `slot_len` initialised bytes (zeroed at first, then whatever the
        // kernel wrote) within `data`; the kernel writes only during `recv`, which takes `&mut
        // self` and so cannot overlap this borrow.
        unsafe {
            std::slice::from_raw_parts(
                self.data.cast::<u8>().as_ptr().add(i * self.slot_len),
                len.min(self.slot_len),
            )
        }
    }

    /// Whether the senders' addresses are asked for.
    #[cfg(feature = "userland")]
    pub(crate) fn want_from(&self) -> bool {
        self.want_from
    }

    /// Slot `i` (`i < capacity()`; clamped) to be written by a receive other than `recvmmsg`
    /// (the userland stack's, one message at a time). The headers are left as they are.
    #[cfg(feature = "userland")]
    #[inline]
    pub(crate) fn slot_mut(&mut self, i: usize) -> &mut [u8] {
        let i = i.min(self.capacity() - 1);
        // SAFETY: slot `i` is `slot_len` initialised bytes within `data`, which this value owns
        // alone; `&mut self` rules out any slice lent by `slot` or any other writer meanwhile.
        unsafe {
            std::slice::from_raw_parts_mut(
                self.data.cast::<u8>().as_ptr().add(i * self.slot_len),
                self.slot_len,
            )
        }
    }

    /// Receives up to `capacity()` messages or notifications with one `recvmmsg` call, message
    /// `i` into slot `i`, and writes what the kernel said about each into `metas[i]`. Returns
    /// how many arrived. Blocks (on a blocking socket) until the first one arrives, then takes
    /// what is already queued (`MSG_WAITFORONE`).
    pub(crate) fn recv(&mut self, fd: RawFd, metas: &mut [RecvMeta]) -> io::Result<usize> {
        let n = self.capacity().min(metas.len());
        if n == 0 {
            return Ok(0);
        }
        let hdrs = self.hdrs.cast::<libc::mmsghdr>().as_ptr();
        let namelen = if self.want_from { RawAddr::CAPACITY } else { 0 };
        for i in 0..self.dirty.min(n) {
            // SAFETY: `i < n <= capacity()`; the headers are plain data owned by `self`.
            unsafe {
                (*hdrs.add(i)).msg_hdr.msg_namelen = namelen;
                (*hdrs.add(i)).msg_hdr.msg_controllen = RECV_CONTROL_LEN as _;
            }
        }
        self.dirty = 0;
        // SAFETY: the first `n` headers describe, each, its own payload slot, control buffer
        // and address room, all writable, disjoint, owned by `self` and alive for the call. A
        // null timeout waits as a blocking `recvmsg` would.
        let got = syscall!(recvmmsg(
            fd,
            hdrs,
            n as _,
            libc::MSG_WAITFORONE as _,
            ptr::null_mut(),
        ))? as usize;
        let got = got.min(n);
        self.dirty = got;
        let slots = self.slots.cast::<RecvSlot>().as_ptr();
        for (i, meta) in metas.iter_mut().enumerate().take(got) {
            // SAFETY: the kernel filled header `i` (`i < got`), and with it `msg_len` payload
            // bytes of slot `i`, `msg_controllen` bytes of its control buffer and `msg_namelen`
            // bytes of its address room (cut at CAPACITY).
            unsafe {
                let hdr = &*hdrs.add(i);
                let from = if self.want_from {
                    RawAddr::new(hdr.msg_hdr.msg_namelen, (*slots.add(i)).name)
                } else {
                    RawAddr::NONE
                };
                *meta = read_control(&hdr.msg_hdr, hdr.msg_len as usize, from);
            }
        }
        Ok(got)
    }
}

impl Drop for RecvStorage {
    fn drop(&mut self) {
        // SAFETY: each pointer came from `Box::leak` in `new` and is given back once.
        unsafe {
            drop(Box::from_raw(self.hdrs.as_ptr()));
            drop(Box::from_raw(self.iovs.as_ptr()));
            drop(Box::from_raw(self.slots.as_ptr()));
            drop(Box::from_raw(self.data.as_ptr()));
        }
    }
}

/// Sends up to [`MAX_BATCH`] messages; returns how many the kernel took (from the first on: a
/// message it refused ends the batch, and if it is the first, the error is returned).
///
/// A message followed in the batch by another to the same association is sent with `MSG_MORE`
/// (Linux ≥ 4.17): the kernel then holds its DATA chunk back, so that the association's
/// messages of one batch leave bundled in as few packets as fit, instead of one packet (and
/// its share of SACKs, and of the receiver's packet processing) each. The last message of such
/// a run is sent without the flag, which releases the whole run at once, so a batch that is
/// sent whole is never held back. `sendmmsg` applies one set of flags to all its messages, so
/// a batch takes one call per run of messages with the same flag: two for a batch to one
/// association (all but the last; the last).
///
/// `SCTP_SENDALL`, `SCTP_EOF` and `SCTP_ABORT` messages are never flagged: they act on other
/// associations or end this one.
pub(crate) fn send_batch(fd: RawFd, msgs: &[(&[u8], SendInfo)]) -> io::Result<usize> {
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
    // The runs are cut as the calls go: the flag of a run's first message is computed twice
    // (once to end the previous run), which costs less than a first pass filling an array of
    // flags (11 user-space instructions per message more in the batch benchmark).
    let mut sent = 0;
    while sent < n {
        let more = bundles_with_next(&msgs[..n], sent);
        let mut end = sent + 1;
        while end < n && bundles_with_next(&msgs[..n], end) == more {
            end += 1;
        }
        let flags = libc::MSG_NOSIGNAL | if more { MSG_MORE } else { 0 };
        // SAFETY: headers `sent..end` are initialised above; each points to its own `iovec`
        // (the caller's payload, which the kernel only reads) and its own filled control
        // buffer, all of which outlive the call.
        let result = syscall!(sendmmsg(
            fd,
            hdrs[sent..].as_mut_ptr().cast::<libc::mmsghdr>(),
            (end - sent) as _,
            flags as _,
        ));
        match result {
            Ok(k) => {
                let k = k as usize;
                sent += k;
                if sent < end {
                    break;
                }
            }
            Err(e) if sent == 0 => return Err(e),
            Err(_) => break,
        }
    }
    Ok(sent)
}

/// The flag that makes the kernel hold a message back for bundling: Linux's `MSG_MORE`.
/// FreeBSD has no such send flag, so there a batch is one call and each message leaves as
/// `sendmsg` would send it.
#[cfg(target_os = "linux")]
const MSG_MORE: libc::c_int = libc::MSG_MORE;
#[cfg(not(target_os = "linux"))]
const MSG_MORE: libc::c_int = 0;

/// Whether message `i` of a batch may wait for the next one (see [`send_batch`]).
fn bundles_with_next(msgs: &[(&[u8], SendInfo)], i: usize) -> bool {
    use crate::SendFlags;
    if MSG_MORE == 0 {
        return false;
    }
    let Some((_, next)) = msgs.get(i + 1) else {
        return false;
    };
    let info = &msgs[i].1;
    let ends = SendFlags::SENDALL | SendFlags::EOF | SendFlags::ABORT;
    next.assoc_id == info.assoc_id
        && (info.flags.bits() & ends.bits()) == 0
        && (next.flags.bits() & SendFlags::SENDALL.bits()) == 0
}

#[cfg(test)]
mod tests {
    use std::os::fd::AsRawFd;

    use socket2::{Domain, Socket, Type};

    use super::*;

    /// The storage's wiring, checked with real `recvmmsg` calls on UDP sockets (which every
    /// host has): each datagram lands in its own slot, the lengths restored between calls.
    #[test]
    fn storage_receives_each_message_into_its_slot_across_calls() {
        let rx = Socket::new(Domain::IPV4, Type::DGRAM, None).unwrap();
        rx.bind(
            &"127.0.0.1:0"
                .parse::<std::net::SocketAddr>()
                .unwrap()
                .into(),
        )
        .unwrap();
        let tx = Socket::new(Domain::IPV4, Type::DGRAM, None).unwrap();
        let to = rx.local_addr().unwrap();
        let mut storage = RecvStorage::new(4, 8, true);
        let mut metas = [RecvMeta::EMPTY; 4];
        for round in 0..3u8 {
            for k in 0..3u8 {
                tx.send_to(&[round, k, 0xee], &to).unwrap();
            }
            // Three queued datagrams: one call takes them all (the first wait is satisfied).
            let mut got = 0;
            while got < 3 {
                let n = storage.recv(rx.as_raw_fd(), &mut metas[got..]).unwrap();
                for (i, meta) in metas[got..got + n].iter().enumerate() {
                    assert_eq!(meta.len, 3);
                    assert_eq!(storage.slot(i, meta.len), &[round, (got + i) as u8, 0xee]);
                    let sender = tx.local_addr().unwrap().as_socket().unwrap();
                    let from = meta.from.decode().expect("the sender's address");
                    assert_eq!(
                        (from.ip(), from.port()),
                        ([127, 0, 0, 1].into(), sender.port())
                    );
                    assert!(meta.rcv.is_none());
                }
                got += n;
            }
        }
        // A slot never lends more than its length.
        assert_eq!(storage.slot(3, 100).len(), 8);
        assert_eq!(storage.slot(99, 1).len(), 1);
    }
}

//! Sending and receiving several messages per system call (`sendmmsg`/`recvmmsg`).
//!
//! See [`SctpStream::send_batch`] for how a batch's messages are bundled.

use crate::{Error, Received, SctpSocket, SctpStream, SendInfo, common, sys};

/// The most messages one batch call sends or receives: longer send lists are cut there (the
/// returned count says how many went), and a [`RecvBatch`] holds at most this many.
pub const MAX_BATCH: usize = sys::MAX_BATCH;

/// Storage for receiving up to [`capacity`](Self::capacity) messages with one system call
/// (`recvmmsg`): one payload slot per message, and room for each message's control messages and
/// sender address.
///
/// Allocate it once and reuse it: a receive into it allocates nothing. After
/// `recv_batch`, [`iter`](Self::iter) yields what arrived, in order, each as
/// `recv` would have returned it; the items borrow the batch until the next `recv_batch`.
///
/// The userland sockets (`sctp::userland`, feature `userland`) fill the same storage with one
/// usrsctp call per item and yield the same items.
///
/// Each message is delivered as by its own `recvmsg`: a message longer than the slot arrives
/// in parts over several slots (each a [`Message`](crate::Message) with `is_complete() ==
/// false` but the last), and a notification longer than the slot is read out across slots (or
/// across calls) and reported once, as [`Error::NotificationTruncated`], where it ends.
///
/// # Examples
///
/// ```no_run
/// use sctp::{RecvBatch, Received, SctpSocket};
///
/// let socket = SctpSocket::bind("127.0.0.1:2905")?;
/// socket.listen(64)?;
/// // 32 slots of 2 KiB, allocated once.
/// let mut batch = RecvBatch::new(32, 2048);
/// loop {
///     socket.recv_batch(&mut batch)?;
///     for item in batch.iter() {
///         match item? {
///             Received::Data(msg) => println!("{}: {} bytes", msg.assoc_id(), msg.data().len()),
///             Received::Notification(n) => println!("{n:?}"),
///         }
///     }
/// }
/// # Ok::<(), sctp::Error>(())
/// ```
pub struct RecvBatch {
    storage: sys::RecvStorage,
    metas: Box<[sys::RecvMeta]>,
    /// What each received slot stands for (same index as `metas`).
    kinds: Box<[Kind]>,
    /// Slots the last call filled.
    filled: usize,
    /// Items the last call yields (`filled` less the skipped parts of long notifications).
    items: usize,
    /// Whether `kinds` says how to report the last call's slots; when it is unset (the common
    /// case: no notification longer than a slot), every filled slot is an item as it came.
    special: bool,
    /// A notification longer than a slot whose end has not been read yet: its length so far.
    draining: Option<usize>,
}

/// How a filled slot is reported.
#[derive(Clone, Copy, Debug)]
enum Kind {
    /// A message, a part of one, or a whole notification.
    Item,
    /// The end of a notification that did not fit one slot; its whole length.
    TruncatedNotification(usize),
    /// An earlier part of such a notification: not reported.
    Skip,
    /// A whole notification received from usrsctp, in its dialect (the kernel's are read in
    /// the host's, by the `Item` path).
    #[cfg(feature = "userland")]
    UsrsctpNotification,
}

impl RecvBatch {
    /// Storage for `messages` messages (1 to [`MAX_BATCH`]; other values are clamped to that
    /// range) of up to `slot_len` bytes each (at least 1). A slot of 64 KiB holds any
    /// notification. Like `recv`, it does not ask for the senders' addresses
    /// ([`Message::from`](crate::Message::from) is `None`); see
    /// [`with_addresses`](Self::with_addresses).
    pub fn new(messages: usize, slot_len: usize) -> RecvBatch {
        RecvBatch::build(messages, slot_len, false)
    }

    /// Like [`new`](Self::new), and each message's sender address is asked for too (as by
    /// `recv_from`).
    pub fn with_addresses(messages: usize, slot_len: usize) -> RecvBatch {
        RecvBatch::build(messages, slot_len, true)
    }

    fn build(messages: usize, slot_len: usize, want_from: bool) -> RecvBatch {
        let n = messages.clamp(1, MAX_BATCH);
        RecvBatch {
            storage: sys::RecvStorage::new(n, slot_len.max(1), want_from),
            metas: vec![sys::RecvMeta::EMPTY; n].into_boxed_slice(),
            kinds: vec![Kind::Item; n].into_boxed_slice(),
            filled: 0,
            items: 0,
            special: false,
            draining: None,
        }
    }

    /// How many messages one call can receive.
    pub fn capacity(&self) -> usize {
        self.storage.capacity()
    }

    /// The size of each message slot.
    pub fn slot_len(&self) -> usize {
        self.storage.slot_len()
    }

    /// How many items [`iter`](Self::iter) yields for the last receive.
    pub fn len(&self) -> usize {
        self.items
    }

    /// Whether the last receive yielded nothing (or none has been made).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The messages and notifications of the last receive, in the order they arrived, each as
    /// `recv` would have returned it.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            batch: self,
            next: 0,
        }
    }

    /// Receives into the slots with one system call and sorts out what arrived.
    fn fill(&mut self, socket: &sys::Sock, notconn_is_eof: bool) -> Result<usize, Error> {
        self.filled = 0;
        self.items = 0;
        self.special = false;
        let got = match self.storage.recv(socket.raw_fd(), &mut self.metas) {
            Ok(got) => got,
            Err(e) if notconn_is_eof && e.raw_os_error() == Some(libc::ENOTCONN) => {
                // The association is gone: report the end of the stream, as `recv` does.
                self.metas[0] = sys::RecvMeta::EMPTY;
                1
            }
            Err(e) => return Err(Error::Io(e)),
        };
        // The common case in one pass: whole messages and notifications, and perhaps the end
        // of the association, which nothing can follow.
        let mut filled = got;
        let mut special = self.draining.is_some();
        for (i, meta) in self.metas[..got].iter().enumerate() {
            if meta.notification() {
                special |= !meta.eor();
            } else if meta.len == 0 {
                filled = i + 1;
                break;
            }
        }
        self.filled = filled;
        self.special = special;
        self.items = if special { self.classify() } else { filled };
        Ok(self.items)
    }

    /// The rare case: a notification longer than a slot, whose parts (in this call's slots and
    /// perhaps the next call's) are reported once, where it ends. Returns the item count.
    #[cold]
    fn classify(&mut self) -> usize {
        let mut items = 0;
        for (meta, kind) in self.metas[..self.filled].iter().zip(self.kinds.iter_mut()) {
            *kind = match self.draining {
                Some(so_far) if meta.notification() => {
                    let total = so_far + meta.len;
                    if meta.eor() {
                        self.draining = None;
                        Kind::TruncatedNotification(total)
                    } else {
                        self.draining = Some(total);
                        Kind::Skip
                    }
                }
                _ if meta.notification() && !meta.eor() => {
                    self.draining = Some(meta.len);
                    Kind::Skip
                }
                _ => {
                    self.draining = None;
                    Kind::Item
                }
            };
            if !matches!(kind, Kind::Skip) {
                items += 1;
            }
        }
        items
    }
}

/// The userland stack's way to fill a batch: one receive per slot (usrsctp has no
/// `recvmmsg`). The kernel's path above is not involved.
#[cfg(feature = "userland")]
impl RecvBatch {
    /// Fills the slots one receive at a time: `recv(first, slot)` receives one message, part of
    /// one, or notification into `slot`, and answers `Ok(None)` when nothing more is queued;
    /// an error (which it returns only for the first) is the call's. The end of a one-to-one
    /// association (an empty message) ends the batch, as after `recvmmsg`. What arrived is
    /// then sorted out as the kernel's, its notifications marked for usrsctp's dialect.
    pub(crate) fn fill_each(
        &mut self,
        mut recv: impl FnMut(bool, &mut [u8]) -> Result<Option<sys::RecvMeta>, Error>,
    ) -> Result<usize, Error> {
        self.filled = 0;
        self.items = 0;
        self.special = false;
        let want_from = self.storage.want_from();
        let mut special = self.draining.is_some();
        let mut got = 0;
        while got < self.capacity() {
            let Some(mut meta) = recv(got == 0, self.storage.slot_mut(got))? else {
                break;
            };
            if !want_from {
                meta.from = sys::RawAddr::NONE;
            }
            let end = !meta.notification() && meta.len == 0;
            special |= meta.notification();
            self.metas[got] = meta;
            got += 1;
            if end {
                break;
            }
        }
        self.filled = got;
        self.special = special;
        self.items = if special {
            let items = self.classify();
            for (meta, kind) in self.metas[..got].iter().zip(self.kinds.iter_mut()) {
                if matches!(kind, Kind::Item) && meta.notification() {
                    *kind = Kind::UsrsctpNotification;
                }
            }
            items
        } else {
            got
        };
        Ok(self.items)
    }
}

/// The items of a [`RecvBatch`]'s last receive ([`RecvBatch::iter`]).
#[derive(Debug)]
pub struct Iter<'a> {
    batch: &'a RecvBatch,
    next: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = Result<Received<'a>, Error>;

    // Inlined into the caller's loop, so that each item's fields go straight to where they are
    // read instead of through a returned copy.
    #[inline(always)]
    fn next(&mut self) -> Option<Self::Item> {
        let b = self.batch;
        while self.next < b.filled {
            let i = self.next;
            self.next += 1;
            let meta = &b.metas[i];
            if !b.special {
                return Some(common::received(b.storage.slot(i, meta.len), meta));
            }
            match b.kinds[i] {
                Kind::Skip => {}
                Kind::TruncatedNotification(len) => {
                    return Some(Err(Error::NotificationTruncated {
                        len,
                        buf: b.slot_len(),
                    }));
                }
                Kind::Item => return Some(common::received(b.storage.slot(i, meta.len), meta)),
                #[cfg(feature = "userland")]
                Kind::UsrsctpNotification => {
                    return Some(
                        sctp_notify::parse_as(
                            sctp_notify::Dialect::Usrsctp,
                            b.storage.slot(i, meta.len),
                        )
                        .map(Received::Notification)
                        .map_err(Error::Notification),
                    );
                }
            }
        }
        None
    }
}

impl std::fmt::Debug for RecvBatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecvBatch")
            .field("capacity", &self.capacity())
            .field("slot_len", &self.slot_len())
            .field("len", &self.len())
            .finish_non_exhaustive()
    }
}

impl SctpStream {
    /// Sends several messages with `sendmmsg`, each with its own metadata, as `send` would send
    /// each, bundled into as few packets as fit (two system calls; see Bundling below). Returns how
    /// many were sent: all of them, or fewer when the list is longer than [`MAX_BATCH`] or the
    /// kernel refused one (the following ones are not sent; when it refused the first, its error is
    /// returned). Nothing is allocated.
    ///
    /// # Bundling
    ///
    /// In a batch, a message followed by another to the same association is handed to the kernel
    /// with `MSG_MORE` (Linux 4.17 and later): the kernel holds its DATA chunk back until the run's
    /// last message, which goes without the flag and releases the run, so the run leaves in as few
    /// packets as fit (RFC 9260 §6.10 bundling) instead of one packet each. Fewer packets mean
    /// fewer SACKs and less packet processing at both ends, which is most of what a small message
    /// costs the kernel; the batch benchmark in BENCHMARKS.md measures it. `sendmmsg` applies one
    /// set of flags to every message of a call, so a batch to one association takes two calls (all
    /// but the last message; the last one), and a batch to several associations one call per run of
    /// messages with the same flag. A batch sent whole is never held back. One case to know: when
    /// the kernel refuses a message in the middle of a run (a stream the association lacks, a full
    /// send buffer), `send_batch` returns the count sent before it, and those messages may wait,
    /// bundled, until the next send on that association (or its shutdown). On FreeBSD, which has no
    /// `MSG_MORE`, a batch is one `sendmmsg` call and each message leaves as `send` would send it.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use sctp::{SctpStream, SendInfo};
    ///
    /// let stream = SctpStream::connect("127.0.0.1:2905")?;
    /// let info = SendInfo::new().with_ppid(3); // M3UA
    /// let sent = stream.send_batch(&[
    ///     (&b"first"[..], info.with_stream(1)),
    ///     (&b"second"[..], info.with_stream(2)),
    /// ])?;
    /// assert_eq!(sent, 2);
    /// # Ok::<(), sctp::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// The system call's error when not even the first message could be sent.
    pub fn send_batch(&self, msgs: &[(&[u8], SendInfo)]) -> Result<usize, Error> {
        Ok(sys::send_batch(self.inner.raw_fd(), msgs)?)
    }

    /// Receives up to `batch.capacity()` messages or notifications with one system call
    /// (`recvmmsg`): waits (unless nonblocking) for the first, then takes what is already
    /// queued. Returns how many items [`RecvBatch::iter`] yields. The end of the association is
    /// an empty message, as with `recv`.
    ///
    /// # Errors
    ///
    /// The system call's error (`WouldBlock` when nonblocking and nothing is queued).
    pub fn recv_batch(&self, batch: &mut RecvBatch) -> Result<usize, Error> {
        batch.fill(&self.inner, true)
    }
}

impl SctpSocket {
    /// Sends several messages with `sendmmsg`, each with its own metadata (its
    /// [`SendInfo::assoc_id`] names the association), as `send` would send each; consecutive
    /// messages to one association are bundled (see
    /// [`SctpStream::send_batch`](crate::SctpStream::send_batch)). Returns
    /// how many were sent: all of them, or fewer when the list is longer than [`MAX_BATCH`] or
    /// the kernel refused one (the following ones are not sent; when it refused the first, its
    /// error is returned). Nothing is allocated.
    ///
    /// # Errors
    ///
    /// The system call's error when not even the first message could be sent.
    pub fn send_batch(&self, msgs: &[(&[u8], SendInfo)]) -> Result<usize, Error> {
        Ok(sys::send_batch(self.inner.raw_fd(), msgs)?)
    }

    /// Receives up to `batch.capacity()` messages or notifications, of any association, with
    /// one system call (`recvmmsg`): waits (unless nonblocking) for the first, then takes what
    /// is already queued. Returns how many items [`RecvBatch::iter`] yields.
    ///
    /// # Errors
    ///
    /// The system call's error (`WouldBlock` when nonblocking and nothing is queued).
    pub fn recv_batch(&self, batch: &mut RecvBatch) -> Result<usize, Error> {
        batch.fill(&self.inner, false)
    }
}

//! The batch calls of the kernel sockets (`send_batch`, `recv_batch` into a [`RecvBatch`]) on the
//! userland stack.
//!
//! usrsctp has no `sendmmsg`/`recvmmsg`, and no system call to save: its sockets live in this
//! process, and every `usrsctp_sendv`/`usrsctp_recvv` is a library call. A batch here is one
//! such call per message. It is offered so that a program written against the kernel's batch
//! API moves to the userland stack by its `use` line alone, with the same results: the same
//! counts, the same [`RecvBatch`] storage (allocated once, nothing allocated per call) and the
//! same items from [`RecvBatch::iter`].

use std::io;
use std::sync::atomic::Ordering;

use super::{SctpSocket, SctpStream, Sock};
use crate::sys::RecvMeta;
use crate::{Error, MAX_BATCH, RecvBatch, SendInfo};

impl Sock {
    /// Sends up to [`MAX_BATCH`] messages, each as `send` would (blocking, or not, as the
    /// socket's mode and write timeout say); stops at the first one refused, whose error is
    /// returned only when it is the first.
    pub(crate) fn send_batch(&self, msgs: &[(&[u8], SendInfo)]) -> Result<usize, Error> {
        let mut sent = 0;
        for (data, info) in msgs.iter().take(MAX_BATCH) {
            match self.send(data, None, info) {
                Ok(_) => sent += 1,
                Err(e) if sent == 0 => return Err(e),
                Err(_) => break,
            }
        }
        Ok(sent)
    }

    /// Fills `batch`: the first receive as `recv` makes it (waiting as the socket's mode and
    /// read timeout say), the others without waiting, until usrsctp has nothing more queued or
    /// the batch is full. An error after the first item is kept for the next receive on the
    /// socket; on a one-to-one socket (`notconn_is_eof`) the end of the association is an
    /// empty message, as in `recv`.
    pub(crate) fn recv_batch(
        &self,
        batch: &mut RecvBatch,
        notconn_is_eof: bool,
    ) -> Result<usize, Error> {
        batch.fill_each(|first, slot| {
            if first {
                return self.recv_meta(slot, notconn_is_eof).map(Some);
            }
            match self.raw.recv(slot, true) {
                Ok(meta) => Ok(Some(meta)),
                Err(Error::Io(e)) if e.kind() == io::ErrorKind::WouldBlock => Ok(None),
                Err(Error::Io(e)) if notconn_is_eof && e.raw_os_error() == Some(libc::ENOTCONN) => {
                    Ok(Some(RecvMeta::EMPTY))
                }
                Err(e) => {
                    self.defer(e);
                    Ok(None)
                }
            }
        })
    }

    /// Keeps a receive error for the next receive (see `Sock::deferred`).
    #[cold]
    fn defer(&self, e: Error) {
        if let Error::Io(e) = e {
            if let Some(code) = e.raw_os_error() {
                self.deferred.store(code, Ordering::Relaxed);
            }
        }
    }
}

impl SctpStream {
    /// Sends several messages, each with its own metadata, as [`send`](Self::send) would send
    /// each, as [`crate::SctpStream::send_batch`] does. Returns how many were sent: all of them,
    /// or fewer when the list is longer than [`MAX_BATCH`] or usrsctp refused one (the following
    /// ones are not sent; when it refused the first, its error is returned). Nothing is
    /// allocated.
    ///
    /// On usrsctp a batch is one `usrsctp_sendv` per message: there is no system call to save
    /// (the stack runs in this process) and no `MSG_MORE`: what usrsctp bundles into a packet
    /// (RFC 9260 §6.10) is its own choice, as for single sends. It is offered so that a
    /// program using the kernel's batch calls runs on this stack unchanged.
    ///
    /// # Errors
    ///
    /// usrsctp's error when not even the first message could be sent (`WouldBlock` when
    /// nonblocking and the send buffer is full).
    pub fn send_batch(&self, msgs: &[(&[u8], SendInfo)]) -> Result<usize, Error> {
        self.inner.send_batch(msgs)
    }

    /// Receives up to `batch.capacity()` messages or notifications, as
    /// [`crate::SctpStream::recv_batch`] does: waits (unless nonblocking, and up to the read
    /// timeout) for the first, then takes what is already queued. Returns how many items
    /// [`RecvBatch::iter`] yields, each as [`recv`](Self::recv) would have returned it: a
    /// message longer than a slot arrives in parts, a notification longer than a slot is
    /// reported as [`Error::NotificationTruncated`] where it ends, and the end of the
    /// association is an empty message.
    ///
    /// On usrsctp this is one `usrsctp_recvv` per item (the first waiting as the socket says,
    /// the others not), with no system call saved: it is offered so that a program using the
    /// kernel's batch calls runs on this stack unchanged. The batch is allocated once; a call
    /// allocates nothing. An error met after the first item ends the batch and is returned by
    /// the next receive on the socket, as Linux does for `recvmmsg`.
    ///
    /// # Errors
    ///
    /// usrsctp's error (`WouldBlock` when nonblocking and nothing is queued, or when the read
    /// timeout passes).
    pub fn recv_batch(&self, batch: &mut RecvBatch) -> Result<usize, Error> {
        self.inner.recv_batch(batch, true)
    }
}

impl SctpSocket {
    /// Sends several messages, each to the association its [`SendInfo::assoc_id`] names, as
    /// [`crate::SctpSocket::send_batch`] does; see
    /// [`userland::SctpStream::send_batch`](SctpStream::send_batch) for what a batch is on
    /// usrsctp. Returns how many were sent (the first refused one and those after it are not;
    /// when it is the first, its error is returned). Nothing is allocated.
    ///
    /// # Errors
    ///
    /// usrsctp's error when not even the first message could be sent.
    pub fn send_batch(&self, msgs: &[(&[u8], SendInfo)]) -> Result<usize, Error> {
        self.inner.send_batch(msgs)
    }

    /// Receives up to `batch.capacity()` messages or notifications of any association, as
    /// [`crate::SctpSocket::recv_batch`] does: waits (unless nonblocking) for the first, then
    /// takes what is already queued; see
    /// [`userland::SctpStream::recv_batch`](SctpStream::recv_batch) for what a batch is on
    /// usrsctp. Returns how many items [`RecvBatch::iter`] yields.
    ///
    /// # Errors
    ///
    /// usrsctp's error (`WouldBlock` when nonblocking and nothing is queued).
    pub fn recv_batch(&self, batch: &mut RecvBatch) -> Result<usize, Error> {
        self.inner.recv_batch(batch, false)
    }
}

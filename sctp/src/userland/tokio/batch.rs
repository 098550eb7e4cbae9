//! The batch calls on the async userland sockets: the calls of the blocking types made without
//! waiting, and a wait for usrsctp's upcall only when not even the first message could go (or
//! come), as for `send` and `recv`.

use crate::{Error, RecvBatch, SendInfo};

impl super::SctpStream {
    /// Sends several messages (see
    /// [`userland::SctpStream::send_batch`](crate::userland::SctpStream::send_batch): one
    /// usrsctp call per message), waiting for buffer space only if not even the first fits;
    /// returns how many were sent. Cancel safe: when the future is dropped before it completes,
    /// nothing was sent.
    pub async fn send_batch(&self, msgs: &[(&[u8], SendInfo)]) -> Result<usize, Error> {
        super::io(self.sock(), |s| s.send_batch(msgs)).await
    }

    /// Receives up to `batch.capacity()` messages or notifications (see
    /// [`userland::SctpStream::recv_batch`](crate::userland::SctpStream::recv_batch)), waiting
    /// until at least one is there; returns how many items [`RecvBatch::iter`] yields. Cancel
    /// safe: when the future is dropped before it completes, nothing was received.
    pub async fn recv_batch(&self, batch: &mut RecvBatch) -> Result<usize, Error> {
        super::io(self.sock(), |s| s.recv_batch(batch, true)).await
    }
}

impl super::SctpSocket {
    /// Sends several messages, each to the association its [`SendInfo`] names (see
    /// [`userland::SctpSocket::send_batch`](crate::userland::SctpSocket::send_batch)). Cancel
    /// safe, as [`SctpStream::send_batch`](super::SctpStream::send_batch).
    pub async fn send_batch(&self, msgs: &[(&[u8], SendInfo)]) -> Result<usize, Error> {
        super::io(self.sock(), |s| s.send_batch(msgs)).await
    }

    /// Receives up to `batch.capacity()` messages or notifications of any association (see
    /// [`userland::SctpSocket::recv_batch`](crate::userland::SctpSocket::recv_batch)). Cancel
    /// safe, as [`SctpStream::recv_batch`](super::SctpStream::recv_batch).
    pub async fn recv_batch(&self, batch: &mut RecvBatch) -> Result<usize, Error> {
        super::io(self.sock(), |s| s.recv_batch(batch, false)).await
    }
}

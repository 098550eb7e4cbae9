//! The batch calls (`sendmmsg`/`recvmmsg`) on the async sockets: the system call first, a wait
//! for readiness only when it would block, as for `send` and `recv`.

use tokio::io::Interest;

use crate::{Error, RecvBatch, SendInfo};

impl super::SctpStream {
    /// Sends several messages with one system call (see [`crate::SctpStream::send_batch`]),
    /// waiting for buffer space only if not even the first fits. Cancel safe: when the future is
    /// dropped before it completes, nothing was sent.
    pub async fn send_batch(&self, msgs: &[(&[u8], SendInfo)]) -> Result<usize, Error> {
        super::io_op(&self.inner, Interest::WRITABLE, |s| s.send_batch(msgs)).await
    }

    /// Receives up to `batch.capacity()` messages or notifications with one system call (see
    /// [`crate::SctpStream::recv_batch`]), waiting until at least one is there. Cancel safe:
    /// when the future is dropped before it completes, nothing was received.
    pub async fn recv_batch(&self, batch: &mut RecvBatch) -> Result<usize, Error> {
        super::io_op(&self.inner, Interest::READABLE, |s| s.recv_batch(batch)).await
    }
}

impl super::SctpSocket {
    /// Sends several messages, each to the association its [`SendInfo`] names, with one system
    /// call (see [`crate::SctpSocket::send_batch`]). Cancel safe, as
    /// [`SctpStream::send_batch`](super::SctpStream::send_batch).
    pub async fn send_batch(&self, msgs: &[(&[u8], SendInfo)]) -> Result<usize, Error> {
        super::io_op(&self.inner, Interest::WRITABLE, |s| s.send_batch(msgs)).await
    }

    /// Receives up to `batch.capacity()` messages or notifications of any association with one
    /// system call (see [`crate::SctpSocket::recv_batch`]). Cancel safe, as
    /// [`SctpStream::recv_batch`](super::SctpStream::recv_batch).
    pub async fn recv_batch(&self, batch: &mut RecvBatch) -> Result<usize, Error> {
        super::io_op(&self.inner, Interest::READABLE, |s| s.recv_batch(batch)).await
    }
}

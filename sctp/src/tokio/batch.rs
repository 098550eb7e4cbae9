//! The batch calls (`sendmmsg`/`recvmmsg`) on the async sockets: the system call first, a wait
//! for readiness only when it would block, as for `send` and `recv`.

use tokio::io::Interest;

use crate::{Error, RecvBatch, SendInfo};

impl super::SctpStream {
    /// Sends several messages with `sendmmsg`, bundled (see [`crate::SctpStream::send_batch`]),
    /// waiting for buffer space only if not even the first fits. Cancel safe: when the future is
    /// dropped before it completes, nothing was sent.
    pub fn send_batch(
        &self,
        msgs: &[(&[u8], SendInfo)],
    ) -> impl Future<Output = Result<usize, Error>> {
        super::io_op(&self.inner, Interest::WRITABLE, move |s| s.send_batch(msgs))
    }

    /// Receives up to `batch.capacity()` messages or notifications with one system call (see
    /// [`crate::SctpStream::recv_batch`]), waiting until at least one is there. Cancel safe:
    /// when the future is dropped before it completes, nothing was received.
    pub fn recv_batch(&self, batch: &mut RecvBatch) -> impl Future<Output = Result<usize, Error>> {
        super::io_op(&self.inner, Interest::READABLE, |s| s.recv_batch(batch))
    }
}

impl super::SctpSocket {
    /// Sends several messages, each to the association its [`SendInfo`] names, with one system
    /// call (see [`crate::SctpSocket::send_batch`]). Cancel safe, as
    /// [`SctpStream::send_batch`](super::SctpStream::send_batch).
    pub fn send_batch(
        &self,
        msgs: &[(&[u8], SendInfo)],
    ) -> impl Future<Output = Result<usize, Error>> {
        super::io_op(&self.inner, Interest::WRITABLE, move |s| s.send_batch(msgs))
    }

    /// Receives up to `batch.capacity()` messages or notifications of any association with one
    /// system call (see [`crate::SctpSocket::recv_batch`]). Cancel safe, as
    /// [`SctpStream::recv_batch`](super::SctpStream::recv_batch).
    pub fn recv_batch(&self, batch: &mut RecvBatch) -> impl Future<Output = Result<usize, Error>> {
        super::io_op(&self.inner, Interest::READABLE, |s| s.recv_batch(batch))
    }
}

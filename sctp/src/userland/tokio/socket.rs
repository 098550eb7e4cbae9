//! Async one-to-many sockets on the userland stack.

use std::io;
use std::net::SocketAddr;
use std::task::{Context, Poll};

use super::{POLL_RECV, POLL_SEND, READABLE, SctpStream, WRITABLE};
use crate::userland::Sock;
use crate::{AssocId, Error, Received, SendInfo};

/// An async [`userland::SctpSocket`](crate::userland::SctpSocket): one socket, many
/// associations, the counterpart of [`crate::tokio::SctpSocket`].
///
/// Share it between tasks through an `Arc`: any number of tasks may send on it while others
/// receive (see the [module docs](super), also for cancel safety).
///
/// # Examples
///
/// ```no_run
/// use sctp::userland::tokio::SctpSocket;
/// use sctp::{Received, SendInfo};
///
/// # async fn run() -> Result<(), sctp::Error> {
/// let server = SctpSocket::bind("127.0.0.1:3868".parse().unwrap())?;
/// server.get_ref().listen(16)?;
/// let mut buf = [0u8; 4096];
/// loop {
///     if let Received::Data(msg) = server.recv(&mut buf).await? {
///         let reply = SendInfo::new().with_assoc_id(msg.assoc_id());
///         let data = msg.data().to_vec();
///         server.send(&data, &reply).await?;
///     }
/// }
/// # }
/// ```
#[derive(Debug)]
pub struct SctpSocket {
    inner: crate::userland::SctpSocket,
}

impl SctpSocket {
    pub(super) fn sock(&self) -> &Sock {
        &self.inner.inner
    }

    /// Opens a one-to-many socket bound to `addr` (see
    /// [`userland::SctpSocket::bind`](crate::userland::SctpSocket::bind)). To configure it
    /// first, use [`SctpBuilder::one_to_many_async`](crate::userland::SctpBuilder::one_to_many_async).
    pub fn bind(addr: SocketAddr) -> Result<SctpSocket, Error> {
        Ok(SctpSocket::from_std(crate::userland::SctpSocket::bind(
            addr,
        )?)?)
    }

    /// Wraps a blocking userland one-to-many socket, switching it to nonblocking mode.
    pub fn from_std(socket: crate::userland::SctpSocket) -> io::Result<SctpSocket> {
        socket.set_nonblocking(true)?;
        Ok(SctpSocket { inner: socket })
    }

    /// Starts setting up an association to a peer with the given addresses and returns its
    /// id at once; messages sent on it meanwhile are queued until it is up. Subscribe to
    /// [`Event::AssocChange`](crate::Event::AssocChange) to learn when it is up or failed.
    pub fn connect(&self, addrs: &[SocketAddr]) -> Result<AssocId, Error> {
        self.inner.connect(addrs)
    }

    /// Sends one message on the association `info.assoc_id`. Cancel safe.
    #[inline]
    pub async fn send(&self, data: &[u8], info: &SendInfo) -> Result<usize, Error> {
        super::io(self.sock(), |s| s.send(data, None, info)).await
    }

    /// Sends one message to `addr`, setting up an association if needed (see
    /// [`userland::SctpSocket::send_to`](crate::userland::SctpSocket::send_to)). Cancel safe.
    pub async fn send_to(
        &self,
        data: &[u8],
        addr: SocketAddr,
        info: &SendInfo,
    ) -> Result<usize, Error> {
        super::io(self.sock(), |s| s.send(data, Some(&addr), info)).await
    }

    /// Receives one message, a part of one, or a notification of any association. Cancel
    /// safe.
    #[inline]
    pub async fn recv<'b>(&self, buf: &'b mut [u8]) -> Result<Received<'b>, Error> {
        let meta = super::io(self.sock(), |s| s.recv_meta(buf, false)).await?;
        self.sock().received(buf, meta)
    }

    /// Tries to send one message without waiting: `WouldBlock` when the send buffer is full.
    pub fn try_send(&self, data: &[u8], info: &SendInfo) -> Result<usize, Error> {
        self.sock().send(data, None, info)
    }

    /// Tries to send one message to `addr` without waiting.
    pub fn try_send_to(
        &self,
        data: &[u8],
        addr: SocketAddr,
        info: &SendInfo,
    ) -> Result<usize, Error> {
        self.sock().send(data, Some(&addr), info)
    }

    /// Tries to receive without waiting: `WouldBlock` when nothing is queued. Use with
    /// [`readable`](Self::readable).
    pub fn try_recv<'b>(&self, buf: &'b mut [u8]) -> Result<Received<'b>, Error> {
        let meta = self.sock().recv_meta(buf, false)?;
        self.sock().received(buf, meta)
    }

    /// Sends one message, or registers `cx` to be woken when the socket may take it.
    pub fn poll_send(
        &self,
        cx: &mut Context<'_>,
        data: &[u8],
        info: &SendInfo,
    ) -> Poll<Result<usize, Error>> {
        super::poll_fixed(self.sock(), cx, POLL_SEND, |s| s.send(data, None, info))
    }

    /// Sends one message to `addr`, or registers `cx` to be woken when the socket may take it.
    pub fn poll_send_to(
        &self,
        cx: &mut Context<'_>,
        data: &[u8],
        addr: SocketAddr,
        info: &SendInfo,
    ) -> Poll<Result<usize, Error>> {
        super::poll_fixed(self.sock(), cx, POLL_SEND, |s| {
            s.send(data, Some(&addr), info)
        })
    }

    /// Receives one message or notification, or registers `cx` to be woken when one may be
    /// there.
    pub fn poll_recv<'b>(
        &self,
        cx: &mut Context<'_>,
        buf: &'b mut [u8],
    ) -> Poll<Result<Received<'b>, Error>> {
        let polled = super::poll_fixed(self.sock(), cx, POLL_RECV, |s| s.recv_meta(buf, false));
        match polled {
            Poll::Ready(Ok(meta)) => Poll::Ready(self.sock().received(buf, meta)),
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => Poll::Pending,
        }
    }

    /// Polls for read readiness (no IO is done).
    pub fn poll_recv_ready(&self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        super::poll_ready(self.sock(), cx, READABLE)
    }

    /// Polls for write readiness (no IO is done).
    pub fn poll_send_ready(&self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        super::poll_ready(self.sock(), cx, WRITABLE)
    }

    /// Waits until the socket may be readable, for [`try_recv`](Self::try_recv). Cancel safe.
    pub async fn readable(&self) -> io::Result<()> {
        super::wait_ready(self.sock(), READABLE).await
    }

    /// Waits until the socket may take a message, for [`try_send`](Self::try_send). Cancel
    /// safe.
    pub async fn writable(&self) -> io::Result<()> {
        super::wait_ready(self.sock(), WRITABLE).await
    }

    /// Shuts one association down gracefully (see
    /// [`userland::SctpSocket::shutdown`](crate::userland::SctpSocket::shutdown)).
    pub fn shutdown(&self, assoc: AssocId) -> io::Result<()> {
        self.inner.shutdown(assoc)
    }

    /// Aborts one association (see
    /// [`userland::SctpSocket::abort`](crate::userland::SctpSocket::abort)).
    pub fn abort(&self, assoc: AssocId, reason: &[u8]) -> Result<(), Error> {
        self.inner.abort(assoc, reason)
    }

    /// Moves an association to its own async [`SctpStream`] (see
    /// [`userland::SctpSocket::peeloff`](crate::userland::SctpSocket::peeloff)).
    pub fn peeloff(&self, assoc: AssocId) -> Result<SctpStream, Error> {
        Ok(SctpStream::from_std(self.inner.peeloff(assoc)?)?)
    }

    /// The address the socket is bound to.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.inner.local_addr()
    }

    /// The blocking socket, for `listen`, options, address lists and subscriptions.
    pub fn get_ref(&self) -> &crate::userland::SctpSocket {
        &self.inner
    }

    /// Gives the blocking socket back (still in nonblocking mode).
    pub fn into_std(self) -> crate::userland::SctpSocket {
        self.inner
    }
}

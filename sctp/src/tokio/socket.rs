//! Async one-to-many sockets.

use std::io;
use std::net::SocketAddr;
use std::task::{Context, Poll};

use tokio::io::Interest;
use tokio::io::unix::AsyncFd;

use super::{SctpStream, impl_async_fd_traits};
use crate::{AssocId, Error, Received, SendInfo, common};

/// An async [`SctpSocket`](crate::SctpSocket): one socket, many associations.
///
/// Share it between tasks through an `Arc`: any number of tasks may send on it while others
/// receive (see the [module docs](super), also for cancel safety).
///
/// # Examples
///
/// ```no_run
/// use sctp::tokio::SctpSocket;
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
    pub(crate) inner: AsyncFd<crate::SctpSocket>,
}

impl_async_fd_traits!(SctpSocket, crate::SctpSocket);

impl SctpSocket {
    /// Opens a one-to-many socket bound to `addr` (see [`crate::SctpSocket::bind`]). To
    /// configure it first, use [`SctpBuilder::one_to_many_async`](crate::SctpBuilder::one_to_many_async).
    pub fn bind(addr: SocketAddr) -> Result<SctpSocket, Error> {
        Ok(SctpSocket::from_std(crate::SctpSocket::bind(addr)?)?)
    }

    /// Wraps a blocking one-to-many socket, switching it to nonblocking mode.
    ///
    /// # Panics
    ///
    /// Outside a tokio runtime with IO enabled.
    pub fn from_std(socket: crate::SctpSocket) -> io::Result<SctpSocket> {
        socket.set_nonblocking(true)?;
        Ok(SctpSocket {
            inner: crate::sys::register_async(socket)?,
        })
    }

    /// Starts setting up an association to a peer with the given addresses and returns its
    /// id at once; messages sent on it meanwhile are queued until it is up. Subscribe to
    /// [`Event::AssocChange`](crate::Event::AssocChange) to learn when it is up or failed.
    pub fn connect(&self, addrs: &[SocketAddr]) -> Result<AssocId, Error> {
        self.inner.get_ref().connect(addrs)
    }

    /// Sends one message on the association `info.assoc_id` (see [`crate::SctpSocket::send`]).
    /// Cancel safe.
    #[inline]
    pub fn send(&self, data: &[u8], info: &SendInfo) -> impl Future<Output = Result<usize, Error>> {
        super::io_op(
            &self.inner,
            Interest::WRITABLE,
            #[inline(always)]
            move |s| s.send(data, info),
        )
    }

    /// Sends one message to `addr`, setting up an association if needed (see
    /// [`crate::SctpSocket::send_to`]). Cancel safe.
    pub fn send_to(
        &self,
        data: &[u8],
        addr: SocketAddr,
        info: &SendInfo,
    ) -> impl Future<Output = Result<usize, Error>> {
        super::io_op(&self.inner, Interest::WRITABLE, move |s| {
            s.send_to(data, addr, info)
        })
    }

    /// Sends one message from several slices (see [`crate::SctpSocket::send_vectored`]).
    /// Cancel safe.
    pub fn send_vectored(
        &self,
        bufs: &[io::IoSlice<'_>],
        info: &SendInfo,
    ) -> impl Future<Output = Result<usize, Error>> {
        super::io_op(&self.inner, Interest::WRITABLE, move |s| {
            s.send_vectored(bufs, info)
        })
    }

    /// Receives one message, a part of one, or a notification of any association. Cancel
    /// safe.
    #[inline]
    pub fn recv<'b>(&self, buf: &'b mut [u8]) -> impl Future<Output = Result<Received<'b>, Error>> {
        super::recv_op(
            &self.inner,
            buf,
            #[inline(always)]
            |s, buf| common::recv_meta(&s.inner, buf, false, false),
        )
    }

    /// Receives the next message or notification without taking it from the queue (see
    /// [`crate::SctpSocket::peek`]). Cancel safe.
    pub fn peek<'b>(&self, buf: &'b mut [u8]) -> impl Future<Output = Result<Received<'b>, Error>> {
        super::recv_op(&self.inner, buf, |s, buf| {
            common::peek_meta(&s.inner, buf, false)
        })
    }

    /// Tries to send one message without waiting: `WouldBlock` when the send buffer is full.
    pub fn try_send(&self, data: &[u8], info: &SendInfo) -> Result<usize, Error> {
        super::try_op(&self.inner, Interest::WRITABLE, |s| s.send(data, info))
    }

    /// Tries to send one message to `addr` without waiting.
    pub fn try_send_to(
        &self,
        data: &[u8],
        addr: SocketAddr,
        info: &SendInfo,
    ) -> Result<usize, Error> {
        super::try_op(&self.inner, Interest::WRITABLE, |s| {
            s.send_to(data, addr, info)
        })
    }

    /// Tries to receive without waiting: `WouldBlock` when nothing is queued. Use with
    /// [`readable`](Self::readable).
    pub fn try_recv<'b>(&self, buf: &'b mut [u8]) -> Result<Received<'b>, Error> {
        let meta = super::try_op(&self.inner, Interest::READABLE, |s| {
            common::recv_meta(&s.inner, buf, false, false)
        })?;
        common::received(buf, &meta)
    }

    /// Sends one message, or registers `cx` to be woken when the socket may take it.
    pub fn poll_send(
        &self,
        cx: &mut Context<'_>,
        data: &[u8],
        info: &SendInfo,
    ) -> Poll<Result<usize, Error>> {
        super::poll_op(&self.inner, cx, Interest::WRITABLE, |s| s.send(data, info))
    }

    /// Sends one message to `addr`, or registers `cx` to be woken when the socket may take it.
    pub fn poll_send_to(
        &self,
        cx: &mut Context<'_>,
        data: &[u8],
        addr: SocketAddr,
        info: &SendInfo,
    ) -> Poll<Result<usize, Error>> {
        super::poll_op(&self.inner, cx, Interest::WRITABLE, |s| {
            s.send_to(data, addr, info)
        })
    }

    /// Receives one message or notification, or registers `cx` to be woken when one may be
    /// there.
    pub fn poll_recv<'b>(
        &self,
        cx: &mut Context<'_>,
        buf: &'b mut [u8],
    ) -> Poll<Result<Received<'b>, Error>> {
        match super::poll_op(&self.inner, cx, Interest::READABLE, |s| {
            common::recv_meta(&s.inner, buf, false, false)
        }) {
            Poll::Ready(Ok(meta)) => Poll::Ready(common::received(buf, &meta)),
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => Poll::Pending,
        }
    }

    /// Polls for read readiness (no IO is done; the readiness is kept for the next call).
    pub fn poll_recv_ready(&self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.inner.poll_read_ready(cx).map_ok(drop)
    }

    /// Polls for write readiness (no IO is done; the readiness is kept for the next call).
    pub fn poll_send_ready(&self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.inner.poll_write_ready(cx).map_ok(drop)
    }

    /// Waits until the socket may be readable, for [`try_recv`](Self::try_recv). It may wake
    /// spuriously. Cancel safe.
    pub async fn readable(&self) -> io::Result<()> {
        super::wait_ready(&self.inner, Interest::READABLE).await
    }

    /// Waits until the socket may take a message, for [`try_send`](Self::try_send). It may
    /// wake spuriously. Cancel safe.
    pub async fn writable(&self) -> io::Result<()> {
        super::wait_ready(&self.inner, Interest::WRITABLE).await
    }

    /// Shuts one association down gracefully (see [`crate::SctpSocket::shutdown`]).
    pub fn shutdown(&self, assoc: AssocId) -> io::Result<()> {
        self.inner.get_ref().shutdown(assoc)
    }

    /// Moves an association to its own async [`SctpStream`] (see
    /// [`crate::SctpSocket::peeloff`]).
    pub fn peeloff(&self, assoc: AssocId) -> Result<SctpStream, Error> {
        Ok(SctpStream::from_std(self.inner.get_ref().peeloff(assoc)?)?)
    }

    /// The address the socket is bound to.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.inner.get_ref().local_addr()
    }

    /// The blocking socket, for `listen`, options, address lists and subscriptions.
    pub fn get_ref(&self) -> &crate::SctpSocket {
        self.inner.get_ref()
    }

    /// Gives the blocking socket back (still in nonblocking mode), unregistered from the
    /// reactor.
    pub fn into_std(self) -> crate::SctpSocket {
        self.inner.into_inner()
    }
}

//! Async one-to-one associations on the userland stack.

use std::io;
use std::net::{Shutdown, SocketAddr};
use std::task::{Context, Poll};

use tokio::io::ReadBuf;

use super::{POLL_RECV, POLL_SEND, READABLE, WRITABLE};
use crate::userland::{SctpBuilder, Sock};
use crate::{Error, Received, SendInfo};

/// An async [`userland::SctpStream`](crate::userland::SctpStream): one association on a
/// one-to-one usrsctp socket, the counterpart of [`crate::tokio::SctpStream`].
///
/// [`send`](Self::send) and [`recv`](Self::recv) keep message boundaries and metadata;
/// [`AsyncRead`](::tokio::io::AsyncRead) and [`AsyncWrite`](::tokio::io::AsyncWrite) give the
/// byte interface of the blocking type's `Read` and `Write` (notifications skipped, one message
/// per write). See the [module docs](super) for cancel safety and for sharing one stream between
/// tasks.
///
/// # Examples
///
/// ```no_run
/// use sctp::userland::tokio::SctpStream;
/// use sctp::{Received, SendInfo};
///
/// # async fn run() -> Result<(), sctp::Error> {
/// let stream = SctpStream::connect("127.0.0.1:3868".parse().unwrap()).await?;
/// stream.send(b"hello", &SendInfo::new().with_stream(1).with_ppid(46)).await?;
/// let mut buf = [0u8; 4096];
/// if let Received::Data(msg) = stream.recv(&mut buf).await? {
///     println!("{} bytes on stream {}", msg.data().len(), msg.stream());
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct SctpStream {
    pub(crate) inner: crate::userland::SctpStream,
}

impl SctpStream {
    pub(super) fn sock(&self) -> &Sock {
        &self.inner.inner
    }

    /// Sets up an association to `addr` and waits, without blocking the thread, until it is
    /// established. To configure the socket first (streams, subscriptions), use
    /// [`SctpBuilder::connect_async`].
    ///
    /// Not cancel safe: dropping the future ends the association being set up.
    pub async fn connect(addr: SocketAddr) -> Result<SctpStream, Error> {
        SctpStream::connect_multi(&[addr]).await
    }

    /// Sets up an association to a peer with several addresses (`usrsctp_connectx`) and waits
    /// until it is established.
    ///
    /// Not cancel safe, as [`connect`](Self::connect).
    pub async fn connect_multi(addrs: &[SocketAddr]) -> Result<SctpStream, Error> {
        SctpBuilder::new().connect_async(addrs).await
    }

    /// Wraps a connected blocking userland stream, switching it to nonblocking mode.
    pub fn from_std(stream: crate::userland::SctpStream) -> io::Result<SctpStream> {
        stream.set_nonblocking(true)?;
        Ok(SctpStream { inner: stream })
    }

    /// Sends one message (see [`userland::SctpStream::send`](crate::userland::SctpStream::send)):
    /// the call first, a wait for buffer space only if it would block. Cancel safe.
    #[inline]
    pub async fn send(&self, data: &[u8], info: &SendInfo) -> Result<usize, Error> {
        super::io(self.sock(), |s| s.send(data, None, info)).await
    }

    /// Receives one message, a part of one, or a notification into `buf` (see
    /// [`userland::SctpStream::recv`](crate::userland::SctpStream::recv)); the end of the
    /// association reads as an empty message. Cancel safe.
    #[inline]
    pub async fn recv<'b>(&self, buf: &'b mut [u8]) -> Result<Received<'b>, Error> {
        let meta = super::io(self.sock(), |s| s.recv_meta(buf, true)).await?;
        self.sock().received(buf, meta)
    }

    /// Tries to send one message without waiting: `WouldBlock` when the send buffer is full.
    pub fn try_send(&self, data: &[u8], info: &SendInfo) -> Result<usize, Error> {
        self.sock().send(data, None, info)
    }

    /// Tries to receive without waiting: `WouldBlock` when nothing is queued. Use with
    /// [`readable`](Self::readable).
    pub fn try_recv<'b>(&self, buf: &'b mut [u8]) -> Result<Received<'b>, Error> {
        let meta = self.sock().recv_meta(buf, true)?;
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

    /// Receives one message or notification, or registers `cx` to be woken when one may be
    /// there.
    pub fn poll_recv<'b>(
        &self,
        cx: &mut Context<'_>,
        buf: &'b mut [u8],
    ) -> Poll<Result<Received<'b>, Error>> {
        let polled = super::poll_fixed(self.sock(), cx, POLL_RECV, |s| s.recv_meta(buf, true));
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

    /// Waits until the socket is readable (a message, a notification, the end of the
    /// association or an error), for [`try_recv`](Self::try_recv). Cancel safe.
    pub async fn readable(&self) -> io::Result<()> {
        super::wait_ready(self.sock(), READABLE).await
    }

    /// Waits until the socket may take a message, for [`try_send`](Self::try_send). Cancel
    /// safe.
    pub async fn writable(&self) -> io::Result<()> {
        super::wait_ready(self.sock(), WRITABLE).await
    }

    /// The peer's primary address.
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.inner.peer_addr()
    }

    /// The local address.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.inner.local_addr()
    }

    /// Shuts down sending, receiving or both (see
    /// [`userland::SctpStream::shutdown`](crate::userland::SctpStream::shutdown)).
    pub fn shutdown(&self, how: Shutdown) -> io::Result<()> {
        self.inner.shutdown(how)
    }

    /// The blocking stream, for options, address lists and subscriptions.
    pub fn get_ref(&self) -> &crate::userland::SctpStream {
        &self.inner
    }

    /// Gives the blocking stream back (still in nonblocking mode).
    pub fn into_std(self) -> crate::userland::SctpStream {
        self.inner
    }
}

fn poll_read_impl(
    stream: &SctpStream,
    cx: &mut Context<'_>,
    buf: &mut ReadBuf<'_>,
) -> Poll<io::Result<()>> {
    let unfilled = buf.initialize_unfilled();
    let polled = super::poll_fixed(stream.sock(), cx, POLL_RECV, |s| {
        s.read(unfilled).map_err(Error::Io)
    });
    match polled {
        Poll::Ready(Ok(n)) => {
            buf.advance(n);
            Poll::Ready(Ok(()))
        }
        Poll::Ready(Err(e)) => Poll::Ready(Err(e.into())),
        Poll::Pending => Poll::Pending,
    }
}

fn poll_write_impl(
    stream: &SctpStream,
    cx: &mut Context<'_>,
    buf: &[u8],
) -> Poll<io::Result<usize>> {
    super::poll_fixed(stream.sock(), cx, POLL_SEND, |_| {
        stream.inner.write_message(buf).map_err(Error::Io)
    })
    .map_err(io::Error::from)
}

crate::common::impl_async_read_write!(SctpStream);

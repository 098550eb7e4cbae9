//! Async one-to-one associations.

use std::io;
use std::net::{Shutdown, SocketAddr};
use std::task::{Context, Poll};

use tokio::io::unix::AsyncFd;
use tokio::io::{Interest, ReadBuf};

use super::impl_async_fd_traits;
use crate::{Error, Received, SctpBuilder, SendInfo, common};

/// An async [`SctpStream`](crate::SctpStream): one association on a one-to-one socket.
///
/// [`send`](Self::send) and [`recv`](Self::recv) keep message boundaries and metadata;
/// [`AsyncRead`](::tokio::io::AsyncRead) and [`AsyncWrite`](::tokio::io::AsyncWrite) give the
/// byte interface of the blocking type's `Read` and `Write` (notifications skipped; writes go on
/// the stream and ppid set with [`set_write_info`](crate::SctpStream::set_write_info), at most
/// one message per call). See the [module docs](super) for cancel safety and for sharing one
/// stream between tasks.
///
/// # Examples
///
/// ```no_run
/// use sctp::tokio::SctpStream;
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
    pub(crate) inner: AsyncFd<crate::SctpStream>,
}

impl_async_fd_traits!(SctpStream, crate::SctpStream);

impl SctpStream {
    /// Sets up an association to `addr` and waits, without blocking the thread, until it is
    /// established. To configure the socket first (streams, subscriptions), use
    /// [`SctpBuilder::connect_async`].
    ///
    /// Not cancel safe: dropping the future aborts the association being set up.
    pub async fn connect(addr: SocketAddr) -> Result<SctpStream, Error> {
        SctpStream::connect_multi(&[addr]).await
    }

    /// Sets up an association to a peer with several addresses (`sctp_connectx`) and waits
    /// until it is established.
    ///
    /// Not cancel safe, as [`connect`](Self::connect).
    pub async fn connect_multi(addrs: &[SocketAddr]) -> Result<SctpStream, Error> {
        SctpBuilder::new().connect_async(addrs).await
    }

    /// Wraps a connected blocking stream, switching it to nonblocking mode.
    ///
    /// # Panics
    ///
    /// Outside a tokio runtime with IO enabled.
    pub fn from_std(stream: crate::SctpStream) -> io::Result<SctpStream> {
        stream.set_nonblocking(true)?;
        Ok(SctpStream {
            inner: crate::sys::register_async(stream)?,
        })
    }

    /// Sends one message (see [`crate::SctpStream::send`]): the system call first, a wait for
    /// buffer space only if it would block. Cancel safe.
    #[inline]
    pub fn send(&self, data: &[u8], info: &SendInfo) -> impl Future<Output = Result<usize, Error>> {
        super::io_op(
            &self.inner,
            Interest::WRITABLE,
            #[inline(always)]
            move |s| s.send(data, info),
        )
    }

    /// Receives one message, a part of one, or a notification into `buf` (see
    /// [`crate::SctpStream::recv`]). Cancel safe.
    #[inline]
    pub fn recv<'b>(&self, buf: &'b mut [u8]) -> impl Future<Output = Result<Received<'b>, Error>> {
        super::recv_op(
            &self.inner,
            buf,
            #[inline(always)]
            |s, buf| common::recv_meta(&s.inner, buf, true, false),
        )
    }

    /// Sends one message from several slices (see [`crate::SctpStream::send_vectored`]).
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

    /// Receives the next message or notification without taking it from the queue (see
    /// [`crate::SctpStream::peek`]). Cancel safe.
    pub fn peek<'b>(&self, buf: &'b mut [u8]) -> impl Future<Output = Result<Received<'b>, Error>> {
        super::recv_op(&self.inner, buf, |s, buf| {
            common::peek_meta(&s.inner, buf, true)
        })
    }

    /// Tries to send one message without waiting: `WouldBlock` when the send buffer is full.
    pub fn try_send(&self, data: &[u8], info: &SendInfo) -> Result<usize, Error> {
        super::try_op(&self.inner, Interest::WRITABLE, |s| s.send(data, info))
    }

    /// Tries to receive without waiting: `WouldBlock` when nothing is queued. Use with
    /// [`readable`](Self::readable).
    pub fn try_recv<'b>(&self, buf: &'b mut [u8]) -> Result<Received<'b>, Error> {
        let meta = super::try_op(&self.inner, Interest::READABLE, |s| {
            common::recv_meta(&s.inner, buf, true, false)
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

    /// Receives one message or notification, or registers `cx` to be woken when one may be
    /// there.
    pub fn poll_recv<'b>(
        &self,
        cx: &mut Context<'_>,
        buf: &'b mut [u8],
    ) -> Poll<Result<Received<'b>, Error>> {
        match super::poll_op(&self.inner, cx, Interest::READABLE, |s| {
            common::recv_meta(&s.inner, buf, true, false)
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

    /// Waits until the socket may be readable (a message, a notification or the end of the
    /// association), for [`try_recv`](Self::try_recv). It may wake spuriously. Cancel safe.
    pub async fn readable(&self) -> io::Result<()> {
        super::wait_ready(&self.inner, Interest::READABLE).await
    }

    /// Waits until the socket may take a message, for [`try_send`](Self::try_send). It may
    /// wake spuriously. Cancel safe.
    pub async fn writable(&self) -> io::Result<()> {
        super::wait_ready(&self.inner, Interest::WRITABLE).await
    }

    /// The peer's primary address.
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.inner.get_ref().peer_addr()
    }

    /// The local address.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.inner.get_ref().local_addr()
    }

    /// Shuts down sending, receiving or both (see [`crate::SctpStream::shutdown`] for what each
    /// means for an association).
    pub fn shutdown(&self, how: Shutdown) -> io::Result<()> {
        self.inner.get_ref().shutdown(how)
    }

    /// The blocking stream, for options, address lists and subscriptions.
    pub fn get_ref(&self) -> &crate::SctpStream {
        self.inner.get_ref()
    }

    /// Gives the blocking stream back (still in nonblocking mode), unregistered from the
    /// reactor.
    pub fn into_std(self) -> crate::SctpStream {
        self.inner.into_inner()
    }
}

fn poll_read_impl(
    stream: &SctpStream,
    cx: &mut Context<'_>,
    buf: &mut ReadBuf<'_>,
) -> Poll<io::Result<()>> {
    let unfilled = buf.initialize_unfilled();
    match super::poll_op(&stream.inner, cx, Interest::READABLE, |s| {
        common::read(&s.inner, unfilled).map_err(Error::Io)
    }) {
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
    super::poll_op(&stream.inner, cx, Interest::WRITABLE, |s| {
        s.write_message(buf).map_err(Error::Io)
    })
    .map_err(io::Error::from)
}

crate::common::impl_async_read_write!(SctpStream);

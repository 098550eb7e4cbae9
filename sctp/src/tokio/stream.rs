//! Async one-to-one associations.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use socket2::Type;
use tokio::io::unix::AsyncFd;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use crate::{Error, Received, SendInfo, common, sys};

/// An async [`SctpStream`](crate::SctpStream), with [`AsyncRead`] and [`AsyncWrite`] for the
/// byte interface (stream 0, ppid 0, notifications skipped).
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
    inner: AsyncFd<crate::SctpStream>,
}

impl SctpStream {
    /// Sets up an association to `addr` and waits, without blocking the thread, until it is
    /// established.
    pub async fn connect(addr: SocketAddr) -> Result<SctpStream, Error> {
        SctpStream::connect_multi(&[addr]).await
    }

    /// Sets up an association to a peer with several addresses (`sctp_connectx`) and waits
    /// until it is established.
    pub async fn connect_multi(addrs: &[SocketAddr]) -> Result<SctpStream, Error> {
        let domain = common::check_addrs(addrs)?;
        let socket = common::new_socket(domain, Type::STREAM)?;
        socket.set_nonblocking(true)?;
        match sys::connectx(common::fd(&socket), addrs) {
            Ok(_) => {}
            Err(e) if e.raw_os_error() == Some(libc::EINPROGRESS) => {}
            Err(e) => return Err(e.into()),
        }
        let inner = crate::sys::register_async(crate::SctpStream {
            inner: socket.into(),
        })?;
        // The socket turns writable when the association is up, or reports an error when the
        // setup failed.
        let _guard = inner.writable().await?;
        if let Some(e) = inner.get_ref().take_error()? {
            return Err(e.into());
        }
        Ok(SctpStream { inner })
    }

    /// Wraps a connected blocking stream, switching it to nonblocking mode.
    pub fn from_std(stream: crate::SctpStream) -> io::Result<SctpStream> {
        stream.set_nonblocking(true)?;
        Ok(SctpStream {
            inner: crate::sys::register_async(stream)?,
        })
    }

    /// Sends one message (see [`crate::SctpStream::send`]).
    pub async fn send(&self, data: &[u8], info: &SendInfo) -> Result<usize, Error> {
        super::write_op(&self.inner, |s| s.send(data, info)).await
    }

    /// Receives one message, a part of one, or a notification into `buf` (see
    /// [`crate::SctpStream::recv`]).
    pub async fn recv<'b>(&self, buf: &'b mut [u8]) -> Result<Received<'b>, Error> {
        let meta = super::read_op(&self.inner, |s| {
            common::recv_meta(&s.inner, buf, true, false)
        })
        .await?;
        common::received(buf, &meta)
    }

    /// The peer's primary address.
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.inner.get_ref().peer_addr()
    }

    /// The local address.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.inner.get_ref().local_addr()
    }

    /// Shuts the association down gracefully (see [`crate::SctpStream::shutdown`]).
    pub fn shutdown(&self) -> io::Result<()> {
        self.inner.get_ref().shutdown()
    }

    /// The blocking stream, for options, address lists and subscriptions.
    pub fn get_ref(&self) -> &crate::SctpStream {
        self.inner.get_ref()
    }

    /// Gives the blocking stream back (still in nonblocking mode).
    pub fn into_std(self) -> crate::SctpStream {
        self.inner.into_inner()
    }
}

impl AsyncRead for SctpStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        loop {
            let mut guard = ready!(self.inner.poll_read_ready(cx))?;
            let unfilled = buf.initialize_unfilled();
            match guard.try_io(|s| common::read(&s.get_ref().inner, unfilled)) {
                Ok(Ok(n)) => {
                    buf.advance(n);
                    return Poll::Ready(Ok(()));
                }
                Ok(Err(e)) => return Poll::Ready(Err(e)),
                Err(_would_block) => continue,
            }
        }
    }
}

impl AsyncWrite for SctpStream {
    /// Sends `buf` as one message on stream 0 with ppid 0.
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        loop {
            let mut guard = ready!(self.inner.poll_write_ready(cx))?;
            let sent = guard.try_io(|s| {
                common::send(&s.get_ref().inner, buf, None, &SendInfo::new())
                    .map_err(io::Error::from)
            });
            if let Ok(result) = sent {
                return Poll::Ready(result);
            }
        }
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(self.inner.get_ref().shutdown())
    }
}

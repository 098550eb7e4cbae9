//! Async one-to-one listening sockets.

use std::io;
use std::net::SocketAddr;

use std::task::{Context, Poll};

use tokio::io::Interest;
use tokio::io::unix::AsyncFd;

use super::{SctpStream, impl_async_fd_traits};
use crate::Error;

/// An async [`SctpListener`](crate::SctpListener).
///
/// # Examples
///
/// ```no_run
/// use sctp::tokio::SctpListener;
///
/// # async fn run() -> Result<(), sctp::Error> {
/// let listener = SctpListener::bind("127.0.0.1:3868".parse().unwrap())?;
/// loop {
///     let (stream, peer) = listener.accept().await?;
///     println!("association from {peer}");
///     # drop(stream);
/// }
/// # }
/// ```
#[derive(Debug)]
pub struct SctpListener {
    inner: AsyncFd<crate::SctpListener>,
}

impl_async_fd_traits!(SctpListener, crate::SctpListener);

impl SctpListener {
    /// Binds to `addr` and listens (see [`crate::SctpListener::bind`]). To configure the
    /// socket first, use [`SctpBuilder::listener_async`](crate::SctpBuilder::listener_async).
    pub fn bind(addr: SocketAddr) -> Result<SctpListener, Error> {
        Ok(SctpListener::from_std(crate::SctpListener::bind(addr)?)?)
    }

    /// Binds to every address in `addrs` and listens (see [`crate::SctpListener::bind_multi`]).
    pub fn bind_multi(addrs: &[SocketAddr]) -> Result<SctpListener, Error> {
        Ok(SctpListener::from_std(crate::SctpListener::bind_multi(
            addrs,
        )?)?)
    }

    /// Wraps a listening blocking listener (made by [`SctpBuilder`](crate::SctpBuilder), for
    /// instance), switching it to nonblocking mode.
    ///
    /// # Panics
    ///
    /// Outside a tokio runtime with IO enabled.
    pub fn from_std(listener: crate::SctpListener) -> io::Result<SctpListener> {
        listener.set_nonblocking(true)?;
        Ok(SctpListener {
            inner: crate::sys::register_async(listener)?,
        })
    }

    /// Waits for an association and returns it with the peer's primary address. Cancel safe:
    /// an association is taken from the kernel only in the poll that returns it.
    pub async fn accept(&self) -> io::Result<(SctpStream, SocketAddr)> {
        let (stream, addr) = super::io_op(&self.inner, Interest::READABLE, |l| Ok(l.accept()?))
            .await
            .map_err(io::Error::from)?;
        Ok((SctpStream::from_std(stream)?, addr))
    }

    /// Accepts an association if one is pending, or registers `cx` to be woken when one may
    /// be.
    pub fn poll_accept(&self, cx: &mut Context<'_>) -> Poll<io::Result<(SctpStream, SocketAddr)>> {
        match super::poll_op(&self.inner, cx, Interest::READABLE, |l| Ok(l.accept()?)) {
            Poll::Ready(Ok((stream, addr))) => {
                Poll::Ready(SctpStream::from_std(stream).map(|s| (s, addr)))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e.into())),
            Poll::Pending => Poll::Pending,
        }
    }

    /// The address the listener is bound to.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.inner.get_ref().local_addr()
    }

    /// The blocking listener, for options, address lists and subscriptions.
    pub fn get_ref(&self) -> &crate::SctpListener {
        self.inner.get_ref()
    }

    /// Gives the blocking listener back (still in nonblocking mode), unregistered from the
    /// reactor.
    pub fn into_std(self) -> crate::SctpListener {
        self.inner.into_inner()
    }
}

//! Async one-to-one listening sockets on the userland stack.

use std::io;
use std::net::SocketAddr;
use std::task::{Context, Poll};

use super::{POLL_RECV, SctpStream};
use crate::Error;
use crate::userland::Sock;

/// An async [`userland::SctpListener`](crate::userland::SctpListener), the counterpart of
/// [`crate::tokio::SctpListener`].
///
/// # Examples
///
/// ```no_run
/// use sctp::userland::tokio::SctpListener;
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
    inner: crate::userland::SctpListener,
}

impl SctpListener {
    fn sock(&self) -> &Sock {
        &self.inner.inner
    }

    /// Binds to `addr` and listens (see
    /// [`userland::SctpListener::bind`](crate::userland::SctpListener::bind)). To configure the
    /// socket first, use [`SctpBuilder::listener_async`](crate::userland::SctpBuilder::listener_async).
    pub fn bind(addr: SocketAddr) -> Result<SctpListener, Error> {
        Ok(SctpListener::from_std(
            crate::userland::SctpListener::bind(addr)?,
        )?)
    }

    /// Binds to every address in `addrs` and listens.
    pub fn bind_multi(addrs: &[SocketAddr]) -> Result<SctpListener, Error> {
        Ok(SctpListener::from_std(
            crate::userland::SctpListener::bind_multi(addrs)?,
        )?)
    }

    /// Wraps a listening blocking userland listener, switching it to nonblocking mode.
    pub fn from_std(listener: crate::userland::SctpListener) -> io::Result<SctpListener> {
        listener.set_nonblocking(true)?;
        Ok(SctpListener { inner: listener })
    }

    /// Waits for an association and returns it with the peer's primary address. Cancel safe:
    /// an association is taken from usrsctp only in the poll that returns it.
    pub async fn accept(&self) -> io::Result<(SctpStream, SocketAddr)> {
        let (stream, addr) = super::io(self.sock(), |_| Ok(self.inner.accept()?))
            .await
            .map_err(io::Error::from)?;
        Ok((SctpStream::from_std(stream)?, addr))
    }

    /// Accepts an association if one is pending, or registers `cx` to be woken when one may
    /// be.
    pub fn poll_accept(&self, cx: &mut Context<'_>) -> Poll<io::Result<(SctpStream, SocketAddr)>> {
        match super::poll_fixed(self.sock(), cx, POLL_RECV, |_| Ok(self.inner.accept()?)) {
            Poll::Ready(Ok((stream, addr))) => {
                Poll::Ready(SctpStream::from_std(stream).map(|s| (s, addr)))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e.into())),
            Poll::Pending => Poll::Pending,
        }
    }

    /// The address the listener is bound to.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.inner.local_addr()
    }

    /// The blocking listener, for options, address lists and subscriptions.
    pub fn get_ref(&self) -> &crate::userland::SctpListener {
        &self.inner
    }

    /// Gives the blocking listener back (still in nonblocking mode).
    pub fn into_std(self) -> crate::userland::SctpListener {
        self.inner
    }
}

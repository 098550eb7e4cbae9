//! Async one-to-one listening sockets.

use std::io;
use std::net::SocketAddr;

use tokio::io::unix::AsyncFd;

use super::SctpStream;
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

impl SctpListener {
    /// Binds to `addr` and listens (see [`crate::SctpListener::bind`]).
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
    pub fn from_std(listener: crate::SctpListener) -> io::Result<SctpListener> {
        listener.set_nonblocking(true)?;
        Ok(SctpListener {
            inner: crate::sys::register_async(listener)?,
        })
    }

    /// Waits for an association and returns it with the peer's primary address.
    pub async fn accept(&self) -> io::Result<(SctpStream, SocketAddr)> {
        let (stream, addr) = super::read_op(&self.inner, |l| Ok(l.accept()?))
            .await
            .map_err(io::Error::from)?;
        Ok((SctpStream::from_std(stream)?, addr))
    }

    /// The address the listener is bound to.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.inner.get_ref().local_addr()
    }

    /// The blocking listener, for options, address lists and subscriptions.
    pub fn get_ref(&self) -> &crate::SctpListener {
        self.inner.get_ref()
    }

    /// Gives the blocking listener back (still in nonblocking mode).
    pub fn into_std(self) -> crate::SctpListener {
        self.inner.into_inner()
    }
}

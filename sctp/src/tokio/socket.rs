//! Async one-to-many sockets.

use std::io;
use std::net::SocketAddr;

use tokio::io::unix::AsyncFd;

use super::SctpStream;
use crate::{AssocId, Error, Received, SendInfo, common, sys};

/// An async [`SctpSocket`](crate::SctpSocket).
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
    inner: AsyncFd<crate::SctpSocket>,
}

impl SctpSocket {
    /// Opens a one-to-many socket bound to `addr` (see [`crate::SctpSocket::bind`]).
    pub fn bind(addr: SocketAddr) -> Result<SctpSocket, Error> {
        Ok(SctpSocket::from_std(crate::SctpSocket::bind(addr)?)?)
    }

    /// Wraps a blocking one-to-many socket, switching it to nonblocking mode.
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
        let socket = &self.inner.get_ref().inner;
        common::check_addrs_for(socket, addrs)?;
        Ok(sys::connectx(common::fd(socket), addrs)?)
    }

    /// Sends one message on the association `info.assoc_id` (see [`crate::SctpSocket::send`]).
    pub async fn send(&self, data: &[u8], info: &SendInfo) -> Result<usize, Error> {
        super::write_op(&self.inner, |s| s.send(data, info)).await
    }

    /// Sends one message to `addr`, setting up an association if needed (see
    /// [`crate::SctpSocket::send_to`]).
    pub async fn send_to(
        &self,
        data: &[u8],
        addr: SocketAddr,
        info: &SendInfo,
    ) -> Result<usize, Error> {
        super::write_op(&self.inner, |s| s.send_to(data, addr, info)).await
    }

    /// Receives one message, a part of one, or a notification of any association.
    pub async fn recv<'b>(&self, buf: &'b mut [u8]) -> Result<Received<'b>, Error> {
        let meta = super::read_op(&self.inner, |s| {
            common::recv_meta(&s.inner, buf, false, false)
        })
        .await?;
        common::received(buf, &meta)
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

    /// Gives the blocking socket back (still in nonblocking mode).
    pub fn into_std(self) -> crate::SctpSocket {
        self.inner.into_inner()
    }
}

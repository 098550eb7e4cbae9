//! A one-to-many socket on the userland stack.

use std::io;
use std::net::{SocketAddr, ToSocketAddrs};

use super::{SctpStream, Sock, impl_common_methods};
use crate::{AssocId, Error, Received, SendFlags, SendInfo};

/// A one-to-many usrsctp socket (`SOCK_SEQPACKET`): the counterpart of [`crate::SctpSocket`].
///
/// # Examples
///
/// ```no_run
/// use sctp::userland::SctpSocket;
/// use sctp::{Received, SendInfo};
///
/// let socket = SctpSocket::bind("127.0.0.1:5000")?;
/// socket.listen(16)?;
/// let mut buf = [0u8; 1024];
/// if let Received::Data(msg) = socket.recv(&mut buf)? {
///     socket.send(msg.data(), &SendInfo::new().with_assoc_id(msg.assoc_id()))?;
/// }
/// # Ok::<(), sctp::Error>(())
/// ```
pub struct SctpSocket {
    pub(crate) inner: Sock,
}

impl SctpSocket {
    /// Opens a one-to-many socket bound to `addr` (not listening yet; port 0 picks a free
    /// port).
    ///
    /// As [`crate::SctpSocket::bind`], `addr` may be anything that resolves to socket
    /// addresses; they are tried in turn until one binds.
    ///
    /// # Errors
    ///
    /// [`Error::EmptyAddressList`] when `addr` resolves to nothing, else the error of the last
    /// address tried (usrsctp's).
    pub fn bind(addr: impl ToSocketAddrs) -> Result<SctpSocket, Error> {
        let mut last = Error::EmptyAddressList;
        for a in addr.to_socket_addrs()? {
            match SctpSocket::bind_multi(&[a]) {
                Ok(socket) => return Ok(socket),
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    /// Opens a one-to-many socket bound to several local addresses (`usrsctp_bindx`).
    ///
    /// # Errors
    ///
    /// As [`SctpBuilder::one_to_many`](super::SctpBuilder::one_to_many).
    pub fn bind_multi(addrs: &[SocketAddr]) -> Result<SctpSocket, Error> {
        let inner = Sock::open(super::is_v6(addrs)?, true)?;
        inner.bind_all(addrs)?;
        Ok(SctpSocket { inner })
    }

    /// Accepts associations from peers (`usrsctp_listen`).
    pub fn listen(&self, backlog: i32) -> io::Result<()> {
        self.inner.raw.listen(backlog)
    }

    /// Sets up an association to a peer (`usrsctp_connectx`) and returns its id; data sent
    /// before it is established waits in the send queue.
    ///
    /// # Errors
    ///
    /// [`Error::EmptyAddressList`], [`Error::MixedAddressFamilies`],
    /// [`Error::AddressFamilyMismatch`] or usrsctp's error.
    pub fn connect(&self, addrs: &[SocketAddr]) -> Result<AssocId, Error> {
        super::check_family(&self.inner.raw, addrs)?;
        Ok(self.inner.raw.connectx(addrs)?)
    }

    /// Sends one message on the association `info.assoc_id`.
    ///
    /// # Errors
    ///
    /// usrsctp's error.
    #[inline]
    pub fn send(&self, data: &[u8], info: &SendInfo) -> Result<usize, Error> {
        self.inner.send(data, None, info)
    }

    /// Sends one message to `addr`, setting up an association first when there is none
    /// (implicit setup, RFC 6458 §4.1.1).
    ///
    /// # Errors
    ///
    /// usrsctp's error.
    pub fn send_to(&self, data: &[u8], addr: SocketAddr, info: &SendInfo) -> Result<usize, Error> {
        self.inner.send(data, Some(&addr), info)
    }

    /// Receives one message or notification of any association into `buf`.
    ///
    /// # Errors
    ///
    /// As [`SctpStream::recv`].
    #[inline]
    pub fn recv<'b>(&self, buf: &'b mut [u8]) -> Result<Received<'b>, Error> {
        self.inner.recv(buf, false)
    }

    /// Moves an association to its own one-to-one socket (`usrsctp_peeloff`, RFC 6458 §9.2).
    pub fn peeloff(&self, assoc: AssocId) -> Result<SctpStream, Error> {
        let raw = self.inner.raw.peeloff(assoc)?;
        Ok(SctpStream::from_sock(Sock::wrap(
            raw,
            self.inner.stack.clone(),
        )))
    }

    /// The peer addresses of an association.
    ///
    /// # Errors
    ///
    /// usrsctp's error.
    pub fn peer_addrs(&self, assoc: AssocId) -> Result<Vec<SocketAddr>, Error> {
        self.inner.raw.addrs(assoc, false)
    }

    /// The local addresses of an association, or of the socket with [`AssocId::FUTURE`].
    ///
    /// # Errors
    ///
    /// usrsctp's error.
    pub fn local_addrs(&self, assoc: AssocId) -> Result<Vec<SocketAddr>, Error> {
        self.inner.raw.addrs(assoc, true)
    }

    /// The negotiated stream counts of an association: `(inbound, outbound)`.
    pub fn streams(&self, assoc: AssocId) -> Result<(u16, u16), Error> {
        Ok(self.inner.raw.streams(assoc)?)
    }

    /// Shuts an association down gracefully (a send with `SCTP_EOF`, RFC 6458 §5.3.4).
    ///
    /// # Errors
    ///
    /// usrsctp's error.
    pub fn shutdown(&self, assoc: AssocId) -> io::Result<()> {
        let info = SendInfo::new()
            .with_assoc_id(assoc)
            .with_flags(SendFlags::EOF);
        self.inner
            .send(&[], None, &info)
            .map(drop)
            .map_err(io::Error::from)
    }

    /// Aborts an association with `reason` as the user-initiated abort cause (a send with
    /// `SCTP_ABORT`, RFC 6458 §5.3.4).
    ///
    /// # Errors
    ///
    /// usrsctp's error.
    pub fn abort(&self, assoc: AssocId, reason: &[u8]) -> Result<(), Error> {
        let info = SendInfo::new()
            .with_assoc_id(assoc)
            .with_flags(SendFlags::ABORT);
        self.inner.send(reason, None, &info).map(drop)
    }
}

impl_common_methods!(SctpSocket, crate::AssocId::ALL);

//! One-to-many sockets.

use std::fmt;
use std::io::{self, IoSlice};
use std::net::{SocketAddr, ToSocketAddrs};
use std::os::fd::AsRawFd;

use socket2::Type;

use crate::common::{self, impl_common_methods};
use crate::fd::impl_fd_traits;
use crate::{AssocId, Error, Event, Received, SctpStream, SendFlags, SendInfo, sys};

/// A one-to-many style SCTP socket (`SOCK_SEQPACKET`): one socket, many associations, each
/// named by an [`AssocId`] (RFC 6458 §3).
///
/// Associations come up by [`connect`](Self::connect), by [`send_to`](Self::send_to) to a new
/// peer, or from peers once the socket [`listen`](Self::listen)s. Every received message says
/// which association it came on ([`Message::assoc_id`](crate::Message::assoc_id)); every send
/// names one in [`SendInfo::assoc_id`]. [`peeloff`](Self::peeloff) moves an association to its
/// own [`SctpStream`].
///
/// # Examples
///
/// ```no_run
/// use sctp::{Received, SctpSocket, SendInfo};
///
/// let server = SctpSocket::bind("127.0.0.1:3868")?;
/// server.listen(16)?;
/// let mut buf = [0u8; 4096];
/// loop {
///     match server.recv(&mut buf)? {
///         Received::Data(msg) => {
///             let reply = SendInfo::new().with_assoc_id(msg.assoc_id()).with_stream(msg.stream());
///             server.send(msg.data(), &reply)?;
///         }
///         Received::Notification(n) => println!("{n:?}"),
///     }
/// }
/// # Ok::<(), sctp::Error>(())
/// ```
pub struct SctpSocket {
    pub(crate) inner: sys::Sock,
}

impl_fd_traits!(SctpSocket);
impl_common_methods!(SctpSocket, AssocId::ALL);

impl SctpSocket {
    /// Wraps a socket of this crate.
    pub(crate) fn from_sock(inner: sys::Sock) -> SctpSocket {
        SctpSocket { inner }
    }

    /// Opens a one-to-many socket bound to `addr` (port 0 picks a free port). It does not accept
    /// associations until [`listen`](Self::listen).
    ///
    /// `addr` may be anything that resolves to socket addresses; they are tried in turn until
    /// one binds. To bind to several addresses at once, use [`bind_multi`](Self::bind_multi).
    ///
    /// # Errors
    ///
    /// [`Error::EmptyAddressList`] when `addr` resolves to nothing, else the error of the last
    /// address tried.
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

    /// Opens a one-to-many socket bound to every address in `addrs` (`sctp_bindx`).
    ///
    /// # Errors
    ///
    /// [`Error::EmptyAddressList`], [`Error::MixedAddressFamilies`] or the system call's error.
    pub fn bind_multi(addrs: &[SocketAddr]) -> Result<SctpSocket, Error> {
        let domain = common::check_addrs(addrs)?;
        let inner = common::new_socket(domain, Type::SEQPACKET)?;
        common::bind_all(&inner, addrs)?;
        Ok(SctpSocket::from_sock(inner.into()))
    }

    /// Accepts associations from peers, with room for `backlog` pending ones.
    pub fn listen(&self, backlog: i32) -> io::Result<()> {
        self.inner.listen(backlog)
    }

    /// Sets up an association to a peer reachable at the given addresses (`sctp_connectx`,
    /// RFC 6458 §9.9), waits until it is established and returns its id.
    ///
    /// # Errors
    ///
    /// [`Error::EmptyAddressList`], [`Error::MixedAddressFamilies`],
    /// [`Error::AddressFamilyMismatch`] or the system call's error.
    pub fn connect(&self, addrs: &[SocketAddr]) -> Result<AssocId, Error> {
        common::check_addrs_for(&self.inner, addrs)?;
        Ok(sys::connectx(common::fd(&self.inner), addrs)?)
    }

    /// Sends one message on the association `info.assoc_id` (or on all of them with
    /// [`SendFlags::SENDALL`]).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidStream`], [`Error::MessageTooLong`] or the system call's error (`EPIPE`
    /// for an unknown association).
    #[inline]
    pub fn send(&self, data: &[u8], info: &SendInfo) -> Result<usize, Error> {
        common::send(&self.inner, data, None, info)
    }

    /// Sends one message to `addr`, setting up an association first if there is none with that
    /// peer (implicit setup, RFC 6458 §3.1.5); `info.assoc_id` is ignored.
    #[inline]
    pub fn send_to(&self, data: &[u8], addr: SocketAddr, info: &SendInfo) -> Result<usize, Error> {
        match common::send(&self.inner, data, Some(&addr), info) {
            // Telling an IPv6 address on an IPv4 socket apart takes the socket's family, a system
            // call, so it is asked only once the kernel has refused the send (an IPv4 address fits
            // every socket).
            Err(e) if addr.is_ipv6() => Err(common::check_addrs_for(&self.inner, &[addr])
                .err()
                .unwrap_or(e)),
            result => result,
        }
    }

    /// Sends one message gathered from several slices, on the association `info.assoc_id`
    /// (see [`SctpStream::send_vectored`]).
    ///
    /// # Errors
    ///
    /// As [`send`](Self::send).
    pub fn send_vectored(&self, bufs: &[IoSlice<'_>], info: &SendInfo) -> Result<usize, Error> {
        common::send_vectored(&self.inner, bufs, None, info)
    }

    /// Receives the next message or notification of any association without taking it from
    /// the queue (`MSG_PEEK`; see [`SctpStream::peek`]).
    ///
    /// # Errors
    ///
    /// As [`SctpStream::peek`].
    pub fn peek<'b>(&self, buf: &'b mut [u8]) -> Result<Received<'b>, Error> {
        let meta = common::peek_meta(&self.inner, buf, false)?;
        common::received(buf, &meta)
    }

    /// Receives one message, a part of one, or a notification of any association into `buf`.
    ///
    /// # Errors
    ///
    /// As [`SctpStream::recv`].
    #[inline]
    pub fn recv<'b>(&self, buf: &'b mut [u8]) -> Result<Received<'b>, Error> {
        common::recv(&self.inner, buf, false)
    }

    /// Like [`recv`](Self::recv), and also asks the kernel for the address the message came
    /// from, which [`Message::from`](crate::Message::from) then returns.
    ///
    /// `recv` leaves it out: the [`AssocId`] of [`Message::assoc_id`](crate::Message::assoc_id)
    /// names the peer, and the address costs a copy per message that only code tracking paths
    /// needs (as `recv` and `recv_from` of a UDP socket).
    ///
    /// # Errors
    ///
    /// As [`SctpStream::recv`].
    #[inline]
    pub fn recv_from<'b>(&self, buf: &'b mut [u8]) -> Result<Received<'b>, Error> {
        common::recv(&self.inner, buf, true)
    }

    /// Moves an association to a new one-to-one socket (`sctp_peeloff`, RFC 6458 §9.2). Data and
    /// notifications of that association arrive there from now on; the other associations stay.
    pub fn peeloff(&self, assoc: AssocId) -> Result<SctpStream, Error> {
        let fd = sys::peeloff(common::fd(&self.inner), assoc)?;
        Ok(SctpStream::from(fd))
    }

    /// Every address of the peer of an association (`sctp_getpaddrs`, RFC 6458 §9.3).
    pub fn peer_addrs(&self, assoc: AssocId) -> Result<Vec<SocketAddr>, Error> {
        sys::addrs(common::fd(&self.inner), assoc, false)
    }

    /// The local addresses of an association, or those the socket is bound to for
    /// [`AssocId::FUTURE`] (`sctp_getladdrs`, RFC 6458 §9.5).
    pub fn local_addrs(&self, assoc: AssocId) -> Result<Vec<SocketAddr>, Error> {
        sys::addrs(common::fd(&self.inner), assoc, true)
    }

    /// Makes the peer address `addr` the primary path of an association (`SCTP_PRIMARY_ADDR`).
    pub fn set_primary(&self, assoc: AssocId, addr: SocketAddr) -> Result<(), Error> {
        Ok(sys::set_primary(common::fd(&self.inner), assoc, &addr)?)
    }

    /// Asks the peer of an association to use the local address `addr` as its primary path
    /// (`SCTP_SET_PEER_PRIMARY_ADDR`); see [`SctpStream::set_peer_primary`].
    pub fn set_peer_primary(&self, assoc: AssocId, addr: SocketAddr) -> Result<(), Error> {
        Ok(sys::set_peer_primary(
            common::fd(&self.inner),
            assoc,
            &addr,
        )?)
    }

    /// Shuts one association down gracefully (a send with `SCTP_EOF`, RFC 6458 §5.3.4; the
    /// SHUTDOWN of RFC 9260 §9.2 once its queued data is acknowledged). As with
    /// [`SctpStream::shutdown`]`(Shutdown::Write)`, the peer reads the end of the association
    /// and may send no new messages. `shutdown(2)` itself has no meaning on a one-to-many
    /// socket, which is why this one names an association.
    ///
    /// # Errors
    ///
    /// The system call's error (`EINVAL` for an unknown association on Linux).
    pub fn shutdown(&self, assoc: AssocId) -> io::Result<()> {
        let info = SendInfo::new()
            .with_assoc_id(assoc)
            .with_flags(SendFlags::EOF);
        sys::send(self.inner.raw_fd(), &[], None, &info).map(drop)
    }

    /// Aborts one association at once, sending `reason` to the peer (a send with `SCTP_ABORT`).
    pub fn abort(&self, assoc: AssocId, reason: &[u8]) -> Result<(), Error> {
        let info = SendInfo::new()
            .with_assoc_id(assoc)
            .with_flags(SendFlags::ABORT);
        common::send(&self.inner, reason, None, &info).map(drop)
    }

    /// Subscribes one association (or a group: [`AssocId::FUTURE`], [`AssocId::CURRENT`],
    /// [`AssocId::ALL`]) to the given notifications (`SCTP_EVENT`).
    pub fn subscribe_assoc(&self, assoc: AssocId, events: &[Event]) -> Result<(), Error> {
        for event in events {
            sys::set_event(common::fd(&self.inner), assoc, event.sn_type(), true)?;
        }
        Ok(())
    }

    /// Unsubscribes one association (or a group) from the given notifications.
    pub fn unsubscribe_assoc(&self, assoc: AssocId, events: &[Event]) -> Result<(), Error> {
        for event in events {
            sys::set_event(common::fd(&self.inner), assoc, event.sn_type(), false)?;
        }
        Ok(())
    }
}

impl fmt::Debug for SctpSocket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SctpSocket")
            .field("fd", &self.inner.as_raw_fd())
            .finish()
    }
}

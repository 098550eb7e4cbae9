//! One-to-one associations.

use std::fmt;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr};
use std::os::fd::AsRawFd;

use socket2::Type;

use crate::common::{self, impl_common_methods};
use crate::fd::impl_fd_traits;
use crate::{AssocId, Error, Received, SendInfo, sys};

/// One association on a one-to-one style SCTP socket (`SOCK_STREAM`), the counterpart of
/// [`std::net::TcpStream`] (RFC 6458 §4).
///
/// Made by [`SctpStream::connect`], [`SctpListener::accept`](crate::SctpListener::accept) or
/// [`SctpSocket::peeloff`](crate::SctpSocket::peeloff). [`send`](Self::send) and
/// [`recv`](Self::recv) keep SCTP's message boundaries and metadata; [`Read`] and [`Write`]
/// give a plain byte interface (stream 0, ppid 0, notifications skipped).
///
/// # Examples
///
/// ```no_run
/// use sctp::{Received, SctpStream, SendInfo};
///
/// let stream = SctpStream::connect("127.0.0.1:3868".parse().unwrap())?;
/// stream.send(b"hello", &SendInfo::new().with_stream(1).with_ppid(46))?;
/// let mut buf = [0u8; 4096];
/// if let Received::Data(msg) = stream.recv(&mut buf)? {
///     println!("{} bytes on stream {}", msg.data().len(), msg.stream());
/// }
/// # Ok::<(), sctp::Error>(())
/// ```
pub struct SctpStream {
    pub(crate) inner: sys::Sock,
}

impl_fd_traits!(SctpStream);
impl_common_methods!(SctpStream, AssocId::FUTURE);

impl SctpStream {
    /// Sets up an association to `addr` and waits until it is established.
    pub fn connect(addr: SocketAddr) -> Result<SctpStream, Error> {
        SctpStream::connect_multi(&[addr])
    }

    /// Sets up an association to a peer reachable at several addresses (`sctp_connectx`,
    /// RFC 6458 §9.9) and waits until it is established.
    ///
    /// # Errors
    ///
    /// [`Error::EmptyAddressList`], [`Error::MixedAddressFamilies`] or the system call's error.
    pub fn connect_multi(addrs: &[SocketAddr]) -> Result<SctpStream, Error> {
        let domain = common::check_addrs(addrs)?;
        let inner = common::new_socket(domain, Type::STREAM)?;
        sys::connectx(common::fd(&inner), addrs)?;
        Ok(SctpStream {
            inner: inner.into(),
        })
    }

    /// Sends one message with the given metadata; returns the number of bytes sent, which is the
    /// whole message. `info.assoc_id` is ignored.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidStream`] when `info.stream` is not below the number of outbound streams,
    /// [`Error::MessageTooLong`] when the message exceeds the send buffer, or the system call's
    /// error (`EPIPE` after the association ended).
    #[inline]
    pub fn send(&self, data: &[u8], info: &SendInfo) -> Result<usize, Error> {
        common::send(&self.inner, data, None, info)
    }

    /// Receives one message, a part of one, or a notification into `buf`; see [`Received`].
    ///
    /// An empty [`Message`](crate::Message) means the association has ended (the peer shut it
    /// down, or it is closed).
    ///
    /// # Errors
    ///
    /// [`Error::NotificationTruncated`], [`Error::Notification`] or the system call's error. A
    /// message whose ancillary data the kernel cut short is returned, not an error (see
    /// [`Message::is_control_truncated`](crate::Message::is_control_truncated)).
    #[inline]
    pub fn recv<'b>(&self, buf: &'b mut [u8]) -> Result<Received<'b>, Error> {
        common::recv_stream(&self.inner, buf, false)
    }

    /// Like [`recv`](Self::recv), and also asks the kernel for the address of the peer path
    /// the message came from, which [`Message::from`](crate::Message::from) then returns.
    ///
    /// `recv` leaves it out: on a one-to-one socket the sender is always the peer
    /// ([`peer_addr`](Self::peer_addr)), and the address costs a copy per message that only
    /// multi-homing diagnostics need.
    ///
    /// # Errors
    ///
    /// As for [`recv`](Self::recv).
    #[inline]
    pub fn recv_from<'b>(&self, buf: &'b mut [u8]) -> Result<Received<'b>, Error> {
        common::recv_stream(&self.inner, buf, true)
    }

    /// The peer's primary address (`getpeername`).
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.inner
            .peer_addr()?
            .as_socket()
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "not an IP socket address"))
    }

    /// Every address of the peer (`sctp_getpaddrs`, RFC 6458 §9.3).
    pub fn peer_addrs(&self) -> Result<Vec<SocketAddr>, Error> {
        sys::addrs(common::fd(&self.inner), AssocId::FUTURE, false)
    }

    /// Every local address of the association (`sctp_getladdrs`, RFC 6458 §9.5).
    pub fn local_addrs(&self) -> Result<Vec<SocketAddr>, Error> {
        sys::addrs(common::fd(&self.inner), AssocId::FUTURE, true)
    }

    /// Makes the peer address `addr` the primary path for sending (`SCTP_PRIMARY_ADDR`,
    /// RFC 6458 §8.1.10).
    pub fn set_primary(&self, addr: SocketAddr) -> Result<(), Error> {
        Ok(sys::set_primary(
            common::fd(&self.inner),
            AssocId::FUTURE,
            &addr,
        )?)
    }

    /// Asks the peer to use the local address `addr` as its primary path
    /// (`SCTP_SET_PEER_PRIMARY_ADDR`, RFC 6458 §8.3.2).
    ///
    /// # Platform-specific behavior
    ///
    /// Needs dynamic address reconfiguration (RFC 5061); Linux refuses with `EPERM` unless
    /// `net.sctp.addip_enable` is 1 on both ends.
    pub fn set_peer_primary(&self, addr: SocketAddr) -> Result<(), Error> {
        Ok(sys::set_peer_primary(
            common::fd(&self.inner),
            AssocId::FUTURE,
            &addr,
        )?)
    }

    /// Shuts the association down gracefully (SHUTDOWN chunk, RFC 9260 §9.2) after the queued
    /// data is acknowledged: the peer reads an end of stream. Receiving stays possible until the
    /// peer completes the shutdown.
    pub fn shutdown(&self) -> io::Result<()> {
        self.inner.shutdown(Shutdown::Write)
    }

    /// Aborts the association at once and closes the socket (an ABORT chunk, RFC 9260 §9.1);
    /// queued data is dropped and the peer sees the association lost.
    ///
    /// # Platform-specific behavior
    ///
    /// Linux refuses the `SCTP_ABORT` send flag on one-to-one sockets, so this sets a zero
    /// linger time and closes, which sends an ABORT without a reason. To send a reason, use a
    /// one-to-many socket ([`SctpSocket::abort`](crate::SctpSocket::abort)).
    pub fn abort(self) -> Result<(), Error> {
        self.inner.set_linger(Some(std::time::Duration::ZERO))?;
        drop(self);
        Ok(())
    }
}

impl Read for SctpStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        common::read(&self.inner, buf)
    }
}

impl Read for &SctpStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        common::read(&self.inner, buf)
    }
}

impl Write for SctpStream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        (&*self).write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Write for &SctpStream {
    /// Sends `buf` as one message on stream 0 with ppid 0.
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        Ok(common::send(&self.inner, buf, None, &SendInfo::new())?)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl fmt::Debug for SctpStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SctpStream")
            .field("fd", &self.inner.as_raw_fd())
            .finish()
    }
}

//! One-to-one associations.

use std::fmt;
use std::io::{self, IoSlice, Read, Write};
use std::net::{Shutdown, SocketAddr, ToSocketAddrs};
use std::os::fd::AsRawFd;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

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
/// give a plain byte interface for code written against `TcpStream`.
///
/// # The byte interface
///
/// - [`Read`] returns the data of one message per call (or as much of it as fits; the rest
///   comes with the next calls), skipping notifications; `Ok(0)` is the end of the association.
/// - [`Write`] sends one message per call, on the stream and with the ppid set by
///   [`set_write_info`](Self::set_write_info) (stream 0, ppid 0 by default). It keeps the
///   `io::Write` contract: an empty buffer is `Ok(0)` and sends nothing, and a buffer longer
///   than the socket takes in one message (its send buffer, `SO_SNDBUF`) is sent in part — one
///   message of as many bytes as fit — and the count returned, so `write_all` and `io::copy`
///   move any amount of data. The receiver sees the pieces as separate messages: when message
///   boundaries matter, use [`send`](Self::send).
///
/// # Examples
///
/// ```no_run
/// use sctp::{Received, SctpStream, SendInfo};
///
/// let stream = SctpStream::connect("127.0.0.1:3868")?;
/// stream.send(b"hello", &SendInfo::new().with_stream(1).with_ppid(46))?;
/// let mut buf = [0u8; 4096];
/// if let Received::Data(msg) = stream.recv(&mut buf)? {
///     println!("{} bytes on stream {}", msg.data().len(), msg.stream());
/// }
/// # Ok::<(), sctp::Error>(())
/// ```
pub struct SctpStream {
    pub(crate) inner: sys::Sock,
    /// The stream (high 32 bits) and ppid (low 32 bits) that `Write` sends with; atomic so that
    /// `&SctpStream` writes and can be shared between threads.
    write_info: AtomicU64,
}

impl_fd_traits!(SctpStream);
impl_common_methods!(SctpStream, AssocId::FUTURE);

impl SctpStream {
    /// Wraps a socket of this crate.
    pub(crate) fn from_sock(inner: sys::Sock) -> SctpStream {
        SctpStream {
            inner,
            write_info: AtomicU64::new(0),
        }
    }

    /// Sets up an association to `addr` and waits until it is established.
    ///
    /// Like [`TcpStream::connect`](std::net::TcpStream::connect), `addr` may be anything that
    /// resolves to socket addresses (`"host:port"`, a `(host, port)` pair, a `SocketAddr`); they
    /// are tried in turn until one association comes up. To give the peer several addresses of
    /// one association (multi-homing), use [`connect_multi`](Self::connect_multi).
    ///
    /// # Errors
    ///
    /// [`Error::EmptyAddressList`] when `addr` resolves to nothing, else the error of the last
    /// address tried.
    pub fn connect(addr: impl ToSocketAddrs) -> Result<SctpStream, Error> {
        let mut last = Error::EmptyAddressList;
        for a in addr.to_socket_addrs()? {
            match SctpStream::connect_multi(&[a]) {
                Ok(stream) => return Ok(stream),
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    /// Sets up an association to `addr`, failing with [`io::ErrorKind::TimedOut`] if it is not
    /// established within `timeout` (the counterpart of
    /// [`TcpStream::connect_timeout`](std::net::TcpStream::connect_timeout)).
    ///
    /// The stream is returned in blocking mode.
    ///
    /// # Errors
    ///
    /// The system call's error; `InvalidInput` for a zero `timeout`.
    pub fn connect_timeout(addr: &SocketAddr, timeout: Duration) -> io::Result<SctpStream> {
        let socket = common::new_socket(socket2::Domain::for_address(*addr), Type::STREAM)?;
        socket.connect_timeout(&(*addr).into(), timeout)?;
        Ok(SctpStream::from_sock(socket.into()))
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
        Ok(SctpStream::from_sock(inner.into()))
    }

    /// Sets the stream and the payload protocol identifier (host order) of the messages sent
    /// through [`Write`] (and `AsyncWrite` on the async stream); both are 0 until set. A
    /// [`try_clone`](Self::try_clone) starts again from 0.
    pub fn set_write_info(&self, stream: u16, ppid: u32) {
        self.write_info.store(
            (u64::from(stream) << 32) | u64::from(ppid),
            Ordering::Relaxed,
        );
    }

    /// The stream and ppid that [`Write`] sends with.
    pub fn write_info(&self) -> (u16, u32) {
        let v = self.write_info.load(Ordering::Relaxed);
        ((v >> 32) as u16, v as u32)
    }

    /// The `Write` behaviour (see the type's docs).
    pub(crate) fn write_message(&self, buf: &[u8]) -> io::Result<usize> {
        let (stream, ppid) = self.write_info();
        let info = SendInfo::new().with_stream(stream).with_ppid(ppid);
        common::write_message(&self.inner, buf, &info)
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

    /// Sends one message gathered from several slices (one `sendmsg` with several `iovec`s),
    /// as [`send`](Self::send) would send their concatenation: a header and a body need not be
    /// copied into one buffer first.
    ///
    /// # Errors
    ///
    /// As [`send`](Self::send).
    pub fn send_vectored(&self, bufs: &[IoSlice<'_>], info: &SendInfo) -> Result<usize, Error> {
        common::send_vectored(&self.inner, bufs, None, info)
    }

    /// Receives the next message (or the part of it that fits), or notification, into `buf`
    /// without taking it from the queue (`MSG_PEEK`): the next `recv` returns it again, with
    /// the same metadata.
    ///
    /// # Errors
    ///
    /// As [`recv`](Self::recv), except that a notification longer than `buf` stays queued, and
    /// [`Error::NotificationTruncated`]'s `len` is then the part that was read.
    pub fn peek<'b>(&self, buf: &'b mut [u8]) -> Result<Received<'b>, Error> {
        let meta = common::peek_meta(&self.inner, buf, true)?;
        common::received(buf, &meta)
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

    /// Shuts down sending, receiving or both, as `shutdown(2)` (RFC 6458 §4.1.7) — what that
    /// means for an association differs from TCP:
    ///
    /// - [`Shutdown::Write`]: a graceful shutdown of the whole association (SHUTDOWN chunk,
    ///   RFC 9260 §9.2) once the queued data is acknowledged. The peer reads the end of the
    ///   association after the data sent before. SCTP has no half-closed state: the peer may
    ///   not send *new* messages from then on, only what it had already queued, which this end
    ///   still receives until the shutdown completes.
    /// - [`Shutdown::Read`]: local only, nothing is sent. Messages already queued here are still
    ///   returned, then receiving returns the end of the association (an empty message,
    ///   `Read` returns 0); what the peer sends later is acknowledged and discarded. Sending
    ///   still works.
    /// - [`Shutdown::Both`]: both of the above.
    ///
    /// # Errors
    ///
    /// `ENOTCONN` (`NotConnected`) on a socket without an association.
    pub fn shutdown(&self, how: Shutdown) -> io::Result<()> {
        self.inner.shutdown(how)
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
    /// Sends up to one message's worth of `buf` (see [the type's docs](SctpStream)); `Ok(0)`
    /// for an empty `buf`.
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_message(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl fmt::Debug for SctpStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SctpStream")
            .field("fd", &self.inner.as_raw_fd())
            .field("write_info", &self.write_info())
            .finish()
    }
}

//! One association on its own socket, on the userland stack.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, ToSocketAddrs};

use super::{SctpBuilder, Sock, impl_common_methods};
use crate::{AssocId, Error, Received, SendInfo};

/// One association on a one-to-one usrsctp socket: the counterpart of [`crate::SctpStream`].
///
/// # Examples
///
/// ```no_run
/// use sctp::userland::SctpStream;
/// use sctp::{Received, SendInfo};
///
/// let stream = SctpStream::connect("127.0.0.1:5000")?;
/// stream.send(b"ping", &SendInfo::new().with_ppid(46))?;
/// let mut buf = [0u8; 1024];
/// if let Received::Data(msg) = stream.recv(&mut buf)? {
///     println!("{:?} on stream {}", msg.data(), msg.stream());
/// }
/// # Ok::<(), sctp::Error>(())
/// ```
pub struct SctpStream {
    pub(crate) inner: Sock,
}

impl SctpStream {
    /// Sets up an association to `addr` and returns once it is established.
    ///
    /// As [`crate::SctpStream::connect`], `addr` may be anything that resolves to socket
    /// addresses; they are tried in turn until one association comes up. To give the peer
    /// several addresses of one association, use [`connect_multi`](Self::connect_multi).
    ///
    /// # Errors
    ///
    /// [`Error::EmptyAddressList`] when `addr` resolves to nothing, else the error of the last
    /// address tried: usrsctp's, e.g. `ECONNREFUSED` when the peer answers with an ABORT.
    pub fn connect(addr: impl ToSocketAddrs) -> Result<SctpStream, Error> {
        let mut last = Error::EmptyAddressList;
        for a in addr.to_socket_addrs()? {
            match SctpBuilder::new().connect(&[a]) {
                Ok(stream) => return Ok(stream),
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    /// Sets up an association to a multi-homed peer (`usrsctp_connectx`, RFC 6458 §9.9).
    ///
    /// # Errors
    ///
    /// As [`SctpBuilder::connect`].
    pub fn connect_multi(addrs: &[SocketAddr]) -> Result<SctpStream, Error> {
        SctpBuilder::new().connect(addrs)
    }

    /// Sends one message with its metadata (`usrsctp_sendv` with SNDINFO, and PRINFO and
    /// AUTHINFO when given); returns the bytes sent.
    ///
    /// # Errors
    ///
    /// usrsctp's error.
    #[inline]
    pub fn send(&self, data: &[u8], info: &SendInfo) -> Result<usize, Error> {
        self.inner.send(data, None, info)
    }

    /// Receives one message or notification into `buf` (`usrsctp_recvv`). The end of the
    /// association reads as an empty, complete message.
    ///
    /// # Errors
    ///
    /// [`Error::EmptyBuffer`], [`Error::NotificationTruncated`], [`Error::Notification`] or
    /// usrsctp's error.
    #[inline]
    pub fn recv<'b>(&self, buf: &'b mut [u8]) -> Result<Received<'b>, Error> {
        self.inner.recv(buf, true)
    }

    /// The peer's primary address (first of `usrsctp_getpaddrs`).
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.inner.first_addr(false)
    }

    /// Every address of the peer (`usrsctp_getpaddrs`, RFC 6458 §9.3).
    ///
    /// # Errors
    ///
    /// usrsctp's error.
    pub fn peer_addrs(&self) -> Result<Vec<SocketAddr>, Error> {
        self.inner.raw.addrs(AssocId::FUTURE, false)
    }

    /// Every local address of the association (`usrsctp_getladdrs`, RFC 6458 §9.5).
    ///
    /// # Errors
    ///
    /// usrsctp's error.
    pub fn local_addrs(&self) -> Result<Vec<SocketAddr>, Error> {
        self.inner.raw.addrs(AssocId::FUTURE, true)
    }

    /// The negotiated stream counts: `(inbound, outbound)` (`SCTP_STATUS`).
    pub fn streams(&self) -> Result<(u16, u16), crate::Error> {
        Ok(self.inner.raw.streams(AssocId::FUTURE)?)
    }

    /// Shuts the association down, as [`crate::SctpStream::shutdown`]: [`Shutdown::Write`]
    /// starts the graceful shutdown (SHUTDOWN chunk, RFC 9260 §9.2) after the queued data is
    /// acknowledged, and receiving stays possible until the peer completes it;
    /// [`Shutdown::Read`] and [`Shutdown::Both`] are handed to usrsctp's `shutdown` as
    /// `SHUT_RD` and `SHUT_RDWR`.
    ///
    /// [`Shutdown::Write`]: std::net::Shutdown::Write
    /// [`Shutdown::Read`]: std::net::Shutdown::Read
    /// [`Shutdown::Both`]: std::net::Shutdown::Both
    pub fn shutdown(&self, how: std::net::Shutdown) -> io::Result<()> {
        self.inner.raw.shutdown(match how {
            std::net::Shutdown::Write => libc::SHUT_WR,
            std::net::Shutdown::Read => libc::SHUT_RD,
            std::net::Shutdown::Both => libc::SHUT_RDWR,
        })
    }
}

impl_common_methods!(SctpStream, crate::AssocId::FUTURE);

impl Read for SctpStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf)
    }
}

impl Read for &SctpStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf)
    }
}

impl Write for SctpStream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        Ok(self.inner.send(buf, None, &SendInfo::new())?)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Write for &SctpStream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        Ok(self.inner.send(buf, None, &SendInfo::new())?)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

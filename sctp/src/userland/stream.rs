//! One association on its own socket, on the userland stack.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, ToSocketAddrs};
use std::sync::atomic::{AtomicU64, Ordering};

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
    /// The stream (high half) and ppid (low half) that `Write` sends with.
    pub(crate) write_info: AtomicU64,
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

    /// Aborts the association at once and closes the socket (an ABORT chunk, RFC 9260 §9.1);
    /// queued data is dropped and the peer sees the association lost (`COMM_LOST`, RFC 6458
    /// §6.1.1, to a subscriber; its receives and sends fail), as with
    /// [`crate::SctpStream::abort`].
    ///
    /// usrsctp (FreeBSD's stack) takes the `SCTP_ABORT` send flag on one-to-one sockets, which
    /// Linux refuses, so this is a send with `SCTP_ABORT` (RFC 6458 §5.3.4) and no reason, then
    /// the close: the same ABORT the kernel type's zero linger time sends. An association that
    /// has already ended has nothing left to abort: the socket is closed and the call succeeds,
    /// as on the kernel type.
    ///
    /// # Errors
    ///
    /// usrsctp's error, other than the association being gone already; the socket is closed
    /// either way.
    pub fn abort(self) -> Result<(), Error> {
        let info = SendInfo::new().with_flags(crate::SendFlags::ABORT);
        let sent = self.inner.raw.send(&[], None, &info, true);
        drop(self);
        match sent {
            Err(e) if matches!(e.raw_os_error(), Some(libc::EPIPE | libc::ENOTCONN)) => Ok(()),
            r => r.map(drop).map_err(Error::Io),
        }
    }
}

impl SctpStream {
    /// A stream on a connected or accepted userland socket.
    pub(crate) fn from_sock(inner: Sock) -> SctpStream {
        SctpStream {
            inner,
            write_info: AtomicU64::new(0),
        }
    }

    /// Sets the stream and the payload protocol identifier (host order) of the messages sent
    /// through [`Write`] (and `AsyncWrite` on the async stream); both are 0 until set, as on
    /// [`crate::SctpStream::set_write_info`].
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

    /// The `Write` behaviour: nothing for an empty buffer, else one message of at most the send
    /// buffer's size (usrsctp refuses a longer message in one call with `EMSGSIZE`), and how
    /// much of `buf` that was.
    pub(crate) fn write_message(&self, buf: &[u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let (stream, ppid) = self.write_info();
        let info = SendInfo::new().with_stream(stream).with_ppid(ppid);
        match self.inner.send(buf, None, &info) {
            Err(Error::Io(e)) if e.raw_os_error() == Some(libc::EMSGSIZE) => {
                let max = self.inner.raw.send_buffer_size()?;
                if max == 0 || max >= buf.len() {
                    return Err(e);
                }
                Ok(self.inner.send(&buf[..max], None, &info)?)
            }
            r => Ok(r?),
        }
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

/// As on the kernel type: each `write` sends one message of as much of `buf` as the socket
/// takes in one call, on the stream and ppid set with
/// [`set_write_info`](SctpStream::set_write_info), and returns how much that was (so `write_all`
/// and `io::copy` carry any amount); `write(&[])` sends nothing and returns `Ok(0)`.
impl Write for SctpStream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_message(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Write for &SctpStream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_message(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

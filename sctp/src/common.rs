//! Behaviour shared by the three socket types.

use std::io;
use std::net::SocketAddr;
use std::os::fd::BorrowedFd;

use socket2::{Domain, Protocol, Socket, Type};

use crate::{Error, Message, Received, SendInfo, sys};

/// Checks an address list: not empty, one family. Returns the family of the list.
pub(crate) fn check_addrs(addrs: &[SocketAddr]) -> Result<Domain, Error> {
    let first = addrs.first().ok_or(Error::EmptyAddressList)?;
    if addrs.iter().any(|a| a.is_ipv4() != first.is_ipv4()) {
        return Err(Error::MixedAddressFamilies);
    }
    Ok(Domain::for_address(*first))
}

/// Checks an address list against the family of an existing socket: IPv4 addresses fit IPv6
/// sockets (the kernel maps them), IPv6 addresses do not fit IPv4 sockets.
pub(crate) fn check_addrs_for(socket: &Socket, addrs: &[SocketAddr]) -> Result<(), Error> {
    check_addrs(addrs)?;
    // socket2 reads `SO_DOMAIN` on Linux only; elsewhere the bound (or unspecified) local
    // address carries the family.
    #[cfg(target_os = "linux")]
    let domain = socket.domain()?;
    #[cfg(not(target_os = "linux"))]
    let domain = socket.local_addr()?.domain();
    if domain == Domain::IPV4 {
        if let Some(addr) = addrs.iter().find(|a| a.is_ipv6()) {
            return Err(Error::AddressFamilyMismatch { addr: *addr });
        }
    }
    Ok(())
}

/// Opens an SCTP socket of the given style with the crate's defaults (close-on-exec, RCVINFO on).
pub(crate) fn new_socket(domain: Domain, ty: Type) -> io::Result<Socket> {
    let socket = Socket::new(domain, ty, Some(Protocol::SCTP))?;
    sys::set_recv_rcvinfo(fd(&socket), true)?;
    Ok(socket)
}

#[inline(always)]
pub(crate) fn fd(socket: &Socket) -> BorrowedFd<'_> {
    use std::os::fd::AsFd;
    socket.as_fd()
}

/// Binds every address in `addrs` (one `bind` for a single address, `sctp_bindx` otherwise).
pub(crate) fn bind_all(socket: &Socket, addrs: &[SocketAddr]) -> Result<(), Error> {
    check_addrs_for(socket, addrs)?;
    if let [one] = addrs {
        socket.bind(&(*one).into())?;
    } else {
        sys::bindx(fd(socket), addrs, true)?;
    }
    Ok(())
}

/// Sends one message, turning the kernel's `EINVAL`/`EMSGSIZE` into typed errors where the
/// cause can be established (which takes extra system calls, on the error path only).
///
/// Inlined into the public methods, so that a send is one body around the system call.
#[inline(always)]
pub(crate) fn send(
    socket: &sys::Sock,
    data: &[u8],
    to: Option<&SocketAddr>,
    info: &SendInfo,
) -> Result<usize, Error> {
    match sys::send(socket.fd(), data, to, info) {
        Ok(n) => Ok(n),
        Err(e) => Err(classify_send_error(socket, e, data.len(), info)),
    }
}

/// Sends one message gathered from several slices, with the errors of [`send`].
pub(crate) fn send_vectored(
    socket: &sys::Sock,
    bufs: &[io::IoSlice<'_>],
    to: Option<&SocketAddr>,
    info: &SendInfo,
) -> Result<usize, Error> {
    match sys::send_vectored(socket.fd(), bufs, to, info) {
        Ok(n) => Ok(n),
        Err(e) => {
            let len = bufs.iter().map(|b| b.len()).sum();
            Err(classify_send_error(socket, e, len, info))
        }
    }
}

/// The `io::Write` behaviour on a message socket: nothing for an empty buffer (`Ok(0)`, as
/// `io::Write` requires), else one message of as much of `buf` as the socket takes in one
/// call, and how much that was.
pub(crate) fn write_message(socket: &sys::Sock, buf: &[u8], info: &SendInfo) -> io::Result<usize> {
    if buf.is_empty() {
        return Ok(0);
    }
    match send(socket, buf, None, info) {
        Ok(n) => Ok(n),
        // Longer than the send buffer: send the part that fits as one message; `write_all`
        // comes back for the rest.
        Err(Error::MessageTooLong { max, .. }) if max > 0 && max < buf.len() => {
            Ok(send(socket, &buf[..max], None, info)?)
        }
        Err(e) => Err(e.into()),
    }
}

#[cold]
#[inline(never)]
fn classify_send_error(socket: &Socket, err: io::Error, len: usize, info: &SendInfo) -> Error {
    match err.raw_os_error() {
        Some(libc::EINVAL) => match sys::outbound_streams(fd(socket), info.assoc_id) {
            Ok(streams) if streams > 0 && info.stream >= streams => Error::InvalidStream {
                stream: info.stream,
                streams,
            },
            _ => Error::Io(err),
        },
        Some(libc::EMSGSIZE) => match sys::send_buffer_size(fd(socket)) {
            Ok(max) if len > max => Error::MessageTooLong { len, max },
            _ => Error::Io(err),
        },
        _ => Error::Io(err),
    }
}

/// Receives one message or notification into `buf`.
#[inline(always)]
pub(crate) fn recv<'b>(socket: &sys::Sock, buf: &'b mut [u8]) -> Result<Received<'b>, Error> {
    recv_inner(socket, buf, false)
}

/// Receives on a one-to-one socket: once the association is gone the kernel answers
/// `ENOTCONN`, which is reported as the end of the stream (an empty message), as after a
/// graceful shutdown.
#[inline(always)]
pub(crate) fn recv_stream<'b>(
    socket: &sys::Sock,
    buf: &'b mut [u8],
) -> Result<Received<'b>, Error> {
    recv_inner(socket, buf, true)
}

#[inline(always)]
fn recv_inner<'b>(
    socket: &sys::Sock,
    buf: &'b mut [u8],
    notconn_is_eof: bool,
) -> Result<Received<'b>, Error> {
    let meta = recv_meta(socket, buf, notconn_is_eof)?;
    received(buf, meta)
}

/// The system-call half of a receive: fills `buf` and returns what the kernel said about it,
/// borrowing nothing (so that async callers can retry it in a loop).
///
/// The rare outcomes (an error, a notification cut short) are handled out of line, so that the
/// steady state is the system call and a few tests of its result.
#[inline(always)]
pub(crate) fn recv_meta(
    socket: &sys::Sock,
    buf: &mut [u8],
    notconn_is_eof: bool,
) -> Result<sys::RecvMeta, Error> {
    if buf.is_empty() {
        return Err(Error::EmptyBuffer);
    }
    let meta = match sys::recv(socket.fd(), buf) {
        Ok(meta) => meta,
        Err(e) => {
            // Built here rather than returned by the cold function, so that both outcomes stay
            // in registers.
            end_of_stream_or(e, notconn_is_eof)?;
            sys::RecvMeta {
                len: 0,
                notification: false,
                eor: false,
                rcv: None,
                nxt: None,
                from: sys::RawAddr::NONE,
            }
        }
    };
    if meta.notification && !meta.eor {
        return Err(drain_notification(socket, buf, meta.len));
    }
    Ok(meta)
}

/// As [`recv_meta`] with `MSG_PEEK`: the message stays queued. A notification longer than
/// `buf` is reported as [`Error::NotificationTruncated`] and, unlike on a receive, stays queued
/// too.
pub(crate) fn peek_meta(
    socket: &sys::Sock,
    buf: &mut [u8],
    notconn_is_eof: bool,
) -> Result<sys::RecvMeta, Error> {
    if buf.is_empty() {
        return Err(Error::EmptyBuffer);
    }
    let meta = match sys::recv_flags(socket.fd(), buf, libc::MSG_PEEK) {
        Ok(meta) => meta,
        Err(e) => {
            end_of_stream_or(e, notconn_is_eof)?;
            sys::RecvMeta {
                len: 0,
                notification: false,
                eor: false,
                rcv: None,
                nxt: None,
                from: sys::RawAddr::NONE,
            }
        }
    };
    if meta.notification && !meta.eor {
        return Err(Error::NotificationTruncated {
            len: meta.len,
            buf: buf.len(),
        });
    }
    Ok(meta)
}

/// A failed receive: `Ok` when it is the end of the stream (`ENOTCONN` on a one-to-one socket),
/// else the error.
#[cold]
#[inline(never)]
fn end_of_stream_or(err: Error, notconn_is_eof: bool) -> Result<(), Error> {
    match err {
        Error::Io(e) if notconn_is_eof && e.raw_os_error() == Some(libc::ENOTCONN) => Ok(()),
        e => Err(e),
    }
}

/// A notification longer than the buffer: the rest of it is queued in front of everything
/// else; read it out so the next call starts at a message boundary.
#[cold]
#[inline(never)]
fn drain_notification(socket: &sys::Sock, buf: &mut [u8], first: usize) -> Error {
    let mut total = first;
    loop {
        match sys::recv(socket.fd(), buf) {
            Ok(more) => {
                total += more.len;
                if more.eor || more.len == 0 || !more.notification {
                    break;
                }
            }
            Err(e) => return e,
        }
    }
    Error::NotificationTruncated {
        len: total,
        buf: buf.len(),
    }
}

/// The parsing half of a receive: the message or notification `meta` describes in `buf`.
#[inline(always)]
pub(crate) fn received(buf: &[u8], meta: sys::RecvMeta) -> Result<Received<'_>, Error> {
    let bytes = &buf[..meta.len.min(buf.len())];
    if meta.notification {
        return sctp_notify::parse(bytes)
            .map(Received::Notification)
            .map_err(Error::Notification);
    }
    Ok(Received::Data(Message {
        data: bytes,
        rcv_info: meta.rcv,
        nxt_info: meta.nxt,
        from: meta.from,
        // An empty read is the end of the association (no SCTP message is empty).
        complete: meta.eor || meta.len == 0,
    }))
}

/// Reads data only, skipping notifications: the `io::Read` behaviour.
///
/// A notification too long for `buf` is skipped like any other.
pub(crate) fn read(socket: &sys::Sock, buf: &mut [u8]) -> io::Result<usize> {
    if buf.is_empty() {
        return Ok(0);
    }
    loop {
        match recv_stream(socket, buf) {
            Ok(Received::Data(msg)) => return Ok(msg.data().len()),
            Ok(Received::Notification(_)) | Err(Error::NotificationTruncated { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
}

/// Generates the methods every socket type has.
macro_rules! impl_common_methods {
    ($ty:ident, $default_assoc:expr) => {
        impl $ty {
            /// Moves the socket into or out of nonblocking mode (`O_NONBLOCK`).
            ///
            /// In nonblocking mode calls that would wait fail with
            /// [`std::io::ErrorKind::WouldBlock`] instead.
            pub fn set_nonblocking(&self, nonblocking: bool) -> std::io::Result<()> {
                self.inner.set_nonblocking(nonblocking)
            }

            /// Whether the socket is in nonblocking mode.
            pub fn nonblocking(&self) -> std::io::Result<bool> {
                self.inner.nonblocking()
            }

            /// Sets how long a blocking receive (or accept) waits before failing with
            /// [`std::io::ErrorKind::WouldBlock`] (`SO_RCVTIMEO`); `None` waits forever.
            pub fn set_read_timeout(&self, timeout: Option<std::time::Duration>) -> std::io::Result<()> {
                self.inner.set_read_timeout(timeout)
            }

            /// The receive timeout (`SO_RCVTIMEO`).
            pub fn read_timeout(&self) -> std::io::Result<Option<std::time::Duration>> {
                self.inner.read_timeout()
            }

            /// Sets how long a blocking send waits for buffer space (`SO_SNDTIMEO`); `None`
            /// waits forever.
            pub fn set_write_timeout(&self, timeout: Option<std::time::Duration>) -> std::io::Result<()> {
                self.inner.set_write_timeout(timeout)
            }

            /// The send timeout (`SO_SNDTIMEO`).
            pub fn write_timeout(&self) -> std::io::Result<Option<std::time::Duration>> {
                self.inner.write_timeout()
            }

            /// Sets the send buffer size (`SO_SNDBUF`; Linux doubles the value for its own
            /// bookkeeping). On SCTP it also bounds the length of one message.
            pub fn set_send_buffer_size(&self, size: usize) -> std::io::Result<()> {
                self.inner.set_send_buffer_size(size)
            }

            /// The send buffer size (`SO_SNDBUF`), the longest message one send accepts.
            pub fn send_buffer_size(&self) -> std::io::Result<usize> {
                self.inner.send_buffer_size()
            }

            /// Sets the receive buffer size (`SO_RCVBUF`; Linux doubles the value).
            pub fn set_recv_buffer_size(&self, size: usize) -> std::io::Result<()> {
                self.inner.set_recv_buffer_size(size)
            }

            /// The receive buffer size (`SO_RCVBUF`).
            pub fn recv_buffer_size(&self) -> std::io::Result<usize> {
                self.inner.recv_buffer_size()
            }

            /// Takes the pending socket error (`SO_ERROR`), if any.
            pub fn take_error(&self) -> std::io::Result<Option<std::io::Error>> {
                self.inner.take_error()
            }

            /// Opens a second handle to the same socket (`dup` with close-on-exec).
            pub fn try_clone(&self) -> std::io::Result<$ty> {
                Ok($ty::from_sock(self.inner.try_clone()?.into()))
            }

            /// The address the socket is bound to (`getsockname`); with several local addresses
            /// see `local_addrs`.
            pub fn local_addr(&self) -> std::io::Result<std::net::SocketAddr> {
                self.inner.local_addr()?.as_socket().ok_or_else(|| {
                    std::io::Error::new(std::io::ErrorKind::InvalidData, "not an IP socket address")
                })
            }

            /// Adds local addresses to the bound socket (`sctp_bindx` with `SCTP_BINDX_ADD_ADDR`,
            /// RFC 6458 §9.1). Port 0 means the port the socket is bound to.
            ///
            /// # Errors
            ///
            /// [`Error::EmptyAddressList`](crate::Error::EmptyAddressList),
            /// [`Error::MixedAddressFamilies`](crate::Error::MixedAddressFamilies),
            /// [`Error::AddressFamilyMismatch`](crate::Error::AddressFamilyMismatch), or the
            /// system call's error.
            pub fn add_local_addrs(&self, addrs: &[std::net::SocketAddr]) -> Result<(), crate::Error> {
                crate::common::check_addrs_for(&self.inner, addrs)?;
                crate::sys::bindx(crate::common::fd(&self.inner), addrs, true)?;
                Ok(())
            }

            /// Removes local addresses from the socket (`sctp_bindx` with
            /// `SCTP_BINDX_REM_ADDR`, RFC 6458 §9.1). The last address cannot be removed.
            ///
            /// # Errors
            ///
            /// As [`add_local_addrs`](Self::add_local_addrs).
            pub fn remove_local_addrs(&self, addrs: &[std::net::SocketAddr]) -> Result<(), crate::Error> {
                crate::common::check_addrs_for(&self.inner, addrs)?;
                crate::sys::bindx(crate::common::fd(&self.inner), addrs, false)?;
                Ok(())
            }

            /// Subscribes to the given notifications (`SCTP_EVENT`, RFC 6458 §6.2.2); they then
            /// arrive through `recv` as [`Received::Notification`](crate::Received::Notification).
            #[doc = concat!("On this type the subscription applies to `", stringify!($default_assoc), "`.")]
            pub fn subscribe(&self, events: &[crate::Event]) -> std::io::Result<()> {
                for event in events {
                    crate::sys::set_event(crate::common::fd(&self.inner), $default_assoc, event.sn_type(), true)?;
                }
                Ok(())
            }

            /// Unsubscribes from the given notifications (`SCTP_EVENT`).
            pub fn unsubscribe(&self, events: &[crate::Event]) -> std::io::Result<()> {
                for event in events {
                    crate::sys::set_event(crate::common::fd(&self.inner), $default_assoc, event.sn_type(), false)?;
                }
                Ok(())
            }

            /// Turns the `SCTP_RCVINFO` metadata of received messages on or off
            /// (`SCTP_RECVRCVINFO`, RFC 6458 §8.1.29). On by default on sockets this crate
            /// creates.
            pub fn set_recv_rcvinfo(&self, on: bool) -> std::io::Result<()> {
                crate::sys::set_recv_rcvinfo(crate::common::fd(&self.inner), on)
            }

            /// Whether received messages carry `SCTP_RCVINFO`.
            pub fn recv_rcvinfo(&self) -> std::io::Result<bool> {
                crate::sys::recv_rcvinfo(crate::common::fd(&self.inner))
            }

            /// Turns the `SCTP_NXTINFO` metadata (about the message after the one received) on
            /// or off (`SCTP_RECVNXTINFO`, RFC 6458 §8.1.30). Off by default.
            pub fn set_recv_nxtinfo(&self, on: bool) -> std::io::Result<()> {
                crate::sys::set_recv_nxtinfo(crate::common::fd(&self.inner), on)
            }

            /// Whether received messages carry `SCTP_NXTINFO`.
            pub fn recv_nxtinfo(&self) -> std::io::Result<bool> {
                crate::sys::recv_nxtinfo(crate::common::fd(&self.inner))
            }
        }
    };
}
pub(crate) use impl_common_methods;

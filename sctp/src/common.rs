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
    match sys::send(socket.raw_fd(), data, to, info) {
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
    match sys::send_vectored(socket.raw_fd(), bufs, to, info) {
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
pub(crate) fn recv<'b>(
    socket: &sys::Sock,
    buf: &'b mut [u8],
    want_from: bool,
) -> Result<Received<'b>, Error> {
    recv_inner(socket, buf, false, want_from)
}

/// Receives on a one-to-one socket: once the association is gone the kernel answers
/// `ENOTCONN`, which is reported as the end of the stream (an empty message), as after a
/// graceful shutdown. The sender's address is asked for only with `want_from`: on a one-to-one
/// socket it is always the peer.
#[inline(always)]
pub(crate) fn recv_stream<'b>(
    socket: &sys::Sock,
    buf: &'b mut [u8],
    want_from: bool,
) -> Result<Received<'b>, Error> {
    recv_inner(socket, buf, true, want_from)
}

#[inline(always)]
fn recv_inner<'b>(
    socket: &sys::Sock,
    buf: &'b mut [u8],
    notconn_is_eof: bool,
    want_from: bool,
) -> Result<Received<'b>, Error> {
    let meta = recv_meta(socket, buf, notconn_is_eof, want_from)?;
    received(buf, &meta)
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
    want_from: bool,
) -> Result<sys::RecvMeta, Error> {
    recv_meta_with::<{ sys::RECV_CONTROL_LEN }>(socket, buf, notconn_is_eof, want_from)
}

/// [`recv_meta`] with a control buffer of `N` bytes (see [`sys::recv_with`]).
#[inline(always)]
pub(crate) fn recv_meta_with<const N: usize>(
    socket: &sys::Sock,
    buf: &mut [u8],
    notconn_is_eof: bool,
    want_from: bool,
) -> Result<sys::RecvMeta, Error> {
    if buf.is_empty() {
        return Err(Error::EmptyBuffer);
    }
    let meta = sys::recv_with::<N>(socket.raw_fd(), buf, 0, want_from, notconn_is_eof)?;
    if meta.notification() && (!meta.eor() || socket.has_tail()) {
        // Only scalars go to the cold path and only an error comes back, so that the steady
        // state keeps `meta` in one place instead of merging it with another one.
        finish_notification(
            socket,
            meta.len,
            meta.eor(),
            |b| sys::recv_with::<N>(socket.raw_fd(), b, 0, false, false),
            buf,
        )?;
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
    let meta = sys::recv_with::<{ sys::RECV_CONTROL_LEN }>(
        socket.raw_fd(),
        buf,
        libc::MSG_PEEK,
        false,
        notconn_is_eof,
    )?;
    if meta.notification() && !meta.eor() {
        return Err(Error::NotificationTruncated {
            len: meta.len,
            buf: buf.len(),
        });
    }
    Ok(meta)
}

/// A notification that is not whole in `buf`: longer than the buffer (the `len` bytes read, `eor`
/// unset, are its first part; the rest is queued in front of everything else), or the rest of one whose earlier drain
/// failed. Reads out and drops whatever of it is left, so that the next receive starts at a
/// message boundary, and reports [`Error::NotificationTruncated`].
///
/// If a read of the rest fails, its error is returned and the socket remembers (`Sock::set_tail`)
/// that the rest is still queued: the next receive meets it (it comes first, flagged as a
/// notification) and comes here again, instead of parsing the tail as a notification of its own.
/// `read` is the receive call (a parameter so that tests can make it fail).
#[cold]
#[inline(never)]
fn finish_notification(
    socket: &sys::Sock,
    len: usize,
    eor: bool,
    mut read: impl FnMut(&mut [u8]) -> Result<sys::RecvMeta, Error>,
    buf: &mut [u8],
) -> Result<(), Error> {
    let mut total = len;
    match socket.take_tail() {
        // The rest of a notification whose drain failed: what was read is (part of) that rest.
        Some(before) => total += before,
        // A whole notification; the tail record was taken by another thread meanwhile.
        None if eor => return Ok(()),
        None => {}
    }
    let mut done = eor;
    while !done {
        match read(buf) {
            Ok(more) => {
                // The rest of a notification carries the notification flag; anything else (only
                // possible if another thread read the rest) ends the drain.
                if more.notification() {
                    total += more.len;
                }
                done = more.eor() || more.len == 0 || !more.notification();
            }
            Err(Error::Io(e)) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                socket.set_tail(total);
                return Err(e);
            }
        }
    }
    Err(Error::NotificationTruncated {
        len: total,
        buf: buf.len(),
    })
}

/// The parsing half of a receive: the message or notification `meta` describes in `buf`.
#[inline(always)]
pub(crate) fn received<'b>(buf: &'b [u8], meta: &sys::RecvMeta) -> Result<Received<'b>, Error> {
    let bytes = &buf[..meta.len.min(buf.len())];
    if meta.notification() {
        return sctp_notify::parse(bytes)
            .map(Received::Notification)
            .map_err(Error::Notification);
    }
    Ok(Received::Data(Message {
        data: bytes,
        rcv_info: meta.rcv,
        nxt_info: meta.nxt,
        from: meta.from,
        flags: meta.flags,
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
        match recv_stream(socket, buf, false) {
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
            pub fn subscribe(&self, events: &[crate::Event]) -> Result<(), crate::Error> {
                for event in events {
                    crate::sys::set_event(crate::common::fd(&self.inner), $default_assoc, event.sn_type(), true)?;
                }
                Ok(())
            }

            /// Unsubscribes from the given notifications (`SCTP_EVENT`).
            pub fn unsubscribe(&self, events: &[crate::Event]) -> Result<(), crate::Error> {
                for event in events {
                    crate::sys::set_event(crate::common::fd(&self.inner), $default_assoc, event.sn_type(), false)?;
                }
                Ok(())
            }

            /// Turns the `SCTP_RCVINFO` metadata of received messages on or off
            /// (`SCTP_RECVRCVINFO`, RFC 6458 §8.1.29). On by default on sockets this crate
            /// creates.
            pub fn set_recv_rcvinfo(&self, on: bool) -> Result<(), crate::Error> {
                Ok(crate::sys::set_recv_rcvinfo(crate::common::fd(&self.inner), on)?)
            }

            /// Whether received messages carry `SCTP_RCVINFO`.
            pub fn recv_rcvinfo(&self) -> Result<bool, crate::Error> {
                Ok(crate::sys::recv_rcvinfo(crate::common::fd(&self.inner))?)
            }

            /// Turns the `SCTP_NXTINFO` metadata (about the message after the one received) on
            /// or off (`SCTP_RECVNXTINFO`, RFC 6458 §8.1.30). Off by default.
            pub fn set_recv_nxtinfo(&self, on: bool) -> Result<(), crate::Error> {
                Ok(crate::sys::set_recv_nxtinfo(crate::common::fd(&self.inner), on)?)
            }

            /// Whether received messages carry `SCTP_NXTINFO`.
            pub fn recv_nxtinfo(&self) -> Result<bool, crate::Error> {
                Ok(crate::sys::recv_nxtinfo(crate::common::fd(&self.inner))?)
            }
        }
    };
}
pub(crate) use impl_common_methods;

/// `AsyncRead` and `AsyncWrite` on an async stream type and on a shared reference to it (so that
/// `tokio::io::copy(&mut &*stream, ..)` works on an `Arc`), the same for the kernel's and for
/// usrsctp's streams: reads and writes go to the module's `poll_read_impl`/`poll_write_impl`,
/// flushing has nothing to do (a message is handed over whole), and shutting down shuts the
/// sending side (`Shutdown::Write`: a graceful SHUTDOWN) through `get_ref()`.
#[cfg(feature = "tokio")]
macro_rules! impl_async_read_write {
    ($ty:ty) => {
        crate::common::impl_async_read_write!(@for $ty);
        crate::common::impl_async_read_write!(@for &$ty);
    };
    (@for $ty:ty) => {
        impl ::tokio::io::AsyncRead for $ty {
            /// Reads the data of one message (or as much of it as fits), skipping notifications.
            fn poll_read(
                self: ::std::pin::Pin<&mut Self>,
                cx: &mut ::std::task::Context<'_>,
                buf: &mut ::tokio::io::ReadBuf<'_>,
            ) -> ::std::task::Poll<::std::io::Result<()>> {
                poll_read_impl(&self, cx, buf)
            }
        }

        impl ::tokio::io::AsyncWrite for $ty {
            /// Sends up to one message's worth of `buf` (see the blocking type's `Write`).
            fn poll_write(
                self: ::std::pin::Pin<&mut Self>,
                cx: &mut ::std::task::Context<'_>,
                buf: &[u8],
            ) -> ::std::task::Poll<::std::io::Result<usize>> {
                poll_write_impl(&self, cx, buf)
            }

            /// Nothing to do: a message is handed over whole.
            fn poll_flush(
                self: ::std::pin::Pin<&mut Self>,
                _cx: &mut ::std::task::Context<'_>,
            ) -> ::std::task::Poll<::std::io::Result<()>> {
                ::std::task::Poll::Ready(Ok(()))
            }

            /// Shuts the sending side down (`Shutdown::Write`: a graceful SHUTDOWN).
            fn poll_shutdown(
                self: ::std::pin::Pin<&mut Self>,
                _cx: &mut ::std::task::Context<'_>,
            ) -> ::std::task::Poll<::std::io::Result<()>> {
                ::std::task::Poll::Ready(self.get_ref().shutdown(::std::net::Shutdown::Write))
            }
        }
    };
}
#[cfg(feature = "tokio")]
pub(crate) use impl_async_read_write;

#[cfg(test)]
mod tests {
    use super::*;

    fn notification_part(len: usize, eor: bool) -> sys::RecvMeta {
        sys::RecvMeta {
            len,
            flags: sys::MSG_NOTIFICATION | if eor { libc::MSG_EOR } else { 0 },
            ..sys::RecvMeta::EMPTY
        }
    }

    /// Any socket will do: the drain's reads are the test's own.
    fn any_sock() -> sys::Sock {
        Socket::new(Domain::IPV4, Type::DGRAM, None)
            .expect("UDP socket")
            .into()
    }

    /// A failed read of the rest of a long notification is reported, and the rest, met on the
    /// next receive, is dropped as part of that notification instead of parsed as one.
    #[test]
    fn failed_drain_is_remembered_and_finished_on_the_next_receive() {
        let sock = any_sock();
        let mut buf = [0u8; 8];
        let mut reads = 0;
        let err = finish_notification(
            &sock,
            8,
            false,
            |_| {
                reads += 1;
                Err(Error::Io(io::Error::from_raw_os_error(libc::EIO)))
            },
            &mut buf,
        )
        .unwrap_err();
        assert_eq!(reads, 1);
        assert!(matches!(err, Error::Io(e) if e.raw_os_error() == Some(libc::EIO)));
        assert!(sock.has_tail());

        // The next receive gets the rest: 12 more bytes, the end of the notification.
        let err = finish_notification(
            &sock,
            8,
            false,
            |_| Ok(notification_part(4, true)),
            &mut buf,
        )
        .unwrap_err();
        assert!(matches!(
            err,
            Error::NotificationTruncated { len: 20, buf: 8 }
        ));
        assert!(!sock.has_tail());

        // A whole notification after that is the caller's.
        finish_notification(&sock, 8, true, |_| panic!("nothing to drain"), &mut buf).unwrap();
    }

    #[test]
    fn interrupted_drain_reads_are_retried() {
        let sock = any_sock();
        let mut buf = [0u8; 8];
        let mut reads = 0;
        let err = finish_notification(
            &sock,
            8,
            false,
            |_| {
                reads += 1;
                match reads {
                    1 => Err(Error::Io(io::Error::from_raw_os_error(libc::EINTR))),
                    2 => Ok(notification_part(8, false)),
                    _ => Ok(notification_part(3, true)),
                }
            },
            &mut buf,
        )
        .unwrap_err();
        assert!(matches!(
            err,
            Error::NotificationTruncated { len: 19, buf: 8 }
        ));
        assert!(!sock.has_tail());
    }

    /// The kernel tests below receive with a control buffer too small for any control message
    /// (8 bytes, less than a `cmsghdr`), so that the kernel sets `MSG_CTRUNC` whenever it has
    /// one to give: RCVINFO on data, NXTINFO on a notification followed by data.
    const TINY: usize = 8;

    fn pair() -> (crate::SctpStream, crate::SctpStream, crate::SctpListener) {
        let timeout = Some(std::time::Duration::from_secs(10));
        let listener = crate::SctpListener::bind("127.0.0.1:0")
            .expect("SCTP listener (does the kernel have SCTP?)");
        listener.set_read_timeout(timeout).unwrap();
        listener.subscribe(&[crate::Event::AssocChange]).unwrap();
        let client = crate::SctpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (server, _) = listener.accept().unwrap();
        for s in [&client, &server] {
            s.set_read_timeout(timeout).unwrap();
            s.set_write_timeout(timeout).unwrap();
        }
        (client, server, listener)
    }

    #[test]
    #[ignore = "needs kernel SCTP: run by cargo xtask test"]
    fn data_whose_control_messages_are_cut_is_returned() {
        let (client, server, _l) = pair();
        server.set_recv_rcvinfo(true).unwrap();
        let info = SendInfo {
            stream: 1,
            ppid: 7,
            ..SendInfo::default()
        };
        client.send(b"hello", &info).unwrap();
        client.send(b"world", &info).unwrap();
        let mut buf = [0u8; 64];
        // The COMM_UP notification comes first.
        let meta = loop {
            let meta = recv_meta_with::<TINY>(&server.inner, &mut buf, true, false).unwrap();
            if !meta.notification() {
                break meta;
            }
        };
        let Received::Data(msg) = received(&buf, &meta).unwrap() else {
            unreachable!("not a notification")
        };
        assert_eq!(msg.data(), b"hello");
        assert!(msg.is_complete());
        assert!(msg.is_control_truncated());
        assert!(msg.rcv_info().is_none());
        // Nothing was lost: the next message follows, with its metadata in a full-size buffer.
        let Received::Data(msg) = server.recv(&mut buf).unwrap() else {
            panic!("expected data")
        };
        assert_eq!(msg.data(), b"world");
        assert!(!msg.is_control_truncated());
        assert_eq!((msg.stream(), msg.ppid()), (1, 7));
    }

    #[test]
    #[ignore = "needs kernel SCTP: run by cargo xtask test"]
    fn long_notification_whose_control_messages_are_cut_is_drained() {
        let (client, server, _l) = pair();
        // NXTINFO makes the kernel attach a control message to the notification's reads while
        // the data below waits behind it.
        server.set_recv_nxtinfo(true).unwrap();
        client.send(b"after", &SendInfo::default()).unwrap();
        // Wait until the data is queued at the server (acknowledged), behind the notification.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while client.status().unwrap().unacked_data > 0 {
            assert!(
                std::time::Instant::now() < deadline,
                "data not acknowledged"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        // An 8-byte buffer holds the first part of the COMM_UP notification (20 bytes or more).
        let mut small = [0u8; 8];
        match recv_meta_with::<TINY>(&server.inner, &mut small, true, false) {
            Err(Error::NotificationTruncated { len, buf: 8 }) => assert!(len >= 20, "{len}"),
            other => panic!("expected the notification to be cut and drained, got {other:?}"),
        }
        // The rest of the notification is gone: next comes the data.
        let mut buf = [0u8; 64];
        let Received::Data(msg) = server.recv(&mut buf).unwrap() else {
            panic!("expected data after the drained notification")
        };
        assert_eq!(msg.data(), b"after");
    }
}

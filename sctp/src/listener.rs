//! One-to-one listening sockets.

use std::fmt;
use std::io;
use std::net::{SocketAddr, ToSocketAddrs};
use std::os::fd::AsRawFd;

use socket2::Type;

use crate::common::{self, impl_common_methods};
use crate::fd::impl_fd_traits;
use crate::{AssocId, Error, Incoming, SctpStream, sys};

/// Backlog of listeners made by [`SctpListener::bind`] (the builder sets another).
pub(crate) const DEFAULT_BACKLOG: i32 = 128;

/// A one-to-one style SCTP socket (`SOCK_STREAM`) listening for associations, the counterpart of
/// [`std::net::TcpListener`] (RFC 6458 §4).
///
/// Each accepted association is an [`SctpStream`]. To configure the socket before it listens
/// (streams, subscriptions, buffer sizes), use [`SctpBuilder`](crate::SctpBuilder).
///
/// # Examples
///
/// ```no_run
/// use sctp::SctpListener;
///
/// let listener = SctpListener::bind("127.0.0.1:3868")?;
/// let (stream, peer) = listener.accept()?;
/// println!("association from {peer}");
/// # drop(stream);
/// # Ok::<(), sctp::Error>(())
/// ```
pub struct SctpListener {
    pub(crate) inner: sys::Sock,
}

impl_fd_traits!(SctpListener);
impl_common_methods!(SctpListener, AssocId::FUTURE);

impl SctpListener {
    /// Wraps a socket of this crate.
    pub(crate) fn from_sock(inner: sys::Sock) -> SctpListener {
        SctpListener { inner }
    }

    /// Binds to `addr` and listens. Port 0 picks a free port (see
    /// [`local_addr`](Self::local_addr)).
    ///
    /// Like [`TcpListener::bind`](std::net::TcpListener::bind), `addr` may be anything that
    /// resolves to socket addresses; they are tried in turn until one binds. To bind one socket
    /// to several addresses (multi-homing), use [`bind_multi`](Self::bind_multi).
    ///
    /// # Errors
    ///
    /// [`Error::EmptyAddressList`] when `addr` resolves to nothing, else the error of the last
    /// address tried.
    pub fn bind(addr: impl ToSocketAddrs) -> Result<SctpListener, Error> {
        let mut last = Error::EmptyAddressList;
        for a in addr.to_socket_addrs()? {
            match SctpListener::bind_multi(&[a]) {
                Ok(listener) => return Ok(listener),
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    /// Binds to every address in `addrs` (multi-homing, `sctp_bindx`) and listens.
    ///
    /// All addresses must be of one family (use IPv4-mapped IPv6 addresses to mix) and share
    /// one port; port 0 picks a free one for all.
    ///
    /// # Errors
    ///
    /// [`Error::EmptyAddressList`], [`Error::MixedAddressFamilies`] or the system call's error.
    pub fn bind_multi(addrs: &[SocketAddr]) -> Result<SctpListener, Error> {
        let domain = common::check_addrs(addrs)?;
        let inner = common::new_socket(domain, Type::STREAM)?;
        common::bind_all(&inner, addrs)?;
        inner.listen(DEFAULT_BACKLOG)?;
        Ok(SctpListener::from_sock(inner.into()))
    }

    /// Waits for an association and returns it with the peer's primary address.
    pub fn accept(&self) -> io::Result<(SctpStream, SocketAddr)> {
        let (socket, addr) = self.inner.accept()?;
        let addr = addr.as_socket().ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidData, "not an IP socket address")
        })?;
        Ok((SctpStream::from_sock(socket.into()), addr))
    }

    /// An iterator over accepted associations, calling [`accept`](Self::accept) each time.
    pub fn incoming(&self) -> Incoming<'_> {
        Incoming { listener: self }
    }

    /// Every local address the listener is bound to (`sctp_getladdrs`, RFC 6458 §9.5).
    pub fn local_addrs(&self) -> Result<Vec<SocketAddr>, Error> {
        sys::addrs(common::fd(&self.inner), AssocId::FUTURE, true)
    }
}

impl fmt::Debug for SctpListener {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SctpListener")
            .field("fd", &self.inner.as_raw_fd())
            .finish()
    }
}

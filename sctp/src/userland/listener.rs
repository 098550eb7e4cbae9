//! A listening one-to-one socket on the userland stack.

use std::io;
use std::net::{SocketAddr, ToSocketAddrs};

use super::{SctpBuilder, SctpStream, Sock, impl_common_methods};
use crate::{AssocId, Error};

/// A one-to-one listening socket on usrsctp: the counterpart of [`crate::SctpListener`].
///
/// # Examples
///
/// ```no_run
/// use sctp::userland::SctpListener;
///
/// let listener = SctpListener::bind("127.0.0.1:5000")?;
/// for stream in listener.incoming() {
///     let stream = stream?;
///     println!("association from {}", stream.peer_addr()?);
/// }
/// # Ok::<(), sctp::Error>(())
/// ```
pub struct SctpListener {
    pub(crate) inner: Sock,
}

impl SctpListener {
    /// Binds to `addr` and listens. Port 0 picks a free port.
    ///
    /// As [`crate::SctpListener::bind`], `addr` may be anything that resolves to socket
    /// addresses (`"host:port"`, a `(host, port)` pair, a `SocketAddr`); they are tried in turn
    /// until one binds. To bind one socket to several addresses, use
    /// [`bind_multi`](Self::bind_multi).
    ///
    /// # Errors
    ///
    /// [`Error::EmptyAddressList`] when `addr` resolves to nothing, else the error of the last
    /// address tried (usrsctp's, starting the stack included).
    pub fn bind(addr: impl ToSocketAddrs) -> Result<SctpListener, Error> {
        let mut last = Error::EmptyAddressList;
        for a in addr.to_socket_addrs()? {
            match SctpBuilder::new().listener(&[a]) {
                Ok(listener) => return Ok(listener),
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    /// Binds to several local addresses (multi-homing, `usrsctp_bindx`) and listens.
    ///
    /// # Errors
    ///
    /// As [`SctpBuilder::listener`].
    pub fn bind_multi(addrs: &[SocketAddr]) -> Result<SctpListener, Error> {
        SctpBuilder::new().listener(addrs)
    }

    /// Takes the next association (`usrsctp_accept`), waiting at most the read timeout.
    pub fn accept(&self) -> io::Result<(SctpStream, SocketAddr)> {
        self.inner.wait_readable()?;
        let (raw, from) = self.inner.raw.accept()?;
        let stream = SctpStream::from_sock(Sock::wrap(raw, self.inner.stack.clone()));
        let peer = match from {
            Some(addr) => addr,
            None => stream.peer_addr()?,
        };
        Ok((stream, peer))
    }

    /// The associations as they come in; never ends by itself.
    pub fn incoming(&self) -> impl Iterator<Item = io::Result<SctpStream>> + '_ {
        std::iter::repeat_with(|| self.accept().map(|(stream, _)| stream))
    }

    /// Every local address of the socket (`usrsctp_getladdrs`).
    ///
    /// # Errors
    ///
    /// usrsctp's error, or an address of another family than IPv4 and IPv6.
    pub fn local_addrs(&self) -> Result<Vec<SocketAddr>, Error> {
        self.inner.raw.addrs(AssocId::FUTURE, true)
    }
}

impl_common_methods!(SctpListener, crate::AssocId::FUTURE);

//! One-to-one listening sockets.

use std::fmt;

use crate::fd::impl_fd_traits;

/// A one-to-one style SCTP socket (`SOCK_STREAM`) listening for associations, the counterpart of
/// [`std::net::TcpListener`] (RFC 6458 §4).
///
/// Each accepted association is an [`SctpStream`](crate::SctpStream).
///
/// # Examples
///
/// ```no_run
/// use sctp::SctpListener;
///
/// let listener = SctpListener::bind("127.0.0.1:3868".parse().unwrap())?;
/// let (stream, peer) = listener.accept()?;
/// println!("association from {peer}");
/// # drop(stream);
/// # Ok::<(), sctp::Error>(())
/// ```
pub struct SctpListener {
    pub(crate) inner: socket2::Socket,
}

impl_fd_traits!(SctpListener);

impl fmt::Debug for SctpListener {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use std::os::fd::AsRawFd;
        f.debug_struct("SctpListener").field("fd", &self.inner.as_raw_fd()).finish()
    }
}

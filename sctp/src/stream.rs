//! One-to-one associations.

use std::fmt;

use crate::fd::impl_fd_traits;

/// One association on a one-to-one style SCTP socket (`SOCK_STREAM`), the counterpart of
/// [`std::net::TcpStream`] (RFC 6458 §4).
///
/// Made by [`SctpStream::connect`], [`SctpListener::accept`](crate::SctpListener::accept) or
/// [`SctpSocket::peeloff`](crate::SctpSocket::peeloff).
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
    pub(crate) inner: socket2::Socket,
}

impl_fd_traits!(SctpStream);

impl fmt::Debug for SctpStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use std::os::fd::AsRawFd;
        f.debug_struct("SctpStream").field("fd", &self.inner.as_raw_fd()).finish()
    }
}

//! One-to-many sockets.

use std::fmt;

use crate::fd::impl_fd_traits;

/// A one-to-many style SCTP socket (`SOCK_SEQPACKET`): one socket, many associations, each
/// named by an [`AssocId`](crate::AssocId) (RFC 6458 §3).
///
/// # Examples
///
/// ```no_run
/// use sctp::{Received, SctpSocket, SendInfo};
///
/// let server = SctpSocket::bind("127.0.0.1:3868".parse().unwrap())?;
/// server.listen(16)?;
/// let mut buf = [0u8; 4096];
/// loop {
///     match server.recv(&mut buf)? {
///         Received::Data(msg) => {
///             let reply = SendInfo::new().with_assoc_id(msg.assoc_id()).with_stream(msg.stream());
///             server.send(msg.data(), &reply)?;
///         }
///         Received::Notification(n) => println!("{n:?}"),
///     }
/// }
/// # Ok::<(), sctp::Error>(())
/// ```
pub struct SctpSocket {
    pub(crate) inner: socket2::Socket,
}

impl_fd_traits!(SctpSocket);

impl fmt::Debug for SctpSocket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use std::os::fd::AsRawFd;
        f.debug_struct("SctpSocket").field("fd", &self.inner.as_raw_fd()).finish()
    }
}

//! Metadata of the next message.

use crate::AssocId;

/// What the kernel knows about the message after the one just received, the
/// `struct sctp_nxtinfo` of RFC 6458 §5.3.6 (`SCTP_NXTINFO`, off by default; turn it on with
/// `set_recv_nxtinfo(true)`).
///
/// # Examples
///
/// ```no_run
/// use sctp::{Received, SctpStream};
///
/// let stream = SctpStream::connect("127.0.0.1:3868")?;
/// stream.set_recv_nxtinfo(true)?;
/// let mut buf = [0u8; 4096];
/// if let Received::Data(msg) = stream.recv(&mut buf)? {
///     if let Some(next) = msg.nxt_info() {
///         println!("next: {} bytes on stream {}", next.length, next.stream);
///     }
/// }
/// # Ok::<(), sctp::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub struct NxtInfo {
    /// Stream of the next message.
    pub stream: u16,
    /// `nxt_flags`: [`NxtInfo::UNORDERED`], [`NxtInfo::NOTIFICATION`].
    pub flags: u16,
    /// Payload protocol identifier of the next message, in host byte order.
    pub ppid: u32,
    /// Length of the next message (so far, if it is not complete).
    pub length: u32,
    /// Association of the next message.
    pub assoc_id: AssocId,
}

impl NxtInfo {
    /// The next message is unordered (`SCTP_UNORDERED`).
    pub const UNORDERED: u16 = crate::sys::SCTP_UNORDERED;
    /// The next message is a notification (`SCTP_NOTIFICATION`).
    pub const NOTIFICATION: u16 = crate::sys::SCTP_NOTIFICATION;

    /// Whether the next message is a notification.
    pub const fn is_notification(&self) -> bool {
        self.flags & Self::NOTIFICATION != 0
    }
}

//! Per-message receive metadata.

use crate::AssocId;

/// Metadata of a received message, the `struct sctp_rcvinfo` of RFC 6458 §5.3.5
/// (`SCTP_RCVINFO`, enabled by default on the sockets of this crate).
///
/// # Examples
///
/// ```no_run
/// use sctp::{Received, SctpStream};
///
/// let stream = SctpStream::connect("127.0.0.1:3868")?;
/// let mut buf = [0u8; 4096];
/// if let Received::Data(msg) = stream.recv(&mut buf)? {
///     if let Some(info) = msg.rcv_info() {
///         println!("stream {} ssn {} ppid {} tsn {}", info.stream, info.ssn, info.ppid, info.tsn);
///     }
/// }
/// # Ok::<(), sctp::Error>(())
/// ```
// `repr(C)`: the layout of `struct sctp_rcvinfo` (checked in the system layer), so a receive
// copies the control message as a whole and only fixes the byte order of `ppid`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[repr(C)]
#[non_exhaustive]
pub struct RcvInfo {
    /// Stream the message arrived on.
    pub stream: u16,
    /// Stream sequence number (meaningless for unordered messages).
    pub ssn: u16,
    /// `rcv_flags`: [`RcvInfo::UNORDERED`] when the message was sent unordered.
    pub flags: u16,
    /// Payload protocol identifier, in host byte order: the number the sender put on the wire.
    pub ppid: u32,
    /// Transmission sequence number of the (first) DATA chunk.
    pub tsn: u32,
    /// The association's cumulative TSN when the message was delivered.
    pub cumtsn: u32,
    /// The context the local sender set with `SCTP_CONTEXT` (unrelated to the peer's).
    pub context: u32,
    /// The association the message arrived on.
    pub assoc_id: AssocId,
}

impl RcvInfo {
    /// The `rcv_flags` bit of an unordered message (`SCTP_UNORDERED`).
    pub const UNORDERED: u16 = crate::sys::SCTP_UNORDERED;

    /// Whether the message was sent unordered.
    pub const fn is_unordered(&self) -> bool {
        self.flags & Self::UNORDERED != 0
    }
}

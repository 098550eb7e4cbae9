//! Notification kinds to subscribe to.

use crate::sys;

/// A kind of notification to subscribe to with `subscribe` (`SCTP_EVENT`, RFC 6458 §6.2.2).
///
/// Subscribed notifications arrive through `recv` as
/// [`Received::Notification`](crate::Received::Notification).
///
/// # Examples
///
/// ```no_run
/// use sctp::{Event, SctpSocket};
///
/// let socket = SctpSocket::bind("127.0.0.1:0")?;
/// socket.subscribe(&[Event::AssocChange, Event::Shutdown])?;
/// socket.subscribe(Event::ALL)?;
/// # Ok::<(), sctp::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Event {
    /// Associations coming up or going down (`SCTP_ASSOC_CHANGE`).
    AssocChange,
    /// Peer addresses becoming reachable, unreachable, primary, added, removed
    /// (`SCTP_PEER_ADDR_CHANGE`).
    PeerAddrChange,
    /// Operation errors reported by the peer (`SCTP_REMOTE_ERROR`).
    RemoteError,
    /// Messages that could not be delivered, legacy layout (`SCTP_SEND_FAILED`).
    SendFailed,
    /// The peer started a graceful shutdown (`SCTP_SHUTDOWN_EVENT`).
    Shutdown,
    /// The peer's adaptation layer indication (`SCTP_ADAPTATION_INDICATION`).
    AdaptationIndication,
    /// Partial delivery was aborted (`SCTP_PARTIAL_DELIVERY_EVENT`).
    PartialDelivery,
    /// Authentication key events (`SCTP_AUTHENTICATION_EVENT`, RFC 4895).
    Authentication,
    /// All sent data has been acknowledged (`SCTP_SENDER_DRY_EVENT`).
    SenderDry,
    /// Streams were reset (`SCTP_STREAM_RESET_EVENT`, RFC 6525).
    StreamReset,
    /// The association was reset (`SCTP_ASSOC_RESET_EVENT`, RFC 6525).
    AssocReset,
    /// Streams were added (`SCTP_STREAM_CHANGE_EVENT`, RFC 6525).
    StreamChange,
    /// Messages that could not be delivered, RFC 6458 layout (`SCTP_SEND_FAILED_EVENT`).
    SendFailedEvent,
}

impl Event {
    /// Every kind of notification.
    pub const ALL: &'static [Event] = &[
        Event::AssocChange,
        Event::PeerAddrChange,
        Event::RemoteError,
        Event::SendFailed,
        Event::Shutdown,
        Event::AdaptationIndication,
        Event::PartialDelivery,
        Event::Authentication,
        Event::SenderDry,
        Event::StreamReset,
        Event::AssocReset,
        Event::StreamChange,
        Event::SendFailedEvent,
    ];

    /// The `sn_type` value of this kind on this system.
    pub const fn sn_type(self) -> u16 {
        match self {
            Event::AssocChange => sys::SCTP_ASSOC_CHANGE,
            Event::PeerAddrChange => sys::SCTP_PEER_ADDR_CHANGE,
            Event::RemoteError => sys::SCTP_REMOTE_ERROR,
            Event::SendFailed => sys::SCTP_SEND_FAILED,
            Event::Shutdown => sys::SCTP_SHUTDOWN_EVENT,
            Event::AdaptationIndication => sys::SCTP_ADAPTATION_INDICATION,
            Event::PartialDelivery => sys::SCTP_PARTIAL_DELIVERY_EVENT,
            Event::Authentication => sys::SCTP_AUTHENTICATION_EVENT,
            Event::SenderDry => sys::SCTP_SENDER_DRY_EVENT,
            Event::StreamReset => sys::SCTP_STREAM_RESET_EVENT,
            Event::AssocReset => sys::SCTP_ASSOC_RESET_EVENT,
            Event::StreamChange => sys::SCTP_STREAM_CHANGE_EVENT,
            Event::SendFailedEvent => sys::SCTP_SEND_FAILED_EVENT,
        }
    }
}

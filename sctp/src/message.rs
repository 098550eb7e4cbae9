//! A received user message.

use std::net::SocketAddr;

use crate::{AssocId, NxtInfo, RcvInfo};

/// A user message (or a part of one) received into the caller's buffer.
///
/// A message longer than the buffer arrives in parts: every part but the last has
/// [`is_complete`](Self::is_complete) `false`, and the following `recv` calls return the rest.
///
/// # Examples
///
/// ```no_run
/// use sctp::{Received, SctpStream};
///
/// let stream = SctpStream::connect("127.0.0.1:3868".parse().unwrap())?;
/// let mut buf = [0u8; 1024];
/// let mut whole = Vec::new();
/// loop {
///     match stream.recv(&mut buf)? {
///         Received::Data(msg) => {
///             whole.extend_from_slice(msg.data());
///             if msg.is_complete() {
///                 break;
///             }
///         }
///         Received::Notification(_) => {}
///     }
/// }
/// # Ok::<(), sctp::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Message<'b> {
    pub(crate) data: &'b [u8],
    pub(crate) rcv_info: Option<RcvInfo>,
    pub(crate) nxt_info: Option<NxtInfo>,
    /// Kept as the kernel wrote it and decoded in [`from`](Self::from).
    pub(crate) from: crate::sys::RawAddr,
    /// `msg_flags` of the receive, tested when asked.
    pub(crate) flags: libc::c_int,
}

impl<'b> Message<'b> {
    /// The payload bytes (in the caller's buffer).
    #[inline]
    pub fn data(&self) -> &'b [u8] {
        self.data
    }

    /// Whether this is the end of the message (`MSG_EOR`); `false` means more of the same message
    /// follows in the next `recv` calls.
    #[inline]
    pub fn is_complete(&self) -> bool {
        // An empty read is the end of the association (no SCTP message is empty).
        crate::sys::end_of_record(self.flags) || self.data.is_empty()
    }

    /// Whether the kernel cut the message's ancillary data short (`MSG_CTRUNC`): the payload
    /// is whole, but metadata that did not fit is missing ([`rcv_info`](Self::rcv_info) or
    /// [`nxt_info`](Self::nxt_info) is `None` though turned on).
    ///
    /// The receive buffer for ancillary data has room for everything this crate turns on, so
    /// this happens only when other code enabled more control messages on the socket (socket
    /// timestamps, the legacy `SCTP_SNDRCV`, …) than fit beside them.
    #[inline]
    pub fn is_control_truncated(&self) -> bool {
        crate::sys::control_truncated(self.flags)
    }

    /// The `SCTP_RCVINFO` metadata, present unless turned off with `set_recv_rcvinfo(false)`.
    #[inline]
    pub fn rcv_info(&self) -> Option<&RcvInfo> {
        self.rcv_info.as_ref()
    }

    /// The `SCTP_NXTINFO` metadata, present when turned on with `set_recv_nxtinfo(true)` and a
    /// next message is waiting.
    #[inline]
    pub fn nxt_info(&self) -> Option<&NxtInfo> {
        self.nxt_info.as_ref()
    }

    /// The peer address the message came from, when the kernel reported one.
    ///
    /// Decoded from the kernel's bytes on each call (the receive itself only copies them).
    #[inline]
    pub fn from(&self) -> Option<SocketAddr> {
        self.from.decode()
    }

    /// Stream number (0 without `SCTP_RCVINFO`).
    #[inline]
    pub fn stream(&self) -> u16 {
        self.rcv_info.map_or(0, |i| i.stream)
    }

    /// Payload protocol identifier in host byte order (0 without `SCTP_RCVINFO`).
    #[inline]
    pub fn ppid(&self) -> u32 {
        self.rcv_info.map_or(0, |i| i.ppid)
    }

    /// The association ([`AssocId::FUTURE`] without `SCTP_RCVINFO`).
    #[inline]
    pub fn assoc_id(&self) -> AssocId {
        self.rcv_info.map_or(AssocId::FUTURE, |i| i.assoc_id)
    }

    /// Whether the message was sent unordered (`false` without `SCTP_RCVINFO`).
    #[inline]
    pub fn is_unordered(&self) -> bool {
        self.rcv_info.is_some_and(|i| i.is_unordered())
    }
}

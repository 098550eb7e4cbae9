//! Per-message send metadata.

use crate::{AssocId, PrPolicy, SendFlags};

/// Metadata for one sent message: the `struct sctp_sndinfo` of RFC 6458 §5.3.4, plus the
/// optional `sctp_prinfo` (§5.3.7) and `sctp_authinfo` (§5.3.8).
///
/// The fields are public; the `with_*` methods build a value in one expression.
///
/// # Payload protocol identifier byte order
///
/// [`ppid`](Self::ppid) is the number you want the peer (and a packet capture) to see: write
/// `46` for Diameter, `60` for NGAP. The kernel copies the field opaquely into the DATA chunk,
/// which carries it in network byte order, so this crate converts it to network order before the
/// call and back on receive ([`RcvInfo::ppid`](crate::RcvInfo::ppid)). Code that calls the C API
/// directly must do that conversion itself.
///
/// # Examples
///
/// ```
/// use sctp::{AssocId, SendFlags, SendInfo};
///
/// let info = SendInfo::new()
///     .with_stream(2)
///     .with_ppid(46)
///     .with_flags(SendFlags::UNORDERED)
///     .with_context(7)
///     .with_assoc_id(AssocId::from_raw(3));
/// assert_eq!(info.stream, 2);
/// assert_eq!(info.ppid, 46);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub struct SendInfo {
    /// Stream number; must be below the association's number of outbound streams.
    pub stream: u16,
    /// Payload protocol identifier, in host byte order (see above).
    pub ppid: u32,
    /// Send flags.
    pub flags: SendFlags,
    /// An opaque value reported back in send-failed notifications.
    pub context: u32,
    /// The association on a one-to-many socket; ignored on one-to-one sockets.
    pub assoc_id: AssocId,
    /// Partial reliability for this message (`SCTP_PRINFO`); `None` keeps the socket default.
    pub pr_policy: Option<PrPolicy>,
    /// Shared key number to authenticate this message with (`SCTP_AUTHINFO`, RFC 4895); `None`
    /// uses the association's active key.
    pub auth_key: Option<u16>,
}

impl SendInfo {
    /// Stream 0, ppid 0, no flags, no context, association [`AssocId::FUTURE`].
    pub const fn new() -> SendInfo {
        SendInfo {
            stream: 0,
            ppid: 0,
            flags: SendFlags::NONE,
            context: 0,
            assoc_id: AssocId::FUTURE,
            pr_policy: None,
            auth_key: None,
        }
    }

    /// Sets the stream number.
    pub const fn with_stream(mut self, stream: u16) -> SendInfo {
        self.stream = stream;
        self
    }

    /// Sets the payload protocol identifier, in host byte order.
    pub const fn with_ppid(mut self, ppid: u32) -> SendInfo {
        self.ppid = ppid;
        self
    }

    /// Sets the flags (replacing any set before).
    pub const fn with_flags(mut self, flags: SendFlags) -> SendInfo {
        self.flags = flags;
        self
    }

    /// Sets the context reported back in send-failed notifications.
    pub const fn with_context(mut self, context: u32) -> SendInfo {
        self.context = context;
        self
    }

    /// Sets the association (one-to-many sockets).
    pub const fn with_assoc_id(mut self, assoc_id: AssocId) -> SendInfo {
        self.assoc_id = assoc_id;
        self
    }

    /// Sets the partial-reliability policy for this message.
    pub const fn with_pr_policy(mut self, policy: PrPolicy) -> SendInfo {
        self.pr_policy = Some(policy);
        self
    }

    /// Authenticates this message with the given shared key number.
    pub const fn with_auth_key(mut self, key: u16) -> SendInfo {
        self.auth_key = Some(key);
        self
    }
}

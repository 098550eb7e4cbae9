//! Partial reliability policies.

/// A partial-reliability policy for one message (PR-SCTP, RFC 3758 and RFC 7496; the
/// `struct sctp_prinfo` of RFC 6458 §5.3.7).
///
/// The peer must support PR-SCTP; Linux enables it with `net.sctp.prsctp_enable` (on by
/// default).
///
/// # Examples
///
/// ```
/// use sctp::{PrPolicy, SendInfo};
///
/// // Give up on the message if it is not sent within 100 ms.
/// let info = SendInfo::new().with_pr_policy(PrPolicy::Ttl(100));
/// assert_eq!(info.pr_policy, Some(PrPolicy::Ttl(100)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PrPolicy {
    /// Fully reliable (`SCTP_PR_SCTP_NONE`).
    None,
    /// Abandon the message after this many milliseconds (`SCTP_PR_SCTP_TTL`).
    Ttl(u32),
    /// Abandon the message after this many retransmissions (`SCTP_PR_SCTP_RTX`).
    Rtx(u32),
    /// Abandon lower priority messages first when the send buffer is full; the value is the
    /// priority, lower is more important (`SCTP_PR_SCTP_PRIO`).
    Priority(u32),
}

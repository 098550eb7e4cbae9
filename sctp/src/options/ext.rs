//! Values of the extension options: PR-SCTP (RFC 7496), stream reconfiguration (RFC 6525),
//! AUTH (RFC 4895), stream schedulers (RFC 8260), potentially-failed exposure (RFC 7829) and
//! the default send parameters (RFC 6458 §8.1.31).

use std::fmt;
use std::ops::{BitOr, BitOrAssign};
use std::time::Duration;

use crate::SendFlags;

/// Which abandoned-message counters to read with `pr_assoc_status` / `pr_stream_status`
/// (RFC 7496 §4.3 and §4.4).
///
/// # Examples
///
/// ```no_run
/// use sctp::{PrKind, SctpStream};
///
/// let stream = SctpStream::connect("127.0.0.1:9")?;
/// let status = stream.pr_assoc_status(PrKind::All)?;
/// println!("{} abandoned before sending", status.abandoned_unsent);
/// # Ok::<(), sctp::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PrKind {
    /// Messages abandoned by the TTL policy.
    Ttl,
    /// Messages abandoned by the retransmission policy.
    Rtx,
    /// Messages abandoned by the priority policy.
    Priority,
    /// The sum over all policies (`SCTP_PR_SCTP_ALL`).
    All,
}

/// Counters of abandoned messages (`struct sctp_prstatus`, RFC 7496 §4.3).
///
/// # Examples
///
/// ```no_run
/// use sctp::{PrKind, SctpStream};
///
/// let stream = SctpStream::connect("127.0.0.1:9")?;
/// let s = stream.pr_stream_status(0, PrKind::Ttl)?;
/// println!("stream 0: {} unsent, {} sent abandoned", s.abandoned_unsent, s.abandoned_sent);
/// # Ok::<(), sctp::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub struct PrStatus {
    /// Abandoned before being sent (`sprstat_abandoned_unsent`).
    pub abandoned_unsent: u64,
    /// Abandoned after being sent at least once (`sprstat_abandoned_sent`).
    pub abandoned_sent: u64,
}

/// Which stream reconfiguration requests the endpoint accepts from the peer
/// (`SCTP_ENABLE_STREAM_RESET`, RFC 6525 §6.3.1).
///
/// # Examples
///
/// ```
/// use sctp::StreamResetFlags;
///
/// let flags = StreamResetFlags::RESET_STREAMS | StreamResetFlags::ADD_STREAMS;
/// assert_eq!(flags.bits(), 0x05);
/// assert!(StreamResetFlags::from_bits(0x08).is_none());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct StreamResetFlags(u32);

impl StreamResetFlags {
    /// Accept nothing.
    pub const NONE: StreamResetFlags = StreamResetFlags(0);
    /// Stream reset requests (`SCTP_ENABLE_RESET_STREAM_REQ`).
    pub const RESET_STREAMS: StreamResetFlags = StreamResetFlags(0x01);
    /// SSN/TSN reset requests (`SCTP_ENABLE_RESET_ASSOC_REQ`).
    pub const RESET_ASSOC: StreamResetFlags = StreamResetFlags(0x02);
    /// Add-stream requests (`SCTP_ENABLE_CHANGE_ASSOC_REQ`).
    pub const ADD_STREAMS: StreamResetFlags = StreamResetFlags(0x04);

    const ALL: u32 = 0x07;

    /// The raw value.
    pub const fn bits(self) -> u32 {
        self.0
    }

    /// Flags from a raw value; `None` if it has unknown bits.
    pub const fn from_bits(bits: u32) -> Option<StreamResetFlags> {
        if bits & !Self::ALL == 0 {
            Some(StreamResetFlags(bits))
        } else {
            None
        }
    }

    /// Whether every flag of `other` is set.
    pub const fn contains(self, other: StreamResetFlags) -> bool {
        self.0 & other.0 == other.0
    }
}

impl BitOr for StreamResetFlags {
    type Output = StreamResetFlags;
    fn bitor(self, rhs: StreamResetFlags) -> StreamResetFlags {
        StreamResetFlags(self.0 | rhs.0)
    }
}

impl BitOrAssign for StreamResetFlags {
    fn bitor_assign(&mut self, rhs: StreamResetFlags) {
        self.0 |= rhs.0;
    }
}

impl fmt::Debug for StreamResetFlags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = [
            (Self::RESET_STREAMS, "RESET_STREAMS"),
            (Self::RESET_ASSOC, "RESET_ASSOC"),
            (Self::ADD_STREAMS, "ADD_STREAMS"),
        ];
        let set: Vec<&str> = names
            .iter()
            .filter(|(flag, _)| self.contains(*flag))
            .map(|(_, name)| *name)
            .collect();
        write!(f, "StreamResetFlags({})", set.join(" | "))
    }
}

/// Which direction of streams to reset (`srs_flags` of `SCTP_RESET_STREAMS`, RFC 6525 §6.3.2).
///
/// # Examples
///
/// ```no_run
/// use sctp::{ResetDirection, SctpStream};
///
/// let stream = SctpStream::connect("127.0.0.1:9")?;
/// // Reset outgoing streams 1 and 2 (an empty list means every stream).
/// stream.reset_streams(ResetDirection::Outgoing, &[1, 2])?;
/// # Ok::<(), sctp::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ResetDirection {
    /// Ask the peer to reset its outgoing streams (`SCTP_STREAM_RESET_INCOMING`).
    Incoming,
    /// Reset our outgoing streams (`SCTP_STREAM_RESET_OUTGOING`).
    Outgoing,
    /// Both.
    Both,
}

/// An HMAC algorithm for AUTH chunks (`SCTP_HMAC_IDENT`, RFC 4895 §3.3).
///
/// # Examples
///
/// ```no_run
/// use sctp::{HmacId, SctpSocket};
///
/// let socket = SctpSocket::bind("127.0.0.1:0")?;
/// socket.set_hmac_idents(&[HmacId::Sha256, HmacId::Sha1])?;
/// # Ok::<(), sctp::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HmacId {
    /// HMAC-SHA-1 (`SCTP_AUTH_HMAC_ID_SHA1`); RFC 4895 requires it in every list.
    Sha1,
    /// HMAC-SHA-256 (`SCTP_AUTH_HMAC_ID_SHA256`).
    Sha256,
    /// An identifier this crate does not know (only ever read, never sent).
    Unknown(u16),
}

impl HmacId {
    pub(crate) fn from_raw(raw: u16) -> HmacId {
        match raw {
            1 => HmacId::Sha1,
            3 => HmacId::Sha256,
            n => HmacId::Unknown(n),
        }
    }

    pub(crate) fn to_raw(self) -> u16 {
        match self {
            HmacId::Sha1 => 1,
            HmacId::Sha256 => 3,
            HmacId::Unknown(n) => n,
        }
    }
}

/// A stream scheduler (`SCTP_STREAM_SCHEDULER`, RFC 8260 §4).
///
/// # Examples
///
/// ```no_run
/// use sctp::{SctpStream, StreamScheduler};
///
/// let stream = SctpStream::connect("127.0.0.1:9")?;
/// stream.set_stream_scheduler(StreamScheduler::Priority)?;
/// stream.set_stream_scheduler_value(0, 1)?; // stream 0 goes first
/// # Ok::<(), sctp::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StreamScheduler {
    /// First come, first served (`SCTP_SS_FCFS`; Linux's default).
    Fcfs,
    /// Strict priority by the per-stream value (`SCTP_SS_PRIO`).
    Priority,
    /// Round robin over streams (`SCTP_SS_RR`).
    RoundRobin,
    /// Fair capacity (`SCTP_SS_FC`, Linux 6.3+).
    FairCapacity,
    /// Weighted fair queueing by the per-stream value (`SCTP_SS_WFQ`, Linux 6.3+).
    WeightedFair,
    /// FreeBSD's default scheduler (`SCTP_SS_DEFAULT`, FreeBSD).
    Default,
    /// Round robin per packet (`SCTP_SS_RR_PKT`, FreeBSD).
    RoundRobinPacket,
    /// Fair bandwidth (`SCTP_SS_FB`, FreeBSD).
    FairBandwidth,
    /// A scheduler number this crate does not know (only ever read).
    Unknown(u32),
}

// The scheduler numbers differ between the systems: Linux numbers its own list from 0
// (`enum sctp_sched_type`), FreeBSD has another list and order.
#[cfg(target_os = "linux")]
const SCHEDULERS: &[(StreamScheduler, u32)] = &[
    (StreamScheduler::Fcfs, 0),
    (StreamScheduler::Priority, 1),
    (StreamScheduler::RoundRobin, 2),
    (StreamScheduler::FairCapacity, 3),
    (StreamScheduler::WeightedFair, 4),
];

#[cfg(target_os = "freebsd")]
const SCHEDULERS: &[(StreamScheduler, u32)] = &[
    (StreamScheduler::Default, 0),
    (StreamScheduler::RoundRobin, 1),
    (StreamScheduler::RoundRobinPacket, 2),
    (StreamScheduler::Priority, 3),
    (StreamScheduler::FairBandwidth, 4),
    (StreamScheduler::Fcfs, 5),
];

impl StreamScheduler {
    pub(crate) fn from_raw(raw: u32) -> StreamScheduler {
        SCHEDULERS
            .iter()
            .find(|(_, n)| *n == raw)
            .map_or(StreamScheduler::Unknown(raw), |(s, _)| *s)
    }

    /// The system's number for the scheduler; `None` if the system does not have it.
    pub(crate) fn to_raw(self) -> Option<u32> {
        SCHEDULERS.iter().find(|(s, _)| *s == self).map(|(_, n)| *n)
    }
}

/// Whether the potentially-failed path state is reported to the application
/// (`SCTP_EXPOSE_POTENTIALLY_FAILED_STATE`, RFC 7829 §7.3).
///
/// # Examples
///
/// ```no_run
/// use sctp::{AssocId, PfExposure, SctpSocket};
///
/// let socket = SctpSocket::bind("127.0.0.1:0")?;
/// socket.set_pf_exposure(AssocId::FUTURE, PfExposure::Enabled)?;
/// # Ok::<(), sctp::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PfExposure {
    /// Not set: the kernel's legacy behaviour (PF reported in address info, no event).
    Unset,
    /// Hidden: no PF event, and PF paths report as active.
    Disabled,
    /// Exposed: a peer-address-change event on PF, and PF in address info.
    Enabled,
}

/// Defaults for messages sent without explicit send information (`SCTP_DEFAULT_SNDINFO`,
/// RFC 6458 §8.1.31; `SCTP_DEFAULT_SEND_PARAM`, §8.1.10, adds
/// [`time_to_live`](Self::time_to_live)).
///
/// The ppid is in host order, like everywhere in this crate: it appears on the wire as this
/// number.
///
/// # Examples
///
/// ```no_run
/// use sctp::{DefaultSendInfo, SctpStream, SendFlags};
///
/// let stream = SctpStream::connect("127.0.0.1:9")?;
/// stream.set_default_send_info(
///     &DefaultSendInfo::new()
///         .with_stream(1)
///         .with_ppid(46)
///         .with_flags(SendFlags::UNORDERED),
/// )?;
/// # Ok::<(), sctp::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub struct DefaultSendInfo {
    /// Stream number (`snd_sid`).
    pub stream: u16,
    /// Flags (`snd_flags`).
    pub flags: SendFlags,
    /// Payload protocol identifier, host order (`snd_ppid`).
    pub ppid: u32,
    /// Opaque value returned in send-failure notifications (`snd_context`).
    pub context: u32,
    /// Lifetime (PR-SCTP TTL) of messages, whole milliseconds; only
    /// `SCTP_DEFAULT_SEND_PARAM` carries it, `SCTP_DEFAULT_SNDINFO` ignores it.
    pub time_to_live: Duration,
}

impl DefaultSendInfo {
    /// Stream 0, no flags, ppid 0, no context, no lifetime: the same as `Default`.
    pub const fn new() -> DefaultSendInfo {
        DefaultSendInfo {
            stream: 0,
            flags: SendFlags::NONE,
            ppid: 0,
            context: 0,
            time_to_live: Duration::ZERO,
        }
    }

    /// Sets [`stream`](Self::stream).
    pub const fn with_stream(mut self, stream: u16) -> DefaultSendInfo {
        self.stream = stream;
        self
    }

    /// Sets [`flags`](Self::flags).
    pub const fn with_flags(mut self, flags: SendFlags) -> DefaultSendInfo {
        self.flags = flags;
        self
    }

    /// Sets [`ppid`](Self::ppid).
    pub const fn with_ppid(mut self, ppid: u32) -> DefaultSendInfo {
        self.ppid = ppid;
        self
    }

    /// Sets [`context`](Self::context).
    pub const fn with_context(mut self, context: u32) -> DefaultSendInfo {
        self.context = context;
        self
    }

    /// Sets [`time_to_live`](Self::time_to_live).
    pub const fn with_time_to_live(mut self, time_to_live: Duration) -> DefaultSendInfo {
        self.time_to_live = time_to_live;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheduler_numbers_round_trip() {
        for (scheduler, raw) in SCHEDULERS {
            assert_eq!(scheduler.to_raw(), Some(*raw));
            assert_eq!(StreamScheduler::from_raw(*raw), *scheduler);
        }
        assert_eq!(StreamScheduler::from_raw(77), StreamScheduler::Unknown(77));
        assert_eq!(StreamScheduler::Unknown(1).to_raw(), None);
    }

    #[test]
    fn hmac_ids_round_trip() {
        for id in [HmacId::Sha1, HmacId::Sha256, HmacId::Unknown(2)] {
            assert_eq!(HmacId::from_raw(id.to_raw()), id);
        }
    }

    #[test]
    fn stream_reset_flags() {
        let all = StreamResetFlags::RESET_STREAMS
            | StreamResetFlags::RESET_ASSOC
            | StreamResetFlags::ADD_STREAMS;
        assert_eq!(all.bits(), 7);
        assert_eq!(StreamResetFlags::from_bits(7), Some(all));
        assert_eq!(StreamResetFlags::from_bits(8), None);
        assert_eq!(
            format!("{all:?}"),
            "StreamResetFlags(RESET_STREAMS | RESET_ASSOC | ADD_STREAMS)"
        );
    }
}

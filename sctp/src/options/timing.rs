//! Values of the timer options: `SCTP_RTOINFO`, `SCTP_DELAYED_SACK`.

use std::time::Duration;

/// Retransmission timeout parameters (`SCTP_RTOINFO`, RFC 6458 §8.1.1; RFC 9260 §6.3).
///
/// The kernel keeps them in whole milliseconds; setters reject durations with a sub-millisecond
/// part, zero durations and `min > initial` or `initial > max`.
///
/// # Examples
///
/// ```no_run
/// use std::time::Duration;
/// use sctp::{AssocId, RtoInfo, SctpSocket};
///
/// let socket = SctpSocket::bind("127.0.0.1:0")?;
/// socket.set_rto_info(
///     AssocId::FUTURE,
///     // initial, max, min
///     &RtoInfo::new(Duration::from_millis(500), Duration::from_secs(5), Duration::from_millis(200)),
/// )?;
/// println!("{:?}", socket.rto_info(AssocId::FUTURE)?);
/// # Ok::<(), sctp::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct RtoInfo {
    /// RTO used before the first round-trip measurement (`srto_initial`).
    pub initial: Duration,
    /// Upper bound of the RTO (`srto_max`).
    pub max: Duration,
    /// Lower bound of the RTO (`srto_min`).
    pub min: Duration,
}

impl RtoInfo {
    /// The three timeouts; the setter checks them (see above).
    pub const fn new(initial: Duration, max: Duration, min: Duration) -> RtoInfo {
        RtoInfo { initial, max, min }
    }
}

/// Delayed SACK settings (`SCTP_DELAYED_SACK`, RFC 6458 §8.1.19).
///
/// # Examples
///
/// ```no_run
/// use std::time::Duration;
/// use sctp::{DelayedSack, SctpStream};
///
/// let stream = SctpStream::connect("127.0.0.1:9")?;
/// // Acknowledge every packet at once: frequency 1 turns delayed SACK off.
/// stream.set_delayed_sack(DelayedSack::new(Duration::from_millis(200), 1))?;
/// # Ok::<(), sctp::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct DelayedSack {
    /// How long a SACK may be delayed (`sack_delay`), 1 ms to 500 ms.
    pub delay: Duration,
    /// Number of packets received before a SACK is sent anyway (`sack_freq`); 1 disables
    /// delaying.
    pub frequency: u32,
}

impl DelayedSack {
    /// A delay and a packet count; the setter checks them.
    pub const fn new(delay: Duration, frequency: u32) -> DelayedSack {
        DelayedSack { delay, frequency }
    }
}

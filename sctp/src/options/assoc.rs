//! Values of the association options: `SCTP_ASSOCINFO`, `SCTP_INITMSG`, `SCTP_STATUS`,
//! `SCTP_GET_ASSOC_STATS`.

use std::net::SocketAddr;
use std::time::Duration;

use super::PeerAddrInfo;

/// Association parameters (`SCTP_ASSOCINFO`, RFC 6458 §8.1.2).
///
/// Only [`max_retrans`](Self::max_retrans) and [`cookie_life`](Self::cookie_life) can be set
/// (with `set_assoc_info`); the other fields describe the association.
///
/// # Examples
///
/// ```no_run
/// use sctp::{SctpStream};
///
/// let stream = SctpStream::connect("127.0.0.1:9")?;
/// let info = stream.assoc_info()?;
/// println!("peer window {} bytes over {} paths", info.peer_rwnd, info.peer_destinations);
/// # Ok::<(), sctp::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct AssocInfo {
    /// Retransmissions before the association is declared unreachable (`sasoc_asocmaxrxt`).
    pub max_retrans: u16,
    /// Number of peer addresses (`sasoc_number_peer_destinations`).
    pub peer_destinations: u16,
    /// The peer's receive window in bytes (`sasoc_peer_rwnd`).
    pub peer_rwnd: u32,
    /// The local receive window in bytes (`sasoc_local_rwnd`).
    pub local_rwnd: u32,
    /// Lifetime of the state cookie (`sasoc_cookie_life`, milliseconds).
    pub cookie_life: Duration,
}

/// State of an association (`sstat_state`, RFC 6458 §8.2.1; RFC 9260 §4).
///
/// # Examples
///
/// ```no_run
/// use sctp::{AssocState, SctpStream};
///
/// let stream = SctpStream::connect("127.0.0.1:9")?;
/// assert_eq!(stream.status()?.state, AssocState::Established);
/// # Ok::<(), sctp::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AssocState {
    /// `SCTP_EMPTY` (Linux only).
    Empty,
    /// `SCTP_CLOSED`.
    Closed,
    /// `SCTP_COOKIE_WAIT`: INIT sent.
    CookieWait,
    /// `SCTP_COOKIE_ECHOED`: COOKIE ECHO sent.
    CookieEchoed,
    /// `SCTP_ESTABLISHED`.
    Established,
    /// `SCTP_SHUTDOWN_PENDING`.
    ShutdownPending,
    /// `SCTP_SHUTDOWN_SENT`.
    ShutdownSent,
    /// `SCTP_SHUTDOWN_RECEIVED`.
    ShutdownReceived,
    /// `SCTP_SHUTDOWN_ACK_SENT`.
    ShutdownAckSent,
    /// A value this crate does not know.
    Unknown(i32),
}

impl AssocState {
    pub(crate) fn from_raw(raw: i32) -> AssocState {
        // The numbers are the system's: `SCTP_ESTABLISHED` is 4 on Linux and 8 on FreeBSD
        // (bit flags there), and only Linux has `SCTP_EMPTY`.
        use sctp_sys as c;
        #[cfg(target_os = "linux")]
        const EMPTY: i32 = c::SCTP_EMPTY as i32;
        const CLOSED: i32 = c::SCTP_CLOSED as i32;
        const COOKIE_WAIT: i32 = c::SCTP_COOKIE_WAIT as i32;
        const COOKIE_ECHOED: i32 = c::SCTP_COOKIE_ECHOED as i32;
        const ESTABLISHED: i32 = c::SCTP_ESTABLISHED as i32;
        const SHUTDOWN_PENDING: i32 = c::SCTP_SHUTDOWN_PENDING as i32;
        const SHUTDOWN_SENT: i32 = c::SCTP_SHUTDOWN_SENT as i32;
        const SHUTDOWN_RECEIVED: i32 = c::SCTP_SHUTDOWN_RECEIVED as i32;
        const SHUTDOWN_ACK_SENT: i32 = c::SCTP_SHUTDOWN_ACK_SENT as i32;
        match raw {
            #[cfg(target_os = "linux")]
            EMPTY => AssocState::Empty,
            CLOSED => AssocState::Closed,
            COOKIE_WAIT => AssocState::CookieWait,
            COOKIE_ECHOED => AssocState::CookieEchoed,
            ESTABLISHED => AssocState::Established,
            SHUTDOWN_PENDING => AssocState::ShutdownPending,
            SHUTDOWN_SENT => AssocState::ShutdownSent,
            SHUTDOWN_RECEIVED => AssocState::ShutdownReceived,
            SHUTDOWN_ACK_SENT => AssocState::ShutdownAckSent,
            n => AssocState::Unknown(n),
        }
    }
}

/// Status of an association (`SCTP_STATUS`, RFC 6458 §8.2.1).
///
/// # Examples
///
/// ```no_run
/// use sctp::{SctpStream};
///
/// let stream = SctpStream::connect("127.0.0.1:9")?;
/// let status = stream.status()?;
/// println!("{:?}: {} in / {} out streams", status.state, status.in_streams, status.out_streams);
/// # Ok::<(), sctp::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct AssocStatus {
    /// Protocol state (`sstat_state`).
    pub state: AssocState,
    /// The peer's receive window (`sstat_rwnd`).
    pub rwnd: u32,
    /// DATA chunks not yet acknowledged (`sstat_unackdata`).
    pub unacked_data: u16,
    /// DATA chunks received but not yet delivered (`sstat_penddata`).
    pub pending_data: u16,
    /// Negotiated inbound streams (`sstat_instrms`).
    pub in_streams: u16,
    /// Negotiated outbound streams (`sstat_outstrms`).
    pub out_streams: u16,
    /// Largest user message that is sent unfragmented (`sstat_fragmentation_point`).
    pub fragmentation_point: u32,
    /// The primary path (`sstat_primary`); `None` when the kernel reports no address.
    pub primary: Option<PeerAddrInfo>,
}

/// Association statistics (`SCTP_GET_ASSOC_STATS`, a Linux extension).
///
/// The kernel resets [`max_rto`](Self::max_rto) and its address after each query.
///
/// # Examples
///
/// ```no_run
/// use sctp::{SctpStream};
///
/// let stream = SctpStream::connect("127.0.0.1:9")?;
/// let stats = stream.assoc_stats()?;
/// println!("{} packets out, {} retransmitted chunks", stats.out_packets, stats.retrans_chunks);
/// # Ok::<(), sctp::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub struct AssocStats {
    /// Path on which the largest RTO was seen since the last query (`sas_obs_rto_ipaddr`).
    pub max_rto_addr: Option<SocketAddr>,
    /// Largest RTO seen since the last query (`sas_maxrto`).
    pub max_rto: Duration,
    /// SACKs received (`sas_isacks`).
    pub in_sacks: u64,
    /// SACKs sent (`sas_osacks`).
    pub out_sacks: u64,
    /// Packets sent (`sas_opackets`).
    pub out_packets: u64,
    /// Packets received (`sas_ipackets`).
    pub in_packets: u64,
    /// Retransmitted chunks (`sas_rtxchunks`).
    pub retrans_chunks: u64,
    /// TSNs received above the next expected one (`sas_outofseqtsns`).
    pub out_of_seq_tsns: u64,
    /// Duplicate chunks received (`sas_idupchunks`).
    pub in_dup_chunks: u64,
    /// Gap acknowledgements received (`sas_gapcnt`).
    pub gap_count: u64,
    /// Unordered DATA chunks sent (`sas_ouodchunks`).
    pub out_unordered_chunks: u64,
    /// Unordered DATA chunks received (`sas_iuodchunks`).
    pub in_unordered_chunks: u64,
    /// Ordered DATA chunks sent (`sas_oodchunks`).
    pub out_ordered_chunks: u64,
    /// Ordered DATA chunks received (`sas_iodchunks`).
    pub in_ordered_chunks: u64,
    /// Control chunks sent (`sas_octrlchunks`).
    pub out_ctrl_chunks: u64,
    /// Control chunks received (`sas_ictrlchunks`).
    pub in_ctrl_chunks: u64,
}

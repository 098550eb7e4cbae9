//! Values of the per-path options: `SCTP_PEER_ADDR_PARAMS`, `SCTP_GET_PEER_ADDR_INFO`,
//! `SCTP_PEER_ADDR_THLDS(_V2)`.

use std::fmt;
use std::net::SocketAddr;
use std::ops::{BitOr, BitOrAssign};
use std::time::Duration;

/// Flags of [`PeerAddrParams`] (`spp_flags`, RFC 6458 §8.1.12 plus Linux's `SPP_IPV6_FLOWLABEL`
/// and `SPP_DSCP`).
///
/// On a set, a flag says which fields to apply and what to switch; on a get, the kernel reports
/// which features are on (`HB_ENABLE` or `HB_DISABLE`, and so on).
///
/// # Examples
///
/// ```
/// use sctp::PeerAddrFlags;
///
/// let flags = PeerAddrFlags::HB_ENABLE | PeerAddrFlags::PMTUD_DISABLE;
/// assert!(flags.contains(PeerAddrFlags::HB_ENABLE));
/// assert!(!flags.contains(PeerAddrFlags::SACKDELAY_ENABLE));
/// assert_eq!(flags.bits(), 0x11);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PeerAddrFlags(u32);

impl PeerAddrFlags {
    /// No flag.
    pub const EMPTY: PeerAddrFlags = PeerAddrFlags(0);
    /// Turn heartbeats on (`SPP_HB_ENABLE`).
    pub const HB_ENABLE: PeerAddrFlags = PeerAddrFlags(1 << 0);
    /// Turn heartbeats off (`SPP_HB_DISABLE`).
    pub const HB_DISABLE: PeerAddrFlags = PeerAddrFlags(1 << 1);
    /// Send a heartbeat now (`SPP_HB_DEMAND`).
    pub const HB_DEMAND: PeerAddrFlags = PeerAddrFlags(1 << 2);
    /// Turn path MTU discovery on (`SPP_PMTUD_ENABLE`).
    pub const PMTUD_ENABLE: PeerAddrFlags = PeerAddrFlags(1 << 3);
    /// Turn path MTU discovery off; `path_mtu` applies (`SPP_PMTUD_DISABLE`).
    pub const PMTUD_DISABLE: PeerAddrFlags = PeerAddrFlags(1 << 4);
    /// Turn delayed SACK on; `sack_delay` applies (`SPP_SACKDELAY_ENABLE`).
    pub const SACKDELAY_ENABLE: PeerAddrFlags = PeerAddrFlags(1 << 5);
    /// Turn delayed SACK off (`SPP_SACKDELAY_DISABLE`).
    pub const SACKDELAY_DISABLE: PeerAddrFlags = PeerAddrFlags(1 << 6);
    /// Heartbeat interval zero: heartbeat every RTO (`SPP_HB_TIME_IS_ZERO`).
    pub const HB_TIME_IS_ZERO: PeerAddrFlags = PeerAddrFlags(1 << 7);
    /// `ipv6_flow_label` applies (`SPP_IPV6_FLOWLABEL`, Linux).
    pub const IPV6_FLOWLABEL: PeerAddrFlags = PeerAddrFlags(1 << 8);
    /// `dscp` applies (`SPP_DSCP`, Linux).
    pub const DSCP: PeerAddrFlags = PeerAddrFlags(1 << 9);

    const ALL: u32 = (1 << 10) - 1;

    /// The raw `spp_flags` value.
    pub const fn bits(self) -> u32 {
        self.0
    }

    /// Flags from a raw value; `None` if it has bits this crate does not know.
    pub const fn from_bits(bits: u32) -> Option<PeerAddrFlags> {
        if bits & !Self::ALL == 0 {
            Some(PeerAddrFlags(bits))
        } else {
            None
        }
    }

    /// Flags from a raw value, keeping unknown bits (as the kernel reports them).
    pub const fn from_bits_retain(bits: u32) -> PeerAddrFlags {
        PeerAddrFlags(bits)
    }

    /// Whether every flag of `other` is set.
    pub const fn contains(self, other: PeerAddrFlags) -> bool {
        self.0 & other.0 == other.0
    }
}

impl BitOr for PeerAddrFlags {
    type Output = PeerAddrFlags;
    fn bitor(self, rhs: PeerAddrFlags) -> PeerAddrFlags {
        PeerAddrFlags(self.0 | rhs.0)
    }
}

impl BitOrAssign for PeerAddrFlags {
    fn bitor_assign(&mut self, rhs: PeerAddrFlags) {
        self.0 |= rhs.0;
    }
}

impl fmt::Debug for PeerAddrFlags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const NAMES: [&str; 10] = [
            "HB_ENABLE",
            "HB_DISABLE",
            "HB_DEMAND",
            "PMTUD_ENABLE",
            "PMTUD_DISABLE",
            "SACKDELAY_ENABLE",
            "SACKDELAY_DISABLE",
            "HB_TIME_IS_ZERO",
            "IPV6_FLOWLABEL",
            "DSCP",
        ];
        let mut first = true;
        f.write_str("PeerAddrFlags(")?;
        for (bit, name) in NAMES.iter().enumerate() {
            if self.0 & (1 << bit) != 0 {
                if !first {
                    f.write_str(" | ")?;
                }
                f.write_str(name)?;
                first = false;
            }
        }
        let unknown = self.0 & !Self::ALL;
        if unknown != 0 {
            if !first {
                f.write_str(" | ")?;
            }
            write!(f, "{unknown:#x}")?;
        }
        f.write_str(")")
    }
}

/// Parameters of one peer address, or of every path of an association when
/// [`address`](Self::address) is `None` (`SCTP_PEER_ADDR_PARAMS`, RFC 6458 §8.1.12).
///
/// On a set, only the fields selected by [`flags`](Self::flags) and the non-zero
/// `heartbeat_interval` / `path_max_retrans` take effect.
///
/// # Examples
///
/// ```no_run
/// use std::time::Duration;
/// use sctp::{PeerAddrFlags, SctpStream};
///
/// let stream = SctpStream::connect("127.0.0.1:9")?;
/// let mut params = stream.peer_addr_params(None)?;
/// params.heartbeat_interval = Duration::from_secs(5);
/// params.flags = PeerAddrFlags::HB_ENABLE;
/// stream.set_peer_addr_params(&params)?;
/// # Ok::<(), sctp::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub struct PeerAddrParams {
    /// The peer address, or `None` for the association (or endpoint) defaults
    /// (`spp_address`).
    pub address: Option<SocketAddr>,
    /// Heartbeat interval (`spp_hbinterval`, whole milliseconds).
    pub heartbeat_interval: Duration,
    /// Retransmissions before the path is considered unreachable (`spp_pathmaxrxt`).
    pub path_max_retrans: u16,
    /// Path MTU when discovery is off (`spp_pathmtu`).
    pub path_mtu: u32,
    /// Delayed SACK time (`spp_sackdelay`, whole milliseconds).
    pub sack_delay: Duration,
    /// What to apply or what is on (`spp_flags`).
    pub flags: PeerAddrFlags,
    /// IPv6 flow label (`spp_ipv6_flowlabel`, 20 bits), with [`PeerAddrFlags::IPV6_FLOWLABEL`].
    pub ipv6_flow_label: u32,
    /// DSCP (`spp_dscp`, 6 bits), with [`PeerAddrFlags::DSCP`].
    pub dscp: u8,
}

impl PeerAddrParams {
    /// Everything zero, no address, no flags: the same as `Default`.
    pub const fn new() -> PeerAddrParams {
        PeerAddrParams {
            address: None,
            heartbeat_interval: Duration::ZERO,
            path_max_retrans: 0,
            path_mtu: 0,
            sack_delay: Duration::ZERO,
            flags: PeerAddrFlags::EMPTY,
            ipv6_flow_label: 0,
            dscp: 0,
        }
    }

    /// Sets [`address`](Self::address).
    pub const fn with_address(mut self, address: Option<SocketAddr>) -> PeerAddrParams {
        self.address = address;
        self
    }

    /// Sets [`heartbeat_interval`](Self::heartbeat_interval).
    pub const fn with_heartbeat_interval(mut self, heartbeat_interval: Duration) -> PeerAddrParams {
        self.heartbeat_interval = heartbeat_interval;
        self
    }

    /// Sets [`path_max_retrans`](Self::path_max_retrans).
    pub const fn with_path_max_retrans(mut self, path_max_retrans: u16) -> PeerAddrParams {
        self.path_max_retrans = path_max_retrans;
        self
    }

    /// Sets [`path_mtu`](Self::path_mtu).
    pub const fn with_path_mtu(mut self, path_mtu: u32) -> PeerAddrParams {
        self.path_mtu = path_mtu;
        self
    }

    /// Sets [`sack_delay`](Self::sack_delay).
    pub const fn with_sack_delay(mut self, sack_delay: Duration) -> PeerAddrParams {
        self.sack_delay = sack_delay;
        self
    }

    /// Sets [`flags`](Self::flags).
    pub const fn with_flags(mut self, flags: PeerAddrFlags) -> PeerAddrParams {
        self.flags = flags;
        self
    }

    /// Sets [`ipv6_flow_label`](Self::ipv6_flow_label).
    pub const fn with_ipv6_flow_label(mut self, ipv6_flow_label: u32) -> PeerAddrParams {
        self.ipv6_flow_label = ipv6_flow_label;
        self
    }

    /// Sets [`dscp`](Self::dscp).
    pub const fn with_dscp(mut self, dscp: u8) -> PeerAddrParams {
        self.dscp = dscp;
        self
    }
}

/// Reachability state of a peer address (`spinfo_state`, RFC 6458 §8.2.2).
///
/// # Examples
///
/// ```no_run
/// use sctp::{PeerAddrState, SctpStream};
///
/// let peer = "127.0.0.1:9".parse().unwrap();
/// let stream = SctpStream::connect(peer)?;
/// let info = stream.peer_addr_info(peer)?;
/// assert_eq!(info.state, PeerAddrState::Active);
/// # Ok::<(), sctp::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PeerAddrState {
    /// Unreachable (`SCTP_INACTIVE`).
    Inactive,
    /// Potentially failed (`SCTP_PF`, RFC 7829; Linux only).
    PotentiallyFailed,
    /// Reachable (`SCTP_ACTIVE`).
    Active,
    /// Not yet confirmed by a heartbeat (`SCTP_UNCONFIRMED`).
    Unconfirmed,
    /// The kernel has no state for it (`SCTP_UNKNOWN`; Linux only).
    Unknown,
    /// A value this crate does not know.
    Other(i32),
}

impl PeerAddrState {
    pub(crate) fn from_raw(raw: i32) -> PeerAddrState {
        // The numbers are the system's: Linux counts from `SCTP_INACTIVE` = 0, FreeBSD has
        // `SCTP_ACTIVE` = 1, `SCTP_INACTIVE` = 2, `SCTP_UNCONFIRMED` = 0x200 and neither
        // `SCTP_PF` nor `SCTP_UNKNOWN`.
        use sctp_sys as c;
        const INACTIVE: i32 = c::SCTP_INACTIVE as i32;
        const ACTIVE: i32 = c::SCTP_ACTIVE as i32;
        const UNCONFIRMED: i32 = c::SCTP_UNCONFIRMED as i32;
        #[cfg(target_os = "linux")]
        const PF: i32 = c::SCTP_PF as i32;
        #[cfg(target_os = "linux")]
        const UNKNOWN: i32 = c::SCTP_UNKNOWN as i32;
        match raw {
            INACTIVE => PeerAddrState::Inactive,
            #[cfg(target_os = "linux")]
            PF => PeerAddrState::PotentiallyFailed,
            ACTIVE => PeerAddrState::Active,
            UNCONFIRMED => PeerAddrState::Unconfirmed,
            #[cfg(target_os = "linux")]
            UNKNOWN => PeerAddrState::Unknown,
            n => PeerAddrState::Other(n),
        }
    }
}

/// Information about one peer address (`SCTP_GET_PEER_ADDR_INFO`, RFC 6458 §8.2.2; also the
/// primary path in [`AssocStatus`](crate::AssocStatus)).
///
/// # Examples
///
/// ```no_run
/// use sctp::{SctpStream};
///
/// let peer = "127.0.0.1:9".parse().unwrap();
/// let stream = SctpStream::connect(peer)?;
/// let info = stream.peer_addr_info(peer)?;
/// println!("srtt {:?}, rto {:?}, mtu {}", info.srtt, info.rto, info.mtu);
/// # Ok::<(), sctp::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct PeerAddrInfo {
    /// The address (`spinfo_address`).
    pub address: SocketAddr,
    /// Reachability (`spinfo_state`).
    pub state: PeerAddrState,
    /// Congestion window in bytes (`spinfo_cwnd`).
    pub cwnd: u32,
    /// Smoothed round-trip time (`spinfo_srtt`).
    pub srtt: Duration,
    /// Current retransmission timeout (`spinfo_rto`).
    pub rto: Duration,
    /// Path MTU (`spinfo_mtu`).
    pub mtu: u32,
}

/// Path failure thresholds (`SCTP_PEER_ADDR_THLDS` / `SCTP_PEER_ADDR_THLDS_V2`, RFC 7829 §7.2).
///
/// # Examples
///
/// ```no_run
/// use sctp::{AssocId, PathThresholds, SctpSocket};
///
/// let socket = SctpSocket::bind("127.0.0.1:0")?;
/// socket.set_path_thresholds(
///     AssocId::FUTURE,
///     None,
///     // path_max_retrans, pf_threshold, ps_threshold
///     PathThresholds::new(5, 2, Some(0xffff)),
/// )?;
/// # Ok::<(), sctp::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct PathThresholds {
    /// Retransmissions before a path is inactive (`spt_pathmaxrxt`).
    pub path_max_retrans: u16,
    /// Retransmissions before a path is potentially failed (`spt_pathpfthld`); must not
    /// exceed `path_max_retrans`.
    pub pf_threshold: u16,
    /// Primary path switchover threshold (`spt_pathcpthld`, `SCTP_PEER_ADDR_THLDS_V2`, Linux
    /// 5.6+); `None` uses the older option and leaves it unchanged. `0xffff` disables
    /// switchover.
    pub ps_threshold: Option<u16>,
}

impl PathThresholds {
    /// The three thresholds; the setter checks them.
    pub const fn new(
        path_max_retrans: u16,
        pf_threshold: u16,
        ps_threshold: Option<u16>,
    ) -> PathThresholds {
        PathThresholds {
            path_max_retrans,
            pf_threshold,
            ps_threshold,
        }
    }
}

//! `SCTP_PEER_ADDR_CHANGE` (RFC 6458 §6.1.2) and the `sockaddr` layouts it carries.

use core::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};

use crate::dialect::Sockaddr;
use crate::record::{Record, Writer, view};
use crate::{ByteOrder, Dialect, Error, Kind, Value};

mod field {
    use core::ops::Range;

    // struct sctp_paddr_change: the same offsets in both dialects; Linux packs the struct
    // to 148 bytes, FreeBSD pads it to 152 (sockaddr_storage is 8-byte aligned there).
    pub(super) const AADDR: Range<usize> = 8..136;
    pub(super) const STATE: usize = 136;
    pub(super) const ERROR: usize = 140;
    pub(super) const ASSOC_ID: usize = 144;
    pub(super) const END: usize = 148;
    pub(super) const FREEBSD_SIZE: usize = 152;
}

/// The fields end at 148 in both dialects; FreeBSD's trailing padding is not required.
pub(crate) const MIN_LEN: usize = field::END;

// sockaddr_in / sockaddr_in6, relative to the start of spc_aaddr.
const SIN_PORT: usize = 2;
const SIN_ADDR: usize = 4;
const SIN6_FLOWINFO: usize = 4;
const SIN6_ADDR: usize = 8;
const SIN6_SCOPE_ID: usize = 24;
const SOCKADDR_IN_LEN: u8 = 16;
const SOCKADDR_IN6_LEN: u8 = 28;

const AF_INET: u16 = 2;
const fn af_inet6(dialect: Dialect) -> u16 {
    match dialect.sockaddr() {
        Sockaddr::Family16 { af_inet6 } | Sockaddr::LenFamily8 { af_inet6 } => af_inet6,
    }
}

/// The `sa_family` of the `sockaddr` at `at`: a host-order `u16` on Linux, the byte after
/// `sa_len` on FreeBSD; usrsctp writes the host's own.
const fn family(r: &Record<'_>, at: usize) -> u16 {
    match r.dialect.sockaddr() {
        Sockaddr::Family16 { .. } => r.u16(at),
        Sockaddr::LenFamily8 { .. } => r.u8(at + 1) as u16,
    }
}

/// Checks `spc_aaddr` when parsing, so that [`PeerAddrChange::address`] cannot fail.
#[inline]
pub(crate) fn check(r: &Record<'_>) -> Result<(), Error> {
    let family = family(r, field::AADDR.start);
    if family == AF_INET || family == af_inet6(r.dialect) {
        Ok(())
    } else {
        Err(Error::UnsupportedAddressFamily { family })
    }
}

view! {
    /// `struct sctp_paddr_change`: a peer address changed state (RFC 6458 §6.1.2).
    ///
    /// # Platform-specific behavior
    ///
    /// Linux declares `spc_state` and `spc_error` as `int` and adds
    /// `SCTP_ADDR_POTENTIALLY_FAILED`; FreeBSD declares them `uint32_t`. The address
    /// family is checked when parsing: only IPv4 and IPv6 are accepted.
    ///
    /// Linux, as observed on 6.1 and 6.12 by this crate's kernel test: `spc_error` carries the
    /// kernel's internal reason for the change rather than an error — 2
    /// (`SCTP_HEARTBEAT_SUCCESS`) when a heartbeat confirms an address, 0 for
    /// `SCTP_ADDR_MADE_PRIM` after `SCTP_PRIMARY_ADDR`; and on an IPv6 socket IPv4
    /// peers appear as v4-mapped IPv6 addresses (`[::ffff:127.0.0.1]:port`).
    ///
    /// # Examples
    ///
    /// ```
    /// use sctp_notify::{parse_as, Dialect, Notification, PeerAddrState};
    ///
    /// // Linux, 192.0.2.1:5000 became unreachable on association 1.
    /// let mut b = [0u8; 148];
    /// b[..2].copy_from_slice(&0x8002u16.to_ne_bytes());
    /// b[4..8].copy_from_slice(&148u32.to_ne_bytes());
    /// b[8..10].copy_from_slice(&2u16.to_ne_bytes()); // AF_INET
    /// b[10..12].copy_from_slice(&5000u16.to_be_bytes());
    /// b[12..16].copy_from_slice(&[192, 0, 2, 1]);
    /// b[136..140].copy_from_slice(&1i32.to_ne_bytes()); // SCTP_ADDR_UNREACHABLE
    /// b[144..148].copy_from_slice(&1i32.to_ne_bytes());
    /// let Notification::PeerAddrChange(n) = parse_as(Dialect::Linux, &b)? else { unreachable!() };
    /// assert_eq!(n.address(), "192.0.2.1:5000".parse().unwrap());
    /// assert_eq!(n.state(), PeerAddrState::Unreachable);
    /// # Ok::<(), sctp_notify::Error>(())
    /// ```
    PeerAddrChange
}

impl<'a> PeerAddrChange<'a> {
    /// The peer address whose state changed (`spc_aaddr`).
    pub fn address(&self) -> SocketAddr {
        let r = &self.0;
        let at = field::AADDR.start;
        let port = u16::from_be_bytes([r.u8(at + SIN_PORT), r.u8(at + SIN_PORT + 1)]);
        if family(r, at) == AF_INET {
            let mut ip = [0; 4];
            ip.copy_from_slice(r.slice(at + SIN_ADDR, 4));
            SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::from(ip), port))
        } else {
            let mut ip = [0; 16];
            ip.copy_from_slice(r.slice(at + SIN6_ADDR, 16));
            SocketAddr::V6(SocketAddrV6::new(
                Ipv6Addr::from(ip),
                port,
                r.u32(at + SIN6_FLOWINFO),
                r.u32(at + SIN6_SCOPE_ID),
            ))
        }
    }

    /// The address's new state (`spc_state`).
    pub const fn state(&self) -> PeerAddrState {
        PeerAddrState::from_raw(self.0.dialect, self.0.u32(field::STATE))
    }

    /// `spc_error`: the error behind the change, if any (raw 32 bits).
    pub const fn error(&self) -> u32 {
        self.0.u32(field::ERROR)
    }

    /// The association (`spc_assoc_id`); Linux's signed id reinterpreted as `u32`.
    pub const fn assoc_id(&self) -> u32 {
        self.0.u32(field::ASSOC_ID)
    }

    #[inline]
    pub(crate) fn field(&self, i: usize) -> Option<(&'static str, Value<'a>)> {
        let r = &self.0;
        let signed = r.dialect.signed_assoc_id();
        Some(match i {
            0 => ("spc_aaddr", Value::Address(self.address())),
            1 => ("spc_state", Value::int(signed, r.u32(field::STATE))),
            2 => ("spc_error", Value::int(signed, self.error())),
            3 => ("spc_assoc_id", Value::int(signed, self.assoc_id())),
            _ => return None,
        })
    }

    pub(crate) fn emitted_len(&self, to: Dialect) -> Result<usize, Error> {
        crate::notification::type_code(to, Kind::PeerAddrChange)?;
        self.state().to_raw(to)?;
        Ok(match to {
            Dialect::Linux => field::END,
            Dialect::FreeBsd | Dialect::Usrsctp => field::FREEBSD_SIZE,
        })
    }

    pub(crate) fn emit(
        &self,
        to: Dialect,
        order: ByteOrder,
        out: &mut [u8],
    ) -> Result<usize, Error> {
        let len = self.emitted_len(to)?;
        let sn_type = crate::notification::type_code(to, Kind::PeerAddrChange)?;
        let state = self.state().to_raw(to)?;
        let mut w = Writer::new(out, order, len, sn_type, self.flags())?;
        write_sockaddr(&mut w, to, field::AADDR.start, self.address());
        w.u32(field::STATE, state);
        w.u32(field::ERROR, self.error());
        w.u32(field::ASSOC_ID, self.assoc_id());
        Ok(w.len())
    }
}

fn write_sockaddr(w: &mut Writer<'_>, to: Dialect, at: usize, addr: SocketAddr) {
    let (family, sa_len) = match addr {
        SocketAddr::V4(_) => (AF_INET, SOCKADDR_IN_LEN),
        SocketAddr::V6(_) => (af_inet6(to), SOCKADDR_IN6_LEN),
    };
    match to.sockaddr() {
        Sockaddr::Family16 { .. } => w.u16(at, family),
        Sockaddr::LenFamily8 { .. } => {
            w.u8(at, sa_len);
            // Both families fit in FreeBSD's one-byte sa_family.
            w.u8(at + 1, family as u8);
        }
    }
    w.bytes(at + SIN_PORT, &addr.port().to_be_bytes());
    match addr {
        SocketAddr::V4(a) => w.bytes(at + SIN_ADDR, &a.ip().octets()),
        SocketAddr::V6(a) => {
            w.u32(at + SIN6_FLOWINFO, a.flowinfo());
            w.bytes(at + SIN6_ADDR, &a.ip().octets());
            w.u32(at + SIN6_SCOPE_ID, a.scope_id());
        }
    }
}

/// `spc_state`: what happened to a peer address (RFC 6458 §6.1.2).
///
/// Linux numbers these from 0, FreeBSD from 1; values neither knows are kept in
/// [`PeerAddrState::Unknown`] as read.
///
/// # Examples
///
/// ```
/// use sctp_notify::{Dialect, PeerAddrState};
///
/// assert_eq!(PeerAddrState::from_raw(Dialect::FreeBsd, 5), PeerAddrState::MadePrimary);
/// assert_eq!(PeerAddrState::MadePrimary.to_raw(Dialect::Linux), Ok(4));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PeerAddrState {
    /// `SCTP_ADDR_AVAILABLE`: the address is reachable again.
    Available,
    /// `SCTP_ADDR_UNREACHABLE`: the address can no longer be reached.
    Unreachable,
    /// `SCTP_ADDR_REMOVED`: the address was removed from the association.
    Removed,
    /// `SCTP_ADDR_ADDED`: the address was added to the association.
    Added,
    /// `SCTP_ADDR_MADE_PRIM`: the address is now the primary path.
    MadePrimary,
    /// `SCTP_ADDR_CONFIRMED`: the address was confirmed by a heartbeat.
    Confirmed,
    /// `SCTP_ADDR_POTENTIALLY_FAILED` (Linux only): the path entered the
    /// potentially-failed state of RFC 7829.
    PotentiallyFailed,
    /// A value this crate does not know, as read.
    Unknown(u32),
}

impl PeerAddrState {
    /// The state that the raw `spc_state` value denotes in `dialect`.
    pub const fn from_raw(dialect: Dialect, raw: u32) -> Self {
        match (dialect, raw) {
            (Dialect::Linux, 0) | (Dialect::FreeBsd | Dialect::Usrsctp, 1) => {
                PeerAddrState::Available
            }
            (Dialect::Linux, 1) | (Dialect::FreeBsd | Dialect::Usrsctp, 2) => {
                PeerAddrState::Unreachable
            }
            (Dialect::Linux, 2) | (Dialect::FreeBsd | Dialect::Usrsctp, 3) => {
                PeerAddrState::Removed
            }
            (Dialect::Linux, 3) | (Dialect::FreeBsd | Dialect::Usrsctp, 4) => PeerAddrState::Added,
            (Dialect::Linux, 4) | (Dialect::FreeBsd | Dialect::Usrsctp, 5) => {
                PeerAddrState::MadePrimary
            }
            (Dialect::Linux, 5) | (Dialect::FreeBsd | Dialect::Usrsctp, 6) => {
                PeerAddrState::Confirmed
            }
            (Dialect::Linux, 6) => PeerAddrState::PotentiallyFailed,
            _ => PeerAddrState::Unknown(raw),
        }
    }

    /// The raw `spc_state` value of this state in `dialect` (`Unknown` values unchanged).
    ///
    /// # Errors
    ///
    /// [`Error::Unrepresentable`] for [`PeerAddrState::PotentiallyFailed`] in FreeBSD.
    pub const fn to_raw(self, dialect: Dialect) -> Result<u32, Error> {
        let base = match dialect {
            Dialect::Linux => 0,
            Dialect::FreeBsd | Dialect::Usrsctp => 1,
        };
        Ok(match self {
            PeerAddrState::Available => base,
            PeerAddrState::Unreachable => base + 1,
            PeerAddrState::Removed => base + 2,
            PeerAddrState::Added => base + 3,
            PeerAddrState::MadePrimary => base + 4,
            PeerAddrState::Confirmed => base + 5,
            PeerAddrState::PotentiallyFailed => match dialect {
                Dialect::Linux => 6,
                Dialect::FreeBsd | Dialect::Usrsctp => {
                    return Err(Error::Unrepresentable { field: "spc_state" });
                }
            },
            PeerAddrState::Unknown(raw) => raw,
        })
    }
}

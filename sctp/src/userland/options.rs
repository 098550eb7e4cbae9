//! The typed socket options ([`crate::options`]) on usrsctp sockets.
//!
//! # Design
//!
//! The methods come from the same list as the kernel sockets' (`option_list!` in
//! [`crate::options`]): one declaration per option gives both backends their method, with the
//! same name, signature, value types and documentation, so the two cannot drift apart. Each
//! backend has its own encoders, because what differs between the stacks is exactly what an
//! encoder does: usrsctp follows FreeBSD, not Linux — other option numbers, other structs
//! (`sctp_paddrparams` is not packed and has no per-path SACK delay, `sctp_authchunks` has no
//! count, `sctp_status` reports FreeBSD's state numbers), other constants (send flags, PR-SCTP
//! policies, schedulers, path states). What does not differ is shared with the kernel encoders
//! in [`crate::options::access`]: the checks of values known bad (so both give the same
//! [`Error::InvalidOptionValue`] before any call), the conversions (milliseconds, the byte
//! encodings of the variable-length options that have one layout on both systems) and the
//! error mapping (`ENOPROTOOPT` is [`Error::UnsupportedOption`]).
//!
//! The raw calls are in `super::sys` (`get_opt`, `set_opt`, `get_opt_bytes`,
//! `set_opt_bytes`), bounded by the same `Pod` trait as the kernel's. No `unsafe` here.
//!
//! Options `usrsctp.h` does not define are [`Error::UnsupportedOption`] without a call:
//! `SCTP_DEFAULT_SEND_PARAM`, `SCTP_PEER_ADDR_THLDS`, `SCTP_GET_ASSOC_STATS`,
//! `SCTP_INTERLEAVING_SUPPORTED`, `SCTP_EXPOSE_POTENTIALLY_FAILED_STATE` and
//! `SCTP_PLPMTUD_PROBE_INTERVAL`.
//!
//! Where an option takes an address and `None` means "the association or endpoint",
//! usrsctp wants the wildcard address of the socket's family, not `AF_UNSPEC` (FreeBSD answers
//! `EAFNOSUPPORT` to `AF_UNSPEC` on a live association); the encoders pass that, and a read
//! reports the wildcard as `None`.

use std::mem;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use usrsctp_sys as u;

use super::sys::{self, Socket};
use super::{SctpListener, SctpSocket, SctpStream};
use crate::options::access::{self, from_millis, invalid, millis};
use crate::options::sys::{
    Opt, Pod, STORAGE_LEN, addr_from_storage, storage_from_addr, storage_from_bytes,
    storage_to_bytes,
};
use crate::options::{impl_options, option_list, option_method};
use crate::{
    AssocId, AssocInfo, AssocState, AssocStats, AssocStatus, DefaultSendInfo, DelayedSack, Error,
    HmacId, InitParams, PathThresholds, PeerAddrFlags, PeerAddrInfo, PeerAddrParams, PeerAddrState,
    PfExposure, PrKind, PrPolicy, PrStatus, ResetDirection, RtoInfo, SendFlags, StreamResetFlags,
    StreamScheduler,
};

type Res<T> = Result<T, Error>;

macro_rules! opt {
    ($name:ident) => {
        Opt {
            name: stringify!($name),
            num: u::$name as libc::c_int,
        }
    };
}

const RTOINFO: Opt = opt!(SCTP_RTOINFO);
const ASSOCINFO: Opt = opt!(SCTP_ASSOCINFO);
const INITMSG: Opt = opt!(SCTP_INITMSG);
const NODELAY: Opt = opt!(SCTP_NODELAY);
const AUTOCLOSE: Opt = opt!(SCTP_AUTOCLOSE);
const PRIMARY_ADDR: Opt = opt!(SCTP_PRIMARY_ADDR);
const SET_PEER_PRIMARY_ADDR: Opt = opt!(SCTP_SET_PEER_PRIMARY_ADDR);
const ADAPTATION_LAYER: Opt = opt!(SCTP_ADAPTATION_LAYER);
const DISABLE_FRAGMENTS: Opt = opt!(SCTP_DISABLE_FRAGMENTS);
const PEER_ADDR_PARAMS: Opt = opt!(SCTP_PEER_ADDR_PARAMS);
const I_WANT_MAPPED_V4_ADDR: Opt = opt!(SCTP_I_WANT_MAPPED_V4_ADDR);
const MAXSEG: Opt = opt!(SCTP_MAXSEG);
const STATUS: Opt = opt!(SCTP_STATUS);
const GET_PEER_ADDR_INFO: Opt = opt!(SCTP_GET_PEER_ADDR_INFO);
const DELAYED_SACK: Opt = opt!(SCTP_DELAYED_SACK);
const CONTEXT: Opt = opt!(SCTP_CONTEXT);
const FRAGMENT_INTERLEAVE: Opt = opt!(SCTP_FRAGMENT_INTERLEAVE);
const PARTIAL_DELIVERY_POINT: Opt = opt!(SCTP_PARTIAL_DELIVERY_POINT);
const MAX_BURST: Opt = opt!(SCTP_MAX_BURST);
const AUTH_CHUNK: Opt = opt!(SCTP_AUTH_CHUNK);
const HMAC_IDENT: Opt = opt!(SCTP_HMAC_IDENT);
const AUTH_KEY: Opt = opt!(SCTP_AUTH_KEY);
const AUTH_ACTIVE_KEY: Opt = opt!(SCTP_AUTH_ACTIVE_KEY);
const AUTH_DELETE_KEY: Opt = opt!(SCTP_AUTH_DELETE_KEY);
const AUTH_DEACTIVATE_KEY: Opt = opt!(SCTP_AUTH_DEACTIVATE_KEY);
const PEER_AUTH_CHUNKS: Opt = opt!(SCTP_PEER_AUTH_CHUNKS);
const LOCAL_AUTH_CHUNKS: Opt = opt!(SCTP_LOCAL_AUTH_CHUNKS);
const GET_ASSOC_NUMBER: Opt = opt!(SCTP_GET_ASSOC_NUMBER);
const GET_ASSOC_ID_LIST: Opt = opt!(SCTP_GET_ASSOC_ID_LIST);
const AUTO_ASCONF: Opt = opt!(SCTP_AUTO_ASCONF);
const DEFAULT_SNDINFO: Opt = opt!(SCTP_DEFAULT_SNDINFO);
const REUSE_PORT: Opt = opt!(SCTP_REUSE_PORT);
const PR_SUPPORTED: Opt = opt!(SCTP_PR_SUPPORTED);
const DEFAULT_PRINFO: Opt = opt!(SCTP_DEFAULT_PRINFO);
const PR_ASSOC_STATUS: Opt = opt!(SCTP_PR_ASSOC_STATUS);
const PR_STREAM_STATUS: Opt = opt!(SCTP_PR_STREAM_STATUS);
const RECONFIG_SUPPORTED: Opt = opt!(SCTP_RECONFIG_SUPPORTED);
const ENABLE_STREAM_RESET: Opt = opt!(SCTP_ENABLE_STREAM_RESET);
const RESET_STREAMS: Opt = opt!(SCTP_RESET_STREAMS);
const RESET_ASSOC: Opt = opt!(SCTP_RESET_ASSOC);
const ADD_STREAMS: Opt = opt!(SCTP_ADD_STREAMS);
/// RFC 8260's `SCTP_STREAM_SCHEDULER` is `SCTP_PLUGGABLE_SS` in usrsctp (and FreeBSD).
const STREAM_SCHEDULER: Opt = Opt {
    name: "SCTP_PLUGGABLE_SS",
    num: u::SCTP_PLUGGABLE_SS as libc::c_int,
};
/// RFC 8260's `SCTP_STREAM_SCHEDULER_VALUE` is `SCTP_SS_VALUE` in usrsctp.
const STREAM_SCHEDULER_VALUE: Opt = Opt {
    name: "SCTP_SS_VALUE",
    num: u::SCTP_SS_VALUE as libc::c_int,
};
const ASCONF_SUPPORTED: Opt = opt!(SCTP_ASCONF_SUPPORTED);
const AUTH_SUPPORTED: Opt = opt!(SCTP_AUTH_SUPPORTED);
const ECN_SUPPORTED: Opt = opt!(SCTP_ECN_SUPPORTED);
const REMOTE_UDP_ENCAPS_PORT: Opt = opt!(SCTP_REMOTE_UDP_ENCAPS_PORT);

/// An option `usrsctp.h` does not define.
fn lacks(option: &'static str) -> Error {
    Error::UnsupportedOption { option }
}

/// The handle the encoders take: the usrsctp socket of a userland socket.
pub(crate) trait Handle {
    /// The usrsctp socket.
    fn handle(&self) -> &Socket;
}

macro_rules! impl_handle {
    ($($ty:ident),*) => {
        $(
            impl Handle for $ty {
                fn handle(&self) -> &Socket {
                    &self.inner.raw
                }
            }
        )*
    };
}
impl_handle!(SctpListener, SctpStream, SctpSocket);

option_list!(impl_options! { self, Handle::handle;
SctpSocket: one_to_many, SctpStream: one_to_one, SctpListener: one_to_one });

// ---- conversions -------------------------------------------------------------------------

/// The association id for a get: `CURRENT` and `ALL` are refused as on kernel sockets.
fn get_assoc(opt: Opt, assoc: AssocId) -> Res<u::sctp_assoc_t> {
    access::check_get_assoc(opt, assoc)?;
    Ok(assoc.as_raw())
}

fn zeroed<T: Pod>() -> T {
    T::zeroed()
}

/// The address of a per-path option: the given one, or the wildcard of the socket's family
/// for "the association or endpoint" (see the module docs).
fn addr_or_wildcard(so: &Socket, addr: Option<SocketAddr>) -> [u8; STORAGE_LEN] {
    let addr = addr.unwrap_or_else(|| {
        let ip = if so.is_v6() {
            IpAddr::V6(Ipv6Addr::UNSPECIFIED)
        } else {
            IpAddr::V4(Ipv4Addr::UNSPECIFIED)
        };
        SocketAddr::new(ip, 0)
    });
    storage_from_addr(&addr)
}

/// Decodes an address of an answer; the wildcard (or no address) is `None`.
fn addr_or_none(bytes: &[u8; STORAGE_LEN]) -> Res<Option<SocketAddr>> {
    Ok(addr_from_storage(bytes)?.filter(|a| !(a.ip().is_unspecified() && a.port() == 0)))
}

fn get_int(so: &Socket, opt: Opt) -> Res<libc::c_int> {
    so.get_opt(opt, 0 as libc::c_int)
}

fn set_int(so: &Socket, opt: Opt, value: libc::c_int) -> Res<()> {
    so.set_opt(opt, &value)
}

fn get_assoc_value(so: &Socket, opt: Opt, assoc: AssocId) -> Res<u32> {
    let mut v: u::sctp_assoc_value = zeroed();
    v.assoc_id = get_assoc(opt, assoc)?;
    Ok(so.get_opt(opt, v)?.assoc_value)
}

fn set_assoc_value(so: &Socket, opt: Opt, assoc: AssocId, value: u32) -> Res<()> {
    let mut v: u::sctp_assoc_value = zeroed();
    v.assoc_id = assoc.as_raw();
    v.assoc_value = value;
    so.set_opt(opt, &v)
}

/// The stream reconfiguration calls answer `EOPNOTSUPP` (FreeBSD's answer; Linux's is
/// `ENOPROTOOPT`) when the association did not negotiate RE-CONFIG: that is
/// [`Error::OptionNotEnabled`], as on kernel sockets.
fn reconf_err(opt: Opt, err: Error) -> Error {
    match err {
        Error::UnsupportedOption { .. } => Error::OptionNotEnabled { option: opt.name },
        Error::Io(e) if e.raw_os_error() == Some(libc::EOPNOTSUPP) => {
            Error::OptionNotEnabled { option: opt.name }
        }
        other => other,
    }
}

/// An association state in usrsctp's (FreeBSD's bit-valued) numbering.
fn assoc_state(raw: i32) -> AssocState {
    match raw as u32 {
        u::SCTP_CLOSED => AssocState::Closed,
        u::SCTP_COOKIE_WAIT => AssocState::CookieWait,
        u::SCTP_COOKIE_ECHOED => AssocState::CookieEchoed,
        u::SCTP_ESTABLISHED => AssocState::Established,
        u::SCTP_SHUTDOWN_PENDING => AssocState::ShutdownPending,
        u::SCTP_SHUTDOWN_SENT => AssocState::ShutdownSent,
        u::SCTP_SHUTDOWN_RECEIVED => AssocState::ShutdownReceived,
        u::SCTP_SHUTDOWN_ACK_SENT => AssocState::ShutdownAckSent,
        _ => AssocState::Unknown(raw),
    }
}

/// A path state in usrsctp's numbering (`SCTP_ACTIVE` 1, `SCTP_INACTIVE` 2,
/// `SCTP_UNCONFIRMED` 0x200; no potentially-failed state).
fn peer_addr_state(raw: i32) -> PeerAddrState {
    match raw as u32 {
        u::SCTP_ACTIVE => PeerAddrState::Active,
        u::SCTP_INACTIVE => PeerAddrState::Inactive,
        u::SCTP_UNCONFIRMED => PeerAddrState::Unconfirmed,
        _ => PeerAddrState::Other(raw),
    }
}

/// usrsctp's send flags in the crate's numbering.
fn send_flags_from(raw: u16) -> SendFlags {
    let raw = u32::from(raw);
    let mut out = SendFlags::NONE;
    for (ours, theirs) in sys::SEND_FLAGS {
        if raw & theirs != 0 {
            out |= ours;
        }
    }
    out
}

/// FreeBSD's "all policies" selector of the PR-SCTP counters (`SCTP_PR_SCTP_ALL` of its
/// `sctp_uio.h`; `usrsctp.h` does not define it, the library accepts it).
const PR_ALL: u16 = 0x000f;
/// The policy bits of `pr_policy` (`PR_SCTP_POLICY()` of `usrsctp.h`).
const PR_MASK: u16 = 0x000f;

/// A policy in usrsctp's numbering; `Priority` is FreeBSD's buffer policy, as on send.
fn pr_policy_raw(policy: PrPolicy) -> (u16, u32) {
    match policy {
        PrPolicy::None => (u::SCTP_PR_SCTP_NONE as u16, 0),
        PrPolicy::Ttl(ms) => (u::SCTP_PR_SCTP_TTL as u16, ms),
        PrPolicy::Rtx(n) => (u::SCTP_PR_SCTP_RTX as u16, n),
        PrPolicy::Priority(p) => (u::SCTP_PR_SCTP_BUF as u16, p),
    }
}

fn pr_kind_raw(kind: PrKind) -> u16 {
    match kind {
        PrKind::Ttl => u::SCTP_PR_SCTP_TTL as u16,
        PrKind::Rtx => u::SCTP_PR_SCTP_RTX as u16,
        PrKind::Priority => u::SCTP_PR_SCTP_BUF as u16,
        PrKind::All => PR_ALL,
    }
}

/// usrsctp's schedulers (FreeBSD's list) and their numbers.
const SCHEDULERS: &[(StreamScheduler, u32)] = &[
    (StreamScheduler::Default, u::SCTP_SS_DEFAULT),
    (StreamScheduler::RoundRobin, u::SCTP_SS_ROUND_ROBIN),
    (
        StreamScheduler::RoundRobinPacket,
        u::SCTP_SS_ROUND_ROBIN_PACKET,
    ),
    (StreamScheduler::Priority, u::SCTP_SS_PRIORITY),
    (StreamScheduler::FairBandwidth, u::SCTP_SS_FAIR_BANDWITH),
    (StreamScheduler::Fcfs, u::SCTP_SS_FIRST_COME),
];

// ---- RFC 6458 §8.1 -----------------------------------------------------------------------

pub(crate) fn rto_info(so: &Socket, assoc: AssocId) -> Res<RtoInfo> {
    let mut v: u::sctp_rtoinfo = zeroed();
    v.srto_assoc_id = get_assoc(RTOINFO, assoc)?;
    let v = so.get_opt(RTOINFO, v)?;
    Ok(RtoInfo {
        initial: from_millis(v.srto_initial),
        max: from_millis(v.srto_max),
        min: from_millis(v.srto_min),
    })
}

pub(crate) fn set_rto_info(so: &Socket, assoc: AssocId, info: &RtoInfo) -> Res<()> {
    let (initial, max, min) = access::rto_values(RTOINFO, info)?;
    let mut v: u::sctp_rtoinfo = zeroed();
    v.srto_assoc_id = assoc.as_raw();
    v.srto_initial = initial;
    v.srto_max = max;
    v.srto_min = min;
    so.set_opt(RTOINFO, &v)
}

pub(crate) fn assoc_info(so: &Socket, assoc: AssocId) -> Res<AssocInfo> {
    let mut v: u::sctp_assocparams = zeroed();
    v.sasoc_assoc_id = get_assoc(ASSOCINFO, assoc)?;
    let v = so.get_opt(ASSOCINFO, v)?;
    Ok(AssocInfo {
        max_retrans: v.sasoc_asocmaxrxt,
        peer_destinations: v.sasoc_number_peer_destinations,
        peer_rwnd: v.sasoc_peer_rwnd,
        local_rwnd: v.sasoc_local_rwnd,
        cookie_life: from_millis(v.sasoc_cookie_life),
    })
}

pub(crate) fn set_assoc_info(
    so: &Socket,
    assoc: AssocId,
    max_retrans: u16,
    cookie_life: Duration,
) -> Res<()> {
    let cookie = access::cookie_life_value(ASSOCINFO, max_retrans, cookie_life)?;
    let mut v: u::sctp_assocparams = zeroed();
    v.sasoc_assoc_id = assoc.as_raw();
    v.sasoc_asocmaxrxt = max_retrans;
    v.sasoc_cookie_life = cookie;
    so.set_opt(ASSOCINFO, &v)
}

pub(crate) fn init_params(so: &Socket) -> Res<InitParams> {
    let v = so.get_opt(INITMSG, zeroed::<u::sctp_initmsg>())?;
    Ok(InitParams {
        outbound_streams: v.sinit_num_ostreams,
        max_inbound_streams: v.sinit_max_instreams,
        max_attempts: v.sinit_max_attempts,
        max_init_timeout_ms: v.sinit_max_init_timeo,
    })
}

pub(crate) fn set_init_params(so: &Socket, params: &InitParams) -> Res<()> {
    let mut v: u::sctp_initmsg = zeroed();
    v.sinit_num_ostreams = params.outbound_streams;
    v.sinit_max_instreams = params.max_inbound_streams;
    v.sinit_max_attempts = params.max_attempts;
    v.sinit_max_init_timeo = params.max_init_timeout_ms;
    so.set_opt(INITMSG, &v)
}

pub(crate) fn nodelay(so: &Socket) -> Res<bool> {
    Ok(get_int(so, NODELAY)? != 0)
}

pub(crate) fn set_nodelay(so: &Socket, on: bool) -> Res<()> {
    set_int(so, NODELAY, on.into())
}

pub(crate) fn autoclose(so: &Socket) -> Res<Option<Duration>> {
    let secs = get_int(so, AUTOCLOSE)? as u32;
    Ok((secs != 0).then(|| Duration::from_secs(u64::from(secs))))
}

pub(crate) fn set_autoclose(so: &Socket, after: Option<Duration>) -> Res<()> {
    set_int(so, AUTOCLOSE, access::autoclose_secs(AUTOCLOSE, after)?)
}

pub(crate) fn primary_addr(so: &Socket, assoc: AssocId) -> Res<SocketAddr> {
    let mut v: u::sctp_setprim = zeroed();
    v.ssp_assoc_id = get_assoc(PRIMARY_ADDR, assoc)?;
    let v = so.get_opt(PRIMARY_ADDR, v)?;
    addr_from_storage(&storage_to_bytes(v.ssp_addr))?.ok_or(Error::UnsupportedAddressFamily(0))
}

fn set_primary(so: &Socket, assoc: AssocId, addr: SocketAddr) -> Res<()> {
    let mut v: u::sctp_setprim = zeroed();
    v.ssp_assoc_id = assoc.as_raw();
    v.ssp_addr = storage_from_bytes(storage_from_addr(&addr));
    so.set_opt(PRIMARY_ADDR, &v)
}

fn set_peer_primary(so: &Socket, assoc: AssocId, addr: SocketAddr) -> Res<()> {
    let mut v: u::sctp_setpeerprim = zeroed();
    v.sspp_assoc_id = assoc.as_raw();
    v.sspp_addr = storage_from_bytes(storage_from_addr(&addr));
    so.set_opt(SET_PEER_PRIMARY_ADDR, &v)
}

impl SctpStream {
    /// Makes the peer address `addr` the primary path for sending (`SCTP_PRIMARY_ADDR`,
    /// RFC 6458 §8.1.10).
    pub fn set_primary(&self, addr: SocketAddr) -> Result<(), Error> {
        set_primary(self.handle(), AssocId::FUTURE, addr)
    }

    /// Asks the peer to use the local address `addr` as its primary path
    /// (`SCTP_SET_PEER_PRIMARY_ADDR`, RFC 6458 §8.3.2). Needs dynamic address
    /// reconfiguration (RFC 5061) on both ends.
    pub fn set_peer_primary(&self, addr: SocketAddr) -> Result<(), Error> {
        set_peer_primary(self.handle(), AssocId::FUTURE, addr)
    }
}

impl SctpSocket {
    /// Makes the peer address `addr` the primary path of an association (`SCTP_PRIMARY_ADDR`).
    pub fn set_primary(&self, assoc: AssocId, addr: SocketAddr) -> Result<(), Error> {
        set_primary(self.handle(), assoc, addr)
    }

    /// Asks the peer of an association to use the local address `addr` as its primary path
    /// (`SCTP_SET_PEER_PRIMARY_ADDR`); see [`SctpStream::set_peer_primary`].
    pub fn set_peer_primary(&self, assoc: AssocId, addr: SocketAddr) -> Result<(), Error> {
        set_peer_primary(self.handle(), assoc, addr)
    }
}

pub(crate) fn adaptation_layer(so: &Socket) -> Res<u32> {
    Ok(so
        .get_opt(ADAPTATION_LAYER, zeroed::<u::sctp_setadaptation>())?
        .ssb_adaptation_ind)
}

pub(crate) fn set_adaptation_layer(so: &Socket, indication: u32) -> Res<()> {
    let v = u::sctp_setadaptation {
        ssb_adaptation_ind: indication,
    };
    so.set_opt(ADAPTATION_LAYER, &v)
}

pub(crate) fn disable_fragments(so: &Socket) -> Res<bool> {
    Ok(get_int(so, DISABLE_FRAGMENTS)? != 0)
}

pub(crate) fn set_disable_fragments(so: &Socket, on: bool) -> Res<()> {
    set_int(so, DISABLE_FRAGMENTS, on.into())
}

pub(crate) fn peer_addr_params(
    so: &Socket,
    assoc: AssocId,
    addr: Option<SocketAddr>,
) -> Res<PeerAddrParams> {
    let mut v: u::sctp_paddrparams = zeroed();
    v.spp_assoc_id = get_assoc(PEER_ADDR_PARAMS, assoc)?;
    v.spp_address = storage_from_bytes(addr_or_wildcard(so, addr));
    let v = so.get_opt(PEER_ADDR_PARAMS, v)?;
    Ok(PeerAddrParams {
        address: addr_or_none(&storage_to_bytes(v.spp_address))?,
        heartbeat_interval: from_millis(v.spp_hbinterval),
        path_max_retrans: v.spp_pathmaxrxt,
        path_mtu: v.spp_pathmtu,
        // No per-path SACK delay in usrsctp (see `delayed_sack` for the association's).
        sack_delay: Duration::ZERO,
        // FreeBSD's `SPP_*` bits are Linux's, less the two SACK delay bits.
        flags: PeerAddrFlags::from_bits_retain(v.spp_flags),
        ipv6_flow_label: v.spp_ipv6_flowlabel,
        // Kept in the upper six bits of the TOS byte, as on Linux.
        dscp: v.spp_dscp >> 2,
    })
}

pub(crate) fn set_peer_addr_params(
    so: &Socket,
    assoc: AssocId,
    params: &PeerAddrParams,
) -> Res<()> {
    let opt = PEER_ADDR_PARAMS;
    access::check_peer_addr_params(opt, params)?;
    access::no_path_sack_delay(opt, params)?;
    let mut v: u::sctp_paddrparams = zeroed();
    v.spp_assoc_id = assoc.as_raw();
    v.spp_address = storage_from_bytes(addr_or_wildcard(so, params.address));
    v.spp_hbinterval = millis(opt, params.heartbeat_interval)?;
    v.spp_pathmaxrxt = params.path_max_retrans;
    v.spp_pathmtu = params.path_mtu;
    v.spp_flags = params.flags.bits();
    v.spp_ipv6_flowlabel = params.ipv6_flow_label;
    v.spp_dscp = params.dscp << 2;
    so.set_opt(opt, &v)
}

pub(crate) fn default_send_param(_so: &Socket, _assoc: AssocId) -> Res<DefaultSendInfo> {
    Err(lacks("SCTP_DEFAULT_SEND_PARAM"))
}

pub(crate) fn set_default_send_param(
    _so: &Socket,
    _assoc: AssocId,
    _info: &DefaultSendInfo,
) -> Res<()> {
    Err(lacks("SCTP_DEFAULT_SEND_PARAM"))
}

pub(crate) fn mapped_v4_addrs(so: &Socket) -> Res<bool> {
    Ok(get_int(so, I_WANT_MAPPED_V4_ADDR)? != 0)
}

pub(crate) fn set_mapped_v4_addrs(so: &Socket, on: bool) -> Res<()> {
    set_int(so, I_WANT_MAPPED_V4_ADDR, on.into())
}

pub(crate) fn max_seg(so: &Socket, assoc: AssocId) -> Res<u32> {
    get_assoc_value(so, MAXSEG, assoc)
}

pub(crate) fn set_max_seg(so: &Socket, assoc: AssocId, bytes: u32) -> Res<()> {
    access::check_max_seg(MAXSEG, bytes)?;
    set_assoc_value(so, MAXSEG, assoc, bytes)
}

fn paddrinfo(v: &u::sctp_paddrinfo) -> Res<Option<PeerAddrInfo>> {
    let Some(address) = addr_from_storage(&storage_to_bytes(v.spinfo_address))? else {
        return Ok(None);
    };
    Ok(Some(PeerAddrInfo {
        address,
        state: peer_addr_state(v.spinfo_state),
        cwnd: v.spinfo_cwnd,
        srtt: from_millis(v.spinfo_srtt),
        rto: from_millis(v.spinfo_rto),
        mtu: v.spinfo_mtu,
    }))
}

pub(crate) fn status(so: &Socket, assoc: AssocId) -> Res<AssocStatus> {
    let mut v: u::sctp_status = zeroed();
    v.sstat_assoc_id = get_assoc(STATUS, assoc)?;
    let v = so.get_opt(STATUS, v)?;
    Ok(AssocStatus {
        state: assoc_state(v.sstat_state),
        rwnd: v.sstat_rwnd,
        unacked_data: v.sstat_unackdata,
        pending_data: v.sstat_penddata,
        in_streams: v.sstat_instrms,
        out_streams: v.sstat_outstrms,
        fragmentation_point: v.sstat_fragmentation_point,
        primary: paddrinfo(&v.sstat_primary)?,
    })
}

pub(crate) fn peer_addr_info(so: &Socket, assoc: AssocId, addr: SocketAddr) -> Res<PeerAddrInfo> {
    let mut v: u::sctp_paddrinfo = zeroed();
    v.spinfo_assoc_id = get_assoc(GET_PEER_ADDR_INFO, assoc)?;
    v.spinfo_address = storage_from_bytes(storage_from_addr(&addr));
    let v = so.get_opt(GET_PEER_ADDR_INFO, v)?;
    paddrinfo(&v)?.ok_or(Error::UnsupportedAddressFamily(0))
}

pub(crate) fn delayed_sack(so: &Socket, assoc: AssocId) -> Res<DelayedSack> {
    let mut v: u::sctp_sack_info = zeroed();
    v.sack_assoc_id = get_assoc(DELAYED_SACK, assoc)?;
    let v = so.get_opt(DELAYED_SACK, v)?;
    Ok(DelayedSack {
        delay: from_millis(v.sack_delay),
        frequency: v.sack_freq,
    })
}

pub(crate) fn set_delayed_sack(so: &Socket, assoc: AssocId, sack: DelayedSack) -> Res<()> {
    let delay = access::sack_delay_value(DELAYED_SACK, sack)?;
    let mut v: u::sctp_sack_info = zeroed();
    v.sack_assoc_id = assoc.as_raw();
    v.sack_delay = delay;
    v.sack_freq = sack.frequency;
    so.set_opt(DELAYED_SACK, &v)
}

pub(crate) fn context(so: &Socket, assoc: AssocId) -> Res<u32> {
    get_assoc_value(so, CONTEXT, assoc)
}

pub(crate) fn set_context(so: &Socket, assoc: AssocId, context: u32) -> Res<()> {
    set_assoc_value(so, CONTEXT, assoc, context)
}

pub(crate) fn fragment_interleave(so: &Socket) -> Res<bool> {
    Ok(get_int(so, FRAGMENT_INTERLEAVE)? != 0)
}

pub(crate) fn set_fragment_interleave(so: &Socket, on: bool) -> Res<()> {
    set_int(so, FRAGMENT_INTERLEAVE, on.into())
}

pub(crate) fn partial_delivery_point(so: &Socket) -> Res<u32> {
    so.get_opt(PARTIAL_DELIVERY_POINT, 0u32)
}

pub(crate) fn set_partial_delivery_point(so: &Socket, bytes: u32) -> Res<()> {
    so.set_opt(PARTIAL_DELIVERY_POINT, &bytes)
}

pub(crate) fn max_burst(so: &Socket, assoc: AssocId) -> Res<u32> {
    get_assoc_value(so, MAX_BURST, assoc)
}

pub(crate) fn set_max_burst(so: &Socket, assoc: AssocId, packets: u32) -> Res<()> {
    set_assoc_value(so, MAX_BURST, assoc, packets)
}

// ---- AUTH, RFC 4895 ----------------------------------------------------------------------

pub(crate) fn add_auth_chunk(so: &Socket, chunk_type: u8) -> Res<()> {
    access::check_auth_chunk(AUTH_CHUNK, chunk_type)?;
    let v = u::sctp_authchunk {
        sauth_chunk: chunk_type,
    };
    so.set_opt(AUTH_CHUNK, &v)
}

pub(crate) fn hmac_idents(so: &Socket) -> Res<Vec<HmacId>> {
    let mut buf = [0u8; 4 + 2 * 16];
    let len = so.get_opt_bytes(HMAC_IDENT, &mut buf)?;
    access::hmac_idents_from(HMAC_IDENT, &buf, len)
}

pub(crate) fn set_hmac_idents(so: &Socket, idents: &[HmacId]) -> Res<()> {
    so.set_opt_bytes(HMAC_IDENT, &access::hmac_idents_bytes(HMAC_IDENT, idents)?)
}

pub(crate) fn set_auth_key(so: &Socket, assoc: AssocId, key_id: u16, key: &[u8]) -> Res<()> {
    let buf = access::auth_key_bytes(AUTH_KEY, assoc.as_raw(), key_id, key)?;
    so.set_opt_bytes(AUTH_KEY, &buf)
}

/// The bytes of a `struct sctp_authkeyid` (with its two bytes of padding zeroed, as on the
/// kernel path).
fn key_id_bytes(assoc: AssocId, key_id: u16) -> [u8; mem::size_of::<u::sctp_authkeyid>()] {
    const ASSOC: usize = mem::offset_of!(u::sctp_authkeyid, scact_assoc_id);
    const KEY: usize = mem::offset_of!(u::sctp_authkeyid, scact_keynumber);
    let mut b = [0u8; mem::size_of::<u::sctp_authkeyid>()];
    b[ASSOC..ASSOC + 4].copy_from_slice(&assoc.as_raw().to_ne_bytes());
    b[KEY..KEY + 2].copy_from_slice(&key_id.to_ne_bytes());
    b
}

pub(crate) fn active_auth_key(so: &Socket, assoc: AssocId) -> Res<u16> {
    let mut v: u::sctp_authkeyid = zeroed();
    v.scact_assoc_id = get_assoc(AUTH_ACTIVE_KEY, assoc)?;
    Ok(so.get_opt(AUTH_ACTIVE_KEY, v)?.scact_keynumber)
}

pub(crate) fn set_active_auth_key(so: &Socket, assoc: AssocId, key_id: u16) -> Res<()> {
    so.set_opt_bytes(AUTH_ACTIVE_KEY, &key_id_bytes(assoc, key_id))
}

pub(crate) fn delete_auth_key(so: &Socket, assoc: AssocId, key_id: u16) -> Res<()> {
    so.set_opt_bytes(AUTH_DELETE_KEY, &key_id_bytes(assoc, key_id))
}

pub(crate) fn deactivate_auth_key(so: &Socket, assoc: AssocId, key_id: u16) -> Res<()> {
    so.set_opt_bytes(AUTH_DEACTIVATE_KEY, &key_id_bytes(assoc, key_id))
}

/// `struct sctp_authchunks` of FreeBSD: the association id, then the chunk types — no count
/// (Linux has one); the length of the answer says how many.
fn auth_chunks(so: &Socket, opt: Opt, assoc: AssocId) -> Res<Vec<u8>> {
    let mut buf = [0u8; 4 + 256];
    buf[..4].copy_from_slice(&get_assoc(opt, assoc)?.to_ne_bytes());
    let len = so.get_opt_bytes(opt, &mut buf)?;
    access::auth_chunks_from(opt, &buf, len, false)
}

pub(crate) fn peer_auth_chunks(so: &Socket, assoc: AssocId) -> Res<Vec<u8>> {
    auth_chunks(so, PEER_AUTH_CHUNKS, assoc)
}

pub(crate) fn local_auth_chunks(so: &Socket, assoc: AssocId) -> Res<Vec<u8>> {
    auth_chunks(so, LOCAL_AUTH_CHUNKS, assoc)
}

// ---- association lists -------------------------------------------------------------------

pub(crate) fn assoc_number(so: &Socket) -> Res<u32> {
    so.get_opt(GET_ASSOC_NUMBER, 0u32)
}

pub(crate) fn assoc_ids(so: &Socket) -> Res<Vec<AssocId>> {
    // `struct sctp_assoc_ids`: a u32 count, then the ids. The list can grow between the count
    // and the read (usrsctp answers EINVAL when the buffer is short): retry with more room.
    let mut room = assoc_number(so)? as usize + 8;
    for _ in 0..8 {
        let mut buf = vec![0u8; 4 + 4 * room];
        match so.get_opt_bytes(GET_ASSOC_ID_LIST, &mut buf) {
            Ok(len) => {
                if len < 4 {
                    return Err(Error::OptionLength {
                        option: GET_ASSOC_ID_LIST.name,
                        expected: 4,
                        got: len,
                    });
                }
                let count = (access::read_u32(&buf, 0) as usize).min((len - 4) / 4);
                return Ok((0..count)
                    .map(|i| AssocId::from_raw(access::read_u32(&buf, 4 + 4 * i)))
                    .collect());
            }
            Err(Error::Io(e)) if e.raw_os_error() == Some(libc::EINVAL) => room *= 2,
            Err(e) => return Err(e),
        }
    }
    Err(Error::Io(std::io::Error::from_raw_os_error(libc::EINVAL)))
}

pub(crate) fn auto_asconf(so: &Socket) -> Res<bool> {
    Ok(get_int(so, AUTO_ASCONF)? != 0)
}

pub(crate) fn set_auto_asconf(so: &Socket, on: bool) -> Res<()> {
    set_int(so, AUTO_ASCONF, on.into())
}

pub(crate) fn path_thresholds(
    _so: &Socket,
    _assoc: AssocId,
    _addr: Option<SocketAddr>,
) -> Res<PathThresholds> {
    Err(lacks("SCTP_PEER_ADDR_THLDS"))
}

pub(crate) fn set_path_thresholds(
    _so: &Socket,
    _assoc: AssocId,
    _addr: Option<SocketAddr>,
    _thresholds: PathThresholds,
) -> Res<()> {
    Err(lacks("SCTP_PEER_ADDR_THLDS"))
}

pub(crate) fn default_send_info(so: &Socket, assoc: AssocId) -> Res<DefaultSendInfo> {
    let mut v: u::sctp_sndinfo = zeroed();
    v.snd_assoc_id = get_assoc(DEFAULT_SNDINFO, assoc)?;
    let v = so.get_opt(DEFAULT_SNDINFO, v)?;
    Ok(DefaultSendInfo {
        stream: v.snd_sid,
        flags: send_flags_from(v.snd_flags),
        ppid: u32::from_be(v.snd_ppid),
        context: v.snd_context,
        time_to_live: Duration::ZERO,
    })
}

pub(crate) fn set_default_send_info(
    so: &Socket,
    assoc: AssocId,
    info: &DefaultSendInfo,
) -> Res<()> {
    access::send_flags(DEFAULT_SNDINFO, info.flags)?;
    let mut v: u::sctp_sndinfo = zeroed();
    v.snd_assoc_id = assoc.as_raw();
    v.snd_sid = info.stream;
    v.snd_flags = sys::send_flags(info.flags);
    v.snd_ppid = info.ppid.to_be();
    v.snd_context = info.context;
    so.set_opt(DEFAULT_SNDINFO, &v)
}

pub(crate) fn reuse_port(so: &Socket) -> Res<bool> {
    Ok(get_int(so, REUSE_PORT)? != 0)
}

pub(crate) fn set_reuse_port(so: &Socket, on: bool) -> Res<()> {
    set_int(so, REUSE_PORT, on.into())
}

pub(crate) fn assoc_stats(_so: &Socket, _assoc: AssocId) -> Res<AssocStats> {
    Err(lacks("SCTP_GET_ASSOC_STATS"))
}

// ---- PR-SCTP, RFC 7496 -------------------------------------------------------------------

pub(crate) fn pr_supported(so: &Socket, assoc: AssocId) -> Res<bool> {
    Ok(get_assoc_value(so, PR_SUPPORTED, assoc)? != 0)
}

pub(crate) fn set_pr_supported(so: &Socket, assoc: AssocId, on: bool) -> Res<()> {
    set_assoc_value(so, PR_SUPPORTED, assoc, on.into())
}

pub(crate) fn default_pr_policy(so: &Socket, assoc: AssocId) -> Res<PrPolicy> {
    let mut v: u::sctp_default_prinfo = zeroed();
    v.pr_assoc_id = get_assoc(DEFAULT_PRINFO, assoc)?;
    let v = so.get_opt(DEFAULT_PRINFO, v)?;
    Ok(match u32::from(v.pr_policy & PR_MASK) {
        u::SCTP_PR_SCTP_TTL => PrPolicy::Ttl(v.pr_value),
        u::SCTP_PR_SCTP_RTX => PrPolicy::Rtx(v.pr_value),
        u::SCTP_PR_SCTP_BUF => PrPolicy::Priority(v.pr_value),
        _ => PrPolicy::None,
    })
}

pub(crate) fn set_default_pr_policy(so: &Socket, assoc: AssocId, policy: PrPolicy) -> Res<()> {
    let (policy, value) = pr_policy_raw(policy);
    let mut v: u::sctp_default_prinfo = zeroed();
    v.pr_assoc_id = assoc.as_raw();
    v.pr_policy = policy;
    v.pr_value = value;
    so.set_opt(DEFAULT_PRINFO, &v)
}

fn pr_status(so: &Socket, opt: Opt, assoc: AssocId, stream: u16, kind: PrKind) -> Res<PrStatus> {
    let mut v: u::sctp_prstatus = zeroed();
    v.sprstat_assoc_id = get_assoc(opt, assoc)?;
    v.sprstat_sid = stream;
    v.sprstat_policy = pr_kind_raw(kind);
    let v = so.get_opt(opt, v)?;
    Ok(PrStatus {
        abandoned_unsent: v.sprstat_abandoned_unsent,
        abandoned_sent: v.sprstat_abandoned_sent,
    })
}

pub(crate) fn pr_assoc_status(so: &Socket, assoc: AssocId, kind: PrKind) -> Res<PrStatus> {
    pr_status(so, PR_ASSOC_STATUS, assoc, 0, kind)
}

pub(crate) fn pr_stream_status(
    so: &Socket,
    assoc: AssocId,
    stream: u16,
    kind: PrKind,
) -> Res<PrStatus> {
    pr_status(so, PR_STREAM_STATUS, assoc, stream, kind)
}

// ---- stream reconfiguration, RFC 6525 ----------------------------------------------------

pub(crate) fn reconfig_supported(so: &Socket, assoc: AssocId) -> Res<bool> {
    Ok(get_assoc_value(so, RECONFIG_SUPPORTED, assoc)? != 0)
}

pub(crate) fn set_reconfig_supported(so: &Socket, assoc: AssocId, on: bool) -> Res<()> {
    set_assoc_value(so, RECONFIG_SUPPORTED, assoc, on.into())
}

pub(crate) fn enable_stream_reset(so: &Socket, assoc: AssocId) -> Res<StreamResetFlags> {
    // usrsctp's `SCTP_ENABLE_*` bits are the kernel's (1, 2, 4).
    let bits = get_assoc_value(so, ENABLE_STREAM_RESET, assoc)?;
    StreamResetFlags::from_bits(bits)
        .ok_or_else(|| invalid(ENABLE_STREAM_RESET, "usrsctp reported unknown flags"))
}

pub(crate) fn set_enable_stream_reset(
    so: &Socket,
    assoc: AssocId,
    flags: StreamResetFlags,
) -> Res<()> {
    set_assoc_value(so, ENABLE_STREAM_RESET, assoc, flags.bits())
}

pub(crate) fn reset_streams(
    so: &Socket,
    assoc: AssocId,
    direction: ResetDirection,
    streams: &[u16],
) -> Res<()> {
    let buf = access::reset_streams_bytes(RESET_STREAMS, assoc.as_raw(), direction, streams)?;
    so.set_opt_bytes(RESET_STREAMS, &buf)
        .map_err(|e| reconf_err(RESET_STREAMS, e))
}

pub(crate) fn reset_assoc(so: &Socket, assoc: AssocId) -> Res<()> {
    so.set_opt(RESET_ASSOC, &assoc.as_raw())
        .map_err(|e| reconf_err(RESET_ASSOC, e))
}

pub(crate) fn add_streams(so: &Socket, assoc: AssocId, incoming: u16, outgoing: u16) -> Res<()> {
    access::check_add_streams(ADD_STREAMS, incoming, outgoing)?;
    let mut v: u::sctp_add_streams = zeroed();
    v.sas_assoc_id = assoc.as_raw();
    v.sas_instrms = incoming;
    v.sas_outstrms = outgoing;
    so.set_opt(ADD_STREAMS, &v)
        .map_err(|e| reconf_err(ADD_STREAMS, e))
}

// ---- stream schedulers, RFC 8260 ---------------------------------------------------------

pub(crate) fn stream_scheduler(so: &Socket, assoc: AssocId) -> Res<StreamScheduler> {
    let raw = get_assoc_value(so, STREAM_SCHEDULER, assoc)?;
    Ok(SCHEDULERS
        .iter()
        .find(|(_, n)| *n == raw)
        .map_or(StreamScheduler::Unknown(raw), |(s, _)| *s))
}

pub(crate) fn set_stream_scheduler(
    so: &Socket,
    assoc: AssocId,
    scheduler: StreamScheduler,
) -> Res<()> {
    let raw = SCHEDULERS
        .iter()
        .find(|(s, _)| *s == scheduler)
        .map(|(_, n)| *n)
        .ok_or_else(|| invalid(STREAM_SCHEDULER, "scheduler not available in usrsctp"))?;
    set_assoc_value(so, STREAM_SCHEDULER, assoc, raw)
}

pub(crate) fn stream_scheduler_value(so: &Socket, assoc: AssocId, stream: u16) -> Res<u16> {
    let mut v: u::sctp_stream_value = zeroed();
    v.assoc_id = get_assoc(STREAM_SCHEDULER_VALUE, assoc)?;
    v.stream_id = stream;
    Ok(so.get_opt(STREAM_SCHEDULER_VALUE, v)?.stream_value)
}

pub(crate) fn set_stream_scheduler_value(
    so: &Socket,
    assoc: AssocId,
    stream: u16,
    value: u16,
) -> Res<()> {
    let mut v: u::sctp_stream_value = zeroed();
    v.assoc_id = assoc.as_raw();
    v.stream_id = stream;
    v.stream_value = value;
    so.set_opt(STREAM_SCHEDULER_VALUE, &v)
}

pub(crate) fn interleaving_supported(_so: &Socket, _assoc: AssocId) -> Res<bool> {
    Err(lacks("SCTP_INTERLEAVING_SUPPORTED"))
}

pub(crate) fn set_interleaving_supported(_so: &Socket, _assoc: AssocId, _on: bool) -> Res<()> {
    Err(lacks("SCTP_INTERLEAVING_SUPPORTED"))
}

// ---- extension switches ------------------------------------------------------------------

pub(crate) fn asconf_supported(so: &Socket, assoc: AssocId) -> Res<bool> {
    Ok(get_assoc_value(so, ASCONF_SUPPORTED, assoc)? != 0)
}

pub(crate) fn set_asconf_supported(so: &Socket, assoc: AssocId, on: bool) -> Res<()> {
    set_assoc_value(so, ASCONF_SUPPORTED, assoc, on.into())
}

pub(crate) fn auth_supported(so: &Socket, assoc: AssocId) -> Res<bool> {
    Ok(get_assoc_value(so, AUTH_SUPPORTED, assoc)? != 0)
}

pub(crate) fn set_auth_supported(so: &Socket, assoc: AssocId, on: bool) -> Res<()> {
    set_assoc_value(so, AUTH_SUPPORTED, assoc, on.into())
}

pub(crate) fn ecn_supported(so: &Socket, assoc: AssocId) -> Res<bool> {
    Ok(get_assoc_value(so, ECN_SUPPORTED, assoc)? != 0)
}

pub(crate) fn set_ecn_supported(so: &Socket, assoc: AssocId, on: bool) -> Res<()> {
    set_assoc_value(so, ECN_SUPPORTED, assoc, on.into())
}

pub(crate) fn pf_exposure(_so: &Socket, _assoc: AssocId) -> Res<PfExposure> {
    Err(lacks("SCTP_EXPOSE_POTENTIALLY_FAILED_STATE"))
}

pub(crate) fn set_pf_exposure(_so: &Socket, _assoc: AssocId, _exposure: PfExposure) -> Res<()> {
    Err(lacks("SCTP_EXPOSE_POTENTIALLY_FAILED_STATE"))
}

pub(crate) fn remote_udp_encaps_port(
    so: &Socket,
    assoc: AssocId,
    addr: Option<SocketAddr>,
) -> Res<u16> {
    let mut v: u::sctp_udpencaps = zeroed();
    v.sue_assoc_id = get_assoc(REMOTE_UDP_ENCAPS_PORT, assoc)?;
    v.sue_address = storage_from_bytes(addr_or_wildcard(so, addr));
    Ok(u16::from_be(
        so.get_opt(REMOTE_UDP_ENCAPS_PORT, v)?.sue_port,
    ))
}

pub(crate) fn set_remote_udp_encaps_port(
    so: &Socket,
    assoc: AssocId,
    addr: Option<SocketAddr>,
    port: u16,
) -> Res<()> {
    let mut v: u::sctp_udpencaps = zeroed();
    v.sue_assoc_id = assoc.as_raw();
    v.sue_address = storage_from_bytes(addr_or_wildcard(so, addr));
    v.sue_port = port.to_be();
    so.set_opt(REMOTE_UDP_ENCAPS_PORT, &v)
}

pub(crate) fn plpmtud_probe_interval(
    _so: &Socket,
    _assoc: AssocId,
    _addr: Option<SocketAddr>,
) -> Res<Option<Duration>> {
    Err(lacks("SCTP_PLPMTUD_PROBE_INTERVAL"))
}

pub(crate) fn set_plpmtud_probe_interval(
    _so: &Socket,
    _assoc: AssocId,
    _addr: Option<SocketAddr>,
    _interval: Option<Duration>,
) -> Res<()> {
    Err(lacks("SCTP_PLPMTUD_PROBE_INTERVAL"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_read_in_usrsctps_numbering() {
        assert_eq!(
            assoc_state(u::SCTP_ESTABLISHED as i32),
            AssocState::Established
        );
        assert_eq!(
            assoc_state(u::SCTP_SHUTDOWN_PENDING as i32),
            AssocState::ShutdownPending
        );
        assert_eq!(assoc_state(0x1000), AssocState::Unknown(0x1000));
        assert_eq!(
            peer_addr_state(u::SCTP_ACTIVE as i32),
            PeerAddrState::Active
        );
        assert_eq!(
            peer_addr_state(u::SCTP_UNCONFIRMED as i32),
            PeerAddrState::Unconfirmed
        );
    }

    #[test]
    fn send_flags_round_trip_through_usrsctps_numbers() {
        for flags in [
            SendFlags::NONE,
            SendFlags::UNORDERED,
            SendFlags::UNORDERED | SendFlags::SACK_IMMEDIATELY,
            SendFlags::EOF | SendFlags::ABORT | SendFlags::SENDALL,
        ] {
            assert_eq!(send_flags_from(sys::send_flags(flags)), flags);
        }
    }

    #[test]
    fn every_scheduler_has_one_number() {
        for (s, n) in SCHEDULERS {
            assert_eq!(SCHEDULERS.iter().filter(|(t, _)| t == s).count(), 1);
            assert_eq!(SCHEDULERS.iter().filter(|(_, m)| m == n).count(), 1);
        }
    }
}

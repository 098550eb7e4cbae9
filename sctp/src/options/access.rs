//! One function per option and direction: encode the typed value, validate it, call the raw
//! helper of [`super::sys`], decode the answer. The socket methods generated in `mod.rs` call
//! these with the socket's fd.
//!
//! No `unsafe` here: the raw helpers are safe to call with [`Pod`](super::sys::Pod) types and
//! byte buffers.

use std::mem;
use std::net::SocketAddr;
use std::os::fd::BorrowedFd;
use std::time::Duration;

use sctp_sys::sctp_assoc_t;

use super::sys::{
    self, Opt, Pod, STORAGE_LEN, addr_from_storage, get, get_bytes, set, set_bytes,
    storage_from_addr, storage_from_bytes, storage_to_bytes,
};
use super::{
    AssocInfo, AssocState, AssocStats, AssocStatus, DefaultSendInfo, DelayedSack, HmacId,
    PathThresholds, PeerAddrFlags, PeerAddrInfo, PeerAddrParams, PeerAddrState, PfExposure, PrKind,
    PrStatus, ResetDirection, RtoInfo, StreamResetFlags, StreamScheduler,
};
use crate::{AssocId, Error, InitParams, PrPolicy, SendFlags};

type Result<T> = std::result::Result<T, Error>;

macro_rules! opt {
    ($name:ident) => {
        Opt {
            name: stringify!($name),
            num: sctp_sys::$name as libc::c_int,
        }
    };
}

const RTOINFO: Opt = opt!(SCTP_RTOINFO);
const ASSOCINFO: Opt = opt!(SCTP_ASSOCINFO);
const INITMSG: Opt = opt!(SCTP_INITMSG);
const NODELAY: Opt = opt!(SCTP_NODELAY);
const AUTOCLOSE: Opt = opt!(SCTP_AUTOCLOSE);
const PRIMARY_ADDR: Opt = opt!(SCTP_PRIMARY_ADDR);
const ADAPTATION_LAYER: Opt = opt!(SCTP_ADAPTATION_LAYER);
const DISABLE_FRAGMENTS: Opt = opt!(SCTP_DISABLE_FRAGMENTS);
const PEER_ADDR_PARAMS: Opt = opt!(SCTP_PEER_ADDR_PARAMS);
const DEFAULT_SEND_PARAM: Opt = opt!(SCTP_DEFAULT_SEND_PARAM);
const I_WANT_MAPPED_V4_ADDR: Opt = opt!(SCTP_I_WANT_MAPPED_V4_ADDR);
const MAXSEG: Opt = opt!(SCTP_MAXSEG);
const STATUS: Opt = opt!(SCTP_STATUS);
const GET_PEER_ADDR_INFO: Opt = opt!(SCTP_GET_PEER_ADDR_INFO);
// Linux's header names it `SCTP_DELAYED_ACK_TIME` with `SCTP_DELAYED_SACK` as an alias;
// FreeBSD's has only `SCTP_DELAYED_SACK`.
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
const PEER_AUTH_CHUNKS: Opt = opt!(SCTP_PEER_AUTH_CHUNKS);
const LOCAL_AUTH_CHUNKS: Opt = opt!(SCTP_LOCAL_AUTH_CHUNKS);
const GET_ASSOC_NUMBER: Opt = opt!(SCTP_GET_ASSOC_NUMBER);
const GET_ASSOC_ID_LIST: Opt = opt!(SCTP_GET_ASSOC_ID_LIST);
const AUTO_ASCONF: Opt = opt!(SCTP_AUTO_ASCONF);
const PEER_ADDR_THLDS: Opt = opt!(SCTP_PEER_ADDR_THLDS);
const DEFAULT_SNDINFO: Opt = opt!(SCTP_DEFAULT_SNDINFO);
const AUTH_DEACTIVATE_KEY: Opt = opt!(SCTP_AUTH_DEACTIVATE_KEY);
const REUSE_PORT: Opt = opt!(SCTP_REUSE_PORT);
#[cfg(target_os = "linux")]
const PEER_ADDR_THLDS_V2: Opt = opt!(SCTP_PEER_ADDR_THLDS_V2);
#[cfg(target_os = "linux")]
const GET_ASSOC_STATS: Opt = opt!(SCTP_GET_ASSOC_STATS);
const PR_SUPPORTED: Opt = opt!(SCTP_PR_SUPPORTED);
const DEFAULT_PRINFO: Opt = opt!(SCTP_DEFAULT_PRINFO);
const PR_ASSOC_STATUS: Opt = opt!(SCTP_PR_ASSOC_STATUS);
const PR_STREAM_STATUS: Opt = opt!(SCTP_PR_STREAM_STATUS);
const RECONFIG_SUPPORTED: Opt = opt!(SCTP_RECONFIG_SUPPORTED);
const ENABLE_STREAM_RESET: Opt = opt!(SCTP_ENABLE_STREAM_RESET);
const RESET_STREAMS: Opt = opt!(SCTP_RESET_STREAMS);
const RESET_ASSOC: Opt = opt!(SCTP_RESET_ASSOC);
const ADD_STREAMS: Opt = opt!(SCTP_ADD_STREAMS);
const STREAM_SCHEDULER: Opt = opt!(SCTP_STREAM_SCHEDULER);
const STREAM_SCHEDULER_VALUE: Opt = opt!(SCTP_STREAM_SCHEDULER_VALUE);
const INTERLEAVING_SUPPORTED: Opt = opt!(SCTP_INTERLEAVING_SUPPORTED);
const ASCONF_SUPPORTED: Opt = opt!(SCTP_ASCONF_SUPPORTED);
const AUTH_SUPPORTED: Opt = opt!(SCTP_AUTH_SUPPORTED);
const ECN_SUPPORTED: Opt = opt!(SCTP_ECN_SUPPORTED);
#[cfg(target_os = "linux")]
const EXPOSE_PF_STATE: Opt = opt!(SCTP_EXPOSE_POTENTIALLY_FAILED_STATE);
const REMOTE_UDP_ENCAPS_PORT: Opt = opt!(SCTP_REMOTE_UDP_ENCAPS_PORT);
#[cfg(target_os = "linux")]
const PLPMTUD_PROBE_INTERVAL: Opt = opt!(SCTP_PLPMTUD_PROBE_INTERVAL);

/// The error of an option the FreeBSD stack does not have (its header does not define it).
#[cfg(target_os = "freebsd")]
fn freebsd_lacks(option: &'static str) -> Error {
    Error::UnsupportedOption { option }
}

// ---- conversions -------------------------------------------------------------------------

#[allow(clippy::unnecessary_cast)] // `u32` to `u32` on FreeBSD
fn raw_assoc(assoc: AssocId) -> sctp_assoc_t {
    // `sctp_assoc_t` is a signed 32-bit id on Linux, unsigned on FreeBSD; the bits are what
    // matters.
    assoc.as_raw() as sctp_assoc_t
}

/// The association id for a get. `CURRENT` and `ALL` select groups of associations, which
/// only a set can address (the kernel answers `EINVAL`); say so before the call.
fn get_assoc(opt: Opt, assoc: AssocId) -> Result<sctp_assoc_t> {
    check_get_assoc(opt, assoc)?;
    Ok(raw_assoc(assoc))
}

/// Refuses `CURRENT` and `ALL` for a get (shared with the userland backend).
pub(crate) fn check_get_assoc(opt: Opt, assoc: AssocId) -> Result<()> {
    if assoc == AssocId::CURRENT || assoc == AssocId::ALL {
        return Err(invalid(
            opt,
            "CURRENT and ALL can only be set; read one association or FUTURE",
        ));
    }
    Ok(())
}

pub(crate) fn invalid(opt: Opt, reason: &'static str) -> Error {
    Error::InvalidOptionValue {
        option: opt.name,
        reason,
    }
}

/// A duration as whole milliseconds in `u32`, or a typed error.
pub(crate) fn millis(opt: Opt, d: Duration) -> Result<u32> {
    if d.subsec_nanos() % 1_000_000 != 0 {
        return Err(invalid(opt, "duration must be whole milliseconds"));
    }
    u32::try_from(d.as_millis()).map_err(|_| invalid(opt, "duration too long"))
}

pub(crate) fn from_millis(ms: u32) -> Duration {
    Duration::from_millis(u64::from(ms))
}

fn zeroed<T: Pod>() -> T {
    T::zeroed()
}

fn addr_or_unspec(addr: Option<SocketAddr>) -> [u8; STORAGE_LEN] {
    match addr {
        Some(a) => storage_from_addr(&a),
        None => [0u8; STORAGE_LEN],
    }
}

// ---- shared shapes -----------------------------------------------------------------------

fn get_int(fd: BorrowedFd<'_>, opt: Opt) -> Result<libc::c_int> {
    get(fd, opt, 0 as libc::c_int)
}

fn set_int(fd: BorrowedFd<'_>, opt: Opt, value: libc::c_int) -> Result<()> {
    set(fd, opt, &value)
}

fn get_assoc_value(fd: BorrowedFd<'_>, opt: Opt, assoc: AssocId) -> Result<u32> {
    let mut v: sctp_sys::sctp_assoc_value = zeroed();
    v.assoc_id = get_assoc(opt, assoc)?;
    Ok(get(fd, opt, v)?.assoc_value)
}

fn set_assoc_value(fd: BorrowedFd<'_>, opt: Opt, assoc: AssocId, value: u32) -> Result<()> {
    let mut v: sctp_sys::sctp_assoc_value = zeroed();
    v.assoc_id = raw_assoc(assoc);
    v.assoc_value = value;
    set(fd, opt, &v)
}

/// `ENOPROTOOPT` from the stream reconfiguration calls means the feature is off or was not
/// negotiated (the kernel's answer when `reconf_capable` or `strreset_enable` is missing).
///
/// FreeBSD's stack answers `EOPNOTSUPP` instead (usrsctp, the same code, does so in the host
/// suite), which means the same.
fn reconf_err(opt: Opt, err: Error) -> Error {
    match err {
        Error::UnsupportedOption { .. } => Error::OptionNotEnabled { option: opt.name },
        #[cfg(target_os = "freebsd")]
        Error::Io(e) if e.raw_os_error() == Some(libc::EOPNOTSUPP) => {
            Error::OptionNotEnabled { option: opt.name }
        }
        other => other,
    }
}

// ---- RFC 6458 §8.1 -----------------------------------------------------------------------

pub(crate) fn rto_info(fd: BorrowedFd<'_>, assoc: AssocId) -> Result<RtoInfo> {
    let mut v: sctp_sys::sctp_rtoinfo = zeroed();
    v.srto_assoc_id = get_assoc(RTOINFO, assoc)?;
    let v = get(fd, RTOINFO, v)?;
    Ok(RtoInfo {
        initial: from_millis(v.srto_initial),
        max: from_millis(v.srto_max),
        min: from_millis(v.srto_min),
    })
}

/// The checked `(initial, max, min)` milliseconds of an `SCTP_RTOINFO` set.
pub(crate) fn rto_values(opt: Opt, info: &RtoInfo) -> Result<(u32, u32, u32)> {
    let initial = millis(opt, info.initial)?;
    let max = millis(opt, info.max)?;
    let min = millis(opt, info.min)?;
    if initial == 0 || max == 0 || min == 0 {
        return Err(invalid(opt, "durations must be at least 1 ms"));
    }
    if min > initial || initial > max {
        return Err(invalid(opt, "need min <= initial <= max"));
    }
    Ok((initial, max, min))
}

pub(crate) fn set_rto_info(fd: BorrowedFd<'_>, assoc: AssocId, info: &RtoInfo) -> Result<()> {
    let (initial, max, min) = rto_values(RTOINFO, info)?;
    let mut v: sctp_sys::sctp_rtoinfo = zeroed();
    v.srto_assoc_id = raw_assoc(assoc);
    v.srto_initial = initial;
    v.srto_max = max;
    v.srto_min = min;
    set(fd, RTOINFO, &v)
}

pub(crate) fn assoc_info(fd: BorrowedFd<'_>, assoc: AssocId) -> Result<AssocInfo> {
    let mut v: sctp_sys::sctp_assocparams = zeroed();
    v.sasoc_assoc_id = get_assoc(ASSOCINFO, assoc)?;
    let v = get(fd, ASSOCINFO, v)?;
    Ok(AssocInfo {
        max_retrans: v.sasoc_asocmaxrxt,
        peer_destinations: v.sasoc_number_peer_destinations,
        peer_rwnd: v.sasoc_peer_rwnd,
        local_rwnd: v.sasoc_local_rwnd,
        cookie_life: from_millis(v.sasoc_cookie_life),
    })
}

/// The checked cookie lifetime in milliseconds of an `SCTP_ASSOCINFO` set.
pub(crate) fn cookie_life_value(opt: Opt, max_retrans: u16, cookie_life: Duration) -> Result<u32> {
    let cookie = millis(opt, cookie_life)?;
    if max_retrans == 0 || cookie == 0 {
        return Err(invalid(
            opt,
            "max_retrans and cookie_life must be non-zero (zero means 'unchanged' to the kernel)",
        ));
    }
    Ok(cookie)
}

pub(crate) fn set_assoc_info(
    fd: BorrowedFd<'_>,
    assoc: AssocId,
    max_retrans: u16,
    cookie_life: Duration,
) -> Result<()> {
    let cookie = cookie_life_value(ASSOCINFO, max_retrans, cookie_life)?;
    let mut v: sctp_sys::sctp_assocparams = zeroed();
    v.sasoc_assoc_id = raw_assoc(assoc);
    v.sasoc_asocmaxrxt = max_retrans;
    v.sasoc_cookie_life = cookie;
    set(fd, ASSOCINFO, &v)
}

pub(crate) fn init_params(fd: BorrowedFd<'_>) -> Result<InitParams> {
    let v = get(fd, INITMSG, zeroed::<sctp_sys::sctp_initmsg>())?;
    Ok(InitParams {
        outbound_streams: v.sinit_num_ostreams,
        max_inbound_streams: v.sinit_max_instreams,
        max_attempts: v.sinit_max_attempts,
        max_init_timeout_ms: v.sinit_max_init_timeo,
    })
}

pub(crate) fn set_init_params(fd: BorrowedFd<'_>, params: &InitParams) -> Result<()> {
    let mut v: sctp_sys::sctp_initmsg = zeroed();
    v.sinit_num_ostreams = params.outbound_streams;
    v.sinit_max_instreams = params.max_inbound_streams;
    v.sinit_max_attempts = params.max_attempts;
    v.sinit_max_init_timeo = params.max_init_timeout_ms;
    set(fd, INITMSG, &v)
}

pub(crate) fn nodelay(fd: BorrowedFd<'_>) -> Result<bool> {
    Ok(get_int(fd, NODELAY)? != 0)
}

pub(crate) fn set_nodelay(fd: BorrowedFd<'_>, on: bool) -> Result<()> {
    set_int(fd, NODELAY, on.into())
}

pub(crate) fn autoclose(fd: BorrowedFd<'_>) -> Result<Option<Duration>> {
    let secs = get_int(fd, AUTOCLOSE)? as u32;
    Ok((secs != 0).then(|| Duration::from_secs(u64::from(secs))))
}

/// The checked seconds of an `SCTP_AUTOCLOSE` set, 0 for off.
pub(crate) fn autoclose_secs(opt: Opt, after: Option<Duration>) -> Result<libc::c_int> {
    Ok(match after {
        None => 0,
        Some(d) => {
            if d.subsec_nanos() != 0 || d.is_zero() {
                return Err(invalid(
                    opt,
                    "duration must be a non-zero number of whole seconds",
                ));
            }
            libc::c_int::try_from(d.as_secs()).map_err(|_| invalid(opt, "duration too long"))?
        }
    })
}

pub(crate) fn set_autoclose(fd: BorrowedFd<'_>, after: Option<Duration>) -> Result<()> {
    set_int(fd, AUTOCLOSE, autoclose_secs(AUTOCLOSE, after)?)
}

pub(crate) fn primary_addr(fd: BorrowedFd<'_>, assoc: AssocId) -> Result<SocketAddr> {
    let mut v: sys::Prim = zeroed();
    v.ssp_assoc_id = get_assoc(PRIMARY_ADDR, assoc)?;
    let v = get(fd, PRIMARY_ADDR, v)?;
    let addr = v.ssp_addr;
    addr_from_storage(&storage_to_bytes(addr))?.ok_or(Error::UnsupportedAddressFamily(0))
}

pub(crate) fn adaptation_layer(fd: BorrowedFd<'_>) -> Result<u32> {
    Ok(get(
        fd,
        ADAPTATION_LAYER,
        zeroed::<sctp_sys::sctp_setadaptation>(),
    )?
    .ssb_adaptation_ind)
}

pub(crate) fn set_adaptation_layer(fd: BorrowedFd<'_>, indication: u32) -> Result<()> {
    let mut v: sctp_sys::sctp_setadaptation = zeroed();
    v.ssb_adaptation_ind = indication;
    set(fd, ADAPTATION_LAYER, &v)
}

pub(crate) fn disable_fragments(fd: BorrowedFd<'_>) -> Result<bool> {
    Ok(get_int(fd, DISABLE_FRAGMENTS)? != 0)
}

pub(crate) fn set_disable_fragments(fd: BorrowedFd<'_>, on: bool) -> Result<()> {
    set_int(fd, DISABLE_FRAGMENTS, on.into())
}

// `struct sctp_paddrparams` is `packed, aligned(4)` on Linux: no padding between fields, which
// no Rust `repr` expresses, so it is encoded by hand at the header's offsets.
#[cfg(target_os = "linux")]
pub(in crate::options) mod paddrparams_layout {
    pub(in crate::options) const ASSOC: usize = 0;
    pub(in crate::options) const ADDRESS: usize = 4;
    pub(in crate::options) const HBINTERVAL: usize = 132;
    pub(in crate::options) const PATHMAXRXT: usize = 136;
    pub(in crate::options) const PATHMTU: usize = 138;
    pub(in crate::options) const SACKDELAY: usize = 142;
    pub(in crate::options) const FLAGS: usize = 146;
    pub(in crate::options) const FLOWLABEL: usize = 150;
    pub(in crate::options) const DSCP: usize = 154;
    /// `sizeof(struct sctp_paddrparams)`: 155 bytes rounded up to the alignment of 4.
    pub(in crate::options) const LEN: usize = 156;
}

// FreeBSD's `struct sctp_paddrparams` is a plain struct in another order (address first) and
// has no `spp_sackdelay`: FreeBSD has no per-path SACK delay. The same byte encoding is used,
// at FreeBSD's offsets, so both systems share the code below.
#[cfg(target_os = "freebsd")]
pub(in crate::options) mod paddrparams_layout {
    pub(in crate::options) const ADDRESS: usize = 0;
    pub(in crate::options) const ASSOC: usize = 128;
    pub(in crate::options) const HBINTERVAL: usize = 132;
    pub(in crate::options) const PATHMTU: usize = 136;
    pub(in crate::options) const FLAGS: usize = 140;
    pub(in crate::options) const FLOWLABEL: usize = 144;
    pub(in crate::options) const PATHMAXRXT: usize = 148;
    pub(in crate::options) const DSCP: usize = 150;
    /// `sizeof(struct sctp_paddrparams)`: 151 bytes rounded up to the alignment of 4.
    pub(in crate::options) const LEN: usize = 152;

    // Written out by hand for the shared byte encoding; checked against the bindings of
    // FreeBSD's header whenever this is compiled (FreeBSD's struct is not packed, so
    // `offset_of!` applies).
    use core::mem::{offset_of, size_of};
    type P = sctp_sys::sctp_paddrparams;
    const _: () = assert!(offset_of!(P, spp_address) == ADDRESS);
    const _: () = assert!(offset_of!(P, spp_assoc_id) == ASSOC);
    const _: () = assert!(offset_of!(P, spp_hbinterval) == HBINTERVAL);
    const _: () = assert!(offset_of!(P, spp_pathmtu) == PATHMTU);
    const _: () = assert!(offset_of!(P, spp_flags) == FLAGS);
    const _: () = assert!(offset_of!(P, spp_ipv6_flowlabel) == FLOWLABEL);
    const _: () = assert!(offset_of!(P, spp_pathmaxrxt) == PATHMAXRXT);
    const _: () = assert!(offset_of!(P, spp_dscp) == DSCP);
    const _: () = assert!(size_of::<P>() == LEN);
}

fn put_u32(buf: &mut [u8], at: usize, v: u32) {
    buf[at..at + 4].copy_from_slice(&v.to_ne_bytes());
}

fn put_u16(buf: &mut [u8], at: usize, v: u16) {
    buf[at..at + 2].copy_from_slice(&v.to_ne_bytes());
}

pub(crate) fn read_u32(buf: &[u8], at: usize) -> u32 {
    u32::from_ne_bytes([buf[at], buf[at + 1], buf[at + 2], buf[at + 3]])
}

pub(crate) fn read_u16(buf: &[u8], at: usize) -> u16 {
    u16::from_ne_bytes([buf[at], buf[at + 1]])
}

fn storage_at(buf: &[u8], at: usize) -> [u8; STORAGE_LEN] {
    let mut out = [0u8; STORAGE_LEN];
    out.copy_from_slice(&buf[at..at + STORAGE_LEN]);
    out
}

pub(crate) fn peer_addr_params(
    fd: BorrowedFd<'_>,
    assoc: AssocId,
    addr: Option<SocketAddr>,
) -> Result<PeerAddrParams> {
    use paddrparams_layout as p;
    let mut buf = [0u8; p::LEN];
    put_u32(
        &mut buf,
        p::ASSOC,
        get_assoc(PEER_ADDR_PARAMS, assoc)? as u32,
    );
    buf[p::ADDRESS..p::ADDRESS + STORAGE_LEN].copy_from_slice(&addr_or_unspec(addr));
    let len =
        get_bytes(fd, PEER_ADDR_PARAMS, &mut buf).map_err(|e| sys::map_err(PEER_ADDR_PARAMS, e))?;
    if len < p::DSCP + 1 {
        return Err(Error::OptionLength {
            option: PEER_ADDR_PARAMS.name,
            expected: p::LEN,
            got: len,
        });
    }
    Ok(PeerAddrParams {
        address: addr_from_storage(&storage_at(&buf, p::ADDRESS))?,
        heartbeat_interval: from_millis(read_u32(&buf, p::HBINTERVAL)),
        path_max_retrans: read_u16(&buf, p::PATHMAXRXT),
        path_mtu: read_u32(&buf, p::PATHMTU),
        #[cfg(target_os = "linux")]
        sack_delay: from_millis(read_u32(&buf, p::SACKDELAY)),
        // FreeBSD has no per-path SACK delay (see `delayed_sack` for the association's).
        #[cfg(target_os = "freebsd")]
        sack_delay: Duration::ZERO,
        flags: PeerAddrFlags::from_bits_retain(read_u32(&buf, p::FLAGS)),
        ipv6_flow_label: read_u32(&buf, p::FLOWLABEL),
        // The kernel keeps the DSCP in the upper six bits of the TOS byte.
        dscp: buf[p::DSCP] >> 2,
    })
}

/// Checks an `SCTP_PEER_ADDR_PARAMS` value; gives the per-path SACK delay in milliseconds.
pub(crate) fn check_peer_addr_params(opt: Opt, params: &PeerAddrParams) -> Result<u32> {
    if PeerAddrFlags::from_bits(params.flags.bits()).is_none() {
        return Err(invalid(opt, "unknown flag bits"));
    }
    let f = params.flags;
    if f.contains(PeerAddrFlags::HB_ENABLE | PeerAddrFlags::HB_DISABLE)
        || f.contains(PeerAddrFlags::PMTUD_ENABLE | PeerAddrFlags::PMTUD_DISABLE)
        || f.contains(PeerAddrFlags::SACKDELAY_ENABLE | PeerAddrFlags::SACKDELAY_DISABLE)
    {
        return Err(invalid(opt, "a feature is both enabled and disabled"));
    }
    let sack_delay = millis(opt, params.sack_delay)?;
    if sack_delay > 500 {
        return Err(invalid(opt, "sack_delay above 500 ms"));
    }
    if params.ipv6_flow_label > 0xf_ffff {
        return Err(invalid(opt, "ipv6_flow_label wider than 20 bits"));
    }
    if params.dscp > 0x3f {
        return Err(invalid(opt, "dscp wider than 6 bits"));
    }
    // The smallest path MTU the stacks accept (Linux's `SCTP_DEFAULT_MINSEGMENT`).
    if params.path_mtu != 0 && params.path_mtu < 512 {
        return Err(invalid(opt, "path_mtu below 512 bytes"));
    }
    Ok(sack_delay)
}

/// FreeBSD's stack (and usrsctp) has no per-path SACK delay: refuses one in a
/// `SCTP_PEER_ADDR_PARAMS` set.
#[cfg(any(target_os = "freebsd", feature = "userland"))]
pub(crate) fn no_path_sack_delay(opt: Opt, params: &PeerAddrParams) -> Result<()> {
    let f = params.flags;
    if !params.sack_delay.is_zero()
        || f.contains(PeerAddrFlags::SACKDELAY_ENABLE)
        || f.contains(PeerAddrFlags::SACKDELAY_DISABLE)
    {
        return Err(invalid(
            opt,
            "FreeBSD's stack has no per-path SACK delay (use set_delayed_sack)",
        ));
    }
    Ok(())
}

pub(crate) fn set_peer_addr_params(
    fd: BorrowedFd<'_>,
    assoc: AssocId,
    params: &PeerAddrParams,
) -> Result<()> {
    use paddrparams_layout as p;
    let opt = PEER_ADDR_PARAMS;
    let sack_delay = check_peer_addr_params(opt, params)?;
    let f = params.flags;
    let mut buf = [0u8; p::LEN];
    put_u32(&mut buf, p::ASSOC, raw_assoc(assoc) as u32);
    buf[p::ADDRESS..p::ADDRESS + STORAGE_LEN].copy_from_slice(&addr_or_unspec(params.address));
    put_u32(
        &mut buf,
        p::HBINTERVAL,
        millis(opt, params.heartbeat_interval)?,
    );
    put_u16(&mut buf, p::PATHMAXRXT, params.path_max_retrans);
    put_u32(&mut buf, p::PATHMTU, params.path_mtu);
    #[cfg(target_os = "linux")]
    put_u32(&mut buf, p::SACKDELAY, sack_delay);
    #[cfg(target_os = "freebsd")]
    {
        // FreeBSD's struct has no field for it: any non-zero delay is refused here.
        let _ = sack_delay;
        no_path_sack_delay(opt, params)?;
    }
    put_u32(&mut buf, p::FLAGS, f.bits());
    put_u32(&mut buf, p::FLOWLABEL, params.ipv6_flow_label);
    buf[p::DSCP] = params.dscp << 2;
    set_bytes(fd, opt, &buf)
}

/// Flags that make sense as defaults: per-call actions (EOF, ABORT, SENDALL) do not.
pub(crate) fn send_flags(opt: Opt, flags: SendFlags) -> Result<u16> {
    let allowed = SendFlags::UNORDERED.bits() | SendFlags::SACK_IMMEDIATELY.bits();
    if flags.bits() & !allowed != 0 {
        return Err(invalid(
            opt,
            "only UNORDERED and SACK_IMMEDIATELY can be defaults",
        ));
    }
    Ok(flags.bits())
}

pub(crate) fn default_send_param(fd: BorrowedFd<'_>, assoc: AssocId) -> Result<DefaultSendInfo> {
    let mut v: sctp_sys::sctp_sndrcvinfo = zeroed();
    v.sinfo_assoc_id = get_assoc(DEFAULT_SEND_PARAM, assoc)?;
    let v = get(fd, DEFAULT_SEND_PARAM, v)?;
    Ok(DefaultSendInfo {
        stream: v.sinfo_stream,
        flags: SendFlags::from_bits(v.sinfo_flags),
        ppid: u32::from_be(v.sinfo_ppid),
        context: v.sinfo_context,
        time_to_live: from_millis(v.sinfo_timetolive),
    })
}

pub(crate) fn set_default_send_param(
    fd: BorrowedFd<'_>,
    assoc: AssocId,
    info: &DefaultSendInfo,
) -> Result<()> {
    let mut v: sctp_sys::sctp_sndrcvinfo = zeroed();
    v.sinfo_assoc_id = raw_assoc(assoc);
    v.sinfo_stream = info.stream;
    v.sinfo_flags = send_flags(DEFAULT_SEND_PARAM, info.flags)?;
    v.sinfo_ppid = info.ppid.to_be();
    v.sinfo_context = info.context;
    v.sinfo_timetolive = millis(DEFAULT_SEND_PARAM, info.time_to_live)?;
    set(fd, DEFAULT_SEND_PARAM, &v)
}

pub(crate) fn default_send_info(fd: BorrowedFd<'_>, assoc: AssocId) -> Result<DefaultSendInfo> {
    let mut v: sctp_sys::sctp_sndinfo = zeroed();
    v.snd_assoc_id = get_assoc(DEFAULT_SNDINFO, assoc)?;
    let v = get(fd, DEFAULT_SNDINFO, v)?;
    Ok(DefaultSendInfo {
        stream: v.snd_sid,
        flags: SendFlags::from_bits(v.snd_flags),
        ppid: u32::from_be(v.snd_ppid),
        context: v.snd_context,
        time_to_live: Duration::ZERO,
    })
}

pub(crate) fn set_default_send_info(
    fd: BorrowedFd<'_>,
    assoc: AssocId,
    info: &DefaultSendInfo,
) -> Result<()> {
    let mut v: sctp_sys::sctp_sndinfo = zeroed();
    v.snd_assoc_id = raw_assoc(assoc);
    v.snd_sid = info.stream;
    v.snd_flags = send_flags(DEFAULT_SNDINFO, info.flags)?;
    v.snd_ppid = info.ppid.to_be();
    v.snd_context = info.context;
    set(fd, DEFAULT_SNDINFO, &v)
}

pub(crate) fn mapped_v4_addrs(fd: BorrowedFd<'_>) -> Result<bool> {
    Ok(get_int(fd, I_WANT_MAPPED_V4_ADDR)? != 0)
}

pub(crate) fn set_mapped_v4_addrs(fd: BorrowedFd<'_>, on: bool) -> Result<()> {
    set_int(fd, I_WANT_MAPPED_V4_ADDR, on.into())
}

pub(crate) fn max_seg(fd: BorrowedFd<'_>, assoc: AssocId) -> Result<u32> {
    get_assoc_value(fd, MAXSEG, assoc)
}

pub(crate) fn set_max_seg(fd: BorrowedFd<'_>, assoc: AssocId, bytes: u32) -> Result<()> {
    check_max_seg(MAXSEG, bytes)?;
    set_assoc_value(fd, MAXSEG, assoc, bytes)
}

/// Checks an `SCTP_MAXSEG` value.
pub(crate) fn check_max_seg(opt: Opt, bytes: u32) -> Result<()> {
    // The kernel's ceiling: a DATA chunk's payload within the 16-bit chunk length.
    if bytes > u32::from(u16::MAX) {
        return Err(invalid(opt, "above 65535 bytes"));
    }
    Ok(())
}

fn paddrinfo(v: sctp_sys::sctp_paddrinfo) -> Result<Option<PeerAddrInfo>> {
    let address = v.spinfo_address;
    let Some(address) = addr_from_storage(&storage_to_bytes(address))? else {
        return Ok(None);
    };
    Ok(Some(PeerAddrInfo {
        address,
        state: PeerAddrState::from_raw(v.spinfo_state),
        cwnd: v.spinfo_cwnd,
        srtt: from_millis(v.spinfo_srtt),
        rto: from_millis(v.spinfo_rto),
        mtu: v.spinfo_mtu,
    }))
}

pub(crate) fn status(fd: BorrowedFd<'_>, assoc: AssocId) -> Result<AssocStatus> {
    let mut v: sctp_sys::sctp_status = zeroed();
    v.sstat_assoc_id = get_assoc(STATUS, assoc)?;
    let v = get(fd, STATUS, v)?;
    Ok(AssocStatus {
        state: AssocState::from_raw(v.sstat_state),
        rwnd: v.sstat_rwnd,
        unacked_data: v.sstat_unackdata,
        pending_data: v.sstat_penddata,
        in_streams: v.sstat_instrms,
        out_streams: v.sstat_outstrms,
        fragmentation_point: v.sstat_fragmentation_point,
        primary: paddrinfo(v.sstat_primary)?,
    })
}

pub(crate) fn peer_addr_info(
    fd: BorrowedFd<'_>,
    assoc: AssocId,
    addr: SocketAddr,
) -> Result<PeerAddrInfo> {
    let mut v: sctp_sys::sctp_paddrinfo = zeroed();
    v.spinfo_assoc_id = get_assoc(GET_PEER_ADDR_INFO, assoc)?;
    v.spinfo_address = storage_from_bytes(storage_from_addr(&addr));
    let v = get(fd, GET_PEER_ADDR_INFO, v)?;
    paddrinfo(v)?.ok_or(Error::UnsupportedAddressFamily(0))
}

pub(crate) fn delayed_sack(fd: BorrowedFd<'_>, assoc: AssocId) -> Result<DelayedSack> {
    let mut v: sctp_sys::sctp_sack_info = zeroed();
    v.sack_assoc_id = get_assoc(DELAYED_SACK, assoc)?;
    let v = get(fd, DELAYED_SACK, v)?;
    Ok(DelayedSack {
        delay: from_millis(v.sack_delay),
        frequency: v.sack_freq,
    })
}

/// The checked delay in milliseconds of an `SCTP_DELAYED_SACK` set.
pub(crate) fn sack_delay_value(opt: Opt, sack: DelayedSack) -> Result<u32> {
    let delay = millis(opt, sack.delay)?;
    if delay == 0 || delay > 500 {
        return Err(invalid(opt, "delay must be 1 to 500 ms"));
    }
    if sack.frequency == 0 {
        return Err(invalid(opt, "frequency must be at least 1"));
    }
    Ok(delay)
}

pub(crate) fn set_delayed_sack(
    fd: BorrowedFd<'_>,
    assoc: AssocId,
    sack: DelayedSack,
) -> Result<()> {
    let delay = sack_delay_value(DELAYED_SACK, sack)?;
    let mut v: sctp_sys::sctp_sack_info = zeroed();
    v.sack_assoc_id = raw_assoc(assoc);
    v.sack_delay = delay;
    v.sack_freq = sack.frequency;
    set(fd, DELAYED_SACK, &v)
}

pub(crate) fn context(fd: BorrowedFd<'_>, assoc: AssocId) -> Result<u32> {
    get_assoc_value(fd, CONTEXT, assoc)
}

pub(crate) fn set_context(fd: BorrowedFd<'_>, assoc: AssocId, context: u32) -> Result<()> {
    set_assoc_value(fd, CONTEXT, assoc, context)
}

pub(crate) fn fragment_interleave(fd: BorrowedFd<'_>) -> Result<bool> {
    Ok(get_int(fd, FRAGMENT_INTERLEAVE)? != 0)
}

pub(crate) fn set_fragment_interleave(fd: BorrowedFd<'_>, on: bool) -> Result<()> {
    set_int(fd, FRAGMENT_INTERLEAVE, on.into())
}

pub(crate) fn partial_delivery_point(fd: BorrowedFd<'_>) -> Result<u32> {
    get(fd, PARTIAL_DELIVERY_POINT, 0u32)
}

pub(crate) fn set_partial_delivery_point(fd: BorrowedFd<'_>, bytes: u32) -> Result<()> {
    set(fd, PARTIAL_DELIVERY_POINT, &bytes)
}

pub(crate) fn max_burst(fd: BorrowedFd<'_>, assoc: AssocId) -> Result<u32> {
    get_assoc_value(fd, MAX_BURST, assoc)
}

pub(crate) fn set_max_burst(fd: BorrowedFd<'_>, assoc: AssocId, packets: u32) -> Result<()> {
    set_assoc_value(fd, MAX_BURST, assoc, packets)
}

// ---- AUTH, RFC 4895 and RFC 6458 §8.1.20-8.1.24, §8.2.3-8.2.4 ----------------------------

/// Chunk types RFC 4895 §3.2 forbids in the list of chunks to authenticate.
const UNAUTHENTICATABLE: [u8; 4] = [1, 2, 14, 15];

/// Checks a chunk type for `SCTP_AUTH_CHUNK`.
pub(crate) fn check_auth_chunk(opt: Opt, chunk_type: u8) -> Result<()> {
    if UNAUTHENTICATABLE.contains(&chunk_type) {
        return Err(invalid(
            opt,
            "INIT, INIT ACK, SHUTDOWN COMPLETE and AUTH chunks cannot be authenticated",
        ));
    }
    Ok(())
}

pub(crate) fn add_auth_chunk(fd: BorrowedFd<'_>, chunk_type: u8) -> Result<()> {
    check_auth_chunk(AUTH_CHUNK, chunk_type)?;
    let v = sctp_sys::sctp_authchunk {
        sauth_chunk: chunk_type,
    };
    set(fd, AUTH_CHUNK, &v)
}

pub(crate) fn hmac_idents(fd: BorrowedFd<'_>) -> Result<Vec<HmacId>> {
    // u32 count, then u16 identifiers; the kernel knows at most a handful.
    let mut buf = [0u8; 4 + 2 * 16];
    let len = get_bytes(fd, HMAC_IDENT, &mut buf).map_err(|e| sys::map_err(HMAC_IDENT, e))?;
    hmac_idents_from(HMAC_IDENT, &buf, len)
}

/// Checks and encodes an `SCTP_HMAC_IDENT` list (`struct sctp_hmacalgo`: a `u32` count, then
/// `u16` identifiers; the same on Linux and FreeBSD).
pub(crate) fn hmac_idents_bytes(opt: Opt, idents: &[HmacId]) -> Result<Vec<u8>> {
    if !idents.contains(&HmacId::Sha1) {
        return Err(invalid(opt, "the list must contain SHA-1 (RFC 4895 §6.1)"));
    }
    if idents.iter().any(|id| matches!(id, HmacId::Unknown(_))) {
        return Err(invalid(opt, "unknown HMAC identifier"));
    }
    if idents.len() > 4 {
        return Err(invalid(opt, "more than 4 identifiers"));
    }
    let mut buf = vec![0u8; 4 + 2 * idents.len()];
    put_u32(&mut buf, 0, idents.len() as u32);
    for (i, id) in idents.iter().enumerate() {
        put_u16(&mut buf, 4 + 2 * i, id.to_raw());
    }
    Ok(buf)
}

/// Decodes an `SCTP_HMAC_IDENT` answer of `len` bytes.
pub(crate) fn hmac_idents_from(opt: Opt, buf: &[u8], len: usize) -> Result<Vec<HmacId>> {
    if len < 4 {
        return Err(Error::OptionLength {
            option: opt.name,
            expected: 4,
            got: len,
        });
    }
    let count = (read_u32(buf, 0) as usize).min((len - 4) / 2);
    Ok((0..count)
        .map(|i| HmacId::from_raw(read_u16(buf, 4 + 2 * i)))
        .collect())
}

pub(crate) fn set_hmac_idents(fd: BorrowedFd<'_>, idents: &[HmacId]) -> Result<()> {
    set_bytes(fd, HMAC_IDENT, &hmac_idents_bytes(HMAC_IDENT, idents)?)
}

pub(crate) fn set_auth_key(
    fd: BorrowedFd<'_>,
    assoc: AssocId,
    key_id: u16,
    key: &[u8],
) -> Result<()> {
    set_bytes(
        fd,
        AUTH_KEY,
        &auth_key_bytes(AUTH_KEY, raw_assoc(assoc) as u32, key_id, key)?,
    )
}

/// Checks and encodes an `SCTP_AUTH_KEY` value (`struct sctp_authkey`: assoc id (4), key
/// number (2), key length (2), key bytes; the same on Linux and FreeBSD).
pub(crate) fn auth_key_bytes(opt: Opt, assoc: u32, key_id: u16, key: &[u8]) -> Result<Vec<u8>> {
    if key.is_empty() {
        return Err(invalid(opt, "empty key"));
    }
    let key_len =
        u16::try_from(key.len()).map_err(|_| invalid(opt, "key longer than 65535 bytes"))?;
    let mut buf = vec![0u8; 8 + key.len()];
    put_u32(&mut buf, 0, assoc);
    put_u16(&mut buf, 4, key_id);
    put_u16(&mut buf, 6, key_len);
    buf[8..].copy_from_slice(key);
    Ok(buf)
}

fn key_id_value(assoc: AssocId, key_id: u16) -> sctp_sys::sctp_authkeyid {
    let mut v: sctp_sys::sctp_authkeyid = zeroed();
    v.scact_assoc_id = raw_assoc(assoc);
    v.scact_keynumber = key_id;
    v
}

/// The bytes of a `struct sctp_authkeyid` for a set: the struct has two bytes of padding, which
/// a struct value does not keep zero (a move may copy only its fields), and `setsockopt` hands
/// every byte to the kernel. Laid out by hand, zeroed.
fn key_id_bytes(assoc: AssocId, key_id: u16) -> [u8; mem::size_of::<sctp_sys::sctp_authkeyid>()] {
    const ASSOC: usize = mem::offset_of!(sctp_sys::sctp_authkeyid, scact_assoc_id);
    const KEY: usize = mem::offset_of!(sctp_sys::sctp_authkeyid, scact_keynumber);
    let mut b = [0u8; mem::size_of::<sctp_sys::sctp_authkeyid>()];
    b[ASSOC..ASSOC + 4].copy_from_slice(&raw_assoc(assoc).to_ne_bytes());
    b[KEY..KEY + 2].copy_from_slice(&key_id.to_ne_bytes());
    b
}

pub(crate) fn active_auth_key(fd: BorrowedFd<'_>, assoc: AssocId) -> Result<u16> {
    get_assoc(AUTH_ACTIVE_KEY, assoc)?;
    Ok(get(fd, AUTH_ACTIVE_KEY, key_id_value(assoc, 0))?.scact_keynumber)
}

pub(crate) fn set_active_auth_key(fd: BorrowedFd<'_>, assoc: AssocId, key_id: u16) -> Result<()> {
    set_bytes(fd, AUTH_ACTIVE_KEY, &key_id_bytes(assoc, key_id))
}

pub(crate) fn delete_auth_key(fd: BorrowedFd<'_>, assoc: AssocId, key_id: u16) -> Result<()> {
    set_bytes(fd, AUTH_DELETE_KEY, &key_id_bytes(assoc, key_id))
}

pub(crate) fn deactivate_auth_key(fd: BorrowedFd<'_>, assoc: AssocId, key_id: u16) -> Result<()> {
    set_bytes(fd, AUTH_DEACTIVATE_KEY, &key_id_bytes(assoc, key_id))
}

fn auth_chunks(fd: BorrowedFd<'_>, opt: Opt, assoc: AssocId) -> Result<Vec<u8>> {
    // At most 256 chunk types exist.
    let mut buf = [0u8; 8 + 256];
    put_u32(&mut buf, 0, get_assoc(opt, assoc)? as u32);
    let len = get_bytes(fd, opt, &mut buf).map_err(|e| sys::map_err(opt, e))?;
    auth_chunks_from(opt, &buf, len, cfg!(target_os = "linux"))
}

/// Decodes a `struct sctp_authchunks` answer of `len` bytes: the association id (4), on Linux
/// (`counted`) a `u32` count, then the chunk types. FreeBSD's struct (and usrsctp's) has no
/// count: the length of the answer gives it.
pub(crate) fn auth_chunks_from(opt: Opt, buf: &[u8], len: usize, counted: bool) -> Result<Vec<u8>> {
    let header = if counted { 8 } else { 4 };
    let len = len.min(buf.len());
    if len < header {
        return Err(Error::OptionLength {
            option: opt.name,
            expected: header,
            got: len,
        });
    }
    let count = if counted {
        (read_u32(buf, 4) as usize).min(len - header)
    } else {
        len - header
    };
    Ok(buf[header..header + count].to_vec())
}

pub(crate) fn peer_auth_chunks(fd: BorrowedFd<'_>, assoc: AssocId) -> Result<Vec<u8>> {
    auth_chunks(fd, PEER_AUTH_CHUNKS, assoc)
}

pub(crate) fn local_auth_chunks(fd: BorrowedFd<'_>, assoc: AssocId) -> Result<Vec<u8>> {
    auth_chunks(fd, LOCAL_AUTH_CHUNKS, assoc)
}

// ---- association lists, RFC 6458 §8.2.5-8.2.6 --------------------------------------------

pub(crate) fn assoc_number(fd: BorrowedFd<'_>) -> Result<u32> {
    get(fd, GET_ASSOC_NUMBER, 0u32)
}

pub(crate) fn assoc_ids(fd: BorrowedFd<'_>) -> Result<Vec<AssocId>> {
    // The list can grow between the count and the read: retry with room for more.
    let mut room = assoc_number(fd)? as usize + 8;
    for _ in 0..8 {
        let mut buf = vec![0u8; 4 + 4 * room];
        match get_bytes(fd, GET_ASSOC_ID_LIST, &mut buf) {
            Ok(len) => {
                if len < 4 {
                    return Err(Error::OptionLength {
                        option: GET_ASSOC_ID_LIST.name,
                        expected: 4,
                        got: len,
                    });
                }
                let count = (read_u32(&buf, 0) as usize).min((len - 4) / 4);
                return Ok((0..count)
                    .map(|i| AssocId::from_raw(read_u32(&buf, 4 + 4 * i)))
                    .collect());
            }
            Err(e) if e.raw_os_error() == Some(libc::EINVAL) => room *= 2,
            Err(e) => return Err(sys::map_err(GET_ASSOC_ID_LIST, e)),
        }
    }
    Err(Error::Io(std::io::Error::from_raw_os_error(libc::EINVAL)))
}

pub(crate) fn auto_asconf(fd: BorrowedFd<'_>) -> Result<bool> {
    Ok(get_int(fd, AUTO_ASCONF)? != 0)
}

pub(crate) fn set_auto_asconf(fd: BorrowedFd<'_>, on: bool) -> Result<()> {
    set_int(fd, AUTO_ASCONF, on.into())
}

// ---- path thresholds, RFC 7829 -----------------------------------------------------------

#[cfg(target_os = "linux")]
pub(crate) fn path_thresholds(
    fd: BorrowedFd<'_>,
    assoc: AssocId,
    addr: Option<SocketAddr>,
) -> Result<PathThresholds> {
    let mut v: sctp_sys::sctp_paddrthlds_v2 = zeroed();
    v.spt_assoc_id = get_assoc(PEER_ADDR_THLDS_V2, assoc)?;
    v.spt_address = storage_from_bytes(addr_or_unspec(addr));
    match get(fd, PEER_ADDR_THLDS_V2, v) {
        Ok(v) => Ok(PathThresholds {
            path_max_retrans: v.spt_pathmaxrxt,
            pf_threshold: v.spt_pathpfthld,
            ps_threshold: Some(v.spt_pathcpthld),
        }),
        Err(Error::UnsupportedOption { .. }) => {
            let mut v: sctp_sys::sctp_paddrthlds = zeroed();
            v.spt_assoc_id = get_assoc(PEER_ADDR_THLDS, assoc)?;
            v.spt_address = storage_from_bytes(addr_or_unspec(addr));
            let v = get(fd, PEER_ADDR_THLDS, v)?;
            Ok(PathThresholds {
                path_max_retrans: v.spt_pathmaxrxt,
                pf_threshold: v.spt_pathpfthld,
                ps_threshold: None,
            })
        }
        Err(e) => Err(e),
    }
}

#[cfg(target_os = "linux")]
pub(crate) fn set_path_thresholds(
    fd: BorrowedFd<'_>,
    assoc: AssocId,
    addr: Option<SocketAddr>,
    thresholds: PathThresholds,
) -> Result<()> {
    if thresholds.pf_threshold > thresholds.path_max_retrans {
        return Err(invalid(
            PEER_ADDR_THLDS,
            "pf_threshold above path_max_retrans",
        ));
    }
    match thresholds.ps_threshold {
        Some(ps) => {
            let mut v: sctp_sys::sctp_paddrthlds_v2 = zeroed();
            v.spt_assoc_id = raw_assoc(assoc);
            v.spt_address = storage_from_bytes(addr_or_unspec(addr));
            v.spt_pathmaxrxt = thresholds.path_max_retrans;
            v.spt_pathpfthld = thresholds.pf_threshold;
            v.spt_pathcpthld = ps;
            set(fd, PEER_ADDR_THLDS_V2, &v)
        }
        None => {
            let mut v: sctp_sys::sctp_paddrthlds = zeroed();
            v.spt_assoc_id = raw_assoc(assoc);
            v.spt_address = storage_from_bytes(addr_or_unspec(addr));
            v.spt_pathmaxrxt = thresholds.path_max_retrans;
            v.spt_pathpfthld = thresholds.pf_threshold;
            set(fd, PEER_ADDR_THLDS, &v)
        }
    }
}

/// FreeBSD: `struct sctp_paddrthlds` already carries the potentially-failed threshold
/// (`spt_pathcpthld`), and there is no `_V2`.
#[cfg(target_os = "freebsd")]
pub(crate) fn path_thresholds(
    fd: BorrowedFd<'_>,
    assoc: AssocId,
    addr: Option<SocketAddr>,
) -> Result<PathThresholds> {
    let mut v: sctp_sys::sctp_paddrthlds = zeroed();
    v.spt_assoc_id = get_assoc(PEER_ADDR_THLDS, assoc)?;
    v.spt_address = storage_from_bytes(addr_or_unspec(addr));
    let v = get(fd, PEER_ADDR_THLDS, v)?;
    Ok(PathThresholds {
        path_max_retrans: v.spt_pathmaxrxt,
        pf_threshold: v.spt_pathpfthld,
        ps_threshold: Some(v.spt_pathcpthld),
    })
}

#[cfg(target_os = "freebsd")]
pub(crate) fn set_path_thresholds(
    fd: BorrowedFd<'_>,
    assoc: AssocId,
    addr: Option<SocketAddr>,
    thresholds: PathThresholds,
) -> Result<()> {
    if thresholds.pf_threshold > thresholds.path_max_retrans {
        return Err(invalid(
            PEER_ADDR_THLDS,
            "pf_threshold above path_max_retrans",
        ));
    }
    let mut v: sctp_sys::sctp_paddrthlds = zeroed();
    v.spt_assoc_id = raw_assoc(assoc);
    v.spt_address = storage_from_bytes(addr_or_unspec(addr));
    v.spt_pathmaxrxt = thresholds.path_max_retrans;
    v.spt_pathpfthld = thresholds.pf_threshold;
    // `None` keeps the kernel's value, as on Linux without `_V2`.
    v.spt_pathcpthld = match thresholds.ps_threshold {
        Some(ps) => ps,
        None => path_thresholds(fd, assoc, addr)?.ps_threshold.unwrap_or(0),
    };
    set(fd, PEER_ADDR_THLDS, &v)
}

pub(crate) fn reuse_port(fd: BorrowedFd<'_>) -> Result<bool> {
    Ok(get_int(fd, REUSE_PORT)? != 0)
}

pub(crate) fn set_reuse_port(fd: BorrowedFd<'_>, on: bool) -> Result<()> {
    set_int(fd, REUSE_PORT, on.into())
}

#[cfg(target_os = "freebsd")]
pub(crate) fn assoc_stats(_fd: BorrowedFd<'_>, _assoc: AssocId) -> Result<AssocStats> {
    Err(freebsd_lacks("SCTP_GET_ASSOC_STATS"))
}

#[cfg(target_os = "linux")]
pub(crate) fn assoc_stats(fd: BorrowedFd<'_>, assoc: AssocId) -> Result<AssocStats> {
    let mut v: sctp_sys::sctp_assoc_stats = zeroed();
    v.sas_assoc_id = get_assoc(GET_ASSOC_STATS, assoc)?;
    let v = get(fd, GET_ASSOC_STATS, v)?;
    let addr = v.sas_obs_rto_ipaddr;
    Ok(AssocStats {
        max_rto_addr: addr_from_storage(&storage_to_bytes(addr))?,
        max_rto: Duration::from_millis(v.sas_maxrto),
        in_sacks: v.sas_isacks,
        out_sacks: v.sas_osacks,
        out_packets: v.sas_opackets,
        in_packets: v.sas_ipackets,
        retrans_chunks: v.sas_rtxchunks,
        out_of_seq_tsns: v.sas_outofseqtsns,
        in_dup_chunks: v.sas_idupchunks,
        gap_count: v.sas_gapcnt,
        out_unordered_chunks: v.sas_ouodchunks,
        in_unordered_chunks: v.sas_iuodchunks,
        out_ordered_chunks: v.sas_oodchunks,
        in_ordered_chunks: v.sas_iodchunks,
        out_ctrl_chunks: v.sas_octrlchunks,
        in_ctrl_chunks: v.sas_ictrlchunks,
    })
}

// ---- PR-SCTP, RFC 7496 -------------------------------------------------------------------

// The policy numbers differ: Linux shifts them into bits 4-5 (TTL 0x10, RTX 0x20, PRIO 0x30,
// ALL 0x80), FreeBSD counts from 1 in the low four bits (TTL 1, PRIO 2, RTX 3, ALL 0x0f).
const PR_TTL: u16 = sctp_sys::SCTP_PR_SCTP_TTL as u16;
const PR_RTX: u16 = sctp_sys::SCTP_PR_SCTP_RTX as u16;
const PR_PRIO: u16 = sctp_sys::SCTP_PR_SCTP_PRIO as u16;
const PR_ALL: u16 = sctp_sys::SCTP_PR_SCTP_ALL as u16;
/// The bits of `pr_policy` that hold the policy (`SCTP_PR_SCTP_MASK`).
#[cfg(target_os = "linux")]
const PR_MASK: u16 = sctp_sys::SCTP_PR_SCTP_MASK as u16;
/// The bits of `pr_policy` that hold the policy (`PR_SCTP_POLICY()` of FreeBSD's
/// `sctp_uio.h`, which has no mask constant).
#[cfg(target_os = "freebsd")]
const PR_MASK: u16 = 0x000f;

pub(crate) fn pr_supported(fd: BorrowedFd<'_>, assoc: AssocId) -> Result<bool> {
    Ok(get_assoc_value(fd, PR_SUPPORTED, assoc)? != 0)
}

pub(crate) fn set_pr_supported(fd: BorrowedFd<'_>, assoc: AssocId, on: bool) -> Result<()> {
    set_assoc_value(fd, PR_SUPPORTED, assoc, on.into())
}

pub(crate) fn default_pr_policy(fd: BorrowedFd<'_>, assoc: AssocId) -> Result<PrPolicy> {
    let mut v: sctp_sys::sctp_default_prinfo = zeroed();
    v.pr_assoc_id = get_assoc(DEFAULT_PRINFO, assoc)?;
    let v = get(fd, DEFAULT_PRINFO, v)?;
    Ok(match v.pr_policy & PR_MASK {
        PR_TTL => PrPolicy::Ttl(v.pr_value),
        PR_RTX => PrPolicy::Rtx(v.pr_value),
        PR_PRIO => PrPolicy::Priority(v.pr_value),
        _ => PrPolicy::None,
    })
}

fn pr_policy_raw(policy: PrPolicy) -> (u16, u32) {
    match policy {
        PrPolicy::None => (0, 0),
        PrPolicy::Ttl(ms) => (PR_TTL, ms),
        PrPolicy::Rtx(n) => (PR_RTX, n),
        PrPolicy::Priority(p) => (PR_PRIO, p),
    }
}

pub(crate) fn set_default_pr_policy(
    fd: BorrowedFd<'_>,
    assoc: AssocId,
    policy: PrPolicy,
) -> Result<()> {
    let (policy, value) = pr_policy_raw(policy);
    let mut v: sctp_sys::sctp_default_prinfo = zeroed();
    v.pr_assoc_id = raw_assoc(assoc);
    v.pr_policy = policy;
    v.pr_value = value;
    set(fd, DEFAULT_PRINFO, &v)
}

fn pr_kind_raw(kind: PrKind) -> u16 {
    match kind {
        PrKind::Ttl => PR_TTL,
        PrKind::Rtx => PR_RTX,
        PrKind::Priority => PR_PRIO,
        PrKind::All => PR_ALL,
    }
}

fn pr_status(
    fd: BorrowedFd<'_>,
    opt: Opt,
    assoc: AssocId,
    stream: u16,
    kind: PrKind,
) -> Result<PrStatus> {
    let mut v: sctp_sys::sctp_prstatus = zeroed();
    v.sprstat_assoc_id = get_assoc(opt, assoc)?;
    v.sprstat_sid = stream;
    v.sprstat_policy = pr_kind_raw(kind);
    let v = get(fd, opt, v)?;
    Ok(PrStatus {
        abandoned_unsent: v.sprstat_abandoned_unsent,
        abandoned_sent: v.sprstat_abandoned_sent,
    })
}

pub(crate) fn pr_assoc_status(
    fd: BorrowedFd<'_>,
    assoc: AssocId,
    kind: PrKind,
) -> Result<PrStatus> {
    pr_status(fd, PR_ASSOC_STATUS, assoc, 0, kind)
}

pub(crate) fn pr_stream_status(
    fd: BorrowedFd<'_>,
    assoc: AssocId,
    stream: u16,
    kind: PrKind,
) -> Result<PrStatus> {
    pr_status(fd, PR_STREAM_STATUS, assoc, stream, kind)
}

// ---- stream reconfiguration, RFC 6525 ----------------------------------------------------

pub(crate) fn reconfig_supported(fd: BorrowedFd<'_>, assoc: AssocId) -> Result<bool> {
    Ok(get_assoc_value(fd, RECONFIG_SUPPORTED, assoc)? != 0)
}

pub(crate) fn set_reconfig_supported(fd: BorrowedFd<'_>, assoc: AssocId, on: bool) -> Result<()> {
    set_assoc_value(fd, RECONFIG_SUPPORTED, assoc, on.into())
}

pub(crate) fn enable_stream_reset(fd: BorrowedFd<'_>, assoc: AssocId) -> Result<StreamResetFlags> {
    let bits = get_assoc_value(fd, ENABLE_STREAM_RESET, assoc)?;
    StreamResetFlags::from_bits(bits)
        .ok_or_else(|| invalid(ENABLE_STREAM_RESET, "the kernel reported unknown flags"))
}

pub(crate) fn set_enable_stream_reset(
    fd: BorrowedFd<'_>,
    assoc: AssocId,
    flags: StreamResetFlags,
) -> Result<()> {
    set_assoc_value(fd, ENABLE_STREAM_RESET, assoc, flags.bits())
}

pub(crate) fn reset_streams(
    fd: BorrowedFd<'_>,
    assoc: AssocId,
    direction: ResetDirection,
    streams: &[u16],
) -> Result<()> {
    let buf = reset_streams_bytes(RESET_STREAMS, raw_assoc(assoc) as u32, direction, streams)?;
    set_bytes(fd, RESET_STREAMS, &buf).map_err(|e| reconf_err(RESET_STREAMS, e))
}

/// Checks and encodes an `SCTP_RESET_STREAMS` request (`struct sctp_reset_streams`: assoc id
/// (4), flags (2), count (2), stream ids; flags 1 incoming, 2 outgoing, the same on Linux and
/// FreeBSD).
pub(crate) fn reset_streams_bytes(
    opt: Opt,
    assoc: u32,
    direction: ResetDirection,
    streams: &[u16],
) -> Result<Vec<u8>> {
    let count =
        u16::try_from(streams.len()).map_err(|_| invalid(opt, "more than 65535 streams"))?;
    let flags: u16 = match direction {
        ResetDirection::Incoming => 0x01,
        ResetDirection::Outgoing => 0x02,
        ResetDirection::Both => 0x03,
    };
    let mut buf = vec![0u8; 8 + 2 * streams.len()];
    put_u32(&mut buf, 0, assoc);
    put_u16(&mut buf, 4, flags);
    put_u16(&mut buf, 6, count);
    for (i, s) in streams.iter().enumerate() {
        put_u16(&mut buf, 8 + 2 * i, *s);
    }
    Ok(buf)
}

pub(crate) fn reset_assoc(fd: BorrowedFd<'_>, assoc: AssocId) -> Result<()> {
    set(fd, RESET_ASSOC, &(raw_assoc(assoc) as libc::c_int)).map_err(|e| reconf_err(RESET_ASSOC, e))
}

/// Checks an `SCTP_ADD_STREAMS` request.
pub(crate) fn check_add_streams(opt: Opt, incoming: u16, outgoing: u16) -> Result<()> {
    if incoming == 0 && outgoing == 0 {
        return Err(invalid(opt, "nothing to add"));
    }
    Ok(())
}

pub(crate) fn add_streams(
    fd: BorrowedFd<'_>,
    assoc: AssocId,
    incoming: u16,
    outgoing: u16,
) -> Result<()> {
    check_add_streams(ADD_STREAMS, incoming, outgoing)?;
    let mut v: sctp_sys::sctp_add_streams = zeroed();
    v.sas_assoc_id = raw_assoc(assoc);
    v.sas_instrms = incoming;
    v.sas_outstrms = outgoing;
    set(fd, ADD_STREAMS, &v).map_err(|e| reconf_err(ADD_STREAMS, e))
}

// ---- stream schedulers, RFC 8260 ---------------------------------------------------------

pub(crate) fn stream_scheduler(fd: BorrowedFd<'_>, assoc: AssocId) -> Result<StreamScheduler> {
    Ok(StreamScheduler::from_raw(get_assoc_value(
        fd,
        STREAM_SCHEDULER,
        assoc,
    )?))
}

pub(crate) fn set_stream_scheduler(
    fd: BorrowedFd<'_>,
    assoc: AssocId,
    scheduler: StreamScheduler,
) -> Result<()> {
    let raw = scheduler
        .to_raw()
        .ok_or_else(|| invalid(STREAM_SCHEDULER, "scheduler not available on this system"))?;
    set_assoc_value(fd, STREAM_SCHEDULER, assoc, raw)
}

pub(crate) fn stream_scheduler_value(
    fd: BorrowedFd<'_>,
    assoc: AssocId,
    stream: u16,
) -> Result<u16> {
    let mut v: sctp_sys::sctp_stream_value = zeroed();
    v.assoc_id = get_assoc(STREAM_SCHEDULER_VALUE, assoc)?;
    v.stream_id = stream;
    Ok(get(fd, STREAM_SCHEDULER_VALUE, v)?.stream_value)
}

pub(crate) fn set_stream_scheduler_value(
    fd: BorrowedFd<'_>,
    assoc: AssocId,
    stream: u16,
    value: u16,
) -> Result<()> {
    let mut v: sctp_sys::sctp_stream_value = zeroed();
    v.assoc_id = raw_assoc(assoc);
    v.stream_id = stream;
    v.stream_value = value;
    set(fd, STREAM_SCHEDULER_VALUE, &v)
}

pub(crate) fn interleaving_supported(fd: BorrowedFd<'_>, assoc: AssocId) -> Result<bool> {
    Ok(get_assoc_value(fd, INTERLEAVING_SUPPORTED, assoc)? != 0)
}

pub(crate) fn set_interleaving_supported(
    fd: BorrowedFd<'_>,
    assoc: AssocId,
    on: bool,
) -> Result<()> {
    set_assoc_value(fd, INTERLEAVING_SUPPORTED, assoc, on.into())
}

// ---- Linux switches ----------------------------------------------------------------------

pub(crate) fn asconf_supported(fd: BorrowedFd<'_>, assoc: AssocId) -> Result<bool> {
    Ok(get_assoc_value(fd, ASCONF_SUPPORTED, assoc)? != 0)
}

pub(crate) fn set_asconf_supported(fd: BorrowedFd<'_>, assoc: AssocId, on: bool) -> Result<()> {
    set_assoc_value(fd, ASCONF_SUPPORTED, assoc, on.into())
}

pub(crate) fn auth_supported(fd: BorrowedFd<'_>, assoc: AssocId) -> Result<bool> {
    Ok(get_assoc_value(fd, AUTH_SUPPORTED, assoc)? != 0)
}

pub(crate) fn set_auth_supported(fd: BorrowedFd<'_>, assoc: AssocId, on: bool) -> Result<()> {
    set_assoc_value(fd, AUTH_SUPPORTED, assoc, on.into())
}

pub(crate) fn ecn_supported(fd: BorrowedFd<'_>, assoc: AssocId) -> Result<bool> {
    Ok(get_assoc_value(fd, ECN_SUPPORTED, assoc)? != 0)
}

pub(crate) fn set_ecn_supported(fd: BorrowedFd<'_>, assoc: AssocId, on: bool) -> Result<()> {
    set_assoc_value(fd, ECN_SUPPORTED, assoc, on.into())
}

#[cfg(target_os = "freebsd")]
pub(crate) fn pf_exposure(_fd: BorrowedFd<'_>, _assoc: AssocId) -> Result<PfExposure> {
    Err(freebsd_lacks("SCTP_EXPOSE_POTENTIALLY_FAILED_STATE"))
}

#[cfg(target_os = "freebsd")]
pub(crate) fn set_pf_exposure(
    _fd: BorrowedFd<'_>,
    _assoc: AssocId,
    _exposure: PfExposure,
) -> Result<()> {
    Err(freebsd_lacks("SCTP_EXPOSE_POTENTIALLY_FAILED_STATE"))
}

#[cfg(target_os = "linux")]
pub(crate) fn pf_exposure(fd: BorrowedFd<'_>, assoc: AssocId) -> Result<PfExposure> {
    match get_assoc_value(fd, EXPOSE_PF_STATE, assoc)? {
        0 => Ok(PfExposure::Unset),
        1 => Ok(PfExposure::Disabled),
        2 => Ok(PfExposure::Enabled),
        _ => Err(invalid(
            EXPOSE_PF_STATE,
            "the kernel reported an unknown value",
        )),
    }
}

#[cfg(target_os = "linux")]
pub(crate) fn set_pf_exposure(
    fd: BorrowedFd<'_>,
    assoc: AssocId,
    exposure: PfExposure,
) -> Result<()> {
    let raw = match exposure {
        PfExposure::Unset => 0,
        PfExposure::Disabled => 1,
        PfExposure::Enabled => 2,
    };
    set_assoc_value(fd, EXPOSE_PF_STATE, assoc, raw)
}

pub(crate) fn remote_udp_encaps_port(
    fd: BorrowedFd<'_>,
    assoc: AssocId,
    addr: Option<SocketAddr>,
) -> Result<u16> {
    let mut v: sctp_sys::sctp_udpencaps = zeroed();
    v.sue_assoc_id = get_assoc(REMOTE_UDP_ENCAPS_PORT, assoc)?;
    v.sue_address = storage_from_bytes(addr_or_unspec(addr));
    Ok(u16::from_be(get(fd, REMOTE_UDP_ENCAPS_PORT, v)?.sue_port))
}

pub(crate) fn set_remote_udp_encaps_port(
    fd: BorrowedFd<'_>,
    assoc: AssocId,
    addr: Option<SocketAddr>,
    port: u16,
) -> Result<()> {
    let mut v: sctp_sys::sctp_udpencaps = zeroed();
    v.sue_assoc_id = raw_assoc(assoc);
    v.sue_address = storage_from_bytes(addr_or_unspec(addr));
    // The kernel keeps the port as it goes on the wire (network order) and hands it back so.
    v.sue_port = port.to_be();
    set(fd, REMOTE_UDP_ENCAPS_PORT, &v)
}

/// The kernel's lower bound for a non-zero PLPMTUD probe interval (`SCTP_PROBE_TIMER_MIN`).
#[cfg(target_os = "linux")]
const PROBE_INTERVAL_MIN: Duration = Duration::from_secs(5);

#[cfg(target_os = "freebsd")]
pub(crate) fn plpmtud_probe_interval(
    _fd: BorrowedFd<'_>,
    _assoc: AssocId,
    _addr: Option<SocketAddr>,
) -> Result<Option<Duration>> {
    Err(freebsd_lacks("SCTP_PLPMTUD_PROBE_INTERVAL"))
}

#[cfg(target_os = "freebsd")]
pub(crate) fn set_plpmtud_probe_interval(
    _fd: BorrowedFd<'_>,
    _assoc: AssocId,
    _addr: Option<SocketAddr>,
    _interval: Option<Duration>,
) -> Result<()> {
    Err(freebsd_lacks("SCTP_PLPMTUD_PROBE_INTERVAL"))
}

#[cfg(target_os = "linux")]
pub(crate) fn plpmtud_probe_interval(
    fd: BorrowedFd<'_>,
    assoc: AssocId,
    addr: Option<SocketAddr>,
) -> Result<Option<Duration>> {
    let mut v: sctp_sys::sctp_probeinterval = zeroed();
    v.spi_assoc_id = get_assoc(PLPMTUD_PROBE_INTERVAL, assoc)?;
    v.spi_address = storage_from_bytes(addr_or_unspec(addr));
    let ms = get(fd, PLPMTUD_PROBE_INTERVAL, v)?.spi_interval;
    Ok((ms != 0).then(|| from_millis(ms)))
}

#[cfg(target_os = "linux")]
pub(crate) fn set_plpmtud_probe_interval(
    fd: BorrowedFd<'_>,
    assoc: AssocId,
    addr: Option<SocketAddr>,
    interval: Option<Duration>,
) -> Result<()> {
    let ms = match interval {
        None => 0,
        Some(d) if d < PROBE_INTERVAL_MIN => {
            return Err(invalid(PLPMTUD_PROBE_INTERVAL, "interval below 5 s"));
        }
        Some(d) => millis(PLPMTUD_PROBE_INTERVAL, d)?,
    };
    let mut v: sctp_sys::sctp_probeinterval = zeroed();
    v.spi_assoc_id = raw_assoc(assoc);
    v.spi_address = storage_from_bytes(addr_or_unspec(addr));
    v.spi_interval = ms;
    set(fd, PLPMTUD_PROBE_INTERVAL, &v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_chunk_lists_decode_with_and_without_a_count() {
        // Linux: assoc id, count 2, then the types (and stale bytes past the count).
        let linux = [9, 0, 0, 0, 2, 0, 0, 0, 0, 0xc1, 0xee];
        let mut linux = linux.to_vec();
        linux[4..8].copy_from_slice(&2u32.to_ne_bytes());
        assert_eq!(
            auth_chunks_from(PEER_AUTH_CHUNKS, &linux, 11, true).unwrap(),
            vec![0, 0xc1]
        );
        // FreeBSD and usrsctp: assoc id, then as many types as the length says.
        let bsd = [9, 0, 0, 0, 0, 0xc1, 0x80];
        assert_eq!(
            auth_chunks_from(PEER_AUTH_CHUNKS, &bsd, 7, false).unwrap(),
            vec![0, 0xc1, 0x80]
        );
        assert_eq!(
            auth_chunks_from(PEER_AUTH_CHUNKS, &bsd, 4, false).unwrap(),
            Vec::<u8>::new()
        );
        // Short answers are typed errors, and a length past the buffer is cut, not a panic.
        assert!(matches!(
            auth_chunks_from(PEER_AUTH_CHUNKS, &bsd, 3, false),
            Err(Error::OptionLength { expected: 4, .. })
        ));
        assert!(matches!(
            auth_chunks_from(PEER_AUTH_CHUNKS, &linux, 7, true),
            Err(Error::OptionLength { expected: 8, .. })
        ));
        assert_eq!(
            auth_chunks_from(PEER_AUTH_CHUNKS, &bsd, 100, false).unwrap(),
            vec![0, 0xc1, 0x80]
        );
    }
}

//! Notification byte layouts written out from the C headers (Linux `linux/sctp.h`,
//! FreeBSD `netinet/sctp_uio.h`, usrsctp's `usrsctp.h`), independently of the crate's own
//! tables, so that tests build bytes one way and the crate reads them another.
//!
//! usrsctp's layouts are FreeBSD's but for `spc_aaddr`, which holds the host's own `sockaddr`
//! ([`sa_header`]). Its `sctp_pdapi_event` is FreeBSD's too: `usrsctp.h` declares `u32` stream
//! and sequence fields, but the library writes the 20-byte struct of its own `sctp_uio.h`.
//! `tests/usrsctp_layouts.rs` compares what this module builds in that dialect with the bytes
//! written at the offsets the C compiler gives `usrsctp.h`'s structs (and, for the partial
//! delivery event, with the bytes the library writes).

#![allow(dead_code, unreachable_pub)]

use std::net::SocketAddr;

use sctp_notify::{
    AssocState, AuthIndication, ByteOrder, DataStatus, Dialect, Notification,
    PartialDeliveryIndication, PeerAddrState,
};

pub const DIALECTS: [Dialect; 3] = [Dialect::Linux, Dialect::FreeBsd, Dialect::Usrsctp];

pub fn other(d: Dialect) -> Dialect {
    match d {
        Dialect::Linux => Dialect::FreeBsd,
        Dialect::FreeBsd | Dialect::Usrsctp => Dialect::Linux,
    }
}

/// Every dialect but `d`.
pub fn others(d: Dialect) -> impl Iterator<Item = Dialect> {
    DIALECTS.into_iter().filter(move |&o| o != d)
}

/// Whether `a` and `b` number their enumerations alike (FreeBSD and usrsctp share
/// `sctp_uio.h`'s `#define`s), so that even an `Unknown(n)` value means the same in both.
pub fn same_numbers(a: Dialect, b: Dialect) -> bool {
    a == b || (a != Dialect::Linux && b != Dialect::Linux)
}

/// How a dialect writes the header of the `sockaddr_in`/`sockaddr_in6` in `spc_aaddr`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaHeader {
    /// A `u16` `sa_family`, in the notification's byte order.
    Family16 { af_inet6: u16 },
    /// A `u8` `sa_len` (16 or 28), then a `u8` `sa_family` (4.4BSD's `sockaddr`).
    LenFamily8 { af_inet6: u8 },
}

/// usrsctp's `struct sctp_paddr_change` embeds the host's own `struct sockaddr_storage`, so
/// the address in it is the host's `sockaddr_in`/`sockaddr_in6`. `usrsctp.h` gives its own
/// `struct sockaddr_conn` a length byte on exactly the systems whose `sockaddr` has one
/// (`__APPLE__`, `__Bitrig__`, `__DragonFly__`, `__FreeBSD__`, `__OpenBSD__`, `__NetBSD__`) and
/// a `u16` family elsewhere; `AF_INET6` is the host's, as `libc` has it.
#[cfg(any(
    target_vendor = "apple",
    target_os = "dragonfly",
    target_os = "freebsd",
    target_os = "openbsd",
    target_os = "netbsd"
))]
const USRSCTP_SA: SaHeader = SaHeader::LenFamily8 {
    af_inet6: libc::AF_INET6 as u8,
};
/// See the other definition: a `u16` family on the other Unix systems (Linux: `AF_INET6` = 10).
#[cfg(all(
    unix,
    not(any(
        target_vendor = "apple",
        target_os = "dragonfly",
        target_os = "freebsd",
        target_os = "openbsd",
        target_os = "netbsd"
    ))
))]
const USRSCTP_SA: SaHeader = SaHeader::Family16 {
    af_inet6: libc::AF_INET6 as u16,
};
/// See the other definition: Windows' `ws2def.h` has a `u16` family and `AF_INET6` = 23.
#[cfg(not(unix))]
const USRSCTP_SA: SaHeader = SaHeader::Family16 { af_inet6: 23 };

/// The `sockaddr` header of `spc_aaddr` in `d`. Linux: `sa_family_t` is `unsigned short`
/// and `AF_INET6` is 10 (`linux/socket.h`); FreeBSD: `sa_len` and `sa_family` are bytes and
/// `AF_INET6` is 28 (`sys/socket.h`); usrsctp: the host's.
pub fn sa_header(d: Dialect) -> SaHeader {
    match d {
        Dialect::Linux => SaHeader::Family16 { af_inet6: 10 },
        Dialect::FreeBsd => SaHeader::LenFamily8 { af_inet6: 28 },
        Dialect::Usrsctp => USRSCTP_SA,
    }
}

/// `struct sctp_sndrcvinfo` values.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SndRcv {
    pub stream: u16,
    pub ssn: u16,
    pub flags: u16,
    pub ppid: u32,
    pub context: u32,
    pub ttl: u32,
    pub tsn: u32,
    pub cumtsn: u32,
    pub assoc_id: u32,
    /// FreeBSD only.
    pub keynumber: u16,
    pub keynumber_valid: u16,
}

/// `struct sctp_sndinfo` values.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Snd {
    pub sid: u16,
    pub flags: u16,
    pub ppid: u32,
    pub context: u32,
    pub assoc_id: u32,
}

/// The values of one notification, dialect-free.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Spec {
    AssocChange {
        flags: u16,
        state: AssocState,
        error: u16,
        outbound: u16,
        inbound: u16,
        assoc_id: u32,
        info: Vec<u8>,
    },
    PeerAddrChange {
        flags: u16,
        addr: SocketAddr,
        state: PeerAddrState,
        error: u32,
        assoc_id: u32,
    },
    RemoteError {
        flags: u16,
        cause: u16,
        assoc_id: u32,
        data: Vec<u8>,
    },
    SendFailed {
        status: DataStatus,
        error: u32,
        info: SndRcv,
        assoc_id: u32,
        data: Vec<u8>,
    },
    SendFailedEvent {
        status: DataStatus,
        error: u32,
        info: Snd,
        assoc_id: u32,
        data: Vec<u8>,
    },
    Shutdown {
        flags: u16,
        assoc_id: u32,
    },
    Adaptation {
        flags: u16,
        ind: u32,
        assoc_id: u32,
    },
    PartialDelivery {
        flags: u16,
        indication: PartialDeliveryIndication,
        stream: u32,
        seq: u32,
        assoc_id: u32,
    },
    Authentication {
        flags: u16,
        key: u16,
        altkey: u16,
        indication: AuthIndication,
        assoc_id: u32,
    },
    SenderDry {
        flags: u16,
        assoc_id: u32,
    },
    StreamReset {
        flags: u16,
        assoc_id: u32,
        streams: Vec<u16>,
    },
    AssocReset {
        flags: u16,
        assoc_id: u32,
        local_tsn: u32,
        remote_tsn: u32,
    },
    StreamChange {
        flags: u16,
        assoc_id: u32,
        instrms: u16,
        outstrms: u16,
    },
    NotificationsStopped {
        flags: u16,
    },
}

/// Little byte writer at fixed offsets, in a chosen byte order.
struct Buf(Vec<u8>, ByteOrder);

impl Buf {
    fn new(len: usize, order: ByteOrder) -> Self {
        Buf(vec![0; len], order)
    }
    fn u8(&mut self, at: usize, v: u8) {
        self.0[at] = v;
    }
    fn u16(&mut self, at: usize, v: u16) {
        let b = match self.1 {
            ByteOrder::Little => v.to_le_bytes(),
            ByteOrder::Big => v.to_be_bytes(),
        };
        self.0[at..at + 2].copy_from_slice(&b);
    }
    fn u32(&mut self, at: usize, v: u32) {
        let b = match self.1 {
            ByteOrder::Little => v.to_le_bytes(),
            ByteOrder::Big => v.to_be_bytes(),
        };
        self.0[at..at + 4].copy_from_slice(&b);
    }
    fn bytes(&mut self, at: usize, v: &[u8]) {
        self.0[at..at + v.len()].copy_from_slice(v);
    }
    fn header(&mut self, ty: u16, flags: u16) {
        let len = self.0.len() as u32;
        self.u16(0, ty);
        self.u16(2, flags);
        self.u32(4, len);
    }
}

/// `sn_type` codes. Linux: enum sctp_sn_type from 1 << 15; FreeBSD and usrsctp: the same
/// #defines.
pub fn type_code(d: Dialect, spec: &Spec) -> Option<u16> {
    let (linux, freebsd) = match spec {
        Spec::AssocChange { .. } => (0x8001, 0x0001),
        Spec::PeerAddrChange { .. } => (0x8002, 0x0002),
        Spec::SendFailed { .. } => (0x8003, 0x0004),
        Spec::RemoteError { .. } => (0x8004, 0x0003),
        Spec::Shutdown { .. } => (0x8005, 0x0005),
        Spec::PartialDelivery { .. } => (0x8006, 0x0007),
        Spec::Adaptation { .. } => (0x8007, 0x0006),
        Spec::Authentication { .. } => (0x8008, 0x0008),
        Spec::SenderDry { .. } => (0x8009, 0x000a),
        Spec::StreamReset { .. } => (0x800a, 0x0009),
        Spec::AssocReset { .. } => (0x800b, 0x000c),
        Spec::StreamChange { .. } => (0x800c, 0x000d),
        Spec::SendFailedEvent { .. } => (0x800d, 0x000e),
        Spec::NotificationsStopped { .. } => return (d != Dialect::Linux).then_some(0x000b),
    };
    Some(match d {
        Dialect::Linux => linux,
        Dialect::FreeBsd | Dialect::Usrsctp => freebsd,
    })
}

pub fn all_type_codes(d: Dialect) -> Vec<u16> {
    match d {
        Dialect::Linux => (0x8001..=0x800d).collect(),
        Dialect::FreeBsd | Dialect::Usrsctp => (0x0001..=0x000e).collect(),
    }
}

fn base(d: Dialect) -> u32 {
    match d {
        Dialect::Linux => 0,
        Dialect::FreeBsd | Dialect::Usrsctp => 1,
    }
}

fn assoc_state(d: Dialect, s: AssocState) -> u16 {
    let b = base(d) as u16;
    match s {
        AssocState::CommUp => b,
        AssocState::CommLost => b + 1,
        AssocState::Restart => b + 2,
        AssocState::ShutdownComplete => b + 3,
        AssocState::CantStartAssoc => b + 4,
        AssocState::Unknown(n) => n,
    }
}

/// `None` when the dialect has no such state.
fn paddr_state(d: Dialect, s: PeerAddrState) -> Option<u32> {
    let b = base(d);
    Some(match s {
        PeerAddrState::Available => b,
        PeerAddrState::Unreachable => b + 1,
        PeerAddrState::Removed => b + 2,
        PeerAddrState::Added => b + 3,
        PeerAddrState::MadePrimary => b + 4,
        PeerAddrState::Confirmed => b + 5,
        PeerAddrState::PotentiallyFailed if d == Dialect::Linux => 6,
        PeerAddrState::PotentiallyFailed => return None,
        PeerAddrState::Unknown(n) => n,
    })
}

fn data_status(d: Dialect, s: DataStatus) -> u16 {
    match (d, s) {
        (Dialect::Linux, DataStatus::Unsent) => 0,
        (Dialect::Linux, DataStatus::Sent) => 1,
        (Dialect::FreeBsd | Dialect::Usrsctp, DataStatus::Unsent) => 1,
        (Dialect::FreeBsd | Dialect::Usrsctp, DataStatus::Sent) => 2,
        (_, DataStatus::Unknown(n)) => n,
    }
}

fn pd_indication(d: Dialect, i: PartialDeliveryIndication) -> u32 {
    match i {
        PartialDeliveryIndication::Aborted => base(d),
        PartialDeliveryIndication::Unknown(n) => n,
    }
}

fn auth_indication(d: Dialect, i: AuthIndication) -> u32 {
    match (d, i) {
        (Dialect::Linux, AuthIndication::NewKey) => 0,
        (Dialect::Linux, AuthIndication::FreeKey) => 1,
        (Dialect::Linux, AuthIndication::NoAuth) => 2,
        (Dialect::FreeBsd | Dialect::Usrsctp, AuthIndication::NewKey) => 1,
        (Dialect::FreeBsd | Dialect::Usrsctp, AuthIndication::NoAuth) => 2,
        (Dialect::FreeBsd | Dialect::Usrsctp, AuthIndication::FreeKey) => 3,
        (_, AuthIndication::Unknown(n)) => n,
    }
}

/// Whether `spec` can be laid out in `d` at all: Linux has no notifications-stopped event
/// and no key number in its `sctp_sndrcvinfo`; FreeBSD's and usrsctp's `pdapi_stream` and
/// `pdapi_seq` are `u16`; only Linux has the potentially-failed address state.
pub fn representable(d: Dialect, spec: &Spec) -> bool {
    match spec {
        Spec::NotificationsStopped { .. } => d != Dialect::Linux,
        Spec::PeerAddrChange { state, .. } => paddr_state(d, *state).is_some(),
        Spec::PartialDelivery { stream, seq, .. } => {
            d == Dialect::Linux || (*stream <= 0xffff && *seq <= 0xffff)
        }
        Spec::SendFailed { info, .. } => {
            d != Dialect::Linux || (info.keynumber == 0 && info.keynumber_valid == 0)
        }
        _ => true,
    }
}

/// The bytes of `spec` laid out as `d` (which must be able to represent it), in the
/// host's byte order.
pub fn build(d: Dialect, spec: &Spec) -> Vec<u8> {
    build_in(d, ByteOrder::HOST, spec)
}

/// The bytes of `spec` laid out as `d` (which must be able to represent it), in `order`.
/// Linux's `__be16` fields are written as stored: `sre_error` as the cause's network-order
/// bytes, `sac_error` as the raw value's bytes in the host's order.
pub fn build_in(d: Dialect, order: ByteOrder, spec: &Spec) -> Vec<u8> {
    assert!(representable(d, spec), "{spec:?} in {d:?}");
    let ty = type_code(d, spec).unwrap();
    let linux = d == Dialect::Linux;
    let mut b;
    match spec {
        Spec::AssocChange {
            flags,
            state,
            error,
            outbound,
            inbound,
            assoc_id,
            info,
        } => {
            // sac_state 8, sac_error 10, sac_outbound_streams 12, sac_inbound_streams 14,
            // sac_assoc_id 16, sac_info 20
            b = Buf::new(20 + info.len(), order);
            b.header(ty, *flags);
            b.u16(8, assoc_state(d, *state));
            if linux {
                b.bytes(10, &error.to_ne_bytes());
            } else {
                b.u16(10, *error);
            }
            b.u16(12, *outbound);
            b.u16(14, *inbound);
            b.u32(16, *assoc_id);
            b.bytes(20, info);
        }
        Spec::PeerAddrChange {
            flags,
            addr,
            state,
            error,
            assoc_id,
        } => {
            // spc_aaddr 8 (sockaddr_storage, 128), spc_state 136, spc_error 140,
            // spc_assoc_id 144; Linux packed to 148, FreeBSD aligned to 152, usrsctp padded
            // to 152 by its spc_padding[4].
            b = Buf::new(if linux { 148 } else { 152 }, order);
            b.header(ty, *flags);
            let at = 8;
            // AF_INET is 2 everywhere; sa_len is sizeof(sockaddr_in) 16, sockaddr_in6 28.
            let v6 = matches!(addr, SocketAddr::V6(_));
            match sa_header(d) {
                SaHeader::Family16 { af_inet6 } => b.u16(at, if v6 { af_inet6 } else { 2 }),
                SaHeader::LenFamily8 { af_inet6 } => {
                    b.u8(at, if v6 { 28 } else { 16 });
                    b.u8(at + 1, if v6 { af_inet6 } else { 2 });
                }
            }
            b.bytes(at + 2, &addr.port().to_be_bytes());
            match addr {
                SocketAddr::V4(a) => b.bytes(at + 4, &a.ip().octets()),
                SocketAddr::V6(a) => {
                    b.u32(at + 4, a.flowinfo());
                    b.bytes(at + 8, &a.ip().octets());
                    b.u32(at + 24, a.scope_id());
                }
            }
            b.u32(136, paddr_state(d, *state).unwrap());
            b.u32(140, *error);
            b.u32(144, *assoc_id);
        }
        Spec::RemoteError {
            flags,
            cause,
            assoc_id,
            data,
        } => {
            // sre_error 8 (__be16 on Linux), sre_assoc_id 12, sre_data 16
            b = Buf::new(16 + data.len(), order);
            b.header(ty, *flags);
            if linux {
                b.bytes(8, &cause.to_be_bytes());
            } else {
                b.u16(8, *cause);
            }
            b.u32(12, *assoc_id);
            b.bytes(16, data);
        }
        Spec::SendFailed {
            status,
            error,
            info,
            assoc_id,
            data,
        } => {
            // ssf_error 8, ssf_info 12 (sctp_sndrcvinfo: 32 bytes Linux, 128 FreeBSD),
            // ssf_assoc_id 44/140, ssf_data 48/144. usrsctp.h declares neither struct; the
            // library writes the one of its own netinet/sctp_uio.h, which is FreeBSD's.
            let (aid, dat) = if linux { (44, 48) } else { (140, 144) };
            b = Buf::new(dat + data.len(), order);
            b.header(ty, data_status(d, *status));
            b.u32(8, *error);
            let s = 12;
            b.u16(s, info.stream);
            b.u16(s + 2, info.ssn);
            b.u16(s + 4, info.flags);
            b.u32(s + 8, info.ppid);
            b.u32(s + 12, info.context);
            b.u32(s + 16, info.ttl);
            b.u32(s + 20, info.tsn);
            b.u32(s + 24, info.cumtsn);
            b.u32(s + 28, info.assoc_id);
            if !linux {
                b.u16(s + 32, info.keynumber);
                b.u16(s + 34, info.keynumber_valid);
            }
            b.u32(aid, *assoc_id);
            b.bytes(dat, data);
        }
        Spec::SendFailedEvent {
            status,
            error,
            info,
            assoc_id,
            data,
        } => {
            // ssfe_error 8, ssfe_info 12 (sctp_sndinfo, 16), ssfe_assoc_id 28, ssfe_data 32
            b = Buf::new(32 + data.len(), order);
            b.header(ty, data_status(d, *status));
            b.u32(8, *error);
            b.u16(12, info.sid);
            b.u16(14, info.flags);
            b.u32(16, info.ppid);
            b.u32(20, info.context);
            b.u32(24, info.assoc_id);
            b.u32(28, *assoc_id);
            b.bytes(32, data);
        }
        Spec::Shutdown { flags, assoc_id } | Spec::SenderDry { flags, assoc_id } => {
            b = Buf::new(12, order);
            b.header(ty, *flags);
            b.u32(8, *assoc_id);
        }
        Spec::Adaptation {
            flags,
            ind,
            assoc_id,
        } => {
            b = Buf::new(16, order);
            b.header(ty, *flags);
            b.u32(8, *ind);
            b.u32(12, *assoc_id);
        }
        Spec::PartialDelivery {
            flags,
            indication,
            stream,
            seq,
            assoc_id,
        } => {
            b = Buf::new(if linux { 24 } else { 20 }, order);
            b.header(ty, *flags);
            b.u32(8, pd_indication(d, *indication));
            if linux {
                // pdapi_assoc_id 12, pdapi_stream 16 (u32), pdapi_seq 20 (u32)
                b.u32(12, *assoc_id);
                b.u32(16, *stream);
                b.u32(20, *seq);
            } else {
                // pdapi_stream 12 (u16), pdapi_seq 14 (u16), pdapi_assoc_id 16: FreeBSD's
                // sctp_uio.h, and what libusrsctp writes (not usrsctp.h's u32 declaration).
                b.u16(12, *stream as u16);
                b.u16(14, *seq as u16);
                b.u32(16, *assoc_id);
            }
        }
        Spec::Authentication {
            flags,
            key,
            altkey,
            indication,
            assoc_id,
        } => {
            b = Buf::new(20, order);
            b.header(ty, *flags);
            b.u16(8, *key);
            b.u16(10, *altkey);
            b.u32(12, auth_indication(d, *indication));
            b.u32(16, *assoc_id);
        }
        Spec::StreamReset {
            flags,
            assoc_id,
            streams,
        } => {
            b = Buf::new(12 + 2 * streams.len(), order);
            b.header(ty, *flags);
            b.u32(8, *assoc_id);
            for (i, s) in streams.iter().enumerate() {
                b.u16(12 + 2 * i, *s);
            }
        }
        Spec::AssocReset {
            flags,
            assoc_id,
            local_tsn,
            remote_tsn,
        } => {
            b = Buf::new(20, order);
            b.header(ty, *flags);
            b.u32(8, *assoc_id);
            b.u32(12, *local_tsn);
            b.u32(16, *remote_tsn);
        }
        Spec::StreamChange {
            flags,
            assoc_id,
            instrms,
            outstrms,
        } => {
            b = Buf::new(16, order);
            b.header(ty, *flags);
            b.u32(8, *assoc_id);
            b.u16(12, *instrms);
            b.u16(14, *outstrms);
        }
        Spec::NotificationsStopped { flags } => {
            b = Buf::new(8, order);
            b.header(ty, *flags);
        }
    }
    b.0
}

/// Reads every field of `n` through the crate's typed accessors back into a `Spec`.
pub fn deconstruct(n: &Notification<'_>) -> Spec {
    match n {
        Notification::AssocChange(v) => Spec::AssocChange {
            flags: v.flags(),
            state: v.state(),
            error: v.error(),
            outbound: v.outbound_streams(),
            inbound: v.inbound_streams(),
            assoc_id: v.assoc_id(),
            info: v.info().to_vec(),
        },
        Notification::PeerAddrChange(v) => Spec::PeerAddrChange {
            flags: v.flags(),
            addr: v.address(),
            state: v.state(),
            error: v.error(),
            assoc_id: v.assoc_id(),
        },
        Notification::RemoteError(v) => Spec::RemoteError {
            flags: v.flags(),
            cause: v.cause(),
            assoc_id: v.assoc_id(),
            data: v.data().to_vec(),
        },
        Notification::SendFailed(v) => {
            let i = v.info();
            Spec::SendFailed {
                status: v.status(),
                error: v.error(),
                info: SndRcv {
                    stream: i.stream(),
                    ssn: i.ssn(),
                    flags: i.flags(),
                    ppid: i.ppid(),
                    context: i.context(),
                    ttl: i.time_to_live(),
                    tsn: i.tsn(),
                    cumtsn: i.cumtsn(),
                    assoc_id: i.assoc_id(),
                    keynumber: i.keynumber(),
                    keynumber_valid: i.keynumber_valid(),
                },
                assoc_id: v.assoc_id(),
                data: v.unsent_data().to_vec(),
            }
        }
        Notification::SendFailedEvent(v) => {
            let i = v.info();
            Spec::SendFailedEvent {
                status: v.status(),
                error: v.error(),
                info: Snd {
                    sid: i.stream(),
                    flags: i.flags(),
                    ppid: i.ppid(),
                    context: i.context(),
                    assoc_id: i.assoc_id(),
                },
                assoc_id: v.assoc_id(),
                data: v.unsent_data().to_vec(),
            }
        }
        Notification::Shutdown(v) => Spec::Shutdown {
            flags: v.flags(),
            assoc_id: v.assoc_id(),
        },
        Notification::AdaptationIndication(v) => Spec::Adaptation {
            flags: v.flags(),
            ind: v.adaptation_ind(),
            assoc_id: v.assoc_id(),
        },
        Notification::PartialDelivery(v) => Spec::PartialDelivery {
            flags: v.flags(),
            indication: v.indication(),
            stream: v.stream(),
            seq: v.seq(),
            assoc_id: v.assoc_id(),
        },
        Notification::Authentication(v) => Spec::Authentication {
            flags: v.flags(),
            key: v.keynumber(),
            altkey: v.altkeynumber(),
            indication: v.indication(),
            assoc_id: v.assoc_id(),
        },
        Notification::SenderDry(v) => Spec::SenderDry {
            flags: v.flags(),
            assoc_id: v.assoc_id(),
        },
        Notification::StreamReset(v) => Spec::StreamReset {
            flags: v.flags(),
            assoc_id: v.assoc_id(),
            streams: v.streams().collect(),
        },
        Notification::AssocReset(v) => Spec::AssocReset {
            flags: v.flags(),
            assoc_id: v.assoc_id(),
            local_tsn: v.local_tsn(),
            remote_tsn: v.remote_tsn(),
        },
        Notification::StreamChange(v) => Spec::StreamChange {
            flags: v.flags(),
            assoc_id: v.assoc_id(),
            instrms: v.inbound_streams(),
            outstrms: v.outbound_streams(),
        },
        Notification::NotificationsStopped(v) => Spec::NotificationsStopped { flags: v.flags() },
        Notification::Unknown { sn_type, .. } => panic!("unexpected unknown type {sn_type:#x}"),
        _ => panic!("a kind the tests do not know: {n:?}"),
    }
}

/// Drives every accessor and the field listing of a notification, to prove none panics.
pub fn touch_everything(n: &Notification<'_>) {
    let _ = deconstruct_any(n);
    for (name, value) in n.fields() {
        assert!(!name.is_empty());
        match value {
            sctp_notify::Value::SndInfo(i) => assert_eq!(i.fields().count(), 5),
            sctp_notify::Value::SndRcvInfo(i) => assert!(i.fields().count() >= 9),
            sctp_notify::Value::Streams(s) => {
                let _ = s.count();
            }
            _ => {}
        }
    }
    for d in DIALECTS {
        // emitted_len and emit agree, refusals included, in either byte order.
        let len = n.emitted_len(d);
        for order in [ByteOrder::Little, ByteOrder::Big] {
            let mut out = vec![0; 4096];
            assert_eq!(n.emit_with(d, order, &mut out), len, "{n:?} as {d}");
            if let Ok(len) = len {
                let back = sctp_notify::parse_with(d, order, &out[..len]).unwrap();
                assert_eq!(back.length() as usize, len);
            }
        }
    }
    if let Notification::AssocChange(v) = n {
        let _ = v.abort_chunk();
        let _ = v.features().count();
    }
}

fn deconstruct_any(n: &Notification<'_>) -> Option<Spec> {
    match n {
        Notification::Unknown { .. } => None,
        _ => Some(deconstruct(n)),
    }
}

/// Whether two notifications list the same names and values, nested structs and stream
/// lists compared by their values (a nested view compares its bytes, which differ between
/// byte orders). Allocation-free, which keeps it fast under miri.
pub fn same_fields(a: &Notification<'_>, b: &Notification<'_>) -> bool {
    use sctp_notify::Value;
    let same = |x: Value<'_>, y: Value<'_>| match (x, y) {
        (Value::SndInfo(x), Value::SndInfo(y)) => x.fields().eq(y.fields()),
        (Value::SndRcvInfo(x), Value::SndRcvInfo(y)) => x.fields().eq(y.fields()),
        (Value::Streams(x), Value::Streams(y)) => x.eq(y),
        (x, y) => x == y,
    };
    let mut a = a.fields();
    let mut b = b.fields();
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some((an, av)), Some((bn, bv))) if an == bn && same(av, bv) => {}
            _ => return false,
        }
    }
}

//! The usrsctp dialect against `usrsctp.h` itself: every notification is written field by field
//! at the offsets of the bindgen bindings that `usrsctp-sys` generates from the system's header
//! (whose layouts that crate checks against the C compiler), with the host's `sockaddr_in6` from
//! `libc`, then parsed with [`Dialect::Usrsctp`]; every accessor must give back what was
//! written, and emitting the parsed notification must give back the same bytes.
//!
//! The test builder of `tests/common`, which the fixture and property tests use for every
//! dialect, is checked here too: what it builds in the usrsctp dialect must be the bytes
//! written at the header's offsets.

#![cfg(target_os = "linux")]

mod common;

use core::mem::{offset_of, size_of};
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV6};

use common::{Snd, Spec};
use sctp_notify::{
    AssocState, AuthIndication, DataStatus, Dialect, Notification, PartialDeliveryIndication,
    PeerAddrState, parse_as,
};
use usrsctp_sys as u;

/// A zeroed buffer of a C struct's size, written at the struct's field offsets.
struct Bytes(Vec<u8>);

impl Bytes {
    fn new(len: usize, sn_type: u32, flags: u16) -> Bytes {
        let mut b = Bytes(vec![0; len]);
        b.u16(0, sn_type as u16);
        b.u16(2, flags);
        b.u32(4, len as u32);
        b
    }
    fn u8(&mut self, at: usize, v: u8) {
        self.0[at] = v;
    }
    fn u16(&mut self, at: usize, v: u16) {
        self.0[at..at + 2].copy_from_slice(&v.to_ne_bytes());
    }
    fn u32(&mut self, at: usize, v: u32) {
        self.0[at..at + 4].copy_from_slice(&v.to_ne_bytes());
    }
    fn bytes(&mut self, at: usize, v: &[u8]) {
        self.0[at..at + v.len()].copy_from_slice(v);
    }
}

fn parse(b: &Bytes) -> Notification<'_> {
    parse_as(Dialect::Usrsctp, &b.0).expect("usrsctp.h layout parses")
}

/// Emitting in the usrsctp dialect reproduces the header's bytes exactly.
fn assert_round_trip(b: &Bytes) {
    let n = parse(b);
    let mut out = vec![0u8; b.0.len() + 64];
    let len = n.emit(Dialect::Usrsctp, &mut out).expect("emit");
    assert_eq!(&out[..len], &b.0[..], "emit of {n:?}");
}

#[test]
fn type_codes_are_the_headers() {
    for (code, want) in [
        (u::SCTP_ASSOC_CHANGE, "AssocChange"),
        (u::SCTP_PEER_ADDR_CHANGE, "PeerAddrChange"),
        (u::SCTP_REMOTE_ERROR, "RemoteError"),
        (u::SCTP_SHUTDOWN_EVENT, "Shutdown"),
        (u::SCTP_ADAPTATION_INDICATION, "AdaptationIndication"),
        (u::SCTP_PARTIAL_DELIVERY_EVENT, "PartialDelivery"),
        (u::SCTP_AUTHENTICATION_EVENT, "Authentication"),
        (u::SCTP_STREAM_RESET_EVENT, "StreamReset"),
        (u::SCTP_SENDER_DRY_EVENT, "SenderDry"),
        (u::SCTP_NOTIFICATIONS_STOPPED_EVENT, "NotificationsStopped"),
        (u::SCTP_ASSOC_RESET_EVENT, "AssocReset"),
        (u::SCTP_STREAM_CHANGE_EVENT, "StreamChange"),
        (u::SCTP_SEND_FAILED_EVENT, "SendFailedEvent"),
    ] {
        // Long enough for every kind; the variant's name is what is checked.
        let b = Bytes::new(256, code, 0);
        let mut b = b;
        // A valid IPv4 address for the peer address change.
        b.u16(8, libc::AF_INET as u16);
        let n = parse(&b);
        let name = format!("{n:?}");
        assert!(name.starts_with(want), "code {code:#x} parsed as {name}");
    }
}

#[test]
fn assoc_change() {
    type S = u::sctp_assoc_change;
    let info = [
        u::SCTP_ASSOC_SUPPORTS_PR as u8,
        u::SCTP_ASSOC_SUPPORTS_RE_CONFIG as u8,
    ];
    let mut b = Bytes::new(size_of::<S>() + info.len(), u::SCTP_ASSOC_CHANGE, 0);
    b.u16(offset_of!(S, sac_state), u::SCTP_COMM_LOST as u16);
    b.u16(offset_of!(S, sac_error), 7);
    b.u16(offset_of!(S, sac_outbound_streams), 10);
    b.u16(offset_of!(S, sac_inbound_streams), 20);
    b.u32(offset_of!(S, sac_assoc_id), 0xfedc_ba98);
    b.bytes(offset_of!(S, sac_info), &info);
    let Notification::AssocChange(n) = parse(&b) else {
        panic!()
    };
    assert_eq!(n.state(), AssocState::CommLost);
    assert_eq!(
        (n.error(), n.outbound_streams(), n.inbound_streams()),
        (7, 10, 20)
    );
    assert_eq!(n.assoc_id(), 0xfedc_ba98);
    assert_eq!(n.info(), &info);
    assert_round_trip(&b);
    for (raw, state) in [
        (u::SCTP_COMM_UP, AssocState::CommUp),
        (u::SCTP_COMM_LOST, AssocState::CommLost),
        (u::SCTP_RESTART, AssocState::Restart),
        (u::SCTP_SHUTDOWN_COMP, AssocState::ShutdownComplete),
        (u::SCTP_CANT_STR_ASSOC, AssocState::CantStartAssoc),
    ] {
        assert_eq!(AssocState::from_raw(Dialect::Usrsctp, raw as u16), state);
    }
}

/// The host's `sockaddr_in6`/`sockaddr_in`, written with `libc`'s field offsets and family.
fn write_host_sockaddr(b: &mut Bytes, at: usize, addr: SocketAddr) {
    match addr {
        SocketAddr::V4(a) => {
            type A = libc::sockaddr_in;
            b.u16(at + offset_of!(A, sin_family), libc::AF_INET as u16);
            b.bytes(at + offset_of!(A, sin_port), &a.port().to_be_bytes());
            b.bytes(at + offset_of!(A, sin_addr), &a.ip().octets());
        }
        SocketAddr::V6(a) => {
            type A = libc::sockaddr_in6;
            b.u16(at + offset_of!(A, sin6_family), libc::AF_INET6 as u16);
            b.bytes(at + offset_of!(A, sin6_port), &a.port().to_be_bytes());
            b.u32(at + offset_of!(A, sin6_flowinfo), a.flowinfo());
            b.bytes(at + offset_of!(A, sin6_addr), &a.ip().octets());
            b.u32(at + offset_of!(A, sin6_scope_id), a.scope_id());
        }
    }
}

#[test]
fn peer_addr_change_with_the_hosts_addresses() {
    type S = u::sctp_paddr_change;
    assert_eq!(size_of::<S>(), 152);
    let v6 = SocketAddr::V6(SocketAddrV6::new(
        Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1),
        9899,
        0x12345,
        3,
    ));
    let v4 = SocketAddr::from((Ipv4Addr::new(192, 0, 2, 7), 5000));
    for (addr, raw, state) in [
        (v6, u::SCTP_ADDR_UNREACHABLE, PeerAddrState::Unreachable),
        (v4, u::SCTP_ADDR_CONFIRMED, PeerAddrState::Confirmed),
        (v4, u::SCTP_ADDR_AVAILABLE, PeerAddrState::Available),
        (v6, u::SCTP_ADDR_MADE_PRIM, PeerAddrState::MadePrimary),
    ] {
        let mut b = Bytes::new(size_of::<S>(), u::SCTP_PEER_ADDR_CHANGE, 0);
        write_host_sockaddr(&mut b, offset_of!(S, spc_aaddr), addr);
        b.u32(offset_of!(S, spc_state), raw);
        b.u32(offset_of!(S, spc_error), 5);
        b.u32(offset_of!(S, spc_assoc_id), 42);
        let Notification::PeerAddrChange(n) = parse(&b) else {
            panic!()
        };
        assert_eq!(n.address(), addr);
        assert_eq!(n.state(), state);
        assert_eq!((n.error(), n.assoc_id()), (5, 42));
        assert_round_trip(&b);
    }
}

#[test]
fn usrsctp_conn_addresses_are_a_typed_error() {
    type S = u::sctp_paddr_change;
    let mut b = Bytes::new(size_of::<S>(), u::SCTP_PEER_ADDR_CHANGE, 0);
    b.u16(offset_of!(S, spc_aaddr), u::AF_CONN as u16);
    assert_eq!(
        parse_as(Dialect::Usrsctp, &b.0).unwrap_err(),
        sctp_notify::Error::UnsupportedAddressFamily {
            family: u::AF_CONN as u16
        }
    );
}

/// `usrsctp.h` declares `sctp_pdapi_event` with `u32` stream and sequence fields (24 bytes), but
/// the library fills in the struct of its own `netinet/sctp_uio.h`, which is FreeBSD's. The
/// partial delivery notification of usrsctp 0.9.5's `libusrsctp.so.2`, as its machine code shows
/// (`objdump -d libusrsctp.so.2 | grep -B20 -A30 'movw   $0x7,(%rax)'`): a 20-byte mbuf,
/// zeroed; `sn_type` 7 and `sn_flags` 0 as `u16`s, `sn_length` 20; the indication as a `u32` at
/// 8; the stream (`val >> 16`) and sequence (`val`) as `u16`s at 12 and 14; the assoc id at 16.
/// Those bytes, not the header's declaration, are what a usrsctp application receives.
#[test]
fn partial_delivery_is_read_as_the_library_writes_it() {
    assert_eq!(
        size_of::<u::sctp_pdapi_event>(),
        24,
        "usrsctp.h's declaration"
    );
    let mut b = Bytes::new(20, u::SCTP_PARTIAL_DELIVERY_EVENT, 0);
    b.u32(8, u::SCTP_PARTIAL_DELIVERY_ABORTED);
    b.u16(12, 7);
    b.u16(14, 0x1234);
    b.u32(16, 0xfedc_ba98);
    let Notification::PartialDelivery(n) = parse(&b) else {
        panic!()
    };
    assert_eq!(n.indication(), PartialDeliveryIndication::Aborted);
    assert_eq!(
        (n.stream(), n.seq(), n.assoc_id()),
        (7, 0x1234, 0xfedc_ba98)
    );
    assert_round_trip(&b);
    // A strict prefix is a length error, never a misread.
    assert!(parse_as(Dialect::Usrsctp, &b.0[..19]).is_err());
    // A Linux event on a stream past u16 cannot be written in usrsctp's u16 field.
    let mut linux = [0u8; 24];
    linux[..2].copy_from_slice(&0x8006u16.to_ne_bytes());
    linux[4..8].copy_from_slice(&24u32.to_ne_bytes());
    linux[16..20].copy_from_slice(&70_000u32.to_ne_bytes());
    let n = parse_as(Dialect::Linux, &linux).unwrap();
    assert_eq!(
        n.emit(Dialect::Usrsctp, &mut [0; 64]),
        Err(sctp_notify::Error::Unrepresentable {
            field: "pdapi_stream"
        })
    );
}

#[test]
fn send_failed_event() {
    type S = u::sctp_send_failed_event;
    type I = u::sctp_sndinfo;
    let data = b"unsent";
    let mut b = Bytes::new(
        size_of::<S>() + data.len(),
        u::SCTP_SEND_FAILED_EVENT,
        u::SCTP_DATA_SENT as u16,
    );
    b.u32(offset_of!(S, ssfe_error), 0x0102);
    let info = offset_of!(S, ssfe_info);
    b.u16(info + offset_of!(I, snd_sid), 3);
    b.u16(info + offset_of!(I, snd_flags), u::SCTP_UNORDERED as u16);
    b.u32(info + offset_of!(I, snd_ppid), 46u32.to_be());
    b.u32(info + offset_of!(I, snd_context), 77);
    b.u32(info + offset_of!(I, snd_assoc_id), 5);
    b.u32(offset_of!(S, ssfe_assoc_id), 5);
    b.bytes(offset_of!(S, ssfe_data), data);
    let Notification::SendFailedEvent(n) = parse(&b) else {
        panic!()
    };
    assert_eq!(n.status(), DataStatus::Sent);
    assert_eq!(n.error(), 0x0102);
    let i = n.info();
    assert_eq!(
        (i.stream(), i.flags(), i.ppid(), i.context(), i.assoc_id()),
        (3, u::SCTP_UNORDERED as u16, 46u32.to_be(), 77, 5)
    );
    assert_eq!(n.assoc_id(), 5);
    assert_eq!(n.unsent_data(), data);
    assert_round_trip(&b);
}

#[test]
fn remote_error_shutdown_adaptation_dry() {
    {
        type S = u::sctp_remote_error;
        let cause = [0u8, 1, 0, 4];
        let mut b = Bytes::new(size_of::<S>() + cause.len(), u::SCTP_REMOTE_ERROR, 0);
        b.u16(offset_of!(S, sre_error), 0x0d00);
        b.u32(offset_of!(S, sre_assoc_id), 4);
        b.bytes(offset_of!(S, sre_data), &cause);
        let Notification::RemoteError(n) = parse(&b) else {
            panic!()
        };
        assert_eq!((n.error(), n.assoc_id(), n.data()), (0x0d00, 4, &cause[..]));
        assert_round_trip(&b);
    }
    {
        type S = u::sctp_shutdown_event;
        let mut b = Bytes::new(size_of::<S>(), u::SCTP_SHUTDOWN_EVENT, 0);
        b.u32(offset_of!(S, sse_assoc_id), 11);
        let Notification::Shutdown(n) = parse(&b) else {
            panic!()
        };
        assert_eq!(n.assoc_id(), 11);
        assert_round_trip(&b);
    }
    {
        type S = u::sctp_adaptation_event;
        let mut b = Bytes::new(size_of::<S>(), u::SCTP_ADAPTATION_INDICATION, 0);
        b.u32(offset_of!(S, sai_adaptation_ind), 0xabcd);
        b.u32(offset_of!(S, sai_assoc_id), 12);
        let Notification::AdaptationIndication(n) = parse(&b) else {
            panic!()
        };
        assert_eq!((n.adaptation_ind(), n.assoc_id()), (0xabcd, 12));
        assert_round_trip(&b);
    }
    {
        type S = u::sctp_sender_dry_event;
        let mut b = Bytes::new(size_of::<S>(), u::SCTP_SENDER_DRY_EVENT, 0);
        b.u32(offset_of!(S, sender_dry_assoc_id), 13);
        let Notification::SenderDry(n) = parse(&b) else {
            panic!()
        };
        assert_eq!(n.assoc_id(), 13);
        assert_round_trip(&b);
    }
}

#[test]
fn authentication() {
    type S = u::sctp_authkey_event;
    for (raw, ind) in [
        (u::SCTP_AUTH_NEW_KEY, AuthIndication::NewKey),
        (u::SCTP_AUTH_NO_AUTH, AuthIndication::NoAuth),
        (u::SCTP_AUTH_FREE_KEY, AuthIndication::FreeKey),
    ] {
        let mut b = Bytes::new(size_of::<S>(), u::SCTP_AUTHENTICATION_EVENT, 0);
        b.u16(offset_of!(S, auth_keynumber), 2);
        b.u32(offset_of!(S, auth_indication), raw);
        b.u32(offset_of!(S, auth_assoc_id), 14);
        let Notification::Authentication(n) = parse(&b) else {
            panic!()
        };
        assert_eq!((n.keynumber(), n.indication(), n.assoc_id()), (2, ind, 14));
        assert_round_trip(&b);
    }
}

#[test]
fn reconfiguration_events() {
    {
        type S = u::sctp_stream_reset_event;
        let mut b = Bytes::new(
            size_of::<S>() + 4,
            u::SCTP_STREAM_RESET_EVENT,
            u::SCTP_STREAM_RESET_OUTGOING_SSN as u16,
        );
        b.u32(offset_of!(S, strreset_assoc_id), 15);
        b.u16(offset_of!(S, strreset_stream_list), 1);
        b.u16(offset_of!(S, strreset_stream_list) + 2, 4);
        let Notification::StreamReset(n) = parse(&b) else {
            panic!()
        };
        assert_eq!(n.assoc_id(), 15);
        assert!(n.outgoing() && !n.incoming());
        assert_eq!(n.streams().collect::<Vec<_>>(), [1, 4]);
        assert_round_trip(&b);
    }
    {
        type S = u::sctp_assoc_reset_event;
        let mut b = Bytes::new(
            size_of::<S>(),
            u::SCTP_ASSOC_RESET_EVENT,
            u::SCTP_ASSOC_RESET_DENIED as u16,
        );
        b.u32(offset_of!(S, assocreset_assoc_id), 16);
        b.u32(offset_of!(S, assocreset_local_tsn), 100);
        b.u32(offset_of!(S, assocreset_remote_tsn), 200);
        let Notification::AssocReset(n) = parse(&b) else {
            panic!()
        };
        assert_eq!(
            (n.assoc_id(), n.local_tsn(), n.remote_tsn()),
            (16, 100, 200)
        );
        assert!(n.denied());
        assert_round_trip(&b);
    }
    {
        type S = u::sctp_stream_change_event;
        let mut b = Bytes::new(size_of::<S>(), u::SCTP_STREAM_CHANGE_EVENT, 0);
        b.u32(offset_of!(S, strchange_assoc_id), 17);
        b.u16(offset_of!(S, strchange_instrms), 5);
        b.u16(offset_of!(S, strchange_outstrms), 6);
        let Notification::StreamChange(n) = parse(&b) else {
            panic!()
        };
        assert_eq!(
            (n.assoc_id(), n.inbound_streams(), n.outbound_streams()),
            (17, 5, 6)
        );
        assert_round_trip(&b);
    }
}

#[test]
fn the_dialect_has_a_name() {
    assert_eq!(Dialect::Usrsctp.name(), "usrsctp");
    assert_eq!("usrsctp".parse::<Dialect>(), Ok(Dialect::Usrsctp));
    assert_eq!(Dialect::Usrsctp.to_string(), "usrsctp");
}

/// The same peer address change in FreeBSD's layout differs from usrsctp's on Linux in the
/// address header alone; parsing one as the other must not give the same address.
#[cfg(target_os = "linux")]
#[test]
fn freebsd_and_usrsctp_differ_in_the_address_header() {
    type S = u::sctp_paddr_change;
    let addr = SocketAddr::from((Ipv4Addr::new(192, 0, 2, 7), 5000));
    let mut b = Bytes::new(size_of::<S>(), u::SCTP_PEER_ADDR_CHANGE, 0);
    write_host_sockaddr(&mut b, offset_of!(S, spc_aaddr), addr);
    b.u32(offset_of!(S, spc_state), u::SCTP_ADDR_AVAILABLE);
    let n = parse(&b);
    let mut freebsd = vec![0u8; size_of::<S>()];
    n.emit(Dialect::FreeBsd, &mut freebsd).unwrap();
    assert_eq!(freebsd[8..10], [16, 2], "sa_len 16, AF_INET");
    assert_eq!(b.0[8..10], (libc::AF_INET as u16).to_ne_bytes());
    b.u8(8, 16);
    assert!(parse_as(Dialect::Usrsctp, &b.0).is_err());
}

/// The bytes of `spec` written field by field at `usrsctp.h`'s offsets, enumerations as its
/// `#define`s, but for the partial delivery event, written as the library writes it (see
/// [`partial_delivery_is_read_as_the_library_writes_it`]); `None` for `SCTP_SEND_FAILED`, whose
/// struct `usrsctp.h` does not declare.
fn at_header_offsets(spec: &Spec) -> Option<Vec<u8>> {
    let b = match spec {
        Spec::AssocChange {
            flags,
            state,
            error,
            outbound,
            inbound,
            assoc_id,
            info,
        } => {
            type S = u::sctp_assoc_change;
            let mut b = Bytes::new(size_of::<S>() + info.len(), u::SCTP_ASSOC_CHANGE, *flags);
            let state = match state {
                AssocState::CommUp => u::SCTP_COMM_UP,
                AssocState::CommLost => u::SCTP_COMM_LOST,
                AssocState::Restart => u::SCTP_RESTART,
                AssocState::ShutdownComplete => u::SCTP_SHUTDOWN_COMP,
                AssocState::CantStartAssoc => u::SCTP_CANT_STR_ASSOC,
                AssocState::Unknown(n) => u32::from(*n),
            };
            b.u16(offset_of!(S, sac_state), state as u16);
            b.u16(offset_of!(S, sac_error), *error);
            b.u16(offset_of!(S, sac_outbound_streams), *outbound);
            b.u16(offset_of!(S, sac_inbound_streams), *inbound);
            b.u32(offset_of!(S, sac_assoc_id), *assoc_id);
            b.bytes(offset_of!(S, sac_info), info);
            b
        }
        Spec::PeerAddrChange {
            flags,
            addr,
            state,
            error,
            assoc_id,
        } => {
            type S = u::sctp_paddr_change;
            let mut b = Bytes::new(size_of::<S>(), u::SCTP_PEER_ADDR_CHANGE, *flags);
            let state = match state {
                PeerAddrState::Available => u::SCTP_ADDR_AVAILABLE,
                PeerAddrState::Unreachable => u::SCTP_ADDR_UNREACHABLE,
                PeerAddrState::Removed => u::SCTP_ADDR_REMOVED,
                PeerAddrState::Added => u::SCTP_ADDR_ADDED,
                PeerAddrState::MadePrimary => u::SCTP_ADDR_MADE_PRIM,
                PeerAddrState::Confirmed => u::SCTP_ADDR_CONFIRMED,
                PeerAddrState::Unknown(n) => *n,
                _ => unreachable!("usrsctp.h has no {state:?}"),
            };
            write_host_sockaddr(&mut b, offset_of!(S, spc_aaddr), *addr);
            b.u32(offset_of!(S, spc_state), state);
            b.u32(offset_of!(S, spc_error), *error);
            b.u32(offset_of!(S, spc_assoc_id), *assoc_id);
            b
        }
        Spec::RemoteError {
            flags,
            cause,
            assoc_id,
            data,
        } => {
            type S = u::sctp_remote_error;
            let mut b = Bytes::new(size_of::<S>() + data.len(), u::SCTP_REMOTE_ERROR, *flags);
            b.u16(offset_of!(S, sre_error), *cause);
            b.u32(offset_of!(S, sre_assoc_id), *assoc_id);
            b.bytes(offset_of!(S, sre_data), data);
            b
        }
        Spec::SendFailed { .. } => return None,
        Spec::SendFailedEvent {
            status,
            error,
            info,
            assoc_id,
            data,
        } => {
            type S = u::sctp_send_failed_event;
            type I = u::sctp_sndinfo;
            let status = match status {
                DataStatus::Unsent => u::SCTP_DATA_UNSENT,
                DataStatus::Sent => u::SCTP_DATA_SENT,
                DataStatus::Unknown(n) => u32::from(*n),
            };
            let mut b = Bytes::new(
                size_of::<S>() + data.len(),
                u::SCTP_SEND_FAILED_EVENT,
                status as u16,
            );
            b.u32(offset_of!(S, ssfe_error), *error);
            let at = offset_of!(S, ssfe_info);
            b.u16(at + offset_of!(I, snd_sid), info.sid);
            b.u16(at + offset_of!(I, snd_flags), info.flags);
            b.u32(at + offset_of!(I, snd_ppid), info.ppid);
            b.u32(at + offset_of!(I, snd_context), info.context);
            b.u32(at + offset_of!(I, snd_assoc_id), info.assoc_id);
            b.u32(offset_of!(S, ssfe_assoc_id), *assoc_id);
            b.bytes(offset_of!(S, ssfe_data), data);
            b
        }
        Spec::Shutdown { flags, assoc_id } => {
            type S = u::sctp_shutdown_event;
            let mut b = Bytes::new(size_of::<S>(), u::SCTP_SHUTDOWN_EVENT, *flags);
            b.u32(offset_of!(S, sse_assoc_id), *assoc_id);
            b
        }
        Spec::Adaptation {
            flags,
            ind,
            assoc_id,
        } => {
            type S = u::sctp_adaptation_event;
            let mut b = Bytes::new(size_of::<S>(), u::SCTP_ADAPTATION_INDICATION, *flags);
            b.u32(offset_of!(S, sai_adaptation_ind), *ind);
            b.u32(offset_of!(S, sai_assoc_id), *assoc_id);
            b
        }
        Spec::PartialDelivery {
            flags,
            indication,
            stream,
            seq,
            assoc_id,
        } => {
            // libusrsctp's own (FreeBSD's) struct: u16 stream and sequence, 20 bytes.
            let mut b = Bytes::new(20, u::SCTP_PARTIAL_DELIVERY_EVENT, *flags);
            let indication = match indication {
                PartialDeliveryIndication::Aborted => u::SCTP_PARTIAL_DELIVERY_ABORTED,
                PartialDeliveryIndication::Unknown(n) => *n,
            };
            b.u32(8, indication);
            b.u16(12, u16::try_from(*stream).unwrap());
            b.u16(14, u16::try_from(*seq).unwrap());
            b.u32(16, *assoc_id);
            b
        }
        Spec::Authentication {
            flags,
            key,
            altkey,
            indication,
            assoc_id,
        } => {
            // usrsctp.h's sctp_authkey_event has no auth_altkeynumber, only padding at 10
            // before the u32 auth_indication; the library writes the alternate key number
            // there as a u16, as FreeBSD does (libusrsctp.so.2's code that stores sn_type 8).
            type S = u::sctp_authkey_event;
            let mut b = Bytes::new(size_of::<S>(), u::SCTP_AUTHENTICATION_EVENT, *flags);
            let indication = match indication {
                AuthIndication::NewKey => u::SCTP_AUTH_NEW_KEY,
                AuthIndication::NoAuth => u::SCTP_AUTH_NO_AUTH,
                AuthIndication::FreeKey => u::SCTP_AUTH_FREE_KEY,
                AuthIndication::Unknown(n) => *n,
            };
            b.u16(offset_of!(S, auth_keynumber), *key);
            b.u16(offset_of!(S, auth_keynumber) + 2, *altkey);
            b.u32(offset_of!(S, auth_indication), indication);
            b.u32(offset_of!(S, auth_assoc_id), *assoc_id);
            b
        }
        Spec::SenderDry { flags, assoc_id } => {
            type S = u::sctp_sender_dry_event;
            let mut b = Bytes::new(size_of::<S>(), u::SCTP_SENDER_DRY_EVENT, *flags);
            b.u32(offset_of!(S, sender_dry_assoc_id), *assoc_id);
            b
        }
        Spec::StreamReset {
            flags,
            assoc_id,
            streams,
        } => {
            type S = u::sctp_stream_reset_event;
            let len = size_of::<S>() + 2 * streams.len();
            let mut b = Bytes::new(len, u::SCTP_STREAM_RESET_EVENT, *flags);
            b.u32(offset_of!(S, strreset_assoc_id), *assoc_id);
            for (i, s) in streams.iter().enumerate() {
                b.u16(offset_of!(S, strreset_stream_list) + 2 * i, *s);
            }
            b
        }
        Spec::AssocReset {
            flags,
            assoc_id,
            local_tsn,
            remote_tsn,
        } => {
            type S = u::sctp_assoc_reset_event;
            let mut b = Bytes::new(size_of::<S>(), u::SCTP_ASSOC_RESET_EVENT, *flags);
            b.u32(offset_of!(S, assocreset_assoc_id), *assoc_id);
            b.u32(offset_of!(S, assocreset_local_tsn), *local_tsn);
            b.u32(offset_of!(S, assocreset_remote_tsn), *remote_tsn);
            b
        }
        Spec::StreamChange {
            flags,
            assoc_id,
            instrms,
            outstrms,
        } => {
            type S = u::sctp_stream_change_event;
            let mut b = Bytes::new(size_of::<S>(), u::SCTP_STREAM_CHANGE_EVENT, *flags);
            b.u32(offset_of!(S, strchange_assoc_id), *assoc_id);
            b.u16(offset_of!(S, strchange_instrms), *instrms);
            b.u16(offset_of!(S, strchange_outstrms), *outstrms);
            b
        }
        Spec::NotificationsStopped { flags } => Bytes::new(
            size_of::<u::sctp_notification_sctp_tlv>(),
            u::SCTP_NOTIFICATIONS_STOPPED_EVENT,
            *flags,
        ),
    };
    Some(b.0)
}

/// One notification of every kind, every field a distinct value (so that two swapped fields
/// show), addresses of both families.
fn specs() -> Vec<Spec> {
    let v6 = SocketAddr::V6(SocketAddrV6::new(
        Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0x1234, 0x5678),
        9899,
        0x000a_bcde,
        0x0102_0304,
    ));
    let v4 = SocketAddr::from((Ipv4Addr::new(192, 0, 2, 7), 5000));
    let mut specs = vec![
        Spec::AssocChange {
            flags: 0x0102,
            state: AssocState::Restart,
            error: 0x0304,
            outbound: 0x0506,
            inbound: 0x0708,
            assoc_id: 0x090a_0b0c,
            info: vec![1, 2, 3, 5, 6],
        },
        Spec::RemoteError {
            flags: 0x0102,
            cause: 0x0304,
            assoc_id: 0x0506_0708,
            data: vec![0, 1, 0, 4, 9],
        },
        Spec::SendFailedEvent {
            status: DataStatus::Unsent,
            error: 0x0102_0304,
            info: Snd {
                sid: 0x0506,
                flags: 0x0708,
                ppid: 0x090a_0b0c,
                context: 0x0d0e_0f10,
                assoc_id: 0x1112_1314,
            },
            assoc_id: 0x1516_1718,
            data: b"unsent".to_vec(),
        },
        Spec::Shutdown {
            flags: 0x0102,
            assoc_id: 0x0304_0506,
        },
        Spec::Adaptation {
            flags: 0x0102,
            ind: 0x0304_0506,
            assoc_id: 0x0708_090a,
        },
        Spec::PartialDelivery {
            flags: 0x0102,
            indication: PartialDeliveryIndication::Aborted,
            stream: 0x0304,
            seq: 0x0506,
            assoc_id: 0x0708_090a,
        },
        Spec::SenderDry {
            flags: 0x0102,
            assoc_id: 0x0304_0506,
        },
        Spec::StreamReset {
            flags: 0x0003,
            assoc_id: 0x0102_0304,
            streams: vec![0x0506, 0x0708, 0xffff],
        },
        Spec::AssocReset {
            flags: 0x0004,
            assoc_id: 0x0102_0304,
            local_tsn: 0x0506_0708,
            remote_tsn: 0x090a_0b0c,
        },
        Spec::StreamChange {
            flags: 0x0008,
            assoc_id: 0x0102_0304,
            instrms: 0x0506,
            outstrms: 0x0708,
        },
        Spec::NotificationsStopped { flags: 0x0102 },
    ];
    for (addr, state) in [
        (v4, PeerAddrState::Available),
        (v6, PeerAddrState::Confirmed),
        (v6, PeerAddrState::Unknown(0x0102_0304)),
    ] {
        specs.push(Spec::PeerAddrChange {
            flags: 0x0506,
            addr,
            state,
            error: 0x0708_090a,
            assoc_id: 0x0b0c_0d0e,
        });
    }
    for indication in [
        AuthIndication::NewKey,
        AuthIndication::NoAuth,
        AuthIndication::FreeKey,
    ] {
        specs.push(Spec::Authentication {
            flags: 0x0102,
            key: 0x0304,
            altkey: 0x0506,
            indication,
            assoc_id: 0x0708_090a,
        });
    }
    specs
}

#[test]
fn the_test_builder_writes_usrsctp_h_layouts() {
    let mut checked = 0;
    for spec in specs() {
        let header = at_header_offsets(&spec).expect("usrsctp.h declares the struct");
        assert!(common::representable(Dialect::Usrsctp, &spec), "{spec:?}");
        assert_eq!(common::build(Dialect::Usrsctp, &spec), header, "{spec:?}");
        // And the crate reads those bytes back as the same values.
        assert_eq!(
            common::deconstruct(&parse_as(Dialect::Usrsctp, &header).unwrap()),
            spec
        );
        checked += 1;
    }
    assert_eq!(checked, 17);
}

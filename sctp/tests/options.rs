//! Socket options: set-then-get round trips on IPv4 and IPv6 sockets of both styles (kernel
//! tests), and the typed errors of bad input (host tests: validation happens before any system
//! call, so a plain UDP socket stands in for the SCTP one).

mod common;

use std::net::SocketAddr;
use std::os::fd::OwnedFd;
use std::time::Duration;

use sctp::{
    AssocId, DefaultSendInfo, DelayedSack, Error, HmacId, InitParams, PathThresholds,
    PeerAddrFlags, PeerAddrParams, PfExposure, PrKind, PrPolicy, ResetDirection, RtoInfo,
    SctpListener, SctpSocket, SendFlags, StreamResetFlags, StreamScheduler,
};
use socket2::{Domain, Protocol, Socket, Type};

const V4: &str = "127.0.0.1:0";
const V6: &str = "[::1]:0";

fn domain(local: &str) -> Domain {
    if local.starts_with('[') {
        Domain::IPV6
    } else {
        Domain::IPV4
    }
}

/// An unbound one-to-many SCTP socket of the family of `local`.
fn many(local: &str) -> SctpSocket {
    let s = Socket::new(domain(local), Type::SEQPACKET, Some(Protocol::SCTP))
        .expect("SCTP one-to-many socket (does the kernel have SCTP?)");
    SctpSocket::from(OwnedFd::from(s))
}

/// An unbound one-to-one SCTP socket of the family of `local`.
fn one(local: &str) -> SctpListener {
    let s = Socket::new(domain(local), Type::STREAM, Some(Protocol::SCTP))
        .expect("SCTP one-to-one socket (does the kernel have SCTP?)");
    SctpListener::from(OwnedFd::from(s))
}

/// A one-to-many socket bound to the wildcard address of the family of `local`.
fn many_wildcard(local: &str) -> SctpSocket {
    let any: SocketAddr = if local.starts_with('[') {
        "[::]:0"
    } else {
        "0.0.0.0:0"
    }
    .parse()
    .unwrap();
    SctpSocket::bind(any).expect("SCTP one-to-many socket (does the kernel have SCTP?)")
}

/// Round trip of a per-association option: set with `AssocId::FUTURE` on a one-to-many
/// socket (the endpoint default), and on a one-to-one socket; get must return the value.
macro_rules! assoc_round_trip {
    ($name:ident: $set:ident($($sarg:expr),*), $get:ident($($garg:expr),*) == $expected:expr) => {
        assoc_round_trip!($name: $set($($sarg),*), $get($($garg),*) => |got| assert_eq!(got, $expected));
    };
    ($name:ident: $set:ident($($sarg:expr),*), $get:ident($($garg:expr),*) => $check:expr) => {
        mod $name {
            use super::*;

            fn run_many(local: &str) {
                let s = many(local);
                s.$set(AssocId::FUTURE, $($sarg),*).expect(stringify!($set));
                let got = s.$get(AssocId::FUTURE, $($garg),*).expect(stringify!($get));
                ($check)(got);
            }

            fn run_one(local: &str) {
                let s = one(local);
                s.$set($($sarg),*).expect(stringify!($set));
                let got = s.$get($($garg),*).expect(stringify!($get));
                ($check)(got);
            }

            #[test]
            #[ignore = "needs kernel SCTP: run by cargo xtask test"]
            fn one_to_many_ipv4() {
                run_many(V4);
            }

            #[test]
            #[ignore = "needs kernel SCTP: run by cargo xtask test"]
            fn one_to_many_ipv6() {
                run_many(V6);
            }

            #[test]
            #[ignore = "needs kernel SCTP: run by cargo xtask test"]
            fn one_to_one_ipv4() {
                run_one(V4);
            }

            #[test]
            #[ignore = "needs kernel SCTP: run by cargo xtask test"]
            fn one_to_one_ipv6() {
                run_one(V6);
            }
        }
    };
}

/// Round trip of a socket-wide option on sockets made by `$make` (IPv4 and IPv6).
macro_rules! socket_round_trip {
    ($name:ident [$($make:ident),+]: $set:ident $sargs:tt, $get:ident() == $expected:expr) => {
        mod $name {
            use super::*;

            $(
                #[test]
                #[ignore = "needs kernel SCTP: run by cargo xtask test"]
                fn $make() {
                    for local in [V4, V6] {
                        let s = super::$make(local);
                        s.$set $sargs.expect(stringify!($set));
                        assert_eq!(s.$get().expect(stringify!($get)), $expected, "{local}");
                    }
                }
            )+
        }
    };
}

// ---- per-association options ---------------------------------------------------------------

const RTO: RtoInfo = RtoInfo::new(
    Duration::from_millis(1500),
    Duration::from_millis(9000),
    Duration::from_millis(300),
);
assoc_round_trip!(rto_info: set_rto_info(&RTO), rto_info() == RTO);

assoc_round_trip!(assoc_info: set_assoc_info(7, Duration::from_secs(45)), assoc_info() => |got: sctp::AssocInfo| {
    assert_eq!(got.max_retrans, 7);
    assert_eq!(got.cookie_life, Duration::from_secs(45));
});

const PARAMS: PeerAddrParams = PeerAddrParams::new()
    .with_address(None)
    .with_heartbeat_interval(Duration::from_millis(7000))
    .with_path_max_retrans(6)
    .with_path_mtu(0)
    .with_sack_delay(Duration::from_millis(150))
    .with_flags(PeerAddrFlags::from_bits_retain(
        PeerAddrFlags::HB_ENABLE.bits() | PeerAddrFlags::SACKDELAY_ENABLE.bits(),
    ))
    .with_ipv6_flow_label(0)
    .with_dscp(0);
assoc_round_trip!(peer_addr_params: set_peer_addr_params(&PARAMS), peer_addr_params(None) => |got: PeerAddrParams| {
    assert_eq!(got.address, None);
    assert_eq!(got.heartbeat_interval, Duration::from_millis(7000));
    assert_eq!(got.path_max_retrans, 6);
    assert_eq!(got.sack_delay, Duration::from_millis(150));
    assert!(got.flags.contains(PeerAddrFlags::HB_ENABLE), "{:?}", got.flags);
    assert!(got.flags.contains(PeerAddrFlags::SACKDELAY_ENABLE), "{:?}", got.flags);
});

const DSCP_PARAMS: PeerAddrParams = PeerAddrParams::new()
    .with_address(None)
    .with_heartbeat_interval(Duration::ZERO)
    .with_path_max_retrans(0)
    .with_path_mtu(0)
    .with_sack_delay(Duration::ZERO)
    .with_flags(PeerAddrFlags::DSCP)
    .with_ipv6_flow_label(0)
    .with_dscp(46);
assoc_round_trip!(peer_addr_params_dscp: set_peer_addr_params(&DSCP_PARAMS), peer_addr_params(None) => |got: PeerAddrParams| {
    assert_eq!(got.dscp, 46);
});

const SEND_PARAM: DefaultSendInfo = DefaultSendInfo::new()
    .with_stream(3)
    .with_flags(SendFlags::UNORDERED)
    .with_ppid(1234)
    .with_context(77)
    .with_time_to_live(Duration::from_millis(500));
assoc_round_trip!(default_send_param: set_default_send_param(&SEND_PARAM), default_send_param() == SEND_PARAM);

const SNDINFO: DefaultSendInfo = DefaultSendInfo::new()
    .with_stream(2)
    .with_flags(SendFlags::UNORDERED)
    .with_ppid(99)
    .with_context(5)
    .with_time_to_live(Duration::ZERO);
assoc_round_trip!(default_send_info: set_default_send_info(&SNDINFO), default_send_info() == SNDINFO);

assoc_round_trip!(max_seg: set_max_seg(1200), max_seg() == 1200);

const SACK: DelayedSack = DelayedSack::new(Duration::from_millis(150), 3);
assoc_round_trip!(delayed_sack: set_delayed_sack(SACK), delayed_sack() == SACK);

assoc_round_trip!(context: set_context(0xdead_beef), context() == 0xdead_beef);

assoc_round_trip!(max_burst: set_max_burst(7), max_burst() == 7);

const THRESHOLDS: PathThresholds = PathThresholds::new(6, 2, Some(4));
assoc_round_trip!(path_thresholds: set_path_thresholds(None, THRESHOLDS), path_thresholds(None) == THRESHOLDS);

assoc_round_trip!(pr_supported_off: set_pr_supported(false), pr_supported() == false);
assoc_round_trip!(pr_supported_on: set_pr_supported(true), pr_supported() == true);

assoc_round_trip!(default_pr_policy_ttl: set_default_pr_policy(PrPolicy::Ttl(250)), default_pr_policy() == PrPolicy::Ttl(250));
assoc_round_trip!(default_pr_policy_rtx: set_default_pr_policy(PrPolicy::Rtx(3)), default_pr_policy() == PrPolicy::Rtx(3));
assoc_round_trip!(default_pr_policy_prio: set_default_pr_policy(PrPolicy::Priority(5)), default_pr_policy() == PrPolicy::Priority(5));
assoc_round_trip!(default_pr_policy_none: set_default_pr_policy(PrPolicy::None), default_pr_policy() == PrPolicy::None);

assoc_round_trip!(reconfig_supported: set_reconfig_supported(true), reconfig_supported() == true);

const RESET_FLAGS: StreamResetFlags = StreamResetFlags::RESET_STREAMS;
assoc_round_trip!(enable_stream_reset: set_enable_stream_reset(RESET_FLAGS | StreamResetFlags::ADD_STREAMS), enable_stream_reset() == RESET_FLAGS | StreamResetFlags::ADD_STREAMS);

assoc_round_trip!(stream_scheduler_prio: set_stream_scheduler(StreamScheduler::Priority), stream_scheduler() == StreamScheduler::Priority);
assoc_round_trip!(stream_scheduler_rr: set_stream_scheduler(StreamScheduler::RoundRobin), stream_scheduler() == StreamScheduler::RoundRobin);

assoc_round_trip!(asconf_supported: set_asconf_supported(true), asconf_supported() == true);
assoc_round_trip!(auth_supported: set_auth_supported(true), auth_supported() == true);
assoc_round_trip!(ecn_supported: set_ecn_supported(false), ecn_supported() == false);

assoc_round_trip!(pf_exposure_enabled: set_pf_exposure(PfExposure::Enabled), pf_exposure() == PfExposure::Enabled);
assoc_round_trip!(pf_exposure_disabled: set_pf_exposure(PfExposure::Disabled), pf_exposure() == PfExposure::Disabled);

assoc_round_trip!(remote_udp_encaps_port: set_remote_udp_encaps_port(None, 9899), remote_udp_encaps_port(None) == 9899);

assoc_round_trip!(plpmtud_probe_interval: set_plpmtud_probe_interval(None, Some(Duration::from_secs(10))), plpmtud_probe_interval(None) == Some(Duration::from_secs(10)));
assoc_round_trip!(plpmtud_probe_interval_off: set_plpmtud_probe_interval(None, None), plpmtud_probe_interval(None) == None);

/// `ps_threshold: None` goes through the older `SCTP_PEER_ADDR_THLDS`; the getter reads the
/// newer one, whose switchover threshold is then still the default.
const THRESHOLDS_V1: PathThresholds = PathThresholds::new(7, 3, None);
assoc_round_trip!(path_thresholds_v1: set_path_thresholds(None, THRESHOLDS_V1), path_thresholds(None) => |got: PathThresholds| {
    assert_eq!((got.path_max_retrans, got.pf_threshold), (7, 3));
});

// ---- socket-wide options -------------------------------------------------------------------

const INIT: InitParams = InitParams::new()
    .with_outbound_streams(5)
    .with_max_inbound_streams(6)
    .with_max_attempts(3)
    .with_max_init_timeout_ms(2000);
socket_round_trip!(init_params [many, one]: set_init_params(&INIT), init_params() == INIT);
socket_round_trip!(nodelay [many, one]: set_nodelay(true), nodelay() == true);
socket_round_trip!(autoclose [many]: set_autoclose(Some(Duration::from_secs(30))), autoclose() == Some(Duration::from_secs(30)));
socket_round_trip!(autoclose_off [many]: set_autoclose(None), autoclose() == None);
socket_round_trip!(adaptation_layer [many, one]: set_adaptation_layer(0x00ab_cdef), adaptation_layer() == 0x00ab_cdef);
socket_round_trip!(disable_fragments [many, one]: set_disable_fragments(true), disable_fragments() == true);
socket_round_trip!(mapped_v4_addrs_off [many, one]: set_mapped_v4_addrs(false), mapped_v4_addrs() == false);
socket_round_trip!(mapped_v4_addrs_on [many, one]: set_mapped_v4_addrs(true), mapped_v4_addrs() == true);
socket_round_trip!(fragment_interleave [many, one]: set_fragment_interleave(true), fragment_interleave() == true);
socket_round_trip!(partial_delivery_point [many, one]: set_partial_delivery_point(4096), partial_delivery_point() == 4096);
socket_round_trip!(auto_asconf [many_wildcard]: set_auto_asconf(true), auto_asconf() == true);
socket_round_trip!(reuse_port [one]: set_reuse_port(true), reuse_port() == true);

/// `SCTP_INTERLEAVING_SUPPORTED` needs fragment interleave on first, and the sysctl.
#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn interleaving_supported() {
    let s = many(V4);
    s.set_fragment_interleave(true).unwrap();
    let _intl_off = common::SctpSysctl::set("intl_enable", "0");
    match s.set_interleaving_supported(AssocId::FUTURE, true) {
        Err(Error::Io(e)) if e.raw_os_error() == Some(libc::EPERM) => {}
        other => panic!("expected EPERM with net.sctp.intl_enable=0, got {other:?}"),
    }
    let _intl_on = common::SctpSysctl::set("intl_enable", "1");
    for local in [V4, V6] {
        let s = many(local);
        s.set_fragment_interleave(true).unwrap();
        s.set_interleaving_supported(AssocId::FUTURE, true).unwrap();
        assert!(s.interleaving_supported(AssocId::FUTURE).unwrap());
        s.set_interleaving_supported(AssocId::FUTURE, false)
            .unwrap();
        assert!(!s.interleaving_supported(AssocId::FUTURE).unwrap());

        let s = one(local);
        s.set_fragment_interleave(true).unwrap();
        s.set_interleaving_supported(true).unwrap();
        assert!(s.interleaving_supported().unwrap());
    }
}

/// The AUTH options need AUTH on for the endpoint.
#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn auth_keys_and_hmacs() {
    for local in [V4, V6] {
        let s = many(local);
        s.set_auth_supported(AssocId::FUTURE, true).unwrap();

        s.set_hmac_idents(&[HmacId::Sha256, HmacId::Sha1]).unwrap();
        assert_eq!(s.hmac_idents().unwrap(), vec![HmacId::Sha256, HmacId::Sha1]);
        s.set_hmac_idents(&[HmacId::Sha1]).unwrap();
        assert_eq!(s.hmac_idents().unwrap(), vec![HmacId::Sha1]);

        // Key 0 (the empty key) is there from the start and active.
        assert_eq!(s.active_auth_key(AssocId::FUTURE).unwrap(), 0);
        s.set_auth_key(AssocId::FUTURE, 3, b"a shared secret")
            .unwrap();
        s.set_active_auth_key(AssocId::FUTURE, 3).unwrap();
        assert_eq!(s.active_auth_key(AssocId::FUTURE).unwrap(), 3);
        // An unknown key cannot become active; the active one cannot be deleted.
        assert!(matches!(
            s.set_active_auth_key(AssocId::FUTURE, 9),
            Err(Error::Io(_))
        ));
        assert!(matches!(
            s.delete_auth_key(AssocId::FUTURE, 3),
            Err(Error::Io(_))
        ));
        s.set_active_auth_key(AssocId::FUTURE, 0).unwrap();
        s.deactivate_auth_key(AssocId::FUTURE, 3).unwrap();
        s.delete_auth_key(AssocId::FUTURE, 3).unwrap();
        assert!(matches!(
            s.set_active_auth_key(AssocId::FUTURE, 3),
            Err(Error::Io(_))
        ));

        // Chunk types to authenticate: DATA (0) and HEARTBEAT (4).
        s.add_auth_chunk(0).unwrap();
        s.add_auth_chunk(4).unwrap();
        let chunks = s.local_auth_chunks(AssocId::FUTURE).unwrap();
        assert!(chunks.contains(&0) && chunks.contains(&4), "{chunks:?}");

        let l = one(local);
        l.set_auth_supported(true).unwrap();
        l.set_auth_key(5, b"k").unwrap();
        l.set_active_auth_key(5).unwrap();
        assert_eq!(l.active_auth_key().unwrap(), 5);
    }
}

/// Getters without a setter on fresh sockets.
#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn read_only_on_fresh_sockets() {
    for local in [V4, V6] {
        let s = many(local);
        assert_eq!(s.assoc_number().unwrap(), 0);
        assert_eq!(s.assoc_ids().unwrap(), Vec::<AssocId>::new());
        // Per-association reads without an association.
        assert!(matches!(s.status(AssocId::FUTURE), Err(Error::Io(_))));
        assert!(matches!(s.assoc_stats(AssocId::FUTURE), Err(Error::Io(_))));
        assert!(matches!(
            s.peer_auth_chunks(AssocId::FUTURE),
            Err(Error::Io(_))
        ));
        // An association id that does not exist.
        let bogus = AssocId::from_raw(4242);
        assert!(matches!(s.rto_info(bogus), Err(Error::Io(_))));
        assert!(matches!(s.set_context(bogus, 1), Err(Error::Io(_))));
        assert!(matches!(
            s.reset_streams(bogus, ResetDirection::Outgoing, &[]),
            Err(Error::Io(_))
        ));
        // One-to-many only options on a one-to-one socket.
        let l = one(local);
        assert!(matches!(l.autoclose(), Err(Error::Io(_))));
        assert!(matches!(l.assoc_number(), Err(Error::Io(_))));
    }
}

// ---- typed errors before the system call (host tests) --------------------------------------

/// A UDP socket wrapped as an SCTP socket: setters that validate never reach it, and SCTP
/// options that do reach it fail with `ENOPROTOOPT`, as on a kernel that lacks the option.
fn not_sctp() -> SctpSocket {
    let s = Socket::new(Domain::IPV4, Type::DGRAM, None).expect("UDP socket");
    SctpSocket::from(OwnedFd::from(s))
}

fn assert_invalid<T: std::fmt::Debug>(r: Result<T, Error>, option: &str) {
    match r {
        Err(Error::InvalidOptionValue { option: o, .. }) if o == option => {}
        other => panic!("expected InvalidOptionValue for {option}, got {other:?}"),
    }
}

#[test]
fn invalid_values_are_refused_before_the_call() {
    let s = not_sctp();
    let f = AssocId::FUTURE;
    let ms = Duration::from_millis;

    let rto = |initial, max, min| RtoInfo::new(ms(initial), ms(max), ms(min));
    assert_invalid(s.set_rto_info(f, &rto(100, 50, 10)), "SCTP_RTOINFO");
    assert_invalid(s.set_rto_info(f, &rto(10, 50, 20)), "SCTP_RTOINFO");
    assert_invalid(s.set_rto_info(f, &rto(0, 50, 0)), "SCTP_RTOINFO");
    let sub_ms = RtoInfo::new(Duration::from_micros(1500), ms(3), ms(1));
    assert_invalid(s.set_rto_info(f, &sub_ms), "SCTP_RTOINFO");
    let huge = RtoInfo::new(ms(2), Duration::from_secs(u64::from(u32::MAX)), ms(1));
    assert_invalid(s.set_rto_info(f, &huge), "SCTP_RTOINFO");

    assert_invalid(s.set_assoc_info(f, 0, ms(1000)), "SCTP_ASSOCINFO");
    assert_invalid(s.set_assoc_info(f, 5, Duration::ZERO), "SCTP_ASSOCINFO");

    assert_invalid(s.set_autoclose(Some(ms(1500))), "SCTP_AUTOCLOSE");
    assert_invalid(s.set_autoclose(Some(Duration::ZERO)), "SCTP_AUTOCLOSE");

    assert_invalid(
        s.set_delayed_sack(f, DelayedSack::new(ms(501), 2)),
        "SCTP_DELAYED_SACK",
    );
    assert_invalid(
        s.set_delayed_sack(f, DelayedSack::new(ms(100), 0)),
        "SCTP_DELAYED_SACK",
    );

    let both =
        PeerAddrParams::new().with_flags(PeerAddrFlags::HB_ENABLE | PeerAddrFlags::HB_DISABLE);
    assert_invalid(s.set_peer_addr_params(f, &both), "SCTP_PEER_ADDR_PARAMS");
    let unknown = PeerAddrParams::new().with_flags(PeerAddrFlags::from_bits_retain(1 << 20));
    assert_invalid(s.set_peer_addr_params(f, &unknown), "SCTP_PEER_ADDR_PARAMS");
    let dscp = PeerAddrParams::new()
        .with_flags(PeerAddrFlags::DSCP)
        .with_dscp(64);
    assert_invalid(s.set_peer_addr_params(f, &dscp), "SCTP_PEER_ADDR_PARAMS");
    let label = PeerAddrParams::new()
        .with_flags(PeerAddrFlags::IPV6_FLOWLABEL)
        .with_ipv6_flow_label(1 << 20);
    assert_invalid(s.set_peer_addr_params(f, &label), "SCTP_PEER_ADDR_PARAMS");
    let mtu = PeerAddrParams::new()
        .with_flags(PeerAddrFlags::PMTUD_DISABLE)
        .with_path_mtu(511);
    assert_invalid(s.set_peer_addr_params(f, &mtu), "SCTP_PEER_ADDR_PARAMS");
    let sack = PeerAddrParams::new()
        .with_flags(PeerAddrFlags::SACKDELAY_ENABLE)
        .with_sack_delay(Duration::from_millis(501));
    assert_invalid(s.set_peer_addr_params(f, &sack), "SCTP_PEER_ADDR_PARAMS");

    let eof = DefaultSendInfo::new().with_flags(SendFlags::EOF);
    assert_invalid(s.set_default_send_info(f, &eof), "SCTP_DEFAULT_SNDINFO");
    assert_invalid(s.set_default_send_param(f, &eof), "SCTP_DEFAULT_SEND_PARAM");

    assert_invalid(s.set_max_seg(f, 70_000), "SCTP_MAXSEG");

    for chunk in [1, 2, 14, 15] {
        assert_invalid(s.add_auth_chunk(chunk), "SCTP_AUTH_CHUNK");
    }
    assert_invalid(s.set_hmac_idents(&[HmacId::Sha256]), "SCTP_HMAC_IDENT");
    assert_invalid(s.set_hmac_idents(&[]), "SCTP_HMAC_IDENT");
    assert_invalid(
        s.set_hmac_idents(&[HmacId::Sha1, HmacId::Unknown(2)]),
        "SCTP_HMAC_IDENT",
    );
    assert_invalid(s.set_auth_key(f, 1, b""), "SCTP_AUTH_KEY");
    assert_invalid(s.set_auth_key(f, 1, &vec![0u8; 70_000]), "SCTP_AUTH_KEY");

    let bad = PathThresholds::new(2, 3, None);
    assert_invalid(s.set_path_thresholds(f, None, bad), "SCTP_PEER_ADDR_THLDS");

    assert_invalid(
        s.reset_streams(f, ResetDirection::Both, &vec![1u16; 70_000]),
        "SCTP_RESET_STREAMS",
    );
    assert_invalid(s.add_streams(f, 0, 0), "SCTP_ADD_STREAMS");
    assert_invalid(
        s.set_stream_scheduler(f, StreamScheduler::Unknown(9)),
        "SCTP_STREAM_SCHEDULER",
    );
    // FreeBSD's schedulers are not Linux's.
    #[cfg(target_os = "linux")]
    for freebsd_only in [
        StreamScheduler::Default,
        StreamScheduler::RoundRobinPacket,
        StreamScheduler::FairBandwidth,
    ] {
        assert_invalid(
            s.set_stream_scheduler(f, freebsd_only),
            "SCTP_STREAM_SCHEDULER",
        );
    }
    assert_invalid(
        s.set_plpmtud_probe_interval(f, None, Some(Duration::from_secs(1))),
        "SCTP_PLPMTUD_PROBE_INTERVAL",
    );
}

/// `CURRENT` and `ALL` address groups of associations, which only a set can do.
#[test]
fn getters_refuse_current_and_all() {
    let s = not_sctp();
    for group in [AssocId::CURRENT, AssocId::ALL] {
        assert_invalid(s.rto_info(group), "SCTP_RTOINFO");
        assert_invalid(s.context(group), "SCTP_CONTEXT");
        assert_invalid(s.status(group), "SCTP_STATUS");
        assert_invalid(s.peer_addr_params(group, None), "SCTP_PEER_ADDR_PARAMS");
        assert_invalid(s.active_auth_key(group), "SCTP_AUTH_ACTIVE_KEY");
        assert_invalid(s.peer_auth_chunks(group), "SCTP_PEER_AUTH_CHUNKS");
        assert_invalid(
            s.pr_assoc_status(group, PrKind::All),
            "SCTP_PR_ASSOC_STATUS",
        );
        assert_invalid(
            s.stream_scheduler_value(group, 0),
            "SCTP_STREAM_SCHEDULER_VALUE",
        );
    }
}

#[test]
fn errors_convert_to_io_errors_with_a_kind() {
    let s = not_sctp();
    let err = s.add_streams(AssocId::FUTURE, 0, 0).unwrap_err();
    assert!(err.to_string().contains("SCTP_ADD_STREAMS"), "{err}");
    let io: std::io::Error = err.into();
    assert_eq!(io.kind(), std::io::ErrorKind::InvalidInput);
}

/// The kernel's version as (major, minor), from `/proc/sys/kernel/osrelease`.
fn kernel_version() -> (u32, u32) {
    let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").expect("osrelease");
    let mut parts = release.trim().split(['.', '-', '+']);
    let major = parts
        .next()
        .and_then(|p| p.parse().ok())
        .expect("major version");
    let minor = parts
        .next()
        .and_then(|p| p.parse().ok())
        .expect("minor version");
    (major, minor)
}

/// The fair capacity and weighted fair queueing schedulers came with Linux 6.3: they round-trip
/// there, and older kernels refuse them with `EINVAL`.
#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn newer_stream_schedulers() {
    let has_them = kernel_version() >= (6, 3);
    for local in [V4, V6] {
        let s = many(local);
        for scheduler in [StreamScheduler::FairCapacity, StreamScheduler::WeightedFair] {
            match s.set_stream_scheduler(AssocId::FUTURE, scheduler) {
                Ok(()) if has_them => {
                    assert_eq!(s.stream_scheduler(AssocId::FUTURE).unwrap(), scheduler);
                }
                Err(Error::Io(e)) if !has_them && e.raw_os_error() == Some(libc::EINVAL) => {}
                other => panic!("{scheduler:?} on {:?}: {other:?}", kernel_version()),
            }
        }
    }
}

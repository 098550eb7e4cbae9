//! The userland backend (usrsctp over UDP on loopback) on this host: no kernel SCTP and no VM
//! needed, so these run with a plain `cargo test` and first in `cargo xtask test`.
//!
//! usrsctp runs once per process: every test of this binary shares one stack on a UDP port
//! chosen free when the first test starts, and its associations run over loopback between
//! sockets of that same stack (remote UDP port = own port).

use std::io::{self, Read, Write};
use std::net::SocketAddr;
use std::sync::OnceLock;
use std::thread;
use std::time::{Duration, Instant};

use sctp::notify::{AssocState, Notification};
use sctp::userland::{SctpBuilder, SctpListener, SctpSocket, SctpStream, Stack};
use sctp::{
    AssocId, AssocState as StatusState, DefaultSendInfo, DelayedSack, Error, Event, HmacId,
    InitParams, MAX_BATCH, PathThresholds, PeerAddrFlags, PeerAddrParams, PeerAddrState,
    PfExposure, PrKind, PrPolicy, Received, RecvBatch, ResetDirection, RtoInfo, SendFlags,
    SendInfo, StreamResetFlags, StreamScheduler,
};

const TIMEOUT: Duration = Duration::from_secs(10);

/// The process's stack, kept for the whole run so that it is started once.
fn stack() -> &'static Stack {
    static STACK: OnceLock<Stack> = OnceLock::new();
    STACK.get_or_init(|| Stack::start(0, 0).expect("start usrsctp"))
}

fn localhost() -> SocketAddr {
    stack();
    "127.0.0.1:0".parse().unwrap()
}

/// A listener on a free port of 127.0.0.1 and its address.
fn listener(builder: SctpBuilder) -> (SctpListener, SocketAddr) {
    let l = builder.listener(&[localhost()]).expect("listen");
    l.set_read_timeout(Some(TIMEOUT)).unwrap();
    let addr = l.local_addr().expect("local address");
    assert_eq!(addr.ip().to_string(), "127.0.0.1");
    assert_ne!(addr.port(), 0);
    (l, addr)
}

fn pair(builder: SctpBuilder) -> (SctpStream, SctpStream) {
    let (l, addr) = listener(builder.clone());
    let client = builder.connect(&[addr]).expect("connect");
    let (server, _) = l.accept().expect("accept");
    for s in [&client, &server] {
        s.set_read_timeout(Some(TIMEOUT)).unwrap();
    }
    (client, server)
}

/// A received data message, copied out of the buffer.
#[derive(Debug, PartialEq)]
struct Got {
    data: Vec<u8>,
    stream: u16,
    ppid: u32,
    complete: bool,
    unordered: bool,
    assoc: AssocId,
}

/// Receives until a data message arrives, skipping notifications.
fn next_data(recv: impl Fn(&mut [u8]) -> Result<Option<Got>, Error>) -> Got {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        if let Some(got) = recv(&mut buf).expect("recv") {
            return got;
        }
    }
}

fn got(r: Received<'_>) -> Option<Got> {
    match r {
        Received::Data(m) => Some(Got {
            data: m.data().to_vec(),
            stream: m.stream(),
            ppid: m.ppid(),
            complete: m.is_complete(),
            unordered: m.is_unordered(),
            assoc: m.assoc_id(),
        }),
        Received::Notification(_) => None,
    }
}

fn stream_data(s: &SctpStream) -> Got {
    next_data(|buf| s.recv(buf).map(got))
}

fn socket_data(s: &SctpSocket) -> Got {
    next_data(|buf| s.recv(buf).map(got))
}

// ---- typed socket options (`sctp::options`) on the userland stack -------------------------

/// Receives on `s` until a notification `pick` accepts arrives; data in between is an error.
fn wait_notification<T>(
    recv: impl Fn(&mut [u8]) -> Result<Received<'_>, Error>,
    pick: impl Fn(&Notification<'_>) -> Option<T>,
) -> T {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        // The borrow of `buf` ends with each iteration: the notification is inspected here.
        let r = recv(&mut buf).expect("recv");
        match r {
            Received::Notification(n) => {
                if let Some(t) = pick(&n) {
                    return t;
                }
            }
            Received::Data(m) => panic!("data while waiting for a notification: {m:?}"),
        }
    }
}

fn invalid_value<T: std::fmt::Debug>(r: Result<T, Error>) -> &'static str {
    match r {
        Err(Error::InvalidOptionValue { option, .. }) => option,
        other => panic!("expected InvalidOptionValue, got {other:?}"),
    }
}

#[test]
fn option_rto_assoc_and_init_params_round_trip() {
    let (client, server) = pair(SctpBuilder::new());
    let rto = RtoInfo::new(
        Duration::from_millis(400),
        Duration::from_millis(3000),
        Duration::from_millis(150),
    );
    client.set_rto_info(&rto).unwrap();
    assert_eq!(client.rto_info().unwrap(), rto);
    // The server's association keeps usrsctp's defaults (min 1 s, max 60 s).
    let defaults = server.rto_info().unwrap();
    assert_ne!(defaults, rto);
    assert_eq!(defaults.min, Duration::from_secs(1));
    assert_eq!(defaults.max, Duration::from_secs(60));

    client.set_assoc_info(7, Duration::from_secs(30)).unwrap();
    let info = client.assoc_info().unwrap();
    assert_eq!(info.max_retrans, 7);
    assert_eq!(info.cookie_life, Duration::from_secs(30));
    assert_eq!(info.peer_destinations, 1);
    assert!(info.peer_rwnd > 0 && info.local_rwnd > 0, "{info:?}");

    // Values known bad are refused before usrsctp is asked, as on kernel sockets.
    let bad = RtoInfo::new(
        Duration::from_millis(400),
        Duration::from_millis(100),
        Duration::from_millis(150),
    );
    assert_eq!(invalid_value(client.set_rto_info(&bad)), "SCTP_RTOINFO");
    assert_eq!(client.rto_info().unwrap(), rto, "unchanged");
    assert_eq!(
        invalid_value(client.set_assoc_info(0, Duration::from_secs(1))),
        "SCTP_ASSOCINFO"
    );

    let (l, _) = listener(SctpBuilder::new());
    let params = InitParams::new()
        .with_outbound_streams(5)
        .with_max_inbound_streams(6)
        .with_max_attempts(3)
        .with_max_init_timeout_ms(2000);
    l.set_init_params(&params).unwrap();
    assert_eq!(l.init_params().unwrap(), params);
}

#[test]
fn option_status_and_peer_addr_info_describe_the_live_association() {
    let (l, addr) = listener(SctpBuilder::new());
    l.set_init_params(&InitParams::new().with_max_inbound_streams(3))
        .unwrap();
    let client = SctpBuilder::new()
        .init_params(
            InitParams::new()
                .with_outbound_streams(9)
                .with_max_inbound_streams(4),
        )
        .connect(&[addr])
        .unwrap();
    let (server, _) = l.accept().unwrap();
    let status = client.status().unwrap();
    assert_eq!(status.state, StatusState::Established);
    // 9 wanted out, the server takes at most 3 in; the server offers 10 (usrsctp's default)
    // out, the client takes at most 4.
    assert_eq!((status.in_streams, status.out_streams), (4, 3));
    assert_eq!(client.streams().unwrap(), (4, 3));
    assert!(
        status.fragmentation_point > 0 && status.rwnd > 0,
        "{status:?}"
    );
    let primary = status.primary.expect("a primary path");
    assert_eq!(primary.address, addr);
    assert_eq!(client.primary_addr().unwrap(), addr);

    let info = client.peer_addr_info(addr).unwrap();
    assert_eq!(info.address, addr);
    assert_eq!(info.state, PeerAddrState::Active);
    assert!(info.mtu > 0 && info.cwnd > 0, "{info:?}");
    assert!(!info.rto.is_zero(), "{info:?}");
    assert_eq!(server.status().unwrap().state, StatusState::Established);

    // Not a peer of this association: usrsctp's error, no panic.
    let stranger: SocketAddr = "127.0.0.2:9".parse().unwrap();
    assert!(client.peer_addr_info(stranger).is_err());
    // The primary path can be set to a peer address, and only to one.
    client.set_primary(addr).unwrap();
    assert_eq!(client.primary_addr().unwrap(), addr);
    assert!(client.set_primary(stranger).is_err());
    // Asking the peer to send to one of our addresses (ASCONF, RFC 5061): usrsctp accepts
    // an address of this association and refuses others.
    client
        .set_peer_primary(server.primary_addr().unwrap())
        .unwrap();
    let r = client.set_peer_primary("127.0.0.2:1".parse().unwrap());
    assert!(
        matches!(r, Err(Error::Io(ref e)) if e.raw_os_error() == Some(libc::EINVAL)),
        "{r:?}"
    );
    // A one-to-many socket cannot read a group of associations.
    let s = SctpSocket::bind(localhost()).unwrap();
    assert_eq!(invalid_value(s.status(AssocId::ALL)), "SCTP_STATUS");
}

#[test]
fn option_delayed_sack_burst_context_and_socket_switches_round_trip() {
    let (client, server) = pair(SctpBuilder::new());
    let sack = DelayedSack::new(Duration::from_millis(50), 2);
    client.set_delayed_sack(sack).unwrap();
    assert_eq!(client.delayed_sack().unwrap(), sack);
    assert_eq!(
        invalid_value(client.set_delayed_sack(DelayedSack::new(Duration::from_millis(501), 2))),
        "SCTP_DELAYED_SACK"
    );
    client.set_max_burst(3).unwrap();
    assert_eq!(client.max_burst().unwrap(), 3);
    client.set_context(42).unwrap();
    assert_eq!(client.context().unwrap(), 42);
    assert_eq!(server.context().unwrap(), 0);
    for on in [true, false] {
        client.set_nodelay(on).unwrap();
        assert_eq!(client.nodelay().unwrap(), on);
        client.set_fragment_interleave(on).unwrap();
        assert_eq!(client.fragment_interleave().unwrap(), on);
    }
    client.set_partial_delivery_point(4096).unwrap();
    assert_eq!(client.partial_delivery_point().unwrap(), 4096);
    client.set_max_seg(1000).unwrap();
    let seg = client.max_seg().unwrap();
    assert!(seg > 0 && seg <= 1000, "{seg}");
    assert_eq!(invalid_value(client.set_max_seg(70_000)), "SCTP_MAXSEG");

    // Fragments off: a message above the path MTU is refused instead of split.
    assert!(!client.disable_fragments().unwrap());
    client.set_disable_fragments(true).unwrap();
    assert!(client.disable_fragments().unwrap());
    let big = vec![7u8; 4000];
    let err = client.send(&big, &SendInfo::new()).unwrap_err();
    assert!(
        matches!(err, Error::Io(ref e) if e.raw_os_error() == Some(libc::EMSGSIZE)),
        "{err:?}"
    );
    client.set_disable_fragments(false).unwrap();
    client.send(&big, &SendInfo::new()).unwrap();
    assert_eq!(stream_data(&server).data, big);

    // IPv4-mapped addresses: a switch of IPv6 sockets.
    let v6 = SctpSocket::bind("[::1]:0".parse::<SocketAddr>().unwrap()).unwrap();
    v6.set_mapped_v4_addrs(true).unwrap();
    assert!(v6.mapped_v4_addrs().unwrap());
    v6.set_mapped_v4_addrs(false).unwrap();
    assert!(!v6.mapped_v4_addrs().unwrap());
}

#[test]
fn option_adaptation_layer_reaches_the_peer() {
    let (l, addr) = listener(SctpBuilder::new().subscribe(&[Event::AdaptationIndication]));
    l.set_adaptation_layer(0x0102_0304).unwrap();
    assert_eq!(l.adaptation_layer().unwrap(), 0x0102_0304);
    let client = SctpBuilder::new()
        .subscribe(&[Event::AdaptationIndication])
        .connect(&[addr])
        .unwrap();
    client.set_read_timeout(Some(TIMEOUT)).unwrap();
    let (_server, _) = l.accept().unwrap();
    let ind = wait_notification(
        |b| client.recv(b),
        |n| match n {
            Notification::AdaptationIndication(a) => Some(a.adaptation_ind()),
            _ => None,
        },
    );
    assert_eq!(ind, 0x0102_0304);
}

#[test]
fn option_default_send_info_and_pr_policy_round_trip() {
    let (client, _server) = pair(SctpBuilder::new());
    let info = DefaultSendInfo::new()
        .with_stream(2)
        .with_ppid(0xdead_beef)
        .with_context(9)
        .with_flags(SendFlags::UNORDERED | SendFlags::SACK_IMMEDIATELY);
    client.set_default_send_info(&info).unwrap();
    // The flags went through usrsctp's own numbering and back.
    assert_eq!(client.default_send_info().unwrap(), info);
    assert_eq!(
        invalid_value(client.set_default_send_info(&info.with_flags(SendFlags::EOF))),
        "SCTP_DEFAULT_SNDINFO"
    );

    assert!(client.pr_supported().unwrap());
    for policy in [
        PrPolicy::Ttl(500),
        PrPolicy::Rtx(3),
        PrPolicy::Priority(4),
        PrPolicy::None,
    ] {
        client.set_default_pr_policy(policy).unwrap();
        assert_eq!(client.default_pr_policy().unwrap(), policy);
    }
    // Nothing was abandoned on this association.
    for kind in [PrKind::Ttl, PrKind::Rtx, PrKind::Priority, PrKind::All] {
        assert_eq!(
            client.pr_assoc_status(kind).unwrap(),
            client.pr_assoc_status(PrKind::All).unwrap()
        );
        assert_eq!(client.pr_assoc_status(kind).unwrap().abandoned_sent, 0);
    }
    // Per stream, usrsctp keeps only the sum of the policies (unless built with
    // SCTP_DETAILED_STR_STATS).
    let per_stream = client.pr_stream_status(0, PrKind::All).unwrap();
    assert_eq!(
        (per_stream.abandoned_sent, per_stream.abandoned_unsent),
        (0, 0)
    );
    // A stream the association does not have.
    assert!(client.pr_stream_status(999, PrKind::All).is_err());
}

#[test]
fn option_peer_addr_params_round_trip_per_association_and_per_path() {
    let (client, _server) = pair(SctpBuilder::new());
    let peer = client.peer_addr().unwrap();
    let params = PeerAddrParams::new()
        .with_heartbeat_interval(Duration::from_millis(5000))
        .with_path_max_retrans(6)
        .with_flags(PeerAddrFlags::HB_ENABLE);
    client.set_peer_addr_params(&params).unwrap();
    let back = client.peer_addr_params(None).unwrap();
    assert_eq!(back.address, None);
    assert_eq!(back.heartbeat_interval, Duration::from_millis(5000));
    assert_eq!(back.path_max_retrans, 6);
    assert!(back.flags.contains(PeerAddrFlags::HB_ENABLE), "{back:?}");
    // The association's values reached its path.
    let path = client.peer_addr_params(Some(peer)).unwrap();
    assert_eq!(path.address, Some(peer));
    assert_eq!(path.path_max_retrans, 6);

    client
        .set_peer_addr_params(
            &PeerAddrParams::new()
                .with_address(Some(peer))
                .with_path_max_retrans(4)
                .with_flags(PeerAddrFlags::HB_DISABLE),
        )
        .unwrap();
    let path = client.peer_addr_params(Some(peer)).unwrap();
    assert_eq!(path.path_max_retrans, 4);
    assert!(path.flags.contains(PeerAddrFlags::HB_DISABLE), "{path:?}");

    // usrsctp has no per-path SACK delay; and the common checks apply.
    assert_eq!(
        invalid_value(client.set_peer_addr_params(
            &PeerAddrParams::new().with_sack_delay(Duration::from_millis(20))
        )),
        "SCTP_PEER_ADDR_PARAMS"
    );
    assert_eq!(
        invalid_value(client.set_peer_addr_params(&PeerAddrParams::new().with_dscp(0x40))),
        "SCTP_PEER_ADDR_PARAMS"
    );
}

#[test]
fn option_udp_encapsulation_port_of_the_association() {
    let (client, _server) = pair(SctpBuilder::new());
    let peer = client.peer_addr().unwrap();
    let port = stack().udp_port();
    assert_eq!(client.remote_udp_encaps_port(Some(peer)).unwrap(), port);
    let s = SctpSocket::bind(localhost()).unwrap();
    s.set_remote_udp_encaps_port(AssocId::FUTURE, None, 4242)
        .unwrap();
    assert_eq!(
        s.remote_udp_encaps_port(AssocId::FUTURE, None).unwrap(),
        4242
    );
    assert_eq!(s.remote_udp_port().unwrap(), 4242);
}

#[test]
fn option_auth_keys_and_chunk_lists() {
    let secret = b"sixteen byte key";
    let (l, addr) = listener(SctpBuilder::new());
    l.set_auth_supported(true).unwrap();
    assert!(l.auth_supported().unwrap());
    l.add_auth_chunk(0).unwrap(); // DATA
    l.set_auth_key(1, secret).unwrap();
    l.set_active_auth_key(1).unwrap();
    assert_eq!(l.active_auth_key().unwrap(), 1);
    // SHA-1 only: usrsctp knows SHA-256 only when built with SHA-2 support, which the
    // packaged library is not.
    l.set_hmac_idents(&[HmacId::Sha1]).unwrap();
    assert_eq!(l.hmac_idents().unwrap(), vec![HmacId::Sha1]);
    assert!(l.local_auth_chunks().unwrap().contains(&0));

    let client = SctpSocket::bind(localhost()).unwrap();
    client.set_read_timeout(Some(TIMEOUT)).unwrap();
    client.add_auth_chunk(0).unwrap();
    client.set_auth_key(AssocId::FUTURE, 1, secret).unwrap();
    client.set_active_auth_key(AssocId::FUTURE, 1).unwrap();
    let assoc = client.connect(&[addr]).unwrap();
    let (server, _) = l.accept().unwrap();
    server.set_read_timeout(Some(TIMEOUT)).unwrap();
    // Each side requires DATA to be authenticated, and knows the peer does.
    assert!(server.peer_auth_chunks().unwrap().contains(&0));
    assert!(server.local_auth_chunks().unwrap().contains(&0));
    assert!(client.peer_auth_chunks(assoc).unwrap().contains(&0));
    // Authenticated DATA flows with the shared key 1.
    client
        .send(b"signed", &SendInfo::new().with_assoc_id(assoc))
        .unwrap();
    assert_eq!(stream_data(&server).data, b"signed");
    assert_eq!(server.active_auth_key().unwrap(), 1);

    // Key management on the live association.
    server.set_auth_key(2, b"another key").unwrap();
    server.set_active_auth_key(2).unwrap();
    assert_eq!(server.active_auth_key().unwrap(), 2);
    server.deactivate_auth_key(1).unwrap();
    server.delete_auth_key(1).unwrap();

    // The checks shared with the kernel sockets.
    assert_eq!(invalid_value(l.add_auth_chunk(1)), "SCTP_AUTH_CHUNK");
    assert_eq!(
        invalid_value(l.set_hmac_idents(&[HmacId::Sha256])),
        "SCTP_HMAC_IDENT"
    );
    assert_eq!(invalid_value(l.set_auth_key(3, b"")), "SCTP_AUTH_KEY");
}

#[test]
fn option_one_to_many_lists_its_associations_and_closes_idle_ones() {
    let server = SctpSocket::bind(localhost()).unwrap();
    server.listen(8).unwrap();
    server.set_read_timeout(Some(TIMEOUT)).unwrap();
    let addr = server.local_addr().unwrap();
    assert_eq!(server.assoc_number().unwrap(), 0);
    assert!(server.assoc_ids().unwrap().is_empty());
    let clients: Vec<SctpStream> = (0..2).map(|_| SctpStream::connect(addr).unwrap()).collect();
    let mut ids = Vec::new();
    for c in &clients {
        c.send(b"hi", &SendInfo::new()).unwrap();
        ids.push(socket_data(&server).assoc);
    }
    assert_eq!(server.assoc_number().unwrap(), 2);
    let mut listed = server.assoc_ids().unwrap();
    listed.sort();
    ids.sort();
    assert_eq!(listed, ids);
    // Per-association options address one association by id.
    server.set_context(ids[0], 11).unwrap();
    server.set_context(ids[1], 22).unwrap();
    assert_eq!(server.context(ids[0]).unwrap(), 11);
    assert_eq!(server.context(ids[1]).unwrap(), 22);
    assert_eq!(
        server.status(ids[1]).unwrap().state,
        StatusState::Established
    );

    server.set_autoclose(Some(Duration::from_secs(30))).unwrap();
    assert_eq!(server.autoclose().unwrap(), Some(Duration::from_secs(30)));
    assert_eq!(
        invalid_value(server.set_autoclose(Some(Duration::from_millis(1500)))),
        "SCTP_AUTOCLOSE"
    );
    server.set_autoclose(None).unwrap();
    assert_eq!(server.autoclose().unwrap(), None);
}

#[test]
fn option_stream_reset_and_add_streams_on_a_live_association() {
    let events = [Event::StreamReset, Event::StreamChange];
    let (l, addr) = listener(SctpBuilder::new().subscribe(&events));
    let all = StreamResetFlags::RESET_STREAMS | StreamResetFlags::ADD_STREAMS;
    l.set_enable_stream_reset(all).unwrap();
    assert!(l.reconfig_supported().unwrap());
    let client = SctpBuilder::new()
        .subscribe(&events)
        .init_params(
            InitParams::new()
                .with_outbound_streams(4)
                .with_max_inbound_streams(4),
        )
        .connect(&[addr])
        .unwrap();
    client.set_read_timeout(Some(TIMEOUT)).unwrap();
    let (server, _) = l.accept().unwrap();
    server.set_read_timeout(Some(TIMEOUT)).unwrap();
    client.set_enable_stream_reset(all).unwrap();
    assert_eq!(client.enable_stream_reset().unwrap(), all);
    assert_eq!(server.enable_stream_reset().unwrap(), all);

    // Reset the client's outgoing stream 1: the server hears it as an incoming reset.
    client
        .reset_streams(ResetDirection::Outgoing, &[1])
        .unwrap();
    let (incoming, streams) = wait_notification(
        |b| server.recv(b),
        |n| match n {
            Notification::StreamReset(r) => Some((r.incoming(), r.streams().collect::<Vec<_>>())),
            _ => None,
        },
    );
    assert!(incoming);
    assert_eq!(streams, vec![1]);

    // The client hears that its request completed; only then may the next one go.
    let (outgoing, denied) = wait_notification(
        |b| client.recv(b),
        |n| match n {
            Notification::StreamReset(r) => Some((r.outgoing(), r.denied() || r.failed())),
            _ => None,
        },
    );
    assert!(outgoing && !denied);

    // Two more outgoing streams for the client.
    let before = client.status().unwrap().out_streams;
    client.add_streams(0, 2).unwrap();
    wait_notification(
        |b| client.recv(b),
        |n| matches!(n, Notification::StreamChange(_)).then_some(()),
    );
    assert_eq!(client.status().unwrap().out_streams, before + 2);
    client
        .send(b"on a new stream", &SendInfo::new().with_stream(before + 1))
        .unwrap();
    let got = stream_data(&server);
    assert_eq!(
        (got.data.as_slice(), got.stream),
        (&b"on a new stream"[..], before + 1)
    );

    assert_eq!(invalid_value(client.add_streams(0, 0)), "SCTP_ADD_STREAMS");
}

#[test]
fn option_stream_schedulers_are_usrsctps() {
    let (client, _server) = pair(
        SctpBuilder::new().init_params(
            InitParams::new()
                .with_outbound_streams(4)
                .with_max_inbound_streams(4),
        ),
    );
    for s in [
        StreamScheduler::Priority,
        StreamScheduler::RoundRobin,
        StreamScheduler::Fcfs,
        StreamScheduler::FairBandwidth,
        StreamScheduler::RoundRobinPacket,
        StreamScheduler::Default,
    ] {
        client.set_stream_scheduler(s).unwrap();
        assert_eq!(client.stream_scheduler().unwrap(), s);
    }
    client
        .set_stream_scheduler(StreamScheduler::Priority)
        .unwrap();
    client.set_stream_scheduler_value(1, 5).unwrap();
    assert_eq!(client.stream_scheduler_value(1).unwrap(), 5);
    // Linux's schedulers usrsctp does not have.
    assert_eq!(
        invalid_value(client.set_stream_scheduler(StreamScheduler::WeightedFair)),
        "SCTP_PLUGGABLE_SS"
    );
}

#[test]
fn option_extension_switches_round_trip() {
    let (l, _) = listener(SctpBuilder::new());
    for on in [false, true] {
        l.set_ecn_supported(on).unwrap();
        assert_eq!(l.ecn_supported().unwrap(), on);
        l.set_asconf_supported(on).unwrap();
        assert_eq!(l.asconf_supported().unwrap(), on);
        l.set_reconfig_supported(on).unwrap();
        assert_eq!(l.reconfig_supported().unwrap(), on);
        l.set_pr_supported(on).unwrap();
        assert_eq!(l.pr_supported().unwrap(), on);
    }
    assert!(!l.reuse_port().unwrap());
    // ASCONF on address changes: for sockets bound to every address.
    let any = SctpSocket::bind("0.0.0.0:0".parse::<SocketAddr>().unwrap()).unwrap();
    for on in [false, true] {
        any.set_auto_asconf(on).unwrap();
        assert_eq!(any.auto_asconf().unwrap(), on);
    }
}

#[test]
fn options_usrsctp_lacks_are_typed_errors() {
    let (client, _server) = pair(SctpBuilder::new());
    let peer = client.peer_addr().unwrap();
    fn lacks<T: std::fmt::Debug>(r: Result<T, Error>) -> &'static str {
        match r {
            Err(Error::UnsupportedOption { option }) => option,
            other => panic!("expected UnsupportedOption, got {other:?}"),
        }
    }
    assert_eq!(
        lacks(client.default_send_param()),
        "SCTP_DEFAULT_SEND_PARAM"
    );
    assert_eq!(
        lacks(client.set_default_send_param(&DefaultSendInfo::new())),
        "SCTP_DEFAULT_SEND_PARAM"
    );
    assert_eq!(lacks(client.path_thresholds(None)), "SCTP_PEER_ADDR_THLDS");
    assert_eq!(
        lacks(client.set_path_thresholds(Some(peer), PathThresholds::new(5, 2, None))),
        "SCTP_PEER_ADDR_THLDS"
    );
    assert_eq!(lacks(client.assoc_stats()), "SCTP_GET_ASSOC_STATS");
    assert_eq!(
        lacks(client.interleaving_supported()),
        "SCTP_INTERLEAVING_SUPPORTED"
    );
    assert_eq!(
        lacks(client.set_interleaving_supported(true)),
        "SCTP_INTERLEAVING_SUPPORTED"
    );
    assert_eq!(
        lacks(client.pf_exposure()),
        "SCTP_EXPOSE_POTENTIALLY_FAILED_STATE"
    );
    assert_eq!(
        lacks(client.set_pf_exposure(PfExposure::Enabled)),
        "SCTP_EXPOSE_POTENTIALLY_FAILED_STATE"
    );
    assert_eq!(
        lacks(client.plpmtud_probe_interval(None)),
        "SCTP_PLPMTUD_PROBE_INTERVAL"
    );
    assert_eq!(
        lacks(client.set_plpmtud_probe_interval(None, None)),
        "SCTP_PLPMTUD_PROBE_INTERVAL"
    );
}

#[test]
fn option_stream_reset_without_reconfig_is_not_enabled() {
    let (l, addr) = listener(SctpBuilder::new());
    let client = SctpSocket::bind(localhost()).unwrap();
    // RE-CONFIG not offered: the association has no stream reconfiguration.
    client
        .set_reconfig_supported(AssocId::FUTURE, false)
        .unwrap();
    assert!(!client.reconfig_supported(AssocId::FUTURE).unwrap());
    let assoc = client.connect(&[addr]).unwrap();
    let (_server, _) = l.accept().unwrap();
    let r = client.reset_streams(assoc, ResetDirection::Outgoing, &[]);
    assert!(
        matches!(
            r,
            Err(Error::OptionNotEnabled {
                option: "SCTP_RESET_STREAMS"
            })
        ),
        "{r:?}"
    );
}

#[test]
fn one_to_one_carries_stream_ppid_and_flags_both_ways() {
    let (client, server) = pair(
        SctpBuilder::new().init_params(
            InitParams::new()
                .with_outbound_streams(8)
                .with_max_inbound_streams(8),
        ),
    );
    let mut buf = vec![0u8; 2048];
    client
        .send(b"hello", &SendInfo::new().with_stream(3).with_ppid(46))
        .unwrap();
    let Received::Data(m) = server.recv(&mut buf).unwrap() else {
        panic!("notification without subscription")
    };
    assert_eq!(m.data(), b"hello");
    assert_eq!((m.stream(), m.ppid()), (3, 46));
    assert!(m.is_complete());
    assert!(!m.is_unordered());
    let info = m.rcv_info().expect("RCVINFO is on by default");
    assert_eq!(info.stream, 3);
    // The client bound the wildcard address, so the association has every local address of
    // this host; the sender address is one of them.
    let from = m.from().expect("sender address");
    assert!(client.local_addrs().unwrap().contains(&from), "{from}");
    assert_eq!(from.port(), client.local_addr().unwrap().port());

    server
        .send(
            b"back",
            &SendInfo::new()
                .with_stream(7)
                .with_ppid(0xdead_beef)
                .with_flags(SendFlags::UNORDERED),
        )
        .unwrap();
    let Received::Data(m) = client.recv(&mut buf).unwrap() else {
        panic!()
    };
    assert_eq!(
        (m.data(), m.stream(), m.ppid()),
        (&b"back"[..], 7, 0xdead_beef)
    );
    assert!(m.is_unordered());
    assert_eq!(client.streams().unwrap(), (8, 8));
}

#[test]
fn notifications_arrive_in_the_usrsctp_dialect_on_both_sides() {
    let b = SctpBuilder::new().subscribe(&[Event::AssocChange, Event::Shutdown]);
    let (client, server) = pair(b);
    let mut buf = vec![0u8; 64 * 1024];
    for s in [&client, &server] {
        match s.recv(&mut buf).unwrap() {
            Received::Notification(Notification::AssocChange(ac)) => {
                assert_eq!(ac.state(), AssocState::CommUp);
                assert!(ac.outbound_streams() > 0);
            }
            other => panic!("expected CommUp, got {other:?}"),
        }
    }
    client.shutdown(std::net::Shutdown::Write).unwrap();
    // The server sees the peer's SHUTDOWN, then the end of the stream.
    let mut saw_shutdown = false;
    loop {
        match server.recv(&mut buf).unwrap() {
            Received::Notification(Notification::Shutdown(_)) => saw_shutdown = true,
            Received::Notification(Notification::AssocChange(ac)) => {
                assert_eq!(ac.state(), AssocState::ShutdownComplete);
            }
            Received::Data(m) if m.data().is_empty() => break,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(saw_shutdown);
    // The client's side ends with SHUTDOWN_COMP.
    let mut saw_comp = false;
    loop {
        match client.recv(&mut buf).unwrap() {
            Received::Notification(Notification::AssocChange(ac)) => {
                assert_eq!(ac.state(), AssocState::ShutdownComplete);
                saw_comp = true;
            }
            Received::Data(m) if m.data().is_empty() => break,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(saw_comp);
}

#[test]
fn one_to_many_serves_several_associations_and_peels_one_off() {
    let server = SctpBuilder::new()
        .subscribe(&[Event::AssocChange])
        .one_to_many(&[localhost()])
        .unwrap();
    server.set_read_timeout(Some(TIMEOUT)).unwrap();
    let addr = server.local_addr().unwrap();
    let clients: Vec<SctpSocket> = (0..3)
        .map(|_| {
            let c = SctpSocket::bind(localhost()).unwrap();
            c.set_read_timeout(Some(TIMEOUT)).unwrap();
            c
        })
        .collect();
    for (i, c) in clients.iter().enumerate() {
        // Implicit association setup by sending.
        c.send_to(
            format!("client {i}").as_bytes(),
            addr,
            &SendInfo::new().with_ppid(i as u32),
        )
        .unwrap();
    }
    let mut assocs = Vec::new();
    for _ in 0..3 {
        let g = socket_data(&server);
        let text = String::from_utf8(g.data.clone()).unwrap();
        let i: u32 = text.strip_prefix("client ").unwrap().parse().unwrap();
        assert_eq!(g.ppid, i);
        assert!(!assocs.iter().any(|(a, _)| *a == g.assoc), "distinct ids");
        assocs.push((g.assoc, i));
    }
    // Subscribing now reaches the associations that exist too (SCTP_ALL_ASSOC).
    server.subscribe(&[Event::Shutdown]).unwrap();
    // Reply on each association by id.
    for (assoc, i) in &assocs {
        server
            .send(
                format!("echo {i}").as_bytes(),
                &SendInfo::new().with_assoc_id(*assoc),
            )
            .unwrap();
    }
    let mut client_assocs = Vec::new();
    for (i, c) in clients.iter().enumerate() {
        let g = socket_data(c);
        assert_eq!(g.data, format!("echo {i}").into_bytes());
        client_assocs.push(g.assoc);
    }
    // Peel client 1's association off and keep talking on it.
    let (assoc1, _) = *assocs.iter().find(|(_, i)| *i == 1).unwrap();
    let peeled = server.peeloff(assoc1).unwrap();
    peeled.set_read_timeout(Some(TIMEOUT)).unwrap();
    peeled
        .send(b"from the peeled socket", &SendInfo::new())
        .unwrap();
    assert_eq!(socket_data(&clients[1]).data, b"from the peeled socket");
    clients[1]
        .send(
            b"to the peeled socket",
            &SendInfo::new().with_assoc_id(client_assocs[1]),
        )
        .unwrap();
    assert_eq!(stream_data(&peeled).data, b"to the peeled socket");
    // The peeled association is no longer the one-to-many socket's.
    assert!(
        server
            .send(b"x", &SendInfo::new().with_assoc_id(assoc1))
            .is_err()
    );
}

#[test]
fn partial_delivery_is_never_silent() {
    let (client, server) = pair(SctpBuilder::new());
    let message: Vec<u8> = (0..100_000u32).map(|i| i as u8).collect();
    client
        .send(&message, &SendInfo::new().with_ppid(9))
        .unwrap();
    let mut got = Vec::new();
    let mut parts = 0;
    let mut buf = vec![0u8; 4096];
    loop {
        let Received::Data(m) = server.recv(&mut buf).unwrap() else {
            panic!()
        };
        assert_eq!(m.ppid(), 9);
        got.extend_from_slice(m.data());
        parts += 1;
        if m.is_complete() {
            break;
        }
    }
    assert_eq!(got, message);
    assert!(
        parts > 1,
        "a 100 000-byte message in a 4096-byte buffer takes several parts"
    );
}

#[test]
fn streams_keep_their_order_and_nxtinfo_announces_the_next() {
    let (client, server) = pair(
        SctpBuilder::new().recv_nxtinfo(true).init_params(
            InitParams::new()
                .with_outbound_streams(4)
                .with_max_inbound_streams(4),
        ),
    );
    for stream in 0..4u16 {
        for seq in 0..3u32 {
            client
                .send(
                    format!("{stream}/{seq}").as_bytes(),
                    &SendInfo::new().with_stream(stream).with_ppid(100 + seq),
                )
                .unwrap();
        }
    }
    let mut per_stream = vec![Vec::new(); 4];
    let mut buf = vec![0u8; 1024];
    let mut nxt_seen = 0;
    for _ in 0..12 {
        let Received::Data(m) = server.recv(&mut buf).unwrap() else {
            panic!()
        };
        if let Some(n) = m.nxt_info() {
            nxt_seen += 1;
            assert!(n.stream < 4);
        }
        per_stream[m.stream() as usize]
            .push((String::from_utf8_lossy(m.data()).into_owned(), m.ppid()));
    }
    for (stream, msgs) in per_stream.iter().enumerate() {
        let want: Vec<_> = (0..3u32)
            .map(|seq| (format!("{stream}/{seq}"), 100 + seq))
            .collect();
        assert_eq!(msgs, &want);
    }
    assert!(nxt_seen > 0, "NXTINFO announced at least one next message");
    assert!(server.recv_nxtinfo().unwrap());
}

#[test]
fn pr_sctp_and_read_write_work() {
    let (mut client, mut server) = pair(SctpBuilder::new());
    client
        .send(b"ttl", &SendInfo::new().with_pr_policy(PrPolicy::Ttl(5000)))
        .unwrap();
    client
        .send(b"rtx", &SendInfo::new().with_pr_policy(PrPolicy::Rtx(2)))
        .unwrap();
    assert_eq!(stream_data(&server).data, b"ttl");
    assert_eq!(stream_data(&server).data, b"rtx");
    client.write_all(b"via io::Write").unwrap();
    let mut buf = [0u8; 64];
    let n = server.read(&mut buf).unwrap();
    assert_eq!(&buf[..n], b"via io::Write");
}

#[test]
fn bad_input_is_a_typed_error() {
    let (client, _server) = pair(SctpBuilder::new());
    assert!(matches!(client.recv(&mut []), Err(Error::EmptyBuffer)));
    assert!(matches!(
        SctpBuilder::new().connect(&[]),
        Err(Error::EmptyAddressList)
    ));
    let v4: SocketAddr = "127.0.0.1:1".parse().unwrap();
    let v6: SocketAddr = "[::1]:1".parse().unwrap();
    assert!(matches!(
        SctpListener::bind_multi(&[v4, v6]),
        Err(Error::MixedAddressFamilies)
    ));
    let s = SctpSocket::bind(localhost()).unwrap();
    assert!(matches!(
        s.connect(&[v6]),
        Err(Error::AddressFamilyMismatch { .. })
    ));
    // What usrsctp cannot do is a typed error.
    let e = client.try_clone().unwrap_err();
    assert_eq!(e.kind(), std::io::ErrorKind::Unsupported);
    assert!(matches!(
        e.get_ref().and_then(|e| e.downcast_ref::<Error>()),
        Some(Error::Unsupported { .. })
    ));
    // A stream the association does not have.
    let r = client.send(b"x", &SendInfo::new().with_stream(5000));
    assert!(r.is_err(), "{r:?}");
}

#[test]
fn a_read_timeout_bounds_a_blocking_receive() {
    let (client, _server) = pair(SctpBuilder::new());
    client
        .set_read_timeout(Some(Duration::from_millis(300)))
        .unwrap();
    let start = Instant::now();
    let err = client.recv(&mut [0u8; 16]).unwrap_err();
    let waited = start.elapsed();
    assert!(
        matches!(&err, Error::Io(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "{err:?}"
    );
    assert!(
        waited >= Duration::from_millis(250) && waited < Duration::from_secs(5),
        "{waited:?}"
    );
}

#[test]
fn nonblocking_sockets_would_block_and_then_deliver() {
    let (client, server) = pair(SctpBuilder::new());
    server.set_nonblocking(true).unwrap();
    assert!(server.nonblocking().unwrap());
    let mut buf = [0u8; 64];
    match server.recv(&mut buf) {
        Err(Error::Io(e)) if e.kind() == std::io::ErrorKind::WouldBlock => {}
        other => panic!("expected WouldBlock, got {other:?}"),
    }
    client.send(b"now", &SendInfo::new()).unwrap();
    let deadline = Instant::now() + TIMEOUT;
    loop {
        match server.recv(&mut buf) {
            Ok(Received::Data(m)) => {
                assert_eq!(m.data(), b"now");
                break;
            }
            Err(Error::Io(e)) if e.kind() == std::io::ErrorKind::WouldBlock => {
                assert!(Instant::now() < deadline, "no data within the timeout");
                thread::sleep(Duration::from_millis(5));
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn a_closed_peer_ends_the_association_without_a_hang() {
    let b = SctpBuilder::new().subscribe(&[Event::AssocChange]);
    let (client, server) = pair(b);
    let mut buf = vec![0u8; 64 * 1024];
    // Skip COMM_UP on the server.
    assert!(matches!(
        server.recv(&mut buf).unwrap(),
        Received::Notification(_)
    ));
    // The client goes away without a shutdown: closing a socket with an association aborts
    // nothing in SCTP, it shuts down gracefully; dropping it is the closest a process gets to
    // vanishing while the stack lives on.
    drop(client);
    let start = Instant::now();
    loop {
        match server.recv(&mut buf) {
            Ok(Received::Data(m)) if m.data().is_empty() => break,
            Ok(Received::Notification(Notification::AssocChange(ac))) => {
                assert_ne!(ac.state(), AssocState::CommUp);
            }
            Ok(other) => panic!("unexpected {other:?}"),
            Err(Error::Io(e)) if e.kind() == std::io::ErrorKind::ConnectionReset => break,
            Err(e) => panic!("{e:?}"),
        }
        assert!(start.elapsed() < TIMEOUT);
    }
    // Sending afterwards is an error, not a hang or a panic.
    assert!(server.send(b"late", &SendInfo::new()).is_err());
}

#[test]
fn connecting_to_a_port_nobody_listens_on_fails() {
    stack();
    // A free SCTP port of this stack: bind a socket, read its port, close it.
    let addr = {
        let l = SctpListener::bind(localhost()).unwrap();
        l.local_addr().unwrap()
    };
    let start = Instant::now();
    let r = SctpStream::connect(addr);
    assert!(r.is_err(), "{r:?}");
    assert!(start.elapsed() < TIMEOUT);
}

#[test]
fn sockets_are_shared_between_threads() {
    let (client, server) = pair(SctpBuilder::new());
    let server = std::sync::Arc::new(server);
    let reader = {
        let server = std::sync::Arc::clone(&server);
        thread::spawn(move || {
            (0..50)
                .map(|_| stream_data(&server).data)
                .collect::<Vec<_>>()
        })
    };
    let client = std::sync::Arc::new(client);
    let writers: Vec<_> = (0..5u8)
        .map(|t| {
            let client = std::sync::Arc::clone(&client);
            thread::spawn(move || {
                for i in 0..10u8 {
                    client.send(&[t, i], &SendInfo::new()).unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let got = reader.join().unwrap();
    assert_eq!(got.len(), 50);
    for t in 0..5u8 {
        let mine: Vec<u8> = got.iter().filter(|m| m[0] == t).map(|m| m[1]).collect();
        assert_eq!(
            mine,
            (0..10).collect::<Vec<_>>(),
            "thread {t}'s messages in order"
        );
    }
}

#[test]
fn the_stack_is_one_per_process() {
    let s = stack();
    assert_ne!(s.udp_port(), 0);
    assert_eq!(s.remote_udp_port(), s.udp_port());
    // The same port again gives the running stack; another port is refused.
    assert_eq!(
        Stack::start(s.udp_port(), 0).unwrap().udp_port(),
        s.udp_port()
    );
    let other = if s.udp_port() == 65535 {
        65534
    } else {
        s.udp_port() + 1
    };
    match Stack::start(other, 0) {
        Err(Error::Io(e)) => assert_eq!(e.kind(), std::io::ErrorKind::AddrInUse),
        r => panic!("{r:?}"),
    }
    let l = SctpListener::bind(localhost()).unwrap();
    assert_eq!(l.stack().udp_port(), s.udp_port());
    assert_eq!(l.remote_udp_port().unwrap(), s.udp_port());
}

#[test]
fn several_threads_receive_on_one_socket_at_once() {
    // usrsctp's receive path has no reader lock of its own: without the backend's, two threads
    // in `usrsctp_recvv` on one socket corrupted its receive queue (heap corruption, a crash
    // within a few runs).
    const READERS: usize = 4;
    const PEERS: usize = 4;
    const EACH: usize = 50;
    let server = std::sync::Arc::new(SctpSocket::bind(localhost()).unwrap());
    server.listen(16).unwrap();
    server.set_read_timeout(Some(TIMEOUT)).unwrap();
    let addr = server.local_addr().unwrap();
    let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let readers: Vec<_> = (0..READERS)
        .map(|_| {
            let server = std::sync::Arc::clone(&server);
            let count = std::sync::Arc::clone(&count);
            thread::spawn(move || {
                let mut got = Vec::new();
                loop {
                    let g = socket_data(&server);
                    if g.data == b"stop" {
                        return got;
                    }
                    got.push(g.data);
                    count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                }
            })
        })
        .collect();
    let peers: Vec<_> = (0..PEERS)
        .map(|p| {
            thread::spawn(move || {
                let peer = SctpSocket::bind(localhost()).unwrap();
                for i in 0..EACH {
                    peer.send_to(format!("{p}/{i}").as_bytes(), addr, &SendInfo::new())
                        .unwrap();
                }
                peer
            })
        })
        .collect();
    let peers: Vec<SctpSocket> = peers.into_iter().map(|p| p.join().unwrap()).collect();
    // Associations are not ordered with each other: stop the readers once every message is in.
    let start = Instant::now();
    while count.load(std::sync::atomic::Ordering::SeqCst) < PEERS * EACH {
        assert!(start.elapsed() < TIMEOUT, "messages missing");
        thread::sleep(Duration::from_millis(10));
    }
    for _ in 0..READERS {
        peers[0].send_to(b"stop", addr, &SendInfo::new()).unwrap();
    }
    let mut all: Vec<Vec<u8>> = readers
        .into_iter()
        .flat_map(|r| r.join().unwrap())
        .collect();
    all.sort();
    let mut want: Vec<Vec<u8>> = (0..PEERS)
        .flat_map(|p| (0..EACH).map(move |i| format!("{p}/{i}").into_bytes()))
        .collect();
    want.sort();
    assert_eq!(all, want, "every message received once, whole");
}

#[test]
fn bind_and_connect_take_anything_that_resolves() {
    stack();
    // As the kernel types: a string, a (host, port) pair, a slice of addresses.
    let l = SctpListener::bind("127.0.0.1:0").unwrap();
    l.set_read_timeout(Some(TIMEOUT)).unwrap();
    let port = l.local_addr().unwrap().port();
    let client = SctpStream::connect(("127.0.0.1", port)).unwrap();
    let (server, _) = l.accept().unwrap();
    server.set_read_timeout(Some(TIMEOUT)).unwrap();
    client.send(b"resolved", &SendInfo::new()).unwrap();
    assert_eq!(stream_data(&server).data, b"resolved");
    // Several candidates: the first that fails (nobody listens there) is skipped.
    let closed = {
        let l = SctpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let open: SocketAddr = ([127, 0, 0, 1], port).into();
    let second = SctpStream::connect(&[closed, open][..]).unwrap();
    assert_eq!(second.peer_addr().unwrap().port(), port);
    let s = SctpSocket::bind(("127.0.0.1", 0)).unwrap();
    assert_ne!(s.local_addr().unwrap().port(), 0);
    // Nothing to try is a typed error.
    let none: &[SocketAddr] = &[];
    assert!(matches!(
        SctpListener::bind(none),
        Err(Error::EmptyAddressList)
    ));
    assert!(matches!(
        SctpStream::connect(none),
        Err(Error::EmptyAddressList)
    ));
    assert!(matches!(
        SctpSocket::bind(none),
        Err(Error::EmptyAddressList)
    ));
}

/// `io::Write` keeps its contract on the userland stack too: `write(&[])` is `Ok(0)`, writes go
/// on the stream and ppid set with `set_write_info`, and `write_all` and `io::copy` move a
/// mebibyte through an association, intact, with a send buffer much smaller than that.
#[test]
fn io_write_keeps_its_contract_and_moves_a_mebibyte_both_ways() {
    let (c, s) = pair(SctpBuilder::new().send_buffer_size(32 * 1024));
    assert_eq!((&c).write(&[]).unwrap(), 0);
    assert_eq!(c.write_info(), (0, 0));
    c.set_write_info(4, 1234);
    s.set_write_info(5, 4321);
    let payload: Vec<u8> = (0..1u32 << 20).map(|i| (i % 251) as u8).collect();
    for (from, to, meta) in [(&c, &s, (4, 1234)), (&s, &c, (5, 4321))] {
        thread::scope(|scope| {
            // One way a single `write_all` of the whole mebibyte (each `write` takes at most a
            // send buffer's worth), the other way `io::copy` (8 KiB writes).
            let writer = scope.spawn(|| {
                if meta.0 == 4 {
                    (&*from).write_all(&payload).unwrap();
                    payload.len() as u64
                } else {
                    io::copy(&mut &payload[..], &mut &*from).unwrap()
                }
            });
            let mut got = Vec::new();
            while got.len() < payload.len() {
                let m = stream_data(to);
                assert_eq!((m.stream, m.ppid), meta);
                assert!(!m.data.is_empty());
                got.extend_from_slice(&m.data);
            }
            assert_eq!(writer.join().unwrap(), 1 << 20);
            assert!(got == payload, "the mebibyte arrives intact");
        });
    }
}

/// A send on an association that is gone fails with the kernel's `EPIPE` (usrsctp's own answer
/// is `ENOENT`), on both socket styles.
#[test]
fn a_send_on_an_association_that_is_gone_is_a_broken_pipe() {
    let epipe = |r: Result<usize, Error>| match r {
        Err(Error::Io(e)) => e.raw_os_error(),
        other => panic!("expected an error, got {other:?}"),
    };
    let (c, s) = pair(SctpBuilder::new());
    drop(s);
    // The client reads the end of the association, then sends into it.
    let mut buf = [0u8; 256];
    let deadline = Instant::now() + TIMEOUT;
    loop {
        assert!(
            Instant::now() < deadline,
            "the end of the association never came"
        );
        if let Received::Data(m) = c.recv(&mut buf).unwrap() {
            if m.data().is_empty() {
                break;
            }
        }
    }
    let errno = epipe(c.send(b"late", &SendInfo::new()));
    assert!(
        errno == Some(libc::EPIPE) || errno == Some(libc::ENOTCONN),
        "{errno:?}"
    );

    let sock = SctpBuilder::new().one_to_many(&[localhost()]).unwrap();
    let unknown = SendInfo::new().with_assoc_id(AssocId::from_raw(0x7fff_fff0));
    assert_eq!(epipe(sock.send(b"nobody", &unknown)), Some(libc::EPIPE));
}

/// usrsctp reports a partial delivery cut short by PR-SCTP: the receiver has read the first
/// part of a message, the sender abandons the rest when its lifetime ends while the receiver's
/// window is closed, and the FORWARD TSN that skips it makes the receiver's stack deliver
/// `SCTP_PARTIAL_DELIVERY_EVENT`. libusrsctp writes FreeBSD's 20-byte struct (`u16` stream and
/// sequence), not the 24-byte one `usrsctp.h` declares; the crate used to refuse it as
/// `InvalidLength { length: 20, minimum: 24 }`.
#[test]
fn partial_delivery_aborted_by_pr_sctp_is_a_notification() {
    let (client, server) = pair(
        SctpBuilder::new()
            .subscribe(&[Event::PartialDelivery])
            .recv_buffer_size(32 * 1024),
    );
    // More than the receive buffer, so the receiver delivers it in parts; abandoned 200 ms
    // after it was sent. The send returns once the message is queued.
    let sender = thread::spawn(move || {
        let message = vec![7u8; 256 * 1024];
        client
            .send(
                &message,
                &SendInfo::new().with_pr_policy(PrPolicy::Ttl(200)),
            )
            .unwrap();
        client
    });
    let mut buf = vec![0u8; 4096];
    let Received::Data(first) = server.recv(&mut buf).unwrap() else {
        panic!("notification before any data")
    };
    assert!(!first.is_complete(), "the partial delivery has begun");
    let assoc = first.assoc_id();
    // The window stays closed past the message's lifetime and past the sender's retransmission
    // timeout (usrsctp's minimum RTO is 1 s), whose expiry makes it abandon the message.
    thread::sleep(Duration::from_secs(3));
    let deadline = Instant::now() + TIMEOUT;
    let event = loop {
        assert!(Instant::now() < deadline, "no partial delivery event");
        match server.recv(&mut buf).unwrap() {
            Received::Data(m) => assert_eq!(m.assoc_id(), assoc),
            Received::Notification(Notification::PartialDelivery(p)) => break p,
            Received::Notification(n) => panic!("unexpected {n:?}"),
        }
    };
    assert_eq!(
        event.indication(),
        sctp::notify::PartialDeliveryIndication::Aborted
    );
    // The first message on stream 0.
    assert_eq!((event.stream(), event.seq()), (0, 0));
    assert_eq!(event.assoc_id(), assoc.as_raw());
    assert_eq!(event.length(), 20, "libusrsctp's struct sctp_pdapi_event");
    drop(sender.join().unwrap());
}

#[test]
fn abort_on_a_stream_is_seen_by_the_peer_at_once() {
    let b = SctpBuilder::new().subscribe(&[Event::AssocChange]);
    let (client, server) = pair(b);
    let comm_up = |n: &Notification<'_>| match n {
        Notification::AssocChange(ac) if ac.state() == AssocState::CommUp => Some(()),
        _ => None,
    };
    // Both read their COMM_UP: with nothing unread, a plain close would shut down gracefully
    // (usrsctp aborts on close only when received data is left unread).
    wait_notification(|buf| server.recv(buf), comm_up);
    wait_notification(|buf| client.recv(buf), comm_up);
    let start = Instant::now();
    client.abort().expect("abort");
    // The peer learns of an ABORT, not of a graceful shutdown (which a plain close starts):
    // COMM_LOST, well before any retransmission timer could have given the association up.
    let mut buf = vec![0u8; 64 * 1024];
    let state = match server.recv(&mut buf) {
        Ok(Received::Notification(Notification::AssocChange(ac))) => ac.state(),
        other => panic!("unexpected {other:?}"),
    };
    assert_eq!(state, AssocState::CommLost);
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    // After it, the association is gone on the peer's side too.
    assert!(server.send(b"late", &SendInfo::new()).is_err());

    // Aborting an association that has already ended closes the socket and succeeds, as on
    // the kernel type.
    let (client, server) = pair(SctpBuilder::new());
    drop(server);
    let deadline = Instant::now() + TIMEOUT;
    loop {
        assert!(Instant::now() < deadline, "the end never came");
        if let Received::Data(m) = client.recv(&mut buf).unwrap() {
            if m.data().is_empty() {
                break;
            }
        }
    }
    client.abort().expect("abort of an ended association");
}

// ---- batches (`send_batch`, `recv_batch` into a `RecvBatch`) ------------------------------

/// One item of a receive batch, copied out.
#[derive(Debug, PartialEq)]
enum Item {
    Data(Got),
    Note(Option<AssocState>),
    Truncated { len: usize, buf: usize },
}

fn items(batch: &RecvBatch) -> Vec<Item> {
    batch
        .iter()
        .map(|item| match item {
            Ok(Received::Notification(Notification::AssocChange(ac))) => {
                Item::Note(Some(ac.state()))
            }
            Ok(Received::Notification(_)) => Item::Note(None),
            Ok(data) => Item::Data(got(data).unwrap()),
            Err(Error::NotificationTruncated { len, buf }) => Item::Truncated { len, buf },
            Err(e) => panic!("unexpected {e:?}"),
        })
        .collect()
}

/// Receives batches until `want` data items (notifications skipped) arrived.
fn batch_data(
    mut recv: impl FnMut(&mut RecvBatch) -> Result<usize, Error>,
    batch: &mut RecvBatch,
    want: usize,
) -> Vec<Got> {
    let mut seen = Vec::new();
    let deadline = Instant::now() + TIMEOUT;
    while seen.len() < want {
        assert!(Instant::now() < deadline, "only {} of {want}", seen.len());
        let n = recv(batch).expect("recv_batch");
        assert!(n >= 1, "a blocking recv_batch returns at least one item");
        assert_eq!(n, batch.len());
        assert!(n <= batch.capacity());
        seen.extend(items(batch).into_iter().filter_map(|i| match i {
            Item::Data(g) => Some(g),
            _ => None,
        }));
    }
    seen
}

fn numbered(i: usize) -> Vec<u8> {
    vec![i as u8; 5 + i]
}

#[test]
fn batch_round_trip_on_one_to_one_keeps_metadata_and_order() {
    let (client, server) = pair(SctpBuilder::new().nodelay(true));
    let payloads: Vec<Vec<u8>> = (0..20).map(numbered).collect();
    let msgs: Vec<(&[u8], SendInfo)> = payloads
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let info = SendInfo::new()
                .with_stream((i % 3) as u16)
                .with_ppid(100 + i as u32);
            (&p[..], info)
        })
        .collect();
    assert_eq!(client.send_batch(&msgs).unwrap(), 20);
    assert_eq!(client.send_batch(&[]).unwrap(), 0);
    let mut batch = RecvBatch::new(8, 1024);
    let seen = batch_data(|b| server.recv_batch(b), &mut batch, 20);
    // Ordered delivery keeps each stream's order; all the messages are on streams 0..3 of one
    // association, sent in one order, so each stream's subsequence is the sent one.
    for stream in 0..3u16 {
        let sent: Vec<(Vec<u8>, u32)> = (0..20)
            .filter(|i| i % 3 == stream as usize)
            .map(|i| (numbered(i), 100 + i as u32))
            .collect();
        let got: Vec<(Vec<u8>, u32)> = seen
            .iter()
            .filter(|g| g.stream == stream)
            .map(|g| (g.data.clone(), g.ppid))
            .collect();
        assert_eq!(got, sent, "stream {stream}");
    }
    assert!(seen.iter().all(|g| g.complete && !g.unordered));
    // A batch of one slot still works, and the other way round.
    client
        .send_batch(&[(b"back", SendInfo::new().with_stream(2).with_ppid(7))])
        .unwrap();
    let mut one = RecvBatch::new(1, 64);
    let seen = batch_data(|b| server.recv_batch(b), &mut one, 1);
    assert_eq!(
        (&seen[0].data[..], seen[0].stream, seen[0].ppid),
        (&b"back"[..], 2, 7)
    );
    server
        .send_batch(&[
            (b"r1", SendInfo::new().with_ppid(1)),
            (
                b"r2",
                SendInfo::new()
                    .with_ppid(2)
                    .with_flags(SendFlags::UNORDERED),
            ),
        ])
        .unwrap();
    let seen = batch_data(|b| client.recv_batch(b), &mut batch, 2);
    let mut got: Vec<(Vec<u8>, u32, bool)> = seen
        .into_iter()
        .map(|g| (g.data, g.ppid, g.unordered))
        .collect();
    got.sort();
    assert_eq!(got, [(b"r1".to_vec(), 1, false), (b"r2".to_vec(), 2, true)]);
}

#[test]
fn batch_round_trip_on_one_to_many_routes_by_association() {
    let server = SctpBuilder::new()
        .nodelay(true)
        .one_to_many(&[localhost()])
        .unwrap();
    server.set_read_timeout(Some(TIMEOUT)).unwrap();
    server.listen(8).unwrap();
    let addr = server.local_addr().unwrap();
    let clients: Vec<SctpSocket> = (0..3)
        .map(|_| {
            let c = SctpBuilder::new()
                .nodelay(true)
                .one_to_many(&[localhost()])
                .unwrap();
            c.set_read_timeout(Some(TIMEOUT)).unwrap();
            c
        })
        .collect();
    let ids: Vec<AssocId> = clients
        .iter()
        .map(|c| c.connect(&[addr]).unwrap())
        .collect();
    for (k, (c, id)) in clients.iter().zip(&ids).enumerate() {
        let payloads: Vec<Vec<u8>> = (0..5).map(|i| vec![k as u8; i + 1]).collect();
        let msgs: Vec<(&[u8], SendInfo)> = payloads
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let info = SendInfo::new()
                    .with_assoc_id(*id)
                    .with_stream(1)
                    .with_ppid((k * 10 + i) as u32);
                (&p[..], info)
            })
            .collect();
        assert_eq!(c.send_batch(&msgs).unwrap(), 5);
    }
    let mut batch = RecvBatch::with_addresses(MAX_BATCH, 256);
    let seen = batch_data(|b| server.recv_batch(b), &mut batch, 15);
    // Per association, the order and the metadata are the sent ones.
    let mut by_assoc: std::collections::HashMap<AssocId, Vec<(Vec<u8>, u32)>> =
        std::collections::HashMap::new();
    for g in &seen {
        assert_eq!(g.stream, 1);
        by_assoc
            .entry(g.assoc)
            .or_default()
            .push((g.data.clone(), g.ppid));
    }
    assert_eq!(by_assoc.len(), 3);
    for got in by_assoc.values() {
        let k = got[0].0[0] as usize;
        let want: Vec<(Vec<u8>, u32)> = (0..5)
            .map(|i| (vec![k as u8; i + 1], (k * 10 + i) as u32))
            .collect();
        assert_eq!(got, &want);
    }
    // Replies in one batch to the three associations, each to its own.
    let replies: Vec<(AssocId, Vec<u8>)> = by_assoc
        .iter()
        .map(|(assoc, got)| (*assoc, vec![b'r', got[0].0[0]]))
        .collect();
    let msgs: Vec<(&[u8], SendInfo)> = replies
        .iter()
        .map(|(assoc, p)| (&p[..], SendInfo::new().with_assoc_id(*assoc).with_ppid(9)))
        .collect();
    assert_eq!(server.send_batch(&msgs).unwrap(), 3);
    for (k, c) in clients.iter().enumerate() {
        let mut small = RecvBatch::new(4, 64);
        let got = batch_data(|b| c.recv_batch(b), &mut small, 1);
        assert_eq!((&got[0].data[..], got[0].ppid), (&[b'r', k as u8][..], 9));
    }
    // The senders' addresses come when asked for, and only then, as on the kernel.
    clients[0]
        .send(b"from?", &SendInfo::new().with_assoc_id(ids[0]))
        .unwrap();
    server.recv_batch(&mut batch).unwrap();
    match batch.iter().next().unwrap().unwrap() {
        Received::Data(m) => {
            let from = m.from().expect("asked for");
            assert_eq!(from.ip(), addr.ip());
            assert_eq!(from.port(), clients[0].local_addr().unwrap().port());
        }
        other => panic!("{other:?}"),
    }
    let mut plain = RecvBatch::new(2, 64);
    clients[1]
        .send(b"from?", &SendInfo::new().with_assoc_id(ids[1]))
        .unwrap();
    server.recv_batch(&mut plain).unwrap();
    match plain.iter().next().unwrap().unwrap() {
        Received::Data(m) => assert_eq!(m.from(), None),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_message_longer_than_a_slot_arrives_in_parts_in_a_batch() {
    let (client, server) = pair(SctpBuilder::new().nodelay(true));
    let long: Vec<u8> = (0..100u8).collect();
    client
        .send_batch(&[
            (&long[..], SendInfo::new().with_ppid(1)),
            (b"short", SendInfo::new().with_ppid(2)),
        ])
        .unwrap();
    let mut batch = RecvBatch::new(16, 16);
    let mut parts = Vec::new();
    let deadline = Instant::now() + TIMEOUT;
    while !parts.iter().any(|g: &Got| g.ppid == 2) {
        assert!(Instant::now() < deadline);
        server.recv_batch(&mut batch).unwrap();
        parts.extend(items(&batch).into_iter().map(|i| match i {
            Item::Data(g) => g,
            other => panic!("{other:?}"),
        }));
    }
    // 100 bytes in slots of 16: six parts that are not the end, then the seventh that is.
    let (first, rest) = parts.split_at(7);
    assert!(first.iter().all(|g| g.ppid == 1 && g.data.len() <= 16));
    assert!(first[..6].iter().all(|g| !g.complete && g.data.len() == 16));
    assert!(first[6].complete);
    assert_eq!(
        first
            .iter()
            .flat_map(|g| g.data.clone())
            .collect::<Vec<u8>>(),
        long
    );
    assert_eq!(rest.len(), 1);
    assert_eq!((&rest[0].data[..], rest[0].complete), (&b"short"[..], true));
}

#[test]
fn notifications_come_in_a_batch_in_usrsctps_dialect_and_long_ones_are_reported_once() {
    // A roomy batch: the COMM_UP comes whole, decoded (in the usrsctp dialect: the kernel's
    // layout would read another state or fail), before the data sent after it.
    let (l, addr) = listener(SctpBuilder::new().subscribe(&[Event::AssocChange]));
    let client = SctpBuilder::new().nodelay(true).connect(&[addr]).unwrap();
    let (server, _) = l.accept().unwrap();
    server.set_read_timeout(Some(TIMEOUT)).unwrap();
    client
        .send(b"after", &SendInfo::new().with_ppid(3))
        .unwrap();
    let mut batch = RecvBatch::new(8, 1024);
    let mut seen = Vec::new();
    let deadline = Instant::now() + TIMEOUT;
    while !seen.iter().any(|i| matches!(i, Item::Data(_))) {
        assert!(Instant::now() < deadline);
        server.recv_batch(&mut batch).unwrap();
        seen.extend(items(&batch));
    }
    assert_eq!(seen[0], Item::Note(Some(AssocState::CommUp)));
    assert!(matches!(&seen[1], Item::Data(g) if g.data == b"after" && g.ppid == 3));
    assert_eq!(seen.len(), 2);

    // Slots of 8 bytes: the COMM_UP (20 bytes or more) spans slots and is reported once, as
    // `NotificationTruncated` with its whole length, and the data after it is intact.
    let (l, addr) = listener(SctpBuilder::new().subscribe(&[Event::AssocChange]));
    let client = SctpBuilder::new().nodelay(true).connect(&[addr]).unwrap();
    let (server, _) = l.accept().unwrap();
    server.set_read_timeout(Some(TIMEOUT)).unwrap();
    client
        .send(b"after the event", &SendInfo::new().with_ppid(4))
        .unwrap();
    let mut tiny = RecvBatch::new(16, 8);
    let mut seen = Vec::new();
    let mut data = Vec::new();
    let deadline = Instant::now() + TIMEOUT;
    while data.len() < b"after the event".len() {
        assert!(Instant::now() < deadline);
        server.recv_batch(&mut tiny).unwrap();
        for item in items(&tiny) {
            match item {
                Item::Data(g) => {
                    assert_eq!(g.ppid, 4);
                    data.extend(g.data);
                }
                other => seen.push(other),
            }
        }
    }
    assert_eq!(data, b"after the event");
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert!(
        matches!(seen[0], Item::Truncated { len, buf: 8 } if len >= 20),
        "{seen:?}"
    );
    drop(client);
}

#[test]
fn a_batch_reports_the_end_of_the_association_as_an_empty_message() {
    let (client, server) = pair(SctpBuilder::new().nodelay(true));
    let msgs: Vec<(&[u8], SendInfo)> = (0..MAX_BATCH + 6)
        .map(|_| (&b"x"[..], SendInfo::new()))
        .collect();
    assert_eq!(client.send_batch(&msgs).unwrap(), MAX_BATCH);
    let mut batch = RecvBatch::new(1000, 16);
    assert_eq!(batch.capacity(), MAX_BATCH);
    assert_eq!(
        batch_data(|b| server.recv_batch(b), &mut batch, MAX_BATCH).len(),
        MAX_BATCH
    );
    client.send(b"last", &SendInfo::new()).unwrap();
    client.shutdown(std::net::Shutdown::Write).unwrap();
    // The last message, then the end: one empty, complete message that ends its batch.
    let mut seen = Vec::new();
    let deadline = Instant::now() + TIMEOUT;
    while !matches!(seen.last(), Some(Item::Data(g)) if g.data.is_empty()) {
        assert!(Instant::now() < deadline);
        server.recv_batch(&mut batch).unwrap();
        let got = items(&batch);
        if let Some(end) = got
            .iter()
            .position(|i| matches!(i, Item::Data(g) if g.data.is_empty()))
        {
            assert_eq!(end, got.len() - 1, "nothing follows the end: {got:?}");
        }
        seen.extend(got);
    }
    assert!(matches!(&seen[0], Item::Data(g) if g.data == b"last"));
    assert!(matches!(&seen[1], Item::Data(g) if g.data.is_empty() && g.complete));
    assert_eq!(seen.len(), 2);
    // And again on the next call, as `recv` reads it again.
    assert_eq!(server.recv_batch(&mut batch).unwrap(), 1);
    assert!(matches!(&items(&batch)[..], [Item::Data(g)] if g.data.is_empty()));
}

#[test]
fn a_refused_message_ends_a_send_batch_with_the_count_sent() {
    let (client, server) = pair(SctpBuilder::new().nodelay(true));
    let (_, outbound) = client.streams().unwrap();
    let msgs: [(&[u8], SendInfo); 4] = [
        (b"one", SendInfo::new().with_ppid(1)),
        (b"two", SendInfo::new().with_ppid(2)),
        // A stream the association does not have: usrsctp refuses this message.
        (b"bad", SendInfo::new().with_stream(outbound).with_ppid(3)),
        (b"four", SendInfo::new().with_ppid(4)),
    ];
    assert_eq!(client.send_batch(&msgs).unwrap(), 2);
    // Refused first, its error is the call's.
    assert!(matches!(client.send_batch(&msgs[2..]), Err(Error::Io(_))));
    client.send(b"five", &SendInfo::new().with_ppid(5)).unwrap();
    let mut batch = RecvBatch::new(MAX_BATCH, 256);
    let seen = batch_data(|b| server.recv_batch(b), &mut batch, 3);
    let got: Vec<(u32, Vec<u8>)> = seen.into_iter().map(|g| (g.ppid, g.data)).collect();
    assert_eq!(
        got,
        [
            (1, b"one".to_vec()),
            (2, b"two".to_vec()),
            (5, b"five".to_vec())
        ]
    );
}

#[test]
fn nonblocking_recv_batch_with_nothing_queued_would_block() {
    let (client, server) = pair(SctpBuilder::new().nodelay(true));
    server.set_nonblocking(true).unwrap();
    let mut batch = RecvBatch::new(4, 64);
    let would_block = |r: Result<usize, Error>| match r {
        Err(Error::Io(e)) => e.kind() == io::ErrorKind::WouldBlock,
        other => panic!("expected WouldBlock, got {other:?}"),
    };
    assert!(would_block(server.recv_batch(&mut batch)));
    assert!(batch.is_empty());
    // Then what arrives is taken, without waiting.
    client.send(b"now", &SendInfo::new()).unwrap();
    let deadline = Instant::now() + TIMEOUT;
    loop {
        match server.recv_batch(&mut batch) {
            Ok(n) => {
                assert_eq!(n, 1);
                break;
            }
            Err(Error::Io(e)) if e.kind() == io::ErrorKind::WouldBlock => {
                assert!(Instant::now() < deadline);
                thread::sleep(Duration::from_millis(5));
            }
            Err(e) => panic!("{e:?}"),
        }
    }
    assert!(matches!(&items(&batch)[..], [Item::Data(g)] if g.data == b"now"));
    // The same on a one-to-many socket, and with a read timeout on a blocking one.
    let socket = SctpSocket::bind(localhost()).unwrap();
    socket.set_nonblocking(true).unwrap();
    assert!(would_block(socket.recv_batch(&mut batch)));
    socket.set_nonblocking(false).unwrap();
    socket
        .set_read_timeout(Some(Duration::from_millis(50)))
        .unwrap();
    let start = Instant::now();
    assert!(would_block(socket.recv_batch(&mut batch)));
    assert!(start.elapsed() >= Duration::from_millis(50));
}

#[test]
fn an_abort_after_queued_data_delivers_the_data_then_the_reset() {
    let (client, server) = pair(SctpBuilder::new().nodelay(true));
    let info = SendInfo::new().with_ppid(6);
    assert_eq!(client.send_batch(&[(b"a", info), (b"b", info)]).unwrap(), 2);
    client.abort().unwrap();
    // The data queued before the ABORT is delivered whole and in order; the reset comes after
    // it, as an error of a call of its own (a batch that meets it after an item ends there and
    // leaves it to the next receive).
    let mut batch = RecvBatch::new(8, 64);
    let mut data = Vec::new();
    let deadline = Instant::now() + TIMEOUT;
    let err = loop {
        assert!(Instant::now() < deadline);
        match server.recv_batch(&mut batch) {
            Ok(n) => {
                assert!(n >= 1);
                data.extend(items(&batch).into_iter().map(|i| match i {
                    Item::Data(g) => g.data,
                    other => panic!("{other:?}"),
                }));
            }
            Err(e) => break e,
        }
    };
    assert_eq!(data, [b"a".to_vec(), b"b".to_vec()]);
    match err {
        Error::Io(e) => assert_eq!(e.kind(), io::ErrorKind::ConnectionReset),
        other => panic!("expected the reset, got {other:?}"),
    }
}

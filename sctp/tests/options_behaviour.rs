//! Socket options whose effect can be observed: each test sets an option and checks what the
//! kernel then does on a real association (kernel tests, run in the VM).

mod common;

use std::net::SocketAddr;
use std::os::fd::OwnedFd;
use std::time::{Duration, Instant};

use sctp::notify::{AssocState as Change, Notification};
use sctp::{
    AssocId, AssocState, DefaultSendInfo, Error, Event, PeerAddrState, PrKind, PrPolicy, Received,
    ResetDirection, SctpListener, SctpSocket, SctpStream, SendFlags, SendInfo, StreamResetFlags,
    StreamScheduler,
};
use socket2::{Domain, Protocol, SockRef, Socket, Type};

const TIMEOUT: Duration = Duration::from_secs(10);

fn addr(s: &str) -> SocketAddr {
    s.parse().unwrap()
}

fn listener(local: &str, configure: impl FnOnce(&SctpListener)) -> SctpListener {
    let l = SctpListener::bind(addr(local)).expect("SCTP listener (does the kernel have SCTP?)");
    l.set_read_timeout(Some(TIMEOUT)).unwrap();
    configure(&l);
    l
}

/// A one-to-one client configured before it connects.
fn client(peer: SocketAddr, configure: impl FnOnce(&SctpStream)) -> SctpStream {
    let domain = if peer.is_ipv4() {
        Domain::IPV4
    } else {
        Domain::IPV6
    };
    let s = Socket::new(domain, Type::STREAM, Some(Protocol::SCTP)).expect("SCTP socket");
    let stream = SctpStream::from(OwnedFd::from(s));
    configure(&stream);
    SockRef::from(&stream)
        .connect(&peer.into())
        .expect("connect");
    timeouts(&stream);
    stream
}

fn timeouts(s: &SctpStream) {
    s.set_read_timeout(Some(TIMEOUT)).unwrap();
    s.set_write_timeout(Some(TIMEOUT)).unwrap();
}

/// A connected pair whose two ends were configured before the handshake.
fn pair(
    local: &str,
    server_cfg: impl FnOnce(&SctpListener),
    client_cfg: impl FnOnce(&SctpStream),
) -> (SctpStream, SctpStream) {
    let l = listener(local, server_cfg);
    let c = client(l.local_addr().unwrap(), client_cfg);
    let (s, _) = l.accept().expect("accept");
    timeouts(&s);
    (c, s)
}

/// Receives until a notification satisfies `pred`; data on the way is counted and returned.
fn wait_notification(s: &SctpStream, mut pred: impl FnMut(&Notification<'_>) -> bool) -> usize {
    let mut buf = vec![0u8; 65536];
    let mut data = 0;
    let deadline = Instant::now() + TIMEOUT;
    while Instant::now() < deadline {
        match s
            .recv(&mut buf)
            .expect("recv (timed out waiting for a notification?)")
        {
            Received::Notification(n) if pred(&n) => return data,
            Received::Notification(_) => {}
            Received::Data(_) => data += 1,
        }
    }
    panic!("notification did not arrive");
}

/// Receives the next user message, skipping notifications; returns (stream, ssn, payload).
fn next_data(s: &SctpStream) -> (u16, u16, Vec<u8>) {
    let mut buf = vec![0u8; 65536];
    loop {
        match s.recv(&mut buf).expect("recv") {
            Received::Data(m) => {
                let ssn = m.rcv_info().expect("RCVINFO").ssn;
                return (m.stream(), ssn, m.data().to_vec());
            }
            Received::Notification(_) => {}
        }
    }
}

fn reconf(flags: StreamResetFlags) -> impl Fn(&SctpStream) {
    move |s| {
        s.set_reconfig_supported(true).unwrap();
        s.set_enable_stream_reset(flags).unwrap();
        s.subscribe(&[Event::StreamReset, Event::AssocReset, Event::StreamChange])
            .unwrap();
    }
}

fn reconf_listener(flags: StreamResetFlags) -> impl Fn(&SctpListener) {
    move |l| {
        l.set_reconfig_supported(true).unwrap();
        l.set_enable_stream_reset(flags).unwrap();
        l.subscribe(&[Event::StreamReset, Event::AssocReset, Event::StreamChange])
            .unwrap();
    }
}

/// RFC 6525 §6.3.2: resetting an outgoing stream tells both ends with a stream reset event
/// and restarts the stream's sequence numbers at 0.
fn reset_streams_restarts_ssn(local: &str) {
    let flags = StreamResetFlags::RESET_STREAMS;
    let (c, s) = pair(local, reconf_listener(flags), reconf(flags));
    assert!(c.reconfig_supported().unwrap(), "RE-CONFIG negotiated");

    for i in 0..3u16 {
        c.send(b"before", &SendInfo::new().with_stream(1)).unwrap();
        assert_eq!(next_data(&s), (1, i, b"before".to_vec()));
    }
    c.reset_streams(ResetDirection::Outgoing, &[1]).unwrap();

    wait_notification(&c, |n| match n {
        Notification::StreamReset(r) => {
            assert!(r.outgoing() && !r.denied() && !r.failed(), "{r:?}");
            assert_eq!(r.streams().collect::<Vec<_>>(), vec![1]);
            true
        }
        _ => false,
    });
    wait_notification(&s, |n| match n {
        Notification::StreamReset(r) => {
            assert!(r.incoming() && !r.denied() && !r.failed(), "{r:?}");
            assert_eq!(r.streams().collect::<Vec<_>>(), vec![1]);
            true
        }
        _ => false,
    });

    c.send(b"after", &SendInfo::new().with_stream(1)).unwrap();
    assert_eq!(
        next_data(&s),
        (1, 0, b"after".to_vec()),
        "SSN restarts at 0"
    );
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn reset_streams_ipv4() {
    reset_streams_restarts_ssn("127.0.0.1:0");
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn reset_streams_ipv6() {
    reset_streams_restarts_ssn("[::1]:0");
}

/// Without RE-CONFIG negotiated the request is refused with the typed error.
#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn reset_streams_without_reconfig_is_not_enabled() {
    let (c, _s) = pair("127.0.0.1:0", |_| {}, |_| {});
    assert!(!c.reconfig_supported().unwrap());
    match c.reset_streams(ResetDirection::Outgoing, &[]) {
        Err(Error::OptionNotEnabled {
            option: "SCTP_RESET_STREAMS",
        }) => {}
        other => panic!("expected OptionNotEnabled, got {other:?}"),
    }
    match c.add_streams(1, 1) {
        Err(Error::OptionNotEnabled {
            option: "SCTP_ADD_STREAMS",
        }) => {}
        other => panic!("expected OptionNotEnabled, got {other:?}"),
    }
}

/// RFC 6525 §6.3.4: adding outgoing streams raises the negotiated count and is reported.
#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn add_streams_grows_the_stream_count() {
    let flags = StreamResetFlags::ADD_STREAMS;
    let (c, s) = pair("127.0.0.1:0", reconf_listener(flags), reconf(flags));
    let before = c.status().unwrap().out_streams;
    c.add_streams(0, 5).unwrap();
    wait_notification(&c, |n| match n {
        Notification::StreamChange(ch) => {
            // Linux reports the number of streams added, not the new total.
            assert_eq!((ch.inbound_streams(), ch.outbound_streams()), (0, 5));
            assert_eq!(ch.flags() & 0x0c, 0, "neither denied nor failed");
            true
        }
        _ => false,
    });
    assert_eq!(c.status().unwrap().out_streams, before + 5);
    // The new stream carries data.
    c.send(b"new stream", &SendInfo::new().with_stream(before + 4))
        .unwrap();
    assert_eq!(next_data(&s), (before + 4, 0, b"new stream".to_vec()));
}

/// RFC 6525 §6.3.3: an SSN/TSN reset restarts every stream's sequence numbers.
#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn reset_assoc_restarts_all_streams() {
    let flags = StreamResetFlags::RESET_ASSOC;
    let (c, s) = pair("127.0.0.1:0", reconf_listener(flags), reconf(flags));
    c.send(b"one", &SendInfo::new().with_stream(0)).unwrap();
    c.send(b"two", &SendInfo::new().with_stream(0)).unwrap();
    assert_eq!(next_data(&s).1, 0);
    assert_eq!(next_data(&s).1, 1);
    // The request waits for outstanding data to be acknowledged (`EAGAIN` until then).
    let deadline = Instant::now() + TIMEOUT;
    loop {
        match c.reset_assoc() {
            Ok(()) => break,
            Err(Error::Io(e)) if e.raw_os_error() == Some(libc::EAGAIN) => {
                assert!(Instant::now() < deadline, "data never acknowledged");
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => panic!("reset_assoc: {e:?}"),
        }
    }
    wait_notification(
        &c,
        |n| matches!(n, Notification::AssocReset(r) if r.flags() & 0x0c == 0),
    );
    c.send(b"three", &SendInfo::new().with_stream(0)).unwrap();
    assert_eq!(next_data(&s), (0, 0, b"three".to_vec()));
}

/// RFC 7496 §3.1: messages whose lifetime ends before they can be sent are abandoned, counted
/// in the PR status, and never delivered.
#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn pr_ttl_abandons_messages() {
    let (c, s) = pair(
        "127.0.0.1:0",
        |l| {
            // A small receive window, so most messages wait in the sender's queue.
            SockRef::from(l).set_recv_buffer_size(4096).unwrap();
        },
        |c| c.set_pr_supported(true).unwrap(),
    );
    assert!(c.pr_supported().unwrap(), "PR-SCTP negotiated");
    let ttl = SendInfo::new().with_pr_policy(PrPolicy::Ttl(20));

    const SENT: usize = 200;
    let payload = [7u8; 1000];
    c.set_nonblocking(true).unwrap();
    let mut sent = 0;
    for _ in 0..SENT {
        match c.send(&payload, &ttl) {
            Ok(_) => sent += 1,
            Err(Error::Io(e)) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(e) => panic!("send: {e}"),
        }
    }
    c.set_nonblocking(false).unwrap();
    std::thread::sleep(Duration::from_millis(300));

    // Drain what arrives.
    s.set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    let mut buf = vec![0u8; 4096];
    let mut received = 0;
    loop {
        match s.recv(&mut buf) {
            Ok(Received::Data(m)) if m.is_complete() => received += 1,
            Ok(_) => {}
            Err(_) => break,
        }
    }
    let status = c.pr_assoc_status(PrKind::All).unwrap();
    let by_ttl = c.pr_assoc_status(PrKind::Ttl).unwrap();
    let abandoned = status.abandoned_sent + status.abandoned_unsent;
    assert!(
        abandoned > 0,
        "nothing abandoned: {status:?}, {received}/{sent} received"
    );
    assert_eq!(
        status, by_ttl,
        "every abandoned message was abandoned by TTL"
    );
    assert_eq!(c.pr_assoc_status(PrKind::Rtx).unwrap().abandoned_unsent, 0);
    assert!(received < sent, "{received} of {sent} delivered");
    let per_stream = c.pr_stream_status(0, PrKind::Ttl).unwrap();
    assert!(
        per_stream.abandoned_sent + per_stream.abandoned_unsent > 0,
        "{per_stream:?}"
    );
}

/// RFC 6458 §8.1.8: an idle association of a one-to-many socket is shut down by autoclose.
#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn autoclose_closes_idle_association() {
    let server = SctpSocket::bind(addr("127.0.0.1:0")).expect("SCTP one-to-many socket");
    server.listen(8).unwrap();
    server.set_read_timeout(Some(TIMEOUT)).unwrap();
    server.set_autoclose(Some(Duration::from_secs(1))).unwrap();
    server.subscribe(&[Event::AssocChange]).unwrap();

    let c = SctpStream::connect(server.local_addr().unwrap()).expect("connect");
    timeouts(&c);
    c.send(b"hello", &SendInfo::new()).unwrap();
    let started = Instant::now();
    let mut buf = vec![0u8; 4096];
    let mut up = false;
    loop {
        match server.recv(&mut buf).expect("recv") {
            Received::Notification(Notification::AssocChange(a)) => match a.state() {
                Change::CommUp => up = true,
                Change::ShutdownComplete => break,
                other => panic!("unexpected {other:?}"),
            },
            Received::Notification(_) | Received::Data(_) => {}
        }
    }
    assert!(up);
    let idle = started.elapsed();
    assert!(idle >= Duration::from_millis(900), "closed after {idle:?}");
    assert_eq!(server.assoc_number().unwrap(), 0);
    // The client sees the end of the association.
    let mut buf = [0u8; 64];
    match c.recv(&mut buf) {
        Ok(Received::Data(m)) => assert!(m.data().is_empty(), "{m:?}"),
        Ok(Received::Notification(_)) | Err(_) => {}
    }
}

/// RFC 6458 §8.1.11: with fragmentation disabled, a message above the fragmentation point is
/// refused with `EMSGSIZE`; allowed again, it goes through.
#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn disable_fragments_refuses_large_messages() {
    let (c, s) = pair("127.0.0.1:0", |_| {}, |c| c.set_max_seg(1000).unwrap());
    let point = c.status().unwrap().fragmentation_point;
    assert!(point <= 1000, "fragmentation point {point}");
    let big = vec![1u8; point as usize + 500];
    let small = vec![2u8; point as usize];

    c.set_disable_fragments(true).unwrap();
    match c.send(&big, &SendInfo::new()) {
        Err(Error::Io(e)) if e.raw_os_error() == Some(libc::EMSGSIZE) => {}
        other => panic!("expected EMSGSIZE, got {other:?}"),
    }
    c.send(&small, &SendInfo::new()).unwrap();
    assert_eq!(next_data(&s).2, small);

    c.set_disable_fragments(false).unwrap();
    c.send(&big, &SendInfo::new()).unwrap();
    assert_eq!(next_data(&s).2, big);
}

/// RFC 8260 §4.3.1: I-DATA is used only when both ends offer it.
#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn interleaving_negotiates_idata() {
    let _intl = common::SctpSysctl::set("intl_enable", "1");
    let on_l = |l: &SctpListener| {
        l.set_fragment_interleave(true).unwrap();
        l.set_interleaving_supported(true).unwrap();
    };
    let on_c = |c: &SctpStream| {
        c.set_fragment_interleave(true).unwrap();
        c.set_interleaving_supported(true).unwrap();
    };
    let (c, s) = pair("127.0.0.1:0", on_l, on_c);
    assert!(
        c.interleaving_supported().unwrap(),
        "client negotiated I-DATA"
    );
    assert!(
        s.interleaving_supported().unwrap(),
        "server negotiated I-DATA"
    );
    let big = vec![3u8; 20_000];
    c.send(&big, &SendInfo::new().with_stream(1)).unwrap();
    c.send(b"small", &SendInfo::new().with_stream(2)).unwrap();
    let mut got = [next_data(&s), next_data(&s)];
    got.sort();
    assert_eq!(got[0].2, big);
    assert_eq!(got[1].2, b"small");

    // Only one end offering: plain DATA.
    let (c, s) = pair("127.0.0.1:0", |_| {}, on_c);
    assert!(!c.interleaving_supported().unwrap());
    assert!(!s.interleaving_supported().unwrap());
}

/// The read-only association options describe a live association.
fn association_views(local: &str) {
    let (c, s) = pair(local, |_| {}, |_| {});
    let peer = s.local_addr().unwrap();
    c.send(b"x", &SendInfo::new()).unwrap();
    next_data(&s);

    let status = c.status().unwrap();
    assert_eq!(status.state, AssocState::Established);
    assert!(status.out_streams > 0 && status.in_streams > 0);
    let primary = status.primary.expect("primary path");
    assert_eq!(primary.address, peer);
    assert_eq!(primary.state, PeerAddrState::Active);

    let info = c.peer_addr_info(peer).unwrap();
    assert_eq!(info.address, peer);
    assert!(info.mtu > 0 && info.cwnd > 0);
    assert!(info.rto > Duration::ZERO);
    assert_eq!(c.primary_addr().unwrap(), peer);
    c.set_primary(peer).unwrap();
    assert_eq!(c.primary_addr().unwrap(), peer);

    let stats = c.assoc_stats().unwrap();
    assert!(stats.out_packets > 0 && stats.in_packets > 0, "{stats:?}");
    assert!(stats.out_ordered_chunks >= 1, "{stats:?}");

    let assoc = c.assoc_info().unwrap();
    assert_eq!(assoc.peer_destinations, 1);
    assert!(assoc.peer_rwnd > 0);

    // Per-path parameters of the association's one path.
    let params = c.peer_addr_params(Some(peer)).unwrap();
    assert_eq!(params.address, Some(peer));
    assert!(params.path_mtu > 0);
    let thresholds = c.path_thresholds(Some(peer)).unwrap();
    assert!(thresholds.path_max_retrans > 0);

    // An address that is not the peer's.
    assert!(matches!(
        c.peer_addr_info(addr("192.0.2.1:9")),
        Err(Error::Io(_))
    ));
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn association_views_ipv4() {
    association_views("127.0.0.1:0");
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn association_views_ipv6() {
    association_views("[::1]:0");
}

/// On a one-to-many socket options address one association by id, leaving others alone, and
/// the id list follows the associations.
#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn one_to_many_per_association() {
    let server = SctpSocket::bind(addr("127.0.0.1:0")).expect("SCTP one-to-many socket");
    server.listen(8).unwrap();
    let to = server.local_addr().unwrap();
    let client = SctpSocket::bind(addr("127.0.0.1:0")).unwrap();
    let a1 = client.connect(&[to]).unwrap();
    let server2 = SctpSocket::bind(addr("127.0.0.1:0")).unwrap();
    server2.listen(8).unwrap();
    let a2 = client.connect(&[server2.local_addr().unwrap()]).unwrap();

    let mut ids = client.assoc_ids().unwrap();
    ids.sort();
    let mut want = vec![a1, a2];
    want.sort();
    assert_eq!(ids, want);
    assert_eq!(client.assoc_number().unwrap(), 2);

    client.set_context(a1, 11).unwrap();
    client.set_context(a2, 22).unwrap();
    assert_eq!(client.context(a1).unwrap(), 11);
    assert_eq!(client.context(a2).unwrap(), 22);
    client.set_context(AssocId::CURRENT, 33).unwrap();
    assert_eq!(client.context(a1).unwrap(), 33);
    assert_eq!(client.context(a2).unwrap(), 33);

    client.set_max_burst(a1, 2).unwrap();
    assert_eq!(client.max_burst(a1).unwrap(), 2);
    assert_ne!(client.max_burst(a2).unwrap(), 2);

    client
        .set_stream_scheduler(a1, StreamScheduler::Priority)
        .unwrap();
    assert_eq!(
        client.stream_scheduler(a1).unwrap(),
        StreamScheduler::Priority
    );
    client.set_stream_scheduler_value(a1, 1, 7).unwrap();
    assert_eq!(client.stream_scheduler_value(a1, 1).unwrap(), 7);
    assert_eq!(client.stream_scheduler(a2).unwrap(), StreamScheduler::Fcfs);

    assert_eq!(client.status(a2).unwrap().state, AssocState::Established);
    client.abort(a2, b"done").unwrap();
    let deadline = Instant::now() + TIMEOUT;
    while client.assoc_number().unwrap() != 1 {
        assert!(
            Instant::now() < deadline,
            "aborted association still listed"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(client.assoc_ids().unwrap(), vec![a1]);
    assert!(matches!(client.status(a2), Err(Error::Io(_))));
}

/// RFC 4895: chunk types one end requires authenticated are visible to the other end once
/// AUTH is negotiated, and data still flows (authenticated).
#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn auth_chunks_are_negotiated() {
    let (c, s) = pair(
        "127.0.0.1:0",
        |l| {
            l.set_auth_supported(true).unwrap();
            l.add_auth_chunk(0).unwrap(); // DATA
        },
        |c| c.set_auth_supported(true).unwrap(),
    );
    let peer_chunks = c.peer_auth_chunks().unwrap();
    assert!(peer_chunks.contains(&0), "{peer_chunks:?}");
    assert!(s.local_auth_chunks().unwrap().contains(&0));
    c.send(b"signed", &SendInfo::new()).unwrap();
    assert_eq!(next_data(&s).2, b"signed");

    // A new key, made active on both ends, keeps data flowing.
    for end in [&c, &s] {
        end.set_auth_key(1, b"0123456789abcdef").unwrap();
        end.set_active_auth_key(1).unwrap();
    }
    c.send(b"signed again", &SendInfo::new()).unwrap();
    assert_eq!(next_data(&s).2, b"signed again");
}

/// Options on an association that has ended fail with the kernel's error, not a panic.
#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn options_after_the_association_ended() {
    let (c, s) = pair("127.0.0.1:0", |_| {}, |_| {});
    drop(s);
    // Wait for the shutdown to reach the client.
    let mut buf = [0u8; 256];
    let deadline = Instant::now() + TIMEOUT;
    loop {
        match c.recv(&mut buf) {
            Ok(Received::Data(m)) if m.data().is_empty() => break,
            Ok(_) if Instant::now() < deadline => {}
            _ => break,
        }
    }
    assert!(matches!(c.status(), Err(Error::Io(_))), "{:?}", c.status());
    assert!(matches!(
        c.reset_streams(ResetDirection::Outgoing, &[]),
        Err(Error::Io(_)) | Err(Error::OptionNotEnabled { .. })
    ));
    // Endpoint options still work.
    c.set_nodelay(true).unwrap();
    assert!(c.nodelay().unwrap());
}

/// RFC 6458 §8.1.31: the default send information applies to messages sent without any
/// (a plain `send(2)`, here through socket2).
#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn default_send_info_applies_to_plain_sends() {
    let (c, s) = pair("127.0.0.1:0", |_| {}, |_| {});
    c.set_default_send_info(
        &DefaultSendInfo::new()
            .with_stream(2)
            .with_ppid(99)
            .with_context(0)
            .with_flags(SendFlags::UNORDERED)
            .with_time_to_live(Duration::ZERO),
    )
    .unwrap();
    SockRef::from(&c).send(b"plain").unwrap();
    let mut buf = [0u8; 64];
    let msg = loop {
        if let Received::Data(m) = s.recv(&mut buf).unwrap() {
            break m;
        }
    };
    assert_eq!(
        (msg.data(), msg.stream(), msg.ppid()),
        (&b"plain"[..], 2, 99)
    );
    assert!(msg.is_unordered());
    // An explicit send still uses its own information.
    c.send(b"explicit", &SendInfo::new().with_stream(1).with_ppid(7))
        .unwrap();
    let msg = loop {
        if let Received::Data(m) = s.recv(&mut buf).unwrap() {
            break m;
        }
    };
    assert_eq!((msg.stream(), msg.ppid()), (1, 7));
}

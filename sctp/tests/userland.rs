//! The userland backend (usrsctp over UDP on loopback) on this host: no kernel SCTP and no VM
//! needed, so these run with a plain `cargo test` and first in `cargo xtask test`.
//!
//! usrsctp runs once per process: every test of this binary shares one stack on a UDP port
//! chosen free when the first test starts, and its associations run over loopback between
//! sockets of that same stack (remote UDP port = own port).

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::sync::OnceLock;
use std::thread;
use std::time::{Duration, Instant};

use sctp::notify::{AssocState, Notification};
use sctp::userland::{SctpBuilder, SctpListener, SctpSocket, SctpStream, Stack};
use sctp::{AssocId, Error, Event, InitParams, PrPolicy, Received, SendFlags, SendInfo};

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

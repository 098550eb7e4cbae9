//! Kernel tests of the one-to-one style: `SctpListener` and `SctpStream`.

mod common;

use std::io::{Read, Write};
use std::os::fd::{AsFd, AsRawFd, FromRawFd, IntoRawFd, OwnedFd};

use common::*;
use sctp::notify::{AssocState, Notification};
use sctp::{
    AssocId, Error, Event, InitParams, SctpBuilder, SctpListener, SctpStream, SendFlags, SendInfo,
};

fn roundtrip(listen: &str) {
    let (client, server) = pair(listen);
    let info = SendInfo::new().with_stream(3).with_ppid(46);
    assert_eq!(client.send(b"hello", &info).unwrap(), 5);
    let mut buf = [0u8; 1024];
    let msg = data(server.recv(&mut buf));
    assert_eq!(msg.data(), b"hello");
    assert_eq!(msg.stream(), 3);
    assert_eq!(msg.ppid(), 46);
    assert!(msg.is_complete());
    assert!(!msg.is_unordered());
    let rcv = msg.rcv_info().expect("RCVINFO on by default");
    assert_eq!(rcv.ssn, 0);
    // `recv` leaves the sender's address out on a one-to-one socket; `recv_from` asks for it.
    assert_eq!(msg.from(), None);
    assert_eq!(client.send(b"again", &info).unwrap(), 5);
    let msg = data(server.recv_from(&mut buf));
    assert_eq!(msg.data(), b"again");
    assert_eq!(msg.from(), Some(client.local_addr().unwrap()));

    // And back.
    server
        .send(b"world", &SendInfo::new().with_stream(1).with_ppid(7))
        .unwrap();
    let msg = data(client.recv(&mut buf));
    assert_eq!(
        (msg.data(), msg.stream(), msg.ppid()),
        (&b"world"[..], 1, 7)
    );
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn send_recv_ipv4() {
    roundtrip("127.0.0.1:0");
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn send_recv_ipv6() {
    roundtrip("[::1]:0");
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn v4_mapped_peer_on_ipv6_listener() {
    let l = listener("[::]:0");
    let port = l.local_addr().unwrap().port();
    let client = SctpStream::connect(addr(&format!("127.0.0.1:{port}"))).unwrap();
    bound(&client);
    let (server, peer) = l.accept().unwrap();
    bound(&server);
    assert_eq!(
        peer,
        addr(&format!(
            "[::ffff:127.0.0.1]:{}",
            client.local_addr().unwrap().port()
        ))
    );
    client.send(b"x", &SendInfo::new()).unwrap();
    let mut buf = [0u8; 64];
    assert_eq!(data(server.recv(&mut buf)).data(), b"x");
    // Connecting through an IPv4-mapped address from an IPv6 socket works as well.
    let mapped = SctpStream::connect(addr(&format!("[::ffff:127.0.0.1]:{port}"))).unwrap();
    let (_s2, peer2) = l.accept().unwrap();
    assert!(peer2.is_ipv6());
    drop(mapped);
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn partial_messages_are_reported() {
    let (client, server) = pair("127.0.0.1:0");
    let big: Vec<u8> = (0..3000u32).map(|i| i as u8).collect();
    client.send(&big, &SendInfo::new().with_ppid(9)).unwrap();
    client.send(b"next", &SendInfo::new()).unwrap();
    let mut buf = [0u8; 1000];
    let mut got = Vec::new();
    let mut parts = 0;
    loop {
        let msg = data(server.recv(&mut buf));
        parts += 1;
        assert_eq!(msg.ppid(), 9);
        got.extend_from_slice(msg.data());
        if msg.is_complete() {
            break;
        }
        assert_eq!(msg.data().len(), 1000);
    }
    assert_eq!(parts, 3);
    assert_eq!(got, big);
    let msg = data(server.recv(&mut buf));
    assert_eq!(msg.data(), b"next");
    assert!(msg.is_complete());
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn unordered_flag_is_delivered() {
    let (client, server) = pair("127.0.0.1:0");
    client
        .send(b"u", &SendInfo::new().with_flags(SendFlags::UNORDERED))
        .unwrap();
    client.send(b"o", &SendInfo::new()).unwrap();
    let mut buf = [0u8; 64];
    let first = data(server.recv(&mut buf));
    assert_eq!(first.data(), b"u");
    assert!(first.is_unordered());
    let second = data(server.recv(&mut buf));
    assert_eq!(second.data(), b"o");
    assert!(!second.is_unordered());
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn ppid_is_big_endian_on_the_wire() {
    // A raw IPv4 socket of protocol SCTP sees a copy of every SCTP packet on loopback.
    let raw = socket2::Socket::new(
        socket2::Domain::IPV4,
        socket2::Type::RAW,
        Some(socket2::Protocol::SCTP),
    )
    .expect("raw socket (root in the VM)");
    raw.set_read_timeout(Some(TIMEOUT)).unwrap();
    let (client, server) = pair("127.0.0.1:0");
    let ppid = 0x0102_0304;
    client
        .send(b"ppid-probe", &SendInfo::new().with_ppid(ppid))
        .unwrap();
    let mut buf = [0u8; 64];
    assert_eq!(data(server.recv(&mut buf)).ppid(), ppid);

    let mut packet = [0u8; 2048];
    loop {
        let n = (&raw)
            .read(&mut packet)
            .expect("a packet within the timeout");
        let p = &packet[..n];
        let ihl = usize::from(p[0] & 0x0f) * 4;
        let mut off = ihl + 12; // IP header, SCTP common header
        while off + 4 <= p.len() {
            let ty = p[off];
            let len = usize::from(u16::from_be_bytes([p[off + 2], p[off + 3]]));
            if ty == 0 && p[off + 16..].starts_with(b"ppid-probe") {
                // DATA chunk: type, flags, length, TSN, stream, SSN, ppid.
                assert_eq!(&p[off + 12..off + 16], &[1, 2, 3, 4]);
                return;
            }
            if len < 4 {
                break;
            }
            off += (len + 3) & !3;
        }
    }
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn notifications_interleave_with_data() {
    let l = SctpBuilder::new()
        .subscribe(&[Event::AssocChange, Event::Shutdown])
        .listener(&[addr("127.0.0.1:0")])
        .expect("listener");
    let client = SctpStream::connect(l.local_addr().unwrap()).unwrap();
    let (server, _) = l.accept().unwrap();
    bound(&server);
    client.send(b"one", &SendInfo::new()).unwrap();
    client.shutdown(std::net::Shutdown::Write).unwrap();
    let mut buf = [0u8; 1024];
    match notification(server.recv(&mut buf)) {
        Notification::AssocChange(ac) => assert_eq!(ac.state(), AssocState::CommUp),
        other => panic!("expected COMM_UP, got {other:?}"),
    }
    assert_eq!(data(server.recv(&mut buf)).data(), b"one");
    assert!(matches!(
        notification(server.recv(&mut buf)),
        Notification::Shutdown(_)
    ));
    match notification(server.recv(&mut buf)) {
        Notification::AssocChange(ac) => assert_eq!(ac.state(), AssocState::ShutdownComplete),
        other => panic!("expected SHUTDOWN_COMP, got {other:?}"),
    }
    // After the shutdown the stream reads an empty message.
    let eof = data(server.recv(&mut buf));
    assert!(eof.data().is_empty());
    assert!(eof.is_complete());
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn shutdown_gives_end_of_stream_to_read() {
    let (mut client, mut server) = pair("127.0.0.1:0");
    client.write_all(b"bytes").unwrap();
    client.shutdown(std::net::Shutdown::Write).unwrap();
    let mut got = Vec::new();
    server.read_to_end(&mut got).unwrap();
    assert_eq!(got, b"bytes");
    // Write on the server side still works until the association is closed.
    drop(server);
    let mut buf = [0u8; 16];
    assert_eq!(client.read(&mut buf).unwrap(), 0);
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn abort_ends_the_association() {
    let l = SctpBuilder::new()
        .subscribe(&[Event::AssocChange])
        .listener(&[addr("127.0.0.1:0")])
        .unwrap();
    let client = SctpStream::connect(l.local_addr().unwrap()).unwrap();
    let (server, _) = l.accept().unwrap();
    bound(&server);
    let mut buf = [0u8; 1024];
    assert!(matches!(
        notification(server.recv(&mut buf)),
        Notification::AssocChange(_)
    ));
    client.abort().unwrap();
    match notification(server.recv(&mut buf)) {
        Notification::AssocChange(ac) => {
            assert_eq!(ac.state(), AssocState::CommLost);
            assert!(ac.abort_chunk().is_some(), "the ABORT chunk is attached");
        }
        other => panic!("expected COMM_LOST, got {other:?}"),
    }
    // The aborted association refuses further sends.
    assert!(server.send(b"late", &SendInfo::new()).is_err());
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn read_write_traits() {
    let (client, server) = pair("127.0.0.1:0");
    // Read skips notifications, even those longer than its buffer (SENDER_DRY is 12 bytes).
    server.subscribe(&[Event::SenderDry]).unwrap();
    (&client).write_all(b"via Write").unwrap();
    let mut small = [0u8; 4];
    assert_eq!((&server).read(&mut []).unwrap(), 0);
    let mut got = Vec::new();
    while got.len() < 9 {
        let n = (&server).read(&mut small).unwrap();
        got.extend_from_slice(&small[..n]);
    }
    assert_eq!(got, b"via Write");
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn nonblocking_recv_and_accept() {
    let l = listener("127.0.0.1:0");
    l.set_nonblocking(true).unwrap();
    assert!(l.nonblocking().unwrap());
    assert_eq!(
        l.accept().unwrap_err().kind(),
        std::io::ErrorKind::WouldBlock
    );
    let client = SctpStream::connect(l.local_addr().unwrap()).unwrap();
    client.set_nonblocking(true).unwrap();
    let mut buf = [0u8; 16];
    match client.recv(&mut buf) {
        Err(Error::Io(e)) => assert_eq!(e.kind(), std::io::ErrorKind::WouldBlock),
        other => panic!("expected WouldBlock, got {other:?}"),
    }
    client.set_nonblocking(false).unwrap();
    assert!(!client.nonblocking().unwrap());
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn fd_traits_round_trip() {
    let (client, server) = pair("127.0.0.1:0");
    let raw = client.as_raw_fd();
    assert_eq!(client.as_fd().as_raw_fd(), raw);
    let owned: OwnedFd = client.into();
    let client = SctpStream::from(owned);
    let raw = client.into_raw_fd();
    // SAFETY: `raw` was just released by `into_raw_fd`, so it is owned and open.
    let client = unsafe { SctpStream::from_raw_fd(raw) };
    client.send(b"still here", &SendInfo::new()).unwrap();
    let mut buf = [0u8; 32];
    assert_eq!(data(server.recv(&mut buf)).data(), b"still here");
    let clone = server.try_clone().unwrap();
    assert_ne!(clone.as_raw_fd(), server.as_raw_fd());
    let l = listener("127.0.0.1:0");
    let l = SctpListener::from(OwnedFd::from(l));
    assert!(l.local_addr().is_ok());
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn multihomed_addresses() {
    let l = SctpListener::bind_multi(&[addr("127.0.0.1:0")]).unwrap();
    let port = l.local_addr().unwrap().port();
    l.add_local_addrs(&[addr("127.0.0.2:0")]).unwrap();
    let mut local = l.local_addrs().unwrap();
    local.sort();
    assert_eq!(
        local,
        vec![
            addr(&format!("127.0.0.1:{port}")),
            addr(&format!("127.0.0.2:{port}"))
        ]
    );

    let client = SctpBuilder::new()
        .local_addrs(&[addr("127.0.0.3:0"), addr("127.0.0.4:0")])
        .connect(&[
            addr(&format!("127.0.0.1:{port}")),
            addr(&format!("127.0.0.2:{port}")),
        ])
        .unwrap();
    let (server, _) = l.accept().unwrap();
    let mut peers = client.peer_addrs().unwrap();
    peers.sort();
    assert_eq!(peers, local);
    let mut server_peers = server.peer_addrs().unwrap();
    server_peers.sort();
    let cport = client.local_addr().unwrap().port();
    assert_eq!(
        server_peers,
        vec![
            addr(&format!("127.0.0.3:{cport}")),
            addr(&format!("127.0.0.4:{cport}"))
        ]
    );
    assert_eq!(client.local_addrs().unwrap().len(), 2);

    client
        .set_primary(addr(&format!("127.0.0.2:{port}")))
        .unwrap();
    // Asking the peer to change its primary needs ADD-IP, off by default on Linux.
    let err = client
        .set_peer_primary(addr(&format!("127.0.0.3:{cport}")))
        .unwrap_err();
    assert!(
        matches!(&err, sctp::Error::Io(e) if e.raw_os_error() == Some(libc::EPERM)),
        "{err}"
    );

    l.remove_local_addrs(&[addr(&format!("127.0.0.2:{port}"))])
        .unwrap();
    assert_eq!(
        l.local_addrs().unwrap(),
        vec![addr(&format!("127.0.0.1:{port}"))]
    );
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn invalid_input_gives_typed_errors() {
    assert!(matches!(
        SctpListener::bind_multi(&[]),
        Err(Error::EmptyAddressList)
    ));
    assert!(matches!(
        SctpStream::connect_multi(&[addr("127.0.0.1:1"), addr("[::1]:1")]),
        Err(Error::MixedAddressFamilies)
    ));
    let l = listener("127.0.0.1:0");
    assert!(matches!(
        l.add_local_addrs(&[addr("[::1]:0")]),
        Err(Error::AddressFamilyMismatch { .. })
    ));

    let l = SctpBuilder::new()
        .init_params(
            InitParams::new()
                .with_outbound_streams(4)
                .with_max_inbound_streams(4),
        )
        .listener(&[addr("127.0.0.1:0")])
        .unwrap();
    let client = SctpBuilder::new()
        .init_params(
            InitParams::new()
                .with_outbound_streams(4)
                .with_max_inbound_streams(4),
        )
        .send_buffer_size(8192)
        .connect(&[l.local_addr().unwrap()])
        .unwrap();
    let (_server, _) = l.accept().unwrap();
    match client.send(b"x", &SendInfo::new().with_stream(4)) {
        Err(Error::InvalidStream {
            stream: 4,
            streams: 4,
        }) => {}
        other => panic!("expected InvalidStream, got {other:?}"),
    }
    client.send(b"x", &SendInfo::new().with_stream(3)).unwrap();
    let big = vec![0u8; 1 << 20];
    match client.send(&big, &SendInfo::new()) {
        Err(Error::MessageTooLong { len, max }) => assert!(len == big.len() && max < len),
        other => panic!("expected MessageTooLong, got {other:?}"),
    }
    let io: std::io::Error = Error::EmptyAddressList.into();
    assert_eq!(io.kind(), std::io::ErrorKind::InvalidInput);
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn no_fd_leak_on_failing_binds_and_connects() {
    let before = open_fds();
    for _ in 0..1000 {
        // 192.0.2.1 (TEST-NET-1) is not a local address.
        assert!(SctpListener::bind(addr("192.0.2.1:0")).is_err());
        assert!(SctpListener::bind_multi(&[addr("127.0.0.1:0"), addr("192.0.2.1:0")]).is_err());
    }
    for _ in 0..1000 {
        // Port 0 is refused at the system call; no packet is sent.
        assert!(SctpStream::connect(addr("127.0.0.1:0")).is_err());
    }
    for _ in 0..50 {
        // No listener: the peer's ABORT refuses the association.
        assert!(SctpStream::connect(addr("127.0.0.1:9")).is_err());
    }
    assert_eq!(open_fds(), before);
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn incoming_and_nxtinfo() {
    let l = listener("127.0.0.1:0");
    let client = SctpStream::connect(l.local_addr().unwrap()).unwrap();
    let server = l.incoming().next().unwrap().unwrap();
    bound(&server);
    server.set_recv_nxtinfo(true).unwrap();
    assert!(server.recv_nxtinfo().unwrap());
    assert!(server.recv_rcvinfo().unwrap());
    client
        .send(b"first", &SendInfo::new().with_ppid(1))
        .unwrap();
    client
        .send(b"second!", &SendInfo::new().with_ppid(2).with_stream(5))
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(200));
    let mut buf = [0u8; 64];
    let msg = data(server.recv(&mut buf));
    assert_eq!(msg.data(), b"first");
    let next = msg.nxt_info().expect("NXTINFO of the second message");
    assert_eq!((next.length, next.ppid, next.stream), (7, 2, 5));
    assert!(!next.is_notification());
    server.set_recv_rcvinfo(false).unwrap();
    let msg = data(server.recv(&mut buf));
    assert_eq!(msg.data(), b"second!");
    assert!(msg.rcv_info().is_none());
    assert_eq!(msg.assoc_id(), AssocId::FUTURE);
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn subscribe_and_unsubscribe_on_a_stream() {
    let (client, server) = pair("127.0.0.1:0");
    server.subscribe(&[Event::SenderDry]).unwrap();
    let mut buf = [0u8; 256];
    // Linux reports "sender dry" at once when nothing is outstanding.
    assert!(matches!(
        notification(server.recv(&mut buf)),
        Notification::SenderDry(_)
    ));
    server.unsubscribe(&[Event::SenderDry]).unwrap();
    server.subscribe(&[Event::Shutdown]).unwrap();
    client.shutdown(std::net::Shutdown::Write).unwrap();
    assert!(matches!(
        notification(server.recv(&mut buf)),
        Notification::Shutdown(_)
    ));
}

//! Kernel tests of the std-like conveniences of the blocking sockets: addresses as
//! `ToSocketAddrs`, `connect_timeout`, `shutdown(Shutdown)`, `peek`, vectored sends, and the
//! `io::Write` contract (`write(&[])`, `write_all` beyond the send buffer, `io::copy`).

mod common;

use std::io::{self, IoSlice, Read, Write};
use std::net::{Shutdown, SocketAddr};
use std::time::Duration;

use common::*;
use sctp::{Error, SctpListener, SctpSocket, SctpStream, SendInfo};

#[test]
fn an_address_that_resolves_to_nothing_is_an_empty_address_list() {
    // No socket is opened for an empty list, so this needs no kernel SCTP.
    let none: &[SocketAddr] = &[];
    assert!(matches!(
        SctpStream::connect(none),
        Err(Error::EmptyAddressList)
    ));
    assert!(matches!(
        SctpListener::bind(none),
        Err(Error::EmptyAddressList)
    ));
    assert!(matches!(
        SctpSocket::bind(none),
        Err(Error::EmptyAddressList)
    ));
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn addresses_are_accepted_as_to_socket_addrs() {
    let listener = SctpListener::bind("127.0.0.1:0").expect("bind a string");
    let port = listener.local_addr().unwrap().port();
    let by_pair = SctpStream::connect(("127.0.0.1", port)).expect("connect a (host, port) pair");
    let by_string = SctpStream::connect(format!("127.0.0.1:{port}")).expect("connect a String");
    for client in [&by_pair, &by_string] {
        let (server, peer) = listener.accept().unwrap();
        bound(&server);
        assert_eq!(peer, client.local_addr().unwrap());
    }
    // The first address that works wins: a refused one before it is skipped.
    let list = [addr("127.0.0.1:9"), addr(&format!("127.0.0.1:{port}"))];
    let client = SctpStream::connect(&list[..]).expect("second address");
    assert_eq!(client.peer_addr().unwrap().port(), port);
    let socket = SctpSocket::bind("127.0.0.1:0").expect("one-to-many bind a string");
    assert_eq!(socket.local_addr().unwrap().ip().to_string(), "127.0.0.1");
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn connect_timeout_connects_or_reports_the_refusal() {
    let listener = listener("127.0.0.1:0");
    let client =
        SctpStream::connect_timeout(&listener.local_addr().unwrap(), Duration::from_secs(5))
            .expect("connect_timeout");
    assert!(!client.nonblocking().unwrap(), "returned in blocking mode");
    bound(&client);
    let (server, _) = listener.accept().unwrap();
    client.send(b"hi", &SendInfo::new()).unwrap();
    let mut buf = [0u8; 16];
    assert_eq!(data(server.recv(&mut buf)).data(), b"hi");

    let err = SctpStream::connect_timeout(&addr("127.0.0.1:9"), Duration::from_secs(5))
        .expect_err("nothing listens on port 9");
    assert_eq!(err.kind(), io::ErrorKind::ConnectionRefused);
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn shutdown_has_its_sctp_meaning_for_each_half() {
    let mut buf = [0u8; 64];
    // Write: the peer reads the end of the association after the data sent before.
    let (c, s) = pair("127.0.0.1:0");
    c.send(b"last", &SendInfo::new()).unwrap();
    c.shutdown(Shutdown::Write).unwrap();
    assert_eq!(data(s.recv(&mut buf)).data(), b"last");
    assert!(
        data(s.recv(&mut buf)).data().is_empty(),
        "end of the association"
    );

    // Read: local only; what was queued is still returned, then the end; sending still works
    // and later messages from the peer are not delivered.
    let (c, s) = pair("127.0.0.1:0");
    s.send(b"queued", &SendInfo::new()).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    c.shutdown(Shutdown::Read).unwrap();
    assert_eq!(data(c.recv(&mut buf)).data(), b"queued");
    assert!(data(c.recv(&mut buf)).data().is_empty());
    c.send(b"still sending", &SendInfo::new()).unwrap();
    assert_eq!(data(s.recv(&mut buf)).data(), b"still sending");
    s.send(b"discarded", &SendInfo::new()).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    assert!(data(c.recv(&mut buf)).data().is_empty());

    // Both: both ends read the end.
    let (c, s) = pair("127.0.0.1:0");
    c.shutdown(Shutdown::Both).unwrap();
    assert!(data(s.recv(&mut buf)).data().is_empty());
    assert!(data(c.recv(&mut buf)).data().is_empty());

    // One-to-many: the same call shape, io::Result, per association.
    let server = one_to_many("127.0.0.1:0");
    server.listen(4).unwrap();
    let client = one_to_many("127.0.0.1:0");
    let id = client.connect(&[server.local_addr().unwrap()]).unwrap();
    let r: io::Result<()> = client.shutdown(id);
    r.unwrap();
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn peek_returns_the_next_message_without_taking_it() {
    // The lksctp `test_recvmsg` MSG_PEEK case.
    let (c, s) = pair("127.0.0.1:0");
    c.send(b"first", &SendInfo::new().with_stream(1).with_ppid(7))
        .unwrap();
    c.send(b"second", &SendInfo::new()).unwrap();
    let mut buf = [0u8; 64];
    for _ in 0..2 {
        let m = data(s.peek(&mut buf));
        assert_eq!((m.data(), m.stream(), m.ppid()), (&b"first"[..], 1, 7));
    }
    let m = data(s.recv(&mut buf));
    assert_eq!((m.data(), m.stream(), m.ppid()), (&b"first"[..], 1, 7));
    assert_eq!(data(s.recv(&mut buf)).data(), b"second");

    // One-to-many, with the association id.
    let server = one_to_many("127.0.0.1:0");
    server.listen(4).unwrap();
    let client = one_to_many("127.0.0.1:0");
    let id = client.connect(&[server.local_addr().unwrap()]).unwrap();
    client
        .send(b"peek me", &SendInfo::new().with_assoc_id(id))
        .unwrap();
    let peeked = data(server.peek(&mut buf));
    let (assoc, len) = (peeked.assoc_id(), peeked.data().len());
    assert_eq!(len, 7);
    let got = data(server.recv(&mut buf));
    assert_eq!((got.data(), got.assoc_id()), (&b"peek me"[..], assoc));
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn a_vectored_send_is_one_message() {
    let (c, s) = pair("127.0.0.1:0");
    let parts = [
        IoSlice::new(b"head|"),
        IoSlice::new(b""),
        IoSlice::new(b"body|tail"),
    ];
    let n = c
        .send_vectored(&parts, &SendInfo::new().with_ppid(3))
        .unwrap();
    assert_eq!(n, 14);
    c.send(b"next", &SendInfo::new()).unwrap();
    let mut buf = [0u8; 64];
    let m = data(s.recv(&mut buf));
    assert!(m.is_complete());
    assert_eq!((m.data(), m.ppid()), (&b"head|body|tail"[..], 3));
    assert_eq!(data(s.recv(&mut buf)).data(), b"next");
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn write_of_nothing_is_ok_zero_and_sends_nothing() {
    let (mut c, s) = pair("127.0.0.1:0");
    assert_eq!(c.write(&[]).unwrap(), 0);
    c.write_all(b"").unwrap();
    c.write_all(b"after").unwrap();
    let mut buf = [0u8; 64];
    assert_eq!(
        data(s.recv(&mut buf)).data(),
        b"after",
        "no empty message came first"
    );
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn write_all_beyond_the_send_buffer_delivers_everything() {
    let (c, mut s) = pair("127.0.0.1:0");
    c.set_send_buffer_size(16 * 1024).unwrap();
    c.set_write_info(4, 1234);
    let sndbuf = c.send_buffer_size().unwrap();
    let payload: Vec<u8> = (0..(sndbuf * 4 + 100) as u32)
        .map(|i| (i % 253) as u8)
        .collect();
    let expected = payload.clone();
    let writer = std::thread::spawn(move || {
        (&c).write_all(&payload)
            .expect("write_all of four send buffers");
        c
    });
    // Every piece is a message on the stream and ppid set for `Write`.
    let mut got = Vec::new();
    let mut buf = vec![0u8; 256 * 1024];
    while got.len() < expected.len() {
        let m = data(s.recv(&mut buf));
        assert_eq!((m.stream(), m.ppid()), (4, 1234));
        assert!(m.data().len() <= sndbuf);
        got.extend_from_slice(m.data());
    }
    let c = writer.join().unwrap();
    assert!(got == expected, "intact");
    c.shutdown(Shutdown::Write).unwrap();
    assert_eq!(s.read(&mut buf).unwrap(), 0);
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn io_copy_moves_a_mebibyte_both_ways() {
    let (c, s) = pair("127.0.0.1:0");
    let payload: Vec<u8> = (0..1u32 << 20)
        .map(|i| (i.wrapping_mul(31) >> 3) as u8)
        .collect();
    // Client to server.
    std::thread::scope(|scope| {
        let reader = scope.spawn(|| {
            let mut out = Vec::new();
            // Reads until the sender's shutdown ends the association.
            io::copy(&mut &s, &mut out).expect("copy out");
            out
        });
        let n = io::copy(&mut &payload[..], &mut &c).expect("copy in");
        assert_eq!(n, 1 << 20);
        c.shutdown(Shutdown::Write).unwrap();
        assert!(reader.join().unwrap() == payload, "intact");
    });
    // The other direction, on a fresh association (a shutdown ends the association for both).
    let (c, s) = pair("127.0.0.1:0");
    std::thread::scope(|scope| {
        let reader = scope.spawn(|| {
            let mut out = Vec::new();
            io::copy(&mut &c, &mut out).expect("copy out");
            out
        });
        let n = io::copy(&mut &payload[..], &mut &s).expect("copy in");
        assert_eq!(n, 1 << 20);
        s.shutdown(Shutdown::Write).unwrap();
        assert!(reader.join().unwrap() == payload, "intact");
    });
}

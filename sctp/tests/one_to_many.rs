//! Kernel tests of the one-to-many style: `SctpSocket`.

mod common;

use common::*;
use sctp::notify::{AssocState, Notification};
use sctp::{AssocId, Error, Event, SctpBuilder, SctpSocket, SendFlags, SendInfo};

fn assoc_of(n: &Notification<'_>) -> u32 {
    match n {
        Notification::AssocChange(ac) => ac.assoc_id(),
        Notification::SenderDry(d) => d.assoc_id(),
        Notification::Shutdown(s) => s.assoc_id(),
        other => panic!("unexpected notification {other:?}"),
    }
}

fn connect_send_reply(local: &str) {
    let server = one_to_many(local);
    server.listen(8).unwrap();
    let client = one_to_many(local);
    let assoc = client.connect(&[server.local_addr().unwrap()]).unwrap();
    assert!(!assoc.is_reserved());
    let info = SendInfo::new()
        .with_assoc_id(assoc)
        .with_stream(2)
        .with_ppid(60);
    client.send(b"ping", &info).unwrap();
    let mut buf = [0u8; 256];
    let msg = data(server.recv_from(&mut buf));
    assert_eq!(
        (msg.data(), msg.stream(), msg.ppid()),
        (&b"ping"[..], 2, 60)
    );
    assert_eq!(
        msg.from().map(|a| a.port()),
        Some(client.local_addr().unwrap().port())
    );
    let server_assoc = msg.assoc_id();
    assert!(!server_assoc.is_reserved());
    // Plain `recv` leaves the address out; the association id names the peer.
    client.send(b"again", &info).unwrap();
    let mut again_buf = [0u8; 256];
    let again = data(server.recv(&mut again_buf));
    assert_eq!((again.data(), again.from()), (&b"again"[..], None));
    assert_eq!(again.assoc_id(), server_assoc);
    let reply = SendInfo::new()
        .with_assoc_id(server_assoc)
        .with_stream(msg.stream());
    server.send(b"pong", &reply).unwrap();
    let msg = data(client.recv(&mut buf));
    assert_eq!((msg.data(), msg.assoc_id()), (&b"pong"[..], assoc));

    let peers = client.peer_addrs(assoc).unwrap();
    assert_eq!(peers, vec![server.local_addr().unwrap()]);
    // Compare address and port: Linux reports the scope id of ::1 in the list but not in
    // getsockname.
    let ip_port =
        |v: Vec<std::net::SocketAddr>| v.iter().map(|a| (a.ip(), a.port())).collect::<Vec<_>>();
    let locals = ip_port(server.local_addrs(server_assoc).unwrap());
    let bound = server.local_addr().unwrap();
    assert_eq!(locals, vec![(bound.ip(), bound.port())]);
    assert_eq!(
        ip_port(server.local_addrs(AssocId::FUTURE).unwrap()),
        locals
    );
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn connect_send_reply_ipv4() {
    connect_send_reply("127.0.0.1:0");
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn connect_send_reply_ipv6() {
    connect_send_reply("[::1]:0");
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn send_to_sets_up_an_association() {
    let server = one_to_many("127.0.0.1:0");
    server.listen(8).unwrap();
    server.subscribe(&[Event::AssocChange]).unwrap();
    let client = one_to_many("127.0.0.1:0");
    client
        .send_to(
            b"implicit",
            server.local_addr().unwrap(),
            &SendInfo::new().with_ppid(5),
        )
        .unwrap();
    let mut buf = [0u8; 256];
    let up = notification(server.recv(&mut buf));
    let assoc = match up {
        Notification::AssocChange(ac) => {
            assert_eq!(ac.state(), AssocState::CommUp);
            ac.assoc_id()
        }
        other => panic!("expected COMM_UP, got {other:?}"),
    };
    let msg = data(server.recv(&mut buf));
    assert_eq!((msg.data(), msg.ppid()), (&b"implicit"[..], 5));
    assert_eq!(msg.assoc_id().as_raw(), assoc);
    // A second send_to to the same peer reuses the association.
    client
        .send_to(b"again", server.local_addr().unwrap(), &SendInfo::new())
        .unwrap();
    let msg = data(server.recv(&mut buf));
    assert_eq!(
        (msg.data(), msg.assoc_id().as_raw()),
        (&b"again"[..], assoc)
    );
    assert!(matches!(
        client.send_to(b"x", addr("[::1]:1"), &SendInfo::new()),
        Err(Error::AddressFamilyMismatch { .. })
    ));
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn peeloff_then_continue_on_both_sockets() {
    let server = one_to_many("127.0.0.1:0");
    server.listen(8).unwrap();
    let a = one_to_many("127.0.0.1:0");
    let b = one_to_many("127.0.0.1:0");
    let a_id = a.connect(&[server.local_addr().unwrap()]).unwrap();
    let b_id = b.connect(&[server.local_addr().unwrap()]).unwrap();
    a.send(b"from a", &SendInfo::new().with_assoc_id(a_id))
        .unwrap();
    let mut buf = [0u8; 256];
    let msg = data(server.recv(&mut buf));
    assert_eq!(msg.data(), b"from a");
    let server_a = msg.assoc_id();

    let peeled = server.peeloff(server_a).unwrap();
    bound(&peeled);
    assert_eq!(peeled.peer_addr().unwrap(), a.local_addr().unwrap());
    // A's association now lives on the peeled stream ...
    a.send(b"a again", &SendInfo::new().with_assoc_id(a_id))
        .unwrap();
    assert_eq!(data(peeled.recv(&mut buf)).data(), b"a again");
    peeled.send(b"to a", &SendInfo::new()).unwrap();
    assert_eq!(data(a.recv(&mut buf)).data(), b"to a");
    // ... and B's stays on the one-to-many socket.
    b.send(b"from b", &SendInfo::new().with_assoc_id(b_id))
        .unwrap();
    let msg = data(server.recv(&mut buf));
    assert_eq!(msg.data(), b"from b");
    server
        .send(b"to b", &SendInfo::new().with_assoc_id(msg.assoc_id()))
        .unwrap();
    assert_eq!(data(b.recv(&mut buf)).data(), b"to b");
    // The peeled association is gone from the one-to-many socket.
    assert!(
        server
            .send(b"x", &SendInfo::new().with_assoc_id(server_a))
            .is_err()
    );
    assert!(server.peeloff(AssocId::from_raw(9999)).is_err());
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn shutdown_and_abort_per_association() {
    let server = SctpBuilder::new()
        .subscribe(&[Event::AssocChange, Event::Shutdown])
        .one_to_many(&[addr("127.0.0.1:0")])
        .unwrap();
    server.set_read_timeout(Some(TIMEOUT)).unwrap();
    let a = one_to_many("127.0.0.1:0");
    let b = one_to_many("127.0.0.1:0");
    let a_id = a.connect(&[server.local_addr().unwrap()]).unwrap();
    let mut buf = [0u8; 1024];
    let up_a = assoc_of(&notification(server.recv(&mut buf)));
    let b_id = b.connect(&[server.local_addr().unwrap()]).unwrap();
    let up_b = assoc_of(&notification(server.recv(&mut buf)));
    assert_ne!(up_a, up_b);

    a.shutdown(a_id).unwrap();
    let n = notification(server.recv(&mut buf));
    assert!(matches!(n, Notification::Shutdown(_)), "{n:?}");
    assert_eq!(assoc_of(&n), up_a);
    match notification(server.recv(&mut buf)) {
        Notification::AssocChange(ac) => {
            assert_eq!(
                (ac.state(), ac.assoc_id()),
                (AssocState::ShutdownComplete, up_a)
            );
        }
        other => panic!("expected SHUTDOWN_COMP, got {other:?}"),
    }

    b.abort(b_id, b"maintenance").unwrap();
    match notification(server.recv(&mut buf)) {
        Notification::AssocChange(ac) => {
            assert_eq!((ac.state(), ac.assoc_id()), (AssocState::CommLost, up_b));
            let chunk = ac.abort_chunk().expect("the ABORT chunk");
            assert!(chunk.windows(11).any(|w| w == b"maintenance"), "{chunk:?}");
        }
        other => panic!("expected COMM_LOST, got {other:?}"),
    }
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn subscribe_per_association() {
    let server = one_to_many("127.0.0.1:0");
    server.listen(8).unwrap();
    let client = one_to_many("127.0.0.1:0");
    let first = client.connect(&[server.local_addr().unwrap()]).unwrap();
    let other = one_to_many("127.0.0.1:0");
    other.listen(8).unwrap();
    let second = client.connect(&[other.local_addr().unwrap()]).unwrap();
    // Linux reports "sender dry" at once to a subscriber when nothing is outstanding.
    client.subscribe_assoc(second, &[Event::SenderDry]).unwrap();
    let mut buf = [0u8; 256];
    let n = notification(client.recv(&mut buf));
    assert!(matches!(n, Notification::SenderDry(_)));
    assert_eq!(assoc_of(&n), second.as_raw());
    client
        .unsubscribe_assoc(second, &[Event::SenderDry])
        .unwrap();
    // Nothing else is pending: the first association was not subscribed.
    client.set_nonblocking(true).unwrap();
    match client.recv(&mut buf) {
        Err(Error::Io(e)) => assert_eq!(e.kind(), std::io::ErrorKind::WouldBlock),
        other => panic!("expected nothing pending, got {other:?}"),
    }
    client.set_nonblocking(false).unwrap();
    let _ = first;
    client.subscribe(&[Event::SenderDry]).unwrap();
    let mut seen = vec![
        assoc_of(&notification(client.recv(&mut buf))),
        assoc_of(&notification(client.recv(&mut buf))),
    ];
    seen.sort();
    let mut want = vec![first.as_raw(), second.as_raw()];
    want.sort();
    assert_eq!(seen, want);
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn sendall_reaches_every_association() {
    let server = one_to_many("127.0.0.1:0");
    server.listen(8).unwrap();
    let a = one_to_many("127.0.0.1:0");
    let b = one_to_many("127.0.0.1:0");
    a.connect(&[server.local_addr().unwrap()]).unwrap();
    b.connect(&[server.local_addr().unwrap()]).unwrap();
    server
        .send(b"to all", &SendInfo::new().with_flags(SendFlags::SENDALL))
        .unwrap();
    let mut buf = [0u8; 64];
    assert_eq!(data(a.recv(&mut buf)).data(), b"to all");
    assert_eq!(data(b.recv(&mut buf)).data(), b"to all");
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn unordered_pr_and_context_on_one_to_many() {
    let server = one_to_many("127.0.0.1:0");
    server.listen(8).unwrap();
    let client = one_to_many("127.0.0.1:0");
    let id = client.connect(&[server.local_addr().unwrap()]).unwrap();
    let info = SendInfo::new()
        .with_assoc_id(id)
        .with_flags(SendFlags::UNORDERED | SendFlags::SACK_IMMEDIATELY)
        .with_context(77)
        .with_pr_policy(sctp::PrPolicy::Ttl(10_000));
    client.send(b"pr", &info).unwrap();
    let mut buf = [0u8; 64];
    let msg = data(server.recv(&mut buf));
    assert_eq!(msg.data(), b"pr");
    assert!(msg.is_unordered());
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn typed_errors_on_one_to_many() {
    let s = one_to_many("127.0.0.1:0");
    assert!(matches!(s.connect(&[]), Err(Error::EmptyAddressList)));
    assert!(matches!(
        s.connect(&[addr("127.0.0.1:1"), addr("[::1]:1")]),
        Err(Error::MixedAddressFamilies)
    ));
    assert!(matches!(
        SctpSocket::bind_multi(&[]),
        Err(Error::EmptyAddressList)
    ));
    // An unknown association.
    assert!(
        s.send(
            b"x",
            &SendInfo::new().with_assoc_id(AssocId::from_raw(4242))
        )
        .is_err()
    );
    assert!(s.peer_addrs(AssocId::from_raw(4242)).is_err());
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn subscribe_future_and_current_associations() {
    let mut buf = [0u8; 256];
    let nothing_pending = |c: &SctpSocket, buf: &mut [u8]| {
        c.set_nonblocking(true).unwrap();
        let r = c.recv(buf);
        c.set_nonblocking(false).unwrap();
        match r {
            Err(Error::Io(e)) => assert_eq!(e.kind(), std::io::ErrorKind::WouldBlock),
            other => panic!("expected nothing pending, got {other:?}"),
        }
    };
    // Sends one message that the peer acknowledges at once, and waits for the peer to get it
    // and for the acknowledgement to be back: the moment a sender is "dry".
    let round = |c: &SctpSocket, id: AssocId, peer: &SctpSocket, buf: &mut [u8]| {
        let info = SendInfo::new()
            .with_assoc_id(id)
            .with_flags(SendFlags::SACK_IMMEDIATELY);
        c.send(b"x", &info).unwrap();
        assert_eq!(data(peer.recv(buf)).data(), b"x");
        std::thread::sleep(std::time::Duration::from_millis(300));
    };
    let listening = || {
        let s = one_to_many("127.0.0.1:0");
        s.listen(8).unwrap();
        s
    };
    let (peer_a, peer_b, peer_c) = (listening(), listening(), listening());
    let client = one_to_many("127.0.0.1:0");
    let a = client.connect(&[peer_a.local_addr().unwrap()]).unwrap();

    // FUTURE: the existing association is not subscribed, a later one is.
    client
        .subscribe_assoc(AssocId::FUTURE, &[Event::SenderDry])
        .unwrap();
    round(&client, a, &peer_a, &mut buf);
    nothing_pending(&client, &mut buf);
    let b = client.connect(&[peer_b.local_addr().unwrap()]).unwrap();
    round(&client, b, &peer_b, &mut buf);
    assert_eq!(assoc_of(&notification(client.recv(&mut buf))), b.as_raw());
    nothing_pending(&client, &mut buf);

    // CURRENT: both existing associations (Linux reports an idle one dry at once), and not the
    // next one.
    client
        .unsubscribe_assoc(AssocId::ALL, &[Event::SenderDry])
        .unwrap();
    client
        .subscribe_assoc(AssocId::CURRENT, &[Event::SenderDry])
        .unwrap();
    let mut seen = vec![
        assoc_of(&notification(client.recv(&mut buf))),
        assoc_of(&notification(client.recv(&mut buf))),
    ];
    seen.sort();
    let mut want = vec![a.as_raw(), b.as_raw()];
    want.sort();
    assert_eq!(seen, want);
    let c = client.connect(&[peer_c.local_addr().unwrap()]).unwrap();
    round(&client, c, &peer_c, &mut buf);
    nothing_pending(&client, &mut buf);
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn ipv6_socket_reaches_ipv4_peers() {
    let server = one_to_many("127.0.0.1:0");
    server.listen(8).unwrap();
    let port = server.local_addr().unwrap().port();
    let client = one_to_many("[::]:0");
    let mut buf = [0u8; 64];
    // A plain IPv4 destination and its IPv4-mapped form reach the same peer, on one association.
    client
        .send_to(b"v4", addr(&format!("127.0.0.1:{port}")), &SendInfo::new())
        .unwrap();
    let first = data(server.recv(&mut buf));
    assert_eq!(first.data(), b"v4");
    let assoc = first.assoc_id();
    client
        .send_to(
            b"mapped",
            addr(&format!("[::ffff:127.0.0.1]:{port}")),
            &SendInfo::new(),
        )
        .unwrap();
    let second = data(server.recv(&mut buf));
    assert_eq!((second.data(), second.assoc_id()), (&b"mapped"[..], assoc));
    // The client sees its peer as an IPv4-mapped address.
    server
        .send(b"back", &SendInfo::new().with_assoc_id(assoc))
        .unwrap();
    let reply = data(client.recv_from(&mut buf));
    assert_eq!(reply.data(), b"back");
    assert_eq!(
        reply.from(),
        Some(addr(&format!("[::ffff:127.0.0.1]:{port}")))
    );
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn send_failed_reports_context_and_unsent_data() {
    let server = one_to_many("127.0.0.1:0");
    server.listen(8).unwrap();
    let client = one_to_many("127.0.0.1:0");
    client.subscribe(&[Event::SendFailedEvent]).unwrap();
    let id = client.connect(&[server.local_addr().unwrap()]).unwrap();
    // With the default bundling delay the second small message waits for the first one's
    // acknowledgement, so the abort right after finds it unsent.
    client
        .send(b"first", &SendInfo::new().with_assoc_id(id))
        .unwrap();
    let held = SendInfo::new()
        .with_assoc_id(id)
        .with_context(77)
        .with_stream(1);
    client.send(b"held back", &held).unwrap();
    client.abort(id, b"").unwrap();
    let mut buf = [0u8; 1024];
    loop {
        match notification(client.recv(&mut buf)) {
            Notification::SendFailedEvent(f) if f.info().context() == 77 => {
                assert_eq!(f.unsent_data(), b"held back");
                assert_eq!(f.info().stream(), 1);
                assert_eq!(f.assoc_id(), id.as_raw());
                break;
            }
            Notification::SendFailedEvent(_) => {}
            other => panic!("unexpected notification {other:?}"),
        }
    }
}

/// A send to an association the socket does not have is `EPIPE` (the userland stack gives the
/// same, see `sctp/tests/userland.rs`).
#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn a_send_to_an_unknown_association_is_a_broken_pipe() {
    let sock = one_to_many("127.0.0.1:0");
    let unknown = sctp::SendInfo::new().with_assoc_id(sctp::AssocId::from_raw(0x7fff_fff0));
    match sock.send(b"nobody", &unknown) {
        Err(sctp::Error::Io(e)) => assert_eq!(e.raw_os_error(), Some(libc::EPIPE), "{e}"),
        other => panic!("expected EPIPE, got {other:?}"),
    }
}

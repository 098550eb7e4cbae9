//! Kernel tests of per-message metadata beyond the basics: the control-message walk with
//! several kinds at once, PR-SCTP and AUTH info together on one send, builder settings, and
//! the remaining accessors.

mod common;

use std::os::fd::AsRawFd;
use std::time::Duration;

use common::*;
use sctp::notify::Notification;
use sctp::{AssocId, Event, PrPolicy, SctpBuilder, SctpListener, SctpStream, SendInfo};

/// Sets a sysctl while alive and restores the old value on drop.
fn set_int_opt(fd: &impl AsRawFd, level: i32, name: i32, value: i32) {
    // SAFETY: the option reads a C int from a valid pointer of the given length.
    let rc = unsafe {
        libc::setsockopt(
            fd.as_raw_fd(),
            level,
            name,
            (&raw const value).cast(),
            std::mem::size_of::<i32>() as libc::socklen_t,
        )
    };
    assert_eq!(rc, 0, "{}", std::io::Error::last_os_error());
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn cmsg_walk_with_four_kinds_at_once() {
    let (client, server) = pair("127.0.0.1:0");
    // SO_TIMESTAMP adds a SOL_SOCKET control message, the legacy DATA_IO_EVENT subscription an
    // SCTP_SNDRCV one; with RCVINFO and NXTINFO that makes four, in the kernel's order.
    set_int_opt(&server, libc::SOL_SOCKET, libc::SO_TIMESTAMP, 1);
    #[repr(C)]
    struct SctpEvent {
        assoc_id: i32,
        ty: u16,
        on: u8,
    }
    let ev = SctpEvent {
        assoc_id: 0,
        ty: 0x8000,
        on: 1,
    };
    // SAFETY: SCTP_EVENT (127) reads a `struct sctp_event`, which `SctpEvent` mirrors.
    let rc = unsafe {
        libc::setsockopt(
            server.as_raw_fd(),
            libc::IPPROTO_SCTP,
            127,
            (&raw const ev).cast(),
            std::mem::size_of::<SctpEvent>() as libc::socklen_t,
        )
    };
    assert_eq!(rc, 0, "{}", std::io::Error::last_os_error());
    server.set_recv_nxtinfo(true).unwrap();

    client
        .send(b"first", &SendInfo::new().with_stream(2).with_ppid(1000))
        .unwrap();
    client
        .send(b"second", &SendInfo::new().with_stream(3).with_ppid(2000))
        .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let mut buf = [0u8; 128];
    let msg = data(server.recv(&mut buf));
    assert_eq!(msg.data(), b"first");
    let rcv = msg
        .rcv_info()
        .expect("RCVINFO among the other control messages");
    assert_eq!((rcv.stream, rcv.ppid), (2, 1000));
    let nxt = msg
        .nxt_info()
        .expect("NXTINFO among the other control messages");
    assert_eq!((nxt.stream, nxt.ppid, nxt.length), (3, 2000, 6));
    let msg = data(server.recv(&mut buf));
    assert_eq!(
        (msg.data(), msg.stream(), msg.ppid()),
        (&b"second"[..], 3, 2000)
    );
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn notification_carries_nxtinfo_but_no_rcvinfo() {
    let (client, server) = pair("127.0.0.1:0");
    client.set_recv_nxtinfo(true).unwrap();
    client.subscribe(&[Event::Shutdown]).unwrap();
    server
        .send(b"before", &SendInfo::new().with_ppid(8))
        .unwrap();
    server.shutdown(std::net::Shutdown::Write).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let mut buf = [0u8; 256];
    let msg = data(client.recv(&mut buf));
    assert_eq!(msg.data(), b"before");
    // The next item is the shutdown notification, and NXTINFO says so.
    let next = msg.nxt_info().expect("NXTINFO");
    assert!(next.is_notification());
    assert!(matches!(
        notification(client.recv(&mut buf)),
        Notification::Shutdown(_)
    ));
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn sndinfo_prinfo_and_authinfo_in_one_send() {
    // AUTH must be on when the sockets are made; the tests run one at a time, so toggling the
    // sysctl here is contained.
    let _auth = SctpSysctl::set("auth_enable", "1");
    let l = listener("127.0.0.1:0");
    // The server requires DATA chunks to be authenticated (RFC 4895), so the key of each send
    // matters.
    l.add_auth_chunk(0).unwrap();
    let client = SctpStream::connect(l.local_addr().unwrap()).unwrap();
    let (server, _) = l.accept().unwrap();
    bound(&client);
    bound(&server);
    client.set_auth_key(1, b"shared secret").unwrap();
    server.set_auth_key(1, b"shared secret").unwrap();
    let info = SendInfo::new()
        .with_stream(1)
        .with_ppid(77)
        .with_pr_policy(PrPolicy::Rtx(3))
        .with_auth_key(1);
    assert_eq!(client.send(b"all three", &info).unwrap(), 9);
    let mut buf = [0u8; 64];
    let msg = data(server.recv(&mut buf));
    assert_eq!(
        (msg.data(), msg.stream(), msg.ppid()),
        (&b"all three"[..], 1, 77)
    );
    // A key the association does not have is refused by the kernel, as a plain system-call
    // error, and nothing is sent.
    match client.send(b"key 9", &SendInfo::new().with_auth_key(9)) {
        Err(sctp::Error::Io(e)) => assert_eq!(e.raw_os_error(), Some(libc::EINVAL)),
        other => panic!("expected EINVAL, got {other:?}"),
    }
    // Nothing of the refused send arrives: the next message is the next one sent.
    for policy in [PrPolicy::None, PrPolicy::Ttl(1000), PrPolicy::Priority(1)] {
        client
            .send(b"pr", &SendInfo::new().with_pr_policy(policy))
            .unwrap();
        assert_eq!(data(server.recv(&mut buf)).data(), b"pr");
    }
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn builder_settings_take_effect() {
    let l = SctpBuilder::new()
        .recv_buffer_size(200_000)
        .send_buffer_size(100_000)
        .reuse_address(true)
        .recv_nxtinfo(true)
        .nodelay(true)
        .backlog(4)
        .listener(&[addr("127.0.0.1:0")])
        .expect("listener");
    let r = socket2::SockRef::from(&l);
    assert!(r.reuse_address().unwrap());
    assert!(r.recv_buffer_size().unwrap() >= 200_000);
    assert!(r.send_buffer_size().unwrap() >= 100_000);
    assert!(l.recv_nxtinfo().unwrap());
    assert!(l.nodelay().unwrap());
    // The settings carry over to accepted associations.
    let _client = SctpStream::connect(l.local_addr().unwrap()).unwrap();
    let (server, _) = l.accept().unwrap();
    assert!(server.recv_nxtinfo().unwrap());
    assert!(server.nodelay().unwrap());

    let s = SctpBuilder::new()
        .reuse_address(true)
        .one_to_many(&[addr("[::1]:0")])
        .unwrap();
    assert!(socket2::SockRef::from(&s).reuse_address().unwrap());
    // Listening already: a peer can connect.
    let c = one_to_many("[::1]:0");
    c.connect(&[s.local_addr().unwrap()]).unwrap();
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn timeouts_and_socket_error() {
    let l = listener("127.0.0.1:0");
    assert_eq!(l.read_timeout().unwrap(), Some(TIMEOUT));
    l.set_write_timeout(Some(Duration::from_secs(3))).unwrap();
    assert_eq!(l.write_timeout().unwrap(), Some(Duration::from_secs(3)));
    l.set_read_timeout(Some(Duration::from_millis(100)))
        .unwrap();
    let err = l.accept().unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::WouldBlock);
    assert!(l.take_error().unwrap().is_none());
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn one_to_many_primary_paths() {
    let server = SctpListener::bind_multi(&[addr("127.0.0.1:0")]).unwrap();
    let port = server.local_addr().unwrap().port();
    server.add_local_addrs(&[addr("127.0.0.2:0")]).unwrap();
    let client = one_to_many("127.0.0.5:0");
    let id = client
        .connect(&[
            addr(&format!("127.0.0.1:{port}")),
            addr(&format!("127.0.0.2:{port}")),
        ])
        .unwrap();
    let (_accepted, _) = server.accept().unwrap();
    assert_eq!(
        client.primary_addr(id).unwrap(),
        addr(&format!("127.0.0.1:{port}"))
    );
    client
        .set_primary(id, addr(&format!("127.0.0.2:{port}")))
        .unwrap();
    assert_eq!(
        client.primary_addr(id).unwrap(),
        addr(&format!("127.0.0.2:{port}"))
    );
    let err = client
        .set_peer_primary(id, client.local_addr().unwrap())
        .unwrap_err();
    assert!(
        matches!(&err, sctp::Error::Io(e) if e.raw_os_error() == Some(libc::EPERM)),
        "{err}"
    );
    // An unknown association.
    assert!(
        client
            .set_primary(AssocId::from_raw(5555), addr("127.0.0.1:1"))
            .is_err()
    );
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn small_buffers_for_notifications_and_empty_buffers() {
    let l = SctpBuilder::new()
        .subscribe(&[Event::AssocChange])
        .listener(&[addr("127.0.0.1:0")])
        .unwrap();
    let client = SctpStream::connect(l.local_addr().unwrap()).unwrap();
    let (server, _) = l.accept().unwrap();
    bound(&server);
    client.send(b"after", &SendInfo::new()).unwrap();
    // COMM_UP is 20 bytes on Linux: with 8 bytes of buffer it is read out and reported.
    let mut small = [0u8; 8];
    match server.recv(&mut small) {
        Err(sctp::Error::NotificationTruncated { len: 20, buf: 8 }) => {}
        other => panic!("expected NotificationTruncated, got {other:?}"),
    }
    // The stream stays at a message boundary: the data comes next, whole.
    let mut buf = [0u8; 64];
    let msg = data(server.recv(&mut buf));
    assert_eq!(msg.data(), b"after");
    assert!(msg.is_complete());
    assert!(matches!(
        server.recv(&mut []),
        Err(sctp::Error::EmptyBuffer)
    ));
}

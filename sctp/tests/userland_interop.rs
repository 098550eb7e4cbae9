//! The userland stack (usrsctp) against Linux kernel SCTP over UDP encapsulation (RFC 6951), in
//! both directions: a usrsctp client of a kernel listener, and a kernel client of a usrsctp
//! listener. Kernel tests (run in the VM by `cargo xtask test`; Linux ≥ 5.11 has the UDP
//! encapsulation sysctls).
//!
//! The pairing: usrsctp's own UDP port is the kernel's `net.sctp.encap_port` (where the kernel
//! sends), and the usrsctp sockets' remote UDP port (`SCTP_REMOTE_UDP_ENCAPS_PORT`) is the
//! kernel's `net.sctp.udp_port` (where the kernel listens). The kernel's sockets are ordinary
//! SCTP sockets, unaware of UDP.
#![cfg(target_os = "linux")]

mod common;

use std::net::{Ipv4Addr, SocketAddr, UdpSocket};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use common::*;
use sctp::notify::{AssocState, Notification};
use sctp::userland::{self, Stack};
use sctp::{Event, Received, SendInfo};

/// One usrsctp stack for the whole test binary.
fn stack() -> &'static Stack {
    static STACK: OnceLock<Stack> = OnceLock::new();
    STACK.get_or_init(|| Stack::start(0, 0).expect("start usrsctp"))
}

/// The sysctls are global to the kernel: one test at a time changes them.
fn serial() -> MutexGuard<'static, ()> {
    static SERIAL: Mutex<()> = Mutex::new(());
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

/// The kernel's UDP encapsulation, pointed at this process's usrsctp, for the life of the value.
struct Encapsulation {
    /// The kernel's `net.sctp.udp_port`: where usrsctp sends.
    kernel_udp_port: u16,
    // Restored in reverse order: the kernel stops listening on UDP first.
    _udp_port: SctpSysctl,
    _encap_port: SctpSysctl,
}

fn encapsulation() -> Encapsulation {
    let kernel_udp_port = {
        let s = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).expect("a free UDP port");
        s.local_addr().unwrap().port()
    };
    let encap_port = SctpSysctl::set("encap_port", &stack().udp_port().to_string());
    let udp_port = SctpSysctl::set("udp_port", &kernel_udp_port.to_string());
    Encapsulation {
        kernel_udp_port,
        _udp_port: udp_port,
        _encap_port: encap_port,
    }
}

const EVENTS: [Event; 2] = [Event::AssocChange, Event::Shutdown];

/// What a receive turned into: `None` to skip it.
type Step<T> = Result<Option<T>, sctp::Error>;
/// The end-of-association events of one receive: (peer's SHUTDOWN, association change, end).
type EndEvent = (bool, Option<AssocState>, bool);

/// The state of the next association change on a receive path, skipping other notifications.
fn next_assoc_change(recv: &mut dyn FnMut(&mut [u8]) -> Step<AssocState>) -> AssocState {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        if let Some(state) = recv(&mut buf).expect("recv") {
            return state;
        }
    }
}

fn assoc_state(r: Received<'_>) -> Option<AssocState> {
    match r {
        Received::Notification(Notification::AssocChange(ac)) => Some(ac.state()),
        Received::Notification(_) => None,
        Received::Data(m) => panic!("data {:?} where a notification was expected", m.data()),
    }
}

/// The graceful end seen from a receiver: the peer's SHUTDOWN (when subscribed), the
/// association's SHUTDOWN_COMP, and the end of the stream. Linux lets a one-to-one socket read
/// the end of the stream as soon as the peer's SHUTDOWN arrives, so SHUTDOWN_COMP may come after
/// it: reading goes on (bounded) until both were seen.
fn expect_shutdown(recv: &mut dyn FnMut(&mut [u8]) -> Step<EndEvent>, want_peer_shutdown: bool) {
    let mut buf = vec![0u8; 64 * 1024];
    let (mut saw_shutdown, mut saw_comp, mut saw_eof) = (false, false, false);
    let deadline = Instant::now() + TIMEOUT;
    while !(saw_comp && saw_eof) {
        assert!(
            Instant::now() < deadline,
            "SHUTDOWN_COMP {saw_comp}, end of stream {saw_eof}"
        );
        let (shutdown, state, eof) = recv(&mut buf)
            .expect("recv")
            .expect("a notification or the end");
        saw_shutdown |= shutdown;
        if let Some(state) = state {
            assert_eq!(state, AssocState::ShutdownComplete);
            saw_comp = true;
        }
        if eof {
            if saw_eof {
                // The end again: SHUTDOWN_COMP is still on its way.
                std::thread::sleep(Duration::from_millis(10));
            }
            saw_eof = true;
        }
    }
    if want_peer_shutdown {
        assert!(saw_shutdown, "the peer's SHUTDOWN reported");
    }
}

fn end_event(r: Received<'_>) -> Option<EndEvent> {
    Some(match r {
        Received::Notification(Notification::Shutdown(_)) => (true, None, false),
        Received::Notification(Notification::AssocChange(ac)) => (false, Some(ac.state()), false),
        Received::Notification(_) => (false, None, false),
        Received::Data(m) if m.data().is_empty() => (false, None, true),
        Received::Data(m) => panic!("unexpected data {:?}", m.data()),
    })
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn usrsctp_client_talks_to_a_kernel_listener() {
    let _serial = serial();
    let encap = encapsulation();
    let kernel = sctp::SctpBuilder::new()
        .subscribe(&EVENTS)
        .listener(&[addr("127.0.0.1:0")])
        .expect("kernel SCTP listener");
    kernel.set_read_timeout(Some(TIMEOUT)).unwrap();
    let kaddr: SocketAddr = kernel.local_addr().unwrap();

    let client = userland::SctpBuilder::new()
        .subscribe(&EVENTS)
        .remote_udp_port(encap.kernel_udp_port)
        .connect(&[kaddr])
        .expect("usrsctp connects to the kernel over UDP");
    client.set_read_timeout(Some(TIMEOUT)).unwrap();
    let (server, peer) = kernel.accept().expect("the kernel accepts the association");
    bound(&server);
    assert_eq!(peer.ip(), kaddr.ip());

    assert_eq!(
        next_assoc_change(&mut |b| client.recv(b).map(assoc_state)),
        AssocState::CommUp
    );
    assert_eq!(
        next_assoc_change(&mut |b| server.recv(b).map(assoc_state)),
        AssocState::CommUp
    );

    client
        .send(
            b"hello kernel",
            &SendInfo::new().with_stream(2).with_ppid(46),
        )
        .unwrap();
    let mut buf = vec![0u8; 4096];
    let m = data(server.recv(&mut buf));
    assert_eq!(
        (m.data(), m.stream(), m.ppid()),
        (&b"hello kernel"[..], 2, 46)
    );
    assert!(m.is_complete());

    server
        .send(
            b"hello usrsctp",
            &SendInfo::new().with_stream(1).with_ppid(51),
        )
        .unwrap();
    let Received::Data(m) = client.recv(&mut buf).unwrap() else {
        panic!("data expected")
    };
    assert_eq!(
        (m.data(), m.stream(), m.ppid()),
        (&b"hello usrsctp"[..], 1, 51)
    );

    client.shutdown(std::net::Shutdown::Write).unwrap();
    expect_shutdown(&mut |b| server.recv(b).map(end_event), true);
    expect_shutdown(&mut |b| client.recv(b).map(end_event), false);
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn kernel_client_talks_to_a_usrsctp_listener() {
    let _serial = serial();
    let _encap = encapsulation();
    let listener = userland::SctpBuilder::new()
        .subscribe(&EVENTS)
        .listener(&[addr("127.0.0.1:0")])
        .expect("usrsctp listener");
    listener.set_read_timeout(Some(TIMEOUT)).unwrap();
    let uaddr = listener.local_addr().unwrap();

    let client = sctp::SctpBuilder::new()
        .subscribe(&EVENTS)
        .connect(&[uaddr])
        .expect("the kernel connects to usrsctp over UDP");
    bound(&client);
    let (server, _) = listener.accept().expect("usrsctp accepts the association");
    server.set_read_timeout(Some(TIMEOUT)).unwrap();

    assert_eq!(
        next_assoc_change(&mut |b| client.recv(b).map(assoc_state)),
        AssocState::CommUp
    );
    assert_eq!(
        next_assoc_change(&mut |b| server.recv(b).map(assoc_state)),
        AssocState::CommUp
    );

    client
        .send(
            b"hello usrsctp",
            &SendInfo::new().with_stream(3).with_ppid(60),
        )
        .unwrap();
    let mut buf = vec![0u8; 4096];
    let Received::Data(m) = server.recv(&mut buf).unwrap() else {
        panic!("data expected")
    };
    assert_eq!(
        (m.data(), m.stream(), m.ppid()),
        (&b"hello usrsctp"[..], 3, 60)
    );
    assert!(m.is_complete());

    server
        .send(
            b"hello kernel",
            &SendInfo::new().with_stream(0).with_ppid(18),
        )
        .unwrap();
    let m = data(client.recv(&mut buf));
    assert_eq!(
        (m.data(), m.stream(), m.ppid()),
        (&b"hello kernel"[..], 0, 18)
    );

    client.shutdown(std::net::Shutdown::Write).unwrap();
    expect_shutdown(&mut |b| server.recv(b).map(end_event), true);
    expect_shutdown(&mut |b| client.recv(b).map(end_event), false);
}

/// One message each way on an association between an async kernel socket and an async usrsctp
/// socket, whichever end connected.
async fn exchange_async(
    kernel: &sctp::tokio::SctpStream,
    usrsctp: &userland::tokio::SctpStream,
    stream: u16,
) {
    let mut buf = vec![0u8; 4096];
    usrsctp
        .send(
            b"from usrsctp",
            &SendInfo::new().with_stream(stream).with_ppid(46),
        )
        .await
        .unwrap();
    let m = data(kernel.recv(&mut buf).await);
    assert_eq!(
        (m.data(), m.stream(), m.ppid()),
        (&b"from usrsctp"[..], stream, 46)
    );
    kernel
        .send(
            b"from the kernel",
            &SendInfo::new().with_stream(stream).with_ppid(51),
        )
        .await
        .unwrap();
    let Received::Data(m) = usrsctp.recv(&mut buf).await.unwrap() else {
        panic!("data expected")
    };
    assert_eq!(
        (m.data(), m.stream(), m.ppid()),
        (&b"from the kernel"[..], stream, 51)
    );
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn async_usrsctp_and_kernel_sockets_talk_both_ways() {
    let _serial = serial();
    let encap = encapsulation();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        // usrsctp connects to a kernel listener.
        let kernel = sctp::SctpBuilder::new()
            .listener_async(&[addr("127.0.0.1:0")])
            .expect("kernel SCTP listener");
        let kaddr = kernel.local_addr().unwrap();
        let builder = userland::SctpBuilder::new().remote_udp_port(encap.kernel_udp_port);
        let kaddrs = [kaddr];
        let connect = builder.connect_async(&kaddrs);
        let (client, accepted) =
            tokio::time::timeout(TIMEOUT, async { tokio::join!(connect, kernel.accept()) })
                .await
                .expect("usrsctp to kernel: association within the timeout");
        let client = client.expect("usrsctp connects to the kernel");
        let (server, _) = accepted.expect("the kernel accepts");
        tokio::time::timeout(TIMEOUT, exchange_async(&server, &client, 1))
            .await
            .expect("usrsctp to kernel: exchange within the timeout");

        // The kernel connects to a usrsctp listener.
        let listener = userland::SctpBuilder::new()
            .listener_async(&[addr("127.0.0.1:0")])
            .expect("usrsctp listener");
        let uaddr = listener.local_addr().unwrap();
        let builder = sctp::SctpBuilder::new();
        let uaddrs = [uaddr];
        let connect = builder.connect_async(&uaddrs);
        let (client, accepted) =
            tokio::time::timeout(TIMEOUT, async { tokio::join!(connect, listener.accept()) })
                .await
                .expect("kernel to usrsctp: association within the timeout");
        let client = client.expect("the kernel connects to usrsctp");
        let (server, _) = accepted.expect("usrsctp accepts");
        tokio::time::timeout(TIMEOUT, exchange_async(&client, &server, 0))
            .await
            .expect("kernel to usrsctp: exchange within the timeout");
    });
}

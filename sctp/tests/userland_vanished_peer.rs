//! A peer that stops answering, on the userland stack (host, no VM): the association runs
//! through a UDP relay this test controls, and the relay then drops every packet, as when the
//! peer's host vanishes (no SHUTDOWN, no ABORT). The local side must end its blocked receives
//! and sends with `COMM_LOST` or an error, without a panic or a hang.
//!
//! Failure detection takes RTO × retransmissions; usrsctp's defaults (RTO up to 60 s, ten
//! retransmissions, heartbeats every 30 s) would take minutes, so this binary lowers them for
//! its own process through usrsctp's sysctls before it opens any socket: RTO 100-200 ms, three
//! retransmissions per path and association and of the INIT, heartbeats every 200 ms. Its own binary, because the
//! sysctls are process-wide.

use std::net::{SocketAddr, UdpSocket};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

use sctp::notify::{AssocState, Notification};
use sctp::userland::{SctpBuilder, SctpListener, SctpStream, Stack};
use sctp::{Error, Event, Received, SendInfo};

/// The bound on every wait: failure detection takes about a second with the settings above.
const LIMIT: Duration = Duration::from_secs(20);

fn stack() -> &'static Stack {
    static STACK: OnceLock<Stack> = OnceLock::new();
    STACK.get_or_init(|| {
        let stack = Stack::start(0, 0).expect("start usrsctp");
        // usrsctp_init resets its sysctls to the defaults, so they are set after the start and
        // before the first socket (new endpoints copy them).
        let set = [
            // SAFETY: plain setters of usrsctp's global tunables; usrsctp runs.
            unsafe { usrsctp_sys::usrsctp_sysctl_set_sctp_rto_min_default(100) },
            // SAFETY: as above.
            unsafe { usrsctp_sys::usrsctp_sysctl_set_sctp_rto_max_default(200) },
            // SAFETY: as above.
            unsafe { usrsctp_sys::usrsctp_sysctl_set_sctp_rto_initial_default(100) },
            // SAFETY: as above.
            unsafe { usrsctp_sys::usrsctp_sysctl_set_sctp_assoc_rtx_max_default(3) },
            // SAFETY: as above.
            unsafe { usrsctp_sys::usrsctp_sysctl_set_sctp_path_rtx_max_default(3) },
            // SAFETY: as above.
            unsafe { usrsctp_sys::usrsctp_sysctl_set_sctp_heartbeat_interval_default(200) },
            // SAFETY: as above.
            unsafe { usrsctp_sys::usrsctp_sysctl_set_sctp_init_rto_max_default(200) },
            // SAFETY: as above.
            unsafe { usrsctp_sys::usrsctp_sysctl_set_sctp_init_rtx_max_default(3) },
        ];
        assert!(
            set.iter().all(|&rc| rc == 0),
            "usrsctp refused a sysctl: {set:?}"
        );
        stack
    })
}

/// A UDP relay between the stack and itself: associations whose remote UDP port is the relay's
/// reach their peer only while it forwards. Every datagram it receives goes to the stack's port
/// (both ends of an association live on that one stack, so there is one destination).
struct Relay {
    port: u16,
    forwarding: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
    thread: Option<thread::JoinHandle<()>>,
}

impl Relay {
    fn start(stack_port: u16) -> Relay {
        let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
        socket
            .set_read_timeout(Some(Duration::from_millis(20)))
            .unwrap();
        let port = socket.local_addr().unwrap().port();
        let forwarding = Arc::new(AtomicBool::new(true));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (forwarding, stop) = (Arc::clone(&forwarding), Arc::clone(&stop));
            let to = SocketAddr::from(([127, 0, 0, 1], stack_port));
            thread::spawn(move || {
                let mut buf = vec![0u8; 65536];
                while !stop.load(Ordering::SeqCst) {
                    if let Ok((n, _)) = socket.recv_from(&mut buf) {
                        if forwarding.load(Ordering::SeqCst) {
                            let _ = socket.send_to(&buf[..n], to);
                        }
                    }
                }
            })
        };
        Relay {
            port,
            forwarding,
            stop,
            thread: Some(thread),
        }
    }

    /// From now on every packet of the associations through the relay is lost.
    fn vanish(&self) {
        self.forwarding.store(false, Ordering::SeqCst);
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// An association through a new relay, both ends subscribed to association changes, with one
/// message each way delivered (and each side's COMM_UP read).
fn through_relay(client: SctpBuilder) -> (Relay, SctpStream, SctpStream) {
    let relay = Relay::start(stack().udp_port());
    let listener = SctpBuilder::new()
        .subscribe(&[Event::AssocChange])
        .listener(&["127.0.0.1:0".parse().unwrap()])
        .unwrap();
    listener.set_read_timeout(Some(LIMIT)).unwrap();
    let client = client
        .subscribe(&[Event::AssocChange])
        .remote_udp_port(relay.port)
        .connect(&[listener.local_addr().unwrap()])
        .expect("connect through the relay");
    let (server, _) = listener.accept().expect("accept through the relay");
    for s in [&client, &server] {
        s.set_read_timeout(Some(LIMIT)).unwrap();
    }
    let mut buf = vec![0u8; 4096];
    for (from, to) in [(&client, &server), (&server, &client)] {
        from.send(b"hello", &SendInfo::new()).unwrap();
        loop {
            match to.recv(&mut buf).expect("recv through the relay") {
                Received::Notification(Notification::AssocChange(ac)) => {
                    assert_eq!(ac.state(), AssocState::CommUp);
                }
                Received::Data(m) => {
                    assert_eq!(m.data(), b"hello");
                    break;
                }
                other => panic!("unexpected {other:?}"),
            }
        }
    }
    (relay, client, server)
}

/// Whether `err` is what usrsctp reports for a send on an association it gave up: ECONNRESET or
/// ECONNABORTED when the loss ends a blocked send (which one depends on where usrsctp's abort
/// finds the send), or ENOTCONN/EPIPE for a send made after it (usrsctp's ENOENT, no such
/// association, comes as the kernel's EPIPE) — never the timeout's `WouldBlock`.
fn is_association_gone(err: &Error) -> bool {
    matches!(err, Error::Io(e) if matches!(
        e.raw_os_error(),
        Some(
            libc::ECONNRESET
                | libc::ECONNABORTED
                | libc::ENOTCONN
                | libc::EPIPE
                | libc::ETIMEDOUT
        )
    ))
}

/// How a receive on an association whose peer vanished ended.
#[derive(Debug, PartialEq)]
enum End {
    /// The `COMM_LOST` notification (RFC 6458 §6.1.1).
    CommLost,
    /// An error from usrsctp (not the read timeout).
    Error(std::io::ErrorKind),
}

/// Receives until the association ends; the read timeout (`LIMIT`) turns a hang into a failure.
fn until_lost(s: &SctpStream) -> End {
    let mut buf = vec![0u8; 4096];
    loop {
        match s.recv(&mut buf) {
            Ok(Received::Notification(Notification::AssocChange(ac)))
                if ac.state() == AssocState::CommLost =>
            {
                return End::CommLost;
            }
            Ok(Received::Notification(_)) => {}
            Ok(Received::Data(m)) if m.data().is_empty() => {
                panic!("end of stream before COMM_LOST")
            }
            Ok(Received::Data(m)) => panic!("data from a vanished peer: {:?}", m.data()),
            Err(Error::Io(e)) if e.kind() == std::io::ErrorKind::WouldBlock => {
                panic!("no COMM_LOST or error within {LIMIT:?}")
            }
            Err(Error::Io(e)) => return End::Error(e.kind()),
            Err(e) => panic!("{e:?}"),
        }
    }
}

#[test]
fn blocked_receives_on_both_ends_end_with_comm_lost() {
    let (relay, client, server) = through_relay(SctpBuilder::new());
    relay.vanish();
    let start = Instant::now();
    // The client has data in flight (retransmission timeouts), the server only heartbeats: both
    // give the association up and report it while blocked in `recv`.
    client.send(b"into the void", &SendInfo::new()).unwrap();
    let server_end = thread::spawn(move || (until_lost(&server), server));
    assert_eq!(until_lost(&client), End::CommLost);
    let (end, server) = server_end.join().unwrap();
    assert_eq!(end, End::CommLost);
    assert!(start.elapsed() < LIMIT, "{:?}", start.elapsed());
    // The association is gone: sending is an error, not a hang or a panic.
    for s in [&client, &server] {
        let err = s.send(b"late", &SendInfo::new()).unwrap_err();
        assert!(is_association_gone(&err), "{err:?}");
    }
}

#[test]
fn a_send_blocked_on_a_full_buffer_ends_with_an_error() {
    let (relay, client, _server) = through_relay(SctpBuilder::new().send_buffer_size(16 * 1024));
    client.set_write_timeout(Some(LIMIT)).unwrap();
    relay.vanish();
    let start = Instant::now();
    // Nothing is acknowledged any more: the buffer fills, then a send waits for space that never
    // comes, until the association is given up.
    let chunk = [0x42u8; 1024];
    let err = loop {
        match client.send(&chunk, &SendInfo::new()) {
            Ok(_) => assert!(start.elapsed() < LIMIT, "sends never stopped"),
            Err(e) => break e,
        }
    };
    assert!(is_association_gone(&err), "{err:?}");
    assert!(start.elapsed() < LIMIT, "{:?}", start.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn async_tasks_blocked_in_recv_and_send_are_woken_by_the_loss() {
    let (relay, client, server) = through_relay(SctpBuilder::new().send_buffer_size(16 * 1024));
    let client = Arc::new(sctp::userland::tokio::SctpStream::from_std(client).unwrap());
    let server = sctp::userland::tokio::SctpStream::from_std(server).unwrap();
    relay.vanish();
    let receiver = {
        let client = Arc::clone(&client);
        tokio::spawn(async move {
            let mut buf = vec![0u8; 4096];
            loop {
                match client.recv(&mut buf).await {
                    Ok(Received::Notification(Notification::AssocChange(ac)))
                        if ac.state() == AssocState::CommLost =>
                    {
                        return End::CommLost;
                    }
                    Ok(Received::Notification(_)) => {}
                    Ok(Received::Data(m)) => panic!("data from a vanished peer: {:?}", m.data()),
                    Err(Error::Io(e)) => return End::Error(e.kind()),
                    Err(e) => panic!("{e:?}"),
                }
            }
        })
    };
    let sender = {
        let client = Arc::clone(&client);
        tokio::spawn(async move {
            let chunk = [0x42u8; 1024];
            let mut sent = 0usize;
            loop {
                match client.send(&chunk, &SendInfo::new()).await {
                    Ok(n) => sent += n,
                    Err(e) => return (sent, e),
                }
            }
        })
    };
    let end = tokio::time::timeout(LIMIT, receiver)
        .await
        .expect("the receiving task was not woken")
        .unwrap();
    assert_eq!(end, End::CommLost);
    let (sent, err) = tokio::time::timeout(LIMIT, sender)
        .await
        .expect("the sending task was not woken")
        .unwrap();
    assert!(sent > 0, "the buffer took data before it filled");
    assert!(is_association_gone(&err), "{err:?}");
    // The server's side of the association is lost too (heartbeats unanswered).
    let mut buf = vec![0u8; 4096];
    let server_end = tokio::time::timeout(LIMIT, async {
        loop {
            match server.recv(&mut buf).await {
                Ok(Received::Notification(Notification::AssocChange(ac)))
                    if ac.state() == AssocState::CommLost =>
                {
                    return End::CommLost;
                }
                Ok(Received::Notification(_)) => {}
                Ok(Received::Data(m)) => panic!("data from a vanished peer: {:?}", m.data()),
                Err(Error::Io(e)) => return End::Error(e.kind()),
                Err(e) => panic!("{e:?}"),
            }
        }
    })
    .await
    .expect("the server's task was not woken");
    assert_eq!(server_end, End::CommLost);
}

#[test]
fn the_listener_is_unaffected() {
    // Other associations of the stack keep working while one peer is gone.
    let (relay, _client, _server) = through_relay(SctpBuilder::new());
    relay.vanish();
    let listener = SctpListener::bind("127.0.0.1:0").unwrap();
    listener.set_read_timeout(Some(LIMIT)).unwrap();
    let other = SctpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (accepted, _) = listener.accept().unwrap();
    accepted.set_read_timeout(Some(LIMIT)).unwrap();
    other.send(b"still here", &SendInfo::new()).unwrap();
    let mut buf = [0u8; 64];
    match accepted.recv(&mut buf).unwrap() {
        Received::Data(m) => assert_eq!(m.data(), b"still here"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_async_connect_to_a_peer_that_never_answers_fails() {
    // The INIT goes into the relay, which forwards nothing: the setup must fail once the INIT
    // retransmissions are used up, not return a stream that is not connected, and not hang.
    let relay = Relay::start(stack().udp_port());
    relay.vanish();
    let listener = SctpListener::bind("127.0.0.1:0").unwrap();
    let start = Instant::now();
    let builder = SctpBuilder::new().remote_udp_port(relay.port);
    let addrs = [listener.local_addr().unwrap()];
    let r = tokio::time::timeout(LIMIT, builder.connect_async(&addrs))
        .await
        .expect("connect_async neither failed nor succeeded");
    let err = r.expect_err("an association with nobody");
    assert!(
        matches!(&err, Error::Io(e) if matches!(
            e.raw_os_error(),
            Some(libc::ETIMEDOUT | libc::ECONNREFUSED | libc::ECONNABORTED)
        )),
        "{err:?}"
    );
    // Three INIT retransmissions of at most 200 ms each: well under a few seconds.
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
}

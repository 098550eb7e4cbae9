//! Kernel test of multi-homing over real links: two veth pairs into a network namespace, the
//! primary path made to drop everything, and the association carrying on over the second path.
//!
//! Linux only: it builds the network with Linux network namespaces, veth and netem.
#![cfg(target_os = "linux")]

mod common;

use std::os::fd::AsRawFd;
use std::process::Command;
use std::time::{Duration, Instant};

use common::*;
use sctp::notify::{Notification, PeerAddrState};
use sctp::{Event, SctpBuilder, SctpListener, SendInfo};

fn ip(args: &str) {
    let status = Command::new("ip")
        .args(args.split_whitespace())
        .status()
        .expect("ip (iproute2) in the VM");
    assert!(status.success(), "ip {args}");
}

fn tc(args: &str) {
    let status = Command::new("tc")
        .args(args.split_whitespace())
        .status()
        .expect("tc (iproute2) in the VM");
    assert!(status.success(), "tc {args}");
}

/// A network namespace joined to this one by two veth pairs, deleted on drop.
struct Namespace {
    name: String,
}

impl Namespace {
    fn new() -> Namespace {
        let name = format!("sctpmh{}", std::process::id());
        ip(&format!("netns add {name}"));
        let ns = Namespace { name };
        for (i, net) in [(0, 91), (1, 92)] {
            let (a, b) = (
                format!("mh{i}a{}", std::process::id() % 10000),
                format!("mh{i}b"),
            );
            ip(&format!(
                "link add {a} type veth peer name {b} netns {}",
                ns.name
            ));
            ip(&format!("addr add 10.{net}.0.1/24 dev {a}"));
            ip(&format!("link set {a} up"));
            ip(&format!("-n {} addr add 10.{net}.0.2/24 dev {b}", ns.name));
            ip(&format!("-n {} link set {b} up", ns.name));
        }
        ip(&format!("-n {} link set lo up", ns.name));
        ns
    }

    fn host_side(&self, i: u32) -> String {
        format!("mh{i}a{}", std::process::id() % 10000)
    }

    /// Runs `f` on a thread that has joined the namespace; sockets made there stay in it.
    fn run<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> T {
        let path = format!("/run/netns/{}", self.name);
        std::thread::spawn(move || {
            let file = std::fs::File::open(&path).expect("namespace file");
            // SAFETY: joins the network namespace of an open namespace file, on this thread only.
            let rc = unsafe { libc::setns(file.as_raw_fd(), libc::CLONE_NEWNET) };
            assert_eq!(rc, 0, "setns: {}", std::io::Error::last_os_error());
            f()
        })
        .join()
        .expect("namespace thread")
    }
}

impl Drop for Namespace {
    fn drop(&mut self) {
        // Deleting the namespace removes its veth ends, and with them the host-side peers.
        let _ = Command::new("ip")
            .args(["netns", "del", &self.name])
            .status();
    }
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn failover_to_the_second_path() {
    let ns = Namespace::new();
    // Fast failure detection on the sending side (this namespace): short timers, few retries.
    let _tuning = [
        ("rto_initial", "200"),
        ("rto_min", "100"),
        ("rto_max", "400"),
        ("hb_interval", "200"),
        ("path_max_retrans", "2"),
    ]
    .map(|(name, value)| SctpSysctl::set(name, value));
    let server = ns.run(|| {
        SctpListener::bind_multi(&[addr("10.91.0.2:0")])
            .and_then(|l| {
                l.add_local_addrs(&[addr(&format!("10.92.0.2:{}", l.local_addr()?.port()))])?;
                Ok(l)
            })
            .expect("listener in the namespace")
    });
    server.set_read_timeout(Some(TIMEOUT)).unwrap();
    let port = server.local_addr().unwrap().port();
    let primary = addr(&format!("10.91.0.2:{port}"));
    let secondary = addr(&format!("10.92.0.2:{port}"));
    let client = SctpBuilder::new()
        .subscribe(&[Event::PeerAddrChange])
        .nodelay(true)
        .local_addrs(&[addr("10.91.0.1:0"), addr("10.92.0.1:0")])
        .connect(&[primary, secondary])
        .expect("association over two paths");
    let (accepted, _) = server.accept().unwrap();
    bound(&accepted);
    let mut peers = client.peer_addrs().unwrap();
    peers.sort();
    assert_eq!(peers, vec![primary, secondary]);
    assert_eq!(client.primary_addr().unwrap(), primary);

    // The primary path now drops every packet.
    tc(&format!(
        "qdisc add dev {} root netem loss 100%",
        ns.host_side(0)
    ));

    let receiver = std::thread::spawn(move || {
        let mut buf = [0u8; 64];
        let mut got = Vec::new();
        while got.len() < 10 {
            got.push(data(accepted.recv(&mut buf)).data().to_vec());
        }
        // Kept open until the end: closing it would shut the association down.
        (accepted, got)
    });
    client
        .set_read_timeout(Some(Duration::from_millis(100)))
        .unwrap();
    let mut unreachable = false;
    let mut buf = [0u8; 512];
    // Reads the pending notifications (the client gets no data in this test).
    let mut poll_notifications = |unreachable: &mut bool| loop {
        match client.recv(&mut buf) {
            Ok(sctp::Received::Notification(n)) => {
                if let Notification::PeerAddrChange(pc) = n {
                    if pc.address() == primary && pc.state() == PeerAddrState::Unreachable {
                        *unreachable = true;
                    }
                }
            }
            Ok(sctp::Received::Data(m)) => panic!("unexpected data or end: {m:?}"),
            Err(_) => return,
        }
    };
    for i in 0..10u8 {
        client.send(&[i], &SendInfo::new().with_ppid(1)).unwrap();
        std::thread::sleep(Duration::from_millis(100));
        poll_notifications(&mut unreachable);
    }
    let deadline = Instant::now() + TIMEOUT;
    while !unreachable && Instant::now() < deadline {
        poll_notifications(&mut unreachable);
    }
    assert!(
        unreachable,
        "no SCTP_ADDR_UNREACHABLE for the failed primary path"
    );
    // Every message arrived, in order, over the second path.
    let (_accepted, got) = receiver.join().expect("receiver");
    assert_eq!(got, (0..10u8).map(|i| vec![i]).collect::<Vec<_>>());
}

//! Kernel regression tests of the socket layer: address lists, the PR-SCTP control message and
//! what memcheck (`cargo xtask test --valgrind`) checks of them. The receive path's cut control
//! messages and notifications are tested in the crate itself (`common.rs`), where the control
//! buffer can be made small.
#![cfg(target_os = "linux")]

mod common;

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::os::fd::OwnedFd;

use common::*;
use sctp::{AssocId, PrPolicy, SctpListener, SctpSocket, SctpStream, SendInfo};

/// Resident memory of this process in bytes (`/proc/self/statm`, second field, in pages).
fn resident_bytes() -> usize {
    let statm = std::fs::read_to_string("/proc/self/statm").expect("/proc/self/statm");
    let pages: usize = statm
        .split_whitespace()
        .nth(1)
        .and_then(|v| v.parse().ok())
        .expect("resident pages");
    // SAFETY: sysconf has no memory-safety preconditions.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    pages * usize::try_from(page).expect("page size")
}

/// An empty address list allocates nothing that stays behind: asking an unbound socket for its
/// local addresses 10,000 times (an empty list each time) must not grow the process. It leaked
/// libsctp's 4 KiB list per call once (40 MiB here).
#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn empty_address_lists_leak_nothing() {
    let raw = socket2::Socket::new(
        socket2::Domain::IPV4,
        socket2::Type::SEQPACKET,
        Some(socket2::Protocol::SCTP),
    )
    .expect("SCTP socket (does the kernel have SCTP?)");
    let socket = SctpSocket::from(OwnedFd::from(raw));
    // Warm up whatever the first calls allocate for good (the allocator's own arenas).
    for _ in 0..100 {
        assert_eq!(socket.local_addrs(AssocId::FUTURE).unwrap(), []);
    }
    let before = resident_bytes();
    for _ in 0..10_000 {
        assert_eq!(socket.local_addrs(AssocId::FUTURE).unwrap(), []);
    }
    let grown = resident_bytes().saturating_sub(before);
    assert!(
        grown < 4 << 20,
        "10,000 empty address lists grew the process by {grown} bytes"
    );
}

/// Address lists longer than the first buffer the crate reads them into (1016 bytes: 36 IPv6 or
/// 63 IPv4 addresses) come back whole: 70 loopback addresses, on the listener (local) and on the
/// client (the peer's, learned from its INIT ACK).
#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn long_address_lists_come_back_whole() {
    let first = SctpListener::bind(addr("127.0.0.1:0")).expect("SCTP listener");
    let port = first.local_addr().unwrap().port();
    drop(first);
    let addrs: Vec<SocketAddr> = (1..=70)
        .map(|i| addr(&format!("127.0.1.{i}:{port}")))
        .collect();
    let listener = SctpListener::bind_multi(&addrs).expect("bind 70 addresses");
    listener.set_read_timeout(Some(TIMEOUT)).unwrap();
    let want: BTreeSet<SocketAddr> = addrs.iter().copied().collect();
    let local: BTreeSet<SocketAddr> = listener.local_addrs().unwrap().into_iter().collect();
    assert_eq!(local, want);

    let client = SctpStream::connect(addrs[0]).expect("connect");
    let (server, _) = listener.accept().unwrap();
    bound(&client);
    bound(&server);
    let peer: BTreeSet<SocketAddr> = client.peer_addrs().unwrap().into_iter().collect();
    assert_eq!(peer, want);
    let server_local: BTreeSet<SocketAddr> = server.local_addrs().unwrap().into_iter().collect();
    assert_eq!(server_local, want);
}

/// Sends with a PR-SCTP policy (the `SCTP_PRINFO` control message, whose C struct has padding)
/// and with every control message at once. Under memcheck (`cargo xtask test --valgrind`) any
/// uninitialised byte handed to `sendmsg` fails this test; without memcheck it checks that the
/// messages arrive.
#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn pr_sctp_sends_hand_the_kernel_initialised_bytes() {
    let (client, server) = pair("127.0.0.1:0");
    let policies = [
        PrPolicy::None,
        PrPolicy::Ttl(60_000),
        PrPolicy::Rtx(5),
        PrPolicy::Priority(1),
    ];
    for (i, policy) in policies.into_iter().enumerate() {
        let info = SendInfo::new()
            .with_stream(0)
            .with_ppid(i as u32)
            .with_pr_policy(policy);
        client.send(b"pr-sctp", &info).expect("send with PRINFO");
    }
    let mut buf = [0u8; 64];
    for i in 0..policies.len() {
        let msg = data(server.recv(&mut buf));
        assert_eq!((msg.data(), msg.ppid()), (&b"pr-sctp"[..], i as u32));
    }
}

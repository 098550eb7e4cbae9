//! The userland path's allocation contract: a steady-state `send` or `recv` on `sctp::userland`
//! sockets allocates nothing on the Rust side. usrsctp itself allocates per packet (its mbufs, with
//! the C library's `malloc`), which no Rust allocator sees and this crate cannot avoid; the C
//! baseline in BENCHMARKS.md pays the same. Runs on the host (no kernel SCTP needed).

use std::time::Duration;

use sctp::userland::{SctpBuilder, Stack};
use sctp::{Received, SendInfo};

#[path = "common/counting.rs"]
mod counting;
use counting::{Counting, allocations};

#[global_allocator]
static GLOBAL: Counting = Counting;

fn exchange(
    client: &sctp::userland::SctpStream,
    server: &sctp::userland::SctpStream,
    rounds: usize,
) {
    let payload = [0x5au8; 64];
    let info = SendInfo::new().with_stream(1).with_ppid(99);
    let mut buf = [0u8; 256];
    for _ in 0..rounds {
        assert_eq!(client.send(&payload, &info).unwrap(), 64);
        match server.recv(&mut buf).unwrap() {
            Received::Data(m) => assert!(m.data().len() == 64 && m.ppid() == 99 && m.stream() == 1),
            Received::Notification(_) => panic!("unexpected notification"),
        }
    }
}

/// One test only, so that no other test of this binary allocates while it counts.
#[test]
fn steady_state_send_and_recv_allocate_nothing() {
    let _stack = Stack::start(0, 0).unwrap();
    let l = SctpBuilder::new()
        .listener(&["127.0.0.1:0".parse().unwrap()])
        .unwrap();
    let client = SctpBuilder::new()
        .nodelay(true)
        .connect(&[l.local_addr().unwrap()])
        .unwrap();
    let (server, _) = l.accept().unwrap();
    // Both with and without a timeout: the timed path waits on usrsctp's upcall.
    for timeout in [None, Some(Duration::from_secs(10))] {
        server.set_read_timeout(timeout).unwrap();
        client.set_write_timeout(timeout).unwrap();
        exchange(&client, &server, 50);
        let before = allocations();
        exchange(&client, &server, 1000);
        let after = allocations();
        assert_eq!(
            after - before,
            0,
            "allocations in 1000 rounds (timeout {timeout:?})"
        );
    }
}

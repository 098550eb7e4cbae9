//! The userland path's allocation contract: a steady-state `send` or `recv` (or `send_batch` and
//! `recv_batch` into a `RecvBatch` made before) on `sctp::userland` sockets, blocking or async (`sctp::userland::tokio`, waiting on usrsctp's upcall), allocates
//! nothing on the Rust side. usrsctp itself allocates per packet (its mbufs, with
//! the C library's `malloc`), which no Rust allocator sees and this crate cannot avoid; the C
//! baseline in BENCHMARKS.md pays the same. Runs on the host (no kernel SCTP needed).

use std::time::Duration;

use sctp::userland::{SctpBuilder, Stack};
use sctp::{Received, RecvBatch, SendInfo};

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

/// Rounds of a batch of 8 messages, sent with `send_batch` and taken with `recv_batch` (as many
/// calls as it takes) into one `RecvBatch`, allocated before.
fn exchange_batches(
    client: &sctp::userland::SctpStream,
    server: &sctp::userland::SctpStream,
    batch: &mut RecvBatch,
    rounds: usize,
) {
    let payload = [0x5au8; 64];
    let info = SendInfo::new().with_stream(1).with_ppid(99);
    let msgs = [(&payload[..], info); 8];
    for _ in 0..rounds {
        assert_eq!(client.send_batch(&msgs).unwrap(), 8);
        let mut got = 0;
        while got < 8 {
            assert!(server.recv_batch(batch).unwrap() >= 1);
            for item in batch.iter() {
                match item.unwrap() {
                    Received::Data(m) => assert!(m.data().len() == 64 && m.ppid() == 99),
                    Received::Notification(_) => panic!("unexpected notification"),
                }
                got += 1;
            }
        }
        assert_eq!(got, 8);
    }
}

/// Ping-pong between a client task and the server on the async userland sockets: each side
/// waits in `recv` for the other, so every round goes through usrsctp's upcall and the waker.
async fn ping_pong(
    client: &sctp::userland::tokio::SctpStream,
    server: &sctp::userland::tokio::SctpStream,
    rounds: usize,
) -> usize {
    let payload = [0x5au8; 64];
    let info = SendInfo::new().with_stream(1).with_ppid(99);
    let mut server_buf = [0u8; 256];
    let mut client_buf = [0u8; 256];
    let serve = async {
        for _ in 0..rounds {
            let len = match server.recv(&mut server_buf).await.unwrap() {
                Received::Data(m) => m.data().len(),
                Received::Notification(_) => panic!("unexpected notification"),
            };
            server.send(&server_buf[..len], &info).await.unwrap();
        }
    };
    let ask = async {
        let mut answered = 0;
        for _ in 0..rounds {
            client.send(&payload, &info).await.unwrap();
            if let Received::Data(m) = client.recv(&mut client_buf).await.unwrap() {
                answered += usize::from(m.data() == payload);
            }
        }
        answered
    };
    tokio::join!(serve, ask).1
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
        let mut batch = RecvBatch::new(8, 256);
        exchange_batches(&client, &server, &mut batch, 20);
        let before = allocations();
        exchange_batches(&client, &server, &mut batch, 200);
        let after = allocations();
        assert_eq!(
            after - before,
            0,
            "allocations in 200 batch rounds (timeout {timeout:?})"
        );
    }
    // The async sockets: a runtime on this thread, both ends waiting on upcalls in turn.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let client = sctp::userland::tokio::SctpStream::from_std(client).unwrap();
    let server = sctp::userland::tokio::SctpStream::from_std(server).unwrap();
    runtime.block_on(async {
        assert_eq!(ping_pong(&client, &server, 50).await, 50);
        let before = allocations();
        assert_eq!(ping_pong(&client, &server, 1000).await, 1000);
        let after = allocations();
        assert_eq!(after - before, 0, "allocations in 1000 async round trips");
    });
}

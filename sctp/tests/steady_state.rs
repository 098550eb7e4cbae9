//! Kernel tests of the performance contract: a steady-state `send` or `recv` allocates nothing
//! and makes exactly one system call.

mod common;

#[cfg(target_os = "linux")]
use std::process::{Command, Stdio};

use common::*;
use sctp::{Received, SctpBuilder, SendInfo};

/// A one-to-one pair whose client sends at once (`SCTP_NODELAY`): with the default Nagle-like
/// bundling each small message would wait for the previous one's delayed acknowledgement.
fn fast_pair() -> (sctp::SctpStream, sctp::SctpStream) {
    let l = listener("127.0.0.1:0");
    let client = SctpBuilder::new()
        .nodelay(true)
        .connect(&[l.local_addr().unwrap()])
        .unwrap();
    let (server, _) = l.accept().unwrap();
    bound(&client);
    bound(&server);
    (client, server)
}

#[path = "common/counting.rs"]
mod counting;
use counting::{Counting, allocations};

#[global_allocator]
static GLOBAL: Counting = Counting;

const ROUNDS: usize = 1000;

/// One message each way per round, checked, so that every call does real work.
fn exchange_one_to_one(client: &sctp::SctpStream, server: &sctp::SctpStream, rounds: usize) {
    let payload = [0x5au8; 64];
    let info = SendInfo::new().with_stream(1).with_ppid(99);
    let mut buf = [0u8; 256];
    for _ in 0..rounds {
        assert_eq!(client.send(&payload, &info).unwrap(), 64);
        match server.recv(&mut buf).unwrap() {
            Received::Data(m) => assert!(m.data().len() == 64 && m.ppid() == 99),
            Received::Notification(_) => panic!("unexpected notification"),
        }
    }
}

fn exchange_one_to_many(
    client: &sctp::SctpSocket,
    server: &sctp::SctpSocket,
    info: &SendInfo,
    rounds: usize,
) {
    let payload = [0xa5u8; 64];
    let mut buf = [0u8; 256];
    for _ in 0..rounds {
        assert_eq!(client.send(&payload, info).unwrap(), 64);
        match server.recv(&mut buf).unwrap() {
            Received::Data(m) => assert_eq!(m.data().len(), 64),
            Received::Notification(_) => panic!("unexpected notification"),
        }
    }
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn no_allocation_per_message() {
    let (client, server) = fast_pair();
    server.set_recv_nxtinfo(true).unwrap();
    exchange_one_to_one(&client, &server, 100);
    let before = allocations();
    exchange_one_to_one(&client, &server, ROUNDS);
    let one_to_one = allocations() - before;

    let server_m = one_to_many("127.0.0.1:0");
    server_m.listen(4).unwrap();
    let client_m = SctpBuilder::new()
        .nodelay(true)
        .one_to_many(&[addr("127.0.0.1:0")])
        .unwrap();
    client_m.set_read_timeout(Some(TIMEOUT)).unwrap();
    let id = client_m.connect(&[server_m.local_addr().unwrap()]).unwrap();
    let info = SendInfo::new().with_assoc_id(id).with_ppid(3);
    exchange_one_to_many(&client_m, &server_m, &info, 100);
    let before = allocations();
    exchange_one_to_many(&client_m, &server_m, &info, ROUNDS);
    let one_to_many = allocations() - before;

    println!(
        "allocations in {ROUNDS} send+recv rounds: one-to-one {one_to_one}, one-to-many {one_to_many}"
    );
    assert_eq!((one_to_one, one_to_many), (0, 0));
}

/// Parses `strace -c` output into (calls of sendmsg, calls of recvmsg, calls of everything).
#[cfg(target_os = "linux")] // strace is Linux's
fn strace_counts(summary: &str) -> (usize, usize, usize) {
    let (mut send, mut recv, mut total) = (0, 0, 0);
    for line in summary.lines() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        // % time, seconds, usecs/call, calls, [errors], syscall
        if cols.len() < 5 || cols[0].parse::<f64>().is_err() {
            continue;
        }
        let Ok(calls) = cols[3].parse::<usize>() else {
            continue;
        };
        let name = cols[cols.len() - 1];
        match name {
            "total" => continue,
            "sendmsg" => send = calls,
            "recvmsg" => recv = calls,
            _ => {}
        }
        total += calls;
    }
    (send, recv, total)
}

/// Runs `work` under `strace -c` attached to this thread; returns what `strace_counts` reads
/// from the summary.
#[cfg(target_os = "linux")] // strace is Linux's
fn count_system_calls(work: impl FnOnce()) -> (usize, usize, usize) {
    // SAFETY: gettid has no preconditions.
    let tid = unsafe { libc::gettid() };
    let out = std::env::temp_dir().join(format!("sctp-strace-{tid}.txt"));
    let mut strace = Command::new("strace")
        .args(["-c", "-o"])
        .arg(&out)
        .args(["-p", &tid.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("strace in the test VM");
    let traced = || {
        std::fs::read_to_string(format!("/proc/self/task/{tid}/status"))
            .unwrap()
            .lines()
            .any(|l| l.starts_with("TracerPid:") && l.split_whitespace().nth(1) != Some("0"))
    };
    let deadline = std::time::Instant::now() + TIMEOUT;
    while !traced() {
        assert!(
            std::time::Instant::now() < deadline,
            "strace did not attach"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    work();
    // SAFETY: sends SIGINT to the strace child we spawned; it detaches and writes its summary.
    unsafe { libc::kill(strace.id() as i32, libc::SIGINT) };
    strace.wait().unwrap();
    let summary = std::fs::read_to_string(&out).expect("strace summary");
    let _ = std::fs::remove_file(&out);
    println!("{summary}");
    strace_counts(&summary)
}

#[cfg(target_os = "linux")] // strace is Linux's
#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn one_system_call_per_message() {
    let (client, server) = fast_pair();
    exchange_one_to_one(&client, &server, 100);
    let (send, recv, total) = count_system_calls(|| exchange_one_to_one(&client, &server, ROUNDS));
    println!("{ROUNDS} rounds: sendmsg {send}, recvmsg {recv}, all system calls {total}");
    assert_eq!((send, recv), (ROUNDS, ROUNDS));
    // Whatever else ran in the window (the attach poll, the kill) is a constant, not per message.
    assert!(
        total <= 2 * ROUNDS + 20,
        "{total} system calls for {ROUNDS} rounds"
    );
}

/// `send_to` on a one-to-many socket is one `sendmsg` too: the address family is checked only
/// when the kernel refuses the send.
#[cfg(target_os = "linux")] // strace is Linux's
#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn one_system_call_per_send_to() {
    let server = one_to_many("127.0.0.1:0");
    server.listen(4).unwrap();
    let client = SctpBuilder::new()
        .nodelay(true)
        .one_to_many(&[addr("127.0.0.1:0")])
        .unwrap();
    let to = server.local_addr().unwrap();
    let info = SendInfo::new().with_ppid(5);
    let payload = [0x3cu8; 64];
    let mut buf = [0u8; 256];
    let mut exchange = |rounds: usize| {
        for _ in 0..rounds {
            assert_eq!(client.send_to(&payload, to, &info).unwrap(), 64);
            match server.recv(&mut buf).unwrap() {
                Received::Data(m) => assert!(m.data().len() == 64 && m.ppid() == 5),
                Received::Notification(_) => panic!("unexpected notification"),
            }
        }
    };
    // The first send_to sets the association up.
    exchange(100);
    let (send, recv, total) = count_system_calls(|| exchange(ROUNDS));
    println!("{ROUNDS} rounds: sendmsg {send}, recvmsg {recv}, all system calls {total}");
    assert_eq!((send, recv), (ROUNDS, ROUNDS));
    assert!(
        total <= 2 * ROUNDS + 20,
        "{total} system calls for {ROUNDS} rounds"
    );
}

/// The batch calls allocate nothing either: the `msghdr`s are on the stack and the receive
/// storage is the caller's, allocated once.
#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn no_allocation_per_batch() {
    let (client, server) = fast_pair();
    let payload = [0x7eu8; 64];
    let info = SendInfo::new().with_stream(1).with_ppid(12);
    let msgs = [(&payload[..], info); 16];
    let mut batch = sctp::RecvBatch::new(16, 256);
    let mut exchange = |rounds: usize| {
        for _ in 0..rounds {
            assert_eq!(client.send_batch(&msgs).unwrap(), msgs.len());
            let mut got = 0;
            while got < msgs.len() {
                server.recv_batch(&mut batch).unwrap();
                for item in batch.iter() {
                    match item.unwrap() {
                        Received::Data(m) => assert!(m.data().len() == 64 && m.ppid() == 12),
                        Received::Notification(_) => panic!("unexpected notification"),
                    }
                    got += 1;
                }
            }
        }
    };
    exchange(10);
    let before = allocations();
    exchange(100);
    let during = allocations() - before;
    println!("allocations in 100 batches of 16 messages each way: {during}");
    assert_eq!(during, 0);
}

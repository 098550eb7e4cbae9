//! The workload of `cargo xtask bench` (run inside the test VM, next to the C baseline
//! `ci/bench/pingpong.c`, which does the same with plain `sendmsg`/`recvmsg`).
//!
//! usage: pingpong stream|seqpacket SIZE COUNT [fixed|varying|tokio]
//!
//! Sends COUNT messages of SIZE bytes from a client to a server over 127.0.0.1 in one thread, each
//! `send` (with stream and ppid, i.e. an SNDINFO control message) followed by its `recv` (with the
//! RCVINFO control message), and prints `ns_per_msg=<n>` for the loop alone and `allocs=<n>`, the
//! heap allocations the loop made. It is a plain binary (`harness = false`) so that the same
//! process can be run under callgrind.
//!
//! Workloads: `fixed` (the default; `blocking` is another name for it) sends every message on
//! stream 1 and checks length and ppid; `varying` sends message `i` on stream `i % 10` and checks
//! what an application would: stream, ppid, length and completeness (the C program does the same
//! checks); `tokio` runs the `fixed` loop on the async sockets (`sctp::tokio`) inside a
//! current-thread runtime.

use std::alloc::{GlobalAlloc, Layout, System};
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use sctp::{Received, SctpBuilder, SctpListener, SctpSocket, SctpStream, SendInfo};

/// The system allocator, counting allocations (one relaxed add each, none in the steady state).
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: forwarded with the caller's layout (GlobalAlloc's contract).
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` with `layout` (GlobalAlloc's contract).
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: forwarded with the caller's arguments (GlobalAlloc's contract).
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made by the timed loop.
static LOOP_ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

/// The start of the timed loop: its time and the allocation count.
struct Started(Instant, u64);

impl Started {
    fn now() -> Started {
        Started(Instant::now(), ALLOCATIONS.load(Ordering::Relaxed))
    }

    /// The time since the start; records the allocations made since.
    fn elapsed(self) -> Duration {
        let t = self.0.elapsed();
        LOOP_ALLOCATIONS.store(
            ALLOCATIONS.load(Ordering::Relaxed) - self.1,
            Ordering::Relaxed,
        );
        t
    }
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let (style, size, count, api) = match &args[..] {
        [style, size, count] => (style, size, count, "blocking"),
        [style, size, count, api] => (
            style,
            size,
            count,
            if api == "fixed" {
                "blocking"
            } else {
                api.as_str()
            },
        ),
        _ => {
            eprintln!("usage: pingpong stream|seqpacket SIZE COUNT [fixed|varying|tokio]");
            std::process::exit(2);
        }
    };
    let varying = api == "varying";
    let api = if varying { "blocking" } else { api };
    let size: usize = size.parse().expect("SIZE");
    let count: u64 = count.parse().expect("COUNT");
    let loopback = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
    let payload = vec![b'x'; size];
    let mut buf = vec![0u8; 65536];

    let elapsed = match (style.as_str(), api) {
        (_, "tokio") => tokio_loop(style, &payload, &mut buf, count),
        ("stream", "blocking") => {
            let listener = SctpListener::bind(loopback).expect("bind");
            let client =
                SctpStream::connect(listener.local_addr().expect("local_addr")).expect("connect");
            // Without NODELAY each small message would wait for the SACK of the one before (Nagle).
            client.set_nodelay(true).expect("SCTP_NODELAY");
            let (server, _) = listener.accept().expect("accept");
            server.set_recv_rcvinfo(true).expect("SCTP_RECVRCVINFO");
            let info = SendInfo::new().with_stream(1).with_ppid(46);
            let start = Started::now();
            if varying {
                for i in 0..count {
                    let stream = (i % 10) as u16;
                    client
                        .send(&payload, &info.with_stream(stream))
                        .expect("send");
                    check_app(server.recv(&mut buf).expect("recv"), size, stream);
                }
            } else {
                for _ in 0..count {
                    client.send(&payload, &info).expect("send");
                    check(server.recv(&mut buf).expect("recv"), size);
                }
            }
            start.elapsed()
        }
        ("seqpacket", "blocking") => {
            let server = SctpSocket::bind(loopback).expect("bind");
            server.listen(4).expect("listen");
            server.set_recv_rcvinfo(true).expect("SCTP_RECVRCVINFO");
            let client = SctpSocket::bind(loopback).expect("bind");
            client.set_nodelay(true).expect("SCTP_NODELAY");
            let assoc = client
                .connect(&[server.local_addr().expect("local_addr")])
                .expect("connect");
            let info = SendInfo::new()
                .with_stream(1)
                .with_ppid(46)
                .with_assoc_id(assoc);
            let start = Started::now();
            if varying {
                for i in 0..count {
                    let stream = (i % 10) as u16;
                    client
                        .send(&payload, &info.with_stream(stream))
                        .expect("send");
                    check_app(server.recv(&mut buf).expect("recv"), size, stream);
                }
            } else {
                for _ in 0..count {
                    client.send(&payload, &info).expect("send");
                    check(server.recv(&mut buf).expect("recv"), size);
                }
            }
            start.elapsed()
        }
        other => panic!("unknown style and api {other:?}"),
    };
    let allocs = LOOP_ALLOCATIONS.load(Ordering::Relaxed);
    let per_msg = if count == 0 {
        0.0
    } else {
        elapsed.as_nanos() as f64 / count as f64
    };
    println!("ns_per_msg={per_msg:.0}");
    println!("allocs={allocs}");
}

/// The same loop on the async sockets, in a current-thread runtime: returns the time of the loop
/// and counts the allocations it makes (set-up and runtime start excluded).
fn tokio_loop(style: &str, payload: &[u8], buf: &mut [u8], count: u64) -> Duration {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .expect("tokio runtime");
    let loopback = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
    rt.block_on(async {
        match style {
            "stream" => {
                let listener = sctp::tokio::SctpListener::bind(loopback).expect("bind");
                let builder = SctpBuilder::new().nodelay(true);
                let peer = [listener.local_addr().expect("local_addr")];
                let (client, accepted) =
                    tokio::join!(builder.connect_async(&peer), listener.accept());
                let client = client.expect("connect");
                let (server, _) = accepted.expect("accept");
                let info = SendInfo::new().with_stream(1).with_ppid(46);
                let start = Started::now();
                for _ in 0..count {
                    client.send(payload, &info).await.expect("send");
                    check(server.recv(buf).await.expect("recv"), payload.len());
                }
                start.elapsed()
            }
            "seqpacket" => {
                let server = SctpBuilder::new()
                    .backlog(4)
                    .one_to_many_async(&[loopback])
                    .expect("bind");
                let client = SctpBuilder::new()
                    .nodelay(true)
                    .one_to_many_async(&[loopback])
                    .expect("bind");
                let assoc = client
                    .connect(&[server.local_addr().expect("local_addr")])
                    .expect("connect");
                let info = SendInfo::new()
                    .with_stream(1)
                    .with_ppid(46)
                    .with_assoc_id(assoc);
                let start = Started::now();
                for _ in 0..count {
                    client.send(payload, &info).await.expect("send");
                    check(server.recv(buf).await.expect("recv"), payload.len());
                }
                start.elapsed()
            }
            other => panic!("unknown style {other}"),
        }
    })
}

/// The checks of the C program: the length and the ppid (from the RCVINFO control message).
/// A plain test rather than `assert_eq!`, whose message needs both values kept in memory.
#[inline]
fn check(received: Received<'_>, size: usize) {
    match received {
        Received::Data(m) => {
            if m.data().len() != size || m.ppid() != 46 {
                panic!("bad message: {} bytes, ppid {}", m.data().len(), m.ppid());
            }
        }
        Received::Notification(n) => panic!("unexpected notification {n:?}"),
    }
}

/// The checks of the `varying` workload, as an application would make them: stream, ppid,
/// length and completeness.
#[inline]
fn check_app(received: Received<'_>, size: usize, stream: u16) {
    match received {
        Received::Data(m) => {
            if m.data().len() != size || m.ppid() != 46 || m.stream() != stream || !m.is_complete()
            {
                panic!(
                    "bad message: {} bytes, ppid {}, stream {}",
                    m.data().len(),
                    m.ppid(),
                    m.stream()
                );
            }
        }
        Received::Notification(n) => panic!("unexpected notification {n:?}"),
    }
}

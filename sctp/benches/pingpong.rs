//! The workload of `cargo xtask bench` (run inside the test VM, next to the C baseline
//! `ci/bench/pingpong.c`, which does the same with plain `sendmsg`/`recvmsg`).
//!
//! usage: pingpong stream|seqpacket|udp SIZE COUNT [fixed|varying|tokio|tokio-unconstrained|tokio-floor]
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
//! current-thread runtime (`tokio-unconstrained`: the same under `tokio::task::coop::unconstrained`,
//! which takes the forced yields away but not the budget bookkeeping; `tokio-floor`: the same
//! runtime and loop with none of this crate's futures on the ready path, only a unit of tokio's
//! budget per call and the plain nonblocking calls: what the loop costs before any future of
//! this crate is involved).
//! Style `udp` runs the `fixed` loop (or, with `tokio`, its async form) on
//! UDP sockets instead, std's and tokio's: the reference for what tokio itself adds per message.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use sctp::{SctpBuilder, SctpListener, SctpSocket, SctpStream, SendInfo};

mod common;
use common::{check, check_app};

#[path = "../tests/common/counting.rs"]
mod counting;
use counting::{Counting, allocations};

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made by the timed loop.
static LOOP_ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

/// The start of the timed loop: its time and the allocation count.
struct Started(Instant, usize);

impl Started {
    fn now() -> Started {
        Started(Instant::now(), allocations())
    }

    /// The time since the start; records the allocations made since.
    fn elapsed(self) -> Duration {
        let t = self.0.elapsed();
        LOOP_ALLOCATIONS.store(allocations() - self.1, Ordering::Relaxed);
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
            eprintln!(
                "usage: pingpong stream|seqpacket|udp SIZE COUNT [fixed|varying|tokio|tokio-unconstrained|tokio-floor]"
            );
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
        ("udp", api) => udp_loop(api == "tokio", &payload, &mut buf, count),
        (_, "tokio") => tokio_loop(style, &payload, &mut buf, count, Mode::Async),
        (_, "tokio-unconstrained") => {
            tokio_loop(style, &payload, &mut buf, count, Mode::Unconstrained)
        }
        (_, "tokio-floor") => tokio_loop(style, &payload, &mut buf, count, Mode::Floor),
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

/// Messages sent before the tokio loops start counting, past the runtime's first forced yield:
/// it allocates once then (its list of deferred wake-ups), which is no per-message cost. (tokio's
/// budget is 128 operations, two per message.)
const WARM_UP: u64 = 200;

/// How the tokio loops make their calls.
#[derive(Clone, Copy)]
enum Mode {
    /// The async methods (`send(..).await`, `recv(..).await`).
    Async,
    /// The async methods under `tokio::task::coop::unconstrained`: no cooperative budget, so the
    /// difference to `Async` shows what the budget's forced yields cost.
    Unconstrained,
    /// A floor for async socket calls that honour the budget, on this loop: per call, one unit
    /// of the task's budget taken as tokio's own sockets take it (and nothing else), then the
    /// plain nonblocking call of the blocking type (`get_ref()`), with the async method only
    /// when that call would block. No future of this crate is involved on the ready path.
    Floor,
}

/// One unit of the task's cooperative budget, taken as an IO resource takes it: yields (and
/// lets the runtime run other tasks) when the budget is spent. The unit stays spent the way the
/// crate's futures keep it (the guard is forgotten, which is `made_progress` and its drop without
/// the drop call), so that the floor counts no work they do not do.
async fn budget_unit() {
    std::future::poll_fn(|cx| {
        let unit = std::task::ready!(tokio::task::coop::poll_proceed(cx));
        std::mem::forget(unit);
        std::task::Poll::Ready(())
    })
    .await
}

fn would_block(e: &sctp::Error) -> bool {
    matches!(e, sctp::Error::Io(e) if e.kind() == std::io::ErrorKind::WouldBlock)
}

/// The message loop of the tokio workloads on `$client`/`$server` (either socket style): one
/// loop for the warm-up and the measured messages (a second copy of the body would change how
/// the compiler inlines it). `$floor` chooses the calls (see [`Mode::Floor`]); each use of the
/// macro goes in its own `async` block, so that each mode is its own state machine. Evaluates
/// to the time of the measured messages.
macro_rules! tokio_messages {
    ($floor:tt, $client:expr, $server:expr, $info:expr, $payload:expr, $buf:expr, $count:expr) => {{
        let (client, server, info, payload, buf) = ($client, $server, $info, $payload, $buf);
        let mut start = None;
        for i in 0..WARM_UP + $count {
            if i == WARM_UP {
                start = Some(Started::now());
            }
            tokio_messages!(@one $floor, client, server, info, payload, buf);
        }
        start.unwrap_or_else(Started::now).elapsed()
    }};
    (@one false, $client:ident, $server:ident, $info:ident, $payload:ident, $buf:ident) => {
        $client.send($payload, $info).await.expect("send");
        check($server.recv($buf).await.expect("recv"), $payload.len());
    };
    (@one true, $client:ident, $server:ident, $info:ident, $payload:ident, $buf:ident) => {
        budget_unit().await;
        match $client.get_ref().send($payload, $info) {
            Ok(_) => {}
            Err(e) if would_block(&e) => {
                $client.send($payload, $info).await.expect("send");
            }
            Err(e) => panic!("send: {e}"),
        }
        budget_unit().await;
        let received = match $server.get_ref().recv($buf) {
            Ok(r) => {
                check(r, $payload.len());
                true
            }
            Err(e) if would_block(&e) => false,
            Err(e) => panic!("recv: {e}"),
        };
        if !received {
            check($server.recv($buf).await.expect("recv"), $payload.len());
        }
    };
}

/// The same loop on the async sockets, in a current-thread runtime: returns the time of the loop
/// and counts the allocations it makes (set-up and runtime start excluded).
fn tokio_loop(style: &str, payload: &[u8], buf: &mut [u8], count: u64, mode: Mode) -> Duration {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .expect("tokio runtime");
    let loopback = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
    // Set-up and loop in one `async` block per mode.
    macro_rules! body {
        ($floor:tt) => {
            async {
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
                        tokio_messages!($floor, &client, &server, &info, payload, &mut *buf, count)
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
                        tokio_messages!($floor, &client, &server, &info, payload, &mut *buf, count)
                    }
                    other => panic!("unknown style {other}"),
                }
            }
        };
    }
    match mode {
        Mode::Async => rt.block_on(body!(false)),
        Mode::Unconstrained => rt.block_on(tokio::task::coop::unconstrained(body!(false))),
        Mode::Floor => rt.block_on(body!(true)),
    }
}

/// The reference for what tokio costs over blocking calls, with no SCTP involved: the same loop
/// of one datagram sent and received on two UDP sockets over 127.0.0.1, on std's
/// `UdpSocket` or on tokio's (which also makes the call first and waits only on `WouldBlock`).
/// Runs on any host.
fn udp_loop(on_tokio: bool, payload: &[u8], buf: &mut [u8], count: u64) -> Duration {
    let loopback = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
    let a = std::net::UdpSocket::bind(loopback).expect("bind");
    let b = std::net::UdpSocket::bind(loopback).expect("bind");
    a.connect(b.local_addr().expect("local_addr"))
        .expect("connect");
    let check = |n: usize| assert_eq!(n, payload.len(), "datagram length");
    if !on_tokio {
        let start = Started::now();
        for _ in 0..count {
            a.send(payload).expect("send");
            check(b.recv(buf).expect("recv"));
        }
        return start.elapsed();
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .expect("tokio runtime");
    rt.block_on(async {
        a.set_nonblocking(true).expect("nonblocking");
        b.set_nonblocking(true).expect("nonblocking");
        let a = tokio::net::UdpSocket::from_std(a).expect("register");
        let b = tokio::net::UdpSocket::from_std(b).expect("register");
        let start = Started::now();
        for _ in 0..count {
            a.send(payload).await.expect("send");
            check(b.recv(buf).await.expect("recv"));
        }
        start.elapsed()
    })
}

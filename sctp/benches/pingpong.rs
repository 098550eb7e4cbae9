//! The workload of `cargo xtask bench` (run inside the test VM, next to the C baseline
//! `ci/bench/pingpong.c`, which does the same with plain `sendmsg`/`recvmsg`).
//!
//! usage: pingpong stream|seqpacket SIZE COUNT [fixed|varying]
//!
//! Sends COUNT messages of SIZE bytes from a client to a server over 127.0.0.1 in one thread, each
//! `send` (with stream and ppid, i.e. an SNDINFO control message) followed by its `recv` (with the
//! RCVINFO control message), and prints `ns_per_msg=<n>` for the loop alone. It is a plain binary
//! (`harness = false`) so that the same process can be run under callgrind.
//!
//! Workloads: `fixed` (the default) sends every message on stream 1 and checks length and ppid;
//! `varying` sends message `i` on stream `i % 10` and checks what an application would: stream,
//! ppid, length and completeness. The C program does the same checks.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Instant;

use sctp::{Received, SctpListener, SctpSocket, SctpStream, SendInfo};

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let (style, size, count, varying) = match &args[..] {
        [style, size, count] => (style, size, count, false),
        [style, size, count, w] if w == "fixed" || w == "varying" => {
            (style, size, count, w == "varying")
        }
        _ => {
            eprintln!("usage: pingpong stream|seqpacket SIZE COUNT [fixed|varying]");
            std::process::exit(2);
        }
    };
    let size: usize = size.parse().expect("SIZE");
    let count: u64 = count.parse().expect("COUNT");
    let loopback = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
    let payload = vec![b'x'; size];
    let mut buf = vec![0u8; 65536];

    let elapsed = match style.as_str() {
        "stream" => {
            let listener = SctpListener::bind(loopback).expect("bind");
            let client =
                SctpStream::connect(listener.local_addr().expect("local_addr")).expect("connect");
            // Without NODELAY each small message would wait for the SACK of the one before (Nagle).
            client.set_nodelay(true).expect("SCTP_NODELAY");
            let (server, _) = listener.accept().expect("accept");
            server.set_recv_rcvinfo(true).expect("SCTP_RECVRCVINFO");
            let info = SendInfo::new().with_stream(1).with_ppid(46);
            let start = Instant::now();
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
        "seqpacket" => {
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
            let start = Instant::now();
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
        other => panic!("unknown style {other}"),
    };
    let per_msg = if count == 0 {
        0.0
    } else {
        elapsed.as_nanos() as f64 / count as f64
    };
    println!("ns_per_msg={per_msg:.0}");
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

//! The batch workload of `cargo xtask bench` (run inside the test VM): messages moved in groups,
//! either with one system call per message (`send`/`recv`) or with one per group
//! (`send_batch`/`recv_batch`), so the two can be compared in the same boot.
//!
//! usage: batch stream|seqpacket SIZE COUNT GROUP single|batch
//!
//! Sends COUNT messages of SIZE bytes from a client to a server over 127.0.0.1 in one thread,
//! GROUP at a time: GROUP sends, then receives until the GROUP messages are in, checking each
//! message's length and ppid. Prints `ns_per_msg=<n>` for the loop alone and `recv_calls=<n>`,
//! the receive calls it took. A plain binary
//! (`harness = false`) so that the same process can be run under callgrind.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Instant;

use sctp::{Received, RecvBatch, SctpBuilder, SctpListener, SendInfo};

mod common;
use common::check;

/// What the two socket styles have in common, for the loop below.
trait Pair {
    fn send(&self, data: &[u8], info: &SendInfo);
    fn send_batch(&self, msgs: &[(&[u8], SendInfo)]) -> usize;
    fn recv<'b>(&self, buf: &'b mut [u8]) -> Received<'b>;
    fn recv_batch(&self, batch: &mut RecvBatch);
}

struct Stream(sctp::SctpStream, sctp::SctpStream);
struct Seqpacket(sctp::SctpSocket, sctp::SctpSocket);

/// Both socket styles take the same calls: the client is the first socket, the server the
/// second.
macro_rules! impl_pair {
    ($ty:ty) => {
        impl Pair for $ty {
            fn send(&self, data: &[u8], info: &SendInfo) {
                self.0.send(data, info).expect("send");
            }
            fn send_batch(&self, msgs: &[(&[u8], SendInfo)]) -> usize {
                self.0.send_batch(msgs).expect("send_batch")
            }
            fn recv<'b>(&self, buf: &'b mut [u8]) -> Received<'b> {
                self.1.recv(buf).expect("recv")
            }
            fn recv_batch(&self, batch: &mut RecvBatch) {
                self.1.recv_batch(batch).expect("recv_batch");
            }
        }
    };
}

impl_pair!(Stream);
impl_pair!(Seqpacket);

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let [style, size, count, group, mode] = &args[..] else {
        eprintln!("usage: batch stream|seqpacket SIZE COUNT GROUP single|batch");
        std::process::exit(2);
    };
    let size: usize = size.parse().expect("SIZE");
    let count: usize = count.parse().expect("COUNT");
    let group: usize = group.parse().expect("GROUP");
    let batched = match mode.as_str() {
        "single" => false,
        "batch" => true,
        other => panic!("unknown mode {other}"),
    };
    let loopback = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
    let (elapsed, recv_calls) = match style.as_str() {
        "stream" => {
            let listener = SctpListener::bind(loopback).expect("bind");
            let client = SctpBuilder::new()
                .nodelay(true)
                .connect(&[listener.local_addr().expect("local_addr")])
                .expect("connect");
            let (server, _) = listener.accept().expect("accept");
            run(
                &Stream(client, server),
                SendInfo::new(),
                size,
                count,
                group,
                batched,
            )
        }
        "seqpacket" => {
            let server = sctp::SctpSocket::bind(loopback).expect("bind");
            server.listen(4).expect("listen");
            let client = SctpBuilder::new()
                .nodelay(true)
                .one_to_many(&[loopback])
                .expect("bind");
            let assoc = client
                .connect(&[server.local_addr().expect("local_addr")])
                .expect("connect");
            let info = SendInfo::new().with_assoc_id(assoc);
            run(
                &Seqpacket(client, server),
                info,
                size,
                count,
                group,
                batched,
            )
        }
        other => panic!("unknown style {other}"),
    };
    let per_msg = if count == 0 {
        0.0
    } else {
        elapsed.as_nanos() as f64 / count as f64
    };
    println!("ns_per_msg={per_msg:.0}");
    println!("recv_calls={recv_calls}");
}

/// The loop; returns its time and the number of receive calls it made.
fn run(
    pair: &impl Pair,
    info: SendInfo,
    size: usize,
    count: usize,
    group: usize,
    batched: bool,
) -> (std::time::Duration, usize) {
    let payload = vec![b'x'; size];
    let info = info.with_stream(1).with_ppid(46);
    let msgs = vec![(&payload[..], info); group];
    let mut batch = RecvBatch::new(group, size.max(64));
    let mut buf = vec![0u8; 65536];
    let start = Instant::now();
    let mut done = 0;
    let mut recv_calls = 0;
    while done < count {
        let n = group.min(count - done);
        if batched {
            let mut sent = 0;
            while sent < n {
                sent += pair.send_batch(&msgs[sent..n]);
            }
            let mut got = 0;
            while got < n {
                pair.recv_batch(&mut batch);
                recv_calls += 1;
                for item in batch.iter() {
                    check(item.expect("item"), size);
                    got += 1;
                }
            }
        } else {
            for _ in 0..n {
                pair.send(&payload, &info);
            }
            for _ in 0..n {
                check(pair.recv(&mut buf), size);
            }
            recv_calls += n;
        }
        done += n;
    }
    (start.elapsed(), recv_calls)
}

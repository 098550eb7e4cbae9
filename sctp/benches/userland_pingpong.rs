//! The userland path's send/receive loop, against its C twin `ci/bench/usrsctp_pingpong.c`
//! (BENCHMARKS.md): one process, one usrsctp stack, a one-to-one association over 127.0.0.1;
//! COUNT messages of SIZE bytes on stream 1 with ppid 46, each send followed by its receive, the
//! receiver checking stream, ppid, length and completeness.
//!
//! usage: `cargo bench -p sctp --features userland --bench userland_pingpong -- SIZE COUNT`
//! (prints `ns_per_msg=<n>`).

use std::time::Instant;

use sctp::userland::{SctpBuilder, Stack};
use sctp::{Received, SendInfo};

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let size: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(64);
    let count: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(2000);
    let _stack = Stack::start(0, 0).expect("start usrsctp");
    let listener = SctpBuilder::new()
        .backlog(1)
        .listener(&["127.0.0.1:5001".parse().unwrap()])
        .expect("listen");
    // Without it each small message waits for the SACK of the previous one (Nagle).
    let client = SctpBuilder::new()
        .nodelay(true)
        .connect(&["127.0.0.1:5001".parse().unwrap()])
        .expect("connect");
    let (server, _) = listener.accept().expect("accept");

    let out = vec![b'x'; size];
    let mut buf = vec![0u8; 65536];
    let info = SendInfo::new().with_stream(1).with_ppid(46);
    let start = Instant::now();
    for _ in 0..count {
        let sent = client.send(&out, &info).expect("send");
        assert_eq!(sent, size);
        match server.recv(&mut buf).expect("recv") {
            Received::Data(m)
                if m.data().len() == size
                    && m.stream() == 1
                    && m.ppid() == 46
                    && m.is_complete() => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    let ns = start.elapsed().as_nanos() as f64 / count as f64;
    println!("ns_per_msg={ns:.0}");
}

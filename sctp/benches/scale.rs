//! The association-scaling workload of `cargo xtask bench` (run inside the test VM): one
//! one-to-many server socket serving N associations, each from its own client socket, with the
//! messages sent round-robin over the associations and received on the one server socket.
//!
//! usage: scale ASSOCIATIONS COUNT
//!
//! Prints `setup_ns_per_assoc=<n>` (the time to set the associations up, per association),
//! `ns_per_msg=<n>` (the send+recv loop), `rss_kib=<n>` (the process's resident memory once all
//! associations are up) and `assocs=<n>` (the server's association count,
//! `SCTP_GET_ASSOC_NUMBER`, checked to be N). A plain binary (`harness = false`) so that the
//! same process can be run under callgrind: the instructions per message are the difference of
//! two COUNTs, and should not depend on N.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Instant;

use sctp::{AssocId, Received, SctpBuilder, SctpSocket, SendInfo};

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let [assocs, count] = &args[..] else {
        eprintln!("usage: scale ASSOCIATIONS COUNT");
        std::process::exit(2);
    };
    let n: usize = assocs.parse().expect("ASSOCIATIONS");
    let count: usize = count.parse().expect("COUNT");
    raise_fd_limit(n + 64);

    let server = SctpSocket::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).expect("bind");
    server.listen(1024).expect("listen");
    let to = server.local_addr().expect("local_addr");

    let start = Instant::now();
    let clients: Vec<sctp::SctpStream> = (0..n)
        .map(|_| {
            SctpBuilder::new()
                .nodelay(true)
                .connect(&[to])
                .expect("connect")
        })
        .collect();
    let setup = start.elapsed();
    let up = server.assoc_number().expect("SCTP_GET_ASSOC_NUMBER") as usize;
    assert_eq!(up, n, "the server has every association");

    let payload = [b'x'; 64];
    let info = SendInfo::new().with_stream(1).with_ppid(46);
    let mut buf = [0u8; 2048];
    let mut seen: Option<AssocId> = None;
    let start = Instant::now();
    for i in 0..count {
        clients[i % n].send(&payload, &info).expect("send");
        match server.recv(&mut buf).expect("recv") {
            Received::Data(m) => {
                if m.data().len() != 64 || m.ppid() != 46 {
                    panic!("bad message: {} bytes, ppid {}", m.data().len(), m.ppid());
                }
                seen = Some(m.assoc_id());
            }
            Received::Notification(n) => panic!("unexpected notification {n:?}"),
        }
    }
    let elapsed = start.elapsed();
    std::hint::black_box(seen);
    println!("assocs={up}");
    println!(
        "setup_ns_per_assoc={:.0}",
        setup.as_nanos() as f64 / n.max(1) as f64
    );
    println!(
        "ns_per_msg={:.0}",
        elapsed.as_nanos() as f64 / count.max(1) as f64
    );
    println!("rss_kib={}", rss_kib());
}

/// Lets the process hold `want` descriptors (one socket per association), up to the hard limit.
fn raise_fd_limit(want: usize) {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes the limits into `lim`, a valid `rlimit`.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) } != 0 {
        return;
    }
    if (lim.rlim_cur as usize) < want {
        // Root (as in the test VM) may raise the hard limit too; otherwise go up to it.
        let raised = libc::rlimit {
            rlim_cur: want as libc::rlim_t,
            rlim_max: (want as libc::rlim_t).max(lim.rlim_max),
        };
        // SAFETY: setrlimit reads a valid `rlimit`.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } != 0 {
            lim.rlim_cur = (want as libc::rlim_t).min(lim.rlim_max);
            // SAFETY: as above.
            unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &lim) };
        }
    }
}

/// The process's resident set (`VmRSS` of /proc/self/status), in KiB.
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
        })
        .unwrap_or(0)
}

//! Ordered and unordered streams with payload protocol identifiers.
//!
//! ```text
//! cargo run --example multistream
//! ```
//!
//! Self-contained: a one-to-one association with 4 streams in each direction on loopback. The
//! sender interleaves messages on streams 0–2 (ordered, each stream its own sequence) and stream
//! 3 (unordered), each stream with its own ppid; the receiver prints stream, stream sequence
//! number (SSN), ppid and the unordered flag of every message it gets, then the whole picture.

use std::collections::BTreeMap;
use std::time::Duration;

use sctp::{InitParams, Received, SendFlags, SendInfo};
// The one line that picks the SCTP stack: the kernel's, or usrsctp over UDP
// (`--features userland-examples`, as `cargo xtask demo --userland` builds them).
#[cfg(not(feature = "userland-examples"))]
use sctp::SctpBuilder;
#[cfg(feature = "userland-examples")]
use sctp::userland::SctpBuilder;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let streams = InitParams::new()
        .with_outbound_streams(4)
        .with_max_inbound_streams(4);
    let listener = SctpBuilder::new()
        .init_params(streams)
        .listener(&["127.0.0.1:0".parse()?])?;
    let sender = SctpBuilder::new()
        .init_params(streams)
        .nodelay(true)
        .connect(&[listener.local_addr()?])?;
    let (receiver, _) = listener.accept()?;
    receiver.set_read_timeout(Some(Duration::from_secs(10)))?;

    // (stream, ppid, unordered)
    let plan = [
        (0u16, 100u32, false),
        (1, 101, false),
        (2, 102, false),
        (3, 103, true),
    ];
    let mut sent = 0;
    for round in 0..3 {
        for &(stream, ppid, unordered) in &plan {
            let flags = if unordered {
                SendFlags::UNORDERED
            } else {
                SendFlags::NONE
            };
            let info = SendInfo::new()
                .with_stream(stream)
                .with_ppid(ppid)
                .with_flags(flags);
            sender.send(
                format!("round {round} on stream {stream}").as_bytes(),
                &info,
            )?;
            sent += 1;
        }
    }
    println!("sent {sent} messages on 4 streams");

    let mut per_stream: BTreeMap<u16, Vec<u16>> = BTreeMap::new();
    let mut buf = [0u8; 1024];
    for _ in 0..sent {
        if let Received::Data(msg) = receiver.recv(&mut buf)? {
            let info = msg.rcv_info().copied().unwrap_or_default();
            println!(
                "stream {} ssn {:>2} ppid {} {:<9} {:?}",
                info.stream,
                info.ssn,
                info.ppid,
                if info.is_unordered() {
                    "unordered"
                } else {
                    "ordered"
                },
                String::from_utf8_lossy(msg.data())
            );
            per_stream.entry(info.stream).or_default().push(info.ssn);
        }
    }
    for (stream, ssns) in per_stream {
        println!("stream {stream}: SSNs {ssns:?}");
    }
    println!("ordered streams number their messages 0, 1, 2 each; unordered messages carry no SSN");
    Ok(())
}

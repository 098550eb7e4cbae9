//! A one-to-one echo client: sends a few messages on several streams, each with its own ppid,
//! reads the echoes, and shuts the association down.
//!
//! ```text
//! cargo run --example echo_client -- [ADDRESS]
//! ```
//!
//! ADDRESS defaults to `127.0.0.1:9899` (where the `echo_server` example listens).

use std::net::SocketAddr;
use std::time::Duration;

use sctp::notify::Notification;
use sctp::{Event, InitParams, Received, SendInfo};
// The one line that picks the SCTP stack: the kernel's, or usrsctp over UDP
// (`--features userland-examples`, as `cargo xtask demo --userland` builds them).
#[cfg(not(feature = "userland-examples"))]
use sctp::SctpBuilder;
#[cfg(feature = "userland-examples")]
use sctp::userland::SctpBuilder;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let addr: SocketAddr = match std::env::args().nth(1) {
        Some(a) => a.parse()?,
        None => "127.0.0.1:9899".parse()?,
    };
    let stream = SctpBuilder::new()
        .init_params(
            InitParams::new()
                .with_outbound_streams(4)
                .with_max_inbound_streams(4),
        )
        .subscribe(&[Event::AssocChange, Event::Shutdown])
        .connect(&[addr])?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    println!(
        "[client] connected to {} from {}",
        stream.peer_addr()?,
        stream.local_addr()?
    );

    let messages: [(u16, u32, &str); 4] = [
        (0, 46, "Diameter-like message on stream 0, ppid 46"),
        (1, 60, "NGAP-like message on stream 1, ppid 60"),
        (2, 18, "S1AP-like message on stream 2, ppid 18"),
        (3, 51, "WebRTC-like string on stream 3, ppid 51"),
    ];
    let mut buf = vec![0u8; 64 * 1024];
    // Subscribed before connecting, so the association's COMM_UP is the first thing to read.
    if let Received::Notification(Notification::AssocChange(ac)) = stream.recv(&mut buf)? {
        println!(
            "[client] association {:?} ({} streams out, {} in)",
            ac.state(),
            ac.outbound_streams(),
            ac.inbound_streams()
        );
    }
    for (stream_no, ppid, text) in messages {
        stream.send(
            text.as_bytes(),
            &SendInfo::new().with_stream(stream_no).with_ppid(ppid),
        )?;
        println!(
            "[client] sent {} bytes on stream {stream_no} ppid {ppid}",
            text.len()
        );
        loop {
            match stream.recv(&mut buf)? {
                Received::Notification(Notification::AssocChange(ac)) => {
                    println!(
                        "[client] association {:?} ({} streams out, {} in)",
                        ac.state(),
                        ac.outbound_streams(),
                        ac.inbound_streams()
                    );
                }
                Received::Notification(other) => println!("[client] notification {other:?}"),
                Received::Data(msg) => {
                    println!(
                        "[client] echo on stream {} ppid {}: {:?}",
                        msg.stream(),
                        msg.ppid(),
                        String::from_utf8_lossy(msg.data())
                    );
                    break;
                }
            }
        }
    }
    println!("[client] shutting down");
    stream.shutdown(std::net::Shutdown::Write)?;
    loop {
        match stream.recv(&mut buf)? {
            Received::Data(msg) if msg.data().is_empty() => break,
            Received::Notification(Notification::AssocChange(ac)) => {
                println!("[client] association {:?}", ac.state());
            }
            Received::Notification(other) => println!("[client] notification {other:?}"),
            Received::Data(_) => {}
        }
    }
    println!("[client] closed cleanly");
    Ok(())
}

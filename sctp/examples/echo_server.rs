//! A one-to-one echo server: every message goes back on the stream it came on, with its ppid.
//!
//! ```text
//! cargo run --example echo_server -- [ADDRESS] [--once]
//! ```
//!
//! ADDRESS defaults to `127.0.0.1:9899`. It prints each association's notifications (up,
//! shutdown) and every message with its stream and ppid. With `--once` it exits after the first
//! association ends. Try it with the `echo_client` example.

use std::net::SocketAddr;
use std::thread;

use sctp::notify::Notification;
use sctp::{Event, Received, SendInfo};
// The one line that picks the SCTP stack: the kernel's, or usrsctp over UDP
// (`--features userland-examples`, as `cargo xtask demo --userland` builds them).
#[cfg(feature = "userland-examples")]
use sctp::userland::{SctpBuilder, SctpStream};
#[cfg(not(feature = "userland-examples"))]
use sctp::{SctpBuilder, SctpStream};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut addr: SocketAddr = "127.0.0.1:9899".parse()?;
    let mut once = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--once" => once = true,
            other => addr = other.parse()?,
        }
    }
    let listener = SctpBuilder::new()
        .subscribe(&[Event::AssocChange, Event::Shutdown])
        .reuse_address(true)
        .listener(&[addr])?;
    println!("[server] listening on {}", listener.local_addr()?);
    for stream in listener.incoming() {
        let stream = stream?;
        let peer = stream.peer_addr()?;
        if once {
            serve(&stream, peer)?;
            break;
        }
        thread::spawn(move || {
            if let Err(e) = serve(&stream, peer) {
                eprintln!("[server] {peer}: {e}");
            }
        });
    }
    println!("[server] done");
    Ok(())
}

fn serve(stream: &SctpStream, peer: SocketAddr) -> Result<(), sctp::Error> {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match stream.recv(&mut buf)? {
            Received::Notification(n) => {
                describe(peer, &n);
            }
            Received::Data(msg) if msg.data().is_empty() => {
                println!("[server] {peer}: association closed");
                return Ok(());
            }
            Received::Data(msg) => {
                println!(
                    "[server] {peer}: {} bytes on stream {} ppid {}{}: {:?}",
                    msg.data().len(),
                    msg.stream(),
                    msg.ppid(),
                    if msg.is_unordered() {
                        " (unordered)"
                    } else {
                        ""
                    },
                    String::from_utf8_lossy(msg.data()),
                );
                let reply = SendInfo::new()
                    .with_stream(msg.stream())
                    .with_ppid(msg.ppid());
                stream.send(msg.data(), &reply)?;
            }
        }
    }
}

fn describe(peer: SocketAddr, n: &Notification<'_>) {
    match n {
        Notification::AssocChange(ac) => println!(
            "[server] {peer}: association {:?} ({} streams out, {} in)",
            ac.state(),
            ac.outbound_streams(),
            ac.inbound_streams()
        ),
        Notification::Shutdown(_) => println!("[server] {peer}: peer started shutdown"),
        other => println!("[server] {peer}: notification {other:?}"),
    }
}

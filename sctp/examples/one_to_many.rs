//! A one-to-many server that serves several clients from one socket and one loop, and peels one
//! association off to its own thread.
//!
//! ```text
//! cargo run --example one_to_many
//! ```
//!
//! Self-contained: the server binds `127.0.0.1` on a free port, three one-to-one clients connect
//! to it from threads, each sends three messages and waits for the echoes. The server answers
//! on the association each message came on; when client 2's first message arrives it moves that
//! association to an `SctpStream` (peeloff) served by a thread of its own.

use std::thread;
use std::time::Duration;

use sctp::notify::Notification;
use sctp::{AssocId, Event, Received, SendInfo};
// The one line that picks the SCTP stack: the kernel's, or usrsctp over UDP
// (`--features userland-examples`, as `cargo xtask demo --userland` builds them).
#[cfg(feature = "userland-examples")]
use sctp::userland::{SctpBuilder, SctpStream};
#[cfg(not(feature = "userland-examples"))]
use sctp::{SctpBuilder, SctpStream};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = SctpBuilder::new()
        .subscribe(&[Event::AssocChange])
        .one_to_many(&["127.0.0.1:0".parse()?])?;
    server.set_read_timeout(Some(Duration::from_secs(10)))?;
    let addr = server.local_addr()?;
    println!("[server] one-to-many socket on {addr}");

    let clients: Vec<_> = (1..=3u32)
        .map(|n| thread::spawn(move || client(n, addr)))
        .collect();

    let mut buf = vec![0u8; 64 * 1024];
    let mut peeled: Option<thread::JoinHandle<()>> = None;
    let mut closed = 0;
    while closed < 3 {
        match server.recv(&mut buf)? {
            Received::Notification(Notification::AssocChange(ac)) => {
                println!("[server] association {} {:?}", ac.assoc_id(), ac.state());
                if ac.state() != sctp::notify::AssocState::CommUp {
                    closed += 1;
                }
            }
            Received::Notification(other) => println!("[server] {other:?}"),
            Received::Data(msg) => {
                let assoc = msg.assoc_id();
                let text = String::from_utf8_lossy(msg.data()).into_owned();
                println!("[server] association {assoc}: {text:?}");
                let reply = SendInfo::new()
                    .with_assoc_id(assoc)
                    .with_stream(msg.stream());
                server.send(format!("echo: {text}").as_bytes(), &reply)?;
                if text.starts_with("client 2") && peeled.is_none() {
                    let stream = server.peeloff(assoc)?;
                    println!("[server] peeled association {assoc} off to its own socket");
                    peeled = Some(thread::spawn(move || serve_peeled(stream, assoc)));
                    // Its end is reported on the peeled socket now.
                    closed += 1;
                }
            }
        }
    }
    for c in clients {
        c.join().expect("client thread")?;
    }
    if let Some(p) = peeled {
        p.join().expect("peeled thread");
    }
    println!("[server] all clients served");
    Ok(())
}

fn serve_peeled(stream: SctpStream, assoc: AssocId) {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match stream.recv(&mut buf) {
            Ok(Received::Data(msg)) if msg.data().is_empty() => break,
            Ok(Received::Data(msg)) => {
                let text = String::from_utf8_lossy(msg.data()).into_owned();
                println!("[peeled {assoc}] {text:?}");
                let reply = format!("echo from the peeled socket: {text}");
                if let Err(e) = stream.send(reply.as_bytes(), &SendInfo::new()) {
                    eprintln!("[peeled {assoc}] {e}");
                    break;
                }
            }
            Ok(Received::Notification(Notification::AssocChange(ac))) => {
                println!("[peeled {assoc}] association {:?}", ac.state());
            }
            Ok(Received::Notification(n)) => println!("[peeled {assoc}] {n:?}"),
            Err(e) => {
                eprintln!("[peeled {assoc}] {e}");
                break;
            }
        }
    }
    println!("[peeled {assoc}] association closed");
}

fn client(n: u32, addr: std::net::SocketAddr) -> Result<(), sctp::Error> {
    let stream = SctpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut buf = [0u8; 1024];
    for i in 1..=3 {
        stream.send(
            format!("client {n} message {i}").as_bytes(),
            &SendInfo::new(),
        )?;
        if let Received::Data(msg) = stream.recv(&mut buf)? {
            println!("[client {n}] {:?}", String::from_utf8_lossy(msg.data()));
        }
        thread::sleep(Duration::from_millis(50));
    }
    stream.shutdown(std::net::Shutdown::Write)?;
    Ok(())
}

//! Subscribes to every notification and prints each one's fields, under their C names.
//!
//! ```text
//! cargo run --example monitor -- [ADDRESS] [--self-test]
//! ```
//!
//! Listens on a one-to-many socket at ADDRESS (default `127.0.0.1:9900`) and prints every
//! notification it receives, and a line per data message. With `--self-test` it also starts a
//! client that connects, sends, and shuts down, and exits when that association has ended, so
//! there is something to see.

use std::net::SocketAddr;
use std::time::Duration;

use sctp::notify::{AssocState, Notification, Value};
use sctp::{Event, Received, SendInfo};
// The one line that picks the SCTP stack: the kernel's, or usrsctp over UDP
// (`--features userland-examples`, as `cargo xtask demo --userland` builds them).
#[cfg(feature = "userland-examples")]
use sctp::userland::{SctpBuilder, SctpStream};
#[cfg(not(feature = "userland-examples"))]
use sctp::{SctpBuilder, SctpStream};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut addr: SocketAddr = "127.0.0.1:9900".parse()?;
    let mut self_test = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--self-test" => self_test = true,
            other => addr = other.parse()?,
        }
    }
    if self_test {
        addr.set_port(0);
    }
    let socket = SctpBuilder::new()
        .subscribe(Event::ALL)
        .one_to_many(&[addr])?;
    let addr = socket.local_addr()?;
    println!("monitoring {addr} (every event subscribed)");
    if self_test {
        socket.set_read_timeout(Some(Duration::from_secs(10)))?;
        std::thread::spawn(move || -> Result<(), sctp::Error> {
            let client = SctpStream::connect(addr)?;
            client.send(b"hello monitor", &SendInfo::new().with_ppid(42))?;
            std::thread::sleep(Duration::from_millis(200));
            client.shutdown(std::net::Shutdown::Write)?;
            Ok(())
        });
    }
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match socket.recv(&mut buf)? {
            Received::Data(msg) => println!(
                "data: {} bytes, association {}, stream {}, ppid {}",
                msg.data().len(),
                msg.assoc_id(),
                msg.stream(),
                msg.ppid()
            ),
            Received::Notification(n) => {
                let fields: Vec<String> = n
                    .fields()
                    .map(|(k, v)| format!("{k}={}", show(&v)))
                    .collect();
                println!("notification: {}", fields.join(" "));
                let ended = matches!(
                    &n,
                    Notification::AssocChange(ac)
                        if matches!(ac.state(), AssocState::ShutdownComplete | AssocState::CommLost)
                );
                if self_test && ended {
                    return Ok(());
                }
            }
        }
    }
}

/// A field value as a human reads it: numbers in decimal, bytes in hex, addresses as usual.
fn show(v: &Value<'_>) -> String {
    match v {
        Value::U16(n) => n.to_string(),
        Value::U32(n) => n.to_string(),
        Value::I32(n) => n.to_string(),
        Value::Bytes([]) => "[]".to_string(),
        Value::Bytes(b) => b.iter().map(|x| format!("{x:02x}")).collect(),
        Value::Address(a) => a.to_string(),
        other => format!("{other:?}"),
    }
}

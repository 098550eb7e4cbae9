//! Two addresses per side: address lists, the primary path, and path notifications.
//!
//! ```text
//! cargo run --example multihoming
//! ```
//!
//! Self-contained on loopback aliases (Linux routes all of 127.0.0.0/8 to `lo`): the server binds
//! 127.0.0.1 and 127.0.0.2, the client binds 127.0.0.3 and 127.0.0.4 and connects to both server
//! addresses in one call. It prints both sides' address lists and the primary path, moves the
//! primary path to the second address, and prints the peer-address notifications the kernel
//! sends as it confirms paths (heartbeats) and changes the primary.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use sctp::notify::Notification;
use sctp::{Event, Received, SctpBuilder, SendInfo};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server_addrs: [SocketAddr; 2] = ["127.0.0.1:0".parse()?, "127.0.0.2:0".parse()?];
    let listener = SctpBuilder::new().listener(&server_addrs[..1])?;
    let port = listener.local_addr()?.port();
    listener.add_local_addrs(&server_addrs[1..])?;
    let mut bound = listener.local_addrs()?;
    bound.sort();
    println!("server bound to {bound:?}");

    let client = SctpBuilder::new()
        .subscribe(&[Event::PeerAddrChange, Event::AssocChange])
        .local_addrs(&["127.0.0.3:0".parse()?, "127.0.0.4:0".parse()?])
        .connect(&bound)?;
    let (server, _) = listener.accept()?;
    client.set_read_timeout(Some(Duration::from_millis(500)))?;

    println!("client local addresses: {:?}", client.local_addrs()?);
    println!("client sees peer addresses: {:?}", client.peer_addrs()?);
    println!("server sees peer addresses: {:?}", server.peer_addrs()?);
    println!("client primary path: {}", client.primary_addr()?);

    let second: SocketAddr = format!("127.0.0.2:{port}").parse()?;
    client.set_primary(second)?;
    println!("client primary path moved to: {}", client.primary_addr()?);
    client.send(b"over the new primary", &SendInfo::new())?;
    let mut buf = [0u8; 1024];
    server.set_read_timeout(Some(Duration::from_secs(5)))?;
    if let Received::Data(msg) = server.recv(&mut buf)? {
        println!("server got {:?}", String::from_utf8_lossy(msg.data()));
    }

    println!("path notifications on the client for 3 s:");
    let until = Instant::now() + Duration::from_secs(3);
    while Instant::now() < until {
        match client.recv(&mut buf) {
            Ok(Received::Notification(Notification::PeerAddrChange(pc))) => {
                println!(
                    "  peer address {} is now {:?} (error {})",
                    pc.address(),
                    pc.state(),
                    pc.error()
                );
            }
            Ok(Received::Notification(Notification::AssocChange(ac))) => {
                println!("  association {:?}", ac.state());
            }
            Ok(other) => println!("  {other:?}"),
            Err(sctp::Error::Io(e)) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) => return Err(e.into()),
        }
    }
    client.shutdown(std::net::Shutdown::Write)?;
    println!("done");
    Ok(())
}

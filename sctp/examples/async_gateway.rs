//! An async one-to-many gateway on tokio that routes messages between peers by association id.
//!
//! ```text
//! cargo run --example async_gateway -- [PEERS]
//! ```
//!
//! Self-contained: the gateway is one one-to-many socket on `127.0.0.1`. PEERS peer tasks
//! (default 4, named `peer0`, `peer1`, ...) connect to it, each on its own association, and
//! register their name. The gateway keeps a table from names to association ids; once every
//! peer is registered it tells them so, and each peer sends a message addressed to the next one
//! (`to peer1: ...`). The gateway looks up the destination, forwards the message on that
//! association (keeping its ppid and stream) and the peers check what they receive. The gateway
//! learns of associations coming and going from `COMM_UP`/`SHUTDOWN_COMP` notifications, and
//! stops when every peer has left. The program exits non-zero if anything went wrong.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::Duration;

use sctp::notify::{AssocState, Notification};
use sctp::{AssocId, Event, Received, SendInfo};
// The one line that picks the SCTP stack: the kernel's, or usrsctp over UDP
// (`--features userland-examples`, as `cargo xtask demo --userland` builds them).
#[cfg(feature = "userland-examples")]
use sctp::userland::{
    SctpBuilder,
    tokio::{SctpSocket, SctpStream},
};
#[cfg(not(feature = "userland-examples"))]
use sctp::{
    SctpBuilder,
    tokio::{SctpSocket, SctpStream},
};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// ppid of control messages (`register`, `ready`) and of routed ones.
const PPID_CONTROL: u32 = 1;
const PPID_ROUTED: u32 = 2;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), BoxError> {
    let peers = match std::env::args().nth(1) {
        Some(n) => n.parse()?,
        None => 4,
    };
    let routed = tokio::time::timeout(Duration::from_secs(60), run(peers)).await??;
    println!("[summary] {peers} peers, {routed} messages routed");
    Ok(())
}

/// Runs the gateway and `peers` peers; returns the number of messages routed.
pub(crate) async fn run(peers: usize) -> Result<usize, BoxError> {
    let gateway = SctpBuilder::new()
        .subscribe(&[Event::AssocChange])
        .one_to_many_async(&["127.0.0.1:0".parse()?])?;
    let addr = gateway.local_addr()?;
    println!("[gateway] one-to-many socket on {addr}");
    let gw = tokio::spawn(route(gateway, peers));
    let tasks: Vec<_> = (0..peers)
        .map(|n| tokio::spawn(peer(n, peers, addr)))
        .collect();
    for t in tasks {
        t.await??;
    }
    gw.await?
}

/// The gateway loop: registrations, routing by association id, departures.
async fn route(gateway: SctpSocket, peers: usize) -> Result<usize, BoxError> {
    let mut names: HashMap<String, AssocId> = HashMap::new();
    let mut up = 0;
    let mut left = 0;
    let mut routed = 0;
    let mut buf = vec![0u8; 64 * 1024];
    while left < peers {
        match gateway.recv(&mut buf).await? {
            Received::Notification(Notification::AssocChange(ac)) => match ac.state() {
                AssocState::CommUp => up += 1,
                AssocState::ShutdownComplete | AssocState::CommLost => left += 1,
                _ => {}
            },
            Received::Notification(_) => {}
            Received::Data(msg) if msg.ppid() == PPID_CONTROL => {
                let text = std::str::from_utf8(msg.data())?;
                let name = text
                    .strip_prefix("register ")
                    .ok_or_else(|| format!("unexpected control message {text:?}"))?;
                println!("[gateway] {name} is association {}", msg.assoc_id());
                names.insert(name.to_string(), msg.assoc_id());
                if names.len() == peers {
                    println!("[gateway] {up} associations up, every peer registered");
                    for &assoc in names.values() {
                        let info = SendInfo::new().with_assoc_id(assoc).with_ppid(PPID_CONTROL);
                        gateway.send(b"ready", &info).await?;
                    }
                }
            }
            Received::Data(msg) => {
                let text = std::str::from_utf8(msg.data())?;
                let (dest, _) = text
                    .strip_prefix("to ")
                    .and_then(|t| t.split_once(':'))
                    .ok_or_else(|| format!("no destination in {text:?}"))?;
                let &assoc = names
                    .get(dest)
                    .ok_or_else(|| format!("unknown destination {dest}"))?;
                let info = SendInfo::new()
                    .with_assoc_id(assoc)
                    .with_stream(msg.stream())
                    .with_ppid(msg.ppid());
                println!(
                    "[gateway] association {} -> {assoc} ({dest})",
                    msg.assoc_id()
                );
                gateway.send(msg.data(), &info).await?;
                routed += 1;
            }
        }
    }
    Ok(routed)
}

/// One peer: register, wait for `ready`, send to the next peer, check what the previous one sent.
async fn peer(n: usize, peers: usize, gateway: SocketAddr) -> Result<(), BoxError> {
    let me = format!("peer{n}");
    let stream = SctpStream::connect(gateway).await?;
    let control = SendInfo::new().with_ppid(PPID_CONTROL);
    stream
        .send(format!("register {me}").as_bytes(), &control)
        .await?;
    let mut buf = vec![0u8; 64 * 1024];
    expect(&stream, &mut buf, b"ready", PPID_CONTROL).await?;
    let next = format!("peer{}", (n + 1) % peers);
    let text = format!("to {next}: hello from {me}");
    stream
        .send(text.as_bytes(), &SendInfo::new().with_ppid(PPID_ROUTED))
        .await?;
    let prev = format!("peer{}", (n + peers - 1) % peers);
    let wanted = format!("to {me}: hello from {prev}");
    expect(&stream, &mut buf, wanted.as_bytes(), PPID_ROUTED).await?;
    println!("[{me}] got {wanted:?}");
    stream.shutdown(std::net::Shutdown::Write)?;
    Ok(())
}

async fn expect(
    stream: &SctpStream,
    buf: &mut [u8],
    data: &[u8],
    ppid: u32,
) -> Result<(), BoxError> {
    match stream.recv(buf).await? {
        Received::Data(msg) if msg.data() == data && msg.ppid() == ppid => Ok(()),
        other => Err(format!(
            "expected {:?}, got {other:?}",
            String::from_utf8_lossy(data)
        )
        .into()),
    }
}

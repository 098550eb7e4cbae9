//! An async echo server on tokio: one task per association, many clients at once.
//!
//! ```text
//! cargo run --example async_echo_server -- [CLIENTS]
//! ```
//!
//! Self-contained: the server listens on `127.0.0.1` (a free port) and spawns a task for every
//! association it accepts, echoing each message on the stream and with the ppid it came with
//! until the peer shuts down. CLIENTS client tasks (default 8) connect at the same time; each is
//! configured before it connects (3 streams, subscribed to association changes), so the first
//! thing it receives is the `COMM_UP` of its own association. Each sends one message per stream,
//! checks the echoes and shuts down. The program exits non-zero if anything went wrong.

use std::net::SocketAddr;
use std::time::Duration;

use sctp::notify::{AssocState, Notification};
use sctp::{Event, InitParams, Received, SendInfo};
// The one line that picks the SCTP stack: the kernel's, or usrsctp over UDP
// (`--features userland-examples`, as `cargo xtask demo --userland` builds them).
#[cfg(feature = "userland-examples")]
use sctp::userland::{
    SctpBuilder,
    tokio::{SctpListener, SctpStream},
};
#[cfg(not(feature = "userland-examples"))]
use sctp::{
    SctpBuilder,
    tokio::{SctpListener, SctpStream},
};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Streams each side asks for.
const STREAMS: u16 = 3;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), BoxError> {
    let clients = match std::env::args().nth(1) {
        Some(n) => n.parse()?,
        None => 8,
    };
    let echoed = tokio::time::timeout(Duration::from_secs(60), run(clients)).await??;
    println!("[summary] {clients} clients, {echoed} messages echoed");
    Ok(())
}

/// Runs the server and `clients` clients; returns the number of messages echoed.
pub(crate) async fn run(clients: usize) -> Result<usize, BoxError> {
    let listener = SctpBuilder::new()
        .init_params(streams())
        .listener_async(&["127.0.0.1:0".parse()?])?;
    let addr = listener.local_addr()?;
    println!("[server] listening on {addr}");
    let server = tokio::spawn(serve(listener, clients));
    let tasks: Vec<_> = (0..clients)
        .map(|n| tokio::spawn(client(n, addr)))
        .collect();
    for t in tasks {
        t.await??;
    }
    server.await?
}

/// `InitParams` is filled field by field: it may gain fields in later versions.
#[allow(clippy::field_reassign_with_default)]
fn streams() -> InitParams {
    let mut p = InitParams::default();
    p.outbound_streams = STREAMS;
    p.max_inbound_streams = STREAMS;
    p
}

/// Accepts `count` associations, each served by a task of its own; returns the messages echoed.
async fn serve(listener: SctpListener, count: usize) -> Result<usize, BoxError> {
    let mut served = Vec::new();
    for _ in 0..count {
        let (stream, peer) = listener.accept().await?;
        served.push(tokio::spawn(async move {
            let echoed = echo(&stream).await;
            match &echoed {
                Ok(n) => println!("[server] {peer}: {n} messages echoed, association ended"),
                Err(e) => println!("[server] {peer}: {e}"),
            }
            echoed
        }));
    }
    let mut total = 0;
    for task in served {
        total += task.await??;
    }
    Ok(total)
}

/// Echoes every message back on its stream with its ppid until the end of the association.
async fn echo(stream: &SctpStream) -> Result<usize, BoxError> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut count = 0;
    loop {
        let (len, info) = match stream.recv(&mut buf).await? {
            Received::Data(msg) if msg.data().is_empty() => return Ok(count),
            Received::Data(msg) => (
                msg.data().len(),
                SendInfo::new()
                    .with_stream(msg.stream())
                    .with_ppid(msg.ppid()),
            ),
            Received::Notification(_) => continue,
        };
        stream.send(&buf[..len], &info).await?;
        count += 1;
    }
}

/// One client: COMM_UP first, then one message per stream, each echo checked.
async fn client(n: usize, server: SocketAddr) -> Result<(), BoxError> {
    let stream = SctpBuilder::new()
        .init_params(streams())
        .subscribe(&[Event::AssocChange])
        .nodelay(true)
        .connect_async(&[server])
        .await?;
    let mut buf = vec![0u8; 64 * 1024];
    match stream.recv(&mut buf).await? {
        Received::Notification(Notification::AssocChange(ac))
            if ac.state() == AssocState::CommUp =>
        {
            println!(
                "[client {n}] COMM_UP: {} outbound, {} inbound streams",
                ac.outbound_streams(),
                ac.inbound_streams()
            );
        }
        other => return Err(format!("client {n}: expected COMM_UP first, got {other:?}").into()),
    }
    for s in 0..STREAMS {
        let text = format!("client {n}, stream {s}");
        let ppid = 100 + u32::from(s);
        stream
            .send(
                text.as_bytes(),
                &SendInfo::new().with_stream(s).with_ppid(ppid),
            )
            .await?;
        match stream.recv(&mut buf).await? {
            Received::Data(msg)
                if msg.data() == text.as_bytes() && msg.stream() == s && msg.ppid() == ppid => {}
            other => return Err(format!("client {n}: bad echo {other:?}").into()),
        }
    }
    println!("[client {n}] {STREAMS} echoes checked, shutting down");
    stream.shutdown(std::net::Shutdown::Write)?;
    Ok(())
}

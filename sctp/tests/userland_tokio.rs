//! The async userland sockets (`sctp::userland::tokio`) on this host: usrsctp over loopback UDP,
//! no kernel SCTP and no VM, run first by `cargo xtask test` with the blocking userland suite.
//!
//! Every test of this binary shares one usrsctp stack on a UDP port chosen free when the first
//! test starts; associations run over loopback between sockets of that stack.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::Duration;

use sctp::notify::{AssocState, Notification};
use sctp::userland::Stack;
use sctp::userland::tokio::{SctpListener, SctpSocket, SctpStream};
use sctp::{AssocId, Error, Event, InitParams, Received, RecvBatch, SendInfo};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::time::timeout;

const TIMEOUT: Duration = Duration::from_secs(20);

fn stack() -> &'static Stack {
    static STACK: OnceLock<Stack> = OnceLock::new();
    STACK.get_or_init(|| Stack::start(0, 0).expect("start usrsctp"))
}

fn localhost() -> SocketAddr {
    stack();
    "127.0.0.1:0".parse().unwrap()
}

/// Bounds every wait of a test: a lost wake-up fails the test instead of hanging it.
async fn bounded<T>(what: &str, f: impl Future<Output = T>) -> T {
    match timeout(TIMEOUT, f).await {
        Ok(v) => v,
        Err(_) => panic!("{what}: no result within {TIMEOUT:?}"),
    }
}

async fn pair() -> (SctpStream, SctpStream) {
    let listener = SctpListener::bind(localhost()).unwrap();
    let addr = listener.local_addr().unwrap();
    let (client, accepted) = bounded("connect and accept", async {
        tokio::join!(SctpStream::connect(addr), listener.accept())
    })
    .await;
    let (client, server) = (client.expect("connect"), accepted.expect("accept").0);
    // No bundling delay: every message leaves at once, so the tests do not wait on delayed SACKs.
    for s in [&client, &server] {
        s.get_ref().set_nodelay(true).unwrap();
    }
    (client, server)
}

/// The data of the next data message, notifications skipped.
async fn next_data(s: &SctpStream, buf: &mut [u8]) -> (Vec<u8>, u16, u32) {
    loop {
        match bounded("recv", s.recv(buf)).await.expect("recv") {
            Received::Data(m) => return (m.data().to_vec(), m.stream(), m.ppid()),
            Received::Notification(_) => {}
        }
    }
}

/// Counts the polls of a future: more than one means it returned `Pending` and was woken.
struct Counted<F> {
    inner: Pin<Box<F>>,
    polls: Arc<AtomicUsize>,
}

impl<F: Future> Future for Counted<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        self.polls.fetch_add(1, Ordering::SeqCst);
        self.inner.as_mut().poll(cx)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_clients_are_echoed_at_once() {
    const CLIENTS: usize = 16;
    const MESSAGES: u16 = 4;
    let streams = InitParams::new()
        .with_outbound_streams(MESSAGES)
        .with_max_inbound_streams(MESSAGES);
    let listener = sctp::userland::SctpBuilder::new()
        .init_params(streams)
        .listener_async(&[localhost()])
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        let mut tasks = Vec::new();
        for _ in 0..CLIENTS {
            let (stream, _) = listener.accept().await.expect("accept");
            tasks.push(tokio::spawn(async move {
                let mut buf = vec![0u8; 4096];
                let mut echoed = 0;
                loop {
                    let (len, info) = match stream.recv(&mut buf).await.expect("server recv") {
                        Received::Data(m) if m.data().is_empty() => return echoed,
                        Received::Data(m) => (
                            m.data().len(),
                            SendInfo::new().with_stream(m.stream()).with_ppid(m.ppid()),
                        ),
                        Received::Notification(_) => continue,
                    };
                    stream.send(&buf[..len], &info).await.expect("echo");
                    echoed += 1;
                }
            }));
        }
        let mut total = 0;
        for t in tasks {
            total += t.await.unwrap();
        }
        total
    });
    let clients: Vec<_> = (0..CLIENTS)
        .map(|n| {
            tokio::spawn(async move {
                let stream = sctp::userland::SctpBuilder::new()
                    .init_params(streams)
                    .connect_async(&[addr])
                    .await
                    .expect("connect");
                let mut buf = vec![0u8; 4096];
                for s in 0..MESSAGES {
                    let text = format!("client {n} stream {s}");
                    let ppid = 1000 * n as u32 + u32::from(s);
                    stream
                        .send(
                            text.as_bytes(),
                            &SendInfo::new().with_stream(s).with_ppid(ppid),
                        )
                        .await
                        .expect("send");
                    let got = next_data(&stream, &mut buf).await;
                    assert_eq!(got, (text.into_bytes(), s, ppid));
                }
                stream.shutdown(std::net::Shutdown::Write).unwrap();
            })
        })
        .collect();
    for c in clients {
        bounded("client", c).await.unwrap();
    }
    let echoed = bounded("server", server).await.unwrap();
    assert_eq!(echoed, CLIENTS * usize::from(MESSAGES));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_to_many_socket_is_shared_by_concurrent_tasks() {
    const RECEIVERS: usize = 4;
    const PEERS: usize = 6;
    const EACH: usize = 10;
    let server = Arc::new(SctpSocket::bind(localhost()).unwrap());
    server.get_ref().listen(16).unwrap();
    let addr = server.local_addr().unwrap();
    // Several tasks receive on the one socket at once and reply on the association each
    // message came on; each message must be taken by exactly one of them.
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let receivers: Vec<_> = (0..RECEIVERS)
        .map(|_| {
            let server = Arc::clone(&server);
            let seen = Arc::clone(&seen);
            tokio::spawn(async move {
                let mut buf = vec![0u8; 1024];
                loop {
                    let (data, assoc) = match server.recv(&mut buf).await.expect("recv") {
                        Received::Data(m) => (m.data().to_vec(), m.assoc_id()),
                        Received::Notification(_) => continue,
                    };
                    if data == b"stop" {
                        return;
                    }
                    seen.lock().unwrap().push(data.clone());
                    let mut reply = b"ack ".to_vec();
                    reply.extend_from_slice(&data);
                    server
                        .send(&reply, &SendInfo::new().with_assoc_id(assoc))
                        .await
                        .expect("reply");
                }
            })
        })
        .collect();
    let peers: Vec<_> = (0..PEERS)
        .map(|p| {
            tokio::spawn(async move {
                let peer = SctpSocket::bind(localhost()).unwrap();
                peer.get_ref().listen(1).unwrap();
                let mut assoc = AssocId::FUTURE;
                let mut buf = vec![0u8; 1024];
                for i in 0..EACH {
                    let text = format!("peer {p} message {i}");
                    if i == 0 {
                        peer.send_to(text.as_bytes(), addr, &SendInfo::new())
                            .await
                            .expect("send_to");
                    } else {
                        peer.send(text.as_bytes(), &SendInfo::new().with_assoc_id(assoc))
                            .await
                            .expect("send");
                    }
                    loop {
                        match peer.recv(&mut buf).await.expect("peer recv") {
                            Received::Data(m) => {
                                assert_eq!(m.data(), format!("ack {text}").as_bytes());
                                assoc = m.assoc_id();
                                break;
                            }
                            Received::Notification(_) => {}
                        }
                    }
                }
                peer
            })
        })
        .collect();
    let mut done = Vec::new();
    for p in peers {
        done.push(bounded("peer", p).await.unwrap());
    }
    // One stop message per receiver task.
    for _ in 0..RECEIVERS {
        done[0]
            .send_to(b"stop", addr, &SendInfo::new())
            .await
            .unwrap();
    }
    for r in receivers {
        bounded("receiver", r).await.unwrap();
    }
    let mut seen = seen.lock().unwrap().clone();
    seen.sort();
    let mut want: Vec<Vec<u8>> = (0..PEERS)
        .flat_map(|p| (0..EACH).map(move |i| format!("peer {p} message {i}").into_bytes()))
        .collect();
    want.sort();
    assert_eq!(seen, want, "every message taken exactly once");
}

#[tokio::test(flavor = "current_thread")]
async fn a_receive_waiting_before_the_peer_sends_is_woken() {
    let (client, server) = pair().await;
    let polls = Arc::new(AtomicUsize::new(0));
    let server = Arc::new(server);
    let waiting = {
        let server = Arc::clone(&server);
        let polls = Arc::clone(&polls);
        tokio::spawn(async move {
            let mut buf = vec![0u8; 1024];
            let recv = Counted {
                inner: Box::pin(async {
                    match server.recv(&mut buf).await.expect("recv") {
                        Received::Data(m) => (m.data().to_vec(), m.ppid()),
                        other => panic!("{other:?}"),
                    }
                }),
                polls,
            };
            recv.await
        })
    };
    // The receiving task runs first and finds nothing: it must be waiting now.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(!waiting.is_finished());
    let before = polls.load(Ordering::SeqCst);
    assert!(before >= 1, "polled, then pending");
    client
        .send(b"late", &SendInfo::new().with_ppid(7))
        .await
        .unwrap();
    let got = bounded("woken receive", waiting).await.unwrap();
    assert_eq!(got, (b"late".to_vec(), 7));
    assert!(
        polls.load(Ordering::SeqCst) > before,
        "woken by the upcall after the send"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_receive_loses_no_message() {
    let (client, server) = pair().await;
    let mut buf = vec![0u8; 1024];
    // Cancelled while waiting: nothing was there.
    for _ in 0..3 {
        assert!(
            timeout(Duration::from_millis(50), server.recv(&mut buf))
                .await
                .is_err()
        );
    }
    // A receive polled once (so it registered its waker), then dropped; the message sent after
    // it must go to the next receive.
    for i in 0..20u32 {
        {
            let mut recv = std::pin::pin!(server.recv(&mut buf));
            let first = std::future::poll_fn(|cx| Poll::Ready(recv.as_mut().poll(cx).is_pending()));
            assert!(first.await, "nothing was sent yet");
        }
        client
            .send(&i.to_be_bytes(), &SendInfo::new().with_ppid(i))
            .await
            .unwrap();
        let (data, _, ppid) = next_data(&server, &mut buf).await;
        assert_eq!((data, ppid), (i.to_be_bytes().to_vec(), i), "message {i}");
    }
    // Receives dropped in a select! that another branch wins while messages are queued.
    for i in 0..10u32 {
        client
            .send(&i.to_be_bytes(), &SendInfo::new().with_ppid(i))
            .await
            .unwrap();
    }
    for _ in 0..10 {
        tokio::select! {
            biased;
            () = std::future::ready(()) => {}
            _ = server.recv(&mut buf) => panic!("the ready branch wins a biased select"),
        }
    }
    for i in 0..10u32 {
        let (data, _, ppid) = next_data(&server, &mut buf).await;
        assert_eq!((data, ppid), (i.to_be_bytes().to_vec(), i), "message {i}");
    }
    // And a receive cancelled by a timeout after it registered: the next one gets the message.
    assert!(
        timeout(Duration::from_millis(100), server.recv(&mut buf))
            .await
            .is_err()
    );
    client.send(b"after", &SendInfo::new()).await.unwrap();
    assert_eq!(next_data(&server, &mut buf).await.0, b"after");
}

/// A hand-written future on `poll_recv`: the data of the next data message.
struct RecvData<'a> {
    stream: &'a SctpStream,
    buf: Vec<u8>,
    pending: usize,
}

impl Future for RecvData<'_> {
    type Output = Result<Vec<u8>, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        loop {
            match this.stream.poll_recv(cx, &mut this.buf) {
                Poll::Ready(Ok(Received::Data(m))) => return Poll::Ready(Ok(m.data().to_vec())),
                Poll::Ready(Ok(Received::Notification(_))) => {}
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => {
                    this.pending += 1;
                    return Poll::Pending;
                }
            }
        }
    }
}

/// A hand-written future on `poll_send`.
struct SendData<'a> {
    stream: &'a SctpStream,
    data: &'a [u8],
}

impl Future for SendData<'_> {
    type Output = Result<usize, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.stream.poll_send(cx, self.data, &SendInfo::new())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hand_written_futures_drive_poll_recv_and_poll_send() {
    let (client, server) = pair().await;
    let server = Arc::new(server);
    let recv = {
        let server = Arc::clone(&server);
        tokio::spawn(async move {
            let mut f = RecvData {
                stream: &server,
                buf: vec![0u8; 256],
                pending: 0,
            };
            let data = (&mut f).await.expect("poll_recv");
            (data, f.pending)
        })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    let sent = SendData {
        stream: &client,
        data: b"by hand",
    }
    .await
    .unwrap();
    assert_eq!(sent, 7);
    let (data, pending) = bounded("poll_recv", recv).await.unwrap();
    assert_eq!(data, b"by hand");
    assert!(pending >= 1, "the future waited at least once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_then_try_calls() {
    let (client, server) = pair().await;
    let mut buf = [0u8; 64];
    assert!(matches!(
        server.try_recv(&mut buf),
        Err(Error::Io(e)) if e.kind() == std::io::ErrorKind::WouldBlock
    ));
    bounded("writable", client.writable()).await.unwrap();
    client.try_send(b"try", &SendInfo::new()).unwrap();
    bounded("readable", server.readable()).await.unwrap();
    match server.try_recv(&mut buf).unwrap() {
        Received::Data(m) => assert_eq!(m.data(), b"try"),
        other => panic!("{other:?}"),
    }
    // Nothing left: readable() waits again (bounded here by a short timeout).
    assert!(
        timeout(Duration::from_millis(100), server.readable())
            .await
            .is_err()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connect_async_sees_comm_up_first_and_a_refused_setup_fails() {
    let listener = sctp::userland::SctpBuilder::new()
        .subscribe(&[Event::AssocChange])
        .listener_async(&[localhost()])
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let client = bounded(
        "connect_async",
        sctp::userland::SctpBuilder::new()
            .subscribe(&[Event::AssocChange])
            .connect_async(&[addr]),
    )
    .await
    .unwrap();
    let mut buf = vec![0u8; 1024];
    match bounded("COMM_UP", client.recv(&mut buf)).await.unwrap() {
        Received::Notification(Notification::AssocChange(ac)) => {
            assert_eq!(ac.state(), AssocState::CommUp)
        }
        other => panic!("expected COMM_UP first, got {other:?}"),
    }
    // A port nobody listens on: usrsctp answers the INIT with an ABORT.
    let closed = {
        let l = SctpListener::bind(localhost()).unwrap();
        l.local_addr().unwrap()
    };
    let r = bounded("refused connect", SctpStream::connect(closed)).await;
    assert!(
        matches!(&r, Err(Error::Io(e)) if e.kind() == std::io::ErrorKind::ConnectionRefused),
        "{r:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn async_read_and_write_carry_bytes() {
    let (mut client, server) = pair().await;
    client.write_all(b"bytes").await.unwrap();
    let mut buf = [0u8; 16];
    let n = bounded("read", (&server).read(&mut buf)).await.unwrap();
    assert_eq!(&buf[..n], b"bytes");
    AsyncWriteExt::shutdown(&mut client).await.unwrap();
    // The end of the association reads as 0 bytes.
    let mut rest = Vec::new();
    bounded("read to end", (&server).read_to_end(&mut rest))
        .await
        .unwrap();
    assert!(rest.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_waiter_gives_its_slot_back() {
    let (client, server) = pair().await;
    let server = Arc::new(server);
    // Many waiters at once, all cancelled; then one more receives normally.
    let waiters: Vec<_> = (0..32)
        .map(|_| {
            let server = Arc::clone(&server);
            tokio::spawn(async move {
                let mut buf = [0u8; 16];
                let _ = server.recv(&mut buf).await;
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(100)).await;
    for w in &waiters {
        w.abort();
    }
    for w in waiters {
        assert!(w.await.unwrap_err().is_cancelled());
    }
    client.send(b"still works", &SendInfo::new()).await.unwrap();
    let mut buf = [0u8; 64];
    assert_eq!(next_data(&server, &mut buf).await.0, b"still works");
}

/// A task that waits in a loop on a socket that is always ready still yields to the other
/// tasks of its thread (tokio's cooperative budget), as on the kernel sockets.
#[tokio::test(flavor = "current_thread")]
async fn a_busy_loop_on_a_ready_socket_lets_other_tasks_run() {
    let (client, server) = pair().await;
    client
        .send(b"stays queued", &SendInfo::new())
        .await
        .unwrap();
    bounded("readable", server.readable()).await.unwrap();
    let ran = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = ran.clone();
    // Runs only when the loop below yields: this runtime has one thread.
    tokio::spawn(async move { flag.store(true, Ordering::Relaxed) });
    let mut rounds = 0;
    while !ran.load(Ordering::Relaxed) {
        assert!(
            rounds < 5000,
            "the other task never ran in {rounds} ready rounds"
        );
        server.readable().await.unwrap();
        rounds += 1;
    }
    let mut buf = [0u8; 64];
    assert_eq!(next_data(&server, &mut buf).await.0, b"stays queued");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn async_batches_carry_every_message_on_both_socket_styles() {
    let (client, server) = pair().await;
    let server = Arc::new(server);
    // A receive waiting before anything is sent is woken by the first arrival; together the
    // batches bring every message, in order, with its metadata.
    let receiver = {
        let server = Arc::clone(&server);
        tokio::spawn(async move {
            let mut batch = RecvBatch::new(4, 64);
            let mut seen = Vec::new();
            while seen.len() < 12 {
                let n = bounded("recv_batch", server.recv_batch(&mut batch))
                    .await
                    .expect("recv_batch");
                assert!((1..=4).contains(&n));
                for item in batch.iter() {
                    match item.expect("item") {
                        Received::Data(m) => seen.push((m.data().to_vec(), m.stream(), m.ppid())),
                        Received::Notification(n) => panic!("unexpected {n:?}"),
                    }
                }
            }
            seen
        })
    };
    tokio::time::sleep(Duration::from_millis(20)).await;
    let payloads: Vec<Vec<u8>> = (0..12u8).map(|i| vec![i; 1 + i as usize]).collect();
    let msgs: Vec<(&[u8], SendInfo)> = payloads
        .iter()
        .enumerate()
        .map(|(i, p)| (&p[..], SendInfo::new().with_stream(1).with_ppid(i as u32)))
        .collect();
    assert_eq!(
        bounded("send_batch", client.send_batch(&msgs))
            .await
            .unwrap(),
        12
    );
    let seen = bounded("receiver", receiver).await.unwrap();
    let want: Vec<(Vec<u8>, u16, u32)> = payloads
        .iter()
        .enumerate()
        .map(|(i, p)| (p.clone(), 1, i as u32))
        .collect();
    assert_eq!(seen, want);

    // A batch receive dropped while it waits takes nothing: the next one gets the message.
    let mut batch = RecvBatch::new(4, 64);
    assert!(
        timeout(Duration::from_millis(30), server.recv_batch(&mut batch))
            .await
            .is_err()
    );
    client
        .send(b"kept", &SendInfo::new().with_ppid(77))
        .await
        .unwrap();
    bounded("recv_batch", server.recv_batch(&mut batch))
        .await
        .unwrap();
    match batch.iter().next().unwrap().unwrap() {
        Received::Data(m) => assert_eq!((m.data(), m.ppid()), (&b"kept"[..], 77)),
        other => panic!("{other:?}"),
    }

    // One-to-many: a batch to a new association (queued until it is up), received as one.
    let socket = SctpSocket::bind(localhost()).unwrap();
    socket.get_ref().listen(4).unwrap();
    let peer = SctpSocket::bind(localhost()).unwrap();
    let id = peer.connect(&[socket.local_addr().unwrap()]).unwrap();
    let info = SendInfo::new().with_assoc_id(id).with_stream(2);
    let sent = bounded(
        "send_batch",
        peer.send_batch(&[(b"x", info.with_ppid(1)), (b"y", info.with_ppid(2))]),
    )
    .await
    .unwrap();
    assert_eq!(sent, 2);
    let mut got = Vec::new();
    while got.len() < 2 {
        bounded("recv_batch", socket.recv_batch(&mut batch))
            .await
            .unwrap();
        for item in batch.iter() {
            if let Received::Data(m) = item.unwrap() {
                got.push((m.data().to_vec(), m.stream(), m.ppid()));
            }
        }
    }
    assert_eq!(got, [(b"x".to_vec(), 2, 1), (b"y".to_vec(), 2, 2)]);
}

//! Kernel tests of the async sockets (`sctp::tokio`, feature `tokio`).

mod common;

use std::future::Future;
use std::io;
use std::os::fd::{AsFd, AsRawFd};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use common::*;
use sctp::notify::{AssocState, Notification};
use sctp::tokio::{SctpListener, SctpSocket, SctpStream};
use sctp::{Event, InitParams, SctpBuilder, SendInfo};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// INIT parameters with these stream counts, set field by field: a struct literal would stop
/// compiling if the struct became `#[non_exhaustive]`.
#[allow(clippy::field_reassign_with_default)]
fn init(outbound: u16, inbound: u16) -> InitParams {
    let mut p = InitParams::default();
    p.outbound_streams = outbound;
    p.max_inbound_streams = inbound;
    p
}

/// Bounds a test body, so a lost wake-up fails instead of hanging.
async fn bounded<T>(f: impl Future<Output = T>) -> T {
    tokio::time::timeout(TIMEOUT, f)
        .await
        .expect("finished within the timeout")
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
async fn async_one_to_one() {
    bounded(async {
        let listener = SctpListener::bind(addr("127.0.0.1:0")).expect("SCTP listener");
        let addr = listener.local_addr().unwrap();
        let (client, accepted) = tokio::join!(SctpStream::connect(addr), listener.accept());
        let mut client = client.unwrap();
        let (mut server, peer) = accepted.unwrap();
        assert_eq!(peer, client.local_addr().unwrap());

        // The server waits before anything is sent: the receive must wake up, not spin or block.
        let mut buf = [0u8; 64];
        let (sent, got) = tokio::join!(
            async {
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                client
                    .send(b"hi", &SendInfo::new().with_stream(1).with_ppid(46))
                    .await
            },
            server.recv(&mut buf)
        );
        assert_eq!(sent.unwrap(), 2);
        let msg = data(got);
        assert_eq!((msg.data(), msg.stream(), msg.ppid()), (&b"hi"[..], 1, 46));

        // The byte interface.
        client.write_all(b"bytes").await.unwrap();
        let mut five = [0u8; 5];
        server.read_exact(&mut five).await.unwrap();
        assert_eq!(&five, b"bytes");
        client.shutdown(std::net::Shutdown::Write).unwrap();
        let mut rest = Vec::new();
        server.read_to_end(&mut rest).await.unwrap();
        assert!(rest.is_empty());
    })
    .await;
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
async fn async_connect_failure_is_reported() {
    bounded(async {
        // Nothing listens on port 9 (discard): the peer's ABORT refuses the association.
        let err = SctpStream::connect(addr("127.0.0.1:9")).await.unwrap_err();
        match err {
            sctp::Error::Io(e) => assert_eq!(e.kind(), std::io::ErrorKind::ConnectionRefused),
            other => panic!("expected a refused connection, got {other:?}"),
        }
    })
    .await;
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
async fn async_one_to_many_with_peeloff() {
    bounded(async {
        let server = SctpSocket::from_std(
            SctpBuilder::new()
                .subscribe(&[Event::AssocChange])
                .one_to_many(&[addr("127.0.0.1:0")])
                .unwrap(),
        )
        .unwrap();
        let client = SctpSocket::bind(addr("127.0.0.1:0")).unwrap();
        let id = client.connect(&[server.local_addr().unwrap()]).unwrap();
        assert!(!id.is_reserved());
        // Sent while the association may still be coming up: queued, then delivered.
        client
            .send(b"early", &SendInfo::new().with_assoc_id(id).with_ppid(3))
            .await
            .unwrap();
        let mut buf = [0u8; 256];
        let up = match notification(server.recv(&mut buf).await) {
            Notification::AssocChange(ac) => {
                assert_eq!(ac.state(), AssocState::CommUp);
                ac.assoc_id()
            }
            other => panic!("expected COMM_UP, got {other:?}"),
        };
        let msg = data(server.recv(&mut buf).await);
        assert_eq!(
            (msg.data(), msg.ppid(), msg.assoc_id().as_raw()),
            (&b"early"[..], 3, up)
        );
        let server_assoc = msg.assoc_id();
        server
            .send(b"reply", &SendInfo::new().with_assoc_id(server_assoc))
            .await
            .unwrap();
        assert_eq!(data(client.recv(&mut buf).await).data(), b"reply");

        let peeled = server.peeloff(server_assoc).unwrap();
        client
            .send(b"to peeled", &SendInfo::new().with_assoc_id(id))
            .await
            .unwrap();
        assert_eq!(data(peeled.recv(&mut buf).await).data(), b"to peeled");
        peeled.send(b"from peeled", &SendInfo::new()).await.unwrap();
        assert_eq!(data(client.recv(&mut buf).await).data(), b"from peeled");

        // send_to sets up a second association.
        let other = SctpSocket::from_std(
            SctpBuilder::new()
                .one_to_many(&[addr("127.0.0.1:0")])
                .unwrap(),
        )
        .unwrap();
        client
            .send_to(b"implicit", other.local_addr().unwrap(), &SendInfo::new())
            .await
            .unwrap();
        assert_eq!(data(other.recv(&mut buf).await).data(), b"implicit");
    })
    .await;
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
async fn async_builder_client_sees_the_comm_up_of_its_own_association() {
    bounded(async {
        let listener = SctpBuilder::new()
            .init_params(init(10, 10))
            .listener_async(&[addr("127.0.0.1:0")])
            .unwrap();
        let server_addr = listener.local_addr().unwrap();
        // Everything applied before the INIT: 3 outbound streams, the subscription, NODELAY,
        // a send buffer, a local address.
        let builder = SctpBuilder::new()
            .init_params(init(3, 5))
            .subscribe(&[Event::AssocChange])
            .nodelay(true)
            .send_buffer_size(64 * 1024)
            .local_addrs(&[addr("127.0.0.1:0")]);
        let peer = [server_addr];
        let (client, accepted) = tokio::join!(builder.connect_async(&peer), listener.accept());
        let client = client.expect("async connect");
        let (server, _) = accepted.unwrap();
        assert!(client.get_ref().nodelay().unwrap());

        // The first thing the client receives is the COMM_UP of this association, with the
        // stream counts it asked for.
        let mut buf = [0u8; 1024];
        match notification(client.recv(&mut buf).await) {
            Notification::AssocChange(ac) => {
                assert_eq!(ac.state(), AssocState::CommUp);
                assert_eq!((ac.outbound_streams(), ac.inbound_streams()), (3, 5));
            }
            other => panic!("expected COMM_UP first, got {other:?}"),
        }
        // Then data, in order.
        server.send(b"first data", &SendInfo::new()).await.unwrap();
        assert_eq!(data(client.recv(&mut buf).await).data(), b"first data");
        // Stream 3 does not exist on a 3-stream association.
        match client.send(b"x", &SendInfo::new().with_stream(3)).await {
            Err(sctp::Error::InvalidStream {
                stream: 3,
                streams: 3,
            }) => {}
            other => panic!("expected InvalidStream, got {other:?}"),
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
async fn async_stream_shared_by_a_sending_and_a_receiving_task() {
    bounded(async {
        let listener = SctpListener::bind(addr("127.0.0.1:0")).unwrap();
        let (client, accepted) = tokio::join!(
            SctpStream::connect(listener.local_addr().unwrap()),
            listener.accept()
        );
        let client = Arc::new(client.unwrap());
        let (server, _) = accepted.unwrap();
        const N: u32 = 200;
        // The server echoes every message back.
        let echo = tokio::spawn(async move {
            let mut buf = [0u8; 64];
            for _ in 0..N {
                let msg = data(server.recv(&mut buf).await);
                let info = SendInfo::new()
                    .with_stream(msg.stream())
                    .with_ppid(msg.ppid());
                let len = msg.data().len();
                server.send(&buf[..len], &info).await.unwrap();
            }
        });
        // One task sends through the shared stream while another receives from it.
        let sender = {
            let client = Arc::clone(&client);
            tokio::spawn(async move {
                for i in 0..N {
                    client
                        .send(&i.to_be_bytes(), &SendInfo::new().with_ppid(i))
                        .await
                        .unwrap();
                }
            })
        };
        let receiver = {
            let client = Arc::clone(&client);
            tokio::spawn(async move {
                let mut buf = [0u8; 64];
                for i in 0..N {
                    let msg = data(client.recv(&mut buf).await);
                    assert_eq!((msg.data(), msg.ppid()), (&i.to_be_bytes()[..], i));
                }
            })
        };
        sender.await.unwrap();
        receiver.await.unwrap();
        echo.await.unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
async fn async_one_to_many_socket_shared_by_concurrent_senders_and_one_receiver() {
    bounded(async {
        let server = SctpBuilder::new()
            .init_params(init(8, 8))
            .one_to_many_async(&[addr("127.0.0.1:0")])
            .unwrap();
        let client = Arc::new(
            SctpBuilder::new()
                .init_params(init(8, 8))
                .one_to_many_async(&[addr("127.0.0.1:0")])
                .unwrap(),
        );
        let assoc = client.connect(&[server.local_addr().unwrap()]).unwrap();
        const TASKS: u16 = 4;
        const PER_TASK: u32 = 100;
        let receiver = tokio::spawn(async move {
            let mut buf = [0u8; 64];
            let mut next = [0u32; TASKS as usize];
            for _ in 0..u32::from(TASKS) * PER_TASK {
                let msg = data(server.recv(&mut buf).await);
                // Each task sends on its own stream, and a stream is delivered in order.
                let task = msg.stream() as usize;
                assert_eq!(msg.ppid(), next[task], "stream {task} in order");
                assert_eq!(msg.data(), &[task as u8; 16][..]);
                next[task] += 1;
            }
            next
        });
        let senders: Vec<_> = (0..TASKS)
            .map(|task| {
                let client = Arc::clone(&client);
                tokio::spawn(async move {
                    for i in 0..PER_TASK {
                        let info = SendInfo::new()
                            .with_assoc_id(assoc)
                            .with_stream(task)
                            .with_ppid(i);
                        client.send(&[task as u8; 16], &info).await.unwrap();
                        if i % 16 == 0 {
                            tokio::task::yield_now().await;
                        }
                    }
                })
            })
            .collect();
        for s in senders {
            s.await.unwrap();
        }
        assert_eq!(receiver.await.unwrap(), [PER_TASK; TASKS as usize]);
    })
    .await;
}

/// A hand-written future: receives one message through `poll_recv` and copies it out.
struct RecvOne<'a> {
    stream: &'a SctpStream,
    buf: [u8; 64],
    polls: u32,
}

impl Future for RecvOne<'_> {
    type Output = (Vec<u8>, u32, u32);

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        this.polls += 1;
        match this.stream.poll_recv(cx, &mut this.buf) {
            Poll::Ready(r) => {
                let msg = data(r);
                Poll::Ready((msg.data().to_vec(), msg.ppid(), this.polls))
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
async fn async_poll_api_drives_a_hand_written_future() {
    bounded(async {
        let listener = SctpListener::bind(addr("127.0.0.1:0")).unwrap();
        let (client, accepted) = tokio::join!(
            SctpStream::connect(listener.local_addr().unwrap()),
            listener.accept()
        );
        let client = client.unwrap();
        let (server, _) = accepted.unwrap();

        // Nothing queued yet: the future must be pending, then woken by the message.
        let (got, sent) = tokio::join!(
            RecvOne {
                stream: &server,
                buf: [0; 64],
                polls: 0
            },
            async {
                tokio::time::sleep(Duration::from_millis(100)).await;
                std::future::poll_fn(|cx| {
                    client.poll_send(cx, b"polled", &SendInfo::new().with_ppid(9))
                })
                .await
            }
        );
        assert_eq!(sent.unwrap(), 6);
        let (bytes, ppid, polls) = got;
        assert_eq!((&bytes[..], ppid), (&b"polled"[..], 9));
        assert!(
            polls >= 2,
            "the first poll found nothing and was woken later ({polls} polls)"
        );

        // Readiness without IO.
        std::future::poll_fn(|cx| client.poll_send_ready(cx))
            .await
            .unwrap();
        client.send(b"ready", &SendInfo::new()).await.unwrap();
        std::future::poll_fn(|cx| server.poll_recv_ready(cx))
            .await
            .unwrap();
        let mut buf = [0u8; 64];
        assert_eq!(data(server.try_recv(&mut buf)).data(), b"ready");
    })
    .await;
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
async fn async_try_calls_and_readiness() {
    bounded(async {
        let listener = SctpListener::bind(addr("127.0.0.1:0")).unwrap();
        let (client, accepted) = tokio::join!(
            SctpStream::connect(listener.local_addr().unwrap()),
            listener.accept()
        );
        let client = client.unwrap();
        let (server, _) = accepted.unwrap();
        let mut buf = [0u8; 64];

        // Nothing queued: WouldBlock, never a wait.
        match server.try_recv(&mut buf) {
            Err(sctp::Error::Io(e)) if e.kind() == io::ErrorKind::WouldBlock => {}
            other => panic!("expected WouldBlock, got {other:?}"),
        }
        // The WouldBlock cleared the readiness: `readable` now waits for the next message.
        let early = tokio::time::timeout(Duration::from_millis(200), server.readable()).await;
        assert!(early.is_err(), "readable() returned with nothing queued");

        client.writable().await.unwrap();
        assert_eq!(client.try_send(b"one", &SendInfo::new()).unwrap(), 3);
        server.readable().await.unwrap();
        assert_eq!(data(server.try_recv(&mut buf)).data(), b"one");
        assert!(server.try_recv(&mut buf).is_err());

        // peek leaves the message queued.
        client
            .send(b"peeked", &SendInfo::new().with_ppid(5))
            .await
            .unwrap();
        let peeked = data(server.peek(&mut buf).await);
        assert_eq!((peeked.data(), peeked.ppid()), (&b"peeked"[..], 5));
        let got = data(server.recv(&mut buf).await);
        assert_eq!((got.data(), got.ppid()), (&b"peeked"[..], 5));
    })
    .await;
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
async fn async_fd_traits_and_std_conversions() {
    bounded(async {
        let std_listener = sctp::SctpListener::bind("127.0.0.1:0").unwrap();
        let raw = std_listener.as_raw_fd();
        let listener = SctpListener::try_from(std_listener).unwrap();
        assert_eq!(listener.as_raw_fd(), raw);
        assert_eq!(listener.as_fd().as_raw_fd(), raw);
        let (client, accepted) = tokio::join!(
            SctpStream::connect(listener.local_addr().unwrap()),
            listener.accept()
        );
        let client = client.unwrap();
        let (server, _) = accepted.unwrap();
        assert_eq!(client.as_raw_fd(), client.get_ref().as_raw_fd());

        // Back to the blocking type and into the reactor again: the association is intact.
        let blocking = client.into_std();
        assert!(blocking.nonblocking().unwrap());
        blocking.set_nonblocking(false).unwrap();
        blocking.send(b"blocking", &SendInfo::new()).unwrap();
        let mut buf = [0u8; 64];
        assert_eq!(data(server.recv(&mut buf).await).data(), b"blocking");
        let client = SctpStream::from_std(blocking).unwrap();
        client.send(b"async again", &SendInfo::new()).await.unwrap();
        assert_eq!(data(server.recv(&mut buf).await).data(), b"async again");

        let socket = SctpSocket::try_from(sctp::SctpSocket::bind("127.0.0.1:0").unwrap()).unwrap();
        assert_eq!(socket.as_raw_fd(), socket.get_ref().as_raw_fd());
        let back = socket.into_std();
        assert!(back.nonblocking().unwrap());
        let listener = listener.into_std();
        assert_eq!(listener.as_raw_fd(), raw);
    })
    .await;
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
async fn async_write_uses_the_write_info_and_copies_a_mebibyte() {
    bounded(async {
        let listener = SctpListener::bind(addr("127.0.0.1:0")).unwrap();
        let (client, accepted) = tokio::join!(
            SctpStream::connect(listener.local_addr().unwrap()),
            listener.accept()
        );
        let client = client.unwrap();
        let (server, _) = accepted.unwrap();
        client.get_ref().set_write_info(2, 99);
        (&client).write_all(b"framed").await.unwrap();
        let mut buf = vec![0u8; 64 * 1024];
        let msg = data(server.recv(&mut buf).await);
        assert_eq!(
            (msg.data(), msg.stream(), msg.ppid()),
            (&b"framed"[..], 2, 99)
        );

        // 1 MiB through tokio::io::copy on `&SctpStream`, while the other side reads.
        let payload: Vec<u8> = (0..1u32 << 20).map(|i| (i % 251) as u8).collect();
        let (copied, received) = tokio::join!(
            async {
                let n = tokio::io::copy(&mut &payload[..], &mut &client)
                    .await
                    .unwrap();
                client.shutdown(std::net::Shutdown::Write).unwrap();
                n
            },
            async {
                let mut out = Vec::new();
                (&server).read_to_end(&mut out).await.unwrap();
                out
            }
        );
        assert_eq!(copied, 1 << 20);
        assert!(received == payload, "the mebibyte arrived intact");
    })
    .await;
}

/// A task sending and receiving in a loop on sockets that are always ready still yields to the
/// other tasks of its thread (tokio's cooperative budget), on both socket styles.
#[tokio::test(flavor = "current_thread")]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
async fn a_busy_loop_on_ready_sockets_lets_other_tasks_run() {
    use std::sync::atomic::{AtomicBool, Ordering};

    let listener = SctpListener::bind(addr("127.0.0.1:0")).unwrap();
    let builder = SctpBuilder::new().nodelay(true);
    let peer = [listener.local_addr().unwrap()];
    let (client, accepted) = tokio::join!(builder.connect_async(&peer), listener.accept());
    let client = client.unwrap();
    let (server, _) = accepted.unwrap();
    let one = SctpSocket::bind(addr("127.0.0.1:0")).unwrap();
    one.get_ref().listen(4).unwrap();
    let other = SctpSocket::bind(addr("127.0.0.1:0")).unwrap();
    other.get_ref().set_nodelay(true).unwrap();
    let assoc = other.connect(&[one.local_addr().unwrap()]).unwrap();

    let info = SendInfo::new().with_ppid(7);
    let mut buf = [0u8; 256];
    for style in ["one-to-one", "one-to-many"] {
        let ran = Arc::new(AtomicBool::new(false));
        let flag = ran.clone();
        // Runs only when the loop below yields: this runtime has one thread.
        tokio::spawn(async move { flag.store(true, Ordering::Relaxed) });
        let mut rounds = 0;
        while !ran.load(Ordering::Relaxed) {
            assert!(
                rounds < 5000,
                "{style}: the other task never ran in {rounds} always-ready rounds"
            );
            if style == "one-to-one" {
                client.send(b"ping", &info).await.unwrap();
                data(server.recv(&mut buf).await);
            } else {
                other
                    .send(b"ping", &info.with_assoc_id(assoc))
                    .await
                    .unwrap();
                loop {
                    if let sctp::Received::Data(_) = one.recv(&mut buf).await.unwrap() {
                        break;
                    }
                }
            }
            rounds += 1;
        }
    }
}

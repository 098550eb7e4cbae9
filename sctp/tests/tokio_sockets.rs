//! Kernel tests of the async sockets (`sctp::tokio`, feature `tokio`).

mod common;

use std::future::Future;

use common::*;
use sctp::notify::{AssocState, Notification};
use sctp::tokio::{SctpListener, SctpSocket, SctpStream};
use sctp::{Event, SctpBuilder, SendInfo};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

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
        client.shutdown().unwrap();
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

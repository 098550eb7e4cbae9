//! Kernel tests of the batch API: `send_batch` (`sendmmsg`) and `recv_batch` (`recvmmsg`).

mod common;

use std::collections::HashMap;

use common::*;
use sctp::notify::Notification;
use sctp::{AssocId, Event, MAX_BATCH, Received, RecvBatch, SctpBuilder, SendInfo};

/// A one-to-one pair whose client sends at once (`SCTP_NODELAY`).
fn fast_pair() -> (sctp::SctpStream, sctp::SctpStream) {
    let l = listener("127.0.0.1:0");
    let client = SctpBuilder::new()
        .nodelay(true)
        .connect(&[l.local_addr().unwrap()])
        .unwrap();
    let (server, _) = l.accept().unwrap();
    bound(&client);
    bound(&server);
    (client, server)
}

/// What one received data item says: (stream, ppid, payload, complete).
type Seen = (u16, u32, Vec<u8>, bool);

/// Receives batches until `want` data items arrived (each batch call waits for at least one).
fn recv_data(
    mut recv: impl FnMut(&mut RecvBatch) -> Result<usize, sctp::Error>,
    batch: &mut RecvBatch,
    want: usize,
) -> Vec<(AssocId, Seen)> {
    let mut seen = Vec::new();
    while seen.len() < want {
        let n = recv(batch).unwrap();
        assert!(n >= 1, "a blocking recv_batch returns at least one item");
        assert_eq!(n, batch.len());
        for item in batch.iter() {
            match item.unwrap() {
                Received::Data(m) => seen.push((
                    m.assoc_id(),
                    (m.stream(), m.ppid(), m.data().to_vec(), m.is_complete()),
                )),
                Received::Notification(n) => panic!("unexpected notification {n:?}"),
            }
        }
    }
    seen
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn one_to_one_batch_keeps_each_messages_metadata_and_order() {
    let (client, server) = fast_pair();
    let payloads: Vec<Vec<u8>> = (0..20u8).map(|i| vec![i; 10 + i as usize]).collect();
    let msgs: Vec<(&[u8], SendInfo)> = payloads
        .iter()
        .enumerate()
        .map(|(i, p)| {
            (
                &p[..],
                SendInfo::new()
                    .with_stream((i % 5) as u16)
                    .with_ppid(1000 + i as u32),
            )
        })
        .collect();
    assert_eq!(client.send_batch(&msgs).unwrap(), 20);
    let mut batch = RecvBatch::new(8, 1024);
    assert_eq!(batch.capacity(), 8);
    let seen = recv_data(|b| server.recv_batch(b), &mut batch, 20);
    // Streams are independent, but each stream keeps its order; in one association over
    // loopback with no loss everything arrives in the order sent.
    let expected: Vec<Seen> = payloads
        .iter()
        .enumerate()
        .map(|(i, p)| ((i % 5) as u16, 1000 + i as u32, p.clone(), true))
        .collect();
    let got: Vec<Seen> = seen.into_iter().map(|(_, s)| s).collect();
    assert_eq!(got, expected);
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn one_to_many_batch_routes_by_association() {
    let server = one_to_many("127.0.0.1:0");
    server.listen(8).unwrap();
    let to = server.local_addr().unwrap();
    let clients: Vec<(sctp::SctpSocket, AssocId)> = (0..3)
        .map(|_| {
            let c = SctpBuilder::new()
                .nodelay(true)
                .one_to_many(&[addr("127.0.0.1:0")])
                .unwrap();
            c.set_read_timeout(Some(TIMEOUT)).unwrap();
            let id = c.connect(&[to]).unwrap();
            (c, id)
        })
        .collect();
    for (k, (c, id)) in clients.iter().enumerate() {
        let bodies: Vec<Vec<u8>> = (0..4u8).map(|i| vec![k as u8 * 10 + i; 32]).collect();
        let msgs: Vec<(&[u8], SendInfo)> = bodies
            .iter()
            .map(|b| {
                (
                    &b[..],
                    SendInfo::new().with_assoc_id(*id).with_ppid(k as u32 + 1),
                )
            })
            .collect();
        assert_eq!(c.send_batch(&msgs).unwrap(), 4);
    }
    let mut batch = RecvBatch::new(MAX_BATCH, 256);
    let seen = recv_data(|b| server.recv_batch(b), &mut batch, 12);
    // Per association: 4 messages with that client's ppid, in order.
    let mut per_assoc: HashMap<AssocId, Vec<Seen>> = HashMap::new();
    for (id, s) in seen {
        per_assoc.entry(id).or_default().push(s);
    }
    assert_eq!(per_assoc.len(), 3);
    for msgs in per_assoc.values() {
        let ppid = msgs[0].1;
        assert!((1..=3).contains(&ppid));
        let k = (ppid - 1) as u8;
        let bodies: Vec<Vec<u8>> = msgs.iter().map(|m| m.2.clone()).collect();
        assert_eq!(
            bodies,
            (0..4u8).map(|i| vec![k * 10 + i; 32]).collect::<Vec<_>>()
        );
        assert!(msgs.iter().all(|m| m.1 == ppid && m.3));
    }
    // Replies the other way, one batch addressing all three associations: client k's
    // association is the one whose messages carried ppid k + 1.
    let server_ids: HashMap<u32, AssocId> = per_assoc.iter().map(|(id, m)| (m[0].1, *id)).collect();
    let bodies: Vec<Vec<u8>> = (0..3u8).map(|k| format!("reply{k}").into_bytes()).collect();
    let replies: Vec<(&[u8], SendInfo)> = bodies
        .iter()
        .enumerate()
        .map(|(k, b)| {
            (
                &b[..],
                SendInfo::new()
                    .with_assoc_id(server_ids[&(k as u32 + 1)])
                    .with_ppid(77),
            )
        })
        .collect();
    assert_eq!(server.send_batch(&replies).unwrap(), 3);
    let mut buf = [0u8; 64];
    for (k, (c, _)) in clients.iter().enumerate() {
        let m = data(c.recv(&mut buf));
        assert_eq!((m.data(), m.ppid()), (&bodies[k][..], 77));
    }
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn a_message_longer_than_a_slot_arrives_in_parts() {
    let (client, server) = fast_pair();
    let big: Vec<u8> = (0..1000u32).map(|i| i as u8).collect();
    assert_eq!(
        client
            .send_batch(&[
                (&big[..], SendInfo::new().with_ppid(9)),
                (&b"tail"[..], SendInfo::new().with_ppid(10))
            ])
            .unwrap(),
        2
    );
    let mut batch = RecvBatch::new(16, 300);
    let mut whole = Vec::new();
    let mut parts = 0;
    let mut after = None;
    while after.is_none() {
        server.recv_batch(&mut batch).unwrap();
        for item in batch.iter() {
            let m = match item.unwrap() {
                Received::Data(m) => m,
                Received::Notification(n) => panic!("unexpected notification {n:?}"),
            };
            if m.ppid() == 9 {
                whole.extend_from_slice(m.data());
                parts += 1;
                assert_eq!(m.is_complete(), whole.len() == big.len());
            } else {
                after = Some(m.data().to_vec());
            }
        }
    }
    assert_eq!(whole, big);
    assert_eq!(parts, 4, "1000 bytes in slots of 300");
    assert_eq!(after.as_deref(), Some(&b"tail"[..]));
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn a_notification_longer_than_a_slot_is_reported_once_and_data_follows_intact() {
    let server = SctpBuilder::new()
        .subscribe(&[Event::AssocChange])
        .one_to_many(&[addr("127.0.0.1:0")])
        .unwrap();
    server.set_read_timeout(Some(TIMEOUT)).unwrap();
    server.listen(4).unwrap();
    // A one-to-many server subscribed to association changes; a client connects and sends.
    let c = SctpBuilder::new()
        .nodelay(true)
        .one_to_many(&[addr("127.0.0.1:0")])
        .unwrap();
    let id = c.connect(&[server.local_addr().unwrap()]).unwrap();
    c.send_batch(&[(
        &b"after the event"[..],
        SendInfo::new().with_assoc_id(id).with_ppid(4),
    )])
    .unwrap();
    // The COMM_UP notification is 20 bytes or more; slots of 8 bytes cut it.
    let mut batch = RecvBatch::new(16, 8);
    let mut truncated = 0;
    let mut data_bytes = Vec::new();
    while data_bytes.len() < b"after the event".len() {
        server.recv_batch(&mut batch).unwrap();
        for item in batch.iter() {
            match item {
                Err(sctp::Error::NotificationTruncated { len, buf }) => {
                    truncated += 1;
                    assert!(
                        len >= 20,
                        "the whole notification's length, not a part's: {len}"
                    );
                    assert_eq!(buf, 8);
                }
                Ok(Received::Data(m)) => {
                    assert_eq!(m.ppid(), 4);
                    data_bytes.extend_from_slice(m.data());
                }
                other => panic!("unexpected {other:?}"),
            }
        }
    }
    assert_eq!(truncated, 1, "one truncated notification, reported once");
    assert_eq!(data_bytes, b"after the event");

    // With room, the same kind of notification comes whole.
    let mut roomy = RecvBatch::new(4, 1024);
    let c2 = SctpBuilder::new()
        .one_to_many(&[addr("127.0.0.1:0")])
        .unwrap();
    c2.connect(&[server.local_addr().unwrap()]).unwrap();
    server.recv_batch(&mut roomy).unwrap();
    match roomy.iter().next().unwrap().unwrap() {
        Received::Notification(Notification::AssocChange(_)) => {}
        other => panic!("expected an association change, got {other:?}"),
    }
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn batches_are_capped_and_the_end_of_the_association_is_reported() {
    let (client, server) = fast_pair();
    let msgs: Vec<(&[u8], SendInfo)> = (0..MAX_BATCH + 6)
        .map(|_| (&b"x"[..], SendInfo::new()))
        .collect();
    assert_eq!(client.send_batch(&msgs).unwrap(), MAX_BATCH);
    assert_eq!(client.send_batch(&[]).unwrap(), 0);
    let mut batch = RecvBatch::new(1000, 16);
    assert_eq!(batch.capacity(), MAX_BATCH);
    let seen = recv_data(|b| server.recv_batch(b), &mut batch, MAX_BATCH);
    assert_eq!(seen.len(), MAX_BATCH);
    drop(client);
    // The peer closed: the end of the stream is one empty message, as with `recv`.
    server.recv_batch(&mut batch).unwrap();
    assert_eq!(batch.len(), 1);
    match batch.iter().next().unwrap().unwrap() {
        Received::Data(m) => assert!(m.data().is_empty() && m.is_complete()),
        Received::Notification(n) => panic!("unexpected notification {n:?}"),
    }
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn nonblocking_recv_batch_with_nothing_queued_would_block() {
    let (_client, server) = fast_pair();
    server.set_nonblocking(true).unwrap();
    let mut batch = RecvBatch::new(4, 64);
    match server.recv_batch(&mut batch) {
        Err(sctp::Error::Io(e)) => assert_eq!(e.kind(), std::io::ErrorKind::WouldBlock),
        other => panic!("expected WouldBlock, got {other:?}"),
    }
    assert!(batch.is_empty());
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn sender_addresses_come_only_when_asked_for() {
    let (client, server) = fast_pair();
    let info = SendInfo::new().with_ppid(8);
    client
        .send_batch(&[(&b"one"[..], info), (&b"two"[..], info)])
        .unwrap();
    let mut plain = RecvBatch::new(1, 64);
    server.recv_batch(&mut plain).unwrap();
    match plain.iter().next().unwrap().unwrap() {
        Received::Data(m) => assert_eq!((m.data(), m.from()), (&b"one"[..], None)),
        Received::Notification(n) => panic!("unexpected notification {n:?}"),
    }
    let mut with = RecvBatch::with_addresses(1, 64);
    server.recv_batch(&mut with).unwrap();
    match with.iter().next().unwrap().unwrap() {
        Received::Data(m) => {
            assert_eq!(m.data(), b"two");
            assert_eq!(m.from(), Some(client.local_addr().unwrap()));
        }
        Received::Notification(n) => panic!("unexpected notification {n:?}"),
    }
}

/// The batch calls on the async sockets: one task sends a batch, another receives batches.
#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn async_batches_carry_every_message() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let listener = sctp::tokio::SctpListener::bind(addr("127.0.0.1:0")).unwrap();
        let to = listener.local_addr().unwrap();
        let (client, accepted) =
            tokio::join!(sctp::tokio::SctpStream::connect(to), listener.accept());
        let (client, (server, _)) = (client.unwrap(), accepted.unwrap());
        let bodies: Vec<Vec<u8>> = (0..10u8).map(|i| vec![i; 20]).collect();
        let msgs: Vec<(&[u8], SendInfo)> = bodies
            .iter()
            .map(|b| (&b[..], SendInfo::new().with_ppid(u32::from(b[0]) + 1)))
            .collect();
        let receiver = async {
            let mut batch = RecvBatch::new(4, 64);
            let mut got = Vec::new();
            while got.len() < 10 {
                let n = tokio::time::timeout(TIMEOUT, server.recv_batch(&mut batch))
                    .await
                    .expect("a batch within the time-out")
                    .unwrap();
                assert!((1..=4).contains(&n));
                for item in batch.iter() {
                    match item.unwrap() {
                        Received::Data(m) => got.push((m.ppid(), m.data().to_vec())),
                        Received::Notification(n) => panic!("unexpected notification {n:?}"),
                    }
                }
            }
            got
        };
        let (sent, got) = tokio::join!(client.send_batch(&msgs), receiver);
        assert_eq!(sent.unwrap(), 10);
        let expected: Vec<(u32, Vec<u8>)> = bodies
            .iter()
            .map(|b| (u32::from(b[0]) + 1, b.clone()))
            .collect();
        assert_eq!(got, expected);
    });
}

/// Packets the client has sent on its association so far.
fn out_packets(s: &sctp::SctpStream) -> u64 {
    s.assoc_stats().unwrap().out_packets
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn a_batch_to_one_association_leaves_bundled_and_whole() {
    let (client, server) = fast_pair();
    let bodies: Vec<Vec<u8>> = (0..16u8).map(|i| vec![i; 64]).collect();
    let msgs: Vec<(&[u8], SendInfo)> = bodies
        .iter()
        .enumerate()
        .map(|(i, b)| {
            (
                &b[..],
                SendInfo::new().with_stream(i as u16 % 3).with_ppid(9),
            )
        })
        .collect();
    let mut batch = RecvBatch::new(MAX_BATCH, 256);

    // One call per message: one packet per message (SCTP_NODELAY).
    let before = out_packets(&client);
    for (data, info) in &msgs {
        client.send(data, info).unwrap();
    }
    let seen = recv_data(|b| server.recv_batch(b), &mut batch, 16);
    assert_eq!(seen.len(), 16);
    let single = out_packets(&client) - before;
    assert!(single >= 16, "{single} packets for 16 separate sends");

    // One batch: the messages wait for each other and leave together.
    let before = out_packets(&client);
    assert_eq!(client.send_batch(&msgs).unwrap(), 16);
    let seen = recv_data(|b| server.recv_batch(b), &mut batch, 16);
    let bundled = out_packets(&client) - before;
    assert!(
        bundled <= 2,
        "{bundled} packets for a batch of 16 small messages"
    );
    let got: Vec<Seen> = seen.into_iter().map(|(_, s)| s).collect();
    let expected: Vec<Seen> = bodies
        .iter()
        .enumerate()
        .map(|(i, b)| (i as u16 % 3, 9, b.clone(), true))
        .collect();
    assert_eq!(got, expected);
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn a_batch_alternating_between_associations_delivers_everything() {
    let server = one_to_many("127.0.0.1:0");
    server.listen(8).unwrap();
    let to = server.local_addr().unwrap();
    let client = SctpBuilder::new()
        .nodelay(true)
        .one_to_many(&[addr("127.0.0.1:0")])
        .unwrap();
    client.set_read_timeout(Some(TIMEOUT)).unwrap();
    let other = one_to_many("127.0.0.1:0");
    other.listen(8).unwrap();
    let a = client.connect(&[to]).unwrap();
    let b = client.connect(&[other.local_addr().unwrap()]).unwrap();
    // Runs of one and of several messages per association, ending on either: each run's last
    // message releases the run, whatever follows it.
    let order = [a, a, b, a, b, b, b, a];
    let bodies: Vec<Vec<u8>> = (0..order.len() as u8).map(|i| vec![i; 40]).collect();
    let msgs: Vec<(&[u8], SendInfo)> = order
        .iter()
        .zip(&bodies)
        .enumerate()
        .map(|(i, (id, body))| {
            (
                &body[..],
                SendInfo::new().with_assoc_id(*id).with_ppid(i as u32),
            )
        })
        .collect();
    assert_eq!(client.send_batch(&msgs).unwrap(), order.len());
    let mut batch = RecvBatch::new(MAX_BATCH, 256);
    let want = |id| order.iter().filter(|&&o| o == id).count();
    let at_server = recv_data(|bt| server.recv_batch(bt), &mut batch, want(a));
    let at_other = recv_data(|bt| other.recv_batch(bt), &mut batch, want(b));
    for (seen, id) in [(at_server, a), (at_other, b)] {
        let ppids: Vec<u32> = seen.iter().map(|(_, s)| s.1).collect();
        let expected: Vec<u32> = (0..order.len() as u32)
            .filter(|&i| order[i as usize] == id)
            .collect();
        assert_eq!(ppids, expected);
        assert!(seen.iter().all(|(_, s)| s.2 == bodies[s.1 as usize]));
    }
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn a_batch_cut_short_by_a_refused_message_is_released_by_the_next_send() {
    let (client, server) = fast_pair();
    let outbound = client.status().unwrap().out_streams;
    let msgs: [(&[u8], SendInfo); 4] = [
        (b"one", SendInfo::new().with_ppid(1)),
        (b"two", SendInfo::new().with_ppid(2)),
        // A stream the association does not have: the kernel refuses this message.
        (b"bad", SendInfo::new().with_stream(outbound).with_ppid(3)),
        (b"four", SendInfo::new().with_ppid(4)),
    ];
    assert_eq!(client.send_batch(&msgs).unwrap(), 2);
    // The refused message's error comes when it is sent first.
    assert!(matches!(
        client.send_batch(&msgs[2..]),
        Err(sctp::Error::Io(_))
    ));
    // The two sent messages may still be held back for bundling; the next send releases them,
    // in order, before its own message.
    client.send(b"five", &SendInfo::new().with_ppid(5)).unwrap();
    let mut batch = RecvBatch::new(MAX_BATCH, 256);
    let seen = recv_data(|b| server.recv_batch(b), &mut batch, 3);
    let got: Vec<(u32, Vec<u8>)> = seen.into_iter().map(|(_, s)| (s.1, s.2)).collect();
    assert_eq!(
        got,
        [
            (1, b"one".to_vec()),
            (2, b"two".to_vec()),
            (5, b"five".to_vec())
        ]
    );
}

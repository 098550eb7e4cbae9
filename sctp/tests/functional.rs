//! The functional suite: one test per scenario of lksctp-tools' functional tests
//! (`src/func_tests`), written against this crate's API (kernel tests, run in the VM).
//!
//! Each test checks what the scenario of the same name checks, through `SctpStream`,
//! `SctpListener` and `SctpSocket` instead of raw calls. Where a scenario exercises a raw-call
//! error that this API makes impossible (a bad file descriptor, a wrong `addrlen`), the test
//! checks the typed error that takes its place, or says so below.
//!
//! | lksctp-tools scenario | Our test(s) | What is checked |
//! |---|---|---|
//! | `test_1_to_1_accept_close` | [`one_to_one_accept_close`] | accept per client; accept after the client closed; close seen by the peer; `EINVAL` on non-listening and established sockets, `ENOTSOCK` on a file |
//! | `test_1_to_1_addrs` | [`one_to_one_addrs`] | local and peer address lists of listener and streams; an unconnected socket, a TCP socket (`EOPNOTSUPP`) and a file (`ENOTSOCK`) |
//! | `test_1_to_1_connect` | [`one_to_one_connect`] | connect; refused when the accept queue is full and when nobody listens; `EISCONN` on listening and connected sockets; reconnect after close; bad address lists (typed errors) |
//! | `test_1_to_1_connectx` | [`one_to_one_connectx`] | `connect_multi` (sctp_connectx) with one and several addresses, bad lists |
//! | `test_1_to_1_events` | [`one_to_one_events`] | COMM_UP, SHUTDOWN event, SHUTDOWN_COMP on one-to-one sockets |
//! | `test_1_to_1_initmsg_connect` | [`one_to_one_initmsg_connect`] | `SCTP_INITMSG` before connect decides the negotiated stream counts |
//! | `test_1_to_1_nonblock` | [`one_to_one_nonblock`] | nonblocking accept and receive give `WouldBlock`, then succeed |
//! | `test_1_to_1_recvfrom` | [`one_to_one_recvfrom`] | `Read` on a stream; after a shutdown: end on the peer, queued data then end on the sender; a listening socket (the kernel's `ENOTCONN`, reported as the end), `ENOTSOCK` on a file |
//! | `test_1_to_1_recvmsg` | [`one_to_one_recvmsg`] | receive with metadata (stream, ppid, SSN, sender), end of stream |
//! | `test_1_to_1_rtoinfo` | [`one_to_one_rtoinfo`] | `SCTP_RTOINFO` get/set on a connected stream, invalid values refused |
//! | `test_1_to_1_send` | [`one_to_one_send`] | send and `Write` both ways, part of a buffer, stream beyond the count; `EPIPE` (or `ESHUTDOWN` while the shutdown handshake runs) on an association the peer closed, `EPIPE` after shutdown and on a listening socket; `ENOTSOCK` on a file |
//! | `test_1_to_1_sendmsg` | [`one_to_one_sendmsg`] | send with stream, ppid, context and unordered flag; EOF and ABORT flags refused on one-to-one |
//! | `test_1_to_1_sendto` | [`one_to_one_sendto`] | sending both ways on a connected pair (the address is the association's), part of a buffer, sending to a listener without connecting (`send_to` of a one-to-many socket) |
//! | `test_1_to_1_shutdown` | [`one_to_one_shutdown`] | SHUT_WR (`shutdown`): peer reads the end, no more sending, queued data still readable; SHUT_RD; SHUT_RDWR; `ENOTCONN` without an association |
//! | `test_1_to_1_socket_bind_listen` | [`one_to_one_socket_bind_listen`] | bind to port 0, to the wildcard, to a port in use, to an address not local, twice; IPv6 |
//! | `test_1_to_1_sockopt` | [`one_to_one_sockopt`] | the SCTP options on a connected one-to-one socket (status, path info and parameters, primary, association parameters, delayed SACK, default send info, maxseg, nodelay, adaptation, fragments), INITMSG per socket, one-to-many-only options refused, SO_LINGER/SO_RCVBUF/SO_SNDBUF |
//! | `test_1_to_1_threads` | [`one_to_one_threads`] | one stream shared by 10 threads, 10 rounds of send/receive |
//! | `test_assoc_abort` | [`assoc_abort`] | aborting associations of a one-to-many socket; the peers get COMM_LOST |
//! | `test_assoc_shutdown` | [`assoc_shutdown`] | graceful shutdown of associations of a one-to-many socket; SHUTDOWN_COMP on both ends |
//! | `test_autoclose` | [`autoclose`] | `SCTP_AUTOCLOSE` closes an idle association |
//! | `test_basic` | [`basic_ipv4`], [`basic_ipv6`] | one-to-many exchange: implicit setup, COMM_UP, data both ways with stream and ppid, shutdown |
//! | `test_connect` | [`one_to_many_connect`] | `connect` on one-to-many sockets returns the association; a second connect to the same peer fails |
//! | `test_connectx` | [`one_to_many_connectx`] | `connect` with several addresses of a multi-homed peer; both addresses in the peer list |
//! | `test_fragments` | [`fragments`] | messages from 1 byte to 64 KiB fragmented and reassembled intact; disable fragments |
//! | `test_getname` | [`getname`] | local and peer names on wildcard listeners and connected pairs (IPv4, IPv6) and one-to-many sockets; `ENOTCONN` without a peer, `ENOTSOCK` on a file |
//! | `test_inaddr_any` | [`inaddr_any`] | listening on the wildcard address (IPv4 and IPv6), exchange over loopback |
//! | `test_interleave` | [`interleave`] | fragment interleave and I-DATA get/set, negotiation, data intact |
//! | `test_peeloff` | [`peeloff`] | peel associations off to streams, exchange on them, the original socket lets go; bad ids refused; a peeled-off socket neither listens nor peels off; closing ends the associations |
//! | `test_re_conf` | [`re_conf`] | enable stream reset (all three), reset streams in and out, reset association, add streams |
//! | `test_recvmsg` | [`recvmsg_partial`] | a 30000-byte message read in 2000-byte pieces; complete only with the last piece |
//! | `test_sctp_sendrecvmsg` | [`sendrecvmsg`], [`timetolive`] | send information (stream, ppid, context, unordered, TTL, association id) and what the receiver sees; the lifetime part is `timetolive` |
//! | `test_sctp_sendvrecvv` | [`sendvrecvv`] | send with SNDINFO, PRINFO and AUTHINFO together; RCVINFO and NXTINFO switches on receive |
//! | `test_sockopt` | [`sockopt_one_to_many`] | STATUS without and with an association; endpoint path parameters and delayed SACK as one setting; defaults of new sockets; bad association ids and addresses refused; INITMSG; default send parameters per endpoint and association; settings kept by a peeled-off association |
//! | `test_tcp_style` | [`tcp_style`] | the TCP-like life cycle: several clients, `Read`/`Write`, names, shutdown |
//! | `test_timetolive` | [`timetolive`] | messages with a lifetime (one whole, one in fragments) expire while the window is closed, the one without arrives, SEND_FAILED returns the data of each |
//!
//! `MSG_PEEK` (part of `test_recvmsg`) has no counterpart in this crate's API and is not tested.

mod common;

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::os::fd::OwnedFd;
use std::time::{Duration, Instant};

use sctp::notify::{AssocState as Change, Notification};
use sctp::{
    AssocId, AssocState, DefaultSendInfo, DelayedSack, Error, Event, InitParams, PeerAddrFlags,
    PeerAddrParams, PrPolicy, Received, ResetDirection, RtoInfo, SctpListener, SctpSocket,
    SctpStream, SendFlags, SendInfo, StreamResetFlags,
};
use socket2::{Domain, Protocol, SockRef, Socket, Type};

const TIMEOUT: Duration = Duration::from_secs(10);
const V4: &str = "127.0.0.1:0";
const V6: &str = "[::1]:0";

fn addr(s: &str) -> SocketAddr {
    s.parse().unwrap()
}

fn listener(local: &str) -> SctpListener {
    let l = SctpListener::bind(addr(local)).expect("SCTP listener (does the kernel have SCTP?)");
    l.set_read_timeout(Some(TIMEOUT)).unwrap();
    l
}

fn timeouts(s: &SctpStream) {
    s.set_read_timeout(Some(TIMEOUT)).unwrap();
    s.set_write_timeout(Some(TIMEOUT)).unwrap();
}

fn connect(to: SocketAddr) -> SctpStream {
    let s = SctpStream::connect(to).expect("connect");
    timeouts(&s);
    s
}

fn accept(l: &SctpListener) -> SctpStream {
    let (s, _) = l.accept().expect("accept");
    timeouts(&s);
    s
}

fn pair(local: &str) -> (SctpStream, SctpStream) {
    let l = listener(local);
    let c = connect(l.local_addr().unwrap());
    (c, accept(&l))
}

fn many(local: &str) -> SctpSocket {
    let s = SctpSocket::bind(addr(local)).expect("SCTP one-to-many socket");
    s.set_read_timeout(Some(TIMEOUT)).unwrap();
    s.set_write_timeout(Some(TIMEOUT)).unwrap();
    s
}

/// A socket of either style that receives.
trait Recv {
    fn recv_into<'b>(&self, buf: &'b mut [u8]) -> Result<Received<'b>, Error>;
}

impl Recv for SctpStream {
    fn recv_into<'b>(&self, buf: &'b mut [u8]) -> Result<Received<'b>, Error> {
        self.recv(buf)
    }
}

impl Recv for SctpSocket {
    fn recv_into<'b>(&self, buf: &'b mut [u8]) -> Result<Received<'b>, Error> {
        self.recv(buf)
    }
}

/// A received message, owned.
#[derive(Debug, PartialEq)]
struct Msg {
    data: Vec<u8>,
    stream: u16,
    ppid: u32,
    ssn: Option<u16>,
    assoc: AssocId,
    unordered: bool,
    complete: bool,
}

/// The next user message, skipping notifications.
fn data(s: &impl Recv) -> Msg {
    let mut buf = vec![0u8; 70_000];
    loop {
        match s.recv_into(&mut buf).expect("recv") {
            Received::Data(m) => {
                return Msg {
                    data: m.data().to_vec(),
                    stream: m.stream(),
                    ppid: m.ppid(),
                    ssn: m.rcv_info().map(|r| r.ssn),
                    assoc: m.assoc_id(),
                    unordered: m.is_unordered(),
                    complete: m.is_complete(),
                };
            }
            Received::Notification(_) => {}
        }
    }
}

/// Waits for an association change to `state`, skipping everything else; returns its
/// association id.
fn assoc_change(s: &impl Recv, state: Change) -> u32 {
    let mut buf = vec![0u8; 70_000];
    let deadline = Instant::now() + TIMEOUT;
    while Instant::now() < deadline {
        if let Received::Notification(Notification::AssocChange(a)) = s
            .recv_into(&mut buf)
            .expect("recv (waiting for an association change)")
        {
            if a.state() == state {
                return a.assoc_id();
            }
        }
    }
    panic!("no association change to {state:?}");
}

/// Waits for a notification that satisfies `pred`.
fn notification(s: &impl Recv, mut pred: impl FnMut(&Notification<'_>) -> bool) {
    let mut buf = vec![0u8; 70_000];
    let deadline = Instant::now() + TIMEOUT;
    while Instant::now() < deadline {
        if let Received::Notification(n) = s.recv_into(&mut buf).expect("recv") {
            if pred(&n) {
                return;
            }
        }
    }
    panic!("notification did not arrive");
}

fn io_errno<T: std::fmt::Debug>(r: Result<T, Error>) -> i32 {
    match r {
        Err(Error::Io(e)) => e.raw_os_error().expect("an OS error"),
        other => panic!("expected an OS error, got {other:?}"),
    }
}

fn io_errno_std<T: std::fmt::Debug>(r: std::io::Result<T>) -> i32 {
    r.expect_err("expected an error")
        .raw_os_error()
        .expect("an OS error")
}

/// Reads until the peer's end of stream (an empty message) or an error.
fn reaches_eof(s: &SctpStream) -> bool {
    let mut buf = [0u8; 4096];
    let deadline = Instant::now() + TIMEOUT;
    while Instant::now() < deadline {
        match s.recv(&mut buf) {
            Ok(Received::Data(m)) if m.data().is_empty() => return true,
            Ok(_) => {}
            Err(_) => return true,
        }
    }
    false
}

// ---- one-to-one ------------------------------------------------------------------------------

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn one_to_one_accept_close() {
    let l = listener(V4);
    let to = l.local_addr().unwrap();
    // Several clients, each accepted on its own stream, in order.
    let clients: Vec<SctpStream> = (0..3).map(|_| connect(to)).collect();
    for c in &clients {
        let s = accept(&l);
        assert_eq!(s.peer_addr().unwrap(), c.local_addr().unwrap());
    }
    // A client that closes before being accepted is still accepted; the stream then ends.
    let early = connect(to);
    early.send(b"bye", &SendInfo::new()).unwrap();
    drop(early);
    let s = accept(&l);
    assert_eq!(data(&s).data, b"bye");
    assert!(reaches_eof(&s));
    // Closing the accepted stream ends the client's.
    let c = connect(to);
    drop(accept(&l));
    assert!(reaches_eof(&c));
    // Accept on a one-to-one socket that does not listen.
    let raw = Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::SCTP)).unwrap();
    let not_listening = SctpListener::from(OwnedFd::from(raw));
    assert_eq!(io_errno_std(not_listening.accept()), libc::EINVAL);
    // Nor does an established one, and a file is no socket at all.
    let c = connect(to);
    let established = SctpListener::from(OwnedFd::from(accept(&l)));
    assert_eq!(io_errno_std(established.accept()), libc::EINVAL);
    drop(c);
    let file = std::fs::File::open("/proc/self/stat").unwrap();
    let not_socket = SctpListener::from(OwnedFd::from(file));
    assert_eq!(io_errno_std(not_socket.accept()), libc::ENOTSOCK);
    // The listener keeps accepting.
    let more: Vec<SctpStream> = (0..4).map(|_| connect(to)).collect();
    for _ in &more {
        accept(&l);
    }
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn one_to_one_addrs() {
    for local in [V4, V6] {
        let l = listener(local);
        let to = l.local_addr().unwrap();
        assert_eq!(l.local_addrs().unwrap(), vec![to]);
        let c = connect(to);
        let s = accept(&l);
        assert_eq!(c.peer_addrs().unwrap(), vec![to]);
        assert_eq!(s.local_addrs().unwrap(), vec![to]);
        // The client bound implicitly to every local address, so the server sees all of them
        // (on IPv6 also the IPv4 ones, mapped); the one it connected from is among them. The
        // kernel adds the interface index to IPv6 loopback addresses, so compare IP and port.
        let same = |a: &SocketAddr, b: &SocketAddr| a.ip() == b.ip() && a.port() == b.port();
        let client = c.local_addr().unwrap();
        let seen = s.peer_addrs().unwrap();
        assert!(
            seen.iter().any(|a| same(a, &client)),
            "{client} in {seen:?}"
        );
        let own = c.local_addrs().unwrap();
        assert!(own.iter().any(|a| same(a, &client)), "{client} in {own:?}");
        assert_eq!(seen.len(), own.len());
        // A socket without an association has no peer addresses.
        let raw = Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::SCTP)).unwrap();
        let lone = SctpStream::from(OwnedFd::from(raw));
        assert!(lone.peer_addrs().map(|a| a.is_empty()).unwrap_or(true));
    }
    // A descriptor that is not an SCTP socket (wrapping is unchecked): the kernel's answer
    // comes back as the error. A bad descriptor cannot be made in safe Rust.
    let tcp = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    let not_sctp = SctpStream::from(OwnedFd::from(tcp));
    assert_eq!(io_errno(not_sctp.local_addrs()), libc::EOPNOTSUPP);
    assert_eq!(io_errno(not_sctp.peer_addrs()), libc::EOPNOTSUPP);
    let file = std::fs::File::open("/proc/self/stat").unwrap();
    let not_socket = SctpStream::from(OwnedFd::from(file));
    assert_eq!(io_errno(not_socket.local_addrs()), libc::ENOTSOCK);
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn one_to_one_connect() {
    let l = listener(V4);
    let to = l.local_addr().unwrap();
    // An accept queue of one: Linux refuses an INIT once more than one association waits.
    SockRef::from(&l).listen(1).unwrap();
    let waiting: Vec<SctpStream> = (0..2).map(|_| connect(to)).collect();
    assert_eq!(
        io_errno(SctpStream::connect(to)),
        libc::ECONNREFUSED,
        "queue full"
    );
    let accepted: Vec<SctpStream> = waiting.iter().map(|_| accept(&l)).collect();
    waiting[0].send(b"hi", &SendInfo::new()).unwrap();
    assert!(
        accepted
            .iter()
            .any(|s| s.peer_addr().unwrap() == waiting[0].local_addr().unwrap())
    );
    // Nobody listens on this port: refused.
    let closed = {
        let l2 = listener(V4);
        l2.local_addr().unwrap()
    };
    assert_eq!(io_errno(SctpStream::connect(closed)), libc::ECONNREFUSED);
    // Neither a listening nor a connected socket can connect again.
    assert_eq!(
        io_errno_std(SockRef::from(&l).connect(&to.into())),
        libc::EISCONN
    );
    assert_eq!(
        io_errno_std(SockRef::from(&waiting[0]).connect(&to.into())),
        libc::EISCONN
    );
    // After the associations close, a new one to the same listener comes up.
    drop(waiting);
    drop(accepted);
    let again = connect(to);
    let s = accept(&l);
    again.send(b"again", &SendInfo::new()).unwrap();
    assert_eq!(data(&s).data, b"again");
    // Address lists the kernel would refuse are caught before the call.
    assert!(matches!(
        SctpStream::connect_multi(&[]),
        Err(Error::EmptyAddressList)
    ));
    assert!(matches!(
        SctpStream::connect_multi(&[to, addr("[::1]:1")]),
        Err(Error::MixedAddressFamilies)
    ));
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn one_to_one_connectx() {
    let l = SctpListener::bind_multi(&[addr("127.0.0.1:0")]).unwrap();
    let port = l.local_addr().unwrap().port();
    l.set_read_timeout(Some(TIMEOUT)).unwrap();
    let to = SocketAddr::new(addr("127.0.0.1:0").ip(), port);
    let c = SctpStream::connect_multi(&[to]).unwrap();
    timeouts(&c);
    let s = accept(&l);
    c.send(b"x", &SendInfo::new()).unwrap();
    assert_eq!(data(&s).data, b"x");
    // Several addresses of the peer: the listener is bound to the first only; the association
    // comes up on it.
    let c2 = SctpStream::connect_multi(&[to, addr(&format!("127.0.0.2:{port}"))]).unwrap();
    timeouts(&c2);
    let s2 = accept(&l);
    c2.send(b"y", &SendInfo::new()).unwrap();
    assert_eq!(data(&s2).data, b"y");
    assert!(matches!(
        SctpStream::connect_multi(&[]),
        Err(Error::EmptyAddressList)
    ));
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn one_to_one_events() {
    let l = listener(V4);
    l.subscribe(&[Event::AssocChange, Event::Shutdown]).unwrap();
    let raw = Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::SCTP)).unwrap();
    let c = SctpStream::from(OwnedFd::from(raw));
    c.subscribe(&[Event::AssocChange, Event::Shutdown]).unwrap();
    SockRef::from(&c)
        .connect(&l.local_addr().unwrap().into())
        .unwrap();
    timeouts(&c);
    let s = accept(&l);
    assoc_change(&c, Change::CommUp);
    assoc_change(&s, Change::CommUp);
    c.send(b"data", &SendInfo::new()).unwrap();
    assert_eq!(data(&s).data, b"data");
    c.shutdown(std::net::Shutdown::Write).unwrap();
    notification(&s, |n| matches!(n, Notification::Shutdown(_)));
    assoc_change(&c, Change::ShutdownComplete);
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn one_to_one_initmsg_connect() {
    let l = listener(V4);
    l.set_init_params(
        &InitParams::new()
            .with_outbound_streams(7)
            .with_max_inbound_streams(5),
    )
    .unwrap();
    let raw = Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::SCTP)).unwrap();
    let c = SctpStream::from(OwnedFd::from(raw));
    c.set_init_params(
        &InitParams::new()
            .with_outbound_streams(10)
            .with_max_inbound_streams(3)
            .with_max_attempts(2)
            .with_max_init_timeout_ms(1000),
    )
    .unwrap();
    SockRef::from(&c)
        .connect(&l.local_addr().unwrap().into())
        .unwrap();
    timeouts(&c);
    let s = accept(&l);
    // Client asks 10 out, server takes at most 5 in; server offers 7 out, client takes 3.
    let cs = c.status().unwrap();
    assert_eq!((cs.out_streams, cs.in_streams), (5, 3));
    let ss = s.status().unwrap();
    assert_eq!((ss.out_streams, ss.in_streams), (3, 5));
    // A stream beyond the negotiated count is refused with the typed error.
    assert!(matches!(
        c.send(b"x", &SendInfo::new().with_stream(5)),
        Err(Error::InvalidStream {
            stream: 5,
            streams: 5
        })
    ));
    c.send(b"x", &SendInfo::new().with_stream(4)).unwrap();
    assert_eq!(data(&s).stream, 4);
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn one_to_one_nonblock() {
    let l = listener(V4);
    l.set_nonblocking(true).unwrap();
    assert!(l.nonblocking().unwrap());
    let would_block = l.accept().expect_err("no client yet");
    assert_eq!(would_block.kind(), std::io::ErrorKind::WouldBlock);
    let c = connect(l.local_addr().unwrap());
    let deadline = Instant::now() + TIMEOUT;
    let s = loop {
        match l.accept() {
            Ok((s, _)) => break s,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                assert!(Instant::now() < deadline);
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(e) => panic!("accept: {e}"),
        }
    };
    s.set_nonblocking(true).unwrap();
    let mut buf = [0u8; 64];
    match s.recv(&mut buf) {
        Err(Error::Io(e)) if e.kind() == std::io::ErrorKind::WouldBlock => {}
        other => panic!("expected WouldBlock, got {other:?}"),
    }
    c.send(b"now", &SendInfo::new()).unwrap();
    let deadline = Instant::now() + TIMEOUT;
    loop {
        match s.recv(&mut buf) {
            Ok(Received::Data(m)) => {
                assert_eq!(m.data(), b"now");
                break;
            }
            Ok(Received::Notification(_)) => {}
            Err(Error::Io(e)) if e.kind() == std::io::ErrorKind::WouldBlock => {
                assert!(Instant::now() < deadline);
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(e) => panic!("recv: {e}"),
        }
    }
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn one_to_one_recvfrom() {
    let (c, s) = pair(V4);
    (&c).write_all(b"hello, world").unwrap();
    let mut buf = [0u8; 64];
    let n = (&s).read(&mut buf).unwrap();
    assert_eq!(&buf[..n], b"hello, world");
    // The client shuts down with a message for it still queued: the server reads the end,
    // the client still reads the message, then the end.
    s.send(b"pending", &SendInfo::new()).unwrap();
    std::thread::sleep(Duration::from_millis(100));
    c.shutdown(std::net::Shutdown::Write).unwrap();
    assert_eq!(
        (&s).read(&mut buf).unwrap(),
        0,
        "end of stream after the peer's shutdown"
    );
    let n = (&c).read(&mut buf).unwrap();
    assert_eq!(&buf[..n], b"pending");
    assert_eq!(
        (&c).read(&mut buf).unwrap(),
        0,
        "nothing more: end of stream"
    );
    // Descriptors that cannot receive: a listening socket, a file.
    // The kernel answers `ENOTCONN` on a listening socket; a stream reports that as its end.
    let listening = SctpStream::from(OwnedFd::from(listener(V4)));
    match listening.recv(&mut buf) {
        Ok(Received::Data(m)) => assert!(m.data().is_empty() && m.is_complete()),
        other => panic!("expected the end of the stream, got {other:?}"),
    }
    let file = std::fs::File::open("/proc/self/stat").unwrap();
    let not_socket = SctpStream::from(OwnedFd::from(file));
    assert_eq!(io_errno(not_socket.recv(&mut buf)), libc::ENOTSOCK);
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn one_to_one_recvmsg() {
    for local in [V4, V6] {
        let (c, s) = pair(local);
        c.send(b"first", &SendInfo::new().with_stream(2).with_ppid(1234))
            .unwrap();
        c.send(b"second", &SendInfo::new().with_stream(2).with_ppid(1234))
            .unwrap();
        let mut buf = [0u8; 64];
        let Received::Data(m) = s.recv_from(&mut buf).unwrap() else {
            panic!("data expected")
        };
        assert_eq!((m.data(), m.stream(), m.ppid()), (&b"first"[..], 2, 1234));
        assert!(m.is_complete());
        assert_eq!(m.rcv_info().unwrap().ssn, 0);
        assert_eq!(m.from(), Some(c.local_addr().unwrap()));
        let m = data(&s);
        assert_eq!((m.data, m.ssn), (b"second".to_vec(), Some(1)));
        c.shutdown(std::net::Shutdown::Write).unwrap();
        assert!(reaches_eof(&s));
    }
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn one_to_one_rtoinfo() {
    let (c, _s) = pair(V4);
    let rto = RtoInfo::new(
        Duration::from_millis(1000),
        Duration::from_millis(5000),
        Duration::from_millis(500),
    );
    c.set_rto_info(&rto).unwrap();
    assert_eq!(c.rto_info().unwrap(), rto);
    let mut bad = rto;
    bad.min = Duration::from_millis(6000);
    assert!(matches!(
        c.set_rto_info(&bad),
        Err(Error::InvalidOptionValue { .. })
    ));
    assert_eq!(c.rto_info().unwrap(), rto, "unchanged after a refused set");
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn one_to_one_send() {
    let l = listener(V4);
    let to = l.local_addr().unwrap();
    let (c, s) = (connect(to), accept(&l));
    assert_eq!(c.send(b"send", &SendInfo::new()).unwrap(), 4);
    assert_eq!((&c).write(b"write").unwrap(), 5);
    assert_eq!(data(&s).data, b"send");
    assert_eq!(data(&s).data, b"write");
    s.send(b"back", &SendInfo::new()).unwrap();
    assert_eq!(data(&c).data, b"back");
    let message = b"hello, world!";
    c.send(&message[..5], &SendInfo::new()).unwrap();
    assert_eq!(data(&s).data, b"hello");
    let streams = c.status().unwrap().out_streams;
    assert!(matches!(
        c.send(b"x", &SendInfo::new().with_stream(streams)),
        Err(Error::InvalidStream { .. })
    ));
    // An association the peer closed before it was accepted.
    let gone = connect(to);
    gone.send(b"x", &SendInfo::new()).unwrap();
    drop(gone);
    let orphan = accept(&l);
    assert!(reaches_eof(&orphan));
    // Once the end is read the association is closing or closed: Linux refuses the send with
    // ESHUTDOWN while the shutdown handshake is still going on, EPIPE once it is over (which
    // of the two a run sees is timing).
    let late = io_errno(orphan.send(b"late", &SendInfo::new()));
    assert!(
        late == libc::EPIPE || late == libc::ESHUTDOWN,
        "send after the end: errno {late}"
    );
    // Our own shutdown.
    c.shutdown(std::net::Shutdown::Write).unwrap();
    assert!(reaches_eof(&s));
    assert_eq!(io_errno(c.send(b"late", &SendInfo::new())), libc::EPIPE);
    // Descriptors that cannot send: a listening socket, a file (wrapping is unchecked).
    let listening = SctpStream::from(OwnedFd::from(listener(V4)));
    assert_eq!(
        io_errno(listening.send(b"x", &SendInfo::new())),
        libc::EPIPE
    );
    let file = std::fs::File::open("/proc/self/stat").unwrap();
    let not_socket = SctpStream::from(OwnedFd::from(file));
    assert_eq!(
        io_errno(not_socket.send(b"x", &SendInfo::new())),
        libc::ENOTSOCK
    );
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn one_to_one_sendmsg() {
    let (c, s) = pair(V4);
    let info = SendInfo::new()
        .with_stream(3)
        .with_ppid(0xabcd)
        .with_flags(SendFlags::UNORDERED)
        .with_context(9);
    c.send(b"unordered", &info).unwrap();
    let m = data(&s);
    assert_eq!((m.stream, m.ppid, m.unordered), (3, 0xabcd, true));
    // SCTP_EOF and SCTP_ABORT belong to one-to-many sockets; Linux refuses them here.
    for flag in [SendFlags::EOF, SendFlags::ABORT] {
        assert_eq!(
            io_errno(c.send(b"x", &SendInfo::new().with_flags(flag))),
            libc::EINVAL
        );
    }
    // The association is unharmed.
    c.send(b"last", &SendInfo::new().with_stream(1)).unwrap();
    assert_eq!(data(&s).data, b"last");
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn one_to_one_sendto() {
    let l = listener(V4);
    let to = l.local_addr().unwrap();
    // One-to-one: the destination is the association's, no address is given; both ways.
    let c = connect(to);
    let s = accept(&l);
    let message = b"hello, world!\n";
    (&c).write_all(message).unwrap();
    assert_eq!(data(&s).data, message);
    (&s).write_all(message).unwrap();
    assert_eq!(data(&c).data, message);
    // Part of a buffer.
    c.send(&message[..5], &SendInfo::new()).unwrap();
    assert_eq!(data(&s).data, b"hello");
    // Sending to an address without connecting first: on a one-to-many socket `send_to` sets
    // up the association implicitly, and the listener accepts it like any other.
    let m = many(V4);
    m.send_to(message, to, &SendInfo::new()).unwrap();
    let s2 = accept(&l);
    assert_eq!(data(&s2).data, message);
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn one_to_one_shutdown() {
    // SHUT_WR (`shutdown`): the peer reads the end, data already sent to us stays readable.
    let (c, s) = pair(V4);
    s.subscribe(&[Event::Shutdown]).unwrap();
    s.send(b"pending", &SendInfo::new()).unwrap();
    c.send(b"before", &SendInfo::new()).unwrap();
    std::thread::sleep(Duration::from_millis(100));
    c.shutdown(std::net::Shutdown::Write).unwrap();
    assert_eq!(data(&s).data, b"before");
    notification(&s, |n| matches!(n, Notification::Shutdown(_)));
    assert!(reaches_eof(&s));
    assert!(
        c.send(b"after", &SendInfo::new()).is_err(),
        "no sending after shutdown"
    );
    assert_eq!(
        data(&c).data,
        b"pending",
        "received before the shutdown, still readable"
    );
    assert!(reaches_eof(&c));

    // SHUT_RD: reads end at once, sending still works, what the peer sends is not delivered.
    let (c, s) = pair(V4);
    SockRef::from(&c)
        .shutdown(std::net::Shutdown::Read)
        .unwrap();
    let mut buf = [0u8; 64];
    assert_eq!((&c).read(&mut buf).unwrap(), 0);
    c.send(b"still sending", &SendInfo::new()).unwrap();
    assert_eq!(data(&s).data, b"still sending");
    s.send(b"ignored", &SendInfo::new()).unwrap();
    assert_eq!((&c).read(&mut buf).unwrap(), 0);

    // SHUT_RDWR: both ends read the end.
    let (c, s) = pair(V4);
    SockRef::from(&c)
        .shutdown(std::net::Shutdown::Both)
        .unwrap();
    assert!(reaches_eof(&s));
    assert_eq!((&c).read(&mut buf).unwrap(), 0);

    // A socket without an association.
    let raw = Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::SCTP)).unwrap();
    let lone = SctpStream::from(OwnedFd::from(raw));
    assert_eq!(
        io_errno_std(lone.shutdown(std::net::Shutdown::Write)),
        libc::ENOTCONN
    );
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn one_to_one_socket_bind_listen() {
    let l = listener(V4);
    let port = l.local_addr().unwrap().port();
    assert_ne!(port, 0, "port 0 picks a free port");
    assert_eq!(
        io_errno(SctpListener::bind(addr(&format!("127.0.0.1:{port}")))),
        libc::EADDRINUSE
    );
    // A bound socket cannot bind again.
    assert_eq!(
        io_errno_std(SockRef::from(&l).bind(&addr("127.0.0.1:0").into())),
        libc::EINVAL
    );
    // The wildcard address with port 0 binds.
    drop(listener("0.0.0.0:0"));
    // 192.0.2.1 (TEST-NET-1) is not an address of this host.
    assert_eq!(
        io_errno(SctpListener::bind(addr("192.0.2.1:0"))),
        libc::EADDRNOTAVAIL
    );
    let l6 = listener(V6);
    assert!(l6.local_addr().unwrap().is_ipv6());
    let c = connect(l6.local_addr().unwrap());
    drop(accept(&l6));
    drop(c);
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn one_to_one_sockopt() {
    let (c, s) = pair(V4);
    let peer = s.local_addr().unwrap();
    let status = c.status().unwrap();
    assert_eq!(status.state, AssocState::Established);
    assert_eq!(status.primary.unwrap().address, peer);
    assert_eq!(c.peer_addr_info(peer).unwrap().address, peer);
    assert_eq!(c.primary_addr().unwrap(), peer);
    c.set_nodelay(true).unwrap();
    assert!(c.nodelay().unwrap());
    let mut params = c.peer_addr_params(Some(peer)).unwrap();
    params.heartbeat_interval = Duration::from_millis(4000);
    params.flags = PeerAddrFlags::HB_ENABLE;
    c.set_peer_addr_params(&params).unwrap();
    assert_eq!(
        c.peer_addr_params(Some(peer)).unwrap().heartbeat_interval,
        Duration::from_millis(4000)
    );
    let sack = DelayedSack::new(Duration::from_millis(100), 2);
    c.set_delayed_sack(sack).unwrap();
    assert_eq!(c.delayed_sack().unwrap(), sack);
    let info = DefaultSendInfo::new().with_stream(1).with_ppid(5);
    c.set_default_send_info(&info).unwrap();
    assert_eq!(c.default_send_info().unwrap(), info);
    c.set_max_seg(1000).unwrap();
    assert_eq!(c.max_seg().unwrap(), 1000);
    c.set_adaptation_layer(0x1234).unwrap();
    assert_eq!(c.adaptation_layer().unwrap(), 0x1234);
    c.set_disable_fragments(true).unwrap();
    assert!(c.disable_fragments().unwrap());
    c.set_primary(peer).unwrap();
    assert_eq!(c.primary_addr().unwrap(), peer);
    let before = c.assoc_info().unwrap();
    c.set_assoc_info(
        before.max_retrans + 5,
        before.cookie_life + Duration::from_millis(10),
    )
    .unwrap();
    let after = c.assoc_info().unwrap();
    assert_eq!(after.max_retrans, before.max_retrans + 5);
    assert_eq!(
        after.cookie_life,
        before.cookie_life + Duration::from_millis(10)
    );
    // One-to-many only: `EOPNOTSUPP` for autoclose, `EINVAL` for the association list.
    assert_eq!(io_errno(c.autoclose()), libc::EOPNOTSUPP);
    assert_eq!(
        io_errno(c.set_autoclose(Some(Duration::from_secs(5)))),
        libc::EOPNOTSUPP
    );
    assert!(c.assoc_ids().is_err());
    // INITMSG set on one socket is not another's.
    let a = SctpListener::from(OwnedFd::from(
        Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::SCTP)).unwrap(),
    ));
    let b = SctpListener::from(OwnedFd::from(
        Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::SCTP)).unwrap(),
    ));
    let init = InitParams::new()
        .with_outbound_streams(5)
        .with_max_inbound_streams(5)
        .with_max_attempts(3)
        .with_max_init_timeout_ms(30);
    a.set_init_params(&init).unwrap();
    assert_eq!(a.init_params().unwrap(), init);
    assert_ne!(b.init_params().unwrap(), init);
    // SOL_SOCKET options through socket2 on the same descriptor (Linux doubles the buffers).
    let sock = SockRef::from(&c);
    sock.set_linger(Some(Duration::ZERO)).unwrap();
    assert_eq!(sock.linger().unwrap(), Some(Duration::ZERO));
    sock.set_linger(None).unwrap();
    sock.set_recv_buffer_size(4096).unwrap();
    assert_eq!(sock.recv_buffer_size().unwrap(), 8192);
    sock.set_send_buffer_size(4096).unwrap();
    assert_eq!(sock.send_buffer_size().unwrap(), 8192);
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn one_to_one_threads() {
    const THREADS: usize = 10;
    const ROUNDS: usize = 10;
    let (c, s) = pair(V4);
    let message = b"hello, world!\n";
    for _ in 0..ROUNDS {
        std::thread::scope(|scope| {
            for _ in 0..THREADS {
                scope.spawn(|| c.send(message, &SendInfo::new()).unwrap());
            }
            scope.spawn(|| {
                for _ in 0..THREADS {
                    assert_eq!(data(&s).data, message);
                }
            });
        });
    }
}

// ---- one-to-many -----------------------------------------------------------------------------

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn assoc_abort() {
    let server = many(V4);
    server.listen(8).unwrap();
    server.subscribe(&[Event::AssocChange]).unwrap();
    let to = server.local_addr().unwrap();
    let clients: Vec<SctpSocket> = (0..3)
        .map(|_| {
            let c = many(V4);
            c.subscribe(&[Event::AssocChange]).unwrap();
            c.connect(&[to]).unwrap();
            assoc_change(&c, Change::CommUp);
            c
        })
        .collect();
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(AssocId::from_raw(assoc_change(&server, Change::CommUp)));
    }
    assert_eq!(server.assoc_number().unwrap(), 3);
    for id in &ids {
        server.abort(*id, b"test abort").unwrap();
    }
    for c in &clients {
        let mut buf = vec![0u8; 4096];
        let deadline = Instant::now() + TIMEOUT;
        loop {
            assert!(Instant::now() < deadline);
            if let Received::Notification(Notification::AssocChange(a)) = c.recv(&mut buf).unwrap()
            {
                if a.state() == Change::CommLost {
                    assert!(a.abort_chunk().is_some(), "the ABORT chunk is reported");
                    break;
                }
            }
        }
        assert_eq!(c.assoc_number().unwrap(), 0);
    }
    for _ in 0..3 {
        assoc_change(&server, Change::CommLost);
    }
    assert_eq!(server.assoc_number().unwrap(), 0);
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn assoc_shutdown() {
    let server = many(V4);
    server.listen(8).unwrap();
    server
        .subscribe(&[Event::AssocChange, Event::Shutdown])
        .unwrap();
    let c = many(V4);
    c.subscribe(&[Event::AssocChange, Event::Shutdown]).unwrap();
    let id = c.connect(&[server.local_addr().unwrap()]).unwrap();
    assoc_change(&c, Change::CommUp);
    assoc_change(&server, Change::CommUp);
    c.send(b"x", &SendInfo::new().with_assoc_id(id)).unwrap();
    assert_eq!(data(&server).data, b"x");
    c.shutdown(id).unwrap();
    notification(&server, |n| matches!(n, Notification::Shutdown(_)));
    assoc_change(&server, Change::ShutdownComplete);
    assoc_change(&c, Change::ShutdownComplete);
    assert_eq!(c.assoc_number().unwrap(), 0);
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn autoclose() {
    let server = many(V4);
    server.listen(8).unwrap();
    server.set_autoclose(Some(Duration::from_secs(1))).unwrap();
    assert_eq!(server.autoclose().unwrap(), Some(Duration::from_secs(1)));
    server.subscribe(&[Event::AssocChange]).unwrap();
    let c = many(V4);
    c.subscribe(&[Event::AssocChange]).unwrap();
    c.send_to(b"once", server.local_addr().unwrap(), &SendInfo::new())
        .unwrap();
    assoc_change(&server, Change::CommUp);
    assert_eq!(data(&server).data, b"once");
    let idle = Instant::now();
    assoc_change(&server, Change::ShutdownComplete);
    assert!(idle.elapsed() >= Duration::from_millis(800));
    assoc_change(&c, Change::ShutdownComplete);
}

fn basic(local: &str) {
    let server = many(local);
    server.listen(8).unwrap();
    server.subscribe(&[Event::AssocChange]).unwrap();
    let c = many(local);
    c.subscribe(&[Event::AssocChange]).unwrap();
    let to = server.local_addr().unwrap();
    c.send_to(b"hello", to, &SendInfo::new().with_stream(1).with_ppid(77))
        .unwrap();
    let server_id = assoc_change(&server, Change::CommUp);
    let client_id = assoc_change(&c, Change::CommUp);
    let m = data(&server);
    assert_eq!(
        (m.data.as_slice(), m.stream, m.ppid),
        (&b"hello"[..], 1, 77)
    );
    assert_eq!(m.assoc.as_raw(), server_id);
    for size in [1usize, 100, 1000, 10_000] {
        let payload = vec![size as u8; size];
        server
            .send(
                &payload,
                &SendInfo::new().with_assoc_id(m.assoc).with_stream(0),
            )
            .unwrap();
        let r = data(&c);
        assert_eq!(r.data, payload);
        assert_eq!(r.assoc.as_raw(), client_id);
    }
    c.shutdown(AssocId::from_raw(client_id)).unwrap();
    assoc_change(&server, Change::ShutdownComplete);
    assoc_change(&c, Change::ShutdownComplete);
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn basic_ipv4() {
    basic(V4);
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn basic_ipv6() {
    basic(V6);
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn one_to_many_connect() {
    let server = many(V4);
    server.listen(8).unwrap();
    let to = server.local_addr().unwrap();
    let c = many(V4);
    let id = c.connect(&[to]).unwrap();
    assert!(!id.is_reserved());
    assert_eq!(c.assoc_ids().unwrap(), vec![id]);
    c.send(b"by id", &SendInfo::new().with_assoc_id(id))
        .unwrap();
    assert_eq!(data(&server).data, b"by id");
    // A second association to the same peer is refused.
    assert!(c.connect(&[to]).is_err());
    assert_eq!(c.assoc_number().unwrap(), 1);
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn one_to_many_connectx() {
    // A multi-homed server on two loopback addresses.
    let server = SctpSocket::bind_multi(&[addr("127.0.0.1:0")]).unwrap();
    let port = server.local_addr().unwrap().port();
    let second = addr(&format!("127.0.0.2:{port}"));
    server.add_local_addrs(&[second]).unwrap();
    server.listen(8).unwrap();
    server.set_read_timeout(Some(TIMEOUT)).unwrap();
    let first = addr(&format!("127.0.0.1:{port}"));
    let c = many(V4);
    let id = c.connect(&[first, second]).unwrap();
    let mut peers = c.peer_addrs(id).unwrap();
    peers.sort();
    assert_eq!(peers, vec![first, second]);
    c.send(b"multi", &SendInfo::new().with_assoc_id(id))
        .unwrap();
    assert_eq!(data(&server).data, b"multi");
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn fragments() {
    let server = many(V4);
    server.listen(8).unwrap();
    let c = many(V4);
    c.set_max_seg(AssocId::FUTURE, 1000).unwrap();
    let id = c.connect(&[server.local_addr().unwrap()]).unwrap();
    let frag_point = c.status(id).unwrap().fragmentation_point;
    assert!(frag_point <= 1000);
    for size in [1usize, 500, 999, 1000, 1001, 3000, 10_000, 30_000, 65_000] {
        let payload: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
        c.send(&payload, &SendInfo::new().with_assoc_id(id))
            .unwrap();
        let m = data(&server);
        assert!(m.complete, "{size} bytes delivered whole");
        assert_eq!(m.data, payload, "{size} bytes intact");
    }
    c.set_disable_fragments(true).unwrap();
    let too_big = vec![0u8; frag_point as usize + 1];
    assert_eq!(
        io_errno(c.send(&too_big, &SendInfo::new().with_assoc_id(id))),
        libc::EMSGSIZE
    );
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn getname() {
    for (local, any) in [(V4, "0.0.0.0:0"), (V6, "[::]:0")] {
        // A listener on the wildcard address: a local name, no peer name.
        let l = listener(any);
        let bound = l.local_addr().unwrap();
        assert!(bound.ip().is_unspecified() && bound.port() != 0);
        let peerless = SctpStream::from(OwnedFd::from(listener(any)));
        assert_eq!(io_errno_std(peerless.peer_addr()), libc::ENOTCONN);
        // Connected: each end's local name is the other's peer name.
        let to = SocketAddr::new(addr(local).ip(), bound.port());
        let c = connect(to);
        let s = accept(&l);
        assert_eq!(c.peer_addr().unwrap(), to);
        assert_eq!(c.peer_addr().unwrap(), s.local_addr().unwrap());
        assert_eq!(s.peer_addr().unwrap(), c.local_addr().unwrap());
        // One-to-many: bound name.
        let m = many(local);
        let name = m.local_addr().unwrap();
        assert_eq!(name.ip(), addr(local).ip());
        assert_ne!(name.port(), 0);
    }
    let file = std::fs::File::open("/proc/self/stat").unwrap();
    let not_socket = SctpStream::from(OwnedFd::from(file));
    assert_eq!(io_errno_std(not_socket.local_addr()), libc::ENOTSOCK);
    assert_eq!(io_errno_std(not_socket.peer_addr()), libc::ENOTSOCK);
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn inaddr_any() {
    for (any, loopback) in [("0.0.0.0:0", "127.0.0.1"), ("[::]:0", "::1")] {
        let l = listener(any);
        let port = l.local_addr().unwrap().port();
        let to = SocketAddr::new(loopback.parse().unwrap(), port);
        let c = connect(to);
        let s = accept(&l);
        c.send(b"via any", &SendInfo::new()).unwrap();
        assert_eq!(data(&s).data, b"via any");
        s.send(b"back", &SendInfo::new()).unwrap();
        assert_eq!(data(&c).data, b"back");
    }
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn interleave() {
    let server = many(V4);
    let c = many(V4);
    for s in [&server, &c] {
        s.set_fragment_interleave(true).unwrap();
        assert!(s.fragment_interleave().unwrap());
    }
    let _intl = common::SctpSysctl::set("intl_enable", "1");
    for s in [&server, &c] {
        s.set_interleaving_supported(AssocId::FUTURE, true).unwrap();
        assert!(s.interleaving_supported(AssocId::FUTURE).unwrap());
    }
    server.listen(8).unwrap();
    let id = c.connect(&[server.local_addr().unwrap()]).unwrap();
    assert!(c.interleaving_supported(id).unwrap(), "I-DATA negotiated");
    let payload: Vec<u8> = (0..1000u32).map(|i| i as u8).collect();
    c.send(
        &payload,
        &SendInfo::new()
            .with_assoc_id(id)
            .with_stream(1)
            .with_ppid(3),
    )
    .unwrap();
    let m = data(&server);
    assert_eq!((m.data, m.stream, m.ppid), (payload, 1, 3));
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn peeloff() {
    let server = many(V4);
    server.listen(8).unwrap();
    server.subscribe(&[Event::AssocChange]).unwrap();
    let to = server.local_addr().unwrap();
    let clients: Vec<SctpStream> = (0..2).map(|_| connect(to)).collect();
    let ids = [
        assoc_change(&server, Change::CommUp),
        assoc_change(&server, Change::CommUp),
    ];
    let peeled = server.peeloff(AssocId::from_raw(ids[0])).unwrap();
    timeouts(&peeled);
    assert_eq!(server.assoc_number().unwrap(), 1);
    // Exchange on the peeled-off stream, with whichever client it belongs to.
    let peer = peeled.peer_addr().unwrap();
    let owner = clients
        .iter()
        .find(|c| c.local_addr().unwrap() == peer)
        .expect("owner");
    owner.send(b"to peeled", &SendInfo::new()).unwrap();
    assert_eq!(data(&peeled).data, b"to peeled");
    peeled.send(b"from peeled", &SendInfo::new()).unwrap();
    assert_eq!(data(owner).data, b"from peeled");
    // The other association stays on the one-to-many socket.
    let other = clients
        .iter()
        .find(|c| c.local_addr().unwrap() != peer)
        .unwrap();
    other.send(b"to server", &SendInfo::new()).unwrap();
    let m = data(&server);
    assert_eq!(
        (m.data.as_slice(), m.assoc.as_raw()),
        (&b"to server"[..], ids[1])
    );
    // Peeling off an association that does not exist (or is gone) fails.
    assert!(server.peeloff(AssocId::from_raw(ids[0])).is_err());
    assert!(server.peeloff(AssocId::from_raw(9999)).is_err());
    // A peeled-off socket neither listens nor peels off (wrapping is unchecked).
    assert!(SockRef::from(&peeled).listen(1).is_err());
    let dup = SctpSocket::from(OwnedFd::from(peeled.try_clone().unwrap()));
    assert_eq!(
        io_errno(dup.peeloff(AssocId::from_raw(ids[0]))),
        libc::EINVAL
    );
    drop(dup);
    // Closing the one-to-many socket and the peeled-off one ends both associations.
    for c in &clients {
        c.subscribe(&[Event::AssocChange]).unwrap();
    }
    drop(server);
    drop(peeled);
    for c in &clients {
        assert!(reaches_eof(c));
    }
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn re_conf() {
    let all = StreamResetFlags::RESET_STREAMS
        | StreamResetFlags::RESET_ASSOC
        | StreamResetFlags::ADD_STREAMS;
    let l = listener(V4);
    l.set_reconfig_supported(true).unwrap();
    l.set_enable_stream_reset(all).unwrap();
    assert_eq!(l.enable_stream_reset().unwrap().bits(), 7);
    let raw = Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::SCTP)).unwrap();
    let c = SctpStream::from(OwnedFd::from(raw));
    c.set_reconfig_supported(true).unwrap();
    c.set_enable_stream_reset(all).unwrap();
    c.subscribe(&[Event::StreamReset, Event::AssocReset, Event::StreamChange])
        .unwrap();
    SockRef::from(&c)
        .connect(&l.local_addr().unwrap().into())
        .unwrap();
    timeouts(&c);
    let s = accept(&l);
    assert_eq!(c.enable_stream_reset().unwrap(), all);

    c.reset_streams(ResetDirection::Both, &[0, 1, 2]).unwrap();
    notification(
        &c,
        |n| matches!(n, Notification::StreamReset(r) if !r.denied() && !r.failed()),
    );
    let reset_assoc = || loop {
        match c.reset_assoc() {
            Ok(()) => break,
            // A reconfiguration request is still outstanding.
            Err(Error::Io(e))
                if matches!(
                    e.raw_os_error(),
                    Some(libc::EINPROGRESS) | Some(libc::EAGAIN)
                ) =>
            {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => panic!("reset_assoc: {e:?}"),
        }
    };
    reset_assoc();
    notification(&c, |n| matches!(n, Notification::AssocReset(_)));
    let before = c.status().unwrap();
    loop {
        match c.add_streams(2, 2) {
            Ok(()) => break,
            Err(Error::Io(e))
                if matches!(
                    e.raw_os_error(),
                    Some(libc::EINPROGRESS) | Some(libc::EAGAIN)
                ) =>
            {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => panic!("add_streams: {e:?}"),
        }
    }
    notification(&c, |n| matches!(n, Notification::StreamChange(_)));
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let now = c.status().unwrap();
        if now.out_streams == before.out_streams + 2 && now.in_streams == before.in_streams + 2 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "stream counts {now:?} after adding to {before:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    c.send(
        b"on a new stream",
        &SendInfo::new().with_stream(before.out_streams + 1),
    )
    .unwrap();
    assert_eq!(data(&s).stream, before.out_streams + 1);
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn recvmsg_partial() {
    let server = many(V4);
    server.listen(8).unwrap();
    let c = many(V4);
    let payload: Vec<u8> = (0..30_000u32).map(|i| (i % 253) as u8).collect();
    c.send_to(&payload, server.local_addr().unwrap(), &SendInfo::new())
        .unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 2000];
    for i in 0..15 {
        match server.recv(&mut buf).unwrap() {
            Received::Data(m) => {
                assert_eq!(m.data().len(), 2000);
                assert_eq!(m.is_complete(), i == 14, "piece {i}");
                got.extend_from_slice(m.data());
            }
            Received::Notification(n) => panic!("unexpected {n:?}"),
        }
    }
    assert_eq!(got, payload);
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn sendrecvmsg() {
    for local in [V4, V6] {
        let server = many(local);
        server.listen(8).unwrap();
        let c = many(local);
        let id = c.connect(&[server.local_addr().unwrap()]).unwrap();
        let base = SendInfo::new().with_assoc_id(id);
        c.send(
            b"ordered",
            &base.with_stream(1).with_ppid(10).with_context(5),
        )
        .unwrap();
        let m = data(&server);
        assert_eq!((m.stream, m.ppid, m.unordered), (1, 10, false));
        c.send(
            b"unordered",
            &base.with_stream(2).with_flags(SendFlags::UNORDERED),
        )
        .unwrap();
        let m = data(&server);
        assert_eq!((m.stream, m.unordered), (2, true));
        c.send(b"ttl", &base.with_pr_policy(PrPolicy::Ttl(5000)))
            .unwrap();
        assert_eq!(data(&server).data, b"ttl");
        let big = vec![9u8; 50_000];
        c.send(&big, &base).unwrap();
        assert_eq!(data(&server).data, big);
        // Reply on the server's association id.
        let reply_to = m.assoc;
        server
            .send(
                b"reply",
                &SendInfo::new().with_assoc_id(reply_to).with_ppid(11),
            )
            .unwrap();
        let r = data(&c);
        assert_eq!(
            (r.data.as_slice(), r.ppid, r.assoc),
            (&b"reply"[..], 11, id)
        );
        let streams = c.status(id).unwrap().out_streams;
        assert!(matches!(
            c.send(b"x", &base.with_stream(streams)),
            Err(Error::InvalidStream { .. })
        ));
        // An association id that does not exist.
        assert!(
            c.send(
                b"x",
                &SendInfo::new().with_assoc_id(AssocId::from_raw(4242))
            )
            .is_err()
        );
    }
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn sendvrecvv() {
    let server = many(V4);
    server.listen(8).unwrap();
    let c = many(V4);
    c.set_nodelay(true).unwrap();
    let id = c.connect(&[server.local_addr().unwrap()]).unwrap();
    let base = SendInfo::new().with_assoc_id(id);
    // SNDINFO + PRINFO + AUTHINFO in one call (the combination that breaks libsctp's
    // sctp_sendv). AUTH is not negotiated here, so key 0 is the null key.
    c.send(
        b"all three",
        &base
            .with_stream(1)
            .with_pr_policy(PrPolicy::Rtx(10))
            .with_auth_key(0),
    )
    .unwrap();
    c.send(b"second", &base.with_stream(3)).unwrap();
    c.send(b"third", &base.with_stream(2)).unwrap();
    // NXTINFO describes a message already queued: let all three arrive (no bundling delay
    // on the sender, and time for the VM).
    std::thread::sleep(Duration::from_millis(500));

    let mut buf = [0u8; 256];
    server.set_recv_rcvinfo(false).unwrap();
    match server.recv(&mut buf).unwrap() {
        Received::Data(m) => {
            assert_eq!(m.data(), b"all three");
            assert!(m.rcv_info().is_none(), "RCVINFO off");
        }
        other => panic!("{other:?}"),
    }
    server.set_recv_rcvinfo(true).unwrap();
    server.set_recv_nxtinfo(true).unwrap();
    match server.recv(&mut buf).unwrap() {
        Received::Data(m) => {
            assert_eq!(m.rcv_info().expect("RCVINFO on").stream, 3);
            let next = m.nxt_info().expect("NXTINFO: the next message is queued");
            assert_eq!((next.stream, next.length), (2, 5));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(data(&server).stream, 2);
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn sockopt_one_to_many() {
    let server = many(V4);
    server.listen(8).unwrap();
    let peer = server.local_addr().unwrap();
    // No association yet.
    assert!(matches!(server.status(AssocId::FUTURE), Err(Error::Io(_))));

    // Endpoint defaults: path parameters and the delayed SACK time are one setting.
    let c = many(V4);
    let defaults = c.peer_addr_params(AssocId::FUTURE, None).unwrap();
    let mut params = defaults;
    params.heartbeat_interval = Duration::from_millis(1000);
    params.path_max_retrans = defaults.path_max_retrans + 1;
    params.sack_delay = Duration::from_millis(100);
    params.flags = PeerAddrFlags::HB_ENABLE | PeerAddrFlags::SACKDELAY_ENABLE;
    c.set_peer_addr_params(AssocId::FUTURE, &params).unwrap();
    let got = c.peer_addr_params(AssocId::FUTURE, None).unwrap();
    assert_eq!(got.path_max_retrans, defaults.path_max_retrans + 1);
    assert_eq!(
        c.delayed_sack(AssocId::FUTURE).unwrap().delay,
        Duration::from_millis(100)
    );
    let sack = DelayedSack::new(Duration::from_millis(250), 2);
    c.set_delayed_sack(AssocId::FUTURE, sack).unwrap();
    assert_eq!(
        c.peer_addr_params(AssocId::FUTURE, None)
            .unwrap()
            .sack_delay,
        Duration::from_millis(250)
    );
    // A new socket keeps the system's defaults.
    assert_eq!(
        many(V4)
            .peer_addr_params(AssocId::FUTURE, None)
            .unwrap()
            .path_max_retrans,
        defaults.path_max_retrans
    );
    // An association id that does not exist.
    assert_eq!(
        io_errno(c.set_peer_addr_params(AssocId::from_raw(1234), &params)),
        libc::EINVAL
    );
    // A heartbeat on demand needs an association.
    let demand = PeerAddrParams::new().with_flags(PeerAddrFlags::HB_DEMAND);
    assert_eq!(
        io_errno(c.set_peer_addr_params(AssocId::FUTURE, &demand)),
        libc::EINVAL
    );
    // Default send parameters of the endpoint.
    let endpoint_dflt = DefaultSendInfo::new().with_ppid(1000);
    c.set_default_send_param(AssocId::FUTURE, &endpoint_dflt)
        .unwrap();
    assert_eq!(c.default_send_param(AssocId::FUTURE).unwrap().ppid, 1000);
    assert_eq!(
        io_errno(c.set_default_send_param(AssocId::from_raw(1234), &endpoint_dflt)),
        libc::EINVAL
    );

    c.set_init_params(&InitParams::new().with_outbound_streams(4))
        .unwrap();
    assert_eq!(c.init_params().unwrap().outbound_streams, 4);
    let id = c.connect(&[peer]).unwrap();
    assert_eq!(c.status(id).unwrap().out_streams, 4);
    assert_eq!(c.peer_addr_info(id, peer).unwrap().address, peer);
    assert_eq!(c.primary_addr(id).unwrap(), peer);
    // The association started from the endpoint's defaults.
    assert_eq!(
        c.peer_addr_params(id, Some(peer)).unwrap().path_max_retrans,
        defaults.path_max_retrans + 1
    );
    // Per association and per path; an address that is not the peer's is refused.
    let mut path = c.peer_addr_params(id, Some(peer)).unwrap();
    path.heartbeat_interval = Duration::from_millis(2000);
    path.flags = PeerAddrFlags::HB_ENABLE;
    c.set_peer_addr_params(id, &path).unwrap();
    assert_eq!(
        c.peer_addr_params(id, Some(peer))
            .unwrap()
            .heartbeat_interval,
        Duration::from_millis(2000)
    );
    path.address = Some(c.local_addr().unwrap());
    assert_eq!(io_errno(c.set_peer_addr_params(id, &path)), libc::EINVAL);
    // The server's id for the association is not valid on the client's socket, and the
    // other way round.
    let server_id = server.assoc_ids().unwrap()[0];
    if server_id != id {
        assert!(matches!(c.status(server_id), Err(Error::Io(_))));
    }

    let rto = RtoInfo::new(
        Duration::from_millis(800),
        Duration::from_millis(4000),
        Duration::from_millis(400),
    );
    c.set_rto_info(id, &rto).unwrap();
    assert_eq!(c.rto_info(id).unwrap(), rto);
    assert_ne!(
        c.rto_info(AssocId::FUTURE).unwrap(),
        rto,
        "the endpoint default is separate"
    );
    c.set_assoc_info(id, 12, Duration::from_secs(30)).unwrap();
    assert_eq!(c.assoc_info(id).unwrap().max_retrans, 12);
    // Default send parameters: the endpoint's stay when the association gets its own.
    let assoc_dflt = DefaultSendInfo::new().with_stream(2).with_ppid(3000);
    c.set_default_send_param(id, &assoc_dflt).unwrap();
    assert_eq!(c.default_send_param(id).unwrap(), assoc_dflt);
    assert_eq!(c.default_send_param(AssocId::FUTURE).unwrap().ppid, 1000);
    c.set_max_seg(id, 1200).unwrap();
    assert_eq!(c.max_seg(id).unwrap(), 1200);
    // A peeled-off association keeps its settings.
    let peeled = c.peeloff(id).unwrap();
    assert_eq!(peeled.status().unwrap().out_streams, 4);
    assert_eq!(peeled.rto_info().unwrap(), rto);
    assert_eq!(peeled.max_seg().unwrap(), 1200);
    assert_eq!(peeled.default_send_param().unwrap(), assoc_dflt);
    assert_eq!(c.assoc_number().unwrap(), 0);
    assert!(c.status(id).is_err(), "the association left the socket");
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn tcp_style() {
    for local in [V4, V6] {
        let l = listener(local);
        let to = l.local_addr().unwrap();
        let c1 = connect(to);
        let c2 = connect(to);
        let s1 = accept(&l);
        let s2 = accept(&l);
        assert_eq!(s1.peer_addr().unwrap(), c1.local_addr().unwrap());
        assert_eq!(s2.peer_addr().unwrap(), c2.local_addr().unwrap());
        (&c1).write_all(b"one").unwrap();
        (&c2).write_all(b"two").unwrap();
        let mut buf = [0u8; 16];
        let n = (&s1).read(&mut buf).unwrap();
        assert_eq!(&buf[..n], b"one");
        let n = (&s2).read(&mut buf).unwrap();
        assert_eq!(&buf[..n], b"two");
        (&s1).write_all(b"back").unwrap();
        let n = (&c1).read(&mut buf).unwrap();
        assert_eq!(&buf[..n], b"back");
        c1.shutdown(std::net::Shutdown::Write).unwrap();
        assert_eq!((&s1).read(&mut buf).unwrap(), 0);
        drop(s2);
        assert_eq!((&c2).read(&mut buf).unwrap(), 0);
    }
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn timetolive() {
    const SMALL_RCVBUF: usize = 3000;
    let server = many(V4);
    SockRef::from(&server)
        .set_recv_buffer_size(SMALL_RCVBUF)
        .unwrap();
    server.listen(1).unwrap();
    let c = many(V4);
    c.set_max_seg(AssocId::FUTURE, 500).unwrap();
    c.subscribe(&[Event::SendFailedEvent]).unwrap();
    let id = c.connect(&[server.local_addr().unwrap()]).unwrap();
    let base = SendInfo::new().with_assoc_id(id).with_stream(1);
    c.send(b"hello", &base).unwrap();
    assert_eq!(data(&server).data, b"hello");

    // Fill the peer's window, then queue a message with a lifetime and one without.
    let rwnd = c.status(id).unwrap().rwnd as usize;
    let fill = vec![b'X'; rwnd + 100];
    c.send(&fill, &base).unwrap();
    let ttl_msg = b"This should time out!";
    let keep_msg = b"This should NOT time out!";
    c.send(ttl_msg, &base.with_pr_policy(PrPolicy::Ttl(1000)))
        .unwrap();
    c.send(keep_msg, &base).unwrap();
    // And a message in several fragments (maxseg 500) that expires too.
    let ttl_frag: Vec<u8> = (0..1500u32).map(|i| b'0' + (i % 10) as u8).collect();
    c.send(&ttl_frag, &base.with_pr_policy(PrPolicy::Ttl(1000)))
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));

    // The fill message (possibly in pieces), then the message without a lifetime.
    let mut buf = vec![0u8; 70_000];
    let mut filled = 0;
    while filled < fill.len() {
        match server.recv(&mut buf).unwrap() {
            Received::Data(m) => filled += m.data().len(),
            Received::Notification(_) => {}
        }
    }
    assert_eq!(filled, fill.len());
    assert_eq!(
        data(&server).data,
        keep_msg,
        "the message with a lifetime never arrives"
    );

    // The sender is told, with the data: the small message, then the fragmented one, one
    // notification per fragment (Linux), whose pieces put together are the message.
    notification(&c, |n| match n {
        Notification::SendFailedEvent(f) => {
            assert_eq!(f.unsent_data(), ttl_msg);
            true
        }
        _ => false,
    });
    let mut returned = Vec::new();
    while returned.len() < ttl_frag.len() {
        notification(&c, |n| match n {
            Notification::SendFailedEvent(f) => {
                assert!(f.unsent_data().len() <= 500, "one fragment at a time");
                returned.extend_from_slice(f.unsent_data());
                true
            }
            _ => false,
        });
    }
    assert_eq!(returned, ttl_frag);
}

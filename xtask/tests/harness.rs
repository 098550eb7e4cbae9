//! Kernel tests proving the test harness end to end, with raw sockets (libc and socket2 only).
//!
//! They need kernel SCTP, so they follow the project's convention: `#[ignore = "needs kernel SCTP: …"]`.
//! `cargo test` on a host without SCTP reports them as ignored; `cargo xtask test` runs them in the VM,
//! where they fail (never skip) if SCTP is missing. The network-namespace test is the pattern the
//! multi-homing and path-failure tests of the `sctp` crate follow.

use std::mem::MaybeUninit;
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4};
use std::os::fd::AsRawFd;
use std::process::Command;
use std::time::Duration;

use socket2::{Domain, Protocol, SockAddr, Socket, Type};

/// `SOL_SCTP` from `netinet/sctp.h` (equal to IPPROTO_SCTP).
const SOL_SCTP: libc::c_int = 132;
/// `SCTP_GET_ASSOC_NUMBER` (linux/sctp.h).
const SCTP_GET_ASSOC_NUMBER: libc::c_int = 28;
/// `SCTP_SOCKOPT_BINDX_ADD` (linux/sctp.h): what `sctp_bindx(…, SCTP_BINDX_ADD_ADDR)` calls.
const SCTP_SOCKOPT_BINDX_ADD: libc::c_int = 100;
/// `SCTP_GET_PEER_ADDRS` (linux/sctp.h).
const SCTP_GET_PEER_ADDRS: libc::c_int = 108;
/// `SCTP_GET_LOCAL_ADDRS` (linux/sctp.h).
const SCTP_GET_LOCAL_ADDRS: libc::c_int = 109;

const TIMEOUT: Duration = Duration::from_secs(10);

fn sctp_socket(domain: Domain, ty: Type) -> Socket {
    let s = Socket::new(domain, ty, Some(Protocol::SCTP))
        .expect("socket(IPPROTO_SCTP) failed: this kernel has no SCTP");
    s.set_read_timeout(Some(TIMEOUT)).unwrap();
    s.set_write_timeout(Some(TIMEOUT)).unwrap();
    s
}

fn recv_from(s: &Socket) -> (Vec<u8>, SocketAddr) {
    let mut buf = [MaybeUninit::<u8>::uninit(); 2048];
    let (n, from) = s.recv_from(&mut buf).expect("recv within the timeout");
    // SAFETY: recv_from initialised the first n bytes.
    let data = buf[..n]
        .iter()
        .map(|b| unsafe { b.assume_init() })
        .collect();
    (data, from.as_socket().expect("an IP peer address"))
}

fn recv(s: &Socket) -> Vec<u8> {
    recv_from(s).0
}

/// A one-to-one association on `addr`, with messages both ways.
fn one_to_one(addr: SocketAddr) {
    let domain = Domain::for_address(addr);
    let listener = sctp_socket(domain, Type::STREAM);
    listener.bind(&addr.into()).unwrap();
    listener.listen(4).unwrap();
    let server_addr = listener.local_addr().unwrap();

    let client = sctp_socket(domain, Type::STREAM);
    client.connect(&server_addr).unwrap();
    let (server, peer) = listener.accept().unwrap();
    server.set_read_timeout(Some(TIMEOUT)).unwrap();
    assert_eq!(peer.as_socket(), client.local_addr().unwrap().as_socket());

    for i in 0..3u8 {
        client.send(&[b'c', i]).unwrap();
        assert_eq!(recv(&server), [b'c', i]);
        server.send(&[b's', i, i]).unwrap();
        assert_eq!(recv(&client), [b's', i, i]);
    }
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn one_to_one_ipv4_loopback() {
    one_to_one(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)));
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn one_to_one_ipv6_loopback() {
    one_to_one(SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, 0)));
}

fn getsockopt_u32(s: &Socket, opt: libc::c_int) -> u32 {
    let mut v: u32 = 0;
    let mut len = size_of::<u32>() as libc::socklen_t;
    // SAFETY: v is a valid u32 and len says its size.
    let rc =
        unsafe { libc::getsockopt(s.as_raw_fd(), SOL_SCTP, opt, (&raw mut v).cast(), &mut len) };
    assert_eq!(
        rc,
        0,
        "getsockopt({opt}): {}",
        std::io::Error::last_os_error()
    );
    v
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn one_to_many_receives_from_two_associations() {
    let server = sctp_socket(Domain::IPV4, Type::SEQPACKET);
    server
        .bind(&SocketAddr::from((Ipv4Addr::LOCALHOST, 0)).into())
        .unwrap();
    server.listen(4).unwrap();
    let server_addr = server.local_addr().unwrap();

    let clients: Vec<Socket> = (0..2)
        .map(|_| sctp_socket(Domain::IPV4, Type::SEQPACKET))
        .collect();
    for (i, c) in clients.iter().enumerate() {
        // On a one-to-many socket, sendto sets the association up implicitly.
        c.send_to(format!("hello from {i}").as_bytes(), &server_addr)
            .unwrap();
    }
    let mut seen = Vec::new();
    for _ in 0..2 {
        let (data, from) = recv_from(&server);
        seen.push((String::from_utf8(data).unwrap(), from));
    }
    seen.sort();
    assert_eq!(seen[0].0, "hello from 0");
    assert_eq!(seen[1].0, "hello from 1");
    for (i, c) in clients.iter().enumerate() {
        assert_eq!(seen[i].1, c.local_addr().unwrap().as_socket().unwrap());
    }
    assert_eq!(getsockopt_u32(&server, SCTP_GET_ASSOC_NUMBER), 2);

    // Replies go back over each association by the peer's address.
    for (i, c) in clients.iter().enumerate() {
        server
            .send_to(format!("reply {i}").as_bytes(), &SockAddr::from(seen[i].1))
            .unwrap();
        assert_eq!(recv(c), format!("reply {i}").as_bytes());
    }
}

/// Two network namespaces joined by two veth pairs: two independent paths between two hosts.
///
/// Deleting the namespaces (on drop) removes the veth pairs with them.
struct TwoPathNet {
    a: String,
    b: String,
}

/// The address of host `host` (1 = a, 2 = b) on path `path` (1 or 2).
fn path_addr(path: u8, host: u8) -> Ipv4Addr {
    Ipv4Addr::new(10, 200, path, host)
}

fn ip(args: &[&str]) {
    let out = Command::new("ip")
        .args(args)
        .output()
        .expect("the ip command (iproute2)");
    assert!(
        out.status.success(),
        "ip {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
}

impl TwoPathNet {
    fn new(tag: &str) -> TwoPathNet {
        let id = std::process::id();
        let net = TwoPathNet {
            a: format!("{tag}-{id}-a"),
            b: format!("{tag}-{id}-b"),
        };
        ip(&["netns", "add", &net.a]);
        ip(&["netns", "add", &net.b]);
        for path in 1..=2u8 {
            let (va, vb) = (format!("p{path}a"), format!("p{path}b"));
            ip(&[
                "link", "add", &va, "netns", &net.a, "type", "veth", "peer", "name", &vb, "netns",
                &net.b,
            ]);
            for (ns, dev, host) in [(&net.a, &va, 1), (&net.b, &vb, 2)] {
                let cidr = format!("{}/24", path_addr(path, host));
                ip(&["-n", ns, "addr", "add", &cidr, "dev", dev]);
                ip(&["-n", ns, "link", "set", dev, "up"]);
            }
        }
        for ns in [&net.a, &net.b] {
            ip(&["-n", ns, "link", "set", "lo", "up"]);
        }
        net
    }

    /// Runs `f` on a thread that has entered namespace `ns`; sockets it creates live there for good.
    fn within<T: Send>(ns: &str, f: impl FnOnce() -> T + Send) -> T {
        let file = std::fs::File::open(format!("/var/run/netns/{ns}")).expect("netns file");
        std::thread::scope(|scope| {
            scope
                .spawn(|| {
                    // SAFETY: setns(2) on a valid namespace fd; it changes only this thread's namespace.
                    let rc = unsafe { libc::setns(file.as_raw_fd(), libc::CLONE_NEWNET) };
                    assert_eq!(rc, 0, "setns: {}", std::io::Error::last_os_error());
                    f()
                })
                .join()
                .unwrap()
        })
    }
}

impl Drop for TwoPathNet {
    fn drop(&mut self) {
        for ns in [&self.a, &self.b] {
            let _ = Command::new("ip").args(["netns", "del", ns]).status();
        }
    }
}

/// `sctp_bindx(SCTP_BINDX_ADD_ADDR)` by hand: a packed array of sockaddr_in.
fn bindx_add_v4(s: &Socket, addrs: &[SocketAddrV4]) {
    let packed: Vec<libc::sockaddr_in> = addrs
        .iter()
        .map(|a| libc::sockaddr_in {
            sin_family: libc::AF_INET as libc::sa_family_t,
            sin_port: a.port().to_be(),
            sin_addr: libc::in_addr {
                s_addr: u32::from(*a.ip()).to_be(),
            },
            sin_zero: [0; 8],
        })
        .collect();
    let len = (packed.len() * size_of::<libc::sockaddr_in>()) as libc::socklen_t;
    // SAFETY: packed is a contiguous array of sockaddr_in of exactly len bytes.
    let rc = unsafe {
        libc::setsockopt(
            s.as_raw_fd(),
            SOL_SCTP,
            SCTP_SOCKOPT_BINDX_ADD,
            packed.as_ptr().cast(),
            len,
        )
    };
    assert_eq!(rc, 0, "bindx: {}", std::io::Error::last_os_error());
}

/// The association's address list (`SCTP_GET_PEER_ADDRS` / `SCTP_GET_LOCAL_ADDRS`), IPv4 only.
fn addrs_v4(s: &Socket, opt: libc::c_int) -> Vec<SocketAddrV4> {
    // struct sctp_getaddrs { sctp_assoc_t assoc_id; __u32 addr_num; __u8 addrs[]; }
    let mut buf = [0u8; 8 + 8 * size_of::<libc::sockaddr_in>()];
    let mut len = buf.len() as libc::socklen_t;
    // SAFETY: buf is writable for len bytes; assoc_id 0 means "the" association of a one-to-one socket.
    let rc = unsafe {
        libc::getsockopt(
            s.as_raw_fd(),
            SOL_SCTP,
            opt,
            buf.as_mut_ptr().cast(),
            &mut len,
        )
    };
    assert_eq!(
        rc,
        0,
        "getsockopt({opt}): {}",
        std::io::Error::last_os_error()
    );
    let n = u32::from_ne_bytes(buf[4..8].try_into().unwrap()) as usize;
    (0..n)
        .map(|i| {
            let at = 8 + i * size_of::<libc::sockaddr_in>();
            let family = u16::from_ne_bytes(buf[at..at + 2].try_into().unwrap());
            assert_eq!(family, libc::AF_INET as u16);
            let port = u16::from_be_bytes(buf[at + 2..at + 4].try_into().unwrap());
            let ip = Ipv4Addr::new(buf[at + 4], buf[at + 5], buf[at + 6], buf[at + 7]);
            SocketAddrV4::new(ip, port)
        })
        .collect()
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn two_namespaces_two_paths_multihomed_association() {
    let net = TwoPathNet::new("sctp-harness");
    let port = 5000;
    let server = TwoPathNet::within(&net.a, || {
        let s = sctp_socket(Domain::IPV4, Type::STREAM);
        bindx_add_v4(
            &s,
            &[
                SocketAddrV4::new(path_addr(1, 1), port),
                SocketAddrV4::new(path_addr(2, 1), port),
            ],
        );
        s.listen(1).unwrap();
        s
    });
    let client = TwoPathNet::within(&net.b, || {
        let s = sctp_socket(Domain::IPV4, Type::STREAM);
        bindx_add_v4(
            &s,
            &[
                SocketAddrV4::new(path_addr(1, 2), 0),
                SocketAddrV4::new(path_addr(2, 2), 0),
            ],
        );
        s.connect(&SocketAddr::from(SocketAddrV4::new(path_addr(1, 1), port)).into())
            .unwrap();
        s
    });
    let (conn, _) = server.accept().unwrap();
    conn.set_read_timeout(Some(TIMEOUT)).unwrap();

    // Both hosts learnt both of the other's addresses: the association has two paths.
    let mut peers = addrs_v4(&client, SCTP_GET_PEER_ADDRS);
    peers.sort();
    assert_eq!(
        peers,
        [
            SocketAddrV4::new(path_addr(1, 1), port),
            SocketAddrV4::new(path_addr(2, 1), port)
        ]
    );
    let mut server_peers: Vec<Ipv4Addr> = addrs_v4(&conn, SCTP_GET_PEER_ADDRS)
        .iter()
        .map(|a| *a.ip())
        .collect();
    server_peers.sort();
    assert_eq!(server_peers, [path_addr(1, 2), path_addr(2, 2)]);
    assert_eq!(addrs_v4(&client, SCTP_GET_LOCAL_ADDRS).len(), 2);

    client.send(b"over two paths").unwrap();
    assert_eq!(recv(&conn), b"over two paths");
    conn.send(b"and back").unwrap();
    assert_eq!(recv(&client), b"and back");
}

//! Helpers shared by the kernel tests.
#![allow(dead_code, unreachable_pub)]

use std::net::SocketAddr;
use std::time::Duration;

use sctp::notify::Notification;
use sctp::{Message, Received, SctpListener, SctpSocket, SctpStream};

/// Bound on every blocking call in the tests, so a broken test fails instead of hanging.
pub const TIMEOUT: Duration = Duration::from_secs(10);

pub fn addr(s: &str) -> SocketAddr {
    s.parse().expect("valid socket address")
}

pub fn listener(s: &str) -> SctpListener {
    let l = SctpListener::bind(addr(s)).expect("SCTP listener (does the kernel have SCTP?)");
    l.set_read_timeout(Some(TIMEOUT)).unwrap();
    l
}

/// A connected one-to-one pair: (client, server).
pub fn pair(listen: &str) -> (SctpStream, SctpStream) {
    let l = listener(listen);
    let client = SctpStream::connect(l.local_addr().unwrap()).expect("connect");
    let (server, _) = l.accept().expect("accept");
    bound(&client);
    bound(&server);
    (client, server)
}

pub fn bound(s: &SctpStream) {
    s.set_read_timeout(Some(TIMEOUT)).unwrap();
    s.set_write_timeout(Some(TIMEOUT)).unwrap();
}

pub fn one_to_many(s: &str) -> SctpSocket {
    let sock =
        SctpSocket::bind(addr(s)).expect("SCTP one-to-many socket (does the kernel have SCTP?)");
    sock.set_read_timeout(Some(TIMEOUT)).unwrap();
    sock.set_write_timeout(Some(TIMEOUT)).unwrap();
    sock
}

/// Receives and expects user data.
pub fn data<'b>(r: Result<Received<'b>, sctp::Error>) -> Message<'b> {
    match r.expect("recv") {
        Received::Data(m) => m,
        Received::Notification(n) => panic!("expected data, got notification {n:?}"),
    }
}

/// Receives and expects a notification.
pub fn notification<'b>(r: Result<Received<'b>, sctp::Error>) -> Notification<'b> {
    match r.expect("recv") {
        Received::Notification(n) => n,
        Received::Data(m) => panic!("expected a notification, got data {m:?}"),
    }
}

/// Number of open file descriptors of this process.
pub fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd")
        .expect("/proc/self/fd")
        .count()
}

/// Sets the sysctl `net.sctp.<name>` while alive and restores the old value on drop, so later
/// tests see the kernel's defaults again (new endpoints copy these sysctls when created). It
/// applies to the network namespace of the thread that sets it.
pub struct SctpSysctl {
    path: String,
    old: String,
}

impl SctpSysctl {
    pub fn set(name: &str, value: &str) -> SctpSysctl {
        let path = format!("/proc/sys/net/sctp/{name}");
        let old =
            std::fs::read_to_string(&path).expect("sysctl readable (does the kernel have SCTP?)");
        std::fs::write(&path, value).expect("sysctl writable (root in the VM)");
        SctpSysctl { path, old }
    }
}

impl Drop for SctpSysctl {
    fn drop(&mut self) {
        let _ = std::fs::write(&self.path, self.old.trim());
    }
}

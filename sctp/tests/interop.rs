//! Interoperability with a program users already run against SCTP: socat, as a server for our
//! client and as a client of our listener. Kernel tests (run in the VM by `cargo xtask test`);
//! socat comes from `ci/packages.txt`, and a missing one fails the test.
#![cfg(target_os = "linux")]

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use sctp::{SctpListener, SctpStream, SendInfo};

/// A child process killed (and reaped) when the test ends, however it ends.
struct Peer(Child);

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A free SCTP port on 127.0.0.1 (bound once by the kernel's choice, then released).
fn free_port() -> u16 {
    listener("127.0.0.1:0").local_addr().unwrap().port()
}

/// Connects to `port`, retrying while the peer process is still starting up.
fn connect_when_listening(port: u16) -> SctpStream {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        match SctpStream::connect(addr(&format!("127.0.0.1:{port}"))) {
            Ok(s) => return s,
            Err(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(100)),
            Err(e) => panic!("the peer never listened on {port}: {e}"),
        }
    }
}

/// socat's `SCTP-LISTEN` echo server (a one-to-one socket fed through a pipe) answers every
/// message our one-to-one client sends, message by message.
#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn socat_echoes_our_messages() {
    let port = free_port();
    let _socat = Peer(
        Command::new("socat")
            .arg(format!("SCTP-LISTEN:{port},bind=127.0.0.1,reuseaddr"))
            .arg("PIPE")
            .stdin(Stdio::null())
            .spawn()
            .expect("socat (package socat)"),
    );
    let client = connect_when_listening(port);
    bound(&client);
    let mut buf = [0u8; 4096];
    for (i, text) in ["hello socat", "a second message", "and a third"]
        .iter()
        .enumerate()
    {
        let info = SendInfo::new().with_stream(0).with_ppid(1000 + i as u32);
        assert_eq!(client.send(text.as_bytes(), &info).unwrap(), text.len());
        let echo = data(client.recv(&mut buf));
        assert_eq!(echo.data(), text.as_bytes());
        assert!(echo.is_complete());
    }
    client.shutdown(std::net::Shutdown::Write).unwrap();
}

/// Our listener serves socat's `SCTP-CONNECT` client: what socat reads from its standard input
/// arrives as data on the accepted stream, and what we send back comes out of socat.
#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn socat_client_talks_to_our_listener() {
    let l: SctpListener = listener("127.0.0.1:0");
    let port = l.local_addr().unwrap().port();
    let mut socat = Peer(
        Command::new("socat")
            .arg("STDIO")
            .arg(format!("SCTP-CONNECT:127.0.0.1:{port}"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("socat (package socat)"),
    );
    let (server, _) = l.accept().expect("socat connects");
    bound(&server);
    {
        use std::io::Write;
        let stdin = socat.0.stdin.as_mut().unwrap();
        stdin.write_all(b"from socat\n").unwrap();
        stdin.flush().unwrap();
    }
    let mut buf = [0u8; 4096];
    let m = data(server.recv(&mut buf));
    assert_eq!(m.data(), b"from socat\n");
    server.send(b"from us\n", &SendInfo::new()).unwrap();
    let mut line = String::new();
    BufReader::new(socat.0.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line, "from us\n");
}

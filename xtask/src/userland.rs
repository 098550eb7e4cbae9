//! The userland stack (usrsctp over UDP) in `cargo xtask test` and `cargo xtask demo`: both run on
//! this host without a VM, since usrsctp needs no kernel SCTP.

use std::io::{BufRead, BufReader};
use std::net::{Ipv4Addr, UdpSocket};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::util::{self, project_root, step};

/// The test targets of the userland suite: the blocking sockets, the async ones, and a peer that
/// vanishes (its own binary: it lowers usrsctp's process-wide retransmission timers).
pub(crate) const TARGETS: [&str; 3] = ["userland", "userland_tokio", "userland_vanished_peer"];

/// Runs the userland suite (`cargo test -p sctp-sockets --test userland --test userland_tokio
/// --test userland_vanished_peer`) and returns (passed, failed).
pub(crate) fn suite(filters: &[String]) -> Result<(u64, u64)> {
    step("userland suite: usrsctp over loopback UDP on this host, no VM");
    let started = Instant::now();
    let mut cmd = util::cargo();
    cmd.arg("test").args(["-p", "sctp-sockets"]);
    for target in TARGETS {
        cmd.args(["--test", target]);
    }
    if !filters.is_empty() {
        cmd.arg("--").args(filters);
    }
    cmd.stdout(Stdio::piped());
    let mut child = cmd.spawn().context("running cargo test")?;
    let (mut passed, mut failed) = (0, 0);
    for line in BufReader::new(child.stdout.take().context("cargo test stdout")?).lines() {
        let line = line?;
        println!("{line}");
        if let Some(rest) = line.strip_prefix("test result: ") {
            passed += count(rest, " passed");
            failed += count(rest, " failed");
        }
    }
    if !child.wait()?.success() && failed == 0 {
        // A build error or a crash: no summary says so, but it is a failure.
        failed += 1;
    }
    println!(
        "userland suite: {passed} passed, {failed} failed in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok((passed, failed))
}

/// The number before `what` in a `test result:` line.
fn count(summary: &str, what: &str) -> u64 {
    summary
        .split(';')
        .find_map(|part| part.trim().strip_suffix(what.trim_start()))
        .and_then(|n| n.trim().rsplit(' ').next()?.parse().ok())
        .unwrap_or(0)
}

/// `cargo xtask demo --userland`: the demo scenes with the examples built on `sctp::userland`,
/// on this host.
pub(crate) fn demo() -> Result<()> {
    crate::deps::ensure(&[crate::deps::Group::Build])?;
    step("building the sctp examples on the userland stack (--features userland-examples)");
    util::run(util::cargo().args([
        "build",
        "--quiet",
        "-p",
        "sctp-sockets",
        "--examples",
        "--features",
        "userland-examples",
    ]))?;
    let examples = util::target_dir().join("debug/examples");
    let script = project_root().join("ci/demo.sh");
    // The echo server and client are two processes, so two usrsctp stacks with a UDP port
    // each; the self-contained scenes let their stack pick a free port (0).
    let server_port = free_udp_port()?;
    let client_port = free_udp_port()?;
    step(&format!(
        "running the demo on this host with usrsctp (UDP ports {server_port} and {client_port})"
    ));
    let mut cmd = Command::new("sh");
    cmd.arg(&script)
        .arg(&examples)
        .env("DEMO_USERLAND", "1")
        .env("DEMO_SERVER_UDP_PORT", server_port.to_string())
        .env("DEMO_CLIENT_UDP_PORT", client_port.to_string());
    let status = util::run_bounded(&mut cmd, Duration::from_secs(300))?;
    if !status.is_some_and(|s| s.success()) {
        bail!("the demo failed (see the output above)");
    }
    Ok(())
}

fn free_udp_port() -> Result<u16> {
    let socket = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).context("binding a UDP socket")?;
    Ok(socket.local_addr()?.port())
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn counts_come_from_the_summary_line() {
        let line =
            "ok. 13 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.43s";
        assert_eq!(count(line, " passed"), 13);
        assert_eq!(count(line, " failed"), 2);
        assert_eq!(count("FAILED. 0 passed; 1 failed;", " failed"), 1);
    }
}

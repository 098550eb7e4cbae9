//! `cargo xtask demo`: a server and a client from the `sctp` examples talking on loopback.
//!
//! Builds the examples, then runs `ci/demo.sh` with them: directly when this host's kernel has
//! SCTP, otherwise inside a Linux VM (the same one the kernel tests use). The script narrates what
//! to look for in the output: associations coming up, messages on several streams with their
//! ppid, notifications, a clean shutdown, and the async examples on tokio (an echo server with a
//! task per association, a one-to-many gateway routing by association id).

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result, bail};

use crate::util::{self, project_root, step};
use crate::vm;

const USAGE: &str = "usage: cargo xtask demo [--vm] [--kernel PATH] [--userland]

Runs the sctp examples on loopback and explains what they show. Uses this host's kernel when it
has SCTP, otherwise boots a Linux VM (about 20 s to boot without KVM).

  --vm           use a VM even if this host has SCTP
  --kernel PATH  the VM kernel image (default: the newest installed kernel with SCTP)
  --userland     the same scenes on the userland stack (usrsctp over UDP) on this host, no VM";

pub(crate) fn demo(args: &[String]) -> Result<()> {
    let mut force_vm = false;
    let mut kernel_path: Option<PathBuf> = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--vm" => force_vm = true,
            "--userland" => return crate::userland::demo(),
            "--kernel" => {
                kernel_path = Some(it.next().context("--kernel needs a path")?.into());
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => bail!("unknown argument `{other}`\n\n{USAGE}"),
        }
    }

    // A fresh machine has neither the build packages (libclang, libsctp) nor the VM: install what is
    // missing before anything is compiled or booted.
    let use_host = !force_vm && kernel_path.is_none() && host_has_sctp();
    crate::deps::ensure(&[crate::deps::Group::Build])?;
    if !use_host {
        crate::deps::ensure(&[crate::deps::Group::Vm])?;
    }
    step("building the sctp examples");
    util::run(util::cargo().args(["build", "--quiet", "-p", "sctp-sockets", "--examples"]))?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| project_root().join("target"));
    let target = if target.is_absolute() {
        target
    } else {
        project_root().join(target)
    };
    let examples = target.join("debug/examples");
    let script = project_root().join("ci/demo.sh");
    let guest_cmd = format!("sh {} {}", script.display(), examples.display());
    let limit = Duration::from_secs(600);

    let ok = if use_host {
        step("running the demo on this host (its kernel has SCTP)");
        let status = util::run_bounded(Command::new("sh").arg(&script).arg(&examples), limit)?;
        status.is_some_and(|s| s.success())
    } else {
        let kernel = match &kernel_path {
            Some(p) => vm::kernel_from_path(p)?,
            None => vm::default_kernel()?,
        };
        let accel = vm::accel(&kernel)?;
        println!(
            "note: `cargo xtask demo --userland` runs the same scenes on this host without a VM, \
             on the userland SCTP stack (usrsctp over UDP)"
        );
        step(&format!(
            "this host's kernel has no SCTP: running the demo in a VM (kernel {}, {accel}; \
             booting takes a little while)",
            kernel.version
        ));
        let scratch = target.join("xtask/demo");
        std::fs::create_dir_all(&scratch)
            .with_context(|| format!("creating {}", scratch.display()))?;
        matches!(
            vm::run(&kernel, accel, &guest_cmd, &scratch, limit)?,
            vm::Outcome::Exited(0)
        )
    };
    if !ok {
        bail!("the demo failed (see the output above)");
    }
    Ok(())
}

/// Whether this host's own kernel can make an SCTP socket.
fn host_has_sctp() -> bool {
    // SAFETY: socket(2) has no memory-safety preconditions; a returned fd is closed right away.
    let fd = unsafe { libc::socket(libc::AF_INET, libc::SOCK_STREAM, libc::IPPROTO_SCTP) };
    if fd < 0 {
        return false;
    }
    // SAFETY: `fd` is a descriptor we own and close once.
    unsafe { libc::close(fd) };
    true
}

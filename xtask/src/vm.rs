//! Booting a Linux VM with the host's own filesystem (virtme-ng) and running a command in it.
//!
//! The guest sees the host filesystem read-only, so it runs the test binaries built on the host; results
//! come back through one host directory made writable with `--rwdir`. KVM is used when it works; a
//! short probe (boot a kernel to its first panic) decides, and the answer is cached per host boot.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result, bail};

use crate::deps;
use crate::util::{self, project_root};

/// A bootable kernel image whose modules include SCTP.
#[derive(Clone, Debug)]
pub(crate) struct Kernel {
    /// `uname -r` of the kernel.
    pub(crate) version: String,
    /// The `vmlinuz` image.
    pub(crate) image: PathBuf,
}

fn has_sctp_module(version: &str) -> bool {
    let dir = Path::new("/lib/modules").join(version);
    ["kernel/net/sctp/sctp.ko", "kernel/net/sctp/sctp.ko.xz", "kernel/net/sctp/sctp.ko.zst"]
        .iter()
        .any(|m| dir.join(m).exists())
        // A kernel built with CONFIG_IP_SCTP=y has no module to load.
        || std::fs::read_to_string(dir.join("modules.builtin")).is_ok_and(|b| b.contains("net/sctp/sctp.ko"))
}

/// Kernels in `/boot` that have their modules (with SCTP) installed, oldest first.
pub(crate) fn installed_kernels() -> Vec<Kernel> {
    let mut kernels: Vec<Kernel> = std::fs::read_dir("/boot")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let version = name.strip_prefix("vmlinuz-")?.to_string();
            has_sctp_module(&version).then(|| Kernel {
                version,
                image: e.path(),
            })
        })
        .collect();
    kernels.sort_by_key(|k| version_key(&k.version));
    kernels
}

fn version_key(v: &str) -> Vec<u64> {
    v.split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect()
}

/// The kernel for an explicit `--kernel PATH` (a `vmlinuz-<version>` image).
pub(crate) fn kernel_from_path(path: &Path) -> Result<Kernel> {
    if !path.exists() {
        bail!("kernel image {} does not exist", path.display());
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let version = name
        .strip_prefix("vmlinuz-")
        .with_context(|| {
            format!(
                "{}: expected a file named vmlinuz-<version>",
                path.display()
            )
        })?
        .to_string();
    if !has_sctp_module(&version) {
        bail!(
            "{}: no SCTP module under /lib/modules/{version}",
            path.display()
        );
    }
    Ok(Kernel {
        version,
        image: path.to_path_buf(),
    })
}

/// The default kernel: the newest installed one with SCTP.
pub(crate) fn default_kernel() -> Result<Kernel> {
    deps::require(deps::Group::Vm, "picking the VM kernel");
    installed_kernels()
        .pop()
        .context("no kernel with an SCTP module in /boot (install linux-image-amd64)")
}

/// Hardware acceleration for the guest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Accel {
    Kvm,
    Tcg,
}

impl std::fmt::Display for Accel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Accel::Kvm => "KVM",
            Accel::Tcg => "TCG",
        })
    }
}

/// Decides KVM or TCG: `XTASK_VM_ACCEL=kvm|tcg` wins; otherwise a probe boot under KVM must reach the
/// kernel's first panic (no root filesystem given) within a few seconds. /dev/kvm can exist and still
/// hang (nested virtualisation), so its mere presence proves nothing.
pub(crate) fn accel(kernel: &Kernel) -> Result<Accel> {
    deps::require(deps::Group::Vm, "probing KVM");
    match std::env::var("XTASK_VM_ACCEL").as_deref() {
        Ok("kvm") => return Ok(Accel::Kvm),
        Ok("tcg") => return Ok(Accel::Tcg),
        Ok(other) => bail!("XTASK_VM_ACCEL={other}: expected kvm or tcg"),
        Err(_) => {}
    }
    if std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/kvm")
        .is_err()
    {
        return Ok(Accel::Tcg);
    }
    let boot_id = std::fs::read_to_string("/proc/sys/kernel/random/boot_id").unwrap_or_default();
    let cache = project_root().join("target/xtask/kvm-probe");
    if let Ok(cached) = std::fs::read_to_string(&cache) {
        if let Some((id, answer)) = cached.split_once(' ') {
            if id == boot_id.trim() {
                return Ok(if answer.trim() == "kvm" {
                    Accel::Kvm
                } else {
                    Accel::Tcg
                });
            }
        }
    }
    eprintln!("xtask: probing whether KVM works (up to 15 s)…");
    let log = project_root().join("target/xtask/kvm-probe.log");
    std::fs::create_dir_all(log.parent().expect("has a parent"))?;
    let mut cmd = Command::new("qemu-system-x86_64");
    cmd.args([
        "-accel",
        "kvm",
        "-m",
        "256",
        "-nographic",
        "-no-reboot",
        "-kernel",
    ])
    .arg(&kernel.image)
    .args(["-append", "console=ttyS0 panic=-1 init=/nonexistent"])
    .stdin(std::process::Stdio::null())
    .stdout(std::fs::File::create(&log)?)
    .stderr(std::process::Stdio::null());
    util::run_bounded(&mut cmd, Duration::from_secs(15))?;
    let booted = std::fs::read_to_string(&log)
        .unwrap_or_default()
        .contains("Kernel panic");
    let answer = if booted { Accel::Kvm } else { Accel::Tcg };
    std::fs::write(
        &cache,
        format!("{} {}", boot_id.trim(), if booted { "kvm" } else { "tcg" }),
    )?;
    Ok(answer)
}

/// How a VM run ended.
pub(crate) enum Outcome {
    /// The guest command exited with this status (or vng failed to boot, with its own status).
    Exited(i32),
    /// The run outlived its bound and was killed.
    TimedOut,
}

/// Boots `kernel` and runs `guest_cmd` (a shell command) as root, with `rwdir` writable.
pub(crate) fn run(
    kernel: &Kernel,
    accel: Accel,
    guest_cmd: &str,
    rwdir: &Path,
    limit: Duration,
) -> Result<Outcome> {
    deps::require(deps::Group::Vm, "booting a VM");
    let bin = deps::venv_dir().join("bin");
    let path = match std::env::var_os("PATH") {
        Some(p) => {
            let mut dirs = vec![bin.clone()];
            dirs.extend(std::env::split_paths(&p));
            std::env::join_paths(dirs)?
        }
        None => bin.clone().into_os_string(),
    };
    let mut cmd = Command::new(bin.join("vng"));
    cmd.env("PATH", path)
        .arg("--run")
        .arg(&kernel.image)
        .args(["--cpus", "2", "--memory", "2G"])
        .arg("--rwdir")
        .arg(rwdir)
        .stdin(std::process::Stdio::null());
    if accel == Accel::Tcg {
        cmd.arg("--disable-kvm");
    }
    cmd.arg("--").arg(guest_cmd);
    // qemu re-opens its standard output through /proc/self/fd/1 for the guest's console, which
    // truncates it when it is a file (`cargo xtask test > log` would lose what came before and
    // get the guest's output written over it). Handing it pipes and relaying them keeps our
    // output intact wherever it goes.
    cmd.stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    Ok(match util::run_bounded(&mut cmd, limit)? {
        Some(status) => Outcome::Exited(status.code().unwrap_or(-1)),
        None => Outcome::TimedOut,
    })
}

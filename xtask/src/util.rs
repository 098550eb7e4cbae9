//! Small process helpers shared by the subcommands.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

/// The workspace root (the parent of `xtask/`).
pub(crate) fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// Cargo's target directory: `CARGO_TARGET_DIR` when set, else `target/` in the workspace.
///
/// Per-run output (kernel-test results, benchmark results) goes below it, so runs with different
/// target directories never share a results folder.
pub(crate) fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|p| {
            if p.is_absolute() {
                p
            } else {
                project_root().join(p)
            }
        })
        .unwrap_or_else(|| project_root().join("target"))
}

/// The cargo binary that runs us, so nested builds use the same toolchain.
///
/// Everything run through it may compile the workspace (sctp-sys's build script needs libclang
/// and the SCTP header), so the build packages must have been ensured first: calling this before
/// [`crate::deps::ensure`] of [`crate::deps::Group::Build`] is a bug of the calling command, and
/// stops here rather than in a confusing compiler error on a fresh machine.
pub(crate) fn cargo() -> Command {
    crate::deps::require(crate::deps::Group::Build, "running cargo");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(project_root());
    cmd
}

/// The library packages: (folder, package name). The folders and the import names (`sctp`,
/// `sctp_sys`, `sctp_notify`) are the short ones; the short package names on crates.io belong to
/// other projects (README, "Crates").
pub(crate) const PACKAGES: &[(&str, &str)] = &[
    ("sctp-sys", "sctp-sockets-sys"),
    ("sctp-notify", "sctp-notify"),
    ("sctp", "sctp-sockets"),
    ("usrsctp-sys", "sctp-sockets-usrsctp-sys"),
];

/// The cargo package name for `name`, which may be a package's folder (`-p sctp` keeps working).
pub(crate) fn package_name(name: &str) -> &str {
    PACKAGES
        .iter()
        .find(|(folder, _)| *folder == name)
        .map_or(name, |(_, package)| package)
}

/// Prints a step header, the way every subcommand announces what it does.
pub(crate) fn step(msg: &str) {
    eprintln!("\n==> {msg}");
}

/// Runs `cmd` to completion with inherited stdio and fails on a non-zero exit.
pub(crate) fn run(cmd: &mut Command) -> Result<()> {
    let status = status(cmd)?;
    if !status.success() {
        bail!("`{}` failed: {status}", display(cmd));
    }
    Ok(())
}

/// Runs `cmd` to completion with inherited stdio and returns its status.
pub(crate) fn status(cmd: &mut Command) -> Result<ExitStatus> {
    cmd.status()
        .with_context(|| format!("cannot run `{}`", display(cmd)))
}

/// Runs `cmd` and returns its standard output, failing on a non-zero exit.
pub(crate) fn output(cmd: &mut Command) -> Result<String> {
    let out = cmd
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("cannot run `{}`", display(cmd)))?;
    if !out.status.success() {
        bail!("`{}` failed: {}", display(cmd), out.status);
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Whether `program` is found on `PATH` (or is an existing path).
pub(crate) fn have(program: &str) -> bool {
    if program.contains('/') {
        return Path::new(program).exists();
    }
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
        .unwrap_or(false)
}

/// Runs `cmd` in its own process group and kills the whole group if it outlives `limit`.
///
/// Returns `None` on time-out. Used for VM runs, whose qemu child must not survive us.
pub(crate) fn run_bounded(cmd: &mut Command, limit: Duration) -> Result<Option<ExitStatus>> {
    use std::os::unix::process::CommandExt;
    cmd.process_group(0);
    let mut child = cmd
        .spawn()
        .with_context(|| format!("cannot run `{}`", display(cmd)))?;
    // Output the caller asked to be piped is relayed to ours as it comes.
    let relays = [
        child.stdout.take().map(|mut out| {
            std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::stdout()))
        }),
        child.stderr.take().map(|mut err| {
            std::thread::spawn(move || std::io::copy(&mut err, &mut std::io::stderr()))
        }),
    ];
    let status = wait_bounded(&mut child, limit)?;
    // The relays end when the last holder of the pipes exits; give stragglers a moment, but
    // never wait on them forever (a leftover grandchild could hold a pipe open).
    let deadline = Instant::now() + Duration::from_secs(5);
    for relay in relays.into_iter().flatten() {
        while !relay.is_finished() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        if relay.is_finished() {
            let _ = relay.join();
        }
    }
    Ok(status)
}

fn wait_bounded(child: &mut std::process::Child, limit: Duration) -> Result<Option<ExitStatus>> {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        if start.elapsed() > limit {
            let pgid = child.id() as libc::pid_t;
            // SAFETY: kill(2) with a negative pid signals the process group we created above;
            // it has no memory-safety preconditions.
            unsafe { libc::kill(-pgid, libc::SIGKILL) };
            let _ = child.wait();
            return Ok(None);
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// A shell-like rendering of a command for messages.
pub(crate) fn display(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for arg in cmd.get_args() {
        s.push(' ');
        s.push_str(&arg.to_string_lossy());
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table of package names is the one the manifests declare.
    #[test]
    fn package_table_matches_the_manifests() {
        for (folder, package) in PACKAGES {
            let manifest = std::fs::read_to_string(project_root().join(folder).join("Cargo.toml"))
                .expect("read the manifest");
            let name = manifest
                .lines()
                .find_map(|l| l.strip_prefix("name = "))
                .expect("a name line");
            assert_eq!(name.trim_matches('"'), *package, "{folder}/Cargo.toml");
            assert_eq!(package_name(folder), *package);
            assert_eq!(package_name(package), *package);
        }
        assert_eq!(package_name("xtask"), "xtask");
    }
}

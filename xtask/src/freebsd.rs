//! FreeBSD: `cargo xtask check --target freebsd` (type-check the workspace for
//! `x86_64-unknown-freebsd` against FreeBSD's own headers) and `cargo xtask test --vm freebsd
//! --image PATH` (run the suite in a user-supplied FreeBSD image).
//!
//! # The check
//!
//! No FreeBSD machine is needed. Everything comes from package registries:
//!
//! - FreeBSD's libc headers, `netinet/sctp.h` and `netinet/sctp_uio.h` among them, ship in the
//!   `ziglang` wheel on PyPI (`ziglang/lib/libc/include/generic-freebsd` and
//!   `x86_64-freebsd-none`, with clang's builtin headers in `ziglang/lib/include`). The wheel is
//!   installed into a venv under `target/`, and `SCTP_SYS_FREEBSD_SYSROOT` points sctp-sys's
//!   bindgen at it, so the bindings, and bindgen's layout assertions, are FreeBSD's.
//! - Debian's `rustc-web`, `cargo-web`, `rust-web-src` and `rust-web-clippy` give a toolchain
//!   with the standard library's source, which `-Zbuild-std` compiles for the FreeBSD target
//!   (no prebuilt FreeBSD standard library is needed). `RUSTC_BOOTSTRAP=1` unlocks `-Z` on
//!   that stable toolchain.
//!
//! Linking a FreeBSD executable is impossible here (std needs FreeBSD's system libraries), so
//! this is `cargo check` and `cargo clippy`, not a build: every crate, test, example and
//! benchmark is type-checked and its constants evaluated, which includes bindgen's layout
//! assertions and the layout check of `ci/freebsd-layout-check`.
//!
//! # The VM test
//!
//! See [`vm_test`]. It is not run by our own CI, which has no FreeBSD image.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::util::{self, project_root, step};

const USAGE: &str = "\
usage: cargo xtask check --target freebsd [--no-clippy]
       cargo xtask check --target aarch64   (see xtask/src/aarch64.rs)

Type-checks sctp-sys, sctp-notify, sctp (with tests, examples and benchmarks) and the FreeBSD
layout check for x86_64-unknown-freebsd, with bindings generated from FreeBSD's own headers,
then runs clippy for that target with warnings denied. Installs what it lacks: the ziglang
wheel (FreeBSD headers) into target/venv-zig, and Debian's rustc-web, cargo-web, rust-web-src
and rust-web-clippy.

options:
  --target freebsd   the system to check for (the only one supported)
  --no-clippy        only cargo check
";

/// The Rust target triple checked.
const TRIPLE: &str = "x86_64-unknown-freebsd";

/// The wheel holding FreeBSD's headers; bump deliberately (the headers move with it).
const ZIGLANG: &str = "ziglang==0.17.1";

/// Debian packages of the toolchain that can build std from source for FreeBSD.
const TOOLCHAIN_PACKAGES: &[&str] = &["rustc-web", "cargo-web", "rust-web-src", "rust-web-clippy"];

/// The packages the check covers: everything but the host-only xtask.
const PACKAGES: &[&str] = &[
    "sctp-sockets-sys",
    "sctp-notify",
    "sctp-sockets",
    "freebsd-layout-check",
];

/// `cargo xtask check`.
pub(crate) fn check(args: &[String]) -> Result<()> {
    let mut clippy = true;
    let mut target = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--target" => target = Some(it.next().context("--target needs a value")?.clone()),
            "--no-clippy" => clippy = false,
            "-h" | "--help" => {
                print!("{USAGE}");
                return Ok(());
            }
            other => bail!("unknown argument `{other}`\n\n{USAGE}"),
        }
    }
    match target.as_deref() {
        Some("freebsd") => {}
        Some("aarch64") => return crate::aarch64::check(),
        Some("netbsd") => bail!(
            "--target netbsd is not supported: sctp-sys, sctp-notify and sctp know only the \
             Linux and FreeBSD layouts (see README, Platforms)"
        ),
        Some(other) => bail!("unknown target `{other}`; supported: freebsd, aarch64\n\n{USAGE}"),
        None => bail!("--target is required\n\n{USAGE}"),
    }

    // bindgen runs in sctp-sys's build script for FreeBSD too: it needs libclang.
    crate::deps::require(crate::deps::Group::Build, "type-checking for FreeBSD");
    let started = Instant::now();
    let toolchain = ensure_toolchain()?;
    let sysroot = ensure_headers()?;
    eprintln!(
        "xtask: FreeBSD headers: {}; toolchain: {}",
        sysroot.display(),
        toolchain.cargo.display()
    );

    step(&format!("cargo check for {TRIPLE} (std built from source)"));
    let t = Instant::now();
    util::run(&mut toolchain.cargo_command(&sysroot, "check"))?;
    eprintln!("xtask: check took {:.0} s", t.elapsed().as_secs_f64());

    if clippy {
        step(&format!("cargo clippy for {TRIPLE} (warnings denied)"));
        let t = Instant::now();
        let mut cmd = toolchain.cargo_command(&sysroot, "clippy");
        cmd.args(["--", "-D", "warnings"]);
        util::run(&mut cmd)?;
        eprintln!("xtask: clippy took {:.0} s", t.elapsed().as_secs_f64());
    }
    println!(
        "FreeBSD check passed ({TRIPLE}, {:.0} s)",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The Debian toolchain's binaries.
pub(crate) struct Toolchain {
    pub(crate) cargo: PathBuf,
    pub(crate) rustc: PathBuf,
    cargo_clippy: PathBuf,
}

impl Toolchain {
    /// `cargo <sub> -Zbuild-std … --target x86_64-unknown-freebsd` over [`PACKAGES`], with the
    /// environment pointing at this toolchain and at the FreeBSD headers.
    fn cargo_command(&self, sysroot: &Path, sub: &str) -> Command {
        let mut cmd = if sub == "clippy" {
            // cargo-clippy runs `$CARGO check` with its sibling clippy-driver as the wrapper.
            let mut c = Command::new(&self.cargo_clippy);
            c.arg("clippy");
            c
        } else {
            let mut c = Command::new(&self.cargo);
            c.arg(sub);
            c
        };
        cmd.current_dir(project_root());
        cmd.args([
            "--locked",
            "-Zbuild-std=core,std,alloc,panic_abort",
            "--target",
            TRIPLE,
            "--all-targets",
            "--all-features",
        ]);
        for p in PACKAGES {
            cmd.args(["-p", p]);
        }
        let bin_dir = self.rustc.parent().unwrap_or(Path::new("/usr/bin"));
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut dirs = vec![bin_dir.to_path_buf()];
        dirs.extend(std::env::split_paths(&path));
        cmd.env("PATH", std::env::join_paths(dirs).unwrap_or(path))
            .env("CARGO", &self.cargo)
            .env("RUSTC", &self.rustc)
            .env("RUSTC_BOOTSTRAP", "1")
            .env("SCTP_SYS_FREEBSD_SYSROOT", sysroot)
            // Its own target dir: another compiler, another target, and a std built from source.
            .env(
                "CARGO_TARGET_DIR",
                project_root().join("target/freebsd-check"),
            )
            // Variables of the calling toolchain (rustup, `cargo xtask`) must not leak in.
            .env_remove("RUSTUP_TOOLCHAIN")
            .env_remove("RUSTC_WRAPPER")
            .env_remove("RUSTC_WORKSPACE_WRAPPER")
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .env_remove("CARGO_BUILD_TARGET")
            .env_remove("SCTP_SYS_BUNDLED_BINDINGS")
            .env_remove("SCTP_SYS_INCLUDE_DIR");
        cmd
    }
}

/// Installs the Debian toolchain if missing and finds its binaries with `dpkg -L`.
pub(crate) fn ensure_toolchain() -> Result<Toolchain> {
    let missing: Vec<String> = TOOLCHAIN_PACKAGES
        .iter()
        .filter(|p| !crate::deps::dpkg_installed(p))
        .map(|p| (*p).to_string())
        .collect();
    crate::deps::apt_install(&missing)?;
    let find = |package: &str, name: &str| -> Result<PathBuf> {
        let files = util::output(Command::new("dpkg").args(["-L", package]))?;
        files
            .lines()
            .map(Path::new)
            .filter(|p| p.file_name().is_some_and(|n| n == name))
            // Prefer the one on the usual PATH (/usr/bin) over helper copies.
            .min_by_key(|p| !p.starts_with("/usr/bin"))
            .filter(|p| p.is_file())
            .map(Path::to_path_buf)
            .with_context(|| format!("`dpkg -L {package}` lists no {name}"))
    };
    let toolchain = Toolchain {
        cargo: find("cargo-web", "cargo")?,
        rustc: find("rustc-web", "rustc")?,
        cargo_clippy: find("rust-web-clippy", "cargo-clippy")?,
    };
    let version = util::output(Command::new(&toolchain.rustc).arg("--version"))?;
    eprintln!("xtask: FreeBSD check toolchain: {}", version.trim());
    Ok(toolchain)
}

/// Installs the `ziglang` wheel into `target/venv-zig` if missing; returns its `ziglang`
/// directory (the value for `SCTP_SYS_FREEBSD_SYSROOT`).
fn ensure_headers() -> Result<PathBuf> {
    let venv = project_root().join("target/venv-zig");
    if let Some(dir) = zig_dir(&venv) {
        return Ok(dir);
    }
    eprintln!(
        "xtask: installing {ZIGLANG} (FreeBSD's libc headers) from PyPI into {}",
        venv.display()
    );
    if !util::have("python3") {
        bail!("python3 is missing: sudo apt-get install python3 python3-venv");
    }
    if !venv.join("bin/pip").exists() {
        let created = util::status(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
        if !created.success() {
            crate::deps::apt_install(&["python3-venv".to_string()])?;
            let _ = std::fs::remove_dir_all(&venv);
            util::run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
        }
    }
    util::run(Command::new(venv.join("bin/pip")).args([
        "install",
        "--quiet",
        "--disable-pip-version-check",
        ZIGLANG,
    ]))?;
    zig_dir(&venv).context("the ziglang wheel installed, but its FreeBSD headers are not found")
}

/// `<venv>/lib/python3.*/site-packages/ziglang`, when it holds FreeBSD's SCTP header.
fn zig_dir(venv: &Path) -> Option<PathBuf> {
    let lib = std::fs::read_dir(venv.join("lib")).ok()?;
    lib.flatten()
        .map(|e| e.path().join("site-packages/ziglang"))
        .find(|dir| {
            dir.join("lib/libc/include/generic-freebsd/netinet/sctp.h")
                .is_file()
        })
}

/// What `cargo xtask test --vm freebsd` was given.
pub(crate) struct VmArgs {
    /// The FreeBSD disk image to boot (raw or qcow2).
    pub(crate) image: PathBuf,
    /// Bound on the whole run.
    pub(crate) timeout: Duration,
    /// Test name filters passed to every test binary.
    pub(crate) filters: Vec<String>,
}

/// `cargo xtask test --vm freebsd --image PATH`: runs the whole suite inside a FreeBSD VM.
///
/// Not run by our own CI (no FreeBSD image can be had there); written for users and
/// maintainers who have one. What the image must provide:
///
/// - FreeBSD 13 or later for x86-64, as a raw or qcow2 disk image (the official
///   `FreeBSD-*-amd64.qcow2` VM images work), booting to a login prompt on the serial console
///   (`console="comconsole"` in `/boot/loader.conf`) where `root` logs in without a password;
/// - `rust` installed in it (`pkg install rust`), since test binaries cannot be linked for
///   FreeBSD on a Linux host; the guest builds them itself, offline, from the sources and the
///   vendored dependencies this command passes in. With `llvm` installed too (libclang, for
///   bindgen) sctp-sys generates its bindings from the guest's own header; without it the
///   committed FreeBSD bindings are used (`SCTP_SYS_BUNDLED_BINDINGS=1`).
///
/// How it runs: the tracked files of the work tree and `cargo vendor`'s copy of every
/// dependency are packed into a tar archive, attached to the guest as a second, read-only
/// virtio disk (`/dev/vtbd1`; tar reads an archive from a raw device as it is). qemu boots the
/// image with a throwaway overlay (`-snapshot`: the image is never modified), and this command
/// drives the serial console: it logs in, runs `kldload sctp`, unpacks the archive, runs
/// `cargo test -p sctp-sockets-sys -p sctp-notify -p sctp-sockets -- --include-ignored --test-threads=1` (host
/// and kernel tests of the libraries together, as the guest's kernel has SCTP; xtask is Linux
/// tooling), and powers the guest off. The output of the guest is echoed; the result is the sum of libtest's summary
/// lines and a final `N passed, N failed`.
pub(crate) fn vm_test(args: &VmArgs) -> Result<()> {
    if !args.image.is_file() {
        bail!("FreeBSD image {} not found", args.image.display());
    }
    if !util::have("qemu-system-x86_64") {
        crate::deps::apt_install(&["qemu-system-x86".to_string()])?;
    }
    let work = project_root().join("target/freebsd-vm");
    std::fs::create_dir_all(&work).with_context(|| format!("creating {}", work.display()))?;
    let archive = work.join("sources.tar");
    step("packing the sources and vendored dependencies for the guest");
    pack_sources(&work, &archive, &args.filters)?;

    step(&format!(
        "booting {} (TCG unless /dev/kvm is usable), bounded to {} s",
        args.image.display(),
        args.timeout.as_secs()
    ));
    let format = if args.image.extension().is_some_and(|e| e == "qcow2") {
        "qcow2"
    } else {
        "raw"
    };
    let accel = if Path::new("/dev/kvm").exists()
        && std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/kvm")
            .is_ok()
    {
        "kvm"
    } else {
        "tcg"
    };
    let mut qemu = Command::new("qemu-system-x86_64");
    qemu.args(["-machine", &format!("q35,accel={accel}")])
        .args(["-cpu", if accel == "kvm" { "host" } else { "max" }])
        .args(["-smp", "2", "-m", "2048", "-nographic", "-snapshot"])
        .args(["-serial", "stdio", "-monitor", "none"])
        .arg("-drive")
        .arg(format!(
            "file={},format={format},if=virtio",
            args.image.display()
        ))
        .arg("-drive")
        .arg(format!(
            "file={},format=raw,if=virtio,readonly=on",
            archive.display()
        ))
        .args([
            "-netdev",
            "user,id=n0",
            "-device",
            "virtio-net-pci,netdev=n0",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    use std::os::unix::process::CommandExt;
    qemu.process_group(0);
    let mut child = qemu.spawn().context("starting qemu-system-x86_64")?;
    let mut console = Console::new(
        child.stdin.take().context("qemu stdin")?,
        child.stdout.take().context("qemu stdout")?,
        Instant::now() + args.timeout,
    );
    let result = drive_guest(&mut console);
    // Whatever happened, the guest must not outlive us.
    let _ = child.kill();
    let _ = child.wait();
    let transcript = result?;
    std::fs::write(work.join("console.log"), &transcript)?;

    let mut passed = 0u64;
    let mut failed = 0u64;
    for line in transcript.lines() {
        if let Some((p, f)) = libtest_summary(line.trim()) {
            passed += p;
            failed += f;
        }
    }
    let status = transcript
        .lines()
        .find_map(|l| l.trim().strip_prefix("XTASK-STATUS="))
        .and_then(|s| s.trim().parse::<i32>().ok());
    if status != Some(0) && failed == 0 {
        // A build error or a crashed binary prints no failing summary, but it is a failure.
        failed = 1;
    }
    println!("FreeBSD VM ({}):", args.image.display());
    println!("{passed} passed, {failed} failed");
    if failed > 0 {
        bail!("tests failed in the FreeBSD VM (console log: target/freebsd-vm/console.log)");
    }
    Ok(())
}

/// Logs in on the serial console, runs the suite, powers off; returns the transcript.
fn drive_guest(console: &mut Console) -> Result<String> {
    console.expect("login:")?;
    console.send("root\n")?;
    // The default root shell of FreeBSD is sh (`# `) or csh/tcsh (`root@host:~ # `); both end
    // in "# ". A unique marker after each command avoids matching the echo of the command.
    console.expect("# ")?;
    // A short line (the tty's canonical mode may cut long ones); the work is in the script
    // packed with the sources. The console echoes what is typed: the marker is split by quotes
    // in the command so that only its output matches.
    console.send(
        "sh -c 'rm -rf /tmp/sctp-rs && mkdir -p /tmp/sctp-rs && tar -xf /dev/vtbd1 -C /tmp/sctp-rs \
         && sh /tmp/sctp-rs/.xtask-freebsd.sh; echo XTASK\"\"-STATUS=$?'\n",
    )?;
    console.expect("XTASK-STATUS=")?;
    console.expect("\n")?;
    console.send("shutdown -p now\n")?;
    // Powering off may take a while; the transcript so far is what matters.
    let _ = console.expect_within("Uptime:", Duration::from_secs(120));
    Ok(console.transcript.clone())
}

/// The tracked files of the work tree plus `vendor/` (from `cargo vendor`) and a cargo config
/// using it, as one tar archive padded to whole 512-byte blocks.
fn pack_sources(work: &Path, archive: &Path, filters: &[String]) -> Result<()> {
    let vendor = work.join("vendor");
    let config = util::output(
        util::cargo()
            .args(["vendor", "--locked", "--versioned-dirs"])
            .arg(&vendor),
    )?;
    let staging = work.join("cargo-config");
    std::fs::create_dir_all(staging.join(".cargo"))?;
    std::fs::write(staging.join(".xtask-freebsd.sh"), guest_script(filters))?;
    // `cargo vendor` prints the source replacement to add; point it at the unpacked copy, and
    // keep the project's own settings (the xtask alias) in the same file.
    let ours =
        std::fs::read_to_string(project_root().join(".cargo/config.toml")).unwrap_or_default();
    let config = config.replace(&vendor.display().to_string(), "vendor");
    std::fs::write(
        staging.join(".cargo/config.toml"),
        format!("{ours}\n{config}"),
    )?;
    let files = util::output(
        Command::new("git")
            .args([
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
            ])
            .current_dir(project_root()),
    )?;
    let list = work.join("files");
    std::fs::write(&list, files)?;
    let _ = std::fs::remove_file(archive);
    util::run(
        Command::new("tar")
            .arg("-cf")
            .arg(archive)
            .arg("--null")
            .arg("-C")
            .arg(project_root())
            .arg("-T")
            .arg(&list)
            // This .cargo/config.toml comes after the tracked one: the later member wins when
            // tar unpacks.
            .arg("-C")
            .arg(&staging)
            .arg(".cargo/config.toml")
            .arg(".xtask-freebsd.sh")
            .arg("-C")
            .arg(work)
            .arg("vendor"),
    )?;
    let len = std::fs::metadata(archive)?.len();
    let padded = len.div_ceil(512) * 512;
    std::fs::OpenOptions::new()
        .write(true)
        .open(archive)?
        .set_len(padded)?;
    Ok(())
}

/// The script the guest runs in the unpacked sources: load SCTP, run every test.
fn guest_script(filters: &[String]) -> String {
    let filters = filters
        .iter()
        .map(|f| format!("'{}'", f.replace('\'', "'\\''")))
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "set -u\n\
         kldload -n sctp || exit 1\n\
         # bindgen needs libclang (pkg install llvm); without it use the committed bindings.\n\
         ls /usr/local/llvm*/lib/libclang.so* >/dev/null 2>&1 || export SCTP_SYS_BUNDLED_BINDINGS=1\n\
         cd /tmp/sctp-rs || exit 1\n\
         cargo test --offline -p sctp-sockets-sys -p sctp-notify -p sctp-sockets -- --include-ignored \
         --test-threads=1 {filters}\n"
    )
}

/// The serial console of the guest: what it printed so far, and a way to type.
struct Console {
    input: std::process::ChildStdin,
    chunks: mpsc::Receiver<Vec<u8>>,
    transcript: String,
    /// Where in `transcript` the next `expect` starts looking.
    seen: usize,
    deadline: Instant,
}

impl Console {
    fn new(
        input: std::process::ChildStdin,
        mut output: impl Read + Send + 'static,
        deadline: Instant,
    ) -> Self {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = output.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Console {
            input,
            chunks: rx,
            transcript: String::new(),
            seen: 0,
            deadline,
        }
    }

    fn send(&mut self, text: &str) -> Result<()> {
        self.input.write_all(text.as_bytes())?;
        self.input.flush()?;
        Ok(())
    }

    /// Waits until the guest prints `pattern` (after what earlier calls matched).
    fn expect(&mut self, pattern: &str) -> Result<()> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        self.expect_within(pattern, left)
    }

    fn expect_within(&mut self, pattern: &str, limit: Duration) -> Result<()> {
        let until = Instant::now() + limit;
        loop {
            if let Some(at) = self.transcript[self.seen..].find(pattern) {
                self.seen += at + pattern.len();
                return Ok(());
            }
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                bail!("the FreeBSD guest did not print {pattern:?} in time");
            }
            match self.chunks.recv_timeout(left) {
                Ok(chunk) => {
                    let text = String::from_utf8_lossy(&chunk);
                    eprint!("{text}");
                    self.transcript.push_str(&text);
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    bail!("qemu exited before the guest printed {pattern:?}")
                }
            }
        }
    }
}

/// `(passed, failed)` of libtest's `test result: ok. 3 passed; 0 failed; …` line.
fn libtest_summary(line: &str) -> Option<(u64, u64)> {
    let rest = line.strip_prefix("test result: ")?;
    let (_, counts) = rest.split_once(". ")?;
    let mut passed = None;
    let mut failed = None;
    for part in counts.split(';') {
        let mut words = part.split_whitespace();
        if let (Some(n), Some(what)) = (words.next(), words.next()) {
            match what {
                "passed" => passed = n.parse().ok(),
                "failed" => failed = n.parse().ok(),
                _ => {}
            }
        }
    }
    Some((passed?, failed?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_lines_are_counted() {
        assert_eq!(
            libtest_summary(
                "test result: FAILED. 3 passed; 2 failed; 1 ignored; 0 measured; 0 filtered out"
            ),
            Some((3, 2))
        );
        assert_eq!(libtest_summary("running 3 tests"), None);
    }

    #[test]
    fn guest_script_quotes_filters() {
        let script = guest_script(&["a b".to_string(), "it's".to_string()]);
        assert!(script.contains("kldload -n sctp"));
        assert!(
            script.ends_with("--test-threads=1 'a b' 'it'\\''s'\n"),
            "{script}"
        );
    }

    /// The console protocol against a stand-in guest that echoes what is typed, as a serial
    /// console does: the echoed command must not count as the status line.
    #[test]
    fn drive_guest_logs_in_runs_and_reads_the_status() {
        let fake = r#"printf 'FreeBSD/amd64 (h) (ttyu0)\n\nlogin: '
read user; echo "$user"; printf 'root@h:~ # '
read cmd; echo "$cmd"; sleep 1
echo 'test result: ok. 2 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out'
echo XTASK-STATUS=101; printf 'root@h:~ # '
read off; echo "$off"; echo 'Uptime: 1m2s'"#;
        let mut child = Command::new("sh")
            .args(["-c", fake])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut console = Console::new(
            child.stdin.take().unwrap(),
            child.stdout.take().unwrap(),
            Instant::now() + Duration::from_secs(30),
        );
        let transcript = drive_guest(&mut console).unwrap();
        child.wait().unwrap();
        assert!(transcript.contains("XTASK\"\"-STATUS=$?"), "{transcript}");
        let status = transcript
            .lines()
            .find_map(|l| l.trim().strip_prefix("XTASK-STATUS="));
        assert_eq!(status, Some("101"));
        assert!(transcript.contains("shutdown -p now"));
        let counts: Vec<_> = transcript.lines().filter_map(libtest_summary).collect();
        assert_eq!(counts, [(2, 1)]);
    }

    #[test]
    fn zig_dir_needs_the_freebsd_header() {
        let venv = std::env::temp_dir().join(format!("xtask-zig-{}", std::process::id()));
        let dir = venv.join("lib/python3.11/site-packages/ziglang");
        std::fs::create_dir_all(dir.join("lib/libc/include/generic-freebsd/netinet")).unwrap();
        assert_eq!(zig_dir(&venv), None);
        std::fs::write(
            dir.join("lib/libc/include/generic-freebsd/netinet/sctp.h"),
            "",
        )
        .unwrap();
        assert_eq!(zig_dir(&venv), Some(dir));
        std::fs::remove_dir_all(&venv).unwrap();
    }
}

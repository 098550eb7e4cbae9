//! `cargo xtask codegen`: regenerates the committed bindings of `sctp-sys`
//! (`sctp-sys/src/bindings/<os>_<arch>.rs`), which docs builds and `SCTP_SYS_BUNDLED_BINDINGS=1`
//! use instead of running bindgen. With `check_only`, compares instead of writing and fails on
//! any difference (the staleness check of `cargo xtask ci`).
//!
//! The text comes from the same generator the build script runs (`sctp-sys/build/generate.rs`,
//! included here as a module), so a committed copy equals what a build on this machine produces.
//!
//! Targets ([`TARGETS`]): x86_64 and aarch64 Linux (the host's `netinet/sctp.h` from lksctp-tools,
//! with Debian's cross C library headers for the other architecture), and
//! `x86_64-unknown-freebsd` from FreeBSD's own headers: those named by
//! `SCTP_SYS_FREEBSD_SYSROOT`, else the ones in PyPI's `ziglang` wheel, downloaded with pip into
//! `target/zig-wheel` when missing.

#[allow(dead_code, unreachable_pub)]
#[path = "../../sctp-sys/build/generate.rs"]
mod generate;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

const FREEBSD_TARGET: &str = "x86_64-unknown-freebsd";

/// Every target with committed bindings. aarch64 Linux is generated from Debian's cross headers
/// (`libc6-dev-arm64-cross`, `linux-libc-dev-arm64-cross`, group `codegen` of ci/packages.txt)
/// with the host's lksctp-tools header.
pub(crate) const TARGETS: &[&str] = &[
    "x86_64-unknown-linux-gnu",
    "aarch64-unknown-linux-gnu",
    FREEBSD_TARGET,
];

/// Regenerates (or, with `check_only`, verifies) every committed bindings file.
pub(crate) fn codegen(check_only: bool) -> Result<()> {
    crate::deps::require(crate::deps::Group::Build, "running bindgen");
    crate::deps::require(crate::deps::Group::Codegen, "generating the cross bindings");
    let root = workspace_root();
    let host = host_triple()?;
    if generate::target_os(&host) != Some("linux") {
        bail!("codegen needs a Linux host with libsctp-dev (host is {host})");
    }
    let work_dir = root.join("target").join("codegen");
    fs::create_dir_all(&work_dir).with_context(|| format!("creating {}", work_dir.display()))?;
    let include_dir = std::env::var_os("SCTP_SYS_INCLUDE_DIR").map(PathBuf::from);
    let sysroot = freebsd_sysroot(&root)?;

    let mut stale = Vec::new();
    for &target in TARGETS {
        let request = generate::Request {
            target,
            host: &host,
            include_dir: include_dir.as_deref(),
            freebsd_sysroot: Some(&sysroot),
            work_dir: &work_dir,
            cargo_callbacks: false,
        };
        let generated = generate::generate(&request)
            .map_err(|message| anyhow::anyhow!("generating bindings for {target}: {message}"))?;
        let text = committed_text(&generated);
        let name = generate::bundled_file_name(target).context("target without a file name")?;
        let path = root
            .join("sctp-sys")
            .join("src")
            .join("bindings")
            .join(name);
        let current = fs::read_to_string(&path).unwrap_or_default();
        if current == text {
            println!("codegen: {} is up to date", relative(&root, &path));
        } else if check_only {
            stale.push(relative(&root, &path));
        } else {
            fs::create_dir_all(path.parent().context("bindings dir")?)?;
            fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
            println!("codegen: wrote {}", relative(&root, &path));
        }
    }
    if !stale.is_empty() {
        bail!(
            "stale generated bindings: {} (run `cargo xtask codegen` and commit the result)",
            stale.join(", ")
        );
    }
    Ok(())
}

/// The committed form: the features line first (the build script reads it), then a note.
fn committed_text(generated: &str) -> String {
    let (features, rest) = generated.split_once('\n').unwrap_or((generated, ""));
    format!(
        "{features}\n// Committed copy of the generated bindings, used by the `bundled-bindings` \
         feature, docs builds and SCTP_SYS_BUNDLED_BINDINGS=1.\n// Regenerate with `cargo xtask \
         codegen`; do not edit.\n{rest}"
    )
}

fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn host_triple() -> Result<String> {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let output = Command::new(&rustc)
        .arg("-vV")
        .output()
        .with_context(|| format!("running {rustc} -vV"))?;
    let text = String::from_utf8(output.stdout)?;
    text.lines()
        .find_map(|line| line.strip_prefix("host: "))
        .map(str::to_owned)
        .context("rustc -vV printed no host line")
}

/// FreeBSD headers: `SCTP_SYS_FREEBSD_SYSROOT`, else the `ziglang` wheel under `target/`,
/// fetched with pip when missing.
fn freebsd_sysroot(root: &Path) -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("SCTP_SYS_FREEBSD_SYSROOT") {
        return Ok(PathBuf::from(dir));
    }
    let wheel_dir = root.join("target").join("zig-wheel");
    let unpacked = wheel_dir.join("ziglang");
    if unpacked
        .join("lib/libc/include/generic-freebsd/netinet/sctp.h")
        .is_file()
    {
        return Ok(unpacked);
    }
    println!("codegen: fetching FreeBSD headers (PyPI ziglang wheel) into target/zig-wheel");
    fs::create_dir_all(&wheel_dir)?;
    let status = Command::new("python3")
        .args(["-m", "pip", "download", "--no-deps", "ziglang", "-d"])
        .arg(&wheel_dir)
        .status()
        .context("running python3 -m pip")?;
    if !status.success() {
        bail!("pip could not download the ziglang wheel; set SCTP_SYS_FREEBSD_SYSROOT instead");
    }
    let wheel = fs::read_dir(&wheel_dir)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .find(|path| path.extension().is_some_and(|ext| ext == "whl"))
        .context("no wheel after pip download")?;
    let status = Command::new("python3")
        .args(["-m", "zipfile", "-e"])
        .arg(&wheel)
        .arg(&wheel_dir)
        .status()
        .context("unpacking the wheel")?;
    if !status.success() || !unpacked.is_dir() {
        bail!("could not unpack {}", wheel.display());
    }
    Ok(unpacked)
}

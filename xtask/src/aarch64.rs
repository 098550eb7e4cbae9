//! `cargo xtask check --target aarch64`: type-check the library crates for
//! `aarch64-unknown-linux-gnu` with sctp-sys's committed aarch64 bindings.
//!
//! The committed `sctp-sys/src/bindings/linux_aarch64.rs` is bindgen's reading of the aarch64
//! C headers (Debian's cross C library headers with lksctp-tools' header; `cargo xtask codegen
//! --check` regenerates it and compares). Its layout assertions say what size, alignment and
//! field offsets libclang computed for each C struct on aarch64; compiling the file for aarch64
//! evaluates them against Rust's layout of the same types there, so a layout that differs
//! between the C header and the bindings fails this check. The hand-written
//! `sctp_paddrparams` assertions of `sctp-sys/src/linux.rs` and the whole of `sctp` are checked
//! for aarch64 along the way.
//!
//! No aarch64 machine, linker or prebuilt aarch64 standard library is needed: the same Debian
//! toolchain as the FreeBSD check (`rustc-web` with `rust-web-src`) builds `core` and `std` from
//! source with `-Zbuild-std`, and `cargo check` never links.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};

use crate::util::{self, project_root, step};

/// The Rust target triple checked.
const TRIPLE: &str = "aarch64-unknown-linux-gnu";

/// Type-checks sctp-sys (committed bindings), sctp-notify and sctp (with `tokio`) for aarch64.
pub(crate) fn check() -> Result<()> {
    crate::deps::require(crate::deps::Group::Build, "type-checking for aarch64");
    let toolchain = crate::freebsd::ensure_toolchain()?;
    step(&format!(
        "cargo check for {TRIPLE} (committed bindings, layout assertions evaluated; std built \
         from source)"
    ));
    let started = Instant::now();
    let mut cmd = std::process::Command::new(&toolchain.cargo);
    cmd.current_dir(project_root()).args([
        "check",
        "--locked",
        "-Zbuild-std=core,std,alloc,panic_abort",
        "--target",
        TRIPLE,
        "--lib",
        "--features",
        "sctp-sockets/bundled-bindings,sctp-sockets/tokio",
    ]);
    // usrsctp's bindings have no committed copy to check (bindgen reads the build machine's
    // `usrsctp.h`, and pkg-config finds no aarch64 usrsctp here): the check is about the
    // committed SCTP bindings and the crates built on them.
    for (folder, package) in util::PACKAGES {
        if *folder != "usrsctp-sys" {
            cmd.args(["-p", package]);
        }
    }
    let bin_dir = toolchain.rustc.parent().unwrap_or(Path::new("/usr/bin"));
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs = vec![bin_dir.to_path_buf()];
    dirs.extend(std::env::split_paths(&path));
    cmd.env("PATH", std::env::join_paths(dirs).unwrap_or(path))
        .env("CARGO", &toolchain.cargo)
        .env("RUSTC", &toolchain.rustc)
        .env("RUSTC_BOOTSTRAP", "1")
        .env("CARGO_TARGET_DIR", util::target_dir().join("aarch64-check"))
        .env_remove("RUSTUP_TOOLCHAIN")
        .env_remove("RUSTC_WRAPPER")
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_TARGET")
        .env_remove("SCTP_SYS_INCLUDE_DIR");
    util::run(&mut cmd).context("the libraries do not type-check for aarch64 Linux")?;
    println!(
        "aarch64 check passed ({TRIPLE}, {:.0} s)",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

//! `cargo xtask ci` step: prove that `sctp-notify` builds without `std`.
//!
//! No target without std can be installed here, so `sctp-notify/no-std-check` is a
//! `#![no_std]` `cdylib` for the host target with `panic = "abort"` and its own panic
//! handler: if `sctp-notify` linked `std`, the build would fail with a duplicate
//! `panic_impl` lang item.

use anyhow::{Context, Result};

use crate::util::{cargo, project_root, run, step};

/// Builds the no_std check crate (its own workspace, its own target directory).
pub(crate) fn check() -> Result<()> {
    step("sctp-notify builds without std (sctp-notify/no-std-check)");
    let root = project_root();
    let manifest = root.join("sctp-notify/no-std-check/Cargo.toml");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("no-std-check");
    run(cargo()
        .args(["build", "--release", "--locked", "--manifest-path"])
        .arg(&manifest)
        .env("CARGO_TARGET_DIR", &target))
    .context("sctp-notify no longer builds without std")
}

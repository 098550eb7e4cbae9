//! `cargo xtask miri`: runs `sctp-notify`'s unit, binary and integration tests under miri
//! (nightly), which checks the parser's memory accesses and arithmetic for undefined
//! behaviour the native test run cannot see.
//!
//! The property tests drop to one case each under `cfg(miri)` (miri interprets every
//! instruction), kernel tests stay ignored, doc tests and benchmarks are left out; proptest
//! reads its regression file, so isolation is off. When the nightly toolchain or its miri component cannot be
//! had, the command says so and fails.

use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::fuzz::{nightly_cargo, require_nightly};
use crate::util::{run, step, target_dir};

pub(crate) fn miri(args: &[String]) -> Result<()> {
    if let Some(arg) = args.first() {
        bail!("unknown argument `{arg}` (usage: cargo xtask miri)");
    }
    let started = Instant::now();
    require_nightly("miri")?;
    if !miri_installed() {
        step("installing the nightly miri component");
        let added = Command::new("rustup")
            .args([
                "component",
                "add",
                "--toolchain",
                "nightly",
                "miri",
                "rust-src",
            ])
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        if !added || !miri_installed() {
            bail!(
                "miri is not available for the nightly toolchain here (`rustup component add \
                 --toolchain nightly miri` failed), so the miri step cannot run"
            );
        }
    }
    step("miri: sctp-notify's tests (unit, binary, integration)");
    let tools = target_dir().join("tools");
    run(nightly_cargo(&tools)
        .current_dir(crate::util::project_root())
        .args([
            "miri",
            "test",
            "-p",
            "sctp-notify",
            "--lib",
            "--bins",
            "--tests",
        ])
        .env("MIRIFLAGS", "-Zmiri-disable-isolation"))
    .context("sctp-notify's tests failed under miri")?;
    eprintln!("miri: done in {:.0} s", started.elapsed().as_secs_f64());
    Ok(())
}

fn miri_installed() -> bool {
    Command::new("cargo")
        .args(["+nightly", "miri", "--version"])
        .env_remove("RUSTUP_TOOLCHAIN")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

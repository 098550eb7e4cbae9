//! `cargo xtask ci`: everything CI checks, in the order a failure is cheapest to find: formatting,
//! lints, docs, generated files, the publish dry run and the minimum Rust version, the `no_std`
//! build, no libsctp in `sctp`'s binaries, the FreeBSD and aarch64 type-checks, a bounded fuzz run
//! and miri over `sctp-notify`, a subset of the kernel tests under valgrind memcheck, then every
//! test on every kernel of `ci/kernels.txt`.

use anyhow::Result;

use crate::util::{cargo, run, step};

pub(crate) fn ci(args: &[String]) -> Result<()> {
    crate::deps::ensure(&[crate::deps::Group::Build])?;
    step("cargo fmt --check");
    run(cargo().args(["fmt", "--all", "--", "--check"]))?;
    step("cargo clippy (all targets, warnings denied)");
    run(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    step("cargo doc (warnings denied)");
    run(cargo()
        .args(["doc", "--workspace", "--no-deps"])
        .env("RUSTDOCFLAGS", "-D warnings"))?;
    step("sctp-sys: committed bindings are up to date");
    crate::codegen::codegen(true)?;
    crate::release::publish_dry_run()?;
    crate::release::msrv()?;
    crate::nostd::check()?;
    crate::linkcheck::check()?;
    crate::freebsd::check(&["--target".into(), "freebsd".into()])?;
    crate::aarch64::check()?;
    crate::fuzz::fuzz(&["--time".into(), "60".into()])?;
    crate::miri::miri(&[])?;
    step("kernel tests under valgrind memcheck (a subset, on the default kernel)");
    crate::test::test(&MEMCHECK.map(String::from))?;
    // Last, so that the run ends with the count of every test.
    let mut test_args = vec!["--kernels".to_string(), "all".to_string()];
    test_args.extend(args.iter().cloned());
    crate::test::test(&test_args)
}

/// The memcheck run: the test binaries that between them take every send, receive and option
/// path of `sctp` (the library's own kernel tests: cut control data and notification drains;
/// `regressions`: address lists, bindx, connectx, PR-SCTP sends; `one_to_many`: send_to,
/// notifications, peel-off; `options`: every socket option's get and set), bounded per binary.
/// Memcheck under TCG costs about a minute per binary on top of its tests: this subset took
/// 136 to 442 s with the VM boot on a shared 2-core host, depending on its load (`cargo xtask
/// test` with these arguments); the whole suite has 12 binaries.
const MEMCHECK: [&str; 13] = [
    "--valgrind",
    "--kernel-only",
    "--test-timeout",
    "300",
    "-p",
    "sctp",
    "--lib",
    "--test",
    "regressions",
    "--test",
    "one_to_many",
    "--test",
    "options",
];

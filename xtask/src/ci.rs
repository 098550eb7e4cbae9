//! `cargo xtask ci`: everything CI checks, in the order a failure is cheapest to find: formatting,
//! lints, docs, generated files, the `no_std` build, the FreeBSD type-check, a bounded fuzz run and
//! miri over `sctp-notify`, then every test on every kernel of `ci/kernels.txt`.

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
    crate::nostd::check()?;
    crate::freebsd::check(&["--target".into(), "freebsd".into()])?;
    crate::fuzz::fuzz(&["--time".into(), "60".into()])?;
    crate::miri::miri(&[])?;
    let mut test_args = vec!["--kernels".to_string(), "all".to_string()];
    test_args.extend(args.iter().cloned());
    crate::test::test(&test_args)
}

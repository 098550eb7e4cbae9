//! `cargo xtask bench`: the criterion benchmarks, with short measurement times so a run
//! takes a few minutes on a shared machine. Extra arguments go to criterion (a filter
//! such as `parse/`, or `--measurement-time 5` for steadier figures).

use anyhow::Result;

use crate::util::{cargo, run, step};

/// Runs `cargo bench -p sctp-notify` and passes `args` through to criterion.
pub(crate) fn bench(args: &[String]) -> Result<()> {
    step("sctp-notify: ns per parse and per fields() walk (figures in BENCHMARKS.md)");
    run(cargo()
        .args(["bench", "-p", "sctp-notify", "--bench", "parse", "--"])
        .args(args))
}

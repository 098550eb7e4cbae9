//! `cargo xtask`: project automation (CI, kernel tests in Linux VMs, benchmarks, the demo).
//!
//! One subcommand per task, in the style of rust-analyzer's and aya's xtasks. See `cargo xtask help`.

mod aarch64;
mod bench;
mod ci;
mod codegen;
mod demo;
mod deps;
mod freebsd;
mod fuzz;
mod linkcheck;
mod miri;
mod needs;
mod nostd;
mod release;
mod test;
mod userland;
mod util;
mod vm;

use anyhow::{Result, bail};

pub(crate) const USAGE: &str = "\
usage: cargo xtask <command> [args]

commands:
  test     host tests, then every kernel test in a Linux VM (see `cargo xtask test --help`)
  bench    parser benchmarks, and the sockets against a C baseline in the VM (BENCHMARKS.md)
  ci       fmt, clippy, docs, generated-file checks, publish dry run, MSRV, then `test --kernels all`
  check    `--target freebsd`: type-check and clippy the workspace for FreeBSD (FreeBSD's headers);
           `--target aarch64`: type-check the libraries for aarch64 Linux (committed bindings)
  codegen  regenerate sctp-sys's committed bindings (`--check`: fail if they are stale)
  demo     a server and a client talking SCTP on loopback (in a VM when the host lacks SCTP)
  linkcheck  an example of `sctp` must not need libsctp (readelf -d; also part of `ci`)
  fuzz     sctp-notify's libFuzzer target, bounded (`--time SECONDS`, default 60, or `--runs N`)
  miri     sctp-notify's tests under miri (nightly)
";

fn main() {
    if let Err(e) = try_main() {
        eprintln!("xtask: error: {e:#}");
        std::process::exit(1);
    }
}

fn try_main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = args.split_first() else {
        print!("{USAGE}");
        return Ok(());
    };
    // A fresh machine has nothing: install what the command needs before it builds or boots.
    if let Some(groups) = needs::groups(cmd, rest) {
        deps::ensure(&groups)?;
    }
    match cmd.as_str() {
        "test" => test::test(rest),
        "bench" => bench::bench(rest),
        "ci" => ci::ci(rest),
        "check" => freebsd::check(rest),
        "codegen" => codegen::codegen(rest.iter().any(|a| a == "--check")),
        "demo" => demo::demo(rest),
        "linkcheck" => linkcheck::check(),
        "fuzz" => fuzz::fuzz(rest),
        "miri" => miri::miri(rest),
        "help" | "-h" | "--help" => {
            print!("{USAGE}");
            Ok(())
        }
        other => bail!("unknown command `{other}`\n\n{USAGE}"),
    }
}

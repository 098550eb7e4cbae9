//! `cargo xtask fuzz`: runs `sctp-notify`'s libFuzzer target (`sctp-notify/fuzz`, through
//! cargo-fuzz on the nightly toolchain) for a bounded time or number of inputs.
//!
//! cargo-fuzz is installed under the target directory (`target/tools`) when missing. When
//! the nightly toolchain or cargo-fuzz cannot be had, the command says so and fails: a
//! fuzz step that did not fuzz never passes.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::util::{self, project_root, run, step, target_dir};

const USAGE: &str = "\
usage: cargo xtask fuzz [--time SECONDS | --runs N]

Builds sctp-notify/fuzz with cargo-fuzz (nightly, no sanitizer, debug assertions on) and runs
its target `parse_emit` for SECONDS (default 60) or for N inputs, starting from the corpus
kept in target/fuzz/corpus/parse_emit plus the committed fixtures. A crash fails the command
and leaves the input in target/fuzz/artifacts/parse_emit/.
";

/// The fuzz targets of `sctp-notify/fuzz`.
const TARGETS: &[&str] = &["parse_emit"];

enum Bound {
    Seconds(u64),
    Runs(u64),
}

pub(crate) fn fuzz(args: &[String]) -> Result<()> {
    let mut bound = Bound::Seconds(60);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Result<u64> {
            args.next()
                .and_then(|v| v.parse().ok())
                .with_context(|| format!("{name} needs a number\n\n{USAGE}"))
        };
        match arg.as_str() {
            "--time" => bound = Bound::Seconds(number("--time")?),
            "--runs" => bound = Bound::Runs(number("--runs")?),
            "-h" | "--help" => {
                print!("{USAGE}");
                return Ok(());
            }
            other => bail!("unknown argument `{other}`\n\n{USAGE}"),
        }
    }
    crate::deps::ensure(&[crate::deps::Group::Build])?;
    let started = Instant::now();
    require_nightly("fuzzing (cargo-fuzz needs -Zsanitizer and libFuzzer's nightly flags)")?;
    let tools = ensure_cargo_fuzz()?;

    let fuzz_dir = project_root().join("sctp-notify/fuzz");
    let build_dir = target_dir().join("fuzz");
    let limit = match bound {
        Bound::Seconds(s) => format!("-max_total_time={}", s / TARGETS.len() as u64),
        Bound::Runs(n) => format!("-runs={n}"),
    };
    for target in TARGETS {
        let corpus = build_dir.join("corpus").join(target);
        seed_corpus(&corpus)?;
        let artifacts = build_dir.join("artifacts").join(target);
        std::fs::create_dir_all(&artifacts)?;
        // libFuzzer glues the prefix to the file name: it must end with a slash.
        let artifact_prefix = format!("-artifact_prefix={}/", artifacts.display());
        step(&format!("fuzz sctp-notify: {target} ({limit})"));
        run(nightly_cargo(&tools)
            .current_dir(&fuzz_dir)
            .args(["fuzz", "run", "--sanitizer", "none", "--debug-assertions"])
            .arg("--target-dir")
            .arg(&build_dir)
            .arg(target)
            .arg(&corpus)
            .args(["--", &limit, &artifact_prefix, "-print_final_stats=1"]))
        .with_context(|| format!("fuzz target {target} failed (or found a crash)"))?;
    }
    eprintln!(
        "fuzz: built and ran {} target(s) in {:.0} s",
        TARGETS.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `cargo +nightly`, through rustup's proxy, with `target/tools/bin` on `PATH` and none of
/// the variables our own (stable) cargo run set for us.
pub(crate) fn nightly_cargo(tools: &Path) -> Command {
    let mut cmd = Command::new("cargo");
    cmd.arg("+nightly");
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs = vec![tools.join("bin")];
    dirs.extend(std::env::split_paths(&path));
    cmd.env(
        "PATH",
        std::env::join_paths(dirs).expect("PATH entries contain no separator"),
    );
    for var in [
        "CARGO",
        "RUSTC",
        "RUSTDOC",
        "RUSTUP_TOOLCHAIN",
        "CARGO_TARGET_DIR",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// Fails with a plain message when the nightly toolchain is not installed.
pub(crate) fn require_nightly(what: &str) -> Result<()> {
    let ok = Command::new("rustup")
        .args(["run", "nightly", "rustc", "--version"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        bail!(
            "the nightly toolchain is not installed, so {what} cannot run here \
             (install it with `rustup toolchain install nightly`)"
        );
    }
    Ok(())
}

/// `target/tools`, with cargo-fuzz installed in its `bin/` (built once, on first use).
fn ensure_cargo_fuzz() -> Result<PathBuf> {
    let tools = target_dir().join("tools");
    if tools.join("bin/cargo-fuzz").is_file() {
        return Ok(tools);
    }
    step("installing cargo-fuzz into target/tools");
    run(util::cargo()
        .args(["install", "cargo-fuzz", "--locked", "--root"])
        .arg(&tools))
    .context(
        "cargo-fuzz could not be installed (it comes from crates.io), so the fuzz step cannot run",
    )?;
    Ok(tools)
}

/// Puts every committed fixture (`sctp-notify/tests/fixtures/**.hex`) into the corpus as
/// raw bytes, so fuzzing starts from well-formed notifications of every kind.
fn seed_corpus(corpus: &Path) -> Result<()> {
    std::fs::create_dir_all(corpus).with_context(|| format!("creating {}", corpus.display()))?;
    let fixtures = project_root().join("sctp-notify/tests/fixtures");
    let mut pending = vec![fixtures.clone()];
    while let Some(dir) = pending.pop() {
        for entry in
            std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "hex") {
                continue;
            }
            let text = std::fs::read_to_string(&path)?;
            let bytes =
                from_hex(text.trim()).with_context(|| format!("{} is not hex", path.display()))?;
            let name = path
                .strip_prefix(&fixtures)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('/', "-");
            std::fs::write(corpus.join(format!("fixture-{name}")), bytes)?;
        }
    }
    Ok(())
}

fn from_hex(s: &str) -> Option<Vec<u8>> {
    let digits: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    digits
        .chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok())
        .collect()
}

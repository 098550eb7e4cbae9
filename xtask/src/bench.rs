//! `cargo xtask bench`: the benchmarks behind BENCHMARKS.md.
//!
//! - `sctp-notify`: criterion, on the host (`cargo bench -p sctp-notify`).
//! - `sctp` sockets: `sctp/benches/pingpong.rs` against its C baseline `ci/bench/pingpong.c`, both run
//!   inside one VM boot (or on the host when its kernel has SCTP), alternating, for both socket styles and
//!   64 B / 1 KiB messages. Reported as ratios to the C program measured in the same run — time per
//!   message (median of the rounds) and user-space instructions per message (callgrind, the difference
//!   of two message counts, so set-up cancels out) — because absolute times in a TCG guest mean little.
//! - `sctp::tokio` against the blocking sockets: the same workload on the async sockets, in the same
//!   run; gated at 1.5× the blocking path's instructions per message and zero heap allocations in the
//!   message loop (DESIGN §7).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result, bail};

use crate::util::{self, cargo, project_root, step};
use crate::{deps, vm};

const USAGE: &str = "\
usage: cargo xtask bench [--notify-only | --sockets-only] [--rounds N] [--count N] [--kernel PATH]
";

pub(crate) fn bench(args: &[String]) -> Result<()> {
    let (mut notify, mut sockets) = (true, true);
    let (mut rounds, mut count, mut kernel) = (7u32, 3000u32, None::<PathBuf>);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--notify-only" => sockets = false,
            "--sockets-only" => notify = false,
            "--rounds" => rounds = it.next().context("--rounds N")?.parse()?,
            "--count" => count = it.next().context("--count N")?.parse()?,
            "--kernel" => kernel = Some(it.next().context("--kernel PATH")?.into()),
            "-h" | "--help" => {
                print!("{USAGE}");
                return Ok(());
            }
            other => bail!("unknown argument `{other}`\n\n{USAGE}"),
        }
    }
    deps::ensure(&[deps::Group::Build])?;
    if notify {
        step("sctp-notify: parse benchmarks (criterion, host)");
        util::run(cargo().args(["bench", "-p", "sctp-notify"]))?;
    }
    if sockets {
        sockets_bench(rounds, count, kernel)?;
    }
    Ok(())
}

fn sockets_bench(rounds: u32, count: u32, kernel: Option<PathBuf>) -> Result<()> {
    step("sctp sockets vs C: building both");
    let out_dir = util::target_dir().join("bench");
    let _ = std::fs::remove_dir_all(&out_dir);
    std::fs::create_dir_all(&out_dir)?;
    let c_bin = out_dir.join("pingpong-c");
    util::run(
        Command::new("cc")
            .args(["-O2", "-Wall", "-o"])
            .arg(&c_bin)
            .arg(project_root().join("ci/bench/pingpong.c"))
            .arg("-lsctp"),
    )?;
    let json = util::output(cargo().args([
        "bench",
        "-p",
        "sctp",
        "--bench",
        "pingpong",
        "--no-run",
        "--message-format=json-render-diagnostics",
    ]))?;
    let rust_bin = json
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "pingpong")
        .and_then(|m| m["executable"].as_str().map(PathBuf::from))
        .context("cargo did not report the pingpong bench executable")?;

    let script = project_root().join("ci/bench/vm-bench.sh");
    let guest = format!(
        "sh {} {} {} {} {rounds} {count}",
        script.display(),
        out_dir.display(),
        c_bin.display(),
        rust_bin.display()
    );
    let limit = Duration::from_secs(1800);
    if crate::test::host_has_sctp() && kernel.is_none() {
        step("sctp sockets vs C: on this host");
        util::run(Command::new("sh").arg("-c").arg(&guest))?;
    } else {
        deps::ensure(&[deps::Group::Vm])?;
        let k = match kernel {
            Some(p) => vm::kernel_from_path(&p)?,
            None => vm::default_kernel()?,
        };
        let accel = vm::accel(&k)?;
        step(&format!(
            "sctp sockets vs C: in a VM, kernel {} ({accel})",
            k.version
        ));
        match vm::run(&k, accel, &guest, &out_dir, limit)? {
            vm::Outcome::Exited(0) => {}
            vm::Outcome::Exited(code) => bail!("the benchmark VM run failed (status {code})"),
            vm::Outcome::TimedOut => {
                bail!("the benchmark VM run timed out after {} s", limit.as_secs())
            }
        }
    }
    if !out_dir.join("complete").exists() {
        bail!("the benchmark run did not complete");
    }
    let results = std::fs::read_to_string(out_dir.join("results"))?;
    let kernel_version = std::fs::read_to_string(out_dir.join("kernel")).unwrap_or_default();
    report(&results, kernel_version.trim(), rounds, count)
}

/// Per (style, size): times per implementation, and (count, instructions) pairs per implementation.
type Times = BTreeMap<(String, u32), BTreeMap<String, Vec<f64>>>;
type Instrs = BTreeMap<(String, u32), BTreeMap<String, Vec<(f64, f64)>>>;
/// Per (style, size, implementation): (message count, allocations in the loop) of each timed run.
type Allocs = BTreeMap<(String, u32, String), Vec<(u64, u64)>>;

/// The async path may cost at most this many times the blocking path's instructions per message.
const TOKIO_MAX_RATIO: f64 = 1.5;

/// Instructions per message of one implementation: the difference of the two callgrind runs.
fn instr_per_msg(instrs: &Instrs, style: &str, size: u32, imp: &str) -> Option<f64> {
    let v = instrs.get(&(style.to_string(), size))?.get(imp)?;
    let (lo, hi) = (
        v.iter().min_by(|a, b| a.0.total_cmp(&b.0))?,
        v.iter().max_by(|a, b| a.0.total_cmp(&b.0))?,
    );
    (hi.0 > lo.0).then(|| (hi.1 - lo.1) / (hi.0 - lo.0))
}

fn report(results: &str, kernel: &str, rounds: u32, count: u32) -> Result<()> {
    let mut times = Times::new();
    let mut instrs = Instrs::new();
    let mut allocs = Allocs::new();
    for line in results.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        match f[..] {
            ["time", style, size, imp, ns] => times
                .entry((style.into(), size.parse()?))
                .or_default()
                .entry(imp.into())
                .or_default()
                .push(ns.parse().with_context(|| format!("bad line `{line}`"))?),
            ["ir", style, size, imp, n, ir] => instrs
                .entry((style.into(), size.parse()?))
                .or_default()
                .entry(imp.into())
                .or_default()
                .push((
                    n.parse()?,
                    ir.replace(',', "")
                        .parse()
                        .with_context(|| format!("bad line `{line}`"))?,
                )),
            ["alloc", style, size, imp, n, a] => allocs
                .entry((style.into(), size.parse()?, imp.into()))
                .or_default()
                .push((
                    n.parse()?,
                    a.parse().with_context(|| format!("bad line `{line}`"))?,
                )),
            _ => bail!("unexpected result line `{line}`"),
        }
    }
    println!(
        "\nsctp sockets vs C on kernel {kernel}: {rounds} alternating rounds of {count} messages, send+recv in one thread"
    );
    println!(
        "{:<10} {:>6}  {:>12} {:>12} {:>10}  {:>10} {:>10} {:>10}",
        "style", "size", "C ns/msg", "Rust ns/msg", "C/Rust", "C instr", "Rust instr", "Rust/C"
    );
    for ((style, size), by_impl) in &times {
        let median = |imp: &str| -> Result<f64> {
            let mut v = by_impl
                .get(imp)
                .cloned()
                .with_context(|| format!("no {imp} times"))?;
            v.sort_by(f64::total_cmp);
            Ok(v[v.len() / 2])
        };
        let (c, r) = (median("c")?, median("rust")?);
        let per_msg = |imp: &str| instr_per_msg(&instrs, style, *size, imp);
        let (ci, ri) = (per_msg("c"), per_msg("rust"));
        let fmt = |x: Option<f64>| x.map_or("-".to_string(), |v| format!("{v:.0}"));
        let ratio = match (ci, ri) {
            (Some(c), Some(r)) if c > 0.0 => format!("{:.3}", r / c),
            _ => "-".into(),
        };
        println!(
            "{style:<10} {size:>5}B  {c:>12.0} {r:>12.0} {:>10.3}  {:>10} {:>10} {ratio:>10}",
            c / r,
            fmt(ci),
            fmt(ri)
        );
    }
    println!(
        "C/Rust > 1 means the Rust binding is faster; Rust/C instructions: user-space work per message."
    );

    println!(
        "\nsctp::tokio vs the blocking sockets, same run (gate: <= {TOKIO_MAX_RATIO}x instructions, 0 allocations per message)"
    );
    println!(
        "{:<10} {:>6}  {:>12} {:>12} {:>12}  {:>12} {:>12} {:>10}",
        "style",
        "size",
        "block instr",
        "tokio instr",
        "tokio/block",
        "block alloc",
        "tokio alloc",
        "verdict"
    );
    let mut failures = Vec::new();
    for (style, size) in times.keys() {
        let (bi, ti) = (
            instr_per_msg(&instrs, style, *size, "rust"),
            instr_per_msg(&instrs, style, *size, "tokio"),
        );
        // The largest count of allocations any timed run made in its message loop, per message.
        let alloc = |imp: &str| -> Option<f64> {
            allocs
                .get(&(style.clone(), *size, imp.to_string()))?
                .iter()
                .map(|&(n, a)| a as f64 / n.max(1) as f64)
                .max_by(f64::total_cmp)
        };
        let (ba, ta) = (alloc("rust"), alloc("tokio"));
        let ratio = match (bi, ti) {
            (Some(b), Some(t)) if b > 0.0 => Some(t / b),
            _ => None,
        };
        let ok = ratio.is_some_and(|r| r <= TOKIO_MAX_RATIO) && ta == Some(0.0);
        if !ok {
            failures.push(format!("{style} {size} B"));
        }
        let fmt =
            |x: Option<f64>, prec: usize| x.map_or("-".to_string(), |v| format!("{v:.prec$}"));
        println!(
            "{style:<10} {size:>5}B  {:>12} {:>12} {:>12}  {:>12} {:>12} {:>10}",
            fmt(bi, 0),
            fmt(ti, 0),
            fmt(ratio, 3),
            fmt(ba, 3),
            fmt(ta, 3),
            if ok { "ok" } else { "OVER" }
        );
    }
    if !failures.is_empty() {
        bail!(
            "the tokio path misses its gate (<= {TOKIO_MAX_RATIO}x, 0 allocations) for: {}",
            failures.join(", ")
        );
    }
    Ok(())
}

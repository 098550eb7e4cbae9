//! `cargo xtask bench`: the benchmarks behind BENCHMARKS.md.
//!
//! - `sctp-notify`: criterion, on the host (`cargo bench -p sctp-notify`).
//! - `sctp` sockets: `sctp/benches/pingpong.rs` against its C baseline `ci/bench/pingpong.c`, both run
//!   inside one VM boot (or on the host when its kernel has SCTP), alternating, for both socket styles and
//!   64 B / 1 KiB messages. Reported as ratios to the C program measured in the same run — time per
//!   message (median of the rounds) and user-space instructions per message (callgrind, the difference
//!   of two message counts, so set-up cancels out) — because absolute times in a TCG guest mean little.
//! - `sctp::tokio` against the blocking sockets: the same (fixed) workload on the async sockets, in
//!   the same run, with DESIGN §7's gate printed beside it: at most 1.5× the blocking path's
//!   instructions per message and zero heap allocations in the message loop. Beside it, the same
//!   loop under `unconstrained` (no forced yields) and its floor: the budget and the plain calls in
//!   the same runtime, with none of the crate's futures, which shows how much of the cost is
//!   the crate's and how much any budget-honouring async call pays.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result, bail};

use crate::util::{self, cargo, project_root, step};
use crate::{deps, vm};

const USAGE: &str = "\
usage: cargo xtask bench [--notify-only | --sockets-only] [--rounds N] [--count N] [--kernel PATH]
                         [--scales \"1 100 1000 10000\"]
";

pub(crate) fn bench(args: &[String]) -> Result<()> {
    let (mut notify, mut sockets) = (true, true);
    let (mut rounds, mut count, mut kernel) = (7u32, 3000u32, None::<PathBuf>);
    let mut scales = "1 100 1000 10000".to_string();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--notify-only" => sockets = false,
            "--sockets-only" => notify = false,
            "--rounds" => rounds = it.next().context("--rounds N")?.parse()?,
            "--count" => count = it.next().context("--count N")?.parse()?,
            "--kernel" => kernel = Some(it.next().context("--kernel PATH")?.into()),
            "--scales" => {
                scales = it.next().context("--scales \"N N ...\"")?.clone();
                if scales.split_whitespace().any(|n| n.parse::<u32>().is_err()) {
                    bail!("--scales takes association counts, e.g. \"1 100 1000\"");
                }
            }
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
        util::run(cargo().args(["bench", "-p", "sctp-notify", "--bench", "parse"]))?;
        notify_instructions()?;
    }
    if sockets {
        sockets_bench(rounds, count, kernel, &scales)?;
    }
    Ok(())
}

/// The executable of bench target `name` in cargo's JSON messages of a `--no-run` build.
fn bench_executable(json: &str, name: &str) -> Result<PathBuf> {
    json.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == name)
        .and_then(|m| m["executable"].as_str().map(PathBuf::from))
        .with_context(|| format!("cargo did not report the {name} bench executable"))
}

/// Instructions per parse and per `fields()` walk of each notification kind, counted by
/// callgrind on the host as the difference of two loop lengths (`sctp-notify/benches/parse_ir.rs`).
fn notify_instructions() -> Result<()> {
    step("sctp-notify: instructions per parse and per fields() walk (callgrind, host)");
    if !util::have("valgrind") {
        crate::deps::apt_install(&["valgrind".to_string()])?;
    }
    let json = util::output(cargo().args([
        "bench",
        "-p",
        "sctp-notify",
        "--bench",
        "parse_ir",
        "--no-run",
        "--message-format=json-render-diagnostics",
    ]))?;
    let exe = bench_executable(&json, "parse_ir")?;
    let kinds = util::output(Command::new(&exe).arg("list"))?;
    let (short, long) = (1_000u64, 11_000u64);
    let count = |what: &str, kind: &str, n: u64| -> Result<f64> {
        let out = Command::new("valgrind")
            .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
            .arg(&exe)
            .args([what, kind, &n.to_string()])
            .output()
            .context("running valgrind")?;
        let text = String::from_utf8_lossy(&out.stderr);
        text.lines()
            .find_map(|l| l.split("Collected :").nth(1))
            .map(|v| v.trim().replace(',', ""))
            .and_then(|v| v.parse().ok())
            .with_context(|| format!("no callgrind total for {what} {kind}"))
    };
    println!(
        "\n{:<24} {:>14} {:>16}",
        "kind", "instr/parse", "instr/fields()"
    );
    for kind in kinds.lines().map(str::trim).filter(|k| !k.is_empty()) {
        let mut row = Vec::new();
        for what in ["parse", "fields"] {
            let (a, b) = (count(what, kind, short)?, count(what, kind, long)?);
            row.push((b - a) / (long - short) as f64);
        }
        println!("{kind:<24} {:>14.1} {:>16.1}", row[0], row[1]);
    }
    println!(
        "(callgrind, difference of {long} and {short} iterations; the Linux fixtures of sctp-notify/tests)"
    );
    Ok(())
}

fn sockets_bench(rounds: u32, count: u32, kernel: Option<PathBuf>, scales: &str) -> Result<()> {
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
        "sctp-sockets",
        "--bench",
        "pingpong",
        "--bench",
        "batch",
        "--bench",
        "scale",
        "--no-run",
        "--message-format=json-render-diagnostics",
    ]))?;
    let rust_bin = bench_executable(&json, "pingpong")?;
    let batch_bin = bench_executable(&json, "batch")?;
    let scale_bin = bench_executable(&json, "scale")?;

    let script = project_root().join("ci/bench/vm-bench.sh");
    let guest = format!(
        "sh {} {} {} {} {rounds} {count} {} {} '{scales}'",
        script.display(),
        out_dir.display(),
        c_bin.display(),
        rust_bin.display(),
        batch_bin.display(),
        scale_bin.display()
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
type Case = (String, String, u32);
/// Per (style, single|batch): times, and (count, instructions) pairs.
type BatchTimes = BTreeMap<(String, String), Vec<f64>>;
/// Per (workload, style, size, implementation): (message count, allocations in the loop) of each
/// timed run.
type Allocs = BTreeMap<(String, String, u32, String), Vec<(u64, u64)>>;

/// The async path may cost at most this many times the blocking path's instructions per message.
const TOKIO_MAX_RATIO: f64 = 1.5;
type BatchInstrs = BTreeMap<(String, String), Vec<(f64, f64)>>;

/// The median of some samples.
fn median(mut v: Vec<f64>) -> Option<f64> {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied()
}

/// Instructions per message: the difference of the largest and smallest runs.
fn per_message(v: &[(f64, f64)]) -> Option<f64> {
    let lo = v.iter().min_by(|a, b| a.0.total_cmp(&b.0))?;
    let hi = v.iter().max_by(|a, b| a.0.total_cmp(&b.0))?;
    (hi.0 > lo.0).then(|| (hi.1 - lo.1) / (hi.0 - lo.0))
}
type Times = BTreeMap<Case, BTreeMap<String, Vec<f64>>>;
type Instrs = BTreeMap<Case, BTreeMap<String, Vec<(f64, f64)>>>;

fn report(results: &str, kernel: &str, rounds: u32, count: u32) -> Result<()> {
    let mut times = Times::new();
    let mut instrs = Instrs::new();
    let mut allocs = Allocs::new();
    let mut batch_times = BatchTimes::new();
    let mut batch_instrs = BatchInstrs::new();
    // Per association count: (setup ns per association, ns per message, RSS KiB), and
    // (count, instructions) pairs.
    let mut scale_runs: BTreeMap<u32, (f64, f64, f64)> = BTreeMap::new();
    let mut scale_instrs: BTreeMap<u32, Vec<(f64, f64)>> = BTreeMap::new();
    for line in results.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        match f[..] {
            ["time", workload, style, size, imp, ns] => times
                .entry((workload.into(), style.into(), size.parse()?))
                .or_default()
                .entry(imp.into())
                .or_default()
                .push(ns.parse().with_context(|| format!("bad line `{line}`"))?),
            ["ir", workload, style, size, imp, n, ir] => instrs
                .entry((workload.into(), style.into(), size.parse()?))
                .or_default()
                .entry(imp.into())
                .or_default()
                .push((
                    n.parse()?,
                    ir.replace(',', "")
                        .parse()
                        .with_context(|| format!("bad line `{line}`"))?,
                )),
            ["alloc", workload, style, size, imp, n, a] => allocs
                .entry((workload.into(), style.into(), size.parse()?, imp.into()))
                .or_default()
                .push((
                    n.parse()?,
                    a.parse().with_context(|| format!("bad line `{line}`"))?,
                )),
            ["btime", style, mode, ns] => batch_times
                .entry((style.into(), mode.into()))
                .or_default()
                .push(ns.parse().with_context(|| format!("bad line `{line}`"))?),
            ["bir", style, mode, n, ir] => batch_instrs
                .entry((style.into(), mode.into()))
                .or_default()
                .push((
                    n.parse()?,
                    ir.replace(',', "")
                        .parse()
                        .with_context(|| format!("bad line `{line}`"))?,
                )),
            ["scale", n, setup, ns, rss] => {
                scale_runs.insert(n.parse()?, (setup.parse()?, ns.parse()?, rss.parse()?));
            }
            ["sir", n, k, ir] => scale_instrs.entry(n.parse()?).or_default().push((
                k.parse()?,
                ir.replace(',', "")
                    .parse()
                    .with_context(|| format!("bad line `{line}`"))?,
            )),
            _ => bail!("unexpected result line `{line}`"),
        }
    }
    println!(
        "\nsctp sockets vs C on kernel {kernel}: {rounds} alternating rounds of {count} messages, send+recv in one thread"
    );
    println!(
        "{:<8} {:<10} {:>6}  {:>12} {:>12} {:>10}  {:>10} {:>10} {:>10}",
        "workload",
        "style",
        "size",
        "C ns/msg",
        "Rust ns/msg",
        "C/Rust",
        "C instr",
        "Rust instr",
        "Rust/C"
    );
    for ((workload, style, size), by_impl) in &times {
        let median_of = |imp: &str| -> Result<f64> {
            by_impl
                .get(imp)
                .cloned()
                .and_then(median)
                .with_context(|| format!("no {imp} times"))
        };
        let (c, r) = (median_of("c")?, median_of("rust")?);
        let per_msg = |imp: &str| -> Option<f64> {
            per_message(
                instrs
                    .get(&(workload.clone(), style.clone(), *size))?
                    .get(imp)?,
            )
        };
        let (ci, ri) = (per_msg("c"), per_msg("rust"));
        let fmt = |x: Option<f64>| x.map_or("-".to_string(), |v| format!("{v:.0}"));
        let ratio = match (ci, ri) {
            (Some(c), Some(r)) if c > 0.0 => format!("{:.3}", r / c),
            _ => "-".into(),
        };
        println!(
            "{workload:<8} {style:<10} {size:>5}B  {c:>12.0} {r:>12.0} {:>10.3}  {:>10} {:>10} {ratio:>10}",
            c / r,
            fmt(ci),
            fmt(ri)
        );
    }
    println!(
        "C/Rust > 1 means the Rust binding is faster; Rust/C instructions: user-space work per message."
    );
    tokio_report(&times, &instrs, &allocs);
    if !batch_times.is_empty() {
        println!(
            "\nbatch API (send_batch/recv_batch, groups of 16) against one call per message, 64 B, same boot"
        );
        println!(
            "{:<10}  {:>14} {:>14} {:>9}  {:>13} {:>13}",
            "style", "single ns/msg", "batch ns/msg", "speed-up", "single instr", "batch instr"
        );
        for style in ["stream", "seqpacket"] {
            let key = |mode: &str| (style.to_string(), mode.to_string());
            let (Some(single), Some(batch)) = (
                batch_times.get(&key("single")).cloned().and_then(median),
                batch_times.get(&key("batch")).cloned().and_then(median),
            ) else {
                continue;
            };
            let ir = |mode: &str| {
                batch_instrs
                    .get(&key(mode))
                    .and_then(|v| per_message(v))
                    .map_or("-".to_string(), |v| format!("{v:.0}"))
            };
            println!(
                "{style:<10}  {single:>14.0} {batch:>14.0} {:>8.2}x  {:>13} {:>13}",
                single / batch,
                ir("single"),
                ir("batch")
            );
        }
        println!("speed-up: messages per second with batches over one call per message (medians).");
    }
    if !scale_runs.is_empty() {
        println!(
            "\none one-to-many socket serving N associations round-robin (64 B, one client socket each)"
        );
        println!(
            "{:>8}  {:>16} {:>12} {:>12} {:>10}",
            "assocs", "setup us/assoc", "ns/msg", "instr/msg", "RSS KiB"
        );
        for (n, (setup, ns, rss)) in &scale_runs {
            let ir = scale_instrs
                .get(n)
                .and_then(|v| per_message(v))
                .map_or("-".to_string(), |v| format!("{v:.0}"));
            println!(
                "{n:>8}  {:>16.0} {ns:>12.0} {ir:>12} {rss:>10.0}",
                setup / 1000.0
            );
        }
    }
    Ok(())
}

/// `sctp::tokio` against the blocking sockets (the fixed workload), with the gate of DESIGN §7.
fn tokio_report(times: &Times, instrs: &Instrs, allocs: &Allocs) {
    println!(
        "\nsctp::tokio vs the blocking sockets, fixed workload, same run (gate: <= {TOKIO_MAX_RATIO}x instructions, 0 allocations per message)"
    );
    println!(
        "{:<10} {:>6}  {:>12} {:>12} {:>12}  {:>12} {:>12} {:>8}  {:>15} {:>15}  {:>11} {:>11} {:>11}",
        "style",
        "size",
        "block instr",
        "tokio instr",
        "tokio/block",
        "block alloc",
        "tokio alloc",
        "gate",
        "unconstr. instr",
        "unconstr./block",
        "floor instr",
        "floor/block",
        "tokio/floor"
    );
    let mut missed = Vec::new();
    for (workload, style, size) in times.keys().filter(|k| k.0 == "fixed") {
        let key = (workload.clone(), style.clone(), *size);
        let ir = |imp: &str| {
            instrs
                .get(&key)
                .and_then(|m| m.get(imp))
                .and_then(|v| per_message(v))
        };
        let (bi, ti) = (ir("rust"), ir("tokio"));
        // The most allocations any timed run made in its message loop, per message.
        let alloc = |imp: &str| -> Option<f64> {
            allocs
                .get(&(workload.clone(), style.clone(), *size, imp.to_string()))?
                .iter()
                .map(|&(n, a)| a as f64 / n.max(1) as f64)
                .max_by(f64::total_cmp)
        };
        let (ba, ta) = (alloc("rust"), alloc("tokio"));
        let ratio = |x: Option<f64>, y: Option<f64>| match (x, y) {
            (Some(x), Some(y)) if y > 0.0 => Some(x / y),
            _ => None,
        };
        let tokio_ratio = ratio(ti, bi);
        let ok = tokio_ratio.is_some_and(|r| r <= TOKIO_MAX_RATIO) && ta == Some(0.0);
        if !ok {
            missed.push(format!("{style} {size} B"));
        }
        let fmt =
            |x: Option<f64>, prec: usize| x.map_or("-".to_string(), |v| format!("{v:.prec$}"));
        // The same loop under `tokio::task::coop::unconstrained`: no forced yields (the
        // budget is still looked up on every call); and its floor (see `tokio-floor` in
        // `sctp/benches/pingpong.rs`).
        let (ui, fi) = (ir("tokio-u"), ir("tokio-f"));
        println!(
            "{style:<10} {size:>5}B  {:>12} {:>12} {:>12}  {:>12} {:>12} {:>8}  {:>15} {:>15}  {:>11} {:>11} {:>11}",
            fmt(bi, 0),
            fmt(ti, 0),
            fmt(tokio_ratio, 3),
            fmt(ba, 3),
            fmt(ta, 3),
            if ok { "met" } else { "MISSED" },
            fmt(ui, 0),
            fmt(ratio(ui, bi), 3),
            fmt(fi, 0),
            fmt(ratio(fi, bi), 3),
            fmt(ratio(ti, fi), 3)
        );
    }
    if !missed.is_empty() {
        println!("the tokio gate is missed for: {}", missed.join(", "));
    }
    // The same loop on UDP sockets: what tokio itself adds to a blocking socket's call.
    let udp = instrs.get(&("udp".to_string(), "udp".to_string(), 64));
    let udp_ir = |imp: &str| udp.and_then(|m| m.get(imp)).and_then(|v| per_message(v));
    if let (Some(std), Some(tokio)) = (udp_ir("std"), udp_ir("tokio")) {
        println!(
            "reference, no SCTP: tokio::net::UdpSocket {tokio:.0} vs std::net::UdpSocket {std:.0} instr per message, {:.3}x (same loop, 64 B)",
            tokio / std
        );
    }
}

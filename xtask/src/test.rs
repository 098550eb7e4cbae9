//! `cargo xtask test`: host tests, then every kernel test inside a Linux VM (or on the host when its
//! kernel has SCTP), with one result line per test binary and a final `N passed, N failed`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::util::{self, cargo, project_root, step};
use crate::{deps, vm};

const USAGE: &str = "\
usage: cargo xtask test [OPTIONS] [-- TEST-FILTER...]

Runs the host tests (cargo test), then builds the test binaries and runs every kernel test
(#[ignore = \"needs kernel SCTP: …\"]) in one VM boot, or directly when the host kernel has SCTP.

options:
  --vm                 run the kernel tests in a VM even if the host has SCTP
  --vm freebsd --image PATH
                       run the whole suite in a FreeBSD VM booted from PATH (user-supplied;
                       not run in CI; see xtask/src/freebsd.rs for what the image needs)
  --no-vm              run the kernel tests on the host (its kernel must have SCTP)
  --kernel PATH        boot this kernel image (/boot/vmlinuz-<version>) instead of the default
  --kernels all        run the kernel tests once per kernel of ci/kernels.txt (installing them)
  -p, --package NAME   only this package, by package or folder name (repeatable)
  --test NAME          only this integration test target (repeatable)
  --lib                only the unit tests of the selected packages' libraries (with --test: also)
  --host-only          only the host tests
  --kernel-only        only the kernel tests
  --timeout SECS       bound on one VM run (default 1500)
  --test-timeout SECS  bound on one test binary (default 600)
  --valgrind           run each kernel-test binary under valgrind memcheck (suppressions:
                       ci/valgrind.supp); any memcheck error or definite leak fails the binary
";

#[derive(Default)]
struct Args {
    force_vm: bool,
    no_vm: bool,
    kernel: Option<PathBuf>,
    all_kernels: bool,
    packages: Vec<String>,
    tests: Vec<String>,
    /// `--lib`: the library unit tests are selected too.
    lib: bool,
    host_only: bool,
    kernel_only: bool,
    vm_timeout: Option<u64>,
    test_timeout: Option<u64>,
    filters: Vec<String>,
    /// `--valgrind`: the kernel tests run under memcheck.
    valgrind: bool,
    /// `--vm freebsd`: run in a FreeBSD VM instead (see `freebsd::vm_test`).
    freebsd: bool,
    image: Option<PathBuf>,
}

fn parse(args: &[String]) -> Result<Args> {
    let mut a = Args::default();
    // `--vm freebsd` selects the FreeBSD VM; plain `--vm` is a flag.
    let mut rest: Vec<String> = Vec::with_capacity(args.len());
    let mut given = args.iter().peekable();
    while let Some(arg) = given.next() {
        if arg == "--vm" && given.peek().is_some_and(|v| *v == "freebsd") {
            given.next();
            a.freebsd = true;
        } else {
            rest.push(arg.clone());
        }
    }
    let mut it = rest.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .with_context(|| format!("{name} needs a value\n\n{USAGE}"))
        };
        match arg.as_str() {
            "--vm" => a.force_vm = true,
            "--image" => a.image = Some(value("--image")?.into()),
            "--no-vm" => a.no_vm = true,
            "--kernel" => a.kernel = Some(value("--kernel")?.into()),
            "--kernels" => {
                let v = value("--kernels")?;
                if v != "all" {
                    bail!("--kernels takes `all`\n\n{USAGE}");
                }
                a.all_kernels = true;
            }
            "-p" | "--package" => a.packages.push(value("--package")?),
            "--test" => a.tests.push(value("--test")?),
            "--lib" => a.lib = true,
            "--host-only" => a.host_only = true,
            "--kernel-only" => a.kernel_only = true,
            "--valgrind" => a.valgrind = true,
            "--timeout" => {
                a.vm_timeout = Some(value("--timeout")?.parse().context("--timeout: seconds")?)
            }
            "--test-timeout" => {
                a.test_timeout = Some(
                    value("--test-timeout")?
                        .parse()
                        .context("--test-timeout: seconds")?,
                )
            }
            "-h" | "--help" => {
                print!("{USAGE}");
                std::process::exit(0);
            }
            "--" => {
                a.filters.extend(it.by_ref().cloned());
            }
            other => bail!("unknown argument `{other}`\n\n{USAGE}"),
        }
    }
    if a.force_vm && a.no_vm {
        bail!("--vm and --no-vm exclude each other");
    }
    if a.host_only && a.kernel_only {
        bail!("--host-only and --kernel-only exclude each other");
    }
    if a.all_kernels && a.kernel.is_some() {
        bail!("--kernel and --kernels all exclude each other");
    }
    if a.freebsd != a.image.is_some() {
        bail!("--vm freebsd and --image PATH go together\n\n{USAGE}");
    }
    Ok(a)
}

/// Pass/fail counts of individual tests.
#[derive(Default, Clone, Copy)]
struct Tally {
    passed: u64,
    failed: u64,
    ignored: u64,
}

impl std::ops::AddAssign for Tally {
    fn add_assign(&mut self, o: Tally) {
        self.passed += o.passed;
        self.failed += o.failed;
        self.ignored += o.ignored;
    }
}

/// Parses libtest's `test result: ok. 3 passed; 0 failed; 1 ignored; …` line.
fn parse_summary(line: &str) -> Option<Tally> {
    let rest = line.strip_prefix("test result: ")?;
    let (_, counts) = rest.split_once(". ")?;
    let mut t = Tally::default();
    for part in counts.split(';') {
        let mut words = part.split_whitespace();
        let (Some(n), Some(what)) = (words.next(), words.next()) else {
            continue;
        };
        let Ok(n) = n.parse::<u64>() else { continue };
        match what {
            "passed" => t.passed = n,
            "failed" => t.failed = n,
            "ignored" => t.ignored = n,
            _ => {}
        }
    }
    Some(t)
}

pub(crate) fn test(args: &[String]) -> Result<()> {
    let args = parse(args)?;
    if let Some(image) = &args.image {
        return crate::freebsd::vm_test(&crate::freebsd::VmArgs {
            image: image.clone(),
            timeout: Duration::from_secs(args.vm_timeout.unwrap_or(3600)),
            filters: args.filters.clone(),
        });
    }
    deps::ensure(&[deps::Group::Build])?;
    let started = Instant::now();
    let mut total = Tally::default();
    let mut failed_anywhere = false;

    // The userland suite needs neither kernel SCTP nor a VM: seconds of feedback first. Its tests
    // run again among the host tests below, where they are counted.
    if !args.kernel_only
        && (args.packages.is_empty()
            || args
                .packages
                .iter()
                .any(|p| util::package_name(p) == "sctp-sockets"))
        && (args.tests.is_empty()
            || args
                .tests
                .iter()
                .any(|t| crate::userland::TARGETS.contains(&t.as_str())))
    {
        let (_, failed) = crate::userland::suite(&args.filters)?;
        failed_anywhere |= failed > 0;
    }

    if !args.kernel_only {
        let host = host_tests(&args)?;
        println!(
            "host tests: {} passed, {} failed, {} ignored (the kernel tests among them run below)",
            host.passed, host.failed, host.ignored
        );
        failed_anywhere |= host.failed > 0;
        total.passed += host.passed;
        total.failed += host.failed;
    }

    if !args.host_only {
        let binaries = build_kernel_tests(&args)?;
        let expected: u64 = binaries.iter().map(|b| b.ignored).sum();
        println!(
            "kernel tests: {expected} in {} test binaries",
            binaries.len()
        );
        let direct = args.no_vm || (!args.force_vm && host_has_sctp());
        let runs: Vec<Option<vm::Kernel>> = if direct {
            if args.kernel.is_some() || args.all_kernels {
                bail!(
                    "--kernel/--kernels choose a VM kernel; they do not go with running on the host"
                );
            }
            vec![None]
        } else {
            let kernels = if args.all_kernels {
                deps::ensure(&[deps::Group::Vm])?;
                deps::ensure_all_kernels()?;
                vm::installed_kernels()
            } else if let Some(path) = &args.kernel {
                vec![vm::kernel_from_path(path)?]
            } else {
                deps::ensure(&[deps::Group::Vm])?;
                vec![vm::default_kernel()?]
            };
            kernels.into_iter().map(Some).collect()
        };
        for kernel in &runs {
            let tally = run_kernel_tests(&binaries, kernel.as_ref(), &args)?;
            failed_anywhere |= tally.failed > 0;
            total.passed += tally.passed;
            total.failed += tally.failed;
        }
    }
    println!("time: {:.0} s", started.elapsed().as_secs_f64());
    println!("{} passed, {} failed", total.passed, total.failed);
    if failed_anywhere {
        bail!("tests failed");
    }
    Ok(())
}

fn selection(cmd: &mut Command, args: &Args) {
    if args.packages.is_empty() {
        cmd.arg("--workspace");
    }
    for p in &args.packages {
        cmd.args(["-p", util::package_name(p)]);
    }
    for t in &args.tests {
        cmd.args(["--test", t]);
    }
    if args.lib {
        cmd.arg("--lib");
    }
}

fn host_tests(args: &Args) -> Result<Tally> {
    step("host tests: cargo test");
    let mut cmd = cargo();
    cmd.arg("test");
    selection(&mut cmd, args);
    if !args.filters.is_empty() {
        cmd.arg("--").args(&args.filters);
    }
    cmd.stdout(Stdio::piped());
    let mut child = cmd.spawn().context("running cargo test")?;
    let mut tally = Tally::default();
    for line in BufReader::new(child.stdout.take().context("cargo test stdout")?).lines() {
        let line = line?;
        println!("{line}");
        if let Some(t) = parse_summary(&line) {
            tally += t;
        }
    }
    let status = child.wait()?;
    if !status.success() && tally.failed == 0 {
        // A build error or a crashed test binary: no summary says so, but it is a failure.
        tally.failed += 1;
    }
    Ok(tally)
}

/// A test executable holding at least one kernel test.
struct TestBinary {
    /// `<package>-<target>` (`-lib` for unit tests).
    name: String,
    exe: PathBuf,
    dir: PathBuf,
    /// How many kernel tests it holds (`--list --ignored`).
    ignored: u64,
}

fn build_kernel_tests(args: &Args) -> Result<Vec<TestBinary>> {
    step("building the kernel test binaries");
    let mut cmd = cargo();
    cmd.args([
        "test",
        "--no-run",
        "--message-format=json-render-diagnostics",
    ]);
    selection(&mut cmd, args);
    let out = util::output(&mut cmd)?;
    let mut binaries = Vec::new();
    for line in out.lines() {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if msg["reason"] != "compiler-artifact" || msg["profile"]["test"] != true {
            continue;
        }
        let Some(exe) = msg["executable"].as_str() else {
            continue;
        };
        let target = msg["target"]["name"].as_str().unwrap_or("?");
        let kind = msg["target"]["kind"][0].as_str().unwrap_or("?");
        let manifest = msg["manifest_path"].as_str().unwrap_or("");
        let dir = Path::new(manifest)
            .parent()
            .unwrap_or(&project_root())
            .to_path_buf();
        let package = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = match kind {
            "lib" => format!("{package}-lib"),
            "test" => format!("{package}-{target}"),
            other => format!("{package}-{other}-{target}"),
        };
        let listing = util::output(
            Command::new(exe)
                .args(["--list", "--ignored"])
                .current_dir(&dir),
        )?;
        let ignored = listing.lines().filter(|l| l.ends_with(": test")).count() as u64;
        if ignored > 0 {
            binaries.push(TestBinary {
                name,
                exe: exe.into(),
                dir,
                ignored,
            });
        }
    }
    binaries.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(binaries)
}

/// Whether this host's own kernel can make an SCTP socket.
pub(crate) fn host_has_sctp() -> bool {
    // SAFETY: socket(2) has no memory-safety preconditions; a returned fd is closed right away.
    let fd = unsafe { libc::socket(libc::AF_INET, libc::SOCK_STREAM, libc::IPPROTO_SCTP) };
    if fd < 0 {
        return false;
    }
    // SAFETY: fd is a descriptor we own and close once.
    unsafe { libc::close(fd) };
    true
}

fn run_kernel_tests(
    binaries: &[TestBinary],
    kernel: Option<&vm::Kernel>,
    args: &Args,
) -> Result<Tally> {
    let label = kernel.map_or("host".to_string(), |k| k.version.clone());
    let results = util::target_dir().join("kernel-tests").join(&label);
    let _ = std::fs::remove_dir_all(&results);
    std::fs::create_dir_all(&results).with_context(|| format!("creating {}", results.display()))?;
    let per_binary = args.test_timeout.unwrap_or(600);
    let mut manifest = String::new();
    for b in binaries {
        manifest.push_str(&format!(
            "{}\t{}\t{}\t{per_binary}\t{}\n",
            b.name,
            b.exe.display(),
            b.dir.display(),
            args.filters.join(" ")
        ));
    }
    std::fs::write(results.join("manifest"), manifest)?;
    if args.valgrind {
        std::fs::write(results.join("wrapper"), memcheck_command())?;
    }
    let script = project_root().join("ci/vm-test.sh");
    let limit = Duration::from_secs(args.vm_timeout.unwrap_or(1500));
    let started = Instant::now();
    let outcome = match kernel {
        Some(k) => {
            let accel = vm::accel(k)?;
            step(&format!(
                "kernel tests in a VM: kernel {} ({accel}), bounded to {} s",
                k.version,
                limit.as_secs()
            ));
            vm::run(
                k,
                accel,
                &format!("sh {} {}", script.display(), results.display()),
                &results,
                limit,
            )?
        }
        None => {
            step("kernel tests on this host (its kernel has SCTP)");
            match util::run_bounded(Command::new("sh").arg(&script).arg(&results), limit)? {
                Some(s) => vm::Outcome::Exited(s.code().unwrap_or(-1)),
                None => vm::Outcome::TimedOut,
            }
        }
    };
    let ran_on = std::fs::read_to_string(results.join("kernel")).unwrap_or_default();
    let complete = results.join("complete").exists();
    println!(
        "\nkernel tests on {} ({}, {:.0} s):",
        if ran_on.trim().is_empty() {
            label.as_str()
        } else {
            ran_on.trim()
        },
        if kernel.is_some() { "VM" } else { "host" },
        started.elapsed().as_secs_f64()
    );
    let mut tally = Tally::default();
    for b in binaries {
        let log =
            std::fs::read_to_string(results.join(format!("{}.log", b.name))).unwrap_or_default();
        let rc: Option<i32> = std::fs::read_to_string(results.join(format!("{}.rc", b.name)))
            .ok()
            .and_then(|s| s.trim().parse().ok());
        let mut t = log
            .lines()
            .rev()
            .find_map(parse_summary)
            .unwrap_or_default();
        let note = match rc {
            None => "did not run".to_string(),
            Some(0) => String::new(),
            Some(124) | Some(137) => format!("timed out after {per_binary} s"),
            Some(code) => format!("exit status {code}"),
        };
        // A binary that crashed, timed out or never ran counts its missing tests as failed.
        let expected = if args.filters.is_empty() {
            b.ignored
        } else {
            t.passed + t.failed
        };
        if rc != Some(0) && t.passed + t.failed < expected.max(1) {
            t.failed = expected.max(1) - t.passed;
        } else if rc != Some(0) && t.failed == 0 {
            t.failed = 1;
        }
        println!(
            "  {:<36} {:>4} passed, {:>3} failed  {note}",
            b.name, t.passed, t.failed
        );
        if t.failed > 0 {
            print_failure(&b.name, &log);
        }
        tally.passed += t.passed;
        tally.failed += t.failed;
    }
    match outcome {
        vm::Outcome::TimedOut => {
            println!("  the run was killed after {} s", limit.as_secs());
            tally.failed = tally.failed.max(1);
        }
        vm::Outcome::Exited(code) if !complete => {
            println!(
                "  the VM run ended (status {code}) before all test binaries ran: it did not boot or crashed"
            );
            tally.failed = tally.failed.max(1);
        }
        vm::Outcome::Exited(_) => {}
    }
    println!(
        "kernel {label}: {} passed, {} failed",
        tally.passed, tally.failed
    );
    Ok(tally)
}

/// The memcheck command each kernel-test binary runs under with `--valgrind`: every error fails
/// the binary (exit status 99), and so does memory left definitely lost at exit; the suppressions
/// of `ci/valgrind.supp` cover documented false positives only.
fn memcheck_command() -> String {
    format!(
        "valgrind --tool=memcheck --quiet --error-exitcode=99 --leak-check=full \
         --show-leak-kinds=definite --errors-for-leak-kinds=definite --num-callers=40 \
         --suppressions={}",
        project_root().join("ci/valgrind.supp").display()
    )
}

fn print_failure(name: &str, log: &str) {
    let lines: Vec<&str> = log.lines().collect();
    let from = lines
        .iter()
        .position(|l| *l == "failures:")
        .unwrap_or(lines.len().saturating_sub(60));
    println!("  ---- {name} ----");
    for l in &lines[from..] {
        println!("  | {l}");
    }
}

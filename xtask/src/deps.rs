//! Installing what the build and the VM need (`ci/packages.txt`, `ci/kernels.txt`).
//!
//! Everything is checked first by a cheap probe (a file or a command on `PATH`); only what is missing is
//! installed, with one `apt-get update` before the first install. Without root or passwordless sudo we
//! stop and print the exact command to run instead.
//!
//! What a run has ensured is recorded: [`require`] (called by `util::cargo()` before anything is
//! compiled, and by `vm` before anything is booted) stops a command that would build or boot
//! before its packages are in place. Which command needs which groups is the table in
//! `needs.rs`, applied by `main` before the command runs.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU8, Ordering};

use anyhow::{Context, Result, bail};

use crate::util::{self, project_root};

/// Which requirements of `ci/packages.txt` to check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Group {
    /// What compiling the workspace needs.
    Build,
    /// What booting the test VM and the tests inside it need (with a kernel and virtme-ng).
    Vm,
    /// What regenerating and checking the committed bindings of other targets needs.
    Codegen,
}

impl Group {
    fn bit(self) -> u8 {
        match self {
            Group::Build => 1,
            Group::Vm => 2,
            Group::Codegen => 4,
        }
    }
}

/// The groups [`ensure`] has made present in this run.
static ENSURED: AtomicU8 = AtomicU8::new(0);

/// Whether `group` was ensured in this run.
pub(crate) fn is_ensured(group: Group) -> bool {
    ENSURED.load(Ordering::SeqCst) & group.bit() != 0
}

/// Stops with a clear message when `group` was not ensured before `what`: a command that builds or
/// boots before installing what that needs fails on a fresh machine in a confusing way (bindgen's
/// "libclang not found", a missing qemu), so this is a bug of the command, caught on every run,
/// not only on fresh machines.
pub(crate) fn require(group: Group, what: &str) {
    assert!(
        is_ensured(group),
        "xtask bug: {what} before the {group:?} packages were ensured; give the command's \
         entry in xtask/src/needs.rs the {group:?} group"
    );
}

struct Requirement {
    group: String,
    probe: String,
    package: String,
}

fn requirements() -> Result<Vec<Requirement>> {
    let path = project_root().join("ci/packages.txt");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let mut reqs = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [group, probe, package] = fields[..] else {
            bail!(
                "{}:{}: expected `<group> <probe> <package>`",
                path.display(),
                n + 1
            );
        };
        reqs.push(Requirement {
            group: group.into(),
            probe: probe.into(),
            package: package.into(),
        });
    }
    Ok(reqs)
}

fn probe_ok(probe: &str) -> bool {
    match probe {
        // bindgen loads libclang at run time; any of these satisfies it.
        "libclang" => std::env::var_os("LIBCLANG_PATH").is_some() || find_libclang().is_some(),
        p if p.starts_with('/') => Path::new(p).exists(),
        cmd => {
            util::have(cmd)
                || Path::new("/usr/sbin").join(cmd).exists()
                || Path::new("/sbin").join(cmd).exists()
        }
    }
}

fn find_libclang() -> Option<PathBuf> {
    let mut dirs = vec![
        PathBuf::from("/usr/lib"),
        PathBuf::from("/usr/lib/x86_64-linux-gnu"),
        PathBuf::from("/usr/lib64"),
    ];
    if let Ok(entries) = std::fs::read_dir("/usr/lib") {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with("llvm-") {
                dirs.push(e.path().join("lib"));
            }
        }
    }
    dirs.into_iter()
        .map(|d| d.join("libclang.so"))
        .find(|p| p.exists())
}

/// Makes sure every requirement of the given groups is present, installing what is missing.
/// Groups already ensured in this run are not checked again.
pub(crate) fn ensure(groups: &[Group]) -> Result<()> {
    let groups: Vec<Group> = groups.iter().copied().filter(|g| !is_ensured(*g)).collect();
    if groups.is_empty() {
        return Ok(());
    }
    let want: Vec<Requirement> = requirements()?
        .into_iter()
        .filter(|r| {
            groups.iter().any(|g| match g {
                Group::Build => r.group == "build",
                Group::Vm => r.group == "vm",
                Group::Codegen => r.group == "codegen",
            })
        })
        .collect();
    let mut missing: Vec<String> = Vec::new();
    for r in &want {
        if !probe_ok(&r.probe) && !missing.contains(&r.package) {
            missing.push(r.package.clone());
        }
    }
    if groups.contains(&Group::Vm) && crate::vm::installed_kernels().is_empty() {
        missing.push(default_kernel_package());
    }
    apt_install(&missing)?;
    if groups.contains(&Group::Vm) {
        ensure_virtme_ng()?;
    }
    for g in groups {
        ENSURED.fetch_or(g.bit(), Ordering::SeqCst);
    }
    Ok(())
}

fn default_kernel_package() -> String {
    if os_release("ID").as_deref() == Some("ubuntu") {
        "linux-image-generic".into()
    } else {
        "linux-image-amd64".into()
    }
}

fn os_release(key: &str) -> Option<String> {
    let text = std::fs::read_to_string("/etc/os-release").ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
        .map(|v| v.trim_matches('"').to_string())
}

/// How we may run apt-get: directly as root, through passwordless sudo, or not at all.
fn privilege_prefix() -> Option<Vec<&'static str>> {
    // SAFETY: geteuid(2) cannot fail and has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        return Some(vec![]);
    }
    let sudo_ok = Command::new("sudo")
        .args(["-n", "true"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    sudo_ok.then(|| vec!["sudo", "-n"])
}

static APT_UPDATED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Installs Debian packages, after one `apt-get update` per run.
pub(crate) fn apt_install(packages: &[String]) -> Result<()> {
    if packages.is_empty() {
        return Ok(());
    }
    let mut args: Vec<String> = vec![
        "install".into(),
        "-y".into(),
        "--no-install-recommends".into(),
    ];
    args.extend(packages.iter().cloned());
    let Some(prefix) = privilege_prefix().filter(|_| util::have("apt-get")) else {
        bail!(
            "missing packages: {}.\nInstall them with:\n    sudo apt-get update && sudo apt-get {}",
            packages.join(" "),
            args.join(" ")
        );
    };
    eprintln!("xtask: installing {} (apt-get)", packages.join(" "));
    if !APT_UPDATED.swap(true, std::sync::atomic::Ordering::SeqCst) {
        apt(&prefix, &["update".to_string()])?;
    }
    apt(&prefix, &args)
}

fn apt(prefix: &[&str], args: &[String]) -> Result<()> {
    let mut cmd = if let Some((first, rest)) = prefix.split_first() {
        let mut c = Command::new(first);
        c.args(rest).arg("apt-get");
        c
    } else {
        Command::new("apt-get")
    };
    cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
    util::run(&mut cmd)
}

/// The venv holding virtme-ng (system pip may refuse to install into the system Python).
pub(crate) fn venv_dir() -> PathBuf {
    project_root().join("target/venv-vng")
}

/// virtme-ng version we test with; bump deliberately.
const VIRTME_NG: &str = "virtme-ng==1.42";

fn ensure_virtme_ng() -> Result<()> {
    let venv = venv_dir();
    if venv.join("bin/vng").exists() {
        return Ok(());
    }
    eprintln!(
        "xtask: installing {VIRTME_NG} from PyPI into {}",
        venv.display()
    );
    let python = if util::have("python3") {
        "python3"
    } else {
        bail!("python3 is missing: sudo apt-get install python3 python3-venv")
    };
    let created = util::status(Command::new(python).args(["-m", "venv"]).arg(&venv))?;
    if !created.success() {
        // Debian splits venv support out of the interpreter package.
        apt_install(&["python3-venv".to_string()])?;
        let _ = std::fs::remove_dir_all(&venv);
        util::run(Command::new(python).args(["-m", "venv"]).arg(&venv))?;
    }
    util::run(Command::new(venv.join("bin/pip")).args([
        "install",
        "--quiet",
        "--disable-pip-version-check",
        VIRTME_NG,
    ]))
}

/// Makes every kernel of `ci/kernels.txt` available, installing the missing ones.
pub(crate) fn ensure_all_kernels() -> Result<()> {
    let path = project_root().join("ci/kernels.txt");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let codename = os_release("VERSION_CODENAME").unwrap_or_default();
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [name, suite, package] = fields[..] else {
            bail!("{}: bad line `{line}`", path.display());
        };
        if !suite.starts_with(&codename) || codename.is_empty() {
            eprintln!(
                "xtask: kernel `{name}` ({suite}) is for another distribution release; skipped"
            );
            continue;
        }
        if suite == codename {
            if !dpkg_installed(package) {
                apt_install(&[package.to_string()])?;
            }
            continue;
        }
        // A kernel from another suite (backports): install the versioned image package the suite's
        // meta-package points to, so the distribution's own meta-package stays as it is.
        ensure_apt_suite(suite)?;
        let versioned = suite_image_package(package, suite)?;
        if !dpkg_installed(&versioned) {
            // Named explicitly, the package comes from the suite without `-t`, which would also
            // move the distribution's meta-package to the suite's kernel.
            apt_install(&[versioned])?;
        }
    }
    Ok(())
}

pub(crate) fn dpkg_installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
        .unwrap_or(false)
}

fn ensure_apt_suite(suite: &str) -> Result<()> {
    let listed = Command::new("apt-cache")
        .args(["policy"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains(&format!("{suite}/main")))
        .unwrap_or(false);
    if listed {
        return Ok(());
    }
    let file = format!("/etc/apt/sources.list.d/{suite}.sources");
    let body = format!(
        "Types: deb\nURIs: http://deb.debian.org/debian\nSuites: {suite}\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n"
    );
    let Some(prefix) = privilege_prefix() else {
        bail!(
            "the apt suite {suite} is not configured. Add it with:\n    printf '{}' | sudo tee {file} && sudo apt-get update",
            body.replace('\n', "\\n")
        );
    };
    eprintln!("xtask: adding apt suite {suite} ({file})");
    let mut cmd = if prefix.is_empty() {
        Command::new("tee")
    } else {
        let mut c = Command::new("sudo");
        c.args(["-n", "tee"]);
        c
    };
    cmd.arg(&file)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null());
    let mut child = cmd.spawn().context("writing the apt source")?;
    use std::io::Write;
    child
        .stdin
        .take()
        .context("tee stdin")?
        .write_all(body.as_bytes())?;
    if !child.wait()?.success() {
        bail!("could not write {file}");
    }
    APT_UPDATED.store(true, std::sync::atomic::Ordering::SeqCst);
    apt(&prefix, &["update".to_string()])
}

/// `linux-image-amd64` in `suite` depends on exactly one versioned image package; find its name.
fn suite_image_package(meta: &str, suite: &str) -> Result<String> {
    let out = util::output(Command::new("apt-cache").args(["show", &format!("{meta}/{suite}")]))?;
    out.lines()
        .filter_map(|l| l.strip_prefix("Depends:"))
        .flat_map(|deps| deps.split(','))
        .map(|d| d.split_whitespace().next().unwrap_or("").to_string())
        .find(|d| d.starts_with("linux-image-") && d != meta)
        .with_context(|| {
            format!("`apt-cache show {meta}/{suite}` names no versioned linux-image package")
        })
}

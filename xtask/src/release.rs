//! `cargo xtask ci` steps that keep the library crates publishable: `cargo publish --dry-run` of
//! all of them, and a build with the declared minimum Rust version.

use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::util::{self, cargo, project_root, step};

/// `cargo publish --workspace --dry-run`: packages every publishable crate and verifies each
/// by building the packaged copy, in dependency order, with the crates packaged before it served
/// from a local registry overlay (so `sctp-sockets` is verified against the packaged
/// `sctp-sockets-sys` and `sctp-notify`, not against crates.io). Nothing is uploaded.
pub(crate) fn publish_dry_run() -> Result<()> {
    step("cargo publish --workspace --dry-run (package and verify every library crate)");
    let started = Instant::now();
    // `--allow-dirty`: what is checked is that the crates package and build, not that the work
    // tree is committed.
    util::run(cargo().args(["publish", "--workspace", "--dry-run", "--allow-dirty"]))
        .context("a library crate does not package or its packaged copy does not build")?;
    eprintln!(
        "xtask: publish dry run took {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The `rust-version` of `[workspace.package]`.
fn declared_msrv() -> Result<String> {
    let path = project_root().join("Cargo.toml");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    text.lines()
        .find_map(|l| l.trim().strip_prefix("rust-version"))
        .and_then(|rest| rest.trim().strip_prefix('='))
        .map(|v| v.trim().trim_matches('"').to_string())
        .context("no rust-version in the workspace Cargo.toml")
}

/// A `rustup run <toolchain> <program>` command with the calling toolchain's variables removed.
fn rustup_run(toolchain: &str, program: &str) -> Command {
    let mut cmd = Command::new("rustup");
    cmd.args(["run", toolchain, program])
        .current_dir(project_root())
        .env_remove("RUSTUP_TOOLCHAIN")
        .env_remove("CARGO")
        .env_remove("RUSTC")
        .env_remove("RUSTC_WRAPPER")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS");
    cmd
}

/// Whether `toolchain` is installed and runs.
fn toolchain_works(toolchain: &str) -> bool {
    rustup_run(toolchain, "rustc")
        .arg("--version")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Checks the library crates (all features) with the declared `rust-version`, installing that
/// toolchain with rustup when it can. When it cannot, says so plainly and goes on: the check was
/// not made, which is not a pass. A toolchain that is there and fails the build fails CI.
pub(crate) fn msrv() -> Result<()> {
    let version = declared_msrv()?;
    step(&format!(
        "minimum supported Rust version {version}: cargo check of the library crates"
    ));
    crate::deps::require(crate::deps::Group::Build, "checking the MSRV");
    if !util::have("rustup") {
        eprintln!(
            "xtask: MSRV NOT CHECKED: rustup is not installed, so Rust {version} cannot be \
             installed here"
        );
        return Ok(());
    }
    if !toolchain_works(&version) {
        eprintln!("xtask: installing Rust {version} (rustup, minimal profile)");
        let mut install = Command::new("rustup");
        install
            .args(["toolchain", "install", &version, "--profile", "minimal"])
            .env_remove("RUSTUP_TOOLCHAIN");
        let installed = util::run_bounded(&mut install, Duration::from_secs(300))?;
        if !installed.is_some_and(|s| s.success()) || !toolchain_works(&version) {
            eprintln!(
                "xtask: MSRV NOT CHECKED: Rust {version} is not installed and rustup could not \
                 install it (no network to static.rust-lang.org?); the declared rust-version is \
                 unverified"
            );
            return Ok(());
        }
    }
    let started = Instant::now();
    let mut check = rustup_run(&version, "cargo");
    check.args(["check", "--locked", "--all-features"]);
    for (_, package) in util::PACKAGES {
        check.args(["-p", package]);
    }
    // Another compiler: its own target directory.
    check.env("CARGO_TARGET_DIR", util::target_dir().join("msrv"));
    let status = util::status(&mut check)?;
    if !status.success() {
        bail!("the library crates do not build with Rust {version}, their declared rust-version");
    }
    eprintln!(
        "xtask: MSRV check with Rust {version} passed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The MSRV step checks the version the workspace declares, read from `[workspace.package]`.
    #[test]
    fn msrv_is_the_declared_rust_version() {
        let msrv = declared_msrv().unwrap();
        let manifest = std::fs::read_to_string(project_root().join("Cargo.toml")).unwrap();
        assert!(
            manifest.contains(&format!("rust-version = \"{msrv}\"")),
            "{msrv}"
        );
        assert!(msrv.split('.').all(|n| n.parse::<u32>().is_ok()), "{msrv}");
    }

    /// Paths that `include!`, `include_str!`, `include_bytes!` and `#[path]` name in a file,
    /// as written.
    fn named_paths(text: &str) -> Vec<String> {
        let mut paths = Vec::new();
        for marker in [
            "include!(\"",
            "include_str!(\"",
            "include_bytes!(\"",
            "#[path = \"",
        ] {
            let mut rest = text;
            while let Some(at) = rest.find(marker) {
                rest = &rest[at + marker.len()..];
                if let Some(end) = rest.find('"') {
                    paths.push(rest[..end].to_string());
                }
            }
        }
        paths
    }

    /// A published crate is built and tested from its package alone, which holds only its own
    /// folder: no source, test, example or benchmark of it may name a file outside that folder.
    #[test]
    fn published_crates_name_no_file_outside_their_folder() {
        fn visit(dir: &std::path::Path, files: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    // A folder with its own manifest is another package, not packaged with this one.
                    if !path.join("Cargo.toml").exists() {
                        visit(&path, files);
                    }
                } else if path.extension().is_some_and(|e| e == "rs") {
                    files.push(path);
                }
            }
        }
        let mut checked = 0;
        for (folder, _) in util::PACKAGES {
            let root = project_root().join(folder);
            let mut files = Vec::new();
            visit(&root, &mut files);
            for file in files {
                let text = std::fs::read_to_string(&file).unwrap();
                for named in named_paths(&text) {
                    if named.starts_with("concat!") || named.contains('$') {
                        continue;
                    }
                    // Resolve lexically against the including file's folder.
                    let mut resolved = file.parent().unwrap().to_path_buf();
                    for part in std::path::Path::new(&named).components() {
                        match part {
                            std::path::Component::ParentDir => {
                                resolved.pop();
                            }
                            std::path::Component::Normal(p) => resolved.push(p),
                            _ => {}
                        }
                    }
                    assert!(
                        resolved.starts_with(&root),
                        "{} names {named}, outside {folder}/",
                        file.display()
                    );
                    checked += 1;
                }
            }
        }
        assert!(
            checked > 10,
            "only {checked} included paths found: is the scan broken?"
        );
    }
}

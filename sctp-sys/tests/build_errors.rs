//! A machine without the SCTP header or without libclang gets one clear line naming the package
//! to install. These tests build this crate again in a separate target directory, with the
//! environment arranged to hide the header or libclang, and read the build's error output.

use std::path::PathBuf;
use std::process::Command;

/// Builds `sctp-sys` with `envs` set and returns the build's stderr; the build must fail.
fn failing_build(envs: &[(&str, &std::ffi::OsStr)]) -> String {
    let target_dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("sctp-sys-build-errors");
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let mut command = Command::new(env!("CARGO"));
    command
        .args(["build", "--quiet", "--offline", "--package", "sctp-sys"])
        .arg("--manifest-path")
        .arg(&manifest)
        .env("CARGO_TARGET_DIR", &target_dir)
        .env_remove("SCTP_SYS_BUNDLED_BINDINGS")
        .env_remove("DOCS_RS");
    for (key, value) in envs {
        command.env(key, value);
    }
    let output = command.output().expect("run cargo");
    assert!(!output.status.success(), "the build succeeded unexpectedly");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn empty_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(&dir).expect("create an empty directory");
    dir
}

/// The single `error: sctp-sys: ...` line of the output.
fn our_error_line(stderr: &str) -> &str {
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|line| line.trim_start().starts_with("error: sctp-sys:"))
        .collect();
    assert_eq!(lines.len(), 1, "expected one error line, got:\n{stderr}");
    lines[0]
}

#[test]
fn missing_header_names_the_package() {
    let dir = empty_dir("sctp-sys-empty-include");
    let stderr = failing_build(&[("SCTP_SYS_INCLUDE_DIR", dir.as_os_str())]);
    let line = our_error_line(&stderr);
    assert!(line.contains("netinet/sctp.h not found"), "{line}");
    assert!(line.contains("libsctp-dev"), "{line}");
}

#[test]
fn missing_libclang_names_the_package() {
    let dir = empty_dir("sctp-sys-empty-libclang");
    let stderr = failing_build(&[("LIBCLANG_PATH", dir.as_os_str())]);
    let line = our_error_line(&stderr);
    assert!(line.contains("libclang not found"), "{line}");
    assert!(line.contains("libclang-dev"), "{line}");
}

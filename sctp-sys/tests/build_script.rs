//! The build script seen from outside: these tests build this crate again in a separate target
//! directory with the environment arranged (a header or libclang hidden, a header from another
//! configure run) and read what the build printed or generated.
//!
//! A machine without the SCTP header or without libclang gets one clear line naming the package
//! to install; a header without `HAVE_SCTP_SENDV` turns `sctp_have_sendv` off.

use std::path::PathBuf;
use std::process::Command;

/// `cargo build` of this crate in its own target directory, with `envs` set.
fn build_command(envs: &[(&str, &std::ffi::OsStr)]) -> Command {
    let target_dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("sctp-sys-build-script");
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let mut command = Command::new(env!("CARGO"));
    command
        .args(["build", "--offline", "--package", env!("CARGO_PKG_NAME")])
        .arg("--manifest-path")
        .arg(&manifest)
        .env("CARGO_TARGET_DIR", &target_dir)
        .env_remove("SCTP_SYS_BUNDLED_BINDINGS")
        .env_remove("DOCS_RS");
    for (key, value) in envs {
        command.env(key, value);
    }
    command
}

/// Builds `sctp-sys` with `envs` set and returns the build's stderr; the build must fail.
fn failing_build(envs: &[(&str, &std::ffi::OsStr)]) -> String {
    let output = build_command(envs)
        .arg("--quiet")
        .output()
        .expect("run cargo");
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
    assert!(line.contains("`bundled-bindings` feature"), "{line}");
}

/// What that error line offers works: with the `bundled-bindings` feature the build succeeds
/// where libclang cannot be found, from the committed bindings.
#[test]
fn bundled_bindings_feature_builds_without_libclang() {
    let dir = empty_dir("sctp-sys-empty-libclang");
    let output = build_command(&[("LIBCLANG_PATH", dir.as_os_str())])
        .args(["--features", "bundled-bindings", "--message-format=json"])
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let messages = String::from_utf8_lossy(&output.stdout);
    let line = messages
        .lines()
        .find(|line| line.contains("\"reason\":\"build-script-executed\"") && is_this_package(line))
        .expect("a build-script-executed message for this package");
    assert!(line.contains("sctp_sys_bundled"), "{line}");
}

/// Whether a cargo JSON message is about this package, built from its folder in the workspace
/// or from a packaged copy.
fn is_this_package(line: &str) -> bool {
    let name = env!("CARGO_PKG_NAME");
    line.contains(&format!("#{name}@")) || line.contains(&format!("/{name}#"))
}

/// The path of the system's `netinet/sctp.h`, from the C preprocessor's dependency list.
#[cfg(target_os = "linux")]
fn system_header() -> PathBuf {
    let dir = empty_dir("sctp-sys-find-header");
    let source = dir.join("find.c");
    std::fs::write(&source, "#include <netinet/sctp.h>\n").expect("write the C file");
    let output = Command::new(std::env::var("CC").unwrap_or_else(|_| "cc".to_owned()))
        .args(["-E", "-M"])
        .arg(&source)
        .output()
        .expect("run the C preprocessor");
    assert!(output.status.success(), "preprocessing failed");
    let deps = String::from_utf8_lossy(&output.stdout).replace("\\\n", " ");
    let header = deps
        .split_whitespace()
        .find(|word| word.ends_with("/netinet/sctp.h"))
        .expect("netinet/sctp.h among the dependencies");
    PathBuf::from(header)
}

/// A header from a configure run that found no `sctp_sendv` support: the build still
/// succeeds, without `sctp_have_sendv`, and `sctp_sendv_spa` has only its first two fields.
#[cfg(target_os = "linux")]
#[test]
fn header_without_sendv_turns_the_cfg_off() {
    let original = std::fs::read_to_string(system_header()).expect("read the system header");
    assert!(
        original.contains("HAVE_SCTP_SENDV"),
        "the system header has no HAVE_SCTP_SENDV"
    );
    let reduced: String = original
        .lines()
        .filter(|line| !line.contains("#define HAVE_SCTP_SENDV"))
        .map(|line| format!("{line}\n"))
        .collect();
    let include = empty_dir("sctp-sys-no-sendv");
    std::fs::create_dir_all(include.join("netinet")).expect("create netinet/");
    std::fs::write(include.join("netinet").join("sctp.h"), reduced).expect("write the header");

    let output = build_command(&[("SCTP_SYS_INCLUDE_DIR", include.as_os_str())])
        .arg("--message-format=json")
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let messages = String::from_utf8_lossy(&output.stdout);
    let line = messages
        .lines()
        .find(|line| {
            line.contains("\"reason\":\"build-script-executed\"")
                && line.contains("\"package_id\":\"path+")
                && is_this_package(line)
        })
        .expect("a build-script-executed message for sctp-sys");
    assert!(!line.contains("sctp_have_sendv"), "cfg still set: {line}");
    assert!(
        line.contains("sctp_have_peeloff_flags"),
        "other cfgs lost: {line}"
    );
    let out_dir = line
        .split("\"out_dir\":\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("out_dir in the message");
    let bindings = std::fs::read_to_string(PathBuf::from(out_dir).join("bindings.rs"))
        .expect("read the generated bindings");
    assert!(!bindings.contains("fn sctp_sendv("));
    let spa = bindings
        .split("pub struct sctp_sendv_spa {")
        .nth(1)
        .and_then(|rest| rest.split('}').next())
        .expect("sctp_sendv_spa in the bindings");
    assert!(
        spa.contains("sendv_sndinfo") && !spa.contains("sendv_prinfo"),
        "{spa}"
    );
}

//! The check that a program built on `sctp` does not need libsctp at run time: build an example
//! of the `sctp` crate alone (so `sctp-sys` has only the features `sctp` asks for) and read the
//! shared libraries its dynamic section names (`readelf -d`, the `NEEDED` entries).

use std::path::PathBuf;

use anyhow::{Context, Result, bail};

use crate::util::{self, cargo, step};

/// The example checked: any binary of the crate would do; this one binds, connects, sends and
/// receives.
const EXAMPLE: &str = "echo_server";

pub(crate) fn check() -> Result<()> {
    step(&format!(
        "sctp: example `{EXAMPLE}` does not need libsctp (readelf -d)"
    ));
    let exe = build_example()?;
    let dynamic = util::output(std::process::Command::new("readelf").arg("-d").arg(&exe))?;
    let needed = needed_libraries(&dynamic);
    if needed.is_empty() {
        bail!(
            "readelf -d {} lists no shared library: not a dynamic executable?",
            exe.display()
        );
    }
    check_needed(&needed).with_context(|| format!("{}", exe.display()))?;
    println!("{} needs: {}", exe.display(), needed.join(", "));
    Ok(())
}

fn build_example() -> Result<PathBuf> {
    let out = util::output(cargo().args([
        "build",
        "-p",
        "sctp-sockets",
        "--example",
        EXAMPLE,
        "--message-format=json-render-diagnostics",
    ]))?;
    out.lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|msg| msg["reason"] == "compiler-artifact" && msg["target"]["name"] == EXAMPLE)
        .find_map(|msg| msg["executable"].as_str().map(PathBuf::from))
        .with_context(|| format!("cargo build did not report the executable of `{EXAMPLE}`"))
}

/// The `NEEDED` entries of `readelf -d` output: `0x…1 (NEEDED)  Shared library: [libc.so.6]`.
fn needed_libraries(dynamic: &str) -> Vec<String> {
    dynamic
        .lines()
        .filter(|l| l.contains("(NEEDED)"))
        .filter_map(|l| {
            let start = l.find('[')? + 1;
            let end = l[start..].find(']')? + start;
            Some(l[start..end].to_string())
        })
        .collect()
}

fn check_needed(needed: &[String]) -> Result<()> {
    if let Some(lib) = needed.iter().find(|l| l.starts_with("libsctp")) {
        bail!("links {lib}: a program built on `sctp` must not need libsctp at run time");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const WITH_LIBSCTP: &str = "
Dynamic section at offset 0x2d6c8 contains 29 entries:
  Tag        Type                         Name/Value
 0x0000000000000001 (NEEDED)             Shared library: [libsctp.so.1]
 0x0000000000000001 (NEEDED)             Shared library: [libgcc_s.so.1]
 0x0000000000000001 (NEEDED)             Shared library: [libc.so.6]
 0x000000000000000c (INIT)               0x6000
";

    #[test]
    fn libsctp_in_the_dynamic_section_fails_the_check() {
        let needed = needed_libraries(WITH_LIBSCTP);
        assert_eq!(needed, ["libsctp.so.1", "libgcc_s.so.1", "libc.so.6"]);
        assert!(check_needed(&needed).is_err());
        assert!(check_needed(&needed[1..]).is_ok());
    }
}

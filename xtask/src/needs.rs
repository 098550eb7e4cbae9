//! Which packages each command needs, installed by `main` before the command runs.
//!
//! A fresh machine has nothing installed. Every command that compiles (sctp-sys's build script
//! needs libclang and the SCTP header) needs [`Group::Build`]; every command that may boot the test
//! VM, pick its kernel or probe KVM needs [`Group::Vm`] as well. This table is the one place that
//! says so: `main` ensures the groups before dispatching, `util::cargo()` and `vm` refuse to build
//! or boot without them (`deps::require`), and the tests below pin the table down, including that
//! every command of `cargo xtask help` has an entry.

use crate::deps::Group;

/// The groups `cmd` with `args` needs, `host_has_sctp` telling whether the kernel tests and the
/// demo can run on this host. `None` for `help` and for unknown commands (which need nothing).
pub(crate) fn groups_for(cmd: &str, args: &[String], host_has_sctp: bool) -> Option<Vec<Group>> {
    // Arguments after `--` are test filters, not options.
    let opts: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .take_while(|a| *a != "--")
        .collect();
    let has = |flag: &str| opts.contains(&flag);
    if has("-h") || has("--help") {
        return Some(vec![]);
    }
    let build_and_vm_if = |vm: bool| {
        if vm {
            vec![Group::Build, Group::Vm]
        } else {
            vec![Group::Build]
        }
    };
    Some(match cmd {
        // bindgen for every target with committed bindings, some of them cross.
        "codegen" => vec![Group::Build, Group::Codegen],
        // The type-checks for other targets run the workspace's build scripts (bindgen for
        // FreeBSD; the aarch64 one compiles the committed bindings, which need no headers).
        "check" => vec![Group::Build],
        // Everything, then `test --kernels all`.
        "ci" => vec![Group::Build, Group::Codegen, Group::Vm],
        // `--vm freebsd --image PATH` boots a user-supplied FreeBSD image with qemu (installed by
        // the FreeBSD runner) and vendors the sources with cargo.
        "test" if has("--image") || has("--host-only") => vec![Group::Build],
        "test" => build_and_vm_if(
            !has("--no-vm")
                && (has("--vm") || has("--kernel") || has("--kernels") || !host_has_sctp),
        ),
        // Builds an example of `sctp` and reads its dynamic section.
        "linkcheck" => vec![Group::Build],
        // Build and run sctp-notify's fuzz target and its tests under miri, with nightly
        // (libFuzzer is compiled with the C++ compiler of the build group).
        "fuzz" | "miri" => vec![Group::Build],
        "bench" if has("--notify-only") => vec![Group::Build],
        "bench" => build_and_vm_if(has("--kernel") || !host_has_sctp),
        // The userland demo runs on this host's UDP, without a VM.
        "demo" if has("--userland") => vec![Group::Build],
        "demo" => build_and_vm_if(has("--vm") || has("--kernel") || !host_has_sctp),
        _ => return None,
    })
}

/// [`groups_for`] on this host.
pub(crate) fn groups(cmd: &str, args: &[String]) -> Option<Vec<Group>> {
    groups_for(cmd, args, crate::test::host_has_sctp())
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUILD: &[Group] = &[Group::Build];
    const BOTH: &[Group] = &[Group::Build, Group::Vm];
    const CODEGEN: &[Group] = &[Group::Build, Group::Codegen];
    const ALL: &[Group] = &[Group::Build, Group::Codegen, Group::Vm];

    fn needs(cmd: &str, args: &str, host_has_sctp: bool) -> Option<Vec<Group>> {
        let args: Vec<String> = args.split_whitespace().map(str::to_owned).collect();
        groups_for(cmd, &args, host_has_sctp)
    }

    /// The table, command line by command line, on a host without SCTP (this one, and every
    /// fresh machine the README's first command meets) and on one with it.
    #[test]
    fn every_command_line_gets_its_groups() {
        let cases: &[(&str, &str, &[Group], &[Group])] = &[
            // command, arguments, needs without host SCTP, needs with host SCTP
            ("demo", "", BOTH, BUILD),
            ("demo", "--vm", BOTH, BOTH),
            ("demo", "--kernel /boot/vmlinuz-6.1.0-44-amd64", BOTH, BOTH),
            ("demo", "--userland", BUILD, BUILD),
            ("linkcheck", "", BUILD, BUILD),
            ("fuzz", "--time 60", BUILD, BUILD),
            ("miri", "", BUILD, BUILD),
            ("test", "", BOTH, BUILD),
            (
                "test",
                "-p sctp --test one_to_one --kernel-only -- f",
                BOTH,
                BUILD,
            ),
            ("test", "--kernel /boot/vmlinuz-6.1.0-44-amd64", BOTH, BOTH),
            ("test", "--kernels all", BOTH, BOTH),
            ("test", "--vm", BOTH, BOTH),
            ("test", "--no-vm", BUILD, BUILD),
            ("test", "--host-only", BUILD, BUILD),
            ("test", "--vm freebsd --image img.qcow2", BUILD, BUILD),
            // `--kernel` among the filters is a filter, not the option.
            ("test", "--host-only -- --kernel", BUILD, BUILD),
            ("bench", "", BOTH, BUILD),
            ("bench", "--notify-only", BUILD, BUILD),
            (
                "bench",
                "--sockets-only --kernel /boot/vmlinuz-6.1.0-44-amd64",
                BOTH,
                BOTH,
            ),
            ("ci", "", ALL, ALL),
            ("check", "--target freebsd", BUILD, BUILD),
            ("check", "--target aarch64", BUILD, BUILD),
            ("codegen", "", CODEGEN, CODEGEN),
            ("codegen", "--check", CODEGEN, CODEGEN),
            ("demo", "--help", &[], &[]),
        ];
        for &(cmd, args, without, with) in cases {
            assert_eq!(
                needs(cmd, args, false).as_deref(),
                Some(without),
                "`{cmd} {args}` on a host without SCTP"
            );
            assert_eq!(
                needs(cmd, args, true).as_deref(),
                Some(with),
                "`{cmd} {args}` on a host with SCTP"
            );
        }
    }

    /// A command added to `cargo xtask help` without an entry here would run without its
    /// packages: every listed command must have one.
    #[test]
    fn every_listed_command_has_an_entry() {
        let commands: Vec<&str> = crate::USAGE
            .lines()
            .skip_while(|l| !l.starts_with("commands:"))
            .skip(1)
            // A command line is indented by two spaces; its continuation lines by more.
            .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
            .filter_map(|l| l.split_whitespace().next())
            .collect();
        assert!(commands.contains(&"demo"), "{commands:?}");
        for cmd in commands {
            for host in [false, true] {
                let groups = needs(cmd, "", host);
                assert!(
                    groups.as_ref().is_some_and(|g| g.contains(&Group::Build)),
                    "`cargo xtask {cmd}` has no entry with the build packages: {groups:?}"
                );
            }
        }
        assert_eq!(needs("help", "", false), None);
    }

    /// Building before the build packages are ensured is refused, whichever command tries.
    #[test]
    #[should_panic(expected = "before the Build packages were ensured")]
    fn cargo_refuses_to_run_before_ensure() {
        // No test of this binary ensures anything (that would install packages).
        let _ = crate::util::cargo();
    }

    #[test]
    #[should_panic(expected = "before the Vm packages were ensured")]
    fn no_kernel_is_picked_before_ensure() {
        let _ = crate::vm::default_kernel();
    }
}

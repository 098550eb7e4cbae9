//! The bindings against the C compiler's own view of `netinet/sctp.h`: a C program built here
//! prints `sizeof`, `_Alignof` and `offsetof` of every struct and union, the value of every
//! constant, and the results of the function-like macros; each must equal the Rust side.
//!
//! The C compiler is `$CC` or `cc`; `SCTP_SYS_INCLUDE_DIR` is passed on as `-I`, as the build
//! script does.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;

#[allow(unused_imports)]
use sctp_sys::*;

#[allow(clippy::all)]
mod table {
    #[allow(unused_imports)]
    use sctp_sys::*;
    include!(concat!(env!("OUT_DIR"), "/c_check_table.rs"));
}

/// Structs the issue names explicitly; the table must hold each (a guard against an allowlist
/// that silently lost items).
const REQUIRED: &[&str] = &[
    "sctp_sndinfo",
    "sctp_rcvinfo",
    "sctp_nxtinfo",
    "sctp_prinfo",
    "sctp_authinfo",
    "sctp_sendv_spa",
    "sctp_sndrcvinfo",
    "sctp_initmsg",
    "sctp_rtoinfo",
    "sctp_assocparams",
    "sctp_status",
    "sctp_paddrinfo",
    "sctp_event",
    "sctp_event_subscribe",
    "sctp_assoc_change",
    "sctp_paddr_change",
    "sctp_remote_error",
    "sctp_send_failed",
    "sctp_shutdown_event",
    "sctp_adaptation_event",
    "sctp_pdapi_event",
    "sctp_authkey_event",
    "sctp_sender_dry_event",
    "sctp_stream_reset_event",
    "sctp_assoc_reset_event",
    "sctp_stream_change_event",
    "sctp_notification",
];

struct CSide {
    layouts: BTreeMap<String, (usize, usize)>,
    offsets: BTreeMap<(String, String), usize>,
    constants: BTreeMap<String, i128>,
    macros: BTreeMap<String, i128>,
}

/// (Rust name, C spelling, size, [(field, offset)]) of a hand-written item.
type HandWritten = (
    &'static str,
    &'static str,
    usize,
    Vec<(&'static str, usize)>,
);

/// Hand-written items with their C spelling, checked like the generated ones.
fn hand_written_layouts() -> Vec<HandWritten> {
    // Filled on Linux only; FreeBSD needs none.
    #[allow(unused_mut)]
    let mut out = Vec::new();
    #[cfg(target_os = "linux")]
    {
        use core::mem::{offset_of, size_of};
        #[allow(unused_mut)]
        let mut fields = vec![
            ("spp_assoc_id", offset_of!(sctp_paddrparams, spp_assoc_id)),
            ("spp_address", offset_of!(sctp_paddrparams, spp_address)),
            (
                "spp_hbinterval",
                offset_of!(sctp_paddrparams, spp_hbinterval),
            ),
            (
                "spp_pathmaxrxt",
                offset_of!(sctp_paddrparams, spp_pathmaxrxt),
            ),
            ("spp_pathmtu", offset_of!(sctp_paddrparams, spp_pathmtu)),
            ("spp_sackdelay", offset_of!(sctp_paddrparams, spp_sackdelay)),
            ("spp_flags", offset_of!(sctp_paddrparams, spp_flags)),
        ];
        #[cfg(sctp_have_spp_ipv6_flowlabel)]
        fields.push((
            "spp_ipv6_flowlabel",
            offset_of!(sctp_paddrparams, spp_ipv6_flowlabel),
        ));
        #[cfg(sctp_have_spp_dscp)]
        fields.push(("spp_dscp", offset_of!(sctp_paddrparams, spp_dscp)));
        out.push((
            "sctp_paddrparams",
            "struct sctp_paddrparams",
            size_of::<sctp_paddrparams>(),
            fields,
        ));
    }
    out
}

/// Function-like macros: (C expression, Rust value).
fn macro_cases() -> Vec<(String, i128)> {
    // Filled on Linux only: a FreeBSD program cannot run here to print the C results.
    #[allow(unused_mut)]
    let mut out = Vec::new();
    #[cfg(target_os = "linux")]
    {
        for (name, policy) in [
            ("NONE", SCTP_PR_SCTP_NONE),
            ("TTL", SCTP_PR_SCTP_TTL),
            ("RTX", SCTP_PR_SCTP_RTX),
            ("PRIO", SCTP_PR_SCTP_PRIO),
        ] {
            out.push((
                format!("SCTP_PR_INDEX({name})"),
                SCTP_PR_INDEX(policy).into(),
            ));
        }
        for flags in [0u32, 0x10, 0x20, 0x30, 0x31, 0xffff, 0x8003, 0x0f] {
            out.push((
                format!("SCTP_PR_POLICY({flags}u)"),
                SCTP_PR_POLICY(flags).into(),
            ));
            out.push((
                format!("SCTP_PR_TTL_ENABLED({flags}u)"),
                i128::from(SCTP_PR_TTL_ENABLED(flags)),
            ));
            out.push((
                format!("SCTP_PR_RTX_ENABLED({flags}u)"),
                i128::from(SCTP_PR_RTX_ENABLED(flags)),
            ));
            out.push((
                format!("SCTP_PR_PRIO_ENABLED({flags}u)"),
                i128::from(SCTP_PR_PRIO_ENABLED(flags)),
            ));
            for policy in [SCTP_PR_SCTP_NONE, SCTP_PR_SCTP_TTL, SCTP_PR_SCTP_PRIO] {
                let mut rust = flags;
                SCTP_PR_SET_POLICY(&mut rust, policy);
                out.push((
                    format!(
                        "({{ unsigned int f = {flags}u; SCTP_PR_SET_POLICY(f, {policy}u); f; }})"
                    ),
                    rust.into(),
                ));
            }
        }
    }
    out
}

fn compiler() -> String {
    std::env::var("CC").unwrap_or_else(|_| "cc".to_owned())
}

fn include_args() -> Vec<String> {
    std::env::var_os("SCTP_SYS_INCLUDE_DIR")
        .map(|dir| vec![format!("-I{}", PathBuf::from(dir).display())])
        .unwrap_or_default()
}

const PRELUDE: &str = "#include <stdio.h>\n#include <stddef.h>\n#include <sys/types.h>\n\
                       #include <sys/socket.h>\n#include <netinet/in.h>\n#include <netinet/sctp.h>\n";

fn work_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("sctp-sys-c-compiler");
    std::fs::create_dir_all(&dir).expect("create the test's work directory");
    dir
}

/// The C program's output, computed once for all tests.
fn c_side() -> &'static CSide {
    static SIDE: std::sync::OnceLock<CSide> = std::sync::OnceLock::new();
    SIDE.get_or_init(run_c_program)
}

fn run_c_program() -> CSide {
    let mut c = String::from(PRELUDE);
    c.push_str("int main(void) {\n");
    for (name, c_name, _, _, fields) in table::LAYOUTS {
        let _ = writeln!(
            c,
            "  printf(\"L {name} %zu %zu\\n\", sizeof({c_name}), _Alignof({c_name}));"
        );
        for (field, _) in *fields {
            let _ = writeln!(
                c,
                "  printf(\"F {name} {field} %zu\\n\", offsetof({c_name}, {field}));"
            );
        }
    }
    for (name, c_name, _, fields) in hand_written_layouts() {
        let _ = writeln!(
            c,
            "  printf(\"L {name} %zu %zu\\n\", sizeof({c_name}), _Alignof({c_name}));"
        );
        for (field, _) in fields {
            let _ = writeln!(
                c,
                "  printf(\"F {name} {field} %zu\\n\", offsetof({c_name}, {field}));"
            );
        }
    }
    for (name, _) in table::CONSTANTS {
        let _ = writeln!(c, "  printf(\"C {name} %lld\\n\", (long long)({name}));");
    }
    for (i, (expr, _)) in macro_cases().iter().enumerate() {
        let _ = writeln!(c, "  printf(\"M {i} %lld\\n\", (long long)({expr}));");
    }
    c.push_str("  return 0;\n}\n");

    let dir = work_dir();
    let source = dir.join("layouts.c");
    let binary = dir.join("layouts");
    std::fs::write(&source, c).expect("write the C program");
    let status = Command::new(compiler())
        .args(include_args())
        .arg("-std=gnu11")
        .arg("-o")
        .arg(&binary)
        .arg(&source)
        .status()
        .expect("run the C compiler ($CC or cc)");
    assert!(status.success(), "the C program did not compile");
    let output = Command::new(&binary).output().expect("run the C program");
    assert!(output.status.success());

    let mut side = CSide {
        layouts: BTreeMap::new(),
        offsets: BTreeMap::new(),
        constants: BTreeMap::new(),
        macros: BTreeMap::new(),
    };
    for line in String::from_utf8(output.stdout)
        .expect("ASCII output")
        .lines()
    {
        let parts: Vec<&str> = line.split(' ').collect();
        match parts.as_slice() {
            ["L", name, size, align] => {
                side.layouts.insert(
                    (*name).to_owned(),
                    (size.parse().unwrap(), align.parse().unwrap()),
                );
            }
            ["F", name, field, offset] => {
                side.offsets.insert(
                    ((*name).to_owned(), (*field).to_owned()),
                    offset.parse().unwrap(),
                );
            }
            ["C", name, value] => {
                side.constants
                    .insert((*name).to_owned(), value.parse().unwrap());
            }
            ["M", index, value] => {
                side.macros
                    .insert((*index).to_owned(), value.parse().unwrap());
            }
            _ => panic!("unexpected line from the C program: {line}"),
        }
    }
    side
}

#[test]
fn struct_layouts_equal_the_c_compilers() {
    let c = c_side();
    let mut checked_fields = 0;
    for (name, _, size, align, fields) in table::LAYOUTS {
        assert_eq!(c.layouts[*name], (*size, *align), "size, align of {name}");
        for (field, offset) in *fields {
            let key = ((*name).to_owned(), (*field).to_owned());
            assert_eq!(c.offsets[&key], *offset, "offset of {name}.{field}");
            checked_fields += 1;
        }
    }
    for (name, _, size, fields) in hand_written_layouts() {
        // Alignment differs on purpose for hand-written packed structs (documented there).
        assert_eq!(c.layouts[name].0, size, "size of {name}");
        for (field, offset) in fields {
            let key = (name.to_owned(), field.to_owned());
            assert_eq!(c.offsets[&key], offset, "offset of {name}.{field}");
            checked_fields += 1;
        }
    }
    assert!(checked_fields > 200, "only {checked_fields} fields checked");
}

#[test]
fn every_required_struct_is_checked() {
    let names: BTreeSet<&str> = table::LAYOUTS
        .iter()
        .map(|(name, ..)| *name)
        .chain(hand_written_layouts().iter().map(|(name, ..)| *name))
        .collect();
    for required in REQUIRED {
        assert!(
            names.contains(required),
            "{required} missing from the bindings"
        );
    }
}

/// Every `struct sctp_*`/`union sctp_*` the preprocessed header defines is in the bindings and
/// therefore checked.
#[test]
fn every_struct_of_the_header_is_checked() {
    let dir = work_dir();
    let source = dir.join("header.c");
    std::fs::write(&source, PRELUDE).expect("write the C file");
    let output = Command::new(compiler())
        .args(include_args())
        .arg("-E")
        .arg(&source)
        .output()
        .expect("run the C preprocessor");
    assert!(output.status.success(), "preprocessing failed");
    let text = String::from_utf8_lossy(&output.stdout);
    let names: BTreeSet<&str> = table::LAYOUTS
        .iter()
        .map(|(name, ..)| *name)
        .chain(hand_written_layouts().iter().map(|(name, ..)| *name))
        .collect();
    let tokens: Vec<&str> = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '{'))
        .flat_map(|t| t.split_inclusive('{'))
        .filter(|t| !t.is_empty())
        .collect();
    let mut defined = BTreeSet::new();
    for window in tokens.windows(3) {
        if matches!(window[0], "struct" | "union")
            && window[1].starts_with("sctp_")
            && window[2] == "{"
        {
            defined.insert(window[1]);
        }
    }
    assert!(
        defined.len() > 30,
        "found only {} definitions",
        defined.len()
    );
    for name in defined {
        assert!(
            names.contains(name),
            "{name} is defined by the header but not checked"
        );
    }
}

#[test]
fn constants_equal_the_c_values() {
    let c = c_side();
    for (name, value) in table::CONSTANTS {
        assert_eq!(c.constants[*name], *value, "value of {name}");
    }
    for required in [
        "SCTP_FUTURE_ASSOC",
        "SCTP_RTOINFO",
        "SCTP_ASSOC_CHANGE",
        "MSG_NOTIFICATION",
    ] {
        assert!(
            table::CONSTANTS.iter().any(|(name, _)| *name == required),
            "{required} missing"
        );
    }
}

/// Each `sctp_have_*` cfg is set exactly when the header defines the `HAVE_*` macro it stands
/// for (lksctp-tools' configure results), as the C preprocessor sees it.
#[cfg(target_os = "linux")]
#[test]
fn feature_cfgs_match_the_headers_have_macros() {
    let features: [(&str, bool); 15] = [
        ("HAVE_KERNEL_SCTP", cfg!(sctp_have_kernel_sctp)),
        ("HAVE_SCTP_MULTIBUF", cfg!(sctp_have_multibuf)),
        ("HAVE_SCTP_NOCONNECT", cfg!(sctp_have_noconnect)),
        ("HAVE_SCTP_PRSCTP", cfg!(sctp_have_prsctp)),
        ("HAVE_SCTP_ADDIP", cfg!(sctp_have_addip)),
        ("HAVE_SCTP_CANSET_PRIMARY", cfg!(sctp_have_canset_primary)),
        (
            "HAVE_SCTP_STREAM_RESET_EVENT",
            cfg!(sctp_have_stream_reset_event),
        ),
        ("HAVE_SCTP_STREAM_RECONFIG", cfg!(sctp_have_stream_reconfig)),
        ("HAVE_SCTP_PEELOFF_FLAGS", cfg!(sctp_have_peeloff_flags)),
        (
            "HAVE_SCTP_PDAPI_EVENT_PDAPI_STREAM",
            cfg!(sctp_have_pdapi_event_pdapi_stream),
        ),
        (
            "HAVE_SCTP_PDAPI_EVENT_PDAPI_SEQ",
            cfg!(sctp_have_pdapi_event_pdapi_seq),
        ),
        ("HAVE_SCTP_SENDV", cfg!(sctp_have_sendv)),
        ("HAVE_SCTP_AUTH_NO_AUTH", cfg!(sctp_have_auth_no_auth)),
        (
            "HAVE_SCTP_SPP_IPV6_FLOWLABEL",
            cfg!(sctp_have_spp_ipv6_flowlabel),
        ),
        ("HAVE_SCTP_SPP_DSCP", cfg!(sctp_have_spp_dscp)),
    ];
    let mut c = String::from(PRELUDE);
    c.push_str("int main(void) {\n");
    for (macro_name, _) in &features {
        let _ = writeln!(
            c,
            "#ifdef {macro_name}\n  puts(\"{macro_name} 1\");\n#else\n  puts(\"{macro_name} 0\");\n#endif"
        );
    }
    c.push_str("  return 0;\n}\n");
    let dir = work_dir();
    let source = dir.join("features.c");
    let binary = dir.join("features");
    std::fs::write(&source, c).expect("write the C program");
    let status = Command::new(compiler())
        .args(include_args())
        .arg("-o")
        .arg(&binary)
        .arg(&source)
        .status()
        .expect("run the C compiler ($CC or cc)");
    assert!(status.success(), "the C program did not compile");
    let output = Command::new(&binary).output().expect("run the C program");
    let text = String::from_utf8(output.stdout).expect("ASCII output");
    let defined: BTreeMap<&str, bool> = text
        .lines()
        .filter_map(|line| line.split_once(' '))
        .map(|(name, value)| (name, value == "1"))
        .collect();
    assert_eq!(defined.len(), features.len());
    for (macro_name, cfg) in features {
        assert_eq!(defined[macro_name], cfg, "cfg for {macro_name}");
    }
}

#[test]
fn function_like_macros_equal_the_c_results() {
    let c = c_side();
    let cases = macro_cases();
    #[cfg(target_os = "linux")]
    assert!(!cases.is_empty());
    for (i, (expr, rust)) in cases.iter().enumerate() {
        assert_eq!(c.macros[&i.to_string()], *rust, "{expr}");
    }
}

//! The bindings against the C compiler's own view of `usrsctp.h`: a C program built here with
//! usrsctp's pkg-config flags prints `sizeof`, `_Alignof` and `offsetof` of every struct and
//! union and the value of every constant; each must equal the Rust side.
//!
//! The C compiler is `$CC` or `cc`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;

#[allow(clippy::all, dead_code)]
mod table {
    #[allow(unused_imports)]
    use libc::{sockaddr, sockaddr_in, sockaddr_in6, sockaddr_storage};
    #[allow(unused_imports)]
    use usrsctp_sys::*;
    include!(concat!(env!("OUT_DIR"), "/c_check_table.rs"));
}

/// Structs the userland backend and the notification dialect rely on; each must be checked.
const REQUIRED: &[&str] = &[
    "sctp_sndinfo",
    "sctp_rcvinfo",
    "sctp_nxtinfo",
    "sctp_prinfo",
    "sctp_authinfo",
    "sctp_sendv_spa",
    "sctp_recvv_rn",
    "sctp_initmsg",
    "sctp_status",
    "sctp_event",
    "sctp_udpencaps",
    "sctp_assoc_change",
    "sctp_paddr_change",
    "sctp_remote_error",
    "sctp_shutdown_event",
    "sctp_adaptation_event",
    "sctp_pdapi_event",
    "sctp_authkey_event",
    "sctp_sender_dry_event",
    "sctp_stream_reset_event",
    "sctp_assoc_reset_event",
    "sctp_stream_change_event",
    "sctp_send_failed_event",
    "sctp_notification",
    "sctp_notification_sctp_tlv",
    "sockaddr_conn",
    "sctp_sockstore",
];

/// The flags the build script passed to bindgen (pkg-config's defines and include paths).
fn cflags() -> Vec<String> {
    std::fs::read_to_string(env!("USRSCTP_SYS_CFLAGS_FILE"))
        .expect("the build script's flag file")
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

const PRELUDE: &str = "#include <stdio.h>\n#include <stddef.h>\n#include <stdint.h>\n\
                       #include <sys/types.h>\n#include <sys/socket.h>\n#include <netinet/in.h>\n\
                       #include <usrsctp.h>\n";

fn work_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("usrsctp-sys-c-compiler");
    std::fs::create_dir_all(&dir).expect("create the test's work directory");
    dir
}

fn compiler() -> String {
    std::env::var("CC").unwrap_or_else(|_| "cc".to_owned())
}

struct CSide {
    layouts: BTreeMap<String, (usize, usize)>,
    offsets: BTreeMap<(String, String), usize>,
    constants: BTreeMap<String, i128>,
}

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
    for (name, _) in table::CONSTANTS {
        let _ = writeln!(c, "  printf(\"C {name} %lld\\n\", (long long)({name}));");
    }
    c.push_str("  return 0;\n}\n");
    let dir = work_dir();
    let source = dir.join("layouts.c");
    let binary = dir.join("layouts");
    std::fs::write(&source, c).expect("write the C program");
    let status = Command::new(compiler())
        .args(cflags())
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
    };
    for line in String::from_utf8(output.stdout).expect("ASCII").lines() {
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
    assert!(checked_fields > 200, "only {checked_fields} fields checked");
}

#[test]
fn every_required_struct_is_checked() {
    let names: BTreeSet<&str> = table::LAYOUTS.iter().map(|(name, ..)| *name).collect();
    for required in REQUIRED {
        assert!(
            names.contains(required),
            "{required} missing from the bindings"
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
        "SCTP_REMOTE_UDP_ENCAPS_PORT",
        "SCTP_ASSOC_CHANGE",
        "SCTP_SENDV_SPA",
        "SCTP_RECVV_RN",
        "MSG_NOTIFICATION",
        "AF_CONN",
    ] {
        assert!(
            table::CONSTANTS.iter().any(|(name, _)| *name == required),
            "{required} missing"
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
        .args(cflags())
        .arg("-E")
        .arg(&source)
        .output()
        .expect("run the C preprocessor");
    assert!(output.status.success(), "preprocessing failed");
    let text = String::from_utf8_lossy(&output.stdout);
    let names: BTreeSet<String> = table::LAYOUTS
        .iter()
        .map(|(_, c_name, ..)| c_name.split(' ').nth(1).unwrap_or_default().to_owned())
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

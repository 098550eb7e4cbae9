//! Reads sctp-notify's FreeBSD dialect through its public API, on the build host, and writes
//! what it learned as Rust: one assertion per field offset and width, struct size, type code,
//! flag bit and address family. `src/lib.rs` includes that file when the crate is compiled for
//! FreeBSD, where each assertion is a constant evaluated by the compiler against sctp-sys's
//! bindings of FreeBSD's own `netinet/sctp_uio.h`. A mismatch is a compile error.
//!
//! How the layout is read without access to sctp-notify's private offsets:
//!
//! - type codes: every `sn_type` from 0 to 0xffff is parsed; the variant it yields names the
//!   kind;
//! - size of the fixed part: the length sctp-notify emits for a record without variable part,
//!   and the shortest `sn_length` that parses as that kind;
//! - offsets and widths: a record whose byte at offset `i` is `i` is parsed, and each integer
//!   of [`Notification::fields`] (named after the C field) then *is* its offset, repeated over
//!   its width in the host's byte order; a byte array field starts with its offset;
//! - flag bits: `sn_flags` set to one bit at a time, read back through the flag accessors;
//! - address families: every family byte tried in the FreeBSD `sockaddr` header of
//!   `spc_aaddr`.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

use sctp_notify::{Dialect, Notification, Value, parse_as};

/// The length of the probe records: more than the largest fixed part (144 bytes).
const PROBE_LEN: usize = 200;
/// Offset of `spc_aaddr` in `struct sctp_paddr_change`, where a valid address must sit for
/// the record to parse. Checked like every other offset (it is asserted below).
const SPC_AADDR: usize = 8;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("checks.rs");
    let code = if env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("freebsd") {
        checks()
    } else {
        String::new()
    };
    fs::write(&out, code).expect("write checks.rs");
}

/// The C struct and type-code constant of each kind, by sctp-notify's variant.
fn c_names(n: &Notification<'_>) -> Option<(&'static str, &'static str)> {
    c_struct(n).map(|(st, konst, _)| (st, konst))
}

/// The C struct, type-code constant and field-name prefix of each kind.
fn c_struct(n: &Notification<'_>) -> Option<(&'static str, &'static str, &'static str)> {
    Some(match n {
        Notification::AssocChange(_) => ("sctp_assoc_change", "SCTP_ASSOC_CHANGE", "sac"),
        Notification::PeerAddrChange(_) => ("sctp_paddr_change", "SCTP_PEER_ADDR_CHANGE", "spc"),
        Notification::RemoteError(_) => ("sctp_remote_error", "SCTP_REMOTE_ERROR", "sre"),
        Notification::SendFailed(_) => ("sctp_send_failed", "SCTP_SEND_FAILED", "ssf"),
        Notification::SendFailedEvent(_) => {
            ("sctp_send_failed_event", "SCTP_SEND_FAILED_EVENT", "ssfe")
        }
        Notification::Shutdown(_) => ("sctp_shutdown_event", "SCTP_SHUTDOWN_EVENT", "sse"),
        Notification::AdaptationIndication(_) => {
            ("sctp_adaptation_event", "SCTP_ADAPTATION_INDICATION", "sai")
        }
        Notification::PartialDelivery(_) => {
            ("sctp_pdapi_event", "SCTP_PARTIAL_DELIVERY_EVENT", "pdapi")
        }
        Notification::Authentication(_) => {
            ("sctp_authkey_event", "SCTP_AUTHENTICATION_EVENT", "auth")
        }
        Notification::SenderDry(_) => (
            "sctp_sender_dry_event",
            "SCTP_SENDER_DRY_EVENT",
            "sender_dry",
        ),
        Notification::StreamReset(_) => (
            "sctp_stream_reset_event",
            "SCTP_STREAM_RESET_EVENT",
            "strreset",
        ),
        Notification::AssocReset(_) => (
            "sctp_assoc_reset_event",
            "SCTP_ASSOC_RESET_EVENT",
            "assocreset",
        ),
        Notification::StreamChange(_) => (
            "sctp_stream_change_event",
            "SCTP_STREAM_CHANGE_EVENT",
            "strchange",
        ),
        Notification::NotificationsStopped(_) => {
            ("sctp_tlv", "SCTP_NOTIFICATIONS_STOPPED_EVENT", "sn")
        }
        _ => return None,
    })
}

/// The C field behind a `fields()` name: the common header (`sn_type`, `sn_flags`, `sn_length`,
/// listed first for every kind) is the struct's own `<prefix>_type`, `_flags` and `_length`.
fn c_field(prefix: &str, name: &str) -> String {
    match name.strip_prefix("sn_") {
        Some(rest @ ("type" | "flags" | "length")) => format!("{prefix}_{rest}"),
        _ => name.to_string(),
    }
}

/// A FreeBSD `sockaddr_in` (length byte, family byte, port, address) for `spc_aaddr`.
fn put_sockaddr_in(buf: &mut [u8], family: u8) {
    buf[SPC_AADDR] = 16;
    buf[SPC_AADDR + 1] = family;
    buf[SPC_AADDR + 2..SPC_AADDR + 4].copy_from_slice(&9u16.to_be_bytes());
    buf[SPC_AADDR + 4..SPC_AADDR + 8].copy_from_slice(&[192, 0, 2, 1]);
}

/// A record of `len` bytes of `sn_type`, every other byte zero (or the offset pattern), with
/// a valid `spc_aaddr` unless it is a pattern record of another kind.
fn record(sn_type: u16, len: usize, pattern: bool) -> Vec<u8> {
    let mut b: Vec<u8> = if pattern {
        (0..len).map(|i| i as u8).collect()
    } else {
        vec![0; len]
    };
    b[0..2].copy_from_slice(&sn_type.to_ne_bytes());
    b[4..8].copy_from_slice(&(len as u32).to_ne_bytes());
    if !pattern && len >= SPC_AADDR + 16 {
        put_sockaddr_in(&mut b, libc_af_inet());
    }
    b
}

/// FreeBSD's `AF_INET` is 2, as everywhere; the generated code checks that sctp-notify and
/// the target's libc agree on it and on `AF_INET6`.
fn libc_af_inet() -> u8 {
    2
}

/// The offset whose pattern bytes make up `value` (`width` bytes in host order).
fn pattern_offset(value: u64, width: usize) -> Option<usize> {
    (0..=PROBE_LEN - width).find(|&o| {
        let mut bytes = [0u8; 8];
        for (k, b) in bytes.iter_mut().take(width).enumerate() {
            *b = (o + k) as u8;
        }
        let v = match width {
            2 => u64::from(u16::from_ne_bytes([bytes[0], bytes[1]])),
            4 => u64::from(u32::from_ne_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])),
            _ => return false,
        };
        v == value
    })
}

/// `(offset, width)` of one field value read from a pattern record; `None` for values that
/// carry no position (addresses, nested structs).
fn locate(value: &Value<'_>) -> Option<(usize, usize)> {
    match *value {
        Value::U16(v) => pattern_offset(u64::from(v), 2).map(|o| (o, 2)),
        Value::U32(v) => pattern_offset(u64::from(v), 4).map(|o| (o, 4)),
        Value::I32(v) => pattern_offset(u64::from(v as u32), 4).map(|o| (o, 4)),
        Value::Bytes(b) => b.first().map(|&o| (usize::from(o), 0)),
        Value::Streams(mut s) => s
            .next()
            .and_then(|v| pattern_offset(u64::from(v), 2))
            .map(|o| (o, 0)),
        _ => None,
    }
}

fn checks() -> String {
    let d = Dialect::FreeBsd;
    let mut out = String::from("// Generated by build.rs from sctp-notify's FreeBSD dialect.\n");

    // Type codes.
    let mut kinds: Vec<(u16, &'static str, &'static str)> = Vec::new();
    for code in 0..=u16::MAX {
        let b = record(code, PROBE_LEN, false);
        if let Ok(n) = parse_as(d, &b) {
            if let Some((st, konst)) = c_names(&n) {
                if kinds.iter().all(|k| k.1 != st) {
                    kinds.push((code, st, konst));
                }
            }
        }
    }
    assert_eq!(
        kinds.len(),
        14,
        "every FreeBSD notification kind has a code"
    );
    for &(code, st, konst) in &kinds {
        let _ = writeln!(out, "type_code!({konst}, {code:#06x}); // {st}");

        // Size of the fixed part: the shortest length that parses.
        let size = (8..PROBE_LEN)
            .find(|&len| {
                let mut b = record(code, PROBE_LEN, false);
                b[4..8].copy_from_slice(&(len as u32).to_ne_bytes());
                let parsed = parse_as(d, &b);
                matches!(parsed, Ok(n) if c_names(&n).map(|c| c.0) == Some(st))
            })
            .expect("a fixed size");
        // What sctp-notify writes for a record with an empty variable part is the C struct;
        // what it accepts may be shorter (FreeBSD's `struct sctp_paddr_change` ends in
        // padding), never longer.
        let mut b = record(code, PROBE_LEN, false);
        b[4..8].copy_from_slice(&(size as u32).to_ne_bytes());
        let emitted = parse_as(d, &b)
            .and_then(|n| n.emitted_len(d))
            .expect("a minimal record emits");
        let _ = writeln!(out, "size!({st}, {emitted});");
        let _ = writeln!(out, "min_size!({st}, {size});");

        // Offsets and widths, from the pattern record.
        let mut b = record(code, PROBE_LEN, true);
        if st == "sctp_paddr_change" {
            put_sockaddr_in(&mut b, libc_af_inet());
        }
        // Stream lists need an even number of bytes after the fixed part.
        let len = if (PROBE_LEN - size) % 2 == 0 {
            PROBE_LEN
        } else {
            PROBE_LEN - 1
        };
        b[4..8].copy_from_slice(&(len as u32).to_ne_bytes());
        let n = parse_as(d, &b[..len]).expect("the pattern record parses");
        let (_, _, prefix) = c_struct(&n).expect("a known kind");
        for (i, (name, value)) in n.fields().enumerate() {
            let name = c_field(prefix, name);
            let name = name.as_str();
            // The header: `*_type` and `*_length` hold what was written there, not the pattern.
            let at = match i {
                0 => Some((0, 2)),
                2 => Some((4, 4)),
                _ => locate(&value),
            };
            match (at, value) {
                (Some((offset, width)), _) => {
                    let _ = writeln!(out, "field!({st}, {name}, {offset}, {width});");
                }
                (None, Value::Address(a)) => {
                    assert_eq!(
                        a.to_string(),
                        "192.0.2.1:9",
                        "{st}.{name} reads the address"
                    );
                    let _ = writeln!(out, "field!({st}, {name}, {SPC_AADDR}, 128);");
                }
                (None, Value::SndInfo(info)) => {
                    nested(&mut out, st, name, "sctp_sndinfo", info.fields())
                }
                (None, Value::SndRcvInfo(info)) => {
                    nested(&mut out, st, name, "sctp_sndrcvinfo", info.fields())
                }
                (None, other) => panic!("{st}.{name}: cannot place {other:?}"),
            }
        }

        // Flag bits of the reconfiguration events.
        let flag_names: &[(&str, &str)] = match st {
            "sctp_stream_reset_event" => &[
                ("incoming", "SCTP_STREAM_RESET_INCOMING_SSN"),
                ("outgoing", "SCTP_STREAM_RESET_OUTGOING_SSN"),
                ("denied", "SCTP_STREAM_RESET_DENIED"),
                ("failed", "SCTP_STREAM_RESET_FAILED"),
            ],
            "sctp_assoc_reset_event" => &[
                ("denied", "SCTP_ASSOC_RESET_DENIED"),
                ("failed", "SCTP_ASSOC_RESET_FAILED"),
            ],
            "sctp_stream_change_event" => &[
                ("denied", "SCTP_STREAM_CHANGE_DENIED"),
                ("failed", "SCTP_STREAM_CHANGE_FAILED"),
            ],
            _ => &[],
        };
        for &(accessor, konst) in flag_names {
            let bits: Vec<u16> = (0..16)
                .map(|bit| 1u16 << bit)
                .filter(|&flag| {
                    let mut b = record(code, size, false);
                    b[2..4].copy_from_slice(&flag.to_ne_bytes());
                    let n = parse_as(d, &b).expect("a zero record parses");
                    flag_set(&n, accessor)
                })
                .collect();
            assert_eq!(bits.len(), 1, "{st}: {accessor}() reads one bit");
            let _ = writeln!(out, "flag!({konst}, {:#06x});", bits[0]);
        }
    }

    // Address families of `spc_aaddr`.
    let (code, ..) = kinds
        .iter()
        .copied()
        .find(|k| k.1 == "sctp_paddr_change")
        .expect("peer address change");
    for (konst, want_v6) in [("AF_INET", false), ("AF_INET6", true)] {
        let family = (0..=u8::MAX)
            .find(|&f| {
                let mut b = record(code, PROBE_LEN, false);
                put_sockaddr_in(&mut b, f);
                b[SPC_AADDR] = if want_v6 { 28 } else { 16 };
                match parse_as(d, &b) {
                    Ok(Notification::PeerAddrChange(p)) => p.address().is_ipv6() == want_v6,
                    _ => false,
                }
            })
            .expect("a family");
        let _ = writeln!(out, "family!({konst}, {family});");
    }
    out
}

fn nested<'a>(
    out: &mut String,
    st: &str,
    name: &str,
    inner: &str,
    fields: impl Iterator<Item = (&'static str, Value<'a>)>,
) {
    for (field, value) in fields {
        let (offset, width) =
            locate(&value).unwrap_or_else(|| panic!("{st}.{name}.{field}: cannot place {value:?}"));
        let _ = writeln!(
            out,
            "nested!({st}, {name}, {inner}, {field}, {offset}, {width});"
        );
    }
}

fn flag_set(n: &Notification<'_>, accessor: &str) -> bool {
    match (n, accessor) {
        (Notification::StreamReset(v), "incoming") => v.incoming(),
        (Notification::StreamReset(v), "outgoing") => v.outgoing(),
        (Notification::StreamReset(v), "denied") => v.denied(),
        (Notification::StreamReset(v), "failed") => v.failed(),
        (Notification::AssocReset(v), "denied") => v.denied(),
        (Notification::AssocReset(v), "failed") => v.failed(),
        (Notification::StreamChange(v), "denied") => v.denied(),
        (Notification::StreamChange(v), "failed") => v.failed(),
        _ => panic!("no flag accessor {accessor}"),
    }
}

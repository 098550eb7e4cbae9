//! `sctp-notify-decode`: decodes SCTP notifications captured as hex text or raw bytes and
//! prints one JSON object per notification, keyed by the names of
//! `Notification::fields` (`sn_type`, `sn_flags`, `sn_length`, then the kind's C field
//! names).
//!
//! ```text
//! sctp-notify-decode [--dialect linux|freebsd|usrsctp] [--byte-order host|little|big]
//!                    [--input hex|raw] < capture
//! ```
//!
//! - `--dialect`: the layout of the stack that wrote the notifications (a kernel, or usrsctp) (default: this
//!   host's).
//! - `--byte-order`: the byte order of the machine that captured them (default: this
//!   host's), so a big-endian host's capture decodes on x86.
//! - `--input hex` (the default): one notification per line as hex digits (spaces
//!   allowed); blank lines are skipped, and a line that does not decode gives
//!   `{"error": "..."}` and decoding goes on with the next line.
//! - `--input raw`: standard input is notifications back to back, each as long as its
//!   `sn_length`; the first one that does not decode gives `{"error": "..."}` and ends the
//!   run with status 1, since what follows it cannot be framed.
//!
//! Addresses are printed as text, byte fields as hex, nested structs as objects and
//! stream lists as arrays. A remote error gets two more keys after its fields:
//! `cause`, the error cause code in host order (Linux stores `sre_error` in network
//! order), and `cause_name`, its RFC name (RFC 9260 §3.3.10 and the RFCs that add causes)
//! or `null`.
//!
//! Exit status: 0 on success, 1 when reading or a raw record fails, 2 on a usage error.

use std::fmt::Write as _;
use std::io::{self, BufRead, Read, Write};
use std::process::ExitCode;

use sctp_notify::{ByteOrder, Dialect, Notification, Value, parse_with};

const USAGE: &str = "usage: sctp-notify-decode [--dialect linux|freebsd|usrsctp] \
                     [--byte-order host|little|big] [--input hex|raw] < capture";

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
struct Options {
    dialect: Dialect,
    order: ByteOrder,
    raw: bool,
}

fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
    let mut options = Options {
        dialect: Dialect::HOST,
        order: ByteOrder::HOST,
        raw: false,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) => (name.to_owned(), Some(value.to_owned())),
            None => (arg, None),
        };
        let Some(value) = inline.or_else(|| args.next()) else {
            return Err(format!("{name} needs a value"));
        };
        match (name.as_str(), value.as_str()) {
            ("--dialect", v) => {
                options.dialect = v.parse().map_err(|e| format!("--dialect {v}: {e}"))?;
            }
            ("--byte-order", "host") => options.order = ByteOrder::HOST,
            ("--byte-order", v) => {
                options.order = v.parse().map_err(|e| format!("--byte-order {v}: {e}"))?;
            }
            ("--input", "hex") => options.raw = false,
            ("--input", "raw") => options.raw = true,
            ("--input", v) => return Err(format!("--input {v}: expected hex or raw")),
            (other, _) => return Err(format!("unknown option {other}")),
        }
    }
    Ok(options)
}

fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(e) => {
            eprintln!("sctp-notify-decode: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut stdout = io::BufWriter::new(io::stdout().lock());
    let status = if options.raw {
        let mut bytes = Vec::new();
        if let Err(e) = io::stdin().lock().read_to_end(&mut bytes) {
            eprintln!("sctp-notify-decode: reading standard input: {e}");
            return ExitCode::FAILURE;
        }
        decode_raw(&options, &bytes, &mut stdout)
    } else {
        decode_hex_lines(&options, io::stdin().lock(), &mut stdout)
    };
    match (status, stdout.flush()) {
        (Ok(true), Ok(())) => ExitCode::SUCCESS,
        // The reader went away (a closed pipe): nothing left to do.
        (Err(e), _) | (_, Err(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        (Err(e), _) => {
            eprintln!("sctp-notify-decode: {e}");
            ExitCode::FAILURE
        }
        _ => ExitCode::FAILURE,
    }
}

/// Decodes hex lines; `Ok(true)` when the input was read to its end.
fn decode_hex_lines(
    options: &Options,
    input: impl BufRead,
    out: &mut impl Write,
) -> io::Result<bool> {
    let mut line_out = String::new();
    for line in input.lines() {
        let line = line?;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        line_out.clear();
        decode_line(options, line, &mut line_out);
        writeln!(out, "{line_out}")?;
    }
    Ok(true)
}

/// Decodes records back to back; `Ok(false)` after a record that does not decode.
fn decode_raw(options: &Options, mut bytes: &[u8], out: &mut impl Write) -> io::Result<bool> {
    let mut line_out = String::new();
    while !bytes.is_empty() {
        line_out.clear();
        match parse_with(options.dialect, options.order, bytes) {
            Ok(n) => {
                notification(&mut line_out, &n);
                writeln!(out, "{line_out}")?;
                bytes = &bytes[n.as_bytes().len()..];
            }
            Err(e) => {
                error_object(&mut line_out, &e.to_string());
                writeln!(out, "{line_out}")?;
                return Ok(false);
            }
        }
    }
    Ok(true)
}

fn decode_line(options: &Options, line: &str, out: &mut String) {
    let bytes = match from_hex(line) {
        Ok(bytes) => bytes,
        Err(e) => return error_object(out, e),
    };
    match parse_with(options.dialect, options.order, &bytes) {
        Ok(n) => notification(out, &n),
        Err(e) => error_object(out, &e.to_string()),
    }
}

/// One notification as a JSON object: its fields, and for a remote error the decoded
/// cause code and its name.
fn notification(out: &mut String, n: &Notification<'_>) {
    object(out, n.fields());
    if let Notification::RemoteError(e) = n {
        out.pop(); // the closing brace
        let _ = write!(out, ",\"cause\":{},\"cause_name\":", e.cause());
        match e.cause_name() {
            Some(name) => string(out, name),
            None => out.push_str("null"),
        }
        out.push('}');
    }
}

fn error_object(out: &mut String, message: &str) {
    out.push_str("{\"error\":");
    string(out, message);
    out.push('}');
}

fn object<'a>(out: &mut String, fields: impl Iterator<Item = (&'static str, Value<'a>)>) {
    out.push('{');
    for (i, (name, value)) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        string(out, name);
        out.push(':');
        json_value(out, value);
    }
    out.push('}');
}

fn json_value(out: &mut String, value: Value<'_>) {
    // Writing into a String cannot fail.
    let _ = match value {
        Value::U16(v) => write!(out, "{v}"),
        Value::U32(v) => write!(out, "{v}"),
        Value::I32(v) => write!(out, "{v}"),
        Value::Bytes(b) => {
            out.push('"');
            for byte in b {
                let _ = write!(out, "{byte:02x}");
            }
            out.push('"');
            Ok(())
        }
        Value::Address(a) => {
            string(out, &a.to_string());
            Ok(())
        }
        Value::Streams(list) => {
            out.push('[');
            for (i, s) in list.enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let _ = write!(out, "{s}");
            }
            out.push(']');
            Ok(())
        }
        Value::SndInfo(info) => {
            object(out, info.fields());
            Ok(())
        }
        Value::SndRcvInfo(info) => {
            object(out, info.fields());
            Ok(())
        }
        // A value kind added to the crate later: print what its Debug says.
        other => {
            string(out, &format!("{other:?}"));
            Ok(())
        }
    };
}

/// A JSON string literal with the escapes RFC 8259 §7 requires.
fn string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn from_hex(line: &str) -> Result<Vec<u8>, &'static str> {
    let digits: Vec<u8> = line.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if digits.len() % 2 != 0 {
        return Err("odd number of hex digits");
    }
    digits
        .chunks_exact(2)
        .map(|pair| {
            let hi = (pair[0] as char).to_digit(16);
            let lo = (pair[1] as char).to_digit(16);
            match (hi, lo) {
                (Some(hi), Some(lo)) => Ok((hi * 16 + lo) as u8),
                _ => Err("invalid hex digit"),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // The committed fixtures hold little-endian bytes, whatever the host.
    fn options(dialect: Dialect, order: ByteOrder) -> Options {
        Options {
            dialect,
            order,
            raw: false,
        }
    }

    fn decode(dialect: Dialect, line: &str) -> String {
        decode_in(dialect, ByteOrder::Little, line)
    }

    fn decode_in(dialect: Dialect, order: ByteOrder, line: &str) -> String {
        let mut out = String::new();
        decode_line(&options(dialect, order), line, &mut out);
        out
    }

    #[test]
    fn a_fixture_becomes_one_json_object() {
        let line = include_str!("../../tests/fixtures/linux/stream_reset.hex").trim();
        assert_eq!(
            decode(Dialect::Linux, line),
            "{\"sn_type\":32778,\"sn_flags\":2,\"sn_length\":18,\
             \"strreset_assoc_id\":14,\"strreset_stream_list\":[0,4,65535]}"
        );
        let line = include_str!("../../tests/fixtures/freebsd/send_failed_event.hex").trim();
        let json = decode(Dialect::FreeBsd, line);
        assert!(
            json.starts_with("{\"sn_type\":14,\"sn_flags\":2,\"sn_length\":41,\"ssfe_error\":"),
            "{json}"
        );
        assert!(
            json.contains("\"ssfe_info\":{\"snd_sid\":1,\"snd_flags\":0,\"snd_ppid\":51,"),
            "{json}"
        );
        assert!(
            json.ends_with("\"ssfe_data\":\"696e20666c69676874\"}"),
            "{json}"
        );
        let line = include_str!("../../tests/fixtures/linux/peer_addr_change_v6.hex").trim();
        assert!(decode(Dialect::Linux, line).contains("\"spc_aaddr\":\"[2001:db8::1%3]:2905\""));
    }

    #[test]
    fn remote_errors_name_their_cause() {
        // Linux stores sre_error in network order: 6 reads as 0x0600 = 1536 raw.
        let line = include_str!("../../tests/fixtures/linux/remote_error.hex").trim();
        assert_eq!(
            decode(Dialect::Linux, line),
            "{\"sn_type\":32772,\"sn_flags\":0,\"sn_length\":20,\"sre_error\":1536,\
             \"sre_assoc_id\":6,\"sre_data\":\"c1000004\",\
             \"cause\":6,\"cause_name\":\"Unrecognized Chunk Type\"}"
        );
        // FreeBSD, cause 0x00a0 (RFC 5061), then a code no RFC assigns.
        let mut line = "03000000100000000000000001000000".to_string();
        line.replace_range(16..20, "a000");
        assert!(
            decode(Dialect::FreeBsd, &line).ends_with(
                "\"cause\":160,\"cause_name\":\"Request to Delete Last Remaining IP Address\"}"
            ),
            "{}",
            decode(Dialect::FreeBsd, &line)
        );
        line.replace_range(16..20, "7777");
        assert!(decode(Dialect::FreeBsd, &line).ends_with(",\"cause_name\":null}"));
    }

    #[test]
    fn a_big_endian_capture_decodes_with_the_big_endian_choice() {
        for (dialect, little, big) in [
            (
                Dialect::Linux,
                include_str!("../../tests/fixtures/linux/send_failed.hex"),
                include_str!("../../tests/fixtures/big-endian/linux/send_failed.hex"),
            ),
            (
                Dialect::FreeBsd,
                include_str!("../../tests/fixtures/freebsd/stream_reset.hex"),
                include_str!("../../tests/fixtures/big-endian/freebsd/stream_reset.hex"),
            ),
            (
                Dialect::Linux,
                include_str!("../../tests/fixtures/linux/remote_error.hex"),
                include_str!("../../tests/fixtures/big-endian/linux/remote_error.hex"),
            ),
        ] {
            let want = decode_in(dialect, ByteOrder::Little, little.trim());
            assert!(!want.contains("error\":\""), "{want}");
            let got = decode_in(dialect, ByteOrder::Big, big.trim());
            // sre_error is raw network order, read as stored: only it may differ.
            let strip = |s: &str| s.split(",\"sre_error\"").next().unwrap().to_owned();
            assert_eq!(strip(&got), strip(&want));
            assert!(got.ends_with(want.rsplit(",\"sre_assoc_id\"").next().unwrap()));
            // Read in the wrong order, the record does not even frame.
            assert!(decode_in(dialect, ByteOrder::Little, big.trim()).starts_with("{\"error\""));
        }
    }

    #[test]
    fn raw_input_is_records_back_to_back() {
        let hex = [
            include_str!("../../tests/fixtures/linux/shutdown.hex"),
            include_str!("../../tests/fixtures/linux/sender_dry.hex"),
        ];
        let mut bytes: Vec<u8> = hex
            .iter()
            .flat_map(|h| from_hex(h.trim()).unwrap())
            .collect();
        let options = Options {
            raw: true,
            ..options(Dialect::Linux, ByteOrder::Little)
        };
        let mut out = Vec::new();
        assert!(decode_raw(&options, &bytes, &mut out).unwrap());
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"sn_type\":32773,\"sn_flags\":0,\"sn_length\":12,\"sse_assoc_id\":9}\n\
             {\"sn_type\":32777,\"sn_flags\":0,\"sn_length\":12,\"sender_dry_assoc_id\":13}\n"
        );
        // A cut-off last record is reported, and the run fails.
        bytes.truncate(bytes.len() - 1);
        let mut out = Vec::new();
        assert!(!decode_raw(&options, &bytes, &mut out).unwrap());
        assert!(
            String::from_utf8(out)
                .unwrap()
                .ends_with("{\"error\":\"truncated notification: needs 12 bytes, got 11\"}\n")
        );
    }

    #[test]
    fn command_line() {
        let args = |a: &[&str]| parse_args(a.iter().map(|s| s.to_string()));
        assert_eq!(
            args(&["--dialect", "freebsd", "--byte-order=big", "--input", "raw"]),
            Ok(Options {
                dialect: Dialect::FreeBsd,
                order: ByteOrder::Big,
                raw: true
            })
        );
        assert_eq!(
            args(&["--byte-order", "host"]).map(|o| o.order),
            Ok(ByteOrder::HOST)
        );
        assert!(args(&["--byte-order", "middle"]).is_err());
        assert!(args(&["--input", "pcap"]).is_err());
        assert!(args(&["--dialect"]).is_err());
        assert!(args(&["--verbose", "1"]).is_err());
    }

    #[test]
    fn bad_lines_give_an_error_object() {
        assert_eq!(
            decode(Dialect::Linux, "0"),
            "{\"error\":\"odd number of hex digits\"}"
        );
        assert_eq!(
            decode(Dialect::Linux, "zz"),
            "{\"error\":\"invalid hex digit\"}"
        );
        assert_eq!(
            decode(Dialect::Linux, "01 80 00 00"),
            "{\"error\":\"truncated notification: needs 8 bytes, got 4\"}"
        );
    }

    #[test]
    fn strings_are_escaped() {
        let mut out = String::new();
        string(&mut out, "a\"b\\c\n\u{1}");
        assert_eq!(out, "\"a\\\"b\\\\c\\n\\u0001\"");
    }
}

//! Decodes SCTP notifications given as hex, one per line on standard input, and prints
//! one JSON object per line with the C field names as keys.
//!
//! ```text
//! cargo run -p sctp-notify --example decode -- [--dialect linux|freebsd] < notifications.hex
//! ```
//!
//! The dialect defaults to the host's. Addresses are printed as text, byte fields as hex,
//! nested structs as objects and stream lists as arrays. A line that does not decode
//! gives `{"error": "..."}` on its own line, and decoding goes on with the next; blank
//! lines are skipped.

use std::fmt::Write as _;
use std::io::{self, BufRead, Write};
use std::process::ExitCode;

use sctp_notify::{Dialect, Value, parse_as};

fn main() -> ExitCode {
    let mut dialect = Dialect::HOST;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = match arg.as_str() {
            "--dialect" => args.next(),
            other => other.strip_prefix("--dialect=").map(str::to_owned),
        };
        match value.as_deref().map(str::parse) {
            Some(Ok(d)) => dialect = d,
            _ => {
                eprintln!("usage: decode [--dialect linux|freebsd] < hex-lines");
                return ExitCode::from(2);
            }
        }
    }

    let stdin = io::stdin().lock();
    let mut stdout = io::BufWriter::new(io::stdout().lock());
    let mut line_out = String::new();
    for line in stdin.lines() {
        let line = match line {
            Ok(line) => line,
            Err(e) => {
                eprintln!("decode: reading standard input: {e}");
                return ExitCode::FAILURE;
            }
        };
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        line_out.clear();
        decode_line(dialect, line, &mut line_out);
        if writeln!(stdout, "{line_out}").is_err() {
            // The reader went away (a closed pipe): nothing left to do.
            return ExitCode::SUCCESS;
        }
    }
    match stdout.flush() {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}

fn decode_line(dialect: Dialect, line: &str, out: &mut String) {
    let bytes = match from_hex(line) {
        Ok(bytes) => bytes,
        Err(e) => return error_object(out, e),
    };
    let n = match parse_as(dialect, &bytes) {
        Ok(n) => n,
        Err(e) => return error_object(out, &e.to_string()),
    };
    object(out, n.fields());
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

    fn decode(dialect: Dialect, line: &str) -> String {
        let mut out = String::new();
        decode_line(dialect, line, &mut out);
        out
    }

    #[test]
    fn a_fixture_becomes_one_json_object() {
        let line = include_str!("../tests/fixtures/linux/stream_reset.hex").trim();
        assert_eq!(
            decode(Dialect::Linux, line),
            "{\"strreset_type\":32778,\"strreset_flags\":2,\"strreset_length\":18,\
             \"strreset_assoc_id\":14,\"strreset_stream_list\":[0,4,65535]}"
        );
        let line = include_str!("../tests/fixtures/freebsd/send_failed_event.hex").trim();
        let json = decode(Dialect::FreeBsd, line);
        assert!(
            json.starts_with("{\"ssfe_type\":14,\"ssfe_flags\":2,"),
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
        let line = include_str!("../tests/fixtures/linux/peer_addr_change_v6.hex").trim();
        assert!(decode(Dialect::Linux, line).contains("\"spc_aaddr\":\"[2001:db8::1%3]:2905\""));
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

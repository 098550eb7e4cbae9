//! Instructions per parse, for callgrind: `cargo xtask bench` runs this loop under
//! `valgrind --tool=callgrind` with two iteration counts and reports the difference per
//! iteration, which does not depend on the load of the machine (unlike the times of
//! `benches/parse.rs`).
//!
//! usage: parse_ir parse|fields KIND COUNT
//!
//! `parse` parses the committed Linux fixture of KIND COUNT times, keeping the whole parsed view
//! (`black_box`); `fields` walks the parsed notification's `fields()` COUNT times, reading every
//! value. KIND is a fixture name of `benches/fixtures/mod.rs`, or `list` to print them.

use std::hint::black_box;

use sctp_notify::{Dialect, parse_as};

mod fixtures;
use fixtures::{FIXTURES, from_hex, weigh};

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if args.is_empty() {
        // `cargo bench` runs every bench target with no arguments of ours: nothing to do.
        eprintln!("parse_ir: run by `cargo xtask bench` under callgrind (see the file's docs)");
        return;
    }
    if args.first().map(String::as_str) == Some("list") {
        for (name, _) in FIXTURES {
            println!("{name}");
        }
        return;
    }
    let [what, kind, count] = &args[..] else {
        eprintln!("usage: parse_ir parse|fields KIND COUNT   (or: parse_ir list)");
        std::process::exit(2);
    };
    let count: u64 = count.parse().expect("COUNT");
    let (_, hex) = FIXTURES
        .iter()
        .find(|(n, _)| n == kind)
        .unwrap_or_else(|| panic!("no fixture {kind}"));
    let bytes = from_hex(hex);
    let mut sum = 0u64;
    match what.as_str() {
        "parse" => {
            for _ in 0..count {
                let n = parse_as(Dialect::Linux, black_box(bytes.as_slice()));
                black_box(&n);
            }
        }
        "fields" => {
            let n = parse_as(Dialect::Linux, &bytes).expect("fixture parses");
            for _ in 0..count {
                sum += black_box(&n).fields().map(|(_, v)| weigh(v)).sum::<u64>();
            }
        }
        other => panic!("unknown measure {other}"),
    }
    println!("{}", black_box(sum));
}

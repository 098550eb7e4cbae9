//! Nanoseconds per parse for each notification kind, and per full `fields()` walk.
//!
//! `cargo bench -p sctp-notify --bench parse` (or `cargo xtask bench`). The inputs are the
//! committed fixtures of `tests/fixtures/linux/`, parsed as Linux. `benches/parse_ir.rs` runs the
//! same parses in a plain loop for callgrind, which counts the instructions per parse.
#![allow(missing_docs)] // criterion_group! generates an undocumented function

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use sctp_notify::{Dialect, parse_as};

mod fixtures;
use fixtures::{FIXTURES, from_hex, weigh};

fn benches(c: &mut Criterion) {
    let inputs: Vec<(&str, Vec<u8>)> = FIXTURES.iter().map(|(n, h)| (*n, from_hex(h))).collect();

    let mut parse = c.benchmark_group("parse");
    for (name, bytes) in &inputs {
        // The whole parsed view is returned (criterion `black_box`es it), so the parse cannot
        // be cut down to the checks that decide `is_ok()`: that is what an earlier version of
        // this benchmark timed, and why its figures were lower than an independent loop's.
        parse.bench_function(*name, |b| {
            b.iter(|| parse_as(Dialect::Linux, black_box(bytes.as_slice())))
        });
    }
    parse.finish();

    let mut fields = c.benchmark_group("fields");
    for (name, bytes) in &inputs {
        let n = parse_as(Dialect::Linux, bytes).expect("fixture parses");
        fields.bench_function(*name, |b| {
            b.iter(|| black_box(&n).fields().map(|(_, v)| weigh(v)).sum::<u64>())
        });
    }
    fields.finish();
}

criterion_group! {
    name = parse;
    // Short runs: the figures are stable to well under a nanosecond at this length.
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .sample_size(30);
    targets = benches
}
criterion_main!(parse);

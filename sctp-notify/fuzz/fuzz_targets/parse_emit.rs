//! Any bytes, parsed in every dialect and both byte orders: parsing never panics, a
//! parsed record lies within the input, every field can be listed, `emitted_len` and
//! `emit_with` agree for every dialect and order (refusals included), a short output
//! buffer is reported, and whatever is emitted parses back — to the same fields when the
//! dialect is the same (`sn_length` aside, which emitting normalises for fixed-size
//! kinds). An unknown record copied into another dialect may be a known kind there, so it
//! need not parse.

#![no_main]

use libfuzzer_sys::fuzz_target;
use sctp_notify::{ByteOrder, Dialect, Error, Notification, Value, parse_with};

/// Every dialect the crate knows.
const DIALECTS: [Dialect; 3] = [Dialect::Linux, Dialect::FreeBsd, Dialect::Usrsctp];
const ORDERS: [ByteOrder; 2] = [ByteOrder::Little, ByteOrder::Big];

/// Stops compiling when a dialect is added to the crate but not to [`DIALECTS`].
#[allow(dead_code)]
const fn listed(d: Dialect) -> bool {
    match d {
        Dialect::Linux | Dialect::FreeBsd | Dialect::Usrsctp => true,
    }
}

fuzz_target!(|data: &[u8]| {
    // Room for the largest translation: FreeBSD's sctp_send_failed is 96 bytes longer.
    let mut out = vec![0u8; data.len() + 256];
    for dialect in DIALECTS {
        for order in ORDERS {
            match parse_with(dialect, order, data) {
                Ok(n) => check(&n, dialect, order, data, &mut out),
                Err(e) => check_error(e, data),
            }
        }
    }
});

fn check(n: &Notification<'_>, dialect: Dialect, order: ByteOrder, data: &[u8], out: &mut [u8]) {
    let record = n.as_bytes();
    assert!(record.len() <= data.len());
    assert_eq!(record, &data[..record.len()]);
    assert_eq!(n.length() as usize, record.len());
    let mut names = 0;
    for (name, value) in n.fields() {
        names += 1;
        assert!(!name.is_empty());
        touch(value);
    }
    assert!(names >= 3, "the sn_type, sn_flags, sn_length header is always listed");
    if let Notification::AssocChange(a) = n {
        let _ = a.abort_chunk();
        let _ = a.features().count();
    }

    for to in DIALECTS {
        let len = n.emitted_len(to);
        for to_order in ORDERS {
            let emitted = n.emit_with(to, to_order, out);
            assert_eq!(emitted, len, "emitted_len and emit_with disagree for {to}");
            let Ok(len) = emitted else {
                assert!(matches!(emitted, Err(Error::Unrepresentable { .. })));
                continue;
            };
            assert_eq!(
                n.emit_with(to, to_order, &mut out[..len - 1]),
                Err(Error::BufferTooSmall {
                    needed: len,
                    got: len - 1
                })
            );
            n.emit_with(to, to_order, out).unwrap();
            let back = match parse_with(to, to_order, &out[..len]) {
                Ok(back) => back,
                Err(e) => {
                    assert!(
                        n.dialect().is_none() && to != dialect,
                        "{n:?} emitted as {to} {to_order} does not parse: {e}"
                    );
                    continue;
                }
            };
            assert_eq!(back.length() as usize, len);
            if to == dialect {
                same_fields(n, &back);
                if to_order == order && back.length() == n.length() {
                    // Nothing normalised: the same bytes but for padding, so emitting
                    // again gives the same bytes.
                    let mut again = vec![0u8; len];
                    let l = back.emit_with(to, to_order, &mut again).unwrap();
                    assert_eq!(&again[..l], &out[..len]);
                }
            }
        }
    }
}

fn touch(value: Value<'_>) {
    match value {
        Value::SndInfo(i) => i.fields().for_each(|(_, v)| touch(v)),
        Value::SndRcvInfo(i) => i.fields().for_each(|(_, v)| touch(v)),
        Value::Streams(s) => {
            let _ = s.count();
        }
        v => {
            let _ = v.as_u64();
        }
    }
}

/// The same names and values, nested structs compared field by field (a nested view
/// compares its bytes, which differ in byte order and padding), `sn_length` aside.
fn same_fields(a: &Notification<'_>, b: &Notification<'_>) {
    let mut a_fields = a.fields();
    let mut b_fields = b.fields();
    loop {
        match (a_fields.next(), b_fields.next()) {
            (None, None) => return,
            (Some(("sn_length", _)), Some(("sn_length", _))) => {}
            (Some((an, av)), Some((bn, bv))) => {
                assert_eq!(an, bn);
                assert!(same_value(av, bv), "{an}: {av:?} != {bv:?}");
            }
            (x, y) => panic!("field lists differ in length: {x:?} / {y:?}"),
        }
    }
}

fn same_value(a: Value<'_>, b: Value<'_>) -> bool {
    match (a, b) {
        (Value::SndInfo(x), Value::SndInfo(y)) => x.fields().eq(y.fields()),
        (Value::SndRcvInfo(x), Value::SndRcvInfo(y)) => x.fields().eq(y.fields()),
        (Value::Streams(x), Value::Streams(y)) => x.eq(y),
        (x, y) => x == y,
    }
}

fn check_error(e: Error, data: &[u8]) {
    match e {
        Error::Truncated { needed, got } => assert!(needed > got && got == data.len()),
        Error::InvalidLength { length, minimum } => assert!((length as usize) < minimum),
        Error::UnalignedLength { length } => assert_eq!(length % 2, 1),
        Error::UnsupportedAddressFamily { .. } => {}
        e => panic!("parsing cannot give {e:?}"),
    }
}

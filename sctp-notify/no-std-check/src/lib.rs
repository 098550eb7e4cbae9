//! A `#![no_std]` shared library that calls `sctp_notify::parse_as`, `fields()` and
//! `emit`, to prove that `sctp-notify` needs nothing but `core`.
//!
//! No target without std can be installed on the build machines, so this is built for the
//! host target instead, as a `cdylib` with `panic = "abort"` and its own panic handler.
//! That is a real proof: if `sctp-notify` (or anything it depends on) linked `std`, the
//! build would fail with a duplicate `panic_impl` lang item, because `std` brings its own
//! panic handler. `cargo xtask ci` builds it (`xtask/src/nostd.rs`):
//!
//! ```text
//! cargo build --release --manifest-path sctp-notify/no-std-check/Cargo.toml
//! ```
#![no_std]

use sctp_notify::{Dialect, Notification, parse_as};

/// Parses a notification of at most 256 bytes (`len` of them are used) in the Linux
/// (`dialect == 0`) or FreeBSD layout, re-emits it in the other one, and returns the
/// number of its fields, or 0 if it does not parse.
#[unsafe(no_mangle)]
pub extern "C" fn sctp_notify_no_std_check(bytes: &[u8; 256], len: usize, dialect: u8) -> u32 {
    let (from, to) = match dialect {
        0 => (Dialect::Linux, Dialect::FreeBsd),
        _ => (Dialect::FreeBsd, Dialect::Linux),
    };
    let Some(bytes) = bytes.get(..len) else {
        return 0;
    };
    let Ok(n) = parse_as(from, bytes) else {
        return 0;
    };
    let mut out = [0u8; 512];
    let emitted = n.emit(to, &mut out).unwrap_or(0);
    let fields = n.fields().count() as u32;
    if let Notification::AssocChange(change) = n {
        return fields + change.info().len() as u32 + emitted as u32;
    }
    fields
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    loop {}
}

//! Holds `tests/c_layouts.rs`: `sctp-notify`'s offsets and sizes checked against the C structs of
//! `sctp-sys`'s committed bindings (Linux and FreeBSD). The library itself is empty.
#![no_std]

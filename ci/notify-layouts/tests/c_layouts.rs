//! The offsets and sizes `sctp-notify` reads, checked against the C structs themselves:
//! the bindgen bindings that `sctp-sys` generates from Linux's `netinet/sctp.h` and from
//! FreeBSD's `netinet/sctp_uio.h` (both committed there for x86_64), compiled here as
//! plain Rust types so that `offset_of!`/`size_of` give the C compiler's layout.
//!
//! The numbers on the right are the ones in `sctp-notify`'s tables (`src/*.rs`, `mod field`)
//! and in the test layouts of its `tests/common`; its fixtures and properties tie those to
//! the parser, and this file ties them to the headers.

#![cfg(all(target_arch = "x86_64", target_os = "linux"))]

use core::mem::{offset_of, size_of};

#[allow(
    dead_code,
    non_camel_case_types,
    non_snake_case,
    non_upper_case_globals,
    unreachable_pub,
    unsafe_op_in_unsafe_fn,
    improper_ctypes,
    clashing_extern_declarations,
    unused_imports,
    clippy::all,
    clippy::undocumented_unsafe_blocks
)]
mod linux {
    #[allow(unused_imports)]
    use libc::{
        in_addr, in_addr_t, in_port_t, in6_addr, iovec, sa_family_t, sockaddr, sockaddr_in,
        sockaddr_in6, sockaddr_storage, socklen_t,
    };
    include!("../../../sctp-sys/src/bindings/linux_x86_64.rs");
}

/// FreeBSD's structs, with Linux's `libc` standing in for the socket types: the only one
/// the notifications embed is `sockaddr_storage`, 128 bytes aligned to 8 on both.
#[allow(
    dead_code,
    non_camel_case_types,
    non_snake_case,
    non_upper_case_globals,
    unreachable_pub,
    unsafe_op_in_unsafe_fn,
    improper_ctypes,
    clashing_extern_declarations,
    unused_imports,
    clippy::all,
    clippy::undocumented_unsafe_blocks
)]
mod freebsd {
    #[allow(unused_imports)]
    use libc::{
        in_addr, in_addr_t, in_port_t, in6_addr, iovec, sa_family_t, sockaddr, sockaddr_in,
        sockaddr_in6, sockaddr_storage, socklen_t,
    };
    include!("../../../sctp-sys/src/bindings/freebsd_x86_64.rs");
}

macro_rules! at {
    ($m:ident :: $s:ident . $f:ident, $want:expr) => {
        assert_eq!(
            offset_of!($m::$s, $f),
            $want,
            concat!(stringify!($m), " ", stringify!($s), ".", stringify!($f))
        );
    };
}

#[test]
fn both_dialects_agree_where_the_crate_shares_a_table() {
    // Header: sn_type 0, sn_flags 2, sn_length 4 everywhere.
    at!(linux::sctp_assoc_change.sac_length, 4);
    at!(freebsd::sctp_assoc_change.sac_length, 4);
    for (state, err, out, inb, id) in [
        (
            offset_of!(linux::sctp_assoc_change, sac_state),
            offset_of!(linux::sctp_assoc_change, sac_error),
            offset_of!(linux::sctp_assoc_change, sac_outbound_streams),
            offset_of!(linux::sctp_assoc_change, sac_inbound_streams),
            offset_of!(linux::sctp_assoc_change, sac_assoc_id),
        ),
        (
            offset_of!(freebsd::sctp_assoc_change, sac_state),
            offset_of!(freebsd::sctp_assoc_change, sac_error),
            offset_of!(freebsd::sctp_assoc_change, sac_outbound_streams),
            offset_of!(freebsd::sctp_assoc_change, sac_inbound_streams),
            offset_of!(freebsd::sctp_assoc_change, sac_assoc_id),
        ),
    ] {
        assert_eq!((state, err, out, inb, id), (8, 10, 12, 14, 16));
    }
    at!(linux::sctp_assoc_change.sac_info, 20);
    at!(freebsd::sctp_assoc_change.sac_info, 20);

    at!(linux::sctp_remote_error.sre_error, 8);
    at!(linux::sctp_remote_error.sre_assoc_id, 12);
    at!(linux::sctp_remote_error.sre_data, 16);
    at!(freebsd::sctp_remote_error.sre_error, 8);
    at!(freebsd::sctp_remote_error.sre_assoc_id, 12);
    at!(freebsd::sctp_remote_error.sre_data, 16);

    // Linux's header spells the fields of sctp_send_failed_event ssf_*.
    at!(linux::sctp_send_failed_event.ssf_error, 8);
    at!(linux::sctp_send_failed_event.ssfe_info, 12);
    at!(linux::sctp_send_failed_event.ssf_assoc_id, 28);
    at!(linux::sctp_send_failed_event.ssf_data, 32);
    at!(freebsd::sctp_send_failed_event.ssfe_error, 8);
    at!(freebsd::sctp_send_failed_event.ssfe_info, 12);
    at!(freebsd::sctp_send_failed_event.ssfe_assoc_id, 28);
    at!(freebsd::sctp_send_failed_event.ssfe_data, 32);
    for (sid, flags, ppid, context, id, size) in [
        (
            offset_of!(linux::sctp_sndinfo, snd_sid),
            offset_of!(linux::sctp_sndinfo, snd_flags),
            offset_of!(linux::sctp_sndinfo, snd_ppid),
            offset_of!(linux::sctp_sndinfo, snd_context),
            offset_of!(linux::sctp_sndinfo, snd_assoc_id),
            size_of::<linux::sctp_sndinfo>(),
        ),
        (
            offset_of!(freebsd::sctp_sndinfo, snd_sid),
            offset_of!(freebsd::sctp_sndinfo, snd_flags),
            offset_of!(freebsd::sctp_sndinfo, snd_ppid),
            offset_of!(freebsd::sctp_sndinfo, snd_context),
            offset_of!(freebsd::sctp_sndinfo, snd_assoc_id),
            size_of::<freebsd::sctp_sndinfo>(),
        ),
    ] {
        assert_eq!((sid, flags, ppid, context, id, size), (0, 2, 4, 8, 12, 16));
    }

    for (sizes, name) in [
        (
            (
                size_of::<linux::sctp_shutdown_event>(),
                size_of::<linux::sctp_adaptation_event>(),
                size_of::<linux::sctp_authkey_event>(),
                size_of::<linux::sctp_sender_dry_event>(),
                size_of::<linux::sctp_stream_reset_event>(),
                size_of::<linux::sctp_assoc_reset_event>(),
                size_of::<linux::sctp_stream_change_event>(),
            ),
            "linux",
        ),
        (
            (
                size_of::<freebsd::sctp_shutdown_event>(),
                size_of::<freebsd::sctp_adaptation_event>(),
                size_of::<freebsd::sctp_authkey_event>(),
                size_of::<freebsd::sctp_sender_dry_event>(),
                size_of::<freebsd::sctp_stream_reset_event>(),
                size_of::<freebsd::sctp_assoc_reset_event>(),
                size_of::<freebsd::sctp_stream_change_event>(),
            ),
            "freebsd",
        ),
    ] {
        assert_eq!(sizes, (12, 16, 20, 12, 12, 20, 16), "{name}");
    }
    at!(linux::sctp_adaptation_event.sai_adaptation_ind, 8);
    at!(freebsd::sctp_adaptation_event.sai_adaptation_ind, 8);
    at!(linux::sctp_authkey_event.auth_altkeynumber, 10);
    at!(linux::sctp_authkey_event.auth_indication, 12);
    at!(linux::sctp_authkey_event.auth_assoc_id, 16);
    at!(freebsd::sctp_authkey_event.auth_altkeynumber, 10);
    at!(freebsd::sctp_authkey_event.auth_indication, 12);
    at!(freebsd::sctp_authkey_event.auth_assoc_id, 16);
    at!(linux::sctp_stream_reset_event.strreset_stream_list, 12);
    at!(freebsd::sctp_stream_reset_event.strreset_stream_list, 12);
    at!(linux::sctp_assoc_reset_event.assocreset_local_tsn, 12);
    at!(linux::sctp_assoc_reset_event.assocreset_remote_tsn, 16);
    at!(freebsd::sctp_assoc_reset_event.assocreset_local_tsn, 12);
    at!(freebsd::sctp_assoc_reset_event.assocreset_remote_tsn, 16);
    at!(linux::sctp_stream_change_event.strchange_instrms, 12);
    at!(linux::sctp_stream_change_event.strchange_outstrms, 14);
    at!(freebsd::sctp_stream_change_event.strchange_instrms, 12);
    at!(freebsd::sctp_stream_change_event.strchange_outstrms, 14);
    assert_eq!(size_of::<freebsd::sctp_tlv>(), 8);
}

#[test]
fn the_layouts_that_differ() {
    // sctp_paddr_change: Linux packs it to 148 bytes, FreeBSD pads it to 152.
    at!(linux::sctp_paddr_change.spc_aaddr, 8);
    at!(linux::sctp_paddr_change.spc_state, 136);
    at!(linux::sctp_paddr_change.spc_error, 140);
    at!(linux::sctp_paddr_change.spc_assoc_id, 144);
    assert_eq!(size_of::<linux::sctp_paddr_change>(), 148);
    at!(freebsd::sctp_paddr_change.spc_aaddr, 8);
    at!(freebsd::sctp_paddr_change.spc_state, 136);
    at!(freebsd::sctp_paddr_change.spc_error, 140);
    at!(freebsd::sctp_paddr_change.spc_assoc_id, 144);
    assert_eq!(size_of::<freebsd::sctp_paddr_change>(), 152);

    // sctp_pdapi_event: u32 stream/seq after the assoc id on Linux, u16 before it on FreeBSD.
    at!(linux::sctp_pdapi_event.pdapi_indication, 8);
    at!(linux::sctp_pdapi_event.pdapi_assoc_id, 12);
    at!(linux::sctp_pdapi_event.pdapi_stream, 16);
    at!(linux::sctp_pdapi_event.pdapi_seq, 20);
    assert_eq!(size_of::<linux::sctp_pdapi_event>(), 24);
    at!(freebsd::sctp_pdapi_event.pdapi_indication, 8);
    at!(freebsd::sctp_pdapi_event.pdapi_stream, 12);
    at!(freebsd::sctp_pdapi_event.pdapi_seq, 14);
    at!(freebsd::sctp_pdapi_event.pdapi_assoc_id, 16);
    assert_eq!(size_of::<freebsd::sctp_pdapi_event>(), 20);

    // sctp_send_failed: its sctp_sndrcvinfo is 32 bytes on Linux, 128 on FreeBSD.
    assert_eq!(size_of::<linux::sctp_sndrcvinfo>(), 32);
    assert_eq!(size_of::<freebsd::sctp_sndrcvinfo>(), 128);
    at!(linux::sctp_sndrcvinfo.sinfo_ppid, 8);
    at!(linux::sctp_sndrcvinfo.sinfo_timetolive, 16);
    at!(linux::sctp_sndrcvinfo.sinfo_cumtsn, 24);
    at!(linux::sctp_sndrcvinfo.sinfo_assoc_id, 28);
    at!(freebsd::sctp_sndrcvinfo.sinfo_ppid, 8);
    at!(freebsd::sctp_sndrcvinfo.sinfo_assoc_id, 28);
    at!(freebsd::sctp_sndrcvinfo.sinfo_keynumber, 32);
    at!(freebsd::sctp_sndrcvinfo.sinfo_keynumber_valid, 34);
    at!(linux::sctp_send_failed.ssf_error, 8);
    at!(linux::sctp_send_failed.ssf_info, 12);
    at!(linux::sctp_send_failed.ssf_assoc_id, 44);
    at!(linux::sctp_send_failed.ssf_data, 48);
    at!(freebsd::sctp_send_failed.ssf_info, 12);
    at!(freebsd::sctp_send_failed.ssf_assoc_id, 140);
    at!(freebsd::sctp_send_failed.ssf_data, 144);

    // sctp_assoc_t: signed on Linux, unsigned on FreeBSD.
    assert_eq!(linux::sctp_assoc_t::MIN, i32::MIN);
    assert_eq!(freebsd::sctp_assoc_t::MIN, 0u32);
}

#[test]
fn type_codes_and_values_match_the_headers() {
    use sctp_notify::{AssocState, AuthIndication, Dialect, PeerAddrState};
    // Whatever form bindgen gives the constants in, compare them as u32.
    macro_rules! c {
        ($m:ident :: $c:ident) => {
            $m::$c as u32
        };
    }
    let linux_types = [
        c!(linux::SCTP_ASSOC_CHANGE),
        c!(linux::SCTP_PEER_ADDR_CHANGE),
        c!(linux::SCTP_SEND_FAILED),
        c!(linux::SCTP_REMOTE_ERROR),
        c!(linux::SCTP_SHUTDOWN_EVENT),
        c!(linux::SCTP_PARTIAL_DELIVERY_EVENT),
        c!(linux::SCTP_ADAPTATION_INDICATION),
        c!(linux::SCTP_AUTHENTICATION_EVENT),
        c!(linux::SCTP_SENDER_DRY_EVENT),
        c!(linux::SCTP_STREAM_RESET_EVENT),
        c!(linux::SCTP_ASSOC_RESET_EVENT),
        c!(linux::SCTP_STREAM_CHANGE_EVENT),
        c!(linux::SCTP_SEND_FAILED_EVENT),
    ];
    assert_eq!(
        linux_types,
        [
            0x8001, 0x8002, 0x8003, 0x8004, 0x8005, 0x8006, 0x8007, 0x8008, 0x8009, 0x800a, 0x800b,
            0x800c, 0x800d
        ]
    );
    let freebsd_types = [
        c!(freebsd::SCTP_ASSOC_CHANGE),
        c!(freebsd::SCTP_PEER_ADDR_CHANGE),
        c!(freebsd::SCTP_REMOTE_ERROR),
        c!(freebsd::SCTP_SEND_FAILED),
        c!(freebsd::SCTP_SHUTDOWN_EVENT),
        c!(freebsd::SCTP_ADAPTATION_INDICATION),
        c!(freebsd::SCTP_PARTIAL_DELIVERY_EVENT),
        c!(freebsd::SCTP_AUTHENTICATION_EVENT),
        c!(freebsd::SCTP_STREAM_RESET_EVENT),
        c!(freebsd::SCTP_SENDER_DRY_EVENT),
        c!(freebsd::SCTP_NOTIFICATIONS_STOPPED_EVENT),
        c!(freebsd::SCTP_ASSOC_RESET_EVENT),
        c!(freebsd::SCTP_STREAM_CHANGE_EVENT),
        c!(freebsd::SCTP_SEND_FAILED_EVENT),
    ];
    assert_eq!(freebsd_types, (1..=14).collect::<Vec<u32>>()[..]);

    for (d, up, lost, restart, comp, cant) in [
        (
            Dialect::Linux,
            c!(linux::SCTP_COMM_UP),
            c!(linux::SCTP_COMM_LOST),
            c!(linux::SCTP_RESTART),
            c!(linux::SCTP_SHUTDOWN_COMP),
            c!(linux::SCTP_CANT_STR_ASSOC),
        ),
        (
            Dialect::FreeBsd,
            c!(freebsd::SCTP_COMM_UP),
            c!(freebsd::SCTP_COMM_LOST),
            c!(freebsd::SCTP_RESTART),
            c!(freebsd::SCTP_SHUTDOWN_COMP),
            c!(freebsd::SCTP_CANT_STR_ASSOC),
        ),
    ] {
        let raw = |s: AssocState| u32::from(s.to_raw(d));
        assert_eq!(
            [up, lost, restart, comp, cant],
            [
                raw(AssocState::CommUp),
                raw(AssocState::CommLost),
                raw(AssocState::Restart),
                raw(AssocState::ShutdownComplete),
                raw(AssocState::CantStartAssoc)
            ],
            "{d}"
        );
    }
    for (d, avail, unreach, removed, added, prim, confirmed) in [
        (
            Dialect::Linux,
            c!(linux::SCTP_ADDR_AVAILABLE),
            c!(linux::SCTP_ADDR_UNREACHABLE),
            c!(linux::SCTP_ADDR_REMOVED),
            c!(linux::SCTP_ADDR_ADDED),
            c!(linux::SCTP_ADDR_MADE_PRIM),
            c!(linux::SCTP_ADDR_CONFIRMED),
        ),
        (
            Dialect::FreeBsd,
            c!(freebsd::SCTP_ADDR_AVAILABLE),
            c!(freebsd::SCTP_ADDR_UNREACHABLE),
            c!(freebsd::SCTP_ADDR_REMOVED),
            c!(freebsd::SCTP_ADDR_ADDED),
            c!(freebsd::SCTP_ADDR_MADE_PRIM),
            c!(freebsd::SCTP_ADDR_CONFIRMED),
        ),
    ] {
        let raw = |s: PeerAddrState| s.to_raw(d).unwrap();
        assert_eq!(
            [avail, unreach, removed, added, prim, confirmed],
            [
                raw(PeerAddrState::Available),
                raw(PeerAddrState::Unreachable),
                raw(PeerAddrState::Removed),
                raw(PeerAddrState::Added),
                raw(PeerAddrState::MadePrimary),
                raw(PeerAddrState::Confirmed)
            ],
            "{d}"
        );
    }
    assert_eq!(
        PeerAddrState::PotentiallyFailed.to_raw(Dialect::Linux),
        Ok(c!(linux::SCTP_ADDR_POTENTIALLY_FAILED))
    );
    for (d, new, free, none) in [
        (
            Dialect::Linux,
            c!(linux::SCTP_AUTH_NEW_KEY),
            c!(linux::SCTP_AUTH_FREE_KEY),
            c!(linux::SCTP_AUTH_NO_AUTH),
        ),
        (
            Dialect::FreeBsd,
            c!(freebsd::SCTP_AUTH_NEW_KEY),
            c!(freebsd::SCTP_AUTH_FREE_KEY),
            c!(freebsd::SCTP_AUTH_NO_AUTH),
        ),
    ] {
        assert_eq!(
            [new, free, none],
            [
                AuthIndication::NewKey.to_raw(d),
                AuthIndication::FreeKey.to_raw(d),
                AuthIndication::NoAuth.to_raw(d)
            ],
            "{d}"
        );
    }
    use sctp_notify::{DataStatus, PartialDeliveryIndication};
    for (d, unsent, sent, aborted) in [
        (
            Dialect::Linux,
            c!(linux::SCTP_DATA_UNSENT),
            c!(linux::SCTP_DATA_SENT),
            c!(linux::SCTP_PARTIAL_DELIVERY_ABORTED),
        ),
        (
            Dialect::FreeBsd,
            c!(freebsd::SCTP_DATA_UNSENT),
            c!(freebsd::SCTP_DATA_SENT),
            c!(freebsd::SCTP_PARTIAL_DELIVERY_ABORTED),
        ),
    ] {
        assert_eq!(
            [unsent, sent, aborted],
            [
                u32::from(DataStatus::Unsent.to_raw(d)),
                u32::from(DataStatus::Sent.to_raw(d)),
                PartialDeliveryIndication::Aborted.to_raw(d)
            ],
            "{d}"
        );
    }
}

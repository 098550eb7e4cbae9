//! Compile-time proof that `sctp-notify`'s FreeBSD dialect is FreeBSD's layout.
//!
//! `sctp-notify` parses FreeBSD notifications on any host from offsets written down by hand;
//! `sctp-sys`, compiled for FreeBSD, has the layouts bindgen read from FreeBSD's own
//! `netinet/sctp_uio.h`. This crate ties the two: its build script reads the offsets, widths,
//! struct sizes, type codes and flag bits that `sctp-notify` actually uses (through its public
//! API, see `build.rs`), and below every one of them becomes a `const` assertion against
//! `sctp-sys` (and `libc` for the address families). The state and indication values are
//! compared directly, through the `const fn` conversions of `sctp-notify`'s enums.
//!
//! The crate is compiled by `cargo xtask check --target freebsd`; a mismatch fails that check
//! with the name of the field or constant. On other targets it is empty.
#![no_std]

#[cfg(target_os = "freebsd")]
mod freebsd {
    use core::mem::{offset_of, size_of};

    use sctp_notify::{
        AssocState, AuthIndication, DataStatus, Dialect, Feature, PartialDeliveryIndication,
        PeerAddrState,
    };
    use sctp_sys as c;

    const D: Dialect = Dialect::FreeBsd;

    /// The size of a field, from an accessor closure (never called).
    const fn width<S, F>(_: fn(&S) -> &F) -> usize {
        size_of::<F>()
    }

    macro_rules! type_code {
        ($konst:ident, $code:expr) => {
            const _: () = assert!(
                c::$konst as u16 == $code,
                concat!("sctp-notify's FreeBSD code of ", stringify!($konst))
            );
        };
    }

    macro_rules! size {
        ($st:ident, $size:expr) => {
            const _: () = assert!(
                size_of::<c::$st>() == $size,
                concat!("sctp-notify's FreeBSD size of struct ", stringify!($st))
            );
        };
    }

    macro_rules! min_size {
        ($st:ident, $min:expr) => {
            const _: () = assert!(
                $min <= size_of::<c::$st>(),
                concat!(
                    "sctp-notify's FreeBSD minimum length of struct ",
                    stringify!($st)
                )
            );
        };
    }

    /// Width 0: a trailing array, whose start is checked.
    macro_rules! field {
        ($st:ident, $field:ident, $offset:expr, $width:expr) => {
            const _: () = assert!(
                offset_of!(c::$st, $field) == $offset,
                concat!(
                    "sctp-notify's FreeBSD offset of ",
                    stringify!($st),
                    ".",
                    stringify!($field)
                )
            );
            const _: () = assert!(
                $width == 0 || width(|s: &c::$st| &s.$field) == $width,
                concat!(
                    "sctp-notify's FreeBSD width of ",
                    stringify!($st),
                    ".",
                    stringify!($field)
                )
            );
        };
    }

    macro_rules! nested {
        ($st:ident, $field:ident, $inner:ident, $ifield:ident, $offset:expr, $width:expr) => {
            const _: () = assert!(
                offset_of!(c::$st, $field) + offset_of!(c::$inner, $ifield) == $offset,
                concat!(
                    "sctp-notify's FreeBSD offset of ",
                    stringify!($st),
                    ".",
                    stringify!($field),
                    ".",
                    stringify!($ifield)
                )
            );
            const _: () = assert!(
                width(|s: &c::$inner| &s.$ifield) == $width,
                concat!(
                    "sctp-notify's FreeBSD width of ",
                    stringify!($inner),
                    ".",
                    stringify!($ifield)
                )
            );
        };
    }

    macro_rules! flag {
        ($konst:ident, $bit:expr) => {
            const _: () = assert!(
                c::$konst as u16 == $bit,
                concat!("sctp-notify's FreeBSD bit of ", stringify!($konst))
            );
        };
    }

    macro_rules! family {
        ($konst:ident, $value:expr) => {
            const _: () = assert!(
                libc::$konst == $value,
                concat!("sctp-notify's FreeBSD value of ", stringify!($konst))
            );
        };
    }

    include!(concat!(env!("OUT_DIR"), "/checks.rs"));

    /// `$value` of `sctp-notify` (a `const` expression) equals the C constant.
    macro_rules! same {
        ($($value:expr => $konst:ident),* $(,)?) => {
            $(
                const _: () = assert!(
                    $value as u64 == c::$konst as u64,
                    concat!("sctp-notify's FreeBSD value of ", stringify!($konst))
                );
            )*
        };
    }

    same! {
        AssocState::CommUp.to_raw(D) => SCTP_COMM_UP,
        AssocState::CommLost.to_raw(D) => SCTP_COMM_LOST,
        AssocState::Restart.to_raw(D) => SCTP_RESTART,
        AssocState::ShutdownComplete.to_raw(D) => SCTP_SHUTDOWN_COMP,
        AssocState::CantStartAssoc.to_raw(D) => SCTP_CANT_STR_ASSOC,
        peer_state(PeerAddrState::Available) => SCTP_ADDR_AVAILABLE,
        peer_state(PeerAddrState::Unreachable) => SCTP_ADDR_UNREACHABLE,
        peer_state(PeerAddrState::Removed) => SCTP_ADDR_REMOVED,
        peer_state(PeerAddrState::Added) => SCTP_ADDR_ADDED,
        peer_state(PeerAddrState::MadePrimary) => SCTP_ADDR_MADE_PRIM,
        peer_state(PeerAddrState::Confirmed) => SCTP_ADDR_CONFIRMED,
        AuthIndication::NewKey.to_raw(D) => SCTP_AUTH_NEW_KEY,
        AuthIndication::FreeKey.to_raw(D) => SCTP_AUTH_FREE_KEY,
        AuthIndication::NoAuth.to_raw(D) => SCTP_AUTH_NO_AUTH,
        PartialDeliveryIndication::Aborted.to_raw(D) => SCTP_PARTIAL_DELIVERY_ABORTED,
        DataStatus::Unsent.to_raw(D) => SCTP_DATA_UNSENT,
        DataStatus::Sent.to_raw(D) => SCTP_DATA_SENT,
        Feature::PartialReliability.to_raw() => SCTP_ASSOC_SUPPORTS_PR,
        Feature::Auth.to_raw() => SCTP_ASSOC_SUPPORTS_AUTH,
        Feature::Asconf.to_raw() => SCTP_ASSOC_SUPPORTS_ASCONF,
        Feature::Multibuf.to_raw() => SCTP_ASSOC_SUPPORTS_MULTIBUF,
        Feature::Reconfig.to_raw() => SCTP_ASSOC_SUPPORTS_RE_CONFIG,
        Feature::Interleaving.to_raw() => SCTP_ASSOC_SUPPORTS_INTERLEAVING,
    }

    /// FreeBSD has no potentially-failed peer address state: sctp-notify must refuse to
    /// write one rather than invent a number.
    const _: () = assert!(
        PeerAddrState::PotentiallyFailed.to_raw(D).is_err(),
        "sctp-notify writes a FreeBSD value for SCTP_ADDR_PF, which FreeBSD lacks"
    );

    /// The raw FreeBSD value of a peer address state that FreeBSD has.
    const fn peer_state(state: PeerAddrState) -> u32 {
        match state.to_raw(D) {
            Ok(raw) => raw,
            Err(_) => panic!("sctp-notify has no FreeBSD value for a FreeBSD peer address state"),
        }
    }
}

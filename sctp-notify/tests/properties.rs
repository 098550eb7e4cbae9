//! Property tests, for every dialect (Linux, FreeBSD, usrsctp) and both byte orders:
//! arbitrary bytes never panic; `emitted_len` and `emit` agree; every kind round-trips through
//! parse → emit → parse, also through the other byte order, and is emitted in every other
//! dialect as that dialect's layout or refused; every strict prefix of a valid notification
//! is reported as truncated; unknown types come back whole as `Notification::Unknown`.

mod common;

use common::{
    Snd, SndRcv, Spec, all_type_codes, build, build_in, deconstruct, others, representable,
    same_fields, same_numbers, touch_everything,
};
use proptest::prelude::*;
use sctp_notify::{
    AssocState, AuthIndication, ByteOrder, DataStatus, Dialect, Error, Notification,
    PartialDeliveryIndication, PeerAddrState, parse_as, parse_with,
};

/// The generators, in one place.
mod strategy {
    use super::*;
    use proptest::collection::vec;
    use std::net::SocketAddr;

    pub(crate) fn dialect() -> impl Strategy<Value = Dialect> {
        prop_oneof![
            Just(Dialect::Linux),
            Just(Dialect::FreeBsd),
            Just(Dialect::Usrsctp)
        ]
    }

    pub(crate) fn byte_order() -> impl Strategy<Value = ByteOrder> {
        prop_oneof![Just(ByteOrder::Little), Just(ByteOrder::Big)]
    }

    fn bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
        vec(any::<u8>(), 0..max)
    }

    /// Values of every field that `d` can hold, enumerations drawn from all raw values
    /// (so `Unknown(n)` arms are covered too).
    pub(crate) fn spec(d: Dialect) -> BoxedStrategy<Spec> {
        let linux = d == Dialect::Linux;
        // FreeBSD's and usrsctp's pdapi_stream and pdapi_seq are u16; Linux's are u32.
        let pdapi_max = if linux { u32::MAX } else { u32::from(u16::MAX) };
        prop_oneof![
            (
                any::<u16>(),
                any::<u16>(),
                any::<u16>(),
                any::<u16>(),
                any::<u16>(),
                any::<u32>(),
                bytes(64)
            )
                .prop_map(
                    move |(flags, state, error, outbound, inbound, assoc_id, info)| {
                        Spec::AssocChange {
                            flags,
                            state: AssocState::from_raw(d, state),
                            error,
                            outbound,
                            inbound,
                            assoc_id,
                            info,
                        }
                    }
                ),
            (
                any::<u16>(),
                any::<SocketAddr>(),
                any::<u32>(),
                any::<u32>(),
                any::<u32>()
            )
                .prop_map(move |(flags, addr, state, error, assoc_id)| {
                    Spec::PeerAddrChange {
                        flags,
                        addr,
                        state: PeerAddrState::from_raw(d, state),
                        error,
                        assoc_id,
                    }
                }),
            (any::<u16>(), any::<u16>(), any::<u32>(), bytes(64)).prop_map(
                |(flags, cause, assoc_id, data)| Spec::RemoteError {
                    flags,
                    cause,
                    assoc_id,
                    data
                }
            ),
            (
                any::<u16>(),
                any::<u32>(),
                (any::<[u16; 3]>(), any::<[u32; 6]>(), any::<[u16; 2]>()),
                any::<u32>(),
                bytes(64)
            )
                .prop_map(move |(status, error, (a, b, k), assoc_id, data)| {
                    Spec::SendFailed {
                        status: DataStatus::from_raw(d, status),
                        error,
                        info: SndRcv {
                            stream: a[0],
                            ssn: a[1],
                            flags: a[2],
                            ppid: b[0],
                            context: b[1],
                            ttl: b[2],
                            tsn: b[3],
                            cumtsn: b[4],
                            assoc_id: b[5],
                            keynumber: if linux { 0 } else { k[0] },
                            keynumber_valid: if linux { 0 } else { k[1] },
                        },
                        assoc_id,
                        data,
                    }
                }),
            (
                any::<u16>(),
                any::<u32>(),
                any::<(u16, u16, u32, u32, u32)>(),
                any::<u32>(),
                bytes(64)
            )
                .prop_map(
                    move |(status, error, (sid, flags, ppid, context, aid), assoc_id, data)| {
                        Spec::SendFailedEvent {
                            status: DataStatus::from_raw(d, status),
                            error,
                            info: Snd {
                                sid,
                                flags,
                                ppid,
                                context,
                                assoc_id: aid,
                            },
                            assoc_id,
                            data,
                        }
                    }
                ),
            any::<(u16, u32)>().prop_map(|(flags, assoc_id)| Spec::Shutdown { flags, assoc_id }),
            any::<(u16, u32, u32)>().prop_map(|(flags, ind, assoc_id)| Spec::Adaptation {
                flags,
                ind,
                assoc_id
            }),
            (
                any::<u16>(),
                any::<u32>(),
                any::<u32>(),
                any::<u32>(),
                any::<u32>()
            )
                .prop_map(move |(flags, ind, stream, seq, assoc_id)| {
                    Spec::PartialDelivery {
                        flags,
                        indication: PartialDeliveryIndication::from_raw(d, ind),
                        stream: stream & pdapi_max,
                        seq: seq & pdapi_max,
                        assoc_id,
                    }
                }),
            any::<(u16, u16, u16, u32, u32)>().prop_map(
                move |(flags, key, altkey, ind, assoc_id)| {
                    Spec::Authentication {
                        flags,
                        key,
                        altkey,
                        indication: AuthIndication::from_raw(d, ind),
                        assoc_id,
                    }
                }
            ),
            any::<(u16, u32)>().prop_map(|(flags, assoc_id)| Spec::SenderDry { flags, assoc_id }),
            (any::<u16>(), any::<u32>(), vec(any::<u16>(), 0..32)).prop_map(
                |(flags, assoc_id, streams)| Spec::StreamReset {
                    flags,
                    assoc_id,
                    streams
                }
            ),
            any::<(u16, u32, u32, u32)>().prop_map(|(flags, assoc_id, local_tsn, remote_tsn)| {
                Spec::AssocReset {
                    flags,
                    assoc_id,
                    local_tsn,
                    remote_tsn,
                }
            }),
            any::<(u16, u32, u16, u16)>().prop_map(|(flags, assoc_id, instrms, outstrms)| {
                Spec::StreamChange {
                    flags,
                    assoc_id,
                    instrms,
                    outstrms,
                }
            }),
            any::<u16>().prop_map(|flags| Spec::NotificationsStopped { flags }),
        ]
        .prop_filter("kind exists in the dialect", move |s| representable(d, s))
        .boxed()
    }

    pub(crate) fn dialect_and_spec() -> impl Strategy<Value = (Dialect, Spec)> {
        dialect().prop_flat_map(|d| (Just(d), spec(d)))
    }

    /// A header whose type is one the dialect knows and whose length is near the buffer's,
    /// followed by random bytes: the inputs that get past the first checks.
    pub(crate) fn plausible(d: Dialect) -> impl Strategy<Value = Vec<u8>> {
        (
            proptest::sample::select(all_type_codes(d)),
            any::<u16>(),
            0usize..200,
            -4i64..4,
            vec(any::<u8>(), 200),
        )
            .prop_map(|(ty, flags, len, skew, body)| {
                let mut b = body[..len.max(8)].to_vec();
                b[..2].copy_from_slice(&ty.to_ne_bytes());
                b[2..4].copy_from_slice(&flags.to_ne_bytes());
                let declared = (b.len() as i64 + skew).max(0) as u32;
                b[4..8].copy_from_slice(&declared.to_ne_bytes());
                b
            })
    }
}

/// Whether any enumeration of `spec` is an `Unknown(n)`, which is kept raw across dialects.
fn has_unknown(spec: &Spec) -> bool {
    match spec {
        Spec::AssocChange { state, .. } => matches!(state, AssocState::Unknown(_)),
        Spec::PeerAddrChange { state, .. } => matches!(state, PeerAddrState::Unknown(_)),
        Spec::SendFailed { status, .. } | Spec::SendFailedEvent { status, .. } => {
            matches!(status, DataStatus::Unknown(_))
        }
        Spec::PartialDelivery { indication, .. } => {
            matches!(indication, PartialDeliveryIndication::Unknown(_))
        }
        Spec::Authentication { indication, .. } => matches!(indication, AuthIndication::Unknown(_)),
        _ => false,
    }
}

proptest! {
    // Natively 2000 cases. Miri interprets every instruction and proptest's generators
    // dominate there (seconds per case), so one case each: every kind in both dialects and
    // byte orders goes through miri in the fixture tests anyway.
    #![proptest_config(ProptestConfig::with_cases(if cfg!(miri) { 1 } else { 2000 }))]

    #[test]
    fn arbitrary_bytes_never_panic(d in strategy::dialect(), order in strategy::byte_order(), bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(n) = parse_with(d, order, &bytes) {
            touch_everything(&n);
        }
    }

    #[test]
    fn a_big_endian_emit_parses_back_identically((d, spec) in strategy::dialect_and_spec(), order in strategy::byte_order()) {
        let bytes = build_in(d, order, &spec);
        let n = parse_with(d, order, &bytes).unwrap();
        prop_assert_eq!(deconstruct(&n), spec.clone());
        for to in [ByteOrder::Big, ByteOrder::Little] {
            let mut out = vec![0xa5; bytes.len()];
            prop_assert_eq!(n.emit_with(d, to, &mut out), Ok(bytes.len()));
            prop_assert_eq!(&out, &build_in(d, to, &spec));
            let back = parse_with(d, to, &out).unwrap();
            prop_assert_eq!(back.byte_order(), Some(to));
            prop_assert_eq!(deconstruct(&back), spec.clone());
            prop_assert!(same_fields(&back, &n));
        }
    }

    #[test]
    fn plausible_headers_never_panic((d, bytes) in strategy::dialect().prop_flat_map(|d| (Just(d), strategy::plausible(d)))) {
        match parse_as(d, &bytes) {
            Ok(n) => {
                touch_everything(&n);
                prop_assert!(n.as_bytes().len() <= bytes.len());
            }
            Err(Error::Truncated { needed, got }) => prop_assert!(needed > got && got == bytes.len()),
            Err(Error::InvalidLength { length, minimum }) => prop_assert!((length as usize) < minimum),
            Err(Error::UnalignedLength { length }) => prop_assert!(length % 2 == 1),
            Err(Error::UnsupportedAddressFamily { .. }) => {}
            Err(e) => prop_assert!(false, "parse cannot give {e:?}"),
        }
    }

    #[test]
    fn every_kind_round_trips((d, spec) in strategy::dialect_and_spec()) {
        let bytes = build(d, &spec);
        let n = parse_as(d, &bytes).unwrap();
        prop_assert_eq!(deconstruct(&n), spec.clone());

        let mut out = vec![0xa5; bytes.len()];
        let len = n.emit(d, &mut out).unwrap();
        prop_assert_eq!(&out[..len], &bytes[..]);
        let again = parse_as(d, &out[..len]).unwrap();
        prop_assert_eq!(again, n);
        prop_assert!(again.fields().eq(n.fields()));

        // Across dialects: each other layout exactly, or a refusal for what it cannot hold.
        // An `Unknown(n)` is kept raw, so it means the same only between dialects that
        // number alike.
        for o in others(d) {
            let mut out = vec![0; 512];
            match n.emit(o, &mut out) {
                Ok(len) => {
                    prop_assert!(representable(o, &spec), "{:?} -> {:?}", d, o);
                    let there = parse_as(o, &out[..len]).unwrap();
                    if same_numbers(d, o) || !has_unknown(&spec) {
                        prop_assert_eq!(&out[..len], &build(o, &spec)[..], "{:?} -> {:?}", d, o);
                        prop_assert_eq!(deconstruct(&there), spec.clone());
                    }
                }
                Err(Error::Unrepresentable { .. }) => {
                    prop_assert!(!representable(o, &spec), "{:?} -> {:?}", d, o)
                }
                Err(e) => prop_assert!(false, "{e:?}"),
            }
        }
    }

    #[test]
    fn every_strict_prefix_is_truncated((d, spec) in strategy::dialect_and_spec()) {
        let bytes = build(d, &spec);
        for got in 0..bytes.len() {
            let needed = if got < 8 { 8 } else { bytes.len() };
            prop_assert_eq!(parse_as(d, &bytes[..got]), Err(Error::Truncated { needed, got }));
        }
    }

    #[test]
    fn emit_reports_a_short_buffer((d, spec) in strategy::dialect_and_spec()) {
        let bytes = build(d, &spec);
        let n = parse_as(d, &bytes).unwrap();
        let mut out = vec![0; bytes.len() - 1];
        prop_assert_eq!(n.emit(d, &mut out), Err(Error::BufferTooSmall { needed: bytes.len(), got: bytes.len() - 1 }));
    }

    #[test]
    fn unknown_types_are_unknown(
        d in strategy::dialect(),
        sn_type in any::<u16>(),
        flags in any::<u16>(),
        body in proptest::collection::vec(any::<u8>(), 0..64),
        trailing in proptest::collection::vec(any::<u8>(), 0..8),
    ) {
        prop_assume!(!all_type_codes(d).contains(&sn_type));
        let mut b = Vec::new();
        b.extend_from_slice(&sn_type.to_ne_bytes());
        b.extend_from_slice(&flags.to_ne_bytes());
        b.extend_from_slice(&(8 + body.len() as u32).to_ne_bytes());
        b.extend_from_slice(&body);
        let record = b.clone();
        b.extend_from_slice(&trailing);
        let n = parse_as(d, &b).unwrap();
        prop_assert_eq!(n, Notification::Unknown { sn_type, flags, bytes: &record[..] });
        let names: Vec<&str> = n.fields().map(|(k, _)| k).collect();
        prop_assert_eq!(names, ["sn_type", "sn_flags", "sn_length", "sn_data"]);
        for o in others(d) {
            let mut out = vec![0; record.len()];
            prop_assert_eq!(n.emit(o, &mut out), Ok(record.len()));
            prop_assert_eq!(&out, &record);
        }
    }
}

//! Host tests: what needs no kernel SCTP (input validation before any socket is made, the error
//! mapping, the value types).

use std::io;

use sctp::{AssocId, Error, PrPolicy, SctpListener, SctpSocket, SctpStream, SendFlags, SendInfo};

fn addr(s: &str) -> std::net::SocketAddr {
    s.parse().unwrap()
}

#[test]
fn address_lists_are_checked_before_any_socket_is_made() {
    assert!(matches!(
        SctpListener::bind_multi(&[]),
        Err(Error::EmptyAddressList)
    ));
    assert!(matches!(
        SctpSocket::bind_multi(&[]),
        Err(Error::EmptyAddressList)
    ));
    assert!(matches!(
        SctpStream::connect_multi(&[]),
        Err(Error::EmptyAddressList)
    ));
    let mixed = [addr("127.0.0.1:1"), addr("[::1]:1")];
    assert!(matches!(
        SctpListener::bind_multi(&mixed),
        Err(Error::MixedAddressFamilies)
    ));
    assert!(matches!(
        SctpStream::connect_multi(&mixed),
        Err(Error::MixedAddressFamilies)
    ));
    assert!(matches!(
        sctp::SctpBuilder::new().connect(&mixed),
        Err(Error::MixedAddressFamilies)
    ));
}

#[test]
fn errors_convert_to_io_errors_with_a_fitting_kind() {
    let cases = [
        (Error::EmptyAddressList, io::ErrorKind::InvalidInput),
        (Error::MixedAddressFamilies, io::ErrorKind::InvalidInput),
        (
            Error::InvalidStream {
                stream: 9,
                streams: 4,
            },
            io::ErrorKind::InvalidInput,
        ),
        (
            Error::MessageTooLong { len: 10, max: 5 },
            io::ErrorKind::InvalidInput,
        ),
        (Error::EmptyBuffer, io::ErrorKind::InvalidInput),
        (
            Error::NotificationTruncated { len: 20, buf: 8 },
            io::ErrorKind::InvalidData,
        ),
    ];
    for (err, kind) in cases {
        let text = err.to_string();
        let io: io::Error = err.into();
        assert_eq!(io.kind(), kind, "{text}");
        // The typed error stays reachable.
        assert!(
            io.get_ref()
                .and_then(|e| e.downcast_ref::<Error>())
                .is_some()
        );
        assert_eq!(io.to_string(), text);
    }
    // A system error comes back as it was.
    let io: io::Error = Error::Io(io::Error::from_raw_os_error(libc::EPIPE)).into();
    assert_eq!(io.raw_os_error(), Some(libc::EPIPE));
    assert_eq!(
        Error::InvalidStream {
            stream: 9,
            streams: 4
        }
        .to_string(),
        "stream 9 is out of range: the association has 4 outbound streams"
    );
}

#[test]
fn value_types() {
    assert!(
        AssocId::FUTURE.is_reserved()
            && AssocId::CURRENT.is_reserved()
            && AssocId::ALL.is_reserved()
    );
    assert!(!AssocId::from_raw(7).is_reserved());
    assert_eq!(AssocId::from_raw(7).as_raw(), 7);
    assert_eq!(format!("{:?}", AssocId::ALL), "AssocId::ALL");
    assert_eq!(format!("{:?}", AssocId::from_raw(7)), "AssocId(7)");

    let flags = SendFlags::UNORDERED | SendFlags::EOF;
    assert!(flags.contains(SendFlags::EOF) && !flags.contains(SendFlags::ABORT));
    assert_eq!(format!("{flags:?}"), "SendFlags(UNORDERED | EOF)");
    assert_eq!(SendFlags::from_bits(flags.bits()), flags);
    assert!(SendFlags::NONE.is_empty());

    let info = SendInfo::new()
        .with_pr_policy(PrPolicy::Rtx(2))
        .with_auth_key(1);
    assert_eq!(
        info,
        SendInfo {
            pr_policy: Some(PrPolicy::Rtx(2)),
            auth_key: Some(1),
            ..SendInfo::default()
        }
    );
    assert_eq!(SendInfo::default(), SendInfo::new());
}

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
    assert_eq!(info.pr_policy, Some(PrPolicy::Rtx(2)));
    assert_eq!(info.auth_key, Some(1));
    assert_eq!(SendInfo::default(), SendInfo::new());
}

/// The rule of the crate docs ("Errors"): only methods that are std socket methods by name
/// return `io::Result`; every other public method returns `sctp::Error`. Read from the
/// sources, so a new method that breaks the rule fails here.
#[test]
fn only_std_shaped_methods_return_io_result() {
    const STD_SHAPED: &[&str] = &[
        "accept",
        "listen",
        "local_addr",
        "peer_addr",
        "shutdown",
        "set_nonblocking",
        "nonblocking",
        "set_read_timeout",
        "read_timeout",
        "set_write_timeout",
        "write_timeout",
        "take_error",
        "try_clone",
        "from_std",
        "incoming",
        "connect_timeout",
        // socket2's and tokio's socket methods.
        "set_send_buffer_size",
        "send_buffer_size",
        "set_recv_buffer_size",
        "recv_buffer_size",
        "readable",
        "writable",
        "poll_accept",
        "poll_recv_ready",
        "poll_send_ready",
    ];
    fn visit(dir: &std::path::Path, offenders: &mut Vec<String>, seen: &mut usize) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                // The system layer is private (`pub(crate)`) and speaks io::Result.
                if !path.ends_with("sys") {
                    visit(&path, offenders, seen);
                }
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            // rustfmt keeps a signature on one line when it fits, and these all fit.
            for line in text.lines().map(str::trim) {
                let Some(rest) = line
                    .strip_prefix("pub fn ")
                    .or_else(|| line.strip_prefix("pub async fn "))
                else {
                    continue;
                };
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let Some((_, ret)) = line.split_once("->") else {
                    continue;
                };
                if ret.contains("Result<") {
                    *seen += 1;
                }
                if ret.contains("io::Result") && !STD_SHAPED.contains(&name.as_str()) {
                    offenders.push(format!("{}: {name}", path.display()));
                }
            }
        }
    }
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let (mut offenders, mut seen) = (Vec::new(), 0);
    visit(&src, &mut offenders, &mut seen);
    assert!(
        seen > 50,
        "only {seen} fallible methods found: is the scan broken?"
    );
    assert!(
        offenders.is_empty(),
        "return sctp::Error, or add the std method to the rule: {offenders:?}"
    );
}

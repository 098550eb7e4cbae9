//! The crate's error type.

use std::io;
use std::net::SocketAddr;

/// An error from this crate that is more than a failed system call: invalid input caught before
/// or after the call, or kernel data that could not be decoded.
///
/// Plain system-call failures are [`Error::Io`]. Every variant converts into an [`io::Error`]
/// (`From<Error> for io::Error`) with a fitting [`io::ErrorKind`], and the original `Error` stays
/// reachable through [`io::Error::get_ref`], so code that only speaks `io::Result` can still
/// match on the cause.
///
/// # Examples
///
/// ```no_run
/// use sctp::{Error, SctpSocket};
///
/// let socket = SctpSocket::bind("127.0.0.1:0")?;
/// match socket.connect(&[]) {
///     Err(Error::EmptyAddressList) => println!("no address given"),
///     other => println!("{other:?}"),
/// }
/// # Ok::<(), Error>(())
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A system call failed.
    #[error(transparent)]
    Io(#[from] io::Error),

    /// An address list was empty where at least one address is needed.
    #[error("empty address list")]
    EmptyAddressList,

    /// An address list mixed IPv4 and IPv6 addresses.
    ///
    /// Use IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`) to reach IPv4 peers from an IPv6
    /// socket.
    #[error("address list mixes IPv4 and IPv6 addresses")]
    MixedAddressFamilies,

    /// An address's family does not fit the socket (an IPv6 address on an IPv4 socket).
    #[error("address {addr} does not fit the socket's address family")]
    AddressFamilyMismatch {
        /// The offending address.
        addr: SocketAddr,
    },

    /// The stream number is not below the number of outbound streams negotiated for the
    /// association.
    #[error("stream {stream} is out of range: the association has {streams} outbound streams")]
    InvalidStream {
        /// The stream that was asked for.
        stream: u16,
        /// The number of outbound streams of the association.
        streams: u16,
    },

    /// The message is longer than the socket accepts in one send call (its send buffer).
    #[error("message of {len} bytes exceeds the limit of {max} bytes")]
    MessageTooLong {
        /// Length of the message.
        len: usize,
        /// The largest message the socket accepts.
        max: usize,
    },

    /// A receive call was given an empty buffer, where no message (and no end of the
    /// association) could be told apart.
    #[error("empty receive buffer")]
    EmptyBuffer,

    /// A notification did not fit the receive buffer; it was read completely and dropped.
    ///
    /// Receive with a buffer of at least the notification's length.
    ///
    /// Should reading the rest of it fail (the failure is returned instead), the socket
    /// remembers, and the next receive that meets the rest drops it and returns this error, so
    /// the rest is never taken for a notification of its own.
    #[error("notification of {len} bytes does not fit the buffer of {buf} bytes")]
    NotificationTruncated {
        /// Total length of the notification.
        len: usize,
        /// Length of the buffer that was given.
        buf: usize,
    },

    /// The running kernel does not know this socket option (`ENOPROTOOPT`): it is newer than
    /// the kernel, or the kernel was built without the feature.
    #[error("socket option {option} is not supported by this kernel")]
    UnsupportedOption {
        /// The C name of the option, e.g. `SCTP_PLPMTUD_PROBE_INTERVAL`.
        option: &'static str,
    },

    /// The SCTP stack in use does not offer this feature at all: usrsctp (the `userland`
    /// backend) lacks it, as listed in the table of the `userland` module.
    #[error("{feature} is not supported by the userland SCTP stack (usrsctp)")]
    Unsupported {
        /// What was asked for, e.g. `SCTP_PEER_ADDR_THLDS` or `peeloff on IPv6`.
        feature: &'static str,
    },

    /// The kernel knows the option but the feature behind it is not in effect for the
    /// association: the peer did not negotiate it (e.g. stream reconfiguration, RFC 6525) or it
    /// is switched off locally (e.g. [`set_enable_stream_reset`](crate::SctpSocket::set_enable_stream_reset)).
    #[error("{option}: the feature is not enabled or not negotiated for this association")]
    OptionNotEnabled {
        /// The C name of the option.
        option: &'static str,
    },

    /// A value given to a socket option setter is out of range or inconsistent; nothing was
    /// sent to the kernel.
    #[error("invalid value for {option}: {reason}")]
    InvalidOptionValue {
        /// The C name of the option.
        option: &'static str,
        /// What is wrong with the value.
        reason: &'static str,
    },

    /// The kernel answered a socket option query with fewer bytes than the option's layout.
    #[error("{option} returned {got} bytes, expected {expected}")]
    OptionLength {
        /// The C name of the option.
        option: &'static str,
        /// The size of the option's layout.
        expected: usize,
        /// The length the kernel reported.
        got: usize,
    },

    /// A notification from the kernel could not be decoded.
    #[error("undecodable notification: {0}")]
    Notification(sctp_notify::Error),

    /// The kernel returned an address of a family this crate does not know.
    #[error("unsupported address family {0}")]
    UnsupportedAddressFamily(i32),
}

impl From<Error> for io::Error {
    fn from(err: Error) -> io::Error {
        let kind = match &err {
            Error::Io(_) => match err {
                Error::Io(e) => return e,
                _ => io::ErrorKind::Other,
            },
            Error::EmptyAddressList
            | Error::MixedAddressFamilies
            | Error::AddressFamilyMismatch { .. }
            | Error::InvalidStream { .. }
            | Error::MessageTooLong { .. }
            | Error::EmptyBuffer
            | Error::InvalidOptionValue { .. } => io::ErrorKind::InvalidInput,
            Error::UnsupportedOption { .. }
            | Error::OptionNotEnabled { .. }
            | Error::Unsupported { .. } => io::ErrorKind::Unsupported,
            Error::NotificationTruncated { .. }
            | Error::Notification(_)
            | Error::UnsupportedAddressFamily(_)
            | Error::OptionLength { .. } => io::ErrorKind::InvalidData,
        };
        io::Error::new(kind, err)
    }
}

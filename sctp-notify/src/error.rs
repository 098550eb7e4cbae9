//! The one error type of this crate.

use core::fmt;

/// Why a buffer is not a notification, or why a notification cannot be emitted.
///
/// # Examples
///
/// ```
/// use sctp_notify::{parse_as, Dialect, Error};
///
/// // Four bytes cannot even hold the 8-byte `sn_type`/`sn_flags`/`sn_length` header.
/// assert_eq!(
///     parse_as(Dialect::Linux, &[1, 0x80, 0, 0]),
///     Err(Error::Truncated { needed: 8, got: 4 })
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Error {
    /// The buffer ends before the notification does: the header needs 8 bytes, and the
    /// whole record needs as many as its `sn_length` says.
    Truncated {
        /// Bytes the notification needs.
        needed: usize,
        /// Bytes the buffer holds.
        got: usize,
    },
    /// The `sn_length` field is smaller than the fixed part of the notification it
    /// announces, so the record contradicts its own layout.
    InvalidLength {
        /// The `sn_length` value read from the buffer.
        length: u32,
        /// The smallest length this kind of notification has in this dialect.
        minimum: usize,
    },
    /// The variable part has a size that its element type cannot fill (an odd number of
    /// bytes for the `u16` list of `strreset_stream_list`).
    UnalignedLength {
        /// The `sn_length` value read from the buffer.
        length: u32,
    },
    /// `spc_aaddr` holds an address family other than IPv4 and IPv6.
    UnsupportedAddressFamily {
        /// The `sa_family` value read from the buffer.
        family: u16,
    },
    /// The output buffer given to an emitter is too small.
    BufferTooSmall {
        /// Bytes the emitted notification needs.
        needed: usize,
        /// Bytes the output buffer holds.
        got: usize,
    },
    /// The notification cannot be written in the requested dialect without losing
    /// information (a kind the dialect lacks, or a value wider than its field there).
    Unrepresentable {
        /// The C name of the field (or `sn_type`) that does not fit.
        field: &'static str,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Error::Truncated { needed, got } => {
                write!(f, "truncated notification: needs {needed} bytes, got {got}")
            }
            Error::InvalidLength { length, minimum } => write!(
                f,
                "notification length {length} is below the minimum {minimum} of its kind"
            ),
            Error::UnalignedLength { length } => {
                write!(
                    f,
                    "notification length {length} leaves a partial list element"
                )
            }
            Error::UnsupportedAddressFamily { family } => {
                write!(f, "unsupported address family {family}")
            }
            Error::BufferTooSmall { needed, got } => {
                write!(
                    f,
                    "output buffer too small: needs {needed} bytes, got {got}"
                )
            }
            Error::Unrepresentable { field } => {
                write!(f, "{field} cannot be represented in the target dialect")
            }
        }
    }
}

impl core::error::Error for Error {}

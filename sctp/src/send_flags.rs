//! Flags of a send call.

use std::fmt;
use std::ops::{BitOr, BitOrAssign};

use crate::sys;

/// Flags of one send call, the `snd_flags` of `struct sctp_sndinfo` (RFC 6458 §5.3.4).
///
/// Combine them with `|`.
///
/// # Examples
///
/// ```
/// use sctp::SendFlags;
///
/// let flags = SendFlags::UNORDERED | SendFlags::SACK_IMMEDIATELY;
/// assert!(flags.contains(SendFlags::UNORDERED));
/// assert!(!flags.contains(SendFlags::EOF));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SendFlags(u16);

impl SendFlags {
    /// No flag.
    pub const NONE: SendFlags = SendFlags(0);
    /// Deliver the message as soon as it arrives, outside the stream's order (`SCTP_UNORDERED`).
    pub const UNORDERED: SendFlags = SendFlags(sys::SCTP_UNORDERED);
    /// Start a graceful shutdown of the association after the queued data (`SCTP_EOF`).
    /// One-to-many sockets only (Linux refuses it on one-to-one sockets with `EINVAL`).
    pub const EOF: SendFlags = SendFlags(sys::SCTP_EOF);
    /// Abort the association; the payload becomes the reason sent to the peer (`SCTP_ABORT`).
    /// One-to-many sockets only, as [`EOF`](Self::EOF).
    pub const ABORT: SendFlags = SendFlags(sys::SCTP_ABORT);
    /// On a one-to-many socket, send the message on every association (`SCTP_SENDALL`).
    pub const SENDALL: SendFlags = SendFlags(sys::SCTP_SENDALL);
    /// Ask the peer to acknowledge the message at once (`SCTP_SACK_IMMEDIATELY`, RFC 7053).
    pub const SACK_IMMEDIATELY: SendFlags = SendFlags(sys::SCTP_SACK_IMMEDIATELY);

    /// The flags as the raw `snd_flags` bits.
    pub const fn bits(self) -> u16 {
        self.0
    }

    /// Flags from raw `snd_flags` bits; bits this crate does not name are kept as they are.
    pub const fn from_bits(bits: u16) -> SendFlags {
        SendFlags(bits)
    }

    /// Whether every flag of `other` is set in `self`.
    pub const fn contains(self, other: SendFlags) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether no flag is set.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl BitOr for SendFlags {
    type Output = SendFlags;
    fn bitor(self, rhs: SendFlags) -> SendFlags {
        SendFlags(self.0 | rhs.0)
    }
}

impl BitOrAssign for SendFlags {
    fn bitor_assign(&mut self, rhs: SendFlags) {
        self.0 |= rhs.0;
    }
}

impl fmt::Debug for SendFlags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const NAMES: [(SendFlags, &str); 5] = [
            (SendFlags::UNORDERED, "UNORDERED"),
            (SendFlags::EOF, "EOF"),
            (SendFlags::ABORT, "ABORT"),
            (SendFlags::SENDALL, "SENDALL"),
            (SendFlags::SACK_IMMEDIATELY, "SACK_IMMEDIATELY"),
        ];
        let mut rest = self.0;
        let mut first = true;
        f.write_str("SendFlags(")?;
        for (flag, name) in NAMES {
            if self.contains(flag) {
                if !first {
                    f.write_str(" | ")?;
                }
                f.write_str(name)?;
                first = false;
                rest &= !flag.0;
            }
        }
        if rest != 0 {
            if !first {
                f.write_str(" | ")?;
            }
            write!(f, "{rest:#x}")?;
        }
        f.write_str(")")
    }
}

//! Association identifiers.

use std::fmt;

use crate::sys;

/// Identifies an association on a one-to-many socket (`sctp_assoc_t`, RFC 6458 §3.1.5 and
/// §7.2).
///
/// The kernel assigns the id when the association comes up; [`SctpSocket::connect`] returns it
/// and every received [`RcvInfo`] carries it. Three reserved values select groups of
/// associations for socket options and event subscriptions: [`AssocId::FUTURE`],
/// [`AssocId::CURRENT`] and [`AssocId::ALL`]. On one-to-one sockets the id is ignored by the
/// kernel; use [`AssocId::FUTURE`] (the default) there.
///
/// [`SctpSocket::connect`]: crate::SctpSocket::connect
/// [`RcvInfo`]: crate::RcvInfo
///
/// # Examples
///
/// ```no_run
/// use sctp::{AssocId, SctpSocket, SendInfo};
///
/// let socket = SctpSocket::bind("127.0.0.1:0")?;
/// let assoc: AssocId = socket.connect(&["127.0.0.1:9999".parse().unwrap()])?;
/// socket.send(b"hello", &SendInfo::new().with_assoc_id(assoc))?;
/// # Ok::<(), sctp::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[repr(transparent)]
pub struct AssocId(u32);

impl AssocId {
    /// Associations that will be set up later (`SCTP_FUTURE_ASSOC`); also the value for
    /// one-to-one sockets.
    pub const FUTURE: AssocId = AssocId(sys::SCTP_FUTURE_ASSOC);
    /// All associations that exist now (`SCTP_CURRENT_ASSOC`).
    pub const CURRENT: AssocId = AssocId(sys::SCTP_CURRENT_ASSOC);
    /// All existing and future associations (`SCTP_ALL_ASSOC`).
    pub const ALL: AssocId = AssocId(sys::SCTP_ALL_ASSOC);

    /// Wraps a raw `sctp_assoc_t` value as the kernel reports it.
    pub const fn from_raw(raw: u32) -> AssocId {
        AssocId(raw)
    }

    /// The raw `sctp_assoc_t` value.
    pub const fn as_raw(self) -> u32 {
        self.0
    }

    /// Whether this is one of the reserved group values (`FUTURE`, `CURRENT`, `ALL`) rather
    /// than the id of one association.
    pub const fn is_reserved(self) -> bool {
        self.0 == sys::SCTP_FUTURE_ASSOC
            || self.0 == sys::SCTP_CURRENT_ASSOC
            || self.0 == sys::SCTP_ALL_ASSOC
    }
}

impl fmt::Debug for AssocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            AssocId::FUTURE => f.write_str("AssocId::FUTURE"),
            AssocId::CURRENT => f.write_str("AssocId::CURRENT"),
            AssocId::ALL => f.write_str("AssocId::ALL"),
            AssocId(id) => write!(f, "AssocId({id})"),
        }
    }
}

impl fmt::Display for AssocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

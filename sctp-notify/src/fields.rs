//! The analyzer-facing view: `(C field name, value)` pairs.

use core::net::SocketAddr;

use crate::{Notification, SndInfo, SndRcvInfo, StreamList};

/// The value of one notification field, as [`Notification::fields`] yields it.
///
/// Values are the raw numbers of the notification's dialect (a Linux `sac_state` of
/// `SCTP_COMM_UP` is `U16(0)`, a FreeBSD one `U16(1)`); the typed accessors of each view
/// give the dialect-independent meaning.
///
/// # Examples
///
/// ```
/// use sctp_notify::Value;
///
/// assert_eq!(Value::U16(7).as_u64(), Some(7));
/// assert_eq!(Value::Bytes(&[1, 2]).as_u64(), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Value<'a> {
    /// An unsigned 16-bit field.
    U16(u16),
    /// An unsigned 32-bit field (FreeBSD's `sctp_assoc_t` among them).
    U32(u32),
    /// A signed 32-bit field (Linux's `sctp_assoc_t`, `spc_state`, `spc_error`).
    I32(i32),
    /// A variable-length byte field (`sac_info`, `sre_data`, `ssf_data`, …).
    Bytes(&'a [u8]),
    /// A socket address (`spc_aaddr`).
    Address(SocketAddr),
    /// A list of stream numbers (`strreset_stream_list`).
    Streams(StreamList<'a>),
    /// A nested `struct sctp_sndinfo` (`ssfe_info`).
    SndInfo(SndInfo<'a>),
    /// A nested `struct sctp_sndrcvinfo` (`ssf_info`).
    SndRcvInfo(SndRcvInfo<'a>),
}

impl Value<'_> {
    /// The value as an integer, for the integer variants.
    pub fn as_u64(&self) -> Option<u64> {
        match *self {
            Value::U16(v) => Some(v.into()),
            Value::U32(v) => Some(v.into()),
            Value::I32(v) => u64::try_from(v).ok(),
            _ => None,
        }
    }

    pub(crate) const fn int(signed: bool, raw: u32) -> Value<'static> {
        if signed {
            Value::I32(raw as i32)
        } else {
            Value::U32(raw)
        }
    }
}

/// Iterator over a notification's `(C field name, value)` pairs: the `sn_type`,
/// `sn_flags`, `sn_length` header, then the kind's fields in struct order.
///
/// Made by [`Notification::fields`].
///
/// # Examples
///
/// ```
/// use sctp_notify::{parse_as, Dialect};
///
/// // A Linux SCTP_SHUTDOWN_EVENT for association 3.
/// let mut b = [0u8; 12];
/// b[..2].copy_from_slice(&0x8005u16.to_ne_bytes());
/// b[4..8].copy_from_slice(&12u32.to_ne_bytes());
/// b[8..].copy_from_slice(&3i32.to_ne_bytes());
/// let n = parse_as(Dialect::Linux, &b)?;
/// let names: Vec<&str> = n.fields().map(|(name, _)| name).collect();
/// assert_eq!(names, ["sn_type", "sn_flags", "sn_length", "sse_assoc_id"]);
/// # Ok::<(), sctp_notify::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Fields<'a> {
    pub(crate) notification: Notification<'a>,
    pub(crate) next: usize,
}

impl<'a> Iterator for Fields<'a> {
    type Item = (&'static str, Value<'a>);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let item = self.notification.field(self.next)?;
        self.next += 1;
        Some(item)
    }
}

impl core::iter::FusedIterator for Fields<'_> {}

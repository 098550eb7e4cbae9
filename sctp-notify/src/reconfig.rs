//! The stream reconfiguration notifications of RFC 6525 §6.1: `SCTP_STREAM_RESET_EVENT`,
//! `SCTP_ASSOC_RESET_EVENT` and `SCTP_STREAM_CHANGE_EVENT`. Their layouts and flag values
//! are the same in both dialects.

use crate::record::{Writer, total, view};
use crate::{ByteOrder, Dialect, Error, Kind, Value};

/// Every reconfiguration event has its assoc id right after the header.
const ASSOC_ID: usize = 8;
const STREAM_LIST: usize = 12;
const LOCAL_TSN: usize = 12;
const REMOTE_TSN: usize = 16;
const INSTRMS: usize = 12;
const OUTSTRMS: usize = 14;

pub(crate) const STREAM_RESET_MIN_LEN: usize = STREAM_LIST;
pub(crate) const ASSOC_RESET_MIN_LEN: usize = 20;
pub(crate) const STREAM_CHANGE_MIN_LEN: usize = 16;

/// `SCTP_STREAM_RESET_INCOMING_SSN`
const INCOMING: u16 = 0x0001;
/// `SCTP_STREAM_RESET_OUTGOING_SSN`
const OUTGOING: u16 = 0x0002;
/// `SCTP_*_DENIED`
const DENIED: u16 = 0x0004;
/// `SCTP_*_FAILED`
const FAILED: u16 = 0x0008;

view! {
    /// `struct sctp_stream_reset_event`: streams were reset (RFC 6525 §6.1.1).
    ///
    /// # Examples
    ///
    /// ```
    /// use sctp_notify::{parse_as, Dialect, Notification};
    ///
    /// // Linux: outgoing streams 1 and 3 of association 2 were reset.
    /// let mut b = [0u8; 16];
    /// b[..2].copy_from_slice(&0x800au16.to_ne_bytes());
    /// b[2..4].copy_from_slice(&0x0002u16.to_ne_bytes()); // SCTP_STREAM_RESET_OUTGOING_SSN
    /// b[4..8].copy_from_slice(&16u32.to_ne_bytes());
    /// b[8..12].copy_from_slice(&2i32.to_ne_bytes());
    /// b[12..14].copy_from_slice(&1u16.to_ne_bytes());
    /// b[14..16].copy_from_slice(&3u16.to_ne_bytes());
    /// let Notification::StreamReset(n) = parse_as(Dialect::Linux, &b)? else { unreachable!() };
    /// assert!(n.outgoing() && !n.incoming() && !n.denied() && !n.failed());
    /// assert_eq!(n.streams().collect::<Vec<_>>(), [1, 3]);
    /// # Ok::<(), sctp_notify::Error>(())
    /// ```
    StreamReset
}

view! {
    /// `struct sctp_assoc_reset_event`: the association's TSNs were reset (RFC 6525
    /// §6.1.2).
    ///
    /// # Examples
    ///
    /// ```
    /// use sctp_notify::{parse_as, Dialect, Notification};
    ///
    /// let mut b = [0u8; 20];
    /// b[..2].copy_from_slice(&0x000cu16.to_ne_bytes());
    /// b[4..8].copy_from_slice(&20u32.to_ne_bytes());
    /// b[8..12].copy_from_slice(&6u32.to_ne_bytes());
    /// b[12..16].copy_from_slice(&100u32.to_ne_bytes());
    /// b[16..20].copy_from_slice(&200u32.to_ne_bytes());
    /// let Notification::AssocReset(n) = parse_as(Dialect::FreeBsd, &b)? else { unreachable!() };
    /// assert_eq!((n.assoc_id(), n.local_tsn(), n.remote_tsn()), (6, 100, 200));
    /// # Ok::<(), sctp_notify::Error>(())
    /// ```
    AssocReset
}

view! {
    /// `struct sctp_stream_change_event`: the number of streams changed (RFC 6525 §6.1.3).
    ///
    /// # Platform-specific behavior
    ///
    /// Linux, as observed on 6.1 and 6.12 by this crate's kernel test: `strchange_instrms` and
    /// `strchange_outstrms` hold the numbers of streams *added* by the request, not the
    /// new totals the RFC describes. Adding 2 outbound streams gives `(0, 2)` on the
    /// requesting side and `(2, 0)` on the peer; ask `SCTP_STATUS` for the totals.
    ///
    /// # Examples
    ///
    /// ```
    /// use sctp_notify::{parse_as, Dialect, Notification};
    ///
    /// let mut b = [0u8; 16];
    /// b[..2].copy_from_slice(&0x800cu16.to_ne_bytes());
    /// b[4..8].copy_from_slice(&16u32.to_ne_bytes());
    /// b[8..12].copy_from_slice(&1i32.to_ne_bytes());
    /// b[12..14].copy_from_slice(&10u16.to_ne_bytes());
    /// b[14..16].copy_from_slice(&12u16.to_ne_bytes());
    /// let Notification::StreamChange(n) = parse_as(Dialect::Linux, &b)? else { unreachable!() };
    /// assert_eq!((n.inbound_streams(), n.outbound_streams()), (10, 12));
    /// # Ok::<(), sctp_notify::Error>(())
    /// ```
    StreamChange
}

impl<'a> StreamReset<'a> {
    /// The association (`strreset_assoc_id`); Linux's signed id reinterpreted as `u32`.
    pub const fn assoc_id(&self) -> u32 {
        self.0.u32(ASSOC_ID)
    }

    /// `SCTP_STREAM_RESET_INCOMING_SSN`: incoming streams were reset.
    pub const fn incoming(&self) -> bool {
        self.flags() & INCOMING != 0
    }

    /// `SCTP_STREAM_RESET_OUTGOING_SSN`: outgoing streams were reset.
    pub const fn outgoing(&self) -> bool {
        self.flags() & OUTGOING != 0
    }

    /// `SCTP_STREAM_RESET_DENIED`: the peer refused the reset.
    pub const fn denied(&self) -> bool {
        self.flags() & DENIED != 0
    }

    /// `SCTP_STREAM_RESET_FAILED`: the reset failed.
    pub const fn failed(&self) -> bool {
        self.flags() & FAILED != 0
    }

    /// The streams reset (`strreset_stream_list`); empty means all of them.
    pub fn streams(&self) -> StreamList<'a> {
        StreamList {
            bytes: self.0.tail(STREAM_LIST),
            order: self.0.order,
        }
    }

    #[inline]
    pub(crate) fn field(&self, i: usize) -> Option<(&'static str, Value<'a>)> {
        let r = &self.0;
        Some(match i {
            0 => (
                "strreset_assoc_id",
                Value::int(r.dialect.signed_assoc_id(), self.assoc_id()),
            ),
            1 => ("strreset_stream_list", Value::Streams(self.streams())),
            _ => return None,
        })
    }

    pub(crate) fn emitted_len(&self, to: Dialect) -> Result<usize, Error> {
        crate::notification::type_code(to, Kind::StreamReset)?;
        total(STREAM_RESET_MIN_LEN, self.streams().bytes.len())
    }

    pub(crate) fn emit(
        &self,
        to: Dialect,
        order: ByteOrder,
        out: &mut [u8],
    ) -> Result<usize, Error> {
        let len = self.emitted_len(to)?;
        let sn_type = crate::notification::type_code(to, Kind::StreamReset)?;
        let mut w = Writer::new(out, order, len, sn_type, self.flags())?;
        w.u32(ASSOC_ID, self.assoc_id());
        for (i, stream) in self.streams().enumerate() {
            w.u16(STREAM_LIST + 2 * i, stream);
        }
        Ok(w.len())
    }
}

impl<'a> AssocReset<'a> {
    /// The association (`assocreset_assoc_id`); Linux's signed id reinterpreted as `u32`.
    pub const fn assoc_id(&self) -> u32 {
        self.0.u32(ASSOC_ID)
    }

    /// The next TSN this endpoint will send (`assocreset_local_tsn`).
    pub const fn local_tsn(&self) -> u32 {
        self.0.u32(LOCAL_TSN)
    }

    /// The next TSN the peer will send (`assocreset_remote_tsn`).
    pub const fn remote_tsn(&self) -> u32 {
        self.0.u32(REMOTE_TSN)
    }

    /// `SCTP_ASSOC_RESET_DENIED`: the peer refused the reset.
    pub const fn denied(&self) -> bool {
        self.flags() & DENIED != 0
    }

    /// `SCTP_ASSOC_RESET_FAILED`: the reset failed.
    pub const fn failed(&self) -> bool {
        self.flags() & FAILED != 0
    }

    #[inline]
    pub(crate) fn field(&self, i: usize) -> Option<(&'static str, Value<'a>)> {
        let r = &self.0;
        Some(match i {
            0 => (
                "assocreset_assoc_id",
                Value::int(r.dialect.signed_assoc_id(), self.assoc_id()),
            ),
            1 => ("assocreset_local_tsn", Value::U32(self.local_tsn())),
            2 => ("assocreset_remote_tsn", Value::U32(self.remote_tsn())),
            _ => return None,
        })
    }

    pub(crate) fn emitted_len(&self, to: Dialect) -> Result<usize, Error> {
        crate::notification::type_code(to, Kind::AssocReset)?;
        Ok(ASSOC_RESET_MIN_LEN)
    }

    pub(crate) fn emit(
        &self,
        to: Dialect,
        order: ByteOrder,
        out: &mut [u8],
    ) -> Result<usize, Error> {
        let sn_type = crate::notification::type_code(to, Kind::AssocReset)?;
        let mut w = Writer::new(out, order, ASSOC_RESET_MIN_LEN, sn_type, self.flags())?;
        w.u32(ASSOC_ID, self.assoc_id());
        w.u32(LOCAL_TSN, self.local_tsn());
        w.u32(REMOTE_TSN, self.remote_tsn());
        Ok(w.len())
    }
}

impl<'a> StreamChange<'a> {
    /// The association (`strchange_assoc_id`); Linux's signed id reinterpreted as `u32`.
    pub const fn assoc_id(&self) -> u32 {
        self.0.u32(ASSOC_ID)
    }

    /// `strchange_instrms`: the number of inbound streams (added, on Linux).
    pub const fn inbound_streams(&self) -> u16 {
        self.0.u16(INSTRMS)
    }

    /// `strchange_outstrms`: the number of outbound streams (added, on Linux).
    pub const fn outbound_streams(&self) -> u16 {
        self.0.u16(OUTSTRMS)
    }

    /// `SCTP_STREAM_CHANGE_DENIED`: the peer refused the change.
    pub const fn denied(&self) -> bool {
        self.flags() & DENIED != 0
    }

    /// `SCTP_STREAM_CHANGE_FAILED`: the change failed.
    pub const fn failed(&self) -> bool {
        self.flags() & FAILED != 0
    }

    #[inline]
    pub(crate) fn field(&self, i: usize) -> Option<(&'static str, Value<'a>)> {
        let r = &self.0;
        Some(match i {
            0 => (
                "strchange_assoc_id",
                Value::int(r.dialect.signed_assoc_id(), self.assoc_id()),
            ),
            1 => ("strchange_instrms", Value::U16(self.inbound_streams())),
            2 => ("strchange_outstrms", Value::U16(self.outbound_streams())),
            _ => return None,
        })
    }

    pub(crate) fn emitted_len(&self, to: Dialect) -> Result<usize, Error> {
        crate::notification::type_code(to, Kind::StreamChange)?;
        Ok(STREAM_CHANGE_MIN_LEN)
    }

    pub(crate) fn emit(
        &self,
        to: Dialect,
        order: ByteOrder,
        out: &mut [u8],
    ) -> Result<usize, Error> {
        let sn_type = crate::notification::type_code(to, Kind::StreamChange)?;
        let mut w = Writer::new(out, order, STREAM_CHANGE_MIN_LEN, sn_type, self.flags())?;
        w.u32(ASSOC_ID, self.assoc_id());
        w.u16(INSTRMS, self.inbound_streams());
        w.u16(OUTSTRMS, self.outbound_streams());
        Ok(w.len())
    }
}

/// The stream numbers of `strreset_stream_list`, borrowed from the notification.
///
/// Parsing guarantees an even number of bytes, so every item is a whole `u16`.
///
/// # Examples
///
/// ```
/// use sctp_notify::{parse_as, Dialect, Notification};
///
/// let mut b = [0u8; 14];
/// b[..2].copy_from_slice(&0x0009u16.to_ne_bytes());
/// b[4..8].copy_from_slice(&14u32.to_ne_bytes());
/// b[12..14].copy_from_slice(&7u16.to_ne_bytes());
/// let Notification::StreamReset(n) = parse_as(Dialect::FreeBsd, &b)? else { unreachable!() };
/// assert_eq!(n.streams().len(), 1);
/// assert_eq!(n.streams().next(), Some(7));
/// # Ok::<(), sctp_notify::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StreamList<'a> {
    bytes: &'a [u8],
    order: ByteOrder,
}

impl Iterator for StreamList<'_> {
    type Item = u16;

    fn next(&mut self) -> Option<u16> {
        match *self.bytes {
            [a, b, ref rest @ ..] => {
                self.bytes = rest;
                Some(self.order.u16([a, b]))
            }
            _ => None,
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.bytes.len() / 2;
        (n, Some(n))
    }
}

impl ExactSizeIterator for StreamList<'_> {}
impl core::iter::FusedIterator for StreamList<'_> {}

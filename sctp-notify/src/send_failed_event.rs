//! `SCTP_SEND_FAILED_EVENT` (RFC 6458 §6.1.11) and the `struct sctp_sndinfo` it carries.

use crate::record::{Record, Writer, total};
use crate::{ByteOrder, Dialect, Error, Kind, Value};

mod field {
    // struct sctp_send_failed_event: the same offsets in both dialects.
    pub(super) const ERROR: usize = 8;
    pub(super) const INFO: usize = 12;
    pub(super) const ASSOC_ID: usize = 28;
    pub(super) const DATA: usize = 32;
}

mod snd {
    // struct sctp_sndinfo, relative to its start.
    pub(super) const SID: usize = 0;
    pub(super) const FLAGS: usize = 2;
    pub(super) const PPID: usize = 4;
    pub(super) const CONTEXT: usize = 8;
    pub(super) const ASSOC_ID: usize = 12;
    pub(super) const SIZE: usize = 16;
}

pub(crate) const MIN_LEN: usize = field::DATA;

crate::record::view! {
    /// `struct sctp_send_failed_event`: a message could not be delivered (RFC 6458
    /// §6.1.11).
    ///
    /// # Platform-specific behavior
    ///
    /// `ssfe_flags` is an enumeration on Linux (unsent 0, sent 1) and a bit set on FreeBSD
    /// (unsent 1, sent 2); [`status`](Self::status) decodes either. Linux's header names
    /// the fields `ssf_*`; [`Notification::fields`](crate::Notification::fields) uses the
    /// RFC's `ssfe_*`.
    ///
    /// Linux, as observed on 6.1 and 6.12 by this crate's kernel test: `snd_flags` holds the flags
    /// of the DATA chunk (its B and E bits: 3 for an unfragmented message) rather than
    /// the send flags; the other `ssfe_info` fields are those the message was sent with
    /// (`snd_assoc_id` included, so it is 0 for a message addressed by the peer's
    /// address). A failed message that was split into several DATA chunks comes back as
    /// one notification per chunk, each with its piece in `ssfe_data` — every piece,
    /// even those the peer acknowledged (and delivered) before the association failed.
    /// Linux sends this form only to sockets subscribed to `SCTP_SEND_FAILED_EVENT`, and
    /// [`SendFailed`](crate::SendFailed) to those subscribed to `SCTP_SEND_FAILED`.
    ///
    /// # Examples
    ///
    /// ```
    /// use sctp_notify::{parse_as, DataStatus, Dialect, Notification};
    ///
    /// // FreeBSD: 2 bytes already sent on stream 3 of association 9.
    /// let mut b = [0u8; 34];
    /// b[..2].copy_from_slice(&0x000eu16.to_ne_bytes());
    /// b[2..4].copy_from_slice(&2u16.to_ne_bytes()); // SCTP_DATA_SENT
    /// b[4..8].copy_from_slice(&34u32.to_ne_bytes());
    /// b[12..14].copy_from_slice(&3u16.to_ne_bytes()); // snd_sid
    /// b[28..32].copy_from_slice(&9u32.to_ne_bytes());
    /// b[32..].copy_from_slice(b"hi");
    /// let Notification::SendFailedEvent(n) = parse_as(Dialect::FreeBsd, &b)? else { unreachable!() };
    /// assert_eq!(n.status(), DataStatus::Sent);
    /// assert_eq!((n.info().stream(), n.assoc_id()), (3, 9));
    /// assert_eq!(n.unsent_data(), b"hi");
    /// # Ok::<(), sctp_notify::Error>(())
    /// ```
    SendFailedEvent
}

impl<'a> SendFailedEvent<'a> {
    /// Whether the data had been put on the wire (`ssfe_flags`).
    pub const fn status(&self) -> DataStatus {
        DataStatus::from_raw(self.0.dialect, self.0.flags())
    }

    /// `ssfe_error`: why sending failed.
    pub const fn error(&self) -> u32 {
        self.0.u32(field::ERROR)
    }

    /// The send parameters of the failed message (`ssfe_info`).
    pub fn info(&self) -> SndInfo<'a> {
        SndInfo(Record {
            dialect: self.0.dialect,
            order: self.0.order,
            bytes: self.0.slice(field::INFO, snd::SIZE),
        })
    }

    /// The association (`ssfe_assoc_id`); Linux's signed id reinterpreted as `u32`.
    pub const fn assoc_id(&self) -> u32 {
        self.0.u32(field::ASSOC_ID)
    }

    /// The message that was not delivered (`ssfe_data`), bounded by `ssfe_length`.
    pub fn unsent_data(&self) -> &'a [u8] {
        self.0.tail(field::DATA)
    }

    #[inline]
    pub(crate) fn field(&self, i: usize) -> Option<(&'static str, Value<'a>)> {
        let r = &self.0;
        Some(match i {
            0 => ("ssfe_error", Value::U32(self.error())),
            1 => ("ssfe_info", Value::SndInfo(self.info())),
            2 => (
                "ssfe_assoc_id",
                Value::int(r.dialect.signed_assoc_id(), self.assoc_id()),
            ),
            3 => ("ssfe_data", Value::Bytes(self.unsent_data())),
            _ => return None,
        })
    }

    pub(crate) fn emitted_len(&self, to: Dialect) -> Result<usize, Error> {
        crate::notification::type_code(to, Kind::SendFailedEvent)?;
        total(MIN_LEN, self.unsent_data().len())
    }

    pub(crate) fn emit(
        &self,
        to: Dialect,
        order: ByteOrder,
        out: &mut [u8],
    ) -> Result<usize, Error> {
        let len = self.emitted_len(to)?;
        let sn_type = crate::notification::type_code(to, Kind::SendFailedEvent)?;
        let mut w = Writer::new(out, order, len, sn_type, self.status().to_raw(to))?;
        w.u32(field::ERROR, self.error());
        let info = self.info();
        w.u16(field::INFO + snd::SID, info.stream());
        w.u16(field::INFO + snd::FLAGS, info.flags());
        w.u32(field::INFO + snd::PPID, info.ppid());
        w.u32(field::INFO + snd::CONTEXT, info.context());
        w.u32(field::INFO + snd::ASSOC_ID, info.assoc_id());
        w.u32(field::ASSOC_ID, self.assoc_id());
        w.bytes(field::DATA, self.unsent_data());
        Ok(w.len())
    }
}

/// `struct sctp_sndinfo` (RFC 6458 §5.3.4) as carried in `ssfe_info`.
///
/// # Examples
///
/// ```
/// use sctp_notify::{parse_as, Dialect, Notification};
///
/// let mut b = [0u8; 32];
/// b[..2].copy_from_slice(&0x800du16.to_ne_bytes());
/// b[4..8].copy_from_slice(&32u32.to_ne_bytes());
/// b[16..20].copy_from_slice(&42u32.to_ne_bytes()); // snd_ppid
/// let Notification::SendFailedEvent(n) = parse_as(Dialect::Linux, &b)? else { unreachable!() };
/// assert_eq!(n.info().ppid(), 42);
/// let names: Vec<&str> = n.info().fields().map(|(name, _)| name).collect();
/// assert_eq!(names, ["snd_sid", "snd_flags", "snd_ppid", "snd_context", "snd_assoc_id"]);
/// # Ok::<(), sctp_notify::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SndInfo<'a>(Record<'a>);

impl<'a> SndInfo<'a> {
    /// `snd_sid`: the stream number.
    pub const fn stream(&self) -> u16 {
        self.0.u16(snd::SID)
    }

    /// `snd_flags`: the send flags (`SCTP_UNORDERED`, …).
    pub const fn flags(&self) -> u16 {
        self.0.u16(snd::FLAGS)
    }

    /// `snd_ppid`: the payload protocol identifier, exactly as the sender passed it.
    pub const fn ppid(&self) -> u32 {
        self.0.u32(snd::PPID)
    }

    /// `snd_context`: the sender's opaque context value.
    pub const fn context(&self) -> u32 {
        self.0.u32(snd::CONTEXT)
    }

    /// `snd_assoc_id`; Linux's signed id reinterpreted as `u32`.
    pub const fn assoc_id(&self) -> u32 {
        self.0.u32(snd::ASSOC_ID)
    }

    /// The `(C field name, value)` pairs of the struct, in struct order.
    pub fn fields(&self) -> impl Iterator<Item = (&'static str, Value<'a>)> + 'a {
        let info = *self;
        (0..).map_while(move |i| info.field(i))
    }

    #[inline]
    fn field(&self, i: usize) -> Option<(&'static str, Value<'a>)> {
        let signed = self.0.dialect.signed_assoc_id();
        Some(match i {
            0 => ("snd_sid", Value::U16(self.stream())),
            1 => ("snd_flags", Value::U16(self.flags())),
            2 => ("snd_ppid", Value::U32(self.ppid())),
            3 => ("snd_context", Value::U32(self.context())),
            4 => ("snd_assoc_id", Value::int(signed, self.assoc_id())),
            _ => return None,
        })
    }
}

/// `ssf_flags`/`ssfe_flags`: whether a failed message had reached the wire (RFC 6458
/// §6.1.11).
///
/// # Examples
///
/// ```
/// use sctp_notify::{DataStatus, Dialect};
///
/// assert_eq!(DataStatus::from_raw(Dialect::Linux, 0), DataStatus::Unsent);
/// assert_eq!(DataStatus::from_raw(Dialect::FreeBsd, 1), DataStatus::Unsent);
/// assert_eq!(DataStatus::Sent.to_raw(Dialect::FreeBsd), 2);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DataStatus {
    /// `SCTP_DATA_UNSENT`: the data never went on the wire.
    Unsent,
    /// `SCTP_DATA_SENT`: the data was sent, perhaps not delivered.
    Sent,
    /// A value this crate does not know, as read.
    Unknown(u16),
}

impl DataStatus {
    /// The status the raw flags value denotes in `dialect`.
    pub const fn from_raw(dialect: Dialect, raw: u16) -> Self {
        match (dialect, raw) {
            (Dialect::Linux, 0) | (Dialect::FreeBsd | Dialect::Usrsctp, 1) => DataStatus::Unsent,
            (Dialect::Linux, 1) | (Dialect::FreeBsd | Dialect::Usrsctp, 2) => DataStatus::Sent,
            _ => DataStatus::Unknown(raw),
        }
    }

    /// The raw flags value of this status in `dialect` (`Unknown` values unchanged).
    pub const fn to_raw(self, dialect: Dialect) -> u16 {
        match (self, dialect) {
            (DataStatus::Unsent, Dialect::Linux) => 0,
            (DataStatus::Sent, Dialect::Linux)
            | (DataStatus::Unsent, Dialect::FreeBsd | Dialect::Usrsctp) => 1,
            (DataStatus::Sent, Dialect::FreeBsd | Dialect::Usrsctp) => 2,
            (DataStatus::Unknown(raw), _) => raw,
        }
    }
}

//! `SCTP_SEND_FAILED`, the deprecated send-failure notification (RFC 6458 §6.1.4, §5.3.2),
//! and the `struct sctp_sndrcvinfo` it carries.

use crate::record::{Record, Writer, total};
use crate::{ByteOrder, DataStatus, Dialect, Error, Kind, Value};

mod field {
    // struct sctp_send_failed: ssf_info is a struct sctp_sndrcvinfo, 32 bytes on Linux and
    // 128 on FreeBSD (key number fields and a reserved pad), which moves what follows.
    pub(super) const ERROR: usize = 8;
    pub(super) const INFO: usize = 12;
    pub(super) const LINUX_ASSOC_ID: usize = 44;
    pub(super) const LINUX_DATA: usize = 48;
    pub(super) const FREEBSD_ASSOC_ID: usize = 140;
    pub(super) const FREEBSD_DATA: usize = 144;
}

mod sinfo {
    // struct sctp_sndrcvinfo, relative to its start.
    pub(super) const STREAM: usize = 0;
    pub(super) const SSN: usize = 2;
    pub(super) const FLAGS: usize = 4;
    pub(super) const PPID: usize = 8;
    pub(super) const CONTEXT: usize = 12;
    pub(super) const TIMETOLIVE: usize = 16;
    pub(super) const TSN: usize = 20;
    pub(super) const CUMTSN: usize = 24;
    pub(super) const ASSOC_ID: usize = 28;
    pub(super) const KEYNUMBER: usize = 32;
    pub(super) const KEYNUMBER_VALID: usize = 34;
    pub(super) const LINUX_SIZE: usize = 32;
    pub(super) const FREEBSD_SIZE: usize = 128;
}

pub(crate) const fn min_len(dialect: Dialect) -> usize {
    match dialect {
        Dialect::Linux => field::LINUX_DATA,
        Dialect::FreeBsd | Dialect::Usrsctp => field::FREEBSD_DATA,
    }
}

const fn assoc_id_at(dialect: Dialect) -> usize {
    match dialect {
        Dialect::Linux => field::LINUX_ASSOC_ID,
        Dialect::FreeBsd | Dialect::Usrsctp => field::FREEBSD_ASSOC_ID,
    }
}

const fn sinfo_size(dialect: Dialect) -> usize {
    match dialect {
        Dialect::Linux => sinfo::LINUX_SIZE,
        Dialect::FreeBsd | Dialect::Usrsctp => sinfo::FREEBSD_SIZE,
    }
}

crate::record::view! {
    /// `struct sctp_send_failed`: a message could not be delivered (the deprecated form
    /// of RFC 6458 §6.1.4, still sent by Linux to sockets subscribed through
    /// `SCTP_EVENTS`/`sctp_send_failure_event` rather than `SCTP_SEND_FAILED_EVENT`).
    ///
    /// # Platform-specific behavior
    ///
    /// `ssf_flags` is an enumeration on Linux (unsent 0, sent 1) and a bit set on FreeBSD
    /// (unsent 1, sent 2); [`status`](Self::status) decodes either. FreeBSD's
    /// `sctp_sndrcvinfo` is 128 bytes (with `sinfo_keynumber`), Linux's 32.
    ///
    /// Linux, as observed on 6.1 and 6.12 by this crate's kernel test: `sinfo_flags` holds the
    /// flags of the DATA chunk (its B and E bits: 3 for an unfragmented message) rather
    /// than the send flags, and `ssf_error` is the error the association failed with (0
    /// after a cause-less ABORT).
    ///
    /// # Examples
    ///
    /// ```
    /// use sctp_notify::{parse_as, DataStatus, Dialect, Notification};
    ///
    /// // Linux: 3 unsent bytes of stream 1 on association 4.
    /// let mut b = [0u8; 51];
    /// b[..2].copy_from_slice(&0x8003u16.to_ne_bytes());
    /// b[4..8].copy_from_slice(&51u32.to_ne_bytes());
    /// b[12..14].copy_from_slice(&1u16.to_ne_bytes()); // sinfo_stream
    /// b[44..48].copy_from_slice(&4i32.to_ne_bytes());
    /// b[48..].copy_from_slice(b"abc");
    /// let Notification::SendFailed(n) = parse_as(Dialect::Linux, &b)? else { unreachable!() };
    /// assert_eq!(n.status(), DataStatus::Unsent);
    /// assert_eq!(n.info().stream(), 1);
    /// assert_eq!(n.unsent_data(), b"abc");
    /// # Ok::<(), sctp_notify::Error>(())
    /// ```
    SendFailed
}

impl<'a> SendFailed<'a> {
    /// Whether the data had been put on the wire (`ssf_flags`).
    pub const fn status(&self) -> DataStatus {
        DataStatus::from_raw(self.0.dialect, self.0.flags())
    }

    /// `ssf_error`: why sending failed.
    pub const fn error(&self) -> u32 {
        self.0.u32(field::ERROR)
    }

    /// The send parameters of the failed message (`ssf_info`).
    pub fn info(&self) -> SndRcvInfo<'a> {
        let r = &self.0;
        SndRcvInfo(Record {
            dialect: r.dialect,
            order: r.order,
            bytes: r.slice(field::INFO, sinfo_size(r.dialect)),
        })
    }

    /// The association (`ssf_assoc_id`); Linux's signed id reinterpreted as `u32`.
    pub const fn assoc_id(&self) -> u32 {
        self.0.u32(assoc_id_at(self.0.dialect))
    }

    /// The message that was not delivered (`ssf_data`), bounded by `ssf_length`.
    pub fn unsent_data(&self) -> &'a [u8] {
        self.0.tail(min_len(self.0.dialect))
    }

    #[inline]
    pub(crate) fn field(&self, i: usize) -> Option<(&'static str, Value<'a>)> {
        let r = &self.0;
        Some(match i {
            0 => ("ssf_error", Value::U32(self.error())),
            1 => ("ssf_info", Value::SndRcvInfo(self.info())),
            2 => (
                "ssf_assoc_id",
                Value::int(r.dialect.signed_assoc_id(), self.assoc_id()),
            ),
            3 => ("ssf_data", Value::Bytes(self.unsent_data())),
            _ => return None,
        })
    }

    pub(crate) fn emitted_len(&self, to: Dialect) -> Result<usize, Error> {
        crate::notification::type_code(to, Kind::SendFailed)?;
        let info = self.info();
        // Only the 128-byte sctp_sndrcvinfo has the key number fields.
        let has_keynumber = match to {
            Dialect::Linux => false,
            Dialect::FreeBsd | Dialect::Usrsctp => true,
        };
        if !has_keynumber && (info.keynumber() != 0 || info.keynumber_valid() != 0) {
            return Err(Error::Unrepresentable {
                field: "sinfo_keynumber",
            });
        }
        total(min_len(to), self.unsent_data().len())
    }

    pub(crate) fn emit(
        &self,
        to: Dialect,
        order: ByteOrder,
        out: &mut [u8],
    ) -> Result<usize, Error> {
        let len = self.emitted_len(to)?;
        let sn_type = crate::notification::type_code(to, Kind::SendFailed)?;
        let info = self.info();
        let mut w = Writer::new(out, order, len, sn_type, self.status().to_raw(to))?;
        w.u32(field::ERROR, self.error());
        let at = field::INFO;
        w.u16(at + sinfo::STREAM, info.stream());
        w.u16(at + sinfo::SSN, info.ssn());
        w.u16(at + sinfo::FLAGS, info.flags());
        w.u32(at + sinfo::PPID, info.ppid());
        w.u32(at + sinfo::CONTEXT, info.context());
        w.u32(at + sinfo::TIMETOLIVE, info.time_to_live());
        w.u32(at + sinfo::TSN, info.tsn());
        w.u32(at + sinfo::CUMTSN, info.cumtsn());
        w.u32(at + sinfo::ASSOC_ID, info.assoc_id());
        if to != Dialect::Linux {
            w.u16(at + sinfo::KEYNUMBER, info.keynumber());
            w.u16(at + sinfo::KEYNUMBER_VALID, info.keynumber_valid());
        }
        w.u32(assoc_id_at(to), self.assoc_id());
        w.bytes(min_len(to), self.unsent_data());
        Ok(w.len())
    }
}

/// `struct sctp_sndrcvinfo` (RFC 6458 §5.3.2) as carried in `ssf_info`.
///
/// # Examples
///
/// ```
/// use sctp_notify::{parse_as, Dialect, Notification};
///
/// let mut b = [0u8; 48];
/// b[..2].copy_from_slice(&0x8003u16.to_ne_bytes());
/// b[4..8].copy_from_slice(&48u32.to_ne_bytes());
/// b[20..24].copy_from_slice(&0x1234u32.to_ne_bytes()); // sinfo_ppid
/// let Notification::SendFailed(n) = parse_as(Dialect::Linux, &b)? else { unreachable!() };
/// assert_eq!(n.info().ppid(), 0x1234);
/// assert_eq!(n.info().fields().count(), 9); // FreeBSD adds the two key number fields
/// # Ok::<(), sctp_notify::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SndRcvInfo<'a>(Record<'a>);

impl<'a> SndRcvInfo<'a> {
    /// `sinfo_stream`: the stream number.
    pub const fn stream(&self) -> u16 {
        self.0.u16(sinfo::STREAM)
    }

    /// `sinfo_ssn`: the stream sequence number.
    pub const fn ssn(&self) -> u16 {
        self.0.u16(sinfo::SSN)
    }

    /// `sinfo_flags`: the send flags (`SCTP_UNORDERED`, …).
    pub const fn flags(&self) -> u16 {
        self.0.u16(sinfo::FLAGS)
    }

    /// `sinfo_ppid`: the payload protocol identifier, exactly as the sender passed it.
    pub const fn ppid(&self) -> u32 {
        self.0.u32(sinfo::PPID)
    }

    /// `sinfo_context`: the sender's opaque context value.
    pub const fn context(&self) -> u32 {
        self.0.u32(sinfo::CONTEXT)
    }

    /// `sinfo_timetolive`: the PR-SCTP lifetime in milliseconds.
    pub const fn time_to_live(&self) -> u32 {
        self.0.u32(sinfo::TIMETOLIVE)
    }

    /// `sinfo_tsn`: the transmission sequence number.
    pub const fn tsn(&self) -> u32 {
        self.0.u32(sinfo::TSN)
    }

    /// `sinfo_cumtsn`: the cumulative TSN.
    pub const fn cumtsn(&self) -> u32 {
        self.0.u32(sinfo::CUMTSN)
    }

    /// `sinfo_assoc_id`; Linux's signed id reinterpreted as `u32`.
    pub const fn assoc_id(&self) -> u32 {
        self.0.u32(sinfo::ASSOC_ID)
    }

    /// `sinfo_keynumber` (FreeBSD only; 0 on Linux): the AUTH key used.
    pub const fn keynumber(&self) -> u16 {
        match self.0.dialect {
            Dialect::Linux => 0,
            Dialect::FreeBsd | Dialect::Usrsctp => self.0.u16(sinfo::KEYNUMBER),
        }
    }

    /// `sinfo_keynumber_valid` (FreeBSD only; 0 on Linux).
    pub const fn keynumber_valid(&self) -> u16 {
        match self.0.dialect {
            Dialect::Linux => 0,
            Dialect::FreeBsd | Dialect::Usrsctp => self.0.u16(sinfo::KEYNUMBER_VALID),
        }
    }

    /// The `(C field name, value)` pairs of the struct, in struct order (the key number
    /// fields on FreeBSD only).
    pub fn fields(&self) -> impl Iterator<Item = (&'static str, Value<'a>)> + 'a {
        let info = *self;
        (0..).map_while(move |i| info.field(i))
    }

    #[inline]
    fn field(&self, i: usize) -> Option<(&'static str, Value<'a>)> {
        let signed = self.0.dialect.signed_assoc_id();
        Some(match i {
            0 => ("sinfo_stream", Value::U16(self.stream())),
            1 => ("sinfo_ssn", Value::U16(self.ssn())),
            2 => ("sinfo_flags", Value::U16(self.flags())),
            3 => ("sinfo_ppid", Value::U32(self.ppid())),
            4 => ("sinfo_context", Value::U32(self.context())),
            5 => ("sinfo_timetolive", Value::U32(self.time_to_live())),
            6 => ("sinfo_tsn", Value::U32(self.tsn())),
            7 => ("sinfo_cumtsn", Value::U32(self.cumtsn())),
            8 => ("sinfo_assoc_id", Value::int(signed, self.assoc_id())),
            9 if !signed => ("sinfo_keynumber", Value::U16(self.keynumber())),
            10 if !signed => ("sinfo_keynumber_valid", Value::U16(self.keynumber_valid())),
            _ => return None,
        })
    }
}

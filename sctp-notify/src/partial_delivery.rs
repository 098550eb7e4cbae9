//! `SCTP_PARTIAL_DELIVERY_EVENT` (RFC 6458 §6.1.7).

use crate::record::{Writer, view};
use crate::{ByteOrder, Dialect, Error, Kind, Value};

mod field {
    // struct sctp_pdapi_event. Linux: u32 stream and sequence after the assoc id;
    // FreeBSD and usrsctp: u16 stream and sequence before it.
    pub(super) const INDICATION: usize = 8;
    pub(super) const LINUX_ASSOC_ID: usize = 12;
    pub(super) const LINUX_STREAM: usize = 16;
    pub(super) const LINUX_SEQ: usize = 20;
    pub(super) const LINUX_SIZE: usize = 24;
    pub(super) const FREEBSD_STREAM: usize = 12;
    pub(super) const FREEBSD_SEQ: usize = 14;
    pub(super) const FREEBSD_ASSOC_ID: usize = 16;
    pub(super) const FREEBSD_SIZE: usize = 20;
}

pub(crate) const fn min_len(dialect: Dialect) -> usize {
    match dialect {
        Dialect::Linux => field::LINUX_SIZE,
        Dialect::FreeBsd | Dialect::Usrsctp => field::FREEBSD_SIZE,
    }
}

view! {
    /// `struct sctp_pdapi_event`: a partial delivery was interrupted (RFC 6458 §6.1.7).
    ///
    /// # Platform-specific behavior
    ///
    /// Linux: `pdapi_indication` `SCTP_PARTIAL_DELIVERY_ABORTED` is 0, and stream and
    /// sequence are `u32` fields after `pdapi_assoc_id`. FreeBSD and usrsctp: the indication
    /// is 1, stream and sequence are `u16` fields before the assoc id (20 bytes).
    /// [`Notification::fields`](crate::Notification::fields) lists them in the RFC's order
    /// (indication, stream, seq, assoc id) for all three.
    ///
    /// usrsctp's public header, `usrsctp.h`, declares `u32` stream and sequence fields and a
    /// 24-byte struct, but the library fills in the struct of its own `netinet/sctp_uio.h`,
    /// which is FreeBSD's: `sn_length` 20, `u16` fields at 12 and 14, the assoc id at 16 (as
    /// usrsctp 0.9.5's machine code shows). [`Dialect::Usrsctp`] reads what the library writes.
    ///
    /// Linux, as observed on 6.1 and 6.12 by this crate's kernel test: when the association
    /// aborts during a partial delivery, the event names stream 0 and sequence 0, not
    /// the stream and sequence number of the interrupted message.
    ///
    /// # Examples
    ///
    /// ```
    /// use sctp_notify::{parse_as, Dialect, Notification, PartialDeliveryIndication};
    ///
    /// // Linux: partial delivery on stream 2, sequence 5 of association 1 aborted.
    /// let mut b = [0u8; 24];
    /// b[..2].copy_from_slice(&0x8006u16.to_ne_bytes());
    /// b[4..8].copy_from_slice(&24u32.to_ne_bytes());
    /// b[12..16].copy_from_slice(&1i32.to_ne_bytes());
    /// b[16..20].copy_from_slice(&2u32.to_ne_bytes());
    /// b[20..24].copy_from_slice(&5u32.to_ne_bytes());
    /// let Notification::PartialDelivery(n) = parse_as(Dialect::Linux, &b)? else { unreachable!() };
    /// assert_eq!(n.indication(), PartialDeliveryIndication::Aborted);
    /// assert_eq!((n.stream(), n.seq(), n.assoc_id()), (2, 5, 1));
    /// # Ok::<(), sctp_notify::Error>(())
    /// ```
    PartialDelivery
}

impl<'a> PartialDelivery<'a> {
    /// What happened to the partial delivery (`pdapi_indication`).
    pub const fn indication(&self) -> PartialDeliveryIndication {
        PartialDeliveryIndication::from_raw(self.0.dialect, self.0.u32(field::INDICATION))
    }

    /// The stream of the interrupted message (`pdapi_stream`).
    pub const fn stream(&self) -> u32 {
        match self.0.dialect {
            Dialect::Linux => self.0.u32(field::LINUX_STREAM),
            Dialect::FreeBsd | Dialect::Usrsctp => self.0.u16(field::FREEBSD_STREAM) as u32,
        }
    }

    /// The stream sequence number of the interrupted message (`pdapi_seq`).
    pub const fn seq(&self) -> u32 {
        match self.0.dialect {
            Dialect::Linux => self.0.u32(field::LINUX_SEQ),
            Dialect::FreeBsd | Dialect::Usrsctp => self.0.u16(field::FREEBSD_SEQ) as u32,
        }
    }

    /// The association (`pdapi_assoc_id`); Linux's signed id reinterpreted as `u32`.
    pub const fn assoc_id(&self) -> u32 {
        match self.0.dialect {
            Dialect::Linux => self.0.u32(field::LINUX_ASSOC_ID),
            Dialect::FreeBsd | Dialect::Usrsctp => self.0.u32(field::FREEBSD_ASSOC_ID),
        }
    }

    #[inline]
    pub(crate) fn field(&self, i: usize) -> Option<(&'static str, Value<'a>)> {
        let r = &self.0;
        let narrow = |v: u32| match r.dialect {
            Dialect::Linux => Value::U32(v),
            // Lossless: FreeBSD's and usrsctp's fields are u16.
            Dialect::FreeBsd | Dialect::Usrsctp => Value::U16(v as u16),
        };
        Some(match i {
            0 => ("pdapi_indication", Value::U32(r.u32(field::INDICATION))),
            1 => ("pdapi_stream", narrow(self.stream())),
            2 => ("pdapi_seq", narrow(self.seq())),
            3 => (
                "pdapi_assoc_id",
                Value::int(r.dialect.signed_assoc_id(), self.assoc_id()),
            ),
            _ => return None,
        })
    }

    pub(crate) fn emitted_len(&self, to: Dialect) -> Result<usize, Error> {
        crate::notification::type_code(to, Kind::PartialDelivery)?;
        // The checks of `emit`, dialect by dialect.
        match to {
            Dialect::Linux => {}
            Dialect::FreeBsd | Dialect::Usrsctp => {
                narrow(self.stream(), "pdapi_stream")?;
                narrow(self.seq(), "pdapi_seq")?;
            }
        }
        Ok(min_len(to))
    }

    pub(crate) fn emit(
        &self,
        to: Dialect,
        order: ByteOrder,
        out: &mut [u8],
    ) -> Result<usize, Error> {
        let sn_type = crate::notification::type_code(to, Kind::PartialDelivery)?;
        let mut w = Writer::new(out, order, min_len(to), sn_type, self.flags())?;
        w.u32(field::INDICATION, self.indication().to_raw(to));
        match to {
            Dialect::Linux => {
                w.u32(field::LINUX_ASSOC_ID, self.assoc_id());
                w.u32(field::LINUX_STREAM, self.stream());
                w.u32(field::LINUX_SEQ, self.seq());
            }
            Dialect::FreeBsd | Dialect::Usrsctp => {
                w.u16(
                    field::FREEBSD_STREAM,
                    narrow(self.stream(), "pdapi_stream")?,
                );
                w.u16(field::FREEBSD_SEQ, narrow(self.seq(), "pdapi_seq")?);
                w.u32(field::FREEBSD_ASSOC_ID, self.assoc_id());
            }
        }
        Ok(w.len())
    }
}

/// A stream or sequence number in FreeBSD's (and usrsctp's) `u16` field.
fn narrow(v: u32, field: &'static str) -> Result<u16, Error> {
    u16::try_from(v).map_err(|_| Error::Unrepresentable { field })
}

/// `pdapi_indication`: what happened to a partial delivery (RFC 6458 §6.1.7).
///
/// # Examples
///
/// ```
/// use sctp_notify::{Dialect, PartialDeliveryIndication};
///
/// assert_eq!(PartialDeliveryIndication::Aborted.to_raw(Dialect::Linux), 0);
/// assert_eq!(PartialDeliveryIndication::Aborted.to_raw(Dialect::FreeBsd), 1);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PartialDeliveryIndication {
    /// `SCTP_PARTIAL_DELIVERY_ABORTED`: the rest of the message will not arrive.
    Aborted,
    /// A value this crate does not know, as read.
    Unknown(u32),
}

impl PartialDeliveryIndication {
    /// The indication the raw value denotes in `dialect`.
    pub const fn from_raw(dialect: Dialect, raw: u32) -> Self {
        match (dialect, raw) {
            (Dialect::Linux, 0) | (Dialect::FreeBsd | Dialect::Usrsctp, 1) => {
                PartialDeliveryIndication::Aborted
            }
            _ => PartialDeliveryIndication::Unknown(raw),
        }
    }

    /// The raw value of this indication in `dialect` (`Unknown` values unchanged).
    pub const fn to_raw(self, dialect: Dialect) -> u32 {
        match (self, dialect) {
            (PartialDeliveryIndication::Aborted, Dialect::Linux) => 0,
            (PartialDeliveryIndication::Aborted, Dialect::FreeBsd | Dialect::Usrsctp) => 1,
            (PartialDeliveryIndication::Unknown(raw), _) => raw,
        }
    }
}

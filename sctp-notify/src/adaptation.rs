//! `SCTP_ADAPTATION_INDICATION` (RFC 6458 §6.1.6).

use crate::record::{Writer, view};
use crate::{ByteOrder, Dialect, Error, Kind, Value};

mod field {
    // struct sctp_adaptation_event: the same offsets in both dialects.
    pub(super) const ADAPTATION_IND: usize = 8;
    pub(super) const ASSOC_ID: usize = 12;
}

pub(crate) const MIN_LEN: usize = 16;

view! {
    /// `struct sctp_adaptation_event`: the peer announced an adaptation layer indication
    /// in its INIT or INIT ACK (RFC 6458 §6.1.6, RFC 5061 §4.2.7).
    ///
    /// # Examples
    ///
    /// ```
    /// use sctp_notify::{parse_as, Dialect, Notification};
    ///
    /// let mut b = [0u8; 16];
    /// b[..2].copy_from_slice(&0x8007u16.to_ne_bytes());
    /// b[4..8].copy_from_slice(&16u32.to_ne_bytes());
    /// b[8..12].copy_from_slice(&0xc0ffeeu32.to_ne_bytes());
    /// b[12..].copy_from_slice(&2i32.to_ne_bytes());
    /// let Notification::AdaptationIndication(n) = parse_as(Dialect::Linux, &b)? else { unreachable!() };
    /// assert_eq!((n.adaptation_ind(), n.assoc_id()), (0xc0ffee, 2));
    /// # Ok::<(), sctp_notify::Error>(())
    /// ```
    AdaptationIndication
}

impl<'a> AdaptationIndication<'a> {
    /// The peer's adaptation layer indication (`sai_adaptation_ind`), in host order.
    pub const fn adaptation_ind(&self) -> u32 {
        self.0.u32(field::ADAPTATION_IND)
    }

    /// The association (`sai_assoc_id`); Linux's signed id reinterpreted as `u32`.
    pub const fn assoc_id(&self) -> u32 {
        self.0.u32(field::ASSOC_ID)
    }

    #[inline]
    pub(crate) fn field(&self, i: usize) -> Option<(&'static str, Value<'a>)> {
        let r = &self.0;
        Some(match i {
            0 => ("sai_adaptation_ind", Value::U32(self.adaptation_ind())),
            1 => (
                "sai_assoc_id",
                Value::int(r.dialect.signed_assoc_id(), self.assoc_id()),
            ),
            _ => return None,
        })
    }

    pub(crate) fn emitted_len(&self, to: Dialect) -> Result<usize, Error> {
        crate::notification::type_code(to, Kind::AdaptationIndication)?;
        Ok(MIN_LEN)
    }

    pub(crate) fn emit(
        &self,
        to: Dialect,
        order: ByteOrder,
        out: &mut [u8],
    ) -> Result<usize, Error> {
        let sn_type = crate::notification::type_code(to, Kind::AdaptationIndication)?;
        let mut w = Writer::new(out, order, MIN_LEN, sn_type, self.flags())?;
        w.u32(field::ADAPTATION_IND, self.adaptation_ind());
        w.u32(field::ASSOC_ID, self.assoc_id());
        Ok(w.len())
    }
}

//! The notifications that carry nothing but an association id, and FreeBSD's bare
//! "notifications stopped" header: `SCTP_SHUTDOWN_EVENT` (RFC 6458 §6.1.5),
//! `SCTP_SENDER_DRY_EVENT` (§6.1.9) and `SCTP_NOTIFICATIONS_STOPPED_EVENT` (§6.1.10).

use crate::record::{Writer, view};
use crate::{ByteOrder, Dialect, Error, Kind, Value};

/// `sse_assoc_id` / `sender_dry_assoc_id` follow the header in both dialects.
const ASSOC_ID: usize = 8;
pub(crate) const MIN_LEN: usize = 12;
pub(crate) const STOPPED_LEN: usize = 8;

view! {
    /// `struct sctp_shutdown_event`: the peer sent SHUTDOWN, so no more data may be sent
    /// (RFC 6458 §6.1.5).
    ///
    /// # Examples
    ///
    /// ```
    /// use sctp_notify::{parse_as, Dialect, Notification};
    ///
    /// let mut b = [0u8; 12];
    /// b[..2].copy_from_slice(&0x0005u16.to_ne_bytes());
    /// b[4..8].copy_from_slice(&12u32.to_ne_bytes());
    /// b[8..].copy_from_slice(&77u32.to_ne_bytes());
    /// let Notification::Shutdown(n) = parse_as(Dialect::FreeBsd, &b)? else { unreachable!() };
    /// assert_eq!(n.assoc_id(), 77);
    /// # Ok::<(), sctp_notify::Error>(())
    /// ```
    Shutdown
}

view! {
    /// `struct sctp_sender_dry_event`: nothing is left to send or retransmit (RFC 6458
    /// §6.1.9). Subscribing while the association is idle yields one at once.
    ///
    /// # Examples
    ///
    /// ```
    /// use sctp_notify::{parse_as, Dialect, Notification};
    ///
    /// let mut b = [0u8; 12];
    /// b[..2].copy_from_slice(&0x8009u16.to_ne_bytes());
    /// b[4..8].copy_from_slice(&12u32.to_ne_bytes());
    /// b[8..].copy_from_slice(&1i32.to_ne_bytes());
    /// let Notification::SenderDry(n) = parse_as(Dialect::Linux, &b)? else { unreachable!() };
    /// assert_eq!(n.assoc_id(), 1);
    /// # Ok::<(), sctp_notify::Error>(())
    /// ```
    SenderDry
}

view! {
    /// `SCTP_NOTIFICATIONS_STOPPED_EVENT` (FreeBSD only; RFC 6458 §6.1.10): the stack ran
    /// out of resources for notifications. It is a bare `struct sctp_tlv` header.
    ///
    /// # Platform-specific behavior
    ///
    /// Linux has no such notification; FreeBSD declares it but notes it never sends it.
    ///
    /// # Examples
    ///
    /// ```
    /// use sctp_notify::{parse_as, Dialect, Notification};
    ///
    /// let mut b = [0u8; 8];
    /// b[..2].copy_from_slice(&0x000bu16.to_ne_bytes());
    /// b[4..8].copy_from_slice(&8u32.to_ne_bytes());
    /// assert!(matches!(parse_as(Dialect::FreeBsd, &b)?, Notification::NotificationsStopped(_)));
    /// # Ok::<(), sctp_notify::Error>(())
    /// ```
    NotificationsStopped
}

impl<'a> Shutdown<'a> {
    /// The association (`sse_assoc_id`); Linux's signed id reinterpreted as `u32`.
    pub const fn assoc_id(&self) -> u32 {
        self.0.u32(ASSOC_ID)
    }

    #[inline]
    pub(crate) fn field(&self, i: usize) -> Option<(&'static str, Value<'a>)> {
        let r = &self.0;
        Some(match i {
            0 => (
                "sse_assoc_id",
                Value::int(r.dialect.signed_assoc_id(), self.assoc_id()),
            ),
            _ => return None,
        })
    }

    pub(crate) fn emitted_len(&self, to: Dialect) -> Result<usize, Error> {
        crate::notification::type_code(to, Kind::Shutdown)?;
        Ok(MIN_LEN)
    }

    pub(crate) fn emit(
        &self,
        to: Dialect,
        order: ByteOrder,
        out: &mut [u8],
    ) -> Result<usize, Error> {
        let sn_type = crate::notification::type_code(to, Kind::Shutdown)?;
        let mut w = Writer::new(out, order, MIN_LEN, sn_type, self.flags())?;
        w.u32(ASSOC_ID, self.assoc_id());
        Ok(w.len())
    }
}

impl<'a> SenderDry<'a> {
    /// The association (`sender_dry_assoc_id`); Linux's signed id reinterpreted as `u32`.
    pub const fn assoc_id(&self) -> u32 {
        self.0.u32(ASSOC_ID)
    }

    #[inline]
    pub(crate) fn field(&self, i: usize) -> Option<(&'static str, Value<'a>)> {
        let r = &self.0;
        Some(match i {
            0 => (
                "sender_dry_assoc_id",
                Value::int(r.dialect.signed_assoc_id(), self.assoc_id()),
            ),
            _ => return None,
        })
    }

    pub(crate) fn emitted_len(&self, to: Dialect) -> Result<usize, Error> {
        crate::notification::type_code(to, Kind::SenderDry)?;
        Ok(MIN_LEN)
    }

    pub(crate) fn emit(
        &self,
        to: Dialect,
        order: ByteOrder,
        out: &mut [u8],
    ) -> Result<usize, Error> {
        let sn_type = crate::notification::type_code(to, Kind::SenderDry)?;
        let mut w = Writer::new(out, order, MIN_LEN, sn_type, self.flags())?;
        w.u32(ASSOC_ID, self.assoc_id());
        Ok(w.len())
    }
}

impl<'a> NotificationsStopped<'a> {
    #[inline]
    pub(crate) fn field(&self, _i: usize) -> Option<(&'static str, Value<'a>)> {
        // A bare header: nothing after sn_type, sn_flags and sn_length.
        None
    }

    pub(crate) fn emitted_len(&self, to: Dialect) -> Result<usize, Error> {
        crate::notification::type_code(to, Kind::NotificationsStopped)?;
        Ok(STOPPED_LEN)
    }

    pub(crate) fn emit(
        &self,
        to: Dialect,
        order: ByteOrder,
        out: &mut [u8],
    ) -> Result<usize, Error> {
        let sn_type = crate::notification::type_code(to, Kind::NotificationsStopped)?;
        let w = Writer::new(out, order, STOPPED_LEN, sn_type, self.flags())?;
        Ok(w.len())
    }
}

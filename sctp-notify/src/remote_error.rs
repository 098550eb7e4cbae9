//! `SCTP_REMOTE_ERROR` (RFC 6458 §6.1.3).

use crate::record::{Writer, total, view};
use crate::{ByteOrder, Dialect, Error, Kind, Value};

mod field {
    // struct sctp_remote_error: the same offsets in both dialects (sre_assoc_id is
    // 4-byte aligned, so two padding bytes follow sre_error).
    pub(super) const ERROR: usize = 8;
    pub(super) const ASSOC_ID: usize = 12;
    pub(super) const DATA: usize = 16;
}

pub(crate) const MIN_LEN: usize = field::DATA;

view! {
    /// `struct sctp_remote_error`: the peer sent an ERROR chunk (RFC 6458 §6.1.3).
    ///
    /// # Platform-specific behavior
    ///
    /// Linux declares `sre_error` as `__be16`: the cause code is in network byte order
    /// inside the notification's host-order layout (cause 6 reads as `0x0600` on
    /// little-endian machines; [`cause`](Self::cause) converts it), and `sre_data` holds
    /// the first cause's value without its 4-byte cause header — for "Unrecognized Chunk
    /// Type", the unrecognized chunk. Both observed on 6.1 and 6.12 by this crate's kernel
    /// test, which makes a Linux peer answer an unknown chunk with an ERROR chunk.
    /// FreeBSD declares `sre_error` as a host-order `uint16_t`; its kernel copies the
    /// whole ERROR chunk into `sre_data` (from its sources, not observed here).
    ///
    /// # Examples
    ///
    /// ```
    /// use sctp_notify::{parse_as, Dialect, Notification};
    ///
    /// // Linux, cause 6 ("Unrecognized Chunk Type") with 4 bytes of data, association 2.
    /// let mut b = [0u8; 20];
    /// b[..2].copy_from_slice(&0x8004u16.to_ne_bytes());
    /// b[4..8].copy_from_slice(&20u32.to_ne_bytes());
    /// b[8..10].copy_from_slice(&6u16.to_be_bytes());
    /// b[12..16].copy_from_slice(&2i32.to_ne_bytes());
    /// b[16..].copy_from_slice(&[0xc1, 0, 0, 4]);
    /// let Notification::RemoteError(n) = parse_as(Dialect::Linux, &b)? else { unreachable!() };
    /// assert_eq!(n.cause(), 6);
    /// assert_eq!(n.data(), &[0xc1, 0, 0, 4]);
    /// # Ok::<(), sctp_notify::Error>(())
    /// ```
    RemoteError
}

impl<'a> RemoteError<'a> {
    /// The raw `sre_error` field as stored (network order on Linux, host on FreeBSD).
    ///
    /// Linux's `__be16` is read as stored (the two bytes as the machine running this code
    /// reads them), whatever the [`ByteOrder`] chosen; FreeBSD's in the record's order.
    pub const fn error(&self) -> u16 {
        match self.0.dialect {
            Dialect::Linux => self.0.u16_as_stored(field::ERROR),
            Dialect::FreeBsd | Dialect::Usrsctp => self.0.u16(field::ERROR),
        }
    }

    /// The error cause code (RFC 9260 §3.3.10), in host order whatever the dialect.
    pub const fn cause(&self) -> u16 {
        match self.0.dialect {
            Dialect::Linux => u16::from_be(self.0.u16_as_stored(field::ERROR)),
            Dialect::FreeBsd | Dialect::Usrsctp => self.error(),
        }
    }

    /// The name of the error cause, as [`error_cause_name`] gives it.
    pub const fn cause_name(&self) -> Option<&'static str> {
        error_cause_name(self.cause())
    }

    /// The association (`sre_assoc_id`); Linux's signed id reinterpreted as `u32`.
    pub const fn assoc_id(&self) -> u32 {
        self.0.u32(field::ASSOC_ID)
    }

    /// The variable `sre_data` bytes, bounded by `sre_length`.
    pub fn data(&self) -> &'a [u8] {
        self.0.tail(field::DATA)
    }

    #[inline]
    pub(crate) fn field(&self, i: usize) -> Option<(&'static str, Value<'a>)> {
        let r = &self.0;
        Some(match i {
            0 => ("sre_error", Value::U16(self.error())),
            1 => (
                "sre_assoc_id",
                Value::int(r.dialect.signed_assoc_id(), self.assoc_id()),
            ),
            2 => ("sre_data", Value::Bytes(self.data())),
            _ => return None,
        })
    }

    pub(crate) fn emitted_len(&self, to: Dialect) -> Result<usize, Error> {
        crate::notification::type_code(to, Kind::RemoteError)?;
        total(MIN_LEN, self.data().len())
    }

    pub(crate) fn emit(
        &self,
        to: Dialect,
        order: ByteOrder,
        out: &mut [u8],
    ) -> Result<usize, Error> {
        let len = self.emitted_len(to)?;
        let sn_type = crate::notification::type_code(to, Kind::RemoteError)?;
        let mut w = Writer::new(out, order, len, sn_type, self.flags())?;
        match to {
            Dialect::Linux => w.u16_as_stored(field::ERROR, self.cause().to_be()),
            Dialect::FreeBsd | Dialect::Usrsctp => w.u16(field::ERROR, self.cause()),
        }
        w.u32(field::ASSOC_ID, self.assoc_id());
        w.bytes(field::DATA, self.data());
        Ok(w.len())
    }
}

/// The name an RFC gives to an SCTP error cause code, or `None` for a code no RFC this
/// crate knows assigns.
///
/// Codes 1–13 are RFC 9260 §3.3.10's; 14 is RFC 6951's (UDP encapsulation);
/// 0x00a0–0x00a4 are RFC 5061's (dynamic address reconfiguration); 0x0105 is RFC 4895's
/// (AUTH). The names are the RFCs' own, for an analyzer to print.
///
/// # Examples
///
/// ```
/// use sctp_notify::error_cause_name;
///
/// assert_eq!(error_cause_name(6), Some("Unrecognized Chunk Type"));
/// assert_eq!(error_cause_name(0x0105), Some("Unsupported HMAC Identifier"));
/// assert_eq!(error_cause_name(0x7777), None);
/// ```
pub const fn error_cause_name(code: u16) -> Option<&'static str> {
    Some(match code {
        1 => "Invalid Stream Identifier",
        2 => "Missing Mandatory Parameter",
        3 => "Stale Cookie Error",
        4 => "Out of Resource",
        5 => "Unresolvable Address",
        6 => "Unrecognized Chunk Type",
        7 => "Invalid Mandatory Parameter",
        8 => "Unrecognized Parameters",
        9 => "No User Data",
        10 => "Cookie Received While Shutting Down",
        11 => "Restart of an Association with New Addresses",
        12 => "User-Initiated Abort",
        13 => "Protocol Violation",
        14 => "Restart of an Association with New Encapsulation Port",
        0x00a0 => "Request to Delete Last Remaining IP Address",
        0x00a1 => "Operation Refused Due to Resource Shortage",
        0x00a2 => "Request to Delete Source IP Address",
        0x00a3 => "Association Aborted Due to Illegal ASCONF-ACK",
        0x00a4 => "Request Refused - No Authorization",
        0x0105 => "Unsupported HMAC Identifier",
        _ => return None,
    })
}

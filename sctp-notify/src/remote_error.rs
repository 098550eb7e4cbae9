//! `SCTP_REMOTE_ERROR` (RFC 6458 §6.1.3).

use crate::record::{Writer, total, view};
use crate::{Dialect, Error, Kind, Value};

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
    pub const fn error(&self) -> u16 {
        self.0.u16(field::ERROR)
    }

    /// The error cause code (RFC 9260 §3.3.10), in host order whatever the dialect.
    pub const fn cause(&self) -> u16 {
        match self.0.dialect {
            Dialect::Linux => u16::from_be(self.error()),
            Dialect::FreeBsd | Dialect::Usrsctp => self.error(),
        }
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
            0 => ("sre_type", Value::U16(r.sn_type())),
            1 => ("sre_flags", Value::U16(r.flags())),
            2 => ("sre_length", Value::U32(r.length())),
            3 => ("sre_error", Value::U16(self.error())),
            4 => (
                "sre_assoc_id",
                Value::int(r.dialect.signed_assoc_id(), self.assoc_id()),
            ),
            5 => ("sre_data", Value::Bytes(self.data())),
            _ => return None,
        })
    }

    pub(crate) fn emitted_len(&self, _to: Dialect) -> Result<usize, Error> {
        total(MIN_LEN, self.data().len())
    }

    pub(crate) fn emit(&self, to: Dialect, out: &mut [u8]) -> Result<usize, Error> {
        let len = self.emitted_len(to)?;
        let sn_type = crate::notification::type_code(to, Kind::RemoteError)?;
        let mut w = Writer::new(out, len, sn_type, self.flags())?;
        let raw = match to {
            Dialect::Linux => self.cause().to_be(),
            Dialect::FreeBsd | Dialect::Usrsctp => self.cause(),
        };
        w.u16(field::ERROR, raw);
        w.u32(field::ASSOC_ID, self.assoc_id());
        w.bytes(field::DATA, self.data());
        Ok(w.len())
    }
}

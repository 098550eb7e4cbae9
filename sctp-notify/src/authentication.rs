//! `SCTP_AUTHENTICATION_EVENT` (RFC 6458 §6.1.8).

use crate::record::{Writer, view};
use crate::{ByteOrder, Dialect, Error, Kind, Value};

mod field {
    // struct sctp_authkey_event: the same offsets in both dialects.
    pub(super) const KEYNUMBER: usize = 8;
    pub(super) const ALTKEYNUMBER: usize = 10;
    pub(super) const INDICATION: usize = 12;
    pub(super) const ASSOC_ID: usize = 16;
}

pub(crate) const MIN_LEN: usize = 20;

view! {
    /// `struct sctp_authkey_event`: an AUTH key event (RFC 6458 §6.1.8, RFC 4895).
    ///
    /// # Platform-specific behavior
    ///
    /// The indication values differ: Linux has new key 0, free key 1, no auth 2; FreeBSD
    /// new key 1, no auth 2, free key 3.
    ///
    /// # Examples
    ///
    /// ```
    /// use sctp_notify::{parse_as, AuthIndication, Dialect, Notification};
    ///
    /// // Linux: key 1 became active on association 3.
    /// let mut b = [0u8; 20];
    /// b[..2].copy_from_slice(&0x8008u16.to_ne_bytes());
    /// b[4..8].copy_from_slice(&20u32.to_ne_bytes());
    /// b[8..10].copy_from_slice(&1u16.to_ne_bytes());
    /// b[16..20].copy_from_slice(&3i32.to_ne_bytes());
    /// let Notification::Authentication(n) = parse_as(Dialect::Linux, &b)? else { unreachable!() };
    /// assert_eq!(n.indication(), AuthIndication::NewKey);
    /// assert_eq!((n.keynumber(), n.assoc_id()), (1, 3));
    /// # Ok::<(), sctp_notify::Error>(())
    /// ```
    Authentication
}

impl<'a> Authentication<'a> {
    /// The key the event is about (`auth_keynumber`).
    pub const fn keynumber(&self) -> u16 {
        self.0.u16(field::KEYNUMBER)
    }

    /// The alternate key number (`auth_altkeynumber`).
    pub const fn altkeynumber(&self) -> u16 {
        self.0.u16(field::ALTKEYNUMBER)
    }

    /// What happened (`auth_indication`).
    pub const fn indication(&self) -> AuthIndication {
        AuthIndication::from_raw(self.0.dialect, self.0.u32(field::INDICATION))
    }

    /// The association (`auth_assoc_id`); Linux's signed id reinterpreted as `u32`.
    pub const fn assoc_id(&self) -> u32 {
        self.0.u32(field::ASSOC_ID)
    }

    #[inline]
    pub(crate) fn field(&self, i: usize) -> Option<(&'static str, Value<'a>)> {
        let r = &self.0;
        Some(match i {
            0 => ("auth_keynumber", Value::U16(self.keynumber())),
            1 => ("auth_altkeynumber", Value::U16(self.altkeynumber())),
            2 => ("auth_indication", Value::U32(r.u32(field::INDICATION))),
            3 => (
                "auth_assoc_id",
                Value::int(r.dialect.signed_assoc_id(), self.assoc_id()),
            ),
            _ => return None,
        })
    }

    pub(crate) fn emitted_len(&self, to: Dialect) -> Result<usize, Error> {
        crate::notification::type_code(to, Kind::Authentication)?;
        Ok(MIN_LEN)
    }

    pub(crate) fn emit(
        &self,
        to: Dialect,
        order: ByteOrder,
        out: &mut [u8],
    ) -> Result<usize, Error> {
        let sn_type = crate::notification::type_code(to, Kind::Authentication)?;
        let mut w = Writer::new(out, order, MIN_LEN, sn_type, self.flags())?;
        w.u16(field::KEYNUMBER, self.keynumber());
        w.u16(field::ALTKEYNUMBER, self.altkeynumber());
        w.u32(field::INDICATION, self.indication().to_raw(to));
        w.u32(field::ASSOC_ID, self.assoc_id());
        Ok(w.len())
    }
}

/// `auth_indication`: what happened to an AUTH key (RFC 6458 §6.1.8).
///
/// # Examples
///
/// ```
/// use sctp_notify::{AuthIndication, Dialect};
///
/// assert_eq!(AuthIndication::from_raw(Dialect::Linux, 1), AuthIndication::FreeKey);
/// assert_eq!(AuthIndication::FreeKey.to_raw(Dialect::FreeBsd), 3);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AuthIndication {
    /// `SCTP_AUTH_NEW_KEY`: the key is now the active one.
    NewKey,
    /// `SCTP_AUTH_FREE_KEY`: a deactivated key is no longer in use and may be deleted.
    FreeKey,
    /// `SCTP_AUTH_NO_AUTH`: the peer does not support AUTH.
    NoAuth,
    /// A value this crate does not know, as read.
    Unknown(u32),
}

impl AuthIndication {
    /// The indication the raw value denotes in `dialect`.
    pub const fn from_raw(dialect: Dialect, raw: u32) -> Self {
        match (dialect, raw) {
            (Dialect::Linux, 0) | (Dialect::FreeBsd | Dialect::Usrsctp, 1) => {
                AuthIndication::NewKey
            }
            (Dialect::Linux, 1) | (Dialect::FreeBsd | Dialect::Usrsctp, 3) => {
                AuthIndication::FreeKey
            }
            (Dialect::Linux, 2) | (Dialect::FreeBsd | Dialect::Usrsctp, 2) => {
                AuthIndication::NoAuth
            }
            _ => AuthIndication::Unknown(raw),
        }
    }

    /// The raw value of this indication in `dialect` (`Unknown` values unchanged).
    pub const fn to_raw(self, dialect: Dialect) -> u32 {
        match (self, dialect) {
            (AuthIndication::NewKey, Dialect::Linux) => 0,
            (AuthIndication::NewKey, Dialect::FreeBsd | Dialect::Usrsctp) => 1,
            (AuthIndication::FreeKey, Dialect::Linux) => 1,
            (AuthIndication::FreeKey, Dialect::FreeBsd | Dialect::Usrsctp) => 3,
            (AuthIndication::NoAuth, _) => 2,
            (AuthIndication::Unknown(raw), _) => raw,
        }
    }
}

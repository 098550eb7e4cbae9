//! `SCTP_ASSOC_CHANGE` (RFC 6458 §6.1.1).

use crate::record::{Writer, total, view};
use crate::{ByteOrder, Dialect, Error, Kind, Value};

mod field {
    // struct sctp_assoc_change: the same offsets in both dialects.
    pub(super) const STATE: usize = 8;
    pub(super) const ERROR: usize = 10;
    pub(super) const OUTBOUND_STREAMS: usize = 12;
    pub(super) const INBOUND_STREAMS: usize = 14;
    pub(super) const ASSOC_ID: usize = 16;
    pub(super) const INFO: usize = 20;
}

pub(crate) const MIN_LEN: usize = field::INFO;

view! {
    /// `struct sctp_assoc_change`: an association came up, was lost, restarted, shut
    /// down, or could not be started (RFC 6458 §6.1.1).
    ///
    /// # Platform-specific behavior
    ///
    /// Linux, as observed on 6.1 and 6.12 by this crate's kernel test:
    ///
    /// - `sac_info` is empty on `SCTP_COMM_UP` (`sac_length` is 20): Linux never lists
    ///   the supported features there, so [`features`](Self::features) yields nothing.
    /// - On `SCTP_COMM_LOST` caused by a received ABORT, `sac_info` holds the ABORT
    ///   chunk's *body* — its error causes, without the 4-byte chunk header (for a
    ///   "User-Initiated Abort" with reason `r`: `00 0c`, `4 + len(r)` big-endian, `r`).
    ///   The side that sent the ABORT gets `SCTP_COMM_LOST` with an empty `sac_info`.
    /// - `sac_error` holds the (first) cause code *in network byte order* inside the
    ///   host-order field: cause 12 reads as `0x0c00` on little-endian machines; use
    ///   [`u16::from_be`]. It is 0 when the ABORT carried no cause.
    /// - `SCTP_CANT_STR_ASSOC` after the peer answered the INIT with a cause-less ABORT
    ///   (no listener) has `sac_error` 0, an empty `sac_info` and `sac_assoc_id` 0: the
    ///   association never received an id.
    /// - Stream counts are 0 on `SCTP_COMM_LOST`, `SCTP_SHUTDOWN_COMP` and
    ///   `SCTP_CANT_STR_ASSOC`.
    ///
    /// FreeBSD lists the supported features (`SCTP_ASSOC_SUPPORTS_*`, one byte each) on
    /// `SCTP_COMM_UP` and `SCTP_RESTART`, and puts the whole ABORT chunk, header
    /// included, into `sac_info` on `SCTP_COMM_LOST` and `SCTP_CANT_STR_ASSOC`.
    ///
    /// # Examples
    ///
    /// ```
    /// use sctp_notify::{parse_as, AssocState, Dialect, Notification};
    ///
    /// // Linux, COMM_UP of association 5 with 10 outbound and 20 inbound streams.
    /// let mut b = [0u8; 20];
    /// b[..2].copy_from_slice(&0x8001u16.to_ne_bytes());
    /// b[4..8].copy_from_slice(&20u32.to_ne_bytes());
    /// b[12..14].copy_from_slice(&10u16.to_ne_bytes());
    /// b[14..16].copy_from_slice(&20u16.to_ne_bytes());
    /// b[16..20].copy_from_slice(&5i32.to_ne_bytes());
    /// let Notification::AssocChange(n) = parse_as(Dialect::Linux, &b)? else { unreachable!() };
    /// assert_eq!(n.state(), AssocState::CommUp);
    /// assert_eq!((n.outbound_streams(), n.inbound_streams(), n.assoc_id()), (10, 20, 5));
    /// assert!(n.info().is_empty());
    /// # Ok::<(), sctp_notify::Error>(())
    /// ```
    AssocChange
}

impl<'a> AssocChange<'a> {
    /// What happened to the association (`sac_state`).
    pub const fn state(&self) -> AssocState {
        AssocState::from_raw(self.0.dialect, self.0.u16(field::STATE))
    }

    /// `sac_error`: the error behind a loss or a failed start, as the kernel put it (see
    /// the platform notes above for Linux's byte order).
    ///
    /// Linux's `__be16` is read as stored (the two bytes as the machine running this code
    /// reads them), whatever the [`ByteOrder`] chosen; FreeBSD's in the record's order.
    pub const fn error(&self) -> u16 {
        match self.0.dialect {
            Dialect::Linux => self.0.u16_as_stored(field::ERROR),
            Dialect::FreeBsd | Dialect::Usrsctp => self.0.u16(field::ERROR),
        }
    }

    /// Number of outbound streams of the association (`sac_outbound_streams`).
    pub const fn outbound_streams(&self) -> u16 {
        self.0.u16(field::OUTBOUND_STREAMS)
    }

    /// Number of inbound streams of the association (`sac_inbound_streams`).
    pub const fn inbound_streams(&self) -> u16 {
        self.0.u16(field::INBOUND_STREAMS)
    }

    /// The association (`sac_assoc_id`); Linux's signed id reinterpreted as `u32`.
    pub const fn assoc_id(&self) -> u32 {
        self.0.u32(field::ASSOC_ID)
    }

    /// The variable `sac_info` bytes, bounded by `sac_length`.
    pub fn info(&self) -> &'a [u8] {
        self.0.tail(field::INFO)
    }

    /// The ABORT chunk bytes in `sac_info` (body only on Linux, whole chunk on FreeBSD),
    /// when the association was lost or could not start and the info is not empty.
    pub fn abort_chunk(&self) -> Option<&'a [u8]> {
        let info = self.info();
        match self.state() {
            AssocState::CommLost | AssocState::CantStartAssoc if !info.is_empty() => Some(info),
            _ => None,
        }
    }

    /// The features the association supports, listed in `sac_info` on `SCTP_COMM_UP` and
    /// `SCTP_RESTART` (FreeBSD fills them; Linux leaves `sac_info` empty).
    pub fn features(&self) -> impl Iterator<Item = Feature> + 'a {
        let info = match self.state() {
            AssocState::CommUp | AssocState::Restart => self.info(),
            _ => &[],
        };
        info.iter().map(|&b| Feature::from_raw(b))
    }

    #[inline]
    pub(crate) fn field(&self, i: usize) -> Option<(&'static str, Value<'a>)> {
        let r = &self.0;
        Some(match i {
            0 => ("sac_state", Value::U16(r.u16(field::STATE))),
            1 => ("sac_error", Value::U16(self.error())),
            2 => ("sac_outbound_streams", Value::U16(self.outbound_streams())),
            3 => ("sac_inbound_streams", Value::U16(self.inbound_streams())),
            4 => (
                "sac_assoc_id",
                Value::int(r.dialect.signed_assoc_id(), self.assoc_id()),
            ),
            5 => ("sac_info", Value::Bytes(self.info())),
            _ => return None,
        })
    }

    pub(crate) fn emitted_len(&self, to: Dialect) -> Result<usize, Error> {
        crate::notification::type_code(to, Kind::AssocChange)?;
        total(MIN_LEN, self.info().len())
    }

    pub(crate) fn emit(
        &self,
        to: Dialect,
        order: ByteOrder,
        out: &mut [u8],
    ) -> Result<usize, Error> {
        let len = self.emitted_len(to)?;
        let sn_type = crate::notification::type_code(to, Kind::AssocChange)?;
        let mut w = Writer::new(out, order, len, sn_type, self.flags())?;
        w.u16(field::STATE, self.state().to_raw(to));
        match to {
            Dialect::Linux => w.u16_as_stored(field::ERROR, self.error()),
            Dialect::FreeBsd | Dialect::Usrsctp => w.u16(field::ERROR, self.error()),
        }
        w.u16(field::OUTBOUND_STREAMS, self.outbound_streams());
        w.u16(field::INBOUND_STREAMS, self.inbound_streams());
        w.u32(field::ASSOC_ID, self.assoc_id());
        w.bytes(field::INFO, self.info());
        Ok(w.len())
    }
}

/// `sac_state`: what happened to an association (RFC 6458 §6.1.1).
///
/// Linux numbers these from 0, FreeBSD from 1; values neither knows are kept in
/// [`AssocState::Unknown`] as read.
///
/// # Examples
///
/// ```
/// use sctp_notify::{AssocState, Dialect};
///
/// assert_eq!(AssocState::CommLost.to_raw(Dialect::Linux), 1);
/// assert_eq!(AssocState::CommLost.to_raw(Dialect::FreeBsd), 2);
/// assert_eq!(AssocState::from_raw(Dialect::Linux, 9), AssocState::Unknown(9));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AssocState {
    /// `SCTP_COMM_UP`: the association is ready for data.
    CommUp,
    /// `SCTP_COMM_LOST`: the association failed (ABORT received or sent, or too many
    /// retransmissions).
    CommLost,
    /// `SCTP_RESTART`: the peer restarted the association.
    Restart,
    /// `SCTP_SHUTDOWN_COMP`: a graceful shutdown completed.
    ShutdownComplete,
    /// `SCTP_CANT_STR_ASSOC`: the association could not be started.
    CantStartAssoc,
    /// A value this crate does not know, as read.
    Unknown(u16),
}

impl AssocState {
    /// The state that the raw `sac_state` value denotes in `dialect`.
    pub const fn from_raw(dialect: Dialect, raw: u16) -> Self {
        let base = match dialect {
            Dialect::Linux => 0,
            Dialect::FreeBsd | Dialect::Usrsctp => 1,
        };
        match raw.wrapping_sub(base) {
            0 => AssocState::CommUp,
            1 => AssocState::CommLost,
            2 => AssocState::Restart,
            3 => AssocState::ShutdownComplete,
            4 => AssocState::CantStartAssoc,
            _ => AssocState::Unknown(raw),
        }
    }

    /// The raw `sac_state` value of this state in `dialect` (`Unknown` values unchanged).
    pub const fn to_raw(self, dialect: Dialect) -> u16 {
        let base = match dialect {
            Dialect::Linux => 0,
            Dialect::FreeBsd | Dialect::Usrsctp => 1,
        };
        match self {
            AssocState::CommUp => base,
            AssocState::CommLost => base + 1,
            AssocState::Restart => base + 2,
            AssocState::ShutdownComplete => base + 3,
            AssocState::CantStartAssoc => base + 4,
            AssocState::Unknown(raw) => raw,
        }
    }
}

/// One entry of `sac_info` on `SCTP_COMM_UP`/`SCTP_RESTART`: a feature the association
/// supports (`SCTP_ASSOC_SUPPORTS_*`, RFC 6458 §6.1.1; numbers from FreeBSD's header).
///
/// # Examples
///
/// ```
/// use sctp_notify::Feature;
///
/// assert_eq!(Feature::from_raw(2), Feature::Auth);
/// assert_eq!(Feature::Auth.to_raw(), 2);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Feature {
    /// `SCTP_ASSOC_SUPPORTS_PR`: partial reliability (RFC 3758).
    PartialReliability,
    /// `SCTP_ASSOC_SUPPORTS_AUTH`: chunk authentication (RFC 4895).
    Auth,
    /// `SCTP_ASSOC_SUPPORTS_ASCONF`: dynamic address reconfiguration (RFC 5061).
    Asconf,
    /// `SCTP_ASSOC_SUPPORTS_MULTIBUF`: multiple buffers.
    Multibuf,
    /// `SCTP_ASSOC_SUPPORTS_RE_CONFIG`: stream reconfiguration (RFC 6525).
    Reconfig,
    /// `SCTP_ASSOC_SUPPORTS_INTERLEAVING`: message interleaving (RFC 8260).
    Interleaving,
    /// A value this crate does not know, as read.
    Unknown(u8),
}

impl Feature {
    /// The feature a `sac_info` byte denotes.
    pub const fn from_raw(raw: u8) -> Self {
        match raw {
            1 => Feature::PartialReliability,
            2 => Feature::Auth,
            3 => Feature::Asconf,
            4 => Feature::Multibuf,
            5 => Feature::Reconfig,
            6 => Feature::Interleaving,
            _ => Feature::Unknown(raw),
        }
    }

    /// The `sac_info` byte of this feature.
    pub const fn to_raw(self) -> u8 {
        match self {
            Feature::PartialReliability => 1,
            Feature::Auth => 2,
            Feature::Asconf => 3,
            Feature::Multibuf => 4,
            Feature::Reconfig => 5,
            Feature::Interleaving => 6,
            Feature::Unknown(raw) => raw,
        }
    }
}

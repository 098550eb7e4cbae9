//! The [`Notification`] enum: parsing, the field listing and emission.

use crate::record::Record;
use crate::{
    AdaptationIndication, AssocChange, AssocReset, Authentication, Dialect, Error, Fields, Kind,
    NotificationsStopped, PartialDelivery, PeerAddrChange, RemoteError, SendFailed,
    SendFailedEvent, SenderDry, Shutdown, StreamChange, StreamReset, Value, assoc_change,
    partial_delivery, peer_addr_change, reconfig, send_failed, shutdown,
};

/// The `sn_type`, `sn_flags`, `sn_length` header every notification starts with.
const HEADER_LEN: usize = 8;

/// One SCTP notification (RFC 6458 §6.1, RFC 6525 §6.1), borrowing the bytes it was
/// parsed from.
///
/// Made by [`parse`](crate::parse) or [`parse_as`](crate::parse_as). Each variant holds a
/// zero-copy view whose accessors decode the fields on demand; [`fields`](Self::fields)
/// lists them under their C names, and [`emit`](Self::emit) writes them out again in
/// either dialect.
///
/// # Examples
///
/// ```
/// use sctp_notify::{parse_as, Dialect, Notification};
///
/// // A FreeBSD SCTP_SENDER_DRY_EVENT for association 8, re-emitted for Linux.
/// let mut b = [0u8; 12];
/// b[..2].copy_from_slice(&0x000au16.to_ne_bytes());
/// b[4..8].copy_from_slice(&12u32.to_ne_bytes());
/// b[8..].copy_from_slice(&8u32.to_ne_bytes());
/// let n = parse_as(Dialect::FreeBsd, &b)?;
/// let Notification::SenderDry(dry) = n else { unreachable!() };
/// assert_eq!(dry.assoc_id(), 8);
///
/// let mut out = [0u8; 64];
/// let len = n.emit(Dialect::Linux, &mut out)?;
/// assert_eq!(&out[..2], &0x8009u16.to_ne_bytes());
/// assert!(matches!(parse_as(Dialect::Linux, &out[..len])?, Notification::SenderDry(d) if d.assoc_id() == 8));
/// # Ok::<(), sctp_notify::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Notification<'a> {
    /// `SCTP_ASSOC_CHANGE`
    AssocChange(AssocChange<'a>),
    /// `SCTP_PEER_ADDR_CHANGE`
    PeerAddrChange(PeerAddrChange<'a>),
    /// `SCTP_REMOTE_ERROR`
    RemoteError(RemoteError<'a>),
    /// `SCTP_SEND_FAILED` (deprecated `struct sctp_send_failed`)
    SendFailed(SendFailed<'a>),
    /// `SCTP_SEND_FAILED_EVENT`
    SendFailedEvent(SendFailedEvent<'a>),
    /// `SCTP_SHUTDOWN_EVENT`
    Shutdown(Shutdown<'a>),
    /// `SCTP_ADAPTATION_INDICATION`
    AdaptationIndication(AdaptationIndication<'a>),
    /// `SCTP_PARTIAL_DELIVERY_EVENT`
    PartialDelivery(PartialDelivery<'a>),
    /// `SCTP_AUTHENTICATION_EVENT`
    Authentication(Authentication<'a>),
    /// `SCTP_SENDER_DRY_EVENT`
    SenderDry(SenderDry<'a>),
    /// `SCTP_STREAM_RESET_EVENT`
    StreamReset(StreamReset<'a>),
    /// `SCTP_ASSOC_RESET_EVENT`
    AssocReset(AssocReset<'a>),
    /// `SCTP_STREAM_CHANGE_EVENT`
    StreamChange(StreamChange<'a>),
    /// `SCTP_NOTIFICATIONS_STOPPED_EVENT` (FreeBSD only)
    NotificationsStopped(NotificationsStopped<'a>),
    /// A notification type the dialect does not define (for instance one from a newer
    /// kernel). Never an error: the record is handed over whole.
    Unknown {
        /// The `sn_type` code.
        sn_type: u16,
        /// The `sn_flags` field.
        flags: u16,
        /// The whole record, header included, exactly `sn_length` bytes.
        bytes: &'a [u8],
    },
}

/// Parses one notification laid out as `dialect` lays it out.
///
/// The record is bounded by its own `sn_length`; bytes after it are ignored. Every kind's
/// variable part (`sac_info`, `sre_data`, `ssf_data`, `ssfe_data`,
/// `strreset_stream_list`) is what lies between its fixed part and `sn_length`.
///
/// # Errors
///
/// - [`Error::Truncated`] if `bytes` is shorter than the 8-byte header or than
///   `sn_length`;
/// - [`Error::InvalidLength`] if `sn_length` is shorter than the fixed part of the kind;
/// - [`Error::UnalignedLength`] if a stream list has an odd number of bytes;
/// - [`Error::UnsupportedAddressFamily`] if `spc_aaddr` is neither IPv4 nor IPv6.
///
/// An unknown `sn_type` is not an error: it gives [`Notification::Unknown`].
///
/// # Examples
///
/// ```
/// use sctp_notify::{parse_as, Dialect, Error, Notification};
///
/// let mut b = [0u8; 12];
/// b[..2].copy_from_slice(&0x7777u16.to_ne_bytes());
/// b[4..8].copy_from_slice(&12u32.to_ne_bytes());
/// assert!(matches!(
///     parse_as(Dialect::Linux, &b)?,
///     Notification::Unknown { sn_type: 0x7777, .. }
/// ));
/// assert_eq!(
///     parse_as(Dialect::Linux, &b[..10]),
///     Err(Error::Truncated { needed: 12, got: 10 })
/// );
/// # Ok::<(), sctp_notify::Error>(())
/// ```
pub fn parse_as(dialect: Dialect, bytes: &[u8]) -> Result<Notification<'_>, Error> {
    let got = bytes.len();
    let Some(header) = bytes.get(..HEADER_LEN) else {
        return Err(Error::Truncated {
            needed: HEADER_LEN,
            got,
        });
    };
    let head = Record {
        dialect,
        bytes: header,
    };
    let length = head.length();
    let needed = usize::try_from(length).unwrap_or(usize::MAX);
    if needed < HEADER_LEN {
        return Err(Error::InvalidLength {
            length,
            minimum: HEADER_LEN,
        });
    }
    let Some(bytes) = bytes.get(..needed) else {
        return Err(Error::Truncated { needed, got });
    };
    // Built inside each arm (not once, on the stack), so the compiler writes the view
    // straight into the result: this keeps parsing at a few nanoseconds.
    let r = || Record { dialect, bytes };
    let sn_type = head.sn_type();
    let Some(kind) = dialect.kind(sn_type) else {
        return Ok(Notification::Unknown {
            sn_type,
            flags: head.flags(),
            bytes,
        });
    };
    // One match both checks the fixed part and builds the view, so parsing costs one
    // jump on the type.
    let fits = |minimum: usize| {
        if needed < minimum {
            Err(Error::InvalidLength { length, minimum })
        } else {
            Ok(())
        }
    };
    Ok(match kind {
        Kind::AssocChange => {
            fits(assoc_change::MIN_LEN)?;
            Notification::AssocChange(AssocChange(r()))
        }
        Kind::PeerAddrChange => {
            fits(peer_addr_change::MIN_LEN)?;
            peer_addr_change::check(&r())?;
            Notification::PeerAddrChange(PeerAddrChange(r()))
        }
        Kind::RemoteError => {
            fits(crate::remote_error::MIN_LEN)?;
            Notification::RemoteError(RemoteError(r()))
        }
        Kind::SendFailed => {
            fits(send_failed::min_len(dialect))?;
            Notification::SendFailed(SendFailed(r()))
        }
        Kind::SendFailedEvent => {
            fits(crate::send_failed_event::MIN_LEN)?;
            Notification::SendFailedEvent(SendFailedEvent(r()))
        }
        Kind::Shutdown => {
            fits(shutdown::MIN_LEN)?;
            Notification::Shutdown(Shutdown(r()))
        }
        Kind::AdaptationIndication => {
            fits(crate::adaptation::MIN_LEN)?;
            Notification::AdaptationIndication(AdaptationIndication(r()))
        }
        Kind::PartialDelivery => {
            fits(partial_delivery::min_len(dialect))?;
            Notification::PartialDelivery(PartialDelivery(r()))
        }
        Kind::Authentication => {
            fits(crate::authentication::MIN_LEN)?;
            Notification::Authentication(Authentication(r()))
        }
        Kind::SenderDry => {
            fits(shutdown::MIN_LEN)?;
            Notification::SenderDry(SenderDry(r()))
        }
        Kind::StreamReset => {
            fits(reconfig::STREAM_RESET_MIN_LEN)?;
            if (needed - reconfig::STREAM_RESET_MIN_LEN) % 2 != 0 {
                return Err(Error::UnalignedLength { length });
            }
            Notification::StreamReset(StreamReset(r()))
        }
        Kind::AssocReset => {
            fits(reconfig::ASSOC_RESET_MIN_LEN)?;
            Notification::AssocReset(AssocReset(r()))
        }
        Kind::StreamChange => {
            fits(reconfig::STREAM_CHANGE_MIN_LEN)?;
            Notification::StreamChange(StreamChange(r()))
        }
        Kind::NotificationsStopped => {
            fits(shutdown::STOPPED_LEN)?;
            Notification::NotificationsStopped(NotificationsStopped(r()))
        }
    })
}

/// `kind`'s type code in `to`, or the error for a kind `to` lacks.
pub(crate) fn type_code(to: Dialect, kind: Kind) -> Result<u16, Error> {
    to.type_code(kind)
        .ok_or(Error::Unrepresentable { field: "sn_type" })
}

/// Applies the same method to whichever view a notification holds.
macro_rules! each_view {
    ($n:expr, $v:ident => $body:expr, unknown => $unknown:expr) => {
        match $n {
            Notification::AssocChange($v) => $body,
            Notification::PeerAddrChange($v) => $body,
            Notification::RemoteError($v) => $body,
            Notification::SendFailed($v) => $body,
            Notification::SendFailedEvent($v) => $body,
            Notification::Shutdown($v) => $body,
            Notification::AdaptationIndication($v) => $body,
            Notification::PartialDelivery($v) => $body,
            Notification::Authentication($v) => $body,
            Notification::SenderDry($v) => $body,
            Notification::StreamReset($v) => $body,
            Notification::AssocReset($v) => $body,
            Notification::StreamChange($v) => $body,
            Notification::NotificationsStopped($v) => $body,
            Notification::Unknown { .. } => $unknown,
        }
    };
}

impl<'a> Notification<'a> {
    /// The raw `sn_type` code, in the dialect the notification was parsed as.
    pub fn sn_type(&self) -> u16 {
        each_view!(self, v => v.sn_type(), unknown => self.unknown_record().sn_type())
    }

    /// The raw `sn_flags` field.
    pub fn flags(&self) -> u16 {
        each_view!(self, v => v.flags(), unknown => self.unknown_record().flags())
    }

    /// The `sn_length` field: the length of the whole record.
    pub fn length(&self) -> u32 {
        each_view!(self, v => v.length(), unknown => self.unknown_record().length())
    }

    /// The record's bytes, exactly `sn_length` of them.
    pub fn as_bytes(&self) -> &'a [u8] {
        each_view!(self, v => v.as_bytes(), unknown => self.unknown_record().bytes)
    }

    /// The dialect the notification was parsed as, or `None` for
    /// [`Notification::Unknown`].
    pub fn dialect(&self) -> Option<Dialect> {
        each_view!(self, v => Some(v.dialect()), unknown => None)
    }

    /// The notification's fields as `(C field name, value)` pairs, in struct order.
    ///
    /// The names are exactly the C field names of RFC 6458 §6.1 and RFC 6525 §6.1
    /// (`sac_type`, `sac_state`, `spc_aaddr`, `ssfe_info`, `strreset_stream_list`, …),
    /// with the dialect's own extras (FreeBSD's `sinfo_keynumber`), and the values are the
    /// raw numbers of the dialect. Where the two headers order fields differently
    /// (`sctp_pdapi_event`) the RFC's order is used. A
    /// [`Notification::Unknown`] lists `sn_type`, `sn_flags`, `sn_length` and `sn_data`,
    /// the bytes after the header (the one name that is not a C field).
    ///
    /// The iterator allocates nothing.
    ///
    /// # Examples
    ///
    /// ```
    /// use sctp_notify::{parse_as, Dialect, Value};
    ///
    /// let mut b = [0u8; 16];
    /// b[..2].copy_from_slice(&0x8007u16.to_ne_bytes());
    /// b[4..8].copy_from_slice(&16u32.to_ne_bytes());
    /// b[8..12].copy_from_slice(&0x1234u32.to_ne_bytes());
    /// let n = parse_as(Dialect::Linux, &b)?;
    /// let ind = n.fields().find(|(name, _)| *name == "sai_adaptation_ind");
    /// assert_eq!(ind, Some(("sai_adaptation_ind", Value::U32(0x1234))));
    /// # Ok::<(), sctp_notify::Error>(())
    /// ```
    pub fn fields(&self) -> Fields<'a> {
        Fields {
            notification: *self,
            next: 0,
        }
    }

    #[inline]
    pub(crate) fn field(&self, i: usize) -> Option<(&'static str, Value<'a>)> {
        each_view!(self, v => v.field(i), unknown => {
            let r = self.unknown_record();
            Some(match i {
                0 => ("sn_type", Value::U16(r.sn_type())),
                1 => ("sn_flags", Value::U16(r.flags())),
                2 => ("sn_length", Value::U32(r.length())),
                3 => ("sn_data", Value::Bytes(r.tail(HEADER_LEN))),
                _ => return None,
            })
        })
    }

    /// The number of bytes [`emit`](Self::emit) writes for `dialect`.
    ///
    /// # Errors
    ///
    /// As [`emit`](Self::emit), except for [`Error::BufferTooSmall`].
    pub fn emitted_len(&self, dialect: Dialect) -> Result<usize, Error> {
        each_view!(self, v => v.emitted_len(dialect), unknown => Ok(self.unknown_record().bytes.len()))
    }

    /// Writes the notification into the start of `out` as `dialect` lays it out, and
    /// returns the number of bytes written.
    ///
    /// Type codes, state and indication numbers, the send-failed status flags, the
    /// `sockaddr` header, the byte order of Linux's `sre_error` and the struct sizes are
    /// translated; padding is zeroed. Parsing the output as `dialect` gives back the same
    /// field values, so parse → emit → parse is the identity within a dialect.
    /// `Unknown(n)` states are written as the raw `n`, and a [`Notification::Unknown`] is
    /// copied as it is, since its layout is not known.
    ///
    /// # Errors
    ///
    /// - [`Error::BufferTooSmall`] if `out` cannot hold the notification;
    /// - [`Error::Unrepresentable`] if `dialect` lacks the kind (notifications stopped on
    ///   Linux) or a value does not fit (`pdapi_stream` above `u16::MAX` or
    ///   `SCTP_ADDR_POTENTIALLY_FAILED` on FreeBSD, a FreeBSD `sinfo_keynumber` on Linux).
    ///
    /// # Examples
    ///
    /// ```
    /// use sctp_notify::{parse_as, Dialect, Error};
    ///
    /// let mut b = [0u8; 12];
    /// b[..2].copy_from_slice(&0x8005u16.to_ne_bytes());
    /// b[4..8].copy_from_slice(&12u32.to_ne_bytes());
    /// let n = parse_as(Dialect::Linux, &b)?;
    /// let mut out = [0u8; 12];
    /// assert_eq!(n.emit(Dialect::Linux, &mut out), Ok(12));
    /// assert_eq!(out, b);
    /// assert_eq!(
    ///     n.emit(Dialect::Linux, &mut out[..4]),
    ///     Err(Error::BufferTooSmall { needed: 12, got: 4 })
    /// );
    /// # Ok::<(), sctp_notify::Error>(())
    /// ```
    pub fn emit(&self, dialect: Dialect, out: &mut [u8]) -> Result<usize, Error> {
        each_view!(self, v => v.emit(dialect, out), unknown => {
            let bytes = self.unknown_record().bytes;
            let got = out.len();
            let dst = out.get_mut(..bytes.len()).ok_or(Error::BufferTooSmall { needed: bytes.len(), got })?;
            dst.copy_from_slice(bytes);
            Ok(bytes.len())
        })
    }

    /// The record of an `Unknown` notification (whose bytes were checked to hold at least
    /// the header); an empty stand-in for the other variants, which never reach it.
    fn unknown_record(&self) -> Record<'a> {
        match *self {
            Notification::Unknown { bytes, .. } => Record {
                dialect: Dialect::HOST,
                bytes,
            },
            _ => Record {
                dialect: Dialect::HOST,
                bytes: &[0; HEADER_LEN],
            },
        }
    }
}

//! The [`Notification`] enum: parsing, the field listing and emission.

use crate::record::{Record, Writer};
use crate::{
    AdaptationIndication, AssocChange, AssocReset, Authentication, ByteOrder, Dialect, Error,
    Fields, Kind, NotificationsStopped, PartialDelivery, PeerAddrChange, RemoteError, SendFailed,
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

/// Parses one notification laid out as `dialect` lays it out, its fields in the byte
/// order of the machine running this code ([`ByteOrder::HOST`]).
///
/// This is [`parse_with`]`(dialect, ByteOrder::HOST, bytes)`.
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
    parse_with(dialect, ByteOrder::HOST, bytes)
}

/// Parses one notification laid out as `dialect` lays it out, its fields in byte order
/// `order`: for a trace captured on a machine whose byte order differs from this one's.
///
/// The rules and errors are those of [`parse_as`]. The views remember `order`, so their
/// accessors and [`Notification::fields`] decode the capturing machine's values.
///
/// # Examples
///
/// ```
/// use sctp_notify::{parse_with, ByteOrder, Dialect, Notification};
///
/// // A FreeBSD SCTP_ADAPTATION_INDICATION (type 6, length 16) from a big-endian host.
/// let b = [0, 6, 0, 0, 0, 0, 0, 16, 0x01, 0x02, 0x03, 0x04, 0, 0, 0, 9];
/// let Notification::AdaptationIndication(n) = parse_with(Dialect::FreeBsd, ByteOrder::Big, &b)?
/// else {
///     unreachable!()
/// };
/// assert_eq!((n.adaptation_ind(), n.assoc_id()), (0x0102_0304, 9));
/// # Ok::<(), sctp_notify::Error>(())
/// ```
pub fn parse_with(
    dialect: Dialect,
    order: ByteOrder,
    bytes: &[u8],
) -> Result<Notification<'_>, Error> {
    let got = bytes.len();
    let Some(header) = bytes.get(..HEADER_LEN) else {
        return Err(Error::Truncated {
            needed: HEADER_LEN,
            got,
        });
    };
    let head = Record {
        dialect,
        order,
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
    let r = || Record {
        dialect,
        order,
        bytes,
    };
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
        each_view!(self, v => v.sn_type(), unknown => match *self {
            Notification::Unknown { sn_type, .. } => sn_type,
            _ => 0,
        })
    }

    /// The raw `sn_flags` field.
    pub fn flags(&self) -> u16 {
        each_view!(self, v => v.flags(), unknown => match *self {
            Notification::Unknown { flags, .. } => flags,
            _ => 0,
        })
    }

    /// The `sn_length` field: the length of the whole record.
    pub fn length(&self) -> u32 {
        // An Unknown record is exactly `sn_length` bytes long (and parsing checked that
        // the length fits a u32), so its length needs no byte order.
        each_view!(self, v => v.length(), unknown => self.as_bytes().len() as u32)
    }

    /// The record's bytes, exactly `sn_length` of them.
    pub fn as_bytes(&self) -> &'a [u8] {
        each_view!(self, v => v.as_bytes(), unknown => match *self {
            Notification::Unknown { bytes, .. } => bytes,
            _ => &[],
        })
    }

    /// The dialect the notification was parsed as, or `None` for
    /// [`Notification::Unknown`].
    pub fn dialect(&self) -> Option<Dialect> {
        each_view!(self, v => Some(v.dialect()), unknown => None)
    }

    /// The byte order the notification was parsed in, or `None` for
    /// [`Notification::Unknown`].
    pub fn byte_order(&self) -> Option<ByteOrder> {
        each_view!(self, v => Some(v.byte_order()), unknown => None)
    }

    /// The notification's fields as `(name, value)` pairs.
    ///
    /// Every kind begins with the common header of `struct sctp_tlv` (RFC 6458 §6.1.11)
    /// under its C names, `sn_type`, `sn_flags` and `sn_length`: the key a reader switches
    /// on has the same name whatever the kind, as in the dictionaries of Python's `_sctp`
    /// module (`parse_notification`). The kind's own fields follow in struct order under
    /// their C names of RFC 6458 §6.1 and RFC 6525 §6.1 (`sac_state`, `spc_aaddr`,
    /// `ssfe_info`, `strreset_stream_list`, …), with the dialect's own extras (FreeBSD's
    /// `sinfo_keynumber`). The kind's aliases of the header (`sac_type`, `sac_flags`,
    /// `sac_length`, …) are not listed again: they are the same three fields. Where the
    /// two headers order fields differently (`sctp_pdapi_event`) the RFC's order is used.
    /// A [`Notification::Unknown`] lists the header and `sn_data`, the bytes after the
    /// header (the one name that is not a C field).
    ///
    /// Values are the raw numbers of the dialect. The iterator allocates nothing.
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
    /// let names: Vec<&str> = n.fields().map(|(name, _)| name).collect();
    /// assert_eq!(names, ["sn_type", "sn_flags", "sn_length", "sai_adaptation_ind", "sai_assoc_id"]);
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
        Some(match i {
            0 => ("sn_type", Value::U16(self.sn_type())),
            1 => ("sn_flags", Value::U16(self.flags())),
            2 => ("sn_length", Value::U32(self.length())),
            _ => {
                let i = i - 3;
                return each_view!(self, v => v.field(i), unknown => match i {
                    0 => Some(("sn_data", Value::Bytes(self.as_bytes().split_at(HEADER_LEN).1))),
                    _ => None,
                });
            }
        })
    }

    /// The number of bytes [`emit`](Self::emit) and [`emit_with`](Self::emit_with) write
    /// for `dialect`.
    ///
    /// It fails exactly when they fail for a reason other than the size of their buffer,
    /// with the same error: they call it first.
    ///
    /// # Errors
    ///
    /// As [`emit`](Self::emit), except for [`Error::BufferTooSmall`].
    ///
    /// # Examples
    ///
    /// ```
    /// use sctp_notify::{parse_as, Dialect, Error};
    ///
    /// // FreeBSD's SCTP_NOTIFICATIONS_STOPPED_EVENT has no Linux counterpart.
    /// let mut b = [0u8; 8];
    /// b[..2].copy_from_slice(&0x000bu16.to_ne_bytes());
    /// b[4..8].copy_from_slice(&8u32.to_ne_bytes());
    /// let n = parse_as(Dialect::FreeBsd, &b)?;
    /// assert_eq!(n.emitted_len(Dialect::FreeBsd), Ok(8));
    /// let refused = Err(Error::Unrepresentable { field: "sn_type" });
    /// assert_eq!(n.emitted_len(Dialect::Linux), refused);
    /// assert_eq!(n.emit(Dialect::Linux, &mut [0; 64]), refused);
    /// # Ok::<(), sctp_notify::Error>(())
    /// ```
    pub fn emitted_len(&self, dialect: Dialect) -> Result<usize, Error> {
        each_view!(self, v => v.emitted_len(dialect), unknown => Ok(self.as_bytes().len()))
    }

    /// Writes the notification into the start of `out` as `dialect` lays it out, in the
    /// byte order of the machine running this code, and returns the number of bytes
    /// written.
    ///
    /// This is [`emit_with`](Self::emit_with)`(dialect, ByteOrder::HOST, out)`.
    ///
    /// # Errors
    ///
    /// As [`emit_with`](Self::emit_with).
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
        self.emit_with(dialect, ByteOrder::HOST, out)
    }

    /// Writes the notification into the start of `out` as `dialect` lays it out, its
    /// fields in byte order `order`, and returns the number of bytes written.
    ///
    /// Type codes, state and indication numbers, the send-failed status flags, the
    /// `sockaddr` header, the byte order of every field (Linux's `sre_error` stays in
    /// network order) and the struct sizes are translated; padding is zeroed. Parsing the
    /// output with the same dialect and order gives back the same field values, so parse
    /// → emit → parse is the identity within a dialect, with one normalisation:
    ///
    /// - A kind of fixed size (all but assoc change, remote error, the two send-failed
    ///   kinds and stream reset, whose variable part runs to `sn_length`) is written at
    ///   its struct size in `dialect`. Bytes a record carries past its fixed part are in
    ///   no field and no accessor reads them, so they are not written, and `sn_length`
    ///   becomes the struct size (FreeBSD's 152-byte `sctp_paddr_change` given as 148
    ///   bytes also comes back as 152). Records as kernels write them are struct-sized,
    ///   and for them the identity holds byte for byte.
    ///
    /// `Unknown(n)` states are written as the raw `n`. A [`Notification::Unknown`] gets
    /// its header written in `order` and the rest copied as it is, since its layout is
    /// not known.
    ///
    /// # Errors
    ///
    /// - [`Error::Unrepresentable`] if `dialect` lacks the kind (notifications stopped on
    ///   Linux) or a value does not fit (`pdapi_stream` or `pdapi_seq` above `u16::MAX`
    ///   or `SCTP_ADDR_POTENTIALLY_FAILED` on FreeBSD or usrsctp, a `sinfo_keynumber` on
    ///   Linux), whatever the size of `out`: [`emitted_len`](Self::emitted_len) gives the
    ///   same error;
    /// - [`Error::BufferTooSmall`] if `out` cannot hold the notification.
    ///
    /// # Examples
    ///
    /// ```
    /// use sctp_notify::{parse_as, parse_with, ByteOrder, Dialect, Notification};
    ///
    /// // A Linux SCTP_SENDER_DRY_EVENT for association 5, rewritten for a big-endian host.
    /// let mut b = [0u8; 12];
    /// b[..2].copy_from_slice(&0x8009u16.to_ne_bytes());
    /// b[4..8].copy_from_slice(&12u32.to_ne_bytes());
    /// b[8..].copy_from_slice(&5i32.to_ne_bytes());
    /// let n = parse_as(Dialect::Linux, &b)?;
    /// let mut out = [0u8; 12];
    /// assert_eq!(n.emit_with(Dialect::Linux, ByteOrder::Big, &mut out), Ok(12));
    /// assert_eq!(out, [0x80, 0x09, 0, 0, 0, 0, 0, 12, 0, 0, 0, 5]);
    /// let back = parse_with(Dialect::Linux, ByteOrder::Big, &out)?;
    /// assert!(back.fields().eq(n.fields()));
    /// # Ok::<(), sctp_notify::Error>(())
    /// ```
    pub fn emit_with(
        &self,
        dialect: Dialect,
        order: ByteOrder,
        out: &mut [u8],
    ) -> Result<usize, Error> {
        // First, so that emit refuses exactly what emitted_len refuses.
        let needed = self.emitted_len(dialect)?;
        let got = out.len();
        let out = out
            .get_mut(..needed)
            .ok_or(Error::BufferTooSmall { needed, got })?;
        each_view!(self, v => v.emit(dialect, order, out), unknown => {
            let bytes = self.as_bytes();
            out.copy_from_slice(bytes);
            // The header's layout is known: rewrite it in `order` (the Writer zeroes and
            // writes the 8 header bytes with an 8-byte length, which is then corrected).
            let mut w = Writer::new(out, order, HEADER_LEN, self.sn_type(), self.flags())?;
            w.u32(4, self.length());
            Ok(needed)
        })
    }
}

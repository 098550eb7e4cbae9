//! A `no_std`, zero-copy, panic-free parser and emitter of SCTP notifications
//! (RFC 6458 §6.1, RFC 6525 §6.1), for the Linux and the FreeBSD layouts on any host.
//!
//! A socket subscribed to SCTP events receives notifications as messages flagged
//! `MSG_NOTIFICATION`. [`parse`] reads one in the layout of the host's kernel, and
//! [`parse_as`] in a chosen [`Dialect`] — so a trace captured on FreeBSD can be decoded on
//! Linux and the other way round — and [`parse_with`] in a chosen dialect and
//! [`ByteOrder`], for a trace captured on a machine of the other byte order.
//!
//! ```
//! use sctp_notify::{parse_as, AssocState, Dialect, Notification};
//!
//! // What a Linux kernel delivers when association 1 comes up with 10/10 streams.
//! let mut bytes = [0u8; 20];
//! bytes[..2].copy_from_slice(&0x8001u16.to_ne_bytes()); // SCTP_ASSOC_CHANGE
//! bytes[4..8].copy_from_slice(&20u32.to_ne_bytes()); // sac_length
//! bytes[12..14].copy_from_slice(&10u16.to_ne_bytes()); // sac_outbound_streams
//! bytes[14..16].copy_from_slice(&10u16.to_ne_bytes()); // sac_inbound_streams
//! bytes[16..20].copy_from_slice(&1i32.to_ne_bytes()); // sac_assoc_id
//!
//! match parse_as(Dialect::Linux, &bytes)? {
//!     Notification::AssocChange(change) if change.state() == AssocState::CommUp => {
//!         assert_eq!(change.assoc_id(), 1);
//!     }
//!     other => panic!("unexpected {other:?}"),
//! }
//! # Ok::<(), sctp_notify::Error>(())
//! ```
//!
//! # Design
//!
//! - Every notification kind has a view type borrowing the input (zero-copy, nothing is
//!   allocated). Its accessors are named for what the field means (`state()`,
//!   `assoc_id()`, `address()`, `abort_chunk()`, `unsent_data()`) and return enums with
//!   an `Unknown(n)` arm where the C field is an enumeration.
//! - [`Notification::fields`] lists the `(C field name, value)` pairs, for analyzers:
//!   `sn_type`, `sn_flags`, `sn_length` for every kind, then the kind's own fields.
//! - [`Notification::emit`] and [`Notification::emit_with`] write a notification back in
//!   either dialect and byte order; [`Notification::emitted_len`] gives the length they
//!   write, and fails exactly when they do.
//! - Fields are read in the byte order of the machine running the code, as the kernel
//!   wrote them on it, unless [`parse_with`] names another.
//! - The crate's binary, `sctp-notify-decode`, turns captured notifications (hex or raw
//!   bytes, either byte order) into JSON lines; see the crate's README.
//!
//! # No panics
//!
//! [`parse_as`] checks that the buffer holds the header, that it holds `sn_length` bytes,
//! and that `sn_length` covers the fixed part of the kind in the dialect (plus the
//! address family and the stream list's alignment where they apply). Views can only be
//! made by parsing, and every accessor reads inside the fixed part or slices from its
//! end, so after parsing succeeds no accessor panics. Arbitrary input gives `Ok` or a
//! typed [`Error`], never a panic; this is checked by property tests.
//!
//! # Platform-specific behavior
//!
//! The layouts differ between the two kernels and usrsctp; the table in [`Dialect`] lists every
//! difference, and each view's documentation the ones that concern it. What a real Linux
//! kernel puts into the fields — checked by this crate's kernel test, which makes Linux
//! 6.1 and 6.12 emit every kind of notification they have and compares every field with
//! what the test set up — is documented on each view: [`AssocChange`] (`sac_error` in
//! network byte order, `sac_info` after an ABORT and on `SCTP_COMM_UP`), [`RemoteError`]
//! (`sre_error` in network byte order), [`PeerAddrChange`], [`SendFailed`] and
//! [`SendFailedEvent`] (chunk flags in `snd_flags`, one notification per fragment),
//! [`PartialDelivery`] and [`StreamChange`] (deltas, not totals).
#![no_std]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]

mod adaptation;
mod assoc_change;
mod authentication;
mod byte_order;
mod dialect;
mod error;
mod fields;
mod notification;
mod partial_delivery;
mod peer_addr_change;
mod reconfig;
mod record;
mod remote_error;
mod send_failed;
mod send_failed_event;
mod shutdown;

pub use adaptation::AdaptationIndication;
pub use assoc_change::{AssocChange, AssocState, Feature};
pub use authentication::{AuthIndication, Authentication};
pub use byte_order::{ByteOrder, UnknownByteOrder};
pub(crate) use dialect::Kind;
pub use dialect::{Dialect, UnknownDialect};
pub use error::Error;
pub use fields::{Fields, Value};
pub use notification::{Notification, parse_as, parse_with};
pub use partial_delivery::{PartialDelivery, PartialDeliveryIndication};
pub use peer_addr_change::{PeerAddrChange, PeerAddrState};
pub use reconfig::{AssocReset, StreamChange, StreamList, StreamReset};
pub use remote_error::{RemoteError, error_cause_name};
pub use send_failed::{SendFailed, SndRcvInfo};
pub use send_failed_event::{DataStatus, SendFailedEvent, SndInfo};
pub use shutdown::{NotificationsStopped, SenderDry, Shutdown};

/// Parses one notification in the layout of the host's kernel ([`Dialect::HOST`]).
///
/// This is what a program does with the bytes of a message that `recvmsg` flagged
/// `MSG_NOTIFICATION`. See [`parse_as`] for the rules and errors.
///
/// # Examples
///
/// ```
/// use sctp_notify::{parse, Error};
///
/// assert_eq!(parse(&[]), Err(Error::Truncated { needed: 8, got: 0 }));
/// ```
pub fn parse(bytes: &[u8]) -> Result<Notification<'_>, Error> {
    parse_as(Dialect::HOST, bytes)
}

/// The README's example, compiled with the doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

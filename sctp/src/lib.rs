//! SCTP sockets for Rust (RFC 9260, sockets API of RFC 6458).
//!
//! SCTP carries *messages* (not a byte stream) over *associations* between multi-homed
//! endpoints, on several independent *streams* per association, with a *payload protocol
//! identifier* (ppid) on every message. This crate gives the kernel's SCTP sockets a std-like
//! shape and keeps all of that visible.
//!
//! # Which socket style?
//!
//! - **One-to-one** ([`SctpListener`], [`SctpStream`]; `SOCK_STREAM`): one socket per
//!   association, like TCP. Pick it for client/server code that handles each peer in its own
//!   thread or task, or when porting TCP code: [`SctpStream`] implements [`std::io::Read`] and
//!   [`std::io::Write`].
//! - **One-to-many** ([`SctpSocket`]; `SOCK_SEQPACKET`): one socket for every association, each
//!   named by an [`AssocId`]; associations come up by [`SctpSocket::connect`], by sending to a
//!   new peer ([`SctpSocket::send_to`]) or from peers once listening. Pick it for servers with
//!   many peers served by one loop, or signalling gateways. [`SctpSocket::peeloff`] moves one
//!   association to its own [`SctpStream`] when it needs separate handling.
//!
//! [`SctpBuilder`] configures either style before it binds or connects (stream counts, event
//! subscriptions, buffer sizes).
//!
//! # Sending and receiving
//!
//! `send(data, &SendInfo)` sends one message; [`SendInfo`] carries the stream, ppid, flags
//! ([`SendFlags`]: unordered, end-of-file, abort, ...), context, association and optional
//! PR-SCTP policy ([`PrPolicy`]) and AUTH key. Each send is one `sendmsg` call with the metadata
//! in control messages built on the stack; nothing is allocated.
//!
//! `recv(&mut buf)` receives into *your* buffer and returns a [`Received`] that borrows it:
//! either [`Received::Data`] with a [`Message`] (payload slice, [`RcvInfo`], [`NxtInfo`] when
//! enabled, sender address, completeness) or [`Received::Notification`]. One `recvmsg` call,
//! nothing allocated.
//!
//! # How notifications arrive
//!
//! Notifications (association up/down, peer address changes, send failures, shutdown, ...;
//! RFC 6458 §6) are off until you subscribe with `subscribe(&[Event])` (or
//! [`SctpBuilder::subscribe`], which also catches the first association-up). They then arrive
//! through `recv`, in order with the data, as [`Received::Notification`]: a
//! [`sctp_notify::Notification`] parsed in place, whose `fields()` lists every field under its
//! C name. They never appear as data, and [`std::io::Read`] on [`SctpStream`] skips them.
//!
//! # Payload protocol identifier byte order
//!
//! Give the ppid in host order: `SendInfo::new().with_ppid(46)` puts 46 on the wire (as
//! `00 00 00 2e`, the way the peer and a packet capture show it), and a received 46 reads as 46
//! in [`RcvInfo::ppid`]. The kernel copies the field opaquely, so code using the C API has to
//! convert to and from network order itself — a frequent source of "ppid 771751936" reports;
//! this crate does the conversion for you.
//!
//! # Partial messages
//!
//! A message longer than the buffer given to `recv` is delivered in parts: each part is a
//! [`Message`] with [`Message::is_complete`] `false` except the last, and the following `recv`
//! calls return the rest of the same message before anything else of that association. Nothing
//! is dropped silently. A notification that does not fit the buffer is read out and reported as
//! [`Error::NotificationTruncated`]; a buffer of 64 KiB fits any of them.
//!
//! # Async
//!
//! With the `tokio` feature, `sctp::tokio::{SctpListener, SctpStream, SctpSocket}` do the same
//! on tokio's `AsyncFd`: `accept`, `connect`, `send` and
//! `recv` are `async`, the metadata and the caller's buffer stay the same.
//!
//! # Socket options
//!
//! Every SCTP socket option Linux has (RFC 6458 §8, stream reconfiguration, AUTH, PR-SCTP,
//! interleaving, path thresholds, UDP encapsulation, PLPMTUD) is a typed getter/setter pair on
//! all three socket types, per association where the option is; the table in [`options`] maps
//! each C option to its methods, its RFC section and its availability.
//!
//! # Errors
//!
//! Plain system calls return [`std::io::Result`]; calls that validate input or decode kernel
//! data return [`Error`], which converts into [`std::io::Error`] so `?` works in either kind of
//! function.
//!
//! # Example
//!
//! ```no_run
//! use sctp::{Received, SctpListener, SctpStream, SendInfo};
//!
//! let listener = SctpListener::bind("127.0.0.1:0".parse().unwrap())?;
//! let client = SctpStream::connect(listener.local_addr()?)?;
//! let (server, _) = listener.accept()?;
//!
//! client.send(b"hello", &SendInfo::new().with_stream(0).with_ppid(46))?;
//! let mut buf = [0u8; 1024];
//! if let Received::Data(msg) = server.recv(&mut buf)? {
//!     assert_eq!(msg.data(), b"hello");
//!     assert_eq!(msg.ppid(), 46);
//! }
//! # Ok::<(), sctp::Error>(())
//! ```
//!
//! # Platform-specific behavior
//!
//! Linux (lksctp) is supported. The kernel needs the `sctp` module. Programs built on this
//! crate do not need lksctp-tools' `libsctp.so` at run time: the few calls libsctp would make
//! (`sctp_bindx`, `sctp_connectx`, the address lists) are made through the kernel's socket
//! options directly. Building needs lksctp-tools' header (`libsctp-dev`) for the bindings.
//!
//! FreeBSD is supported too (`kldload sctp`): the crate compiles there against FreeBSD's own
//! headers, and its FreeBSD system layer is type-checked in CI but not run (no FreeBSD machine
//! is available to CI). Options the FreeBSD stack lacks return
//! [`Error::UnsupportedOption`]; the [`options`] table has a FreeBSD column. Other systems are a
//! compile error.

mod assoc_id;
mod builder;
mod common;
mod error;
mod event;
mod fd;
mod incoming;
mod init_params;
mod listener;
mod message;
mod nxt_info;
pub mod options;
mod pr_policy;
mod rcv_info;
mod received;
mod send_flags;
mod send_info;
mod socket;
mod stream;
mod sys;
#[cfg(feature = "tokio")]
pub mod tokio;

pub use assoc_id::AssocId;
pub use builder::SctpBuilder;
pub use error::Error;
pub use event::Event;
pub use incoming::Incoming;
pub use init_params::InitParams;
pub use listener::SctpListener;
pub use message::Message;
pub use nxt_info::NxtInfo;
pub use options::*;
pub use pr_policy::PrPolicy;
pub use rcv_info::RcvInfo;
pub use received::Received;
pub use send_flags::SendFlags;
pub use send_info::SendInfo;
pub use socket::SctpSocket;
pub use stream::SctpStream;

/// The notification types of [`Received::Notification`], re-exported from `sctp-notify`.
pub use sctp_notify as notify;

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
//! With the `tokio` feature (whose module `sctp::tokio` documents all of this in detail),
//! `tokio::SctpListener`, `tokio::SctpStream` and `tokio::SctpSocket` are the same sockets on
//! tokio's `AsyncFd`: `accept`, `connect`, `send`, `recv` (and `peek`, `send_to`,
//! `send_vectored`) are `async`, the metadata and the caller's buffer stay the same.
//!
//! - **Configure, then connect or listen**: `SctpBuilder::connect_async`,
//!   `SctpBuilder::listener_async` and `SctpBuilder::one_to_many_async` apply stream counts,
//!   subscriptions, `SCTP_NODELAY`, buffer sizes and local addresses before the handshake — the
//!   shape of `tokio::net::TcpSocket`. A client subscribed this way receives the `COMM_UP` of its
//!   own association first.
//! - **Cost**: each call makes the system call first and waits for readiness only when the
//!   kernel says `WouldBlock`, as tokio's own sockets do; nothing is allocated per message
//!   (BENCHMARKS.md has the instruction counts against the blocking sockets).
//! - **Hand-driven IO**: `readable()`/`writable()` with `try_recv`/`try_send`, and
//!   `poll_recv`/`poll_send`/`poll_*_ready` for hand-written futures; `AsyncRead`/`AsyncWrite`
//!   on `tokio::SctpStream` and `&tokio::SctpStream` for byte-oriented code (codecs,
//!   `tokio::io::copy`).
//! - **Sharing**: every method takes `&self`; share a socket between tasks with an `Arc` (one
//!   task sending while another receives, or many senders on one one-to-many socket). There is
//!   no `split`: with one whole message per call, halves would add nothing to the `Arc`.
//! - **Conversions**: `from_std`/`into_std` (and `TryFrom`), `AsFd`/`AsRawFd` on every type;
//!   `get_ref` reaches the blocking type's options and address lists.
//!
//! ## Cancel safety
//!
//! `recv`, `peek`, `accept`, `send`, `send_to`, `send_vectored`, `readable` and `writable` are
//! cancel safe: a message (or association) moves between the kernel and the caller only in the
//! poll that returns it, so a future dropped in a `tokio::select!` loses nothing. The connects
//! (`SctpBuilder::connect_async`, `tokio::SctpStream::connect`) are not: dropping the future
//! closes the socket and aborts the association being set up. The `AsyncReadExt`/
//! `AsyncWriteExt` combinators that read or write several times (`read_exact`, `write_all`)
//! are not cancel safe, as with any tokio IO type. The `tokio` module docs have the full table.
//!
//! # Porting TCP code
//!
//! The blocking types take what std's take: addresses as
//! [`ToSocketAddrs`](std::net::ToSocketAddrs) ([`SctpStream::connect`], [`SctpListener::bind`],
//! [`SctpSocket::bind`]), [`SctpStream::connect_timeout`], [`SctpStream::shutdown`] with
//! [`std::net::Shutdown`] (its meaning for an association is documented there: SCTP has no
//! half-closed state), `peek`, `send_vectored`, `try_clone`, read and write timeouts and buffer
//! sizes. [`SctpStream`]'s [`std::io::Write`] keeps the `io::Write` contract on a message
//! transport: at most one message per call, `Ok(0)` for an empty buffer, a buffer longer than
//! the send buffer sent in parts, on the stream and ppid of [`SctpStream::set_write_info`].
//!
//! # Socket options
//!
//! Every SCTP socket option Linux has (RFC 6458 §8, stream reconfiguration, AUTH, PR-SCTP,
//! interleaving, path thresholds, UDP encapsulation, PLPMTUD) is a typed getter/setter pair on
//! all three socket types, per association where the option is; the table in [`options`] maps
//! each C option to its methods, its RFC section and its availability.
//!
//! # Without kernel SCTP
//!
//! With the `userland` feature, the `userland` module offers `SctpListener`, `SctpStream`,
//! `SctpSocket` and `SctpBuilder` of the same shape on usrsctp, FreeBSD's SCTP stack as a
//! library, carrying SCTP over UDP (RFC 6951): for hosts whose kernel has no SCTP, and for
//! talking to kernel SCTP peers over UDP. The message, metadata and notification types are the
//! ones of this crate, so switching stacks is the `use` line. With the `tokio` feature too,
//! `userland::tokio` has the async sockets of `sctp::tokio`'s shape, woken by usrsctp's upcalls.
//! Its module documentation has the table of what usrsctp lacks.
//!
//! # Errors
//!
//! One rule decides the error type of every method:
//!
//! - A method that is a std socket method by name, signature and meaning returns
//!   [`std::io::Result`], as std's does, so code written against `TcpListener`/`TcpStream`
//!   (or socket2's and tokio's equivalents) keeps compiling: `accept`, `incoming`, `listen`,
//!   `local_addr`, `peer_addr`, `shutdown` of a one-to-one stream, `set_nonblocking`/
//!   `nonblocking`, the read and write timeouts, `connect_timeout`, the socket buffer sizes
//!   (socket2's and tokio's `set_send_buffer_size`, …), `take_error`, `try_clone`, the tokio
//!   types' `from_std`, `readable`/`writable` and `poll_*_ready`, and the
//!   [`std::io::Read`]/[`std::io::Write`] impls.
//! - Every other fallible method — association setup (`bind`, `bind_multi`, `connect`, the
//!   builder), `send`/`recv`, address lists, subscriptions, peel-off, abort, and every socket
//!   option — returns `Result<T, `[`Error`]`>`, whether the failure is a system call's
//!   ([`Error::Io`]) or this crate's own finding (an invalid argument, undecodable kernel data,
//!   an option the kernel lacks).
//!
//! [`Error`] converts into [`std::io::Error`] (keeping itself reachable through
//! [`std::io::Error::get_ref`]), so `?` works in functions returning either type.
//!
//! # Values the kernel may grow
//!
//! The option and information structs ([`RtoInfo`], [`PeerAddrParams`], [`AssocStatus`],
//! [`RcvInfo`], [`SendInfo`], …) mirror C structs that kernels extend over time, so they are
//! `#[non_exhaustive]`: their fields stay public to read and assign, and values are made with
//! their constructors (`new`, `with_*`) or taken from a getter and changed, so a field added
//! later is not a breaking change.
//!
//! # Example
//!
//! ```no_run
//! use sctp::{Received, SctpListener, SctpStream, SendInfo};
//!
//! let listener = SctpListener::bind("127.0.0.1:0")?;
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
//!
//! # Cargo features
//!
//! - `tokio`: the async sockets of `sctp::tokio` (marked on docs.rs).
//! - `bundled-bindings`: build `sctp-sockets-sys` from its committed bindings instead of running
//!   bindgen, for build machines without libclang (that crate's docs say which targets have them).
#![cfg_attr(docsrs, feature(doc_cfg))]

mod assoc_id;
mod batch;
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
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
pub mod tokio;
#[cfg(feature = "userland")]
pub mod userland;

pub use assoc_id::AssocId;
pub use batch::{Iter as RecvBatchIter, MAX_BATCH, RecvBatch};
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

/// The README's example, compiled with the doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

//! The same sockets on a userland SCTP stack: usrsctp, FreeBSD's SCTP compiled as a library,
//! carrying SCTP over UDP (RFC 6951). For hosts whose kernel has no SCTP — macOS, Windows,
//! containers, CI runners — and to talk to kernel SCTP peers over UDP.
//!
//! # One visible choice
//!
//! [`SctpListener`], [`SctpStream`], [`SctpSocket`] and [`SctpBuilder`] here have the methods of
//! the kernel types of the same names that usrsctp can back, with the same signatures and the
//! same message types: [`SendInfo`], [`Received`],
//! [`Message`], [`RcvInfo`](crate::RcvInfo), [`NxtInfo`](crate::NxtInfo),
//! [`Event`], [`AssocId`] and [`Error`].
//! Notifications are the same [`sctp_notify::Notification`] values, decoded with the usrsctp
//! dialect ([`sctp_notify::Dialect::Usrsctp`]); states read the same
//! (`AssocState::CommUp` on both stacks). So moving a program between the stacks is the `use`
//! line:
//!
//! ```no_run
//! // use sctp::{SctpListener, SctpStream};          // kernel SCTP
//! use sctp::userland::{SctpListener, SctpStream};   // usrsctp over UDP
//! use sctp::{Received, SendInfo};
//!
//! let listener = SctpListener::bind("127.0.0.1:5000")?;
//! let client = SctpStream::connect("127.0.0.1:5000")?;
//! let (server, _) = listener.accept()?;
//! client.send(b"hello", &SendInfo::new().with_stream(1).with_ppid(46))?;
//! let mut buf = [0u8; 1024];
//! if let Received::Data(msg) = server.recv(&mut buf)? {
//!     assert_eq!((msg.data(), msg.stream(), msg.ppid()), (&b"hello"[..], 1, 46));
//! }
//! # Ok::<(), sctp::Error>(())
//! ```
//!
//! The crate's examples do exactly this, chosen by the `userland-examples` feature
//! (`cargo xtask demo --userland`).
//!
//! # The stack and its UDP ports
//!
//! usrsctp runs once per process ([`Stack`]): one UDP port it sends from and receives on, and
//! its own threads. The first socket starts it (port from `SCTP_USERLAND_UDP_PORT`, default
//! 9899), or [`Stack::start`] does so explicitly; it stops when the last socket and handle are
//! gone. Each association needs the UDP port of its peer's stack
//! (`SCTP_REMOTE_UDP_ENCAPS_PORT`): new sockets use [`Stack::remote_udp_port`]
//! (`SCTP_USERLAND_REMOTE_UDP_PORT`, default the stack's own port), and
//! [`SctpBuilder::remote_udp_port`] or `set_remote_udp_port` change it per socket. A server
//! answers each peer on the port the peer's packets came from.
//!
//! Talking to Linux kernel SCTP (≥ 5.11): the kernel listens on `net.sctp.udp_port` and sends
//! to `net.sctp.encap_port`. Start the stack on the kernel's `encap_port` and give the kernel's
//! `udp_port` as the remote port; the kernel's sockets are ordinary SCTP sockets.
//!
//! # Threads, blocking and timeouts
//!
//! Sockets are `Send` and `Sync`; usrsctp locks each socket internally, so one thread may
//! receive while another sends, as with kernel sockets. Several threads may also receive on one
//! socket at once: usrsctp's receive path is not safe for concurrent receivers (it corrupts the
//! socket's queue), so the backend lets one receive into usrsctp at a time and the others wait
//! their turn.
//!
//! Blocking calls block in usrsctp; with a read or write timeout set, a call is tried without
//! blocking and then waits for usrsctp's upcall (its readiness callback) until the deadline,
//! failing with [`std::io::ErrorKind::WouldBlock`] as `SO_RCVTIMEO` does. A vanished peer ends
//! blocked calls when usrsctp gives the association up (retransmission limit): a socket
//! subscribed to association changes receives `COMM_LOST` (RFC 6458 §6.1.1), a blocked send
//! fails (`ECONNRESET` or `ECONNABORTED`), or the timeout ends the wait first.
//!
//! Async: with the `tokio` feature, `sctp::userland::tokio` has the async sockets. usrsctp's
//! upcall, which wakes the blocking calls above, also wakes the tasks waiting on a socket, so
//! they need no descriptor and no reactor; each call is made without blocking first and waits
//! only when usrsctp says `WouldBlock`, as in `sctp::tokio`.
//!
//! # What usrsctp lacks
//!
//! | Feature | Kernel types | Here |
//! |---|---|---|
//! | streams, ppid, unordered, context, `SendFlags` | yes | yes (flags translated to FreeBSD's values) |
//! | PR-SCTP (`PrPolicy`) | TTL, RTX, priority | TTL, RTX; priority as FreeBSD's buffer policy (`SCTP_PR_SCTP_BUF`) |
//! | AUTH key per message | yes | yes (`SCTP_SENDV_AUTHINFO`) |
//! | notifications (`subscribe`) | every `Event` | every `Event` |
//! | `RcvInfo`, `NxtInfo`, partial delivery | yes | yes |
//! | one-to-one, one-to-many, `peeloff` | yes | yes |
//! | multi-homing (`bind_multi`, `connect_multi`) | yes | yes (usrsctp's own address list) |
//! | nonblocking mode, read/write timeouts | yes | yes |
//! | `local_addr` | `getsockname` | first of `usrsctp_getladdrs` |
//! | `reuse_address` | `SO_REUSEADDR` | accepted, no effect (usrsctp keeps no TIME-WAIT) |
//! | typed socket options ([`crate::options`]) | every option | every option `usrsctp.h` defines, same methods; the differences are below |
//! | `set_primary`, `set_peer_primary` | yes | yes |
//! | `abort` on one-to-one | zero linger time and close (Linux refuses `SCTP_ABORT` there) | the `SCTP_ABORT` send flag, then the close |
//! | file descriptor traits (`AsFd`, …), `try_clone` | yes | no: usrsctp sockets are not descriptors |
//! | tokio | `sctp::tokio` | `userland::tokio` (upcall-driven; no `peek` or `send_vectored`) |
//! | `send_batch`/`recv_batch` ([`RecvBatch`](crate::RecvBatch)) | `sendmmsg`/`recvmmsg`: one system call per batch | one usrsctp call per message, same results (no system call to save: offered for the same API) |
//!
//! What is offered but refused by usrsctp at run time comes back as the call's
//! [`Error::Io`]; features this module knows usrsctp lacks are
//! [`Error::Unsupported`], options it lacks [`Error::UnsupportedOption`].
//!
//! ## Socket options
//!
//! The userland sockets have every option method of the kernel sockets, generated from the
//! same list (see [`crate::options`]), with the same names, arguments, value types and checks
//! ([`Error::InvalidOptionValue`] before any call for values known bad). usrsctp is FreeBSD's
//! stack, so the option numbers and structs are FreeBSD's, translated to the crate's values.
//!
//! ```no_run
//! use std::time::Duration;
//! use sctp::userland::SctpStream;
//! use sctp::{AssocState, DelayedSack, RtoInfo};
//!
//! let stream = SctpStream::connect("127.0.0.1:5000")?;
//! stream.set_rto_info(&RtoInfo::new(
//!     Duration::from_millis(500),
//!     Duration::from_secs(5),
//!     Duration::from_millis(200),
//! ))?;
//! stream.set_delayed_sack(DelayedSack::new(Duration::from_millis(20), 2))?;
//! let status = stream.status()?;
//! assert_eq!(status.state, AssocState::Established);
//! println!("{} streams out, primary path {:?}", status.out_streams, status.primary);
//! # Ok::<(), sctp::Error>(())
//! ```
//!
//! Where the stacks differ:
//!
//! | Option | Here |
//! |---|---|
//! | `SCTP_DEFAULT_SEND_PARAM`, `SCTP_PEER_ADDR_THLDS`, `SCTP_GET_ASSOC_STATS`, `SCTP_INTERLEAVING_SUPPORTED`, `SCTP_EXPOSE_POTENTIALLY_FAILED_STATE`, `SCTP_PLPMTUD_PROBE_INTERVAL` | [`Error::UnsupportedOption`] (not in `usrsctp.h`), without a call |
//! | `SCTP_PEER_ADDR_PARAMS` | no per-path SACK delay: `sack_delay` reads zero, setting one (or its flags) is [`Error::InvalidOptionValue`]; use `set_delayed_sack` |
//! | `SCTP_STATUS`, `SCTP_GET_PEER_ADDR_INFO` | FreeBSD's states, read as the same [`AssocState`](crate::AssocState) / [`PeerAddrState`](crate::PeerAddrState) values; no potentially-failed path state |
//! | `SCTP_STREAM_SCHEDULER(_VALUE)` | `SCTP_PLUGGABLE_SS` / `SCTP_SS_VALUE` with FreeBSD's schedulers; Linux's fair capacity and weighted fair queueing are [`Error::InvalidOptionValue`] |
//! | `SCTP_DEFAULT_PRINFO`, `SCTP_PR_*_STATUS` | [`PrPolicy::Priority`](crate::PrPolicy::Priority) is FreeBSD's buffer policy (`SCTP_PR_SCTP_BUF`), as on send |
//! | `SCTP_PR_STREAM_STATUS` | only [`PrKind::All`](crate::PrKind::All) per stream (usrsctp answers `EINVAL` for one policy unless built with `SCTP_DETAILED_STR_STATS`) |
//! | `SCTP_HMAC_IDENT` | SHA-1 only, unless usrsctp is built with SHA-2 (`EINVAL` for SHA-256 otherwise, as with the packaged 0.9.5) |
//! | `SCTP_PEER_ADDR_PARAMS`, `SCTP_REMOTE_UDP_ENCAPS_PORT` without an address | sent as the socket family's wildcard address, which usrsctp takes for "the association" |
//! | `SCTP_DEFAULT_SNDINFO`, `SCTP_CONTEXT` | kept and read back; as on kernel sockets, this crate's `send` always carries its own send information, so the defaults apply to no message it sends |

mod batch;
mod builder;
mod listener;
mod options;
mod socket;
mod stack;
mod stream;
mod sys;
#[cfg(feature = "tokio")]
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
pub mod tokio;
#[cfg(feature = "tokio")]
mod wakers;

use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU64, Ordering};
use std::time::{Duration, Instant};

pub use builder::SctpBuilder;
pub use listener::SctpListener;
pub use socket::SctpSocket;
pub use stack::{REMOTE_UDP_PORT_ENV, Stack, UDP_PORT_ENV};
pub use stream::SctpStream;

use crate::sys::RecvMeta;
use crate::{AssocId, Error, Event, Message, Received, SendInfo};

/// The notification type of `event` in usrsctp's numbering.
const fn sn_type(event: Event) -> u16 {
    use sys::sn_type::*;
    match event {
        Event::AssocChange => ASSOC_CHANGE,
        Event::PeerAddrChange => PEER_ADDR_CHANGE,
        Event::RemoteError => REMOTE_ERROR,
        Event::SendFailed => SEND_FAILED,
        Event::Shutdown => SHUTDOWN_EVENT,
        Event::AdaptationIndication => ADAPTATION_INDICATION,
        Event::PartialDelivery => PARTIAL_DELIVERY_EVENT,
        Event::Authentication => AUTHENTICATION_EVENT,
        Event::SenderDry => SENDER_DRY_EVENT,
        Event::StreamReset => STREAM_RESET_EVENT,
        Event::AssocReset => ASSOC_RESET_EVENT,
        Event::StreamChange => STREAM_CHANGE_EVENT,
        Event::SendFailedEvent => SEND_FAILED_EVENT,
    }
}

/// The longest a blocking wait sleeps before trying again, in case an upcall was missed.
const POLL_SLICE: Duration = Duration::from_millis(100);

/// A userland socket: the usrsctp socket, the stack it keeps running, and the timeouts.
pub(crate) struct Sock {
    raw: sys::Socket,
    stack: Stack,
    /// Nanoseconds; 0 means none.
    read_timeout: AtomicU64,
    write_timeout: AtomicU64,
    nonblocking: AtomicBool,
    /// An error a receive batch met after it had received something (0: none): it is the next
    /// receive's, as Linux keeps a `recvmmsg` error for the next call (usrsctp reports a
    /// socket's error once).
    deferred: AtomicI32,
}

impl Sock {
    /// Opens a socket on the process's stack with the crate's defaults (RCVINFO on, the
    /// stack's remote UDP port).
    fn open(v6: bool, one_to_many: bool) -> Result<Sock, Error> {
        let stack = Stack::get_or_start()?;
        let raw = sys::Socket::new(v6, one_to_many)?;
        raw.set_recv_rcvinfo(true)?;
        raw.set_remote_udp_port(AssocId::FUTURE, stack.remote_udp_port())?;
        Ok(Sock::wrap(raw, stack))
    }

    fn wrap(raw: sys::Socket, stack: Stack) -> Sock {
        Sock {
            raw,
            stack,
            read_timeout: AtomicU64::new(0),
            write_timeout: AtomicU64::new(0),
            nonblocking: AtomicBool::new(false),
            deferred: AtomicI32::new(0),
        }
    }

    #[inline]
    fn timeout(cell: &AtomicU64) -> Option<Duration> {
        match cell.load(Ordering::Relaxed) {
            0 => None,
            n => Some(Duration::from_nanos(n)),
        }
    }

    fn set_timeout(cell: &AtomicU64, timeout: Option<Duration>) -> io::Result<()> {
        let nanos = match timeout {
            None => 0,
            Some(d) if d.is_zero() => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "cannot set a 0 duration timeout",
                ));
            }
            Some(d) => u64::try_from(d.as_nanos()).unwrap_or(u64::MAX),
        };
        cell.store(nanos, Ordering::Relaxed);
        Ok(())
    }

    fn set_nonblocking(&self, on: bool) -> io::Result<()> {
        self.raw.set_nonblocking(on)?;
        self.nonblocking.store(on, Ordering::Relaxed);
        Ok(())
    }

    /// Runs `op` (which must not block) until it stops failing with `WouldBlock` or
    /// `timeout` passes, waiting for usrsctp's upcall in between.
    #[cold]
    fn retry_until<T>(
        &self,
        timeout: Duration,
        mut op: impl FnMut() -> Result<T, Error>,
    ) -> Result<T, Error> {
        let deadline = Instant::now() + timeout;
        loop {
            let seen = self.raw.readiness().generation();
            match op() {
                Err(Error::Io(e)) if e.kind() == io::ErrorKind::WouldBlock => {}
                other => return other,
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(Error::Io(io::ErrorKind::WouldBlock.into()));
            }
            self.raw
                .readiness()
                .wait(seen, deadline.min(now + POLL_SLICE));
        }
    }

    #[inline]
    fn send(&self, data: &[u8], to: Option<&SocketAddr>, info: &SendInfo) -> Result<usize, Error> {
        match Sock::timeout(&self.write_timeout) {
            Some(t) if !self.nonblocking.load(Ordering::Relaxed) => {
                self.retry_until(t, || Ok(self.raw.send(data, to, info, true)?))
            }
            _ => Ok(self.raw.send(data, to, info, false)?),
        }
    }

    #[inline]
    fn recv_once(&self, buf: &mut [u8]) -> Result<RecvMeta, Error> {
        match Sock::timeout(&self.read_timeout) {
            Some(t) if !self.nonblocking.load(Ordering::Relaxed) => {
                self.retry_until(t, || self.raw.recv(buf, true))
            }
            _ => self.raw.recv(buf, false),
        }
    }

    /// Receives one message or notification; on a one-to-one socket (`notconn_is_eof`) the
    /// end of the association reads as an empty message, as on kernel sockets.
    #[inline]
    fn recv<'b>(&self, buf: &'b mut [u8], notconn_is_eof: bool) -> Result<Received<'b>, Error> {
        let meta = self.recv_meta(buf, notconn_is_eof)?;
        self.received(buf, meta)
    }

    /// The receive call of [`recv`](Self::recv), leaving the buffer unborrowed.
    #[inline]
    fn recv_meta(&self, buf: &mut [u8], notconn_is_eof: bool) -> Result<RecvMeta, Error> {
        if buf.is_empty() {
            return Err(Error::EmptyBuffer);
        }
        if self.deferred.load(Ordering::Relaxed) != 0 {
            if let Some(e) = self.take_deferred() {
                return Err(e);
            }
        }
        match self.recv_once(buf) {
            Err(Error::Io(e)) if notconn_is_eof && e.raw_os_error() == Some(libc::ENOTCONN) => {
                Ok(RecvMeta::EMPTY)
            }
            other => other,
        }
    }

    /// The error a receive batch left for the next receive, if any.
    #[cold]
    fn take_deferred(&self) -> Option<Error> {
        match self.deferred.swap(0, Ordering::Relaxed) {
            0 => None,
            code => Some(Error::Io(io::Error::from_raw_os_error(code))),
        }
    }

    /// What [`recv_meta`](Self::recv_meta) received, as a message or a notification.
    #[inline]
    fn received<'b>(&self, buf: &'b mut [u8], meta: RecvMeta) -> Result<Received<'b>, Error> {
        if meta.notification() && !meta.eor() {
            return Err(self.drain_notification(buf, meta.len));
        }
        let bytes = &buf[..meta.len.min(buf.len())];
        if meta.notification() {
            return sctp_notify::parse_as(sctp_notify::Dialect::Usrsctp, bytes)
                .map(Received::Notification)
                .map_err(Error::Notification);
        }
        Ok(Received::Data(Message {
            data: bytes,
            rcv_info: meta.rcv,
            nxt_info: meta.nxt,
            from: meta.from,
            flags: meta.flags,
        }))
    }

    /// A notification longer than the buffer: reads the rest so the next call starts at a
    /// message boundary.
    #[cold]
    fn drain_notification(&self, buf: &mut [u8], first: usize) -> Error {
        let mut total = first;
        loop {
            match self.raw.recv(buf, true) {
                Ok(more) => {
                    total += more.len;
                    if more.eor() || more.len == 0 || !more.notification() {
                        break;
                    }
                }
                Err(e) => return e,
            }
        }
        Error::NotificationTruncated {
            len: total,
            buf: buf.len(),
        }
    }

    /// `io::Read`: data only, notifications skipped.
    fn read(&self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            match self.recv(buf, true) {
                Ok(Received::Data(msg)) => return Ok(msg.data().len()),
                Ok(Received::Notification(_)) | Err(Error::NotificationTruncated { .. }) => {}
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Waits until the socket is readable (a pending association on a listener), for
    /// blocking calls usrsctp offers no timeout for.
    fn wait_readable(&self) -> io::Result<()> {
        let Some(timeout) = Sock::timeout(&self.read_timeout) else {
            return Ok(());
        };
        if self.nonblocking.load(Ordering::Relaxed) {
            return Ok(());
        }
        self.retry_until(timeout, || {
            if self.raw.events() & (sys::EVENT_READ | sys::EVENT_ERROR) != 0 {
                Ok(())
            } else {
                Err(Error::Io(io::ErrorKind::WouldBlock.into()))
            }
        })
        .map_err(io::Error::from)
    }

    fn first_addr(&self, local: bool) -> io::Result<SocketAddr> {
        let addrs = self.raw.addrs(AssocId::FUTURE, local)?;
        addrs.first().copied().ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::NotConnected,
                if local {
                    "the socket has no local address"
                } else {
                    "the socket has no peer"
                },
            )
        })
    }

    fn bind_all(&self, addrs: &[SocketAddr]) -> Result<(), Error> {
        check_family(&self.raw, addrs)?;
        if let [one] = addrs {
            self.raw.bind(one)?;
        } else {
            self.raw.bindx(addrs, true)?;
        }
        Ok(())
    }
}

/// Checks an address list: not empty, one family, fitting the socket.
fn check_family(raw: &sys::Socket, addrs: &[SocketAddr]) -> Result<(), Error> {
    crate::common::check_addrs(addrs)?;
    if !raw.is_v6() {
        if let Some(addr) = addrs.iter().find(|a| a.is_ipv6()) {
            return Err(Error::AddressFamilyMismatch { addr: *addr });
        }
    }
    Ok(())
}

/// The family of an address list, checked.
fn is_v6(addrs: &[SocketAddr]) -> Result<bool, Error> {
    crate::common::check_addrs(addrs)?;
    Ok(addrs[0].is_ipv6())
}

/// Generates the methods every userland socket type has.
macro_rules! impl_common_methods {
    ($ty:ident, $default_assoc:expr) => {
        impl $ty {
            /// Moves the socket into or out of nonblocking mode (`usrsctp_set_non_blocking`).
            pub fn set_nonblocking(&self, nonblocking: bool) -> std::io::Result<()> {
                self.inner.set_nonblocking(nonblocking)
            }

            /// Whether the socket is in nonblocking mode.
            pub fn nonblocking(&self) -> std::io::Result<bool> {
                self.inner.raw.nonblocking()
            }

            /// Sets how long a blocking receive (or accept) waits before failing with
            /// [`std::io::ErrorKind::WouldBlock`]; `None` waits forever.
            pub fn set_read_timeout(&self, timeout: Option<std::time::Duration>) -> std::io::Result<()> {
                super::Sock::set_timeout(&self.inner.read_timeout, timeout)
            }

            /// The receive timeout.
            pub fn read_timeout(&self) -> std::io::Result<Option<std::time::Duration>> {
                Ok(super::Sock::timeout(&self.inner.read_timeout))
            }

            /// Sets how long a blocking send waits for buffer space; `None` waits forever.
            pub fn set_write_timeout(&self, timeout: Option<std::time::Duration>) -> std::io::Result<()> {
                super::Sock::set_timeout(&self.inner.write_timeout, timeout)
            }

            /// The send timeout.
            pub fn write_timeout(&self) -> std::io::Result<Option<std::time::Duration>> {
                Ok(super::Sock::timeout(&self.inner.write_timeout))
            }

            /// The first local address of the socket (`usrsctp_getladdrs`; usrsctp has no
            /// `getsockname`).
            pub fn local_addr(&self) -> std::io::Result<std::net::SocketAddr> {
                self.inner.first_addr(true)
            }

            /// Not available: usrsctp sockets are not descriptors and cannot be duplicated.
            ///
            /// # Errors
            ///
            /// Always [`Error::Unsupported`](crate::Error::Unsupported), as an `io::Error` of
            /// kind [`std::io::ErrorKind::Unsupported`]. Share the socket through an `Arc`
            /// instead: it is `Sync`.
            pub fn try_clone(&self) -> std::io::Result<$ty> {
                Err(crate::Error::Unsupported {
                    feature: "try_clone (usrsctp sockets are not descriptors)",
                }
                .into())
            }

            /// The stack this socket runs on.
            pub fn stack(&self) -> &super::Stack {
                &self.inner.stack
            }

            /// Adds local addresses to the bound socket (`usrsctp_bindx` with
            /// `SCTP_BINDX_ADD_ADDR`, RFC 6458 §9.1).
            ///
            /// # Errors
            ///
            /// [`Error::EmptyAddressList`](crate::Error::EmptyAddressList),
            /// [`Error::MixedAddressFamilies`](crate::Error::MixedAddressFamilies),
            /// [`Error::AddressFamilyMismatch`](crate::Error::AddressFamilyMismatch), or
            /// usrsctp's error.
            pub fn add_local_addrs(&self, addrs: &[std::net::SocketAddr]) -> Result<(), crate::Error> {
                super::check_family(&self.inner.raw, addrs)?;
                self.inner.raw.bindx(addrs, true)?;
                Ok(())
            }

            /// Removes local addresses from the socket (`usrsctp_bindx` with
            /// `SCTP_BINDX_REM_ADDR`).
            ///
            /// # Errors
            ///
            /// As [`add_local_addrs`](Self::add_local_addrs).
            pub fn remove_local_addrs(&self, addrs: &[std::net::SocketAddr]) -> Result<(), crate::Error> {
                super::check_family(&self.inner.raw, addrs)?;
                self.inner.raw.bindx(addrs, false)?;
                Ok(())
            }

            /// Subscribes to the given notifications (`SCTP_EVENT`, RFC 6458 §6.2.2); they
            /// arrive through `recv` as [`Received::Notification`](crate::Received::Notification),
            /// decoded in the usrsctp dialect.
            #[doc = concat!("On this type the subscription applies to `", stringify!($default_assoc), "`.")]
            pub fn subscribe(&self, events: &[crate::Event]) -> Result<(), crate::Error> {
                for event in events {
                    self.inner.raw.set_event($default_assoc, super::sn_type(*event), true)?;
                }
                Ok(())
            }

            /// Unsubscribes from the given notifications (`SCTP_EVENT`).
            pub fn unsubscribe(&self, events: &[crate::Event]) -> Result<(), crate::Error> {
                for event in events {
                    self.inner.raw.set_event($default_assoc, super::sn_type(*event), false)?;
                }
                Ok(())
            }

            /// Turns the `SCTP_RCVINFO` metadata on or off (`SCTP_RECVRCVINFO`, RFC 6458
            /// §8.1.29). On by default.
            pub fn set_recv_rcvinfo(&self, on: bool) -> Result<(), crate::Error> {
                Ok(self.inner.raw.set_recv_rcvinfo(on)?)
            }

            /// Whether received messages carry `SCTP_RCVINFO`.
            pub fn recv_rcvinfo(&self) -> Result<bool, crate::Error> {
                Ok(self.inner.raw.recv_rcvinfo()?)
            }

            /// Turns the `SCTP_NXTINFO` metadata on or off (`SCTP_RECVNXTINFO`, RFC 6458
            /// §8.1.30). Off by default.
            pub fn set_recv_nxtinfo(&self, on: bool) -> Result<(), crate::Error> {
                Ok(self.inner.raw.set_recv_nxtinfo(on)?)
            }

            /// Whether received messages carry `SCTP_NXTINFO`.
            pub fn recv_nxtinfo(&self) -> Result<bool, crate::Error> {
                Ok(self.inner.raw.recv_nxtinfo()?)
            }

            /// Sets the UDP port the peers of new associations listen on
            /// (`SCTP_REMOTE_UDP_ENCAPS_PORT`, RFC 6951 §5).
            pub fn set_remote_udp_port(&self, port: u16) -> Result<(), crate::Error> {
                Ok(self.inner.raw.set_remote_udp_port(crate::AssocId::FUTURE, port)?)
            }

            /// The UDP port the peers of new associations are sent to.
            pub fn remote_udp_port(&self) -> Result<u16, crate::Error> {
                Ok(self.inner.raw.remote_udp_port(crate::AssocId::FUTURE)?)
            }
        }

        impl std::fmt::Debug for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($ty))
                    .field("local_addr", &self.local_addr().ok())
                    .field("stack", &self.inner.stack)
                    .finish()
            }
        }
    };
}
use impl_common_methods;

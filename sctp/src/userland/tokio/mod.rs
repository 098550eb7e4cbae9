//! Async sockets on the userland stack (features `userland` and `tokio`): the counterpart of
//! [`crate::tokio`], with the same methods and the same cancel safety, so that moving an async
//! program between kernel SCTP and usrsctp is again the `use` line.
//!
//! ```no_run
//! // use sctp::tokio::{SctpListener, SctpStream};            // kernel SCTP
//! use sctp::userland::tokio::{SctpListener, SctpStream};     // usrsctp over UDP
//! use sctp::{Received, SendInfo};
//!
//! # async fn run() -> Result<(), sctp::Error> {
//! let listener = SctpListener::bind("127.0.0.1:0".parse().unwrap())?;
//! let client = SctpStream::connect(listener.local_addr()?).await?;
//! let (server, _) = listener.accept().await?;
//! client.send(b"hello", &SendInfo::new().with_ppid(46)).await?;
//! let mut buf = [0u8; 1024];
//! if let Received::Data(msg) = server.recv(&mut buf).await? {
//!     assert_eq!(msg.data(), b"hello");
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Settings needed before an association is set up go on a
//! [`userland::SctpBuilder`](super::SctpBuilder), which finishes asynchronously with
//! [`connect_async`](super::SctpBuilder::connect_async),
//! [`listener_async`](super::SctpBuilder::listener_async) or
//! [`one_to_many_async`](super::SctpBuilder::one_to_many_async). Options, address lists and
//! subscriptions are reached through `get_ref`, which returns the blocking userland type.
//!
//! # How a call waits
//!
//! usrsctp sockets are not descriptors, so there is nothing for tokio's reactor to watch.
//! Instead usrsctp's upcall — the callback it makes from its own threads whenever a socket's
//! state changes (data or a notification queued, send buffer space freed, an association set up
//! or lost) — wakes the tasks waiting on that socket. Every call is first made without blocking;
//! only when usrsctp answers `WouldBlock` does the task register its waker, and it then checks
//! whether an upcall came in the meantime (each upcall bumps a counter) before it returns
//! `Pending`, so no wake-up is lost between the call and the registration. The upcall does not
//! say which way a socket became ready, so it wakes every task waiting on the socket and each
//! tries its call again. Each call also takes a unit of the task's cooperative budget when it
//! runs on a tokio runtime, as on the kernel sockets, so that a loop on an always-ready socket
//! yields now and then.
//!
//! Nothing here needs tokio's reactor: the sockets can be made outside a runtime (the
//! constructors do not panic there, unlike those of `sctp::tokio`) and the futures work on any
//! executor. tokio supplies
//! [`AsyncRead`](::tokio::io::AsyncRead) and [`AsyncWrite`](::tokio::io::AsyncWrite), and the
//! shape of the API. Nothing is allocated per message: a waiting task takes a slot of a list
//! that grows only to the largest number of tasks that ever waited on the socket at once.
//!
//! The layers are those of [`crate::tokio`]: the `async` methods; `readable()`/`writable()` with
//! `try_recv`/`try_send`; `poll_recv`/`poll_send` and `poll_recv_ready`/`poll_send_ready` for
//! hand-written futures; `AsyncRead`/`AsyncWrite` on [`SctpStream`] and `&SctpStream`.
//! `readable()` and `writable()` ask usrsctp for the socket's state (`usrsctp_get_events`) each
//! time they are polled, so they report the state of that moment, not a remembered one (another
//! task may still take the message first: `try_recv` then says `WouldBlock`).
//!
//! # Cancel safety
//!
//! | method | cancel safe | why |
//! |---|---|---|
//! | `recv`, `accept`, `readable`, `writable` | yes | a message (or association) is taken from usrsctp only in the poll that returns it |
//! | `send`, `send_to` | yes | a message is handed to usrsctp whole in the poll that returns `Ready`, or not at all |
//! | `send_batch`, `recv_batch` | yes | messages are handed to (or taken from) usrsctp only in the poll that returns `Ready` |
//! | [`SctpBuilder::connect_async`](super::SctpBuilder::connect_async), [`SctpStream::connect`] | no | dropping the future closes the socket, which ends the association being set up |
//! | `AsyncRead::poll_read` (`read`, `read_exact`, ...) | `read`: yes; `read_exact`: no | as with any `AsyncRead`, a combinator that reads several times keeps what it read in its own state |
//! | `AsyncWrite::poll_write` (`write`, `write_all`, ...) | `write`: yes; `write_all`: no | likewise |
//!
//! A dropped future gives its waker slot back at once.
//!
//! # Sharing between tasks
//!
//! Every method takes `&self`; share a socket through an `Arc`. Any number of tasks may wait in
//! the `async` methods of one socket at once. The `poll_*` methods (and `AsyncRead`/`AsyncWrite`)
//! keep one waker per direction, as tokio's sockets do: when two tasks poll the same direction
//! by hand, only the one that polled last is woken.
//!
//! # What differs from `sctp::tokio`
//!
//! No `peek` or `send_vectored` (the blocking userland types have none), and no file descriptor
//! traits; `from_std` takes the blocking userland types. The batch calls are there, one usrsctp
//! call per message as on the blocking types.

mod batch;
mod listener;
mod socket;
mod stream;

pub use listener::SctpListener;
pub use socket::SctpSocket;
pub use stream::SctpStream;

use std::io;
use std::net::SocketAddr;
use std::task::{Context, Poll};

use super::wakers::{POLL_RECV, POLL_SEND};
use super::{SctpBuilder, Sock, sys};
use crate::Error;

/// Whether a result is usrsctp's `WouldBlock`.
#[inline(always)]
fn would_block<R>(r: &Result<R, Error>) -> bool {
    matches!(r, Err(Error::Io(e)) if e.kind() == io::ErrorKind::WouldBlock)
}

/// Makes `op` (a call that does not block), and when it would block, registers the task in
/// slot `*key` of the socket's wakers.
///
/// The upcall counter is read before each call and again after the registration: an upcall in
/// between means the call may now succeed, so it is made again (once; after that the task
/// yields and is polled again, so that a busy socket cannot keep it spinning).
#[inline]
fn poll_io<R>(
    sock: &Sock,
    key: &mut Option<usize>,
    cx: &mut Context<'_>,
    op: &mut impl FnMut(&Sock) -> Result<R, Error>,
) -> Poll<Result<R, Error>> {
    // A unit of the task's cooperative budget first, as on the kernel sockets (see
    // `sctp::tokio`): a loop on a socket that is always ready still yields now and then.
    let coop = std::task::ready!(tokio::task::coop::poll_proceed(cx));
    let readiness = sock.raw.readiness();
    for _ in 0..2 {
        let seen = readiness.generation();
        let result = op(sock);
        if !would_block(&result) {
            // Progress: the unit stays spent. Forgetting the guard is what `made_progress` and
            // its drop would do together, without the out-of-line drop call.
            std::mem::forget(coop);
            return Poll::Ready(result);
        }
        readiness.wakers.register(key, cx.waker());
        if readiness.generation() == seen {
            return Poll::Pending;
        }
    }
    cx.waker().wake_by_ref();
    Poll::Pending
}

/// A waiting future's slot, given back when the future completes or is dropped.
struct Waiter<'a> {
    sock: &'a Sock,
    key: Option<usize>,
}

impl Drop for Waiter<'_> {
    fn drop(&mut self) {
        if let Some(key) = self.key {
            self.sock.raw.readiness().wakers.release(key);
        }
    }
}

/// Makes `op` until it does not block, waiting for usrsctp's upcalls in between.
async fn io<R>(sock: &Sock, mut op: impl FnMut(&Sock) -> Result<R, Error>) -> Result<R, Error> {
    let mut waiter = Waiter { sock, key: None };
    std::future::poll_fn(|cx| poll_io(sock, &mut waiter.key, cx, &mut op)).await
}

/// A call that succeeds when usrsctp reports any of `events` (`SCTP_EVENT_*`).
fn ready(sock: &Sock, events: libc::c_int) -> Result<(), Error> {
    if sock.raw.events() & events != 0 {
        Ok(())
    } else {
        Err(Error::Io(io::ErrorKind::WouldBlock.into()))
    }
}

const READABLE: libc::c_int = sys::EVENT_READ | sys::EVENT_ERROR;
const WRITABLE: libc::c_int = sys::EVENT_WRITE | sys::EVENT_ERROR;

/// Waits until usrsctp reports any of `events`.
async fn wait_ready(sock: &Sock, events: libc::c_int) -> io::Result<()> {
    io(sock, |s| ready(s, events))
        .await
        .map_err(io::Error::from)
}

/// The poll form of [`wait_ready`], in the fixed slot of its direction.
fn poll_ready(sock: &Sock, cx: &mut Context<'_>, events: libc::c_int) -> Poll<io::Result<()>> {
    let mut key = Some(if events == READABLE {
        POLL_RECV
    } else {
        POLL_SEND
    });
    poll_io(sock, &mut key, cx, &mut |s| ready(s, events)).map_err(io::Error::from)
}

/// A `poll_*` call in the fixed slot of its direction.
#[inline]
fn poll_fixed<R>(
    sock: &Sock,
    cx: &mut Context<'_>,
    slot: usize,
    mut op: impl FnMut(&Sock) -> Result<R, Error>,
) -> Poll<Result<R, Error>> {
    let mut key = Some(slot);
    poll_io(sock, &mut key, cx, &mut op)
}

/// The async finishers of the userland builder (features `userland` and `tokio`).
impl SctpBuilder {
    /// As [`connect`](Self::connect), without blocking the thread: every setting is applied
    /// before the INIT is sent, so a subscription to [`Event::AssocChange`](crate::Event)
    /// sees the `COMM_UP` of this very association as the first thing
    /// [`recv`](SctpStream::recv) returns.
    ///
    /// Not cancel safe: dropping the future closes the socket, which ends the setup.
    ///
    /// # Errors
    ///
    /// As [`connect`](Self::connect); a setup that fails after it started (the peer answers
    /// with an ABORT, or never answers) is the error usrsctp leaves on the socket
    /// (`SO_ERROR`: `ECONNREFUSED`, `ETIMEDOUT`, ...).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use sctp::userland::SctpBuilder;
    /// use sctp::{Event, InitParams, Received};
    ///
    /// # async fn run() -> Result<(), sctp::Error> {
    /// let stream = SctpBuilder::new()
    ///     .init_params(InitParams::new().with_outbound_streams(16).with_max_inbound_streams(16))
    ///     .subscribe(&[Event::AssocChange])
    ///     .connect_async(&["127.0.0.1:3868".parse().unwrap()])
    ///     .await?;
    /// let mut buf = [0u8; 1024];
    /// if let Received::Notification(n) = stream.recv(&mut buf).await? {
    ///     println!("{n:?}"); // the COMM_UP of the association
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn connect_async(&self, addrs: &[SocketAddr]) -> Result<SctpStream, Error> {
        let inner = self.client(addrs)?;
        inner.set_nonblocking(true)?;
        let started = match addrs {
            [one] => inner.raw.connect(one),
            _ => inner.raw.connectx(addrs).map(drop),
        };
        match started {
            Ok(()) => {}
            Err(e) if e.raw_os_error() == Some(libc::EINPROGRESS) => {}
            Err(e) => return Err(e.into()),
        }
        // A one-to-one socket turns writable when the association is up, and reports an error
        // when the setup failed.
        wait_ready(&inner, WRITABLE).await?;
        if let Some(e) = inner.raw.take_error()? {
            return Err(e.into());
        }
        Ok(SctpStream {
            inner: super::SctpStream::from_sock(inner),
        })
    }

    /// As [`listener`](Self::listener), giving an async listener.
    ///
    /// # Errors
    ///
    /// As [`listener`](Self::listener).
    pub fn listener_async(&self, addrs: &[SocketAddr]) -> Result<SctpListener, Error> {
        Ok(SctpListener::from_std(self.listener(addrs)?)?)
    }

    /// As [`one_to_many`](Self::one_to_many), giving an async one-to-many socket.
    ///
    /// # Errors
    ///
    /// As [`listener`](Self::listener).
    pub fn one_to_many_async(&self, addrs: &[SocketAddr]) -> Result<SctpSocket, Error> {
        Ok(SctpSocket::from_std(self.one_to_many(addrs)?)?)
    }
}

//! Async sockets for the [tokio](https://docs.rs/tokio) runtime (feature `tokio`).
//!
//! Each type wraps its blocking counterpart in a `tokio::io::unix::AsyncFd` and keeps its shape:
//! the same [`SendInfo`](crate::SendInfo) in, the same [`Received`](crate::Received) out, the
//! caller's buffer, one system call per message when the socket is ready. Options, address
//! lists and subscriptions are reached through [`get_ref`](SctpStream::get_ref), which returns
//! the blocking type (its calls that do not wait work as they are).
//!
//! The sockets must be made inside a tokio runtime with IO enabled: their constructors panic
//! elsewhere, as tokio's own sockets do.
//!
//! # Configure, then connect or listen
//!
//! Settings that must be in place when an association is set up — stream counts
//! ([`InitParams`](crate::InitParams)), event subscriptions (so that the first
//! `COMM_UP` is seen), `SCTP_NODELAY`, buffer sizes, local addresses — go on an
//! [`SctpBuilder`](crate::SctpBuilder), which finishes asynchronously with
//! [`connect_async`](crate::SctpBuilder::connect_async),
//! [`listener_async`](crate::SctpBuilder::listener_async) or
//! [`one_to_many_async`](crate::SctpBuilder::one_to_many_async), the counterpart of
//! `tokio::net::TcpSocket`.
//!
//! # How a call waits
//!
//! Every `send`/`recv` first makes the system call; only when the kernel answers `WouldBlock`
//! does it wait for the reactor to report readiness, and then tries again. The readiness tokio
//! remembers is cleared only after a call has failed with `WouldBlock`, so no wake-up is lost.
//! Nothing is allocated per message: the futures live in the caller's task, the buffer is the
//! caller's.
//!
//! Each call takes a unit of the task's budget (tokio's cooperative scheduling, as tokio's own
//! sockets do): a task that sends or receives in a loop on a socket that is always ready yields
//! to the runtime every so often instead of starving the other tasks and timers of its thread.
//! Code that wants no such pause (a dedicated benchmark loop, say) can run under
//! `tokio::task::coop::unconstrained`.
//!
//! What it costs: a `send(..).await` plus a `recv(..).await` on ready sockets take about three
//! times the user-space instructions of the blocking pair (a few hundred per message; the
//! system calls themselves cost far more). Most of that is not these futures: the same calls
//! in the same task with only the budget taken, and no future of this crate, cost about 2.6
//! times the blocking pair, from the budget and from what the compiler makes of a loop body
//! that awaits. BENCHMARKS.md has the figures and the command. The batch calls pay it once per
//! batch.
//!
//! For code that drives sockets by hand there are three more layers, the same as on
//! `tokio::net::UdpSocket`:
//!
//! - `readable()`/`writable()` wait for readiness without doing any IO, for use with
//!   `try_recv`/`try_send`, which make one nonblocking call and never wait;
//! - `poll_recv`/`poll_send` (and `poll_recv_ready`/`poll_send_ready`) for hand-written futures
//!   and `Stream`/`Sink` implementations;
//! - [`AsyncRead`](::tokio::io::AsyncRead)/[`AsyncWrite`](::tokio::io::AsyncWrite) on
//!   [`SctpStream`] (and on `&SctpStream`) for byte-oriented code such as
//!   `tokio_util::codec::Framed` or `tokio::io::copy`.
//!
//! # Cancel safety
//!
//! A future is cancel safe when dropping it before it completes loses nothing (as in a branch of
//! `tokio::select!` that another branch won).
//!
//! | method | cancel safe | why |
//! |---|---|---|
//! | `recv`, `accept`, `readable`, `writable` | yes | a message (or association) is taken from the kernel only in the poll that returns it |
//! | `send`, `send_to` | yes | a message is handed to the kernel whole in the poll that returns `Ready`, or not at all |
//! | [`SctpBuilder::connect_async`](crate::SctpBuilder::connect_async), [`SctpStream::connect`] | no | dropping the future closes the socket, which aborts the association being set up |
//! | `AsyncRead::poll_read` (`read`, `read_exact`, ...) | `read`: yes; `read_exact`: no | as with any `AsyncRead`, a combinator that reads several times keeps what it read in its own state |
//! | `AsyncWrite::poll_write` (`write`, `write_all`, ...) | `write`: yes; `write_all`: no | likewise |
//!
//! # Sharing between tasks, and why there is no `split`
//!
//! Every method takes `&self`, and SCTP hands over one whole message per call, so one socket can
//! be used by several tasks at once through an `Arc`: a task that sends and another that
//! receives never see a half of the other's message, and tokio tracks read and write readiness
//! separately, so neither wakes the other. Splitting a stream into owned halves would only wrap
//! the same `Arc` and hide half of the methods, so this crate leaves it out: share
//! `Arc<SctpStream>` or `Arc<SctpSocket>`, and for the byte interface use
//! `AsyncRead`/`AsyncWrite` on `&SctpStream` (`tokio::io::copy(&mut &*stream, ...)`).
//!
//! One limit: the `poll_*` methods (and `AsyncRead`/`AsyncWrite`) keep one waker per direction,
//! as tokio's own sockets do: when two tasks poll the same direction by hand, only the one that
//! polled last is woken. The `async` methods have no such limit: any number of tasks may wait
//! in `recv` or `send` on one socket.
//!
//! # Examples
//!
//! ```no_run
//! use sctp::tokio::{SctpListener, SctpStream};
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

mod batch;
mod listener;
mod op;
mod socket;
mod stream;

pub use listener::SctpListener;
pub use socket::SctpSocket;
pub use stream::SctpStream;

use std::io;
use std::task::{Context, Poll, ready};

use tokio::io::Interest;
use tokio::io::unix::AsyncFd;

use crate::Error;

/// Whether a result is the kernel's `WouldBlock`.
#[inline(always)]
fn would_block<R>(r: &Result<R, Error>) -> bool {
    matches!(r, Err(Error::Io(e)) if e.kind() == io::ErrorKind::WouldBlock)
}

/// Maps a crate result into the `io::Result` that `try_io` clears readiness on (`WouldBlock`).
fn retry_on_would_block<T>(r: Result<T, Error>) -> io::Result<Result<T, Error>> {
    match r {
        Err(Error::Io(e)) if e.kind() == io::ErrorKind::WouldBlock => Err(e),
        other => Ok(other),
    }
}

/// Runs `f` (one nonblocking system call) in the future's first poll; only when it would
/// block, waits for readiness and runs it again (see [`op::Op`]).
///
/// The hot callers pass `#[inline(always)]` closures (`send`, `recv`). Left to the inliner, a
/// closure was inlined into the future only while a program awaited it from one place (365
/// user-space instructions per message in the tokio benchmark), and called out of line once it
/// was awaited from two (419); forced, it costs 376 to 386 in both cases. Predictable beats
/// best-case here: real programs send from several places.
#[inline(always)]
fn io_op<T: std::os::fd::AsRawFd, R>(
    fd: &AsyncFd<T>,
    interest: Interest,
    mut f: impl FnMut(&T) -> Result<R, Error>,
) -> impl Future<Output = Result<R, Error>> {
    op::Op::new(
        fd,
        interest,
        (),
        #[inline(always)]
        move |t: &T, _: &mut ()| f(t),
        |(), r| Ok(r),
        AsyncFd::ready,
    )
}

/// [`io_op`] for a receive into `buf`: `f` fills it and returns the metadata, from which the
/// result, borrowing `buf` for its whole lifetime, is made once the call succeeded.
#[inline(always)]
fn recv_op<'a, 'b, T: std::os::fd::AsRawFd>(
    fd: &'a AsyncFd<T>,
    buf: &'b mut [u8],
    f: impl FnMut(&T, &mut &'b mut [u8]) -> Result<crate::sys::RecvMeta, Error>,
) -> impl Future<Output = Result<crate::Received<'b>, Error>> {
    op::Op::new(
        fd,
        Interest::READABLE,
        buf,
        f,
        #[inline(always)]
        |buf: &'b mut [u8], meta| crate::common::received(buf, &meta),
        AsyncFd::ready,
    )
}

/// The poll form of [`io_op`]: registers `cx` for the readiness of `interest` (readable or
/// writable) when the call would block.
#[inline(always)]
fn poll_op<T: std::os::fd::AsRawFd, R>(
    fd: &AsyncFd<T>,
    cx: &mut Context<'_>,
    interest: Interest,
    mut f: impl FnMut(&T) -> Result<R, Error>,
) -> Poll<Result<R, Error>> {
    // The task's budget first (see `op::Op::poll`); the readiness calls below take theirs.
    let coop = ready!(tokio::task::coop::poll_proceed(cx));
    let first = f(fd.get_ref());
    if !would_block(&first) {
        // Progress: the unit stays spent. Forgetting the guard is what `made_progress` and
        // its drop would do together, without the out-of-line drop call.
        std::mem::forget(coop);
        return Poll::Ready(first);
    }
    drop(coop);
    loop {
        let mut guard = if interest.is_readable() {
            ready!(fd.poll_read_ready(cx))?
        } else {
            ready!(fd.poll_write_ready(cx))?
        };
        if let Ok(result) = guard.try_io(|inner| retry_on_would_block(f(inner.get_ref()))) {
            return Poll::Ready(result.unwrap_or_else(|e| Err(Error::Io(e))));
        }
    }
}

/// The `try_*` form: one call; when it would block, the readiness tokio remembers is cleared
/// (by a second call, made only when tokio believes the socket ready), so that a following
/// `readable()`/`writable()` waits for a new event instead of returning at once.
#[inline(always)]
fn try_op<T: std::os::fd::AsRawFd, R>(
    fd: &AsyncFd<T>,
    interest: Interest,
    mut f: impl FnMut(&T) -> Result<R, Error>,
) -> Result<R, Error> {
    let first = f(fd.get_ref());
    if !would_block(&first) {
        return first;
    }
    match fd.try_io(interest, |inner| retry_on_would_block(f(inner))) {
        Ok(result) => result,
        Err(e) => Err(Error::Io(e)),
    }
}

/// Waits for readiness without doing any IO, keeping it for the next `try_*` call.
async fn wait_ready<T: std::os::fd::AsRawFd>(
    fd: &AsyncFd<T>,
    interest: Interest,
) -> io::Result<()> {
    fd.ready(interest).await.map(drop)
}

/// Implements `AsFd`, `AsRawFd` and `TryFrom<blocking type>` for an async socket type.
macro_rules! impl_async_fd_traits {
    ($ty:ident, $std:ty) => {
        impl std::os::fd::AsFd for $ty {
            fn as_fd(&self) -> std::os::fd::BorrowedFd<'_> {
                std::os::fd::AsFd::as_fd(self.inner.get_ref())
            }
        }

        impl std::os::fd::AsRawFd for $ty {
            fn as_raw_fd(&self) -> std::os::fd::RawFd {
                std::os::fd::AsRawFd::as_raw_fd(self.inner.get_ref())
            }
        }

        impl TryFrom<$std> for $ty {
            type Error = std::io::Error;

            /// As [`from_std`](Self::from_std).
            fn try_from(socket: $std) -> std::io::Result<$ty> {
                $ty::from_std(socket)
            }
        }
    };
}
use impl_async_fd_traits;

//! The future behind the async calls: the system call in the poll itself, the wait for readiness
//! only after `WouldBlock`.
//!
//! Why not an `async fn`: an `async fn` with the call first and the wait after compiles to a
//! state machine whose `poll` is an out-of-line function holding both paths, and whose drop is
//! another out-of-line call; on a socket that is ready (the common case in a busy server) that
//! machinery cost more than the system call wrapper itself. [`Op`] is a plain struct: its `poll`
//! is small enough to inline into the caller's own state machine, the ready path is the call and
//! one test, and the waiting path is out of line. Waiting goes through `AsyncFd::ready`, whose
//! future has its own place in the readiness waiter list, so any number of tasks may wait on one
//! socket (the `poll_*` methods, which store one waker per direction, could not).

use std::future::Future;
use std::io;
use std::mem;
use std::os::fd::AsRawFd;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use pin_project_lite::pin_project;
use tokio::io::Interest;
use tokio::io::unix::{AsyncFd, AsyncFdReadyGuard};
use tokio::task::coop;

use super::{retry_on_would_block, would_block};
use crate::Error;

pin_project! {
    #[project = OpProj]
    /// One nonblocking call `call(&socket, &mut state)`, retried on readiness, and its result
    /// mapped by `finish(state, result)`, which gets `state` back by value (so that a receive
    /// can hand out data borrowed from the caller's buffer for the buffer's whole lifetime).
    ///
    /// `wait` makes the readiness future (`AsyncFd::ready`); it is a parameter only so that the
    /// future's type, which cannot be written, is inferred.
    pub(crate) struct Op<'a, T: AsRawFd, S, C, G, M, W> {
        fd: &'a AsyncFd<T>,
        interest: Interest,
        state: S,
        call: C,
        finish: G,
        wait: M,
        done: bool,
        #[pin]
        waiting: Option<W>,
    }
}

impl<'a, T: AsRawFd, S, C, G, M, W> Op<'a, T, S, C, G, M, W> {
    /// The future of one call on `fd`, waiting for `interest` when it would block.
    #[inline(always)]
    pub(crate) fn new(
        fd: &'a AsyncFd<T>,
        interest: Interest,
        state: S,
        call: C,
        finish: G,
        wait: M,
    ) -> Self {
        Op {
            fd,
            interest,
            state,
            call,
            finish,
            wait,
            done: false,
            waiting: None,
        }
    }
}

impl<'a, T, S, R, O, C, G, M, W> Future for Op<'a, T, S, C, G, M, W>
where
    T: AsRawFd,
    S: Default,
    C: FnMut(&T, &mut S) -> Result<R, Error>,
    G: FnMut(S, R) -> Result<O, Error>,
    M: FnMut(&'a AsyncFd<T>, Interest) -> W,
    W: Future<Output = io::Result<AsyncFdReadyGuard<'a, T>>>,
{
    type Output = Result<O, Error>;

    #[inline(always)]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut this = self.project();
        if !*this.done && this.waiting.is_none() {
            // The task's budget first, as tokio's own sockets do: a task whose socket is
            // always ready still yields to the others now and then.
            let coop = ready!(coop::poll_proceed(cx));
            // The first poll: the call itself.
            let r = (this.call)(this.fd.get_ref(), this.state);
            if !would_block(&r) {
                // Progress: the unit stays spent. Forgetting the guard is what `made_progress` and
                // its drop would do together, without the out-of-line drop call.
                std::mem::forget(coop);
                *this.done = true;
                return Poll::Ready(match r {
                    Ok(r) => (this.finish)(mem::take(this.state), r),
                    Err(e) => Err(e),
                });
            }
            let waiting = (this.wait)(this.fd, *this.interest);
            this.waiting.set(Some(waiting));
        }
        poll_waiting(this, cx)
    }
}

/// The waiting half of [`Op::poll`]: readiness, then the call, until it does not block.
#[inline(never)]
fn poll_waiting<'a, T, S, R, O, C, G, M, W>(
    mut this: OpProj<'_, 'a, T, S, C, G, M, W>,
    cx: &mut Context<'_>,
) -> Poll<Result<O, Error>>
where
    T: AsRawFd,
    S: Default,
    C: FnMut(&T, &mut S) -> Result<R, Error>,
    G: FnMut(S, R) -> Result<O, Error>,
    M: FnMut(&'a AsyncFd<T>, Interest) -> W,
    W: Future<Output = io::Result<AsyncFdReadyGuard<'a, T>>>,
{
    if *this.done {
        // A future polled after it completed: the call is not made twice.
        return Poll::Ready(Err(Error::Io(io::Error::other(
            "an SCTP socket future was polled after it completed",
        ))));
    }
    loop {
        let Some(waiting) = this.waiting.as_mut().as_pin_mut() else {
            let waiting = (this.wait)(this.fd, *this.interest);
            this.waiting.set(Some(waiting));
            continue;
        };
        let ready = ready!(waiting.poll(cx));
        this.waiting.set(None);
        let mut guard = match ready {
            Ok(guard) => guard,
            Err(e) => {
                *this.done = true;
                return Poll::Ready(Err(Error::Io(e)));
            }
        };
        let state = &mut *this.state;
        let call = &mut *this.call;
        // `try_io` clears the readiness only when the call fails with `WouldBlock`; then the
        // loop waits for the next event.
        if let Ok(result) = guard.try_io(|inner| retry_on_would_block(call(inner.get_ref(), state)))
        {
            *this.done = true;
            return Poll::Ready(match result {
                Ok(Ok(r)) => (this.finish)(mem::take(this.state), r),
                Ok(Err(e)) => Err(e),
                Err(e) => Err(Error::Io(e)),
            });
        }
    }
}

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

mod listener;
mod socket;
mod stream;

pub use listener::SctpListener;
pub use socket::SctpSocket;
pub use stream::SctpStream;

use std::io;

use tokio::io::unix::AsyncFd;

use crate::Error;

/// Maps a crate result into the `io::Result` that `AsyncFd::try_io` retries on `WouldBlock`.
fn retry_on_would_block<T>(r: Result<T, Error>) -> io::Result<Result<T, Error>> {
    match r {
        Err(Error::Io(e)) if e.kind() == io::ErrorKind::WouldBlock => Err(e),
        other => Ok(other),
    }
}

/// Waits until `fd` is readable and runs `f` on it, again after every `WouldBlock`.
async fn read_op<T: std::os::fd::AsRawFd, R>(
    fd: &AsyncFd<T>,
    mut f: impl FnMut(&T) -> Result<R, Error>,
) -> Result<R, Error> {
    loop {
        let mut guard = fd.readable().await?;
        if let Ok(result) = guard.try_io(|inner| retry_on_would_block(f(inner.get_ref()))) {
            return result?;
        }
    }
}

/// Waits until `fd` is writable and runs `f` on it, again after every `WouldBlock`.
async fn write_op<T: std::os::fd::AsRawFd, R>(
    fd: &AsyncFd<T>,
    mut f: impl FnMut(&T) -> Result<R, Error>,
) -> Result<R, Error> {
    loop {
        let mut guard = fd.writable().await?;
        if let Ok(result) = guard.try_io(|inner| retry_on_would_block(f(inner.get_ref()))) {
            return result?;
        }
    }
}

//! The system layer: every call into the C library goes through here.
//!
//! One file per operating system holds the constants, the C layouts and the calls whose details
//! differ; they export identical `pub(crate)` names, so the rest of the crate is portable.

/// Calls a libc function and maps a `-1` result to [`std::io::Error::last_os_error`].
macro_rules! syscall {
    ($fn:ident ( $($arg:expr),* $(,)? )) => {{
        #[allow(unused_unsafe)]
        // SAFETY: the caller of the macro upholds the contract of the called function; every use
        // site carries its own `SAFETY` comment.
        let res = unsafe { libc::$fn($($arg),*) };
        if res == -1 {
            Err(std::io::Error::last_os_error())
        } else {
            Ok(res)
        }
    }};
}

#[cfg(target_os = "linux")]
#[path = "linux.rs"]
mod os;

#[cfg(target_os = "freebsd")]
#[path = "freebsd.rs"]
mod os;

#[cfg(not(any(target_os = "linux", target_os = "freebsd")))]
compile_error!("the sctp crate supports Linux and FreeBSD only");

pub(crate) use os::*;

/// Registers a socket of this crate with tokio's reactor.
///
/// # Panics
///
/// Outside a tokio runtime with IO enabled.
#[cfg(feature = "tokio")]
pub(crate) fn register_async<T: std::os::fd::AsFd + std::os::fd::AsRawFd>(
    socket: T,
) -> std::io::Result<tokio::io::unix::AsyncFd<T>> {
    // SAFETY: `T` is one of the crate's socket types, which own their descriptor (an
    // `OwnedFd` inside `socket2::Socket`) and always report that same descriptor; moved into the
    // `AsyncFd`, it stays open until the `AsyncFd` is dropped or gives it back.
    Ok(unsafe { tokio::io::unix::AsyncFd::register(socket) }?)
}

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

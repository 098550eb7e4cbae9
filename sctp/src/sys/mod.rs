//! The system layer: every call into the C library goes through here.
//!
//! What Linux and FreeBSD share lives in `unix.rs`. One file per operating system holds the
//! constants, the C layouts and the calls whose details differ, and the small pieces the shared
//! code builds on; they export identical names, so the rest of the crate is portable.

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

mod unix;

pub(crate) use unix::*;

mod batch;

pub(crate) use batch::*;

/// A socket of this crate: the `socket2::Socket` most calls go through, and its descriptor
/// number for the calls made on every message. socket2's `as_fd` is not `#[inline]`, so asking
/// it for the descriptor would cost a function call per send and per receive in the caller's
/// crate.
pub(crate) struct Sock {
    socket: socket2::Socket,
    raw: std::os::fd::RawFd,
    /// Bytes of a notification already read when reading the rest of it failed, else 0: the
    /// rest is still queued, and the next receive must drop it rather than parse it (see
    /// `common::finish_notification`). Looked at only when a notification arrives.
    tail: std::sync::atomic::AtomicUsize,
}

impl Sock {
    /// The descriptor, without a call into socket2.
    #[inline(always)]
    pub(crate) fn fd(&self) -> std::os::fd::BorrowedFd<'_> {
        // SAFETY: `raw` is the descriptor `socket` owns; it stays open while `self` lives, and
        // the borrow cannot outlive `self`.
        unsafe { std::os::fd::BorrowedFd::borrow_raw(self.raw) }
    }

    /// Records that the rest of a notification, of which `read` bytes were read, is still
    /// queued.
    pub(crate) fn set_tail(&self, read: usize) {
        self.tail
            .store(read.max(1), std::sync::atomic::Ordering::Relaxed);
    }

    /// Whether the rest of a notification is still queued (see [`Sock::set_tail`]).
    #[inline(always)]
    pub(crate) fn has_tail(&self) -> bool {
        self.tail.load(std::sync::atomic::Ordering::Relaxed) != 0
    }

    /// Takes the record of [`Sock::set_tail`]: the bytes read before, if the rest is queued.
    pub(crate) fn take_tail(&self) -> Option<usize> {
        match self.tail.swap(0, std::sync::atomic::Ordering::Relaxed) {
            0 => None,
            n => Some(n),
        }
    }

    /// The descriptor number, for the data path's system calls.
    ///
    /// `BorrowedFd::borrow_raw` checks that the number is not -1 on every call; the number a
    /// `Sock` holds comes from an open socket, so the calls made per message take it as is.
    #[inline(always)]
    pub(crate) fn raw_fd(&self) -> std::os::fd::RawFd {
        self.raw
    }

    /// Gives the owned socket back.
    pub(crate) fn into_socket(self) -> socket2::Socket {
        self.socket
    }
}

impl From<socket2::Socket> for Sock {
    fn from(socket: socket2::Socket) -> Sock {
        use std::os::fd::AsRawFd;
        let raw = socket.as_raw_fd();
        Sock {
            socket,
            raw,
            tail: std::sync::atomic::AtomicUsize::new(0),
        }
    }
}

impl std::ops::Deref for Sock {
    type Target = socket2::Socket;

    #[inline]
    fn deref(&self) -> &socket2::Socket {
        &self.socket
    }
}

/// The sender address of a received message as the kernel wrote it (`msg_name`), decoded only
/// when asked for: most receivers never look at it, and copying the bytes is cheaper than
/// decoding them on every message.
///
/// SCTP addresses are `sockaddr_in` or `sockaddr_in6`, so the room of a `sockaddr_in6` suffices;
/// a longer address (of a family this crate does not know) is cut off by the kernel and decodes
/// to `None`.
#[derive(Clone, Copy)]
pub(crate) struct RawAddr {
    /// The length the kernel reported; only the first `min(len, size_of(bytes))` bytes of
    /// `bytes` are initialised.
    len: libc::socklen_t,
    bytes: std::mem::MaybeUninit<libc::sockaddr_in6>,
}

impl RawAddr {
    /// No address.
    pub(crate) const NONE: RawAddr = RawAddr {
        len: 0,
        bytes: std::mem::MaybeUninit::uninit(),
    };

    /// The room `recvmsg` may fill: give it a `MaybeUninit<sockaddr_in6>` with `msg_namelen`
    /// `CAPACITY`, then [`RawAddr::new`] with what the kernel reported.
    pub(crate) const CAPACITY: libc::socklen_t =
        std::mem::size_of::<libc::sockaddr_in6>() as libc::socklen_t;

    /// The address `recvmsg` wrote into `bytes`, `len` being the `msg_namelen` it returned.
    ///
    /// # Safety
    ///
    /// The first `min(len, CAPACITY)` bytes of `bytes` must be initialised.
    #[inline(always)]
    pub(crate) unsafe fn new(
        len: libc::socklen_t,
        bytes: std::mem::MaybeUninit<libc::sockaddr_in6>,
    ) -> RawAddr {
        RawAddr { len, bytes }
    }

    /// The decoded address; `None` when the kernel reported none or one of another family.
    pub(crate) fn decode(&self) -> Option<std::net::SocketAddr> {
        let len = self.len.min(Self::CAPACITY) as usize;
        if len == 0 {
            return None;
        }
        // SAFETY: `new`'s contract: the first `len` bytes (at most `CAPACITY`) are initialised.
        let bytes = unsafe { std::slice::from_raw_parts(self.bytes.as_ptr().cast::<u8>(), len) };
        unix::decode_addr(bytes).ok().map(|(addr, _)| addr)
    }
}

impl std::fmt::Debug for RawAddr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.decode().fmt(f)
    }
}

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

//! The file-descriptor traits shared by the three socket types.

/// Implements `AsFd`, `AsRawFd`, `FromRawFd`, `IntoRawFd`, `From<OwnedFd>` and
/// `From<$ty> for OwnedFd` for a newtype over `socket2::Socket` named `inner`.
macro_rules! impl_fd_traits {
    ($ty:ident) => {
        impl std::os::fd::AsFd for $ty {
            fn as_fd(&self) -> std::os::fd::BorrowedFd<'_> {
                self.inner.fd()
            }
        }

        impl std::os::fd::AsRawFd for $ty {
            fn as_raw_fd(&self) -> std::os::fd::RawFd {
                std::os::fd::AsRawFd::as_raw_fd(&self.inner.fd())
            }
        }

        impl std::os::fd::FromRawFd for $ty {
            /// Wraps an SCTP socket file descriptor of the matching style.
            ///
            /// # Safety
            ///
            /// `fd` must be an open socket that the caller owns; ownership passes to the new value.
            unsafe fn from_raw_fd(fd: std::os::fd::RawFd) -> $ty {
                // SAFETY: the caller passes an owned, open socket (this function's contract).
                $ty::from_sock(unsafe { socket2::Socket::from_raw_fd(fd) }.into())
            }
        }

        impl std::os::fd::IntoRawFd for $ty {
            fn into_raw_fd(self) -> std::os::fd::RawFd {
                self.inner.into_socket().into_raw_fd()
            }
        }

        impl From<std::os::fd::OwnedFd> for $ty {
            /// Wraps an owned SCTP socket of the matching style; no check is made.
            fn from(fd: std::os::fd::OwnedFd) -> $ty {
                $ty::from_sock(socket2::Socket::from(fd).into())
            }
        }

        impl From<$ty> for std::os::fd::OwnedFd {
            fn from(socket: $ty) -> std::os::fd::OwnedFd {
                socket.inner.into_socket().into()
            }
        }
    };
}
pub(crate) use impl_fd_traits;

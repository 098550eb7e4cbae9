//! Raw option access: the only place in the options module that touches `getsockopt(2)` and
//! `setsockopt(2)`.
//!
//! Three shapes of SCTP option exist, and each has one helper:
//!
//! - fixed-size values ([`get`], [`set`]): a C struct of plain integers. Most SCTP options are
//!   *in/out* on get: the buffer carries an association id (and sometimes an address or a stream
//!   number) into the kernel, which overwrites the rest. [`get`] therefore takes the value to
//!   send in, not just a type;
//! - variable-length values ([`get_bytes`], [`set_bytes`]): a header followed by an array whose
//!   length the caller chooses (association id lists, AUTH chunk lists, HMAC identifiers, AUTH
//!   keys, stream reset lists). They travel as byte buffers the callers encode and decode with
//!   safe code;
//! - addresses inside a struct (`sockaddr_storage`) are copied out as bytes and decoded with
//!   safe code ([`storage_to_bytes`], [`addr_from_storage`]), and the reverse
//!   ([`storage_from_addr`], [`storage_from_bytes`]).
//!
//! The generic helpers are `unsafe fn` with a written contract; the safe wrappers restrict `T` to
//! [`Pod`], whose implementations (below, each with its justification) are the single list of
//! types allowed through.

use std::io;
use std::mem;
use std::net::SocketAddr;
use std::os::fd::{AsRawFd, BorrowedFd};

use crate::Error;

/// One SCTP socket option: its C name (for errors and docs) and its number at `IPPROTO_SCTP`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Opt {
    /// The C name, e.g. `"SCTP_RTOINFO"`.
    pub(crate) name: &'static str,
    /// The option number of `linux/sctp.h`.
    pub(crate) num: libc::c_int,
}

/// Maps the `errno` of a failed option call to the crate error.
///
/// `ENOPROTOOPT` from an option call means the kernel does not know the option (it answers so
/// for every number it has no case for); it becomes [`Error::UnsupportedOption`]. A few options
/// also answer `ENOPROTOOPT` when a feature is off for the association; those callers map the
/// error themselves before it reaches here.
pub(crate) fn map_err(opt: Opt, err: io::Error) -> Error {
    if err.raw_os_error() == Some(libc::ENOPROTOOPT) {
        Error::UnsupportedOption { option: opt.name }
    } else {
        Error::Io(err)
    }
}

/// Plain-old-data: a `repr(C)` type made only of integers (and arrays or structs of them), with
/// no padding that matters, for which every bit pattern is a valid value.
///
/// # Safety
///
/// Implement only for types whose every bit pattern (including all zeroes) is a valid value
/// and which contain no pointers, references or `bool`s. The kernel writes arbitrary bytes into
/// such a value on `getsockopt`.
pub(crate) unsafe trait Pod: Sized + 'static {
    /// The all-zero value.
    fn zeroed() -> Self {
        // SAFETY: the trait's contract says all-zero bytes are a valid value of `Self`.
        unsafe { mem::zeroed() }
    }
}

macro_rules! pod {
    ($($ty:ty),* $(,)?) => {
        $(
            // SAFETY: a C struct of `linux/sctp.h` made of fixed-width integers, integer arrays and
            // `sockaddr_storage` (itself integers and byte arrays); no pointers, no `bool`, so
            // every bit pattern is a valid value.
            unsafe impl Pod for $ty {}
        )*
    };
}

/// The struct of `SCTP_PRIMARY_ADDR`: `struct sctp_prim` of Linux; FreeBSD's header names it
/// `struct sctp_setprim` (with the address first).
pub(crate) use crate::sys::Prim;

pod!(
    libc::c_int,
    u32,
    sctp_sys::sctp_rtoinfo,
    sctp_sys::sctp_assocparams,
    sctp_sys::sctp_initmsg,
    Prim,
    sctp_sys::sctp_setadaptation,
    sctp_sys::sctp_paddrparams,
    sctp_sys::sctp_sndrcvinfo,
    sctp_sys::sctp_sndinfo,
    sctp_sys::sctp_status,
    sctp_sys::sctp_paddrinfo,
    sctp_sys::sctp_sack_info,
    sctp_sys::sctp_assoc_value,
    sctp_sys::sctp_stream_value,
    sctp_sys::sctp_authchunk,
    sctp_sys::sctp_authkeyid,
    sctp_sys::sctp_paddrthlds,
    sctp_sys::sctp_prstatus,
    sctp_sys::sctp_default_prinfo,
    sctp_sys::sctp_add_streams,
    sctp_sys::sctp_udpencaps,
);

// Linux-only option structs.
#[cfg(target_os = "linux")]
pod!(
    sctp_sys::sctp_paddrthlds_v2,
    sctp_sys::sctp_assoc_stats,
    sctp_sys::sctp_probeinterval,
);

/// `getsockopt(fd, IPPROTO_SCTP, opt, value, sizeof(T))`, with `value` as the in/out buffer.
///
/// Returns the number of bytes the kernel reported as written.
///
/// # Safety
///
/// Every bit pattern must be a valid value of `T` (the kernel may write any bytes into the
/// first `size_of::<T>()` bytes of `value`), and `T` must have no pointers the kernel would
/// follow.
unsafe fn getsockopt<T>(fd: BorrowedFd<'_>, opt: Opt, value: &mut T) -> io::Result<usize> {
    // SAFETY: the caller guarantees any bytes the kernel writes form a valid `T`, which has no
    // pointers the kernel would follow.
    unsafe { crate::sys::getsockopt_inout(fd, libc::IPPROTO_SCTP, opt.num, value) }
}

/// `setsockopt(fd, IPPROTO_SCTP, opt, value, sizeof(T))`.
///
/// # Safety
///
/// `T` must be the layout the kernel expects for `opt` (or a prefix it accepts) and contain no
/// pointers; the kernel only reads `size_of::<T>()` bytes of `value`.
unsafe fn setsockopt<T>(fd: BorrowedFd<'_>, opt: Opt, value: &T) -> io::Result<()> {
    // SAFETY: the caller guarantees `T` is the layout `opt` reads, without pointers.
    unsafe { crate::sys::setsockopt(fd, libc::IPPROTO_SCTP, opt.num, value) }
}

/// Reads a fixed-size option; `value` goes in (association id, address, stream) and the
/// kernel's answer comes out.
///
/// A reply shorter than `T` is an error ([`Error::OptionLength`]) rather than a half-filled
/// value.
pub(crate) fn get<T: Pod>(fd: BorrowedFd<'_>, opt: Opt, mut value: T) -> Result<T, Error> {
    // SAFETY: `T: Pod` guarantees every bit pattern is valid and there are no pointers.
    let len = unsafe { getsockopt(fd, opt, &mut value) }.map_err(|e| map_err(opt, e))?;
    full_length::<T>(opt, len)?;
    Ok(value)
}

/// [`Error::OptionLength`] when a reply of `len` bytes is shorter than the `T` it should fill.
pub(crate) fn full_length<T>(opt: Opt, len: usize) -> Result<(), Error> {
    if len < mem::size_of::<T>() {
        return Err(Error::OptionLength {
            option: opt.name,
            expected: mem::size_of::<T>(),
            got: len,
        });
    }
    Ok(())
}

/// Writes a fixed-size option.
pub(crate) fn set<T: Pod>(fd: BorrowedFd<'_>, opt: Opt, value: &T) -> Result<(), Error> {
    // SAFETY: `T: Pod` has no pointers; the kernel reads exactly `size_of::<T>()` bytes.
    unsafe { setsockopt(fd, opt, value) }.map_err(|e| map_err(opt, e))
}

/// Reads a variable-length option into `buf` (whose first bytes carry the input, e.g. an
/// association id); returns the length the kernel reported.
pub(crate) fn get_bytes(fd: BorrowedFd<'_>, opt: Opt, buf: &mut [u8]) -> io::Result<usize> {
    let mut len = buf.len() as libc::socklen_t;
    // SAFETY: `buf` is writable for `len` bytes; any byte value is a valid `u8`.
    let res = unsafe {
        libc::getsockopt(
            fd.as_raw_fd(),
            libc::IPPROTO_SCTP,
            opt.num,
            buf.as_mut_ptr().cast(),
            &mut len,
        )
    };
    if res == -1 {
        return Err(io::Error::last_os_error());
    }
    Ok((len as usize).min(buf.len()))
}

/// Writes a variable-length option from an encoded byte buffer.
pub(crate) fn set_bytes(fd: BorrowedFd<'_>, opt: Opt, buf: &[u8]) -> Result<(), Error> {
    // SAFETY: `buf` is readable for the length passed; the kernel copies it.
    let res = unsafe {
        libc::setsockopt(
            fd.as_raw_fd(),
            libc::IPPROTO_SCTP,
            opt.num,
            buf.as_ptr().cast(),
            buf.len() as libc::socklen_t,
        )
    };
    if res == -1 {
        return Err(map_err(opt, io::Error::last_os_error()));
    }
    Ok(())
}

/// Size of `struct sockaddr_storage`.
pub(crate) use crate::sys::STORAGE_LEN;

/// Encodes a socket address as the bytes of a `sockaddr_storage` (`sockaddr_in` or
/// `sockaddr_in6`, zero padded).
pub(crate) fn storage_from_addr(addr: &SocketAddr) -> [u8; STORAGE_LEN] {
    crate::sys::storage_bytes(addr)
}

/// Decodes the bytes of a `sockaddr_storage`; `None` for `AF_UNSPEC` (no address), an error
/// for a family that is neither IPv4 nor IPv6.
pub(crate) fn addr_from_storage(bytes: &[u8; STORAGE_LEN]) -> Result<Option<SocketAddr>, Error> {
    if crate::sys::read_family(bytes) == Some(libc::AF_UNSPEC) {
        return Ok(None);
    }
    crate::sys::decode_addr(bytes).map(|(addr, _)| Some(addr))
}

/// The bytes of a `sockaddr_storage` value (copied out of a kernel struct, packed or not).
///
/// The field's Rust type is whatever the bindings generated, so it is handled as
/// `STORAGE_LEN` bytes.
pub(crate) fn storage_to_bytes<S: Pod>(storage: S) -> [u8; STORAGE_LEN] {
    const { assert!(mem::size_of::<S>() == STORAGE_LEN) };
    // SAFETY: `S` is exactly `STORAGE_LEN` bytes (checked at compile time above), and reading
    // any initialized value's bytes as `u8` is valid; `read_unaligned` has no alignment needs.
    unsafe { std::ptr::read_unaligned((&storage as *const S).cast::<[u8; STORAGE_LEN]>()) }
}

/// A `sockaddr_storage` value made from encoded bytes, to assign into a kernel struct.
pub(crate) fn storage_from_bytes<S: Pod>(bytes: [u8; STORAGE_LEN]) -> S {
    const { assert!(mem::size_of::<S>() == STORAGE_LEN) };
    // SAFETY: `S` is exactly `STORAGE_LEN` bytes and `Pod`, so any bytes form a valid value;
    // `read_unaligned` has no alignment needs.
    unsafe { std::ptr::read_unaligned((&bytes as *const [u8; STORAGE_LEN]).cast::<S>()) }
}

// SAFETY: `sockaddr_storage` is a family number followed by byte padding and an alignment
// integer; any bit pattern is a valid value.
unsafe impl Pod for libc::sockaddr_storage {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enoprotoopt_is_unsupported_option() {
        let opt = Opt {
            name: "SCTP_TEST",
            num: 9999,
        };
        let err = map_err(opt, io::Error::from_raw_os_error(libc::ENOPROTOOPT));
        assert!(
            matches!(
                err,
                Error::UnsupportedOption {
                    option: "SCTP_TEST"
                }
            ),
            "{err:?}"
        );
        let err = map_err(opt, io::Error::from_raw_os_error(libc::EINVAL));
        assert!(matches!(err, Error::Io(ref e) if e.raw_os_error() == Some(libc::EINVAL)));
    }

    #[test]
    fn storage_round_trips_addresses() {
        for text in ["192.0.2.7:3868", "[2001:db8::1]:9", "[fe80::1%3]:1"] {
            let addr: SocketAddr = text.parse().unwrap();
            let bytes = storage_from_addr(&addr);
            assert_eq!(addr_from_storage(&bytes).unwrap(), Some(addr));
            let storage: libc::sockaddr_storage = storage_from_bytes(bytes);
            assert_eq!(storage_to_bytes(storage), bytes);
        }
        assert_eq!(addr_from_storage(&[0u8; STORAGE_LEN]).unwrap(), None);
        let mut unix = [0u8; STORAGE_LEN];
        unix[0..2].copy_from_slice(&(libc::AF_UNIX as libc::sa_family_t).to_ne_bytes());
        assert!(matches!(
            addr_from_storage(&unix),
            Err(Error::UnsupportedAddressFamily(libc::AF_UNIX))
        ));
    }

    /// The kernel answers `ENOPROTOOPT` for an option number it has no case for; the helpers
    /// turn it into the typed error. `SCTP_SENDMSG_CONNECT` (126) is such a number on Linux:
    /// the header defines it for a security hook, not as a socket option.
    #[test]
    #[ignore = "needs kernel SCTP: run by cargo xtask test"]
    fn unknown_option_number_is_unsupported() {
        use socket2::{Domain, Protocol, Socket, Type};
        use std::os::fd::AsFd;

        let s = Socket::new(Domain::IPV4, Type::SEQPACKET, Some(Protocol::SCTP))
            .expect("SCTP socket (does the kernel have SCTP?)");
        for num in [126, 9999] {
            let opt = Opt {
                name: "SCTP_UNKNOWN",
                num,
            };
            assert!(matches!(
                get(s.as_fd(), opt, 0 as libc::c_int),
                Err(Error::UnsupportedOption {
                    option: "SCTP_UNKNOWN"
                })
            ));
            assert!(matches!(
                set(s.as_fd(), opt, &(1 as libc::c_int)),
                Err(Error::UnsupportedOption {
                    option: "SCTP_UNKNOWN"
                })
            ));
        }
    }

    #[test]
    fn paddrparams_offsets_match_the_header() {
        use std::mem::{offset_of, size_of};
        type P = sctp_sys::sctp_paddrparams;
        use super::super::access::paddrparams_layout as l;
        assert_eq!(offset_of!(P, spp_address), l::ADDRESS);
        assert_eq!(offset_of!(P, spp_hbinterval), l::HBINTERVAL);
        assert_eq!(offset_of!(P, spp_pathmaxrxt), l::PATHMAXRXT);
        assert_eq!(offset_of!(P, spp_pathmtu), l::PATHMTU);
        #[cfg(target_os = "linux")]
        assert_eq!(offset_of!(P, spp_sackdelay), l::SACKDELAY);
        assert_eq!(offset_of!(P, spp_flags), l::FLAGS);
        assert_eq!(offset_of!(P, spp_ipv6_flowlabel), l::FLOWLABEL);
        assert_eq!(offset_of!(P, spp_dscp), l::DSCP);
        assert_eq!(size_of::<P>(), l::LEN);
    }
}

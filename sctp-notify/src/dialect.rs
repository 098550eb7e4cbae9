//! The notification layouts this crate knows, and their tables of type codes.

/// Which operating system's notification layout a byte buffer follows.
///
/// Linux (`include/uapi/linux/sctp.h`) and FreeBSD (`netinet/sctp_uio.h`) agree on the
/// RFC 6458 §6.1 field names but not on the numbers or the layout. usrsctp, FreeBSD's stack
/// built as a userland library (`usrsctp.h`), keeps FreeBSD's numbers and structs but writes
/// socket addresses the way the host it runs on does:
///
/// | | Linux | FreeBSD | usrsctp |
/// |---|---|---|---|
/// | type codes | `0x8001..=0x800d`, in kernel order | `0x0001..=0x000e`, RFC order | as FreeBSD |
/// | `sctp_assoc_t` | `i32` | `u32` | `u32` |
/// | `sac_state`, `spc_state` | from 0 (`SCTP_COMM_UP` = 0) | from 1 (`SCTP_COMM_UP` = 1) | as FreeBSD |
/// | `ssf_flags` (send failed) | enumeration: unsent 0, sent 1 | bit flags: unsent 1, sent 2 | as FreeBSD |
/// | `pdapi_indication` aborted | 0 | 1 | 1 |
/// | `auth_indication` | new key 0, free key 1, no auth 2 | new key 1, no auth 2, free key 3 | as FreeBSD |
/// | `sctp_pdapi_event` | `u32` stream and sequence after the assoc id (24 bytes) | `u16` stream and sequence before it (20 bytes) | as FreeBSD (see below) |
/// | `sctp_sndrcvinfo` in `sctp_send_failed` | 32 bytes | 128 bytes, with key number and padding | as FreeBSD |
/// | `sctp_paddr_change` | 148 bytes (packed) | 152 bytes | 152 bytes |
/// | `sockaddr` header | `u16` family (`AF_INET6` = 10) | `u8` length, `u8` family (`AF_INET6` = 28) | the host's (see below) |
/// | notifications stopped | absent | `SCTP_NOTIFICATIONS_STOPPED_EVENT` (`0x000b`) | as FreeBSD |
///
/// usrsctp's `sockaddr_storage` is the host's, and so is the header of the address in
/// `spc_aaddr`: on Linux and Windows a `u16` family (`AF_INET6` = 10 on Linux, 23 on Windows),
/// on FreeBSD, DragonFly and Apple systems a length byte and a one-byte family (`AF_INET6` =
/// 28, or 30 on Apple systems). [`Dialect::Usrsctp`] uses the convention of the target this
/// crate is compiled for, so bytes captured from usrsctp decode on a machine of the same kind.
/// usrsctp's own `AF_CONN` addresses (123) are reported as
/// [`Error::UnsupportedAddressFamily`](crate::Error::UnsupportedAddressFamily), like any other
/// family that is neither IPv4 nor IPv6.
///
/// `usrsctp.h` declares `sctp_pdapi_event` with `u32` stream and sequence fields (24 bytes),
/// but the library writes FreeBSD's 20-byte struct with `u16` fields, and that is what
/// [`Dialect::Usrsctp`] reads and writes (see [`PartialDelivery`](crate::PartialDelivery)).
///
/// All multi-byte fields are read in the byte order of the machine running this code,
/// which is the order the kernel wrote them in when the notification was captured on it.
///
/// # Examples
///
/// ```
/// use sctp_notify::Dialect;
///
/// #[cfg(target_os = "linux")]
/// assert_eq!(Dialect::HOST, Dialect::Linux);
/// assert_eq!("freebsd".parse::<Dialect>(), Ok(Dialect::FreeBsd));
/// assert_eq!("usrsctp".parse::<Dialect>(), Ok(Dialect::Usrsctp));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// The Linux kernel's layout (`linux/sctp.h`, as installed by lksctp-tools).
    Linux,
    /// FreeBSD's layout (`netinet/sctp_uio.h`).
    FreeBsd,
    /// usrsctp's layout (`usrsctp.h`): FreeBSD's numbers and structs with the host's socket
    /// addresses.
    Usrsctp,
}

impl Dialect {
    /// The dialect of the operating system this crate is compiled for.
    ///
    /// FreeBSD and the BSDs deriving their SCTP stack from it use [`Dialect::FreeBsd`];
    /// every other target, Linux included, uses [`Dialect::Linux`].
    #[cfg(any(
        target_os = "freebsd",
        target_os = "dragonfly",
        target_vendor = "apple"
    ))]
    pub const HOST: Dialect = Dialect::FreeBsd;
    /// The dialect of the operating system this crate is compiled for.
    ///
    /// FreeBSD and the BSDs deriving their SCTP stack from it use [`Dialect::FreeBsd`];
    /// every other target, Linux included, uses [`Dialect::Linux`].
    #[cfg(not(any(
        target_os = "freebsd",
        target_os = "dragonfly",
        target_vendor = "apple"
    )))]
    pub const HOST: Dialect = Dialect::Linux;

    /// The dialect's name as accepted by [`str::parse`]: `"linux"`, `"freebsd"` or
    /// `"usrsctp"`.
    pub const fn name(self) -> &'static str {
        match self {
            Dialect::Linux => "linux",
            Dialect::FreeBsd => "freebsd",
            Dialect::Usrsctp => "usrsctp",
        }
    }

    /// How this dialect writes the header of a `sockaddr_in`/`sockaddr_in6`.
    pub(crate) const fn sockaddr(self) -> Sockaddr {
        match self {
            Dialect::Linux => Sockaddr::Family16 { af_inet6: 10 },
            Dialect::FreeBsd => Sockaddr::LenFamily8 { af_inet6: 28 },
            Dialect::Usrsctp => Sockaddr::HOST,
        }
    }

    /// The notification kind that `sn_type` denotes in this dialect.
    pub(crate) const fn kind(self, sn_type: u16) -> Option<Kind> {
        use Kind::*;
        Some(match (self, sn_type) {
            (Dialect::Linux, 0x8001) | (Dialect::FreeBsd | Dialect::Usrsctp, 0x0001) => AssocChange,
            (Dialect::Linux, 0x8002) | (Dialect::FreeBsd | Dialect::Usrsctp, 0x0002) => {
                PeerAddrChange
            }
            (Dialect::Linux, 0x8003) | (Dialect::FreeBsd | Dialect::Usrsctp, 0x0004) => SendFailed,
            (Dialect::Linux, 0x8004) | (Dialect::FreeBsd | Dialect::Usrsctp, 0x0003) => RemoteError,
            (Dialect::Linux, 0x8005) | (Dialect::FreeBsd | Dialect::Usrsctp, 0x0005) => Shutdown,
            (Dialect::Linux, 0x8006) | (Dialect::FreeBsd | Dialect::Usrsctp, 0x0007) => {
                PartialDelivery
            }
            (Dialect::Linux, 0x8007) | (Dialect::FreeBsd | Dialect::Usrsctp, 0x0006) => {
                AdaptationIndication
            }
            (Dialect::Linux, 0x8008) | (Dialect::FreeBsd | Dialect::Usrsctp, 0x0008) => {
                Authentication
            }
            (Dialect::Linux, 0x8009) | (Dialect::FreeBsd | Dialect::Usrsctp, 0x000a) => SenderDry,
            (Dialect::Linux, 0x800a) | (Dialect::FreeBsd | Dialect::Usrsctp, 0x0009) => StreamReset,
            (Dialect::Linux, 0x800b) | (Dialect::FreeBsd | Dialect::Usrsctp, 0x000c) => AssocReset,
            (Dialect::Linux, 0x800c) | (Dialect::FreeBsd | Dialect::Usrsctp, 0x000d) => {
                StreamChange
            }
            (Dialect::Linux, 0x800d) | (Dialect::FreeBsd | Dialect::Usrsctp, 0x000e) => {
                SendFailedEvent
            }
            (Dialect::FreeBsd | Dialect::Usrsctp, 0x000b) => NotificationsStopped,
            _ => return None,
        })
    }

    /// The `sn_type` code of `kind` in this dialect, if the dialect has that kind.
    ///
    /// Linux: `enum sctp_sn_type` of `linux/sctp.h`, where `SCTP_SN_TYPE_BASE` (`1 << 15`)
    /// is `SCTP_DATA_IO_EVENT` and the notifications follow in declaration order.
    /// FreeBSD and usrsctp: the `#define`s of `netinet/sctp_uio.h` and `usrsctp.h`.
    pub(crate) const fn type_code(self, kind: Kind) -> Option<u16> {
        use Kind::*;
        Some(match (self, kind) {
            (Dialect::Linux, AssocChange) => 0x8001,
            (Dialect::Linux, PeerAddrChange) => 0x8002,
            (Dialect::Linux, SendFailed) => 0x8003,
            (Dialect::Linux, RemoteError) => 0x8004,
            (Dialect::Linux, Shutdown) => 0x8005,
            (Dialect::Linux, PartialDelivery) => 0x8006,
            (Dialect::Linux, AdaptationIndication) => 0x8007,
            (Dialect::Linux, Authentication) => 0x8008,
            (Dialect::Linux, SenderDry) => 0x8009,
            (Dialect::Linux, StreamReset) => 0x800a,
            (Dialect::Linux, AssocReset) => 0x800b,
            (Dialect::Linux, StreamChange) => 0x800c,
            (Dialect::Linux, SendFailedEvent) => 0x800d,
            (Dialect::Linux, NotificationsStopped) => return None,
            (Dialect::FreeBsd | Dialect::Usrsctp, AssocChange) => 0x0001,
            (Dialect::FreeBsd | Dialect::Usrsctp, PeerAddrChange) => 0x0002,
            (Dialect::FreeBsd | Dialect::Usrsctp, RemoteError) => 0x0003,
            (Dialect::FreeBsd | Dialect::Usrsctp, SendFailed) => 0x0004,
            (Dialect::FreeBsd | Dialect::Usrsctp, Shutdown) => 0x0005,
            (Dialect::FreeBsd | Dialect::Usrsctp, AdaptationIndication) => 0x0006,
            (Dialect::FreeBsd | Dialect::Usrsctp, PartialDelivery) => 0x0007,
            (Dialect::FreeBsd | Dialect::Usrsctp, Authentication) => 0x0008,
            (Dialect::FreeBsd | Dialect::Usrsctp, StreamReset) => 0x0009,
            (Dialect::FreeBsd | Dialect::Usrsctp, SenderDry) => 0x000a,
            (Dialect::FreeBsd | Dialect::Usrsctp, NotificationsStopped) => 0x000b,
            (Dialect::FreeBsd | Dialect::Usrsctp, AssocReset) => 0x000c,
            (Dialect::FreeBsd | Dialect::Usrsctp, StreamChange) => 0x000d,
            (Dialect::FreeBsd | Dialect::Usrsctp, SendFailedEvent) => 0x000e,
        })
    }

    /// `sctp_assoc_t` is signed on Linux.
    pub(crate) const fn signed_assoc_id(self) -> bool {
        matches!(self, Dialect::Linux)
    }
}

/// Error of parsing a [`Dialect`] name other than `linux`, `freebsd` or `usrsctp`.
///
/// # Examples
///
/// ```
/// use sctp_notify::Dialect;
///
/// assert!("windows".parse::<Dialect>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownDialect;

impl core::fmt::Display for UnknownDialect {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("unknown dialect (expected linux, freebsd or usrsctp)")
    }
}

impl core::error::Error for UnknownDialect {}

impl core::str::FromStr for Dialect {
    type Err = UnknownDialect;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "linux" => Ok(Dialect::Linux),
            "freebsd" => Ok(Dialect::FreeBsd),
            "usrsctp" => Ok(Dialect::Usrsctp),
            _ => Err(UnknownDialect),
        }
    }
}

impl core::fmt::Display for Dialect {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// The header of a `sockaddr_in`/`sockaddr_in6` in a dialect, with its `AF_INET6` value
/// (`AF_INET` is 2 everywhere).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sockaddr {
    /// A host-order `u16` `sa_family` (Linux, Windows).
    Family16 { af_inet6: u16 },
    /// A `u8` `sa_len` then a `u8` `sa_family` (the BSDs, Apple systems).
    LenFamily8 { af_inet6: u16 },
}

impl Sockaddr {
    /// The host's convention, which usrsctp follows.
    #[cfg(any(target_os = "freebsd", target_os = "dragonfly"))]
    const HOST: Sockaddr = Sockaddr::LenFamily8 { af_inet6: 28 };
    /// The host's convention, which usrsctp follows.
    #[cfg(target_vendor = "apple")]
    const HOST: Sockaddr = Sockaddr::LenFamily8 { af_inet6: 30 };
    /// The host's convention, which usrsctp follows.
    #[cfg(windows)]
    const HOST: Sockaddr = Sockaddr::Family16 { af_inet6: 23 };
    /// The host's convention, which usrsctp follows (Linux and the other targets usrsctp
    /// builds on with a `u16` family).
    #[cfg(not(any(
        target_os = "freebsd",
        target_os = "dragonfly",
        target_vendor = "apple",
        windows
    )))]
    const HOST: Sockaddr = Sockaddr::Family16 { af_inet6: 10 };
}

/// The notification kinds, independent of any dialect's numbering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    AssocChange,
    PeerAddrChange,
    RemoteError,
    SendFailed,
    Shutdown,
    AdaptationIndication,
    PartialDelivery,
    Authentication,
    SenderDry,
    StreamReset,
    AssocReset,
    StreamChange,
    SendFailedEvent,
    NotificationsStopped,
}

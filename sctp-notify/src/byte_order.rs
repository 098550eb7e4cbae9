//! The byte order a notification's fields are read and written in.

/// The byte order of a notification's multi-byte fields.
///
/// A kernel writes notifications in the byte order of the machine it runs on, so
/// [`parse`](crate::parse), [`parse_as`](crate::parse_as) and
/// [`Notification::emit`](crate::Notification::emit) use [`ByteOrder::HOST`]. An analyzer
/// decoding a trace captured on a machine of the other order (a big-endian router's
/// notifications decoded on x86) names the capture's order with
/// [`parse_with`](crate::parse_with) and
/// [`Notification::emit_with`](crate::Notification::emit_with).
///
/// Fields the C headers declare in network byte order are not affected: the port and
/// address bytes of `spc_aaddr`, and Linux's `sre_error` and `sac_error` (`__be16`), whose
/// raw values ([`RemoteError::error`](crate::RemoteError::error),
/// [`AssocChange::error`](crate::AssocChange::error)) are the two stored bytes as the
/// machine running this code reads them, whatever the order chosen.
///
/// # Examples
///
/// ```
/// use sctp_notify::{parse_with, ByteOrder, Dialect, Notification};
///
/// // A Linux SCTP_SHUTDOWN_EVENT for association 3, captured on a big-endian host.
/// let b = [0x80, 0x05, 0, 0, 0, 0, 0, 12, 0, 0, 0, 3];
/// let n = parse_with(Dialect::Linux, ByteOrder::Big, &b)?;
/// assert!(matches!(n, Notification::Shutdown(s) if s.assoc_id() == 3));
/// assert_eq!("big".parse::<ByteOrder>(), Ok(ByteOrder::Big));
/// # Ok::<(), sctp_notify::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ByteOrder {
    /// Least significant byte first (x86, most ARM and RISC-V systems).
    Little,
    /// Most significant byte first (s390x, PowerPC and SPARC systems, network order).
    Big,
}

impl ByteOrder {
    /// The byte order of the machine this crate is compiled for.
    #[cfg(target_endian = "little")]
    pub const HOST: ByteOrder = ByteOrder::Little;
    /// The byte order of the machine this crate is compiled for.
    #[cfg(target_endian = "big")]
    pub const HOST: ByteOrder = ByteOrder::Big;

    /// The order's name as accepted by [`str::parse`]: `"little"` or `"big"`.
    pub const fn name(self) -> &'static str {
        match self {
            ByteOrder::Little => "little",
            ByteOrder::Big => "big",
        }
    }

    pub(crate) const fn u16(self, b: [u8; 2]) -> u16 {
        match self {
            ByteOrder::Little => u16::from_le_bytes(b),
            ByteOrder::Big => u16::from_be_bytes(b),
        }
    }

    pub(crate) const fn u32(self, b: [u8; 4]) -> u32 {
        match self {
            ByteOrder::Little => u32::from_le_bytes(b),
            ByteOrder::Big => u32::from_be_bytes(b),
        }
    }

    pub(crate) const fn u16_bytes(self, v: u16) -> [u8; 2] {
        match self {
            ByteOrder::Little => v.to_le_bytes(),
            ByteOrder::Big => v.to_be_bytes(),
        }
    }

    pub(crate) const fn u32_bytes(self, v: u32) -> [u8; 4] {
        match self {
            ByteOrder::Little => v.to_le_bytes(),
            ByteOrder::Big => v.to_be_bytes(),
        }
    }
}

/// Error of parsing a [`ByteOrder`] name other than `little` or `big`.
///
/// # Examples
///
/// ```
/// use sctp_notify::ByteOrder;
///
/// assert!("middle".parse::<ByteOrder>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownByteOrder;

impl core::fmt::Display for UnknownByteOrder {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("unknown byte order (expected little or big)")
    }
}

impl core::error::Error for UnknownByteOrder {}

impl core::str::FromStr for ByteOrder {
    type Err = UnknownByteOrder;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "little" => Ok(ByteOrder::Little),
            "big" => Ok(ByteOrder::Big),
            _ => Err(UnknownByteOrder),
        }
    }
}

impl core::fmt::Display for ByteOrder {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

//! Checked reading and writing of fixed offsets, shared by every notification view.
//!
//! A [`Record`] is only built by `parse_as` after the buffer has been checked to hold at
//! least the fixed part of its kind in its dialect (`sn_length` ≥ minimum, buffer ≥
//! `sn_length`), and every accessor reads inside that fixed part or slices from its end.
//! So after parsing succeeds no accessor can panic.

use crate::{ByteOrder, Dialect, Error};

/// The checked bytes of one notification (exactly `sn_length` of them), their dialect and
/// their byte order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Record<'a> {
    pub(crate) dialect: Dialect,
    pub(crate) order: ByteOrder,
    pub(crate) bytes: &'a [u8],
}

impl<'a> Record<'a> {
    pub(crate) const fn u8(&self, at: usize) -> u8 {
        self.bytes[at]
    }

    pub(crate) const fn u16(&self, at: usize) -> u16 {
        self.order.u16([self.bytes[at], self.bytes[at + 1]])
    }

    /// A `u16` the headers declare in network byte order (Linux's `__be16` fields): its
    /// two bytes as the running machine reads them, whatever the record's order.
    pub(crate) const fn u16_as_stored(&self, at: usize) -> u16 {
        u16::from_ne_bytes([self.bytes[at], self.bytes[at + 1]])
    }

    pub(crate) const fn u32(&self, at: usize) -> u32 {
        self.order.u32([
            self.bytes[at],
            self.bytes[at + 1],
            self.bytes[at + 2],
            self.bytes[at + 3],
        ])
    }

    /// The bytes from `at` to the end of the record (`at` is at most the checked minimum).
    pub(crate) fn tail(&self, at: usize) -> &'a [u8] {
        self.bytes.split_at(at).1
    }

    pub(crate) fn slice(&self, at: usize, len: usize) -> &'a [u8] {
        &self.bytes[at..at + len]
    }

    pub(crate) const fn sn_type(&self) -> u16 {
        self.u16(0)
    }

    pub(crate) const fn flags(&self) -> u16 {
        self.u16(2)
    }

    pub(crate) const fn length(&self) -> u32 {
        self.u32(4)
    }
}

/// Writes one notification into a zeroed prefix of the caller's buffer.
pub(crate) struct Writer<'b> {
    buf: &'b mut [u8],
    order: ByteOrder,
}

impl<'b> Writer<'b> {
    /// Checks that `out` can take `len` bytes, zeroes them and writes the header.
    pub(crate) fn new(
        out: &'b mut [u8],
        order: ByteOrder,
        len: usize,
        sn_type: u16,
        flags: u16,
    ) -> Result<Self, Error> {
        let got = out.len();
        let buf = out
            .get_mut(..len)
            .ok_or(Error::BufferTooSmall { needed: len, got })?;
        let length =
            u32::try_from(len).map_err(|_| Error::Unrepresentable { field: "sn_length" })?;
        buf.fill(0);
        let mut w = Writer { buf, order };
        w.u16(0, sn_type);
        w.u16(2, flags);
        w.u32(4, length);
        Ok(w)
    }

    pub(crate) fn u8(&mut self, at: usize, v: u8) {
        self.buf[at] = v;
    }

    pub(crate) fn u16(&mut self, at: usize, v: u16) {
        self.bytes(at, &self.order.u16_bytes(v));
    }

    /// The counterpart of [`Record::u16_as_stored`].
    pub(crate) fn u16_as_stored(&mut self, at: usize, v: u16) {
        self.bytes(at, &v.to_ne_bytes());
    }

    pub(crate) fn u32(&mut self, at: usize, v: u32) {
        self.bytes(at, &self.order.u32_bytes(v));
    }

    pub(crate) fn bytes(&mut self, at: usize, v: &[u8]) {
        self.buf[at..at + v.len()].copy_from_slice(v);
    }

    pub(crate) fn len(&self) -> usize {
        self.buf.len()
    }
}

/// The emitted length of a fixed part plus a variable part, as a checked sum.
pub(crate) fn total(fixed: usize, variable: usize) -> Result<usize, Error> {
    fixed
        .checked_add(variable)
        .filter(|&n| u32::try_from(n).is_ok())
        .ok_or(Error::Unrepresentable { field: "sn_length" })
}

/// Declares a notification view: a newtype over a checked [`Record`] with the accessors
/// every kind shares.
macro_rules! view {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub struct $name<'a>(pub(crate) crate::record::Record<'a>);

        impl<'a> $name<'a> {
            /// The dialect whose layout the bytes follow.
            pub const fn dialect(&self) -> crate::Dialect {
                self.0.dialect
            }

            /// The raw `sn_type` code (dialect-specific).
            pub const fn sn_type(&self) -> u16 {
                self.0.sn_type()
            }

            /// The byte order the record's fields were read in.
            pub const fn byte_order(&self) -> crate::ByteOrder {
                self.0.order
            }

            /// The raw `sn_flags` field (the kind's `*_flags`).
            pub const fn flags(&self) -> u16 {
                self.0.flags()
            }

            /// The `sn_length` field: bytes of the whole record, variable part included.
            pub const fn length(&self) -> u32 {
                self.0.length()
            }

            /// The record's bytes, exactly [`length`](Self::length) of them.
            pub const fn as_bytes(&self) -> &'a [u8] {
                self.0.bytes
            }
        }
    };
}
pub(crate) use view;

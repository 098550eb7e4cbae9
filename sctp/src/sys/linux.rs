//! Linux: the kernel's SCTP sockets API (lksctp, `linux/sctp.h` and `netinet/sctp.h`).

/// `SCTP_FUTURE_ASSOC`: associations set up later.
pub(crate) const SCTP_FUTURE_ASSOC: u32 = 0;
/// `SCTP_CURRENT_ASSOC`: every existing association.
pub(crate) const SCTP_CURRENT_ASSOC: u32 = 1;
/// `SCTP_ALL_ASSOC`: existing and future associations.
pub(crate) const SCTP_ALL_ASSOC: u32 = 2;

//! SCTP sockets for Rust (RFC 9260, sockets API of RFC 6458).

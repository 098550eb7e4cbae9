//! A `no_std`, zero-copy parser of SCTP notifications (RFC 6458 §6.1).
#![no_std]
#![forbid(unsafe_code)]

//! SCTP sockets for Rust (RFC 9260, sockets API of RFC 6458).

mod assoc_id;
mod error;
mod fd;
mod listener;
mod options;
mod socket;
mod stream;
mod sys;

pub use assoc_id::AssocId;
pub use error::Error;
pub use listener::SctpListener;
pub use socket::SctpSocket;
pub use stream::SctpStream;

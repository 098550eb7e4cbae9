//! The iterator of accepted associations.

use std::io;

use crate::{SctpListener, SctpStream};

/// An endless iterator over the associations a [`SctpListener`] accepts, made by
/// [`SctpListener::incoming`].
///
/// # Examples
///
/// ```no_run
/// use sctp::SctpListener;
///
/// let listener = SctpListener::bind("127.0.0.1:3868")?;
/// for stream in listener.incoming() {
///     let stream = stream?;
///     println!("association from {:?}", stream.peer_addr());
/// }
/// # Ok::<(), sctp::Error>(())
/// ```
#[derive(Debug)]
pub struct Incoming<'a> {
    pub(crate) listener: &'a SctpListener,
}

impl Iterator for Incoming<'_> {
    type Item = io::Result<SctpStream>;

    fn next(&mut self) -> Option<io::Result<SctpStream>> {
        Some(self.listener.accept().map(|(stream, _)| stream))
    }
}

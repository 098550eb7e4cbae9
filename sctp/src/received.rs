//! The result of a receive call.

use crate::Message;

/// What one `recv` call returned: user data or a notification, both in the caller's buffer.
///
/// Notifications arrive on the same socket as data, in order with it, once subscribed to
/// (`subscribe`); they never appear as data.
///
/// # Examples
///
/// ```no_run
/// use sctp::{Received, SctpSocket};
///
/// let socket = SctpSocket::bind("127.0.0.1:3868")?;
/// socket.listen(8)?;
/// let mut buf = [0u8; 4096];
/// match socket.recv(&mut buf)? {
///     Received::Data(msg) => println!("{} bytes from {}", msg.data().len(), msg.assoc_id()),
///     Received::Notification(n) => {
///         for (name, value) in n.fields() {
///             println!("{name} = {value:?}");
///         }
///     }
/// }
/// # Ok::<(), sctp::Error>(())
/// ```
#[derive(Debug)]
pub enum Received<'b> {
    /// A user message or a part of one.
    Data(Message<'b>),
    /// An event notification (RFC 6458 §6.1), parsed in place.
    Notification(sctp_notify::Notification<'b>),
}

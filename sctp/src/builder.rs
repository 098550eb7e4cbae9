//! Configuring a socket before it binds, listens or connects.

use std::net::SocketAddr;

use socket2::{Socket, Type};

use crate::listener::DEFAULT_BACKLOG;
use crate::{AssocId, Error, Event, InitParams, SctpListener, SctpSocket, SctpStream, sys};
use crate::{common, options};

/// Configures an SCTP socket before it binds, listens or connects — settings that must be in
/// place when the association is set up (stream counts, subscriptions) belong here.
///
/// Finish with [`listener`](Self::listener) (one-to-one server),
/// [`connect`](Self::connect) (one-to-one client) or [`one_to_many`](Self::one_to_many).
///
/// # Examples
///
/// ```no_run
/// use sctp::{Event, InitParams, SctpBuilder};
///
/// let listener = SctpBuilder::new()
///     .init_params(InitParams::new().with_outbound_streams(8).with_max_inbound_streams(8))
///     .subscribe(&[Event::AssocChange, Event::Shutdown])
///     .nodelay(true)
///     .reuse_address(true)
///     .listener(&["127.0.0.1:3868".parse().unwrap()])?;
/// # drop(listener);
/// # Ok::<(), sctp::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct SctpBuilder {
    init: Option<InitParams>,
    events: Vec<Event>,
    nodelay: Option<bool>,
    send_buffer: Option<usize>,
    recv_buffer: Option<usize>,
    reuse_address: bool,
    recv_nxtinfo: bool,
    backlog: Option<i32>,
    local: Vec<SocketAddr>,
}

impl SctpBuilder {
    /// A builder with system defaults.
    pub fn new() -> SctpBuilder {
        SctpBuilder::default()
    }

    /// Sets the stream counts and INIT retransmission limits (`SCTP_INITMSG`).
    pub fn init_params(mut self, params: InitParams) -> SctpBuilder {
        self.init = Some(params);
        self
    }

    /// Subscribes to notifications from the start, so that the first `AssocChange` is seen too.
    pub fn subscribe(mut self, events: &[Event]) -> SctpBuilder {
        self.events.extend_from_slice(events);
        self
    }

    /// Turns Nagle-like bundling delay off (`SCTP_NODELAY`) or on.
    pub fn nodelay(mut self, nodelay: bool) -> SctpBuilder {
        self.nodelay = Some(nodelay);
        self
    }

    /// Sets the send buffer size (`SO_SNDBUF`), which also bounds the message size.
    pub fn send_buffer_size(mut self, size: usize) -> SctpBuilder {
        self.send_buffer = Some(size);
        self
    }

    /// Sets the receive buffer size (`SO_RCVBUF`).
    pub fn recv_buffer_size(mut self, size: usize) -> SctpBuilder {
        self.recv_buffer = Some(size);
        self
    }

    /// Allows binding to an address in use by a socket being closed (`SO_REUSEADDR`).
    pub fn reuse_address(mut self, reuse: bool) -> SctpBuilder {
        self.reuse_address = reuse;
        self
    }

    /// Turns on `SCTP_NXTINFO` metadata on received messages.
    pub fn recv_nxtinfo(mut self, on: bool) -> SctpBuilder {
        self.recv_nxtinfo = on;
        self
    }

    /// Sets the listen backlog of [`listener`](Self::listener) and
    /// [`one_to_many`](Self::one_to_many) (default 128).
    pub fn backlog(mut self, backlog: i32) -> SctpBuilder {
        self.backlog = Some(backlog);
        self
    }

    /// Binds a client socket to these local addresses before [`connect`](Self::connect)
    /// (multi-homed client).
    pub fn local_addrs(mut self, addrs: &[SocketAddr]) -> SctpBuilder {
        self.local = addrs.to_vec();
        self
    }

    fn open(&self, addrs: &[SocketAddr], ty: Type) -> Result<Socket, Error> {
        let domain = common::check_addrs(addrs)?;
        let socket = common::new_socket(domain, ty)?;
        let fd = common::fd(&socket);
        if let Some(p) = &self.init {
            options::access::set_init_params(fd, p)?;
        }
        let assoc = if ty == Type::SEQPACKET {
            AssocId::ALL
        } else {
            AssocId::FUTURE
        };
        for event in &self.events {
            sys::set_event(fd, assoc, event.sn_type(), true)?;
        }
        if let Some(on) = self.nodelay {
            options::access::set_nodelay(fd, on)?;
        }
        if let Some(size) = self.send_buffer {
            socket.set_send_buffer_size(size)?;
        }
        if let Some(size) = self.recv_buffer {
            socket.set_recv_buffer_size(size)?;
        }
        if self.reuse_address {
            socket.set_reuse_address(true)?;
        }
        if self.recv_nxtinfo {
            sys::set_recv_nxtinfo(fd, true)?;
        }
        Ok(socket)
    }

    /// Opens a one-to-one socket, binds it to `addrs` and listens.
    ///
    /// # Errors
    ///
    /// [`Error::EmptyAddressList`], [`Error::MixedAddressFamilies`] or a system call's error.
    pub fn listener(&self, addrs: &[SocketAddr]) -> Result<SctpListener, Error> {
        let inner = self.open(addrs, Type::STREAM)?;
        common::bind_all(&inner, addrs)?;
        inner.listen(self.backlog.unwrap_or(DEFAULT_BACKLOG))?;
        Ok(SctpListener::from_sock(inner.into()))
    }

    /// Opens a one-to-one socket (bound to the [`local_addrs`](Self::local_addrs) if any) and
    /// sets up an association to the peer at `addrs`.
    ///
    /// # Errors
    ///
    /// As [`listener`](Self::listener), and [`Error::AddressFamilyMismatch`] when the local and
    /// peer addresses do not fit together.
    pub fn connect(&self, addrs: &[SocketAddr]) -> Result<SctpStream, Error> {
        let inner = self.client_socket(addrs)?;
        sys::connectx(common::fd(&inner), addrs)?;
        Ok(SctpStream::from_sock(inner.into()))
    }

    /// The configured, bound, checked one-to-one socket [`connect`](Self::connect) connects.
    fn client_socket(&self, addrs: &[SocketAddr]) -> Result<Socket, Error> {
        let family_of = if self.local.is_empty() {
            addrs
        } else {
            &self.local
        };
        let inner = self.open(family_of, Type::STREAM)?;
        if !self.local.is_empty() {
            common::bind_all(&inner, &self.local)?;
        }
        common::check_addrs_for(&inner, addrs)?;
        Ok(inner)
    }

    /// Opens a one-to-many socket bound to `addrs` and listening.
    ///
    /// # Errors
    ///
    /// As [`listener`](Self::listener).
    pub fn one_to_many(&self, addrs: &[SocketAddr]) -> Result<SctpSocket, Error> {
        let inner = self.open(addrs, Type::SEQPACKET)?;
        common::bind_all(&inner, addrs)?;
        inner.listen(self.backlog.unwrap_or(DEFAULT_BACKLOG))?;
        Ok(SctpSocket::from_sock(inner.into()))
    }
}

/// The async finishers (feature `tokio`): the configuration of the builder, then an async socket.
#[cfg(feature = "tokio")]
impl SctpBuilder {
    /// As [`connect`](Self::connect), without blocking the thread: every setting is applied
    /// before the INIT is sent, so a subscription to [`Event::AssocChange`] sees the `COMM_UP`
    /// of this very association as the first thing [`recv`](crate::tokio::SctpStream::recv)
    /// returns.
    ///
    /// Not cancel safe: dropping the future closes the socket, which aborts the setup.
    ///
    /// # Errors
    ///
    /// As [`connect`](Self::connect).
    ///
    /// # Panics
    ///
    /// Outside a tokio runtime with IO enabled.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use sctp::{Event, InitParams, Received, SctpBuilder};
    ///
    /// # async fn run() -> Result<(), sctp::Error> {
    /// let stream = SctpBuilder::new()
    ///     .init_params(InitParams::new().with_outbound_streams(16).with_max_inbound_streams(16))
    ///     .subscribe(&[Event::AssocChange])
    ///     .nodelay(true)
    ///     .connect_async(&["127.0.0.1:3868".parse().unwrap()])
    ///     .await?;
    /// let mut buf = [0u8; 1024];
    /// if let Received::Notification(n) = stream.recv(&mut buf).await? {
    ///     println!("{n:?}"); // the COMM_UP of the association
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn connect_async(
        &self,
        addrs: &[SocketAddr],
    ) -> Result<crate::tokio::SctpStream, Error> {
        let socket = self.client_socket(addrs)?;
        socket.set_nonblocking(true)?;
        match sys::connectx(common::fd(&socket), addrs) {
            Ok(_) => {}
            Err(e) if e.raw_os_error() == Some(libc::EINPROGRESS) => {}
            Err(e) => return Err(e.into()),
        }
        let stream = crate::tokio::SctpStream {
            inner: sys::register_async(SctpStream::from_sock(socket.into()))?,
        };
        // A one-to-one socket turns writable when the association is up, or reports an error
        // when the setup failed.
        stream.writable().await?;
        if let Some(e) = stream.get_ref().take_error()? {
            return Err(e.into());
        }
        Ok(stream)
    }

    /// As [`listener`](Self::listener), giving an async listener.
    ///
    /// # Errors
    ///
    /// As [`listener`](Self::listener).
    ///
    /// # Panics
    ///
    /// Outside a tokio runtime with IO enabled.
    pub fn listener_async(
        &self,
        addrs: &[SocketAddr],
    ) -> Result<crate::tokio::SctpListener, Error> {
        Ok(crate::tokio::SctpListener::from_std(self.listener(addrs)?)?)
    }

    /// As [`one_to_many`](Self::one_to_many), giving an async one-to-many socket.
    ///
    /// # Errors
    ///
    /// As [`listener`](Self::listener).
    ///
    /// # Panics
    ///
    /// Outside a tokio runtime with IO enabled.
    pub fn one_to_many_async(
        &self,
        addrs: &[SocketAddr],
    ) -> Result<crate::tokio::SctpSocket, Error> {
        Ok(crate::tokio::SctpSocket::from_std(
            self.one_to_many(addrs)?,
        )?)
    }
}

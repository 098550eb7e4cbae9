//! Configuration of a userland socket before it binds or connects.

use std::net::SocketAddr;

use super::{SctpListener, SctpSocket, SctpStream, Sock, is_v6};
use crate::{AssocId, Error, Event, InitParams};

/// The backlog of listening sockets unless [`SctpBuilder::backlog`] says otherwise.
const DEFAULT_BACKLOG: i32 = 128;

/// Configures a userland socket before it binds or connects: the counterpart of
/// [`crate::SctpBuilder`], with the same methods and [`remote_udp_port`](Self::remote_udp_port)
/// added.
///
/// # Examples
///
/// ```no_run
/// use sctp::userland::SctpBuilder;
/// use sctp::{Event, InitParams};
///
/// let stream = SctpBuilder::new()
///     .init_params(InitParams::new().with_outbound_streams(4).with_max_inbound_streams(4))
///     .subscribe(&[Event::AssocChange])
///     .remote_udp_port(9899)
///     .connect(&["192.0.2.1:5000".parse().unwrap()])?;
/// # Ok::<(), sctp::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct SctpBuilder {
    init: Option<InitParams>,
    events: Vec<Event>,
    nodelay: Option<bool>,
    send_buffer: Option<usize>,
    recv_buffer: Option<usize>,
    recv_nxtinfo: bool,
    backlog: Option<i32>,
    local: Vec<SocketAddr>,
    remote_udp_port: Option<u16>,
}

impl SctpBuilder {
    /// A builder with the defaults.
    pub fn new() -> SctpBuilder {
        SctpBuilder::default()
    }

    /// Stream counts and INIT retransmission limits (`SCTP_INITMSG`, RFC 6458 §8.1.3).
    pub fn init_params(mut self, params: InitParams) -> SctpBuilder {
        self.init = Some(params);
        self
    }

    /// Notifications to subscribe to before any association exists, so that the first
    /// association-up is seen.
    pub fn subscribe(mut self, events: &[Event]) -> SctpBuilder {
        self.events.extend_from_slice(events);
        self
    }

    /// `SCTP_NODELAY`.
    pub fn nodelay(mut self, nodelay: bool) -> SctpBuilder {
        self.nodelay = Some(nodelay);
        self
    }

    /// The send buffer size (`SO_SNDBUF`).
    pub fn send_buffer_size(mut self, size: usize) -> SctpBuilder {
        self.send_buffer = Some(size);
        self
    }

    /// The receive buffer size (`SO_RCVBUF`).
    pub fn recv_buffer_size(mut self, size: usize) -> SctpBuilder {
        self.recv_buffer = Some(size);
        self
    }

    /// Accepted for compatibility with [`crate::SctpBuilder::reuse_address`]; usrsctp keeps no
    /// TIME-WAIT state, so there is nothing to reuse and the setting has no effect.
    pub fn reuse_address(self, _reuse: bool) -> SctpBuilder {
        self
    }

    /// Turns `SCTP_RECVNXTINFO` on.
    pub fn recv_nxtinfo(mut self, on: bool) -> SctpBuilder {
        self.recv_nxtinfo = on;
        self
    }

    /// The listen backlog (default 128).
    pub fn backlog(mut self, backlog: i32) -> SctpBuilder {
        self.backlog = Some(backlog);
        self
    }

    /// Local addresses a connecting socket binds first (multi-homed client).
    pub fn local_addrs(mut self, addrs: &[SocketAddr]) -> SctpBuilder {
        self.local = addrs.to_vec();
        self
    }

    /// The UDP port the peer's SCTP stack listens on (`SCTP_REMOTE_UDP_ENCAPS_PORT`,
    /// RFC 6951 §5); default [`Stack::remote_udp_port`](super::Stack::remote_udp_port). For a
    /// Linux kernel peer, its `net.sctp.udp_port`.
    pub fn remote_udp_port(mut self, port: u16) -> SctpBuilder {
        self.remote_udp_port = Some(port);
        self
    }

    pub(super) fn open(&self, v6: bool, one_to_many: bool) -> Result<Sock, Error> {
        let sock = Sock::open(v6, one_to_many)?;
        let raw = &sock.raw;
        if let Some(p) = &self.init {
            raw.set_init_msg(
                p.outbound_streams,
                p.max_inbound_streams,
                p.max_attempts,
                p.max_init_timeout_ms,
            )?;
        }
        // usrsctp's one-to-many sockets take subscriptions for future associations, like
        // one-to-one sockets (FreeBSD refuses `SCTP_ALL_ASSOC` before any exists).
        for event in &self.events {
            raw.set_event(AssocId::FUTURE, super::sn_type(*event), true)?;
        }
        if let Some(on) = self.nodelay {
            raw.set_nodelay(on)?;
        }
        if let Some(size) = self.send_buffer {
            raw.set_send_buffer_size(size)?;
        }
        if let Some(size) = self.recv_buffer {
            raw.set_recv_buffer_size(size)?;
        }
        if self.recv_nxtinfo {
            raw.set_recv_nxtinfo(true)?;
        }
        if let Some(port) = self.remote_udp_port {
            raw.set_remote_udp_port(AssocId::FUTURE, port)?;
        }
        Ok(sock)
    }

    /// Opens a one-to-one socket, binds it to `addrs` and listens.
    ///
    /// # Errors
    ///
    /// [`Error::EmptyAddressList`], [`Error::MixedAddressFamilies`] or usrsctp's error.
    pub fn listener(&self, addrs: &[SocketAddr]) -> Result<SctpListener, Error> {
        let inner = self.open(is_v6(addrs)?, false)?;
        inner.bind_all(addrs)?;
        inner.raw.listen(self.backlog.unwrap_or(DEFAULT_BACKLOG))?;
        Ok(SctpListener { inner })
    }

    /// Opens a one-to-one socket (bound to the [`local_addrs`](Self::local_addrs) if any) and
    /// sets up an association to the peer at `addrs`; returns once it is established.
    ///
    /// # Errors
    ///
    /// As [`listener`](Self::listener), and [`Error::AddressFamilyMismatch`].
    pub fn connect(&self, addrs: &[SocketAddr]) -> Result<SctpStream, Error> {
        let inner = self.client(addrs)?;
        if let [one] = addrs {
            inner.raw.connect(one)?;
        } else {
            inner.raw.connectx(addrs)?;
        }
        Ok(SctpStream::from_sock(inner))
    }

    /// The configured, bound socket of [`connect`](Self::connect), before it connects to
    /// `addrs` (checked against its family).
    pub(super) fn client(&self, addrs: &[SocketAddr]) -> Result<Sock, Error> {
        let family_of = if self.local.is_empty() {
            addrs
        } else {
            &self.local
        };
        let inner = self.open(is_v6(family_of)?, false)?;
        if !self.local.is_empty() {
            inner.bind_all(&self.local)?;
        }
        super::check_family(&inner.raw, addrs)?;
        Ok(inner)
    }

    /// Opens a one-to-many socket bound to `addrs` and listening.
    ///
    /// # Errors
    ///
    /// As [`listener`](Self::listener).
    pub fn one_to_many(&self, addrs: &[SocketAddr]) -> Result<SctpSocket, Error> {
        let inner = self.open(is_v6(addrs)?, true)?;
        inner.bind_all(addrs)?;
        inner.raw.listen(self.backlog.unwrap_or(DEFAULT_BACKLOG))?;
        Ok(SctpSocket { inner })
    }
}

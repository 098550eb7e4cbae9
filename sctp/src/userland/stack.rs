//! The process-wide usrsctp instance.

use std::io;
use std::net::{Ipv4Addr, Ipv6Addr, UdpSocket};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use super::sys::{self, Readiness};
use crate::Error;

/// The environment variable naming the UDP port the stack encapsulates on when it is started
/// implicitly (by the first socket); default [`Stack::DEFAULT_UDP_PORT`].
pub const UDP_PORT_ENV: &str = "SCTP_USERLAND_UDP_PORT";

/// The environment variable naming the peers' UDP port when the stack is started implicitly;
/// default: the stack's own port.
pub const REMOTE_UDP_PORT_ENV: &str = "SCTP_USERLAND_REMOTE_UDP_PORT";

/// What is known about usrsctp in this process.
struct Global {
    /// The port usrsctp was started on, while it runs (it may outlive every [`Stack`] handle
    /// when a shutdown found associations still closing).
    running: Option<u16>,
    /// The live instance, if any handle exists.
    live: Weak<Inner>,
}

static GLOBAL: Mutex<Global> = Mutex::new(Global {
    running: None,
    live: Weak::new(),
});

/// Readiness objects of closed sockets: usrsctp may still call a socket's upcall while it
/// closes, so they are never freed while usrsctp runs. New sockets reuse them (a late upcall of
/// the old socket is then one spurious wake-up, which every wait tolerates), so their number
/// stays at the most sockets open at once.
static RETIRED: Mutex<Vec<Arc<Readiness>>> = Mutex::new(Vec::new());

struct Inner {
    udp_port: u16,
    remote_udp_port: u16,
}

impl Drop for Inner {
    fn drop(&mut self) {
        let mut global = GLOBAL.lock().unwrap_or_else(|e| e.into_inner());
        if global.live.strong_count() > 0 {
            // A new handle was made while this one was being dropped.
            return;
        }
        // Associations closed just now finish their SHUTDOWN exchange in usrsctp's threads;
        // give them a moment, then leave the stack running (a later start reuses it).
        let deadline = Instant::now() + Duration::from_secs(2);
        loop {
            if sys::finish() {
                global.running = None;
                RETIRED.lock().unwrap_or_else(|e| e.into_inner()).clear();
                return;
            }
            if Instant::now() >= deadline {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// The userland SCTP stack of this process: usrsctp, started once per process with its UDP
/// encapsulation port (RFC 6951), and shared by every userland socket.
///
/// Sockets start the stack themselves when none runs, with the port from the environment
/// variable [`UDP_PORT_ENV`] (default 9899, the port IANA assigned to SCTP over UDP) and the
/// peers' port from [`REMOTE_UDP_PORT_ENV`] (default: the same port). Call [`Stack::start`]
/// first to choose them in code.
///
/// usrsctp's threads (its timer and the UDP receivers for IPv4 and IPv6) run while any handle
/// or socket exists; when the last one is dropped the stack is stopped (`usrsctp_finish`),
/// after waiting up to two seconds for closing associations to finish. If they do not, the
/// stack keeps running and the next start reuses it.
///
/// Debug output of usrsctp is off (no printer is registered).
///
/// # Examples
///
/// ```no_run
/// use sctp::userland::Stack;
///
/// // UDP port 9900 here, peers listen on 9899.
/// let stack = Stack::start(9900, 9899)?;
/// assert_eq!(stack.udp_port(), 9900);
/// # Ok::<(), sctp::Error>(())
/// ```
#[derive(Clone)]
pub struct Stack {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Stack {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stack")
            .field("udp_port", &self.inner.udp_port)
            .field("remote_udp_port", &self.inner.remote_udp_port)
            .finish()
    }
}

impl Stack {
    /// The UDP port IANA assigned to SCTP over UDP (RFC 6951 §5.1), the default of both ports.
    pub const DEFAULT_UDP_PORT: u16 = 9899;

    /// Starts usrsctp on UDP port `udp_port` (0: a free port chosen now) and makes
    /// `remote_udp_port` the peers' port for new sockets (0: the same as `udp_port`); or
    /// returns the running stack when it runs on that port already.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] with [`std::io::ErrorKind::AddrInUse`] when the stack already runs on
    /// another port (usrsctp has one port per process), or when no free port was found.
    pub fn start(udp_port: u16, remote_udp_port: u16) -> Result<Stack, Error> {
        let mut global = GLOBAL.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(inner) = global.live.upgrade() {
            if udp_port == 0 || udp_port == inner.udp_port {
                return Ok(Stack { inner });
            }
            return Err(running_elsewhere(inner.udp_port));
        }
        let port = match (global.running, udp_port) {
            (Some(running), 0) => running,
            (Some(running), p) if p == running => running,
            (Some(running), _) => return Err(running_elsewhere(running)),
            (None, 0) => {
                let port = free_udp_port()?;
                sys::init(port);
                port
            }
            (None, p) => {
                sys::init(p);
                p
            }
        };
        global.running = Some(port);
        let udp_port = sys::udp_port();
        let inner = Arc::new(Inner {
            udp_port,
            remote_udp_port: if remote_udp_port == 0 {
                udp_port
            } else {
                remote_udp_port
            },
        });
        global.live = Arc::downgrade(&inner);
        Ok(Stack { inner })
    }

    /// The running stack, or a new one configured from the environment ([`UDP_PORT_ENV`],
    /// [`REMOTE_UDP_PORT_ENV`]).
    ///
    /// # Errors
    ///
    /// As [`start`](Self::start), and [`Error::Io`] with
    /// [`std::io::ErrorKind::InvalidInput`] when a variable is not a port number.
    pub fn get_or_start() -> Result<Stack, Error> {
        if let Some(inner) = GLOBAL
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .live
            .upgrade()
        {
            return Ok(Stack { inner });
        }
        let port = env_port(UDP_PORT_ENV)?.unwrap_or(Stack::DEFAULT_UDP_PORT);
        let remote = env_port(REMOTE_UDP_PORT_ENV)?.unwrap_or(0);
        Stack::start(port, remote)
    }

    /// The UDP port the stack sends from and receives on.
    pub fn udp_port(&self) -> u16 {
        self.inner.udp_port
    }

    /// The peers' UDP port new sockets send to (`SCTP_REMOTE_UDP_ENCAPS_PORT`); each socket
    /// can change it with `set_remote_udp_port`.
    pub fn remote_udp_port(&self) -> u16 {
        self.inner.remote_udp_port
    }

    /// A readiness object for a new socket: a retired one if there is one.
    pub(crate) fn readiness() -> Arc<Readiness> {
        RETIRED
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pop()
            .unwrap_or_default()
    }

    /// Keeps a closed socket's readiness alive until usrsctp has stopped.
    pub(crate) fn retire(readiness: Arc<Readiness>) {
        RETIRED
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(readiness);
    }
}

fn running_elsewhere(port: u16) -> Error {
    Error::Io(io::Error::new(
        io::ErrorKind::AddrInUse,
        format!("the userland SCTP stack already runs on UDP port {port} in this process"),
    ))
}

fn env_port(name: &str) -> Result<Option<u16>, Error> {
    match std::env::var(name) {
        Ok(v) => v.trim().parse().map(Some).map_err(|_| {
            Error::Io(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{name}={v:?} is not a UDP port number"),
            ))
        }),
        Err(_) => Ok(None),
    }
}

/// A UDP port free on both the IPv4 and the IPv6 wildcard address, as usrsctp binds both.
fn free_udp_port() -> Result<u16, Error> {
    for _ in 0..32 {
        let v4 = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0))?;
        let port = v4.local_addr()?.port();
        // usrsctp's IPv6 socket is IPv6-only, so it shares the port with the IPv4 one.
        let v6 = socket2::Socket::new(socket2::Domain::IPV6, socket2::Type::DGRAM, None)?;
        v6.set_only_v6(true)?;
        let addr = std::net::SocketAddr::from((Ipv6Addr::UNSPECIFIED, port));
        if v6.bind(&addr.into()).is_ok() {
            return Ok(port);
        }
    }
    Err(Error::Io(io::Error::new(
        io::ErrorKind::AddrInUse,
        "no UDP port free on both IPv4 and IPv6",
    )))
}

//! The calls into usrsctp: every `unsafe` block of the userland backend is in this file.
//!
//! usrsctp's sockets are `struct socket *` pointers of its own, not descriptors; the functions
//! mirror the system calls (`usrsctp_bind`, `usrsctp_sendv`, …) and report errors through
//! `errno`, as the kernel's do. Addresses are the host's `sockaddr_in`/`sockaddr_in6`.

use std::io;
use std::mem::{self, MaybeUninit};
use std::net::SocketAddr;
use std::ptr::{self, NonNull};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Instant;

use libc::{c_int, c_void, socklen_t};
use usrsctp_sys as u;

use crate::options::sys::{Opt, Pod, full_length, map_err};
use crate::sys::{RawAddr, RecvMeta};
use crate::{AssocId, Error, NxtInfo, PrPolicy, RcvInfo, SendFlags, SendInfo};

/// usrsctp's `IPPROTO_SCTP` option level (the host's protocol number, 132).
const IPPROTO_SCTP: c_int = libc::IPPROTO_SCTP;

/// Signalled by usrsctp's upcall whenever a socket may have become readable or writable, or
/// has an error: blocking calls with a timeout wait on it.
///
/// The upcall runs on every packet usrsctp delivers to the socket, so it only bumps a counter
/// unless a thread is waiting: the lock and the wake-up are paid by waits alone.
#[derive(Default)]
pub(crate) struct Readiness {
    generation: AtomicU64,
    waiters: AtomicUsize,
    lock: Mutex<()>,
    changed: Condvar,
    /// The tasks of the async sockets waiting on this socket.
    #[cfg(feature = "tokio")]
    pub(crate) wakers: super::wakers::Wakers,
}

impl Readiness {
    /// A number that changes with every upcall.
    pub(crate) fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// Waits until an upcall comes after `seen` was read, or until `deadline`; `false` when
    /// the deadline passed first.
    pub(crate) fn wait(&self, seen: u64, deadline: Instant) -> bool {
        // Announced before the generation is checked under the lock: an upcall either sees the
        // waiter and wakes it, or came first and the check below sees its generation.
        self.waiters.fetch_add(1, Ordering::SeqCst);
        let mut guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        let woken = loop {
            if self.generation.load(Ordering::SeqCst) != seen {
                break true;
            }
            let now = Instant::now();
            if now >= deadline {
                break false;
            }
            guard = self
                .changed
                .wait_timeout(guard, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        };
        drop(guard);
        self.waiters.fetch_sub(1, Ordering::SeqCst);
        woken
    }

    fn signal(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        if self.waiters.load(Ordering::SeqCst) > 0 {
            // Taking the lock orders the wake-up after a waiter's check of the generation.
            drop(self.lock.lock().unwrap_or_else(|e| e.into_inner()));
            self.changed.notify_all();
        }
        #[cfg(feature = "tokio")]
        self.wakers.wake_all();
    }
}

/// The upcall usrsctp makes from its own threads when a socket's state changes.
extern "C" fn upcall(_so: *mut u::socket, arg: *mut c_void, _flags: c_int) {
    if arg.is_null() {
        return;
    }
    // SAFETY: `arg` is `Arc::as_ptr` of the socket's `Readiness`, registered by `Socket::adopt`;
    // that `Arc` is never dropped while usrsctp runs (a closed socket's goes to the stack's
    // retired list, see `Stack::retire`), so the pointer is valid whenever usrsctp can still
    // call this, even in the middle of a close.
    let readiness = unsafe { &*arg.cast_const().cast::<Readiness>() };
    readiness.signal();
}

/// Whether usrsctp runs in this process: set by [`init`], cleared by a [`finish`] that
/// succeeded. Kept here, next to the calls whose soundness depends on it, so that both are safe
/// functions whatever their callers do.
static RUNNING: Mutex<bool> = Mutex::new(false);

/// Starts usrsctp with UDP encapsulation on `udp_port` (RFC 6951), without debug output, unless
/// it runs already (then [`udp_port`] says on which port).
pub(crate) fn init(udp_port: u16) {
    let mut running = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
    if *running {
        return;
    }
    // SAFETY: usrsctp is not running (`RUNNING` is false, and stays so while its lock is held);
    // no output callback (no raw packets are handed to us) and no debug printer.
    unsafe { u::usrsctp_init(udp_port, None, None) };
    *running = true;
}

/// The UDP port usrsctp encapsulates on.
pub(crate) fn udp_port() -> u16 {
    // SAFETY: reads a global of the running stack.
    unsafe { u::usrsctp_sysctl_get_sctp_udp_tunneling_port() as u16 }
}

/// Stops usrsctp; fails while it still has sockets or associations.
pub(crate) fn finish() -> bool {
    let mut running = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
    if !*running {
        return true;
    }
    // SAFETY: usrsctp runs (`RUNNING`); it checks itself whether endpoints remain and refuses
    // then.
    let stopped = unsafe { u::usrsctp_finish() == 0 };
    if stopped {
        *running = false;
    }
    stopped
}

/// One usrsctp socket, closed on drop.
pub(crate) struct Socket {
    so: NonNull<u::socket>,
    readiness: Arc<Readiness>,
    /// Whether the socket is IPv6 (needed to name the wildcard address in options).
    v6: bool,
    /// Held across each `usrsctp_recvv`: usrsctp's receive path does not take the socket
    /// buffer's reader lock (`sblock`) the kernel takes, and two threads receiving on one
    /// socket at once corrupt its receive queue (seen as heap corruption); senders need no
    /// such lock.
    recv_lock: Mutex<()>,
}

// SAFETY: usrsctp's socket layer is FreeBSD's, made for concurrent use by several threads: every
// `usrsctp_*` call on a socket takes the socket's own locks. The pointer is owned by `Socket`
// and freed once, in `drop`.
unsafe impl Send for Socket {}
// SAFETY: as above; `&Socket` only gives access to usrsctp calls that lock internally.
unsafe impl Sync for Socket {}

impl Socket {
    /// Opens a socket: `SOCK_STREAM` (one-to-one) or `SOCK_SEQPACKET` (one-to-many).
    pub(crate) fn new(v6: bool, one_to_many: bool) -> io::Result<Socket> {
        let domain = if v6 { libc::AF_INET6 } else { libc::AF_INET };
        let ty = if one_to_many {
            libc::SOCK_SEQPACKET
        } else {
            libc::SOCK_STREAM
        };
        // SAFETY: no callbacks (the socket is used through the blocking socket API) and no
        // user pointer.
        let so =
            unsafe { u::usrsctp_socket(domain, ty, IPPROTO_SCTP, None, None, 0, ptr::null_mut()) };
        let so = NonNull::new(so).ok_or_else(io::Error::last_os_error)?;
        Ok(Socket::adopt(so, v6))
    }

    /// Takes ownership of a socket usrsctp returned (accept, peeloff) and registers the upcall.
    fn adopt(so: NonNull<u::socket>, v6: bool) -> Socket {
        let readiness = super::Stack::readiness();
        // SAFETY: `so` is a live socket; the upcall argument outlives every upcall (see
        // `upcall`). usrsctp_set_upcall only fails for a null socket.
        unsafe {
            u::usrsctp_set_upcall(
                so.as_ptr(),
                Some(upcall),
                Arc::as_ptr(&readiness).cast_mut().cast::<c_void>(),
            );
        }
        Socket {
            so,
            readiness,
            v6,
            recv_lock: Mutex::new(()),
        }
    }

    pub(crate) fn readiness(&self) -> &Arc<Readiness> {
        &self.readiness
    }

    pub(crate) fn is_v6(&self) -> bool {
        self.v6
    }

    /// Sets a socket option.
    ///
    /// # Safety
    ///
    /// `T` must be the C type usrsctp reads for option `opt` at `level`.
    unsafe fn setsockopt<T>(&self, level: c_int, opt: u32, value: &T) -> io::Result<()> {
        // SAFETY: `value` points to a `T` of the length passed; the caller guarantees it is
        // the option's type.
        let rc = unsafe {
            u::usrsctp_setsockopt(
                self.so.as_ptr(),
                level,
                opt as c_int,
                ptr::from_ref(value).cast::<c_void>(),
                mem::size_of::<T>() as socklen_t,
            )
        };
        if rc < 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(())
        }
    }

    /// Reads a socket option whose buffer may also carry input (an association id).
    ///
    /// # Safety
    ///
    /// `T` must be the C type usrsctp writes for option `opt` at `level`, and every bit pattern
    /// must be a valid `T` (plain integers).
    unsafe fn getsockopt<T>(&self, level: c_int, opt: u32, value: &mut T) -> io::Result<usize> {
        let mut len = mem::size_of::<T>() as socklen_t;
        // SAFETY: `value` has room for `len` bytes; the caller guarantees the type.
        let rc = unsafe {
            u::usrsctp_getsockopt(
                self.so.as_ptr(),
                level,
                opt as c_int,
                ptr::from_mut(value).cast::<c_void>(),
                &mut len,
            )
        };
        if rc < 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(len as usize)
        }
    }

    fn set_int(&self, level: c_int, opt: u32, value: c_int) -> io::Result<()> {
        // SAFETY: the options passed here read a C `int`.
        unsafe { self.setsockopt(level, opt, &value) }
    }

    fn get_int(&self, level: c_int, opt: u32) -> io::Result<c_int> {
        let mut value: c_int = 0;
        // SAFETY: the options passed here write a C `int`.
        unsafe { self.getsockopt(level, opt, &mut value)? };
        Ok(value)
    }

    pub(crate) fn set_recv_rcvinfo(&self, on: bool) -> io::Result<()> {
        self.set_int(IPPROTO_SCTP, u::SCTP_RECVRCVINFO, c_int::from(on))
    }

    pub(crate) fn recv_rcvinfo(&self) -> io::Result<bool> {
        self.get_int(IPPROTO_SCTP, u::SCTP_RECVRCVINFO)
            .map(|v| v != 0)
    }

    pub(crate) fn set_recv_nxtinfo(&self, on: bool) -> io::Result<()> {
        self.set_int(IPPROTO_SCTP, u::SCTP_RECVNXTINFO, c_int::from(on))
    }

    pub(crate) fn recv_nxtinfo(&self) -> io::Result<bool> {
        self.get_int(IPPROTO_SCTP, u::SCTP_RECVNXTINFO)
            .map(|v| v != 0)
    }

    pub(crate) fn set_nodelay(&self, on: bool) -> io::Result<()> {
        self.set_int(IPPROTO_SCTP, u::SCTP_NODELAY, c_int::from(on))
    }

    pub(crate) fn set_send_buffer_size(&self, size: usize) -> io::Result<()> {
        self.set_int(
            libc::SOL_SOCKET,
            libc::SO_SNDBUF as u32,
            c_int::try_from(size).unwrap_or(c_int::MAX),
        )
    }

    pub(crate) fn send_buffer_size(&self) -> io::Result<usize> {
        let v = self.get_int(libc::SOL_SOCKET, libc::SO_SNDBUF as u32)?;
        Ok(usize::try_from(v).unwrap_or(0))
    }

    pub(crate) fn set_recv_buffer_size(&self, size: usize) -> io::Result<()> {
        self.set_int(
            libc::SOL_SOCKET,
            libc::SO_RCVBUF as u32,
            c_int::try_from(size).unwrap_or(c_int::MAX),
        )
    }

    /// Subscribes to or unsubscribes from one notification type (`SCTP_EVENT`), `sn_type`
    /// in usrsctp's numbering.
    pub(crate) fn set_event(&self, assoc: AssocId, sn_type: u16, on: bool) -> io::Result<()> {
        let value = u::sctp_event {
            se_assoc_id: assoc.as_raw(),
            se_type: sn_type,
            se_on: u8::from(on),
        };
        // SAFETY: SCTP_EVENT reads a `struct sctp_event`.
        unsafe { self.setsockopt(IPPROTO_SCTP, u::SCTP_EVENT, &value) }
    }

    /// `SCTP_INITMSG`.
    pub(crate) fn set_init_msg(
        &self,
        outbound: u16,
        max_inbound: u16,
        max_attempts: u16,
        max_init_timeout_ms: u16,
    ) -> io::Result<()> {
        let value = u::sctp_initmsg {
            sinit_num_ostreams: outbound,
            sinit_max_instreams: max_inbound,
            sinit_max_attempts: max_attempts,
            sinit_max_init_timeo: max_init_timeout_ms,
        };
        // SAFETY: SCTP_INITMSG reads a `struct sctp_initmsg`.
        unsafe { self.setsockopt(IPPROTO_SCTP, u::SCTP_INITMSG, &value) }
    }

    /// The negotiated stream counts of an association (`SCTP_STATUS`): (inbound, outbound).
    pub(crate) fn streams(&self, assoc: AssocId) -> io::Result<(u16, u16)> {
        // SAFETY: `sctp_status` is integers and a `sockaddr_storage`; all zeroes is valid.
        let mut status: u::sctp_status = unsafe { mem::zeroed() };
        status.sstat_assoc_id = assoc.as_raw();
        // SAFETY: SCTP_STATUS writes a `struct sctp_status` of plain integers.
        unsafe { self.getsockopt(IPPROTO_SCTP, u::SCTP_STATUS, &mut status)? };
        Ok((status.sstat_instrms, status.sstat_outstrms))
    }

    /// The UDP port of the peer that new associations (or `assoc`) send to
    /// (`SCTP_REMOTE_UDP_ENCAPS_PORT`, RFC 6951 §5).
    pub(crate) fn set_remote_udp_port(&self, assoc: AssocId, port: u16) -> io::Result<()> {
        // SAFETY: `sctp_udpencaps` is integers and a `sockaddr_storage`; all zeroes is valid.
        let mut value: u::sctp_udpencaps = unsafe { mem::zeroed() };
        // The wildcard address of the socket's family: the setting applies to the endpoint
        // (or to every path of `assoc`).
        value.sue_address.ss_family = if self.v6 {
            libc::AF_INET6
        } else {
            libc::AF_INET
        } as libc::sa_family_t;
        value.sue_assoc_id = assoc.as_raw();
        value.sue_port = port.to_be();
        // SAFETY: SCTP_REMOTE_UDP_ENCAPS_PORT reads a `struct sctp_udpencaps`.
        unsafe { self.setsockopt(IPPROTO_SCTP, u::SCTP_REMOTE_UDP_ENCAPS_PORT, &value) }
    }

    /// Reads `SCTP_REMOTE_UDP_ENCAPS_PORT` of the endpoint or of `assoc`.
    pub(crate) fn remote_udp_port(&self, assoc: AssocId) -> io::Result<u16> {
        // SAFETY: as above.
        let mut value: u::sctp_udpencaps = unsafe { mem::zeroed() };
        value.sue_address.ss_family = if self.v6 {
            libc::AF_INET6
        } else {
            libc::AF_INET
        } as libc::sa_family_t;
        value.sue_assoc_id = assoc.as_raw();
        // SAFETY: the option writes a `struct sctp_udpencaps` of integers.
        unsafe { self.getsockopt(IPPROTO_SCTP, u::SCTP_REMOTE_UDP_ENCAPS_PORT, &mut value)? };
        Ok(u16::from_be(value.sue_port))
    }

    pub(crate) fn set_nonblocking(&self, on: bool) -> io::Result<()> {
        // SAFETY: a live socket.
        let rc = unsafe { u::usrsctp_set_non_blocking(self.so.as_ptr(), c_int::from(on)) };
        if rc < 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(())
        }
    }

    pub(crate) fn nonblocking(&self) -> io::Result<bool> {
        // SAFETY: a live socket.
        let rc = unsafe { u::usrsctp_get_non_blocking(self.so.as_ptr()) };
        if rc < 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(rc != 0)
        }
    }

    /// Takes the socket's pending error (`SO_ERROR`), as a failed nonblocking connect leaves it.
    #[cfg(feature = "tokio")]
    pub(crate) fn take_error(&self) -> io::Result<Option<io::Error>> {
        let code = self.get_int(libc::SOL_SOCKET, libc::SO_ERROR as u32)?;
        Ok((code != 0).then(|| io::Error::from_raw_os_error(code)))
    }

    /// `SCTP_EVENT_READ`/`WRITE`/`ERROR` bits of what the socket is ready for now.
    pub(crate) fn events(&self) -> c_int {
        // SAFETY: a live socket.
        unsafe { u::usrsctp_get_events(self.so.as_ptr()) }
    }

    pub(crate) fn bind(&self, addr: &SocketAddr) -> io::Result<()> {
        let sa = socket2::SockAddr::from(*addr);
        // SAFETY: `sa` holds a valid address of `sa.len()` bytes; usrsctp only reads it.
        let rc = unsafe {
            u::usrsctp_bind(
                self.so.as_ptr(),
                sa.as_ptr().cast_mut().cast::<libc::sockaddr>(),
                sa.len(),
            )
        };
        if rc < 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(())
        }
    }

    pub(crate) fn bindx(&self, addrs: &[SocketAddr], add: bool) -> io::Result<()> {
        let mut packed = crate::sys::pack(addrs);
        let flags = if add {
            u::SCTP_BINDX_ADD_ADDR
        } else {
            u::SCTP_BINDX_REM_ADDR
        };
        // SAFETY: `packed` holds `addrs.len()` packed host socket addresses.
        let rc = unsafe {
            u::usrsctp_bindx(
                self.so.as_ptr(),
                packed.as_mut_ptr().cast::<libc::sockaddr>(),
                addrs.len() as c_int,
                flags as c_int,
            )
        };
        if rc < 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(())
        }
    }

    pub(crate) fn listen(&self, backlog: i32) -> io::Result<()> {
        // SAFETY: a live socket.
        let rc = unsafe { u::usrsctp_listen(self.so.as_ptr(), backlog) };
        if rc < 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(())
        }
    }

    /// Takes the next association of a listening one-to-one socket.
    pub(crate) fn accept(&self) -> io::Result<(Socket, Option<SocketAddr>)> {
        let mut name = MaybeUninit::<libc::sockaddr_in6>::zeroed();
        let mut len = RawAddr::CAPACITY;
        // SAFETY: `name` has room for `len` bytes.
        let so = unsafe {
            u::usrsctp_accept(
                self.so.as_ptr(),
                name.as_mut_ptr().cast::<libc::sockaddr>(),
                &mut len,
            )
        };
        let so = NonNull::new(so).ok_or_else(io::Error::last_os_error)?;
        // SAFETY: usrsctp wrote `len` bytes of the address (the buffer was zeroed besides).
        let from = unsafe { RawAddr::new(len, name) }.decode();
        Ok((Socket::adopt(so, self.v6), from))
    }

    pub(crate) fn connect(&self, addr: &SocketAddr) -> io::Result<()> {
        let sa = socket2::SockAddr::from(*addr);
        // SAFETY: `sa` holds a valid address of `sa.len()` bytes.
        let rc = unsafe {
            u::usrsctp_connect(
                self.so.as_ptr(),
                sa.as_ptr().cast_mut().cast::<libc::sockaddr>(),
                sa.len(),
            )
        };
        if rc < 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(())
        }
    }

    /// `usrsctp_connectx`: an association to a peer with several addresses.
    pub(crate) fn connectx(&self, addrs: &[SocketAddr]) -> io::Result<AssocId> {
        let packed = crate::sys::pack(addrs);
        let mut id: u::sctp_assoc_t = 0;
        // SAFETY: `packed` holds `addrs.len()` packed host socket addresses; `id` is a valid
        // out pointer.
        let rc = unsafe {
            u::usrsctp_connectx(
                self.so.as_ptr(),
                packed.as_ptr().cast::<libc::sockaddr>(),
                addrs.len() as c_int,
                &mut id,
            )
        };
        if rc < 0 {
            let err = io::Error::last_os_error();
            if err.raw_os_error() == Some(libc::EINPROGRESS) && id != 0 {
                return Ok(AssocId::from_raw(id));
            }
            Err(err)
        } else {
            Ok(AssocId::from_raw(id))
        }
    }

    pub(crate) fn shutdown(&self, how: c_int) -> io::Result<()> {
        // SAFETY: a live socket.
        let rc = unsafe { u::usrsctp_shutdown(self.so.as_ptr(), how) };
        if rc < 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(())
        }
    }

    /// Moves an association of a one-to-many socket to a new one-to-one socket.
    pub(crate) fn peeloff(&self, assoc: AssocId) -> io::Result<Socket> {
        // SAFETY: a live socket.
        let so = unsafe { u::usrsctp_peeloff(self.so.as_ptr(), assoc.as_raw()) };
        let so = NonNull::new(so).ok_or_else(io::Error::last_os_error)?;
        Ok(Socket::adopt(so, self.v6))
    }

    /// The local (`local`) or peer addresses of `assoc` (`usrsctp_getladdrs`,
    /// `usrsctp_getpaddrs`).
    pub(crate) fn addrs(&self, assoc: AssocId, local: bool) -> Result<Vec<SocketAddr>, Error> {
        let mut list: *mut libc::sockaddr = ptr::null_mut();
        // SAFETY: `list` is a valid out pointer; usrsctp allocates the array.
        let n = unsafe {
            if local {
                u::usrsctp_getladdrs(self.so.as_ptr(), assoc.as_raw(), &mut list)
            } else {
                u::usrsctp_getpaddrs(self.so.as_ptr(), assoc.as_raw(), &mut list)
            }
        };
        if n < 0 {
            return Err(io::Error::last_os_error().into());
        }
        if n == 0 || list.is_null() {
            return Ok(Vec::new());
        }
        let mut out = Vec::with_capacity(n as usize);
        let mut cursor = list.cast::<u8>().cast_const();
        let mut result = Ok(());
        for _ in 0..n {
            // SAFETY: usrsctp returned `n` packed host addresses; the two header bytes of the
            // next one (the family, or length and family on the BSDs) are readable.
            let header = unsafe { std::slice::from_raw_parts(cursor, 2) };
            let len = match crate::sys::read_family(header).unwrap_or(-1) {
                libc::AF_INET => mem::size_of::<libc::sockaddr_in>(),
                libc::AF_INET6 => mem::size_of::<libc::sockaddr_in6>(),
                other => {
                    result = Err(Error::UnsupportedAddressFamily(other));
                    break;
                }
            };
            // SAFETY: an address of this family occupies `len` bytes of the array.
            let bytes = unsafe { std::slice::from_raw_parts(cursor, len) };
            match crate::sys::decode_addr(bytes) {
                Ok((addr, _)) => out.push(addr),
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
            // SAFETY: stays within (or one past the end of) the array.
            cursor = unsafe { cursor.add(len) };
        }
        // SAFETY: `list` came from the matching get function and is freed once.
        unsafe {
            if local {
                u::usrsctp_freeladdrs(list);
            } else {
                u::usrsctp_freepaddrs(list);
            }
        }
        result.map(|()| out)
    }

    /// Sends one message: `usrsctp_sendv` with an `sctp_sendv_spa` built on the stack (SNDINFO,
    /// and PRINFO/AUTHINFO when given). Nothing is allocated.
    #[inline]
    pub(crate) fn send(
        &self,
        data: &[u8],
        to: Option<&SocketAddr>,
        info: &SendInfo,
        dontwait: bool,
    ) -> io::Result<usize> {
        // SAFETY: `sctp_sendv_spa` is plain integers; all zeroes is valid.
        let mut spa: u::sctp_sendv_spa = unsafe { mem::zeroed() };
        spa.sendv_flags = u::SCTP_SEND_SNDINFO_VALID;
        spa.sendv_sndinfo = u::sctp_sndinfo {
            snd_sid: info.stream,
            snd_flags: send_flags(info.flags),
            // As with the kernel, the field goes to the wire as it is: big-endian.
            snd_ppid: info.ppid.to_be(),
            snd_context: info.context,
            snd_assoc_id: info.assoc_id.as_raw(),
        };
        if let Some(policy) = info.pr_policy {
            let (pr_policy, pr_value) = match policy {
                PrPolicy::None => (u::SCTP_PR_SCTP_NONE, 0),
                PrPolicy::Ttl(v) => (u::SCTP_PR_SCTP_TTL, v),
                PrPolicy::Rtx(v) => (u::SCTP_PR_SCTP_RTX, v),
                // FreeBSD's buffer policy: abandon messages to make room, as Linux's priority
                // policy does.
                PrPolicy::Priority(v) => (u::SCTP_PR_SCTP_BUF, v),
            };
            spa.sendv_flags |= u::SCTP_SEND_PRINFO_VALID;
            spa.sendv_prinfo = u::sctp_prinfo {
                pr_policy: pr_policy as u16,
                pr_value,
            };
        }
        if let Some(key) = info.auth_key {
            spa.sendv_flags |= u::SCTP_SEND_AUTHINFO_VALID;
            spa.sendv_authinfo = u::sctp_authinfo {
                auth_keynumber: key,
            };
        }
        let dest = to.map(|a| socket2::SockAddr::from(*a));
        let (to_ptr, addrcnt) = match &dest {
            Some(d) => (d.as_ptr().cast_mut().cast::<libc::sockaddr>(), 1),
            None => (ptr::null_mut(), 0),
        };
        let flags = if dontwait { libc::MSG_DONTWAIT } else { 0 };
        // SAFETY: `data` is valid for its length, `to_ptr` is null or a valid address, `spa`
        // is a `struct sctp_sendv_spa` of the length passed, all living across the call.
        let n = unsafe {
            u::usrsctp_sendv(
                self.so.as_ptr(),
                data.as_ptr().cast::<c_void>(),
                data.len(),
                to_ptr,
                addrcnt,
                ptr::from_mut(&mut spa).cast::<c_void>(),
                mem::size_of::<u::sctp_sendv_spa>() as socklen_t,
                u::SCTP_SENDV_SPA,
                flags,
            )
        };
        if n < 0 {
            Err(send_error(io::Error::last_os_error()))
        } else {
            Ok(n as usize)
        }
    }

    /// Receives one message (or part of one) into `buf` with `usrsctp_recvv`.
    #[inline]
    pub(crate) fn recv(&self, buf: &mut [u8], dontwait: bool) -> Result<RecvMeta, Error> {
        let mut name = MaybeUninit::<libc::sockaddr_in6>::uninit();
        let mut name_len = RawAddr::CAPACITY;
        let mut info = MaybeUninit::<u::sctp_recvv_rn>::zeroed();
        let mut info_len = mem::size_of::<u::sctp_recvv_rn>() as socklen_t;
        let mut info_type: libc::c_uint = u::SCTP_RECVV_NOINFO;
        let mut flags: c_int = if dontwait { libc::MSG_DONTWAIT } else { 0 };
        let guard = self.recv_lock.lock().unwrap_or_else(|e| e.into_inner());
        // SAFETY: every pointer is valid for the length passed with it and lives across the
        // call; usrsctp writes at most those lengths.
        let n = unsafe {
            u::usrsctp_recvv(
                self.so.as_ptr(),
                buf.as_mut_ptr().cast::<c_void>(),
                buf.len(),
                name.as_mut_ptr().cast::<libc::sockaddr>(),
                &mut name_len,
                info.as_mut_ptr().cast::<c_void>(),
                &mut info_len,
                &mut info_type,
                &mut flags,
            )
        };
        // errno first: releasing the lock may make a system call.
        let result = if n < 0 {
            Err(Error::Io(io::Error::last_os_error()))
        } else {
            Ok(())
        };
        drop(guard);
        result?;
        // SAFETY: the buffer was zeroed, and `sctp_recvv_rn` is plain integers.
        let info = unsafe { info.assume_init() };
        let rcv = || {
            let r = info.recvv_rcvinfo;
            RcvInfo {
                stream: r.rcv_sid,
                ssn: r.rcv_ssn,
                flags: rcv_flags(r.rcv_flags),
                ppid: u32::from_be(r.rcv_ppid),
                tsn: r.rcv_tsn,
                cumtsn: r.rcv_cumtsn,
                context: r.rcv_context,
                assoc_id: AssocId::from_raw(r.rcv_assoc_id),
            }
        };
        let nxt = |x: u::sctp_nxtinfo| NxtInfo {
            stream: x.nxt_sid,
            flags: nxt_flags(x.nxt_flags),
            ppid: u32::from_be(x.nxt_ppid),
            length: x.nxt_length,
            assoc_id: AssocId::from_raw(x.nxt_assoc_id),
        };
        let (rcv, nxt) = match info_type {
            u::SCTP_RECVV_RCVINFO => (Some(rcv()), None),
            // With only NXTINFO enabled usrsctp puts it first in the buffer.
            u::SCTP_RECVV_NXTINFO => {
                // SAFETY: an `sctp_nxtinfo` at the start of the zeroed, integer-only buffer.
                let x =
                    unsafe { ptr::read_unaligned(ptr::from_ref(&info).cast::<u::sctp_nxtinfo>()) };
                (None, Some(nxt(x)))
            }
            u::SCTP_RECVV_RN => (Some(rcv()), Some(nxt(info.recvv_nxtinfo))),
            _ => (None, None),
        };
        Ok(RecvMeta {
            len: n as usize,
            // In the kernel path's terms: usrsctp's notification flag has a value of its own.
            flags: if flags & u::MSG_NOTIFICATION as c_int != 0 {
                crate::sys::MSG_NOTIFICATION
            } else {
                0
            } | (flags & libc::MSG_EOR),
            rcv,
            nxt,
            // SAFETY: usrsctp wrote `name_len` bytes of the address, or reported 0.
            from: unsafe { RawAddr::new(name_len, name) },
        })
    }
}

/// The raw access of the typed options (`super::options`): the same four shapes as the kernel
/// options' (`crate::options::sys`), over a usrsctp socket instead of a descriptor, at level
/// `IPPROTO_SCTP`, with usrsctp's option numbers and FreeBSD's structs.
impl Socket {
    /// Reads a fixed-size option; `value` carries the input (association id, address,
    /// stream) in. A reply shorter than `T` is [`Error::OptionLength`].
    pub(crate) fn get_opt<T: Pod>(&self, opt: Opt, mut value: T) -> Result<T, Error> {
        // SAFETY: `T: Pod` is plain integers (every bit pattern valid, no pointers) and the
        // caller names the option whose struct `T` is.
        let len = unsafe { self.getsockopt(IPPROTO_SCTP, opt.num as u32, &mut value) }
            .map_err(|e| map_err(opt, e))?;
        full_length::<T>(opt, len)?;
        Ok(value)
    }

    /// Writes a fixed-size option.
    pub(crate) fn set_opt<T: Pod>(&self, opt: Opt, value: &T) -> Result<(), Error> {
        // SAFETY: `T: Pod` has no pointers; usrsctp reads `size_of::<T>()` bytes of it.
        unsafe { self.setsockopt(IPPROTO_SCTP, opt.num as u32, value) }.map_err(|e| map_err(opt, e))
    }

    /// Reads a variable-length option into `buf`, whose first bytes carry the input; returns
    /// the length usrsctp reported.
    pub(crate) fn get_opt_bytes(&self, opt: Opt, buf: &mut [u8]) -> Result<usize, Error> {
        let mut len = buf.len() as socklen_t;
        // SAFETY: `buf` is writable for `len` bytes; any byte is a valid `u8`.
        let rc = unsafe {
            u::usrsctp_getsockopt(
                self.so.as_ptr(),
                IPPROTO_SCTP,
                opt.num,
                buf.as_mut_ptr().cast::<c_void>(),
                &mut len,
            )
        };
        if rc < 0 {
            return Err(map_err(opt, io::Error::last_os_error()));
        }
        Ok((len as usize).min(buf.len()))
    }

    /// Writes a variable-length option from its encoded bytes.
    pub(crate) fn set_opt_bytes(&self, opt: Opt, buf: &[u8]) -> Result<(), Error> {
        // SAFETY: `buf` is readable for the length passed; usrsctp copies it.
        let rc = unsafe {
            u::usrsctp_setsockopt(
                self.so.as_ptr(),
                IPPROTO_SCTP,
                opt.num,
                buf.as_ptr().cast::<c_void>(),
                buf.len() as socklen_t,
            )
        };
        if rc < 0 {
            return Err(map_err(opt, io::Error::last_os_error()));
        }
        Ok(())
    }
}

macro_rules! usrsctp_pod {
    ($($ty:ident),* $(,)?) => {
        $(
            // SAFETY: a C struct of `usrsctp.h` made of fixed-width integers, integer arrays
            // and the host's `sockaddr_storage` (integers and byte arrays); no pointers, no
            // `bool`, so every bit pattern is a valid value.
            unsafe impl Pod for u::$ty {}
        )*
    };
}

usrsctp_pod!(
    sctp_rtoinfo,
    sctp_assocparams,
    sctp_initmsg,
    sctp_setprim,
    sctp_setpeerprim,
    sctp_setadaptation,
    sctp_paddrparams,
    sctp_sndinfo,
    sctp_status,
    sctp_paddrinfo,
    sctp_sack_info,
    sctp_assoc_value,
    sctp_stream_value,
    sctp_authchunk,
    sctp_authkeyid,
    sctp_prstatus,
    sctp_default_prinfo,
    sctp_add_streams,
    sctp_udpencaps,
);

impl Drop for Socket {
    fn drop(&mut self) {
        // SAFETY: the socket is live and closed once; the upcall is removed first so that no
        // upcall starts after the close (the `Readiness` itself outlives usrsctp's threads).
        unsafe {
            u::usrsctp_set_upcall(self.so.as_ptr(), None, ptr::null_mut());
            u::usrsctp_close(self.so.as_ptr());
        }
        #[cfg(feature = "tokio")]
        self.readiness.wakers.clear();
        super::Stack::retire(Arc::clone(&self.readiness));
    }
}

/// The crate's send flags (the kernel's values) in usrsctp's numbering.
#[inline]
/// A send error in the kernel's terms: usrsctp answers `ENOENT` for a send to an association
/// it does not have (gone, or never set up, with no address to set one up), where Linux
/// answers `EPIPE`; the same program then sees the same error on both stacks.
#[cold]
fn send_error(e: io::Error) -> io::Error {
    if e.raw_os_error() == Some(libc::ENOENT) {
        io::Error::from_raw_os_error(libc::EPIPE)
    } else {
        e
    }
}

/// The crate's send flags and usrsctp's numbers for them, for both directions.
pub(crate) const SEND_FLAGS: [(SendFlags, u32); 5] = [
    (SendFlags::UNORDERED, u::SCTP_UNORDERED),
    (SendFlags::EOF, u::SCTP_EOF),
    (SendFlags::ABORT, u::SCTP_ABORT),
    (SendFlags::SENDALL, u::SCTP_SENDALL),
    (SendFlags::SACK_IMMEDIATELY, u::SCTP_SACK_IMMEDIATELY),
];

pub(crate) fn send_flags(flags: SendFlags) -> u16 {
    let mut out = 0u32;
    for (ours, theirs) in SEND_FLAGS {
        if flags.contains(ours) {
            out |= theirs;
        }
    }
    out as u16
}

/// usrsctp's `rcv_flags` in the crate's (the kernel's) numbering.
#[inline]
fn rcv_flags(flags: u16) -> u16 {
    if u32::from(flags) & u::SCTP_UNORDERED != 0 {
        RcvInfo::UNORDERED
    } else {
        0
    }
}

/// usrsctp's `nxt_flags` in the crate's (the kernel's) numbering.
fn nxt_flags(flags: u16) -> u16 {
    let flags = u32::from(flags);
    let mut out = 0;
    if flags & u::SCTP_NEXT_MSG_IS_UNORDERED != 0 {
        out |= NxtInfo::UNORDERED;
    }
    if flags & u::SCTP_NEXT_MSG_IS_NOTIFICATION != 0 {
        out |= NxtInfo::NOTIFICATION;
    }
    out
}

/// usrsctp's `SCTP_EVENT_READ`.
pub(crate) const EVENT_READ: c_int = u::SCTP_EVENT_READ as c_int;
/// usrsctp's `SCTP_EVENT_WRITE`.
#[cfg(feature = "tokio")]
pub(crate) const EVENT_WRITE: c_int = u::SCTP_EVENT_WRITE as c_int;
/// usrsctp's `SCTP_EVENT_ERROR`.
pub(crate) const EVENT_ERROR: c_int = u::SCTP_EVENT_ERROR as c_int;

/// The notification type codes of usrsctp, for `SCTP_EVENT`.
pub(crate) mod sn_type {
    use usrsctp_sys as u;

    pub(crate) const ASSOC_CHANGE: u16 = u::SCTP_ASSOC_CHANGE as u16;
    pub(crate) const PEER_ADDR_CHANGE: u16 = u::SCTP_PEER_ADDR_CHANGE as u16;
    pub(crate) const REMOTE_ERROR: u16 = u::SCTP_REMOTE_ERROR as u16;
    pub(crate) const SEND_FAILED: u16 = u::SCTP_SEND_FAILED as u16;
    pub(crate) const SHUTDOWN_EVENT: u16 = u::SCTP_SHUTDOWN_EVENT as u16;
    pub(crate) const ADAPTATION_INDICATION: u16 = u::SCTP_ADAPTATION_INDICATION as u16;
    pub(crate) const PARTIAL_DELIVERY_EVENT: u16 = u::SCTP_PARTIAL_DELIVERY_EVENT as u16;
    pub(crate) const AUTHENTICATION_EVENT: u16 = u::SCTP_AUTHENTICATION_EVENT as u16;
    pub(crate) const SENDER_DRY_EVENT: u16 = u::SCTP_SENDER_DRY_EVENT as u16;
    pub(crate) const STREAM_RESET_EVENT: u16 = u::SCTP_STREAM_RESET_EVENT as u16;
    pub(crate) const ASSOC_RESET_EVENT: u16 = u::SCTP_ASSOC_RESET_EVENT as u16;
    pub(crate) const STREAM_CHANGE_EVENT: u16 = u::SCTP_STREAM_CHANGE_EVENT as u16;
    pub(crate) const SEND_FAILED_EVENT: u16 = u::SCTP_SEND_FAILED_EVENT as u16;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn send_flags_translate_to_usrsctps_numbers() {
        assert_eq!(send_flags(SendFlags::NONE), 0);
        assert_eq!(send_flags(SendFlags::UNORDERED), u::SCTP_UNORDERED as u16);
        assert_eq!(
            send_flags(SendFlags::EOF | SendFlags::SACK_IMMEDIATELY),
            (u::SCTP_EOF | u::SCTP_SACK_IMMEDIATELY) as u16
        );
        assert_eq!(send_flags(SendFlags::ABORT), u::SCTP_ABORT as u16);
        assert_eq!(send_flags(SendFlags::SENDALL), u::SCTP_SENDALL as u16);
    }

    #[test]
    fn receive_flags_translate_to_the_crates_numbers() {
        assert_eq!(rcv_flags(u::SCTP_UNORDERED as u16), RcvInfo::UNORDERED);
        assert_eq!(rcv_flags(0), 0);
        assert_eq!(
            nxt_flags((u::SCTP_NEXT_MSG_IS_UNORDERED | u::SCTP_NEXT_MSG_IS_NOTIFICATION) as u16),
            NxtInfo::UNORDERED | NxtInfo::NOTIFICATION
        );
    }
}

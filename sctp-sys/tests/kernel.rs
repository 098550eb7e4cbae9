//! The C API called directly against the kernel's SCTP: every libsctp entry point this crate
//! declares, on loopback associations. These need a kernel with SCTP (`cargo xtask test` runs
//! them in a VM) and fail, never skip, without it.
//!
//! Each test builds its own sockets on ephemeral ports, sets receive timeouts so that a broken
//! path fails instead of hanging, and closes everything it opened.

#![cfg(target_os = "linux")]

use std::ffi::c_void;
use std::io;
use std::mem::{size_of, size_of_val};
use std::net::{Ipv4Addr, SocketAddrV4};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::ptr;

use sctp_sys::*;

/// A new SCTP socket of `kind` (`SOCK_STREAM` or `SOCK_SEQPACKET`), with a 10 s receive
/// timeout (TCG guests are slow).
fn sctp_socket(kind: i32) -> OwnedFd {
    // SAFETY: socket(2) with constant arguments; the result is checked before use.
    let fd = unsafe { libc::socket(libc::AF_INET, kind, libc::IPPROTO_SCTP) };
    assert!(
        fd >= 0,
        "socket(IPPROTO_SCTP): {}",
        io::Error::last_os_error()
    );
    // SAFETY: `fd` is a fresh descriptor nothing else owns.
    let fd = unsafe { OwnedFd::from_raw_fd(fd) };
    let timeout = libc::timeval {
        tv_sec: 10,
        tv_usec: 0,
    };
    set_option(
        fd.as_raw_fd(),
        libc::SOL_SOCKET,
        libc::SO_RCVTIMEO,
        &timeout,
    );
    fd
}

/// setsockopt(2) with a value of type `T`, asserting success.
fn set_option<T>(fd: RawFd, level: i32, name: i32, value: &T) {
    // SAFETY: `value` points to a live `T` of the length passed.
    let rc = unsafe {
        libc::setsockopt(
            fd,
            level,
            name,
            ptr::from_ref(value).cast::<c_void>(),
            size_of::<T>() as libc::socklen_t,
        )
    };
    assert_eq!(
        rc,
        0,
        "setsockopt({level}, {name}): {}",
        io::Error::last_os_error()
    );
}

fn sockaddr_in(addr: SocketAddrV4) -> libc::sockaddr_in {
    libc::sockaddr_in {
        sin_family: libc::AF_INET as libc::sa_family_t,
        sin_port: addr.port().to_be(),
        sin_addr: libc::in_addr {
            s_addr: u32::from(*addr.ip()).to_be(),
        },
        sin_zero: [0; 8],
    }
}

fn from_sockaddr_in(sin: &libc::sockaddr_in) -> SocketAddrV4 {
    assert_eq!(i32::from(sin.sin_family), libc::AF_INET);
    SocketAddrV4::new(
        Ipv4Addr::from(u32::from_be(sin.sin_addr.s_addr)),
        u16::from_be(sin.sin_port),
    )
}

fn bind(fd: &OwnedFd, addr: SocketAddrV4) {
    let sin = sockaddr_in(addr);
    // SAFETY: `sin` is a valid sockaddr_in of the length passed.
    let rc = unsafe {
        libc::bind(
            fd.as_raw_fd(),
            ptr::from_ref(&sin).cast::<libc::sockaddr>(),
            size_of_val(&sin) as libc::socklen_t,
        )
    };
    assert_eq!(rc, 0, "bind({addr}): {}", io::Error::last_os_error());
}

fn listen(fd: &OwnedFd) {
    // SAFETY: listen(2) on a descriptor we own.
    let rc = unsafe { libc::listen(fd.as_raw_fd(), 8) };
    assert_eq!(rc, 0, "listen: {}", io::Error::last_os_error());
}

fn local_addr(fd: &OwnedFd) -> SocketAddrV4 {
    // SAFETY: all-zero is a valid sockaddr_in.
    let mut sin: libc::sockaddr_in = unsafe { std::mem::zeroed() };
    let mut len = size_of_val(&sin) as libc::socklen_t;
    // SAFETY: `sin` and `len` are valid for writes of the sizes given.
    let rc = unsafe {
        libc::getsockname(
            fd.as_raw_fd(),
            ptr::from_mut(&mut sin).cast::<libc::sockaddr>(),
            &mut len,
        )
    };
    assert_eq!(rc, 0, "getsockname: {}", io::Error::last_os_error());
    from_sockaddr_in(&sin)
}

/// The IPv4 addresses of a `sctp_getpaddrs`/`sctp_getladdrs` result, packed `sockaddr_in`s.
///
/// # Safety
/// `addrs` must point to `count` packed `sockaddr_in` structures.
unsafe fn ipv4_list(addrs: *const libc::sockaddr, count: i32) -> Vec<SocketAddrV4> {
    (0..count as usize)
        .map(|i| {
            // SAFETY: the caller guarantees `count` packed sockaddr_in; they may be unaligned.
            let sin = unsafe { ptr::read_unaligned(addrs.cast::<libc::sockaddr_in>().add(i)) };
            from_sockaddr_in(&sin)
        })
        .collect()
}

fn local_addrs(fd: &OwnedFd, assoc: sctp_assoc_t) -> Vec<SocketAddrV4> {
    let mut addrs: *mut libc::sockaddr = ptr::null_mut();
    // SAFETY: `addrs` is a valid out pointer; libsctp allocates the list.
    let count = unsafe { sctp_getladdrs(fd.as_raw_fd(), assoc, &mut addrs) };
    assert!(count >= 0, "sctp_getladdrs: {}", io::Error::last_os_error());
    // SAFETY: libsctp returned `count` packed addresses of this IPv4 socket.
    let list = unsafe { ipv4_list(addrs, count) };
    if count > 0 {
        // SAFETY: `addrs` came from sctp_getladdrs and is freed once.
        let rc = unsafe { sctp_freeladdrs(addrs) };
        assert_eq!(rc, 0, "sctp_freeladdrs");
    }
    list
}

fn peer_addrs(fd: &OwnedFd, assoc: sctp_assoc_t) -> Vec<SocketAddrV4> {
    let mut addrs: *mut libc::sockaddr = ptr::null_mut();
    // SAFETY: `addrs` is a valid out pointer; libsctp allocates the list.
    let count = unsafe { sctp_getpaddrs(fd.as_raw_fd(), assoc, &mut addrs) };
    assert!(count >= 0, "sctp_getpaddrs: {}", io::Error::last_os_error());
    // SAFETY: libsctp returned `count` packed addresses of this IPv4 socket.
    let list = unsafe { ipv4_list(addrs, count) };
    if count > 0 {
        // SAFETY: `addrs` came from sctp_getpaddrs and is freed once.
        let rc = unsafe { sctp_freepaddrs(addrs) };
        assert_eq!(rc, 0, "sctp_freepaddrs");
    }
    list
}

/// A one-to-many listener on 127.0.0.1 and a one-to-many client associated with it through
/// `sctp_connectx`; returns (server, client, server address, client's association id).
fn associated_pair() -> (OwnedFd, OwnedFd, SocketAddrV4, sctp_assoc_t) {
    let server = sctp_socket(libc::SOCK_SEQPACKET);
    bind(&server, SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0));
    listen(&server);
    let server_addr = local_addr(&server);

    let client = sctp_socket(libc::SOCK_SEQPACKET);
    let mut target = sockaddr_in(server_addr);
    let mut assoc: sctp_assoc_t = 0;
    // SAFETY: one valid sockaddr_in and a valid out pointer for the association id.
    let rc = unsafe {
        sctp_connectx(
            client.as_raw_fd(),
            ptr::from_mut(&mut target).cast::<libc::sockaddr>(),
            1,
            &mut assoc,
        )
    };
    assert_eq!(rc, 0, "sctp_connectx: {}", io::Error::last_os_error());
    assert!(assoc > 0, "sctp_connectx gave association id {assoc}");
    (server, client, server_addr, assoc)
}

/// Subscribes to the data I/O event so that `sctp_recvmsg` fills in its `sctp_sndrcvinfo`.
fn subscribe_data_io(fd: &OwnedFd) {
    let events = sctp_event_subscribe {
        sctp_data_io_event: 1,
        ..Default::default()
    };
    set_option(
        fd.as_raw_fd(),
        libc::IPPROTO_SCTP,
        SCTP_EVENTS as i32,
        &events,
    );
}

/// `sctp_opt_info` of a `T` carrying the association id in its first field.
fn opt_info<T: Default>(fd: &OwnedFd, assoc: sctp_assoc_t, option: u32, init: T) -> T {
    let mut value = init;
    let mut len = size_of::<T>() as libc::socklen_t;
    // SAFETY: `value` is a live `T` of `len` bytes, writable.
    let rc = unsafe {
        sctp_opt_info(
            fd.as_raw_fd(),
            assoc,
            option as i32,
            ptr::from_mut(&mut value).cast::<c_void>(),
            &mut len,
        )
    };
    assert_eq!(
        rc,
        0,
        "sctp_opt_info({option}): {}",
        io::Error::last_os_error()
    );
    assert_eq!(len as usize, size_of::<T>(), "length of option {option}");
    value
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn bindx_adds_and_removes_addresses() {
    let fd = sctp_socket(libc::SOCK_SEQPACKET);
    bind(&fd, SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0));
    let port = local_addr(&fd).port();
    let second = SocketAddrV4::new(Ipv4Addr::new(127, 0, 0, 2), port);

    let mut add = [sockaddr_in(second)];
    // SAFETY: one valid sockaddr_in.
    let rc = unsafe {
        sctp_bindx(
            fd.as_raw_fd(),
            add.as_mut_ptr().cast::<libc::sockaddr>(),
            1,
            SCTP_BINDX_ADD_ADDR as i32,
        )
    };
    assert_eq!(rc, 0, "sctp_bindx(ADD): {}", io::Error::last_os_error());
    let mut bound = local_addrs(&fd, 0);
    bound.sort();
    assert_eq!(
        bound,
        vec![SocketAddrV4::new(Ipv4Addr::LOCALHOST, port), second]
    );

    // SAFETY: one valid sockaddr_in.
    let rc = unsafe {
        sctp_bindx(
            fd.as_raw_fd(),
            add.as_mut_ptr().cast::<libc::sockaddr>(),
            1,
            SCTP_BINDX_REM_ADDR as i32,
        )
    };
    assert_eq!(rc, 0, "sctp_bindx(REM): {}", io::Error::last_os_error());
    assert_eq!(
        local_addrs(&fd, 0),
        vec![SocketAddrV4::new(Ipv4Addr::LOCALHOST, port)]
    );
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn connectx_gives_the_association_id_that_opt_info_and_getpaddrs_know() {
    let (_server, client, server_addr, assoc) = associated_pair();

    let status = opt_info(
        &client,
        assoc,
        SCTP_STATUS,
        sctp_status {
            sstat_assoc_id: assoc,
            ..Default::default()
        },
    );
    assert_eq!(status.sstat_assoc_id, assoc);
    assert_eq!(status.sstat_state, SCTP_ESTABLISHED as i32);
    assert!(status.sstat_outstrms >= 1 && status.sstat_instrms >= 1);
    let primary = { status.sstat_primary.spinfo_address };
    // SAFETY: an IPv4 association's primary address is a sockaddr_in at the storage's start.
    let primary =
        unsafe { ptr::read_unaligned(ptr::from_ref(&primary).cast::<libc::sockaddr_in>()) };
    assert_eq!(from_sockaddr_in(&primary), server_addr);

    let rto = opt_info(
        &client,
        assoc,
        SCTP_RTOINFO,
        sctp_rtoinfo {
            srto_assoc_id: assoc,
            ..Default::default()
        },
    );
    assert!(
        rto.srto_min > 0 && rto.srto_min <= rto.srto_initial && rto.srto_initial <= rto.srto_max
    );

    assert_eq!(peer_addrs(&client, assoc), vec![server_addr]);
    let local = local_addrs(&client, assoc);
    assert_eq!(local.len(), 1);
    assert_eq!(*local[0].ip(), Ipv4Addr::LOCALHOST);
    assert_ne!(local[0].port(), 0);
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn sendmsg_and_recvmsg_carry_stream_and_ppid() {
    let (server, client, server_addr, _assoc) = associated_pair();
    subscribe_data_io(&server);

    let payload = b"hello over sctp_sendmsg";
    let mut to = sockaddr_in(server_addr);
    // SAFETY: valid payload and destination of the lengths passed.
    let sent = unsafe {
        sctp_sendmsg(
            client.as_raw_fd(),
            payload.as_ptr().cast::<c_void>(),
            payload.len(),
            ptr::from_mut(&mut to).cast::<libc::sockaddr>(),
            size_of_val(&to) as libc::socklen_t,
            0x1234_5678,
            0,
            1,
            0,
            42,
        )
    };
    assert_eq!(
        sent,
        payload.len() as i32,
        "sctp_sendmsg: {}",
        io::Error::last_os_error()
    );

    let mut buf = [0u8; 256];
    let mut info = sctp_sndrcvinfo::default();
    let mut flags = 0;
    // SAFETY: a zeroed sockaddr_in is a valid value to overwrite.
    let mut from: libc::sockaddr_in = unsafe { std::mem::zeroed() };
    let mut from_len = size_of_val(&from) as libc::socklen_t;
    // SAFETY: all buffers are live and sized as passed.
    let received = unsafe {
        sctp_recvmsg(
            server.as_raw_fd(),
            buf.as_mut_ptr().cast::<c_void>(),
            buf.len(),
            ptr::from_mut(&mut from).cast::<libc::sockaddr>(),
            &mut from_len,
            &mut info,
            &mut flags,
        )
    };
    assert_eq!(
        received,
        payload.len() as i32,
        "sctp_recvmsg: {}",
        io::Error::last_os_error()
    );
    assert_eq!(&buf[..payload.len()], payload);
    assert_eq!(info.sinfo_stream, 1);
    // The ppid travels as the same four bytes it was given in.
    assert_eq!(info.sinfo_ppid, 0x1234_5678);
    assert!(info.sinfo_assoc_id > 0);
    assert_ne!(flags & libc::MSG_EOR, 0, "message not complete");
    assert_eq!(flags & MSG_NOTIFICATION as i32, 0);
    assert_eq!(*from_sockaddr_in(&from).ip(), Ipv4Addr::LOCALHOST);
}

#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn peeloff_gives_a_one_to_one_socket_for_the_association() {
    let (server, client, server_addr, assoc) = associated_pair();
    subscribe_data_io(&server);

    // SAFETY: peeloff of an association of this socket.
    let peeled = unsafe { sctp_peeloff(client.as_raw_fd(), assoc) };
    assert!(peeled >= 0, "sctp_peeloff: {}", io::Error::last_os_error());
    // SAFETY: a fresh descriptor nothing else owns.
    let peeled = unsafe { OwnedFd::from_raw_fd(peeled) };

    // The association now lives on the peeled socket, which is connected to the server.
    assert_eq!(peer_addrs(&peeled, 0), vec![server_addr]);
    let payload = b"from the peeled socket";
    // SAFETY: valid payload; no destination on a one-to-one socket.
    let sent = unsafe {
        sctp_sendmsg(
            peeled.as_raw_fd(),
            payload.as_ptr().cast::<c_void>(),
            payload.len(),
            ptr::null_mut(),
            0,
            7,
            0,
            0,
            0,
            0,
        )
    };
    assert_eq!(
        sent,
        payload.len() as i32,
        "sctp_sendmsg: {}",
        io::Error::last_os_error()
    );
    let mut buf = [0u8; 128];
    let mut info = sctp_sndrcvinfo::default();
    let mut flags = 0;
    // SAFETY: buffers live and sized as passed; no source address asked for.
    let received = unsafe {
        sctp_recvmsg(
            server.as_raw_fd(),
            buf.as_mut_ptr().cast::<c_void>(),
            buf.len(),
            ptr::null_mut(),
            ptr::null_mut(),
            &mut info,
            &mut flags,
        )
    };
    assert_eq!(
        received,
        payload.len() as i32,
        "sctp_recvmsg: {}",
        io::Error::last_os_error()
    );
    assert_eq!(&buf[..payload.len()], payload);
    assert_eq!(info.sinfo_ppid, 7);

    // The one-to-many socket no longer has the association.
    let mut addrs: *mut libc::sockaddr = ptr::null_mut();
    // SAFETY: valid out pointer.
    let rc = unsafe { sctp_getpaddrs(client.as_raw_fd(), assoc, &mut addrs) };
    assert_eq!(
        rc, -1,
        "the peeled association is still on the original socket"
    );
}

#[cfg(sctp_have_sendv)]
#[test]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
fn sendv_and_recvv_carry_sndinfo_and_rcvinfo() {
    let (server, client, _server_addr, assoc) = associated_pair();
    let on: i32 = 1;
    set_option(
        server.as_raw_fd(),
        libc::IPPROTO_SCTP,
        SCTP_RECVRCVINFO as i32,
        &on,
    );

    let payload = b"sctp_sendv with SNDINFO";
    let iov = libc::iovec {
        iov_base: payload.as_ptr().cast_mut().cast::<c_void>(),
        iov_len: payload.len(),
    };
    let mut info = sctp_sndinfo {
        snd_sid: 2,
        snd_flags: 0,
        snd_ppid: 99,
        snd_context: 5,
        snd_assoc_id: assoc,
    };
    // SAFETY: one valid iovec; `info` is a sctp_sndinfo of the length and type given.
    let sent = unsafe {
        sctp_sendv(
            client.as_raw_fd(),
            &iov,
            1,
            ptr::null_mut(),
            0,
            ptr::from_mut(&mut info).cast::<c_void>(),
            size_of_val(&info) as libc::socklen_t,
            SCTP_SENDV_SNDINFO,
            0,
        )
    };
    assert_eq!(
        sent,
        payload.len() as i32,
        "sctp_sendv: {}",
        io::Error::last_os_error()
    );

    let mut buf = [0u8; 128];
    let iov = libc::iovec {
        iov_base: buf.as_mut_ptr().cast::<c_void>(),
        iov_len: buf.len(),
    };
    let mut rcv = sctp_rcvinfo::default();
    let mut rcv_len = size_of_val(&rcv) as libc::socklen_t;
    let mut info_type: u32 = 0;
    let mut flags = 0;
    // SAFETY: one valid iovec over `buf`; `rcv` and the out parameters are live and sized.
    let received = unsafe {
        sctp_recvv(
            server.as_raw_fd(),
            &iov,
            1,
            ptr::null_mut(),
            ptr::null_mut(),
            ptr::from_mut(&mut rcv).cast::<c_void>(),
            &mut rcv_len,
            &mut info_type,
            &mut flags,
        )
    };
    assert_eq!(
        received,
        payload.len() as i32,
        "sctp_recvv: {}",
        io::Error::last_os_error()
    );
    assert_eq!(&buf[..payload.len()], payload);
    assert_eq!(info_type, SCTP_RECVV_RCVINFO);
    assert_eq!(rcv_len as usize, size_of::<sctp_rcvinfo>());
    assert_eq!(rcv.rcv_sid, 2);
    assert_eq!(rcv.rcv_ppid, 99);
    assert!(rcv.rcv_assoc_id > 0);
    assert_ne!(flags & libc::MSG_EOR, 0);
}

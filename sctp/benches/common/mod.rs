//! The checks the benchmark loops make on every received message, as the C programs do.
#![allow(dead_code)]

use sctp::Received;

/// The checks of the C program: the length and the ppid (from the RCVINFO control message).
/// A plain test rather than `assert_eq!`, whose message needs both values kept in memory.
#[inline]
pub(crate) fn check(received: Received<'_>, size: usize) {
    match received {
        Received::Data(m) => {
            if m.data().len() != size || m.ppid() != 46 {
                panic!("bad message: {} bytes, ppid {}", m.data().len(), m.ppid());
            }
        }
        Received::Notification(n) => panic!("unexpected notification {n:?}"),
    }
}

/// The checks of the `varying` workload, as an application would make them: stream, ppid,
/// length and completeness.
#[inline]
pub(crate) fn check_app(received: Received<'_>, size: usize, stream: u16) {
    match received {
        Received::Data(m) => {
            if m.data().len() != size || m.ppid() != 46 || m.stream() != stream || !m.is_complete()
            {
                panic!(
                    "bad message: {} bytes, ppid {}, stream {}",
                    m.data().len(),
                    m.ppid(),
                    m.stream()
                );
            }
        }
        Received::Notification(n) => panic!("unexpected notification {n:?}"),
    }
}

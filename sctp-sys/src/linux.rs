//! Items of the Linux header that bindgen cannot translate faithfully, written by hand.

use crate::{__u8, __u16, __u32, sctp_assoc_t};
use libc::sockaddr_storage;

/// Peer address parameters (`SCTP_PEER_ADDR_PARAMS`, RFC 6458 §8.1.12).
///
/// Linux declares this structure `__attribute__((packed, aligned(4)))`: no padding between
/// fields, size rounded up to a multiple of 4. Rust cannot combine `packed` with `align`, so
/// this is `repr(C, packed)` with the tail padding as an explicit field: size and field offsets
/// equal the C structure's, alignment is 1 instead of 4 (a pointer to it is valid where C
/// expects its own type, since nothing is read through a misaligned field reference).
#[repr(C, packed)]
#[derive(Debug, Copy, Clone)]
pub struct sctp_paddrparams {
    /// Association the parameters apply to.
    pub spp_assoc_id: sctp_assoc_t,
    /// Peer address, or all zero for every address of the association.
    pub spp_address: sockaddr_storage,
    /// Heartbeat interval in milliseconds.
    pub spp_hbinterval: __u32,
    /// Maximum retransmissions before this address is considered unreachable.
    pub spp_pathmaxrxt: __u16,
    /// Path MTU, when `SPP_PMTUD_DISABLE` is set.
    pub spp_pathmtu: __u32,
    /// Delayed SACK timeout in milliseconds.
    pub spp_sackdelay: __u32,
    /// `SPP_*` flags.
    pub spp_flags: __u32,
    /// IPv6 flow label, when `SPP_IPV6_FLOWLABEL` is set.
    #[cfg(sctp_have_spp_ipv6_flowlabel)]
    pub spp_ipv6_flowlabel: __u32,
    /// DSCP value, when `SPP_DSCP` is set.
    #[cfg(sctp_have_spp_dscp)]
    pub spp_dscp: __u8,
    /// Tail padding of C's `aligned(4)`; keep zero.
    pub __spp_tail_padding: [__u8; PADDRPARAMS_TAIL],
}

impl Default for sctp_paddrparams {
    /// All zero, as C code gets it from `memset`.
    fn default() -> Self {
        // SAFETY: every field is an integer, an integer array or `sockaddr_storage` (integers
        // and byte arrays), for all of which the all-zero bit pattern is a valid value.
        unsafe { core::mem::zeroed() }
    }
}

const PADDRPARAMS_UNPADDED: usize = 4
    + 128
    + 4
    + 2
    + 4
    + 4
    + 4
    + if cfg!(sctp_have_spp_ipv6_flowlabel) {
        4
    } else {
        0
    }
    + if cfg!(sctp_have_spp_dscp) { 1 } else { 0 };
const PADDRPARAMS_TAIL: usize = PADDRPARAMS_UNPADDED.next_multiple_of(4) - PADDRPARAMS_UNPADDED;

const _: () = {
    assert!(core::mem::size_of::<sctp_paddrparams>() % 4 == 0);
    assert!(core::mem::offset_of!(sctp_paddrparams, spp_address) == 4);
    assert!(core::mem::offset_of!(sctp_paddrparams, spp_hbinterval) == 132);
    assert!(core::mem::offset_of!(sctp_paddrparams, spp_pathmaxrxt) == 136);
    assert!(core::mem::offset_of!(sctp_paddrparams, spp_pathmtu) == 138);
    assert!(core::mem::offset_of!(sctp_paddrparams, spp_sackdelay) == 142);
    assert!(core::mem::offset_of!(sctp_paddrparams, spp_flags) == 146);
};

// Function-like macros of `linux/sctp.h` (PR-SCTP policy helpers), which bindgen does not
// translate. The C versions take and give `int`; these take the `u32` the constants have.

/// `SCTP_PR_INDEX`: position of a PR-SCTP policy in per-policy arrays (`sctp_prstatus`
/// queries use it). C spells the argument as the policy name's suffix (`SCTP_PR_INDEX(TTL)`);
/// this takes the policy value (`SCTP_PR_INDEX(SCTP_PR_SCTP_TTL)`). `SCTP_PR_SCTP_NONE` gives -1,
/// as in C.
pub const fn SCTP_PR_INDEX(policy: u32) -> i32 {
    (policy >> 4) as i32 - 1
}

/// `SCTP_PR_POLICY`: the PR-SCTP policy bits of a flags word.
pub const fn SCTP_PR_POLICY(flags: u32) -> u32 {
    flags & crate::SCTP_PR_SCTP_MASK
}

/// `SCTP_PR_SET_POLICY`: replaces the PR-SCTP policy bits of `flags` with `policy`.
pub const fn SCTP_PR_SET_POLICY(flags: &mut u32, policy: u32) {
    *flags &= !crate::SCTP_PR_SCTP_MASK;
    *flags |= policy;
}

/// `SCTP_PR_TTL_ENABLED`: whether the flags select the time-to-live policy.
pub const fn SCTP_PR_TTL_ENABLED(flags: u32) -> bool {
    SCTP_PR_POLICY(flags) == crate::SCTP_PR_SCTP_TTL
}

/// `SCTP_PR_RTX_ENABLED`: whether the flags select the retransmission-count policy.
pub const fn SCTP_PR_RTX_ENABLED(flags: u32) -> bool {
    SCTP_PR_POLICY(flags) == crate::SCTP_PR_SCTP_RTX
}

/// `SCTP_PR_PRIO_ENABLED`: whether the flags select the priority policy.
pub const fn SCTP_PR_PRIO_ENABLED(flags: u32) -> bool {
    SCTP_PR_POLICY(flags) == crate::SCTP_PR_SCTP_PRIO
}

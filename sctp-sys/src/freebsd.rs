//! Function-like macros of FreeBSD's `netinet/sctp_uio.h`, which bindgen does not translate.
//!
//! FreeBSD keeps the PR-SCTP policy in the low four bits of the flags word (Linux uses bits 4
//! and 5, see the Linux items of the same purpose).

use crate::{
    SCTP_ABORT, SCTP_ADDR_OVER, SCTP_EOF, SCTP_EOR, SCTP_PR_SCTP_ALL, SCTP_PR_SCTP_BUF,
    SCTP_PR_SCTP_MAX, SCTP_PR_SCTP_NONE, SCTP_PR_SCTP_RTX, SCTP_PR_SCTP_TTL, SCTP_SACK_IMMEDIATELY,
    SCTP_SENDALL, SCTP_UNORDERED,
};

/// `PR_SCTP_POLICY`: the PR-SCTP policy bits of a flags word.
pub const fn PR_SCTP_POLICY(flags: u32) -> u32 {
    flags & 0x0f
}

/// `PR_SCTP_ENABLED`: whether the flags select a PR-SCTP policy (neither `SCTP_PR_SCTP_NONE`
/// nor the statistics-only `SCTP_PR_SCTP_ALL`).
pub const fn PR_SCTP_ENABLED(flags: u32) -> bool {
    PR_SCTP_POLICY(flags) != SCTP_PR_SCTP_NONE && PR_SCTP_POLICY(flags) != SCTP_PR_SCTP_ALL
}

/// `PR_SCTP_TTL_ENABLED`: whether the flags select the time-to-live policy.
pub const fn PR_SCTP_TTL_ENABLED(flags: u32) -> bool {
    PR_SCTP_POLICY(flags) == SCTP_PR_SCTP_TTL
}

/// `PR_SCTP_BUF_ENABLED`: whether the flags select the buffer (priority) policy.
pub const fn PR_SCTP_BUF_ENABLED(flags: u32) -> bool {
    PR_SCTP_POLICY(flags) == SCTP_PR_SCTP_BUF
}

/// `PR_SCTP_RTX_ENABLED`: whether the flags select the retransmission-count policy.
pub const fn PR_SCTP_RTX_ENABLED(flags: u32) -> bool {
    PR_SCTP_POLICY(flags) == SCTP_PR_SCTP_RTX
}

/// `PR_SCTP_INVALID_POLICY`: whether the policy bits name no known policy.
pub const fn PR_SCTP_INVALID_POLICY(flags: u32) -> bool {
    PR_SCTP_POLICY(flags) > SCTP_PR_SCTP_MAX
}

/// `PR_SCTP_VALID_POLICY`: whether the policy bits name a known policy.
pub const fn PR_SCTP_VALID_POLICY(flags: u32) -> bool {
    PR_SCTP_POLICY(flags) <= SCTP_PR_SCTP_MAX
}

/// `INVALID_SINFO_FLAG`: whether `sinfo_flags` has a bit above the policy nibble that is not a
/// known send flag.
pub const fn INVALID_SINFO_FLAG(flags: u32) -> bool {
    flags
        & 0xffff_fff0
        & !(SCTP_EOF
            | SCTP_ABORT
            | SCTP_UNORDERED
            | SCTP_ADDR_OVER
            | SCTP_SENDALL
            | SCTP_EOR
            | SCTP_SACK_IMMEDIATELY)
        != 0
}

// Checked whenever the crate is built or checked for FreeBSD: the macros above on values whose
// C results follow from the header's definitions.
const _: () = {
    assert!(PR_SCTP_POLICY(0x0413) == 3);
    assert!(PR_SCTP_ENABLED(SCTP_PR_SCTP_TTL) && !PR_SCTP_ENABLED(SCTP_PR_SCTP_ALL));
    assert!(!PR_SCTP_ENABLED(SCTP_PR_SCTP_NONE | SCTP_UNORDERED));
    assert!(PR_SCTP_TTL_ENABLED(SCTP_EOF | SCTP_PR_SCTP_TTL));
    assert!(PR_SCTP_BUF_ENABLED(SCTP_PR_SCTP_BUF) && !PR_SCTP_RTX_ENABLED(SCTP_PR_SCTP_BUF));
    assert!(PR_SCTP_INVALID_POLICY(4) && PR_SCTP_VALID_POLICY(SCTP_PR_SCTP_RTX));
    assert!(!INVALID_SINFO_FLAG(
        SCTP_EOF | SCTP_UNORDERED | SCTP_PR_SCTP_TTL
    ));
    assert!(INVALID_SINFO_FLAG(0x0010));
};

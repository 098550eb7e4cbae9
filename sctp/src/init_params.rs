//! Association setup parameters.

/// Parameters for setting up associations, the `struct sctp_initmsg` of RFC 6458 §8.1.3
/// (`SCTP_INITMSG`). Zero leaves the system default.
///
/// # Examples
///
/// ```
/// use sctp::InitParams;
///
/// let params = InitParams { outbound_streams: 10, max_inbound_streams: 10, ..InitParams::default() };
/// assert_eq!(params.max_attempts, 0);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct InitParams {
    /// Number of outbound streams to ask for (`sinit_num_ostreams`).
    pub outbound_streams: u16,
    /// Largest number of inbound streams to accept (`sinit_max_instreams`).
    pub max_inbound_streams: u16,
    /// How many times to send INIT before giving up (`sinit_max_attempts`).
    pub max_attempts: u16,
    /// Largest INIT retransmission timeout in milliseconds (`sinit_max_init_timeo`).
    pub max_init_timeout_ms: u16,
}

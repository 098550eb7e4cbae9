//! Association setup parameters.

/// Parameters for setting up associations, the `struct sctp_initmsg` of RFC 6458 §8.1.3
/// (`SCTP_INITMSG`). Zero leaves the system default.
///
/// # Examples
///
/// ```
/// use sctp::InitParams;
///
/// let params = InitParams::new().with_outbound_streams(10).with_max_inbound_streams(10);
/// assert_eq!(params.max_attempts, 0);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
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

impl InitParams {
    /// Every field zero (system defaults): the same as `Default`.
    pub const fn new() -> InitParams {
        InitParams {
            outbound_streams: 0,
            max_inbound_streams: 0,
            max_attempts: 0,
            max_init_timeout_ms: 0,
        }
    }

    /// Sets [`outbound_streams`](Self::outbound_streams).
    pub const fn with_outbound_streams(mut self, outbound_streams: u16) -> InitParams {
        self.outbound_streams = outbound_streams;
        self
    }

    /// Sets [`max_inbound_streams`](Self::max_inbound_streams).
    pub const fn with_max_inbound_streams(mut self, max_inbound_streams: u16) -> InitParams {
        self.max_inbound_streams = max_inbound_streams;
        self
    }

    /// Sets [`max_attempts`](Self::max_attempts).
    pub const fn with_max_attempts(mut self, max_attempts: u16) -> InitParams {
        self.max_attempts = max_attempts;
        self
    }

    /// Sets [`max_init_timeout_ms`](Self::max_init_timeout_ms).
    pub const fn with_max_init_timeout_ms(mut self, max_init_timeout_ms: u16) -> InitParams {
        self.max_init_timeout_ms = max_init_timeout_ms;
        self
    }
}

//! Socket options (RFC 6458 §8): typed getters and setters on the three socket types.
//!
//! Placeholder until the option accessors land.

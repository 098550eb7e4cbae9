//! `cargo xtask demo`: a server and a client from the `sctp` examples talking on loopback.

use anyhow::Result;

pub(crate) fn demo(_args: &[String]) -> Result<()> {
    println!(
        "The demo arrives with the socket API of the `sctp` crate (its examples run in the test VM)."
    );
    Ok(())
}

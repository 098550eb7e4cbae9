//! Kernel tests that run the async examples (`examples/async_echo_server.rs`,
//! `examples/async_gateway.rs`) in process: the same code `cargo xtask demo` shows.

#[path = "../examples/async_echo_server.rs"]
#[allow(dead_code)]
mod async_echo_server;

#[path = "../examples/async_gateway.rs"]
#[allow(dead_code)]
mod async_gateway;

use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
async fn async_echo_server_serves_many_clients_as_tasks() {
    let echoed = tokio::time::timeout(LIMIT, async_echo_server::run(16))
        .await
        .expect("within the time limit")
        .expect("every client saw COMM_UP first and its echoes");
    // 16 clients, one message per stream, 3 streams.
    assert_eq!(echoed, 16 * 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs kernel SCTP: run by cargo xtask test"]
async fn async_gateway_routes_by_association_id() {
    let routed = tokio::time::timeout(LIMIT, async_gateway::run(6))
        .await
        .expect("within the time limit")
        .expect("every peer got the message of the one before it");
    assert_eq!(routed, 6);
}

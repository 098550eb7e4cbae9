#!/bin/sh
# The guest side of `cargo xtask demo`: runs example programs of the sctp crate on loopback and
# says what to look for. Usage: demo.sh DIR_WITH_EXAMPLE_BINARIES
# With DEMO_USERLAND=1 the examples were built on the userland stack (usrsctp over UDP, by
# `cargo xtask demo --userland`): each process runs its own usrsctp, the echo server on UDP port
# DEMO_SERVER_UDP_PORT and the client on DEMO_CLIENT_UDP_PORT; the other scenes pick a free port.
set -u
EX="$1"
USERLAND="${DEMO_USERLAND:-0}"
if [ "$USERLAND" = 1 ]; then
    SERVER_ENV="SCTP_USERLAND_UDP_PORT=${DEMO_SERVER_UDP_PORT:-9899}"
    CLIENT_ENV="SCTP_USERLAND_UDP_PORT=${DEMO_CLIENT_UDP_PORT:-9900} SCTP_USERLAND_REMOTE_UDP_PORT=${DEMO_SERVER_UDP_PORT:-9899}"
    export SCTP_USERLAND_UDP_PORT=0
else
    SERVER_ENV=
    CLIENT_ENV=
    modprobe sctp 2>/dev/null || true
fi

say() { printf '\n\033[1m%s\033[0m\n' "$*"; }
note() { printf '    %s\n' "$*"; }

say "1. One-to-one echo: echo_server and echo_client on 127.0.0.1:9899"
note "Watch for: the association coming up on both sides (CommUp, with the negotiated stream"
note "counts), four messages on streams 0-3 each with its own ppid (46, 60, 18, 51) echoed back"
note "on the same stream with the same ppid, then a clean shutdown: the client's shutdown"
note "reaches the server as a Shutdown notification and both see ShutdownComplete."
env $SERVER_ENV "$EX/echo_server" --once 127.0.0.1:9899 &
server=$!
if [ "$USERLAND" = 1 ]; then
    # usrsctp's SCTP ports live inside the server process: give it a moment to listen.
    sleep 1
else
    i=0
    while [ $i -lt 50 ] && ! grep -qw 9899 /proc/net/sctp/eps 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
fi
env $CLIENT_ENV "$EX/echo_client" 127.0.0.1:9899
client_rc=$?
wait $server
server_rc=$?

say "2. Every notification, field by field: monitor --self-test"
note "The monitor subscribes to every event and prints each notification with its C field"
note "names: sac_* is an association change (sac_state 0 = COMM_UP, 3 = SHUTDOWN_COMP),"
note "auth_indication=2 says the peer does not use AUTH (RFC 4895), sse_* is the peer's SHUTDOWN;"
note "the data message is printed in between, in the order it arrived."
if [ "$USERLAND" = 1 ]; then
    note "On the userland stack the raw values are FreeBSD's (usrsctp's): sac_state 1 = COMM_UP,"
    note "4 = SHUTDOWN_COMP; the typed view (AssocState) is the same on both stacks."
fi
"$EX/monitor" --self-test
monitor_rc=$?

say "3. Ordered and unordered streams: multistream"
note "Ordered streams 0-2 number their messages 0, 1, 2 (SSN); stream 3 is unordered."
"$EX/multistream"
multistream_rc=$?

say "4. One socket, many peers: one_to_many"
note "Three clients on one one-to-many server socket, each association with its own id;"
note "client 2's association is peeled off to its own socket and keeps working there."
"$EX/one_to_many"
one_to_many_rc=$?

say "5. Async on tokio: async_echo_server and async_gateway"
if [ "$USERLAND" = 1 ]; then
    note "On the userland stack the async sockets are sctp::userland::tokio: usrsctp's per-socket"
    note "upcall wakes the waiting tasks (no descriptor, no reactor); the programs are the same."
fi
note "async_echo_server: one task per association, eight clients at once. Each client is"
note "configured before it connects, so its first receive is the COMM_UP of its own association"
note "(3 streams each way); then one message per stream is echoed with its stream and ppid."
"$EX/async_echo_server" 8
async_echo_rc=$?
note "async_gateway: one one-to-many socket routes between four peers by association id: each"
note "peer registers a name, the gateway maps names to association ids and forwards each"
note "'to peerN: ...' message on peerN's association; every peer gets the message of the one before it."
"$EX/async_gateway" 4
async_gateway_rc=$?

say "Summary"
rc=0
for pair in "echo_client:$client_rc" "echo_server:$server_rc" "monitor:$monitor_rc" \
    "multistream:$multistream_rc" "one_to_many:$one_to_many_rc" \
    "async_echo_server:$async_echo_rc" "async_gateway:$async_gateway_rc"; do
    name=${pair%%:*}
    code=${pair#*:}
    if [ "$code" = 0 ]; then
        note "$name: ok"
    else
        note "$name: FAILED (exit $code)"
        rc=1
    fi
done
exit $rc

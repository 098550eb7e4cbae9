#!/bin/sh
# Runs the kernel tests: inside the test VM (booted by `cargo xtask test`), or directly on a host whose
# kernel has SCTP. Usage: vm-test.sh RESULTS_DIR
#
# RESULTS_DIR/manifest lists the test binaries, one per line: <name> TAB <executable> TAB <working dir>
# TAB <per-binary timeout in seconds> TAB <extra test-harness arguments>. For each binary this writes
# <name>.log (its output) and <name>.rc (its exit status); RESULTS_DIR/kernel gets `uname -r` and
# RESULTS_DIR/complete marks a finished run. Only tests marked #[ignore = "needs kernel SCTP: …"] run
# (libtest's --ignored); they fail, not skip, when SCTP is missing. RESULTS_DIR/wrapper, when present,
# holds a command each binary runs under (`cargo xtask test --valgrind` writes a memcheck command).
set -u
out=$1
tab=$(printf '\t')
wrap=$(cat "$out/wrapper" 2>/dev/null || true)

uname -r > "$out/kernel"
echo "kernel-tests: running on kernel $(uname -r)"
if ! grep -qw sctp /proc/net/protocols 2>/dev/null; then
    modprobe sctp || echo "kernel-tests: modprobe sctp failed: the kernel tests will fail"
fi
# Loopback must be up (it is in the VM; inside a fresh network namespace it would not be).
ip link set lo up 2>/dev/null || true

while IFS="$tab" read -r name exe dir limit args; do
    [ -n "$name" ] || continue
    echo "kernel-tests: $name"
    # shellcheck disable=SC2086 # $wrap is a command and $args a list of harness arguments.
    (cd "$dir" && RUST_BACKTRACE=1 timeout -k 10 "$limit" $wrap "$exe" --ignored --test-threads=1 $args) \
        > "$out/$name.log" 2>&1
    echo $? > "$out/$name.rc"
    grep -E '^test result:' "$out/$name.log" | tail -n 1
done < "$out/manifest"
echo done > "$out/complete"

#!/bin/sh
# Runs inside the test VM for `cargo xtask bench`: the C baseline and the Rust workload (and, for the
# fixed workload, the same on the tokio sockets), alternating, for each workload, socket style and
# message size, then all of them under callgrind. Usage:
#   vm-bench.sh OUT_DIR C_BINARY RUST_BINARY ROUNDS COUNT BATCH_BINARY SCALE_BINARY [SCALES]
# Writes OUT_DIR/results, lines of:  time <workload> <style> <size> <c|rust|tokio|tokio-u|tokio-f> <ns_per_msg>
#                                    alloc <workload> <style> <size> <rust|tokio|...> <count> <allocations>
#                                    ir <workload> <style> <size> <c|rust|tokio|tokio-u|tokio-f> <count> <instructions>
# (tokio-u: the tokio loop under `unconstrained`; tokio-f: its floor, the budget and the plain calls)
# (and `ir udp udp 64 <std|tokio> ...`: the same loop on UDP sockets, the reference for tokio's cost)
# and, for the batch API against one call per message (64 B messages in groups of 16):
#                                    btime <style> <single|batch> <ns_per_msg>
#                                    bir <style> <single|batch> <count> <instructions>
# and, for one one-to-many socket serving N associations round-robin (SCALES, default "1 100 1000 10000"):
#                                    scale <n> <setup_ns_per_assoc> <ns_per_msg> <rss_kib>
#                                    sir <n> <count> <instructions>
set -eu
out=$1 c=$2 rust=$3 rounds=$4 count=$5 batch=$6 scale=$7 scales=${8:-1 100 1000 10000}
group=16
# The batch runs move whole groups.
bcount=$(( (count + group - 1) / group * group ))
res="$out/results"
: > "$res"
uname -r > "$out/kernel"
grep -qw sctp /proc/net/protocols || modprobe sctp

# The command line of one implementation of one workload: `run IMPL WORKLOAD STYLE SIZE N`.
run() {
    case $1 in
    c) "$c" "$3" "$4" "$5" "$2" ;;
    rust) "$rust" "$3" "$4" "$5" "$2" ;;
    tokio) "$rust" "$3" "$4" "$5" tokio ;;
    tokio-u) "$rust" "$3" "$4" "$5" tokio-unconstrained ;;
    tokio-f) "$rust" "$3" "$4" "$5" tokio-floor ;;
    esac
}

for workload in fixed varying; do
    if [ "$workload" = fixed ]; then impls="c rust tokio tokio-u tokio-f"; else impls="c rust"; fi
    for style in stream seqpacket; do
        for size in 64 1024; do
            i=0
            while [ "$i" -lt "$rounds" ]; do
                for impl in $impls; do
                    o=$(run "$impl" "$workload" "$style" "$size" "$count")
                    echo "time $workload $style $size $impl $(echo "$o" | sed -n 's/^ns_per_msg=//p')" >> "$res"
                    if [ "$impl" != c ]; then
                        echo "alloc $workload $style $size $impl $count $(echo "$o" | sed -n 's/^allocs=//p')" >> "$res"
                    fi
                done
                i=$((i + 1))
            done
            echo "bench: $workload $style $size B timed"
            # User-space instructions per message: the difference of two runs cancels the set-up.
            for impl in $impls; do
                for n in 1000 3000; do
                    case $impl in
                    c) bin=$c arg=$workload ;;
                    rust) bin=$rust arg=$workload ;;
                    tokio) bin=$rust arg=tokio ;;
                    tokio-u) bin=$rust arg=tokio-unconstrained ;;
                    tokio-f) bin=$rust arg=tokio-floor ;;
                    esac
                    ir=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$style" "$size" "$n" "$arg" 2>&1 \
                        | sed -n 's/.*Collected : *//p')
                    echo "ir $workload $style $size $impl $n $ir" >> "$res"
                done
            done
        done
    done
done

# The reference for the tokio figures, with no SCTP: the fixed loop on std's and on tokio's
# UdpSocket (the style `udp` of the Rust binary).
for impl in std tokio; do
    for n in 1000 3000; do
        case $impl in std) arg=fixed ;; tokio) arg=tokio ;; esac
        ir=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$rust" udp 64 "$n" "$arg" 2>&1 \
            | sed -n 's/.*Collected : *//p')
        echo "ir udp udp 64 $impl $n $ir" >> "$res"
    done
done

for style in stream seqpacket; do
    i=0
    while [ "$i" -lt "$rounds" ]; do
        for mode in single batch; do
            ns=$("$batch" "$style" 64 "$bcount" "$group" "$mode" | sed -n 's/^ns_per_msg=//p')
            echo "btime $style $mode $ns" >> "$res"
        done
        i=$((i + 1))
    done
    echo "bench: batch $style timed"
    for mode in single batch; do
        for n in 1600 4800; do
            ir=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$batch" "$style" 64 "$n" "$group" "$mode" 2>&1 \
                | sed -n 's/.*Collected : *//p')
            echo "bir $style $mode $n $ir" >> "$res"
        done
    done
done

# One socket per association: as root in the VM the descriptor limit can be raised for valgrind
# too (valgrind keeps the limit it starts with).
ulimit -n 65536 2>/dev/null || true
for n in $scales; do
    r=$("$scale" "$n" "$count")
    get() { echo "$r" | sed -n "s/^$1=//p"; }
    echo "scale $n $(get setup_ns_per_assoc) $(get ns_per_msg) $(get rss_kib)" >> "$res"
    for k in 1000 3000; do
        o=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$scale" "$n" "$k" 2>&1) || true
        # A run that did not set every association up counts nothing.
        if echo "$o" | grep -q "^assocs=$n\$"; then
            echo "sir $n $k $(echo "$o" | sed -n 's/.*Collected : *//p')" >> "$res"
        else
            echo "scale: $n associations under callgrind failed:" >&2
            echo "$o" | tail -5 >&2
        fi
    done
    echo "bench: $n associations"
done
echo done > "$out/complete"

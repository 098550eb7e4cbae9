#!/bin/sh
# Runs inside the test VM for `cargo xtask bench`: the C baseline, the Rust workload on the blocking
# sockets and the same on the tokio sockets, alternating, for each socket style and message size, then
# all three under callgrind. Usage:
#   vm-bench.sh OUT_DIR C_BINARY RUST_BINARY ROUNDS COUNT
# Writes OUT_DIR/results, lines of:  time <style> <size> <c|rust|tokio> <ns_per_msg>
#                                    alloc <style> <size> <rust|tokio> <count> <allocations in the loop>
#                                    ir <style> <size> <c|rust|tokio> <count> <instructions>
set -eu
out=$1 c=$2 rust=$3 rounds=$4 count=$5
res="$out/results"
: > "$res"
uname -r > "$out/kernel"
grep -qw sctp /proc/net/protocols || modprobe sctp
for style in stream seqpacket; do
    for size in 64 1024; do
        i=0
        while [ "$i" -lt "$rounds" ]; do
            for impl in c rust tokio; do
                case $impl in
                c) o=$("$c" "$style" "$size" "$count") ;;
                rust) o=$("$rust" "$style" "$size" "$count" blocking) ;;
                tokio) o=$("$rust" "$style" "$size" "$count" tokio) ;;
                esac
                echo "time $style $size $impl $(echo "$o" | sed -n 's/^ns_per_msg=//p')" >> "$res"
                if [ "$impl" != c ]; then
                    echo "alloc $style $size $impl $count $(echo "$o" | sed -n 's/^allocs=//p')" >> "$res"
                fi
            done
            i=$((i + 1))
        done
        echo "bench: $style $size B timed"
        # User-space instructions per message: the difference of two runs cancels the set-up.
        for impl in c rust tokio; do
            case $impl in
            c) cmd="$c $style $size" ;;
            rust) cmd="$rust $style $size" ;;
            tokio) cmd="$rust $style $size" ;;
            esac
            for n in 1000 3000; do
                api=""
                [ "$impl" = rust ] && api=blocking
                [ "$impl" = tokio ] && api=tokio
                # shellcheck disable=SC2086
                ir=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null $cmd "$n" $api 2>&1 \
                    | sed -n 's/.*Collected : *//p')
                echo "ir $style $size $impl $n $ir" >> "$res"
            done
        done
    done
done
echo done > "$out/complete"

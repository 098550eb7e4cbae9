#!/bin/sh
# Runs inside the test VM for `cargo xtask bench`: the C baseline and the Rust workload, alternating, for
# each socket style and message size, then both under callgrind. Usage:
#   vm-bench.sh OUT_DIR C_BINARY RUST_BINARY ROUNDS COUNT
# Writes OUT_DIR/results, lines of:  time <style> <size> <c|rust> <ns_per_msg>
#                                    ir <style> <size> <c|rust> <count> <instructions>
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
            for impl in c rust; do
                if [ "$impl" = c ]; then bin=$c; else bin=$rust; fi
                ns=$("$bin" "$style" "$size" "$count" | sed -n 's/^ns_per_msg=//p')
                echo "time $style $size $impl $ns" >> "$res"
            done
            i=$((i + 1))
        done
        echo "bench: $style $size B timed"
        # User-space instructions per message: the difference of two runs cancels the set-up.
        for impl in c rust; do
            if [ "$impl" = c ]; then bin=$c; else bin=$rust; fi
            for n in 1000 3000; do
                ir=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$style" "$size" "$n" 2>&1 \
                    | sed -n 's/.*Collected : *//p')
                echo "ir $style $size $impl $n $ir" >> "$res"
            done
        done
    done
done
echo done > "$out/complete"

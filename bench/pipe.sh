#!/bin/bash
# Benchmark of 'ipc-pipe copy' as a relay between two pipes, against the
# relays a user would otherwise use, in the same run ('make bench' puts the
# built commands first on PATH):
#   SOURCE | RELAY | sink
# with BENCH_BYTES (4 GiB) from two sources: 'head -c' of /dev/zero (read
# and write, as most producers) and a vmsplice(2) writer that costs nearly
# nothing (bench/pipe-splice.c source); the sink splices into /dev/null
# and counts the bytes, which must be all of them.  The relays: cat, 'pv
# -q', 'ipc-pipe copy', and a raw C splice loop (bench/pipe-splice.c
# relay), each with the default 64 KiB pipes; then 'ipc-pipe copy --size
# 1M' against the raw relay that sets 1 MiB pipes too.  Each figure is the
# median of BENCH_RUNS runs, in GiB/s; the ratios are the issue's goals.
# Needs pv, python3 and a C compiler.
set -euo pipefail

BYTES=${BENCH_BYTES:-$((4 * 1024 * 1024 * 1024))}
RUNS=${BENCH_RUNS:-7}
here=$(cd "$(dirname "$0")" && pwd)

for tool in ipc-pipe pv python3 "${CC:-cc}"; do
    command -v "$tool" >/dev/null || { echo "bench/pipe.sh: $tool not found" >&2; exit 1; }
done
if ((RUNS < 3)); then
    echo "bench/pipe.sh: medians need at least 3 runs" >&2
    exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"${CC:-cc}" -O2 -o "$tmp/pipe-splice" "$here/pipe-splice.c"
ps=$tmp/pipe-splice
max=$(cat /proc/sys/fs/pipe-max-size)

echo "ipc-pipe copy benchmark: $(command -v ipc-pipe), $((BYTES >> 20)) MiB per run," \
     "median of $RUNS runs"
echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)," \
     "Linux $(uname -r), fs.pipe-max-size $max"
echo

sources=("head -c $BYTES /dev/zero" "$ps source $BYTES")
source_names=("head /dev/zero" "vmsplice")
relays=("cat" "pv -q" "ipc-pipe copy" "$ps relay"
        "ipc-pipe copy --size 1M" "$ps relay 1048576")
relay_names=("cat" "pv -q" "ipc-pipe copy" "splice relay"
             "ipc-pipe copy --size 1M" "splice relay 1M")

# run_once SOURCE RELAY: the seconds one pipeline takes; the sink must
# have seen every byte.
run_once() {
    local t0 t1 got
    t0=$(date +%s%N)
    got=$(bash -c "$1 | $2 | $ps sink")
    t1=$(date +%s%N)
    if [ "$got" != "$BYTES" ]; then
        echo "bench/pipe.sh: '$1 | $2' delivered $got bytes of $BYTES" >&2
        exit 1
    fi
    echo "$(( (t1 - t0) / 1000 ))"
}

# Runs are interleaved (every relay once, then again) so that a slow
# moment of the machine does not land on one relay only.
results=$tmp/results
: >"$results"
for s in "${!sources[@]}"; do
    for ((run = 0; run < RUNS; run++)); do
        for r in "${!relays[@]}"; do
            us=$(run_once "${sources[s]}" "${relays[r]}")
            echo "$s $r $us" >>"$results"
        done
    done
done

python3 - "$results" "$BYTES" "${source_names[@]}" -- "${relay_names[@]}" <<'EOF'
import statistics, sys
path, nbytes = sys.argv[1], int(sys.argv[2])
rest = sys.argv[3:]
sep = rest.index("--")
sources, relays = rest[:sep], rest[sep + 1:]
times = {}
for line in open(path):
    s, r, us = map(int, line.split())
    times.setdefault((s, r), []).append(us / 1e6)
rate = {k: nbytes / statistics.median(v) / 2**30 for k, v in times.items()}

print(f"   {'relay':<26}" + "".join(f"{n:>17}" for n in sources))
for r, name in enumerate(relays):
    print(f"   {name:<26}" + "".join(f"{rate[s, r]:>11.2f} GiB/s"
                                     for s in range(len(sources))))
print()
ours, pv, raw = relays.index("ipc-pipe copy"), relays.index("pv -q"), \
    relays.index("splice relay")
ours1m, raw1m = relays.index("ipc-pipe copy --size 1M"), \
    relays.index("splice relay 1M")
cat = relays.index("cat")
for s, name in enumerate(sources):
    print(f"   source {name}:")
    print(f"     ipc-pipe copy / pv -q                    "
          f"{rate[s, ours] / rate[s, pv]:5.2f}   (goal: >= 1.0)")
    print(f"     ipc-pipe copy / splice relay             "
          f"{rate[s, ours] / rate[s, raw]:5.2f}   (goal: >= 0.8)")
    print(f"     ipc-pipe copy --size 1M / splice relay 1M "
          f"{rate[s, ours1m] / rate[s, raw1m]:5.2f}   (goal: >= 0.8)")
    print(f"     ipc-pipe copy / cat                      "
          f"{rate[s, ours] / rate[s, cat]:5.2f}")
EOF

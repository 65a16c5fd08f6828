#!/bin/bash
# Benchmark of ipc-shm against the tools a user would otherwise use, in the
# same run ('make bench' puts the built commands first on PATH):
#   1. rewriting a POSIX segment of BENCH_BYTES (1 GiB) that exists and is
#      filled, from one source file in the page cache:
#        ipc-shm write /seg < SRC
#        dd if=SRC of=/dev/shm/seg bs=1M conv=notrunc
#        shm-write /seg < SRC      (bench/shm-write.c: the raw C loop that
#                                   reads straight into the mapping)
#   2. reading it into a pipe whose reader splices to /dev/null and counts
#      the bytes (bench/pipe-splice.c sink), which must be all of them:
#        ipc-shm read /seg | sink       cat /dev/shm/seg | sink
#   3. the cost of one 'ipc-shm counter /seg add 1' against /bin/true,
#      timed by hyperfine without a shell.
# Medians of BENCH_RUNS (7) runs, in GiB/s, the tools taking turns; the
# ratios are the issue's goals.  Needs hyperfine, python3, a C compiler.
set -euo pipefail

BYTES=${BENCH_BYTES:-$((1024 * 1024 * 1024))}
RUNS=${BENCH_RUNS:-7}
CALLS=${BENCH_CALLS:-300}
here=$(cd "$(dirname "$0")" && pwd)

for tool in ipc-shm dd hyperfine python3 "${CC:-cc}"; do
    command -v "$tool" >/dev/null || { echo "bench/shm.sh: $tool not found" >&2; exit 1; }
done
if ((RUNS < 3)); then
    echo "bench/shm.sh: medians need at least 3 runs" >&2
    exit 1
fi

tmp=$(mktemp -d)
seg=/ipc-shm-bench-$$
trap 'ipc-shm rm "$seg" 2>/dev/null || true; rm -rf "$tmp"' EXIT
"${CC:-cc}" -O2 -o "$tmp/shm-write" "$here/shm-write.c"
"${CC:-cc}" -O2 -o "$tmp/pipe-splice" "$here/pipe-splice.c"
sink="$tmp/pipe-splice sink"

echo "ipc-shm benchmark: $(command -v ipc-shm), $((BYTES >> 20)) MiB per run," \
     "median of $RUNS runs"
echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)," \
     "Linux $(uname -r)"
echo

# The source, random so that nothing can take a short cut, read once so
# that it is in the page cache for every writer alike.
head -c "$BYTES" /dev/urandom > "$tmp/src"
cat "$tmp/src" > /dev/null
ipc-shm create "$seg" --size "$BYTES"
ipc-shm write "$seg" < "$tmp/src"
cmp "$tmp/src" "/dev/shm$seg"

writers=("ipc-shm write $seg < $tmp/src"
         "dd if=$tmp/src of=/dev/shm$seg bs=1M conv=notrunc status=none"
         "$tmp/shm-write $seg < $tmp/src")
writer_names=("ipc-shm write" "dd bs=1M" "raw C loop")
readers=("ipc-shm read $seg" "cat /dev/shm$seg")
reader_names=("ipc-shm read" "cat")

# seconds COMMAND: the microseconds COMMAND takes; when CHECK is set, its
# output (the sink's count) must be BYTES.
microseconds() {
    local t0 t1 out
    t0=$(date +%s%N)
    out=$(bash -c "$1")
    t1=$(date +%s%N)
    if [ -n "${CHECK:-}" ] && [ "$out" != "$BYTES" ]; then
        echo "bench/shm.sh: '$1' delivered $out bytes of $BYTES" >&2
        exit 1
    fi
    echo $(( (t1 - t0) / 1000 ))
}

results=$tmp/results
: > "$results"
for ((run = 0; run < RUNS; run++)); do
    for w in "${!writers[@]}"; do
        echo "w $w $(microseconds "${writers[w]}")" >> "$results"
    done
    for r in "${!readers[@]}"; do
        echo "r $r $(CHECK=1 microseconds "${readers[r]} | $sink")" >> "$results"
    done
done
# Every writer wrote the same bytes.
cmp "$tmp/src" "/dev/shm$seg"

ipc-shm create "$seg-counter" --size 8
trap 'ipc-shm rm "$seg" "$seg-counter" 2>/dev/null || true; rm -rf "$tmp"' EXIT
hyperfine -N --warmup 20 --runs "$CALLS" --export-json "$tmp/calls.json" \
    "ipc-shm counter $seg-counter add 1" /bin/true > /dev/null
[ "$(ipc-shm counter "$seg-counter" get)" -ge "$CALLS" ]

python3 - "$results" "$BYTES" "$tmp/calls.json" "${writer_names[@]}" -- "${reader_names[@]}" <<'EOF'
import json, statistics, sys
path, nbytes, calls = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rest = sys.argv[4:]
sep = rest.index("--")
writers, readers = rest[:sep], rest[sep + 1:]
times = {}
for line in open(path):
    kind, i, us = line.split()
    times.setdefault((kind, int(i)), []).append(int(us) / 1e6)
rate = {k: nbytes / statistics.median(v) / 2**30 for k, v in times.items()}

print("   rewriting the segment from a file      GiB/s")
for i, name in enumerate(writers):
    print(f"     {name:<34} {rate['w', i]:6.2f}")
print("   reading it into a pipe                 GiB/s")
for i, name in enumerate(readers):
    print(f"     {name:<34} {rate['r', i]:6.2f}")
res = {r["command"]: r for r in json.load(open(calls))["results"]}
add = [v for k, v in res.items() if "counter" in k][0]
true = res["/bin/true"]
print("   one call (hyperfine -N, median)        µs")
print(f"     {'ipc-shm counter add 1':<34} {add['median'] * 1e6:6.0f}")
print(f"     {'/bin/true':<34} {true['median'] * 1e6:6.0f}")
print()
print(f"   ipc-shm write / dd           {rate['w', 0] / rate['w', 1]:5.2f}   (goal: >= 1.2)")
print(f"   ipc-shm write / raw C loop   {rate['w', 0] / rate['w', 2]:5.2f}   (goal: >= 0.8)")
print(f"   ipc-shm read / cat           {rate['r', 0] / rate['r', 1]:5.2f}   (goal: >= 1.0)")
print(f"   counter add / /bin/true      {add['median'] / true['median']:5.2f}   (goal: <= 1.5)")
EOF

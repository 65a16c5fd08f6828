#!/bin/bash
# Benchmark of 'ipc-lock run' against the peer a user would otherwise use,
# flock(1), in the same run ('make bench' puts the built commands first on
# PATH):
#   1. start-up: whole-process time of 'ipc-lock run F -- true' against
#      'flock F true', '/bin/true', and a raw C program that does the least
#      possible (bench/lock-baseline.c: open, flock, exec), dynamically and
#      statically linked; medians over BENCH_RUNS runs each (hyperfine),
#      made in BENCH_ROUNDS rounds that take turns;
#   2. contention: 2 processes each doing 1000 locked increments of one
#      counter file, with 'ipc-lock run' and with 'flock'; the final count
#      must be exactly 2000; medians over BENCH_ROUNDS rounds.
# Needs hyperfine, python3, flock (util-linux) and a C compiler.
set -euo pipefail

RUNS=${BENCH_RUNS:-300}
ROUNDS=${BENCH_ROUNDS:-5}
INCREMENTS=${BENCH_INCREMENTS:-1000}
here=$(cd "$(dirname "$0")" && pwd)

for tool in ipc-lock flock hyperfine python3 "${CC:-cc}"; do
    command -v "$tool" >/dev/null || { echo "bench/lock.sh: $tool not found" >&2; exit 1; }
done
if ((RUNS < 5 || ROUNDS < 5 || RUNS / ROUNDS < 2)); then
    echo "bench/lock.sh: medians need at least 5 runs and 5 rounds," \
         "and 2 runs a round" >&2
    exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
lockfile=$tmp/bench.lock

# The raw C baseline, dynamically and statically linked.
"${CC:-cc}" -O2 -o "$tmp/lock-baseline" "$here/lock-baseline.c"
"${CC:-cc}" -O2 -static -o "$tmp/lock-baseline-static" "$here/lock-baseline.c"

echo "ipc-lock benchmark: $(command -v ipc-lock) against $(command -v flock)"
echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)," \
     "Linux $(uname -r)"
echo

# ---- 1. Start-up: one uncontended lock, whole process, no shell. ----
names=("/bin/true" "flock F true" "ipc-lock run F -- true"
       "C baseline, dynamic" "C baseline, static")
# In ROUNDS rounds of RUNS/ROUNDS runs of each command, so that a change
# in the load of the machine during the bench touches every command alike;
# the median is over every run of a command.
for ((r = 0; r < ROUNDS; r++)); do
    hyperfine --style none --shell none --warmup 10 --runs $((RUNS / ROUNDS)) \
        --export-json "$tmp/startup-$r.json" \
        -n "${names[0]}" "/bin/true" \
        -n "${names[1]}" "flock $lockfile true" \
        -n "${names[2]}" "ipc-lock run $lockfile -- true" \
        -n "${names[3]}" "$tmp/lock-baseline $lockfile true" \
        -n "${names[4]}" "$tmp/lock-baseline-static $lockfile true" \
        >/dev/null 2>>"$tmp/hyperfine.err" || { cat "$tmp/hyperfine.err" >&2; exit 1; }
done

python3 - "$tmp"/startup-*.json <<'EOF'
import json, statistics, sys
times = {}
for path in sys.argv[1:]:
    for r in json.load(open(path))["results"]:
        times.setdefault(r["command"], []).extend(r["times"])
median = {c: statistics.median(t) for c, t in times.items()}
runs = min(len(t) for t in times.values())
flock = median["flock F true"]
true = median["/bin/true"]
print(f"1. start-up, uncontended lock: median of {runs} runs each")
print(f"   {'command':<26} {'median':>10} {'vs flock':>9} {'vs true':>8}")
for c, m in median.items():
    print(f"   {c:<26} {m * 1e6:>7.0f} us {m / flock:>8.2f}x {m / true:>7.2f}x")
print()
ours = median["ipc-lock run F -- true"]
print(f"   ipc-lock/flock  {ours / flock:.2f}   (goal: <= 0.80)")
print(f"   baseline/flock  {median['C baseline, dynamic'] / flock:.2f} dynamic, "
      f"{median['C baseline, static'] / flock:.2f} static")
print(f"   flock/true      {flock / true:.2f}")
print(f"   ipc-lock/baseline  {ours / median['C baseline, dynamic']:.2f}")
EOF
if grep -q outliers "$tmp/hyperfine.err"; then
    echo "   (hyperfine saw statistical outliers: the machine was not idle)"
fi
echo

# ---- 2. Contention: 2 processes x INCREMENTS locked increments. ----
counter=$tmp/counter
# The critical section: read the counter, write it back plus one.  A lost
# update shows as a final count below 2 x INCREMENTS.
# shellcheck disable=SC2016 # expanded by the sh that runs it
increment='read -r n <"$0"; echo $((n + 1)) >"$0"'

# worker TOOL...: INCREMENTS locked increments with TOOL (the lock command
# and its arguments up to the command to run).
worker() {
    local i
    for ((i = 0; i < INCREMENTS; i++)); do
        "$@" sh -c "$increment" "$counter"
    done
}

# round NAME TOOL...: one timed round of two concurrent workers; prints the
# elapsed nanoseconds, and fails unless the count is exact.
round() {
    local name=$1; shift
    echo 0 >"$counter"
    local t0 t1 final
    t0=$(date +%s%N)
    worker "$@" & local w1=$!
    worker "$@" & local w2=$!
    local failed=0
    wait "$w1" || failed=1
    wait "$w2" || failed=1
    if ((failed)); then
        echo "bench/lock.sh: a $name worker failed" >&2
        return 1
    fi
    t1=$(date +%s%N)
    read -r final <"$counter"
    if [ "$final" != $((2 * INCREMENTS)) ]; then
        echo "bench/lock.sh: $name: count is $final, not $((2 * INCREMENTS))" >&2
        return 1
    fi
    echo $((t1 - t0))
}

flock_times=() ipclock_times=()
for ((r = 0; r < ROUNDS; r++)); do
    # Alternate, so that a drift of the machine touches both alike.
    flock_times+=("$(round flock flock "$lockfile")")
    ipclock_times+=("$(round ipc-lock ipc-lock run "$lockfile" --)")
done

python3 - "$ROUNDS" "$INCREMENTS" "${flock_times[*]}" "${ipclock_times[*]}" <<'EOF'
import statistics, sys
rounds, n = int(sys.argv[1]), int(sys.argv[2])
flock = statistics.median(int(t) for t in sys.argv[3].split()) / 1e9
ours = statistics.median(int(t) for t in sys.argv[4].split()) / 1e9
print(f"2. contention: 2 processes x {n} locked increments, final count "
      f"{2 * n} checked; median of {rounds} rounds")
print(f"   {'command':<26} {'median':>10} {'per increment':>14}")
for name, t in (("flock F sh -c ...", flock), ("ipc-lock run F -- sh -c", ours)):
    print(f"   {name:<26} {t:>8.2f} s {t / (2 * n) * 1e6:>11.0f} us")
print()
print(f"   ipc-lock/flock  {ours / flock:.2f}")
EOF

#!/bin/bash
# Benchmark of ipc-sem against the tools a user would otherwise reach for,
# in the same run ('make bench' puts the built commands first on PATH):
#   1. per call, whole process, no shell (hyperfine -N): 'ipc-sem run S --
#      true' on a POSIX semaphore and on a System V set, 'ipc-sem post' and
#      'ipc-sem wait', against /bin/true; medians over BENCH_RUNS runs
#      each, made in BENCH_ROUNDS rounds that take turns;
#      the same against bench/sem-run.c, the raw C baseline (sem_open,
#      sem_wait, posix_spawnp, waitpid, sem_post), built as usual and
#      statically linked (when a static libc is installed), which says what
#      any command that stays as the parent of true costs here;
#   2. the same 'run' against GNU parallel's 'sem --fg -j1 true' (much
#      slower, so BENCH_SEM_RUNS runs only);
#   3. contention: 2 processes each doing BENCH_INCREMENTS increments of one
#      counter file under 'ipc-sem run' (POSIX, System V) and under
#      flock(1); the final count must be exact; medians over BENCH_ROUNDS.
# Needs hyperfine, python3, flock (util-linux) and GNU parallel's sem.
set -euo pipefail

RUNS=${BENCH_RUNS:-300}
ROUNDS=${BENCH_ROUNDS:-5}
SEM_RUNS=${BENCH_SEM_RUNS:-20}
INCREMENTS=${BENCH_INCREMENTS:-1000}

for tool in ipc-sem flock hyperfine python3 sem "${CC:-cc}"; do
    command -v "$tool" >/dev/null || { echo "bench/sem.sh: $tool not found" >&2; exit 1; }
done
if ! sem --version 2>/dev/null | grep -q 'GNU parallel'; then
    echo "bench/sem.sh: 'sem' is not GNU parallel's (package parallel)" >&2
    exit 1
fi
if ((RUNS < 5 || ROUNDS < 5 || RUNS / ROUNDS < 2)); then
    echo "bench/sem.sh: medians need at least 5 runs and 5 rounds," \
         "and 2 runs a round" >&2
    exit 1
fi

tmp=$(mktemp -d)
posix=/ipc-sem-bench-$$
sysv=$(printf 'key:0x%08x' $((0x5eb00000 + $$ % 65536)))
# Counters of post and wait, which the bench drives up and down.
pw=/ipc-sem-bench-pw-$$
cleanup() {
    ipc-sem rm "$posix" "$sysv" "$pw" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
here=$(cd "$(dirname "$0")" && pwd)
"${CC:-cc}" -O2 -o "$tmp/sem-run" "$here/sem-run.c"
raw_static=()
if "${CC:-cc}" -O2 -static -o "$tmp/sem-run-static" "$here/sem-run.c" 2>/dev/null; then
    raw_static=(-n "raw C run /S -- true, static" "$tmp/sem-run-static $posix true")
fi
ipc-sem create --value 1 "$posix"
ipc-sem create --value 1 "$sysv"
ipc-sem create "$pw"
# GNU parallel keeps its semaphores under ~/.parallel; a private home
# keeps the bench from touching the user's.
export HOME=$tmp/home
mkdir -p "$HOME/.parallel"
touch "$HOME/.parallel/will-cite"

echo "ipc-sem benchmark: $(command -v ipc-sem) against $(command -v sem)" \
     "(GNU parallel $(sem --version | sed -n '1s/.* //p')), $(command -v flock)"
echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)," \
     "Linux $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo

# ---- 1. Per call, whole process, no shell. ----
# post and wait take turns on one semaphore, so that wait never blocks:
# each wait run is prepared by a post, and each post run by a wait.
for ((r = 0; r < ROUNDS; r++)); do
    hyperfine --style none --shell none --warmup 10 --runs $((RUNS / ROUNDS)) \
        --export-json "$tmp/call-$r.json" \
        -n "/bin/true" "/bin/true" \
        -n "ipc-sem run /S -- true" "ipc-sem run $posix -- true" \
        -n "raw C run /S -- true" "$tmp/sem-run $posix true" \
        "${raw_static[@]}" \
        -n "ipc-sem run key:K -- true" "ipc-sem run $sysv -- true" \
        -n "ipc-sem post /S" "ipc-sem post $pw" \
        >/dev/null 2>>"$tmp/hyperfine.err" || { cat "$tmp/hyperfine.err" >&2; exit 1; }
    hyperfine --style none --shell none --warmup 10 --runs $((RUNS / ROUNDS)) \
        --export-json "$tmp/wait-$r.json" \
        --prepare "ipc-sem post $pw" \
        -n "ipc-sem wait /S" "ipc-sem wait -n $pw" \
        >/dev/null 2>>"$tmp/hyperfine.err" || { cat "$tmp/hyperfine.err" >&2; exit 1; }
done
hyperfine --style none --shell none --warmup 2 --runs "$SEM_RUNS" \
    --export-json "$tmp/gnu.json" \
    -n "sem --fg -j1 true" "sem --fg -j1 --id ipc-sem-bench-$$ true" \
    -n "ipc-sem run /S -- true" "ipc-sem run $posix -- true" \
    >/dev/null 2>>"$tmp/hyperfine.err" || { cat "$tmp/hyperfine.err" >&2; exit 1; }

python3 - "$tmp" <<'EOF'
import glob, json, statistics, sys
tmp = sys.argv[1]
times = {}
for path in sorted(glob.glob(tmp + "/call-*.json") + glob.glob(tmp + "/wait-*.json")):
    for r in json.load(open(path))["results"]:
        times.setdefault(r["command"], []).extend(r["times"])
median = {c: statistics.median(t) for c, t in times.items()}
runs = min(len(t) for t in times.values())
true = median["/bin/true"]
print(f"1. per call, whole process: median of {runs} runs each")
print(f"   {'command':<33} {'median':>10} {'vs true':>8}   goal")
goals = {"ipc-sem run /S -- true": 2.0, "ipc-sem run key:K -- true": 2.0,
         "ipc-sem post /S": 1.5, "ipc-sem wait /S": 1.5}
for c, m in median.items():
    goal = f"<= {goals[c]:.1f}" if c in goals else ""
    print(f"   {c:<33} {m * 1e6:>7.0f} us {m / true:>7.2f}x   {goal}")
raw = median["raw C run /S -- true"]
print(f"   ipc-sem run /S / raw C: {median['ipc-sem run /S -- true'] / raw:.2f}")
print()
gnu = {r["command"]: statistics.median(r["times"])
       for r in json.load(open(tmp + "/gnu.json"))["results"]}
g, ours = gnu["sem --fg -j1 true"], gnu["ipc-sem run /S -- true"]
print(f"2. against GNU parallel's sem: median of {len(json.load(open(tmp + '/gnu.json'))['results'][0]['times'])} runs each")
print(f"   {'sem --fg -j1 true':<28} {g * 1e3:>7.1f} ms")
print(f"   {'ipc-sem run /S -- true':<28} {ours * 1e3:>7.2f} ms")
print(f"   ipc-sem/sem  1/{g / ours:.0f}   (goal: <= 1/40)")
EOF
if grep -q outliers "$tmp/hyperfine.err"; then
    echo "   (hyperfine saw statistical outliers: the machine was not idle)"
fi
echo

# ---- 3. Contention: 2 processes x INCREMENTS increments. ----
counter=$tmp/counter
lockfile=$tmp/lock
# The critical section: read the counter, write it back plus one.  A lost
# update shows as a final count below 2 x INCREMENTS.
# shellcheck disable=SC2016 # expanded by the sh that runs it
increment='read -r n <"$0"; echo $((n + 1)) >"$0"'

# worker TOOL...: INCREMENTS increments under TOOL (the command and its
# arguments up to the command to run).
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
    local t0 t1 final failed=0
    t0=$(date +%s%N)
    worker "$@" & local w1=$!
    worker "$@" & local w2=$!
    wait "$w1" || failed=1
    wait "$w2" || failed=1
    t1=$(date +%s%N)
    if ((failed)); then
        echo "bench/sem.sh: a $name worker failed" >&2
        return 1
    fi
    read -r final <"$counter"
    if [ "$final" != $((2 * INCREMENTS)) ]; then
        echo "bench/sem.sh: $name: count is $final, not $((2 * INCREMENTS))" >&2
        return 1
    fi
    echo $((t1 - t0))
}

flock_times=() posix_times=() sysv_times=()
for ((r = 0; r < ROUNDS; r++)); do
    # Take turns, so that a drift of the machine touches all alike.
    flock_times+=("$(round flock flock "$lockfile")")
    posix_times+=("$(round "ipc-sem POSIX" ipc-sem run "$posix" --)")
    sysv_times+=("$(round "ipc-sem System V" ipc-sem run "$sysv" --)")
done

python3 - "$ROUNDS" "$INCREMENTS" "${flock_times[*]}" "${posix_times[*]}" \
    "${sysv_times[*]}" <<'EOF'
import statistics, sys
rounds, n = int(sys.argv[1]), int(sys.argv[2])
med = [statistics.median(int(t) for t in a.split()) / 1e9 for a in sys.argv[3:]]
print(f"3. contention: 2 processes x {n} increments, final count {2 * n} "
      f"checked; median of {rounds} rounds")
print(f"   {'command':<30} {'median':>10} {'per increment':>14} {'vs flock':>9}")
for name, t in zip(("flock F sh -c ...", "ipc-sem run /S -- sh -c ...",
                    "ipc-sem run key:K -- sh -c ..."), med):
    print(f"   {name:<30} {t:>8.2f} s {t / (2 * n) * 1e6:>11.0f} us "
          f"{t / med[0]:>8.2f}x")
print()
print(f"   goal: ipc-sem/flock <= 1.0")
EOF

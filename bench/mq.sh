#!/bin/bash
# Benchmark of ipc-mq's streaming path against a raw C pair, in the same
# run, through the same POSIX queue ('make bench' puts the built commands
# first on PATH):
#   ours: seq N | ipc-mq send --lines /q   with   ipc-mq recv -c N /q >/dev/null
#   raw:  bench/mq-send /q N               with   bench/mq-recv /q N >/dev/null
# (the raw pair does the same mq_send/mq_receive loop, formatting the
# numbers itself and writing through stdio).  Both run concurrently; the
# time is from starting the receiver until both have exited.  One checked
# round first: the output of ipc-mq recv must be exactly 'seq N'.
# Medians over BENCH_ROUNDS rounds (at least 5), rounds alternating.
# The second part times the round trip of ipc-mq call and serve (see
# below and bench/README.md).  Needs python3 and a C compiler.
set -euo pipefail

N=${BENCH_MESSAGES:-1000000}
ROUNDS=${BENCH_ROUNDS:-5}
DEPTH=${BENCH_DEPTH:-10}
here=$(cd "$(dirname "$0")" && pwd)

for tool in ipc-mq python3 seq "${CC:-cc}"; do
    command -v "$tool" >/dev/null || { echo "bench/mq.sh: $tool not found" >&2; exit 1; }
done
if ((ROUNDS < 5)); then
    echo "bench/mq.sh: medians need at least 5 rounds" >&2
    exit 1
fi

tmp=$(mktemp -d)
q=/ipc-mq-bench-$$
trap 'ipc-mq rm "$q" 2>/dev/null || true; rm -rf "$tmp"' EXIT

"${CC:-cc}" -O2 -o "$tmp/mq-send" "$here/mq-send.c"
"${CC:-cc}" -O2 -o "$tmp/mq-recv" "$here/mq-recv.c"
ipc-mq create --maxmsg "$DEPTH" --msgsize 32 "$q"

echo "ipc-mq benchmark: $(command -v ipc-mq)"
echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)," \
     "Linux $(uname -r)"
echo "$N messages through a POSIX queue of depth $DEPTH, message size 32"
echo

# The checked round: every line arrives, in order, once.
ipc-mq recv -c "$N" "$q" > "$tmp/out" &
reader=$!
seq "$N" | ipc-mq send --lines "$q"
wait "$reader"
seq "$N" | cmp -s - "$tmp/out" || { echo "bench/mq.sh: ipc-mq output differs from seq $N" >&2; exit 1; }
rm -f "$tmp/out"

# round_ours, round_raw: one timed round; print the elapsed nanoseconds.
round_ours() {
    local t0 t1 reader
    t0=$(date +%s%N)
    ipc-mq recv -c "$N" "$q" >/dev/null &
    reader=$!
    seq "$N" | ipc-mq send --lines "$q"
    wait "$reader"
    t1=$(date +%s%N)
    echo $((t1 - t0))
}
round_raw() {
    local t0 t1 reader
    t0=$(date +%s%N)
    "$tmp/mq-recv" "$q" "$N" >/dev/null &
    reader=$!
    "$tmp/mq-send" "$q" "$N"
    wait "$reader"
    t1=$(date +%s%N)
    echo $((t1 - t0))
}

ours=() raw=()
for ((r = 0; r < ROUNDS; r++)); do
    # Alternate, so that a drift of the machine touches both alike.
    raw+=("$(round_raw)")
    ours+=("$(round_ours)")
done
[ "$(ipc-mq stat -o MSGS -n "$q")" = 0 ] || { echo "bench/mq.sh: messages left over" >&2; exit 1; }

python3 - "$N" "$ROUNDS" "${raw[*]}" "${ours[*]}" <<'PY'
import statistics, sys
n, rounds = int(sys.argv[1]), int(sys.argv[2])
raw = [int(t) / 1e9 for t in sys.argv[3].split()]
ours = [int(t) / 1e9 for t in sys.argv[4].split()]
print(f"median of {rounds} rounds (min..max of the rates in brackets)")
print(f"   {'pair':<44} {'time':>8} {'messages/s':>12}")
for name, ts in (("raw C: mq-send | mq-recv", raw),
                 ("ipc-mq: seq | send --lines, recv -c", ours)):
    m = statistics.median(ts)
    print(f"   {name:<44} {m:>6.2f} s {n / m:>12,.0f}   "
          f"[{n / max(ts):,.0f}..{n / min(ts):,.0f}]")
print()
ratio = statistics.median(raw) / statistics.median(ours)
print(f"   ipc-mq/raw throughput  {ratio:.2f}   (goal: >= 0.50)")
PY

# ---- The round trip: ipc-mq call <-> serve -- cat (issue 20) ----------
#   ours:  CALLS x 'ipc-mq call /r x'  against  'ipc-mq serve /r -- cat'
#   raw:   CALLS x 'mq-rpc call /r x'  against  'mq-rpc serve /r N cat'
#          (bench/mq-rpc.c: the same envelope, a reply queue per call, a
#          posix_spawnp of cat per request, no options, no checks)
#   floor: 'mq-rpc loop /r N' against 'mq-rpc serve /r N': the queue round
#          trip alone, in two processes that start once, no cat
# Each call is a new process started by the same bash loop in both pairs.
CALLS=${BENCH_CALLS:-300}
"${CC:-cc}" -O2 -o "$tmp/mq-rpc" "$here/mq-rpc.c"
r=/ipc-mq-bench-rpc-$$
trap 'ipc-mq rm "$q" "$r" 2>/dev/null || true; rm -rf "$tmp"' EXIT
ipc-mq create "$r"
echo
echo "round trip: $CALLS calls of one process each, against a server running cat per request"
[ "$(ipc-mq call "$r" checked & ipc-mq serve "$r" -c 1 -- cat; wait)" = checked ] \
    || { echo "bench/mq.sh: call/serve round trip failed" >&2; exit 1; }
calls() {   # calls CLIENT...: CALLS calls; print the elapsed nanoseconds
    local t0 t1 i
    t0=$(date +%s%N)
    for ((i = 0; i < CALLS; i++)); do "$@" "$r" x >/dev/null; done
    t1=$(date +%s%N)
    echo $((t1 - t0))
}
round_rpc_ours() {
    local server t
    ipc-mq serve "$r" -c "$CALLS" -- cat & server=$!
    t=$(calls ipc-mq call)
    wait "$server"; echo "$t"
}
round_rpc_raw() {
    local server t
    "$tmp/mq-rpc" serve "$r" "$CALLS" cat & server=$!
    t=$(calls "$tmp/mq-rpc" call)
    wait "$server"; echo "$t"
}
round_rpc_floor() {
    local server t0 t1 n=$((CALLS * 20))
    "$tmp/mq-rpc" serve "$r" "$n" & server=$!
    t0=$(date +%s%N)
    "$tmp/mq-rpc" loop "$r" "$n"
    t1=$(date +%s%N)
    wait "$server"; echo $(( (t1 - t0) / 20 ))
}
rours=() rraw=() rfloor=()
for ((k = 0; k < ROUNDS; k++)); do
    rraw+=("$(round_rpc_raw)")
    rours+=("$(round_rpc_ours)")
    rfloor+=("$(round_rpc_floor)")
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$CALLS" "$ROUNDS" "${rraw[*]}" "${rours[*]}" "${rfloor[*]}" <<'PY'
import statistics, sys
n, rounds = int(sys.argv[1]), int(sys.argv[2])
raw, ours, floor = ([int(t) / 1e9 for t in a.split()] for a in sys.argv[3:6])
print(f"median of {rounds} rounds (min..max of the rates in brackets)")
print(f"   {'pair':<44} {'per call':>9} {'calls/s':>9}")
for name, ts in (("raw C: mq-rpc call / serve -- cat", raw),
                 ("ipc-mq: call / serve -- cat", ours),
                 ("floor: mq-rpc loop / serve (no cat)", floor)):
    m = statistics.median(ts)
    print(f"   {name:<44} {m / n * 1e3:>6.2f} ms {n / m:>9,.0f}   "
          f"[{n / max(ts):,.0f}..{n / min(ts):,.0f}]")
print()
ratio = statistics.median(raw) / statistics.median(ours)
print(f"   ipc-mq/raw calls per second  {ratio:.2f}   (goal: >= 0.50)")
PY

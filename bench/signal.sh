#!/bin/bash
# Benchmark of ipc-signal against the tools a user would otherwise reach
# for, in the same run ('make bench' puts the built commands first on
# PATH):
#   1. per call, whole process, no shell (hyperfine -N): 'ipc-signal send
#      USR1 PID' against kill(1) (/bin/kill, procps) and bench/signal-kill.c,
#      a raw C kill(2), to a process that ignores USR1; medians over
#      BENCH_RUNS runs each, made in BENCH_ROUNDS rounds that take turns;
#   2. a round trip: a waiter started in the background publishes its PID
#      in a pidfile once USR1 is blocked, the sender reads it and signals,
#      the waiter takes the signal and exits; 'ipc-signal wait --pidfile'
#      and 'ipc-signal send pidfile:' against the raw C pair of
#      bench/signal-kill.c (-w, -p), each under sh -c, same rounds.
# Prints the medians and their ratios.  Needs hyperfine, python3, kill(1)
# and a C compiler.
set -euo pipefail

RUNS=${BENCH_RUNS:-300}
ROUNDS=${BENCH_ROUNDS:-5}
TRIP_RUNS=${BENCH_TRIP_RUNS:-100}

kill_cmd=$(type -P kill || true)
for tool in ipc-signal hyperfine python3 "${CC:-cc}" "$kill_cmd"; do
    command -v "$tool" >/dev/null || { echo "bench/signal.sh: ${tool:-kill(1)} not found" >&2; exit 1; }
done
if ((RUNS < 5 || ROUNDS < 5 || RUNS / ROUNDS < 2 || TRIP_RUNS / ROUNDS < 2)); then
    echo "bench/signal.sh: medians need at least 5 runs and 5 rounds," \
         "and 2 runs a round" >&2
    exit 1
fi

tmp=$(mktemp -d)
victim=
cleanup() {
    [ -z "$victim" ] || kill -KILL "$victim" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
here=$(cd "$(dirname "$0")" && pwd)
raw=$tmp/signal-kill
"${CC:-cc}" -O2 -o "$raw" "$here/signal-kill.c"

# The target of the sends: ignores USR1 (inherited through exec), so each
# send is a real delivery that changes nothing.
bash -c 'trap "" USR1; exec sleep 100000' &
victim=$!
# No "Killed" notice from this shell when cleanup ends it.
disown "$victim"
until grep -q '^SigIgn:.*[1-9a-f]' /proc/"$victim"/status 2>/dev/null \
      && [ "$(cat /proc/"$victim"/comm)" = sleep ]; do
    sleep 0.01
done

echo "ipc-signal benchmark: $(command -v ipc-signal) against $kill_cmd and raw C"
echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)," \
     "Linux $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo

pidfile=$tmp/waiter.pid
# One round trip: start the waiter, wait for its pidfile, send, reap it.
trip='"$0" -w "$1" & until [ -s "$1" ]; do :; done; "$0" -p "$1"; wait $!'
ours='ipc-signal wait --pidfile "$1" USR1 >/dev/null & until [ -s "$1" ]; do :; done; ipc-signal send USR1 "pidfile:$1"; wait $!'
for ((r = 0; r < ROUNDS; r++)); do
    hyperfine --style none --shell none --warmup 10 --runs $((RUNS / ROUNDS)) \
        --export-json "$tmp/call-$r.json" \
        -n "raw C kill(2)" "$raw 10 $victim" \
        -n "kill -USR1 PID" "$kill_cmd -USR1 $victim" \
        -n "ipc-signal send USR1 PID" "ipc-signal send USR1 $victim" \
        >/dev/null 2>>"$tmp/hyperfine.err" || { cat "$tmp/hyperfine.err" >&2; exit 1; }
    hyperfine --style none --shell none --warmup 3 --runs $((TRIP_RUNS / ROUNDS)) \
        --export-json "$tmp/trip-$r.json" \
        -n "round trip, raw C" "sh -c '$trip' $raw $pidfile" \
        -n "round trip, ipc-signal" "sh -c '$ours' sh $pidfile" \
        >/dev/null 2>>"$tmp/hyperfine.err" || { cat "$tmp/hyperfine.err" >&2; exit 1; }
done

python3 - "$tmp" <<'PY'
import glob, json, statistics, sys
tmp = sys.argv[1]
def medians(pattern):
    times = {}
    for path in sorted(glob.glob(tmp + pattern)):
        for r in json.load(open(path))["results"]:
            times.setdefault(r["command"], []).extend(r["times"])
    return ({c: statistics.median(t) for c, t in times.items()},
            min(len(t) for t in times.values()))
call, runs = medians("/call-*.json")
raw, kill = call["raw C kill(2)"], call["kill -USR1 PID"]
print(f"1. per call, whole process: median of {runs} runs each")
print(f"   {'command':<28} {'median':>10} {'vs raw C':>9} {'vs kill':>8}")
for c, m in call.items():
    print(f"   {c:<28} {m * 1e6:>7.0f} us {m / raw:>8.2f}x {m / kill:>7.2f}x")
print()
trip, runs = medians("/trip-*.json")
base = trip["round trip, raw C"]
print(f"2. send -> wait round trip (start, pidfile, signal, exit): median of {runs} runs each")
for c, m in trip.items():
    print(f"   {c:<28} {m * 1e3:>7.2f} ms {m / base:>8.2f}x")
PY
if grep -q outliers "$tmp/hyperfine.err"; then
    echo "   (hyperfine saw statistical outliers: the machine was not idle)"
fi

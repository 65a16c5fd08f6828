#!/bin/bash
# Benchmark of 'ls' on a machine with many processes (issue 13): what each
# listing costs when it does, and does not, need to look into every
# process's descriptors, against the util-linux tool a user would run for
# the same answer, in the same run ('make bench' puts the built commands
# first on PATH):
#   ipc-lock ls             against lslocks
#   ipc-mq ls -o NAME,MSGS  against lsipc -q          (no walk)
#   ipc-mq ls (PIDS)        against lsfd -Q '(SOURCE == "mqueue")'
#   ipc-pipe ls             against lsfd -Q '(TYPE == "FIFO")'
#   ipc-shm ls -o NAME,SIZE against lsipc -m          (no walk)
#   ipc-shm ls (PIDS)       against lsfd -Q '(NAME =~ "^/dev/shm/")'
#   ipc-sem ls -o NAME,VALUE against lsipc -s         (no walk)
#   ipc-sem ls (PIDS)       against lsfd -Q '(NAME =~ "^/dev/shm/sem[.]")'
# with BENCH_PROCS background pipelines 'sleep 300 | sleep 300' (default
# 500) besides what runs on the machine, one POSIX queue held open, one
# System V queue, one flock(1) lock, a POSIX and a System V segment and
# semaphore (the POSIX ones mapped by one process), so that every listing
# has something to find.  Medians of whole-process times (hyperfine, no shell)
# over BENCH_ROUNDS rounds (default 3) of BENCH_RUNS runs (default 5; 10
# times as many for the commands that take milliseconds) of each command,
# the rounds taking turns so that a change of load touches every command
# alike; and the ratio of mean CPU times, which a busy machine inflates
# less.  Needs hyperfine, python3 and util-linux.
set -euo pipefail

PROCS=${BENCH_PROCS:-500}
RUNS=${BENCH_RUNS:-5}
ROUNDS=${BENCH_ROUNDS:-3}

for tool in ipc-lock ipc-mq ipc-pipe ipc-shm ipc-sem lslocks lsipc lsfd flock hyperfine python3; do
    command -v "$tool" >/dev/null || { echo "bench/ls.sh: $tool not found" >&2; exit 1; }
done
if [ "$(stat -f -c %T /dev/mqueue 2>/dev/null)" != mqueue ]; then
    echo "bench/ls.sh: /dev/mqueue is not mounted (as root: mkdir -p" \
         "/dev/mqueue && mount -t mqueue none /dev/mqueue)" >&2
    exit 1
fi

tmp=$(mktemp -d)
queue=/ipc-bench-ls-$$
key=key:$(printf '0x%08x' $(( 0x6c000000 + $$ % 65536 )))
spawner=
cleanup() {
    # The pipelines and holders are one process group: kill it whole.
    # Under set -e, each step must not end the clean-up when it fails.
    if [ -n "$spawner" ]; then
        kill -KILL -- "-$spawner" 2>/dev/null || true
    fi
    wait 2>/dev/null || true
    ipc-mq rm "$queue" "$key" 2>/dev/null || true
    ipc-shm rm "$queue" "$key" 2>/dev/null || true
    ipc-sem rm "$queue" "$key" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT

ipc-mq create "$queue"
ipc-mq create "$key"
ipc-mq send "$queue" hello
ipc-shm create "$queue" --size 64K
ipc-shm create "$key" --size 64K >/dev/null
ipc-sem create "$queue" --value 1
ipc-sem create "$key" --nsems 4 >/dev/null
touch "$tmp/lock"

# One process group of its own for everything started, with no
# descriptor of ours (a pipe to 'make', a terminal) in any of them.
# Nor any other descriptor the caller left open (the jobserver pipe of
# make): a pipe that every sleep inherited would be one row with thousands
# of writers, and ipc-pipe ls would print N x N bytes.
# shellcheck disable=SC2016 # expanded by the inner bash
setsid bash -c '
    exec </dev/null >/dev/null 2>&1
    for fd in /proc/$$/fd/*; do
        fd=${fd##*/}
        ((fd > 2)) && eval "exec $fd>&-"
    done
    for ((i = 0; i < $1; i++)); do
        sleep 300 | sleep 300 &
    done
    sleep 300 3<"/dev/mqueue$2" &
    flock "$3" sleep 300 &
    python3 -c "
import mmap, os, sys, time
maps = []
for path in sys.argv[1:]:
    fd = os.open(path, os.O_RDWR)
    maps.append(mmap.mmap(fd, 0))
    os.close(fd)
time.sleep(300)" "/dev/shm$2" "/dev/shm/sem.${2#/}" &
    echo $$ >"$4.tmp" && mv "$4.tmp" "$4"
    wait' bash "$PROCS" "$queue" "$tmp/lock" "$tmp/started" &
# Killed at exit, without a "Killed" notice for it.
disown $!
until [ -e "$tmp/started" ]; do sleep 0.1; done
# The leader of the new session and process group (setsid may fork).
spawner=$(cat "$tmp/started")
# Wait until every sleep has exec'd, so the walk sees the final picture.
until [ "$(pgrep -c -x -s "$spawner" sleep)" -ge $((2 * PROCS + 2)) ]; do
    sleep 0.2
done

# locks_landscape: what /proc/locks holds now.  A held lock that names no
# process (OFD) or one that has exited makes 'ipc-lock ls' look into every
# process, as its PATH, PID and COMMAND are then whoever holds it now:
# other programs' locks change what ipc-lock ls costs.
locks_landscape() {
    python3 - <<'PY'
import os
held = waiting = orphan = 0
for line in open("/proc/locks"):
    f = line.split()
    if len(f) > 1 and f[1] == "->":
        waiting += 1
        continue
    held += 1
    pid = int(f[4]) if len(f) > 4 and f[4].lstrip("-").isdigit() else -1
    if pid <= 0 or not os.path.exists(f"/proc/{pid}"):
        orphan += 1
print(f"{held} held ({orphan} OFD or of an exited process), {waiting} waiting")
PY
}

nprocs=$(printf '%s\n' /proc/[0-9]* | wc -l)
echo "ls benchmark: ipc-* 'ls' against lslocks, lsipc, lsfd; same run"
echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)," \
     "Linux $(uname -r), $(lsfd --version)"
echo "processes: $nprocs ($PROCS pipelines 'sleep 300 | sleep 300' and the rest)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "locks before: $(locks_landscape)"
echo

# Two groups, each run by one hyperfine per round: the commands that take
# milliseconds, with 10 x RUNS runs (their medians need more samples on a
# busy machine), and those that walk every process, with RUNS runs.
fast=(
    "ipc-lock ls" "ipc-lock ls"
    "ipc-lock ls -o PATH,PID" "ipc-lock ls -o PATH,PID"
    "lslocks" "lslocks"
    "ipc-mq ls -o NAME,MSGS" "ipc-mq ls -o NAME,MSGS"
    "lsipc -q" "lsipc -q"
    "ipc-shm ls -o NAME,SIZE" "ipc-shm ls -o NAME,SIZE"
    "lsipc -m" "lsipc -m"
    "ipc-sem ls -o NAME,VALUE" "ipc-sem ls -o NAME,VALUE"
    "lsipc -s" "lsipc -s"
)
slow=(
    "ipc-lock ls -o PATH,HOLDERS" "ipc-lock ls -o PATH,HOLDERS"
    "ipc-mq ls" "ipc-mq ls"
    "lsfd -Q mqueue" "lsfd -Q '(SOURCE == \"mqueue\")'"
    "ipc-pipe ls" "ipc-pipe ls"
    "lsfd -Q FIFO" "lsfd -Q '(TYPE == \"FIFO\")'"
    "ipc-shm ls" "ipc-shm ls"
    "lsfd -Q /dev/shm" "lsfd -Q '(NAME =~ \"^/dev/shm/\")'"
    "ipc-sem ls" "ipc-sem ls"
    "lsfd -Q sem" "lsfd -Q '(NAME =~ \"^/dev/shm/sem[.]\")'"
)
# hyperfine_group JSON RUNS NAME COMMAND...: one hyperfine of the pairs.
hyperfine_group() {
    local json=$1 runs=$2 args=()
    shift 2
    while (($#)); do
        args+=(-n "$1" "$2")
        shift 2
    done
    hyperfine --style none --shell none --warmup 1 --runs "$runs" \
        --export-json "$json" "${args[@]}" \
        >/dev/null 2>>"$tmp/hyperfine.err" || { cat "$tmp/hyperfine.err" >&2; exit 1; }
}
for ((r = 0; r < ROUNDS; r++)); do
    ((r == 0)) || echo "locks at round $((r + 1)): $(locks_landscape)"
    hyperfine_group "$tmp/fast-$r.json" $((10 * RUNS)) "${fast[@]}"
    hyperfine_group "$tmp/slow-$r.json" "$RUNS" "${slow[@]}"
done
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
echo "locks after:  $(locks_landscape)"
echo

python3 - "$ROUNDS" "$RUNS" "$tmp"/fast-*.json "$tmp"/slow-*.json <<'EOF'
import json, statistics, sys
rounds, runs = int(sys.argv[1]), int(sys.argv[2])
times, cpu = {}, {}
for path in sys.argv[3:]:
    for r in json.load(open(path))["results"]:
        times.setdefault(r["command"], []).extend(r["times"])
        # hyperfine gives the mean user and system time of the runs.
        cpu.setdefault(r["command"], []).append(r["user"] + r["system"])
med = {c: statistics.median(t) for c, t in times.items()}
cpu = {c: statistics.mean(t) for c, t in cpu.items()}
rows = [
    ("ipc-lock ls", "lslocks", 2.0),
    ("ipc-lock ls -o PATH,PID", "lslocks", 2.0),
    ("ipc-lock ls -o PATH,HOLDERS", "lslocks", None),
    ("ipc-mq ls -o NAME,MSGS", "lsipc -q", 2.0),
    ("ipc-mq ls", "lsfd -Q mqueue", 0.5),
    ("ipc-mq ls", "lsipc -q", None),
    ("ipc-pipe ls", "lsfd -Q FIFO", 0.5),
    ("ipc-shm ls -o NAME,SIZE", "lsipc -m", 2.0),
    ("ipc-shm ls", "lsfd -Q /dev/shm", 0.5),
    ("ipc-shm ls", "lsipc -m", None),
    ("ipc-sem ls -o NAME,VALUE", "lsipc -s", 2.0),
    ("ipc-sem ls", "lsfd -Q sem", 0.5),
    ("ipc-sem ls", "lsipc -s", None),
]
print(f"wall time: median of {rounds} rounds x {10 * runs} runs (the "
      f"commands that need no walk), x {runs} runs (the others);\nCPU: mean user + system time; "
      "lsfd -Q mqueue is lsfd -Q '(SOURCE == \"mqueue\")',\n"
      "lsfd -Q FIFO is lsfd -Q '(TYPE == \"FIFO\")',\n"
      "lsfd -Q /dev/shm and sem: lsfd -Q '(NAME =~ \"^/dev/shm/\")' and "
      "'(NAME =~ \"^/dev/shm/sem[.]\")'")
print()
print("| command | time | CPU | peer | time | CPU | ratio | goal | CPU ratio |")
print("|---|---:|---:|---|---:|---:|---:|---|---:|")
failed = False
for ours, peer, goal in rows:
    ratio = med[ours] / med[peer]
    ok = goal is None or ratio <= goal
    failed |= not ok
    mark = "" if goal is None else f"<= {goal:g}x {'ok' if ok else 'MISSED'}"
    print(f"| `{ours}` | {med[ours] * 1e3:.1f} ms | {cpu[ours] * 1e3:.1f} ms "
          f"| `{peer}` | {med[peer] * 1e3:.1f} ms | {cpu[peer] * 1e3:.1f} ms "
          f"| {ratio:.2f}x | {mark} | {cpu[ours] / cpu[peer]:.2f}x |")
print()
# ipc-lock ls looks into every process when a lock names no live process
# (other programs' OFD locks come and go): each round on its own.
for i, path in enumerate(p for p in sys.argv[3:] if "/fast-" in p):
    r = {x["command"]: x for x in json.load(open(path))["results"]}
    print(f"round {i + 1}: ipc-lock ls "
          f"{statistics.median(r['ipc-lock ls']['times']) * 1e3:.1f} ms, "
          f"lslocks {statistics.median(r['lslocks']['times']) * 1e3:.1f} ms")
print()
print("all goals met" if not failed else "some goals missed")
EOF
if grep -q outliers "$tmp/hyperfine.err"; then
    echo "(hyperfine saw statistical outliers: the machine was not idle)"
fi

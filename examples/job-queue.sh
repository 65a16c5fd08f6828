#!/bin/bash
# Producer and consumers over a bounded buffer, with the seven commands'
# pieces: a producer fills an ipc-mq queue of --maxmsg messages (so it
# blocks while the workers fall behind); N workers take jobs from it, at
# most K at once through 'ipc-sem run'; each job appends to one log under
# 'ipc-lock run' and counts itself with 'ipc-shm counter add'; the
# coordinator waits for "all done" with 'ipc-shm counter wait', shows who
# uses what, and removes everything.  Status 0 only if every job ran
# exactly once, and never more than K at once.
#
# Usage: job-queue.sh [-w WORKERS] [-k SLOTS] [-j JOBS] [-q QUEUE_SIZE]
set -euo pipefail
here=$(dirname "$0")
. "$here/demo-common.sh"

# ---- One job, run by a worker under 'ipc-sem run' (a slot is held) ----
if [ "${1:-}" = --job ]; then
    worker=$2 job=$3
    # How many jobs hold a slot now, this one included: never above K.
    running=$(ipc-shm counter "$JQ_SHM" --offset 8 add 1)
    sleep 0.02    # the work
    printf 'job %s worker %s running %s\n' "$job" "$worker" "$running" \
        | ipc-lock run "$JQ_LOCK" -- tee -a "$JQ_LOG" >/dev/null
    ipc-shm counter "$JQ_SHM" --offset 8 add -1 >/dev/null
    ipc-shm counter "$JQ_SHM" add 1 >/dev/null           # one more done
    exit 0
fi

workers=4 slots=2 jobs=24 qsize=4
usage() { echo "usage: $0 [-w WORKERS] [-k SLOTS] [-j JOBS] [-q QUEUE_SIZE]" >&2; exit 2; }
while getopts w:k:j:q: opt; do
    case $opt in
    w) workers=$OPTARG ;;
    k) slots=$OPTARG ;;
    j) jobs=$OPTARG ;;
    q) qsize=$OPTARG ;;
    *) usage ;;
    esac
done
[ "$OPTIND" -gt $# ] || usage
for n in "$workers" "$slots" "$jobs" "$qsize"; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || usage
done

dir=$(mktemp -d)
export JQ_QUEUE=/$prefix-jobs JQ_SEM=/$prefix-slots JQ_SHM=/$prefix-count
export JQ_LOCK=$dir/log.lock JQ_LOG=$dir/jobs.log
pids=()
cleanup() {
    local p
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
    ipc-mq rm "$JQ_QUEUE" 2>/dev/null || true
    ipc-sem rm "$JQ_SEM" 2>/dev/null || true
    ipc-shm rm "$JQ_SHM" 2>/dev/null || true
    rm -rf "$dir"
}
trap cleanup EXIT

echo "# $jobs jobs, $workers workers, at most $slots at once, a queue of $qsize:"
show 0 ipc-mq create --maxmsg "$qsize" --msgsize 64 "$JQ_QUEUE"
made ipc-mq "$JQ_QUEUE"
show 0 ipc-sem create --value "$slots" "$JQ_SEM"
made ipc-sem "$JQ_SEM"
show 0 ipc-shm create --size 4K "$JQ_SHM"
made ipc-shm "$JQ_SHM"

# The coordinator holds the log's lock until it has looked around, so
# that the first jobs wait there and can be seen waiting.
echo
echo "# The coordinator holds the log's lock for a look at the start:"
printf '\n$ exec 9>>%s; ipc-lock acquire fd:9\n' "$JQ_LOCK"
exec 9>>"$JQ_LOCK"
ipc-lock acquire -t 10s fd:9

# The producer: one message a job; it blocks while the queue is full.
seq -f 'job %g' "$jobs" | ipc-mq send --lines "$JQ_QUEUE" 9>&- &
producer=$!
pids+=("$producer")

# A worker: take a job, run it holding a slot; "stop" ends the worker.
worker() {
    local job
    while job=$(ipc-mq recv -t 60s "$JQ_QUEUE"); do
        [ "$job" != stop ] || return 0
        ipc-sem run -t 60s "$JQ_SEM" -- bash "$here/job-queue.sh" --job "$1" "${job#job }"
    done
    return 1
}
for w in $(seq "$workers"); do
    worker "$w" 9>&- &
    pids+=("$!")
done

# Once every slot that can be taken is (the jobs count themselves in),
# the slots are all out and their jobs wait on the log's lock.
busy=$(( slots < workers ? slots : workers ))
busy=$(( busy < jobs ? busy : jobs ))
show 0 ipc-shm counter "$JQ_SHM" --offset 8 wait --ge "$busy" -t 60s
echo
echo "# Every slot is taken; who uses what (ls --pid: this shell, and the"
echo "# workers' 'ipc-sem run' processes, which hold the semaphore open):"
runs=$(pgrep -d, -x ipc-sem -P "$(IFS=,; echo "${pids[*]:1}")" || true)
show 0 ipc-sem ls -p "$$${runs:+,$runs}" -o NAME,VALUE,PIDS
show 0 ipc-lock ls -p "$$" -o PATH,PID,COMMAND,STATE
show 0 ipc-lock stat -o STATE,HOLDERS,WAITERS "$JQ_LOCK"
show 0 ipc-mq stat -o NAME,MSGS,MAXMSGS,PIDS "$JQ_QUEUE"
show 0 ipc-lock release fd:9
exec 9>&-

echo
echo "# The coordinator waits until every job is done (a futex, no polling):"
show 0 ipc-shm counter "$JQ_SHM" wait --ge "$jobs" -t "$((60 + jobs))s"
wait "$producer"
printf '\n$ ipc-mq send --lines %s  # "stop", once per worker\n' "$JQ_QUEUE"
printf 'stop\n%.0s' $(seq "$workers") | ipc-mq send --lines "$JQ_QUEUE"
status=0
for p in "${pids[@]:1}"; do wait "$p" || status=1; done
pids=()
[ "$status" -eq 0 ] || { echo "job-queue: a worker failed" >&2; exit 1; }

echo
echo "# All done; the objects are removed:"
show 0 ipc-shm counter "$JQ_SHM" get
show 0 ipc-mq rm "$JQ_QUEUE"
show 0 ipc-sem rm "$JQ_SEM"
show 0 ipc-shm rm "$JQ_SHM"

# The report: every job exactly once, never more than K at once.
echo
echo "# Report:"
ran=$(wc -l <"$JQ_LOG")
distinct=$(awk '{ print $2 }' "$JQ_LOG" | sort -un | wc -l)
expected=$(seq "$jobs" | cmp -s - <(awk '{ print $2 }' "$JQ_LOG" | sort -n) && echo yes || echo no)
most=$(awk '$6 > m { m = $6 } END { print m + 0 }' "$JQ_LOG")
per_worker=$(awk '{ print $4 }' "$JQ_LOG" | sort -n | uniq -c \
    | awk '{ printf "%s%s: %s", s, $2, $1; s = ", " }')
echo "jobs sent: $jobs, run: $ran, distinct: $distinct"
echo "at most $most at once (limit $slots)"
echo "jobs per worker ($workers workers): $per_worker"
if [ "$ran" -eq "$jobs" ] && [ "$distinct" -eq "$jobs" ] && [ "$expected" = yes ] \
        && [ "$most" -le "$slots" ]; then
    echo "OK: every job ran exactly once"
else
    echo "FAILED: some job was lost, doubled, or too many ran at once" >&2
    exit 1
fi

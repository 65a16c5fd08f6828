#!/bin/bash
# A stalled pipeline, diagnosed: its consumer waits for a lock that two
# scripts deadlock on (A then B, against B then A).  'ipc-pipe stat' shows
# the pipe full and who is at each end, 'ipc-lock ls' who waits on whom
# and the cycle; ending one of the two scripts lets everything flow.
set -euo pipefail
. "$(dirname "$0")/demo-common.sh"

dir=$(mktemp -d)
pids=()
cleanup() {
    local p
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
    rm -rf "$dir"
}
trap cleanup EXIT
cd "$dir"
mkfifo logs.fifo a-has-A b-has-B go-a go-b

echo "# Script A takes lock A, then B; script B takes B, then A.  Each says"
echo "# when it has its first lock, and waits for a 'go' so that both do:"
echo '$ ipc-lock run A.lock -- sh -c "...; exec ipc-lock run B.lock -- true" &   # script A'
ipc-lock run A.lock -- sh -c \
    'echo >a-has-A; read -r _ <go-a; exec ipc-lock run B.lock -- true' &
a=$!
pids+=("$a")
echo '$ ipc-lock run B.lock -- sh -c "...; exec ipc-lock run A.lock -- true" &   # script B'
ipc-lock run B.lock -- sh -c \
    'echo >b-has-B; read -r _ <go-b; exec ipc-lock run A.lock -- true' &
b=$!
pids+=("$b")
read -r _ <a-has-A
read -r _ <b-has-B
echo go >go-a
echo go >go-b

echo
echo "# A nightly pipeline: a producer writes 200000 lines into a FIFO; its"
echo "# consumer, an older script, counts them under lock A with flock(1):"
echo '$ seq 200000 >logs.fifo &'
echo '$ flock A.lock wc -l <logs.fifo >count &'
seq 200000 >logs.fifo &
producer=$!
pids+=("$producer")
flock A.lock wc -l <logs.fifo >count &
consumer=$!
pids+=("$consumer")

# Nothing announces "blocked": look until the kernel shows it.
deadlocked() { ipc-lock ls -r -n -o STATE -p "$a,$b" | grep -qx deadlock; }
pipe_full() {
    local q s
    q=$(ipc-pipe stat -b -o QUEUED -n logs.fifo)
    s=$(ipc-pipe stat -b -o SIZE -n logs.fifo)
    [ "$q" = "$s" ]
}
waiting() { ipc-lock ls -r -n -o STATE -p "$consumer" | grep -qx waiting; }
await 20 deadlocked
await 20 pipe_full
await 20 waiting

echo
echo "# The pipeline has stalled.  The FIFO is full (QUEUED = SIZE): its"
echo "# reader does not read.  Who is at each end?"
show 0 ipc-pipe stat -b -o NAME,SIZE,QUEUED,WRITERS,READERS logs.fifo
printf '\n$ ipc-pipe ls -p %s -o TYPE,NAME,QUEUED,WRITERS,READERS | grep -e ^TYPE -e ^fifo\n' "$producer"
ipc-pipe ls -p "$producer" -o TYPE,NAME,QUEUED,WRITERS,READERS | grep -e ^TYPE -e ^fifo

echo
echo "# The reader ($consumer, flock) waits for a lock.  Whose?  And why"
echo "# does that one not let go?  (script A is $a, script B is $b)"
show 0 ipc-lock ls -p "$a,$b,$consumer" -o PATH,PID,STATE,BLOCKER
echo
echo "# $a holds A.lock and waits for B.lock, held by $b, which waits for"
echo "# A.lock: a cycle, marked 'deadlock'.  flock(2) locks have no deadlock"
echo "# detection in the kernel; the cure is one order of locks.  Ending"
echo "# script B ($b) breaks the cycle:"
show 0 kill "$b"
wait "$b" || true
wait "$a"
wait "$consumer"
wait "$producer"
pids=()
echo
echo "# Script A took B.lock and ended, the consumer took A.lock and"
echo "# drained the FIFO:"
show 0 cat count
show 0 ipc-lock stat -o STATE A.lock

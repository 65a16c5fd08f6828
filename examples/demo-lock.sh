#!/bin/bash
# ipc-lock in a minute: run a command under a lock, see who holds a lock,
# find it busy (status 124), share it with flock(1), and hold one lock over
# several commands of a script.
set -euo pipefail
. "$(dirname "$0")/demo-common.sh"

dir=$(mktemp -d)
holder=
cleanup() {
    [ -z "$holder" ] || kill "$holder" 2>/dev/null || true
    rm -rf "$dir"
}
trap cleanup EXIT
cd "$dir"
lock=./demo.lock

echo "# Run a command with the lock held (the lock file is created if missing):"
show 0 ipc-lock run "$lock" -- echo "this ran with $lock locked"

echo
echo "# A background job takes the lock and keeps it for 30 seconds:"
echo "\$ ipc-lock run $lock -- sleep 30 &"
# It says on a FIFO when it has the lock, then becomes the sleep.
mkfifo held
ipc-lock run "$lock" -- sh -c 'echo >held; exec sleep 30' &
holder=$!
read -r _ <held

echo
echo "# Who holds it?"
show 0 ipc-lock stat "$lock"
show 0 ipc-lock stat -o HOLDERS -n "$lock"

echo
echo "# Every lock on the system (here, the line of our file):"
printf '\n$ ipc-lock ls | grep -e STATE -e demo.lock\n'
ipc-lock ls | grep -e STATE -e demo.lock

echo
echo "# Busy: -n gives up at once, -t after a while, both with status 124:"
show 124 ipc-lock run -n "$lock" -- echo "not printed"
show 124 ipc-lock run -t 0.3 "$lock" -- echo "not printed"

echo
echo "# flock(1) takes the same kind of lock, so each sees the other's:"
show 1 flock -n "$lock" echo "not printed"

kill "$holder"
wait "$holder" 2>/dev/null || true
holder=

echo
echo "# The holder is gone, and with it the lock:"
show 0 ipc-lock stat -o STATE "$lock"

echo
echo "# One lock over several commands of a script, on the shell's fd 9:"
echo "\$ exec 9>>$lock"
exec 9>>"$lock"
show 0 ipc-lock acquire -t 5 fd:9
show 0 ipc-lock stat -o STATE,HOLDERS "$lock"
show 0 ipc-lock release fd:9
show 0 ipc-lock stat -o STATE "$lock"
exec 9>&-

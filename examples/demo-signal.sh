#!/bin/bash
# ipc-signal in a minute: the signals and what they do, a "go" from one
# script to another through a pidfile (no race: the waiter publishes its
# PID once the signal is blocked), a payload with sigqueue, and a shell
# that catches HUP, seen from outside.
set -euo pipefail
. "$(dirname "$0")/demo-common.sh"

dir=$(mktemp -d)
pids=()
cleanup() {
    local p
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    rm -rf "$dir"
}
trap cleanup EXIT

echo "# Signals by name, number and default action:"
show 0 ipc-signal list HUP USR1 TERM RTMIN+1

echo
echo "# Script A waits for USR1; its pidfile appears once it is ready:"
printf '\n$ ipc-signal wait USR1 -t 30s --pidfile %s &\n' "$dir/a.pid"
ipc-signal wait USR1 -t 30s --pidfile "$dir/a.pid" >"$dir/a.out" &
pids+=("$!")
await 10 test -s "$dir/a.pid"
echo
echo "# Script B tells it to go (and A prints: signal, sender PID, UID):"
show 0 ipc-signal send USR1 "pidfile:$dir/a.pid"
wait "${pids[0]}"
pids=()
cat "$dir/a.out"

echo
echo "# A payload with each signal (sigqueue), two signals in one wait:"
printf '\n$ ipc-signal wait RTMIN+1 -c 2 --pidfile %s &\n' "$dir/b.pid"
ipc-signal wait RTMIN+1 -c 2 -t 30s --pidfile "$dir/b.pid" >"$dir/b.out" &
pids+=("$!")
await 10 test -s "$dir/b.pid"
show 0 ipc-signal send --value 7 RTMIN+1 "pidfile:$dir/b.pid"
show 0 ipc-signal send --value 8 RTMIN+1 "pidfile:$dir/b.pid"
wait "${pids[0]}"
pids=()
cat "$dir/b.out"

echo
echo "# Nobody sends: status 124:"
show 124 ipc-signal wait USR2 -t 0.3

echo
echo "# This shell catches HUP (trap); seen from outside, and used:"
printf '\n$ trap '\''echo "the demo got HUP: reloading"'\'' HUP\n'
trap 'echo "the demo got HUP: reloading"' HUP
show 0 ipc-signal stat -o PID,COMMAND,CAUGHT "$$"
printf '\n$ ipc-signal ls --caught HUP -o PID,COMMAND | grep -e PID -e "^ *%s "\n' "$$"
ipc-signal ls --caught HUP -o PID,COMMAND | grep -e PID -e "^ *$$ "
show 0 ipc-signal send HUP "$$"
trap - HUP

#!/bin/bash
# ipc-sem in a minute: a pool of two slots that jobs take with 'run', a
# busy pool (status 124), post and wait as a "ready" signal between
# scripts, and a System V slot that the kernel gives back after kill -9.
set -euo pipefail
. "$(dirname "$0")/demo-common.sh"

dir=$(mktemp -d)
pool=/$prefix-pool
ready=/$prefix-ready
sysv_id=
pids=()
cleanup() {
    local p
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    ipc-sem rm "$pool" 2>/dev/null || true
    ipc-sem rm "$ready" 2>/dev/null || true
    [ -z "$sysv_id" ] || ipc-sem rm "id:$sysv_id" 2>/dev/null || true
    rm -rf "$dir"
}
trap cleanup EXIT

echo "# A pool of 2 slots (a POSIX semaphore of value 2, mode 0600):"
show 0 ipc-sem create --value 2 "$pool"
made ipc-sem "$pool"
show 0 ipc-sem run "$pool" -- echo "this ran holding one slot"

echo
echo "# Two long jobs take both slots; each says so on a FIFO, then waits"
echo "# for the demo to close the other FIFO:"
mkfifo "$dir/started" "$dir/finish"
exec 3<>"$dir/started" 4<>"$dir/finish"
for job in 1 2; do
    printf '$ ipc-sem run %s -- long-job %s &\n' "$pool" "$job"
    ipc-sem run "$pool" -- sh -c \
        'exec 5<"$2"; echo "job $1 has a slot" >"$3"; exec cat <&5' \
        sh "$job" "$dir/finish" "$dir/started" 3<&- 4<&- &
    pids+=("$!")
done
read -r line <&3 && echo "$line"
read -r line <&3 && echo "$line"
show 0 ipc-sem get "$pool"
show 0 ipc-sem stat -o NAME,VALUE,PIDS "$pool"

echo
echo "# The pool is busy: -n gives up at once, -t after a while (124):"
show 124 ipc-sem run -n "$pool" -- echo "not printed"
show 124 ipc-sem run -t 0.3 "$pool" -- echo "not printed"

echo
echo "# The jobs end, and give their slots back:"
exec 4>&- 3<&-
wait "${pids[@]}"
pids=()
show 0 ipc-sem get "$pool"

echo
echo "# post and wait: script B waits until script A says it is ready:"
show 0 ipc-sem create "$ready"
made ipc-sem "$ready"
show 124 ipc-sem wait -t 0.3 "$ready"
show 0 ipc-sem post "$ready"
show 0 ipc-sem wait -t 5s "$ready"

echo
echo "# Both semaphores in the listing of every semaphore (here, ours):"
printf '\n$ ipc-sem ls -o NAME,TYPE,VALUE,PERMS | grep -e NAME -e %s\n' "$prefix"
ipc-sem ls -o NAME,TYPE,VALUE,PERMS | grep -e NAME -e "$prefix"

echo
echo "# A System V set: 'run' takes its slot with SEM_UNDO, so the kernel"
echo "# gives it back even when the command is killed with SIGKILL (137):"
printf '\n$ ipc-sem create private --value 1\n'
sysv_id=$(ipc-sem create private --value 1)
echo "$sysv_id"
made ipc-sem "id:$sysv_id"
printf '\n$ ipc-sem run id:%s -- sh -c '\''kill -KILL $$'\''\n' "$sysv_id"
rc=0
# (The braces keep bash's own "Killed" line off the screen.)
{ ipc-sem run "id:$sysv_id" -- sh -c 'kill -KILL $$'; } 2>/dev/null || rc=$?
echo "[exit status $rc]"
[ "$rc" -eq 137 ]
show 0 ipc-sem get "id:$sysv_id"
show 0 ipc-sem rm "$pool" "$ready" "id:$sysv_id"
sysv_id=

#!/bin/bash
# ipc-shm in a minute: a segment with counters that scripts share without
# a lock, a barrier that sleeps on a futex, a blob passed through the
# segment, who maps it, and a System V segment.
set -euo pipefail
. "$(dirname "$0")/demo-common.sh"

seg=/$prefix-stats
sysv_id=
pids=()
cleanup() {
    local p
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    ipc-shm rm "$seg" 2>/dev/null || true
    [ -z "$sysv_id" ] || ipc-shm rm "id:$sysv_id" 2>/dev/null || true
}
trap cleanup EXIT

echo "# A POSIX segment of 4 KiB, all zeros, mode 0600:"
show 0 ipc-shm create --size 4K "$seg"
made ipc-shm "$seg"
show 0 ipc-shm stat -o NAME,TYPE,SIZE,PERMS "$seg"

echo
echo "# Three background workers each add 1 to the counter at offset 8;"
echo "# the barrier waits until all three have (on a futex, not polling):"
printf '\n$ for w in 1 2 3; do ipc-shm counter %s --offset 8 add 1 & done\n' "$seg"
for _ in 1 2 3; do ipc-shm counter "$seg" --offset 8 add 1 >/dev/null & done
show 0 ipc-shm counter "$seg" --offset 8 wait --ge 3 -t 10s
wait

echo
echo "# Compare-and-swap: prints the value it found, status 1 if not OLD:"
show 0 ipc-shm counter "$seg" --offset 8 cas 3 10
show 1 ipc-shm counter "$seg" --offset 8 cas 3 20

echo
echo "# A condition that does not come true in time: status 124:"
show 124 ipc-shm counter "$seg" --offset 8 wait --eq 0 -t 0.3

echo
echo "# A blob through the segment; input that does not fit is an error:"
printf '\n$ echo "hello from shared memory" | ipc-shm write %s --offset 64\n' "$seg"
echo "hello from shared memory" | ipc-shm write "$seg" --offset 64
show 0 ipc-shm read "$seg" --offset 64 --length 25
printf '\n$ head -c 8K /dev/zero | ipc-shm write %s\n' "$seg"
rc=0
head -c 8K /dev/zero | ipc-shm write "$seg" || rc=$?
echo "[exit status $rc]"
[ "$rc" -eq 1 ]

echo
echo "# Who maps it?  A waiter in the background, woken by a 'set':"
printf '\n$ ipc-shm counter %s --offset 16 wait --ne 0 &\n' "$seg"
ipc-shm counter "$seg" --offset 16 wait --ne 0 -t 30s &
pids+=("$!")
mapped() { ipc-shm ls -p "${pids[0]}" -r -n -o NAME | grep -qxF "$seg"; }
await 10 mapped
show 0 ipc-shm ls -p "${pids[0]}" -o NAME,TYPE,SIZE,PIDS
show 0 ipc-shm counter "$seg" --offset 16 set 1
wait "${pids[0]}"
pids=()

echo
echo "# A System V segment without a key: create prints its id:"
printf '\n$ ipc-shm create private --size 1K\n'
sysv_id=$(ipc-shm create private --size 1K)
echo "$sysv_id"
made ipc-shm "id:$sysv_id"
show 0 ipc-shm stat -o NAME,TYPE,ID,SIZE,PERMS "id:$sysv_id"
show 0 ipc-shm rm "id:$sysv_id" "$seg"
sysv_id=

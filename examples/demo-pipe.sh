#!/bin/bash
# ipc-pipe in a minute: a FIFO with a timeout, partial reads that leave the
# rest for the next reader, a fast copy with a progress line, and who is
# at each end of a pipeline.
set -euo pipefail
. "$(dirname "$0")/demo-common.sh"

dir=$(mktemp -d)
pids=()
cleanup() {
    local p
    for p in "${pids[@]}"; do kill -- "$p" 2>/dev/null || true; done
    rm -rf "$dir"
}
trap cleanup EXIT
fifo=$dir/jobs.fifo

echo "# A FIFO, mode 0600; nobody writes to it, so read times out (124):"
show 0 ipc-pipe create "$fifo"
show 124 ipc-pipe read -t 0.3 "$fifo"

echo
echo "# The demo keeps the FIFO open on fd 3, so that what is written stays"
echo "# there between readers; each reader takes what it asks and no more:"
printf '\n$ exec 3<>%s\n' "$fifo"
exec 3<>"$fifo"
printf '\n$ seq 5 | ipc-pipe write %s\n' "$fifo"
seq 5 | ipc-pipe write "$fifo"
show 0 ipc-pipe stat -o NAME,TYPE,QUEUED "$fifo"
show 0 ipc-pipe read --lines 2 "$fifo"
show 0 ipc-pipe read --lines 3 "$fifo"
exec 3>&-

echo
echo "# copy: standard input to standard output with splice(2), here with a"
echo "# progress line on standard error every 0.2 seconds:"
printf '\n$ head -c 256M /dev/zero | ipc-pipe copy --progress --interval 0.2 | wc -c\n'
head -c 256M /dev/zero | ipc-pipe copy --progress --interval 0.2 | wc -c

echo
echo "# Who is at each end of a pipeline?"
printf '\n$ sleep 60 | sleep 61 &\n'
# In a process group of its own, so that the clean-up ends both sleeps.
setsid sh -c 'sleep 60 | sleep 61' </dev/null >/dev/null 2>&1 &
pids+=("-$!")
sleeping() { ipc-pipe ls -r -n -o WRITERS,READERS | grep -Eq ':sleep [0-9]+:sleep$'; }
await 20 sleeping
printf '\n$ ipc-pipe ls -r -o NAME,WRITERS,READERS | grep -E "^NAME|:sleep [0-9]+:sleep$"\n'
ipc-pipe ls -r -o NAME,WRITERS,READERS | grep -E "^NAME|:sleep [0-9]+:sleep$"
show 0 ipc-pipe rm "$fifo"

#!/bin/bash
# ipc-mq in a minute: a POSIX queue as a job queue, its state, a receive
# that times out (status 124), and a System V queue made by ipcmk(1).
set -euo pipefail
. "$(dirname "$0")/demo-common.sh"

q=/$prefix-queue
sysv_id=
cleanup() {
    ipc-mq rm "$q" 2>/dev/null || true
    [ -z "$sysv_id" ] || ipcrm -q "$sysv_id" 2>/dev/null || true
}
trap cleanup EXIT

echo "# A queue of at most 4 messages of up to 256 bytes, mode 0600:"
show 0 ipc-mq create --maxmsg 4 --msgsize 256 "$q"
made ipc-mq "$q"

echo
echo "# Each argument is one message; with --lines each input line is one:"
show 0 ipc-mq send "$q" "resize photo-1.jpg" "resize photo-2.jpg"
printf '\n$ printf "%%s\\n" "mail report" "rotate logs" | ipc-mq send --lines %s\n' "$q"
printf '%s\n' "mail report" "rotate logs" | ipc-mq send --lines "$q"
show 0 ipc-mq stat -o NAME,TYPE,MSGS,MAXMSGS,MSGSIZE,PERMS "$q"

echo
echo "# A worker takes the jobs one at a time, in order:"
show 0 ipc-mq recv "$q"
show 0 ipc-mq recv -c 3 "$q"

echo
echo "# The queue is empty: -n gives up at once, -t after a while (124):"
show 124 ipc-mq recv -n "$q"
show 124 ipc-mq recv -t 0.3 "$q"

echo
echo "# Priorities: the most urgent message comes out first:"
show 0 ipc-mq send -p 1 "$q" "routine"
show 0 ipc-mq send -p 9 "$q" "urgent"
show 0 ipc-mq recv -c 2 --show-priority "$q"
show 0 ipc-mq rm "$q"

if command -v ipcmk >/dev/null; then
    echo
    echo "# A System V queue made by ipcmk(1), driven by its id:"
    printf '\n$ ipcmk -Q\n'
    out=$(ipcmk -Q)
    echo "$out"
    sysv_id=$(sed -n 's/^Message queue id: //p' <<<"$out")
    made ipc-mq "id:$sysv_id"
    show 0 ipc-mq send "id:$sysv_id" "hello from ipc-mq"
    show 0 ipc-mq stat -o NAME,TYPE,ID,MSGS,USEDBYTES "id:$sysv_id"
    show 0 ipc-mq recv "id:$sysv_id"
    show 0 ipc-mq rm "id:$sysv_id"
    sysv_id=
fi

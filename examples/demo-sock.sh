#!/bin/bash
# ipc-sock in a minute: a server that runs a command per connection with
# the peer's credentials in its environment, readiness without a race,
# who listens where, datagrams, and a TCP relay on a port the kernel picks.
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
sock=unix:$dir/hello.sock
mkfifo "$dir/ready"

echo "# A server on a Unix socket (mode 0600): each connection runs a"
echo "# command with the peer's UID and PID in its environment; --ready"
echo "# writes the address once it accepts (here to a FIFO we read):"
printf '\n$ ipc-sock listen %s --fork --ready fd:3 --exec -- sh -c %s 3>ready &\n' \
    "$sock" "'echo \"hello, uid \$IPC_PEER_UID\"; tr a-z A-Z'"
ipc-sock listen "$sock" --fork --ready fd:3 --exec -- \
    sh -c 'echo "hello, uid $IPC_PEER_UID"; tr a-z A-Z' 3>"$dir/ready" &
pids+=("$!")
server=$!
read -r addr <"$dir/ready"
echo "ready: $addr"
show 0 ipc-sock wait -t 5s "$sock"

echo
echo "# Two clients; each gets its own command:"
printf '\n$ echo "first client" | ipc-sock connect %s\n' "$sock"
echo "first client" | ipc-sock connect "$sock"
printf '\n$ echo "second client" | ipc-sock connect %s\n' "$sock"
echo "second client" | ipc-sock connect "$sock"

echo
echo "# Who listens there?"
show 0 ipc-sock stat -o ADDR,TYPE,STATE,COMMAND "$sock"
show 0 ipc-sock ls -p "$server" -o ADDR,TYPE,STATE,COMMAND

echo
echo "# Nothing listens at an address: wait gives up with status 124:"
show 124 ipc-sock wait -t 0.3 "unix:$dir/nobody.sock"

echo
echo "# Datagrams on an abstract socket (no file): two messages, one line each:"
dgram=abstract-dgram:$prefix-jobs
printf '\n$ ipc-sock recv %s -c 2 -t 10s --ready fd:3 3>ready &\n' "$dgram"
ipc-sock recv "$dgram" -c 2 -t 10s --ready fd:3 3>"$dir/ready" >"$dir/dgrams" &
pids+=("$!")
read -r addr <"$dir/ready"
printf '\n$ ipc-sock send %s "resize photo-1.jpg" "mail report"\n' "$dgram"
ipc-sock send "$dgram" "resize photo-1.jpg" "mail report"
wait "$!"
cat "$dir/dgrams"

echo
echo "# TCP on port 0: the kernel picks a port, and --ready says which:"
printf '\n$ ipc-sock listen tcp:127.0.0.1:0 --ready fd:3 3>ready >tcp.out &\n'
ipc-sock listen tcp:127.0.0.1:0 --ready fd:3 3>"$dir/ready" >"$dir/tcp.out" &
pids+=("$!")
read -r addr <"$dir/ready"
echo "ready: $addr"
printf '\n$ seq 100000 | ipc-sock connect %s\n' "$addr"
seq 100000 | ipc-sock connect "$addr"
wait "$!"
printf '\n$ wc -l <tcp.out\n'
wc -l <"$dir/tcp.out"

echo
echo "# The server ends on SIGTERM, and removes its socket file:"
show 0 kill "$server"
wait "$server" || true
pids=()
show 1 ipc-sock stat "$sock"

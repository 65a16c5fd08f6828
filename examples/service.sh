#!/bin/bash
# A small service on a Unix socket: 'ipc-sock listen --fork --exec' runs a
# handler per connection, lets in only peers of our own UID
# (--allow-uid), and says when it is ready (--ready; 'ipc-sock wait' for
# those who did not start it).  The service is a bash script that traps
# HUP and reloads its config; 'ipc-signal send HUP pidfile:...' asks it
# to, and a client sees the change.
set -euo pipefail

case ${1:-} in
--handle)
    # One connection (standard input and output are the socket), with the
    # settings that the service published at its last (re)load.
    . "$2"
    printf '%s, uid %s (pid %s); config generation %s\n' \
        "$greeting" "$IPC_PEER_UID" "$IPC_PEER_PID" "$generation"
    exit 0
    ;;
--serve)
    # The service: CONFIG STATE_DIR ADDRESS UID.
    conf=$2 state=$3 addr=$4 uid=$5
    generation=0
    # Check the config before publishing it: a bad one keeps the old.
    load() {
        local greeting
        greeting=$(sed -n 's/^greeting=//p' "$conf")
        if [ -z "$greeting" ]; then
            echo "service: no greeting in $conf: kept generation $generation" >&2
            return 0
        fi
        generation=$((generation + 1))
        printf 'greeting=%q\ngeneration=%s\n' "$greeting" "$generation" >"$state/current.new"
        mv -f "$state/current.new" "$state/current"
    }
    load
    trap 'load; echo "service: reloaded, generation $generation" >"$state/events"' HUP
    trap 'kill "$listener" 2>/dev/null; wait "$listener" || true; rm -f "$state/service.pid"; exit 0' TERM
    # The pidfile is there before the socket is: ready means signallable.
    echo "$$" >"$state/service.pid.new"
    mv -f "$state/service.pid.new" "$state/service.pid"
    ipc-sock listen "$addr" --fork --allow-uid "$uid" --ready fd:3 \
        --exec -- bash "$0" --handle "$state/current" 3>"$state/ready" &
    listener=$!
    # 'wait' returns early for each trapped signal; the trap has run then.
    while kill -0 "$listener" 2>/dev/null; do wait "$listener" || true; done
    echo "service: the listener ended" >&2
    exit 1
    ;;
esac

. "$(dirname "$0")/demo-common.sh"
self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
dir=$(mktemp -d)
svc=
cleanup() {
    if [ -n "$svc" ]; then
        kill "$svc" 2>/dev/null || true
        wait "$svc" 2>/dev/null || true
    fi
    rm -rf "$dir"
}
trap cleanup EXIT
# An abstract socket has no file, so no file mode guards it: anyone on the
# machine may connect, and --allow-uid is what keeps others out.
addr=abstract:$prefix-service
made ipc-sock "$addr"
conf=$dir/service.conf
mkfifo "$dir/ready" "$dir/events"
exec 5<>"$dir/events"

echo "# The config, and the service started in the background:"
echo "greeting=hello" >"$conf"
show 0 cat "$conf"
printf '\n$ service.sh --serve %s ... %s %s &\n' "$conf" "$addr" "$(id -u)"
bash "$self" --serve "$conf" "$dir" "$addr" "$(id -u)" 2>>"$dir/service.log" 5>&- &
svc=$!
read -r ready <"$dir/ready"
echo "ready: $ready"
show 0 ipc-sock wait -t 5s "$addr"

echo
echo "# A client:"
show 0 ipc-sock connect "$addr" </dev/null
show 0 ipc-sock stat -o ADDR,STATE,COMMAND "$addr"
show 0 ipc-signal ls -p "$svc" --caught HUP -o PID,COMMAND,CAUGHT

echo
echo "# The config changes; the service does not see it until told:"
echo "greeting=bonjour" >"$conf"
show 0 ipc-sock connect "$addr" </dev/null
show 0 ipc-signal send HUP "pidfile:$dir/service.pid"
read -r -t 30 event <&5
echo "$event"
show 0 ipc-sock connect "$addr" </dev/null

echo
echo "# A client running as another user is refused at once (--allow-uid):"
other=nobody
if [ "$(id -u)" -eq 0 ] && id "$other" >/dev/null 2>&1 \
        && setpriv --reuid="$other" --regid="$(id -g "$other")" --clear-groups \
            ipc-sock --version >/dev/null 2>&1; then
    printf '\n$ setpriv --reuid=%s ... ipc-sock connect %s\n' "$other" "$addr"
    setpriv --reuid="$other" --regid="$(id -g "$other")" --clear-groups \
        ipc-sock connect "$addr" </dev/null
    echo "(nothing: the service closed the connection unanswered)"
    show 0 cat "$dir/service.log"
else
    echo "(not shown: it takes root, and a user '$other' who can run ipc-sock)"
fi

echo
echo "# Stop it; nothing listens there any more:"
show 0 ipc-signal send TERM "pidfile:$dir/service.pid"
wait "$svc"
svc=
show 124 ipc-sock wait -t 0.3 "$addr"

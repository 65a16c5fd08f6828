#!/bin/bash
# ipc-mq call and serve: a queue as a function call.  A worker answers
# requests; callers get its output and exit status, each its own, with a
# timeout that leaves nothing behind; a System V queue made by ipcmk(1)
# serves the same way.
set -euo pipefail
. "$(dirname "$0")/demo-common.sh"

q=/ipc-utils-rpc-$$
sysv_id=
server=
cleanup() {
    [ -z "$server" ] || kill "$server" 2>/dev/null || true
    [ -z "$server" ] || wait "$server" 2>/dev/null || true
    ipc-mq rm "$q" 2>/dev/null || true
    [ -z "$sysv_id" ] || ipcrm -q "$sysv_id" 2>/dev/null || true
}
trap cleanup EXIT

# The "function": it reads its argument on standard input, prints its
# result, and its exit status says whether it worked.
cat > "${TMPDIR:-/tmp}/ipc-utils-rpc-$$.sh" <<'EOF'
#!/bin/sh
read -r n
case $n in
    ''|*[!0-9]*) echo "not a number: $n" >&2; exit 2 ;;
esac
echo $((n * n))
EOF
fn=${TMPDIR:-/tmp}/ipc-utils-rpc-$$.sh
trap 'cleanup; rm -f "$fn"' EXIT

echo "# A queue for the requests, and a server running the script for each,"
echo "# two at a time:"
show 0 ipc-mq create "$q"
printf '\n$ ipc-mq serve %s -j 2 -- sh %s &\n' "$q" "$fn"
ipc-mq serve "$q" -j 2 -- sh "$fn" &
server=$!

echo
echo "# A call prints the reply and exits with the function's status:"
show 0 ipc-mq call "$q" 12
printf '\n$ if ipc-mq call %s seven; then ...; else echo "failed: $?"; fi\n' "$q"
if ipc-mq call "$q" seven 2>&1; then echo "unexpected"; else echo "failed: $?"; fi

echo
echo "# Four callers at once, each gets its own answer:"
printf '\n$ for n in 1 2 3 4; do ipc-mq call %s $n & done; wait\n' "$q"
callers=()
for n in 1 2 3 4; do
    ( r=$(ipc-mq call -t 10 "$q" "$n"); echo "$n squared is $r" ) &
    callers+=($!)
done
wait "${callers[@]}"

echo
echo "# No server: -t gives up with status 124 and removes its reply queue;"
echo "# the request, its name and the body, stays in the queue:"
kill "$server"; wait "$server" || true; server=
show 124 ipc-mq call -t 0.3 "$q" 5
show 0 ipc-mq recv -n "$q"

if command -v ipcmk >/dev/null; then
    echo
    echo "# A System V queue made by ipcmk(1): replies come on the same queue,"
    echo "# typed with the caller's PID:"
    printf '\n$ ipcmk -Q\n'
    out=$(ipcmk -Q)
    echo "$out"
    sysv_id=$(sed -n 's/^Message queue id: //p' <<<"$out")
    printf '\n$ ipc-mq serve id:%s -c 1 -- tr a-z A-Z &\n' "$sysv_id"
    ipc-mq serve "id:$sysv_id" -c 1 -- tr a-z A-Z &
    server=$!
    show 0 ipc-mq call "id:$sysv_id" "shout this"
    echo
    wait "$server"; server=
    show 0 ipc-mq rm "id:$sysv_id"
    sysv_id=
fi

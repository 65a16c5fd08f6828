#!/usr/bin/env bats
# ipc-sock: every verb and option of SPEC 6 "ipc-sock" against peers we
# did not write (socat, OpenBSD nc, python3's socket module): relays with
# half-close both ways, 256 MiB byte for byte through Unix and TCP
# sockets, --exec and --fork with exact counts and no zombies, modes of
# socket files, --unlink's refusals, datagrams, SCM_RIGHTS, ls and stat,
# and the error paths with their exact statuses and bounded times.

bats_require_minimum_version 1.5.0
load common

# 256 MiB of random bytes, a length that is no power of two, and its
# SHA-256, made once per file.
setup_file() {
    export DATA_DIR=$BATS_FILE_TMPDIR
    head -c $((256 * 1024 * 1024 + 4093)) /dev/urandom >"$DATA_DIR/256m"
    sha256 <"$DATA_DIR/256m" >"$DATA_DIR/256m.sha256"
}

teardown_file() {
    rm -f "$DATA_DIR/256m" "$DATA_DIR/256m.sha256"
}

setup() {
    common_setup
    S=$TEST_DIR/s
    # Abstract names and ports are machine-wide: unique to the run.
    ABS=ipc-sock-test-$$-$BATS_TEST_NUMBER
    export -f sha256
    # Messages quote with ASCII quotes.
    export LC_ALL=C
}

# Children of the background shells (a python peer, an --exec command)
# are killed too.
teardown() {
    local pid
    for pid in "${BG_PIDS[@]}"; do
        pkill -KILL -P "$pid" 2>/dev/null || true
    done
    common_teardown
}

# A TCP port for a peer that cannot be told to take port 0 and report
# it: derived from the PID of the run and the test, then checked free.
free_port() {
    local port=$((20000 + ($$ * 31 + BATS_TEST_NUMBER * 7) % 30000))
    while python3 -c 'import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", int(sys.argv[1])))' "$port" 2>/dev/null; [ $? != 0 ]; do
        port=$((port + 1))
    done
    echo "$port"
}

# listen_bg ARG...: start 'ipc-sock listen ARG... --ready fd:3' in the
# background and wait until it accepts; its address (with the port it
# was given) is left in $ADDR.
listen_bg() {
    local ready=$TEST_DIR/ready.$RANDOM
    bg ipc-sock listen --ready fd:3 "$@" 3>"$ready"
    LISTENER=$BG_PID
    wait_until 20 grep -q . "$ready"
    ADDR=$(head -n 1 "$ready")
}

# sh_listen_bg 'SHELL COMMAND': the same for a listener run by a bash
# command line (for its redirections), which must pass '--ready fd:3'.
sh_listen_bg() {
    local ready=$TEST_DIR/ready.$RANDOM
    bg bash -c "$1" 3>"$ready"
    LISTENER=$BG_PID
    wait_until 20 grep -q . "$ready"
    ADDR=$(head -n 1 "$ready")
}

# wait_status PID STATUS: background process PID must end with STATUS.
wait_status() {
    local rc=0
    wait "$1" || rc=$?
    assert_equal "$rc" "$2"
}

wait_ok() { wait_status "$1" 0; }

# ---- connect and listen: the relay ------------------------------------

@test "listen relays a socat client both ways, then removes its socket file" {
    sh_listen_bg "printf from-server | ipc-sock listen unix:$S --ready fd:3 >$TEST_DIR/out"
    run -0 sh -c "printf from-client | socat - UNIX-CONNECT:$S"
    assert_output from-server
    wait_ok "$LISTENER"
    assert_equal "$(cat "$TEST_DIR/out")" from-client
    [ ! -e "$S" ]
}

@test "connect relays with a socat server both ways" {
    bg socat UNIX-LISTEN:"$S" SYSTEM:'cat >'"$TEST_DIR/got"'; printf reply'
    wait_until 20 test -S "$S"
    run -0 sh -c "printf request | ipc-sock connect unix:$S"
    assert_output reply
    wait_until 20 grep -q request "$TEST_DIR/got"
}

@test "half-close: at the end of stdin the peer reads EOF, and its answer still comes" {
    # The peer answers only after reading everything: our shutdown(SHUT_WR)
    # is what lets it answer.
    bg python3 -c 'import hashlib, socket, sys
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1]); s.listen(1)
c, _ = s.accept()
h = hashlib.sha256()
while True:
    b = c.recv(1 << 20)
    if not b: break
    h.update(b)
c.sendall(h.hexdigest().encode() + b"\n")
c.close()' "$S"
    wait_until 20 test -S "$S"
    run -0 ipc-sock connect "unix:$S" <"$DATA_DIR/256m"
    assert_output "$(cat "$DATA_DIR/256m.sha256")"
}

@test "half-close: the peer's EOF first leaves stdin still copied to the peer" {
    # The peer says all it has and shuts down its side at once, then reads
    # what we send, which comes only later.
    bg python3 -c 'import hashlib, socket, sys
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1]); s.listen(1)
c, _ = s.accept()
c.sendall(b"hello\n"); c.shutdown(socket.SHUT_WR)
data = b""
while True:
    b = c.recv(65536)
    if not b: break
    data += b
open(sys.argv[2], "wb").write(data)' "$S" "$TEST_DIR/got"
    wait_until 20 test -S "$S"
    run -0 ipc-sock connect "unix:$S" < <(sleep 0.5; echo late data)
    assert_output hello
    wait_until 20 test -s "$TEST_DIR/got"
    assert_equal "$(cat "$TEST_DIR/got")" "late data"
}

@test "256 MiB through a Unix socket, listen to connect, byte for byte" {
    sh_listen_bg "ipc-sock listen unix:$S --ready fd:3 </dev/null | sha256 >$TEST_DIR/sum"
    run -0 ipc-sock connect "unix:$S" <"$DATA_DIR/256m"
    wait_ok "$LISTENER"
    assert_equal "$(cat "$TEST_DIR/sum")" "$(cat "$DATA_DIR/256m.sha256")"
}

@test "256 MiB through TCP both ways at once, byte for byte" {
    sh_listen_bg "ipc-sock listen tcp:127.0.0.1:0 --ready fd:3 <$DATA_DIR/256m | sha256 >$TEST_DIR/sum"
    run -0 bash -c "ipc-sock connect '$ADDR' <'$DATA_DIR/256m' | sha256"
    assert_output "$(cat "$DATA_DIR/256m.sha256")"
    wait_ok "$LISTENER"
    assert_equal "$(cat "$TEST_DIR/sum")" "$(cat "$DATA_DIR/256m.sha256")"
}

@test "256 MiB from ipc-sock connect to a socat TCP server" {
    local port
    port=$(free_port)
    bg bash -c "socat -u TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr - | sha256 >$TEST_DIR/sum"
    run -0 ipc-sock wait "tcp:127.0.0.1:$port" -t 20s
    run -0 ipc-sock connect "tcp:127.0.0.1:$port" <"$DATA_DIR/256m"
    wait_until 60 test -s "$TEST_DIR/sum"
    assert_equal "$(cat "$TEST_DIR/sum")" "$(cat "$DATA_DIR/256m.sha256")"
}

@test "OpenBSD nc as the client of listen, over TCP and a Unix socket" {
    listen_bg tcp:127.0.0.1:0
    local port=${ADDR##*:}
    run -0 sh -c "echo via-nc | nc.openbsd -N 127.0.0.1 $port"
    wait_ok "$LISTENER"
    sh_listen_bg "ipc-sock listen unix:$S --ready fd:3 >$TEST_DIR/out </dev/null"
    run -0 sh -c "echo via-nc-unix | nc.openbsd -N -U $S"
    wait_ok "$LISTENER"
    assert_equal "$(cat "$TEST_DIR/out")" via-nc-unix
}

@test "abstract addresses, @NAME and abstract:NAME alike" {
    sh_listen_bg "ipc-sock listen @$ABS --ready fd:3 >$TEST_DIR/out </dev/null"
    assert_equal "$ADDR" "@$ABS"
    run -0 sh -c "echo abstract | socat - ABSTRACT-CONNECT:$ABS"
    wait_ok "$LISTENER"
    assert_equal "$(cat "$TEST_DIR/out")" abstract
    bg socat ABSTRACT-LISTEN:"$ABS" SYSTEM:'echo from-socat'
    run -0 ipc-sock wait "abstract:$ABS" -t 20s
    run -0 ipc-sock connect "abstract:$ABS" </dev/null
    assert_output from-socat
}

@test "--ready tells the port that tcp:HOST:0 was given" {
    listen_bg tcp:127.0.0.1:0
    assert_regex "$ADDR" '^tcp:127\.0\.0\.1:[1-9][0-9]*$'
    [ "${ADDR##*:}" != 0 ]
    run -0 sh -c "echo x | ipc-sock connect $ADDR"
}

@test "closed stdin is an empty input; closed stdout fails with a message" {
    sh_listen_bg "echo to-client | ipc-sock listen unix:$S --ready fd:3 >$TEST_DIR/out"
    # (Under 'run', a closed stdin would be taken by the pipe of run.)
    run -0 bash -c "exec ipc-sock connect unix:$S <&-"
    assert_output to-client
    wait_ok "$LISTENER"
    assert_equal "$(stat -c %s "$TEST_DIR/out")" 0
    bg sh -c "echo data | socat - UNIX-LISTEN:$S"
    wait_until 20 test -S "$S"
    run -1 --separate-stderr bash -c "exec ipc-sock connect unix:$S </dev/null >&-"
    assert_equal "$stderr" "ipc-sock: error writing standard output: Bad file descriptor"
}

@test "a reader of connect's output that goes away ends it by SIGPIPE, quietly" {
    bg socat UNIX-LISTEN:"$S" SYSTEM:'exec cat /dev/zero'
    wait_until 20 test -S "$S"
    run bash -c "ipc-sock connect unix:$S </dev/null 2>$TEST_DIR/err | head -c 1000 >/dev/null; echo \${PIPESTATUS[0]}"
    assert_output 141
    assert_equal "$(cat "$TEST_DIR/err")" ""
}

# ---- listen's options ----------------------------------------------------

@test "the socket file is 0600 whatever the umask, or --mode exactly" {
    sh_listen_bg "umask 000; exec ipc-sock listen unix:$S --ready fd:3 </dev/null"
    assert_equal "$(stat -c %a "$S")" 600
    kill "$LISTENER"
    sh_listen_bg "umask 077; exec ipc-sock listen unix:$S.2 --mode 0660 --ready fd:3 </dev/null"
    assert_equal "$(stat -c %a "$S.2")" 660
    sh_listen_bg "umask 000; exec ipc-sock listen unix:$S.3 --mode u=rw,g=r --ready fd:3 </dev/null"
    assert_equal "$(stat -c %a "$S.3")" 640
}

@test "an existing file is refused without --unlink" {
    : >"$S"
    run -1 ipc-sock listen "unix:$S"
    assert_output "ipc-sock: cannot listen on 'unix:$S': Address already in use"
    assert [ -f "$S" ]
}

@test "--unlink removes a stale socket file" {
    python3 -c 'import socket, sys
s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' "$S"
    [ -S "$S" ]
    sh_listen_bg "ipc-sock listen unix:$S --unlink --ready fd:3 </dev/null >$TEST_DIR/out"
    run -0 sh -c "echo after-unlink | socat - UNIX-CONNECT:$S"
    wait_ok "$LISTENER"
    assert_equal "$(cat "$TEST_DIR/out")" after-unlink
}

@test "--unlink refuses a live socket, a regular file and a symbolic link" {
    bg socat UNIX-LISTEN:"$S" SYSTEM:'echo still-there'
    wait_until 20 test -S "$S"
    run -1 ipc-sock listen "unix:$S" --unlink
    assert_output "ipc-sock: cannot remove '$S': something accepts connections on it"
    run -0 socat - UNIX-CONNECT:"$S"
    assert_output still-there
    echo keep >"$TEST_DIR/file"
    run -1 ipc-sock listen "unix:$TEST_DIR/file" --unlink
    assert_output "ipc-sock: cannot remove '$TEST_DIR/file': not a socket"
    assert_equal "$(cat "$TEST_DIR/file")" keep
    ln -s "$TEST_DIR/file" "$TEST_DIR/link"
    run -1 ipc-sock listen "unix:$TEST_DIR/link" --unlink
    assert [ -L "$TEST_DIR/link" ]
}

@test "--allow-uid admits the user named, refuses others and goes on" {
    sh_listen_bg "echo welcome | ipc-sock listen unix:$S --allow-uid $IPC_TEST_USER --ready fd:3 >/dev/null"
    run -0 ipc-sock connect "unix:$S" </dev/null
    assert_output welcome
    wait_ok "$LISTENER"
    sh_listen_bg "echo welcome | ipc-sock listen unix:$S --allow-uid $(( $(id -u) + 1 )) --ready fd:3 2>$TEST_DIR/err >/dev/null"
    run -0 ipc-sock connect "unix:$S" </dev/null
    assert_output ""
    wait_until 20 grep -q "refused a peer running as UID $(id -u)" "$TEST_DIR/err"
    # Still listening for an allowed peer.
    kill -0 "$LISTENER"
    run -0 ipc-sock stat -o STATE -n "unix:$S"
    assert_output LISTEN
}

@test "--allow-uid lets in another user named by number (root)" {
    need_root "connect as another user"
    sh_listen_bg "echo hi-nobody | ipc-sock listen unix:$S --mode 0666 --allow-uid 65534 --ready fd:3 >/dev/null"
    chmod 0755 "$TEST_DIR"
    run -0 setpriv --reuid=65534 --regid=65534 --clear-groups \
        "$(command -v ipc-sock)" connect "unix:$S" </dev/null
    assert_output hi-nobody
}

# ---- --exec and --fork ---------------------------------------------------

@test "--exec runs COMMAND on the connection with the Unix peer's PID, UID and GID" {
    listen_bg "unix:$S" --exec -- sh -c 'echo "$IPC_PEER_PID $IPC_PEER_UID $IPC_PEER_GID"'
    run -0 python3 -c 'import os, socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
print(s.makefile().read().strip() == "%d %d %d" % (os.getpid(), os.getuid(), os.getgid()))' "$S"
    assert_output True
    wait_ok "$LISTENER"
}

@test "--exec gives a TCP peer's address and port" {
    listen_bg tcp:127.0.0.1:0 --exec -- sh -c 'echo "$IPC_PEER_ADDR $IPC_PEER_PORT"'
    run -0 python3 -c 'import socket, sys
host, port = sys.argv[1].rsplit(":", 2)[1:]
s = socket.create_connection((host, int(port)))
me = s.getsockname()
print(s.makefile().read().strip() == "%s %d" % me)' "$ADDR"
    assert_output True
}

@test "--exec: a peer's identity never comes from our own environment (TCP: no PID/UID/GID, Unix: no ADDR/PORT)" {
    export IPC_PEER_PID=1 IPC_PEER_UID=0 IPC_PEER_GID=0
    export IPC_PEER_ADDR=192.0.2.1 IPC_PEER_PORT=7
    listen_bg tcp:127.0.0.1:0 --exec -- sh -c 'echo "${IPC_PEER_PID-none} ${IPC_PEER_UID-none} ${IPC_PEER_GID-none} $IPC_PEER_ADDR"'
    run -0 ipc-sock connect "$ADDR" </dev/null
    assert_output "none none none 127.0.0.1"
    wait_ok "$LISTENER"
    listen_bg "unix:$S" --exec -- sh -c 'echo "${IPC_PEER_ADDR-none} ${IPC_PEER_PORT-none} $IPC_PEER_UID"'
    run -0 ipc-sock connect "unix:$S" </dev/null
    assert_output "none none $(id -u)"
    wait_ok "$LISTENER"
}

@test "an IPv4 client of tcp::PORT is IPC_PEER_ADDR 127.0.0.1, not ::ffff:127.0.0.1" {
    listen_bg tcp::0 --exec -- sh -c 'echo "$IPC_PEER_ADDR"'
    run -0 ipc-sock connect "tcp:127.0.0.1:${ADDR##*:}" </dev/null
    assert_output 127.0.0.1
    wait_ok "$LISTENER"
}

@test "listen --once --exec: COMMAND's status, 126, 127, 128+N, 125" {
    listen_bg "unix:$S" --exec -- sh -c 'exit 7'
    ipc-sock connect "unix:$S" </dev/null
    wait_status "$LISTENER" 7
    listen_bg "unix:$S" --exec -- ipc-sock-test-no-such-command
    ipc-sock connect "unix:$S" </dev/null
    wait_status "$LISTENER" 127
    listen_bg "unix:$S" --exec -- /dev/null
    ipc-sock connect "unix:$S" </dev/null
    wait_status "$LISTENER" 126
    listen_bg "unix:$S" --exec -- sh -c 'kill -TERM $$'
    ipc-sock connect "unix:$S" </dev/null
    wait_status "$LISTENER" 143
    # Our own failures and usage errors: 125.
    : >"$S.file"
    run -125 ipc-sock listen "unix:$S.file" --exec -- true
    run -125 ipc-sock listen "unix:$S" --exec
    run -125 ipc-sock listen "unix:$S" -- true
    run -125 ipc-sock listen "bad:$S" --exec -- true
}

@test "--exec with 0, 1 and 2 closed: the connection is 0 and 1, stderr stays closed" {
    sh_listen_bg "exec ipc-sock listen unix:$S --ready fd:3 --exec -- sh -c 'ls /proc/\$\$/fd' <&- >&- 2>&-"
    run -0 ipc-sock connect "unix:$S" </dev/null
    assert_line 0
    assert_line 1
    refute_line 2
    wait_ok "$LISTENER"
}

@test "--fork serves 40 concurrent clients, each by its own COMMAND, and leaves no zombie" {
    listen_bg "unix:$S" --fork --exec -- sh -c 'read -r n; sleep 0.2; echo "got $n from $IPC_PEER_PID"'
    local i
    for i in $(seq 40); do
        (echo "$i" | ipc-sock connect "unix:$S" >"$TEST_DIR/reply.$i") &
    done
    wait_until 60 bash -c "[ \$(cat $TEST_DIR/reply.* | grep -c '^got ') = 40 ]"
    for i in $(seq 40); do
        grep -q "^got $i from " "$TEST_DIR/reply.$i"
    done
    # The children are reaped: none stays a zombie.
    wait_until 20 bash -c "! ps -o stat= --ppid $LISTENER | grep -q Z"
    [ -z "$(ps -o pid= --ppid "$LISTENER")" ]
    kill -0 "$LISTENER"
}

@test "--fork ends on SIGTERM, removing its socket file" {
    listen_bg "unix:$S" --fork --exec -- true
    kill -TERM "$LISTENER"
    local rc=0
    wait "$LISTENER" || rc=$?
    assert_equal "$rc" 143
    [ ! -e "$S" ]
}

@test "--fork --max-children 2: never more than 2 COMMANDs at once, and all 5 clients served" {
    export D=$TEST_DIR
    echo 0 >"$D/n"
    cat >"$D/cmd" <<'END'
exec 9>>"$D/lock"
flock 9; n=$(( $(cat "$D/n") + 1 )); echo "$n" >"$D/n"; echo "$n" >>"$D/seen"; flock -u 9
sleep 0.5
flock 9; echo $(( $(cat "$D/n") - 1 )) >"$D/n"; flock -u 9
echo served
END
    listen_bg "unix:$S" --fork --max-children 2 --exec -- sh "$D/cmd"
    local i
    for i in 1 2 3 4 5; do
        (ipc-sock connect "unix:$S" </dev/null >"$D/reply.$i") &
    done
    wait_until 60 bash -c "[ \$(cat $D/reply.* | grep -c '^served$') = 5 ]"
    run -0 wc -l <"$D/seen"
    assert_output 5
    run -0 sort -n "$D/seen"
    assert_line --index 4 2
    # The bound is the default 64 without the option, and documented.
    run -0 ipc-sock listen --help
    assert_output --partial "--max-children"
    assert_output --regexp "default[[:space:]]+64\)"
}

@test "--fork at RLIMIT_NOFILE: one message naming the limit, no busy loop, served once descriptors are back" {
    # Descriptors 0-2 and the socket, 3 (bats's own 3 closed): none left.
    bg bash -c "exec 2>$TEST_DIR/err 3>&-; ulimit -Sn 4; exec ipc-sock listen unix:$S --fork --exec -- echo served"
    LISTENER=$BG_PID
    wait_until 20 test -S "$S"
    bg sh -c "ipc-sock connect unix:$S </dev/null >$TEST_DIR/out"
    wait_until 20 grep -q RLIMIT_NOFILE "$TEST_DIR/err"
    sleep 1.5
    run -0 cat "$TEST_DIR/err"
    assert_output "ipc-sock: cannot accept a connection on 'unix:$S': Too many open files (RLIMIT_NOFILE 4); trying again as children end, or after a pause"
    # Not spinning: a second of CPU would show in utime+stime (ticks).
    local ticks
    ticks=$(awk '{ print $14 + $15 }' "/proc/$LISTENER/stat")
    [ "$ticks" -lt 50 ]
    prlimit --pid "$LISTENER" --nofile=64:
    wait_until 20 grep -q '^served$' "$TEST_DIR/out"
    kill -0 "$LISTENER"    # Serving once, the same failure ends it, naming the limit.
    bg bash -c "exec 2>$TEST_DIR/err2 3>&-; ulimit -Sn 4; exec ipc-sock listen unix:$S.1"
    LISTENER=$BG_PID
    wait_until 20 test -S "$S.1"
    bg sh -c "ipc-sock connect unix:$S.1 </dev/null >/dev/null 2>&1"
    wait_status "$LISTENER" 1
    assert_equal "$(cat "$TEST_DIR/err2")" "ipc-sock: cannot accept a connection on 'unix:$S.1': Too many open files (RLIMIT_NOFILE 4)"
    [ ! -e "$S.1" ]
}

@test "listen (once, with and without --exec) and recv-fd remove their socket file on TERM, INT and HUP" {
    local sig num
    for sig in TERM INT HUP; do
        num=$(kill -l "$sig")
        bg env --default-signal=INT ipc-sock listen "unix:$S" </dev/null
        wait_until 20 test -S "$S"
        kill "-$sig" "$BG_PID"
        wait_status "$BG_PID" $((128 + num))
        [ ! -e "$S" ]
        bg env --default-signal=INT ipc-sock listen "unix:$S" --exec -- true
        wait_until 20 test -S "$S"
        kill "-$sig" "$BG_PID"
        wait_status "$BG_PID" $((128 + num))
        [ ! -e "$S" ]
        bg env --default-signal=INT ipc-sock recv-fd "unix:$S" -- true
        wait_until 20 test -S "$S"
        kill "-$sig" "$BG_PID"
        wait_status "$BG_PID" $((128 + num))
        [ ! -e "$S" ]
    done
}

@test "option conflicts and misuse are usage errors" {
    run -2 ipc-sock listen "unix:$S" --fork
    assert_output --partial "--fork needs --exec"
    run -125 ipc-sock listen "unix:$S" --once --fork --exec -- true
    assert_output --partial "--once and --fork are exclusive"
    run -2 ipc-sock listen tcp:127.0.0.1:0 --allow-uid 0
    run -2 ipc-sock listen "abstract:$ABS" --mode 0644
    run -2 ipc-sock listen "abstract:$ABS" --unlink
    run -2 ipc-sock listen "unix:$S" --mode 999
    run -2 ipc-sock listen "unix:$S" --ready 5
    [ -z "$(ls "$TEST_DIR")" ]
}

@test "listen --exec -- with no COMMAND, --mode 4777 and --max-children without --fork are usage errors, before binding" {
    run -125 timeout 10 ipc-sock listen "unix:$S" --exec --
    assert_output --partial "missing command"
    [ ! -e "$S" ]
    run -2 timeout 10 ipc-sock listen "unix:$S" --mode 4777
    assert_output --partial "invalid --mode argument '4777': a socket file takes permission bits only (0777)"
    run -2 timeout 10 ipc-sock recv "unixgram:$S" --mode 1777
    assert_output --partial "invalid --mode argument '1777'"
    run -125 timeout 10 ipc-sock recv-fd "unix:$S" --mode 2700 -- true
    assert_output --partial "invalid --mode argument '2700'"
    [ ! -e "$S" ]
    run -2 ipc-sock listen "unix:$S" --max-children 3
    assert_output --partial "--max-children applies to --fork"
    run -125 ipc-sock listen "unix:$S" --fork --max-children 0 --exec -- true
    [ ! -e "$S" ]
}

# ---- error paths of addresses and connections ----------------------------

@test "malformed addresses exit 2 with one line and create nothing" {
    local long
    long=$TEST_DIR/$(printf 'x%.0s' $(seq 120))
    for a in unix: "unix:$long" "tcp:127.0.0.1" "tcp:127.0.0.1:65536" \
             "tcp:[::1:80" "unixgram:$S" "udp:127.0.0.1:0" "$S" "fd:x" "@"; do
        run -2 --separate-stderr ipc-sock listen "$a"
        assert_regex "$stderr" "^ipc-sock: invalid address"
        [ "$(wc -l <<<"$stderr")" = 2 ]
        run -2 ipc-sock connect "$a"
    done
    run -2 ipc-sock recv "unix:$S"
    run -2 ipc-sock send "tcp:127.0.0.1:1" x
    [ -z "$(ls "$TEST_DIR")" ]
}

@test "connection refused exits 1 with a message" {
    python3 -c 'import socket, sys
s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' "$S"
    run -1 ipc-sock connect "unix:$S" </dev/null
    assert_output "ipc-sock: cannot connect to 'unix:$S': Connection refused"
    run -1 ipc-sock connect "unix:$TEST_DIR/none" </dev/null
    assert_output "ipc-sock: cannot connect to 'unix:$TEST_DIR/none': No such file or directory"
    local port
    port=$(free_port)
    run -1 ipc-sock connect "tcp:127.0.0.1:$port" </dev/null
    assert_output "ipc-sock: cannot connect to 'tcp:127.0.0.1:$port': Connection refused"
    run -1 ipc-sock connect "tcp:no-such-host.invalid:80" </dev/null
    assert_output --partial "ipc-sock: cannot connect to 'tcp:no-such-host.invalid:80': "
}

@test "a kernel 'Connection timed out' without -t is status 1 with its message, not 124" {
    unshare -rn sh -c 'echo 1 >/proc/sys/net/ipv4/tcp_syn_retries' 2>/dev/null \
        || skip "no network namespace of our own (unshare -rn) to shorten tcp_syn_retries in"
    # In a network namespace of our own: one SYN retry (3s), and a
    # listener whose accept queue is full drops the SYN.
    run -0 unshare -rn bash -c '
ip link set lo up && echo 1 >/proc/sys/net/ipv4/tcp_syn_retries || exit
python3 -c "import socket, sys, time
s = socket.socket(); s.bind((\"127.0.0.1\", 0)); s.listen(0)
cs = []
for i in range(4):
    c = socket.socket(); c.setblocking(False)
    try: c.connect(s.getsockname())
    except BlockingIOError: pass
    cs.append(c)
time.sleep(0.5)
open(sys.argv[1], \"w\").write(str(s.getsockname()[1]))
time.sleep(60)" "$1/port" &
until [ -s "$1/port" ]; do sleep 0.05; done
port=$(cat "$1/port")
ipc-sock connect "tcp:127.0.0.1:$port" </dev/null 2>&1
echo "status $? port $port"
kill $!' bash "$TEST_DIR"
    local port
    port=$(cat "$TEST_DIR/port")
    assert_line --index 0 "ipc-sock: cannot connect to 'tcp:127.0.0.1:$port': Connection timed out"
    assert_line --index 1 "status 1 port $port"
}

@test "connect -t: 124 in bounded time when the listener's backlog stays full" {
    # A listener that never accepts, with its queue filled by clients.
    bg python3 -c 'import socket, sys, time
s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(0)
cs = []
for i in range(8):
    c = socket.socket(socket.AF_UNIX); c.setblocking(False)
    try: c.connect(sys.argv[1])
    except BlockingIOError: break
    cs.append(c)
open(sys.argv[2], "w").write("full")
time.sleep(300)' "$S" "$TEST_DIR/full"
    wait_until 20 test -s "$TEST_DIR/full"
    elapsed_ms ipc-sock connect "unix:$S" -t 300ms </dev/null
    assert_equal "$status" 124
    [ "$ELAPSED_MS" -ge 300 ]
    [ "$ELAPSED_MS" -lt 5000 ]
}

# ---- wait ----------------------------------------------------------------

@test "wait returns 0 once something accepts, without using up a --once server" {
    bg ipc-sock wait "unix:$S" -t 30s
    local waiter=$BG_PID
    sleep 0.3
    kill -0 "$waiter"
    sh_listen_bg "echo served | ipc-sock listen unix:$S --ready fd:3 >/dev/null"
    wait_ok "$waiter"
    run -0 ipc-sock wait "unix:$S"
    # The server was not used up by the waits: it serves us.
    run -0 ipc-sock connect "unix:$S" </dev/null
    assert_output served
}

@test "wait -t: 124 within bounded time, for Unix, abstract and TCP" {
    elapsed_ms ipc-sock wait "unix:$TEST_DIR/none" -t 400ms
    assert_equal "$status" 124
    [ "$ELAPSED_MS" -ge 400 ] && [ "$ELAPSED_MS" -lt 5000 ]
    run -124 ipc-sock wait "@$ABS" -t 100ms
    run -124 ipc-sock wait "tcp:127.0.0.1:$(free_port)" -t 100ms
    # A socket file nobody listens on is no listener.
    python3 -c 'import socket, sys
s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' "$S"
    run -124 ipc-sock wait "unix:$S" -t 100ms
}

@test "wait sees a TCP listener of socat on the wildcard address" {
    local port
    port=$(free_port)
    bg socat TCP-LISTEN:"$port",reuseaddr SYSTEM:'echo tcp-served'
    run -0 ipc-sock wait "tcp:127.0.0.1:$port" -t 20s
    run -0 ipc-sock connect "tcp:localhost:$port" </dev/null
    assert_output tcp-served
}

# ---- send and recv: datagrams --------------------------------------------

@test "recv takes COUNT datagrams from python, each whole, on unixgram, abstract-dgram and udp" {
    for a in "unixgram:$S" "abstract-dgram:$ABS" "udp:127.0.0.1:0"; do
        local out=$TEST_DIR/out.$RANDOM
        bg sh -c "umask 000; exec ipc-sock recv '$a' -c 3 -t 20s >$out"
        local recv=$BG_PID
        if [ "$a" = "unixgram:$S" ]; then
            wait_until 20 test -S "$S"
            assert_equal "$(stat -c %a "$S")" 600
        fi
        python3 -c 'import socket, sys, time
a = sys.argv[1]
kind, _, rest = a.partition(":")
msgs = [b"one", b"two words", b"x" * 100000 if kind != "udp" else b"x" * 60000]
for i in range(200):
    try:
        if kind == "unixgram":
            s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.connect(rest)
        elif kind == "abstract-dgram":
            s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.connect("\0" + rest)
        break
    except OSError:
        time.sleep(0.05)
if kind == "udp":
    import subprocess
    for i in range(400):
        out = subprocess.run(["ipc-sock", "ls", "-r", "-n", "-o", "ADDR",
                              "-p", sys.argv[2]],
                             capture_output=True, text=True).stdout
        ports = [l.rsplit(":", 1)[1] for l in out.splitlines()
                 if l.startswith("udp:127.0.0.1:")]
        if ports: break
        time.sleep(0.05)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.connect(("127.0.0.1", int(ports[0])))
for m in msgs: s.send(m)' "$a" "$recv"
        wait_ok "$recv"
        assert_equal "$(sed -n 1p "$out")" one
        assert_equal "$(sed -n 2p "$out")" "two words"
        assert_equal "$(sed -n 3p "$out" | tr -d x | wc -c)" 1
        [ "$(sed -n 3p "$out" | wc -c)" -ge 60001 ]
    done
    # The socket file was made 0600 and is removed at the end.
    [ ! -e "$S" ]
}

@test "send: each MESSAGE a datagram, or stdin as one, to a python receiver" {
    bg python3 -c 'import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind(sys.argv[1])
open(sys.argv[2], "w").write(repr([s.recv(1 << 20) for i in range(3)]))' "$S" "$TEST_DIR/got"
    wait_until 20 test -S "$S"
    run -0 ipc-sock send "unixgram:$S" first "second one"
    printf 'a\0b\n' | ipc-sock send "unixgram:$S"
    wait_until 20 test -s "$TEST_DIR/got"
    assert_equal "$(cat "$TEST_DIR/got")" "[b'first', b'second one', b'a\\x00b\\n']"
}

@test "send over UDP to socat, and recv -0" {
    local port
    port=$(free_port)
    bg sh -c "socat -u UDP-RECV:$port,bind=127.0.0.1 - >$TEST_DIR/got"
    sleep 0.3
    wait_until 20 bash -c "ipc-sock stat udp:127.0.0.1:$port >/dev/null 2>&1"
    run -0 ipc-sock send "udp:127.0.0.1:$port" hello-udp
    wait_until 20 grep -q hello-udp "$TEST_DIR/got"
    bg sh -c "ipc-sock recv abstract-dgram:$ABS -0 -c 2 -t 20s >$TEST_DIR/z"
    local recv=$BG_PID
    wait_until 20 bash -c "ipc-sock stat abstract-dgram:$ABS >/dev/null 2>&1"
    ipc-sock send "abstract-dgram:$ABS" "a b" "c"
    wait_ok "$recv"
    assert_equal "$(tr '\0' '|' <"$TEST_DIR/z")" "a b|c|"
}

@test "a message larger than the socket takes names the limit, and nothing is sent" {
    bg sh -c "exec ipc-sock recv unixgram:$S -t 30s >$TEST_DIR/got"
    wait_until 20 test -S "$S"
    run -1 --separate-stderr bash -c "head -c 4000000 /dev/zero | ipc-sock send unixgram:$S"
    assert_regex "$stderr" "^ipc-sock: standard input is longer than 'unixgram:$S' takes in one datagram \([0-9]+ bytes, SO_SNDBUF\); nothing was sent$"
    ipc-sock send "unixgram:$S" next
    wait_until 20 grep -q . "$TEST_DIR/got"
    assert_equal "$(cat "$TEST_DIR/got")" next
    # UDP: the first message is not sent when the second cannot be.
    bg python3 -c 'import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0))
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
open(sys.argv[2], "wb").write(s.recv(100000))' "$TEST_DIR/port" "$TEST_DIR/udp"
    wait_until 20 test -s "$TEST_DIR/port"
    local port
    port=$(cat "$TEST_DIR/port")
    run -1 --separate-stderr ipc-sock send "udp:127.0.0.1:$port" first "$(head -c 70000 /dev/zero | tr '\0' x)"
    assert_equal "$stderr" "ipc-sock: message 2 of 70000 bytes is larger than a UDP datagram can be (65507 bytes over IPv4, 65527 over IPv6); nothing was sent"
    ipc-sock send "udp:127.0.0.1:$port" next
    wait_until 20 test -s "$TEST_DIR/udp"
    assert_equal "$(cat "$TEST_DIR/udp")" next
}

@test "recv -t: 124 in bounded time; send to nobody exits 1" {
    elapsed_ms ipc-sock recv "unixgram:$S" -t 300ms
    assert_equal "$status" 124
    [ "$ELAPSED_MS" -lt 5000 ]
    [ ! -e "$S" ]
    run -1 ipc-sock send "unixgram:$TEST_DIR/none" x
    assert_output "ipc-sock: cannot send to 'unixgram:$TEST_DIR/none': No such file or directory"
    run -1 ipc-sock send "abstract-dgram:$ABS" x
    assert_output "ipc-sock: cannot send to 'abstract-dgram:$ABS': Connection refused"
}

# ---- send-fd and recv-fd --------------------------------------------------

@test "send-fd passes a descriptor that recv-fd's COMMAND reads as fd 3, or --as N" {
    echo "passed content" >"$TEST_DIR/file"
    bg sh -c "ipc-sock recv-fd unix:$S -t 20s -- sh -c 'cat <&3' >$TEST_DIR/out"
    local r=$BG_PID
    wait_until 20 test -S "$S"
    run -0 ipc-sock send-fd "unix:$S" fd:5 5<"$TEST_DIR/file"
    wait_ok "$r"
    assert_equal "$(cat "$TEST_DIR/out")" "passed content"
    [ ! -e "$S" ]
    bg sh -c "ipc-sock recv-fd abstract-dgram:$ABS --as 7 -t 20s -- sh -c 'cat <&7' >$TEST_DIR/out2"
    r=$BG_PID
    wait_until 20 bash -c "ipc-sock stat abstract-dgram:$ABS >/dev/null 2>&1"
    run -0 ipc-sock send-fd "abstract-dgram:$ABS" fd:0 <"$TEST_DIR/file"
    wait_ok "$r"
    assert_equal "$(cat "$TEST_DIR/out2")" "passed content"
}

@test "recv-fd against python's send_fds: extra descriptors are closed, only N is added" {
    bg sh -c "ipc-sock recv-fd unix:$S -t 20s -- sh -c 'ls -l /proc/\$\$/fd; cat <&3' >$TEST_DIR/out"
    local r=$BG_PID
    wait_until 20 test -S "$S"
    : >"$TEST_DIR/extra"
    python3 -c 'import os, socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
r, w = os.pipe(); os.write(w, b"from-python\n"); os.close(w)
socket.send_fds(s, [b"x"], [r, os.open("/dev/zero", os.O_RDONLY),
                            os.open(sys.argv[2], os.O_RDONLY)])' "$S" "$TEST_DIR/extra"
    wait_ok "$r"
    grep -q " 3 -> pipe:" "$TEST_DIR/out"
    grep -q "^from-python$" "$TEST_DIR/out"
    run grep -c -e /dev/zero -e "$TEST_DIR/extra" "$TEST_DIR/out"
    assert_output 0
}

@test "send-fd to python's recv_fds" {
    echo "to python" >"$TEST_DIR/file"
    bg python3 -c 'import os, socket, sys
s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(1)
c, _ = s.accept()
msg, fds, flags, addr = socket.recv_fds(c, 16, 4)
open(sys.argv[2], "w").write(os.read(fds[0], 100).decode())' "$S" "$TEST_DIR/got"
    wait_until 20 test -S "$S"
    run -0 ipc-sock send-fd "unix:$S" fd:4 4<"$TEST_DIR/file"
    wait_until 20 test -s "$TEST_DIR/got"
    assert_equal "$(cat "$TEST_DIR/got")" "to python"
}

@test "send-fd and recv-fd error paths: closed fd 1, no sender 124, no command 127, no descriptor" {
    run -1 ipc-sock send-fd "unix:$S" fd:9
    assert_output "ipc-sock: cannot send 'fd:9': Bad file descriptor"
    run -1 ipc-sock send-fd "unix:$TEST_DIR/none" fd:0
    run -2 ipc-sock send-fd "tcp:127.0.0.1:1" fd:0
    elapsed_ms ipc-sock recv-fd "unix:$S" -t 300ms -- true
    assert_equal "$status" 124
    [ "$ELAPSED_MS" -lt 5000 ]
    [ ! -e "$S" ]
    run -125 ipc-sock recv-fd "unix:$S"
    bg ipc-sock recv-fd "unix:$S" -t 20s -- ipc-sock-test-no-such-command
    local r=$BG_PID
    wait_until 20 test -S "$S"
    ipc-sock send-fd "unix:$S" fd:0 </dev/null
    wait_status "$r" 127
    # A peer that sends bytes but no descriptor.
    bg ipc-sock recv-fd "unix:$S" -t 20s -- true
    r=$BG_PID
    wait_until 20 test -S "$S"
    echo plain | socat - UNIX-CONNECT:"$S"
    wait_status "$r" 125
}

@test "recv-fd: a connection that sends nothing does not use up the receive" {
    echo "passed content" >"$TEST_DIR/file"
    bg sh -c "ipc-sock recv-fd unix:$S -t 20s -- sh -c 'cat <&3' >$TEST_DIR/out"
    local r=$BG_PID
    wait_until 20 test -S "$S"
    bg python3 -c 'import socket, sys, time
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
open(sys.argv[2], "w").write("connected")
time.sleep(60)' "$S" "$TEST_DIR/silent"
    wait_until 20 test -s "$TEST_DIR/silent"
    run -0 ipc-sock send-fd "unix:$S" fd:5 5<"$TEST_DIR/file"
    wait_ok "$r"
    assert_equal "$(cat "$TEST_DIR/out")" "passed content"
    [ ! -e "$S" ]
}

@test "recv-fd --allow-uid: admits the user named, refuses others and goes on until -t" {
    echo "passed content" >"$TEST_DIR/file"
    bg sh -c "ipc-sock recv-fd unix:$S --allow-uid $(( $(id -u) + 1 )) -t 3s -- true 2>$TEST_DIR/err"
    local r=$BG_PID
    wait_until 20 test -S "$S"
    # Refused: whether our send came before the close is a race.
    ipc-sock send-fd "unix:$S" fd:5 5<"$TEST_DIR/file" 2>/dev/null || true
    wait_until 20 grep -q "refused a peer running as UID $(id -u)" "$TEST_DIR/err"
    kill -0 "$r"
    wait_status "$r" 124
    bg sh -c "ipc-sock recv-fd abstract:$ABS --allow-uid $IPC_TEST_USER -t 20s -- sh -c 'cat <&3' >$TEST_DIR/out"
    r=$BG_PID
    wait_until 20 bash -c "ipc-sock stat abstract:$ABS >/dev/null 2>&1"
    run -0 ipc-sock send-fd "abstract:$ABS" fd:5 5<"$TEST_DIR/file"
    wait_ok "$r"
    assert_equal "$(cat "$TEST_DIR/out")" "passed content"
    # Datagrams: the sender's credentials come with each (SO_PASSCRED).
    bg sh -c "ipc-sock recv-fd abstract-dgram:$ABS --allow-uid $(( $(id -u) + 1 )) -t 3s -- true 2>$TEST_DIR/err2"
    r=$BG_PID
    wait_until 20 bash -c "ipc-sock stat abstract-dgram:$ABS >/dev/null 2>&1"
    run -0 ipc-sock send-fd "abstract-dgram:$ABS" fd:5 5<"$TEST_DIR/file"
    wait_until 20 grep -q "refused a peer running as UID $(id -u) (PID [1-9]" "$TEST_DIR/err2"
    wait_status "$r" 124
    bg sh -c "ipc-sock recv-fd unixgram:$S --allow-uid $IPC_TEST_USER -t 20s -- sh -c 'cat <&3' >$TEST_DIR/out2"
    r=$BG_PID
    wait_until 20 test -S "$S"
    run -0 ipc-sock send-fd "unixgram:$S" fd:5 5<"$TEST_DIR/file"
    wait_ok "$r"
    assert_equal "$(cat "$TEST_DIR/out2")" "passed content"
}

@test "recv-fd --allow-uid on abstract addresses refuses another user, connecting or sending datagrams (root)" {
    need_root "send as another user"
    echo "from nobody" >"$TEST_DIR/nobody"
    echo "from root" >"$TEST_DIR/root"
    bg sh -c "ipc-sock recv-fd abstract:$ABS --allow-uid 0 -t 20s -- sh -c 'cat <&3' >$TEST_DIR/out 2>$TEST_DIR/err"
    local r=$BG_PID
    wait_until 20 bash -c "ipc-sock stat abstract:$ABS >/dev/null 2>&1"
    setpriv --reuid=65534 --regid=65534 --clear-groups \
        "$(command -v ipc-sock)" send-fd "abstract:$ABS" fd:0 <"$TEST_DIR/nobody" 2>/dev/null || true
    wait_until 20 grep -q "refused a peer running as UID 65534" "$TEST_DIR/err"
    run -0 ipc-sock send-fd "abstract:$ABS" fd:0 <"$TEST_DIR/root"
    wait_ok "$r"
    assert_equal "$(cat "$TEST_DIR/out")" "from root"
    # The same for datagrams, whose sender the kernel tells.
    bg sh -c "ipc-sock recv-fd abstract-dgram:$ABS --allow-uid 0 -t 20s -- sh -c 'cat <&3' >$TEST_DIR/out2 2>$TEST_DIR/err2"
    r=$BG_PID
    wait_until 20 bash -c "ipc-sock stat abstract-dgram:$ABS >/dev/null 2>&1"
    setpriv --reuid=65534 --regid=65534 --clear-groups \
        "$(command -v ipc-sock)" send-fd "abstract-dgram:$ABS" fd:0 <"$TEST_DIR/nobody"
    wait_until 20 grep -q "refused a peer running as UID 65534" "$TEST_DIR/err2"
    run -0 ipc-sock send-fd "abstract-dgram:$ABS" fd:0 <"$TEST_DIR/root"
    wait_ok "$r"
    assert_equal "$(cat "$TEST_DIR/out2")" "from root"
}

@test "recv-fd from a peer that closed without a descriptor says so" {
    bg sh -c "ipc-sock recv-fd unix:$S -t 20s -- true 2>$TEST_DIR/err"
    local r=$BG_PID
    wait_until 20 test -S "$S"
    socat -u /dev/null UNIX-CONNECT:"$S"
    wait_status "$r" 125
    assert_equal "$(cat "$TEST_DIR/err")" "ipc-sock: cannot receive from 'unix:$S': no descriptor came (the peer closed the connection)"
}

@test "recv and recv-fd --ready fd:N: one line once bound, with the port that UDP was given" {
    bg sh -c "ipc-sock recv abstract-dgram:$ABS --ready fd:3 -t 20s 3>$TEST_DIR/ready >$TEST_DIR/out"
    local r=$BG_PID
    wait_until 20 grep -q . "$TEST_DIR/ready"
    assert_equal "$(cat "$TEST_DIR/ready")" "abstract-dgram:$ABS"
    ipc-sock send "abstract-dgram:$ABS" hello
    wait_ok "$r"
    assert_equal "$(cat "$TEST_DIR/out")" hello
    bg sh -c "ipc-sock recv udp:127.0.0.1:0 --ready fd:3 -t 20s 3>$TEST_DIR/ready2 >$TEST_DIR/out2"
    r=$BG_PID
    wait_until 20 grep -q . "$TEST_DIR/ready2"
    run -0 cat "$TEST_DIR/ready2"
    assert_output --regexp '^udp:127\.0\.0\.1:[1-9][0-9]*$'
    ipc-sock send "$output" over-udp
    wait_ok "$r"
    assert_equal "$(cat "$TEST_DIR/out2")" over-udp
    echo "passed content" >"$TEST_DIR/file"
    bg sh -c "ipc-sock recv-fd unix:$S --ready fd:4 -t 20s -- sh -c 'cat <&3' 4>$TEST_DIR/ready3 >$TEST_DIR/out3"
    r=$BG_PID
    wait_until 20 grep -q . "$TEST_DIR/ready3"
    assert_equal "$(cat "$TEST_DIR/ready3")" "unix:$S"
    ipc-sock send-fd "unix:$S" fd:5 5<"$TEST_DIR/file"
    wait_ok "$r"
    assert_equal "$(cat "$TEST_DIR/out3")" "passed content"
}

@test "the man page's TCP copy, datagram and descriptor-passing EXAMPLES work pasted as written" {
    # Each example block, with its names made unique to the run.
    local x="$IPC_TOP_SRCDIR/man/ipc-sock.x"
    echo "passed content" >"$TEST_DIR/hostname"
    cp "$TEST_DIR/hostname" "$TEST_DIR/file"
    cd "$TEST_DIR"
    local sub="s|/tmp/|$TEST_DIR/|g; s|:demo|:$ABS|g; s|/etc/hostname|$TEST_DIR/hostname|g"
    local block
    for block in "Copy a file through TCP" "Datagrams, sent" "Pass a descriptor"; do
        awk -v b="$block" 'index($0, b) == 1 { on = 1; next }
            on && /^\.nf/ { take = 1; next }
            take && /^\.fi/ { exit }
            take { print }' "$x" | sed "$sub" >"$TEST_DIR/example.sh"
        grep -q ipc-sock "$TEST_DIR/example.sh"
        echo wait >>"$TEST_DIR/example.sh"
        run -0 timeout 30 bash "$TEST_DIR/example.sh"
        case $block in
        Copy*) assert_output ""
            assert_equal "$(cat copy.out)" "passed content" ;;
        Datagrams*) assert_output "$(printf 'hello\nworld')" ;;
        *) assert_output "passed content" ;;
        esac
        rm -f "$TEST_DIR/ready"
    done
}

# ---- ls and stat ---------------------------------------------------------

@test "ls shows our listener with its process, and a Unix peer's process" {
    need_exact_lists
    listen_bg "unix:$S" --exec -- sleep 300
    run -0 ipc-sock ls -r -n -o ADDR,TYPE,STATE,PID,COMMAND
    assert_line "unix:$S unix LISTEN $LISTENER ipc-sock"
    bg python3 -c 'import socket, sys, time
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); time.sleep(300)' "$S"
    local client=$BG_PID
    wait_until 20 bash -c "pgrep -x sleep -P $LISTENER >/dev/null || pgrep -f 'sleep 300' >/dev/null"
    local sleeper
    wait_until 20 bash -c "ipc-sock ls -r -n -o PEER -p $client | grep -q ':sleep'"
    run -0 ipc-sock ls -J -o TYPE,STATE,PID,PEER -p "$client"
    assert_output --partial '"type": "unix"'
    assert_output --partial '"state": "ESTAB"'
    assert_output --regexp '"pid": \[[0-9]+\]'
    # SPEC 4: the processes of PIDS and PEER are typed objects, as in
    # every command; PEER of an IP socket is its address.
    run -0 ipc-sock ls -J -o PIDS,PEER -p "$client"
    run -0 python3 -c 'import json, sys
rows = json.loads(sys.stdin.read())["sockets"]
client = int(sys.argv[1])
mine = [r for r in rows if {"pid": client, "command": "python3"} in r["pids"]]
assert mine and all(isinstance(p["pid"], int) for r in mine for p in r["peer"]), rows
assert any(p["command"] == "sleep" for r in mine for p in r["peer"]), rows
print("ok")' "$client" <<<"$output"
    assert_output ok
    run -0 ipc-sock ls -r -n -o ADDR,PIDS -p "$LISTENER"
    assert_line "unix:$S $LISTENER:sleep"
}

@test "stat ADDR: a TCP listener, a bound datagram socket, and nothing there" {
    listen_bg tcp:127.0.0.1:0 --fork --exec -- true
    run -0 ipc-sock stat "$ADDR"
    assert_line "TYPE: tcp"
    assert_line "STATE: LISTEN"
    if lists_partial; then
        # Unknown is not zero (the test "cannot read the root listener").
        assert_line "PIDS: ?"
    else
        assert_line "PIDS: $LISTENER:ipc-sock"
        run -0 ipc-sock stat -o PID -n "$ADDR"
        assert_output "$LISTENER"
        run -0 ipc-sock stat -o COMMAND -n "$ADDR"
        assert_output ipc-sock
    fi
    run -0 ipc-sock stat -J "$ADDR"
    assert_output --partial "\"addr\": \"$ADDR\""
    bg ipc-sock recv "unixgram:$S" -t 30s
    wait_until 20 test -S "$S"
    run -0 ipc-sock stat -o ADDR,TYPE,STATE -n "unixgram:$S"
    assert_output "unixgram:$S
unixgram
UNCONN"
    run -1 ipc-sock stat "unix:$TEST_DIR/none"
    assert_output "ipc-sock: no socket listens at 'unix:$TEST_DIR/none'"
}

# ---- the relay's two halves, and the sockets of the system -------------
# (lib/ipc-socket.c's relay and lib/ipc-sockets.c: issue 17, items 18, 19
# and 21)

# relay_fault_py: a python script that runs 'ipc-sock listen unix:PATH'
# with standard output /dev/full or closed, standard error a full pipe
# and standard input a pipe, connects to it, sends 100000 bytes, waits
# until ipc-sock's main thread is stuck writing its error message, and
# only then ends standard input: the stdin half of the relay wakes after
# the socket->stdout half has failed.  Prints the status, the message and
# how many bytes came to the peer (what stdin held: none).
relay_fault_py() {
    cat <<'PY'
import fcntl, os, socket, subprocess, sys, time
stdout_mode, path = sys.argv[1], sys.argv[2]
er, ew = os.pipe()
fcntl.fcntl(ew, fcntl.F_SETFL, os.O_NONBLOCK)
fill = 0
try:
    while True:
        fill += os.write(ew, b"e" * 4096)
except BlockingIOError:
    pass
fcntl.fcntl(ew, fcntl.F_SETFL, 0)
ir, iw = os.pipe()
out = os.open("/dev/full", os.O_WRONLY)
def child():
    if stdout_mode == "closed":
        os.close(1)
p = subprocess.Popen(["ipc-sock", "listen", "unix:" + path], stdin=ir,
                     stdout=out if stdout_mode == "full" else None,
                     stderr=ew, preexec_fn=child)
os.close(ir); os.close(ew); os.close(out)
def until(what, test):
    end = time.monotonic() + 30
    while not test():
        if time.monotonic() > end:
            sys.exit("timed out waiting for " + what)
        time.sleep(0.02)
c = socket.socket(socket.AF_UNIX)
def connected():
    try:
        c.connect(path)
        return True
    except (FileNotFoundError, ConnectionRefusedError):
        return False
until("the listener", connected)
c.sendall(b"x" * 100000)
# The main thread in write(2) on fd 2 ("1 0x2 ..." in its syscall file
# on x86_64, where write is system call 1).
nr_write = {"x86_64": 1, "aarch64": 64, "riscv64": 64}[os.uname().machine]
def stuck():
    try:
        with open("/proc/%d/syscall" % p.pid) as f:
            return f.read().startswith("%d 0x2 " % nr_write)
    except OSError:
        return False
until("the write to stderr", stuck)
os.close(iw)
time.sleep(0.3)
# Let ipc-sock write its message and end; then the connection ends too.
err = b""
while True:
    b = os.read(er, 65536)
    if not b:
        break
    err += b
got = b""
c.settimeout(30)
while True:
    try:
        b = c.recv(65536)
    except ConnectionResetError:
        break
    if not b:
        break
    got += b
print(p.wait())
print(err[fill:].decode().strip())
print(len(got), repr(got[:16]))
PY
}

@test "relay: a failed stdout half waits for the stdin half, and the peer gets no byte stdin never held" {
    # An ASan build reports the old stack-use-after-return only with this.
    export ASAN_OPTIONS=$ASAN_OPTIONS:detect_stack_use_after_return=1
    relay_fault_py >"$TEST_DIR/fault.py"
    run -0 timeout 60 python3 "$TEST_DIR/fault.py" full "$S"
    assert_output "1
ipc-sock: error writing standard output: No space left on device
0 b''"
    rm -f "$S"
    run -0 timeout 60 python3 "$TEST_DIR/fault.py" closed "$S"
    assert_output "1
ipc-sock: error writing standard output: Bad file descriptor
0 b''"
}

@test "relay: listen >&- </dev/null, 30 rounds: the python peer never receives a byte" {
    export ASAN_OPTIONS=$ASAN_OPTIONS:detect_stack_use_after_return=1
    local i
    for i in $(seq 30); do
        sh_listen_bg "exec ipc-sock listen unix:$S.$i --ready fd:3 >&- </dev/null 2>$TEST_DIR/err"
        run -0 timeout 30 python3 -c 'import socket, sys
c = socket.socket(socket.AF_UNIX); c.connect(sys.argv[1])
c.sendall(b"x" * 100000)
got = b""
while True:
    try:
        b = c.recv(65536)
    except ConnectionResetError:
        break
    if not b:
        break
    got += b
print(len(got))' "$S.$i"
        assert_output 0
        wait_status "$LISTENER" 1
        assert_equal "$(cat "$TEST_DIR/err")" \
            "ipc-sock: error writing standard output: Bad file descriptor"
    done
}

# bind_bg READY ADDRESS [listen|dgram]: a python process that binds the
# Unix socket ADDRESS (a path, or "\0name" for an abstract one, with
# python's escapes), listens on it unless dgram, writes READY and sleeps.
bind_bg() {
    bg python3 -c 'import socket, sys, time
kind = socket.SOCK_DGRAM if sys.argv[3] == "dgram" else socket.SOCK_STREAM
s = socket.socket(socket.AF_UNIX, kind)
s.bind(sys.argv[2].encode().decode("unicode_escape"))
if kind == socket.SOCK_STREAM:
    s.listen()
open(sys.argv[1], "w").write("ready\n")
time.sleep(300)' "$1" "$2" "${3:-listen}"
    wait_until 20 test -s "$1"
}

# A line of /proc/net/unix for a listening socket at NAME (@NAME for an
# abstract one), as short as a parser of it takes (a name is at most 107
# bytes): "Num RefCount Protocol Flags(__SO_ACCEPTCON) Type St Inode".
forged_line() {
    printf '0: 2 0 10000 1 1 9 %s' "$1"
}

@test "sock_diag: a newline in an abstract name forges no listener for wait, stat and ls" {
    local victim=$ABS-v
    bind_bg "$TEST_DIR/ready" "\\0f$$\\n$(forged_line "@$victim")"
    run -124 ipc-sock wait "@$victim" -t 300ms
    run -1 ipc-sock stat "@$victim"
    assert_output "ipc-sock: no socket listens at '@$victim'"
    run -0 ipc-sock ls -r -n -o ADDR,STATE
    refute_line --partial "abstract:$victim"
    # (--raw writes spaces in a value as \x20.)
    local forged
    forged=$(forged_line "@$victim")
    assert_line "abstract:f$$\\x0a${forged// /\\x20} LISTEN"
}

@test "sock_diag: --unlink removes a stale socket file though a forged line names it" {
    python3 -c 'import socket, sys
s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' "$S"
    bind_bg "$TEST_DIR/ready" "\\0f$$-$BATS_TEST_NUMBER\\n$(forged_line "$S")"
    sh_listen_bg "ipc-sock listen unix:$S --unlink --ready fd:3 </dev/null >$TEST_DIR/out"
    run -0 sh -c "echo after-unlink | socat - UNIX-CONNECT:$S"
    wait_ok "$LISTENER"
    assert_equal "$(cat "$TEST_DIR/out")" after-unlink
}

@test "sock_diag: names with a newline are whole in ls and stat: escaped in tables, exact in JSON" {
    local name=$ABS-a$'\n'b file=$TEST_DIR/n$'\n'l
    bind_bg "$TEST_DIR/ready" "\\0$ABS-a\\nb"
    bind_bg "$TEST_DIR/ready2" "$TEST_DIR/n\\nl" dgram
    run -0 ipc-sock ls -r -n -o ADDR,TYPE,STATE
    assert_line "abstract:$ABS-a\\x0ab unix LISTEN"
    assert_line "unixgram:$TEST_DIR/n\\x0al unixgram UNCONN"
    refute_line "abstract:$ABS-a unix LISTEN"
    run -0 ipc-sock stat -o ADDR -n "@$name"
    assert_output "abstract:$ABS-a\\x0ab"
    run -0 ipc-sock stat -o STATE -n "unixgram:$file"
    assert_output UNCONN
    ipc-sock ls -J -o ADDR,STATE >"$TEST_DIR/ls.json"
    run -0 python3 -c 'import json, sys
doc = json.load(open(sys.argv[1]))
rows = next(iter(doc.values()))
addrs = {r["addr"]: r["state"] for r in rows}
print(addrs["abstract:" + sys.argv[2]], addrs["unixgram:" + sys.argv[3]])' \
        "$TEST_DIR/ls.json" "$name" "$file"
    assert_output "LISTEN UNCONN"
}

@test "wait, stat and --unlink find a socket file by its inode however the path is spelled, and never connect" {
    mkdir "$TEST_DIR/d"
    ln -s d "$TEST_DIR/link"
    sh_listen_bg "echo served | ipc-sock listen unix:$TEST_DIR/d/s --ready fd:3 >/dev/null"
    local a
    for a in "unix:/$TEST_DIR/d/s" "unix:$TEST_DIR//d/./s" "unix:$TEST_DIR/link/s"; do
        run -0 ipc-sock wait "$a" -t 5s
        run -0 ipc-sock stat -o STATE -n "$a"
        assert_output LISTEN
    done
    run -0 bash -c "cd '$TEST_DIR/d' && exec ipc-sock wait unix:s -t 5s"
    # --unlink under another name asks sock_diag, not the server: the
    # one connection of the --once server is still the real client's.
    run -1 ipc-sock listen "unix:$TEST_DIR/link/s" --unlink
    assert_output "ipc-sock: cannot remove '$TEST_DIR/link/s': something accepts connections on it"
    run -0 ipc-sock connect "unix:$TEST_DIR/d/s" </dev/null
    assert_output served
    wait_ok "$LISTENER"
    # A server that bound a relative path is found by the absolute one.
    sh_listen_bg "cd '$TEST_DIR/d' && echo served | exec ipc-sock listen unix:s --ready fd:3 >/dev/null"
    run -0 ipc-sock wait "unix:$TEST_DIR/link/s" -t 5s
    run -0 ipc-sock connect "unix:$TEST_DIR/d/s" </dev/null
    assert_output served
    wait_ok "$LISTENER"
}

@test "sock_diag missing: ls, stat, wait and --unlink fail with its error, and never parse /proc/net/unix" {
    strace -f -qq -o /dev/null true 2>/dev/null || skip "strace cannot trace here"
    # The first socket(2) of each is the sock_diag one; make it fail as
    # on a kernel without it.  (LeakSanitizer cannot work under ptrace.)
    local inject=(env "ASAN_OPTIONS=$ASAN_OPTIONS:detect_leaks=0"
                  strace -f -qq -o /dev/null -e trace=socket
                  -e inject=socket:error=EPROTONOSUPPORT:when=1)
    python3 -c 'import socket, sys
s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' "$S"
    run -1 "${inject[@]}" ipc-sock ls
    assert_output "ipc-sock: cannot read the sockets of the system: Protocol not supported"
    run -1 "${inject[@]}" ipc-sock stat "@$ABS"
    assert_output "ipc-sock: cannot read the sockets of the system: Protocol not supported"
    run -1 "${inject[@]}" ipc-sock wait "unix:$S" -t 5s
    assert_output "ipc-sock: cannot read the sockets of the system: Protocol not supported"
    run -1 "${inject[@]}" ipc-sock listen "unix:$S" --unlink
    assert_output "ipc-sock: cannot remove '$S': Protocol not supported"
    [ -S "$S" ]
}

@test "relay: pipes on standard input and output smaller than 1 MiB grow to 1 MiB" {
    local max
    max=$(cat /proc/sys/fs/pipe-max-size)
    [ "$max" -ge 1048576 ] || skip "fs.pipe-max-size is $max, below 1 MiB"
    # F_GETPIPE_SZ is 1032; each pipe is asked once its data went through.
    sh_listen_bg "ipc-sock listen unix:$S --ready fd:3 </dev/null | python3 -c 'import fcntl, sys
data = sys.stdin.buffer.read()
print(len(data), fcntl.fcntl(0, 1032))' >$TEST_DIR/out"
    run -0 python3 -c 'import fcntl, os, subprocess, sys
r, w = os.pipe()
p = subprocess.Popen(["ipc-sock", "connect", "unix:" + sys.argv[1]], stdin=r,
                     stdout=subprocess.DEVNULL)
os.write(w, b"x" * 100000)
os.close(w)
print(p.wait(), fcntl.fcntl(r, 1032))' "$S"
    assert_output "0 1048576"
    wait_ok "$LISTENER"
    assert_equal "$(cat "$TEST_DIR/out")" "100000 1048576"
}

@test "relay: what listen took from the socket reaches its pipe's reader while the peer sends nothing more" {
    # A splice from a socket into a pipe held the pipe's lock while it
    # waited for more input, so the reader could not read what the pipe
    # already held until the peer sent more or closed: the last messages
    # of a bridge stayed stuck.  The peer sends 50 000 bytes and keeps the
    # connection open; the reader starts once they are sent and needs
    # several reads of the pipe (head reads at most a few KiB at a time).
    sh_listen_bg "ipc-sock listen tcp:127.0.0.1:0 --ready fd:3 </dev/null | {
        until [ -e $TEST_DIR/go ]; do sleep 0.05; done
        exec head -c 50000 >$TEST_DIR/out; }"
    [[ $ADDR == tcp:127.0.0.1:[1-9]* ]]
    bg python3 -c 'import socket, sys, time
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
c.sendall(b"x" * 50000)
open(sys.argv[2], "w").close()
time.sleep(300)' "${ADDR##*:}" "$TEST_DIR/sent"
    wait_until 20 test -e "$TEST_DIR/sent"
    # Time for the listener to move them into the pipe and wait again.
    sleep 1
    touch "$TEST_DIR/go"
    wait_until 20 bash -c '[ "$(wc -c <"$1")" -eq 50000 ]' sh "$TEST_DIR/out"
    run -0 tr -d x <"$TEST_DIR/out"
    assert_output ""
}

# ---- ls filters, queues, owners, loopback peers; stat's connections ----
# (issue 18, item 11), checked against iproute2's ss: its fields, never
# its column widths (ss -H -n, split on blanks).

# tcp_server_py: a python server on 127.0.0.1 (port 0) with a backlog of
# 7 that accepts one connection, leaves a second in its accept queue,
# and holds 100 unread bytes that its accepted connection was sent; the
# clients are a second python process (client_py), so that each end of
# a connection has a process of its own.  Writes its port to $1.
tcp_server_py() {
    cat <<'PY'
import socket, sys, time
l = socket.socket(); l.bind(("127.0.0.1", 0)); l.listen(7)
a = None
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write("%d\n" % l.getsockname()[1])
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
a, _ = l.accept()
time.sleep(300)
PY
}
tcp_client_py() {
    cat <<'PY'
import socket, sys, time
c1 = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
c1.sendall(b"x" * 100)
time.sleep(0.5)
c2 = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
open(sys.argv[2], "w").write("%d %d\n" % (c1.getsockname()[1], c2.getsockname()[1]))
time.sleep(300)
PY
}

# start_tcp_pair: the server and its clients; $PORT, $SERVER, $CLIENT,
# $CPORT1 (accepted), $CPORT2 (in the accept queue).
start_tcp_pair() {
    bg python3 -c "$(tcp_server_py)" "$TEST_DIR/port"
    SERVER=$BG_PID
    wait_until 20 test -s "$TEST_DIR/port"
    PORT=$(cat "$TEST_DIR/port")
    bg python3 -c "$(tcp_client_py)" "$PORT" "$TEST_DIR/cports"
    CLIENT=$BG_PID
    wait_until 20 test -s "$TEST_DIR/cports"
    read -r CPORT1 CPORT2 <"$TEST_DIR/cports"
    # The 100 bytes are in the accepted connection's receive queue.
    wait_until 20 bash -c "ss -H -n -t state established '( sport = :$PORT )' | awk '\$1 == 100' | grep -q ."
}

# ss_fields SS-ARGS...: "ADDR STATE RECVQ SENDQ" of each socket ss lists
# (with its state column), in our address syntax, sorted.
ss_fields() {
    ss -H -n "$@" | awk '{ print "tcp:" $5, $1, $2, $3 }' | sort
}

@test "ls RECVQ, SENDQ and STATE of a TCP listener and its connections are those of ss: the accept queue and backlog, the unread bytes" {
    start_tcp_pair
    # ss names states ESTAB and LISTEN as we do; -t -a gives every state.
    # Its fields: Netid? no (-t alone): State Recv-Q Send-Q Local Peer.
    local want
    want=$(ss -H -n -t -a "( sport = :$PORT )" | awk '{ print "tcp:" $4, $1, $2, $3 }' | sort)
    [ -n "$want" ]
    run -0 ipc-sock ls -r -n -o ADDR,STATE,RECVQ,SENDQ "tcp:127.0.0.1:$PORT"
    assert_equal "$(awk -v a="tcp:127.0.0.1:$PORT" '$1 == a' <<<"$output" | sort)" "$want"
    # What ss says, spelled out: 1 connection waiting for accept, a
    # backlog of 7; 100 bytes unread on the accepted connection.
    assert_line "tcp:127.0.0.1:$PORT LISTEN 1 7"
    assert_line "tcp:127.0.0.1:$PORT ESTAB 100 0"
    run -0 ipc-sock stat -o RECVQ,SENDQ -n "tcp:127.0.0.1:$PORT"
    assert_output "1
7"
    run -0 ipc-sock ls -J -o ADDR,STATE,RECVQ,SENDQ --state LISTEN "tcp:127.0.0.1:$PORT"
    assert_output --partial '"recvq": 1,'
    assert_output --partial '"sendq": 7'
}

@test "ls RECVQ and SENDQ of Unix sockets are those of ss -x: a listener's backlog, unread bytes" {
    bg python3 -c 'import socket, sys, time
l = socket.socket(socket.AF_UNIX); l.bind(sys.argv[1]); l.listen(5)
c = socket.socket(socket.AF_UNIX); c.connect(sys.argv[1])
a, _ = l.accept(); c.sendall(b"y" * 42)
c2 = socket.socket(socket.AF_UNIX); c2.connect(sys.argv[1])
open(sys.argv[1] + ".up", "w").close()
time.sleep(300)' "$S"
    wait_until 20 test -e "$S.up"
    # ss -x fields: Netid State Recv-Q Send-Q Local Port Peer Port.
    local want
    want=$(ss -H -n -x -a | awk -v p="$S" '$5 == p { print $2, $3, $4, $6 }' | sort)
    [ "$(wc -l <<<"$want")" = 2 ]
    run -0 ipc-sock ls -r -n -o STATE,RECVQ,SENDQ,INODE "unix:$S"
    assert_equal "$(sort <<<"$output")" "$want"
    assert_line --regexp "^LISTEN 1 5 [0-9]+$"
    assert_line --regexp "^ESTAB 42 0 [0-9]+$"
}

@test "ls OWNER and UID: the user who made the socket, as ss -e tells" {
    start_tcp_pair
    listen_bg "unix:$S" --exec -- sleep 300
    run -0 ipc-sock ls -r -n -o ADDR,STATE,OWNER,UID --state listen "tcp:127.0.0.1:$PORT" "unix:$S"
    assert_line "tcp:127.0.0.1:$PORT LISTEN $IPC_TEST_USER $(id -u)"
    assert_line "unix:$S LISTEN $IPC_TEST_USER $(id -u)"
    # ss -e: "uid:N" among the details of the TCP listener, left out
    # when N is 0.
    run -0 ss -H -n -t -e -l "( sport = :$PORT )"
    if [ "$(id -u)" = 0 ]; then
        refute_output --partial "uid:"
    else
        assert_output --partial "uid:$(id -u) "
    fi
}

@test "ls OWNER of a socket of another user (root)" {
    need_root "making a socket as another user (setpriv)"
    local uid=65534
    bg setpriv --reuid=$uid --regid=$uid --clear-groups /usr/bin/python3 -c 'import socket, sys, time
s = socket.socket(socket.AF_UNIX); s.bind("\0" + sys.argv[1]); s.listen(1); time.sleep(300)' "$ABS"
    wait_until 20 bash -c "ipc-sock ls -r -n -o ADDR '@$ABS' | grep -q ."
    run -0 ipc-sock ls -r -n -o ADDR,OWNER,UID "@$ABS"
    assert_output "abstract:$ABS $(id -nu $uid 2>/dev/null || echo $uid) $uid"
}

@test "ls PEER of a loopback TCP connection is the process at the other end, as ss -p shows both ends" {
    # Its output shows processes: exact only where every one can be read.
    need_exact_lists
    start_tcp_pair
    run -0 ipc-sock ls -r -n -o ADDR,PID,PEER,REMOTE "tcp:127.0.0.1:$CPORT1" "tcp:127.0.0.1:$PORT"
    # The client's end: its peer is the server process; the server's
    # accepted end: its peer is the client process.
    assert_line "tcp:127.0.0.1:$CPORT1 $CLIENT $SERVER:python3 tcp:127.0.0.1:$PORT"
    assert_line "tcp:127.0.0.1:$PORT $SERVER $CLIENT:python3 tcp:127.0.0.1:$CPORT1"
    # The same pairs from ss -p: the process of each end, by its pid=.
    local ss_server ss_client
    ss_server=$(ss -H -n -t -p state established "( sport = :$PORT and dport = :$CPORT1 )" | grep -o 'pid=[0-9]*')
    ss_client=$(ss -H -n -t -p state established "( sport = :$CPORT1 )" | grep -o 'pid=[0-9]*')
    assert_equal "$ss_server" "pid=$SERVER"
    assert_equal "$ss_client" "pid=$CLIENT"
    # The connection still in the accept queue is no process's: the
    # client's end names the remote address.
    run -0 ipc-sock ls -r -n -o ADDR,PEER "tcp:127.0.0.1:$CPORT2"
    assert_output "tcp:127.0.0.1:$CPORT2 tcp:127.0.0.1:$PORT"
    run -0 ipc-sock ls -J -o ADDR,PEERINODE "tcp:127.0.0.1:$CPORT1"
    assert_output --regexp '"peerinode": [0-9]+'
}

@test "stat ADDR of a TCP listener lists its connections and the client processes; ls names them with -o" {
    start_tcp_pair
    run -0 ipc-sock stat "tcp:127.0.0.1:$PORT"
    # Both: the accepted one and the one in the queue, as ss shows them.
    local want
    want=$(ss -H -n -t state established "( sport = :$PORT )" | awk '{ print "tcp:" $4 }' | sort | paste -sd,)
    assert_equal "$want" "tcp:127.0.0.1:$CPORT1,tcp:127.0.0.1:$CPORT2"
    run -0 ipc-sock stat -o CONNECTIONS -n "tcp:127.0.0.1:$PORT"
    assert_equal "$(tr , '\n' <<<"$output" | sort | paste -sd,)" "$want"
    run -0 ipc-sock stat -o CLIENTS -n "tcp:127.0.0.1:$PORT"
    assert_output "$CLIENT:python3"
    run -0 ipc-sock stat -J -o ADDR,CONNECTIONS "tcp:127.0.0.1:$PORT"
    assert_output --partial "\"tcp:127.0.0.1:$CPORT1\""
    assert_output --partial "\"tcp:127.0.0.1:$CPORT2\""
    run -0 ipc-sock ls -r -n -o ADDR,CONNECTIONS --state LISTEN "tcp:127.0.0.1:$PORT"
    assert_output --regexp "^tcp:127.0.0.1:$PORT tcp:127.0.0.1:[0-9]+,tcp:127.0.0.1:[0-9]+$"
    # A connection is not a listener: no CONNECTIONS of its own.
    run -0 ipc-sock ls -r -n -o ADDR,CONNECTIONS "tcp:127.0.0.1:$CPORT1"
    assert_output "tcp:127.0.0.1:$CPORT1 "
}

@test "stat unix:PATH of a listener lists the server's end of each connection, whose PEER is the client" {
    # Its output shows processes: exact only where every one can be read.
    need_exact_lists
    listen_bg "unix:$S" --fork --exec -- sleep 300
    bg python3 -c 'import socket, sys, time
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); time.sleep(300)' "$S"
    local client=$BG_PID
    wait_until 20 bash -c "ipc-sock stat -o CLIENTS -n 'unix:$S' | grep -q ."
    run -0 ipc-sock stat -o CLIENTS -n "unix:$S"
    assert_output "$client:python3"
    # The server's end, from ss -x: the ESTAB socket at the path.
    local inode
    inode=$(ss -H -n -x -a | awk -v p="$S" '$5 == p && $2 == "ESTAB" { print $6 }')
    [ -n "$inode" ]
    run -0 ipc-sock stat -o CONNECTIONS -n "unix:$S"
    assert_output "socket:[$inode]"
    run -0 ipc-sock ls -r -n -o INODE,PEER "unix:$S"
    assert_line "$inode $client:python3"
}

@test "ls -l, --type, --state and ADDR-PREFIX select as ss -l, -t, state and the address do" {
    start_tcp_pair
    bg ipc-sock recv "udp:127.0.0.1:0" -t 300 --ready fd:3 3>"$TEST_DIR/udp"
    wait_until 20 grep -q . "$TEST_DIR/udp"
    local udp
    udp=$(head -n 1 "$TEST_DIR/udp")
    listen_bg "unix:$S" --exec -- sleep 300
    # -l: LISTEN and UNCONN, as ss -l.
    run -0 ipc-sock ls -r -n -o ADDR,TYPE,STATE -l "tcp:127.0.0.1:$PORT" "$udp" "unix:$S" "tcp:127.0.0.1:$CPORT1"
    assert_equal "$(sort <<<"$output")" "$(sort <<<"tcp:127.0.0.1:$PORT tcp LISTEN
$udp udp UNCONN
unix:$S unix LISTEN")"
    ss -H -n -l -t "( sport = :$PORT )" | grep -q LISTEN
    ss -H -n -l -u "( sport = :${udp##*:} )" | grep -q UNCONN
    [ -z "$(ss -H -n -l -t "( sport = :$CPORT1 )")" ]
    # --type, exact and comma-separated; --state, any case, repeatable.
    run -0 ipc-sock ls -r -n -o ADDR --type udp "tcp:127.0.0.1:$PORT" "$udp"
    assert_output "$udp"
    run -0 ipc-sock ls -r -n -o ADDR --type udp6,tcp --state listen --state UNCONN "tcp:127.0.0.1:$PORT" "$udp"
    assert_output "tcp:127.0.0.1:$PORT"
    run -0 ipc-sock ls -r -n -o ADDR,STATE --state estab "tcp:127.0.0.1:$CPORT1"
    assert_output "tcp:127.0.0.1:$CPORT1 ESTAB"
    run -0 ipc-sock ls -r -n -o ADDR --type unix "unix:$TEST_DIR/"
    assert_output "unix:$S"
    # @NAME is abstract:NAME, as in an address.
    listen_bg "@$ABS" --exec -- sleep 300
    run -0 ipc-sock ls -r -n -o ADDR,STATE "@$ABS" "abstract:$ABS"
    assert_output "abstract:$ABS LISTEN"
    # A prefix that nothing has: an empty listing, status 0.
    run -0 ipc-sock ls -r -n "unix:$TEST_DIR/none"
    assert_output ""
    run -2 ipc-sock ls --type tcp4
    assert_line --index 0 "ipc-sock: invalid --type argument 'tcp4'"
    run -2 ipc-sock ls --state LISTENING
    assert_line --index 0 "ipc-sock: invalid --state argument 'LISTENING'"
    run -2 ipc-sock ls --type ,
    assert_line --index 0 "ipc-sock: invalid --type argument ','"
}

@test "ls and stat as a user who cannot read the root listener: PIDS ?, null, one line on stderr, status 0; as root exact" {
    need_root "setpriv to user nobody"
    command -v setpriv >/dev/null || skip "no setpriv"
    local nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    local a=abstract:ipc-sock-test-$$-$BATS_TEST_NUMBER
    listen_bg "$a" --exec -- true
    run -0 --separate-stderr ipc-sock stat -o ADDR,PIDS "$a"
    assert_output "ADDR: $a
PIDS: $LISTENER:ipc-sock"
    assert_equal "$stderr" ""
    run -0 --separate-stderr "${nobody[@]}" ipc-sock stat -o ADDR,PIDS "$a"
    assert_output "ADDR: $a
PIDS: ?"
    assert_regex "$stderr" '^ipc-sock: PIDS is partial: [1-9][0-9]* process(es)? could not be read; run as root$'
    run -0 --separate-stderr "${nobody[@]}" ipc-sock stat -J -o PIDS,PID,COMMAND "$a"
    assert_output '{
   "pids": null,
   "pid": null,
   "command": null
}'
    assert_regex "$stderr" '^ipc-sock: PIDS, PID and COMMAND are partial: '
    run -0 --separate-stderr "${nobody[@]}" ipc-sock ls -r -n -o ADDR,STATE
    assert_line "$a LISTEN"
    assert_equal "$stderr" ""
}

#!/usr/bin/env bats
# ipc-mq call and serve: synchronous IPC over POSIX and System V queues
# (SPEC 6), against themselves, ipcmk(1) queues and python3 peers that
# follow the envelope (ctypes for POSIX, sysv_ipc for System V).

bats_require_minimum_version 1.5.0
load common

export LC_ALL=C

setup() {
    common_setup
    Q=/ipc-mq-rpc-$$-$BATS_TEST_NUMBER
    KEY=$(( 0x6e000000 + ($$ % 4096) * 4096 + BATS_TEST_NUMBER * 16 ))
}

teardown() {
    local pid
    for pid in "${BG_PIDS[@]}"; do
        kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    done
    ipc-mq rm "$Q" 2>/dev/null || true
    ipcrm -Q "$KEY" 2>/dev/null || true
    local id
    if [ -f "$TEST_DIR/ids" ]; then
        while read -r id; do ipcrm -q "$id" 2>/dev/null || true; done < "$TEST_DIR/ids"
    fi
    if [ -n "${CALLERS:-}" ] && mqueue_mounted; then
        for pid in $CALLERS; do rm -f /dev/mqueue/ipc-mq-call."$pid".*; done
    fi
    common_teardown
}

key() { printf 'key:0x%08x' "$KEY"; }

# queue KIND: make this test's queue of KIND (posix; sysv: made by
# ipcmk -Q, removed by teardown) and print its address.
queue() {
    if [ "$1" = posix ]; then
        ipc-mq create "$Q" >&2
        echo "$Q"
    else
        local id
        id=$(ipcmk -Q | sed -n 's/^Message queue id: //p')
        echo "$id" >> "$TEST_DIR/ids"
        echo "id:$id"
    fi
}

# unqueue ADDR: remove the queue that queue made.
unqueue() {
    if [ "${1#id:}" = "$1" ]; then ipc-mq rm "$1"; else ipcrm -q "${1#id:}"; fi
}

# serve_bg ARG...: start 'ipc-mq serve ARG...' in the background, its
# stderr in $TEST_DIR/serve.err; $SERVER is its PID.
serve_bg() {
    bg ipc-mq serve "$@" 2>"$TEST_DIR/serve.err"
    SERVER=$BG_PID
}

# call_bg ARG...: start 'ipc-mq call ARG...' in the background, as itself
# (no shell in between, so that its PID names its reply queue), output in
# $TEST_DIR/call.out; $CALLER is its PID.
call_bg() {
    ipc-mq call "$@" >"$TEST_DIR/call.out" 2>"$TEST_DIR/call.err" &
    CALLER=$!
    CALLERS="${CALLERS:-} $CALLER"
}

# reply_queues PID: how many reply queues of caller PID exist.
reply_queues() {
    find /dev/mqueue -name "ipc-mq-call.$1.*" | wc -l
}

# has_reply_queue PID: caller PID has made its reply queue.
has_reply_queue() { [ "$(reply_queues "$1")" = 1 ]; }

# wait_status PID: wait for PID and set $status to its exit status.
wait_status() {
    status=0
    wait "$1" || status=$?
}

# sysv_python: a python3 that has sysv_ipc (Debian's python3-sysv-ipc),
# which a python3 of pyenv or a virtualenv first on PATH may lack.
sysv_python() {
    if python3 -c 'import sysv_ipc' 2>/dev/null; then
        command -v python3
    else
        echo /usr/bin/python3
    fi
}

# posix_mq_py: a python module of POSIX queue calls through ctypes.
posix_mq_py() {
    cat > "$TEST_DIR/posix_mq.py" <<'EOF'
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
class Attr(ctypes.Structure):
    _fields_ = [("flags", ctypes.c_long), ("maxmsg", ctypes.c_long),
                ("msgsize", ctypes.c_long), ("curmsgs", ctypes.c_long),
                ("reserved", ctypes.c_long * 4)]
def check(r):
    if r < 0:
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e))
    return r
def open_(name, flags, mode=0o600, maxmsg=0, msgsize=0):
    attr = Attr(0, maxmsg, msgsize, 0) if maxmsg else None
    return check(libc.mq_open(name.encode(), flags, mode,
                              ctypes.byref(attr) if attr else None))
def send(fd, data):
    check(libc.mq_send(fd, data, len(data), 0))
def receive(fd):
    attr = Attr()
    check(libc.mq_getattr(fd, ctypes.byref(attr)))
    buf = ctypes.create_string_buffer(attr.msgsize)
    n = check(libc.mq_receive(fd, buf, ctypes.c_size_t(attr.msgsize), None))
    return buf.raw[:n]
def unlink(name):
    check(libc.mq_unlink(name.encode()))
EOF
}

@test "call and serve: the reply's body as it is, and its status (POSIX and System V)" {
    local kind q
    for kind in posix sysv; do
        q=$(queue $kind)
        serve_bg "$q" -c 4 -- sh -c 'tr a-z A-Z; exit 3'
        run -3 ipc-mq call "$q" "hello"
        assert_output "HELLO"
        run -3 bash -c 'printf "two\nlines\n" | ipc-mq call "$1"' _ "$q"
        assert_output "$(printf 'TWO\nLINES')"
        run -3 ipc-mq call "$q" ""
        assert_output ""
        run -3 ipc-mq call -t 20 "$q" "no newline is added"
        [ "${#output}" -eq 19 ]
        wait_status "$SERVER"
        assert_equal "$status" 0
        unqueue "$q"
    done
}

@test "call: statuses as timeout(1) gives them: 0, 1, 128+N for a signal, 127 not found, 126 not executable" {
    local kind q
    printf 'echo no shebang line' > "$TEST_DIR/noexec"
    for kind in posix sysv; do
        q=$(queue $kind)
        serve_bg "$q" -- sh -c 'read -r cmd; eval "$cmd"'
        run -0 ipc-mq call "$q" 'echo fine'
        assert_output "fine"
        run -1 ipc-mq call "$q" 'false'
        run -138 ipc-mq call "$q" 'kill -USR1 $$'
        run -255 ipc-mq call "$q" 'exit 255'
        kill "$SERVER"; wait_status "$SERVER"
        assert_equal "$status" 143

        serve_bg "$q" -- "no-such-command-$$"
        run -127 --separate-stderr ipc-mq call "$q" x
        assert_output ""
        kill "$SERVER"; wait_status "$SERVER"
        assert_equal "$status" 143
        run cat "$TEST_DIR/serve.err"
        assert_output "ipc-mq: cannot run 'no-such-command-$$' (status 127 sent): No such file or directory"

        serve_bg "$q" -- "$TEST_DIR/noexec"
        run -126 ipc-mq call "$q" x
        kill "$SERVER"; wait_status "$SERVER"
        unqueue "$q"
    done
}

@test "any bytes round-trip exactly in requests and replies (POSIX and System V)" {
    local kind q
    python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(256)) * 8 + b"\n\0\n")' > "$TEST_DIR/bin"
    for kind in posix sysv; do
        q=$(queue $kind)
        serve_bg "$q" -c 2 -- cat
        ipc-mq call "$q" < "$TEST_DIR/bin" > "$TEST_DIR/out"
        cmp "$TEST_DIR/bin" "$TEST_DIR/out"
        printf '\0' | ipc-mq call "$q" > "$TEST_DIR/out"
        printf '\0' | cmp - "$TEST_DIR/out"
        wait_status "$SERVER"
        assert_equal "$status" 0
        unqueue "$q"
    done
}

@test "4 callers x 25 calls against serve -j 2: each caller receives exactly its own replies (POSIX and System V)" {
    local kind q c i
    for kind in posix sysv; do
        q=$(queue $kind)
        serve_bg "$q" -j 2 -c 100 -- sh -c 'printf "reply to "; cat'
        for c in 1 2 3 4; do
            bash -c 'for i in $(seq 25); do
                         out=$(ipc-mq call -t 60 "$1" "caller $2 call $i") || exit 1
                         [ "$out" = "reply to caller $2 call $i" ] || { echo "caller $2 got: $out"; exit 1; }
                     done' _ "$q" $c > "$TEST_DIR/caller$c" 2>&1 &
            eval "pid$c=\$!"
        done
        for c in 1 2 3 4; do
            eval "wait_status \$pid$c"
            [ "$status" -eq 0 ] || fail "caller $c ($kind): $(cat "$TEST_DIR/caller$c")"
        done
        wait_status "$SERVER"
        assert_equal "$status" 0
        if [ $kind = posix ]; then
            ipc-mq rm "$q"
        else
            run -0 ipc-mq stat -o MSGS -n "$q"
            assert_output 0
            unqueue "$q"
        fi
    done
}

@test "serve -j 2 runs two commands at once" {
    q=$(queue posix)
    serve_bg "$q" -j 2 -c 2 -- sh -c 'cat >/dev/null; sleep 1; echo done'
    elapsed_ms bash -c 'ipc-mq call "$1" a & ipc-mq call "$1" b & wait' _ "$q"
    [ "$ELAPSED_MS" -lt 1900 ] || fail "two 1 s commands took ${ELAPSED_MS} ms"
    wait_status "$SERVER"
    assert_equal "$status" 0
}

@test "serve -c N ends after N requests; -t is an idle limit (0 if any came, 124 if none)" {
    local kind q
    for kind in posix sysv; do
        q=$(queue $kind)
        serve_bg "$q" -c 2 -- cat
        run -0 ipc-mq call "$q" one
        run -0 ipc-mq call "$q" two
        wait_status "$SERVER"
        assert_equal "$status" 0
        run -124 ipc-mq call -t 0.3 "$q" three

        elapsed_ms ipc-mq serve -t 0.3 "$q" -- cat
        # the request of the call that timed out is taken and dropped
        assert_equal "$status" 0
        elapsed_ms ipc-mq serve -t 0.3 "$q" -- cat
        assert_equal "$status" 124
        [ "$ELAPSED_MS" -ge 300 ] && [ "$ELAPSED_MS" -lt 5000 ]
        unqueue "$q"
    done
}

@test "call -t and -n: 124 in bounded time, no reply queue left" {
    need_mqueue
    q=$(queue posix)
    call_bg -t 0.3 "$q" nobody
    elapsed_ms wait_status "$CALLER"
    assert_equal "$status" 124
    [ "$ELAPSED_MS" -lt 5000 ]
    assert_equal "$(reply_queues "$CALLER")" 0
    call_bg -n "$q" nobody
    wait_status "$CALLER"
    assert_equal "$status" 124
    assert_equal "$(reply_queues "$CALLER")" 0
    # the System V kind times out the same
    elapsed_ms ipc-mq call -t 0.3 "$(queue sysv)" nobody
    assert_equal "$status" 124
    [ "$ELAPSED_MS" -lt 5000 ]
}

@test "call ended by SIGTERM, SIGINT, SIGHUP or SIGPIPE leaves no reply queue and dies of the signal" {
    need_mqueue
    local sig num
    q=$(queue posix)
    for sig in TERM INT HUP PIPE; do
        num=$(kill -l "$sig")
        # A caller that does not ignore SIGINT (bash starts a background
        # job with it ignored, and a shell cannot undo that) nor SIGPIPE
        # (python ignores it).
        python3 -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
signal.signal(signal.SIGPIPE, signal.SIG_DFL)
os.execvp("ipc-mq", ["ipc-mq", "call", sys.argv[1], "wait"])' "$q" &
        CALLER=$!
        CALLERS="${CALLERS:-} $CALLER"
        wait_until 10 has_reply_queue "$CALLER"
        kill -"$sig" "$CALLER"
        wait_status "$CALLER"
        assert_equal "$status" $((128 + num))
        assert_equal "$(reply_queues "$CALLER")" 0
    done
}

@test "a caller that timed out does not break the server: its reply is dropped, said once, counted" {
    need_mqueue
    q=$(queue posix)
    serve_bg "$q" -c 4 -- sh -c 'read -r d; sleep "$d"; echo "slept $d"'
    run -124 ipc-mq call -t 0.2 "$q" 1
    run -124 ipc-mq call -t 0.2 "$q" 1
    run -0 ipc-mq call -t 30 "$q" 0
    assert_output "slept 0"
    run -0 ipc-mq call -t 30 "$q" 0
    wait_status "$SERVER"
    assert_equal "$status" 0
    run cat "$TEST_DIR/serve.err"
    assert_line --index 0 --regexp "^ipc-mq: the caller of a request is gone \('/ipc-mq-call\.[0-9]+\.[0-9a-f]{8}'\), its reply dropped; such replies are only counted from now on$"
    assert_line --index 1 "ipc-mq: 2 replies were dropped in all: their callers were gone"
    assert_equal "${#lines[@]}" 2

    # System V: the caller's PID is gone, the reply is not left in the queue
    q=$(queue sysv)
    serve_bg "$q" -c 2 -- sh -c 'read -r d; sleep "$d"; echo "slept $d"'
    run -124 ipc-mq call -t 0.2 "$q" 1
    run -0 ipc-mq call -t 30 "$q" 0
    assert_output "slept 0"
    wait_status "$SERVER"
    run -0 ipc-mq stat -o MSGS -n "$q"
    assert_output 0
}

@test "serve ends at a stop signal once the requests it took are answered: 125 for a command that did not finish" {
    local kind q
    for kind in posix sysv; do
        q=$(queue $kind)
        rm -f "$TEST_DIR"/started.*
        serve_bg "$q" -j 2 -- sh -c 'read -r how; if [ "$how" = trap ]; then trap "echo finished; exit 4" TERM; fi; mktemp "$TEST_DIR/started.XXXXXX" >/dev/null; sleep 30 & wait'
        call_bg -t 30 "$q" plain
        local plain=$CALLER
        ipc-mq call -t 30 "$q" trap > "$TEST_DIR/trap.out" &
        local trapper=$!
        # both commands run, a worker each
        wait_until 20 bash -c '[ "$(ls "$TEST_DIR" | grep -c "^started\.")" -ge 2 ]'
        kill -TERM "$SERVER"
        wait_status "$plain"
        assert_equal "$status" 125
        wait_status "$trapper"
        assert_equal "$status" 4
        assert_equal "$(cat "$TEST_DIR/trap.out")" "finished"
        wait_status "$SERVER"
        assert_equal "$status" 143
        unqueue "$q"
    done
}

@test "call to a full queue: 124 with -t or -n, the queue unchanged, no reply queue left" {
    need_mqueue
    ipc-mq create --maxmsg 1 "$Q"
    ipc-mq send "$Q" filler
    call_bg -t 0.3 "$Q" request
    wait_status "$CALLER"
    assert_equal "$status" 124
    assert_equal "$(reply_queues "$CALLER")" 0
    call_bg -n "$Q" request
    wait_status "$CALLER"
    assert_equal "$status" 124
    assert_equal "$(reply_queues "$CALLER")" 0
    run -0 ipc-mq recv -c 1 -n "$Q"
    assert_output filler
    run -124 ipc-mq recv -n "$Q"
}

@test "a body too large is refused before anything is sent, naming msgsize or msgmax" {
    ipc-mq create --msgsize 64 "$Q"
    local head=$(( ${#Q} ))
    run -1 ipc-mq call "$Q" "$(printf '%070d' 0)"
    assert_output --regexp "^ipc-mq: the request is longer than '$Q' takes: its msgsize is 64 bytes, [0-9]+ of them for the envelope; nothing was sent$"
    run -1 bash -c 'printf "%070d" 0 | ipc-mq call "$1"' _ "$Q"
    assert_output --partial "its msgsize is 64 bytes"
    run -124 ipc-mq recv -n "$Q"
    [ "$head" -gt 0 ]

    ipc-mq create --maxmsg 1 --msgsize 100 "$(key)"
    run -1 ipc-mq call "$(key)" "$(printf '%0100d' 0)"
    assert_output --regexp "^ipc-mq: the request is longer than '$(key)' takes: kernel.msgmax or its msg_qbytes is 100 bytes, [0-9]+ of them for the envelope; nothing was sent$"
    run -0 ipc-mq stat -o MSGS -n "$(key)"
    assert_output 0
}

@test "an output too large for a reply: status 125, no body, and serve says so naming the limit" {
    local kind q
    for kind in posix sysv; do
        if [ $kind = posix ]; then
            ipc-mq create --msgsize 128 "$Q"; q=$Q
        else
            ipc-mq create --maxmsg 1 --msgsize 128 "$(key)"; q=$(key)
        fi
        serve_bg "$q" -c 3 -- sh -c 'head -c "$(cat)" /dev/zero | tr "\0" x'
        run -125 ipc-mq call "$q" 100000
        assert_output ""
        # "0\n" and 126 bytes fill the 128 of a message
        run -0 ipc-mq call "$q" 126
        assert_output "$(printf '%0126d' 0 | tr 0 x)"
        run -125 ipc-mq call "$q" 127
        assert_output ""
        wait_status "$SERVER"
        assert_equal "$status" 0
        run cat "$TEST_DIR/serve.err"
        assert_equal "${#lines[@]}" 2
        if [ $kind = posix ]; then
            assert_line --index 0 --regexp "^ipc-mq: the output for '/ipc-mq-call\.[0-9]+\.[0-9a-f]{8}' does not fit a reply \(the msgsize of the reply queue: 128 bytes, the status line included\); status 125 sent$"
            ipc-mq rm "$q"
        else
            assert_line --index 0 --regexp "^ipc-mq: the output for 'PID [0-9]+' does not fit a reply \(kernel.msgmax or the queue's msg_qbytes: 128 bytes, the status line included\); status 125 sent$"
            ipc-mq rm "$q"
        fi
    done
}

@test "python3 client and server that follow the envelope: POSIX (ctypes)" {
    posix_mq_py
    ipc-mq create "$Q"
    # python server, ipc-mq call
    bg env PYTHONPATH="$TEST_DIR" python3 -c 'import os, sys, posix_mq as mq
s = mq.open_(sys.argv[1], os.O_RDONLY)
for _ in range(2):
    to, body = mq.receive(s).split(b"\n", 1)
    r = mq.open_(to.decode(), os.O_WRONLY)
    mq.send(r, b"5\n" + body[::-1])
    os.close(r)' "$Q"
    SERVER=$BG_PID
    run -5 ipc-mq call -t 30 "$Q" "abc"
    assert_output "cba"
    printf 'x\0\377' | ipc-mq call -t 30 "$Q" > "$TEST_DIR/out" || [ $? = 5 ]
    printf '\377\0x' | cmp - "$TEST_DIR/out"
    wait_status "$SERVER"
    assert_equal "$status" 0

    # ipc-mq serve, python client
    serve_bg "$Q" -c 1 -- sh -c 'tr a-z A-Z; exit 6'
    run -0 env PYTHONPATH="$TEST_DIR" python3 -c 'import os, sys, posix_mq as mq
name = "/ipc-mq-rpc-py-%d" % os.getpid()
r = mq.open_(name, os.O_RDONLY | os.O_CREAT | os.O_EXCL, 0o600, 1, 8192)
try:
    s = mq.open_(sys.argv[1], os.O_WRONLY)
    mq.send(s, name.encode() + b"\n" + b"from python\0")
    status, body = mq.receive(r).split(b"\n", 1)
finally:
    mq.unlink(name)
print(int(status), repr(body))' "$Q"
    assert_output "6 b'FROM PYTHON\\x00'"
    wait_status "$SERVER"
    assert_equal "$status" 0
}

@test "python3 client and server that follow the envelope: System V (sysv_ipc)" {
    ipc-mq create "$(key)"
    local py
    py=$(sysv_python)
    bg "$py" -c 'import sys, sysv_ipc
q = sysv_ipc.MessageQueue(int(sys.argv[1]))
for _ in range(2):
    msg, _ = q.receive(type=1)
    pid, body = msg.split(b"\n", 1)
    q.send(b"9\n" + body[::-1], type=int(pid))' "$KEY"
    SERVER=$BG_PID
    run -9 ipc-mq call -t 30 "$(key)" "abc"
    assert_output "cba"
    printf 'x\0\377' | ipc-mq call -t 30 "$(key)" > "$TEST_DIR/out" || [ $? = 9 ]
    printf '\377\0x' | cmp - "$TEST_DIR/out"
    wait_status "$SERVER"
    assert_equal "$status" 0

    serve_bg "$(key)" -c 1 -- sh -c 'tr a-z A-Z; exit 6'
    run -0 "$py" -c 'import os, sys, sysv_ipc
q = sysv_ipc.MessageQueue(int(sys.argv[1]))
q.send(b"%d\n" % os.getpid() + b"from python\0", type=1)
msg, t = q.receive(type=os.getpid())
status, body = msg.split(b"\n", 1)
print(t == os.getpid(), int(status), repr(body))' "$KEY"
    assert_output "True 6 b'FROM PYTHON\\x00'"
    wait_status "$SERVER"
    assert_equal "$status" 0
}

@test "serve drops a message that is not a request, says so, and goes on" {
    q=$(queue posix)
    ipc-mq send "$q" "no newline here"
    serve_bg "$q" -c 1 -- cat
    run -0 ipc-mq call -t 30 "$q" ok
    assert_output ok
    wait_status "$SERVER"
    run cat "$TEST_DIR/serve.err"
    assert_output "ipc-mq: a message of 15 bytes in '$q' is not a request (REPLYQUEUE, a newline, the body); dropped"
}

@test "the reply queue is 0600 whatever the umask, or --mode" {
    need_mqueue
    q=$(queue posix)
    ( umask 000; ipc-mq call "$q" x >/dev/null & echo $! > "$TEST_DIR/pid"; wait ) &
    local sub=$!
    wait_until 10 test -s "$TEST_DIR/pid"
    CALLER=$(cat "$TEST_DIR/pid"); CALLERS=$CALLER
    wait_until 10 has_reply_queue "$CALLER"
    run stat -c %a /dev/mqueue/ipc-mq-call."$CALLER".*
    assert_output 600
    kill "$CALLER"; wait "$sub" || true
    call_bg --mode 0622 "$q" x
    wait_until 10 has_reply_queue "$CALLER"
    run stat -c %a /dev/mqueue/ipc-mq-call."$CALLER".*
    assert_output 622
    kill "$CALLER"; wait_status "$CALLER"
    assert_equal "$status" 143
}

@test "usage errors: call 2 (--mode on System V too), serve 125 (no command)" {
    run -2 --separate-stderr ipc-mq call "$Q" a b
    run -2 --separate-stderr ipc-mq call "$(key)" --mode 0600 a
    assert_equal "${stderr_lines[0]}" "ipc-mq: --mode applies to POSIX queues; '$(key)' is System V (its replies come on the queue itself)"
    run -125 --separate-stderr ipc-mq serve "$Q"
    run -125 --separate-stderr ipc-mq serve -j 0 "$Q" -- cat
    run -1 --separate-stderr ipc-mq call "$Q" x
    assert_equal "$stderr" "ipc-mq: cannot open '$Q': No such file or directory"
    run -125 --separate-stderr ipc-mq serve "$Q" -- cat
    assert_equal "$stderr" "ipc-mq: cannot open '$Q': No such file or directory"
}

@test "examples/rpc.sh runs" {
    run -0 bash "$IPC_TOP_SRCDIR/examples/rpc.sh"
}

# man_python KIND: the python client and server of the man page's envelope
# section for KIND (posix, sysv), as python text: $TEST_DIR/KIND-client.py
# and $TEST_DIR/KIND-server.py.
man_python() {
    local kind=$1
    sed -e 's/\\-/-/g' -e 's/\\e/\\/g' "$IPC_TOP_SRCDIR/man/ipc-mq.x" \
    | awk -v kind="$kind" '
        /^\.RS$/ { inside = 1; text = ""; next }
        /^\.RE$/ { inside = 0
                   if ((kind == "posix" && text ~ /^import ctypes/) ||
                       (kind == "sysv" && text ~ /^import os, sysv_ipc/)) print text
                   next }
        inside { text = text $0 "\n" }' > "$TEST_DIR/$kind.py"
    python3 - "$TEST_DIR/$kind.py" "$TEST_DIR/$kind" <<'EOF'
import sys
src = open(sys.argv[1]).read()
head, rest = src.split("# client")
client, server = rest.split("# server")
open(sys.argv[2] + "-client.py", "w").write(head + client + "print(int(status), repr(body))\n")
open(sys.argv[2] + "-server.py", "w").write(head + server)
EOF
}

@test "the python client and server of the man page follow the envelope (POSIX and System V)" {
    man_python posix
    [ -s "$TEST_DIR/posix-server.py" ] || fail "no POSIX python in man/ipc-mq.x"
    # The snippets use /svc: a name of this test instead.
    sed -i "s|b\"/svc\"|b\"$Q\"|" "$TEST_DIR"/posix-*.py
    ipc-mq create "$Q"
    serve_bg "$Q" -c 1 -- sh -c 'tr a-z A-Z; exit 3'
    run -0 timeout 30 python3 "$TEST_DIR/posix-client.py"
    assert_output "3 b'THE BODY'"
    wait_status "$SERVER"
    assert_equal "$status" 0
    bg timeout 30 python3 "$TEST_DIR/posix-server.py"
    run -0 ipc-mq call -t 30 "$Q" "abc"
    assert_output "ABC"

    man_python sysv
    [ -s "$TEST_DIR/sysv-server.py" ] || fail "no System V python in man/ipc-mq.x"
    sed -i "s|KEY|$KEY|" "$TEST_DIR"/sysv-*.py
    ipc-mq create "$(key)"
    local py
    py=$(sysv_python)
    serve_bg "$(key)" -c 1 -- sh -c 'tr a-z A-Z; exit 3'
    run -0 timeout 30 "$py" "$TEST_DIR/sysv-client.py"
    assert_output "3 b'THE BODY'"
    wait_status "$SERVER"
    assert_equal "$status" 0
    bg timeout 30 "$py" "$TEST_DIR/sysv-server.py"
    run -0 ipc-mq call -t 30 "$(key)" "abc"
    assert_output "ABC"
}

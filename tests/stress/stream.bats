#!/usr/bin/env bats
# Stress: 256 MiB (small) or 8 GiB (full) through ipc-pipe copy, and
# through ipc-sock listen and connect over a Unix and a TCP socket, while
# another process sends SIGWINCH, SIGCHLD and SIGHUP to every process of
# the relay in a tight loop: the SHA-256 that comes out is the one that
# went in.  SIGHUP comes "with a trap": the relays start with HUP
# ignored, as under nohup or a shell's trap '' HUP (set in the test's
# shell around the fork: a trap of the child's own would come after the
# first signals), and must keep it so;
# SIGWINCH is the signal ipc-pipe copy --progress catches (to redraw), so
# it interrupts every system call of the copy.

load stress

# The data: 1 MiB of random bytes from a fixed seed, each copy of it
# stamped with its number, so that a block lost, doubled or moved shows.
GEN='import random, sys
n = int(sys.argv[1])
block = bytearray(random.Random(19).randbytes(1 << 20))
out = sys.stdout.buffer
for i in range(n >> 20):
    block[0:8] = i.to_bytes(8, "little")
    out.write(block)'

SHA='import hashlib, sys
h = hashlib.sha256()
for block in iter(lambda: sys.stdin.buffer.read(1 << 20), b""):
    h.update(block)
print(h.hexdigest())'

setup_file() {
    STREAM_BYTES=$(scale $((256 << 20)) $((8 << 30)))
    export STREAM_BYTES GEN SHA
    STREAM_SHA=$(python3 -c "$GEN" "$STREAM_BYTES" | python3 -c "$SHA")
    export STREAM_SHA
}

# pester GROUP...: until every process group GROUP has ended, send each
# SIGWINCH, SIGCHLD and SIGHUP, as fast as the shell can; then print how
# many signals went out.
pester() {
    local sent=0 g alive
    for g in "$@"; do
        # (start returns before its child has called setsid.)
        wait_until 30 kill -0 -- "-$g" 2>/dev/null || break
    done
    while :; do
        alive=
        for g in "$@"; do
            kill -WINCH -- "-$g" 2>/dev/null && kill -CHLD -- "-$g" 2>/dev/null \
                && kill -HUP -- "-$g" 2>/dev/null && { sent=$((sent + 3)); alive=1; }
        done
        [ -n "$alive" ] || break
    done
    echo "$sent"
}

# stream_figure WHAT T0_MS SIGNALS: the figures of one run.
stream_figure() {
    local mib=$((STREAM_BYTES >> 20)) ms=$(( $(now_ms) - $2 ))
    figure "$mib MiB through $1, sha256 equal, $3 signals sent to the relay;" \
        "$(since_s "$2") s ($(( mib * 1000 / (ms > 0 ? ms : 1) )) MiB/s)"
}

@test "stream stress: ipc-pipe copy --progress under SIGWINCH, SIGCHLD, SIGHUP" {
    local t0 sent g
    t0=$(now_ms)
    trap '' HUP
    start bash -c 'python3 -c "$GEN" "$STREAM_BYTES" \
        | ipc-pipe copy --progress --interval 100ms 2>"$1/progress" \
        | python3 -c "$SHA" >"$1/out.sha"' copy "$TEST_DIR"
    g=$PID
    trap - HUP
    sent=$(pester "$g")
    reap "$g"
    [ "$st" = 0 ] || fail "the pipeline ended with status $st: $(tail -c 300 "$TEST_DIR/progress")"
    run cat "$TEST_DIR/out.sha"
    assert_output "$STREAM_SHA"
    stream_figure "ipc-pipe copy --progress" "$t0" "$sent"
}

# sock_stream LISTEN_ADDR: one connection from ipc-sock connect to
# ipc-sock listen at LISTEN_ADDR, the data one way, both pestered.
sock_stream() {
    local t0 sent server client addr
    t0=$(now_ms)
    trap '' HUP
    start bash -c 'exec ipc-sock listen "$2" --ready fd:3 3>"$1/ready" </dev/null \
        | python3 -c "$SHA" >"$1/out.sha"' listen "$TEST_DIR" "$1"
    server=$PID
    wait_until 30 test -s "$TEST_DIR/ready"
    addr=$(cat "$TEST_DIR/ready")
    start bash -c 'python3 -c "$GEN" "$STREAM_BYTES" | ipc-sock connect -t 30s "$1" >/dev/null' connect "$addr"
    client=$PID
    trap - HUP
    sent=$(pester "$server" "$client")
    reap "$client"
    [ "$st" = 0 ] || fail "the client ended with status $st"
    reap "$server"
    [ "$st" = 0 ] || fail "the server ended with status $st"
    run cat "$TEST_DIR/out.sha"
    assert_output "$STREAM_SHA"
    stream_figure "ipc-sock ${1%%:*} (listen, connect)" "$t0" "$sent"
}

@test "stream stress: ipc-sock over a Unix socket under SIGWINCH, SIGCHLD, SIGHUP" {
    sock_stream "unix:$TEST_DIR/sock"
}

@test "stream stress: ipc-sock over TCP under SIGWINCH, SIGCHLD, SIGHUP" {
    sock_stream tcp:127.0.0.1:0
}

#!/usr/bin/env bats
# Stress: 4 producers x 4 consumers through one ipc-mq queue, POSIX and
# System V, each a single streaming process (send --lines, recv --follow).
# 20 000 messages (small) or 1 000 000 (full): none lost, none doubled,
# none changed, and each consumer sees each producer's messages in the
# order sent.

load stress

# mq_stress QUEUE: run the four producers and the four consumers through
# QUEUE (created by the caller) and check what came out.
mq_stress() {
    local q=$1 total per p c pid st t0 secs persec
    total=$(scale 20000 1000000)
    per=$((total / 4))

    # Each message: a unique id (producer and sequence number) and a body
    # of 0 to 96 bytes that varies with it.
    for p in 1 2 3 4; do
        awk -v p="$p" -v n="$per" 'BEGIN {
            s = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
            s = s s
            for (i = 1; i <= n; i++)
                printf "p%d-%07d %s\n", p, i, substr(s, 1 + i % 26, (i * 7919) % 97)
        }' >"$TEST_DIR/in.$p"
    done

    t0=$(now_ms)
    local consumers=()
    for c in 1 2 3 4; do
        start ipc-mq recv --follow "$q" >"$TEST_DIR/out.$c"
        consumers+=("$PID")
    done
    local producers=()
    for p in 1 2 3 4; do
        # (A job started with & reads /dev/null unless it redirects its
        # own standard input.)
        start sh -c 'exec timeout 600 ipc-mq send --lines "$1" <"$2"' sh "$q" "$TEST_DIR/in.$p"
        producers+=("$PID")
    done
    for pid in "${producers[@]}"; do
        reap "$pid"
        [ "$st" = 0 ] || fail "a producer exited with status $st"
    done
    # Every message sent is in the queue or with a consumer: once the
    # queue is empty, SIGTERM makes each consumer write out what it took
    # and then die of the signal.
    wait_until 120 queue_empty "$q"
    for pid in "${consumers[@]}"; do
        kill -TERM "$pid"
    done
    for pid in "${consumers[@]}"; do
        reap "$pid"
        [ "$st" = 143 ] || fail "a consumer ended with status $st, not 143 (SIGTERM)"
    done
    secs=$(since_s "$t0")
    persec=$(rate "$total" "$t0")

    local got dups want
    got=$(cat "$TEST_DIR"/out.* | wc -l)
    [ "$got" -eq "$total" ] || fail "received $got messages, sent $total"
    dups=$(cat "$TEST_DIR"/out.* | cut -d' ' -f1 | LC_ALL=C sort | uniq -d | head -3)
    [ -z "$dups" ] || fail "messages received twice: $dups"
    want=$(cat "$TEST_DIR"/in.* | LC_ALL=C sort | sha256)
    got=$(cat "$TEST_DIR"/out.* | LC_ALL=C sort | sha256)
    [ "$got" = "$want" ] || fail "the sorted messages received differ from those sent (sha256 $got, not $want)"
    for c in 1 2 3 4; do
        awk '{ split($1, f, "-"); if (f[2] + 0 <= last[f[1]] + 0) { print "out of order: " $1; exit 1 } last[f[1]] = f[2] }' \
            "$TEST_DIR/out.$c" || fail "consumer $c saw a producer's messages out of order"
    done

    local spread=
    for c in 1 2 3 4; do
        spread=$spread${spread:+/}$(wc -l <"$TEST_DIR/out.$c")
    done
    figure "$total messages, 4 producers x 4 consumers, none lost or doubled," \
        "sha256 equal; per consumer $spread; ${secs} s ($persec messages/s)"
}

# queue_empty QUEUE: whether QUEUE holds no message.
queue_empty() {
    [ "$(ipc-mq stat -o MSGS -n "$1")" = 0 ]
}

@test "mq stress: POSIX queue, 4 producers x 4 consumers" {
    local q=/ipc-stress-$$-$BATS_TEST_NUMBER
    # Within the machine's limits: fs.mqueue.msg_max and msgsize_max.
    ipc-mq create "$q" --maxmsg "$(( $(cat /proc/sys/fs/mqueue/msg_max) < 10 ? $(cat /proc/sys/fs/mqueue/msg_max) : 10 ))" --msgsize 128
    object mq "$q"
    mq_stress "$q"
}

@test "mq stress: System V queue, 4 producers x 4 consumers" {
    local q
    q=$(sysv_key)
    ipc-mq create "$q" --msgsize 128
    object mq "$q"
    mq_stress "$q"
}

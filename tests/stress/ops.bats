#!/usr/bin/env bats
# Stress: 8 processes x 200 (small) or 10 000 (full) operations each of
# ipc-lock run (a counter file incremented under the lock), ipc-sem run
# on a POSIX semaphore and on a System V set (at most K holders at once),
# and ipc-shm counter add: the totals come out exact.

load stress

WORKERS=8

# workers OPS CMD...: run CMD OPS times in each of $WORKERS processes at
# once, wait for them, and fail unless every run of CMD succeeded.
# Sets $OPS_SECS and $OPS_RATE.
workers() {
    local ops=$1 pid st t0 w
    shift
    local pids=()
    t0=$(now_ms)
    for ((w = 0; w < WORKERS; w++)); do
        start timeout 3000 bash -c 'n=$1; shift
            for ((i = 0; i < n; i++)); do
                "$@" >/dev/null || { echo "run $i of $*: status $?" >&2; exit 1; }
            done' worker "$ops" "$@"
        pids+=("$PID")
    done
    for pid in "${pids[@]}"; do
        reap "$pid"
        [ "$st" = 0 ] || fail "a worker ended with status $st"
    done
    OPS_SECS=$(since_s "$t0")
    OPS_RATE=$(rate $((ops * WORKERS)) "$t0")
}

# The read-modify-write of a shared file that only the lock makes exact
# (dash: no process but the shell).
INCREMENT='read n <"$1"; echo $((n + 1)) >"$1"'

@test "ops stress: ipc-lock run, 8 processes incrementing one counter file" {
    local ops total
    ops=$(scale 200 10000)
    total=$((ops * WORKERS))
    echo 0 >"$TEST_DIR/counter"
    workers "$ops" ipc-lock run "$TEST_DIR/lock" -- sh -c "$INCREMENT" sh "$TEST_DIR/counter"
    run cat "$TEST_DIR/counter"
    assert_output "$total"
    run ipc-lock run -n "$TEST_DIR/lock" -- true
    assert_success
    figure "$WORKERS x $ops = $total locked increments, total exact; ${OPS_SECS} s ($OPS_RATE runs/s)"
}

# What each holder of a slot does: show itself in the directory $1 for
# as long as it holds the slot, and write down how many it saw there.
HOLD=': >"$1/h.$$"; d=$1; set -- "$d"/h.*; echo $# >>"$d/seen"; rm -f "$d/h.$$"'

# sem_stress SEM K: $WORKERS x OPS runs of ipc-sem run on SEM, of value K.
sem_stress() {
    local sem=$1 k=$2 ops total max
    ops=$(scale 200 10000)
    total=$((ops * WORKERS))
    mkdir "$TEST_DIR/holders"
    workers "$ops" ipc-sem run "$sem" -- sh -c "$HOLD" sh "$TEST_DIR/holders"
    run wc -l <"$TEST_DIR/holders/seen"
    assert_output "$total"
    max=$(sort -n "$TEST_DIR/holders/seen" | tail -1)
    [ "$max" -le "$k" ] || fail "$max holders at once, more than the $k slots"
    run ipc-sem get "$sem"
    assert_output "$k"
    figure "$WORKERS x $ops = $total runs on $k slots, total exact, at most $max" \
        "holders seen at once; ${OPS_SECS} s ($OPS_RATE runs/s)"
}

@test "ops stress: ipc-sem run on a POSIX semaphore, 8 processes, 3 slots" {
    local sem=/ipc-stress-$$-$BATS_TEST_NUMBER
    ipc-sem create "$sem" --value 3
    object sem "$sem"
    sem_stress "$sem" 3
}

@test "ops stress: ipc-sem run on a System V set, 8 processes, 3 slots" {
    local sem
    sem=$(sysv_key)
    ipc-sem create "$sem" --value 3
    object sem "$sem"
    sem_stress "$sem" 3
}

# shm_stress SEGMENT: $WORKERS x OPS additions to the counter of SEGMENT.
shm_stress() {
    local seg=$1 ops total
    ops=$(scale 200 10000)
    total=$((ops * WORKERS))
    workers "$ops" ipc-shm counter "$seg" add 1
    run ipc-shm counter "$seg" get
    assert_output "$total"
    figure "$WORKERS x $ops = $total counter additions, total exact; ${OPS_SECS} s ($OPS_RATE ops/s)"
}

@test "ops stress: ipc-shm counter add on a POSIX segment, 8 processes" {
    local seg=/ipc-stress-$$-$BATS_TEST_NUMBER
    ipc-shm create "$seg" --size 4096
    object shm "$seg"
    shm_stress "$seg"
}

@test "ops stress: ipc-shm counter add on a System V segment, 8 processes" {
    local seg
    seg=$(sysv_key)
    ipc-shm create "$seg" --size 4096
    object shm "$seg"
    shm_stress "$seg"
}

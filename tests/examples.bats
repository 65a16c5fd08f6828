#!/usr/bin/env bats
# The scripts of examples/, each run as a user would run it: status 0
# within a time limit, the lines that show it did its job, and nothing
# left behind: no process, no temporary file, no IPC object.  The
# examples name their objects after IPC_EXAMPLE_PREFIX and note each in
# the file IPC_EXAMPLE_OBJECTS (see examples/demo-common.sh); every
# process they start inherits IPC_EXAMPLE_RUN, by which it is found.

bats_require_minimum_version 1.5.0
load common

setup() {
    common_setup
    EX_PREFIX=ipc-ex-$$-$BATS_TEST_NUMBER
    EX_OBJECTS=$TEST_DIR/objects
    EX_TMP=$TEST_DIR/tmp
    mkdir "$EX_TMP"
    : >"$EX_OBJECTS"
}

# example SCRIPT [ARG]...: run examples/SCRIPT with a time limit (long
# for a loaded machine; each takes seconds), the output in $output.
example() {
    run env IPC_EXAMPLE_PREFIX="$EX_PREFIX" IPC_EXAMPLE_OBJECTS="$EX_OBJECTS" \
        IPC_EXAMPLE_RUN="$EX_PREFIX" TMPDIR="$EX_TMP" \
        timeout -k 5 120 bash "$IPC_TOP_SRCDIR/examples/$1" "${@:2}"
}

# marked_processes: print the PIDs of the processes that an example
# started (they carry IPC_EXAMPLE_RUN=$EX_PREFIX); other users' are not
# readable, and not ours.
marked_processes() {
    local env
    for env in /proc/[0-9]*/environ; do
        { tr '\0' '\n' <"$env"; } 2>/dev/null \
            | grep -qxF "IPC_EXAMPLE_RUN=$EX_PREFIX" && echo "${env//[^0-9]/}"
    done
    return 0
}
no_marked_process() { [ -z "$(marked_processes)" ]; }

# assert_clean: no process of the example is left (a killed one may take
# a moment to go), nothing in its TMPDIR, no object it noted, and no
# POSIX object with its prefix.
assert_clean() {
    wait_until 10 no_marked_process \
        || fail "processes left behind: $(marked_processes | xargs -r ps -o pid=,args= -p)"
    run ls -A "$EX_TMP"
    assert_output ''
    local cmd addr
    while read -r cmd addr; do
        run "$cmd" stat "$addr"
        [ "$status" -eq 1 ] || fail "left behind: $cmd $addr (stat: status $status)"
    done <"$EX_OBJECTS"
    run ls -A /dev/shm
    refute_output --partial "$EX_PREFIX"
    if mqueue_mounted; then
        run ls -A /dev/mqueue
        refute_output --partial "$EX_PREFIX"
    fi
}

# noted N: at least N objects were noted (so that assert_clean checks
# something).
noted() {
    local n
    n=$(wc -l <"$EX_OBJECTS")
    [ "$n" -ge "$1" ] || fail "the example noted $n objects, expected at least $1"
}

@test "demo.sh tours all seven commands and leaves nothing behind" {
    # Its output shows processes: exact only where every one can be read.
    need_exact_lists
    example demo.sh
    [ "$status" -eq 0 ] || fail "demo.sh: status $status"
    local cmd
    for cmd in $(ipc_commands); do
        assert_line --regexp "^==== $cmd \\("
    done
    assert_line "Demo done.  Next: examples/README.md, make check, and man -l man/ipc-lock.1"
    # A line of each demo that only a working command prints.
    assert_line "this ran with ./demo.lock locked"
    assert_line "rotate logs"
    assert_line "hello from shared memory"
    assert_line "this ran holding one slot"
    assert_line "job 2 has a slot"
    assert_line --regexp '^RTMIN\+1 [0-9]+ [0-9]+ 8$'
    assert_line "the demo got HUP: reloading"
    assert_line "SECOND CLIENT"
    assert_line "100000"
    noted 5
    assert_clean
}

@test "job-queue.sh: every job runs exactly once, at most K at once, and nothing is left" {
    example job-queue.sh -w 3 -k 2 -j 15 -q 3
    [ "$status" -eq 0 ] || fail "job-queue.sh: status $status"
    assert_line "# 15 jobs, 3 workers, at most 2 at once, a queue of 3:"
    assert_line "jobs sent: 15, run: 15, distinct: 15"
    assert_line --regexp '^at most [12] at once \(limit 2\)$'
    assert_line --regexp '^jobs per worker \(3 workers\): '
    assert_line "OK: every job ran exactly once"
    # While the coordinator held the log's lock, both slots were out.
    assert_line --regexp "^/$EX_PREFIX-slots +0 "
    noted 3
    assert_clean
}

@test "job-queue.sh: one slot, more workers than jobs; a bad option is status 2" {
    example job-queue.sh -w 5 -k 1 -j 3
    [ "$status" -eq 0 ] || fail "job-queue.sh: status $status"
    assert_line "at most 1 at once (limit 1)"
    assert_line "OK: every job ran exactly once"
    assert_clean
    example job-queue.sh -k 0
    [ "$status" -eq 2 ] || fail "job-queue.sh -k 0: status $status"
    assert_output --partial "usage: "
}

@test "pipeline-doctor.sh shows the full FIFO, its ends, the waiter and the deadlock, then cleans up" {
    # Its output shows processes: exact only where every one can be read.
    need_exact_lists
    example pipeline-doctor.sh
    [ "$status" -eq 0 ] || fail "pipeline-doctor.sh: status $status"
    assert_line --regexp '^WRITERS: [0-9]+:seq$'
    assert_line --regexp '^READERS: [0-9]+:flock$'
    assert_line --regexp '^fifo .*[0-9]+:seq +[0-9]+:flock$'
    assert_line --regexp '/A\.lock +[0-9]+ waiting +[0-9]+$'
    assert_line --regexp '/B\.lock +[0-9]+ deadlock +[0-9]+$'
    assert_line --regexp '/A\.lock +[0-9]+ deadlock +[0-9]+$'
    assert_line "200000"
    assert_line "STATE: free"
    assert_clean
}

@test "service.sh: ready, served, reloaded on HUP through its pidfile, other users refused, stopped" {
    example service.sh
    [ "$status" -eq 0 ] || fail "service.sh: status $status"
    local uid
    uid=$(id -u)
    assert_line --regexp "^ready: abstract:$EX_PREFIX-service$"
    assert_line --regexp "^hello, uid $uid \\(pid [0-9]+\\); config generation 1$"
    assert_line "service: reloaded, generation 2"
    assert_line --regexp "^bonjour, uid $uid \\(pid [0-9]+\\); config generation 2$"
    # The service catches HUP, as ipc-signal ls sees it.
    assert_line --regexp '^ *[0-9]+ bash +([A-Z0-9+]+,)*HUP(,|$)'
    # The refused client runs as nobody: as root, where nobody can run
    # the ipc-sock under test (not in a tree under a private home).
    if [ "$uid" -eq 0 ] && setpriv --reuid=nobody --regid="$(id -g nobody)" \
            --clear-groups ipc-sock --version >/dev/null 2>&1; then
        assert_line --regexp '^ipc-sock: refused a peer running as UID [0-9]+ \(PID [0-9]+\)$'
    else
        assert_line --partial "(not shown: it takes root"
    fi
    noted 1
    assert_clean
}

@test "examples/README.md says what each example shows" {
    local f name
    for f in "$IPC_TOP_SRCDIR"/examples/*.sh; do
        name=$(basename "$f")
        [ "$name" != demo-common.sh ] || continue
        grep -qF "| \`$name\` |" "$IPC_TOP_SRCDIR/examples/README.md" \
            || fail "examples/README.md has no line for $name"
    done
}

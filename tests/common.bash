# Shared set-up for every tests/*.bats file: bats-support and bats-assert,
# a private scratch directory, and bookkeeping of background processes so
# that teardown kills every one of them.

bats_require_minimum_version 1.5.0
bats_load_library bats-support
bats_load_library bats-assert

# Exact statuses only: a sanitizer report must never pass for an expected
# failure status.
export ASAN_OPTIONS=${ASAN_OPTIONS:-exitcode=99}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:exitcode=98}

common_setup() {
    TEST_DIR=$(mktemp -d "${BATS_TMPDIR:-/tmp}/ipc-test.XXXXXX")
    export TEST_DIR
    BG_PIDS=()
}

# Start "$@" in the background, in a process group of its own, and
# remember it for teardown, which kills the whole group: children that a
# command leaves behind (flock(1)'s, a shell's) hold locks and descriptors
# too.  The PID is left in $BG_PID.
bg() {
    setsid "$@" &
    BG_PID=$!
    BG_PIDS+=("$BG_PID")
}

common_teardown() {
    local pid
    for pid in "${BG_PIDS[@]}"; do
        kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    done
    for pid in "${BG_PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    [ -n "${TEST_DIR:-}" ] && rm -rf "$TEST_DIR"
}

setup() { common_setup; }
teardown() { common_teardown; }

# wait_until TIMEOUT_SECONDS CMD...: poll CMD every 20 ms until it
# succeeds; fail after the timeout (generous: CI machines are slow).
wait_until() {
    local limit=$1; shift
    local end=$((SECONDS + limit))
    until "$@"; do
        if [ "$SECONDS" -ge "$end" ]; then
            echo "wait_until: timed out after ${limit}s: $*" >&2
            return 1
        fi
        sleep 0.02
    done
}

# flock_briefly FILE SECONDS: hold an exclusive flock(1) lock on FILE,
# return once it is held, and release it SECONDS later (killing the
# holder).  A holder that merely sleeps SECONDS could let go before a
# loaded machine has seen it hold the lock.
flock_briefly() {
    local file=$1 secs=$2 holder
    bg flock "$file" sleep 300
    holder=$BG_PID
    wait_until 10 bash -c '! flock -n "$1" true' sh "$file" || return 1
    bg bash -c 'sleep "$1"; kill -KILL -- "-$2"' bash "$secs" "$holder"
}

# elapsed_ms CMD...: run CMD, set $status and $ELAPSED_MS.
elapsed_ms() {
    local t0 t1
    t0=$(date +%s%N)
    status=0
    "$@" || status=$?
    t1=$(date +%s%N)
    ELAPSED_MS=$(( (t1 - t0) / 1000000 ))
    return 0
}

# ---- The commands under test (used by tests/cli.bats, tests/man.bats) ----

IPC_TOP_SRCDIR=${IPC_TOP_SRCDIR:-$(cd "$BATS_TEST_DIRNAME/.." && pwd)}
IPC_TOP_BUILDDIR=${IPC_TOP_BUILDDIR:-$IPC_TOP_SRCDIR}

# ipc_commands: print the commands that Makefile.am's bin_PROGRAMS declares,
# one per line ("ipc-lock").  The list comes from the source, not from
# whatever happens to lie in utils/, so that a command that failed to build
# fails its tests instead of silently dropping out of them.
ipc_commands() {
    sed -e ':join' -e '/\\$/{N;s/\\\n/ /;b join' -e '}' \
        "$IPC_TOP_SRCDIR/Makefile.am" \
    | sed -n 's/^bin_PROGRAMS[[:space:]]*+\{0,1\}=//p' \
    | tr -s ' \t' '\n' \
    | sed -n 's,^utils/\(ipc-[a-z0-9-]*\)$,\1,p'
}

# ipc_spec_verbs CMD: print the verbs that SPEC section 6 gives CMD, the
# ones its --help must list; fail for a command SPEC does not know.
ipc_spec_verbs() {
    case $1 in
    ipc-lock)   echo run acquire release ls stat ;;
    ipc-mq)     echo create rm send recv ls stat ;;
    ipc-shm)    echo create rm resize write read counter ls stat ;;
    ipc-sem)    echo create rm post wait get run ls stat ;;
    ipc-pipe)   echo create rm write read copy ls stat ;;
    ipc-sock)   echo listen connect send recv wait send-fd recv-fd ls stat ;;
    ipc-signal) echo send wait list stat ls ;;
    *) echo "ipc_spec_verbs: SPEC has no command '$1'" >&2; return 1 ;;
    esac
}

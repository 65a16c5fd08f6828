# Shared set-up for every tests/*.bats file: bats-support and bats-assert,
# a private scratch directory, and bookkeeping of background processes so
# that teardown kills every one of them.

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

# Start "$@" in the background and remember it for teardown.
# The PID is left in $BG_PID.
bg() {
    "$@" &
    BG_PID=$!
    BG_PIDS+=("$BG_PID")
}

common_teardown() {
    local pid
    for pid in "${BG_PIDS[@]}"; do
        kill -KILL "$pid" 2>/dev/null || true
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

# elapsed_ms CMD...: run CMD, set $status and $ELAPSED_MS.
elapsed_ms() {
    local t0 t1
    t0=$(date +%s%N)
    "$@"
    status=$?
    t1=$(date +%s%N)
    ELAPSED_MS=$(( (t1 - t0) / 1000000 ))
    return 0
}

# Sourced by the examples/*.sh scripts.

# show STATUS CMD...: print the command line as typed, run it, print its
# exit status when it is not 0, and stop the demo unless it was STATUS.
show() {
    local expected=$1 rc=0
    shift
    printf '\n$ %s\n' "$*"
    "$@" || rc=$?
    [ "$rc" -eq 0 ] || echo "[exit status $rc]"
    if [ "$rc" -ne "$expected" ]; then
        echo "$(basename "$0"): expected status $expected from: $*" >&2
        exit 1
    fi
}

# The names of the IPC objects a script makes start with $prefix, unique
# to the run.  tests/examples.bats sets IPC_EXAMPLE_PREFIX, and
# IPC_EXAMPLE_OBJECTS to a file where 'made CMD ADDRESS' notes each object
# (System V ones made 'private' have no name), then checks that every one
# is gone once the script has ended.
prefix=${IPC_EXAMPLE_PREFIX:-ipc-utils-demo-$$}
made() {
    [ -z "${IPC_EXAMPLE_OBJECTS:-}" ] || printf '%s %s\n' "$1" "$2" >>"$IPC_EXAMPLE_OBJECTS"
}

# await SECONDS CMD...: run CMD every 20 ms until it succeeds, for at most
# SECONDS (then fail).  Only for a state that nothing announces, such as
# a process blocked in the kernel on a lock or a full pipe; whatever can
# say it is ready does (--ready, --pidfile, a FIFO, a counter).
await() {
    local end=$((SECONDS + $1))
    shift
    until "$@"; do
        if [ "$SECONDS" -ge "$end" ]; then
            echo "$(basename "$0"): gave up waiting for: $*" >&2
            return 1
        fi
        sleep 0.02
    done
}

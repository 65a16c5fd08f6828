# Sourced by the examples/demo-*.sh scripts.

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

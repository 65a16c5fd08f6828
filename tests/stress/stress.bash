# Shared set-up of the stress tests (tests/stress/*.bats): the suite's
# common.bash, the size of the run, and the figures each case reports.
#
# STRESS_SCALE=small (the default, what 'make check' runs: each case well
# under a minute on a loaded 2-CPU machine) or full ('make stress').
# STRESS_FIGURES=FILE: each case appends its figures there, one line each
# ('make stress' prints the file at the end); they also go to the TAP
# output as '# ' lines.

load ../common

STRESS_SCALE=${STRESS_SCALE:-small}
case $STRESS_SCALE in
small|full) ;;
*) echo "stress.bash: STRESS_SCALE must be small or full, not '$STRESS_SCALE'" >&2
   exit 2 ;;
esac
export STRESS_SCALE

# scale SMALL FULL: print the figure for this run's size.
scale() {
    if [ "$STRESS_SCALE" = full ]; then echo "$2"; else echo "$1"; fi
}

# figure TEXT...: report one line of figures.
figure() {
    local line="$BATS_TEST_DESCRIPTION [$STRESS_SCALE]: $*"
    echo "# $line" >&3
    if [ -n "${STRESS_FIGURES:-}" ]; then
        echo "$line" >>"$STRESS_FIGURES"
    fi
}

# now_ms: milliseconds of the monotonic-enough wall clock.
now_ms() {
    echo $(( $(date +%s%N) / 1000000 ))
}

# since_s T0_MS: seconds since T0_MS, to the hundredth.
since_s() {
    local ms=$(( $(now_ms) - $1 ))
    printf '%d.%02d' $((ms / 1000)) $((ms % 1000 / 10))
}

# rate COUNT T0_MS: COUNT per second since T0_MS.
rate() {
    local ms=$(( $(now_ms) - $2 ))
    echo $(( $1 * 1000 / (ms > 0 ? ms : 1) ))
}

# Objects of the run: each case names its own from $$ and the test
# number, and removes them in teardown, also after a failure.
STRESS_OBJECTS=()

# object CMD ADDR: remember ADDR (an ipc-CMD object) for teardown.
object() {
    STRESS_OBJECTS+=("$1 $2")
}

# A System V key unique to this run and case (and to N, a small number
# that tells a case's keys apart).
sysv_key() {
    printf 'key:0x%08x' $(( 0x5e000000 + ($$ % 0x8000) * 0x200 + BATS_TEST_NUMBER * 8 + ${1:-0} ))
}

# Processes of the run that are not reaped yet.  A child that has
# ended keeps its PID (a zombie) until the shell waits for it, so
# teardown can kill each one's process group without ever hitting a PID
# that the system gave to someone else meanwhile.
declare -A LIVE=()

# start CMD...: start CMD in the background in a process group of its
# own; its PID is left in $PID.  The background copy of the shell must
# run nothing but the exec of CMD: with errtrace and functrace on (bats
# sets them) it inherits bats' ERR and DEBUG traps and runs bats' code
# before the exec.  Seen here under a load of 15-28, a few times in
# 1 000 rounds of kill.bats: such a copy, sent the round's signal,
# reported a "not ok" of its own and ran the case's teardown, which
# killed the case's other processes (also with the traps dropped inside
# the copy, since the DEBUG trap runs before that).  So errtrace and
# functrace are off while it forks.
start() {
    local traced=$-
    set +ET
    setsid "$@" &
    PID=$!
    case $traced in *E*) set -E ;; esac
    case $traced in *T*) set -T ;; esac
    LIVE[$PID]=1
}

# reap PID: wait for PID (started by start) and set $st to its status.
reap() {
    st=0
    wait "$1" || st=$?
    unset "LIVE[$1]"
}

# rand_sleep MAX_MS: sleep between 0 and MAX_MS - 1 milliseconds.
rand_sleep() {
    sleep "$(printf '0.%03d' $((RANDOM % $1)))"
}

stress_teardown() {
    local pid
    for pid in "${!LIVE[@]}"; do
        kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    done
    for pid in "${!LIVE[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    common_teardown
    local entry
    for entry in "${STRESS_OBJECTS[@]}"; do
        # shellcheck disable=SC2086 # "CMD ADDR"
        set -- $entry
        "ipc-$1" rm "$2" >/dev/null 2>&1 || true
    done
}

setup() { common_setup; }
teardown() { stress_teardown; }


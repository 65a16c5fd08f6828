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

# ---- The machine: what every test file may rely on, and what not ----
#
# The suite passes on a fresh machine, as root and as a normal user, in
# any order of files, next to other users' objects and after any earlier
# run.  Everything machine-wide that a test relies on is set up here, when
# a file loads common.bash, and nowhere else: a file must not set up
# machine state for the others (its setup_file runs after theirs, or not
# at all under TESTS=).  A new test file may rely on exactly this:
#
#  * /dev/mqueue: mounted here as root if it is not (a fresh machine
#    without systemd lacks it).  A normal user cannot mount it: a case that
#    lists POSIX queues calls need_mqueue, which then skips saying why, or
#    asserts ipc-mq's documented "is not mounted" error.  mq_open and every
#    verb but 'ls' need no mount.
#  * /dev/shm, /dev/mqueue and System V: may be empty (a fresh machine) or
#    hold other users' objects that this user may not read.  Look only at
#    objects whose names or keys the test made (unique to the run: $$ and
#    $BATS_TEST_NUMBER); never count or assert a whole listing, and make
#    an object of your own first where 'ls' must print something.
#  * Limits (fs.mqueue.*, kernel.msg*, kernel.shm*, kernel.sem,
#    fs.pipe-max-size, RLIMIT_*): whatever the machine has, the kernel's
#    defaults on a fresh one; read them from /proc, never assume them.
#  * Users: $IPC_TEST_USER is the one running the tests; expect it, never
#    "root", as an owner.  A case that needs root (mount, unshare -m,
#    setpriv to another user, writing /proc/sys) calls need_root REASON.
#  * PATH: the directories on it that this user cannot search are dropped
#    here, as execvp says EACCES (status 126) rather than ENOENT (127)
#    through them.  A test that is about PATH lookup sets its own PATH.
#  * Tools: those that .ci/packages lists for the tests.  hyperfine and pv
#    are for bench/ only: a test must not run them, even when present.
#
# .ci/run checks all this: one suite runs as root with /dev/mqueue not
# mounted, an empty /dev/shm and default limits; one as a normal user,
# /dev/mqueue not mounted, among root's objects, with a PATH directory it
# cannot search and hyperfine and pv unusable.

IPC_TEST_USER=$(id -un)
export IPC_TEST_USER

# need_root REASON: skip the test unless it runs as root.
need_root() {
    [ "$(id -u)" = 0 ] || skip "needs root: $1"
}

# lists_partial: whether ls here cannot look into every process (a normal
# user, with other users' processes around): its lists of processes are
# then "?" (SPEC 4, unknown is not zero).  Kernel threads and zombies,
# which hold nothing, do not count, as in lib/ipc-users.c.
lists_partial() {
    [ "$(id -u)" != 0 ] || return 1
    local d stat
    for d in /proc/[0-9]*; do
        ls "$d/fd" >/dev/null 2>&1 && continue
        stat=$(cat "$d/stat" 2>/dev/null) || continue
        stat=${stat##*) }
        case $stat in Z* | X*) continue ;; esac
        # shellcheck disable=SC2086
        set -- $stat
        (( ${7:-0} & 0x00200000 )) || return 0
    done
    return 1
}

# need_exact_lists: skip a test of what the lists of processes hold where
# they are "?" (lists_partial); tests named "cannot read" check that.
need_exact_lists() {
    ! lists_partial || skip "other users' processes cannot be read: lists are ?"
}

# on_terminal COLS COMMAND [ARG]...: run COMMAND with its standard
# output (and input and error) on a new terminal COLS columns wide, and
# print what it wrote there, with plain newlines; its status is ours.
on_terminal() {
    python3 -c '
import fcntl, os, pty, struct, sys, termios
cols, cmd = int(sys.argv[1]), sys.argv[2:]
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, cols, 0, 0))
    os.execvp(cmd[0], cmd)
out = b""
while True:
    try:
        d = os.read(fd, 65536)
    except OSError:
        break
    if not d:
        break
    out += d
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf-8", "replace").replace("\r\n", "\n"))
sys.exit(os.waitstatus_to_exitcode(status))' "$@"
}

# mqueue_mounted: whether /dev/mqueue lists this machine's POSIX queues.
mqueue_mounted() {
    [ "$(stat -f -c %T /dev/mqueue 2>/dev/null)" = mqueue ]
}

# need_mqueue: skip the test unless /dev/mqueue is mounted.
need_mqueue() {
    mqueue_mounted \
        || skip "needs /dev/mqueue mounted, which only root can do (mount -t mqueue none /dev/mqueue)"
}

ipc_machine_setup() {
    # Two files load this at once under 'make check -j2': the lock keeps
    # them from stacking two mounts.  A root that may not mount (a
    # container) leaves it unmounted, as for a normal user.
    if [ "$(id -u)" = 0 ] && ! mqueue_mounted; then
        mkdir -p /dev/mqueue 2>/dev/null
        flock /dev/mqueue sh -c \
            '[ "$(stat -f -c %T /dev/mqueue)" = mqueue ] || mount -t mqueue none /dev/mqueue' \
            2>/dev/null || true
    fi

    local dir dirs path=
    IFS=: read -ra dirs <<<"$PATH"
    for dir in "${dirs[@]}"; do
        [ -n "$dir" ] && [ -d "$dir" ] && [ -x "$dir" ] && path=$path${path:+:}$dir
    done
    PATH=$path
    export PATH
}
ipc_machine_setup

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
    # limits: SPEC 4, call and serve: SPEC 6, both as amended 2026-12-08.
    ipc-mq)     echo create rm send recv call serve ls stat limits ;;
    ipc-shm)    echo create rm resize write read counter ls stat limits ;;
    ipc-sem)    echo create rm post wait get run ls stat limits ;;
    ipc-pipe)   echo create rm write read copy ls stat ;;
    ipc-sock)   echo listen connect send recv wait send-fd recv-fd ls stat ;;
    ipc-signal) echo send wait list stat ls ;;
    *) echo "ipc_spec_verbs: SPEC has no command '$1'" >&2; return 1 ;;
    esac
}

# sha256: the hex SHA-256 of standard input (python's hashlib runs on
# OpenSSL's SHA instructions, several times faster than sha256sum here).
sha256() {
    python3 -c 'import hashlib, sys
h = hashlib.sha256()
for block in iter(lambda: sys.stdin.buffer.read(1 << 20), b""):
    h.update(block)
print(h.hexdigest())'
}

#!/usr/bin/env bats
# ipc-lock: run, acquire/release, ls and stat, against util-linux flock(1)
# and lslocks(8), python's fcntl module, and itself.

load common

setup() {
    common_setup
    F=$TEST_DIR/lock
}

# hold_with_flock [FLOCK OPTIONS]: flock(1) holds $F until teardown.
hold_with_flock() {
    bg flock "$@" "$F" sleep 300
    wait_until 10 held "$F"
}

# locks_of FILE: the lines of /proc/locks on FILE ("MAJ:MIN:INODE" match).
locks_of() {
    local ino
    ino=$(stat -c %i "$1") || return 1
    grep -E ":$ino " /proc/locks | sed "s/:$ino / $ino /"
}

# waited_on FILE: some process waits for a lock on FILE.
waited_on() { locks_of "$1" | grep -q -- '->'; }

two_locks_on() { [ "$(locks_of "$1" | grep -vc -- '->')" -ge 2 ]; }

# held FILE: some lock is held (not only waited for) on FILE.
held() { locks_of "$1" | grep -vq -- '->' && locks_of "$1" | grep -q .; }

# devino FILE: FILE as 'ls' names a file it finds no path for,
# MAJOR:MINOR:INODE.
devino() { stat -c '%Hd:%Ld:%i' "$1"; }

# some_process_unreadable: whether a process that could hold a descriptor
# (not a kernel thread, not a zombie) has descriptors this user may not
# read: then no list of holders can be complete (SPEC 4), and is '?'.
some_process_unreadable() {
    python3 -c '
import os, sys
for p in os.listdir("/proc"):
    if not p.isdigit():
        continue
    try:
        st = open("/proc/%s/stat" % p).read()
    except OSError:
        continue
    f = st[st.rindex(")") + 2:].split()
    if f[0] in "ZX" or int(f[6]) & 0x200000:
        continue
    if not os.access("/proc/%s/fd" % p, os.R_OK | os.X_OK) and os.path.exists("/proc/" + p):
        sys.exit(0)
sys.exit(1)'
}

# The line on stderr that says HOLDERS is partial.
PARTIAL='^ipc-lock: HOLDERS is partial: [1-9][0-9]* processes could not be read; run as root$'

# holders_are PREFIX REGEXP: after 'run --separate-stderr ipc-lock ls
# ... -o ...,HOLDERS', a line is PREFIX then the holders matching REGEXP
# when this user may read every process; else PREFIX then '?', and
# stderr says that HOLDERS is partial.
holders_are() {
    if some_process_unreadable; then
        assert_line "$1?"
        [[ $stderr =~ $PARTIAL ]]
    else
        assert_line --regexp "^$1$2\$"
        [ -z "$stderr" ]
    fi
}

# partial: 1 when lists of holders are partial for this user, else 0.
partial() { if some_process_unreadable; then echo 1; else echo 0; fi; }

# python3 holding an fcntl lock: pylock TYPE START LEN, until teardown.
pylock() {
    bg python3 -c '
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
kind = fcntl.LOCK_EX if sys.argv[2] == "x" else fcntl.LOCK_SH
fcntl.lockf(fd, kind, int(sys.argv[4]), int(sys.argv[3]))
open(sys.argv[1] + ".ready", "w").close()
time.sleep(300)
' "$F" "$@"
    wait_until 10 test -e "$F.ready"
}

# --- run ------------------------------------------------------------------

@test "run: creates the lock file 0600, runs the command, passes its status" {
    run -0 ipc-lock run "$F" -- echo hello
    assert_output hello
    [ "$(stat -c %a "$F")" = 600 ]
    run -3 ipc-lock run "$F" -- sh -c 'exit 3'
}

@test "run: --mode sets the mode exactly, whatever the umask" {
    (umask 077; ipc-lock run --mode 0644 "$F" -- true)
    [ "$(stat -c %a "$F")" = 644 ]
    (umask 000; ipc-lock run --mode u=rw,g=r "$F.2" -- true)
    [ "$(stat -c %a "$F.2")" = 640 ]
}

@test "run: never truncates, deletes or re-modes an existing lock file" {
    printf 'keep me\n' > "$F"
    chmod 0664 "$F"
    run -0 ipc-lock run "$F" -- true
    [ "$(cat "$F")" = "keep me" ]
    [ "$(stat -c %a "$F")" = 664 ]
}

@test "run: refuses a symbolic link and creates nothing through it" {
    ln -s "$TEST_DIR/target" "$F"
    run -125 ipc-lock run "$F" -- true
    assert_output --partial "symbolic link"
    [ ! -e "$TEST_DIR/target" ]
}

@test "run: a lock held by flock(1) makes -n exit 124 without running" {
    touch "$F"
    hold_with_flock -x
    run -124 ipc-lock run -n "$F" -- touch "$TEST_DIR/ran"
    [ ! -e "$TEST_DIR/ran" ]
}

@test "run: flock(1) sees the lock ipc-lock holds" {
    bg ipc-lock run "$F" -- sleep 300
    wait_until 10 held "$F"
    run -1 flock -n "$F" true
    kill "$BG_PID"
    wait "$BG_PID" || true
    run -0 flock -n "$F" true
}

@test "run: -s takes a shared lock: flock -s shares, flock -x conflicts" {
    bg ipc-lock run -s "$F" -- sleep 300
    wait_until 10 held "$F"
    run -0 flock -n -s "$F" true
    run -1 flock -n -x "$F" true
    run -124 ipc-lock run -n -x "$F" -- true
    run -0 ipc-lock run -n -s "$F" -- true
}

@test "run: -t gives up after the timeout with 124, within bounds" {
    touch "$F"
    hold_with_flock -x
    elapsed_ms ipc-lock run -t 300ms "$F" -- true
    [ "$status" -eq 124 ]
    [ "$ELAPSED_MS" -ge 280 ]
    [ "$ELAPSED_MS" -lt 5000 ]
    elapsed_ms ipc-lock run --timeout=0.2 "$F" -- true
    [ "$status" -eq 124 ]
    [ "$ELAPSED_MS" -ge 180 ]
}

@test "run: -t waits for the lock to be released" {
    touch "$F"
    flock_briefly "$F" 0.3
    run -0 ipc-lock run -t 20s "$F" -- echo got it
    assert_output "got it"
}

@test "run: --type posix conflicts with python's fcntl.lockf, both ways" {
    pylock x 0 0
    run -124 ipc-lock run -n --type posix "$F" -- true
    run -124 ipc-lock run -n --type ofd "$F" -- true
    # flock locks are independent of fcntl locks on Linux.
    run -0 ipc-lock run -n --type flock "$F" -- true
}

@test "run: python's lockf fails while ipc-lock holds a posix lock" {
    bg ipc-lock run --type posix "$F" -- sleep 300
    wait_until 10 held "$F"
    run -1 python3 -c '
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
try:
    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
except OSError:
    sys.exit(1)
' "$F"
}

@test "run: --range locks only that range" {
    pylock x 0 10
    run -124 ipc-lock run -n --type posix --range 5:10 "$F" -- true
    run -0 ipc-lock run -n --type posix --range 10:10 "$F" -- echo free
    assert_output free
    run -0 ipc-lock run -n --type ofd --range 1K:0 "$F" -- true
    run -124 ipc-lock run -n --type ofd --range 0:0 "$F" -- true
}

# in_path DIR CMD...: run CMD... (ipc-lock from the build) with PATH=DIR
# only: whether a command is found must not depend on the caller's PATH.
in_path() {
    local dir=$1; shift
    env PATH="$dir" "$(command -v "$1")" "${@:2}"
}

@test "run: statuses follow timeout(1): 126, 127, 128+N, 125" {
    mkdir "$TEST_DIR/bin"
    run -127 in_path "$TEST_DIR/bin" ipc-lock run "$F" -- no-such-command-here
    assert_output --regexp "ipc-lock: cannot run .no-such-command-here.: No such file or directory\$"
    printf '#!/bin/sh\n' > "$TEST_DIR/noexec"
    chmod 0644 "$TEST_DIR/noexec"
    run -126 ipc-lock run "$F" -- "$TEST_DIR/noexec"
    run -143 ipc-lock run "$F" -- sh -c 'kill -TERM $$'
    run -125 ipc-lock run "$TEST_DIR/no/such/dir/lock" -- true
    assert_output --partial "cannot open"
}

@test "run: a command that PATH finds but may not run is 126, not 127, as in env(1)" {
    # 127 is for ENOENT alone, as in coreutils' env and timeout; any other
    # failure of the PATH search is 126.  A file without execute bits:
    mkdir "$TEST_DIR/bin"
    printf '#!/bin/sh\n' >"$TEST_DIR/bin/cmd"
    chmod 0644 "$TEST_DIR/bin/cmd"
    run -126 in_path "$TEST_DIR/bin" env cmd
    run -126 in_path "$TEST_DIR/bin" ipc-lock run "$F" -- cmd
    assert_output --regexp "ipc-lock: cannot run .cmd.: Permission denied\$"
    # A directory on PATH that the user may not search, even for a
    # command that is nowhere: root may search any, unless it gives up
    # these two capabilities.
    mkdir -m 0 "$TEST_DIR/closed"
    local user=()
    if [ "$(id -u)" = 0 ]; then
        command -v setpriv >/dev/null || skip "no setpriv"
        user=(setpriv --inh-caps=-dac_override,-dac_read_search
              --bounding-set=-dac_override,-dac_read_search)
    fi
    run -126 "${user[@]}" env PATH="$TEST_DIR/closed:$TEST_DIR/bin" no-such-command-here
    run -126 "${user[@]}" env PATH="$TEST_DIR/closed:$TEST_DIR/bin" \
        "$(command -v ipc-lock)" run "$F" -- no-such-command-here
    assert_output --regexp "ipc-lock: cannot run .no-such-command-here.: Permission denied\$"
}

@test "run: the command keeps the lock after ipc-lock is gone (chain-loading)" {
    bg ipc-lock run "$F" -- sh -c 'echo $$ > "$0.pid"; sleep 300' "$F"
    wait_until 10 test -s "$F.pid"
    # The command is the very process that ipc-lock was.
    [ "$(cat "$F.pid")" = "$BG_PID" ]
    wait_until 10 held "$F"
}

@test "run: 8 processes x 200 locked increments give exactly 1600" {
    echo 0 > "$TEST_DIR/counter"
    incr() {
        for _ in $(seq 200); do
            ipc-lock run "$F" -- sh -c \
                'n=$(cat "$1"); echo $((n + 1)) > "$1"' sh "$TEST_DIR/counter"
        done
    }
    pids=()
    for _ in 1 2 3 4 5 6 7 8; do incr & pids+=($!); done
    for p in "${pids[@]}"; do wait "$p"; done
    [ "$(cat "$TEST_DIR/counter")" = 1600 ]
}

@test "run: a posix deadlock is refused by the kernel and reported, status 1" {
    touch "$F"
    # python holds byte 1, then waits for byte 0, which we hold.
    bg python3 -c '
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR)
fcntl.lockf(fd, fcntl.LOCK_EX, 1, 1)
open(sys.argv[1] + ".ready", "w").close()
while not os.path.exists(sys.argv[1] + ".go"):
    time.sleep(0.02)
fcntl.lockf(fd, fcntl.LOCK_EX, 1, 0)
time.sleep(300)
' "$F"
    wait_until 10 test -e "$F.ready"
    run -1 ipc-lock run --type posix --range 0:1 "$F" -- sh -c '
        touch "$0.go"
        until grep -q -- "-> POSIX .*:$(stat -c %i "$0") " /proc/locks; do sleep 0.02; done
        exec ipc-lock run --type posix --range 1:1 "$0" -- true' "$F"
    assert_output --partial deadlock
}

# --- hostile input and faults (issue 12) ----------------------------------

# with_sigalrm_blocked CMD...: run CMD with SIGALRM blocked in the mask it
# inherits, as a python parent or some service managers leave it.
with_sigalrm_blocked() {
    python3 -c 'import os, signal, sys
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])
os.execvp(sys.argv[1], sys.argv[1:])' "$@"
}

@test "run: with stdout, stderr or stdin closed the lock file stays intact and closed for the command" {
    printf 'ORIGINAL\n' > "$F"
    # echo must fail writing to its closed stdout, not write into the file.
    # (bash -c: bats' run would capture the closed descriptors.)
    run -1 bash -c 'ipc-lock run "$0" -- echo hello >&-' "$F"
    [ "$(cat "$F")" = ORIGINAL ]
    run -0 bash -c 'ipc-lock run "$0" -- sh -c "if [ -e /proc/\$\$/fd/2 ]; then echo open; else echo closed; fi" 2>&-' "$F"
    assert_output closed
    [ "$(cat "$F")" = ORIGINAL ]
    run -0 bash -c 'ipc-lock run "$0" -- sh -c "if [ -e /proc/\$\$/fd/0 ]; then echo open; else echo closed; fi" <&-' "$F"
    assert_output closed
    # Our own error message cannot land in the lock file either.  The
    # status is 125 when the message cannot be written, 127 when it could
    # (a sanitizer's runtime may have taken the free descriptor 2).
    run bash -c 'ipc-lock run "$0" -- no-such-command-here 2>&-' "$F"
    [ "$status" -eq 125 ] || [ "$status" -eq 127 ]
    [ "$(cat "$F")" = ORIGINAL ]
    # All three closed: the command still sees them closed.
    ipc-lock run "$F" -- sh -c 'r=
        for fd in 0 1 2; do
            if [ -e /proc/$$/fd/$fd ]; then r="$r$fd open "; else r="$r$fd closed "; fi
        done
        echo "$r" >"$0.fds"' "$F" <&- >&- 2>&-
    [ "$(cat "$F.fds")" = "0 closed 1 closed 2 closed " ]
    [ "$(cat "$F")" = ORIGINAL ]
}

@test "run: a FIFO, a device or a directory at the lock path is refused with 125, never opened" {
    mkfifo -m 0444 "$F"
    run -125 timeout 10 ipc-lock run -n "$F" -- echo ran
    refute_output --partial ran
    assert_output --partial "not a regular file"
    assert_output --partial FIFO
    run -125 timeout 10 ipc-lock run "$F" -- echo ran
    refute_output --partial ran
    run -125 ipc-lock run /dev/zero -- echo ran
    assert_output --partial "character device"
    refute_output --partial ran
    run -125 ipc-lock run "$TEST_DIR" -- echo ran
    assert_output --partial "directory"
    # A descriptor the caller opened is taken as it is.
    run -0 ipc-lock acquire fd:0 < /dev/null
}

@test "run: -t ends the wait with SIGALRM blocked by the caller, and the command gets that mask" {
    touch "$F"
    hold_with_flock -x
    elapsed_ms with_sigalrm_blocked ipc-lock run -t 1 "$F" -- true
    [ "$status" -eq 124 ]
    [ "$ELAPSED_MS" -ge 950 ]
    [ "$ELAPSED_MS" -lt 5000 ]
    run -124 with_sigalrm_blocked ipc-lock acquire -t 300ms fd:3 3<"$F"
}

@test "run: after a timed wait the command gets the caller's signal mask" {
    touch "$F"
    flock_briefly "$F" 0.3
    run -0 with_sigalrm_blocked ipc-lock run -t 20s "$F" -- grep SigBlk /proc/self/status
    mask=$(printf '%s' "$output" | awk '{print $2}')
    (( 0x$mask & 0x2000 ))
    flock_briefly "$F" 0.3
    run -0 ipc-lock run -t 20s "$F" -- grep SigBlk /proc/self/status
    mask=$(printf '%s' "$output" | awk '{print $2}')
    (( (0x$mask & 0x2000) == 0 ))
}

# --- writer preference (SPEC 6: no starvation) ------------------------------

# reader_stream ARGS...: shared holders 'ipc-lock run -s ARGS $F -- sleep
# 0.6' started every 0.2 s for 10 s, in the background until teardown.
reader_stream() {
    bg bash -c 'f=$1; shift
        for _ in $(seq 50); do ipc-lock run -s "$@" "$f" -- sleep 0.6 & sleep 0.2; done
        wait' sh "$F" "$@"
    wait_until 10 two_locks_on "$F"
}

@test "run: an exclusive request gets in through a stream of overlapping shared holders" {
    touch "$F"
    reader_stream
    elapsed_ms ipc-lock run -t 4s "$F" -- true
    [ "$status" -eq 0 ]
    [ "$ELAPSED_MS" -lt 3000 ]
    # The shared holders go on after it.
    wait_until 10 two_locks_on "$F"
}

@test "run: writer preference with --type posix and ofd ranges" {
    touch "$F"
    reader_stream --type posix --range 0:100
    elapsed_ms ipc-lock run -t 4s --type posix --range 50:10 "$F" -- true
    [ "$status" -eq 0 ]
    [ "$ELAPSED_MS" -lt 3000 ]
    elapsed_ms ipc-lock run -t 4s --type ofd "$F" -- true
    [ "$status" -eq 0 ]
    [ "$ELAPSED_MS" -lt 3000 ]
    # A range the readers do not touch is free at once.
    run -0 ipc-lock run -n --type posix --range 100:10 "$F" -- true
}

@test "acquire: an exclusive request on fd:N gets in through shared holders" {
    touch "$F"
    reader_stream
    exec 9>>"$F"
    elapsed_ms ipc-lock acquire -t 4s fd:9
    [ "$status" -eq 0 ]
    [ "$ELAPSED_MS" -lt 3000 ]
    run -0 ipc-lock release fd:9
    exec 9>&-
}

@test "run: a queued writer makes later shared requests wait; flock(1) is not held back" {
    touch "$F"
    bg ipc-lock run -s "$F" -- sleep 300
    wait_until 10 held "$F"
    bg ipc-lock run -x "$F" -- true
    wait_until 10 waited_on "$F"
    run -124 ipc-lock run -n -s "$F" -- true
    run -124 ipc-lock run -t 200ms -s "$F" -- true
    # flock(1) knows nothing of the queue: its shared lock still shares.
    run -0 flock -n -s "$F" true
    # The queue is not a lock of the file: ls and stat do not show it.
    run -0 ipc-lock stat -o LOCKS,TYPE -n "$F"
    assert_output $'1\nFLOCK'
    run -0 ipc-lock ls -r -n -o TYPE,STATE,PATH
    assert_line "FLOCK held $F"
    assert_line "FLOCK waiting $F"
    refute_line "OFD held $F"
}

@test "run: two --type posix requests of ipc-lock in a deadlock: one exits 1 saying deadlock" {
    touch "$F"
    # A holds byte 0 and asks for byte 1; B holds byte 1 and asks for byte 0.
    side() {
        timeout 20 ipc-lock run --type posix --range "$1":1 "$F" -- sh -c '
            touch "$0.$1"
            until [ -e "$0.$2" ]; do sleep 0.02; done
            exec ipc-lock run --type posix --range "$3":1 "$0" -- true' \
            "$F" "$1" "$2" "$3" 2>"$F.err$1"
    }
    side 0 1 1 & a=$!
    side 1 0 0 & b=$!
    sa=0 sb=0
    wait "$a" || sa=$?
    wait "$b" || sb=$?
    # One is refused by the kernel; then the other gets its byte.
    [ "$sa$sb" = 10 ] || [ "$sa$sb" = 01 ]
    cat "$F.err0" "$F.err1" | grep -q deadlock
}

# --- acquire and release --------------------------------------------------

@test "acquire/release: a lock on the shell's descriptor spans commands" {
    exec 9>>"$F"
    run -0 ipc-lock acquire fd:9
    run -1 flock -n "$F" true
    # The shell holds it; stat, which inherits fd 9, does not count itself.
    run -0 --separate-stderr ipc-lock stat -o STATE,HOLDERS -n "$F"
    assert_line --index 0 exclusive
    if some_process_unreadable; then
        assert_line --index 1 "?"
        [[ $stderr =~ $PARTIAL ]]
    else
        assert_output --partial "$BASHPID:"
        refute_output --partial ":ipc-lock"
    fi
    run -124 ipc-lock run -n "$F" -- true
    run -0 ipc-lock release fd:9
    run -0 flock -n "$F" true
    exec 9>&-
}

@test "acquire: -n and -t on a busy lock exit 124" {
    touch "$F"
    hold_with_flock -x
    exec 9>>"$F"
    run -124 ipc-lock acquire -n fd:9
    elapsed_ms ipc-lock acquire -t 250ms fd:9
    [ "$status" -eq 124 ]
    [ "$ELAPSED_MS" -ge 230 ]
    [ "$ELAPSED_MS" -lt 5000 ]
    exec 9>&-
}

@test "acquire: --type ofd conflicts with python's lockf, and -s needs read access" {
    exec 9<>"$F"
    run -0 ipc-lock acquire --type ofd --range 0:4 fd:9
    run -1 python3 -c '
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
try:
    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 4, 0)
except OSError:
    sys.exit(1)
' "$F"
    run -0 ipc-lock release --type ofd --range 0:4 fd:9
    exec 9>&-
    exec 8>>"$F"
    run -1 ipc-lock acquire -s --type ofd fd:8
    assert_output --partial "a shared lock needs the file open for reading"
    exec 8>&-
    exec 8<"$F"
    run -1 ipc-lock acquire -x --type ofd fd:8
    assert_output --partial "an exclusive lock needs the file open for writing"
    exec 8>&-
}

@test "acquire/release: bad operands and types" {
    run -1 ipc-lock acquire fd:97
    assert_output --partial "fd:97"
    run -2 ipc-lock acquire
    run -2 ipc-lock acquire 9
    run -2 ipc-lock acquire fd:x
    run -2 ipc-lock acquire --type posix fd:0
    assert_output --partial "posix"
    run -2 ipc-lock release --type posix fd:0
    run -2 ipc-lock acquire fd:0 fd:1
    assert_output --partial "extra operand"
}

# --- ls and stat ----------------------------------------------------------

@test "ls: shows a lock held by flock(1) with path, type, mode, pid, command" {
    touch "$F"
    hold_with_flock -x
    run -0 ipc-lock ls -r -n -o PATH,TYPE,MODE,COMMAND
    # The kernel names flock(1), which took it; its child sleep holds it too.
    assert_line "$F FLOCK WRITE flock"
    run -0 --separate-stderr ipc-lock ls -r -n -o PATH,HOLDERS
    holders_are "$F " "[0-9]+:flock,[0-9]+:sleep"
}

@test "ls: lslocks sees what we hold, we see what lslocks sees" {
    bg ipc-lock run --type posix "$F" -- sleep 300
    wait_until 10 held "$F"
    run -0 lslocks -r -n -o PID,TYPE,PATH
    assert_line "$BG_PID POSIX $F"
    run -0 ipc-lock ls -r -n -o PID,TYPE,PATH
    assert_line "$BG_PID POSIX $F"
}

@test "ls: a lock whose taker exited has the path, PID and command of its holder" {
    # ipc-lock acquire took it and exited; the shell holds it through fd 9,
    # and 'ls', which inherits fd 9, does not count itself.
    exec 9>>"$F"
    run -0 ipc-lock acquire fd:9
    run -0 ipc-lock ls -r -n -o PATH,TYPE,PID,COMMAND
    assert_line "$F FLOCK $BASHPID bash"
    # bats' run holds it too, in the subshell it runs ipc-lock from.
    run -0 --separate-stderr ipc-lock ls -r -n -o PATH,HOLDERS
    holders_are "$F " "$BASHPID:bash(,[0-9]+:bash)?"
    exec 9>&-
}

@test "ls --pid: the locks a process holds or waits for, as lslocks -p; a missing PID exits 1" {
    local G=$TEST_DIR/other
    touch "$F" "$G"
    bg flock "$F" sleep 300
    local holder=$BG_PID
    wait_until 10 held "$F"
    bg flock "$G" sleep 300
    local other=$BG_PID
    wait_until 10 held "$G"
    bg flock "$F" true
    local waiter=$BG_PID
    wait_until 10 waited_on "$F"
    run -0 lslocks -p "$holder" -r -n -o PID,TYPE,PATH
    assert_output "$holder FLOCK $F"
    run -0 ipc-lock ls -p "$holder" -r -n -o PID,TYPE,PATH
    assert_output "$holder FLOCK $F"
    run -0 ipc-lock ls --pid "$waiter" -r -n -o PID,STATE,BLOCKER,PATH
    assert_output "$waiter waiting $holder $F"
    # flock's child holds the lock through the descriptor it inherited.
    local child
    child=$(pgrep -P "$holder")
    run -0 ipc-lock ls -p "$child" -r -n -o PID,PATH
    assert_output "$holder $F"
    # Repeatable and a comma list; the columns and JSON of ls.
    run -0 ipc-lock ls -p "$holder,$waiter" --pid "$other" -r -n -o PID,PATH
    assert_line "$holder $F"
    assert_line "$waiter $F"
    assert_line "$other $G"
    [ "${#lines[@]}" -eq 3 ]
    run -0 --separate-stderr ipc-lock ls -p "$other" -J --output-all
    python3 -c '
import json, sys
rows = json.load(sys.stdin)["locks"]
assert len(rows) == 1 and rows[0]["path"] == sys.argv[1], rows
assert rows[0]["pid"] == int(sys.argv[2]), rows
if sys.argv[3] == "1":
    assert rows[0]["holders"] is None, rows
else:
    # SPEC 4: every process of a list is {"pid": PID, "command": COMMAND}.
    assert {"pid": int(sys.argv[2]), "command": "flock"} in rows[0]["holders"], rows
' "$G" "$other" "$(partial)" <<< "$output"
    run -1 ipc-lock ls -p 2147483647
    assert_output --partial "cannot find process 2147483647: No such process"
    run -2 ipc-lock ls -p -5
    run -2 ipc-lock ls -p 1,,2
    run -2 ipc-lock stat -p "$holder" "$F"
}

@test "ls, stat as a normal user: another user's locks have the PID /proc/locks gives, MAJOR:MINOR:INODE for the path, HOLDERS ? and one line on stderr" {
    need_root "setpriv to user nobody"
    command -v setpriv >/dev/null || skip "no setpriv"
    local nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    "${nobody[@]}" ipc-lock --version >/dev/null 2>&1 \
        || skip "user nobody cannot run the built ipc-lock from here"
    chmod 0755 "$TEST_DIR"
    local G=$TEST_DIR/gone H=$TEST_DIR/posix K=$TEST_DIR/ofd
    touch "$F" "$G" "$H" "$K"
    # root's flock(1), its child sleep holding the lock too.
    hold_with_flock -x
    local taker=$BG_PID
    # A lock whose taker exited: ipc-lock acquire; the shell, now sleep,
    # holds fd 9.
    bg bash -c 'exec 9>>"$0"; ipc-lock acquire fd:9 && exec sleep 300' "$G"
    local holder=$BG_PID
    wait_until 10 held "$G"
    wait_until 10 grep -qx sleep "/proc/$holder/comm"
    local gone
    gone=$(locks_of "$G" | awk '{print $5}')
    run -1 kill -0 "$gone"
    # A posix lock (its taker is its holder) and an OFD lock (no PID).
    bg python3 -c '
import fcntl, os, struct, sys, time
fd = os.open(sys.argv[1], os.O_RDWR)
fcntl.lockf(fd, fcntl.LOCK_EX, 1, 0)
fd = os.open(sys.argv[2], os.O_RDWR)
fcntl.fcntl(fd, fcntl.F_OFD_SETLK, struct.pack("hhqqi4x", fcntl.F_WRLCK, 0, 0, 0, 0))
open(sys.argv[2] + ".ready", "w").close()
time.sleep(300)
' "$H" "$K"
    local py=$BG_PID
    wait_until 10 test -e "$K.ready"
    # A posix request waits for the OFD lock: its blocker is not known.
    bg python3 -c '
import fcntl, os, sys
fcntl.lockf(os.open(sys.argv[1], os.O_RDWR), fcntl.LOCK_EX)
' "$K"
    local waiter=$BG_PID
    wait_until 10 waited_on "$K"

    run -0 --separate-stderr "${nobody[@]}" ipc-lock ls -r -n -o PATH,TYPE,PID,BLOCKER,STATE
    assert_line "$(devino "$K") POSIX $waiter ? waiting"
    assert_line "$(devino "$K") OFD ?  held"
    run -0 --separate-stderr "${nobody[@]}" ipc-lock ls -r -n -o PATH,TYPE,PID,COMMAND,HOLDERS
    assert_line "$(devino "$F") FLOCK $taker flock ?"
    assert_line "$(devino "$G") FLOCK $gone ? ?"
    assert_line "$(devino "$H") POSIX $py python3 $py:python3"
    assert_line "$(devino "$K") OFD ? ? ?"
    [[ $stderr =~ $PARTIAL ]]
    [ "${#stderr_lines[@]}" -eq 1 ]
    # lslocks gives the same PIDs, the exited taker's included.
    run -0 "${nobody[@]}" lslocks -r -n -o PID,INODE
    assert_line "$gone $(stat -c %i "$G")"
    assert_line "$taker $(stat -c %i "$F")"
    run -0 --separate-stderr "${nobody[@]}" ipc-lock ls -J -o PATH,PID,COMMAND,HOLDERS,INODE,STATE
    [[ $stderr =~ $PARTIAL ]]
    python3 -c '
import json, os, sys
rows = {r["inode"]: r for r in json.load(sys.stdin)["locks"] if r["state"] == "held"}
f, g, h, k = (rows[os.stat(p).st_ino] for p in sys.argv[1:5])
assert f["path"] is None and f["pid"] == int(sys.argv[5]) and f["holders"] is None, f
assert g["pid"] == int(sys.argv[6]) and g["command"] is None and g["holders"] is None, g
assert h["pid"] == int(sys.argv[7]) and isinstance(h["holders"], list) and len(h["holders"]) == 1, h
assert k["pid"] is None and k["command"] is None and k["holders"] is None, k
' "$F" "$G" "$H" "$K" "$taker" "$gone" "$py" <<< "$output"
    # The default columns need no walk and say nothing partial.
    run -0 --separate-stderr "${nobody[@]}" ipc-lock ls -r -n
    assert_line "$(devino "$F") FLOCK WRITE 0 EOF $taker flock  held"
    [ -z "$stderr" ]
    # stat: HOLDERS is ? when shown, and only then is it said.
    run -0 --separate-stderr "${nobody[@]}" ipc-lock stat -o STATE,HOLDERS -n "$F"
    assert_output $'exclusive\n?'
    [[ $stderr =~ $PARTIAL ]]
    run -0 --separate-stderr "${nobody[@]}" ipc-lock stat -o STATE,LOCKS -n "$F"
    assert_output $'exclusive\n1'
    [ -z "$stderr" ]
    run -0 --separate-stderr "${nobody[@]}" ipc-lock stat -J "$F"
    python3 -c '
import json, sys
o = json.load(sys.stdin)
assert o["holders"] is None and o["locks"] == 1, o
' <<< "$output"
    run -0 --separate-stderr "${nobody[@]}" ipc-lock stat -o HOLDERS -n "$H"
    assert_output "$py:python3"
    [ -z "$stderr" ]

    # root sees them all: paths and holders, nothing partial.
    run -0 --separate-stderr ipc-lock ls -r -n -o PATH,TYPE,PID,COMMAND,HOLDERS
    assert_line --regexp "^$F FLOCK $taker flock $taker:flock,[0-9]+:sleep\$"
    assert_line "$H POSIX $py python3 $py:python3"
    assert_line "$G FLOCK $holder sleep $holder:sleep"
    assert_line "$K OFD $py python3 $py:python3"
    run -0 ipc-lock ls -r -n -o PATH,TYPE,PID,BLOCKER,STATE
    assert_line "$K POSIX $waiter $py waiting"
    if ! some_process_unreadable; then
        [ -z "$stderr" ]
    fi
}

@test "ls -o HOLDERS, stat: holders as far as this user can tell: the list, or ? and one line on stderr" {
    touch "$F"
    hold_with_flock -x
    local taker=$BG_PID
    run -0 --separate-stderr ipc-lock ls -r -n -o PATH,HOLDERS
    if some_process_unreadable; then
        assert_line "$F ?"
        [[ $stderr =~ $PARTIAL ]]
        [ "${#stderr_lines[@]}" -eq 1 ]
    else
        assert_line --regexp "^$F $taker:flock,[0-9]+:sleep\$"
        [ -z "$stderr" ]
    fi
    # The default columns: the path, which this user's process has open.
    run -0 --separate-stderr ipc-lock ls -r -n -o PATH,PID,COMMAND
    assert_line "$F $taker flock"
    [ -z "$stderr" ]
}

@test "ls: a waiter names its blocker; -J types numbers and lists" {
    bg ipc-lock run "$F" -- sleep 300
    holder=$BG_PID
    wait_until 10 held "$F"
    bg ipc-lock run "$F" -- true
    waiter=$BG_PID
    wait_until 10 waited_on "$F"
    run -0 ipc-lock ls -r -n -o PID,STATE,BLOCKER,PATH
    assert_line "$holder held  $F"
    assert_line "$waiter waiting $holder $F"
    run -0 --separate-stderr ipc-lock ls -J --output-all
    python3 -c '
import json, sys
doc = json.load(sys.stdin)
rows = [r for r in doc["locks"] if r["path"] == sys.argv[1]]
assert len(rows) == 2, rows
for r in rows:
    assert isinstance(r["pid"], int) and isinstance(r["start"], int)
    if r["state"] == "held" and sys.argv[3] == "1":
        assert r["holders"] is None, r
    else:
        assert isinstance(r["holders"], list), r
h = [r for r in rows if r["state"] == "held"][0]
if sys.argv[3] != "1":
    assert {"pid": int(sys.argv[2]), "command": "sleep"} in h["holders"], h
w = [r for r in rows if r["state"] == "waiting"][0]
assert w["blocker"] == int(sys.argv[2]), w
' "$F" "$holder" "$(partial)" <<< "$output"
}

@test "ls: two processes waiting for each other's flock are marked deadlock" {
    A=$TEST_DIR/a B=$TEST_DIR/b
    bg ipc-lock run "$A" -- sh -c 'touch "$0.in"; until [ -e "$1.in" ]; do sleep 0.02; done; exec ipc-lock run "$1" -- true' "$A" "$B"
    p1=$BG_PID
    bg ipc-lock run "$B" -- sh -c 'touch "$0.in"; until [ -e "$1.in" ]; do sleep 0.02; done; exec ipc-lock run "$1" -- true' "$B" "$A"
    p2=$BG_PID
    wait_until 10 waited_on "$A"
    wait_until 10 waited_on "$B"
    run -0 ipc-lock ls -r -n -o PID,STATE
    assert_line "$p1 deadlock"
    assert_line "$p2 deadlock"
}

@test "ls: a deadlock through locks that flock(1)'s children inherited is marked deadlock (issue 18)" {
    A=$TEST_DIR/a B=$TEST_DIR/b
    touch "$A" "$B"
    # The issue's reproduction, flock A sh -c 'sleep 1; exec flock B sleep
    # 600' and the same with A and B swapped, with the 'sleep 1' made a
    # handshake: each child goes on once both locks are held.  Each flock
    # is recorded as holding its file; its child, which inherited the
    # descriptor, waits for the other file.
    bg flock "$A" sh -c 'touch "$0.in"; until [ -e "$1.in" ]; do sleep 0.02; done; exec flock "$1" sleep 600' "$A" "$B"
    p1=$BG_PID
    bg flock "$B" sh -c 'touch "$0.in"; until [ -e "$1.in" ]; do sleep 0.02; done; exec flock "$1" sleep 600' "$B" "$A"
    p2=$BG_PID
    wait_until 10 waited_on "$A"
    wait_until 10 waited_on "$B"
    local c1 c2
    c1=$(pgrep -P "$p1")
    c2=$(pgrep -P "$p2")
    run -0 ipc-lock ls -r -n -o PID,STATE,BLOCKER,PATH
    assert_line "$p1 held  $A"
    assert_line "$p2 held  $B"
    assert_line "$c1 deadlock $p2 $B"
    assert_line "$c2 deadlock $p1 $A"
    # The cycle that HOLDERS shows: each child holds what the other waits for.
    run -0 --separate-stderr ipc-lock ls -r -n -o PATH,STATE,HOLDERS
    holders_are "$A held " "$p1:flock,$c1:flock"
    holders_are "$B held " "$p2:flock,$c2:flock"
    run -0 ipc-lock ls -J -o PID,STATE,PATH
    python3 -c '
import json, sys
rows = [r for r in json.load(sys.stdin)["locks"] if r["path"] in sys.argv[1:]]
assert sorted(r["state"] for r in rows) == ["deadlock", "deadlock", "held", "held"], rows
' "$A" "$B" <<< "$output"
}

@test "ls: a waiter for a lock that a child of flock(1) inherited, with no cycle, is only waiting" {
    A=$TEST_DIR/a B=$TEST_DIR/b
    touch "$A" "$B"
    # flock A's child waits for B, held by a plain sleeper: no cycle.
    bg flock "$B" sleep 300
    wait_until 10 held "$B"
    bg flock "$A" flock "$B" true
    local p1=$BG_PID
    wait_until 10 waited_on "$B"
    bg flock "$A" true
    local w=$BG_PID
    wait_until 10 waited_on "$A"
    run -0 ipc-lock ls -r -n -o PID,STATE,PATH
    assert_line "$w waiting $A"
    assert_line "$(pgrep -P "$p1") waiting $B"
    refute_line --regexp " deadlock ($A|$B)\$"
}

@test "ls, stat: one byte at 0 ends at 0, a lock to the end of the file at EOF (JSON null), not both 0" {
    touch "$F"
    pylock x 0 1
    hold_with_flock -s
    # What the kernel says: "0 0" for the byte, "0 EOF" for flock's lock.
    locks_of "$F" | grep -q ' POSIX .* 0 0$'
    locks_of "$F" | grep -q ' FLOCK .* 0 EOF$'
    run -0 ipc-lock ls -r -n -o TYPE,START,END,PATH
    assert_line "POSIX 0 0 $F"
    assert_line "FLOCK 0 EOF $F"
    run -0 ipc-lock ls -J -o TYPE,START,END,PATH
    python3 -c '
import json, sys
rows = {r["type"]: r for r in json.load(sys.stdin)["locks"] if r["path"] == sys.argv[1]}
assert rows["POSIX"]["start"] == 0 and rows["POSIX"]["end"] == 0, rows
assert rows["FLOCK"]["start"] == 0 and rows["FLOCK"]["end"] is None, rows
' "$F" <<< "$output"
    run -0 ipc-lock stat -o RANGES -n "$F"
    assert_output "0-0,0-EOF"
    run -0 --separate-stderr ipc-lock stat -J "$F"
    python3 -c '
import json, sys
assert json.load(sys.stdin)["ranges"] == ["0-0", "0-EOF"]
' <<< "$output"
}

@test "ls, stat: ranges as python's lockf takes them: from an offset to EOF, and bounded" {
    touch "$F"
    pylock s 10 0
    bg python3 -c '
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR)
fcntl.lockf(fd, fcntl.LOCK_EX, 5, 2)
open(sys.argv[1] + ".ready2", "w").close()
time.sleep(300)
' "$F"
    wait_until 10 test -e "$F.ready2"
    run -0 ipc-lock ls -r -n -o MODE,START,END,PATH
    assert_line "READ 10 EOF $F"
    assert_line "WRITE 2 6 $F"
    # lslocks agrees where it can tell: the bounded range.
    run -0 lslocks -r -n -o START,END,PATH
    assert_line "2 6 $F"
    run -0 ipc-lock stat "$F"
    assert_line "RANGES: 2-6,10-EOF"
    assert_line "LOCKS: 2"
}

@test "ls: output options; unknown column and extra operand exit 2" {
    touch "$F"
    hold_with_flock -x
    run -0 ipc-lock ls
    assert_line --index 0 --regexp '^PATH +TYPE +MODE +START +END +PID +COMMAND +BLOCKER +STATE$'
    run -2 ipc-lock ls -o NOPE
    assert_output --partial "NOPE"
    run -2 ipc-lock ls extra
    assert_output --partial "extra operand"
    run -1 sh -c 'ipc-lock list >/dev/full'
    assert_output --partial "write error"
}

@test "stat: free, exclusive, shared, holders and waiters" {
    touch "$F"
    run -0 ipc-lock stat "$F"
    assert_line "PATH: $F"
    assert_line "STATE: free"
    assert_line "LOCKS: 0"
    run -0 ipc-lock stat -o STATE -n "$F"
    assert_output free

    bg flock -s "$F" sleep 300
    h1=$BG_PID
    bg flock -s "$F" sleep 300
    wait_until 10 two_locks_on "$F"
    run -0 ipc-lock info -o STATE,LOCKS -n "$F"
    assert_output $'shared\n2'
    run -0 --separate-stderr ipc-lock stat -o HOLDERS "$F"
    if some_process_unreadable; then
        assert_output "HOLDERS: ?"
        [[ $stderr =~ $PARTIAL ]]
    else
        assert_output --partial "$h1:flock"
    fi

    bg ipc-lock run -x "$F" -- true
    waiter=$BG_PID
    wait_until 10 waited_on "$F"
    run -0 --separate-stderr ipc-lock stat -J "$F"
    python3 -c '
import json, sys
o = json.load(sys.stdin)
assert o["state"] == "shared" and o["locks"] == 2, o
assert o["waiters"] == [{"pid": int(sys.argv[1]), "command": "ipc-lock"}], o
assert o["type"] == ["FLOCK"], o
' "$waiter" <<< "$output"
}

@test "stat: the lock is not taken; missing file exits 1; bad input exits 2" {
    touch "$F"
    hold_with_flock -x
    run -0 ipc-lock stat -o STATE -n "$F"
    assert_output exclusive
    run -1 ipc-lock stat "$TEST_DIR/missing"
    assert_output --partial "missing"
    [ ! -e "$TEST_DIR/missing" ]
    run -2 ipc-lock stat
    run -2 ipc-lock stat "$F" "$F"
    run -2 ipc-lock stat -o BOGUS "$F"
}

# --- bad input ------------------------------------------------------------

@test "bad input exits 2 (run: 125), names the bad text and creates nothing" {
    run -125 ipc-lock run "$F" true
    assert_output --partial "'--' must come before the command"
    run -125 ipc-lock run "$F" --
    assert_output --partial "missing command"
    run -125 ipc-lock run -- true
    run -125 ipc-lock run --type nope "$F" -- true
    assert_output --partial "nope"
    run -125 ipc-lock run -t 5parsecs "$F" -- true
    assert_output --partial "5parsecs"
    run -125 ipc-lock run --range 5 "$F" -- true
    run -125 ipc-lock run --range 0:1 "$F" -- true
    assert_output --partial "--range"
    run -125 ipc-lock run --mode 0999 "$F" -- true
    run -125 ipc-lock run --bogus "$F" -- true
    run -125 ipc-lock run "$F" "$F.other" -- true
    run -125 ipc-lock run "fd:3" -- true
    run -2 ipc-lock frobnicate
    assert_output --partial "frobnicate"
    run -2 ipc-lock
    [ ! -e "$F" ] && [ ! -e "$F.other" ]
}

@test "run: a chain of posix locks keeps the first one, also with 0-2 closed" {
    touch "$F"
    # Moving a descriptor of the file off 0-2 would close one, and closing
    # any descriptor of a file drops the process's posix locks on it.
    bg bash -c 'exec ipc-lock run --type posix --range 0:1 "$0" -- ipc-lock run --type posix --range 5:1 "$0" -- sleep 300 <&- >&- 2>&-' "$F"
    wait_until 10 two_locks_on "$F"
    run -1 python3 -c '
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
try:
    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 0)
except OSError:
    sys.exit(1)
' "$F"
}

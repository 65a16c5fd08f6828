#!/usr/bin/env bats
# ipc-signal: signals sent to and taken from real peers (bash traps,
# python3's sigwaitinfo/sigtimedwait, procps kill(1) with --queue),
# pidfiles read with care and written without a race, and the masks of
# /proc/PID/status.

bats_require_minimum_version 1.5.0
load common

# Messages are asserted exactly, with the C locale's plain quotes.
export LC_ALL=C

# The waiter's pidfile and output, in this test's own directory.
setup() {
    common_setup
    PIDFILE=$TEST_DIR/waiter.pid
    OUT=$TEST_DIR/out
}

# waiter ARG...: start 'ipc-signal wait --pidfile $PIDFILE ARG...' in the
# background, its output in $OUT, and return once its pidfile is there:
# from then on the signals are blocked and none sent is lost.  Its PID is
# $WAITER.
waiter() {
    bg ipc-signal wait --pidfile "$PIDFILE" "$@" >"$OUT"
    WAITER=$BG_PID
    # Its own PID: a file planted there before does not count.
    wait_until 20 pidfile_is "$WAITER"
}

# pidfile_is PID: $PIDFILE holds PID.
pidfile_is() { [ "$(cat "$PIDFILE" 2>/dev/null)" = "$1" ]; }

# exits_with STATUS PID: background process PID (a child of this shell)
# ends with STATUS.
exits_with() { local st=0; wait "$2" || st=$?; assert_equal "$st" "$1"; }

# catches PID SIG: process PID has a handler for signal number SIG.
catches() {
    local mask
    mask=$(awk '/^SigCgt:/ { print $2 }' /proc/"$1"/status 2>/dev/null)
    [ -n "$mask" ] && (( (16#$mask >> ($2 - 1)) & 1 ))
}

# trapper SIG...: a bash in the background that appends the name of each
# SIG it gets to $OUT (from its trap); returns once the traps are set.
trapper() {
    local sig script=
    for sig in "$@"; do
        script+="trap 'echo $sig >>\"\$1\"' $sig; "
    done
    bg bash -c "$script"'while :; do sleep 0.05; done' bash "$OUT"
    TRAPPER=$BG_PID
    # The traps are set in order: the last one set means all are.
    wait_until 20 catches "$TRAPPER" "$(kill -l "${*: -1}")"
}

# lines_in FILE N: FILE has N lines.
# usage_error VERB MESSAGE ARG...: 'ipc-signal VERB ARG...' exits 2 with
# MESSAGE and the hint to VERB --help on stderr, and prints nothing else.
usage_error() {
    local verb=$1 message=$2; shift 2
    run -2 --separate-stderr ipc-signal "$verb" "$@"
    assert_equal "$output" ""
    assert_equal "${stderr_lines[0]}" "ipc-signal: $message"
    assert_equal "${stderr_lines[1]}" "Try 'ipc-signal $verb --help' for more information."
}

lines_in() { [ "$(wc -l <"$1")" -eq "$2" ]; }

# --- send ----------------------------------------------------------------

@test "send: a bash trap gets the signal, by name, number or RTMIN+N" {
    trapper USR1 USR2 HUP RTMIN+3
    run -0 ipc-signal send USR1 "$TRAPPER"
    wait_until 20 lines_in "$OUT" 1
    run -0 ipc-signal send SIGusr2 "$TRAPPER"
    wait_until 20 lines_in "$OUT" 2
    run -0 ipc-signal send 1 "$TRAPPER"
    wait_until 20 lines_in "$OUT" 3
    run -0 ipc-signal send RTMIN+3 "$TRAPPER"
    wait_until 20 lines_in "$OUT" 4
    run -0 cat "$OUT"
    assert_output "$(printf 'USR1\nUSR2\nHUP\nRTMIN+3')"
}

@test "send: several targets, a process group, and every target tried after a failure" {
    trapper USR1
    local first=$TRAPPER
    # A group of two shells, each with the trap (their sleeps die of USR2).
    bg bash -c 'trap "echo g1 >>\"\$1\"" USR2
        (trap "echo g2 >>\"\$1\"" USR2; echo >>"$2"; while :; do sleep 0.05; done) &
        echo >>"$2"; while :; do sleep 0.05; done' bash "$OUT" "$TEST_DIR/ready"
    local group=$BG_PID
    wait_until 20 lines_in "$TEST_DIR/ready" 2
    local absent=$(( $(cat /proc/sys/kernel/pid_max) + 1 ))
    run -1 --separate-stderr ipc-signal send USR1 "$absent" "$first"
    assert_equal "$stderr" "ipc-signal: cannot send USR1 to process $absent: No such process"
    wait_until 20 lines_in "$OUT" 1
    run -0 ipc-signal send USR2 -- "-$group"
    # One at a time: standard signals merge while pending.
    wait_until 20 lines_in "$OUT" 3
    run -0 ipc-signal send USR2 "-$group"
    wait_until 20 lines_in "$OUT" 5
    run -0 sort "$OUT"
    assert_output "$(printf 'USR1\ng1\ng1\ng2\ng2')"
}

@test "send 0: only checks that the process exists and may be signalled" {
    trapper USR1
    run -0 ipc-signal send 0 "$TRAPPER"
    run -0 ipc-signal send 00 "$TRAPPER"
    run -1 --separate-stderr ipc-signal send 32 "$(( $(cat /proc/sys/kernel/pid_max) + 1 ))"
    assert_equal "$stderr" "ipc-signal: cannot send signal 32 to process $(( $(cat /proc/sys/kernel/pid_max) + 1 )): No such process"
    local absent=$(( $(cat /proc/sys/kernel/pid_max) + 1 ))
    run -1 --separate-stderr ipc-signal send 0 "$absent"
    assert_equal "$stderr" "ipc-signal: cannot send signal 0 to process $absent: No such process"
    [ ! -s "$OUT" ]
}

@test "send: another user's process is EPERM, status 1, the other targets still signalled" {
    local as_user=() victim
    if [ "$(id -u)" = 0 ]; then
        command -v setpriv >/dev/null || skip "no setpriv"
        as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
        victim=$$
    else
        victim=1
        [ "$(stat -c %u /proc/1)" != "$(id -u)" ] || skip "PID 1 is ours here"
    fi
    run -1 --separate-stderr "${as_user[@]}" ipc-signal send 0 "$victim"
    assert_equal "$stderr" "ipc-signal: cannot send signal 0 to process $victim: Operation not permitted"
    run -1 --separate-stderr "${as_user[@]}" ipc-signal send --value 3 USR1 "$victim"
    assert_equal "$stderr" "ipc-signal: cannot send USR1 to process $victim: Operation not permitted"
}

@test "send: malformed signals, targets and values are usage errors, nothing sent" {
    trapper USR1
    local t=$TRAPPER
    bad() { usage_error send "$@"; }
    bad "invalid signal 'FOO': unknown signal name" FOO "$t"
    bad "invalid signal '65': signal number out of range" 65 "$t"
    bad "invalid signal '99999999999999999999': signal number out of range" 99999999999999999999 "$t"
    bad "invalid signal '-9': unknown signal name" -9 "$t"
    bad "invalid signal 'RTMAX+1': real-time signal out of range" RTMAX+1 "$t"
    bad "invalid signal '': empty" '' "$t"
    bad "invalid target 'abc': not a PID, -PGID or pidfile:PATH" USR1 "$t" abc
    bad "invalid target '+5': not a PID, -PGID or pidfile:PATH" USR1 "$t" +5
    bad "invalid target '': not a PID, -PGID or pidfile:PATH" USR1 "$t" ''
    bad "invalid target '0': 0 would be our own process group; give -PGID" USR1 "$t" 0
    bad "invalid target '-0': 0 would be our own process group; give -PGID" USR1 "$t" -0
    bad "invalid target '-1': refusing to signal every process" USR1 "$t" -1
    bad "invalid target '2147483648': PID out of range" USR1 "$t" 2147483648
    bad "invalid target '-99999999999999999999999': PID out of range" USR1 "$t" -99999999999999999999999
    bad "invalid target 'pidfile:': no path after 'pidfile:'" USR1 "$t" pidfile:
    local range="expected an integer from -2147483648 to 2147483647"
    bad "invalid --value argument 'x': $range" --value x USR1 "$t"
    bad "invalid --value argument '2147483648': $range" --value 2147483648 USR1 "$t"
    bad "invalid --value argument '-2147483649': $range" --value -2147483649 USR1 "$t"
    bad "invalid --value argument '99999999999999999999': $range" --value 99999999999999999999 USR1 "$t"
    bad "invalid --value argument '-99999999999999999999': $range" --value -99999999999999999999 USR1 "$t"
    bad "invalid target '-$t': --value goes to one process, not a process group" --value 1 USR1 "-$t"
    sleep 0.2
    [ ! -s "$OUT" ]
}

@test "send pidfile:PATH: a PID with blanks around, through a symbolic link" {
    trapper USR1
    printf ' \t%s\n\n' "$TRAPPER" >"$TEST_DIR/pid"
    ln -s "$TEST_DIR/pid" "$TEST_DIR/link"
    run -0 ipc-signal send USR1 "pidfile:$TEST_DIR/pid"
    wait_until 20 lines_in "$OUT" 1
    run -0 ipc-signal send USR1 "pidfile:$TEST_DIR/link"
    wait_until 20 lines_in "$OUT" 2
}

@test "send pidfile:PATH: a FIFO, a device, garbage, a huge, empty or stale file fail at once with status 1" {
    trapper USR1
    local d=$TEST_DIR absent=$(( $(cat /proc/sys/kernel/pid_max) + 1 ))
    mkfifo "$d/fifo"
    ln -s "$d/fifo" "$d/fifo-link"
    ln -s /dev/zero "$d/dev"
    : >"$d/empty"
    printf '\n \n' >"$d/blank"
    echo garbage >"$d/garbage"
    printf '%s garbage\n' "$TRAPPER" >"$d/trailing"
    printf '%s\n%s\n' "$TRAPPER" "$TRAPPER" >"$d/two"
    printf '%s\0' "$TRAPPER" >"$d/nul"
    echo 0 >"$d/zero"
    echo -1 >"$d/minus-one"
    echo "-$TRAPPER" >"$d/group"
    echo 99999999999999999999 >"$d/overflow"
    head -c 65 /dev/zero | tr '\0' 0 >"$d/huge"
    head -c 10M /dev/zero >"$d/huger"
    echo "$absent" >"$d/stale"
    local n=0
    expect() {
        local file=$1 message=$2
        # timeout: a FIFO must never be waited on.
        run -1 --separate-stderr timeout 10 ipc-signal send USR1 "pidfile:$d/$file" "$TRAPPER"
        assert_equal "$stderr" "ipc-signal: $message"
        # The process after the bad pidfile was still signalled (one at a
        # time: standard signals merge while pending).
        n=$((n + 1))
        wait_until 20 lines_in "$OUT" "$n"
    }
    expect fifo "invalid pidfile '$d/fifo': not a regular file"
    expect fifo-link "invalid pidfile '$d/fifo-link': not a regular file"
    expect dev "invalid pidfile '$d/dev': not a regular file"
    expect . "invalid pidfile '$d/.': not a regular file"
    expect empty "invalid pidfile '$d/empty': empty"
    expect blank "invalid pidfile '$d/blank': empty"
    expect garbage "invalid pidfile '$d/garbage': not one decimal PID"
    expect trailing "invalid pidfile '$d/trailing': not one decimal PID"
    expect two "invalid pidfile '$d/two': not one decimal PID"
    expect nul "invalid pidfile '$d/nul': not one decimal PID"
    expect zero "invalid pidfile '$d/zero': PID 0 is not a process"
    expect minus-one "invalid pidfile '$d/minus-one': not one decimal PID"
    expect group "invalid pidfile '$d/group': not one decimal PID"
    expect overflow "invalid pidfile '$d/overflow': PID out of range"
    expect huge "invalid pidfile '$d/huge': too large for a pidfile"
    expect huger "invalid pidfile '$d/huger': too large for a pidfile"
    expect stale "stale pidfile '$d/stale': no process $absent"
    expect missing "cannot read pidfile '$d/missing': No such file or directory"
}

@test "send pidfile:PATH: a file we may not read is status 1 with the reason" {
    [ "$(id -u)" != 0 ] || skip "root reads any file: checked as a normal user"
    echo $$ >"$TEST_DIR/pid"
    chmod 000 "$TEST_DIR/pid"
    run -1 --separate-stderr ipc-signal send 0 "pidfile:$TEST_DIR/pid"
    assert_equal "$stderr" "ipc-signal: cannot read pidfile '$TEST_DIR/pid': Permission denied"
}

@test "send --value: python3's sigtimedwait sees our PID, UID and the payload" {
    local py='
import os, signal, sys
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1, signal.SIGRTMIN})
open(sys.argv[1] + ".tmp", "w").write(str(os.getpid()))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
for _ in range(2):
    i = signal.sigtimedwait({signal.SIGUSR1, signal.SIGRTMIN}, 60)
    # Python has no si_value: on Linux its si_status is the same int.
    print(i.si_signo, i.si_code, i.si_pid, i.si_uid, i.si_status, flush=True)
'
    bg python3 -c "$py" "$TEST_DIR/py.pid" >"$OUT"
    wait_until 20 test -s "$TEST_DIR/py.pid"
    # The sender's PID: a shell that execs ipc-signal keeps its own.
    bash -c 'echo $$ >"$1"; exec ipc-signal send --value -123456 USR1 "pidfile:$2"' \
        bash "$TEST_DIR/s1" "$TEST_DIR/py.pid"
    wait_until 20 lines_in "$OUT" 1
    bash -c 'echo $$ >"$1"; exec ipc-signal send RTMIN "$2"' \
        bash "$TEST_DIR/s2" "$(cat "$TEST_DIR/py.pid")"
    wait_until 20 lines_in "$OUT" 2
    run -0 cat "$OUT"
    # SI_QUEUE is -1, SI_USER 0.
    assert_line --index 0 "10 -1 $(cat "$TEST_DIR/s1") $(id -u) -123456"
    assert_line --index 1 --regexp "^$(kill -l RTMIN) 0 $(cat "$TEST_DIR/s2") $(id -u) "
}

# --- wait ----------------------------------------------------------------

@test "wait: prints SIGNAL SENDER_PID SENDER_UID, and VALUE for a payload" {
    waiter -c 2 USR1 RTMIN+2
    bash -c 'echo $$ >"$1"; exec ipc-signal send USR1 "$2"' bash "$TEST_DIR/s1" "$WAITER"
    wait_until 20 lines_in "$OUT" 1
    bash -c 'echo $$ >"$1"; exec ipc-signal send --value 0 RTMIN+2 "$2"' bash "$TEST_DIR/s2" "$WAITER"
    exits_with 0 "$WAITER"
    run -0 cat "$OUT"
    assert_line --index 0 "USR1 $(cat "$TEST_DIR/s1") $(id -u)"
    assert_line --index 1 "RTMIN+2 $(cat "$TEST_DIR/s2") $(id -u) 0"
    assert_equal "${#lines[@]}" 2
    [ ! -e "$PIDFILE" ] || fail "the pidfile was left behind"
}

@test "wait: python3's os.kill and procps kill -q show their PID, UID and value" {
    waiter -c 2 --json USR2
    python3 -c 'import os, signal, sys
open(sys.argv[1], "w").write(str(os.getpid()))
os.kill(int(sys.argv[2]), signal.SIGUSR2)' "$TEST_DIR/s1" "$WAITER"
    wait_until 20 lines_in "$OUT" 1
    # kill(1), not the shell's builtin.
    local kill
    kill=$(type -P kill) || skip "no kill(1)"
    "$kill" --help 2>&1 | grep -q -- '--queue' || skip "this kill(1) has no --queue"
    bash -c 'echo $$ >"$1"; exec "$3" -q 77 -s USR2 "$2"' bash "$TEST_DIR/s2" "$WAITER" "$kill"
    exits_with 0 "$WAITER"
    run -0 cat "$OUT"
    assert_line --index 0 "{\"signal\": \"USR2\", \"number\": 12, \"sender_pid\": $(cat "$TEST_DIR/s1"), \"sender_uid\": $(id -u), \"sender_verified\": true, \"value\": null}"
    assert_line --index 1 "{\"signal\": \"USR2\", \"number\": 12, \"sender_pid\": $(cat "$TEST_DIR/s2"), \"sender_uid\": $(id -u), \"sender_verified\": false, \"value\": 77}"
    # Each line is a JSON document.
    run -0 python3 -c 'import json, sys
for line in open(sys.argv[1]): print(json.loads(line)["value"])' "$OUT"
    assert_output "$(printf 'None\n77')"
}

@test "wait --shell: lines to eval" {
    waiter --shell RTMIN+1
    bash -c 'echo $$ >"$1"; exec ipc-signal send --value 42 RTMIN+1 "$2"' bash "$TEST_DIR/s1" "$WAITER"
    exits_with 0 "$WAITER"
    run -0 cat "$OUT"
    assert_output "IPC_SIGNAL=RTMIN+1 IPC_SIGNAL_NUMBER=$(( $(kill -l RTMIN) + 1 )) IPC_SENDER_PID=$(cat "$TEST_DIR/s1") IPC_SENDER_UID=$(id -u) IPC_SENDER_VERIFIED=0 IPC_VALUE=42"
    eval "$output"
    assert_equal "$IPC_SIGNAL $IPC_VALUE" "RTMIN+1 42"
    waiter --shell HUP
    ipc-signal send HUP "$WAITER"
    exits_with 0 "$WAITER"
    run -0 cat "$OUT"
    assert_output --regexp '^IPC_SIGNAL=HUP IPC_SIGNAL_NUMBER=1 IPC_SENDER_PID=[0-9]+ IPC_SENDER_UID=[0-9]+ IPC_SENDER_VERIFIED=1 IPC_VALUE=$'
}

@test "wait -t 0.3: 124 in bounded time, also when the caller blocked SIGALRM and the signals" {
    elapsed_ms ipc-signal wait -t 0.3 USR1
    assert_equal "$status" 124
    [ "$ELAPSED_MS" -ge 290 ] && [ "$ELAPSED_MS" -lt 5000 ] || fail "took $ELAPSED_MS ms"
    # A parent that blocked SIGALRM and USR1 and ignores SIGALRM: the
    # mask is inherited through exec.
    local blocked='import os, signal, sys
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM, signal.SIGUSR1})
signal.signal(signal.SIGALRM, signal.SIG_IGN)
os.execvp(sys.argv[1], sys.argv[1:])'
    elapsed_ms python3 -c "$blocked" ipc-signal wait -t 0.3 USR1 USR2
    assert_equal "$status" 124
    [ "$ELAPSED_MS" -ge 290 ] && [ "$ELAPSED_MS" -lt 5000 ] || fail "took $ELAPSED_MS ms"
    run -124 --separate-stderr ipc-signal wait -n USR1
    assert_equal "$output$stderr" ""
    # Fewer than COUNT in time: what came is printed, then 124.
    waiter -c 2 -t 2 USR1
    ipc-signal send USR1 "$WAITER"
    exits_with 124 "$WAITER"
    run -0 cat "$OUT"
    assert_output --regexp '^USR1 [0-9]+ [0-9]+$'
}

@test "wait: a signal that was pending and blocked when we started is taken at once" {
    local pending='import os, signal, sys
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1})
os.kill(os.getpid(), signal.SIGUSR1)
os.execvp(sys.argv[1], sys.argv[1:])'
    run -0 python3 -c "$pending" ipc-signal wait -n USR1
    assert_output --regexp "^USR1 [0-9]+ $(id -u)\$"
}

@test "wait -c 3: three sends, exactly three lines; real-time signals are queued" {
    waiter -c 3 USR1
    local i
    for i in 1 2 3; do
        ipc-signal send USR1 "$WAITER"
        # Standard signals merge while pending: one at a time.
        wait_until 20 lines_in "$OUT" "$i"
    done
    exits_with 0 "$WAITER"
    run -0 cat "$OUT"
    assert_equal "${#lines[@]}" 3
    # Three at once, queued before the waiter takes any.
    waiter -c 3 RTMIN+4
    ipc-signal send --value 1 RTMIN+4 "$WAITER"
    ipc-signal send --value 2 RTMIN+4 "$WAITER"
    ipc-signal send --value 3 RTMIN+4 "$WAITER"
    exits_with 0 "$WAITER"
    run -0 awk '{ print $1, $4 }' "$OUT"
    assert_output "$(printf 'RTMIN+4 1\nRTMIN+4 2\nRTMIN+4 3')"
}

@test "wait --pidfile: a script that waits for the file, then sends, never loses the signal" {
    local i
    for i in $(seq 20); do
        bg ipc-signal wait -t 60 --pidfile "$PIDFILE" USR2 >"$OUT"
        until [ -s "$PIDFILE" ]; do sleep 0.001; done
        ipc-signal send USR2 "pidfile:$PIDFILE"
        exits_with 0 "$BG_PID"
        assert_equal "$(cut -d' ' -f1 "$OUT")" USR2
        [ ! -e "$PIDFILE" ] || fail "round $i: the pidfile was left behind"
    done
}

@test "wait --pidfile: 0600 whatever the umask or --mode, a symlink there replaced, removed at the end" {
    local umask
    umask=$(umask)
    umask 000
    waiter -t 60 USR1
    run -0 stat -c %a "$PIDFILE"
    assert_output 600
    ipc-signal send USR1 "$WAITER"
    exits_with 0 "$WAITER"
    [ ! -e "$PIDFILE" ]
    umask 077
    waiter --mode u=rw,go=r USR1
    umask "$umask"
    run -0 stat -c %a "$PIDFILE"
    assert_output 644
    ipc-signal send USR1 "$WAITER"
    exits_with 0 "$WAITER"
    # A symbolic link planted at PATH is replaced, its target untouched.
    echo precious >"$TEST_DIR/target"
    ln -s "$TEST_DIR/target" "$PIDFILE"
    waiter -t 60 USR1
    [ ! -L "$PIDFILE" ]
    assert_equal "$(cat "$TEST_DIR/target")" precious
    # Removed on a timeout, and on a stop signal (which kills us by it).
    kill -TERM "$WAITER"
    exits_with 143 "$WAITER"
    [ ! -e "$PIDFILE" ] || fail "left behind by TERM"
    waiter -t 0.5 USR1
    exits_with 124 "$WAITER"
    [ ! -e "$PIDFILE" ] || fail "left behind by a timeout"
    # Not removed when another process put its own file there.
    waiter -t 60 USR1
    echo 1 >"$TEST_DIR/other" && mv "$TEST_DIR/other" "$PIDFILE"
    ipc-signal send USR1 "$WAITER"
    exits_with 0 "$WAITER"
    assert_equal "$(cat "$PIDFILE")" 1
    # No temporary file is left in the directory.
    run -0 ls -A "$TEST_DIR"
    assert_output "$(printf 'out\ntarget\nwaiter.pid')"
}

@test "wait --pidfile: a directory we cannot write is status 1, nothing waited for" {
    run -1 --separate-stderr ipc-signal wait -t 10 --pidfile "$TEST_DIR/missing/w.pid" USR1
    assert_equal "$stderr" "ipc-signal: cannot write pidfile '$TEST_DIR/missing/w.pid': No such file or directory"
    run -2 --separate-stderr ipc-signal wait --pidfile '' USR1
    assert_equal "${stderr_lines[0]}" "ipc-signal: invalid --pidfile argument '': empty"
}

@test "wait: a signal the caller ignores (nohup) is still received; stop signals waited for are printed" {
    bg bash -c 'trap "" HUP USR1; exec ipc-signal wait -c 2 --pidfile "$1" HUP USR1' bash "$PIDFILE" >"$OUT"
    WAITER=$BG_PID
    wait_until 20 test -s "$PIDFILE"
    ipc-signal send HUP "$WAITER"
    wait_until 20 lines_in "$OUT" 1
    ipc-signal send USR1 "$WAITER"
    exits_with 0 "$WAITER"
    run -0 cut -d' ' -f1 "$OUT"
    assert_output "$(printf 'HUP\nUSR1')"
    waiter TERM INT
    ipc-signal send TERM "$WAITER"
    exits_with 0 "$WAITER"
    run -0 cut -d' ' -f1 "$OUT"
    assert_output TERM
}

@test "wait: blocks in the kernel, survives STOP/CONT, and a stop signal not waited for ends it by that signal" {
    waiter -t 60 USR1
    [ "$(awk '{print $3}' /proc/"$WAITER"/stat)" = S ]
    local before after
    before=$(awk '/^voluntary_ctxt_switches/ {print $2}' /proc/"$WAITER"/status)
    sleep 0.3
    after=$(awk '/^voluntary_ctxt_switches/ {print $2}' /proc/"$WAITER"/status)
    assert_equal "$after" "$before"
    kill -STOP "$WAITER"
    kill -CONT "$WAITER"
    ipc-signal send USR1 "$WAITER"
    exits_with 0 "$WAITER"
    run -0 cut -d' ' -f1 "$OUT"
    assert_output USR1
    waiter -t 60 USR1
    # (INT would not do: a shell starts background commands with it ignored.)
    kill -HUP "$WAITER"
    exits_with 129 "$WAITER"
    [ ! -e "$PIDFILE" ]
}

@test "wait: KILL, STOP, 32, bad signals, counts and durations are usage errors" {
    bad() { usage_error wait "$@"; }
    bad "cannot wait for KILL: it can be neither blocked nor caught" USR1 KILL
    bad "cannot wait for STOP: it can be neither blocked nor caught" SIGSTOP
    bad "cannot wait for signal 32: the C library keeps it for itself" 32
    bad "cannot wait for signal 33: the C library keeps it for itself" 33
    bad "invalid signal '0': signal number out of range" 0
    bad "invalid signal 'FOO': unknown signal name" FOO
    bad "invalid --timeout argument '1x': unknown unit 'x'" -t 1x USR1
    bad "invalid --timeout argument '-1': negative duration" -t -1 USR1
    bad "invalid --count argument '0': not between 1 and 18446744073709551615" -c 0 USR1
    bad "invalid --count argument 'x': not a decimal number" -c x USR1
    bad "--json and --shell are exclusive" --json --shell USR1
    bad "--mode applies to the --pidfile" --mode 0644 USR1
    bad "invalid --mode argument '4755': a pidfile takes permission bits only (0777)" --pidfile "$PIDFILE" --mode 4755 USR1
    [ ! -e "$PIDFILE" ]
}

@test "wait: a closed or full stdout is status 1 with a message; our files never take fd 0-2" {
    waiter -t 60 USR1
    # (The waiter above wrote its output; now with stdout closed.)
    ipc-signal send USR1 "$WAITER"
    exits_with 0 "$WAITER"
    bg sh -c 'exec ipc-signal wait -t 60 --pidfile "$1" USR1 >&- 2>"$2"' sh "$PIDFILE" "$TEST_DIR/err"
    WAITER=$BG_PID
    wait_until 20 test -s "$PIDFILE"
    ipc-signal send USR1 "$WAITER"
    exits_with 1 "$WAITER"
    run -0 cat "$TEST_DIR/err"
    assert_output "ipc-signal: write error: Bad file descriptor; 1 signal taken from 'USR1' was not written"
    [ ! -e "$PIDFILE" ]
    bg sh -c 'exec ipc-signal wait -t 60 --pidfile "$1" USR1 >/dev/full 2>"$2"' sh "$PIDFILE" "$TEST_DIR/err"
    WAITER=$BG_PID
    wait_until 20 test -s "$PIDFILE"
    ipc-signal send USR1 "$WAITER"
    exits_with 1 "$WAITER"
    run -0 cat "$TEST_DIR/err"
    assert_output --regexp "^ipc-signal: write error: No space left on device"
    # A reader that went away: killed by SIGPIPE, as cat would be, and
    # the pidfile still removed.
    bg bash -c 'ipc-signal wait -t 60 --pidfile "$1" USR1 | true; echo "${PIPESTATUS[0]}" >"$2"' bash "$PIDFILE" "$TEST_DIR/status"
    wait_until 20 test -s "$PIDFILE"
    ipc-signal send USR1 "pidfile:$PIDFILE"
    exits_with 0 "$BG_PID"
    assert_equal "$(cat "$TEST_DIR/status")" 141
    [ ! -e "$PIDFILE" ] || fail "left behind by SIGPIPE"
    # With 0-2 closed, the pidfile's descriptor is moved above 2: nothing
    # of ours lands on fd 1, and the pidfile holds only the PID.
    bg sh -c 'exec ipc-signal wait -t 60 --pidfile "$1" USR1 <&- >&- 2>&-' sh "$PIDFILE"
    WAITER=$BG_PID
    wait_until 20 test -s "$PIDFILE"
    assert_equal "$(cat "$PIDFILE")" "$WAITER"
    ipc-signal send USR1 "pidfile:$PIDFILE" <&- >&- 2>&-
    exits_with 1 "$WAITER"
}

# --- list ----------------------------------------------------------------

@test "list: every signal with its default action, real-time ones included" {
    run -0 ipc-signal list
    assert_line --index 0 --regexp '^NUMBER +NAME +ACTION +DESCRIPTION$'
    assert_equal "${#lines[@]}" "$(( $(kill -l RTMAX) + 1 ))"
    assert_line --regexp '^ +1 HUP +Term +Hangup$'
    assert_line --regexp '^ +9 KILL +Term '
    assert_line --regexp '^ +11 SEGV +Core '
    assert_line --regexp '^ +17 CHLD +Ign '
    assert_line --regexp '^ +18 CONT +Cont '
    assert_line --regexp '^ +19 STOP +Stop '
    assert_line --regexp '^ +32 32 +Term +reserved by the C library$'
    assert_line --regexp "^ +$(( $(kill -l RTMIN) + 3 )) RTMIN\\+3 +Term "
    assert_line --regexp "^ +$(kill -l RTMAX) RTMAX +Term "
    # In the order of their numbers.
    run -0 ipc-signal list -r -n -o NAME,ACTION usr1 RTMAX-1 29
    assert_output "$(printf 'USR1 Term\nIO Term\nRTMAX-1 Term')"
    run -0 ipc-signal list -J TSTP
    assert_output '{
   "signals": [
      {
         "number": 20,
         "name": "TSTP",
         "action": "Stop",
         "description": "Stopped"
      }
   ]
}'
    run -2 --separate-stderr ipc-signal list KILL 0
    assert_equal "${stderr_lines[0]}" "ipc-signal: invalid signal '0': signal number out of range"
    run -1 --separate-stderr sh -c 'ipc-signal list >/dev/full'
    assert_equal "$stderr" "ipc-signal: write error: No space left on device"
}

# --- stat and ls ---------------------------------------------------------

# masked: a python3 in the background that blocks USR1 (one pending),
# ignores PIPE and WINCH, and catches USR2 and RTMIN+1.  $MASKED is its PID.
masked() {
    local py='import os, signal, sys, time
signal.signal(signal.SIGPIPE, signal.SIG_IGN)
signal.signal(signal.SIGWINCH, signal.SIG_IGN)
signal.signal(signal.SIGUSR2, lambda *a: None)
signal.signal(signal.SIGRTMIN + 1, lambda *a: None)
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1})
os.kill(os.getpid(), signal.SIGUSR1)
open(sys.argv[1], "w").write("ready")
time.sleep(300)'
    bg python3 -c "$py" "$TEST_DIR/ready"
    MASKED=$BG_PID
    wait_until 20 test -s "$TEST_DIR/ready"
}

@test "stat PID: pending, blocked, ignored and caught signals by name" {
    masked
    run -0 ipc-signal stat -o PENDING,BLOCKED "$MASKED"
    assert_output "$(printf 'PENDING: USR1\nBLOCKED: USR1')"
    run -0 ipc-signal stat -n -o IGNORED "$MASKED"
    assert_output --regexp '(^|,)PIPE(,|$)'
    assert_output --regexp '(^|,)WINCH(,|$)'
    run -0 ipc-signal stat -n -o CAUGHT "$MASKED"
    assert_output --regexp '(^|,)USR2(,|$)'
    assert_output --regexp '(^|,)RTMIN\+1(,|$)'
    refute_output --regexp '(^|,)USR1(,|$)'
    run -0 ipc-signal stat -o PID,COMMAND,UID "$MASKED"
    assert_output "$(printf 'PID: %s\nCOMMAND: python3\nUID: %s' "$MASKED" "$(id -u)")"
    run -0 ipc-signal info -J -o PID,PENDING "$MASKED"
    assert_output "{
   \"pid\": $MASKED,
   \"pending\": [\"USR1\"]
}"
    # Agrees with what bash's traps set up.
    trapper USR2 HUP
    run -0 ipc-signal stat -n -o CAUGHT "$TRAPPER"
    assert_output --regexp '(^|,)HUP(,|$)'
    assert_output --regexp '(^|,)USR2(,|$)'
}

@test "stat: a missing PID is status 1, a malformed one 2" {
    local absent=$(( $(cat /proc/sys/kernel/pid_max) + 1 ))
    run -1 --separate-stderr ipc-signal stat "$absent"
    assert_equal "$stderr" "ipc-signal: cannot read process $absent: No such process"
    run -2 --separate-stderr ipc-signal stat abc
    assert_equal "${stderr_lines[0]}" "ipc-signal: invalid PID 'abc': not a PID"
    run -2 --separate-stderr ipc-signal stat 0
    assert_equal "${stderr_lines[0]}" "ipc-signal: invalid PID '0': out of range"
    run -2 --separate-stderr ipc-signal stat -- -1
    assert_equal "${stderr_lines[0]}" "ipc-signal: invalid PID '-1': out of range"
    run -2 --separate-stderr ipc-signal stat 99999999999999999999999
    assert_equal "${stderr_lines[0]}" "ipc-signal: invalid PID '99999999999999999999999': out of range"
    run -1 --separate-stderr sh -c 'ipc-signal stat $$ >/dev/full'
    assert_equal "$stderr" "ipc-signal: write error: No space left on device"
}

@test "ls --caught SIG: the processes that catch it, and the other selections" {
    masked
    run -0 ipc-signal ls -r -n -o PID --caught RTMIN+1
    assert_line "$MASKED"
    run -0 ipc-signal ls -r -n -o PID --caught usr2 --ignored WINCH --blocked USR1 --pending 10
    assert_line "$MASKED"
    run -0 ipc-signal ls -r -n -o PID --caught USR1
    [[ $'\n'$output$'\n' != *$'\n'$MASKED$'\n'* ]]
    run -0 ipc-signal ls -r -n -o PID --pending USR2
    [[ $'\n'$output$'\n' != *$'\n'$MASKED$'\n'* ]]
    # Every process, ours among them.
    run -0 ipc-signal ls -r -o PID,COMMAND
    assert_line --index 0 "PID COMMAND"
    assert_line "$MASKED python3"
    run -0 ipc-signal ls -J -o PID,CAUGHT -p "$MASKED"
    assert_output --partial "\"pid\": $MASKED,"
    assert_output --regexp '"caught": \[[^]]*"USR2"'
    local absent=$(( $(cat /proc/sys/kernel/pid_max) + 1 ))
    run -1 --separate-stderr ipc-signal ls -p "$absent"
    assert_equal "$stderr" "ipc-signal: cannot find process $absent: No such process"
    run -2 --separate-stderr ipc-signal ls --caught FOO
    assert_equal "${stderr_lines[0]}" "ipc-signal: invalid --caught argument 'FOO': unknown signal name"
    run -2 --separate-stderr ipc-signal ls -o FOO
    assert_equal "$status" 2
}

# --- issue 17: claimed senders, names, limits, long pidfile names -----------

# forge_sigqueue PID SIG VALUE: queue SIG with VALUE to PID through
# rt_sigqueueinfo(2), claiming to be PID 1 of UID 0.
forge_sigqueue() {
    python3 -c '
import ctypes, platform, struct, sys
nr = {"x86_64": 129, "aarch64": 138, "riscv64": 138}.get(platform.machine())
if nr is None:
    sys.exit(77)
pid, sig, value = map(int, sys.argv[1:])
# siginfo_t (128 bytes): signo, errno, code, padding, then si_pid,
# si_uid and si_value for SI_QUEUE (-1).
info = struct.pack("iiiiIIq", sig, 0, -1, 0, 1, 0, value).ljust(128, b"\0")
buf = ctypes.create_string_buffer(info, 128)
libc = ctypes.CDLL(None, use_errno=True)
if libc.syscall(nr, pid, sig, buf) != 0:
    sys.exit("rt_sigqueueinfo: errno %d" % ctypes.get_errno())
' "$@"
}

@test "wait --json/--shell: a queued signal's sender is only claimed, kill's is verified" {
    local rtmin st=0
    rtmin=$(kill -l RTMIN)
    waiter -c 2 --json RTMIN USR1
    forge_sigqueue "$WAITER" "$rtmin" 5 || st=$?
    [ "$st" != 77 ] || skip "no rt_sigqueueinfo number known for $(uname -m)"
    assert_equal "$st" 0
    wait_until 20 lines_in "$OUT" 1
    bash -c 'echo $$ >"$1"; kill -USR1 "$2"' bash "$TEST_DIR/s1" "$WAITER"
    exits_with 0 "$WAITER"
    run -0 cat "$OUT"
    assert_line --index 0 "{\"signal\": \"RTMIN\", \"number\": $rtmin, \"sender_pid\": 1, \"sender_uid\": 0, \"sender_verified\": false, \"value\": 5}"
    assert_line --index 1 "{\"signal\": \"USR1\", \"number\": 10, \"sender_pid\": $(cat "$TEST_DIR/s1"), \"sender_uid\": $(id -u), \"sender_verified\": true, \"value\": null}"
    waiter -c 2 --shell RTMIN USR1
    forge_sigqueue "$WAITER" "$rtmin" 6
    wait_until 20 lines_in "$OUT" 1
    kill -USR1 "$WAITER"
    exits_with 0 "$WAITER"
    run -0 cat "$OUT"
    assert_line --index 0 "IPC_SIGNAL=RTMIN IPC_SIGNAL_NUMBER=$rtmin IPC_SENDER_PID=1 IPC_SENDER_UID=0 IPC_SENDER_VERIFIED=0 IPC_VALUE=6"
    assert_line --index 1 "IPC_SIGNAL=USR1 IPC_SIGNAL_NUMBER=10 IPC_SENDER_PID=$BASHPID IPC_SENDER_UID=$(id -u) IPC_SENDER_VERIFIED=1 IPC_VALUE="
    # --help says so.
    run -0 ipc-signal wait --help
    assert_output --partial "only what the sender claims"
}

# named NAME: a process in the background that calls itself NAME (prctl
# PR_SET_NAME, as any program may), in $NAMED once the name is set.
named() {
    bg python3 -c '
import ctypes, sys, time
ctypes.CDLL(None).prctl(15, sys.argv[1].encode(), 0, 0, 0)
open(sys.argv[2], "w").close()
time.sleep(300)
' "$1" "$TEST_DIR/named"
    NAMED=$BG_PID
    wait_until 20 test -e "$TEST_DIR/named"
    rm -f "$TEST_DIR/named"
}

@test "stat and ls: COMMAND is the name itself, not /proc/PID/status's escapes" {
    named 'a\b'
    # /proc/PID/status writes it a\\b; comm and ps have a\b.
    grep -qx 'Name:.a\\\\b' "/proc/$NAMED/status"
    run -0 ipc-signal stat -o COMMAND -n "$NAMED"
    assert_output 'a\b'
    run -0 ipc-signal stat -J -o COMMAND "$NAMED"
    assert_output '{
   "command": "a\\b"
}'
    run -0 ipc-signal ls -r -n -o PID,COMMAND -p "$NAMED"
    assert_output "$NAMED a\\b"
    named $'n\nl'
    run -0 ipc-signal stat -J -o COMMAND "$NAMED"
    assert_output '{
   "command": "n\nl"
}'
    run -0 ipc-signal stat -o COMMAND -n "$NAMED"
    assert_output 'n\x0al'
}

@test "send --value: a full signal queue names RLIMIT_SIGPENDING and its value" {
    bg prlimit --sigpending=0:0 sleep 300
    local pid=$BG_PID
    wait_until 20 grep -qx sleep "/proc/$pid/comm"
    run -1 --separate-stderr ipc-signal send --value 1 RTMIN "$pid"
    assert_equal "$stderr" "ipc-signal: cannot send RTMIN to process $pid: its user has as many signals queued as its RLIMIT_SIGPENDING (0) allows"
    # Nothing was sent: the sleep is still there.
    kill -0 "$pid"
}

@test "wait --pidfile: a last component of 249 to 255 bytes works" {
    local len name
    for len in 249 255; do
        name=$(printf "%${len}s" | tr ' ' p)
        PIDFILE=$TEST_DIR/$name
        waiter USR1
        ipc-signal send USR1 "pidfile:$PIDFILE"
        exits_with 0 "$WAITER"
        [ ! -e "$PIDFILE" ] || fail "$len bytes: the pidfile was left behind"
        run -0 ls -A "$TEST_DIR"
        refute_output --partial ipc-pidfile
    done
}

# ---- ls: kernel threads, signalfd, threads (issue 18, item 12) ---------

# a_kthread: the PID of a kernel thread (PF_KTHREAD, flag 0x00200000 in
# field 9 of /proc/PID/stat), or nothing (a PID namespace shows none).
a_kthread() {
    local f flags
    for f in /proc/[0-9]*/stat; do
        flags=$(sed 's/.*) //' "$f" 2>/dev/null | awk '{ print $7 }')
        [ -n "$flags" ] && (( flags & 0x00200000 )) && { f=${f#/proc/}; echo "${f%/stat}"; return; }
    done
}

@test "ls leaves kernel threads out unless --kernel; stat shows one" {
    local k
    k=$(a_kthread)
    [ -n "$k" ] || skip "no kernel thread is visible here (a PID namespace)"
    run -0 ipc-signal ls -r -n -o PID
    refute_line "$k"
    # Our own shell is no kernel thread: it stays.
    assert_line "$$"
    run -0 ipc-signal ls --kernel -r -n -o PID
    assert_line "$k"
    assert_line "$$"
    run -0 ipc-signal ls --kernel -r -n -o PID -p "$k"
    assert_output "$k"
    run -0 ipc-signal ls -r -n -o PID -p "$k"
    assert_output ""
    run -0 ipc-signal stat -o PID -n "$k"
    assert_output "$k"
}

# signalfd_py SIG...: a python3 that blocks the SIGs, reads them through
# a signalfd(2) made with ctypes (signal.set_wakeup_fd is no signalfd),
# catches USR2 with a handler, and writes its PID to $1 once set up.
signalfd_py() {
    cat <<'PY'
import ctypes, os, signal, sys, time
libc = ctypes.CDLL(None, use_errno=True)
sigs = [getattr(signal, "SIG" + s) for s in sys.argv[2:]]
signal.pthread_sigmask(signal.SIG_BLOCK, sigs)
mask = (ctypes.c_ulong * 16)()
for s in sigs:
    mask[(s - 1) // 64] |= 1 << ((s - 1) % 64)
fd = libc.signalfd(-1, ctypes.byref(mask), ctypes.c_int(0))
if fd < 0:
    sys.exit("signalfd: " + os.strerror(ctypes.get_errno()))
signal.signal(signal.SIGUSR2, lambda *a: None)
open(sys.argv[1] + ".tmp", "w").write("%d\n" % os.getpid())
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
time.sleep(300)
PY
}

@test "ls and stat: signals read through a signalfd are in SIGNALFD (fdinfo sigmask), not taken for merely blocked" {
    bg python3 -c "$(signalfd_py)" "$TEST_DIR/pid" TERM HUP
    wait_until 20 test -s "$TEST_DIR/pid"
    local pid
    pid=$(cat "$TEST_DIR/pid")
    run -0 ipc-signal stat -o BLOCKED,CAUGHT,SIGNALFD "$pid"
    assert_output "BLOCKED: HUP,TERM
CAUGHT: USR2
SIGNALFD: HUP,TERM"
    run -0 ipc-signal ls -r -n -o PID,SIGNALFD -p "$pid"
    assert_output "$pid HUP,TERM"
    run -0 ipc-signal ls -J -o PID,SIGNALFD -p "$pid"
    assert_output --partial '"signalfd": ["HUP", "TERM"]'
    # What the kernel says, decoded by hand: bits 0 (HUP) and 14 (TERM).
    run -0 bash -c "grep -h '^sigmask:' /proc/$pid/fdinfo/*"
    assert_output --regexp "sigmask:[[:space:]]+0*4001$"
    # A process without a signalfd has none, and SIGNALFD is a default
    # column of both.
    run -0 ipc-signal stat -o SIGNALFD -n "$$"
    assert_output ""
    run -0 ipc-signal ls -p "$pid"
    assert_line --index 0 --regexp ' SIGNALFD$'
    # TERM sent waits for a read of the signalfd: pending, and the
    # process lives on.
    kill -TERM "$pid"
    wait_until 20 bash -c "ipc-signal stat -o PENDING -n $pid | grep -qx TERM"
    kill -0 "$pid"
}

# threads_py: a python3 whose main thread blocks USR1 and one of whose
# two other threads also blocks HUP; the other keeps the main mask.
threads_py() {
    cat <<'PY'
import os, signal, sys, threading, time
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1})
ids = {}
def odd():
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGHUP})
    ids["odd"] = threading.get_native_id()
    time.sleep(300)
def same():
    ids["same"] = threading.get_native_id()
    time.sleep(300)
for f in (odd, same):
    threading.Thread(target=f, daemon=True).start()
while len(ids) < 2:
    time.sleep(0.01)
open(sys.argv[1] + ".tmp", "w").write("%d %d %d\n" % (os.getpid(), ids["odd"], ids["same"]))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
time.sleep(300)
PY
}

@test "ls --threads: a row for each thread whose mask differs, with its TID" {
    bg python3 -c "$(threads_py)" "$TEST_DIR/ids"
    wait_until 20 test -s "$TEST_DIR/ids"
    local pid odd same
    read -r pid odd same <"$TEST_DIR/ids"
    # The masks as /proc says them, by hand.
    assert_equal "$(awk '/^SigBlk:/ { print $2 }' /proc/$pid/task/$odd/status)" 0000000000000201
    assert_equal "$(awk '/^SigBlk:/ { print $2 }' /proc/$pid/task/$same/status)" 0000000000000200
    run -0 ipc-signal ls -r -n --threads -o PID,TID,BLOCKED -p "$pid"
    assert_output "$pid $pid USR1
$pid $odd HUP,USR1"
    # The default columns and TID, when -o is not given.
    run -0 ipc-signal ls --threads -p "$pid"
    assert_line --index 0 --regexp '^ *PID .* TID$'
    assert_equal "${#lines[@]}" 3
    # Without --threads: the process's row, its main thread's mask.
    run -0 ipc-signal ls -r -n -o PID,BLOCKED -p "$pid"
    assert_output "$pid USR1"
    run -0 ipc-signal ls -J --threads -o TID,BLOCKED -p "$pid"
    assert_output --partial "\"tid\": $odd,"
    assert_output --partial '"blocked": ["HUP", "USR1"]'
}

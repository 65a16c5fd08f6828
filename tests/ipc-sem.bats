#!/usr/bin/env bats
# ipc-sem: POSIX named semaphores and System V sets, against itself,
# util-linux's ipcs/lsipc, python3's sysv_ipc and the suite's own C peer
# (tests/sem-peer.c, written straight against sem_open).

bats_require_minimum_version 1.5.0
load common

# Messages are asserted exactly, with the C locale's plain quotes.
export LC_ALL=C

setup() {
    common_setup
    # Names and keys unique to this test, so runs never collide.
    S=/ipc-sem-test-$$-$BATS_TEST_NUMBER
    KEY=$(( 0x5e000000 + ($$ % 4096) * 4096 + BATS_TEST_NUMBER * 16 ))
}

teardown() {
    common_teardown
    # -r: a test plants a directory there too.
    rm -rf /dev/shm/"sem.ipc-sem-test-$$-$BATS_TEST_NUMBER"*
    local i id
    for i in $(seq 0 15); do
        ipcrm -S $((KEY + i)) 2>/dev/null || true
    done
    if [ -f "$BATS_TEST_TMPDIR/ids" ]; then
        while read -r id; do ipcrm -s "$id" 2>/dev/null || true; done < "$BATS_TEST_TMPDIR/ids"
    fi
}

# key [N]: the System V key of this test (plus N), as key:0x...
key() { printf 'key:0x%08x' $((KEY + ${1:-0})); }

# remember_id ID: a System V set made by id, removed in teardown.
remember_id() { echo "$1" >> "$BATS_TEST_TMPDIR/ids"; }

# posix_count: how many of this test's POSIX semaphores exist.
posix_count() { find /dev/shm -name "sem.ipc-sem-test-$$-$BATS_TEST_NUMBER*" | wc -l; }

# sysv_left_by ARG...: run 'ipc-sem ARG...' in a new IPC namespace, where
# no other test's sets can be, and print its status and the number of
# System V sets it left there: "2 0" for a refused create.
sysv_left_by() {
    # shellcheck disable=SC2016 # expanded by the inner sh
    unshare --ipc sh -c 'ipc-sem "$@" >/dev/null 2>&1; echo "$? $(tail -n +2 /proc/sysvipc/sem | wc -l)"' sh "$@"
}

# py ARG...: a python3 that has sysv_ipc (Debian's python3-sysv-ipc), which
# a python3 of pyenv or a virtualenv first on PATH may lack.
py() {
    if python3 -c 'import sysv_ipc' 2>/dev/null; then
        python3 "$@"
    else
        /usr/bin/python3 "$@"
    fi
}

# value SEM [ARG]...: the value that ipc-sem get prints.
value() { ipc-sem get "$@"; }

# value_is V SEM [ARG]...: the value is V (for wait_until).
value_is() { local v=$1; shift; [ "$(ipc-sem get "$@")" = "$v" ]; }

# gone_or_zombie PID: PID has ended (a zombie its new parent has not
# reaped yet counts).
gone_or_zombie() {
    local state
    state=$(awk '{print $3}' /proc/"$1"/stat 2>/dev/null) || true
    [ -z "$state" ] || [ "$state" = Z ]
}

# exits_with STATUS PID: wait for background process PID (a child of this
# shell, so not under 'run') and check its exit status.
exits_with() { local st=0; wait "$2" || st=$?; [ "$st" = "$1" ]; }

# blocked_in_kernel PID: PID sleeps in a system call (state S) and has not
# been woken in 300 ms: it waits in the kernel, not by polling.
blocked_in_kernel() {
    local before after
    [ "$(awk '{print $3}' /proc/"$1"/stat)" = S ] || return 1
    before=$(awk '/^voluntary_ctxt_switches/ {print $2}' /proc/"$1"/status)
    sleep 0.3
    after=$(awk '/^voluntary_ctxt_switches/ {print $2}' /proc/"$1"/status)
    [ "$before" = "$after" ]
}

# --- create and rm --------------------------------------------------------

@test "create: a POSIX semaphore is 0600 whatever the umask, value 0 by default" {
    (umask 000; ipc-sem create "$S")
    run -0 stat -c %a "/dev/shm/sem.${S#/}"
    assert_output 600
    run -0 sem-peer get "$S"
    assert_output 0
    (umask 077; ipc-sem create --value 5 --mode u=rw,g=r "$S-2")
    run -0 stat -c %a "/dev/shm/sem.${S#/}-2"
    assert_output 640
    run -0 sem-peer get "$S-2"
    assert_output 5
    run -0 ipc-sem stat -o PERMS,VALUE,NSEMS,TYPE -n "$S-2"
    assert_output "rw-r-----
5
1
posix"
}

@test "create: a System V set by key, by path and private, every member at --value" {
    (umask 077; ipc-sem create --nsems 3 --value 7 --mode 0640 "$(key)")
    run -0 ipc-sem stat -o TYPE,KEY,NSEMS,VALUE,PERMS "$(key)"
    assert_output "TYPE: sysv
KEY: $(printf 0x%08x "$KEY")
NSEMS: 3
VALUE: 7,7,7
PERMS: rw-r-----"
    # path:FILE[:P] is ftok's key, the one python's sysv_ipc computes.
    touch "$TEST_DIR/conf"
    ipc-sem create "path:$TEST_DIR/conf:5"
    local k
    k=$(py -c 'import sys, sysv_ipc; print("0x%08x" % (sysv_ipc.ftok(sys.argv[1], 5, True) & 0xffffffff))' "$TEST_DIR/conf")
    run -0 ipc-sem stat -o KEY -n "path:$TEST_DIR/conf:5"
    assert_output "$k"
    run -0 ipc-sem rm "path:$TEST_DIR/conf:5"
    # private: a new set whose id is printed.
    run -0 ipc-sem create --value 2 private
    assert_output --regexp '^[0-9]+$'
    local id=$output
    remember_id "$id"
    run -0 ipc-sem stat -o NAME,ID,VALUE -n "id:$id"
    assert_output "0x00000000
$id
2"
}

@test "create: an existing semaphore is an error and keeps its value" {
    ipc-sem create --value 3 "$S"
    run -1 ipc-sem create --value 9 "$S"
    assert_output "ipc-sem: cannot create '$S': File exists"
    run -0 value "$S"
    assert_output 3
    ipc-sem create --value 4 "$(key)"
    run -1 ipc-sem create "$(key)"
    assert_output "ipc-sem: cannot create '$(key)': File exists"
    run -0 value "$(key)"
    assert_output 4
}

@test "create: values and sizes past the limits exit 2 naming the limit, and nothing is created" {
    local vmax semmsl
    vmax=$(getconf SEM_VALUE_MAX)
    semmsl=$(awk '{print $1}' /proc/sys/kernel/sem)
    run -2 ipc-sem create --value $((vmax + 1)) "$S"
    assert_line -n 0 "ipc-sem: --value $((vmax + 1)) exceeds SEM_VALUE_MAX ($vmax), the largest value of a POSIX semaphore"
    run -2 ipc-sem create --value 32768 "$(key)"
    assert_line -n 0 "ipc-sem: --value 32768 exceeds SEMVMX (32767), the largest value of a System V semaphore"
    run -2 ipc-sem create --nsems $((semmsl + 1)) "$(key)"
    assert_line -n 0 "ipc-sem: --nsems $((semmsl + 1)) exceeds kernel.sem SEMMSL ($semmsl)"
    run -2 ipc-sem create --nsems 2 "$S"
    assert_line -n 0 "ipc-sem: --nsems applies to System V sets: a POSIX semaphore has one value"
    run -2 ipc-sem create --nsems 0 "$(key)"
    [ "$(posix_count)" = 0 ]
    run -1 ipc-sem stat "$(key)"
    # The largest values themselves are accepted.
    ipc-sem create --value "$vmax" "$S"
    run -0 sem-peer get "$S"
    assert_output "$vmax"
    ipc-sem create --value 32767 "$(key)"
    run -0 value "$(key)"
    assert_output 32767
    if unshare --ipc true 2>/dev/null; then
        run -0 sysv_left_by create --value 32768 private
        assert_output "2 0"
        run -0 sysv_left_by create --nsems $((semmsl + 1)) private
        assert_output "2 0"
    fi
}

@test "create: a full system names kernel.sem SEMMNI or SEMMNS" {
    [ "$(id -u)" = 0 ] || skip "needs root: sets kernel.sem in a new IPC namespace"
    unshare --ipc true 2>/dev/null || skip "needs root: unshare --ipc"
    # shellcheck disable=SC2016 # expanded by the inner sh
    run -1 unshare --ipc sh -c 'echo "250 32000 32 1" > /proc/sys/kernel/sem &&
        ipc-sem create private >/dev/null && ipc-sem create private'
    assert_output "ipc-sem: cannot create 'private': there are already kernel.sem SEMMNI (1) sets"
    # shellcheck disable=SC2016
    run -1 unshare --ipc sh -c 'echo "250 3 32 10" > /proc/sys/kernel/sem &&
        ipc-sem create --nsems 2 private >/dev/null && ipc-sem create --nsems 2 private'
    assert_output "ipc-sem: cannot create 'private': the sets would exceed kernel.sem SEMMNS (3 semaphores)"
}

@test "create: a full /dev/shm names its size" {
    need_root "mounts a small tmpfs on /dev/shm in a new mount namespace"
    unshare --mount true 2>/dev/null || skip "needs root: unshare --mount"
    # shellcheck disable=SC2016 # expanded by the inner sh
    run -1 unshare --mount sh -c 'mount -t tmpfs -o size=8k none /dev/shm &&
        { dd if=/dev/zero of=/dev/shm/fill bs=4k 2>/dev/null; ipc-sem create "$1"; }' sh "$S"
    assert_output "ipc-sem: cannot create '$S': /dev/shm is full (its size is 8192 bytes)"
}

@test "create --value N on System V: a peer that waits for sem_otime, as the classic protocol says, never loses a post" {
    # The peer spins until the set exists and then until sem_otime is set,
    # and posts at once: before the set was marked ready (a semop after
    # SETALL), sem_otime stayed 0, or a post between semget and SETALL
    # was overwritten.
    local k
    k=$(printf 0x%08x "$KEY")
    for _ in $(seq 20); do
        rm -f "$TEST_DIR/ready"
        py -c 'import sys, time, sysv_ipc
key = int(sys.argv[1], 16)
open(sys.argv[2], "w").close()
end = time.monotonic() + 20
while True:
    try:
        s = sysv_ipc.Semaphore(key)
        break
    except sysv_ipc.ExistentialError:
        if time.monotonic() > end:
            sys.exit(3)
while s.o_time == 0:
    if time.monotonic() > end:
        sys.exit(4)
s.release()' "$k" "$TEST_DIR/ready" &
        local peer=$!
        wait_until 10 test -e "$TEST_DIR/ready"
        ipc-sem create --value 3 "$(key)"
        exits_with 0 "$peer"
        run -0 value "$(key)"
        assert_output 4
        ipc-sem rm "$(key)"
    done
}

@test "System V openers wait, bounded, until a new set's creator has set its values" {
    local k
    k=$(printf 0x%08x "$KEY")
    # python makes a set by semget alone (sem_otime 0), as a creator has
    # it before its SETALL, and starts our post: it must wait until
    # python has set the value and made a semop.
    run -0 py -c 'import subprocess, sys, time, sysv_ipc
s = sysv_ipc.Semaphore(int(sys.argv[1], 16), sysv_ipc.IPC_CREX)
print(s.o_time)
p = subprocess.Popen(["ipc-sem", "post", sys.argv[2]])
time.sleep(0.3)
print(s.value, p.poll())
s.value = 5
s.release(); s.acquire()
print(p.wait(), s.value)' "$k" "$(key)"
    assert_output "0
0 None
0 6"
    # A set that nobody ever marks ready is used after the bound.
    ipc-sem rm "$(key)"
    py -c 'import sys, sysv_ipc
sysv_ipc.Semaphore(int(sys.argv[1], 16), sysv_ipc.IPC_CREX)' "$k"
    elapsed_ms ipc-sem post "$(key)"
    [ "$status" = 0 ]
    [ "$ELAPSED_MS" -lt 10000 ]
    run -0 value "$(key)"
    assert_output 1
}

@test "create: a POSIX name is at most 251 bytes, as sem_open allows" {
    local n251 n252
    n251=/$(printf 'x%.0s' $(seq 251))
    n252=/$(printf 'x%.0s' $(seq 252))
    run -2 ipc-sem create "$n252"
    assert_line -n 0 "ipc-sem: invalid address '$n252': POSIX semaphore name longer than 251 bytes (sem_open keeps it as /dev/shm/sem.NAME)"
    [ ! -e "/dev/shm/sem.${n252#/}" ]
    rm -f "/dev/shm/sem.${n251#/}"
    ipc-sem create "$n251"
    run -0 sem-peer get "$n251"
    assert_output 0
    ipc-sem rm "$n251"
    [ ! -e "/dev/shm/sem.${n251#/}" ]
}

@test "bad input exits 2 with one line naming it, and creates nothing" {
    local bad
    for bad in "/a/b" "/" "" "name" "id:1" "key:0" "key:zz" "path:" "tcp:x:1"; do
        run -2 ipc-sem create "$bad"
        assert_line -n 0 --partial "invalid address '$bad'"
    done
    run -2 ipc-sem create --value -1 "$S"
    run -2 ipc-sem create --value x "$S"
    run -2 ipc-sem create --mode 0999 "$S"
    run -2 ipc-sem create --mode 04600 "$S"
    run -2 ipc-sem create --bogus "$S"
    run -2 ipc-sem create
    assert_line -n 0 "ipc-sem: missing SEM operand"
    run -2 ipc-sem create "$S" extra
    run -2 ipc-sem post --count 0 "$S"
    run -2 ipc-sem wait --count 0 "$S"
    run -2 ipc-sem wait -t soon "$S"
    run -2 ipc-sem get --index x "$S"
    run -2 ipc-sem bogus
    run -2 ipc-sem
    [ "$(posix_count)" = 0 ]
    run -1 ipc-sem stat "$(key)"
}

@test "rm: removes each operand, reports a missing one and goes on" {
    ipc-sem create "$S"
    ipc-sem create "$(key)"
    ipc-sem create "$S-2"
    run -1 ipc-sem rm "$S" "$S-missing" "$(key)"
    assert_output "ipc-sem: cannot remove '$S-missing': No such file or directory"
    [ "$(posix_count)" = 1 ]
    run -1 ipc-sem stat "$(key)"
    # A bad operand is found before anything is removed.
    run -2 ipc-sem rm "$S-2" /a/b
    [ "$(posix_count)" = 1 ]
    run -0 ipc-sem remove "$S-2"
    [ "$(posix_count)" = 0 ]
}

# --- post, wait, get ------------------------------------------------------

@test "post and wait: value arithmetic, POSIX and System V" {
    ipc-sem create --value 2 "$S"
    ipc-sem post "$S"
    ipc-sem post --count 10 "$S"
    ipc-sem wait -c 4 "$S"
    ipc-sem wait "$S"
    run -0 value "$S"
    assert_output 8
    ipc-sem create --nsems 3 --value 1 "$(key)"
    ipc-sem post --index 2 -c 5 "$(key)"
    ipc-sem wait --index 0 "$(key)"
    ipc-sem wait --index 2 --count 3 "$(key)"
    run -0 ipc-sem stat -o VALUE -n "$(key)"
    assert_output "0,1,3"
    run -0 value --index 2 "$(key)"
    assert_output 3
    run -0 value "$(key)"
    assert_output 0
}

@test "post: the largest value is never passed; nothing is added then" {
    local vmax
    vmax=$(getconf SEM_VALUE_MAX)
    ipc-sem create --value $((vmax - 2)) "$S"
    run -1 ipc-sem post -c 3 "$S"
    assert_output "ipc-sem: cannot post to '$S': the value would exceed SEM_VALUE_MAX ($vmax)"
    run -0 value "$S"
    assert_output $((vmax - 2))
    ipc-sem post -c 2 "$S"
    run -0 value "$S"
    assert_output "$vmax"
    ipc-sem create --value 32760 "$(key)"
    run -1 ipc-sem post -c 8 "$(key)"
    assert_output "ipc-sem: cannot post to '$(key)': the value would exceed SEMVMX (32767)"
    run -0 value "$(key)"
    assert_output 32760
    run -2 ipc-sem post -c 32768 "$(key)"
    assert_line -n 0 "ipc-sem: --count 32768 exceeds SEMVMX (32767), the largest value of a System V semaphore"
    run -2 ipc-sem post -c $((vmax + 1)) "$S"
    assert_line -n 0 --partial "exceeds SEM_VALUE_MAX ($vmax)"
}

@test "POSIX post --count N under a storm of signals adds all of N or none" {
    local n=100000000 sig
    for sig in TERM HUP USR1; do
        ipc-sem create "$S-$sig"
        bg ipc-sem post --count "$n" "$S-$sig"
        local p=$BG_PID
        # As soon as the value climbs, signals rain on it until it ends.
        until [ "$(ipc-sem get "$S-$sig")" != 0 ] || gone_or_zombie "$p"; do :; done
        local i sent=0
        for i in $(seq 500); do
            gone_or_zombie "$p" && break
            kill -"$sig" "$p" 2>/dev/null || break
            sent=1
            sleep 0.01
        done
        # The signal ends it once all N are posted.
        exits_with $((sent ? 128 + $(kill -l "$sig") : 0)) "$p"
        run -0 value "$S-$sig"
        assert_output "$n"
    done
}

@test "--index: past the set, or on a POSIX semaphore, is a usage error" {
    ipc-sem create --nsems 2 "$(key)"
    ipc-sem create "$S"
    run -2 ipc-sem post --index 2 "$(key)"
    assert_line -n 0 "ipc-sem: --index 2 is past the last member of '$(key)', which has 2"
    run -2 ipc-sem get --index 1 "$S"
    assert_line -n 0 "ipc-sem: --index 1 is past the last member of '$S', which has 1"
    run -125 ipc-sem run --index 5 "$(key)" -- true
    run -0 ipc-sem stat -o VALUE -n "$(key)"
    assert_output "0,0"
}

@test "get and stat need only read permission; post, wait and run need write" {
    need_root "setpriv to user nobody"
    command -v setpriv >/dev/null || skip "no setpriv"
    local nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    "${nobody[@]}" ipc-sem --version >/dev/null 2>&1 ||
        skip "user nobody cannot run the built ipc-sem from here"
    ipc-sem create --value 3 --mode 0644 "$S"
    ipc-sem create --value 3 --mode 0644 "$(key)"
    local sem
    for sem in "$S" "$(key)"; do
        run -0 "${nobody[@]}" ipc-sem get "$sem"
        assert_output 3
        run -0 "${nobody[@]}" ipc-sem stat -o VALUE -n "$sem"
        assert_output 3
        run -1 "${nobody[@]}" ipc-sem post "$sem"
        assert_output --partial "Permission denied"
        run -1 "${nobody[@]}" ipc-sem wait -n "$sem"
        assert_output --partial "Permission denied"
        run -125 "${nobody[@]}" ipc-sem run -n "$sem" -- true
        assert_output --partial "Permission denied"
        run -0 value "$sem"
        assert_output 3
    done
    # Without read permission, get fails as sem_open would.
    ipc-sem create --value 1 --mode 0600 "$S-2"
    ipc-sem create --value 1 --mode 0600 "$(key 1)"
    run -1 "${nobody[@]}" ipc-sem get "$S-2"
    assert_output "ipc-sem: cannot open '$S-2': Permission denied"
    run -1 "${nobody[@]}" ipc-sem get "$(key 1)"
    assert_output --partial "Permission denied"
}

@test "post, wait, get on a missing semaphore exit 1" {
    run -1 ipc-sem post "$S"
    assert_output "ipc-sem: cannot open '$S': No such file or directory"
    run -1 ipc-sem wait -n "$(key)"
    assert_output "ipc-sem: cannot open '$(key)': No such file or directory"
    run -1 ipc-sem get id:999999999
    run -1 ipc-sem stat "$S"
}

@test "wait -n on zero gives 124 at once and takes nothing" {
    ipc-sem create "$S"
    ipc-sem create --value 2 "$(key)"
    elapsed_ms ipc-sem wait -n "$S"
    [ "$status" = 124 ]
    [ "$ELAPSED_MS" -lt 1000 ]
    elapsed_ms ipc-sem wait --nonblock -c 3 "$(key)"
    [ "$status" = 124 ]
    [ "$ELAPSED_MS" -lt 1000 ]
    run -0 value "$(key)"
    assert_output 2
    run -0 ipc-sem wait -n -c 2 "$(key)"
    run -124 ipc-sem wait -t 0 "$(key)"
}

@test "wait -t 0.3 gives 124 after about 0.3 s" {
    ipc-sem create "$S"
    ipc-sem create "$(key)"
    elapsed_ms ipc-sem wait -t 0.3 "$S"
    [ "$status" = 124 ]
    [ "$ELAPSED_MS" -ge 290 ] && [ "$ELAPSED_MS" -lt 3000 ]
    elapsed_ms ipc-sem wait --timeout 300ms "$(key)"
    [ "$status" = 124 ]
    [ "$ELAPSED_MS" -ge 290 ] && [ "$ELAPSED_MS" -lt 3000 ]
}

@test "wait -t holds with SIGALRM blocked, as the caller left it" {
    ipc-sem create "$S"
    ipc-sem create "$(key)"
    # python3 execs ipc-sem with SIGALRM blocked; the mask survives exec.
    elapsed_ms py -c 'import os, signal, sys
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])
os.execvp("ipc-sem", sys.argv[1:])' ipc-sem wait -t 0.3 "$S"
    [ "$status" = 124 ]
    [ "$ELAPSED_MS" -lt 3000 ]
    elapsed_ms py -c 'import os, signal, sys
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])
os.execvp("ipc-sem", sys.argv[1:])' ipc-sem wait -t 0.3 "$(key)"
    [ "$status" = 124 ]
    [ "$ELAPSED_MS" -lt 3000 ]
}

@test "wait blocks in the kernel, not by polling, until a post wakes it" {
    ipc-sem create "$S"
    ipc-sem create "$(key)"
    bg ipc-sem wait "$S"
    local pw=$BG_PID
    bg ipc-sem wait -t 60 "$(key)"
    local kw=$BG_PID
    wait_until 10 blocked_in_kernel "$pw"
    wait_until 10 blocked_in_kernel "$kw"
    # The System V waiter is counted by the kernel.
    run -0 ipc-sem stat -o WAITERS,NCNT,ZCNT -n "$(key)"
    assert_output "1
1
0"
    ipc-sem post "$S"
    ipc-sem post "$(key)"
    exits_with 0 "$pw"
    exits_with 0 "$kw"
    run -0 value "$S"
    assert_output 0
}

@test "System V wait --count N takes all N at once, or nothing" {
    ipc-sem create --value 2 "$(key)"
    bg ipc-sem wait -c 3 "$(key)"
    local w=$BG_PID
    wait_until 10 blocked_in_kernel "$w"
    # A POSIX-style one-by-one take would have emptied it by now.
    run -0 value "$(key)"
    assert_output 2
    ipc-sem wait "$(key)"
    ipc-sem post -c 2 "$(key)"
    exits_with 0 "$w"
    run -0 value "$(key)"
    assert_output 0
}

@test "POSIX wait --count N that times out gives back what it took" {
    ipc-sem create --value 2 "$S"
    run -124 ipc-sem wait -c 3 -t 0.2 "$S"
    run -0 value "$S"
    assert_output 2
}

@test "a removed System V set ends its waiters with an error" {
    ipc-sem create "$(key)"
    bg ipc-sem wait "$(key)"
    local w=$BG_PID
    wait_until 10 blocked_in_kernel "$w"
    ipc-sem rm "$(key)"
    exits_with 1 "$w"
}

# --- run ------------------------------------------------------------------

@test "run: COMMAND's own status, 126, 127, 124 and 125" {
    ipc-sem create --value 1 "$S"
    ipc-sem create --value 1 "$(key)"
    local sem
    for sem in "$S" "$(key)"; do
        run -0 ipc-sem run "$sem" -- echo hello
        assert_output hello
        run -3 ipc-sem run "$sem" -- sh -c 'exit 3'
        run -127 ipc-sem run "$sem" -- /nonexistent/command
        assert_output "ipc-sem: cannot run '/nonexistent/command': No such file or directory"
        run -126 ipc-sem run "$sem" -- "$TEST_DIR"
        run -125 ipc-sem run --bogus "$sem" -- true
        run -125 ipc-sem run "$sem"
        run -125 ipc-sem run -t x "$sem" -- true
        run -0 value "$sem"
        assert_output 1
    done
    run -125 ipc-sem run "$S-missing" -- true
    assert_output "ipc-sem: cannot open '$S-missing': No such file or directory"
    # Busy: 124, and COMMAND does not run.
    ipc-sem wait "$S"
    ipc-sem wait "$(key)"
    run -124 ipc-sem run -n "$S" -- touch "$TEST_DIR/ran"
    run -124 ipc-sem run -t 0.2 "$(key)" -- touch "$TEST_DIR/ran"
    [ ! -e "$TEST_DIR/ran" ]
}

@test "run: COMMAND holds a slot while it runs" {
    ipc-sem create --value 2 "$S"
    ipc-sem create --value 2 "$(key)"
    run -0 ipc-sem run "$S" -- ipc-sem get "$S"
    assert_output 1
    run -0 ipc-sem run "$(key)" -- ipc-sem get "$(key)"
    assert_output 1
    run -0 value "$S"
    assert_output 2
    run -0 value "$(key)"
    assert_output 2
}

@test "run: on a System V set ipc-sem chain-loads COMMAND; on POSIX it stays its parent" {
    ipc-sem create --value 1 "$S"
    ipc-sem create --value 1 "$(key)"
    # shellcheck disable=SC2016 # expanded by the inner sh
    run -0 ipc-sem run "$(key)" -- sh -c 'cat /proc/$PPID/comm'
    refute_output ipc-sem
    # shellcheck disable=SC2016
    run -0 ipc-sem run "$S" -- sh -c 'cat /proc/$PPID/comm'
    assert_output ipc-sem
}

@test "run: --index takes a slot of that member; --timeout and --nonblock when busy" {
    ipc-sem create --nsems 2 --value 1 "$(key)"
    run -0 ipc-sem run --index 1 "$(key)" -- ipc-sem stat -o VALUE -n "$(key)"
    assert_output "1,0"
    ipc-sem wait --index 1 "$(key)"
    run -124 ipc-sem run --index 1 --timeout 0.2 "$(key)" -- touch "$TEST_DIR/ran"
    run -124 ipc-sem run --index 1 --nonblock "$(key)" -- touch "$TEST_DIR/ran"
    [ ! -e "$TEST_DIR/ran" ]
    run -0 ipc-sem run --index 0 --nonblock "$(key)" -- true
    run -0 ipc-sem stat -o VALUE -n "$(key)"
    assert_output "1,0"
}

@test "run: a script without #! runs through sh, as execvp runs it" {
    ipc-sem create --value 1 "$S"
    ipc-sem create --value 1 "$(key)"
    printf 'echo "script $1"\nexit 4\n' >"$TEST_DIR/script"
    chmod +x "$TEST_DIR/script"
    local sem
    for sem in "$S" "$(key)"; do
        run -4 ipc-sem run "$sem" -- "$TEST_DIR/script" ran
        assert_output "script ran"
        run -0 value "$sem"
        assert_output 1
    done
}

@test "run: a command killed by a signal gives 128+N and the slot is back" {
    ipc-sem create --value 1 "$S"
    ipc-sem create --value 1 "$(key)"
    local sem
    for sem in "$S" "$(key)"; do
        # shellcheck disable=SC2016
        run -143 ipc-sem run "$sem" -- sh -c 'kill -TERM $$'
        # shellcheck disable=SC2016
        run -137 ipc-sem run "$sem" -- sh -c 'kill -KILL $$'
        run -0 value "$sem"
        assert_output 1
    done
}

@test "run: a System V slot comes back after kill -9 of the command" {
    ipc-sem create --value 1 "$(key)"
    bg ipc-sem run "$(key)" -- sleep 60
    local pid=$BG_PID
    wait_until 10 value_is 0 "$(key)"
    # No ipc-sem stayed behind: the process is sleep itself.
    wait_until 10 test "$(cat /proc/"$pid"/comm)" = sleep
    kill -KILL "$pid"
    wait_until 10 value_is 1 "$(key)"
}

@test "run: on POSIX, TERM to ipc-sem reaches COMMAND and the slot comes back" {
    ipc-sem create --value 1 "$S"
    bg ipc-sem run "$S" -- sleep 60
    local pid=$BG_PID
    wait_until 10 value_is 0 "$S"
    wait_until 10 pgrep -P "$pid" sleep
    kill -TERM "$pid"
    exits_with 143 "$pid"
    run -0 value "$S"
    assert_output 1
}

@test "run: on POSIX, a TERM just after the take or just before the give-back never loses the slot" {
    command -v strace >/dev/null || skip "no strace"
    ipc-sem create --value 1 "$S"
    # strace makes every rt_sigaction of ipc-sem 20 ms slower, which
    # stretches the moments around the take and the give-back where it
    # (un)installs its handlers; a peer sends TERM as soon as the value
    # shows the slot taken, or again and again once COMMAND (which holds
    # it for 0.3 s) has ended.
    local mode tracer pid i
    for mode in taken ended; do
        for _ in 1 2 3; do
            rm -f "$TEST_DIR/ended"
            # shellcheck disable=SC2016 # expanded by the inner sh
            rm -f "$TEST_DIR/pid"
            # The PID comes from a shell that execs ipc-sem, not from a
            # look at the tracer's children, which a slow machine can
            # miss; LeakSanitizer cannot work under ptrace.
            bg env "ASAN_OPTIONS=$ASAN_OPTIONS:detect_leaks=0" \
                strace -qq -o /dev/null -e trace=rt_sigaction \
                -e inject=rt_sigaction:delay_enter=20000 \
                sh -c 'echo $$ >"$1.new" && mv "$1.new" "$1" && shift && exec "$@"' \
                sh "$TEST_DIR/pid" \
                ipc-sem run "$S" -- sh -c 'sleep 0.3; touch "$1"' sh "$TEST_DIR/ended"
            tracer=$BG_PID
            wait_until 10 test -s "$TEST_DIR/pid"
            pid=$(cat "$TEST_DIR/pid")
            if [ "$mode" = taken ]; then
                wait_until 10 value_is 0 "$S"
                kill -TERM "$pid"
            else
                wait_until 10 test -e "$TEST_DIR/ended"
                for i in $(seq 300); do
                    kill -TERM "$pid" 2>/dev/null || break
                    sleep 0.01
                done
            fi
            wait "$tracer" || true
            run -0 value "$S"
            assert_output 1
        done
    done
}

@test "wait --count 3 on a value of 2, ended by TERM, HUP, INT or USR1, gives the 2 back" {
    ipc-sem create --value 2 "$S"
    ipc-sem create --value 2 "$(key)"
    local sem sig num
    for sem in "$S" "$(key)"; do
        for sig in TERM HUP INT USR1; do
            num=$(kill -l "$sig")
            # A background job of a shell starts with INT ignored: env
            # gives it back its default action.
            bg env --default-signal=INT ipc-sem wait --count 3 "$sem"
            local w=$BG_PID
            wait_until 10 blocked_in_kernel "$w"
            kill -"$sig" "$w"
            exits_with $((128 + num)) "$w"
            run -0 value "$sem"
            assert_output 2
        done
    done
    # Those a caller ignores stay ignored.
    # shellcheck disable=SC2016 # expanded by the inner shell
    run -124 bash -c 'trap "" TERM; ipc-sem wait -c 3 -t 0.5 "$1" & w=$!
        sleep 0.2; kill -TERM $w; wait $w' sh "$S"
    run -0 value "$S"
    assert_output 2
}

@test "run: on POSIX, a SIGKILL of ipc-sem leaves COMMAND running and the slot lost, as documented" {
    ipc-sem create --value 1 "$S"
    bg ipc-sem run "$S" -- sleep 60
    local pid=$BG_PID child
    wait_until 10 value_is 0 "$S"
    wait_until 10 pgrep -P "$pid" sleep
    child=$(pgrep -P "$pid" sleep)
    kill -KILL "$pid"
    exits_with 137 "$pid"
    # COMMAND goes on (the group is killed in teardown), and when it
    # ends nobody posts.
    kill -0 "$child"
    kill -TERM "$child"
    wait_until 10 gone_or_zombie "$child"
    run -0 value "$S"
    assert_output 0
}

@test "run: a signal the caller ignores stays ignored for COMMAND, and closed 0-2 stay closed" {
    ipc-sem create --value 1 "$S"
    ipc-sem create --value 1 "$(key)"
    local sem
    for sem in "$S" "$(key)"; do
        # shellcheck disable=SC2016 # expanded by the inner shells
        run -0 bash -c 'trap "" INT; ipc-sem run "$1" -- sh -c '\''kill -INT $$; echo alive'\' sh "$sem"
        assert_output alive
        # shellcheck disable=SC2016
        run -0 bash -c 'ipc-sem run "$1" -- sh -c '\''test ! -e /proc/self/fd/0 && echo closed >&2'\'' <&-' sh "$sem"
        assert_output closed
        run -0 value "$sem"
        assert_output 1
    done
}

@test "run: COMMAND gets exactly the caller's signal mask and actions, on POSIX as on System V" {
    ipc-sem create --value 1 "$S"
    ipc-sem create --value 1 "$(key)"
    # The caller, in python: it sets signals 32 and 33 (glibc's own,
    # which a parent's posix_spawn may have left ignored, and which
    # glibc's sigaction refuses) to SIG_DFL with the raw system call,
    # then, with BLOCK, blocks USR1 and TERM and ignores HUP, and execs.
    cat > "$TEST_DIR/caller.py" <<'EOF'
import ctypes, os, platform, signal, sys
nr = {"x86_64": 13, "aarch64": 134}.get(platform.machine())
if nr is None:
    sys.exit(77)
libc = ctypes.CDLL(None, use_errno=True)
dfl = (ctypes.c_ulong * 4)()
for sig in (32, 33):
    if libc.syscall(nr, sig, dfl, None, 8) != 0:
        sys.exit(78)
if os.environ.get("BLOCK"):
    signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1, signal.SIGTERM])
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
os.execvp(sys.argv[1], sys.argv[1:])
EOF
    run py "$TEST_DIR/caller.py" true
    [ "$status" = 77 ] && skip "no raw rt_sigaction number for $(uname -m)"
    [ "$status" = 0 ]
    local block direct sem
    for block in "" 1; do
        export BLOCK=$block
        direct=$(py "$TEST_DIR/caller.py" grep -E '^Sig(Blk|Ign)' /proc/self/status)
        if [ -n "$block" ]; then
            [[ "$direct" = *"SigBlk:	0000000000004200"* ]]
        fi
        for sem in "$S" "$(key)"; do
            run -0 py "$TEST_DIR/caller.py" ipc-sem run "$sem" -- grep -E '^Sig(Blk|Ign)' /proc/self/status
            assert_output "$direct"
        done
    done
    # SIGALRM blocked by the caller does not stop -t.
    run -124 py -c 'import os, signal, sys
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])
os.execvp("ipc-sem", sys.argv[1:])' ipc-sem run -t 0.3 "$S" -- ipc-sem run -t 0.3 "$S" -- true
}

# increment FILE: the read-modify-write that only a mutex keeps exact.
increment_loop() {
    local sem=$1 file=$2 i
    for i in $(seq 100); do
        # shellcheck disable=SC2016
        ipc-sem run "$sem" -- sh -c 'read -r n < "$1"; echo $((n + 1)) > "$1"' sh "$file" || return 1
    done
}

@test "run as a mutex: 8 processes x 100 increments of a file give 800 (POSIX)" {
    ipc-sem create --value 1 "$S"
    echo 0 > "$TEST_DIR/counter"
    local pids=() p
    for p in $(seq 8); do
        increment_loop "$S" "$TEST_DIR/counter" &
        pids+=($!)
    done
    for p in "${pids[@]}"; do wait "$p"; done
    run -0 cat "$TEST_DIR/counter"
    assert_output 800
    run -0 value "$S"
    assert_output 1
}

@test "run as a mutex: 8 processes x 100 increments of a file give 800 (System V)" {
    ipc-sem create --value 1 "$(key)"
    echo 0 > "$TEST_DIR/counter"
    local pids=() p
    for p in $(seq 8); do
        increment_loop "$(key)" "$TEST_DIR/counter" &
        pids+=($!)
    done
    for p in "${pids[@]}"; do wait "$p"; done
    run -0 cat "$TEST_DIR/counter"
    assert_output 800
    run -0 value "$(key)"
    assert_output 1
}

# max_inside LOG: the most "in" lines without their "out", over LOG's
# events sorted by time ("in|out NANOSECONDS").
max_inside() {
    sort -k2,2n "$1" | awk '$1 == "in" { n++; if (n > m) m = n } $1 == "out" { n-- } END { print m }'
}

@test "run as a pool of 3: never more than 3 commands inside at once" {
    local sem
    ipc-sem create --value 3 "$S"
    ipc-sem create --value 3 "$(key)"
    for sem in "$S" "$(key)"; do
        : > "$TEST_DIR/log"
        local pids=() i
        for i in $(seq 10); do
            # shellcheck disable=SC2016
            ipc-sem run "$sem" -- sh -c 'echo "in $(date +%s%N)" >> "$1"; sleep 0.2; echo "out $(date +%s%N)" >> "$1"' sh "$TEST_DIR/log" &
            pids+=($!)
        done
        for i in "${pids[@]}"; do wait "$i"; done
        [ "$(grep -c '^in ' "$TEST_DIR/log")" = 10 ]
        run -0 max_inside "$TEST_DIR/log"
        # More than one inside shows a pool, not a mutex.
        [ "$output" -le 3 ] && [ "$output" -ge 2 ]
        run -0 value "$sem"
        assert_output 3
    done
}

# --- interoperation -------------------------------------------------------

@test "a sem_open peer sees our values, and we its posts" {
    ipc-sem create --value 3 "$S"
    run -0 sem-peer get "$S"
    assert_output 3
    sem-peer post "$S" 4
    run -0 value "$S"
    assert_output 7
    sem-peer wait "$S" 7
    run -124 ipc-sem wait -n "$S"
    # Our waiter wakes on the peer's post.
    bg ipc-sem wait "$S"
    local w=$BG_PID
    wait_until 10 blocked_in_kernel "$w"
    sem-peer post "$S" 1
    exits_with 0 "$w"
    # The peer waits on our post, and sees it took the only one.
    ipc-sem post "$S"
    run -0 sem-peer trywait "$S"
    run -2 sem-peer trywait "$S"
    # A semaphore the peer created is ours to use.
    sem-peer create "$S-2" 2
    ipc-sem wait -c 2 "$S-2"
    run -0 sem-peer get "$S-2"
    assert_output 0
}

@test "python3 sysv_ipc, ipcs -s -i and lsipc -s agree with us on a System V set" {
    ipc-sem create --nsems 3 --value 1 "$(key)"
    ipc-sem post --index 1 -c 4 "$(key)"
    local id
    id=$(ipc-sem stat -o ID -n "$(key)")
    run -0 py -c 'import sys, sysv_ipc
s = sysv_ipc.Semaphore(int(sys.argv[1], 16))
print(s.value)' "$(printf 0x%08x "$KEY")"
    assert_output 1
    run -0 ipcs -s -i "$id"
    assert_line --regexp '^0 +1 +0 +0 +'
    assert_line --regexp '^1 +5 +0 +0 +'
    assert_line --regexp '^2 +1 +0 +0 +'
    run -0 lsipc -s -i "$id"
    assert_line --regexp '^ +0 +1 +0 +0 +[0-9]+'
    assert_line --regexp '^ +1 +5 +0 +0 +[0-9]+'
    assert_line --regexp '^ +2 +1 +0 +0 +[0-9]+'
    run -0 lsipc -s --noheadings -r -o KEY,ID,NSEMS
    assert_line "$(printf 0x%08x "$KEY") $id 3"
    run -0 ipc-sem stat -n -o KEY,ID,NSEMS,VALUE "$(key)"
    assert_output "$(printf 0x%08x "$KEY")
$id
3
1,5,1"
    # python takes what we posted, and we see it.
    py -c 'import sys, sysv_ipc
s = sysv_ipc.Semaphore(int(sys.argv[1], 16))
s.acquire(0)' "$(printf 0x%08x "$KEY")"
    run -0 value "$(key)"
    assert_output 0
    py -c 'import sys, sysv_ipc
s = sysv_ipc.Semaphore(int(sys.argv[1], 16))
s.release(); s.release()' "$(printf 0x%08x "$KEY")"
    run -0 value "$(key)"
    assert_output 2
}

# --- ls and stat ----------------------------------------------------------

@test "ls: POSIX and System V in one listing, with the SPEC columns" {
    need_exact_lists
    ipc-sem create --value 4 "$S"
    ipc-sem create --nsems 2 --value 1 "$(key)"
    run -0 ipc-sem ls
    assert_line -n 0 --regexp '^NAME +TYPE +ID +KEY +VALUE +NSEMS +PERMS +OWNER +PIDS +WAITERS$'
    assert_line --regexp "^$S +posix +4 +1 +rw------- +$(id -un) *$"
    local id
    id=$(ipc-sem stat -o ID -n "$(key)")
    assert_line --regexp "^$(printf 0x%08x "$KEY") +sysv +$id +$(printf 0x%08x "$KEY") +1,1 +2 +rw------- +$(id -un) +0,0$"
    run -0 ipc-sem list -r -n -o NAME,VALUE
    assert_line "$S 4"
    run -0 ipc-sem ls --output-all -r
    assert_line -n 0 "NAME TYPE ID KEY VALUE NSEMS PERMS OWNER PIDS WAITERS NCNT ZCNT"
}

@test "ls -J and stat -J: values and waiters are arrays" {
    need_exact_lists
    ipc-sem create --value 4 "$S"
    ipc-sem create --nsems 2 --value 1 "$(key)"
    run -0 ipc-sem ls -J
    py -c 'import json, sys
d = json.loads(sys.argv[1])
rows = {r["name"]: r for r in d["semaphores"]}
p = rows[sys.argv[2]]
assert p["type"] == "posix" and p["value"] == [4] and p["nsems"] == 1, p
s = rows[sys.argv[3]]
assert s["type"] == "sysv" and s["value"] == [1, 1] and s["waiters"] == [0, 0], s
assert isinstance(s["id"], int)' "$output" "$S" "$(printf 0x%08x "$KEY")"
    run -0 ipc-sem stat -J "$S"
    py -c 'import json, sys
d = json.loads(sys.argv[1])
assert d["value"] == [4] and d["type"] == "posix", d' "$output"
}

@test "ls PIDS and --pid: the processes that have a POSIX semaphore open" {
    need_exact_lists
    ipc-sem create "$S"
    ipc-sem create "$S-2"
    bg sem-peer hold "$S" 60
    local p=$BG_PID
    wait_until 10 grep -q "sem.${S#/}$" /proc/"$p"/maps
    run -0 ipc-sem stat -o PIDS -n "$S"
    assert_output "$p:sem-peer"
    run -0 ipc-sem ls -r -n -o NAME,PIDS
    assert_line "$S $p:sem-peer"
    run -0 ipc-sem ls -r -n -o NAME --pid "$p"
    assert_output "$S"
    run -0 ipc-sem ls -r -n -o NAME -p "$$,$p"
    assert_output "$S"
    run -1 ipc-sem ls -p 999999999
}

@test "stat -o COL -n prints a bare value for scripts" {
    ipc-sem create --value 9 "$S"
    n=$(ipc-sem stat -o VALUE -n "$S")
    [ "$n" = 9 ]
    run -0 ipc-sem info -o NAME,TYPE "$S"
    assert_output "NAME: $S
TYPE: posix"
}

@test "--help lists every verb; each VERB --help works" {
    run -0 ipc-sem --help
    local v
    for v in create rm post wait get run ls stat; do
        assert_output --partial "ipc-sem $v"
        run -0 ipc-sem "$v" --help
        assert_line -n 0 --partial "ipc-sem $v"
        run -0 ipc-sem --help
    done
    run -0 ipc-sem ls --help
    assert_output --partial WAITERS
}

@test "a FIFO or symlink planted under a semaphore's name is refused at once, never followed, not listed" {
    # /dev/shm is writable by every user: anyone may plant these.
    mkfifo "/dev/shm/sem.${S#/}-fifo"
    printf 'ORIGINAL\n' > "$BATS_TEST_TMPDIR/victim"
    ln -s "$BATS_TEST_TMPDIR/victim" "/dev/shm/sem.${S#/}-link"
    local name
    for name in "$S-fifo" "$S-link"; do
        run -1 timeout 10 ipc-sem get "$name"
        assert_output --partial "ipc-sem: cannot open '$name'"
        run -1 timeout 10 ipc-sem post "$name"
        run -1 timeout 10 ipc-sem wait -n "$name"
        run -1 ipc-sem stat "$name"
        assert_output "ipc-sem: cannot stat '$name': No such file or directory"
    done
    run -0 cat "$BATS_TEST_TMPDIR/victim"
    assert_output ORIGINAL
    run -0 ipc-sem ls -o NAME
    refute_output --partial "$S-"
}

@test "an empty, short or planted file under a semaphore's name: one line, status 1 (125 for run), never SIGBUS" {
    local f=/dev/shm/sem.${S#/}
    : > "$f-empty"
    chmod 666 "$f-empty"
    printf 'abcd' > "$f-short"
    mkfifo "$f-fifo"
    mkdir "$f-dir"
    ln -s "$f-empty" "$f-link"
    python3 -c 'import socket, sys
socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$f-sock"
    local name why
    for name in empty:"not a semaphore: 0 bytes" short:"not a semaphore: 4 bytes" \
                fifo:"not a semaphore (a FIFO)" dir:"not a semaphore (a directory)" \
                link:"not a semaphore (a symbolic link)" sock:"not a semaphore (a socket)"; do
        why=${name#*:}
        name=$S-${name%%:*}
        run -1 timeout 10 ipc-sem get "$name"
        assert_output "ipc-sem: cannot open '$name': $why"
        run -1 timeout 10 ipc-sem post "$name"
        assert_output "ipc-sem: cannot open '$name': $why"
        run -1 timeout 10 ipc-sem wait "$name"
        assert_output "ipc-sem: cannot open '$name': $why"
        run -125 timeout 10 ipc-sem run "$name" -- true
        assert_output "ipc-sem: cannot open '$name': $why"
    done
    # Nothing was written into the planted file.
    run -0 stat -c %s "$f-empty"
    assert_output 0
}

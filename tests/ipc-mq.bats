#!/usr/bin/env bats
# ipc-mq: POSIX and System V message queues, against itself, util-linux's
# ipcmk/ipcs/ipcrm, python3's sysv_ipc and the suite's own C peer
# (tests/mq-peer.c, written straight against mq_open).

bats_require_minimum_version 1.5.0
load common

# Messages are asserted exactly, with the C locale's plain quotes.
export LC_ALL=C

# /dev/mqueue is mounted by common.bash where it can be: 'ls' cases call
# need_mqueue or expect its "not mounted" status (ls_status).
setup() {
    common_setup
    # Names and keys unique to this test, so runs never collide.
    Q=/ipc-mq-test-$$-$BATS_TEST_NUMBER
    KEY=$(( 0x6d000000 + ($$ % 4096) * 4096 + BATS_TEST_NUMBER * 16 ))
}

teardown() {
    if mqueue_mounted; then
        rm -f /dev/mqueue/"ipc-mq-test-$$-$BATS_TEST_NUMBER"*
    else
        ipc-mq rm "$Q" "$Q-2" "$Q-ok" "$Q-other" 2>/dev/null || true
    fi
    local i id
    for i in $(seq 0 15); do
        ipcrm -Q $((KEY + i)) 2>/dev/null || true
        ipcrm -Q $(( (KEY + i) | 0x80000000 )) 2>/dev/null || true
    done
    if [ -f "$TEST_DIR/ids" ]; then
        while read -r id; do ipcrm -q "$id" 2>/dev/null || true; done < "$TEST_DIR/ids"
    fi
    common_teardown
}

# key: the System V key of this test, as key:0x...
key() { printf 'key:0x%08x' "$KEY"; }

# remember_id ID: a System V queue made by id, removed in teardown.
remember_id() { echo "$1" >> "$TEST_DIR/ids"; }

# posix_count: how many of this test's POSIX queues exist: any name of it
# where /dev/mqueue lists them, else the names that the tests use (stat
# needs no mount).
posix_count() {
    if mqueue_mounted; then
        find /dev/mqueue -name "ipc-mq-test-$$-$BATS_TEST_NUMBER*" | wc -l
    else
        local q n=0
        for q in "$Q" "$Q-2" "$Q-ok"; do
            ipc-mq stat "$q" >/dev/null 2>&1 && n=$((n + 1))
        done
        echo "$n"
    fi
}

# ls_status: the status of a good 'ipc-mq ls': 1 where /dev/mqueue is not
# mounted (it still lists System V), else 0.
ls_status() { if mqueue_mounted; then echo 0; else echo 1; fi; }

# sysv_left_by ARG...: run 'ipc-mq ARG...' in a new IPC namespace, where
# no other test's queues can be, and print its status and the number of
# System V queues it left there: "2 0" for a refused create.
sysv_left_by() {
    # shellcheck disable=SC2016 # expanded by the inner sh
    unshare --ipc sh -c 'ipc-mq "$@" >/dev/null 2>&1; echo "$? $(tail -n +2 /proc/sysvipc/msg | wc -l)"' sh "$@"
}

# has_open PID NAME: process PID has POSIX queue NAME open.
has_open() {
    local fd
    for fd in /proc/"$1"/fd/*; do
        [ "$(readlink "$fd" 2>/dev/null)" = "$2" ] && return 0
    done
    return 1
}

# Whether this process may exceed the queue limits (then limit tests skip).
has_cap_sys_resource() {
    local caps
    caps=$(sed -n 's/^CapEff:[[:space:]]*//p' /proc/self/status)
    (( (0x$caps >> 24) & 1 ))
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

# --- create and rm --------------------------------------------------------

@test "create: a POSIX queue is 0600 whatever the umask, with the kernel's default size" {
    (umask 000; ipc-mq create "$Q")
    run -0 mq-peer attr "$Q"
    assert_output "$(cat /proc/sys/fs/mqueue/msg_default) $(cat /proc/sys/fs/mqueue/msgsize_default) 0 0600"
    (umask 077; ipc-mq create "$Q-2")
    run -0 mq-peer attr "$Q-2"
    assert_output --regexp ' 0600$'
    run -0 ipc-mq stat -o PERMS -n "$Q"
    assert_output "rw-------"
}

@test "create: --mode, octal or symbolic, is exact whatever the umask" {
    (umask 077; ipc-mq create --mode 0644 "$Q")
    run -0 mq-peer attr "$Q"
    assert_output --regexp ' 0644$'
    (umask 000; ipc-mq create --mode u=rw,g=r "$Q-2")
    run -0 mq-peer attr "$Q-2"
    assert_output --regexp ' 0640$'
    (umask 000; ipc-mq create --mode g=rw,u=rw "$(key)")
    run -0 ipc-mq stat -o PERMS -n "$(key)"
    assert_output "rw-rw----"
}

@test "create: --maxmsg and --msgsize size a POSIX queue" {
    ipc-mq create --maxmsg 4 --msgsize 100 "$Q"
    run -0 mq-peer attr "$Q"
    assert_output "4 100 0 0600"
    run -0 ipc-mq stat -b -o MAXMSGS,MSGSIZE,QBYTES "$Q"
    assert_output "MAXMSGS: 4
MSGSIZE: 100
QBYTES: 400"
    ipc-mq create --msgsize 1K "$Q-2"
    run -0 mq-peer attr "$Q-2"
    assert_output "$(cat /proc/sys/fs/mqueue/msg_default) 1024 0 0600"
}

@test "create: a System V queue by key, by path and private; --maxmsg sets its capacity" {
    ipc-mq create --maxmsg 2 --msgsize 100 "$(key)"
    run -0 ipc-mq stat -b -o TYPE,KEY,QBYTES,MSGSIZE,PERMS "$(key)"
    assert_output "TYPE: sysv
KEY: $(printf 0x%08x "$KEY")
QBYTES: 200
MSGSIZE: 200
PERMS: rw-------"
    # path:FILE[:P] is ftok's key, the one python's sysv_ipc computes.
    touch "$TEST_DIR/conf"
    ipc-mq create "path:$TEST_DIR/conf:7"
    local k
    k=$(py -c 'import sys, sysv_ipc; print("0x%08x" % (sysv_ipc.ftok(sys.argv[1], 7, True) & 0xffffffff))' "$TEST_DIR/conf")
    run -0 ipc-mq stat -o KEY -n "path:$TEST_DIR/conf:7"
    assert_output "$k"
    run -0 ipc-mq rm "path:$TEST_DIR/conf:7"
    # A key above 0x7fffffff, which /proc/sysvipc/msg prints negative.
    local high
    high=$(printf 'key:0x%08x' $(( KEY | 0x80000000 )))
    ipc-mq create "$high"
    run -0 ipc-mq stat -o NAME -n "$high"
    assert_output "${high#key:}"
    run "-$(ls_status)" ipc-mq ls -r -n -o KEY,TYPE
    assert_line "${high#key:} sysv"
    # private: a new queue whose id is printed.
    run -0 ipc-mq create private
    assert_output --regexp '^[0-9]+$'
    local id=$output
    remember_id "$id"
    run -0 ipc-mq stat -o NAME,ID -n "id:$id"
    assert_output "0x00000000
$id"
}

@test "create: an existing queue is an error and stays as it was" {
    ipc-mq create --maxmsg 3 "$Q"
    ipc-mq send "$Q" keep
    run -1 ipc-mq create "$Q"
    assert_output "ipc-mq: cannot create '$Q': File exists"
    run -0 mq-peer attr "$Q"
    assert_output --regexp '^3 [0-9]+ 1 0600$'
    ipc-mq create "$(key)"
    run -1 ipc-mq create "$(key)"
    assert_output "ipc-mq: cannot create '$(key)': File exists"
}

@test "create: limits are named with their values, and nothing is created" {
    has_cap_sys_resource && skip "CAP_SYS_RESOURCE lifts the limits"
    local max size
    max=$(cat /proc/sys/fs/mqueue/msg_max)
    size=$(cat /proc/sys/fs/mqueue/msgsize_max)
    run -1 ipc-mq create --maxmsg $((max + 90)) "$Q"
    assert_output "ipc-mq: cannot create '$Q': maxmsg $((max + 90)) exceeds fs.mqueue.msg_max ($max)"
    run -1 ipc-mq create --msgsize $((size + 1)) "$Q"
    assert_output "ipc-mq: cannot create '$Q': msgsize $((size + 1)) exceeds fs.mqueue.msgsize_max ($size)"
    [ "$(posix_count)" = 0 ]

    local msgmax msgmnb
    msgmax=$(cat /proc/sys/kernel/msgmax)
    msgmnb=$(cat /proc/sys/kernel/msgmnb)
    run -1 ipc-mq create --msgsize $((msgmax + 1)) "$(key)"
    assert_output "ipc-mq: cannot create '$(key)': msgsize $((msgmax + 1)) exceeds kernel.msgmax ($msgmax)"
    run -1 ipc-mq create --maxmsg $((msgmnb / 8 + 1)) --msgsize 8 "$(key)"
    assert_output "ipc-mq: cannot create '$(key)': capacity $(( (msgmnb / 8 + 1) * 8 )) bytes (maxmsg $((msgmnb / 8 + 1)) x msgsize 8) exceeds kernel.msgmnb ($msgmnb)"
    run -1 ipc-mq stat "$(key)"
    if unshare --ipc true 2>/dev/null; then
        run -0 sysv_left_by create --msgsize $((msgmax + 1)) "$(key)"
        assert_output "1 0"
        run -0 sysv_left_by create --maxmsg $((msgmnb / 8 + 1)) --msgsize 8 private
        assert_output "1 0"
    fi
}

@test "create: RLIMIT_MSGQUEUE is named when it refuses a queue" {
    run -1 bash -c "ulimit -q 1000 && ipc-mq create --maxmsg 4 --msgsize 4K '$Q'"
    assert_output --partial "ipc-mq: cannot create '$Q': the user's queues would exceed RLIMIT_MSGQUEUE (1000 bytes"
    [ "$(posix_count)" = 0 ]
}

@test "bad input exits 2 with one line naming it, and creates nothing" {
    local long bad
    long=/$(printf 'x%.0s' $(seq 256))
    for bad in "/a/b" "/" "" "name" "$long" "id:1" "key:0" "key:zz" "path:" "tcp:x:1"; do
        echo "checking create '$bad'"
        run -2 ipc-mq create "$bad"
        assert_line --index 0 --partial "invalid address"
        assert_line --index 1 "Try 'ipc-mq create --help' for more information."
    done
    for bad in "--msgsize abc" "--msgsize 0" "--msgsize -5" "--msgsize 9999999999999999999999" \
               "--maxmsg 0" "--maxmsg -1" "--maxmsg 1x" "--mode 0999" "--mode 4755" "--mode u=rws" \
               "--frobnicate" "-x"; do
        echo "checking create $bad"
        # shellcheck disable=SC2086
        run -2 ipc-mq create $bad "$Q"
        assert_equal "${#lines[@]}" 2
    done
    ipc-mq create "$Q-ok"
    for bad in "send -p x" "send -p 99999" "send --type 0" "send --type x" "send -t soon" \
               "send --bogus" "recv -c 0" "recv -c x" "recv -t -1" "recv --type 1x" \
               "recv -f -c 1" "recv --bogus" "ls --bogus" "stat -o" "rm --bogus"; do
        echo "checking $bad"
        # shellcheck disable=SC2086
        run -2 ipc-mq $bad "$Q-ok"
        assert_equal "${#lines[@]}" 2
    done
    # --type is a number as every other: no blank, no '+'.
    local type
    for type in " 5" "+7"; do
        run -2 ipc-mq send --type "$type" "$Q-ok" hello
        assert_line --index 0 --partial "invalid --type argument"
    done
    for type in " -5" "+7" "- 5"; do
        run -2 ipc-mq recv --type "$type" "$Q-ok"
        assert_line --index 0 --partial "invalid --type argument"
    done
    run -2 ipc-mq send "/a/b" hello
    run -2 ipc-mq recv "$Q-ok" "$Q-ok"
    run -2 ipc-mq ls extra
    run -0 ipc-mq stat -o MSGS -n "$Q-ok"
    assert_output 0
    ipc-mq rm "$Q-ok"
    run -2 ipc-mq create "$Q" "$Q-2"
    assert_line --index 0 "ipc-mq: extra operand '$Q-2'"
    run -2 ipc-mq create
    assert_line --index 0 "ipc-mq: missing QUEUE operand"
    [ "$(posix_count)" = 0 ]
    # No System V queue either, counted where no other test makes any.
    if unshare --ipc true 2>/dev/null; then
        for bad in "key:0" "key:zz" "path:" "id:1" "private x" "--maxmsg 0 private" \
                   "--msgsize 0 private" "--mode 4755 private" "--bogus private"; do
            echo "checking create $bad in a new IPC namespace"
            # shellcheck disable=SC2086
            run -0 sysv_left_by create $bad
            assert_output "2 0"
        done
    fi
}

@test "rm: removes many; a missing one is reported and the others still go" {
    ipc-mq create "$Q"
    ipc-mq create "$Q-2"
    ipc-mq create "$(key)"
    run -1 ipc-mq rm "$Q" "$Q-missing" "$(key)" "$Q-2"
    assert_output "ipc-mq: cannot remove '$Q-missing': No such file or directory"
    [ "$(posix_count)" = 0 ]
    run -1 ipc-mq stat "$(key)"
    # A malformed operand: usage error before anything is removed.
    ipc-mq create "$Q"
    run -2 ipc-mq rm "$Q" "/bad/name"
    [ "$(posix_count)" = 1 ]
    run -0 ipc-mq remove "$Q"
    [ "$(posix_count)" = 0 ]
}

# --- send and recv --------------------------------------------------------

@test "send: each MESSAGE is a message; recv takes one, or -c COUNT, in order" {
    ipc-mq create "$Q"
    ipc-mq send "$Q" one "two words" ""
    run -0 ipc-mq stat -o MSGS -n "$Q"
    assert_output 3
    run -0 ipc-mq recv "$Q"
    assert_output one
    ipc-mq recv -c 2 "$Q" > "$TEST_DIR/out"
    printf 'two words\n\n' | cmp - "$TEST_DIR/out"
    run -0 ipc-mq stat -o CURMSGS,USEDBYTES -n "$Q"
    assert_output "0
0B"
}

@test "send: standard input is one message, newlines and all" {
    ipc-mq create "$Q"
    printf 'line 1\nline 2\n' | ipc-mq send "$Q"
    run -0 ipc-mq stat -b -o MSGS,USEDBYTES -n "$Q"
    assert_output "1
14"
    ipc-mq recv "$Q" > "$TEST_DIR/out"
    printf 'line 1\nline 2\n\n' | cmp - "$TEST_DIR/out"
}

@test "send/recv: any bytes round-trip exactly, up to the message size (POSIX and System V)" {
    head -c 8192 /dev/urandom > "$TEST_DIR/blob"
    printf '\0\n\0\n\377' >> "$TEST_DIR/blob"
    head -c 8192 "$TEST_DIR/blob" > "$TEST_DIR/msg"
    ipc-mq create "$Q"
    ipc-mq send "$Q" < "$TEST_DIR/msg"
    ipc-mq recv "$Q" > "$TEST_DIR/out"
    head -c -1 "$TEST_DIR/out" | cmp - "$TEST_DIR/msg"
    [ "$(tail -c 1 "$TEST_DIR/out" | od -An -c | tr -d ' ')" = '\n' ]
    # -0: a NUL after each message instead of a newline.
    ipc-mq send "$Q" < "$TEST_DIR/msg"
    ipc-mq recv -0 "$Q" > "$TEST_DIR/out"
    [ "$(tail -c 1 "$TEST_DIR/out" | od -An -tx1 | tr -d ' ')" = 00 ]
    # System V: the largest message is kernel.msgmax (8192 here).
    local size
    size=$(cat /proc/sys/kernel/msgmax)
    head -c "$size" /dev/urandom > "$TEST_DIR/msg"
    ipc-mq create "$(key)"
    ipc-mq send "$(key)" < "$TEST_DIR/msg"
    ipc-mq recv "$(key)" | head -c -1 | cmp - "$TEST_DIR/msg"
    # A message of nothing at all.
    ipc-mq send "$(key)" < /dev/null
    run -0 ipc-mq recv "$(key)"
    assert_output ""
}

@test "send: a message longer than the message size is refused before anything is sent" {
    ipc-mq create --msgsize 10 "$Q"
    run -1 ipc-mq send "$Q" ok 12345678901 also
    assert_output "ipc-mq: message 2 is longer than the message size of '$Q' (10 bytes); nothing was sent"
    run -1 bash -c "printf 12345678901 | ipc-mq send '$Q'"
    assert_output "ipc-mq: standard input is longer than the message size of '$Q' (10 bytes); nothing was sent"
    run -0 ipc-mq stat -o MSGS -n "$Q"
    assert_output 0
    # Exactly the message size is fine.
    printf 1234567890 | ipc-mq send "$Q"
    # Streaming: the lines before the long one were sent.
    run -1 bash -c "printf 'a\nb\n12345678901\nc\n' | ipc-mq send --lines '$Q'"
    assert_output "ipc-mq: line 3 is longer than the message size of '$Q' (10 bytes); the records before it were sent"
    run -0 ipc-mq recv -c 3 "$Q"
    assert_output "1234567890
a
b"
    # System V: a queue whose capacity is 100 bytes takes messages of 100.
    ipc-mq create --maxmsg 1 --msgsize 100 "$(key)"
    run -1 ipc-mq send "$(key)" "$(printf 'x%.0s' $(seq 101))"
    assert_output --partial "message 1 is longer than the message size of '$(key)' (100 bytes)"
    run -0 ipc-mq stat -o MSGS -n "$(key)"
    assert_output 0
}

@test "send --lines and -0: each record is a message; the last may lack its terminator" {
    ipc-mq create "$Q"
    printf 'a\n\nc' | ipc-mq send --lines "$Q"
    run -0 ipc-mq recv -c 3 "$Q"
    assert_output "a

c"
    printf 'x\0y\nz\0' | ipc-mq send -0 "$Q"
    ipc-mq recv -0 -c 2 "$Q" > "$TEST_DIR/out"
    printf 'x\0y\nz\0' | cmp - "$TEST_DIR/out"
    # Records of exactly the message size, straddling the input blocks.
    ipc-mq create --maxmsg 10 --msgsize 8192 "$Q-2"
    python3 -c 'import sys
for i in range(40): sys.stdout.write(chr(65 + i % 26) * 8192 + "\n")' > "$TEST_DIR/big"
    bg ipc-mq recv -c 40 "$Q-2" > "$TEST_DIR/out"
    ipc-mq send --lines "$Q-2" < "$TEST_DIR/big"
    wait "$BG_PID"
    cmp "$TEST_DIR/big" "$TEST_DIR/out"
    # A line far longer than the input buffer.
    run -1 bash -c "head -c 200000 /dev/zero | tr '\\0' x | ipc-mq send --lines '$Q-2'"
    assert_output "ipc-mq: line 1 is longer than the message size of '$Q-2' (8192 bytes)"
    run -2 ipc-mq send --lines "$Q" extra
    assert_line --index 0 --partial "no MESSAGE operand is allowed"
    run -2 ipc-mq send --lines -0 "$Q"
    assert_line --index 0 "ipc-mq: --lines and --null are exclusive"
    # Checked once all options are read: the same in any order.
    run -2 ipc-mq send -0 --lines "$Q"
    assert_line --index 0 "ipc-mq: --lines and --null are exclusive"
    run -2 ipc-mq recv -f -c 1 "$Q"
    assert_line --index 0 "ipc-mq: --count and --follow are exclusive"
    run -2 ipc-mq recv -c 1 "$Q" --follow
    assert_line --index 0 "ipc-mq: --count and --follow are exclusive"
}

@test "send --lines: 100 000 lines through a queue of depth 4 with a concurrent reader, identical" {
    ipc-mq create --maxmsg 4 --msgsize 64 "$Q"
    seq 100000 > "$TEST_DIR/in"
    bg ipc-mq recv -t 60s -c 100000 "$Q" > "$TEST_DIR/out"
    local reader=$BG_PID
    ipc-mq send -t 60s --lines "$Q" < "$TEST_DIR/in"
    wait "$reader"
    cmp "$TEST_DIR/in" "$TEST_DIR/out"
    run -0 ipc-mq stat -o MSGS -n "$Q"
    assert_output 0
}

@test "4 producers and 2 consumers, 20 000 messages: no loss, no duplicate" {
    ipc-mq create --maxmsg 10 --msgsize 32 "$Q"
    local p c pids=()
    for c in 1 2; do
        bg ipc-mq recv -t 60s -c 10000 "$Q" > "$TEST_DIR/out.$c"
        pids+=("$BG_PID")
    done
    for p in 1 2 3 4; do
        seq -f "p$p-%g" 5000 | ipc-mq send -t 60s --lines "$Q" &
        pids+=("$!")
    done
    for p in "${pids[@]}"; do wait "$p"; done
    for p in 1 2 3 4; do seq -f "p$p-%g" 5000; done | sort > "$TEST_DIR/want"
    sort "$TEST_DIR/out.1" "$TEST_DIR/out.2" > "$TEST_DIR/got"
    cmp "$TEST_DIR/want" "$TEST_DIR/got"
    [ "$(sort -u "$TEST_DIR/got" | wc -l)" = 20000 ]
    # Each producer's messages arrive in its order at each consumer.
    for c in 1 2; do
        for p in 1 2 3 4; do
            grep "^p$p-" "$TEST_DIR/out.$c" | sort -t- -k2,2n -c
        done
    done
}

@test "the same through a System V queue, with types" {
    ipc-mq create "$(key)"
    bg ipc-mq recv -t 60s -c 10000 "$(key)" > "$TEST_DIR/out.1"
    local r1=$BG_PID
    bg ipc-mq recv -t 60s -c 10000 "$(key)" > "$TEST_DIR/out.2"
    local r2=$BG_PID
    seq -f "a%g" 10000 | ipc-mq send -t 60s --lines --type 3 "$(key)" &
    local s1=$!
    seq -f "b%g" 10000 | ipc-mq send -t 60s --lines "$(key)"
    wait "$s1"
    wait "$r1"
    wait "$r2"
    { seq -f "a%g" 10000; seq -f "b%g" 10000; } | sort > "$TEST_DIR/want"
    sort "$TEST_DIR/out.1" "$TEST_DIR/out.2" | cmp - "$TEST_DIR/want"
}

@test "stopping and continuing sender and receiver loses and duplicates nothing" {
    ipc-mq create --maxmsg 4 --msgsize 16 "$Q"
    ipc-mq create --maxmsg 4 --msgsize 16 "$(key)"
    local q sender receiver i
    seq 300000 > "$TEST_DIR/in"
    for q in "$Q" "$(key)"; do
        bg ipc-mq recv -t 60s -c 300000 "$q" > "$TEST_DIR/out"
        receiver=$BG_PID
        # (An asynchronous command's stdin is /dev/null unless its own.)
        # shellcheck disable=SC2016 # expanded by the inner sh
        bg sh -c 'exec ipc-mq send -t 60s --lines "$1" < "$2"' sh "$q" "$TEST_DIR/in"
        sender=$BG_PID
        # SIGSTOP and SIGCONT interrupt the blocked calls (EINTR).
        for i in $(seq 20); do
            kill -STOP "$sender" "$receiver" 2>/dev/null || true
            sleep 0.01
            kill -CONT "$sender" "$receiver" 2>/dev/null || true
            sleep 0.01
        done
        wait "$sender"
        wait "$receiver"
        cmp "$TEST_DIR/in" "$TEST_DIR/out"
    done
}

@test "recv killed by SIGTERM or SIGINT mid-stream writes out every message it took" {
    ipc-mq create --maxmsg 10 --msgsize 16 "$Q"
    ipc-mq create --maxmsg 2 --msgsize 16 "$(key)"
    local q sig receiver sender k
    for q in "$Q" "$(key)"; do
        for sig in TERM INT; do
            echo "checking $q $sig"
            # (Asynchronous commands of a script start with SIGINT ignored.)
            bg env --default-signal=INT ipc-mq recv --follow "$q" > "$TEST_DIR/out"
            receiver=$BG_PID
            seq 1000000 | ipc-mq send -t 1s --lines "$q" &
            sender=$!
            wait_until 10 test -s "$TEST_DIR/out"
            sleep 0.1
            kill -"$sig" "$receiver"
            # Killed by the signal itself, after writing out.
            wait "$receiver" && status=0 || status=$?
            [ "$status" = $((128 + $(kill -l "$sig"))) ]
            wait "$sender" || true
            # What recv printed is 1..k, whole lines, and the queue's next
            # message is k+1: nothing taken was lost.
            k=$(wc -l < "$TEST_DIR/out")
            [ "$k" -gt 0 ]
            seq "$k" | cmp - "$TEST_DIR/out"
            run -0 ipc-mq recv -n "$q"
            assert_output "$((k + 1))"
            ipc-mq recv -c 1000000 -n "$q" > /dev/null || true
        done
    done
}

@test "priorities: the highest first; --show-priority prints it" {
    ipc-mq create "$Q"
    ipc-mq send -p 1 "$Q" low
    ipc-mq send --priority 30 "$Q" high
    ipc-mq send -p 5 "$Q" mid1 mid2
    run -0 ipc-mq recv -c 4 --show-priority "$Q"
    assert_output "$(printf '30\thigh\n5\tmid1\n5\tmid2\n1\tlow')"
    run -2 ipc-mq send -p 32768 "$Q" x
    run -2 ipc-mq send -p -1 "$Q" x
    run -2 ipc-mq send --type 2 "$Q" x
    assert_line --index 0 "ipc-mq: --type applies to System V queues; '$Q' is POSIX (use --priority)"
    run -2 ipc-mq recv --type 2 "$Q"
}

@test "recv --type: msgrcv's 0, > 0 and < 0" {
    ipc-mq create "$(key)"
    ipc-mq send --type 3 "$(key)" three
    ipc-mq send --type 1 "$(key)" one
    ipc-mq send --type 2 "$(key)" two
    ipc-mq send --type 5 "$(key)" five
    run -0 ipc-mq recv --type 2 --show-priority "$(key)"
    assert_output "$(printf '2\ttwo')"
    run -0 ipc-mq recv --type -4 "$(key)"
    assert_output one
    run -0 ipc-mq recv --type 0 "$(key)"
    assert_output three
    run -124 ipc-mq recv -n --type 4 "$(key)"
    run -0 ipc-mq recv "$(key)"
    assert_output five
    run -2 ipc-mq send --type 0 "$(key)" x
    run -2 ipc-mq send -p 1 "$(key)" x
    assert_line --index 0 "ipc-mq: --priority applies to POSIX queues; '$(key)' is System V (use --type)"
}

# --- waiting --------------------------------------------------------------

@test "recv -n and -t on an empty queue: 124, in bounded time" {
    ipc-mq create "$Q"
    ipc-mq create "$(key)"
    local q
    for q in "$Q" "$(key)"; do
        elapsed_ms ipc-mq recv -n "$q" || true
        [ "$status" = 124 ]
        [ "$ELAPSED_MS" -lt 1000 ]
        elapsed_ms ipc-mq recv -t 300ms "$q" || true
        [ "$status" = 124 ]
        [ "$ELAPSED_MS" -ge 290 ] && [ "$ELAPSED_MS" -lt 2000 ]
    done
}

@test "recv -c COUNT -t: what came is printed, then 124" {
    ipc-mq create "$Q"
    ipc-mq send "$Q" only
    elapsed_ms ipc-mq recv -c 3 -t 300ms "$Q" > "$TEST_DIR/out" || true
    [ "$status" = 124 ]
    [ "$ELAPSED_MS" -lt 2000 ]
    [ "$(cat "$TEST_DIR/out")" = only ]
}

@test "recv --follow -t: an idle limit, 0 if any message came, 124 if none" {
    ipc-mq create "$Q"
    ipc-mq create "$(key)"
    local q
    for q in "$Q" "$(key)"; do
        ipc-mq send "$q" a b
        # Messages 200 ms apart keep a 600 ms idle limit from ending it.
        ( sleep 0.2; ipc-mq send "$q" c; sleep 0.2; ipc-mq send "$q" d ) &
        elapsed_ms ipc-mq recv --follow -t 600ms "$q" > "$TEST_DIR/out" || true
        wait $!
        [ "$status" = 0 ]
        [ "$(cat "$TEST_DIR/out")" = "$(printf 'a\nb\nc\nd')" ]
        [ "$ELAPSED_MS" -ge 900 ] && [ "$ELAPSED_MS" -lt 3000 ]
        run -124 ipc-mq recv --follow -t 200ms "$q"
    done
    run -2 ipc-mq recv --follow -c 2 "$Q"
}

@test "recv --follow: each message reaches the pipe before recv waits again" {
    ipc-mq create "$Q"
    bg ipc-mq recv --follow "$Q" > "$TEST_DIR/out"
    ipc-mq send "$Q" first
    wait_until 10 grep -qx first "$TEST_DIR/out"
    ipc-mq send "$Q" second
    wait_until 10 grep -qx second "$TEST_DIR/out"
    kill -0 "$BG_PID"
}

@test "send -n and -t on a full queue: 124, in bounded time, queue unchanged" {
    ipc-mq create --maxmsg 2 "$Q"
    ipc-mq send "$Q" 1 2
    ipc-mq create --maxmsg 1 --msgsize 8 "$(key)"
    ipc-mq send "$(key)" 12345678
    local q
    for q in "$Q" "$(key)"; do
        elapsed_ms ipc-mq send -n "$q" 3 || true
        [ "$status" = 124 ]
        [ "$ELAPSED_MS" -lt 1000 ]
        elapsed_ms ipc-mq send -t 300ms "$q" 3 || true
        [ "$status" = 124 ]
        [ "$ELAPSED_MS" -ge 290 ] && [ "$ELAPSED_MS" -lt 2000 ]
    done
    run -0 ipc-mq recv -c 2 "$Q"
    assert_output "1
2"
    run -0 ipc-mq recv "$(key)"
    assert_output 12345678
}

@test "send waits for room: a blocked sender goes on when a reader takes a message" {
    ipc-mq create --maxmsg 1 "$Q"
    ipc-mq send "$Q" first
    bg ipc-mq send -t 10s "$Q" second
    sleep 0.2
    kill -0 "$BG_PID"
    run -0 ipc-mq recv "$Q"
    assert_output first
    wait "$BG_PID"
    run -0 ipc-mq recv -t 5s "$Q"
    assert_output second
}

@test "recv: operation errors exit 1; a write error too" {
    run -1 ipc-mq recv "$Q"
    assert_output "ipc-mq: cannot open '$Q': No such file or directory"
    run -1 ipc-mq send "$(key)" x
    assert_output "ipc-mq: cannot open '$(key)': No such file or directory"
    run -1 ipc-mq recv id:2147483647
    ipc-mq create "$Q"
    ipc-mq send "$Q" lost
    run -1 bash -c "ipc-mq recv '$Q' > /dev/full"
    assert_output --partial "write error"
}

# --- ls and stat ----------------------------------------------------------

@test "ls: POSIX and System V queues with the columns of SPEC 4, and who has them open" {
    need_exact_lists
    need_mqueue
    ipc-mq create --maxmsg 5 --msgsize 200 "$Q"
    ipc-mq send "$Q" hello world
    ipc-mq create "$(key)"
    ipc-mq send "$(key)" abc
    bg mq-peer hold "$Q" 30
    local peer=$BG_PID
    wait_until 10 has_open "$peer" "$Q"
    run -0 ipc-mq ls
    assert_line --index 0 --regexp '^NAME +TYPE +ID +KEY +MSGS +MAXMSGS +MSGSIZE +USEDBYTES +PERMS +OWNER +PIDS$'
    assert_line --regexp "^$Q +posix +2 +5 +200B +10B +rw------- +$IPC_TEST_USER +$peer:mq-peer\$"
    assert_line --regexp "^$(printf 0x%08x "$KEY") +sysv +[0-9]+ +$(printf 0x%08x "$KEY") +1 +8K +3B +rw------- +$IPC_TEST_USER *\$"
    run -0 ipc-mq list -r -n -o NAME
    assert_line "$Q"
}

@test "ls --pid: the POSIX queues a process has open; a missing PID exits 1" {
    need_exact_lists
    need_mqueue
    ipc-mq create "$Q"
    ipc-mq create "$Q-other"
    ipc-mq create "$(key)"
    bg mq-peer hold "$Q" 30
    local peer=$BG_PID
    wait_until 10 has_open "$peer" "$Q"
    run -0 ipc-mq ls -p "$peer" -r -n -o NAME,TYPE,PIDS
    assert_output "$Q posix $peer:mq-peer"
    # Without PIDS, only that process is looked into: the same queues.
    run -0 ipc-mq ls --pid "$peer" -r -n -o NAME
    assert_output "$Q"
    # A process with no queue open has none, and no System V queue either.
    run -0 ipc-mq ls -p "$$" -r -n
    assert_output ""
    run -0 ipc-mq ls -p "$$,$peer" -p "$$" -J
    run -0 py -c 'import json, sys
d = json.loads(sys.argv[1])["mqueues"]
assert [q["name"] for q in d] == [sys.argv[2]] and d[0]["msgs"] == 0, d' "$output" "$Q"
    run -1 ipc-mq ls -p 2147483647
    assert_output "ipc-mq: cannot find process 2147483647: No such process"
    run -2 ipc-mq ls -p 12x
    run -2 ipc-mq ls -p ""
    run -2 ipc-mq stat -p "$peer" "$Q"
}

@test "ls -J and stat -J: typed JSON" {
    need_exact_lists
    need_mqueue
    ipc-mq create --maxmsg 5 --msgsize 200 "$Q"
    ipc-mq send "$Q" hello
    ipc-mq create "$(key)"
    bg mq-peer hold "$Q" 30
    local peer=$BG_PID
    wait_until 10 has_open "$peer" "$Q"
    ipc-mq ls -J > "$TEST_DIR/ls.json"
    run -0 py - "$TEST_DIR/ls.json" "$Q" "$KEY" "$peer" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
qs = {q["name"]: q for q in doc["mqueues"]}
p = qs[sys.argv[2]]
assert p["type"] == "posix" and p["id"] is None and p["key"] is None, p
assert p["msgs"] == 1 and p["maxmsgs"] == 5 and p["msgsize"] == 200, p
assert p["usedbytes"] == 5 and p["perms"] == "rw-------", p
assert p["pids"] == [{"pid": int(sys.argv[4]), "command": "mq-peer",
                      "use": "open"}], p
s = qs["0x%08x" % int(sys.argv[3])]
assert s["type"] == "sysv" and isinstance(s["id"], int) and s["maxmsgs"] is None, s
assert s["msgs"] == 0 and s["pids"] == [], s
print("ok")
EOF
    assert_output ok
    run -0 ipc-mq stat -J "$Q"
    run -0 py -c 'import json, sys; d = json.loads(sys.argv[1]); assert d["name"] == sys.argv[2] and d["msgs"] == 1, d' "$output" "$Q"
}

@test "stat: COLUMN: value lines; -o COL -n a bare value; errors" {
    ipc-mq create --maxmsg 3 "$Q"
    ipc-mq send "$Q" a b
    run -0 ipc-mq stat -o MSGS -n "$Q"
    assert_output 2
    run -0 ipc-mq info -o NAME,TYPE,MSGS,MAXMSGS "$Q"
    assert_output "NAME: $Q
TYPE: posix
MSGS: 2
MAXMSGS: 3"
    run -1 ipc-mq stat "$Q-missing"
    assert_output "ipc-mq: cannot stat '$Q-missing': No such file or directory"
    run -1 ipc-mq stat id:2147483647
    assert_output "ipc-mq: cannot stat 'id:2147483647': No such file or directory"
    run -2 ipc-mq stat -o NOSUCH "$Q"
    run -2 ipc-mq stat "/a/b"
    run -2 ipc-mq stat private
    run -2 ipc-mq stat "$Q" extra
}

@test "ls and stat by a user who may not read the queues: owner and mode, no counts" {
    need_root "setpriv to user nobody"
    need_mqueue
    command -v setpriv >/dev/null || skip "no setpriv"
    ipc-mq create "$Q"
    ipc-mq send "$Q" secret
    ipc-mq create "$(key)"
    local nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    "${nobody[@]}" ipc-mq --version >/dev/null 2>&1 \
        || skip "user nobody cannot run the built ipc-mq from here"
    run -0 "${nobody[@]}" ipc-mq ls -r -o NAME,MSGS,MAXMSGS,PERMS,OWNER
    assert_line "$Q   rw------- root"
    run -0 "${nobody[@]}" ipc-mq stat -o MSGS,PERMS "$Q"
    assert_output "MSGS:
PERMS: rw-------"
    run -1 "${nobody[@]}" ipc-mq recv "$Q"
    assert_output "ipc-mq: cannot open '$Q': Permission denied"
    run -1 "${nobody[@]}" ipc-mq recv -n "$(key)"
    assert_output "ipc-mq: cannot receive from '$(key)': Permission denied"
    run -0 ipc-mq recv "$Q"
    assert_output secret
}

# without_mqueue CMD...: run CMD where /dev/mqueue is not mounted: here
# if it is not, else (as root) in a mount namespace of its own.
without_mqueue() {
    if ! mqueue_mounted; then
        "$@"
    else
        # shellcheck disable=SC2016 # expanded by the inner sh
        unshare -m sh -c '
            while [ "$(stat -f -c %T /dev/mqueue)" = mqueue ]; do
                umount /dev/mqueue || exit 125
            done
            exec "$@"' sh "$@"
    fi
}

@test "ls without /dev/mqueue says how to mount it, lists System V, exits 1" {
    if mqueue_mounted; then
        need_root "unmounts /dev/mqueue in a mount namespace of its own"
        unshare -m true 2>/dev/null || skip "cannot make a mount namespace"
    fi
    ipc-mq create "$(key)"
    run -1 without_mqueue ipc-mq ls -r -o NAME,TYPE
    assert_line "$(printf 0x%08x "$KEY") sysv"
    assert_line "ipc-mq: cannot list POSIX queues: '/dev/mqueue' is not mounted (as root: mkdir -p /dev/mqueue && mount -t mqueue none /dev/mqueue)"
    # stat and the other verbs do not need it.
    ipc-mq create "$Q"
    run -0 without_mqueue ipc-mq stat -o MSGS -n "$Q"
    assert_output 0
}

# --- interoperation -------------------------------------------------------

@test "ipcmk -Q, ipcs -q and ipcrm see and use our System V queues, and we theirs" {
    # Theirs: ipcmk makes it, we inspect, send and receive.
    local id
    id=$(ipcmk -Q | sed 's/.*: //')
    remember_id "$id"
    run -0 ipc-mq stat -o TYPE,ID,MSGS,PERMS "id:$id"
    assert_output "TYPE: sysv
ID: $id
MSGS: 0
PERMS: rw-r--r--"
    ipc-mq send --type 7 "id:$id" "from ipc-mq"
    run -0 ipcs -q -i "$id"
    assert_output --partial "qnum=1"
    run -0 ipc-mq recv --show-priority "id:$id"
    assert_output "$(printf '7\tfrom ipc-mq')"
    run -0 ipc-mq rm "id:$id"
    run -1 grep -Eq "^ *-?[0-9]+ +$id " /proc/sysvipc/msg

    # Ours: ipcs lists it with our mode and messages, ipcrm removes it.
    # ipcs's table cuts owner names to its column's width: the owner is
    # compared through ipcs -i (numbers) and lsipc -r (names uncut).
    ipc-mq create --mode 0640 "$(key)"
    ipc-mq send "$(key)" x y
    id=$(ipc-mq stat -o ID -n "$(key)")
    run -0 ipcs -q
    assert_line --regexp "^$(printf 0x%08x "$KEY") +$id +[^ ]+ +640 +2 +2 *\$"
    run -0 ipcs -q -i "$id"
    assert_line "$(printf 'uid=%d\tgid=%d\tcuid=%d\tcgid=%d\tmode=0640' \
        "$(id -u)" "$(id -g)" "$(id -u)" "$(id -g)")"
    assert_line --regexp "^cbytes=2"$'\t'"qbytes=[0-9]+"$'\t'"qnum=2"$'\t'
    run -0 lsipc -q --noheadings -r -o KEY,ID,OWNER,PERMS
    assert_line "$(printf 0x%08x "$KEY") $id $IPC_TEST_USER rw-r-----"
    ipcrm -Q "$KEY"
    run -1 ipc-mq stat "$(key)"
}

@test "python3 sysv_ipc exchanges messages, any bytes, with us" {
    py -c 'import sys, sysv_ipc
q = sysv_ipc.MessageQueue(int(sys.argv[1]), sysv_ipc.IPC_CREX, 0o600)
q.send(b"from python\0\n\xff", type=4)' "$KEY"
    ipc-mq recv --show-priority "$(key)" > "$TEST_DIR/out"
    printf '4\tfrom python\0\n\377\n' | cmp - "$TEST_DIR/out"
    printf 'from ipc-mq\0\001' | ipc-mq send --type 9 "$(key)"
    run -0 py -c 'import sys, sysv_ipc
q = sysv_ipc.MessageQueue(int(sys.argv[1]))
msg, t = q.receive(block=False)
print(t, repr(msg))' "$KEY"
    assert_output "9 b'from ipc-mq\\x00\\x01'"
}

@test "the C peer (mq_open/mq_send) exchanges POSIX messages with us" {
    ipc-mq create --maxmsg 10 --msgsize 64 "$Q"
    mq-peer send "$Q" 7 "from peer" "second"
    run -0 ipc-mq recv -c 2 --show-priority "$Q"
    assert_output "$(printf '7\tfrom peer\n7\tsecond')"
    ipc-mq send -p 3 "$Q" "from ipc-mq"
    printf 'a\0b' | ipc-mq send "$Q"
    mq-peer recv "$Q" 2 > "$TEST_DIR/out"
    printf '3 11 from ipc-mq\n0 3 a\0b\n' | cmp - "$TEST_DIR/out"
}

@test "VERB --help prints each verb's usage" {
    local verb
    for verb in create rm send recv ls stat; do
        run -0 ipc-mq "$verb" --help
        assert_line --index 0 --partial "Usage: ipc-mq $verb"
    done
    run -0 ipc-mq ls --help
    assert_output --partial "USEDBYTES"
    run -0 ipc-mq --help
    assert_output --partial "--show-priority"
}

# --- hostile input and faults (issue 12) ------------------------------------

@test "send of several messages that stops early says how many were sent" {
    ipc-mq create --maxmsg 2 "$Q"
    run -124 ipc-mq send -n "$Q" 1 2 3
    assert_output "ipc-mq: no room in '$Q' in time for message 3 of 3; the 2 before it were sent"
    run -124 ipc-mq send -t 100ms "$Q" 4 5
    assert_output "ipc-mq: no room in '$Q' in time for message 1 of 2; the 0 before it were sent"
    run -0 ipc-mq recv -n -c 2 "$Q"
    assert_output "1
2"
    # --lines: which line, and how many before it.
    run -124 ipc-mq send -n --lines "$Q" < <(printf 'a\nb\nc\n')
    assert_output "ipc-mq: no room in '$Q' in time for line 3; the 2 before it were sent"
    # A lone message stays quiet: nothing of it went.
    run -124 ipc-mq send -n "$Q" lone
    assert_output ""
    # A failure says it too: a System V queue removed while send waits.
    ipc-mq create --maxmsg 1 --msgsize 8 "$(key)"
    ipc-mq send "$(key)" first
    ipc-mq send "$(key)" second third 2>"$TEST_DIR/err" &
    local pid=$!
    wait_until 10 grep -q msgsnd "/proc/$pid/wchan"
    ipc-mq rm "$(key)"
    local rc=0
    wait "$pid" || rc=$?
    assert_equal "$rc" 1
    assert_equal "$(cat "$TEST_DIR/err")" "ipc-mq: cannot send message 1 of 2 to '$(key)': Identifier removed; the 0 before it were sent"
}

@test "recv to a failing output stops at the first failed write and says how many were lost, once" {
    ipc-mq create "$Q"
    ipc-mq send "$Q" a b c
    run -1 bash -c 'exec ipc-mq recv -c 3 "$1" >/dev/full' sh "$Q"
    assert_output "ipc-mq: write error: No space left on device; 3 messages taken from '$Q' were not written"
    # -u: each message is written before the next is taken; one is lost.
    ipc-mq send "$Q" a b c
    run -1 bash -c 'exec ipc-mq recv -u --follow "$1" >/dev/full' sh "$Q"
    assert_output "ipc-mq: write error: No space left on device; 1 message taken from '$Q' was not written"
    run -0 ipc-mq recv -n -c 2 "$Q"
    assert_output "b
c"
}

@test "recv -u to a reader that is gone: SIGPIPE as cat, or with it ignored one line and one loss" {
    ipc-mq create "$Q"
    ipc-mq send "$Q" a b c
    local closed='import os, subprocess, sys
r, w = os.pipe()
os.close(r)
sys.exit(subprocess.run(sys.argv[2:], stdout=w, restore_signals=sys.argv[1] == "default").returncode)'
    run -0 python3 -c "$closed" ignored sh -c 'ipc-mq recv -u -c 3 "$1"; echo "status $?" >&2' sh "$Q"
    assert_output "ipc-mq: write error: Broken pipe; 1 message taken from '$Q' was not written
status 1"
    run -0 python3 -c "$closed" default sh -c 'ipc-mq recv -u -c 2 "$1"; echo "status $?" >&2' sh "$Q"
    assert_output "status 141"
    run -0 ipc-mq recv -n "$Q"
    assert_output c
}

@test "recv with stdout closed: the queue never becomes fd 1" {
    ipc-mq create "$Q"
    ipc-mq send "$Q" a
    run -1 bash -c 'exec ipc-mq recv "$1" >&-' sh "$Q"
    assert_output "ipc-mq: write error: Bad file descriptor; 1 message taken from '$Q' was not written"
}

@test "recv killed by SIGTERM while blocked writing: every message taken is written whole, then 143" {
    ipc-mq create --maxmsg 10 --msgsize 4000 "$Q"
    python3 -c 'for i in range(1, 101): print("%04d" % i + "x" * 3995)' >"$TEST_DIR/in"
    # (A background command's stdin is /dev/null unless redirected in it.)
    bg sh -c 'exec ipc-mq send -t 60s --lines "$1" <"$2/in"' sh "$Q" "$TEST_DIR"
    local sender=$BG_PID
    # The reader of recv's pipe sleeps, and 64 KiB fill the pipe first:
    # recv's first write blocks before it has written a byte, where a
    # signal makes write(2) fail with EINTR unless SA_RESTART.
    bg sh -c '{ head -c 65536 /dev/zero; ipc-mq recv --follow "$1" & echo $! >"$2/pid"; wait $!; echo $? >"$2/status"; } |
        { sleep 3; tail -c +65537 >"$2/out"; }' sh "$Q" "$TEST_DIR"
    local pipeline=$BG_PID
    wait_until 10 test -s "$TEST_DIR/pid"
    wait_until 10 grep -q pipe_write "/proc/$(cat "$TEST_DIR/pid")/wchan"
    kill -TERM "$(cat "$TEST_DIR/pid")"
    wait "$pipeline" || true
    assert_equal "$(cat "$TEST_DIR/status")" 143
    # The rest is still in the queue (or still being sent): nothing was
    # cut, lost or repeated.
    ipc-mq recv --follow -t 2s "$Q" >"$TEST_DIR/rest"
    wait "$sender"
    cat "$TEST_DIR/out" "$TEST_DIR/rest" | cmp - "$TEST_DIR/in"
}

@test "System V recv -t times out with SIGALRM blocked by the parent" {
    ipc-mq create --maxmsg 1 --msgsize 8 "$(key)"
    local block='import signal, os, sys
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])
os.execvp(sys.argv[1], sys.argv[1:])'
    # Before, the alarm never came and only the KILL ended it (137).
    run -124 timeout -s KILL 10 python3 -c "$block" ipc-mq recv -t 300ms "$(key)"
    run -124 timeout -s KILL 10 python3 -c "$block" ipc-mq send -t 300ms "$(key)" 12345678 abcdefgh
    assert_output "ipc-mq: no room in '$(key)' in time for message 2 of 2; the 1 before it were sent"
}

@test "ls in a new IPC namespace that kept the parent's /dev/mqueue says so" {
    unshare --ipc true 2>/dev/null || skip "needs root: unshare --ipc"
    ipc-mq create "$Q"
    run -1 unshare --ipc ipc-mq ls -o NAME
    assert_output --partial "ipc-mq: cannot list POSIX queues: '/dev/mqueue' belongs to another IPC namespace"
    refute_output --partial "$Q"
    # Its own mqueue mounted, the namespace lists its own queues, status 0;
    # one more namespace inside sees that mount empty and foreign.
    run -0 unshare --ipc --mount sh -c 'mount -t mqueue none /dev/mqueue &&
        ipc-mq create /inner && ipc-mq ls -o NAME -n'
    assert_output /inner
    run -1 unshare --ipc --mount sh -c 'mount -t mqueue none /dev/mqueue &&
        unshare --ipc ipc-mq ls -o NAME -n'
    assert_output "ipc-mq: cannot list POSIX queues: '/dev/mqueue' belongs to another IPC namespace (as root: mkdir -p /dev/mqueue && mount -t mqueue none /dev/mqueue)"
}

@test "create: a System V queue past kernel.msgmni names it" {
    unshare --ipc true 2>/dev/null || skip "needs root: unshare --ipc"
    run -1 unshare --ipc sh -c 'echo 1 >/proc/sys/kernel/msgmni && ipcmk -Q >/dev/null &&
        ipc-mq create "$1"' sh "$(key)"
    assert_output "ipc-mq: cannot create '$(key)': there are already kernel.msgmni (1) queues"
}

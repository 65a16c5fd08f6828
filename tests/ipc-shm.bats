#!/usr/bin/env bats
# ipc-shm: POSIX and System V shared memory, against itself, util-linux's
# ipcmk/ipcs/ipcrm/lsipc, and python3's multiprocessing.shared_memory and
# sysv_ipc.

bats_require_minimum_version 1.5.0
load common

# Messages are asserted exactly, with the C locale's plain quotes.
export LC_ALL=C

setup() {
    common_setup
    # Names and keys unique to this test, so runs never collide.
    S=/ipc-shm-test-$$-$BATS_TEST_NUMBER
    KEY=$(( 0x73000000 + ($$ % 4096) * 4096 + BATS_TEST_NUMBER * 16 ))
}

teardown() {
    rm -f /dev/shm/"ipc-shm-test-$$-$BATS_TEST_NUMBER"*
    local i id
    for i in $(seq 0 15); do
        ipcrm -M $((KEY + i)) 2>/dev/null || true
    done
    if [ -f "$TEST_DIR/ids" ]; then
        while read -r id; do ipcrm -m "$id" 2>/dev/null || true; done < "$TEST_DIR/ids"
    fi
    common_teardown
}

# key [I]: the System V key number I (default 0) of this test, as key:0x...
key() { printf 'key:0x%08x' $((KEY + ${1:-0})); }

# remember_id ID: a System V segment made by id, removed in teardown.
remember_id() { echo "$1" >> "$TEST_DIR/ids"; }

# posix_count: how many of this test's POSIX segments exist.
posix_count() { find /dev/shm -name "ipc-shm-test-$$-$BATS_TEST_NUMBER*" | wc -l; }

# sysv_count: how many System V segments have this test's keys.
sysv_count() {
    awk -v lo=$KEY -v hi=$((KEY + 15)) 'NR > 1 && $1 >= lo && $1 <= hi' \
        /proc/sysvipc/shm | wc -l
}

# needs_root WHAT: skip unless root (as the kernel's limits are changed
# in a namespace of our own).
needs_root() {
    [ "$(id -u)" = 0 ] || skip "needs root: $1"
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

# cpu_ticks PID: utime + stime of PID, in clock ticks.
cpu_ticks() {
    # The command name (field 2) may hold spaces: count after its ')'.
    sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}

# --- create, rm, resize ---------------------------------------------------

@test "create: a POSIX segment of SIZE zeros, 0600 whatever the umask, prints nothing" {
    (umask 000; run -0 --separate-stderr ipc-shm create "$S" --size 64K
     assert_output "")
    run -0 stat -c '%a %s' "/dev/shm${S}"
    assert_output "600 65536"
    head -c 65536 /dev/zero | cmp - <(ipc-shm read "$S")
}

@test "create: --mode, octal or symbolic, is exact whatever the umask" {
    (umask 077; ipc-shm create --mode 0644 "$S" --size 1)
    run -0 stat -c '%a' "/dev/shm${S}"
    assert_output 644
    (umask 000; ipc-shm create --mode u=rw,g=r --size 1 "$(key)" >/dev/null)
    run -0 ipc-shm stat -o PERMS -n "$(key)"
    assert_output "rw-r-----"
}

@test "create: System V by key, path and private; only private prints its new id" {
    run -0 ipc-shm create "$(key)" --size 100
    assert_output ""
    local id
    id=$(ipc-shm stat -o ID -n "$(key)")
    # /proc/sysvipc/shm: key (decimal), id, perms, size.
    run -0 awk -v id="$id" '$2 == id { print $1, $3, $4 }' /proc/sysvipc/shm
    assert_output "$KEY 600 100"
    # path:FILE[:P] is ftok's key, the one python's sysv_ipc computes.
    touch "$TEST_DIR/conf"
    run -0 ipc-shm create "path:$TEST_DIR/conf:7" --size 10
    assert_output ""
    id=$(ipc-shm stat -o ID -n "path:$TEST_DIR/conf:7")
    remember_id "$id"
    local k
    k=$(py -c 'import sys, sysv_ipc; print("0x%08x" % (sysv_ipc.ftok(sys.argv[1], 7, True) & 0xffffffff))' "$TEST_DIR/conf")
    run -0 ipc-shm stat -o KEY,ID "path:$TEST_DIR/conf:7"
    assert_output "KEY: $k
ID: $id"
    run -0 ipc-shm create private --size 4K
    remember_id "$output"
    run -0 ipc-shm stat -o KEY,SIZE -b "id:$output"
    assert_output "KEY: 0x00000000
SIZE: 4096"
}

@test "create: an existing segment is an error and stays as it was" {
    ipc-shm create "$S" --size 16
    echo hello | ipc-shm write "$S"
    run -1 ipc-shm create "$S" --size 32
    assert_output "ipc-shm: cannot create '$S': File exists"
    run -0 ipc-shm read --length 6 "$S"
    assert_output hello
    ipc-shm create "$(key)" --size 16 >/dev/null
    run -1 ipc-shm create "$(key)" --size 16
    assert_output "ipc-shm: cannot create '$(key)': File exists"
}

# race_creates OUT ROUNDS: ROUNDS rounds of 4 racers started at once (a
# counter in "$S-go" is their starting gun), each doing the man page's
# pattern 'create ... 2>/dev/null; counter add 1' on "$S", which is then
# removed; the total of each round goes to OUT, one line a round.
race_creates() {
    local out=$1 rounds=$2 r p pids
    ipc-shm create "$S-go" --size 8
    for r in $(seq "$rounds"); do
        pids=()
        for p in 1 2 3 4; do
            (ipc-shm counter "$S-go" wait --ge "$r" -t 60 >/dev/null || exit 3
             ipc-shm create "$S" --size 8 2>/dev/null
             ipc-shm counter "$S" add 1 >/dev/null) &
            pids+=($!)
        done
        ipc-shm counter "$S-go" set "$r" >/dev/null
        wait "${pids[@]}" || true
        ipc-shm counter "$S" get >> "$out" || echo missing >> "$out"
        ipc-shm rm "$S"
    done
}

@test "create: a POSIX segment appears whole: 150 rounds of 4 racers lose no add, and nobody sees it empty" {
    # A watcher stats the name all along: it must never see 0 bytes.
    bg python3 -c '
import os, sys
path, seen = sys.argv[1], sys.argv[2]
while True:
    try:
        if os.stat(path).st_size != 8:
            open(seen, "a").write("%d\n" % os.stat(path).st_size)
    except FileNotFoundError:
        pass' "/dev/shm$S" "$TEST_DIR/seen"
    timeout 600 bash -c "$(declare -f race_creates); S='$S'; race_creates '$TEST_DIR/totals' 150"
    run -0 sort "$TEST_DIR/totals"
    assert_output "$(yes 4 | head -n 150)"
    [ ! -e "$TEST_DIR/seen" ] || fail "a segment of another size was seen: $(sort -u "$TEST_DIR/seen")"
}

# traced OPTION... COMMAND...: COMMAND under strace -f, its trace thrown
# away; LeakSanitizer cannot run under ptrace, so a sanitizer build
# checks leaks in the other cases.
traced() { ASAN_OPTIONS=$ASAN_OPTIONS:detect_leaks=0 strace -f -o /dev/null "$@"; }

# tmp_names: the temporary names of create's fallback left in /dev/shm.
tmp_names() { find /dev/shm -maxdepth 1 -name '.ipc-shm-*' -user "$(id -u)" | wc -l; }

# Where the unnamed file cannot be linked (no O_TMPFILE, or no /proc and
# an old kernel), create makes it under a temporary name: strace makes the
# first two links fail to get there.
@test "create: the fallback through a temporary name gives the same segment and leaves no name behind" {
    local before
    before=$(tmp_names)
    run -0 traced -e trace=linkat -e inject=linkat:error=ENOENT:when=1..2 \
        ipc-shm create "$S" --size 12345 --mode 0640
    run -0 stat -c '%s %a' "/dev/shm$S"
    assert_output "12345 640"
    [ "$(tmp_names)" = "$before" ]
    # A stop signal in the middle (the temporary file's chmod held up 2 s)
    # waits for the temporary name to go, then kills.
    bg env ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=0" strace -f -o /dev/null -e trace=linkat,fchmod \
        -e inject=linkat:error=ENOENT:when=1..2 -e inject=fchmod:delay_exit=2000000:when=2 \
        ipc-shm create "$S-2" --size 8
    wait_until 20 sh -c 'ls -a /dev/shm | grep -q "^\.ipc-shm-"'
    local tmp pid
    tmp=$(ls -a /dev/shm | grep '^\.ipc-shm-' | head -n 1)
    pid=${tmp#.ipc-shm-}; pid=${pid%-*}
    kill -TERM "$pid"
    wait_until 20 sh -c "! kill -0 $pid 2>/dev/null"
    [ "$(tmp_names)" = "$before" ]
    run -0 stat -c '%s' "/dev/shm$S-2"
    assert_output 8
}

@test "bad input exits 2 with one line naming it, and creates nothing" {
    local args
    while IFS= read -r args; do
        eval "run -2 ipc-shm $args"
        assert_line --index 0 --regexp '^ipc-shm( [a-z]+)?: '
        [ "$(posix_count)" = 0 ] || fail "ipc-shm $args created a POSIX segment"
        [ "$(sysv_count)" = 0 ] || fail "ipc-shm $args created a System V segment"
    done <<EOF
create $S
create $S --size 12Q
create $S --size -1
create $S --size 1 --mode 4755
create $S --size 1 --mode rwx
create $S/x --size 1
create ${S}x/y --size 1
create key:0x1ffffffff --size 1
create key:nope --size 1
create id:5 --size 1
create $(key) --size 0
create $S --size 1 extra
create $S --size 1 --bogus
EOF
    run -2 ipc-shm create "$S" --size 1 --bogus
    assert_output --partial "unrecognized option '--bogus'"
    run -2 ipc-shm create "$S"
    assert_output --partial "missing --size"
}

@test "create: limits are named with their values, and nothing is created" {
    needs_root "kernel.shm* are set in an IPC namespace of the test's own"
    run -1 unshare --ipc sh -c 'echo 4096 > /proc/sys/kernel/shmmax && ipc-shm create key:1 --size 8192'
    assert_output "ipc-shm: cannot create 'key:1': size 8192 exceeds kernel.shmmax (4096)"
    run -1 unshare --ipc sh -c 'echo 1 > /proc/sys/kernel/shmmni && ipc-shm create key:1 --size 1 && ipc-shm create key:2 --size 1'
    assert_output "ipc-shm: cannot create 'key:2': there are already kernel.shmmni (1) segments"
    run -1 unshare --ipc sh -c 'echo 2 > /proc/sys/kernel/shmall && ipc-shm create key:1 --size 1M'
    assert_output "ipc-shm: cannot create 'key:1': the segments would exceed kernel.shmall (2 pages of $(getconf PAGESIZE) bytes)"
    # The size of /dev/shm, in a mount namespace with a small one.
    run -1 unshare --mount sh -c "mount -t tmpfs -o size=1M none /dev/shm && ipc-shm create '$S' --size 2M; s=\$?; ls /dev/shm; exit \$s"
    assert_output "ipc-shm: cannot create '$S': size 2097152 exceeds the size of /dev/shm (1048576 bytes)"
    run -1 unshare --mount sh -c "mount -t tmpfs -o size=1M none /dev/shm && ipc-shm create '$S' --size 1M && ipc-shm resize '$S' --size 2M"
    assert_output "ipc-shm: cannot resize '$S': size 2097152 exceeds the size of /dev/shm (1048576 bytes)"
}

@test "rm: removes many; a missing one is reported and the others still go" {
    ipc-shm create "$S-1" --size 1
    ipc-shm create "$S-2" --size 1
    ipc-shm create "$(key)" --size 1 >/dev/null
    run -1 ipc-shm rm "$S-1" "$S-missing" "$(key)" "$S-2"
    assert_output "ipc-shm: cannot remove '$S-missing': No such file or directory"
    [ "$(posix_count)" = 0 ]
    [ "$(sysv_count)" = 0 ]
    # A malformed operand stops everything before anything is removed.
    ipc-shm create "$S" --size 1
    run -2 ipc-shm remove "$S" key:zz
    [ "$(posix_count)" = 1 ]
    run -2 ipc-shm rm
    assert_output --partial "missing SEGMENT operand"
}

@test "resize: a POSIX segment grows with zeros and shrinks; System V is refused" {
    ipc-shm create "$S" --size 4
    printf abcd | ipc-shm write "$S"
    ipc-shm resize "$S" --size 8
    run -0 ipc-shm read "$S"
    printf 'abcd\0\0\0\0' | cmp - <(ipc-shm read "$S")
    ipc-shm resize "$S" --size 2
    run -0 ipc-shm read "$S"
    assert_output ab
    ipc-shm create "$(key)" --size 8 >/dev/null
    run -2 ipc-shm resize "$(key)" --size 16
    assert_line --index 0 "ipc-shm: cannot resize '$(key)': a System V segment keeps the size it was created with"
    run -1 ipc-shm resize "$S-missing" --size 1
    assert_output "ipc-shm: cannot resize '$S-missing': No such file or directory"
    run -2 ipc-shm resize "$S"
}

# --- write and read -------------------------------------------------------

@test "write/read: 64 MiB of random bytes round-trip exactly, POSIX and System V" {
    head -c 64M /dev/urandom > "$TEST_DIR/in"
    ipc-shm create "$S" --size 64M
    ipc-shm write "$S" < "$TEST_DIR/in"
    ipc-shm read "$S" > "$TEST_DIR/out"
    cmp "$TEST_DIR/in" "$TEST_DIR/out"
    # Through pipes at both ends, into a System V segment.
    ipc-shm create "$(key)" --size 64M >/dev/null
    cat "$TEST_DIR/in" | ipc-shm write "$(key)"
    ipc-shm read "$(key)" | cmp "$TEST_DIR/in" -
    cmp "$TEST_DIR/in" "/dev/shm${S}"
}

@test "write: input that does not fit says how much was written; nothing else changes" {
    ipc-shm create "$S" --size 1000
    head -c 1000 /dev/urandom > "$TEST_DIR/before"
    ipc-shm write "$S" < "$TEST_DIR/before"
    head -c 600 /dev/urandom > "$TEST_DIR/in"
    run -1 ipc-shm write --offset 500 "$S" < "$TEST_DIR/in"
    assert_output "ipc-shm: standard input does not fit in '$S': wrote 500 bytes, from offset 500 to its end (1000 bytes); the rest was not written"
    { head -c 500 "$TEST_DIR/before"; head -c 500 "$TEST_DIR/in"; } | cmp - "/dev/shm${S}"
    run -0 stat -c %s "/dev/shm${S}"
    assert_output 1000
    # One byte too many, through a pipe, into System V.
    ipc-shm create "$(key)" --size 10 >/dev/null
    run -1 sh -c "printf 01234567890 | ipc-shm write '$(key)'"
    assert_output "ipc-shm: standard input does not fit in '$(key)': wrote 10 bytes, from offset 0 to its end (10 bytes); the rest was not written"
    run -0 ipc-shm read "$(key)"
    assert_output 0123456789
}

@test "write: a large file is read from its offset on (by threads), and its offset left past what was read" {
    # 48 MiB: large enough to be read by threads on a machine of 2 CPUs.
    head -c 49M /dev/urandom > "$TEST_DIR/in"
    ipc-shm create "$S" --size 64M
    # The first MiB is read by dd; the write takes the rest, all of it.
    run -0 sh -c "{ dd bs=1M count=1 status=none of=/dev/null; ipc-shm write '$S'; cat | wc -c; } < '$TEST_DIR/in'"
    assert_output 0
    tail -c 48M "$TEST_DIR/in" | cmp - <(ipc-shm read --length 48M "$S")
    ipc-shm read --offset 48M "$S" | cmp - <(head -c 16M /dev/zero)
    # Too long for a segment of 40 MiB: its first 40 MiB, and the offset
    # left just after them: the rest is not read (issue 17, item 6).
    ipc-shm create "$S-b" --size 40M
    run -1 sh -c "{ ipc-shm write '$S-b'; s=\$?; cat > '$TEST_DIR/rest'; exit \$s; } < '$TEST_DIR/in'"
    assert_output "ipc-shm: standard input does not fit in '$S-b': wrote 41943040 bytes, from offset 0 to its end (41943040 bytes); the rest was not written"
    head -c 40M "$TEST_DIR/in" | cmp - "/dev/shm$S-b"
    tail -c +$(( 40 * 1048576 + 1 )) "$TEST_DIR/in" | cmp - "$TEST_DIR/rest"
}

@test "write: input that does not fit is not read past what was written, from a file or a pipe" {
    ipc-shm create "$S" --size 16
    printf 0123456789abcdefGHIJ > "$TEST_DIR/in20"
    # A seekable input is left at the first byte not written, as head -c.
    run -1 --separate-stderr sh -c "{ ipc-shm write '$S'; s=\$?; cat; exit \$s; } < '$TEST_DIR/in20'"
    assert_output GHIJ
    run -0 ipc-shm read "$S"
    assert_output 0123456789abcdef
    # A pipe: what is queued tells, nothing is taken; also when the rest
    # comes later, and an input that fits exactly is no error.
    run -1 --separate-stderr sh -c "cat '$TEST_DIR/in20' | { ipc-shm write '$S'; s=\$?; cat; exit \$s; }"
    assert_output GHIJ
    run -1 --separate-stderr sh -c "{ printf 0123456789abcdef; sleep 0.5; printf GHIJ; } | { ipc-shm write '$S'; s=\$?; cat; exit \$s; }"
    assert_output GHIJ
    run -0 sh -c "{ printf 0123456789abcdef; sleep 0.5; } | ipc-shm write '$S'"
}

@test "write: a non-blocking standard input is waited on, not an error" {
    ipc-shm create "$S" --size 16
    run -0 sh -c "{ sleep 0.5; printf abc; sleep 0.3; printf def; } | python3 -c '
import fcntl, os, sys
fcntl.fcntl(0, fcntl.F_SETFL, fcntl.fcntl(0, fcntl.F_GETFL) | os.O_NONBLOCK)
os.execvp(\"ipc-shm\", [\"ipc-shm\", \"write\", sys.argv[1]])' '$S'"
    assert_output ""
    run -0 ipc-shm read --length 6 "$S"
    assert_output abcdef
    # Too long, non-blocking: the rest is waited for and left unread.
    run -1 --separate-stderr sh -c "{ printf 0123456789abcdef; sleep 0.5; printf GHIJ; } | { python3 -c '
import fcntl, os, sys
fcntl.fcntl(0, fcntl.F_SETFL, fcntl.fcntl(0, fcntl.F_GETFL) | os.O_NONBLOCK)
os.execvp(\"ipc-shm\", [\"ipc-shm\", \"write\", sys.argv[1]])' '$S'; s=\$?; cat; exit \$s; }"
    assert_output GHIJ
}

@test "write: standard input that is the segment itself is refused, and the segment stays as it was" {
    ipc-shm create "$S" --size 8192
    head -c 8192 /dev/urandom > "$TEST_DIR/before"
    ipc-shm write "$S" < "$TEST_DIR/before"
    run -1 ipc-shm write --offset 1 "$S" < "/dev/shm$S"
    assert_output "ipc-shm: cannot write to '$S': standard input is the segment itself"
    cmp "$TEST_DIR/before" "/dev/shm$S"
}

@test "write: a short input leaves the bytes after it as they were" {
    ipc-shm create "$S" --size 10
    printf 0123456789 | ipc-shm write "$S"
    printf ab | ipc-shm write --offset 3 "$S"
    run -0 ipc-shm read "$S"
    assert_output 012ab56789
    ipc-shm write "$S" </dev/null
    run -0 ipc-shm read "$S"
    assert_output 012ab56789
}

# write_to_full_shm TMPFS TAKEN SIZE: in a mount namespace of its own with
# a /dev/shm of TMPFS bytes, segment A takes TAKEN of them, then
# $TEST_DIR/in is written into segment B of SIZE bytes; the status and
# output are those of that write, and $TEST_DIR/b is B as it left it.
write_to_full_shm() {
    needs_root "a small /dev/shm is mounted in a mount namespace of the test's own"
    run -1 unshare --mount sh -c "mount -t tmpfs -o size=$1 none /dev/shm &&
        ipc-shm create '$S-a' --size $2 && head -c $2 /dev/zero | ipc-shm write '$S-a' &&
        ipc-shm create '$S-b' --size $3 && ipc-shm write '$S-b' < '$TEST_DIR/in'; s=\$?;
        cp /dev/shm'$S-b' '$TEST_DIR/b'; exit \$s"
}

@test "write: a full /dev/shm is an error that says how much was written" {
    head -c 600K /dev/urandom > "$TEST_DIR/in"
    write_to_full_shm 1M 900K 1M
    # Exactly what fitted (124 KiB), those bytes intact.
    assert_output "ipc-shm: cannot write to '$S-b' after 126976 bytes: /dev/shm is full"
    cmp -n 124K "$TEST_DIR/in" "$TEST_DIR/b"
}

@test "write: a full /dev/shm met by the threads reading a large file" {
    head -c 48M /dev/urandom > "$TEST_DIR/in"
    write_to_full_shm 48M 28M 48M
    # The threads fill their parts at once, so the bytes without a gap
    # from the start are what fitted at most; those are intact.
    [[ $output =~ ^"ipc-shm: cannot write to '$S-b' after "([0-9]+)" bytes: /dev/shm is full"$ ]]
    local n=${BASH_REMATCH[1]}
    (( n <= 20 * 1048576 ))
    cmp -n "$n" "$TEST_DIR/in" "$TEST_DIR/b"
}

@test "write: a short input takes the memory of the pages it writes, no more" {
    ipc-shm create "$S" --size 64M
    printf abc > "$TEST_DIR/in"
    ipc-shm write --offset 1M "$S" < "$TEST_DIR/in"
    printf abc | ipc-shm write --offset 2M "$S"
    # Two pages of 4 KiB at most, from a file and from a pipe.
    (( $(stat -c '%b * %B' "/dev/shm$S") <= 2 * 4096 ))
    run -0 ipc-shm read --offset 2M --length 3 "$S"
    assert_output abc
}

@test "read: a pipe on the output is grown to 1 MiB for a large segment" {
    ipc-shm create "$S" --size 2M
    ipc-shm create "$S-small" --size 4K
    # python3 reads its stdin pipe's capacity (F_GETPIPE_SZ is 1032) once
    # ipc-shm has written all and exited.
    pipe_size='import fcntl, sys; sys.stdin.buffer.read(); print(fcntl.fcntl(0, 1032))'
    run -0 sh -c "ipc-shm read '$S' | python3 -c '$pipe_size'"
    assert_output 1048576
    run -0 sh -c "ipc-shm read '$S-small' | python3 -c '$pipe_size'"
    assert_output 65536
}

@test "offsets and lengths at the edges: 0, the size, and one past it" {
    ipc-shm create "$S" --size 10
    printf 0123456789 | ipc-shm write --offset 0 "$S"
    run -0 ipc-shm read --offset 0 --length 10 "$S"
    assert_output 0123456789
    run -0 ipc-shm read --offset 10 "$S"
    assert_output ""
    run -0 ipc-shm read --offset 10 --length 0 "$S"
    assert_output ""
    run -0 ipc-shm read --offset 9 --length 1 "$S"
    assert_output 9
    run -0 ipc-shm read --length 0 "$S"
    assert_output ""
    run -2 ipc-shm read --offset 11 "$S"
    assert_line --index 0 "ipc-shm: offset 11 is past the end of '$S' (10 bytes)"
    run -2 ipc-shm read --offset 5 --length 6 "$S"
    assert_line --index 0 "ipc-shm: 6 bytes from offset 5 go past the end of '$S' (10 bytes)"
    # Writing at the end: nothing to write is fine, anything is too much.
    ipc-shm write --offset 10 "$S" </dev/null
    run -1 sh -c "printf x | ipc-shm write --offset 10 '$S'"
    assert_output "ipc-shm: standard input does not fit in '$S': wrote 0 bytes, from offset 10 to its end (10 bytes); the rest was not written"
    run -2 ipc-shm write --offset 11 "$S" </dev/null
    assert_line --index 0 "ipc-shm: offset 11 is past the end of '$S' (10 bytes)"
    run -0 ipc-shm read "$S"
    assert_output 0123456789
    # A segment of size 0.
    ipc-shm create "$S-0" --size 0
    run -0 ipc-shm read "$S-0"
    assert_output ""
    ipc-shm write "$S-0" </dev/null
}

@test "read and write: missing segments and output errors exit 1" {
    run -1 ipc-shm read "$S"
    assert_output "ipc-shm: cannot open '$S': No such file or directory"
    run -1 ipc-shm write "$(key)" </dev/null
    assert_output "ipc-shm: cannot open '$(key)': No such file or directory"
    ipc-shm create "$S" --size 100
    run -1 sh -c 'ipc-shm read "$1" >/dev/full' sh "$S"
    assert_output "ipc-shm: write error: No space left on device"
    run -1 sh -c 'ipc-shm read "$1" >&-' sh "$S"
    assert_output "ipc-shm: write error: Bad file descriptor"
    run -2 ipc-shm read "$S" --offset x
    assert_line --index 0 --partial "invalid --offset argument 'x'"
}

# --- counters -------------------------------------------------------------

@test "counter: get, set, add (negative too), cas" {
    ipc-shm create "$S" --size 16
    run -0 ipc-shm counter "$S" get
    assert_output 0
    run -0 ipc-shm counter "$S" set 41
    assert_output 41
    run -0 ipc-shm counter "$S" add 1
    assert_output 42
    run -0 ipc-shm counter "$S" add -50
    assert_output -8
    run -0 ipc-shm counter "$S" add -- -2
    assert_output -10
    run -0 ipc-shm counter "$S" cas -10 7
    assert_output -10
    run -1 ipc-shm counter "$S" cas -10 8
    assert_output 7
    run -0 ipc-shm counter "$S" get
    assert_output 7
    # --offset 8 is another counter; options go anywhere.
    run -0 ipc-shm counter "$S" set -9223372036854775808 --offset 8
    assert_output -9223372036854775808
    run -0 ipc-shm counter "$S" add -1 --offset=8
    assert_output 9223372036854775807
    run -0 ipc-shm counter --offset 8 "$S" add 1
    assert_output -9223372036854775808
    run -0 ipc-shm counter "$S" get
    assert_output 7
    # The word in native byte order, as a C program or python sees it.
    ipc-shm counter "$S" set 258
    run -0 python3 -c 'import struct, sys; print(struct.unpack("=q", open(sys.argv[1], "rb").read(8))[0])' "/dev/shm${S}"
    assert_output 258
}

@test "counter: bad offsets and values exit 2 and change nothing" {
    ipc-shm create "$S" --size 16
    ipc-shm counter "$S" set 5
    run -2 ipc-shm counter "$S" --offset 4 add 1
    assert_line --index 0 "ipc-shm: offset 4 is not a multiple of 8"
    run -2 ipc-shm counter "$S" --offset 16 get
    assert_line --index 0 "ipc-shm: offset 16: the 8 bytes of the counter go past the end of '$S' (16 bytes)"
    run -2 ipc-shm counter "$S" --offset 24 set 1
    local args
    while IFS= read -r args; do
        eval "run -2 ipc-shm counter $args"
        assert_line --index 0 --regexp '^ipc-shm( counter)?: '
    done <<EOF
$S add x
$S add 1x
$S add 9223372036854775808
$S set
$S cas 1
$S cas 1 2 3
$S get 1
$S frob
$S
$S wait
$S wait --eq 1 --ne 2
$S wait --eq x
$S add 1 --eq 1
$S get -t 1
EOF
    run -2 ipc-shm counter "$S" frob
    assert_line --index 0 "ipc-shm: unknown counter action 'frob' (get, set, add, cas, wait)"
    run -0 ipc-shm counter "$S" get
    assert_output 5
    run -1 ipc-shm counter "$S-missing" get
    assert_output "ipc-shm: cannot open '$S-missing': No such file or directory"
}

@test "counter add: 8 processes x 1000 adds give exactly 8000" {
    ipc-shm create "$S" --size 8
    local p
    for p in 1 2 3 4 5 6 7 8; do
        (for i in $(seq 1000); do ipc-shm counter "$S" add 1; done >/dev/null) &
    done
    wait
    run -0 ipc-shm counter "$S" get
    assert_output 8000
}

@test "counter cas: racing processes never lose an update" {
    ipc-shm create "$(key)" --size 8 >/dev/null
    # Each process makes 200 increments by read-then-cas, retrying on a
    # lost race; a lost update would leave the total short.
    local p
    for p in 1 2 3 4; do
        (n=0 lost=0
         while [ $n -lt 200 ]; do
             v=$(ipc-shm counter "$(key)" get)
             if ipc-shm counter "$(key)" cas "$v" $((v + 1)) >/dev/null; then
                 n=$((n + 1))
             else
                 lost=$((lost + 1))
             fi
         done
         echo "$lost" > "$TEST_DIR/lost.$p") &
    done
    wait
    run -0 ipc-shm counter "$(key)" get
    assert_output 800
    # The races did happen (not a proof, but the usual case with 4).
    cat "$TEST_DIR"/lost.*
}

@test "counter wait: 4 adders wake a waiter within 0.5 s of the last add" {
    ipc-shm create "$S" --size 8
    bg sh -c "ipc-shm counter '$S' wait --ge 4 > '$TEST_DIR/woke'; date +%s%N >> '$TEST_DIR/woke'"
    sleep 0.3
    local pids=() p last
    for p in 1 2 3 4; do
        ipc-shm counter "$S" add 1 >/dev/null &
        pids+=($!)
    done
    wait "${pids[@]}"
    last=$(date +%s%N)
    wait_until 5 sh -c "[ \"\$(wc -l < '$TEST_DIR/woke')\" = 2 ]"
    run -0 sed -n 1p "$TEST_DIR/woke"
    assert_output 4
    local woke
    woke=$(sed -n 2p "$TEST_DIR/woke")
    echo "woke $(( (woke - last) / 1000000 )) ms after the last add"
    [ $(( (woke - last) / 1000000 )) -lt 500 ]
}

@test "counter wait: conditions --eq --ne --ge --le, and a change of the high half alone" {
    ipc-shm create "$S" --size 8
    ipc-shm counter "$S" set 3
    run -0 ipc-shm counter "$S" wait --eq 3
    assert_output 3
    run -0 ipc-shm counter "$S" wait --ne 2
    run -0 ipc-shm counter "$S" wait --ge -5
    run -0 ipc-shm counter "$S" wait --le 3
    run -124 ipc-shm counter "$S" wait --le 2 -n
    assert_output ""
    # 2^32 has the low 32 bits of 0: the waiter must still see it.
    ipc-shm counter "$S" set 0
    bg sh -c "ipc-shm counter '$S' wait --ne 0 > '$TEST_DIR/woke'"
    sleep 0.3
    ipc-shm counter "$S" set 4294967296
    wait_until 5 test -s "$TEST_DIR/woke"
    run -0 cat "$TEST_DIR/woke"
    assert_output 4294967296
}

@test "counter wait -t and -n: 124 within bounded time" {
    ipc-shm create "$S" --size 8
    elapsed_ms ipc-shm counter "$S" wait --eq 1 -t 300ms
    [ "$status" = 124 ]
    echo "-t 300ms took $ELAPSED_MS ms"
    [ "$ELAPSED_MS" -ge 300 ] && [ "$ELAPSED_MS" -lt 3000 ]
    elapsed_ms ipc-shm counter "$S" wait --eq 1 -n
    [ "$status" = 124 ]
    [ "$ELAPSED_MS" -lt 2000 ]
}

@test "counter wait costs no CPU while it waits" {
    ipc-shm create "$S" --size 8
    bg ipc-shm counter "$S" wait --eq 1
    sleep 0.2
    local before after
    before=$(cpu_ticks "$BG_PID")
    sleep 1
    after=$(cpu_ticks "$BG_PID")
    echo "ticks: $before then $after"
    [ "$after" -le $((before + 1)) ]
    [ "$after" -le 5 ]
    ipc-shm counter "$S" set 1 >/dev/null
    wait "$BG_PID"
}

# shrink_under VERB_ARGS...: run 'ipc-shm VERB_ARGS' with the mmap(2) of
# "$S" held up 3 s by strace, truncate "$S" to 0 bytes meanwhile, once
# the mapping is made; the status and stderr are the command's.  Standard
# input is $TEST_DIR/in when it exists.
# With STRACE_HOLD set, it is that strace option instead.
shrink_under() {
    local in=/dev/null hold=${STRACE_HOLD:-"-P /dev/shm$S -e trace=mmap -e inject=mmap:delay_exit=3000000"}
    [ -e "$TEST_DIR/in" ] && in=$TEST_DIR/in
    rm -f "$TEST_DIR/status"
    bg sh -c "ASAN_OPTIONS='$ASAN_OPTIONS:detect_leaks=0' strace -f -o /dev/null $hold ipc-shm $* < '$in' > '$TEST_DIR/out' 2> '$TEST_DIR/err'; echo \$? > '$TEST_DIR/status'"
    wait_until 20 sh -c "grep -ls -- '$S' /proc/[0-9]*/maps | grep -q ."
    truncate -s 0 "/dev/shm$S"
    wait_until 30 test -s "$TEST_DIR/status"
    status=$(cat "$TEST_DIR/status")
    output=$(cat "$TEST_DIR/err")
}

@test "counter: a segment truncated under any action is status 1 naming its new size, never SIGBUS" {
    local action
    for action in get "set 5" "add 1" "cas 0 1" "wait --eq 1 -t 20"; do
        ipc-shm resize "$S" --size 8192 2>/dev/null || ipc-shm create "$S" --size 8192
        shrink_under counter "$S" --offset 4096 $action
        echo "$action: $status $output"
        [ "$status" = 1 ]
        [[ $output =~ ^"ipc-shm: cannot "[a-z\ ]+" '$S': the segment shrank to 0 bytes"$ ]]
    done
    # The access itself faults: the page checked before it (madvise) is
    # held up and made to fail as on a kernel before 5.14, which has no
    # MADV_POPULATE_*, so that the truncation comes between.
    for action in get "add 1"; do
        ipc-shm resize "$S" --size 8192
        STRACE_HOLD="-e trace=madvise -e inject=madvise:error=EINVAL:delay_enter=3000000" \
            shrink_under counter "$S" --offset 4096 $action
        echo "$action, guarded: $status $output"
        [ "$status" = 1 ]
        [[ $output =~ ^"ipc-shm: cannot "[a-z\ ]+" '$S': the segment shrank to 0 bytes"$ ]]
    done
    # Truncated while wait sleeps: a truncation wakes nobody, and at the
    # deadline the wait has run out.
    ipc-shm resize "$S" --size 8192
    bg sh -c "ipc-shm counter '$S' --offset 4096 wait --eq 1 -t 2 2> '$TEST_DIR/err2'; echo \$? > '$TEST_DIR/status2'"
    wait_until 20 sh -c "grep -ls -- '$S' /proc/[0-9]*/maps | grep -q ."
    sleep 0.2
    truncate -s 0 "/dev/shm$S"
    wait_until 30 test -s "$TEST_DIR/status2"
    run -0 cat "$TEST_DIR/status2" "$TEST_DIR/err2"
    assert_output 124
}

@test "read and write: a segment truncated under them names it and its new size" {
    ipc-shm create "$S" --size 1M
    shrink_under read "$S"
    [ "$status" = 1 ]
    [ "$output" = "ipc-shm: cannot read '$S' after 0 bytes: the segment shrank to 0 bytes" ]
    ipc-shm resize "$S" --size 1M
    head -c 1M /dev/urandom > "$TEST_DIR/in"
    shrink_under write "$S"
    [ "$status" = 1 ]
    [ "$output" = "ipc-shm: cannot write to '$S' after 0 bytes: the segment shrank to 0 bytes" ]
}

@test "counter on a full /dev/shm: writers say so, readers see the hole's 0, a timed wait runs out" {
    needs_root "a small /dev/shm is mounted in a mount namespace of the test's own"
    # A segment of 512 KiB, never written, and /dev/shm then filled.
    run -0 unshare --mount sh -c "mount -t tmpfs -o size=1M none /dev/shm &&
        ipc-shm create '$S' --size 512K && { head -c 1M /dev/zero > /dev/shm/fill; true; } 2>/dev/null &&
        for a in 'add 1' 'set 2' 'cas 0 3'; do ipc-shm counter '$S' --offset 256K \$a; echo \"status \$?\"; done 2>&1 &&
        ipc-shm counter '$S' --offset 256K get; echo \"status \$?\" &&
        ipc-shm counter '$S' --offset 256K wait --eq 0; echo \"status \$?\" &&
        t0=\$(date +%s%N); ipc-shm counter '$S' --offset 256K wait --ne 0 -t 1; echo \"status \$?\";
        t1=\$(date +%s%N); [ \$(( (t1 - t0) / 1000000 )) -ge 1000 ] && [ \$(( (t1 - t0) / 1000000 )) -lt 10000 ] && echo bounded"
    assert_output "ipc-shm: cannot add to the counter of '$S': /dev/shm is full
status 1
ipc-shm: cannot set the counter of '$S': /dev/shm is full
status 1
ipc-shm: cannot compare and swap the counter of '$S': /dev/shm is full
status 1
0
status 0
0
status 0
status 124
bounded"
}

# need_plain_build REASON: skip in a sanitizer build, whose shadow memory
# takes terabytes of address space (ulimit -v cannot apply).
need_plain_build() {
    ! grep -q __asan_init "$(command -v ipc-shm)" || skip "sanitizer build: $1"
}

@test "read --length and counter map only the range they use; a mapping refused by RLIMIT_AS names it" {
    need_plain_build "ulimit -v"
    ipc-shm create "$S" --size 1G
    printf xyz | ipc-shm write --offset 512M "$S"
    ipc-shm counter "$S" --offset 768M set 7 >/dev/null
    # 200 MB of address space: enough for the program, not for the segment.
    run -0 bash -c "ulimit -v 200000; ipc-shm read --offset 512M --length 3 '$S'"
    assert_output xyz
    run -0 bash -c "ulimit -v 200000; ipc-shm counter '$S' --offset 768M add 1"
    assert_output 8
    run -1 bash -c "ulimit -v 200000; ipc-shm read '$S' > /dev/null"
    assert_output "ipc-shm: cannot map '$S': mapping 1073741824 bytes would exceed RLIMIT_AS (204800000 bytes; see 'ulimit -v')"
    run -1 bash -c "ulimit -v 200000; ipc-shm write '$S' < /dev/null"
    assert_output "ipc-shm: cannot map '$S': mapping 1073741824 bytes would exceed RLIMIT_AS (204800000 bytes; see 'ulimit -v')"
}

@test "sizes past off_t, and System V sizes past what memory can commit, name the limit" {
    local max=9223372036854775807
    run -1 ipc-shm create "$S" --size 8E
    assert_output "ipc-shm: cannot create '$S': size 9223372036854775808 exceeds the largest off_t ($max), the limit of a file"
    ipc-shm create "$S" --size 1
    run -1 ipc-shm resize "$S" --size 8E
    assert_output "ipc-shm: cannot resize '$S': size 9223372036854775808 exceeds the largest off_t ($max), the limit of a file"
    run -1 ipc-shm create "$(key)" --size 8E
    assert_output "ipc-shm: cannot create '$(key)': size 9223372036854775808 exceeds the largest off_t ($max), the limit of a file"
    [ "$(sysv_count)" = 0 ]
    # 1 PiB: below kernel.shmmax and shmall by default, above any RAM.
    local mode shmmax shmall page
    mode=$(cat /proc/sys/vm/overcommit_memory)
    shmmax=$(cat /proc/sys/kernel/shmmax)
    shmall=$(cat /proc/sys/kernel/shmall)
    page=$(getconf PAGESIZE)
    [ "$mode" != 1 ] || skip "vm.overcommit_memory is 1: any size is committed"
    python3 -c 'import sys; sys.exit(not (int(sys.argv[1]) >= 2**50 and int(sys.argv[2]) * int(sys.argv[3]) >= 2**50))' "$shmmax" "$shmall" "$page" \
        || skip "kernel.shmmax or kernel.shmall below 1 PiB here"
    run -1 ipc-shm create "$(key)" --size 1P
    assert_output "ipc-shm: cannot create '$(key)': size 1125899906842624 is more than memory and swap can commit (vm.overcommit_memory is $mode; see also vm.overcommit_ratio)"
    [ "$(sysv_count)" = 0 ]
}

# --- ls and stat ----------------------------------------------------------

@test "ls: POSIX and System V segments with the columns of SPEC 4, and who maps them" {
    need_exact_lists
    ipc-shm create "$S" --size 4K
    local id
    ipc-shm create "$(key)" --size 8K
    id=$(ipc-shm stat -o ID -n "$(key)")
    # Our own waiters map the segments.
    bg ipc-shm counter "$S" wait --eq 1
    local p1=$BG_PID
    bg ipc-shm counter "$(key)" wait --eq 1
    local p2=$BG_PID
    wait_until 5 grep -q "$S" "/proc/$p1/maps"
    wait_until 5 grep -q SYSV "/proc/$p2/maps"
    run -0 ipc-shm ls
    assert_line --index 0 --regexp '^NAME +TYPE +ID +KEY +SIZE +NATTCH +PERMS +OWNER +CPID +LPID +PIDS$'
    assert_line --regexp "^$S +posix +4K +1 +rw------- +[^ ]+ +$p1:ipc-shm\$"
    assert_line --regexp "^$(printf 0x%08x "$KEY") +sysv +$id +$(printf 0x%08x "$KEY") +8K +1 +rw------- +[^ ]+ +[0-9]+ +$p2 +$p2:ipc-shm\$"
    run -0 ipc-shm stat -o NATTCH,PIDS "$S"
    assert_output "NATTCH: 1
PIDS: $p1:ipc-shm"
    run -0 ipc-shm stat -o CPID -n "$(key)"
    [ "$output" -gt 0 ]
}

@test "ls: a removed segment still attached shows its permissions and STATUS dest; a locked one, locked" {
    ipc-shm create "$(key)" --size 4K --mode 0640
    local id
    id=$(ipc-shm stat -o ID -n "$(key)")
    remember_id "$id"
    bg ipc-shm counter "id:$id" wait --eq 1
    wait_until 5 grep -q SYSV "/proc/$BG_PID/maps"
    ipc-shm rm "id:$id"
    # The kernel keeps SHM_DEST in the bits above the permissions: not a
    # sticky bit.
    run -0 ipc-shm ls -r -n -o ID,KEY,PERMS,STATUS
    assert_line "$id 0x00000000 rw-r----- dest"
    run -0 ipc-shm stat -J -o ID,STATUS "id:$id"
    assert_output "{
   \"id\": $id,
   \"status\": [\"dest\"]
}"
    # SHM_LOCK (shmctl(2)), as ipcs shows it.
    ipc-shm create "$(key 1)" --size 4K
    id=$(ipc-shm stat -o ID -n "$(key 1)")
    if ! python3 -c 'import ctypes, sys; libc = ctypes.CDLL(None, use_errno=True); sys.exit(libc.shmctl(int(sys.argv[1]), 11, None) != 0)' "$id"; then
        skip "SHM_LOCK refused: needs CAP_IPC_LOCK or room in RLIMIT_MEMLOCK"
    fi
    run -0 ipc-shm stat -o STATUS -n "$(key 1)"
    assert_output locked
    run -0 ipc-shm stat -o PERMS -n "$(key 1)"
    assert_output rw-------
}

@test "ls --pid: the segments a process maps; a missing PID exits 1" {
    need_exact_lists
    ipc-shm create "$S" --size 8
    ipc-shm create "$S-other" --size 8
    ipc-shm create "$(key)" --size 8 >/dev/null
    bg ipc-shm counter "$S" wait --eq 1
    local p1=$BG_PID
    bg ipc-shm counter "$(key)" wait --eq 1
    local p2=$BG_PID
    wait_until 5 grep -q "$S" "/proc/$p1/maps"
    wait_until 5 grep -q SYSV "/proc/$p2/maps"
    run -0 ipc-shm ls -p "$p1" -r -n -o NAME,TYPE,PIDS
    assert_output "$S posix $p1:ipc-shm"
    # Without PIDS, only those processes are looked into: the same.
    run -0 ipc-shm ls --pid "$p2" -r -n -o NAME,TYPE
    assert_output "$(printf 0x%08x "$KEY") sysv"
    run -0 ipc-shm ls -p "$p1,$p2" -r -n -o TYPE
    assert_output "posix
sysv"
    run -0 ipc-shm ls -p "$$" -r -n
    assert_output ""
    run -1 ipc-shm ls -p 2147483647
    assert_output "ipc-shm: cannot find process 2147483647: No such process"
    run -2 ipc-shm ls -p 12x
    run -2 ipc-shm stat -p "$p1" "$S"
}

@test "ls -J and stat -J: typed JSON" {
    need_exact_lists
    ipc-shm create "$S" --size 100
    ipc-shm create "$(key)" --size 200 >/dev/null
    run -0 ipc-shm ls -J
    printf '%s' "$output" | python3 -c '
import json, sys
d = json.load(sys.stdin)["segments"]
p = [s for s in d if s["name"] == sys.argv[1]][0]
assert p["type"] == "posix" and p["size"] == 100 and p["id"] is None, p
assert p["pids"] == [] and p["perms"] == "rw-------", p
v = [s for s in d if s["key"] == sys.argv[2]][0]
assert v["type"] == "sysv" and v["size"] == 200 and isinstance(v["id"], int), v
assert isinstance(v["nattch"], int) and isinstance(v["cpid"], int), v
' "$S" "$(printf 0x%08x "$KEY")"
    run -0 ipc-shm stat -J "$S"
    printf '%s' "$output" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["name"] == sys.argv[1] and d["size"] == 100, d
' "$S"
}

@test "aliases and long forms: list, info, remove, --timeout, --nonblock, ls -b, --output-all" {
    ipc-shm create "$S" --size 4K
    run -0 ipc-shm list -r -n -b -o NAME,SIZE
    assert_line "$S 4096"
    run -0 ipc-shm info -o SIZE -n "$S"
    assert_output 4K
    run -0 ipc-shm stat --bytes -o SIZE -n "$S"
    assert_output 4096
    run -0 ipc-shm ls --output-all
    assert_line --index 0 --regexp '^NAME +TYPE +ID +KEY +SIZE +NATTCH +PERMS +OWNER +CPID +LPID +PIDS +STATUS$'
    # A timeout prints nothing.
    run -124 ipc-shm counter "$S" wait --ne 0 --timeout 100ms
    assert_output ""
    run -124 ipc-shm counter "$S" wait --ge 1 --nonblock
    assert_output ""
    # Of -t and -n, the last one counts, as in every other command.
    elapsed_ms ipc-shm counter "$S" wait --ge 1 -t 10 -n
    [ "$status" = 124 ]
    [ "$ELAPSED_MS" -lt 5000 ]
    elapsed_ms ipc-shm counter "$S" wait --ge 1 --nonblock --timeout 300ms
    [ "$status" = 124 ]
    [ "$ELAPSED_MS" -ge 300 ]
    ipc-shm remove "$S"
    [ "$(posix_count)" = 0 ]
}

@test "stat: errors" {
    run -1 ipc-shm stat "$S"
    assert_output "ipc-shm: cannot stat '$S': No such file or directory"
    run -1 ipc-shm stat "$(key)"
    assert_output "ipc-shm: cannot stat '$(key)': No such file or directory"
    run -2 ipc-shm stat
    run -2 ipc-shm stat -o BOGUS "$S"
}

# --- interoperation -------------------------------------------------------

@test "python3 multiprocessing.shared_memory reads what we wrote, and we what it wrote" {
    head -c 5000 /dev/urandom > "$TEST_DIR/ours"
    ipc-shm create "$S" --size 5000
    ipc-shm write "$S" < "$TEST_DIR/ours"
    # Python's resource tracker would unlink a segment it merely opened.
    python3 -c '
import sys
from multiprocessing import shared_memory, resource_tracker
m = shared_memory.SharedMemory(name=sys.argv[1].lstrip("/"))
resource_tracker.unregister(m._name, "shared_memory")
sys.stdout.buffer.write(bytes(m.buf[:5000]))
m.close()' "$S" | cmp "$TEST_DIR/ours" -
    head -c 3000 /dev/urandom > "$TEST_DIR/theirs"
    python3 -c '
import sys
from multiprocessing import shared_memory, resource_tracker
data = open(sys.argv[2], "rb").read()
m = shared_memory.SharedMemory(name=sys.argv[1].lstrip("/"), create=True, size=len(data))
resource_tracker.unregister(m._name, "shared_memory")
m.buf[:len(data)] = data
m.close()' "$S-py" "$TEST_DIR/theirs"
    ipc-shm read --length 3000 "$S-py" | cmp "$TEST_DIR/theirs" -
    ipc-shm rm "$S-py"
}

@test "ipcmk -M, ipcs -m, ipcrm and lsipc see and use our System V segments, and we theirs" {
    # Theirs: ipcmk makes it, we write, read and count in it.
    local id
    id=$(ipcmk -M 4096 | sed 's/.*: //')
    remember_id "$id"
    run -0 ipc-shm stat -b -o TYPE,ID,SIZE,PERMS "id:$id"
    assert_output "TYPE: sysv
ID: $id
SIZE: 4096
PERMS: rw-r--r--"
    echo from ipc-shm | ipc-shm write "id:$id"
    run -0 ipc-shm read --length 13 "id:$id"
    assert_output "from ipc-shm"
    run -0 ipc-shm counter "id:$id" --offset 16 add 5
    run -0 ipc-shm rm "id:$id"
    run -1 grep -Eq "^ *-?[0-9]+ +$id " /proc/sysvipc/shm

    # Ours: ipcs and lsipc list it with our mode and size, ipcrm removes it.
    ipc-shm create --mode 0640 "$(key)" --size 12345
    id=$(ipc-shm stat -o ID -n "$(key)")
    # ipcs's table cuts owner names to its column's width: the owner is
    # compared through ipcs -i (numbers) and lsipc -r (names uncut).
    run -0 ipcs -m
    assert_line --regexp "^$(printf 0x%08x "$KEY") +$id +[^ ]+ +640 +12345 +0 *\$"
    run -0 ipcs -m -i "$id"
    assert_line "$(printf 'uid=%d\tgid=%d\tcuid=%d\tcgid=%d' \
        "$(id -u)" "$(id -g)" "$(id -u)" "$(id -g)")"
    assert_line "$(printf 'mode=0640\taccess_perms=0640')"
    assert_line --regexp "^bytes=12345"$'\t'
    run -0 lsipc -m --noheadings -o KEY,ID,OWNER,PERMS,SIZE -b -r
    assert_line "$(printf 0x%08x "$KEY") $id $IPC_TEST_USER rw-r----- 12345"
    ipcrm -M "$KEY"
    run -1 ipc-shm stat "$(key)"
}

@test "python3 sysv_ipc reads what we wrote, and we what it wrote" {
    ipc-shm create "$(key)" --size 64 >/dev/null
    printf 'from ipc-shm\0\377' | ipc-shm write "$(key)"
    run -0 py -c 'import sys, sysv_ipc
m = sysv_ipc.SharedMemory(int(sys.argv[1]))
print(repr(m.read(14)))' "$KEY"
    assert_output "b'from ipc-shm\\x00\\xff'"
    py -c 'import sys, sysv_ipc
m = sysv_ipc.SharedMemory(int(sys.argv[1]), sysv_ipc.IPC_CREX, 0o600, 32)
m.write(b"from python\x00\x01")' "$((KEY + 1))"
    printf 'from python\0\001' | cmp - <(ipc-shm read --length 13 "$(key 1)")
    run -0 ipc-shm stat -b -o SIZE -n "$(key 1)"
    assert_output 32
}

@test "VERB --help prints each verb's usage" {
    local verb
    for verb in create rm resize write read counter ls stat; do
        run -0 ipc-shm "$verb" --help
        assert_line --index 0 --partial "Usage: ipc-shm $verb"
    done
    run -0 ipc-shm ls --help
    assert_output --partial "NATTCH"
    run -0 ipc-shm --help
    assert_output --partial "--length"
}

@test "a FIFO or symlink planted under a segment's name is refused at once, never followed, not listed" {
    # /dev/shm is writable by every user: anyone may plant these.
    mkfifo "/dev/shm$S-fifo"
    printf 'ORIGINAL\n' > "$TEST_DIR/victim"
    ln -s "$TEST_DIR/victim" "/dev/shm$S-link"
    local name
    for name in "$S-fifo" "$S-link"; do
        # A read-only open of the FIFO would wait for a writer for ever.
        run -1 timeout 10 ipc-shm read "$name"
        assert_output --partial "ipc-shm: cannot open '$name'"
        run -1 timeout 10 ipc-shm counter "$name" get
        run -1 timeout 10 ipc-shm write "$name" <<< "hello"
        run -1 ipc-shm stat "$name"
        assert_output "ipc-shm: cannot stat '$name': No such file or directory"
    done
    run -0 cat "$TEST_DIR/victim"
    assert_output ORIGINAL
    run -0 ipc-shm ls -o NAME
    refute_output --partial "$S-"
}

# ---- unknown is not zero (SPEC 4) -----------------------------------------

@test "ls and stat as a user who cannot read the root process that maps and attaches: ?, null, one line on stderr, status 0; as root exact" {
    need_root "setpriv to user nobody"
    command -v setpriv >/dev/null || skip "no setpriv"
    local nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    ipc-shm create "$S" --size 4096 --mode 0644
    ipc-shm create "$(key)" --size 4096 --mode 0644
    ipc-shm create "$(key 1)" --size 4096 --mode 0644
    local id
    id=$(ipc-shm stat -o ID -n "$(key)")
    # A root process maps the POSIX segment and attaches the System V one.
    bg python3 -c '
import ctypes, mmap, os, sys, time
libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
assert libc.shmat(int(sys.argv[2]), None, 0) != ctypes.c_void_p(-1).value
fd = os.open("/dev/shm" + sys.argv[1], os.O_RDWR)
m = mmap.mmap(fd, 4096)
os.close(fd)
open(sys.argv[3], "w").close()
time.sleep(300)' "$S" "$id" "$TEST_DIR/ready"
    local pid=$BG_PID
    wait_until 10 test -e "$TEST_DIR/ready"
    local k0 k1
    k0=$(printf 0x%08x "$KEY")
    k1=$(printf 0x%08x $((KEY + 1)))
    # Root sees it all, and says nothing more.
    run -0 --separate-stderr ipc-shm ls -r -n -o NAME,NATTCH,PIDS
    assert_line "$S 1 $pid:python3"
    assert_line "$k0 1 $pid:python3"
    assert_line "$k1 0 "
    assert_equal "$stderr" ""
    # A normal user: the POSIX count and every list are unknown, not 0;
    # the kernel's NATTCH is exact, and so is the empty list of a segment
    # that nothing attaches.
    run -0 --separate-stderr "${nobody[@]}" ipc-shm ls -r -n -o NAME,NATTCH,PIDS
    assert_line "$S ? ?"
    assert_line "$k0 1 ?"
    assert_line "$k1 0 "
    assert_regex "$stderr" '^ipc-shm: NATTCH and PIDS are partial: [1-9][0-9]* process(es)? could not be read; run as root$'
    run -0 --separate-stderr "${nobody[@]}" ipc-shm stat -J -o NAME,NATTCH,PIDS "$S"
    assert_output "{
   \"name\": \"$S\",
   \"nattch\": null,
   \"pids\": null
}"
    assert_regex "$stderr" '^ipc-shm: NATTCH and PIDS are partial: '
    # One column named, one line; none when no column needs /proc.
    run -0 --separate-stderr "${nobody[@]}" ipc-shm stat -o PIDS -n "$S"
    assert_output "?"
    assert_regex "$stderr" '^ipc-shm: PIDS is partial: [1-9][0-9]* process(es)? could not be read; run as root$'
    run -0 --separate-stderr "${nobody[@]}" ipc-shm ls -o NAME,SIZE
    assert_equal "$stderr" ""
}

@test "PIDS says what each process does: map, attach, or only open; NATTCH counts those that map or attach" {
    need_exact_lists
    ipc-shm create "$S" --size 4096
    ipc-shm create "$(key)" --size 4096
    local id
    id=$(ipc-shm stat -o ID -n "$(key)")
    # One process keeps the POSIX segment open without mapping it; the
    # other maps it, and attaches the System V one.
    bg python3 -c '
import os, sys, time
fd = os.open("/dev/shm" + sys.argv[1], os.O_RDWR)
open(sys.argv[2], "w").close()
time.sleep(300)' "$S" "$TEST_DIR/opened"
    local opener=$BG_PID
    bg python3 -c '
import ctypes, mmap, os, sys, time
libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
assert libc.shmat(int(sys.argv[2]), None, 0) != ctypes.c_void_p(-1).value
fd = os.open("/dev/shm" + sys.argv[1], os.O_RDWR)
m = mmap.mmap(fd, 4096)
os.close(fd)
open(sys.argv[3], "w").close()
time.sleep(300)' "$S" "$id" "$TEST_DIR/mapped"
    local mapper=$BG_PID
    wait_until 10 test -e "$TEST_DIR/opened"
    wait_until 10 test -e "$TEST_DIR/mapped"
    run -0 ipc-shm stat -o NATTCH -n "$S"
    assert_output 1
    run -0 ipc-shm stat -J -o PIDS "$S"
    run -0 python3 -c 'import json, sys
pids = json.loads(sys.stdin.read())["pids"]
opener, mapper = int(sys.argv[1]), int(sys.argv[2])
want = sorted([{"pid": opener, "command": "python3", "use": "open"},
               {"pid": mapper, "command": "python3", "use": "map"}],
              key=lambda p: p["pid"])
assert pids == want, pids
print("ok")' "$opener" "$mapper" <<<"$output"
    assert_output ok
    run -0 ipc-shm stat -J -o NATTCH,PIDS "$(key)"
    assert_output "{
   \"nattch\": 1,
   \"pids\": [{\"pid\": $mapper, \"command\": \"python3\", \"use\": \"attach\"}]
}"
    # Tables keep PID:COMMAND.
    run -0 ipc-shm stat -o PIDS -n "$(key)"
    assert_output "$mapper:python3"
}

#!/usr/bin/env bats
# ipc-pipe: every verb and option of SPEC 6 "ipc-pipe", byte-exact data
# paths (64 MiB through a FIFO, 1 GiB through 'copy' in three set-ups, a
# signal storm), time limits with bounded wall time, limits that leave the
# rest in the FIFO, and 'ls'/'stat' against processes whose ends we know.

bats_require_minimum_version 1.5.0
load common

# Test data, made once per file: a 64 MiB random block whose length is no
# power of two, and 1 GiB made of copies of it (so its blocks never line
# up with any buffer size), with the SHA-256 of each.
setup_file() {
    export DATA_DIR=$BATS_FILE_TMPDIR
    head -c $((64 * 1024 * 1024 + 4093)) /dev/urandom >"$DATA_DIR/64m"
    local i
    for i in $(seq 16); do cat "$DATA_DIR/64m"; done \
        | head -c $((1024 * 1024 * 1024)) >"$DATA_DIR/1g"
    sha256 <"$DATA_DIR/1g" >"$DATA_DIR/1g.sha256"
}

teardown_file() {
    rm -f "$DATA_DIR/64m" "$DATA_DIR/1g" "$DATA_DIR/1g.sha256"
}

setup() {
    common_setup
    FIFO=$TEST_DIR/fifo
    export -f sha256
}

# The background pipelines of 'ls' tests run under a shell: kill its
# children too (by parent PID), then what common_teardown kills.
teardown() {
    local pid
    for pid in "${BG_PIDS[@]}"; do
        pkill -KILL -P "$pid" 2>/dev/null || true
    done
    common_teardown
}

mode_of() { stat -c %a "$1"; }

# wait_ok PID: wait for background process PID, which must exit 0.
wait_ok() {
    local rc=0
    wait "$1" || rc=$?
    assert_equal "$rc" 0
}

# ---- create and rm ---------------------------------------------------

@test "create makes FIFOs of mode 0600 whatever the umask" {
    umask 000
    run -0 --separate-stderr ipc-pipe create "$TEST_DIR/a" "$TEST_DIR/b"
    assert_output ""
    assert_equal "$stderr" ""
    [ -p "$TEST_DIR/a" ] && [ -p "$TEST_DIR/b" ]
    assert_equal "$(mode_of "$TEST_DIR/a")" 600
    assert_equal "$(mode_of "$TEST_DIR/b")" 600
}

@test "create --mode gives exactly that mode: the umask neither weakens nor strengthens it" {
    umask 077
    run -0 ipc-pipe create --mode 0664 "$TEST_DIR/wide"
    assert_equal "$(mode_of "$TEST_DIR/wide")" 664
    umask 000
    run -0 ipc-pipe create "$TEST_DIR/sym" --mode u=rw,g=r
    assert_equal "$(mode_of "$TEST_DIR/sym")" 640
}

@test "create refuses an existing file, leaves it alone, and goes on with the others" {
    echo keep >"$TEST_DIR/file"
    run -1 --separate-stderr ipc-pipe create "$TEST_DIR/file" "$TEST_DIR/new"
    assert_regex "$stderr" "cannot create FIFO .*file.*: File exists"
    assert_equal "$(cat "$TEST_DIR/file")" keep
    [ -p "$TEST_DIR/new" ]
}

@test "create: bad mode, bad address or no operand exit 2 and create nothing" {
    run -2 --separate-stderr ipc-pipe create --mode 0999 "$TEST_DIR/x"
    assert_regex "$stderr" "invalid --mode argument"
    [ ! -e "$TEST_DIR/x" ]
    run -2 --separate-stderr ipc-pipe create "$TEST_DIR/y" key:0x10
    [ ! -e "$TEST_DIR/y" ]
    run -2 --separate-stderr ipc-pipe create
    assert_regex "$stderr" "missing PATH operand"
}

@test "rm removes FIFOs" {
    mkfifo "$TEST_DIR/a" "$TEST_DIR/b"
    run -0 --separate-stderr ipc-pipe rm "$TEST_DIR/a" "$TEST_DIR/b"
    assert_equal "$stderr" ""
    [ ! -e "$TEST_DIR/a" ] && [ ! -e "$TEST_DIR/b" ]
    mkfifo "$TEST_DIR/c"
    run -0 ipc-pipe remove "$TEST_DIR/c"
    [ ! -e "$TEST_DIR/c" ]
}

@test "rm refuses a regular file (status 1, file untouched) and goes on" {
    echo precious >"$TEST_DIR/file"
    mkfifo "$TEST_DIR/fifo2"
    run -1 --separate-stderr ipc-pipe rm "$TEST_DIR/file" "$TEST_DIR/fifo2"
    assert_regex "$stderr" "cannot remove .*file.*: not a FIFO$"
    assert_equal "$(cat "$TEST_DIR/file")" precious
    [ ! -e "$TEST_DIR/fifo2" ]
}

@test "rm never follows a symbolic link, even to a FIFO" {
    mkfifo "$FIFO"
    ln -s "$FIFO" "$TEST_DIR/link"
    run -1 --separate-stderr ipc-pipe rm "$TEST_DIR/link"
    assert_regex "$stderr" "not a FIFO \(a symbolic link\)"
    [ -L "$TEST_DIR/link" ] && [ -p "$FIFO" ]
}

@test "rm: a missing file is status 1, a directory too; no operand is 2" {
    run -1 --separate-stderr ipc-pipe rm "$TEST_DIR/none"
    assert_regex "$stderr" "No such file or directory"
    mkdir "$TEST_DIR/dir"
    run -1 ipc-pipe rm "$TEST_DIR/dir"
    [ -d "$TEST_DIR/dir" ]
    run -2 ipc-pipe rm
}

# ---- write and read ----------------------------------------------------

@test "write and read move data through a FIFO, each waiting for its peer" {
    mkfifo "$FIFO"
    bg sh -c 'exec ipc-pipe read "$1" >"$2"' sh "$FIFO" "$TEST_DIR/out"
    local reader=$BG_PID
    sleep 0.2                   # the reader waits for a writer
    printf 'hello\nworld\n' | ipc-pipe write "$FIFO"
    wait_ok "$reader"
    assert_equal "$(cat "$TEST_DIR/out")" $'hello\nworld'
    # The other way round: the writer waits for a reader.
    bg sh -c 'printf "second\n" | exec ipc-pipe write "$1"' sh "$FIFO"
    local writer=$BG_PID
    sleep 0.2
    run -0 ipc-pipe read "$FIFO"
    assert_output second
    wait_ok "$writer"
}

@test "64 MiB of random data through a FIFO arrive intact (cmp)" {
    mkfifo "$FIFO"
    bg sh -c 'exec ipc-pipe write "$1" <"$2"' sh "$FIFO" "$DATA_DIR/64m"
    local writer=$BG_PID
    ipc-pipe read "$FIFO" >"$TEST_DIR/out"
    wait_ok "$writer"
    run -0 cmp "$DATA_DIR/64m" "$TEST_DIR/out"
}

@test "read -t: no writer gives 124 within bounded time; -n at once" {
    mkfifo "$FIFO"
    elapsed_ms ipc-pipe read -t 300ms "$FIFO"
    assert_equal "$status" 124
    ((ELAPSED_MS >= 250 && ELAPSED_MS < 3000)) || fail "took $ELAPSED_MS ms"
    elapsed_ms ipc-pipe read -n "$FIFO"
    assert_equal "$status" 124
    ((ELAPSED_MS < 1000)) || fail "took $ELAPSED_MS ms"
}

@test "read -t also limits the wait for data from a writer that went quiet" {
    mkfifo "$FIFO"
    bg sh -c 'exec >"$1"; printf abc; exec sleep 30' sh "$FIFO"
    elapsed_ms run -124 ipc-pipe read -t 0.4 "$FIFO"
    assert_output abc
    ((ELAPSED_MS >= 350 && ELAPSED_MS < 3000)) || fail "took $ELAPSED_MS ms"
}

@test "read -t is met by a writer that comes in time" {
    mkfifo "$FIFO"
    bg sh -c 'sleep 0.2; printf hi >"$1"' sh "$FIFO"
    run -0 ipc-pipe read -t 10s "$FIFO"
    assert_output hi
}

@test "write -t: no reader gives 124 within bounded time; -n at once" {
    mkfifo "$FIFO"
    elapsed_ms ipc-pipe write -t 300ms "$FIFO" </dev/null
    assert_equal "$status" 124
    ((ELAPSED_MS >= 250 && ELAPSED_MS < 3000)) || fail "took $ELAPSED_MS ms"
    elapsed_ms ipc-pipe write -n "$FIFO" </dev/null
    assert_equal "$status" 124
    ((ELAPSED_MS < 1000)) || fail "took $ELAPSED_MS ms"
}

@test "write -t also limits the wait for room in a FIFO nobody empties" {
    mkfifo "$FIFO"
    exec {hold}<>"$FIFO"          # a reader that never reads
    elapsed_ms ipc-pipe write -t 0.4 "$FIFO" < <(head -c 1M /dev/zero)
    assert_equal "$status" 124
    ((ELAPSED_MS >= 350 && ELAPSED_MS < 3000)) || fail "took $ELAPSED_MS ms"
    exec {hold}>&-
}

@test "read --lines and --bytes leave the rest in the FIFO for the next reader" {
    mkfifo "$FIFO"
    exec {hold}<>"$FIFO"          # keeps the FIFO and its data alive
    printf 'one\ntwo\nthree\nfour\nfive\n' >&"$hold"
    run -0 ipc-pipe read --lines 2 "$FIFO"
    assert_output $'one\ntwo'
    run -0 ipc-pipe read --bytes 4 "$FIFO"
    assert_output "thre"
    run -0 ipc-pipe read --lines 1 -n "$FIFO"
    assert_output "e"
    run -0 ipc-pipe stat -b -o QUEUED -n "$FIFO"
    assert_output 10
    run -0 ipc-pipe read --bytes 10 -n "$FIFO"
    assert_output $'four\nfive'
    exec {hold}>&-
}

@test "read --lines takes a line longer than the FIFO whole, and no more" {
    mkfifo "$FIFO"
    exec {hold}<>"$FIFO"
    bg sh -c 'exec >"$1"; head -c 200000 /dev/zero | tr "\0" x
              printf "\nsecond\nthird\n"' sh "$FIFO"
    ipc-pipe read --lines 1 "$FIFO" >"$TEST_DIR/line"
    assert_equal "$(wc -c <"$TEST_DIR/line")" 200001
    run -0 ipc-pipe read --lines 1 "$FIFO"
    assert_output second
    run -0 ipc-pipe read --lines 1 "$FIFO"
    assert_output third
    exec {hold}>&-
}

@test "read --lines 0 and --bytes 0 read nothing and succeed" {
    mkfifo "$FIFO"
    run -0 ipc-pipe read --lines 0 -n "$FIFO"
    assert_output ""
    run -0 ipc-pipe read --bytes 0 -n "$FIFO"
    assert_output ""
}

@test "write --lines and --bytes take no more than that from standard input" {
    mkfifo "$FIFO"
    printf '1\n2\n3\n4\n' >"$TEST_DIR/in"
    # A seekable standard input.
    bg sh -c 'exec ipc-pipe read "$1" >"$2"' sh "$FIFO" "$TEST_DIR/got"
    local reader=$BG_PID
    { ipc-pipe write --lines 2 "$FIFO"; cat >"$TEST_DIR/rest"; } <"$TEST_DIR/in"
    wait_ok "$reader"
    assert_equal "$(cat "$TEST_DIR/got")" $'1\n2'
    assert_equal "$(cat "$TEST_DIR/rest")" $'3\n4'
    # A pipe as standard input.
    bg sh -c 'exec ipc-pipe read "$1" >"$2"' sh "$FIFO" "$TEST_DIR/got"
    reader=$BG_PID
    printf 'a\nb\nc\n' | { ipc-pipe write --lines 1 "$FIFO"
                           cat >"$TEST_DIR/rest"; }
    wait_ok "$reader"
    assert_equal "$(cat "$TEST_DIR/got")" a
    assert_equal "$(cat "$TEST_DIR/rest")" $'b\nc'
    # --bytes.
    bg sh -c 'exec ipc-pipe read "$1" >"$2"' sh "$FIFO" "$TEST_DIR/got"
    reader=$BG_PID
    printf 'abcdef' | { ipc-pipe write --bytes 2 "$FIFO"; cat >"$TEST_DIR/rest"; }
    wait_ok "$reader"
    assert_equal "$(cat "$TEST_DIR/got")" ab
    assert_equal "$(cat "$TEST_DIR/rest")" cdef
}

@test "read --follow reads across successive writers; -t is an idle limit" {
    mkfifo "$FIFO"
    bg sh -c 'exec ipc-pipe read --follow -t 2s "$1" >"$2"' sh "$FIFO" \
        "$TEST_DIR/out"
    local reader=$BG_PID
    printf 'first\n' | ipc-pipe write "$FIFO"
    printf 'second\n' | ipc-pipe write "$FIFO"
    sleep 0.3
    printf 'third\n' | ipc-pipe write "$FIFO"
    wait_ok "$reader"
    assert_equal "$(cat "$TEST_DIR/out")" $'first\nsecond\nthird'
    # Nothing at all within the limit: 124.
    run -124 ipc-pipe read --follow -t 0.2 "$FIFO"
}

@test "read --follow --lines stops after that many lines over several writers" {
    mkfifo "$FIFO"
    bg sh -c 'exec ipc-pipe read --follow --lines 3 "$1" >"$2"' sh "$FIFO" \
        "$TEST_DIR/out"
    local reader=$BG_PID
    printf '1\n2\n' | ipc-pipe write "$FIFO"
    printf '3\n' | ipc-pipe write "$FIFO"
    wait_ok "$reader"
    assert_equal "$(cat "$TEST_DIR/out")" $'1\n2\n3'
}

@test "read and write refuse what is not a FIFO, and a missing path (status 1)" {
    echo data >"$TEST_DIR/file"
    run -1 --separate-stderr ipc-pipe read "$TEST_DIR/file"
    assert_regex "$stderr" "is not a FIFO$"
    run -1 --separate-stderr ipc-pipe write "$TEST_DIR/file" </dev/null
    assert_regex "$stderr" "is not a FIFO$"
    assert_equal "$(cat "$TEST_DIR/file")" data
    run -1 --separate-stderr ipc-pipe read "$TEST_DIR/none"
    assert_regex "$stderr" "cannot open .*: No such file or directory$"
}

@test "a writer whose reader goes away ends quietly by SIGPIPE" {
    mkfifo "$FIFO"
    bg sh -c 'exec ipc-pipe read --bytes 5 "$1" >/dev/null' sh "$FIFO"
    run --separate-stderr bash -c 'yes | ipc-pipe write "$1"; exit $?' bash "$FIFO"
    assert_equal "$status" $((128 + 13))
    assert_equal "$stderr" ""
    run --separate-stderr bash -c \
        'yes | ipc-pipe copy | head -c 1 >/dev/null; echo "${PIPESTATUS[1]}"'
    assert_output $((128 + 13))
    assert_equal "$stderr" ""
    # read, whose standard output loses its reader.
    bg sh -c 'exec yes >"$1"' sh "$FIFO"
    run --separate-stderr bash -c \
        'ipc-pipe read "$1" | head -c 1 >/dev/null; echo "${PIPESTATUS[0]}"' \
        bash "$FIFO"
    assert_output $((128 + 13))
    assert_equal "$stderr" ""
    # Where SIGPIPE is ignored, a broken pipe is an error, as in cat.
    run --separate-stderr bash -c \
        'trap "" PIPE; yes | ipc-pipe copy | head -c 1 >/dev/null
         echo "${PIPESTATUS[1]}"'
    assert_output 1
    assert_regex "$stderr" "error writing .*standard output.*: Broken pipe$"
}

@test "a reader that takes everything and leaves does not make the writer fail" {
    # splice(2) at the end of the input reports a reader that is gone:
    # that must not turn into SIGPIPE once every byte was delivered.
    printf abc >"$TEST_DIR/abc"
    local i
    for i in $(seq 20); do
        run -0 bash -c 'printf abc | ipc-pipe copy | head -c 3 >/dev/null
                        exit "${PIPESTATUS[1]}"'
        run -0 bash -c 'ipc-pipe copy <"$1" | head -c 3 >/dev/null
                        exit "${PIPESTATUS[0]}"' bash "$TEST_DIR/abc"
    done
}

@test "read to a full disk is an error" {
    mkfifo "$FIFO"
    bg sh -c 'printf data >"$1"' sh "$FIFO"
    run -1 --separate-stderr sh -c 'ipc-pipe read "$1" >/dev/full' sh "$FIFO"
    assert_regex "$stderr" "error writing .*standard output.*: No space left on device"
}

# ---- copy ----------------------------------------------------------------

@test "copy of 1 GiB keeps its sha256: pipe to pipe" {
    run -0 bash -c 'cat "$1" | ipc-pipe copy | sha256' bash "$DATA_DIR/1g"
    assert_output "$(cat "$DATA_DIR/1g.sha256")"
}

@test "copy of 1 GiB keeps its sha256: file to pipe" {
    run -0 bash -c 'ipc-pipe copy <"$1" | sha256' bash "$DATA_DIR/1g"
    assert_output "$(cat "$DATA_DIR/1g.sha256")"
}

@test "copy of 1 GiB keeps its sha256: pipe to file" {
    cat "$DATA_DIR/1g" | ipc-pipe copy >"$TEST_DIR/out"
    assert_equal "$(sha256 <"$TEST_DIR/out")" "$(cat "$DATA_DIR/1g.sha256")"
}

@test "copy between two files (the read/write loop) and to a file opened to append" {
    ipc-pipe copy <"$DATA_DIR/64m" >"$TEST_DIR/out"
    run -0 cmp "$DATA_DIR/64m" "$TEST_DIR/out"
    # splice(2) refuses O_APPEND: the loop takes over.
    printf head >"$TEST_DIR/app"
    cat "$DATA_DIR/64m" | ipc-pipe copy >>"$TEST_DIR/app"
    run -0 cmp <(printf head; cat "$DATA_DIR/64m") "$TEST_DIR/app"
}

@test "a storm of SIGCHLD and SIGWINCH at copy loses no byte" {
    local mode
    for mode in "" "--progress --interval 0.01"; do
        # shellcheck disable=SC2086
        bg bash -c 'cat "$1" | ipc-pipe copy $2 2>/dev/null | sha256 >"$3"' \
            bash "$DATA_DIR/1g" "$mode" "$TEST_DIR/sum"
        local sh=$BG_PID copier=""
        wait_until 10 pgrep -P "$sh" -x ipc-pipe
        copier=$(pgrep -P "$sh" -x ipc-pipe)
        local sent=0
        while kill -CHLD "$copier" 2>/dev/null && kill -WINCH "$copier" 2>/dev/null
        do
            sent=$((sent + 2))
        done
        wait_ok "$sh"
        assert_equal "$(cat "$TEST_DIR/sum")" "$(cat "$DATA_DIR/1g.sha256")"
        ((sent > 100)) || fail "only $sent signals were sent"
    done
}

@test "copy --size sets the capacity of the pipes it touches" {
    run -0 sh -c 'ipc-pipe copy --size 256K </dev/null |
                  { cat >/dev/null; ipc-pipe stat -b -o SIZE -n fd:0; }'
    assert_output 262144
    run -0 sh -c 'printf abc | ipc-pipe copy --size 1M |
                  { cat >/dev/null; ipc-pipe stat -b -o SIZE -n fd:0; }'
    assert_output 1048576
    # Files are left alone.
    ipc-pipe copy --size 1M <"$DATA_DIR/64m" >"$TEST_DIR/out"
    run -0 cmp "$DATA_DIR/64m" "$TEST_DIR/out"
}

@test "copy --size beyond fs.pipe-max-size says so and exits 1" {
    local cap
    cap=$(awk '/^CapEff:/ { print $2 }' /proc/self/status)
    # CAP_SYS_RESOURCE (bit 24) may exceed the limit.
    if (( (16#$cap >> 24) & 1 )); then
        skip "this process has CAP_SYS_RESOURCE"
    fi
    local max
    max=$(cat /proc/sys/fs/pipe-max-size)
    run -1 --separate-stderr bash -c \
        'echo x | ipc-pipe copy --size "$1" | cat; exit "${PIPESTATUS[1]}"' \
        bash $((max * 2))
    assert_output ""
    assert_regex "$stderr" "beyond fs.pipe-max-size \($max bytes\)"
    assert_equal "$(wc -l <<<"$stderr")" 1
}

@test "copy --progress on a non-terminal: one line per interval, also while stalled" {
    run -0 --separate-stderr sh -c \
        '{ sleep 1; printf abcdef; } | ipc-pipe copy --progress --interval 0.1'
    assert_output abcdef
    local -a lines
    mapfile -t lines <<<"$stderr"
    ((${#lines[@]} >= 5)) || fail "only ${#lines[@]} lines: $stderr"
    [[ $stderr != *$'\r'* ]] || fail "a carriage return in a non-terminal"
    [[ ${lines[0]} =~ ^\ *0B\ 0:00:00\ \[\ *0B/s\] ]] || fail "first: ${lines[0]}"
    [[ ${lines[-1]} =~ ^\ *6B\ 0:00:0[0-2]\ \[ ]] || fail "last: ${lines[-1]}"
}

@test "copy --progress on a terminal redraws one line with carriage returns" {
    run -0 script -qec "sh -c '{ sleep 0.5; printf abc; } |
        ipc-pipe copy -p --interval 0.1 >/dev/null'" /dev/null
    [[ $output == *$'\r'*$'\r'* ]] || fail "no redraw: $output"
    # One line in all: the terminal shows a single final newline.
    local text=${output//$'\r'/}
    assert_equal "$(grep -c . <<<"$text")" 1
    [[ $output =~ 3B\ 0:00:00 ]] || fail "no final count: $output"
}

# ---- ls and stat ------------------------------------------------------------

# queued_is N PATH: whether the FIFO PATH holds N bytes (for wait_until).
queued_is() {
    [ "$(ipc-pipe stat -b -o QUEUED -n "$2")" = "$1" ]
}

# comm_is PID NAME: whether process PID runs NAME (after its exec).
comm_is() {
    [ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ]
}

# The first child of shell PID that has descriptor FD on a pipe.
child_with_pipe_on() {
    local pid fd=$2
    for pid in $(pgrep -P "$1"); do
        [[ $(readlink "/proc/$pid/fd/$fd") == pipe:* ]] && { echo "$pid"; return; }
    done
    return 1
}

@test "ls finds both ends of 'sleep 300 | sleep 300'" {
    need_exact_lists
    bg sh -c 'sleep 300 | sleep 300'
    local sh=$BG_PID
    wait_until 10 child_with_pipe_on "$sh" 1
    wait_until 10 child_with_pipe_on "$sh" 0
    local writer reader name
    writer=$(child_with_pipe_on "$sh" 1)
    reader=$(child_with_pipe_on "$sh" 0)
    name=$(readlink "/proc/$writer/fd/1")
    wait_until 10 comm_is "$writer" sleep
    wait_until 10 comm_is "$reader" sleep
    run -0 ipc-pipe ls -J
    run -0 python3 -c '
import json, sys
name, w, r = sys.argv[1:]
doc = json.loads(sys.stdin.read())
row = [p for p in doc["pipes"] if p["name"] == name][0]
assert row["type"] == "pipe", row
assert row["inode"] == int(name[6:-1]), row
assert row["writers"] == [{"pid": int(w), "command": "sleep"}], row
assert row["readers"] == [{"pid": int(r), "command": "sleep"}], row
assert row["size"] == 65536 and row["queued"] == 0, row
print("ok")' "$name" "$writer" "$reader" <<<"$output"
    assert_output ok
    # The table: one line with the name, both ends, in the default columns.
    run -0 ipc-pipe ls
    assert_line --index 0 --regexp '^NAME +TYPE +INODE +SIZE +QUEUED +WRITERS +READERS$'
    assert_line --regexp "^${name//[\[\]]/.} +pipe .* $writer:sleep +$reader:sleep\$"
}

@test "ls --pid: the pipes and FIFOs of a process, as lsfd -p; a missing PID exits 1" {
    need_exact_lists
    bg sh -c 'sleep 300 | sleep 300'
    local sh=$BG_PID
    wait_until 10 child_with_pipe_on "$sh" 1
    wait_until 10 child_with_pipe_on "$sh" 0
    local writer reader name
    writer=$(child_with_pipe_on "$sh" 1)
    reader=$(child_with_pipe_on "$sh" 0)
    name=$(readlink "/proc/$writer/fd/1")
    wait_until 10 comm_is "$writer" sleep
    wait_until 10 comm_is "$reader" sleep
    mkfifo "$FIFO"
    # (fd 3: a background job's stdin is /dev/null.)
    bg sleep 300 3<>"$FIFO"
    local holder=$BG_PID
    wait_until 10 comm_is "$holder" sleep
    # The writer's pipes, as lsfd sees them, with both ends in the row.
    run -0 ipc-pipe ls -p "$writer" -r -n -o NAME,WRITERS,READERS
    assert_line "$name $writer:sleep $reader:sleep"
    refute_output --partial "$FIFO"
    run -0 ipc-pipe ls -p "$writer" -r -n -o NAME
    local ours=$output
    run -0 lsfd -p "$writer" -r -n -o NAME -Q '(TYPE == "FIFO")'
    assert_equal "$(sort -u <<<"$output")" "$(sort -u <<<"$ours")"
    # Without the ends: only that process is looked into.
    run -0 ipc-pipe ls --pid "$reader" -r -n -o NAME,TYPE
    assert_line "$name pipe"
    # Repeatable and a comma list; a FIFO by its path; JSON as without.
    run -0 ipc-pipe ls -p "$writer,$reader" --pid "$holder" -J
    run -0 python3 -c '
import json, sys
name, fifo, w, r, h = sys.argv[1:]
rows = {p["name"]: p for p in json.loads(sys.stdin.read())["pipes"]}
assert rows[name]["writers"] == [{"pid": int(w), "command": "sleep"}], rows[name]
assert rows[name]["readers"] == [{"pid": int(r), "command": "sleep"}], rows[name]
assert rows[fifo]["type"] == "fifo", rows[fifo]
assert rows[fifo]["readers"] == [{"pid": int(h), "command": "sleep"}], rows[fifo]
print("ok")' "$name" "$FIFO" "$writer" "$reader" "$holder" <<<"$output"
    assert_output ok
    run -1 ipc-pipe ls -p 2147483647
    assert_output --partial "cannot find process 2147483647: No such process"
    run -2 ipc-pipe ls -p nope
    run -2 ipc-pipe ls -p 0
    run -2 ipc-pipe stat -p "$writer" "$FIFO"
}

@test "ls shows FIFOs by path with their queued bytes; -o, -r, -n work" {
    need_exact_lists
    mkfifo "$FIFO"
    exec {hold}<>"$FIFO"
    printf 12345 >&"$hold"
    run -0 ipc-pipe ls -r -n -b -o NAME,TYPE,QUEUED,SIZE
    assert_line "$FIFO fifo 5 65536"
    run -0 ipc-pipe list --output-all -J
    run -0 python3 -c 'import json, sys
rows = [p for p in json.loads(sys.stdin.read())["pipes"] if p["name"] == sys.argv[1]]
print(sorted(rows[0]), rows[0]["queued"])' "$FIFO" <<<"$output"
    assert_output "['inode', 'name', 'queued', 'readers', 'size', 'type', 'writers'] 5"
    exec {hold}>&-
}

@test "stat reports queued bytes, capacity, writers and readers of a FIFO" {
    need_exact_lists
    mkfifo "$FIFO"
    bg sh -c 'exec >"$1"; printf "%s" hello-world; exec sleep 60' sh "$FIFO"
    local writer=$BG_PID
    bg sh -c 'exec sleep 60 <"$1"' sh "$FIFO"
    local reader=$BG_PID
    wait_until 10 queued_is 11 "$FIFO"
    wait_until 10 comm_is "$writer" sleep
    wait_until 10 comm_is "$reader" sleep
    run -0 ipc-pipe stat -b "$FIFO"
    assert_line "NAME: $FIFO"
    assert_line "TYPE: fifo"
    assert_line "INODE: $(stat -c %i "$FIFO")"
    assert_line "SIZE: 65536"
    assert_line "QUEUED: 11"
    assert_line "WRITERS: $writer:sleep"
    assert_line "READERS: $reader:sleep"
    run -0 ipc-pipe info -J "$FIFO"
    run -0 python3 -c 'import json, sys
d = json.loads(sys.stdin.read())
print(d["queued"], d["size"], d["writers"])' <<<"$output"
    assert_output "11 65536 [{'pid': $writer, 'command': 'sleep'}]"
}

@test "stat fd:N shows the pipe on a descriptor, with its queued bytes" {
    run -0 sh -c 'printf hello | { sleep 0.3; ipc-pipe stat -b -o TYPE,QUEUED,SIZE fd:0; }'
    assert_line "TYPE: pipe"
    assert_line "QUEUED: 5"
    assert_line "SIZE: 65536"
}

@test "stat of a FIFO nobody has open: no capacity, no queue, no process" {
    need_exact_lists
    mkfifo "$FIFO"
    run -0 ipc-pipe stat "$FIFO"
    assert_line "TYPE: fifo"
    refute_line --regexp '^(WRITERS|READERS|QUEUED): .'
}

@test "stat refuses what is not a pipe (1); bad operands are usage errors (2)" {
    echo x >"$TEST_DIR/file"
    run -1 --separate-stderr ipc-pipe stat "$TEST_DIR/file"
    assert_regex "$stderr" "is not a pipe or FIFO$"
    run -1 ipc-pipe stat "$TEST_DIR/none"
    run -1 ipc-pipe stat fd:99
    run -2 ipc-pipe stat
    run -2 ipc-pipe stat key:0x10
    run -2 ipc-pipe stat "$TEST_DIR/file" extra
    run -2 ipc-pipe stat -o NOPE "$FIFO"
    run -2 ipc-pipe ls extra
}

# ---- usage errors ------------------------------------------------------------

@test "bad input exits 2 with one message and a hint" {
    mkfifo "$FIFO"
    local -a cases=(
        "read --lines x $FIFO"
        "read --lines -1 $FIFO"
        "read --bytes 1Q $FIFO"
        "read -t soon $FIFO"
        "write -t -1 $FIFO"
        "read $FIFO $FIFO"
        "read"
        "write --follow $FIFO"
        "write --frobnicate $FIFO"
        "copy extra"
        "copy --size 0"
        "copy --size lots"
        "copy --interval 0"
        "copy --interval inf"
        "read fd:3"
    )
    local c
    for c in "${cases[@]}"; do
        echo "checking: ipc-pipe $c"
        # shellcheck disable=SC2086
        run -2 --separate-stderr ipc-pipe $c </dev/null
        assert_output ""
        assert_equal "$(wc -l <<<"$stderr")" 2
        assert_regex "$stderr" "Try 'ipc-pipe [a-z]+ --help' for more information."
    done
}

# --- hostile input and faults (issue 12) ------------------------------------

@test "copy refuses to append a file to itself, as cat does (status 1)" {
    printf 'ORIGINAL\n' >"$TEST_DIR/f"
    # The file-size limit stops a copy that loops before it fills the disk.
    run -1 bash -c 'ulimit -f 64; ipc-pipe copy <"$1" >>"$1"' sh "$TEST_DIR/f"
    assert_output "ipc-pipe: input file is output file"
    assert_equal "$(cat "$TEST_DIR/f")" ORIGINAL
    # Truncating leaves nothing to read: no loop, and no error.
    run -0 bash -c 'ipc-pipe copy <"$1" >"$1"' sh "$TEST_DIR/f"
    assert_equal "$(stat -c %s "$TEST_DIR/f")" 0
}

@test "read --follow with stdout closed fails at once instead of copying the FIFO into itself" {
    ipc-pipe create "$FIFO"
    bg sh -c 'printf data | exec ipc-pipe write "$1"' sh "$FIFO"
    # Before, the FIFO became fd 1 and read spun for ever: the KILL is 137.
    run -1 env LC_ALL=C timeout -s KILL 10 bash -c 'exec ipc-pipe read --follow "$1" >&-' sh "$FIFO"
    assert_output "ipc-pipe: error writing 'standard output': Bad file descriptor"
}

@test "read --follow with stderr closed pushes no error text into the FIFO" {
    ipc-pipe create "$FIFO"
    exec 8<>"$FIFO"             # keeps what lands in the FIFO there
    printf data >&8
    run -1 env LC_ALL=C timeout -s KILL 10 bash -c 'exec ipc-pipe read --follow "$1" 2>&- >/dev/full' sh "$FIFO"
    assert_equal "$(ipc-pipe stat -o QUEUED -b -n "$FIFO")" 0
    exec 8>&-
}

@test "write with stdin closed blames standard input, not the FIFO" {
    ipc-pipe create "$FIFO"
    bg sh -c 'exec ipc-pipe read "$1" >/dev/null' sh "$FIFO"
    run -1 env LC_ALL=C timeout -s KILL 10 bash -c 'exec ipc-pipe write "$1" <&-' sh "$FIFO"
    assert_output "ipc-pipe: error reading 'standard input': Bad file descriptor"
}

@test "read --follow needs only read permission: it reopens the FIFO at each writer's end" {
    chmod 0755 "$TEST_DIR"
    ipc-pipe create --mode 0644 "$FIFO"
    local -a as_reader=()
    if [ "$(id -u)" = 0 ]; then
        as_reader=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    else
        chmod 0444 "$FIFO"
    fi
    bg "${as_reader[@]}" ipc-pipe read --follow -t 3s "$FIFO" >"$TEST_DIR/out" 2>&1
    local reader=$BG_PID
    # As a normal user, the reader was refused the write end when it
    # started; the writers, the same user, need it back.
    wait_until 10 sh -c 'ls -l "/proc/$1/fd" | grep -qF "$2"' sh "$reader" "$FIFO"
    chmod 0644 "$FIFO"
    # Each writer waits for the reader to be back before it opens.
    echo one | ipc-pipe write -t 10s "$FIFO"
    echo two | ipc-pipe write -t 10s "$FIFO"
    printf 'thr' | ipc-pipe write -t 10s "$FIFO"
    printf 'ee\n' | ipc-pipe write -t 10s "$FIFO"
    local rc=0
    wait "$reader" || rc=$?
    assert_equal "$rc" 0
    assert_equal "$(cat "$TEST_DIR/out")" "one
two
three"
    # With nothing written it times out as before.
    run -124 "${as_reader[@]}" ipc-pipe read --follow -t 200ms "$FIFO"
}

@test "write -t and read -t time out with SIGALRM blocked by the parent" {
    ipc-pipe create "$FIFO"
    local block='import signal, os, sys
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])
os.execvp(sys.argv[1], sys.argv[1:])'
    # Before, the alarm never came and only the KILL ended it (137).
    run -124 timeout -s KILL 10 python3 -c "$block" ipc-pipe write -t 300ms "$FIFO" </dev/null
    run -124 timeout -s KILL 10 python3 -c "$block" ipc-pipe read -t 300ms "$FIFO"
}

@test "copy --progress with a slow stderr: the line never fails or stalls the copy" {
    # Nobody reads stderr for 10 s: at 1ms a line, it is full in a second.
    bg bash -c '( for i in $(seq 20); do head -c 1M /dev/zero; sleep 0.1; done ) |
        ipc-pipe copy --progress --interval 1ms >"$1/out" 2> >(sleep 10; cat >/dev/null)
        echo $? >"$1/status"' sh "$TEST_DIR"
    wait_until 8 test -s "$TEST_DIR/status"
    assert_equal "$(cat "$TEST_DIR/status")" 0
    assert_equal "$(stat -c %s "$TEST_DIR/out")" $((20 * 1024 * 1024))
}

@test "ls and stat as a user who cannot read the root process at the other end: WRITERS and READERS ?, null, one line on stderr, status 0; as root exact" {
    need_root "setpriv to user nobody"
    command -v setpriv >/dev/null || skip "no setpriv"
    local nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    # Root's sleep writes into the pipe that nobody's sleep reads.
    bg sh -c 'sleep 300 | setpriv --reuid=65534 --regid=65534 --clear-groups sleep 300'
    local sh=$BG_PID
    wait_until 10 child_with_pipe_on "$sh" 1
    wait_until 10 child_with_pipe_on "$sh" 0
    local writer reader name
    writer=$(child_with_pipe_on "$sh" 1)
    reader=$(child_with_pipe_on "$sh" 0)
    wait_until 10 comm_is "$reader" sleep
    name=$(readlink "/proc/$writer/fd/1")
    run -0 --separate-stderr ipc-pipe ls -p "$reader" -r -n -o NAME,WRITERS,READERS
    assert_line "$name $writer:sleep $reader:sleep"
    assert_equal "$stderr" ""
    run -0 --separate-stderr "${nobody[@]}" ipc-pipe ls -p "$reader" -r -n -o NAME,WRITERS,READERS
    assert_line "$name ? ?"
    assert_regex "$stderr" '^ipc-pipe: WRITERS and READERS are partial: [1-9][0-9]* process(es)? could not be read; run as root$'
    run -0 --separate-stderr "${nobody[@]}" ipc-pipe ls -p "$reader" -J -o NAME,WRITERS
    assert_output --partial "{
         \"name\": \"$name\",
         \"writers\": null
      }"
    assert_regex "$stderr" '^ipc-pipe: WRITERS is partial: '
    # Without the ends, only that process is looked into: nothing partial.
    run -0 --separate-stderr "${nobody[@]}" ipc-pipe ls -p "$reader" -r -n -o NAME,TYPE
    assert_line "$name pipe"
    assert_equal "$stderr" ""
}

@test "ls on an 80-column terminal: a pipe that 300 processes hold keeps its name, its lists end with +N; -r and -J list all 301" {
    need_exact_lists
    # The shell and its 300 sleeps hold the write end; one sleep reads.
    bg sh -c '{ for i in $(seq 300); do sleep 300 & done; wait; } | sleep 300'
    local sh=$BG_PID reader
    wait_until 20 child_with_pipe_on "$sh" 0
    reader=$(child_with_pipe_on "$sh" 0)
    local name
    name=$(readlink "/proc/$reader/fd/0")
    wait_until 30 bash -c "[ \$(ipc-pipe ls -p $reader -r -n -o NAME,WRITERS | grep -F '$name' | tr ',' '\n' | grep -c ':sleep') -ge 300 ]"
    run -0 on_terminal 80 ipc-pipe ls -p "$reader" -o NAME,TYPE,WRITERS,READERS
    local row
    row=$(grep -F "$name " <<<"$output")
    [ "${#row}" -le 80 ]
    # WRITERS: some PID:COMMAND items, then +N for the rest of the 301.
    local writers shown left
    writers=$(awk '{print $3}' <<<"$row")
    [[ $writers =~ ^([0-9]+:(sh|sleep),)+\+([0-9]+)$ ]]
    left=${BASH_REMATCH[3]}
    shown=$(tr ',' '\n' <<<"$writers" | grep -c ':')
    [ $((shown + left)) -eq 301 ]
    assert_regex "$row" " $reader:sleep\$"
    run -0 on_terminal 80 ipc-pipe ls -p "$reader" -r -n -o NAME,WRITERS
    row=$(grep -F "$name " <<<"$output")
    [ "$(tr ',' '\n' <<<"${row#* }" | grep -c ':')" -eq 301 ]
    run -0 ipc-pipe ls -p "$reader" -J -o NAME,WRITERS
    run -0 python3 -c 'import json, sys
rows = [r for r in json.loads(sys.stdin.read())["pipes"] if r["name"] == sys.argv[1]]
print(len(rows[0]["writers"]))' "$name" <<<"$output"
    assert_output 301
}

#!/usr/bin/env bats
# The output and /proc parts of the common library (lib/ipc-table.c,
# lib/ipc-proc.c, lib/ipc-users.c), driven through tests/lib-driver.  Table cells are given
# as COL=VALUE operands ("+" starts a new row) over the driver's demo
# columns NAME (string), COUNT (number), SIZE (size), ITEMS (list) and
# NOTE (extra, printed as "<VALUE>").

bats_require_minimum_version 1.5.0
load common

# Messages quote operands with ASCII quotes in the C locale.
export LC_ALL=C

DATA=${IPC_TOP_SRCDIR:-$BATS_TEST_DIRNAME/..}/tests/data

# json_ok PYTHON-EXPRESSION: $output parses as JSON (strict UTF-8) into d,
# and the expression about d is true.
json_ok() {
    printf '%s' "$output" | python3 -c '
import json, sys
d = json.loads(sys.stdin.buffer.read())
if not eval(sys.argv[1]):
    print("false:", sys.argv[1], "for", repr(d), file=sys.stderr)
    sys.exit(1)
' "$1"
}

# ---- tables ----

@test "table: aligned columns under a header, numbers and sizes right-aligned" {
    run -0 lib-driver table NAME=alpha COUNT=3 SIZE=65536 ITEMS=1:a ITEMS=2:b \
        + NAME=beta-longer COUNT=-12345 SIZE=1572864 + NAME=c
    assert_output - <<'EOF'
NAME         COUNT SIZE ITEMS
alpha            3  64K 1:a,2:b
beta-longer -12345 1.5M 
c                       
EOF
}

@test "table: -r is unaligned with one space and escapes blanks, -n drops the header" {
    run -0 lib-driver table -r NAME='a b' COUNT=3 SIZE=1024 ITEMS=x ITEMS=y
    assert_output - <<'EOF'
NAME COUNT SIZE ITEMS
a\x20b 3 1K x,y
EOF
    run -0 lib-driver table -n NAME=alpha COUNT=3
    assert_output 'alpha     3      '
    run -0 lib-driver table --raw --noheadings NAME=alpha COUNT=3
    assert_output 'alpha 3  '
}

@test "table: -o chooses and orders columns, case-insensitively" {
    run -0 lib-driver table -o count,Name NAME=alpha COUNT=3 SIZE=1
    assert_output - <<'EOF'
COUNT NAME
    3 alpha
EOF
    run -0 lib-driver table -r --output=SIZE,SIZE SIZE=2048
    assert_output $'SIZE SIZE\n2K 2K'
}

@test "table: extra columns only with -o, +COL or --output-all" {
    run -0 lib-driver table -r NAME=a NOTE=n
    assert_output $'NAME COUNT SIZE ITEMS\na   '
    run -0 lib-driver table -r -o +note NAME=a NOTE=n
    assert_output $'NAME COUNT SIZE ITEMS NOTE\na    <n>'
    run -0 lib-driver table -r --output-all NAME=a NOTE=n
    assert_output $'NAME COUNT SIZE ITEMS NOTE\na    <n>'
    # -o without '+' replaces even --output-all, as in util-linux.
    run -0 lib-driver table -r --output-all -o note NAME=a NOTE=n
    assert_output $'NOTE\n<n>'
}

@test "table: ipc_table_wants says which columns are printed" {
    run -0 env LIB_DRIVER_WANTS=1 lib-driver table -n -o +NOTE
    assert_output $'NAME=1\nCOUNT=1\nSIZE=1\nITEMS=1\nNOTE=1'
    run -0 env LIB_DRIVER_WANTS=1 lib-driver table -n
    assert_line NOTE=0
    assert_line NAME=1
    run -0 env LIB_DRIVER_WANTS=1 lib-driver table -n -o size
    assert_output $'NAME=0\nCOUNT=0\nSIZE=1\nITEMS=0\nNOTE=0'
}

@test "table: an unknown column is a usage error, exit 2, naming it" {
    run -2 lib-driver table -o NAME,bogus NAME=a
    assert_line -n 0 "lib-driver: unknown column 'bogus'"
    assert_line -n 1 --partial "--help"
    run -2 lib-driver table -o +Bogus
    assert_line -n 0 "lib-driver: unknown column 'Bogus'"
    run -2 lib-driver table -o 'NAME,'
    assert_line -n 0 "lib-driver: unknown column ''"
    run -2 lib-driver table -o ''
    assert_line -n 0 "lib-driver: unknown column ''"
    run -2 lib-driver table --stat -o x
    assert_line -n 0 "lib-driver: unknown column 'x'"
}

@test "table: --json and --raw together are a usage error" {
    run -2 lib-driver table -J -r NAME=a
    assert_line -n 0 --partial "mutually exclusive"
}

@test "table: sizes are human-readable powers of 1024 unless -b" {
    local bytes expect
    while read -r bytes expect; do
        run -0 lib-driver table -rn -o size SIZE="$bytes"
        assert_output "$expect"
        run -0 lib-driver table -rn -b -o size SIZE="$bytes"
        assert_output "$bytes"
    done <<'EOF'
0 0B
1 1B
1023 1023B
1024 1K
1126 1.1K
1536 1.5K
65536 64K
1048575 1M
1572864 1.5M
10737418240 10G
1099511627776 1T
18446744073709551615 16E
EOF
}

@test "table: --help lists the options and every column, default ones marked" {
    run -0 lib-driver table --help
    assert_line --regexp '^  -J, --json +'
    assert_line --regexp '^  -r, --raw +'
    assert_line --regexp '^  -n, --noheadings +'
    assert_line --regexp '^  -o, --output=COL,\.\.\. +'
    assert_line --regexp '^      --output-all +'
    assert_line --regexp '^  -b, --bytes +'
    assert_line --partial 'Available output columns'
    assert_line ' * NAME   a string'
    assert_line ' * COUNT  a number'
    assert_line ' * SIZE   a size'
    assert_line ' * ITEMS  a list'
    assert_line '   NOTE   an extra column'
}

@test "JSON: one document, lower-case keys, numbers, arrays (empty lists too) and null" {
    run -0 lib-driver table -J NAME=alpha COUNT=3 SIZE=65536 ITEMS=1:a ITEMS=2:b \
        + NAME=beta COUNT=-7 + COUNT=not-a-number
    printf '%s' "$output" | python3 -m json.tool >/dev/null
    json_ok 'list(d) == ["things"] and len(d["things"]) == 3'
    json_ok 'd["things"][0] == {"name": "alpha", "count": 3, "size": 65536, "items": ["1:a", "2:b"]}'
    json_ok 'd["things"][1] == {"name": "beta", "count": -7, "size": None, "items": []}'
    # A number column given text stays valid JSON, as a string.
    json_ok 'd["things"][2]["count"] == "not-a-number" and d["things"][2]["name"] is None'
    # Sizes are bytes in JSON, with or without -b; extra columns on demand.
    run -0 lib-driver table -J -b --output-all --json-name=mqueues SIZE=1572864 NOTE=x
    json_ok 'd == {"mqueues": [{"name": None, "count": None, "size": 1572864, "items": [], "note": "<x>"}]}'
    run -0 lib-driver table -J -n -o ITEMS ITEMS=solo
    json_ok 'd == {"things": [{"items": ["solo"]}]}'
}

@test "JSON: an empty listing is an empty array" {
    run -0 lib-driver table --json
    json_ok 'd == {"things": []}'
}

@test "JSON: strings escape quotes, backslashes, newlines, control and invalid bytes" {
    run -0 lib-driver table -J NAME=$'q"b\\s\nn\tt\x01c\x1f\x7fd\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80' \
        ITEMS=$'a"\n' ITEMS=$'\\' \
        + NAME=$'bad\xff\xc3(\xed\xa0\x80\xc0\xaf.'
    printf '%s' "$output" | python3 -m json.tool >/dev/null
    json_ok 'd["things"][0]["name"] == "q\"b\\s\nn\tt\x01c\x1f\x7fd\u00e9\u20ac\U0001F600"'
    json_ok 'd["things"][0]["items"] == ["a\"\n", "\\"]'
    # Bytes that are not UTF-8 come back as the escape \xHH of each byte:
    # surrogates, overlong forms and stray bytes included.
    json_ok 'd["things"][1]["name"] == r"bad\xff\xc3(\xed\xa0\x80\xc0\xaf."'
    # Every control character is escaped: no raw byte below 0x20 is left.
    run -0 bash -c "lib-driver table -J NAME=\$'\\x01\\x02\\x1b\\x7f' | tr -d '\\n' | tr -d '[:print:]' | wc -c"
    assert_output 0
}

# unescape: the bytes that each line of stdin stands for, by the rule of
# ipc-table.h (each \xHH is one byte), in Python's repr, one a line.
unescape() {
    python3 -c '
import re, sys
for line in sys.stdin.buffer.read().split(b"\n")[:-1]:
    print(repr(re.sub(rb"\\x([0-9a-f]{2})", lambda m: bytes([int(m[1], 16)]), line)))
'
}

@test "JSON: names that differ stay distinct, and decode back to their bytes" {
    # Invalid UTF-8, the valid UTF-8 character of the same Latin-1 value,
    # and the text of the escape itself: distinct names, distinct strings.
    run -0 lib-driver table -J -o name NAME=$'/b\xff' + NAME=$'/b\xc3\xbf' \
        + NAME='/b\xff' + NAME='/b\' + NAME='\\x'
    printf '%s' "$output" | python3 -m json.tool >/dev/null
    json_ok '[r["name"] for r in d["things"]] == [r"/b\xff", "/b\u00ff", r"/b\x5cxff", "/b\\", r"\\x5cx"]'
    # The decoding rule gives every name back, byte for byte.
    output=$(printf '%s' "$output" | python3 -c '
import json, sys
for r in json.load(sys.stdin)["things"]:
    print(r["name"])
' | unescape)
    assert_output - <<'EOF'
b'/b\xff'
b'/b\xc3\xbf'
b'/b\\xff'
b'/b\\'
b'\\\\x'
EOF
}

@test "table, raw and stat: names that differ stay distinct, UTF-8 as it is in a UTF-8 locale" {
    local mode
    for mode in "-n" "-rn"; do
        echo "checking: $mode"
        run -0 env LC_ALL=C.UTF-8 lib-driver table $mode -o name NAME=$'/b\xff' \
            + NAME=$'/b\xc3\xbf' + NAME='/b\xff' + NAME='a\b'
        assert_output $'/b\\xff\n/b\xc3\xbf\n/b\\x5cxff\na\\b'
        output=$(printf '%s\n' "$output" | unescape)
        assert_output - <<'EOF'
b'/b\xff'
b'/b\xc3\xbf'
b'/b\\xff'
b'a\\b'
EOF
    done
    run -0 env LC_ALL=C.UTF-8 lib-driver table --stat -o name NAME=$'/b\xff' \
        + NAME=$'/b\xc3\xbf' + NAME='/b\xff'
    assert_output $'NAME: /b\\xff\n\nNAME: /b\xc3\xbf\n\nNAME: /b\\x5cxff'
    # --raw escapes blanks, UTF-8 ones too, but not the letters around.
    run -0 env LC_ALL=C.UTF-8 lib-driver table -rn -o name NAME=$'\xc3\xa9 \xe3\x80\x80\xc3\xbc\t.'
    assert_output $'\xc3\xa9\\x20\\xe3\\x80\\x80\xc3\xbc\\x09.'
    # In the C locale, every byte past ASCII is escaped, as before.
    run -0 env LC_ALL=C lib-driver table -rn -o name NAME=$'/b\xc3\xbf'
    assert_output '/b\xc3\xbf'
}

@test "lists: a comma in an item, a comma or colon in a command name cannot forge an entry" {
    local mode
    for mode in "-n" "-rn" "--stat -n"; do
        echo "checking: $mode"
        run -0 lib-driver table $mode -o items PROCESS='12345:x,1:init' \
            PROCESS='7:sh' ITEMS='a,b' PROCESS='8:\x2c'
        assert_output '12345:x\x2c1\x3ainit,7:sh,a\x2cb,8:\x5cx2c'
    done
    # JSON has each command name as it is (the \x rule aside), each
    # process the typed object of SPEC 4.
    run -0 lib-driver table -J -o items PROCESS='12345:x,1:init' ITEMS='a,b' \
        PROCESS='8:\x2c'
    json_ok 'd["things"][0]["items"] == [{"pid": 12345, "command": "x,1:init"}, "a,b", {"pid": 8, "command": r"\x5cx2c"}]'
}

@test "JSON: a listing ends with its closing brace, an empty one has []" {
    run -0 lib-driver table -J
    assert_output $'{\n   "things": []\n}'
    run -0 bash -c 'lib-driver table -J | od -An -c -w64 | tr -s " "'
    assert_output ' { \n " t h i n g s " : [ ] \n } \n'
    run -0 bash -c 'lib-driver table -J -o name NAME=a | tail -c 9 | od -An -c -w64 | tr -s " "'
    assert_output ' } \n ] \n } \n'
}

@test "stat: COLUMN: value lines, blocks separated by an empty line" {
    run -0 lib-driver table --stat NAME=alpha COUNT=2 SIZE=1536 ITEMS=a ITEMS=b \
        + NAME=$'two\nlines'
    assert_output - <<'EOF'
NAME: alpha
COUNT: 2
SIZE: 1.5K
ITEMS: a,b

NAME: two\x0alines
COUNT:
SIZE:
ITEMS:
EOF
    run -0 lib-driver table --stat -b -o size,note SIZE=1536 NOTE=n
    assert_output $'SIZE: 1536\nNOTE: <n>'
}

@test "stat: -n prints only values, so -o COL -n is a bare value" {
    run -0 lib-driver table --stat -o COUNT -n COUNT=42 NAME=x
    assert_output 42
    run -0 lib-driver table --stat -n NAME=x COUNT=7 ITEMS=p ITEMS=q
    assert_output $'x\n7\n\np,q'
    # For a shell: n=$(ipc-mq stat -o CURMSGS -n /jobs)
    n=$(lib-driver table --stat -o size -n -b SIZE=4096)
    [ "$n" = 4096 ]
}

@test "stat: -J is one JSON object for one row, an array for several" {
    run -0 lib-driver table --stat -J NAME=$'x"\\' COUNT=2 ITEMS=a ITEMS=b
    printf '%s' "$output" | python3 -m json.tool >/dev/null
    json_ok 'd == {"name": "x\"\\", "count": 2, "size": None, "items": ["a", "b"]}'
    run -0 lib-driver table --stat -J -o count,note COUNT=1 + COUNT=2 NOTE=z
    json_ok 'd == [{"count": 1, "note": None}, {"count": 2, "note": "<z>"}]'
    run -0 lib-driver table --stat -J
    json_ok 'd == []'
    run -0 lib-driver table --stat -J -o size SIZE=65536
    json_ok 'd == {"size": 65536}'
}

@test "table and stat: writing to a full disk fails" {
    local mode
    for mode in "" "-J" "-r" "--stat" "--stat -J"; do
        echo "checking: $mode"
        run -1 bash -c "lib-driver table $mode NAME=x COUNT=1 >/dev/full"
        assert_output --partial 'write error'
    done
}

# ---- /proc/locks ----

@test "locks: holders, waiters, OFD locks, EOF, ranges and odd devices" {
    run -0 lib-driver locks "$DATA/locks-sample"
    assert_output - <<'EOF'
1 holding POSIX ADVISORY WRITE 1234 08:01:12345 0 EOF
1 waiting POSIX ADVISORY WRITE 1240 08:01:12345 0 EOF
2 holding FLOCK ADVISORY READ 1235 00:2d:555 0 EOF
2 waiting FLOCK ADVISORY WRITE 1236 00:2d:555 0 EOF
2 waiting FLOCK ADVISORY WRITE 1237 00:2d:555 0 EOF
3 holding OFDLCK ADVISORY READ -1 fe:00:9876543210 100 199
4 holding LEASE ACTIVE READ 4242 103:1a2b3:77 0 EOF
5 holding DELEG ACTIVE READ 4243 00:00:0 0 EOF
6 holding POSIX ADVISORY WRITE 99 ff:ff:18446744073709551615 9223372036854775807 EOF
EOF
}

@test "locks: malformed, overlong and NUL-holding lines are skipped" {
    run -0 lib-driver locks "$DATA/locks-malformed"
    assert_output - <<'EOF'
8 holding POSIX ADVISORY WRITE 1234 08:01:5 0 EOF
10 holding FLOCK ADVISORY WRITE 77 08:01:6 0 EOF
11 holding FLOCK ADVISORY READ 78 08:01:7 5 6
EOF
    : > "$TEST_DIR/empty"
    run -0 lib-driver locks "$TEST_DIR/empty"
    assert_output ''
    run -1 lib-driver locks "$TEST_DIR/missing"
    assert_output --partial 'No such file or directory'
}

@test "locks: a long /proc/locks is read whole" {
    local i
    for ((i = 1; i <= 5000; i++)); do
        echo "$i: FLOCK  ADVISORY  WRITE $i 08:01:$i 0 EOF"
        echo "$i: -> FLOCK  ADVISORY  WRITE $((i + 1)) 08:01:$i 0 EOF"
    done > "$TEST_DIR/long"
    run -0 lib-driver locks "$TEST_DIR/long"
    [ "${#lines[@]}" -eq 10000 ]
    assert_line -n 9999 '5000 waiting FLOCK ADVISORY WRITE 5001 08:01:5000 0 EOF'
}

@test "grow: arrays grow by half again and one from 8, keeping what they hold" {
    run -0 lib-driver grow 20 4
    assert_output $'8\n13\n20'
    run -0 lib-driver grow 100000 3
    assert_line -n -1 106708
}

@test "grow: a room of 0 or 1 grows too" {
    run -0 lib-driver grow 5 4 0
    assert_output $'1\n2\n4\n7'
}

@test "grow: a size that would overflow is ENOMEM, not a small array" {
    run -1 lib-driver grow 3 4E
    assert_output 'lib-driver: growing past 0 elements: Cannot allocate memory'
}

# Print the device of FILE as /proc/locks writes it ("fe:00").
dev_of() {
    printf '%02x:%02x' "$(stat -c %Hd "$1")" "$(stat -c %Ld "$1")"
}

# Start python3 in the background locking FILE with KIND (flock, posix,
# ofd) as it opened it on a descriptor it writes to READY.
start_locker() {
    bg python3 -c '
import fcntl, os, struct, sys, time
path, kind, ready = sys.argv[1:]
fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
if kind == "ofd":
    fcntl.fcntl(fd, fcntl.F_OFD_SETLKW,
                struct.pack("hh4xqqi4x", fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0))
elif kind == "posix":
    fcntl.lockf(fd, fcntl.LOCK_EX)
else:
    fcntl.flock(fd, fcntl.LOCK_EX)
with open(ready + ".tmp", "w") as f:
    f.write(str(fd))
os.rename(ready + ".tmp", ready)
time.sleep(300)
' "$@"
}

@test "locks: the parser sees a real flock(2) lock and its waiter" {
    local f=$TEST_DIR/lockfile ino dev holder
    : > "$f"
    ino=$(stat -c %i "$f")
    dev=$(dev_of "$f")
    start_locker "$f" flock "$TEST_DIR/ready1"
    holder=$BG_PID
    wait_until 10 test -e "$TEST_DIR/ready1"
    # flock(1) waits for the same lock: a "->" line.
    bg flock -x "$f" true
    wait_until 10 bash -c "lib-driver locks | grep -q '^[0-9]* waiting FLOCK ADVISORY WRITE $BG_PID $dev:$ino 0 EOF\$'"
    run -0 lib-driver locks
    assert_line --regexp "^[0-9]+ holding FLOCK ADVISORY WRITE $holder $dev:$ino 0 EOF\$"
}

@test "locks: OFD locks have no PID, POSIX waiters have theirs" {
    local f=$TEST_DIR/lockfile ino dev
    : > "$f"
    ino=$(stat -c %i "$f")
    dev=$(dev_of "$f")
    start_locker "$f" ofd "$TEST_DIR/ready1"
    wait_until 10 test -e "$TEST_DIR/ready1"
    start_locker "$f" posix "$TEST_DIR/ready2"
    wait_until 10 bash -c "lib-driver locks | grep -q '^[0-9]* waiting POSIX ADVISORY WRITE $BG_PID $dev:$ino 0 EOF\$'"
    run -0 lib-driver locks
    assert_line --regexp "^[0-9]+ holding OFDLCK ADVISORY WRITE -1 $dev:$ino 0 EOF\$"
}

@test "locks: the lock: lines of /proc/PID/fdinfo/FD parse as /proc/locks" {
    local f=$TEST_DIR/lockfile ino dev fd
    : > "$f"
    ino=$(stat -c %i "$f")
    dev=$(dev_of "$f")
    start_locker "$f" posix "$TEST_DIR/ready"
    wait_until 10 test -e "$TEST_DIR/ready"
    fd=$(cat "$TEST_DIR/ready")
    run -0 lib-driver locks "/proc/$BG_PID/fdinfo/$fd"
    assert_output --regexp "^[0-9]+ holding POSIX ADVISORY WRITE $BG_PID $dev:$ino 0 EOF\$"
    # Descriptors without locks have none.
    run -0 lib-driver locks "/proc/$BG_PID/fdinfo/0"
    assert_output ''
}

# ---- processes ----

@test "comm: the command name of a process, and PID:COMMAND" {
    bg sleep 300
    wait_until 10 grep -qx sleep "/proc/$BG_PID/comm"
    run -0 lib-driver comm "$BG_PID"
    assert_output $'sleep\n'"$BG_PID:sleep"
    # Names may hold blanks.
    ln -s "$(command -v sleep)" "$TEST_DIR/my sleep"
    bg "$TEST_DIR/my sleep" 300
    wait_until 10 grep -qx 'my sleep' "/proc/$BG_PID/comm"
    run -0 lib-driver comm "$BG_PID"
    assert_output $'my sleep\n'"$BG_PID:my sleep"
}

@test "comm: a process that is gone is '?'" {
    bash -c 'exit 0' &
    local pid=$!
    wait "$pid"
    [ ! -e "/proc/$pid" ] || skip "PID $pid was reused"
    run -0 lib-driver comm "$pid"
    assert_output $'?\n'"$pid:?"
}

@test "fds: the open descriptors of a process, in order, with their targets" {
    local f=$TEST_DIR/data.txt
    echo hello > "$f"
    bg sleep 300 3<"$f" 7>>"$f" 12</dev/null
    wait_until 10 grep -qx sleep "/proc/$BG_PID/comm"
    run -0 lib-driver fds "$BG_PID"
    assert_line "$BG_PID 3 $f"
    assert_line "$BG_PID 7 $f"
    assert_line "$BG_PID 12 /dev/null"
    # In increasing order of descriptor.
    printf '%s\n' "${lines[@]}" | cut -d' ' -f2 | sort -n -c
    # Every process: the walk over /proc finds it too.
    run -0 lib-driver fds 0
    assert_line "$BG_PID 3 $f"
    assert_line --regexp "^$$ [0-9]+ "
}

@test "fds: a missing process is an error" {
    run -1 lib-driver fds 2147483647
    assert_output --partial 'No such process'
}

@test "fdinfo: position, flags, inode and lock count of a descriptor" {
    local f=$TEST_DIR/data.txt
    printf 'abcdef\n' > "$f"
    bg bash -c 'read -r -N 3 x <&3; exec sleep 300' 3<"$f" 4>>"$f"
    wait_until 10 grep -qx sleep "/proc/$BG_PID/comm"
    run -0 lib-driver fdinfo "$BG_PID" 3
    assert_line 'pos 3'
    assert_line "ino $(stat -c %i "$f")"
    assert_line 'locks 0'
    assert_line --regexp '^mnt_id [0-9]+$'
    local flags
    flags=$(lib-driver fdinfo "$BG_PID" 3 | sed -n 's/^flags //p')
    (( (flags & 3) == 0 ))              # O_RDONLY
    flags=$(lib-driver fdinfo "$BG_PID" 4 | sed -n 's/^flags //p')
    (( (flags & 3) == 1 ))              # O_WRONLY
    (( (flags & 02000) != 0 ))          # O_APPEND

    # A descriptor holding a lock shows it.
    start_locker "$TEST_DIR/lockfile" flock "$TEST_DIR/ready"
    wait_until 10 test -e "$TEST_DIR/ready"
    run -0 lib-driver fdinfo "$BG_PID" "$(cat "$TEST_DIR/ready")"
    assert_line 'locks 1'
    assert_line "ino $(stat -c %i "$TEST_DIR/lockfile")"
}

@test "fdinfo: a closed descriptor or a missing process is an error" {
    bg sleep 300
    run -1 lib-driver fdinfo "$BG_PID" 999
    assert_output --partial 'Bad file descriptor'
    run -1 lib-driver fdinfo 2147483647 0
    assert_output --partial 'No such process'
}

@test "status: name, real UID and ignored signals" {
    bg bash -c "trap '' USR1 HUP; exec sleep 300"
    wait_until 10 grep -qx sleep "/proc/$BG_PID/comm"
    run -0 lib-driver status "$BG_PID"
    assert_line 'name sleep'
    assert_line "uid $(id -ru)"
    local ign
    ign=$(lib-driver status "$BG_PID" | sed -n 's/^sigign //p')
    (( (0x$ign & (1 << (10 - 1))) != 0 ))   # SIGUSR1
    (( (0x$ign & (1 << (1 - 1))) != 0 ))    # SIGHUP
    (( (0x$ign & (1 << (12 - 1))) == 0 ))   # SIGUSR2
    [ "$(grep SigIgn "/proc/$BG_PID/status" | cut -f2)" = "$ign" ]
}

@test "status: blocked, pending and caught signals" {
    bg python3 -c '
import signal, sys, time
signal.signal(signal.SIGUSR2, lambda *a: None)
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
open(sys.argv[1], "w").close()
time.sleep(300)
' "$TEST_DIR/ready"
    wait_until 10 test -e "$TEST_DIR/ready"
    kill -USR1 "$BG_PID"
    wait_until 10 bash -c "lib-driver status $BG_PID | grep -q '^shdpnd 0*200\$'"
    run -0 lib-driver status "$BG_PID"
    assert_line 'name python3'
    assert_line --regexp '^sigblk 0*200$'
    local cgt
    cgt=$(lib-driver status "$BG_PID" | sed -n 's/^sigcgt //p')
    (( (0x$cgt & (1 << (12 - 1))) != 0 ))   # SIGUSR2
}

@test "status: a missing process is an error" {
    run -1 lib-driver status 2147483647
    assert_output --partial 'No such process'
}

@test "maps: a file that a process maps, path with blanks included" {
    local f="$TEST_DIR/mapped file"
    head -c 8192 /dev/zero > "$f"
    bg python3 -c '
import mmap, sys, time
f = open(sys.argv[1], "r+b")
m = mmap.mmap(f.fileno(), 8192, mmap.MAP_SHARED)
open(sys.argv[2], "w").close()
time.sleep(300)
' "$f" "$TEST_DIR/ready"
    wait_until 10 test -e "$TEST_DIR/ready"
    run -0 lib-driver maps "$BG_PID"
    local dev ino
    dev=$(printf '%02x:%02x' "$(stat -c %Hd "$f")" "$(stat -c %Ld "$f")")
    ino=$(stat -c %i "$f")
    assert_line --regexp "^$BG_PID [0-9a-f]+-[0-9a-f]+ rw-s 0 $dev $ino $f\$"
    # Anonymous mappings have an empty path or a [name].
    assert_line --regexp "^$BG_PID [0-9a-f]+-[0-9a-f]+ r.-p [0-9a-f]+ 00:00 0 \[stack\]\$"
    # The walk over every process finds it.
    run -0 bash -c "lib-driver maps 0 | grep -c ' $ino $f\$'"
    assert_output 1
}

@test "maps: a missing process is an error" {
    run -1 lib-driver maps 2147483647
    assert_output --partial 'No such process'
}

@test "pids: every process, in increasing order" {
    bg sleep 300
    run -0 lib-driver pids
    assert_line 1
    assert_line "$$"
    assert_line "$BG_PID"
    printf '%s\n' "${lines[@]}" | sort -n -c -u
}

# ---- descriptors, deadlines, handlers ----

# with_sigalrm_blocked CMD...: run CMD with SIGALRM blocked in the mask
# it inherits, as a python parent may leave it.
with_sigalrm_blocked() {
    python3 -c 'import os, signal, sys
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])
os.execvp(sys.argv[1], sys.argv[1:])' "$@"
}

@test "fd: ipc_fd_open and ipc_fd_pipe never return 0-2, which stay closed" {
    lib-driver fd-open /dev/null inherit "$TEST_DIR/r" <&- >&- 2>&-
    run cat "$TEST_DIR/r"
    assert_output $'fd high inherit\n0 closed\n1 closed\n2 closed'
    lib-driver fd-open /dev/null cloexec "$TEST_DIR/r" >&-
    run cat "$TEST_DIR/r"
    assert_output $'fd high cloexec\n0 open\n1 closed\n2 open'
    lib-driver fd-pipe "$TEST_DIR/r" <&- >&- 2>&-
    run cat "$TEST_DIR/r"
    assert_output $'fd high cloexec\nfd high cloexec\n0 closed\n1 closed\n2 closed'
    # With 0-2 open, nothing changes.
    lib-driver fd-open /dev/null inherit "$TEST_DIR/r"
    run cat "$TEST_DIR/r"
    assert_output $'fd high inherit\n0 open\n1 open\n2 open'
}

@test "deadline: a timeout is -1/ETIMEDOUT, also with SIGALRM blocked, and the mask is restored" {
    touch "$TEST_DIR/f"
    bg flock "$TEST_DIR/f" sleep 300
    wait_until 10 bash -c "! flock -n '$TEST_DIR/f' true"
    elapsed_ms with_sigalrm_blocked lib-driver deadline-flock "$TEST_DIR/f" 300ms
    [ "$status" -eq 124 ]
    [ "$ELAPSED_MS" -ge 280 ]
    [ "$ELAPSED_MS" -lt 5000 ]
    run -124 with_sigalrm_blocked lib-driver deadline-flock "$TEST_DIR/f" 0.1
    assert_output $'ETIMEDOUT\nSIGALRM blocked default not-pending'
    run -124 lib-driver deadline-flock "$TEST_DIR/f" 0.1
    assert_output $'ETIMEDOUT\nSIGALRM unblocked default not-pending'
    # An ignored SIGALRM stays ignored; a pending blocked one stays pending.
    run -124 python3 -c 'import os, signal, sys
signal.signal(signal.SIGALRM, signal.SIG_IGN)
os.execvp(sys.argv[1], sys.argv[1:])' lib-driver deadline-flock "$TEST_DIR/f" 0.1
    assert_output $'ETIMEDOUT\nSIGALRM unblocked ignored not-pending'
    run -124 python3 -c 'import os, signal, sys
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])
os.kill(os.getpid(), signal.SIGALRM)
os.execvp(sys.argv[1], sys.argv[1:])' lib-driver deadline-flock "$TEST_DIR/f" 0.1
    assert_output $'ETIMEDOUT\nSIGALRM blocked default pending'
    run -124 lib-driver deadline-flock "$TEST_DIR/f" 0
    assert_output --partial ETIMEDOUT
}

@test "deadline: the lock is taken when freed before the deadline" {
    touch "$TEST_DIR/f"
    flock_briefly "$TEST_DIR/f" 0.3
    run -0 with_sigalrm_blocked lib-driver deadline-flock "$TEST_DIR/f" 20s
    assert_output $'locked\nSIGALRM blocked default not-pending'
}

@test "handlers: SA_RESTART unless asked to interrupt; ignored signals kept ignored" {
    run -0 lib-driver handler restart
    assert_output "read 1"
    run -0 lib-driver handler interrupt
    assert_output EINTR
    run -0 lib-driver handler unless-ignored
    assert_output "read 1"
    run -0 bash -c "trap '' USR1; lib-driver handler unless-ignored"
    assert_output ignored
}

# ---- users: who has objects open or mapped, in one walk (ipc-users) ----

# key_of FILE: the "MAJOR:MINOR INODE" of FILE as 'lib-driver users'
# prints it.
key_of() { stat -L -c '%Hd:%Ld %i' "$1"; }

@test "users: the descriptors on the files sought, with their access mode" {
    local f=$TEST_DIR/a g=$TEST_DIR/b
    echo a > "$f"
    echo b > "$g"
    bg sleep 300 3<"$f" 4>>"$f" 5<>"$g"
    local p1=$BG_PID
    bg sleep 300 6<"$g"
    local p2=$BG_PID
    wait_until 10 test -e "/proc/$p1/fd/5"
    wait_until 10 test -e "/proc/$p2/fd/6"
    local kf kg
    kf=$(key_of "$f")
    kg=$(key_of "$g")
    run -0 lib-driver users -f "$f" "$g"
    assert_line "$kf $p1 3 r"
    assert_line "$kf $p1 4 w"
    assert_line "$kg $p1 5 rw"
    assert_line "$kg $p2 6 r"
    [ "${#lines[@]}" -eq 4 ]
    # Sorted by object, then process, then descriptor.
    printf '%s\n' "${lines[@]}" | sort -c -k1,1 -k2,2n -k3,3n -k4,4n
    # Only the processes asked for; one that does not exist is no error.
    run -0 lib-driver users -f -p "$p2" -p 2147483647 "$f" "$g"
    assert_output "$kg $p2 6 r"
    run -0 lib-driver users -f -p 2147483647 "$f"
    assert_output ""
    # Mappings are not descriptors: none here.
    run -0 lib-driver users -m "$f" "$g"
    assert_output ""
}

@test "users: the one who looks leaves itself out on request" {
    local f=$TEST_DIR/a
    echo a > "$f"
    exec 7<"$f"
    # The shell and the driver it starts hold fd 7.
    lib-driver users -f "$f" > "$TEST_DIR/all"
    lib-driver users -f -x "$f" > "$TEST_DIR/skip"
    exec 7<&-
    run -0 grep -c " 7 r\$" "$TEST_DIR/all"
    assert_output 2
    run -0 cat "$TEST_DIR/skip"
    assert_output "$(key_of "$f") $BASHPID 7 r"
}

@test "users: a mapping once per process, however many; a whole device" {
    local f=$TEST_DIR/mapped
    head -c 16384 /dev/zero > "$f"
    bg python3 -c '
import mmap, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR)
a = mmap.mmap(fd, 4096, mmap.MAP_SHARED, offset=0)
b = mmap.mmap(fd, 4096, mmap.MAP_SHARED, offset=8192)
os.close(fd)
open(sys.argv[2], "w").close()
time.sleep(300)
' "$f" "$TEST_DIR/ready"
    wait_until 10 test -e "$TEST_DIR/ready"
    local k
    k=$(key_of "$f")
    [ "$(grep -c " $(stat -c %i "$f") " "/proc/$BG_PID/maps")" -ge 2 ]
    run -0 lib-driver users -m "$f"
    assert_output "$k $BG_PID -1 m"
    # The device of the file: its mapping among every object there.
    run -0 lib-driver users -m -p "$BG_PID" "dev:$f"
    assert_line "$k $BG_PID -1 m"
    # python's mmap keeps a descriptor of its own on the file.
    run -0 lib-driver users -f -m -p "$BG_PID" "$f"
    assert_line "$k $BG_PID -1 m"
    assert_line --regexp "^$k $BG_PID [0-9]+ rw\$"
}

@test "users: pipes and FIFOs by type, with the end each process holds" {
    local fifo=$TEST_DIR/fifo
    mkfifo "$fifo"
    # The writer on the other end of fd 4 is started by the same shell,
    # in the process group that teardown kills (a process substitution of
    # the test itself would outlive it).
    # shellcheck disable=SC2016 # expanded by the inner bash
    bg bash -c 'exec 3<>"$1" 4< <(exec sleep 300) </dev/null >/dev/null 2>&1
                exec sleep 300' bash "$fifo"
    local p=$BG_PID
    # Ready once it is the final sleep: fd 4 appears before bash has
    # redirected 0, 1 and 2, which are pipes of bats until then.
    wait_until 10 grep -qx sleep "/proc/$p/comm"
    run -0 lib-driver users -F -f -p "$p"
    assert_line "$(key_of "$fifo") $p 3 rw"
    assert_line "$(key_of "/proc/$p/fd/4") $p 4 r"
    # /dev/null is not a FIFO: not found by type.
    refute_line --regexp " $p [012] "
}

@test "users: System V segments by their id, from the maps" {
    bg python3 -c '
import ctypes, sys, time
libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
shmid = libc.shmget(0, 4096, 0o1600)          # IPC_PRIVATE, IPC_CREAT
if shmid < 0 or libc.shmat(shmid, None, 0) in (None, ctypes.c_void_p(-1).value):
    sys.exit(1)
libc.shmctl(shmid, 0, None)                    # IPC_RMID: gone once detached
open(sys.argv[1], "w").write(str(shmid))
time.sleep(300)
' "$TEST_DIR/shmid"
    wait_until 10 test -s "$TEST_DIR/shmid"
    local id
    id=$(cat "$TEST_DIR/shmid")
    run -0 lib-driver users -m -s -p "$BG_PID"
    assert_output --regexp "^[0-9]+:[0-9]+ $id $BG_PID -1 m\$"
    run -0 lib-driver users -m -s
    assert_line --regexp "^[0-9]+:[0-9]+ $id $BG_PID -1 m\$"
}

@test "users: processes that come and go during the walk are no error" {
    bg sh -c 'while :; do /bin/true; done'
    local i
    for i in 1 2 3 4 5 6 7 8 9 10; do
        run -0 lib-driver users -f -m -F "dev:/proc/self/exe"
    done
}

@test "locks: ipc_lock_take times out as -1/ETIMEDOUT; ipc_lock_open refuses what is not a regular file" {
    touch "$TEST_DIR/f"
    bg flock "$TEST_DIR/f" sleep 300
    wait_until 10 bash -c "! flock -n '$TEST_DIR/f' true"
    run -124 lib-driver lock "$TEST_DIR/f" flock exclusive 100ms
    assert_output ETIMEDOUT
    run -124 lib-driver lock "$TEST_DIR/f" flock shared 0
    assert_output ETIMEDOUT
    run -0 lib-driver lock "$TEST_DIR/f" ofd exclusive 0
    assert_output locked
    mkfifo "$TEST_DIR/fifo"
    run -1 timeout 10 lib-driver lock "$TEST_DIR/fifo" flock exclusive 0
    assert_output EINVAL
    ln -s f "$TEST_DIR/link"
    run -1 lib-driver lock "$TEST_DIR/link" flock exclusive 0
    assert_output ELOOP
}

# --- limits: the sysctl reader and the table of limits ----------------------

@test "sysctl: each field of a multi-field setting (kernel.sem), and single ones" {
    local -a sem
    read -r -a sem </proc/sys/kernel/sem
    local field
    for field in 0 1 2 3; do
        run -0 lib-driver sysctl kernel.sem "$field"
        assert_output "${sem[$field]}"
    done
    run -0 lib-driver sysctl fs.mqueue.msg_max
    assert_output "$(cat /proc/sys/fs/mqueue/msg_max)"
    run -0 lib-driver sysctl fs.pipe-max-size
    assert_output "$(cat /proc/sys/fs/pipe-max-size)"
}

@test "sysctl: a missing field or setting, text and odd names are errors" {
    run -1 lib-driver sysctl kernel.sem 4
    assert_output "lib-driver: kernel.sem: Protocol error"
    run -1 lib-driver sysctl kernel.hostname
    assert_output "lib-driver: kernel.hostname: Protocol error"
    run -1 lib-driver sysctl kernel.no-such-setting
    assert_output "lib-driver: kernel.no-such-setting: No such file or directory"
    run -1 lib-driver sysctl ../../etc/passwd
    assert_output "lib-driver: ../../etc/passwd: Invalid argument"
    run -1 lib-driver sysctl ""
    assert_output "lib-driver: : Invalid argument"
}

@test "limits: a request over a setting names it with its value; one within it does not" {
    local max
    max=$(cat /proc/sys/fs/mqueue/msg_max)
    run -0 lib-driver limit mq-posix EINVAL $((max + 1)) 0 0
    assert_output "maxmsg $((max + 1)) exceeds fs.mqueue.msg_max ($max)"
    run -1 lib-driver limit mq-posix EINVAL "$max" 0 0
    assert_output "lib-driver: no limit: No such file or directory"
    # The second row of the same error applies when the first does not.
    max=$(cat /proc/sys/fs/mqueue/msgsize_max)
    run -0 lib-driver limit mq-posix EINVAL 1 $((max + 1)) 0
    assert_output "msgsize $((max + 1)) exceeds fs.mqueue.msgsize_max ($max)"
    # Another error than the row's: no explanation.
    run -1 lib-driver limit mq-posix EACCES 99999 99999 0
    max=$(cat /proc/sys/kernel/msgmnb)
    run -0 lib-driver limit mq-sysv EPERM 3 $max $((3 * max))
    assert_output "capacity $((3 * max)) bytes (maxmsg 3 x msgsize $max) exceeds kernel.msgmnb ($max)"
}

@test "limits: used-up limits, rlimits, fields of kernel.sem, file systems and constants" {
    run -0 bash -c 'ulimit -q 4096; lib-driver limit mq-posix EMFILE 0 0 0'
    assert_output "the user's queues would exceed RLIMIT_MSGQUEUE (4096 bytes; see 'ulimit -q'); a queue reserves about maxmsg x msgsize bytes"
    local -a sem
    read -r -a sem </proc/sys/kernel/sem
    run -0 lib-driver limit sem-sysv EINVAL $((sem[0] + 1)) 0 0
    assert_output "nsems $((sem[0] + 1)) exceeds kernel.sem SEMMSL (${sem[0]})"
    run -0 lib-driver limit sem-posix EINVAL 0 4294967296 0
    assert_output "value 4294967296 exceeds SEM_VALUE_MAX (2147483647)"
    local shm
    shm=$(( $(stat -f -c '%b * %S' /dev/shm) ))
    run -0 lib-driver limit shm-posix ENOSPC 0 $((shm + 1)) 0
    assert_output "size $((shm + 1)) exceeds the size of /dev/shm ($shm bytes)"
}

@test "limits: of two limits behind one errno, the count of objects tells which" {
    # Far from kernel.msgmni here: that row does not apply.
    run -1 lib-driver limit mq-sysv ENOSPC 0 0 0
    unshare --ipc true 2>/dev/null || skip "needs root: unshare --ipc"
    # In a namespace of our own, whose IPC settings are its own.
    run -0 unshare --ipc sh -c 'echo 1 >/proc/sys/kernel/msgmni && ipcmk -Q >/dev/null &&
        lib-driver limit mq-sysv ENOSPC 0 0 0'
    assert_output "there are already kernel.msgmni (1) queues"
    run -0 unshare --ipc sh -c 'echo 1 >/proc/sys/kernel/shmmni && ipcmk -M 4096 >/dev/null &&
        lib-driver limit shm-sysv ENOSPC 0 0 0 && echo 2 >/proc/sys/kernel/shmmni &&
        lib-driver limit shm-sysv ENOSPC 0 0 0'
    assert_output "there are already kernel.shmmni (1) segments
the segments would exceed kernel.shmall ($(cat /proc/sys/kernel/shmall) pages of $(getconf PAGESIZE) bytes)"
    run -0 unshare --ipc sh -c 'echo "250 32000 32 1" >/proc/sys/kernel/sem && ipcmk -S 1 >/dev/null &&
        lib-driver limit sem-sysv ENOSPC 0 0 0 && echo "250 32000 32 2" >/proc/sys/kernel/sem &&
        lib-driver limit sem-sysv ENOSPC 0 0 0'
    assert_output "there are already kernel.sem SEMMNI (1) sets
the sets would exceed kernel.sem SEMMNS (32000 semaphores)"
}

@test "sysv-key: the key to create with; key 0 given as a key, and other forms, are EINVAL" {
    run -0 lib-driver sysv-key private
    assert_output "0x00000000"
    run -0 lib-driver sysv-key key:0x162e
    assert_output "0x0000162e"
    run -0 lib-driver sysv-key "path:$BATS_TEST_FILENAME:7"
    assert_output --regexp '^0x07[0-9a-f]{6}$'
    run -1 lib-driver sysv-key key-0
    assert_output --partial "sysv-key: Invalid argument"
    run -1 lib-driver sysv-key /name
    assert_output --partial "sysv-key: Invalid argument"
    run -1 lib-driver sysv-key id:1
    assert_output --partial "sysv-key: Invalid argument"
}

@test "lists on a narrow terminal: cut to fit, ending with +N for the items left out; other columns whole; -r, -J and a pipe whole" {
    local cells=(NAME=/a-name-that-stays-whole COUNT=7) i
    for i in $(seq 1000 1099); do cells+=("PROCESS=$i:python3"); done
    run -0 on_terminal 60 lib-driver table -o NAME,COUNT,ITEMS "${cells[@]}"
    assert_line --index 0 --regexp '^NAME +COUNT ITEMS$'
    assert_line --index 1 --regexp '^/a-name-that-stays-whole +7 1000:python3,1001:python3,\+98$'
    local line
    for line in "${lines[@]}"; do [ "${#line}" -le 60 ]; done
    # Too narrow for even one item: +N alone, never a cut item; the name
    # is not cut even then.
    run -0 on_terminal 30 lib-driver table -o NAME,ITEMS "${cells[@]}"
    assert_line --index 1 --regexp '^/a-name-that-stays-whole +\+100$'
    # A list that fits is whole; so are lists not on a terminal.
    run -0 on_terminal 60 lib-driver table -o ITEMS PROCESS=1:a PROCESS=2:b
    assert_line --index 1 '1:a,2:b'
    run -0 lib-driver table -n -o ITEMS "${cells[@]}"
    [ "$(tr ',' '\n' <<<"$output" | grep -c python3)" -eq 100 ]
    run -0 on_terminal 60 lib-driver table -r -n -o ITEMS "${cells[@]}"
    [ "$(tr ',' '\n' <<<"$output" | grep -c python3)" -eq 100 ]
    run -0 on_terminal 60 lib-driver table -J -o ITEMS "${cells[@]}"
    [ "$(grep -o '"pid"' <<<"$output" | wc -l)" -eq 100 ]
}

#!/usr/bin/env bats
# The command-line contract of SPEC section 1 that every ipc-* command
# shares: --help, --version, VERB --help, usage errors, and output to a
# full disk.  Each test loops over every command that Makefile.am builds
# (ipc_commands in common.bash), so a new command is covered as soon as it
# is added to bin_PROGRAMS.

bats_require_minimum_version 1.5.0
load common

# The commands under test; the first test makes sure the list is not empty.
commands() { ipc_commands; }

# Say what is being checked, so that a failure names the command.
checking() { echo "checking: $*"; }

@test "every command in bin_PROGRAMS is built, first on PATH, and in SPEC" {
    local cmds cmd src
    cmds=$(commands)
    [ -n "$cmds" ] || fail "no command found in bin_PROGRAMS of $IPC_TOP_SRCDIR/Makefile.am"
    for cmd in $cmds; do
        checking "$cmd"
        assert_equal "$(command -v "$cmd")" "$IPC_TOP_BUILDDIR/utils/$cmd"
        ipc_spec_verbs "$cmd" >/dev/null
    done
    # The reverse: no command source left out: each is a command of
    # bin_PROGRAMS, or a file of a command's _SOURCES (ipc-sock's verbs).
    local sources
    sources=$(awk '/^utils_ipc_[a-z_]*_SOURCES *[+]?=/ { on = 1 }
        on { print } on && !/\\$/ { on = 0 }' "$IPC_TOP_SRCDIR/Makefile.am")
    for src in "$IPC_TOP_SRCDIR"/utils/ipc-*.c; do
        [ -e "$src" ] || continue
        cmd=$(basename "$src" .c)
        checking "$src is built"
        grep -qx "$cmd" <<<"$cmds" \
            || grep -qE "(^|[[:space:]=])utils/$cmd\.c([[:space:]\\]|\$)" <<<"$sources" \
            || fail "$src is neither in bin_PROGRAMS nor in a command's _SOURCES"
    done
}

@test "--help exits 0, prints a usage and lists every verb of SPEC" {
    local cmd verb
    for cmd in $(commands); do
        checking "$cmd --help"
        run -0 --separate-stderr "$cmd" --help
        assert_equal "$stderr" ""
        assert_line --index 0 --regexp "^Usage: $cmd "
        for verb in $(ipc_spec_verbs "$cmd"); do
            checking "$cmd --help lists $verb"
            assert_line --regexp "^[[:space:]]+($cmd[[:space:]]+)?$verb([[:space:],]|\$)"
        done
        checking "$cmd -h"
        run -0 --separate-stderr "$cmd" -h
        assert_line --index 0 --regexp "^Usage: $cmd "
    done
}

@test "--version prints the GNU version block" {
    local cmd version
    version=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' \
              "$IPC_TOP_BUILDDIR/config.h")
    [ -n "$version" ] || fail "no PACKAGE_VERSION in $IPC_TOP_BUILDDIR/config.h"
    for cmd in $(commands); do
        checking "$cmd --version"
        run -0 --separate-stderr "$cmd" --version
        assert_equal "$stderr" ""
        assert_line --index 0 "$cmd (ipc-utils) $version"
        assert_line --index 1 --regexp '^Copyright .*[0-9]{4}'
        assert_line --regexp '^License '
        assert_line --regexp '^Written by '
    done
}

@test "VERB --help prints that verb's usage and exits 0" {
    local cmd verb
    for cmd in $(commands); do
        for verb in $(ipc_spec_verbs "$cmd"); do
            checking "$cmd $verb --help"
            run -0 --separate-stderr "$cmd" "$verb" --help
            assert_equal "$stderr" ""
            assert_line --index 0 --regexp "^Usage: $cmd $verb( |\$)"
        done
    done
}

@test "the long aliases remove, list, info act as rm, ls, stat" {
    local cmd verbs verb alias
    for cmd in $(commands); do
        verbs=" $(ipc_spec_verbs "$cmd") "
        for verb in rm:remove ls:list stat:info; do
            alias=${verb#*:} verb=${verb%:*}
            # Only where the verb exists and the alias is not a verb itself
            # (ipc-signal's 'list' lists signals).
            [[ $verbs == *" $verb "* && $verbs != *" $alias "* ]] || continue
            checking "$cmd $alias --help is $cmd $verb --help"
            run -0 "$cmd" "$verb" --help
            local expected=$output
            run -0 "$cmd" "$alias" --help
            assert_equal "$output" "$expected"
        done
    done
}

# misaligned_continuations: read a --help text and print each line that
# continues a tagged item ("  run       lock LOCKFILE ...") but does not
# start at the column of the item's text.  help2man joins only lines at
# exactly that column; any other indent starts a new paragraph in the man
# page, in the middle of a sentence.  (Option items, which start with '-',
# follow other rules and are not checked.)
misaligned_continuations() {
    awk '
    {
        ind = match($0, /[^ ]/) - 1
        option = substr($0, ind + 1, 1) ~ /[-+]/
        tagged = ind >= 1 && ind <= 10 && match($0, /^ +[^ ]+( [^ ]+)*  +[^ ]/)
        if (col) {
            if (ind == col) next
            # Neither the next item nor the end of the list: a stray line.
            if (ind > tagind && !tagged && !option)
                printf "line %d: %s\n", NR, $0
            col = 0
        }
        if (tagged && !option) {
            tagind = ind
            col = RLENGTH - 1
        }
    }'
}

@test "--help: each item's text continues at its own column (for help2man)" {
    local cmd verb bad
    for cmd in $(commands); do
        for verb in "" $(ipc_spec_verbs "$cmd"); do
            checking "$cmd $verb --help"
            # shellcheck disable=SC2086 # no verb is no word
            run -0 "$cmd" $verb --help
            bad=$(misaligned_continuations <<<"$output")
            [ -z "$bad" ] || fail "continuation lines off the item's column:
$bad"
        done
    done
}

# assert_usage_error CMD [VERB] WORD: stdout is empty and stderr is exactly
# one line naming WORD and the line that suggests --help.
assert_usage_error() {
    local label=$1 word=$2
    assert_equal "$output" ""
    local -a lines
    mapfile -t lines <<<"$stderr"
    assert_equal "${#lines[@]}" 2
    [[ ${lines[0]} == "$label: "*"$word"* ]] \
        || fail "first line is not '$label: ...$word...': ${lines[0]}"
    assert_equal "${lines[1]}" "Try '$label --help' for more information."
}

@test "an unknown verb exits 2 with one error line and a hint" {
    local cmd
    for cmd in $(commands); do
        checking "$cmd frobnicate"
        run -2 --separate-stderr "$cmd" frobnicate
        assert_usage_error "$cmd" frobnicate
    done
}

# own_status CMD VERB: the status of CMD VERB's own failures, usage
# errors and write errors included: 2 for a usage error and 1 for others,
# or 125 for both in the verbs that run a command, where 1 or 2 could be
# the command's own status (as in timeout(1), SPEC 5).
own_status() {
    case "$1 $2" in
    "ipc-lock run" | "ipc-sem run" | "ipc-sock recv-fd" | "ipc-mq serve") echo 125 ;;
    *) echo "$3" ;;
    esac
}

@test "an unknown option exits 2 (run verbs: 125) with one error line and a hint" {
    local cmd verb
    for cmd in $(commands); do
        checking "$cmd --frobnicate"
        run -2 --separate-stderr "$cmd" --frobnicate
        assert_usage_error "$cmd" --frobnicate
        for verb in $(ipc_spec_verbs "$cmd"); do
            checking "$cmd $verb --frobnicate"
            run --separate-stderr "$cmd" "$verb" --frobnicate
            assert_equal "$status" "$(own_status "$cmd" "$verb" 2)"
            assert_usage_error "$cmd $verb" --frobnicate
        done
    done
}

# synopsis CMD VERB: the operands of CMD VERB's usage line, one per line,
# up to a '--' that starts a command ("LOCKFILE", "[MESSAGE]...").
synopsis() {
    "$1" "$2" --help | head -n 1 \
    | sed -e "s/^Usage: $1 $2//" -e 's/ \[OPTION\]\.\.\.//' -e 's/ -- .*//' \
    | tr -s ' ' '\n' | sed '/^$/d'
}

# assert_operand_error CMD VERB STATUS MESSAGE ARG...: CMD VERB ARG...
# exits STATUS with MESSAGE and the hint, and prints nothing.
assert_operand_error() {
    local cmd=$1 verb=$2 expected=$3 message=$4
    shift 4
    checking "$cmd $verb $*: $message"
    # In the C locale, quote() quotes with ASCII quotes.
    run --separate-stderr env LC_ALL=C "$cmd" "$verb" "$@"
    assert_equal "$status" "$expected"
    assert_equal "$output" ""
    local -a lines
    mapfile -t lines <<<"$stderr"
    assert_equal "${#lines[@]}" 2
    assert_equal "${lines[0]}" "$cmd: $message"
    assert_equal "${lines[1]}" "Try '$cmd $verb --help' for more information."
}

@test "too few or too many operands exit 2 (run verbs: 125) naming the operand" {
    local cmd verb word min max usage_status n checked=0
    local -a words dummies command
    for cmd in $(commands); do
        for verb in $(ipc_spec_verbs "$cmd"); do
            mapfile -t words < <(synopsis "$cmd" "$verb")
            # The bounds that the usage line shows: a word in brackets is
            # optional, a word ending in '...' repeats.
            min=0 max=0
            for word in "${words[@]}"; do
                [[ $word == \[* ]] || min=$((min + 1))
                if [[ $word == *... ]]; then max=many; fi
                [ "$max" = many ] || max=$((max + 1))
            done
            usage_status=$(own_status "$cmd" "$verb" 2)
            command=()
            [ "$usage_status" = 2 ] || command=(-- true)
            dummies=()
            for ((n = 1; n <= min; n++)); do dummies+=("operand$n"); done
            if [ "$min" -gt 0 ]; then
                word=${words[min - 1]%...}
                assert_operand_error "$cmd" "$verb" "$usage_status" \
                    "missing $word operand" "${dummies[@]:0:min-1}"
                checked=$((checked + 1))
            fi
            if [ "$max" != many ]; then
                dummies=()
                for ((n = 1; n <= max + 1; n++)); do dummies+=("operand$n"); done
                assert_operand_error "$cmd" "$verb" "$usage_status" \
                    "extra operand 'operand$((max + 1))'" "${dummies[@]}" "${command[@]}"
                checked=$((checked + 1))
            fi
        done
    done
    [ "$checked" -gt 0 ] || fail "no verb was checked"
}

@test "ipc-lock run: '--' may also end the options before the operands" {
    checking "ipc-lock run -- FILE -- CMD"
    run -0 --separate-stderr ipc-lock run -- "$TEST_DIR/lock" -- echo ran
    assert_output ran
    run -0 --separate-stderr ipc-lock run -x -- "$TEST_DIR/lock" -- echo -- ran
    assert_output "-- ran"
    checking "ipc-lock run FILE -s -- CMD: options after the operand, none after '--'"
    run -0 --separate-stderr ipc-lock run "$TEST_DIR/lock" -s -- echo -x
    assert_output "-x"
    checking "ipc-lock run -- FILE: missing command"
    run -125 --separate-stderr ipc-lock run -- "$TEST_DIR/lock"
    assert_regex "$stderr" "missing command"
}

# full_disk_fails CMD ARG...: CMD ARG... writes something to stdout, and
# fails with a write error when stdout is /dev/full (as coreutils does).
full_disk_fails() {
    checking "$* >/dev/full"
    run -0 "$@"
    [ -n "$output" ] || fail "'$*' wrote nothing to stdout"
    run --separate-stderr sh -c '"$@" >/dev/full' sh "$@"
    assert_equal "$status" "$(own_status "$1" "$2" 1)"
    assert_equal "$output" ""
    # With the reason, which stdio no longer knows at exit.
    assert_regex "$stderr" "^$1( [a-z-]+)?: write error: No space left on device\$"
}

@test "--help, --version and VERB --help to a full disk fail with a message" {
    local cmd verb
    for cmd in $(commands); do
        full_disk_fails "$cmd" --help
        full_disk_fails "$cmd" --version
        for verb in $(ipc_spec_verbs "$cmd"); do
            full_disk_fails "$cmd" "$verb" --help
        done
    done
}

# One object per command for 'ls' to show, removed by teardown: 'ls' of an
# empty system may rightly print nothing, which would not test /dev/full.
CLEANUP=()
teardown() {
    local c
    for c in "${CLEANUP[@]}"; do eval "$c" || true; done
    common_teardown
}
ls_fixture() {
    local name=/ipc-cli-test.$$
    case $1 in
    ipc-lock) bg flock "$TEST_DIR/lock" sleep 60
              wait_until 10 grep -q " $BG_PID " /proc/locks ;;
    ipc-mq | ipc-sem)
              "$1" create "$name"; CLEANUP+=("$1 rm $name") ;;
    ipc-shm)  "$1" create "$name" --size 4096; CLEANUP+=("$1 rm $name") ;;
    ipc-pipe) bg sh -c 'sleep 60 | sleep 60' ;;
    esac
}

@test "ls to a full disk exits 1 with a message" {
    local cmd
    for cmd in $(commands); do
        [[ " $(ipc_spec_verbs "$cmd") " == *" ls "* ]] || continue
        ls_fixture "$cmd"
        if [ "$cmd" = ipc-mq ] && ! mqueue_mounted; then
            mq_ls_full_disk_fails_unmounted
        else
            full_disk_fails "$cmd" ls
        fi
    done
}

# 'create private' prints the one name of the new object: when that
# cannot be written (a full or closed stdout), the object is removed
# instead of being left behind with an id nobody was told (issue 17,
# item 12), and the message names it.
@test "create private to a full or closed stdout exits 1 and leaves no object" {
    local cmd table noun size redir id
    for cmd in ipc-shm ipc-sem ipc-mq; do
        case $cmd in
        ipc-shm) table=shm noun=segment size="--size 4096" ;;
        ipc-sem) table=sem noun=set size= ;;
        ipc-mq)  table=msg noun=queue size= ;;
        esac
        for redir in '>/dev/full' '>&-'; do
            checking "$cmd create private $redir"
            # shellcheck disable=SC2086
            run -1 --separate-stderr sh -c "$cmd create private $size $redir"
            assert_equal "$output" ""
            [ "${#stderr_lines[@]}" = 1 ] || fail "expected one line on stderr, got: $stderr"
            assert_regex "$stderr" "^$cmd: cannot write the id of new $noun ([0-9]+) \\(removed\\): (No space left on device|Bad file descriptor)\$"
            id=$(sed 's/.* \([0-9]*\) (removed).*/\1/' <<<"$stderr")
            run -1 awk -v id="$id" 'NR > 1 && $2 == id { found = 1 } END { exit !found }' "/proc/sysvipc/$table"
        done
    done
}

# Without /dev/mqueue (a normal user's fresh machine: common.bash mounts
# it as root) 'ipc-mq ls' fails anyway (tests/ipc-mq.bats checks its
# message); to a full disk it must say 'write error' as well.
mq_ls_full_disk_fails_unmounted() {
    checking "ipc-mq ls >/dev/full, /dev/mqueue not mounted"
    # Only System V queues are listed then: one to show.
    local id
    id=$(ipc-mq create private) || fail "ipc-mq create private failed"
    CLEANUP+=("ipc-mq rm id:$id")
    run -1 --separate-stderr ipc-mq ls
    [ -n "$output" ] || fail "'ipc-mq ls' wrote nothing to stdout"
    assert_regex "$stderr" "^ipc-mq: cannot list POSIX queues: ./dev/mqueue. is not mounted"
    run -1 --separate-stderr sh -c 'ipc-mq ls >/dev/full'
    assert_equal "$output" ""
    [ "${#stderr_lines[@]}" = 2 ] || fail "expected 2 lines on stderr, got: $stderr"
    assert_regex "${stderr_lines[0]}" "is not mounted"
    assert_regex "${stderr_lines[1]}" "^ipc-mq: write error"
}

# libsmartcols is loaded (dlopen) by the first table printed, not at
# start-up: without it, a listing fails with a message that names it, and
# the verbs that print no table still work.  The library is hidden by
# mounting /dev/null over it in a mount namespace of our own.
@test "without libsmartcols, ls fails naming it and other verbs still work" {
    local lib cmd
    lib=$(ldconfig -p | awk '$1 == "libsmartcols.so.1" && /x86-64|64bit/ { print $NF; exit }')
    [ -n "$lib" ] || lib=$(ldconfig -p | awk '$1 == "libsmartcols.so.1" { print $NF; exit }')
    [ -n "$lib" ] || skip "ldconfig does not list libsmartcols.so.1"
    unshare --map-root-user --mount true 2>/dev/null ||
        skip "no mount namespace for this user (unprivileged user namespaces off)"
    hidden() {
        unshare --map-root-user --mount sh -c \
            'mount --bind /dev/null "$1" && shift && exec "$@"' sh "$lib" "$@"
    }
    for cmd in $(commands); do
        [[ " $(ipc_spec_verbs "$cmd") " == *" ls "* ]] || continue
        checking "$cmd ls without libsmartcols"
        run -1 --separate-stderr hidden "$cmd" ls
        assert_equal "$output" ""
        # ipc-mq may first say that /dev/mqueue is not mounted.
        grep -q "^$cmd: cannot print the table: libsmartcols is needed: .*libsmartcols" <<<"$stderr" ||
            fail "no message naming libsmartcols: $stderr"
        run -0 hidden "$cmd" --version
        run -0 hidden "$cmd" stat --help
    done
}

# absent_object CMD: an operand of 'CMD stat' that names nothing: a POSIX
# name or a path for most, a PID above the largest the kernel gives for
# ipc-signal.
absent_object() {
    case $1 in
    ipc-signal) echo $(( $(cat /proc/sys/kernel/pid_max) + 1 )) ;;
    ipc-sock) echo "unix:/ipc-cli-test-$$-absent" ;;
    *) echo "/ipc-cli-test-$$-absent" ;;
    esac
}

@test "messages name the command without its directory, however it was invoked" {
    local cmd path
    for cmd in $(commands); do
        path=$(command -v "$cmd")
        checking "$path"
        # A usage error (our own printer) and an error of the system
        # (gnulib/glibc's error ()) alike.
        run -2 env LC_ALL=C "$path" no-such-verb
        assert_line --index 0 --regexp "^$cmd: "
        run -1 env LC_ALL=C "$path" stat "$(absent_object "$cmd")"
        assert_line --index 0 --regexp "^$cmd: "
    done
}

# ---- names in listings (ipc-table.h: one escaping rule for all) ----

# decode_names PREFIX: from the JSON listing of 'ipc-shm ls -J' on
# stdin, the names that start with PREFIX, decoded back to bytes by the
# rule of the man pages (each \xHH is one byte), sorted, one repr a line.
decode_names() {
    python3 -c '
import json, re, sys
names = [s["name"] for s in json.load(sys.stdin)["segments"]]
for n in sorted(re.sub(rb"\\x([0-9a-f]{2})", lambda m: bytes([int(m[1], 16)]),
                       n.encode()) for n in names if n.startswith(sys.argv[1])):
    print(repr(n))
' "$1"
}

@test "ls -J: a name that is not UTF-8 and its UTF-8 twin stay two names that round-trip" {
    local base=ipc-cli-test-$$-$BATS_TEST_NUMBER
    CLEANUP+=("rm -f /dev/shm/$base*")
    # /b\xff and /bÿ: the same string before, "/b\u00ff", for both.
    python3 -c '
import os, sys
for suffix in (b"\xff", "\u00ff".encode(), b"\\xff"):
    os.close(os.open(b"/dev/shm/" + os.fsencode(sys.argv[1]) + suffix,
                     os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
' "$base"
    # (stderr apart: as a normal user, it says that PIDS is partial.)
    run -0 --separate-stderr ipc-shm ls -J
    output=$(printf '%s' "$output" | decode_names "/$base")
    assert_output - <<EOF
b'/$base\\\\xff'
b'/$base\\xc3\\xbf'
b'/$base\\xff'
EOF
    # -r does not escape UTF-8 in a UTF-8 locale; the invalid byte and a
    # backslash followed by x are escaped.
    run -0 env LC_ALL=C.UTF-8 ipc-shm ls -r -n -o NAME
    assert_line "/$base"$'\xc3\xbf'
    assert_line "/$base\\xff"
    assert_line "/$base\\x5cxff"
    refute_line --partial $'\xff'
}

@test "ls: a command name with ',' and ':' cannot forge a PIDS entry" {
    need_exact_lists
    local s=/ipc-cli-test-$$-$BATS_TEST_NUMBER
    ipc-shm create "$s" --size 4096
    CLEANUP+=("ipc-shm rm $s")
    # A process that calls itself "x,1:init" (prctl PR_SET_NAME) and maps
    # the segment.
    bg python3 -c '
import ctypes, mmap, os, sys, time
ctypes.CDLL(None).prctl(15, b"x,1:init", 0, 0, 0)
fd = os.open("/dev/shm" + sys.argv[1], os.O_RDWR)
m = mmap.mmap(fd, 4096)
open(sys.argv[2], "w").close()
time.sleep(300)
' "$s" "$TEST_DIR/ready"
    local pid=$BG_PID
    wait_until 10 test -e "$TEST_DIR/ready"
    run -0 ipc-shm ls -r -n -o NAME,PIDS
    assert_line "$s $pid:x\\x2c1\\x3ainit"
    run -0 ipc-shm stat -o PIDS -n "$s"
    assert_output "$pid:x\\x2c1\\x3ainit"
    run -0 ipc-shm ls
    assert_line --regexp "^$s .* $pid:x\\\\x2c1\\\\x3ainit\$"
    # JSON keeps the name as it is.
    run -0 ipc-shm stat -J -o PIDS "$s"
    assert_output "{
   \"pids\": [{\"pid\": $pid, \"command\": \"x,1:init\", \"use\": \"map\"}]
}"
}

@test "-b, --bytes is offered only by the ls, stat and limits that have a size column" {
    local cmd verb
    # Sizes: SIZE, QUEUED (ipc-pipe), SIZE (ipc-shm), MSGSIZE, USEDBYTES,
    # QBYTES (ipc-mq): -b prints them in bytes.
    for cmd in ipc-mq ipc-shm ipc-pipe; do
        for verb in ls stat; do
            run -0 "$cmd" "$verb" --help
            assert_output --regexp '-b, --bytes +print sizes in bytes'
        done
    done
    # limits: VALUE, USED and LEFT of byte limits.
    for cmd in ipc-mq ipc-shm ipc-sem; do
        run -0 "$cmd" limits --help
        assert_output --regexp '-b, --bytes +print sizes in bytes'
    done
    run -0 ipc-shm ls -b -o NAME
    # No size column: -b is not in the help, and is an unknown option.
    for cmd in "ipc-sem ls" "ipc-sem stat" "ipc-lock ls" "ipc-lock stat" \
               "ipc-sock ls" "ipc-sock stat" "ipc-signal ls" \
               "ipc-signal stat" "ipc-signal list"; do
        # shellcheck disable=SC2086
        run -0 $cmd --help
        refute_output --partial -- '--bytes'
        # shellcheck disable=SC2086
        run -2 $cmd --bytes
        assert_output --partial "unrecognized option '--bytes'"
    done
}

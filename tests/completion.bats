#!/usr/bin/env bats
# Bash completion (completion/ipc-utils.bash): the completion function is
# called as bash calls it on Tab, with COMP_WORDS, COMP_CWORD, COMP_LINE
# and COMP_POINT set, under bash-completion's own framework, and COMPREPLY
# is compared exactly: verbs, each verb's options, signal names, columns
# after -o, and the names of objects that the test made (unique to the run).

bats_require_minimum_version 1.5.0
load common

BASH_COMPLETION=/usr/share/bash-completion/bash_completion

setup() {
    common_setup
    [ -r "$BASH_COMPLETION" ] || fail "$BASH_COMPLETION is missing (package bash-completion)"
    NAME=ipc-compl-$$-$BATS_TEST_NUMBER
    SHM_IDS=()
    cd "$TEST_DIR"
}

# in_shell SCRIPT [ARG]...: run SCRIPT, with ARGs as "$@", in a bash of
# its own that has sourced bash-completion and our file, as an interactive
# shell has (not under bats' 'set -e' and traps, for which completion
# functions are not written).
in_shell() {
    # compopt works only while bash runs a completion for Tab: here, where
    # the function is called directly, it would only complain.
    bash -c 'source "$1" && source "$2" && shift 2 && script=$1 && shift &&
             compopt() { :; } && eval "$script"' \
        bash "$BASH_COMPLETION" "$IPC_TOP_SRCDIR/completion/ipc-utils.bash" "$@"
}

teardown() {
    cd /
    ipc-shm rm "/$NAME" 2>/dev/null || true
    ipc-sem rm "/$NAME" 2>/dev/null || true
    ipc-mq rm "/$NAME" 2>/dev/null || true
    local id
    for id in "${SHM_IDS[@]}"; do
        ipcrm -m "$id" 2>/dev/null || true
    done
    common_teardown
}

# tab LINE: complete LINE as bash does when Tab is pressed at its end.
# The words are split as readline splits them: at blanks, and around ':'
# and '=' (both in COMP_WORDBREAKS), so 'key:0x1f' is three words and the
# function must join them again (LINE has no quotes).  Leaves COMPREPLY.
tab() {
    local line=$1 w
    local -a words=()
    for w in $line; do
        while [[ $w =~ ^([^:=]*)([:=])(.*)$ ]]; do
            [ -n "${BASH_REMATCH[1]}" ] && words+=("${BASH_REMATCH[1]}")
            words+=("${BASH_REMATCH[2]}")
            w=${BASH_REMATCH[3]}
        done
        [ -n "$w" ] && words+=("$w")
    done
    # A line that ends in a blank completes a new, empty word.
    [[ $line == *' ' ]] && words+=("")
    # The function must not print: that would write over the command line.
    mapfile -d '' COMPREPLY < <(in_shell '
        COMP_LINE=$1 COMP_POINT=${#1}; shift
        COMP_WORDS=("$@") COMP_CWORD=$(($# - 1)) COMPREPLY=()
        _ipc_utils
        ((${#COMPREPLY[@]} == 0)) || printf "%s\0" "${COMPREPLY[@]}"' "$line" "${words[@]}" 2>"$TEST_DIR/stderr")
    [ ! -s "$TEST_DIR/stderr" ] || fail "completing '$line' printed: $(cat "$TEST_DIR/stderr")"
}

# expect WORD...: COMPREPLY is exactly WORD..., in that order.
expect() {
    local got want
    got="${#COMPREPLY[@]}:$(printf ' [%s]' "${COMPREPLY[@]}")"
    want="$#:$(printf ' [%s]' "$@")"
    [ "$got" = "$want" ] || fail "completion: got $got
        wanted $want"
}

@test "completion: registered for every command, as _ipc_utils" {
    local cmd
    for cmd in $(ipc_commands); do
        run -0 in_shell 'complete -p "$1"' "$cmd"
        assert_output "complete -F _ipc_utils $cmd"
    done
}

@test "completion: each --help is read once per shell, then cached" {
    # A wrapper that logs its arguments, then runs ipc-mq.
    printf '#!/bin/sh\necho "$*" >>"%s"\nexec ipc-mq "$@"\n' "$TEST_DIR/log" >"$TEST_DIR/ipc-mq"
    chmod +x "$TEST_DIR/ipc-mq"
    run -0 in_shell '
        for cur in - --p --t; do
            COMP_WORDS=("$1" send "$cur") COMP_CWORD=2
            COMP_LINE="$1 send $cur" COMP_POINT=${#COMP_LINE}
            _ipc_utils
        done
        echo "${COMPREPLY[*]}"' "$TEST_DIR/ipc-mq"
    assert_output "--type= --timeout="
    run -0 cat "$TEST_DIR/log"
    assert_output "--help
send --help"
}

@test "completion: the verbs of every command are SPEC's, from its --help" {
    local cmd
    for cmd in $(ipc_commands); do
        tab "$cmd "
        [ "$(printf '%s\n' "${COMPREPLY[@]}" | sort)" = "$(ipc_spec_verbs "$cmd" | tr ' ' '\n' | sort)" ] \
            || fail "$cmd: verbs ${COMPREPLY[*]}, SPEC: $(ipc_spec_verbs "$cmd")"
    done
    tab "ipc-sock s"
    expect send send-fd stat
    tab "ipc-lock --v"
    expect --version
}

@test "completion: the options of each verb, an alias like its verb" {
    tab "ipc-mq send -"
    expect --priority= --type= --lines --null --timeout= --nonblock --help
    tab "ipc-lock run --"
    expect --shared --exclusive --timeout= --nonblock --type= --range= --mode= --help
    tab "ipc-sock listen --m"
    expect --max-children= --mode=
    tab "ipc-shm counter --"
    expect --offset= --eq= --ne= --ge= --le= --timeout= --nonblock --help
    tab "ipc-mq list --o"
    expect --output= --output-all
    tab "ipc-mq ls --o"
    expect --output= --output-all
    # Options before the verb's operand do not stop its completion.
    tab "ipc-sem wait -t 1 --n"
    expect --nonblock
}

@test "completion: signal names, as operands and after --caught and friends" {
    tab "ipc-signal send US"
    expect USR1 USR2
    tab "ipc-signal wait HUP T"
    expect TRAP TERM TSTP TTIN TTOU
    tab "ipc-signal list RTMAX-1"
    expect RTMAX-14 RTMAX-13 RTMAX-12 RTMAX-11 RTMAX-10 RTMAX-1
    tab "ipc-signal ls --caught=WI"
    expect WINCH
    tab "ipc-signal ls --pending PW"
    expect PWR
    # The targets of send are processes, not signals.
    tab "ipc-signal send HUP pidf"
    expect pidfile:
}

@test "completion: column names after -o and --output, in a list, with a leading +" {
    tab "ipc-mq ls -o "
    expect NAME TYPE ID KEY MSGS MAXMSGS MSGSIZE USEDBYTES PERMS OWNER PIDS QBYTES LSPID LRPID CURMSGS
    tab "ipc-shm ls -o NAME,S"
    expect NAME,SIZE NAME,STATUS
    tab "ipc-sem stat --output=+W"
    expect +WAITERS
    tab "ipc-pipe ls --output +TYPE,W"
    expect +TYPE,WRITERS
    tab "ipc-signal ls -o C"
    expect COMMAND CAUGHT
    tab "ipc-sock stat -o PEER"
    expect PEER PEERINODE
}

@test "completion: POSIX segments, semaphores and queues by /NAME" {
    ipc-shm create --size 4K "/$NAME"
    tab "ipc-shm stat /$NAME"
    expect "/$NAME"
    tab "ipc-shm counter /$NAME "
    expect get set add cas wait
    ipc-sem create "/$NAME"
    tab "ipc-sem get /$NAME"
    expect "/$NAME"
    # rm takes any number of objects; create names a new one.
    tab "ipc-sem rm /$NAME /$NAME"
    expect "/$NAME"
    tab "ipc-sem create /$NAME"
    expect
    need_mqueue
    ipc-mq create "/$NAME"
    tab "ipc-mq recv -n /$NAME"
    expect "/$NAME"
    # The messages of send are not queues.
    tab "ipc-mq send /$NAME /$NAME"
    expect
}

@test "completion: System V objects by key:KEY and id:ID (an ipcmk segment)" {
    local id key
    id=$(ipcmk -M 4096 | sed -n 's/^Shared memory id: //p')
    [ -n "$id" ] || fail "ipcmk made no segment"
    SHM_IDS+=("$id")
    key=$(ipc-shm stat -r -n -o KEY "id:$id")
    # readline replaces the word after the last ':' only, so what
    # completes 'key:0x1f2e' is '0x1f2e'.
    tab "ipc-shm stat key:$key"
    expect "$key"
    tab "ipc-shm rm id:$id"
    expect "$id"
    tab "ipc-shm read --offset 8 id:$id"
    expect "$id"
}

@test "completion: FIFOs that ipc-pipe ls shows, and files, each once" {
    mkfifo "$TEST_DIR/fifo"
    touch "$TEST_DIR/fifo.txt"
    bg sh -c 'exec 3<>"$1"; exec sleep 60' sh "$TEST_DIR/fifo"
    wait_until 10 sh -c 'ipc-pipe ls -r -n -o NAME | grep -qxF "$1"' sh "$TEST_DIR/fifo"
    run -0 in_shell '_ipc_utils_fifos ipc-pipe'
    assert_line "$TEST_DIR/fifo"
    tab "ipc-pipe read $TEST_DIR/fi"
    expect "$TEST_DIR/fifo" "$TEST_DIR/fifo.txt"
    tab "ipc-pipe rm $TEST_DIR/fifo $TEST_DIR/fifo"
    expect "$TEST_DIR/fifo" "$TEST_DIR/fifo.txt"
}

@test "completion: socket addresses that ipc-sock ls shows, and address kinds" {
    local sock=$TEST_DIR/sock
    bg ipc-sock listen "unix:$sock"
    wait_until 10 sh -c 'ipc-sock ls -r -n -o ADDR | grep -qxF "unix:$1"' sh "$sock"
    tab "ipc-sock connect unix:$TEST_DIR/s"
    expect "$sock"
    # listen makes a new address: only its kinds.
    tab "ipc-sock listen un"
    expect unix: unixgram:
    tab "ipc-sock recv-fd a"
    expect abstract: abstract-dgram:
}

@test "completion: a command and its arguments after --" {
    tab "ipc-lock run $TEST_DIR/lock -- ipc-signa"
    expect ipc-signal
}

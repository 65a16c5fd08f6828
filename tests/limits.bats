#!/usr/bin/env bats
# The 'limits' verb of ipc-mq, ipc-shm and ipc-sem (SPEC 4): every System V
# and POSIX limit of the kind, its value, its use and what is left, against
# the peers: lsipc -g and ipcs -u (util-linux) for System V, sysctl, ulimit
# -q and df for the rest, and the kernel itself for RLIMIT_MSGQUEUE.

load common

export LC_ALL=C

setup() {
    common_setup
    TAG=lim$$_$BATS_TEST_NUMBER
    OBJS=()
}

teardown() {
    local o
    for o in "${OBJS[@]}"; do
        "${o%% *}" rm "${o#* }" 2>/dev/null || true
    done
    common_teardown
}

# made CMD OBJECT: remove OBJECT with CMD in teardown.
made() { OBJS+=("$1 $2"); }

# sysctl -n NAME: sysctl(8) is in /usr/sbin, which a normal user's PATH
# may lack.
sysctl_n() { PATH=$PATH:/usr/sbin:/sbin sysctl -n "$1"; }

# limits_json CMD: CMD limits -J, as json_rows prints it.
limits_json() {
    "$1" limits -J | json_rows
}

# json_rows: the output of 'limits -J' on stdin, checked to be a JSON
# object with a "limits" array, printed as one "NAME|TYPE|VALUE|USED|LEFT|UNIT"
# line per limit, null as "null", numbers checked to be JSON integers.
json_rows() {
    python3 -c '
import json, sys
doc = json.load(sys.stdin)
assert list(doc) == ["limits"], doc
for r in doc["limits"]:
    assert list(r) == ["name", "type", "value", "used", "left", "unit",
                       "description"], r
    assert r["type"] in ("sysv", "posix"), r
    for k in ("value", "used", "left"):
        assert r[k] is None or (type(r[k]) is int and r[k] >= 0), r
    assert isinstance(r["description"], str) and r["description"], r
    f = lambda v: "null" if v is None else str(v)
    print("|".join(f(r[k]) for k in ("name", "type", "value", "used", "left",
                                     "unit")))'
}

# field LINES NAME N: field N (1: NAME) of the line of NAME in LINES.
field() {
    printf '%s\n' "$1" | awk -F'|' -v n="$2" -v f="$3" '$1 == n { print $f }'
}

# lsipc_g RESOURCE FIELD: LIMIT or USED of RESOURCE in lsipc -g, in bytes.
lsipc_g() {
    lsipc -g --raw --bytes --noheadings -o RESOURCE,LIMIT,USED \
        | awk -v r="$1" -v f="$2" '$1 == r { print (f == "LIMIT" ? $2 : $3) }'
}

# without_mqueue CMD...: run CMD where /dev/mqueue is not mounted: here if
# it is not, else (as root) in a mount namespace of its own.
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

@test "limits of each kind: every limit once, typed JSON, the same rows in every format" {
    local cmd names
    for cmd in ipc-mq ipc-shm ipc-sem; do
        run -0 --separate-stderr limits_json "$cmd"
        names=$(printf '%s\n' "$output" | cut -d'|' -f1,2 | tr '\n' ' ')
        case $cmd in
        ipc-mq) assert_equal "$names" "kernel.msgmni|sysv kernel.msgmax|sysv kernel.msgmnb|sysv fs.mqueue.queues_max|posix fs.mqueue.msg_max|posix fs.mqueue.msgsize_max|posix fs.mqueue.msg_default|posix fs.mqueue.msgsize_default|posix RLIMIT_MSGQUEUE|posix MQ_PRIO_MAX|posix " ;;
        ipc-shm) assert_equal "$names" "kernel.shmmni|sysv kernel.shmall|sysv kernel.shmmax|sysv SHMMIN|sysv /dev/shm|posix " ;;
        ipc-sem) assert_equal "$names" "kernel.sem SEMMSL|sysv kernel.sem SEMMNS|sysv kernel.sem SEMOPM|sysv kernel.sem SEMMNI|sysv SEMVMX|sysv SEM_VALUE_MAX|posix /dev/shm|posix " ;;
        esac
        # A limit on one object has no use: null, '-' in tables.
        run -0 "$cmd" limits -r -n -o NAME,USED,LEFT
        case $cmd in
        ipc-mq) assert_line "kernel.msgmax - -" ;;
        ipc-shm) assert_line "kernel.shmmax - -" ;;
        ipc-sem) assert_line 'kernel.sem\x20SEMOPM - -' ;;
        esac
        run -0 "$cmd" limits -n -o NAME
        assert_equal "${#lines[@]}" "$(limits_json "$cmd" | wc -l)"
    done
    run -0 ipc-sem limits -J -o NAME,VALUE
    assert_line '         "name": "SEMVMX",'
    assert_line '         "value": 32767'
}

@test "limits --help and the command's --help show the verb and its columns" {
    local cmd
    for cmd in ipc-mq ipc-shm ipc-sem; do
        run -0 "$cmd" --help
        assert_line --regexp '^  limits +show the limits of '
        run -0 "$cmd" limits --help
        assert_line --regexp '^ \* USED '
        assert_line --regexp '^ +-b, --bytes '
        run -2 "$cmd" limits extra
        run -2 "$cmd" limits -o NOSUCH
    done
}

@test "System V values and use as lsipc -g and ipcs -u give them" {
    command -v lsipc >/dev/null || skip "no lsipc"
    local page shm sem msg json try ok before after pair cmd res name
    page=$(getconf PAGESIZE)
    # Objects of our own, so that every use is above 0: a segment of one
    # byte more than a page takes two pages of kernel.shmall.
    shm=$(ipc-shm create --size $((page + 1)) private); made ipc-shm "id:$shm"
    sem=$(ipc-sem create --nsems 3 private); made ipc-sem "id:$sem"
    msg=$(ipc-mq create private); made ipc-mq "id:$msg"
    # Other users' objects come and go: the use must be the peer's when
    # the peer says the same before and after our listing, in one of a
    # few tries.
    for pair in "ipc-mq MSGMNI kernel.msgmni" "ipc-mq MSGMAX kernel.msgmax" \
        "ipc-mq MSGMNB kernel.msgmnb" "ipc-shm SHMMNI kernel.shmmni" \
        "ipc-shm SHMMAX kernel.shmmax" "ipc-shm SHMMIN SHMMIN" \
        "ipc-shm SHMALL kernel.shmall" \
        "ipc-sem SEMMNI kernel.sem SEMMNI" "ipc-sem SEMMSL kernel.sem SEMMSL" \
        "ipc-sem SEMMNS kernel.sem SEMMNS" "ipc-sem SEMOPM kernel.sem SEMOPM" \
        "ipc-sem SEMVMX SEMVMX"; do
        read -r cmd res name <<<"$pair"
        json=$(limits_json "$cmd")
        assert_equal "$(field "$json" "$name" 3)" "$(lsipc_g "$res" LIMIT)"
        before=$(lsipc_g "$res" USED)
        if [ "$before" = - ]; then
            assert_equal "$(field "$json" "$name" 4)|$(field "$json" "$name" 5)" \
                "null|null"
            continue
        fi
        [ "$before" -ge 1 ]
        # lsipc 2.38 rounds each segment down to pages for SHMALL; the
        # kernel (shm_tot, which ipcs -u prints) rounds up, as we do: see
        # below.
        [ "$res" != SHMALL ] || continue
        ok=
        for try in $(seq 20); do
            before=$(lsipc_g "$res" USED)
            json=$(limits_json "$cmd")
            after=$(lsipc_g "$res" USED)
            if [ "$before" = "$after" ] \
                && [ "$(field "$json" "$name" 4)" = "$before" ]; then
                ok=1
                break
            fi
        done
        [ -n "$ok" ] || fail "$res: USED $(field "$json" "$name" 4), lsipc -g $before then $after"
    done
    # The pages of all segments, as the kernel counts them for shmall.
    ok=
    for try in $(seq 20); do
        before=$(ipcs -u | awk '/^pages allocated/ { print $3 }')
        json=$(limits_json ipc-shm)
        after=$(ipcs -u | awk '/^pages allocated/ { print $3 }')
        if [ "$before" = "$after" ] \
            && [ "$(field "$json" kernel.shmall 4)" = "$before" ]; then
            ok=1
            break
        fi
    done
    [ "$before" -ge 2 ]
    # kernel.shmall may be near 2^64: beyond the shell's arithmetic.
    assert_equal "$(field "$json" kernel.shmall 5)" \
        "$(python3 -c 'import sys; print(int(sys.argv[1]) - int(sys.argv[2]))' \
           "$(field "$json" kernel.shmall 3)" "$(field "$json" kernel.shmall 4)")"
    [ -n "$ok" ] || fail "shmall: USED $(field "$json" kernel.shmall 4), ipcs -u $before then $after"
}

@test "POSIX queue limits as sysctl and ulimit -q give them" {
    local json s
    json=$(limits_json ipc-mq)
    for s in queues_max msg_max msgsize_max msg_default msgsize_default; do
        assert_equal "$(field "$json" "fs.mqueue.$s" 3)" \
            "$(sysctl_n "fs.mqueue.$s")"
    done
    assert_equal "$(field "$json" RLIMIT_MSGQUEUE 3)" "$(ulimit -q)"
    assert_equal "$(field "$json" MQ_PRIO_MAX 3)" "$(getconf MQ_PRIO_MAX)"
    # The soft limit is what the kernel checks.
    run -0 bash -c 'ulimit -S -q 4096 && ipc-mq limits -r -n -b -o NAME,VALUE'
    assert_line "RLIMIT_MSGQUEUE 4096"
    # Sizes are human-readable in tables unless -b, like lsipc.
    run -0 ipc-mq limits -r -n -b -o NAME,VALUE
    assert_line "fs.mqueue.msgsize_max $(sysctl_n fs.mqueue.msgsize_max)"
    assert_line "fs.mqueue.msg_max $(sysctl_n fs.mqueue.msg_max)"
}

@test "RLIMIT_MSGQUEUE use is what the kernel charges: one byte less and the queue is refused" {
    need_root "setpriv to a user of its own, whose queues no other test makes"
    need_mqueue
    command -v setpriv >/dev/null || skip "no setpriv"
    local uid=$((61000 + $$ % 1000)) word charge as_user
    as_user=(setpriv --reuid="$uid" --regid="$uid" --clear-groups)
    "${as_user[@]}" ipc-mq --version >/dev/null 2>&1 \
        || skip "another user cannot run the built ipc-mq from here"
    word=$(( $(getconf LONG_BIT) / 8 ))
    # maxmsg x msgsize, and per message a struct msg_msg and (up to
    # MQ_PRIO_MAX) a tree node, 6 words each.
    charge=$(( 3 * 100 + 3 * 12 * word ))
    made ipc-mq "/${TAG}a"
    made ipc-mq "/${TAG}b"
    run -0 "${as_user[@]}" bash -c "$(declare -f limits_json json_rows)"'
        limits_json ipc-mq | grep "^RLIMIT_MSGQUEUE|"
        ipc-mq create --maxmsg 3 --msgsize 100 "$1" || exit
        limits_json ipc-mq | grep "^RLIMIT_MSGQUEUE|"' sh "/${TAG}a"
    assert_line --index 0 "RLIMIT_MSGQUEUE|posix|$(ulimit -q)|0|$(ulimit -q)|bytes"
    assert_line --index 1 "RLIMIT_MSGQUEUE|posix|$(ulimit -q)|$charge|$(( $(ulimit -q) - charge ))|bytes"
    # The kernel agrees: with the limit at the use plus one byte less than
    # the next queue's charge it refuses that queue, and at exactly that
    # it takes it (a user with no other queues).
    run -1 "${as_user[@]}" bash -c 'ulimit -q "$2" && ipc-mq create --maxmsg 3 --msgsize 100 "$1"' \
        sh "/${TAG}b" $(( 2 * charge - 1 ))
    assert_output --partial "exceed RLIMIT_MSGQUEUE"
    run -0 "${as_user[@]}" bash -c 'ulimit -q "$2" && ipc-mq create --maxmsg 3 --msgsize 100 "$1" && ipc-mq limits -r -n -b -o NAME,USED,LEFT' \
        sh "/${TAG}b" $(( 2 * charge ))
    assert_line "RLIMIT_MSGQUEUE $(( 2 * charge )) 0"
}

@test "RLIMIT_MSGQUEUE use grows by the charge of a queue of this user" {
    need_mqueue
    local word charge try before after ok=
    word=$(( $(getconf LONG_BIT) / 8 ))
    charge=$(( 2 * 64 + 2 * 12 * word ))
    for try in 1 2 3 4 5; do
        before=$(field "$(limits_json ipc-mq)" RLIMIT_MSGQUEUE 4)
        [ "$before" != null ] \
            || skip "a queue of this user that it may not read is in /dev/mqueue"
        ipc-mq create --maxmsg 2 --msgsize 64 "/$TAG.$try"
        made ipc-mq "/$TAG.$try"
        after=$(field "$(limits_json ipc-mq)" RLIMIT_MSGQUEUE 4)
        ipc-mq rm "/$TAG.$try"
        [ "$((after - before))" = "$charge" ] && { ok=1; break; }
    done
    [ -n "$ok" ] || fail "RLIMIT_MSGQUEUE use went from $before to $after, not by $charge"
    # A queue of this user that it may not read makes the use unknown,
    # never a smaller number.
    [ "$(id -u)" != 0 ] || skip "root reads every queue"
    ipc-mq create --mode 0200 "/$TAG.w"
    made ipc-mq "/$TAG.w"
    run -0 limits_json ipc-mq
    assert_line --regexp '^RLIMIT_MSGQUEUE\|posix\|[0-9]+\|null\|null\|bytes$'
}

@test "POSIX queue use is unknown, not 0, where /dev/mqueue is not mounted" {
    mqueue_mounted && need_root "unshare -m and umount /dev/mqueue"
    run -0 --separate-stderr without_mqueue ipc-mq limits -r -n -o NAME,VALUE,USED,LEFT
    assert_line "fs.mqueue.queues_max $(sysctl_n fs.mqueue.queues_max) ? ?"
    assert_line --regexp '^RLIMIT_MSGQUEUE [0-9.]+[BKMGTPE]? \? \?$'
    assert_line --regexp '^kernel\.msgmni [0-9]+ [0-9]+ [0-9]+$'
    assert_line --regexp '^kernel\.msgmax [0-9.]+[BKMGTPE] - -$'
    local mount="(as root: mkdir -p /dev/mqueue && mount -t mqueue none /dev/mqueue)"
    assert_equal "${#stderr_lines[@]}" 2
    assert_equal "${stderr_lines[0]}" "ipc-mq: USED of fs.mqueue.queues_max is unknown: '/dev/mqueue' is not mounted $mount"
    assert_equal "${stderr_lines[1]}" "ipc-mq: USED of RLIMIT_MSGQUEUE is unknown: '/dev/mqueue' is not mounted $mount"
    run -0 --separate-stderr without_mqueue ipc-mq limits -J
    run -0 json_rows <<<"$output"
    assert_line --regexp '^fs\.mqueue\.queues_max\|posix\|[0-9]+\|null\|null\|queues$'
    assert_line --regexp '^RLIMIT_MSGQUEUE\|posix\|[0-9]+\|null\|null\|bytes$'
    # What is left of an unknown use is unknown too; without USED and
    # LEFT, there is nothing to say.
    run -0 --separate-stderr without_mqueue ipc-mq limits -r -n -o NAME,LEFT
    assert_line "fs.mqueue.queues_max ?"
    assert_equal "${#stderr_lines[@]}" 2
    run -0 --separate-stderr without_mqueue ipc-mq limits -o NAME,VALUE
    assert_equal "$stderr" ""
}

@test "POSIX queue use is unknown where /dev/mqueue is another IPC namespace's" {
    need_root "unshare -i"
    need_mqueue
    run -0 --separate-stderr unshare -i ipc-mq limits -r -n -o NAME,USED
    assert_line "fs.mqueue.queues_max ?"
    assert_line "RLIMIT_MSGQUEUE ?"
    assert_equal "${stderr_lines[0]}" "ipc-mq: USED of fs.mqueue.queues_max is unknown: '/dev/mqueue' belongs to another IPC namespace (as root: mkdir -p /dev/mqueue && mount -t mqueue none /dev/mqueue)"
}

@test "/dev/shm size, use and what is left as df gives them" {
    local cmd json try ok before after size used avail
    for cmd in ipc-shm ipc-sem; do
        ok=
        for try in $(seq 20); do
            before=$(df -B1 --output=size,used,avail /dev/shm | tail -n 1)
            json=$(limits_json "$cmd")
            after=$(df -B1 --output=size,used,avail /dev/shm | tail -n 1)
            read -r size used avail <<<"$before"
            if [ "$before" = "$after" ] && [ "$(field "$json" /dev/shm 3)|$(field "$json" /dev/shm 4)|$(field "$json" /dev/shm 5)" = "$size|$used|$avail" ]; then
                ok=1
                break
            fi
        done
        [ -n "$ok" ] || fail "/dev/shm: $(field "$json" /dev/shm 3) $(field "$json" /dev/shm 4) $(field "$json" /dev/shm 5), df $before then $after"
    done
}

@test "a /dev/shm of no size is unlimited, and its use unknown" {
    need_root "unshare -m and a tmpfs mounted on /dev/shm"
    # shellcheck disable=SC2016 # expanded by the inner sh
    run -0 --separate-stderr unshare -m sh -c '
        mount -t tmpfs -o size=0 none /dev/shm || exit 125
        ipc-shm limits -r -n -o NAME,VALUE,USED,LEFT'
    assert_line "/dev/shm unlimited ? unlimited"
    assert_equal "$stderr" "ipc-shm: USED of /dev/shm is unknown: '/dev/shm' has no size, and counts no use"
    run -0 --separate-stderr unshare -m sh -c '
        mount -t tmpfs -o size=0 none /dev/shm || exit 125
        ipc-sem limits -J'
    run -0 json_rows <<<"$output"
    assert_line "/dev/shm|posix|null|null|null|bytes"
}

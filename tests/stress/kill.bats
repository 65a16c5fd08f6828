#!/usr/bin/env bats
# Stress: holders killed with SIGKILL and SIGTERM at random moments
# (while they wait, while they take, while they hold), 40 rounds (small)
# or 1 000 (full) of each case.  Every lock comes back, every System V
# slot comes back (SEM_UNDO), no POSIX slot is lost to a SIGTERM (a
# SIGKILL of ipc-sem may lose one, as its manual says: the POSIX case
# sends TERM to ipc-sem and KILL only to COMMAND), and a create killed
# or refused leaves no object behind, nor half of one (one killed just
# after it made the object leaves it whole, also after a SIGTERM: see
# README.md).

load stress

ROUNDS=$(scale 40 1000)

# signal_of: print KILL or TERM, at random.
signal_of() {
    if ((RANDOM % 2)); then echo KILL; else echo TERM; fi
}

# status_of SIGNAL: the status of a process that died of SIGNAL.
status_of() {
    case $1 in KILL) echo 137 ;; TERM) echo 143 ;; esac
}

LOCK_TYPES=(flock ofd posix)

@test "kill stress: ipc-lock run holders and waiters killed at random moments" {
    local lock=$TEST_DIR/lock round sig type blocker victim t0
    local kills=0 kill9=0 term=0 blocked=0
    t0=$(now_ms)
    for ((round = 1; round <= ROUNDS; round++)); do
        type=${LOCK_TYPES[RANDOM % 3]}
        sig=$(signal_of)
        blocker=
        if ((RANDOM % 2)); then
            # Someone holds the lock for 0-49 ms: the victim is killed
            # while it waits, or after it got the lock in its turn.
            start ipc-lock run --type "$type" "$lock" -- sleep "$(printf '0.%03d' $((RANDOM % 50)))"
            blocker=$PID
            blocked=$((blocked + 1))
        fi
        start ipc-lock run --type "$type" "$lock" -- sleep 60
        victim=$PID
        rand_sleep 40
        kill -"$sig" "$victim"
        reap "$victim"
        [ "$st" = "$(status_of "$sig")" ] \
            || fail "round $round: a --type $type holder sent SIG$sig ended with status $st"
        if [ -n "$blocker" ]; then
            reap "$blocker"
            [ "$st" = 0 ] || fail "round $round: the blocker ended with status $st"
        fi
        for type in "${LOCK_TYPES[@]}"; do
            ipc-lock run -n --type "$type" "$lock" -- true \
                || fail "round $round: the lock is not free for --type $type after the holder died of SIG$sig"
        done
        kills=$((kills + 1))
        if [ "$sig" = KILL ]; then kill9=$((kill9 + 1)); else term=$((term + 1)); fi
    done
    figure "$kills holders killed ($kill9 SIGKILL, $term SIGTERM; $blocked while another held the lock)," \
        "the lock free after each; $(since_s "$t0") s"
}

# holder_child PID: print the PID of the child of PID (COMMAND under
# ipc-sem), or nothing.
holder_child() {
    local children
    # (The file ends with no newline.)
    children=$(cat "/proc/$1/task/$1/children" 2>/dev/null) || return 0
    set -- $children
    echo "${1:-}"
}

# sem_rounds SEM POSIX|SYSV: rounds of three processes on the 2 slots of
# SEM, killed at random moments; the value is back to 2 after each.
sem_rounds() {
    local sem=$1 kind=$2 round v victim sig child value t0
    local kill9=0 term=0 childkill=0
    t0=$(now_ms)
    for ((round = 1; round <= ROUNDS; round++)); do
        local victims=()
        for v in 1 2 3; do
            start ipc-sem run "$sem" -- sleep 60
            victims+=("$PID")
        done
        for victim in "${victims[@]}"; do
            rand_sleep 20
            sig=$(signal_of)
            if [ "$kind" = POSIX ] && [ "$sig" = KILL ]; then
                # Not ipc-sem itself: its COMMAND, if it runs yet.
                child=$(holder_child "$victim")
                if [ -n "$child" ]; then
                    kill -KILL "$child" 2>/dev/null || true
                    reap "$victim"
                    # ipc-sem's own status, or COMMAND's: 128+9.
                    [ "$st" = 137 ] \
                        || fail "round $round: ipc-sem run whose COMMAND was killed ended with status $st"
                    childkill=$((childkill + 1))
                    continue
                fi
                sig=TERM
            fi
            kill -"$sig" "$victim"
            reap "$victim"
            [ "$st" = "$(status_of "$sig")" ] \
                || fail "round $round: ipc-sem run sent SIG$sig ended with status $st"
            if [ "$sig" = KILL ]; then kill9=$((kill9 + 1)); else term=$((term + 1)); fi
        done
        value=$(ipc-sem get "$sem")
        [ "$value" = 2 ] || fail "round $round: the value is $value after the holders died, not 2"
    done
    figure "$((kill9 + term + childkill)) holders killed ($kill9 SIGKILL, $term SIGTERM of the ipc-sem run process," \
        "$childkill SIGKILL of COMMAND), 3 per round on 2 slots, every slot back; $(since_s "$t0") s"
}

@test "kill stress: ipc-sem run on a System V set, SIGKILL and SIGTERM" {
    local sem
    sem=$(sysv_key)
    ipc-sem create "$sem" --value 2
    object sem "$sem"
    sem_rounds "$sem" SYSV
}

@test "kill stress: ipc-sem run on a POSIX semaphore, SIGTERM (and SIGKILL of COMMAND)" {
    local sem=/ipc-stress-$$-$BATS_TEST_NUMBER
    ipc-sem create "$sem" --value 2
    object sem "$sem"
    sem_rounds "$sem" POSIX
}

# spin N: a delay of N turns of a loop of the shell (a few microseconds
# each), with no process started.
spin() {
    local i
    for ((i = 0; i < $1; i++)); do :; done
}

# shm_size SEGMENT: print the size in bytes of SEGMENT, or nothing.
shm_size() {
    ipc-shm stat -b -o SIZE -n "$1" 2>/dev/null || true
}

@test "kill stress: creates killed at random moments leave nothing, or all, behind" {
    local round sig kind obj size t0 done=0 made=0 none=0 kill9=0 term=0 term_made=
    t0=$(now_ms)
    for ((round = 1; round <= ROUNDS; round++)); do
        sig=$(signal_of)
        case $((RANDOM % 4)) in
        0) kind=shm obj=/ipc-stress-$$-$BATS_TEST_NUMBER ;;
        1) kind=shm obj=$(sysv_key 1) ;;
        2) kind=mq obj=/ipc-stress-$$-$BATS_TEST_NUMBER ;;
        3) kind=sem obj=$(sysv_key 2) ;;
        esac
        case $kind in
        shm) start ipc-shm create "$obj" --size 64M ;;
        mq) start ipc-mq create "$obj" --maxmsg 4 --msgsize 64 ;;
        sem) start ipc-sem create "$obj" --value 1 --nsems 4 ;;
        esac
        # A create takes about as long as starting sleep(1) would: spin
        # 0 to 19 turns of a loop of the shell instead (under bats' trace
        # a turn takes some 100 us: seen here, the kills then land before
        # the exec, during the create and after it).
        spin $((RANDOM % 20))
        kill -"$sig" "$PID" 2>/dev/null || true
        reap "$PID"
        if [ "$st" = 0 ]; then
            # It finished first: the object is there, whole.
            done=$((done + 1))
        elif [ "$st" = "$(status_of "$sig")" ]; then
            # Killed: it leaves nothing, or the object once it is whole
            # (a signal that comes after the create was made, before the
            # exit; see README.md).
            if "ipc-$kind" stat "$obj" >/dev/null 2>&1; then
                made=$((made + 1))
                [ "$sig" = KILL ] || term_made="$term_made ipc-$kind:$obj"
            else
                none=$((none + 1))
            fi
        else
            fail "round $round: ipc-$kind create $obj sent SIG$sig ended with status $st"
        fi
        if "ipc-$kind" stat "$obj" >/dev/null 2>&1; then
            if [ "$kind" = shm ]; then
                size=$(shm_size "$obj")
                [ "$size" = 67108864 ] || fail "round $round: $obj is there with size '$size', not 64M"
            fi
            "ipc-$kind" rm "$obj"
        fi
        if [ "$sig" = KILL ]; then kill9=$((kill9 + 1)); else term=$((term + 1)); fi
    done
    figure "$ROUNDS creates sent a signal ($kill9 SIGKILL, $term SIGTERM): $done had finished," \
        "$made killed with the object whole (after SIGTERM:${term_made:- none}), $none killed leaving nothing," \
        "none half-made; $(since_s "$t0") s"
}

@test "kill stress: creates refused by a limit leave no object behind" {
    local p=/ipc-stress-$$-$BATS_TEST_NUMBER k
    k=$(sysv_key)
    run -1 ipc-mq create "$p" --maxmsg 100000
    assert_output --partial 'fs.mqueue.msg_max'
    run -1 ipc-mq stat "$p"
    run -1 ipc-mq create "$k" --msgsize 100000
    assert_output --partial 'kernel.msgmax'
    run -1 ipc-mq stat "$k"
    run -1 ipc-shm create "$p" --size 8E
    run -1 ipc-shm stat "$p"
    run -1 ipc-shm create "$k" --size 8E
    run -1 ipc-shm stat "$k"
    run -2 ipc-sem create "$p" --value 4294967295
    assert_output --partial 'SEM_VALUE_MAX'
    run -1 ipc-sem stat "$p"
    run -2 ipc-sem create "$k" --nsems 100000
    assert_output --partial 'SEMMSL'
    run -2 ipc-sem create "$k" --value 40000
    assert_output --partial 'SEMVMX'
    run -1 ipc-sem stat "$k"
    # Bigger than /dev/shm: refused after the segment was opened.
    run -1 ipc-shm create "$p" --size 100T
    run -1 ipc-shm stat "$p"
    [ ! -e "/dev/shm/${p#/}" ]
}

#!/usr/bin/env bats
# Across hosts over plain sockets: two network namespaces joined by a veth
# pair stand for two machines.  On host A, 'ipc-mq recv --follow' drains a
# queue into 'ipc-sock connect tcp:...'; on host B, 'ipc-sock listen'
# feeds 'ipc-mq send --lines' into a queue of B's.  Every message sent
# into A's queue must come out of B's once, in order.
#
# 'ip netns exec' changes the network namespace only: the System V and
# POSIX IPC objects would be the same on both "hosts".  Host B therefore
# also runs in an IPC namespace of its own (unshare --ipc: mq_open needs
# no /dev/mqueue there), and both queues have the same name, so that a
# message that stayed on one host could not pass for one that crossed.
#
# 100 000 messages, in 'make check' too: about 8 s on a loaded 2-CPU
# machine, although the POSIX queues hold 10 messages at a time here, so
# that every message wakes each stage.

# The bridge used to stall with the last few hundred or thousand
# messages missing from B's queue: the listener, blocked in a splice from
# its socket into its output pipe, held the pipe's lock, so that
# 'ipc-mq send --lines' could not read what the pipe held until A sent
# more (lib/ipc-io.c now polls the socket first).

load common

setup() {
    common_setup
    NS_A=ipcu-$$-$BATS_TEST_NUMBER-a
    NS_B=ipcu-$$-$BATS_TEST_NUMBER-b
    # Interface names have at most 15 bytes.
    VETH_A=iu$$-${BATS_TEST_NUMBER}a
    VETH_B=iu$$-${BATS_TEST_NUMBER}b
    Q=/ipcu-bridge-$$-$BATS_TEST_NUMBER
    MADE_NS=()
}

teardown() {
    # The processes first: a namespace lives on while one runs in it.
    common_teardown
    local ns
    for ns in "${MADE_NS[@]}"; do
        ip netns delete "$ns" 2>/dev/null || true
    done
    ipc-mq rm "$Q" 2>/dev/null || true
}

# make_hosts: the two namespaces, the veth pair between them, 10.231.0.1
# in A and 10.231.0.2 in B; skip, saying why, where they cannot be made.
make_hosts() {
    need_root "ip netns add makes network namespaces"
    command -v ip >/dev/null || skip "needs ip(8) (iproute2)"
    command -v unshare >/dev/null || skip "needs unshare(1) (util-linux)"
    local err
    if ! err=$(ip netns add "$NS_A" 2>&1); then
        skip "cannot make a network namespace here: $err"
    fi
    MADE_NS+=("$NS_A")
    ip netns add "$NS_B"
    MADE_NS+=("$NS_B")
    if ! err=$(ip link add "$VETH_A" netns "$NS_A" type veth \
                   peer name "$VETH_B" netns "$NS_B" 2>&1); then
        skip "cannot make a veth pair here: $err"
    fi
    ip -n "$NS_A" address add 10.231.0.1/24 dev "$VETH_A"
    ip -n "$NS_B" address add 10.231.0.2/24 dev "$VETH_B"
    ip -n "$NS_A" link set "$VETH_A" up
    ip -n "$NS_B" link set "$VETH_B" up
    ip -n "$NS_A" link set lo up
    ip -n "$NS_B" link set lo up
}

@test "bridge: recv --follow | connect on host A, listen | send --lines on host B: none lost, none doubled" {
    make_hosts
    local n=100000
    seq 1 "$n" >"$TEST_DIR/want"

    # Host B: its queue, the listener feeding it, and the consumer, which
    # writes what it took and then its status.  The listener's standard
    # input never ends (with it at its end, /dev/null as sh gives a
    # background job, the listener shuts its side down at once; that
    # passes too since the splice fix above).
    bg ip netns exec "$NS_B" unshare --ipc sh -c '
        ipc-mq create "$1" || exit
        sleep 100000 | ipc-sock listen --ready=fd:3 tcp:10.231.0.2:0 \
            3>"$2/ready" | ipc-mq send --lines "$1" &
        ipc-mq recv -c "$3" -t 300 "$1" >"$2/got"
        echo $? >"$2/status"' sh "$Q" "$TEST_DIR" "$n"
    wait_until 30 test -s "$TEST_DIR/ready"
    local addr
    addr=$(cat "$TEST_DIR/ready")
    [[ $addr == tcp:10.231.0.2:[1-9]* ]] || {
        echo "listen --ready said '$addr'"; return 1; }

    # Host A: its queue of the same name, drained to B over TCP.
    ipc-mq create "$Q"
    bg ip netns exec "$NS_A" sh -c \
        'ipc-mq recv --follow "$1" | ipc-sock connect "$2"' sh "$Q" "$addr"
    run -0 timeout 300 ip netns exec "$NS_A" \
        ipc-mq send --lines "$Q" <"$TEST_DIR/want"

    wait_until 330 test -s "$TEST_DIR/status"
    run -0 cat "$TEST_DIR/status"
    assert_output 0
    local lost doubled
    lost=$(sort "$TEST_DIR/want" | comm -23 - <(sort "$TEST_DIR/got") | wc -l)
    doubled=$(sort "$TEST_DIR/got" | uniq -d | wc -l)
    echo "# $n messages: $lost lost, $doubled doubled" >&3
    assert_equal "$lost $doubled" "0 0"
    cmp "$TEST_DIR/want" "$TEST_DIR/got"
    # Nothing was left behind on host A.
    run -0 ipc-mq stat -o MSGS -n "$Q"
    assert_output 0
}

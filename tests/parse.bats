#!/usr/bin/env bats
# The address and unit parsers of SPEC sections 2 and 3, through
# tests/parse-driver: every form, every malformed case, and the exact
# reason and errno of each error.  Each helper first echoes its case,
# which bats shows only when the test fails, so a failure names the
# input that caused it.

bats_require_minimum_version 1.5.0
load common

# ok EXPECTED WHAT ARG...: the parse succeeds and prints EXPECTED.
ok() {
    local expected=$1; shift
    show_case "$@"
    run -0 --separate-stderr parse-driver "$@"
    assert_output "$expected"
}

# bad ERRNO REASON WHAT ARG...: the parse fails with status 2, the
# reason REASON and errno ERRNO (EINVAL or ERANGE).
bad() {
    local err=$1 reason=$2; shift 2
    show_case "$@"
    run -2 --separate-stderr parse-driver "$@"
    assert_output "error: $reason"
    [ "$stderr" = "errno=$err" ] || {
        echo "errno: expected $err, got '$stderr'"; return 1; }
}

# show_case ARG...: the case being checked, quoted for the shell.
show_case() {
    printf 'case: parse-driver'
    printf ' %q' "$@"
    printf '\n'
}

# repeat N: N times the letter 'a'.
repeat() { printf 'a%.0s' $(seq "$1"); }

SYSV=posix,key,id,ftok,private
SOCK=fd,unix,abstract,unixgram,abstract-dgram,tcp,udp
FILE=path,fd
SYSV_FORMS='/NAME, key:KEY, id:ID, path:FILE[:P] or private'
SOCK_FORMS='fd:N, unix:PATH, abstract:NAME, unixgram:PATH, abstract-dgram:NAME, tcp:HOST:PORT or udp:HOST:PORT'

## Addresses: POSIX names

@test "addr: POSIX names" {
    ok 'kind=posix name=/jobs' addr $SYSV /jobs
    ok 'kind=posix name=/a.b-c_d:e' addr $SYSV /a.b-c_d:e
    ok 'kind=posix name=/...' addr $SYSV /...
    ok "kind=posix name=/$(repeat 255)" addr $SYSV "/$(repeat 255)"
}

@test "addr: malformed POSIX names" {
    bad EINVAL "empty POSIX name" addr $SYSV /
    bad EINVAL "POSIX name has a second '/'" addr $SYSV /a/b
    bad EINVAL "POSIX name has a second '/'" addr $SYSV //a
    bad EINVAL "POSIX name has a second '/'" addr $SYSV /a/
    bad EINVAL "POSIX name cannot be '.' or '..'" addr $SYSV /.
    bad EINVAL "POSIX name cannot be '.' or '..'" addr $SYSV /..
    bad ERANGE "POSIX name longer than 255 bytes" addr $SYSV "/$(repeat 256)"
}

## System V keys, identifiers, ftok and private

@test "addr: keys" {
    ok 'kind=key key=0x00001f2e' addr $SYSV key:0x1f2e
    ok 'kind=key key=0x00001f2e' addr $SYSV key:0X1F2E
    ok 'kind=key key=0x000004d2' addr $SYSV key:1234
    ok 'kind=key key=0x0000000c' addr $SYSV key:012
    ok 'kind=key key=0x00000001' addr $SYSV key:1
    ok 'kind=key key=0xffffffff' addr $SYSV key:0xffffffff
    ok 'kind=key key=0xffffffff' addr $SYSV key:4294967295
    ok 'kind=key key=0x00000001' addr $SYSV key:0x00000000000000000000001
}

@test "addr: malformed keys" {
    bad EINVAL "key 0 is IPC_PRIVATE: use 'private'" addr $SYSV key:0
    bad EINVAL "key 0 is IPC_PRIVATE: use 'private'" addr $SYSV key:0x0
    bad ERANGE "key out of range (at most 0xffffffff)" addr $SYSV key:0x100000000
    bad ERANGE "key out of range (at most 0xffffffff)" addr $SYSV key:4294967296
    bad ERANGE "key out of range (at most 0xffffffff)" addr $SYSV key:99999999999999999999999
    bad ERANGE "negative key" addr $SYSV key:-1
    bad EINVAL "missing number" addr $SYSV key:
    bad EINVAL "missing number" addr $SYSV key:0x
    bad EINVAL "not a hexadecimal number" addr $SYSV key:0x1g
    bad EINVAL "not a decimal number" addr $SYSV key:12a
    bad EINVAL "not a decimal number" addr $SYSV key:+1
    bad EINVAL "not a decimal number" addr $SYSV 'key: 1'
}

@test "addr: identifiers" {
    ok 'kind=id id=0' addr $SYSV id:0
    ok 'kind=id id=32769' addr $SYSV id:32769
    ok 'kind=id id=2147483647' addr $SYSV id:2147483647
    bad ERANGE "id out of range (0..2147483647)" addr $SYSV id:2147483648
    bad ERANGE "id out of range (0..2147483647)" addr $SYSV id:-1
    bad EINVAL "missing number" addr $SYSV id:
    bad EINVAL "not a decimal number" addr $SYSV id:0x10
}

@test "addr: ftok paths" {
    ok 'kind=ftok name=/etc/app.conf proj=1' addr $SYSV path:/etc/app.conf
    ok 'kind=ftok name=/etc/app.conf proj=3' addr $SYSV path:/etc/app.conf:3
    ok 'kind=ftok name=/etc/app.conf proj=255' addr $SYSV path:/etc/app.conf:255
    ok 'kind=ftok name=a:b proj=7' addr $SYSV path:a:b:7
    ok 'kind=ftok name=/x:y proj=1' addr $SYSV path:/x:y
    ok 'kind=ftok name=/x: proj=1' addr $SYSV path:/x:
    ok 'kind=ftok name=/x:1a proj=1' addr $SYSV path:/x:1a
    bad ERANGE "project number out of range (1..255)" addr $SYSV path:/x:0
    bad ERANGE "project number out of range (1..255)" addr $SYSV path:/x:256
    bad ERANGE "project number out of range (1..255)" addr $SYSV path:/x:99999999999999999999999
    bad EINVAL "empty path" addr $SYSV path:
    bad EINVAL "empty path" addr $SYSV path::5
    bad ERANGE "path longer than PATH_MAX" addr $SYSV "path:/$(repeat 4095)"
}

@test "addr: ftok computes the key of ftok(3)" {
    touch "$TEST_DIR/f"
    local ino dev
    read -r ino dev < <(stat -c '%i %d' "$TEST_DIR/f")
    local want
    want=$(printf 'key=0x%08x' $(( (ino & 0xffff) | ((dev & 0xff) << 16) | (7 << 24) )))
    ok "$want" key "path:$TEST_DIR/f:7"
    want=$(printf 'key=0x%08x' $(( (ino & 0xffff) | ((dev & 0xff) << 16) | (1 << 24) )))
    ok "$want" key "path:$TEST_DIR/f"
    ok 'key=0x00001f2e' key key:0x1f2e
    ok 'key=0x00000000' key private
    run -1 parse-driver key "path:$TEST_DIR/missing"
    assert_output 'error: No such file or directory'
}

@test "addr: private" {
    ok 'kind=private' addr $SYSV private
    ok 'kind=private' addr all private
    bad EINVAL "unknown address form; expected $SYSV_FORMS" addr $SYSV Private
    bad EINVAL "unknown address form; expected $SYSV_FORMS" addr $SYSV private:
}

## File-system paths and descriptors

@test "addr: paths and descriptors" {
    ok 'kind=path name=/tmp/fifo' addr $FILE /tmp/fifo
    ok 'kind=path name=fifo' addr $FILE fifo
    ok 'kind=path name=./fd:3' addr $FILE ./fd:3
    ok 'kind=path name=a b' addr $FILE 'a b'
    ok 'kind=path name=/a/b/' addr $FILE /a/b/
    ok "kind=path name=/$(repeat 4094)" addr $FILE "/$(repeat 4094)"
    ok 'kind=fd fd=0' addr $FILE fd:0
    ok 'kind=fd fd=9' addr $FILE fd:9
    ok 'kind=fd fd=2147483647' addr $FILE fd:2147483647
}

@test "addr: malformed paths and descriptors" {
    bad EINVAL "empty address" addr $FILE ''
    bad ERANGE "path longer than PATH_MAX" addr $FILE "/$(repeat 4095)"
    bad ERANGE "descriptor out of range (0..2147483647)" addr $FILE fd:2147483648
    bad ERANGE "descriptor out of range (0..2147483647)" addr $FILE fd:-1
    bad EINVAL "missing number" addr $FILE fd:
    bad EINVAL "not a decimal number" addr $FILE fd:x
    bad EINVAL "not a decimal number" addr $FILE fd:3x
}

@test "addr: a path operand never swallows another form's prefix" {
    local form
    for form in key:1 id:1 path:/x private unix:/s unixgram:/s abstract:a \
                abstract-dgram:a @a tcp::1 udp::1; do
        echo "case: $form"
        run -2 --separate-stderr parse-driver addr $FILE "$form"
        assert_output --regexp "^error: .* addresses are not accepted here; expected PATH or fd:N\$"
    done
    bad EINVAL "key:KEY addresses are not accepted here; expected PATH or fd:N" addr $FILE key:1
    bad EINVAL "@NAME addresses are not accepted here; expected PATH or fd:N" addr $FILE @a
    bad EINVAL "private addresses are not accepted here; expected PATH or fd:N" addr $FILE private
}

## Sockets

@test "addr: Unix socket paths" {
    ok 'kind=unix name=/run/app.sock' addr $SOCK unix:/run/app.sock
    ok 'kind=unixgram name=/run/app.sock' addr $SOCK unixgram:/run/app.sock
    ok 'kind=unix name=rel:ative' addr $SOCK unix:rel:ative
    ok "kind=unix name=/$(repeat 106)" addr $SOCK "unix:/$(repeat 106)"
    bad ERANGE "socket path longer than 107 bytes" addr $SOCK "unix:/$(repeat 107)"
    bad ERANGE "socket path longer than 107 bytes" addr $SOCK "unixgram:/$(repeat 107)"
    bad EINVAL "empty socket path" addr $SOCK unix:
    bad EINVAL "empty socket path" addr $SOCK unixgram:
}

@test "addr: abstract sockets" {
    ok 'kind=abstract name=srv' addr $SOCK @srv
    ok 'kind=abstract name=srv' addr $SOCK abstract:srv
    ok 'kind=abstract name=@/x:y' addr $SOCK abstract:@/x:y
    ok 'kind=abstract-dgram name=srv' addr $SOCK abstract-dgram:srv
    ok "kind=abstract name=$(repeat 107)" addr $SOCK "@$(repeat 107)"
    ok "kind=abstract-dgram name=$(repeat 107)" addr $SOCK "abstract-dgram:$(repeat 107)"
    bad ERANGE "abstract socket name longer than 107 bytes" addr $SOCK "@$(repeat 108)"
    bad ERANGE "abstract socket name longer than 107 bytes" addr $SOCK "abstract:$(repeat 108)"
    bad EINVAL "empty abstract socket name" addr $SOCK @
    bad EINVAL "empty abstract socket name" addr $SOCK abstract:
    bad EINVAL "empty abstract socket name" addr $SOCK abstract-dgram:
}

@test "addr: IP sockets" {
    ok 'kind=tcp host=localhost port=80' addr $SOCK tcp:localhost:80
    ok 'kind=udp host=127.0.0.1 port=53' addr $SOCK udp:127.0.0.1:53
    ok 'kind=tcp host= port=8080' addr $SOCK tcp::8080
    ok 'kind=tcp host=::1 port=0' addr $SOCK 'tcp:[::1]:0'
    ok 'kind=udp host=fe80::1%eth0 port=65535' addr $SOCK 'udp:[fe80::1%eth0]:65535'
    ok 'kind=tcp host=::ffff:1.2.3.4 port=1' addr $SOCK 'tcp:[::ffff:1.2.3.4]:1'
    ok 'kind=tcp host=my_host-1.example port=22' addr $SOCK tcp:my_host-1.example:22
    ok "kind=tcp host=$(repeat 253) port=1" addr $SOCK "tcp:$(repeat 253):1"
}

@test "addr: malformed IP sockets" {
    bad ERANGE "port out of range (0..65535)" addr $SOCK tcp:h:65536
    bad ERANGE "port out of range (0..65535)" addr $SOCK tcp:h:99999999999999999999999
    bad EINVAL "not a decimal number" addr $SOCK tcp:h:-1
    bad EINVAL "not a decimal number" addr $SOCK tcp:h:http
    bad EINVAL "missing port" addr $SOCK tcp:h:
    bad EINVAL "missing port" addr $SOCK 'tcp:[::1]:'
    bad EINVAL "missing ':PORT'" addr $SOCK tcp:h
    bad EINVAL "missing ':PORT'" addr $SOCK tcp:
    bad EINVAL "IPv6 address without brackets: use [HOST]:PORT" addr $SOCK tcp:::1:80
    bad EINVAL "IPv6 address without brackets: use [HOST]:PORT" addr $SOCK udp:fe80::1:80
    bad EINVAL "missing ':PORT' after ']'" addr $SOCK 'tcp:[::1]'
    bad EINVAL "missing ':PORT' after ']'" addr $SOCK 'tcp:[::1]80'
    bad EINVAL "missing ']' after IPv6 address" addr $SOCK 'tcp:[::1:80'
    bad EINVAL "invalid IPv6 address" addr $SOCK 'tcp:[]:80'
    bad EINVAL "invalid IPv6 address" addr $SOCK 'tcp:[1.2.3.4]:80'
    bad EINVAL "invalid IPv6 address" addr $SOCK 'tcp:[::g]:80'
    bad EINVAL "invalid IPv6 address" addr $SOCK 'tcp:[::1%]:80'
    bad EINVAL "invalid host name" addr $SOCK 'tcp:a b:1'
    bad EINVAL "invalid host name" addr $SOCK 'tcp:a/b:1'
    bad ERANGE "host name longer than 253 bytes" addr $SOCK "tcp:$(repeat 254):1"
}

## Accept masks

@test "addr: forms outside the mask are refused with the accepted list" {
    bad EINVAL "fd:N addresses are not accepted here; expected $SYSV_FORMS" addr $SYSV fd:3
    bad EINVAL "tcp:HOST:PORT addresses are not accepted here; expected $SYSV_FORMS" addr $SYSV tcp:h:1
    bad EINVAL "unknown address form; expected $SYSV_FORMS" addr $SYSV jobs
    bad EINVAL "POSIX /NAME addresses are not accepted here; expected $SOCK_FORMS" addr $SOCK /tmp/s
    bad EINVAL "key:KEY addresses are not accepted here; expected $SOCK_FORMS" addr $SOCK key:1
    bad EINVAL "unknown address form; expected $SOCK_FORMS" addr $SOCK localhost:80
    bad EINVAL "private addresses are not accepted here; expected /NAME, key:KEY, id:ID or path:FILE[:P]" addr posix,key,id,ftok private
    bad EINVAL "id:ID addresses are not accepted here; expected key:KEY" addr key id:1
    bad EINVAL "empty address" addr $SYSV ''
    bad EINVAL "empty address" addr all ''
}

@test "addr: with POSIX and PATH both accepted, a leading '/' is POSIX" {
    ok 'kind=posix name=/x' addr posix,path /x
    ok 'kind=path name=x/y' addr posix,path x/y
    bad EINVAL "POSIX name has a second '/'" addr posix,path /x/y
    ok 'kind=path name=/x/y' addr path /x/y
}

@test "addr: ipc_arg_address prints the address and exits 2" {
    run -2 parse-driver addr-or-die key,id key:0
    assert_line --index 0 "parse-driver: invalid address 'key:0': key 0 is IPC_PRIVATE: use 'private'"
    assert_line --index 1 "Try 'parse-driver --help' for more information."
    run -0 parse-driver addr-or-die key,id id:7
    assert_output 'kind=id'
}

## Durations

@test "duration: forms" {
    ok 'duration=1.500000000' duration 1.5
    ok 'duration=0.250000000' duration 250ms
    ok 'duration=2.000000000' duration 2s
    ok 'duration=60.000000000' duration 1m
    ok 'duration=5400.000000000' duration 1.5h
    ok 'duration=3600.000000000' duration 1h
    ok 'duration=86400.000000000' duration 1d
    ok 'duration=0.000001500' duration 1.5us
    ok 'duration=0.000000007' duration 7ns
    ok 'duration=0.000000000' duration 0
    ok 'duration=0.000000000' duration 0.000
    ok 'duration=0.000000000' duration 0e999999999999
    ok 'duration=0.500000000' duration .5
    ok 'duration=5.000000000' duration 5.
    ok 'duration=0.100000000' duration 0.1
    ok 'duration=1.100000000' duration 1.1
    ok 'duration=0.002500000' duration 2.5e-3
    ok 'duration=1500.000000000' duration 1.5E3
    ok 'duration=150.000000000' duration 2.5e+0m
    ok 'duration=1000000000000000000.000000000' duration 1e18
    ok 'duration=inf' duration inf
    ok 'duration=inf' duration INF
    ok 'duration=inf' duration Infinity
}

@test "duration: a tiny positive duration rounds up, never to 0" {
    ok 'duration=0.000000001' duration 0.000000001
    ok 'duration=0.000000001' duration 0.0000000001
    ok 'duration=0.000000001' duration 1e-999
    ok 'duration=0.000000001' duration 1e-99999999999999999999
    ok 'duration=0.000000001' duration 0.1ns
    ok 'duration=0.000000002' duration 1.5ns
    ok 'duration=1.000000000' duration 0.9999999999
    ok 'duration=0.000060001' duration 0.000001000000001m
}

# Decision: a duration too large for time_t, 1e999 included, is infinite
# (the header promises it, and a wait that long never ends either way).
@test "duration: too large for time_t is infinite" {
    ok 'duration=inf' duration 1e999
    ok 'duration=inf' duration 1e19
    ok 'duration=inf' duration 99999999999999999999999999
    ok 'duration=inf' duration 106751991167301d
    ok 'duration=inf' duration 1e99999999999999999999h
    ok 'duration=9223372036854720000.000000000' duration 106751991167300d
}

@test "duration: malformed" {
    bad EINVAL "empty" duration ''
    bad ERANGE "negative duration" duration -1
    bad ERANGE "negative duration" duration -0
    bad ERANGE "negative duration" duration -inf
    bad EINVAL "not a number" duration nan
    bad EINVAL "not a number" duration NaN
    bad EINVAL "not a number" duration +1
    bad EINVAL "not a number" duration ' 1'
    bad EINVAL "not a number" duration .
    bad EINVAL "not a number" duration ms
    bad EINVAL "unknown unit 'x'" duration 1x
    bad EINVAL "unknown unit 'S'" duration 1S
    bad EINVAL "unknown unit 'sec'" duration 1sec
    bad EINVAL "unknown unit" duration '1 s'
    bad EINVAL "unknown unit 'e'" duration 1e
    bad EINVAL "unknown unit 'e+'" duration 1e+
    bad EINVAL "unknown unit 'x10'" duration 0x10
    bad EINVAL "unknown unit ',5'" duration 1,5
    bad EINVAL "unknown unit '.5'" duration 1.5.5
    bad EINVAL "unknown unit 'infs'" duration 1infs
    bad EINVAL "unknown unit" duration "1$(repeat 17)"
    bad EINVAL "unknown unit" duration "1'"
}

## Sizes

@test "size: forms" {
    ok 'size=0' size 0
    ok 'size=4096' size 4096
    ok 'size=4096' size 4096B
    ok 'size=65536' size 64K
    ok 'size=65536' size 64k
    ok 'size=65536' size 64KiB
    ok 'size=64000' size 64KB
    ok 'size=1048576' size 1M
    ok 'size=1048576' size 1MiB
    ok 'size=1000000' size 1MB
    ok 'size=1073741824' size 1G
    ok 'size=1000000000' size 1GB
    ok 'size=1099511627776' size 1T
    ok 'size=1000000000000' size 1TB
    ok 'size=1125899906842624' size 1P
    ok 'size=1000000000000000' size 1PB
    ok 'size=1152921504606846976' size 1E
    ok 'size=17293822569102704640' size 15E
    ok 'size=18000000000000000000' size 18EB
    ok 'size=18446744073709551615' size 18446744073709551615
}

@test "size: malformed and out of range" {
    bad EINVAL "empty" size ''
    bad ERANGE "negative size" size -1
    bad EINVAL "not a number" size K
    bad EINVAL "not a number" size +1
    bad EINVAL "not a number" size ' 1'
    bad EINVAL "unknown unit 'x'" size 1x
    bad EINVAL "unknown unit 'Ki'" size 1Ki
    bad EINVAL "unknown unit 'iB'" size 1iB
    bad EINVAL "unknown unit 'KiBx'" size 1KiBx
    bad EINVAL "unknown unit 'kb'" size 1kb
    bad EINVAL "unknown unit '.5K'" size 1.5K
    bad ERANGE "out of range" size 18446744073709551616
    bad ERANGE "out of range" size 99999999999999999999999999
    bad ERANGE "out of range" size 16E
    bad ERANGE "out of range" size 19EB
    bad ERANGE "out of range" size 16777216T
}

## Modes

@test "mode: octal and symbolic" {
    ok 'mode=0600' mode 0600
    ok 'mode=0640' mode 640
    ok 'mode=0000' mode 0
    ok 'mode=7777' mode 7777
    ok 'mode=7777' mode 000007777
    ok 'mode=0640' mode u=rw,g=r
    # 'g=' clears the group's bits: valid, as in chmod.
    ok 'mode=0700' mode u=rwx,g=
    ok 'mode=0777' mode a=rwx
    ok 'mode=0111' mode +x
    ok 'mode=0660' mode u=rw,g=u
    ok 'mode=4000' mode u+s
    ok 'mode=1000' mode o+t
    ok 'mode=0000' mode a+X
    ok 'mode=0644' mode u=rw,go=r
    ok 'mode=0000' mode -rw
}

@test "mode: malformed and out of range" {
    bad EINVAL "empty" mode ''
    bad EINVAL "not an octal mode" mode 0800
    bad EINVAL "not an octal mode" mode 9
    bad EINVAL "not an octal mode" mode 0600x
    bad EINVAL "not an octal mode" mode 99999999999999999999999
    bad ERANGE "out of range (at most 07777)" mode 10000
    bad ERANGE "out of range (at most 07777)" mode 0100644
    bad ERANGE "out of range (at most 07777)" mode 77777777777777777777777777777
    bad EINVAL "invalid mode" mode abc
    bad EINVAL "invalid mode" mode u=rwz
    bad EINVAL "invalid mode" mode ' 600'
    bad EINVAL "invalid mode" mode u=rw,
}

## Signals

@test "signal: names and numbers" {
    ok 'signal=10 name=USR1' signal USR1
    ok 'signal=10 name=USR1' signal SIGUSR1
    ok 'signal=10 name=USR1' signal usr1
    ok 'signal=10 name=USR1' signal SigUsr1
    ok 'signal=10 name=USR1' signal 10
    ok 'signal=1 name=HUP' signal 1
    ok 'signal=9 name=KILL' signal kill
    ok 'signal=15 name=TERM' signal SIGTERM
    ok 'signal=17 name=CHLD' signal CLD
    ok 'signal=29 name=IO' signal SIGIO
    ok 'signal=29 name=IO' signal POLL
    ok 'signal=32 name=32' signal 32
    ok "signal=$(kill -l RTMAX) name=RTMAX" signal 64
    ok 'signal=1 name=HUP' signal 0001
}

@test "signal: real-time signals" {
    local rtmin rtmax
    rtmin=$(kill -l RTMIN) rtmax=$(kill -l RTMAX)
    ok "signal=$rtmin name=RTMIN" signal RTMIN
    ok "signal=$rtmin name=RTMIN" signal RTMIN+0
    ok "signal=$((rtmin + 3)) name=RTMIN+3" signal RTMIN+3
    ok "signal=$((rtmin + 3)) name=RTMIN+3" signal sigrtmin+3
    ok "signal=$rtmax name=RTMAX" signal SIGRTMAX
    ok "signal=$rtmax name=RTMAX" signal RTMAX-0
    ok "signal=$((rtmax - 1)) name=RTMAX-1" signal SIGRTMAX-1
    ok "signal=$rtmax name=RTMAX" signal "RTMIN+$((rtmax - rtmin))"
    ok "signal=$rtmin name=RTMIN" signal "RTMAX-$((rtmax - rtmin))"
    bad ERANGE "real-time signal out of range" signal RTMAX+1
    bad ERANGE "real-time signal out of range" signal RTMIN-1
    bad ERANGE "real-time signal out of range" signal "RTMIN+$((rtmax - rtmin + 1))"
    bad ERANGE "real-time signal out of range" signal "RTMAX-$((rtmax - rtmin + 1))"
    bad ERANGE "real-time signal out of range" signal RTMIN+99999999999999999999999
    bad EINVAL "unknown signal name" signal 'RTMIN 3'
    bad EINVAL "unknown signal name" signal RTMIN+
    bad EINVAL "unknown signal name" signal RTMIN++3
    bad EINVAL "unknown signal name" signal RTMIN+3x
    bad EINVAL "unknown signal name" signal RTMINX
}

@test "signal: malformed and out of range" {
    bad EINVAL "empty" signal ''
    bad ERANGE "signal number out of range" signal 0
    bad ERANGE "signal number out of range" signal 65
    bad ERANGE "signal number out of range" signal 99999999999999999999999
    bad EINVAL "not a signal number" signal 1x
    bad EINVAL "unknown signal name" signal -1
    bad EINVAL "unknown signal name" signal SIG
    bad EINVAL "unknown signal name" signal SIGFOO
    bad EINVAL "unknown signal name" signal SIG10
    bad EINVAL "unknown signal name" signal EXIT
    bad EINVAL "unknown signal name" signal ' USR1'
    bad EINVAL "unknown signal name" signal "SIG$(repeat 40)"
}

@test "signal: names of numbers" {
    ok 'name=HUP' signame 1
    ok 'name=ABRT' signame 6
    ok 'name=USR1' signame 10
    ok 'name=IO' signame 29
    ok 'name=32' signame 32
    ok 'name=RTMIN+1' signame "$(( $(kill -l RTMIN) + 1 ))"
    ok 'name=RTMAX-1' signame "$(( $(kill -l RTMAX) - 1 ))"
    ok 'name=0' signame 0
    ok 'name=-1' signame -1
    ok 'name=65' signame 65
    ok 'name=-2147483648' signame -2147483648
}

## Counts

@test "count: digits only" {
    ok 'count=0' count 0
    ok 'count=42' count 042
    ok 'count=18446744073709551615' count 18446744073709551615
    bad EINVAL "empty" count ''
    bad ERANGE "negative count" count -1
    bad ERANGE "out of range" count 18446744073709551616
    bad EINVAL "not a decimal number" count +1
    bad EINVAL "not a decimal number" count ' 1'
    bad EINVAL "not a decimal number" count 1x
    bad EINVAL "not a decimal number" count 0x10
    bad EINVAL "not a decimal number" count 1.0
}

## Pidfiles (what 'ipc-signal send pidfile:PATH' reads)

@test "pidfile: one decimal PID, blanks around it" {
    ok 'pid=1' pidfile 1
    ok 'pid=1234' pidfile $'1234\n'
    ok 'pid=42' pidfile $' \t42\r\n\n'
    ok 'pid=17' pidfile 00017
    ok 'pid=2147483647' pidfile 2147483647
}

@test "pidfile: empty, garbage, signs, zero and out of range" {
    bad EINVAL "empty" pidfile ''
    bad EINVAL "empty" pidfile $' \n\t'
    bad EINVAL "not one decimal PID" pidfile garbage
    bad EINVAL "not one decimal PID" pidfile -1
    bad EINVAL "not one decimal PID" pidfile +5
    bad EINVAL "not one decimal PID" pidfile '12 34'
    bad EINVAL "not one decimal PID" pidfile $'12\n34\n'
    bad EINVAL "not one decimal PID" pidfile 0x10
    bad EINVAL "not one decimal PID" pidfile 12abc
    bad ERANGE "PID 0 is not a process" pidfile 0
    bad ERANGE "PID 0 is not a process" pidfile $'000\n'
    bad ERANGE "PID out of range" pidfile 2147483648
    bad ERANGE "PID out of range" pidfile 99999999999999999999999999999
}

## /proc/net/tcp, tcp6, udp, udp6 (what 'ipc-sock ls' reads)

PROCNET_HEADER='  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode'

# procnet_line SLOT LOCAL REMOTE STATE INODE: a line as the kernel writes it.
procnet_line() {
    printf '%4d: %s %s %s 00000000:00000000 00:00000000 00000000  1000        0 %s 1 0000000000000000 100 0 0 10 0\n' "$@"
}

@test "procnet: the kernel's lines give the sockets, IPv4 and IPv6" {
    run -0 parse-driver procnet tcp "$PROCNET_HEADER
$(procnet_line 0 0100007F:1F90 00000000:0000 0A 12345)
$(procnet_line 1 0100007F:1F90 0100007F:C350 01 12346)"
    assert_output "tcp LISTEN tcp:127.0.0.1:8080 remote= inode=12345
tcp ESTAB tcp:127.0.0.1:8080 remote=tcp:127.0.0.1:50000 inode=12346"
    run -0 parse-driver procnet udp6 "$PROCNET_HEADER
$(procnet_line 0 00000000000000000000000001000000:0035 00000000000000000000000000000000:0000 07 777)"
    assert_output "udp6 UNCONN udp:[::1]:53 remote= inode=777"
    run -1 parse-driver procnet unix "$PROCNET_HEADER"
    assert_output "error: Invalid argument"
}

# Found with tests/fuzz/fuzz-procnet: an address shorter than the
# kernel's 8 (or 32) digits was read past its end, from whatever the
# buffer held before, and one with a longer port was taken.
@test "procnet: addresses not of the kernel's hexadecimal form are skipped" {
    run -0 parse-driver procnet tcp "$PROCNET_HEADER
$(procnet_line 0 7F:1F90 00000000:0000 0A 1)
$(procnet_line 1 0100007F:00345 00000000:0000 0A 2)
$(procnet_line 2 0100007F:1F90 0100007F:C3 01 3)
$(procnet_line 3 0100007X:1F90 00000000:0000 0A 4)
$(procnet_line 4 0100007F1F90 00000000:0000 0A 5)
$(procnet_line 5 0100007F:1F90 00000000:0000 0A 6)"
    assert_output "tcp LISTEN tcp:127.0.0.1:8080 remote= inode=6"
    run -0 parse-driver procnet tcp6 "$PROCNET_HEADER
$(procnet_line 0 0100007F:1F90 00000000000000000000000000000000:0000 0A 7)
$(procnet_line 1 0000000000000000000000000100000:0035 00000000000000000000000000000000:0000 0A 8)"
    assert_output ""
}

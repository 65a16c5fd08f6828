#!/bin/bash
# Benchmark of 'ipc-sock listen' and 'ipc-sock connect' as a stream relay,
# against socat and a raw C splice pair (bench/sock-pair.c), the latter
# with the default 64 KiB pipes and with 1 MiB ones as ipc-sock sets them,
# in the same run ('make bench' puts the built commands first on PATH):
#   head -c BYTES /dev/zero | CLIENT  ->  SERVER | pipe-splice sink
# over a Unix socket and over TCP on 127.0.0.1.  The sink counts the
# bytes, which must be all of them.  Each figure is the median of
# BENCH_RUNS runs, in GiB/s, with ratios to socat and to the raw pairs.
# Needs socat, python3 and a C compiler.
set -euo pipefail

BYTES=${BENCH_BYTES:-$((2 * 1024 * 1024 * 1024))}
RUNS=${BENCH_RUNS:-5}
here=$(cd "$(dirname "$0")" && pwd)

for tool in ipc-sock socat python3 "${CC:-cc}"; do
    command -v "$tool" >/dev/null || { echo "bench/sock.sh: $tool not found" >&2; exit 1; }
done
if ((RUNS < 3)); then
    echo "bench/sock.sh: medians need at least 3 runs" >&2
    exit 1
fi

tmp=$(mktemp -d)
pids=()
cleanup() {
    local pid
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT
"${CC:-cc}" -O2 -o "$tmp/sock-pair" "$here/sock-pair.c"
"${CC:-cc}" -O2 -o "$tmp/pipe-splice" "$here/pipe-splice.c"
pair=$tmp/sock-pair
sink="$tmp/pipe-splice sink"

echo "ipc-sock benchmark: $(command -v ipc-sock), $((BYTES >> 20)) MiB per run," \
     "median of $RUNS runs"
echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)," \
     "Linux $(uname -r)"
echo

# A TCP port for socat, which cannot report the one it was given.
free_port() {
    python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# run_once RELAY TRANSPORT: start the server, wait until it listens, time
# the client until the sink has counted every byte; print microseconds.
run_once() {
    local relay=$1 transport=$2 sock=$tmp/s count=$tmp/count addr port
    local size=
    [ "$relay" = raw1m ] && size=$((1024 * 1024))
    rm -f "$sock" "$count" "$tmp/port"
    case $relay/$transport in
    ipc-sock/unix) addr=unix:$sock
        bash -c "ipc-sock listen $addr </dev/null | $sink >$count" & ;;
    ipc-sock/tcp) port=$(free_port); addr=tcp:127.0.0.1:$port
        bash -c "ipc-sock listen $addr </dev/null | $sink >$count" & ;;
    socat/unix) addr=unix:$sock
        bash -c "socat -u UNIX-LISTEN:$sock - | $sink >$count" & ;;
    socat/tcp) port=$(free_port); addr=tcp:127.0.0.1:$port
        bash -c "socat -u TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr - | $sink >$count" & ;;
    raw*/unix) addr=unix:$sock
        bash -c "$pair listen unix $sock $size | $sink >$count" & ;;
    raw*/tcp)
        bash -c "$pair listen tcp $tmp/port $size | $sink >$count" &
        while [ ! -s "$tmp/port" ]; do sleep 0.01; done
        addr=tcp:127.0.0.1:$(cat "$tmp/port") ;;
    esac
    local server=$!
    pids=("$server")
    ipc-sock wait "$addr" -t 10s
    local client t0 t1
    case $relay in
    ipc-sock) client="ipc-sock connect $addr >/dev/null" ;;
    socat) client="socat -u - ${addr/unix:/UNIX-CONNECT:}"
           client=${client/tcp:/TCP:} ;;
    raw*) if [ "$transport" = unix ]; then client="$pair connect unix $sock $size"
          else client="$pair connect tcp ${addr##*:} $size"; fi ;;
    esac
    t0=$(date +%s%N)
    bash -c "head -c $BYTES /dev/zero | $client"
    wait "$server"
    t1=$(date +%s%N)
    pids=()
    if [ "$(cat "$count")" != "$BYTES" ]; then
        echo "bench/sock.sh: $relay over $transport delivered $(cat "$count") bytes of $BYTES" >&2
        exit 1
    fi
    echo "$(( (t1 - t0) / 1000 ))"
}

# Runs are interleaved so that a slow moment of the machine does not land
# on one relay only.
relays=(ipc-sock socat raw raw1m)
transports=(unix tcp)
results=$tmp/results
: >"$results"
for ((run = 0; run < RUNS; run++)); do
    for t in "${!transports[@]}"; do
        for r in "${!relays[@]}"; do
            echo "$t $r $(run_once "${relays[r]}" "${transports[t]}")" >>"$results"
        done
    done
done

python3 - "$results" "$BYTES" <<'PY'
import statistics, sys
path, nbytes = sys.argv[1], int(sys.argv[2])
relays = ["ipc-sock", "socat", "raw splice pair", "raw, 1 MiB pipes"]
transports = ["unix", "tcp"]
times = {}
for line in open(path):
    t, r, us = map(int, line.split())
    times.setdefault((t, r), []).append(us / 1e6)
rate = {k: nbytes / statistics.median(v) / 2**30 for k, v in times.items()}
print(f"   {'relay':<18}" + "".join(f"{n:>14}" for n in transports))
for r, name in enumerate(relays):
    print(f"   {name:<18}" + "".join(f"{rate[t, r]:>8.2f} GiB/s"
                                     for t in range(len(transports))))
print()
for t, name in enumerate(transports):
    print(f"   {name}: ipc-sock / socat {rate[t, 0] / rate[t, 1]:5.2f}, "
          f"/ raw pair {rate[t, 0] / rate[t, 2]:5.2f}, "
          f"/ raw pair with 1 MiB pipes {rate[t, 0] / rate[t, 3]:5.2f}")
PY

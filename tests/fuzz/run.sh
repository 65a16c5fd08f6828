#!/bin/sh
# Build every libFuzzer target of tests/fuzz and run each for a bounded
# time on a fresh copy of its seed corpus; fail when one crashes, leaks
# or breaks an invariant.
#
#   run.sh ABS_SRCDIR ABS_BUILDDIR      (what 'make fuzz' runs)
#
# FUZZ_SECONDS (default 20) bounds each run; FUZZ_RUNS, when set, runs
# each target for that many executions instead, with no time limit
# ('make fuzz-long' sets 10000000).  FUZZ_TARGETS (default: all of them)
# names the targets to run, FUZZ_CC (default clang) compiles, FUZZ_OUT
# (default BUILDDIR/tests/fuzz) holds what is built and found.  The
# parsers are compiled here from source with the
# sanitizers, against the configured build directory's config.h and its
# gnulib library (lib/gnulib/libgnu.a, which must be built).  A crash
# leaves its input as BUILDDIR/tests/fuzz/crash-TARGET-*: reproduce it
# with 'BUILDDIR/tests/fuzz/fuzz-TARGET FILE', then make it a case of
# tests/parse.bats.
set -eu

if [ $# -ne 2 ]; then
    echo "usage: $0 ABS_SRCDIR ABS_BUILDDIR" >&2
    exit 2
fi
src=$1
build=$2
seconds=${FUZZ_SECONDS:-20}
runs=${FUZZ_RUNS:-}
targets=${FUZZ_TARGETS:-addr units records pidfile proc procnet}
cc=${FUZZ_CC:-clang}
out=${FUZZ_OUT:-$build/tests/fuzz}

libgnu=$build/lib/gnulib/libgnu.a
if [ ! -f "$libgnu" ]; then
    echo "$0: $libgnu is missing: run 'make' in $build first" >&2
    exit 1
fi
mkdir -p "$out"

# Our whole library, compiled once with the sanitizers and libFuzzer's
# coverage: the parsers call into ipc-cli, which reaches the verb table,
# the deadline and the table code, so a hand-kept list of files goes stale.
cflags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all"
includes="-I$build -I$build/lib/gnulib -I$src/lib/gnulib -I$src/lib $(pkg-config --cflags smartcols)"
libs="$(pkg-config --libs smartcols) -lm"
libipc=$out/libipc-fuzz.a
rm -f "$libipc" "$out"/lib-*.o
for f in "$src"/lib/ipc-*.c; do
    o=$out/lib-$(basename "$f" .c).o
    # shellcheck disable=SC2086 # the flag lists are word lists
    $cc -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
        -g -O1 $includes -c -o "$o" "$f"
done
ar rcs "$libipc" "$out"/lib-*.o

status=0
for target in $targets; do
    exe=$out/fuzz-$target
    echo "fuzz-$target: building"
    # shellcheck disable=SC2086 # the flag lists are word lists
    $cc $cflags $includes -o "$exe" "$src/tests/fuzz/fuzz-$target.c" \
        "$libipc" "$libgnu" $libs

    # A fresh corpus each time, so that the repository's seeds stay as
    # they are and a run does not depend on the one before.
    corpus=$out/corpus-$target
    rm -rf "$corpus"
    mkdir -p "$corpus"
    cp "$src/tests/fuzz/corpus/$target/"* "$corpus/"

    if [ -n "$runs" ]; then
        limit=-runs=$runs
        echo "fuzz-$target: running for $runs executions"
    else
        limit=-max_total_time=$seconds
        echo "fuzz-$target: running for ${seconds}s"
    fi
    start=$(date +%s)
    if "$exe" "$limit" -timeout=10 -rss_limit_mb=2048 \
            -max_len=4200 -dict="$src/tests/fuzz/$target.dict" \
            -artifact_prefix="$out/crash-$target-" -print_final_stats=1 \
            "$corpus" >"$out/fuzz-$target.log" 2>&1; then
        grep -E '^stat::number_of_executed_units' "$out/fuzz-$target.log" \
            | sed "s/^/fuzz-$target: /" || true
        echo "fuzz-$target: no crash in $(($(date +%s) - start))s"
    else
        tail -n 40 "$out/fuzz-$target.log" >&2
        echo "fuzz-$target: FAILED, see $out/fuzz-$target.log" >&2
        status=1
    fi
done
exit $status

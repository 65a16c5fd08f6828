#!/bin/bash
# A short tour of what ipc-utils can do: runs every examples/demo-*.sh (one
# per command, e.g. demo-lock.sh for ipc-lock) against the commands just
# built.  Run it from the top of a build tree (after 'make'), or anywhere
# once the commands are installed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)

# Prefer the commands just built: in the current directory (a build tree),
# then beside this script (an in-tree build), then whatever is installed.
has_commands() {
    local f
    for f in "$1"/ipc-*; do
        [[ -f $f && -x $f && $f != *.[cho] ]] && return 0
    done
    return 1
}
for dir in "$PWD/utils" "$here/../utils"; do
    if has_commands "$dir"; then
        PATH=$(cd "$dir" && pwd):$PATH
        break
    fi
done
export PATH

status=0
for demo in "$here"/demo-*.sh; do
    [ "$demo" != "$here/demo-common.sh" ] || continue
    cmd=ipc-$(basename "$demo" .sh | sed 's/^demo-//')
    if ! command -v "$cmd" >/dev/null; then
        echo "demo: $cmd is not built or installed" >&2
        status=1
        continue
    fi
    printf '\n==== %s (%s) ====\n' "$cmd" "$(command -v "$cmd")"
    bash "$demo" || { echo "demo: $(basename "$demo") failed" >&2; status=1; }
done
[ "$status" -eq 0 ] && printf '\nDemo done.  Next: examples/README.md, make check, and man -l man/ipc-lock.1\n'
exit "$status"

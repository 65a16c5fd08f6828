# Bash completion for the seven commands of ipc-utils: ipc-lock, ipc-mq,
# ipc-pipe, ipc-shm, ipc-sem, ipc-signal and ipc-sock.   -*- shell-script -*-
#
# One file for all seven; 'make install' puts it in bash-completion's
# completionsdir under each command's name (bash-completion loads the file
# named after the command on the first Tab).
#
# Nothing here lists a verb, an option or a column: they are read, at
# completion time, from the command being completed - 'ipc-X --help' for
# the verbs and their aliases, 'ipc-X VERB --help' for that verb's options
# (and which of them take an argument) and its output columns - once per
# shell, command (as typed: ipc-mq and ./utils/ipc-mq are two) and verb,
# in the _ipc_utils_help cache; a new shell sees an upgraded command.  So this file never
# drifts from the commands, and completes an installed copy and a build
# tree's utils/ipc-X alike, whichever one is run.  (Generating the lists at
# build time would save one --help per verb per shell, a few milliseconds,
# at the price of a generated file to keep in step.)  What --help cannot
# say is here: which operand of which verb names which kind of object.
#
# Signal names come from 'ipc-signal list', object names from 'ls' of the
# command itself, on every Tab (they change under our feet):
#   ipc-mq, ipc-shm, ipc-sem   /NAME (POSIX), key:KEY and id:ID (System V)
#   ipc-pipe                   FIFOs in use (ipc-pipe ls), and files
#   ipc-sock                   addresses that something listens or is bound
#                              at (ipc-sock ls), and the address kinds
#   ipc-lock                   files; fd:N of this shell's descriptors

declare -gA _ipc_utils_help=()

# _ipc_utils_help_of CMD [VERB]: CMD [VERB] --help, cached per shell.
# Sets _ipc_utils_text.
_ipc_utils_help_of()
{
    local key="$1${2:+ $2}"
    if [[ ! -v _ipc_utils_help[$key] ]]; then
        _ipc_utils_help[$key]=$(LC_ALL=C "$1" ${2:+"$2"} --help 2>/dev/null)
    fi
    _ipc_utils_text=${_ipc_utils_help[$key]}
}

# _ipc_utils_verbs CMD: the verbs of CMD, one a line, each followed by its
# aliases: "ls list".  From the "Verbs:" section of CMD --help, whose
# entries may wrap onto lines indented by 12 spaces.
_ipc_utils_verbs()
{
    _ipc_utils_help_of "$1"
    printf '%s\n' "$_ipc_utils_text" | awk '
        /^Verbs:/ { on = 1; next }
        on && /^$/ { exit }
        on && /^  [a-z]/ { if (v != "") print v, a; v = $1; a = ""; t = $0 }
        on { t = t " " $0; while (match(t, /alias: [a-z-]+/)) {
                 a = a " " substr(t, RSTART + 7, RLENGTH - 7)
                 t = substr(t, RSTART + RLENGTH) } }
        END { if (v != "") print v, a }'
}

# _ipc_utils_options CMD VERB: the long options of VERB, one a line, those
# that take an argument with a trailing '=', then a line '--' and the
# short options that take an argument (-t, -o ...).
_ipc_utils_options()
{
    _ipc_utils_help_of "$1" "$2"
    printf '%s\n' "$_ipc_utils_text" | awk '
        /^  -[[:alnum:]], --[[:alnum:]]/ || /^      --[[:alnum:]]/ {
            short = ""
            if ($1 ~ /^-[[:alnum:]],$/) { short = substr($1, 1, 2); $1 = "" }
            split($0, f, " "); long = f[1]
            if (long ~ /=/) {
                print substr(long, 1, index(long, "="))
                if (short != "") s = s "\n" short
            } else print long
        }
        END { print "--" s }'
}

# _ipc_utils_columns CMD VERB: VERB's output columns (NAME, TYPE ...).
_ipc_utils_columns()
{
    _ipc_utils_help_of "$1" "$2"
    printf '%s\n' "$_ipc_utils_text" | awk '
        /^Available output columns/ { on = 1; next }
        on && /^ [ *] [A-Z]/ { print ($1 == "*" ? $2 : $1) }'
}

# _ipc_utils_signals: signal names as ipc-signal lists them (HUP ...
# RTMIN+1 ... RTMAX), without the numbers that have no name.
_ipc_utils_signals()
{
    local sigcmd=ipc-signal
    # Next to the command being completed, if it is a path.
    [[ $1 == */* ]] && sigcmd=${1%/*}/ipc-signal
    LC_ALL=C "$sigcmd" list -r -n -o NAME 2>/dev/null | command grep -v '^[0-9]*$'
}

# _ipc_utils_objects CMD: the objects that CMD ls shows, as operands:
# /NAME for a POSIX one, key:KEY (unless IPC_PRIVATE) and id:ID for a
# System V one.
_ipc_utils_objects()
{
    LC_ALL=C "$1" ls -r -n -o TYPE,NAME,KEY,ID 2>/dev/null | awk '
        $1 == "posix" { print $2 }
        $1 == "sysv" {
            if ($3 != "" && $3 != "0x00000000") print "key:" $3
            if ($4 != "") print "id:" $4 }'
}

# _ipc_utils_fifos CMD: the FIFOs in use (ipc-pipe ls).
_ipc_utils_fifos()
{
    LC_ALL=C "$1" ls -r -n -o TYPE,NAME 2>/dev/null | awk '$1 == "fifo" { print $2 }'
}

# _ipc_utils_sockets CMD: the addresses something listens or is bound at.
_ipc_utils_sockets()
{
    LC_ALL=C "$1" ls -r -n -o STATE,ADDR 2>/dev/null \
        | awk '($1 == "LISTEN" || $1 == "UNCONN") && $2 != "" { print $2 }' \
        | sort -u
}

# _ipc_utils_fds: fd:N for the descriptors of this shell (past 2), which
# acquire, release and send-fd take.
_ipc_utils_fds()
{
    local f
    for f in /proc/$$/fd/*; do
        f=${f##*/}
        ((f > 2 && f != 255)) && printf 'fd:%s\n' "$f"
    done
}

# _ipc_utils_add WORD...: add those of WORDs that start with $cur.
_ipc_utils_add()
{
    local w
    for w; do
        [[ $w == "$cur"* ]] && COMPREPLY+=("$w")
    done
}

_ipc_utils()
{
    local cur prev words cword split
    _init_completion -s -n : || return

    local cmd=${words[0]} name=${words[0]##*/}
    local verb="" vi=0 i line

    # Fill the cache here, in this shell: the helpers below run in
    # subshells ($(...), <(...)), whose assignments are lost.
    _ipc_utils_help_of "$cmd"

    if ((cword == 1)); then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W '--help --version' -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$(_ipc_utils_verbs "$cmd" | cut -d' ' -f1)" -- "$cur"))
        fi
        return
    fi

    # The verb is the first word; an alias stands for its verb.
    while read -r line; do
        for i in $line; do
            [[ $i == "${words[1]}" ]] && verb=${line%% *}
        done
    done < <(_ipc_utils_verbs "$cmd")
    [[ -n $verb ]] || return
    vi=1
    _ipc_utils_help_of "$cmd" "$verb"

    # After '--': a command and its arguments.
    for ((i = vi + 1; i < cword; i++)); do
        if [[ ${words[i]} == -- ]]; then
            _command_offset $((i + 1))
            return
        fi
    done

    local -a longs=() shortargs=()
    local o past=0
    while read -r o; do
        if [[ $o == -- ]]; then past=1
        elif ((past)); then shortargs+=("$o")
        else longs+=("$o"); fi
    done < <(_ipc_utils_options "$cmd" "$verb")

    # The argument of an option.
    local takes=0
    for o in "${shortargs[@]}"; do [[ $prev == "$o" ]] && takes=1; done
    for o in "${longs[@]}"; do [[ $o == *= && $prev == "${o%=}" ]] && takes=1; done
    if ((takes)); then
        case $prev in
        -o | --output)
            # COL,COL,...: complete the last one; a leading '+' is kept.
            local head=${cur%"${cur##*,}"} last=${cur##*,}
            [[ -z $head && $last == +* ]] && head=+ last=${last#+}
            local c
            for c in $(_ipc_utils_columns "$cmd" "$verb"); do
                [[ $c == "$last"* ]] && COMPREPLY+=("$head$c")
            done
            ;;
        --caught | --blocked | --ignored | --pending)
            COMPREPLY=($(compgen -W "$(_ipc_utils_signals "$cmd")" -- "$cur"))
            ;;
        -p | --pid) _pids ;;
        --allow-uid) COMPREPLY=($(compgen -u -- "$cur")) ;;
        --pidfile) _filedir ;;
        esac
        __ltrim_colon_completions "$cur"
        return
    fi
    $split && return

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "${longs[*]}" -- "$cur"))
        [[ ${COMPREPLY-} == *= ]] && compopt -o nospace 2>/dev/null
        return
    fi

    # Which operand is being completed: 1 for the first after the verb.
    local n=0 skip=0 w
    for ((i = vi + 1; i < cword; i++)); do
        if ((skip)); then skip=0; continue; fi
        o=${words[i]}
        case $o in
        --*=*) ;;
        --*) for w in "${longs[@]}"; do [[ $w == "$o=" ]] && skip=1; done ;;
        -?*) for w in "${shortargs[@]}"; do [[ $o == "$w" ]] && skip=1; done ;;
        *) ((n++)) ;;
        esac
    done
    ((n++))

    local -a objs=()
    case $name:$verb in
    ipc-mq:create | ipc-shm:create | ipc-sem:create) ;;
    ipc-mq:rm | ipc-shm:rm | ipc-sem:rm) mapfile -t objs < <(_ipc_utils_objects "$cmd") ;;
    ipc-mq:* | ipc-shm:resize | ipc-shm:write | ipc-shm:read | ipc-shm:stat | ipc-sem:*)
        ((n == 1)) && mapfile -t objs < <(_ipc_utils_objects "$cmd") ;;
    ipc-shm:counter)
        case $n in
        1) mapfile -t objs < <(_ipc_utils_objects "$cmd") ;;
        2) objs=(get set add cas wait) ;;
        esac
        ;;
    ipc-pipe:create) _filedir ;;
    ipc-pipe:rm | ipc-pipe:write | ipc-pipe:read | ipc-pipe:stat)
        if [[ $verb == rm || n -eq 1 ]]; then
            mapfile -t objs < <(_ipc_utils_fifos "$cmd")
            [[ $verb == stat ]] && mapfile -t -O ${#objs[@]} objs < <(_ipc_utils_fds)
            _filedir
        fi
        ;;
    ipc-lock:run | ipc-lock:stat) ((n == 1)) && _filedir ;;
    ipc-lock:acquire | ipc-lock:release) ((n == 1)) && mapfile -t objs < <(_ipc_utils_fds) ;;
    ipc-signal:send)
        if ((n == 1)); then
            mapfile -t objs < <(_ipc_utils_signals "$cmd")
        else
            _pids
            objs=(pidfile:)
        fi
        ;;
    ipc-signal:wait | ipc-signal:list) mapfile -t objs < <(_ipc_utils_signals "$cmd") ;;
    ipc-signal:stat) ((n == 1)) && _pids ;;
    ipc-sock:connect | ipc-sock:wait | ipc-sock:send | ipc-sock:stat | ipc-sock:send-fd)
        if ((n == 1)); then
            mapfile -t objs < <(_ipc_utils_sockets "$cmd")
            objs+=(unix: abstract: unixgram: abstract-dgram: tcp: udp:)
        elif [[ $verb == send-fd && n -eq 2 ]]; then
            mapfile -t objs < <(_ipc_utils_fds)
        fi
        ;;
    ipc-sock:listen | ipc-sock:recv | ipc-sock:recv-fd)
        ((n == 1)) && objs=(unix: abstract: unixgram: abstract-dgram: tcp: udp:)
        ;;
    esac

    # The objects first, then what _filedir or _pids found, each once.
    local -a found=("${COMPREPLY[@]}")
    COMPREPLY=()
    _ipc_utils_add "${objs[@]}"
    for o in "${found[@]}"; do
        for i in "${COMPREPLY[@]}"; do [[ $i == "$o" ]] && continue 2; done
        COMPREPLY+=("$o")
    done
    [[ ${#COMPREPLY[@]} -eq 1 && $COMPREPLY == *: ]] && compopt -o nospace 2>/dev/null
    __ltrim_colon_completions "$cur"
} &&
    complete -F _ipc_utils ipc-lock ipc-mq ipc-pipe ipc-shm ipc-sem ipc-signal ipc-sock

# ex: filetype=sh

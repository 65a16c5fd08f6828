#!/usr/bin/env bats
# The manual pages that help2man builds for every command (man/ipc-X.1
# from --help, --version and man/ipc-X.x): they exist, render without a
# single warning under groff and mandoc, and have the sections a user
# looks for.  Each test loops over the commands of bin_PROGRAMS.

bats_require_minimum_version 1.5.0
load common

checking() { echo "checking: $*"; }

# page CMD: the built manual page of CMD.
page() { echo "$IPC_TOP_BUILDDIR/man/$1.1"; }

@test "every command has a built manual page and a man/ipc-X.x source" {
    local cmds cmd
    cmds=$(ipc_commands)
    [ -n "$cmds" ] || fail "no command found in bin_PROGRAMS"
    for cmd in $cmds; do
        checking "$cmd"
        [ -s "$(page "$cmd")" ] || fail "$(page "$cmd") is missing or empty"
        [ -s "$IPC_TOP_SRCDIR/man/$cmd.x" ] || fail "man/$cmd.x is missing"
        # Installed by 'make install' too.
        grep -Eq "^man_MANS[[:space:]]*\+?=.*man/$cmd\.1" "$IPC_TOP_SRCDIR/Makefile.am" \
            || fail "man/$cmd.1 is not in man_MANS"
    done
}

@test "groff renders every page without a warning" {
    local cmd
    for cmd in $(ipc_commands); do
        checking "groff -man -Tutf8 -ww -z $(page "$cmd")"
        run -0 --separate-stderr groff -man -Tutf8 -ww -z "$(page "$cmd")"
        assert_equal "$stderr" ""
    done
}

@test "mandoc -Tlint finds no error or warning in any page" {
    command -v mandoc >/dev/null \
        || fail "mandoc is not installed (it is in .ci/packages)"
    local cmd
    for cmd in $(ipc_commands); do
        checking "mandoc -Tlint -W error $(page "$cmd")"
        run -0 mandoc -Tlint -W error "$(page "$cmd")"
        assert_output ""
        # Warnings too, but for help2man's date ('November 2026'), which
        # mandoc cannot parse as a date.
        checking "mandoc -Tlint -W warning $(page "$cmd")"
        run mandoc -Tlint -W warning "$(page "$cmd")"
        assert_equal "$(grep -v 'WARNING: cannot parse date' <<<"$output")" ""
    done
}

@test "every page has NAME, SYNOPSIS, DESCRIPTION, EXAMPLES, EXIT STATUS, SEE ALSO" {
    local cmd section
    for cmd in $(ipc_commands); do
        for section in NAME SYNOPSIS DESCRIPTION EXAMPLES "EXIT STATUS" "SEE ALSO"; do
            checking "$cmd.1 has $section"
            grep -Eq "^\.SH \"?$section\"?\$" "$(page "$cmd")" \
                || fail "$(page "$cmd") has no $section section"
        done
        # NAME says what the command is, not help2man's placeholder.
        checking "$cmd.1 has a real NAME"
        run -0 sed -n '/^\.SH NAME$/{n;p;}' "$(page "$cmd")"
        assert_regex "$output" "^$cmd \\\\- [a-z]"
        refute_output --partial "manual page for"
    done
}

@test "every page names every verb, every exit status of SPEC, and renders as text" {
    local cmd verb status text
    for cmd in $(ipc_commands); do
        text=$(groff -man -Tascii -P-cbou -ww "$(page "$cmd")" 2>&1) \
            || fail "groff $(page "$cmd") failed: $text"
        # help2man ran the command as ./utils/ipc-X: no such path may leak
        # into the page.
        checking "$cmd.1 does not name the build tree"
        if grep -n -e '\./utils/ipc-' -e "$IPC_TOP_BUILDDIR/" <<<"$text"; then
            fail "$cmd.1 names the build path of the command"
        fi
        for verb in $(ipc_spec_verbs "$cmd"); do
            checking "$cmd.1 names $verb"
            grep -Eq "^ +($cmd +)?$verb([ ,]|\$)" <<<"$text" \
                || fail "$cmd.1 does not describe '$verb'"
        done
        # The EXIT STATUS section lists at least 0, 1, 2 and 124.
        local exit_section
        exit_section=$(sed -n '/^EXIT STATUS/,/^[A-Z]/p' <<<"$text")
        for status in 0 1 2 124; do
            checking "$cmd.1 EXIT STATUS lists $status"
            grep -Eq "^ +$status( |\$)" <<<"$exit_section" \
                || fail "$cmd.1 EXIT STATUS does not list $status"
        done
    done
}

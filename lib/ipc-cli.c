/* Command-line machinery shared by every ipc-* command.  */
#include <config.h>

#include "ipc-cli.h"

#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "closeout.h"
#include "error.h"
#include "exitfail.h"
#include "progname.h"
#include "quote.h"

#include "ipc-units.h"

/* The year of the latest release, for --version.  */
enum { COPYRIGHT_YEAR = 2026 };

char const *ipc_verb;
char const *ipc_verb_name;

void
ipc_cli_init (int argc, char **argv)
{
  (void) argc;
  set_program_name (argv[0]);
  /* Messages and --help name the command as SPEC does ("ipc-mq: ..."),
     however it was invoked.  */
  char const *slash = strrchr (program_name, '/');
  if (slash && slash[1])
    program_name = slash + 1;
  setlocale (LC_ALL, "");
  exit_failure = IPC_EXIT_FAILURE;
  atexit (close_stdout);
}

void
ipc_emit_try_help (void)
{
  fprintf (stderr, "Try '%s --help' for more information.\n",
           ipc_verb_name ? ipc_verb_name : program_name);
}

void
ipc_emit_ancillary_info (void)
{
  printf ("\nExit status, examples and details: man %s\n", program_name);
  printf ("Report bugs to: %s\n", PACKAGE_BUGREPORT);
}

noreturn void
ipc_print_version (void)
{
  printf ("%s (%s) %s\n", program_name, PACKAGE_NAME, PACKAGE_VERSION);
  printf ("Copyright (C) %d the ipc-utils authors.\n", COPYRIGHT_YEAR);
  fputs ("\
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n\
This is free software: you are free to change and redistribute it.\n\
There is NO WARRANTY, to the extent permitted by law.\n\
\n\
Written by the ipc-utils authors.\n", stdout);
  exit (IPC_EXIT_OK);
}

noreturn void
ipc_usage_error (char const *format, ...)
{
  va_list ap;
  va_start (ap, format);
  fprintf (stderr, "%s: ", program_name);
  vfprintf (stderr, format, ap);
  va_end (ap);
  fputc ('\n', stderr);
  ipc_emit_try_help ();
  exit (IPC_EXIT_USAGE);
}

void
ipc_no_extra_operand (char const *operand)
{
  if (operand)
    ipc_usage_error ("extra operand %s", quote (operand));
}

/* Verb names as typed, e.g. "ipc-lock run", kept for messages; the verb
   replaces argv[0] so that its getopt reports "ipc-lock run: ...".  */
static char verb_label[128];

int
ipc_cli_dispatch (struct ipc_verb const *verbs, int argc, char **argv,
                  void (*usage) (int status))
{
  if (argc < 2)
    ipc_usage_error ("missing verb");
  char const *word = argv[1];
  if (strcmp (word, "--help") == 0 || strcmp (word, "-h") == 0)
    {
      usage (IPC_EXIT_OK);
      return IPC_EXIT_OK;
    }
  if (strcmp (word, "--version") == 0 || strcmp (word, "-V") == 0)
    ipc_print_version ();
  for (struct ipc_verb const *v = verbs; v->name; v++)
    if (strcmp (word, v->name) == 0
        || (v->alias && strcmp (word, v->alias) == 0))
      {
        snprintf (verb_label, sizeof verb_label, "%s %s", program_name,
                  v->name);
        ipc_verb = v->name;
        ipc_verb_name = verb_label;
        argv[1] = verb_label;
        return v->run (argc - 1, argv + 1);
      }
  if (word[0] == '-')
    ipc_usage_error ("unknown option %s: a verb must come first", quote (word));
  ipc_usage_error ("unknown verb %s", quote (word));
}

/* Report a malformed option argument and exit 2.  */
static noreturn void
bad_argument (char const *option, char const *text, char const *why)
{
  ipc_usage_error ("invalid %s argument %s: %s", option, quote (text), why);
}

struct timespec
ipc_arg_duration (char const *option, char const *text)
{
  struct timespec d;
  char const *why = "not a duration";
  if (ipc_duration_parse (text, &d, &why) != 0)
    bad_argument (option, text, why);
  return d;
}

unsigned long long
ipc_arg_size (char const *option, char const *text)
{
  uint64_t n;
  char const *why = "not a size";
  if (ipc_size_parse (text, &n, &why) != 0)
    bad_argument (option, text, why);
  return n;
}

mode_t
ipc_arg_mode (char const *option, char const *text)
{
  mode_t m;
  char const *why = "not a mode";
  if (ipc_mode_parse (text, &m, &why) != 0)
    bad_argument (option, text, why);
  return m;
}

int
ipc_arg_signal (char const *option, char const *text)
{
  int sig;
  char const *why = "not a signal";
  if (ipc_signal_parse (text, &sig, &why) != 0)
    bad_argument (option, text, why);
  return sig;
}

unsigned long long
ipc_arg_count (char const *option, char const *text,
               unsigned long long min, unsigned long long max)
{
  uintmax_t n;
  char const *why = "not a number";
  if (ipc_count_parse (text, &n, &why) != 0)
    bad_argument (option, text, why);
  if (n < min || n > max)
    {
      char range[96];
      snprintf (range, sizeof range, "not between %llu and %llu", min, max);
      bad_argument (option, text, range);
    }
  return n;
}

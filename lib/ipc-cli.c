/* Command-line machinery shared by every ipc-* command.  */
#include <config.h>

#include "ipc-cli.h"

#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "closeout.h"
#include "error.h"
#include "exitfail.h"
#include "progname.h"
#include "quote.h"
#include "safe-read.h"
#include "xalloc.h"

#include "ipc-addr.h"
#include "ipc-sysv.h"
#include "ipc-table.h"
#include "ipc-units.h"

/* The year of the latest release, for --version.  */
enum { COPYRIGHT_YEAR = 2026 };

/* --help's layout: option texts start at OPTION_COLUMN and continue two
   columns further in; verb summaries start and continue at VERB_COLUMN
   (help2man joins a continuation only at the column of the item's text);
   no line is longer than LINE_WIDTH.  */
enum { OPTION_COLUMN = 24, VERB_COLUMN = 12, LINE_WIDTH = 79 };

char const *ipc_verb;
char const *ipc_verb_name;
void const *ipc_verb_data;

/* The command and the verb being run.  */
static struct ipc_command const *command;
static struct ipc_verb const *verb;

/* Exit status of a usage error: 2, or 125 in a verb that runs a command.  */
static int usage_status = IPC_EXIT_USAGE;

/* errno of the first failed write to stdout, for the message at exit.  */
static int stdout_errno;

void
ipc_stdout_failed (void)
{
  if (!stdout_errno)
    stdout_errno = errno;
}

void
ipc_print_new_id (enum ipc_sysv_kind kind, int id, char const *noun)
{
  if (printf ("%d\n", id) >= 0 && fflush (stdout) == 0)
    return;
  int err = errno;
  struct ipc_addr addr = { .kind = IPC_ADDR_ID, .id = id };
  bool removed = ipc_sysv_remove (kind, &addr) == 0;
  error (0, err, "cannot write the id of new %s %d%s", noun, id,
         removed ? " (removed)" : "");
  /* Reported once: the check of stdout at exit must not say it again.  */
  __fpurge (stdout);
  clearerr (stdout);
  exit (IPC_EXIT_FAILURE);
}

/* close_stdout, but saying why a write failed: after a failed write,
   stdio has dropped its buffer and close_stream then reports errno 0.  */
static void
close_stdout_with_reason (void)
{
  if (ferror (stdout) && stdout_errno)
    {
      error (0, stdout_errno, "write error");
      _exit (exit_failure);
    }
  close_stdout ();
}

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
  /* glibc's error () names the program by program_invocation_name.  */
  program_invocation_name = (char *) program_name;
  /* Only the categories we use: the character set (quote (), column
     widths) and the language of strerror.  Loading all twelve took a
     fifth of the start-up of a verb like 'ipc-sem post' (C.UTF-8, 2026-11),
     and LC_NUMERIC
     would make "1.5" a bad duration in a locale with a decimal comma.  */
  setlocale (LC_CTYPE, "");
  setlocale (LC_MESSAGES, "");
  exit_failure = IPC_EXIT_FAILURE;
  atexit (close_stdout_with_reason);
}

void
ipc_emit_try_help (void)
{
  fprintf (stderr, "Try '%s --help' for more information.\n",
           ipc_verb_name ? ipc_verb_name : program_name);
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
  fflush (stdout);
  fprintf (stderr, "%s: ", program_name);
  vfprintf (stderr, format, ap);
  va_end (ap);
  fputc ('\n', stderr);
  ipc_emit_try_help ();
  exit (usage_status);
}

/* ipc_failure with a va_list.  */
static int vfailure (char const *format, va_list ap)
  __attribute__ ((__format__ (__printf__, 1, 0)));
static int
vfailure (char const *format, va_list ap)
{
  int err = errno;
  if (err == ETIMEDOUT)
    return IPC_EXIT_TIMEDOUT;
  fflush (stdout);
  fprintf (stderr, "%s: ", program_name);
  vfprintf (stderr, format, ap);
  if (err)
    fprintf (stderr, ": %s", strerror (err));
  fputc ('\n', stderr);
  return exit_failure;
}

int
ipc_failure (char const *format, ...)
{
  va_list ap;
  va_start (ap, format);
  int status = vfailure (format, ap);
  va_end (ap);
  return status;
}

noreturn void
ipc_die (char const *format, ...)
{
  va_list ap;
  va_start (ap, format);
  int status = vfailure (format, ap);
  va_end (ap);
  exit (status);
}

/* The function of ipc_at_exit, cleared once run.  */
static void (*exit_hook) (void);

void
ipc_run_at_exit (void)
{
  void (*fn) (void) = exit_hook;
  exit_hook = NULL;
  if (fn)
    fn ();
}

void
ipc_at_exit (void (*fn) (void))
{
  static bool registered;
  exit_hook = fn;
  if (!registered)
    registered = atexit (ipc_run_at_exit) == 0;
}

noreturn void
ipc_die_of_signal (int sig)
{
  ipc_run_at_exit ();
  signal (sig, SIG_DFL);
  sigset_t set;
  sigemptyset (&set);
  sigaddset (&set, sig);
  sigprocmask (SIG_UNBLOCK, &set, NULL);
  raise (sig);
  /* Only if the signal could not kill: the status a shell would show.  */
  exit (128 + sig);
}

void
ipc_no_extra_operand (char const *operand)
{
  if (operand)
    ipc_usage_error ("extra operand %s", quote (operand));
}

/* ---- Help text ---------------------------------------------------- */

/* Print TEXT as words filling lines up to LINE_WIDTH, the current line
   being at column *COL and further lines starting at column INDENT.
   Spaces between words are kept as written (two after a sentence).  */
static void
print_wrapped (char const *text, int *col, int indent)
{
  char const *p = text;
  int gap = 0;
  while (*p)
    {
      size_t spaces = strspn (p, " ");
      p += spaces;
      if (!*p)
        break;
      size_t len = strcspn (p, " ");
      if (gap && *col + (int) spaces + (int) len > LINE_WIDTH)
        {
          printf ("\n%*s", indent, "");
          *col = indent;
        }
      else if (gap)
        {
          printf ("%*s", (int) spaces, "");
          *col += spaces;
        }
      fwrite (p, 1, len, stdout);
      *col += len;
      p += len;
      gap = 1;
    }
}

/* Print an item of a two-column list: TAG from column 0 (with its own
   indent), then TEXT from column TEXT_COL (or two spaces after a longer
   tag), continuing at column INDENT.  */
static void
print_item (char const *tag, char const *text, int text_col, int indent)
{
  int col = printf ("%s", tag);
  if (col + 2 > text_col)
    col += printf ("  ");
  else
    col += printf ("%*s", text_col - col, "");
  print_wrapped (text ? text : "", &col, indent);
  putchar ('\n');
}

/* The tag of option O as --help shows it: "  -t, --timeout=DUR".  */
static void
option_tag (struct ipc_option const *o, char *buf, size_t size)
{
  char shortname[8] = "    ";
  if (0 < o->key && o->key <= CHAR_MAX)
    snprintf (shortname, sizeof shortname, "-%c, ", o->key);
  snprintf (buf, size, "  %s--%s%s%s", shortname, o->name,
            o->arg ? "=" : "", o->arg ? o->arg : "");
}

void
ipc_options_usage (struct ipc_option const *options)
{
  for (struct ipc_option const *o = options; o && o->name; o++)
    {
      char tag[128];
      option_tag (o, tag, sizeof tag);
      print_item (tag, o->help, OPTION_COLUMN, OPTION_COLUMN + 2);
    }
}

/* Print the usage line of verb V: "ipc-mq send [OPTION]... QUEUE".  */
static void
print_usage_line (char const *lead, struct ipc_verb const *v)
{
  printf ("%s%s %s", lead, program_name, v->name);
  if (v->options && v->options->name)
    fputs (" [OPTION]...", stdout);
  if (v->synopsis && *v->synopsis)
    printf (" %s", v->synopsis);
  putchar ('\n');
}

/* Whether options A and B are the same option with the same help.  */
static bool
same_option (struct ipc_option const *a, struct ipc_option const *b)
{
  return (a->key == b->key && strcmp (a->name, b->name) == 0
          && !a->arg == !b->arg && (!a->arg || strcmp (a->arg, b->arg) == 0)
          && strcmp (a->help, b->help) == 0);
}

/* Whether verb V has option O.  */
static bool
verb_has_option (struct ipc_verb const *v, struct ipc_option const *o)
{
  for (struct ipc_option const *p = v->options; p && p->name; p++)
    if (same_option (p, o))
      return true;
  return false;
}

/* The verbs of the command that have option O, as a bit set.  */
static unsigned long
option_verbs (struct ipc_option const *o)
{
  unsigned long set = 0;
  int i = 0;
  for (struct ipc_verb const *v = command->verbs; v->name; v++, i++)
    if (verb_has_option (v, o))
      set |= 1ul << i;
  return set;
}

/* Whether option O was printed before, under an earlier verb.  */
static bool
option_seen_before (struct ipc_verb const *upto, struct ipc_option const *o)
{
  for (struct ipc_verb const *v = command->verbs; v != upto; v++)
    if (verb_has_option (v, o))
      return true;
  return false;
}

/* Print the options of every verb, grouped by the verbs that share them:
   "Options of run, acquire and release:", then those of run only.  */
static void
print_command_options (void)
{
  int nverbs = 0;
  while (command->verbs[nverbs].name)
    nverbs++;
  if (nverbs > (int) (sizeof (unsigned long) * CHAR_BIT))
    nverbs = sizeof (unsigned long) * CHAR_BIT;
  for (struct ipc_verb const *v = command->verbs; v - command->verbs < nverbs;
       v++)
    for (struct ipc_option const *o = v->options; o && o->name; o++)
      {
        if (option_seen_before (v, o))
          continue;
        unsigned long set = option_verbs (o);
        /* The first option of a group prints the group.  */
        bool first = true;
        for (struct ipc_option const *p = v->options; p != o; p++)
          if (!option_seen_before (v, p) && option_verbs (p) == set)
            first = false;
        if (!first)
          continue;
        fputs ("\nOptions of ", stdout);
        int n = __builtin_popcountl (set), k = 0;
        for (int i = 0; i < nverbs; i++)
          if (set & (1ul << i))
            {
              k++;
              printf ("%s%s", (k == 1 ? "" : k == n ? " and " : ", "),
                      command->verbs[i].name);
            }
        fputs (":\n", stdout);
        for (struct ipc_option const *p = o; p->name; p++)
          if (!option_seen_before (v, p) && option_verbs (p) == set)
            ipc_options_usage ((struct ipc_option const[]) { *p, { 0 } });
      }
}

/* Write out help text, noting a failure for the message at exit.  */
static noreturn void
help_done (void)
{
  if (fflush (stdout) != 0)
    ipc_stdout_failed ();
  exit (IPC_EXIT_OK);
}

static noreturn void
command_help (void)
{
  for (struct ipc_verb const *v = command->verbs; v->name; v++)
    print_usage_line (v == command->verbs ? "Usage: " : "  or:  ", v);
  if (command->summary)
    printf ("%s\n", command->summary);
  if (command->description)
    printf ("\n%s", command->description);
  fputs ("\nVerbs:\n", stdout);
  for (struct ipc_verb const *v = command->verbs; v->name; v++)
    {
      char tag[64], text[1024];
      snprintf (tag, sizeof tag, "  %s", v->name);
      snprintf (text, sizeof text, "%s%s%s%s", v->summary ? v->summary : "",
                v->alias ? " (alias: " : "", v->alias ? v->alias : "",
                v->alias ? ")" : "");
      print_item (tag, text, VERB_COLUMN, VERB_COLUMN);
    }
  print_command_options ();
  fputs ("\n\
      --help            display this help and exit (VERB --help: the\n\
                          verb's own)\n\
      --version         output version information and exit\n", stdout);
  if (command->exit_status)
    printf ("\n%s", command->exit_status);
  printf ("\nExit status, examples and details: man %s\n", program_name);
  help_done ();
}

static noreturn void
verb_help (void)
{
  print_usage_line ("Usage: ", verb);
  if (verb->description)
    fputs (verb->description, stdout);
  else if (verb->summary)
    {
      int col = 0;
      print_wrapped (verb->summary, &col, 0);
      putchar ('\n');
    }
  putchar ('\n');
  ipc_options_usage (verb->options);
  fputs ("      --help            display this help and exit\n", stdout);
  if (verb->columns)
    ipc_table_columns_usage (verb->columns, verb->ncolumns);
  help_done ();
}

/* ---- Dispatch, options and operands ------------------------------- */

int
ipc_cli_main (struct ipc_command const *cmd, int argc, char **argv)
{
  ipc_cli_init (argc, argv);
  command = cmd;
  if (argc < 2)
    ipc_usage_error ("missing verb");
  char const *word = argv[1];
  if (strcmp (word, "--help") == 0 || strcmp (word, "-h") == 0)
    command_help ();
  if (strcmp (word, "--version") == 0 || strcmp (word, "-V") == 0)
    ipc_print_version ();
  for (struct ipc_verb const *v = cmd->verbs; v->name; v++)
    if (strcmp (word, v->name) == 0
        || (v->alias && strcmp (word, v->alias) == 0))
      {
        /* The verb replaces argv[0], so that getopt's messages say
           "ipc-lock run: ...".  */
        static char label[128];
        snprintf (label, sizeof label, "%s %s", program_name, v->name);
        verb = v;
        ipc_verb = v->name;
        ipc_verb_name = label;
        ipc_verb_data = v->data;
        argv[1] = label;
        if (v->flags & IPC_VERB_RUNS_COMMAND)
          exit_failure = usage_status = IPC_EXIT_CANCELED;
        return v->run (argc - 1, argv + 1);
      }
  if (word[0] == '-')
    ipc_usage_error ("unknown option %s: a verb must come first", quote (word));
  ipc_usage_error ("unknown verb %s", quote (word));
}

/* getopt_long's tables for the running verb, built at its first option.  */
static struct option *longopts;
static char *shortopts;
static size_t noptions;
static bool *given;             /* per option of the verb */
static bool parsing, parsed;
static bool own_h;              /* the verb has an -h of its own */
/* The end of the options and operands: argc, or the '--' before the
   command of a verb that runs one.  */
static int args_end;

/* Where the command of a verb that runs one starts: after the first '--'
   that follows the operands.  '--' may also end the options before the
   operands ("run -- FILE -- CMD"): a first pass in getopt's REQUIRE_ORDER
   mode finds where the options stop, and the command's '--' is the first
   one from there.  Return that '--''s index, or ARGC if there is none.  */
static int
command_split (int argc, char **argv)
{
  size_t len = strlen (shortopts);
  char *ordered = xmalloc (len + 2);
  ordered[0] = '+';
  memcpy (ordered + 1, shortopts, len + 1);
  int saved_opterr = opterr;
  opterr = 0;
  optind = 0;
  while (getopt_long (argc, argv, ordered, longopts, NULL) != -1)
    continue;
  int i = optind;
  opterr = saved_opterr;
  optind = 0;
  free (ordered);
  while (i < argc && strcmp (argv[i], "--") != 0)
    i++;
  return i;
}

/* The operands that getopt would take for options ("-1") of a verb
   with IPC_VERB_SIGNED_OPERANDS, which lose their '-' while getopt runs
   (null-terminated), for restore_signs.  */
static char **hidden;

static void
hide_signs (char **argv)
{
  hidden = xcalloc (args_end + 1, sizeof *hidden);
  size_t n = 0;
  for (int i = 1; i < args_end && strcmp (argv[i], "--") != 0; i++)
    {
      char const *prev = argv[i - 1];
      bool takes_next = false;
      for (size_t j = 0; i > 1 && prev[0] == '-' && j < noptions; j++)
        {
          struct ipc_option const *o = &verb->options[j];
          /* getopt takes any unambiguous prefix of a long option.  */
          takes_next |= o->arg && (prev[1] == '-'
                                   ? (!strchr (prev, '=')
                                      && strncmp (o->name, prev + 2,
                                                  strlen (prev + 2)) == 0)
                                   : o->key == prev[strlen (prev) - 1]);
        }
      if (!takes_next && argv[i][0] == '-' && '0' <= argv[i][1]
          && argv[i][1] <= '9')
        hidden[n++] = ++argv[i];
    }
}

/* Give back their signs to the operands that hide_signs changed, where
   getopt's permutation left them.  */
static void
restore_signs (int argc, char **argv)
{
  for (int i = 1; hidden && i < argc; i++)
    for (char **h = hidden; *h; h++)
      if (argv[i] == *h)
        argv[i]--;
  free (hidden);
  hidden = NULL;
}

/* Build getopt_long's tables from the verb's options.  */
static void
start_parsing (int argc, char **argv)
{
  parsing = true;
  for (struct ipc_option const *o = verb->options; o && o->name; o++)
    {
      noptions++;
      own_h |= o->key == 'h';
    }
  longopts = xcalloc (noptions + 2, sizeof *longopts);
  shortopts = xcalloc (2 * noptions + 2, 1);
  given = xcalloc (noptions + 1, sizeof *given);
  char *s = shortopts;
  for (size_t i = 0; i < noptions; i++)
    {
      struct ipc_option const *o = &verb->options[i];
      longopts[i] = (struct option) { o->name, o->arg ? required_argument
                                      : no_argument, NULL, o->key };
      if (0 < o->key && o->key <= CHAR_MAX)
        {
          *s++ = o->key;
          if (o->arg)
            *s++ = ':';
        }
    }
  longopts[noptions] = (struct option) { "help", no_argument, NULL,
                                         IPC_HELP_OPTION };
  if (!own_h)
    *s++ = 'h';
  args_end = argc;
  if (verb->flags & (IPC_VERB_RUNS_COMMAND | IPC_VERB_OPTIONAL_COMMAND))
    args_end = command_split (argc, argv);
  if ((verb->flags & IPC_VERB_OPTIONAL_COMMAND) && args_end < argc)
    exit_failure = usage_status = IPC_EXIT_CANCELED;
  if (verb->flags & IPC_VERB_SIGNED_OPERANDS)
    hide_signs (argv);
}

int
ipc_getopt (int argc, char **argv)
{
  if (parsed)
    return -1;
  if (!parsing)
    start_parsing (argc, argv);
  int c = getopt_long (args_end, argv, shortopts, longopts, NULL);
  if (c == -1)
    {
      parsed = true;
      return -1;
    }
  if (c == IPC_HELP_OPTION || (c == 'h' && !own_h))
    verb_help ();
  if (c == '?' || c == ':')
    {
      ipc_emit_try_help ();
      exit (usage_status);
    }
  for (size_t i = 0; i < noptions; i++)
    if (verb->options[i].key == c)
      given[i] = true;
  return c;
}

void
ipc_cli_runs_command (void)
{
  exit_failure = usage_status = IPC_EXIT_CANCELED;
}

bool
ipc_option_given (int key)
{
  for (size_t i = 0; i < noptions; i++)
    if (verb->options[i].key == key && given[i])
      return true;
  return false;
}

/* Report two given options of one group of verb->exclusive.  */
static void
check_exclusive (void)
{
  char const *p = verb->exclusive;
  while (p && *p)
    {
      p += strspn (p, " ");
      char const *first = NULL;
      size_t first_len = 0;
      while (*p && *p != ' ')
        {
          size_t len = strcspn (p, ", ");
          for (size_t i = 0; i < noptions; i++)
            if (given[i] && strlen (verb->options[i].name) == len
                && memcmp (verb->options[i].name, p, len) == 0)
              {
                if (first)
                  ipc_usage_error ("--%.*s and --%.*s are exclusive",
                                   (int) first_len, first, (int) len, p);
                first = p;
                first_len = len;
              }
          p += len;
          if (*p == ',')
            p++;
        }
    }
}

/* The name of operand number N (from 0) in verb->operands.  */
static char *
operand_name (int n)
{
  char const *p = verb->operands ? verb->operands : "";
  for (;;)
    {
      p += strspn (p, " ");
      size_t len = strcspn (p, " ");
      char const *next = p + len;
      next += strspn (next, " ");
      if (n-- == 0 || !*next)
        return ximemdup0 (p, len);
      p = next;
    }
}

int
ipc_operands (int argc, char **argv)
{
  while (ipc_getopt (argc, argv) != -1)
    continue;
  restore_signs (argc, argv);
  check_exclusive ();
  int first = optind, n = args_end - optind;
  if (n < verb->min)
    ipc_usage_error ("missing %s operand", operand_name (n));
  if (n > verb->max)
    {
      if ((verb->flags & IPC_VERB_RUNS_COMMAND) && args_end == argc)
        ipc_usage_error ("'--' must come before the command %s",
                         quote (argv[first + verb->max]));
      ipc_usage_error ("extra operand %s", quote (argv[first + verb->max]));
    }
  if ((verb->flags & IPC_VERB_RUNS_COMMAND) && args_end + 1 >= argc)
    ipc_usage_error ("missing command: use '%s %s -- COMMAND'",
                     ipc_verb_name, operand_name (0));
  return first;
}

int
ipc_remove_verb (int argc, char **argv)
{
  struct ipc_remover const *r = ipc_verb_data;
  int first = ipc_operands (argc, argv);
  void (*parse) (char const *, unsigned int, struct ipc_addr *)
    = r->parse ? r->parse : ipc_arg_address;
  /* A typo in the last operand must not leave the first ones removed.  */
  int n = argc - first;
  struct ipc_addr *addrs = xnmalloc (n, sizeof *addrs);
  for (int i = 0; i < n; i++)
    parse (argv[first + i], r->accept, &addrs[i]);
  int status = IPC_EXIT_OK;
  for (int i = 0; i < n; i++)
    {
      if (r->remove (&addrs[i]) != 0)
        status = ipc_failure ("cannot remove %s", quote (argv[first + i]));
      ipc_addr_free (&addrs[i]);
    }
  free (addrs);
  return status;
}

char **
ipc_command (char **argv)
{
  return argv[args_end] ? argv + args_end + 1 : NULL;
}

/* ---- Option arguments --------------------------------------------- */

/* Report a malformed option argument and exit.  */
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

mode_t
ipc_arg_perms (char const *option, char const *text, char const *what)
{
  mode_t m = ipc_arg_mode (option, text);
  if (m & ~(mode_t) 0777)
    ipc_usage_error ("invalid %s argument %s: %s takes permission bits "
                     "only (0777)", option, quote (text), what);
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

long
ipc_arg_integer (char const *option, char const *text, long min, long max)
{
  /* Digits after an optional '-', as every other number here: strtol
     alone would take " 5" and "+7".  */
  char const *digits = text + (text[0] == '-');
  char *end;
  errno = 0;
  long v = strtol (text, &end, 10);
  if (!('0' <= *digits && *digits <= '9') || errno || *end || v < min
      || v > max)
    {
      char why[96];
      if (max < LONG_MAX)
        snprintf (why, sizeof why, "expected an integer from %ld to %ld",
                  min, max);
      else if (min > LONG_MIN)
        snprintf (why, sizeof why, "expected an integer of at least %ld",
                  min);
      else
        snprintf (why, sizeof why, "expected an integer");
      bad_argument (option, text, why);
    }
  return v;
}

long
ipc_arg_long (char const *option, char const *text, long min)
{
  return ipc_arg_integer (option, text, min, LONG_MAX);
}

void
ipc_arg_address (char const *text, unsigned int accept,
                 struct ipc_addr *addr)
{
  char const *why;
  if (ipc_addr_parse (text, accept, addr, &why) != 0)
    ipc_usage_error ("invalid address %s: %s", quote (text), why);
}

size_t
ipc_read_stdin_max (size_t max, char **buf)
{
  size_t cap = max + 1, len = 0;
  char *b = xmalloc (cap);
  while (len < cap)
    {
      size_t n = safe_read (STDIN_FILENO, b + len, cap - len);
      if (n == SAFE_READ_ERROR)
        error (IPC_EXIT_FAILURE, errno, "error reading standard input");
      if (n == 0)
        break;
      len += n;
    }
  *buf = b;
  return len;
}

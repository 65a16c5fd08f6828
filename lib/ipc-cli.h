/* Command-line machinery shared by every ipc-* command: the verb table
   that drives --help, VERB --help, option parsing and operand checks, the
   parsers of option arguments, and the exit statuses.  This layer prints
   and exits; the IPC primitives under it never do (lib/README.md).

   How to write a command (utils/ipc-X.c)
   --------------------------------------
   A command file is its tables, its verbs' bodies and its output:

     static struct ipc_option const send_options[] = {
       { "priority", 'p', "PRIO", "priority, 0 to 32767 (POSIX)" },
       IPC_OPTION_TIMEOUT, IPC_OPTION_NONBLOCK,
       { 0 }
     };
     static struct ipc_verb const verbs[] = {
       { "send", NULL, verb_send,
         .synopsis = "QUEUE [MESSAGE]...",
         .summary = "send each MESSAGE, or standard input as one message",
         .description = "Send each MESSAGE; ...\n",
         .options = send_options,
         .operands = "QUEUE MESSAGE", .min = 1, .max = IPC_MANY },
       { "ls", "list", verb_ls, .summary = "list queues",
         IPC_TABLE_VERB (columns) },
       { 0 }
     };
     static struct ipc_command const command = {
       .summary = "Create, use and inspect message queues.",
       .verbs = verbs,
       .exit_status = "Exit status: 0 done, 1 failed, 2 usage error.\n",
     };
     int main (int argc, char **argv)
     { return ipc_cli_main (&command, argc, argv); }

   A verb's body parses its options and operands in two calls:

     int c;
     while ((c = ipc_getopt (argc, argv)) != -1)
       switch (c)
         {
         case 'p': prio = ipc_arg_count ("--priority", optarg, 0, 32767);
                   break;
         ...  (no 'h' and no default case: ipc_getopt handles both)
         }
     int first = ipc_operands (argc, argv);   // argv[first] is QUEUE

   ipc_getopt answers --help and -h with the verb's help and exits 0, and
   rejects unknown options; ipc_operands checks the verb's operand bounds
   and its declared exclusive options ("missing QUEUE operand", "extra
   operand 'x'", "--lines and --null are exclusive").  Check any other
   combination of options after ipc_operands, in one place, never inside
   the switch: the result must not depend on the options' order.

   'ls' and 'stat' take IPC_TABLE_VERB (columns) in their entry (the
   options of SPEC 4 and the columns for VERB --help) and call
   ipc_table_getopt (ipc-table.h) instead of the two calls above.

   A verb that runs a command (flag IPC_VERB_RUNS_COMMAND, synopsis
   "NAME -- COMMAND [ARG]...") exits 125 for its usage errors and its own
   failures, as timeout(1) does; its operands end at the '--' before
   COMMAND ('--' may also end the options before the operands), and
   ipc_command (argv) is COMMAND's argv, for ipc_run_exec or ipc_run_wait.

   Messages: a lib call fails with -1 and errno; ipc_die ("cannot open
   %s", quote (name)) then reports it and exits 1 (125 in a verb that runs
   a command), or exits 124 without a word when errno is ETIMEDOUT (a
   timeout, or "busy" under -n): the one place where a timeout becomes
   status 124.  ipc_failure does the same but returns the status, for a
   verb that goes on with its next operand.  ipc_usage_error reports a
   usage error (it adds the --help hint and exits 2, or 125 in a verb
   that runs a command).  */
#ifndef IPC_CLI_H
#define IPC_CLI_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdnoreturn.h>
#include <time.h>
#include <sys/types.h>

/* exit_failure: the status of the command's own failures, which
   ipc_cli_main sets (1, or 125 in a verb that runs a command).  */
#include "exitfail.h"

#include "ipc-sysv.h"       /* enum ipc_sysv_kind */

struct ipc_addr;
struct ipc_column;

/* Exit statuses of SPEC section 5.  */
enum
{
  IPC_EXIT_OK = 0,
  IPC_EXIT_FAILURE = 1,         /* system error, object missing, permission */
  IPC_EXIT_USAGE = 2,           /* bad option, operand or address */
  IPC_EXIT_TIMEDOUT = 124,      /* not within the allowed time, or busy */
  IPC_EXIT_CANCELED = 125,      /* 'run' verbs: the tool itself failed */
  IPC_EXIT_CANNOT_INVOKE = 126, /* command found but not executable */
  IPC_EXIT_ENOENT = 127         /* command not found */
};

/* One option of a verb.  KEY is the short option letter, or for a
   long-only option a value above CHAR_MAX (a command's own enum starting
   at CHAR_MAX + 1; lib's shared ones are IPC_OPTION_KEY and above).  ARG
   names the argument in help ("DUR"), or is null for an option without
   one.  HELP is one sentence, which --help wraps to fit.  */
struct ipc_option
{
  char const *name;
  int key;
  char const *arg;
  char const *help;
};

/* Keys of the long-only options that lib describes.  */
enum
{
  IPC_OPTION_KEY = 0x7f00,
  IPC_MODE_OPTION = IPC_OPTION_KEY,
  IPC_OUTPUT_ALL_OPTION,
  IPC_HELP_OPTION
};

/* Options shared by the commands, in one wording: put them in a verb's
   option table.  Their keys are 't', 'n' and IPC_MODE_OPTION.  */
#define IPC_OPTION_TIMEOUT                                              \
  { "timeout", 't', "DUR",                                              \
    "give up with status 124 after DUR (1.5, 250ms, 2s, 1m, inf); "     \
    "the default is to wait for ever" }
#define IPC_OPTION_NONBLOCK                                             \
  { "nonblock", 'n', NULL,                                              \
    "do not wait: give up at once with status 124 (-t 0)" }
#define IPC_OPTION_MODE                                                 \
  { "mode", IPC_MODE_OPTION, "MODE",                                    \
    "permissions of what is created, octal or symbolic (u=rw,g=r); "    \
    "default 0600, whatever the umask" }

/* No upper bound on a verb's operands.  */
#define IPC_MANY INT_MAX

enum ipc_verb_flags
{
  /* The verb runs COMMAND [ARG]... given after '--' (SPEC 5): its usage
     errors and its own failures exit 125.  */
  IPC_VERB_RUNS_COMMAND = 1 << 0,
  /* Operands may be negative numbers ("add -1"): an argument of '-' and
     a digit is an operand, not options, unless it is the argument of the
     option before it.  ipc_operands gives it back its sign.  */
  IPC_VERB_SIGNED_OPERANDS = 1 << 1,
  /* The verb may run a command given after '--' ('ipc-sock listen
     --exec'): when one is given, the verb's usage errors and its own
     failures exit 125 as with IPC_VERB_RUNS_COMMAND; without one, it is
     an ordinary verb.  */
  IPC_VERB_OPTIONAL_COMMAND = 1 << 2
};

/* One verb of a command.  NAME and an optional ALIAS (SPEC 1: 'remove',
   'list', 'info'); RUN runs it with argv[0] naming it ("ipc-mq send").  */
struct ipc_verb
{
  char const *name;
  char const *alias;
  int (*run) (int argc, char **argv);
  /* The operands in the usage line, after "[OPTION]..." ("QUEUE...").  */
  char const *synopsis;
  /* A sentence for the command's list of verbs; --help wraps it.  */
  char const *summary;
  /* VERB --help's text after its usage line: lines of at most 79
     columns, each ended by a newline.  */
  char const *description;
  /* Options, ended by a null name; null for none.  */
  struct ipc_option const *options;
  /* For 'ls' and 'stat': the columns that VERB --help lists.  */
  struct ipc_column const *columns;
  size_t ncolumns;
  /* The operands' names for messages, space-separated, the last one
     naming any further ("QUEUE MESSAGE"); their bounds, MAX IPC_MANY for
     none.  */
  char const *operands;
  int min, max;
  /* Options that exclude each other, as groups of long names:
     "lines,null count,follow".  */
  char const *exclusive;
  unsigned int flags;           /* enum ipc_verb_flags */
  /* What a run function of lib needs to know of the command, as
     ipc_verb_data: the kind of object of ipc_listing_ls.  */
  void const *data;
};

/* A command: its verbs, ended by a null name, and the text of --help
   around them.  */
struct ipc_command
{
  char const *summary;          /* "Take, hold, release and inspect ..." */
  char const *description;      /* optional: a paragraph before the verbs */
  struct ipc_verb const *verbs;
  char const *exit_status;      /* the closing paragraph */
};

/* Set the program name, the locale and the check that stdout was written
   successfully at exit.  ipc_cli_main does it; other programs may.  */
void ipc_cli_init (int argc, char **argv);

/* The main of a command: ipc_cli_init, then run the verb named by
   argv[1], or answer --help, -h, --version.  Return the verb's status.  */
int ipc_cli_main (struct ipc_command const *command, int argc, char **argv);

/* The verb being run, as the verb table names it ("run"), and the
   command with it ("ipc-lock run") for messages.  */
extern char const *ipc_verb;
extern char const *ipc_verb_name;
/* The verb table entry's data.  */
extern void const *ipc_verb_data;

/* The next option of the running verb, as getopt_long returns it, with
   optarg set; -1 after the last.  --help (and -h, unless the verb has an
   -h of its own) prints the verb's help and exits 0; an unknown option or
   a missing argument exits with the usage status.  */
int ipc_getopt (int argc, char **argv);

/* After ipc_getopt returned -1: check the verb's exclusive options and
   the number of operands, reporting a usage error that names the missing
   operand or the first extra one.  Return the index in ARGV of the first
   operand.  In a verb that runs a command, the operands are those before
   its '--', and a missing command is a usage error too.  */
int ipc_operands (int argc, char **argv);

/* In a verb that runs a command, after ipc_operands: COMMAND [ARG]...,
   null-terminated; null when a verb with IPC_VERB_OPTIONAL_COMMAND was
   given none.  */
char **ipc_command (char **argv);

/* 'rm' of a command whose operands are addresses, for its verb table,
   with a struct ipc_remover as its data:
     { "rm", "remove", ipc_remove_verb, .data = &(struct ipc_remover) {
         IPC_ADDR_ACCEPT_SYSV_OBJ, NULL, ipc_msgq_remove }, ... }
   Every operand is parsed with the forms ACCEPT, all before any is
   removed (PARSE, when not null, parses instead, as ipc_arg_address
   does, and may refuse more); then REMOVE removes each, each failure is
   reported ("cannot remove 'X': why") and the next one goes on.  Return
   IPC_EXIT_OK, or the status of a failure if any failed.  */
struct ipc_remover
{
  unsigned int accept;
  void (*parse) (char const *text, unsigned int accept,
                 struct ipc_addr *addr);
  int (*remove) (struct ipc_addr *addr);
};
int ipc_remove_verb (int argc, char **argv);

/* The body of a verb that takes records (messages, datagrams, signals)
   and prints each ended by DELIM (ipc-records.h), after its options:
   catch the stop signals (ipc-stop.h: R's take and R->stop should heed
   ipc_stop_signal), hold SIGPIPE, run R into standard output (each
   record written at once when UNBUFFERED), and end as SPEC 5 says.  A
   failed write says how many records (NOUN: "message") taken from
   SOURCE were not written, and exits 1, or dies of SIGPIPE for a reader
   that went away; a stop signal kills us by that signal once what was
   taken is written; another failure is "cannot receive from SOURCE".
   Return the exit status otherwise: 0, or 124 when time ran out (0 with
   R->follow when any came).  */
struct ipc_receive;
int ipc_receive_main (struct ipc_receive *r, char delim, bool unbuffered,
                      char const *noun, char const *source);

/* Unless OPERAND is null, report it as an extra operand (usage error):
   for programs that check their operands themselves, as test drivers.  */
void ipc_no_extra_operand (char const *operand);

/* From now on, the running verb runs a command: its usage errors and
   failures exit 125 (for an option such as 'listen --exec' that was
   given without the command after '--').  */
void ipc_cli_runs_command (void);

/* Whether the option of KEY was given to the running verb.  */
bool ipc_option_given (int key);

/* Print "Try 'PROG --help'..." to stderr.  */
void ipc_emit_try_help (void);

/* Print the help lines of OPTIONS (ended by a null name).  */
void ipc_options_usage (struct ipc_option const *options);

/* Print the GNU --version block and exit 0.  */
noreturn void ipc_print_version (void);

/* Report a usage error with printf-style FORMAT, suggest --help, and exit
   with IPC_EXIT_USAGE (IPC_EXIT_CANCELED in a verb that runs a
   command).  */
noreturn void ipc_usage_error (char const *format, ...)
  __attribute__ ((__format__ (__printf__, 1, 2)));

/* Report the failure of a lib call, errno set: nothing for ETIMEDOUT,
   else "PROGRAM: FORMAT: strerror (errno)".  Return its exit status:
   IPC_EXIT_TIMEDOUT for ETIMEDOUT, else exit_failure (1, or 125 in a
   verb that runs a command).  */
int ipc_failure (char const *format, ...)
  __attribute__ ((__format__ (__printf__, 1, 2)));

/* Die of signal SIG as its default action would have killed the process,
   so that a shell sees 128+SIG: how a verb that caught a stop signal
   (ipc-stop.h) ends once it has written out what it took.  */
noreturn void ipc_die_of_signal (int sig);

/* Run FN once when the command ends: at exit, and also just before
   ipc_die_of_signal kills it, where atexit handlers do not run.  For
   what must not outlive the command (the pidfile of 'ipc-signal
   wait').  One FN at a time: a second call replaces the first.  */
void ipc_at_exit (void (*fn) (void));

/* Run the function of ipc_at_exit now, if it has not run: before the
   process ends in a way that atexit does not see (a signal).  */
void ipc_run_at_exit (void);

/* ipc_failure, then exit with its status.  */
noreturn void ipc_die (char const *format, ...)
  __attribute__ ((__format__ (__printf__, 1, 2)));

/* Parsers of SPEC 3 units for option arguments.  On malformed input they
   print "invalid OPTION argument 'TEXT': WHY" and exit with the usage
   status.  OPTION is the option's name as the user typed it
   (e.g. "--timeout").  */
struct timespec ipc_arg_duration (char const *option, char const *text);
unsigned long long ipc_arg_size (char const *option, char const *text);
mode_t ipc_arg_mode (char const *option, char const *text);
/* ipc_arg_mode for what takes permission bits only (a socket file, a
   pidfile), WHAT: a mode with the setuid, setgid or sticky bit (4777),
   which chmod would drop or refuse, is a usage error.  */
mode_t ipc_arg_perms (char const *option, char const *text,
                      char const *what);
int ipc_arg_signal (char const *option, char const *text);
unsigned long long ipc_arg_count (char const *option, char const *text,
                                  unsigned long long min,
                                  unsigned long long max);
/* A decimal integer of at least MIN, sign allowed only as a leading '-'
   ("--type").  */
long ipc_arg_long (char const *option, char const *text, long min);
/* The same, from MIN to MAX; out of range, or not a number, the message
   gives the range ("expected an integer from -2147483648 to
   2147483647").  */
long ipc_arg_integer (char const *option, char const *text, long min,
                      long max);

/* Parse the address operand TEXT (ipc-addr.h) with the forms ACCEPT, or
   print "invalid address 'TEXT': WHY" and exit with the usage status.  */
void ipc_arg_address (char const *text, unsigned int accept,
                      struct ipc_addr *addr);

/* Print ID, the identifier of the System V object of KIND that 'create
   private' just made (NOUN: "segment"), as a line on stdout, and flush
   it: it is the only name of the object.  When it cannot be written (a
   full or closed stdout), remove the object, so that nothing is left
   that nobody was told of, say so ("cannot write the id of new segment
   ID (removed): REASON") and exit 1.  */
void ipc_print_new_id (enum ipc_sysv_kind kind, int id, char const *noun);

/* Read standard input into a new buffer *BUF (free it), up to one byte
   more than MAX, so that the caller can tell input longer than MAX
   (return value > MAX) without reading more of it.  Return the length
   read; a read error is reported ("error reading standard input") and
   exits 1.  */
size_t ipc_read_stdin_max (size_t max, char **buf);

/* Remember that writing to stdout failed with errno, so that the error at
   exit can say why ("write error: No space left on device") even after
   stdio dropped the buffer.  */
void ipc_stdout_failed (void);

#endif

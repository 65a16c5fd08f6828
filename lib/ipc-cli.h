/* Command-line machinery shared by every ipc-* command.  */
#ifndef IPC_CLI_H
#define IPC_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdnoreturn.h>
#include <time.h>
#include <sys/types.h>

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

/* One verb of a command: NAME and an optional ALIAS (SPEC 1: 'remove',
   'list', 'info'), and the function that runs it with argv[0] == NAME.  */
struct ipc_verb
{
  char const *name;
  char const *alias;
  int (*run) (int argc, char **argv);
};

/* Set the program name, the locale and the check that stdout was written
   successfully at exit.  */
void ipc_cli_init (int argc, char **argv);

/* Find the verb named by argv[1] in VERBS (terminated by a null name) and
   run it.  Handle '--help' and '--version' in place of a verb; USAGE
   prints the command's help and exits.  */
int ipc_cli_dispatch (struct ipc_verb const *verbs, int argc, char **argv,
                      void (*usage) (int status));

/* The verb being run, as the verb table names it ("run"), and the
   command with it ("ipc-lock run") for messages.  */
extern char const *ipc_verb;
extern char const *ipc_verb_name;

/* Print "Try 'PROG --help'..." to stderr.  */
void ipc_emit_try_help (void);

/* Print the common closing lines of --help.  */
void ipc_emit_ancillary_info (void);

/* Print the GNU --version block and exit 0.  */
noreturn void ipc_print_version (void);

/* Report a usage error with printf-style FORMAT, suggest --help, and exit
   with IPC_EXIT_USAGE.  */
noreturn void ipc_usage_error (char const *format, ...)
  __attribute__ ((__format__ (__printf__, 1, 2)));

/* Unless OPERAND is null, report it as an extra operand and exit 2.  */
void ipc_no_extra_operand (char const *operand);

/* Parsers of SPEC 3 units for option arguments.  On malformed input they
   print "invalid OPTION argument 'TEXT': WHY" and exit 2.  OPTION is the
   option's name as the user typed it (e.g. "--timeout").  */
struct timespec ipc_arg_duration (char const *option, char const *text);
unsigned long long ipc_arg_size (char const *option, char const *text);
mode_t ipc_arg_mode (char const *option, char const *text);
int ipc_arg_signal (char const *option, char const *text);
unsigned long long ipc_arg_count (char const *option, char const *text,
                                  unsigned long long min,
                                  unsigned long long max);

#endif

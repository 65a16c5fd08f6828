/* ipc-sem -- create, use and inspect POSIX named semaphores and System V
   semaphore sets.  */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "exitfail.h"
#include "quote.h"
#include "xalloc.h"

#include "ipc-addr.h"
#include "ipc-cli.h"
#include "ipc-limits.h"
#include "ipc-limits-verb.h"
#include "ipc-listing.h"
#include "ipc-posix.h"
#include "ipc-proc.h"
#include "ipc-run.h"
#include "ipc-sem.h"
#include "ipc-sysv.h"
#include "ipc-table.h"
#include "ipc-units.h"
#include "ipc-users.h"

#define countof(a) (sizeof (a) / sizeof *(a))

enum
{
  VALUE_OPTION = CHAR_MAX + 1,
  NSEMS_OPTION,
  INDEX_OPTION
};

#define INDEX_OPTION_ENTRY                                              \
  { "index", INDEX_OPTION, "I", "member I of a System V set (from 0; "  \
    "default 0)" }
static struct ipc_option const create_options[] = {
  { "value", VALUE_OPTION, "N", "initial value of each member (default 0; "
    "at most SEM_VALUE_MAX for POSIX, SEMVMX 32767 for System V)" },
  { "nsems", NSEMS_OPTION, "N", "members of a System V set (default 1, "
    "at most kernel.sem SEMMSL)" },
  IPC_OPTION_MODE,
  { 0 }
};
static struct ipc_option const post_options[] = {
  { "count", 'c', "N", "add N (default 1)" },
  INDEX_OPTION_ENTRY,
  { 0 }
};
static struct ipc_option const wait_options[] = {
  { "count", 'c', "N", "take N (default 1); System V takes all N at once" },
  INDEX_OPTION_ENTRY,
  IPC_OPTION_TIMEOUT,
  IPC_OPTION_NONBLOCK,
  { 0 }
};
static struct ipc_option const get_options[] = {
  INDEX_OPTION_ENTRY,
  { 0 }
};
static struct ipc_option const run_options[] = {
  INDEX_OPTION_ENTRY,
  IPC_OPTION_TIMEOUT,
  IPC_OPTION_NONBLOCK,
  { 0 }
};

/* Columns of 'ls' and 'stat' (SPEC 4), names as lsipc has them.  */
enum
{
  COL_NAME, COL_TYPE, COL_ID, COL_KEY, COL_VALUE, COL_NSEMS, COL_PERMS,
  COL_OWNER, COL_PIDS, COL_WAITERS, COL_NCNT, COL_ZCNT
};
static struct ipc_column const columns[] = {
  IPC_LISTING_COLS_ID (COL_),
  [COL_VALUE] = { "VALUE", 5, IPC_COL_LIST | IPC_COL_NUMBER,
                  "value of each member" },
  [COL_NSEMS] = { "NSEMS", 3, IPC_COL_RIGHT | IPC_COL_NUMBER,
                  "members (1 for POSIX)" },
  IPC_LISTING_COLS_OWNER (COL_),
  [COL_PIDS] = IPC_LISTING_COL_PIDS (
    "processes that have the semaphore mapped or open, PID:COMMAND "
    "(POSIX; JSON: \"use\": \"map\" or \"open\")"),
  [COL_WAITERS] = { "WAITERS", 5, IPC_COL_LIST | IPC_COL_NUMBER,
                    "processes waiting on each member, semncnt+semzcnt "
                    "(System V)" },
  [COL_NCNT] = { "NCNT", 5, IPC_COL_LIST | IPC_COL_NUMBER | IPC_COL_EXTRA,
                 "processes waiting for each member to grow (System V)" },
  [COL_ZCNT] = { "ZCNT", 5, IPC_COL_LIST | IPC_COL_NUMBER | IPC_COL_EXTRA,
                 "processes waiting for each member to be zero (System V)" },
};

/* Refuse VALUE of OPTION when it is above the largest value of a
   semaphore of the kind, naming the limit.  */
static void
check_value (char const *option, uintmax_t value, bool posix)
{
  char const *name;
  unsigned int max = ipc_sem_value_max (posix, &name);
  if (value > max)
    ipc_usage_error ("%s %ju exceeds %s (%u), the largest value of a %s "
                     "semaphore", option, value, name, max,
                     posix ? "POSIX" : "System V");
}

/* Parse the semaphore operand TEXT into ADDR with the forms ACCEPT; a
   POSIX name must also fit sem_open's shorter limit.  */
static void
sem_operand (char const *text, unsigned int accept, struct ipc_addr *addr)
{
  ipc_arg_address (text, accept, addr);
  if (addr->kind == IPC_ADDR_POSIX && ipc_sem_name_check (addr->name) != 0)
    ipc_usage_error ("invalid address %s: POSIX semaphore name longer than "
                     "%d bytes (sem_open keeps it as %s/%sNAME)", quote (text),
                     IPC_SEM_POSIX_NAME_MAX, IPC_SEM_POSIX_DIR,
                     IPC_SEM_POSIX_PREFIX);
}

/* Report the failure to create TEXT (errno set) and exit 1, naming the
   kernel limit behind it where there is one.  */
static noreturn void
create_failed (char const *text, bool posix, uintmax_t value,
               uintmax_t nsems)
{
  int err = errno;
  struct ipc_limit_ask ask = { .count = nsems, .size = value };
  char why[256];
  if (ipc_limit_explain (posix ? IPC_LIMIT_SEM_POSIX : IPC_LIMIT_SEM_SYSV,
                         err, &ask, why, sizeof why) == 0)
    error (IPC_EXIT_FAILURE, 0, "cannot create %s: %s", quote (text), why);
  errno = err;
  ipc_die ("cannot create %s", quote (text));
}

static int
verb_create (int argc, char **argv)
{
  uintmax_t value = 0, nsems = 1;
  mode_t mode = S_IRUSR | S_IWUSR;
  int c;
  while ((c = ipc_getopt (argc, argv)) != -1)
    switch (c)
      {
      case VALUE_OPTION:
        value = ipc_arg_count ("--value", optarg, 0, UINTMAX_MAX);
        break;
      case NSEMS_OPTION:
        nsems = ipc_arg_count ("--nsems", optarg, 1, INT_MAX);
        break;
      case IPC_MODE_OPTION:
        mode = ipc_arg_mode ("--mode", optarg);
        if (mode & ~(mode_t) 0777)
          ipc_usage_error ("invalid --mode argument %s: a semaphore takes "
                           "permission bits only (0777)", quote (optarg));
        break;
      }
  int first = ipc_operands (argc, argv);
  struct ipc_addr addr;
  sem_operand (argv[first], ((IPC_ADDR_ACCEPT_SYSV_OBJ
                              & ~IPC_ADDR_ACCEPT (IPC_ADDR_ID))
                             | IPC_ADDR_ACCEPT (IPC_ADDR_PRIVATE)), &addr);
  bool posix = addr.kind == IPC_ADDR_POSIX;
  check_value ("--value", value, posix);
  if (posix && nsems != 1)
    ipc_usage_error ("--nsems applies to System V sets: a POSIX semaphore "
                     "has one value");
  uintmax_t semmsl;
  if (!posix && ipc_sem_nsems_max (&semmsl) == 0 && nsems > semmsl)
    ipc_usage_error ("--nsems %ju exceeds kernel.sem SEMMSL (%ju)", nsems,
                     semmsl);

  int id;
  if (ipc_sem_create (&addr, value, nsems, mode, &id) != 0)
    create_failed (argv[first], posix, value, nsems);
  if (addr.kind == IPC_ADDR_PRIVATE)
    ipc_print_new_id (IPC_SYSV_SEM, id, "set");
  ipc_addr_free (&addr);
  return IPC_EXIT_OK;
}

/* What post, wait, get and run were asked to do.  */
struct request
{
  char const *text;             /* the operand as typed */
  struct ipc_sem sem;           /* open until we exit */
  uintmax_t count, index;
  struct timespec timeout;      /* -t; infinite by default */
};

/* Parse the options and the operand of post, wait, get and run into R,
   open the semaphore (READONLY: for get), and check --count and --index
   against it.  */
static void
parse_request (int argc, char **argv, struct request *r, bool readonly)
{
  memset (r, 0, sizeof *r);
  r->count = 1;
  r->timeout = IPC_DURATION_INFINITE;
  int c;
  while ((c = ipc_getopt (argc, argv)) != -1)
    switch (c)
      {
      case 'c': r->count = ipc_arg_count ("--count", optarg, 1, UINT_MAX);
        break;
      case INDEX_OPTION:
        r->index = ipc_arg_count ("--index", optarg, 0, UINT_MAX);
        break;
      case 't': r->timeout = ipc_arg_duration ("--timeout", optarg); break;
      case 'n': r->timeout = (struct timespec) { 0, 0 }; break;
      }
  int first = ipc_operands (argc, argv);
  r->text = argv[first];
  struct ipc_addr addr;
  sem_operand (r->text, IPC_ADDR_ACCEPT_SYSV_OBJ, &addr);
  check_value ("--count", r->count, addr.kind == IPC_ADDR_POSIX);
  if (ipc_sem_open (&r->sem, &addr, readonly) != 0)
    {
      if (errno == EINVAL && r->sem.why[0])
        error (exit_failure, 0, "cannot open %s: %s", quote (r->text),
               r->sem.why);
      ipc_die ("cannot open %s", quote (r->text));
    }
  ipc_addr_free (&addr);
  if (r->index >= r->sem.nsems)
    ipc_usage_error ("--index %ju is past the last member of %s, which has "
                     "%u", r->index, quote (r->text), r->sem.nsems);
}

/* ipc_run_hold's take and give of a request R: R's count of its
   member, within its timeout.  */
static int
hold_take (void *r_, volatile sig_atomic_t const *stop)
{
  struct request *r = r_;
  return ipc_sem_take (&r->sem, r->index, r->count, false, r->timeout,
                       stop);
}

static int
hold_give (void *r_)
{
  struct request *r = r_;
  return ipc_sem_post (&r->sem, r->index, r->count);
}

/* Take R's count within its timeout, as ipc_run_hold does (a signal that
   would end us first gives back what was taken), run COMMAND if not
   null and give back when it ends, or exit: 124 when it was not there
   in time.  Return COMMAND's status.  */
static int
hold (struct request *r, char *const *command)
{
  char const *what = (command ? "cannot give the slot back to "
                      : "cannot give back what was taken from ");
  char const *name = quote (r->text);
  char *give_failed = xmalloc (strlen (what) + strlen (name) + 1);
  stpcpy (stpcpy (give_failed, what), name);
  struct ipc_hold h = { hold_take, hold_give, r, give_failed };
  int status = ipc_run_hold (&h, command);
  if (status < 0)
    ipc_die ("cannot wait on %s", quote (r->text));
  free (give_failed);
  return status;
}

static int
verb_post (int argc, char **argv)
{
  struct request r;
  parse_request (argc, argv, &r, false);
  if (ipc_sem_post (&r.sem, r.index, r.count) != 0)
    {
      char const *name;
      unsigned int max = ipc_sem_value_max (r.sem.posix, &name);
      if (errno == EOVERFLOW || errno == ERANGE)
        error (IPC_EXIT_FAILURE, 0, "cannot post to %s: the value would "
               "exceed %s (%u)", quote (r.text), name, max);
      ipc_die ("cannot post to %s", quote (r.text));
    }
  return IPC_EXIT_OK;
}

static int
verb_wait (int argc, char **argv)
{
  struct request r;
  parse_request (argc, argv, &r, false);
  return hold (&r, NULL);
}

static int
verb_get (int argc, char **argv)
{
  struct request r;
  parse_request (argc, argv, &r, true);
  unsigned int value;
  if (ipc_sem_get (&r.sem, r.index, &value) != 0)
    ipc_die ("cannot read %s", quote (r.text));
  printf ("%u\n", value);
  return IPC_EXIT_OK;
}

static int
verb_run (int argc, char **argv)
{
  struct request r;
  parse_request (argc, argv, &r, false);
  char **command = ipc_command (argv);
  if (r.sem.posix)
    /* The kernel keeps no account of POSIX semaphores, so we stay as
       COMMAND's parent (ipc_run_hold passes our termination signals on
       to it) and post when it ends: only a SIGKILL of ours loses the
       slot.  */
    return hold (&r, command);
  /* Chain-load onto a System V set: with SEM_UNDO the kernel gives the
     slot back when COMMAND ends, however it ends (or when we die before
     the exec), and nothing of ours stays behind.  */
  if (ipc_sem_take (&r.sem, r.index, 1, true, r.timeout, NULL) != 0)
    ipc_die ("cannot wait on %s", quote (r.text));
  ipc_run_exec (command);
}

/* Add to the list in cell COL the N numbers of A (plus those of B), one
   per member; nothing when A is null (not known).  */
static void
add_numbers (struct ipc_row *row, int col, unsigned int const *a,
             unsigned int const *b, unsigned int n)
{
  for (unsigned int i = 0; a && i < n; i++)
    {
      char buf[24];
      snprintf (buf, sizeof buf, "%u", a[i] + (b ? b[i] : 0));
      ipc_row_add_item (row, col, buf);
    }
}

/* Read the POSIX semaphore NAME in DIR, or the System V set of ENTRY, and
   add its row.  */
static int
add_row (struct ipc_listing *l, char const *name, char const *dir,
         struct ipc_sysv_entry const *entry)
{
  struct ipc_sem_info info;
  if ((entry ? ipc_sem_sysv_info (entry, &info)
       : ipc_sem_posix_info (name, dir, &info)) != 0)
    return -1;
  struct ipc_listing_object obj = {
    .object = &info.object, .name = name, .used = info.object.posix,
    .users = info.object.file
  };
  struct ipc_row *row = ipc_listing_row (l, &obj);
  if (row)
    {
      add_numbers (row, COL_VALUE, info.values, NULL, info.nsems);
      ipc_row_set_uint (row, COL_NSEMS, info.nsems);
      add_numbers (row, COL_WAITERS, info.ncnt, info.zcnt, info.nsems);
      add_numbers (row, COL_NCNT, info.ncnt, NULL, info.nsems);
      add_numbers (row, COL_ZCNT, info.zcnt, NULL, info.nsems);
    }
  ipc_sem_info_free (&info);
  return 0;
}

static struct ipc_listing_kind const listing = {
  .columns = columns, .ncolumns = countof (columns),
  .json_array = "semaphores", .json_object = "semaphore",
  .objects = "semaphores", .posix_dir = IPC_SEM_POSIX_DIR,
  .posix_magic = IPC_POSIX_TMPFS_MAGIC, .posix_prefix = IPC_SEM_POSIX_PREFIX,
  .posix_prefixed = true, .sysv = IPC_SYSV_SEM,
  .accept = IPC_ADDR_ACCEPT_SYSV_OBJ, .parse = sem_operand,
  .users_sources = IPC_USERS_MAPS | IPC_USERS_FDS, .add_row = add_row
};

static struct ipc_verb const verbs[] = {
  { "create", NULL, verb_create,
    .synopsis = "SEM",
    .summary = "create a semaphore or a System V set (mode 0600 unless "
    "--mode)",
    .description = "\
Create SEM; it must not exist.  SEM is /NAME (a POSIX named semaphore, at\n\
most 251 bytes after the '/'), key:KEY, path:FILE[:P] or 'private' (a new\n\
System V set; its id is printed).  Each member starts at --value.\n",
    .options = create_options, .operands = "SEM", .min = 1, .max = 1 },
  { "rm", "remove", ipc_remove_verb,
    .data = &(struct ipc_remover) { IPC_ADDR_ACCEPT_SYSV_OBJ, sem_operand,
                                    ipc_sem_remove },
    .synopsis = "SEM...",
    .summary = "remove semaphores",
    .description = "\
Remove each SEM.  A POSIX semaphore lives on in the processes that have it\n\
open; a removed System V set wakes its waiters with an error.\n",
    .operands = "SEM", .min = 1, .max = IPC_MANY },
  { "post", NULL, verb_post,
    .synopsis = "SEM",
    .summary = "add --count (default 1) to the value, waking waiters",
    .description = "\
Add N to the value of SEM (member I of a System V set), in one step: if it\n\
would pass the largest value, nothing is added.  A POSIX semaphore gets N\n\
posts, with every signal blocked: all of them or none, but others see them\n\
one by one.  The change is permanent.\n",
    .options = post_options, .operands = "SEM", .min = 1, .max = 1 },
  { "wait", NULL, verb_wait,
    .synopsis = "SEM",
    .summary = "take --count (default 1) from the value, blocking until it "
    "is there",
    .description = "\
Take N from the value of SEM, blocking in the kernel until the value is at\n\
least N.  A System V set gives all N at once, atomically; a POSIX semaphore\n\
is taken one by one, and what was taken is given back on timeout, or when a\n\
signal ends ipc-sem (it gives back, then dies of the signal).  The change\n\
is permanent (no SEM_UNDO).\n",
    .options = wait_options, .operands = "SEM", .min = 1, .max = 1 },
  { "get", NULL, verb_get,
    .synopsis = "SEM",
    .summary = "print the value",
    .description = "\
Print the value of SEM (member I of a System V set).  Read permission on\n\
SEM is enough.\n",
    .options = get_options, .operands = "SEM", .min = 1, .max = 1 },
  { "run", NULL, verb_run,
    .synopsis = "SEM -- COMMAND [ARG]...",
    .summary = "take one slot, run COMMAND, give the slot back when it ends, "
    "also when it is killed",
    .description = "\
Take one slot of SEM (wait 1), run COMMAND, and give the slot back when\n\
COMMAND ends.  On a System V set the slot is taken with SEM_UNDO and\n\
COMMAND replaces ipc-sem: the kernel gives the slot back however COMMAND\n\
ends, even by SIGKILL.  On a POSIX semaphore ipc-sem stays as COMMAND's\n\
parent, passes HUP, INT, QUIT, TERM, USR1 and USR2 on to it, and posts\n\
when it ends; one of them that comes before COMMAND starts or after it\n\
ends makes ipc-sem give the slot back, then die of it.  COMMAND gets the\n\
caller's signal mask and dispositions.  If ipc-sem itself is killed with\n\
SIGKILL, the slot is lost.\n\
Use a System V set (key:, path:) where crashes must not leak slots.\n",
    .options = run_options, .operands = "SEM", .min = 1, .max = 1,
    .flags = IPC_VERB_RUNS_COMMAND },
  { "ls", "list", ipc_listing_ls, .data = &listing,
    .summary = "list POSIX semaphores and System V sets",
    .description = "\
List POSIX semaphores (/dev/shm/sem.*) and System V sets\n\
(/proc/sysvipc/sem).  VALUE, WAITERS, NCNT and ZCNT have one item per\n\
member.  PIDS are the processes that map a POSIX semaphore; System V sets\n\
are used by no descriptor or mapping, so -p lists POSIX ones only.\n",
    IPC_TABLE_LS_VERB (columns) },
  { "stat", "info", ipc_listing_stat, .data = &listing,
    .synopsis = "SEM",
    .summary = "show one semaphore",
    .description = "\
Show SEM as COLUMN: value lines (or one JSON object with -J);\n\
stat -o VALUE -n SEM prints the bare value.\n",
    IPC_TABLE_VERB (columns), .operands = "SEM", .min = 1, .max = 1 },
  { IPC_LIMITS_VERB (IPC_LIMITS_SEM),
    .summary = "show the limits of semaphores, their use and what is left",
    .description = "\
Show every limit of System V and POSIX semaphores: the four fields of\n\
kernel.sem (SEMMSL, SEMMNS, SEMOPM, SEMMNI), SEMVMX, SEM_VALUE_MAX and\n\
the size of " IPC_POSIX_SHM_DIR ", with what is used (the sets of /proc/sysvipc/sem and\n\
their members, the space used in " IPC_POSIX_SHM_DIR ") and what is left.  USED is '-'\n\
for a limit on one set or one operation.\n" },
  { 0 }
};

static struct ipc_command const command = {
  .summary = "Create, use and inspect POSIX named semaphores and System V "
  "semaphore sets.",
  .verbs = verbs,
  .exit_status = "\
Exit status of run is COMMAND's own, or:\n\
  124  no slot was acquired in time (or at once, with -n)\n\
  125  ipc-sem itself failed, usage errors included\n\
  126  COMMAND was found but could not be run\n\
  127  COMMAND was not found\n\
  128+N  COMMAND was killed by signal N\n\
Other verbs: 0 done, 1 failed, 2 usage error, 124 nothing to take in time.\n",
};

int
main (int argc, char **argv)
{
  return ipc_cli_main (&command, argc, argv);
}

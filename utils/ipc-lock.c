/* ipc-lock -- take, hold, release and inspect file locks.  */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "error.h"
#include "exitfail.h"
#include "quote.h"
#include "xalloc.h"

#include "ipc-addr.h"
#include "ipc-cli.h"
#include "ipc-deadline.h"
#include "ipc-locks.h"
#include "ipc-run.h"
#include "ipc-table.h"
#include "ipc-units.h"

/* What 'run', 'acquire' and 'release' were asked to do.  */
struct lock_request
{
  struct ipc_lock_req lock;     /* type, -s/-x and --range */
  struct timespec timeout;
  bool ranged;
  mode_t mode;                  /* for a lock file that 'run' creates */
};

enum
{
  TYPE_OPTION = CHAR_MAX + 1,
  RANGE_OPTION
};

/* The options of run, acquire and release.  */
#define LOCK_OPTIONS                                                    \
  { "shared", 's', NULL, "take a shared (read) lock" },                 \
  { "exclusive", 'x', NULL, "take an exclusive (write) lock; the default" }, \
  IPC_OPTION_TIMEOUT,                                                   \
  IPC_OPTION_NONBLOCK,                                                  \
  { "type", TYPE_OPTION, "TYPE", "flock (the default, the lock flock(1) " \
    "takes), ofd (fcntl open file description lock) or posix (fcntl "  \
    "process-associated lock)" },                                       \
  { "range", RANGE_OPTION, "START:LEN", "lock LEN bytes from START (ofd " \
    "and posix; LEN 0 means to the end of the file; sizes as 4K)" }
static struct ipc_option const run_options[] = {
  LOCK_OPTIONS, IPC_OPTION_MODE, { 0 }
};
static struct ipc_option const fd_options[] = { LOCK_OPTIONS, { 0 } };

/* Columns of 'ls': one row per lock and per waiter.  */
enum
{
  COL_PATH, COL_TYPE, COL_MODE, COL_START, COL_END, COL_PID, COL_COMMAND,
  COL_BLOCKER, COL_STATE, COL_HOLDERS, COL_INODE, COL_DEVICE
};
static struct ipc_column const ls_columns[] = {
  [COL_PATH] = { "PATH", 0.4, 0, "path of the locked file, or "
                 "MAJOR:MINOR:INODE if not found (JSON null)" },
  [COL_TYPE] = { "TYPE", 5, 0, "FLOCK, POSIX or OFD" },
  [COL_MODE] = { "MODE", 5, 0, "READ (shared) or WRITE (exclusive)" },
  [COL_START] = { "START", 5, IPC_COL_RIGHT | IPC_COL_NUMBER,
                  "first byte of the locked range" },
  [COL_END] = { "END", 5, IPC_COL_RIGHT | IPC_COL_NUMBER,
                "last byte of the range; EOF (JSON null): to the end of the "
                "file" },
  [COL_PID] = { "PID", 5, IPC_COL_RIGHT | IPC_COL_NUMBER,
                "holder (a live one, else as /proc/locks says) or waiter; "
                "? if unknown" },
  [COL_COMMAND] = { "COMMAND", 10, IPC_COL_TRUNC,
                    "its command name; ? if it is gone" },
  [COL_BLOCKER] = { "BLOCKER", 5, IPC_COL_RIGHT | IPC_COL_NUMBER,
                    "for a waiter: the process holding the lock" },
  [COL_STATE] = { "STATE", 7, 0, "held, waiting or deadlock" },
  [COL_HOLDERS] = { "HOLDERS", 10, IPC_COL_LIST | IPC_COL_EXTRA,
                    "every process with the lock's descriptor open; ? if "
                    "partial" },
  [COL_INODE] = { "INODE", 5, IPC_COL_RIGHT | IPC_COL_NUMBER | IPC_COL_EXTRA,
                  "inode number of the file" },
  [COL_DEVICE] = { "DEVICE", 5, IPC_COL_EXTRA,
                   "device of the file, MAJOR:MINOR" },
};

/* Columns of 'stat': one row for the file.  */
enum
{
  SCOL_PATH, SCOL_STATE, SCOL_TYPE, SCOL_HOLDERS, SCOL_WAITERS, SCOL_LOCKS,
  SCOL_RANGES, SCOL_INODE, SCOL_DEVICE
};
static struct ipc_column const stat_columns[] = {
  [SCOL_PATH] = { "PATH", 0.4, 0, "the file" },
  [SCOL_STATE] = { "STATE", 9, 0,
                   "free, shared (read locks only) or exclusive" },
  [SCOL_TYPE] = { "TYPE", 5, IPC_COL_LIST, "types of the locks held" },
  [SCOL_HOLDERS] = { "HOLDERS", 10, IPC_COL_LIST,
                     "processes holding a lock, PID:COMMAND; ? if partial" },
  [SCOL_WAITERS] = { "WAITERS", 10, IPC_COL_LIST,
                     "processes waiting for a lock, PID:COMMAND" },
  [SCOL_LOCKS] = { "LOCKS", 3, IPC_COL_NUMBER, "number of locks held" },
  [SCOL_RANGES] = { "RANGES", 10, IPC_COL_LIST,
                    "byte ranges held, START-END (EOF: to the end of the "
                    "file)" },
  [SCOL_INODE] = { "INODE", 5, IPC_COL_NUMBER | IPC_COL_EXTRA,
                   "inode number" },
  [SCOL_DEVICE] = { "DEVICE", 5, IPC_COL_EXTRA, "device, MAJOR:MINOR" },
};

#define countof(a) (sizeof (a) / sizeof *(a))

/* Parse --range START:LEN into REQ, checking that the range fits off_t.  */
static void
parse_range (char const *text, struct lock_request *req)
{
  char const *colon = strchr (text, ':');
  if (!colon)
    ipc_usage_error ("invalid --range argument %s: expected START:LEN",
                     quote (text));
  char *start_text = ximemdup0 (text, colon - text);
  uint64_t start, len;
  char const *why = "not a size";
  if (ipc_size_parse (start_text, &start, &why) != 0
      || ipc_size_parse (colon + 1, &len, &why) != 0)
    ipc_usage_error ("invalid --range argument %s: %s", quote (text), why);
  free (start_text);
  if (start > INT64_MAX || len > INT64_MAX - start)
    ipc_usage_error ("invalid --range argument %s: beyond the largest offset",
                     quote (text));
  req->lock.start = start;
  req->lock.len = len;
  req->ranged = true;
}

/* Parse the options of run, acquire and release into REQ.  Return the
   index of the first operand in ARGV.  */
static int
parse_lock_options (int argc, char **argv, struct lock_request *req)
{
  *req = (struct lock_request) { .lock.type = IPC_LOCK_FLOCK,
                                 .timeout = IPC_DURATION_INFINITE,
                                 .mode = S_IRUSR | S_IWUSR };
  int c;
  while ((c = ipc_getopt (argc, argv)) != -1)
    switch (c)
      {
      case 's': req->lock.shared = true; break;
      case 'x': req->lock.shared = false; break;
      case 't': req->timeout = ipc_arg_duration ("--timeout", optarg); break;
      case 'n': req->timeout = (struct timespec) { 0, 0 }; break;
      case TYPE_OPTION:
        if (strcmp (optarg, "flock") == 0)
          req->lock.type = IPC_LOCK_FLOCK;
        else if (strcmp (optarg, "ofd") == 0)
          req->lock.type = IPC_LOCK_OFD;
        else if (strcmp (optarg, "posix") == 0)
          req->lock.type = IPC_LOCK_POSIX;
        else
          ipc_usage_error ("invalid --type argument %s: "
                           "expected flock, ofd or posix", quote (optarg));
        break;
      case RANGE_OPTION: parse_range (optarg, req); break;
      case IPC_MODE_OPTION:
        req->mode = ipc_arg_mode ("--mode", optarg);
        break;
      }
  int first = ipc_operands (argc, argv);
  if (req->ranged && req->lock.type == IPC_LOCK_FLOCK)
    ipc_usage_error ("--range needs --type ofd or posix: "
                     "flock locks the whole file");
  return first;
}

/* Take the lock REQ on FD within REQ->timeout.  Return 0 or -1 with
   errno set (ETIMEDOUT when it stayed busy).  */
static int
take_lock (int fd, struct lock_request const *req)
{
  struct ipc_deadline deadline;
  ipc_deadline_start (&deadline, req->timeout);
  return ipc_lock_take (fd, &req->lock, &deadline);
}

/* Report a failure to lock WHAT (errno set) and return the status:
   124 for a timeout, 1 for a deadlock (also in 'run'), else the verb's
   failure status.  */
static int
lock_failed (char const *what, struct lock_request const *req)
{
  if (errno == EDEADLK)
    {
      error (0, 0, "cannot lock %s: deadlock: the range requested is held "
             "by a process that waits for a lock this one holds",
             quote (what));
      return IPC_EXIT_FAILURE;
    }
  if (errno == EBADF && req->lock.type != IPC_LOCK_FLOCK)
    {
      error (0, 0, "cannot lock %s: %s lock needs the file open for %s",
             quote (what), req->lock.shared ? "a shared" : "an exclusive",
             req->lock.shared ? "reading" : "writing");
      return exit_failure;
    }
  return ipc_failure ("cannot lock %s", quote (what));
}

/* What kind of file ST is, for "it is a FIFO, not a regular file".  */
static char const *
file_kind (struct stat const *st)
{
  return (S_ISFIFO (st->st_mode) ? "a FIFO"
          : S_ISCHR (st->st_mode) ? "a character device"
          : S_ISBLK (st->st_mode) ? "a block device"
          : S_ISDIR (st->st_mode) ? "a directory"
          : S_ISSOCK (st->st_mode) ? "a socket"
          : "a special file");
}

static int
lock_run (int argc, char **argv)
{
  struct lock_request req;
  int first = parse_lock_options (argc, argv, &req);
  char const *path = argv[first];
  struct ipc_addr addr;
  ipc_arg_address (path, IPC_ADDR_ACCEPT (IPC_ADDR_PATH), &addr);
  ipc_addr_free (&addr);

  struct stat st;
  int fd = ipc_lock_open (path, req.mode, &st);
  if (fd < 0)
    {
      if (errno == ELOOP)
        error (IPC_EXIT_CANCELED, 0, "refusing to lock %s: it is a symbolic "
               "link (name the file it points to)", quote (path));
      if (errno == EINVAL)
        error (IPC_EXIT_CANCELED, 0, "refusing to lock %s: it is %s, not a "
               "regular file", quote (path), file_kind (&st));
      error (IPC_EXIT_CANCELED, errno, "cannot open %s", quote (path));
    }
  if (take_lock (fd, &req) != 0)
    return lock_failed (path, &req);
  /* Chain-load: COMMAND inherits FD, and with it the lock.  */
  ipc_run_exec (ipc_command (argv));
}

/* Parse the single fd:N operand of acquire and release.  */
static int
fd_operand (char **argv, int first)
{
  struct ipc_addr addr;
  ipc_arg_address (argv[first], IPC_ADDR_ACCEPT (IPC_ADDR_FD), &addr);
  int fd = addr.fd;
  ipc_addr_free (&addr);
  if (fcntl (fd, F_GETFD) < 0)
    error (IPC_EXIT_FAILURE, errno, "%s", quote (argv[first]));
  return fd;
}

static int
lock_acquire (int argc, char **argv)
{
  struct lock_request req;
  int first = parse_lock_options (argc, argv, &req);
  if (req.lock.type == IPC_LOCK_POSIX)
    ipc_usage_error ("acquire cannot take a posix lock: it would end with "
                     "this process; use --type flock or ofd");
  int fd = fd_operand (argv, first);
  if (take_lock (fd, &req) != 0)
    return lock_failed (argv[first], &req);
  return IPC_EXIT_OK;
}

static int
lock_release (int argc, char **argv)
{
  struct lock_request req;
  int first = parse_lock_options (argc, argv, &req);
  if (req.lock.type == IPC_LOCK_POSIX)
    ipc_usage_error ("release cannot drop a posix lock: only the process "
                     "that took it holds it; use --type flock or ofd");
  int fd = fd_operand (argv, first);
  if (ipc_lock_release (fd, &req.lock) != 0)
    error (IPC_EXIT_FAILURE, errno, "cannot unlock %s", quote (argv[first]));
  return IPC_EXIT_OK;
}

/* "TYPE" as SPEC 4 names it: the kernel's OFDLCK is OFD.  */
static char const *
type_name (struct ipc_lock_info const *l)
{
  return strcmp (l->lock.type, "OFDLCK") == 0 ? "OFD" : l->lock.type;
}

/* Order of locks by range: start, then end.  */
static int
compare_ranges (void const *a, void const *b)
{
  struct ipc_proc_lock const *x = *(struct ipc_proc_lock const *const *) a;
  struct ipc_proc_lock const *y = *(struct ipc_proc_lock const *const *) b;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return (x->end > y->end) - (x->end < y->end);
}

/* Add to cell COL of ROW the ranges of the N locks HELD as START-END,
   each once, in increasing order; END is EOF for the end of the file.  */
static void
add_ranges (struct ipc_row *row, int col, struct ipc_proc_lock const **held,
            size_t n)
{
  if (n > 1)
    qsort (held, n, sizeof *held, compare_ranges);
  for (size_t i = 0; i < n; i++)
    {
      if (i > 0 && compare_ranges (&held[i - 1], &held[i]) == 0)
        continue;
      char range[64];
      if (held[i]->end == UINT64_MAX)
        snprintf (range, sizeof range, "%ju-EOF", (uintmax_t) held[i]->start);
      else
        snprintf (range, sizeof range, "%ju-%ju", (uintmax_t) held[i]->start,
                  (uintmax_t) held[i]->end);
      ipc_row_add_item (row, col, range);
    }
}

/* Whether one of the N processes PIDS holds or waits for L.  */
static bool
involves_any (struct ipc_lock_info const *l, pid_t const *pids, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (ipc_lock_involves (l, pids[i]))
      return true;
  return false;
}

/* Cell COL of ROW: the path of lock L's file, or where no process that
   we may look into has it open, DEVICE:INODE (MAJOR:MINOR:INODE), null
   in JSON.  */
static void
set_path (struct ipc_row *row, int col, struct ipc_lock_info const *l)
{
  if (l->path)
    {
      ipc_row_set (row, col, l->path);
      return;
    }
  char id[64];
  snprintf (id, sizeof id, "%u:%u:%ju", l->lock.dev_major, l->lock.dev_minor,
            (uintmax_t) l->lock.inode);
  ipc_row_set_json_null (row, col, id);
}

/* SPEC 4: say on stderr that the list in COLUMN is partial, because
   UNREADABLE processes could not be looked into (the cells are '?').  */
static void
report_partial (char const *column, size_t unreadable)
{
  error (0, 0, "%s is partial: %zu processes could not be read; run as root",
         column, unreadable);
}

/* Cell COL of ROW: the last byte of lock L, or EOF (null in JSON) for a
   lock that runs to the end of the file: /proc/locks says "0 0" for one
   byte at 0, "0 EOF" for the whole file.  */
static void
set_end (struct ipc_row *row, int col, struct ipc_proc_lock const *l)
{
  if (l->end == UINT64_MAX)
    ipc_row_set_json_null (row, col, "EOF");
  else
    ipc_row_set_uint (row, col, l->end);
}

static int
lock_ls (int argc, char **argv)
{
  struct ipc_table_opts opts;
  ipc_table_getopt (argc, argv, &opts);
  struct ipc_table *t = ipc_table_new (ls_columns, countof (ls_columns),
                                       &opts, "locks", false);
  /* HOLDERS is the one column that needs every process looked into.  */
  unsigned int flags = (ipc_table_wants (t, COL_HOLDERS)
                        ? IPC_LOCKS_HOLDERS : 0);
  size_t npids;
  pid_t const *pids = ipc_table_pids (t, &npids);
  struct ipc_lock_set set;
  if (ipc_locks_collect (&set, NULL, flags, pids, npids) != 0)
    error (IPC_EXIT_FAILURE, errno, "cannot read %s", quote ("/proc/locks"));
  bool partial = false;

  for (size_t i = 0; i < set.n; i++)
    {
      struct ipc_lock_info const *l = &set.locks[i];
      /* A writer's place in the queue of writer preference is not a
         lock of the file's data (lib/ipc-locks.h).  */
      if ((!l->lock.waiting && ipc_lock_in_queue (&l->lock))
          || (pids && !involves_any (l, pids, npids)))
        continue;
      struct ipc_row *row = ipc_table_add_row (t);
      set_path (row, COL_PATH, l);
      ipc_row_set (row, COL_TYPE, type_name (l));
      ipc_row_set (row, COL_MODE, l->lock.access);
      ipc_row_set_uint (row, COL_START, l->lock.start);
      set_end (row, COL_END, &l->lock);
      if (l->pid > 0)
        {
          ipc_row_set_int (row, COL_PID, l->pid);
          if (l->command)
            ipc_row_set (row, COL_COMMAND, l->command);
          else
            ipc_row_set_json_null (row, COL_COMMAND, "?");
        }
      else
        {
          /* An OFD lock names no process, and its holders are another
             user's, or it is a waiter for one.  */
          ipc_row_set_json_null (row, COL_PID, "?");
          ipc_row_set_json_null (row, COL_COMMAND, "?");
        }
      if (l->blocker > 0)
        ipc_row_set_int (row, COL_BLOCKER, l->blocker);
      else if (l->lock.waiting)
        ipc_row_set_json_null (row, COL_BLOCKER, "?");
      ipc_row_set (row, COL_STATE, (!l->lock.waiting ? "held"
                                    : l->deadlocked ? "deadlock"
                                    : "waiting"));
      if (l->holders_partial)
        {
          ipc_row_set_json_null (row, COL_HOLDERS, "?");
          partial = true;
        }
      else
        for (size_t h = 0; h < l->nholders; h++)
          ipc_row_add_process_item (row, COL_HOLDERS, l->holders[h]);
      ipc_row_set_uint (row, COL_INODE, l->lock.inode);
      ipc_row_printf (row, COL_DEVICE, "%u:%u", l->lock.dev_major,
                      l->lock.dev_minor);
    }
  size_t unreadable = set.unreadable;
  ipc_locks_free (&set);
  ipc_table_print (t);
  if (partial)
    report_partial ("HOLDERS", unreadable);
  return IPC_EXIT_OK;
}

static int
lock_stat (int argc, char **argv)
{
  struct ipc_table_opts opts;
  int first = ipc_table_getopt (argc, argv, &opts);
  char const *path = argv[first];
  struct ipc_addr addr;
  ipc_arg_address (path, IPC_ADDR_ACCEPT (IPC_ADDR_PATH), &addr);
  ipc_addr_free (&addr);
  struct ipc_table *t = ipc_table_new (stat_columns, countof (stat_columns),
                                       &opts, "lock", true);
  struct stat st;
  if (stat (path, &st) != 0)
    error (IPC_EXIT_FAILURE, errno, "cannot stat %s", quote (path));
  struct ipc_lock_set set;
  if (ipc_locks_collect (&set, &st, IPC_LOCKS_HOLDERS, NULL, 0) != 0)
    error (IPC_EXIT_FAILURE, errno, "cannot read %s", quote ("/proc/locks"));

  struct ipc_row *row = ipc_table_add_row (t);
  ipc_row_set (row, SCOL_PATH, path);
  size_t held = 0;
  bool exclusive = false, partial = false;
  bool seen_type[3] = { false, false, false };
  char const *const types[] = { "FLOCK", "POSIX", "OFD" };
  struct ipc_proc_lock const **ranges = XNMALLOC (set.n + 1,
                                                  struct ipc_proc_lock const *);
  for (size_t i = 0; i < set.n; i++)
    {
      struct ipc_lock_info const *l = &set.locks[i];
      if (!l->lock.waiting && ipc_lock_in_queue (&l->lock))
        continue;
      if (l->lock.waiting)
        {
          ipc_row_add_process (row, SCOL_WAITERS, l->pid);
          continue;
        }
      ranges[held++] = &l->lock;
      exclusive |= strcmp (l->lock.access, "WRITE") == 0;
      for (size_t k = 0; k < countof (types); k++)
        if (strcmp (type_name (l), types[k]) == 0 && !seen_type[k])
          {
            seen_type[k] = true;
            ipc_row_add_item (row, SCOL_TYPE, types[k]);
          }
      partial |= l->holders_partial;
      if (l->nholders == 0)
        ipc_row_add_process (row, SCOL_HOLDERS, l->pid);
      for (size_t h = 0; h < l->nholders; h++)
        ipc_row_add_process_item (row, SCOL_HOLDERS, l->holders[h]);
    }
  if (partial)
    ipc_row_set_json_null (row, SCOL_HOLDERS, "?");
  ipc_row_set (row, SCOL_STATE,
               held == 0 ? "free" : exclusive ? "exclusive" : "shared");
  ipc_row_set_uint (row, SCOL_LOCKS, held);
  add_ranges (row, SCOL_RANGES, ranges, held);
  free (ranges);
  ipc_row_set_uint (row, SCOL_INODE, st.st_ino);
  ipc_row_printf (row, SCOL_DEVICE, "%u:%u", major (st.st_dev),
                  minor (st.st_dev));
  size_t unreadable = set.unreadable;
  partial &= ipc_table_wants (t, SCOL_HOLDERS);
  ipc_locks_free (&set);
  ipc_table_print (t);
  if (partial)
    report_partial ("HOLDERS", unreadable);
  return IPC_EXIT_OK;
}

static struct ipc_verb const verbs[] = {
  { "run", NULL, lock_run,
    .synopsis = "LOCKFILE -- COMMAND [ARG]...",
    .summary = "lock LOCKFILE (created if missing, never truncated or "
    "deleted) and run COMMAND with the lock held; the lock is released "
    "when COMMAND and any child that keeps its descriptor exit",
    .description = "\
Lock LOCKFILE, then run COMMAND with the lock held.\n\
LOCKFILE is created (mode 0600 unless --mode) if missing, and never\n\
truncated or deleted; a symbolic link is refused.  COMMAND replaces\n\
ipc-lock and keeps the lock's descriptor open, so the lock is released\n\
when COMMAND, and any child that inherited the descriptor, exits.\n",
    .options = run_options, .operands = "LOCKFILE", .min = 1, .max = 1,
    .flags = IPC_VERB_RUNS_COMMAND },
  { "acquire", NULL, lock_acquire,
    .synopsis = "fd:N",
    .summary = "lock the descriptor N that the calling shell opened, so "
    "that the lock outlives this command (exec 9>>FILE first)",
    .description = "\
Lock the open descriptor N that this command inherited; the lock stays\n\
with the descriptor after ipc-lock exits (flock and ofd types only: a\n\
posix lock would end with this process).  Example:\n\
  exec 9>>/run/app.lock; ipc-lock acquire -t 10 fd:9 || exit\n",
    .options = fd_options, .operands = "fd:N", .min = 1, .max = 1 },
  { "release", NULL, lock_release,
    .synopsis = "fd:N",
    .summary = "unlock descriptor N",
    .description = "\
Unlock the open descriptor N (the same --type and --range as acquire).\n",
    .options = fd_options, .operands = "fd:N", .min = 1, .max = 1 },
  { "ls", "list", lock_ls,
    .summary = "list every lock on the system with its holder and waiters",
    .description = "\
List every lock on the system: one row per lock held and per process\n\
waiting for one; waiters that wait on each other are marked deadlock,\n\
also through a holder that inherited the lock (flock(1)'s child).\n\
With --pid, the locks that those processes hold (the one that took it, or\n\
one that has its descriptor open) or wait for.\n",
    IPC_TABLE_LS_VERB (ls_columns) },
  { "stat", "info", lock_stat,
    .synopsis = "FILE",
    .summary = "tell whether FILE is locked, by whom, and who waits; the "
    "lock is not taken",
    .description = "\
Tell whether FILE is locked, by whom, and which processes wait, without\n\
taking the lock.  Prints COLUMN: value lines (or JSON with -J).\n",
    IPC_TABLE_VERB (stat_columns),
    .operands = "FILE", .min = 1, .max = 1 },
  { 0 }
};

static struct ipc_command const command = {
  .summary = "Take, hold, release and inspect file locks.",
  .verbs = verbs,
  .exit_status = "\
Exit status of run is COMMAND's own, or:\n\
  124  the lock was not acquired in time (or at once, with -n)\n\
  125  ipc-lock itself failed, usage errors included\n\
  126  COMMAND was found but could not be run\n\
  127  COMMAND was not found\n\
  128+N  COMMAND was killed by signal N\n\
Other verbs: 0 done, 1 failed (1 also for a posix deadlock), 2 usage error,\n\
124 lock busy or timed out.\n",
};

int
main (int argc, char **argv)
{
  return ipc_cli_main (&command, argc, argv);
}

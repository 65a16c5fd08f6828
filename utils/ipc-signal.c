/* ipc-signal -- send, wait for, list and inspect signals.  */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "c-ctype.h"
#include "error.h"
#include "quote.h"
#include "xalloc.h"

#include "ipc-cli.h"
#include "ipc-pidfile.h"
#include "ipc-proc.h"
#include "ipc-records.h"
#include "ipc-signal.h"
#include "ipc-stop.h"
#include "ipc-table.h"
#include "ipc-units.h"

#define countof(a) (sizeof (a) / sizeof *(a))

enum
{
  VALUE_OPTION = CHAR_MAX + 1,
  PIDFILE_OPTION,
  SHELL_OPTION,
  JSON_OPTION,
  CAUGHT_OPTION,
  BLOCKED_OPTION,
  IGNORED_OPTION,
  PENDING_OPTION,
  KERNEL_OPTION,
  THREADS_OPTION
};

static struct ipc_option const send_options[] = {
  { "value", VALUE_OPTION, "N", "send with sigqueue(3) and the integer N "
    "(-2147483648 to 2147483647) as payload; a process only, not -PGID" },
  { 0 }
};
static struct ipc_option const wait_options[] = {
  { "count", 'c', "COUNT", "take COUNT signals (default 1)" },
  IPC_OPTION_TIMEOUT,
  IPC_OPTION_NONBLOCK,
  { "json", JSON_OPTION, NULL, "print each signal as a JSON object on a "
    "line of its own; sender_verified is false when the sender is only "
    "claimed" },
  { "shell", SHELL_OPTION, NULL, "print each signal as shell assignments "
    "to eval (IPC_SIGNAL=USR1 IPC_SENDER_PID=... IPC_SENDER_VERIFIED=1)" },
  { "pidfile", PIDFILE_OPTION, "PATH", "write our PID to PATH once the "
    "signals are blocked, remove it when done" },
  { "mode", IPC_MODE_OPTION, "MODE", "permissions of the pidfile, octal "
    "or symbolic; default 0600, whatever the umask" },
  { 0 }
};

/* Columns of 'stat' and 'ls' (SPEC 4), as ps(1) names the masks.  */
enum
{
  COL_PID, COL_TID, COL_COMMAND, COL_PENDING, COL_BLOCKED, COL_IGNORED,
  COL_CAUGHT, COL_SIGNALFD, COL_UID
};
static struct ipc_column const columns[] = {
  [COL_PID] = { "PID", 5, IPC_COL_RIGHT | IPC_COL_NUMBER, "process ID" },
  [COL_TID] = { "TID", 5, IPC_COL_RIGHT | IPC_COL_NUMBER | IPC_COL_EXTRA,
                "thread ID (ls --threads: the process's own row is its "
                "main thread, PID)" },
  [COL_COMMAND] = { "COMMAND", 0.1, IPC_COL_TRUNC, "command name (of the "
                    "thread, on a thread's row)" },
  [COL_PENDING] = { "PENDING", 0.1, IPC_COL_LIST, "signals pending, for "
                    "the process or its main thread (a thread's row: for "
                    "that thread)" },
  [COL_BLOCKED] = { "BLOCKED", 0.1, IPC_COL_LIST,
                    "signals its main thread blocks (a thread's row: "
                    "that thread)" },
  [COL_IGNORED] = { "IGNORED", 0.1, IPC_COL_LIST, "signals it ignores" },
  [COL_CAUGHT] = { "CAUGHT", 0.1, IPC_COL_LIST,
                   "signals it catches with a handler" },
  [COL_SIGNALFD] = { "SIGNALFD", 0.1, IPC_COL_LIST, "signals it reads "
                     "through a signalfd(2) (they are blocked, not "
                     "ignored; empty also when its descriptors may not "
                     "be read)" },
  [COL_UID] = { "UID", 5, IPC_COL_RIGHT | IPC_COL_NUMBER | IPC_COL_EXTRA,
                "real user ID" },
};

/* Columns of 'list'.  */
enum { LCOL_NUMBER, LCOL_NAME, LCOL_ACTION, LCOL_DESCRIPTION };
static struct ipc_column const list_columns[] = {
  [LCOL_NUMBER] = { "NUMBER", 3, IPC_COL_RIGHT | IPC_COL_NUMBER,
                    "signal number" },
  [LCOL_NAME] = { "NAME", 8, 0, "name without SIG (RTMIN+N for real-time "
                  "signals)" },
  [LCOL_ACTION] = { "ACTION", 4, 0, "default action: Term, Core, Ign, "
                    "Stop or Cont" },
  [LCOL_DESCRIPTION] = { "DESCRIPTION", 0.3, IPC_COL_TRUNC,
                         "description (strsignal)" },
};

/* A signal operand: a name or number of SPEC 3, or for 'send' also 0.  */
static int
signal_operand (char const *text, bool zero)
{
  int sig;
  char const *why;
  if (zero && strspn (text, "0") == strlen (text) && *text)
    return 0;
  if (ipc_signal_parse (text, &sig, &why) != 0)
    ipc_usage_error ("invalid signal %s: %s", quote (text), why);
  return sig;
}

/* A process ID operand of 'stat': digits, 1 to INT_MAX.  */
static pid_t
pid_operand (char const *text)
{
  uintmax_t n;
  char const *why;
  if (ipc_count_parse (text, &n, &why) != 0)
    ipc_usage_error ("invalid PID %s: %s", quote (text),
                     errno == ERANGE ? "out of range" : "not a PID");
  if (n < 1 || n > INT_MAX)
    ipc_usage_error ("invalid PID %s: out of range", quote (text));
  return n;
}

/* A target of 'send': a process, a group, or the process of a pidfile
   (read when its turn comes).  */
struct target
{
  char const *text;
  pid_t pid;                    /* -PGID for a group; 0 for a pidfile */
  char const *pidfile;
};

/* Parse TEXT as a target into *T.  0 and -1, which kill(2) reads as our
   own group and every process, are refused: a script that computed an
   empty or failed PID must not signal those.  */
static void
target_operand (char const *text, struct target *t)
{
  t->text = text;
  t->pid = 0;
  t->pidfile = NULL;
  if (strncmp (text, "pidfile:", 8) == 0)
    {
      t->pidfile = text + 8;
      if (!*t->pidfile)
        ipc_usage_error ("invalid target %s: no path after 'pidfile:'",
                         quote (text));
      return;
    }
  bool group = text[0] == '-';
  uintmax_t n;
  char const *why;
  if (ipc_count_parse (text + group, &n, &why) != 0)
    {
      if (errno == ERANGE && text[group] != '-')
        ipc_usage_error ("invalid target %s: PID out of range", quote (text));
      ipc_usage_error ("invalid target %s: not a PID, -PGID or "
                       "pidfile:PATH", quote (text));
    }
  if (n == 0)
    ipc_usage_error ("invalid target %s: 0 would be our own process group; "
                     "give -PGID", quote (text));
  if (group && n == 1)
    ipc_usage_error ("invalid target %s: refusing to signal every process",
                     quote (text));
  if (n > INT_MAX)
    ipc_usage_error ("invalid target %s: PID out of range", quote (text));
  t->pid = group ? -(pid_t) n : (pid_t) n;
}

/* Say that SIGNAME could not be queued for process PID: its user has as
   many signals queued as RLIMIT_SIGPENDING allows (sigqueue's EAGAIN).  */
static void
queue_full (char const *signame, pid_t pid)
{
  uintmax_t limit;
  char value[48] = "";
  if (ipc_signal_queue_limit (pid, &limit) == 0)
    {
      if (limit == RLIM_INFINITY)
        snprintf (value, sizeof value, " (unlimited)");
      else
        snprintf (value, sizeof value, " (%ju)", limit);
    }
  error (0, 0, "cannot send %s to process %ld: its user has as many "
         "signals queued as its RLIMIT_SIGPENDING%s allows", signame,
         (long) pid, value);
}

static int
verb_send (int argc, char **argv)
{
  bool queue = false;
  int value = 0;
  int c;
  while ((c = ipc_getopt (argc, argv)) != -1)
    if (c == VALUE_OPTION)
      {
        value = ipc_arg_integer ("--value", optarg, INT_MIN, INT_MAX);
        queue = true;
      }
  int first = ipc_operands (argc, argv);
  int sig = signal_operand (argv[first], true);
  size_t n = argc - first - 1;
  struct target *targets = xnmalloc (n, sizeof *targets);
  for (size_t i = 0; i < n; i++)
    {
      target_operand (argv[first + 1 + i], &targets[i]);
      if (queue && targets[i].pid < 0)
        ipc_usage_error ("invalid target %s: --value goes to one process, "
                         "not a process group", quote (targets[i].text));
    }

  /* For messages: "USR1", or "signal 32" for those without a name.  */
  char name[IPC_SIGNAL_NAME_MAX + 8] = "signal ";
  ipc_signal_name (sig, name + 7);
  char const *signame = c_isdigit (name[7]) ? name : name + 7;
  int status = IPC_EXIT_OK;
  for (size_t i = 0; i < n; i++)
    {
      struct target const *t = &targets[i];
      pid_t pid = t->pid;
      if (t->pidfile)
        {
          char const *why;
          if (ipc_pidfile_read (t->pidfile, &pid, &why) != 0)
            {
              if (why)
                error (0, 0, "invalid pidfile %s: %s", quote (t->pidfile),
                       why);
              else
                error (0, errno, "cannot read pidfile %s",
                       quote (t->pidfile));
              status = IPC_EXIT_FAILURE;
              continue;
            }
        }
      if (ipc_signal_send (pid, sig, queue ? &value : NULL) == 0)
        continue;
      if (errno == EAGAIN)
        queue_full (signame, pid);
      else if (t->pidfile && errno == ESRCH)
        error (0, 0, "stale pidfile %s: no process %ld", quote (t->pidfile),
               (long) pid);
      else if (t->pidfile)
        error (0, errno, "cannot send %s to process %ld of pidfile %s",
               signame, (long) pid, quote (t->pidfile));
      else
        error (0, errno, "cannot send %s to process%s %ld", signame,
               pid < 0 ? " group" : "", (long) (pid < 0 ? -pid : pid));
      status = IPC_EXIT_FAILURE;
    }
  free (targets);
  return status;
}

/* How 'wait' prints each signal.  */
enum format { FORMAT_TEXT, FORMAT_JSON, FORMAT_SHELL };

struct waiter
{
  sigset_t set;
  enum format format;
};

/* ipc_receive's take: one signal of the set, as a line.  */
static int
take_signal (void *arg, struct ipc_deadline const *deadline,
             struct ipc_records_out *o)
{
  struct waiter const *w = arg;
  siginfo_t info;
  int sig = ipc_signal_take (&w->set, deadline, &info, &ipc_stop_signal);
  if (sig < 0)
    return -1;
  char name[IPC_SIGNAL_NAME_MAX];
  ipc_signal_name (sig, name);
  bool sender = ipc_signal_has_sender (&info);
  long pid = sender ? info.si_pid : 0;
  unsigned long uid = sender ? info.si_uid : 0;
  char value[16] = "";
  if (ipc_signal_has_value (&info))
    snprintf (value, sizeof value, "%d", info.si_value.sival_int);
  /* Whether the kernel vouches for PID and UID (sigqueue's are only
     what the sender says).  */
  bool verified = ipc_signal_sender_verified (&info);
  char line[256];
  int len;
  switch (w->format)
    {
    case FORMAT_JSON:
      len = snprintf (line, sizeof line, "{\"signal\": \"%s\", \"number\": "
                      "%d, \"sender_pid\": %ld, \"sender_uid\": %lu, "
                      "\"sender_verified\": %s, \"value\": %s}", name, sig,
                      pid, uid, verified ? "true" : "false",
                      *value ? value : "null");
      break;
    case FORMAT_SHELL:
      len = snprintf (line, sizeof line, "IPC_SIGNAL=%s IPC_SIGNAL_NUMBER=%d "
                      "IPC_SENDER_PID=%ld IPC_SENDER_UID=%lu "
                      "IPC_SENDER_VERIFIED=%d IPC_VALUE=%s",
                      name, sig, pid, uid, verified, value);
      break;
    default:
      len = snprintf (line, sizeof line, "%s %ld %lu%s%s", name, pid, uid,
                      *value ? " " : "", value);
      break;
    }
  return ipc_records_out_add (o, line, len);
}

/* The pidfile of 'wait', removed when we end however we end but by a
   signal that kills us outright.  */
static struct ipc_pidfile pidfile;

static void
remove_pidfile (void)
{
  if (ipc_pidfile_remove (&pidfile) != 0)
    error (0, errno, "cannot remove the pidfile");
}

static int
verb_wait (int argc, char **argv)
{
  struct waiter w = { .format = FORMAT_TEXT };
  uintmax_t count = 1;
  struct timespec timeout = IPC_DURATION_INFINITE;
  char const *pidfile_path = NULL;
  mode_t mode = S_IRUSR | S_IWUSR;
  int c;
  while ((c = ipc_getopt (argc, argv)) != -1)
    switch (c)
      {
      case 'c': count = ipc_arg_count ("--count", optarg, 1, UINTMAX_MAX);
        break;
      case 't': timeout = ipc_arg_duration ("--timeout", optarg); break;
      case 'n': timeout = (struct timespec) { 0, 0 }; break;
      case JSON_OPTION: w.format = FORMAT_JSON; break;
      case SHELL_OPTION: w.format = FORMAT_SHELL; break;
      case PIDFILE_OPTION: pidfile_path = optarg; break;
      case IPC_MODE_OPTION:
        mode = ipc_arg_perms ("--mode", optarg, "a pidfile");
        break;
      }
  int first = ipc_operands (argc, argv);
  if (ipc_option_given (IPC_MODE_OPTION) && !pidfile_path)
    ipc_usage_error ("--mode applies to the --pidfile");
  if (pidfile_path && !*pidfile_path)
    ipc_usage_error ("invalid --pidfile argument '': empty");
  sigemptyset (&w.set);
  for (int i = first; i < argc; i++)
    {
      int sig = signal_operand (argv[i], false);
      char name[IPC_SIGNAL_NAME_MAX];
      if (!ipc_signal_blockable (sig))
        ipc_usage_error ("cannot wait for %s%s: %s",
                         ipc_signal_reserved (sig) ? "signal " : "",
                         ipc_signal_name (sig, name),
                         (ipc_signal_reserved (sig)
                          ? "the C library keeps it for itself"
                          : "it can be neither blocked nor caught"));
      sigaddset (&w.set, sig);
    }

  /* Blocked first: from now on the signals wait in the kernel for
     sigtimedwait, whatever their action, so that the PID we publish can
     be signalled at once without a race.  */
  if (sigprocmask (SIG_BLOCK, &w.set, NULL) != 0)
    ipc_die ("cannot block the signals");
  /* Before the pidfile exists, so that a stop signal ends us through
     ipc_die_of_signal, which removes it.  */
  if (ipc_stop_catch () != 0)
    ipc_die ("cannot catch the stop signals");
  if (pidfile_path)
    {
      if (ipc_pidfile_write (&pidfile, pidfile_path, getpid (), mode) != 0)
        ipc_die ("cannot write pidfile %s", quote (pidfile_path));
      ipc_at_exit (remove_pidfile);
    }
  /* Messages name the signals as given ("USR1,HUP").  */
  size_t len = 1;
  for (int i = first; i < argc; i++)
    len += strlen (argv[i]) + 1;
  char *source = xmalloc (len);
  *source = '\0';
  for (int i = first; i < argc; i++)
    strcat (strcat (source, i > first ? "," : ""), argv[i]);
  struct ipc_receive r = { .take = take_signal, .arg = &w, .count = count,
                           .timeout = timeout };
  int status = ipc_receive_main (&r, '\n', false, "signal", source);
  free (source);
  return status;
}

/* Add the name of each signal of MASK (bit N-1: signal N) to cell COL.  */
static void
add_mask (struct ipc_row *row, int col, uint64_t mask)
{
  for (int sig = 1; sig <= 64 && sig <= SIGRTMAX; sig++)
    if (mask & ((uint64_t) 1 << (sig - 1)))
      {
        char name[IPC_SIGNAL_NAME_MAX];
        ipc_row_add_item (row, col, ipc_signal_name (sig, name));
      }
}

/* Add the row of process PID (TID 0), or of its thread TID, whose
   status is ST.  PROCESS is the process's status, whose pending
   signals a thread's row leaves out, and whose signalfds are looked up
   once, in *SIGNALFD (-1: not yet, 0: none or unreadable, 1: read).  */
static void
add_row (struct ipc_table *t, pid_t pid, pid_t tid,
         struct ipc_proc_status const *st, int *signalfd, uint64_t *sfd)
{
  struct ipc_row *row = ipc_table_add_row (t);
  ipc_row_set_int (row, COL_PID, pid);
  ipc_row_set_int (row, COL_TID, tid ? tid : pid);
  ipc_row_set (row, COL_COMMAND, st->name);
  add_mask (row, COL_PENDING, tid ? st->sigpnd : st->sigpnd | st->shdpnd);
  add_mask (row, COL_BLOCKED, st->sigblk);
  add_mask (row, COL_IGNORED, st->sigign);
  add_mask (row, COL_CAUGHT, st->sigcgt);
  if (ipc_table_wants (t, COL_SIGNALFD))
    {
      if (*signalfd < 0)
        *signalfd = ipc_proc_signalfd_mask (pid, sfd) == 0;
      if (*signalfd)
        add_mask (row, COL_SIGNALFD, *sfd);
    }
  ipc_row_set_uint (row, COL_UID, st->uid);
}

static void
add_process_row (struct ipc_table *t, pid_t pid,
                 struct ipc_proc_status const *st)
{
  int signalfd = -1;
  uint64_t sfd;
  add_row (t, pid, 0, st, &signalfd, &sfd);
}

static int
verb_stat (int argc, char **argv)
{
  struct ipc_table_opts opts;
  int first = ipc_table_getopt (argc, argv, &opts);
  pid_t pid = pid_operand (argv[first]);
  struct ipc_table *t = ipc_table_new (columns, countof (columns), &opts,
                                       "process", true);
  struct ipc_proc_status st;
  if (ipc_proc_status (pid, &st) != 0)
    {
      if (errno == ENOENT)
        errno = ESRCH;
      ipc_die ("cannot read process %ld", (long) pid);
    }
  add_process_row (t, pid, &st);
  ipc_table_print (t);
  return IPC_EXIT_OK;
}

/* What 'ls' selects: the signals a process must catch, block, ignore and
   have pending (bit N-1: signal N).  */
struct selection
{
  uint64_t caught, blocked, ignored, pending;
  bool kernel, threads;
  struct ipc_table *table;
};

static void
ls_option (int c, char const *arg, void *data)
{
  struct selection *s = data;
  char const *option = (c == CAUGHT_OPTION ? "--caught"
                        : c == BLOCKED_OPTION ? "--blocked"
                        : c == IGNORED_OPTION ? "--ignored" : "--pending");
  if (c == KERNEL_OPTION || c == THREADS_OPTION)
    {
      *(c == KERNEL_OPTION ? &s->kernel : &s->threads) = true;
      return;
    }
  int sig = ipc_arg_signal (option, arg);
  uint64_t bit = (uint64_t) 1 << (sig - 1);
  switch (c)
    {
    case CAUGHT_OPTION: s->caught |= bit; break;
    case BLOCKED_OPTION: s->blocked |= bit; break;
    case IGNORED_OPTION: s->ignored |= bit; break;
    case PENDING_OPTION: s->pending |= bit; break;
    }
}

/* The walk over the threads of one process for ls --threads.  */
struct threads
{
  struct ipc_table *table;
  pid_t pid;
  struct ipc_proc_status const *main;
  int signalfd;
  uint64_t sfd;
};

/* ipc_proc_each_task callback: the row of thread TID, if its mask or
   its own pending signals differ from the main thread's.  A thread
   that ended meanwhile is skipped.  */
static int
ls_thread (pid_t tid, void *data)
{
  struct threads *w = data;
  struct ipc_proc_status st;
  if (tid == w->pid || ipc_proc_task_status (w->pid, tid, &st) != 0)
    return 0;
  if (st.sigblk != w->main->sigblk || st.sigpnd != w->main->sigpnd)
    add_row (w->table, w->pid, tid, &st, &w->signalfd, &w->sfd);
  return 0;
}

/* ipc_proc_each_pid callback: the row of PID, if selected, and with
   --threads those of its threads that differ.  A process that ended or
   cannot be read meanwhile is skipped, and so are kernel threads unless
   --kernel.  */
static int
ls_process (pid_t pid, void *data)
{
  struct selection const *s = data;
  struct ipc_proc_status st;
  if (!ipc_table_pid_selected (s->table, pid)
      || ipc_proc_status (pid, &st) != 0
      || (st.kthread && !s->kernel))
    return 0;
  if ((st.sigcgt & s->caught) == s->caught
      && (st.sigblk & s->blocked) == s->blocked
      && (st.sigign & s->ignored) == s->ignored
      && ((st.sigpnd | st.shdpnd) & s->pending) == s->pending)
    {
      struct threads w = { .table = s->table, .pid = pid, .main = &st,
                           .signalfd = -1 };
      add_row (s->table, pid, 0, &st, &w.signalfd, &w.sfd);
      /* A process whose threads we may not list has only its row.  */
      if (s->threads)
        ipc_proc_each_task (pid, ls_thread, &w);
    }
  return 0;
}

static int
verb_ls (int argc, char **argv)
{
  struct ipc_table_opts opts;
  struct selection s = { 0 };
  ipc_table_getopt_other (argc, argv, &opts, ls_option, &s);
  /* --threads says which row is which thread.  */
  if (s.threads && !opts.output && !opts.output_all)
    opts.output = "+TID";
  s.table = ipc_table_new (columns, countof (columns), &opts, "processes",
                           false);
  if (ipc_proc_each_pid (ls_process, &s) != 0)
    ipc_die ("cannot list the processes in %s", quote ("/proc"));
  ipc_table_print (s.table);
  return IPC_EXIT_OK;
}

static int
verb_list (int argc, char **argv)
{
  struct ipc_table_opts opts;
  int first = ipc_table_getopt (argc, argv, &opts);
  /* The operands (bit N-1: signal N), else every signal.  */
  uint64_t only = 0;
  for (int i = first; i < argc; i++)
    only |= (uint64_t) 1 << (signal_operand (argv[i], false) - 1);
  struct ipc_table *t = ipc_table_new (list_columns, countof (list_columns),
                                       &opts, "signals", false);
  for (int sig = 1; sig <= SIGRTMAX; sig++)
    {
      if (only && !(only & ((uint64_t) 1 << (sig - 1))))
        continue;
      struct ipc_row *row = ipc_table_add_row (t);
      char name[IPC_SIGNAL_NAME_MAX];
      ipc_row_set_int (row, LCOL_NUMBER, sig);
      ipc_row_set (row, LCOL_NAME, ipc_signal_name (sig, name));
      ipc_row_set (row, LCOL_ACTION, ipc_signal_action_name (
                     ipc_signal_default_action (sig)));
      ipc_row_set (row, LCOL_DESCRIPTION,
                   (ipc_signal_reserved (sig)
                    ? "reserved by the C library" : strsignal (sig)));
    }
  ipc_table_print (t);
  return IPC_EXIT_OK;
}

#define LS_OPTION(name, key, what)                                      \
  { name, key, "SIG", "only processes that " what " SIG (repeatable: "  \
    "all of them)" }
static struct ipc_option const ls_options[] = {
  IPC_TABLE_OPTIONS,
  { "pid", 'p', "PID,...", "only these processes (repeatable)" },
  LS_OPTION ("caught", CAUGHT_OPTION, "catch"),
  LS_OPTION ("blocked", BLOCKED_OPTION, "block"),
  LS_OPTION ("ignored", IGNORED_OPTION, "ignore"),
  LS_OPTION ("pending", PENDING_OPTION, "have pending"),
  { "kernel", KERNEL_OPTION, NULL, "list kernel threads too (left out "
    "by default: they take only the signals that they allow themselves)" },
  { "threads", THREADS_OPTION, NULL, "after each process, a row for each "
    "of its threads whose BLOCKED or own PENDING differ from its main "
    "thread's (TID is shown)" },
  { 0 }
};

static struct ipc_verb const verbs[] = {
  { "send", NULL, verb_send,
    .synopsis = "SIGNAL TARGET...",
    .summary = "send SIGNAL to each TARGET: a PID, -PGID (a process group) "
    "or pidfile:PATH",
    .description = "\
Send SIGNAL (USR1, SIGUSR1, 10, RTMIN+3; 0 only checks that each TARGET\n\
exists and may be signalled) to each TARGET: a PID, -PGID for a process\n\
group, or pidfile:PATH for the PID in a pidfile (a regular file holding\n\
one decimal PID; a FIFO, a device, garbage or more than 64 bytes are\n\
refused).  0 and -1 (our own group, every process) are refused.  Every\n\
TARGET is tried; a failure is reported and the status is 1.  With --value,\n\
the signal is sent with sigqueue(3) and carries N.\n",
    .options = send_options, .operands = "SIGNAL TARGET",
    .min = 2, .max = IPC_MANY, .flags = IPC_VERB_SIGNED_OPERANDS },
  { "wait", NULL, verb_wait,
    .synopsis = "SIGNAL...",
    .summary = "block until one of the signals arrives and print it: "
    "SIGNAL SENDER_PID SENDER_UID VALUE",
    .description = "\
Block the SIGNALs, then take them one by one with sigtimedwait(2) and\n\
print for each a line SIGNAL SENDER_PID SENDER_UID VALUE (VALUE, the\n\
sigqueue payload, is left out when there is none; PID and UID are 0 when\n\
the kernel sent it).  The sender of a signal queued with sigqueue(3)\n\
(--value; SI_QUEUE) is only what the sender claims: rt_sigqueueinfo(2)\n\
lets it write any PID and UID there; kill(2)'s and tgkill(2)'s are the\n\
kernel's.  --json and --shell say which (sender_verified,\n\
IPC_SENDER_VERIFIED).  Once the signals are blocked (--pidfile says when)\n\
none is lost, but a standard signal sent twice before it is taken counts\n\
once (real-time signals are queued).  KILL and STOP cannot be waited for.\n",
    .options = wait_options, .operands = "SIGNAL", .min = 1,
    .max = IPC_MANY, .exclusive = "json,shell" },
  { "list", NULL, verb_list,
    .synopsis = "[SIGNAL]...",
    .summary = "list every signal (or those named): number, name, default "
    "action, description",
    .description = "\
List the signals of this system, real-time ones included, or only the\n\
SIGNALs named, with their default action (signal(7)).\n",
    IPC_TABLE_VERB (list_columns), .operands = "SIGNAL", .min = 0,
    .max = IPC_MANY },
  { "stat", "info", verb_stat,
    .synopsis = "PID",
    .summary = "show the signals that process PID has pending, blocks, "
    "ignores and catches",
    .description = "\
Show the signal masks of process PID from /proc/PID/status as COLUMN:\n\
value lines (or one JSON object with -J); stat -o CAUGHT -n PID prints\n\
the bare list.  BLOCKED and PENDING are those of its main thread (and the\n\
signals pending for the whole process); SIGNALFD, the signals it reads\n\
through a signalfd(2).\n",
    IPC_TABLE_VERB (columns), .operands = "PID", .min = 1, .max = 1 },
  { "ls", NULL, verb_ls,
    .summary = "list the processes with the signals they have pending, "
    "block, ignore and catch",
    .description = "\
List every process with the signals it has pending, blocks, ignores and\n\
catches, and those it reads through a signalfd(2) (SIGNALFD: such a\n\
signal is blocked, yet taken); --caught HUP lists those that catch HUP\n\
(which daemons reload on HUP?).  Kernel threads are left out unless\n\
--kernel.  BLOCKED is the main thread's mask; --threads adds a row for\n\
each thread whose mask differs (a process whose main thread blocks TERM\n\
may take it in another thread).  The selections apply to the process's\n\
own row.  ('list' lists signals: it is not an alias of ls here.)\n",
    .options = ls_options, .columns = columns,
    .ncolumns = countof (columns) },
  { 0 }
};

static struct ipc_command const command = {
  .summary = "Send, wait for, list and inspect signals.",
  .verbs = verbs,
  .exit_status = "\
Exit status: 0 done, 1 failed (a TARGET that could not be signalled, a\n\
process that does not exist), 2 usage error, 124 wait: no signal in time.\n",
};

int
main (int argc, char **argv)
{
  return ipc_cli_main (&command, argc, argv);
}

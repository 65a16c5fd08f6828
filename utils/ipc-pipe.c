/* ipc-pipe -- create, drive and inspect pipes and FIFOs.  */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "quote.h"
#include "timespec.h"
#include "xalloc.h"

#include "ipc-addr.h"
#include "ipc-cli.h"
#include "ipc-deadline.h"
#include "ipc-io.h"
#include "ipc-limits.h"
#include "ipc-pipes.h"
#include "ipc-progress.h"
#include "ipc-proc.h"
#include "ipc-table.h"
#include "ipc-units.h"

enum
{
  LINES_OPTION = CHAR_MAX + 1,
  BYTES_OPTION,
  SIZE_OPTION,
  INTERVAL_OPTION
};

static struct ipc_option const create_options[] = {
  IPC_OPTION_MODE, { 0 }
};

/* The options of write, and those of read.  */
#define DATA_OPTIONS                                                    \
  IPC_OPTION_TIMEOUT,                                                   \
  IPC_OPTION_NONBLOCK,                                                  \
  { "lines", LINES_OPTION, "N", "stop after N lines" },                 \
  { "bytes", BYTES_OPTION, "N", "stop after N bytes (sizes as 64K, 1M)" }
static struct ipc_option const write_options[] = { DATA_OPTIONS, { 0 } };
static struct ipc_option const read_options[] = {
  DATA_OPTIONS,
  { "follow", 'f', NULL, "keep reading across successive writers instead "
    "of ending when the first one closes" },
  { 0 }
};

static struct ipc_option const copy_options[] = {
  { "size", SIZE_OPTION, "BYTES", "set the capacity of the pipes at either "
    "end to BYTES (at most fs.pipe-max-size)" },
  { "progress", 'p', NULL, "print bytes, rate and elapsed time on stderr" },
  { "interval", INTERVAL_OPTION, "DUR",
    "refresh the progress line every DUR (default 1s)" },
  { 0 }
};

/* Columns of 'ls' and 'stat': one row per pipe or FIFO.  */
enum
{
  COL_NAME, COL_TYPE, COL_INODE, COL_SIZE, COL_QUEUED, COL_WRITERS,
  COL_READERS
};
static struct ipc_column const columns[] = {
  [COL_NAME] = { "NAME", 0.3, 0,
                 "pipe:[INODE] for a pipe, the path of a FIFO" },
  [COL_TYPE] = { "TYPE", 4, 0, "pipe or fifo" },
  [COL_INODE] = { "INODE", 5, IPC_COL_RIGHT | IPC_COL_NUMBER,
                  "inode number" },
  [COL_SIZE] = { "SIZE", 5, IPC_COL_RIGHT | IPC_COL_SIZE,
                 "capacity in bytes (F_GETPIPE_SZ)" },
  [COL_QUEUED] = { "QUEUED", 5, IPC_COL_RIGHT | IPC_COL_SIZE,
                   "bytes written and not yet read (FIONREAD)" },
  [COL_WRITERS] = { "WRITERS", 10, IPC_COL_LIST,
                    "processes with the write end open, PID:COMMAND" },
  [COL_READERS] = { "READERS", 10, IPC_COL_LIST,
                    "processes with the read end open, PID:COMMAND" },
};

#define countof(a) (sizeof (a) / sizeof *(a))

/* What 'read' and 'write' were asked to do.  */
struct data_request
{
  struct timespec timeout;
  uintmax_t max_bytes, max_lines;
  bool follow;
};

/* Parse PATH operand TEXT, which must not be of another address form.  */
static void
path_operand (char const *text)
{
  struct ipc_addr addr;
  ipc_arg_address (text, IPC_ADDR_ACCEPT (IPC_ADDR_PATH), &addr);
  ipc_addr_free (&addr);
}

/* Make PATH a FIFO of exactly MODE, or say why not.  */
static bool
create_one (char const *path, mode_t mode)
{
  if (ipc_fifo_create (path, mode) == 0)
    return true;
  error (0, errno, "cannot create FIFO %s", quote (path));
  return false;
}

static int
pipe_create (int argc, char **argv)
{
  mode_t mode = S_IRUSR | S_IWUSR;
  int c;
  while ((c = ipc_getopt (argc, argv)) != -1)
    if (c == IPC_MODE_OPTION)
      mode = ipc_arg_mode ("--mode", optarg);
  int first = ipc_operands (argc, argv);
  for (int i = first; i < argc; i++)
    path_operand (argv[i]);
  bool ok = true;
  for (int i = first; i < argc; i++)
    ok &= create_one (argv[i], mode);
  return ok ? IPC_EXIT_OK : IPC_EXIT_FAILURE;
}

/* Remove PATH if it is a FIFO.  The check looks at the name itself, not
   at what a symbolic link points to; another process could still swap
   the FIFO for another file between the check and the unlink, which no
   system call can rule out.  */
static bool
rm_one (char const *path)
{
  struct stat st;
  if (lstat (path, &st) != 0)
    {
      error (0, errno, "cannot remove %s", quote (path));
      return false;
    }
  if (!S_ISFIFO (st.st_mode))
    {
      error (0, 0, "cannot remove %s: not a FIFO%s", quote (path),
             S_ISLNK (st.st_mode) ? " (a symbolic link)" : "");
      return false;
    }
  if (unlink (path) != 0)
    {
      error (0, errno, "cannot remove %s", quote (path));
      return false;
    }
  return true;
}

static int
pipe_rm (int argc, char **argv)
{
  int first = ipc_operands (argc, argv);
  for (int i = first; i < argc; i++)
    path_operand (argv[i]);
  bool ok = true;
  for (int i = first; i < argc; i++)
    ok &= rm_one (argv[i]);
  return ok ? IPC_EXIT_OK : IPC_EXIT_FAILURE;
}

/* Parse the options and the PATH operand of 'read' and 'write'.  */
static char const *
parse_data_options (int argc, char **argv, struct data_request *req)
{
  *req = (struct data_request) { .timeout = IPC_DURATION_INFINITE,
                                 .max_bytes = UINTMAX_MAX,
                                 .max_lines = UINTMAX_MAX };
  int c;
  while ((c = ipc_getopt (argc, argv)) != -1)
    switch (c)
      {
      case 't': req->timeout = ipc_arg_duration ("--timeout", optarg); break;
      case 'n': req->timeout = make_timespec (0, 0); break;
      case LINES_OPTION:
        req->max_lines = ipc_arg_count ("--lines", optarg, 0,
                                        UINTMAX_MAX - 1);
        break;
      case BYTES_OPTION:
        req->max_bytes = ipc_arg_size ("--bytes", optarg);
        break;
      case 'f': req->follow = true; break;
      }
  int first = ipc_operands (argc, argv);
  path_operand (argv[first]);
  return argv[first];
}

/* Open the FIFO PATH as ipc_fifo_open does, or exit: 124 when the time
   ran out, 1 on failure.  */
static int
open_fifo_or_die (char const *path, int access, struct timespec timeout)
{
  int fd = ipc_fifo_open (path, access, timeout);
  if (fd >= 0)
    return fd;
  if (errno == EINVAL)
    error (IPC_EXIT_FAILURE, 0, "%s is not a FIFO", quote (path));
  ipc_die ("cannot open %s", quote (path));
}

/* Report how a copy between a FIFO and a standard stream failed.  */
static int
copy_failed (struct ipc_io_copy const *c, char const *in_name,
             char const *out_name)
{
  bool reading = c->error_fd != c->out;
  /* A reader that went away: SIGPIPE, as for cat, unless ignored.  */
  if (!reading && errno == EPIPE)
    ipc_io_sigpipe_deliver ();
  error (0, errno, "error %s %s", reading ? "reading" : "writing",
         quote (reading ? in_name : out_name));
  return IPC_EXIT_FAILURE;
}

static int
pipe_write (int argc, char **argv)
{
  struct data_request req;
  char const *path = parse_data_options (argc, argv, &req);
  int fd = open_fifo_or_die (path, O_WRONLY, req.timeout);
  ipc_io_sigpipe_hold ();

  struct ipc_io_copy c;
  ipc_io_copy_init (&c, STDIN_FILENO, fd);
  c.max_bytes = req.max_bytes;
  c.max_lines = req.max_lines;
  c.idle = req.timeout;
  c.timed = IPC_IO_TIME_OUT;
  enum ipc_io_status s = ipc_io_copy (&c);
  int status = (s == IPC_IO_DONE ? IPC_EXIT_OK
                : s == IPC_IO_TIMEDOUT ? IPC_EXIT_TIMEDOUT
                : copy_failed (&c, "standard input", path));
  ipc_io_copy_free (&c);
  if (close (fd) != 0 && status == IPC_EXIT_OK)
    error (IPC_EXIT_FAILURE, errno, "error writing %s", quote (path));
  return status;
}

/* Wait for data in the FIFO PATH open as FD, or for a writer that came
   and went: until a first writer comes, a FIFO reads as empty and at its
   end.  Return false when TIMEOUT passed first.  */
static bool
wait_for_writer (int fd, char const *path, struct timespec timeout)
{
  int r = ipc_io_wait (fd, POLLIN, timeout, NULL);
  if (r != 0 && r != 2)
    error (IPC_EXIT_FAILURE, errno, "%s", quote (path));
  return r == 0;
}

static int
pipe_read (int argc, char **argv)
{
  struct data_request req;
  char const *path = parse_data_options (argc, argv, &req);
  /* The wait for a writer is the wait for data below, under the same
     deadline.  --follow holds a write end too, so that the FIFO never
     reports end of file when a writer closes and the next one can come;
     a reader allowed to read only cannot, and opens the FIFO again at
     each writer's end instead.  */
  bool reopen = false;
  int fd = -1;
  if (req.follow)
    {
      fd = ipc_fifo_open (path, O_RDWR, req.timeout);
      reopen = fd < 0 && errno == EACCES;
    }
  if (fd < 0)
    fd = open_fifo_or_die (path, O_RDONLY, req.timeout);
  if (req.max_bytes == 0 || req.max_lines == 0)
    return IPC_EXIT_OK;

  if (!req.follow || reopen)
    {
      if (!wait_for_writer (fd, path, req.timeout))
        return IPC_EXIT_TIMEDOUT;
      /* From here on a read waits for data or the writer's close
         itself, with no poll in between.  */
      if (!reopen && ipc_duration_is_infinite (req.timeout))
        ipc_io_set_nonblock (fd, false);
    }

  ipc_io_sigpipe_hold ();
  struct ipc_io_copy c;
  ipc_io_copy_init (&c, fd, STDOUT_FILENO);
  c.max_bytes = req.max_bytes;
  c.max_lines = req.max_lines;
  c.idle = req.timeout;
  c.timed = IPC_IO_TIME_IN;
  enum ipc_io_status s;
  while ((s = ipc_io_copy (&c)) == IPC_IO_DONE && c.eof && reopen)
    {
      close (fd);
      c.in = fd = open_fifo_or_die (path, O_RDONLY, req.timeout);
      if (!wait_for_writer (fd, path, req.timeout))
        {
          s = IPC_IO_TIMEDOUT;
          break;
        }
    }
  int status;
  if (s == IPC_IO_DONE)
    status = IPC_EXIT_OK;
  else if (s == IPC_IO_TIMEDOUT)
    status = req.follow && c.bytes > 0 ? IPC_EXIT_OK : IPC_EXIT_TIMEDOUT;
  else
    status = copy_failed (&c, path, "standard output");
  ipc_io_copy_free (&c);
  close (fd);
  return status;
}

/* Give the pipe at FD (NAME) at least SIZE bytes of capacity.  */
static void
set_pipe_size (int fd, char const *name, uint64_t size, char const *text)
{
  if (!ipc_io_is_pipe (fd) || ipc_pipe_set_size (fd, size) >= 0)
    return;
  int err = errno;
  struct ipc_limit_ask ask = { .size = size };
  char why[256];
  if (ipc_limit_explain (IPC_LIMIT_PIPE, err, &ask, why, sizeof why) == 0)
    error (IPC_EXIT_FAILURE, 0, "cannot set the capacity of %s to %s: %s",
           name, quote (text), why);
  if (err == EBUSY)
    error (IPC_EXIT_FAILURE, 0, "cannot set the capacity of %s to %s: "
           "it holds more data than that", name, quote (text));
  error (IPC_EXIT_FAILURE, err, "cannot set the capacity of %s to %s",
         name, quote (text));
}

static int
pipe_copy (int argc, char **argv)
{
  char const *size_text = NULL;
  uint64_t size = 0;
  bool progress = false;
  struct timespec interval = make_timespec (1, 0);
  int c;
  while ((c = ipc_getopt (argc, argv)) != -1)
    switch (c)
      {
      case SIZE_OPTION:
        size_text = optarg;
        size = ipc_arg_size ("--size", optarg);
        if (size == 0)
          ipc_usage_error ("invalid --size argument %s: must be positive",
                           quote (optarg));
        break;
      case 'p': progress = true; break;
      case INTERVAL_OPTION:
        interval = ipc_arg_duration ("--interval", optarg);
        if (ipc_duration_is_infinite (interval)
            || interval.tv_sec > 86400
            || (interval.tv_sec == 0 && interval.tv_nsec < 1000000))
          ipc_usage_error ("invalid --interval argument %s: "
                           "must be 1ms to 1 day", quote (optarg));
        break;
      }
  ipc_operands (argc, argv);

  if (ipc_io_copy_loops (STDIN_FILENO, STDOUT_FILENO))
    error (IPC_EXIT_FAILURE, 0, "input file is output file");
  if (size_text)
    {
      set_pipe_size (STDIN_FILENO, "standard input", size, size_text);
      set_pipe_size (STDOUT_FILENO, "standard output", size, size_text);
    }
  struct ipc_progress p;
  if (progress && ipc_progress_start (&p, interval,
                                      isatty (STDERR_FILENO)) != 0)
    error (IPC_EXIT_FAILURE, errno, "cannot set the progress timer");

  ipc_io_sigpipe_hold ();
  struct ipc_io_copy cp;
  ipc_io_copy_init (&cp, STDIN_FILENO, STDOUT_FILENO);
  cp.stop = &ipc_progress_due;
  char line[IPC_PROGRESS_LINE_MAX];
  enum ipc_io_status s;
  /* The line is not written through stdio, and skipped while stderr has
     no room: the progress line must never fail or stall the copy.  */
  while ((s = ipc_io_copy (&cp)) == IPC_IO_STOPPED)
    {
      ipc_progress_due = 0;
      ipc_progress_write (STDERR_FILENO,
                          ipc_progress_line (&p, cp.bytes, false, line,
                                             sizeof line), false);
    }
  if (progress)
    {
      ipc_progress_stop ();
      ipc_progress_write (STDERR_FILENO,
                          ipc_progress_line (&p, cp.bytes, true, line,
                                             sizeof line), true);
    }
  int status = (s == IPC_IO_DONE ? IPC_EXIT_OK
                : copy_failed (&cp, "standard input", "standard output"));
  ipc_io_copy_free (&cp);
  return status;
}

/* Fill ROW for P.  FD, when not negative, is a descriptor of ours on it,
   through which capacity and queued bytes are read; otherwise they are
   read through a reader's descriptor, if it has one.  */
static void
fill_row (struct ipc_table *t, struct ipc_row *row, struct ipc_pipe const *p,
          char const *name, int fd, size_t unreadable)
{
  ipc_row_set (row, COL_NAME, name);
  ipc_row_set (row, COL_TYPE, p->key.fifo ? "fifo" : "pipe");
  ipc_row_set_uint (row, COL_INODE, p->key.ino);
  if (ipc_table_wants (t, COL_SIZE) || ipc_table_wants (t, COL_QUEUED))
    {
      long capacity, queued;
      if (fd >= 0)
        {
          capacity = ipc_pipe_get_size (fd);
          queued = ipc_pipe_queued (fd);
        }
      else if (ipc_pipe_probe (p, &capacity, &queued) != 0)
        capacity = queued = -1;
      if (capacity >= 0)
        ipc_row_set_size (row, COL_SIZE, capacity);
      if (queued >= 0)
        ipc_row_set_size (row, COL_QUEUED, queued);
    }
  /* Unknown is not zero: processes we could not read may hold either
     end.  */
  if (unreadable)
    {
      ipc_row_set_unknown (row, COL_WRITERS);
      ipc_row_set_unknown (row, COL_READERS);
      return;
    }
  ipc_row_add_processes (row, COL_WRITERS, p->writers, p->nwriters);
  ipc_row_add_processes (row, COL_READERS, p->readers, p->nreaders);
}

/* Say that the lists of T are partial when UNREADABLE processes could
   not be read.  */
static void
partial (struct ipc_table *t, size_t unreadable)
{
  if (!unreadable)
    return;
  ipc_table_partial (t, COL_WRITERS, unreadable);
  ipc_table_partial (t, COL_READERS, unreadable);
}

static int
pipe_ls (int argc, char **argv)
{
  struct ipc_table_opts opts;
  ipc_table_getopt (argc, argv, &opts);
  struct ipc_table *t = ipc_table_new (columns, countof (columns), &opts,
                                       "pipes", false);
  /* With --pid, only its processes are looked into unless a column
     needs the other end, or a reader's descriptor to look through.  */
  size_t npids;
  pid_t const *pids = ipc_table_pids (t, &npids);
  bool all_ends = (ipc_table_wants (t, COL_WRITERS)
                   || ipc_table_wants (t, COL_READERS)
                   || ipc_table_wants (t, COL_SIZE)
                   || ipc_table_wants (t, COL_QUEUED));
  struct ipc_pipe *pipes;
  size_t n, unreadable;
  if (ipc_pipes_scan (NULL, pids, npids, all_ends, &pipes, &n,
                      &unreadable) != 0)
    error (IPC_EXIT_FAILURE, errno, "cannot read %s", quote ("/proc"));
  for (size_t i = 0; i < n; i++)
    fill_row (t, ipc_table_add_row (t), &pipes[i], pipes[i].name, -1,
              unreadable);
  partial (t, unreadable);
  ipc_pipes_free (pipes, n);
  ipc_table_print (t);
  return IPC_EXIT_OK;
}

static int
pipe_stat (int argc, char **argv)
{
  struct ipc_table_opts opts;
  int first = ipc_table_getopt (argc, argv, &opts);
  char const *text = argv[first];
  struct ipc_addr addr;
  ipc_arg_address (text, (IPC_ADDR_ACCEPT (IPC_ADDR_PATH)
                          | IPC_ADDR_ACCEPT (IPC_ADDR_FD)), &addr);
  struct ipc_table *t = ipc_table_new (columns, countof (columns), &opts,
                                       "pipe", true);
  int fd = addr.kind == IPC_ADDR_FD ? addr.fd : -1;
  struct stat st;
  if (fd >= 0 ? fstat (fd, &st) != 0 : stat (text, &st) != 0)
    error (IPC_EXIT_FAILURE, errno, "cannot stat %s", quote (text));
  if (!S_ISFIFO (st.st_mode))
    error (IPC_EXIT_FAILURE, 0, "%s is not a pipe or FIFO", quote (text));
  struct ipc_pipe_key key = { .fifo = !(fd >= 0 && ipc_pipe_fd_is_anonymous (fd)),
                              .dev = st.st_dev, .ino = st.st_ino };

  struct ipc_pipe *pipes;
  size_t n, unreadable;
  if (ipc_pipes_scan (&key, NULL, 0, true, &pipes, &n, &unreadable) != 0)
    error (IPC_EXIT_FAILURE, errno, "cannot read %s", quote ("/proc"));
  /* Nobody has it open: a FIFO with no pipe behind it yet.  */
  struct ipc_pipe none = { .key = key };
  struct ipc_pipe const *p = n > 0 ? &pipes[0] : &none;
  char pipe_name[32];
  snprintf (pipe_name, sizeof pipe_name, "pipe:[%ju]", (uintmax_t) key.ino);
  char const *name = (!key.fifo ? pipe_name
                      : fd >= 0 && n > 0 ? p->name : text);
  fill_row (t, ipc_table_add_row (t), p, name, fd, unreadable);
  partial (t, unreadable);
  ipc_pipes_free (pipes, n);
  ipc_addr_free (&addr);
  ipc_table_print (t);
  return IPC_EXIT_OK;
}

static struct ipc_verb const verbs[] = {
  { "create", NULL, pipe_create,
    .synopsis = "PATH...",
    .summary = "make each PATH a FIFO, mode 0600 unless --mode",
    .description = "\
Make each PATH a FIFO with exactly MODE (default 0600): the umask does\n\
not change it.  An existing file is an error and is left alone.\n",
    .options = create_options, .operands = "PATH", .min = 1,
    .max = IPC_MANY },
  { "rm", "remove", pipe_rm,
    .synopsis = "PATH...",
    .summary = "remove each FIFO PATH; anything else is refused",
    .description = "\
Remove each FIFO PATH.  Anything that is not a FIFO, a symbolic link\n\
included, is refused and left untouched (status 1).\n",
    .operands = "PATH", .min = 1, .max = IPC_MANY },
  { "write", NULL, pipe_write,
    .synopsis = "PATH",
    .summary = "copy standard input into the FIFO PATH",
    .description = "\
Copy standard input into the FIFO PATH.  Waits for a reader to open it\n\
first.  --lines and --bytes take no more than that from standard input.\n\
-t limits the wait for a reader, and then for each move of data.\n",
    .options = write_options, .operands = "PATH", .min = 1, .max = 1 },
  { "read", NULL, pipe_read,
    .synopsis = "PATH",
    .summary = "copy the FIFO PATH to standard output",
    .description = "\
Copy the FIFO PATH to standard output until its writer closes it.\n\
Waits for a writer to open it first.  --lines and --bytes never take\n\
more than that from the FIFO: the rest stays for the next reader.\n\
-t limits the wait for a writer, and then for each move of data.\n\
With --follow, -t is an idle limit: read ends after DUR without data,\n\
with status 0 if anything was read, 124 if nothing was.\n",
    .options = read_options, .operands = "PATH", .min = 1, .max = 1 },
  { "copy", NULL, pipe_copy,
    .summary = "copy standard input to standard output at the speed of the "
    "kernel (splice), optionally resizing pipes and showing progress",
    .description = "\
Copy standard input to standard output with splice(2) when either is a\n\
pipe, with a large buffer otherwise.  The progress line is redrawn in\n\
place on a terminal, and printed once per interval otherwise.\n",
    .options = copy_options },
  { "ls", "list", pipe_ls,
    .summary = "list every pipe and FIFO in use, with the processes at its "
    "write and read ends",
    .description = "\
List every pipe and FIFO that a process has open, found through\n\
/proc/*/fd: who holds its write end and its read end, and, where a reader\n\
exists, its capacity and the bytes queued in it (nothing is consumed).\n\
With --pid, the pipes and FIFOs that those processes have open.\n",
    IPC_TABLE_SIZE_LS_VERB (columns) },
  { "stat", "info", pipe_stat,
    .synopsis = "PATH|fd:N",
    .summary = "show one pipe or FIFO: capacity, queued bytes, writers and "
    "readers",
    .description = "\
Show the FIFO PATH, or the pipe or FIFO open as descriptor N, as\n\
COLUMN: value lines (or JSON with -J).\n",
    IPC_TABLE_SIZE_VERB (columns),
    .operands = "PATH|fd:N", .min = 1, .max = 1 },
  { 0 }
};

static struct ipc_command const command = {
  .summary = "Create, drive and inspect pipes and FIFOs (named pipes).",
  .verbs = verbs,
  .exit_status = "\
Exit status:\n\
  0    done\n\
  1    failed (no such FIFO, not a FIFO, permission, I/O error)\n\
  2    usage error\n\
  124  timed out: no peer opened the FIFO, or no data came, in time\n\
A writer whose reader goes away is ended by SIGPIPE, as cat(1) is.\n",
};

int
main (int argc, char **argv)
{
  return ipc_cli_main (&command, argc, argv);
}

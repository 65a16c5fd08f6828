/* A command-line front end to lib/ipc-table.c and lib/ipc-proc.c, so that
   tests/lib.bats can drive them:

     lib-driver table [TABLE OPTION]... [--stat] [--json-name=NAME] CELL...
     lib-driver table --help
     lib-driver locks [FILE]
     lib-driver comm PID
     lib-driver fds PID
     lib-driver fdinfo PID FD
     lib-driver maps PID
     lib-driver status PID
     lib-driver pids
     lib-driver fd-open PATH cloexec|inherit OUT
     lib-driver fd-pipe OUT
     lib-driver deadline-flock FILE DURATION
     lib-driver handler restart|interrupt|unless-ignored
     lib-driver users [-f] [-m] [-F] [-s] [-x] [-p PID]... [[dev:]FILE]...
     lib-driver lock FILE flock|ofd|posix shared|exclusive DURATION
     lib-driver sysctl NAME [FIELD]
     lib-driver limit OBJECT ERRNO COUNT SIZE BYTES

   A table has the demo columns below; each CELL operand is COL=VALUE for
   the current row ("ITEMS=x" adds an item, "PROCESS=PID:COMMAND" a
   process item to ITEMS, "+" starts a new row).  */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "c-ctype.h"
#include "c-strcase.h"
#include "error.h"
#include "progname.h"
#include "quote.h"
#include "xstrtol.h"

#include "ipc-cli.h"
#include "ipc-deadline.h"
#include "ipc-fd.h"
#include "ipc-grow.h"
#include "ipc-handlers.h"
#include "ipc-locks.h"
#include "ipc-limits.h"
#include "ipc-proc.h"
#include "ipc-table.h"
#include "ipc-sysv.h"
#include "ipc-users.h"

/* One column of each kind that ipc-table knows.  */
enum { COL_NAME, COL_COUNT, COL_SIZE, COL_ITEMS, COL_NOTE };
static struct ipc_column const demo_columns[] =
{
  [COL_NAME] = { "NAME", 0.2, IPC_COL_TRUNC, "a string" },
  [COL_COUNT] = { "COUNT", 0.1, IPC_COL_RIGHT | IPC_COL_NUMBER,
                  "a number" },
  [COL_SIZE] = { "SIZE", 0.1, IPC_COL_RIGHT | IPC_COL_SIZE, "a size" },
  [COL_ITEMS] = { "ITEMS", 0.3, IPC_COL_LIST, "a list" },
  [COL_NOTE] = { "NOTE", 0.2, IPC_COL_EXTRA, "an extra column" },
};
enum { NDEMO_COLUMNS = sizeof demo_columns / sizeof *demo_columns };

/* Parse all of TEXT as a decimal integer into *N.  */
static bool
parse_intmax (char const *text, intmax_t *n)
{
  char *end;
  errno = 0;
  *n = strtoimax (text, &end, 10);
  return errno == 0 && end != text && *end == '\0';
}

/* Parse the decimal PID or descriptor TEXT, or exit 2.  */
static int
parse_number (char const *what, char const *text)
{
  intmax_t n;
  if (!parse_intmax (text, &n) || n < 0 || n > INT32_MAX)
    ipc_usage_error ("invalid %s %s", what, quote (text));
  return n;
}

/* Set one cell of ROW from CELL, "COL=VALUE": COUNT through
   ipc_row_set_int when VALUE is a number, SIZE through ipc_row_set_size,
   ITEMS one item at a time, others as text.  "PROCESS=PID:COMMAND" adds
   an item to ITEMS through ipc_row_add_process_item.  */
static void
set_cell (struct ipc_row *row, char const *cell)
{
  if (strncmp (cell, "PROCESS=", 8) == 0)
    {
      ipc_row_add_process_item (row, COL_ITEMS, cell + 8);
      return;
    }
  char const *eq = strchr (cell, '=');
  if (!eq)
    ipc_usage_error ("invalid cell %s: not COL=VALUE", quote (cell));
  size_t len = eq - cell;
  char const *value = eq + 1;
  int col;
  for (col = 0; col < NDEMO_COLUMNS; col++)
    if (strlen (demo_columns[col].name) == len
        && c_strncasecmp (demo_columns[col].name, cell, len) == 0)
      break;
  if (col == NDEMO_COLUMNS)
    ipc_usage_error ("invalid cell %s: no such column", quote (cell));

  intmax_t n;
  uintmax_t u;
  if (col == COL_COUNT && parse_intmax (value, &n))
    ipc_row_set_int (row, col, n);
  else if (col == COL_SIZE && c_isdigit (*value)
           && xstrtoumax (value, NULL, 10, &u, "") == LONGINT_OK)
    ipc_row_set_size (row, col, u);
  else if (col == COL_ITEMS)
    ipc_row_add_item (row, col, value);
  else if (col == COL_NOTE && *value)
    ipc_row_printf (row, col, "<%s>", value);
  else
    ipc_row_set (row, col, value);
}

enum { STAT_OPTION = CHAR_MAX + 1, JSON_NAME_OPTION };

static struct ipc_option const table_options[] =
{
  IPC_TABLE_OPTIONS,
  IPC_TABLE_BYTES_OPTION,
  { "stat", STAT_OPTION, NULL, "print as 'stat' does" },
  { "json-name", JSON_NAME_OPTION, "NAME", "name of the JSON array" },
  { NULL, 0, NULL, NULL }
};

static int
run_table (int argc, char **argv)
{
  struct ipc_table_opts opts = { 0 };
  bool stat = false;
  char const *json_name = "things";
  int c;
  while ((c = ipc_getopt (argc, argv)) != -1)
    if (c == STAT_OPTION)
      stat = true;
    else if (c == JSON_NAME_OPTION)
      json_name = optarg;
    else
      ipc_table_option (&opts, c, optarg);
  int first = ipc_operands (argc, argv);

  struct ipc_table *table = ipc_table_new (demo_columns, NDEMO_COLUMNS,
                                           &opts, json_name, stat);
  struct ipc_row *row = NULL;
  for (int i = first; i < argc; i++)
    if (strcmp (argv[i], "+") == 0)
      row = ipc_table_add_row (table);
    else
      {
        if (!row)
          row = ipc_table_add_row (table);
        set_cell (row, argv[i]);
      }

  /* Report which columns are shown, for the tests of ipc_table_wants.  */
  if (getenv ("LIB_DRIVER_WANTS"))
    for (int col = 0; col < NDEMO_COLUMNS; col++)
      fprintf (stderr, "%s=%d\n", demo_columns[col].name,
               ipc_table_wants (table, col));

  /* On a write error, close_stdout reports it at exit.  */
  return ipc_table_print (table) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

static int
run_locks (int argc, char **argv)
{
  struct ipc_proc_lock *locks;
  size_t n;
  char const *file = argc > 1 ? argv[1] : NULL;
  if (argc > 2)
    ipc_no_extra_operand (argv[2]);
  if (ipc_proc_locks_read (file, &locks, &n) != 0)
    error (EXIT_FAILURE, errno, "%s", file ? quote (file) : "/proc/locks");
  for (size_t i = 0; i < n; i++)
    {
      struct ipc_proc_lock const *lk = &locks[i];
      printf ("%d %s %s %s %s %d %02x:%02x:%" PRIu64 " %" PRIu64 " ",
              lk->id, lk->waiting ? "waiting" : "holding", lk->type,
              lk->mode, lk->access, (int) lk->pid, lk->dev_major,
              lk->dev_minor, lk->inode, lk->start);
      if (lk->end == UINT64_MAX)
        puts ("EOF");
      else
        printf ("%" PRIu64 "\n", lk->end);
    }
  free (locks);
  return EXIT_SUCCESS;
}

static int
run_comm (int argc, char **argv)
{
  if (argc < 2)
    ipc_usage_error ("missing PID");
  ipc_no_extra_operand (argv[2]);
  pid_t pid = parse_number ("PID", argv[1]);
  char comm[64];
  char *pid_comm = ipc_proc_pid_comm (pid);
  printf ("%s\n%s\n", ipc_proc_comm (pid, comm, sizeof comm), pid_comm);
  free (pid_comm);
  return EXIT_SUCCESS;
}

/* ipc_proc_each_fd callback: print "PID FD TARGET".  */
static int
print_fd (pid_t pid, int fd, char const *target, void *arg)
{
  (void) arg;
  printf ("%d %d %s\n", (int) pid, fd, target);
  return 0;
}

static int
run_fds (int argc, char **argv)
{
  if (argc < 2)
    ipc_usage_error ("missing PID");
  ipc_no_extra_operand (argv[2]);
  pid_t pid = parse_number ("PID", argv[1]);
  if (ipc_proc_each_fd (pid, print_fd, NULL) != 0)
    error (EXIT_FAILURE, errno, "descriptors of %d", (int) pid);
  return EXIT_SUCCESS;
}

static int
run_fdinfo (int argc, char **argv)
{
  if (argc < 3)
    ipc_usage_error ("missing PID or FD");
  ipc_no_extra_operand (argv[3]);
  pid_t pid = parse_number ("PID", argv[1]);
  int fd = parse_number ("descriptor", argv[2]);
  struct ipc_fdinfo info;
  if (ipc_proc_fdinfo (pid, fd, &info) != 0)
    error (EXIT_FAILURE, errno, "fdinfo of %d %d", (int) pid, fd);
  printf ("pos %" PRIu64 "\nflags 0%o\nmnt_id %d\nino %" PRIu64
          "\nlocks %d\n", info.pos, info.flags, info.mnt_id, info.inode,
          info.nlocks);
  return EXIT_SUCCESS;
}

/* ipc_proc_each_map callback: print the fields of MAP as maps has them.  */
static int
print_map (pid_t pid, struct ipc_proc_map const *map, void *arg)
{
  (void) arg;
  printf ("%d %" PRIx64 "-%" PRIx64 " %s %" PRIx64 " %02x:%02x %" PRIu64
          " %s\n", (int) pid, map->start, map->end, map->perms, map->offset,
          map->dev_major, map->dev_minor, map->inode, map->path);
  return 0;
}

static int
run_maps (int argc, char **argv)
{
  if (argc < 2)
    ipc_usage_error ("missing PID");
  ipc_no_extra_operand (argv[2]);
  pid_t pid = parse_number ("PID", argv[1]);
  if (ipc_proc_each_map (pid, print_map, NULL) != 0)
    error (EXIT_FAILURE, errno, "mappings of %d", (int) pid);
  return EXIT_SUCCESS;
}

static int
run_status (int argc, char **argv)
{
  if (argc < 2)
    ipc_usage_error ("missing PID");
  ipc_no_extra_operand (argv[2]);
  pid_t pid = parse_number ("PID", argv[1]);
  struct ipc_proc_status st;
  if (ipc_proc_status (pid, &st) != 0)
    error (EXIT_FAILURE, errno, "status of %d", (int) pid);
  printf ("name %s\nuid %lu\nsigpnd %016" PRIx64 "\nshdpnd %016" PRIx64
          "\nsigblk %016" PRIx64 "\nsigign %016" PRIx64 "\nsigcgt %016"
          PRIx64 "\n", st.name, (unsigned long) st.uid, st.sigpnd,
          st.shdpnd, st.sigblk, st.sigign, st.sigcgt);
  return EXIT_SUCCESS;
}

/* ipc_proc_each_pid callback: print PID.  */
static int
print_pid (pid_t pid, void *arg)
{
  (void) arg;
  printf ("%d\n", (int) pid);
  return 0;
}

static int
run_pids (int argc, char **argv)
{
  ipc_no_extra_operand (argc > 1 ? argv[1] : NULL);
  if (ipc_proc_each_pid (print_pid, NULL) != 0)
    error (EXIT_FAILURE, errno, "/proc");
  return EXIT_SUCCESS;
}

/* users [-f] [-m] [-F] [-s] [-x] [-p PID]... [[dev:]FILE]...: one walk
   of ipc_users_find over descriptors (-f) and mappings (-m) for the
   objects FILE and every object on the device of each dev:FILE, every
   pipe and FIFO (-F), System V segments (-s), in the processes -p (or
   every one), leaving ourselves out with -x; print each entry as
   "MAJOR:MINOR INODE PID FD USE", USE made of r, w and m.  */
static int
run_users (int argc, char **argv)
{
  struct ipc_users_query q = { .sources = 0 };
  pid_t pids[16];
  size_t npids = 0;
  bool some_pids = false;
  int c;
  while ((c = getopt (argc, argv, "fmFsxp:")) != -1)
    switch (c)
      {
      case 'f': q.sources |= IPC_USERS_FDS; break;
      case 'm': q.sources |= IPC_USERS_MAPS; break;
      case 'F': q.type = S_IFIFO; break;
      case 's': q.sysv_shm = true; break;
      case 'x': q.skip = getpid (); break;
      case 'p':
        if (npids == sizeof pids / sizeof *pids)
          ipc_usage_error ("too many -p");
        pids[npids++] = parse_number ("PID", optarg);
        some_pids = true;
        break;
      default:
        ipc_emit_try_help ();
        exit (EXIT_FAILURE);
      }
  size_t n = argc - optind;
  struct ipc_users_key *keys = calloc (n + 1, sizeof *keys);
  dev_t *devs = calloc (n + 1, sizeof *devs);
  if (!keys || !devs)
    error (EXIT_FAILURE, errno, "users");
  for (int i = optind; i < argc; i++)
    {
      bool whole = strncmp (argv[i], "dev:", 4) == 0;
      char const *file = argv[i] + (whole ? 4 : 0);
      struct stat st;
      if (stat (file, &st) != 0)
        error (EXIT_FAILURE, errno, "%s", quote (file));
      if (whole)
        devs[q.ndevs++] = st.st_dev;
      else
        keys[q.nkeys++] = (struct ipc_users_key) { st.st_dev, st.st_ino };
    }
  q.keys = keys;
  q.devs = devs;
  if (some_pids)
    {
      q.pids = pids;
      q.npids = npids;
    }
  struct ipc_users users;
  if (ipc_users_find (&q, &users) != 0)
    error (EXIT_FAILURE, errno, "users");
  for (size_t i = 0; i < users.n; i++)
    {
      struct ipc_users_entry const *e = &users.v[i];
      printf ("%u:%u %ju %d %d %s%s%s\n", major (e->key.dev),
              minor (e->key.dev), (uintmax_t) e->key.ino, (int) e->pid,
              e->fd, e->use & IPC_USERS_READ ? "r" : "",
              e->use & IPC_USERS_WRITE ? "w" : "",
              e->use & IPC_USERS_MAPPED ? "m" : "");
    }
  ipc_users_free (&users);
  free (keys);
  free (devs);
  return EXIT_SUCCESS;
}

/* grow COUNT SIZE [MIN]: grow an array of SIZE-byte elements one
   element at a time to COUNT elements, with at least MIN (default 8)
   elements of room, checking that what was stored survives each move;
   print how much room each growth made.  */
static int
run_grow (int argc, char **argv)
{
  if (argc != 3 && argc != 4)
    ipc_usage_error ("grow needs COUNT, SIZE and maybe MIN");
  size_t count = ipc_arg_count ("COUNT", argv[1], 0, 1000000);
  size_t size = ipc_arg_size ("SIZE", argv[2]);
  if (size == 0)
    ipc_usage_error ("SIZE must be positive");
  size_t min = argc == 4 ? ipc_arg_count ("MIN", argv[3], 0, 64) : 8;
  unsigned char *v = NULL;
  size_t alloc = 0;
  for (size_t n = 0; n < count; n++)
    {
      size_t before = alloc;
      if (ipc_grow (&v, &alloc, n, size, min) != 0)
        error (EXIT_FAILURE, errno, "growing past %zu elements", n);
      if (alloc != before)
        {
          printf ("%zu\n", alloc);
          for (size_t i = 0; i < n; i++)
            if (v[i * size] != (unsigned char) i)
              error (EXIT_FAILURE, 0, "element %zu lost", i);
        }
      v[n * size] = n;
    }
  free (v);
  return EXIT_SUCCESS;
}

/* Open OUT for the report of the fd-* verbs, through ipc_fd_open too:
   stdout may be closed.  */
static FILE *
report_file (char const *out)
{
  int fd = ipc_fd_open (out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  FILE *f = fd < 0 ? NULL : fdopen (fd, "w");
  if (!f)
    exit (EXIT_FAILURE);
  return f;
}

/* Print "FD N cloexec|inherit" and whether 0, 1 and 2 are open.  */
static void
report_fd (FILE *f, int fd)
{
  int flags = fcntl (fd, F_GETFD);
  fprintf (f, "fd %s %s\n", fd >= IPC_FD_MIN ? "high" : "LOW",
           flags < 0 ? "bad" : flags & FD_CLOEXEC ? "cloexec" : "inherit");
}

static void
report_std (FILE *f)
{
  for (int fd = 0; fd <= 2; fd++)
    fprintf (f, "%d %s\n", fd, fcntl (fd, F_GETFD) < 0 ? "closed" : "open");
}

/* fd-open PATH cloexec|inherit OUT: open PATH read-only through
   ipc_fd_open and report where it landed and what 0-2 are, in OUT.  */
static int
run_fd_open (int argc, char **argv)
{
  if (argc != 4)
    ipc_usage_error ("fd-open needs PATH, cloexec or inherit, and OUT");
  int flags = O_RDONLY | (strcmp (argv[2], "cloexec") == 0 ? O_CLOEXEC : 0);
  int fd = ipc_fd_open (argv[1], flags, 0);
  if (fd < 0)
    return EXIT_FAILURE;
  FILE *f = report_file (argv[3]);
  report_fd (f, fd);
  report_std (f);
  return fclose (f) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* fd-pipe OUT: the same for both ends of ipc_fd_pipe.  */
static int
run_fd_pipe (int argc, char **argv)
{
  if (argc != 2)
    ipc_usage_error ("fd-pipe needs OUT");
  int p[2];
  if (ipc_fd_pipe (p, O_CLOEXEC) != 0)
    return EXIT_FAILURE;
  FILE *f = report_file (argv[1]);
  report_fd (f, p[0]);
  report_fd (f, p[1]);
  report_std (f);
  return fclose (f) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

static int
flock_ex (void *arg)
{
  return flock (*(int *) arg, LOCK_EX);
}

/* deadline-flock FILE DURATION: take an exclusive flock on FILE through
   ipc_deadline_call; print "locked" or the errno name (ETIMEDOUT exits
   124), then what became of SIGALRM: blocked, its action, pending.  */
static int
run_deadline_flock (int argc, char **argv)
{
  if (argc != 3)
    ipc_usage_error ("deadline-flock needs FILE and DURATION");
  struct timespec timeout = ipc_arg_duration ("DURATION", argv[2]);
  int fd = ipc_fd_open (argv[1], O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    error (EXIT_FAILURE, errno, "%s", quote (argv[1]));
  struct ipc_deadline d;
  ipc_deadline_start (&d, timeout);
  int r = ipc_deadline_call (&d, flock_ex, &fd, NULL);
  int e = errno;
  puts (r == 0 ? "locked" : e == ETIMEDOUT ? "ETIMEDOUT" : strerror (e));

  sigset_t mask, pending;
  struct sigaction sa;
  sigprocmask (SIG_BLOCK, NULL, &mask);
  sigpending (&pending);
  sigaction (SIGALRM, NULL, &sa);
  printf ("SIGALRM %s %s %s\n",
          sigismember (&mask, SIGALRM) ? "blocked" : "unblocked",
          (sa.sa_handler == SIG_IGN ? "ignored"
           : sa.sa_handler == SIG_DFL ? "default" : "caught"),
          sigismember (&pending, SIGALRM) ? "pending" : "not-pending");
  return r == 0 ? EXIT_SUCCESS : e == ETIMEDOUT ? 124 : EXIT_FAILURE;
}

static volatile sig_atomic_t caught;

static void
on_usr1 (int sig)
{
  caught = sig;
}

/* handler restart|interrupt|unless-ignored: install a SIGUSR1 handler
   through ipc_handler_install, have a child send SIGUSR1 while we are
   blocked reading a pipe and write a byte 200 ms later, and print what
   the read saw: "read 1" (restarted) or "EINTR"; "ignored" when the
   handler was not installed.  */
static int
run_handler (int argc, char **argv)
{
  if (argc != 2)
    ipc_usage_error ("handler needs restart, interrupt or unless-ignored");
  unsigned flags = (strcmp (argv[1], "interrupt") == 0 ? IPC_HANDLER_INTERRUPT
                    : strcmp (argv[1], "unless-ignored") == 0
                    ? IPC_HANDLER_UNLESS_IGNORED : 0);
  int r = ipc_handler_install (SIGUSR1, on_usr1, flags);
  if (r < 0)
    error (EXIT_FAILURE, errno, "ipc_handler_install");
  if (r == 0)
    {
      puts ("ignored");
      return EXIT_SUCCESS;
    }
  int p[2];
  if (ipc_fd_pipe (p, O_CLOEXEC) != 0)
    error (EXIT_FAILURE, errno, "pipe");
  pid_t parent = getpid ();
  pid_t child = fork ();
  if (child < 0)
    error (EXIT_FAILURE, errno, "fork");
  if (child == 0)
    {
      usleep (100000);
      kill (parent, SIGUSR1);
      usleep (200000);
      _exit (write (p[1], "x", 1) == 1 ? 0 : 1);
    }
  char c;
  ssize_t n = read (p[0], &c, 1);
  int e = errno;
  waitpid (child, NULL, 0);
  if (n < 0)
    puts (e == EINTR ? "EINTR" : strerror (e));
  else
    printf ("read %zd\n", n);
  return caught == SIGUSR1 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* lock FILE TYPE shared|exclusive DURATION: open FILE with ipc_lock_open
   and take the lock with ipc_lock_take; print "locked", or the errno
   name for ETIMEDOUT, EINVAL and ELOOP, else the message (ETIMEDOUT
   exits 124).  */
static int
run_lock (int argc, char **argv)
{
  if (argc != 5)
    ipc_usage_error ("lock needs FILE, TYPE, shared or exclusive, DURATION");
  struct ipc_lock_req req = { .shared = strcmp (argv[3], "shared") == 0 };
  req.type = (strcmp (argv[2], "ofd") == 0 ? IPC_LOCK_OFD
              : strcmp (argv[2], "posix") == 0 ? IPC_LOCK_POSIX
              : IPC_LOCK_FLOCK);
  struct timespec timeout = ipc_arg_duration ("DURATION", argv[4]);
  struct stat st;
  int fd = ipc_lock_open (argv[1], 0600, &st);
  int r = -1;
  if (fd >= 0)
    {
      struct ipc_deadline d;
      ipc_deadline_start (&d, timeout);
      r = ipc_lock_take (fd, &req, &d);
    }
  int e = errno;
  puts (r == 0 ? "locked" : e == ETIMEDOUT ? "ETIMEDOUT"
        : e == EINVAL ? "EINVAL" : e == ELOOP ? "ELOOP" : strerror (e));
  return r == 0 ? EXIT_SUCCESS : e == ETIMEDOUT ? 124 : EXIT_FAILURE;
}

/* sysctl NAME [FIELD]: print field FIELD (default 0) of a kernel
   setting, through ipc_sysctl_field.  */
static int
run_sysctl (int argc, char **argv)
{
  if (argc < 2 || argc > 3)
    ipc_usage_error ("usage: sysctl NAME [FIELD]");
  uintmax_t v;
  int field = argc == 3 ? parse_number ("field", argv[2]) : 0;
  if (ipc_sysctl_field (argv[1], field, &v) != 0)
    error (EXIT_FAILURE, errno, "%s", argv[1]);
  printf ("%ju\n", v);
  return EXIT_SUCCESS;
}

/* sysv-key ADDR: the key that ipc_sysv_create_key gives the address ADDR
   (a System V object's, 'private' or a POSIX name), in hex, or fail with
   its errno; "key-0" stands for key:0, which the parser refuses.  */
static int
run_sysv_key (int argc, char **argv)
{
  if (argc != 2)
    ipc_usage_error ("usage: sysv-key ADDR");
  struct ipc_addr addr = { .kind = IPC_ADDR_KEY, .key = 0 };
  bool parsed = strcmp (argv[1], "key-0") != 0;
  if (parsed)
    ipc_arg_address (argv[1], (IPC_ADDR_ACCEPT_SYSV_OBJ
                               | IPC_ADDR_ACCEPT (IPC_ADDR_PRIVATE)), &addr);
  key_t key;
  if (ipc_sysv_create_key (&addr, &key) != 0)
    error (EXIT_FAILURE, errno, "sysv-key");
  printf ("0x%08x\n", (unsigned int) key);
  if (parsed)
    ipc_addr_free (&addr);
  return EXIT_SUCCESS;
}

/* limit OBJECT ERRNO COUNT SIZE BYTES: print the reason that
   ipc_limit_explain gives, or fail with its errno.  */
static int
run_limit (int argc, char **argv)
{
  static char const *const objects[] = {
    [IPC_LIMIT_MQ_POSIX] = "mq-posix", [IPC_LIMIT_MQ_SYSV] = "mq-sysv",
    [IPC_LIMIT_PIPE] = "pipe", [IPC_LIMIT_SHM_POSIX] = "shm-posix",
    [IPC_LIMIT_SHM_SYSV] = "shm-sysv", [IPC_LIMIT_SEM_POSIX] = "sem-posix",
    [IPC_LIMIT_SEM_SYSV] = "sem-sysv", [IPC_LIMIT_SHM_MAP] = "shm-map"
  };
  static struct { char const *name; int value; } const errnos[] = {
    { "EINVAL", EINVAL }, { "EPERM", EPERM }, { "ENOSPC", ENOSPC },
    { "EMFILE", EMFILE }, { "ERANGE", ERANGE }, { "EACCES", EACCES },
    { "ENOMEM", ENOMEM }, { "EFBIG", EFBIG }
  };
  if (argc != 6)
    ipc_usage_error ("usage: limit OBJECT ERRNO COUNT SIZE BYTES");
  size_t o, e;
  for (o = 0; o < sizeof objects / sizeof *objects; o++)
    if (strcmp (objects[o], argv[1]) == 0)
      break;
  if (o == sizeof objects / sizeof *objects)
    ipc_usage_error ("unknown object %s", quote (argv[1]));
  for (e = 0; e < sizeof errnos / sizeof *errnos; e++)
    if (strcmp (errnos[e].name, argv[2]) == 0)
      break;
  if (e == sizeof errnos / sizeof *errnos)
    ipc_usage_error ("unknown errno %s", quote (argv[2]));
  struct ipc_limit_ask ask;
  if (xstrtoumax (argv[3], NULL, 10, &ask.count, "") != LONGINT_OK
      || xstrtoumax (argv[4], NULL, 10, &ask.size, "") != LONGINT_OK
      || xstrtoumax (argv[5], NULL, 10, &ask.bytes, "") != LONGINT_OK)
    ipc_usage_error ("invalid number");
  char why[256];
  if (ipc_limit_explain (o, errnos[e].value, &ask, why, sizeof why) != 0)
    error (EXIT_FAILURE, errno, "no limit");
  puts (why);
  return EXIT_SUCCESS;
}

int
main (int argc, char **argv)
{
  static struct ipc_verb const verbs[] =
  {
    { "table", NULL, run_table, .synopsis = "CELL...",
      .summary = "print a table of the demo columns",
      .options = table_options, .columns = demo_columns,
      .ncolumns = NDEMO_COLUMNS, .operands = "CELL", .max = IPC_MANY },
    { "locks", NULL, run_locks, .summary = "the locks of /proc/locks (or FILE)" },
    { "comm", NULL, run_comm, .summary = "PID:COMMAND of PID" },
    { "fds", NULL, run_fds, .summary = "the descriptors of PID" },
    { "fdinfo", NULL, run_fdinfo, .summary = "fdinfo of PID's FD" },
    { "maps", NULL, run_maps, .summary = "the mapped files of PID" },
    { "status", NULL, run_status, .summary = "/proc/PID/status" },
    { "pids", NULL, run_pids, .summary = "every PID" },
    { "grow", NULL, run_grow, .summary = "check ipc_grow" },
    { "fd-open", NULL, run_fd_open,
      .summary = "where ipc_fd_open puts a descriptor" },
    { "fd-pipe", NULL, run_fd_pipe,
      .summary = "where ipc_fd_pipe puts a pipe" },
    { "deadline-flock", NULL, run_deadline_flock,
      .summary = "flock through ipc_deadline_call" },
    { "handler", NULL, run_handler,
      .summary = "check ipc_handler_install" },
    { "users", NULL, run_users,
      .summary = "who has objects open or mapped (ipc_users_find)" },
    { "lock", NULL, run_lock,
      .summary = "ipc_lock_open and ipc_lock_take" },
    { "sysctl", NULL, run_sysctl, .summary = "field FIELD of a setting",
      .synopsis = "NAME [FIELD]" },
    { "sysv-key", NULL, run_sysv_key,
      .summary = "the key to create a System V object with",
      .synopsis = "ADDR" },
    { "limit", NULL, run_limit, .summary = "the limit behind a failure",
      .synopsis = "OBJECT ERRNO COUNT SIZE BYTES" },
    { 0 }
  };
  static struct ipc_command const command =
  {
    .summary = "Drive the table and /proc code of ipc-utils' library for "
    "its tests.",
    .verbs = verbs,
  };
  return ipc_cli_main (&command, argc, argv);
}

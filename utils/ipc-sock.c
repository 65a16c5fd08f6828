/* ipc-sock -- connect, listen, pass datagrams and descriptors over
   sockets.  */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"
#include "quote.h"
#include "xalloc.h"

#include "ipc-addr.h"
#include "ipc-cli.h"
#include "ipc-deadline.h"
#include "ipc-fd.h"
#include "ipc-handlers.h"
#include "ipc-io.h"
#include "ipc-records.h"
#include "ipc-run.h"
#include "ipc-socket.h"
#include "ipc-sockets.h"
#include "ipc-table.h"
#include "ipc-proc.h"
#include "ipc-stop.h"
#include "ipc-units.h"

#include "ipc-sock.h"

static struct ipc_option const connect_options[] = {
  IPC_OPTION_TIMEOUT, { 0 }
};

static struct ipc_option const wait_options[] = {
  IPC_OPTION_TIMEOUT, { 0 }
};

/* Columns of 'ls' and 'stat': one row per socket.  */
enum
{
  COL_ADDR, COL_TYPE, COL_STATE, COL_INODE, COL_PID, COL_COMMAND, COL_PEER,
  COL_REMOTE
};
static struct ipc_column const columns[] = {
  [COL_ADDR] = { "ADDR", 0.3, IPC_COL_TRUNC, "local address, as an "
                 "operand of ipc-sock (empty: not bound)" },
  [COL_TYPE] = { "TYPE", 4, 0, "unix, unixgram, unixseq, tcp, tcp6, udp "
                 "or udp6" },
  [COL_STATE] = { "STATE", 6, 0, "LISTEN, ESTAB, UNCONN... as ss(8)" },
  [COL_INODE] = { "INODE", 5, IPC_COL_RIGHT | IPC_COL_NUMBER,
                  "inode number of the socket" },
  [COL_PID] = { "PID", 5, IPC_COL_LIST | IPC_COL_NUMBER | IPC_COL_USERS,
                "processes that have it open" },
  [COL_COMMAND] = { "COMMAND", 8, IPC_COL_LIST | IPC_COL_USERS,
                    "their command names" },
  [COL_PEER] = { "PEER", 10, IPC_COL_LIST | IPC_COL_USERS,
                 "the other end: PID:COMMAND of the processes holding a "
                 "Unix socket's peer (socket:[INODE] if none is seen), "
                 "the remote address of an IP socket" },
  [COL_REMOTE] = { "PEERINODE", 5, IPC_COL_RIGHT | IPC_COL_NUMBER
                   | IPC_COL_EXTRA, "inode number of a Unix socket's peer" },
};

#define countof(a) (sizeof (a) / sizeof *(a))

/* The socket file that we bound and remove at the end, with its inode,
   so that a file put there by someone else since is left alone.  */
static char *bound_path;
static dev_t bound_dev;
static ino_t bound_ino;

void
remove_bound (void)
{
  struct stat st;
  if (bound_path && lstat (bound_path, &st) == 0 && st.st_dev == bound_dev
      && st.st_ino == bound_ino)
    unlink (bound_path);
  free (bound_path);
  bound_path = NULL;
}

/* The options and operand of connect and wait: -t into *TIMEOUT, the
   stream address into *ADDR.  Return the address as given.  */
static char const *
timed_stream_address (int argc, char **argv, struct timespec *timeout,
                      struct ipc_addr *addr)
{
  *timeout = IPC_DURATION_INFINITE;
  int c;
  while ((c = ipc_getopt (argc, argv)) != -1)
    if (c == 't')
      *timeout = ipc_arg_duration ("--timeout", optarg);
  char const *text = argv[ipc_operands (argc, argv)];
  ipc_arg_address (text, STREAM_FORMS, addr);
  return text;
}

/* Report the failure of the lib call that resolved or used ADDR (TEXT),
   with GAI its getaddrinfo error if any, and exit.  */
noreturn void
socket_die (char const *what, char const *text, int gai)
{
  if (gai && errno == EHOSTUNREACH)
    error (exit_failure, 0, "cannot %s %s: %s", what, quote (text),
           gai_strerror (gai));
  ipc_die ("cannot %s %s", what, quote (text));
}

int
connect_or_die (struct ipc_addr const *addr, char const *text,
                struct timespec timeout, char const *what)
{
  struct ipc_deadline d;
  ipc_deadline_start (&d, timeout);
  int gai;
  int sock = ipc_socket_connect (addr, timeout, &gai);
  if (sock < 0)
    {
      /* The kernel giving up (TCP's SYN retries) is a failure, with the
         message of nc and socat: only our own -t is status 124.  */
      if (errno == ETIMEDOUT && !ipc_deadline_expired (&d))
        error (exit_failure, errno, "cannot %s %s", what, quote (text));
      socket_die (what, text, gai);
    }
  return sock;
}

/* Bind ADDR (TEXT) with MODE, first removing a stale file if UNLINK;
   remember the file to remove at the end.  */
int
bind_or_die (struct ipc_addr const *addr, char const *text, mode_t mode,
             bool unlink_stale)
{
  if (unlink_stale && ipc_socket_is_file (addr)
      && ipc_socket_unlink_stale (addr->name) != 0)
    {
      if (errno == EADDRINUSE)
        error (exit_failure, 0, "cannot remove %s: something accepts "
               "connections on it", quote (addr->name));
      if (errno == ENOTSOCK)
        error (exit_failure, 0, "cannot remove %s: not a socket",
               quote (addr->name));
      ipc_die ("cannot remove %s", quote (addr->name));
    }
  int gai;
  int fd = ipc_socket_bind (addr, mode, &gai);
  if (fd < 0)
    socket_die ("listen on", text, gai);
  struct stat st;
  if (ipc_socket_is_file (addr) && lstat (addr->name, &st) == 0)
    {
      bound_path = xstrdup (addr->name);
      bound_dev = st.st_dev;
      bound_ino = st.st_ino;
      ipc_at_exit (remove_bound);
    }
  return fd;
}

/* Check and parse the options common to the verbs that bind.  */
void
check_bind_options (struct ipc_addr const *addr)
{
  if (!ipc_socket_is_file (addr)
      && (ipc_option_given (IPC_MODE_OPTION)
          || ipc_option_given (UNLINK_OPTION)))
    ipc_usage_error ("--mode and --unlink apply to socket files "
                     "(unix:, unixgram:) only");
}

/* Write the address that SOCK is bound to (ADDR, TEXT as given: with
   the port that the kernel gave) and a newline to the descriptor FD of
   --ready (READY_TEXT), and close it.  Nothing if FD is -1.  */
void
tell_ready (int fd, char const *ready_text, int sock,
            struct ipc_addr const *addr, char const *text)
{
  if (fd < 0)
    return;
  char line[PATH_MAX + 64], buf[PATH_MAX + 66];
  ipc_socket_local_text (sock, addr, text, line, sizeof line);
  int len = snprintf (buf, sizeof buf, "%s\n", line);
  ssize_t w;
  while ((w = write (fd, buf, len)) < 0 && errno == EINTR)
    continue;
  if (w != len)
    ipc_die ("cannot write to %s", quote (ready_text));
  close (fd);
}

/* The descriptor of --ready fd:N (TEXT), checked open and made
   close-on-exec: the reader waits for our line, not for the end of
   every copy of it in a command we run.  */
int
ready_open (char const *text)
{
  struct ipc_addr r;
  ipc_arg_address (text, A (FD), &r);
  int fd = r.fd;
  ipc_addr_free (&r);
  if (fcntl (fd, F_GETFD) < 0)
    ipc_die ("cannot use %s", quote (text));
  fcntl (fd, F_SETFD, FD_CLOEXEC);
  return fd;
}

void
parse_uid (char const *text, struct peer_filter *f)
{
  struct passwd *pw = getpwnam (text);
  f->check = true;
  f->uid = (pw ? pw->pw_uid
            : ipc_arg_count ("--allow-uid", text, 0, (uid_t) -2));
}

bool
peer_allowed (int sock, struct peer_filter const *f)
{
  if (!f->check)
    return true;
  pid_t pid;
  uid_t uid;
  gid_t gid;
  if (ipc_socket_peer_cred (sock, &pid, &uid, &gid) != 0)
    {
      error (0, errno, "cannot read a peer's credentials: refused");
      return false;
    }
  if (uid == f->uid)
    return true;
  error (0, 0, "refused a peer running as UID %lu (PID %ld)",
         (unsigned long) uid, (long) pid);
  return false;
}

/* The stop signals' actions before stops_catch.  */
static int const stop_signals[] = { SIGINT, SIGTERM, SIGHUP };
static struct sigaction stop_actions[countof (stop_signals)];

void
stops_catch (void)
{
  for (size_t i = 0; i < countof (stop_signals); i++)
    sigaction (stop_signals[i], NULL, &stop_actions[i]);
  if (ipc_stop_catch () != 0)
    ipc_die ("cannot install a signal handler");
}

void
stops_release (void)
{
  for (size_t i = 0; i < countof (stop_signals); i++)
    sigaction (stop_signals[i], &stop_actions[i], NULL);
  if (ipc_stop_signal)
    ipc_die_of_signal (ipc_stop_signal);
}

/* Relay the connected socket SOCK (TEXT) with stdin and stdout; return
   the exit status.  */
int
relay (int sock, char const *text)
{
  ipc_io_sigpipe_hold ();
  int error_fd;
  bool writing;
  if (ipc_socket_relay (sock, STDIN_FILENO, STDOUT_FILENO, &error_fd,
                        &writing) == 0)
    return IPC_EXIT_OK;
  if (writing && errno == EPIPE)
    ipc_io_sigpipe_deliver ();
  error (0, errno, "error %s %s", writing ? "writing" : "reading",
         error_fd == STDIN_FILENO ? "standard input"
         : error_fd == STDOUT_FILENO ? "standard output" : quote (text));
  return IPC_EXIT_FAILURE;
}

static int
verb_connect (int argc, char **argv)
{
  struct timespec timeout;
  struct ipc_addr addr;
  char const *text = timed_stream_address (argc, argv, &timeout, &addr);
  int sock = connect_or_die (&addr, text, timeout, "connect to");
  int status = relay (sock, text);
  ipc_addr_free (&addr);
  return status;
}

/* Whether HOST of a tcp: address is this machine's loopback, where
   /proc/net/tcp sees every listener.  */
static bool
local_host (char const *host)
{
  return (!*host || strcmp (host, "localhost") == 0
          || strncmp (host, "127.", 4) == 0 || strcmp (host, "::1") == 0);
}

/* Wait until something accepts connections at ADDR, looking again after
   a pause that doubles from 10ms up to half a second.  */
static int
verb_wait (int argc, char **argv)
{
  struct timespec timeout;
  struct ipc_addr addr;
  char const *text = timed_stream_address (argc, argv, &timeout, &addr);
  struct ipc_deadline d;
  ipc_deadline_start (&d, timeout);
  bool probe = addr.kind == IPC_ADDR_TCP && !local_host (addr.name);
  int pause_ms = 10;
  for (;;)
    {
      int r = ipc_sockets_listening (&addr);
      if (r < 0)
        ipc_die ("cannot read %s", quote ("/proc/net"));
      if (r > 0)
        break;
      if (probe)
        {
          /* A remote host: only a connection tells.  */
          int gai;
          int fd = ipc_socket_connect (&addr, d.infinite ? timeout
                                       : ipc_deadline_left (&d), &gai);
          if (fd >= 0)
            {
              close (fd);
              break;
            }
          if (errno != ECONNREFUSED && errno != ETIMEDOUT
              && errno != EHOSTUNREACH && errno != ENETUNREACH)
            socket_die ("connect to", text, gai);
        }
      int left = ipc_deadline_poll_ms (&d);
      if (left == 0)
        {
          ipc_addr_free (&addr);
          return IPC_EXIT_TIMEDOUT;
        }
      poll (NULL, 0, left < 0 || left > pause_ms ? pause_ms : left);
      if (pause_ms < 500)
        pause_ms *= 2;
    }
  ipc_addr_free (&addr);
  return IPC_EXIT_OK;
}

/* Fill ROW for the socket E of LIST.  */
static void
fill_row (struct ipc_table *t, struct ipc_row *row,
          struct ipc_sock_entry const *e,
          struct ipc_sock_entry const *list, size_t n)
{
  ipc_row_set (row, COL_ADDR, e->addr);
  ipc_row_set (row, COL_TYPE, e->type);
  ipc_row_set (row, COL_STATE, e->state);
  ipc_row_set_uint (row, COL_INODE, e->inode);
  for (size_t i = 0; i < e->npids; i++)
    {
      char buf[64];
      snprintf (buf, sizeof buf, "%ld", (long) e->pids[i]);
      ipc_row_add_item (row, COL_PID, buf);
      if (ipc_table_wants (t, COL_COMMAND))
        ipc_row_add_item (row, COL_COMMAND,
                          ipc_proc_comm (e->pids[i], buf, sizeof buf));
    }
  if (*e->remote)
    ipc_row_add_item (row, COL_PEER, e->remote);
  else if (e->peer_inode)
    {
      ipc_row_set_uint (row, COL_REMOTE, e->peer_inode);
      struct ipc_sock_entry const *p = ipc_sockets_find (list, n,
                                                         e->peer_inode);
      if (p && p->npids)
        ipc_row_add_processes (row, COL_PEER, p->pids, p->npids);
      else
        {
          char buf[48];
          snprintf (buf, sizeof buf, "socket:[%ju]",
                    (uintmax_t) e->peer_inode);
          ipc_row_add_item (row, COL_PEER, buf);
        }
    }
}

/* Whether E is held by a process of --pid.  */
static bool
selected (struct ipc_table const *t, struct ipc_sock_entry const *e)
{
  size_t npids;
  if (!ipc_table_pids (t, &npids))
    return true;
  for (size_t i = 0; i < e->npids; i++)
    if (ipc_table_pid_selected (t, e->pids[i]))
      return true;
  return false;
}

static struct ipc_sock_entry *
scan_or_die (bool with_pids, size_t *n)
{
  struct ipc_sock_entry *list;
  if (ipc_sockets_scan (with_pids, &list, n) != 0)
    ipc_die ("cannot read %s", quote ("/proc/net"));
  return list;
}

static int
verb_ls (int argc, char **argv)
{
  struct ipc_table_opts opts;
  ipc_table_getopt (argc, argv, &opts);
  struct ipc_table *t = ipc_table_new (columns, countof (columns), &opts,
                                       "sockets", false);
  size_t npids, n;
  bool with_pids = (ipc_table_pids (t, &npids)
                    || ipc_table_wants (t, COL_PID)
                    || ipc_table_wants (t, COL_COMMAND)
                    || ipc_table_wants (t, COL_PEER));
  struct ipc_sock_entry *list = scan_or_die (with_pids, &n);
  for (size_t i = 0; i < n; i++)
    if (selected (t, &list[i]))
      fill_row (t, ipc_table_add_row (t), &list[i], list, n);
  ipc_sockets_free (list, n);
  ipc_table_print (t);
  return IPC_EXIT_OK;
}

static int
verb_stat (int argc, char **argv)
{
  struct ipc_table_opts opts;
  int first = ipc_table_getopt (argc, argv, &opts);
  char const *text = argv[first];
  struct ipc_addr addr;
  ipc_arg_address (text, STREAM_FORMS | DGRAM_FORMS, &addr);
  struct ipc_table *t = ipc_table_new (columns, countof (columns), &opts,
                                       "socket", true);
  size_t n;
  struct ipc_sock_entry *list = scan_or_die (true, &n);
  struct ipc_sock_entry const *e = ipc_sockets_at (list, n, &addr);
  if (!e)
    error (IPC_EXIT_FAILURE, 0, "no socket %s at %s",
           ipc_socket_is_stream (&addr) ? "listens" : "is bound",
           quote (text));
  fill_row (t, ipc_table_add_row (t), e, list, n);
  ipc_sockets_free (list, n);
  ipc_table_print (t);
  ipc_addr_free (&addr);
  return IPC_EXIT_OK;
}

static struct ipc_verb const verbs[] = {
  { "connect", NULL, verb_connect,
    .synopsis = "ADDR",
    .summary = "connect to ADDR, and relay standard input to it and it to "
    "standard output",
    .description = "\
Connect to the stream socket ADDR (unix:PATH, abstract:NAME, @NAME,\n\
tcp:HOST:PORT), then copy standard input to it and it to standard output\n\
at once, with splice(2) where an end is a pipe.  At the end of standard\n\
input the socket is shut down for writing, and the peer is still read\n\
until it closes; the peer's end of file leaves standard input copied\n\
until its own end.  -t limits the wait for the connection (status 124);\n\
the kernel giving up first, or without -t, is a failure (status 1).\n",
    .options = connect_options, .operands = "ADDR", .min = 1, .max = 1 },
  { "listen", NULL, verb_listen,
    .synopsis = "ADDR",
    .summary = "accept a connection on ADDR and relay it, or run COMMAND "
    "on each connection",
    .description = "\
  or:  ipc-sock listen [OPTION]... ADDR --exec -- COMMAND [ARG]...\n\
Listen on the stream socket ADDR and accept one connection: relay it\n\
with standard input and output as 'connect' does, or with --exec run\n\
COMMAND in our place with the connection as its standard input and\n\
output.  --fork serves every connection, each by a COMMAND of its own,\n\
at most --max-children at once, until a signal ends ipc-sock.  COMMAND\n\
finds its peer in the environment: IPC_PEER_PID, IPC_PEER_UID,\n\
IPC_PEER_GID (Unix sockets), IPC_PEER_ADDR, IPC_PEER_PORT (TCP; an IPv4\n\
peer in its IPv4 form), the other family's removed.  A socket file is made with mode\n\
0600 unless --mode, whatever the umask, and removed once served or at\n\
TERM, INT, HUP.  An abstract address is open to every local user:\n\
--allow-uid says who may stay.  With --exec, status is COMMAND's, or 125,\n\
126, 127 as timeout(1) says.\n",
    .options = listen_options,
    .operands = "ADDR", .min = 1, .max = 1, .exclusive = "once,fork",
    .flags = IPC_VERB_OPTIONAL_COMMAND },
  { "wait", NULL, verb_wait,
    .synopsis = "ADDR",
    .summary = "wait until something accepts connections at ADDR",
    .description = "\
Wait until something listens at the stream socket ADDR (status 0),\n\
looking again after a pause that doubles from 10ms up to half a second;\n\
with -t, status 124 if nothing listened in time.  A listener of this\n\
system is seen in /proc/net, without a connection, so that a server that\n\
serves once is not used up; a remote host is asked by a connection.\n",
    .options = wait_options, .operands = "ADDR", .min = 1, .max = 1 },
  { "send", NULL, verb_send,
    .synopsis = "ADDR [MESSAGE]...",
    .summary = "send each MESSAGE, or standard input, as a datagram",
    .description = "\
Send each MESSAGE as one datagram to ADDR (unixgram:PATH,\n\
abstract-dgram:NAME, udp:HOST:PORT); with none, all of standard input is\n\
one datagram.  A message larger than the socket takes is an error that\n\
names the limit.\n",
    .operands = "ADDR MESSAGE", .min = 1, .max = IPC_MANY },
  { "recv", NULL, verb_recv,
    .synopsis = "ADDR",
    .summary = "bind ADDR and print the datagrams that come, each with a "
    "newline",
    .description = "\
Bind the datagram socket ADDR, take COUNT datagrams (default 1), whole\n\
whatever their size, and print each followed by a newline (-0: a NUL).\n\
A socket file is made with mode 0600 unless --mode, and removed at the\n\
end.  -t limits the whole wait: status 124 when COUNT did not come.\n\
Start a sender once --ready has told that ADDR is bound.\n",
    .options = recv_options, .operands = "ADDR", .min = 1, .max = 1 },
  { "send-fd", NULL, verb_send_fd,
    .synopsis = "ADDR fd:N",
    .summary = "pass the open descriptor N over the Unix socket ADDR",
    .description = "\
Connect to the Unix socket ADDR and pass it descriptor N (SCM_RIGHTS),\n\
for 'ipc-sock recv-fd' or any receiver of SCM_RIGHTS.\n",
    .operands = "ADDR fd:N", .min = 2, .max = 2 },
  { "recv-fd", NULL, verb_recv_fd,
    .synopsis = "ADDR -- COMMAND [ARG]...",
    .summary = "receive a descriptor on ADDR and run COMMAND with it as "
    "descriptor N",
    .description = "\
Bind the Unix socket ADDR, receive one descriptor (SCM_RIGHTS), and run\n\
COMMAND in our place with it as descriptor N (default 3).  Anything else\n\
that came is closed.  On unix: and abstract:, every connection is taken\n\
as it comes and the first that sends is read: one that sends nothing\n\
holds nothing up, one that --allow-uid refuses is closed, one that closes\n\
without a descriptor is a failure.  The socket file is removed at the\n\
end, also at TERM, INT, HUP.  Status is COMMAND's, 124 when nothing came\n\
within -t, or 125, 126, 127 as timeout(1) says.\n",
    .options = recv_fd_options, .operands = "ADDR", .min = 1, .max = 1,
    .flags = IPC_VERB_RUNS_COMMAND },
  { "ls", "list", verb_ls,
    .summary = "list the sockets in use, with their processes and peers",
    .description = "\
List every Unix, TCP and UDP socket of the system (/proc/net), with the\n\
processes that have it open (/proc/PID/fd) and its peer: the processes\n\
at the other end of a connected Unix socket (from sock_diag), the remote\n\
address of an IP socket.  Other users' processes are missing unless we\n\
may look into them.  With --pid, the sockets that those processes hold.\n",
    IPC_TABLE_LS_VERB (columns) },
  { "stat", "info", verb_stat,
    .synopsis = "ADDR",
    .summary = "show the socket that listens, or is bound, at ADDR",
    .description = "\
Show the socket listening at the stream address ADDR, or bound at the\n\
datagram address ADDR, as COLUMN: value lines (or JSON with -J); status 1\n\
if there is none.\n",
    IPC_TABLE_VERB (columns),
    .operands = "ADDR", .min = 1, .max = 1 },
  { 0 }
};

static struct ipc_command const command = {
  .summary = "Connect, listen, and pass datagrams and descriptors over "
  "sockets.",
  .verbs = verbs,
  .exit_status = "\
Exit status:\n\
  0    done\n\
  1    failed (refused, no such socket, permission, I/O error)\n\
  2    usage error (bad option or address: nothing is created)\n\
  124  timed out\n\
listen --exec and recv-fd exit with COMMAND's status, 125 when ipc-sock\n\
itself failed, 126 when COMMAND cannot run, 127 when it is not found.\n",
};

int
main (int argc, char **argv)
{
  return ipc_cli_main (&command, argc, argv);
}

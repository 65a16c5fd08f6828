/* ipc-sock -- connect, listen, pass datagrams and descriptors over
   sockets.  */
#include <config.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "quote.h"
#include "xalloc.h"

#include "ipc-addr.h"
#include "ipc-cli.h"
#include "ipc-deadline.h"
#include "ipc-io.h"
#include "ipc-proc.h"
#include "ipc-socket.h"
#include "ipc-sockets.h"
#include "ipc-sysv.h"
#include "ipc-table.h"
#include "ipc-units.h"

#include "ipc-sock.h"

static struct ipc_option const connect_options[] = {
  IPC_OPTION_TIMEOUT, { 0 }
};

static struct ipc_option const wait_options[] = {
  IPC_OPTION_TIMEOUT, { 0 }
};

/* Columns of 'ls' and 'stat': one row per socket.  CONNECTIONS and
   CLIENTS, which only a listener has, are shown by 'stat' and named
   with -o in 'ls' (CONN_FLAGS).  */
enum
{
  COL_ADDR, COL_TYPE, COL_STATE, COL_RECVQ, COL_SENDQ, COL_INODE,
  COL_OWNER, COL_UID, COL_PIDS, COL_PID, COL_COMMAND, COL_PEER, COL_REMOTE,
  COL_PEERINODE, COL_CONNECTIONS, COL_CLIENTS
};
#define SOCK_COLUMNS(conn_flags)                                        \
  [COL_ADDR] = { "ADDR", 0.3, 0, "local address, as an "                \
                 "operand of ipc-sock (empty: not bound)" },            \
  [COL_TYPE] = { "TYPE", 4, 0, "unix, unixgram, unixseq, tcp, tcp6, udp " \
                 "or udp6" },                                           \
  [COL_STATE] = { "STATE", 6, 0, "LISTEN, ESTAB, UNCONN... as ss(8)" }, \
  [COL_RECVQ] = { "RECVQ", 5, IPC_COL_RIGHT | IPC_COL_NUMBER,           \
                  "Recv-Q as ss(8): bytes not yet read; a listener's "  \
                  "connections not yet accepted" },                     \
  [COL_SENDQ] = { "SENDQ", 5, IPC_COL_RIGHT | IPC_COL_NUMBER,           \
                  "Send-Q as ss(8): bytes not yet sent (TCP: not yet "  \
                  "acknowledged); a listener's backlog" },              \
  [COL_INODE] = { "INODE", 5, IPC_COL_RIGHT | IPC_COL_NUMBER,           \
                  "inode number of the socket" },                       \
  [COL_OWNER] = { "OWNER", 6, 0, "the user who made it (its name, or "  \
                  "UID)" },                                             \
  [COL_UID] = { "UID", 5, IPC_COL_RIGHT | IPC_COL_NUMBER | IPC_COL_EXTRA, \
                "the user ID who made it" },                            \
  [COL_PIDS] = { "PIDS", 10, IPC_COL_LIST | IPC_COL_USERS,             \
                 "processes that have it open, PID:COMMAND" },          \
  [COL_PID] = { "PID", 5, IPC_COL_LIST | IPC_COL_NUMBER | IPC_COL_USERS \
                | IPC_COL_EXTRA, "the PIDs of PIDS alone" },            \
  [COL_COMMAND] = { "COMMAND", 8, IPC_COL_LIST | IPC_COL_USERS          \
                    | IPC_COL_EXTRA, "the command names of PIDS alone" }, \
  [COL_PEER] = { "PEER", 10, IPC_COL_LIST | IPC_COL_USERS,              \
                 "the other end: PID:COMMAND of the processes holding " \
                 "a Unix socket's peer or the other end of a TCP "      \
                 "connection within this system (socket:[INODE] if "    \
                 "none is seen), else the remote address of an IP "     \
                 "socket" },                                            \
  [COL_REMOTE] = { "REMOTE", 10, IPC_COL_EXTRA, "remote address of an " \
                   "IP socket" },                                       \
  [COL_PEERINODE] = { "PEERINODE", 5, IPC_COL_RIGHT | IPC_COL_NUMBER    \
                      | IPC_COL_EXTRA, "inode number of the socket at " \
                      "the other end (a Unix socket's peer, a TCP "     \
                      "connection's other end within this system)" },   \
  [COL_CONNECTIONS] = { "CONNECTIONS", 10, IPC_COL_LIST | (conn_flags), \
                        "a listener's connections: the remote address " \
                        "of each (TCP), or socket:[INODE] of the "      \
                        "server's end of each (Unix)" },                \
  [COL_CLIENTS] = { "CLIENTS", 10, IPC_COL_LIST | IPC_COL_USERS         \
                    | (conn_flags), "PID:COMMAND of the processes at "  \
                    "the other end of a listener's connections, within " \
                    "this system" }
static struct ipc_column const columns[] = { SOCK_COLUMNS (IPC_COL_EXTRA) };
static struct ipc_column const stat_columns[] = { SOCK_COLUMNS (0) };

/* What 'ls' selects: -l, --type, --state (null-ended arrays of the
   static names of lib), and the ADDR-PREFIX operands.  */
struct ls_filter
{
  bool listening;
  char const *types[16];
  size_t ntypes;
  char const *states[16];
  size_t nstates;
  char **prefixes;
  size_t nprefixes;
};

#define countof(a) (sizeof (a) / sizeof *(a))

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
        ipc_die ("cannot read the sockets of the system");
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

static int
cmp_pid (void const *a, void const *b)
{
  pid_t x = *(pid_t const *) a, y = *(pid_t const *) b;
  return (x > y) - (x < y);
}

/* The cells of a listener E that only a listener has: its connections,
   and the processes at their other ends (each once).  */
static void
fill_connections (struct ipc_table *t, struct ipc_row *row,
                  struct ipc_sock_entry const *e,
                  struct ipc_sock_entry const *list, size_t n)
{
  pid_t *clients = NULL;
  size_t nclients = 0;
  for (size_t i = 0; i < n; i++)
    {
      struct ipc_sock_entry const *c = &list[i];
      if (!ipc_sockets_accepted_on (e, c))
        continue;
      if (*c->remote)
        ipc_row_add_item (row, COL_CONNECTIONS, c->remote);
      else
        {
          char buf[48];
          snprintf (buf, sizeof buf, "socket:[%ju]", (uintmax_t) c->inode);
          ipc_row_add_item (row, COL_CONNECTIONS, buf);
        }
      struct ipc_sock_entry const *p
        = c->peer_inode ? ipc_sockets_find (list, n, c->peer_inode) : NULL;
      if (p && p->npids && ipc_table_wants (t, COL_CLIENTS))
        {
          clients = xnrealloc (clients, nclients + p->npids,
                               sizeof *clients);
          memcpy (clients + nclients, p->pids, p->npids * sizeof *clients);
          nclients += p->npids;
        }
    }
  if (nclients)
    {
      qsort (clients, nclients, sizeof *clients, cmp_pid);
      size_t k = 0;
      for (size_t i = 0; i < nclients; i++)
        if (k == 0 || clients[k - 1] != clients[i])
          clients[k++] = clients[i];
      ipc_row_add_processes (row, COL_CLIENTS, clients, k);
    }
  free (clients);
}

/* Fill ROW for the socket E of LIST.  UNREADABLE processes could not be
   looked into: who holds E, and its peer, is then unknown.  */
static void
fill_row (struct ipc_table *t, struct ipc_row *row,
          struct ipc_sock_entry const *e,
          struct ipc_sock_entry const *list, size_t n, size_t unreadable)
{
  ipc_row_set (row, COL_ADDR, e->addr);
  ipc_row_set (row, COL_TYPE, e->type);
  ipc_row_set (row, COL_STATE, e->state);
  if (e->has_queues)
    {
      ipc_row_set_uint (row, COL_RECVQ, e->recvq);
      ipc_row_set_uint (row, COL_SENDQ, e->sendq);
    }
  ipc_row_set_uint (row, COL_INODE, e->inode);
  if (e->has_uid)
    {
      char buf[64];
      ipc_row_set (row, COL_OWNER, ipc_owner_string (e->uid, buf,
                                                     sizeof buf));
      ipc_row_set_uint (row, COL_UID, e->uid);
    }
  if (unreadable)
    {
      static int const cols[] = { COL_PIDS, COL_PID, COL_COMMAND };
      for (size_t i = 0; i < countof (cols); i++)
        {
          ipc_row_set_unknown (row, cols[i]);
          ipc_table_partial (t, cols[i], unreadable);
        }
    }
  for (size_t i = 0; i < e->npids && !unreadable; i++)
    {
      char buf[64];
      ipc_row_add_process (row, COL_PIDS, e->pids[i]);
      snprintf (buf, sizeof buf, "%ld", (long) e->pids[i]);
      ipc_row_add_item (row, COL_PID, buf);
      if (ipc_table_wants (t, COL_COMMAND))
        ipc_row_add_item (row, COL_COMMAND,
                          ipc_proc_comm (e->pids[i], buf, sizeof buf));
    }
  if (*e->remote)
    ipc_row_set (row, COL_REMOTE, e->remote);
  if (e->peer_inode)
    ipc_row_set_uint (row, COL_PEERINODE, e->peer_inode);
  struct ipc_sock_entry const *p
    = e->peer_inode ? ipc_sockets_find (list, n, e->peer_inode) : NULL;
  if (p && unreadable)
    {
      ipc_row_set_unknown (row, COL_PEER);
      ipc_table_partial (t, COL_PEER, unreadable);
    }
  else if (p && p->npids)
    ipc_row_add_processes (row, COL_PEER, p->pids, p->npids);
  else if (*e->remote)
    ipc_row_add_keyed_item (row, COL_PEER, "addr", e->remote);
  else if (e->peer_inode)
    {
      char buf[48];
      snprintf (buf, sizeof buf, "socket:[%ju]", (uintmax_t) e->peer_inode);
      ipc_row_add_keyed_number (row, COL_PEER, "inode", buf, e->peer_inode);
    }
  if (e->listening && (ipc_table_wants (t, COL_CONNECTIONS)
                       || ipc_table_wants (t, COL_CLIENTS)))
    fill_connections (t, row, e, list, n);
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

/* Whether NAME is one of the N names of LIST (static strings of lib).  */
static bool
among (char const *name, char const *const *list, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (list[i] == name)
      return true;
  return false;
}

/* Whether E passes the filters of 'ls'.  */
static bool
filtered (struct ls_filter const *f, struct ipc_sock_entry const *e)
{
  /* -l is ss -l: the LISTEN and the CLOSE (UNCONN) states.  */
  if (f->listening && !e->listening && strcmp (e->state, "UNCONN") != 0)
    return false;
  if (f->ntypes && !among (e->type, f->types, f->ntypes))
    return false;
  if (f->nstates && !among (ipc_sockets_state_name (e->state), f->states,
                            f->nstates))
    return false;
  if (!f->nprefixes)
    return true;
  for (size_t i = 0; i < f->nprefixes; i++)
    {
      /* @NAME is abstract:NAME, as an address operand.  */
      char const *p = f->prefixes[i];
      char const *a = e->addr;
      if (*p == '@')
        {
          if (strncmp (a, "abstract:", 9) != 0)
            continue;
          p++, a += 9;
        }
      if (strncmp (a, p, strlen (p)) == 0)
        return true;
    }
  return false;
}

/* Add the comma-separated names of ARG, each as LOOKUP knows it, to
   the N of LIST (once each); OPTION for messages.  */
static void
add_names (char const *option, char const *arg,
           char const *(*lookup) (char const *), char const **list,
           size_t *n)
{
  char *copy = xstrdup (arg);
  char *save = NULL;
  bool any = false;
  for (char *tok = strtok_r (copy, ",", &save); tok;
       tok = strtok_r (NULL, ",", &save))
    {
      char const *name = lookup (tok);
      if (!name)
        ipc_usage_error ("invalid %s argument %s", option, quote (tok));
      if (!among (name, list, *n))
        list[(*n)++] = name;
      any = true;
    }
  if (!any)
    ipc_usage_error ("invalid %s argument %s", option, quote (arg));
  free (copy);
}

static void
ls_option (int c, char const *arg, void *data)
{
  struct ls_filter *f = data;
  switch (c)
    {
    case 'l': f->listening = true; break;
    case TYPE_OPTION:
      add_names ("--type", arg, ipc_sockets_type_name, f->types, &f->ntypes);
      break;
    case STATE_OPTION:
      add_names ("--state", arg, ipc_sockets_state_name, f->states,
                 &f->nstates);
      break;
    }
}

static struct ipc_sock_entry *
scan_or_die (bool with_pids, size_t *n, size_t *unreadable)
{
  struct ipc_sock_entry *list;
  if (ipc_sockets_scan (with_pids, &list, n, unreadable) != 0)
    ipc_die ("cannot read the sockets of the system");
  return list;
}

static int
verb_ls (int argc, char **argv)
{
  struct ipc_table_opts opts;
  struct ls_filter f = { 0 };
  int first = ipc_table_getopt_other (argc, argv, &opts, ls_option, &f);
  f.prefixes = argv + first;
  f.nprefixes = argc - first;
  struct ipc_table *t = ipc_table_new (columns, countof (columns), &opts,
                                       "sockets", false);
  size_t npids, n;
  bool with_users = (ipc_table_wants (t, COL_PIDS)
                     || ipc_table_wants (t, COL_PID)
                     || ipc_table_wants (t, COL_COMMAND)
                     || ipc_table_wants (t, COL_PEER)
                     || ipc_table_wants (t, COL_CLIENTS));
  bool with_pids = ipc_table_pids (t, &npids) || with_users;
  size_t unreadable;
  struct ipc_sock_entry *list = scan_or_die (with_pids, &n, &unreadable);
  for (size_t i = 0; i < n; i++)
    if (filtered (&f, &list[i]) && selected (t, &list[i]))
      fill_row (t, ipc_table_add_row (t), &list[i], list, n,
                with_users ? unreadable : 0);
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
  struct ipc_table *t = ipc_table_new (stat_columns, countof (stat_columns),
                                       &opts, "socket", true);
  size_t n, unreadable;
  struct ipc_sock_entry *list = scan_or_die (true, &n, &unreadable);
  struct ipc_sock_entry const *e = ipc_sockets_at (list, n, &addr);
  if (!e)
    error (IPC_EXIT_FAILURE, 0, "no socket %s at %s",
           ipc_socket_is_stream (&addr) ? "listens" : "is bound",
           quote (text));
  fill_row (t, ipc_table_add_row (t), e, list, n, unreadable);
  ipc_sockets_free (list, n);
  ipc_table_print (t);
  ipc_addr_free (&addr);
  return IPC_EXIT_OK;
}

static struct ipc_option const ls_options[] = {
  IPC_TABLE_OPTIONS,
  IPC_TABLE_PID_OPTION,
  { "listening", 'l', NULL, "only sockets that listen, and those not "
    "connected (UNCONN: datagram sockets), as ss -l" },
  { "type", TYPE_OPTION, "TYPE,...", "only sockets of these types: unix, "
    "unixgram, unixseq, tcp, tcp6, udp, udp6 (repeatable)" },
  { "state", STATE_OPTION, "STATE,...", "only sockets in these states, as "
    "STATE shows them: LISTEN, ESTAB, UNCONN, SYN-SENT, CLOSE-WAIT, "
    "TIME-WAIT... (any case; repeatable)" },
  { 0 }
};

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
system is seen through sock_diag and /proc/net, without a connection, so that a server that\n\
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
without a descriptor is a failure; on a datagram address --allow-uid\n\
drops the datagrams of other senders.  The socket file is removed at the\n\
end, also at TERM, INT, HUP.  Status is COMMAND's, 124 when nothing came\n\
within -t, or 125, 126, 127 as timeout(1) says.\n",
    .options = recv_fd_options, .operands = "ADDR", .min = 1, .max = 1,
    .flags = IPC_VERB_RUNS_COMMAND },
  { "ls", "list", verb_ls,
    .synopsis = "[ADDR-PREFIX]...",
    .summary = "list the sockets in use, with their queues, owners, "
    "processes and peers",
    .description = "\
List every Unix, TCP and UDP socket of the system (Unix sockets from\n\
sock_diag, IP ones from /proc/net, a TCP listener's backlog from\n\
inet_diag), with its queues and owner, the processes that have it open\n\
(/proc/PID/fd) and its peer: the processes at the other end of a\n\
connected Unix socket or of a TCP connection whose two ends are on this\n\
system (over loopback), else the remote address of an IP socket.  Other\n\
users' processes are missing unless we may look into them.  With --pid,\n\
the sockets that those processes hold; with ADDR-PREFIX operands, those\n\
whose ADDR begins with one of them (unix:/run/, tcp:127.0.0.1:, @ for\n\
abstract:); -l, --type and --state select as ss(8) does.\n",
    .options = ls_options, .columns = columns,
    .ncolumns = countof (columns),
    .operands = "ADDR-PREFIX", .min = 0, .max = IPC_MANY },
  { "stat", "info", verb_stat,
    .synopsis = "ADDR",
    .summary = "show the socket that listens, or is bound, at ADDR",
    .description = "\
Show the socket listening at the stream address ADDR, or bound at the\n\
datagram address ADDR, as COLUMN: value lines (or JSON with -J); status 1\n\
if there is none.  For a listener, CONNECTIONS lists the connections\n\
accepted on it (or waiting to be: the remote address of each over TCP,\n\
socket:[INODE] of the server's end of each over Unix, whose PEER 'ls'\n\
shows), and CLIENTS the processes of this system at their other ends.\n",
    IPC_TABLE_VERB (stat_columns),
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

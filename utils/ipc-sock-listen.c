/* ipc-sock listen: accept a connection and relay it, or run a command
   on it, or (--fork) on each connection, in a child of its own.  */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "quote.h"

#include "ipc-io.h"
#include "ipc-run.h"
#include "ipc-serve.h"
#include "ipc-socket.h"
#include "ipc-stop.h"

#include "ipc-sock.h"

#define STRINGIFY(x) #x
#define NUMBER(x) STRINGIFY (x)

struct ipc_option const listen_options[] = {
  { "once", ONCE_OPTION, NULL, "serve one connection, then end (the "
    "default)" },
  { "fork", FORK_OPTION, NULL, "serve every connection, each by its own "
    "COMMAND, at the same time (needs --exec)" },
  { "max-children", MAX_CHILDREN_OPTION, "N", "with --fork, run at most N "
    "COMMANDs at once (default " NUMBER (IPC_SERVE_MAX_CHILDREN) "); "
    "further connections wait in the backlog until one ends" },
  { "exec", EXEC_OPTION, NULL, "run COMMAND with the connection as its "
    "standard input and output, instead of relaying it" },
  IPC_OPTION_MODE,
  ALLOW_UID_OPTION_ENTRY,
  UNLINK_OPTION_ENTRY,
  READY_OPTION_ENTRY,
  { 0 }
};

/* Run CMD with SOCK as its standard input and output, in this process.
   A stdin or stdout that the caller closed is the connection too: the
   command is there to talk to the peer.  */
static noreturn void
exec_on (int sock, char **cmd)
{
  if (ipc_socket_peer_env (sock) != 0)
    ipc_die ("cannot read the peer's address");
  if (dup2 (sock, STDIN_FILENO) < 0 || dup2 (sock, STDOUT_FILENO) < 0)
    ipc_die ("cannot set up the connection for %s", quote (cmd[0]));
  close (sock);
  ipc_run_exec (cmd);
}

/* What the server loop of --fork is given.  */
struct server
{
  struct peer_filter filter;
  char **cmd;
  char const *text;
};

static bool
server_admit (int sock, void *arg)
{
  struct server const *s = arg;
  return peer_allowed (sock, &s->filter);
}

static void
server_child (int sock, void *arg)
{
  struct server const *s = arg;
  /* The socket file is the server's; a stop signal that came for this
     child before COMMAND (our handler, inherited) ends it now.  */
  ipc_at_exit (NULL);
  stops_release ();
  exec_on (sock, s->cmd);
}

/* In BUF of SIZE bytes, " (LIMIT N)" for the system limit behind the
   failure ERR of WHAT ("accept" or "fork"), or "".  */
static char const *
limit_named (char const *what, int err, char *buf, size_t size)
{
  struct rlimit rl;
  *buf = '\0';
  if (err == EMFILE && getrlimit (RLIMIT_NOFILE, &rl) == 0)
    snprintf (buf, size, " (RLIMIT_NOFILE %ju)", (uintmax_t) rl.rlim_cur);
  else if (err == ENFILE)
    snprintf (buf, size, " (fs.file-max)");
  else if (err == EAGAIN && strcmp (what, "fork") == 0
           && getrlimit (RLIMIT_NPROC, &rl) == 0)
    snprintf (buf, size, " (RLIMIT_NPROC %ju)", (uintmax_t) rl.rlim_cur);
  return buf;
}

/* Report, once, what the server loop outlives, naming the limit.  */
static void
server_trouble (char const *what, int err, void *arg)
{
  struct server const *s = arg;
  char limit[64];
  error (0, 0, "cannot %s a connection on %s: %s%s; trying again as "
         "children end, or after a pause",
         strcmp (what, "fork") == 0 ? "fork for" : "accept", quote (s->text),
         strerror (err), limit_named (what, err, limit, sizeof limit));
}

/* Serve every connection on LFD, each in a child, until a stop signal
   ends us.  */
static noreturn void
serve_forever (int lfd, struct server *s, unsigned max_children)
{
  struct ipc_serve srv = { .fd = lfd, .max_children = max_children,
                           .admit = server_admit, .child = server_child,
                           .trouble = server_trouble, .arg = s };
  ipc_serve_fork (&srv);
  if (errno == EINTR && ipc_stop_signal)
    ipc_die_of_signal (ipc_stop_signal);
  ipc_die ("cannot wait for connections on %s", quote (s->text));
}

/* Accept the one connection of --once on LFD that the filter lets in; a
   stop signal removes the socket file and ends us by it.  */
static int
accept_once (int lfd, struct peer_filter const *f, char const *text)
{
  if (ipc_io_set_nonblock (lfd, true) != 0)
    ipc_die ("cannot accept a connection on %s", quote (text));
  for (;;)
    {
      struct pollfd p = { .fd = lfd, .events = POLLIN };
      if (ipc_serve_poll (&p, 1, NULL) < 0)
        {
          if (errno == EINTR && ipc_stop_signal)
            ipc_die_of_signal (ipc_stop_signal);
          ipc_die ("cannot wait for a connection on %s", quote (text));
        }
      int sock = ipc_socket_accept (lfd, NULL);
      if (sock < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
        {
          char limit[64];
          int err = errno;
          error (exit_failure, 0, "cannot accept a connection on %s: %s%s",
                 quote (text), strerror (err),
                 limit_named ("accept", err, limit, sizeof limit));
        }
      if (sock >= 0 && peer_allowed (sock, f))
        return sock;
      if (sock >= 0)
        close (sock);
    }
}

int
verb_listen (int argc, char **argv)
{
  mode_t mode = S_IRUSR | S_IWUSR;
  bool fork_each = false, exec = false, unlink_stale = false;
  struct server s = { .filter = { .check = false } };
  unsigned max_children = IPC_SERVE_MAX_CHILDREN;
  char const *ready_text = NULL;
  int c;
  while ((c = ipc_getopt (argc, argv)) != -1)
    switch (c)
      {
      case FORK_OPTION: fork_each = true; break;
      case MAX_CHILDREN_OPTION:
        max_children = ipc_arg_count ("--max-children", optarg, 1, UINT_MAX);
        break;
      case EXEC_OPTION: exec = true; break;
      case IPC_MODE_OPTION:
        mode = ipc_arg_perms ("--mode", optarg, "a socket file");
        break;
      case ALLOW_UID_OPTION: parse_uid (optarg, &s.filter); break;
      case UNLINK_OPTION: unlink_stale = true; break;
      case READY_OPTION: ready_text = optarg; break;
      }
  if (exec)
    ipc_cli_runs_command ();
  int first = ipc_operands (argc, argv);
  char **cmd = ipc_command (argv);
  char const *text = argv[first];
  struct ipc_addr addr;
  ipc_arg_address (text, STREAM_FORMS, &addr);
  if (cmd && !exec)
    ipc_usage_error ("a command after '--' needs --exec");
  if (exec && (!cmd || !cmd[0]))
    ipc_usage_error ("missing command: use '%s ADDR --exec -- COMMAND'",
                     ipc_verb_name);
  if (fork_each && !exec)
    ipc_usage_error ("--fork needs --exec");
  if (ipc_option_given (MAX_CHILDREN_OPTION) && !fork_each)
    ipc_usage_error ("--max-children applies to --fork");
  if (s.filter.check && addr.kind == IPC_ADDR_TCP)
    ipc_usage_error ("--allow-uid applies to Unix sockets only");
  check_bind_options (&addr);
  int ready_fd = ready_text ? ready_open (ready_text) : -1;
  s.cmd = cmd;
  s.text = text;

  /* Caught from before the bind: a stop signal removes the file.  */
  stops_catch ();
  int lfd = bind_or_die (&addr, text, mode, unlink_stale);
  tell_ready (ready_fd, ready_text, lfd, &addr, text);
  if (fork_each)
    serve_forever (lfd, &s, max_children);

  int sock = accept_once (lfd, &s.filter, text);
  /* Served once: nobody else may connect, and the file goes now, also
     before a command takes our place.  */
  close (lfd);
  remove_bound ();
  stops_release ();
  if (exec)
    exec_on (sock, cmd);
  int status = relay (sock, text);
  ipc_addr_free (&addr);
  return status;
}

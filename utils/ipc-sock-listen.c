/* ipc-sock listen: accept a connection and relay it, or run a command
   on it, or (--fork) on each connection, in a child of its own.  */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "quote.h"

#include "ipc-run.h"
#include "ipc-serve.h"
#include "ipc-socket.h"
#include "ipc-stop.h"

#include "ipc-sock.h"

struct ipc_option const listen_options[] = {
  { "once", ONCE_OPTION, NULL, "serve one connection, then end (the "
    "default)" },
  { "fork", FORK_OPTION, NULL, "serve every connection, each by its own "
    "COMMAND, at the same time (needs --exec)" },
  { "exec", EXEC_OPTION, NULL, "run COMMAND with the connection as its "
    "standard input and output, instead of relaying it" },
  IPC_OPTION_MODE,
  { "allow-uid", ALLOW_UID_OPTION, "USER", "accept only peers running as "
    "USER (a name or a number; Unix sockets); others are closed at once" },
  UNLINK_OPTION_ENTRY,
  { "ready", READY_OPTION, "fd:N", "once connections are accepted, write "
    "the address (with the port that was bound) and a newline to "
    "descriptor N, and close it" },
  { 0 }
};

/* Parse USER of --allow-uid, a name or a number.  */
static uid_t
parse_uid (char const *text)
{
  struct passwd *pw = getpwnam (text);
  if (pw)
    return pw->pw_uid;
  return ipc_arg_count ("--allow-uid", text, 0, (uid_t) -2);
}

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

/* Whether the peer of SOCK may stay, as --allow-uid says.  */
static bool
peer_allowed (int sock, bool check, uid_t allowed)
{
  if (!check)
    return true;
  pid_t pid;
  uid_t uid;
  gid_t gid;
  if (ipc_socket_peer_cred (sock, &pid, &uid, &gid) != 0)
    {
      error (0, errno, "cannot read a peer's credentials: refused");
      return false;
    }
  if (uid == allowed)
    return true;
  error (0, 0, "refused a peer running as UID %lu (PID %ld)",
         (unsigned long) uid, (long) pid);
  return false;
}

/* What the server loop of --fork is given.  */
struct server
{
  bool check_uid;
  uid_t uid;
  char **cmd;
};

static bool
server_admit (int sock, void *arg)
{
  struct server const *s = arg;
  return peer_allowed (sock, s->check_uid, s->uid);
}

static void
server_child (int sock, void *arg)
{
  struct server const *s = arg;
  ipc_at_exit (NULL);
  exec_on (sock, s->cmd);
}

static void
server_trouble (char const *what, int err, void *arg)
{
  (void) arg;
  error (0, err, "cannot %s for a connection", what);
}

/* Serve every connection on LFD with CMD, each in a child, until a stop
   signal ends us.  */
static noreturn void
serve_forever (int lfd, bool check_uid, uid_t uid, char **cmd)
{
  struct server s = { .check_uid = check_uid, .uid = uid, .cmd = cmd };
  struct ipc_serve srv = { .fd = lfd, .admit = server_admit,
                           .child = server_child,
                           .trouble = server_trouble, .arg = &s };
  ipc_serve_fork (&srv);
  if (errno == EINTR && ipc_stop_signal)
    ipc_die_of_signal (ipc_stop_signal);
  ipc_die ("cannot wait for connections");
}

int
verb_listen (int argc, char **argv)
{
  mode_t mode = S_IRUSR | S_IWUSR;
  bool fork_each = false, exec = false, unlink_stale = false;
  bool check_uid = false;
  uid_t uid = 0;
  char const *ready_text = NULL;
  int c;
  while ((c = ipc_getopt (argc, argv)) != -1)
    switch (c)
      {
      case FORK_OPTION: fork_each = true; break;
      case EXEC_OPTION: exec = true; break;
      case IPC_MODE_OPTION: mode = ipc_arg_mode ("--mode", optarg); break;
      case ALLOW_UID_OPTION: check_uid = true; uid = parse_uid (optarg);
        break;
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
  if (exec && !cmd)
    ipc_usage_error ("missing command: use '%s ADDR --exec -- COMMAND'",
                     ipc_verb_name);
  if (fork_each && !exec)
    ipc_usage_error ("--fork needs --exec");
  if (check_uid && addr.kind == IPC_ADDR_TCP)
    ipc_usage_error ("--allow-uid applies to Unix sockets only");
  check_bind_options (&addr);
  int ready_fd = ready_text ? ready_open (ready_text) : -1;

  int lfd = bind_or_die (&addr, text, mode, unlink_stale);
  tell_ready (ready_fd, ready_text, lfd, &addr, text);
  if (fork_each)
    serve_forever (lfd, check_uid, uid, cmd);

  int sock;
  do
    if ((sock = ipc_socket_accept (lfd, NULL)) < 0)
      ipc_die ("cannot accept a connection on %s", quote (text));
  while (!peer_allowed (sock, check_uid, uid) && close (sock) == 0);
  /* Served once: nobody else may connect, and the file goes now, also
     before a command takes our place.  */
  close (lfd);
  remove_bound ();
  if (exec)
    exec_on (sock, cmd);
  int status = relay (sock, text);
  ipc_addr_free (&addr);
  return status;
}

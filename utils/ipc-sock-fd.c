/* ipc-sock send-fd and recv-fd: descriptors passed over Unix sockets
   (SCM_RIGHTS).  */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "quote.h"

#include "ipc-deadline.h"
#include "ipc-run.h"
#include "ipc-socket.h"
#include "ipc-stop.h"
#include "ipc-units.h"

#include "ipc-sock.h"

struct ipc_option const recv_fd_options[] = {
  { "as", AS_OPTION, "N", "install the descriptor as N (default 3)" },
  IPC_OPTION_TIMEOUT, IPC_OPTION_MODE, ALLOW_UID_OPTION_ENTRY,
  UNLINK_OPTION_ENTRY, READY_OPTION_ENTRY,
  { 0 }
};

int
verb_send_fd (int argc, char **argv)
{
  int first = ipc_operands (argc, argv);
  char const *text = argv[first], *fd_text = argv[first + 1];
  struct ipc_addr addr, fd_addr;
  ipc_arg_address (text, LOCAL_FORMS, &addr);
  ipc_arg_address (fd_text, A (FD), &fd_addr);
  if (fcntl (fd_addr.fd, F_GETFD) < 0)
    ipc_die ("cannot send %s", quote (fd_text));
  int sock = connect_or_die (&addr, text, IPC_DURATION_INFINITE,
                             "connect to");
  if (ipc_socket_send_fd (sock, fd_addr.fd) != 0)
    ipc_die ("cannot send %s to %s", quote_n (0, fd_text), quote_n (1, text));
  close (sock);
  ipc_addr_free (&addr);
  ipc_addr_free (&fd_addr);
  return IPC_EXIT_OK;
}

/* ipc_socket_take_fd's filter of connections: --allow-uid.  */
static bool
admit (pid_t pid, uid_t uid, void *arg)
{
  return cred_allowed (pid, uid, arg);
}

int
verb_recv_fd (int argc, char **argv)
{
  struct timespec timeout = IPC_DURATION_INFINITE;
  mode_t mode = S_IRUSR | S_IWUSR;
  int as = 3;
  struct peer_filter filter = { .check = false };
  char const *ready_text = NULL;
  int c;
  while ((c = ipc_getopt (argc, argv)) != -1)
    switch (c)
      {
      case AS_OPTION: as = ipc_arg_count ("--as", optarg, 0, INT_MAX); break;
      case 't': timeout = ipc_arg_duration ("--timeout", optarg); break;
      case IPC_MODE_OPTION:
        mode = ipc_arg_perms ("--mode", optarg, "a socket file");
        break;
      case ALLOW_UID_OPTION: parse_uid (optarg, &filter); break;
      case READY_OPTION: ready_text = optarg; break;
      }
  int first = ipc_operands (argc, argv);
  char **cmd = ipc_command (argv);
  char const *text = argv[first];
  struct ipc_addr addr;
  ipc_arg_address (text, LOCAL_FORMS, &addr);
  bool stream = ipc_socket_is_stream (&addr);
  check_bind_options (&addr);
  int ready_fd = ready_text ? ready_open (ready_text) : -1;
  /* Caught from before the bind: a stop signal removes the file.  */
  stops_catch ();
  int sock = bind_or_die (&addr, text, mode, ipc_option_given (UNLINK_OPTION));
  /* Before anyone is told to send: a datagram sent before this has no
     credentials to check.  */
  if (filter.check && !stream && ipc_socket_pass_cred (sock) != 0)
    ipc_die ("cannot ask for the credentials of senders to %s",
             quote (text));
  tell_ready (ready_fd, ready_text, sock, &addr, text);
  struct ipc_deadline d;
  ipc_deadline_start (&d, timeout);
  int fd = ipc_socket_take_fd (sock, stream, &d, filter.check ? admit : NULL,
                               &filter);
  if (fd < 0)
    {
      if (errno == EINTR && ipc_stop_signal)
        ipc_die_of_signal (ipc_stop_signal);
      if (errno == EBADMSG)
        error (exit_failure, 0, "cannot receive from %s: no descriptor came "
               "(or too many)", quote (text));
      if (errno == ECONNRESET)
        error (exit_failure, 0, "cannot receive from %s: no descriptor came "
               "(the peer closed the connection)", quote (text));
      ipc_die ("cannot receive from %s", quote (text));
    }
  close (sock);
  remove_bound ();
  stops_release ();
  /* dup2 onto itself keeps close-on-exec: clear it in both cases.  */
  if ((fd != as && dup2 (fd, as) < 0)
      || fcntl (as, F_SETFD, 0) != 0)
    ipc_die ("cannot install the descriptor as %d", as);
  if (fd != as)
    close (fd);
  ipc_run_exec (cmd);
}

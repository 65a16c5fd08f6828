/* What the verbs of ipc-sock share (ipc-sock.h): binding and the removal
   of the socket file, --ready, --allow-uid, the stop signals of a server
   waiting for its peer, and the messages of a failed connect.  */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <pwd.h>
#include <sys/stat.h>

#include "error.h"
#include "quote.h"
#include "xalloc.h"

#include "ipc-deadline.h"
#include "ipc-socket.h"
#include "ipc-stop.h"

#include "ipc-sock.h"

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
  return cred_allowed (pid, uid, f);
}

bool
cred_allowed (pid_t pid, uid_t uid, struct peer_filter const *f)
{
  if (!f->check)
    return true;
  if (pid == 0)
    {
      error (0, 0, "refused a peer whose credentials are unknown");
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


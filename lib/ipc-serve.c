/* A server of one child per connection.  */
#include <config.h>

#include "ipc-serve.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ipc-deadline.h"
#include "ipc-handlers.h"
#include "ipc-io.h"
#include "ipc-socket.h"
#include "ipc-stop.h"

/* SIGCHLD only has to cut the wait short: the loop reaps.  */
static void
on_child (int sig)
{
  (void) sig;
}

/* Block the stop signals, and SIGCHLD if CHLD, keeping the caller's
   mask in *OLD and, in *WAITMASK, the mask to wait with: the caller's
   less those.  */
static int
block_signals (bool chld, sigset_t *old, sigset_t *waitmask)
{
  static int const sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGCHLD };
  size_t n = sizeof sigs / sizeof *sigs - !chld;
  sigset_t block;
  sigemptyset (&block);
  for (size_t i = 0; i < n; i++)
    sigaddset (&block, sigs[i]);
  if (sigprocmask (SIG_BLOCK, &block, old) != 0)
    return -1;
  *waitmask = *old;
  for (size_t i = 0; i < n; i++)
    sigdelset (waitmask, sigs[i]);
  return 0;
}

/* Reap every child that ended; return how many.  */
static unsigned
reap (void)
{
  unsigned n = 0;
  while (waitpid (-1, NULL, WNOHANG) > 0)
    n++;
  return n;
}

enum { BACKOFF_FIRST_MS = 100, BACKOFF_MAX_MS = 2000 };

int
ipc_serve_fork (struct ipc_serve const *s)
{
  sigset_t old, waitmask;
  if (block_signals (true, &old, &waitmask) != 0)
    return -1;
  struct sigaction old_chld;
  int err;
  if (sigaction (SIGCHLD, NULL, &old_chld) != 0)
    {
      err = errno;
      sigprocmask (SIG_SETMASK, &old, NULL);
      errno = err;
      return -1;
    }
  if (ipc_handler_install (SIGCHLD, on_child, 0) < 0
      || ipc_stop_catch () != 0
      || ipc_io_set_nonblock (s->fd, true) != 0)
    goto fail;

  unsigned alive = 0;
  int backoff_ms = 0;           /* > 0: wait that long before accepting */
  char const *told = NULL;      /* the trouble reported, until a success */
  int told_err = 0;
  for (;;)
    {
      unsigned ended = reap ();
      alive = ended < alive ? alive - ended : 0;
      if (ended && backoff_ms > 0)
        /* A child's descriptors and memory are free: try now.  */
        backoff_ms = -backoff_ms;
      if (ipc_stop_signal)
        {
          errno = EINTR;
          goto fail;
        }
      bool full = s->max_children && alive >= s->max_children;
      struct pollfd p = { .fd = full || backoff_ms > 0 ? -1 : s->fd,
                          .events = POLLIN };
      struct timespec pause = { backoff_ms / 1000,
                                backoff_ms % 1000 * 1000000L };
      int r = ppoll (&p, 1, backoff_ms > 0 ? &pause : NULL, &waitmask);
      if (r < 0 && errno != EINTR)
        goto fail;
      if (r == 0 && backoff_ms > 0)
        /* Time to try again; the next failure waits twice as long.  */
        backoff_ms = -backoff_ms;
      if (r <= 0 || !(p.revents & POLLIN))
        continue;

      int sock = ipc_socket_accept (s->fd, NULL);
      char const *what = "accept";
      if (sock >= 0 && s->admit && !s->admit (sock, s->arg))
        {
          close (sock);
          continue;
        }
      if (sock >= 0)
        {
          pid_t pid = fork ();
          if (pid == 0)
            {
              sigaction (SIGCHLD, &old_chld, NULL);
              sigprocmask (SIG_SETMASK, &old, NULL);
              close (s->fd);
              s->child (sock, s->arg);
              _exit (1);
            }
          err = errno;
          close (sock);
          if (pid > 0)
            {
              alive++;
              told = NULL;
              backoff_ms = 0;
              continue;
            }
          what = "fork";
        }
      else
        {
          err = errno;
          if (err == EAGAIN || err == EWOULDBLOCK)
            continue;
        }
      /* Out of descriptors, memory or processes: the next try may fit,
         once a child has ended or a while has passed.  */
      if (s->trouble && (what != told || err != told_err))
        s->trouble (what, err, s->arg);
      told = what;
      told_err = err;
      backoff_ms = backoff_ms < 0 ? -backoff_ms * 2 : BACKOFF_FIRST_MS;
      if (backoff_ms > BACKOFF_MAX_MS)
        backoff_ms = BACKOFF_MAX_MS;
    }

fail:
  err = errno;
  sigaction (SIGCHLD, &old_chld, NULL);
  sigprocmask (SIG_SETMASK, &old, NULL);
  errno = err;
  return -1;
}

int
ipc_serve_poll (struct pollfd *fds, nfds_t n, struct ipc_deadline const *d)
{
  sigset_t old, waitmask;
  if (block_signals (false, &old, &waitmask) != 0)
    return -1;
  int r;
  for (;;)
    {
      if (ipc_stop_signal)
        {
          errno = EINTR;
          r = -1;
          break;
        }
      struct timespec left, *t = NULL;
      if (d && !d->infinite)
        {
          left = ipc_deadline_left (d);
          t = &left;
        }
      r = ppoll (fds, n, t, &waitmask);
      if (r == 0)
        {
          errno = ETIMEDOUT;
          r = -1;
          break;
        }
      if (r > 0 || errno != EINTR)
        break;
    }
  int err = errno;
  sigprocmask (SIG_SETMASK, &old, NULL);
  errno = err;
  return r;
}

/* Running a command the way timeout(1) reports it.  */
#include <config.h>

#include "ipc-run.h"

#include <errno.h>
#include <stdio.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"
#include "quote.h"

#include "ipc-cli.h"
#include "ipc-handlers.h"

noreturn void
ipc_run_exec (char *const *argv)
{
  execvp (argv[0], argv);
  int saved = errno;
  error (0, saved, "cannot run %s", quote (argv[0]));
  exit (saved == ENOENT ? IPC_EXIT_ENOENT : IPC_EXIT_CANNOT_INVOKE);
}

int
ipc_run_status (int wstatus)
{
  if (WIFEXITED (wstatus))
    return WEXITSTATUS (wstatus);
  if (WIFSIGNALED (wstatus))
    return 128 + WTERMSIG (wstatus);
  return IPC_EXIT_CANCELED;
}

/* The child that ipc_run_wait waits for, for forward_signal.  */
static volatile pid_t running_child;

static void
forward_signal (int sig)
{
  if (running_child > 0)
    kill (running_child, sig);
}

/* Start ARGV in a child with signal mask MASK; return its PID, or -1
   with errno set (ENOENT: not found; EAGAIN, ENOMEM: no child).
   posix_spawnp shares our memory with the child until it execs, where
   fork copied our page tables: a tenth of a millisecond of 'ipc-sem run'
   (2026-11).  It does not run a script without "#!" through the shell as
   execvp does, so such a command (ENOEXEC) takes the fork path.  */
static pid_t
spawn (char *const *argv, sigset_t const *mask)
{
  posix_spawnattr_t attr;
  int err = posix_spawnattr_init (&attr);
  if (err == 0)
    {
      posix_spawnattr_setsigmask (&attr, mask);
      posix_spawnattr_setflags (&attr, POSIX_SPAWN_SETSIGMASK);
      pid_t pid;
      err = posix_spawnp (&pid, argv[0], NULL, &attr, argv, environ);
      posix_spawnattr_destroy (&attr);
      if (err == 0)
        return pid;
    }
  if (err != ENOEXEC)
    {
      errno = err;
      return -1;
    }
  pid_t pid = fork ();
  if (pid == 0)
    {
      sigprocmask (SIG_SETMASK, mask, NULL);
      ipc_run_exec (argv);
    }
  if (pid < 0)
    errno = EAGAIN;
  return pid;
}

int
ipc_run_wait (char *const *argv)
{
  static int const signals[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM,
                                 SIGUSR1, SIGUSR2 };
  enum { NSIGNALS = sizeof signals / sizeof *signals };
  struct sigaction old[NSIGNALS];
  sigset_t block, mask;
  sigemptyset (&block);
  for (int i = 0; i < NSIGNALS; i++)
    {
      sigaction (signals[i], NULL, &old[i]);
      if (ipc_handler_install (signals[i], forward_signal,
                               IPC_HANDLER_UNLESS_IGNORED) < 0)
        error (IPC_EXIT_CANCELED, errno, "cannot install a signal handler");
      sigaddset (&block, signals[i]);
    }
  /* Until the parent knows the child's PID, a signal must wait, so that
     it reaches the child; the child starts with the caller's mask, and
     exec gives it the default action wherever we have a handler.  */
  sigprocmask (SIG_BLOCK, &block, &mask);
  pid_t pid = spawn (argv, &mask);
  int saved = errno;
  running_child = pid;
  sigprocmask (SIG_SETMASK, &mask, NULL);

  int status;
  if (pid < 0)
    {
      error (0, saved, "cannot run %s", quote (argv[0]));
      status = (saved == ENOENT ? IPC_EXIT_ENOENT
                : saved == EAGAIN || saved == ENOMEM ? IPC_EXIT_CANCELED
                : IPC_EXIT_CANNOT_INVOKE);
    }
  else
    {
      int wstatus;
      while (waitpid (pid, &wstatus, 0) < 0)
        if (errno != EINTR)
          {
            error (0, errno, "cannot wait for %s", quote (argv[0]));
            wstatus = -1;
            break;
          }
      status = wstatus == -1 ? IPC_EXIT_CANCELED : ipc_run_status (wstatus);
    }
  running_child = 0;
  for (int i = 0; i < NSIGNALS; i++)
    sigaction (signals[i], &old[i], NULL);
  return status;
}

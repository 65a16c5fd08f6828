/* Running a command the way timeout(1) reports it.  */
#include <config.h>

#include "ipc-run.h"

#include <errno.h>
#include <stdio.h>
#include <signal.h>
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
     it reaches the child; the child starts with the caller's actions and
     mask, as if we had not been there.  */
  sigprocmask (SIG_BLOCK, &block, &mask);
  pid_t pid = fork ();
  if (pid == 0)
    {
      for (int i = 0; i < NSIGNALS; i++)
        sigaction (signals[i], &old[i], NULL);
      sigprocmask (SIG_SETMASK, &mask, NULL);
      ipc_run_exec (argv);
    }
  int saved = errno;
  running_child = pid;
  sigprocmask (SIG_SETMASK, &mask, NULL);

  int status;
  if (pid < 0)
    {
      error (0, saved, "cannot fork");
      status = IPC_EXIT_CANCELED;
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

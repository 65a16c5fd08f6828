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

int
ipc_run_wait (char *const *argv)
{
  /* The child reports its own exec failure; its 126/127 status says which.  */
  pid_t pid = fork ();
  if (pid < 0)
    {
      error (0, errno, "cannot fork");
      return IPC_EXIT_CANCELED;
    }
  if (pid == 0)
    ipc_run_exec (argv);

  int wstatus;
  while (waitpid (pid, &wstatus, 0) < 0)
    if (errno != EINTR)
      {
        error (0, errno, "cannot wait for %s", quote (argv[0]));
        return IPC_EXIT_CANCELED;
      }
  return ipc_run_status (wstatus);
}

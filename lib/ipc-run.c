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
#include "exitfail.h"
#include "quote.h"

#include "ipc-cli.h"
#include "ipc-proc.h"
#include "ipc-stop.h"

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

/* The child that ipc_run_hold waits for, for on_guarded.  */
static volatile pid_t running_child;

/* The handler of the guarded signals: passed on to COMMAND while it
   runs, noted otherwise (for ipc_stop_guard_block).  */
static void
on_guarded (int sig)
{
  if (running_child > 0)
    kill (running_child, sig);
  else
    ipc_stop_signal = sig;
}

/* Add to SET glibc's own signals (SIGCANCEL and SIGSETXID, from
   __SIGRTMIN below SIGRTMIN) that the caller did not leave ignored.
   glibc's posix_spawn sets every signal that is not in the set of
   POSIX_SPAWN_SETSIGDEF and has a handler to SIG_DFL in the child, as
   exec does, but those two to SIG_IGN, which then survives exec: COMMAND
   would start with signals 32 and 33 ignored, where a command we exec
   has them as the caller gave them to us.  glibc's sigaction refuses
   them, so their action is read from /proc/self/status (SigIgn), and
   sigaddset refuses them too, so their bits are set by hand.  */
static void
add_libc_signals (sigset_t *set)
{
#if defined __GLIBC__ && defined __SIGRTMIN
  struct ipc_proc_status st;
  if (ipc_proc_status (getpid (), &st) != 0)
    st.sigign = 0;
  enum { BITS = 8 * sizeof set->__val[0] };
  for (int sig = __SIGRTMIN; sig < SIGRTMIN; sig++)
    if (!(st.sigign >> (sig - 1) & 1))
      set->__val[(sig - 1) / BITS] |= 1UL << ((sig - 1) % BITS);
#else
  (void) set;
#endif
}

/* Start ARGV in a child with the caller's signal mask and actions as G
   saved them; return its PID, or -1 with errno set (ENOENT: not found;
   EAGAIN, ENOMEM: no child).  Our handlers become SIG_DFL in the child
   (they were installed only where the caller had SIG_DFL).
   posix_spawnp shares our memory with the child until it execs, where
   fork copied our page tables: a tenth of a millisecond of 'ipc-sem run'
   (2026-11).  It does not run a script without "#!" through the shell as
   execvp does, so such a command (ENOEXEC) takes the fork path.  */
static pid_t
spawn (char *const *argv, struct ipc_stop_guard const *g)
{
  posix_spawnattr_t attr;
  int err = posix_spawnattr_init (&attr);
  if (err == 0)
    {
      sigset_t dfl;
      sigemptyset (&dfl);
      add_libc_signals (&dfl);
      posix_spawnattr_setsigmask (&attr, &g->mask);
      posix_spawnattr_setsigdefault (&attr, &dfl);
      posix_spawnattr_setflags (&attr, (POSIX_SPAWN_SETSIGMASK
                                        | POSIX_SPAWN_SETSIGDEF));
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
      /* exec resets our handlers, and glibc's, to SIG_DFL.  */
      sigprocmask (SIG_SETMASK, &g->mask, NULL);
      ipc_run_exec (argv);
    }
  if (pid < 0)
    errno = EAGAIN;
  return pid;
}

/* Run ARGV in a child and wait for it, the guarded signals blocked on
   entry and on return, passed on to the child in between.  */
static int
run_child (char *const *argv, struct ipc_stop_guard const *g)
{
  /* Until the parent knows the child's PID, a signal must wait, so that
     it reaches the child.  */
  pid_t pid = spawn (argv, g);
  int saved = errno;
  running_child = pid;
  sigprocmask (SIG_SETMASK, &g->mask, NULL);
  if (pid < 0)
    {
      ipc_stop_guard_block (g);
      error (0, saved, "cannot run %s", quote (argv[0]));
      return (saved == ENOENT ? IPC_EXIT_ENOENT
              : saved == EAGAIN || saved == ENOMEM ? IPC_EXIT_CANCELED
              : IPC_EXIT_CANNOT_INVOKE);
    }

  /* Wait for its end without reaping it, so that a signal passed on
     meanwhile never reaches another process that got its PID.  */
  siginfo_t info;
  int r;
  while ((r = waitid (P_PID, pid, &info, WEXITED | WNOWAIT)) != 0
         && errno == EINTR)
    continue;
  saved = errno;
  ipc_stop_guard_block (g);
  running_child = 0;
  int wstatus = 0;
  if (r == 0)
    {
      while ((r = waitpid (pid, &wstatus, 0)) < 0 && errno == EINTR)
        continue;
      saved = errno;
    }
  if (r < 0)
    {
      error (0, saved, "cannot wait for %s", quote (argv[0]));
      return IPC_EXIT_CANCELED;
    }
  return ipc_run_status (wstatus);
}

int
ipc_run_hold (struct ipc_hold const *hold, char *const *argv)
{
  struct ipc_stop_guard g;
  running_child = 0;
  if (ipc_stop_guard_begin (&g, on_guarded) != 0)
    error (exit_failure, errno, "cannot install a signal handler");
  if (hold && hold->take (hold->arg, &ipc_stop_signal) != 0)
    {
      int err = errno;
      int sig = ipc_stop_guard_block (&g);
      ipc_stop_guard_end (&g);
      if (sig)
        ipc_die_of_signal (sig);
      errno = err;
      return -1;
    }
  int sig = ipc_stop_guard_block (&g);
  int status = IPC_EXIT_OK;
  if (argv && !sig)
    {
      status = run_child (argv, &g);
      sig = ipc_stop_guard_block (&g);
    }
  if (hold && (argv || sig) && hold->give (hold->arg) != 0)
    {
      error (0, errno, "%s", hold->give_failed);
      status = exit_failure;
    }
  ipc_stop_guard_end (&g);
  if (sig)
    ipc_die_of_signal (sig);
  return status;
}

int
ipc_run_wait (char *const *argv)
{
  return ipc_run_hold (NULL, argv);
}

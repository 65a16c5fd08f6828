/* Signals as IPC.  */
#include <config.h>

#include "ipc-signal.h"

#include <errno.h>
#include <stddef.h>
#include <sys/resource.h>

enum ipc_signal_action
ipc_signal_default_action (int sig)
{
  switch (sig)
    {
    case SIGQUIT: case SIGILL: case SIGTRAP: case SIGABRT: case SIGBUS:
    case SIGFPE: case SIGSEGV: case SIGXCPU: case SIGXFSZ: case SIGSYS:
      return IPC_SIGNAL_CORE;
    case SIGCHLD: case SIGURG: case SIGWINCH:
      return IPC_SIGNAL_IGN;
    case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
      return IPC_SIGNAL_STOP;
    case SIGCONT:
      return IPC_SIGNAL_CONT;
    default:
      return IPC_SIGNAL_TERM;
    }
}

char const *
ipc_signal_action_name (enum ipc_signal_action action)
{
  static char const *const names[] = {
    [IPC_SIGNAL_TERM] = "Term", [IPC_SIGNAL_CORE] = "Core",
    [IPC_SIGNAL_IGN] = "Ign", [IPC_SIGNAL_STOP] = "Stop",
    [IPC_SIGNAL_CONT] = "Cont"
  };
  return names[action];
}

bool
ipc_signal_reserved (int sig)
{
  return SIGSYS < sig && sig < SIGRTMIN;
}

bool
ipc_signal_blockable (int sig)
{
  return (1 <= sig && sig <= SIGRTMAX && sig != SIGKILL && sig != SIGSTOP
          && !ipc_signal_reserved (sig));
}

int
ipc_signal_send (pid_t target, int sig, int const *value)
{
  if (target == 0 || target == -1 || (value && target < 0))
    {
      errno = EINVAL;
      return -1;
    }
  if (value)
    return sigqueue (target, sig, (union sigval) { .sival_int = *value });
  return kill (target, sig);
}

int
ipc_signal_queue_limit (pid_t pid, uintmax_t *limit)
{
  struct rlimit rl;
  if (prlimit (pid, RLIMIT_SIGPENDING, NULL, &rl) != 0)
    return -1;
  *limit = rl.rlim_cur;
  return 0;
}

int
ipc_signal_take (sigset_t const *set, struct ipc_deadline const *deadline,
                 siginfo_t *info, volatile sig_atomic_t const *stop)
{
  for (;;)
    {
      int sig;
      if (!deadline || deadline->infinite)
        sig = sigwaitinfo (set, info);
      else
        {
          /* Recomputed after each EINTR, so that handlers that keep
             interrupting cannot stretch the wait.  */
          struct timespec left = ipc_deadline_left (deadline);
          sig = sigtimedwait (set, info, &left);
        }
      if (sig > 0)
        return sig;
      if (errno == EAGAIN)
        {
          errno = ETIMEDOUT;
          return -1;
        }
      if (errno != EINTR || (stop && *stop))
        return -1;
    }
}

bool
ipc_signal_has_sender (siginfo_t const *info)
{
  switch (info->si_code)
    {
    case SI_USER: case SI_QUEUE: case SI_TKILL: case SI_MESGQ:
      return true;
    default:
      /* CLD_EXITED...: the child's PID and UID.  */
      return info->si_signo == SIGCHLD && 0 < info->si_code
             && info->si_code != SI_KERNEL;
    }
}

bool
ipc_signal_has_value (siginfo_t const *info)
{
  switch (info->si_code)
    {
    case SI_QUEUE: case SI_TIMER: case SI_MESGQ: case SI_ASYNCIO:
      return true;
    default:
      return false;
    }
}

bool
ipc_signal_sender_verified (siginfo_t const *info)
{
  /* The kernel refuses rt_sigqueueinfo and rt_tgsigqueueinfo with a code
     of 0 or more, or SI_TKILL, to any process but the caller.  */
  return info->si_code >= 0 || info->si_code == SI_TKILL;
}

/* Stop signals.  */
#include <config.h>

#include "ipc-stop.h"

#include <errno.h>
#include <string.h>

#include "ipc-handlers.h"

volatile sig_atomic_t ipc_stop_signal;

static int const stop_signals[] = { SIGINT, SIGTERM, SIGHUP };

int const ipc_stop_guard_signals[IPC_STOP_GUARD_NSIGNALS] = {
  SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2
};

static void
on_stop_signal (int sig)
{
  ipc_stop_signal = sig;
}

int
ipc_stop_catch (void)
{
  for (size_t i = 0; i < sizeof stop_signals / sizeof *stop_signals; i++)
    if (ipc_handler_install (stop_signals[i], on_stop_signal,
                             IPC_HANDLER_UNLESS_IGNORED) < 0)
      return -1;
  return 0;
}

int
ipc_stop_guard_begin (struct ipc_stop_guard *g, void (*handler) (int))
{
  sigemptyset (&g->guarded);
  if (sigprocmask (SIG_BLOCK, NULL, &g->mask) != 0)
    return -1;
  for (int i = 0; i < IPC_STOP_GUARD_NSIGNALS; i++)
    {
      int sig = ipc_stop_guard_signals[i];
      sigaddset (&g->guarded, sig);
      if (sigaction (sig, NULL, &g->actions[i]) != 0
          || ipc_handler_install (sig, handler ? handler : on_stop_signal,
                                  (IPC_HANDLER_INTERRUPT
                                   | IPC_HANDLER_UNLESS_IGNORED)) < 0)
        {
          int err = errno;
          while (i-- > 0)
            sigaction (ipc_stop_guard_signals[i], &g->actions[i], NULL);
          errno = err;
          return -1;
        }
    }
  return 0;
}

int
ipc_stop_guard_block (struct ipc_stop_guard const *g)
{
  sigprocmask (SIG_BLOCK, &g->guarded, NULL);
  if (ipc_stop_signal)
    return ipc_stop_signal;
  sigset_t pending;
  if (sigpending (&pending) == 0)
    for (int i = 0; i < IPC_STOP_GUARD_NSIGNALS; i++)
      {
        int sig = ipc_stop_guard_signals[i];
        if (sigismember (&pending, sig) && !sigismember (&g->mask, sig)
            && g->actions[i].sa_handler != SIG_IGN)
          return sig;
      }
  return 0;
}

void
ipc_stop_guard_end (struct ipc_stop_guard const *g)
{
  int err = errno;
  for (int i = 0; i < IPC_STOP_GUARD_NSIGNALS; i++)
    sigaction (ipc_stop_guard_signals[i], &g->actions[i], NULL);
  sigprocmask (SIG_SETMASK, &g->mask, NULL);
  errno = err;
}

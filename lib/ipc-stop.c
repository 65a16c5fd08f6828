/* Stop signals.  */
#include <config.h>

#include "ipc-stop.h"

#include <stdlib.h>

#include "ipc-handlers.h"

volatile sig_atomic_t ipc_stop_signal;

static int const stop_signals[] = { SIGINT, SIGTERM, SIGHUP };

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

void
ipc_stop_die (void)
{
  int sig = ipc_stop_signal;
  signal (sig, SIG_DFL);
  sigset_t set;
  sigemptyset (&set);
  sigaddset (&set, sig);
  sigprocmask (SIG_UNBLOCK, &set, NULL);
  raise (sig);
  /* Only if the signal could not kill: the status a shell would show.  */
  exit (128 + sig);
}

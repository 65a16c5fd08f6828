/* Stop signals.  */
#include <config.h>

#include "ipc-stop.h"

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

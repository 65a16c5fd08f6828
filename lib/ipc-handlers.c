/* Installing our signal handlers.  */
#include <config.h>

#include "ipc-handlers.h"

#include <signal.h>
#include <string.h>

int
ipc_handler_install (int sig, void (*handler) (int sig), unsigned flags)
{
  struct sigaction sa;
  if (flags & IPC_HANDLER_UNLESS_IGNORED)
    {
      if (sigaction (sig, NULL, &sa) != 0)
        return -1;
      if (sa.sa_handler == SIG_IGN)
        return 0;
    }
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sigemptyset (&sa.sa_mask);
  sa.sa_flags = (flags & IPC_HANDLER_INTERRUPT) ? 0 : SA_RESTART;
  return sigaction (sig, &sa, NULL) == 0 ? 1 : -1;
}

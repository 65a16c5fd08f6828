/* Stop signals: SIGINT, SIGTERM and SIGHUP asking a verb that takes
   things from somewhere (messages, datagrams, signals) to end, after it
   has written out what it took.  Killed at once, it would lose what it
   had taken and not yet written; it ends with ipc_die_of_signal
   (ipc-cli.h) once it has.  Never prints, never exits.  */
#ifndef IPC_STOP_H
#define IPC_STOP_H

#include <signal.h>

/* The stop signal that came, or 0.  */
extern volatile sig_atomic_t ipc_stop_signal;

/* Catch the stop signals that are not ignored, so that they set
   ipc_stop_signal.  The handlers have SA_RESTART (ipc-handlers.h): a
   write in progress goes on instead of being cut, so a wait that must
   end at a stop signal is one the kernel never restarts (poll, msgrcv,
   sigtimedwait), or ipc_deadline_call with ipc_stop_signal as its STOP.
   Return 0, or -1 with errno set.  */
int ipc_stop_catch (void);

#endif

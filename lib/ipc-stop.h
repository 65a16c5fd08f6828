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

/* Guarding what a signal must not take away: something taken that the
   kernel does not give back when we die (a POSIX semaphore's slots), from
   before it is taken until it is given back.

   The guarded signals are those a user, a shell or a service manager
   sends to end a process, and that ipc_run_wait passes on to its
   command: SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1 and SIGUSR2 (SIGKILL
   cannot be guarded).  The protocol, which lib/ipc-run's ipc_run_hold
   follows:

   1. ipc_stop_guard_begin, then the blocking take, which a guarded
      signal interrupts (EINTR: the handler has no SA_RESTART) and which
      then gives back what it took and fails (STOP of ipc_sem_wait);
   2. ipc_stop_guard_block as soon as the take returns: a guarded signal
      that came in between was caught, one that comes later waits;
   3. what was taken is held (a command may run meanwhile, with the
      caller's mask and actions), then given back, with the signals
      blocked;
   4. ipc_stop_guard_end, then, if a guarded signal came,
      ipc_die_of_signal: only then may it end the process.

   A signal that the caller ignores is left ignored, one that it blocks
   stays blocked (and is not reported), as the caller wanted.

   One moment is not covered: a guarded signal caught after the take
   last looked at *STOP and before it entered its blocking call does not
   interrupt that call, so the take goes on until it succeeds (or times
   out), and then gives back and dies.  Nothing is lost; the signal only
   takes effect late (a second one interrupts the wait at once).  */
enum { IPC_STOP_GUARD_NSIGNALS = 6 };
extern int const ipc_stop_guard_signals[IPC_STOP_GUARD_NSIGNALS];

struct ipc_stop_guard
{
  sigset_t mask;                /* the caller's signal mask */
  sigset_t guarded;             /* the guarded signals */
  /* The caller's actions of ipc_stop_guard_signals.  */
  struct sigaction actions[IPC_STOP_GUARD_NSIGNALS];
};

/* Save the caller's mask and actions in G, and catch the guarded signals
   that it does not ignore with HANDLER, without SA_RESTART; a null
   HANDLER is one that sets ipc_stop_signal.  Return 0, or -1 with errno
   set, and then the actions are the caller's again.  */
int ipc_stop_guard_begin (struct ipc_stop_guard *g, void (*handler) (int));

/* Block the guarded signals (on top of the current mask).  Return the
   guarded signal that has come: ipc_stop_signal if set, else one that is
   pending and that the caller's mask does not block, else 0.  A pending
   one stays pending until ipc_stop_guard_end.  */
int ipc_stop_guard_block (struct ipc_stop_guard const *g);

/* Restore the caller's actions of the guarded signals, then its mask: a
   guarded signal still pending is then delivered as the caller would
   have had it (by default, it ends the process).  Keeps errno.  */
void ipc_stop_guard_end (struct ipc_stop_guard const *g);

#endif

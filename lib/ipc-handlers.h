/* Signals restart our writes (SPEC section 7: signals and EINTR never
   corrupt or drop data).

   A handler installed without SA_RESTART makes a write(2) that is
   blocked on a full pipe or a slow terminal fail with EINTR, and stdio
   then drops what it had buffered: recv lost messages to SIGTERM, a
   progress timer failed a copy.  So every handler of ours is installed
   here, with SA_RESTART unless the caller says why not.

   What SA_RESTART restarts, by signal(7): read, write, open of a FIFO,
   flock and F_SETLKW, mq_send and mq_receive (also the timed ones),
   sem_wait, wait.  What it never restarts: poll, select, nanosleep,
   msgsnd, msgrcv, semop, sigtimedwait.  So a handler that must END a
   wait (recv's stop signals, the deadline's SIGALRM) either waits in
   poll/a timed call and checks its flag, or is installed with
   IPC_HANDLER_INTERRUPT, and then every write made while it may fire
   must go through a loop of its own that retries EINTR, not
   through stdio.  The deadline's SIGALRM is lib/ipc-deadline's own
   business: do not install a handler for SIGALRM here while a deadline
   is armed.  Like the rest of lib, this never prints.  */
#ifndef IPC_HANDLERS_H
#define IPC_HANDLERS_H

enum
{
  /* Without SA_RESTART: the signal interrupts blocking calls (EINTR).  */
  IPC_HANDLER_INTERRUPT = 1 << 0,
  /* Leave a signal that the caller set to SIG_IGN ignored, as nohup(1)
     expects of the stop signals (SIGHUP, SIGINT, SIGTERM).  */
  IPC_HANDLER_UNLESS_IGNORED = 1 << 1
};

/* Install HANDLER for SIG with FLAGS (IPC_HANDLER_*), with SIG itself
   blocked while HANDLER runs and the other signals not.  Return 1 when
   installed, 0 when left ignored (IPC_HANDLER_UNLESS_IGNORED), or -1
   with errno set.  */
int ipc_handler_install (int sig, void (*handler) (int sig), unsigned flags);

#endif

/* Running a command the way timeout(1) reports it (SPEC section 5).  */
#ifndef IPC_RUN_H
#define IPC_RUN_H

#include <stdnoreturn.h>

/* Replace this process with ARGV (execvp), keeping open descriptors such
   as a lock's.  If that fails, report it and exit 127 when the command was
   not found, else 126.  */
noreturn void ipc_run_exec (char *const *argv);

/* Run ARGV in a child and wait for it, as its parent: for a command that
   must hold something of ours that the kernel does not give back by
   itself (a POSIX semaphore's slot).  While it runs, the signals that
   would end us (HUP, INT, QUIT, TERM, USR1, USR2) are passed on to it
   instead, as timeout(1) does, so that we outlive it and can clean up;
   those that the caller ignores stay ignored, for the child too.  Our
   handlers are restored when it ends.  The child is started with
   posix_spawnp (no copy of our page tables), and a failure to run it is
   reported by us, not by a child.  Return its exit status, 128+N if
   signal N killed it, 126/127 if it could not be executed, or 125 if the
   child could not be created (reported).  */
int ipc_run_wait (char *const *argv);

/* The timeout(1) status of a wait(2) status.  */
int ipc_run_status (int wstatus);

#endif

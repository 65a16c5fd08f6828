/* Running a command the way timeout(1) reports it (SPEC section 5).  */
#ifndef IPC_RUN_H
#define IPC_RUN_H

#include <signal.h>
#include <stdnoreturn.h>

/* Replace this process with ARGV (execvp), keeping open descriptors such
   as a lock's.  If that fails, report it and exit 127 when the command was
   not found, else 126.  */
noreturn void ipc_run_exec (char *const *argv);

/* What a holder takes and gives back, for ipc_run_hold: something that
   the kernel does not give back when we die (a POSIX semaphore's slot).
   TAKE (ARG, STOP) takes it, blocking, and when interrupted by a signal
   while *STOP is set gives back what it took and fails with EINTR; GIVE
   (ARG) gives it back.  Both return 0, or -1 with errno set.  GIVE_FAILED
   is the message printed (with errno's reason) when GIVE fails.  */
struct ipc_hold
{
  int (*take) (void *arg, volatile sig_atomic_t const *stop);
  int (*give) (void *arg);
  void *arg;
  char const *give_failed;
};

/* Take with HOLD, then run ARGV (unless null) in a child as
   ipc_run_wait does, and give back when it ends; with a null ARGV, keep
   what was taken.  The signals of ipc-stop.h's guard (HUP, INT, QUIT,
   TERM, USR1, USR2) can never end us while something is held: one that
   comes during the take ends it (nothing held), one that comes from the
   take until COMMAND has started, or after it has ended, makes us give
   back what we took (also with a null ARGV) and then die of that signal
   (ipc_die_of_signal); while COMMAND runs they are passed on to it.  So
   only SIGKILL loses what was taken.  Return -1 with errno set when the
   take failed (nothing is held); otherwise COMMAND's status as
   ipc_run_wait gives it (0 without ARGV), or, when GIVE failed (reported
   with HOLD's message), exit_failure.  A null HOLD takes nothing.  */
int ipc_run_hold (struct ipc_hold const *hold, char *const *argv);

/* Run ARGV in a child and wait for it, as its parent: for a command that
   must hold something of ours that the kernel does not give back by
   itself (through ipc_run_hold).  While it runs, the signals that
   would end us (HUP, INT, QUIT, TERM, USR1, USR2) are passed on to it
   instead, as timeout(1) does, so that we outlive it and can clean up;
   those that the caller ignores stay ignored, for the child too.  The
   child starts with exactly the caller's signal mask and actions, as a
   command we exec would (also glibc's own signals, which its
   posix_spawn would leave ignored).  Our handlers are restored when it
   ends; one of those signals that came while no child ran ends us, as
   it would have without the handlers.  The child is started with
   posix_spawnp (no copy of our page tables), and a failure to run it is
   reported by us, not by a child.  Return its exit status, 128+N if
   signal N killed it, 126/127 if it could not be executed, or 125 if the
   child could not be created (reported).  */
int ipc_run_wait (char *const *argv);

/* The timeout(1) status of a wait(2) status.  */
int ipc_run_status (int wstatus);

#endif

/* Signals as IPC: what each one does by default, sending one to a
   process or a process group (with a payload through sigqueue), and
   taking signals synchronously: blocked first, then dequeued with
   sigtimedwait, so that none is lost between two waits and no handler
   races with the waiter.  Never prints, never exits; -1 with errno set
   on failure, a timeout being ETIMEDOUT.  */
#ifndef IPC_SIGNAL_H
#define IPC_SIGNAL_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "ipc-deadline.h"

/* The default actions of signal(7).  */
enum ipc_signal_action
{
  IPC_SIGNAL_TERM,              /* terminate the process */
  IPC_SIGNAL_CORE,              /* terminate and dump core */
  IPC_SIGNAL_IGN,               /* ignore */
  IPC_SIGNAL_STOP,              /* stop the process */
  IPC_SIGNAL_CONT               /* continue it if stopped */
};

/* The default action of signal SIG (1 to SIGRTMAX): real-time signals
   and those Linux does not name terminate.  */
enum ipc_signal_action ipc_signal_default_action (int sig);

/* "Term", "Core", "Ign", "Stop", "Cont", as signal(7) writes them.  */
char const *ipc_signal_action_name (enum ipc_signal_action action);

/* Whether SIG can be blocked, so taken with ipc_signal_take: all but
   KILL, STOP, and the signals between SIGSYS and SIGRTMIN that the C
   library keeps for itself (its sigprocmask never blocks them).  */
bool ipc_signal_blockable (int sig);

/* Whether SIG is one of those that the C library keeps for itself.  */
bool ipc_signal_reserved (int sig);

/* Send SIG (0: only check that TARGET exists and may be signalled) to
   TARGET as kill(2) reads it: a process when above 0, the process group
   -TARGET when below -1.  0 and -1 (our own group, every process) are
   refused with EINVAL: a caller who means them says so elsewhere.  With
   VALUE not null, send it as the signal's payload (sigqueue(3)), which
   reaches a process only: a group is EINVAL.  kill(2)'s and sigqueue's
   errors: ESRCH, EPERM, EAGAIN (too many queued signals).  */
int ipc_signal_send (pid_t target, int sig, int const *value);

/* The soft RLIMIT_SIGPENDING of process PID into *LIMIT: the bound on
   the signals queued for its real user, which the kernel checks against
   the receiver's limit (EAGAIN of ipc_signal_send with a VALUE).  -1
   with errno (EPERM: another user's process) when it cannot be read;
   *LIMIT is RLIM_INFINITY when unlimited.  */
int ipc_signal_queue_limit (pid_t pid, uintmax_t *limit);

/* Take one signal of SET, which the caller has blocked, into *INFO:
   return its number.  Wait for one until DEADLINE (null: for ever; an
   expired deadline: do not wait).  The timeout is sigtimedwait's own, so
   it works whatever the caller's signal mask and SIGALRM action are.  A
   signal handler that runs meanwhile (EINTR) restarts the wait, unless
   STOP is not null and *STOP set: then -1 with EINTR.  -1 with
   ETIMEDOUT when none came in time.  */
int ipc_signal_take (sigset_t const *set,
                     struct ipc_deadline const *deadline, siginfo_t *info,
                     volatile sig_atomic_t const *stop);

/* Whether INFO, taken by ipc_signal_take, says who sent it (si_pid and
   si_uid are meaningful: kill, sigqueue, tgkill, a message queue's
   notification, a child's SIGCHLD), and whether it carries a payload
   (si_value: sigqueue, timers, message queues, asynchronous I/O).  */
bool ipc_signal_has_sender (siginfo_t const *info);
bool ipc_signal_has_value (siginfo_t const *info);

/* Whether the kernel filled in the sender of INFO itself: kill(2)
   (SI_USER), tkill and tgkill (SI_TKILL), and the codes above 0 that only
   the kernel sends (a child's SIGCHLD, SI_KERNEL).  The others, SI_QUEUE
   (sigqueue) among them, come through rt_sigqueueinfo(2), which lets
   the sender write any si_pid, si_uid and si_code below 0 but SI_TKILL:
   their sender is only claimed.  */
bool ipc_signal_sender_verified (siginfo_t const *info);

#endif

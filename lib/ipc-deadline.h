/* Deadlines of the blocking verbs (-t DUR, -n).  A deadline is taken on
   CLOCK_MONOTONIC when the wait starts, so a slow start-up or a clock
   change does not stretch it.  */
#ifndef IPC_DEADLINE_H
#define IPC_DEADLINE_H

#include <signal.h>
#include <stdbool.h>
#include <time.h>
#include <sys/time.h>

struct ipc_deadline
{
  bool infinite;
  struct timespec at;        /* CLOCK_MONOTONIC */
};

/* Start a deadline TIMEOUT from now (IPC_DURATION_INFINITE: none).  */
void ipc_deadline_start (struct ipc_deadline *d, struct timespec timeout);

/* Whether the deadline has passed.  */
bool ipc_deadline_expired (struct ipc_deadline const *d);

/* What is left, rounded up, in milliseconds for poll(2): -1 when
   infinite, 0 when expired, at most INT_MAX.  */
int ipc_deadline_poll_ms (struct ipc_deadline const *d);

/* What is left, never negative (0 when expired); only meaningful when
   not infinite.  For the calls that take a relative timeout
   (sigtimedwait).  */
struct timespec ipc_deadline_left (struct ipc_deadline const *d);

/* The deadline on CLOCK_REALTIME for mq_timedsend, sem_timedwait...;
   only meaningful when not infinite.  */
struct timespec ipc_deadline_realtime (struct ipc_deadline const *d);

/* T rounded up to whole microseconds, for setitimer: a timer must never
   fire before the time it stands for.  */
struct timeval ipc_timeval_ceil (struct timespec t);

/* How a timeout waits: the one mechanism of every verb (-t DUR, -n).

   1. Try without blocking first: the uncontended case costs no timer.
   2. Then, for a call that takes a timeout of its own (poll,
      mq_timedreceive, sem_timedwait, semtimedop), pass it
      ipc_deadline_poll_ms or ipc_deadline_realtime; for one that has
      none (flock, F_SETLKW, open of a FIFO, msgsnd, msgrcv), make the
      call through ipc_deadline_call, or between ipc_deadline_arm_alarm
      and ipc_deadline_disarm_alarm.
   3. A timeout is -1 with errno ETIMEDOUT from lib; the command turns
      it into status 124 in one place.

   The alarm is a one-shot ITIMER_REAL timer whose SIGALRM handler does
   nothing, so that the blocking call fails with EINTR.  The caller may
   have left SIGALRM blocked (a python parent, some service managers),
   and then the timer would interrupt nothing: so while armed, and only
   then, SIGALRM is unblocked.  Disarming restores exactly what the
   caller gave us (SPEC 7: a timeout holds whatever signal mask the
   caller left us): the signal mask, SIGALRM's action (SIG_IGN stays
   SIG_IGN for a command we exec) and a SIGALRM that was pending and
   blocked before.  While armed, ITIMER_REAL and SIGALRM belong to the
   deadline: do not run the progress timer (lib/ipc-progress) at the
   same time.  Only one alarm is armed at a time.  */

/* Arm the alarm for D.  Return 0, or -1 with errno set.  Does nothing
   for an infinite deadline.  */
int ipc_deadline_arm_alarm (struct ipc_deadline const *d);

/* Stop the alarm and restore the caller's mask and SIGALRM action.
   Does nothing when not armed.  Keeps errno.  */
void ipc_deadline_disarm_alarm (void);

/* Call FN (ARG), which blocks, until it returns anything but -1 with
   EINTR, with the alarm armed for D.  An EINTR before the deadline (a
   signal of ours) calls FN again, unless STOP is not null and *STOP is
   set (a stop signal's handler sets it): then -1 with EINTR.  Return
   FN's result, or -1 with ETIMEDOUT once D has passed, also when it has
   passed before the call (FN is then not called: try first without
   blocking).  */
int ipc_deadline_call (struct ipc_deadline const *d, int (*fn) (void *arg),
                       void *arg, volatile sig_atomic_t const *stop);

#endif

/* Deadlines of the blocking verbs (-t DUR, -n).  A deadline is taken on
   CLOCK_MONOTONIC when the wait starts, so a slow start-up or a clock
   change does not stretch it.  */
#ifndef IPC_DEADLINE_H
#define IPC_DEADLINE_H

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

/* The deadline on CLOCK_REALTIME for mq_timedsend, sem_timedwait...;
   only meaningful when not infinite.  */
struct timespec ipc_deadline_realtime (struct ipc_deadline const *d);

/* T rounded up to whole microseconds, for setitimer: a timer must never
   fire before the time it stands for.  */
struct timeval ipc_timeval_ceil (struct timespec t);

/* Make a blocking system call that has no timeout of its own (flock,
   F_SETLKW) fail with EINTR when the deadline passes: arm a one-shot
   timer whose SIGALRM handler does nothing.  Disarm when done.  Return 0
   or -1 with errno set.  Does nothing for an infinite deadline.  */
int ipc_deadline_arm_alarm (struct ipc_deadline const *d);
void ipc_deadline_disarm_alarm (void);

#endif

/* Deadlines of the blocking verbs.  */
#include <config.h>

#include "ipc-deadline.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>

#include "timespec.h"

#include "ipc-units.h"

void
ipc_deadline_start (struct ipc_deadline *d, struct timespec timeout)
{
  d->infinite = ipc_duration_is_infinite (timeout);
  if (d->infinite)
    return;
  struct timespec now;
  clock_gettime (CLOCK_MONOTONIC, &now);
  /* timespec_add saturates instead of overflowing.  */
  d->at = timespec_add (now, timeout);
}

/* Time left, never negative.  */
static struct timespec
remaining (struct ipc_deadline const *d)
{
  struct timespec now;
  clock_gettime (CLOCK_MONOTONIC, &now);
  if (timespec_cmp (d->at, now) <= 0)
    return make_timespec (0, 0);
  return timespec_sub (d->at, now);
}

bool
ipc_deadline_expired (struct ipc_deadline const *d)
{
  if (d->infinite)
    return false;
  struct timespec left = remaining (d);
  return left.tv_sec == 0 && left.tv_nsec == 0;
}

int
ipc_deadline_poll_ms (struct ipc_deadline const *d)
{
  if (d->infinite)
    return -1;
  struct timespec left = remaining (d);
  if (left.tv_sec >= INT_MAX / 1000 - 1)
    return INT_MAX;
  /* Round up, so that poll does not return just before the deadline.  */
  return left.tv_sec * 1000 + (left.tv_nsec + 999999) / 1000000;
}

struct timespec
ipc_deadline_realtime (struct ipc_deadline const *d)
{
  struct timespec now;
  clock_gettime (CLOCK_REALTIME, &now);
  return timespec_add (now, remaining (d));
}

struct timeval
ipc_timeval_ceil (struct timespec t)
{
  struct timeval tv = { .tv_sec = t.tv_sec,
                        .tv_usec = (t.tv_nsec + 999) / 1000 };
  if (tv.tv_usec >= 1000000)
    {
      tv.tv_sec++;
      tv.tv_usec -= 1000000;
    }
  return tv;
}

/* The handler exists only so that SIGALRM interrupts the blocking call
   with EINTR instead of killing the process.  */
static void
on_alarm (int sig)
{
  (void) sig;
}

int
ipc_deadline_arm_alarm (struct ipc_deadline const *d)
{
  if (d->infinite)
    return 0;
  struct sigaction sa;
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  sigemptyset (&sa.sa_mask);
  sa.sa_flags = 0;              /* no SA_RESTART: we want EINTR */
  if (sigaction (SIGALRM, &sa, NULL) != 0)
    return -1;

  struct itimerval it;
  memset (&it, 0, sizeof it);
  it.it_value = ipc_timeval_ceil (remaining (d));
  /* A zero it_value would disarm: an expired deadline fires at once.  */
  if (it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0)
    it.it_value.tv_usec = 1;
  /* Fire again every 10 ms in case the first one landed just before the
     process entered the blocking call.  */
  it.it_interval.tv_usec = 10000;
  return setitimer (ITIMER_REAL, &it, NULL);
}

void
ipc_deadline_disarm_alarm (void)
{
  struct itimerval it;
  memset (&it, 0, sizeof it);
  setitimer (ITIMER_REAL, &it, NULL);
  signal (SIGALRM, SIG_DFL);
}

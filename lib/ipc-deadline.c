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

struct timespec
ipc_deadline_left (struct ipc_deadline const *d)
{
  return remaining (d);
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

/* What arming changed, to put back when disarming.  */
static struct
{
  bool armed;
  bool was_pending;             /* SIGALRM blocked and pending before */
  sigset_t mask;                /* the caller's signal mask */
  struct sigaction action;      /* the caller's SIGALRM action */
} saved;

int
ipc_deadline_arm_alarm (struct ipc_deadline const *d)
{
  if (d->infinite || saved.armed)
    return 0;
  sigset_t alrm;
  sigemptyset (&alrm);
  sigaddset (&alrm, SIGALRM);
  if (sigprocmask (SIG_UNBLOCK, NULL, &saved.mask) != 0)
    return -1;
  /* A SIGALRM the caller left pending would reach our handler once
     unblocked: note it, and raise it again when disarming.  */
  sigset_t pending;
  saved.was_pending = (sigismember (&saved.mask, SIGALRM)
                       && sigpending (&pending) == 0
                       && sigismember (&pending, SIGALRM));

  struct sigaction sa;
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  sigemptyset (&sa.sa_mask);
  sa.sa_flags = 0;              /* no SA_RESTART: we want EINTR */
  if (sigaction (SIGALRM, &sa, &saved.action) != 0)
    return -1;
  if (sigprocmask (SIG_UNBLOCK, &alrm, NULL) != 0)
    {
      int e = errno;
      sigaction (SIGALRM, &saved.action, NULL);
      errno = e;
      return -1;
    }
  saved.armed = true;

  struct itimerval it;
  memset (&it, 0, sizeof it);
  it.it_value = ipc_timeval_ceil (remaining (d));
  /* A zero it_value would disarm: an expired deadline fires at once.  */
  if (it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0)
    it.it_value.tv_usec = 1;
  /* Fire again every 10 ms in case the first one landed just before the
     process entered the blocking call.  */
  it.it_interval.tv_usec = 10000;
  if (setitimer (ITIMER_REAL, &it, NULL) != 0)
    {
      int e = errno;
      ipc_deadline_disarm_alarm ();
      errno = e;
      return -1;
    }
  return 0;
}

void
ipc_deadline_disarm_alarm (void)
{
  if (!saved.armed)
    return;
  int e = errno;
  struct itimerval it;
  memset (&it, 0, sizeof it);
  /* Stop the timer while SIGALRM is still unblocked and ours: one that
     fired meanwhile is delivered to on_alarm, not left pending for the
     caller's mask and action.  */
  setitimer (ITIMER_REAL, &it, NULL);
  sigprocmask (SIG_SETMASK, &saved.mask, NULL);
  sigaction (SIGALRM, &saved.action, NULL);
  if (saved.was_pending)
    raise (SIGALRM);            /* blocked again: pending as it was */
  saved.armed = false;
  errno = e;
}

int
ipc_deadline_call (struct ipc_deadline const *d, int (*fn) (void *arg),
                   void *arg, volatile sig_atomic_t const *stop)
{
  if (ipc_deadline_expired (d))
    {
      errno = ETIMEDOUT;
      return -1;
    }
  if (ipc_deadline_arm_alarm (d) != 0)
    return -1;
  int r;
  while ((r = fn (arg)) == -1 && errno == EINTR)
    {
      if (stop && *stop)
        break;
      if (ipc_deadline_expired (d))
        {
          errno = ETIMEDOUT;
          break;
        }
    }
  ipc_deadline_disarm_alarm ();
  return r;
}

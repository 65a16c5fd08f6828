/* A pv(1)-style progress line.  */
#include <config.h>

#include "ipc-progress.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "timespec.h"

#include "ipc-deadline.h"
#include "ipc-handlers.h"

volatile sig_atomic_t ipc_progress_due;

static void
on_progress_signal (int sig)
{
  (void) sig;
  ipc_progress_due = 1;
}

int
ipc_progress_start (struct ipc_progress *p, struct timespec interval,
                    bool redraw)
{
  clock_gettime (CLOCK_MONOTONIC, &p->start);
  p->last = p->start;
  p->last_bytes = 0;
  p->redraw = redraw;
  p->width = 0;
  /* Interrupting: a copy blocked in splice or write must come back to
     redraw the line while the data stalls.  Every write of the copy and
     of the line goes through a loop that retries EINTR.  */
  if (ipc_handler_install (SIGALRM, on_progress_signal,
                           IPC_HANDLER_INTERRUPT) < 0
      || ipc_handler_install (SIGWINCH, on_progress_signal,
                              IPC_HANDLER_INTERRUPT) < 0)
    return -1;
  struct itimerval it;
  memset (&it, 0, sizeof it);
  it.it_interval = ipc_timeval_ceil (interval);
  if (it.it_interval.tv_sec == 0 && it.it_interval.tv_usec == 0)
    {
      errno = EINVAL;
      return -1;
    }
  it.it_value = it.it_interval;
  return setitimer (ITIMER_REAL, &it, NULL);
}

void
ipc_progress_stop (void)
{
  struct itimerval off;
  memset (&off, 0, sizeof off);
  setitimer (ITIMER_REAL, &off, NULL);
}

int
ipc_progress_write (int fd, char const *line, bool wait)
{
  struct pollfd p = { .fd = fd, .events = POLLOUT };
  if (!wait)
    {
      int r;
      while ((r = poll (&p, 1, 0)) < 0 && errno == EINTR)
        continue;
      if (r == 0 || (r > 0 && !(p.revents & POLLOUT)))
        return 1;
    }
  size_t len = strlen (line), done = 0;
  while (done < len)
    {
      ssize_t w = write (fd, line + done, len - done);
      if (w < 0 && errno == EINTR)
        continue;
      if (w < 0 && errno == EAGAIN)
        {
          poll (&p, 1, -1);
          continue;
        }
      if (w <= 0)
        return -1;
      done += w;
    }
  return 0;
}

/* BYTES with three significant digits in binary units, as pv shows them:
   "512B", "1.23KiB", "45.6MiB", "789GiB".  */
static char *
human_size (double bytes, char *buf, size_t size)
{
  static char const units[][4] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB",
                                   "EiB" };
  size_t u = 0;
  while (bytes >= 1000 && u + 1 < sizeof units / sizeof *units)
    {
      bytes /= 1024;
      u++;
    }
  if (u == 0)
    snprintf (buf, size, "%.0f%s", bytes, units[u]);
  else
    snprintf (buf, size, (bytes < 9.995 ? "%.2f%s"
                          : bytes < 99.95 ? "%.1f%s" : "%.0f%s"),
              bytes, units[u]);
  return buf;
}

char *
ipc_progress_line (struct ipc_progress *p, uintmax_t bytes, bool final,
                   char *buf, size_t size)
{
  struct timespec now;
  clock_gettime (CLOCK_MONOTONIC, &now);
  double elapsed = timespectod (timespec_sub (now, p->start));
  double span = timespectod (timespec_sub (now, p->last));
  double avg = elapsed > 0 ? bytes / elapsed : 0;
  double rate = (final ? avg
                 : span > 0 ? (bytes - p->last_bytes) / span : 0);
  char b[16], r[16], a[16];
  long secs = elapsed;
  char line[IPC_PROGRESS_LINE_MAX - 32];
  int len = snprintf (line, sizeof line,
                      "%8s %ld:%02ld:%02ld [%8s/s] [avg %8s/s]",
                      human_size (bytes, b, sizeof b), secs / 3600,
                      secs / 60 % 60, secs % 60,
                      human_size (rate, r, sizeof r),
                      human_size (avg, a, sizeof a));
  if (len < 0)
    len = 0;
  if ((size_t) len >= sizeof line)
    len = sizeof line - 1;
  if (p->redraw)
    /* Spaces over what remains of a longer previous line.  */
    snprintf (buf, size, "\r%s%*s%s", line,
              p->width > len ? p->width - len : 0, "", final ? "\n" : "");
  else
    snprintf (buf, size, "%s\n", line);
  p->width = len;
  p->last = now;
  p->last_bytes = bytes;
  return buf;
}

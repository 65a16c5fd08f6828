/* A pv(1)-style progress line for the verbs that move streams: bytes so
   far, elapsed time, current and average rate, refreshed by a timer even
   while no data moves.  The library formats the line; the command prints
   it.  */
#ifndef IPC_PROGRESS_H
#define IPC_PROGRESS_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Set to 1 every interval (SIGALRM) and when the terminal is resized
   (SIGWINCH) once ipc_progress_start ran: time to print the line.  The
   caller clears it.  Pass it as struct ipc_io_copy's 'stop'.  */
extern volatile sig_atomic_t ipc_progress_due;

struct ipc_progress
{
  struct timespec start, last;  /* CLOCK_MONOTONIC */
  uintmax_t last_bytes;
  bool redraw;                  /* redraw one line with \r (a terminal) */
  int width;                    /* of the last line drawn, for erasing */
};

/* Start the clock and a timer that sets ipc_progress_due every INTERVAL;
   the handlers are installed without SA_RESTART (ipc-handlers.h), so
   that a copy blocked in a system call is interrupted and the line
   refreshed while the data stalls.  REDRAW asks for a line redrawn in place (stderr is a
   terminal) rather than one line per interval.  Return 0, or -1 with
   errno set.  */
int ipc_progress_start (struct ipc_progress *p, struct timespec interval,
                        bool redraw);

/* Stop the timer.  */
void ipc_progress_stop (void);

/* The text to print for BYTES moved so far into BUF of SIZE bytes ("\r"
   and padding included when redrawing; a final newline when FINAL or
   when not redrawing), as "1.23GiB 0:00:05 [ 245MiB/s] [avg  250MiB/s]";
   FINAL gives the average as the rate.  Return BUF.  */
char *ipc_progress_line (struct ipc_progress *p, uintmax_t bytes,
                         bool final, char *buf, size_t size);

/* Write LINE to FD (stderr) with a write loop of its own, so that the
   progress timer's signals never fail it (stdio would give up on EINTR
   and leave stderr in error).  Unless WAIT, skip the line, returning 1,
   when FD has no room for it now: a slow reader of the progress line
   must never stall the copy.  Return 0 when written, or -1 with errno
   set.  */
int ipc_progress_write (int fd, char const *line, bool wait);

/* Room for any line of ipc_progress_line.  */
enum { IPC_PROGRESS_LINE_MAX = 160 };

#endif

/* Moving bytes between descriptors at the speed of the kernel: splice(2)
   when an end is a pipe, a large-buffer loop otherwise, careful reads
   that never consume more than asked, and the capacity of pipes.  These
   functions never print; they return -1 with errno set on failure.  */
#ifndef IPC_IO_H
#define IPC_IO_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* What ipc_io_copy returns.  */
enum ipc_io_status
{
  IPC_IO_ERROR = -1,      /* errno is set; error_fd says which end */
  IPC_IO_DONE = 0,        /* end of input, or the byte or line limit */
  IPC_IO_STOPPED = 1,     /* *stop was set: call again to go on */
  IPC_IO_TIMEDOUT = 2     /* a timed end waited longer than 'idle' */
};

/* Which ends the 'idle' limit applies to.  */
enum
{
  IPC_IO_TIME_IN = 1 << 0,
  IPC_IO_TIME_OUT = 1 << 1
};

/* One copy from IN to OUT.  Set it up with ipc_io_copy_init, change the
   public fields if needed, then call ipc_io_copy until it is not
   IPC_IO_STOPPED, and free it with ipc_io_copy_free.

   A caller that wants to die of SIGPIPE as cat(1) does when the reader
   of OUT goes away keeps SIGPIPE blocked while it copies, and raises it
   on an EPIPE error: splice(2) raises SIGPIPE also when called at the
   end of the input after the reader took everything, which ipc_io_copy
   reports as the end of the input.  */
struct ipc_io_copy
{
  int in, out;
  uintmax_t max_bytes;    /* stop after this many bytes; UINTMAX_MAX: none */
  uintmax_t max_lines;    /* and after this many lines; UINTMAX_MAX: none */
  struct timespec idle;   /* how long a wait of a timed end may last */
  unsigned int timed;     /* IPC_IO_TIME_IN, IPC_IO_TIME_OUT */
  /* When not null and set (by a signal handler), return IPC_IO_STOPPED
     at the next chance; blocking calls are interrupted by the signal if
     its handler was installed without SA_RESTART.  */
  volatile sig_atomic_t const *stop;
  bool no_splice;         /* use the read/write loop even for pipes */

  /* Read by the caller.  */
  uintmax_t bytes;        /* bytes written to OUT so far */
  uintmax_t lines;        /* newlines read, when max_lines is set */
  bool eof;               /* IPC_IO_DONE was the end of input */
  int error_fd;           /* after IPC_IO_ERROR: IN or OUT */

  /* Private.  */
  signed char use_splice; /* -1 until the first call decides */
  long in_capacity;       /* of IN when it is a pipe and we splice, or 0 */
  bool splice_poll_in;    /* poll IN before each splice: not a pipe */
  char *buf;              /* the read/write loop's buffer */
  size_t buf_size;
  size_t pending_off, pending_len;   /* read but not yet written */
  int peek_how;           /* how max_lines reads: see ipc-io.c */
  int peek_pipe[2];       /* for tee(2) */
};

void ipc_io_copy_init (struct ipc_io_copy *c, int in, int out);
enum ipc_io_status ipc_io_copy (struct ipc_io_copy *c);
void ipc_io_copy_free (struct ipc_io_copy *c);

/* Block SIGPIPE when its action is the default one, for the copies
   described above; a SIGPIPE that the caller ignores stays ignored.  */
void ipc_io_sigpipe_hold (void);

/* After an EPIPE error: if ipc_io_sigpipe_hold blocked SIGPIPE, die of
   it now, quietly, as a writer whose reader is gone does.  Otherwise
   return.  */
void ipc_io_sigpipe_deliver (void);

/* Wait until FD is ready for EVENTS (POLLIN, POLLOUT) for at most TIMEOUT
   (IPC_DURATION_INFINITE: no limit).  When STOP is not null and set on
   an interruption, return 1.  Return 0 when ready (or hung up: the next
   read or write tells), 2 when the time is up, -1 on error.  */
int ipc_io_wait (int fd, short events, struct timespec timeout,
                 volatile sig_atomic_t const *stop);

/* Whether a copy from IN to OUT would read back what it writes, and so
   never end: both are the same regular file, there is data left to read,
   and the output lands past the input's position (O_APPEND, or a later
   offset).  cat(1) refuses such a copy ("input file is output file").  */
bool ipc_io_copy_loops (int in, int out);

/* Set or clear O_NONBLOCK on FD.  */
int ipc_io_set_nonblock (int fd, bool nonblock);

/* Whether FD is a pipe or a FIFO.  */
bool ipc_io_is_pipe (int fd);

/* Set the capacity of the pipe FD to at least SIZE bytes (F_SETPIPE_SZ,
   which rounds up to a power of two pages) and return the new capacity,
   or -1 with errno set: EPERM past fs.pipe-max-size or the per-user
   limits, EBUSY when the pipe holds more than SIZE, EINVAL or ERANGE for
   a SIZE the kernel cannot take.  */
long ipc_pipe_set_size (int fd, uint64_t size);

/* The capacity of the pipe FD (F_GETPIPE_SZ), or -1.  */
long ipc_pipe_get_size (int fd);

/* The bytes queued in the pipe FD (FIONREAD), or -1.  */
long ipc_pipe_queued (int fd);

#endif

/* Moving bytes between descriptors at the speed of the kernel.  */
#include <config.h>

#include "ipc-io.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "minmax.h"

#include "ipc-deadline.h"
#include "ipc-units.h"

/* The read/write loop's buffer: large enough that a copy between files
   costs few system calls, small enough to stay in the caches.  */
enum { COPY_BUF_SIZE = 256 * 1024 };

/* How much one splice(2) is asked to move.  The kernel moves what the
   pipes hold or have room for, so a large request costs nothing and lets
   a pipe of any capacity be emptied in one call.  */
enum { SPLICE_CHUNK = 64 * 1024 * 1024 };

/* How a line-limited read finds where the wanted lines end without
   consuming more than them (see read_lines).  */
enum
{
  PEEK_UNKNOWN,       /* not decided yet */
  PEEK_TEE,           /* a pipe: tee(2) a copy into a private pipe */
  PEEK_SEEK,          /* seekable: read a block, seek back past the cut */
  PEEK_SOCKET,        /* a stream socket: recv(MSG_PEEK) */
  PEEK_BYTE           /* anything else: one byte per read */
};

int
ipc_io_wait (int fd, short events, struct timespec timeout,
             volatile sig_atomic_t const *stop)
{
  struct ipc_deadline deadline;
  ipc_deadline_start (&deadline, timeout);
  for (;;)
    {
      struct pollfd p = { .fd = fd, .events = events };
      int r = poll (&p, 1, ipc_deadline_poll_ms (&deadline));
      if (r > 0)
        {
          if (p.revents & POLLNVAL)
            {
              errno = EBADF;
              return -1;
            }
          return 0;
        }
      if (r == 0)
        return 2;
      if (errno != EINTR)
        return -1;
      if (stop && *stop)
        return 1;
    }
}

/* Whether ipc_io_sigpipe_hold blocked SIGPIPE.  */
static bool sigpipe_held;

void
ipc_io_sigpipe_hold (void)
{
  struct sigaction sa;
  if (sigaction (SIGPIPE, NULL, &sa) == 0 && sa.sa_handler == SIG_DFL)
    {
      sigset_t set;
      sigemptyset (&set);
      sigaddset (&set, SIGPIPE);
      sigpipe_held = sigprocmask (SIG_BLOCK, &set, NULL) == 0;
    }
}

void
ipc_io_sigpipe_deliver (void)
{
  if (!sigpipe_held)
    return;
  sigset_t set;
  sigemptyset (&set);
  sigaddset (&set, SIGPIPE);
  /* Pending already if the kernel sent it; raise it in case not.  */
  raise (SIGPIPE);
  sigprocmask (SIG_UNBLOCK, &set, NULL);
}

bool
ipc_io_copy_loops (int in, int out)
{
  struct stat si, so;
  if (fstat (in, &si) != 0 || fstat (out, &so) != 0 || !S_ISREG (si.st_mode)
      || si.st_dev != so.st_dev || si.st_ino != so.st_ino)
    return false;
  off_t in_pos = lseek (in, 0, SEEK_CUR);
  if (in_pos < 0 || in_pos >= si.st_size)
    return false;
  int flags = fcntl (out, F_GETFL);
  if (flags >= 0 && (flags & O_APPEND))
    return true;
  off_t out_pos = lseek (out, 0, SEEK_CUR);
  return out_pos > in_pos;
}

int
ipc_io_set_nonblock (int fd, bool nonblock)
{
  int flags = fcntl (fd, F_GETFL);
  if (flags < 0)
    return -1;
  int want = nonblock ? flags | O_NONBLOCK : flags & ~O_NONBLOCK;
  return want == flags ? 0 : fcntl (fd, F_SETFL, want);
}

bool
ipc_io_is_pipe (int fd)
{
  struct stat st;
  return fstat (fd, &st) == 0 && S_ISFIFO (st.st_mode);
}

void
ipc_io_copy_init (struct ipc_io_copy *c, int in, int out)
{
  *c = (struct ipc_io_copy) {
    .in = in, .out = out,
    .max_bytes = UINTMAX_MAX, .max_lines = UINTMAX_MAX,
    .idle = IPC_DURATION_INFINITE,
    .error_fd = -1,
    .peek_how = PEEK_UNKNOWN,
    .peek_pipe = { -1, -1 },
    .use_splice = -1
  };
}

void
ipc_io_copy_free (struct ipc_io_copy *c)
{
  free (c->buf);
  c->buf = NULL;
  for (int i = 0; i < 2; i++)
    if (c->peek_pipe[i] >= 0)
      {
        close (c->peek_pipe[i]);
        c->peek_pipe[i] = -1;
      }
}

/* Wait until the ends in NEED (IPC_IO_TIME_IN, IPC_IO_TIME_OUT bits, here
   meaning "this end") are ready, after a call returned EAGAIN.  When both
   are asked, which one was not ready is found out by polling both and
   dropping those that are; the idle limit applies while a timed end is
   among those still awaited.  */
static enum ipc_io_status
wait_ends (struct ipc_io_copy *c, unsigned int need)
{
  struct ipc_deadline deadline;
  ipc_deadline_start (&deadline, c->idle);
  while (need)
    {
      struct pollfd p[2];
      unsigned int which[2];
      nfds_t n = 0;
      if (need & IPC_IO_TIME_IN)
        {
          p[n] = (struct pollfd) { .fd = c->in, .events = POLLIN };
          which[n++] = IPC_IO_TIME_IN;
        }
      if (need & IPC_IO_TIME_OUT)
        {
          p[n] = (struct pollfd) { .fd = c->out, .events = POLLOUT };
          which[n++] = IPC_IO_TIME_OUT;
        }
      int timeout = (need & c->timed) ? ipc_deadline_poll_ms (&deadline) : -1;
      int r = poll (p, n, timeout);
      if (r < 0)
        {
          if (errno != EINTR)
            {
              c->error_fd = c->in;
              return IPC_IO_ERROR;
            }
          if (c->stop && *c->stop)
            return IPC_IO_STOPPED;
          continue;
        }
      if (r == 0)
        return IPC_IO_TIMEDOUT;
      for (nfds_t i = 0; i < n; i++)
        if (p[i].revents)
          {
            if (p[i].revents & POLLNVAL)
              {
                c->error_fd = p[i].fd;
                errno = EBADF;
                return IPC_IO_ERROR;
              }
            /* Ready, or hung up or in error: the next call tells.  */
            need &= ~which[i];
          }
    }
  return IPC_IO_DONE;
}

/* The length of the start of BUF (N bytes) that holds at most LINES
   newlines: up to and including the LINES-th one, or all of it.  */
static size_t
line_cut (char const *buf, size_t n, uintmax_t lines)
{
  size_t off = 0;
  while (lines > 0 && off < n)
    {
      char const *nl = memchr (buf + off, '\n', n - off);
      if (!nl)
        return n;
      off = nl - buf + 1;
      lines--;
    }
  return off;
}

static uintmax_t
count_newlines (char const *buf, size_t n)
{
  uintmax_t count = 0;
  for (char const *p = buf, *end = buf + n;
       (p = memchr (p, '\n', end - p)); p++)
    count++;
  return count;
}

/* Decide how read_lines peeks at c->in.  */
static int
choose_peek (struct ipc_io_copy *c)
{
  struct stat st;
  if (fstat (c->in, &st) != 0)
    return -1;
  if (S_ISFIFO (st.st_mode)
      && pipe2 (c->peek_pipe, O_CLOEXEC | O_NONBLOCK) == 0)
    c->peek_how = PEEK_TEE;
  else if (!S_ISFIFO (st.st_mode) && lseek (c->in, 0, SEEK_CUR) >= 0)
    c->peek_how = PEEK_SEEK;
  else
    {
      int type;
      socklen_t len = sizeof type;
      c->peek_how = (S_ISSOCK (st.st_mode)
                     && getsockopt (c->in, SOL_SOCKET, SO_TYPE, &type,
                                    &len) == 0
                     && type == SOCK_STREAM) ? PEEK_SOCKET : PEEK_BYTE;
    }
  return 0;
}

/* Read N bytes that are sure to be in the private pipe of PEEK_TEE.  */
static int
drain_peek (struct ipc_io_copy *c, size_t n)
{
  size_t got = 0;
  while (got < n)
    {
      ssize_t r = read (c->peek_pipe[0], c->buf + got, n - got);
      if (r < 0 && errno == EINTR)
        continue;
      if (r <= 0)
        {
          if (r == 0 || errno == EAGAIN)
            errno = EIO;
          return -1;
        }
      got += r;
    }
  return 0;
}

/* Read at most WANT bytes into c->buf, and no byte past the newline that
   completes c->max_lines lines: the rest must stay in the input for the
   next reader.  A pipe cannot be peeked with read(2), but tee(2) copies
   its head into a private pipe without consuming it; the cut is found in
   that copy, and exactly that much is then read from the input.  Files
   are read ahead and seeked back; stream sockets are peeked with
   MSG_PEEK; anything else is read one byte at a time, slow but exact.
   Return as read(2).  */
static ssize_t
read_lines (struct ipc_io_copy *c, size_t want)
{
  uintmax_t lines = c->max_lines - c->lines;
  if (c->peek_how == PEEK_UNKNOWN && choose_peek (c) != 0)
    return -1;

  ssize_t n;
  size_t cut;
  switch (c->peek_how)
    {
    case PEEK_TEE:
      n = tee (c->in, c->peek_pipe[1], want, SPLICE_F_NONBLOCK);
      if (n <= 0)
        return n;
      if (drain_peek (c, n) != 0)
        return -1;
      /* Another reader of the same FIFO may take bytes in between; then
         this read gets fewer, and the caller counts what it got.  */
      return read (c->in, c->buf, line_cut (c->buf, n, lines));

    case PEEK_SEEK:
      n = read (c->in, c->buf, want);
      if (n <= 0)
        return n;
      cut = line_cut (c->buf, n, lines);
      if (cut < (size_t) n && lseek (c->in, (off_t) cut - n, SEEK_CUR) < 0)
        return -1;
      return cut;

    case PEEK_SOCKET:
      n = recv (c->in, c->buf, want, MSG_PEEK | MSG_DONTWAIT);
      if (n <= 0)
        return n;
      return recv (c->in, c->buf, line_cut (c->buf, n, lines), 0);

    default:
      {
        size_t got = 0;
        while (got < want)
          {
            n = read (c->in, c->buf + got, 1);
            if (n <= 0)
              return got > 0 ? (ssize_t) got : n;
            if (c->buf[got++] == '\n')
              break;
          }
        return got;
      }
    }
}

/* Which end a failed splice(2) is to blame for: errors that only a
   destination gives are the output's, the rest the input's.  */
static int
splice_error_fd (struct ipc_io_copy const *c, int err)
{
  switch (err)
    {
    case EPIPE: case ENOSPC: case EFBIG: case EDQUOT:
      return c->out;
    case EBADF:
      /* A closed standard stream: the end that is not open.  */
      return fcntl (c->out, F_GETFD) < 0 ? c->out : c->in;
    default:
      return c->in;
    }
}

/* After splice(2) failed with EPIPE: whether that was only because the
   input had ended.  splice checks that the output pipe has a reader
   before it looks at the input, so a call made at the end of the input
   fails with EPIPE (and SIGPIPE) when the reader left after reading
   everything, where read(2) would just have returned 0.  Reading one byte
   tells the two apart; it is lost only when it could not be delivered
   anyway.  */
static bool
input_ended (struct ipc_io_copy *c)
{
  for (;;)
    {
      char byte;
      ssize_t n = read (c->in, &byte, 1);
      if (n == 0)
        return true;
      if (n > 0 || (errno != EINTR && errno != EAGAIN))
        return false;
      if (errno == EAGAIN && wait_ends (c, IPC_IO_TIME_IN) != IPC_IO_DONE)
        return false;
    }
}

/* Write what the read/write loop holds.  */
static enum ipc_io_status
flush_pending (struct ipc_io_copy *c)
{
  while (c->pending_len > 0)
    {
      if (c->stop && *c->stop)
        return IPC_IO_STOPPED;
      ssize_t w = write (c->out, c->buf + c->pending_off, c->pending_len);
      if (w < 0)
        {
          if (errno == EINTR)
            continue;
          if (errno == EAGAIN)
            {
              enum ipc_io_status s = wait_ends (c, IPC_IO_TIME_OUT);
              if (s != IPC_IO_DONE)
                return s;
              continue;
            }
          c->error_fd = c->out;
          return IPC_IO_ERROR;
        }
      c->pending_off += w;
      c->pending_len -= w;
      c->bytes += w;
    }
  return IPC_IO_DONE;
}

enum ipc_io_status
ipc_io_copy (struct ipc_io_copy *c)
{
  if (c->use_splice < 0)
    {
      c->use_splice = (!c->no_splice && c->max_lines == UINTMAX_MAX
                       && (ipc_io_is_pipe (c->in)
                           || ipc_io_is_pipe (c->out)));
      /* F_GETPIPE_SZ fails on anything but a pipe: 0 then.  */
      c->in_capacity = (c->use_splice
                        ? MAX (ipc_pipe_get_size (c->in), 0) : 0);
      /* A splice from a socket into a pipe holds the pipe's lock while
         it waits for input (SPLICE_F_NONBLOCK does not change that, only
         the socket's own O_NONBLOCK would): blocked there, it would keep
         the pipe's reader from what the pipe already holds until more
         came or the input ended (a relay's last messages stuck for as
         long as its peer sent nothing more).  So the splice is made only
         once poll, which waits without the lock, says that input is
         there; it then moves what is there and returns.  */
      c->splice_poll_in = c->use_splice && !ipc_io_is_pipe (c->in);
    }
  for (;;)
    {
      enum ipc_io_status s = flush_pending (c);
      if (s != IPC_IO_DONE)
        return s;
      if (c->stop && *c->stop)
        return IPC_IO_STOPPED;
      if (c->bytes >= c->max_bytes || c->lines >= c->max_lines)
        {
          c->eof = false;
          return IPC_IO_DONE;
        }
      uintmax_t left = c->max_bytes - c->bytes;
      unsigned int wait_for = IPC_IO_TIME_IN;
      ssize_t n;

      if (c->use_splice)
        {
          if (c->splice_poll_in)
            {
              s = wait_ends (c, IPC_IO_TIME_IN);
              if (s != IPC_IO_DONE)
                return s;
            }
          n = splice (c->in, NULL, c->out, NULL, MIN (left, SPLICE_CHUNK),
                      SPLICE_F_MOVE | SPLICE_F_MORE);
          if (n > 0)
            {
              c->bytes += n;
              /* We emptied an input pipe that was not full: its writer
                 is behind us.  Going straight back to splice would wake
                 us for every small write it makes, and wake our reader
                 as often; letting a writer that shares our CPU run
                 first makes the batches larger (as pv's select and
                 bookkeeping between two splices do by chance).  On an
                 idle CPU the yield returns at once, so nothing waits.  */
              if (n < c->in_capacity)
                sched_yield ();
              continue;
            }
          if (n < 0 && errno == EINVAL && c->bytes == 0)
            {
              /* An end that cannot splice (a file opened to append, a
                 device without splice support): nothing was moved, so
                 the ordinary loop takes over.  */
              c->use_splice = 0;
              continue;
            }
          if (n < 0 && errno == EPIPE)
            {
              if (input_ended (c))
                {
                  c->eof = true;
                  return IPC_IO_DONE;
                }
              errno = EPIPE;
            }
          /* With a pipe at each end, one end's O_NONBLOCK makes both
             non-blocking: either may be the one that is not ready.  */
          wait_for = IPC_IO_TIME_IN | IPC_IO_TIME_OUT;
          if (n < 0 && errno != EINTR && errno != EAGAIN)
            c->error_fd = splice_error_fd (c, errno);
        }
      else
        {
          if (!c->buf)
            {
              c->buf_size = COPY_BUF_SIZE;
              c->buf = malloc (c->buf_size);
              if (!c->buf)
                {
                  c->error_fd = c->in;
                  return IPC_IO_ERROR;
                }
            }
          size_t want = MIN (left, c->buf_size);
          n = (c->max_lines != UINTMAX_MAX
               ? read_lines (c, want) : read (c->in, c->buf, want));
          if (n > 0)
            {
              if (c->max_lines != UINTMAX_MAX)
                c->lines += count_newlines (c->buf, n);
              c->pending_off = 0;
              c->pending_len = n;
              continue;
            }
          if (n < 0 && errno != EINTR && errno != EAGAIN)
            c->error_fd = c->in;
        }

      if (n == 0)
        {
          c->eof = true;
          return IPC_IO_DONE;
        }
      if (errno == EINTR)
        continue;
      if (errno != EAGAIN)
        return IPC_IO_ERROR;
      s = wait_ends (c, wait_for);
      if (s != IPC_IO_DONE)
        return s;
    }
}

long
ipc_pipe_set_size (int fd, uint64_t size)
{
  if (size > INT_MAX)
    {
      errno = ERANGE;
      return -1;
    }
  return fcntl (fd, F_SETPIPE_SZ, (int) size);
}

long
ipc_pipe_get_size (int fd)
{
  return fcntl (fd, F_GETPIPE_SZ);
}

long
ipc_pipe_queued (int fd)
{
  int n;
  if (ioctl (fd, FIONREAD, &n) != 0)
    return -1;
  return n;
}

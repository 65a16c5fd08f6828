/* Splitting an input stream into delimited records.  */
#include <config.h>

#include "ipc-records.h"

#include <errno.h>
#include <poll.h>
#include <stdckdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "safe-read.h"

#include "ipc-grow.h"
#include "ipc-io.h"
#include "ipc-units.h"

/* Large enough that a read returns many short records at once, and that
   a write takes many of them.  */
enum { BLOCK_SIZE = 64 * 1024 };

int
ipc_records_init (struct ipc_records *r, int fd, char delim, size_t max)
{
  memset (r, 0, sizeof *r);
  r->fd = fd;
  r->delim = delim;
  r->max = max;
  /* Room for the longest record and its delimiter, twice, so that a
     record that straddles two reads is still read in large blocks.  */
  size_t cap = BLOCK_SIZE;
  if (max >= BLOCK_SIZE / 2
      && (ckd_add (&cap, max, 1) || ckd_mul (&cap, cap, 2)))
    {
      errno = ENOMEM;
      return -1;
    }
  r->buf = malloc (cap);
  if (!r->buf)
    return -1;
  r->cap = cap;
  return 0;
}

int
ipc_records_next (struct ipc_records *r, char **rec, size_t *len)
{
  for (;;)
    {
      char *p = r->buf + r->start;
      size_t avail = r->end - r->start;
      char *delim = memchr (p, r->delim, avail);
      size_t n = delim ? (size_t) (delim - p) : avail;
      if (n > r->max)
        {
          errno = EMSGSIZE;
          return -1;
        }
      if (delim || (r->eof && avail > 0))
        {
          *rec = p;
          *len = n;
          r->start += n + (delim != NULL);
          r->count++;
          return 1;
        }
      if (r->eof)
        return 0;
      /* Keep the incomplete record and read after it.  */
      if (r->start > 0)
        {
          memmove (r->buf, p, avail);
          r->end = avail;
          r->start = 0;
        }
      size_t got = safe_read (r->fd, r->buf + r->end, r->cap - r->end);
      if (got == SAFE_READ_ERROR)
        return -1;
      if (got == 0)
        r->eof = true;
      r->end += got;
    }
}

void
ipc_records_free (struct ipc_records *r)
{
  free (r->buf);
  r->buf = NULL;
}

void
ipc_records_out_init (struct ipc_records_out *o, int fd, char delim,
                      bool unbuffered)
{
  *o = (struct ipc_records_out) { .fd = fd, .delim = delim,
                                  .unbuffered = unbuffered };
}

int
ipc_records_out_add (struct ipc_records_out *o, void const *data, size_t n)
{
  size_t need;
  if (ckd_add (&need, o->len, n) || ckd_add (&need, need, 1))
    {
      errno = ENOMEM;
      return -1;
    }
  if (need > o->alloc)
    {
      size_t alloc = o->alloc ? o->alloc : BLOCK_SIZE;
      while (alloc < need)
        if (ckd_mul (&alloc, alloc, 2))
          {
            errno = ENOMEM;
            return -1;
          }
      char *p = realloc (o->buf, alloc);
      if (!p)
        return -1;
      o->buf = p;
      o->alloc = alloc;
    }
  memcpy (o->buf + o->len, data, n);
  o->len += n;
  return 0;
}

bool
ipc_records_out_pending (struct ipc_records_out const *o)
{
  return o->nends > 0;
}

int
ipc_records_out_end (struct ipc_records_out *o)
{
  /* ipc_records_out_add always leaves room for the delimiter.  */
  if (o->len == o->alloc && ipc_records_out_add (o, "", 0) != 0)
    return -1;
  if (ipc_grow (&o->ends, &o->ends_alloc, o->nends, sizeof *o->ends, 64)
      != 0)
    return -1;
  o->buf[o->len++] = o->delim;
  o->ends[o->nends++] = o->len;
  o->taken++;
  if (o->unbuffered || o->len >= BLOCK_SIZE)
    return ipc_records_out_flush (o);
  return 0;
}

int
ipc_records_out_flush (struct ipc_records_out *o)
{
  if (o->nends == 0)
    return 0;
  size_t end = o->ends[o->nends - 1], done = 0;
  int result = 0;
  while (done < end)
    {
      ssize_t w = write (o->fd, o->buf + done, end - done);
      if (w < 0 && errno == EINTR)
        continue;
      if (w < 0 && errno == EAGAIN
          && ipc_io_wait (o->fd, POLLOUT, IPC_DURATION_INFINITE, NULL) == 0)
        continue;
      if (w <= 0)
        {
          if (w == 0)
            errno = EIO;
          result = -1;
          break;
        }
      done += w;
    }
  /* Count the records that went out whole; keep the rest of the buffer
     (a record being built) at its start.  */
  size_t whole = 0;
  while (whole < o->nends && o->ends[whole] <= done)
    whole++;
  o->written += whole;
  if (result == 0)
    {
      memmove (o->buf, o->buf + end, o->len - end);
      o->len -= end;
      o->nends = 0;
    }
  return result;
}

void
ipc_records_out_free (struct ipc_records_out *o)
{
  free (o->buf);
  free (o->ends);
  o->buf = NULL;
  o->ends = NULL;
}

int
ipc_records_receive (struct ipc_receive *r, struct ipc_records_out *o)
{
  struct ipc_deadline deadline;
  struct ipc_deadline const now = { .infinite = false };  /* expired */
  bool timed = !ipc_duration_is_infinite (r->timeout);
  ipc_deadline_start (&deadline, r->timeout);
  r->output_failed = false;
  int result = 0, err = 0;
  while (r->follow || o->taken < r->count)
    {
      if (r->stop && *r->stop)
        {
          result = -1;
          err = EINTR;
          break;
        }
      /* Take what is there without waiting; before waiting, write out
         what was taken, so that a reader downstream sees each record
         before the source runs dry.  */
      bool pending = ipc_records_out_pending (o);
      int t = r->take (r->arg, (pending ? &now
                                : timed ? &deadline : NULL), o);
      if (t != 0 && errno == ETIMEDOUT && pending)
        {
          if (ipc_records_out_flush (o) != 0)
            {
              r->output_failed = true;
              return -1;
            }
          continue;
        }
      if (t != 0)
        {
          result = -1;
          err = errno;
          break;
        }
      if (ipc_records_out_end (o) != 0)
        {
          r->output_failed = errno != ENOMEM;
          return -1;
        }
      if (r->follow && timed)
        ipc_deadline_start (&deadline, r->timeout);
    }
  if (ipc_records_out_flush (o) != 0)
    {
      r->output_failed = true;
      return -1;
    }
  errno = err;
  return result;
}

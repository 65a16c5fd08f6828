/* Splitting an input stream into delimited records.  */
#include <config.h>

#include "ipc-records.h"

#include <errno.h>
#include <stdckdint.h>
#include <stdlib.h>
#include <string.h>

#include "safe-read.h"

/* Large enough that a read returns many short records at once.  */
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

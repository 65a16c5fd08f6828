/* Growing an array one element at a time.  */
#include <config.h>

#include "ipc-grow.h"

#include <errno.h>
#include <stdckdint.h>
#include <stdlib.h>

int
ipc_grow (void *pv, size_t *alloc, size_t n, size_t size, size_t min)
{
  if (n < *alloc)
    return 0;
  /* Half again, not twice: the lists are of processes and descriptors,
     where doubling would mostly reserve memory that is never used.  The
     one more makes a room of 0 or 1 grow too.  */
  size_t grown, bytes;
  if (ckd_add (&grown, *alloc, *alloc / 2 + 1))
    {
      errno = ENOMEM;
      return -1;
    }
  if (grown < min)
    grown = min;
  if (ckd_mul (&bytes, grown, size))
    {
      errno = ENOMEM;
      return -1;
    }
  void *p = realloc (*(void **) pv, bytes);
  if (!p)
    {
      errno = ENOMEM;
      return -1;
    }
  *(void **) pv = p;
  *alloc = grown;
  return 0;
}

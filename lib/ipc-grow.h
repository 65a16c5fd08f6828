/* Growing an array one element at a time, with its size checked for
   overflow.  Never prints or dies: the listings that use it report a
   failure as their own.  */
#ifndef IPC_GROW_H
#define IPC_GROW_H

#include <stddef.h>

/* Make room for one more element in the array *PV (a pointer to the
   array pointer) of N elements of SIZE bytes, with room for *ALLOC:
   when N == *ALLOC, reallocate it with half as much room again and one
   more (at least MIN elements) and update *ALLOC.  Return 0, or -1 with errno
   set to ENOMEM, the array as it was.  */
int ipc_grow (void *pv, size_t *alloc, size_t n, size_t size, size_t min);

#endif

/* Filling a shared mapping from a file: page tables made before the
   copy, and a large regular file read by several threads at once.  */
#ifndef IPC_FILL_H
#define IPC_FILL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Map the pages of [P, P + LEN) of a shared tmpfs or System V mapping
   before a read(2) fills them, instead of a page fault per 4 KiB page
   inside the read.  Failures are left to the read to meet and report;
   a kernel that cannot (before 5.14) clears *USE, which starts true.  */
void ipc_fill_populate (unsigned char *p, size_t len, bool *use);

/* Read LEN bytes of the regular file FD from its offset FROM into DST
   with several threads, each populating and filling its own part, when
   LEN is large enough and the process may run on more than one CPU.
   Return how many bytes from DST on were filled without a gap: LEN, or
   fewer when the file ended early or a read failed (the caller goes on
   from there and meets the end or the error itself), or 0 when no thread
   was worth starting.  FD's offset is not used or moved.  Every signal
   is blocked in the threads, so that signals keep going to the caller.  */
uint64_t ipc_fill_parallel (int fd, off_t from, unsigned char *dst,
                            uint64_t len, bool *use_populate);

#endif

/* Shared memory segments of both kinds, POSIX (shm_open and mmap) and
   System V (shmget and shmat), behind one handle, so that ipc-shm's verbs
   are written once: creating, resizing and removing them, copying bytes
   in and out of the mapping with no buffer of ours in between, and atomic
   64-bit counters in them that processes can wait on with a futex.
   Never prints; returns -1 with errno set on failure.  */
#ifndef IPC_SHM_H
#define IPC_SHM_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "ipc-addr.h"
#include "ipc-deadline.h"
#include "ipc-object.h"
#include "ipc-sysv.h"

/* An open segment: all of it mapped (POSIX) or attached (System V).  */
struct ipc_shm
{
  bool posix;
  int id;                   /* System V: the identifier */
  unsigned char *base;      /* the segment; null when its size is 0 */
  uint64_t size;            /* its size in bytes when it was opened */
};

/* Create the segment ADDR names (POSIX, KEY, FTOK, PRIVATE) of SIZE
   bytes, failing with EEXIST if it exists, with permissions exactly MODE
   whatever the umask.  A POSIX segment is sparse: it takes memory as it
   is written.  Errors of the kernel's limits are passed on as shmget(2)
   and ftruncate(2) give them (EINVAL past kernel.shmmax or below 1 byte,
   ENOSPC past kernel.shmall or kernel.shmmni); a POSIX SIZE larger than
   the file system of /dev/shm is ENOSPC before anything is created.
   When any step fails, nothing is left behind.  *ID receives a System V
   segment's identifier, -1 for a POSIX one.  */
int ipc_shm_create (struct ipc_addr *addr, uint64_t size, mode_t mode,
                    int *id);

/* Remove the segment ADDR names.  A System V segment lives on until its
   last process detaches; a POSIX one until the last unmaps it.  */
int ipc_shm_remove (struct ipc_addr *addr);

/* Set the size of the POSIX segment ADDR names to SIZE bytes: bytes past
   the old end read as zeros, bytes past the new one are gone.  A System V
   segment cannot change size: EINVAL.  */
int ipc_shm_resize (struct ipc_addr *addr, uint64_t size);

/* Open the existing segment ADDR names (POSIX, KEY, ID, FTOK) and map or
   attach all of it, for reading and, when WRITABLE, writing; no
   descriptor stays open.  EFBIG when it is too large for our address
   space.  */
int ipc_shm_open (struct ipc_shm *s, struct ipc_addr *addr, bool writable);

/* Unmap or detach S.  */
void ipc_shm_close (struct ipc_shm *s);

/* Whether [OFFSET, OFFSET + LENGTH) lies within S: 0, or -1 with ERANGE.  */
int ipc_shm_check_range (struct ipc_shm const *s, uint64_t offset,
                         uint64_t length);

/* Read FD until its end, straight into S from OFFSET on, never past the
   end of S.  *COPIED receives the bytes stored, also on failure.  Input
   left over once S is full is EFBIG (one byte of it was consumed to
   know).  Interrupted reads are resumed.  A POSIX segment whose file
   system is full gives ENOSPC (not SIGBUS).  */
int ipc_shm_read_in (struct ipc_shm *s, int fd, uint64_t offset,
                     uint64_t *copied);

/* Write LENGTH bytes of S from OFFSET on to FD, with write(2) from the
   mapping: the reader gets a copy of the bytes as they were when
   written, never references to the segment's pages (as splice(2) or
   vmsplice(2) would give it, which later stores to the segment would
   change).  A pipe FD smaller than LENGTH is grown to 1 MiB where the
   kernel allows, for fewer wake-ups.  ERANGE when the range is not
   within S.  */
int ipc_shm_write_out (struct ipc_shm const *s, int fd, uint64_t offset,
                       uint64_t length);

/* Counters: signed 64-bit integers in a segment, at offsets that are
   multiples of 8, changed atomically (wrapping around on overflow), so
   that processes can share them without a lock.  Every change wakes the
   processes that wait on the word in ipc_counter_wait.  */

/* The word of S at OFFSET: EINVAL when OFFSET is not a multiple of 8,
   ERANGE when the 8 bytes are not within S.  */
int ipc_counter_at (struct ipc_shm const *s, uint64_t offset,
                    int64_t **word);

int64_t ipc_counter_get (int64_t *word);
/* Store VALUE; return it.  */
int64_t ipc_counter_set (int64_t *word, int64_t value);
/* Add DELTA; return the sum.  */
int64_t ipc_counter_add (int64_t *word, int64_t delta);
/* Replace OLD by NEW if the word holds OLD: return whether it did, and
   the value found in *FOUND.  */
bool ipc_counter_cas (int64_t *word, int64_t old, int64_t new,
                      int64_t *found);

/* The conditions of ipc_counter_wait.  */
enum ipc_counter_cond
{
  IPC_COUNTER_EQ,
  IPC_COUNTER_NE,
  IPC_COUNTER_GE,
  IPC_COUNTER_LE
};

/* Whether VALUE satisfies COND against ARG.  */
bool ipc_counter_test (int64_t value, enum ipc_counter_cond cond,
                       int64_t arg);

/* Block until the word satisfies COND against ARG, sleeping on a futex
   that every change of ours wakes (no polling), and return 0 with the
   value that satisfied it in *SEEN.  Signals that interrupt the wait
   resume it.  ETIMEDOUT when DEADLINE (null: none) passes first, with
   the last value in *SEEN; an expired deadline only tests.  */
int ipc_counter_wait (int64_t *word, enum ipc_counter_cond cond, int64_t arg,
                      struct ipc_deadline const *deadline, int64_t *seen);

/* What 'ls' and 'stat' show of a segment: what names it and whose it is,
   as of any object (ipc-object.h), then what only segments have.  */
struct ipc_shm_info
{
  struct ipc_object object;
  uint64_t size;
  uint64_t nattch;          /* System V: processes attached */
  pid_t cpid, lpid;         /* System V: creator, last shmat/shmdt */
  bool removed;             /* System V: removed, still attached (SHM_DEST) */
  bool locked;              /* System V: locked in memory (SHM_LOCKED) */
};

/* Information on the POSIX segment NAME ("/data"), from stat(2) of
   DIR/NAME (DIR is normally IPC_POSIX_SHM_DIR).  */
int ipc_shm_posix_info (char const *name, char const *dir,
                        struct ipc_shm_info *info);

/* Information on the System V segment of ENTRY, a line of
   /proc/sysvipc/shm.  */
void ipc_shm_sysv_info (struct ipc_sysv_entry const *entry,
                        struct ipc_shm_info *info);

#endif

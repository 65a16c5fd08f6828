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

/* An open segment, and the range of it that is mapped (POSIX) or
   attached (System V: always all of it).  */
struct ipc_shm
{
  bool posix;
  bool writable;
  int id;                   /* System V: the identifier */
  int fd;                   /* POSIX: the file, open until ipc_shm_close,
                               to tell after a fault how it changed */
  dev_t dev;                /* POSIX: the file's device and inode */
  ino_t ino;
  uint64_t size;            /* its size in bytes when it was opened */
  unsigned char *map;       /* the mapped range; null when none */
  size_t map_len;
  uint64_t map_off;         /* the offset in the segment of MAP[0] */
  uint64_t now_size;        /* after ENXIO: the size the segment shrank to */
};

/* Errors of the segment's memory, given by the functions below that
   touch it (ipc_shm_read_in, ipc_shm_write_out, the counters) instead of
   a SIGBUS or EFAULT:
     ENXIO   another process made the POSIX segment shorter than the
             range used (ftruncate, 'ipc-shm resize'); its size is then
             in now_size;
     ENOSPC  a page of a POSIX segment that was never written cannot be
             had: the file system of /dev/shm is full;
     ENOMEM  the same for a System V segment: memory is short.  */

/* Create the segment ADDR names (POSIX, KEY, FTOK, PRIVATE) of SIZE
   bytes, failing with EEXIST if it exists, with permissions exactly MODE
   whatever the umask.  A POSIX segment is sparse: it takes memory as it
   is written, and appears at once with its size and mode (never empty
   first, to a process that opens it meanwhile).  Errors of the kernel's
   limits are passed on as shmget(2) and ftruncate(2) give them (EINVAL
   past kernel.shmmax or below 1 byte, ENOSPC past kernel.shmall or
   kernel.shmmni, ENOMEM past what memory and swap can commit); a POSIX
   SIZE larger than the file system of /dev/shm is ENOSPC, and one past
   the largest off_t EFBIG, before anything is created.  When any step
   fails, nothing is left behind.  *ID receives a System V segment's
   identifier, -1 for a POSIX one.  */
int ipc_shm_create (struct ipc_addr *addr, uint64_t size, mode_t mode,
                    int *id);

/* Remove the segment ADDR names.  A System V segment lives on until its
   last process detaches; a POSIX one until the last unmaps it.  */
int ipc_shm_remove (struct ipc_addr *addr);

/* Set the size of the POSIX segment ADDR names to SIZE bytes: bytes past
   the old end read as zeros, bytes past the new one are gone.  A System V
   segment cannot change size: EINVAL.  */
int ipc_shm_resize (struct ipc_addr *addr, uint64_t size);

/* Open the existing segment ADDR names (POSIX, KEY, ID, FTOK), for
   reading and, when WRITABLE, writing, and learn its size; nothing is
   mapped yet (ipc_shm_map, ipc_counter_at).  */
int ipc_shm_open (struct ipc_shm *s, struct ipc_addr *addr, bool writable);

/* Map [OFFSET, OFFSET + LENGTH) of S (from the page that holds OFFSET),
   replacing any range mapped before; a System V segment is attached
   whole, as shmat(2) can only do.  Nothing is mapped when LENGTH is 0.
   ERANGE when the range is not within S; EFBIG when it is larger than
   our address space can ever hold; ENOMEM when the address space is
   short now (RLIMIT_AS, 'ulimit -v', when it is set: see
   ipc_limit_explain and IPC_LIMIT_SHM_MAP).  */
int ipc_shm_map (struct ipc_shm *s, uint64_t offset, uint64_t length);

/* Byte OFFSET of S, which must lie in its mapped range.  */
unsigned char *ipc_shm_byte (struct ipc_shm const *s, uint64_t offset);

/* Whether the open file FD is the segment S itself (a POSIX segment
   given as standard input): reading it into its own mapping would be an
   overlapping copy.  */
bool ipc_shm_is_file (struct ipc_shm const *s, int fd);

/* Unmap or detach S and close its descriptor.  */
void ipc_shm_close (struct ipc_shm *s);

/* Whether [OFFSET, OFFSET + LENGTH) lies within S: 0, or -1 with ERANGE.  */
int ipc_shm_check_range (struct ipc_shm const *s, uint64_t offset,
                         uint64_t length);

/* Read FD until its end, straight into S from OFFSET on (which must be
   mapped up to the end of S), never past the end of S.  *COPIED
   receives the bytes stored, also on failure.  Input left over once S
   is full is EFBIG, found without taking any of it where FD allows: a
   seekable FD is left at the first byte not written, a pipe, socket or
   terminal is waited on and asked what it holds (FIONREAD); only
   another kind of FD loses the one byte read to know.  Interrupted
   reads are resumed; a non-blocking FD is waited on (poll) when it has
   nothing yet.  Faults of the segment's memory as above (ENXIO, ENOSPC,
   ENOMEM).  */
int ipc_shm_read_in (struct ipc_shm *s, int fd, uint64_t offset,
                     uint64_t *copied);

/* Write LENGTH bytes of S from OFFSET on (which must be mapped) to FD,
   with write(2) from the mapping: the reader gets a copy of the bytes
   as they were when written, never references to the segment's pages
   (as splice(2) or vmsplice(2) would give it, which later stores to the
   segment would change).  A pipe FD smaller than LENGTH is grown to
   1 MiB where the kernel allows, for fewer wake-ups.  ERANGE when the
   range is not within S.  *WRITTEN receives the bytes written, also on
   failure.  A fault of the segment's memory (ENXIO, ENOSPC, ENOMEM) is
   told from an error of FD by *SEGMENT_FAULT, set true for it.  */
int ipc_shm_write_out (struct ipc_shm *s, int fd, uint64_t offset,
                       uint64_t length, uint64_t *written,
                       bool *segment_fault);

/* Counters: signed 64-bit integers in a segment, at offsets that are
   multiples of 8, changed atomically (wrapping around on overflow), so
   that processes can share them without a lock.  Every change wakes the
   processes that wait on the word in ipc_counter_wait.

   Every access is guarded: a segment truncated under us, or a page that
   cannot be had, is an error of the segment's memory as above (ENXIO,
   ENOSPC, ENOMEM), never a SIGBUS; a change either happened whole or
   not at all.  A reader (get, wait) of a page that a full /dev/shm
   never gave the segment reads 0, what such a hole holds.  */
struct ipc_counter
{
  struct ipc_shm *s;
  uint64_t offset;
  int64_t *word;
};

/* Map the page of S that holds the word at OFFSET into *C: EINVAL when
   OFFSET is not a multiple of 8, ERANGE when the 8 bytes are not within
   S; the errors of ipc_shm_map.  */
int ipc_counter_at (struct ipc_shm *s, uint64_t offset,
                    struct ipc_counter *c);

/* Each returns 0 and the resulting value in *VALUE, or -1 with errno.  */
int ipc_counter_get (struct ipc_counter *c, int64_t *value);
/* Store V.  */
int ipc_counter_set (struct ipc_counter *c, int64_t v, int64_t *value);
/* Add DELTA; *VALUE receives the sum.  */
int ipc_counter_add (struct ipc_counter *c, int64_t delta, int64_t *value);
/* Replace OLD by NEW if the word holds OLD: *SWAPPED says whether it
   did, *VALUE the value found.  */
int ipc_counter_cas (struct ipc_counter *c, int64_t old, int64_t new,
                     bool *swapped, int64_t *value);

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
   the last value in *SEEN; an expired deadline only tests.  A page that
   a full /dev/shm never gave the segment has no futex to sleep on: it
   is looked at again every 0.1 s until it exists.  A truncation wakes
   no futex: a segment that shrank while we slept is seen at the next
   wake, and when that is the deadline, the result is ETIMEDOUT.  */
int ipc_counter_wait (struct ipc_counter *c, enum ipc_counter_cond cond,
                      int64_t arg, struct ipc_deadline const *deadline,
                      int64_t *seen);

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

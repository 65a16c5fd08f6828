/* The locks on the system, as 'ipc-lock ls' and 'stat' show them: each
   line of /proc/locks joined with what the processes' fdinfo says, so
   that a lock taken by a process that has exited (flock(1) before its
   child, a chain-loaded command) is still attributed to the processes
   that hold its descriptor, and waiters to the process they wait for.  */
#ifndef IPC_LOCKS_H
#define IPC_LOCKS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "ipc-deadline.h"
#include "ipc-proc.h"

struct ipc_lock_info
{
  struct ipc_proc_lock lock;   /* as /proc/locks says */
  char *path;                  /* from a holder's /proc/PID/fd, or null */
  pid_t pid;                   /* holder or waiter; 0 if none is known */
  char *command;               /* its command name, or null (none, or
                                  the process is gone) */
  pid_t blocker;               /* waiter: the holder it waits for, or 0 */
  bool deadlocked;             /* waiter in a cycle of waiters: each
                                  waits for a lock that a holder of it
                                  (any, not only the one /proc/locks
                                  names) waits for in turn */
  char **holders;              /* "PID:COMMAND" of processes whose */
  pid_t *holder_pids;          /*   descriptors hold this lock, and */
  size_t nholders;             /*   their PIDs, in increasing order */
  bool holders_partial;        /* with IPC_LOCKS_HOLDERS: a held lock
                                  whose holders may be more than those
                                  (some processes could not be read) */
};

struct ipc_lock_set
{
  struct ipc_lock_info *locks;
  size_t n;
  size_t unreadable;           /* with IPC_LOCKS_HOLDERS: how many
                                  processes (kernel threads and zombies
                                  aside) we may not look into */
};

enum ipc_locks_flags
{
  /* Every holder of every lock: look into every process.  */
  IPC_LOCKS_HOLDERS = 1 << 0
};

/* Collect every lock, or when ONLY is not null the locks on the file
   ONLY describes.

   What it costs grows with the locks, not with the processes: paths are
   read from the descriptors of the processes that /proc/locks names (as
   lslocks does) and of the NPIDS processes PIDS, and only the holders
   among those are found.  Every process is looked into, once, with
   IPC_LOCKS_HOLDERS, or when a held lock names a process that is gone
   (flock(1) taken by a command that exited, its descriptor inherited) or
   none (OFD locks): then its holder, path and command come from whoever
   holds its descriptor now; when no holder is found (we may not look
   into another user's processes), PID is the one /proc/locks gives, and
   PATH stays null.

   The holders of a posix lock are the live process that took it.  Those
   of other locks are complete only when every process that could hold
   a descriptor was looked into: with IPC_LOCKS_HOLDERS, SET->unreadable
   counts those we may not read, and each held lock whose holders may be
   more than those found has holders_partial.

   Return 0, or -1 with errno set; never prints, never exits.  */
int ipc_locks_collect (struct ipc_lock_set *set, struct stat const *only,
                       unsigned int flags, pid_t const *pids, size_t npids);
void ipc_locks_free (struct ipc_lock_set *set);

/* Whether PID holds or waits for lock L: its process, or one of the
   holders found.  */
bool ipc_lock_involves (struct ipc_lock_info const *l, pid_t pid);

/* ---- Taking and releasing locks ------------------------------------

   The primitives of 'ipc-lock run', 'acquire' and 'release'.  Like the
   rest of lib they never print: -1 with errno, a timeout is ETIMEDOUT.

   Writer preference (SPEC 6, ipc-lock: no starvation).  Once an
   exclusive request made through these functions waits, later shared
   requests made through them queue behind it, so that a stream of
   overlapping readers cannot keep a writer out for ever.  The queue is
   kept in fcntl byte-range locks at and above IPC_LOCK_QUEUE_BASE
   (2^62) of the lock file itself, where no data and no lock of ours
   lies:
   * byte IPC_LOCK_QUEUE_BASE is the turnstile of flock locks;
   * the ofd and posix range [S, S+L) is mirrored at
     [IPC_LOCK_QUEUE_BASE + 1 + S, ...), so that only requests whose
     ranges overlap queue behind each other; an ofd or posix range "to
     the end of the file" is therefore taken up to byte 2^62 - 1.
   An exclusive request that finds the lock busy write-locks its
   turnstile (an OFD lock on a description of its own, closed once the
   lock is taken or the wait ends) and keeps it while it waits; a
   shared request first tests the turnstile (F_OFD_GETLK) and, when a
   writer holds it, waits until the writer has the lock.  The uncontended
   exclusive request costs nothing more; a shared one costs one
   F_OFD_GETLK.  flock locks and fcntl locks do not conflict, so the
   exclusion of flock(1) is unchanged; an fcntl lock of another program
   that covers the queue (a whole-file lockf) makes requests skip the
   queue rather than wait for it.  Requests that cannot use the queue
   (no write access for an exclusive one, a range reaching 2^62, /proc
   not mounted) wait as plain requests.  A process that holds a shared
   lock and asks for another overlapping one while a writer is queued
   waits for that writer: do not nest shared requests on one file.  */

enum ipc_lock_type
{
  IPC_LOCK_FLOCK,               /* flock(2): the lock flock(1) takes */
  IPC_LOCK_OFD,                 /* fcntl open file description lock */
  IPC_LOCK_POSIX                /* fcntl process-associated lock */
};

/* One lock request.  */
struct ipc_lock_req
{
  enum ipc_lock_type type;
  bool shared;
  off_t start, len;             /* ofd, posix: LEN bytes from START; LEN 0
                                   for "to the end of the file" */
};

/* Where the queue of writer preference starts: no lock of ours and no
   data lies at or above this offset.  */
#define IPC_LOCK_QUEUE_BASE ((off_t) 1 << 62)

/* Open the lock file PATH for locking: read-write if allowed, else
   read-only; created with mode MODE (exactly, whatever the umask) and
   O_EXCL when missing, so that a planted symbolic link is never
   followed into a file we create.  The result is never 0, 1 or 2
   (lib/ipc-fd.h) and is inherited by a command we exec.  Only a regular
   file is opened: a FIFO, a device or a directory fails with EINVAL
   without being opened (a FIFO planted at the path must not hang us, a
   device must not see an open), and *ST then tells what it is; a
   symbolic link fails with ELOOP.  On success *ST describes the file.  */
int ipc_lock_open (char const *path, mode_t mode, struct stat *st);

/* Try once to take REQ on FD without waiting.  Return 0, or -1 with
   errno EWOULDBLOCK when the lock is busy (or a writer is queued before
   a shared request), EBADF when FD's access mode does not allow an
   fcntl lock of that kind, or another errno.  */
int ipc_lock_try (int fd, struct ipc_lock_req const *req);

/* Take REQ on FD, waiting until deadline D (lib/ipc-deadline.h) with
   writer preference as above.  Return 0, or -1 with errno ETIMEDOUT when
   it stayed busy until D (at once for an expired D), EDEADLK when the
   kernel refused a posix lock as a deadlock, or another errno.  */
int ipc_lock_take (int fd, struct ipc_lock_req const *req,
                   struct ipc_deadline const *d);

/* Release REQ on FD (flock or ofd).  Return 0 or -1 with errno set.  */
int ipc_lock_release (int fd, struct ipc_lock_req const *req);

/* Whether L, a line of /proc/locks, is a lock of the queue above (which
   'ls' and 'stat' do not show as a lock held).  */
bool ipc_lock_in_queue (struct ipc_proc_lock const *l);

#endif

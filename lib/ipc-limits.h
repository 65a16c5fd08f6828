/* System limits as data: the kernel settings of /proc/sys, read field by
   field, and a table that names the setting or resource limit behind a
   failed create (SPEC 7: "maxmsg 100 exceeds fs.mqueue.msg_max (10)",
   not "Invalid argument").  A new kind of object adds rows to the table
   in ipc-limits.c, nothing else.  Never prints; returns -1 with errno
   set on failure.  */
#ifndef IPC_LIMITS_H
#define IPC_LIMITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Field FIELD (from 0) of the kernel setting NAME, written with dots
   ("kernel.msgmax", "fs.mqueue.msg_max"; "kernel.sem" has four fields,
   SEMMSL SEMMNS SEMOPM SEMMNI), read from /proc/sys.  EINVAL for a NAME
   that cannot be a setting, EPROTO when the file has no such field or
   the field is not an unsigned decimal number.  */
int ipc_sysctl_field (char const *name, unsigned int field,
                      uintmax_t *value);

/* The first (usually only) field of NAME.  */
int ipc_sysctl_get (char const *name, uintmax_t *value);

/* The objects whose creation the table explains.  */
enum ipc_limit_object
{
  IPC_LIMIT_MQ_POSIX,       /* mq_open (O_CREAT) */
  IPC_LIMIT_MQ_SYSV,        /* msgget, msgctl (IPC_SET) of msg_qbytes */
  IPC_LIMIT_PIPE,           /* F_SETPIPE_SZ */
  IPC_LIMIT_SHM_POSIX,      /* shm_open, ftruncate */
  IPC_LIMIT_SHM_SYSV,       /* shmget */
  IPC_LIMIT_SEM_POSIX,      /* sem_open, sem_post */
  IPC_LIMIT_SEM_SYSV,       /* semget, semop */
  IPC_LIMIT_SHM_MAP         /* mmap, shmat of a segment */
};

/* What the failed call asked for, each 0 when not asked: a number of
   things (maxmsg, nsems), the size of one (msgsize, a segment's size, a
   semaphore's value), and a total in bytes (a System V queue's capacity,
   maxmsg x msgsize).  */
struct ipc_limit_ask
{
  uintmax_t count, size, bytes;
};

/* When creating OBJECT failed with errno ERR, after asking for ASK: find
   the first row of the table for OBJECT and ERR whose limit ASK exceeds
   (or that names a limit used up, which needs no comparison), read the
   limit's current value, and write into BUF (of SIZE bytes) the reason
   to print after "cannot create 'NAME': ", such as "maxmsg 100 exceeds
   fs.mqueue.msg_max (10)".  Return 0, or -1 with errno ENOENT when no
   row applies (or its limit cannot be read): then ERR itself is the
   reason to print.  */
int ipc_limit_explain (enum ipc_limit_object object, int err,
                       struct ipc_limit_ask const *ask,
                       char *buf, size_t size);

/* The limits of one kind of object, and how much of each is used: the
   'limits' verb of ipc-mq, ipc-shm and ipc-sem (SPEC 4).  */
enum ipc_limits_kind
{
  IPC_LIMITS_MQ,            /* System V and POSIX message queues */
  IPC_LIMITS_SHM,           /* System V and POSIX shared memory */
  IPC_LIMITS_SEM            /* System V and POSIX semaphores */
};

/* What is known of a quantity of a limit.  */
enum ipc_limit_state
{
  IPC_LIMIT_KNOWN,          /* read: the number is right */
  IPC_LIMIT_UNKNOWN,        /* could not be read (ERR and WHAT say why);
                               never a guessed 0 */
  IPC_LIMIT_NA,             /* does not apply: the use of a limit on one
                               object (a message's size), and what is
                               left of it */
  IPC_LIMIT_UNLIMITED       /* the limit is not set (RLIM_INFINITY) */
};

/* One limit, its value, its use, what is left (unknown when the value
   or the use is, unlimited when the value is).  */
struct ipc_limit_usage
{
  /* The setting ("kernel.msgmni", "kernel.sem SEMMSL": a field of one),
     resource limit ("RLIMIT_MSGQUEUE"), mount ("/dev/shm") or constant
     ("SEMVMX") that is the limit.  */
  char const *name;
  bool posix;               /* a limit of POSIX objects, else System V */
  char const *unit;         /* "bytes", "queues", "pages"...; null: none */
  bool bytes;               /* UNIT is bytes */
  char const *description;  /* one line */
  enum ipc_limit_state value_state, used_state, left_state;
  uintmax_t value, used, left;
  /* When VALUE_STATE or USED_STATE is unknown: the errno (0 when the
     kernel gives nothing to read) and the file that could not be read.
     EXDEV: the mqueue mount at WHAT belongs to another IPC namespace
     (ipc_msgq_posix_dir_foreign); ENOENT or ENODEV: nothing of its kind
     is mounted at WHAT (ipc_posix_dir_check).  */
  int value_err, used_err;
  char const *used_what;
};

/* The most limits of one kind.  */
enum { IPC_LIMITS_MAX = 16 };

/* Fill ROWS (IPC_LIMITS_MAX of them) with the limits of KIND, in a fixed
   order, System V first, and return how many.  Each is read now:

   * System V: the counts and sums of /proc/sysvipc (the objects of the
     kind; the pages of all segments, as the kernel rounds each size up
     to pages for kernel.shmall; the members of all sets for kernel.sem
     SEMMNS), which every user may read.
   * POSIX queues: the queues in /dev/mqueue (unknown when it is not
     mounted, or is the mount of another IPC namespace), and for
     RLIMIT_MSGQUEUE the bytes that the kernel charges to the real user
     of the caller for the queues there that it owns: per queue, maxmsg
     x msgsize, plus maxmsg message headers and min (maxmsg,
     MQ_PRIO_MAX) tree nodes of 6 words each (ipc/mqueue.c).  A queue
     it owns but may not open makes that use unknown.  Queues removed
     while still open, and those of other IPC namespaces, are charged
     by the kernel but seen by nobody: each use is the least the kernel
     counts.
   * /dev/shm: its size, use and what is free to the caller, as statvfs
     gives them; a tmpfs of no size (size=0) is unlimited, and its use
     unknown (with errno 0): it counts none.

   Never fails: what cannot be read is IPC_LIMIT_UNKNOWN with its errno.
   The strings are static.  */
size_t ipc_limits_usage (enum ipc_limits_kind kind,
                         struct ipc_limit_usage *rows);

#endif

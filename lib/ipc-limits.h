/* System limits as data: the kernel settings of /proc/sys, read field by
   field, and a table that names the setting or resource limit behind a
   failed create (SPEC 7: "maxmsg 100 exceeds fs.mqueue.msg_max (10)",
   not "Invalid argument").  A new kind of object adds rows to the table
   in ipc-limits.c, nothing else.  Never prints; returns -1 with errno
   set on failure.  */
#ifndef IPC_LIMITS_H
#define IPC_LIMITS_H

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

#endif

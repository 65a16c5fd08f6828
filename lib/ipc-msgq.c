/* Message queues of both kinds behind one handle.  */
#include <config.h>

#include "ipc-msgq.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdckdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/stat.h>

#include "ipc-fd.h"
#include "ipc-posix.h"

/* System V messages start with their type, a long, before the bytes.  */
enum { MTYPE_SIZE = sizeof (long) };

/* The largest message System V allows: kernel.msgmax.  */
static int
sysv_msgmax (size_t *msgmax)
{
  uintmax_t v;
  if (ipc_sysctl_get ("kernel.msgmax", &v) != 0)
    return -1;
  *msgmax = v < IPC_MSGQ_SIZE_MAX ? v : IPC_MSGQ_SIZE_MAX;
  return 0;
}

/* Make Q's buffer hold at least SIZE bytes.  */
static int
reserve_buffer (struct ipc_msgq *q, size_t size)
{
  if (size <= q->bufsize && q->buf)
    return 0;
  char *p = realloc (q->buf, size ? size : 1);
  if (!p)
    return -1;
  q->buf = p;
  q->bufsize = size;
  return 0;
}

int
ipc_msgq_open (struct ipc_msgq *q, struct ipc_addr *addr, int access)
{
  memset (q, 0, sizeof *q);
  q->mqd = (mqd_t) -1;
  q->id = -1;
  if (addr->kind == IPC_ADDR_POSIX)
    {
      q->posix = true;
      q->mqd = ipc_fd_high (mq_open (addr->name, access), true);
      if (q->mqd == (mqd_t) -1)
        return -1;
      struct mq_attr attr;
      if (mq_getattr (q->mqd, &attr) != 0)
        goto fail;
      if (attr.mq_msgsize < 0 || attr.mq_msgsize > IPC_MSGQ_SIZE_MAX)
        {
          errno = EOVERFLOW;
          goto fail;
        }
      q->msgsize = attr.mq_msgsize;
      /* mq_receive refuses a buffer smaller than the message size.  */
      if (access != O_WRONLY && reserve_buffer (q, q->msgsize) != 0)
        goto fail;
      return 0;
    }

  q->id = ipc_sysv_lookup (IPC_SYSV_MSG, addr);
  if (q->id < 0)
    return -1;
  if (sysv_msgmax (&q->msgsize) != 0)
    goto fail;
  /* A message larger than the queue's capacity would wait for ever.  */
  struct msqid_ds ds;
  if (msgctl (q->id, IPC_STAT, &ds) == 0 && ds.msg_qbytes < q->msgsize)
    q->msgsize = ds.msg_qbytes;
  if (reserve_buffer (q, MTYPE_SIZE + q->msgsize) != 0)
    goto fail;
  return 0;

 fail:;
  int saved_errno = errno;
  ipc_msgq_close (q);
  errno = saved_errno;
  return -1;
}

void
ipc_msgq_close (struct ipc_msgq *q)
{
  if (q->posix && q->mqd != (mqd_t) -1)
    mq_close (q->mqd);
  q->mqd = (mqd_t) -1;
  free (q->buf);
  q->buf = NULL;
  q->bufsize = 0;
}

/* The defaults of POSIX queues, for the attribute that was not given.  */
static uint64_t
mqueue_default (char const *name, uint64_t fallback)
{
  uintmax_t v;
  return ipc_sysctl_get (name, &v) == 0 ? v : fallback;
}

/* Create a POSIX queue; see ipc_msgq_create.  */
static int
create_posix (char const *name, uint64_t maxmsg, uint64_t msgsize,
              mode_t mode)
{
  struct mq_attr attr, *attrp = NULL;
  if (maxmsg || msgsize)
    {
      memset (&attr, 0, sizeof attr);
      if (!maxmsg)
        maxmsg = mqueue_default ("fs.mqueue.msg_default", 10);
      if (!msgsize)
        msgsize = mqueue_default ("fs.mqueue.msgsize_default", 8192);
      if (maxmsg > LONG_MAX || msgsize > LONG_MAX)
        {
          errno = EINVAL;
          return -1;
        }
      attr.mq_maxmsg = maxmsg;
      attr.mq_msgsize = msgsize;
      attrp = &attr;
    }
  mqd_t mqd = mq_open (name, O_RDWR | O_CREAT | O_EXCL, mode, attrp);
  if (mqd == (mqd_t) -1)
    return -1;
  mqd = ipc_fd_high (mqd, true);
  if (mqd == (mqd_t) -1)
    {
      int saved_errno = errno;
      mq_unlink (name);
      errno = saved_errno;
      return -1;
    }
  /* mq_open applied the umask; the mode asked for is the mode wanted.  */
  if (fchmod (mqd, mode) != 0)
    {
      int saved_errno = errno;
      mq_close (mqd);
      mq_unlink (name);
      errno = saved_errno;
      return -1;
    }
  return mq_close (mqd);
}

/* Create a System V queue; see ipc_msgq_create.  */
static int
create_sysv (key_t key, uint64_t maxmsg, uint64_t msgsize, mode_t mode,
             int *idp)
{
  size_t msgmax;
  if (sysv_msgmax (&msgmax) != 0)
    return -1;
  if (msgsize > msgmax)
    {
      errno = EINVAL;
      return -1;
    }
  uint64_t qbytes = 0;
  if (maxmsg
      && (ckd_mul (&qbytes, maxmsg, msgsize ? msgsize : msgmax)
          || qbytes > INT_MAX))
    {
      errno = EPERM;
      return -1;
    }

  int id = msgget (key, IPC_CREAT | IPC_EXCL | (mode & 0777));
  if (id < 0)
    return -1;
  if (qbytes)
    {
      struct msqid_ds ds;
      if (msgctl (id, IPC_STAT, &ds) != 0)
        goto fail;
      ds.msg_qbytes = qbytes;
      if (msgctl (id, IPC_SET, &ds) != 0)
        goto fail;
    }
  *idp = id;
  return 0;

 fail:;
  int saved_errno = errno;
  msgctl (id, IPC_RMID, NULL);
  errno = saved_errno;
  return -1;
}

int
ipc_msgq_create (struct ipc_addr *addr, uint64_t maxmsg, uint64_t msgsize,
                 mode_t mode, int *id)
{
  *id = -1;
  if (addr->kind == IPC_ADDR_POSIX)
    return create_posix (addr->name, maxmsg, msgsize, mode);
  key_t key;
  if (ipc_sysv_create_key (addr, &key) != 0)
    return -1;
  return create_sysv (key, maxmsg, msgsize, mode, id);
}

int
ipc_msgq_remove (struct ipc_addr *addr)
{
  if (addr->kind == IPC_ADDR_POSIX)
    return mq_unlink (addr->name);
  return ipc_sysv_remove (IPC_SYSV_MSG, addr);
}

/* How a send or receive waits, from its deadline.  */
enum wait_mode
{
  WAIT_FOREVER,             /* block */
  WAIT_NOT,                 /* only try */
  WAIT_UNTIL                /* block until the deadline */
};

static enum wait_mode
wait_mode_of (struct ipc_deadline const *deadline)
{
  if (!deadline || deadline->infinite)
    return WAIT_FOREVER;
  return ipc_deadline_expired (deadline) ? WAIT_NOT : WAIT_UNTIL;
}

/* An absolute time long past: mq_timedsend and mq_timedreceive then
   fail at once with ETIMEDOUT instead of waiting.  */
static struct timespec const long_ago;

/* Whether Q's caller asked waits to end (see struct ipc_msgq's STOP);
   then errno is EINTR.  */
static bool
stopped (struct ipc_msgq const *q)
{
  if (!q->stop || !*q->stop)
    return false;
  errno = EINTR;
  return true;
}

/* A System V call interrupted by a signal: whether to try again, else
   errno says why not.  */
static bool
sysv_retry (struct ipc_msgq const *q, enum wait_mode mode,
            struct ipc_deadline const *deadline)
{
  if (errno != EINTR || stopped (q))
    return false;
  if (mode == WAIT_UNTIL && ipc_deadline_expired (deadline))
    {
      errno = ETIMEDOUT;
      return false;
    }
  return true;
}

int
ipc_msgq_send (struct ipc_msgq *q, void const *msg, size_t len, long prio,
               struct ipc_deadline const *deadline)
{
  if (len > q->msgsize)
    {
      errno = EMSGSIZE;
      return -1;
    }
  if (stopped (q))
    return -1;
  enum wait_mode mode = wait_mode_of (deadline);

  if (q->posix)
    for (;;)
      {
        int r;
        if (mode == WAIT_FOREVER)
          r = mq_send (q->mqd, msg, len, prio);
        else
          {
            struct timespec at = (mode == WAIT_NOT ? long_ago
                                  : ipc_deadline_realtime (deadline));
            r = mq_timedsend (q->mqd, msg, len, prio, &at);
          }
        if (r == 0)
          return 0;
        if (errno != EINTR || stopped (q))
          return -1;
        if (mode == WAIT_UNTIL && ipc_deadline_expired (deadline))
          mode = WAIT_NOT;
      }

  if (reserve_buffer (q, MTYPE_SIZE + len) != 0)
    return -1;
  memcpy (q->buf, &prio, MTYPE_SIZE);
  if (len)
    memcpy (q->buf + MTYPE_SIZE, msg, len);

  /* Try first: most sends find room and need no timer.  */
  int flags = mode == WAIT_FOREVER ? 0 : IPC_NOWAIT;
  int r;
  while ((r = msgsnd (q->id, q->buf, len, flags)) != 0
         && sysv_retry (q, mode, deadline))
    continue;
  if (r == 0 || errno != EAGAIN || mode != WAIT_UNTIL)
    {
      if (r != 0 && errno == EAGAIN)
        errno = ETIMEDOUT;
      return r;
    }

  if (ipc_deadline_arm_alarm (deadline) != 0)
    return -1;
  while ((r = msgsnd (q->id, q->buf, len, 0)) != 0
         && sysv_retry (q, mode, deadline))
    continue;
  int saved_errno = errno;
  ipc_deadline_disarm_alarm ();
  errno = saved_errno;
  return r;
}

/* Grow a System V queue's buffer after msgrcv said E2BIG: the message
   cannot be larger than all the bytes in the queue.  */
static int
grow_sysv_buffer (struct ipc_msgq *q)
{
  struct msqid_ds ds;
  if (msgctl (q->id, IPC_STAT, &ds) != 0)
    return -1;
  size_t want;
  if (ds.msg_cbytes > IPC_MSGQ_SIZE_MAX
      || ckd_add (&want, (size_t) ds.msg_cbytes, (size_t) MTYPE_SIZE)
      || want <= q->bufsize)
    {
      errno = E2BIG;
      return -1;
    }
  return reserve_buffer (q, want);
}

/* Receive from a POSIX queue, waiting in poll(2) until DEADLINE (null:
   for ever): a stop signal's handler has SA_RESTART, which restarts
   mq_receive but never poll.  Another receiver may take the message
   that poll saw: then wait again.  */
static ssize_t
posix_recv_polling (struct ipc_msgq *q, struct ipc_deadline const *deadline,
                    char **msg, long *prio)
{
  for (;;)
    {
      unsigned int p;
      ssize_t n = mq_timedreceive (q->mqd, q->buf, q->bufsize, &p, &long_ago);
      if (n >= 0)
        {
          *msg = q->buf;
          *prio = p;
          return n;
        }
      if ((errno != ETIMEDOUT && errno != EINTR) || stopped (q))
        return -1;
      struct pollfd pfd = { .fd = q->mqd, .events = POLLIN };
      int r = poll (&pfd, 1, deadline ? ipc_deadline_poll_ms (deadline) : -1);
      if (r < 0 && errno != EINTR)
        return -1;
      if (r == 0)
        {
          errno = ETIMEDOUT;
          return -1;
        }
    }
}

ssize_t
ipc_msgq_recv (struct ipc_msgq *q, long type,
               struct ipc_deadline const *deadline, char **msg, long *prio)
{
  if (stopped (q))
    return -1;
  enum wait_mode mode = wait_mode_of (deadline);

  if (q->posix && q->stop && mode != WAIT_NOT)
    return posix_recv_polling (q, deadline, msg, prio);
  if (q->posix)
    for (;;)
      {
        unsigned int p;
        ssize_t n;
        if (mode == WAIT_FOREVER)
          n = mq_receive (q->mqd, q->buf, q->bufsize, &p);
        else
          {
            struct timespec at = (mode == WAIT_NOT ? long_ago
                                  : ipc_deadline_realtime (deadline));
            n = mq_timedreceive (q->mqd, q->buf, q->bufsize, &p, &at);
          }
        if (n >= 0)
          {
            *msg = q->buf;
            *prio = p;
            return n;
          }
        if (errno != EINTR || stopped (q))
          return -1;
        if (mode == WAIT_UNTIL && ipc_deadline_expired (deadline))
          mode = WAIT_NOT;
      }

  bool armed = false;
  int flags = mode == WAIT_FOREVER ? 0 : IPC_NOWAIT;
  ssize_t n;
  for (;;)
    {
      n = msgrcv (q->id, q->buf, q->bufsize - MTYPE_SIZE, type, flags);
      if (n >= 0)
        break;
      if (errno == E2BIG)
        {
          if (grow_sysv_buffer (q) != 0)
            break;
          continue;
        }
      if (errno == ENOMSG && mode == WAIT_UNTIL && !armed)
        {
          /* Nothing yet: wait, with a timer to end the wait.  */
          if (ipc_deadline_arm_alarm (deadline) != 0)
            break;
          armed = true;
          flags = 0;
          continue;
        }
      if (errno == ENOMSG)
        errno = ETIMEDOUT;
      if (!sysv_retry (q, mode, deadline))
        break;
    }
  if (armed)
    {
      int saved_errno = errno;
      ipc_deadline_disarm_alarm ();
      errno = saved_errno;
    }
  if (n < 0)
    return -1;
  memcpy (prio, q->buf, MTYPE_SIZE);
  *msg = q->buf + MTYPE_SIZE;
  return n;
}

/* The number after "QSIZE:" in the text that reading a POSIX queue's
   file gives ("QSIZE:129 NOTIFY:0 SIGNO:0 NOTIFY_PID:0").  */
static int
read_qsize (int fd, uint64_t *bytes)
{
  char text[160];
  ssize_t n = pread (fd, text, sizeof text - 1, 0);
  if (n < 0)
    return -1;
  text[n] = '\0';
  char const *p = strstr (text, "QSIZE:");
  if (!p)
    {
      errno = EPROTO;
      return -1;
    }
  p += strlen ("QSIZE:");
  uint64_t v = 0;
  if (*p < '0' || *p > '9')
    {
      errno = EPROTO;
      return -1;
    }
  for (; *p >= '0' && *p <= '9'; p++)
    if (ckd_mul (&v, v, 10) || ckd_add (&v, v, (uint64_t) (*p - '0')))
      {
        errno = EOVERFLOW;
        return -1;
      }
  *bytes = v;
  return 0;
}

int
ipc_msgq_posix_info (char const *name, char const *dir,
                     struct ipc_msgq_info *info)
{
  memset (info, 0, sizeof *info);

  mqd_t mqd = ipc_fd_high (mq_open (name, O_RDONLY), true);
  if (mqd == (mqd_t) -1)
    {
      if (errno != EACCES)
        return -1;
      /* Not ours to read: what the directory entry says.  */
      char path[PATH_MAX];
      struct stat st;
      if (snprintf (path, sizeof path, "%s%s", dir, name) >= (int) sizeof path)
        {
          errno = ENAMETOOLONG;
          return -1;
        }
      if (stat (path, &st) != 0)
        return -1;
      ipc_object_from_stat (&st, &info->object);
      return 0;
    }

  struct mq_attr attr;
  struct stat st;
  int r = -1;
  if (mq_getattr (mqd, &attr) != 0 || fstat (mqd, &st) != 0)
    goto done;
  ipc_object_from_stat (&st, &info->object);
  if (attr.mq_maxmsg >= 0 && attr.mq_msgsize >= 0 && attr.mq_curmsgs >= 0)
    {
      info->maxmsgs = attr.mq_maxmsg;
      info->msgsize = attr.mq_msgsize;
      info->have_limits = !ckd_mul (&info->qbytes, info->maxmsgs,
                                    info->msgsize);
      info->msgs = attr.mq_curmsgs;
      info->have_counts = read_qsize (mqd, &info->usedbytes) == 0;
    }
  r = 0;
 done:;
  int saved_errno = errno;
  mq_close (mqd);
  errno = saved_errno;
  return r;
}

void
ipc_msgq_sysv_info (struct ipc_sysv_entry const *entry,
                    struct ipc_msgq_info *info)
{
  memset (info, 0, sizeof *info);
  ipc_object_from_sysv (entry, &info->object);
  info->have_counts = true;
  info->msgs = entry->qnum;
  info->usedbytes = entry->cbytes;
  info->lspid = entry->lspid;
  info->lrpid = entry->lrpid;

  /* /proc/sysvipc does not show the capacity; IPC_STAT does, to those
     who may read the queue.  */
  struct msqid_ds ds;
  size_t msgmax;
  if (msgctl (entry->id, IPC_STAT, &ds) == 0 && sysv_msgmax (&msgmax) == 0)
    {
      info->have_limits = true;
      info->qbytes = ds.msg_qbytes;
      info->msgsize = msgmax < ds.msg_qbytes ? msgmax : ds.msg_qbytes;
    }
}

/* Whether the POSIX queue MQD lives on the file system DEV.  */
static bool
mqd_on (mqd_t mqd, dev_t dev)
{
  struct stat st;
  return fstat (mqd, &st) == 0 && st.st_dev == dev;
}

bool
ipc_msgq_posix_dir_foreign (char const *dir,
                            struct ipc_posix_list const *list)
{
  for (size_t i = 0; i < list->n; i++)
    {
      char const *name = list->objects[i].name;
      mqd_t mqd = mq_open (name, O_RDONLY | O_CLOEXEC);
      if (mqd != (mqd_t) -1)
        {
          bool ours = mqd_on (mqd, list->dev);
          mq_close (mqd);
          return !ours;
        }
      if (errno != ENOENT)
        return false;           /* EACCES: it is there, so DIR is ours */
      /* Not in our namespace: foreign, unless removed meanwhile.  */
      char path[PATH_MAX];
      struct stat st;
      if (snprintf (path, sizeof path, "%s%s", dir, name)
          < (int) sizeof path
          && lstat (path, &st) == 0)
        return true;
    }
  if (list->n > 0)
    return false;
  char name[64];
  snprintf (name, sizeof name, "/.ipc-mq-namespace-probe-%ld",
            (long) getpid ());
  struct mq_attr attr = { .mq_maxmsg = 1, .mq_msgsize = 1 };
  mqd_t mqd = mq_open (name, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600,
                       &attr);
  if (mqd == (mqd_t) -1)
    return false;
  bool ours = mqd_on (mqd, list->dev);
  mq_close (mqd);
  mq_unlink (name);
  return !ours;
}

/* System limits as data.  */
#include <config.h>

#include "ipc-limits.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "intprops.h"

#include "ipc-sysv.h"

/* The longest /proc/sys file read: a few numbers.  */
enum { SYSCTL_TEXT_MAX = 256 };

int
ipc_sysctl_field (char const *name, unsigned int field, uintmax_t *value)
{
  static char const prefix[] = "/proc/sys/";
  char path[PATH_MAX];
  size_t plen = sizeof prefix - 1, nlen = strlen (name);
  if (nlen == 0 || nlen >= sizeof path - plen || strstr (name, "..")
      || name[0] == '.' || name[0] == '/')
    {
      errno = EINVAL;
      return -1;
    }
  memcpy (path, prefix, plen);
  for (size_t i = 0; i <= nlen; i++)
    path[plen + i] = name[i] == '.' ? '/' : name[i];

  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    return -1;
  char text[SYSCTL_TEXT_MAX];
  size_t len = 0;
  ssize_t n;
  while (len < sizeof text - 1
         && ((n = read (fd, text + len, sizeof text - 1 - len)) > 0
             || (n < 0 && errno == EINTR)))
    if (n > 0)
      len += n;
  int saved_errno = errno;
  close (fd);
  if (n < 0 && len < sizeof text - 1)
    {
      errno = saved_errno;
      return -1;
    }
  text[len] = '\0';

  /* Fields are separated by blanks (kernel.sem uses tabs); each must be
     a plain unsigned number, the one asked for included.  */
  char const *p = text;
  for (unsigned int i = 0;; i++)
    {
      p += strspn (p, " \t\n");
      if (*p < '0' || *p > '9')
        break;
      char *end;
      errno = 0;
      uintmax_t v = strtoumax (p, &end, 10);
      if (errno != 0 || (*end && !strchr (" \t\n", *end)))
        break;
      if (i == field)
        {
          *value = v;
          return 0;
        }
      p = end;
    }
  errno = EPROTO;
  return -1;
}

int
ipc_sysctl_get (char const *name, uintmax_t *value)
{
  return ipc_sysctl_field (name, 0, value);
}

/* Where a limit's value comes from.  */
enum source
{
  SYSCTL,                   /* field FIELD of /proc/sys NAME */
  RLIMIT,                   /* the soft limit of resource FIELD */
  STATVFS_SIZE,             /* the size in bytes of the file system at NAME */
  CONSTANT,                 /* the compile-time VALUE */
  NO_VALUE                  /* only named: the text has no %V */
};

/* Which asked quantity must exceed the limit for a row to apply.  */
enum test
{
  USED_UP,                  /* none: the limit is used up */
  /* The System V objects of kind TABLE (/proc/sysvipc) number the limit
     or more: one of two limits behind the same errno is told apart.  */
  COUNT_REACHED,
  OVER_COUNT,
  OVER_SIZE,
  OVER_BYTES
};

/* Row flags.  */
enum
{
  /* EMFILE of mq_open comes from RLIMIT_NOFILE or RLIMIT_MSGQUEUE: the
     row applies only while a descriptor can still be opened.  */
  IF_DESCRIPTOR_LEFT = 1 << 0,
  /* A resource limit that applies only when it is set (not
     RLIM_INFINITY): RLIMIT_AS behind an ENOMEM of mmap.  */
  IF_LIMITED = 1 << 1
};

/* One row: when creating OBJECT fails with ERR and TEST holds against
   the limit, TEXT is the reason.  In TEXT, %L is the limit's name (NAME,
   and FIELD_NAME after it if any), %V its value, %A the asked quantity
   that TEST compared, %C %S %B the asked count, size and bytes, %P the
   page size, %% a percent sign.  */
struct limit_row
{
  enum ipc_limit_object object;
  int err;
  enum test test;
  enum source source;
  char const *name;
  char const *field_name;
  int field;
  uintmax_t value;          /* CONSTANT */
  enum ipc_sysv_kind table; /* COUNT_REACHED */
  unsigned int flags;
  char const *text;
};

/* The table, searched in order: for one OBJECT and ERR, a row that
   compares (or counts) comes before a USED_UP row, which always
   applies.  */
static struct limit_row const limits[] = {
  /* POSIX queues: mq_overview(7).  */
  { IPC_LIMIT_MQ_POSIX, EINVAL, OVER_COUNT, SYSCTL, "fs.mqueue.msg_max",
    .text = "maxmsg %A exceeds %L (%V)" },
  { IPC_LIMIT_MQ_POSIX, EINVAL, OVER_SIZE, SYSCTL, "fs.mqueue.msgsize_max",
    .text = "msgsize %A exceeds %L (%V)" },
  { IPC_LIMIT_MQ_POSIX, EMFILE, USED_UP, RLIMIT, "RLIMIT_MSGQUEUE",
    .field = RLIMIT_MSGQUEUE, .flags = IF_DESCRIPTOR_LEFT,
    .text = "the user's queues would exceed %L (%V bytes; see 'ulimit -q'); "
            "a queue reserves about maxmsg x msgsize bytes" },
  { IPC_LIMIT_MQ_POSIX, ENOSPC, USED_UP, SYSCTL, "fs.mqueue.queues_max",
    .text = "there are already %L (%V) queues" },

  /* System V queues: msgget(2), msgctl(2).  */
  { IPC_LIMIT_MQ_SYSV, EINVAL, OVER_SIZE, SYSCTL, "kernel.msgmax",
    .text = "msgsize %A exceeds %L (%V)" },
  { IPC_LIMIT_MQ_SYSV, EPERM, OVER_BYTES, SYSCTL, "kernel.msgmnb",
    .text = "capacity %A bytes (maxmsg %C x msgsize %S) exceeds %L (%V)" },
  { IPC_LIMIT_MQ_SYSV, ENOSPC, COUNT_REACHED, SYSCTL, "kernel.msgmni",
    .table = IPC_SYSV_MSG,
    .text = "there are already %L (%V) queues" },

  /* Pipes: pipe(7), F_SETPIPE_SZ in fcntl(2).  Sizes the kernel cannot
     even round (past 2 GiB, EINVAL or ERANGE) are beyond the setting
     too.  */
#define PIPE_MAX_SIZE(err)                                              \
  { IPC_LIMIT_PIPE, err, OVER_SIZE, SYSCTL, "fs.pipe-max-size",         \
    .text = "beyond %L (%V bytes), which only a process with "          \
            "CAP_SYS_RESOURCE may exceed" }
  PIPE_MAX_SIZE (EPERM), PIPE_MAX_SIZE (EINVAL), PIPE_MAX_SIZE (ERANGE),
#undef PIPE_MAX_SIZE
  { IPC_LIMIT_PIPE, EPERM, USED_UP, NO_VALUE, "fs.pipe-user-pages-soft",
    .text = "this user's pipes are at %L or fs.pipe-user-pages-hard" },

  /* Shared memory: shmget(2), and the tmpfs behind shm_open(3).  */
  { IPC_LIMIT_SHM_SYSV, EINVAL, OVER_SIZE, SYSCTL, "kernel.shmmax",
    .text = "size %A exceeds %L (%V)" },
  /* Below kernel.shmmax (whose default is near 2^64), the segment's
     file in the kernel still takes no more than the largest off_t.  */
  { IPC_LIMIT_SHM_SYSV, EINVAL, OVER_SIZE, CONSTANT, "off_t",
    .value = TYPE_MAXIMUM (off_t),
    .text = "size %A exceeds the largest %L (%V), the limit of a file" },
  { IPC_LIMIT_SHM_SYSV, ENOSPC, COUNT_REACHED, SYSCTL, "kernel.shmmni",
    .table = IPC_SYSV_SHM, .text = "there are already %L (%V) segments" },
  { IPC_LIMIT_SHM_SYSV, ENOSPC, USED_UP, SYSCTL, "kernel.shmall",
    .text = "the segments would exceed %L (%V pages of %P bytes)" },
  { IPC_LIMIT_SHM_SYSV, ENOMEM, USED_UP, SYSCTL, "vm.overcommit_memory",
    .text = "size %S is more than memory and swap can commit "
            "(%L is %V; see also vm.overcommit_ratio)" },
  { IPC_LIMIT_SHM_POSIX, ENOSPC, OVER_SIZE, STATVFS_SIZE, "/dev/shm",
    .text = "size %A exceeds the size of %L (%V bytes)" },
  { IPC_LIMIT_SHM_POSIX, EFBIG, OVER_SIZE, CONSTANT, "off_t",
    .value = TYPE_MAXIMUM (off_t),
    .text = "size %A exceeds the largest %L (%V), the limit of a file" },
  { IPC_LIMIT_SHM_MAP, ENOMEM, USED_UP, RLIMIT, "RLIMIT_AS",
    .field = RLIMIT_AS, .flags = IF_LIMITED,
    .text = "mapping %S bytes would exceed %L (%V bytes; see 'ulimit -v')" },

  /* Semaphores: semget(2), sem_open(3).  */
  { IPC_LIMIT_SEM_SYSV, EINVAL, OVER_COUNT, SYSCTL, "kernel.sem", "SEMMSL",
    .field = 0, .text = "nsems %A exceeds %L (%V)" },
  { IPC_LIMIT_SEM_SYSV, ENOSPC, COUNT_REACHED, SYSCTL, "kernel.sem", "SEMMNI",
    .field = 3, .table = IPC_SYSV_SEM,
    .text = "there are already %L (%V) sets" },
  { IPC_LIMIT_SEM_SYSV, ENOSPC, USED_UP, SYSCTL, "kernel.sem", "SEMMNS",
    .field = 1, .text = "the sets would exceed %L (%V semaphores)" },
  { IPC_LIMIT_SEM_POSIX, EINVAL, OVER_SIZE, CONSTANT, "SEM_VALUE_MAX",
    .value = SEM_VALUE_MAX, .text = "value %A exceeds %L (%V)" },
  /* sem_open writes the new semaphore into a file of /dev/shm.  */
  { IPC_LIMIT_SEM_POSIX, ENOSPC, USED_UP, STATVFS_SIZE, "/dev/shm",
    .text = "%L is full (its size is %V bytes)" },
};

/* ipc_sysv_each callback: count the objects.  */
static int
count_object (struct ipc_sysv_entry const *entry, void *arg)
{
  (void) entry;
  ++*(uintmax_t *) arg;
  return 0;
}

/* Whether the System V objects of KIND number LIMIT or more.  */
static bool
count_reached (enum ipc_sysv_kind kind, uintmax_t limit)
{
  uintmax_t n = 0;
  return ipc_sysv_each (kind, NULL, count_object, &n) == 0 && n >= limit;
}

/* Whether the process could still open a descriptor.  */
static bool
descriptor_left (void)
{
  int fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return false;
  close (fd);
  return true;
}

/* The current value of R's limit.  */
static int
limit_value (struct limit_row const *r, uintmax_t *value)
{
  switch (r->source)
    {
    case SYSCTL:
      return ipc_sysctl_field (r->name, r->field, value);
    case RLIMIT:
      {
        struct rlimit rl;
        if (getrlimit (r->field, &rl) != 0)
          return -1;
        *value = rl.rlim_cur;
        return 0;
      }
    case STATVFS_SIZE:
      {
        struct statvfs sv;
        if (statvfs (r->name, &sv) != 0)
          return -1;
        *value = (uintmax_t) sv.f_blocks * sv.f_frsize;
        return 0;
      }
    case CONSTANT:
      *value = r->value;
      return 0;
    default:
      *value = 0;
      return 0;
    }
}

/* Write R's TEXT into BUF of SIZE bytes; false if it did not fit.  */
static bool
format_row (struct limit_row const *r, struct ipc_limit_ask const *ask,
            uintmax_t asked, uintmax_t value, char *buf, size_t size)
{
  size_t len = 0;
  for (char const *t = r->text; *t; t++)
    {
      char piece[128];
      if (*t != '%' || !t[1])
        snprintf (piece, sizeof piece, "%c", *t);
      else
        switch (*++t)
          {
          case 'L':
            snprintf (piece, sizeof piece, "%s%s%s", r->name,
                      r->field_name ? " " : "",
                      r->field_name ? r->field_name : "");
            break;
          case 'V': snprintf (piece, sizeof piece, "%ju", value); break;
          case 'A': snprintf (piece, sizeof piece, "%ju", asked); break;
          case 'C': snprintf (piece, sizeof piece, "%ju", ask->count); break;
          case 'S': snprintf (piece, sizeof piece, "%ju", ask->size); break;
          case 'B': snprintf (piece, sizeof piece, "%ju", ask->bytes); break;
          case 'P':
            snprintf (piece, sizeof piece, "%ld", sysconf (_SC_PAGESIZE));
            break;
          default: snprintf (piece, sizeof piece, "%c", *t); break;
          }
      size_t n = strlen (piece);
      if (len + n >= size)
        return false;
      memcpy (buf + len, piece, n + 1);
      len += n;
    }
  if (len == 0 && size > 0)
    *buf = '\0';
  return true;
}

int
ipc_limit_explain (enum ipc_limit_object object, int err,
                   struct ipc_limit_ask const *ask, char *buf, size_t size)
{
  for (size_t i = 0; i < sizeof limits / sizeof *limits; i++)
    {
      struct limit_row const *r = &limits[i];
      if (r->object != object || r->err != err)
        continue;
      uintmax_t asked = (r->test == OVER_COUNT ? ask->count
                         : r->test == OVER_SIZE ? ask->size
                         : r->test == OVER_BYTES ? ask->bytes : 0);
      if (r->test != USED_UP && r->test != COUNT_REACHED && asked == 0)
        continue;
      if ((r->flags & IF_DESCRIPTOR_LEFT) && !descriptor_left ())
        continue;
      uintmax_t value;
      if (limit_value (r, &value) != 0)
        continue;
      if ((r->flags & IF_LIMITED) && value == RLIM_INFINITY)
        continue;
      if (r->test == COUNT_REACHED ? !count_reached (r->table, value)
          : r->test != USED_UP && asked <= value)
        continue;
      if (format_row (r, ask, asked, value, buf, size))
        return 0;
    }
  errno = ENOENT;
  return -1;
}

/* System limits as data.  */
#include <config.h>

#include "ipc-limits.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <mqueue.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "intprops.h"

#include "ipc-msgq.h"
#include "ipc-posix.h"
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

/* The current value of a limit of SOURCE: NAME, FIELD and (CONSTANT)
   VALUE as in a row.  */
static int
source_value (enum source source, char const *name, int field,
              uintmax_t constant, uintmax_t *value)
{
  switch (source)
    {
    case SYSCTL:
      return ipc_sysctl_field (name, field, value);
    case RLIMIT:
      {
        struct rlimit rl;
        if (getrlimit (field, &rl) != 0)
          return -1;
        *value = rl.rlim_cur;
        return 0;
      }
    case STATVFS_SIZE:
      {
        struct statvfs sv;
        if (statvfs (name, &sv) != 0)
          return -1;
        *value = (uintmax_t) sv.f_blocks * sv.f_frsize;
        return 0;
      }
    case CONSTANT:
      *value = constant;
      return 0;
    default:
      *value = 0;
      return 0;
    }
}

/* The current value of R's limit.  */
static int
limit_value (struct limit_row const *r, uintmax_t *value)
{
  return source_value (r->source, r->name, r->field, r->value, value);
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

/* How the use of a limit is found.  */
enum use
{
  USE_NA,                   /* a limit on one object: no use */
  USE_SYSV_COUNT,           /* the objects of the kind in /proc/sysvipc */
  USE_SYSV_SHM_PAGES,       /* the pages of all System V segments */
  USE_SYSV_SEMS,            /* the members of all System V sets */
  USE_MQ_COUNT,             /* the queues in /dev/mqueue */
  USE_MQ_USER_BYTES,        /* what RLIMIT_MSGQUEUE counts of ours */
  USE_STATVFS               /* the blocks of the file system NAME */
};

/* One limit of the 'limits' verb: its LABEL, where its value comes from
   (SOURCE, NAME, FIELD, VALUE as in struct limit_row), and how its use
   is found.  */
struct usage_row
{
  enum ipc_limits_kind kind;
  bool posix;
  char const *label;
  enum source source;
  char const *name;
  int field;
  uintmax_t value;
  enum use use;
  char const *unit;
  char const *description;
};

/* The largest value of a System V semaphore (SEMVMX of <linux/sem.h>,
   which <sys/sem.h> does not give), and the size of a System V segment
   below which shmget fails (SHMMIN).  */
enum { SYSV_SEMVMX = 32767, SYSV_SHMMIN = 1 };

static struct usage_row const usage_rows[] = {
  /* Message queues: msgget(2), mq_overview(7).  */
  { IPC_LIMITS_MQ, false, "kernel.msgmni", SYSCTL, "kernel.msgmni",
    .use = USE_SYSV_COUNT, .unit = "queues",
    .description = "System V queues in the system" },
  { IPC_LIMITS_MQ, false, "kernel.msgmax", SYSCTL, "kernel.msgmax",
    .unit = "bytes", .description = "size of one System V message" },
  { IPC_LIMITS_MQ, false, "kernel.msgmnb", SYSCTL, "kernel.msgmnb",
    .unit = "bytes",
    .description = "capacity of a new System V queue (msg_qbytes; more "
    "needs CAP_SYS_RESOURCE)" },
  { IPC_LIMITS_MQ, true, "fs.mqueue.queues_max", SYSCTL,
    "fs.mqueue.queues_max", .use = USE_MQ_COUNT, .unit = "queues",
    .description = "POSIX queues in the IPC namespace (not for "
    "CAP_SYS_RESOURCE)" },
  { IPC_LIMITS_MQ, true, "fs.mqueue.msg_max", SYSCTL, "fs.mqueue.msg_max",
    .unit = "messages", .description = "maxmsg of one POSIX queue" },
  { IPC_LIMITS_MQ, true, "fs.mqueue.msgsize_max", SYSCTL,
    "fs.mqueue.msgsize_max", .unit = "bytes",
    .description = "msgsize of one POSIX queue" },
  { IPC_LIMITS_MQ, true, "fs.mqueue.msg_default", SYSCTL,
    "fs.mqueue.msg_default", .unit = "messages",
    .description = "maxmsg of a new POSIX queue when not given" },
  { IPC_LIMITS_MQ, true, "fs.mqueue.msgsize_default", SYSCTL,
    "fs.mqueue.msgsize_default", .unit = "bytes",
    .description = "msgsize of a new POSIX queue when not given" },
  { IPC_LIMITS_MQ, true, "RLIMIT_MSGQUEUE", RLIMIT, "RLIMIT_MSGQUEUE",
    .field = RLIMIT_MSGQUEUE, .use = USE_MQ_USER_BYTES, .unit = "bytes",
    .description = "this user's POSIX queues (ulimit -q), each about "
    "maxmsg x (msgsize + 12 words)" },
  { IPC_LIMITS_MQ, true, "MQ_PRIO_MAX", CONSTANT, "MQ_PRIO_MAX",
    .value = MQ_PRIO_MAX, .unit = "priorities",
    .description = "priorities of a POSIX message, from 0" },

  /* Shared memory: shmget(2), shm_overview(7).  */
  { IPC_LIMITS_SHM, false, "kernel.shmmni", SYSCTL, "kernel.shmmni",
    .use = USE_SYSV_COUNT, .unit = "segments",
    .description = "System V segments in the system" },
  { IPC_LIMITS_SHM, false, "kernel.shmall", SYSCTL, "kernel.shmall",
    .use = USE_SYSV_SHM_PAGES, .unit = "pages",
    .description = "pages (getconf PAGESIZE) of all System V segments" },
  { IPC_LIMITS_SHM, false, "kernel.shmmax", SYSCTL, "kernel.shmmax",
    .unit = "bytes", .description = "size of one System V segment" },
  { IPC_LIMITS_SHM, false, "SHMMIN", CONSTANT, "SHMMIN",
    .value = SYSV_SHMMIN, .unit = "bytes",
    .description = "the smallest System V segment" },
  { IPC_LIMITS_SHM, true, IPC_POSIX_SHM_DIR, STATVFS_SIZE, IPC_POSIX_SHM_DIR,
    .use = USE_STATVFS, .unit = "bytes",
    .description = "the tmpfs of POSIX segments and semaphores" },

  /* Semaphores: semget(2), semop(2), sem_overview(7).  */
  { IPC_LIMITS_SEM, false, "kernel.sem SEMMSL", SYSCTL, "kernel.sem",
    .field = 0, .unit = "semaphores",
    .description = "members of one System V set" },
  { IPC_LIMITS_SEM, false, "kernel.sem SEMMNS", SYSCTL, "kernel.sem",
    .field = 1, .use = USE_SYSV_SEMS, .unit = "semaphores",
    .description = "members of all System V sets" },
  { IPC_LIMITS_SEM, false, "kernel.sem SEMOPM", SYSCTL, "kernel.sem",
    .field = 2, .unit = "operations",
    .description = "operations in one semop call" },
  { IPC_LIMITS_SEM, false, "kernel.sem SEMMNI", SYSCTL, "kernel.sem",
    .field = 3, .use = USE_SYSV_COUNT, .unit = "sets",
    .description = "System V sets in the system" },
  { IPC_LIMITS_SEM, false, "SEMVMX", CONSTANT, "SEMVMX",
    .value = SYSV_SEMVMX,
    .description = "the largest value of a System V semaphore" },
  { IPC_LIMITS_SEM, true, "SEM_VALUE_MAX", CONSTANT, "SEM_VALUE_MAX",
    .value = SEM_VALUE_MAX,
    .description = "the largest value of a POSIX semaphore" },
  { IPC_LIMITS_SEM, true, IPC_POSIX_SHM_DIR, STATVFS_SIZE, IPC_POSIX_SHM_DIR,
    .use = USE_STATVFS, .unit = "bytes",
    .description = "the tmpfs of POSIX semaphores (a page each) and "
    "segments" },
};

/* What ipc_sysv_each sums for the use of a System V limit.  */
struct sysv_sum
{
  uintmax_t objects, pages, sems;
  uintmax_t page_size;
};

/* ipc_sysv_each callback: add ENTRY to the sums.  */
static int
sum_object (struct ipc_sysv_entry const *entry, void *arg)
{
  struct sysv_sum *sum = arg;
  sum->objects++;
  /* shmget rounds each segment up to whole pages for kernel.shmall.  */
  sum->pages += entry->size / sum->page_size
                + (entry->size % sum->page_size != 0);
  sum->sems += entry->nsems;
  return 0;
}

/* The bytes that the kernel charges to RLIMIT_MSGQUEUE for a queue of
   MAXMSG messages of MSGSIZE bytes (mqueue_get_inode in ipc/mqueue.c):
   the messages, one struct msg_msg each, and one posix_msg_tree_node
   per priority that may be used, both of six words.  */
static uintmax_t
mq_charge (uintmax_t maxmsg, uintmax_t msgsize)
{
  uintmax_t const words = 6 * sizeof (long);
  uintmax_t nodes = maxmsg < MQ_PRIO_MAX ? maxmsg : MQ_PRIO_MAX;
  return maxmsg * msgsize + maxmsg * words + nodes * words;
}

/* The POSIX queues that the use of a limit needs: read once.  */
struct mq_state
{
  bool listed;
  int err;                  /* when the listing failed */
  struct ipc_posix_list list;
};

/* List /dev/mqueue into *MQ, once; return 0, or -1 with MQ->err.  */
static int
mq_list (struct mq_state *mq)
{
  if (!mq->listed)
    {
      mq->listed = true;
      if (ipc_posix_list (IPC_POSIX_MQUEUE_DIR, IPC_POSIX_MQUEUE_MAGIC,
                          NULL, false, &mq->list) != 0)
        mq->err = errno;
      else if (ipc_msgq_posix_dir_foreign (IPC_POSIX_MQUEUE_DIR, &mq->list))
        {
          ipc_posix_list_free (&mq->list);
          mq->err = EXDEV;
        }
    }
  return mq->err ? -1 : 0;
}

/* Fill the use of U, whose row is R.  SUMS are the System V sums of the
   objects of SYSV, R's kind (valid when SUMS_ERR is 0); MQ the queues.  */
static void
fill_use (struct ipc_limit_usage *u, struct usage_row const *r,
          enum ipc_sysv_kind sysv, struct sysv_sum const *sums, int sums_err,
          struct mq_state *mq)
{
  static char const *const tables[] = {
    [IPC_SYSV_MSG] = "/proc/sysvipc/msg",
    [IPC_SYSV_SHM] = "/proc/sysvipc/shm",
    [IPC_SYSV_SEM] = "/proc/sysvipc/sem"
  };
  u->used_state = IPC_LIMIT_KNOWN;
  switch (r->use)
    {
    case USE_NA:
      u->used_state = IPC_LIMIT_NA;
      return;
    case USE_SYSV_COUNT:
    case USE_SYSV_SHM_PAGES:
    case USE_SYSV_SEMS:
      if (sums_err)
        {
          u->used_state = IPC_LIMIT_UNKNOWN;
          u->used_err = sums_err;
          u->used_what = tables[sysv];
          return;
        }
      u->used = (r->use == USE_SYSV_COUNT ? sums->objects
                 : r->use == USE_SYSV_SHM_PAGES ? sums->pages : sums->sems);
      return;
    case USE_MQ_COUNT:
    case USE_MQ_USER_BYTES:
      if (mq_list (mq) != 0)
        {
          u->used_state = IPC_LIMIT_UNKNOWN;
          u->used_err = mq->err;
          u->used_what = IPC_POSIX_MQUEUE_DIR;
          return;
        }
      if (r->use == USE_MQ_COUNT)
        {
          u->used = mq->list.n;
          return;
        }
      u->used = 0;
      for (size_t i = 0; i < mq->list.n; i++)
        {
          struct ipc_posix_object const *o = &mq->list.objects[i];
          /* The kernel charges the real user of the creator; the file
             is its file system user's, the same but for set-user-ID
             programs.  */
          if (o->st.st_uid != getuid ())
            continue;
          struct ipc_msgq_info info;
          if (ipc_msgq_posix_info (o->name, IPC_POSIX_MQUEUE_DIR, &info) != 0)
            {
              if (errno == ENOENT)  /* removed meanwhile */
                continue;
            }
          else if (info.have_limits)
            {
              u->used += mq_charge (info.maxmsgs, info.msgsize);
              continue;
            }
          else
            errno = EACCES;
          u->used_state = IPC_LIMIT_UNKNOWN;
          u->used_err = errno;
          u->used_what = IPC_POSIX_MQUEUE_DIR;
          return;
        }
      return;
    case USE_STATVFS:
      {
        struct statvfs sv;
        if (statvfs (r->name, &sv) != 0)
          {
            u->used_state = IPC_LIMIT_UNKNOWN;
            u->used_err = errno;
            u->used_what = r->name;
            return;
          }
        /* A tmpfs without a size (size=0) has no limit, and counts no
           use.  */
        if (sv.f_blocks == 0)
          {
            u->value_state = u->left_state = IPC_LIMIT_UNLIMITED;
            u->used_state = IPC_LIMIT_UNKNOWN;
            u->used_err = 0;
            u->used_what = r->name;
            return;
          }
        u->used = (uintmax_t) (sv.f_blocks - sv.f_bfree) * sv.f_frsize;
        u->left_state = IPC_LIMIT_KNOWN;
        u->left = (uintmax_t) sv.f_bavail * sv.f_frsize;
        return;
      }
    }
}

size_t
ipc_limits_usage (enum ipc_limits_kind kind, struct ipc_limit_usage *rows)
{
  static enum ipc_sysv_kind const sysv[] = {
    [IPC_LIMITS_MQ] = IPC_SYSV_MSG,
    [IPC_LIMITS_SHM] = IPC_SYSV_SHM,
    [IPC_LIMITS_SEM] = IPC_SYSV_SEM
  };
  int saved_errno = errno;
  long page_size = sysconf (_SC_PAGESIZE);
  struct sysv_sum sums = { .page_size = page_size > 0 ? page_size : 4096 };
  int sums_err = 0;
  if (ipc_sysv_each (sysv[kind], NULL, sum_object, &sums) != 0)
    sums_err = errno;
  struct mq_state mq = { 0 };

  size_t n = 0;
  for (size_t i = 0; i < sizeof usage_rows / sizeof *usage_rows; i++)
    {
      struct usage_row const *r = &usage_rows[i];
      if (r->kind != kind || n == IPC_LIMITS_MAX)
        continue;
      struct ipc_limit_usage *u = &rows[n++];
      memset (u, 0, sizeof *u);
      u->name = r->label;
      u->posix = r->posix;
      u->unit = r->unit;
      u->bytes = r->unit && strcmp (r->unit, "bytes") == 0;
      u->description = r->description;
      u->left_state = IPC_LIMIT_NA;
      if (source_value (r->source, r->name, r->field, r->value,
                        &u->value) != 0)
        {
          u->value_state = IPC_LIMIT_UNKNOWN;
          u->value_err = errno;
        }
      else if (r->source == RLIMIT && u->value == RLIM_INFINITY)
        u->value_state = IPC_LIMIT_UNLIMITED;
      else
        u->value_state = IPC_LIMIT_KNOWN;
      fill_use (u, r, sysv[kind], &sums, sums_err, &mq);
      /* What is left: unknown when the value or the use is.  */
      if (r->use == USE_STATVFS || u->used_state == IPC_LIMIT_NA)
        ;
      else if (u->value_state == IPC_LIMIT_UNLIMITED)
        u->left_state = IPC_LIMIT_UNLIMITED;
      else if (u->value_state == IPC_LIMIT_UNKNOWN
               || u->used_state == IPC_LIMIT_UNKNOWN)
        u->left_state = IPC_LIMIT_UNKNOWN;
      else
        {
          u->left_state = IPC_LIMIT_KNOWN;
          u->left = u->used < u->value ? u->value - u->used : 0;
        }
    }
  if (mq.listed && !mq.err)
    ipc_posix_list_free (&mq.list);
  errno = saved_errno;
  return n;
}

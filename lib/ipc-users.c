/* Who uses these objects: one walk over /proc for every object of a
   listing.  See ipc-users.h for what it answers and what it costs.

   The walk reads directories with getdents64(2) on descriptors opened
   relative to one descriptor of /proc, and looks at each descriptor with
   fstatat(2) relative to its process's fd directory: no path is looked
   up from the root twice, and no stdio or DIR stream is set up for a
   process that has nothing for us.  */
#include <config.h>

#include "ipc-users.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdckdint.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "ipc-grow.h"

/* Room for "PID/fd", "PID/maps".  */
enum { REL_PATH_MAX = 32 };

/* What a walk carries from process to process.  */
struct walk
{
  struct ipc_users_query const *q;
  struct ipc_users_key *keys;       /* a sorted copy of q->keys */
  int proc;                         /* a descriptor of /proc */
  struct ipc_users *out;
  size_t alloc;
  pid_t unreadable_pid;             /* the last one counted */
  bool root;                        /* we run as root (euid 0) */
  /* getdents64 and maps reads, aligned for the struct dirent64 in it */
  _Alignas (struct dirent64) char buf[16 * 1024];
};

/* Order of keys: device, then inode.  */
static int
compare_keys (struct ipc_users_key const *a, struct ipc_users_key const *b)
{
  if (a->dev != b->dev)
    return a->dev < b->dev ? -1 : 1;
  return (a->ino > b->ino) - (a->ino < b->ino);
}

static int
compare_keys_qsort (void const *a, void const *b)
{
  return compare_keys (a, b);
}

/* Order of entries: key, PID, then descriptor (-1, a mapping, first).  */
static int
compare_entries (void const *a, void const *b)
{
  struct ipc_users_entry const *x = a, *y = b;
  int c = compare_keys (&x->key, &y->key);
  if (c)
    return c;
  if (x->pid != y->pid)
    return x->pid < y->pid ? -1 : 1;
  return (x->fd > y->fd) - (x->fd < y->fd);
}

/* Whether KEY is one of the objects W looks for by device or by key.  */
static bool
wanted_key (struct walk const *w, struct ipc_users_key const *key)
{
  for (size_t i = 0; i < w->q->ndevs; i++)
    if (w->q->devs[i] == key->dev)
      return true;
  return (w->q->nkeys
          && bsearch (key, w->keys, w->q->nkeys, sizeof *w->keys,
                      compare_keys_qsort));
}

static int
add_entry (struct walk *w, struct ipc_users_key key, pid_t pid, int fd,
           unsigned int use)
{
  struct ipc_users *u = w->out;
  if (ipc_grow (&u->v, &w->alloc, u->n, sizeof *u->v, 64) != 0)
    return -1;
  u->v[u->n++] = (struct ipc_users_entry) { key, pid, fd, use };
  return 0;
}

/* Parse the decimal number NAME (no sign, no leading zero) into *N.  */
static bool
parse_number (char const *name, int *n)
{
  if (name[0] < '0' || name[0] > '9' || (name[0] == '0' && name[1]))
    return false;
  int v = 0;
  for (char const *p = name; *p; p++)
    if (*p < '0' || *p > '9' || ckd_mul (&v, v, 10) || ckd_add (&v, v, *p - '0'))
      return false;
  *n = v;
  return true;
}

/* Call FN (W, DIRFD, NUMBER) for each entry of directory DIRFD whose name
   is a number; stop at the first that returns nonzero and return that.
   A directory that cannot be read (its process is gone) ends early.  */
static int
each_number (struct walk *w, int dirfd,
             int (*fn) (struct walk *, int, int, void *), void *arg)
{
  for (;;)
    {
      ssize_t len = getdents64 (dirfd, w->buf, sizeof w->buf);
      if (len <= 0)
        return 0;
      for (ssize_t off = 0; off < len; )
        {
          struct dirent64 *d = (struct dirent64 *) (w->buf + off);
          off += d->d_reclen;
          int n;
          if (!parse_number (d->d_name, &n))
            continue;
          int rc = fn (w, dirfd, n, arg);
          if (rc)
            return rc;
        }
    }
}

/* Whether process PID, whose /proc entries we may not read, can hold
   nothing: a kernel thread (no descriptors, no memory of its own) or a
   zombie.  /proc/PID/stat is readable by anyone: its third field is the
   state, its ninth the flags (PF_KTHREAD).  */
static bool
holds_nothing (struct walk *w, pid_t pid)
{
  char path[REL_PATH_MAX];
  snprintf (path, sizeof path, "%d/stat", (int) pid);
  int fd = openat (w->proc, path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return true;                /* gone */
  char buf[512];
  ssize_t len;
  do
    len = read (fd, buf, sizeof buf - 1);
  while (len < 0 && errno == EINTR);
  close (fd);
  if (len <= 0)
    return true;
  buf[len] = '\0';
  /* The command name, in parentheses, may hold anything: the fields
     start after its last ')'.  */
  char *p = strrchr (buf, ')');
  if (!p || p[1] != ' ')
    return false;
  char state = p[2];
  if (state == 'Z' || state == 'X')
    return true;
  unsigned long flags;
  if (sscanf (p + 3, " %*d %*d %*d %*d %*d %lu", &flags) != 1)
    return false;
  return (flags & 0x00200000) != 0;     /* PF_KTHREAD */
}

/* Note that the walk could not read what it needed of process PID
   (ERR, the errno of opening it), unless PID is gone or holds nothing,
   or we are root: what root may not read (a process that the kernel's
   security policy hides even from root, such as the supervisor of a
   container) running as root would not show either.  */
static void
note_unreadable (struct walk *w, pid_t pid, int err)
{
  if (w->root || w->unreadable_pid == pid || (err != EACCES && err != EPERM)
      || holds_nothing (w, pid))
    return;
  w->unreadable_pid = pid;
  w->out->unreadable++;
}

/* each_number callback over /proc/PID/fd: note descriptor FD of process
   *ARG when it leads to an object sought.  */
static int
visit_fd (struct walk *w, int dirfd, int fd, void *arg)
{
  pid_t pid = *(pid_t *) arg;
  char name[16];
  snprintf (name, sizeof name, "%d", fd);
  struct stat st;
  /* Closed meanwhile, or not ours to look at: skip it.  */
  if (fstatat (dirfd, name, &st, 0) != 0)
    {
      note_unreadable (w, pid, errno);
      return 0;
    }
  struct ipc_users_key key = { st.st_dev, st.st_ino };
  if (!((w->q->type && (st.st_mode & S_IFMT) == w->q->type)
        || wanted_key (w, &key)))
    return 0;
  /* The link itself has the access mode of the open file in its
     permission bits (r for reading, w for writing), which spares
     reading fdinfo.  */
  struct stat link;
  unsigned int use = 0;
  if (fstatat (dirfd, name, &link, AT_SYMLINK_NOFOLLOW) == 0)
    use = ((link.st_mode & S_IRUSR ? IPC_USERS_READ : 0)
           | (link.st_mode & S_IWUSR ? IPC_USERS_WRITE : 0));
  return add_entry (w, key, pid, fd, use);
}

static int
walk_fds (struct walk *w, pid_t pid)
{
  char path[REL_PATH_MAX];
  snprintf (path, sizeof path, "%d/fd", (int) pid);
  int dirfd = openat (w->proc, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dirfd < 0)
    {
      note_unreadable (w, pid, errno);  /* gone, or not ours */
      return 0;
    }
  int rc = each_number (w, dirfd, visit_fd, &pid);
  close (dirfd);
  return rc;
}

/* Parse the hexadecimal number at *P up to the first byte not a hex
   digit, which must be END; advance *P past it.  */
static bool
parse_hex (char const **p, char end, uint64_t *v)
{
  char const *s = *p;
  uint64_t n = 0;
  for (;; s++)
    {
      int d = (*s >= '0' && *s <= '9' ? *s - '0'
               : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10
               : *s >= 'A' && *s <= 'F' ? *s - 'A' + 10 : -1);
      if (d < 0)
        break;
      if (n >> 60)
        return false;
      n = n * 16 + d;
    }
  if (s == *p || *s != end)
    return false;
  *v = n;
  *p = s + 1;
  return true;
}

/* Look at one line of /proc/PID/maps, of LEN bytes at LINE (no newline):
     START-END PERMS OFFSET MAJOR:MINOR INODE [PATH]
   and note it when it maps an object sought.  */
static int
visit_map_line (struct walk *w, pid_t pid, char *line, size_t len)
{
  line[len] = '\0';
  /* Skip the address range, permissions and offset.  */
  char const *p = line;
  for (int field = 0; field < 3; field++)
    {
      p = strchr (p, ' ');
      if (!p)
        return 0;
      p++;
    }
  uint64_t major, minor, inode = 0;
  if (!parse_hex (&p, ':', &major) || !parse_hex (&p, ' ', &minor)
      || major > UINT_MAX || minor > UINT_MAX)
    return 0;
  for (; *p >= '0' && *p <= '9'; p++)
    if (ckd_mul (&inode, inode, 10) || ckd_add (&inode, inode, *p - '0'))
      return 0;
  while (*p == ' ')
    p++;
  /* System V segments map as "/SYSV<key in hex> (deleted)", with the
     segment's id as inode; the first segment of an IPC namespace has
     id 0, the inode that otherwise marks anonymous memory.  */
  bool sysv = strncmp (p, "/SYSV", 5) == 0;
  if (inode == 0 && !sysv)
    return 0;                   /* anonymous memory, the heap, the stack */
  struct ipc_users_key key = { makedev (major, minor), inode };
  if (sysv && w->q->sysv_shm)
    key.dev = IPC_USERS_SYSV_SHM_DEV;
  else if (!wanted_key (w, &key))
    return 0;
  /* A segment maps as several lines (text and data, guard pages): one
     entry per object and process.  */
  struct ipc_users *u = w->out;
  for (size_t i = u->n; i-- > 0 && u->v[i].pid == pid; )
    if (u->v[i].fd < 0 && compare_keys (&u->v[i].key, &key) == 0)
      return 0;
  return add_entry (w, key, pid, -1, IPC_USERS_MAPPED);
}

static int
walk_maps (struct walk *w, pid_t pid)
{
  char path[REL_PATH_MAX];
  snprintf (path, sizeof path, "%d/maps", (int) pid);
  int fd = openat (w->proc, path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      note_unreadable (w, pid, errno);
      return 0;
    }
  /* Lines are read into the buffer and handled whole; a line longer
     than the buffer (a path of thousands of bytes) is dropped.  */
  size_t have = 0;
  bool dropping = false;
  int rc = 0;
  for (;;)
    {
      ssize_t r = read (fd, w->buf + have, sizeof w->buf - 1 - have);
      if (r < 0 && errno == EINTR)
        continue;
      if (r <= 0)
        break;                  /* the end, or the process exited */
      have += r;
      char *start = w->buf, *nl;
      while (rc == 0 && (nl = memchr (start, '\n', have - (start - w->buf))))
        {
          if (!dropping)
            rc = visit_map_line (w, pid, start, nl - start);
          dropping = false;
          start = nl + 1;
        }
      if (rc)
        break;
      have -= start - w->buf;
      memmove (w->buf, start, have);
      if (have == sizeof w->buf - 1)
        {
          have = 0;
          dropping = true;
        }
    }
  close (fd);
  return rc;
}

/* Look into process PID.  */
static int
walk_pid (struct walk *w, pid_t pid)
{
  if (pid <= 0 || pid == w->q->skip)
    return 0;
  if ((w->q->sources & IPC_USERS_FDS) && walk_fds (w, pid) != 0)
    return -1;
  if ((w->q->sources & IPC_USERS_MAPS) && walk_maps (w, pid) != 0)
    return -1;
  return 0;
}

/* The numbers of the processes in /proc, in a new array *PIDS of *N.
   They are read before any process is looked into, since the walk reuses
   the buffer.  */
static int
read_pids (struct walk *w, pid_t **pids, size_t *n)
{
  int dirfd = openat (w->proc, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dirfd < 0)
    return -1;
  pid_t *v = NULL;
  size_t count = 0, alloc = 0;
  int err = 0;
  for (;;)
    {
      ssize_t len = getdents64 (dirfd, w->buf, sizeof w->buf);
      if (len < 0)
        err = errno;
      if (len <= 0)
        break;
      for (ssize_t off = 0; off < len && !err; )
        {
          struct dirent64 *d = (struct dirent64 *) (w->buf + off);
          off += d->d_reclen;
          int pid;
          if (!parse_number (d->d_name, &pid))
            continue;
          if (ipc_grow (&v, &alloc, count, sizeof *v, 256) != 0)
            err = errno;
          else
            v[count++] = pid;
        }
      if (err)
        break;
    }
  close (dirfd);
  if (err)
    {
      free (v);
      errno = err;
      return -1;
    }
  *pids = v;
  *n = count;
  return 0;
}

int
ipc_users_find (struct ipc_users_query const *q, struct ipc_users *users)
{
  *users = (struct ipc_users) { NULL, 0, 0 };
  struct walk *w = malloc (sizeof *w);
  if (!w)
    return -1;
  *w = (struct walk) { .q = q, .out = users, .proc = -1,
                       .root = geteuid () == 0 };
  int rc = -1;
  pid_t *all = NULL;

  if (q->nkeys)
    {
      size_t bytes;
      if (ckd_mul (&bytes, q->nkeys, sizeof *w->keys))
        {
          errno = ENOMEM;
          goto done;
        }
      if (!(w->keys = malloc (bytes)))
        goto done;
      memcpy (w->keys, q->keys, bytes);
      qsort (w->keys, q->nkeys, sizeof *w->keys, compare_keys_qsort);
    }
  w->proc = open ("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (w->proc < 0)
    goto done;

  pid_t const *pids = q->pids;
  size_t npids = q->npids;
  if (!pids)
    {
      if (read_pids (w, &all, &npids) != 0)
        goto done;
      pids = all;
    }
  for (size_t i = 0; i < npids; i++)
    if (walk_pid (w, pids[i]) != 0)
      goto done;
  if (users->n > 1)
    qsort (users->v, users->n, sizeof *users->v, compare_entries);
  rc = 0;

 done:;
  int saved_errno = errno;
  if (rc != 0)
    ipc_users_free (users);
  free (all);
  free (w->keys);
  if (w->proc >= 0)
    close (w->proc);
  free (w);
  errno = saved_errno;
  return rc;
}

void
ipc_users_free (struct ipc_users *users)
{
  free (users->v);
  *users = (struct ipc_users) { NULL, 0, 0 };
}

struct ipc_users_entry const *
ipc_users_of (struct ipc_users const *users, struct ipc_users_key key,
              size_t *n)
{
  /* Binary search for the first entry of KEY.  */
  size_t lo = 0, hi = users->n;
  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      if (compare_keys (&users->v[mid].key, &key) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  size_t end = lo;
  while (end < users->n && compare_keys (&users->v[end].key, &key) == 0)
    end++;
  *n = end - lo;
  return *n ? &users->v[lo] : NULL;
}

int
ipc_users_pids (struct ipc_users const *users, struct ipc_users_key key,
                pid_t **pids, size_t *n)
{
  size_t count;
  struct ipc_users_entry const *e = ipc_users_of (users, key, &count);
  pid_t *v = NULL;
  size_t kept = 0;
  if (count)
    {
      size_t bytes;
      if (ckd_mul (&bytes, count, sizeof *v))
        {
          errno = ENOMEM;
          return -1;
        }
      if (!(v = malloc (bytes)))
        return -1;
      /* Sorted by PID within the object: drop the repeats.  */
      for (size_t i = 0; i < count; i++)
        if (kept == 0 || v[kept - 1] != e[i].pid)
          v[kept++] = e[i].pid;
    }
  *pids = v;
  *n = kept;
  return 0;
}

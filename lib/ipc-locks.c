/* The locks on the system, joined from /proc/locks and fdinfo.  */
#include <config.h>

#include "ipc-locks.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "ipc-users.h"

#include "ipc-fd.h"
#include "ipc-grow.h"

/* Whether fdinfo's lock line F describes the same lock as /proc/locks'
   line L: the lock numbers differ between the two files.  */
static bool
same_lock (struct ipc_proc_lock const *f, struct ipc_proc_lock const *l)
{
  return (!l->waiting && !f->waiting
          && f->pid == l->pid && f->inode == l->inode
          && f->dev_major == l->dev_major && f->dev_minor == l->dev_minor
          && f->start == l->start && f->end == l->end
          && strcmp (f->type, l->type) == 0
          && strcmp (f->access, l->access) == 0);
}

/* The file of lock L, as a key of ipc-users.h.  */
static struct ipc_users_key
lock_key (struct ipc_proc_lock const *l)
{
  return (struct ipc_users_key) { makedev (l->dev_major, l->dev_minor),
                                  l->inode };
}

static bool
on_file (struct ipc_proc_lock const *l, dev_t dev, ino_t ino)
{
  return (l->inode == ino && l->dev_major == major (dev)
          && l->dev_minor == minor (dev));
}

/* Note PID as a holder of INFO.  The walk gives the processes in
   increasing order, so a repeat can only be the last one.  */
static int
add_holder (struct ipc_lock_info *info, pid_t pid)
{
  size_t n = info->nholders;
  if (n > 0 && info->holder_pids[n - 1] == pid)
    return 0;
  char **holders = reallocarray (info->holders, n + 1, sizeof *holders);
  if (!holders)
    return -1;
  info->holders = holders;
  pid_t *pids = reallocarray (info->holder_pids, n + 1, sizeof *pids);
  if (!pids)
    return -1;
  info->holder_pids = pids;
  if (!(holders[n] = ipc_proc_pid_comm (pid)))
    return -1;
  pids[n] = pid;
  info->nholders = n + 1;
  return 0;
}

/* Descriptor FD of PID is on the file of some locks of SET: give them
   its path, and note PID as a holder of those that its fdinfo lists.  */
static int
visit_fd (struct ipc_lock_set *set, pid_t *first_holder, pid_t pid, int fd,
          struct ipc_users_key key)
{
  char link[64];
  bool need_path = false;
  for (size_t i = 0; i < set->n; i++)
    if (!set->locks[i].path && on_file (&set->locks[i].lock, key.dev,
                                        key.ino))
      need_path = true;
  if (need_path)
    {
      /* Link texts are at most a page long: d_path fails beyond that.  */
      char *target = malloc (PATH_MAX + 1);
      if (!target)
        return -1;
      snprintf (link, sizeof link, "/proc/%ld/fd/%d", (long) pid, fd);
      ssize_t len = readlink (link, target, PATH_MAX + 1);
      /* Anonymous inodes and the like have no path to show.  */
      if (len > 0 && len <= PATH_MAX && target[0] == '/')
        {
          target[len] = '\0';
          for (size_t i = 0; i < set->n; i++)
            {
              struct ipc_lock_info *info = &set->locks[i];
              if (!info->path && on_file (&info->lock, key.dev, key.ino)
                  && !(info->path = strdup (target)))
                {
                  free (target);
                  return -1;
                }
            }
        }
      free (target);
    }

  snprintf (link, sizeof link, "/proc/%ld/fdinfo/%d", (long) pid, fd);
  struct ipc_proc_lock *held;
  size_t nheld;
  if (ipc_proc_locks_read (link, &held, &nheld) != 0)
    return errno == ENOMEM ? -1 : 0;    /* closed meanwhile */
  int rc = 0;
  for (size_t k = 0; k < nheld && rc == 0; k++)
    for (size_t i = 0; i < set->n && rc == 0; i++)
      {
        struct ipc_lock_info *info = &set->locks[i];
        if (same_lock (&held[k], &info->lock))
          {
            rc = add_holder (info, pid);
            if (!first_holder[i])
              first_holder[i] = pid;
          }
      }
  free (held);
  return rc;
}

static void
free_info (struct ipc_lock_info *info)
{
  free (info->path);
  free (info->command);
  for (size_t h = 0; h < info->nholders; h++)
    free (info->holders[h]);
  free (info->holders);
  free (info->holder_pids);
}

void
ipc_locks_free (struct ipc_lock_set *set)
{
  for (size_t i = 0; i < set->n; i++)
    free_info (&set->locks[i]);
  free (set->locks);
  set->locks = NULL;
  set->n = 0;
}

bool
ipc_lock_involves (struct ipc_lock_info const *l, pid_t pid)
{
  if (l->pid == pid)
    return true;
  for (size_t h = 0; h < l->nholders; h++)
    if (l->holder_pids[h] == pid)
      return true;
  return false;
}

/* The held lock that waiter W of SET waits for, or null: a waiter's line
   follows the line of that lock, with the same number.  */
static struct ipc_lock_info const *
waited_lock (struct ipc_lock_set const *set, size_t w)
{
  for (size_t k = 0; k < set->n; k++)
    if (!set->locks[k].lock.waiting
        && set->locks[k].lock.id == set->locks[w].lock.id)
      return &set->locks[k];
  return NULL;
}

/* Whether PID holds the held lock L, as far as we know: the process
   shown for it, or one of the holders found (every process that shares
   its open file description, which a child inherits).  */
static bool
holds (struct ipc_lock_info const *l, pid_t pid)
{
  return pid > 0 && ipc_lock_involves (l, pid);
}

/* Whether waiter I of SET is in a cycle: it waits for a lock held by a
   process that waits for a lock held by ... a process that is I's.
   "Held by" is every holder, not only the process /proc/locks names:
   flock(1) takes a lock, its child inherits it and then waits for
   another, so the cycle goes through the child.  A depth-first search
   over the waiters' lines, each visited once.  Return 1 or 0, or -1
   with errno set.  */
static int
in_cycle (struct ipc_lock_set const *set, size_t i)
{
  pid_t start = set->locks[i].pid;
  if (start <= 0)
    return 0;
  size_t n = set->n;
  bool *seen = calloc (n, sizeof *seen);
  size_t *stack = calloc (n, sizeof *stack);
  if (!seen || !stack)
    {
      free (seen);
      free (stack);
      return -1;
    }
  size_t top = 0;
  stack[top++] = i;
  seen[i] = true;
  int found = 0;
  while (top > 0 && !found)
    {
      struct ipc_lock_info const *held = waited_lock (set, stack[--top]);
      if (!held)
        continue;
      if (holds (held, start))
        found = 1;
      /* Go on through the holders of HELD that wait themselves.  */
      for (size_t k = 0; k < n && !found; k++)
        if (!seen[k] && set->locks[k].lock.waiting
            && holds (held, set->locks[k].pid))
          {
            seen[k] = true;
            stack[top++] = k;
          }
    }
  free (seen);
  free (stack);
  return found;
}

static int
compare_pids (void const *a, void const *b)
{
  pid_t x = *(pid_t const *) a, y = *(pid_t const *) b;
  return (x > y) - (x < y);
}

/* Allocate N elements of SIZE bytes, zeroed, at least one.  */
static void *
zalloc (size_t n, size_t size)
{
  return calloc (n ? n : 1, size);
}

/* Whether a process waits for the held lock L of SET: a waiter's line
   has the number of the lock it waits for.  */
static bool
waited_for (struct ipc_lock_set const *set, struct ipc_proc_lock const *l)
{
  for (size_t i = 0; i < set->n; i++)
    if (set->locks[i].lock.waiting && set->locks[i].lock.id == l->id)
      return true;
  return false;
}

/* Whether process PID, whose descriptors we may not read, cannot hold
   a descriptor anyway: a kernel thread (PF_KTHREAD in the flags of
   /proc/PID/stat, which anyone may read) or a zombie.  A process gone
   meanwhile counts as one that cannot.  */
static bool
holds_no_descriptor (int proc, pid_t pid)
{
  char path[32];
  snprintf (path, sizeof path, "%d/stat", (int) pid);
  int fd = openat (proc, path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return true;
  char buf[512];
  ssize_t len = read (fd, buf, sizeof buf - 1);
  close (fd);
  if (len <= 0)
    return true;
  buf[len] = '\0';
  /* "PID (COMM) STATE PPID PGRP SESSION TTY TPGID FLAGS ...": COMM may
     hold blanks and parentheses, so start after the last ')'.  */
  char const *p = strrchr (buf, ')');
  if (!p)
    return false;
  p++;
  char state = 0;
  unsigned long flags = 0;
  if (sscanf (p, " %c %*d %*d %*d %*d %*d %lu", &state, &flags) != 2)
    return false;
  unsigned long const pf_kthread = 0x00200000;
  return state == 'Z' || state == 'X' || (flags & pf_kthread);
}

/* The processes whose descriptors we may read, in a new sorted array
   *PIDS of *N, and in *UNREADABLE how many others could hold a
   descriptor (kernel threads and zombies cannot).  */
struct readable_pids
{
  int proc;
  pid_t *pids;
  size_t n, alloc, unreadable;
};

static int
note_readable (pid_t pid, void *arg)
{
  struct readable_pids *r = arg;
  char path[32];
  snprintf (path, sizeof path, "%d/fd", (int) pid);
  if (faccessat (r->proc, path, R_OK | X_OK, AT_EACCESS) != 0)
    {
      if (errno != ENOENT && errno != ESRCH
          && !holds_no_descriptor (r->proc, pid))
        r->unreadable++;
      return 0;
    }
  if (ipc_grow (&r->pids, &r->alloc, r->n, sizeof *r->pids, 256) != 0)
    return -1;
  r->pids[r->n++] = pid;
  return 0;
}

static int
readable_pids (pid_t **pids, size_t *n, size_t *unreadable)
{
  struct readable_pids r = { .proc = open ("/proc", O_RDONLY | O_DIRECTORY
                                           | O_CLOEXEC) };
  if (r.proc < 0)
    return -1;
  int rc = ipc_proc_each_pid (note_readable, &r);
  int saved_errno = errno;
  close (r.proc);
  if (rc != 0)
    {
      free (r.pids);
      errno = saved_errno;
      return -1;
    }
  *pids = r.pids;
  *n = r.n;
  *unreadable = r.unreadable;
  return 0;
}

/* Look into the descriptors on the files KEYS (NKEYS of them) of the
   NPIDS processes PIDS, or of every process but the NSKIP sorted ones
   SKIP when PIDS is null, for the paths and holders of SET's locks.  */
static int
walk_for_holders (struct ipc_lock_set *set, pid_t *first_holder,
                  struct ipc_users_key const *keys, size_t nkeys,
                  pid_t const *pids, size_t npids,
                  pid_t const *skip, size_t nskip)
{
  /* A descriptor we inherited (after 'exec 9>>F; ipc-lock acquire fd:9')
     makes us a holder too; the one who looks is not the one to
     report.  */
  struct ipc_users_query q = {
    .sources = IPC_USERS_FDS, .keys = keys, .nkeys = nkeys,
    .pids = pids, .npids = npids, .skip = getpid ()
  };
  struct ipc_users users;
  int rc = ipc_users_find (&q, &users);
  for (size_t u = 0; rc == 0 && u < users.n; u++)
    {
      pid_t pid = users.v[u].pid;
      if (nskip && bsearch (&pid, skip, nskip, sizeof pid, compare_pids))
        continue;               /* looked into already */
      rc = visit_fd (set, first_holder, pid, users.v[u].fd, users.v[u].key);
    }
  ipc_users_free (&users);
  return rc;
}

/* Whether a held lock of SET (on the file of ONLY, when not null) has no
   live process and no holder found: a lock of the queue of writer
   preference needs none unless someone waits for it, as 'ls' does not
   show it.  */
static bool
orphaned (struct ipc_lock_set const *set, struct stat const *only,
          pid_t const *first_holder)
{
  for (size_t i = 0; i < set->n; i++)
    {
      struct ipc_proc_lock const *l = &set->locks[i].lock;
      if ((only && !on_file (l, only->st_dev, only->st_ino))
          || l->waiting || first_holder[i] || ipc_proc_exists (l->pid))
        continue;
      if (!(ipc_lock_in_queue (l) && !waited_for (set, l)))
        return true;
    }
  return false;
}

/* Find the paths and holders of the locks of SET whose file is of
   interest (all, or the one of ONLY) by looking at the descriptors of
   the processes that the walk needs, as ipc_locks_collect says.  */
static int
find_holders (struct ipc_lock_set *set, struct stat const *only,
              unsigned int flags, pid_t const *pids, size_t npids,
              pid_t *first_holder)
{
  size_t n = set->n;
  struct ipc_users_key *keys = zalloc (n, sizeof *keys);
  pid_t *walked = zalloc (n + npids, sizeof *walked);
  if (!keys || !walked)
    {
      free (keys);
      free (walked);
      return -1;
    }
  size_t nkeys = 0, nwalked = 0;
  for (size_t i = 0; i < n; i++)
    {
      struct ipc_proc_lock const *l = &set->locks[i].lock;
      if (only && !on_file (l, only->st_dev, only->st_ino))
        continue;
      keys[nkeys++] = lock_key (l);
      walked[nwalked++] = l->pid;
    }
  for (size_t i = 0; i < npids; i++)
    walked[nwalked++] = pids[i];
  /* Each process once: several locks name the same one.  */
  if (nwalked > 1)
    qsort (walked, nwalked, sizeof *walked, compare_pids);
  size_t kept = 0;
  for (size_t i = 0; i < nwalked; i++)
    if (kept == 0 || walked[kept - 1] != walked[i])
      walked[kept++] = walked[i];
  nwalked = kept;

  /* The processes that /proc/locks and PIDS name first, unless every
     holder is wanted; then every other process, only when a held lock
     is still without a live process and a holder: an OFD lock (which
     names none) whose holder is not among them, or a lock whose taker
     exited and left its descriptor to another (a child, the calling
     shell).  The OFD lock that a waiting ipc-lock holds for writer
     preference is found in the first walk: that process is named by its
     own waiting line.  */
  int rc = 0;
  bool everyone = flags & IPC_LOCKS_HOLDERS;
  if (nkeys && everyone)
    {
      /* Every process we may read, and how many we may not.  */
      pid_t *readable;
      size_t nreadable;
      rc = readable_pids (&readable, &nreadable, &set->unreadable);
      if (rc == 0)
        {
          rc = walk_for_holders (set, first_holder, keys, nkeys,
                                 readable, nreadable, NULL, 0);
          free (readable);
        }
    }
  else if (nkeys)
    rc = walk_for_holders (set, first_holder, keys, nkeys, walked, nwalked,
                           NULL, 0);
  if (rc == 0 && nkeys && !everyone && orphaned (set, only, first_holder))
    rc = walk_for_holders (set, first_holder, keys, nkeys, NULL, 0,
                           walked, nwalked);
  free (keys);
  free (walked);
  return rc;
}

int
ipc_locks_collect (struct ipc_lock_set *set, struct stat const *only,
                   unsigned int flags, pid_t const *pids, size_t npids)
{
  struct ipc_proc_lock *raw;
  size_t n;
  *set = (struct ipc_lock_set) { NULL, 0, 0 };
  if (ipc_proc_locks_read (NULL, &raw, &n) != 0)
    return -1;
  set->locks = zalloc (n, sizeof *set->locks);
  pid_t *first_holder = zalloc (n, sizeof *first_holder);
  if (!set->locks || !first_holder)
    {
      free (raw);
      free (set->locks);
      free (first_holder);
      set->locks = NULL;
      return -1;
    }
  set->n = n;
  for (size_t i = 0; i < n; i++)
    set->locks[i].lock = raw[i];
  free (raw);

  int rc = find_holders (set, only, flags, pids, npids, first_holder);

  /* The kernel names the process that took the lock, which may have
     exited, or none for OFD locks: prefer a live holder then, and the
     PID the kernel gives when none was found (another user's process
     we may not look into).  A posix lock belongs to the process that
     took it, which holds it as long as it lives: its holder needs no
     look into its descriptors.  Other locks belong to an open file
     description, which any process may share, so their holders are
     all known only when every process could be looked into.  */
  for (size_t i = 0; rc == 0 && i < n; i++)
    {
      struct ipc_lock_info *info = &set->locks[i];
      pid_t pid = info->lock.pid;
      bool alive = ipc_proc_exists (pid);
      if (!info->lock.waiting && !alive && first_holder[i])
        pid = first_holder[i];
      info->pid = pid > 0 ? pid : 0;
      bool posix = strcmp (info->lock.type, "POSIX") == 0;
      if (!info->lock.waiting && posix && alive && info->nholders == 0)
        rc = add_holder (info, pid);
      info->holders_partial = (!info->lock.waiting && set->unreadable > 0
                               && !(posix && alive));
      if (info->pid && ipc_proc_exists (info->pid))
        {
          char comm[64];
          info->command = strdup (ipc_proc_comm (info->pid, comm,
                                                 sizeof comm));
          if (!info->command)
            rc = -1;
        }
    }
  free (first_holder);

  /* A waiter's line follows the line of the lock it waits for, with the
     same number.  */
  for (size_t i = 0; rc == 0 && i < n; i++)
    if (set->locks[i].lock.waiting)
      for (size_t k = 0; k < n; k++)
        if (!set->locks[k].lock.waiting
            && set->locks[k].lock.id == set->locks[i].lock.id)
          {
            set->locks[i].blocker = set->locks[k].pid;
            if (!set->locks[i].path && set->locks[k].path
                && !(set->locks[i].path = strdup (set->locks[k].path)))
              rc = -1;
            break;
          }
  if (rc != 0)
    {
      int saved_errno = errno;
      ipc_locks_free (set);
      errno = saved_errno;
      return -1;
    }
  for (size_t i = 0; i < n; i++)
    if (set->locks[i].lock.waiting)
      {
        int cycle = in_cycle (set, i);
        if (cycle < 0)
          {
            int saved_errno = errno;
            ipc_locks_free (set);
            errno = saved_errno;
            return -1;
          }
        set->locks[i].deadlocked = cycle;
      }

  if (only)
    {
      size_t kept = 0;
      for (size_t i = 0; i < n; i++)
        {
          struct ipc_lock_info info = set->locks[i];
          if (on_file (&info.lock, only->st_dev, only->st_ino))
            set->locks[kept++] = info;
          else
            free_info (&info);
        }
      set->n = kept;
    }
  return 0;
}

/* ---- Taking and releasing locks ------------------------------------ */

#define QUEUE IPC_LOCK_QUEUE_BASE

static struct flock
fcntl_lock (short l_type, off_t start, off_t len)
{
  struct flock fl;
  memset (&fl, 0, sizeof fl);
  fl.l_type = l_type;
  fl.l_whence = SEEK_SET;
  fl.l_start = start;
  fl.l_len = len;
  return fl;
}

/* Whether REQ can use the queue, and then the range of its turnstile in
   *START and *LEN.  */
static bool
queue_range (struct ipc_lock_req const *req, off_t *start, off_t *len)
{
  if (req->type == IPC_LOCK_FLOCK)
    {
      *start = QUEUE;
      *len = 1;
      return true;
    }
  if (req->start < 0 || req->len < 0
      || (req->len == 0 ? req->start >= QUEUE : req->len > QUEUE - req->start))
    return false;
  *start = QUEUE + 1 + req->start;
  *len = req->len;
  return true;
}

/* Take REQ once on FD, blocking if WAIT.  A range to the end of the file
   stops below the queue, so that our own locks never cover it.  */
static int
lock_once (int fd, struct ipc_lock_req const *req, bool wait)
{
  if (req->type == IPC_LOCK_FLOCK)
    return flock (fd, ((req->shared ? LOCK_SH : LOCK_EX)
                       | (wait ? 0 : LOCK_NB)));

  off_t len = req->len;
  if (len == 0 && req->start >= 0 && req->start < QUEUE)
    len = QUEUE - req->start;
  struct flock fl = fcntl_lock (req->shared ? F_RDLCK : F_WRLCK,
                                req->start, len);
  int cmd = (req->type == IPC_LOCK_OFD
             ? (wait ? F_OFD_SETLKW : F_OFD_SETLK)
             : (wait ? F_SETLKW : F_SETLK));
  int r = fcntl (fd, cmd, &fl);
  if (r < 0 && !wait && (errno == EACCES || errno == EAGAIN))
    errno = EWOULDBLOCK;        /* F_SETLK says busy either way */
  return r;
}

int
ipc_lock_try (int fd, struct ipc_lock_req const *req)
{
  off_t qstart, qlen;
  if (req->shared && queue_range (req, &qstart, &qlen))
    {
      struct flock fl = fcntl_lock (F_RDLCK, qstart, qlen);
      if (fcntl (fd, F_OFD_GETLK, &fl) == 0 && fl.l_type == F_WRLCK
          && fl.l_start >= QUEUE)
        {
          errno = EWOULDBLOCK;
          return -1;
        }
    }
  return lock_once (fd, req, false);
}

/* A descriptor for the queue of REQ on FD, open with FLAGS.  A posix
   request takes its queue lock on FD itself: closing any other
   descriptor of the file would drop the process's posix locks on it.
   Others open a description of their own through /proc, so that the
   queue lock goes away with this process even when FD's description is
   the caller's (fd:N) and outlives us.  -1 when there is none.  */
static int
queue_open (int fd, struct ipc_lock_req const *req, int flags)
{
  if (req->type == IPC_LOCK_POSIX)
    return fd;
  struct stat st;
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    return -1;
  char path[sizeof "/proc/self/fd/" + 3 * sizeof (int)];
  snprintf (path, sizeof path, "/proc/self/fd/%d", fd);
  return ipc_fd_open (path, flags | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
}

/* Leave the queue: drop the queue lock at QSTART, QLEN on QFD.  Keeps
   errno.  */
static void
queue_close (int qfd, int fd, off_t qstart, off_t qlen)
{
  int saved = errno;
  if (qfd == fd)
    {
      struct flock fl = fcntl_lock (F_UNLCK, qstart, qlen);
      fcntl (qfd, F_OFD_SETLK, &fl);
    }
  else
    close (qfd);
  errno = saved;
}

/* An F_OFD_SETLKW for ipc_deadline_call.  */
struct setlkw
{
  int fd;
  struct flock fl;
};

static int
setlkw (void *arg)
{
  struct setlkw *a = arg;
  return fcntl (a->fd, F_OFD_SETLKW, &a->fl);
}

/* A blocking lock_once for ipc_deadline_call.  */
struct lock_wait
{
  int fd;
  struct ipc_lock_req const *req;
};

static int
lock_wait (void *arg)
{
  struct lock_wait *a = arg;
  return lock_once (a->fd, a->req, true);
}

/* A shared request behind a queued writer: wait until the writer has
   the lock and leaves the turnstile (a read lock on it, dropped at once).
   Return 0, or -1 with ETIMEDOUT.  When the queue cannot be used, return
   0: the request then waits as a plain one.  */
static int
pass_turnstile (int fd, struct ipc_lock_req const *req, off_t qstart,
                off_t qlen, struct ipc_deadline const *d)
{
  int qfd = queue_open (fd, req, O_RDONLY);
  if (qfd < 0)
    return ipc_deadline_expired (d) ? (errno = ETIMEDOUT, -1) : 0;
  struct setlkw a = { qfd, fcntl_lock (F_RDLCK, qstart, qlen) };
  int r = ipc_deadline_call (d, setlkw, &a, NULL);
  queue_close (qfd, fd, qstart, qlen);
  return r != 0 && errno == ETIMEDOUT ? -1 : 0;
}

/* An exclusive request that found the lock busy: write-lock its
   turnstile, after the writers queued before it.  Return the queue
   descriptor holding it; -1 with ETIMEDOUT; or -2 when the queue cannot
   be used: no write access, or an fcntl lock of another program covers
   the turnstile (we must not wait for a lock that the request itself
   does not conflict with).  */
static int
enter_turnstile (int fd, struct ipc_lock_req const *req, off_t qstart,
                 off_t qlen, struct ipc_deadline const *d)
{
  int qfd = queue_open (fd, req, O_RDWR);
  if (qfd < 0)
    return -2;
  struct setlkw a = { qfd, fcntl_lock (F_WRLCK, qstart, qlen) };
  if (fcntl (qfd, F_OFD_SETLK, &a.fl) == 0)
    return qfd;
  if (errno == EAGAIN || errno == EACCES)
    {
      struct flock probe = a.fl;
      if (fcntl (qfd, F_OFD_GETLK, &probe) == 0
          && (probe.l_type == F_UNLCK || probe.l_start >= QUEUE))
        {
          if (ipc_deadline_call (d, setlkw, &a, NULL) == 0)
            return qfd;
          if (errno == ETIMEDOUT)
            {
              queue_close (qfd, fd, qstart, qlen);
              return -1;
            }
        }
    }
  queue_close (qfd, fd, qstart, qlen);
  return -2;
}

int
ipc_lock_take (int fd, struct ipc_lock_req const *req,
               struct ipc_deadline const *d)
{
  if (ipc_lock_try (fd, req) == 0)
    return 0;
  if (errno != EWOULDBLOCK)
    return -1;
  if (ipc_deadline_expired (d))
    {
      errno = ETIMEDOUT;
      return -1;
    }

  off_t qstart, qlen;
  bool queue = queue_range (req, &qstart, &qlen);
  int qfd = -1;
  if (queue && req->shared)
    {
      if (pass_turnstile (fd, req, qstart, qlen, d) != 0)
        return -1;
      if (lock_once (fd, req, false) == 0)
        return 0;
      if (errno != EWOULDBLOCK)
        return -1;
    }
  else if (queue)
    {
      qfd = enter_turnstile (fd, req, qstart, qlen, d);
      if (qfd == -1)
        return -1;
    }

  struct lock_wait a = { fd, req };
  int r = ipc_deadline_call (d, lock_wait, &a, NULL);
  if (qfd >= 0)
    queue_close (qfd, fd, qstart, qlen);
  return r;
}

int
ipc_lock_release (int fd, struct ipc_lock_req const *req)
{
  if (req->type == IPC_LOCK_FLOCK)
    return flock (fd, LOCK_UN);
  if (req->type != IPC_LOCK_OFD)
    {
      errno = EINVAL;
      return -1;
    }
  /* An unlock to the end of the file also covers our shorter lock.  */
  struct flock fl = fcntl_lock (F_UNLCK, req->start, req->len);
  return fcntl (fd, F_OFD_SETLK, &fl);
}

bool
ipc_lock_in_queue (struct ipc_proc_lock const *l)
{
  return strcmp (l->type, "OFDLCK") == 0 && l->start >= (uint64_t) QUEUE;
}

int
ipc_lock_open (char const *path, mode_t mode, struct stat *st)
{
  int const flags = O_NOCTTY | O_NOFOLLOW | O_NONBLOCK;
  /* Our descriptor must not land on a closed 0-2 and be moved: the
     close would drop posix locks that this process may hold on PATH.  */
  int reserved = ipc_fd_reserve_std ();
  int fd = -1;
  for (int attempt = 0; attempt < 100 && fd < 0; attempt++)
    {
      /* Look before opening: opening a device has effects of its own,
         and a FIFO would block without O_NONBLOCK.  */
      if (lstat (path, st) == 0)
        {
          if (S_ISLNK (st->st_mode))
            {
              errno = ELOOP;
              break;
            }
          if (!S_ISREG (st->st_mode))
            {
              errno = EINVAL;
              break;
            }
          fd = open (path, O_RDWR | flags);
          if (fd < 0 && (errno == EACCES || errno == EROFS
                         || errno == ETXTBSY))
            fd = open (path, O_RDONLY | flags);
          if (fd < 0 && errno != ENOENT)
            break;
          continue;
        }
      if (errno != ENOENT)
        break;
      fd = open (path, O_RDWR | O_CREAT | O_EXCL | flags, mode);
      /* The umask must not change the mode the user asked for.  */
      if (fd >= 0 && fchmod (fd, mode) != 0)
        {
          int saved = errno;
          close (fd);
          errno = saved;
          fd = -1;
          break;
        }
      if (fd < 0 && errno != EEXIST)
        break;
      /* EEXIST: someone created it between our two looks; look again.  */
    }
  ipc_fd_unreserve_std (reserved);
  if (fd < 0)
    return -1;

  /* It may have been replaced between the look and the open.  */
  if (fstat (fd, st) != 0 || !S_ISREG (st->st_mode))
    {
      int saved = S_ISREG (st->st_mode) ? errno : EINVAL;
      close (fd);
      errno = saved;
      return -1;
    }
  /* O_NONBLOCK was for the open only: the command inherits the
     description.  No other status flag was set.  */
  if (fcntl (fd, F_SETFL, 0) != 0)
    {
      int saved = errno;
      close (fd);
      errno = saved;
      return -1;
    }
  return ipc_fd_high (fd, false);
}

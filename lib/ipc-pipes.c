/* The pipes and FIFOs in use on the system, from /proc/PID/fd.  */
#include <config.h>

#include "ipc-pipes.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ipc-deadline.h"
#include "ipc-fd.h"
#include "ipc-grow.h"
#include "ipc-io.h"
#include "ipc-users.h"
#include "ipc-units.h"

int
ipc_fifo_create (char const *path, mode_t mode)
{
  if (mkfifo (path, mode) != 0)
    return -1;
  /* mkfifo applied the umask: set the mode again, on the FIFO itself and
     never through a symbolic link planted meanwhile.  */
  if (fchmodat (AT_FDCWD, path, mode, AT_SYMLINK_NOFOLLOW) != 0)
    {
      int saved_errno = errno;
      struct stat st;
      if (lstat (path, &st) == 0 && S_ISFIFO (st.st_mode))
        unlink (path);
      errno = saved_errno;
      return -1;
    }
  return 0;
}

/* Fail with EINVAL unless ST is a FIFO's.  */
static int
check_fifo (struct stat const *st)
{
  if (S_ISFIFO (st->st_mode))
    return 0;
  errno = EINVAL;
  return -1;
}

/* What a blocking open of a FIFO needs, for ipc_deadline_call.  */
struct fifo_open
{
  char const *path;
  int flags;
};

static int
open_fifo (void *arg)
{
  struct fifo_open const *f = arg;
  return open (f->path, f->flags);
}

/* Open the FIFO PATH for writing, waiting up to TIMEOUT for a reader.
   O_NONBLOCK does not wait at all (ENXIO without a reader), and a
   blocking open has no timeout of its own: try the first, then block
   under the deadline's alarm.  */
static int
open_for_write (char const *path, int flags, struct timespec timeout)
{
  int fd = open (path, flags | O_NONBLOCK);
  if (fd >= 0 || errno != ENXIO)
    return fd;
  struct ipc_deadline deadline;
  ipc_deadline_start (&deadline, timeout);
  struct fifo_open f = { path, flags };
  return ipc_deadline_call (&deadline, open_fifo, &f, NULL);
}

int
ipc_fifo_open (char const *path, int access, struct timespec timeout)
{
  struct stat st;
  if (stat (path, &st) != 0 || check_fifo (&st) != 0)
    return -1;
  int flags = access | O_CLOEXEC | O_NOCTTY;
  int fd = ipc_fd_high (access == O_WRONLY
                        ? open_for_write (path, flags, timeout)
                        : open (path, flags | O_NONBLOCK), true);
  if (fd < 0)
    return -1;
  bool nonblock = access != O_WRONLY || !ipc_duration_is_infinite (timeout);
  if (fstat (fd, &st) != 0 || check_fifo (&st) != 0
      || ipc_io_set_nonblock (fd, nonblock) != 0)
    {
      int saved_errno = errno;
      close (fd);
      errno = saved_errno;
      return -1;
    }
  return fd;
}

/* Room for "/proc/PID/fd/FD".  */
enum { PROC_FD_PATH_MAX = 64 };

/* The device of pipefs, where anonymous pipes live: that of a pipe of
   our own.  */
static int
pipefs_dev (dev_t *dev)
{
  int fds[2];
  if (pipe2 (fds, O_CLOEXEC) != 0)
    return -1;
  struct stat st;
  int rc = fstat (fds[0], &st);
  int saved_errno = errno;
  close (fds[0]);
  close (fds[1]);
  errno = saved_errno;
  if (rc == 0)
    *dev = st.st_dev;
  return rc;
}

/* The lists of the processes in entries E[0..N) of one object (sorted by
   PID) that have it open for writing and for reading, each once.  */
static int
collect_ends (struct ipc_pipe *p, struct ipc_users_entry const *e, size_t n)
{
  if (!(p->writers = calloc (n, sizeof *p->writers))
      || !(p->readers = calloc (n, sizeof *p->readers)))
    return -1;
  for (size_t i = 0; i < n; i++)
    {
      pid_t pid = e[i].pid;
      if ((e[i].use & IPC_USERS_WRITE)
          && (p->nwriters == 0 || p->writers[p->nwriters - 1] != pid))
        p->writers[p->nwriters++] = pid;
      if (e[i].use & IPC_USERS_READ)
        {
          if (p->nreaders == 0 || p->readers[p->nreaders - 1] != pid)
            p->readers[p->nreaders++] = pid;
          if (p->probe_pid == 0)
            {
              p->probe_pid = pid;
              p->probe_fd = e[i].fd;
            }
        }
    }
  return 0;
}

/* The path of a FIFO, as its link in /proc/PID/fd/FD reads; "" when the
   descriptor was closed meanwhile.  */
static char *
fifo_name (pid_t pid, int fd)
{
  char path[PROC_FD_PATH_MAX];
  snprintf (path, sizeof path, "/proc/%ld/fd/%d", (long) pid, fd);
  char *target = malloc (PATH_MAX + 1);
  if (!target)
    return NULL;
  ssize_t len = readlink (path, target, PATH_MAX + 1);
  if (len < 0 || len > PATH_MAX)
    len = 0;
  target[len] = '\0';
  char *name = realloc (target, len + 1);
  return name ? name : target;
}

/* qsort comparison: pipes by inode, then FIFOs by name.  */
static int
compare_pipes (void const *a, void const *b)
{
  struct ipc_pipe const *x = a, *y = b;
  if (x->key.fifo != y->key.fifo)
    return x->key.fifo ? 1 : -1;
  if (x->key.fifo)
    {
      int c = strcmp (x->name, y->name);
      if (c)
        return c;
    }
  return (x->key.ino > y->key.ino) - (x->key.ino < y->key.ino);
}

/* Whether PID is one of the NPIDS sorted processes PIDS.  */
static bool
pid_in (pid_t pid, pid_t const *pids, size_t npids)
{
  size_t lo = 0, hi = npids;
  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      if (pids[mid] == pid)
        return true;
      if (pids[mid] < pid)
        lo = mid + 1;
      else
        hi = mid;
    }
  return false;
}

/* Whether one of the M entries at E is of a process of PIDS.  */
static bool
used_by (struct ipc_users_entry const *e, size_t m, pid_t const *pids,
         size_t npids)
{
  for (size_t i = 0; i < m; i++)
    if (pid_in (e[i].pid, pids, npids))
      return true;
  return false;
}

int
ipc_pipes_scan (struct ipc_pipe_key const *only, pid_t const *pids,
                size_t npids, bool all_ends, struct ipc_pipe **pipes,
                size_t *n, size_t *unreadable)
{
  dev_t pipefs;
  if (pipefs_dev (&pipefs) != 0)
    return -1;
  /* Every pipe and FIFO is of type S_IFIFO, whatever its file system;
     one object is sought by its key.  An anonymous pipe is known by its
     inode alone (SPEC names it pipe:[INODE]), which is unique in pipefs. */
  struct ipc_users_key key;
  if (only)
    key = (struct ipc_users_key) { only->fifo ? only->dev : pipefs,
                                   only->ino };
  struct ipc_users_query q = {
    .sources = IPC_USERS_FDS,
    .type = only ? 0 : S_IFIFO,
    .keys = only ? &key : NULL, .nkeys = only ? 1 : 0,
    .pids = pids && !all_ends ? pids : NULL, .npids = npids
  };
  struct ipc_users users;
  if (ipc_users_find (&q, &users) != 0)
    return -1;
  *unreadable = users.unreadable;

  struct ipc_pipe *v = NULL;
  size_t count = 0, alloc = 0;
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < users.n; )
    {
      size_t m;
      struct ipc_users_entry const *e = ipc_users_of (&users, users.v[i].key,
                                                      &m);
      i += m;
      if (pids && !used_by (e, m, pids, npids))
        continue;
      if (ipc_grow (&v, &alloc, count, sizeof *v, 8) != 0)
        {
          rc = -1;
          break;
        }
      struct ipc_pipe *p = &v[count++];
      bool fifo = e->key.dev != pipefs;
      *p = (struct ipc_pipe) { .key = { fifo, fifo ? e->key.dev : 0,
                                        e->key.ino } };
      char buf[32];
      snprintf (buf, sizeof buf, "pipe:[%ju]", (uintmax_t) e->key.ino);
      p->name = fifo ? fifo_name (e->pid, e->fd) : strdup (buf);
      if (!p->name || collect_ends (p, e, m) != 0)
        rc = -1;
    }
  int saved_errno = errno;
  ipc_users_free (&users);
  if (rc != 0)
    {
      ipc_pipes_free (v, count);
      errno = saved_errno;
      return -1;
    }
  if (count > 1)
    qsort (v, count, sizeof *v, compare_pipes);
  *pipes = v;
  *n = count;
  return 0;
}

void
ipc_pipes_free (struct ipc_pipe *pipes, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      free (pipes[i].name);
      free (pipes[i].writers);
      free (pipes[i].readers);
    }
  free (pipes);
}

/* Whether ST is the object of KEY.  */
static bool
stat_is (struct stat const *st, struct ipc_pipe_key const *key)
{
  return S_ISFIFO (st->st_mode) && st->st_ino == key->ino
         && (!key->fifo || st->st_dev == key->dev);
}

int
ipc_pipe_probe (struct ipc_pipe const *p, long *capacity, long *queued)
{
  if (p->probe_pid == 0)
    {
      errno = ENXIO;
      return -1;
    }
  char path[PROC_FD_PATH_MAX];
  snprintf (path, sizeof path, "/proc/%ld/fd/%d", (long) p->probe_pid,
            p->probe_fd);
  /* The descriptor may have been closed, and its number reused, since
     the scan: look before opening, and check again what was opened.  */
  struct stat st;
  if (stat (path, &st) != 0)
    return -1;
  if (!stat_is (&st, &p->key))
    {
      errno = ESTALE;
      return -1;
    }
  int fd = open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  int result = -1;
  if (fstat (fd, &st) != 0)
    goto done;
  if (!stat_is (&st, &p->key))
    {
      errno = ESTALE;
      goto done;
    }
  *capacity = ipc_pipe_get_size (fd);
  *queued = ipc_pipe_queued (fd);
  if (*capacity >= 0 && *queued >= 0)
    result = 0;
 done:;
  int saved_errno = errno;
  close (fd);
  errno = saved_errno;
  return result;
}

bool
ipc_pipe_fd_is_anonymous (int fd)
{
  char path[64], target[64];
  snprintf (path, sizeof path, "/proc/self/fd/%d", fd);
  ssize_t n = readlink (path, target, sizeof target - 1);
  if (n < 0)
    return false;
  target[n] = '\0';
  return strncmp (target, "pipe:[", 6) == 0;
}

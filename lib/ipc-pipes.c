/* The pipes and FIFOs in use on the system, from /proc/PID/fd.  */
#include <config.h>

#include "ipc-pipes.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdckdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ipc-grow.h"
#include "ipc-io.h"
#include "ipc-proc.h"

/* Room for "/proc/PID/fd/FD".  */
enum { PROC_FD_PATH_MAX = 64 };

/* What ipc_pipes_scan collects while ipc_proc_each_fd walks /proc.  */
struct scan
{
  struct ipc_pipe_key const *only;
  struct ipc_pipe *pipes;
  size_t n, alloc;
};

/* The inode of an anonymous pipe's link text "pipe:[INODE]"; false when
   TARGET is not one.  */
static bool
parse_pipe_target (char const *target, ino_t *ino)
{
  if (strncmp (target, "pipe:[", 6) != 0)
    return false;
  char *end;
  errno = 0;
  uintmax_t n = strtoumax (target + 6, &end, 10);
  if (end == target + 6 || errno || strcmp (end, "]") != 0
      || n != (ino_t) n)
    return false;
  *ino = n;
  return true;
}

static bool
same_key (struct ipc_pipe_key const *a, struct ipc_pipe_key const *b)
{
  return a->fifo == b->fifo && a->ino == b->ino
         && (!a->fifo || a->dev == b->dev);
}

/* Add PID to the list *V of *N processes, unless it ends it already:
   the walk visits each process's descriptors together.  */
static int
add_pid (pid_t **v, size_t *n, pid_t pid)
{
  if (*n > 0 && (*v)[*n - 1] == pid)
    return 0;
  /* The lists are short: grow them one at a time.  */
  size_t count, bytes;
  if (ckd_add (&count, *n, 1) || ckd_mul (&bytes, count, sizeof **v))
    {
      errno = ENOMEM;
      return -1;
    }
  pid_t *p = realloc (*v, bytes);
  if (!p)
    return -1;
  *v = p;
  (*v)[(*n)++] = pid;
  return 0;
}

/* ipc_proc_each_fd callback: note a descriptor on a pipe or a FIFO, at
   the end its fdinfo access mode says.  Only link texts "pipe:[N]" and
   paths can be one; a path is one when what it leads to is a FIFO.  */
static int
visit_fd (pid_t pid, int fd, char const *target, void *arg)
{
  struct scan *s = arg;
  struct ipc_pipe_key key = { .fifo = false };
  if (!parse_pipe_target (target, &key.ino))
    {
      if (target[0] != '/' || (s->only && !s->only->fifo))
        return 0;
      char path[PROC_FD_PATH_MAX];
      snprintf (path, sizeof path, "/proc/%ld/fd/%d", (long) pid, fd);
      struct stat st;
      if (stat (path, &st) != 0 || !S_ISFIFO (st.st_mode))
        return 0;
      key = (struct ipc_pipe_key) { .fifo = true, .dev = st.st_dev,
                                    .ino = st.st_ino };
    }
  if (s->only && !same_key (s->only, &key))
    return 0;
  struct ipc_fdinfo info;
  if (ipc_proc_fdinfo (pid, fd, &info) != 0)
    return 0;                   /* gone meanwhile */

  struct ipc_pipe *p = NULL;
  for (size_t i = s->n; i-- > 0; )
    if (same_key (&s->pipes[i].key, &key))
      {
        p = &s->pipes[i];
        break;
      }
  if (!p)
    {
      if (ipc_grow (&s->pipes, &s->alloc, s->n, sizeof *s->pipes, 8) != 0)
        return -1;
      p = &s->pipes[s->n];
      *p = (struct ipc_pipe) { .key = key, .name = strdup (target) };
      if (!p->name)
        return -1;
      s->n++;
    }
  int access = info.flags & O_ACCMODE;
  if ((access == O_WRONLY || access == O_RDWR)
      && add_pid (&p->writers, &p->nwriters, pid) != 0)
    return -1;
  if (access == O_RDONLY || access == O_RDWR)
    {
      if (add_pid (&p->readers, &p->nreaders, pid) != 0)
        return -1;
      if (p->probe_pid == 0)
        {
          p->probe_pid = pid;
          p->probe_fd = fd;
        }
    }
  return 0;
}

static int
compare_pids (void const *a, void const *b)
{
  pid_t x = *(pid_t const *) a, y = *(pid_t const *) b;
  return (x > y) - (x < y);
}

/* Sort the list V of *N processes and drop repeats, in case the walk
   did not visit each process once and in order.  */
static void
sort_pids (pid_t *v, size_t *n)
{
  if (*n < 2)
    return;
  qsort (v, *n, sizeof *v, compare_pids);
  size_t kept = 1;
  for (size_t i = 1; i < *n; i++)
    if (v[i] != v[kept - 1])
      v[kept++] = v[i];
  *n = kept;
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

int
ipc_pipes_scan (struct ipc_pipe_key const *only, struct ipc_pipe **pipes,
                size_t *n)
{
  struct scan s = { .only = only };
  if (ipc_proc_each_fd (0, visit_fd, &s) != 0)
    {
      int saved_errno = errno;
      ipc_pipes_free (s.pipes, s.n);
      errno = saved_errno;
      return -1;
    }
  for (size_t i = 0; i < s.n; i++)
    {
      sort_pids (s.pipes[i].writers, &s.pipes[i].nwriters);
      sort_pids (s.pipes[i].readers, &s.pipes[i].nreaders);
    }
  if (s.n > 1)
    qsort (s.pipes, s.n, sizeof *s.pipes, compare_pipes);
  *pipes = s.pipes;
  *n = s.n;
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

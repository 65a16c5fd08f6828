/* POSIX named objects in /dev/mqueue and /dev/shm.  */
#include <config.h>

#include "ipc-posix.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include "ipc-grow.h"
#include "ipc-proc.h"

int
ipc_posix_dir_check (char const *dir, unsigned long magic)
{
  struct statfs fs;
  if (statfs (dir, &fs) != 0)
    return -1;
  if ((unsigned long) fs.f_type != magic)
    {
      errno = ENODEV;
      return -1;
    }
  return 0;
}

/* qsort comparison of two names.  */
static int
compare_names (void const *a, void const *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

void
ipc_posix_names_free (char **names, size_t n)
{
  for (size_t i = 0; i < n; i++)
    free (names[i]);
  free (names);
}

int
ipc_posix_names (char const *dir, char ***names_out, size_t *n_out)
{
  DIR *d = opendir (dir);
  if (!d)
    return -1;
  char **names = NULL;
  size_t n = 0, alloc = 0;
  struct dirent *e;
  int err = 0;
  for (errno = 0; (e = readdir (d)); errno = 0)
    {
      if (e->d_name[0] == '.')
        continue;
      if (ipc_grow (&names, &alloc, n, sizeof *names, 32) != 0)
        {
          err = errno;
          break;
        }
      size_t len = strlen (e->d_name);
      char *name = malloc (len + 2);
      if (!name)
        {
          err = errno;
          break;
        }
      name[0] = '/';
      memcpy (name + 1, e->d_name, len + 1);
      names[n++] = name;
    }
  if (!err && errno != 0)
    err = errno;
  closedir (d);
  if (err)
    {
      ipc_posix_names_free (names, n);
      errno = err;
      return -1;
    }
  if (n > 1)
    qsort (names, n, sizeof *names, compare_names);
  *names_out = names;
  *n_out = n;
  return 0;
}

/* What ipc_posix_openers collects while ipc_proc_each_fd walks /proc.  */
struct openers_walk
{
  dev_t dev;
  pid_t skip;
  struct ipc_posix_opener *v;
  size_t n, alloc;
};

/* ipc_proc_each_fd callback: keep descriptors that lead to a file of
   the device sought.  Only link texts that start with '/' can: POSIX
   queues show as "/NAME", files of /dev/shm as "/dev/shm/NAME", while
   sockets, pipes and anonymous inodes show as "type:[...]".  */
static int
collect_opener (pid_t pid, int fd, char const *target, void *arg)
{
  struct openers_walk *w = arg;
  if (pid == w->skip || target[0] != '/')
    return 0;
  char path[64];
  snprintf (path, sizeof path, "/proc/%d/fd/%d", (int) pid, fd);
  struct stat st;
  if (stat (path, &st) != 0 || st.st_dev != w->dev)
    return 0;
  if (ipc_grow (&w->v, &w->alloc, w->n, sizeof *w->v, 64) != 0)
    return -1;
  w->v[w->n].ino = st.st_ino;
  w->v[w->n].pid = pid;
  w->n++;
  return 0;
}

/* qsort comparison of openers: by inode, then PID.  */
static int
compare_openers (void const *a, void const *b)
{
  struct ipc_posix_opener const *x = a, *y = b;
  if (x->ino != y->ino)
    return x->ino < y->ino ? -1 : 1;
  return (x->pid > y->pid) - (x->pid < y->pid);
}

int
ipc_posix_openers (dev_t dev, pid_t skip,
                   struct ipc_posix_opener **openers, size_t *n)
{
  struct openers_walk w = { .dev = dev, .skip = skip };
  if (ipc_proc_each_fd (0, collect_opener, &w) != 0)
    {
      int saved_errno = errno;
      free (w.v);
      errno = saved_errno;
      return -1;
    }
  if (w.n > 1)
    qsort (w.v, w.n, sizeof *w.v, compare_openers);
  /* One entry per process and object, however many descriptors.  */
  size_t kept = 0;
  for (size_t i = 0; i < w.n; i++)
    if (kept == 0 || w.v[i].ino != w.v[kept - 1].ino
        || w.v[i].pid != w.v[kept - 1].pid)
      w.v[kept++] = w.v[i];
  *openers = w.v;
  *n = kept;
  return 0;
}

size_t
ipc_posix_openers_of (struct ipc_posix_opener const *openers, size_t n,
                      ino_t ino, size_t *count)
{
  /* Binary search for the first entry with inode INO.  */
  size_t lo = 0, hi = n;
  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      if (openers[mid].ino < ino)
        lo = mid + 1;
      else
        hi = mid;
    }
  size_t end = lo;
  while (end < n && openers[end].ino == ino)
    end++;
  *count = end - lo;
  return lo;
}

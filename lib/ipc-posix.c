/* POSIX named objects in /dev/mqueue and /dev/shm.  */
#include <config.h>

#include "ipc-posix.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "ipc-grow.h"

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

/* qsort comparison of two objects, by name.  */
static int
compare_objects (void const *a, void const *b)
{
  struct ipc_posix_object const *x = a, *y = b;
  return strcmp (x->name, y->name);
}

void
ipc_posix_list_free (struct ipc_posix_list *list)
{
  for (size_t i = 0; i < list->n; i++)
    free (list->objects[i].name);
  free (list->objects);
  list->objects = NULL;
  list->n = 0;
}

int
ipc_posix_list (char const *dir, unsigned long magic, char const *prefix,
                bool prefixed, struct ipc_posix_list *list)
{
  *list = (struct ipc_posix_list) { 0, NULL, 0 };
  int dirfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dirfd < 0)
    return -1;
  struct statfs fs;
  struct stat st;
  DIR *d = NULL;
  if (fstatfs (dirfd, &fs) == 0)
    {
      if ((unsigned long) fs.f_type != magic)
        errno = ENODEV;
      else if (fstat (dirfd, &st) == 0)
        d = fdopendir (dirfd);
    }
  if (!d)
    {
      int e = errno;
      close (dirfd);
      errno = e;
      return -1;
    }
  list->dev = st.st_dev;
  size_t plen = prefix ? strlen (prefix) : 0;
  size_t alloc = 0;
  struct dirent *e;
  int err = 0;
  for (errno = 0; (e = readdir (d)); errno = 0)
    {
      char const *name = e->d_name;
      if (name[0] == '.')
        continue;
      if (prefix)
        {
          bool has = strncmp (name, prefix, plen) == 0 && name[plen];
          if (has != prefixed)
            continue;
          if (has)
            name += plen;
        }
      /* Removed meanwhile: not there.  */
      if (fstatat (dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        {
          if (errno == ENOENT)
            continue;
          err = errno;
          break;
        }
      /* Every POSIX object is a regular file of its file system; a
         symlink, FIFO or directory that someone put there is none.  */
      if (!S_ISREG (st.st_mode))
        continue;
      if (ipc_grow (&list->objects, &alloc, list->n, sizeof *list->objects,
                    32) != 0)
        {
          err = errno;
          break;
        }
      size_t len = strlen (name);
      char *copy = malloc (len + 2);
      if (!copy)
        {
          err = errno;
          break;
        }
      copy[0] = '/';
      memcpy (copy + 1, name, len + 1);
      list->objects[list->n++] = (struct ipc_posix_object) { copy, st };
    }
  if (!err && errno != 0)
    err = errno;
  closedir (d);
  if (err)
    {
      ipc_posix_list_free (list);
      errno = err;
      return -1;
    }
  if (list->n > 1)
    qsort (list->objects, list->n, sizeof *list->objects, compare_objects);
  return 0;
}

char const *
ipc_posix_mount_command (char const *dir)
{
  if (strcmp (dir, IPC_POSIX_MQUEUE_DIR) == 0)
    return "mkdir -p " IPC_POSIX_MQUEUE_DIR " && mount -t mqueue none "
      IPC_POSIX_MQUEUE_DIR;
  if (strcmp (dir, IPC_POSIX_SHM_DIR) == 0)
    return "mkdir -p " IPC_POSIX_SHM_DIR " && mount -t tmpfs -o "
      "mode=1777,nosuid,nodev tmpfs " IPC_POSIX_SHM_DIR;
  return NULL;
}

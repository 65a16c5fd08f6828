/* Pidfiles, read with care and written atomically.  */
#include <config.h>

#include "ipc-pidfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "intprops.h"

#include "ipc-fd.h"

static int
fail (int err, char const *reason, char const **why)
{
  *why = reason;
  errno = err;
  return -1;
}

static bool
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int
ipc_pidfile_parse (char const *buf, size_t len, pid_t *pid,
                   char const **why)
{
  size_t i = 0;
  while (i < len && is_space (buf[i]))
    i++;
  if (i == len)
    return fail (EINVAL, "empty", why);
  uintmax_t n = 0;
  bool overflow = false;
  size_t digits = 0;
  for (; i < len && '0' <= buf[i] && buf[i] <= '9'; i++, digits++)
    {
      overflow |= n > (UINTMAX_MAX - 9) / 10;
      n = n * 10 + (buf[i] - '0');
    }
  while (i < len && is_space (buf[i]))
    i++;
  if (digits == 0 || i < len)
    return fail (EINVAL, "not one decimal PID", why);
  if (overflow || n > TYPE_MAXIMUM (pid_t))
    return fail (ERANGE, "PID out of range", why);
  if (n == 0)
    return fail (ERANGE, "PID 0 is not a process", why);
  *pid = n;
  return 0;
}

/* Open PATH for reading if it is a regular file, and nothing else, not
   even for a moment (opening a device may act on it, opening a FIFO may
   block): the file is looked at through an O_PATH descriptor, which
   opens nothing, and that very file is then opened through
   /proc/self/fd, so that a FIFO or a device put at PATH in between is
   never opened.  Without /proc, PATH is opened again, without blocking,
   and must still be the same file.  */
static int
open_regular (char const *path, char const **why)
{
  int pfd = ipc_fd_open (path, O_PATH | O_CLOEXEC, 0);
  if (pfd < 0)
    return -1;
  struct stat st, again;
  if (fstat (pfd, &st) != 0)
    {
      int err = errno;
      close (pfd);
      errno = err;
      return -1;
    }
  if (!S_ISREG (st.st_mode))
    {
      close (pfd);
      return fail (EINVAL, "not a regular file", why);
    }
  int const flags = O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
  char proc[64];
  snprintf (proc, sizeof proc, "/proc/self/fd/%d", pfd);
  int fd = ipc_fd_open (proc, flags, 0);
  if (fd < 0 && errno == ENOENT)
    fd = ipc_fd_open (path, flags, 0);
  int err = errno;
  close (pfd);
  if (fd < 0)
    {
      errno = err;
      return -1;
    }
  if (fstat (fd, &again) != 0 || again.st_dev != st.st_dev
      || again.st_ino != st.st_ino)
    {
      close (fd);
      return fail (EINVAL, "not a regular file", why);
    }
  return fd;
}

int
ipc_pidfile_read (char const *path, pid_t *pid, char const **why)
{
  *why = NULL;
  int fd = open_regular (path, why);
  if (fd < 0)
    return -1;
  char buf[IPC_PIDFILE_MAX + 1];
  size_t len = 0;
  while (len < sizeof buf)
    {
      ssize_t n = read (fd, buf + len, sizeof buf - len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int err = errno;
          close (fd);
          errno = err;
          return -1;
        }
      if (n == 0)
        break;
      len += n;
    }
  close (fd);
  if (len > IPC_PIDFILE_MAX)
    return fail (EINVAL, "too large for a pidfile", why);
  return ipc_pidfile_parse (buf, len, pid, why);
}

int
ipc_pidfile_write (struct ipc_pidfile *pf, char const *path, pid_t pid,
                   mode_t mode)
{
  pf->path = NULL;
  /* The temporary file is in PATH's directory, for rename, under a
     short name of its own: PATH's last component with a suffix would
     not fit NAME_MAX when that component is near it already.  */
  static char const tmp_name[] = ".ipc-pidfile.XXXXXX";
  char const *slash = strrchr (path, '/');
  size_t dir_len = slash ? slash + 1 - path : 0;
  char *tmp = malloc (dir_len + sizeof tmp_name);
  char *copy = strdup (path);
  if (!tmp || !copy)
    {
      free (tmp);
      free (copy);
      errno = ENOMEM;
      return -1;
    }
  memcpy (tmp, path, dir_len);
  strcpy (tmp + dir_len, tmp_name);
  int fd = ipc_fd_high (mkostemp (tmp, O_CLOEXEC), true);
  if (fd < 0)
    {
      int err = errno;
      free (tmp);
      free (copy);
      errno = err;
      return -1;
    }
  char text[INT_BUFSIZE_BOUND (pid_t) + 1];
  int n = snprintf (text, sizeof text, "%ld\n", (long) pid);
  struct stat st;
  int done = 0;
  bool ok = fchmod (fd, mode) == 0;
  while (ok && done < n)
    {
      ssize_t w = write (fd, text + done, n - done);
      if (w < 0 && errno == EINTR)
        continue;
      if (w <= 0)
        {
          if (w == 0)
            errno = EIO;
          ok = false;
        }
      else
        done += w;
    }
  ok = ok && fstat (fd, &st) == 0;
  int err = errno;
  if (close (fd) != 0 && ok)
    {
      ok = false;
      err = errno;
    }
  if (ok && rename (tmp, path) != 0)
    {
      ok = false;
      err = errno;
    }
  if (!ok)
    {
      unlink (tmp);
      free (tmp);
      free (copy);
      errno = err;
      return -1;
    }
  free (tmp);
  pf->path = copy;
  pf->dev = st.st_dev;
  pf->ino = st.st_ino;
  return 0;
}

int
ipc_pidfile_remove (struct ipc_pidfile *pf)
{
  if (!pf->path)
    return 0;
  int err = errno, result = 0;
  struct stat st;
  if (lstat (pf->path, &st) == 0 && st.st_dev == pf->dev
      && st.st_ino == pf->ino && unlink (pf->path) != 0 && errno != ENOENT)
    {
      err = errno;
      result = -1;
    }
  free (pf->path);
  pf->path = NULL;
  errno = err;
  return result;
}

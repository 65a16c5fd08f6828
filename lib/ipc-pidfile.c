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

int
ipc_pidfile_read (char const *path, pid_t *pid, char const **why)
{
  *why = NULL;
  /* Look before opening: opening a device may act on it.  */
  struct stat st;
  if (stat (path, &st) != 0)
    return -1;
  if (!S_ISREG (st.st_mode))
    return fail (EINVAL, "not a regular file", why);
  /* Without blocking: what was a file a moment ago may be a FIFO now.  */
  int fd = ipc_fd_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC,
                        0);
  if (fd < 0)
    return -1;
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      int err = errno;
      close (fd);
      if (S_ISREG (st.st_mode))
        {
          errno = err;
          return -1;
        }
      return fail (EINVAL, "not a regular file", why);
    }
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
  size_t len = strlen (path);
  char *tmp = malloc (len + sizeof ".XXXXXX");
  char *copy = strdup (path);
  if (!tmp || !copy)
    {
      free (tmp);
      free (copy);
      errno = ENOMEM;
      return -1;
    }
  memcpy (tmp, path, len);
  strcpy (tmp + len, ".XXXXXX");
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

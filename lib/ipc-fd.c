/* Our descriptors are never 0, 1 or 2.  */
#include <config.h>

#include "ipc-fd.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

int
ipc_fd_high (int fd, bool cloexec)
{
  if (fd < 0 || fd >= IPC_FD_MIN)
    return fd;
  int high = fcntl (fd, cloexec ? F_DUPFD_CLOEXEC : F_DUPFD, IPC_FD_MIN);
  int saved = errno;
  close (fd);
  errno = saved;
  return high;
}

int
ipc_fd_open (char const *path, int flags, mode_t mode)
{
  return ipc_fd_high (open (path, flags, mode), (flags & O_CLOEXEC) != 0);
}

int
ipc_fd_pipe (int fds[2], int flags)
{
  if (pipe2 (fds, flags) != 0)
    return -1;
  bool cloexec = (flags & O_CLOEXEC) != 0;
  /* Move the read end first: if it fails, the write end is still ours
     to close.  */
  fds[0] = ipc_fd_high (fds[0], cloexec);
  if (fds[0] < 0)
    {
      int saved = errno;
      close (fds[1]);
      errno = saved;
      return -1;
    }
  fds[1] = ipc_fd_high (fds[1], cloexec);
  if (fds[1] < 0)
    {
      int saved = errno;
      close (fds[0]);
      errno = saved;
      return -1;
    }
  return 0;
}

int
ipc_fd_reserve_std (void)
{
  int reserved = 0;
  for (int fd = 0; fd < IPC_FD_MIN; fd++)
    if (fcntl (fd, F_GETFD) < 0)
      {
        /* open returns the lowest free number: FD, or one below it that
           was closed meanwhile and is filled as well.  */
        int got = open ("/dev/null", O_RDONLY | O_CLOEXEC);
        if (got < 0)
          break;
        if (got >= IPC_FD_MIN)
          {
            close (got);
            break;
          }
        reserved |= 1 << got;
        if (got != fd)
          fd--;
      }
  return reserved;
}

void
ipc_fd_unreserve_std (int reserved)
{
  int saved = errno;
  for (int fd = 0; fd < IPC_FD_MIN; fd++)
    if (reserved & (1 << fd))
      close (fd);
  errno = saved;
}

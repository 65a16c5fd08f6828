/* Our descriptors are never 0, 1 or 2 (SPEC section 7).

   When the caller closed stdin, stdout or stderr (`cmd >&-`), open(2),
   pipe(2), socket(2) and mq_open(3) hand out the lowest free number, so
   a lock file, a FIFO or a socket of ours would silently become the
   standard stream of whatever writes or reads it next: a command we
   exec would write its output into the lock file, our own error
   messages would go into a FIFO as data for its readers, a copy loop
   would copy a descriptor into itself.

   The rule, for every command and every lib module: each descriptor we
   make for our own use goes through ipc_fd_high (or is made by
   ipc_fd_open or ipc_fd_pipe), which moves it to 3 or above and closes
   the low number again.  So the caller's closed 0-2 stay closed: the
   command we exec sees them closed, and a write to a closed stdout
   fails (EBADF) as it would have without us, which flock(1) also
   keeps.  We never fill 0-2 with /dev/null: that would hide the
   caller's choice from the command.

   A descriptor that a command we exec must inherit (the lock of
   'ipc-lock run') is moved without close-on-exec; every other one is
   close-on-exec.  Like the rest of lib, these functions never print;
   they return -1 with errno set.  */
#ifndef IPC_FD_H
#define IPC_FD_H

#include <stdbool.h>
#include <sys/types.h>

/* The lowest descriptor number we use for ourselves.  */
enum { IPC_FD_MIN = 3 };

/* Return FD when it is IPC_FD_MIN or above (its close-on-exec flag
   untouched).  Otherwise return a duplicate numbered IPC_FD_MIN or
   above, close-on-exec when CLOEXEC, and close FD, so that the slot
   the caller left closed is closed again.  On failure close FD and
   return -1 with errno set.  A negative FD is returned as it is, errno
   untouched, so that the call can wrap the one that made FD:
     int fd = ipc_fd_high (socket (...), true);
   Move a descriptor before locking through it: closing any descriptor
   of a file drops the process's POSIX (fcntl F_SETLK) locks on it.  */
int ipc_fd_high (int fd, bool cloexec);

/* open(2) whose result is never 0, 1 or 2.  The result is close-on-exec
   when FLAGS has O_CLOEXEC (also after a move).  */
int ipc_fd_open (char const *path, int flags, mode_t mode);

/* pipe2(2) whose two ends are never 0, 1 or 2.  On failure no
   descriptor is left open.  */
int ipc_fd_pipe (int fds[2], int flags);

/* Fill those of 0, 1 and 2 that are closed with /dev/null, so that the
   descriptors made next are 3 or above without being moved.  For a
   file whose descriptor must never be closed once open: closing any
   descriptor of a file drops the process's POSIX locks on it, which a
   command chain-loaded by 'ipc-lock run --type posix' may hold.  Return
   the set of those filled (for ipc_fd_unreserve_std), 0 when none was
   closed or /dev/null cannot be opened.  */
int ipc_fd_reserve_std (void);

/* Close again the descriptors that ipc_fd_reserve_std filled.  Keeps
   errno.  */
void ipc_fd_unreserve_std (int reserved);

#endif

/* FIFOs made and opened as ipc-pipe needs them, and the pipes and FIFOs
   in use on the system with who holds their ends, found through
   /proc/PID/fd and fdinfo.  Never prints; returns -1 with errno set on
   failure.  */
#ifndef IPC_PIPES_H
#define IPC_PIPES_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include <sys/types.h>

/* Make PATH a FIFO of exactly MODE, whatever the umask or a default ACL
   say.  An existing file is EEXIST and is left alone; a FIFO that cannot
   be given its mode is removed again.  */
int ipc_fifo_create (char const *path, mode_t mode);

/* Open the FIFO PATH for ACCESS (O_RDONLY, O_WRONLY or O_RDWR), close on
   exec, as a descriptor never 0, 1 or 2 (ipc-fd.h).  Anything but a FIFO is refused with EINVAL before it is opened
   (opening a device may have effects of its own) and again after, in
   case it was replaced meanwhile.  Opening for reading (or both) never
   waits, and the descriptor is non-blocking: the wait for a writer is
   the wait for data.  Opening for writing waits up to TIMEOUT
   (IPC_DURATION_INFINITE: for ever) for a reader, then ETIMEDOUT; the
   descriptor is non-blocking unless TIMEOUT is infinite, so that each
   later wait can go through poll and its own limit.  */
int ipc_fifo_open (char const *path, int access, struct timespec timeout);

/* Whether descriptor FD of this process is an anonymous pipe (its link
   in /proc/self/fd reads "pipe:[INODE]"), not a FIFO.  */
bool ipc_pipe_fd_is_anonymous (int fd);

/* Which object: an anonymous pipe is known by its inode in pipefs, a FIFO
   by the device and inode of its file.  */
struct ipc_pipe_key
{
  bool fifo;
  dev_t dev;                /* FIFO only */
  ino_t ino;
};

struct ipc_pipe
{
  struct ipc_pipe_key key;
  char *name;               /* "pipe:[INODE]", or the FIFO's path */
  /* Processes with a descriptor open for writing (O_WRONLY or O_RDWR)
     and for reading (O_RDONLY or O_RDWR), each once, in PID order.  */
  pid_t *writers, *readers;
  size_t nwriters, nreaders;
  /* A descriptor of a reader, through which ipc_pipe_probe looks; PID 0
     when there is no reader.  */
  pid_t probe_pid;
  int probe_fd;
};

/* Every pipe and FIFO that some process has open, or only the one of
   ONLY when it is not null (then *N is 0 or 1), into a new array *PIPES
   of *N entries: pipes in inode order, then FIFOs in name order.

   When PIDS is not null, only the pipes and FIFOs that one of the NPIDS
   processes PIDS has open ('ls --pid').  Their writers, readers and probe
   descriptor are then complete only with ALL_ENDS, which looks into
   every process; without it, only those processes are looked into, and
   only they appear as writers and readers.

   *UNREADABLE is how many processes could not be looked into (another
   user's, ipc-users.h): the pipes they hold, and they as writers and
   readers, are missing.  */
int ipc_pipes_scan (struct ipc_pipe_key const *only, pid_t const *pids,
                    size_t npids, bool all_ends, struct ipc_pipe **pipes,
                    size_t *n, size_t *unreadable);
void ipc_pipes_free (struct ipc_pipe *pipes, size_t n);

/* The capacity and queued bytes of P, looked at through a new descriptor
   on a reader's /proc/PID/fd/FD, opened for reading without blocking.
   Opening it adds a reader for a moment and consumes nothing; it is only
   done when P already has one, so that no writer waiting in open(2) for
   a reader is let through and then left without one.  Return 0, or -1
   with errno set (ENXIO when P has no reader).  */
int ipc_pipe_probe (struct ipc_pipe const *p, long *capacity, long *queued);

#endif

/* The locks on the system, as 'ipc-lock ls' and 'stat' show them: each
   line of /proc/locks joined with what the processes' fdinfo says, so
   that a lock taken by a process that has exited (flock(1) before its
   child, a chain-loaded command) is still attributed to the processes
   that hold its descriptor, and waiters to the process they wait for.  */
#ifndef IPC_LOCKS_H
#define IPC_LOCKS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "ipc-proc.h"

struct ipc_lock_info
{
  struct ipc_proc_lock lock;   /* as /proc/locks says */
  char *path;                  /* from a holder's /proc/PID/fd, or null */
  pid_t pid;                   /* holder or waiter; 0 if none is known */
  char *command;               /* its command name, or null */
  pid_t blocker;               /* waiter: the holder it waits for, or 0 */
  bool deadlocked;             /* waiter in a cycle of waiters */
  char **holders;              /* "PID:COMMAND" of processes whose */
  pid_t *holder_pids;          /*   descriptors hold this lock, and */
  size_t nholders;             /*   their PIDs, in increasing order */
};

struct ipc_lock_set
{
  struct ipc_lock_info *locks;
  size_t n;
};

enum ipc_locks_flags
{
  /* Every holder of every lock: look into every process.  */
  IPC_LOCKS_HOLDERS = 1 << 0
};

/* Collect every lock, or when ONLY is not null the locks on the file
   ONLY describes.

   What it costs grows with the locks, not with the processes: paths are
   read from the descriptors of the processes that /proc/locks names (as
   lslocks does) and of the NPIDS processes PIDS, and only the holders
   among those are found.  Every process is looked into, once, with
   IPC_LOCKS_HOLDERS, or when a held lock names a process that is gone
   (flock(1) taken by a command that exited, its descriptor inherited) or
   none (OFD locks): then its holder, path and command come from whoever
   holds its descriptor now.

   Return 0, or -1 with errno set; never prints, never exits.  */
int ipc_locks_collect (struct ipc_lock_set *set, struct stat const *only,
                       unsigned int flags, pid_t const *pids, size_t npids);
void ipc_locks_free (struct ipc_lock_set *set);

/* Whether PID holds or waits for lock L: its process, or one of the
   holders found.  */
bool ipc_lock_involves (struct ipc_lock_info const *l, pid_t pid);

#endif

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
  char *command;               /* its command name */
  pid_t blocker;               /* waiter: the holder it waits for, or 0 */
  bool deadlocked;             /* waiter in a cycle of waiters */
  char **holders;              /* "PID:COMMAND" of every process whose */
  size_t nholders;             /*   descriptors hold this lock */
};

struct ipc_lock_set
{
  struct ipc_lock_info *locks;
  size_t n;
};

/* Collect every lock, or when ONLY is not null the locks on the file
   ONLY describes.  Return 0, or -1 with errno set.  */
int ipc_locks_collect (struct ipc_lock_set *set, struct stat const *only);
void ipc_locks_free (struct ipc_lock_set *set);

#endif

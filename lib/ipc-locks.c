/* The locks on the system, joined from /proc/locks and fdinfo.  */
#include <config.h>

#include "ipc-locks.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "xalloc.h"

/* Whether fdinfo's lock line F describes the same lock as /proc/locks'
   line L: the lock numbers differ between the two files.  */
static bool
same_lock (struct ipc_proc_lock const *f, struct ipc_proc_lock const *l)
{
  return (!l->waiting && !f->waiting
          && f->pid == l->pid && f->inode == l->inode
          && f->dev_major == l->dev_major && f->dev_minor == l->dev_minor
          && f->start == l->start && f->end == l->end
          && strcmp (f->type, l->type) == 0
          && strcmp (f->access, l->access) == 0);
}

static bool
on_file (struct ipc_proc_lock const *l, dev_t dev, ino_t ino)
{
  return (l->inode == ino && l->dev_major == major (dev)
          && l->dev_minor == minor (dev));
}

static void
add_holder (struct ipc_lock_info *info, pid_t pid)
{
  char prefix[32];
  int len = snprintf (prefix, sizeof prefix, "%ld:", (long) pid);
  for (size_t i = 0; i < info->nholders; i++)
    if (strncmp (info->holders[i], prefix, len) == 0)
      return;
  info->holders = xreallocarray (info->holders, info->nholders + 1,
                                 sizeof *info->holders);
  info->holders[info->nholders++] = ipc_proc_pid_comm (pid);
}

/* State of the walk over every descriptor of every process.  */
struct fd_walk
{
  struct ipc_lock_set *set;
  pid_t *first_holder;         /* per lock */
  pid_t self;
};

/* For a descriptor on a locked file, note its path and, from its fdinfo,
   which of the locks it holds.  */
static int
visit_fd (pid_t pid, int fd, char const *target, void *arg)
{
  struct fd_walk *w = arg;
  if (target[0] != '/')
    return 0;                  /* pipes, sockets, anonymous inodes */
  /* A descriptor we inherited (after 'exec 9>>F; ipc-lock acquire fd:9')
     makes us a holder too; the one who looks is not the one to report.  */
  if (pid == w->self)
    return 0;
  char link[64];
  snprintf (link, sizeof link, "/proc/%ld/fd/%d", (long) pid, fd);
  struct stat st;
  if (stat (link, &st) != 0)
    return 0;

  bool locked_file = false;
  for (size_t i = 0; i < w->set->n; i++)
    {
      struct ipc_lock_info *info = &w->set->locks[i];
      if (!on_file (&info->lock, st.st_dev, st.st_ino))
        continue;
      locked_file = true;
      if (!info->path)
        info->path = xstrdup (target);
    }
  if (!locked_file)
    return 0;

  char fdinfo[64];
  snprintf (fdinfo, sizeof fdinfo, "/proc/%ld/fdinfo/%d", (long) pid, fd);
  struct ipc_proc_lock *held;
  size_t nheld;
  if (ipc_proc_locks_read (fdinfo, &held, &nheld) != 0)
    return 0;
  for (size_t k = 0; k < nheld; k++)
    for (size_t i = 0; i < w->set->n; i++)
      {
        struct ipc_lock_info *info = &w->set->locks[i];
        if (same_lock (&held[k], &info->lock))
          {
            add_holder (info, pid);
            if (!w->first_holder[i])
              w->first_holder[i] = pid;
          }
      }
  free (held);
  return 0;
}

static void
free_info (struct ipc_lock_info *info)
{
  free (info->path);
  free (info->command);
  for (size_t h = 0; h < info->nholders; h++)
    free (info->holders[h]);
  free (info->holders);
}

void
ipc_locks_free (struct ipc_lock_set *set)
{
  for (size_t i = 0; i < set->n; i++)
    free_info (&set->locks[i]);
  free (set->locks);
}

static bool
alive (pid_t pid)
{
  return pid > 0 && (kill (pid, 0) == 0 || errno == EPERM);
}

/* Whether waiter I is in a cycle: follow "waits for" from process to
   process; at most N steps, since a longer chain must repeat.  */
static bool
in_cycle (struct ipc_lock_set const *set, size_t i)
{
  pid_t start = set->locks[i].pid;
  pid_t next = set->locks[i].blocker;
  for (size_t steps = 0; next > 0 && steps <= set->n; steps++)
    {
      if (next == start)
        return true;
      pid_t waits_for = 0;
      for (size_t k = 0; k < set->n; k++)
        if (set->locks[k].lock.waiting && set->locks[k].pid == next
            && set->locks[k].blocker > 0)
          {
            waits_for = set->locks[k].blocker;
            break;
          }
      next = waits_for;
    }
  return false;
}

int
ipc_locks_collect (struct ipc_lock_set *set, struct stat const *only)
{
  struct ipc_proc_lock *raw;
  size_t n;
  if (ipc_proc_locks_read (NULL, &raw, &n) != 0)
    return -1;
  set->locks = xcalloc (n ? n : 1, sizeof *set->locks);
  set->n = n;
  for (size_t i = 0; i < n; i++)
    set->locks[i].lock = raw[i];
  free (raw);

  struct fd_walk w = { set, xcalloc (n ? n : 1, sizeof (pid_t)), getpid () };
  ipc_proc_each_fd (0, visit_fd, &w);

  /* The kernel names the process that took the lock, which may have
     exited, or none for OFD locks: prefer a live holder then.  */
  for (size_t i = 0; i < n; i++)
    {
      struct ipc_lock_info *info = &set->locks[i];
      pid_t pid = info->lock.pid;
      if (!info->lock.waiting && !alive (pid))
        pid = w.first_holder[i];
      info->pid = pid > 0 ? pid : 0;
      if (info->pid)
        {
          char comm[64];
          info->command = xstrdup (ipc_proc_comm (info->pid, comm,
                                                  sizeof comm));
        }
    }
  free (w.first_holder);

  /* A waiter's line follows the line of the lock it waits for, with the
     same number.  */
  for (size_t i = 0; i < n; i++)
    if (set->locks[i].lock.waiting)
      for (size_t k = 0; k < n; k++)
        if (!set->locks[k].lock.waiting
            && set->locks[k].lock.id == set->locks[i].lock.id)
          {
            set->locks[i].blocker = set->locks[k].pid;
            if (!set->locks[i].path && set->locks[k].path)
              set->locks[i].path = xstrdup (set->locks[k].path);
            break;
          }
  for (size_t i = 0; i < n; i++)
    if (set->locks[i].lock.waiting)
      set->locks[i].deadlocked = in_cycle (set, i);

  if (only)
    {
      size_t kept = 0;
      for (size_t i = 0; i < n; i++)
        {
          struct ipc_lock_info info = set->locks[i];
          if (on_file (&info.lock, only->st_dev, only->st_ino))
            set->locks[kept++] = info;
          else
            free_info (&info);
        }
      set->n = kept;
    }
  return 0;
}

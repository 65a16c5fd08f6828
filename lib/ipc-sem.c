/* Semaphores of both kinds behind one handle.  */
#include <config.h>

#include "ipc-sem.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <sys/stat.h>

#include "ipc-fd.h"
#include "ipc-limits.h"
#include "ipc-posix.h"

/* semctl's fourth argument, which the caller must define (semctl(2)).  */
union semun
{
  int val;
  struct semid_ds *buf;
  unsigned short *array;
};

int
ipc_sem_name_check (char const *name)
{
  if (name[0] != '/')
    {
      errno = EINVAL;
      return -1;
    }
  if (strlen (name + 1) > IPC_SEM_POSIX_NAME_MAX)
    {
      errno = ENAMETOOLONG;
      return -1;
    }
  return 0;
}

unsigned int
ipc_sem_value_max (bool posix, char const **name)
{
  *name = posix ? "SEM_VALUE_MAX" : "SEMVMX";
  return posix ? IPC_SEM_POSIX_VALUE_MAX : IPC_SEM_SYSV_VALUE_MAX;
}

/* The number of members of System V set ID.  */
static int
sysv_nsems (int id, unsigned int *nsems)
{
  struct semid_ds ds;
  union semun arg = { .buf = &ds };
  if (semctl (id, 0, IPC_STAT, arg) != 0)
    return -1;
  *nsems = ds.sem_nsems;
  return 0;
}

/* The file of the POSIX semaphore NAME in DIR, malloc'd.  */
static char *
posix_path (char const *name, char const *dir)
{
  size_t dlen = strlen (dir), plen = strlen (IPC_SEM_POSIX_PREFIX);
  size_t nlen = strlen (name + 1);
  char *path = malloc (dlen + 1 + plen + nlen + 1);
  if (path)
    {
      memcpy (path, dir, dlen);
      path[dlen] = '/';
      memcpy (path + dlen + 1, IPC_SEM_POSIX_PREFIX, plen);
      memcpy (path + dlen + 1 + plen, name + 1, nlen + 1);
    }
  return path;
}

/* What a file of type MODE is, for "not a semaphore (a FIFO)".  */
static char const *
file_type (mode_t mode)
{
  return (S_ISFIFO (mode) ? "a FIFO"
          : S_ISDIR (mode) ? "a directory"
          : S_ISLNK (mode) ? "a symbolic link"
          : S_ISSOCK (mode) ? "a socket"
          : S_ISCHR (mode) ? "a character device"
          : S_ISBLK (mode) ? "a block device"
          : "not a regular file");
}

/* Whether ST is the file of a semaphore: a regular file that holds one.
   If not, say why in WHY (of SIZE bytes) and set errno to EINVAL.  */
static bool
is_semaphore (struct stat const *st, char *why, size_t size)
{
  if (!S_ISREG (st->st_mode))
    snprintf (why, size, "not a semaphore (%s)", file_type (st->st_mode));
  else if (st->st_size < (off_t) sizeof (sem_t))
    snprintf (why, size, "not a semaphore: %jd byte%s",
              (intmax_t) st->st_size, st->st_size == 1 ? "" : "s");
  else
    return true;
  errno = EINVAL;
  return false;
}

/* Map the semaphore in file FD, READONLY or for reading and writing
   (sem_post and sem_wait work on any shared mapping of it).  The file
   must have been checked with is_semaphore.  */
static sem_t *
map_semaphore (int fd, bool readonly)
{
  void *p = mmap (NULL, sizeof (sem_t),
                  readonly ? PROT_READ : PROT_READ | PROT_WRITE, MAP_SHARED,
                  fd, 0);
  return p == MAP_FAILED ? NULL : p;
}

/* Open the POSIX semaphore NAME into S, READONLY or not, as sem_open
   would, after checking what the file is (see ipc_sem_open).  */
static int
open_posix (struct ipc_sem *s, char const *name, bool readonly)
{
  char *path = posix_path (name, IPC_SEM_POSIX_DIR);
  if (!path)
    return -1;
  /* Never through a symlink, and without blocking on a FIFO; opening a
     directory, a socket or a symlink fails, and then lstat says what it
     is.  */
  int fd = ipc_fd_open (path, ((readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC
                               | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY), 0);
  int saved_errno = errno;
  struct stat st;
  if (fd < 0)
    {
      if ((saved_errno == ELOOP || saved_errno == EISDIR
           || saved_errno == ENXIO || saved_errno == ENODEV)
          && lstat (path, &st) == 0
          && !is_semaphore (&st, s->why, sizeof s->why))
        saved_errno = EINVAL;
      free (path);
      errno = saved_errno;
      return -1;
    }
  free (path);
  sem_t *sem = NULL;
  if (fstat (fd, &st) == 0 && is_semaphore (&st, s->why, sizeof s->why))
    sem = map_semaphore (fd, readonly);
  saved_errno = errno;
  close (fd);
  if (!sem)
    {
      errno = saved_errno;
      return -1;
    }
  s->sem = sem;
  s->readonly = readonly;
  return 0;
}

/* Wait until System V set ID has been initialized by its creator (see
   ipc_sem_open and ipc_sem_create): sem_otime not 0, for at most
   IPC_SEM_SYSV_INIT_WAIT seconds after sem_ctime.  No semop can be
   waited for, so this polls, from 1 ms to 10 ms apart; a set that its
   creator has initialized, as is usual, costs one IPC_STAT.  */
static void
sysv_wait_initialized (int id)
{
  long sleep_ns = 1000000;
  /* Bounded on our own clock as well, should the real-time clock of
     sem_ctime step back.  */
  struct ipc_deadline bound;
  ipc_deadline_start (&bound, (struct timespec) { IPC_SEM_SYSV_INIT_WAIT,
                                                  0 });
  for (;;)
    {
      struct semid_ds ds;
      union semun arg = { .buf = &ds };
      if (semctl (id, 0, IPC_STAT, arg) != 0 || ds.sem_otime != 0
          || time (NULL) >= ds.sem_ctime + IPC_SEM_SYSV_INIT_WAIT
          || ipc_deadline_expired (&bound))
        return;
      struct timespec pause = { 0, sleep_ns };
      nanosleep (&pause, NULL);
      if (sleep_ns < 10000000)
        sleep_ns *= 2;
    }
}

int
ipc_sem_open (struct ipc_sem *s, struct ipc_addr *addr, bool readonly)
{
  memset (s, 0, sizeof *s);
  s->sem = SEM_FAILED;
  s->id = -1;
  s->nsems = 1;
  if (addr->kind == IPC_ADDR_POSIX)
    {
      if (ipc_sem_name_check (addr->name) != 0)
        return -1;
      s->posix = true;
      return open_posix (s, addr->name, readonly);
    }
  s->id = ipc_sysv_lookup (IPC_SYSV_SEM, addr);
  if (s->id < 0)
    return -1;
  /* Without read permission the size is unknown; the operations
     themselves will say EACCES.  */
  if (sysv_nsems (s->id, &s->nsems) != 0)
    {
      if (errno != EACCES)
        return -1;
      s->nsems = IPC_SEM_SYSV_VALUE_MAX;
      return 0;
    }
  sysv_wait_initialized (s->id);
  return 0;
}

void
ipc_sem_close (struct ipc_sem *s)
{
  if (s->posix && s->sem != SEM_FAILED)
    munmap (s->sem, sizeof (sem_t));
  s->sem = SEM_FAILED;
  s->readonly = false;
}

/* Create a POSIX semaphore; see ipc_sem_create.  */
static int
create_posix (char const *name, unsigned int value, mode_t mode)
{
  if (ipc_sem_name_check (name) != 0)
    return -1;
  /* sem_open has no descriptor to fchmod and applies the umask; the
     mode asked for is the mode wanted.  The umask is cleared for the call
     only, and restored: the commands are single-threaded.  */
  mode_t mask = umask (0);
  sem_t *sem = sem_open (name, O_CREAT | O_EXCL, mode, value);
  int saved_errno = errno;
  umask (mask);
  if (sem == SEM_FAILED)
    {
      errno = saved_errno;
      return -1;
    }
  return sem_close (sem);
}

/* Create a System V set; see ipc_sem_create.  */
static int
create_sysv (key_t key, unsigned int value, unsigned int nsems, mode_t mode,
             int *idp)
{
  if (nsems > INT_MAX)
    {
      errno = EINVAL;
      return -1;
    }
  int id = semget (key, nsems, IPC_CREAT | IPC_EXCL | (mode & 0777));
  if (id < 0)
    return -1;
  if (value)
    {
      unsigned short *values = malloc (nsems * sizeof *values);
      if (!values)
        goto fail;
      for (unsigned int i = 0; i < nsems; i++)
        values[i] = value;
      union semun arg = { .array = values };
      int r = semctl (id, 0, SETALL, arg);
      free (values);
      if (r != 0)
        goto fail;
    }
  /* Now that the values are set, a semop that changes nothing sets
     sem_otime: the sign that the set is ready (see ipc_sem_open).  One
     up and one down of member 0 in one atomic step (the other way round
     at SEMVMX), or a wait for the zero it holds.  */
  struct sembuf ops[2] = {
    { .sem_num = 0, .sem_op = value < IPC_SEM_SYSV_VALUE_MAX ? 1 : -1,
      .sem_flg = IPC_NOWAIT },
    { .sem_num = 0, .sem_op = value < IPC_SEM_SYSV_VALUE_MAX ? -1 : 1,
      .sem_flg = IPC_NOWAIT }
  };
  if (value == 0)
    ops[0].sem_op = 0;
  /* It fails only if a peer that does not wait for sem_otime changed
     member 0 meanwhile; the set is then in use, and openers wait out
     their bound.  */
  semop (id, ops, value == 0 ? 1 : 2);
  *idp = id;
  return 0;

 fail:;
  int saved_errno = errno;
  semctl (id, 0, IPC_RMID);
  errno = saved_errno;
  return -1;
}

int
ipc_sem_create (struct ipc_addr *addr, unsigned int value,
                unsigned int nsems, mode_t mode, int *id)
{
  *id = -1;
  if (nsems == 0)
    {
      errno = EINVAL;
      return -1;
    }
  if (addr->kind == IPC_ADDR_POSIX)
    {
      if (nsems != 1)
        {
          errno = EINVAL;
          return -1;
        }
      if (value > IPC_SEM_POSIX_VALUE_MAX)
        {
          errno = ERANGE;
          return -1;
        }
      return create_posix (addr->name, value, mode);
    }
  if (value > IPC_SEM_SYSV_VALUE_MAX)
    {
      errno = ERANGE;
      return -1;
    }
  key_t key;
  if (ipc_sysv_create_key (addr, &key) != 0)
    return -1;
  return create_sysv (key, value, nsems, mode, id);
}

int
ipc_sem_remove (struct ipc_addr *addr)
{
  if (addr->kind == IPC_ADDR_POSIX)
    {
      if (ipc_sem_name_check (addr->name) != 0)
        return -1;
      return sem_unlink (addr->name);
    }
  return ipc_sysv_remove (IPC_SYSV_SEM, addr);
}

/* Whether INDEX names a member of S; EFBIG when not (semop's own
   error for it).  */
static bool
member_ok (struct ipc_sem const *s, unsigned int index)
{
  if (index < s->nsems)
    return true;
  errno = EFBIG;
  return false;
}

/* Whether COUNT may be added to or taken from a member of a System V
   set: ERANGE past SEMVMX, which no member can hold, so that a wait for
   it would last for ever.  */
static bool
sysv_count_ok (unsigned int count)
{
  if (count <= IPC_SEM_SYSV_VALUE_MAX)
    return true;
  errno = ERANGE;
  return false;
}

/* Whether S may be changed: not when opened read-only (EBADF, as for a
   write to a descriptor opened so).  */
static bool
writable (struct ipc_sem const *s)
{
  if (!s->readonly)
    return true;
  errno = EBADF;
  return false;
}

/* Post COUNT times to SEM with every signal blocked, so that no signal
   but SIGKILL leaves part of it done; if a concurrent post fills the
   room in between, take back what was added and fail.  */
static int
posix_add (sem_t *sem, unsigned int count)
{
  sigset_t all, old;
  sigfillset (&all);
  sigprocmask (SIG_BLOCK, &all, &old);
  int r = 0;
  for (unsigned int i = 0; i < count; i++)
    if (sem_post (sem) != 0)
      {
        int saved_errno = errno;
        while (i-- > 0 && sem_trywait (sem) == 0)
          continue;
        errno = saved_errno;
        r = -1;
        break;
      }
  int saved_errno = errno;
  sigprocmask (SIG_SETMASK, &old, NULL);
  errno = saved_errno;
  return r;
}

int
ipc_sem_post (struct ipc_sem *s, unsigned int index, unsigned int count)
{
  if (!member_ok (s, index) || !writable (s))
    return -1;
  if (!s->posix)
    {
      if (!sysv_count_ok (count))
        return -1;
      struct sembuf op = { .sem_num = index, .sem_op = count };
      int r;
      while ((r = semop (s->id, &op, 1)) != 0 && errno == EINTR)
        continue;
      return r;
    }

  /* sem_post adds one at a time; check for room first, so that a post
     that cannot fit adds nothing.  */
  int value;
  if (sem_getvalue (s->sem, &value) != 0)
    return -1;
  if (count > IPC_SEM_POSIX_VALUE_MAX - (unsigned int) value)
    {
      errno = EOVERFLOW;
      return -1;
    }
  return posix_add (s->sem, count);
}

/* How long is left until DEADLINE, at least zero.  */
static struct timespec
remaining (struct ipc_deadline const *deadline)
{
  struct timespec now, left = { 0, 0 };
  clock_gettime (CLOCK_MONOTONIC, &now);
  if (now.tv_sec < deadline->at.tv_sec
      || (now.tv_sec == deadline->at.tv_sec
          && now.tv_nsec < deadline->at.tv_nsec))
    {
      left.tv_sec = deadline->at.tv_sec - now.tv_sec;
      left.tv_nsec = deadline->at.tv_nsec - now.tv_nsec;
      if (left.tv_nsec < 0)
        {
          left.tv_nsec += 1000000000;
          left.tv_sec--;
        }
    }
  return left;
}

/* Take one from the POSIX semaphore SEM until DEADLINE (see
   ipc_sem_wait).  The deadline is on CLOCK_MONOTONIC, which
   sem_clockwait takes as it is.  */
static int
posix_take (sem_t *sem, struct ipc_deadline const *deadline,
            volatile sig_atomic_t const *stop)
{
  int r;
  do
    {
      if (stop && *stop)
        {
          errno = EINTR;
          return -1;
        }
      if (!deadline || deadline->infinite)
        r = sem_wait (sem);
      else if (ipc_deadline_expired (deadline))
        {
          r = sem_trywait (sem);
          if (r != 0 && errno == EAGAIN)
            errno = ETIMEDOUT;
        }
      else
        r = sem_clockwait (sem, CLOCK_MONOTONIC, &deadline->at);
    }
  while (r != 0 && errno == EINTR);
  return r;
}

/* Take COUNT from member INDEX of System V set ID (see ipc_sem_wait).  */
static int
sysv_take (int id, unsigned int index, unsigned int count, bool undo,
           struct ipc_deadline const *deadline,
           volatile sig_atomic_t const *stop)
{
  struct sembuf op = { .sem_num = index, .sem_op = -(int) count,
                       .sem_flg = undo ? SEM_UNDO : 0 };
  for (;;)
    {
      if (stop && *stop)
        {
          errno = EINTR;
          return -1;
        }
      int r;
      if (!deadline || deadline->infinite)
        r = semop (id, &op, 1);
      else if (ipc_deadline_expired (deadline))
        {
          op.sem_flg |= IPC_NOWAIT;
          r = semop (id, &op, 1);
          if (r != 0 && errno == EAGAIN)
            errno = ETIMEDOUT;
        }
      else
        {
          struct timespec left = remaining (deadline);
          r = semtimedop (id, &op, 1, &left);
          if (r != 0 && errno == EAGAIN)
            errno = ETIMEDOUT;
        }
      /* A signal handler's interruption is not the end of the wait
         (unless it was a stop signal): start again with what is left of
         the deadline.  */
      if (r == 0 || errno != EINTR)
        return r;
    }
}

int
ipc_sem_wait (struct ipc_sem *s, unsigned int index, unsigned int count,
              bool undo, struct ipc_deadline const *deadline,
              volatile sig_atomic_t const *stop)
{
  if (!member_ok (s, index) || !writable (s))
    return -1;
  if (!s->posix)
    {
      if (!sysv_count_ok (count))
        return -1;
      return sysv_take (s->id, index, count, undo, deadline, stop);
    }
  if (undo)
    {
      errno = EINVAL;
      return -1;
    }
  for (unsigned int i = 0; i < count; i++)
    if (posix_take (s->sem, deadline, stop) != 0)
      {
        int saved_errno = errno;
        posix_add (s->sem, i);
        errno = saved_errno;
        return -1;
      }
  return 0;
}

int
ipc_sem_take (struct ipc_sem *s, unsigned int index, unsigned int count,
              bool undo, struct timespec timeout,
              volatile sig_atomic_t const *stop)
{
  struct ipc_deadline deadline;
  ipc_deadline_start (&deadline, timeout);
  return ipc_sem_wait (s, index, count, undo, &deadline, stop);
}

int
ipc_sem_nsems_max (uintmax_t *max)
{
  return ipc_sysctl_field ("kernel.sem", 0, max);
}

int
ipc_sem_get (struct ipc_sem *s, unsigned int index, unsigned int *value)
{
  if (!member_ok (s, index))
    return -1;
  if (s->posix)
    {
      int v;
      if (sem_getvalue (s->sem, &v) != 0)
        return -1;
      /* Linux gives 0, never a negative count of waiters.  */
      *value = v < 0 ? 0 : v;
      return 0;
    }
  int v = semctl (s->id, index, GETVAL);
  if (v < 0)
    return -1;
  *value = v;
  return 0;
}

void
ipc_sem_info_free (struct ipc_sem_info *info)
{
  free (info->values);
  free (info->ncnt);
  free (info->zcnt);
  info->values = info->ncnt = info->zcnt = NULL;
}

/* The value of the semaphore in file FD of SIZE bytes, read-only.  */
static int
posix_file_value (int fd, struct stat const *st, unsigned int *value)
{
  char why[48];
  sem_t *sem = is_semaphore (st, why, sizeof why) ? map_semaphore (fd, true)
               : NULL;
  if (!sem)
    return -1;
  int v;
  int r = sem_getvalue (sem, &v);
  munmap (sem, sizeof (sem_t));
  if (r != 0)
    return -1;
  *value = v < 0 ? 0 : v;
  return 0;
}

int
ipc_sem_posix_info (char const *name, char const *dir,
                    struct ipc_sem_info *info)
{
  memset (info, 0, sizeof *info);
  info->nsems = 1;
  if (ipc_sem_name_check (name) != 0)
    return -1;
  char *path = posix_path (name, dir);
  if (!path)
    return -1;

  struct stat st;
  int fd = ipc_fd_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK,
                        0);
  /* Never through a symlink: its target's mode is not the semaphore's.  */
  int r = fd < 0 ? lstat (path, &st) : fstat (fd, &st);
  int saved_errno = errno;
  free (path);
  if (r != 0)
    {
      if (fd >= 0)
        close (fd);
      errno = saved_errno;
      return -1;
    }
  if (!S_ISREG (st.st_mode))
    {
      if (fd >= 0)
        close (fd);
      errno = ENOENT;
      return -1;
    }
  ipc_object_from_stat (&st, &info->object);
  info->ctime = st.st_ctime;
  if (fd >= 0)
    {
      unsigned int v;
      if (posix_file_value (fd, &st, &v) == 0)
        {
          info->values = malloc (sizeof *info->values);
          if (info->values)
            info->values[0] = v;
        }
      close (fd);
    }
  return 0;
}

int
ipc_sem_sysv_info (struct ipc_sysv_entry const *entry,
                   struct ipc_sem_info *info)
{
  memset (info, 0, sizeof *info);
  ipc_object_from_sysv (entry, &info->object);
  info->nsems = entry->nsems;
  info->otime = entry->otime;
  info->ctime = entry->ctime;
  if (info->nsems == 0 || info->nsems > INT_MAX)
    return 0;

  /* GETALL needs read permission; without it the values stay unknown,
     as lsipc leaves them.  */
  unsigned short *all = malloc (info->nsems * sizeof *all);
  unsigned int *values = malloc (info->nsems * sizeof *values);
  unsigned int *ncnt = malloc (info->nsems * sizeof *ncnt);
  unsigned int *zcnt = malloc (info->nsems * sizeof *zcnt);
  if (!all || !values || !ncnt || !zcnt)
    goto fail;
  union semun arg = { .array = all };
  if (semctl (entry->id, 0, GETALL, arg) != 0)
    {
      free (all);
      free (values);
      free (ncnt);
      free (zcnt);
      return 0;
    }
  for (unsigned int i = 0; i < info->nsems; i++)
    {
      int n = semctl (entry->id, i, GETNCNT);
      int z = semctl (entry->id, i, GETZCNT);
      values[i] = all[i];
      ncnt[i] = n < 0 ? 0 : n;
      zcnt[i] = z < 0 ? 0 : z;
    }
  free (all);
  info->values = values;
  info->ncnt = ncnt;
  info->zcnt = zcnt;
  return 0;

 fail:
  free (all);
  free (values);
  free (ncnt);
  free (zcnt);
  errno = ENOMEM;
  return -1;
}

/* Semaphores of both kinds, POSIX named (sem_open) and System V sets
   (semget), behind one handle, so that ipc-sem's verbs are written once.
   Waits block in the kernel (sem_clockwait, semtimedop), never by
   polling.  Never prints; returns -1 with errno set on failure, and a
   wait that did not succeed in time fails with ETIMEDOUT.  */
#ifndef IPC_SEM_H
#define IPC_SEM_H

#include <limits.h>
#include <semaphore.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "ipc-addr.h"
#include "ipc-deadline.h"
#include "ipc-object.h"
#include "ipc-sysv.h"

/* sem_open keeps a semaphore as the file "sem.NAME" in /dev/shm, so its
   name has 4 bytes fewer than NAME_MAX: 251.  */
enum { IPC_SEM_POSIX_NAME_MAX = NAME_MAX - 4 };
#define IPC_SEM_POSIX_DIR "/dev/shm"
#define IPC_SEM_POSIX_PREFIX "sem."

/* The largest value of a semaphore: SEM_VALUE_MAX for POSIX ones, SEMVMX
   (a constant of the kernel, 32767) for members of System V sets.  A
   System V semop moves a member by at most SEMVMX too.  */
enum { IPC_SEM_SYSV_VALUE_MAX = 32767 };
#define IPC_SEM_POSIX_VALUE_MAX ((unsigned int) SEM_VALUE_MAX)

/* The largest value of a POSIX semaphore or of a System V member, and in
   *NAME the name of that limit ("SEM_VALUE_MAX", "SEMVMX"), for
   messages.  */
unsigned int ipc_sem_value_max (bool posix, char const **name);

/* Whether NAME ("/ready"), a POSIX name as ipc_addr_parse accepts it,
   also fits sem_open: at most IPC_SEM_POSIX_NAME_MAX bytes after the '/'
   (else ENAMETOOLONG).  */
int ipc_sem_name_check (char const *name);

struct ipc_sem
{
  bool posix;
  bool readonly;            /* POSIX: mapped read-only, for get only */
  sem_t *sem;               /* POSIX: our mapping of its file */
  int id;                   /* System V: the set's identifier */
  unsigned int nsems;       /* System V: members in the set; POSIX: 1 */
  /* POSIX, after ipc_sem_open failed with EINVAL: why the file under the
     name is not a semaphore ("not a semaphore (a FIFO)", "not a
     semaphore: 0 bytes"); "" otherwise.  */
  char why[48];
};

/* Open the existing semaphore or set that ADDR names (POSIX, KEY, ID,
   FTOK).

   A POSIX semaphore's file in IPC_SEM_POSIX_DIR is opened and mapped
   here, as sem_open does, but checked first: anyone may plant a file
   there, and sem_open maps what it finds, so that the first use of an
   empty one dies of SIGBUS.  A file that is not a regular one of at
   least sizeof (sem_t) bytes is EINVAL, with S->why saying what it is;
   a symbolic link is never followed.  With READONLY, for ipc_sem_get
   only, a POSIX semaphore needs only read permission; posting to or
   waiting on it is then EBADF.

   A System V set is created by semget before its values are set (see
   ipc_sem_create), so a set that no semop has touched yet (sem_otime
   0) may be one its creator is still setting: the open waits, polling
   and bounded to IPC_SEM_SYSV_INIT_WAIT seconds after the set's last
   change (sem_ctime) and as many from now, until sem_otime is set; a set that some other
   program made and never operated on is then used as it is.  READONLY
   changes nothing for System V sets, whose permissions each operation
   checks.  */
int ipc_sem_open (struct ipc_sem *s, struct ipc_addr *addr, bool readonly);
void ipc_sem_close (struct ipc_sem *s);

/* How long ipc_sem_open waits at most for a new System V set to be
   initialized, in seconds after its sem_ctime.  */
enum { IPC_SEM_SYSV_INIT_WAIT = 2 };

/* Create the semaphore ADDR names (POSIX, KEY, FTOK, PRIVATE), failing
   with EEXIST if it exists, with permissions exactly MODE whatever the
   umask (a POSIX one is created with the umask cleared for the call),
   and VALUE in each of its NSEMS members.  A POSIX semaphore has
   one member: NSEMS other than 1 is EINVAL.  A VALUE above the kind's
   maximum is ERANGE, NSEMS 0 EINVAL; the kernel's own limits give its
   errors (EINVAL for NSEMS over SEMMSL, ENOSPC past SEMMNI or SEMMNS).
   When any step fails, nothing is left behind.  *ID receives a System V
   set's identifier (-1 for POSIX).

   semget makes a System V set with every member at 0, and SETALL sets
   them afterwards, so a peer's semop in between would be overwritten:
   after SETALL the creator makes a semop that changes nothing, which
   sets sem_otime, and the openers of ipc_sem_open (and any program that
   keeps the classic protocol: wait until sem_otime is not 0) do not
   operate on the set before.  A POSIX semaphore is made whole by
   sem_open (under a temporary name, linked into place).  */
int ipc_sem_create (struct ipc_addr *addr, unsigned int value,
                    unsigned int nsems, mode_t mode, int *id);

/* Remove the semaphore ADDR names.  */
int ipc_sem_remove (struct ipc_addr *addr);

/* Add COUNT to member INDEX (0 for POSIX), in one step: if the value
   would pass the maximum (EOVERFLOW for POSIX, ERANGE for System V)
   nothing is added.  INDEX past the set is EFBIG.  A System V set takes
   the COUNT in one semop; a POSIX semaphore has no such call, so COUNT
   is COUNT sem_posts, made with every signal blocked: a signal (other
   than SIGKILL) never leaves part of it, but others may see the value
   climb one by one and take from it in between.  */
int ipc_sem_post (struct ipc_sem *s, unsigned int index, unsigned int count);

/* Take COUNT from member INDEX, waiting until it holds that much or until
   DEADLINE (null: for ever; an expired deadline only tries): ETIMEDOUT
   when it did not in time, and then nothing is taken.  On System V sets
   the COUNT is taken at once, atomically, and UNDO makes the kernel give
   it back when the process ends (SEM_UNDO); POSIX semaphores are taken
   one by one and given back if the deadline passes in between, and UNDO
   is EINVAL there.  A signal that interrupts the wait does not end it,
   unless STOP is not null and *STOP is set (a stop signal's handler,
   installed without SA_RESTART, sets it): then what was taken is given
   back, and the call fails with EINTR.  */
int ipc_sem_wait (struct ipc_sem *s, unsigned int index, unsigned int count,
                  bool undo, struct ipc_deadline const *deadline,
                  volatile sig_atomic_t const *stop);

/* ipc_sem_wait within TIMEOUT from now (IPC_DURATION_INFINITE: for
   ever; zero: only try).  */
int ipc_sem_take (struct ipc_sem *s, unsigned int index, unsigned int count,
                  bool undo, struct timespec timeout,
                  volatile sig_atomic_t const *stop);

/* The value of member INDEX.  */
int ipc_sem_get (struct ipc_sem *s, unsigned int index, unsigned int *value);

/* The most members a System V set may have here: kernel.sem's SEMMSL.  */
int ipc_sem_nsems_max (uintmax_t *max);

/* What 'ls' and 'stat' show of a semaphore: what names it and whose it is,
   as of any object (ipc-object.h), then what only semaphores have.  */
struct ipc_sem_info
{
  struct ipc_object object;
  unsigned int nsems;
  /* The value of each member, and for System V sets the processes that
     wait for it to grow (semncnt) and to be zero (semzcnt): NSEMS of
     each, or null when the set may not be read.  */
  unsigned int *values;
  unsigned int *ncnt, *zcnt;
  int64_t otime, ctime;     /* System V: last semop and change */
};

/* Information on the POSIX semaphore NAME ("/ready"), whose file is in
   DIR (normally IPC_SEM_POSIX_DIR).  Without permission to open it, only
   what stat(2) gives is filled.  Free with ipc_sem_info_free.  */
int ipc_sem_posix_info (char const *name, char const *dir,
                        struct ipc_sem_info *info);

/* Information on the System V set of ENTRY, a line of /proc/sysvipc/sem,
   completed by GETALL, GETNCNT and GETZCNT when they are allowed.  */
int ipc_sem_sysv_info (struct ipc_sysv_entry const *entry,
                       struct ipc_sem_info *info);

void ipc_sem_info_free (struct ipc_sem_info *info);

#endif

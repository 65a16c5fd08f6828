/* Who uses these objects: the processes that have them open or mapped,
   found in one walk over /proc for every object of a listing.

   Every 'ls' asks the same question of many objects at once: which
   processes have this queue, segment, semaphore, pipe or locked file open
   (/proc/PID/fd) or mapped (/proc/PID/maps)?  ipc_users_find answers it
   for all of them in one walk, and reads as little as it can: a
   descriptor costs one fstatat(2) of /proc/PID/fd/N, compared with the
   objects sought by device and inode before anything else is read (no
   readlink, no fdinfo: the access mode comes from lstat of the same
   link); a mapping costs a line of /proc/PID/maps, dropped on its device
   and inode before its path is looked at.  The walk is the expensive part
   of a listing (it grows with every process on the machine, not with the
   objects), so call it only when a column or option needs it, once, and
   not at all when there is no object to look for.

   How the commands use it:
   * ipc-mq ls (PIDS): sources IPC_USERS_FDS, devs = { st_dev of
     /dev/mqueue }; a queue's users are those of (that dev, its inode).
   * ipc-shm ls (PIDS): IPC_USERS_FDS | IPC_USERS_MAPS with devs =
     { st_dev of /dev/shm } for POSIX segments, and sysv_shm for System V
     ones, whose users are keyed by (IPC_USERS_SYSV_SHM_DEV, the
     segment's id).
   * ipc-sem ls (PIDS): IPC_USERS_FDS | IPC_USERS_MAPS, keys = the (dev,
     ino) of each /dev/shm/sem.NAME (sem_open maps the file).
   * ipc-pipe ls: IPC_USERS_FDS, type = S_IFIFO (anonymous pipes and
     FIFOs alike); READ/WRITE say which end.
   * ipc-lock ls: IPC_USERS_FDS, keys = the locked files, and pids = the
     processes /proc/locks names unless every holder is wanted.
   * ls --pid P: pids = { P } when only P's objects are wanted and no
     column lists the users of every object.

   Never prints, never exits; returns -1 with errno set (ENOMEM) on
   failure.  Processes that exit during the walk, and descriptors closed
   meanwhile, are no error: they are simply not there.  Processes whose
   /proc entries we may not read (another user's, without privilege) are
   skipped too, but counted (UNREADABLE below), so that a listing can say
   that what it shows is partial rather than show unknown as zero
   (SPEC 4): kernel threads and zombies, which hold nothing, are not
   counted, nor is anything when we run as root (euid 0): what root may
   not read (a process that the kernel's security policy hides even from
   root, such as the supervisor of a container) would not show by
   running as root either.  */
#ifndef IPC_USERS_H
#define IPC_USERS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Where the walk looks.  */
enum ipc_users_source
{
  IPC_USERS_FDS = 1 << 0,       /* open descriptors, /proc/PID/fd */
  IPC_USERS_MAPS = 1 << 1       /* mappings, /proc/PID/maps */
};

/* How a process uses an object.  */
enum ipc_users_use
{
  IPC_USERS_READ = 1 << 0,      /* through a descriptor open for reading */
  IPC_USERS_WRITE = 1 << 1,     /* ... for writing (O_RDWR: both) */
  IPC_USERS_MAPPED = 1 << 2     /* through a mapping */
};

/* An object: the device and inode that stat(2) gives of it.  */
struct ipc_users_key
{
  dev_t dev;
  ino_t ino;
};

/* The device of the keys of System V segments (sysv_shm below): their
   maps name the kernel's internal mount, whose device no file of ours
   has; no file system has device 0.  */
#define IPC_USERS_SYSV_SHM_DEV ((dev_t) 0)

/* What to look for: objects that match any of DEVS, KEYS, TYPE or
   SYSV_SHM, in the processes PIDS (or every one), but never in SKIP.  */
struct ipc_users_query
{
  unsigned int sources;             /* enum ipc_users_source */
  dev_t const *devs;                /* every object of these file */
  size_t ndevs;                     /*   systems (the mqueue fs, /dev/shm) */
  struct ipc_users_key const *keys; /* these objects */
  size_t nkeys;
  mode_t type;                      /* S_IFIFO: every pipe and FIFO; 0 */
  bool sysv_shm;                    /* maps of System V segments, keyed by
                                       IPC_USERS_SYSV_SHM_DEV and their id
                                       as inode */
  pid_t const *pids;                /* only these processes (that exist: */
  size_t npids;                     /*   others are skipped); null: all */
  pid_t skip;                       /* not this one (ourselves), or 0 */
};

/* One use of an object by a process: a descriptor (FD >= 0), or the
   mappings of the object in PID (FD -1, one entry however many).  */
struct ipc_users_entry
{
  struct ipc_users_key key;
  pid_t pid;
  int fd;
  unsigned int use;                 /* enum ipc_users_use */
};

/* The entries found, sorted by device, inode, PID, then descriptor
   (mappings first), so that the entries of one object are together, and
   those of one process within them.  */
struct ipc_users
{
  struct ipc_users_entry *v;
  size_t n;
  /* How many processes the walk had to skip because it could not read
     their /proc/PID/fd or maps (EACCES, EPERM); 0 means the entries
     are every use there is (as root: every use root may see).  */
  size_t unreadable;
};

/* Walk /proc once for what Q asks and fill *USERS, freed with
   ipc_users_free.  Return 0, or -1 with errno set.  */
int ipc_users_find (struct ipc_users_query const *q, struct ipc_users *users);
void ipc_users_free (struct ipc_users *users);

/* The entries of object KEY in USERS: a pointer to the first, and their
   count in *N (null and 0 when none).  */
struct ipc_users_entry const *ipc_users_of (struct ipc_users const *users,
                                            struct ipc_users_key key,
                                            size_t *n);

/* The processes that use object KEY, each once, in increasing order, in
   a new array *PIDS of *N, freed with free().  */
int ipc_users_pids (struct ipc_users const *users, struct ipc_users_key key,
                    pid_t **pids, size_t *n);

#endif

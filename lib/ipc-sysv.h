/* System V IPC objects (message queues, shared memory, semaphore sets)
   for the commands that handle them: addresses turned into identifiers,
   the tables of /proc/sysvipc, and the text
   of the KEY, PERMS and OWNER columns.  Never prints; returns -1 with
   errno set on failure.  */
#ifndef IPC_SYSV_H
#define IPC_SYSV_H

#include <stdint.h>
#include <sys/types.h>

#include "ipc-addr.h"
#include "ipc-limits.h"     /* ipc_sysctl_get, which lived here */

enum ipc_sysv_kind
{
  IPC_SYSV_MSG,             /* msgget, /proc/sysvipc/msg */
  IPC_SYSV_SHM,             /* shmget, /proc/sysvipc/shm */
  IPC_SYSV_SEM              /* semget, /proc/sysvipc/sem */
};

/* The identifier of the existing object of KIND that ADDR names: KEY and
   FTOK through msgget/shmget/semget, ID checked with IPC_STAT (an object
   that exists but may not be read is accepted).  A missing object gives
   ENOENT, also for ID.  */
int ipc_sysv_lookup (enum ipc_sysv_kind kind, struct ipc_addr *addr);

/* Remove the existing object of KIND that ADDR names (IPC_RMID).  */
int ipc_sysv_remove (enum ipc_sysv_kind kind, struct ipc_addr *addr);

/* The key to create the System V object of ADDR with: IPC_PRIVATE for
   'private', else the key of key:KEY or path:FILE[:P].  EINVAL for
   another form, and for key 0 given as a key: it is IPC_PRIVATE, a new
   object every time, not the one named.  */
int ipc_sysv_create_key (struct ipc_addr *addr, key_t *key);

/* One line of /proc/sysvipc/msg, shm or sem.  Fields that the kind's
   table does not have stay 0.  */
struct ipc_sysv_entry
{
  uint32_t key;
  int id;
  mode_t perms;             /* permission bits, and SHM_DEST... for shm */
  uid_t uid, cuid;
  gid_t gid, cgid;
  uint64_t cbytes, qnum;    /* msg: bytes and messages queued */
  pid_t lspid, lrpid;       /* msg: last msgsnd and msgrcv */
  uint64_t size, nattch;    /* shm */
  pid_t cpid, lpid;         /* shm: creator, last shmat/shmdt */
  uint64_t nsems;           /* sem */
  int64_t stime, rtime;     /* msg: last send and receive */
  int64_t atime, dtime;     /* shm: last attach and detach */
  int64_t otime;            /* sem: last semop */
  int64_t ctime;            /* last change */
};

/* Call FN for each object in the table of KIND (or in FILE, when not
   null: for tests), in the order of the table.  Stop and return FN's
   value when it is not 0; return 0 when all were visited.  A line that
   does not parse is EPROTO.  */
typedef int (*ipc_sysv_entry_fn) (struct ipc_sysv_entry const *entry,
                                  void *arg);
int ipc_sysv_each (enum ipc_sysv_kind kind, char const *file,
                   ipc_sysv_entry_fn fn, void *arg);

/* The entry of the object of KIND with identifier ID; ENOENT if there is
   none.  */
int ipc_sysv_find (enum ipc_sysv_kind kind, int id,
                   struct ipc_sysv_entry *entry);

/* Text of the KEY column: "0x0000162e".  BUF has room for
   IPC_KEY_STRING_SIZE bytes.  Return BUF.  */
enum { IPC_KEY_STRING_SIZE = 11 };
char *ipc_key_string (uint32_t key, char *buf);

/* Text of the PERMS column, as lsipc prints it: "rw-r-----", with the
   set-id and sticky bits as ls(1) shows them.  BUF has room for
   IPC_PERMS_STRING_SIZE bytes.  Return BUF.  */
enum { IPC_PERMS_STRING_SIZE = 10 };
char *ipc_perms_string (mode_t mode, char *buf);

/* Text of the OWNER column: the user name of UID, or its number when it
   has none.  Return BUF, of SIZE bytes (32 is enough for any number).  */
char *ipc_owner_string (uid_t uid, char *buf, size_t size);

#endif

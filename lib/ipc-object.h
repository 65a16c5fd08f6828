/* What every POSIX or System V object has, whatever its kind (queue,
   segment, semaphore): what names it and whose it is.  The information
   of each kind (ipc_msgq_info, ipc_shm_info, ipc_sem_info) starts with
   it, and a listing shows it (ipc-listing.h), so that a kind reads only
   what is its own.  Never prints; the functions cannot fail.  */
#ifndef IPC_OBJECT_H
#define IPC_OBJECT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "ipc-sysv.h"
#include "ipc-users.h"

struct ipc_object
{
  bool posix;
  int id;                   /* System V; -1 for POSIX */
  uint32_t key;             /* System V */
  /* The permission bits; for POSIX objects with the set-id and sticky
     bits of their file.  */
  mode_t mode;
  uid_t uid;
  gid_t gid;
  /* POSIX: the device and inode of the object's file, which name it
     among the users that ipc_users_find finds.  */
  struct ipc_users_key file;
};

/* Fill *OBJ for the POSIX object whose file has the status ST.  */
void ipc_object_from_stat (struct stat const *st, struct ipc_object *obj);

/* Fill *OBJ for the System V object of ENTRY, a line of /proc/sysvipc.  */
void ipc_object_from_sysv (struct ipc_sysv_entry const *entry,
                           struct ipc_object *obj);

#endif

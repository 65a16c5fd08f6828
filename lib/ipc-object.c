/* What every POSIX or System V object has.  */
#include <config.h>

#include "ipc-object.h"

void
ipc_object_from_stat (struct stat const *st, struct ipc_object *obj)
{
  /* The type bits would only make PERMS wrong.  */
  *obj = (struct ipc_object) { .posix = true, .id = -1,
                               .mode = st->st_mode & 07777,
                               .uid = st->st_uid, .gid = st->st_gid,
                               .file = { st->st_dev, st->st_ino } };
}

void
ipc_object_from_sysv (struct ipc_sysv_entry const *entry,
                      struct ipc_object *obj)
{
  /* System V objects have permission bits only; what a segment keeps
     above them (SHM_DEST, SHM_LOCKED) is its state, not a set-id or
     sticky bit, and ipc_shm_sysv_info reads it.  */
  *obj = (struct ipc_object) { .id = entry->id, .key = entry->key,
                               .mode = entry->perms & 0777,
                               .uid = entry->uid, .gid = entry->gid };
}

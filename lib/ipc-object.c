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
  /* The kernel keeps only the permission bits in the mode of a queue or
     a set, and adds SHM_DEST and SHM_LOCKED in that of a segment: the
     mask leaves them all.  */
  *obj = (struct ipc_object) { .id = entry->id, .key = entry->key,
                               .mode = entry->perms & 07777,
                               .uid = entry->uid, .gid = entry->gid };
}

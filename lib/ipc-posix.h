/* POSIX named objects (message queues, shared memory) as the kernel
   shows them in a file system: /dev/mqueue for queues, /dev/shm for
   shared memory.  Listing them (who has them open or mapped is for
   ipc-users.h, with the device of the listing).  Never prints, never
   exits; returns -1 with errno set on failure.  */
#ifndef IPC_POSIX_H
#define IPC_POSIX_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#define IPC_POSIX_MQUEUE_DIR "/dev/mqueue"
#define IPC_POSIX_SHM_DIR "/dev/shm"

/* The file-system magic numbers of statfs(2) for the directories above.  */
#define IPC_POSIX_MQUEUE_MAGIC 0x19800202
#define IPC_POSIX_TMPFS_MAGIC 0x01021994

/* Check that DIR is a mount of the file system with MAGIC: ENOENT when it
   does not exist, ENODEV when something else is mounted there (or nothing:
   plain /dev).  */
int ipc_posix_dir_check (char const *dir, unsigned long magic);

/* A POSIX object as its file in DIR shows it.  */
struct ipc_posix_object
{
  char *name;                  /* "/jobs": '/' and the file's name (less
                                  the prefix, see ipc_posix_list) */
  struct stat st;              /* of the file: inode, mode, owner, size */
};

/* The objects of one directory, sorted by name.  DEV is the device of
   its file system, for ipc_users_find (every object of the listing is
   a key (DEV, st.st_ino)).  */
struct ipc_posix_list
{
  dev_t dev;
  struct ipc_posix_object *objects;
  size_t n;
};

/* List the objects in DIR, which must be a mount of the file system with
   MAGIC (ENOENT or ENODEV as ipc_posix_dir_check when it is not: the
   caller can then say how to mount it, with ipc_posix_mount_command).
   With PREFIX null, every file; otherwise, when PREFIXED, only the files
   whose name starts with PREFIX, named without it ("sem.jobs" is
   "/jobs": semaphores in /dev/shm), and when not, only the others
   (shared memory in /dev/shm).  An object removed while we list is
   left out.  Free *LIST with ipc_posix_list_free.  */
int ipc_posix_list (char const *dir, unsigned long magic, char const *prefix,
                    bool prefixed, struct ipc_posix_list *list);
void ipc_posix_list_free (struct ipc_posix_list *list);

/* The shell command that mounts DIR (IPC_POSIX_MQUEUE_DIR or
   IPC_POSIX_SHM_DIR), for a message that says how: "mkdir -p /dev/mqueue
   && mount -t mqueue none /dev/mqueue".  Null for another directory.  */
char const *ipc_posix_mount_command (char const *dir);

#endif

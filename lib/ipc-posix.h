/* POSIX named objects (message queues, shared memory) as the kernel
   shows them in a file system: /dev/mqueue for queues, /dev/shm for
   shared memory.  Listing their names, and finding the processes that
   have them open.  Never prints; returns -1 with errno set on failure.  */
#ifndef IPC_POSIX_H
#define IPC_POSIX_H

#include <stddef.h>
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

/* The objects in DIR as names with a leading '/' ("/jobs"), sorted, in a
   new array *NAMES of *N new strings.  Free with ipc_posix_names_free.  */
int ipc_posix_names (char const *dir, char ***names, size_t *n);
void ipc_posix_names_free (char **names, size_t n);

/* A process that has an object open: the inode of the object on the
   device of the set it was collected for.  */
struct ipc_posix_opener
{
  ino_t ino;
  pid_t pid;
};

/* Every descriptor of every process (but SKIP, e.g. ourselves) that
   refers to a file on device DEV, once per process and inode, sorted by
   inode then PID, in a new array *OPENERS of *N, freed with free().  */
int ipc_posix_openers (dev_t dev, pid_t skip,
                       struct ipc_posix_opener **openers, size_t *n);

/* The range of *OPENERS of the object with inode INO: return its first
   index and set *COUNT.  */
size_t ipc_posix_openers_of (struct ipc_posix_opener const *openers,
                             size_t n, ino_t ino, size_t *count);

#endif

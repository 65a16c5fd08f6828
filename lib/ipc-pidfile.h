/* Pidfiles: a file that holds the PID of a process, in decimal, so that
   another script can find the process and signal it.

   Reading one is reading input that anybody with write access to its
   directory may have planted: the file may be empty, hold garbage, a
   PID of 0 or -1 (which kill(2) would turn into "my group" or "every
   process"), be huge, or be a FIFO that blocks whoever opens it, a
   device, or a symbolic link to either.  So a pidfile is read only when
   it is a regular file (a symbolic link is followed, as
   `kill $(cat FILE)` would, but what it names must be a regular file:
   it is checked through an O_PATH descriptor, before anything is opened
   for reading), and at most IPC_PIDFILE_MAX bytes of it are read; its contents must be one decimal PID above 0, with blanks and
   newlines around it allowed and nothing else.

   Writing one replaces the file at once (a temporary file in the same
   directory, renamed over it), so that a reader sees the old contents
   or the new ones, never a part.  Never prints, never exits; -1 with
   errno set on failure.  */
#ifndef IPC_PIDFILE_H
#define IPC_PIDFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The longest pidfile read: a PID has at most 10 digits.  */
enum { IPC_PIDFILE_MAX = 64 };

/* Parse the LEN bytes at BUF (not null-terminated; NULs in them are
   garbage) as a pidfile's contents into *PID.  On failure return -1
   with errno EINVAL (empty, not one decimal number) or ERANGE (0, or
   above the largest pid_t) and a static reason in *WHY.  */
int ipc_pidfile_parse (char const *buf, size_t len, pid_t *pid,
                       char const **why);

/* Read the pidfile PATH into *PID.  Return 0, or -1 with errno set: the
   error of open(2), fstat(2) or read(2) with *WHY null; or EINVAL (not a
   regular file, too large, bad contents) or ERANGE with a static reason
   in *WHY.  */
int ipc_pidfile_read (char const *path, pid_t *pid, char const **why);

/* A pidfile we wrote.  */
struct ipc_pidfile
{
  char *path;                   /* null when none was written */
  dev_t dev;
  ino_t ino;
};

/* Write PID into a new pidfile PATH with permissions MODE (exactly,
   whatever the umask), replacing whatever PATH was, a symbolic link
   included (not followed).  Fill *PF for ipc_pidfile_remove.  Return 0,
   or -1 with errno set and nothing left behind.  */
int ipc_pidfile_write (struct ipc_pidfile *pf, char const *path, pid_t pid,
                       mode_t mode);

/* Remove the pidfile of PF if PATH is still the file we wrote (another
   process may have replaced it with its own since), and forget it.
   Return 0 (also when it was replaced or removed meanwhile), or -1 with
   errno set.  Keeps errno on success.  */
int ipc_pidfile_remove (struct ipc_pidfile *pf);

#endif

/* Readers of /proc that answer "which processes use this object?".
   They never print and never exit; they return -1 with errno set on
   failure (ENOMEM when memory runs out).  Processes that vanish or cannot
   be read while we walk /proc are skipped.  To find the users of many
   objects at once, use the one walk of ipc-users.h.  */
#ifndef IPC_PROC_H
#define IPC_PROC_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

/* One line of /proc/locks.  */
struct ipc_proc_lock
{
  int id;                 /* the number before ':' */
  bool waiting;           /* a "->" line: waits for lock ID */
  char type[8];           /* "FLOCK", "POSIX", "OFDLCK", "LEASE", ... */
  char mode[12];          /* "ADVISORY", "MANDATORY", ... */
  char access[8];         /* "READ", "WRITE", ... */
  pid_t pid;              /* -1 when the kernel gives none (OFD locks) */
  unsigned int dev_major, dev_minor;
  uint64_t inode;
  uint64_t start;
  uint64_t end;           /* UINT64_MAX for "EOF" */
};

/* Read /proc/locks (or FILE, when not null: a fixture, or
   /proc/PID/fdinfo/FD, whose "lock:" lines say which locks that
   descriptor holds; other lines are skipped) into a new array
   *LOCKS of *N entries, freed with free().  */
int ipc_proc_locks_read (char const *file, struct ipc_proc_lock **locks,
                         size_t *n);
/* The same, from the stream F (read to its end, not closed): the parser
   of every reader above.  Lines that do not parse, are longer than 511
   bytes or hold a NUL are skipped.  */
int ipc_proc_locks_parse (FILE *f, struct ipc_proc_lock **locks,
                          size_t *n);

/* The command name of PID (/proc/PID/comm) in BUF of SIZE bytes; "?" if
   the process is gone.  Return BUF.  */
char *ipc_proc_comm (pid_t pid, char *buf, size_t size);

/* "PID:COMMAND" for lists such as PIDS and HOLDERS; a new string, or
   null with errno ENOMEM.  */
char *ipc_proc_pid_comm (pid_t pid);

/* Whether process PID exists, whether or not we may look into it.  */
bool ipc_proc_exists (pid_t pid);

/* What /proc/PID/fdinfo/FD says.  */
struct ipc_fdinfo
{
  uint64_t pos;
  unsigned int flags;     /* octal "flags:" field: O_* including access */
  int mnt_id;
  uint64_t inode;         /* "ino:", 0 if the kernel is too old */
  int nlocks;             /* how many "lock:" lines */
  /* A signalfd's signals (its "sigmask:" line; bit N-1: signal N).  */
  bool has_sigmask;
  uint64_t sigmask;
};
/* -1 with EBADF when PID has no descriptor FD, ENODATA when "pos:" or
   "flags:" is missing or a field does not parse.  */
int ipc_proc_fdinfo (pid_t pid, int fd, struct ipc_fdinfo *info);
/* The parser of ipc_proc_fdinfo, reading the text of fdinfo from the
   stream F (not closed); ENODATA as there.  */
int ipc_proc_fdinfo_parse (FILE *f, struct ipc_fdinfo *info);

/* Call FN for each open descriptor of PID, or of every process when PID
   is 0, with TARGET the link text of /proc/PID/fd/FD ("pipe:[1234]",
   "/dev/mqueue/jobs", "socket:[99]").  Stop and return FN's value when it
   is not 0; return 0 when all were visited.  */
typedef int (*ipc_proc_fd_fn) (pid_t pid, int fd, char const *target,
                               void *arg);
int ipc_proc_each_fd (pid_t pid, ipc_proc_fd_fn fn, void *arg);

/* Call FN for each mapping of PID (0: every process) from /proc/PID/maps,
   with its device, inode and path ("" for anonymous ones).  */
struct ipc_proc_map
{
  uint64_t start, end, offset;
  char perms[5];
  unsigned int dev_major, dev_minor;
  uint64_t inode;
  char const *path;
};
typedef int (*ipc_proc_map_fn) (pid_t pid, struct ipc_proc_map const *map,
                                void *arg);
int ipc_proc_each_map (pid_t pid, ipc_proc_map_fn fn, void *arg);
/* Parse LINE, one line of /proc/PID/maps without its newline, into *MAP:
     START-END PERMS OFFSET MAJOR:MINOR INODE [PATH]
   with hexadecimal numbers but a decimal inode.  The path is the rest of
   the line after the blanks, and points into LINE.  False when LINE is
   not of that form (*MAP is then partly written).  */
bool ipc_proc_map_parse (char *line, struct ipc_proc_map *map);

/* The callback of the walks over processes and threads.  */
typedef int (*ipc_proc_pid_fn) (pid_t pid, void *arg);

/* Fields of /proc/PID/status.  */
struct ipc_proc_status
{
  char name[64];               /* as in /proc/PID/comm: the kernel's
                                  escapes (\\, \n) decoded */
  uid_t uid;                   /* real */
  /* SigPnd and SigBlk are the task's own (the main thread's, for a
     process), the others the whole process's.  */
  uint64_t sigpnd, shdpnd, sigblk, sigign, sigcgt;
  bool kthread;                /* a kernel thread ("Kthread:", else
                                  PF_KTHREAD in /proc/PID/stat) */
  bool kthread_known;          /* ipc_proc_status_parse: whether the
                                  text had a "Kthread:" line */
};
/* -1 with ENODATA when Name, Uid or a Sig field is missing or does not
   parse.  */
int ipc_proc_status (pid_t pid, struct ipc_proc_status *status);
/* Its parser, reading the text of /proc/PID/status from the stream F
   (not closed).  */
int ipc_proc_status_parse (FILE *f, struct ipc_proc_status *status);

/* The same from /proc/PID/task/TID/status: thread TID of process PID
   (ESRCH if there is no such thread any more).  */
int ipc_proc_task_status (pid_t pid, pid_t tid,
                          struct ipc_proc_status *status);

/* Call FN for each thread ID of process PID (/proc/PID/task), in
   increasing order; stop and return FN's value when it is not 0.  -1
   with ESRCH when there is no process PID, EACCES if we may not look.  */
int ipc_proc_each_task (pid_t pid, ipc_proc_pid_fn fn, void *arg);

/* The signals that process PID reads through signalfd(2) descriptors:
   the union of their masks (fdinfo "sigmask:"; bit N-1: signal N) in
   *MASK, 0 when it has none.  -1 with errno (EACCES: another user's
   descriptors, ESRCH: gone) when its descriptors cannot be read.  */
int ipc_proc_signalfd_mask (pid_t pid, uint64_t *mask);

/* Call FN for every PID in /proc, in increasing order.  */
int ipc_proc_each_pid (ipc_proc_pid_fn fn, void *arg);

#endif

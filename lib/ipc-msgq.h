/* Message queues of both kinds, POSIX (mq_open) and System V (msgget),
   behind one handle, so that ipc-mq's verbs are written once.  Never
   prints; returns -1 with errno set on failure.  */
#ifndef IPC_MSGQ_H
#define IPC_MSGQ_H

#include <mqueue.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ipc-addr.h"
#include "ipc-deadline.h"
#include "ipc-object.h"
#include "ipc-posix.h"
#include "ipc-sysv.h"

struct ipc_msgq
{
  bool posix;
  mqd_t mqd;                /* POSIX: the queue's descriptor */
  int id;                   /* System V: the identifier */
  size_t msgsize;           /* the largest message the queue takes */
  char *buf;                /* receive buffer; System V: also for send */
  size_t bufsize;
  /* When not null and set (by a stop signal's handler, ipc-stop.h), a
     send or receive that a signal interrupts, or that starts while it is
     set, fails with EINTR instead of going on.  A receive from a POSIX
     queue then waits in poll(2), which a handler's SA_RESTART does not
     restart.  */
  volatile sig_atomic_t const *stop;
};

/* The most bytes a message of either kind may have here, whatever the
   kernel says: a bound for the buffers sized from its answers.  */
enum { IPC_MSGQ_SIZE_MAX = 64 * 1024 * 1024 };

/* Open the existing queue that ADDR names (POSIX, KEY, ID, FTOK) for
   ACCESS (O_RDONLY, O_WRONLY or O_RDWR).  */
int ipc_msgq_open (struct ipc_msgq *q, struct ipc_addr *addr, int access);

/* Create the queue ADDR names (POSIX, KEY, FTOK, PRIVATE), failing with
   EEXIST if it exists, with permissions exactly MODE whatever the umask.
   MAXMSG and MSGSIZE are the queue's depth and message size, 0 for the
   kernel's defaults; a System V queue has no message size of its own, so
   there they give its capacity in bytes (msg_qbytes) as their product,
   MSGSIZE defaulting to kernel.msgmax; a MSGSIZE over kernel.msgmax is
   EINVAL.  When any step fails, nothing is left behind.  The queue is
   not opened: *ID receives a System V queue's identifier.  */
int ipc_msgq_create (struct ipc_addr *addr, uint64_t maxmsg,
                     uint64_t msgsize, mode_t mode, int *id);

/* Remove the queue ADDR names.  */
int ipc_msgq_remove (struct ipc_addr *addr);

void ipc_msgq_close (struct ipc_msgq *q);

/* Send the LEN bytes at MSG with priority (POSIX) or type (System V, at
   least 1) PRIO.  Wait for room until DEADLINE (null: for ever); an
   expired deadline only tries.  ETIMEDOUT when there was no room in time,
   EMSGSIZE when LEN exceeds q->msgsize (nothing is sent).  */
int ipc_msgq_send (struct ipc_msgq *q, void const *msg, size_t len,
                   long prio, struct ipc_deadline const *deadline);

/* Receive one message: with TYPE as msgrcv's msgtyp on System V queues
   (0 for POSIX ones), waiting until DEADLINE as above.  Return its length
   and point *MSG to it (in q->buf, valid until the next call); set *PRIO
   to its priority or type.  */
ssize_t ipc_msgq_recv (struct ipc_msgq *q, long type,
                       struct ipc_deadline const *deadline,
                       char **msg, long *prio);

/* What 'ls' and 'stat' show of a queue: what names it and whose it is,
   as of any object (ipc-object.h), then what only queues have.  */
struct ipc_msgq_info
{
  struct ipc_object object;
  bool have_counts;         /* MSGS and USEDBYTES are known */
  uint64_t msgs, usedbytes;
  bool have_limits;         /* MSGSIZE and QBYTES are known */
  uint64_t maxmsgs;         /* POSIX only */
  uint64_t msgsize;         /* the largest message */
  uint64_t qbytes;          /* capacity in bytes */
  pid_t lspid, lrpid;       /* System V: last send and receive */
};

/* Information on the POSIX queue NAME ("/jobs").  Without permission to
   read it, only the fields that stat(2) of DIR/NAME gives (DIR is
   normally IPC_POSIX_MQUEUE_DIR) are filled.  */
int ipc_msgq_posix_info (char const *name, char const *dir,
                         struct ipc_msgq_info *info);

/* Whether the mqueue file system mounted at DIR belongs to another IPC
   namespace than ours: a process in a new one (unshare -i) that kept the
   mount of its parent sees the parent's queues there and none of its
   own.  LIST is what ipc_posix_list found in DIR: a queue there that
   mq_open cannot find, or finds on another file system, tells.  When
   DIR holds none, a queue of our own is made for a moment, to see where
   it appears.  Return true only when sure.  */
bool ipc_msgq_posix_dir_foreign (char const *dir,
                                 struct ipc_posix_list const *list);

/* Information on the System V queue of ENTRY, a line of
   /proc/sysvipc/msg, completed by IPC_STAT when that is allowed.  */
void ipc_msgq_sysv_info (struct ipc_sysv_entry const *entry,
                         struct ipc_msgq_info *info);

#endif

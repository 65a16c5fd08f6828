/* Request and reply over message queues (SPEC 6, ipc-mq call and serve):
   the envelope, the caller's side (a private reply queue on POSIX, replies
   typed with the caller's PID on System V) and the server's loop, which
   runs a command per request with the body on its standard input and
   sends back its output and status.

   The envelope, so that any program can be either end:
     POSIX     request  REPLYQUEUE "\n" BODY, on the server's queue, where
                        REPLYQUEUE is a queue the caller made for the call;
               reply    STATUS "\n" BODY, sent to REPLYQUEUE.
     System V  request  PID "\n" BODY, type 1, on the server's queue;
               reply    STATUS "\n" BODY, type PID, on the same queue.
   STATUS is decimal, 0 to 255; PID is the caller's process id, decimal.

   Like the rest of lib, this never prints and never exits: failures are
   -1 with errno, a timeout is ETIMEDOUT, a wait ended by a stop signal
   (ipc-stop.h) is EINTR.  What a server has to say while it goes on (a
   command that could not run, a caller that is gone) reaches the command
   through a callback.  */
#ifndef IPC_RPC_H
#define IPC_RPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "ipc-addr.h"
#include "ipc-deadline.h"
#include "ipc-msgq.h"

/* The type of System V requests.  */
enum { IPC_RPC_SYSV_REQUEST_TYPE = 1 };

/* The status of a reply that the server gives when CMD did not give one:
   its output did not fit, it could not be started, serve was stopped
   before it finished.  */
enum { IPC_RPC_CANCELED = 125 };

/* ---- The envelope ---------------------------------------------------- */

/* A request as received.  BODY points into the message.  */
struct ipc_rpc_request
{
  char const *reply_to;     /* POSIX: the reply queue's name, in the
                               message, its newline replaced by a NUL */
  pid_t pid;                /* System V: the caller */
  char const *body;
  size_t len;
};

/* Parse the request of LEN bytes at MSG from a queue of kind POSIX
   (writes a NUL over its first newline).  EBADMSG when it is not one: no
   newline, a reply queue name that is not "/name", a PID that is not a
   positive decimal number.  */
int ipc_rpc_parse_request (bool posix, char *msg, size_t len,
                           struct ipc_rpc_request *r);

/* Parse the reply of LEN bytes at MSG: its status into *STATUS, and the
   offset of its body.  EBADMSG when it is not "STATUS\n...".  */
int ipc_rpc_parse_reply (char const *msg, size_t len, int *status,
                         size_t *body);

/* ---- The caller ------------------------------------------------------ */

struct ipc_rpc_call
{
  struct ipc_msgq q;        /* the server's queue */
  /* POSIX: the reply queue (open for reading while it exists) and its
     name, chosen by ipc_rpc_call_open.  */
  struct ipc_msgq reply;
  bool have_reply;
  char reply_name[64];
  /* The request's head (REPLYQUEUE or PID and its newline).  */
  char head[80];
  size_t headlen;
  /* The most bytes a request's body may have: the queue's message size
     less the head.  */
  size_t room;
  char *msg;                /* the request being built */
  /* Set when ipc_rpc_call_send failed to create the reply queue (its
     errno is then mq_open's, for ipc_limit_explain).  */
  bool create_failed;
};

/* Open the server's queue that ADDR names, for a call.  The reply
   queue's name (POSIX) is chosen here, so that C->room is known before
   the body is read; nothing is created yet.  EMSGSIZE when the queue's
   messages cannot even hold the head.  */
int ipc_rpc_call_open (struct ipc_rpc_call *c, struct ipc_addr *addr);

/* Send the request of body BODY (LEN bytes), waiting for room in the
   queue until DEADLINE.  POSIX: first create the reply queue, with
   permissions exactly MODE, one message of the server queue's size.
   System V: first drop replies of our PID left in the queue by an
   earlier caller of that PID that gave up.  EMSGSIZE when LEN exceeds
   C->room (nothing is sent or created).  A failure leaves no reply
   queue behind.  */
int ipc_rpc_call_send (struct ipc_rpc_call *c, void const *body, size_t len,
                       mode_t mode, struct ipc_deadline const *deadline);

/* Wait until DEADLINE for the reply; then remove the reply queue (POSIX)
   before anything else, set *STATUS and point *BODY to the body (valid
   until ipc_rpc_call_end), and return its length.  EBADMSG for a reply
   that is not in the envelope.  */
ssize_t ipc_rpc_call_reply (struct ipc_rpc_call *c,
                            struct ipc_deadline const *deadline,
                            int *status, char const **body);

/* Remove the reply queue if it is still there.  Only async-signal-safe
   calls, and safe to call again.  */
void ipc_rpc_call_remove (struct ipc_rpc_call *c);

/* ipc_rpc_call_remove, then close the queue and free C's memory.  */
void ipc_rpc_call_end (struct ipc_rpc_call *c);

/* ---- The server ------------------------------------------------------ */

/* What a server tells its command, which prints it.  */
enum ipc_rpc_event
{
  IPC_RPC_NOT_RUN,          /* CMD could not be started: ERR; STATUS sent */
  IPC_RPC_TOO_LONG,         /* CMD's output (LEN bytes or more) and the
                               status line exceed LIMIT, the size of a
                               reply: 125 sent */
  IPC_RPC_GONE,             /* the reply queue (TO) or the caller (PID)
                               is gone: not sent; FIRST on the first */
  IPC_RPC_NOT_SENT,         /* the reply could not be sent: ERR */
  IPC_RPC_BAD_REQUEST,      /* a message that is not a request: dropped */
  IPC_RPC_FAILED            /* receiving failed: ERR; serve ends */
};

struct ipc_rpc_note
{
  enum ipc_rpc_event event;
  int err;
  char const *to;           /* POSIX: the reply queue */
  pid_t pid;                /* System V: the caller */
  size_t len, limit;
  int status;
  bool first;
};

struct ipc_rpc_server
{
  struct ipc_msgq *q;       /* the queue, open for reading (and writing,
                               System V); q->stop should be
                               &ipc_stop_signal */
  char *const *argv;        /* CMD */
  uintmax_t count;          /* end after this many requests; 0: no end */
  unsigned int jobs;        /* how many CMDs at once, at least 1 */
  /* End when no request came for IDLE (not infinite: an idle limit).  */
  struct timespec idle;
  /* Start CMD with SIGPIPE's default action (our own is ignored).  */
  bool sigpipe_default;
  void (*note) (void *arg, struct ipc_rpc_note const *n);
  void *arg;
  /* Results.  */
  uintmax_t served;         /* requests answered */
  uintmax_t gone;           /* replies whose caller was gone */
};

/* Serve requests until S->count have been taken, until none came for
   S->idle, or until a stop signal (ipc_stop_signal) came: then take no
   more, pass the signal on to the CMDs still running, and answer their
   requests when they end (125 for a CMD that the signal killed: it did
   not finish).  Each request runs CMD in a child (posix_spawnp) with
   the body on its standard input through a pipe and its standard
   output collected; its status is as timeout(1) reports it (126, 127,
   128+N; ipc-run.h).  With S->jobs above 1, that many worker processes
   take requests from the queue, each running one CMD at a time; the
   caller's stop signals (INT, TERM, HUP) are passed on to them.  SIGPIPE
   must be ignored by the caller (a CMD that does not read its input).
   Return 0, or -1 when receiving failed (reported as IPC_RPC_FAILED;
   errno is then 0) or the workers could not be started (errno).  */
int ipc_rpc_serve (struct ipc_rpc_server *s);

#endif

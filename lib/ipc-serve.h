/* A server that runs one child per connection ('ipc-sock listen
   --fork'): the accept loop, with a bound on the children alive at once
   (the connections beyond it wait in the listening socket's backlog),
   and a back-off when accept or fork fails for want of a resource, so
   that a server at RLIMIT_NOFILE neither spins nor gives up.  Like the
   rest of lib it never prints and never exits: what goes wrong is told
   to the caller's callback, and the child is the caller's.  */
#ifndef IPC_SERVE_H
#define IPC_SERVE_H

#include <poll.h>
#include <stdbool.h>

struct ipc_deadline;

/* The default of --max-children: s6-ipcserver takes 40, socat none;
   enough for a test rig, few enough that the network cannot make us
   run hundreds of commands at once.  */
#define IPC_SERVE_MAX_CHILDREN 64

struct ipc_serve
{
  int fd;                       /* the listening socket */
  unsigned max_children;        /* at most this many alive; 0: no bound */
  /* In the parent, before the fork: whether to serve the connection
     SOCK (false: it is closed).  May be null: every one is served.  */
  bool (*admit) (int sock, void *arg);
  /* In the child, with SOCK the connection, the listening socket closed,
     and the caller's signal mask and SIGCHLD action back.  It should
     not return (it runs a command); a child whose CHILD returns ends
     with _exit (1).  */
  void (*child) (int sock, void *arg);
  /* A failure that the loop outlives, ERR the errno of WHAT ("accept"
     or "fork").  After such a failure the loop waits (100ms, doubling
     up to 2s, or until a child ends) before it accepts again, and
     reports the same failure once until a connection is served again.
     May be null.  */
  void (*trouble) (char const *what, int err, void *arg);
  void *arg;
};

/* Serve the connections of S->fd, each in a child of its own, until a
   stop signal comes (ipc-stop.h): then -1 with errno EINTR, and
   ipc_stop_signal says which.  -1 with errno for a failure to wait or
   to set up.  Installs a SIGCHLD handler (the children are reaped, so
   that none stays a zombie) and the stop signals' (ipc_stop_catch);
   they are blocked but while the loop waits, so that none comes between
   a look at the flag and the wait.  The caller's signal mask is back on
   return.  S->fd is made non-blocking.  Children still running are not
   waited for.  */
int ipc_serve_fork (struct ipc_serve const *s);

/* poll(2) of the N descriptors FDS until deadline D (null: none) or a
   stop signal, caught beforehand with ipc_stop_catch: the stop signals
   are blocked but during the wait itself (ppoll), so that one that came
   just before it ends it too.  For a server's wait for a peer, whose
   socket file must not outlive a TERM.  Return poll's count (> 0), or
   -1 with errno ETIMEDOUT, EINTR when a stop signal came
   (ipc_stop_signal says which), or poll's own.  Other signals are waited
   through.  The caller's signal mask is back on return.  */
int ipc_serve_poll (struct pollfd *fds, nfds_t n,
                    struct ipc_deadline const *d);

#endif

/* The sockets of the system, as 'ipc-sock ls', 'stat' and 'wait' see
   them: /proc/net/unix, tcp, tcp6, udp, udp6, the peers of Unix sockets
   from sock_diag, and the processes that hold each socket from the
   /proc/PID/fd walk.  Never prints; returns -1 with errno set.  */
#ifndef IPC_SOCKETS_H
#define IPC_SOCKETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct ipc_sock_entry
{
  char const *type;         /* "unix", "unixgram", "unixseq", "tcp",
                               "tcp6", "udp", "udp6" (static strings) */
  char const *state;        /* "LISTEN", "ESTAB", "UNCONN", ... as ss */
  uint64_t inode;
  /* The local address in the syntax of SPEC 2 ("unix:/run/x.sock",
     "abstract:name", "tcp:127.0.0.1:80", "tcp:[::1]:80"), "" when
     unbound.  */
  char *addr;
  /* The remote address of an IP socket, as ADDR; "" for none.  */
  char *remote;
  uint64_t peer_inode;      /* a Unix socket's peer, 0 if unknown */
  bool listening;
  /* Processes that have it open, sorted, each once.  */
  pid_t *pids;
  size_t npids;
};

/* Read every socket into a new array *LIST of *N entries.  With
   WITH_PIDS, walk /proc/PID/fd for the processes that hold them (those
   we may not look into are missing).  */
int ipc_sockets_scan (bool with_pids, struct ipc_sock_entry **list,
                      size_t *n);
void ipc_sockets_free (struct ipc_sock_entry *list, size_t n);

/* The entry among LIST whose socket has inode INODE, or null.  */
struct ipc_sock_entry const *
ipc_sockets_find (struct ipc_sock_entry const *list, size_t n,
                  uint64_t inode);

struct ipc_addr;

/* The socket of LIST bound at ADDR (SPEC 2), as /proc/net shows it: for
   a stream address, the one that listens there; for a datagram address,
   an unconnected one bound there, else any.  A TCP or UDP address
   matches the addresses its host resolves to and the wildcards (0.0.0.0,
   [::]) on its port.  Null if none.  */
struct ipc_sock_entry const *
ipc_sockets_at (struct ipc_sock_entry const *list, size_t n,
                struct ipc_addr const *addr);

/* Whether a socket of this system listens at the stream address ADDR,
   seen in /proc/net without connecting to it (a connection would use up
   a server that serves once): 1 or 0, or -1 with errno set.  For a
   socket file, the file must also be a socket still.  */
int ipc_sockets_listening (struct ipc_addr const *addr);

#endif

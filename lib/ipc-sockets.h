/* The sockets of the system, as 'ipc-sock ls', 'stat' and 'wait' see
   them: the Unix sockets from sock_diag (NETLINK_SOCK_DIAG: exact names,
   the device and inode of socket files, peers, states), IP sockets from
   /proc/net/tcp, tcp6, udp, udp6, and the processes that hold each
   socket from the /proc/PID/fd walk.  /proc/net/unix is not read: it
   prints names raw, so that a newline in an abstract name, which any
   user may bind, forges a line.  Sockets of other network namespaces
   are not seen (a server there bound to a file here included).  Never
   prints; returns -1 with errno set.  */
#ifndef IPC_SOCKETS_H
#define IPC_SOCKETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
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
  /* The other end: a Unix socket's peer, or the socket of this system
     at the other end of a TCP connection whose two ends are both here
     (over loopback, or to one of our own addresses); 0 if unknown.  */
  uint64_t peer_inode;
  /* A bound Unix socket: the exact bytes of its name, NAME_LEN of them
     and a NUL (an abstract name without its leading NUL; it may hold
     NULs and newlines, which ADDR shows as '@' and as they are); null
     when unbound.  */
  char *name;
  size_t name_len;
  bool abstract;
  /* A Unix socket bound to a file (also a connection accepted by its
     listener): the device and inode of the socket file, as stat(2)
     would give them; sock_diag tells only the inode's low 32 bits.  */
  bool has_file;
  dev_t file_dev;
  uint32_t file_ino;
  bool listening;
  /* Recv-Q and Send-Q as ss(8) shows them (sock_diag's rqueue and
     wqueue, /proc/net's rx_queue and tx_queue): the bytes waiting to be
     read and those not yet sent (acknowledged, for TCP); for a listener,
     the connections waiting for accept(2) and the backlog of listen(2).
     HAS_QUEUES false when the kernel did not say (a TCP listener's
     backlog comes from inet_diag only).  */
  bool has_queues;
  uint32_t recvq, sendq;
  /* Who owns it, the file-system UID of the process that made it, as ss
     -e shows it: from /proc/net for IP sockets, sock_diag's UNIX_DIAG_UID
     for Unix ones (Linux 5.3); HAS_UID false when not told.  */
  bool has_uid;
  uid_t uid;
  /* Processes that have it open, sorted, each once.  */
  pid_t *pids;
  size_t npids;
};

/* Read every socket into a new array *LIST of *N entries: EPROTONOSUPPORT
   or EAFNOSUPPORT where the kernel has no sock_diag for Unix sockets
   (Linux before 3.3, or built without unix_diag), which is never
   replaced by parsing /proc/net/unix.  With
   WITH_PIDS, walk /proc/PID/fd for the processes that hold them
   (ipc-users.h); those we may not look into are missing, and counted in
   *UNREADABLE when UNREADABLE is not null (0 without WITH_PIDS).  */
int ipc_sockets_scan (bool with_pids, struct ipc_sock_entry **list,
                      size_t *n, size_t *unreadable);
void ipc_sockets_free (struct ipc_sock_entry *list, size_t n);

/* The state of the name TEXT, as the STATE of an entry spells it
   ("LISTEN", "ESTAB", "UNCONN", "TIME-WAIT"...), upper or lower case:
   that static string, or null if no state has that name.  */
char const *ipc_sockets_state_name (char const *text);

/* The same for the TYPE of an entry ("unix", "tcp6"...), exact.  */
char const *ipc_sockets_type_name (char const *text);

/* The IP sockets that the text of /proc/net/TYPE (TYPE "tcp", "tcp6",
   "udp" or "udp6"; EINVAL for another) from the stream F (not closed)
   gives, as ipc_sockets_scan reads them, into a new array *LIST of *N
   entries without holders.  The first line is the header; lines whose
   addresses are not the kernel's hexadecimal ADDR:PORT (8 hex digits, 32
   for IPv6, and 4 for the port) or whose fields do not parse are
   skipped.  */
int ipc_sockets_parse_ip (FILE *f, char const *type,
                          struct ipc_sock_entry **list, size_t *n);

/* The entry among LIST whose socket has inode INODE, or null.  */
struct ipc_sock_entry const *
ipc_sockets_find (struct ipc_sock_entry const *list, size_t n,
                  uint64_t inode);

/* Whether the socket C is a connection accepted on the listener L (the
   server's end of it, which the kernel made at accept time): for Unix
   sockets, one of L's type that carries L's socket file or abstract name
   and does not listen; for TCP, one of L's family on L's port at L's
   host (any host when L listens on the wildcard) that does not listen
   and is not a TIME-WAIT remnant: accepted, or waiting in L's queue to
   be (ESTAB or SYN-RECV with inode 0).  False when L does not listen.  */
bool ipc_sockets_accepted_on (struct ipc_sock_entry const *l,
                              struct ipc_sock_entry const *c);

struct ipc_addr;

/* The socket of LIST bound at ADDR (SPEC 2): for a stream address, the
   one that listens there; for a datagram address, an unconnected one
   bound there, else any.  A socket file (unix:, unixgram:) is matched by
   the device and inode of the file that ADDR's path leads to now (stat:
   however the path is spelled, and never a file replaced since the bind),
   an abstract name by its exact bytes.  A TCP or UDP address matches the
   addresses its host resolves to and the wildcards (0.0.0.0, [::]) on
   its port.  Null if none.  */
struct ipc_sock_entry const *
ipc_sockets_at (struct ipc_sock_entry const *list, size_t n,
                struct ipc_addr const *addr);

/* Whether a socket of this system listens at the stream address ADDR
   (as ipc_sockets_at finds it), seen in sock_diag and /proc/net without
   connecting to it (a connection would use up a server that serves
   once): 1 or 0, or -1 with errno set.  */
int ipc_sockets_listening (struct ipc_addr const *addr);

/* Whether a Unix socket of this system serves at the socket file of
   device DEV and inode INO (from stat): one that listens there, is bound
   there and not yet listening, or a datagram socket bound there; the
   connections that a listener accepted, which carry its file too, do
   not count, nor does a client that bound the name before connecting.
   1 or 0, or -1 with errno set.  Never connects.  */
int ipc_sockets_file_bound (dev_t dev, ino_t ino);

#endif

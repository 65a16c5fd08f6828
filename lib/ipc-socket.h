/* Sockets named by the addresses of SPEC 2 (unix:, abstract:, unixgram:,
   abstract-dgram:, tcp:, udp:): resolving them, listening with an exact
   mode, connecting under a deadline, the peer's credentials, and passing
   descriptors (SCM_RIGHTS).  Every descriptor made here is close-on-exec
   and never 0, 1 or 2 (ipc-fd.h).  These functions never print; they
   return -1 with errno set.  A name that getaddrinfo cannot resolve is
   errno EHOSTUNREACH with *GAI (when not null) set to its EAI_ code, for
   gai_strerror.  */
#ifndef IPC_SOCKET_H
#define IPC_SOCKET_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <signal.h>
#include <time.h>

struct ipc_addr;
struct ipc_deadline;

/* One address to bind or connect to.  */
struct ipc_sockaddr
{
  int family, type;
  socklen_t len;
  struct sockaddr_storage ss;
};

/* Whether ADDR is a stream (unix, abstract, tcp) or datagram form.  */
bool ipc_socket_is_stream (struct ipc_addr const *addr);
/* Whether ADDR names a socket file (unix:, unixgram:).  */
bool ipc_socket_is_file (struct ipc_addr const *addr);

/* The addresses of ADDR, in the order to try them: one for the Unix
   forms, getaddrinfo's for tcp: and udp: (PASSIVE: for bind; an empty
   host is every address, IPv6 first, which also takes IPv4 on Linux).
   Free *LIST with free.  */
int ipc_socket_resolve (struct ipc_addr const *addr, bool passive,
                        struct ipc_sockaddr **list, size_t *n, int *gai);

/* A socket bound to ADDR: listening (backlog SOMAXCONN) for the stream
   forms, ready to receive for the datagram ones.  A socket file is
   created with exactly MODE, whatever the umask, with no moment where
   it has another one.  An existing file there is EADDRINUSE.  */
int ipc_socket_bind (struct ipc_addr const *addr, mode_t mode, int *gai);

/* Remove the socket file PATH left behind by a server that is gone:
   0 when removed or absent; -1 with EADDRINUSE when a socket serves at
   the file (ipc_sockets_file_bound: asked of sock_diag, never by a
   connection, which would use up a server that serves once), ENOTSOCK
   when it is not a socket (never removed), or the error of lstat,
   sock_diag or unlink.  */
int ipc_socket_unlink_stale (char const *path);

/* A socket connected to ADDR, trying each address until one accepts,
   within TIMEOUT (IPC_DURATION_INFINITE: the kernel's own limit).  For
   the datagram forms, connect only sets the default destination.  */
int ipc_socket_connect (struct ipc_addr const *addr, struct timespec timeout,
                        int *gai);

/* accept(2) of the listening FD, the new socket close-on-exec and never
   0-2.  Goes on after EINTR unless *STOP (when STOP is not null) is set,
   and after the errors that concern the one connection that failed.  */
int ipc_socket_accept (int fd, volatile sig_atomic_t const *stop);

/* The peer's PID, UID and GID (SO_PEERCRED) of the Unix socket FD.  */
int ipc_socket_peer_cred (int fd, pid_t *pid, uid_t *uid, gid_t *gid);

/* The peer's numeric address and port of the IP socket FD: HOST holds
   at least 64 bytes.  An IPv4 peer of an IPv6 socket (::ffff:a.b.c.d)
   is given in its IPv4 form, a.b.c.d.  */
int ipc_socket_peer_ip (int fd, char *host, size_t size, unsigned *port);

/* Send the descriptor PASS over the Unix socket FD with one byte of data
   (SCM_RIGHTS).  */
int ipc_socket_send_fd (int fd, int pass);

/* Receive one descriptor sent by ipc_socket_send_fd over FD, close-on-
   exec and never 0-2.  Any further descriptors that came with it are
   closed; EBADMSG when none came (or the message was cut), ECONNRESET
   when the peer closed first.  */
int ipc_socket_recv_fd (int fd);

#endif

/* A relay between a connected stream socket and two descriptors, as nc
   does: IN to SOCK and SOCK to OUT at once, each at the speed of the
   kernel (ipc-io.h).  At the end of IN, SOCK is shut down for writing
   (the peer reads its end of file) and SOCK is still read until the peer
   closes; at the end of SOCK, IN is still copied until its end, unless
   the peer is gone for good (a Unix peer that closed).  A closed IN is
   an empty one.  IN and OUT, when they are pipes smaller than 1 MiB,
   are grown to 1 MiB first where the limits allow (F_SETPIPE_SZ; they
   keep that size): over TCP, a 64 KiB pipe took one wake-up per 64 KiB
   segment and its 53-byte tail (bench/README.md).  The caller holds
   SIGPIPE (ipc_io_sigpipe_hold).
   IN is copied by a thread of its own, which is always over when this
   returns: when the copy to OUT fails, or the peer is gone, it is
   cancelled at its blocking call (what it read of IN and not yet sent
   is lost), so that nothing reaches SOCK after the return.  Return 0, or -1 with errno set and *ERROR_FD the descriptor (IN, SOCK
   or OUT) whose read or write failed, *WRITING whether a write.  */
int ipc_socket_relay (int sock, int in, int out, int *error_fd,
                      bool *writing);

/* Put the peer of the connected socket FD into the environment, for a
   command run on the connection: IPC_PEER_PID, IPC_PEER_UID and
   IPC_PEER_GID for a Unix socket, IPC_PEER_ADDR and IPC_PEER_PORT for
   an IP socket.  The other family's variables are removed, so that
   none that our own environment held passes for the peer's.  */
int ipc_socket_peer_env (int fd);

/* The address that FD is bound to, as an operand of ours, in BUF of
   SIZE bytes: for tcp: and udp: the numeric host and the port that the
   kernel gave ("tcp:127.0.0.1:41234", "tcp:[::]:80"); for the other
   forms, TEXT itself.  */
void ipc_socket_local_text (int fd, struct ipc_addr const *addr,
                            char const *text, char *buf, size_t size);

/* The largest datagram that the datagram socket FD may send, as far as
   can be known before trying: 65507 bytes for UDP over IPv4, 65527 over
   IPv6; for a Unix socket its SO_SNDBUF, of which the kernel keeps a
   little (a datagram close to it still fails with EMSGSIZE).  0 if
   unknown.  */
size_t ipc_socket_max_datagram (int fd);

/* Take one datagram from FD without waiting, whole whatever its size
   (its length is asked first, with MSG_PEEK | MSG_TRUNC): *BUF, to free,
   holds its bytes.  Return its length, or -1 with errno set (EAGAIN:
   none there).  */
ssize_t ipc_socket_recv_datagram (int fd, char **buf);

/* Have the kernel give the sender's credentials with every datagram
   that the datagram socket FD receives (SO_PASSCRED), for
   ipc_socket_take_fd's ADMIT: right after the bind, as a datagram sent
   before comes with none that can be trusted.  */
int ipc_socket_pass_cred (int fd);

/* Wait until deadline D (null: for ever) for one descriptor on the bound
   socket FD, as ipc_socket_recv_fd takes it.  On a listening (STREAM)
   socket, connections are accepted as they come and the first to send
   something is the one read (at most 16 are held at once, the oldest
   then closed): one that sends nothing holds nothing up.  When ADMIT is
   not null, a peer that it refuses, given the PID and UID of the peer
   (SO_PEERCRED) or of a datagram's sender (SCM_CREDENTIALS: call
   ipc_socket_pass_cred first), is closed or dropped at once and the wait
   goes on; a PID of 0 is a sender whose credentials are unknown.  Every
   connection is closed on return.  ETIMEDOUT when none came in time;
   EINTR at a stop signal (ipc_serve_poll); EBADMSG or ECONNRESET as
   ipc_socket_recv_fd.  A stream FD is made non-blocking.  */
int ipc_socket_take_fd (int fd, bool stream, struct ipc_deadline const *d,
                        bool (*admit) (pid_t pid, uid_t uid, void *arg),
                        void *arg);

/* Sockets named by SPEC 2 addresses.  */
#include <config.h>

#include "ipc-socket.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <unistd.h>

#include "ipc-addr.h"
#include "ipc-deadline.h"
#include "ipc-fd.h"
#include "ipc-io.h"
#include "ipc-serve.h"
#include "ipc-sockets.h"
#include "ipc-units.h"

bool
ipc_socket_is_stream (struct ipc_addr const *addr)
{
  return (addr->kind == IPC_ADDR_UNIX || addr->kind == IPC_ADDR_ABSTRACT
          || addr->kind == IPC_ADDR_TCP);
}

bool
ipc_socket_is_file (struct ipc_addr const *addr)
{
  return addr->kind == IPC_ADDR_UNIX || addr->kind == IPC_ADDR_UNIXGRAM;
}

int
ipc_socket_resolve (struct ipc_addr const *addr, bool passive,
                    struct ipc_sockaddr **list, size_t *n, int *gai)
{
  int type = ipc_socket_is_stream (addr) ? SOCK_STREAM : SOCK_DGRAM;
  if (gai)
    *gai = 0;
  if (addr->kind != IPC_ADDR_TCP && addr->kind != IPC_ADDR_UDP)
    {
      struct ipc_sockaddr *sa = calloc (1, sizeof *sa);
      if (!sa)
        return -1;
      struct sockaddr_un *un = (struct sockaddr_un *) &sa->ss;
      un->sun_family = AF_UNIX;
      size_t len = strlen (addr->name);
      bool abstract = !ipc_socket_is_file (addr);
      /* The parser bounded the name; check again rather than overflow.  */
      if (len + abstract > sizeof un->sun_path - !abstract)
        {
          free (sa);
          errno = ENAMETOOLONG;
          return -1;
        }
      /* An abstract name is a leading NUL and exactly the name's bytes,
         as socat and ss show it: no padding.  */
      memcpy (un->sun_path + abstract, addr->name, len);
      sa->family = AF_UNIX;
      sa->type = type;
      sa->len = offsetof (struct sockaddr_un, sun_path) + abstract + len
                + !abstract;
      *list = sa;
      *n = 1;
      return 0;
    }

  struct addrinfo hints = { .ai_socktype = type,
                            .ai_flags = (AI_NUMERICSERV
                                         | (passive ? AI_PASSIVE : 0)) };
  char port[8];
  snprintf (port, sizeof port, "%u", (unsigned) addr->port);
  /* Every address: IPv6's wildcard takes IPv4 too unless the system
     says bindv6only; IPv4 alone then, so that it works either way.  */
  bool any = !*addr->name;
  if (any && passive)
    hints.ai_family = AF_INET6;
  struct addrinfo *res;
  int err = getaddrinfo (any ? NULL : addr->name, port, &hints, &res);
  if (err != 0 && any && passive)
    {
      hints.ai_family = AF_INET;
      err = getaddrinfo (NULL, port, &hints, &res);
    }
  if (err != 0)
    {
      if (err == EAI_SYSTEM)
        return -1;
      if (gai)
        *gai = err;
      errno = EHOSTUNREACH;
      return -1;
    }
  size_t count = 0;
  for (struct addrinfo *ai = res; ai; ai = ai->ai_next)
    count++;
  struct ipc_sockaddr *sa = calloc (count, sizeof *sa);
  if (!sa)
    {
      freeaddrinfo (res);
      return -1;
    }
  size_t i = 0;
  for (struct addrinfo *ai = res; ai; ai = ai->ai_next)
    if (ai->ai_addrlen <= sizeof sa[i].ss)
      {
        sa[i].family = ai->ai_family;
        sa[i].type = ai->ai_socktype;
        sa[i].len = ai->ai_addrlen;
        memcpy (&sa[i].ss, ai->ai_addr, ai->ai_addrlen);
        i++;
      }
  freeaddrinfo (res);
  *list = sa;
  *n = i;
  return 0;
}

static int
new_socket (struct ipc_sockaddr const *sa)
{
  return ipc_fd_high (socket (sa->family, sa->type | SOCK_CLOEXEC, 0), true);
}

/* bind, with the socket file's mode exactly MODE: bind creates it with
   0777 less the umask, so the umask is ~MODE for that call (we have one
   thread here) and put back at once.  */
static int
bind_mode (int fd, struct ipc_sockaddr const *sa, mode_t mode)
{
  mode_t old = umask (~mode & 0777);
  int r = bind (fd, (struct sockaddr const *) &sa->ss, sa->len);
  int err = errno;
  umask (old);
  errno = err;
  return r;
}

int
ipc_socket_bind (struct ipc_addr const *addr, mode_t mode, int *gai)
{
  struct ipc_sockaddr *list;
  size_t n;
  if (ipc_socket_resolve (addr, true, &list, &n, gai) != 0)
    return -1;
  int fd = -1, err = EADDRNOTAVAIL;
  for (size_t i = 0; i < n && fd < 0; i++)
    {
      fd = new_socket (&list[i]);
      if (fd < 0)
        {
          err = errno;
          continue;
        }
      int one = 1;
      if (list[i].family != AF_UNIX)
        setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
      if (bind_mode (fd, &list[i], mode) != 0
          || (list[i].type == SOCK_STREAM && listen (fd, SOMAXCONN) != 0))
        {
          err = errno;
          close (fd);
          fd = -1;
        }
    }
  free (list);
  if (fd < 0)
    errno = err;
  return fd;
}

int
ipc_socket_unlink_stale (char const *path)
{
  struct stat st;
  if (lstat (path, &st) != 0)
    return errno == ENOENT ? 0 : -1;
  if (!S_ISSOCK (st.st_mode))
    {
      errno = ENOTSOCK;
      return -1;
    }
  /* Asked of sock_diag by the file's device and inode, never by a
     connection: that would use up a server that serves once, under
     whatever name it bound the file.  */
  int bound = ipc_sockets_file_bound (st.st_dev, st.st_ino);
  if (bound != 0)
    {
      if (bound > 0)
        errno = EADDRINUSE;
      return -1;
    }
  return unlink (path) == 0 || errno == ENOENT ? 0 : -1;
}

/* Connect FD to SA before deadline D: a non-blocking connect, then a
   wait for it to finish.  */
static int
connect_one (int fd, struct ipc_sockaddr const *sa,
             struct ipc_deadline const *d)
{
  if (ipc_io_set_nonblock (fd, true) != 0)
    return -1;
  if (connect (fd, (struct sockaddr const *) &sa->ss, sa->len) != 0)
    {
      if (errno == EAGAIN && sa->family == AF_UNIX)
        {
          /* A Unix listener with a full backlog: wait for room by
             polling for it, which a Unix socket does not offer; retry
             a few times a second until the deadline.  */
          while (connect (fd, (struct sockaddr const *) &sa->ss,
                          sa->len) != 0)
            {
              if (errno != EAGAIN)
                return -1;
              if (ipc_deadline_expired (d))
                {
                  errno = ETIMEDOUT;
                  return -1;
                }
              poll (NULL, 0, 20);
            }
        }
      else if (errno != EINPROGRESS && errno != EINTR)
        return -1;
      else
        {
          for (;;)
            {
              struct pollfd p = { .fd = fd, .events = POLLOUT };
              int r = poll (&p, 1, ipc_deadline_poll_ms (d));
              if (r > 0)
                break;
              if (r == 0)
                {
                  errno = ETIMEDOUT;
                  return -1;
                }
              if (errno != EINTR)
                return -1;
            }
          int err;
          socklen_t len = sizeof err;
          if (getsockopt (fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
            return -1;
          if (err != 0)
            {
              errno = err;
              return -1;
            }
        }
    }
  return ipc_io_set_nonblock (fd, false);
}

int
ipc_socket_connect (struct ipc_addr const *addr, struct timespec timeout,
                    int *gai)
{
  struct ipc_deadline d;
  ipc_deadline_start (&d, timeout);
  struct ipc_sockaddr *list;
  size_t n;
  if (ipc_socket_resolve (addr, false, &list, &n, gai) != 0)
    return -1;
  int fd = -1, err = EADDRNOTAVAIL;
  for (size_t i = 0; i < n && fd < 0; i++)
    {
      fd = new_socket (&list[i]);
      if (fd < 0)
        err = errno;
      else if (connect_one (fd, &list[i], &d) != 0)
        {
          err = errno;
          close (fd);
          fd = -1;
          if (err == ETIMEDOUT)
            break;
        }
    }
  free (list);
  if (fd < 0)
    errno = err;
  return fd;
}

int
ipc_socket_accept (int fd, volatile sig_atomic_t const *stop)
{
  for (;;)
    {
      int s = accept4 (fd, NULL, NULL, SOCK_CLOEXEC);
      if (s >= 0)
        return ipc_fd_high (s, true);
      /* Errors of the connection that was being accepted, not ours:
         accept(2) says to retry.  */
      if ((errno == EINTR && !(stop && *stop)) || errno == ECONNABORTED
          || errno == EPROTO || errno == ENETDOWN || errno == ENOPROTOOPT
          || errno == EHOSTDOWN || errno == ENONET || errno == EHOSTUNREACH
          || errno == EOPNOTSUPP || errno == ENETUNREACH)
        continue;
      return -1;
    }
}

int
ipc_socket_peer_cred (int fd, pid_t *pid, uid_t *uid, gid_t *gid)
{
  struct ucred cred;
  socklen_t len = sizeof cred;
  if (getsockopt (fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0)
    return -1;
  *pid = cred.pid;
  *uid = cred.uid;
  *gid = cred.gid;
  return 0;
}

int
ipc_socket_peer_ip (int fd, char *host, size_t size, unsigned *port)
{
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  if (getpeername (fd, (struct sockaddr *) &ss, &len) != 0)
    return -1;
  /* An IPv4 client of a socket bound to every address (tcp::PORT)
     comes as ::ffff:a.b.c.d: give the address it has.  */
  struct sockaddr_in6 const *in6 = (struct sockaddr_in6 *) &ss;
  if (ss.ss_family == AF_INET6 && IN6_IS_ADDR_V4MAPPED (&in6->sin6_addr))
    {
      struct sockaddr_in in4 = { .sin_family = AF_INET,
                                 .sin_port = in6->sin6_port };
      memcpy (&in4.sin_addr, in6->sin6_addr.s6_addr + 12, 4);
      memcpy (&ss, &in4, sizeof in4);
      len = sizeof in4;
    }
  char serv[16];
  int err = getnameinfo ((struct sockaddr *) &ss, len, host, size, serv,
                         sizeof serv, NI_NUMERICHOST | NI_NUMERICSERV);
  if (err != 0)
    {
      errno = err == EAI_SYSTEM ? errno : EINVAL;
      return -1;
    }
  *port = strtoul (serv, NULL, 10);
  return 0;
}

int
ipc_socket_send_fd (int fd, int pass)
{
  char byte = 0;
  struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
  union
  {
    char buf[CMSG_SPACE (sizeof (int))];
    struct cmsghdr align;
  } u;
  memset (&u, 0, sizeof u);
  struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
                        .msg_control = u.buf, .msg_controllen = sizeof u.buf };
  struct cmsghdr *c = CMSG_FIRSTHDR (&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN (sizeof (int));
  memcpy (CMSG_DATA (c), &pass, sizeof pass);
  ssize_t r;
  while ((r = sendmsg (fd, &msg, MSG_NOSIGNAL)) < 0 && errno == EINTR)
    continue;
  return r < 0 ? -1 : 0;
}

/* How many descriptors a message may bring before the kernel cuts the
   control data: room for a few more than the one expected, so that a
   peer that sends more is seen and its extra descriptors closed.  */
enum { RECV_FD_ROOM = 16 };

/* ipc_socket_recv_fd, and with CRED not null the sender's credentials
   that came with the message (SO_PASSCRED) in *CRED, a PID of 0 when
   none came (or came from before SO_PASSCRED: the kernel does not know
   them then), whatever the result.  */
static int
recv_fd (int fd, struct ucred *cred)
{
  char byte;
  struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
  union
  {
    char buf[CMSG_SPACE (RECV_FD_ROOM * sizeof (int))
             + CMSG_SPACE (sizeof (struct ucred))];
    struct cmsghdr align;
  } u;
  struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
                        .msg_control = u.buf, .msg_controllen = sizeof u.buf };
  if (cred)
    *cred = (struct ucred) { .pid = 0, .uid = -1, .gid = -1 };
  ssize_t r;
  while ((r = recvmsg (fd, &msg, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR)
    continue;
  if (r < 0)
    return -1;
  int got = -1;
  for (struct cmsghdr *c = CMSG_FIRSTHDR (&msg); c; c = CMSG_NXTHDR (&msg, c))
    {
      if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS
          && cred && c->cmsg_len >= CMSG_LEN (sizeof *cred))
        memcpy (cred, CMSG_DATA (c), sizeof *cred);
      if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
        continue;
      size_t nfds = (c->cmsg_len - CMSG_LEN (0)) / sizeof (int);
      for (size_t i = 0; i < nfds; i++)
        {
          int one;
          memcpy (&one, CMSG_DATA (c) + i * sizeof (int), sizeof one);
          if (got < 0)
            got = one;
          else
            close (one);
        }
    }
  if (got < 0 || (msg.msg_flags & MSG_CTRUNC))
    {
      if (got >= 0)
        close (got);
      errno = r == 0 && got < 0 ? ECONNRESET : EBADMSG;
      return -1;
    }
  return ipc_fd_high (got, true);
}

/* The half of a relay that copies IN to the socket, in a thread of its
   own so that neither direction waits for the other.  It lives in the
   frame of ipc_socket_relay, which joins the thread before it returns
   and then frees the copy (the thread may have been cancelled in it):
   nothing of it is used once the relay is over.  */
struct relay_half
{
  struct ipc_io_copy copy;  /* IN to the socket */
  int done_fd;              /* written once the copy ended */
  int err, error_fd;
};

static void *
relay_to_socket (void *arg)
{
  struct relay_half *h = arg;
  struct ipc_io_copy *c = &h->copy;
  /* The blocking calls of the copy (read, write, splice, poll) are where
     ipc_socket_relay may cancel it.  */
  enum ipc_io_status s = (fcntl (c->in, F_GETFD) < 0 ? IPC_IO_DONE
                          : ipc_io_copy (c));
  if (s != IPC_IO_DONE)
    {
      h->err = errno;
      h->error_fd = c->error_fd;
    }
  else if (shutdown (c->out, SHUT_WR) != 0 && errno != ENOTCONN)
    {
      h->err = errno;
      h->error_fd = c->out;
    }
  char byte = 0;
  while (write (h->done_fd, &byte, 1) < 0 && errno == EINTR)
    continue;
  return NULL;
}

/* The capacity that the relay gives the pipes at its ends.  */
enum { RELAY_PIPE_SIZE = 1024 * 1024 };

/* Grow the pipe FD to RELAY_PIPE_SIZE, if it is a smaller pipe and the
   limits allow (fs.pipe-max-size, the user's pipe pages); otherwise
   leave it as it is.  */
static void
grow_pipe (int fd)
{
  long cap;
  if (ipc_io_is_pipe (fd) && (cap = ipc_pipe_get_size (fd)) >= 0
      && cap < RELAY_PIPE_SIZE)
    ipc_pipe_set_size (fd, RELAY_PIPE_SIZE);
}

int
ipc_socket_relay (int sock, int in, int out, int *error_fd, bool *writing)
{
  grow_pipe (in);
  grow_pipe (out);
  int done[2];
  if (ipc_fd_pipe (done, O_CLOEXEC) != 0)
    {
      *error_fd = sock;
      *writing = false;
      return -1;
    }
  struct relay_half h = { .done_fd = done[1] };
  ipc_io_copy_init (&h.copy, in, sock);
  pthread_t thread;
  int err = pthread_create (&thread, NULL, relay_to_socket, &h);
  if (err != 0)
    {
      ipc_io_copy_free (&h.copy);
      close (done[0]);
      close (done[1]);
      errno = err;
      *error_fd = sock;
      *writing = false;
      return -1;
    }

  struct ipc_io_copy c;
  ipc_io_copy_init (&c, sock, out);
  enum ipc_io_status s = ipc_io_copy (&c);
  int result = 0;
  bool finished = false;    /* the thread ended its copy by itself */
  if (s != IPC_IO_DONE)
    {
      err = errno;
      *error_fd = c.error_fd;
      *writing = c.error_fd == out;
      result = -1;
    }
  ipc_io_copy_free (&c);
  if (result == 0)
    {
      /* The peer has said all it had to say.  Go on sending until IN
         ends, unless the peer is gone entirely (POLLHUP: both ways shut
         down), when what is left of IN has nowhere to go.  */
      struct pollfd p[2] = { { .fd = done[0], .events = POLLIN },
                             { .fd = sock, .events = 0 } };
      while (poll (p, 2, -1) < 0 && errno == EINTR)
        continue;
      finished = p[0].revents != 0;
    }
  /* Otherwise the thread may be blocked on IN for ever (a terminal, a
     pipe nobody closes): cancel it at its blocking call, and wait for it
     in any case, so that it never outlives its frame, never shuts down
     or writes to a descriptor that the caller has closed and perhaps
     reused, and sends nothing more to the peer.  */
  if (!finished)
    pthread_cancel (thread);
  pthread_join (thread, NULL);
  ipc_io_copy_free (&h.copy);
  if (finished && h.err)
    {
      err = h.err;
      *error_fd = h.error_fd;
      *writing = h.error_fd == sock;
      result = -1;
    }
  close (done[0]);
  close (done[1]);
  errno = err;
  return result;
}

int
ipc_socket_peer_env (int fd)
{
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  if (getsockname (fd, (struct sockaddr *) &ss, &len) != 0)
    return -1;
  char buf[NI_MAXHOST];
  if (ss.ss_family == AF_UNIX)
    {
      pid_t pid;
      uid_t uid;
      gid_t gid;
      if (ipc_socket_peer_cred (fd, &pid, &uid, &gid) != 0
          || unsetenv ("IPC_PEER_ADDR") != 0
          || unsetenv ("IPC_PEER_PORT") != 0)
        return -1;
      snprintf (buf, sizeof buf, "%ld", (long) pid);
      if (setenv ("IPC_PEER_PID", buf, 1) != 0)
        return -1;
      snprintf (buf, sizeof buf, "%lu", (unsigned long) uid);
      if (setenv ("IPC_PEER_UID", buf, 1) != 0)
        return -1;
      snprintf (buf, sizeof buf, "%lu", (unsigned long) gid);
      return setenv ("IPC_PEER_GID", buf, 1);
    }
  unsigned port;
  if (unsetenv ("IPC_PEER_PID") != 0 || unsetenv ("IPC_PEER_UID") != 0
      || unsetenv ("IPC_PEER_GID") != 0
      || ipc_socket_peer_ip (fd, buf, sizeof buf, &port) != 0
      || setenv ("IPC_PEER_ADDR", buf, 1) != 0)
    return -1;
  snprintf (buf, sizeof buf, "%u", port);
  return setenv ("IPC_PEER_PORT", buf, 1);
}

void
ipc_socket_local_text (int fd, struct ipc_addr const *addr, char const *text,
                       char *buf, size_t size)
{
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  char host[NI_MAXHOST], serv[16];
  if ((addr->kind != IPC_ADDR_TCP && addr->kind != IPC_ADDR_UDP)
      || getsockname (fd, (struct sockaddr *) &ss, &len) != 0
      || getnameinfo ((struct sockaddr *) &ss, len, host, sizeof host, serv,
                      sizeof serv, NI_NUMERICHOST | NI_NUMERICSERV) != 0)
    {
      snprintf (buf, size, "%s", text);
      return;
    }
  bool v6 = strchr (host, ':') != NULL;
  snprintf (buf, size, "%s:%s%s%s:%s",
            addr->kind == IPC_ADDR_TCP ? "tcp" : "udp", v6 ? "[" : "",
            host, v6 ? "]" : "", serv);
}

size_t
ipc_socket_max_datagram (int fd)
{
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  if (getsockname (fd, (struct sockaddr *) &ss, &len) != 0)
    return 0;
  /* 65535 less the IP and UDP headers; IPv6's header is not counted in
     its payload length.  */
  if (ss.ss_family == AF_INET)
    return 65535 - 20 - 8;
  if (ss.ss_family == AF_INET6)
    return 65535 - 8;
  int sndbuf = 0;
  socklen_t sl = sizeof sndbuf;
  if (getsockopt (fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, &sl) != 0)
    return 0;
  return sndbuf;
}

ssize_t
ipc_socket_recv_datagram (int fd, char **buf)
{
  ssize_t len;
  while ((len = recv (fd, NULL, 0, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT)) < 0
         && errno == EINTR)
    continue;
  if (len < 0)
    return -1;
  /* One byte more: a datagram that grew between the two calls cannot
     be (each is taken whole), but a short buffer would cut it.  */
  char *b = malloc (len + 1);
  if (!b)
    return -1;
  ssize_t got;
  while ((got = recv (fd, b, len + 1, MSG_DONTWAIT)) < 0 && errno == EINTR)
    continue;
  if (got < 0)
    {
      int err = errno;
      free (b);
      errno = err;
      return -1;
    }
  *buf = b;
  return got;
}

int
ipc_socket_recv_fd (int fd)
{
  return recv_fd (fd, NULL);
}

int
ipc_socket_pass_cred (int fd)
{
  int one = 1;
  return setsockopt (fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof one);
}

/* How many connections that sent nothing yet a stream take_fd holds.  */
enum { TAKE_FD_CONNS = 16 };

/* Whether ADMIT lets in the peer of the connection SOCK; credentials
   that cannot be read are a PID of 0.  */
static bool
admit_conn (int sock, bool (*admit) (pid_t pid, uid_t uid, void *arg),
            void *arg)
{
  struct ucred c;
  socklen_t len = sizeof c;
  if (getsockopt (sock, SOL_SOCKET, SO_PEERCRED, &c, &len) != 0)
    c = (struct ucred) { .pid = 0, .uid = -1 };
  return admit (c.pid, c.uid, arg);
}

/* take_fd of a datagram socket: the first datagram, or with ADMIT the
   first whose sender it lets in (the others dropped, with any
   descriptors that they brought).  */
static int
take_fd_dgram (struct pollfd *p, struct ipc_deadline const *d,
               bool (*admit) (pid_t pid, uid_t uid, void *arg), void *arg)
{
  for (;;)
    {
      if (ipc_serve_poll (p, 1, d) < 0)
        return -1;
      if (!admit)
        return ipc_socket_recv_fd (p->fd);
      struct ucred c;
      int got = recv_fd (p->fd, &c);
      if (admit (c.pid, c.uid, arg))
        return got;
      if (got >= 0)
        close (got);
    }
}

int
ipc_socket_take_fd (int fd, bool stream, struct ipc_deadline const *d,
                    bool (*admit) (pid_t pid, uid_t uid, void *arg),
                    void *arg)
{
  struct pollfd p[1 + TAKE_FD_CONNS];
  p[0] = (struct pollfd) { .fd = fd, .events = POLLIN };
  if (!stream)
    return take_fd_dgram (p, d, admit, arg);
  /* A connection that the peer gave up before we took it must not leave
     us blocked in accept.  */
  if (ipc_io_set_nonblock (fd, true) != 0)
    return -1;
  size_t n = 0;                 /* connections held, in p[1..n] */
  int got = -1;
  while (ipc_serve_poll (p, 1 + n, d) > 0)
    {
      size_t i = 1;
      while (i <= n && !p[i].revents)
        i++;
      if (i <= n)
        {
          /* The first that spoke: its descriptor, or its error.  */
          got = ipc_socket_recv_fd (p[i].fd);
          break;
        }
      if (!(p[0].revents & POLLIN))
        continue;
      int conn = ipc_socket_accept (fd, NULL);
      if (conn < 0)
        {
          if (errno == EAGAIN || errno == EWOULDBLOCK)
            continue;
          break;
        }
      if (admit && !admit_conn (conn, admit, arg))
        {
          close (conn);
          continue;
        }
      if (n == TAKE_FD_CONNS)
        {
          close (p[1].fd);
          memmove (p + 1, p + 2, --n * sizeof *p);
        }
      p[++n] = (struct pollfd) { .fd = conn, .events = POLLIN };
    }
  int err = errno;
  for (size_t i = 1; i <= n; i++)
    close (p[i].fd);
  errno = err;
  return got;
}

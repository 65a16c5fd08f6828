/* The sockets of the system, from /proc/net and sock_diag.  */
#include <config.h>

#include "ipc-sockets.h"

#include <errno.h>
#include <netdb.h>
#include <sys/stat.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <sys/socket.h>
#include <sys/sysmacros.h>

#include "ipc-addr.h"
#include "ipc-fd.h"
#include "ipc-socket.h"
#include "ipc-proc.h"

/* A growing array of entries.  */
struct scan
{
  struct ipc_sock_entry *list;
  size_t n, alloc;
};

static struct ipc_sock_entry *
add_entry (struct scan *s)
{
  if (s->n == s->alloc)
    {
      size_t alloc = s->alloc ? 2 * s->alloc : 64;
      struct ipc_sock_entry *l = realloc (s->list, alloc * sizeof *l);
      if (!l)
        return NULL;
      s->list = l;
      s->alloc = alloc;
    }
  struct ipc_sock_entry *e = &s->list[s->n++];
  memset (e, 0, sizeof *e);
  return e;
}

/* The names ss gives the kernel's socket states (sk_state, the TCP
   states of include/net/tcp_states.h, which Unix sockets share).  */
static char const *const tcp_states[] = {
  "?", "ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1", "FIN-WAIT-2",
  "TIME-WAIT", "UNCONN", "CLOSE-WAIT", "LAST-ACK", "LISTEN", "CLOSING",
  "NEW-SYN-RECV"
};
enum { STATE_ESTABLISHED = 1, STATE_LISTEN = 10 };

static char const *
state_name (unsigned st)
{
  return st < sizeof tcp_states / sizeof *tcp_states ? tcp_states[st] : "?";
}

/* Fill the Unix socket E from one sock_diag answer M, whose attributes
   are the ALEN bytes at A.  */
static int
fill_unix (struct ipc_sock_entry *e, struct unix_diag_msg const *m,
           struct rtattr *a, int alen)
{
  e->inode = m->udiag_ino;
  e->type = (m->udiag_type == SOCK_DGRAM ? "unixgram"
             : m->udiag_type == SOCK_SEQPACKET ? "unixseq" : "unix");
  e->listening = m->udiag_state == STATE_LISTEN;
  e->state = state_name (m->udiag_state);
  for (; RTA_OK (a, alen); a = RTA_NEXT (a, alen))
    {
      size_t len = RTA_PAYLOAD (a);
      if (a->rta_type == UNIX_DIAG_NAME && len > 0)
        {
          /* sun_path as bound: a leading NUL and the exact bytes for an
             abstract name; the path and its final NUL for a file.  */
          char const *p = RTA_DATA (a);
          e->abstract = p[0] == '\0';
          if (e->abstract)
            p++, len--;
          else
            len = strnlen (p, len);
          e->name = malloc (len + 1);
          if (!e->name)
            return -1;
          memcpy (e->name, p, len);
          e->name[len] = '\0';
          e->name_len = len;
        }
      else if (a->rta_type == UNIX_DIAG_VFS
               && len >= sizeof (struct unix_diag_vfs))
        {
          struct unix_diag_vfs v;
          memcpy (&v, RTA_DATA (a), sizeof v);
          /* The kernel's own dev_t: 12 bits of major, 20 of minor.  */
          e->file_dev = makedev (v.udiag_vfs_dev >> 20,
                                 v.udiag_vfs_dev & 0xfffff);
          e->file_ino = v.udiag_vfs_ino;
          e->has_file = true;
        }
      else if (a->rta_type == UNIX_DIAG_PEER && len >= sizeof (uint32_t))
        {
          uint32_t peer;
          memcpy (&peer, RTA_DATA (a), sizeof peer);
          e->peer_inode = peer;
        }
    }
  char const *prefix = "";
  if (e->name)
    prefix = (m->udiag_type == SOCK_DGRAM
              ? (e->abstract ? "abstract-dgram:" : "unixgram:")
              : (e->abstract ? "abstract:" : "unix:"));
  size_t plen = strlen (prefix);
  e->addr = malloc (plen + e->name_len + 1);
  e->remote = strdup ("");
  if (!e->addr || !e->remote)
    return -1;
  memcpy (e->addr, prefix, plen);
  /* A NUL inside an abstract name shows as '@', as ss shows it.  */
  for (size_t i = 0; i < e->name_len; i++)
    e->addr[plen + i] = e->name[i] ? e->name[i] : '@';
  e->addr[plen + e->name_len] = '\0';
  return 0;
}

/* The Unix sockets, from sock_diag (NETLINK_SOCK_DIAG): their exact
   names (/proc/net/unix prints a name raw, so that a newline in an
   abstract name that anyone may bind forges a line of its own), the
   device and inode of their socket files, their peers and states.  No
   fallback to /proc/net/unix: where sock_diag is missing (Linux before
   3.3, or unix_diag not built), fail with the errno of socket(2)
   (EPROTONOSUPPORT) or EAFNOSUPPORT.  */
static int
scan_unix (struct scan *s)
{
  int fd = ipc_fd_high (socket (AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC,
                                NETLINK_SOCK_DIAG), true);
  if (fd < 0)
    return -1;
  struct
  {
    struct nlmsghdr nlh;
    struct unix_diag_req req;
  } q = {
    .nlh = { .nlmsg_len = sizeof q, .nlmsg_type = SOCK_DIAG_BY_FAMILY,
             .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = 1 },
    .req = { .sdiag_family = AF_UNIX, .udiag_states = -1,
             .udiag_show = (UDIAG_SHOW_NAME | UDIAG_SHOW_VFS
                            | UDIAG_SHOW_PEER) }
  };
  struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
  ssize_t sent;
  while ((sent = sendto (fd, &q, sizeof q, 0, (struct sockaddr *) &kernel,
                         sizeof kernel)) < 0 && errno == EINTR)
    continue;
  /* The kernel makes each part of a dump at most a few pages.  */
  enum { BUF_SIZE = 64 * 1024 };
  long *buf = sent == (ssize_t) sizeof q ? malloc (BUF_SIZE) : NULL;
  int r = -1, err = sent < 0 ? errno : EIO;
  for (bool done = !buf; !done;)
    {
      struct iovec iov = { .iov_base = buf, .iov_len = BUF_SIZE };
      struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
      ssize_t len = recvmsg (fd, &msg, 0);
      if (len < 0 && errno == EINTR)
        continue;
      if (len <= 0 || (msg.msg_flags & MSG_TRUNC))
        {
          err = len < 0 ? errno : len == 0 ? EPROTO : EMSGSIZE;
          break;
        }
      for (struct nlmsghdr *h = (struct nlmsghdr *) buf; NLMSG_OK (h, len);
           h = NLMSG_NEXT (h, len))
        {
          if (h->nlmsg_type == NLMSG_DONE)
            {
              r = 0;
              done = true;
              break;
            }
          if (h->nlmsg_type == NLMSG_ERROR)
            {
              struct nlmsgerr const *ne = NLMSG_DATA (h);
              err = (h->nlmsg_len >= NLMSG_LENGTH (sizeof *ne) && ne->error
                     ? -ne->error : EPROTO);
              /* No handler for AF_UNIX (unix_diag not built).  */
              if (err == ENOENT)
                err = EAFNOSUPPORT;
              done = true;
              break;
            }
          if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY
              || h->nlmsg_len < NLMSG_LENGTH (sizeof (struct unix_diag_msg)))
            continue;
          struct unix_diag_msg const *m = NLMSG_DATA (h);
          struct ipc_sock_entry *e = add_entry (s);
          if (!e || fill_unix (e, m, (struct rtattr *) (m + 1),
                               h->nlmsg_len - NLMSG_LENGTH (sizeof *m)) != 0)
            {
              err = ENOMEM;
              done = true;
              break;
            }
        }
    }
  if (!buf && sent == (ssize_t) sizeof q)
    err = ENOMEM;
  free (buf);
  close (fd);
  if (r != 0)
    errno = err;
  return r;
}

/* Whether HEX is an address of /proc/net/tcp: 8 hexadecimal digits (32
   for IPv6), ':' and 4 of the port.  */
static bool
ip_hex_ok (char const *hex, bool v6)
{
  static char const digits[] = "0123456789abcdefABCDEF";
  size_t len = v6 ? 32 : 8;
  return (strspn (hex, digits) == len && hex[len] == ':'
          && strspn (hex + len + 1, digits) == 4 && hex[len + 5] == '\0');
}

/* "0100007F:1F90" (or 32 hex digits for IPv6) as "tcp:127.0.0.1:8080";
   HEX is of the form ip_hex_ok checks.  */
static char *
ip_text (char const *proto, char const *hex, bool v6)
{
  uint32_t words[4] = { 0 };
  unsigned port;
  int nwords = v6 ? 4 : 1;
  for (int i = 0; i < nwords; i++)
    {
      char w[9];
      memcpy (w, hex + 8 * i, 8);
      w[8] = '\0';
      words[i] = strtoul (w, NULL, 16);
    }
  if (sscanf (hex + 8 * nwords, ":%x", &port) != 1)
    return NULL;
  char host[INET6_ADDRSTRLEN];
  inet_ntop (v6 ? AF_INET6 : AF_INET, words, host, sizeof host);
  size_t len = strlen (proto) + strlen (host) + 16;
  char *text = malloc (len);
  if (text)
    snprintf (text, len, "%s:%s%s%s:%u", proto, v6 ? "[" : "", host,
              v6 ? "]" : "", port);
  return text;
}

/* The text of /proc/net/tcp, tcp6, udp or udp6 (TYPE) from F.  */
static int
parse_ip (struct scan *s, FILE *f, char const *type)
{
  bool tcp = strncmp (type, "tcp", 3) == 0;
  bool v6 = type[3] == '6';
  char *line = NULL;
  size_t size = 0;
  bool header = true;
  int r = 0;
  while (getline (&line, &size, f) > 0)
    {
      if (header)
        {
          header = false;
          continue;
        }
      char local[64], remote[64];
      unsigned st;
      uint64_t inode;
      if (sscanf (line, " %*u: %63s %63s %x %*s %*s %*s %*u %*u %" SCNu64,
                  local, remote, &st, &inode) != 4
          || !ip_hex_ok (local, v6) || !ip_hex_ok (remote, v6))
        continue;
      struct ipc_sock_entry *e = add_entry (s);
      if (!e)
        {
          r = -1;
          break;
        }
      char const *proto = tcp ? "tcp" : "udp";
      e->type = type;
      e->inode = inode;
      e->state = (!tcp ? (st == STATE_ESTABLISHED ? "ESTAB" : "UNCONN")
                  : state_name (st));
      e->listening = tcp && st == STATE_LISTEN;
      e->addr = ip_text (proto, local, v6);
      bool no_remote = strspn (remote, "0:") == strlen (remote);
      e->remote = no_remote ? strdup ("") : ip_text (proto, remote, v6);
      if (!e->addr || !e->remote)
        {
          r = -1;
          break;
        }
    }
  free (line);
  return r;
}

/* /proc/net/tcp, tcp6, udp, udp6.  */
static int
scan_ip (struct scan *s, char const *file, char const *type)
{
  FILE *f = fopen (file, "re");
  if (!f)
    return errno == ENOENT ? 0 : -1;    /* no IPv6 */
  int r = parse_ip (s, f, type);
  int saved_errno = errno;
  fclose (f);
  errno = saved_errno;
  return r;
}

int
ipc_sockets_parse_ip (FILE *f, char const *type,
                      struct ipc_sock_entry **list, size_t *n)
{
  static char const *const types[] = { "tcp", "tcp6", "udp", "udp6" };
  char const *known = NULL;
  for (size_t i = 0; i < sizeof types / sizeof *types; i++)
    if (strcmp (type, types[i]) == 0)
      known = types[i];
  if (!known)
    {
      errno = EINVAL;
      return -1;
    }
  struct scan s = { 0 };
  if (parse_ip (&s, f, known) != 0)
    {
      int saved_errno = errno;
      ipc_sockets_free (s.list, s.n);
      errno = saved_errno;
      return -1;
    }
  *list = s.list;
  *n = s.n;
  return 0;
}

static int
cmp_inode (void const *a, void const *b)
{
  uint64_t x = ((struct ipc_sock_entry const *) a)->inode;
  uint64_t y = ((struct ipc_sock_entry const *) b)->inode;
  return (x > y) - (x < y);
}

struct ipc_sock_entry const *
ipc_sockets_find (struct ipc_sock_entry const *list, size_t n, uint64_t inode)
{
  struct ipc_sock_entry key = { .inode = inode };
  return bsearch (&key, list, n, sizeof *list, cmp_inode);
}

/* ipc_proc_each_fd's callback: a process holding one of the sockets.  */
static int
add_holder (pid_t pid, int fd, char const *target, void *arg)
{
  (void) fd;
  struct scan *s = arg;
  uint64_t inode;
  if (sscanf (target, "socket:[%" SCNu64 "]", &inode) != 1)
    return 0;
  struct ipc_sock_entry *e
    = (struct ipc_sock_entry *) ipc_sockets_find (s->list, s->n, inode);
  if (!e || (e->npids && e->pids[e->npids - 1] == pid))
    return 0;
  pid_t *p = realloc (e->pids, (e->npids + 1) * sizeof *p);
  if (!p)
    return -1;
  e->pids = p;
  e->pids[e->npids++] = pid;
  return 0;
}

int
ipc_sockets_scan (bool with_pids, struct ipc_sock_entry **list, size_t *n)
{
  struct scan s = { 0 };
  int r = scan_unix (&s);
  if (r == 0)
    r = scan_ip (&s, "/proc/net/tcp", "tcp");
  if (r == 0)
    r = scan_ip (&s, "/proc/net/tcp6", "tcp6");
  if (r == 0)
    r = scan_ip (&s, "/proc/net/udp", "udp");
  if (r == 0)
    r = scan_ip (&s, "/proc/net/udp6", "udp6");
  if (r == 0 && s.n)
    qsort (s.list, s.n, sizeof *s.list, cmp_inode);
  /* Processes are walked in increasing PID order: each list is sorted.  */
  if (r == 0 && with_pids)
    r = ipc_proc_each_fd (0, add_holder, &s);
  if (r != 0)
    {
      int err = errno;
      ipc_sockets_free (s.list, s.n);
      errno = err;
      return -1;
    }
  *list = s.list;
  *n = s.n;
  return 0;
}

void
ipc_sockets_free (struct ipc_sock_entry *list, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      free (list[i].addr);
      free (list[i].name);
      free (list[i].remote);
      free (list[i].pids);
    }
  free (list);
}

/* The most addresses of one host name that ipc_sockets_at compares.  */
enum { MAX_HOSTS = 16 };

/* Whether ENTRY_ADDR ("tcp:[::1]:80") is PROTO on PORT at one of the
   N numeric HOSTS.  */
static bool
ip_matches (char const *entry_addr, char const *proto, unsigned port,
            char hosts[][INET6_ADDRSTRLEN + 2], size_t n)
{
  size_t plen = strlen (proto);
  if (strncmp (entry_addr, proto, plen) != 0 || entry_addr[plen] != ':')
    return false;
  char const *host = entry_addr + plen + 1;
  char const *colon = strrchr (host, ':');
  if (!colon || strtoul (colon + 1, NULL, 10) != port)
    return false;
  size_t hlen = colon - host;
  for (size_t i = 0; i < n; i++)
    if (strlen (hosts[i]) == hlen && memcmp (hosts[i], host, hlen) == 0)
      return true;
  return false;
}

/* Whether E is a Unix socket.  */
static bool
is_unix (struct ipc_sock_entry const *e)
{
  return strncmp (e->type, "unix", 4) == 0;
}

/* Whether the Unix socket E is of the type of ADDR's form: a datagram
   one for unixgram: and abstract-dgram:, a stream or seqpacket one for
   unix: and abstract:.  */
static bool
unix_type_matches (struct ipc_sock_entry const *e, struct ipc_addr const *addr)
{
  bool dgram = strcmp (e->type, "unixgram") == 0;
  return dgram == !ipc_socket_is_stream (addr);
}

/* Whether the Unix socket E is bound to the socket file of device DEV and
   inode INO.  sock_diag tells only the low 32 bits of the inode.  */
static bool
file_matches (struct ipc_sock_entry const *e, dev_t dev, ino_t ino)
{
  return e->has_file && e->file_dev == dev && e->file_ino == (uint32_t) ino;
}

struct ipc_sock_entry const *
ipc_sockets_at (struct ipc_sock_entry const *list, size_t n,
                struct ipc_addr const *addr)
{
  bool ip = addr->kind == IPC_ADDR_TCP || addr->kind == IPC_ADDR_UDP;
  bool file = ipc_socket_is_file (addr);
  char hosts[MAX_HOSTS][INET6_ADDRSTRLEN + 2];
  size_t nhosts = 0;
  char const *proto = addr->kind == IPC_ADDR_TCP ? "tcp" : "udp";
  struct stat st;
  if (ip)
    {
      strcpy (hosts[nhosts++], "0.0.0.0");
      strcpy (hosts[nhosts++], "[::]");
      struct ipc_sockaddr *sa;
      size_t nsa;
      if (*addr->name && ipc_socket_resolve (addr, false, &sa, &nsa, NULL)
          == 0)
        {
          for (size_t i = 0; i < nsa && nhosts < MAX_HOSTS; i++)
            {
              char h[INET6_ADDRSTRLEN];
              if (getnameinfo ((struct sockaddr *) &sa[i].ss, sa[i].len, h,
                               sizeof h, NULL, 0, NI_NUMERICHOST) == 0)
                snprintf (hosts[nhosts++], sizeof hosts[0],
                          sa[i].family == AF_INET6 ? "[%s]" : "%s", h);
            }
          free (sa);
        }
    }
  /* A socket file is the file the path leads to now, however spelled
     ("//run/x", a relative path, a symbolic link on the way), never the
     text that the server bound: that text may be relative to another
     directory, and the file may have been replaced since.  */
  else if (file && (stat (addr->name, &st) != 0 || !S_ISSOCK (st.st_mode)))
    return NULL;
  size_t name_len = strlen (addr->name);
  bool stream = ipc_socket_is_stream (addr);
  struct ipc_sock_entry const *found = NULL;
  for (size_t i = 0; i < n; i++)
    {
      struct ipc_sock_entry const *e = &list[i];
      bool match;
      if (ip)
        match = ip_matches (e->addr, proto, addr->port, hosts, nhosts);
      else if (!is_unix (e) || !unix_type_matches (e, addr))
        match = false;
      else if (file)
        match = file_matches (e, st.st_dev, st.st_ino);
      else
        match = (e->name && e->abstract && e->name_len == name_len
                 && memcmp (e->name, addr->name, name_len) == 0);
      if (!match)
        continue;
      if (stream ? e->listening : strcmp (e->state, "UNCONN") == 0)
        return e;
      if (!stream && !found)
        found = e;
    }
  return found;
}

int
ipc_sockets_listening (struct ipc_addr const *addr)
{
  struct ipc_sock_entry *list;
  size_t n;
  if (ipc_sockets_scan (false, &list, &n) != 0)
    return -1;
  int yes = ipc_sockets_at (list, n, addr) != NULL;
  ipc_sockets_free (list, n);
  return yes;
}

int
ipc_sockets_file_bound (dev_t dev, ino_t ino)
{
  struct ipc_sock_entry *list;
  size_t n;
  if (ipc_sockets_scan (false, &list, &n) != 0)
    return -1;
  int yes = 0;
  for (size_t i = 0; i < n && !yes; i++)
    {
      struct ipc_sock_entry const *e = &list[i];
      /* A connection that a listener accepted carries the listener's
         file too, and a client that bound a name before connecting
         accepts nothing there: only the others serve at the file.  */
      yes = (is_unix (e) && file_matches (e, dev, ino)
             && (strcmp (e->type, "unixgram") == 0 || e->listening
                 || strcmp (e->state, "UNCONN") == 0));
    }
  ipc_sockets_free (list, n);
  return yes;
}

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
#include <strings.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <sys/socket.h>
#include <sys/sysmacros.h>

#include "ipc-addr.h"
#include "ipc-fd.h"
#include "ipc-socket.h"
#include "ipc-proc.h"
#include "ipc-users.h"

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
enum { STATE_ESTABLISHED = 1, STATE_TIME_WAIT = 6, STATE_LISTEN = 10 };

static char const *
state_name (unsigned st)
{
  return st < sizeof tcp_states / sizeof *tcp_states ? tcp_states[st] : "?";
}

char const *
ipc_sockets_state_name (char const *text)
{
  for (size_t i = 1; i < sizeof tcp_states / sizeof *tcp_states; i++)
    if (strcasecmp (text, tcp_states[i]) == 0)
      return tcp_states[i];
  return NULL;
}

static char const *const sock_types[] = {
  "unix", "unixgram", "unixseq", "tcp", "tcp6", "udp", "udp6"
};

char const *
ipc_sockets_type_name (char const *text)
{
  for (size_t i = 0; i < sizeof sock_types / sizeof *sock_types; i++)
    if (strcmp (text, sock_types[i]) == 0)
      return sock_types[i];
  return NULL;
}

/* Fill the Unix socket E from one sock_diag answer M, whose attributes
   are the ALEN bytes at A.  */
static int
fill_unix (struct ipc_sock_entry *e, struct unix_diag_msg const *m,
           struct rtattr *a, size_t alen0)
{
  e->inode = m->udiag_ino;
  e->type = (m->udiag_type == SOCK_DGRAM ? "unixgram"
             : m->udiag_type == SOCK_SEQPACKET ? "unixseq" : "unix");
  e->listening = m->udiag_state == STATE_LISTEN;
  e->state = state_name (m->udiag_state);
  int alen = alen0;
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
      else if (a->rta_type == UNIX_DIAG_RQLEN
               && len >= sizeof (struct unix_diag_rqlen))
        {
          struct unix_diag_rqlen q;
          memcpy (&q, RTA_DATA (a), sizeof q);
          e->recvq = q.udiag_rqueue;
          e->sendq = q.udiag_wqueue;
          e->has_queues = true;
        }
      else if (a->rta_type == UNIX_DIAG_UID && len >= sizeof (uint32_t))
        {
          uint32_t uid;
          memcpy (&uid, RTA_DATA (a), sizeof uid);
          e->uid = uid;
          e->has_uid = true;
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

/* One sock_diag dump: send the request REQ of LEN bytes (a netlink
   header and the request of its family) and call FN with each answer of
   type SOCK_DIAG_BY_FAMILY, its payload and the payload's length.  FN's
   -1 stops the dump with ENOMEM.  A family that the kernel has no
   handler for (NLMSG_ERROR ENOENT) is EAFNOSUPPORT; no NETLINK_SOCK_DIAG
   at all, the errno of socket(2) (EPROTONOSUPPORT).  */
static int
diag_dump (void const *req, size_t len,
           int (*fn) (void const *payload, size_t len, void *arg), void *arg)
{
  int fd = ipc_fd_high (socket (AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC,
                                NETLINK_SOCK_DIAG), true);
  if (fd < 0)
    return -1;
  struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
  ssize_t sent;
  while ((sent = sendto (fd, req, len, 0, (struct sockaddr *) &kernel,
                         sizeof kernel)) < 0 && errno == EINTR)
    continue;
  /* The kernel makes each part of a dump at most a few pages.  */
  enum { BUF_SIZE = 64 * 1024 };
  long *buf = sent == (ssize_t) len ? malloc (BUF_SIZE) : NULL;
  int r = -1, err = sent < 0 ? errno : EIO;
  for (bool done = !buf; !done;)
    {
      struct iovec iov = { .iov_base = buf, .iov_len = BUF_SIZE };
      struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
      ssize_t got = recvmsg (fd, &msg, 0);
      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0 || (msg.msg_flags & MSG_TRUNC))
        {
          err = got < 0 ? errno : got == 0 ? EPROTO : EMSGSIZE;
          break;
        }
      for (struct nlmsghdr *h = (struct nlmsghdr *) buf; NLMSG_OK (h, got);
           h = NLMSG_NEXT (h, got))
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
              /* No handler for the family (unix_diag not built).  */
              if (err == ENOENT)
                err = EAFNOSUPPORT;
              done = true;
              break;
            }
          if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY
              || h->nlmsg_len < NLMSG_LENGTH (0))
            continue;
          if (fn (NLMSG_DATA (h), h->nlmsg_len - NLMSG_LENGTH (0), arg) != 0)
            {
              err = ENOMEM;
              done = true;
              break;
            }
        }
    }
  if (!buf && sent == (ssize_t) len)
    err = ENOMEM;
  free (buf);
  close (fd);
  if (r != 0)
    errno = err;
  return r;
}

/* diag_dump's callback for the Unix sockets: one more entry of S.  */
static int
add_unix (void const *payload, size_t len, void *arg)
{
  struct scan *s = arg;
  struct unix_diag_msg const *m = payload;
  if (len < sizeof *m)
    return 0;
  struct ipc_sock_entry *e = add_entry (s);
  return e ? fill_unix (e, m, (struct rtattr *) (m + 1), len - sizeof *m)
    : -1;
}

/* The Unix sockets, from sock_diag (NETLINK_SOCK_DIAG): their exact
   names (/proc/net/unix prints a name raw, so that a newline in an
   abstract name that anyone may bind forges a line of its own), the
   device and inode of their socket files, their peers, states, queues
   and owners.  No fallback to /proc/net/unix: where sock_diag is
   missing (Linux before 3.3, or unix_diag not built), fail with the
   errno of socket(2) (EPROTONOSUPPORT) or EAFNOSUPPORT.  */
static int
scan_unix (struct scan *s)
{
  struct
  {
    struct nlmsghdr nlh;
    struct unix_diag_req req;
  } q = {
    .nlh = { .nlmsg_len = sizeof q, .nlmsg_type = SOCK_DIAG_BY_FAMILY,
             .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = 1 },
    .req = { .sdiag_family = AF_UNIX, .udiag_states = -1,
             .udiag_show = (UDIAG_SHOW_NAME | UDIAG_SHOW_VFS
                            | UDIAG_SHOW_PEER | UDIAG_SHOW_RQLEN
                            | UDIAG_SHOW_UID) }
  };
  return diag_dump (&q, sizeof q, add_unix, s);
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

/* Whether the LEN bytes at WORD are the "tx_queue:rx_queue" of
   /proc/net/tcp, 8 hexadecimal digits each: then *TX and *RX.  */
static bool
queues_ok (char const *word, int len, unsigned *tx, unsigned *rx)
{
  static char const digits[] = "0123456789abcdefABCDEF";
  char buf[18];
  if (len != 17)
    return false;
  memcpy (buf, word, 17);
  buf[17] = '\0';
  if (strspn (buf, digits) != 8 || buf[8] != ':'
      || strspn (buf + 9, digits) != 8)
    return false;
  *tx = strtoul (buf, NULL, 16);
  *rx = strtoul (buf + 9, NULL, 16);
  return true;
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
      unsigned st, tx, rx, uid;
      uint64_t inode;
      int q0 = 0, q1 = 0;
      /* sl local rem st tx_queue:rx_queue tr:when retrnsmt uid timeout
         inode.  The queues are skipped as one word, whatever its length,
         and split afterwards, so that a malformed word cannot shift the
         fields after it.  */
      if (sscanf (line, " %*u: %63s %63s %x %n%*s%n %*s %*s %u %*u %" SCNu64,
                  local, remote, &st, &q0, &q1, &uid, &inode) != 5
          || !queues_ok (line + q0, q1 - q0, &tx, &rx)
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
      /* A listener's rx_queue is its accept queue, but its tx_queue is
         not the backlog that ss shows: that comes from inet_diag.  */
      e->recvq = rx;
      e->sendq = tx;
      e->has_queues = !e->listening;
      /* A TIME-WAIT remnant's uid is a 0 that the kernel prints for
         every one of them.  */
      e->uid = uid;
      e->has_uid = st != STATE_TIME_WAIT;
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

/* diag_dump's callback for the TCP listeners: the backlog of listen(2)
   (inet_diag's wqueue, which /proc/net/tcp does not show) of the entry
   of S with the same inode.  */
static int
add_backlog (void const *payload, size_t len, void *arg)
{
  struct scan const *s = arg;
  struct inet_diag_msg const *m = payload;
  if (len < sizeof *m || m->idiag_state != STATE_LISTEN)
    return 0;
  struct ipc_sock_entry *e
    = (struct ipc_sock_entry *) ipc_sockets_find (s->list, s->n,
                                                  m->idiag_inode);
  if (e && e->listening && !e->has_queues)
    {
      e->recvq = m->idiag_rqueue;
      e->sendq = m->idiag_wqueue;
      e->has_queues = true;
    }
  return 0;
}

/* The backlogs of the TCP listeners of S (sorted by inode), from
   inet_diag.  Where the kernel has none (tcp_diag not built), the
   listeners' queues stay unknown: not an error.  */
static int
scan_backlogs (struct scan *s)
{
  int families[] = { AF_INET, AF_INET6 };
  for (size_t i = 0; i < sizeof families / sizeof *families; i++)
    {
      struct
      {
        struct nlmsghdr nlh;
        struct inet_diag_req_v2 req;
      } q = {
        .nlh = { .nlmsg_len = sizeof q, .nlmsg_type = SOCK_DIAG_BY_FAMILY,
                 .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = 1 },
        .req = { .sdiag_family = families[i], .sdiag_protocol = IPPROTO_TCP,
                 .idiag_states = 1u << STATE_LISTEN }
      };
      if (diag_dump (&q, sizeof q, add_backlog, s) != 0 && errno == ENOMEM)
        return -1;
    }
  return 0;
}

/* The text of an IP address of an entry for comparisons: an IPv4 address
   mapped in IPv6 ("tcp:[::ffff:127.0.0.1]:80", as a dual-stack listener's
   connections show) as the IPv4 one ("tcp:127.0.0.1:80"), in BUF.  */
static char const *
ip_key (char const *text, char buf[static 80])
{
  char const *mapped = "[::ffff:";
  char const *colon = strchr (text, ':');
  if (!colon || strncmp (colon + 1, mapped, strlen (mapped)) != 0)
    return text;
  char const *host = colon + 1 + strlen (mapped);
  char const *close = strchr (host, ']');
  if (!close || memchr (host, '.', close - host) == NULL)
    return text;
  snprintf (buf, 80, "%.*s%.*s%s", (int) (colon + 1 - text), text,
            (int) (close - host), host, close + 1);
  return buf;
}

/* A TCP connection's two ends for the search of its other end.  */
struct tcp_end
{
  char *local, *remote;         /* ip_key's texts, malloc'ed */
  struct ipc_sock_entry *e;
};

static int
cmp_tcp_end (void const *a, void const *b)
{
  struct tcp_end const *x = a, *y = b;
  int c = strcmp (x->local, y->local);
  return c ? c : strcmp (x->remote, y->remote);
}

/* Set the peer_inode of each TCP connection of S whose other end is a
   socket of this system too: the one whose local address is its remote
   address and whose remote address is its local one.  */
static int
match_tcp_peers (struct scan *s)
{
  struct tcp_end *ends = malloc ((s->n ? s->n : 1) * sizeof *ends);
  if (!ends)
    return -1;
  size_t n = 0;
  int r = 0;
  for (size_t i = 0; i < s->n; i++)
    {
      struct ipc_sock_entry *e = &s->list[i];
      /* A connection not yet accepted (inode 0) has an other end too,
         but is no process's other end.  */
      if (strncmp (e->type, "tcp", 3) != 0 || !*e->remote
          || strcmp (e->state, "TIME-WAIT") == 0)
        continue;
      char b1[80], b2[80];
      ends[n].local = strdup (ip_key (e->addr, b1));
      ends[n].remote = strdup (ip_key (e->remote, b2));
      ends[n].e = e;
      n++;
      if (!ends[n - 1].local || !ends[n - 1].remote)
        {
          r = -1;
          break;
        }
    }
  if (r == 0 && n)
    {
      qsort (ends, n, sizeof *ends, cmp_tcp_end);
      for (size_t i = 0; i < n; i++)
        {
          struct tcp_end key = { .local = ends[i].remote,
                                 .remote = ends[i].local };
          struct tcp_end const *o = bsearch (&key, ends, n, sizeof *ends,
                                             cmp_tcp_end);
          if (o && o->e->inode)
            ends[i].e->peer_inode = o->e->inode;
        }
    }
  for (size_t i = 0; i < n; i++)
    {
      free (ends[i].local);
      free (ends[i].remote);
    }
  free (ends);
  if (r != 0)
    errno = ENOMEM;
  return r;
}

/* The host and port of an IP entry's address TEXT ("tcp:[::1]:80"):
   *HOST, *HLEN the host's text, return the port (-1 if none).  */
static long
ip_host_port (char const *text, char const **host, size_t *hlen)
{
  char const *h = strchr (text, ':');
  char const *colon = strrchr (text, ':');
  if (!h || colon == h)
    return -1;
  *host = h + 1;
  *hlen = colon - (h + 1);
  return strtol (colon + 1, NULL, 10);
}

bool
ipc_sockets_accepted_on (struct ipc_sock_entry const *l,
                         struct ipc_sock_entry const *c)
{
  if (!l->listening || c->listening || c == l
      || strcmp (l->type, c->type) != 0)
    return false;
  if (strncmp (l->type, "unix", 4) == 0)
    {
      if (l->has_file)
        return (c->has_file && c->file_dev == l->file_dev
                && c->file_ino == l->file_ino);
      return (l->name && c->name && c->abstract == l->abstract
              && c->name_len == l->name_len
              && memcmp (c->name, l->name, l->name_len) == 0);
    }
  if (strncmp (l->type, "tcp", 3) != 0 || !*c->remote
      || strcmp (c->state, "TIME-WAIT") == 0)
    return false;
  char const *lh, *ch;
  size_t llen, clen;
  long lport = ip_host_port (l->addr, &lh, &llen);
  long cport = ip_host_port (c->addr, &ch, &clen);
  if (lport < 0 || lport != cport)
    return false;
  bool wildcard = ((llen == 7 && memcmp (lh, "0.0.0.0", 7) == 0)
                   || (llen == 4 && memcmp (lh, "[::]", 4) == 0));
  return wildcard || (llen == clen && memcmp (lh, ch, llen) == 0);
}

/* Note the processes that hold the sockets of S, from the one walk over
   /proc (ipc-users.h) for every socket: each entry's inode is that of a
   socket.  Return 0 or -1 with errno set; *UNREADABLE is how many
   processes could not be looked into.  */
static int
add_holders (struct scan *s, size_t *unreadable)
{
  struct ipc_users_query q = { .sources = IPC_USERS_FDS, .type = S_IFSOCK };
  struct ipc_users users;
  if (ipc_users_find (&q, &users) != 0)
    return -1;
  *unreadable = users.unreadable;
  /* Sorted by inode, then PID: each list comes sorted.  */
  int r = 0;
  for (size_t i = 0; r == 0 && i < users.n; i++)
    {
      pid_t pid = users.v[i].pid;
      struct ipc_sock_entry *e
        = (struct ipc_sock_entry *) ipc_sockets_find (s->list, s->n,
                                                      users.v[i].key.ino);
      if (!e || (e->npids && e->pids[e->npids - 1] == pid))
        continue;
      pid_t *p = realloc (e->pids, (e->npids + 1) * sizeof *p);
      if (!p)
        r = -1;
      else
        {
          e->pids = p;
          e->pids[e->npids++] = pid;
        }
    }
  int err = errno;
  ipc_users_free (&users);
  errno = err;
  return r;
}

int
ipc_sockets_scan (bool with_pids, struct ipc_sock_entry **list, size_t *n,
                  size_t *unreadable)
{
  struct scan s = { 0 };
  if (unreadable)
    *unreadable = 0;
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
  if (r == 0)
    r = scan_backlogs (&s);
  if (r == 0)
    r = match_tcp_peers (&s);
  size_t skipped = 0;
  if (r == 0 && with_pids)
    r = add_holders (&s, &skipped);
  if (r != 0)
    {
      int err = errno;
      ipc_sockets_free (s.list, s.n);
      errno = err;
      return -1;
    }
  if (unreadable)
    *unreadable = skipped;
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
  if (ipc_sockets_scan (false, &list, &n, NULL) != 0)
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
  if (ipc_sockets_scan (false, &list, &n, NULL) != 0)
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

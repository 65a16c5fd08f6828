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

/* /proc/net/unix: "Num RefCount Protocol Flags Type St Inode Path".  */
static int
scan_unix (struct scan *s)
{
  FILE *f = fopen ("/proc/net/unix", "re");
  if (!f)
    return -1;
  char *line = NULL;
  size_t size = 0;
  ssize_t len;
  bool header = true;
  while ((len = getline (&line, &size, f)) > 0)
    {
      if (header)
        {
          header = false;
          continue;
        }
      if (line[len - 1] == '\n')
        line[--len] = '\0';
      unsigned long flags, type, st;
      uint64_t inode;
      int path_at = 0;
      if (sscanf (line, "%*[0-9a-fA-F]: %*x %*x %lx %lx %lx %" SCNu64 " %n",
                  &flags, &type, &st, &inode, &path_at) != 4)
        continue;
      struct ipc_sock_entry *e = add_entry (s);
      if (!e)
        break;
      e->inode = inode;
      e->listening = (flags & 0x10000) != 0;    /* __SO_ACCEPTCON */
      e->type = type == 2 ? "unixgram" : type == 5 ? "unixseq" : "unix";
      e->state = (e->listening ? "LISTEN" : st == 3 ? "ESTAB"
                  : st == 2 ? "SYN-SENT" : st == 4 ? "CLOSING" : "UNCONN");
      char const *path = path_at > 0 && path_at <= len ? line + path_at : "";
      char const *prefix = "";
      if (*path == '@')
        {
          path++;
          prefix = type == 2 ? "abstract-dgram:" : "abstract:";
        }
      else if (*path)
        prefix = type == 2 ? "unixgram:" : "unix:";
      size_t alen = strlen (prefix) + strlen (path) + 1;
      e->addr = malloc (alen);
      e->remote = strdup ("");
      if (!e->addr || !e->remote)
        break;
      snprintf (e->addr, alen, "%s%s", prefix, path);
    }
  int err = ferror (f) ? EIO : errno;
  bool failed = len > 0;
  free (line);
  fclose (f);
  if (failed)
    {
      errno = err;
      return -1;
    }
  return 0;
}

/* "0100007F:1F90" (or 32 hex digits for IPv6) as "tcp:127.0.0.1:8080".  */
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

/* /proc/net/tcp, tcp6, udp, udp6.  */
static int
scan_ip (struct scan *s, char const *file, char const *type, bool tcp,
         bool v6)
{
  static char const *const tcp_states[] = {
    "?", "ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1", "FIN-WAIT-2",
    "TIME-WAIT", "UNCONN", "CLOSE-WAIT", "LAST-ACK", "LISTEN", "CLOSING",
    "NEW-SYN-RECV"
  };
  FILE *f = fopen (file, "re");
  if (!f)
    return errno == ENOENT ? 0 : -1;    /* no IPv6 */
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
                  local, remote, &st, &inode) != 4)
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
      e->state = (!tcp ? (st == 1 ? "ESTAB" : "UNCONN")
                  : st < sizeof tcp_states / sizeof *tcp_states
                  ? tcp_states[st] : "?");
      e->listening = tcp && st == 10;
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
  fclose (f);
  return r;
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

/* The peers of Unix sockets, from sock_diag (UDIAG_SHOW_PEER): the
   only place the kernel tells them.  Quietly nothing where sock_diag is
   missing.  */
static void
scan_unix_peers (struct scan *s)
{
  int fd = ipc_fd_high (socket (AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC,
                                NETLINK_SOCK_DIAG), true);
  if (fd < 0)
    return;
  struct
  {
    struct nlmsghdr nlh;
    struct unix_diag_req req;
  } q = {
    .nlh = { .nlmsg_len = sizeof q, .nlmsg_type = SOCK_DIAG_BY_FAMILY,
             .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP },
    .req = { .sdiag_family = AF_UNIX, .udiag_states = -1,
             .udiag_show = UDIAG_SHOW_PEER }
  };
  if (send (fd, &q, sizeof q, 0) != (ssize_t) sizeof q)
    {
      close (fd);
      return;
    }
  static long buf[8192];
  for (bool done = false; !done;)
    {
      ssize_t len = recv (fd, buf, sizeof buf, 0);
      if (len <= 0)
        break;
      for (struct nlmsghdr *h = (struct nlmsghdr *) buf; NLMSG_OK (h, len);
           h = NLMSG_NEXT (h, len))
        {
          if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR)
            {
              done = true;
              break;
            }
          struct unix_diag_msg *m = NLMSG_DATA (h);
          struct rtattr *a = (struct rtattr *) (m + 1);
          int alen = h->nlmsg_len - NLMSG_LENGTH (sizeof *m);
          for (; RTA_OK (a, alen); a = RTA_NEXT (a, alen))
            if (a->rta_type == UNIX_DIAG_PEER)
              {
                uint32_t peer;
                memcpy (&peer, RTA_DATA (a), sizeof peer);
                struct ipc_sock_entry *e = (struct ipc_sock_entry *)
                  ipc_sockets_find (s->list, s->n, m->udiag_ino);
                if (e && e->type[0] == 'u')
                  e->peer_inode = peer;
              }
        }
    }
  close (fd);
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
    r = scan_ip (&s, "/proc/net/tcp", "tcp", true, false);
  if (r == 0)
    r = scan_ip (&s, "/proc/net/tcp6", "tcp6", true, true);
  if (r == 0)
    r = scan_ip (&s, "/proc/net/udp", "udp", false, false);
  if (r == 0)
    r = scan_ip (&s, "/proc/net/udp6", "udp6", false, true);
  if (r == 0 && s.n)
    qsort (s.list, s.n, sizeof *s.list, cmp_inode);
  if (r == 0)
    scan_unix_peers (&s);
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

struct ipc_sock_entry const *
ipc_sockets_at (struct ipc_sock_entry const *list, size_t n,
                struct ipc_addr const *addr)
{
  static char const *const prefix[] = {
    [IPC_ADDR_UNIX] = "unix:", [IPC_ADDR_ABSTRACT] = "abstract:",
    [IPC_ADDR_UNIXGRAM] = "unixgram:",
    [IPC_ADDR_ABSTRACT_DGRAM] = "abstract-dgram:"
  };
  bool ip = addr->kind == IPC_ADDR_TCP || addr->kind == IPC_ADDR_UDP;
  char hosts[MAX_HOSTS][INET6_ADDRSTRLEN + 2];
  size_t nhosts = 0;
  char const *proto = addr->kind == IPC_ADDR_TCP ? "tcp" : "udp";
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
  bool stream = ipc_socket_is_stream (addr);
  struct ipc_sock_entry const *found = NULL;
  for (size_t i = 0; i < n; i++)
    {
      struct ipc_sock_entry const *e = &list[i];
      bool match;
      if (ip)
        match = ip_matches (e->addr, proto, addr->port, hosts, nhosts);
      else
        {
          size_t plen = strlen (prefix[addr->kind]);
          match = (strncmp (e->addr, prefix[addr->kind], plen) == 0
                   && strcmp (e->addr + plen, addr->name) == 0);
        }
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
  /* The name in /proc/net/unix is what the server bound: the file must
     be a socket still.  */
  struct stat st;
  if (yes && addr->kind == IPC_ADDR_UNIX)
    yes = stat (addr->name, &st) == 0 && S_ISSOCK (st.st_mode);
  return yes;
}

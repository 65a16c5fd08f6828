/* libFuzzer target of the /proc/net/tcp, tcp6, udp and udp6 parser of
   lib/ipc-sockets.c, which 'ipc-sock ls', 'stat' and 'wait' read.  The
   first byte of an input chooses the file (modulo 4: tcp, tcp6, udp,
   udp6); the rest is its text, NULs included, read from a memory stream.
   The oracle: each socket parsed is a data line of the text, in order,
   whose local and remote addresses are the kernel's hexadecimal form of
   what the entry says (converted back with inet_pton, so that an address
   made of bytes the text does not hold is caught), its state one of ss's
   names and its inode the line's.  */
#include <config.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ipc-sockets.h"

#include "fuzz-check.h"

int LLVMFuzzerTestOneInput (uint8_t const *data, size_t size);

static char const *const types[] = { "tcp", "tcp6", "udp", "udp6" };

/* The kernel's hexadecimal form of ADDR ("tcp:1.2.3.4:80",
   "udp:[::1]:53"), PROTO its prefix, into HEX; false if ADDR is not of
   that form.  */
static bool
addr_hex (char const *addr, char const *proto, bool v6, char *hex,
          size_t size)
{
  size_t plen = strlen (proto);
  if (strncmp (addr, proto, plen) != 0 || addr[plen] != ':')
    return false;
  char const *host = addr + plen + 1;
  char const *colon = strrchr (host, ':');
  if (!colon)
    return false;
  char text[64];
  size_t hlen = colon - host;
  if (v6)
    {
      if (hlen < 2 || host[0] != '[' || host[hlen - 1] != ']')
        return false;
      host++;
      hlen -= 2;
    }
  if (hlen >= sizeof text)
    return false;
  memcpy (text, host, hlen);
  text[hlen] = '\0';
  char *end;
  errno = 0;
  unsigned long port = strtoul (colon + 1, &end, 10);
  if (errno || *end || end == colon + 1 || port > 0xffff)
    return false;
  uint32_t words[4];
  if (inet_pton (v6 ? AF_INET6 : AF_INET, text, words) != 1)
    return false;
  if (v6)
    snprintf (hex, size, "%08" PRIX32 "%08" PRIX32 "%08" PRIX32 "%08" PRIX32
              ":%04lX", words[0], words[1], words[2], words[3], port);
  else
    snprintf (hex, size, "%08" PRIX32 ":%04lX", words[0], port);
  return true;
}

static bool
known_state (char const *state)
{
  static char const *const states[] = {
    "?", "ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1", "FIN-WAIT-2",
    "TIME-WAIT", "UNCONN", "CLOSE-WAIT", "LAST-ACK", "LISTEN", "CLOSING",
    "NEW-SYN-RECV"
  };
  for (size_t i = 0; i < sizeof states / sizeof *states; i++)
    if (strcmp (state, states[i]) == 0)
      return true;
  return false;
}

/* The next line of TEXT at *POS (up to END) as a string, NULs cut it;
   null at the end.  */
static char *
next_line (char const *text, size_t len, size_t *pos)
{
  if (*pos >= len)
    return NULL;
  char const *start = text + *pos;
  char const *nl = memchr (start, '\n', len - *pos);
  size_t n = nl ? (size_t) (nl - start) : len - *pos;
  *pos += n + 1;
  char *line = malloc (n + 1);
  CHECK (line);
  memcpy (line, start, n);
  line[n] = '\0';
  return line;
}

int
LLVMFuzzerTestOneInput (uint8_t const *data, size_t size)
{
  if (size < 1)
    return 0;
  char const *type = types[data[0] % 4];
  bool tcp = type[0] == 't';
  bool v6 = type[3] == '6';
  char const *proto = tcp ? "tcp" : "udp";
  char const *text = (char const *) data + 1;
  size_t len = size - 1;

  FILE *f = fmemopen ((void *) (len ? text : "\n"), len ? len : 1, "r");
  CHECK (f);
  struct ipc_sock_entry *list = NULL;
  size_t n = 0;
  CHECK (ipc_sockets_parse_ip (f, type, &list, &n) == 0);
  fclose (f);

  /* Skip the header line, then find each entry's line in turn.  */
  size_t pos = 0;
  free (next_line (text, len, &pos));
  for (size_t i = 0; i < n; i++)
    {
      struct ipc_sock_entry const *e = &list[i];
      CHECK (e->type && strcmp (e->type, type) == 0);
      CHECK (e->state && known_state (e->state));
      CHECK (e->listening == (tcp && strcmp (e->state, "LISTEN") == 0));
      CHECK (e->pids == NULL && e->npids == 0);
      char local[80], remote[80];
      CHECK (e->addr && addr_hex (e->addr, proto, v6, local, sizeof local));
      CHECK (e->remote);
      bool no_remote = !*e->remote;
      CHECK (no_remote
             || addr_hex (e->remote, proto, v6, remote, sizeof remote));

      bool found = false;
      char *line;
      while (!found && (line = next_line (text, len, &pos)))
        {
          char l[64], r[64];
          uint64_t inode;
          if (sscanf (line, " %*u: %63s %63s %*x %*s %*s %*s %*u %*u %"
                      SCNu64, l, r, &inode) == 3
              && strcasecmp (l, local) == 0 && inode == e->inode
              && (no_remote ? strspn (r, "0:") == strlen (r)
                  : strcasecmp (r, remote) == 0))
            found = true;
          free (line);
        }
      CHECK (found);
    }
  ipc_sockets_free (list, n);

  /* Other file names are refused.  */
  if (data[0] == 0xff)
    {
      f = fmemopen ((void *) "\n", 1, "r");
      CHECK (f);
      CHECK (ipc_sockets_parse_ip (f, "unix", &list, &n) == -1
             && errno == EINVAL);
      fclose (f);
    }
  return 0;
}

/* The address syntax of SPEC section 2, one parser for every command.

   The rules, form by form (every number is decimal digits only, no sign,
   no blanks, checked for overflow, unless said otherwise):

   /NAME          POSIX object: 1 to NAME_MAX (255) bytes after the '/',
                  no second '/', neither "." nor "..".
   key:KEY        System V key: hexadecimal with "0x" or "0X", otherwise
                  decimal (a leading 0 is not octal); 1 to 0xffffffff.
                  Key 0 is IPC_PRIVATE and is refused: 'private' says it.
   id:ID          System V identifier, 0 to INT_MAX.
   path:FILE[:P]  key from ftok (FILE, P): P is taken from the last ':' only
                  when digits alone follow it, and must be 1 to 255; it is
                  1 by default.  FILE is not empty.
   private        IPC_PRIVATE.
   fd:N           an open descriptor, 0 to INT_MAX.
   unix:PATH, unixgram:PATH
                  a socket file: PATH not empty and shorter than sun_path
                  (at most 107 bytes).
   abstract:NAME, @NAME, abstract-dgram:NAME
                  an abstract socket: NAME (any bytes) not empty, at most
                  107 bytes (sun_path less its leading NUL).
   tcp:HOST:PORT, udp:HOST:PORT
                  HOST is "[V6]" (an IPv6 address in brackets, with an
                  optional "%ZONE"), a host name or IPv4 address (letters,
                  digits, '-', '.', '_'; at most 253 bytes), or empty for
                  every address; an unbracketed HOST with a ':' is an
                  error.  PORT is 0 to 65535.
   PATH           when accepted, any other non-empty text shorter than
                  PATH_MAX: a file-system path.

   Forms outside the caller's mask are refused with a reason that lists
   the accepted ones.  When PATH is accepted, text that begins like
   another form ("key:", "id:", "path:", "fd:", "unix:", "unixgram:",
   "abstract:", "abstract-dgram:", "tcp:", "udp:", "@", or is "private")
   is still refused when that form is not accepted, rather than taken as
   a path: "./fd:3" names such a file.  A leading '/' is a POSIX name
   when POSIX is accepted, and a path otherwise.

   Reasons are static strings, except the ones that list accepted forms:
   those live in a thread-local buffer that the next call overwrites.

   For KEY, ID, FD and PRIVATE, the structure's NAME is a copy of the
   whole text, so that it is never null after a successful parse.  */
#include <config.h>

#include "ipc-addr.h"

#include <arpa/inet.h>
#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <stdckdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/un.h>

#include "c-ctype.h"

enum
{
  SUN_PATH_SIZE = sizeof ((struct sockaddr_un *) 0)->sun_path,
  HOST_NAME_MAX_BYTES = 253,
  PROJ_MAX = 255,
  KEY_MAX = 0xffffffff
};
static_assert (SUN_PATH_SIZE == 108, "the reasons below say 107 bytes");
static_assert (NAME_MAX == 255, "the reasons below say 255 bytes");

/* How each form begins, and how messages name it.  */
struct addr_form
{
  char const *prefix;   /* null: PATH, which has none */
  char const *label;
};

static struct addr_form const forms[] =
  {
    [IPC_ADDR_POSIX] = { "/", "/NAME" },
    [IPC_ADDR_KEY] = { "key:", "key:KEY" },
    [IPC_ADDR_ID] = { "id:", "id:ID" },
    [IPC_ADDR_FTOK] = { "path:", "path:FILE[:P]" },
    [IPC_ADDR_PRIVATE] = { "private", "private" },
    [IPC_ADDR_PATH] = { NULL, "PATH" },
    [IPC_ADDR_FD] = { "fd:", "fd:N" },
    [IPC_ADDR_UNIX] = { "unix:", "unix:PATH" },
    [IPC_ADDR_ABSTRACT] = { "abstract:", "abstract:NAME" },
    [IPC_ADDR_UNIXGRAM] = { "unixgram:", "unixgram:PATH" },
    [IPC_ADDR_ABSTRACT_DGRAM] = { "abstract-dgram:", "abstract-dgram:NAME" },
    [IPC_ADDR_TCP] = { "tcp:", "tcp:HOST:PORT" },
    [IPC_ADDR_UDP] = { "udp:", "udp:HOST:PORT" },
  };
enum { FORM_COUNT = sizeof forms / sizeof *forms };

/* Fail with ERR and REASON.  */
static int
fail (int err, char const *reason, char const **why)
{
  *why = reason;
  errno = err;
  return -1;
}

/* A reason for refusing an address: LEAD (may be null), then the list of
   the forms in ACCEPT, in a thread-local buffer.  */
static char const *
refusal (char const *lead, unsigned int accept)
{
  static _Thread_local char buf[512];
  int count = 0;
  for (int k = 0; k < FORM_COUNT; k++)
    count += (accept & IPC_ADDR_ACCEPT (k)) != 0;
  if (count == 0)
    return "no address is accepted here";

  /* Every label is short and there are few: BUF holds them all, and
     snprintf truncates if that ever changes.  */
  char const *parts[2 * FORM_COUNT + 2];
  int n = 0;
  if (lead)
    {
      parts[n++] = lead;
      parts[n++] = "; ";
    }
  parts[n++] = "expected ";
  int listed = 0;
  for (int k = 0; k < FORM_COUNT; k++)
    if (accept & IPC_ADDR_ACCEPT (k))
      {
        if (listed)
          parts[n++] = listed == count - 1 ? " or " : ", ";
        parts[n++] = forms[k].label;
        listed++;
      }
  size_t len = 0;
  buf[0] = '\0';
  for (int i = 0; i < n && len < sizeof buf; i++)
    {
      int w = snprintf (buf + len, sizeof buf - len, "%s", parts[i]);
      if (w < 0)
        break;
      len += w;
    }
  return buf;
}

/* The form that TEXT begins like, and in *REST what follows its prefix;
   -1 when it begins like none.  '@' is a short prefix of abstract.  */
static int
form_of (char const *text, char const **rest)
{
  if (text[0] == '@')
    {
      *rest = text + 1;
      return IPC_ADDR_ABSTRACT;
    }
  if (strcmp (text, "private") == 0)
    {
      *rest = text + strlen (text);
      return IPC_ADDR_PRIVATE;
    }
  for (int k = 0; k < FORM_COUNT; k++)
    if (forms[k].prefix && k != IPC_ADDR_PRIVATE)
      {
        size_t n = strlen (forms[k].prefix);
        if (strncmp (text, forms[k].prefix, n) == 0)
          {
            *rest = text + (k == IPC_ADDR_POSIX ? 0 : n);
            return k;
          }
      }
  *rest = text;
  return -1;
}

/* Read the number at TEXT, all of it, in BASE (10 or 16), into *VALUE;
   at most MAX.  Return 0, or -1 with *WHY (empty, not a number) or
   ERANGE.  */
static int
read_number (char const *text, int base, uintmax_t max, uintmax_t *value,
             char const *what_range, char const **why)
{
  if (!*text)
    return fail (EINVAL, "missing number", why);
  uintmax_t v = 0;
  bool overflow = false;
  for (char const *p = text; *p; p++)
    {
      int digit;
      if (c_isdigit (*p))
        digit = *p - '0';
      else if (base == 16 && c_isxdigit (*p))
        digit = c_tolower (*p) - 'a' + 10;
      else
        return fail (EINVAL, base == 16 ? "not a hexadecimal number"
                     : "not a decimal number", why);
      overflow |= ckd_mul (&v, v, base);
      overflow |= ckd_add (&v, v, digit);
    }
  if (overflow || max < v)
    return fail (ERANGE, what_range, why);
  *value = v;
  return 0;
}

/* Give ADDR its own copy of the N bytes at TEXT.  */
static int
keep_name (struct ipc_addr *addr, char const *text, size_t n,
           char const **why)
{
  addr->name = malloc (n + 1);
  if (!addr->name)
    return fail (ENOMEM, "memory exhausted", why);
  memcpy (addr->name, text, n);
  addr->name[n] = '\0';
  return 0;
}

static int
parse_posix (char const *text, struct ipc_addr *addr, char const **why)
{
  char const *name = text + 1;
  size_t len = strlen (name);
  if (len == 0)
    return fail (EINVAL, "empty POSIX name", why);
  if (strchr (name, '/'))
    return fail (EINVAL, "POSIX name has a second '/'", why);
  if (strcmp (name, ".") == 0 || strcmp (name, "..") == 0)
    return fail (EINVAL, "POSIX name cannot be '.' or '..'", why);
  if (NAME_MAX < len)
    return fail (ERANGE, "POSIX name longer than 255 bytes", why);
  return keep_name (addr, text, len + 1, why);
}

static int
parse_key (char const *rest, struct ipc_addr *addr, char const **why)
{
  if (*rest == '-')
    return fail (ERANGE, "negative key", why);
  bool hex = rest[0] == '0' && (rest[1] == 'x' || rest[1] == 'X');
  uintmax_t key;
  if (read_number (rest + 2 * hex, hex ? 16 : 10, KEY_MAX, &key,
                   "key out of range (at most 0xffffffff)", why) != 0)
    return -1;
  if (key == 0)
    return fail (EINVAL, "key 0 is IPC_PRIVATE: use 'private'", why);
  addr->key = key;
  return 0;
}

/* Read a non-negative int at TEXT into *OUT ("id:", "fd:").  */
static int
parse_int (char const *text, int *out, char const *what_range,
           char const **why)
{
  if (*text == '-')
    return fail (ERANGE, what_range, why);
  uintmax_t n;
  if (read_number (text, 10, INT_MAX, &n, what_range, why) != 0)
    return -1;
  *out = n;
  return 0;
}

/* Check the file-system path PATH of length LEN.  */
static int
check_path (char const *path, size_t len, char const **why)
{
  (void) path;
  if (len == 0)
    return fail (EINVAL, "empty path", why);
  if (PATH_MAX <= len)
    return fail (ERANGE, "path longer than PATH_MAX", why);
  return 0;
}

static int
parse_ftok (char const *rest, struct ipc_addr *addr, char const **why)
{
  size_t len = strlen (rest);
  addr->proj = 1;
  char const *colon = strrchr (rest, ':');
  if (colon && colon[1] && strspn (colon + 1, "0123456789") == strlen (colon + 1))
    {
      uintmax_t proj;
      if (read_number (colon + 1, 10, PROJ_MAX, &proj,
                       "project number out of range (1..255)", why) != 0)
        return -1;
      if (proj == 0)
        return fail (ERANGE, "project number out of range (1..255)", why);
      addr->proj = proj;
      len = colon - rest;
    }
  if (check_path (rest, len, why) != 0)
    return -1;
  return keep_name (addr, rest, len, why);
}

static int
parse_socket_path (char const *rest, struct ipc_addr *addr, char const **why)
{
  size_t len = strlen (rest);
  if (len == 0)
    return fail (EINVAL, "empty socket path", why);
  if (SUN_PATH_SIZE <= len)
    return fail (ERANGE, "socket path longer than 107 bytes", why);
  return keep_name (addr, rest, len, why);
}

static int
parse_abstract (char const *rest, struct ipc_addr *addr, char const **why)
{
  size_t len = strlen (rest);
  if (len == 0)
    return fail (EINVAL, "empty abstract socket name", why);
  if (SUN_PATH_SIZE - 1 < len)
    return fail (ERANGE, "abstract socket name longer than 107 bytes", why);
  return keep_name (addr, rest, len, why);
}

/* Check the IPv6 address of LEN bytes at HOST, with an optional
   "%ZONE", without looking anything up.  */
static bool
valid_ipv6 (char const *host, size_t len)
{
  char buf[INET6_ADDRSTRLEN + 1 + IF_NAMESIZE];
  if (len == 0 || sizeof buf <= len)
    return false;
  memcpy (buf, host, len);
  buf[len] = '\0';
  char *zone = strchr (buf, '%');
  if (zone)
    {
      *zone++ = '\0';
      if (!*zone || IF_NAMESIZE <= strlen (zone))
        return false;
      for (char const *p = zone; *p; p++)
        if (!(c_isalnum (*p) || *p == '-' || *p == '_' || *p == '.'))
          return false;
    }
  struct in6_addr in6;
  return inet_pton (AF_INET6, buf, &in6) == 1;
}

/* Check the host name or IPv4 address of LEN bytes at HOST.  */
static bool
valid_host_name (char const *host, size_t len)
{
  for (size_t i = 0; i < len; i++)
    if (!(c_isalnum (host[i]) || host[i] == '-' || host[i] == '.'
          || host[i] == '_'))
      return false;
  return true;
}

static int
parse_ip (char const *rest, struct ipc_addr *addr, char const **why)
{
  char const *host = rest;
  size_t host_len;
  char const *port;
  if (*rest == '[')
    {
      host = rest + 1;
      char const *close = strchr (host, ']');
      if (!close)
        return fail (EINVAL, "missing ']' after IPv6 address", why);
      host_len = close - host;
      if (close[1] != ':')
        return fail (EINVAL, "missing ':PORT' after ']'", why);
      if (!valid_ipv6 (host, host_len))
        return fail (EINVAL, "invalid IPv6 address", why);
      port = close + 2;
    }
  else
    {
      char const *colon = strchr (rest, ':');
      if (!colon)
        return fail (EINVAL, "missing ':PORT'", why);
      if (strchr (colon + 1, ':'))
        return fail (EINVAL, "IPv6 address without brackets: use [HOST]:PORT",
                     why);
      host_len = colon - rest;
      if (HOST_NAME_MAX_BYTES < host_len)
        return fail (ERANGE, "host name longer than 253 bytes", why);
      if (!valid_host_name (host, host_len))
        return fail (EINVAL, "invalid host name", why);
      port = colon + 1;
    }
  if (!*port)
    return fail (EINVAL, "missing port", why);
  uintmax_t n;
  if (read_number (port, 10, UINT16_MAX, &n, "port out of range (0..65535)",
                   why) != 0)
    return -1;
  addr->port = n;
  return keep_name (addr, host, host_len, why);
}

/* Parse REST, the text after the prefix of form KIND, into ADDR.  */
static int
parse_form (int kind, char const *text, char const *rest,
            struct ipc_addr *addr, char const **why)
{
  switch (kind)
    {
    case IPC_ADDR_POSIX:
      return parse_posix (text, addr, why);
    case IPC_ADDR_KEY:
      if (parse_key (rest, addr, why) != 0)
        return -1;
      break;
    case IPC_ADDR_ID:
      if (parse_int (rest, &addr->id, "id out of range (0..2147483647)",
                     why) != 0)
        return -1;
      break;
    case IPC_ADDR_FD:
      if (parse_int (rest, &addr->fd,
                     "descriptor out of range (0..2147483647)", why) != 0)
        return -1;
      break;
    case IPC_ADDR_FTOK:
      return parse_ftok (rest, addr, why);
    case IPC_ADDR_PRIVATE:
      break;
    case IPC_ADDR_PATH:
      if (check_path (text, strlen (text), why) != 0)
        return -1;
      return keep_name (addr, text, strlen (text), why);
    case IPC_ADDR_UNIX:
    case IPC_ADDR_UNIXGRAM:
      return parse_socket_path (rest, addr, why);
    case IPC_ADDR_ABSTRACT:
    case IPC_ADDR_ABSTRACT_DGRAM:
      return parse_abstract (rest, addr, why);
    case IPC_ADDR_TCP:
    case IPC_ADDR_UDP:
      return parse_ip (rest, addr, why);
    default:
      abort ();
    }
  return keep_name (addr, text, strlen (text), why);
}

int
ipc_addr_parse (char const *text, unsigned int accept,
                struct ipc_addr *addr, char const **why)
{
  char const *unused;
  if (!why)
    why = &unused;
  *addr = (struct ipc_addr) { .name = NULL };
  if (!*text)
    return fail (EINVAL, "empty address", why);

  char const *rest;
  int kind = form_of (text, &rest);
  bool path_ok = (accept & IPC_ADDR_ACCEPT (IPC_ADDR_PATH)) != 0;
  if (kind == IPC_ADDR_POSIX
      && !(accept & IPC_ADDR_ACCEPT (IPC_ADDR_POSIX)) && path_ok)
    kind = IPC_ADDR_PATH;
  if (kind < 0)
    {
      if (!path_ok)
        return fail (EINVAL, refusal ("unknown address form", accept), why);
      kind = IPC_ADDR_PATH;
    }
  if (!(accept & IPC_ADDR_ACCEPT (kind)))
    {
      char lead[64];
      snprintf (lead, sizeof lead, "%s addresses are not accepted here",
                (text[0] == '@' ? "@NAME"
                 : kind == IPC_ADDR_POSIX ? "POSIX /NAME"
                 : forms[kind].label));
      return fail (EINVAL, refusal (lead, accept), why);
    }

  addr->kind = kind;
  if (parse_form (kind, text, rest, addr, why) != 0)
    {
      int err = errno;
      ipc_addr_free (addr);
      errno = err;
      return -1;
    }
  return 0;
}

void
ipc_addr_free (struct ipc_addr *addr)
{
  free (addr->name);
  addr->name = NULL;
}

int
ipc_addr_key (struct ipc_addr *addr, uint32_t *key)
{
  switch (addr->kind)
    {
    case IPC_ADDR_KEY:
      *key = addr->key;
      return 0;
    case IPC_ADDR_PRIVATE:
      *key = IPC_PRIVATE;
      return 0;
    case IPC_ADDR_FTOK:
      {
        /* ftok returns -1 on failure, which is also a valid key: only
           errno tells them apart.  */
        errno = 0;
        key_t k = ftok (addr->name, addr->proj);
        if (k == -1 && errno != 0)
          return -1;
        addr->key = (uint32_t) k;
        *key = addr->key;
        return 0;
      }
    default:
      errno = EINVAL;
      return -1;
    }
}

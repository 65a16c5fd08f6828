/* libFuzzer target of ipc_addr_parse.  An input is a 2-byte accept mask
   (little endian) followed by the text to parse.  Every parse must either
   fail cleanly (a reason, EINVAL/ERANGE/ENOMEM, no name left behind) or
   produce an address that obeys the rules at the top of lib/ipc-addr.c;
   a parsed socket address printed back must parse to the same thing.  */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipc-addr.h"

#include "fuzz-check.h"

int LLVMFuzzerTestOneInput (uint8_t const *data, size_t size);

enum { ALL_FORMS = (1u << (IPC_ADDR_UDP + 1)) - 1 };


static bool
starts_with (char const *text, char const *prefix)
{
  return strncmp (text, prefix, strlen (prefix)) == 0;
}

static bool
all_digits (char const *s)
{
  return *s && strspn (s, "0123456789") == strlen (s);
}

/* Check the invariants of ADDR, parsed from TEXT under ACCEPT.  */
static void
check_parsed (char const *text, unsigned int accept,
              struct ipc_addr const *addr)
{
  CHECK (accept & IPC_ADDR_ACCEPT (addr->kind));
  CHECK (addr->name);
  size_t len = strlen (addr->name);
  switch (addr->kind)
    {
    case IPC_ADDR_POSIX:
      CHECK (strcmp (addr->name, text) == 0);
      CHECK (addr->name[0] == '/');
      CHECK (2 <= len && len <= 1 + NAME_MAX);
      CHECK (!strchr (addr->name + 1, '/'));
      CHECK (strcmp (addr->name, "/.") != 0 && strcmp (addr->name, "/..") != 0);
      break;
    case IPC_ADDR_KEY:
      CHECK (starts_with (text, "key:"));
      CHECK (addr->key != 0);
      {
        char again[32];
        snprintf (again, sizeof again, "key:%#" PRIx32, addr->key);
        struct ipc_addr back;
        char const *why;
        CHECK (ipc_addr_parse (again, accept, &back, &why) == 0);
        CHECK (back.kind == IPC_ADDR_KEY && back.key == addr->key);
        ipc_addr_free (&back);
      }
      break;
    case IPC_ADDR_ID:
      CHECK (starts_with (text, "id:") && all_digits (text + 3));
      CHECK (0 <= addr->id);
      CHECK (strtoll (text + 3, NULL, 10) == addr->id);
      break;
    case IPC_ADDR_FD:
      CHECK (starts_with (text, "fd:") && all_digits (text + 3));
      CHECK (0 <= addr->fd);
      CHECK (strtoll (text + 3, NULL, 10) == addr->fd);
      break;
    case IPC_ADDR_FTOK:
      CHECK (starts_with (text, "path:"));
      CHECK (1 <= addr->proj && addr->proj <= 255);
      CHECK (0 < len && len < PATH_MAX);
      CHECK (strncmp (text + 5, addr->name, len) == 0);
      CHECK (text[5 + len] == '\0'
             || (text[5 + len] == ':' && all_digits (text + 5 + len + 1)));
      break;
    case IPC_ADDR_PRIVATE:
      CHECK (strcmp (text, "private") == 0);
      break;
    case IPC_ADDR_PATH:
      CHECK (strcmp (addr->name, text) == 0);
      CHECK (0 < len && len < PATH_MAX);
      break;
    case IPC_ADDR_UNIX:
    case IPC_ADDR_UNIXGRAM:
      CHECK (0 < len && len < 108);
      break;
    case IPC_ADDR_ABSTRACT:
    case IPC_ADDR_ABSTRACT_DGRAM:
      CHECK (0 < len && len <= 107);
      break;
    case IPC_ADDR_TCP:
    case IPC_ADDR_UDP:
      {
        /* Print it back, the host in brackets when it is IPv6, and
           parse that: the same host and port.  */
        bool v6 = strchr (addr->name, ':') != NULL;
        CHECK (v6 || len <= 253);
        char *again = malloc (len + 32);
        CHECK (again);
        sprintf (again, "%s:%s%s%s:%u",
                 addr->kind == IPC_ADDR_TCP ? "tcp" : "udp", v6 ? "[" : "",
                 addr->name, v6 ? "]" : "", (unsigned int) addr->port);
        struct ipc_addr back;
        char const *why;
        CHECK (ipc_addr_parse (again, accept, &back, &why) == 0);
        CHECK (back.kind == addr->kind && back.port == addr->port);
        CHECK (strcmp (back.name, addr->name) == 0);
        ipc_addr_free (&back);
        free (again);
      }
      break;
    default:
      CHECK (!"unknown kind");
    }
}

int
LLVMFuzzerTestOneInput (uint8_t const *data, size_t size)
{
  if (size < 2)
    return 0;
  unsigned int accept = (data[0] | data[1] << 8) & ALL_FORMS;
  char *text = malloc (size - 1);
  if (!text)
    return 0;
  memcpy (text, data + 2, size - 2);
  text[size - 2] = '\0';

  struct ipc_addr addr;
  char const *why = NULL;
  if (ipc_addr_parse (text, accept, &addr, &why) == 0)
    {
      check_parsed (text, accept, &addr);

      /* What one mask accepts, a wider mask with the same forms plus
         PATH still accepts, as the same kind: PATH only ever takes what
         no accepted form claims.  */
      struct ipc_addr wider;
      unsigned int more = accept | IPC_ADDR_ACCEPT (IPC_ADDR_PATH);
      CHECK (ipc_addr_parse (text, more, &wider, &why) == 0);
      CHECK (wider.kind == addr.kind);
      ipc_addr_free (&wider);
      ipc_addr_free (&addr);
      CHECK (addr.name == NULL);
    }
  else
    {
      CHECK (why && *why);
      CHECK (strlen (why) < 512);
      CHECK (errno == EINVAL || errno == ERANGE || errno == ENOMEM);
      CHECK (addr.name == NULL);
    }
  free (text);
  return 0;
}

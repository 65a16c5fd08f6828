/* Test driver of the address and unit parsers: run one parser on one
   operand and print the result in a stable one-line form, so that
   tests/parse.bats can check every form and every error.

     parse-driver addr MASK TEXT   MASK: forms separated by ',', or 'all'
     parse-driver addr-or-die MASK TEXT
     parse-driver key TEXT         the System V key of TEXT (ipc_addr_key)
     parse-driver duration TEXT
     parse-driver size TEXT
     parse-driver mode TEXT
     parse-driver signal TEXT
     parse-driver signame N
     parse-driver count TEXT
     parse-driver pidfile TEXT     TEXT as a pidfile's contents
     parse-driver procnet TYPE TEXT  TEXT as /proc/net/TYPE (tcp, tcp6,
                                   udp, udp6): a line a socket

   Exit 0 after printing the result, 2 after printing "error: WHY" (with
   the errno name), 1 on a system error (key) or a misuse of the driver
   itself.  */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progname.h"

#include "ipc-addr.h"
#include "ipc-cli.h"
#include "ipc-pidfile.h"
#include "ipc-sockets.h"
#include "ipc-units.h"

/* The form names of MASK words, in the order of enum ipc_addr_kind.  */
static char const *const kind_names[] =
  {
    [IPC_ADDR_POSIX] = "posix", [IPC_ADDR_KEY] = "key", [IPC_ADDR_ID] = "id",
    [IPC_ADDR_FTOK] = "ftok", [IPC_ADDR_PRIVATE] = "private",
    [IPC_ADDR_PATH] = "path", [IPC_ADDR_FD] = "fd", [IPC_ADDR_UNIX] = "unix",
    [IPC_ADDR_ABSTRACT] = "abstract", [IPC_ADDR_UNIXGRAM] = "unixgram",
    [IPC_ADDR_ABSTRACT_DGRAM] = "abstract-dgram", [IPC_ADDR_TCP] = "tcp",
    [IPC_ADDR_UDP] = "udp",
  };
enum { KIND_COUNT = sizeof kind_names / sizeof *kind_names };

static _Noreturn void
driver_misuse (char const *message)
{
  fprintf (stderr, "parse-driver: %s\n", message);
  exit (1);
}

/* Print the reason of a parser's failure, with its errno, and exit 2.  */
static _Noreturn void
parse_failed (char const *why)
{
  printf ("error: %s\n", why);
  fprintf (stderr, "errno=%s\n",
           errno == EINVAL ? "EINVAL" : errno == ERANGE ? "ERANGE"
           : strerror (errno));
  exit (2);
}

/* The accept mask named by WORDS: "all", or names of forms separated by
   commas.  */
static unsigned int
parse_mask (char const *words)
{
  if (strcmp (words, "all") == 0)
    return (1u << KIND_COUNT) - 1;
  unsigned int mask = 0;
  char *copy = strdup (words);
  if (!copy)
    driver_misuse ("memory exhausted");
  for (char *w = strtok (copy, ","); w; w = strtok (NULL, ","))
    {
      int k = 0;
      while (k < KIND_COUNT && strcmp (kind_names[k], w) != 0)
        k++;
      if (k == KIND_COUNT)
        driver_misuse ("unknown form in mask");
      mask |= IPC_ADDR_ACCEPT (k);
    }
  free (copy);
  return mask;
}

static int
run_addr (char const *mask_words, char const *text)
{
  struct ipc_addr addr;
  char const *why;
  if (ipc_addr_parse (text, parse_mask (mask_words), &addr, &why) != 0)
    parse_failed (why);
  printf ("kind=%s", kind_names[addr.kind]);
  switch (addr.kind)
    {
    case IPC_ADDR_KEY:
      printf (" key=0x%08" PRIx32, addr.key);
      break;
    case IPC_ADDR_ID:
      printf (" id=%d", addr.id);
      break;
    case IPC_ADDR_FD:
      printf (" fd=%d", addr.fd);
      break;
    case IPC_ADDR_FTOK:
      printf (" name=%s proj=%d", addr.name, addr.proj);
      break;
    case IPC_ADDR_PRIVATE:
      break;
    case IPC_ADDR_TCP:
    case IPC_ADDR_UDP:
      printf (" host=%s port=%u", addr.name, (unsigned int) addr.port);
      break;
    default:
      printf (" name=%s", addr.name);
      break;
    }
  putchar ('\n');
  ipc_addr_free (&addr);
  return 0;
}

/* Print the System V key of TEXT, one of the forms that have one.  */
static int
run_key (char const *text)
{
  struct ipc_addr addr;
  char const *why;
  unsigned int accept = (IPC_ADDR_ACCEPT (IPC_ADDR_KEY)
                         | IPC_ADDR_ACCEPT (IPC_ADDR_FTOK)
                         | IPC_ADDR_ACCEPT (IPC_ADDR_PRIVATE));
  if (ipc_addr_parse (text, accept, &addr, &why) != 0)
    parse_failed (why);
  uint32_t key;
  if (ipc_addr_key (&addr, &key) != 0)
    {
      printf ("error: %s\n", strerror (errno));
      ipc_addr_free (&addr);
      return 1;
    }
  printf ("key=0x%08" PRIx32 "\n", key);
  ipc_addr_free (&addr);
  return 0;
}

/* Print the sockets that TEXT, as /proc/net/TYPE, gives.  */
static int
run_procnet (char const *type, char const *text)
{
  FILE *f = fmemopen ((void *) text, strlen (text) + 1, "r");
  struct ipc_sock_entry *list;
  size_t n;
  if (!f)
    driver_misuse ("fmemopen failed");
  if (ipc_sockets_parse_ip (f, type, &list, &n) != 0)
    {
      printf ("error: %s\n", strerror (errno));
      fclose (f);
      return 1;
    }
  fclose (f);
  for (size_t i = 0; i < n; i++)
    printf ("%s %s %s remote=%s inode=%" PRIu64 "\n", list[i].type,
            list[i].state, list[i].addr, list[i].remote, list[i].inode);
  ipc_sockets_free (list, n);
  return 0;
}

int
main (int argc, char **argv)
{
  set_program_name (argv[0]);
  if (argc < 3)
    driver_misuse ("usage: parse-driver WHAT [MASK] TEXT");
  char const *what = argv[1];
  char const *text = argv[argc - 1];
  char const *why;
  if (strcmp (what, "addr") == 0)
    {
      if (argc != 4)
        driver_misuse ("usage: parse-driver addr MASK TEXT");
      return run_addr (argv[2], text);
    }
  if (strcmp (what, "addr-or-die") == 0)
    {
      if (argc != 4)
        driver_misuse ("usage: parse-driver addr-or-die MASK TEXT");
      struct ipc_addr addr;
      ipc_arg_address (text, parse_mask (argv[2]), &addr);
      printf ("kind=%s\n", kind_names[addr.kind]);
      ipc_addr_free (&addr);
      return 0;
    }
  if (strcmp (what, "procnet") == 0)
    {
      if (argc != 4)
        driver_misuse ("usage: parse-driver procnet TYPE TEXT");
      return run_procnet (argv[2], text);
    }
  if (argc != 3)
    driver_misuse ("usage: parse-driver WHAT TEXT");

  if (strcmp (what, "key") == 0)
    return run_key (text);
  if (strcmp (what, "duration") == 0)
    {
      struct timespec d;
      if (ipc_duration_parse (text, &d, &why) != 0)
        parse_failed (why);
      if (ipc_duration_is_infinite (d))
        puts ("duration=inf");
      else
        printf ("duration=%jd.%09ld\n", (intmax_t) d.tv_sec, d.tv_nsec);
    }
  else if (strcmp (what, "size") == 0)
    {
      uint64_t n;
      if (ipc_size_parse (text, &n, &why) != 0)
        parse_failed (why);
      printf ("size=%" PRIu64 "\n", n);
    }
  else if (strcmp (what, "mode") == 0)
    {
      mode_t m;
      if (ipc_mode_parse (text, &m, &why) != 0)
        parse_failed (why);
      printf ("mode=%04o\n", (unsigned int) m);
    }
  else if (strcmp (what, "signal") == 0)
    {
      int sig;
      char name[IPC_SIGNAL_NAME_MAX];
      if (ipc_signal_parse (text, &sig, &why) != 0)
        parse_failed (why);
      printf ("signal=%d name=%s\n", sig, ipc_signal_name (sig, name));
    }
  else if (strcmp (what, "signame") == 0)
    {
      char name[IPC_SIGNAL_NAME_MAX];
      char *end;
      errno = 0;
      long sig = strtol (text, &end, 10);
      if (errno || end == text || *end || sig < INT_MIN || INT_MAX < sig)
        driver_misuse ("signame needs an int");
      printf ("name=%s\n", ipc_signal_name (sig, name));
    }
  else if (strcmp (what, "count") == 0)
    {
      uintmax_t n;
      if (ipc_count_parse (text, &n, &why) != 0)
        parse_failed (why);
      printf ("count=%ju\n", n);
    }
  else if (strcmp (what, "pidfile") == 0)
    {
      pid_t pid;
      if (ipc_pidfile_parse (text, strlen (text), &pid, &why) != 0)
        parse_failed (why);
      printf ("pid=%ld\n", (long) pid);
    }
  else
    driver_misuse ("unknown parser");
  return 0;
}

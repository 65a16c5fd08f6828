/* ipc-sock send and recv: datagrams.  */
#include <config.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "quote.h"
#include "xalloc.h"

#include "ipc-deadline.h"
#include "ipc-records.h"
#include "ipc-socket.h"
#include "ipc-stop.h"
#include "ipc-units.h"

#include "ipc-sock.h"

struct ipc_option const recv_options[] = {
  { "count", 'c', "COUNT", "take COUNT datagrams (default 1)" },
  { "null", '0', NULL, "end each datagram with a NUL, not a newline" },
  IPC_OPTION_TIMEOUT, IPC_OPTION_MODE, UNLINK_OPTION_ENTRY,
  READY_OPTION_ENTRY,
  { 0 }
};

/* Report the datagram number N (0: standard input) of LEN bytes that is
   larger than SOCK can send, naming the limit, and exit.  WHAT tells
   what was sent before it.  */
static noreturn void
too_long (int sock, struct ipc_addr const *addr, size_t len, int n,
          char const *what)
{
  char num[32] = "";
  if (n > 0)
    snprintf (num, sizeof num, " %d", n);
  if (addr->kind == IPC_ADDR_UDP)
    error (0, 0, "message%s of %zu bytes is larger than a "
           "UDP datagram can be (65507 bytes over IPv4, 65527 over IPv6)%s",
           num, len, what);
  else
    error (0, 0, "message%s of %zu bytes is larger than the socket's send "
           "buffer (SO_SNDBUF %zu, at most net.core.wmem_max)%s",
           num, len, ipc_socket_max_datagram (sock), what);
  exit (IPC_EXIT_FAILURE);
}

/* Send the datagram MSG of LEN bytes, number N (0: standard input).  */
static void
send_one (int sock, struct ipc_addr const *addr, char const *text,
          char const *msg, size_t len, int n)
{
  ssize_t r;
  while ((r = send (sock, msg, len, MSG_NOSIGNAL)) < 0 && errno == EINTR)
    continue;
  if (r < 0 && errno == EMSGSIZE)
    too_long (sock, addr, len, n, n > 1 ? "; the messages before it were "
              "sent" : "; nothing was sent");
  if (r < 0)
    ipc_die ("cannot send to %s", quote (text));
}

/* Read all of standard input, as one datagram of at most MAX bytes (0:
   no known limit).  */
static char *
read_stdin (size_t max, size_t *len)
{
  size_t cap = 65536, n = 0;
  char *buf = xmalloc (cap);
  for (;;)
    {
      if (n == cap)
        buf = x2nrealloc (buf, &cap, 1);
      ssize_t r = read (STDIN_FILENO, buf + n, cap - n);
      if (r == 0)
        break;
      if (r < 0)
        {
          if (errno == EINTR)
            continue;
          ipc_die ("error reading standard input");
        }
      n += r;
      /* More than can go is an error: no need to read the rest.  */
      if (max && n > max)
        break;
    }
  *len = n;
  return buf;
}

int
verb_send (int argc, char **argv)
{
  int first = ipc_operands (argc, argv);
  char const *text = argv[first];
  struct ipc_addr addr;
  ipc_arg_address (text, DGRAM_FORMS, &addr);
  int sock = connect_or_die (&addr, text, IPC_DURATION_INFINITE, "send to");
  size_t max = ipc_socket_max_datagram (sock);
  if (first + 1 == argc)
    {
      size_t len;
      char *msg = read_stdin (max, &len);
      if (max && len > max)
        error (IPC_EXIT_FAILURE, 0, "standard input is longer than %s "
               "takes in one datagram (%zu bytes%s); nothing was sent",
               quote (text), max, addr.kind == IPC_ADDR_UDP ? ""
               : ", SO_SNDBUF");
      send_one (sock, &addr, text, msg, len, 0);
      free (msg);
    }
  /* None is sent unless all may go.  */
  for (int i = first + 1; i < argc; i++)
    if (max && strlen (argv[i]) > max)
      too_long (sock, &addr, strlen (argv[i]), i - first,
                "; nothing was sent");
  for (int i = first + 1; i < argc; i++)
    send_one (sock, &addr, text, argv[i], strlen (argv[i]), i - first);
  close (sock);
  ipc_addr_free (&addr);
  return IPC_EXIT_OK;
}

/* ipc_receive's take: one datagram, of whatever size.  */
static int
take_datagram (void *arg, struct ipc_deadline const *deadline,
               struct ipc_records_out *o)
{
  int sock = *(int *) arg;
  for (;;)
    {
      struct pollfd p = { .fd = sock, .events = POLLIN };
      int r = poll (&p, 1, deadline ? ipc_deadline_poll_ms (deadline) : -1);
      if (r == 0)
        {
          errno = ETIMEDOUT;
          return -1;
        }
      if (r < 0)
        {
          if (errno == EINTR && !ipc_stop_signal)
            continue;
          return -1;
        }
      char *buf;
      ssize_t got = ipc_socket_recv_datagram (sock, &buf);
      if (got < 0)
        {
          if (errno == EAGAIN)
            continue;
          return -1;
        }
      r = ipc_records_out_add (o, buf, got);
      free (buf);
      return r;
    }
}

int
verb_recv (int argc, char **argv)
{
  struct timespec timeout = IPC_DURATION_INFINITE;
  mode_t mode = S_IRUSR | S_IWUSR;
  uintmax_t count = 1;
  char delim = '\n';
  char const *ready_text = NULL;
  int c;
  while ((c = ipc_getopt (argc, argv)) != -1)
    switch (c)
      {
      case 'c': count = ipc_arg_count ("--count", optarg, 1, UINTMAX_MAX);
        break;
      case '0': delim = '\0'; break;
      case 't': timeout = ipc_arg_duration ("--timeout", optarg); break;
      case IPC_MODE_OPTION:
        mode = ipc_arg_perms ("--mode", optarg, "a socket file");
        break;
      case READY_OPTION: ready_text = optarg; break;
      }
  int first = ipc_operands (argc, argv);
  char const *text = argv[first];
  struct ipc_addr addr;
  ipc_arg_address (text, DGRAM_FORMS, &addr);
  check_bind_options (&addr);
  int ready_fd = ready_text ? ready_open (ready_text) : -1;
  int sock = bind_or_die (&addr, text, mode, ipc_option_given (UNLINK_OPTION));
  tell_ready (ready_fd, ready_text, sock, &addr, text);
  struct ipc_receive r = { .take = take_datagram, .arg = &sock,
                           .count = count, .timeout = timeout };
  int status = ipc_receive_main (&r, delim, false, "datagram", text);
  ipc_addr_free (&addr);
  return status;
}

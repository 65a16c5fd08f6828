/* The raw C peers of bench/mq.sh's round trip, in the envelope of
   'ipc-mq call' and 'serve' (SPEC 6) over a POSIX queue:
     mq-rpc call QUEUE BODY          one call, as 'ipc-mq call': a reply
                                     queue of its own, the request, the
                                     reply's body printed, status returned
     mq-rpc loop QUEUE N             N calls in one process, one reply
                                     queue: the floor of the round trip
     mq-rpc serve QUEUE N [CMD...]   answer N requests: with CMD, run it
                                     per request (posix_spawnp, the body
                                     on its stdin, its stdout back), as
                                     'ipc-mq serve'; without, echo the body
   No option parsing, no checks beyond what a benchmark needs.  */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

enum { SIZE = 8192 };

static void
die (char const *what)
{
  perror (what);
  exit (125);
}

/* One call: send "NAME\nBODY" to Q, return the reply's length in BUF.  */
static ssize_t
call (mqd_t q, mqd_t r, char const *name, char const *body, char *buf)
{
  char msg[SIZE];
  int n = snprintf (msg, sizeof msg, "%s\n%s", name, body);
  if (mq_send (q, msg, n, 0) != 0)
    die ("mq_send");
  ssize_t len = mq_receive (r, buf, SIZE, NULL);
  if (len < 0)
    die ("mq_receive");
  return len;
}

static mqd_t
reply_queue (char *name, size_t size)
{
  struct mq_attr attr = { .mq_maxmsg = 1, .mq_msgsize = SIZE };
  snprintf (name, size, "/mq-rpc-bench.%ld", (long) getpid ());
  mqd_t r = mq_open (name, O_RDONLY | O_CREAT | O_EXCL, 0600, &attr);
  if (r == (mqd_t) -1)
    die ("mq_open reply");
  return r;
}

/* Run ARGV with IN on its stdin; its stdout into OUT; return status.  */
static int
run (char **argv, char const *in, size_t inlen, char *out, size_t *outlen)
{
  int pin[2], pout[2];
  if (pipe2 (pin, O_CLOEXEC) || pipe2 (pout, O_CLOEXEC))
    die ("pipe");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init (&fa);
  posix_spawn_file_actions_adddup2 (&fa, pin[0], 0);
  posix_spawn_file_actions_adddup2 (&fa, pout[1], 1);
  pid_t pid;
  if (posix_spawnp (&pid, argv[0], &fa, NULL, argv, environ) != 0)
    die ("posix_spawnp");
  posix_spawn_file_actions_destroy (&fa);
  close (pin[0]);
  close (pout[1]);
  /* Bodies are small: they fit the pipe, so write all, then read.  */
  if (write (pin[1], in, inlen) != (ssize_t) inlen)
    die ("write");
  close (pin[1]);
  size_t len = 0;
  ssize_t n;
  while ((n = read (pout[0], out + len, SIZE - 4 - len)) > 0)
    len += n;
  close (pout[0]);
  int ws;
  waitpid (pid, &ws, 0);
  *outlen = len;
  return WIFEXITED (ws) ? WEXITSTATUS (ws) : 128 + WTERMSIG (ws);
}

int
main (int argc, char **argv)
{
  if (argc < 4)
    {
      fprintf (stderr, "usage: mq-rpc call|loop|serve QUEUE ARG...\n");
      return 2;
    }
  char buf[SIZE], name[64];
  if (strcmp (argv[1], "call") == 0 || strcmp (argv[1], "loop") == 0)
    {
      mqd_t q = mq_open (argv[2], O_WRONLY);
      if (q == (mqd_t) -1)
        die ("mq_open");
      mqd_t r = reply_queue (name, sizeof name);
      long n = strcmp (argv[1], "loop") == 0 ? atol (argv[3]) : 1;
      char const *body = n == 1 && argv[1][0] == 'c' ? argv[3] : "x";
      ssize_t len = 0;
      for (long i = 0; i < n; i++)
        len = call (q, r, name, body, buf);
      mq_unlink (name);
      char *nl = memchr (buf, '\n', len);
      if (!nl)
        return 125;
      if (argv[1][0] == 'c')
        fwrite (nl + 1, 1, len - (nl + 1 - buf), stdout);
      return atoi (buf);
    }
  mqd_t q = mq_open (argv[2], O_RDONLY);
  if (q == (mqd_t) -1)
    die ("mq_open");
  long n = atol (argv[3]);
  char **cmd = argc > 4 ? argv + 4 : NULL;
  for (long i = 0; i < n; i++)
    {
      ssize_t len = mq_receive (q, buf, SIZE, NULL);
      if (len < 0)
        die ("mq_receive");
      char *nl = memchr (buf, '\n', len);
      if (!nl)
        continue;
      *nl = '\0';
      char reply[SIZE];
      size_t outlen;
      int status = 0;
      if (cmd)
        status = run (cmd, nl + 1, len - (nl + 1 - buf), reply + 4, &outlen);
      else
        {
          outlen = len - (nl + 1 - buf);
          memcpy (reply + 4, nl + 1, outlen);
        }
      char head[5];
      int h = snprintf (head, sizeof head, "%d\n", status);
      memcpy (reply + 4 - h, head, h);
      mqd_t r = mq_open (buf, O_WRONLY);
      if (r == (mqd_t) -1)
        continue;
      mq_send (r, reply + 4 - h, h + outlen, 0);
      mq_close (r);
    }
  return 0;
}

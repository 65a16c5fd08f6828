/* mq-peer -- the test suite's own POSIX message queue program, written
   straight against mq_open(3), so that tests/ipc-mq.bats can check that
   ipc-mq exchanges messages with a program that does not share its code.

   mq-peer send NAME PRIO MESSAGE...   send each MESSAGE with priority PRIO
   mq-peer recv NAME COUNT             receive COUNT messages, print each as
                                       "PRIO LENGTH BYTES\n"
   mq-peer attr NAME                   print "MAXMSG MSGSIZE CURMSGS MODE"
   mq-peer hold NAME SECONDS           keep NAME open for SECONDS

   Exit status: 0, or 1 with a message on any failure.  */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

/* Report what failed, with errno's reason, and exit 1.  */
static _Noreturn void
die (char const *what, char const *name)
{
  fprintf (stderr, "mq-peer: %s %s: %s\n", what, name, strerror (errno));
  exit (1);
}

/* A decimal argument of at most MAX.  */
static long
number (char const *text, long max)
{
  char *end;
  errno = 0;
  long v = strtol (text, &end, 10);
  if (errno || end == text || *end || v < 0 || v > max)
    {
      fprintf (stderr, "mq-peer: bad number '%s'\n", text);
      exit (1);
    }
  return v;
}

int
main (int argc, char **argv)
{
  if (argc < 3)
    {
      fputs ("usage: mq-peer send|recv|attr|hold NAME [ARG]...\n", stderr);
      return 1;
    }
  char const *verb = argv[1], *name = argv[2];

  if (strcmp (verb, "send") == 0 && argc >= 4)
    {
      unsigned int prio = number (argv[3], 32767);
      mqd_t q = mq_open (name, O_WRONLY);
      if (q == (mqd_t) -1)
        die ("cannot open", name);
      for (int i = 4; i < argc; i++)
        if (mq_send (q, argv[i], strlen (argv[i]), prio) != 0)
          die ("cannot send to", name);
      return mq_close (q) != 0;
    }

  if (strcmp (verb, "recv") == 0 && argc == 4)
    {
      long count = number (argv[3], 1000000);
      mqd_t q = mq_open (name, O_RDONLY);
      struct mq_attr attr;
      if (q == (mqd_t) -1 || mq_getattr (q, &attr) != 0)
        die ("cannot open", name);
      char *buf = malloc (attr.mq_msgsize);
      if (!buf)
        die ("no memory for", name);
      for (long i = 0; i < count; i++)
        {
          unsigned int prio;
          ssize_t n = mq_receive (q, buf, attr.mq_msgsize, &prio);
          if (n < 0)
            die ("cannot receive from", name);
          printf ("%u %zd ", prio, n);
          fwrite (buf, 1, n, stdout);
          putchar ('\n');
        }
      free (buf);
      return fclose (stdout) != 0 || mq_close (q) != 0;
    }

  if (strcmp (verb, "attr") == 0 && argc == 3)
    {
      mqd_t q = mq_open (name, O_RDONLY);
      struct mq_attr attr;
      struct stat st;
      if (q == (mqd_t) -1 || mq_getattr (q, &attr) != 0
          || fstat (q, &st) != 0)
        die ("cannot open", name);
      printf ("%ld %ld %ld %04o\n", attr.mq_maxmsg, attr.mq_msgsize,
              attr.mq_curmsgs, (unsigned int) (st.st_mode & 07777));
      return fclose (stdout) != 0 || mq_close (q) != 0;
    }

  if (strcmp (verb, "hold") == 0 && argc == 4)
    {
      long seconds = number (argv[3], 3600);
      mqd_t q = mq_open (name, O_RDONLY);
      if (q == (mqd_t) -1)
        die ("cannot open", name);
      sleep (seconds);
      return mq_close (q) != 0;
    }

  fprintf (stderr, "mq-peer: bad usage of '%s'\n", verb);
  return 1;
}

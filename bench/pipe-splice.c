/* The raw splice(2) programs that bench/pipe.sh measures ipc-pipe copy
   against, and its fast source and sink:
     pipe-splice relay [SIZE]   stdin to stdout with splice, as a relay
                                between two pipes; SIZE sets both pipes'
                                capacity first (F_SETPIPE_SZ)
     pipe-splice source BYTES   write BYTES of zeros to the pipe on stdout
                                with vmsplice, no copy
     pipe-splice sink           splice stdin to /dev/null until its end,
                                and print how many bytes that was
   Deliberately minimal: no option parsing beyond that.  */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

enum { CHUNK = 1 << 20 };

static void
die (char const *what)
{
  fprintf (stderr, "pipe-splice: %s: %s\n", what, strerror (errno));
  exit (1);
}

/* splice IN to OUT until the end of IN; return the bytes moved.  */
static unsigned long long
splice_all (int in, int out)
{
  unsigned long long total = 0;
  for (;;)
    {
      ssize_t n = splice (in, NULL, out, NULL, 64 * CHUNK,
                          SPLICE_F_MOVE | SPLICE_F_MORE);
      if (n == 0)
        return total;
      if (n > 0)
        total += n;
      else if (errno != EINTR)
        die ("splice");
    }
}

int
main (int argc, char **argv)
{
  if (argc >= 2 && strcmp (argv[1], "relay") == 0)
    {
      if (argc == 3)
        {
          int size = atoi (argv[2]);
          if (fcntl (0, F_SETPIPE_SZ, size) < 0
              || fcntl (1, F_SETPIPE_SZ, size) < 0)
            die ("F_SETPIPE_SZ");
        }
      splice_all (0, 1);
      return 0;
    }
  if (argc == 3 && strcmp (argv[1], "source") == 0)
    {
      unsigned long long left = strtoull (argv[2], NULL, 10);
      static char zeros[CHUNK];
      while (left > 0)
        {
          struct iovec iov = { zeros, left < CHUNK ? left : CHUNK };
          ssize_t n = vmsplice (1, &iov, 1, 0);
          if (n < 0)
            {
              if (errno == EINTR)
                continue;
              die ("vmsplice");
            }
          left -= n;
        }
      return 0;
    }
  if (argc == 2 && strcmp (argv[1], "sink") == 0)
    {
      int null = open ("/dev/null", O_WRONLY);
      if (null < 0)
        die ("/dev/null");
      printf ("%llu\n", splice_all (0, null));
      return 0;
    }
  fprintf (stderr, "usage: pipe-splice relay [SIZE] | source BYTES | sink\n");
  return 2;
}

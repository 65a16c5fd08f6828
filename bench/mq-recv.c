/* The raw receiver that bench/mq.sh measures 'ipc-mq recv -c N' against:
   N mq_receive calls, each message written to stdout with a newline
   through stdio's buffer, as a C program would at the least.

   usage: mq-recv NAME N  */
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>

int
main (int argc, char **argv)
{
  if (argc != 3)
    {
      fputs ("usage: mq-recv NAME N\n", stderr);
      return 2;
    }
  long n = strtol (argv[2], NULL, 10);
  mqd_t q = mq_open (argv[1], O_RDONLY);
  struct mq_attr attr;
  if (q == (mqd_t) -1 || mq_getattr (q, &attr) != 0)
    {
      perror ("mq-recv: mq_open");
      return 1;
    }
  char *buf = malloc (attr.mq_msgsize);
  if (!buf)
    return 1;
  for (long i = 0; i < n; i++)
    {
      ssize_t len = mq_receive (q, buf, attr.mq_msgsize, NULL);
      if (len < 0)
        {
          perror ("mq-recv: mq_receive");
          return 1;
        }
      fwrite (buf, 1, len, stdout);
      putchar ('\n');
    }
  return fclose (stdout) != 0;
}

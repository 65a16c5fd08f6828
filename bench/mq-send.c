/* The raw sender that bench/mq.sh measures 'ipc-mq send --lines' against:
   what a C program does at the least to send the lines of 'seq N' as
   messages, 1 to N formatted in place and one mq_send each.

   usage: mq-send NAME N  */
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>

int
main (int argc, char **argv)
{
  if (argc != 3)
    {
      fputs ("usage: mq-send NAME N\n", stderr);
      return 2;
    }
  long n = strtol (argv[2], NULL, 10);
  mqd_t q = mq_open (argv[1], O_WRONLY);
  if (q == (mqd_t) -1)
    {
      perror ("mq-send: mq_open");
      return 1;
    }
  char buf[32];
  for (long i = 1; i <= n; i++)
    {
      int len = snprintf (buf, sizeof buf, "%ld", i);
      if (mq_send (q, buf, len, 0) != 0)
        {
          perror ("mq-send: mq_send");
          return 1;
        }
    }
  return 0;
}

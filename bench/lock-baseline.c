/* The raw C baseline of bench/lock.sh: the least that 'ipc-lock run FILE
   -- COMMAND' must do.  Open FILE (creating it), take an exclusive flock,
   and exec COMMAND with the locked descriptor still open, so that the lock
   lasts exactly as long as COMMAND (chain-loading, as s6-setlock does).
   No options, no timeout, no messages beyond the failing call: the floor
   that ipc-lock's start-up cost is measured against.  */
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <unistd.h>

int
main (int argc, char **argv)
{
  if (argc < 3)
    {
      fputs ("usage: lock-baseline FILE COMMAND [ARG]...\n", stderr);
      return 125;
    }
  int fd = open (argv[1], O_RDWR | O_CREAT | O_NOCTTY, 0600);
  if (fd < 0)
    {
      perror (argv[1]);
      return 125;
    }
  if (flock (fd, LOCK_EX) != 0)
    {
      perror ("flock");
      return 125;
    }
  execvp (argv[2], argv + 2);
  perror (argv[2]);
  return 127;
}

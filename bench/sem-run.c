/* The raw C baseline of bench/sem.sh for 'ipc-sem run /NAME -- CMD...':
   take a slot of the POSIX semaphore /NAME, run CMD as a child, wait for
   it and give the slot back.  No options, no messages beyond the failing
   call, no signal handling: the least that a command which stays as its
   child's parent, as 'ipc-sem run' on a POSIX semaphore must, can do.
     sem-run /NAME CMD [ARG]...  */
#include <fcntl.h>
#include <semaphore.h>
#include <spawn.h>
#include <stdio.h>
#include <sys/wait.h>

extern char **environ;

int
main (int argc, char **argv)
{
  if (argc < 3)
    {
      fputs ("usage: sem-run /NAME CMD [ARG]...\n", stderr);
      return 2;
    }
  sem_t *sem = sem_open (argv[1], 0);
  if (sem == SEM_FAILED || sem_wait (sem) != 0)
    {
      perror (argv[1]);
      return 1;
    }
  pid_t pid;
  int status, err = posix_spawnp (&pid, argv[2], NULL, NULL, argv + 2,
                                  environ);
  if (err == 0 && waitpid (pid, &status, 0) < 0)
    err = 1;
  sem_post (sem);
  if (err != 0)
    {
      perror (argv[2]);
      return 1;
    }
  return WIFEXITED (status) ? WEXITSTATUS (status) : 1;
}

/* sem-peer -- the test suite's own POSIX semaphore program, written
   straight against sem_open(3), so that tests/ipc-sem.bats can check that
   ipc-sem shares semaphores with a program that does not share its code.

   sem-peer get NAME             print the value
   sem-peer post NAME COUNT      post COUNT times
   sem-peer wait NAME COUNT      wait COUNT times (blocking)
   sem-peer trywait NAME         take one without waiting; exit 2 if zero
   sem-peer create NAME VALUE    create NAME (O_EXCL) with VALUE, mode 0600
   sem-peer hold NAME SECONDS    keep NAME open (mapped) for SECONDS

   Exit status: 0, 2 for trywait on zero, or 1 with a message on any
   other failure.  */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

/* Report what failed, with errno's reason, and exit 1.  */
static _Noreturn void
die (char const *what, char const *name)
{
  fprintf (stderr, "sem-peer: %s %s: %s\n", what, name, strerror (errno));
  exit (1);
}

/* A decimal argument.  */
static long
number (char const *text)
{
  char *end;
  errno = 0;
  long v = strtol (text, &end, 10);
  if (errno || end == text || *end || v < 0)
    {
      fprintf (stderr, "sem-peer: bad number '%s'\n", text);
      exit (1);
    }
  return v;
}

int
main (int argc, char **argv)
{
  if (argc < 3)
    {
      fputs ("usage: sem-peer get|post|wait|trywait|create|hold NAME [ARG]\n",
             stderr);
      return 1;
    }
  char const *verb = argv[1], *name = argv[2];

  if (strcmp (verb, "create") == 0 && argc == 4)
    {
      sem_t *s = sem_open (name, O_CREAT | O_EXCL, 0600,
                           (unsigned int) number (argv[3]));
      if (s == SEM_FAILED)
        die ("cannot create", name);
      return sem_close (s) != 0;
    }

  sem_t *s = sem_open (name, 0);
  if (s == SEM_FAILED)
    die ("cannot open", name);

  if (strcmp (verb, "get") == 0 && argc == 3)
    {
      int v;
      if (sem_getvalue (s, &v) != 0)
        die ("cannot read", name);
      printf ("%d\n", v);
    }
  else if (strcmp (verb, "post") == 0 && argc == 4)
    {
      for (long n = number (argv[3]); n > 0; n--)
        if (sem_post (s) != 0)
          die ("cannot post", name);
    }
  else if (strcmp (verb, "wait") == 0 && argc == 4)
    {
      for (long n = number (argv[3]); n > 0; n--)
        while (sem_wait (s) != 0)
          if (errno != EINTR)
            die ("cannot wait", name);
    }
  else if (strcmp (verb, "trywait") == 0 && argc == 3)
    {
      if (sem_trywait (s) != 0)
        {
          if (errno == EAGAIN)
            return 2;
          die ("cannot take", name);
        }
    }
  else if (strcmp (verb, "hold") == 0 && argc == 4)
    sleep ((unsigned int) number (argv[3]));
  else
    {
      fprintf (stderr, "sem-peer: bad arguments for '%s'\n", verb);
      return 1;
    }
  return sem_close (s) != 0 || fflush (stdout) != 0;
}

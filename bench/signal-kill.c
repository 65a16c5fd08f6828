/* The raw C baseline of bench/signal.sh: what any program that signals
   or waits for a signal costs on this machine, with nothing of ours.
     signal-kill SIG PID        kill(PID, SIG)
     signal-kill -w PIDFILE     block SIGUSR1, write our PID to PIDFILE
                                (a temporary file renamed), take SIGUSR1
                                with sigwaitinfo, remove PIDFILE
     signal-kill -p PIDFILE     send SIGUSR1 to the PID in PIDFILE  */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int
wait_for_usr1 (char const *pidfile)
{
  sigset_t set;
  sigemptyset (&set);
  sigaddset (&set, SIGUSR1);
  if (sigprocmask (SIG_BLOCK, &set, NULL) != 0)
    return 1;
  char tmp[4096];
  snprintf (tmp, sizeof tmp, "%s.tmp", pidfile);
  FILE *f = fopen (tmp, "w");
  if (!f || fprintf (f, "%ld\n", (long) getpid ()) < 0 || fclose (f) != 0
      || rename (tmp, pidfile) != 0)
    return 1;
  siginfo_t info;
  int sig = sigwaitinfo (&set, &info);
  unlink (pidfile);
  return sig == SIGUSR1 ? 0 : 1;
}

static int
send_usr1 (char const *pidfile)
{
  FILE *f = fopen (pidfile, "r");
  long pid;
  if (!f || fscanf (f, "%ld", &pid) != 1 || pid <= 0)
    return 1;
  fclose (f);
  return kill (pid, SIGUSR1) == 0 ? 0 : 1;
}

int
main (int argc, char **argv)
{
  if (argc != 3)
    {
      fprintf (stderr, "usage: %s SIG PID | -w PIDFILE | -p PIDFILE\n",
               argv[0]);
      return 2;
    }
  if (strcmp (argv[1], "-w") == 0)
    return wait_for_usr1 (argv[2]);
  if (strcmp (argv[1], "-p") == 0)
    return send_usr1 (argv[2]);
  return kill (atol (argv[2]), atoi (argv[1])) == 0 ? 0 : 1;
}

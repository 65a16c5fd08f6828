/* The raw C pair that bench/sock.sh measures 'ipc-sock listen' and
   'ipc-sock connect' against: the least a relay between a pipe and a
   stream socket can do, splice(2) in one direction, no half-close
   handling, no options.
     sock-pair listen unix PATH        accept one connection on PATH and
     sock-pair listen tcp PORTFILE     splice it to stdout (a pipe); tcp
                                       binds 127.0.0.1:0 and writes the
                                       port to PORTFILE once listening
     sock-pair connect unix PATH       splice stdin (a pipe) to a
     sock-pair connect tcp PORT        connection to PATH or the port
   A last operand SIZE first sets the capacity of the pipe (stdout for
   listen, stdin for connect) to SIZE bytes (F_SETPIPE_SZ), as
   ipc-sock's relay does with 1 MiB.  */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static void
die (char const *what)
{
  fprintf (stderr, "sock-pair: %s: %s\n", what, strerror (errno));
  exit (1);
}

static void
splice_all (int in, int out)
{
  for (;;)
    {
      ssize_t n = splice (in, NULL, out, NULL, 1 << 20,
                          SPLICE_F_MOVE | SPLICE_F_MORE);
      if (n == 0)
        return;
      if (n < 0 && errno != EINTR)
        die ("splice");
    }
}

int
main (int argc, char **argv)
{
  if (argc != 4 && argc != 5)
    {
      fprintf (stderr,
               "usage: sock-pair listen|connect unix|tcp ARG [SIZE]\n");
      return 2;
    }
  int listening = strcmp (argv[1], "listen") == 0;
  if (argc == 5
      && fcntl (listening ? STDOUT_FILENO : STDIN_FILENO, F_SETPIPE_SZ,
                atoi (argv[4])) < 0)
    die ("F_SETPIPE_SZ");
  int unix_socket = strcmp (argv[2], "unix") == 0;
  struct sockaddr_un un = { .sun_family = AF_UNIX };
  struct sockaddr_in in = { .sin_family = AF_INET,
                            .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  struct sockaddr *sa = unix_socket ? (struct sockaddr *) &un
                                    : (struct sockaddr *) &in;
  socklen_t len = unix_socket ? sizeof un : sizeof in;
  if (unix_socket)
    snprintf (un.sun_path, sizeof un.sun_path, "%s", argv[3]);
  else if (!listening)
    in.sin_port = htons (atoi (argv[3]));
  int fd = socket (unix_socket ? AF_UNIX : AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    die ("socket");
  if (listening)
    {
      if (bind (fd, sa, len) != 0 || listen (fd, 1) != 0)
        die ("bind");
      if (!unix_socket)
        {
          if (getsockname (fd, sa, &len) != 0)
            die ("getsockname");
          FILE *f = fopen (argv[3], "w");
          if (!f || fprintf (f, "%d\n", ntohs (in.sin_port)) < 0
              || fclose (f) != 0)
            die (argv[3]);
        }
      int c = accept (fd, NULL, NULL);
      if (c < 0)
        die ("accept");
      splice_all (c, STDOUT_FILENO);
      if (unix_socket)
        unlink (argv[3]);
    }
  else
    {
      if (connect (fd, sa, len) != 0)
        die ("connect");
      splice_all (STDIN_FILENO, fd);
      shutdown (fd, SHUT_WR);
    }
  return 0;
}

/* libFuzzer target of the pidfile parser of lib/ipc-pidfile.c, which
   reads what anybody who may write a pidfile's directory may have put
   there.  The input is the file's contents, NULs included.  The oracle:
   accepted contents are blanks, one run of decimal digits, blanks, and
   their value (read again with strtoull) is the PID, above 0 and within
   pid_t; refused ones carry a reason and EINVAL or ERANGE.  The parser
   is also run through ipc_pidfile_read on the same bytes in a file.  */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipc-pidfile.h"

#include "fuzz-check.h"

int LLVMFuzzerTestOneInput (uint8_t const *data, size_t size);

static int
is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Write the input to a file of our own and read it as a pidfile: the
   result must be the parser's, or "too large" past IPC_PIDFILE_MAX.  */
static void
check_read (uint8_t const *data, size_t size, int parsed, pid_t pid)
{
  static char path[64];
  if (!*path)
    snprintf (path, sizeof path, "/tmp/fuzz-pidfile.%ld", (long) getpid ());
  FILE *f = fopen (path, "wb");
  CHECK (f && fwrite (data, 1, size, f) == size && fclose (f) == 0);
  pid_t got = 0;
  char const *why = NULL;
  int r = ipc_pidfile_read (path, &got, &why);
  if (size > IPC_PIDFILE_MAX)
    CHECK (r == -1 && errno == EINVAL && why
           && strcmp (why, "too large for a pidfile") == 0);
  else
    CHECK (r == parsed && (r != 0 || got == pid) && (r == 0 || why));
  unlink (path);
}

int
LLVMFuzzerTestOneInput (uint8_t const *data, size_t size)
{
  char const *buf = (char const *) data;
  pid_t pid = 0;
  char const *why = NULL;
  int r = ipc_pidfile_parse (buf, size, &pid, &why);

  /* The oracle's reading: blanks, digits, blanks.  */
  size_t i = 0;
  while (i < size && is_blank (buf[i]))
    i++;
  size_t start = i;
  while (i < size && '0' <= buf[i] && buf[i] <= '9')
    i++;
  size_t digits = i - start;
  while (i < size && is_blank (buf[i]))
    i++;
  int well_formed = digits > 0 && i == size;

  if (r == 0)
    {
      CHECK (well_formed);
      char text[32];
      CHECK (digits < sizeof text || buf[start] == '0');
      /* Leading zeros do not count; the rest fits a PID.  */
      while (digits > 1 && buf[start] == '0')
        start++, digits--;
      CHECK (digits < sizeof text);
      memcpy (text, buf + start, digits);
      text[digits] = '\0';
      CHECK (strtoull (text, NULL, 10) == (unsigned long long) pid);
      CHECK (0 < pid);
    }
  else
    {
      CHECK (why && *why);
      CHECK (errno == (well_formed ? ERANGE : EINVAL));
    }
  check_read (data, size, r, pid);
  return 0;
}

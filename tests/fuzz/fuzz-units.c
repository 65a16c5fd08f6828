/* libFuzzer target of the unit parsers of lib/ipc-units.c.  The first
   byte of an input chooses the parser (modulo 6: duration, size, mode,
   signal, count, signal name); the rest is the text (for the signal name,
   a 4-byte number).  Successful parses are compared with an independent
   reading of the same text (strtod, strtoull, strtoumax) and printed back
   where the parser has a printer; failures must carry a reason.  */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipc-units.h"

#include "fuzz-check.h"

int LLVMFuzzerTestOneInput (uint8_t const *data, size_t size);


/* A failed parse: a reason, and errno saying malformed or out of range.  */
static void
check_failure (char const *why)
{
  CHECK (why && *why);
  CHECK (errno == EINVAL || errno == ERANGE);
}

/* The seconds that TEXT denotes, read with strtod: the oracle of
   ipc_duration_parse for text that the parser accepted.  */
static double
duration_oracle (char const *text)
{
  char *end;
  double v = strtod (text, &end);
  static struct { char const *unit; double seconds; } const units[] =
    {
      { "", 1 }, { "s", 1 }, { "ms", 1e-3 }, { "us", 1e-6 }, { "ns", 1e-9 },
      { "m", 60 }, { "h", 3600 }, { "d", 86400 },
    };
  for (size_t i = 0; i < sizeof units / sizeof *units; i++)
    if (strcmp (end, units[i].unit) == 0)
      return v * units[i].seconds;
  CHECK (!"accepted an unknown unit");
  return 0;
}

static void
fuzz_duration (char const *text)
{
  struct timespec d;
  char const *why = NULL;
  if (ipc_duration_parse (text, &d, &why) != 0)
    {
      check_failure (why);
      return;
    }
  CHECK (0 <= d.tv_sec && 0 <= d.tv_nsec && d.tv_nsec < 1000000000);
  double ref = duration_oracle (text);
  CHECK (0 <= ref);
  if (ipc_duration_is_infinite (d))
    {
      CHECK (9.2e18 <= ref);
      return;
    }
  CHECK (ref < 9.3e18);
  double got = d.tv_sec + d.tv_nsec / 1e9;
  CHECK (fabs (got - ref) <= 2e-9 + ref * 1e-12);

  /* Rounding up: a nonzero digit before the exponent gives a nonzero
     duration, however small.  */
  size_t mantissa = strspn (text, "0123456789.");
  if (strcspn (text, "123456789") < mantissa)
    CHECK (d.tv_sec != 0 || d.tv_nsec != 0);
}

static void
fuzz_size (char const *text)
{
  uint64_t n;
  char const *why = NULL;
  if (ipc_size_parse (text, &n, &why) != 0)
    {
      check_failure (why);
      return;
    }
  char *end;
  errno = 0;
  unsigned long long digits = strtoull (text, &end, 10);
  CHECK (errno == 0 && end != text && '0' <= text[0] && text[0] <= '9');
  static char const prefixes[] = "KMGTPE";
  uint64_t multiplier = 1;
  if (*end && *end != 'B')
    {
      char const *p = strchr (prefixes, *end == 'k' ? 'K' : *end);
      CHECK (p && *p);
      uint64_t base = strcmp (end + 1, "B") == 0 ? 1000 : 1024;
      CHECK (end[1] == '\0' || strcmp (end + 1, "B") == 0
             || strcmp (end + 1, "iB") == 0);
      for (int i = 0; i <= p - prefixes; i++)
        multiplier *= base;
    }
  else
    CHECK (*end == '\0' || strcmp (end, "B") == 0);
  uint64_t product;
  CHECK (!__builtin_mul_overflow (digits, multiplier, &product));
  CHECK (product == n);
}

static void
fuzz_mode (char const *text)
{
  mode_t mode;
  char const *why = NULL;
  if (ipc_mode_parse (text, &mode, &why) != 0)
    {
      check_failure (why);
      return;
    }
  CHECK (mode <= 07777);
  if ('0' <= text[0] && text[0] <= '9')
    CHECK (strtoul (text, NULL, 8) == mode);
  char again[8];
  snprintf (again, sizeof again, "%o", (unsigned int) mode);
  mode_t back;
  CHECK (ipc_mode_parse (again, &back, &why) == 0 && back == mode);
}

/* SIG's name must parse back to SIG.  */
static void
check_signal_name (int sig)
{
  char name[IPC_SIGNAL_NAME_MAX];
  CHECK (ipc_signal_name (sig, name) == name);
  CHECK (memchr (name, '\0', sizeof name));
  if (1 <= sig && sig <= SIGRTMAX)
    {
      int back;
      char const *why;
      CHECK (ipc_signal_parse (name, &back, &why) == 0 && back == sig);
    }
}

static void
fuzz_signal (char const *text)
{
  int sig;
  char const *why = NULL;
  if (ipc_signal_parse (text, &sig, &why) != 0)
    {
      check_failure (why);
      return;
    }
  CHECK (1 <= sig && sig <= SIGRTMAX);
  check_signal_name (sig);
}

static void
fuzz_count (char const *text)
{
  uintmax_t n;
  char const *why = NULL;
  if (ipc_count_parse (text, &n, &why) != 0)
    {
      check_failure (why);
      return;
    }
  CHECK (strspn (text, "0123456789") == strlen (text));
  char again[32];
  snprintf (again, sizeof again, "%ju", n);
  char const *digits = text + strspn (text, "0");
  CHECK (strcmp (again, *digits ? digits : "0") == 0);
}

int
LLVMFuzzerTestOneInput (uint8_t const *data, size_t size)
{
  if (size < 1)
    return 0;
  int which = data[0] % 6;
  if (which == 5)
    {
      int32_t sig = 0;
      memcpy (&sig, data + 1, size - 1 < sizeof sig ? size - 1 : sizeof sig);
      check_signal_name (sig);
      return 0;
    }

  char *text = malloc (size);
  if (!text)
    return 0;
  memcpy (text, data + 1, size - 1);
  text[size - 1] = '\0';
  switch (which)
    {
    case 0: fuzz_duration (text); break;
    case 1: fuzz_size (text); break;
    case 2: fuzz_mode (text); break;
    case 3: fuzz_signal (text); break;
    case 4: fuzz_count (text); break;
    }
  free (text);
  return 0;
}

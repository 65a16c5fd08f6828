/* Parsers of the units of SPEC section 3: durations, sizes, modes,
   signals and counts.

   Every parser is locale-independent (it reads ASCII digits itself),
   accepts no sign, no surrounding blanks and no trailing junk, and checks
   every multiplication and addition for overflow.  On failure it returns
   -1 with errno EINVAL (malformed text) or ERANGE (a well-formed value out
   of range) and a short reason in *WHY.  Reasons are static strings,
   except a few that quote the offending unit: those live in a
   thread-local buffer that the next failing call overwrites.

   Durations are decimal numbers of seconds with an optional fraction and
   exponent ("1.5", "2.5e-3", "1e999") and an optional unit: ns, us, ms,
   s, m, h, d.  They are converted exactly, not through a double, and
   rounded up to the next nanosecond, so that a tiny positive duration
   never becomes 0.  "inf" and "infinity" (any case) and any value too
   large for time_t, including "1e999", are IPC_DURATION_INFINITE: a wait
   that long never ends either way.  "nan" and negative values are
   refused.  */
#include <config.h>

#include "ipc-units.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdckdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "c-ctype.h"
#include "c-strcase.h"
#include "intprops.h"
#include "modechange.h"
#include "sig2str.h"

struct timespec const IPC_DURATION_INFINITE =
  { TYPE_MAXIMUM (time_t), 999999999 };

enum { NS_PER_S = 1000000000 };

/* Fail with ERR and the reason WHY; the common tail of every parser.  */
static int
fail (int err, char const *reason, char const **why)
{
  if (why)
    *why = reason;
  errno = err;
  return -1;
}

/* A reason that quotes UNIT, the unparsed tail of TEXT, when it is short
   and printable, so that "1x" reports "unknown unit 'x'".  The reason
   lives in a thread-local buffer: the parsers' callers print it at once.  */
static char const *
unknown_unit (char const *unit)
{
  static _Thread_local char buf[64];
  size_t len = strlen (unit);
  if (len == 0 || 16 < len)
    return "unknown unit";
  for (size_t i = 0; i < len; i++)
    if (!c_isgraph (unit[i]) || unit[i] == '\'')
      return "unknown unit";
  snprintf (buf, sizeof buf, "unknown unit '%s'", unit);
  return buf;
}

/* Read the decimal digits at *P into *VALUE, advancing *P past them.
   Return the number of digits read (0: none).  Set *OVERFLOW when the
   value does not fit; parsing goes on so that the caller can check the
   syntax of what follows before it reports the range.  */
static size_t
read_digits (char const **p, uintmax_t *value, bool *overflow)
{
  char const *s = *p;
  uintmax_t v = 0;
  bool ovf = false;
  for (; c_isdigit (*s); s++)
    {
      ovf |= ckd_mul (&v, v, 10);
      ovf |= ckd_add (&v, v, *s - '0');
    }
  size_t n = s - *p;
  *p = s;
  *value = v;
  *overflow = ovf;
  return n;
}

bool
ipc_duration_is_infinite (struct timespec d)
{
  return d.tv_sec == TYPE_MAXIMUM (time_t);
}

/* The multiple of a duration unit: SECONDS seconds, with the decimal
   point of the number moved SHIFT places (-3 for milliseconds).  */
struct duration_unit
{
  char const *name;
  int seconds;
  int shift;
};

static struct duration_unit const duration_units[] =
  {
    { "", 1, 0 }, { "s", 1, 0 }, { "ms", 1, -3 }, { "us", 1, -6 },
    { "ns", 1, -9 }, { "m", 60, 0 }, { "h", 3600, 0 }, { "d", 86400, 0 },
  };

/* The digits of a decimal number "INT.FRAC", seen as one sequence.  */
struct digits
{
  char const *intpart;
  size_t intlen;
  char const *frac;
  size_t fraclen;
};

static int
digit_at (struct digits const *d, size_t i)
{
  return (i < d->intlen ? d->intpart[i] : d->frac[i - d->intlen]) - '0';
}

/* Convert the number D times 10**EXPONENT, in units of UNIT_SECONDS
   seconds, to *OUT, rounding up to the next nanosecond.  EXPONENT is
   bounded by the caller, so the positions below cannot overflow.  */
static void
duration_from_digits (struct digits const *d, intmax_t exponent,
                      int unit_seconds, struct timespec *out)
{
  size_t total = d->intlen + d->fraclen;
  size_t first = 0;
  while (first < total && digit_at (d, first) == 0)
    first++;
  if (first == total)
    {
      *out = (struct timespec) { 0, 0 };
      return;
    }
  size_t last = total - 1;
  while (digit_at (d, last) == 0)
    last--;

  /* The significant digits are S = digits FIRST..LAST (no leading or
     trailing zero); the first POINT of them form the integer part.
     POINT may be negative (zeros after the decimal point) or beyond
     the last digit (zeros before it).  */
  intmax_t nsig = last - first + 1;
  intmax_t point = (intmax_t) d->intlen - (intmax_t) first + exponent;

  /* Ten to the 19th seconds and more do not fit in a 64-bit time_t.  */
  if (19 < point)
    {
      *out = IPC_DURATION_INFINITE;
      return;
    }

  uintmax_t whole = 0;
  bool overflow = false;
  for (intmax_t i = 0; i < point; i++)
    {
      int digit = i < nsig ? digit_at (d, first + i) : 0;
      overflow |= ckd_mul (&whole, whole, 10);
      overflow |= ckd_add (&whole, whole, digit);
    }

  /* The fraction 0.F, where F is S after its first POINT digits, preceded
     by -POINT zeros when POINT is negative, times the unit in
     nanoseconds: long multiplication from the last digit, keeping track
     of whether any remainder was dropped, which rounds up.  */
  uintmax_t unit_ns = (uintmax_t) unit_seconds * NS_PER_S;
  uintmax_t carry = 0;
  bool inexact = false;
  for (intmax_t i = nsig - 1; 0 <= i && point <= i; i--)
    {
      uintmax_t t = digit_at (d, first + i) * unit_ns + carry;
      carry = t / 10;
      inexact |= t % 10 != 0;
    }
  for (intmax_t zeros = point < 0 ? -point : 0; 0 < zeros && carry; zeros--)
    {
      inexact |= carry % 10 != 0;
      carry /= 10;
    }
  uintmax_t frac_ns = carry + inexact;

  time_t sec;
  overflow |= ckd_mul (&sec, whole, unit_seconds);
  overflow |= ckd_add (&sec, sec, frac_ns / NS_PER_S);
  if (overflow || sec == TYPE_MAXIMUM (time_t))
    *out = IPC_DURATION_INFINITE;
  else
    *out = (struct timespec) { .tv_sec = sec, .tv_nsec = frac_ns % NS_PER_S };
}

int
ipc_duration_parse (char const *text, struct timespec *out, char const **why)
{
  if (!*text)
    return fail (EINVAL, "empty", why);
  if (*text == '-')
    return fail (ERANGE, "negative duration", why);
  if (c_strcasecmp (text, "inf") == 0 || c_strcasecmp (text, "infinity") == 0)
    {
      *out = IPC_DURATION_INFINITE;
      return 0;
    }
  if (c_strncasecmp (text, "nan", 3) == 0)
    return fail (EINVAL, "not a number", why);

  struct digits d;
  char const *p = text;
  d.intpart = p;
  while (c_isdigit (*p))
    p++;
  d.intlen = p - d.intpart;
  d.frac = p;
  d.fraclen = 0;
  if (*p == '.')
    {
      d.frac = ++p;
      while (c_isdigit (*p))
        p++;
      d.fraclen = p - d.frac;
    }
  if (d.intlen + d.fraclen == 0)
    return fail (EINVAL, "not a number", why);

  /* An exponent, bounded: beyond a million the value is 0 or infinite
     whatever the digits, and the bound keeps positions in range.  */
  intmax_t exponent = 0;
  if ((*p == 'e' || *p == 'E')
      && (c_isdigit (p[1])
          || ((p[1] == '+' || p[1] == '-') && c_isdigit (p[2]))))
    {
      bool negative = p[1] == '-';
      p += 1 + (p[1] == '+' || p[1] == '-');
      for (; c_isdigit (*p); p++)
        if (exponent < 1000000)
          exponent = exponent * 10 + (*p - '0');
      if (negative)
        exponent = -exponent;
    }

  for (size_t i = 0; i < sizeof duration_units / sizeof *duration_units; i++)
    if (strcmp (p, duration_units[i].name) == 0)
      {
        duration_from_digits (&d, exponent + duration_units[i].shift,
                              duration_units[i].seconds, out);
        return 0;
      }
  return fail (EINVAL, unknown_unit (p), why);
}

int
ipc_size_parse (char const *text, uint64_t *out, char const **why)
{
  if (!*text)
    return fail (EINVAL, "empty", why);
  if (*text == '-')
    return fail (ERANGE, "negative size", why);
  char const *p = text;
  uintmax_t n;
  bool overflow;
  if (read_digits (&p, &n, &overflow) == 0)
    return fail (EINVAL, "not a number", why);

  /* The unit: none or "B" (bytes); K, M, G, T, P, E alone or followed by
     "iB" (powers of 1024), or followed by "B" (powers of 1000).  'k' is
     taken for 'K' as in coreutils.  */
  static char const prefixes[] = "KMGTPE";
  uint64_t multiplier = 1;
  char const *unit = p;
  if (*p == 'B')
    p++;
  else if (*p)
    {
      char const *prefix = strchr (prefixes, *p == 'k' ? 'K' : *p);
      if (!prefix)
        return fail (EINVAL, unknown_unit (unit), why);
      int power = prefix - prefixes + 1;
      p++;
      unsigned int base = 1024;
      if (strcmp (p, "iB") == 0)
        p += 2;
      else if (strcmp (p, "B") == 0)
        {
          p++;
          base = 1000;
        }
      for (int i = 0; i < power; i++)
        multiplier *= base;
    }
  if (*p)
    return fail (EINVAL, unknown_unit (unit), why);

  uint64_t size;
  if (overflow || ckd_mul (&size, n, multiplier))
    return fail (ERANGE, "out of range", why);
  *out = size;
  return 0;
}

int
ipc_mode_parse (char const *text, mode_t *out, char const **why)
{
  enum { PERMISSION_BITS = 07777 };
  if (!*text)
    return fail (EINVAL, "empty", why);

  /* Octal is read here rather than by mode_compile, to tell a bad digit
     from a value out of range.  */
  if (c_isdigit (*text))
    {
      uintmax_t mode = 0;
      bool too_big = false;
      for (char const *p = text; *p; p++)
        {
          if (!('0' <= *p && *p <= '7'))
            return fail (EINVAL, "not an octal mode", why);
          mode = mode * 8 + (*p - '0');
          if (PERMISSION_BITS < mode)
            {
              too_big = true;
              mode = PERMISSION_BITS;
            }
        }
      if (too_big)
        return fail (ERANGE, "out of range (at most 07777)", why);
      *out = mode;
      return 0;
    }

  /* Symbolic modes apply to a file that has no permission at all, with
     no umask: "u=rw,g=r" is 0640, "+x" is 0111.  */
  struct mode_change *change = mode_compile (text);
  if (!change)
    return fail (EINVAL, "invalid mode", why);
  mode_t mode = mode_adjust (0, false, 0, change, NULL);
  free (change);
  if (mode & ~(mode_t) PERMISSION_BITS)
    return fail (ERANGE, "out of range (at most 07777)", why);
  *out = mode;
  return 0;
}

/* The real-time signal named NAME ("RTMIN", "RTMIN+3", "RTMAX-1"; upper
   case, without "SIG"), or -1 with errno and *WHY.  */
static int
realtime_signal (char const *name, int *out, char const **why)
{
  int base = strncmp (name, "RTMIN", 5) == 0 ? SIGRTMIN : SIGRTMAX;
  char const *p = name + 5;
  if (!*p)
    {
      *out = base;
      return 0;
    }
  if (*p != '+' && *p != '-')
    return fail (EINVAL, "unknown signal name", why);
  bool minus = *p++ == '-';
  uintmax_t offset;
  bool overflow;
  if (read_digits (&p, &offset, &overflow) == 0 || *p)
    return fail (EINVAL, "unknown signal name", why);
  if (overflow || (uintmax_t) (SIGRTMAX - SIGRTMIN) < offset)
    return fail (ERANGE, "real-time signal out of range", why);
  int sig = minus ? base - (int) offset : base + (int) offset;
  if (sig < SIGRTMIN || SIGRTMAX < sig)
    return fail (ERANGE, "real-time signal out of range", why);
  *out = sig;
  return 0;
}

int
ipc_signal_parse (char const *text, int *out, char const **why)
{
  if (!*text)
    return fail (EINVAL, "empty", why);
  if (c_isdigit (*text))
    {
      char const *p = text;
      uintmax_t n;
      bool overflow;
      read_digits (&p, &n, &overflow);
      if (*p)
        return fail (EINVAL, "not a signal number", why);
      if (overflow || n < 1 || (uintmax_t) SIGRTMAX < n)
        return fail (ERANGE, "signal number out of range", why);
      *out = n;
      return 0;
    }

  /* Names are matched in upper case, with or without "SIG".  */
  char name[IPC_SIGNAL_NAME_MAX];
  size_t len = strlen (text);
  if (sizeof name <= len)
    return fail (EINVAL, "unknown signal name", why);
  for (size_t i = 0; i <= len; i++)
    name[i] = c_toupper (text[i]);
  char const *bare = name;
  if (strncmp (bare, "SIG", 3) == 0 && bare[3])
    bare += 3;
  if (!c_isalpha (*bare))
    return fail (EINVAL, "unknown signal name", why);
  if (strncmp (bare, "RTMIN", 5) == 0 || strncmp (bare, "RTMAX", 5) == 0)
    return realtime_signal (bare, out, why);
  int sig;
  if (str2sig (bare, &sig) != 0 || sig < 1 || SIGRTMAX < sig)
    return fail (EINVAL, "unknown signal name", why);
  *out = sig;
  return 0;
}

static_assert (SIG2STR_MAX <= IPC_SIGNAL_NAME_MAX,
               "sig2str fits in the buffers of ipc_signal_name");

/* sig2str calls signal 29 "POLL"; Linux's kill -l and ps call it "IO".  */
char *
ipc_signal_name (int sig, char *buf)
{
  if (sig == SIGIO)
    strcpy (buf, "IO");
  else if (sig < 1 || sig2str (sig, buf) != 0)
    snprintf (buf, IPC_SIGNAL_NAME_MAX, "%d", sig);
  return buf;
}

int
ipc_count_parse (char const *text, uintmax_t *out, char const **why)
{
  if (!*text)
    return fail (EINVAL, "empty", why);
  if (*text == '-')
    return fail (ERANGE, "negative count", why);
  char const *p = text;
  uintmax_t n;
  bool overflow;
  if (read_digits (&p, &n, &overflow) == 0 || *p)
    return fail (EINVAL, "not a decimal number", why);
  if (overflow)
    return fail (ERANGE, "out of range", why);
  *out = n;
  return 0;
}

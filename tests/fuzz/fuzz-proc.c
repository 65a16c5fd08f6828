/* libFuzzer target of the /proc parsers of lib/ipc-proc.c: /proc/locks
   (and the "lock:" lines of fdinfo), /proc/PID/fdinfo/FD,
   /proc/PID/status and the lines of /proc/PID/maps, which ipc-lock ls,
   ipc-signal ls and the PIDS columns of every ls read.  The first byte of
   an input chooses the parser (modulo 4: locks, fdinfo, status, maps);
   the rest is the file's text, NULs included, read from a memory stream.
   The oracle: every field of what is parsed is within its type's rules,
   and printed back in the kernel's format it parses to the same thing;
   lines of more than 511 bytes or with a NUL are never used.  */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipc-proc.h"

#include "fuzz-check.h"

int LLVMFuzzerTestOneInput (uint8_t const *data, size_t size);

static FILE *
open_text (char const *text, size_t len)
{
  /* fmemopen wants a buffer of at least a byte.  */
  FILE *f = fmemopen ((void *) (len ? text : "\n"), len ? len : 1, "r");
  CHECK (f);
  return f;
}

/* Whether WORD, of an array of SIZE bytes, is a keyword of /proc/locks:
   NUL-terminated within it, not empty, upper case letters and '*'.  */
static bool
keyword_ok (char const *word, size_t size)
{
  size_t len = strnlen (word, size);
  if (len == 0 || len == size)
    return false;
  for (size_t i = 0; i < len; i++)
    if (!(('A' <= word[i] && word[i] <= 'Z') || word[i] == '*'))
      return false;
  return true;
}

/* The number of lines of TEXT that the parsers may use.  */
static size_t
usable_lines (char const *text, size_t len)
{
  size_t n = 0;
  for (size_t i = 0; i < len;)
    {
      char const *nl = memchr (text + i, '\n', len - i);
      size_t end = nl ? (size_t) (nl - text) : len;
      if (end - i < 512 && !memchr (text + i, '\0', end - i))
        n++;
      i = end + 1;
    }
  return n;
}

static bool
same_lock (struct ipc_proc_lock const *a, struct ipc_proc_lock const *b)
{
  return (a->id == b->id && a->waiting == b->waiting
          && strcmp (a->type, b->type) == 0 && strcmp (a->mode, b->mode) == 0
          && strcmp (a->access, b->access) == 0 && a->pid == b->pid
          && a->dev_major == b->dev_major && a->dev_minor == b->dev_minor
          && a->inode == b->inode && a->start == b->start
          && a->end == b->end);
}

static void
print_lock (FILE *f, struct ipc_proc_lock const *l)
{
  fprintf (f, "%d: %s%s %s %s %d ", l->id, l->waiting ? "-> " : "",
           l->type, l->mode, l->access, (int) l->pid);
  if (l->dev_major == 0 && l->dev_minor == 0 && l->inode == 0)
    fprintf (f, "<none>:0");
  else
    fprintf (f, "%02x:%02x:%" PRIu64, l->dev_major, l->dev_minor, l->inode);
  fprintf (f, " %" PRIu64 " ", l->start);
  if (l->end == UINT64_MAX)
    fprintf (f, "EOF\n");
  else
    fprintf (f, "%" PRIu64 "\n", l->end);
}

static void
check_locks (char const *text, size_t len)
{
  FILE *f = open_text (text, len);
  struct ipc_proc_lock *locks = NULL;
  size_t n = 0;
  CHECK (ipc_proc_locks_parse (f, &locks, &n) == 0);
  fclose (f);
  CHECK (n <= usable_lines (text, len));

  for (size_t i = 0; i < n; i++)
    {
      struct ipc_proc_lock const *l = &locks[i];
      CHECK (l->id >= 0 && l->pid >= -1);
      CHECK (keyword_ok (l->type, sizeof l->type));
      CHECK (keyword_ok (l->mode, sizeof l->mode));
      CHECK (keyword_ok (l->access, sizeof l->access));
      CHECK (l->start <= INT64_MAX);
      CHECK (l->end <= INT64_MAX || l->end == UINT64_MAX);

      /* Printed back, as /proc/locks or as fdinfo says it.  */
      char *buf = NULL;
      size_t buflen = 0;
      FILE *out = open_memstream (&buf, &buflen);
      CHECK (out);
      print_lock (out, l);
      fputs ("lock:\t", out);
      print_lock (out, l);
      CHECK (fclose (out) == 0);
      FILE *in = open_text (buf, buflen);
      struct ipc_proc_lock *again = NULL;
      size_t m = 0;
      CHECK (ipc_proc_locks_parse (in, &again, &m) == 0);
      fclose (in);
      CHECK (m == 2);
      CHECK (same_lock (&again[0], l) && same_lock (&again[1], l));
      free (again);
      free (buf);
    }
  free (locks);
}

/* Whether a line of TEXT starts with KEY.  */
static bool
has_line (char const *text, size_t len, char const *key)
{
  size_t klen = strlen (key);
  for (size_t i = 0; i < len;)
    {
      if (len - i >= klen && memcmp (text + i, key, klen) == 0)
        return true;
      char const *nl = memchr (text + i, '\n', len - i);
      if (!nl)
        break;
      i = nl - text + 1;
    }
  return false;
}

static void
check_fdinfo (char const *text, size_t len)
{
  FILE *f = open_text (text, len);
  struct ipc_fdinfo info;
  errno = 0;
  int r = ipc_proc_fdinfo_parse (f, &info);
  fclose (f);
  if (r != 0)
    {
      CHECK (errno == ENODATA);
      return;
    }
  CHECK (has_line (text, len, "pos:") && has_line (text, len, "flags:"));
  CHECK (info.mnt_id >= 0 && info.nlocks >= 0);
  CHECK ((size_t) info.nlocks <= usable_lines (text, len));

  char *buf = NULL;
  size_t buflen = 0;
  FILE *out = open_memstream (&buf, &buflen);
  CHECK (out);
  fprintf (out, "pos:\t%" PRIu64 "\nflags:\t0%o\nmnt_id:\t%d\nino:\t%" PRIu64
           "\n", info.pos, info.flags, info.mnt_id, info.inode);
  for (int i = 0; i < info.nlocks; i++)
    fprintf (out, "lock:\t1: FLOCK ADVISORY WRITE 1 00:00:1 0 EOF\n");
  CHECK (fclose (out) == 0);
  FILE *in = open_text (buf, buflen);
  struct ipc_fdinfo again;
  CHECK (ipc_proc_fdinfo_parse (in, &again) == 0);
  fclose (in);
  CHECK (again.pos == info.pos && again.flags == info.flags
         && again.mnt_id == info.mnt_id && again.inode == info.inode
         && again.nlocks == info.nlocks);
  free (buf);
}

static void
check_status (char const *text, size_t len)
{
  FILE *f = open_text (text, len);
  struct ipc_proc_status st;
  errno = 0;
  int r = ipc_proc_status_parse (f, &st);
  fclose (f);
  if (r != 0)
    {
      CHECK (errno == ENODATA);
      return;
    }
  CHECK (has_line (text, len, "Name:") && has_line (text, len, "Uid:"));
  CHECK (strnlen (st.name, sizeof st.name) < sizeof st.name);

  /* Printed back with the kernel's escapes; the name is read at its
     start, so that a name that ends in blanks is not cut.  */
  char *buf = NULL;
  size_t buflen = 0;
  FILE *out = open_memstream (&buf, &buflen);
  CHECK (out);
  fputs ("Name:\t", out);
  for (char const *p = st.name; *p; p++)
    if (*p == '\\')
      fputs ("\\\\", out);
    else if (*p == '\n')
      fputs ("\\n", out);
    else
      putc (*p, out);
  fprintf (out, "\nUid:\t%u\t0\t0\t0\nSigPnd:\t%016" PRIx64
           "\nShdPnd:\t%016" PRIx64 "\nSigBlk:\t%016" PRIx64
           "\nSigIgn:\t%016" PRIx64 "\nSigCgt:\t%016" PRIx64 "\n",
           (unsigned) st.uid, st.sigpnd, st.shdpnd, st.sigblk, st.sigign,
           st.sigcgt);
  CHECK (fclose (out) == 0);
  FILE *in = open_text (buf, buflen);
  struct ipc_proc_status again;
  int r2 = ipc_proc_status_parse (in, &again);
  fclose (in);
  /* A decoded name that starts with blanks loses them when read again
     (the blanks after "Name:" are the field's separator); one that
     holds other control bytes is kept as it is.  */
  if (st.name[0] != ' ' && st.name[0] != '\t' && buflen < 512 + 100)
    {
      CHECK (r2 == 0);
      CHECK (strcmp (again.name, st.name) == 0);
      CHECK (again.uid == st.uid && again.sigpnd == st.sigpnd
             && again.shdpnd == st.shdpnd && again.sigblk == st.sigblk
             && again.sigign == st.sigign && again.sigcgt == st.sigcgt);
    }
  free (buf);
}

static void
check_maps (char const *text, size_t len)
{
  /* One line, as each_map_of hands it over: no newline, no NUL.  */
  char *line = malloc (len + 1);
  CHECK (line);
  memcpy (line, text, len);
  line[len] = '\0';
  char *nl = strchr (line, '\n');
  if (nl)
    *nl = '\0';
  size_t line_len = strlen (line);
  struct ipc_proc_map map;
  if (ipc_proc_map_parse (line, &map))
    {
      CHECK (line <= map.path && map.path <= line + line_len);
      CHECK (strlen (map.perms) == 4);
      for (int i = 0; i < 4; i++)
        CHECK (strchr ("rwxsp-", map.perms[i]));
      CHECK (map.path[0] != ' ' && map.path[0] != '\t');

      char *again_line = NULL;
      CHECK (asprintf (&again_line, "%" PRIx64 "-%" PRIx64 " %s %08" PRIx64
                       " %02x:%02x %" PRIu64 "        %s", map.start,
                       map.end, map.perms, map.offset, map.dev_major,
                       map.dev_minor, map.inode, map.path) > 0);
      struct ipc_proc_map again;
      CHECK (ipc_proc_map_parse (again_line, &again));
      CHECK (again.start == map.start && again.end == map.end
             && again.offset == map.offset
             && again.dev_major == map.dev_major
             && again.dev_minor == map.dev_minor
             && again.inode == map.inode
             && strcmp (again.perms, map.perms) == 0
             && strcmp (again.path, map.path) == 0);
      free (again_line);
    }
  free (line);
}

int
LLVMFuzzerTestOneInput (uint8_t const *data, size_t size)
{
  if (size < 1)
    return 0;
  char const *text = (char const *) data + 1;
  size_t len = size - 1;
  switch (data[0] % 4)
    {
    case 0:
      check_locks (text, len);
      break;
    case 1:
      check_fdinfo (text, len);
      break;
    case 2:
      check_status (text, len);
      break;
    default:
      check_maps (text, len);
      break;
    }
  return 0;
}

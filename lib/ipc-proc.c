/* Readers of /proc that answer "which processes use this object?".

   Everything here reads kernel text with bounded buffers and strict
   parsers: a line that is too long or does not have the expected shape is
   skipped, never trusted.  Processes that exit while we walk /proc are
   skipped silently; errors about one process named by the caller are
   returned as -1 with errno (ESRCH when it does not exist).  */
#include <config.h>

#include "ipc-proc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdckdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "c-ctype.h"

#include "ipc-grow.h"

/* Room for "/proc/PID/fdinfo/FD" and the like.  */
enum { PROC_PATH_MAX = 64 };

/* The longest line of /proc/locks, fdinfo and status that we parse;
   longer ones (such as a status "Groups:" line of a process in thousands
   of groups) are skipped.  */
enum { LINE_MAX_SHORT = 512 };

/* Results of read_line.  */
enum line_status { LINE_EOF, LINE_OK, LINE_SKIPPED, LINE_ERROR };

/* Read one line of F into BUF of SIZE bytes, without its newline.  A line
   that does not fit, or that holds a NUL byte, is consumed and reported
   as LINE_SKIPPED, so no length from the file is ever trusted.  */
static enum line_status
read_line (FILE *f, char *buf, size_t size)
{
  size_t len = 0;
  bool bad = false;
  int c;
  while ((c = getc (f)) != EOF && c != '\n')
    {
      if (c == '\0' || len + 1 >= size)
        bad = true;
      else
        buf[len++] = c;
    }
  if (c == EOF)
    {
      if (ferror (f))
        return LINE_ERROR;
      if (len == 0 && !bad)
        return LINE_EOF;
    }
  buf[len] = '\0';
  return bad ? LINE_SKIPPED : LINE_OK;
}

/* Whether C separates fields in /proc text.  */
static bool
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

/* Skip the blanks at *P; return the word that follows, NUL-terminated in
   place, and leave *P after it; return null at the end of the line.  */
static char *
next_word (char **p)
{
  char *s = *p;
  while (is_blank (*s))
    s++;
  if (!*s)
    return NULL;
  char *word = s;
  while (*s && !is_blank (*s))
    s++;
  if (*s)
    *s++ = '\0';
  *p = s;
  return word;
}

/* The value of digit C in BASE (8, 10 or 16), or -1.  */
static int
digit_value (char c, int base)
{
  int v = (c_isdigit (c) ? c - '0'
           : c_isxdigit (c) ? c_tolower (c) - 'a' + 10
           : -1);
  return v < base ? v : -1;
}

/* Parse the unsigned number in BASE at *P (digits only, at least one,
   no sign) up to MAX into *VALUE and advance *P past it.  Return false if
   there is no number or it exceeds MAX.  */
static bool
parse_uint (char const **p, int base, uint64_t max, uint64_t *value)
{
  char const *s = *p;
  uint64_t v = 0;
  int d;
  if (digit_value (*s, base) < 0)
    return false;
  for (; (d = digit_value (*s, base)) >= 0; s++)
    if (ckd_mul (&v, v, base) || ckd_add (&v, v, d) || v > max)
      return false;
  *value = v;
  *p = s;
  return true;
}

/* Parse the whole of WORD as an unsigned number in BASE up to MAX.  */
static bool
parse_uint_word (char const *word, int base, uint64_t max, uint64_t *value)
{
  return parse_uint (&word, base, max, value) && *word == '\0';
}

/* Copy WORD into DEST of SIZE bytes if it fits and is made of upper-case
   letters (and '*', as in "*NOINODE*"); return false otherwise.  */
static bool
copy_keyword (char *dest, size_t size, char const *word)
{
  size_t len = strlen (word);
  if (len == 0 || len >= size)
    return false;
  for (char const *s = word; *s; s++)
    if (!c_isupper (*s) && *s != '*')
      return false;
  memcpy (dest, word, len + 1);
  return true;
}

/* Parse the device and inode field of /proc/locks: hex "MAJOR:MINOR:"
   and a decimal inode, or "<none>:0" for locks without an inode.  */
static bool
parse_lock_inode (char const *word, struct ipc_proc_lock *lk)
{
  uint64_t major, minor, inode;
  if (strcmp (word, "<none>:0") == 0)
    {
      lk->dev_major = lk->dev_minor = 0;
      lk->inode = 0;
      return true;
    }
  if (!parse_uint (&word, 16, UINT_MAX, &major) || *word++ != ':'
      || !parse_uint (&word, 16, UINT_MAX, &minor) || *word++ != ':'
      || !parse_uint_word (word, 10, UINT64_MAX, &inode))
    return false;
  lk->dev_major = major;
  lk->dev_minor = minor;
  lk->inode = inode;
  return true;
}

/* Parse LINE of /proc/locks into *LK:
     ID: [->] TYPE MODE ACCESS PID MAJOR:MINOR:INODE START END|EOF
   Return false if it is not of that shape.  LINE is modified.  */
static bool
parse_lock_line (char *line, struct ipc_proc_lock *lk)
{
  char *p = line;
  char *word = next_word (&p);
  uint64_t v;
  size_t len;

  memset (lk, 0, sizeof *lk);
  if (!word || (len = strlen (word)) < 2 || word[len - 1] != ':')
    return false;
  word[len - 1] = '\0';
  if (!parse_uint_word (word, 10, INT_MAX, &v))
    return false;
  lk->id = v;

  word = next_word (&p);
  if (word && strcmp (word, "->") == 0)
    {
      lk->waiting = true;
      word = next_word (&p);
    }
  if (!word || !copy_keyword (lk->type, sizeof lk->type, word))
    return false;
  word = next_word (&p);
  if (!word || !copy_keyword (lk->mode, sizeof lk->mode, word))
    return false;
  word = next_word (&p);
  if (!word || !copy_keyword (lk->access, sizeof lk->access, word))
    return false;

  /* The PID, or -1 for OFD locks, which belong to no process.  */
  word = next_word (&p);
  if (!word)
    return false;
  if (strcmp (word, "-1") == 0)
    lk->pid = -1;
  else if (parse_uint_word (word, 10, INT_MAX, &v))
    lk->pid = v;
  else
    return false;

  word = next_word (&p);
  if (!word || !parse_lock_inode (word, lk))
    return false;
  word = next_word (&p);
  if (!word || !parse_uint_word (word, 10, INT64_MAX, &lk->start))
    return false;
  word = next_word (&p);
  if (!word)
    return false;
  if (strcmp (word, "EOF") == 0)
    lk->end = UINT64_MAX;
  else if (!parse_uint_word (word, 10, INT64_MAX, &lk->end))
    return false;
  return next_word (&p) == NULL;
}

int
ipc_proc_locks_read (char const *file, struct ipc_proc_lock **locks,
                     size_t *n)
{
  FILE *f = fopen (file ? file : "/proc/locks", "re");
  if (!f)
    return -1;
  int r = ipc_proc_locks_parse (f, locks, n);
  int saved_errno = errno;
  fclose (f);
  errno = saved_errno;
  return r;
}

int
ipc_proc_locks_parse (FILE *f, struct ipc_proc_lock **locks, size_t *n)
{
  struct ipc_proc_lock *array = NULL;
  size_t count = 0, alloc = 0;
  char line[LINE_MAX_SHORT];
  enum line_status st;
  int saved_errno = 0;
  while ((st = read_line (f, line, sizeof line)) != LINE_EOF)
    {
      if (st == LINE_ERROR)
        {
          saved_errno = errno;
          break;
        }
      /* /proc/PID/fdinfo/FD gives the same lines after "lock:".  */
      char *text = line;
      if (strncmp (text, "lock:", 5) == 0)
        text += 5;
      struct ipc_proc_lock lk;
      if (st != LINE_OK || !parse_lock_line (text, &lk))
        continue;
      if (ipc_grow (&array, &alloc, count, sizeof *array, 32) != 0)
        {
          saved_errno = errno;
          break;
        }
      array[count++] = lk;
    }
  if (saved_errno)
    {
      free (array);
      errno = saved_errno;
      return -1;
    }
  *locks = array;
  *n = count;
  return 0;
}

/* Open "/proc/PID/WHAT" for reading; a process that does not exist gives
   ESRCH rather than ENOENT.  */
static int
open_proc_file (pid_t pid, char const *what)
{
  char path[PROC_PATH_MAX];
  if (pid <= 0)
    {
      errno = ESRCH;
      return -1;
    }
  snprintf (path, sizeof path, "/proc/%d/%s", (int) pid, what);
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT)
    {
      snprintf (path, sizeof path, "/proc/%d", (int) pid);
      errno = access (path, F_OK) == 0 ? ENOENT : ESRCH;
    }
  return fd;
}

/* fopen counterpart of open_proc_file.  */
static FILE *
fopen_proc_file (pid_t pid, char const *what)
{
  int fd = open_proc_file (pid, what);
  if (fd < 0)
    return NULL;
  FILE *f = fdopen (fd, "r");
  if (!f)
    {
      int e = errno;
      close (fd);
      errno = e;
    }
  return f;
}

char *
ipc_proc_comm (pid_t pid, char *buf, size_t size)
{
  if (size == 0)
    return buf;
  size_t len = 0;
  int fd = open_proc_file (pid, "comm");
  if (fd >= 0)
    {
      /* The file is at most a few dozen bytes; read what fits.  */
      while (len + 1 < size)
        {
          ssize_t r = read (fd, buf + len, size - 1 - len);
          if (r < 0 && errno == EINTR)
            continue;
          if (r <= 0)
            {
              if (r < 0)
                len = 0;
              break;
            }
          len += r;
        }
      close (fd);
    }
  if (len > 0 && buf[len - 1] == '\n')
    len--;
  if (len == 0 || memchr (buf, '\0', len))
    {
      /* Gone, unreadable, or not text: say so, as room permits.  */
      len = 0;
      if (size > 1)
        buf[len++] = '?';
    }
  buf[len] = '\0';
  return buf;
}

char *
ipc_proc_pid_comm (pid_t pid)
{
  char comm[128];
  char buf[sizeof comm + 32];
  ipc_proc_comm (pid, comm, sizeof comm);
  snprintf (buf, sizeof buf, "%d:%s", (int) pid, comm);
  return strdup (buf);
}

bool
ipc_proc_exists (pid_t pid)
{
  return pid > 0 && (kill (pid, 0) == 0 || errno == EPERM);
}

/* If LINE starts with KEY (which ends in ':'), return what follows it
   and its blanks; otherwise null.  */
static char const *
field_value (char const *line, char const *key)
{
  size_t len = strlen (key);
  if (strncmp (line, key, len) != 0)
    return NULL;
  line += len;
  while (is_blank (*line))
    line++;
  return line;
}

int
ipc_proc_fdinfo (pid_t pid, int fd, struct ipc_fdinfo *info)
{
  char what[PROC_PATH_MAX];
  if (fd < 0)
    {
      errno = EBADF;
      return -1;
    }
  snprintf (what, sizeof what, "fdinfo/%d", fd);
  FILE *f = fopen_proc_file (pid, what);
  if (!f)
    {
      if (errno == ENOENT)
        errno = EBADF;
      return -1;
    }
  int r = ipc_proc_fdinfo_parse (f, info);
  int saved_errno = errno;
  fclose (f);
  errno = saved_errno;
  return r;
}

int
ipc_proc_fdinfo_parse (FILE *f, struct ipc_fdinfo *info)
{
  memset (info, 0, sizeof *info);
  bool have_pos = false, have_flags = false, bad = false;
  char line[LINE_MAX_SHORT];
  enum line_status st;
  while ((st = read_line (f, line, sizeof line)) != LINE_EOF
         && st != LINE_ERROR)
    {
      char const *v;
      uint64_t n;
      if (st != LINE_OK)
        continue;
      if ((v = field_value (line, "pos:")))
        {
          have_pos = parse_uint_word (v, 10, UINT64_MAX, &info->pos);
          bad |= !have_pos;
        }
      else if ((v = field_value (line, "flags:")))
        {
          have_flags = parse_uint_word (v, 8, UINT_MAX, &n);
          bad |= !have_flags;
          info->flags = n;
        }
      else if ((v = field_value (line, "mnt_id:")))
        {
          bad |= !parse_uint_word (v, 10, INT_MAX, &n);
          info->mnt_id = n;
        }
      else if ((v = field_value (line, "ino:")))
        bad |= !parse_uint_word (v, 10, UINT64_MAX, &info->inode);
      else if ((v = field_value (line, "sigmask:")))
        {
          info->has_sigmask = parse_uint_word (v, 16, UINT64_MAX,
                                               &info->sigmask);
          bad |= !info->has_sigmask;
        }
      else if (field_value (line, "lock:") && info->nlocks < INT_MAX)
        info->nlocks++;
    }
  if (st == LINE_ERROR)
    return -1;
  if (bad || !have_pos || !have_flags)
    {
      errno = ENODATA;
      return -1;
    }
  return 0;
}

/* Compare two PIDs or descriptor numbers, for qsort.  */
static int
compare_ints (void const *a, void const *b)
{
  int x = *(int const *) a, y = *(int const *) b;
  return (x > y) - (x < y);
}

/* Read the numeric entry names of directory PATH (PIDs in /proc,
   descriptors in /proc/PID/fd) into a new sorted array *NUMS of *N.  */
static int
read_numeric_dir (char const *path, int **nums, size_t *n)
{
  DIR *dir = opendir (path);
  if (!dir)
    return -1;
  int *array = NULL;
  size_t count = 0, alloc = 0;
  int saved_errno = 0;
  for (;;)
    {
      errno = 0;
      struct dirent *d = readdir (dir);
      if (!d)
        {
          saved_errno = errno;
          break;
        }
      uint64_t v;
      /* No leading zeros: "0" and "007" are not PIDs or descriptors.  */
      if (d->d_name[0] == '0' && d->d_name[1] != '\0')
        continue;
      if (!parse_uint_word (d->d_name, 10, INT_MAX, &v))
        continue;
      if (ipc_grow (&array, &alloc, count, sizeof *array, 128) != 0)
        {
          saved_errno = errno;
          break;
        }
      array[count++] = v;
    }
  closedir (dir);
  if (saved_errno)
    {
      free (array);
      errno = saved_errno;
      return -1;
    }
  if (count)
    qsort (array, count, sizeof *array, compare_ints);
  *nums = array;
  *n = count;
  return 0;
}

int
ipc_proc_each_pid (ipc_proc_pid_fn fn, void *arg)
{
  int *pids;
  size_t n;
  if (read_numeric_dir ("/proc", &pids, &n) != 0)
    return -1;
  int rc = 0;
  for (size_t i = 0; i < n && rc == 0; i++)
    rc = fn (pids[i], arg);
  free (pids);
  return rc;
}

/* Call FN for each descriptor of PID as ipc_proc_each_fd does.  When
   QUIET, a process that cannot be read is no error (it has no
   descriptors for us), as in walks over every process.  */
static int
each_fd_of (pid_t pid, ipc_proc_fd_fn fn, void *arg, bool quiet)
{
  char path[PROC_PATH_MAX];
  int *fds;
  size_t n;
  if (pid <= 0)
    {
      errno = ESRCH;
      return -1;
    }
  snprintf (path, sizeof path, "/proc/%d/fd", (int) pid);
  if (read_numeric_dir (path, &fds, &n) != 0)
    {
      if (quiet && errno != ENOMEM)
        return 0;
      if (errno == ENOENT)
        errno = ESRCH;
      return -1;
    }

  /* Link texts are at most a page long: d_path fails beyond that.  */
  char *target = malloc (PATH_MAX + 1);
  if (!target)
    {
      free (fds);
      return -1;
    }
  int rc = 0;
  for (size_t i = 0; i < n && rc == 0; i++)
    {
      snprintf (path, sizeof path, "/proc/%d/fd/%d", (int) pid, fds[i]);
      ssize_t len = readlink (path, target, PATH_MAX + 1);
      /* Closed meanwhile, unreadable, or truncated: skip it.  */
      if (len < 0 || len > PATH_MAX)
        continue;
      target[len] = '\0';
      rc = fn (pid, fds[i], target, arg);
    }
  free (target);
  free (fds);
  return rc;
}

/* What the callbacks of the walks over every process carry.  */
struct walk
{
  union
  {
    ipc_proc_fd_fn fd;
    ipc_proc_map_fn map;
  } fn;
  void *arg;
};

/* ipc_proc_each_pid callback of ipc_proc_each_fd (0, ...): processes that
   cannot be read are skipped.  */
static int
walk_fds_of_pid (pid_t pid, void *arg)
{
  struct walk const *w = arg;
  return each_fd_of (pid, w->fn.fd, w->arg, true);
}

int
ipc_proc_each_fd (pid_t pid, ipc_proc_fd_fn fn, void *arg)
{
  if (pid != 0)
    return each_fd_of (pid, fn, arg, false);
  struct walk w = { .fn.fd = fn, .arg = arg };
  return ipc_proc_each_pid (walk_fds_of_pid, &w);
}

bool
ipc_proc_map_parse (char *line, struct ipc_proc_map *map)
{
  char const *p = line;
  uint64_t major, minor;
  if (!parse_uint (&p, 16, UINT64_MAX, &map->start) || *p++ != '-'
      || !parse_uint (&p, 16, UINT64_MAX, &map->end) || *p++ != ' ')
    return false;
  for (int i = 0; i < 4; i++, p++)
    if (!*p || !strchr ("rwxsp-", *p))
      return false;
    else
      map->perms[i] = *p;
  map->perms[4] = '\0';
  if (*p++ != ' '
      || !parse_uint (&p, 16, UINT64_MAX, &map->offset) || *p++ != ' '
      || !parse_uint (&p, 16, UINT_MAX, &major) || *p++ != ':'
      || !parse_uint (&p, 16, UINT_MAX, &minor) || *p++ != ' '
      || !parse_uint (&p, 10, UINT64_MAX, &map->inode))
    return false;
  if (*p && !is_blank (*p))
    return false;
  while (is_blank (*p))
    p++;
  map->dev_major = major;
  map->dev_minor = minor;
  map->path = p;
  return true;
}

/* Call FN for each mapping of PID as ipc_proc_each_map does; QUIET as
   for each_fd_of.  */
static int
each_map_of (pid_t pid, ipc_proc_map_fn fn, void *arg, bool quiet)
{
  FILE *f = fopen_proc_file (pid, "maps");
  if (!f)
    return quiet && errno != ENOMEM ? 0 : -1;
  /* A line is some 75 bytes of numbers and a path of at most a page.  */
  size_t size = PATH_MAX + 128;
  char *line = malloc (size);
  if (!line)
    {
      fclose (f);
      return -1;
    }
  enum line_status st;
  int rc = 0;
  while (rc == 0 && (st = read_line (f, line, size)) != LINE_EOF)
    {
      struct ipc_proc_map map;
      if (st == LINE_ERROR)
        {
          /* The process exited while we read.  */
          rc = quiet ? 0 : -1;
          break;
        }
      if (st == LINE_OK && ipc_proc_map_parse (line, &map))
        rc = fn (pid, &map, arg);
    }
  int saved_errno = errno;
  free (line);
  fclose (f);
  errno = saved_errno;
  return rc;
}

/* ipc_proc_each_pid callback of ipc_proc_each_map (0, ...).  */
static int
walk_maps_of_pid (pid_t pid, void *arg)
{
  struct walk const *w = arg;
  return each_map_of (pid, w->fn.map, w->arg, true);
}

int
ipc_proc_each_map (pid_t pid, ipc_proc_map_fn fn, void *arg)
{
  if (pid != 0)
    return each_map_of (pid, fn, arg, false);
  struct walk w = { .fn.map = fn, .arg = arg };
  return ipc_proc_each_pid (walk_maps_of_pid, &w);
}

/* Decode into NAME, of SIZE bytes, at most what fits of the command
   name TEXT of a "Name:" line of /proc/PID/status: the kernel writes a
   backslash as \\ and a newline as \n (seq_escape_str with
   ESCAPE_SPACE | ESCAPE_SPECIAL, restricted to those two; the other
   escapes of those classes are decoded too, should a kernel use them),
   where /proc/PID/comm has the name as it is.  */
static void
unescape_name (char const *text, char *name, size_t size)
{
  static char const from[] = "\\nrtfvae\"";
  static char const to[] = "\\\n\r\t\f\v\a\033\"";
  size_t len = 0;
  while (*text && len + 1 < size)
    {
      char const *esc;
      if (text[0] == '\\' && text[1] && (esc = strchr (from, text[1])))
        {
          name[len++] = to[esc - from];
          text += 2;
        }
      else
        name[len++] = *text++;
    }
  name[len] = '\0';
}

/* Whether process PID is a kernel thread, from the flags of
   /proc/PID/stat (PF_KTHREAD), for kernels whose status has no
   "Kthread:" line (before Linux 6.2): 1 or 0, or -1 with errno.  */
static int
stat_kthread (pid_t pid)
{
  FILE *f = fopen_proc_file (pid, "stat");
  if (!f)
    return -1;
  char line[1024];
  bool ok = fgets (line, sizeof line, f) != NULL;
  fclose (f);
  /* The command name may hold anything: the fields begin after its
     last ')'.  The flags are the 7th of them.  */
  char const *p = ok ? strrchr (line, ')') : NULL;
  unsigned long flags;
  if (!p || sscanf (p + 1, " %*c %*d %*d %*d %*d %*d %lu", &flags) != 1)
    {
      errno = ENODATA;
      return -1;
    }
  enum { PF_KTHREAD = 0x00200000 };
  return (flags & PF_KTHREAD) != 0;
}

/* Read the status file F of a process or thread (PID, for stat_kthread)
   into *STATUS, and close it.  */
static int
read_status (FILE *f, pid_t pid, struct ipc_proc_status *status)
{
  int r = ipc_proc_status_parse (f, status);
  int saved_errno = errno;
  fclose (f);
  if (r == 0 && !status->kthread_known)
    {
      int k = stat_kthread (pid);
      if (k < 0)
        return -1;
      status->kthread = k;
      status->kthread_known = true;
    }
  errno = saved_errno;
  return r;
}

int
ipc_proc_status_parse (FILE *f, struct ipc_proc_status *status)
{
  static char const *const sig_keys[] =
    { "SigPnd:", "ShdPnd:", "SigBlk:", "SigIgn:", "SigCgt:" };
  uint64_t *sig_fields[] =
    { &status->sigpnd, &status->shdpnd, &status->sigblk, &status->sigign,
      &status->sigcgt };
  enum { NSIG_FIELDS = sizeof sig_keys / sizeof *sig_keys };
  unsigned int found = 0;       /* bit I: sig_keys[I]; then Name, Uid */
  unsigned int const all = (1u << (NSIG_FIELDS + 2)) - 1;
  bool bad = false;

  memset (status, 0, sizeof *status);
  bool has_kthread = false;
  char line[LINE_MAX_SHORT];
  enum line_status st;
  while ((st = read_line (f, line, sizeof line)) != LINE_EOF
         && st != LINE_ERROR)
    {
      char const *v;
      if (st != LINE_OK)
        continue;
      if ((v = field_value (line, "Name:")))
        {
          unescape_name (v, status->name, sizeof status->name);
          found |= 1u << NSIG_FIELDS;
        }
      else if ((v = field_value (line, "Kthread:")))
        {
          uint64_t k;
          if (parse_uint_word (v, 10, 1, &k))
            {
              status->kthread = k;
              has_kthread = true;
            }
          else
            bad = true;
        }
      else if ((v = field_value (line, "Uid:")))
        {
          uint64_t uid;
          /* Real, effective, saved and file-system UIDs: the first.  */
          if (parse_uint (&v, 10, UINT32_MAX, &uid) && is_blank (*v))
            {
              status->uid = uid;
              found |= 1u << (NSIG_FIELDS + 1);
            }
          else
            bad = true;
        }
      else
        for (int i = 0; i < NSIG_FIELDS; i++)
          if ((v = field_value (line, sig_keys[i])))
            {
              if (parse_uint_word (v, 16, UINT64_MAX, sig_fields[i]))
                found |= 1u << i;
              else
                bad = true;
              break;
            }
    }
  if (st == LINE_ERROR)
    return -1;
  if (bad || found != all)
    {
      errno = ENODATA;
      return -1;
    }
  status->kthread_known = has_kthread;
  return 0;
}

int
ipc_proc_status (pid_t pid, struct ipc_proc_status *status)
{
  FILE *f = fopen_proc_file (pid, "status");
  return f ? read_status (f, pid, status) : -1;
}

int
ipc_proc_task_status (pid_t pid, pid_t tid, struct ipc_proc_status *status)
{
  char what[PROC_PATH_MAX];
  if (tid <= 0)
    {
      errno = ESRCH;
      return -1;
    }
  snprintf (what, sizeof what, "task/%d/status", (int) tid);
  FILE *f = fopen_proc_file (pid, what);
  if (!f && errno == ENOENT)
    errno = ESRCH;
  return f ? read_status (f, pid, status) : -1;
}

int
ipc_proc_each_task (pid_t pid, ipc_proc_pid_fn fn, void *arg)
{
  char path[PROC_PATH_MAX];
  if (pid <= 0)
    {
      errno = ESRCH;
      return -1;
    }
  snprintf (path, sizeof path, "/proc/%d/task", (int) pid);
  int *tids;
  size_t n;
  if (read_numeric_dir (path, &tids, &n) != 0)
    {
      if (errno == ENOENT)
        errno = ESRCH;
      return -1;
    }
  int rc = 0;
  for (size_t i = 0; i < n && rc == 0; i++)
    rc = fn (tids[i], arg);
  free (tids);
  return rc;
}

/* ipc_proc_signalfd_mask's walk: the signals of each signalfd.  */
struct signalfd_walk
{
  uint64_t mask;
};

static int
add_signalfd (pid_t pid, int fd, char const *target, void *arg)
{
  struct signalfd_walk *w = arg;
  if (strcmp (target, "anon_inode:[signalfd]") != 0)
    return 0;
  struct ipc_fdinfo info;
  /* A descriptor closed meanwhile reads nothing.  */
  if (ipc_proc_fdinfo (pid, fd, &info) != 0)
    return errno == EBADF || errno == ESRCH ? 0 : -1;
  w->mask |= info.sigmask;
  return 0;
}

int
ipc_proc_signalfd_mask (pid_t pid, uint64_t *mask)
{
  struct signalfd_walk w = { 0 };
  if (each_fd_of (pid, add_signalfd, &w, false) != 0)
    return -1;
  *mask = w.mask;
  return 0;
}

/* System V IPC objects: identifiers, /proc/sysvipc, limits, and column
   text.  */
#include <config.h>

#include "ipc-sysv.h"

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <pwd.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>

/* semctl's fourth argument, which the caller must define (semctl(2)).  */
union ipc_semun
{
  int val;
  struct semid_ds *buf;
  unsigned short *array;
};

/* IPC_STAT of identifier ID of KIND, only to learn whether it exists.  */
static int
sysv_stat (enum ipc_sysv_kind kind, int id)
{
  switch (kind)
    {
    case IPC_SYSV_MSG:
      {
        struct msqid_ds ds;
        return msgctl (id, IPC_STAT, &ds);
      }
    case IPC_SYSV_SHM:
      {
        struct shmid_ds ds;
        return shmctl (id, IPC_STAT, &ds);
      }
    case IPC_SYSV_SEM:
      {
        struct semid_ds ds;
        union ipc_semun arg = { .buf = &ds };
        return semctl (id, 0, IPC_STAT, arg);
      }
    }
  errno = EINVAL;
  return -1;
}

int
ipc_sysv_lookup (enum ipc_sysv_kind kind, struct ipc_addr *addr)
{
  if (addr->kind == IPC_ADDR_ID)
    {
      if (addr->id < 0)
        {
          errno = ENOENT;
          return -1;
        }
      /* EINVAL and EIDRM mean "no such identifier"; EACCES means it
         exists but is not ours to read, which the caller will learn
         from the operation itself.  */
      if (sysv_stat (kind, addr->id) != 0 && errno != EACCES)
        {
          if (errno == EINVAL || errno == EIDRM)
            errno = ENOENT;
          return -1;
        }
      return addr->id;
    }

  if (addr->kind != IPC_ADDR_KEY && addr->kind != IPC_ADDR_FTOK)
    {
      errno = EINVAL;
      return -1;
    }
  uint32_t key;
  if (ipc_addr_key (addr, &key) != 0)
    return -1;
  /* IPC_PRIVATE would create a new object instead of finding one.  */
  if ((key_t) key == IPC_PRIVATE)
    {
      errno = ENOENT;
      return -1;
    }
  switch (kind)
    {
    case IPC_SYSV_MSG:
      return msgget ((key_t) key, 0);
    case IPC_SYSV_SHM:
      return shmget ((key_t) key, 0, 0);
    case IPC_SYSV_SEM:
      return semget ((key_t) key, 0, 0);
    }
  errno = EINVAL;
  return -1;
}

int
ipc_sysv_create_key (struct ipc_addr *addr, key_t *key)
{
  *key = IPC_PRIVATE;
  if (addr->kind == IPC_ADDR_PRIVATE)
    return 0;
  uint32_t k;
  if (addr->kind != IPC_ADDR_KEY && addr->kind != IPC_ADDR_FTOK)
    {
      errno = EINVAL;
      return -1;
    }
  if (ipc_addr_key (addr, &k) != 0)
    return -1;
  *key = (key_t) k;
  if (*key == IPC_PRIVATE)
    {
      errno = EINVAL;
      return -1;
    }
  return 0;
}

int
ipc_sysv_remove (enum ipc_sysv_kind kind, struct ipc_addr *addr)
{
  int id = ipc_sysv_lookup (kind, addr);
  if (id < 0)
    return -1;
  switch (kind)
    {
    case IPC_SYSV_MSG:
      return msgctl (id, IPC_RMID, NULL);
    case IPC_SYSV_SHM:
      return shmctl (id, IPC_RMID, NULL);
    case IPC_SYSV_SEM:
      return semctl (id, 0, IPC_RMID);
    }
  errno = EINVAL;
  return -1;
}

/* How a column of /proc/sysvipc is written, and so how it is stored.  */
enum sysv_type
{
  T_KEY,                    /* key_t, printed as a signed int */
  T_PERMS,                  /* octal */
  T_INT,                    /* int or pid_t, not negative */
  T_ID32,                   /* uid_t or gid_t */
  T_U64,                    /* uint64_t: sizes and counts */
  T_TIME                    /* int64_t: seconds since the epoch */
};

/* The columns that we know, named as in the tables' header lines.  */
struct sysv_field
{
  char const *name;
  size_t offset;            /* in struct ipc_sysv_entry */
  enum sysv_type type;
};

/* set_field stores through these types.  */
static_assert (sizeof (uid_t) == sizeof (uint32_t)
               && sizeof (gid_t) == sizeof (uint32_t), "uid_t is 32 bits");
static_assert (sizeof (pid_t) == sizeof (int), "pid_t is an int");

#define FIELD(name, member, type) \
  { name, offsetof (struct ipc_sysv_entry, member), type }
static struct sysv_field const sysv_fields[] = {
  FIELD ("key", key, T_KEY), FIELD ("msqid", id, T_INT),
  FIELD ("shmid", id, T_INT), FIELD ("semid", id, T_INT),
  FIELD ("perms", perms, T_PERMS), FIELD ("cbytes", cbytes, T_U64),
  FIELD ("qnum", qnum, T_U64), FIELD ("lspid", lspid, T_INT),
  FIELD ("lrpid", lrpid, T_INT), FIELD ("uid", uid, T_ID32),
  FIELD ("gid", gid, T_ID32), FIELD ("cuid", cuid, T_ID32),
  FIELD ("cgid", cgid, T_ID32), FIELD ("stime", stime, T_TIME),
  FIELD ("rtime", rtime, T_TIME), FIELD ("ctime", ctime, T_TIME),
  FIELD ("size", size, T_U64), FIELD ("cpid", cpid, T_INT),
  FIELD ("lpid", lpid, T_INT), FIELD ("nattch", nattch, T_U64),
  FIELD ("atime", atime, T_TIME), FIELD ("dtime", dtime, T_TIME),
  FIELD ("nsems", nsems, T_U64), FIELD ("otime", otime, T_TIME)
};
#undef FIELD

/* The field of the column NAME, or null for a column we do not know
   (such as shm's rss and swap).  */
static struct sysv_field const *
field_of_name (char const *name)
{
  for (size_t i = 0; i < sizeof sysv_fields / sizeof *sysv_fields; i++)
    if (strcmp (name, sysv_fields[i].name) == 0)
      return &sysv_fields[i];
  return NULL;
}

/* Parse TOKEN as a number in BASE between MIN and MAX.  */
static bool
parse_number (char const *token, int base, intmax_t min, intmax_t max,
              intmax_t *out)
{
  char *end;
  errno = 0;
  intmax_t v = strtoimax (token, &end, base);
  if (errno != 0 || end == token || *end != '\0' || v < min || v > max)
    return false;
  *out = v;
  return true;
}

/* Store TOKEN, the value of column FIELD (null: ignored), into *E.  */
static bool
set_field (struct ipc_sysv_entry *e, struct sysv_field const *field,
           char const *token)
{
  if (!field)
    return true;
  char *member = (char *) e + field->offset;
  intmax_t v;
  switch (field->type)
    {
    case T_KEY:
      if (!parse_number (token, 10, INT32_MIN, UINT32_MAX, &v))
        return false;
      *(uint32_t *) member = (uint32_t) v;
      return true;
    case T_PERMS:
      if (!parse_number (token, 8, 0, 0177777, &v))
        return false;
      *(mode_t *) member = v;
      return true;
    case T_INT:
      if (!parse_number (token, 10, 0, INT_MAX, &v))
        return false;
      *(int *) member = v;
      return true;
    case T_ID32:
      if (!parse_number (token, 10, 0, UINT32_MAX, &v))
        return false;
      *(uint32_t *) member = v;
      return true;
    case T_U64:
      if (!parse_number (token, 10, 0, INTMAX_MAX, &v))
        return false;
      *(uint64_t *) member = v;
      return true;
    case T_TIME:
      if (!parse_number (token, 10, 0, INTMAX_MAX, &v))
        return false;
      *(int64_t *) member = v;
      return true;
    }
  return false;
}

/* Read one line of STREAM into LINE of SIZE bytes without its newline.
   Return 1, 0 at the end, or -1 with EPROTO for a line too long to be
   one of the kernel's.  */
static int
read_line (FILE *stream, char *line, size_t size)
{
  if (!fgets (line, size, stream))
    return ferror (stream) ? -1 : 0;
  size_t len = strlen (line);
  if (len > 0 && line[len - 1] == '\n')
    line[len - 1] = '\0';
  else if (!feof (stream))
    {
      errno = EPROTO;
      return -1;
    }
  return 1;
}

int
ipc_sysv_each (enum ipc_sysv_kind kind, char const *file,
               ipc_sysv_entry_fn fn, void *arg)
{
  static char const *const files[] = {
    [IPC_SYSV_MSG] = "/proc/sysvipc/msg",
    [IPC_SYSV_SHM] = "/proc/sysvipc/shm",
    [IPC_SYSV_SEM] = "/proc/sysvipc/sem"
  };
  FILE *stream = fopen (file ? file : files[kind], "re");
  if (!stream)
    return -1;

  /* Lines of today's kernels are under 200 bytes and have 16 columns at
     most; these bounds leave room for a few more.  */
  enum { LINE_MAX_BYTES = 1024, MAX_COLUMNS = 32 };
  char line[LINE_MAX_BYTES];
  struct sysv_field const *fields[MAX_COLUMNS];
  size_t ncolumns = 0;
  int result = 0;

  int r = read_line (stream, line, sizeof line);
  if (r <= 0)
    {
      if (r == 0)
        errno = EPROTO;
      result = -1;
      goto done;
    }
  for (char *save, *tok = strtok_r (line, " \t", &save); tok;
       tok = strtok_r (NULL, " \t", &save))
    {
      if (ncolumns == MAX_COLUMNS)
        break;
      fields[ncolumns++] = field_of_name (tok);
    }

  while ((r = read_line (stream, line, sizeof line)) > 0)
    {
      struct ipc_sysv_entry entry;
      memset (&entry, 0, sizeof entry);
      size_t col = 0;
      for (char *save, *tok = strtok_r (line, " \t", &save);
           tok && col < ncolumns; tok = strtok_r (NULL, " \t", &save))
        if (!set_field (&entry, fields[col++], tok))
          {
            errno = EPROTO;
            result = -1;
            goto done;
          }
      if (col == 0)
        continue;
      result = fn (&entry, arg);
      if (result != 0)
        goto done;
    }
  if (r < 0)
    result = -1;

 done:;
  int saved_errno = errno;
  fclose (stream);
  errno = saved_errno;
  return result;
}

/* ipc_sysv_each callback of ipc_sysv_find.  */
struct find_arg
{
  int id;
  struct ipc_sysv_entry *entry;
};

static int
find_one (struct ipc_sysv_entry const *entry, void *arg)
{
  struct find_arg *f = arg;
  if (entry->id != f->id)
    return 0;
  *f->entry = *entry;
  return 1;
}

int
ipc_sysv_find (enum ipc_sysv_kind kind, int id, struct ipc_sysv_entry *entry)
{
  struct find_arg f = { id, entry };
  int r = ipc_sysv_each (kind, NULL, find_one, &f);
  if (r == 1)
    return 0;
  if (r == 0)
    errno = ENOENT;
  return -1;
}

char *
ipc_key_string (uint32_t key, char *buf)
{
  snprintf (buf, IPC_KEY_STRING_SIZE, "0x%08" PRIx32, key);
  return buf;
}

char *
ipc_perms_string (mode_t mode, char *buf)
{
  static char const rwx[] = "rwxrwxrwx";
  for (int i = 0; i < 9; i++)
    buf[i] = mode & (0400 >> i) ? rwx[i] : '-';
  if (mode & S_ISUID)
    buf[2] = mode & S_IXUSR ? 's' : 'S';
  if (mode & S_ISGID)
    buf[5] = mode & S_IXGRP ? 's' : 'S';
  if (mode & S_ISVTX)
    buf[8] = mode & S_IXOTH ? 't' : 'T';
  buf[9] = '\0';
  return buf;
}

char *
ipc_owner_string (uid_t uid, char *buf, size_t size)
{
  struct passwd *pw = getpwuid (uid);
  if (pw && pw->pw_name && strlen (pw->pw_name) < size)
    strcpy (buf, pw->pw_name);
  else
    snprintf (buf, size, "%ju", (uintmax_t) uid);
  return buf;
}

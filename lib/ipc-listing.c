/* 'ls' and 'stat' of POSIX and System V objects.  */
#include <config.h>

#include "ipc-listing.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "quote.h"
#include "xalloc.h"

#include "ipc-cli.h"

/* The columns that every kind has, found by name in its table.  */
enum { C_NAME, C_TYPE, C_ID, C_KEY, C_PERMS, C_OWNER, C_PIDS, C_COUNT };
static char const *const common_names[C_COUNT] = {
  "NAME", "TYPE", "ID", "KEY", "PERMS", "OWNER", "PIDS"
};

struct ipc_listing
{
  struct ipc_listing_kind const *kind;
  struct ipc_table *table;
  int col[C_COUNT];             /* -1 where the kind has no such column */
  int status;
  bool want_users;              /* a printed column lists or counts users */
  bool walked, have_users;
  struct ipc_users users;
};

/* Parse the options of ls or stat into L and start its table.  Return
   the index of the first operand.  */
static int
start (struct ipc_listing *l, struct ipc_listing_kind const *kind,
       int argc, char **argv, bool stat)
{
  struct ipc_table_opts opts;
  int first = ipc_table_getopt (argc, argv, &opts);
  memset (l, 0, sizeof *l);
  l->kind = kind;
  l->table = ipc_table_new (kind->columns, kind->ncolumns, &opts,
                            stat ? kind->json_object : kind->json_array,
                            stat);
  for (int c = 0; c < C_COUNT; c++)
    {
      l->col[c] = -1;
      for (size_t i = 0; i < kind->ncolumns; i++)
        if (strcmp (kind->columns[i].name, common_names[c]) == 0)
          l->col[c] = i;
    }
  for (size_t i = 0; i < kind->ncolumns; i++)
    if ((kind->columns[i].flags & IPC_COL_USERS)
        && ipc_table_wants (l->table, i))
      l->want_users = true;
  return first;
}

/* Print the listing; return its status, or 1 if the output failed.  */
static int
finish (struct ipc_listing *l)
{
  ipc_users_free (&l->users);
  if (ipc_table_print (l->table) != 0)
    l->status = IPC_EXIT_FAILURE;
  return l->status;
}

/* Find who uses the objects on device DEV (and, for shared memory, the
   System V segments), for the columns of users and --pid, leaving
   ourselves out: one walk over /proc, made at the first object that may
   have users, only when a column or --pid needs it, and only into the
   processes of --pid when no column needs every user.  Return whether
   the users are known.  */
static bool
find_users (struct ipc_listing *l, dev_t dev)
{
  size_t npids;
  pid_t const *pids = ipc_table_pids (l->table, &npids);
  if (l->walked || (!l->want_users && !pids))
    return l->have_users;
  l->walked = true;
  struct ipc_users_query q = { .sources = l->kind->users_sources,
                               .devs = &dev, .ndevs = 1,
                               .sysv_shm = l->kind->users_sysv_shm,
                               .skip = getpid () };
  if (!l->want_users)
    {
      q.pids = pids;
      q.npids = npids;
    }
  if (ipc_users_find (&q, &l->users) != 0)
    l->status = ipc_failure ("cannot find the processes using %s in /proc",
                             l->kind->objects);
  else
    l->have_users = true;
  return l->have_users;
}

/* Set cell COL of ROW, when the kind has that column.  */
static void
set (struct ipc_row *row, int col, char const *text)
{
  if (col >= 0)
    ipc_row_set (row, col, text);
}

/* Add to cell COL of ROW the processes of the M entries E of one object,
   each once, saying how each uses it: "attach" (a System V segment),
   "map" (a mapping, whether or not it also has a descriptor), "open" (a
   descriptor only).  */
static void
add_users (struct ipc_row *row, int col, struct ipc_users_entry const *e,
           size_t m)
{
  for (size_t i = 0; i < m; )
    {
      pid_t pid = e[i].pid;
      bool mapped = false;
      for (; i < m && e[i].pid == pid; i++)
        mapped |= (e[i].use & IPC_USERS_MAPPED) != 0;
      ipc_row_add_process_use (row, col, pid,
                               !mapped ? "open"
                               : e->key.dev == IPC_USERS_SYSV_SHM_DEV
                               ? "attach" : "map");
    }
}

struct ipc_row *
ipc_listing_row (struct ipc_listing *l, struct ipc_listing_object const *o)
{
  size_t n = 0;
  struct ipc_users_entry const *e = NULL;
  bool known = o->used && find_users (l, o->users.dev);
  if (known)
    e = ipc_users_of (&l->users, o->users, &n);
  size_t nselected;
  bool wanted = !ipc_table_pids (l->table, &nselected);
  for (size_t i = 0; i < n && !wanted; i++)
    wanted = ipc_table_pid_selected (l->table, e[i].pid);
  if (!wanted)
    return NULL;

  struct ipc_row *row = ipc_table_add_row (l->table);
  struct ipc_object const *obj = o->object;
  char buf[64];
  if (obj->posix)
    {
      set (row, l->col[C_NAME], o->name);
      set (row, l->col[C_TYPE], "posix");
    }
  else
    {
      set (row, l->col[C_NAME], ipc_key_string (obj->key, buf));
      set (row, l->col[C_TYPE], "sysv");
      if (l->col[C_ID] >= 0)
        ipc_row_set_int (row, l->col[C_ID], obj->id);
      set (row, l->col[C_KEY], buf);
    }
  set (row, l->col[C_PERMS], ipc_perms_string (obj->mode, buf));
  set (row, l->col[C_OWNER], ipc_owner_string (obj->uid, buf, sizeof buf));
  if (l->col[C_PIDS] >= 0 && known)
    {
      /* Processes we could not read may use it too, unless the kernel
         says that nothing does.  */
      if (l->users.unreadable && !o->unused)
        {
          ipc_row_set_unknown (row, l->col[C_PIDS]);
          ipc_table_partial (l->table, l->col[C_PIDS], l->users.unreadable);
        }
      else
        add_users (row, l->col[C_PIDS], e, n);
    }
  return row;
}

void
ipc_listing_set_mappers (struct ipc_listing *l, struct ipc_row *row,
                         int col, struct ipc_users_key key)
{
  if (!l->have_users)
    return;
  if (l->users.unreadable)
    {
      ipc_row_set_unknown (row, col);
      ipc_table_partial (l->table, col, l->users.unreadable);
      return;
    }
  /* One entry per descriptor, and one for all the mappings of a
     process.  */
  size_t nentries;
  struct ipc_users_entry const *e = ipc_users_of (&l->users, key, &nentries);
  uintmax_t n = 0;
  for (size_t i = 0; i < nentries; i++)
    n += (e[i].use & IPC_USERS_MAPPED) != 0;
  ipc_row_set_uint (row, col, n);
}

/* ipc_sysv_each callback of 'ls': one row per System V object.  */
static int
add_sysv_row (struct ipc_sysv_entry const *entry, void *arg)
{
  struct ipc_listing *l = arg;
  return l->kind->add_row (l, NULL, NULL, entry);
}

/* List the POSIX objects of the kind of L.  */
static void
list_posix (struct ipc_listing *l)
{
  struct ipc_listing_kind const *k = l->kind;
  char const *dir = k->posix_dir;
  char const *mount = ipc_posix_mount_command (dir);
  struct ipc_posix_list list;
  if (ipc_posix_list (dir, k->posix_magic, k->posix_prefix,
                      k->posix_prefixed, &list) != 0)
    {
      if ((errno == ENOENT || errno == ENODEV) && mount)
        {
          errno = 0;
          l->status = ipc_failure ("cannot list POSIX %s: %s is not mounted "
                                   "(as root: %s)", k->objects, quote (dir),
                                   mount);
        }
      else
        l->status = ipc_failure ("cannot list POSIX %s in %s", k->objects,
                                 quote (dir));
      return;
    }
  if (k->posix_foreign && k->posix_foreign (dir, &list))
    {
      errno = 0;
      l->status = ipc_failure ("cannot list POSIX %s: %s belongs to another "
                               "IPC namespace (as root: %s)", k->objects,
                               quote (dir), mount);
    }
  else
    for (size_t i = 0; i < list.n; i++)
      {
        char const *name = list.objects[i].name;
        /* An object removed meanwhile is no error.  */
        if (k->add_row (l, name, dir, NULL) != 0 && errno != ENOENT)
          l->status = ipc_failure ("cannot read %s", quote (name));
      }
  ipc_posix_list_free (&list);
}

int
ipc_listing_ls (int argc, char **argv)
{
  struct ipc_listing_kind const *kind = ipc_verb_data;
  static char const *const tables[] = {
    [IPC_SYSV_MSG] = "/proc/sysvipc/msg",
    [IPC_SYSV_SHM] = "/proc/sysvipc/shm",
    [IPC_SYSV_SEM] = "/proc/sysvipc/sem"
  };
  struct ipc_listing l;
  start (&l, kind, argc, argv, false);
  list_posix (&l);
  if (ipc_sysv_each (kind->sysv, NULL, add_sysv_row, &l) != 0)
    l.status = ipc_failure ("cannot read %s", quote (tables[kind->sysv]));
  return finish (&l);
}

int
ipc_listing_stat (int argc, char **argv)
{
  struct ipc_listing_kind const *kind = ipc_verb_data;
  struct ipc_listing l;
  char const *text = argv[start (&l, kind, argc, argv, true)];
  struct ipc_addr addr;
  (kind->parse ? kind->parse : ipc_arg_address) (text, kind->accept, &addr);
  int rc;
  if (addr.kind == IPC_ADDR_POSIX)
    rc = kind->add_row (&l, addr.name, kind->posix_dir, NULL);
  else
    {
      struct ipc_sysv_entry entry;
      int id = ipc_sysv_lookup (kind->sysv, &addr);
      rc = (id < 0 || ipc_sysv_find (kind->sysv, id, &entry) != 0
            ? -1 : kind->add_row (&l, NULL, NULL, &entry));
    }
  if (rc != 0)
    ipc_die ("cannot stat %s", quote (text));
  ipc_addr_free (&addr);
  return finish (&l);
}

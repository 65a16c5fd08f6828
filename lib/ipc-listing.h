/* 'ls' and 'stat' of the commands whose objects are named POSIX objects
   and System V ones (ipc-mq, ipc-shm, ipc-sem): the listing of the POSIX
   directory and of /proc/sysvipc, stat's operand, the walk over /proc
   for PIDS and --pid, the selection by --pid, and the cells every such
   object has (NAME, TYPE, ID, KEY, PERMS, OWNER, PIDS).  A command
   describes its kind of object once, in a struct ipc_listing_kind that
   its 'ls' and 'stat' entries of the verb table carry, and writes only
   the code that reads one object and fills its own cells.

   This is the CLI layer (lib/README.md): it prints and exits.  */
#ifndef IPC_LISTING_H
#define IPC_LISTING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ipc-object.h"
#include "ipc-posix.h"
#include "ipc-sysv.h"
#include "ipc-table.h"
#include "ipc-users.h"

struct ipc_listing;

/* A kind of object, as 'ls' and 'stat' show it.  */
struct ipc_listing_kind
{
  /* The columns.  Those named NAME, TYPE, ID, KEY, PERMS, OWNER and PIDS
     are filled by ipc_listing_row; those flagged IPC_COL_USERS (PIDS,
     and any other that counts users) need the walk over /proc.  */
  struct ipc_column const *columns;
  size_t ncolumns;
  /* JSON: the array of 'ls' ("mqueues"), the object of 'stat'.  */
  char const *json_array, *json_object;
  char const *objects;          /* in messages: "queues" */

  /* The POSIX objects: the files of POSIX_DIR, a mount of the file system
     with POSIX_MAGIC, chosen by POSIX_PREFIX as ipc_posix_list does.
     POSIX_FOREIGN, when not null, tells whether the mount belongs to
     another IPC namespace (ipc_msgq_posix_dir_foreign).  */
  char const *posix_dir;
  unsigned long posix_magic;
  char const *posix_prefix;
  bool posix_prefixed;
  bool (*posix_foreign) (char const *dir, struct ipc_posix_list const *list);

  enum ipc_sysv_kind sysv;

  /* stat's operand: its address forms, and the parser that refuses more
     than ipc_arg_address does (null: ipc_arg_address).  */
  unsigned int accept;
  void (*parse) (char const *text, unsigned int accept,
                 struct ipc_addr *addr);

  /* How processes hold the objects: ipc_users_query's sources and
     sysv_shm.  */
  unsigned int users_sources;
  bool users_sysv_shm;

  /* Read one object, the POSIX one NAME in DIR when ENTRY is null, else
     the System V one of ENTRY, and add its row (ipc_listing_row).
     Return 0, or -1 with errno when it cannot be read (ENOENT: 'ls' takes
     it as removed meanwhile, and goes on).  */
  int (*add_row) (struct ipc_listing *l, char const *name, char const *dir,
                  struct ipc_sysv_entry const *entry);
};

/* The entries of the shared columns in a kind's table, whose enum names
   them P##NAME, P##TYPE...: IPC_LISTING_COLS_ID (COL_) gives
   [COL_NAME] = { "NAME", ... }, TYPE, ID and KEY; IPC_LISTING_COLS_OWNER
   (COL_) gives PERMS and OWNER; IPC_LISTING_COL_PIDS (help) the entry of
   PIDS.  */
#define IPC_LISTING_COLS_ID(p)                                          \
  [p##NAME] = { "NAME", 0.2, 0, "/name (POSIX) or key (System V)" },    \
  [p##TYPE] = { "TYPE", 5, 0, "posix or sysv" },                        \
  [p##ID] = { "ID", 5, IPC_COL_RIGHT | IPC_COL_NUMBER,                  \
              "System V identifier" },                                  \
  [p##KEY] = { "KEY", 10, 0, "System V key" }
#define IPC_LISTING_COLS_OWNER(p)                                       \
  [p##PERMS] = { "PERMS", 9, 0, "permissions" },                        \
  [p##OWNER] = { "OWNER", 8, 0, "owner" }
#define IPC_LISTING_COL_PIDS(help)                                      \
  { "PIDS", 10, IPC_COL_LIST | IPC_COL_USERS, help }

/* The verbs, for the verb table of a command, the kind of object as
   their data: parse the options and operands (ipc_table_getopt), list
   every object, or the one of the operand, print the table, and return
   the exit status.
     { "ls", "list", ipc_listing_ls, .data = &kind, ...,
       IPC_TABLE_LS_VERB (columns) },  */
int ipc_listing_ls (int argc, char **argv);
int ipc_listing_stat (int argc, char **argv);

/* What every object of a listing shows.  */
struct ipc_listing_object
{
  struct ipc_object const *object;  /* in the information of its kind */
  char const *name;             /* POSIX: "/jobs" */
  /* The object as the walk over /proc sees it (ipc-users.h), when USED:
     a POSIX object by its file, a System V segment by its id (ipc-shm
     ls: IPC_USERS_SYSV_SHM_DEV).  A System V queue or set is held by
     no descriptor or mapping, so it has no PIDS and --pid leaves it
     out.  */
  bool used;
  struct ipc_users_key users;
  /* The kernel says that no process uses it (a System V segment with
     NATTCH 0): its PIDS are complete, empty, even when the walk could
     not read every process.  */
  bool unused;
};

/* In add_row: a new row for OBJ with the cells above filled in, or null
   when --pid leaves OBJ out.  The first object that is USED makes the
   walk over /proc, when a column of IPC_COL_USERS or --pid needs it.
   PIDS lists each process once, PID:COMMAND, and in JSON also how it
   uses the object ("use": "map", "attach" or "open": a descriptor
   without a mapping).  When the walk could not read some processes,
   PIDS is unknown ("?", null) and said to be partial (ipc-table.h),
   unless OBJ is UNUSED.  */
struct ipc_row *ipc_listing_row (struct ipc_listing *l,
                                 struct ipc_listing_object const *obj);

/* Set cell COL of ROW to how many processes map the object KEY (POSIX
   NATTCH); unknown, and COL partial, when the walk could not read some
   processes; left empty when the walk was not made (no column needed
   it) or failed.  */
void ipc_listing_set_mappers (struct ipc_listing *l, struct ipc_row *row,
                              int col, struct ipc_users_key key);

#endif

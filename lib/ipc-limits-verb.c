/* The 'limits' verb.  */
#include <config.h>

#include "ipc-limits-verb.h"

#include <errno.h>

#include "error.h"
#include "quote.h"

#include "ipc-posix.h"

enum { COL_NAME, COL_TYPE, COL_VALUE, COL_USED, COL_LEFT, COL_UNIT,
       COL_DESCRIPTION };

struct ipc_column const ipc_limits_columns[IPC_LIMITS_NCOLUMNS] = {
  [COL_NAME] = { "NAME", 0.2, 0,
                 "the setting, resource limit, mount or constant" },
  [COL_TYPE] = { "TYPE", 5, 0, "posix or sysv" },
  [COL_VALUE] = { "VALUE", 8, IPC_COL_RIGHT | IPC_COL_NUMBER,
                  "the limit ('unlimited': JSON null)" },
  [COL_USED] = { "USED", 8, IPC_COL_RIGHT | IPC_COL_NUMBER,
                 "how much is used ('-': no use, '?': unknown; JSON null)" },
  [COL_LEFT] = { "LEFT", 8, IPC_COL_RIGHT | IPC_COL_NUMBER,
                 "how much is left ('?' when USED is)" },
  [COL_UNIT] = { "UNIT", 6, 0, "what VALUE, USED and LEFT count" },
  [COL_DESCRIPTION] = { "DESCRIPTION", 0.3, IPC_COL_TRUNC,
                        "what the limit bounds" },
};

/* Set cell COL of ROW to VALUE in STATE: a number (a size unless --bytes
   or JSON, when BYTES), and otherwise null in JSON, a word in tables.  */
static void
set_quantity (struct ipc_row *row, int col, bool json,
              enum ipc_limit_state state, uintmax_t value, bool bytes)
{
  switch (state)
    {
    case IPC_LIMIT_KNOWN:
      if (bytes)
        ipc_row_set_size (row, col, value);
      else
        ipc_row_set_uint (row, col, value);
      break;
    case IPC_LIMIT_UNKNOWN:
      if (!json)
        ipc_row_set (row, col, "?");
      break;
    case IPC_LIMIT_NA:
      if (!json)
        ipc_row_set (row, col, "-");
      break;
    case IPC_LIMIT_UNLIMITED:
      if (!json)
        ipc_row_set (row, col, "unlimited");
      break;
    }
}

/* Say on stderr why the use of U is unknown.  */
static void
warn_unknown (struct ipc_limit_usage const *u)
{
  char const *what = u->used_what;
  char const *mount = what ? ipc_posix_mount_command (what) : NULL;
  if ((u->used_err == ENOENT || u->used_err == ENODEV) && mount)
    error (0, 0, "USED of %s is unknown: %s is not mounted (as root: %s)",
           u->name, quote (what), mount);
  else if (u->used_err == EXDEV && mount)
    error (0, 0, "USED of %s is unknown: %s belongs to another IPC "
           "namespace (as root: %s)", u->name, quote (what), mount);
  else if (u->used_err == EACCES && what)
    error (0, 0, "USED of %s is unknown: a queue in %s may not be read; "
           "run as its owner or root", u->name, quote (what));
  else if (u->used_err)
    error (0, u->used_err, "USED of %s is unknown: cannot read %s",
           u->name, quote (what ? what : u->name));
  else
    error (0, 0, "USED of %s is unknown: %s has no size, and counts no use",
           u->name, quote (what ? what : u->name));
}

int
ipc_limits_verb (int argc, char **argv)
{
  enum ipc_limits_kind const *kind = ipc_verb_data;
  struct ipc_table_opts opts;
  ipc_table_getopt (argc, argv, &opts);
  struct ipc_table *table = ipc_table_new (ipc_limits_columns,
                                           IPC_LIMITS_NCOLUMNS, &opts,
                                           "limits", false);
  struct ipc_limit_usage rows[IPC_LIMITS_MAX];
  size_t n = ipc_limits_usage (*kind, rows);
  int status = IPC_EXIT_OK;
  for (size_t i = 0; i < n; i++)
    {
      struct ipc_limit_usage const *u = &rows[i];
      struct ipc_row *row = ipc_table_add_row (table);
      ipc_row_set (row, COL_NAME, u->name);
      ipc_row_set (row, COL_TYPE, u->posix ? "posix" : "sysv");
      set_quantity (row, COL_VALUE, opts.json, u->value_state, u->value,
                    u->bytes);
      set_quantity (row, COL_USED, opts.json, u->used_state, u->used,
                    u->bytes);
      set_quantity (row, COL_LEFT, opts.json, u->left_state, u->left,
                    u->bytes);
      ipc_row_set (row, COL_UNIT,
                   u->unit ? u->unit : opts.json ? NULL : "-");
      ipc_row_set (row, COL_DESCRIPTION, u->description);
      if (u->value_state == IPC_LIMIT_UNKNOWN)
        error (0, u->value_err, "VALUE of %s is unknown", u->name);
      if (u->used_state == IPC_LIMIT_UNKNOWN
          && (ipc_table_wants (table, COL_USED)
              || ipc_table_wants (table, COL_LEFT)))
        warn_unknown (u);
    }
  if (ipc_table_print (table) != 0)
    status = IPC_EXIT_FAILURE;
  return status;
}

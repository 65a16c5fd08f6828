/* Table and JSON output of 'ls' and 'stat' (SPEC section 4) through
   libsmartcols.  A command describes its columns once, in an array of
   struct ipc_column indexed by its own enum; that array drives --output,
   the column list in --help, the table and the JSON types.  */
#ifndef IPC_TABLE_H
#define IPC_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ipc-cli.h"

enum ipc_column_flags
{
  IPC_COL_RIGHT = 1 << 0,   /* right-aligned */
  IPC_COL_TRUNC = 1 << 1,   /* accepted, and no longer used: only lists
                               are fitted to the terminal (SPEC 4:
                               identity columns stay whole) */
  IPC_COL_NUMBER = 1 << 2,  /* a JSON number (empty cells are null); with
                               IPC_COL_LIST, an array of numbers */
  IPC_COL_SIZE = 1 << 3,    /* bytes: "64K" unless --bytes; JSON number */
  IPC_COL_LIST = 1 << 4,    /* a list: "a,b" in text, an array in JSON */
  IPC_COL_EXTRA = 1 << 5,   /* shown only when named by -o or --output-all */
  IPC_COL_USERS = 1 << 6    /* needs who uses the object (ipc-listing.h) */
};

struct ipc_column
{
  char const *name;         /* upper case, as in lsipc and lslocks */
  double width_hint;        /* as scols_table_new_column's whint */
  unsigned int flags;       /* enum ipc_column_flags */
  char const *help;         /* one line for --help */
};

/* The options of SPEC 4 common to every 'ls' and 'stat'.  */
struct ipc_table_opts
{
  bool json, raw, noheadings, bytes, output_all;
  char const *output;       /* -o's argument, or null */
  pid_t *pids;              /* 'ls --pid': the processes, sorted, each */
  size_t npids;             /*   once; null when not given */
};

enum { IPC_TABLE_OUTPUT_ALL_OPTION = IPC_OUTPUT_ALL_OPTION };

/* The options above, for the option table of a verb: the entries, and
   the table of a verb that has only them ('ls', 'stat').  -b, --bytes
   is offered only by the verbs whose columns have sizes (IPC_COL_SIZE):
   IPC_TABLE_BYTES_OPTION, ipc_table_size_options, IPC_TABLE_SIZE_VERB.  */
#define IPC_TABLE_OPTIONS                                               \
  { "json", 'J', NULL, "use the JSON output format" },                  \
  { "raw", 'r', NULL, "use the raw output format" },                    \
  { "noheadings", 'n', NULL, "do not print headings (stat: values only)" }, \
  { "output", 'o', "COL,...", "print these columns; with a leading '+', " \
    "add them to the default ones" },                                   \
  { "output-all", IPC_TABLE_OUTPUT_ALL_OPTION, NULL, "print all columns" }
#define IPC_TABLE_BYTES_OPTION                                          \
  { "bytes", 'b', NULL,                                                 \
    "print sizes in bytes rather than in a human-readable format" }
extern struct ipc_option const ipc_table_options[];
extern struct ipc_option const ipc_table_size_options[];

/* -p, --pid PID[,PID...] (repeatable), for 'ls' only (SPEC 4): only the
   objects that these processes have open, mapped, attached or locked.
   ipc_table_ls_options adds it to the options above, for the verb table
   entries of 'ls' (IPC_TABLE_LS_VERB).  A PID that does not exist is an error (exit 1).  */
#define IPC_TABLE_PID_OPTION                                            \
  { "pid", 'p', "PID,...", "only the objects that these processes " \
    "have open, mapped, attached or locked (repeatable)" }
extern struct ipc_option const ipc_table_ls_options[];
extern struct ipc_option const ipc_table_size_ls_options[];

/* The fields of the verb table entry of an 'ls' or 'stat' verb that
   lists the array COLS: { "ls", "list", verb_ls, IPC_TABLE_VERB (cols),
   ... }.  */
#define IPC_TABLE_VERB(cols)                                            \
  .options = ipc_table_options, .columns = (cols),                      \
  .ncolumns = sizeof (cols) / sizeof *(cols)

/* The same for an 'ls' verb, with --pid.  */
#define IPC_TABLE_LS_VERB(cols)                                         \
  .options = ipc_table_ls_options, .columns = (cols),                   \
  .ncolumns = sizeof (cols) / sizeof *(cols)

/* The same two with -b, --bytes, for the verbs whose COLS have sizes.  */
#define IPC_TABLE_SIZE_VERB(cols)                                       \
  .options = ipc_table_size_options, .columns = (cols),                 \
  .ncolumns = sizeof (cols) / sizeof *(cols)
#define IPC_TABLE_SIZE_LS_VERB(cols)                                    \
  .options = ipc_table_size_ls_options, .columns = (cols),              \
  .ncolumns = sizeof (cols) / sizeof *(cols)

/* If C is the key of one of the options above, record it (and ARG) in
   OPTS and return true.  */
bool ipc_table_option (struct ipc_table_opts *opts, int c, char const *arg);

/* Parse the options of an 'ls' or 'stat' verb whose option table is
   ipc_table_options (or ipc_table_ls_options) into OPTS, and check its
   operands (ipc_operands), then that the processes of --pid exist.
   Return the index of the first operand.  */
int ipc_table_getopt (int argc, char **argv, struct ipc_table_opts *opts);

/* ipc_table_getopt for a verb whose option table has options of its own
   besides those above: OTHER (C, OPTARG, ARG) is called with each of
   them, in the order given.  */
int ipc_table_getopt_other (int argc, char **argv,
                            struct ipc_table_opts *opts,
                            void (*other) (int c, char const *optarg,
                                           void *arg),
                            void *arg);

/* Print the help of the options above (with --bytes when COLUMNS have
   sizes), then the list of COLUMNS as ipc_table_columns_usage does.  */
void ipc_table_usage (struct ipc_column const *columns, size_t ncolumns);

/* Print the list of COLUMNS with their help, the default ones marked, for
   'VERB --help'.  */
void ipc_table_columns_usage (struct ipc_column const *columns,
                              size_t ncolumns);

struct ipc_table;
struct ipc_row;

/* A table over COLUMNS (NCOLUMNS of them).  JSON_NAME names the array of
   a listing ("locks").  STAT makes the output that of 'stat': one block
   of "COLUMN: value" lines per row, or one JSON object.  An unknown
   column in OPTS->output is a usage error (exit 2).  */
struct ipc_table *ipc_table_new (struct ipc_column const *columns,
                                 size_t ncolumns,
                                 struct ipc_table_opts const *opts,
                                 char const *json_name, bool stat);

/* The processes of --pid, sorted, in *N; null (and 0) when --pid was not
   given, so that every object is listed.  */
pid_t const *ipc_table_pids (struct ipc_table const *table, size_t *n);

/* Whether --pid was not given, or names PID.  */
bool ipc_table_pid_selected (struct ipc_table const *table, pid_t pid);

/* Whether column COL is printed, so that costly cells can be skipped.  */
bool ipc_table_wants (struct ipc_table const *table, int col);

/* A new row; cells not set stay empty (null in JSON).  */
struct ipc_row *ipc_table_add_row (struct ipc_table *table);

void ipc_row_set (struct ipc_row *row, int col, char const *text);
/* Set cell COL of ROW to TEXT in tables, --raw and 'stat' lines, and to
   null in JSON, a list column too (null, not an array): for what has no
   number or list to give, as the open end of a lock range ("EOF") or a
   value that could not be known ("?", SPEC 4).  Setting the cell again
   makes it an ordinary one.  */
void ipc_row_set_json_null (struct ipc_row *row, int col, char const *text);
void ipc_row_printf (struct ipc_row *row, int col, char const *format, ...)
  __attribute__ ((__format__ (__printf__, 3, 4)));
void ipc_row_set_int (struct ipc_row *row, int col, intmax_t value);
void ipc_row_set_uint (struct ipc_row *row, int col, uintmax_t value);
void ipc_row_set_size (struct ipc_row *row, int col, uintmax_t bytes);
/* Append ITEM to the list in cell COL.  In text output the items are
   joined by commas, and a comma inside an item is escaped (\x2c), so
   that no item reads as two.  */
void ipc_row_add_item (struct ipc_row *row, int col, char const *item);
/* Append PID_COMMAND, "PID:COMMAND" as ipc_proc_pid_comm makes it, to
   the list in cell COL: in text output the commas and colons of COMMAND
   are escaped (\x2c, \x3a: SPEC 4), so that no command name forges an
   entry; JSON has the typed object {"pid": PID, "command": "COMMAND"}
   (SPEC 4: the one shape of a process in every command), with COMMAND
   as it is.  */
void ipc_row_add_process_item (struct ipc_row *row, int col,
                               char const *pid_command);
/* Append "PID:COMMAND" of process PID to the list in cell COL, as
   ipc_row_add_process_item; nothing for a PID that is not known (0 or
   less: another PID namespace's).  */
void ipc_row_add_process (struct ipc_row *row, int col, pid_t pid);
/* The same, saying in JSON how the process uses the object: the member
   "use": USE (a static string: "map", "open", "attach") when USE is not
   null.  Text output is PID:COMMAND alone.  */
void ipc_row_add_process_use (struct ipc_row *row, int col, pid_t pid,
                              char const *use);
/* Append TEXT to the list in cell COL, as ipc_row_add_item, that JSON
   shows as the object {KEY: "TEXT"} (KEY a static lower-case string),
   or {KEY: NUMBER}: the items of a list that are not processes, typed
   as its processes are (a socket's remote address, {"addr": ...}).  */
void ipc_row_add_keyed_item (struct ipc_row *row, int col, char const *key,
                             char const *text);
void ipc_row_add_keyed_number (struct ipc_row *row, int col,
                               char const *key, char const *text,
                               uintmax_t number);

/* Unknown is not zero (SPEC 4).  ipc_row_set_unknown makes cell COL a
   value that could not be completed, a count or a list of processes of
   which some could not be read: "?" in text output, null in JSON.
   ipc_table_partial says that column COL is partial because NPROCS
   processes could not be read (another user's /proc/PID, without
   privilege; ipc_users_find counts them); ipc_table_print then says so
   in one line on stderr, for every partial column printed:
     ipc-shm: PIDS is partial: 12 processes could not be read; run as root
     ipc-pipe: WRITERS and READERS are partial: ...
   The exit status is the caller's: a partial listing is no failure.  */
void ipc_row_set_unknown (struct ipc_row *row, int col);
void ipc_table_partial (struct ipc_table *table, int col, size_t nprocs);
/* The same for each of the N processes PIDS.  */
void ipc_row_add_processes (struct ipc_row *row, int col, pid_t const *pids,
                            size_t n);

/* Print the table to stdout and free it.

   On a terminal, the aligned table is fitted to its width by narrowing
   the lists (IPC_COL_LIST), the widest first, down to the width of
   their header: a list keeps the items that fit and ends with ",+N"
   for the N left out ("+N" alone when none fits), never cut silently.
   Every other column, identity ones (NAME, ADDR, PATH) included, stays
   whole, so a table whose other columns are too wide is wider than the
   terminal.  Not on a terminal, --raw, --json and 'stat' are whole.

   Every value is escaped by the same rule in every command, so that
   names that differ print differently and a script can get the bytes
   back: in the aligned table, 'stat' lines and --raw, control
   characters, bytes that are not a printable character of the locale
   (invalid UTF-8 in a UTF-8 locale), a backslash followed by 'x', and
   (--raw only) blanks become \xHH, two lower-case hexadecimal digits;
   the rest of the text, UTF-8 included, is as it is; in a list, so do
   a comma inside an item and a colon inside a command name.  In JSON, valid
   UTF-8 is as it is (control characters, '"' and '\' escaped as JSON
   does); a byte that is not part of a valid UTF-8 character becomes the
   four characters \xHH in the string, and so does a backslash followed
   by 'x' (\x5c), so that in every format each \xHH stands for one byte
   of the name.

   Return 0, or -1 if writing failed (reported at exit, with the reason: ipc_stdout_failed).  */
int ipc_table_print (struct ipc_table *table);
void ipc_table_free (struct ipc_table *table);

#endif

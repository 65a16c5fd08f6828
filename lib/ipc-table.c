/* Table and JSON output of 'ls' and 'stat' (SPEC section 4).

   Rows are kept in our own cells until ipc_table_print, which then hands
   them to libsmartcols for the aligned listing, or writes the raw and
   JSON listings and the "COLUMN: value" blocks of 'stat' itself.

   Every value is escaped here, by one escaper per format, for every
   command, 'ls' and 'stat' alike (the rules are in ipc-table.h), and
   only the aligned table goes through libsmartcols, with its own
   encoding turned off.  libsmartcols 2.38 would pass invalid UTF-8
   through JSON unescaped (a document JSON parsers refuse), print an
   empty array as [null] and an empty listing with blank lines, escape
   every byte of a UTF-8 character in raw output, and escape our own
   escapes again ("\x2c" as "\x5cx2c"); we write JSON and raw output
   ourselves.

   libsmartcols is loaded with dlopen by the first aligned listing, not
   by the dynamic linker at every start: loading it took 0.2 ms of the
   1.3 ms of a verb that prints no table, such as 'ipc-sem post'
   (2026-11).  */
#include <config.h>

#include "ipc-table.h"

#include <dlfcn.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdckdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>
#include <wctype.h>

#include <libsmartcols.h>

#include "c-ctype.h"
#include "c-strcase.h"
#include "error.h"
#include "exitfail.h"
#include "quote.h"
#include "xalloc.h"

#include "ipc-cli.h"
#include "ipc-proc.h"

/* An item of a list: TEXT, of which the bytes from COMMAND on are a
   command name (NO_COMMAND: none), whose ',' and ':' text output
   escapes (SPEC 4).  A process (PID > 0) is the JSON object {"pid":
   PID, "command": COMMAND}, with "use": USE when USE is not null; an
   item with a KEY is the object {KEY: TEXT}, or {KEY: NUMBER} when
   NUMERIC; any other item is the string TEXT.  */
struct ipc_item
{
  char *text;
  size_t command;
  pid_t pid;
  char const *use;
  char const *key;
  bool numeric;
  uintmax_t number;
};
#define NO_COMMAND SIZE_MAX

/* One cell: TEXT for plain columns, ITEMS for IPC_COL_LIST ones.  A null
   TEXT or no items is an empty cell; UNKNOWN, a value that could not be
   completed ("?", JSON null: SPEC 4).  JSON_NULL: null in JSON whatever
   the text (ipc_row_set_json_null).  */
struct ipc_cell
{
  bool unknown;
  char *text;
  struct ipc_item *items;
  size_t nitems;
  size_t items_alloc;
  bool json_null;
};

struct ipc_row
{
  struct ipc_table *table;
  struct ipc_cell *cells;       /* one per column of the array */
};

struct ipc_table
{
  struct ipc_column const *columns;
  size_t ncolumns;
  struct ipc_table_opts opts;
  char *json_name;
  bool stat;
  /* The columns printed, in order (a column may appear twice).  */
  size_t *shown;
  size_t nshown;
  size_t shown_alloc;
  struct ipc_row **rows;
  size_t nrows;
  size_t rows_alloc;
  /* For each column, how many processes could not be read for it
     (ipc_table_partial), 0 when it is complete.  */
  size_t *partial;
};

/* Add the processes of ARG, the comma-separated list of --pid, to
   OPTS.  */
static void
add_pids (struct ipc_table_opts *opts, char const *arg)
{
  char *list = xstrdup (arg);
  char *next;
  for (char *item = list; item; item = next)
    {
      next = strchr (item, ',');
      if (next)
        *next++ = '\0';
      pid_t pid = ipc_arg_count ("--pid", item, 1, INT_MAX);
      opts->pids = xreallocarray (opts->pids, opts->npids + 1,
                                  sizeof *opts->pids);
      opts->pids[opts->npids++] = pid;
    }
  free (list);
}

static int
compare_pids (void const *a, void const *b)
{
  pid_t x = *(pid_t const *) a, y = *(pid_t const *) b;
  return (x > y) - (x < y);
}

/* Sort the processes of --pid, each once, and check that they exist,
   as the last step of parsing: a usage error comes first.  */
static void
check_pids (struct ipc_table_opts *opts)
{
  if (opts->npids > 1)
    qsort (opts->pids, opts->npids, sizeof *opts->pids, compare_pids);
  size_t kept = 0;
  for (size_t i = 0; i < opts->npids; i++)
    if (kept == 0 || opts->pids[kept - 1] != opts->pids[i])
      opts->pids[kept++] = opts->pids[i];
  opts->npids = kept;
  for (size_t i = 0; i < opts->npids; i++)
    if (!ipc_proc_exists (opts->pids[i]))
      error (IPC_EXIT_FAILURE, ESRCH, "cannot find process %ld",
             (long) opts->pids[i]);
}

bool
ipc_table_option (struct ipc_table_opts *opts, int c, char const *arg)
{
  switch (c)
    {
    case 'J':
      opts->json = true;
      return true;
    case 'r':
      opts->raw = true;
      return true;
    case 'n':
      opts->noheadings = true;
      return true;
    case 'o':
      opts->output = arg;
      return true;
    case 'b':
      opts->bytes = true;
      return true;
    case IPC_TABLE_OUTPUT_ALL_OPTION:
      opts->output_all = true;
      return true;
    case 'p':
      add_pids (opts, arg);
      return true;
    default:
      return false;
    }
}

struct ipc_option const ipc_table_options[] = {
  IPC_TABLE_OPTIONS, { NULL, 0, NULL, NULL }
};

struct ipc_option const ipc_table_ls_options[] = {
  IPC_TABLE_OPTIONS, IPC_TABLE_PID_OPTION, { NULL, 0, NULL, NULL }
};

struct ipc_option const ipc_table_size_options[] = {
  IPC_TABLE_OPTIONS, IPC_TABLE_BYTES_OPTION, { NULL, 0, NULL, NULL }
};

struct ipc_option const ipc_table_size_ls_options[] = {
  IPC_TABLE_OPTIONS, IPC_TABLE_BYTES_OPTION, IPC_TABLE_PID_OPTION,
  { NULL, 0, NULL, NULL }
};

int
ipc_table_getopt_other (int argc, char **argv, struct ipc_table_opts *opts,
                        void (*other) (int c, char const *optarg,
                                       void *arg),
                        void *arg)
{
  memset (opts, 0, sizeof *opts);
  int c;
  while ((c = ipc_getopt (argc, argv)) != -1)
    if (!ipc_table_option (opts, c, optarg) && other)
      other (c, optarg, arg);
  int first = ipc_operands (argc, argv);
  check_pids (opts);
  return first;
}

int
ipc_table_getopt (int argc, char **argv, struct ipc_table_opts *opts)
{
  return ipc_table_getopt_other (argc, argv, opts, NULL, NULL);
}

void
ipc_table_usage (struct ipc_column const *columns, size_t ncolumns)
{
  bool sizes = false;
  for (size_t i = 0; i < ncolumns; i++)
    sizes |= (columns[i].flags & IPC_COL_SIZE) != 0;
  ipc_options_usage (sizes ? ipc_table_size_options : ipc_table_options);
  ipc_table_columns_usage (columns, ncolumns);
}

void
ipc_table_columns_usage (struct ipc_column const *columns, size_t ncolumns)
{
  /* Align the help texts after the longest name, within reason.  */
  int width = 0;
  for (size_t i = 0; i < ncolumns; i++)
    {
      size_t len = strlen (columns[i].name);
      if ((size_t) width < len)
        width = len < 24 ? len : 24;
    }
  fputs ("\nAvailable output columns (* = shown by default):\n", stdout);
  for (size_t i = 0; i < ncolumns; i++)
    printf (" %c %-*s  %s\n",
            columns[i].flags & IPC_COL_EXTRA ? ' ' : '*',
            width, columns[i].name, columns[i].help);
}

/* Append column index COL to the printed ones of TABLE.  */
static void
show_column (struct ipc_table *table, size_t col)
{
  if (table->nshown == table->shown_alloc)
    table->shown = x2nrealloc (table->shown, &table->shown_alloc,
                               sizeof *table->shown);
  table->shown[table->nshown++] = col;
}

/* Parse the comma-separated column names of -o (after any '+') and show
   them; an unknown or empty name is a usage error.  */
static void
show_named_columns (struct ipc_table *table, char const *list)
{
  char const *name = list;
  for (;;)
    {
      size_t len = strcspn (name, ",");
      size_t col;
      for (col = 0; col < table->ncolumns; col++)
        if (strlen (table->columns[col].name) == len
            && c_strncasecmp (table->columns[col].name, name, len) == 0)
          break;
      if (col == table->ncolumns)
        ipc_usage_error ("unknown column %s", quote_mem (name, len));
      show_column (table, col);
      if (name[len] == '\0')
        break;
      name += len + 1;
    }
}

struct ipc_table *
ipc_table_new (struct ipc_column const *columns, size_t ncolumns,
               struct ipc_table_opts const *opts, char const *json_name,
               bool stat)
{
  if (opts->json && opts->raw)
    ipc_usage_error ("options --json and --raw are mutually exclusive");

  struct ipc_table *table = xzalloc (sizeof *table);
  table->columns = columns;
  table->ncolumns = ncolumns;
  table->opts = *opts;
  table->json_name = xstrdup (json_name ? json_name : "");
  table->stat = stat;
  table->partial = xcalloc (ncolumns, sizeof *table->partial);

  /* As in util-linux, -o replaces the default columns (or all of them
     with --output-all) unless it starts with '+'.  */
  char const *output = opts->output;
  bool append = output && output[0] == '+';
  if (!output || append)
    for (size_t col = 0; col < ncolumns; col++)
      if (opts->output_all || !(columns[col].flags & IPC_COL_EXTRA))
        show_column (table, col);
  if (output)
    show_named_columns (table, output + append);
  return table;
}

pid_t const *
ipc_table_pids (struct ipc_table const *table, size_t *n)
{
  *n = table->opts.npids;
  return table->opts.pids;
}

bool
ipc_table_pid_selected (struct ipc_table const *table, pid_t pid)
{
  return (!table->opts.pids
          || bsearch (&pid, table->opts.pids, table->opts.npids,
                      sizeof pid, compare_pids));
}

bool
ipc_table_wants (struct ipc_table const *table, int col)
{
  for (size_t i = 0; i < table->nshown; i++)
    if (table->shown[i] == (size_t) col)
      return true;
  return false;
}

struct ipc_row *
ipc_table_add_row (struct ipc_table *table)
{
  struct ipc_row *row = xmalloc (sizeof *row);
  row->table = table;
  row->cells = xcalloc (table->ncolumns, sizeof *row->cells);
  if (table->nrows == table->rows_alloc)
    table->rows = x2nrealloc (table->rows, &table->rows_alloc,
                              sizeof *table->rows);
  table->rows[table->nrows++] = row;
  return row;
}

/* The cell of ROW in column COL; a column outside the array is a bug of
   the caller.  */
static struct ipc_cell *
row_cell (struct ipc_row *row, int col)
{
  if (col < 0 || (size_t) col >= row->table->ncolumns)
    abort ();
  return &row->cells[col];
}

/* Empty CELL.  */
static void
cell_clear (struct ipc_cell *cell)
{
  cell->unknown = false;
  free (cell->text);
  cell->text = NULL;
  for (size_t i = 0; i < cell->nitems; i++)
    free (cell->items[i].text);
  cell->nitems = 0;
  cell->json_null = false;
}

/* Append the new string ITEM (taken over) to CELL's list; its bytes from
   COMMAND on are a command name (NO_COMMAND: none).  Return the new
   item, a plain one until the caller says more.  */
static struct ipc_item *
cell_push_item (struct ipc_cell *cell, char *item, size_t command)
{
  if (cell->nitems == cell->items_alloc)
    cell->items = x2nrealloc (cell->items, &cell->items_alloc,
                              sizeof *cell->items);
  cell->unknown = false;
  struct ipc_item *it = &cell->items[cell->nitems++];
  *it = (struct ipc_item) { .text = item, .command = command };
  return it;
}

/* Set cell COL of ROW to TEXT, taken over; null or "" empties it.  A list
   column gets TEXT as its only item.  */
static void
row_take (struct ipc_row *row, int col, char *text)
{
  struct ipc_cell *cell = row_cell (row, col);
  cell_clear (cell);
  if (!text || !*text)
    free (text);
  else if (row->table->columns[col].flags & IPC_COL_LIST)
    cell_push_item (cell, text, NO_COMMAND);
  else
    cell->text = text;
}

void
ipc_row_set (struct ipc_row *row, int col, char const *text)
{
  row_take (row, col, text ? xstrdup (text) : NULL);
}

void
ipc_row_set_json_null (struct ipc_row *row, int col, char const *text)
{
  ipc_row_set (row, col, text);
  row_cell (row, col)->json_null = true;
}

void
ipc_row_printf (struct ipc_row *row, int col, char const *format, ...)
{
  va_list ap;
  va_start (ap, format);
  char *text;
  int n = vasprintf (&text, format, ap);
  va_end (ap);
  if (n < 0)
    {
      if (errno == ENOMEM || errno == EOVERFLOW)
        xalloc_die ();
      /* An encoding error in a %ls argument: leave the cell empty.  */
      text = NULL;
    }
  row_take (row, col, text);
}

void
ipc_row_set_int (struct ipc_row *row, int col, intmax_t value)
{
  char buf[32];
  snprintf (buf, sizeof buf, "%jd", value);
  ipc_row_set (row, col, buf);
}

void
ipc_row_set_uint (struct ipc_row *row, int col, uintmax_t value)
{
  char buf[32];
  snprintf (buf, sizeof buf, "%ju", value);
  ipc_row_set (row, col, buf);
}

/* Format BYTES into BUF as lsipc does: powers of 1024 with a one-letter
   suffix and at most one decimal, rounded ("0B", "512B", "64K", "1.5M").  */
static void
format_human_size (uintmax_t bytes, char buf[static 32])
{
  static char const suffixes[] = "BKMGTPE";
  unsigned int exp = 0;
  while (exp < 6 && bytes >> (10 * (exp + 1)) != 0)
    exp++;
  if (exp == 0)
    {
      snprintf (buf, 32, "%juB", bytes);
      return;
    }
  unsigned int shift = 10 * exp;
  uintmax_t whole = bytes >> shift;
  /* The remainder in 1/1024ths of the unit is precise enough to round
     to one decimal, and cannot overflow.  */
  uintmax_t rem1024 = (bytes & ((UINTMAX_C (1) << shift) - 1)) >> (shift - 10);
  unsigned int tenths = (rem1024 * 10 + 512) >> 10;
  if (tenths == 10)
    {
      whole++;
      tenths = 0;
      if (whole == 1024 && exp < 6)
        {
          whole = 1;
          exp++;
        }
    }
  if (tenths)
    snprintf (buf, 32, "%ju.%u%c", whole, tenths, suffixes[exp]);
  else
    snprintf (buf, 32, "%ju%c", whole, suffixes[exp]);
}

void
ipc_row_set_size (struct ipc_row *row, int col, uintmax_t bytes)
{
  struct ipc_table_opts const *opts = &row->table->opts;
  if (opts->json || opts->bytes)
    ipc_row_set_uint (row, col, bytes);
  else
    {
      char buf[32];
      format_human_size (bytes, buf);
      ipc_row_set (row, col, buf);
    }
}

/* ipc_row_add_item, with the bytes of ITEM from COMMAND on a command
   name (NO_COMMAND: none).  Return the new item of a list column, for
   the caller to type; null for a plain column.  */
static struct ipc_item *
add_item (struct ipc_row *row, int col, char const *item, size_t command)
{
  struct ipc_cell *cell = row_cell (row, col);
  cell->unknown = false;
  if (row->table->columns[col].flags & IPC_COL_LIST)
    return cell_push_item (cell, xstrdup (item), command);
  else if (!cell->text)
    cell->text = xstrdup (item);
  else
    {
      /* A plain column given items: join them as in text output.  */
      size_t old = strlen (cell->text), len = strlen (item), size;
      if (ckd_add (&size, old, len) || ckd_add (&size, size, 2))
        xalloc_die ();
      cell->text = xrealloc (cell->text, size);
      cell->text[old] = ',';
      memcpy (cell->text + old + 1, item, len + 1);
    }
  return NULL;
}

void
ipc_row_add_item (struct ipc_row *row, int col, char const *item)
{
  add_item (row, col, item, NO_COMMAND);
}

void
ipc_row_add_keyed_item (struct ipc_row *row, int col, char const *key,
                        char const *text)
{
  struct ipc_item *it = add_item (row, col, text, NO_COMMAND);
  if (it)
    it->key = key;
}

void
ipc_row_add_keyed_number (struct ipc_row *row, int col, char const *key,
                          char const *text, uintmax_t number)
{
  struct ipc_item *it = add_item (row, col, text, NO_COMMAND);
  if (it)
    {
      it->key = key;
      it->numeric = true;
      it->number = number;
    }
}

/* The PID at the start of "PID:COMMAND" TEXT, whose colon is at COLON;
   0 when it is not one.  */
static pid_t
leading_pid (char const *text, char const *colon)
{
  intmax_t pid = 0;
  if (colon == text || (*text == '0'))
    return 0;
  for (char const *p = text; p < colon; p++)
    if (!c_isdigit (*p) || ckd_mul (&pid, pid, 10)
        || ckd_add (&pid, pid, *p - '0') || pid > INT_MAX)
      return 0;
  return pid;
}

void
ipc_row_add_process_item (struct ipc_row *row, int col,
                          char const *pid_command)
{
  char const *colon = strchr (pid_command, ':');
  struct ipc_item *it
    = add_item (row, col, pid_command,
                colon ? (size_t) (colon + 1 - pid_command) : NO_COMMAND);
  if (it && colon)
    it->pid = leading_pid (pid_command, colon);
}

void
ipc_row_add_process_use (struct ipc_row *row, int col, pid_t pid,
                         char const *use)
{
  if (pid <= 0)
    return;
  char *who = ipc_proc_pid_comm (pid);
  if (!who)
    xalloc_die ();
  char const *colon = strchr (who, ':');
  struct ipc_item *it = add_item (row, col, who, colon + 1 - who);
  if (it)
    {
      it->pid = pid;
      it->use = use;
    }
  free (who);
}

void
ipc_row_add_process (struct ipc_row *row, int col, pid_t pid)
{
  ipc_row_add_process_use (row, col, pid, NULL);
}

void
ipc_row_set_unknown (struct ipc_row *row, int col)
{
  struct ipc_cell *cell = row_cell (row, col);
  cell_clear (cell);
  cell->unknown = true;
}

void
ipc_table_partial (struct ipc_table *table, int col, size_t nprocs)
{
  if (col < 0 || (size_t) col >= table->ncolumns)
    abort ();
  if (table->partial[col] < nprocs)
    table->partial[col] = nprocs;
}

void
ipc_row_add_processes (struct ipc_row *row, int col, pid_t const *pids,
                       size_t n)
{
  for (size_t i = 0; i < n; i++)
    ipc_row_add_process (row, col, pids[i]);
}

/* A growing string, for building cell texts and JSON values.  */
struct strbuf
{
  char *data;
  size_t len, alloc;
};

/* Append the N bytes at P to SB.  */
static void
sb_append (struct strbuf *sb, char const *p, size_t n)
{
  if (sb->alloc - sb->len <= n)
    {
      size_t need, alloc = sb->alloc < 64 ? 64 : sb->alloc;
      if (ckd_add (&need, sb->len, n) || ckd_add (&need, need, 1))
        xalloc_die ();
      while (alloc < need)
        if (ckd_mul (&alloc, alloc, 2))
          xalloc_die ();
      sb->data = xrealloc (sb->data, alloc);
      sb->alloc = alloc;
    }
  memcpy (sb->data + sb->len, p, n);
  sb->len += n;
  sb->data[sb->len] = '\0';
}

/* Append the string S to SB.  */
static void
sb_puts (struct strbuf *sb, char const *s)
{
  sb_append (sb, s, strlen (s));
}

/* Append the byte C to SB as the escape \xHH.  */
static void
sb_hex_escape (struct strbuf *sb, unsigned char c)
{
  char esc[8];
  snprintf (esc, sizeof esc, "\\x%02x", c);
  sb_puts (sb, esc);
}

/* Whether the byte at P, N bytes being left, is a backslash followed by
   'x': it is written \x5c, so that every \xHH of the output stands for
   one byte (the rule of ipc-table.h).  */
static bool
starts_escape (unsigned char const *p, size_t n)
{
  return *p == '\\' && n > 1 && p[1] == 'x';
}

/* How text cells are escaped.  */
enum text_style
{
  TEXT_TABLE,                   /* aligned table and 'stat' lines */
  TEXT_RAW                      /* --raw: blanks too */
};

/* Append the N bytes at S to SB for text output: characters that the
   locale can print stay as they are, unless STYLE is TEXT_RAW and they
   are blanks; control characters, bytes that are not a character of the
   locale and the ASCII characters of the string EXTRA become \xHH, and
   so does a backslash followed by 'x'.  */
static void
sb_text (struct strbuf *sb, char const *s, size_t n, enum text_style style,
         char const *extra)
{
  unsigned char const *p = (unsigned char const *) s;
  mbstate_t state = { 0 };
  while (n > 0)
    {
      size_t len = 1;
      bool escape;
      if (*p < 0x80)
        escape = (*p < 0x20 || *p == 0x7f || starts_escape (p, n)
                  || (style == TEXT_RAW && (*p == ' ' || *p == '\t'))
                  || (*p && strchr (extra, *p)));
      else
        {
          wchar_t wc;
          len = mbrtowc (&wc, (char const *) p, n, &state);
          escape = (len == (size_t) -1 || len == (size_t) -2 || len == 0
                    || !iswprint (wc)
                    || (style == TEXT_RAW && iswblank (wc)));
          if (escape)
            {
              memset (&state, 0, sizeof state);
              len = 1;
            }
        }
      if (escape)
        sb_hex_escape (sb, *p);
      else
        sb_append (sb, (char const *) p, len);
      p += len;
      n -= len;
    }
}

/* Append the text of column COL of ROW to SB, escaped for STYLE: lists
   joined by commas, with the commas of an item escaped, and the colons
   of its command name.  */
static void
sb_text_value (struct strbuf *sb, struct ipc_row const *row, size_t col,
               enum text_style style)
{
  struct ipc_cell const *cell = &row->cells[col];
  if (cell->unknown)
    {
      sb_puts (sb, "?");
      return;
    }
  if (cell->text)
    sb_text (sb, cell->text, strlen (cell->text), style, "");
  for (size_t i = 0; i < cell->nitems; i++)
    {
      struct ipc_item const *item = &cell->items[i];
      size_t len = strlen (item->text);
      size_t command = item->command < len ? item->command : len;
      if (i)
        sb_puts (sb, ",");
      sb_text (sb, item->text, command, style, ",");
      sb_text (sb, item->text + command, len - command, style, ",:");
    }
}

/* The length of the valid UTF-8 sequence at the start of the N bytes at
   S, or 0 if it is not one (overlong forms, surrogates and code points
   past U+10FFFF are not valid).  */
static size_t
utf8_sequence_length (unsigned char const *s, size_t n)
{
  unsigned char c = s[0];
  size_t len;
  unsigned int min, cp;
  if (c < 0x80)
    return 1;
  else if (0xc2 <= c && c <= 0xdf)
    len = 2, min = 0x80, cp = c & 0x1f;
  else if (0xe0 <= c && c <= 0xef)
    len = 3, min = 0x800, cp = c & 0x0f;
  else if (0xf0 <= c && c <= 0xf4)
    len = 4, min = 0x10000, cp = c & 0x07;
  else
    return 0;
  if (n < len)
    return 0;
  for (size_t i = 1; i < len; i++)
    {
      if ((s[i] & 0xc0) != 0x80)
        return 0;
      cp = (cp << 6) | (s[i] & 0x3f);
    }
  if (cp < min || cp > 0x10ffff || (0xd800 <= cp && cp <= 0xdfff))
    return 0;
  return len;
}

/* Append S to SB as a JSON string, quotes included, so that the string
   read back is S whenever S is UTF-8 without "\x" in it, and stands for
   S by the rule of ipc-table.h otherwise: a byte that is not part of a
   valid UTF-8 character becomes the four characters \xHH (written
   "\\xHH" in JSON), and so does a backslash followed by 'x' (\x5c).
   Control characters become \uXXXX (or \n, \t, ...).  */
static void
sb_json_string (struct strbuf *sb, char const *s)
{
  unsigned char const *p = (unsigned char const *) s;
  size_t n = strlen (s);
  sb_append (sb, "\"", 1);
  while (n > 0)
    {
      char esc[8];
      size_t len = utf8_sequence_length (p, n);
      if (len == 0 || starts_escape (p, n))
        {
          snprintf (esc, sizeof esc, "\\\\x%02x", *p);
          sb_puts (sb, esc);
          len = 1;
        }
      else if (*p < 0x20 || *p == 0x7f)
        {
          char const *named = (*p == '\n' ? "\\n" : *p == '\t' ? "\\t"
                               : *p == '\r' ? "\\r" : *p == '\b' ? "\\b"
                               : *p == '\f' ? "\\f" : NULL);
          if (named)
            sb_puts (sb, named);
          else
            {
              snprintf (esc, sizeof esc, "\\u%04x", *p);
              sb_puts (sb, esc);
            }
        }
      else if (*p == '"' || *p == '\\')
        {
          esc[0] = '\\';
          esc[1] = *p;
          sb_append (sb, esc, 2);
        }
      else
        sb_append (sb, (char const *) p, len);
      p += len;
      n -= len;
    }
  sb_append (sb, "\"", 1);
}

/* Whether S is a number as JSON writes them: -?(0|[1-9][0-9]*)(.[0-9]+)?
   ([eE][+-]?[0-9]+)?  Cells of number columns that are not ("-", "?")
   are printed as strings, so that the document stays valid.  */
static bool
is_json_number (char const *s)
{
  if (*s == '-')
    s++;
  if (*s == '0')
    s++;
  else if (c_isdigit (*s))
    while (c_isdigit (*s))
      s++;
  else
    return false;
  if (*s == '.')
    {
      s++;
      if (!c_isdigit (*s))
        return false;
      while (c_isdigit (*s))
        s++;
    }
  if (*s == 'e' || *s == 'E')
    {
      s++;
      if (*s == '+' || *s == '-')
        s++;
      if (!c_isdigit (*s))
        return false;
      while (c_isdigit (*s))
        s++;
    }
  return *s == '\0';
}

/* Append NAME in lower case as a JSON key to SB.  */
static void
sb_json_key (struct strbuf *sb, char const *name)
{
  char *lower = xstrdup (name);
  for (char *p = lower; *p; p++)
    *p = c_tolower (*p);
  sb_json_string (sb, lower);
  free (lower);
  sb_puts (sb, ": ");
}

/* Append ITEM of a list of column FLAGS to SB as JSON: a process as
   {"pid": PID, "command": COMMAND[, "use": USE]}, a keyed item as
   {KEY: VALUE}, a number of a list of numbers (per-member values) as a
   number, anything else as a string.  */
static void
sb_json_item (struct strbuf *sb, struct ipc_item const *item,
              unsigned int flags)
{
  char buf[32];
  if (item->pid > 0)
    {
      size_t len = strlen (item->text);
      size_t command = item->command < len ? item->command : len;
      snprintf (buf, sizeof buf, "{\"pid\": %ld, ", (long) item->pid);
      sb_puts (sb, buf);
      sb_json_key (sb, "command");
      sb_json_string (sb, item->text + command);
      if (item->use)
        {
          sb_puts (sb, ", ");
          sb_json_key (sb, "use");
          sb_json_string (sb, item->use);
        }
      sb_puts (sb, "}");
    }
  else if (item->key)
    {
      sb_puts (sb, "{");
      sb_json_key (sb, item->key);
      if (item->numeric)
        {
          snprintf (buf, sizeof buf, "%ju", item->number);
          sb_puts (sb, buf);
        }
      else
        sb_json_string (sb, item->text);
      sb_puts (sb, "}");
    }
  else if ((flags & IPC_COL_NUMBER) && is_json_number (item->text))
    sb_puts (sb, item->text);
  else
    sb_json_string (sb, item->text);
}

/* Append the JSON value of column COL of ROW to SB.  */
static void
sb_json_value (struct strbuf *sb, struct ipc_row const *row, size_t col)
{
  struct ipc_cell const *cell = &row->cells[col];
  unsigned int flags = row->table->columns[col].flags;
  if (cell->unknown || cell->json_null)
    sb_puts (sb, "null");
  else if (flags & IPC_COL_LIST)
    {
      /* SPEC 4: lists are arrays, so an empty list is [] (not null).  */
      sb_puts (sb, "[");
      for (size_t i = 0; i < cell->nitems; i++)
        {
          if (i)
            sb_puts (sb, ", ");
          sb_json_item (sb, &cell->items[i], flags);
        }
      sb_puts (sb, "]");
    }
  else if (!cell->text)
    sb_puts (sb, "null");
  else if ((flags & (IPC_COL_NUMBER | IPC_COL_SIZE))
           && is_json_number (cell->text))
    sb_puts (sb, cell->text);
  else
    sb_json_string (sb, cell->text);
}

/* Append ROW to OUT as a JSON object whose members are indented by
   INDENT and whose closing brace by CLOSE.  */
static void
sb_json_row (struct strbuf *out, struct ipc_table const *table,
             struct ipc_row const *row, char const *indent,
             char const *close)
{
  sb_puts (out, "{\n");
  for (size_t i = 0; i < table->nshown; i++)
    {
      size_t col = table->shown[i];
      sb_puts (out, indent);
      sb_json_key (out, table->columns[col].name);
      sb_json_value (out, row, col);
      sb_puts (out, i + 1 < table->nshown ? ",\n" : "\n");
    }
  sb_puts (out, close);
  sb_puts (out, "}");
}

/* Build the output of 'stat' into OUT: "COLUMN: value" blocks, or one
   JSON object per row (in an array when there is not exactly one).  */
static void
format_stat (struct ipc_table const *table, struct strbuf *out)
{
  if (table->opts.json)
    {
      if (table->nrows == 1)
        {
          sb_json_row (out, table, table->rows[0], "   ", "");
          sb_puts (out, "\n");
          return;
        }
      sb_puts (out, table->nrows ? "[\n" : "[");
      for (size_t r = 0; r < table->nrows; r++)
        {
          sb_puts (out, "   ");
          sb_json_row (out, table, table->rows[r], "      ", "   ");
          sb_puts (out, r + 1 < table->nrows ? ",\n" : "\n");
        }
      sb_puts (out, "]\n");
      return;
    }
  for (size_t r = 0; r < table->nrows; r++)
    {
      if (r > 0)
        sb_puts (out, "\n");
      for (size_t i = 0; i < table->nshown; i++)
        {
          size_t col = table->shown[i];
          size_t start = out->len;
          if (!table->opts.noheadings)
            {
              sb_puts (out, table->columns[col].name);
              sb_puts (out, ": ");
            }
          size_t value = out->len;
          sb_text_value (out, table->rows[r], col, TEXT_TABLE);
          /* "COLUMN:" without a trailing blank when there is no value.  */
          if (out->len == value && out->len > start)
            out->data[--out->len] = '\0';
          sb_puts (out, "\n");
        }
    }
}

/* Build the JSON document of a listing into OUT: an object with one
   member, the array of rows, as util-linux writes it ("[]" when
   empty).  */
static void
format_json_listing (struct ipc_table const *table, struct strbuf *out)
{
  sb_puts (out, "{\n   ");
  sb_json_string (out, table->json_name);
  sb_puts (out, table->nrows ? ": [\n      " : ": [");
  for (size_t r = 0; r < table->nrows; r++)
    {
      if (r > 0)
        sb_puts (out, ",");
      sb_json_row (out, table, table->rows[r], "         ", "      ");
    }
  sb_puts (out, table->nrows ? "\n   ]\n}\n" : "]\n}\n");
}

/* Build the raw listing into OUT: the header (unless -n), then a line
   per row, the cells separated by one space.  */
static void
format_raw_listing (struct ipc_table const *table, struct strbuf *out)
{
  if (!table->opts.noheadings)
    for (size_t i = 0; i < table->nshown; i++)
      {
        sb_puts (out, table->columns[table->shown[i]].name);
        sb_puts (out, i + 1 < table->nshown ? " " : "\n");
      }
  for (size_t r = 0; r < table->nrows; r++)
    for (size_t i = 0; i < table->nshown; i++)
      {
        sb_text_value (out, table->rows[r], table->shown[i], TEXT_RAW);
        sb_puts (out, i + 1 < table->nshown ? " " : "\n");
      }
}

/* The functions of libsmartcols we call, as pointers of their own types
   and names (scols.scols_new_table), filled by load_scols.  */
#define SCOLS_FUNCTIONS(F) \
  F (scols_new_table) F (scols_table_enable_noencoding) \
  F (scols_table_set_termforce) \
  F (scols_table_enable_noheadings) \
  F (scols_table_new_column) F (scols_table_new_line) \
  F (scols_line_set_data) \
  F (scols_print_table_to_string) F (scols_unref_table)
static struct
{
#define SCOLS_POINTER(name) __typeof__ (name) *name;
  SCOLS_FUNCTIONS (SCOLS_POINTER)
#undef SCOLS_POINTER
} scols;

/* Load libsmartcols into SCOLS, or exit saying why it cannot be.  */
static void
load_scols (void)
{
  if (scols.scols_new_table)
    return;
  void *lib = dlopen (SMARTCOLS_SONAME, RTLD_NOW | RTLD_LOCAL);
  if (!lib)
    error (exit_failure, 0, "cannot print the table: libsmartcols is "
           "needed: %s", dlerror ());
#define SCOLS_LOAD(name)                                                \
  if (!(scols.name = (__typeof__ (scols.name)) dlsym (lib, #name)))     \
    error (exit_failure, 0, "cannot print the table: %s", dlerror ());
  SCOLS_FUNCTIONS (SCOLS_LOAD)
#undef SCOLS_LOAD
}

/* The width on a terminal of the N bytes of escaped text at S (every
   character printable: ipc-table.h).  */
static size_t
text_width (char const *s, size_t n)
{
  mbstate_t state = { 0 };
  size_t width = 0;
  while (n > 0)
    {
      wchar_t wc;
      size_t len = mbrtowc (&wc, s, n, &state);
      if (len == (size_t) -1 || len == (size_t) -2 || len == 0)
        {
          memset (&state, 0, sizeof state);
          len = 1;
          width++;
        }
      else
        {
          int w = wcwidth (wc);
          width += w > 0 ? w : 0;
        }
      s += len;
      n -= len;
    }
  return width;
}

/* The width of the terminal that stdout is, or 0 when it is not one:
   only a table for a terminal is fitted to it, as libsmartcols does.  */
static size_t
terminal_width (void)
{
  if (!isatty (STDOUT_FILENO))
    return 0;
  struct winsize ws;
  if (ioctl (STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
    return ws.ws_col;
  char const *columns = getenv ("COLUMNS");
  long n = columns ? strtol (columns, NULL, 10) : 0;
  return 0 < n && n < 100000 ? n : 80;
}

/* Append to SB the text of the list in column COL of ROW, escaped for
   the table, in at most CAP columns of the terminal: the items that fit,
   then ",+N" for the N left out ("+N" alone when not even the first one
   fits, however narrow CAP is), so that a list is never cut silently.  */
static void
sb_fitted_list (struct strbuf *sb, struct ipc_row const *row, size_t col,
                size_t cap)
{
  struct ipc_cell const *cell = &row->cells[col];
  struct strbuf item = { NULL, 0, 0 };
  size_t used = 0, n = cell->nitems, i;
  for (i = 0; i < n; i++)
    {
      struct ipc_item const *it = &cell->items[i];
      size_t len = strlen (it->text);
      size_t command = it->command < len ? it->command : len;
      item.len = 0;
      sb_puts (&item, "");
      sb_text (&item, it->text, command, TEXT_TABLE, ",");
      sb_text (&item, it->text + command, len - command, TEXT_TABLE, ",:");
      size_t need = used + (i > 0) + text_width (item.data, item.len);
      char more[32] = "";
      if (i + 1 < n)
        snprintf (more, sizeof more, ",+%zu", n - i - 1);
      if (need + strlen (more) > cap)
        break;
      if (i > 0)
        sb_puts (sb, ",");
      sb_append (sb, item.data, item.len);
      used = need;
    }
  if (i < n)
    {
      char more[32];
      snprintf (more, sizeof more, "%s+%zu", i > 0 ? "," : "", n - i);
      sb_puts (sb, more);
    }
  free (item.data);
}

/* The widest that each printed list column of TABLE may be, in CAPS (one
   per printed column; SIZE_MAX: as wide as it is), so that the table
   fits WIDTH columns when its other columns do: identity columns (NAME,
   ADDR, PATH) and every other one stay whole, and the widest lists are
   narrowed first, down to the width of their header.  WIDTHS are the
   natural widths of the printed columns, header included.  */
static void
fit_lists (struct ipc_table const *table, size_t const *widths,
           size_t width, size_t *caps)
{
  size_t fixed = table->nshown ? table->nshown - 1 : 0, lists = 0;
  size_t widest = 0;
  for (size_t i = 0; i < table->nshown; i++)
    {
      caps[i] = SIZE_MAX;
      if (table->columns[table->shown[i]].flags & IPC_COL_LIST)
        {
          lists += widths[i];
          if (widest < widths[i])
            widest = widths[i];
        }
      else
        fixed += widths[i];
    }
  if (fixed + lists <= width)
    return;
  size_t room = width > fixed ? width - fixed : 0;
  /* The largest cap C such that the lists, each at most C wide but no
     narrower than its header, fit ROOM.  */
  size_t lo = 0, hi = widest;
  while (lo < hi)
    {
      size_t c = lo + (hi - lo + 1) / 2, total = 0;
      for (size_t i = 0; i < table->nshown; i++)
        if (table->columns[table->shown[i]].flags & IPC_COL_LIST)
          {
            size_t header = strlen (table->columns[table->shown[i]].name);
            size_t w = widths[i] < c ? widths[i] : c;
            total += w > header ? w : header;
          }
      if (total <= room)
        lo = c;
      else
        hi = c - 1;
    }
  for (size_t i = 0; i < table->nshown; i++)
    if (table->columns[table->shown[i]].flags & IPC_COL_LIST)
      {
        size_t header = strlen (table->columns[table->shown[i]].name);
        caps[i] = lo > header ? lo : header;
      }
}

/* Build the aligned listing of TABLE into OUT through libsmartcols,
   given cells that are escaped already.  On a terminal, the lists are
   fitted to its width here (fit_lists): libsmartcols would cut any
   column flagged for it, identity ones included, without a mark, so it
   is told to never look at the terminal.  */
static void
format_aligned_listing (struct ipc_table const *table, struct strbuf *out)
{
  load_scols ();
  struct libscols_table *tb = scols.scols_new_table ();
  if (!tb)
    xalloc_die ();
  scols.scols_table_enable_noencoding (tb, true);
  scols.scols_table_enable_noheadings (tb, table->opts.noheadings);
  scols.scols_table_set_termforce (tb, SCOLS_TERMFORCE_NEVER);

  size_t nshown = table->nshown;
  for (size_t i = 0; i < nshown; i++)
    {
      struct ipc_column const *c = &table->columns[table->shown[i]];
      int flags = c->flags & IPC_COL_RIGHT ? SCOLS_FL_RIGHT : 0;
      if (!scols.scols_table_new_column (tb, c->name, c->width_hint, flags))
        xalloc_die ();
    }

  /* Every cell's text, and each column's natural width.  */
  struct strbuf value = { NULL, 0, 0 };
  size_t ncells;
  if (ckd_mul (&ncells, table->nrows, nshown ? nshown : 1))
    xalloc_die ();
  char **texts = xcalloc (ncells ? ncells : 1, sizeof *texts);
  size_t *widths = xcalloc (nshown ? nshown : 1, sizeof *widths);
  size_t *caps = xcalloc (nshown ? nshown : 1, sizeof *caps);
  for (size_t i = 0; i < nshown; i++)
    widths[i] = table->opts.noheadings ? 0
                : strlen (table->columns[table->shown[i]].name);
  for (size_t r = 0; r < table->nrows; r++)
    for (size_t i = 0; i < nshown; i++)
      {
        value.len = 0;
        sb_puts (&value, "");
        sb_text_value (&value, table->rows[r], table->shown[i], TEXT_TABLE);
        size_t w = text_width (value.data, value.len);
        if (widths[i] < w)
          widths[i] = w;
        texts[r * nshown + i] = xstrdup (value.data);
      }
  size_t width = terminal_width ();
  if (width)
    fit_lists (table, widths, width, caps);
  else
    for (size_t i = 0; i < nshown; i++)
      caps[i] = SIZE_MAX;

  for (size_t r = 0; r < table->nrows; r++)
    {
      struct libscols_line *ln = scols.scols_table_new_line (tb, NULL);
      if (!ln)
        xalloc_die ();
      for (size_t i = 0; i < nshown; i++)
        {
          char const *text = texts[r * nshown + i];
          struct ipc_cell const *cell = &table->rows[r]->cells[table->shown[i]];
          if (caps[i] != SIZE_MAX && !cell->unknown
              && text_width (text, strlen (text)) > caps[i])
            {
              value.len = 0;
              sb_puts (&value, "");
              sb_fitted_list (&value, table->rows[r], table->shown[i],
                              caps[i]);
              text = value.data;
            }
          if (*text && scols.scols_line_set_data (ln, i, text) != 0)
            xalloc_die ();
        }
    }
  for (size_t k = 0; k < ncells; k++)
    free (texts[k]);
  free (texts);
  free (widths);
  free (caps);
  free (value.data);

  /* Printed to memory, then written by ipc_table_print, so that a
     failed write is seen where errno still tells why.  */
  char *text = NULL;
  if (scols.scols_print_table_to_string (tb, &text) != 0)
    xalloc_die ();
  scols.scols_unref_table (tb);
  /* scols_print_table would end a table that is not empty with a
     newline; the string comes without it.  */
  if (text && *text)
    {
      sb_puts (out, text);
      sb_puts (out, "\n");
    }
  free (text);
}

/* Say on stderr, in one line, which printed columns of TABLE are partial
   and why (SPEC 4: unknown is not zero): "PIDS is partial: 12 processes
   could not be read; run as root", or "WRITERS and READERS are
   partial: ...".  */
static void
report_partial (struct ipc_table const *table)
{
  struct strbuf names = { NULL, 0, 0 };
  size_t count = 0, nprocs = 0, last = 0;
  for (size_t i = 0; i < table->nshown; i++)
    {
      size_t col = table->shown[i];
      bool seen = false;
      for (size_t j = 0; j < i; j++)
        seen |= table->shown[j] == col;
      if (seen || !table->partial[col])
        continue;
      if (nprocs < table->partial[col])
        nprocs = table->partial[col];
      /* Names joined by ", ", the last one by " and ".  */
      if (count++)
        {
          last = names.len;
          sb_puts (&names, ", ");
        }
      sb_puts (&names, table->columns[col].name);
    }
  if (!count)
    return;
  if (count > 1)
    {
      char *tail = xstrdup (names.data + last + 2);
      names.len = last;
      sb_puts (&names, " and ");
      sb_puts (&names, tail);
      free (tail);
    }
  error (0, 0, "%s %s partial: %zu %s could not be read; run as root",
         names.data, count > 1 ? "are" : "is", nprocs,
         nprocs == 1 ? "process" : "processes");
  free (names.data);
}

int
ipc_table_print (struct ipc_table *table)
{
  struct strbuf out = { NULL, 0, 0 };
  if (table->stat)
    format_stat (table, &out);
  else if (table->opts.json)
    format_json_listing (table, &out);
  else if (table->opts.raw)
    format_raw_listing (table, &out);
  else
    format_aligned_listing (table, &out);
  int rc = 0;
  if ((out.len && fwrite (out.data, 1, out.len, stdout) != out.len)
      || fflush (stdout) != 0)
    {
      ipc_stdout_failed ();
      rc = -1;
    }
  free (out.data);
  /* What could not be read is said of a listing that was printed.  */
  if (rc == 0)
    report_partial (table);
  ipc_table_free (table);
  return rc;
}

void
ipc_table_free (struct ipc_table *table)
{
  if (!table)
    return;
  for (size_t r = 0; r < table->nrows; r++)
    {
      struct ipc_row *row = table->rows[r];
      for (size_t col = 0; col < table->ncolumns; col++)
        {
          cell_clear (&row->cells[col]);
          free (row->cells[col].items);
        }
      free (row->cells);
      free (row);
    }
  free (table->rows);
  free (table->partial);
  free (table->shown);
  free (table->opts.pids);
  free (table->json_name);
  free (table);
}

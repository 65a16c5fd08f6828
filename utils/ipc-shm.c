/* ipc-shm -- create, use and inspect POSIX and System V shared memory.  */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "quote.h"
#include "xalloc.h"

#include "ipc-addr.h"
#include "ipc-cli.h"
#include "ipc-deadline.h"
#include "ipc-limits.h"
#include "ipc-limits-verb.h"
#include "ipc-listing.h"
#include "ipc-posix.h"
#include "ipc-shm.h"
#include "ipc-sysv.h"
#include "ipc-table.h"
#include "ipc-users.h"
#include "ipc-units.h"

#define countof(a) (sizeof (a) / sizeof *(a))

/* EQ_OPTION to LE_OPTION in the order of enum ipc_counter_cond.  */
enum
{
  SIZE_OPTION = CHAR_MAX + 1, OFFSET_OPTION, LENGTH_OPTION,
  EQ_OPTION, NE_OPTION, GE_OPTION, LE_OPTION
};

static struct ipc_option const create_options[] = {
  { "size", SIZE_OPTION, "SIZE", "size in bytes (4096, 64K, 1M), "
    "required; System V: at least 1, at most kernel.shmmax" },
  IPC_OPTION_MODE,
  { 0 }
};

static struct ipc_option const resize_options[] = {
  { "size", SIZE_OPTION, "SIZE", "the new size in bytes, required" },
  { 0 }
};

#define OFFSET_OPTION_ENTRY(help) { "offset", OFFSET_OPTION, "N", help }

static struct ipc_option const write_options[] = {
  OFFSET_OPTION_ENTRY ("write from byte N of the segment on (default 0)"),
  { 0 }
};

static struct ipc_option const read_options[] = {
  OFFSET_OPTION_ENTRY ("read from byte N of the segment on (default 0)"),
  { "length", LENGTH_OPTION, "N", "read N bytes (default: up to the end)" },
  { 0 }
};

static struct ipc_option const counter_options[] = {
  OFFSET_OPTION_ENTRY ("the counter is the 8 bytes at byte N, a multiple "
                       "of 8 (default 0)"),
  { "eq", EQ_OPTION, "V", "wait: until the counter equals V" },
  { "ne", NE_OPTION, "V", "wait: until it differs from V" },
  { "ge", GE_OPTION, "V", "wait: until it is V or more" },
  { "le", LE_OPTION, "V", "wait: until it is V or less" },
  IPC_OPTION_TIMEOUT,
  IPC_OPTION_NONBLOCK,
  { 0 }
};

/* Columns of 'ls' and 'stat' (SPEC 4), names as lsipc has them.  */
enum
{
  COL_NAME, COL_TYPE, COL_ID, COL_KEY, COL_SIZE, COL_NATTCH, COL_PERMS,
  COL_OWNER, COL_CPID, COL_LPID, COL_PIDS, COL_STATUS
};
static struct ipc_column const columns[] = {
  IPC_LISTING_COLS_ID (COL_),
  [COL_SIZE] = { "SIZE", 5, IPC_COL_RIGHT | IPC_COL_SIZE,
                 "size of the segment" },
  [COL_NATTCH] = { "NATTCH", 3, IPC_COL_RIGHT | IPC_COL_NUMBER | IPC_COL_USERS,
                   "processes attached (System V) or mapping it (POSIX)" },
  IPC_LISTING_COLS_OWNER (COL_),
  [COL_CPID] = { "CPID", 5, IPC_COL_RIGHT | IPC_COL_NUMBER,
                 "creator (System V)" },
  [COL_LPID] = { "LPID", 5, IPC_COL_RIGHT | IPC_COL_NUMBER,
                 "last to attach or detach (System V)" },
  [COL_PIDS] = IPC_LISTING_COL_PIDS (
    "processes that map it, attach it or only have it open, PID:COMMAND "
    "(JSON: \"use\": \"map\", \"attach\" or \"open\"; NATTCH counts "
    "the first two)"),
  [COL_STATUS] = { "STATUS", 6, IPC_COL_LIST | IPC_COL_EXTRA,
                   "'dest': removed, still attached; 'locked': in memory "
                   "(System V)" },
};

/* The forms of SEGMENT operands: create also takes 'private', and not
   'id:' (an identifier is the kernel's to choose).  */
#define SEGMENT_ACCEPT IPC_ADDR_ACCEPT_SYSV_OBJ
#define CREATE_ACCEPT                                                   \
  ((IPC_ADDR_ACCEPT_SYSV_OBJ & ~IPC_ADDR_ACCEPT (IPC_ADDR_ID))           \
   | IPC_ADDR_ACCEPT (IPC_ADDR_PRIVATE))

/* Open the segment TEXT for reading or writing, or exit 1.  */
static void
open_or_die (struct ipc_shm *s, char const *text, bool writable)
{
  struct ipc_addr addr;
  ipc_arg_address (text, SEGMENT_ACCEPT, &addr);
  if (ipc_shm_open (s, &addr, writable) != 0)
    ipc_die ("cannot open %s", quote (text));
  ipc_addr_free (&addr);
}

/* Report that mapping LENGTH bytes of TEXT failed with errno, naming the
   limit behind it (RLIMIT_AS) when there is one, and exit 1.  Any other
   error (a System V segment that may not be written, or was removed
   meanwhile) is one of opening it, as the user sees it.  */
static noreturn void
map_failed (char const *text, uint64_t length)
{
  int err = errno;
  struct ipc_limit_ask ask = { .size = length };
  char why[256];
  if (ipc_limit_explain (IPC_LIMIT_SHM_MAP, err, &ask, why, sizeof why) == 0)
    error (IPC_EXIT_FAILURE, 0, "cannot map %s: %s", quote (text), why);
  error (IPC_EXIT_FAILURE, err, "cannot %s %s",
         err == ENOMEM || err == EFBIG ? "map" : "open", quote (text));
  abort ();
}

/* Report that WHAT ("cannot write to") TEXT failed with errno, a fault of
   the segment's memory (ipc-shm.h) said as its cause, AFTER bytes when
   not negative, and exit 1.  */
static noreturn void
segment_failed (struct ipc_shm const *s, char const *what, char const *text,
                intmax_t after)
{
  int err = errno;
  char done[64] = "";
  if (after >= 0)
    snprintf (done, sizeof done, " after %jd bytes", after);
  if (err == ENXIO)
    error (IPC_EXIT_FAILURE, 0, "%s %s%s: the segment shrank to %ju bytes",
           what, quote (text), done, (uintmax_t) s->now_size);
  if (err == ENOSPC && s->posix)
    error (IPC_EXIT_FAILURE, 0, "%s %s%s: %s is full", what, quote (text),
           done, IPC_POSIX_SHM_DIR);
  error (IPC_EXIT_FAILURE, err, "%s %s%s", what, quote (text), done);
  abort ();
}

/* Check that [OFFSET, OFFSET + LENGTH) lies within the segment TEXT, or
   exit 2: the offsets are the caller's mistake.  */
static void
check_range (struct ipc_shm const *s, char const *text, uint64_t offset,
             uint64_t length)
{
  if (offset > s->size)
    ipc_usage_error ("offset %ju is past the end of %s (%ju bytes)",
                     (uintmax_t) offset, quote (text), (uintmax_t) s->size);
  if (ipc_shm_check_range (s, offset, length) != 0)
    ipc_usage_error ("%ju bytes from offset %ju go past the end of %s "
                     "(%ju bytes)", (uintmax_t) length, (uintmax_t) offset,
                     quote (text), (uintmax_t) s->size);
}

/* The options and the SEGMENT operand of create and resize: return the
   operand, its address (of the forms ACCEPT) in *ADDR.  --size is
   required.  */
static char const *
sized_segment (int argc, char **argv, unsigned int accept,
               struct ipc_addr *addr, uint64_t *size, mode_t *mode)
{
  int c;
  while ((c = ipc_getopt (argc, argv)) != -1)
    switch (c)
      {
      case SIZE_OPTION: *size = ipc_arg_size ("--size", optarg); break;
      case IPC_MODE_OPTION: *mode = ipc_arg_mode ("--mode", optarg); break;
      }
  char const *text = argv[ipc_operands (argc, argv)];
  ipc_arg_address (text, accept, addr);
  if (!ipc_option_given (SIZE_OPTION))
    ipc_usage_error ("missing --size");
  return text;
}

/* Report that VERB ("create", "resize") of TEXT failed with errno,
   naming the limit behind it when there is one, and exit 1.  */
static noreturn void
create_failed (char const *verb, char const *text, bool posix, uint64_t size)
{
  int err = errno;
  struct ipc_limit_ask ask = { .size = size };
  char why[256];
  if (ipc_limit_explain (posix ? IPC_LIMIT_SHM_POSIX : IPC_LIMIT_SHM_SYSV,
                         err, &ask, why, sizeof why) == 0)
    error (IPC_EXIT_FAILURE, 0, "cannot %s %s: %s", verb, quote (text), why);
  error (IPC_EXIT_FAILURE, err, "cannot %s %s", verb, quote (text));
  abort ();
}

static int
verb_create (int argc, char **argv)
{
  uint64_t size = 0;
  mode_t mode = S_IRUSR | S_IWUSR;
  struct ipc_addr addr;
  char const *text = sized_segment (argc, argv, CREATE_ACCEPT, &addr, &size,
                                    &mode);
  bool posix = addr.kind == IPC_ADDR_POSIX;
  if (mode & ~(mode_t) 0777)
    ipc_usage_error ("invalid --mode argument: a segment takes permission "
                     "bits only (0777)");
  if (!posix && size == 0)
    ipc_usage_error ("invalid --size argument '0': a System V segment has "
                     "at least 1 byte");
  int id;
  if (ipc_shm_create (&addr, size, mode, &id) != 0)
    create_failed ("create", text, posix, size);
  if (addr.kind == IPC_ADDR_PRIVATE)
    ipc_print_new_id (IPC_SYSV_SHM, id, "segment");
  ipc_addr_free (&addr);
  return IPC_EXIT_OK;
}

static int
verb_resize (int argc, char **argv)
{
  uint64_t size = 0;
  mode_t mode = 0;
  struct ipc_addr addr;
  char const *text = sized_segment (argc, argv, SEGMENT_ACCEPT, &addr, &size,
                                    &mode);
  if (addr.kind != IPC_ADDR_POSIX)
    ipc_usage_error ("cannot resize %s: a System V segment keeps the size "
                     "it was created with", quote (text));
  if (ipc_shm_resize (&addr, size) != 0)
    create_failed ("resize", text, true, size);
  ipc_addr_free (&addr);
  return IPC_EXIT_OK;
}

/* The options of write and read and their SEGMENT operand, opened in S
   for writing or reading: return the operand, and in *OFFSET and
   *LENGTH the range (by default up to the end), checked.  */
static char const *
open_range (int argc, char **argv, struct ipc_shm *s, bool writable,
            uint64_t *offset, uint64_t *length)
{
  int c;
  while ((c = ipc_getopt (argc, argv)) != -1)
    switch (c)
      {
      case OFFSET_OPTION: *offset = ipc_arg_size ("--offset", optarg); break;
      case LENGTH_OPTION: *length = ipc_arg_size ("--length", optarg); break;
      }
  char const *text = argv[ipc_operands (argc, argv)];
  open_or_die (s, text, writable);
  check_range (s, text, *offset, 0);
  if (!ipc_option_given (LENGTH_OPTION))
    *length = s->size - *offset;
  check_range (s, text, *offset, *length);
  /* Only the range is mapped: a large segment costs no address space
     that is not used.  */
  if (ipc_shm_map (s, *offset, *length) != 0)
    map_failed (text, *length);
  return text;
}

static int
verb_write (int argc, char **argv)
{
  struct ipc_shm s;
  uint64_t offset = 0, length, copied;
  char const *text = open_range (argc, argv, &s, true, &offset, &length);
  /* Read into its own mapping, the file would be an overlapping copy
     that smears the segment: refused as cat(1) refuses "input file is
     output file".  */
  if (ipc_shm_is_file (&s, STDIN_FILENO))
    error (IPC_EXIT_FAILURE, 0, "cannot write to %s: standard input is the "
           "segment itself", quote (text));
  if (ipc_shm_read_in (&s, STDIN_FILENO, offset, &copied) != 0)
    {
      if (errno == EFBIG)
        error (IPC_EXIT_FAILURE, 0, "standard input does not fit in %s: "
               "wrote %ju bytes, from offset %ju to its end (%ju bytes); "
               "the rest was not written", quote (text), (uintmax_t) copied,
               (uintmax_t) offset, (uintmax_t) s.size);
      segment_failed (&s, "cannot write to", text, copied);
    }
  ipc_shm_close (&s);
  return IPC_EXIT_OK;
}

static int
verb_read (int argc, char **argv)
{
  struct ipc_shm s;
  uint64_t offset = 0, length = 0, written;
  bool segment_fault;
  char const *text = open_range (argc, argv, &s, false, &offset, &length);
  if (ipc_shm_write_out (&s, STDOUT_FILENO, offset, length, &written,
                         &segment_fault) != 0)
    {
      if (segment_fault)
        segment_failed (&s, "cannot read", text, written);
      error (IPC_EXIT_FAILURE, errno, "write error");
    }
  ipc_shm_close (&s);
  return IPC_EXIT_OK;
}

/* The counter's actions, with the number of values each takes.  */
enum { GET, SET, ADD, CAS, WAIT };
static struct { char const *name; int values; } const actions[] = {
  [GET] = { "get", 0 }, [SET] = { "set", 1 }, [ADD] = { "add", 1 },
  [CAS] = { "cas", 2 }, [WAIT] = { "wait", 0 }
};

static int
verb_counter (int argc, char **argv)
{
  uint64_t offset = 0;
  static char const *const cond_options[] = { "--eq", "--ne", "--ge", "--le" };
  enum ipc_counter_cond cond = IPC_COUNTER_EQ;
  char const *cond_text = NULL;
  struct timespec timeout = IPC_DURATION_INFINITE;
  int c;
  while ((c = ipc_getopt (argc, argv)) != -1)
    switch (c)
      {
      case OFFSET_OPTION: offset = ipc_arg_size ("--offset", optarg); break;
      case EQ_OPTION: case NE_OPTION: case GE_OPTION: case LE_OPTION:
        cond = c - EQ_OPTION;
        cond_text = optarg;
        break;
      case 't': timeout = ipc_arg_duration ("--timeout", optarg); break;
      case 'n': timeout = (struct timespec) { 0, 0 }; break;
      }
  int first = ipc_operands (argc, argv);
  int64_t arg = (cond_text ? ipc_arg_long (cond_options[cond], cond_text,
                                           LONG_MIN) : 0);

  /* The action and its values, all checked before the segment is
     opened.  */
  char const *text = argv[first], *action = argv[first + 1];
  size_t a = 0;
  while (a < countof (actions) && strcmp (action, actions[a].name) != 0)
    a++;
  if (a == countof (actions))
    ipc_usage_error ("unknown counter action %s (get, set, add, cas, wait)",
                     quote (action));
  int nvalues = argc - first - 2;
  if (nvalues < actions[a].values)
    ipc_usage_error ("missing %s operand after %s",
                     a == CAS ? (nvalues ? "NEW" : "OLD") : "VALUE", action);
  if (nvalues > actions[a].values)
    ipc_usage_error ("extra operand %s",
                     quote (argv[first + 2 + actions[a].values]));
  int64_t v[2] = { 0, 0 };
  for (int i = 0; i < nvalues; i++)
    v[i] = ipc_arg_long (action, argv[first + 2 + i], LONG_MIN);
  if (a == WAIT && !cond_text)
    ipc_usage_error ("wait needs one of --eq, --ne, --ge or --le");
  if (a != WAIT && (cond_text || ipc_option_given ('t')
                    || ipc_option_given ('n')))
    ipc_usage_error ("--eq, --ne, --ge, --le, --timeout and --nonblock "
                     "are options of wait only");

  struct ipc_shm s;
  open_or_die (&s, text, a != GET && a != WAIT);
  struct ipc_counter counter;
  if (ipc_counter_at (&s, offset, &counter) != 0)
    {
      /* The page of the counter is what was mapped.  */
      if (errno != EINVAL && errno != ERANGE)
        map_failed (text, sysconf (_SC_PAGESIZE));
      if (errno == EINVAL)
        ipc_usage_error ("offset %ju is not a multiple of 8",
                         (uintmax_t) offset);
      ipc_usage_error ("offset %ju: the 8 bytes of the counter go past the "
                       "end of %s (%ju bytes)", (uintmax_t) offset,
                       quote (text), (uintmax_t) s.size);
    }

  static char const *const failed[] = {
    [GET] = "cannot read the counter of", [SET] = "cannot set the counter of",
    [ADD] = "cannot add to the counter of",
    [CAS] = "cannot compare and swap the counter of",
    [WAIT] = "cannot wait on"
  };
  int status = IPC_EXIT_OK, r;
  int64_t value;
  bool swapped;
  struct ipc_deadline deadline;
  switch (a)
    {
    case GET: r = ipc_counter_get (&counter, &value); break;
    case SET: r = ipc_counter_set (&counter, v[0], &value); break;
    case ADD: r = ipc_counter_add (&counter, v[0], &value); break;
    case CAS:
      r = ipc_counter_cas (&counter, v[0], v[1], &swapped, &value);
      if (r == 0 && !swapped)
        status = IPC_EXIT_FAILURE;
      break;
    default:
      ipc_deadline_start (&deadline, timeout);
      r = ipc_counter_wait (&counter, cond, arg, &deadline, &value);
      /* A timeout is status 124, without a word.  */
      if (r != 0 && errno == ETIMEDOUT)
        ipc_die ("cannot wait on %s", quote (text));
    }
  if (r != 0)
    segment_failed (&s, failed[a], text, -1);
  printf ("%jd\n", (intmax_t) value);
  ipc_shm_close (&s);
  return status;
}

/* Read the POSIX segment NAME in DIR, or the System V one of ENTRY, and
   add its row.  */
static int
add_row (struct ipc_listing *l, char const *name, char const *dir,
         struct ipc_sysv_entry const *entry)
{
  struct ipc_shm_info info;
  if (entry)
    ipc_shm_sysv_info (entry, &info);
  else if (ipc_shm_posix_info (name, dir, &info) != 0)
    return -1;
  /* A System V segment is used through its maps, keyed by its id.  */
  struct ipc_users_key users = info.object.file;
  if (!info.object.posix)
    users = (struct ipc_users_key) { IPC_USERS_SYSV_SHM_DEV, info.object.id };
  struct ipc_listing_object obj = {
    .object = &info.object, .name = name, .used = true, .users = users,
    .unused = !info.object.posix && info.nattch == 0
  };
  struct ipc_row *row = ipc_listing_row (l, &obj);
  if (!row)
    return 0;
  if (!info.object.posix)
    {
      ipc_row_set_uint (row, COL_NATTCH, info.nattch);
      ipc_row_set_int (row, COL_CPID, info.cpid);
      ipc_row_set_int (row, COL_LPID, info.lpid);
      if (info.removed)
        ipc_row_add_item (row, COL_STATUS, "dest");
      if (info.locked)
        ipc_row_add_item (row, COL_STATUS, "locked");
    }
  else
    ipc_listing_set_mappers (l, row, COL_NATTCH, users);
  ipc_row_set_size (row, COL_SIZE, info.size);
  return 0;
}

/* glibc keeps its POSIX semaphores in /dev/shm too, as "sem.NAME".  */
static struct ipc_listing_kind const listing = {
  .columns = columns, .ncolumns = countof (columns),
  .json_array = "segments", .json_object = "segment",
  .objects = "segments", .posix_dir = IPC_POSIX_SHM_DIR,
  .posix_magic = IPC_POSIX_TMPFS_MAGIC, .posix_prefix = "sem.",
  .posix_prefixed = false, .sysv = IPC_SYSV_SHM, .accept = SEGMENT_ACCEPT,
  .users_sources = IPC_USERS_FDS | IPC_USERS_MAPS, .users_sysv_shm = true,
  .add_row = add_row
};

static struct ipc_verb const verbs[] = {
  { "create", NULL, verb_create,
    .synopsis = "SEGMENT",
    .summary = "create a segment of SIZE bytes, filled with zeros (mode "
    "0600 unless --mode); 'private' prints the new id",
    .description = "\
Create SEGMENT of --size bytes, all zero; it must not exist.  SEGMENT is\n\
/NAME (POSIX), key:KEY or path:FILE[:P] (System V), or 'private' (a new\n\
System V segment without a key), whose new id is printed: the only way\n\
to name it afterwards (when it cannot be printed, the segment is removed).\n\
A POSIX segment is sparse: its memory is taken as it is written, and it\n\
appears at once with its size and mode.\n\
Errors of the system's limits name the limit (kernel.shmmax, kernel.shmall,\n\
kernel.shmmni, the size of /dev/shm, off_t, vm.overcommit_memory).\n",
    .options = create_options, .operands = "SEGMENT", .min = 1, .max = 1 },
  { "rm", "remove", ipc_remove_verb,
    .data = &(struct ipc_remover) { SEGMENT_ACCEPT, NULL, ipc_shm_remove },
    .synopsis = "SEGMENT...",
    .summary = "remove segments",
    .description = "\
Remove each SEGMENT.  Processes that have it mapped or attached keep it\n\
until they let go; a System V segment keeps its id until then.\n",
    .operands = "SEGMENT", .min = 1, .max = IPC_MANY },
  { "resize", NULL, verb_resize,
    .synopsis = "SEGMENT",
    .summary = "change the size of a POSIX segment",
    .description = "\
Change the size of the POSIX segment SEGMENT to --size bytes: bytes past\n\
the old end read as zeros, bytes past the new end are gone.  System V\n\
segments keep the size they were created with.\n",
    .options = resize_options, .operands = "SEGMENT", .min = 1, .max = 1 },
  { "write", NULL, verb_write,
    .synopsis = "SEGMENT",
    .summary = "copy standard input into the segment",
    .description = "\
Copy standard input into SEGMENT from --offset on, read straight into the\n\
shared memory.  Nothing is written past the end: input that does not fit\n\
is an error (status 1) that says how many bytes were written, and the\n\
rest of the input is left unread (a file's offset at the first byte not\n\
written).  Standard input may not be the segment itself.  Bytes of\n\
the segment that the input does not reach are left as they were.  A\n\
regular file with 32 MiB or more to read is read by up to 4 threads at\n\
once, and its offset left past what was read.\n",
    .options = write_options, .operands = "SEGMENT", .min = 1, .max = 1 },
  { "read", NULL, verb_read,
    .synopsis = "SEGMENT",
    .summary = "copy the segment to standard output",
    .description = "\
Copy SEGMENT, or --length bytes of it from --offset on, to standard\n\
output, written straight from the shared memory.\n",
    .options = read_options, .operands = "SEGMENT", .min = 1, .max = 1 },
  { "counter", NULL, verb_counter,
    .synopsis = "SEGMENT ACTION [VALUE] [VALUE]",
    .summary = "atomic 64-bit counter in the segment: get, set, add, "
    "compare-and-swap, or wait until a condition holds",
    .description = "\
ACTION is one of: get, set V, add D, cas OLD NEW, wait (with a condition).\n\
Operate on the signed 64-bit integer (native byte order) at --offset of\n\
SEGMENT, atomically, so that processes share it without a lock, and print\n\
the value that results.  'cas OLD NEW' stores NEW only if the counter is\n\
OLD; it prints the value it found and exits 1 when that was not OLD.\n\
'wait' blocks until the counter satisfies COND (--eq, --ne, --ge or --le\n\
V), then prints it; it sleeps on a futex that set, add and cas wake, so it\n\
costs no CPU while it waits; -t gives up with status 124.  Negative values\n\
may be written as they are: add -1.  A segment that shrank past the\n\
counter is status 1, never a SIGBUS; so is a change when /dev/shm is full\n\
(get and wait read the 0 of a page never written).  The change is made\n\
before the value is printed: a failed output does not undo it.\n",
    .options = counter_options, .operands = "SEGMENT ACTION VALUE",
    .min = 2, .max = 4, .flags = IPC_VERB_SIGNED_OPERANDS,
    .exclusive = "eq,ne,ge,le" },
  { "ls", "list", ipc_listing_ls, .data = &listing,
    .summary = "list POSIX and System V segments",
    .description = "\
List the POSIX segments (in " IPC_POSIX_SHM_DIR ") and the System V ones\n\
(from /proc/sysvipc/shm), and the processes that map or attach them or\n\
only have them open: PIDS lists them all, and says in JSON which each does\n\
(\"use\": \"map\", \"attach\", \"open\"); NATTCH counts those that map or\n\
attach it.\n",
    IPC_TABLE_SIZE_LS_VERB (columns) },
  { "stat", "info", ipc_listing_stat, .data = &listing,
    .synopsis = "SEGMENT",
    .summary = "show one segment",
    .description = "\
Show one segment as COLUMN: value lines (-J: a JSON object); with -o COL\n\
-n, the bare value.\n",
    IPC_TABLE_SIZE_VERB (columns),
    .operands = "SEGMENT", .min = 1, .max = 1 },
  { IPC_LIMITS_VERB (IPC_LIMITS_SHM),
    .summary = "show the limits of shared memory, their use and what is "
    "left",
    .description = "\
Show every limit of System V and POSIX shared memory: kernel.shmmni,\n\
shmall (in pages), shmmax, SHMMIN, and the size of " IPC_POSIX_SHM_DIR ", with what is\n\
used (the segments of /proc/sysvipc/shm and their pages, the space used\n\
in " IPC_POSIX_SHM_DIR ") and what is left.  USED is '-' for a limit on one segment.\n" },
  { 0 }
};

static struct ipc_command const command = {
  .summary = "Create, use and inspect POSIX and System V shared memory.",
  .description = "\
SEGMENT is /NAME (POSIX), key:KEY, id:ID or path:FILE[:P] (System V).\n",
  .verbs = verbs,
  .exit_status = "\
Exit status: 0 done, 1 failed (system error, segment missing, limit, input\n\
too long; cas: the counter was not OLD), 2 usage error (also an offset out\n\
of the segment), 124 timed out.\n",
};

int
main (int argc, char **argv)
{
  return ipc_cli_main (&command, argc, argv);
}

/* ipc-mq -- create, use and inspect POSIX and System V message queues.  */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <mqueue.h>
#include <stdckdint.h>
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
#include "ipc-msgq.h"
#include "ipc-mq-rpc.h"
#include "ipc-posix.h"
#include "ipc-records.h"
#include "ipc-stop.h"
#include "ipc-sysv.h"
#include "ipc-table.h"
#include "ipc-units.h"
#include "ipc-users.h"

#define countof(a) (sizeof (a) / sizeof *(a))

enum
{
  MAXMSG_OPTION = CHAR_MAX + 1,
  MSGSIZE_OPTION,
  TYPE_OPTION,
  SHOW_PRIORITY_OPTION
};

static struct ipc_option const create_options[] = {
  { "maxmsg", MAXMSG_OPTION, "N", "most messages in the queue (POSIX: at "
    "most fs.mqueue.msg_max without privilege)" },
  { "msgsize", MSGSIZE_OPTION, "SIZE", "largest message, in bytes (4096, "
    "8K; POSIX: at most fs.mqueue.msgsize_max; System V: kernel.msgmax)" },
  IPC_OPTION_MODE,
  { 0 }
};

static struct ipc_option const send_options[] = {
  { "priority", 'p', "PRIO", "priority, 0 to 32767 (POSIX; default 0)" },
  { "type", TYPE_OPTION, "TYPE", "type, at least 1 (System V; default 1)" },
  { "lines", 'l', NULL, "each line of standard input is a message" },
  { "null", '0', NULL, "each NUL-terminated record of it is a message" },
  IPC_OPTION_TIMEOUT,
  IPC_OPTION_NONBLOCK,
  { 0 }
};

static struct ipc_option const recv_options[] = {
  { "count", 'c', "COUNT", "receive COUNT messages" },
  { "follow", 'f', NULL, "receive until interrupted; with -t, until no "
    "message came for DUR (status 0 if any came)" },
  { "null", '0', NULL, "end each message with a NUL, not a newline" },
  { "unbuffered", 'u', NULL, "write each message before taking the next, "
    "so that a failed write loses at most that one" },
  { "type", TYPE_OPTION, "TYPE", "System V: 0 the first message (default), "
    "TYPE > 0 the first of type TYPE, TYPE < 0 the first of the lowest "
    "type up to -TYPE" },
  { "show-priority", SHOW_PRIORITY_OPTION, NULL, "print the priority "
    "(System V: type) and a tab before each message" },
  IPC_OPTION_TIMEOUT,
  IPC_OPTION_NONBLOCK,
  { 0 }
};

/* Columns of 'ls' and 'stat' (SPEC 4), names as lsipc has them.  */
enum
{
  COL_NAME, COL_TYPE, COL_ID, COL_KEY, COL_MSGS, COL_MAXMSGS, COL_MSGSIZE,
  COL_USEDBYTES, COL_PERMS, COL_OWNER, COL_PIDS, COL_QBYTES, COL_LSPID,
  COL_LRPID, COL_CURMSGS
};
static struct ipc_column const columns[] = {
  IPC_LISTING_COLS_ID (COL_),
  [COL_MSGS] = { "MSGS", 4, IPC_COL_RIGHT | IPC_COL_NUMBER,
                 "messages in the queue" },
  [COL_MAXMSGS] = { "MAXMSGS", 4, IPC_COL_RIGHT | IPC_COL_NUMBER,
                    "most messages the queue holds (POSIX)" },
  [COL_MSGSIZE] = { "MSGSIZE", 5, IPC_COL_RIGHT | IPC_COL_SIZE,
                    "largest message the queue takes" },
  [COL_USEDBYTES] = { "USEDBYTES", 5, IPC_COL_RIGHT | IPC_COL_SIZE,
                      "bytes of the messages in the queue" },
  IPC_LISTING_COLS_OWNER (COL_),
  [COL_PIDS] = IPC_LISTING_COL_PIDS (
    "processes that have the queue open, PID:COMMAND (POSIX; JSON: "
    "\"use\": \"open\")"),
  [COL_QBYTES] = { "QBYTES", 5, IPC_COL_RIGHT | IPC_COL_SIZE | IPC_COL_EXTRA,
                   "capacity in bytes" },
  [COL_LSPID] = { "LSPID", 5, IPC_COL_RIGHT | IPC_COL_NUMBER | IPC_COL_EXTRA,
                  "last sender (System V)" },
  [COL_LRPID] = { "LRPID", 5, IPC_COL_RIGHT | IPC_COL_NUMBER | IPC_COL_EXTRA,
                  "last receiver (System V)" },
  [COL_CURMSGS] = { "CURMSGS", 4,
                    IPC_COL_RIGHT | IPC_COL_NUMBER | IPC_COL_EXTRA,
                    "the same as MSGS" },
};

/* Open QUEUE for ACCESS, or exit 1.  */
static void
open_or_die (struct ipc_msgq *q, struct ipc_addr *addr, char const *text,
             int access)
{
  if (ipc_msgq_open (q, addr, access) != 0)
    error (IPC_EXIT_FAILURE, errno, "cannot open %s", quote (text));
}

/* Report that creating TEXT failed with errno, naming the kernel limit
   that caused it when one did, and exit 1.  */
static noreturn void
create_failed (char const *text, bool posix, uint64_t maxmsg,
               uint64_t msgsize)
{
  int err = errno;
  struct ipc_limit_ask ask = { .count = maxmsg, .size = msgsize };
  uintmax_t msgmax;
  /* A System V queue's capacity is maxmsg messages of msgsize bytes,
     kernel.msgmax when not given.  */
  if (!posix && maxmsg
      && (msgsize || ipc_sysctl_get ("kernel.msgmax", &msgmax) == 0))
    {
      if (!msgsize)
        ask.size = msgmax;
      if (ckd_mul (&ask.bytes, ask.count, ask.size))
        ask.bytes = UINTMAX_MAX;
    }
  char why[256];
  if (ipc_limit_explain (posix ? IPC_LIMIT_MQ_POSIX : IPC_LIMIT_MQ_SYSV, err,
                         &ask, why, sizeof why) == 0)
    error (IPC_EXIT_FAILURE, 0, "cannot create %s: %s", quote (text), why);
  error (IPC_EXIT_FAILURE, err, "cannot create %s", quote (text));
  abort ();
}

static int
verb_create (int argc, char **argv)
{
  uint64_t maxmsg = 0, msgsize = 0;
  mode_t mode = S_IRUSR | S_IWUSR;
  int c;
  while ((c = ipc_getopt (argc, argv)) != -1)
    switch (c)
      {
      case MAXMSG_OPTION:
        maxmsg = ipc_arg_count ("--maxmsg", optarg, 1, LONG_MAX);
        break;
      case MSGSIZE_OPTION:
        msgsize = ipc_arg_size ("--msgsize", optarg);
        if (msgsize < 1 || msgsize > LONG_MAX)
          ipc_usage_error ("invalid --msgsize argument %s: not between 1 "
                           "and %ld bytes", quote (optarg), LONG_MAX);
        break;
      case IPC_MODE_OPTION:
        mode = ipc_arg_mode ("--mode", optarg);
        if (mode & ~(mode_t) 0777)
          ipc_usage_error ("invalid --mode argument %s: a queue takes "
                           "permission bits only (0777)", quote (optarg));
        break;
      }
  int first = ipc_operands (argc, argv);
  struct ipc_addr addr;
  char const *text = argv[first];
  ipc_arg_address (text, ((IPC_ADDR_ACCEPT_SYSV_OBJ
                           & ~IPC_ADDR_ACCEPT (IPC_ADDR_ID))
                          | IPC_ADDR_ACCEPT (IPC_ADDR_PRIVATE)), &addr);

  int id;
  if (ipc_msgq_create (&addr, maxmsg, msgsize, mode, &id) != 0)
    create_failed (text, addr.kind == IPC_ADDR_POSIX, maxmsg, msgsize);
  if (addr.kind == IPC_ADDR_PRIVATE)
    ipc_print_new_id (IPC_SYSV_MSG, id, "queue");
  ipc_addr_free (&addr);
  return IPC_EXIT_OK;
}

/* What send and recv were asked to do.  */
struct transfer
{
  char const *text;             /* the QUEUE operand as typed */
  struct ipc_msgq q;
  struct timespec timeout;      /* -t; infinite by default */
  bool have_prio, have_type;
  long prio;                    /* -p, or --type */
  char delim;                   /* '\n', or '\0' with -0 */
  /* send: the messages sent so far, of TOTAL (MESSAGE operands), or of
     an unknown number of KIND ("line", "record") when TOTAL is 0; a lone
     message (TOTAL 1) needs no count.  */
  uintmax_t sent, total;
  char const *kind;
};

/* Which message of a batch a send stopped at: " message 3 of 5" or
   " line 3" into WHICH, and how many went before it into BEFORE, so that
   a retry need not send them again.  Both empty for a lone message.  */
static void
tell_sent (struct transfer const *t, char *which, char *before, size_t size)
{
  *which = *before = '\0';
  if (t->total == 1)
    return;
  if (t->total)
    snprintf (which, size, " message %ju of %ju", t->sent + 1, t->total);
  else
    snprintf (which, size, " %s %ju", t->kind, t->sent + 1);
  snprintf (before, size, "; the %ju before it were sent", t->sent);
}

/* Send one message, exiting 124 when it times out and 1 on failure,
   saying how many of a batch were sent.  */
static void
send_one (struct transfer *t, char const *msg, size_t len)
{
  struct ipc_deadline deadline, *d = NULL;
  if (!ipc_duration_is_infinite (t->timeout))
    {
      ipc_deadline_start (&deadline, t->timeout);
      d = &deadline;
    }
  if (ipc_msgq_send (&t->q, msg, len, t->prio, d) == 0)
    {
      t->sent++;
      return;
    }
  int err = errno;
  char which[64], before[64];
  tell_sent (t, which, before, sizeof which);
  if (err == ETIMEDOUT)
    {
      if (*which)
        error (0, 0, "no room in %s in time for%s%s", quote (t->text),
               which, before);
      exit (IPC_EXIT_TIMEDOUT);
    }
  error (IPC_EXIT_FAILURE, 0, "cannot send%s to %s: %s%s", which,
         quote (t->text), strerror (err), before);
  abort ();
}

/* Refuse the INDEX-th (from 1) message of its KIND, longer than the
   queue's message size; AFTER says what was sent.  */
static noreturn void
too_long (struct transfer *t, char const *kind, uintmax_t index,
          char const *after)
{
  error (IPC_EXIT_FAILURE, 0, "%s %ju is longer than the message size of "
         "%s (%zu bytes)%s", kind, index, quote (t->text), t->q.msgsize,
         after);
  abort ();
}

/* Send each record of standard input ended by T->delim (the last one may
   lack it) as a message, straight from the input buffer.  */
static void
send_records (struct transfer *t, char const *kind)
{
  struct ipc_records r;
  if (ipc_records_init (&r, STDIN_FILENO, t->delim, t->q.msgsize) != 0)
    xalloc_die ();
  char *rec;
  size_t len;
  int got;
  while ((got = ipc_records_next (&r, &rec, &len)) > 0)
    send_one (t, rec, len);
  if (got < 0 && errno == EMSGSIZE)
    too_long (t, kind, r.count + 1,
              r.count ? "; the records before it were sent" : "");
  if (got < 0)
    error (IPC_EXIT_FAILURE, errno, "error reading standard input");
  ipc_records_free (&r);
}

/* Send all of standard input as one message.  */
static void
send_stdin (struct transfer *t)
{
  char *buf;
  size_t len = ipc_read_stdin_max (t->q.msgsize, &buf);
  if (len > t->q.msgsize)
    error (IPC_EXIT_FAILURE, 0, "standard input is longer than the message "
           "size of %s (%zu bytes); nothing was sent", quote (t->text),
           t->q.msgsize);
  send_one (t, buf, len);
  free (buf);
}

/* Check the options of send and recv that apply to one kind of queue.  */
static void
check_kind_options (struct transfer const *t, bool posix)
{
  if (posix && t->have_type)
    ipc_usage_error ("--type applies to System V queues; %s is POSIX "
                     "(use --priority)", quote (t->text));
  if (!posix && t->have_prio)
    ipc_usage_error ("--priority applies to POSIX queues; %s is System V "
                     "(use --type)", quote (t->text));
}

static int
verb_send (int argc, char **argv)
{
  struct transfer t = { .timeout = IPC_DURATION_INFINITE, .delim = '\n' };
  bool records = false;
  int c;
  while ((c = ipc_getopt (argc, argv)) != -1)
    switch (c)
      {
      case 'p':
        t.prio = ipc_arg_count ("--priority", optarg, 0, MQ_PRIO_MAX - 1);
        t.have_prio = true;
        break;
      case TYPE_OPTION:
        t.prio = ipc_arg_long ("--type", optarg, 1);
        t.have_type = true;
        break;
      case 'l': records = true; break;
      case '0': records = true; t.delim = '\0'; break;
      case 't': t.timeout = ipc_arg_duration ("--timeout", optarg); break;
      case 'n': t.timeout = (struct timespec) { 0, 0 }; break;
      }
  int first = ipc_operands (argc, argv);
  struct ipc_addr addr;
  t.text = argv[first];
  ipc_arg_address (t.text, IPC_ADDR_ACCEPT_SYSV_OBJ, &addr);
  int nmsgs = argc - first - 1;
  if (records && nmsgs > 0)
    ipc_usage_error ("%s reads standard input: no MESSAGE operand is "
                     "allowed, not even %s",
                     t.delim ? "--lines" : "--null", quote (argv[first + 1]));
  bool posix = addr.kind == IPC_ADDR_POSIX;
  check_kind_options (&t, posix);
  if (!posix && !t.have_type)
    t.prio = 1;

  open_or_die (&t.q, &addr, t.text, O_WRONLY);
  ipc_addr_free (&addr);

  t.kind = t.delim ? "line" : "record";
  t.total = records ? 0 : nmsgs > 1 ? nmsgs : 1;
  if (records)
    send_records (&t, t.kind);
  else if (nmsgs == 0)
    send_stdin (&t);
  else
    {
      /* All or nothing: every message is checked before the first goes.  */
      for (int i = 0; i < nmsgs; i++)
        if (strlen (argv[first + 1 + i]) > t.q.msgsize)
          too_long (&t, "message", i + 1, "; nothing was sent");
      for (int i = 0; i < nmsgs; i++)
        send_one (&t, argv[first + 1 + i], strlen (argv[first + 1 + i]));
    }
  ipc_msgq_close (&t.q);
  return IPC_EXIT_OK;
}

/* What recv's take callback needs.  */
struct take
{
  struct transfer *t;
  long type;
  bool show_priority;
};

/* ipc_receive's take: one message, with its priority first if asked.  */
static int
take_message (void *arg, struct ipc_deadline const *deadline,
              struct ipc_records_out *o)
{
  struct take *k = arg;
  char *msg;
  long prio;
  ssize_t n = ipc_msgq_recv (&k->t->q, k->type, deadline, &msg, &prio);
  if (n < 0)
    return -1;
  if (k->show_priority)
    {
      char text[32];
      int len = snprintf (text, sizeof text, "%ld\t", prio);
      if (ipc_records_out_add (o, text, len) != 0)
        return -1;
    }
  return ipc_records_out_add (o, msg, n);
}

static int
verb_recv (int argc, char **argv)
{
  struct transfer t = { .timeout = IPC_DURATION_INFINITE, .delim = '\n' };
  uintmax_t count = 1;
  bool follow = false, unbuffered = false;
  struct take k = { .t = &t };
  int c;
  while ((c = ipc_getopt (argc, argv)) != -1)
    switch (c)
      {
      case 'c':
        count = ipc_arg_count ("--count", optarg, 1, UINTMAX_MAX);
        break;
      case 'f': follow = true; break;
      case '0': t.delim = '\0'; break;
      case 'u': unbuffered = true; break;
      case TYPE_OPTION:
        k.type = ipc_arg_long ("--type", optarg, LONG_MIN);
        t.have_type = true;
        break;
      case SHOW_PRIORITY_OPTION: k.show_priority = true; break;
      case 't': t.timeout = ipc_arg_duration ("--timeout", optarg); break;
      case 'n': t.timeout = (struct timespec) { 0, 0 }; break;
      }
  int first = ipc_operands (argc, argv);
  struct ipc_addr addr;
  t.text = argv[first];
  ipc_arg_address (t.text, IPC_ADDR_ACCEPT_SYSV_OBJ, &addr);
  check_kind_options (&t, addr.kind == IPC_ADDR_POSIX);
  open_or_die (&t.q, &addr, t.text, O_RDONLY);
  ipc_addr_free (&addr);

  /* A stop signal ends recv once what it took is written out.  */
  t.q.stop = &ipc_stop_signal;
  struct ipc_receive r = { .take = take_message, .arg = &k, .count = count,
                           .follow = follow, .timeout = t.timeout };
  int status = ipc_receive_main (&r, t.delim, unbuffered, "message",
                                 t.text);
  ipc_msgq_close (&t.q);
  return status;
}

/* Read the POSIX queue NAME in DIR, or the System V one of ENTRY, and add
   its row.  */
static int
add_row (struct ipc_listing *l, char const *name, char const *dir,
         struct ipc_sysv_entry const *entry)
{
  struct ipc_msgq_info info;
  if (entry)
    ipc_msgq_sysv_info (entry, &info);
  else if (ipc_msgq_posix_info (name, dir, &info) != 0)
    return -1;
  struct ipc_listing_object obj = {
    .object = &info.object, .name = name, .used = info.object.posix,
    .users = info.object.file
  };
  struct ipc_row *row = ipc_listing_row (l, &obj);
  if (!row)
    return 0;
  if (!info.object.posix)
    {
      ipc_row_set_int (row, COL_LSPID, info.lspid);
      ipc_row_set_int (row, COL_LRPID, info.lrpid);
    }
  if (info.have_counts)
    {
      ipc_row_set_uint (row, COL_MSGS, info.msgs);
      ipc_row_set_uint (row, COL_CURMSGS, info.msgs);
      ipc_row_set_size (row, COL_USEDBYTES, info.usedbytes);
    }
  if (info.have_limits)
    {
      if (info.object.posix)
        ipc_row_set_uint (row, COL_MAXMSGS, info.maxmsgs);
      ipc_row_set_size (row, COL_MSGSIZE, info.msgsize);
      ipc_row_set_size (row, COL_QBYTES, info.qbytes);
    }
  return 0;
}

static struct ipc_listing_kind const listing = {
  .columns = columns, .ncolumns = countof (columns),
  .json_array = "mqueues", .json_object = "mqueue", .objects = "queues",
  .posix_dir = IPC_POSIX_MQUEUE_DIR, .posix_magic = IPC_POSIX_MQUEUE_MAGIC,
  .posix_foreign = ipc_msgq_posix_dir_foreign,
  .sysv = IPC_SYSV_MSG, .accept = IPC_ADDR_ACCEPT_SYSV_OBJ,
  .users_sources = IPC_USERS_FDS, .add_row = add_row
};

static struct ipc_verb const verbs[] = {
  { "create", NULL, verb_create,
    .synopsis = "QUEUE",
    .summary = "create a queue (mode 0600 unless --mode)",
    .description = "\
Create QUEUE; it must not exist.  QUEUE is /NAME, key:KEY, path:FILE[:P]\n\
or 'private' (a new System V queue; its id is printed).  A System V queue\n\
has no message size of its own: with --maxmsg, its capacity in bytes\n\
becomes N times SIZE (SIZE defaults to kernel.msgmax), at most\n\
kernel.msgmnb without privilege.\n",
    .options = create_options, .operands = "QUEUE", .min = 1, .max = 1 },
  { "rm", "remove", ipc_remove_verb,
    .data = &(struct ipc_remover) { IPC_ADDR_ACCEPT_SYSV_OBJ, NULL,
                                    ipc_msgq_remove },
    .synopsis = "QUEUE...",
    .summary = "remove queues",
    .description = "\
Remove each QUEUE; a POSIX queue lives on until its last user closes it.\n",
    .operands = "QUEUE", .min = 1, .max = IPC_MANY },
  { "send", NULL, verb_send,
    .synopsis = "QUEUE [MESSAGE]...",
    .summary = "send each MESSAGE, or standard input as one message, or "
    "each of its lines (--lines) or NUL-terminated records (-0)",
    .description = "\
Send each MESSAGE; with none, standard input is one message, or with\n\
--lines each line of it is one (without its newline), or with -0 each\n\
NUL-terminated record.  A message longer than the queue's message size is\n\
refused before anything is sent (with --lines or -0, the records before\n\
it have been sent).  When the queue is full, wait for room: -t limits the\n\
wait for each message.\n",
    .options = send_options, .operands = "QUEUE MESSAGE", .min = 1,
    .max = IPC_MANY, .exclusive = "lines,null" },
  { "recv", "receive", verb_recv,
    .synopsis = "QUEUE",
    .summary = "receive one message (or COUNT, or all with --follow) and "
    "print each followed by a newline",
    .description = "\
Receive one message and print it followed by a newline (-0: a NUL).  The\n\
bytes of a message are printed as they are, any bytes at all.  SIGINT,\n\
SIGTERM and SIGHUP end recv after it has written out what it took.\n\
-t limits the wait for all the messages (with --follow: for each).\n\
Messages waiting in the queue are taken and written out together; a\n\
failed write loses those taken since the last one (-u: that one only).\n",
    .options = recv_options, .operands = "QUEUE", .min = 1, .max = 1,
    .exclusive = "count,follow" },
  IPC_MQ_CALL_VERB,
  IPC_MQ_SERVE_VERB,
  { "ls", "list", ipc_listing_ls, .data = &listing,
    .summary = "list POSIX and System V queues",
    .description = "\
List the POSIX queues (from " IPC_POSIX_MQUEUE_DIR ", which must be "
"mounted) and the\n\
System V ones (from /proc/sysvipc/msg).  With --pid, the POSIX queues that\n\
those processes have open (no process holds a System V queue open).\n",
    IPC_TABLE_SIZE_LS_VERB (columns) },
  { "stat", "info", ipc_listing_stat, .data = &listing,
    .synopsis = "QUEUE",
    .summary = "show one queue",
    .description = "\
Show one queue as COLUMN: value lines (-J: a JSON object); with -o COL -n,\n\
the bare value.\n",
    IPC_TABLE_SIZE_VERB (columns),
    .operands = "QUEUE", .min = 1, .max = 1 },
  { IPC_LIMITS_VERB (IPC_LIMITS_MQ),
    .summary = "show the limits of queues, their use and what is left",
    .description = "\
Show every limit of System V and POSIX queues: kernel.msgmni, msgmax and\n\
msgmnb, fs.mqueue.*, this user's RLIMIT_MSGQUEUE (ulimit -q) and\n\
MQ_PRIO_MAX, with what is used (the queues of /proc/sysvipc/msg and of\n\
" IPC_POSIX_MQUEUE_DIR ", the bytes that the kernel charges this user for its queues there)\n\
and what is left.  USED is '?' when it cannot be read (" IPC_POSIX_MQUEUE_DIR " not\n\
mounted), and '-' for a limit on one queue.\n" },
  { 0 }
};

static struct ipc_command const command = {
  .summary = "Create, use and inspect POSIX and System V message queues.",
  .description = "\
QUEUE is /NAME (POSIX), key:KEY, id:ID or path:FILE[:P] (System V);\n\
create also takes 'private', a new System V queue whose id it prints.\n",
  .verbs = verbs,
  .exit_status = "\
Exit status: 0 done, 1 failed (system error, queue missing, limit),\n\
2 usage error, 124 timed out or, with -n, queue full or empty.  call: the\n\
status of the reply (124: none in time).  serve: 0, 124 when -t ended it\n\
before any request came, 125 when it failed, usage errors included.\n",
};

int
main (int argc, char **argv)
{
  return ipc_cli_main (&command, argc, argv);
}

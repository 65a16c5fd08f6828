/* ipc-mq call and serve: a request and its reply over a queue, from the
   shell (SPEC 6).  Their command lines and messages; lib/ipc-rpc does
   the work.  */
#include <config.h>

#include "ipc-mq-rpc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "quote.h"
#include "xalloc.h"

#include "ipc-addr.h"
#include "ipc-deadline.h"
#include "ipc-handlers.h"
#include "ipc-limits.h"
#include "ipc-rpc.h"
#include "ipc-stop.h"
#include "ipc-units.h"

struct ipc_option const ipc_mq_call_options[] = {
  IPC_OPTION_TIMEOUT,
  IPC_OPTION_NONBLOCK,
  { "mode", IPC_MODE_OPTION, "MODE", "permissions of the reply queue "
    "(POSIX), for a server run by another user; default 0600, whatever "
    "the umask" },
  { 0 }
};

struct ipc_option const ipc_mq_serve_options[] = {
  { "count", 'c', "N", "end after answering N requests" },
  { "jobs", 'j', "K", "run up to K COMMANDs at once (default 1)" },
  { "timeout", 't', "DUR", "an idle limit: end when no request came for "
    "DUR (status 0 if any came, 124 if none)" },
  { 0 }
};

/* The call in progress, for its removal however call ends.  */
static struct ipc_rpc_call the_call;

static void
remove_reply_queue (void)
{
  ipc_rpc_call_remove (&the_call);
}

/* SIGPIPE is a stop signal of call too: until its reply queue is gone.  */
static void
on_sigpipe (int sig)
{
  ipc_stop_signal = sig;
}

/* End call after a failure of ipc-rpc with errno: a stop signal kills us
   by that signal once the reply queue is removed; a timeout is 124;
   anything else is reported with WHAT.  */
static noreturn void
call_failed (char const *what, char const *queue)
{
  int err = errno;
  ipc_rpc_call_remove (&the_call);
  if (err == EINTR && ipc_stop_signal)
    ipc_die_of_signal (ipc_stop_signal);
  errno = err;
  ipc_die ("%s %s", what, quote (queue));
}

int
ipc_mq_verb_call (int argc, char **argv)
{
  struct timespec timeout = IPC_DURATION_INFINITE;
  mode_t mode = S_IRUSR | S_IWUSR;
  int c;
  while ((c = ipc_getopt (argc, argv)) != -1)
    switch (c)
      {
      case 't': timeout = ipc_arg_duration ("--timeout", optarg); break;
      case 'n': timeout = (struct timespec) { 0, 0 }; break;
      case IPC_MODE_OPTION:
        mode = ipc_arg_mode ("--mode", optarg);
        if (mode & ~(mode_t) 0777)
          ipc_usage_error ("invalid --mode argument %s: a queue takes "
                           "permission bits only (0777)", quote (optarg));
        break;
      }
  int first = ipc_operands (argc, argv);
  char const *text = argv[first];
  struct ipc_addr addr;
  ipc_arg_address (text, IPC_ADDR_ACCEPT_SYSV_OBJ, &addr);
  bool posix = addr.kind == IPC_ADDR_POSIX;
  if (!posix && ipc_option_given (IPC_MODE_OPTION))
    ipc_usage_error ("--mode applies to POSIX queues; %s is System V (its "
                     "replies come on the queue itself)", quote (text));

  /* The stop signals are caught before the reply queue exists, so that
     none can leave it behind.  */
  struct sigaction old_pipe;
  sigaction (SIGPIPE, NULL, &old_pipe);
  if (ipc_stop_catch () != 0
      || ipc_handler_install (SIGPIPE, on_sigpipe,
                              IPC_HANDLER_UNLESS_IGNORED) < 0)
    error (IPC_EXIT_FAILURE, errno, "cannot install a signal handler");
  ipc_at_exit (remove_reply_queue);

  if (ipc_rpc_call_open (&the_call, &addr) != 0)
    {
      if (errno == EMSGSIZE)
        error (IPC_EXIT_FAILURE, 0, "the messages of %s are too small for "
               "a request (%s)", quote (text), posix ? "msgsize" : "msgmax");
      error (IPC_EXIT_FAILURE, errno, "cannot open %s", quote (text));
    }
  ipc_addr_free (&addr);
  the_call.q.stop = &ipc_stop_signal;

  char *body, *input = NULL;
  size_t len;
  if (first + 1 < argc)
    {
      body = argv[first + 1];
      len = strlen (body);
    }
  else
    {
      len = ipc_read_stdin_max (the_call.room, &input);
      body = input;
    }
  if (len > the_call.room)
    error (IPC_EXIT_FAILURE, 0, "the request is longer than %s takes: %s "
           "%zu bytes, %zu of them for the envelope; nothing was sent",
           quote (text), posix ? "its msgsize is" : "kernel.msgmax or its "
           "msg_qbytes is", the_call.q.msgsize, the_call.headlen);

  struct ipc_deadline deadline;
  ipc_deadline_start (&deadline, timeout);
  if (ipc_rpc_call_send (&the_call, body, len, mode, &deadline) != 0)
    {
      int err = errno;
      char why[256];
      struct ipc_limit_ask ask = { .count = 1, .size = the_call.q.msgsize };
      if (the_call.create_failed
          && ipc_limit_explain (IPC_LIMIT_MQ_POSIX, err, &ask, why,
                                sizeof why) == 0)
        error (IPC_EXIT_FAILURE, 0, "cannot create the reply queue %s: %s",
               quote (the_call.reply_name), why);
      errno = err;
      call_failed (the_call.create_failed ? "cannot create the reply "
                   "queue of a call to" : "cannot send a request to", text);
    }
  free (input);

  int status;
  char const *reply;
  ssize_t n = ipc_rpc_call_reply (&the_call, &deadline, &status, &reply);
  if (n < 0 && errno == EBADMSG)
    error (IPC_EXIT_FAILURE, 0, "the reply from the server of %s is not "
           "STATUS and a newline before its body", quote (text));
  if (n < 0)
    call_failed ("no reply from the server of", text);
  /* The reply queue is gone: a reader of ours that went away may end us
     quietly, as it would cat.  */
  sigaction (SIGPIPE, &old_pipe, NULL);
  if (ipc_stop_signal)
    ipc_die_of_signal (ipc_stop_signal);
  if (n > 0 && fwrite (reply, 1, n, stdout) != (size_t) n)
    ipc_stdout_failed ();
  ipc_rpc_call_end (&the_call);
  return status;
}

/* What serve's messages name.  */
struct serving
{
  char const *queue;        /* the QUEUE operand */
  char const *command;      /* COMMAND */
  bool posix;
};

/* What serve says while it goes on.  */
static void
serve_note (void *arg, struct ipc_rpc_note const *n)
{
  struct serving const *sv = arg;
  char who[64];
  if (n->to)
    snprintf (who, sizeof who, "%s", n->to);
  else
    snprintf (who, sizeof who, "PID %ld", (long) n->pid);
  switch (n->event)
    {
    case IPC_RPC_NOT_RUN:
      error (0, n->err, "cannot run %s (status %d sent)", quote (sv->command),
             n->status);
      break;
    case IPC_RPC_TOO_LONG:
      error (0, 0, "the output for %s does not fit a reply (%s: %zu bytes, "
             "the status line included); status 125 sent", quote (who),
             sv->posix ? "the msgsize of the reply queue"
             : "kernel.msgmax or the queue's msg_qbytes", n->limit);
      break;
    case IPC_RPC_GONE:
      if (n->first)
        error (0, 0, "the caller of a request is gone (%s), its reply "
               "dropped; such replies are only counted from now on",
               quote (who));
      break;
    case IPC_RPC_NOT_SENT:
      error (0, n->err, "cannot send the reply to %s", quote (who));
      break;
    case IPC_RPC_BAD_REQUEST:
      error (0, 0, "a message of %zu bytes in %s is not a request (%s, a "
             "newline, the body); dropped", n->len, quote (sv->queue),
             sv->posix ? "REPLYQUEUE" : "PID");
      break;
    case IPC_RPC_FAILED:
      error (0, n->err, "cannot receive from %s", quote (sv->queue));
      break;
    }
}

int
ipc_mq_verb_serve (int argc, char **argv)
{
  struct ipc_rpc_server s = { .jobs = 1, .idle = IPC_DURATION_INFINITE };
  int c;
  while ((c = ipc_getopt (argc, argv)) != -1)
    switch (c)
      {
      case 'c':
        s.count = ipc_arg_count ("--count", optarg, 1, UINTMAX_MAX);
        break;
      case 'j':
        s.jobs = ipc_arg_count ("--jobs", optarg, 1, 1024);
        break;
      case 't': s.idle = ipc_arg_duration ("--timeout", optarg); break;
      }
  int first = ipc_operands (argc, argv);
  s.argv = ipc_command (argv);
  char const *text = argv[first];
  struct ipc_addr addr;
  ipc_arg_address (text, IPC_ADDR_ACCEPT_SYSV_OBJ, &addr);
  struct ipc_msgq q;
  if (ipc_msgq_open (&q, &addr, addr.kind == IPC_ADDR_POSIX ? O_RDONLY
                     : O_RDWR) != 0)
    ipc_die ("cannot open %s", quote (text));
  ipc_addr_free (&addr);

  /* A COMMAND that does not read all of its input must not kill us; it
     gets SIGPIPE's default back, unless our caller ignored it.  */
  struct sigaction old_pipe;
  sigaction (SIGPIPE, NULL, &old_pipe);
  s.sigpipe_default = old_pipe.sa_handler != SIG_IGN;
  signal (SIGPIPE, SIG_IGN);
  if (ipc_stop_catch () != 0)
    ipc_die ("cannot install a signal handler");
  q.stop = &ipc_stop_signal;
  s.q = &q;
  struct serving sv = { text, s.argv[0], q.posix };
  s.note = serve_note;
  s.arg = &sv;

  int rc = ipc_rpc_serve (&s);
  if (rc != 0 && errno)
    error (0, errno, "cannot start the workers of %s", quote (text));
  if (s.gone > 1)
    error (0, 0, "%ju replies were dropped in all: their callers were gone",
           s.gone);
  ipc_msgq_close (&q);
  if (rc != 0)
    return IPC_EXIT_CANCELED;
  if (ipc_stop_signal)
    ipc_die_of_signal (ipc_stop_signal);
  /* As recv --follow -t: an idle end is a timeout if nothing came.  */
  if (!ipc_duration_is_infinite (s.idle) && s.served == 0)
    return IPC_EXIT_TIMEDOUT;
  return IPC_EXIT_OK;
}

/* Request and reply over message queues.  */
#include <config.h>

#include "ipc-rpc.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ipc-fd.h"
#include "ipc-run.h"
#include "ipc-stop.h"
#include "ipc-units.h"

/* The longest head of a reply: "255\n".  */
enum { REPLY_HEAD_MAX = 4 };

/* How long a System V server waits for room for a reply in a full queue
   before it drops it: the requests that fill it wait for the server
   itself, so waiting for ever could never end with -j 1.  */
static struct timespec const sysv_reply_wait = { 2, 0 };

/* ---- The envelope ---------------------------------------------------- */

/* Parse the decimal number of the LEN bytes at P, without sign or
   leading zeros (but "0"), of at most MAX.  */
static bool
parse_decimal (char const *p, size_t len, uintmax_t max, uintmax_t *v)
{
  if (len == 0 || (len > 1 && p[0] == '0'))
    return false;
  uintmax_t n = 0;
  for (size_t i = 0; i < len; i++)
    {
      if (p[i] < '0' || p[i] > '9')
        return false;
      n = n * 10 + (p[i] - '0');
      if (n > max)
        return false;
    }
  *v = n;
  return true;
}

int
ipc_rpc_parse_request (bool posix, char *msg, size_t len,
                       struct ipc_rpc_request *r)
{
  char *nl = memchr (msg, '\n', len);
  if (!nl)
    {
      errno = EBADMSG;
      return -1;
    }
  size_t head = nl - msg;
  memset (r, 0, sizeof *r);
  if (posix)
    {
      /* "/name": one slash, no NUL, at most NAME_MAX after the slash.  */
      if (head < 2 || head > 1 + NAME_MAX || msg[0] != '/'
          || memchr (msg + 1, '/', head - 1) || memchr (msg, '\0', head))
        {
          errno = EBADMSG;
          return -1;
        }
      *nl = '\0';
      r->reply_to = msg;
    }
  else
    {
      uintmax_t pid;
      if (!parse_decimal (msg, head, INT32_MAX, &pid) || pid < 1)
        {
          errno = EBADMSG;
          return -1;
        }
      r->pid = pid;
    }
  r->body = nl + 1;
  r->len = len - head - 1;
  return 0;
}

int
ipc_rpc_parse_reply (char const *msg, size_t len, int *status, size_t *body)
{
  char const *nl = memchr (msg, '\n', len < REPLY_HEAD_MAX ? len
                           : REPLY_HEAD_MAX);
  uintmax_t v;
  if (!nl || !parse_decimal (msg, nl - msg, 255, &v))
    {
      errno = EBADMSG;
      return -1;
    }
  *status = v;
  *body = nl - msg + 1;
  return 0;
}

/* ---- The caller ------------------------------------------------------ */

/* Choose a new name for C's reply queue: our PID and 8 hex digits, so
   that its length, and the room of the request, stays the same.  */
static void
name_reply_queue (struct ipc_rpc_call *c, unsigned int attempt)
{
  struct timespec now;
  clock_gettime (CLOCK_MONOTONIC, &now);
  uint32_t salt = (uint32_t) now.tv_nsec ^ ((uint32_t) now.tv_sec << 20)
                  ^ (attempt * 2654435761u);
  snprintf (c->reply_name, sizeof c->reply_name, "/ipc-mq-call.%ld.%08"
            PRIx32, (long) getpid (), salt);
}

int
ipc_rpc_call_open (struct ipc_rpc_call *c, struct ipc_addr *addr)
{
  memset (c, 0, sizeof *c);
  c->reply.mqd = (mqd_t) -1;
  c->reply.id = -1;
  bool posix = addr->kind == IPC_ADDR_POSIX;
  if (ipc_msgq_open (&c->q, addr, posix ? O_WRONLY : O_RDWR) != 0)
    return -1;
  if (posix)
    {
      name_reply_queue (c, 0);
      c->headlen = snprintf (c->head, sizeof c->head, "%s\n",
                             c->reply_name);
    }
  else
    c->headlen = snprintf (c->head, sizeof c->head, "%ld\n",
                           (long) getpid ());
  if (c->q.msgsize < c->headlen)
    {
      ipc_msgq_close (&c->q);
      errno = EMSGSIZE;
      return -1;
    }
  c->room = c->q.msgsize - c->headlen;
  return 0;
}

/* Create C's POSIX reply queue with permissions MODE.  */
static int
create_reply_queue (struct ipc_rpc_call *c, mode_t mode)
{
  struct mq_attr attr = { .mq_maxmsg = 1, .mq_msgsize = c->q.msgsize };
  mqd_t mqd = (mqd_t) -1;
  for (unsigned int attempt = 1; attempt <= 100; attempt++)
    {
      mqd = mq_open (c->reply_name, O_RDONLY | O_CREAT | O_EXCL, mode,
                     &attr);
      if (mqd != (mqd_t) -1 || errno != EEXIST)
        break;
      name_reply_queue (c, attempt);
    }
  if (mqd == (mqd_t) -1)
    return -1;
  c->have_reply = true;
  c->reply.posix = true;
  c->reply.mqd = ipc_fd_high (mqd, true);
  /* mq_open applied the umask; the mode asked for is the mode wanted.  */
  if (c->reply.mqd == (mqd_t) -1 || fchmod (c->reply.mqd, mode) != 0)
    return -1;
  c->reply.msgsize = c->q.msgsize;
  c->reply.stop = c->q.stop;
  c->reply.buf = malloc (c->reply.msgsize ? c->reply.msgsize : 1);
  if (!c->reply.buf)
    return -1;
  c->reply.bufsize = c->reply.msgsize;
  /* The name may have changed: the head with it (same length).  */
  memcpy (c->head, c->reply_name, c->headlen - 1);
  return 0;
}

int
ipc_rpc_call_send (struct ipc_rpc_call *c, void const *body, size_t len,
                   mode_t mode, struct ipc_deadline const *deadline)
{
  if (len > c->room)
    {
      errno = EMSGSIZE;
      return -1;
    }
  if (c->q.posix)
    {
      if (create_reply_queue (c, mode) != 0)
        {
          c->create_failed = true;
          goto fail;
        }
    }
  else
    {
      /* Replies to an earlier process of our PID that gave up.  */
      struct ipc_deadline now;
      ipc_deadline_start (&now, (struct timespec) { 0, 0 });
      char *msg;
      long type;
      while (ipc_msgq_recv (&c->q, getpid (), &now, &msg, &type) >= 0)
        continue;
      if (errno != ETIMEDOUT)
        return -1;
    }
  free (c->msg);
  c->msg = malloc (c->headlen + len);
  if (!c->msg)
    goto fail;
  memcpy (c->msg, c->head, c->headlen);
  if (len)
    memcpy (c->msg + c->headlen, body, len);
  if (ipc_msgq_send (&c->q, c->msg, c->headlen + len,
                     c->q.posix ? 0 : IPC_RPC_SYSV_REQUEST_TYPE,
                     deadline) != 0)
    goto fail;
  return 0;

 fail:;
  int saved = errno;
  ipc_rpc_call_remove (c);
  errno = saved;
  return -1;
}

ssize_t
ipc_rpc_call_reply (struct ipc_rpc_call *c,
                    struct ipc_deadline const *deadline, int *status,
                    char const **body)
{
  char *msg;
  long type;
  ssize_t n;
  if (c->q.posix)
    n = ipc_msgq_recv (&c->reply, 0, deadline, &msg, &type);
  else
    n = ipc_msgq_recv (&c->q, getpid (), deadline, &msg, &type);
  int saved = errno;
  ipc_rpc_call_remove (c);
  if (n < 0)
    {
      errno = saved;
      return -1;
    }
  size_t off;
  if (ipc_rpc_parse_reply (msg, n, status, &off) != 0)
    return -1;
  *body = msg + off;
  return n - off;
}

void
ipc_rpc_call_remove (struct ipc_rpc_call *c)
{
  if (c->have_reply)
    {
      c->have_reply = false;
      mq_unlink (c->reply_name);
    }
}

void
ipc_rpc_call_end (struct ipc_rpc_call *c)
{
  ipc_rpc_call_remove (c);
  ipc_msgq_close (&c->reply);
  ipc_msgq_close (&c->q);
  free (c->msg);
  c->msg = NULL;
}

/* ---- The server: running CMD ------------------------------------------ */

/* Start ARGV with IN as its standard input and OUT as its standard
   output, with signal mask MASK and, if asked, SIGPIPE's default action.
   Return its PID, or -1 with errno set.  A script without "#!"
   (ENOEXEC from posix_spawnp) is started through fork and execvp, which
   runs it with the shell, as ipc-run does.  */
static pid_t
spawn_filter (char *const *argv, int in, int out, sigset_t const *mask,
              bool sigpipe_default)
{
  posix_spawn_file_actions_t fa;
  posix_spawnattr_t attr;
  int err = posix_spawn_file_actions_init (&fa);
  if (err)
    {
      errno = err;
      return -1;
    }
  err = posix_spawnattr_init (&attr);
  if (err)
    {
      posix_spawn_file_actions_destroy (&fa);
      errno = err;
      return -1;
    }
  sigset_t def;
  sigemptyset (&def);
  if (sigpipe_default)
    sigaddset (&def, SIGPIPE);
  pid_t pid = -1;
  if (!(err = posix_spawn_file_actions_adddup2 (&fa, in, STDIN_FILENO))
      && !(err = posix_spawn_file_actions_adddup2 (&fa, out, STDOUT_FILENO))
      && !(err = posix_spawnattr_setsigmask (&attr, mask))
      && !(err = posix_spawnattr_setsigdefault (&attr, &def))
      && !(err = posix_spawnattr_setflags (&attr, (POSIX_SPAWN_SETSIGMASK
                                                   | POSIX_SPAWN_SETSIGDEF))))
    err = posix_spawnp (&pid, argv[0], &fa, &attr, argv, environ);
  posix_spawnattr_destroy (&attr);
  posix_spawn_file_actions_destroy (&fa);
  if (err == 0)
    return pid;
  if (err != ENOEXEC)
    {
      errno = err;
      return -1;
    }
  pid = fork ();
  if (pid == 0)
    {
      if (dup2 (in, STDIN_FILENO) < 0 || dup2 (out, STDOUT_FILENO) < 0)
        _exit (IPC_RPC_CANCELED);
      if (sigpipe_default)
        signal (SIGPIPE, SIG_DFL);
      sigprocmask (SIG_SETMASK, mask, NULL);
      execvp (argv[0], argv);
      _exit (errno == ENOENT ? 127 : 126);
    }
  if (pid < 0)
    errno = EAGAIN;
  return pid;
}

/* What one run of CMD gave.  */
struct run_result
{
  int status;
  size_t len;               /* bytes of output read, at most LIMIT + 1 */
  bool too_long;            /* more than LIMIT */
  int err;                  /* why it could not be started, or 0 */
};

/* Run S's CMD with the LEN bytes at IN on its standard input, and read
   its standard output into OUT, which has room for LIMIT + 1 bytes.
   Output past LIMIT is not read: the pipe is closed, so that CMD ends
   (EPIPE) instead of waiting.  A stop signal that comes while it runs is
   passed on to it once; if it then dies of a signal, it did not finish:
   status 125.  */
static void
run_command (struct ipc_rpc_server const *s, sigset_t const *mask,
             char const *in, size_t len, char *out, size_t limit,
             struct run_result *res)
{
  memset (res, 0, sizeof *res);
  int pin[2], pout[2];
  if (ipc_fd_pipe (pin, O_CLOEXEC) != 0)
    {
      res->err = errno;
      res->status = IPC_RPC_CANCELED;
      return;
    }
  if (ipc_fd_pipe (pout, O_CLOEXEC) != 0)
    {
      res->err = errno;
      res->status = IPC_RPC_CANCELED;
      close (pin[0]);
      close (pin[1]);
      return;
    }
  pid_t pid = spawn_filter (s->argv, pin[0], pout[1], mask,
                            s->sigpipe_default);
  int saved = errno;
  close (pin[0]);
  close (pout[1]);
  if (pid < 0)
    {
      close (pin[1]);
      close (pout[0]);
      res->err = saved;
      res->status = (saved == ENOENT ? 127
                     : saved == EAGAIN || saved == ENOMEM ? IPC_RPC_CANCELED
                     : 126);
      return;
    }

  int wfd = pin[1], rfd = pout[0];
  fcntl (wfd, F_SETFL, fcntl (wfd, F_GETFL) | O_NONBLOCK);
  fcntl (rfd, F_SETFL, fcntl (rfd, F_GETFL) | O_NONBLOCK);
  /* CMD's end, for the output to end with it even when a child that it
     left behind (a 'sleep &') still holds the pipe open.  Without
     pidfd_open (Linux before 5.3), the output ends at end of file.  */
  int pidfd = -1;
#ifdef SYS_pidfd_open
  pidfd = ipc_fd_high (syscall (SYS_pidfd_open, pid, 0), true);
#endif
  size_t off = 0;
  bool forwarded = false, ended = false;
  if (len == 0)
    {
      close (wfd);
      wfd = -1;
    }
  while (rfd >= 0 || (wfd >= 0 && !ended))
    {
      if (ipc_stop_signal && !forwarded)
        {
          kill (pid, ipc_stop_signal);
          forwarded = true;
        }
      struct pollfd p[3];
      int n = 0, ri = -1, wi = -1, ei = -1;
      if (rfd >= 0)
        {
          ri = n;
          p[n++] = (struct pollfd) { .fd = rfd, .events = POLLIN };
        }
      if (wfd >= 0)
        {
          wi = n;
          p[n++] = (struct pollfd) { .fd = wfd, .events = POLLOUT };
        }
      if (pidfd >= 0 && !ended)
        {
          ei = n;
          p[n++] = (struct pollfd) { .fd = pidfd, .events = POLLIN };
        }
      if (poll (p, n, -1) < 0)
        {
          if (errno == EINTR)
            continue;
          break;
        }
      /* Once CMD has ended, what it wrote is in the pipe: read it all,
         then stop.  */
      if (ei >= 0 && p[ei].revents)
        ended = true;
      while (rfd >= 0 && (ended || (ri >= 0 && p[ri].revents)))
        {
          ssize_t r = read (rfd, out + res->len, limit + 1 - res->len);
          if (r > 0)
            res->len += r;
          bool drained = r < 0 && errno == EAGAIN;
          bool failed = r < 0 && errno != EAGAIN && errno != EINTR;
          if (r == 0 || failed || res->len > limit || (ended && drained))
            {
              res->too_long = res->len > limit;
              close (rfd);
              rfd = -1;
            }
          if (!ended)
            break;
        }
      if (wi >= 0 && wfd >= 0 && p[wi].revents)
        {
          ssize_t w = write (wfd, in + off, len - off);
          if (w > 0)
            off += w;
          if (off == len || (w < 0 && errno != EINTR && errno != EAGAIN))
            {
              /* Done, or CMD does not read all of it (EPIPE).  */
              close (wfd);
              wfd = -1;
            }
        }
    }
  if (pidfd >= 0)
    close (pidfd);
  if (rfd >= 0)
    close (rfd);
  if (wfd >= 0)
    close (wfd);

  int wstatus;
  for (;;)
    {
      if (ipc_stop_signal && !forwarded)
        {
          kill (pid, ipc_stop_signal);
          forwarded = true;
        }
      if (waitpid (pid, &wstatus, 0) == pid)
        break;
      if (errno != EINTR)
        {
          res->status = IPC_RPC_CANCELED;
          return;
        }
    }
  res->status = ipc_run_status (wstatus);
  if (forwarded && WIFSIGNALED (wstatus))
    res->status = IPC_RPC_CANCELED;
}

/* ---- The server: the loop ---------------------------------------------- */

/* What the workers of a server share (in memory shared across fork when
   there are several).  */
struct shared
{
  atomic_uintmax_t claimed; /* requests taken or being waited for (-c) */
  atomic_uintmax_t served;
  atomic_uintmax_t gone;
  atomic_llong last_ns;     /* when a request last came or was answered */
};

static long long
now_ns (void)
{
  struct timespec t;
  clock_gettime (CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void
note (struct ipc_rpc_server const *s, struct ipc_rpc_note n)
{
  if (s->note)
    s->note (s->arg, &n);
}

/* Count a reply whose caller is gone, and say so.  */
static void
gone (struct ipc_rpc_server const *s, struct shared *sh,
      struct ipc_rpc_request const *r)
{
  bool first = atomic_fetch_add (&sh->gone, 1) == 0;
  note (s, (struct ipc_rpc_note) { .event = IPC_RPC_GONE, .to = r->reply_to,
                                   .pid = r->pid, .first = first });
}

/* Whether the caller of R is gone; else set *LIMIT to the size of the
   largest reply it can take.  */
static bool
caller_gone (struct ipc_rpc_server const *s, struct ipc_rpc_request const *r,
             size_t *limit)
{
  if (!s->q->posix)
    {
      *limit = s->q->msgsize;
      return kill (r->pid, 0) != 0 && errno == ESRCH;
    }
  mqd_t mqd = mq_open (r->reply_to, O_WRONLY | O_NONBLOCK);
  if (mqd == (mqd_t) -1)
    {
      /* Another error shows when the reply is sent.  */
      *limit = s->q->msgsize;
      return errno == ENOENT;
    }
  struct mq_attr attr;
  *limit = (mq_getattr (mqd, &attr) == 0 && attr.mq_msgsize > 0
            && attr.mq_msgsize < IPC_MSGQ_SIZE_MAX
            ? (size_t) attr.mq_msgsize : s->q->msgsize);
  mq_close (mqd);
  return false;
}

/* Send the reply of LEN bytes at MSG to the caller of R.  */
static void
send_reply (struct ipc_rpc_server const *s, struct shared *sh,
            struct ipc_rpc_request const *r, char const *msg, size_t len)
{
  if (s->q->posix)
    {
      mqd_t mqd = ipc_fd_high (mq_open (r->reply_to, O_WRONLY | O_NONBLOCK),
                               true);
      if (mqd == (mqd_t) -1 && errno == ENOENT)
        return gone (s, sh, r);
      int err = 0;
      if (mqd == (mqd_t) -1 || mq_send (mqd, msg, len, 0) != 0)
        err = errno;
      if (mqd != (mqd_t) -1)
        mq_close (mqd);
      if (err)
        note (s, (struct ipc_rpc_note) { .event = IPC_RPC_NOT_SENT, .err = err,
                                         .to = r->reply_to });
      return;
    }
  if (kill (r->pid, 0) != 0 && errno == ESRCH)
    return gone (s, sh, r);
  /* Replies go out also after a stop signal: they are what it waits for.  */
  volatile sig_atomic_t const *stop = s->q->stop;
  s->q->stop = NULL;
  struct ipc_deadline d;
  ipc_deadline_start (&d, sysv_reply_wait);
  int rc = ipc_msgq_send (s->q, msg, len, r->pid, &d);
  int err = errno;
  s->q->stop = stop;
  if (rc != 0)
    note (s, (struct ipc_rpc_note) { .event = IPC_RPC_NOT_SENT, .err = err,
                                     .pid = r->pid });
}

/* Answer the request of LEN bytes at MSG, with *OUT as a buffer that
   grows as needed.  Return false if it was not a request.  */
static bool
answer (struct ipc_rpc_server const *s, struct shared *sh,
        sigset_t const *mask, char *msg, size_t len, char **out,
        size_t *outsize)
{
  struct ipc_rpc_request r;
  if (ipc_rpc_parse_request (s->q->posix, msg, len, &r) != 0)
    {
      note (s, (struct ipc_rpc_note) { .event = IPC_RPC_BAD_REQUEST,
                                       .len = len });
      return false;
    }
  size_t limit;
  if (caller_gone (s, &r, &limit))
    {
      gone (s, sh, &r);
      return true;
    }
  /* The output is read after room for the head, which goes before it;
     the shortest head is "0\n".  */
  size_t room = limit > 2 ? limit - 2 : 0;
  size_t want = REPLY_HEAD_MAX + room + 1;
  struct run_result res;
  char *p = *outsize < want ? realloc (*out, want) : *out;
  if (p)
    {
      *out = p;
      if (*outsize < want)
        *outsize = want;
      run_command (s, mask, r.body, r.len, *out + REPLY_HEAD_MAX, room,
                   &res);
    }
  else
    res = (struct run_result) { .status = IPC_RPC_CANCELED, .err = ENOMEM };
  if (res.err)
    note (s, (struct ipc_rpc_note) { .event = IPC_RPC_NOT_RUN, .err = res.err,
                                     .status = res.status });
  char head[REPLY_HEAD_MAX + 1];
  size_t headlen = snprintf (head, sizeof head, "%d\n", res.status);
  if (res.too_long || headlen + res.len > limit)
    {
      note (s, (struct ipc_rpc_note) {
              .event = IPC_RPC_TOO_LONG, .len = res.len, .to = r.reply_to,
              .pid = r.pid, .limit = limit });
      res.status = IPC_RPC_CANCELED;
      res.len = 0;
      headlen = snprintf (head, sizeof head, "%d\n", res.status);
    }
  char small[REPLY_HEAD_MAX];
  char *reply = p ? *out + REPLY_HEAD_MAX - headlen : small;
  memcpy (reply, head, headlen);
  send_reply (s, sh, &r, reply, headlen + res.len);
  return true;
}

/* One worker: take requests and answer them until the end.  */
static int
worker (struct ipc_rpc_server *s, struct shared *sh, sigset_t const *mask)
{
  bool idle_limit = !ipc_duration_is_infinite (s->idle);
  long long idle_ns = (idle_limit
                       ? s->idle.tv_sec * 1000000000LL + s->idle.tv_nsec : 0);
  long type = s->q->posix ? 0 : IPC_RPC_SYSV_REQUEST_TYPE;
  char *out = NULL;
  size_t outsize = 0;
  int rc = 0;
  while (!ipc_stop_signal)
    {
      if (s->count && atomic_fetch_add (&sh->claimed, 1) >= s->count)
        {
          atomic_fetch_sub (&sh->claimed, 1);
          break;
        }
      struct ipc_deadline d, *dp = NULL;
      if (idle_limit)
        {
          long long at = atomic_load (&sh->last_ns) + idle_ns;
          d.infinite = false;
          d.at.tv_sec = at / 1000000000LL;
          d.at.tv_nsec = at % 1000000000LL;
          dp = &d;
        }
      char *msg;
      long prio;
      ssize_t n = ipc_msgq_recv (s->q, type, dp, &msg, &prio);
      if (n < 0)
        {
          int err = errno;
          if (s->count)
            atomic_fetch_sub (&sh->claimed, 1);
          if (err == ETIMEDOUT && idle_limit)
            {
              /* Another worker may have taken one meanwhile.  */
              if (now_ns () < atomic_load (&sh->last_ns) + idle_ns)
                continue;
              break;
            }
          if (err == EINTR)
            continue;
          note (s, (struct ipc_rpc_note) { .event = IPC_RPC_FAILED,
                                           .err = err });
          errno = 0;
          rc = -1;
          break;
        }
      atomic_store (&sh->last_ns, now_ns ());
      if (answer (s, sh, mask, msg, n, &out, &outsize))
        atomic_fetch_add (&sh->served, 1);
      else if (s->count)
        atomic_fetch_sub (&sh->claimed, 1);
      atomic_store (&sh->last_ns, now_ns ());
    }
  free (out);
  if (rc != 0)
    errno = 0;
  return rc;
}

/* Several workers in processes of their own, while this one passes the
   stop signals on to them and waits.  */
static int
serve_forked (struct ipc_rpc_server *s, struct shared *sh,
              sigset_t const *mask)
{
  static int const stops[] = { SIGINT, SIGTERM, SIGHUP };
  sigset_t set;
  sigemptyset (&set);
  sigaddset (&set, SIGCHLD);
  for (size_t i = 0; i < sizeof stops / sizeof *stops; i++)
    {
      struct sigaction sa;
      if (sigaction (stops[i], NULL, &sa) == 0 && sa.sa_handler != SIG_IGN)
        sigaddset (&set, stops[i]);
    }
  sigprocmask (SIG_BLOCK, &set, NULL);

  pid_t *pids = calloc (s->jobs, sizeof *pids);
  if (!pids)
    {
      sigprocmask (SIG_SETMASK, mask, NULL);
      return -1;
    }
  pid_t parent = getpid ();
  unsigned int alive = 0;
  int err = 0;
  for (unsigned int i = 0; i < s->jobs && !ipc_stop_signal; i++)
    {
      pid_t pid = fork ();
      if (pid == 0)
        {
          /* A worker ends with us, even if we are killed.  */
          prctl (PR_SET_PDEATHSIG, SIGTERM);
          if (getppid () != parent)
            _exit (0);
          sigprocmask (SIG_SETMASK, mask, NULL);
          _exit (worker (s, sh, mask) == 0 ? 0 : 1);
        }
      if (pid < 0)
        {
          err = errno;
          break;
        }
      pids[alive++] = pid;
    }
  if (err)
    for (unsigned int i = 0; i < alive; i++)
      kill (pids[i], SIGTERM);

  int rc = err ? -1 : 0;
  unsigned int left = alive;
  int forwarded = 0;
  while (left > 0)
    {
      if (ipc_stop_signal && forwarded != ipc_stop_signal)
        {
          forwarded = ipc_stop_signal;
          for (unsigned int i = 0; i < alive; i++)
            if (pids[i] > 0)
              kill (pids[i], forwarded);
        }
      int sig = sigwaitinfo (&set, NULL);
      if (sig > 0 && sig != SIGCHLD)
        ipc_stop_signal = sig;
      int wstatus;
      pid_t pid;
      while ((pid = waitpid (-1, &wstatus, WNOHANG)) > 0)
        for (unsigned int i = 0; i < alive; i++)
          if (pids[i] == pid)
            {
              pids[i] = 0;
              left--;
              if (!WIFEXITED (wstatus) || WEXITSTATUS (wstatus) != 0)
                rc = -1;
            }
    }
  free (pids);
  sigprocmask (SIG_SETMASK, mask, NULL);
  /* A worker's failure was reported through the note.  */
  errno = err;
  return rc;
}

int
ipc_rpc_serve (struct ipc_rpc_server *s)
{
  sigset_t mask;
  sigprocmask (SIG_SETMASK, NULL, &mask);
  struct shared local, *sh = &local;
  bool mapped = s->jobs > 1;
  if (mapped)
    {
      sh = mmap (NULL, sizeof *sh, PROT_READ | PROT_WRITE,
                 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
      if (sh == MAP_FAILED)
        return -1;
    }
  atomic_init (&sh->claimed, 0);
  atomic_init (&sh->served, 0);
  atomic_init (&sh->gone, 0);
  atomic_init (&sh->last_ns, now_ns ());
  int rc = mapped ? serve_forked (s, sh, &mask) : worker (s, sh, &mask);
  int saved = errno;
  s->served = atomic_load (&sh->served);
  s->gone = atomic_load (&sh->gone);
  if (mapped)
    munmap (sh, sizeof *sh);
  errno = rc == 0 ? 0 : saved;
  return rc;
}

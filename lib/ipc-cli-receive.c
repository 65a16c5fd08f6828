/* The body of the verbs that receive records and print them (ipc-cli.h):
   apart from ipc-cli.c, so that only the commands that receive link the
   receive loop.  */
#include <config.h>

#include "ipc-cli.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "quote.h"

#include "ipc-io.h"
#include "ipc-records.h"
#include "ipc-stop.h"

int
ipc_receive_main (struct ipc_receive *r, char delim, bool unbuffered,
                  char const *noun, char const *source)
{
  /* Its handler restarts our writes, so none is cut.  */
  if (ipc_stop_catch () != 0)
    ipc_die ("cannot catch the stop signals");
  if (!r->stop)
    r->stop = &ipc_stop_signal;
  ipc_io_sigpipe_hold ();
  struct ipc_records_out o;
  ipc_records_out_init (&o, STDOUT_FILENO, delim, unbuffered);
  int got = ipc_records_receive (r, &o);
  int err = errno;
  if (got != 0 && r->output_failed)
    {
      /* A reader that went away: SIGPIPE, as for cat, unless ignored.  */
      if (err == EPIPE)
        {
          ipc_run_at_exit ();
          ipc_io_sigpipe_deliver ();
        }
      uintmax_t lost = o.taken - o.written;
      error (IPC_EXIT_FAILURE, 0, "write error: %s; %ju %s%s taken from %s "
             "%s not written", strerror (err), lost, noun,
             lost == 1 ? "" : "s", quote (source),
             lost == 1 ? "was" : "were");
    }
  ipc_records_out_free (&o);
  if (got == 0)
    return IPC_EXIT_OK;
  if (err == EINTR && ipc_stop_signal)
    ipc_die_of_signal (ipc_stop_signal);
  if (err == ETIMEDOUT)
    return r->follow && o.taken ? IPC_EXIT_OK : IPC_EXIT_TIMEDOUT;
  errno = err;
  ipc_die ("cannot receive from %s", quote (source));
}

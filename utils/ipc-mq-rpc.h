/* ipc-mq call and serve: synchronous IPC over a queue (SPEC 6), the
   verbs of utils/ipc-mq-rpc.c, and their entries of ipc-mq's verb
   table.  The machinery is lib/ipc-rpc.  */
#ifndef IPC_MQ_RPC_H
#define IPC_MQ_RPC_H

#include "ipc-cli.h"

int ipc_mq_verb_call (int argc, char **argv);
int ipc_mq_verb_serve (int argc, char **argv);
extern struct ipc_option const ipc_mq_call_options[];
extern struct ipc_option const ipc_mq_serve_options[];

#define IPC_MQ_CALL_VERB                                                  \
  { "call", NULL, ipc_mq_verb_call,                                       \
    .synopsis = "QUEUE [MESSAGE]",                                        \
    .summary = "send one request (MESSAGE, or standard input) to a "      \
    "server, print its reply and exit with the reply's status",           \
    .description = "\
Send MESSAGE, or standard input, as one request to the server of QUEUE,\n\
wait for its one reply, print the reply's body as it is (no newline is\n\
added) and exit with the status it carries: 'if ipc-mq call /svc x' reads\n\
as a function call.  -t limits the whole call: 124 when no reply came in\n\
time.  POSIX: the reply comes on a queue made for the call (mode 0600 or\n\
--mode), removed however call ends except by SIGKILL.  System V: the\n\
reply comes on QUEUE itself, typed with our PID.  A body that does not\n\
fit the queue's message size with the envelope is refused: nothing is\n\
sent.\n",                                                                \
    .options = ipc_mq_call_options, .operands = "QUEUE MESSAGE",         \
    .min = 1, .max = 2 }

#define IPC_MQ_SERVE_VERB                                                 \
  { "serve", NULL, ipc_mq_verb_serve,                                     \
    .synopsis = "QUEUE -- COMMAND [ARG]...",                              \
    .summary = "answer requests: run COMMAND for each, with its body on " \
    "standard input, and send back its output and status",                \
    .description = "\
For each request taken from QUEUE, run COMMAND with the request's body on\n\
its standard input, and send its standard output and exit status (as\n\
timeout(1) gives it: 126, 127, 128+N) back to the caller who asked.  Its\n\
standard error is serve's.  An output that does not fit a reply is not\n\
cut: the reply is status 125 with no body, and serve says so.  SIGINT,\n\
SIGTERM and SIGHUP end serve once the requests it took are answered: the\n\
signal is passed on to the COMMANDs running, and a COMMAND it kills did\n\
not finish: its caller gets 125.  A caller that is gone (it timed out) is\n\
no error: serve says so once and goes on.\n",                             \
    .options = ipc_mq_serve_options, .operands = "QUEUE", .min = 1,       \
    .max = 1, .flags = IPC_VERB_RUNS_COMMAND }

#endif

/* ipc-sock's verbs, in files of their own by what they share nothing
   with: ipc-sock.c (the verb table, connect, wait, ls, stat and the
   relay), ipc-sock-common.c (what the verbs share, declared below),
   ipc-sock-listen.c (listen, its server loop being lib's ipc-serve),
   ipc-sock-dgram.c (send, recv) and ipc-sock-fd.c (send-fd, recv-fd).
   The command line and its messages only: the mechanics are in
   lib/ipc-socket and lib/ipc-serve.  */
#ifndef UTILS_IPC_SOCK_H
#define UTILS_IPC_SOCK_H

#include <limits.h>
#include <stdbool.h>
#include <stdnoreturn.h>
#include <sys/types.h>
#include <time.h>

#include "ipc-addr.h"
#include "ipc-cli.h"

enum
{
  ONCE_OPTION = CHAR_MAX + 1,
  FORK_OPTION,
  EXEC_OPTION,
  ALLOW_UID_OPTION,
  UNLINK_OPTION,
  READY_OPTION,
  AS_OPTION,
  MAX_CHILDREN_OPTION,
  TYPE_OPTION,
  STATE_OPTION
};

/* The address forms of each verb.  */
#define A(kind) IPC_ADDR_ACCEPT (IPC_ADDR_##kind)
#define STREAM_FORMS (A (UNIX) | A (ABSTRACT) | A (TCP))
#define DGRAM_FORMS (A (UNIXGRAM) | A (ABSTRACT_DGRAM) | A (UDP))
#define LOCAL_FORMS (A (UNIX) | A (ABSTRACT) | A (UNIXGRAM) \
                     | A (ABSTRACT_DGRAM))

#define UNLINK_OPTION_ENTRY                                             \
  { "unlink", UNLINK_OPTION, NULL, "remove a stale socket file at "     \
    "ADDR first; one that something accepts on, or any other file, is " \
    "left alone (status 1)" }

#define ALLOW_UID_OPTION_ENTRY                                          \
  { "allow-uid", ALLOW_UID_OPTION, "USER", "accept only peers running as " \
    "USER (a name or a number; Unix sockets); others are closed at once" }

#define READY_OPTION_ENTRY                                              \
  { "ready", READY_OPTION, "fd:N", "once ADDR is bound and what comes "  \
    "is taken, write its address (with the port that the kernel gave) " \
    "and a newline to descriptor N, and close it" }

/* The option tables of the verbs of the other files.  */
extern struct ipc_option const listen_options[];
extern struct ipc_option const recv_options[];
extern struct ipc_option const recv_fd_options[];

int verb_listen (int argc, char **argv);
int verb_send (int argc, char **argv);
int verb_recv (int argc, char **argv);
int verb_send_fd (int argc, char **argv);
int verb_recv_fd (int argc, char **argv);

/* Report the failure of the lib call that resolved or used ADDR (TEXT),
   with GAI its getaddrinfo error if any, and exit.  */
noreturn void socket_die (char const *what, char const *text, int gai);

/* A socket connected to ADDR (TEXT) within TIMEOUT, or the failure to
   WHAT ("connect to") reported and exit: 124 when our TIMEOUT ran out,
   status 1 when the kernel gave up ("Connection timed out").  */
int connect_or_die (struct ipc_addr const *addr, char const *text,
                    struct timespec timeout, char const *what);

/* Check the options common to the verbs that bind.  */
void check_bind_options (struct ipc_addr const *addr);

/* Bind ADDR (TEXT) with MODE, first removing a stale file if
   UNLINK_STALE; remember the file, which remove_bound removes (also at
   exit, and before ipc_die_of_signal kills us).  */
int bind_or_die (struct ipc_addr const *addr, char const *text, mode_t mode,
                 bool unlink_stale);
void remove_bound (void);

/* --ready fd:N (TEXT): its descriptor, checked and close-on-exec; then
   (tell_ready) the address that SOCK is bound to written to it, with a
   newline, and the descriptor closed.  */
int ready_open (char const *text);
void tell_ready (int fd, char const *ready_text, int sock,
                 struct ipc_addr const *addr, char const *text);

/* Who may connect (--allow-uid): everyone unless CHECK.  */
struct peer_filter
{
  bool check;
  uid_t uid;
};

/* Parse USER of --allow-uid, a name or a number, into *F.  */
void parse_uid (char const *text, struct peer_filter *f);

/* Whether the peer of the Unix socket SOCK may stay, as F says; a
   refused one is reported.  */
bool peer_allowed (int sock, struct peer_filter const *f);
/* The same for a peer of PID and UID (a PID of 0: unknown, refused).  */
bool cred_allowed (pid_t pid, uid_t uid, struct peer_filter const *f);

/* Catch the stop signals (ipc-stop.h) while a server waits for its
   peer, so that they remove its socket file and end it
   (ipc_die_of_signal); then give back the actions it had, and die of a
   stop signal that came in the meantime.  */
void stops_catch (void);
void stops_release (void);

/* Relay the connected socket SOCK (TEXT) with stdin and stdout; return
   the exit status.  */
int relay (int sock, char const *text);

#endif

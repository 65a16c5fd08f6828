/* Records ended by a delimiter (a newline, or a NUL for -0), both ways:
   splitting an input stream into records, for the verbs that send each
   record as one message, and writing the records that a verb receives
   (messages, datagrams, signals) to an output with nothing lost or cut.
   Input is read in large blocks and each record is handed out from the
   block itself: one read per block, no allocation per record.  Never
   prints; returns -1 with errno set on failure.  */
#ifndef IPC_RECORDS_H
#define IPC_RECORDS_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "ipc-deadline.h"

struct ipc_records
{
  int fd;
  char delim;
  size_t max;               /* the longest record allowed */
  uintmax_t count;          /* records handed out so far */
  /* Private.  */
  char *buf;
  size_t cap, start, end;
  bool eof;
};

/* Read records ended by DELIM from FD, each at most MAX bytes long
   (without the delimiter).  */
int ipc_records_init (struct ipc_records *r, int fd, char delim, size_t max);

/* The next record: return 1 and point *REC to its *LEN bytes, valid until
   the next call; the last record may lack its delimiter.  Return 0 at the
   end of input, or -1 with errno set: EMSGSIZE when the next record is
   longer than MAX (it is number r->count + 1), or read(2)'s error.  */
int ipc_records_next (struct ipc_records *r, char **rec, size_t *len);

void ipc_records_free (struct ipc_records *r);

/* Records written to a descriptor, gathered in a buffer of our own and
   written with a write loop that goes on after EINTR and short writes:
   stdio drops its buffer when a signal interrupts a write, cutting a
   record and losing those after it.  Each record taken is either written
   whole or counted as not written.  */
struct ipc_records_out
{
  int fd;
  char delim;
  /* Write each record as soon as it ends, instead of when the buffer is
     full or on ipc_records_out_flush: a failed write then loses at most
     that record, at the price of a write(2) per record.  */
  bool unbuffered;
  uintmax_t taken;          /* records ended so far */
  uintmax_t written;        /* of those, records written whole */
  /* Private.  */
  char *buf;
  size_t len, alloc;
  size_t *ends;             /* offset in BUF past each ended record */
  size_t nends, ends_alloc;
};

void ipc_records_out_init (struct ipc_records_out *o, int fd, char delim,
                           bool unbuffered);

/* Append the N bytes at DATA to the record being built.  ENOMEM.  */
int ipc_records_out_add (struct ipc_records_out *o, void const *data,
                         size_t n);

/* End the record being built with the delimiter, and write the buffer
   when it is full or the output unbuffered.  A failed write is write(2)'s
   errno: then o->written says how many records went out whole, and
   nothing more should be written.  */
int ipc_records_out_end (struct ipc_records_out *o);

/* Write every ended record still in the buffer.  */
int ipc_records_out_flush (struct ipc_records_out *o);

/* Whether ended records wait in the buffer.  */
bool ipc_records_out_pending (struct ipc_records_out const *o);

void ipc_records_out_free (struct ipc_records_out *o);

/* A receive loop: take records from a source (a queue, a socket, a
   signal) and write each to an ipc_records_out.  */
struct ipc_receive
{
  /* Take one record and append it to O with ipc_records_out_add (and
     nothing when it fails); wait for one until DEADLINE (null: for ever;
     an expired one: do not wait).  Return 0, or -1 with errno set:
     ETIMEDOUT when none came in time, EINTR when a stop signal ended the
     wait (see STOP).  */
  int (*take) (void *arg, struct ipc_deadline const *deadline,
               struct ipc_records_out *o);
  void *arg;
  uintmax_t count;          /* how many records to take, unless FOLLOW */
  bool follow;              /* take records until stopped or idle */
  /* The limit on the whole receive, or with FOLLOW on each wait.  */
  struct timespec timeout;
  /* When set (by a stop signal's handler), end before taking another.  */
  volatile sig_atomic_t const *stop;
  /* Set when ipc_records_receive failed because of the output.  */
  bool output_failed;
};

/* Take up to R->count records (or until stopped, with R->follow) and
   write them to O.  Records that are there are taken without waiting and
   gathered; before each wait, what was gathered is written out.  Every
   record taken is written before this returns, except after a failed
   write: it stops taking at the first one.  Return 0 when R->count were
   taken, or -1 with errno set: ETIMEDOUT when time ran out, EINTR when
   R->stop was set, or the error of TAKE or (R->output_failed) of the
   output; O->taken and O->written say how far it went.  */
int ipc_records_receive (struct ipc_receive *r, struct ipc_records_out *o);

#endif

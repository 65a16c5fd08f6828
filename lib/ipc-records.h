/* Splitting an input stream into records ended by a delimiter (a newline
   for --lines, a NUL for -0), for the verbs that send each record as one
   message.  Input is read in large blocks and each record is handed out
   from the block itself: one read per block, no allocation per record.
   Never prints; returns -1 with errno set on failure.  */
#ifndef IPC_RECORDS_H
#define IPC_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

#endif

/* libFuzzer target of the record splitter of lib/ipc-records.c, which
   cuts standard input into the messages of 'ipc-mq send --lines' and -0.
   The first byte of an input chooses the delimiter (a newline, a NUL, or
   the byte itself), the next two the longest record allowed (0 to 8191),
   the fourth how the rest arrives: it is sent through a SOCK_SEQPACKET
   socket in packets of that many bytes (at least 1/64 of the data), so
   that each read(2) of the splitter returns one packet and records
   straddle reads.  The oracle is a plain split of the whole text: the
   same records in the same order, and EMSGSIZE exactly at the first
   record longer than the limit.  */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ipc-records.h"

#include "fuzz-check.h"

int LLVMFuzzerTestOneInput (uint8_t const *data, size_t size);

enum { HEADER = 4, MAX_PACKETS = 64 };

/* Send the N bytes of BUF to FD in packets of CHUNK bytes.  */
static void
send_packets (int fd, char const *buf, size_t n, size_t chunk)
{
  while (n > 0)
    {
      size_t len = n < chunk ? n : chunk;
      CHECK (send (fd, buf, len, 0) == (ssize_t) len);
      buf += len;
      n -= len;
    }
}

int
LLVMFuzzerTestOneInput (uint8_t const *data, size_t size)
{
  if (size < HEADER)
    return 0;
  char delim = (data[0] % 3 == 0 ? '\n' : data[0] % 3 == 1 ? '\0'
                : (char) data[0]);
  size_t max = (data[1] | (size_t) data[2] << 8) & 8191;
  char const *text = (char const *) data + HEADER;
  size_t len = size - HEADER;
  size_t chunk = data[3] ? data[3] : len;
  if (chunk < (len + MAX_PACKETS - 1) / MAX_PACKETS)
    chunk = (len + MAX_PACKETS - 1) / MAX_PACKETS;

  int sv[2];
  CHECK (socketpair (AF_UNIX, SOCK_SEQPACKET, 0, sv) == 0);
  send_packets (sv[1], text, len, chunk);
  CHECK (close (sv[1]) == 0);

  struct ipc_records r;
  CHECK (ipc_records_init (&r, sv[0], delim, max) == 0);
  size_t off = 0;              /* where the oracle's next record starts */
  uintmax_t index = 0;
  for (;;)
    {
      char *rec;
      size_t n;
      int got = ipc_records_next (&r, &rec, &n);

      /* The oracle's next record, if any is left.  */
      char const *end = memchr (text + off, delim, len - off);
      size_t want = end ? (size_t) (end - (text + off)) : len - off;
      bool more = off < len;

      if (got == 0)
        {
          CHECK (!more);
          break;
        }
      CHECK (more);
      if (got < 0)
        {
          CHECK (errno == EMSGSIZE);
          CHECK (want > max);
          CHECK (r.count == index);
          break;
        }
      CHECK (want <= max);
      CHECK (n == want);
      CHECK (memcmp (rec, text + off, n) == 0);
      off += want + (end != NULL);
      index++;
      CHECK (r.count == index);
    }
  ipc_records_free (&r);
  CHECK (close (sv[0]) == 0);

  /* A limit whose buffer size would overflow is refused, not wrapped.  */
  if (data[0] == 0xff)
    {
      CHECK (ipc_records_init (&r, 0, '\n', SIZE_MAX) != 0);
      CHECK (errno == ENOMEM);
    }
  return 0;
}

/* Parsers of the units of SPEC section 3.  They never print; on failure
   they return -1 with errno set to EINVAL (malformed) or ERANGE (out of
   range) and, when WHY is not null, point *WHY to a short static reason.  */
#ifndef IPC_UNITS_H
#define IPC_UNITS_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include <sys/types.h>

/* "1.5" (seconds), "250ms", "2s", "1m", "1h", "1d", "inf".  "inf" and
   anything too large for time_t give IPC_DURATION_INFINITE.  */
int ipc_duration_parse (char const *text, struct timespec *out,
                        char const **why);
bool ipc_duration_is_infinite (struct timespec d);
extern struct timespec const IPC_DURATION_INFINITE;

/* "4096", "64K", "1M", "1G", "1T" (powers of 1024, also "KiB"...), "KB",
   "MB", "GB", "TB" (powers of 1000), and "B".  */
int ipc_size_parse (char const *text, uint64_t *out, char const **why);

/* Octal ("0600", "640") or symbolic ("u=rw,g=r"), applied to no
   permissions at all; only the permission bits (07777) are accepted.  */
int ipc_mode_parse (char const *text, mode_t *out, char const **why);

/* "USR1", "SIGUSR1", "usr1", "10", "RTMIN+3", "SIGRTMAX-1".  */
int ipc_signal_parse (char const *text, int *out, char const **why);

/* The name of SIG without "SIG" ("USR1", "RTMIN+3") in BUF, which has
   room for IPC_SIGNAL_NAME_MAX bytes; "?" numbers give their digits.  */
enum { IPC_SIGNAL_NAME_MAX = 32 };
char *ipc_signal_name (int sig, char *buf);

/* A decimal count: digits only, no sign, at most UINTMAX.  */
int ipc_count_parse (char const *text, uintmax_t *out, char const **why);

#endif

/* Filling a shared mapping from a file.  */
#include <config.h>

#include "ipc-fill.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

/* The parallel fill: no part smaller than FILL_PART_MIN, so that a
   thread is started only where it saves more than it costs, and no more
   than FILL_THREADS_MAX threads, past which the copy waits for memory,
   not for a CPU.  Each thread reads FILL_CHUNK at a time, populating
   just before, so that the pages are still in the TLB when filled.  On
   the 2-CPU machine of bench/README.md two threads rewrite 1 GiB of a
   segment in 0.7 of the time one takes.  */
enum
{
  FILL_PART_MIN = 16 * 1024 * 1024,
  FILL_THREADS_MAX = 4,
  FILL_CHUNK = 8 * 1024 * 1024,
  /* Part boundaries fall on this, a multiple of any page size.  */
  FILL_ALIGN = 2 * 1024 * 1024
};

/* Read faults, not write ones (MADV_POPULATE_READ): on tmpfs the kernel
   then maps the pages around each fault too (fault-around, 64 KiB), and
   a shared tmpfs mapping needs no write fault to be written, so that
   this costs half of what MADV_POPULATE_WRITE does.  */
void
ipc_fill_populate (unsigned char *p, size_t len, bool *use)
{
  uintptr_t page = sysconf (_SC_PAGESIZE);
  uintptr_t start = (uintptr_t) p & ~(page - 1);
  if (*use && madvise ((void *) start, (uintptr_t) p + len - start,
                       MADV_POPULATE_READ) != 0 && errno == EINVAL)
    *use = false;
}

struct fill_part
{
  int fd;
  unsigned char *dst;
  off_t from;
  uint64_t len;
  uint64_t done;        /* bytes filled from DST on, without a gap */
  bool populate;
};

static void *
fill_part (void *arg)
{
  struct fill_part *part = arg;
  while (part->done < part->len)
    {
      uint64_t rest = part->len - part->done;
      size_t want = rest < FILL_CHUNK ? rest : FILL_CHUNK;
      ipc_fill_populate (part->dst + part->done, want, &part->populate);
      ssize_t n = pread (part->fd, part->dst + part->done, want,
                         part->from + part->done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      part->done += n;
    }
  return NULL;
}

/* The CPUs this process may run on, or 1 when unknown.  */
static int
usable_cpus (void)
{
  cpu_set_t set;
  if (sched_getaffinity (0, sizeof set, &set) != 0)
    return 1;
  return CPU_COUNT (&set);
}

uint64_t
ipc_fill_parallel (int fd, off_t from, unsigned char *dst, uint64_t len,
                   bool *use_populate)
{
  uint64_t threads = len / FILL_PART_MIN;
  int cpus = usable_cpus ();
  if (threads > (uint64_t) cpus)
    threads = cpus;
  if (threads > FILL_THREADS_MAX)
    threads = FILL_THREADS_MAX;
  if (threads < 2)
    return 0;

  struct fill_part parts[FILL_THREADS_MAX];
  uint64_t size = len / threads / FILL_ALIGN * FILL_ALIGN;
  for (uint64_t i = 0; i < threads; i++)
    parts[i] = (struct fill_part) {
      .fd = fd, .dst = dst + i * size, .from = from + i * size,
      .len = i + 1 < threads ? size : len - i * size,
      .populate = *use_populate };

  /* Threads start with the mask of their creator.  */
  sigset_t all, old;
  sigfillset (&all);
  pthread_sigmask (SIG_BLOCK, &all, &old);
  pthread_t ids[FILL_THREADS_MAX];
  bool started[FILL_THREADS_MAX] = { false };
  for (uint64_t i = 1; i < threads; i++)
    started[i] = pthread_create (&ids[i], NULL, fill_part, &parts[i]) == 0;
  pthread_sigmask (SIG_SETMASK, &old, NULL);

  fill_part (&parts[0]);
  for (uint64_t i = 1; i < threads; i++)
    if (started[i])
      pthread_join (ids[i], NULL);

  /* A part that could not start filled nothing: the caller reads it.  */
  uint64_t filled = 0;
  for (uint64_t i = 0; i < threads; i++)
    {
      filled += parts[i].done;
      if (!parts[i].populate)
        *use_populate = false;
      if (parts[i].done < parts[i].len)
        break;
    }
  return filled;
}

/* Shared memory segments, POSIX and System V, and counters in them.  */
#include <config.h>

#include "ipc-shm.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdckdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/futex.h>

#include "intprops.h"

#include "ipc-fd.h"
#include "ipc-fill.h"
#include "ipc-io.h"
#include "ipc-posix.h"

/* shm_open, with the descriptor never 0, 1 or 2 (ipc-fd.h).  Without
   blocking: /dev/shm is writable by all, and a FIFO planted under the
   name would block a read-only open until a writer came (a segment is a
   regular file, on which O_NONBLOCK changes nothing).  */
static int
posix_open (char const *name, int flags, mode_t mode)
{
  return ipc_fd_high (shm_open (name, flags | O_NONBLOCK, mode), true);
}

/* Whether SIZE bytes exceed the file system of /dev/shm (a tmpfs without
   a size limit has none); ftruncate would accept them, and the pages
   past the limit would then fail when written.  */
static bool
exceeds_shm_dir (uint64_t size)
{
  struct statvfs fs;
  if (statvfs (IPC_POSIX_SHM_DIR, &fs) != 0 || fs.f_blocks == 0)
    return false;
  uint64_t bytes;
  return (!ckd_mul (&bytes, (uint64_t) fs.f_blocks, (uint64_t) fs.f_frsize)
          && size > bytes);
}

/* Whether a POSIX segment may have SIZE bytes: EFBIG past what a file
   may have, ENOSPC past what its file system can ever hold.  */
static bool
posix_size_ok (uint64_t size)
{
  if (size > (uint64_t) TYPE_MAXIMUM (off_t))
    errno = EFBIG;
  else if (exceeds_shm_dir (size))
    errno = ENOSPC;
  else
    return true;
  return false;
}

/* Link the file of FD into DIR (a descriptor) as BASE, failing with
   EEXIST when BASE exists: through /proc/self/fd, which needs no
   privilege, else AT_EMPTY_PATH (CAP_DAC_READ_SEARCH).  */
static int
link_fd (int fd, int dir, char const *base)
{
  char proc[sizeof "/proc/self/fd/" + INT_STRLEN_BOUND (int)];
  snprintf (proc, sizeof proc, "/proc/self/fd/%d", fd);
  if (linkat (AT_FDCWD, proc, dir, base, AT_SYMLINK_FOLLOW) == 0)
    return 0;
  if (errno != ENOENT)
    return -1;
  return linkat (fd, "", dir, base, AT_EMPTY_PATH);
}

/* Size FD to SIZE bytes and give it exactly MODE (the umask applied at
   its creation is undone).  */
static int
shape (int fd, uint64_t size, mode_t mode)
{
  return ftruncate (fd, size) == 0 && fchmod (fd, mode) == 0 ? 0 : -1;
}

/* Close FD, keeping errno.  */
static void
close_keep_errno (int fd)
{
  int saved_errno = errno;
  close (fd);
  errno = saved_errno;
}

/* The fallback of create_posix for a /dev/shm without O_TMPFILE or a
   process without /proc and CAP_DAC_READ_SEARCH: the file is made and
   shaped under a temporary name, linked as BASE, and the temporary name
   removed, as glibc's sem_open does.  Every signal that can be blocked
   is blocked across these few calls, so that no stop signal (TERM, INT,
   HUP, a terminal's TSTP) ends us with the temporary file left behind;
   only SIGKILL can.  */
static int
create_posix_named (int dir, char const *base, uint64_t size, mode_t mode)
{
  sigset_t all, old;
  sigfillset (&all);
  sigprocmask (SIG_BLOCK, &all, &old);
  char tmp[sizeof ".ipc-shm-" + 2 * INT_STRLEN_BOUND (unsigned int)];
  int fd = -1, r = -1;
  for (unsigned int i = 0; fd < 0 && i < 100; i++)
    {
      snprintf (tmp, sizeof tmp, ".ipc-shm-%u-%u", (unsigned int) getpid (),
                i);
      fd = ipc_fd_high (openat (dir, tmp, (O_RDWR | O_CREAT | O_EXCL
                                           | O_NOFOLLOW | O_NONBLOCK
                                           | O_CLOEXEC), S_IRUSR | S_IWUSR),
                        true);
      if (fd < 0 && errno != EEXIST)
        break;
    }
  if (fd >= 0)
    {
      r = shape (fd, size, mode) == 0 ? linkat (dir, tmp, dir, base, 0) : -1;
      int saved_errno = errno;
      unlinkat (dir, tmp, 0);
      close (fd);
      errno = saved_errno;
    }
  int saved_errno = errno;
  sigprocmask (SIG_SETMASK, &old, NULL);
  errno = saved_errno;
  return r;
}

/* Create a POSIX segment; see ipc_shm_create.  It appears at once with
   its size and mode, never as shm_open (O_CREAT | O_EXCL) then
   ftruncate would show it to others in between, empty (a counter there
   is out of range): the file is made without a name in /dev/shm
   (O_TMPFILE), sized and chmodded, then linked in place, failing with
   EEXIST when the name is taken.  Nothing is left behind by a failure,
   nor by any signal, SIGKILL included: until it is linked, the file
   has no name.  */
static int
create_posix (char const *name, uint64_t size, mode_t mode)
{
  if (!posix_size_ok (size))
    return -1;
  int dir = ipc_fd_high (open (IPC_POSIX_SHM_DIR, (O_RDONLY | O_DIRECTORY
                                                   | O_CLOEXEC)), true);
  if (dir < 0)
    return -1;
  char const *base = name + 1;
  int r;
  int fd = ipc_fd_high (openat (dir, ".", O_RDWR | O_TMPFILE | O_CLOEXEC,
                                S_IRUSR | S_IWUSR), true);
  if (fd >= 0)
    {
      r = shape (fd, size, mode) == 0 ? link_fd (fd, dir, base) : -1;
      if (r != 0 && errno == ENOENT)
        r = create_posix_named (dir, base, size, mode);
      close_keep_errno (fd);
    }
  else if (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)
    r = create_posix_named (dir, base, size, mode);
  else
    r = -1;
  close_keep_errno (dir);
  return r;
}

int
ipc_shm_create (struct ipc_addr *addr, uint64_t size, mode_t mode, int *id)
{
  *id = -1;
  if (addr->kind == IPC_ADDR_POSIX)
    return create_posix (addr->name, size, mode);
  key_t key;
  if (ipc_sysv_create_key (addr, &key) != 0)
    return -1;
  if (size > SIZE_MAX)
    {
      errno = EINVAL;
      return -1;
    }
  /* shmget applies no umask: the mode is exact.  */
  int shmid = shmget (key, size, IPC_CREAT | IPC_EXCL | (mode & 0777));
  if (shmid < 0)
    return -1;
  *id = shmid;
  return 0;
}

int
ipc_shm_remove (struct ipc_addr *addr)
{
  if (addr->kind == IPC_ADDR_POSIX)
    return shm_unlink (addr->name);
  return ipc_sysv_remove (IPC_SYSV_SHM, addr);
}

int
ipc_shm_resize (struct ipc_addr *addr, uint64_t size)
{
  if (addr->kind != IPC_ADDR_POSIX)
    {
      errno = EINVAL;
      return -1;
    }
  if (!posix_size_ok (size))
    return -1;
  int fd = posix_open (addr->name, O_RDWR, 0);
  if (fd < 0)
    return -1;
  int r = ftruncate (fd, size);
  int saved_errno = errno;
  close (fd);
  errno = saved_errno;
  return r;
}

/* Open the POSIX segment NAME into S.  */
static int
open_posix (struct ipc_shm *s, char const *name, bool writable)
{
  int fd = posix_open (name, writable ? O_RDWR : O_RDONLY, 0);
  if (fd < 0)
    return -1;
  struct stat st;
  if (fstat (fd, &st) != 0)
    {
      close_keep_errno (fd);
      return -1;
    }
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      errno = EINVAL;
      return -1;
    }
  s->fd = fd;
  s->dev = st.st_dev;
  s->ino = st.st_ino;
  s->size = st.st_size;
  return 0;
}

/* Open the System V segment that ADDR names into S.  */
static int
open_sysv (struct ipc_shm *s, struct ipc_addr *addr)
{
  s->id = ipc_sysv_lookup (IPC_SYSV_SHM, addr);
  if (s->id < 0)
    return -1;
  struct shmid_ds ds;
  if (shmctl (s->id, IPC_STAT, &ds) != 0)
    return -1;
  s->size = ds.shm_segsz;
  return 0;
}

int
ipc_shm_open (struct ipc_shm *s, struct ipc_addr *addr, bool writable)
{
  memset (s, 0, sizeof *s);
  s->id = -1;
  s->fd = -1;
  s->writable = writable;
  s->posix = addr->kind == IPC_ADDR_POSIX;
  return s->posix ? open_posix (s, addr->name, writable)
                  : open_sysv (s, addr);
}

/* Unmap or detach what S has mapped.  */
static void
unmap (struct ipc_shm *s)
{
  if (s->map)
    {
      if (s->posix)
        munmap (s->map, s->map_len);
      else
        shmdt (s->map);
    }
  s->map = NULL;
  s->map_len = 0;
  s->map_off = 0;
}

int
ipc_shm_map (struct ipc_shm *s, uint64_t offset, uint64_t length)
{
  if (ipc_shm_check_range (s, offset, length) != 0)
    return -1;
  unmap (s);
  if (length == 0)
    return 0;
  int prot = PROT_READ | (s->writable ? PROT_WRITE : 0);
  if (!s->posix)
    {
      if (s->size > SIZE_MAX)
        {
          errno = EFBIG;
          return -1;
        }
      void *p = shmat (s->id, NULL, s->writable ? 0 : SHM_RDONLY);
      if (p == (void *) -1)
        {
          /* Removed since we looked it up.  */
          if (errno == EINVAL || errno == EIDRM)
            errno = ENOENT;
          return -1;
        }
      s->map = p;
      s->map_len = s->size;
      return 0;
    }
  uint64_t page = sysconf (_SC_PAGESIZE);
  uint64_t start = offset / page * page, len = offset + length - start;
  if (len > SIZE_MAX || start > (uint64_t) TYPE_MAXIMUM (off_t))
    {
      errno = EFBIG;
      return -1;
    }
  void *p = mmap (NULL, len, prot, MAP_SHARED, s->fd, start);
  if (p == MAP_FAILED)
    return -1;
  s->map = p;
  s->map_len = len;
  s->map_off = start;
  return 0;
}

unsigned char *
ipc_shm_byte (struct ipc_shm const *s, uint64_t offset)
{
  return s->map + (offset - s->map_off);
}

bool
ipc_shm_is_file (struct ipc_shm const *s, int fd)
{
  struct stat st;
  return (s->posix && fstat (fd, &st) == 0 && S_ISREG (st.st_mode)
          && st.st_dev == s->dev && st.st_ino == s->ino);
}

void
ipc_shm_close (struct ipc_shm *s)
{
  unmap (s);
  if (s->fd >= 0)
    close (s->fd);
  s->fd = -1;
}

int
ipc_shm_check_range (struct ipc_shm const *s, uint64_t offset,
                     uint64_t length)
{
  if (offset > s->size || length > s->size - offset)
    {
      errno = ERANGE;
      return -1;
    }
  return 0;
}

/* After a fault of S's memory in the range that ends at END: set errno
   to ENXIO (with now_size) when the segment now ends before END, else
   to ENOSPC (POSIX: /dev/shm is full) or ENOMEM (System V), and return
   -1.  */
static int
memory_fault (struct ipc_shm *s, uint64_t end)
{
  struct stat st;
  if (s->posix && fstat (s->fd, &st) == 0 && (uint64_t) st.st_size < end)
    {
      s->now_size = st.st_size;
      errno = ENXIO;
    }
  else
    errno = s->posix ? ENOSPC : ENOMEM;
  return -1;
}

/* Read sizes of ipc_shm_read_in: from a small start, doubled while the
   input fills them, so that a short input costs little and a long one
   few calls.  */
enum { READ_IN_FIRST = 64 * 1024, READ_IN_MAX = 8 * 1024 * 1024 };

/* The capacity ipc_shm_write_out gives a pipe on its output: a reader in
   another process then wakes once a MiB instead of once per 64 KiB (the
   default), a third less time for a large segment (bench/README.md).
   fs.pipe-max-size is 1 MiB by default, so that anyone may.  */
enum { WRITE_OUT_PIPE = 1024 * 1024 };

/* The bytes of the regular file FD left to read from its offset, which
   goes to *AT, or UINT64_MAX when FD is no regular file or they are
   unknown.  */
static uint64_t
input_left (int fd, off_t *at)
{
  struct stat st;
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode)
      || (*at = lseek (fd, 0, SEEK_CUR)) < 0)
    return UINT64_MAX;
  return *at < st.st_size ? (uint64_t) (st.st_size - *at) : 0;
}

/* Wait until FD, which said EAGAIN, has input (or its end).  */
static int
wait_input (int fd)
{
  struct pollfd pfd = { .fd = fd, .events = POLLIN };
  if (poll (&pfd, 1, -1) < 0 && errno != EINTR)
    return -1;
  return 0;
}

/* Whether the input FD, read up to here, has more: 1, 0 at its end, or
   -1 with errno set.  Nothing is taken where FD allows: a seekable FD
   is read one byte and put back; another is waited on and asked how
   much it holds (FIONREAD), none meaning its end (a pipe without
   writers, a socket shut down, a terminal's end of file).  Only an FD
   that can do neither loses the byte read to know.  */
static int
more_input (int fd)
{
  off_t at = lseek (fd, 0, SEEK_CUR);
  for (;;)
    {
      int queued;
      if (at < 0)
        {
          struct pollfd pfd = { .fd = fd, .events = POLLIN };
          if (poll (&pfd, 1, -1) < 0)
            {
              if (errno == EINTR)
                continue;
              return -1;
            }
          if (ioctl (fd, FIONREAD, &queued) == 0)
            return queued > 0;
        }
      unsigned char extra;
      ssize_t n = read (fd, &extra, 1);
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          if (errno == EAGAIN && wait_input (fd) == 0)
            continue;
          return -1;
        }
      if (n > 0 && at >= 0 && lseek (fd, at, SEEK_SET) < 0)
        return -1;
      return n > 0;
    }
}

int
ipc_shm_read_in (struct ipc_shm *s, int fd, uint64_t offset,
                 uint64_t *copied)
{
  *copied = 0;
  if (ipc_shm_check_range (s, offset, 0) != 0)
    return -1;
  bool in_pipe = ipc_io_is_pipe (fd), use_populate = true;
  off_t at;
  uint64_t pos = offset, left = in_pipe ? UINT64_MAX : input_left (fd, &at);

  /* A large file is read by several threads, each into its own part,
     and its offset then moved past what they read, as one read would
     have; the loop below goes on from there, and meets the end of the
     input or of the segment, or an error, itself.  */
  if (left != UINT64_MAX && pos < s->size)
    {
      uint64_t room = s->size - pos;
      uint64_t filled = ipc_fill_parallel (fd, at, ipc_shm_byte (s, pos),
                                           left < room ? left : room,
                                           &use_populate);
      if (filled > 0 && lseek (fd, at + filled, SEEK_SET) < 0)
        return -1;
      pos += filled;
      *copied += filled;
      left -= filled;
    }

  size_t chunk = READ_IN_FIRST;
  while (pos < s->size)
    {
      size_t want = s->size - pos < chunk ? s->size - pos : chunk;
      unsigned char *p = ipc_shm_byte (s, pos);
      /* Only what the input holds is populated (what a file has left,
         what a pipe has queued), so that a short input into a large
         sparse segment takes no memory that it does not write.  */
      uint64_t fill = left;
      long queued;
      if (in_pipe && (queued = ipc_pipe_queued (fd)) >= 0)
        fill = queued;
      if (fill > 0)
        ipc_fill_populate (p, fill < want ? fill : want, &use_populate);
      ssize_t n = read (fd, p, want);
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          /* A non-blocking input with nothing yet: wait for it.  */
          if (errno == EAGAIN)
            {
              if (wait_input (fd) != 0)
                return -1;
              continue;
            }
          /* A page of the segment that cannot be had (a store of ours
             would get SIGBUS): the segment shrank, or its memory is
             short.  */
          if (errno == EFAULT)
            return memory_fault (s, pos + want);
          return -1;
        }
      if (n == 0)
        return 0;
      pos += n;
      *copied += n;
      if (left != UINT64_MAX)
        left -= left < (uint64_t) n ? left : (uint64_t) n;
      if ((size_t) n == want && chunk < READ_IN_MAX)
        chunk *= 2;
    }

  /* The segment is full: was the input longer?  */
  int more = left == 0 ? 0 : more_input (fd);
  if (more < 0)
    return -1;
  if (more)
    {
      errno = EFBIG;
      return -1;
    }
  return 0;
}

int
ipc_shm_write_out (struct ipc_shm *s, int fd, uint64_t offset,
                   uint64_t length, uint64_t *written, bool *segment_fault)
{
  *written = 0;
  *segment_fault = false;
  if (ipc_shm_check_range (s, offset, length) != 0)
    return -1;
  /* An empty range has no mapping: no pointer to offset.  */
  if (length == 0)
    return 0;
  /* Failing that, the pipe keeps its size.  */
  long cap;
  if (ipc_io_is_pipe (fd) && (cap = ipc_pipe_get_size (fd)) >= 0
      && cap < WRITE_OUT_PIPE && length > (uint64_t) cap)
    ipc_pipe_set_size (fd, WRITE_OUT_PIPE);
  uint64_t pos = offset, end = offset + length;
  while (pos < end)
    {
      uint64_t rest = end - pos;
      ssize_t n = write (fd, ipc_shm_byte (s, pos),
                         rest < SSIZE_MAX ? rest : SSIZE_MAX);
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          /* A non-blocking output that is full: wait for room.  */
          if (errno == EAGAIN)
            {
              struct pollfd pfd = { .fd = fd, .events = POLLOUT };
              if (poll (&pfd, 1, -1) < 0 && errno != EINTR)
                return -1;
              continue;
            }
          /* The segment's pages, not the output: the segment shrank
             under us, or its memory is short.  */
          if (errno == EFAULT)
            {
              *segment_fault = true;
              memory_fault (s, end);
            }
          return -1;
        }
      pos += n;
      *written += n;
    }
  return 0;
}

/* ---- Counters ---- */

int
ipc_counter_at (struct ipc_shm *s, uint64_t offset, struct ipc_counter *c)
{
  if (offset % sizeof *c->word != 0)
    {
      errno = EINVAL;
      return -1;
    }
  if (ipc_shm_check_range (s, offset, sizeof *c->word) != 0
      || ipc_shm_map (s, offset, sizeof *c->word) != 0)
    return -1;
  c->s = s;
  c->offset = offset;
  /* The mapping starts on a page, so the word is aligned.  */
  c->word = (int64_t *) (void *) ipc_shm_byte (s, offset);
  return 0;
}

/* The two 32-bit halves of WORD, which is all a futex can watch.  The
   low-order half is where the word changes on every add of a small
   number, at the start of the word on a little-endian machine.  */
static uint32_t *
low_half (int64_t *word)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  return (uint32_t *) (void *) word + 1;
#else
  return (uint32_t *) (void *) word;
#endif
}

static uint32_t *
high_half (int64_t *word)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  return (uint32_t *) (void *) word;
#else
  return (uint32_t *) (void *) word + 1;
#endif
}

/* Wake every process waiting on WORD.  The futex operations are the
   shared ones, not FUTEX_PRIVATE_FLAG: the waiters are other processes,
   which map the segment at other addresses.  A word whose page went
   away gives EFAULT, which changes nothing.  */
static void
wake (int64_t *word)
{
  syscall (SYS_futex, low_half (word), FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

/* Why the counters guard their accesses with a SIGBUS handler.

   A store or load in a shared file mapping gets SIGBUS when its page
   lies past the end of the file (another process truncated the
   segment) or cannot be allocated (tmpfs full, memory short), and that
   may happen between any check of ours and the access itself: neither
   fstat before mapping nor populating the page first (MADV_POPULATE_*)
   closes the window, as a truncation removes a populated page too.  So
   the checks come first, for the common case and its clear message,
   and the access itself runs under a SIGBUS handler that jumps back out
   of it (sigsetjmp).  That is sound here because the access is one
   atomic instruction on our own mapping: the fault comes before it has
   any effect (an add happened whole or not at all), the handler is a
   synchronous fault's and runs nothing else, and it is installed for
   the access only and the caller's action put back after, so that the
   process keeps its SIGBUS disposition (lib changes no process state).
   A SIGBUS that is no fault of ours (another thread's) falls to the
   default action.  */
static _Thread_local sigjmp_buf *bus_jump;

static void
on_sigbus (int sig)
{
  if (bus_jump)
    siglongjmp (*bus_jump, 1);
  /* Not ours: the instruction faults again under the default action.  */
  signal (sig, SIG_DFL);
}

/* The operations that run guarded.  */
enum counter_op { OP_LOAD, OP_STORE, OP_ADD, OP_CAS };

/* Run OP on C's word with A and B, the result in *VALUE (and for
   OP_CAS whether it swapped in *SWAPPED): 0, or -1 when the access
   faulted (errno not set).  */
static int
guarded (struct ipc_counter *c, enum counter_op op, int64_t a, int64_t b,
         int64_t *value, bool *swapped)
{
  struct sigaction sa, old;
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_sigbus;
  sigemptyset (&sa.sa_mask);
  if (sigaction (SIGBUS, &sa, &old) != 0)
    return -1;
  sigjmp_buf env;
  int r = 0;
  if (sigsetjmp (env, 1) == 0)
    {
      bus_jump = &env;
      int64_t *word = c->word;
      switch (op)
        {
        case OP_LOAD:
          *value = __atomic_load_n (word, __ATOMIC_SEQ_CST);
          break;
        case OP_STORE:
          __atomic_store_n (word, a, __ATOMIC_SEQ_CST);
          *value = a;
          break;
        case OP_ADD:
          /* On the unsigned word, so that overflow wraps around instead
             of being undefined.  */
          *value = (int64_t) __atomic_add_fetch ((uint64_t *) word,
                                                 (uint64_t) a,
                                                 __ATOMIC_SEQ_CST);
          break;
        case OP_CAS:
          *value = a;
          *swapped = __atomic_compare_exchange_n (word, value, b, false,
                                                  __ATOMIC_SEQ_CST,
                                                  __ATOMIC_SEQ_CST);
          break;
        }
    }
  else
    r = -1;
  bus_jump = NULL;
  sigaction (SIGBUS, &old, NULL);
  return r;
}

/* Make C's page present for a writer (MADV_POPULATE_WRITE) or a reader
   (MADV_POPULATE_READ) before the access: 1 when it is, -1 when it
   cannot be had, 0 when the kernel cannot tell (before 5.14: the guard
   then meets what the check would have).  */
static int
populate (struct ipc_counter *c, bool write)
{
  uintptr_t page = sysconf (_SC_PAGESIZE);
  uintptr_t start = (uintptr_t) c->word & ~(page - 1);
  if (madvise ((void *) start, page,
               write ? MADV_POPULATE_WRITE : MADV_POPULATE_READ) == 0)
    return 1;
  return errno == EINVAL ? 0 : -1;
}

/* Run OP, a change, on C: the page made present first, a fault told as
   memory_fault tells it.  */
static int
change (struct ipc_counter *c, enum counter_op op, int64_t a, int64_t b,
        int64_t *value, bool *swapped)
{
  if (populate (c, true) < 0
      || guarded (c, op, a, b, value, swapped) != 0)
    return memory_fault (c->s, c->offset + sizeof *c->word);
  if (op != OP_CAS || *swapped)
    wake (c->word);
  return 0;
}

/* Read C's word into *VALUE; *PRESENT says whether its page is there
   (a futex can be slept on).  A page that cannot be had, of a POSIX
   segment that still holds the word, is a hole of a full /dev/shm: it
   is read with pread(2), which needs no page, and holds zeros.  */
static int
load (struct ipc_counter *c, int64_t *value, bool *present)
{
  uint64_t end = c->offset + sizeof *c->word;
  *present = true;
  if (populate (c, false) >= 0
      && guarded (c, OP_LOAD, 0, 0, value, NULL) == 0)
    return 0;
  memory_fault (c->s, end);
  if (errno != ENOSPC)
    return -1;
  int64_t v;
  ssize_t n = pread (c->s->fd, &v, sizeof v, c->offset);
  if (n < 0)
    return -1;
  if (n < (ssize_t) sizeof v)
    return memory_fault (c->s, end);
  /* Still no page: then it was none when read, and V is its value.  */
  if (populate (c, false) > 0)
    return load (c, value, present);
  *value = v;
  *present = false;
  return 0;
}

int
ipc_counter_get (struct ipc_counter *c, int64_t *value)
{
  bool present;
  return load (c, value, &present);
}

int
ipc_counter_set (struct ipc_counter *c, int64_t v, int64_t *value)
{
  return change (c, OP_STORE, v, 0, value, NULL);
}

int
ipc_counter_add (struct ipc_counter *c, int64_t delta, int64_t *value)
{
  return change (c, OP_ADD, delta, 0, value, NULL);
}

int
ipc_counter_cas (struct ipc_counter *c, int64_t old, int64_t new,
                 bool *swapped, int64_t *value)
{
  return change (c, OP_CAS, old, new, value, swapped);
}

bool
ipc_counter_test (int64_t value, enum ipc_counter_cond cond, int64_t arg)
{
  switch (cond)
    {
    case IPC_COUNTER_EQ: return value == arg;
    case IPC_COUNTER_NE: return value != arg;
    case IPC_COUNTER_GE: return value >= arg;
    case IPC_COUNTER_LE: return value <= arg;
    }
  return false;
}

/* Sleep until WORD may no longer hold VALUE, or until the absolute
   CLOCK_MONOTONIC time AT (null: no limit).  Both halves are watched at
   once (futex_waitv, Linux 5.16), so that a change of either between our
   reading VALUE and going to sleep is seen: a change of the high half
   alone (set, add of 2^32) would otherwise be missed until the next
   wake.  Older kernels fall back to FUTEX_WAIT on the low half.  Return
   0 (woken, or the value changed), or -1 with errno set: ETIMEDOUT, EINTR,
   EFAULT (the page went away), or another error.  */
static int
futex_wait_word (int64_t *word, int64_t value, struct timespec const *at)
{
  static bool no_waitv;
  uint64_t v = value;
  if (!no_waitv)
    {
      struct futex_waitv w[2];
      memset (w, 0, sizeof w);
      w[0].uaddr = (uintptr_t) low_half (word);
      w[0].val = (uint32_t) v;
      w[0].flags = FUTEX_32;
      w[1].uaddr = (uintptr_t) high_half (word);
      w[1].val = (uint32_t) (v >> 32);
      w[1].flags = FUTEX_32;
      if (syscall (SYS_futex_waitv, w, 2, 0, at, CLOCK_MONOTONIC) >= 0
          || errno == EAGAIN)
        return 0;
      if (errno != ENOSYS)
        return -1;
      no_waitv = true;
    }
  /* FUTEX_WAIT_BITSET takes an absolute time on CLOCK_MONOTONIC.  */
  if (syscall (SYS_futex, low_half (word), FUTEX_WAIT_BITSET, (uint32_t) v,
               at, NULL, FUTEX_BITSET_MATCH_ANY) == 0
      || errno == EAGAIN)
    return 0;
  return -1;
}

/* How often ipc_counter_wait looks at a word that has no page.  */
enum { NO_PAGE_LOOK_NS = 100 * 1000 * 1000 };

/* Sleep 0.1 s, or until AT (null: no limit) if that comes first.  */
static void
nap (struct timespec const *at)
{
  struct timespec t;
  clock_gettime (CLOCK_MONOTONIC, &t);
  t.tv_nsec += NO_PAGE_LOOK_NS;
  if (t.tv_nsec >= 1000000000)
    {
      t.tv_sec++;
      t.tv_nsec -= 1000000000;
    }
  if (at && (at->tv_sec < t.tv_sec
             || (at->tv_sec == t.tv_sec && at->tv_nsec < t.tv_nsec)))
    t = *at;
  while (clock_nanosleep (CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL) == EINTR)
    continue;
}

int
ipc_counter_wait (struct ipc_counter *c, enum ipc_counter_cond cond,
                  int64_t arg, struct ipc_deadline const *deadline,
                  int64_t *seen)
{
  bool timed = deadline && !deadline->infinite, slept = false;
  struct timespec const *at = timed ? &deadline->at : NULL;
  for (;;)
    {
      bool present;
      if (load (c, seen, &present) != 0)
        {
          /* A segment truncated while we slept is seen only at the next
             wake (a truncation wakes no futex): when that was the
             deadline, the wait ran out.  */
          if (slept && timed && ipc_deadline_expired (deadline))
            errno = ETIMEDOUT;
          return -1;
        }
      if (ipc_counter_test (*seen, cond, arg))
        return 0;
      if (timed && ipc_deadline_expired (deadline))
        {
          errno = ETIMEDOUT;
          return -1;
        }
      slept = true;
      if (!present)
        nap (at);
      /* EFAULT: the page went away under the futex; the next load says
         why.  After a timeout the loop tests the word a last time.  */
      else if (futex_wait_word (c->word, *seen, at) != 0
               && errno != EINTR && errno != ETIMEDOUT && errno != EFAULT)
        return -1;
    }
}

/* ---- Listings ---- */

int
ipc_shm_posix_info (char const *name, char const *dir,
                    struct ipc_shm_info *info)
{
  char path[PATH_MAX];
  if (snprintf (path, sizeof path, "%s%s", dir, name) >= (int) sizeof path)
    {
      errno = ENAMETOOLONG;
      return -1;
    }
  /* A symlink or FIFO planted in the directory is no segment, and its
     target's mode and size are not what stat should show.  */
  struct stat st;
  if (lstat (path, &st) != 0)
    return -1;
  if (!S_ISREG (st.st_mode))
    {
      errno = ENOENT;
      return -1;
    }
  memset (info, 0, sizeof *info);
  ipc_object_from_stat (&st, &info->object);
  info->size = st.st_size;
  return 0;
}

void
ipc_shm_sysv_info (struct ipc_sysv_entry const *entry,
                   struct ipc_shm_info *info)
{
  memset (info, 0, sizeof *info);
  ipc_object_from_sysv (entry, &info->object);
  info->size = entry->size;
  info->nattch = entry->nattch;
  info->cpid = entry->cpid;
  info->lpid = entry->lpid;
  info->removed = (entry->perms & SHM_DEST) != 0;
  info->locked = (entry->perms & SHM_LOCKED) != 0;
}

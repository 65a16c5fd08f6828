/* The raw C baseline of bench/shm.sh for 'ipc-shm write': map the POSIX
   segment /dev/shm/NAME whole and read(2) standard input straight into
   the mapping, as large a read as the rest of the segment, until the end
   of the input or of the segment.  No prefaulting, no checks of the
   input's length, no messages beyond the failing call: the least that
   rewriting a segment from a file or a pipe takes.
     shm-write /NAME < SOURCE  */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int
main (int argc, char **argv)
{
  if (argc != 2)
    {
      fputs ("usage: shm-write /NAME < SOURCE\n", stderr);
      return 2;
    }
  int fd = shm_open (argv[1], O_RDWR, 0);
  struct stat st;
  if (fd < 0 || fstat (fd, &st) != 0)
    {
      perror (argv[1]);
      return 1;
    }
  char *p = mmap (NULL, st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
                  0);
  if (p == MAP_FAILED)
    {
      perror ("mmap");
      return 1;
    }
  off_t off = 0;
  while (off < st.st_size)
    {
      ssize_t n = read (STDIN_FILENO, p + off, st.st_size - off);
      if (n < 0)
        {
          perror ("read");
          return 1;
        }
      if (n == 0)
        break;
      off += n;
    }
  return 0;
}

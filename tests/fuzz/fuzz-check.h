/* Shared by the libFuzzer targets: stop the run on a broken invariant,
   so that libFuzzer saves the input that broke it.  */
#ifndef FUZZ_CHECK_H
#define FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond)                                                     \
  do                                                                    \
    if (!(cond))                                                        \
      {                                                                 \
        fprintf (stderr, "invariant broken: %s (line %d)\n", #cond,     \
                 __LINE__);                                             \
        abort ();                                                       \
      }                                                                 \
  while (0)

#endif

/* The 'limits' verb of ipc-mq, ipc-shm and ipc-sem (SPEC 4): every
   System V and POSIX limit of the kind, its value, its use and what is
   left, as a table or JSON, from ipc_limits_usage.  The command's verb
   table entry names the kind:

     { IPC_LIMITS_VERB (IPC_LIMITS_MQ), .summary = ..., .description = ... },

   This is the CLI layer (lib/README.md): it prints and exits.  */
#ifndef IPC_LIMITS_VERB_H
#define IPC_LIMITS_VERB_H

#include "ipc-cli.h"
#include "ipc-limits.h"
#include "ipc-table.h"

/* The columns: NAME TYPE VALUE USED LEFT UNIT DESCRIPTION.  */
enum { IPC_LIMITS_NCOLUMNS = 7 };
extern struct ipc_column const ipc_limits_columns[IPC_LIMITS_NCOLUMNS];

/* The verb, with a pointer to an enum ipc_limits_kind as its data: parse
   the options of ipc_table_options, print the table and return the exit
   status (0; 1 when the output failed).  A use that could not be read is
   '?' (null in JSON), and one line on stderr per such limit says why; a
   use that does not apply, or what is left of an unlimited limit, is '-'
   (null); an unlimited value is 'unlimited' (null).  */
int ipc_limits_verb (int argc, char **argv);

/* The first fields of the verb table entry of 'limits' for KIND.  */
#define IPC_LIMITS_VERB(kind)                                           \
  "limits", NULL, ipc_limits_verb,                                      \
  .data = &(enum ipc_limits_kind) { kind },                             \
  .options = ipc_table_size_options, .columns = ipc_limits_columns,     \
  .ncolumns = IPC_LIMITS_NCOLUMNS

#endif

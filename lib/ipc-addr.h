/* The address syntax of SPEC section 2, one parser for every command.
   It never prints and never touches the system: 'path:' keys are turned
   into keys by ipc_addr_key, and 'PATH' operands are not looked up.  */
#ifndef IPC_ADDR_H
#define IPC_ADDR_H

#include <stdint.h>
#include <sys/types.h>

enum ipc_addr_kind
{
  IPC_ADDR_POSIX,          /* "/name" */
  IPC_ADDR_KEY,            /* "key:0x1f2e", "key:1234" */
  IPC_ADDR_ID,             /* "id:32769" */
  IPC_ADDR_FTOK,           /* "path:/etc/app.conf[:P]" */
  IPC_ADDR_PRIVATE,        /* "private" */
  IPC_ADDR_PATH,           /* a file-system path */
  IPC_ADDR_FD,             /* "fd:N" */
  IPC_ADDR_UNIX,           /* "unix:PATH" */
  IPC_ADDR_ABSTRACT,       /* "abstract:NAME", "@NAME" */
  IPC_ADDR_UNIXGRAM,       /* "unixgram:PATH" */
  IPC_ADDR_ABSTRACT_DGRAM, /* "abstract-dgram:NAME" */
  IPC_ADDR_TCP,            /* "tcp:HOST:PORT" */
  IPC_ADDR_UDP             /* "udp:HOST:PORT" */
};

#define IPC_ADDR_ACCEPT(kind) (1u << (kind))
/* The forms that message queues, shared memory and semaphores accept.  */
#define IPC_ADDR_ACCEPT_SYSV_OBJ                                        \
  (IPC_ADDR_ACCEPT (IPC_ADDR_POSIX) | IPC_ADDR_ACCEPT (IPC_ADDR_KEY)    \
   | IPC_ADDR_ACCEPT (IPC_ADDR_ID) | IPC_ADDR_ACCEPT (IPC_ADDR_FTOK))

struct ipc_addr
{
  enum ipc_addr_kind kind;
  /* POSIX: the name with its leading '/'.  PATH, UNIX, UNIXGRAM, FTOK:
     the path.  ABSTRACT*: the name without '@'.  TCP/UDP: the host, ""
     for every address, without brackets.  Points into the parsed text's
     copy owned by the structure.  */
  char *name;
  uint32_t key;     /* KEY; also FTOK after ipc_addr_key */
  int id;           /* ID */
  int fd;           /* FD */
  int proj;         /* FTOK: the project number, 1 by default */
  uint16_t port;    /* TCP, UDP */
};

/* Parse TEXT into *ADDR.  ACCEPT is a mask of IPC_ADDR_ACCEPT bits: forms
   outside it are refused.  When PATH is accepted, any text that is not of
   another accepted form is a path.  Return 0, or -1 with *WHY pointing to
   a static reason ("POSIX name has a second '/'").  */
int ipc_addr_parse (char const *text, unsigned int accept,
                    struct ipc_addr *addr, char const **why);
void ipc_addr_free (struct ipc_addr *addr);

/* The System V key of ADDR (KEY, or FTOK computed with ftok(3)).
   Return 0, or -1 with errno set.  */
int ipc_addr_key (struct ipc_addr *addr, uint32_t *key);

#endif

/* commands.h - the subcommands of ecsc: `ecsc NAME ARGS...`.

   `ecsc FILE -o DIR` compiles; a first argument that names a subcommand
   runs that instead (`ecsc fmt`, `ecsc import`, ...).  A file whose name is
   also a subcommand is compiled when written with a slash: `ecsc ./fmt`.

   Each subcommand lives in its own cmd_NAME.c, has the signature of
   CommandMain (argv[0] is the subcommand's name), returns an exit status
   (0 ok, 1 problems in the input, 2 usage or I/O) and adds one row to the
   table in commands.c. */
#ifndef ECSC_COMMANDS_H
#define ECSC_COMMANDS_H

#include <stdio.h>

typedef int CommandMain(int argc, char **argv);

typedef struct Command {
    const char *name;
    CommandMain *run;
    const char *summary;        /* one line for `ecsc --help` */
} Command;

/* The subcommands, one line each. */
CommandMain cmd_graph;
CommandMain cmd_import;
CommandMain cmd_lsp;
CommandMain cmd_fmt;

/* The subcommand called NAME, or NULL. */
const Command *command_find(const char *name);

/* The "commands:" part of the help text: one line per subcommand. */
void command_list(FILE *out);

#endif

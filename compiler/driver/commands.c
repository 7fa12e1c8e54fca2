/* commands.c - the table of subcommands (see commands.h). */
#include "driver/commands.h"

#include <string.h>

/* One row per subcommand, in the order `ecsc --help` lists them. */
static const Command commands[] = {
    {"graph", cmd_graph, "print the application as a Graphviz picture (DOT, -Tsvg, -Tpng)"},
    {"import", cmd_import, "turn ECS JSON, docker-compose or Copilot manifests into a .ecs file"},
    {"lsp", cmd_lsp, "run the language server on stdin/stdout (for editors)"},
    {"fmt", cmd_fmt, "print .ecs files in the canonical layout (-w rewrites them)"},
    {NULL, NULL, NULL}
};

const Command *command_find(const char *name)
{
    for (const Command *c = commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

void command_list(FILE *out)
{
    if (!commands[0].name)
        return;
    fputs("commands:\n", out);
    for (const Command *c = commands; c->name; c++)
        fprintf(out, "  ecsc %-8s %s\n", c->name, c->summary);
    fputs("\n", out);
}

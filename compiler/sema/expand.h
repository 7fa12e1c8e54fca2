/* expand.h - modules, templates, constants and environments, resolved on
 * the syntax tree before decode.
 *
 * The result is one list of top-level declarations in which every `use`
 * and `from` is replaced by the template's statements, every $name and
 * ${name} by its value, every ( expression ) by its number, and the
 * selected environment's overrides are merged in.  Decode then sees plain
 * statements, so templates need no support anywhere else.
 */
#ifndef ECSC_SEMA_EXPAND_H
#define ECSC_SEMA_EXPAND_H

#include "sema/module.h"
#include "sema/sema.h"

/* `modules` holds Module* (root first).  `env` is the environment to build,
   or NULL for the base declarations. */
AstFile *sema_expand(Sema *s, const Vec *modules, const char *env);

/* Appends the names of the environments the modules declare (each once, in
   order of appearance) to `names`. */
void sema_environments(Arena *a, const Vec *modules, Vec *names);

#endif

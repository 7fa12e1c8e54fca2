/* names.h - identifiers derived from declaration names. */
#ifndef ECSC_BASE_NAMES_H
#define ECSC_BASE_NAMES_H

#include "base/arena.h"

/* "ec2_pool" + "Service" -> "Ec2PoolService": CloudFormation logical ids
   allow only [A-Za-z0-9], so other characters start a new capital. */
const char *names_camel(Arena *a, const char *name, const char *suffix);

#endif

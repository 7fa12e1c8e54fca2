/* cfn.c - CloudFormation template and fragments (being written). */
#include "emit.h"

void emit_cfn(Arena *a, const IrModel *m, Vec *out)
{
    (void)a; (void)m; (void)out;
}

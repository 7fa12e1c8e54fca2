/* decode_deploy.c - a service's fields about how ECS deploys and tags it:
 * the deployment alarms of `rolling` and `blue_green`, `platform_version`,
 * `az_rebalancing`, `managed_tags` and `propagate_tags` (the rest of the
 * service is decode_service.c's). */
#include "sema/decode.h"

#include <string.h>

static bool has_alarms(const IrService *sv)
{
    return sv->alarms.param.name || sv->alarms.literal.len;
}

/* `alarms ["a", "b"]` or `alarms PARAM` (a string param, or a [string]
   list param), once per service: `rolling` and `blue_green` both take it. */
bool decode_sv_alarms(Decoder *d, Args *a, IrService *sv, Span option)
{
    if (has_alarms(sv)) {
        Diagnostic *dg = diag_error(d->diag, option, "E0763",
                                    "service '%s' has its deployment alarms twice", sv->name);
        diag_note(dg, sv->alarms_span, "they are given here first");
        diag_note(dg, SPAN_NONE, "a service has one set of deployment alarms: keep one `alarms`, "
                                 "in `rolling` or in `blue_green`");
        return false;
    }
    sv->alarms_span = option;
    IrParamRef ref = {0};
    if (!decode_param_ref(d, a, &ref, "CloudWatch alarm names, or a string parameter"))
        return false;
    sv->alarms = ref;
    return true;
}

/* platform_version latest | "1.4.0" */
void decode_sv_platform_version(Decoder *d, const AstStmt *s, void *t)
{
    IrService *sv = t;
    Args a = args_begin(d, s);
    sv->platform_span = args_here(&a);
    if (args_take_word(&a, "latest"))
        sv->platform_version = "LATEST";
    else
        sv->platform_version = args_string(&a, "latest, or a Fargate platform version such as \"1.4.0\"");
    args_end(&a);
}

/* az_rebalancing [true|false] */
void decode_sv_az_rebalancing(Decoder *d, const AstStmt *s, void *t)
{
    IrService *sv = t;
    Args a = args_begin(d, s);
    sv->az_span = s->span;
    args_flag(&a, &sv->az_rebalancing);
    args_end(&a);
}

/* managed_tags [true|false] */
void decode_sv_managed_tags(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    args_flag(&a, &((IrService *)t)->managed_tags);
    args_end(&a);
}

/* propagate_tags task|service|none */
void decode_sv_propagate_tags(Decoder *d, const AstStmt *s, void *t)
{
    static const char *const from[] = {"task", "service", "none", NULL};
    static const char *const api[] = {"TASK_DEFINITION", "SERVICE", "NONE"};
    Args a = args_begin(d, s);
    int k = args_choice(&a, "tag source", from);
    if (k >= 0)
        ((IrService *)t)->propagate_tags = api[k];
    args_end(&a);
}

/* check_names.c - deploying services, load balancers or capacity needs an
 * app: its name names the cluster and prefixes every resource.  (Whether
 * the generated logical ids stay distinct is the plan's check, E0550 in
 * compiler/plan/plan_check.c: it sees every id.)
 */
#include "sema/check.h"

void check_names(Sema *s, const IrModel *m)
{
    if (!m->services.len && !m->load_balancers.len && !m->capacities.len)
        return;
    if (m->app->name)
        return;
    const IrService *sv = m->services.len ? m->services.items[0] : NULL;
    Diagnostic *dg = diag_error(s->diag, sv ? sv->name_span : SPAN_NONE, "E0551",
                                "deploying services needs an `app` block");
    diag_note(dg, SPAN_NONE, "the app's name names the cluster and prefixes every "
                             "resource: add `app shop { region \"…\"; account \"…\" }`");
}

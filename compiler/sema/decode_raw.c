/* decode_raw.c - `raw [TARGET [SELECTOR]] { … }` in the declarations that
 * generate resources other than the task definition: a service (its
 * CreateService members, its routes' target groups and listener rules), a
 * load balancer and its listeners, a capacity, the cluster, a role and a
 * schedule; and
 * the error for `raw` where nothing would take it.  The checks are
 * check_raw.c's.
 *
 * A raw block is plain JSON in the language's syntax (decode_value): the
 * members of the resource, merged over what ecsc writes.  Which resource
 * each TARGET word reaches is the table below (docs/language.md §13.2).
 */
#include "sema/decode.h"

#include <string.h>

/* What `raw [WORD]` reaches in each block; `arg` is what follows the word:
   'p' a listener port, 'l' an optional load balancer name. */
static const struct RawTarget {
    const char *block, *word, *cfn_type;
    char arg;
} raw_targets[] = {
    {"service", "target_group", "AWS::ElasticLoadBalancingV2::TargetGroup", 'l'},
    {"service", "listener_rule", "AWS::ElasticLoadBalancingV2::ListenerRule", 'l'},
    {"load_balancer", NULL, "AWS::ElasticLoadBalancingV2::LoadBalancer", 0},
    {"load_balancer", "listener", "AWS::ElasticLoadBalancingV2::Listener", 'p'},
    {"capacity", NULL, "AWS::AutoScaling::AutoScalingGroup", 0},
    {"capacity", "launch_template", "AWS::EC2::LaunchTemplate", 0},
    {"capacity", "capacity_provider", "AWS::ECS::CapacityProvider", 0},
    {"cluster", NULL, "AWS::ECS::Cluster", 0},
    {"role", NULL, "AWS::IAM::Role", 0},
    {"schedule", NULL, "AWS::Scheduler::Schedule", 0},
};

#define NTARGETS (sizeof raw_targets / sizeof *raw_targets)

static bool same_raw(const IrRaw *a, const IrRaw *b)
{
    bool same_word = a->target == b->target || (a->target && b->target && strcmp(a->target, b->target) == 0);
    bool same_lb = a->lb == b->lb || (a->lb && b->lb && strcmp(a->lb, b->lb) == 0);
    return same_word && same_lb && a->port == b->port;
}

/* `raw [WORD [PORT|LB]] { … }` of block `block` appended to `out`; with
   `api` (a service), `raw { … }` without a word goes there instead. */
static void raw_target(Decoder *d, const AstStmt *s, const char *block, Vec *out, IrValue **api)
{
    const char *words[NTARGETS + 1];
    size_t nwords = 0;
    const struct RawTarget *plain = NULL;
    for (size_t i = 0; i < NTARGETS; i++) {
        if (strcmp(raw_targets[i].block, block) != 0)
            continue;
        if (raw_targets[i].word)
            words[nwords++] = raw_targets[i].word;
        else
            plain = &raw_targets[i];
    }
    words[nwords] = NULL;
    Args a = args_begin(d, s);
    IrRaw *r = ARENA_NEW(d->arena, IrRaw);
    r->span = s->head_span;
    r->port = IR_UNSET;
    const struct RawTarget *t = plain;
    const AstNode *n = args_peek(&a);
    if (n && n->kind == AST_WORD && nwords) {
        int k = args_choice(&a, "raw target", words);
        if (k < 0)
            return;
        for (size_t i = 0; i < NTARGETS; i++)
            if (strcmp(raw_targets[i].block, block) == 0 && raw_targets[i].word
                && strcmp(raw_targets[i].word, words[k]) == 0)
                t = &raw_targets[i];
        r->target = t->word;
        int64_t port;
        if (t->arg == 'p') {
            if (!args_int(&a, "the listener's port", 1, 65535, &port))
                return;
            r->port = (int)port;
        } else if (t->arg == 'l' && args_peek(&a) && args_peek(&a)->kind == AST_WORD) {
            r->lb = args_word(&a, "a load balancer's name");
        }
    }
    const AstNode *b = args_block(&a, t ? "a block of the resource's properties"
                                        : "a block of CreateService fields");
    args_end(&a);
    if (!b)
        return;
    if (!t) {
        if (*api) {
            Diagnostic *dg = diag_error(d->diag, s->head_span, "E0102", "'raw' is set twice in %s", block);
            diag_note(dg, (*api)->span, "first set here");
            return;
        }
        *api = decode_value(d, b);
        return;
    }
    r->cfn_type = t->cfn_type;
    VEC_EACH(const IrRaw *, prev, *out)
        if (same_raw(prev, r)) {
            Diagnostic *dg = diag_error(d->diag, s->head_span, "E0102",
                                        "this 'raw' is set twice in %s", block);
            diag_note(dg, prev->span, "first set here");
            return;
        }
    r->value = decode_value(d, b);
    if (r->value)
        vec_push(d->arena, out, r);
}

void decode_service_raw(Decoder *d, const AstStmt *s, void *t)
{
    IrService *sv = t;
    raw_target(d, s, "service", &sv->raws, &sv->raw);
}

void decode_lb_raw(Decoder *d, const AstStmt *s, void *t)
{
    raw_target(d, s, "load_balancer", &((IrLoadBalancer *)t)->raws, NULL);
}

void decode_capacity_raw(Decoder *d, const AstStmt *s, void *t)
{
    raw_target(d, s, "capacity", &((IrCapacity *)t)->raws, NULL);
}

void decode_cluster_raw(Decoder *d, const AstStmt *s, void *t)
{
    raw_target(d, s, "cluster", &((IrCluster *)t)->raws, NULL);
}

void decode_role_raw(Decoder *d, const AstStmt *s, void *t)
{
    raw_target(d, s, "role", &((IrRole *)t)->raws, NULL);
}

void decode_schedule_raw(Decoder *d, const AstStmt *s, void *t)
{
    raw_target(d, s, "schedule", &((IrSchedule *)t)->raws, NULL);
}

/* The declarations whose resources raw reaches (docs/language.md §13). */
static const char *const RAW_PLACES =
    "task, container, service, load_balancer, capacity, cluster, role, schedule";

bool decode_misplaced_raw(Decoder *d, const AstStmt *s, const char *what)
{
    if (strcmp(s->head, "raw") != 0)
        return false;
    Diagnostic *dg = diag_error(d->diag, s->head_span, "E0320",
                                "`raw` cannot be used in %s: it generates no resource of its own",
                                what);
    diag_note(dg, SPAN_NONE, "raw goes in the declaration whose resource it changes: %s",
              RAW_PLACES);
    return true;
}

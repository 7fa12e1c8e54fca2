/* infer.c - defaults and derived values: family names, role names and
 * ARNs, the implied execution role, awslogs options, secret ARNs.
 *
 * Everything here is deterministic: names come from declarations, never
 * from time or randomness.  Where a derived name would exceed an AWS
 * limit it is shortened and given a stable hash suffix.
 */
#include "sema/sema.h"

#include "base/hash.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdint.h>
#include <string.h>

typedef struct Infer {
    Sema *s;
    IrModel *m;
    const char *app, *region, *account;
} Infer;

/* `name` if it fits in `max` characters, else a prefix and an 8-digit hash. */
static const char *fit_name(Arena *a, const char *name, size_t max)
{
    size_t n = strlen(name);
    if (n <= max)
        return name;
    return arena_printf(a, "%.*s-%08" PRIx32, (int)(max - 9), name, hash_fnv32(name));
}

static const char *qualified(Infer *in, const char *name, const char *suffix, size_t max)
{
    const char *full = in->app ? arena_printf(in->s->arena, "%s-%s%s", in->app, name, suffix)
                               : arena_printf(in->s->arena, "%s%s", name, suffix);
    return fit_name(in->s->arena, full, max);
}

/* An IAM role's name: IAM names are global to the account, so one
   application deployed in two regions of one account would collide on
   "<app>-<name>": the region is part of the name ("<app>-<name>-<region>"). */
static const char *role_name(Infer *in, const char *name, const char *suffix)
{
    if (in->region) {
        char *r = arena_printf(in->s->arena, "%s-%s", suffix, in->region);
        for (char *c = r; *c; c++)      /* IAM names take [A-Za-z0-9+=,.@_-] */
            if (!isalnum((unsigned char)*c) && !strchr("+=,.@_-", *c))
                *c = '-';
        suffix = r;
    }
    return qualified(in, name, suffix, 64);
}

static void need_account(Infer *in, Span sp, const char *why)
{
    Diagnostic *dg = diag_error(in->s->diag, sp, "E0201", "%s; its ARN names the AWS account", why);
    diag_note(dg, in->m->app->span.file ? in->m->app->name_span : SPAN_NONE,
              "set `account \"123456789012\"` in the app block, or pass -D account=123456789012");
}

static const char *role_arn(Infer *in, const char *role_name)
{
    return arena_printf(in->s->arena, "arn:aws:iam::%s:role/%s", in->account, role_name);
}

static bool is_private_ecr(const char *image)
{
    /* 123456789012.dkr.ecr.<region>.amazonaws.com/repo:tag */
    const char *dot = strchr(image, '.');
    if (!dot || dot - image != 12)
        return false;
    for (int i = 0; i < 12; i++)
        if (image[i] < '0' || image[i] > '9')
            return false;
    return strncmp(dot, ".dkr.ecr.", 9) == 0 && strstr(dot, ".amazonaws.com") != NULL;
}

static void infer_secret(Infer *in, IrSecret *sec, Span sp, bool *need_acct)
{
    Arena *a = in->s->arena;
    if (sec->source == IR_SECRET_ARN || strncmp(sec->ref, "arn:", 4) == 0) {
        sec->value_from = sec->ref;
    } else if (!in->account || !in->region) {
        *need_acct = true;
        sec->value_from = sec->ref;
        (void)sp;
        return;
    } else if (sec->source == IR_SECRET_SSM) {
        const char *p = sec->ref[0] == '/' ? sec->ref + 1 : sec->ref;
        sec->value_from = arena_printf(a, "arn:aws:ssm:%s:%s:parameter/%s", in->region, in->account, p);
    } else {
        sec->value_from = arena_printf(a, "arn:aws:secretsmanager:%s:%s:secret:%s", in->region,
                                       in->account, sec->ref);
    }
    if (sec->source == IR_SECRET_SECRETSMANAGER &&
        (sec->json_key || sec->version_stage || sec->version_id))
        sec->value_from = arena_printf(a, "%s:%s:%s:%s", sec->value_from,
                                       sec->json_key ? sec->json_key : "",
                                       sec->version_stage ? sec->version_stage : "",
                                       sec->version_id ? sec->version_id : "");
}

static IrLog *default_log(Infer *in, const IrTask *t)
{
    IrLog *log = ARENA_NEW(in->s->arena, IrLog);
    log->driver = "awslogs";
    log->retain_days = IR_UNSET;
    log->span = t->name_span;
    log->implied = true;
    return log;
}

static void infer_log(Infer *in, IrTask *t, IrLog *log)
{
    if (strcmp(log->driver, "awslogs") != 0)
        return;
    if (!log->group)
        log->group = in->app ? arena_printf(in->s->arena, "/ecs/%s/%s", in->app, t->name)
                             : arena_printf(in->s->arena, "/ecs/%s", t->name);
    if (!log->prefix)
        log->prefix = t->name;
    if (log->retain_days == IR_UNSET)
        log->retain_days = in->m->app->retain_days;
    if (!log->region)       /* `{ awslogs-region = "..." }` names it */
        VEC_EACH(const IrKV *, kv, log->options)
            if (strcmp(kv->key, "awslogs-region") == 0)
                log->region = kv->value;
    if (!log->region)
        log->region = in->region;
    if (!log->region && !log->region_reported) {
        log->region_reported = true;
        Diagnostic *dg = log->implied
            ? diag_error(in->s->diag, log->span, "E0202",
                         "task '%s' logs with awslogs by default, which needs the AWS region of its log group",
                         t->name)
            : diag_error(in->s->diag, log->span, "E0202",
                         "awslogs needs the AWS region of the log group");
        diag_note(dg, SPAN_NONE, "set `region \"eu-west-1\"` in the app block, or pass -D region=eu-west-1");
        if (log->implied)
            diag_note(dg, SPAN_NONE, "or choose another log driver with `logs …`");
    }
}

/* The key of a driver option or secret option (IrKV, IrSecret). */
static const char *kv_key(const void *p) { return ((const IrKV *)p)->key; }
static const char *secret_key(const void *p) { return ((const IrSecret *)p)->name; }

/* `base` with `own`'s entries: one of the same key replaces the base's in
   its place, the others follow in their order. */
static Vec merge_entries(Arena *a, const Vec *base, const Vec *own, const char *(*key)(const void *))
{
    Vec out = {0};
    VEC_EACH(void *, b, *base) {
        void *pick = b;
        VEC_EACH(void *, o, *own)
            if (strcmp(key(o), key(b)) == 0)
                pick = o;
        vec_push(a, &out, pick);
    }
    VEC_EACH(void *, o, *own) {
        bool seen = false;
        VEC_EACH(void *, b, *base)
            seen |= strcmp(key(o), key(b)) == 0;
        if (!seen)
            vec_push(a, &out, o);
    }
    return out;
}

/* A container's `logs` with the same driver as its task's merges with it,
   member by member, the container's winning: the task's group (so the
   task's containers share it), prefix, retention, mode, create_group,
   options and secret options, unless the container sets them.  Another
   driver, or `none`, replaces the task's.  awslogs names each stream
   PREFIX/CONTAINER/TASK-ID, so the shared prefix still gives every
   container streams of its own. */
static IrLog *merge_log(Infer *in, IrTask *t, IrLog *own)
{
    IrLog *base = t->log;
    /* the task's default (awslogs, implied) has nothing infer_log would
       not give the container's own */
    if (own == base || base->implied || strcmp(own->driver, base->driver) != 0 ||
        strcmp(own->driver, "none") == 0)
        return own;
    infer_log(in, t, base);
    Arena *a = in->s->arena;
    IrLog *m = ARENA_NEW(a, IrLog);
    *m = *own;
    m->merged_from = base;
    if (!m->group)
        m->group = base->group;
    if (!m->prefix)
        m->prefix = base->prefix;
    if (m->retain_days == IR_UNSET)
        m->retain_days = base->retain_days;
    if (m->create_group == IR_TRI_UNSET)
        m->create_group = base->create_group;
    if (!m->mode)
        m->mode = base->mode;
    m->options = merge_entries(a, &base->options, &own->options, kv_key);
    m->secret_options = merge_entries(a, &base->secret_options, &own->secret_options, secret_key);
    return m;
}

static void infer_task(Infer *in, IrTask *t)
{
    Arena *a = in->s->arena;
    if (!t->family)
        t->family = qualified(in, t->name, "", 255);
    /* The app's tags apply to every task; a task's own tag of the same key wins. */
    Vec tags = {0};
    for (int i = 0; i < in->m->app->tags.len; i++) {
        IrKV *kv = in->m->app->tags.items[i];
        bool overridden = false;
        for (int k = 0; k < t->tags.len && !overridden; k++)
            overridden = strcmp(((IrKV *)t->tags.items[k])->key, kv->key) == 0;
        if (!overridden)
            vec_push(a, &tags, kv);
    }
    for (int k = 0; k < t->tags.len; k++)
        vec_push(a, &tags, t->tags.items[k]);
    t->tags = tags;
    if (t->network == IR_NET_UNSET && (t->launch & IR_LAUNCH_FARGATE))
        t->network = IR_NET_AWSVPC;
    /* The effective mode, decided here once: EC2's default is bridge on
       Linux and "default" (NAT) on Windows. */
    t->net = t->network != IR_NET_UNSET ? t->network
             : t->os == IR_OS_WINDOWS ? IR_NET_DEFAULT : IR_NET_BRIDGE;
    if (!t->log)
        t->log = default_log(in, t);

    if (t->role.target) {
        const IrRole *r = t->role.target;
        t->role_arn = r->arn;
        if (!r->arn && !r->arn_param.name)
            need_account(in, t->role.span, arena_printf(a, "task '%s' refers to role '%s'", t->name, r->name));
    }
    if (t->exec_role.target) {
        const IrRole *r = t->exec_role.target;
        t->exec_role_arn = r->arn;
        if (!r->arn && !r->arn_param.name)
            need_account(in, t->exec_role.span,
                         arena_printf(a, "task '%s' names execution role '%s'", t->name, r->name));
    }

    const char *reason = NULL;
    bool secret_needs_account = false;
    for (int i = 0; i < t->containers.len; i++) {
        IrContainer *c = t->containers.items[i];
        if (c->essential == IR_TRI_UNSET)
            c->essential = IR_TRI_TRUE;
        c->log = c->log ? merge_log(in, t, c->log) : t->log;
        infer_log(in, t, c->log);
        if (!reason && c->image && is_private_ecr(c->image))
            reason = arena_printf(a, "container '%s' pulls a private ECR image", c->name);
        if (!reason && strcmp(c->log->driver, "awslogs") == 0)
            reason = arena_printf(a, "container '%s' logs to CloudWatch with awslogs", c->name);
        if (!reason && (c->secrets.len || c->log->secret_options.len))
            reason = arena_printf(a, "container '%s' reads secrets", c->name);
        if (!reason && c->repository_credentials)
            reason = arena_printf(a, "container '%s' uses repository credentials", c->name);
        if (!reason && c->env_files.len)
            reason = arena_printf(a, "container '%s' reads environment files from S3", c->name);
        for (int k = 0; k < c->secrets.len; k++)
            infer_secret(in, c->secrets.items[k], c->span, &secret_needs_account);
        for (int k = 0; k < c->log->secret_options.len; k++)
            infer_secret(in, c->log->secret_options.items[k], c->span, &secret_needs_account);
    }
    if (secret_needs_account && (!in->account || !in->region)) {
        Diagnostic *dg = diag_error(in->s->diag, t->name_span, "E0201",
                                    "task '%s' reads secrets by name; their ARNs name the AWS account and region",
                                    t->name);
        diag_note(dg, SPAN_NONE, "set `account` and `region` in the app block (or -D account=… -D region=…), or give full ARNs");
    }
    if (reason && !t->exec_role_arn && !t->exec_role.name) {
        t->exec_role_implied = true;
        t->exec_role_reason = reason;
        t->exec_role_name = role_name(in, t->name, "-execution");
        if (in->account)
            t->exec_role_arn = role_arn(in, t->exec_role_name);
        else
            need_account(in, t->name_span,
                         arena_printf(a, "task '%s' needs an execution role (%s)", t->name, reason));
    }
}

void sema_infer(Sema *s, IrModel *m)
{
    Infer in = {s, m, m->app->name, m->app->region, m->app->account};
    const char *d;
    if ((d = sema_define(s, "account")))
        in.account = d;
    if ((d = sema_define(s, "region")))
        in.region = d;
    m->app->account = in.account;
    m->app->region = in.region;
    for (int i = 0; i < m->roles.len; i++) {
        IrRole *r = m->roles.items[i];
        r->role_name = role_name(&in, r->name, "");
        const IrParam *p = r->arn_param.target;
        if (p) {    /* `arn PARAM`: its -D value or default (none: E0767) */
            const char *v = sema_define(s, p->name);
            r->arn = v ? v : p->has_default ? p->default_value : NULL;
        }
        if (!r->arn && !r->explicit_arn && in.account)
            r->arn = role_arn(&in, r->role_name);
    }
    for (int i = 0; i < m->tasks.len; i++)
        infer_task(&in, m->tasks.items[i]);
    sema_infer_deploy(s, m);
}

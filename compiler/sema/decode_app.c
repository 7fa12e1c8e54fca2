/* decode_app.c - the app and role blocks. */
#include "sema/decode.h"

/* ---- app ---------------------------------------------------------------- */

static void app_region(Decoder *d, const AstStmt *s, void *t)
{
    IrApp *app = t;
    Args a = args_begin(d, s);
    app->region_span = args_here(&a);
    app->region = args_string(&a, "a region such as \"eu-west-1\"");
    args_end(&a);
}

static void app_account(Decoder *d, const AstStmt *s, void *t)
{
    IrApp *app = t;
    Args a = args_begin(d, s);
    app->account_span = args_here(&a);
    app->account = args_string(&a, "a 12-digit account id as a string");
    args_end(&a);
}

static void app_tags(Decoder *d, const AstStmt *s, void *t)
{
    IrApp *app = t;
    Args a = args_begin(d, s);
    args_map(&a, "tags", &app->tags);
    args_end(&a);
}

static void app_retain(Decoder *d, const AstStmt *s, void *t)
{
    IrApp *app = t;
    Args a = args_begin(d, s);
    int days;
    if (decode_retention(d, &a, &days))
        app->retain_days = days;
    args_end(&a);
}

static const FieldDef app_fields[] = {
    {"region", app_region, FIELD_ONCE, NULL, NULL,
     "The AWS region the application deploys to (\"eu-west-1\"); it appears in ARNs, log "
     "configuration and role names."},
    {"account", app_account, FIELD_ONCE, NULL, NULL,
     "The 12-digit AWS account ID; it appears in ARNs (roles, images, secrets)."},
    {"tags", app_tags, FIELD_MAP, NULL, NULL,
     "Tags for every resource of the application: `tags { team = \"web\" }`."},
    {"retain", app_retain, FIELD_ONCE, NULL, NULL,
     "How long log groups keep events unless a task says otherwise (`retain 30d`); CloudWatch "
     "Logs' retention in days."},
};
const BlockDef decode_app_block = {"app", FIELDS(app_fields), NULL, NULL, NULL};

void decode_app(Decoder *d, const AstStmt *s)
{
    Args a = args_begin(d, s);
    Span name_span = args_here(&a);
    const char *name = decode_block_name(d, &a, "the application's name");
    const AstNode *body = args_block(&a, "the app's block");
    args_end(&a);
    if (d->model->app) {
        Diagnostic *dg = diag_error(d->diag, s->head_span, "E0110", "a second 'app' block");
        diag_note(dg, d->model->app->span, "the first is here; a file describes one application");
        return;
    }
    IrApp *app = ARENA_NEW(d->arena, IrApp);
    app->name = name;
    app->span = s->span;
    app->name_span = name_span;
    app->retain_days = IR_UNSET;
    d->model->app = app;
    decode_name_ok(d, name, name_span, "application");
    decode_block(d, body, &decode_app_block, app, arena_printf(d->arena, "app '%s'", name));
}

/* ---- role --------------------------------------------------------------- */

static void role_statement(Decoder *d, const AstStmt *s, void *t, bool deny)
{
    IrRole *r = t;
    IrStatement *st = ARENA_NEW(d->arena, IrStatement);
    st->deny = deny;
    st->span = s->span;
    Args a = args_begin(d, s);
    st->actions_span = args_here(&a);
    if (!args_strings(&a, "actions such as \"s3:GetObject\"", &st->actions))
        return;
    if (!args_take_word(&a, "on")) {
        const AstNode *n = args_peek(&a);
        Diagnostic *dg = diag_error(d->diag, args_here(&a), n ? "E0103" : "E0105",
                                    "expected 'on' and the resources after the actions");
        diag_note(dg, SPAN_NONE, "for example: %s \"s3:GetObject\" on \"arn:aws:s3:::bucket/*\"",
                  s->head);
        return;
    }
    st->resources_span = args_here(&a);
    if (!args_strings(&a, "resource ARNs", &st->resources))
        return;
    args_end(&a);
    vec_push(d->arena, &r->statements, st);
}

static void role_allow(Decoder *d, const AstStmt *s, void *t) { role_statement(d, s, t, false); }
static void role_deny(Decoder *d, const AstStmt *s, void *t) { role_statement(d, s, t, true); }

static void role_managed(Decoder *d, const AstStmt *s, void *t)
{
    IrRole *r = t;
    Args a = args_begin(d, s);
    Span *sp = ARENA_NEW(d->arena, Span);
    *sp = args_here(&a);
    int before = r->managed.len;
    args_strings(&a, "managed policy ARNs", &r->managed);
    for (int i = before; i < r->managed.len; i++)
        vec_push(d->arena, &r->managed_spans, sp);
    args_end(&a);
}

static void role_arn(Decoder *d, const AstStmt *s, void *t)
{
    IrRole *r = t;
    Args a = args_begin(d, s);
    r->arn_span = args_here(&a);
    const AstNode *n = args_peek(&a);
    if (n && n->kind == AST_WORD) {
        r->arn_param.name = args_word(&a, "a string param holding the role's ARN");
        r->arn_param.span = r->arn_span;
    } else {
        r->arn = args_string(&a, "the ARN of an existing role, or a string param");
    }
    r->explicit_arn = r->arn || r->arn_param.name;
    args_end(&a);
}

static const FieldDef role_fields[] = {
    {"allow", role_allow, 0, "Policies", WORDS("on"),
     "An Allow statement of the role's inline policy: `allow \"s3:GetObject\" on "
     "\"arn:aws:s3:::bucket/*\"` (actions, then resources after `on`)."},
    {"deny", role_deny, 0, "Policies", WORDS("on"),
     "A Deny statement of the role's inline policy: `deny ACTIONS on RESOURCES`."},
    {"managed", role_managed, 0, "ManagedPolicyArns", NULL,
     "Attaches a managed policy by ARN (\"arn:aws:iam::aws:policy/…\")."},
    {"arn", role_arn, FIELD_ONCE, NULL, NULL,
     "Uses an existing role by its ARN (a string, or a string param) instead of creating one; "
     "the role then takes no statements."},
    {"raw", decode_role_raw, FIELD_ONCE, NULL, NULL,
     "Sets CloudFormation properties of the IAM role ecsc has no word for (language.md §13.2)."},
};
const BlockDef decode_role_block = {"role", FIELDS(role_fields), "AWS::IAM::Role", NULL, NULL};

void decode_role(Decoder *d, const AstStmt *s)
{
    Args a = args_begin(d, s);
    IrRole *r = ARENA_NEW(d->arena, IrRole);
    r->span = s->span;
    r->name_span = args_here(&a);
    r->name = decode_block_name(d, &a, "the role's name");
    const AstNode *body = args_block(&a, "the role's block");
    args_end(&a);
    decode_name_ok(d, r->name, r->name_span, "role");
    decode_block(d, body, &decode_role_block, r, arena_printf(d->arena, "role '%s'", r->name));
    vec_push(d->arena, &d->model->roles, r);
}

/* rules_strings.c - the shape of strings AWS parses (issue 12, family 3):
 * image references, `health exec` given one shell string, awslogs log
 * groups and stream prefixes, secret names, tag keys and values, and the
 * ARNs of services whose ARNs have no region or no account.
 *
 * Each shape is one row of a table (or one small parser) with its source
 * cited: the ECS API model (botocore's ecs/2014-11-13 service-2.json, in
 * /work/shared/reference/aws-models), or the AWS page named in the row.
 * Strings that hold a param (its value known at deployment) are not
 * checked.
 */
#include "sema/rules.h"

#include "model/param_text.h"

#include <string.h>

static bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
static bool is_alnum(char c) { return is_lower_alnum(c) || (c >= 'A' && c <= 'Z'); }
static bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

/* Whether `s` starts with the lowercase `prefix` of `n` bytes, in any case. */
static bool starts_ci(const char *s, const char *prefix, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
        if (c != prefix[i])
            return false;
    }
    return true;
}

/* ---- image references ------------------------------------------------------ */

/* The reference grammar of the Docker registry (distribution/reference,
   https://github.com/distribution/reference/blob/main/reference.go):
     [DOMAIN[:PORT]/]PATH[:TAG][@DIGEST]
   PATH: components [a-z0-9]+ joined by '.', '_', '__' or '-'+, separated
   by '/'; TAG: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}; DIGEST: ALGO:HEX, 64 hex
   digits for sha256. ContainerDefinition.image (service-2.json): "Up to
   255 letters (uppercase and lowercase), numbers, hyphens, underscores,
   colons, periods, forward slashes, and number signs are allowed."
   Returns NULL when `ref` is well formed, else what is wrong. Uppercase
   in the repository is not reported: AWS's own samples register
   placeholders such as "XXXXX.dkr.ecr…/myApp" (tests/import). */
static const char *image_problem(const char *ref, const char **tag, bool *digest)
{
    *tag = NULL;
    *digest = false;
    if (!*ref)
        return "it is empty";
    if (strlen(ref) > 255)
        return "it is longer than 255 characters";
    const char *at = strchr(ref, '@');
    size_t name_end = at ? (size_t)(at - ref) : strlen(ref);
    if (at) {
        *digest = true;
        const char *hex = strchr(at + 1, ':');
        if (!hex || hex == at + 1)
            return "the digest is not ALGORITHM:HEX (sha256:…)";
        size_t n = strlen(hex + 1);
        for (size_t i = 0; i < n; i++)
            if (!is_hex(hex[1 + i]))
                return "the digest has a character that is not a lowercase hex digit";
        if (strncmp(at + 1, "sha256:", 7) == 0 && n != 64)
            return "a sha256 digest has 64 hex digits";
    }
    /* the domain: the first component when it has '.' or ':' or is localhost */
    const char *path = ref;
    const char *slash = memchr(ref, '/', name_end);
    if (slash) {
        size_t n = (size_t)(slash - ref);
        if (memchr(ref, '.', n) || memchr(ref, ':', n) || (n == 9 && strncmp(ref, "localhost", 9) == 0)) {
            for (size_t i = 0; i < n; i++)
                if (!is_alnum(ref[i]) && !strchr(".-:", ref[i]))
                    return "the registry is not a host name with an optional :PORT";
            path = slash + 1;
        }
    }
    /* the tag: after the last ':' of the last path component */
    const char *last = path;
    for (const char *p = path; p < ref + name_end; p++)
        if (*p == '/')
            last = p + 1;
    const char *colon = memchr(last, ':', (size_t)(ref + name_end - last));
    const char *path_end = colon ? colon : ref + name_end;
    if (colon) {
        size_t n = (size_t)(ref + name_end - colon - 1);
        if (n == 0)
            return "the tag after ':' is empty";
        if (n > 128)
            return "the tag is longer than 128 characters";
        for (size_t i = 0; i < n; i++) {
            char c = colon[1 + i];
            if (!is_alnum(c) && c != '_' && (i == 0 || (c != '.' && c != '-')))
                return "the tag has a character other than A-Z a-z 0-9 _ . - (or starts with . or -)";
        }
        *tag = colon + 1;
    }
    if (path == path_end)
        return "it has no repository";
    for (const char *p = path; p < path_end; p++) {
        if (*p == ' ' || *p == '\t')
            return "it has a space";
        /* each component starts and ends with a letter or digit */
        bool edge = p == path || p + 1 == path_end || p[-1] == '/' || p[1] == '/';
        if (strchr("._-", *p) && edge)
            return "a repository component starts or ends with . _ or -";
        if (*p == '/' && edge)
            return "the repository has an empty component";
    }
    return NULL;
}

static void image_ref(Sema *s, const IrContainer *c)
{
    /* "{{ … }}", "{account-id}": a placeholder that a templating tool
       (ecs-cli, Jinja, a sed step) fills in before the definition is
       registered, as a param is */
    if (!c->image || param_text_has(c->image) || strpbrk(c->image, "{}"))
        return;
    const char *tag;
    bool digest;
    const char *why = image_problem(c->image, &tag, &digest);
    if (why) {
        Diagnostic *dg = diag_error(s->diag, c->image_span, "E0425",
                                    "image '%s' of container '%s' is not an image reference: %s",
                                    c->image, c->name, why);
        diag_note(dg, SPAN_NONE, "an image reads [REGISTRY/]REPOSITORY[:TAG][@sha256:DIGEST], as "
                                 "in \"nginx:1.25\" or \"123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop:1.4.2\"");
        return;
    }
    if (digest || (tag && strcmp(tag, "latest") != 0))
        return;
    /* Amazon ECS best practice: "tag your images with a unique, immutable
       tag" (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/
       container-considerations.html): without one, each new task pulls
       whatever :latest is then. */
    Diagnostic *dg = diag_warning(s->diag, c->image_span, "W0020",
                                  "image '%s' of container '%s' %s: each task pulls whatever "
                                  "it is at the time, so deploys are not reproducible",
                                  c->image, c->name, tag ? "is tagged :latest" : "has no tag (:latest)");
    diag_note(dg, SPAN_NONE, "pin a version tag (\"%.*s:1.2.3\") or a digest (\"@sha256:…\")",
              (int)(tag ? (size_t)(tag - 1 - c->image) : strlen(c->image)), c->image);
}

/* `health exec ["curl -f http://localhost/"]`: one argument with a space
   is a program of that whole name; HealthCheck.command (service-2.json):
   "CMD to run the command arguments directly, or CMD-SHELL to run the
   command with the container's default shell". */
static void health_exec(Sema *s, const IrContainer *c)
{
    const IrHealth *h = c->health;
    if (!h || h->none || h->shell || h->argv.len != 1)
        return;
    const char *cmd = h->argv.items[0];
    if (!strchr(cmd, ' '))
        return;
    Diagnostic *dg = diag_warning(s->diag, h->span, "W0021",
                                  "`health exec` runs a program named \"%s\", spaces and all",
                                  cmd);
    diag_note(dg, SPAN_NONE, "for a shell command write `health cmd \"%s\"`; for a program "
                             "and its arguments, one list item each", cmd);
}

/* ---- awslogs ---------------------------------------------------------------- */

/* CloudWatch Logs CreateLogGroup, logGroupName: 1 to 512 characters of
   [\.\-_/#A-Za-z0-9] (https://docs.aws.amazon.com/AmazonCloudWatchLogs/
   latest/APIReference/API_CreateLogGroup.html); a stream name (the
   prefix starts it) has no ':' or '*' (API_CreateLogStream.html), and
   the awslogs driver rejects an empty awslogs-stream-prefix
   (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html). */
static void awslogs(Sema *s, const IrLog *log, const char *owner)
{
    if (!log || log->implied || !log->driver || strcmp(log->driver, "awslogs") != 0)
        return;
    /* what a container's logs take from its task's is checked there */
    const IrLog *from = log->merged_from;
    const char *g = from && log->group == from->group ? NULL : log->group;
    if (g && !param_text_has(g)) {
        size_t n = strlen(g), bad = 0;
        while (bad < n && (is_alnum(g[bad]) || strchr("._-/#", g[bad])))
            bad++;
        if (n == 0 || n > 512 || bad < n) {
            Diagnostic *dg = diag_error(s->diag, log->span, "E0426",
                                        "log group '%s' of %s is not a CloudWatch Logs group name",
                                        g, owner);
            diag_note(dg, SPAN_NONE, n == 0 || n > 512
                                         ? "a log group name has 1 to 512 characters"
                                         : "a log group name takes A-Z a-z 0-9 . _ - / #, as in "
                                           "\"/ecs/shop/web\"");
        }
    }
    const char *p = from && log->prefix == from->prefix ? NULL : log->prefix;
    if (p && !param_text_has(p) && (!*p || strpbrk(p, ":*"))) {
        Diagnostic *dg = diag_error(s->diag, log->span, "E0426",
                                    "stream prefix '%s' of %s is %s", p, owner,
                                    *p ? "not part of a log stream name (no ':' or '*')" : "empty");
        diag_note(dg, SPAN_NONE, "write a prefix such as `prefix \"web\"`, or leave `prefix` out "
                                 "for the task's name");
    }
}

/* ---- secret names ----------------------------------------------------------- */

/* SSM PutParameter, Name (https://docs.aws.amazon.com/systems-manager/
   latest/APIReference/API_PutParameter.html): a-z A-Z 0-9 _ . - and '/'
   for a path, at most 2048 characters with the path, not starting with
   "aws" or "ssm". Secrets Manager CreateSecret, Name (https://docs.aws.
   amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html):
   at most 512 ASCII letters, digits and / _ + = . @ -. */
static const struct {
    IrSecretSource source;
    const char *store, *extra;
    size_t max;
} secret_shape[] = {
    {IR_SECRET_SSM, "an SSM parameter", "_.-/", 2048},
    {IR_SECRET_SECRETSMANAGER, "a Secrets Manager secret", "/_+=.@-", 512},
};

static void secret_name(Sema *s, const IrSecret *sec)
{
    const char *ref = sec->ref;
    if (!ref || param_text_has(ref) || strncmp(ref, "arn:", 4) == 0)
        return;
    for (size_t i = 0; i < sizeof secret_shape / sizeof *secret_shape; i++) {
        if (secret_shape[i].source != sec->source)
            continue;
        size_t n = strlen(ref), ok = 0;
        while (ok < n && (is_alnum(ref[ok]) || strchr(secret_shape[i].extra, ref[ok])))
            ok++;
        const char *name = ref + (ref[0] == '/');
        bool reserved = sec->source == IR_SECRET_SSM &&
                        (starts_ci(name, "aws", 3) || starts_ci(name, "ssm", 3));
        if (n && n <= secret_shape[i].max && ok == n && !reserved)
            return;
        Diagnostic *dg = diag_error(s->diag, sec->ref_span, "E0427",
                                    "'%s' is not the name of %s", ref, secret_shape[i].store);
        if (reserved)
            diag_note(dg, SPAN_NONE, "names that start with \"aws\" or \"ssm\" are reserved by AWS: "
                                     "start the path with your application's name");
        else
            diag_note(dg, SPAN_NONE, "a name has 1 to %zu characters: letters, digits and %s",
                      secret_shape[i].max, secret_shape[i].extra);
    }
}

/* ---- tags ------------------------------------------------------------------- */

/* Tag (service-2.json): key 1 to 128 and value 0 to 256 Unicode
   characters matching [\p{L}\p{Z}\p{N}_.:/=+\-@]*; "Do not use aws:, AWS:,
   or any upper or lowercase combination of such as a prefix for either
   keys or values as it is reserved for Amazon Web Services use." Bytes
   above 0x7F (letters of other scripts) are taken as letters. */
static const struct {
    const char *what;
    size_t min, max;
} tag_part[] = {{"key", 1, 128}, {"value", 0, 256}};

static size_t utf8_len(const char *t)
{
    size_t n = 0;
    for (; *t; t++)
        n += ((unsigned char)*t & 0xC0) != 0x80;
    return n;
}

static const char *tag_problem(const char *t, size_t part)
{
    size_t n = utf8_len(t);
    if (n < tag_part[part].min || n > tag_part[part].max)
        return part == 0 ? "a tag key has 1 to 128 characters" : "a tag value has at most 256 characters";
    if (starts_ci(t, "aws:", 4))
        return "the prefix aws: is reserved for AWS's own tags";
    for (; *t; t++)
        if (!((unsigned char)*t >= 0x80 || is_alnum(*t) || strchr(" _.:/=+-@", *t)))
            return "tags take letters, digits, spaces and _ . : / = + - @";
    return NULL;
}

/* Whether `kv` is one of the app's tags, which tasks and services carry
   too (reported once, for the app). */
static bool app_tag(const IrModel *m, const IrKV *kv)
{
    for (int i = 0; m->app && i < m->app->tags.len; i++) {
        const IrKV *a = m->app->tags.items[i];
        if (a == kv || (a->key_span.file == kv->key_span.file && a->key_span.lo == kv->key_span.lo))
            return true;
    }
    return false;
}

static void tags(Sema *s, const IrModel *m, const Vec *kvs, const char *owner)
{
    bool of_app = m->app && kvs == &m->app->tags;
    for (int i = 0; i < kvs->len; i++) {
        const IrKV *kv = kvs->items[i];
        if (!of_app && app_tag(m, kv))
            continue;
        for (size_t part = 0; part < 2; part++) {
            const char *t = part == 0 ? kv->key : kv->value;
            const char *why = t && !param_text_has(t) ? tag_problem(t, part) : NULL;
            if (!why)
                continue;
            Diagnostic *dg = diag_error(s->diag, part == 0 ? kv->key_span : kv->span, "E0428",
                                        "tag %s '%s' of %s is not one AWS takes", tag_part[part].what,
                                        t, owner);
            diag_note(dg, SPAN_NONE, "%s", why);
        }
    }
}

/* ---- ARNs by service ---------------------------------------------------------- */

/* The region and account fields of services whose ARNs leave them out or
   require them (https://docs.aws.amazon.com/IAM/latest/UserGuide/
   reference-arns.html and each service's "Resource types" table in the
   Service Authorization Reference). */
static const struct {
    const char *service;
    bool region, account;   /* whether the ARN has them */
    const char *example;
} arn_shape[] = {
    {"s3", false, false, "arn:aws:s3:::bucket/key"},
    {"iam", false, true, "arn:aws:iam::123456789012:role/name"},
    {"sts", false, true, "arn:aws:sts::123456789012:assumed-role/name/session"},
    {"route53", false, false, "arn:aws:route53:::hostedzone/Z123"},
    {"cloudfront", false, true, "arn:aws:cloudfront::123456789012:distribution/E123"},
    {"ssm", true, true, "arn:aws:ssm:eu-west-1:123456789012:parameter/name"},
    {"secretsmanager", true, true, "arn:aws:secretsmanager:eu-west-1:123456789012:secret:name"},
    {"sqs", true, true, "arn:aws:sqs:eu-west-1:123456789012:queue"},
    {"dynamodb", true, true, "arn:aws:dynamodb:eu-west-1:123456789012:table/name"},
    {"kms", true, true, "arn:aws:kms:eu-west-1:123456789012:key/id"},
    {"logs", true, true, "arn:aws:logs:eu-west-1:123456789012:log-group:name"},
};

/* `field` (0 region, 1 account) of an ARN, as [from, to). */
static bool arn_field(const char *arn, int field, const char **from, size_t *len)
{
    const char *p = arn;
    for (int i = 0; i < 3 + field; i++) {
        p = strchr(p, ':');
        if (!p)
            return false;
        p++;
    }
    const char *e = strchr(p, ':');
    if (!e)
        return false;
    *from = p;
    *len = (size_t)(e - p);
    return true;
}

void rules_arn_shape(Sema *s, const char *arn, Span at)
{
    if (!arn || strncmp(arn, "arn:", 4) != 0 || param_text_has(arn))
        return;
    const char *svc = strchr(arn + 4, ':');
    if (!svc)
        return;
    svc++;
    size_t svc_len = strcspn(svc, ":");
    for (size_t i = 0; i < sizeof arn_shape / sizeof *arn_shape; i++) {
        if (strlen(arn_shape[i].service) != svc_len || strncmp(svc, arn_shape[i].service, svc_len) != 0)
            continue;
        for (int f = 0; f < 2; f++) {
            const char *v;
            size_t n;
            if (!arn_field(arn, f, &v, &n))
                return;
            bool want = f == 0 ? arn_shape[i].region : arn_shape[i].account;
            bool aws_managed = f == 1 && n == 3 && strncmp(v, "aws", 3) == 0;
            if ((n > 0) == want || aws_managed || memchr(v, '*', n))
                continue;
            Diagnostic *dg = diag_error(s->diag, at, "E0429", "'%s' is not a well-formed %s ARN: %s ARNs %s %s",
                                        arn, arn_shape[i].service, arn_shape[i].service,
                                        want ? "need" : "have no", f == 0 ? "region" : "account");
            diag_note(dg, SPAN_NONE, "it reads %s", arn_shape[i].example);
            return;
        }
        return;
    }
}

/* ---- the entry point ---------------------------------------------------------- */

void rules_strings(Sema *s, const IrModel *m)
{
    if (m->app)
        tags(s, m, &m->app->tags, "the app");
    for (int i = 0; i < m->tasks.len; i++) {
        const IrTask *t = m->tasks.items[i];
        tags(s, m, &t->tags, arena_printf(s->arena, "task '%s'", t->name));
        for (int k = 0; k < t->containers.len; k++) {
            const IrContainer *c = t->containers.items[k];
            image_ref(s, c);
            health_exec(s, c);
            if (c->log != t->log)
                awslogs(s, c->log, arena_printf(s->arena, "container '%s'", c->name));
            for (int j = 0; j < c->secrets.len; j++)
                secret_name(s, c->secrets.items[j]);
            for (int j = 0; j < c->env_files.len; j++) {
                const IrKV *f = c->env_files.items[j];
                rules_arn_shape(s, f->value, f->span);
            }
        }
        awslogs(s, t->log, arena_printf(s->arena, "task '%s'", t->name));
    }
    for (int i = 0; i < m->services.len; i++) {
        const IrService *sv = m->services.items[i];
        tags(s, m, &sv->tags, arena_printf(s->arena, "service '%s'", sv->name));
    }
    for (int i = 0; i < m->roles.len; i++) {
        const IrRole *r = m->roles.items[i];
        for (int k = 0; k < r->statements.len; k++) {
            const IrStatement *st = r->statements.items[k];
            for (int j = 0; j < st->resources.len; j++)
                rules_arn_shape(s, st->resources.items[j], st->resources_span);
        }
    }
}

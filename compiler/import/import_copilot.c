/* import_copilot.c - AWS Copilot manifests as .ecs. A workload (Load Balanced Web Service,
 * Backend Service, Worker Service, Scheduled Job) becomes a Fargate task (through
 * import_taskdef) and, except for a job, a service: a load-balanced one gets a route on a shared
 * `load_balancer public`, `count` becomes `desired` or `scale`. `environments:` overrides become
 * `environment NAME { ... }` blocks; an environment manifest gives the network params of its
 * environment. What the language lacks (SQS subscriptions, schedules, aliases) is a comment and a
 * warning (W0047). */
#include "import/import_int.h"
#include "import/import_yaml_int.h"

#include <stdlib.h>
#include <string.h>

static const cJSON *get(const cJSON *o, const char *k)
{
    return cJSON_GetObjectItemCaseSensitive(o, k);
}

typedef struct Workload {
    YamlIn *y;
    const char *name;      /* the task, service and container */
    const char *type;
    const cJSON *m;        /* the manifest */
    bool service, lb;
} Workload;

/* --- the task ------------------------------------------------------------------------------- */

static void health(Workload *w, const cJSON *hc, cJSON *cd)
{
    cJSON *cmd = ystrings(w->y, get(hc, "command"), false);
    if (!cmd || !cmd->child) {
        cJSON_Delete(cmd);
        ynote(w->y, w->name, hc, "W0045", "a healthcheck without `command` is not carried over");
        return;
    }
    yhealth(w->y, w->name, hc, cmd, cd);
}

static void image(Workload *w, const cJSON *img, cJSON *cd)
{
    const char *loc = ytext(w->y, get(img, "location"));
    if (loc) {
        cJSON_AddStringToObject(cd, "image", loc);
    } else {
        const char *param = arena_printf(w->y->ic->arena, "%s_image", import_make_name(w->y->ic, w->name));
        cJSON_AddStringToObject(cd, "image", arena_printf(w->y->ic->arena, "${%s}", param));
        ynote(w->y, w->name, get(img, "build"), "W0045", "the image is built from source "
              "(`image.build`): ECS runs images, so it is the param %s; build and push it, then "
              "pass -D %s=IMAGE", param, param);
    }
    const cJSON *port = get(img, "port");
    if (cJSON_IsNumber(port) && port->valueint > 0 && port->valueint <= 65535) {
        cJSON *pm = cJSON_AddArrayToObject(cd, "portMappings");
        cJSON *p = cJSON_CreateObject();
        cJSON_AddNumberToObject(p, "containerPort", port->valueint);
        cJSON_AddItemToArray(pm, p);
    }
    if (get(img, "healthcheck"))
        health(w, get(img, "healthcheck"), cd);
    for (const cJSON *k = img ? img->child : NULL; k; k = k->next)
        if (strcmp(k->string, "location") && strcmp(k->string, "build") &&
            strcmp(k->string, "port") && strcmp(k->string, "healthcheck"))
            ynote(w->y, w->name, k, "W0045", "`image.%s` is not carried over", k->string);
}

static void variables(Workload *w, const cJSON *v, cJSON *env)
{
    for (const cJSON *e = v ? v->child : NULL; e; e = e->next) {
        const char *t = ytext(w->y, e);
        if (!t) {
            ynote(w->y, w->name, e, "W0045", "variable %s (not a plain value) is not carried over",
                  e->string);
            continue;
        }
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", e->string);
        cJSON_AddStringToObject(o, "value", t);
        cJSON_AddItemToArray(env, o);
    }
}

/* `secret NAME from ssm "PARAM"` (or secretsmanager, or an ARN) in CONTAINER. */
static void secrets(Workload *w, const cJSON *v, ImportNode *container)
{
    ImportCtx *ic = w->y->ic;
    for (const cJSON *e = v ? v->child : NULL; e; e = e->next) {
        const char *ssm = ytext(w->y, e);
        const char *sm = ytext(w->y, get(e, "secretsmanager"));
        if (!ssm && !sm) {
            ynote(w->y, w->name, e, "W0045", "secret %s is not carried over", e->string);
            continue;
        }
        ImportNode *s = import_stmt(ic, container, "secret");
        import_name(ic, s, e->string);
        import_word(ic, s, "from");
        if (ssm && strncmp(ssm, "arn:", 4))
            import_word(ic, s, "ssm");
        else if (sm)
            import_word(ic, s, "secretsmanager");
        import_string(ic, s, ssm ? ssm : sm);
    }
}

static cJSON *taskdef(Workload *w)
{
    const cJSON *m = w->m;
    cJSON *td = cJSON_CreateObject();
    cJSON_AddStringToObject(td, "family", yfamily(w->y, w->name));
    cJSON_AddItemToObject(td, "requiresCompatibilities",
                          cJSON_CreateStringArray((const char *[]){"FARGATE"}, 1));
    const char *cpu = ytext(w->y, get(m, "cpu")), *mem = ytext(w->y, get(m, "memory"));
    cJSON_AddStringToObject(td, "cpu", cpu ? cpu : "256");     /* Copilot's defaults */
    cJSON_AddStringToObject(td, "memory", mem ? mem : "512");
    const char *plat = ytext(w->y, get(m, "platform"));
    if (plat && strstr(plat, "arm64")) {
        cJSON *rp = cJSON_AddObjectToObject(td, "runtimePlatform");
        cJSON_AddStringToObject(rp, "operatingSystemFamily", "LINUX");
        cJSON_AddStringToObject(rp, "cpuArchitecture", "ARM64");
    }
    const cJSON *eph = get(get(m, "storage"), "ephemeral");
    if (cJSON_IsNumber(eph) && eph->valueint > 20)
        cJSON_AddNumberToObject(cJSON_AddObjectToObject(td, "ephemeralStorage"), "sizeInGiB",
                                eph->valueint);
    cJSON *cd = cJSON_CreateObject();
    cJSON_AddStringToObject(cd, "name", w->name);
    image(w, get(m, "image"), cd);
    cJSON *env = cJSON_AddArrayToObject(cd, "environment");
    variables(w, get(m, "variables"), env);
    if (!env->child)
        cJSON_DeleteItemFromObjectCaseSensitive(cd, "environment");
    cJSON *l;
    if (get(m, "command") && (l = ystrings(w->y, get(m, "command"), true)))
        cJSON_AddItemToObject(cd, "command", l);
    if (get(m, "entrypoint") && (l = ystrings(w->y, get(m, "entrypoint"), true)))
        cJSON_AddItemToObject(cd, "entryPoint", l);
    if (cJSON_IsTrue(get(get(m, "storage"), "readonly_fs")))
        cJSON_AddBoolToObject(cd, "readonlyRootFilesystem", 1);
    const cJSON *tags = get(m, "tags");
    if (cJSON_IsObject(tags) && tags->child) {
        cJSON *t = cJSON_AddArrayToObject(td, "tags");
        for (const cJSON *e = tags->child; e; e = e->next)
            if (ytext(w->y, e)) {
                cJSON *o = cJSON_CreateObject();
                cJSON_AddStringToObject(o, "key", e->string);
                cJSON_AddStringToObject(o, "value", ytext(w->y, e));
                cJSON_AddItemToArray(t, o);
            }
    }
    cJSON *cds = cJSON_AddArrayToObject(td, "containerDefinitions");
    cJSON_AddItemToArray(cds, cd);
    return td;
}

/* --- the service -------------------------------------------------------------------------------- */

/* `range: 1-10` or `range: {min: 1, max: 10}`. */
static bool count_range(Workload *w, const cJSON *range, int *lo, int *hi)
{
    const char *t = ytext(w->y, range);
    if (t) {
        char *end;
        *lo = (int)strtol(t, &end, 10);
        if (*end != '-')
            return false;
        *hi = (int)strtol(end + 1, &end, 10);
        return !*end && *lo >= 0 && *hi >= *lo;
    }
    const cJSON *a = get(range, "min"), *b = get(range, "max");
    if (!cJSON_IsNumber(a) || !cJSON_IsNumber(b))
        return false;
    *lo = a->valueint;
    *hi = b->valueint;
    return *lo >= 0 && *hi >= *lo;
}

/* `count`: a number is `desired`, a mapping with a range is `scale` on one metric. */
static void count(Workload *w, ImportNode *svc, const cJSON *c)
{
    ImportCtx *ic = w->y->ic;
    if (cJSON_IsNumber(c)) {
        if (c->valueint != 1)
            import_tokenf(ic, import_stmt(ic, svc, "desired"), "%d", c->valueint);
        return;
    }
    int lo, hi;
    const cJSON *range = get(c, "range");
    if (!range || !count_range(w, range, &lo, &hi)) {
        ynote(w->y, NULL, c, "W0047", "this `count` is not carried over: `scale MIN..MAX on cpu "
              "PERCENT` takes a range");
        return;
    }
    const char *metric = NULL;
    const cJSON *v = NULL;
    if ((v = get(c, "cpu_percentage")))
        metric = "cpu";
    else if ((v = get(c, "memory_percentage")))
        metric = "memory";
    else if ((v = get(c, "requests")))
        metric = "requests";
    if (!metric || !cJSON_IsNumber(v)) {
        ynote(w->y, NULL, c, "W0047", "`count.range` without a metric is not carried over");
        return;
    }
    ImportNode *s = import_stmt(ic, svc, "scale");
    import_tokenf(ic, s, "%d..%d", lo, hi);
    import_word(ic, s, "on");
    import_word(ic, s, metric);
    import_tokenf(ic, s, strcmp(metric, "requests") ? "%d%%" : "%d", v->valueint);
    for (const cJSON *k = c->child; k; k = k->next)
        if (k != v && strcmp(k->string, "range"))
            ynote(w->y, NULL, k, "W0047", "`count.%s` is not carried over: a service scales on "
                  "one metric", k->string);
    if (cJSON_IsObject(range) && get(range, "spot_from"))
        ynote(w->y, NULL, range, "W0047", "`count.range.spot_from` is not carried over: add "
              "`capacity fargate_spot` lines");
}

/* The shared load balancer of the load-balanced services, once. */
static void load_balancer(ImportCtx *ic)
{
    if (yfind(&ic->doc.root, "load_balancer", "public"))
        return;
    yparam(ic, "vpc", "vpc_id", NULL, "the VPC of the load balancer");
    yparam(ic, "public_subnets", "[subnet_id]", NULL, "the subnets of the load balancer");
    ImportNode *lb = import_block(ic, NULL, "load_balancer");
    lb->blank_before = true;
    import_word(ic, lb, "public");
    import_word(ic, import_stmt(ic, lb, "vpc"), "vpc");
    import_word(ic, import_stmt(ic, lb, "subnets"), "public_subnets");
    ImportNode *l = import_stmt(ic, lb, "listen");
    import_word(ic, l, "80");
    import_word(ic, l, "http");
}

static void route(Workload *w, ImportNode *svc, const cJSON *http)
{
    ImportCtx *ic = w->y->ic;
    const cJSON *port = get(get(w->m, "image"), "port");
    if (!cJSON_IsNumber(port) || port->valueint <= 0) {
        ynote(w->y, NULL, http, "W0047", "`http` is not carried over: the image has no `port`");
        return;
    }
    load_balancer(ic);
    ImportNode *r = import_stmt(ic, svc, "route");
    import_word(ic, r, "public");
    const char *path = ytext(w->y, get(http, "path"));
    if (!path || !*path || !strcmp(path, "/")) {
        import_string(ic, r, "/*");
    } else {
        const char *p = path[0] == '/' ? path + 1 : path;
        const char *items[] = {arena_printf(ic->arena, "/%s", p), arena_printf(ic->arena, "/%s/*", p)};
        import_strings(ic, r, items, 2);
    }
    import_word(ic, r, "to");
    import_tokenf(ic, r, "%s:%d", w->name, port->valueint);
    const cJSON *hc = get(http, "healthcheck");
    const char *hpath = cJSON_IsObject(hc) ? ytext(w->y, get(hc, "path")) : ytext(w->y, hc);
    if (hpath) {
        import_word(ic, r, "health");
        import_string(ic, r, hpath);
        int64_t s;
        if (ydur(get(hc, "interval"), &s) && s >= 5 && s <= 300)
            import_tokenf(ic, r, "every %llds", (long long)s);
        const cJSON *h = get(hc, "healthy_threshold"), *u = get(hc, "unhealthy_threshold");
        if (cJSON_IsNumber(h))
            import_tokenf(ic, r, "healthy %d", h->valueint);
        if (cJSON_IsNumber(u))
            import_tokenf(ic, r, "unhealthy %d", u->valueint);
    }
    int64_t grace;
    if (ydur(get(hc, "grace_period"), &grace))
        import_tokenf(ic, import_stmt(ic, svc, "grace"), "%llds", (long long)grace);
    for (const cJSON *k = cJSON_IsObject(hc) ? hc->child : NULL; k; k = k->next)
        if (strcmp(k->string, "path") && strcmp(k->string, "interval") &&
            strcmp(k->string, "healthy_threshold") && strcmp(k->string, "unhealthy_threshold") &&
            strcmp(k->string, "grace_period"))
            ynote(w->y, NULL, k, "W0047", "`http.healthcheck.%s` is not carried over", k->string);
    for (const cJSON *k = http->child; k; k = k->next)
        if (strcmp(k->string, "path") && strcmp(k->string, "healthcheck") &&
            !(cJSON_IsFalse(k) && !strcmp(k->string, "stickiness")))
            ynote(w->y, NULL, k, "W0047", "`http.%s` is not carried over", k->string);
}

static void service(Workload *w)
{
    ImportCtx *ic = w->y->ic;
    ImportNode *svc = import_block(ic, NULL, "service");
    svc->blank_before = true;
    import_word(ic, svc, w->name);
    import_word(ic, import_stmt(ic, svc, "task"), w->name);
    if (get(w->m, "count"))
        count(w, svc, get(w->m, "count"));
    yparam(ic, "subnets", "[subnet_id]", NULL, "the subnets of the services' tasks");
    import_word(ic, import_stmt(ic, svc, "subnets"), "subnets");
    const char *placement = ytext(w->y, get(get(get(w->m, "network"), "vpc"), "placement"));
    if (!placement || strcmp(placement, "private"))
        import_stmt(ic, svc, "public_ip");   /* Copilot's default: public subnets, public IPs */
    if (cJSON_IsTrue(get(w->m, "exec")))
        import_stmt(ic, svc, "exec");
    const cJSON *http = get(w->m, "http");
    if (w->lb && cJSON_IsObject(http))
        route(w, svc, http);
    else if (http && !cJSON_IsFalse(http))
        ynote(w->y, NULL, http, "W0047", "`http` of a %s (an internal load balancer) is not "
              "carried over", w->type);
    VEC_EACH(YNote *, n, w->y->notes)
        import_warn(ic, svc, n->code, "%s", n->text);
    w->y->notes.len = 0;
}

/* --- environments ------------------------------------------------------------------------------- */

static ImportNode *env_block(ImportCtx *ic, const char *env)
{
    VEC_EACH(ImportNode *, n, ic->doc.root.children)
        if (!strcmp(n->head, "environment") && n->args.len &&
            !strcmp((const char *)n->args.items[0], env))
            return n;
    ImportNode *e = import_block(ic, NULL, "environment");
    e->blank_before = true;
    import_word(ic, e, env);
    return e;
}

static ImportNode *child_block(ImportCtx *ic, ImportNode *parent, const char *head, const char *name)
{
    ImportNode *n = yfind(parent, head, name);
    if (!n) {
        n = import_block(ic, parent, head);
        import_word(ic, n, name);
    }
    return n;
}

/* `environments: ENV: {...}`: the fields that differ in ENV. */
static void override(Workload *w, const char *env, const cJSON *o)
{
    ImportCtx *ic = w->y->ic;
    ImportNode *e = env_block(ic, yname(w->y, env));
    int64_t n;
    for (const cJSON *k = o->child; k; k = k->next) {
        const char *key = k->string;
        if ((!strcmp(key, "cpu") || !strcmp(key, "memory")) && cJSON_IsNumber(k)) {
            n = (int64_t)k->valuedouble;
            import_token(ic, import_stmt(ic, child_block(ic, e, "task", w->name), key),
                         key[0] == 'c' ? spell_cpu(ic, n) : spell_mib(ic, n));
        } else if (!strcmp(key, "variables") && cJSON_IsObject(k)) {
            ImportNode *c = child_block(ic, child_block(ic, e, "task", w->name), "container", w->name);
            ImportNode *map = import_block(ic, c, "env");
            for (const cJSON *v = k->child; v; v = v->next)
                if (ytext(w->y, v))
                    import_assign(ic, map, v->string, ytext(w->y, v));
        } else if (!strcmp(key, "image") && ytext(w->y, get(k, "location")) && !k->child->next) {
            ImportNode *c = child_block(ic, child_block(ic, e, "task", w->name), "container", w->name);
            import_string(ic, import_stmt(ic, c, "image"), ytext(w->y, get(k, "location")));
        } else if (!strcmp(key, "count") && w->service) {
            const cJSON *base = get(w->m, "count");
            /* A range without a metric keeps the base's metric. */
            cJSON *merged = cJSON_Duplicate(k, 1);
            static const char *const metrics[] = {"cpu_percentage", "memory_percentage", "requests"};
            bool has = false;
            for (int i = 0; i < 3; i++)
                has = has || get(k, metrics[i]);
            for (int i = 0; i < 3 && !has && cJSON_IsObject(k) && get(k, "range"); i++)
                if (get(base, metrics[i])) {
                    cJSON_AddItemToObject(merged, metrics[i], cJSON_Duplicate(get(base, metrics[i]), 1));
                    has = true;
                }
            count(w, child_block(ic, e, "service", w->name), merged);
            cJSON_Delete(merged);
        } else if (!strcmp(key, "exec") && cJSON_IsBool(k) && w->service) {
            import_word(ic, import_stmt(ic, child_block(ic, e, "service", w->name), "exec"),
                        cJSON_IsTrue(k) ? "true" : "false");
        } else {
            ynote(w->y, NULL, k, "W0047", "`%s` of environment %s is not carried over", key, env);
        }
    }
    VEC_EACH(YNote *, note, w->y->notes)
        import_warn(ic, e, note->code, "%s", note->text);
    w->y->notes.len = 0;
}

/* An environment manifest: its VPC and subnets as the params of that environment. */
static bool id_list(YamlIn *y, const cJSON *subnets, const char ***ids, int *n)
{
    *n = 0;
    *ids = arena_alloc(y->ic->arena, sizeof **ids * (size_t)(cJSON_GetArraySize(subnets) + 1));
    for (const cJSON *s = subnets ? subnets->child : NULL; s; s = s->next) {
        const char *id = ytext(y, get(s, "id"));
        if (!id)
            return false;
        (*ids)[(*n)++] = id;
    }
    return *n > 0;
}

static void env_param(YamlIn *y, ImportNode *e, const char *name, const char *type,
                      const char *prefix, const char **ids, int n, const cJSON *at)
{
    ImportCtx *ic = y->ic;
    bool list = type[0] == '[';
    yparam(ic, name, type, NULL, "set per environment");
    for (int i = 0; i < n; i++)
        if (strncmp(ids[i], prefix, strlen(prefix))) {
            ynote(y, NULL, at, "W0046", "'%s' is not a %sid: build this environment with -D %s=...",
                  ids[i], prefix, name);
            return;
        }
    ImportNode *p = import_stmt(ic, e, "param");
    import_word(ic, p, name);
    import_token(ic, p, type);
    import_word(ic, p, "default");
    if (list)
        import_strings(ic, p, ids, n);
    else
        import_string(ic, p, ids[0]);
}

static bool environment_manifest(YamlIn *y, const char *name)
{
    ImportCtx *ic = y->ic;
    const cJSON *m = y->doc.root;
    ImportNode *e = env_block(ic, yname(y, name));
    for (const cJSON *k = m->child; k; k = k->next) {
        if (!strcmp(k->string, "name") || !strcmp(k->string, "type"))
            continue;
        const cJSON *vpc = get(get(m, "network"), "vpc");
        if (!strcmp(k->string, "network") && get(vpc, "id") && !k->child->next && !get(vpc, "cidr")) {
            const char *id = ytext(y, get(vpc, "id"));
            const char **ids;
            int n;
            if (id)
                env_param(y, e, "vpc", "vpc_id", "vpc-", &id, 1, get(vpc, "id"));
            const cJSON *subnets = get(vpc, "subnets");
            if (id_list(y, get(subnets, "public"), &ids, &n))
                env_param(y, e, "public_subnets", "[subnet_id]", "subnet-", ids, n, subnets);
            if (id_list(y, get(subnets, "private"), &ids, &n))
                env_param(y, e, "subnets", "[subnet_id]", "subnet-", ids, n, subnets);
            for (const cJSON *v = vpc->child; v; v = v->next)
                if (strcmp(v->string, "id") && strcmp(v->string, "subnets"))
                    ynote(y, NULL, v, "W0047", "`network.vpc.%s` is not carried over", v->string);
        } else {
            ynote(y, NULL, k, "W0047", "`%s` of the environment manifest is not carried over "
                  "(ecsc describes no VPC, certificates or dashboards of an environment)", k->string);
        }
    }
    VEC_EACH(YNote *, note, y->notes)
        import_warn(ic, e, note->code, "%s", note->text);
    y->notes.len = 0;
    return true;
}

/* --- the manifest --------------------------------------------------------------------------- */

static const char *const handled[] = {"name", "type", "image", "cpu", "memory", "platform",
                                      "count", "exec", "variables", "secrets", "command",
                                      "entrypoint", "tags", "http", "network", "environments",
                                      "storage", NULL};

static void unhandled(Workload *w)
{
    for (const cJSON *k = w->m->child; k; k = k->next) {
        bool ok = false;
        for (int i = 0; handled[i]; i++)
            ok = ok || !strcmp(k->string, handled[i]);
        if (ok)
            continue;
        if (!strcmp(k->string, "subscribe"))
            ynote(w->y, NULL, k, "W0047", "`subscribe` is not carried over: ecsc has no SNS topics "
                  "or SQS queues; create them and give the queue's URL in `env`");
        else if (!strcmp(k->string, "schedule") || !strcmp(k->string, "retries") ||
                 !strcmp(k->string, "timeout"))
            ynote(w->y, NULL, k, "W0047", "`%s: %s` is not carried over: ecsc has no scheduled "
                  "tasks; run the task from an EventBridge rule", k->string,
                  ytext(w->y, k) ? ytext(w->y, k) : "...");
        else
            ynote(w->y, NULL, k, "W0045", "`%s` is not carried over", k->string);
    }
    const cJSON *net = get(w->m, "network");
    for (const cJSON *k = net ? net->child : NULL; k; k = k->next)
        if (strcmp(k->string, "vpc"))
            ynote(w->y, NULL, k, "W0047", "`network.%s` is not carried over%s", k->string,
                  strcmp(k->string, "connect") ? "" : " (Service Connect)");
    const cJSON *st = get(w->m, "storage");
    for (const cJSON *k = st ? st->child : NULL; k; k = k->next)
        if (strcmp(k->string, "ephemeral") && strcmp(k->string, "readonly_fs"))
            ynote(w->y, NULL, k, "W0045", "`storage.%s` is not carried over: declare the volume "
                  "(`volume NAME efs ...`) and `mount` it", k->string);
}

/* The Copilot application: `application:` of copilot/.workspace above the manifest
   (copilot/NAME/manifest.yml), else FALLBACK. */
static const char *workspace_app(YamlIn *y, const char *fallback)
{
    const char *ws = arena_printf(y->ic->arena, "%s../.workspace", y->dir);
    size_t len;
    const char *why;
    char *text = yread(y, ws, 65536, true, &len, &why);
    YamlDoc doc;
    YamlError err;
    if (!text || yaml_json_parse(text, len, NULL, &doc, &err) != 0)
        return fallback;
    const char *app = ytext(y, get(doc.root, "application"));
    app = app && import_is_name(app) ? arena_strdup(y->ic->arena, app) : fallback;
    yaml_json_free(&doc);
    return app;
}

bool import_copilot(YamlIn *y)
{
    const cJSON *m = y->doc.root;
    const char *name = ytext(y, get(m, "name")), *type = ytext(y, get(m, "type"));
    if (!name || !type) {
        yerror(y, m, "E0046", "a Copilot manifest needs `name` and `type`");
        return false;
    }
    if (!strcmp(type, "Environment"))
        return environment_manifest(y, name);
    if (!strcmp(type, "Request-Driven Web Service") || !strcmp(type, "Static Site")) {
        yerror(y, get(m, "type"), "E0046", "a Copilot %s runs on %s, not on ECS: not imported", type,
               type[0] == 'R' ? "App Runner" : "S3 and CloudFront");
        return false;
    }
    Workload w = {.y = y, .name = yname(y, name), .type = type, .m = m,
                  .service = strcmp(type, "Scheduled Job") != 0,
                  .lb = !strcmp(type, "Load Balanced Web Service")};
    yapp(y, workspace_app(y, w.name));
    unhandled(&w);
    ImportNode *task = ytask(y, taskdef(&w));
    if (!task)
        return false;
    if (w.service && cJSON_IsTrue(get(m, "exec"))) {
        /* Copilot gives every task a role; ECS Exec needs one (ecsc grants it ssmmessages). */
        ImportCtx *ic = y->ic;
        if (!yfind(&ic->doc.root, "role", w.name)) {
            ImportNode *r = import_block(ic, NULL, "role");
            import_word(ic, r, w.name);
            import_comment(ic, r, "the task role Copilot made; ECS Exec's permissions are added by ecsc");
            Vec *top = &ic->doc.root.children;   /* just before its task */
            int at = 0;
            while (at < top->len - 1 && top->items[at] != task)
                at++;
            memmove(top->items + at + 1, top->items + at, (size_t)(top->len - 1 - at) * sizeof *top->items);
            top->items[at] = r;
        }
        ImportNode *rs = import_stmt(ic, task, "role");
        import_word(ic, rs, w.name);
        Vec *kids = &task->children;   /* after launch, cpu, memory: before the containers */
        int at = 0;
        while (at < kids->len - 1 && strcmp(((ImportNode *)kids->items[at])->head, "container"))
            at++;
        memmove(kids->items + at + 1, kids->items + at, (size_t)(kids->len - 1 - at) * sizeof *kids->items);
        kids->items[at] = rs;
    }
    ImportNode *c = yfind(task, "container", w.name);
    if (c)
        secrets(&w, get(m, "secrets"), c);
    if (w.service)
        service(&w);
    const cJSON *envs = get(m, "environments");
    for (const cJSON *e = envs ? envs->child : NULL; e; e = e->next)
        if (cJSON_IsObject(e))
            override(&w, e->string, e);
    return y->ic->errors == 0;
}

/* import_service.c - ECS service JSON as a `service` block: create-service
   input, or one service of describe-services output (its read-only
   members dropped with a note).  Services have no `raw` block: what the
   words cannot say is a comment in the output and a warning (W0043). */
#include "import/import_int.h"

#include <ctype.h>
#include <string.h>

/* Members of describe-services' Service that create-service does not
   take, or takes under another name (clusterArn, roleArn). */
static const char *const read_only[] = {"serviceArn", "status", "runningCount", "pendingCount", "taskSets",
                                        "deployments", "events", "createdAt", "createdBy", "platformFamily",
                                        "currentServiceDeployment", "currentServiceRevisions",
                                        "resourceManagementType", NULL};

/* A member left out, shown in a comment with its JSON. */
static void cannot(ImportCtx *ic, ImportNode *at, const char *key, const cJSON *v, const char *why)
{
    const char *text = import_json_token(ic, v);
    import_warn(ic, at, "W0043", "'%s' not carried over: %s", key, why);
    if (text)
        import_comment(ic, at, "it was: %s = %s", key, text);
}

bool import_aws_id(const char *s, const char *prefix)
{
    size_t p = strlen(prefix), n = strlen(s);
    if (strncmp(s, prefix, p) != 0 || (n - p != 8 && n - p != 17))
        return false;
    for (size_t i = p; i < n; i++)
        if (!isdigit((unsigned char)s[i]) && !(s[i] >= 'a' && s[i] <= 'f'))
            return false;
    return true;
}

/* `subnets [...]` / `security_groups [...]`: literals when they have the
   shape of ids, else a string-list param (ecsc checks the literals'
   shape, and leaves params of type string alone). */
static bool ids(ImportCtx *ic, ImportNode *sv, const char *word, const char *prefix, const cJSON *v,
                const char *svc)
{
    const char **items;
    int n;
    if (!jv_strings(v, &items, &n, ic->arena) || n == 0)
        return false;
    bool literal = true;
    for (int i = 0; i < n; i++)
        literal = literal && import_aws_id(items[i], prefix);
    ImportNode *s = import_stmt(ic, sv, word);
    if (literal) {
        import_strings(ic, s, items, n);
        return true;
    }
    const char *name = import_make_name(ic, arena_printf(ic->arena, "%s_%s", svc, word));
    ImportNode *p = ARENA_NEW(ic->arena, ImportNode);
    p->head = "param";
    import_word(ic, p, name);
    import_word(ic, p, "[string]");
    import_word(ic, p, "default");
    bool keep = ic->no_params;
    ic->no_params = true;       /* the default is the input's text as it is */
    import_strings(ic, p, items, n);
    ic->no_params = keep;
    p->trailing = arena_printf(ic->arena, "from %s of service '%s'", word, svc);
    vec_push(ic->arena, &ic->doc.params, p);
    import_word(ic, s, name);
    return true;
}

static bool network(ImportCtx *ic, ImportNode *sv, const cJSON *v, const char *svc)
{
    const cJSON *vpc = cJSON_GetObjectItemCaseSensitive(v, "awsvpcConfiguration");
    if (!cJSON_IsObject(v) || cJSON_GetArraySize(v) != 1 || !cJSON_IsObject(vpc))
        return false;
    Obj o;
    obj_init(&o, vpc, NULL, NULL);
    const cJSON *subnets = obj_take(ic, &o, "subnets"), *sgs = obj_take(ic, &o, "securityGroups");
    const char *pub = jv_str(obj_take(ic, &o, "assignPublicIp"));
    if (o.taken.len != cJSON_GetArraySize(vpc) || !subnets
        || (pub && strcmp(pub, "ENABLED") != 0 && strcmp(pub, "DISABLED") != 0))
        return false;
    ImportNode *s = import_scratch(ic);
    if (!ids(ic, s, "subnets", "subnet-", subnets, svc)
        || (sgs && cJSON_GetArraySize(sgs) && !ids(ic, s, "security_groups", "sg-", sgs, svc)))
        return false;
    if (pub) {
        ImportNode *p = import_stmt(ic, s, "public_ip");
        if (strcmp(pub, "DISABLED") == 0)
            import_word(ic, p, "false");
    }
    import_adopt(ic, sv, s);
    return true;
}

static bool capacity(ImportCtx *ic, ImportNode *sv, const cJSON *v)
{
    if (!cJSON_IsArray(v) || !v->child)
        return false;
    ImportNode *s = import_scratch(ic);
    for (const cJSON *it = v->child; it; it = it->next) {
        Obj o;
        obj_init(&o, it, NULL, NULL);
        const char *cp = jv_str(obj_take(ic, &o, "capacityProvider"));
        const cJSON *w = obj_take(ic, &o, "weight"), *b = obj_take(ic, &o, "base");
        int64_t weight = 1, base = 0;
        if (!cJSON_IsObject(it) || !cp || o.taken.len != cJSON_GetArraySize(it) || (w && !jv_int(w, &weight))
            || (b && !jv_int(b, &base)))
            return false;
        if (strcmp(cp, "FARGATE") != 0 && strcmp(cp, "FARGATE_SPOT") != 0)
            return false;       /* an EC2 capacity provider: a `capacity` block ecsc would create */
        ImportNode *c = import_stmt(ic, s, "capacity");
        import_word(ic, c, strcmp(cp, "FARGATE") == 0 ? "fargate" : "fargate_spot");
        if (weight != 1 || !w)
            import_tokenf(ic, c, "weight %lld", (long long)weight);
        if (base)
            import_tokenf(ic, c, "base %lld", (long long)base);
    }
    import_adopt(ic, sv, s);
    return true;
}

static bool deployment(ImportCtx *ic, ImportNode *sv, const cJSON *v)
{
    Obj o;
    obj_init(&o, v, NULL, NULL);
    const cJSON *max = obj_take(ic, &o, "maximumPercent"), *min = obj_take(ic, &o, "minimumHealthyPercent");
    const cJSON *cb = obj_take(ic, &o, "deploymentCircuitBreaker"), *al = obj_take(ic, &o, "alarms");
    int64_t n;
    if (!cJSON_IsObject(v) || o.taken.len != cJSON_GetArraySize(v))
        return false;
    ImportNode *s = import_scratch(ic);
    ImportNode *r = import_stmt(ic, s, "rolling");
    if (min) {
        if (!jv_int(min, &n))
            return false;
        import_tokenf(ic, r, "min %lld%%", (long long)n);
    }
    if (max) {
        if (!jv_int(max, &n))
            return false;
        import_tokenf(ic, r, "max %lld%%", (long long)n);
    }
    int rollback = -1;          /* circuit breaker: -1 none, 0 stop, 1 roll back */
    if (cb) {
        const cJSON *en = cJSON_GetObjectItemCaseSensitive(cb, "enable");
        const cJSON *rb = cJSON_GetObjectItemCaseSensitive(cb, "rollback");
        if (!cJSON_IsBool(en) || !cJSON_IsBool(rb) || cJSON_GetArraySize(cb) != 2)
            return false;
        if (cJSON_IsTrue(en)) {
            rollback = cJSON_IsTrue(rb);
            import_word(ic, r, rollback ? "rollback" : "circuit_breaker");
        } else if (cJSON_IsTrue(rb)) {
            return false;
        }
    }
    if (al) {
        const cJSON *names = cJSON_GetObjectItemCaseSensitive(al, "alarmNames");
        const cJSON *en = cJSON_GetObjectItemCaseSensitive(al, "enable");
        const cJSON *rb = cJSON_GetObjectItemCaseSensitive(al, "rollback");
        const char **items;
        int count;
        /* ecsc ties the alarms' rollback to the circuit breaker's */
        if (!cJSON_IsTrue(en) || !cJSON_IsBool(rb) || cJSON_GetArraySize(al) != 3
            || !jv_strings(names, &items, &count, ic->arena) || count == 0
            || (rollback >= 0 ? cJSON_IsTrue(rb) != rollback : cJSON_IsTrue(rb)))
            return false;
        import_word(ic, r, "alarms");
        import_strings(ic, r, items, count);
    }
    if (r->args.len)
        import_adopt(ic, sv, s);
    return true;
}

static bool placement(ImportCtx *ic, ImportNode *sv, const cJSON *v)
{
    if (!cJSON_IsArray(v))
        return false;
    ImportNode *s = import_scratch(ic);
    for (const cJSON *it = v->child; it; it = it->next) {
        const char *type = jv_str(cJSON_GetObjectItemCaseSensitive(it, "type"));
        const char *field = jv_str(cJSON_GetObjectItemCaseSensitive(it, "field"));
        if (!type || cJSON_GetArraySize(it) != 1 + (field != NULL))
            return false;
        ImportNode *p = import_stmt(ic, s, "placement");
        import_word(ic, p, type);
        if (strcmp(type, "random") == 0 && !field)
            continue;
        if (!field)
            return false;
        if (strcmp(type, "spread") == 0) {
            if (strcmp(field, "attribute:ecs.availability-zone") == 0)
                import_word(ic, p, "az");
            else if (strcmp(field, "instanceId") == 0)
                import_word(ic, p, "instance");
            else
                import_string(ic, p, field);
        } else if (strcmp(type, "binpack") == 0 && (strcmp(field, "memory") == 0 || strcmp(field, "cpu") == 0)) {
            import_word(ic, p, field);
        } else {
            return false;
        }
    }
    import_adopt(ic, sv, s);
    return true;
}

static bool constraints(ImportCtx *ic, ImportNode *sv, const cJSON *v)
{
    if (!cJSON_IsArray(v))
        return false;
    ImportNode *s = import_scratch(ic);
    for (const cJSON *it = v->child; it; it = it->next) {
        const char *type = jv_str(cJSON_GetObjectItemCaseSensitive(it, "type"));
        const char *expr = jv_str(cJSON_GetObjectItemCaseSensitive(it, "expression"));
        if (!type || cJSON_GetArraySize(it) != 1 + (expr != NULL))
            return false;
        ImportNode *c = import_stmt(ic, s, "constraint");
        if (strcmp(type, "distinctInstance") == 0 && !expr)
            import_word(ic, c, "distinct_instance");
        else if (strcmp(type, "memberOf") == 0 && expr)
            import_string(ic, c, expr);
        else
            return false;
    }
    import_adopt(ic, sv, s);
    return true;
}

static bool tags(ImportCtx *ic, ImportNode *sv, const cJSON *v)
{
    static const char *const keys[] = {"key", "value"};
    if (!cJSON_IsArray(v) || !v->child)
        return false;
    ImportNode *s = import_scratch(ic);
    ImportNode *map = import_block(ic, s, "tags");
    Map seen;
    map_init(&seen, ic->arena);
    for (const cJSON *it = v->child; it; it = it->next) {
        const char *k = jv_str(cJSON_GetObjectItemCaseSensitive(it, keys[0]));
        const char *val = jv_str(cJSON_GetObjectItemCaseSensitive(it, keys[1]));
        if (!k || !val || cJSON_GetArraySize(it) != 2 || seen_twice(&seen, k))
            return false;
        import_assign(ic, map, k, val);
    }
    import_adopt(ic, sv, s);
    return true;
}

/* The family a taskDefinition names: "web", "web:3" or an ARN
   ".../task-definition/web:3".  A copy in the arena: the JSON tree it
   comes from is freed when its input has been read, and services are
   resolved after all of them (import_finish). */
static const char *family_of(ImportCtx *ic, const char *td)
{
    const char *slash = strstr(td, ":task-definition/");
    if (strncmp(td, "arn:", 4) == 0 && slash)
        td = slash + strlen(":task-definition/");
    return arena_strndup(ic->arena, td, strcspn(td, ":"));
}

/* The cluster a service runs in (ECS's "default" when the input names
   none): `cluster { existing "NAME" }`, once; it exists already, so the
   template must not create it. */
static void cluster(ImportCtx *ic, ImportNode *sv, const char *name)
{
    if (strncmp(name, "arn:", 4) == 0 && strstr(name, ":cluster/"))
        name = strstr(name, ":cluster/") + strlen(":cluster/");
    if (ic->cluster) {
        if (strcmp(ic->cluster, name) != 0)
            import_warn(ic, sv, "W0043", "this service runs in cluster '%s', the file's services in '%s': "
                        "a file describes one cluster", name, ic->cluster);
        return;
    }
    ic->cluster = arena_strdup(ic->arena, name);
    ImportNode *c = import_block(ic, NULL, "cluster");
    import_string(ic, import_stmt(ic, c, "existing"), name);
}

bool import_service(ImportCtx *ic, const cJSON *svc)
{
    Obj o;
    obj_init(&o, svc, NULL, NULL);
    const char *name = jv_str(obj_take(ic, &o, "serviceName"));
    const char *td = jv_str(obj_take(ic, &o, "taskDefinition"));
    if (!name || !*name || !td || !*td) {
        import_error(ic, "E0042", "a service needs \"serviceName\" and \"taskDefinition\" (strings)");
        return false;
    }
    const char *local = name;
    size_t an = ic->app ? strlen(ic->app) : 0;
    if (ic->app && strncmp(name, ic->app, an) == 0 && name[an] == '-')
        local = name + an + 1;
    ImportNode *sv = import_block(ic, NULL, "service");
    import_word(ic, sv, import_make_name(ic, local));
    const char *ecs_name = arena_printf(ic->arena, "%s%s%s", ic->app ? ic->app : "", ic->app ? "-" : "",
                                        import_make_name(ic, local));
    for (char *p = (char *)ecs_name; *p; p++)
        if (!isalnum((unsigned char)*p))
            *p = '-';
    if (strcmp(ecs_name, name) != 0)
        import_warn(ic, sv, "W0043", "service '%s' will be named '%s' in ECS: ecsc names a service "
                    "<app>-<name>, with '-' for characters other than letters and digits", name, ecs_name);
    ImportNode *task = import_stmt(ic, sv, "task");
    import_word(ic, task, import_make_name(ic, family_of(ic, td)));
    vec_push(ic->arena, &ic->service_tasks, task);
    vec_push(ic->arena, &ic->service_tasks, (void *)family_of(ic, td));
    vec_push(ic->arena, &ic->service_tasks, sv);
    if (strchr(td, ':') && strncmp(td, "arn:", 4) != 0)
        import_comment(ic, task, "the input named revision %s; ecsc deploys the family's latest ACTIVE one",
                       strchr(td, ':') + 1);

    const char *cl = jv_str(obj_take(ic, &o, "cluster"));
    cluster(ic, sv, cl ? cl : "default");
    const cJSON *v;
    int64_t n;
    const char *sched = jv_str(obj_take(ic, &o, "schedulingStrategy"));
    if (sched && strcmp(sched, "DAEMON") == 0)
        import_stmt(ic, sv, "daemon");
#define MEMBER(key, expr) \
    if ((v = obj_take(ic, &o, key)) && !(expr)) \
        cannot(ic, sv, key, v, "its value has no .ecs word")
    bool daemon = sched && strcmp(sched, "DAEMON") == 0;
    if ((v = obj_take(ic, &o, "desiredCount")) && daemon)
        import_comment(ic, sv, "desiredCount left out: a daemon runs one task on each instance");
    else if (v && jv_int(v, &n) && n >= 0)
        import_tokenf(ic, import_stmt(ic, sv, "desired"), "%lld", (long long)n);
    else if (v)
        cannot(ic, sv, "desiredCount", v, "it is not a count");
    MEMBER("launchType", jv_str(v) && (strcmp(jv_str(v), "FARGATE") == 0 || strcmp(jv_str(v), "EC2") == 0
                                       || strcmp(jv_str(v), "EXTERNAL") == 0)
           && (import_word(ic, import_stmt(ic, sv, "launch"),
                           strcmp(jv_str(v), "FARGATE") == 0 ? "fargate" : strcmp(jv_str(v), "EC2") == 0 ? "ec2" : "external"), true));
    MEMBER("capacityProviderStrategy", capacity(ic, sv, v));
    MEMBER("networkConfiguration", network(ic, sv, v, import_make_name(ic, local)));
    MEMBER("deploymentConfiguration", deployment(ic, sv, v));
    MEMBER("healthCheckGracePeriodSeconds", jv_int(v, &n) && n >= 0
           && (import_token(ic, import_stmt(ic, sv, "grace"), spell_seconds(ic, n)), true));
    MEMBER("enableExecuteCommand", cJSON_IsBool(v) && (cJSON_IsTrue(v) ? (import_stmt(ic, sv, "exec"), true)
                                                       : (import_word(ic, import_stmt(ic, sv, "exec"), "false"), true)));
    MEMBER("propagateTags", jv_str(v) && (strcmp(jv_str(v), "SERVICE") == 0      /* ecsc's default */
                                          || ((strcmp(jv_str(v), "TASK_DEFINITION") == 0 || strcmp(jv_str(v), "NONE") == 0)
                                              && (import_word(ic, import_stmt(ic, sv, "propagate_tags"),
                                                              strcmp(jv_str(v), "NONE") == 0 ? "none" : "task"), true))));
    MEMBER("platformVersion", jv_str(v) && (strcmp(jv_str(v), "LATEST") == 0
                                            ? (import_word(ic, import_stmt(ic, sv, "platform_version"), "latest"), true)
                                            : (import_string(ic, import_stmt(ic, sv, "platform_version"), jv_str(v)), true)));
    MEMBER("availabilityZoneRebalancing", jv_str(v) && (strcmp(jv_str(v), "ENABLED") == 0
                                                        ? (import_stmt(ic, sv, "az_rebalancing"), true)
                                                        : strcmp(jv_str(v), "DISABLED") == 0
                                                        && (import_word(ic, import_stmt(ic, sv, "az_rebalancing"), "false"), true)));
    MEMBER("enableECSManagedTags", cJSON_IsBool(v) && (cJSON_IsTrue(v)     /* ecsc's default */
                                                       || (import_word(ic, import_stmt(ic, sv, "managed_tags"), "false"), true)));
    MEMBER("placementStrategy", placement(ic, sv, v));
    MEMBER("placementConstraints", constraints(ic, sv, v));
    MEMBER("tags", tags(ic, sv, v));
    /* the defaults, as good as absent */
    MEMBER("deploymentController", cJSON_GetArraySize(v) == 1 && jv_str(cJSON_GetObjectItemCaseSensitive(v, "type"))
           && strcmp(jv_str(cJSON_GetObjectItemCaseSensitive(v, "type")), "ECS") == 0);
#undef MEMBER
    for (const cJSON *it = svc->child; it; it = it->next) {
        bool done = false;
        VEC_EACH(const cJSON *, t, o.taken)
            done = done || t == it;
        if (done || cJSON_IsNull(it) || ((cJSON_IsArray(it) || cJSON_IsObject(it)) && !it->child))
            continue;
        if (strcmp(it->string, "loadBalancers") == 0)
            cannot(ic, sv, it->string, it, "ecsc creates the load balancer and its target groups: write a "
                   "`load_balancer` and `route` lines (docs/language.md §17.5)");
        else
            cannot(ic, sv, it->string, it, "it has no .ecs word");
    }
    return true;
}

const char *import_service_app(ImportCtx *ic, const cJSON *svc)
{
    const char *name = jv_str(cJSON_GetObjectItemCaseSensitive(svc, "serviceName"));
    const char *dash = name ? strchr(name, '-') : NULL;
    if (dash && dash > name && import_is_name(dash + 1)) {
        const char *app = arena_strndup(ic->arena, name, (size_t)(dash - name));
        if (import_is_name(app))
            return app;
    }
    const char *cl = jv_str(cJSON_GetObjectItemCaseSensitive(svc, "cluster"));
    if (!cl)
        cl = jv_str(cJSON_GetObjectItemCaseSensitive(svc, "clusterArn"));
    if (cl && strstr(cl, ":cluster/"))
        cl = strstr(cl, ":cluster/") + strlen(":cluster/");
    return cl && import_is_name(cl) ? arena_strdup(ic->arena, cl) : "app";
}

/* describe-services output: {"services": [...], "failures": [...]}, or one
   of its services alone. */
bool import_services_described(ImportCtx *ic, cJSON *doc)
{
    cJSON *list = cJSON_GetObjectItemCaseSensitive(doc, "services");
    cJSON *one[1] = {doc};
    int count = list ? cJSON_GetArraySize(list) : 1;
    if (list && (!cJSON_IsArray(list) || count == 0)) {
        import_error(ic, "E0042", "\"services\" must be a non-empty list of services");
        return false;
    }
    for (int i = 0; i < count; i++) {
        cJSON *svc = list ? cJSON_GetArrayItem(list, i) : one[0];
        if (!cJSON_IsObject(svc)) {
            import_error(ic, "E0042", "services[%d] is not an object", i);
            return false;
        }
        StrBuf b = {0};
        for (int k = 0; read_only[k]; k++)
            if (cJSON_GetObjectItemCaseSensitive(svc, read_only[k])) {
                cJSON_DeleteItemFromObjectCaseSensitive(svc, read_only[k]);
                strbuf_printf(&b, "%s%s", b.len ? ", " : "", read_only[k]);
            }
        cJSON *arn = cJSON_DetachItemFromObjectCaseSensitive(svc, "clusterArn");
        if (cJSON_IsString(arn) && !cJSON_GetObjectItemCaseSensitive(svc, "cluster"))
            cJSON_AddItemToObject(svc, "cluster", cJSON_CreateString(arn->valuestring));
        cJSON_Delete(arn);
        cJSON *role = cJSON_DetachItemFromObjectCaseSensitive(svc, "roleArn");
        if (role && !cJSON_GetObjectItemCaseSensitive(svc, "role"))
            cJSON_AddItemToObject(svc, "role", role);
        else
            cJSON_Delete(role);
        if (b.len)
            import_warn(ic, NULL, "W0040", "read-only members of describe-services output left out: %s",
                        strbuf_cstr(&b));
        strbuf_free(&b);
        if (!import_service(ic, svc))
            return false;
    }
    cJSON *failures = cJSON_GetObjectItemCaseSensitive(doc, "failures");
    if (list && cJSON_GetArraySize(failures) > 0)
        import_warn(ic, NULL, "W0040", "the describe-services output lists %d failure%s: left out",
                    cJSON_GetArraySize(failures), cJSON_GetArraySize(failures) == 1 ? "" : "s");
    return true;
}

/* The awslogs `logs` statements below `n`. */
static void collect_logs(ImportNode *n, Vec *out, Arena *a)
{
    VEC_EACH(ImportNode *, c, n->children) {
        if (strcmp(c->head, "logs") == 0 && c->args.len && strcmp(c->args.items[0], "awslogs") == 0)
            vec_push(a, out, c);
        else if (strcmp(c->head, "raw") != 0)
            collect_logs(c, out, a);
    }
}

/* The `awslogs-region = "R"` entries of awslogs blocks, below `n`. */
static void awslogs_regions(ImportNode *n, Vec *out, Arena *a)
{
    VEC_EACH(ImportNode *, c, n->children) {
        if (strcmp(c->head, "logs") == 0 && c->args.len && strcmp(c->args.items[0], "awslogs") == 0) {
            VEC_EACH(ImportNode *, o, c->children)
                if (o->assign && strcmp(o->head, "awslogs-region") == 0)
                    vec_push(a, out, o);
        } else if (strcmp(c->head, "raw") != 0) {
            awslogs_regions(c, out, a);
        }
    }
}


static void remove_child(ImportNode *parent, const ImportNode *child)
{
    for (int i = 0; i < parent->children.len; i++)
        if (parent->children.items[i] == child) {
            memmove(parent->children.items + i, parent->children.items + i + 1,
                    (size_t)(parent->children.len - i - 1) * sizeof *parent->children.items);
            parent->children.len--;
            return;
        }
}

/* Drops `WORD "VALUE"` from the arguments of `l`, when it is there. */
static void drop_pair(ImportNode *l, const char *word, const char *value)
{
    for (int i = 1; i + 1 < l->args.len; i++)
        if (strcmp(l->args.items[i], word) == 0 && strcmp(l->args.items[i + 1], value) == 0) {
            memmove(l->args.items + i, l->args.items + i + 2,
                    (size_t)(l->args.len - i - 2) * sizeof *l->args.items);
            l->args.len -= 2;
            return;
        }
}

/* In each task, awslogs `group "/ecs/<app>/<task>"` and `prefix "<task>"`
   are what ecsc fills in: left out. */
static void default_log_words(ImportCtx *ic)
{
    VEC_EACH(ImportNode *, t, ic->doc.root.children) {
        if (strcmp(t->head, "task") != 0)
            continue;
        const char *name = t->args.items[0];
        Vec logs = {0};
        collect_logs(t, &logs, ic->arena);
        VEC_EACH(ImportNode *, l, logs) {
            drop_pair(l, "group", arena_printf(ic->arena, "\"/ecs/%s/%s\"", ic->app, name));
            drop_pair(l, "prefix", arena_printf(ic->arena, "\"%s\"", name));
        }
        /* A bare `logs awslogs` says the default, when the task says no other. */
        const ImportNode *task_logs = NULL;
        VEC_EACH(ImportNode *, c, t->children)
            if (strcmp(c->head, "logs") == 0)
                task_logs = c;
        bool bare_task = task_logs && task_logs->args.len == 1 && !task_logs->has_block
                         && strcmp(task_logs->args.items[0], "awslogs") == 0;
        VEC_EACH(ImportNode *, c, t->children) {
            if (strcmp(c->head, "container") != 0 || (task_logs && !bare_task))
                continue;
            VEC_EACH(ImportNode *, l, c->children)
                if (strcmp(l->head, "logs") == 0 && l->args.len == 1 && !l->has_block
                    && strcmp(l->args.items[0], "awslogs") == 0 && !l->comments.len) {
                    remove_child(c, l);
                    break;
                }
        }
        if (bare_task && !task_logs->comments.len)
            remove_child(t, task_logs);
    }
}

/* `app NAME { region "R" }` first in the file.  When every awslogs block
   names one region, literally, it becomes the app's and the blocks leave
   it out (ecsc fills it in). */
static bool app_block(ImportCtx *ic)
{
    Vec *top = &ic->doc.root.children;
    ImportNode *a = NULL;
    VEC_EACH(ImportNode *, n, *top)
        if (strcmp(n->head, "app") == 0)
            return false;       /* a reader made it, and decided what goes in it */
    {
        a = import_block(ic, NULL, "app");
        import_word(ic, a, ic->app);
        memmove(top->items + 1, top->items, (size_t)(top->len - 1) * sizeof *top->items);
        top->items[0] = a;
    }

    Vec regions = {0};
    awslogs_regions(&ic->doc.root, &regions, ic->arena);
    const char *region = NULL;
    VEC_EACH(ImportNode *, o, regions) {
        const char *r = o->args.items[0];
        if (strchr(r, '$') || (region && strcmp(region, r) != 0))
            return true;
        region = r;
    }
    if (!region)
        return true;
    import_token(ic, import_stmt(ic, a, "region"), region);
    /* Each entry sits in a `logs` block: find its parent and drop it. */
    Vec logs = {0};
    collect_logs(&ic->doc.root, &logs, ic->arena);
    VEC_EACH(ImportNode *, l, logs)
        VEC_EACH(ImportNode *, o, regions)
            remove_child(l, o);
    VEC_EACH(ImportNode *, l, logs)
        if (!l->children.len)
            l->has_block = false;
    return true;
}

void import_finish(ImportCtx *ic)
{
    /* Each service's `task` names a task of the file: by family. */
    for (int i = 0; i + 2 < ic->service_tasks.len; i += 3) {
        ImportNode *stmt = ic->service_tasks.items[i];
        const char *family = ic->service_tasks.items[i + 1];
        ImportNode *task = map_get(&ic->families, family), *sv = ic->service_tasks.items[i + 2];
        if (task) {
            stmt->args.items[0] = task->args.items[0];
            bool role = false;
            VEC_EACH(const ImportNode *, c, task->children)
                role = role || strcmp(c->head, "role") == 0;
            for (int k = 0; k < sv->children.len && !role; k++) {
                ImportNode *c = sv->children.items[k];
                if (strcmp(c->head, "exec") != 0 || c->args.len)
                    continue;
                memmove(sv->children.items + k, sv->children.items + k + 1,
                        (size_t)(sv->children.len - k - 1) * sizeof *sv->children.items);
                sv->children.len--;
                import_warn(ic, sv, "W0043", "'enableExecuteCommand' not carried over: ECS Exec needs a task "
                            "role, and task definition '%s' has none", family);
            }
        } else {
            import_warn(ic, stmt, "W0043", "task definition '%s' was not among the inputs: import it too "
                        "(aws ecs describe-task-definition --task-definition %s)", family, family);
        }
    }
    ic->service_tasks.len = 0;
    if (ic->app && app_block(ic))
        default_log_words(ic);
}

/* import_compose.c - a docker-compose file (v2, v3, the Compose Specification) and ecs-cli's
 * ecs-params.yml as .ecs: one task holding every service as a container (ecs-cli's layout, the
 * default) or one task and service per compose service (Docker's ECS integration), Fargate unless
 * ecs-params.yml says otherwise; then a `service` for each task. The containers themselves are
 * import_compose_ctr.c's. */
#include "import/import_yaml_int.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Fargate's CPU sizes and the memory each allows (MiB: first, last, step). */
static const struct {
    int cpu, lo, hi, step;
} fargate_sizes[] = {
    {256, 512, 2048, 512},   /* 512, 1024, 2048 (1536 is not offered: stepped below) */
    {512, 1024, 4096, 1024},
    {1024, 2048, 8192, 1024},
    {2048, 4096, 16384, 1024},
    {4096, 8192, 30720, 1024},
    {8192, 16384, 61440, 4096},
    {16384, 32768, 122880, 8192},
};

/* The smallest Fargate size that holds CPU units and MIB; false if none does. */
static bool fargate_fit(int64_t cpu, int64_t mib, int64_t *tcpu, int64_t *tmem)
{
    for (size_t i = 0; i < sizeof fargate_sizes / sizeof fargate_sizes[0]; i++) {
        if (fargate_sizes[i].cpu < cpu || fargate_sizes[i].hi < mib)
            continue;
        int64_t m = fargate_sizes[i].lo;
        while (m < mib)
            m += (fargate_sizes[i].cpu == 256 && m == 1024) ? 1024 : fargate_sizes[i].step;
        *tcpu = fargate_sizes[i].cpu;
        *tmem = m;
        return true;
    }
    return false;
}

static const cJSON *get(const cJSON *o, const char *k)
{
    return cJSON_GetObjectItemCaseSensitive(o, k);
}

/* ecs-params.yml: ic->ecs_params, else the one beside the compose file (as ecs-cli looked for it). */
static bool load_params(YamlIn *y, YamlDoc *pdoc, bool *have)
{
    ImportCtx *ic = y->ic;
    const char *path = ic->ecs_params;
    struct stat st;
    *have = false;
    if (!path) {
        path = arena_printf(ic->arena, "%secs-params.yml", y->dir);
        if (stat(path, &st) != 0)
            return true;
    }
    size_t len;
    const char *why;
    char *text = yread(y, path, yaml_default_limits.max_input, false, &len, &why);
    if (!text) {
        import_error(ic, "E0047", "ecs-params file %s cannot be read (%s)", path, why);
        return false;
    }
    YamlError err;
    if (yaml_json_parse(text, len, NULL, pdoc, &err) != 0) {
        import_error(ic, "E0045", "%s: line %d, column %d: %s", path, err.line, err.column,
                     err.message);
        return false;
    }
    if (!cJSON_IsObject(pdoc->root)) {
        import_error(ic, "E0046", "%s is not an ecs-params file (a mapping)", path);
        yaml_json_free(pdoc);
        return false;
    }
    *have = true;
    return true;
}

/* The project's name: `name:`, else the compose file's folder, else its file name. */
static const char *project_name(YamlIn *y)
{
    const char *n = ytext(y, get(y->doc.root, "name"));
    if (n)
        return yname(y, n);
    if (y->path[0] == '<')
        return "app";   /* stdin */
    const char *p = y->path, *slash = strrchr(p, '/');
    if (slash && slash > p) {
        const char *start = slash - 1;
        while (start > p && start[-1] != '/')
            start--;
        const char *dir = arena_strndup(y->ic->arena, start, (size_t)(slash - start));
        if (strcmp(dir, ".") && strcmp(dir, ".."))
            return yname(y, dir);
    }
    char cwd[4096];
    if (!slash && getcwd(cwd, sizeof cwd) && strrchr(cwd, '/') && strrchr(cwd, '/')[1])
        return yname(y, arena_strdup(y->ic->arena, strrchr(cwd, '/') + 1));   /* as compose does */
    const char *base = slash ? slash + 1 : p;
    const char *dot = strchr(base, '.');
    return yname(y, dot ? arena_strndup(y->ic->arena, base, (size_t)(dot - base)) : base);
}

/* ecs-params task_definition.services.NAME: what it says of one container. */
static void params_container(Compose *c, const char *name, cJSON *cd)
{
    const cJSON *p = get(get(c->params, "services"), name);
    for (const cJSON *k = p ? p->child : NULL; k; k = k->next) {
        int64_t n;
        if (!strcmp(k->string, "essential") && cJSON_IsBool(k)) {
            cJSON_AddBoolToObject(cd, "essential", cJSON_IsTrue(k));
        } else if (!strcmp(k->string, "cpu_shares") && cJSON_IsNumber(k)) {
            cJSON_DeleteItemFromObjectCaseSensitive(cd, "cpu");
            cJSON_AddNumberToObject(cd, "cpu", k->valuedouble);
        } else if ((!strcmp(k->string, "mem_limit") || !strcmp(k->string, "mem_reservation")) &&
                   ymib(k, 1024.0 * 1024, &n)) {
            const char *api = k->string[4] == 'l' ? "memory" : "memoryReservation";
            cJSON_DeleteItemFromObjectCaseSensitive(cd, api);
            cJSON_AddNumberToObject(cd, api, (double)n);
        } else if (!strcmp(k->string, "init_process_enabled") && cJSON_IsBool(k)) {
            cJSON *lp = cJSON_GetObjectItemCaseSensitive(cd, "linuxParameters");
            if (!lp)
                lp = cJSON_AddObjectToObject(cd, "linuxParameters");
            cJSON_AddBoolToObject(lp, "initProcessEnabled", cJSON_IsTrue(k));
        } else if (!strcmp(k->string, "secrets") && cJSON_IsArray(k)) {
            cJSON *s = cJSON_GetObjectItemCaseSensitive(cd, "secrets");
            if (!s)
                s = cJSON_AddArrayToObject(cd, "secrets");
            for (const cJSON *e = k->child; e; e = e->next) {
                const char *from = ytext(c->y, get(e, "value_from")), *env = ytext(c->y, get(e, "name"));
                if (!from || !env || strncmp(from, "arn:", 4)) {
                    ynote(c->y, name, e, "W0045", "ecs-params secret '%s' is not carried over: "
                          "write `secret %s from ssm \"%s\"`", env ? env : "?", env ? env : "NAME",
                          from ? from : "PARAMETER");
                    continue;
                }
                cJSON *o = cJSON_CreateObject();
                cJSON_AddStringToObject(o, "name", env);
                cJSON_AddStringToObject(o, "valueFrom", from);
                cJSON_AddItemToArray(s, o);
            }
        } else {
            ynote(c->y, name, k, "W0045", "ecs-params `%s` is not carried over", k->string);
        }
    }
}

/* ecs-params task_definition: the task's own settings. */
static void params_task(Compose *c, cJSON *td)
{
    for (const cJSON *k = c->params ? c->params->child : NULL; k; k = k->next) {
        const char *t = ytext(c->y, k);
        if (!strcmp(k->string, "services") || !strcmp(k->string, "ecs_network_mode") ||
            !strcmp(k->string, "task_size") || !strcmp(k->string, "os_family"))
            continue;
        if ((!strcmp(k->string, "task_role_arn") || !strcmp(k->string, "task_execution_role")) && t) {
            bool exec = k->string[5] == 'e';
            if (!strncmp(t, "arn:", 4))
                cJSON_AddStringToObject(td, exec ? "executionRoleArn" : "taskRoleArn", t);
            else
                ynote(c->y, NULL, k, "W0046", "%s '%s' is a role name: %s", k->string, t,
                      exec ? "ecsc names and creates the execution role (declare `role NAME { arn "
                             "\"arn:aws:iam::ACCOUNT:role/...\" }` and `execution_role NAME` to keep "
                             "this one)"
                           : "declare `role NAME { arn \"arn:aws:iam::ACCOUNT:role/...\" }` and "
                             "`role NAME` in the task");
        } else if ((!strcmp(k->string, "pid_mode") || !strcmp(k->string, "ipc_mode")) && t) {
            cJSON_AddStringToObject(td, k->string[0] == 'p' ? "pidMode" : "ipcMode", t);
        } else if (!strcmp(k->string, "placement_constraints") && cJSON_IsArray(k)) {
            cJSON *pc = cJSON_AddArrayToObject(td, "placementConstraints");
            for (const cJSON *e = k->child; e; e = e->next) {
                cJSON *o = cJSON_CreateObject();
                const char *type = ytext(c->y, get(e, "type")), *ex = ytext(c->y, get(e, "expression"));
                cJSON_AddStringToObject(o, "type", type ? type : "memberOf");
                if (ex)
                    cJSON_AddStringToObject(o, "expression", ex);
                cJSON_AddItemToArray(pc, o);
            }
        } else {
            ynote(c->y, NULL, k, "W0045", "ecs-params `task_definition.%s` is not carried over",
                  k->string);
        }
    }
}

/* The task's CPU and memory: ecs-params' task_size, else on Fargate the smallest size that holds
   the containers' limits. */
static void task_size(Compose *c, cJSON *td)
{
    const cJSON *ts = get(c->params, "task_size");
    int64_t cpu = 0, mem = 0;
    if (ts) {
        const cJSON *cl = get(ts, "cpu_limit"), *ml = get(ts, "mem_limit");
        const char *ct = ytext(c->y, cl);
        if (ct && strtoll(ct, NULL, 10) > 0)
            cpu = strtoll(ct, NULL, 10);
        if (ml && !ymib(ml, 1024.0 * 1024, &mem))
            yerror(c->y, ml, "E0046", "ecs-params task_size.mem_limit is not a size");
    } else if (c->fargate) {
        if (!fargate_fit(c->cpu, c->memory, &cpu, &mem)) {
            ynote(c->y, NULL, NULL, "W0046", "the containers ask for %lld CPU units and %lld MiB, "
                  "more than one Fargate task has: the largest size", (long long)c->cpu,
                  (long long)c->memory);
            cpu = 16384;
            mem = 122880;
        }
    }
    if (cpu)
        cJSON_AddStringToObject(td, "cpu", arena_printf(c->y->ic->arena, "%lld", (long long)cpu));
    if (mem)
        cJSON_AddStringToObject(td, "memory", arena_printf(c->y->ic->arena, "%lld", (long long)mem));
}

/* One task definition of the services named in NAMES (a list of strings). */
static ImportNode *compose_task(Compose *c, const char *task, const cJSON *names)
{
    cJSON *td = cJSON_CreateObject();
    cJSON_AddStringToObject(td, "family", yfamily(c->y, task));
    c->task = task;
    c->ports = cJSON_CreateObject();
    c->oneshot = cJSON_CreateObject();
    c->task_volumes = cJSON_CreateArray();
    c->platform = NULL;
    c->cpu = c->memory = 0;
    c->replicas = 0;
    cJSON *cds = cJSON_AddArrayToObject(td, "containerDefinitions");
    for (const cJSON *n = names->child; n; n = n->next) {
        cJSON *cd = compose_container(c, n->valuestring, get(c->services, n->valuestring));
        if (!cd)
            continue;
        params_container(c, n->valuestring, cd);
        cJSON_AddItemToArray(cds, cd);
    }
    for (cJSON *cd = cds->child; cd; cd = cd->next)
        for (const cJSON *n = names->child; n; n = n->next)
            if (cJSON_GetObjectItemCaseSensitive(c->oneshot, n->valuestring) &&
                !strcmp(yname(c->y, n->valuestring), cJSON_GetObjectItemCaseSensitive(cd, "name")->valuestring) &&
                !cJSON_GetObjectItemCaseSensitive(cd, "essential"))
                cJSON_AddFalseToObject(cd, "essential");
    cJSON_Delete(c->oneshot);
    c->oneshot = NULL;
    if (c->fargate)
        cJSON_AddItemToObject(td, "requiresCompatibilities", cJSON_CreateStringArray(
                                  (const char *[]){"FARGATE"}, 1));
    else
        cJSON_AddItemToObject(td, "requiresCompatibilities", cJSON_CreateStringArray(
                                  (const char *[]){"EC2"}, 1));
    if (c->params && !c->fargate)
        cJSON_AddStringToObject(td, "networkMode", c->awsvpc ? "awsvpc" : ytext(c->y,
                                get(c->params, "ecs_network_mode")) ? ytext(c->y,
                                get(c->params, "ecs_network_mode")) : "bridge");
    task_size(c, td);
    params_task(c, td);
    if (c->task_volumes->child)
        cJSON_AddItemToObject(td, "volumes", c->task_volumes);
    else
        cJSON_Delete(c->task_volumes);
    c->task_volumes = NULL;
    if (c->platform)
        cJSON_AddItemToObject(td, "runtimePlatform", c->platform);
    c->platform = NULL;
    cJSON_Delete(c->ports);
    c->ports = NULL;
    if (c->y->ic->errors) {
        cJSON_Delete(td);
        return NULL;
    }
    return ytask(c->y, td);
}

/* Whether `list` (ecs-params' awsvpc subnets or security groups) is a non-empty list of ids of
   the shape ecsc checks: then the service names them, else they stay deploy-time values. */
static bool ids(YamlIn *y, const cJSON *list, const char *prefix, const char ***out, int *n)
{
    if (!cJSON_IsArray(list) || !list->child)
        return false;
    *n = cJSON_GetArraySize(list);
    *out = ARENA_ARRAY(y->ic->arena, const char *, *n);
    int i = 0;
    for (const cJSON *e = list->child; e; e = e->next) {
        const char *t = ytext(y, e);
        if (!t || !import_aws_id(t, prefix))
            return false;
        (*out)[i++] = t;
    }
    return true;
}

/* `service NAME { task NAME; desired N; subnets ...; security_groups [...] }`. */
static void compose_service(Compose *c, ImportNode *task, const cJSON *run)
{
    ImportCtx *ic = c->y->ic;
    const char *name = (const char *)task->args.items[0];
    ImportNode *s = import_block(ic, NULL, "service");
    s->blank_before = true;
    import_word(ic, s, name);
    import_word(ic, import_stmt(ic, s, "task"), name);
    if (c->replicas > 1)
        import_tokenf(ic, import_stmt(ic, s, "desired"), "%d", c->replicas);
    if (!c->awsvpc)
        return;
    const cJSON *aws = get(get(run, "network_configuration"), "awsvpc_configuration");
    const char **subnets, **groups;
    int nsub = 0, ngroups = 0;
    bool sub_ids = ids(c->y, get(aws, "subnets"), "subnet-", &subnets, &nsub);
    bool group_ids = ids(c->y, get(aws, "security_groups"), "sg-", &groups, &ngroups);
    if (sub_ids) {
        import_strings(ic, import_stmt(ic, s, "subnets"), subnets, nsub);
    } else {
        yparam(ic, "subnets", "[subnet_id]", NULL, "the subnets of the services' tasks");
        import_word(ic, import_stmt(ic, s, "subnets"), "subnets");
    }
    if (group_ids)
        import_strings(ic, import_stmt(ic, s, "security_groups"), groups, ngroups);
    const char *pub = ytext(c->y, get(aws, "assign_public_ip"));
    if (pub && !strcmp(pub, "ENABLED") && c->fargate)
        import_stmt(ic, s, "public_ip");
    if ((get(aws, "subnets") && !sub_ids) || (get(aws, "security_groups") && !group_ids))
        import_warn(ic, s, "W0046", "ecs-params.yml's subnets and security groups are not all ids "
                    "(subnet-…, sg-…): pass the subnets with -D subnets=... (security groups: add "
                    "`security_groups` with a param)");
}

/* Compose's own interpolation, made the placeholders import_quote turns into params: `$$` is a
   `$`, `$VAR` is `${VAR}`, and `${VAR:-DEFAULT}` is `${VAR}` whose param has that default. */
static char *interpolate(YamlIn *y, const cJSON *at, const char *s)
{
    StrBuf b = {0};
    for (const char *p = s; *p;) {
        if (p[0] != '$') {
            strbuf_putc(&b, *p++);
        } else if (p[1] == '$') {
            strbuf_putc(&b, '$');
            p += 2;
        } else if (p[1] == '{' && strchr(p, '}')) {
            const char *close = strchr(p, '}');
            size_t n = strcspn(p + 2, ":-?+}");
            const char *name = arena_strndup(y->ic->arena, p + 2, n);
            const char *op = p + 2 + n;
            if (op < close && (*op == '-' || (op[0] == ':' && op[1] == '-'))) {
                const char *d = op + (*op == ':' ? 2 : 1);
                const char *dflt = arena_strndup(y->ic->arena, d, (size_t)(close - d));
                if (import_is_name(name) && strcmp(name, "app") && strcmp(name, "env") &&
                    strcmp(name, "region") && strcmp(name, "account"))
                    yparam(y->ic, name, "string", dflt, arena_printf(y->ic->arena, "from ${%s}", name));
            } else if (op < close && (*op == '+' || (op[0] == ':' && op[1] == '+'))) {
                ynote(y, NULL, at, "W0046", "${%s:+...} is the param %s itself here", name, name);
            }
            strbuf_printf(&b, "${%s}", name);
            p = close + 1;
        } else if (p[1] == '_' || (p[1] >= 'A' && p[1] <= 'Z') || (p[1] >= 'a' && p[1] <= 'z')) {
            size_t n = 1 + strspn(p + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");
            strbuf_printf(&b, "${%.*s}", (int)(n - 1), p + 1);
            p += n;
        } else {
            strbuf_putc(&b, *p++);
        }
    }
    char *out = arena_strdup(y->ic->arena, strbuf_cstr(&b));
    strbuf_free(&b);
    return out;
}

static void interpolate_tree(YamlIn *y, cJSON *node)
{
    for (cJSON *c = node->child; c; c = c->next) {
        if (cJSON_IsString(c) && strchr(c->valuestring, '$')) {
            char *v = interpolate(y, c, c->valuestring);
            if (strcmp(v, c->valuestring))
                cJSON_SetValuestring(c, v);
        } else if (c->child) {
            interpolate_tree(y, c);
        }
    }
}

static bool check_top(YamlIn *y)
{
    const cJSON *root = y->doc.root;
    if ((get(root, "task_definition") || get(root, "run_params")) && !get(root, "services")) {
        import_error(y->ic, "E0046", "this is ecs-cli's ecs-params.yml: import the compose file, "
                     "which reads the ecs-params.yml beside it (or give --ecs-params FILE)");
        return false;
    }
    const cJSON *services = get(root, "services");
    if (!cJSON_IsObject(services) || !services->child) {
        import_error(y->ic, "E0046", "no `services` mapping: neither a docker-compose file (v2, v3 "
                     "or the Compose Specification) nor a Copilot manifest (`type:`)");
        return false;
    }
    for (const cJSON *k = root->child; k; k = k->next) {
        static const char *const known[] = {"version", "name", "services", "volumes", "secrets",
                                            "networks", NULL};
        bool ok = !strncmp(k->string, "x-", 2);
        for (int i = 0; known[i]; i++)
            ok = ok || !strcmp(k->string, known[i]);
        if (!ok)
            ynote(y, NULL, k, "W0045", "the top-level `%s` is not carried over", k->string);
    }
    return true;
}

bool import_compose(YamlIn *y)
{
    if (!check_top(y))
        return false;
    interpolate_tree(y, y->doc.root);
    YamlDoc pdoc = {0};
    bool have;
    if (!load_params(y, &pdoc, &have))
        return false;
    const cJSON *root = y->doc.root;
    Compose c = {.y = y, .services = get(root, "services"), .volumes = get(root, "volumes"),
                 .secrets = get(root, "secrets"), .one = y->ic->compose_each == false};
    const cJSON *run = NULL;
    if (have) {
        c.params = get(pdoc.root, "task_definition");
        run = get(pdoc.root, "run_params");
        const char *mode = ytext(y, get(c.params, "ecs_network_mode"));
        c.awsvpc = mode && !strcmp(mode, "awsvpc");
        c.fargate = c.awsvpc && get(c.params, "task_size");
        if (!c.one)
            ynote(y, NULL, NULL, "W0046", "ecs-params.yml describes one task (ecs-cli's layout): "
                  "every service is a container of it");
        c.one = true;
        for (const cJSON *k = pdoc.root->child; k; k = k->next)
            if (strcmp(k->string, "version") && strcmp(k->string, "task_definition") &&
                strcmp(k->string, "run_params"))
                ynote(y, NULL, k, "W0045", "ecs-params `%s` is not carried over", k->string);
    } else {
        c.fargate = c.awsvpc = true;
    }
    bool ok = true;
    yapp(y, project_name(y));
    if (c.one) {
        cJSON *names = cJSON_CreateArray();
        for (const cJSON *s = c.services->child; s; s = s->next)
            cJSON_AddItemToArray(names, cJSON_CreateString(s->string));
        ImportNode *task = compose_task(&c, project_name(y), names);
        cJSON_Delete(names);
        if (task)
            compose_service(&c, task, run);
        ok = task != NULL;
    } else {
        for (const cJSON *s = c.services->child; s && ok; s = s->next) {
            cJSON *names = cJSON_CreateStringArray((const char *[]){s->string}, 1);
            ImportNode *task = compose_task(&c, yname(y, s->string), names);
            cJSON_Delete(names);
            if (task)
                compose_service(&c, task, run);
            ok = task != NULL;
        }
    }
    if (ok && !c.fargate && !yfind(&y->ic->doc.root, "cluster", NULL)) {
        ImportNode *cl = import_block(y->ic, NULL, "cluster");
        import_string(y->ic, import_stmt(y->ic, cl, "existing"), project_name(y));
        import_warn(y->ic, cl, "W0046", "ecs-cli ran the task on an EC2 cluster of its "
                    "configuration: name it here");
    }
    if (have)
        yaml_json_free(&pdoc);
    return ok;
}

/* import_task.c - a register-task-definition object as a `task` block:
   family, launch types, sizes, network, roles, volumes, placement, tags,
   proxy, platform; the containers are import_container.c's.  What has no
   word goes into the task's `raw` block. */
#include "import/import_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* "1 vCPU", "0.5 vcpu", "1024": CPU units. */
static bool parse_cpu(const cJSON *v, int64_t *out)
{
    if (jv_int_text(v, out))
        return true;
    const char *s = jv_str(v);
    if (!s)
        return false;
    char *end;
    double d = strtod(s, &end);
    while (*end == ' ')
        end++;
    if (end == s || strcasecmp(end, "vcpu") != 0 || d <= 0 || d > 1024)
        return false;
    double units = d * 1024;
    if (units != (double)(int64_t)units)
        return false;
    *out = (int64_t)units;
    return true;
}

/* "2 GB", "2GB", "512": MiB (the API reads GB as GiB). */
static bool parse_memory(const cJSON *v, int64_t *out)
{
    if (jv_int_text(v, out))
        return true;
    const char *s = jv_str(v);
    if (!s)
        return false;
    char *end;
    double d = strtod(s, &end);
    while (*end == ' ')
        end++;
    if (end == s || strcasecmp(end, "gb") != 0 || d <= 0 || d > 1 << 20)
        return false;
    double mib = d * 1024;
    if (mib != (double)(int64_t)mib)
        return false;
    *out = (int64_t)mib;
    return true;
}

static bool task_launch(ImportCtx *ic, ImportNode *t, const cJSON *v, bool *fargate)
{
    static const char *const api[] = {"EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES", NULL};
    static const char *const words[] = {"ec2", "fargate", "external", "managed_instances", NULL};
    if (!cJSON_IsArray(v) || !v->child)
        return false;
    ImportNode *n = import_scratch(ic);
    ImportNode *s = import_stmt(ic, n, "launch");
    unsigned seen = 0;
    for (const cJSON *it = v->child; it; it = it->next) {
        const char *str = jv_str(it);
        int k = 0;
        while (str && api[k] && strcmp(api[k], str) != 0)
            k++;
        if (!str || !api[k] || (seen & (1u << k)))
            return false;
        seen |= 1u << k;
        import_word(ic, s, words[k]);
        if (k == 1)
            *fargate = true;
    }
    import_adopt(ic, t, n);
    return true;
}

static bool task_network(ImportCtx *ic, ImportNode *t, const cJSON *v, bool fargate)
{
    static const char *const modes[] = {"awsvpc", "bridge", "host", "none", NULL};
    const char *s = jv_str(v);
    for (int k = 0; s && modes[k]; k++)
        if (strcmp(s, modes[k]) == 0) {
            if (!(k == 0 && fargate))       /* Fargate implies awsvpc */
                import_word(ic, import_stmt(ic, t, "network"), s);
            return true;
        }
    return false;
}

static bool task_platform(ImportCtx *ic, ImportNode *t, const cJSON *v)
{
    Obj o;
    obj_init(&o, v, NULL, NULL);
    const char *os = jv_str(obj_take(ic, &o, "operatingSystemFamily"));
    const char *arch = jv_str(obj_take(ic, &o, "cpuArchitecture"));
    int members = cJSON_GetArraySize(v);
    if (!cJSON_IsObject(v) || !os || members != (arch ? 2 : 1))
        return false;
    if (arch && strcmp(arch, "X86_64") != 0 && strcmp(arch, "ARM64") != 0)
        return false;
    ImportNode *scratch = import_scratch(ic);
    ImportNode *n = import_stmt(ic, scratch, "platform");
    if (strcmp(os, "LINUX") == 0) {
        import_word(ic, n, "linux");
    } else {
        static const char *const versions[] = {"2016", "2019", "2022", "2025", "2004", NULL};
        char ver[8], ed[8];
        if (sscanf(os, "WINDOWS_SERVER_%4[0-9]_%4[A-Z]", ver, ed) != 2)
            return false;
        int k = 0;
        while (versions[k] && strcmp(versions[k], ver) != 0)
            k++;
        if (!versions[k] || (strcmp(ed, "FULL") != 0 && strcmp(ed, "CORE") != 0)
            || strcmp(os, arena_printf(ic->arena, "WINDOWS_SERVER_%s_%s", ver, ed)) != 0)
            return false;
        import_word(ic, n, "windows");
        import_word(ic, n, versions[k]);
        import_word(ic, n, strcmp(ed, "FULL") == 0 ? "full" : "core");
    }
    if (arch)
        import_word(ic, n, strcmp(arch, "ARM64") == 0 ? "arm64" : "x86_64");
    import_adopt(ic, t, scratch);
    return true;
}

static bool task_tags(ImportCtx *ic, ImportNode *t, const cJSON *v)
{
    if (!cJSON_IsArray(v))
        return false;
    ImportNode *n = import_scratch(ic);
    ImportNode *map = import_block(ic, n, "tags");
    Map seen;
    map_init(&seen, ic->arena);
    for (const cJSON *it = v->child; it; it = it->next) {
        const char *k = jv_str(cJSON_GetObjectItemCaseSensitive(it, "key"));
        const char *val = jv_str(cJSON_GetObjectItemCaseSensitive(it, "value"));
        if (!k || !val || cJSON_GetArraySize(it) != 2 || seen_twice(&seen, k))
            return false;
        import_assign(ic, map, k, val);
    }
    if (map->children.len)
        import_adopt(ic, t, n);
    return map->children.len > 0;
}

static bool task_placement(ImportCtx *ic, ImportNode *t, const cJSON *v)
{
    if (!cJSON_IsArray(v))
        return false;
    for (const cJSON *it = v->child; it; it = it->next) {
        const char *type = jv_str(cJSON_GetObjectItemCaseSensitive(it, "type"));
        const char *expr = jv_str(cJSON_GetObjectItemCaseSensitive(it, "expression"));
        if (!type || strcmp(type, "memberOf") != 0 || !expr || cJSON_GetArraySize(it) != 2)
            return false;
    }
    for (const cJSON *it = v->child; it; it = it->next)
        import_string(ic, import_stmt(ic, t, "placement"),
                      jv_str(cJSON_GetObjectItemCaseSensitive(it, "expression")));
    return v->child != NULL;
}

/* `role "ARN"`: only a role ARN (ecsc checks the shape; a placeholder
   for the whole ARN goes to raw). */
static bool role_arn(ImportCtx *ic, ImportNode *t, const char *word, const cJSON *v)
{
    const char *s = jv_str(v);
    size_t digits = 0;
    const char *p = s && strncmp(s, "arn:aws:iam::", 13) == 0 ? s + 13 : NULL;
    while (p && p[digits] >= '0' && p[digits] <= '9')
        digits++;
    if (!p || digits != 12 || strncmp(p + 12, ":role/", 6) != 0 || strchr(s, '$') || strchr(s, '{'))
        return false;
    import_string(ic, import_stmt(ic, t, word), s);
    return true;
}

static bool task_proxy(ImportCtx *ic, ImportNode *t, const cJSON *v)
{
    Obj o;
    obj_init(&o, v, NULL, NULL);
    const char *type = jv_str(obj_take(ic, &o, "type"));
    const char *name = jv_str(obj_take(ic, &o, "containerName"));
    const cJSON *props = obj_take(ic, &o, "properties");
    if (!cJSON_IsObject(v) || !name || !import_is_name(name) || !map_get(&ic->containers, name)
        || (type && strcmp(type, "APPMESH") != 0)
        || cJSON_GetArraySize(v) != 1 + (type != NULL) + (props != NULL)
        || (props && !cJSON_IsArray(props)))
        return false;
    ImportNode *n = import_scratch(ic);
    ImportNode *p = import_stmt(ic, n, "proxy");
    import_word(ic, p, "appmesh");
    import_word(ic, p, name);
    if (props && props->child) {
        p->has_block = true;
        for (const cJSON *it = props->child; it; it = it->next) {
            const char *k = jv_str(cJSON_GetObjectItemCaseSensitive(it, "name"));
            const char *val = jv_str(cJSON_GetObjectItemCaseSensitive(it, "value"));
            if (!k || !val || cJSON_GetArraySize(it) != 2)
                return false;
            import_assign(ic, p, k, val);
        }
    }
    if (!type)
        return false;   /* ecsc always writes the type */
    import_adopt(ic, t, n);
    return true;
}

static bool task_accelerators(ImportCtx *ic, ImportNode *t, const cJSON *v)
{
    if (!cJSON_IsArray(v) || !v->child)
        return false;
    for (const cJSON *it = v->child; it; it = it->next)
        if (!jv_str(cJSON_GetObjectItemCaseSensitive(it, "deviceName"))
            || !jv_str(cJSON_GetObjectItemCaseSensitive(it, "deviceType"))
            || cJSON_GetArraySize(it) != 2)
            return false;
    for (const cJSON *it = v->child; it; it = it->next) {
        ImportNode *a = import_stmt(ic, t, "accelerator");
        import_string(ic, a, jv_str(cJSON_GetObjectItemCaseSensitive(it, "deviceName")));
        import_string(ic, a, jv_str(cJSON_GetObjectItemCaseSensitive(it, "deviceType")));
    }
    return true;
}

/* --- volumes ------------------------------------------------------------------ */

static bool enabled_word(const cJSON *v, bool *on)
{
    const char *s = jv_str(v);
    if (!s)
        return false;
    if (strcmp(s, "ENABLED") == 0)
        *on = true;
    else if (strcmp(s, "DISABLED") == 0)
        *on = false;
    else
        return false;
    return true;
}

static void flag(ImportCtx *ic, ImportNode *block, const char *word, bool on)
{
    ImportNode *f = import_stmt(ic, block, word);
    if (!on)
        import_word(ic, f, "false");
}

static bool volume_docker(ImportCtx *ic, ImportNode *vol, const cJSON *dc)
{
    Obj o;
    obj_init(&o, dc, NULL, NULL);
    const cJSON *scope = obj_take(ic, &o, "scope"), *auto_ = obj_take(ic, &o, "autoprovision");
    const cJSON *driver = obj_take(ic, &o, "driver"), *opts = obj_take(ic, &o, "driverOpts");
    const cJSON *labels = obj_take(ic, &o, "labels");
    if (!cJSON_IsObject(dc) || o.taken.len != cJSON_GetArraySize(dc))
        return false;
    import_word(ic, vol, "docker");
    if (!dc->child)
        return true;
    vol->has_block = true;
    if (scope) {
        const char *s = jv_str(scope);
        if (!s || (strcmp(s, "task") != 0 && strcmp(s, "shared") != 0))
            return false;
        import_word(ic, import_stmt(ic, vol, "scope"), s);
    }
    if (auto_) {
        if (!cJSON_IsBool(auto_))
            return false;
        flag(ic, vol, "autoprovision", cJSON_IsTrue(auto_));
    }
    if (driver) {
        if (!jv_str(driver))
            return false;
        import_string(ic, import_stmt(ic, vol, "driver"), jv_str(driver));
    }
    if (opts && !map_from_object(ic, import_block(ic, vol, "options"), opts))
        return false;
    if (labels && !map_from_object(ic, import_block(ic, vol, "labels"), labels))
        return false;
    return true;
}

static bool volume_efs(ImportCtx *ic, ImportNode *vol, const cJSON *ec)
{
    Obj o;
    obj_init(&o, ec, NULL, NULL);
    const char *fs = jv_str(obj_take(ic, &o, "fileSystemId"));
    const cJSON *root = obj_take(ic, &o, "rootDirectory"), *te = obj_take(ic, &o, "transitEncryption");
    const cJSON *port = obj_take(ic, &o, "transitEncryptionPort");
    const cJSON *auth = obj_take(ic, &o, "authorizationConfig");
    if (!cJSON_IsObject(ec) || !fs || o.taken.len != cJSON_GetArraySize(ec))
        return false;
    import_word(ic, vol, "efs");
    import_string(ic, vol, fs);
    vol->has_block = o.taken.len > 1;
    bool on;
    int64_t n;
    if (root) {
        if (!jv_str(root))
            return false;
        import_string(ic, import_stmt(ic, vol, "root"), jv_str(root));
    }
    if (te) {
        if (!enabled_word(te, &on))
            return false;
        flag(ic, vol, "transit_encryption", on);
    }
    if (port) {
        if (!jv_int(port, &n))
            return false;
        import_tokenf(ic, import_stmt(ic, vol, "transit_port"), "%lld", (long long)n);
    }
    if (auth) {
        Obj a;
        obj_init(&a, auth, NULL, NULL);
        const cJSON *ap = obj_take(ic, &a, "accessPointId"), *iam = obj_take(ic, &a, "iam");
        if (!cJSON_IsObject(auth) || !auth->child || a.taken.len != cJSON_GetArraySize(auth))
            return false;
        if (ap) {
            if (!jv_str(ap))
                return false;
            import_string(ic, import_stmt(ic, vol, "access_point"), jv_str(ap));
        }
        if (iam) {
            if (!enabled_word(iam, &on))
                return false;
            flag(ic, vol, "iam", on);
        }
    }
    return true;
}

/* One entry of `volumes`, as `volume NAME ...`; false when it needs raw. */
static bool task_volume(ImportCtx *ic, ImportNode *scratch, const cJSON *v)
{
    Obj o;
    obj_init(&o, v, NULL, NULL);
    const char *name = jv_str(obj_take(ic, &o, "name"));
    const cJSON *host = obj_take(ic, &o, "host");
    const cJSON *dc = obj_take(ic, &o, "dockerVolumeConfiguration");
    const cJSON *ec = obj_take(ic, &o, "efsVolumeConfiguration");
    const cJSON *ebs = obj_take(ic, &o, "configuredAtLaunch");
    if (!cJSON_IsObject(v) || !name || !import_is_name(name)
        || o.taken.len != cJSON_GetArraySize(v) || (host != NULL) + (dc != NULL) + (ec != NULL) + (ebs != NULL) > 1)
        return false;
    ImportNode *vol = import_stmt(ic, scratch, "volume");
    import_word(ic, vol, name);
    if (host) {
        const char *path = jv_str(cJSON_GetObjectItemCaseSensitive(host, "sourcePath"));
        if (!cJSON_IsObject(host) || cJSON_GetArraySize(host) != (path ? 1 : 0))
            return false;
        if (!path)
            return false;   /* `"host": {}` is a task-scoped volume in disguise */
        import_word(ic, vol, "host");
        import_string(ic, vol, path);
        return true;
    }
    if (ebs)
        return cJSON_IsTrue(ebs) && (import_word(ic, vol, "ebs"), true);
    if (dc)
        return volume_docker(ic, vol, dc);
    if (ec)
        return volume_efs(ic, vol, ec);
    return true;
}

static bool task_volumes(ImportCtx *ic, ImportNode *t, const cJSON *v)
{
    if (!cJSON_IsArray(v) || !v->child)
        return false;
    ImportNode *n = import_scratch(ic);
    for (const cJSON *it = v->child; it; it = it->next)
        if (!task_volume(ic, n, it))
            return false;
    Map seen;
    map_init(&seen, ic->arena);
    VEC_EACH(ImportNode *, vol, n->children)
        if (seen_twice(&seen, vol->args.items[0]))
            return false;       /* ecsc: a volume name is declared once */
    VEC_EACH(ImportNode *, vol, n->children)
        map_put(&ic->volumes, vol->args.items[0], vol->args.items[0]);
    import_adopt(ic, t, n);
    return true;
}

/* --- the task ------------------------------------------------------------------ */

/* The task's name: the family (when it is a name), else one made from it
   with `family "..."` keeping the original. */
static const char *task_name(ImportCtx *ic, const char *family, bool *needs_family)
{
    *needs_family = false;
    if (ic->app) {
        size_t n = strlen(ic->app);
        if (strncmp(family, ic->app, n) == 0 && family[n] == '-' && import_is_name(family + n + 1))
            return family + n + 1;
        *needs_family = true;
        return import_make_name(ic, family);
    }
    if (import_is_name(family))
        return family;
    *needs_family = true;
    return import_make_name(ic, family);
}

/* The containers' common log configuration, when there are two or more
   and all have the same one: written once, at the task. */
static const cJSON *common_log(const cJSON *cds)
{
    const cJSON *first = NULL;
    int n = 0;
    for (const cJSON *cd = cds->child; cd; cd = cd->next, n++) {
        const cJSON *lc = cJSON_GetObjectItemCaseSensitive(cd, "logConfiguration");
        if (n == 0)
            first = lc;
        else if (!first != !lc || (first && !cJSON_Compare(first, lc, true)))
            return NULL;
    }
    return n >= 2 ? first : NULL;
}

bool import_taskdef(ImportCtx *ic, const cJSON *td)
{
    Obj o;
    obj_init(&o, td, "RegisterTaskDefinitionRequest", "the task definition");
    const char *family = jv_str(obj_take(ic, &o, "family"));
    const cJSON *cds = obj_take(ic, &o, "containerDefinitions");
    if (!family || !*family) {
        import_error(ic, "E0042", "the task definition has no \"family\" (a string): it is required");
        return false;
    }
    if (!cJSON_IsArray(cds) || !cds->child) {
        import_error(ic, "E0042", "task definition '%s': \"containerDefinitions\" must be a non-empty list", family);
        return false;
    }
    bool needs_family;
    const char *name = task_name(ic, family, &needs_family);
    ImportNode *t = import_block(ic, NULL, "task");
    import_word(ic, t, name);
    map_put(&ic->families, arena_strdup(ic->arena, family), t);
    ImportNode *raw = NULL;
    if (needs_family && import_is_name(family))
        import_string(ic, import_stmt(ic, t, "family"), family);
    else if (needs_family)
        raw_member(ic, t, &raw, "family", cJSON_GetObjectItemCaseSensitive(td, "family"),
                   "it is not a name ecsc accepts (letters, digits, - and _)");

    /* ecsc gives a task that logs with awslogs an execution role; one
       without keeps its log configurations in raw (see import_container). */
    ic->no_exec_role = !cJSON_GetObjectItemCaseSensitive(td, "executionRoleArn");
    ic->task = td;
    map_init(&ic->volumes, ic->arena);
    map_init(&ic->containers, ic->arena);
    for (const cJSON *cd = cds->child; cd; cd = cd->next)
        if (jv_str(cJSON_GetObjectItemCaseSensitive(cd, "name")))
            map_put(&ic->containers, jv_str(cJSON_GetObjectItemCaseSensitive(cd, "name")), (void *)cd);
    bool fargate = false;
    const cJSON *v;
#define MEMBER(key, expr) \
    if ((v = obj_take(ic, &o, key)) && !(expr)) \
        raw_member(ic, t, &raw, key, v, "its value has no .ecs word")
    MEMBER("requiresCompatibilities", task_launch(ic, t, v, &fargate));
    MEMBER("runtimePlatform", task_platform(ic, t, v));
    int64_t n;
    MEMBER("cpu", parse_cpu(v, &n) && (import_token(ic, import_stmt(ic, t, "cpu"), spell_cpu(ic, n)), true));
    MEMBER("memory", parse_memory(v, &n) && (import_token(ic, import_stmt(ic, t, "memory"), spell_mib(ic, n)), true));
    MEMBER("networkMode", task_network(ic, t, v, fargate));
    MEMBER("taskRoleArn", role_arn(ic, t, "role", v));
    MEMBER("executionRoleArn", role_arn(ic, t, "execution_role", v));
    MEMBER("ephemeralStorage",
           cJSON_GetArraySize(v) == 1 && jv_int(cJSON_GetObjectItemCaseSensitive(v, "sizeInGiB"), &n)
           && (import_tokenf(ic, import_stmt(ic, t, "storage"), "%lld GiB", (long long)n), true));
    MEMBER("pidMode", jv_str(v) && (strcmp(jv_str(v), "host") == 0 || strcmp(jv_str(v), "task") == 0)
           && (import_word(ic, import_stmt(ic, t, "pid"), jv_str(v)), true));
    MEMBER("ipcMode", jv_str(v) && (strcmp(jv_str(v), "host") == 0 || strcmp(jv_str(v), "task") == 0
                                      || strcmp(jv_str(v), "none") == 0)
           && (import_word(ic, import_stmt(ic, t, "ipc"), jv_str(v)), true));
    MEMBER("placementConstraints", task_placement(ic, t, v));
    MEMBER("tags", task_tags(ic, t, v));
    MEMBER("proxyConfiguration", task_proxy(ic, t, v));
    MEMBER("enableFaultInjection", cJSON_IsBool(v) && (flag(ic, t, "fault_injection", cJSON_IsTrue(v)), true));
    MEMBER("inferenceAccelerators", task_accelerators(ic, t, v));
    MEMBER("volumes", task_volumes(ic, t, v));
#undef MEMBER

    const cJSON *log = common_log(cds);
    if (log && !import_logs_words(ic, log))
        log = NULL;
    bool none_at_task = false;
    if (log && !import_logs(ic, t, log))
        log = NULL;
    if (!log) {
        /* No container logs: say it once, at the task. */
        bool none = true;
        for (const cJSON *cd = cds->child; cd; cd = cd->next)
            none = none && !cJSON_GetObjectItemCaseSensitive(cd, "logConfiguration");
        if (none && cds->child->next) {
            import_word(ic, import_stmt(ic, t, "logs"), "none");
            none_at_task = true;
        }
    }
    bool first = true;
    for (const cJSON *cd = cds->child; cd; cd = cd->next) {
        if (!cJSON_IsObject(cd)) {
            import_error(ic, "E0042", "task definition '%s': an entry of \"containerDefinitions\" is not an object",
                         family);
            return false;
        }
        size_t before = (size_t)t->children.len;
        import_container(ic, t, cd, log, none_at_task, fargate);
        if ((size_t)t->children.len > before && !first)
            ((ImportNode *)t->children.items[before])->blank_before = true;
        if ((size_t)t->children.len > before && first && before > 0)
            ((ImportNode *)t->children.items[before])->blank_before = true;
        first = false;
    }
    obj_rest(ic, &o, t, &raw);
    return ic->errors == 0;
}

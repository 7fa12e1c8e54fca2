/* import_container.c - one entry of containerDefinitions as a `container`
   block: each member of ContainerDefinition that has a word becomes that
   word (ports, env, secrets, mounts, health, logs, linux parameters, ...);
   a member whose value the words cannot say goes whole into the
   container's `raw` block, with a warning. */
#include "import/import_int.h"

#include <string.h>

static const char *item_str(const cJSON *o, const char *key)
{
    return jv_str(cJSON_GetObjectItemCaseSensitive(o, key));
}

/* Every entry of list `v` is an object with exactly the keys among
   `keys` that it has, all of them given in `required`. */
static bool entries_ok(const cJSON *v, const char *const *keys, unsigned required)
{
    if (!cJSON_IsArray(v) || !v->child)
        return false;
    for (const cJSON *it = v->child; it; it = it->next) {
        if (!cJSON_IsObject(it))
            return false;
        int have = 0;
        for (int k = 0; keys[k]; k++) {
            const cJSON *m = cJSON_GetObjectItemCaseSensitive(it, keys[k]);
            if (m)
                have++;
            else if (required & (1u << k))
                return false;
        }
        if (have != cJSON_GetArraySize(it))
            return false;
    }
    return true;
}

static void flag(ImportCtx *ic, ImportNode *c, const char *word, const cJSON *v)
{
    ImportNode *f = import_stmt(ic, c, word);
    if (!cJSON_IsTrue(v))
        import_word(ic, f, "false");
}

static bool strings_field(ImportCtx *ic, ImportNode *c, const char *word, const cJSON *v, bool allow_empty)
{
    const char **items;
    int n;
    if (!jv_strings(v, &items, &n, ic->arena) || (n == 0 && !allow_empty))
        return false;
    import_strings(ic, import_stmt(ic, c, word), items, n);
    return true;
}

static bool c_ports(ImportCtx *ic, ImportNode *c, const cJSON *v)
{
    static const char *const keys[] = {"containerPort", "hostPort", "protocol", "name", "appProtocol",
                                       "containerPortRange", NULL};
    if (!entries_ok(v, keys, 0))
        return false;
    ImportNode *s = import_scratch(ic);
    for (const cJSON *it = v->child; it; it = it->next) {
        ImportNode *p = import_stmt(ic, s, "port");
        int64_t cp, hp;
        const cJSON *host = cJSON_GetObjectItemCaseSensitive(it, "hostPort");
        const char *range = item_str(it, "containerPortRange");
        const char *proto = item_str(it, "protocol"), *name = item_str(it, "name");
        const char *app = item_str(it, "appProtocol");
        if (jv_int(cJSON_GetObjectItemCaseSensitive(it, "containerPort"), &cp) && !range) {
            import_tokenf(ic, p, "%lld", (long long)cp);
            if (host) {
                if (!jv_int(host, &hp))
                    return false;
                if (hp == 0)
                    import_token(ic, p, "-> dynamic");
                else
                    import_tokenf(ic, p, "-> %lld", (long long)hp);
            }
        } else if (range && !cJSON_GetObjectItemCaseSensitive(it, "containerPort") && !host) {
            int lo, hi, end = 0;
            if (sscanf(range, "%d-%d%n", &lo, &hi, &end) != 2 || range[end] || lo >= hi)
                return false;
            import_tokenf(ic, p, "%d..%d", lo, hi);
        } else {
            return false;
        }
        if (proto) {
            if (strcmp(proto, "tcp") != 0 && strcmp(proto, "udp") != 0)
                return false;
            if (strcmp(proto, "udp") == 0 || range)
                import_word(ic, p, proto);
        }
        if (app) {
            if (strcmp(app, "http") != 0 && strcmp(app, "http2") != 0 && strcmp(app, "grpc") != 0)
                return false;
            import_word(ic, p, app);
        }
        if (name) {
            import_word(ic, p, "name");
            import_string(ic, p, name);
        }
        if ((cJSON_GetObjectItemCaseSensitive(it, "protocol") && !proto)
            || (cJSON_GetObjectItemCaseSensitive(it, "name") && !name)
            || (cJSON_GetObjectItemCaseSensitive(it, "appProtocol") && !app))
            return false;
    }
    import_adopt(ic, c, s);
    return true;
}

/* env { NAME = "VALUE" } from [{name, value}]. */
static bool c_env(ImportCtx *ic, ImportNode *c, const cJSON *v)
{
    static const char *const keys[] = {"name", "value", NULL};
    if (!entries_ok(v, keys, 3))
        return false;
    ImportNode *s = import_scratch(ic);
    ImportNode *map = import_block(ic, s, "env");
    Map seen;
    map_init(&seen, ic->arena);
    for (const cJSON *it = v->child; it; it = it->next) {
        const char *k = item_str(it, "name"), *val = item_str(it, "value");
        if (!k || !val || !*k || seen_twice(&seen, k))
            return false;
        import_assign(ic, map, k, val);
    }
    import_adopt(ic, c, s);
    return true;
}

/* `secret NAME from "ARN"` lines (in a container or a logs block). */
static bool secrets(ImportCtx *ic, ImportNode *c, const cJSON *v)
{
    static const char *const keys[] = {"name", "valueFrom", NULL};
    if (!entries_ok(v, keys, 3))
        return false;
    ImportNode *s = import_scratch(ic);
    Map seen;
    map_init(&seen, ic->arena);
    for (const cJSON *it = v->child; it; it = it->next) {
        const char *k = item_str(it, "name"), *from = item_str(it, "valueFrom");
        if (!k || !from || !*k || !*from || seen_twice(&seen, k))
            return false;
        if (strncmp(from, "arn:", 4) != 0)
            return false;   /* a bare parameter name: ecsc would make it an ARN */
        ImportNode *sec = import_stmt(ic, s, "secret");
        import_name(ic, sec, k);
        import_word(ic, sec, "from");
        import_string(ic, sec, from);
    }
    import_adopt(ic, c, s);
    return true;
}

/* Whether the task being read declares volume `name` with words. */
static bool has_volume(ImportCtx *ic, const char *name)
{
    return map_get(&ic->volumes, name) != NULL;
}

static bool c_mounts(ImportCtx *ic, ImportNode *c, const cJSON *v)
{
    static const char *const keys[] = {"sourceVolume", "containerPath", "readOnly", NULL};
    if (!entries_ok(v, keys, 3))
        return false;
    ImportNode *s = import_scratch(ic);
    for (const cJSON *it = v->child; it; it = it->next) {
        const char *vol = item_str(it, "sourceVolume"), *path = item_str(it, "containerPath");
        const cJSON *ro = cJSON_GetObjectItemCaseSensitive(it, "readOnly");
        if (!vol || !import_is_name(vol) || !has_volume(ic, vol) || !path || (ro && !cJSON_IsBool(ro)))
            return false;
        ImportNode *m = import_stmt(ic, s, "mount");
        import_word(ic, m, vol);
        import_word(ic, m, "at");
        import_string(ic, m, path);
        if (cJSON_IsTrue(ro))
            import_word(ic, m, "readonly");
    }
    import_adopt(ic, c, s);
    return true;
}

static bool c_volumes_from(ImportCtx *ic, ImportNode *c, const cJSON *v)
{
    static const char *const keys[] = {"sourceContainer", "readOnly", NULL};
    if (!entries_ok(v, keys, 1))
        return false;
    ImportNode *s = import_scratch(ic);
    for (const cJSON *it = v->child; it; it = it->next) {
        const char *src = item_str(it, "sourceContainer");
        const cJSON *ro = cJSON_GetObjectItemCaseSensitive(it, "readOnly");
        if (!src || !import_is_name(src) || (ro && !cJSON_IsBool(ro)))
            return false;
        ImportNode *m = import_stmt(ic, s, "volumes_from");
        import_word(ic, m, src);
        if (cJSON_IsTrue(ro))
            import_word(ic, m, "readonly");
    }
    import_adopt(ic, c, s);
    return true;
}

static bool c_health(ImportCtx *ic, ImportNode *c, const cJSON *v)
{
    Obj o;
    obj_init(&o, v, NULL, NULL);
    const cJSON *cmd = obj_take(ic, &o, "command");
    static const char *const timing[] = {"interval", "timeout", "retries", "startPeriod", NULL};
    static const char *const words[] = {"every", "timeout", "retries", "start", NULL};
    static const int64_t lo[] = {5, 2, 1, 0}, hi[] = {300, 120, 10, 300};
    const char **argv;
    int argc;
    if (!cJSON_IsObject(v) || !jv_strings(cmd, &argv, &argc, ic->arena) || argc == 0)
        return false;
    ImportNode *s = import_scratch(ic);
    ImportNode *h = import_stmt(ic, s, "health");
    if (strcmp(argv[0], "NONE") == 0 && argc == 1) {
        import_word(ic, h, "none");
    } else if (strcmp(argv[0], "CMD-SHELL") == 0 && argc == 2) {
        import_word(ic, h, "cmd");
        import_string(ic, h, argv[1]);
    } else if (strcmp(argv[0], "CMD") == 0 && argc >= 2) {
        import_word(ic, h, "exec");
        import_strings(ic, h, argv + 1, argc - 1);
    } else {
        return false;
    }
    for (int k = 0; timing[k]; k++) {
        int64_t n;
        const cJSON *t = obj_take(ic, &o, timing[k]);
        if (!t)
            continue;
        if (!jv_int(t, &n) || n < lo[k] || n > hi[k])
            return false;
        import_word(ic, h, words[k]);
        import_token(ic, h, k == 2 ? arena_printf(ic->arena, "%lld", (long long)n) : spell_seconds(ic, n));
    }
    if (o.taken.len != cJSON_GetArraySize(v))
        return false;
    import_adopt(ic, c, s);
    return true;
}

/* The container `name` of the task being read, or NULL. */
static const cJSON *container_named(ImportCtx *ic, const char *name)
{
    return map_get(&ic->containers, name);
}

static bool c_depends(ImportCtx *ic, ImportNode *c, const cJSON *v)
{
    static const char *const keys[] = {"containerName", "condition", NULL};
    static const char *const api[] = {"START", "COMPLETE", "SUCCESS", "HEALTHY", NULL};
    static const char *const words[] = {"start", "complete", "success", "healthy", NULL};
    if (!entries_ok(v, keys, 3))
        return false;
    ImportNode *s = import_scratch(ic);
    for (const cJSON *it = v->child; it; it = it->next) {
        const char *name = item_str(it, "containerName"), *cond = item_str(it, "condition");
        int k = 0;
        while (cond && api[k] && strcmp(api[k], cond) != 0)
            k++;
        if (!name || !import_is_name(name) || !cond || !api[k] || !container_named(ic, name))
            return false;
        /* ecsc checks that `healthy` waits for a container with a health check */
        if (k == 3 && !c_health(ic, import_scratch(ic),
                                cJSON_GetObjectItemCaseSensitive(container_named(ic, name), "healthCheck")))
            return false;
        ImportNode *d = import_stmt(ic, s, "depends_on");
        import_word(ic, d, name);
        import_word(ic, d, words[k]);
    }
    import_adopt(ic, c, s);
    return true;
}

static bool c_ulimits(ImportCtx *ic, ImportNode *c, const cJSON *v)
{
    static const char *const keys[] = {"name", "softLimit", "hardLimit", NULL};
    static const char *const names[] = {"core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue",
                                        "nice", "nofile", "nproc", "rss", "rtprio", "rttime",
                                        "sigpending", "stack", NULL};
    if (!entries_ok(v, keys, 7))
        return false;
    ImportNode *s = import_scratch(ic);
    Map seen;
    map_init(&seen, ic->arena);
    for (const cJSON *it = v->child; it; it = it->next) {
        const char *name = item_str(it, "name");
        int64_t soft, hard;
        int k = 0;
        while (name && names[k] && strcmp(names[k], name) != 0)
            k++;
        if (!name || !names[k] || !jv_int(cJSON_GetObjectItemCaseSensitive(it, "softLimit"), &soft)
            || !jv_int(cJSON_GetObjectItemCaseSensitive(it, "hardLimit"), &hard))
            return false;
        if (seen_twice(&seen, name))
            return false;
        ImportNode *u = import_stmt(ic, s, "ulimit");
        import_word(ic, u, name);
        import_tokenf(ic, u, "%lld", (long long)soft);
        if (hard != soft)
            import_tokenf(ic, u, "%lld", (long long)hard);
    }
    import_adopt(ic, c, s);
    return true;
}

static bool c_pairs(ImportCtx *ic, ImportNode *c, const char *word, const cJSON *v, const char *k1,
                    const char *k2, bool as_map)
{
    const char *const keys[] = {k1, k2, NULL};
    if (!entries_ok(v, keys, 3))
        return false;
    ImportNode *s = import_scratch(ic);
    ImportNode *map = as_map ? import_block(ic, s, word) : NULL;
    Map seen;
    map_init(&seen, ic->arena);
    for (const cJSON *it = v->child; it; it = it->next) {
        const char *a = item_str(it, k1), *b = item_str(it, k2);
        if (!a || !b)
            return false;
        if (as_map) {
            if (seen_twice(&seen, a))
                return false;
            import_assign(ic, map, a, b);
        } else {
            ImportNode *n = import_stmt(ic, s, word);
            import_string(ic, n, a);
            import_string(ic, n, b);
        }
    }
    import_adopt(ic, c, s);
    return true;
}

static bool c_env_files(ImportCtx *ic, ImportNode *c, const cJSON *v)
{
    static const char *const keys[] = {"value", "type", NULL};
    if (!entries_ok(v, keys, 3))
        return false;
    for (const cJSON *it = v->child; it; it = it->next)
        if (!item_str(it, "value") || !item_str(it, "type") || strcmp(item_str(it, "type"), "s3") != 0)
            return false;
    for (const cJSON *it = v->child; it; it = it->next)
        import_string(ic, import_stmt(ic, c, "env_file"), item_str(it, "value"));
    return true;
}

static bool c_restart(ImportCtx *ic, ImportNode *c, const cJSON *v)
{
    Obj o;
    obj_init(&o, v, NULL, NULL);
    const cJSON *en = obj_take(ic, &o, "enabled"), *codes = obj_take(ic, &o, "ignoredExitCodes");
    const cJSON *period = obj_take(ic, &o, "restartAttemptPeriod");
    int64_t n;
    if (!cJSON_IsObject(v) || !cJSON_IsTrue(en) || o.taken.len != cJSON_GetArraySize(v))
        return false;
    ImportNode *s = import_scratch(ic);
    ImportNode *r = import_stmt(ic, s, "restart");
    if (codes) {
        if (!cJSON_IsArray(codes) || !codes->child)
            return false;
        StrBuf b = {0};
        strbuf_putc(&b, '[');
        for (const cJSON *it = codes->child; it; it = it->next) {
            if (!jv_int(it, &n)) {
                strbuf_free(&b);
                return false;
            }
            strbuf_printf(&b, "%s%lld", it == codes->child ? "" : ", ", (long long)n);
        }
        strbuf_putc(&b, ']');
        import_word(ic, r, "ignore");
        import_token(ic, r, arena_strdup(ic->arena, strbuf_cstr(&b)));
        strbuf_free(&b);
    }
    if (period) {
        if (!jv_int(period, &n) || n < 0)
            return false;
        import_word(ic, r, "period");
        import_token(ic, r, spell_seconds(ic, n));
    }
    import_adopt(ic, c, s);
    return true;
}

static bool c_linux(ImportCtx *ic, ImportNode *c, const cJSON *v)
{
    Obj o;
    obj_init(&o, v, NULL, NULL);
    const cJSON *caps = obj_take(ic, &o, "capabilities"), *devices = obj_take(ic, &o, "devices");
    const cJSON *init = obj_take(ic, &o, "initProcessEnabled"), *shm = obj_take(ic, &o, "sharedMemorySize");
    const cJSON *tmpfs = obj_take(ic, &o, "tmpfs"), *swap = obj_take(ic, &o, "maxSwap");
    const cJSON *swappiness = obj_take(ic, &o, "swappiness");
    int64_t n;
    if (!cJSON_IsObject(v) || !v->child || o.taken.len != cJSON_GetArraySize(v) || (swappiness && !swap))
        return false;
    ImportNode *s = import_scratch(ic);
    if (init && !(cJSON_IsBool(init) && (flag(ic, s, "init", init), true)))
        return false;
    if (caps) {
        Obj co;
        obj_init(&co, caps, NULL, NULL);
        const cJSON *add = obj_take(ic, &co, "add"), *drop = obj_take(ic, &co, "drop");
        if (!cJSON_IsObject(caps) || !caps->child || co.taken.len != cJSON_GetArraySize(caps)
            || (add && !strings_field(ic, s, "cap_add", add, false))
            || (drop && !strings_field(ic, s, "cap_drop", drop, false)))
            return false;
    }
    if (shm) {
        if (!jv_int(shm, &n) || n <= 0)
            return false;
        import_token(ic, import_stmt(ic, s, "shm"), spell_mib(ic, n));
    }
    if (swap) {
        if (!jv_int(swap, &n) || n < 0)
            return false;
        ImportNode *sw = import_stmt(ic, s, "swap");
        import_token(ic, sw, n == 0 ? "0" : spell_mib(ic, n));
        if (swappiness) {
            if (!jv_int(swappiness, &n))
                return false;
            import_word(ic, sw, "swappiness");
            import_tokenf(ic, sw, "%lld", (long long)n);
        }
    }
    static const char *const tkeys[] = {"containerPath", "size", "mountOptions", NULL};
    if (tmpfs && !entries_ok(tmpfs, tkeys, 3))
        return false;
    for (const cJSON *it = tmpfs ? tmpfs->child : NULL; it; it = it->next) {
        const char *path = item_str(it, "containerPath");
        const cJSON *opts = cJSON_GetObjectItemCaseSensitive(it, "mountOptions");
        const char **items;
        int count;
        if (!path || !jv_int(cJSON_GetObjectItemCaseSensitive(it, "size"), &n) || n <= 0
            || (opts && (!jv_strings(opts, &items, &count, ic->arena) || count == 0)))
            return false;
        ImportNode *t = import_stmt(ic, s, "tmpfs");
        import_string(ic, t, path);
        import_token(ic, t, spell_mib(ic, n));
        if (opts) {
            import_word(ic, t, "options");
            import_strings(ic, t, items, count);
        }
    }
    static const char *const dkeys[] = {"hostPath", "containerPath", "permissions", NULL};
    if (devices && !entries_ok(devices, dkeys, 1))
        return false;
    for (const cJSON *it = devices ? devices->child : NULL; it; it = it->next) {
        const char *host = item_str(it, "hostPath");
        const cJSON *cp = cJSON_GetObjectItemCaseSensitive(it, "containerPath");
        const cJSON *perms = cJSON_GetObjectItemCaseSensitive(it, "permissions");
        const char **items = NULL;
        int count = 0;
        if (!host || (cp && !jv_str(cp)) || (perms && (!jv_strings(perms, &items, &count, ic->arena) || !count)))
            return false;
        ImportNode *d = import_stmt(ic, s, "device");
        import_string(ic, d, host);
        if (cp) {
            import_word(ic, d, "at");
            import_string(ic, d, jv_str(cp));
        }
        for (int k = 0; k < count; k++) {
            if (strcmp(items[k], "read") != 0 && strcmp(items[k], "write") != 0 && strcmp(items[k], "mknod") != 0)
                return false;
            import_word(ic, d, items[k]);
        }
    }
    import_adopt(ic, c, s);
    return true;
}

static bool c_firelens(ImportCtx *ic, ImportNode *c, const cJSON *v)
{
    Obj o;
    obj_init(&o, v, NULL, NULL);
    const char *type = jv_str(obj_take(ic, &o, "type"));
    const cJSON *opts = obj_take(ic, &o, "options");
    if (!cJSON_IsObject(v) || !type || o.taken.len != cJSON_GetArraySize(v)
        || (strcmp(type, "fluentbit") != 0 && strcmp(type, "fluentd") != 0))
        return false;
    ImportNode *s = import_scratch(ic);
    ImportNode *f = import_stmt(ic, s, "firelens");
    import_word(ic, f, type);
    if (opts && (!cJSON_IsObject(opts) || !opts->child))
        return false;
    if (opts) {
        f->has_block = true;
        if (!map_from_object(ic, f, opts))
            return false;
    }
    import_adopt(ic, c, s);
    return true;
}

static bool c_gpu(ImportCtx *ic, ImportNode *c, const cJSON *v)
{
    static const char *const keys[] = {"value", "type", NULL};
    int64_t n;
    if (!entries_ok(v, keys, 3) || v->child->next)
        return false;
    const char *type = item_str(v->child, "type"), *val = item_str(v->child, "value");
    cJSON num = {.type = cJSON_String, .valuestring = (char *)val};
    if (!type || strcmp(type, "GPU") != 0 || !val || !jv_int_text(&num, &n) || n < 1 || n > 1024
        || strcmp(val, arena_printf(ic->arena, "%lld", (long long)n)) != 0)
        return false;
    import_tokenf(ic, import_stmt(ic, c, "gpu"), "%lld", (long long)n);
    return true;
}

/* --- logs ------------------------------------------------------------------------ */

bool import_logs(ImportCtx *ic, ImportNode *parent, const cJSON *lc)
{
    static const char *const drivers[] = {"awslogs", "awsfirelens", "json-file", "syslog", "journald",
                                          "gelf", "fluentd", "splunk", NULL};
    Obj o;
    obj_init(&o, lc, NULL, NULL);
    const char *driver = jv_str(obj_take(ic, &o, "logDriver"));
    const cJSON *opts = obj_take(ic, &o, "options"), *secret = obj_take(ic, &o, "secretOptions");
    int k = 0;
    while (driver && drivers[k] && strcmp(drivers[k], driver) != 0)
        k++;
    if (!cJSON_IsObject(lc) || !driver || !drivers[k] || o.taken.len != cJSON_GetArraySize(lc)
        || (opts && !cJSON_IsObject(opts)))
        return false;
    ImportNode *s = import_scratch(ic);
    ImportNode *l = import_stmt(ic, s, "logs");
    import_word(ic, l, k == 1 ? "firelens" : driver);
    ImportNode *block = import_scratch(ic);
    bool awslogs = k == 0;
    for (const cJSON *it = opts ? opts->child : NULL; it; it = it->next) {
        const char *val = jv_str(it);
        if (!val)
            return false;
        const char *key = it->string;
        if (awslogs && strcmp(key, "awslogs-group") == 0) {
            import_word(ic, l, "group");
            import_string(ic, l, val);
        } else if (awslogs && strcmp(key, "awslogs-stream-prefix") == 0) {
            import_word(ic, l, "prefix");
            import_string(ic, l, val);
        } else if (awslogs && strcmp(key, "awslogs-create-group") == 0 && strcmp(val, "true") == 0) {
            import_word(ic, l, "create_group");
        } else if (strcmp(key, "mode") == 0
                   && (strcmp(val, "blocking") == 0 || strcmp(val, "non-blocking") == 0)) {
            import_word(ic, l, "mode");
            import_word(ic, l, val);
        } else {
            import_assign(ic, block, key, val);
        }
    }
    if (secret && !secrets(ic, block, secret))
        return false;
    if (block->children.len) {
        l->has_block = true;
        l->children = block->children;
    }
    import_adopt(ic, parent, s);
    return true;
}

bool import_logs_words(ImportCtx *ic, const cJSON *lc)
{
    const char *driver = jv_str(cJSON_GetObjectItemCaseSensitive(lc, "logDriver"));
    const cJSON *opts = cJSON_GetObjectItemCaseSensitive(lc, "options");
    return !driver || strcmp(driver, "awslogs") != 0
        || (!ic->no_exec_role && cJSON_GetObjectItemCaseSensitive(opts, "awslogs-group")
            && cJSON_GetObjectItemCaseSensitive(opts, "awslogs-stream-prefix")
            && cJSON_GetObjectItemCaseSensitive(opts, "awslogs-region"));
}

/* --- the container ----------------------------------------------------------------- */

static bool c_int(ImportCtx *ic, ImportNode *c, const char *word, const cJSON *v, int kind)
{
    int64_t n;
    if (!jv_int(v, &n) || n < 0)
        return false;
    import_token(ic, import_stmt(ic, c, word),
                 kind == 0 ? spell_cpu(ic, n) : kind == 1 ? spell_mib(ic, n) : spell_seconds(ic, n));
    return true;
}

static bool c_string(ImportCtx *ic, ImportNode *c, const char *word, const cJSON *v)
{
    if (!jv_str(v))
        return false;
    import_string(ic, import_stmt(ic, c, word), jv_str(v));
    return true;
}

static void container_members(ImportCtx *ic, ImportNode *c, Obj *o, ImportNode **raw)
{
    const cJSON *v;
#define MEMBER(key, expr) \
    if ((v = obj_take(ic, o, key)) && !(expr)) \
        raw_member(ic, c, raw, key, v, "its value has no .ecs word")
    MEMBER("image", c_string(ic, c, "image", v));
    MEMBER("repositoryCredentials",
           cJSON_GetArraySize(v) == 1 && jv_str(cJSON_GetObjectItemCaseSensitive(v, "credentialsParameter"))
           && c_string(ic, c, "credentials", cJSON_GetObjectItemCaseSensitive(v, "credentialsParameter")));
    MEMBER("essential", cJSON_IsBool(v) && (cJSON_IsTrue(v) || (flag(ic, c, "essential", v), true)));
    MEMBER("cpu", c_int(ic, c, "cpu", v, 0));
    MEMBER("memory", c_int(ic, c, "memory", v, 1));
    MEMBER("memoryReservation", c_int(ic, c, "memory_reservation", v, 1));
    MEMBER("portMappings", c_ports(ic, c, v));
    MEMBER("environment", c_env(ic, c, v));
    MEMBER("environmentFiles", c_env_files(ic, c, v));
    MEMBER("secrets", secrets(ic, c, v));
    MEMBER("entryPoint", strings_field(ic, c, "entrypoint", v, true));
    MEMBER("command", strings_field(ic, c, "command", v, true));
    MEMBER("workingDirectory", c_string(ic, c, "workdir", v));
    MEMBER("user", c_string(ic, c, "user", v));
    MEMBER("hostname", c_string(ic, c, "hostname", v));
    MEMBER("healthCheck", c_health(ic, c, v));
    MEMBER("dependsOn", c_depends(ic, c, v));
    MEMBER("mountPoints", c_mounts(ic, c, v));
    MEMBER("volumesFrom", c_volumes_from(ic, c, v));
    MEMBER("links", strings_field(ic, c, "links", v, false));
    MEMBER("ulimits", c_ulimits(ic, c, v));
    MEMBER("linuxParameters", c_linux(ic, c, v));
    MEMBER("readonlyRootFilesystem", cJSON_IsBool(v) && (flag(ic, c, "readonly_root", v), true));
    MEMBER("privileged", cJSON_IsBool(v) && (flag(ic, c, "privileged", v), true));
    MEMBER("disableNetworking", cJSON_IsBool(v) && (flag(ic, c, "disable_networking", v), true));
    MEMBER("interactive", cJSON_IsBool(v) && (flag(ic, c, "interactive", v), true));
    MEMBER("pseudoTerminal", cJSON_IsBool(v) && (flag(ic, c, "tty", v), true));
    MEMBER("startTimeout", c_int(ic, c, "start_timeout", v, 2));
    MEMBER("stopTimeout", c_int(ic, c, "stop_timeout", v, 2));
    MEMBER("dockerLabels", cJSON_IsObject(v) && v->child && map_from_object(ic, import_block(ic, c, "labels"), v));
    MEMBER("dnsServers", strings_field(ic, c, "dns", v, false));
    MEMBER("dnsSearchDomains", strings_field(ic, c, "dns_search", v, false));
    MEMBER("extraHosts", c_pairs(ic, c, "extra_host", v, "hostname", "ipAddress", false));
    MEMBER("dockerSecurityOptions", strings_field(ic, c, "security_opt", v, false));
    MEMBER("systemControls", c_pairs(ic, c, "sysctl", v, "namespace", "value", true));
    MEMBER("credentialSpecs", strings_field(ic, c, "credential_spec", v, false));
    MEMBER("firelensConfiguration", c_firelens(ic, c, v));
    MEMBER("versionConsistency",
           jv_str(v) && (strcmp(jv_str(v), "enabled") == 0 || strcmp(jv_str(v), "disabled") == 0)
           && (import_word(ic, import_stmt(ic, c, "version_consistency"), jv_str(v)), true));
    MEMBER("restartPolicy", c_restart(ic, c, v));
    MEMBER("resourceRequirements", c_gpu(ic, c, v));
#undef MEMBER
}

void import_container(ImportCtx *ic, ImportNode *task, const cJSON *cd, const cJSON *task_log,
                      bool task_none, bool fargate)
{
    (void)fargate;
    Obj o;
    const char *name = jv_str(cJSON_GetObjectItemCaseSensitive(cd, "name"));
    obj_init(&o, cd, "ContainerDefinition",
             arena_printf(ic->arena, "container '%s'", name ? name : "?"));
    obj_take(ic, &o, "name");
    ImportNode *c = import_block(ic, task, "container");
    ImportNode *raw = NULL;
    if (name && import_is_name(name)) {
        import_word(ic, c, name);
    } else {
        import_word(ic, c, import_make_name(ic, name ? name : "container"));
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(cd, "name");
        if (v)
            raw_member(ic, c, &raw, "name", v, "it is not a name .ecs can write");
        else
            import_warn(ic, c, "W0042", "the container has no name; named '%s' here",
                        (const char *)c->args.items[0]);
    }
    container_members(ic, c, &o, &raw);
    const cJSON *lc = obj_take(ic, &o, "logConfiguration");
    if (lc && !import_logs_words(ic, lc)) {
        /* `logs awslogs` would fill in the group, prefix or region, and
           imply an execution role: what the input has is kept as it is */
        import_word(ic, import_stmt(ic, c, "logs"), "none");
        raw_member(ic, c, &raw, "logConfiguration", lc,
                   ic->no_exec_role ? "with `logs awslogs` ecsc would add an execution role, which the input has not"
                                    : "with `logs awslogs` ecsc would fill in the options the input leaves out");
    } else if (lc && !(task_log && cJSON_Compare(lc, task_log, true)) && !import_logs(ic, c, lc)) {
        /* raw merges into what `logs` makes: start from no configuration */
        import_word(ic, import_stmt(ic, c, "logs"), "none");
        raw_member(ic, c, &raw, "logConfiguration", lc, "its value has no .ecs word");
    } else if (!lc && !task_none) {
        import_word(ic, import_stmt(ic, c, "logs"), "none");
    }
    obj_rest(ic, &o, c, &raw);
}

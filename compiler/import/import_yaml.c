/* import_yaml.c - the YAML reader of `ecsc import` (import_yaml.h): which YAML an input is, the
 * loading of it, and the helpers its compose and Copilot halves share (import_yaml_int.h). */
#include "import/import_yaml_int.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const copilot_types[] = {
    "Load Balanced Web Service", "Backend Service", "Worker Service", "Scheduled Job",
    "Environment", "Request-Driven Web Service", "Static Site", NULL,
};

static bool yaml_name(const char *path)
{
    size_t n = path ? strlen(path) : 0;
    return (n > 4 && !strcmp(path + n - 4, ".yml")) || (n > 5 && !strcmp(path + n - 5, ".yaml"));
}

static bool is_copilot_type(const char *t)
{
    for (int i = 0; t && copilot_types[i]; i++)
        if (!strcmp(t, copilot_types[i]))
            return true;
    return false;
}

ImportFormat import_yaml_detect(const char *path, const char *text, size_t len)
{
    size_t i = 0;
    while (i < len && isspace((unsigned char)text[i]))
        i++;
    if (i < len && (text[i] == '{' || text[i] == '['))
        return IMPORT_UNKNOWN;   /* JSON: the JSON reader's */
    YamlDoc doc;
    YamlError err;
    if (yaml_json_parse(text, len, NULL, &doc, &err) != 0)
        return yaml_name(path) ? IMPORT_COMPOSE : IMPORT_UNKNOWN;   /* import_yaml says why */
    ImportFormat f = IMPORT_UNKNOWN;
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(doc.root, "type");
    if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(doc.root, "services")))
        f = IMPORT_COMPOSE;
    else if (cJSON_IsString(type) && is_copilot_type(type->valuestring))
        f = IMPORT_COPILOT;
    else if (cJSON_IsObject(doc.root) && yaml_name(path))
        f = IMPORT_COMPOSE;      /* not one we know: import_yaml says what it lacks */
    yaml_json_free(&doc);
    return f;
}

bool import_yaml(ImportCtx *ic, ImportFormat f, const char *text, size_t len)
{
    YamlIn y = {.ic = ic, .path = ic->source ? ic->source : "<input>"};
    const char *slash = strrchr(y.path, '/');
    y.dir = slash ? arena_strndup(ic->arena, y.path, (size_t)(slash - y.path + 1)) : "";
    YamlError err;
    if (yaml_json_parse(text, len, NULL, &y.doc, &err) != 0) {
        if (err.line)
            import_error(ic, "E0045", "line %d, column %d: %s", err.line, err.column, err.message);
        else
            import_error(ic, "E0045", "%s", err.message);
        return false;
    }
    bool ok;
    if (!cJSON_IsObject(y.doc.root)) {
        import_error(ic, "E0046", "the YAML is not a mapping: neither a docker-compose file nor a "
                     "Copilot manifest");
        ok = false;
    } else if (f == IMPORT_COPILOT) {
        ok = import_copilot(&y);
    } else {
        ok = import_compose(&y);
    }
    /* What a reader collected for a task it never wrote (it stopped at an error). */
    cJSON_Delete(y.awslogs);
    yaml_json_free(&y.doc);
    return ok && ic->errors == 0;
}

/* --- notes ---------------------------------------------------------------------------------- */

static char *vline(YamlIn *y, const cJSON *at, const char *fmt, va_list ap)
{
    char *msg = arena_vprintf(y->ic->arena, fmt, ap);
    YamlPos p = at ? yaml_json_where(&y->doc, at) : (YamlPos){0, 0};
    return p.line ? arena_printf(y->ic->arena, "line %d: %s", p.line, msg) : msg;
}

void ynote(YamlIn *y, const char *owner, const cJSON *at, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    YNote *n = ARENA_NEW(y->ic->arena, YNote);
    n->owner = owner;
    n->code = code;
    n->text = vline(y, at, fmt, ap);
    va_end(ap);
    vec_push(y->ic->arena, &y->notes, n);
}

void yerror(YamlIn *y, const cJSON *at, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *msg = vline(y, at, fmt, ap);
    va_end(ap);
    import_error(y->ic, code, "%s", msg);
}

/* --- values ----------------------------------------------------------------------------------- */

const char *ytext(YamlIn *y, const cJSON *v)
{
    if (cJSON_IsString(v))
        return v->valuestring;
    if (cJSON_IsBool(v))
        return cJSON_IsTrue(v) ? "true" : "false";
    if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        if (d == floor(d) && fabs(d) < 1e15)
            return arena_printf(y->ic->arena, "%lld", (long long)d);
        char buf[64];
        snprintf(buf, sizeof buf, "%.15g", d);
        return arena_strdup(y->ic->arena, buf);
    }
    return NULL;
}

bool ydur(const cJSON *v, int64_t *secs)
{
    if (cJSON_IsNumber(v)) {
        if (v->valuedouble < 0 || v->valuedouble > 1e9)
            return false;
        *secs = (int64_t)ceil(v->valuedouble);
        return true;
    }
    if (!cJSON_IsString(v) || !*v->valuestring)
        return false;
    double total = 0;
    const char *p = v->valuestring;
    while (*p) {
        char *end;
        double n = strtod(p, &end);
        if (end == p || n < 0 || !isfinite(n))
            return false;
        p = end;
        double unit;
        if (!strncmp(p, "ms", 2))
            unit = 0.001, p += 2;
        else if (!strncmp(p, "us", 2))
            unit = 1e-6, p += 2;
        else if (*p == 'h')
            unit = 3600, p++;
        else if (*p == 'm')
            unit = 60, p++;
        else if (*p == 's')
            unit = 1, p++;
        else if (*p == 'd')
            unit = 86400, p++;
        else
            return false;
        total += n * unit;
    }
    if (total > 1e9)
        return false;
    *secs = (int64_t)ceil(total - 1e-9);
    return true;
}

bool ymib(const cJSON *v, double bare_bytes, int64_t *mib)
{
    double n, mul = bare_bytes;
    if (cJSON_IsNumber(v)) {
        n = v->valuedouble;
    } else if (cJSON_IsString(v)) {
        char *end;
        n = strtod(v->valuestring, &end);
        if (end == v->valuestring)
            return false;
        while (*end == ' ')
            end++;
        char u[4] = {0};
        for (int i = 0; i < 3 && end[i]; i++)
            u[i] = (char)tolower((unsigned char)end[i]);
        if (strlen(end) > 3)
            return false;
        if (!*u)
            mul = bare_bytes;
        else if (!strcmp(u, "b"))
            mul = 1;
        else if (!strcmp(u, "k") || !strcmp(u, "kb") || !strcmp(u, "kib"))
            mul = 1024;
        else if (!strcmp(u, "m") || !strcmp(u, "mb") || !strcmp(u, "mib"))
            mul = 1024.0 * 1024;
        else if (!strcmp(u, "g") || !strcmp(u, "gb") || !strcmp(u, "gib"))
            mul = 1024.0 * 1024 * 1024;
        else
            return false;
    } else {
        return false;
    }
    double m = n * mul / (1024.0 * 1024);
    if (!isfinite(m) || m <= 0 || m > 1e8)
        return false;
    *mib = (int64_t)ceil(m - 1e-9);
    return true;
}

bool ycpus(const cJSON *v, int64_t *units)
{
    double n;
    if (cJSON_IsNumber(v))
        n = v->valuedouble;
    else if (cJSON_IsString(v)) {
        char *end;
        n = strtod(v->valuestring, &end);
        if (end == v->valuestring || *end)
            return false;
    } else {
        return false;
    }
    if (!isfinite(n) || n <= 0 || n > 1024)
        return false;
    *units = (int64_t)llround(n * 1024);
    return *units > 0;
}

cJSON *ywords(const char *line)
{
    cJSON *out = cJSON_CreateArray();
    size_t cap = strlen(line) + 1;
    char *w = malloc(cap);
    const char *p = line;
    while (out && w) {
        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
        if (!*p)
            break;
        size_t n = 0;
        char quote = 0;
        for (; *p && (quote || (*p != ' ' && *p != '\t' && *p != '\n')); p++) {
            if (quote == '\'' && *p == '\'') {
                quote = 0;
            } else if (quote == '\'') {
                w[n++] = *p;
            } else if (*p == '\\' && p[1] && (!quote || strchr("\"\\$`", p[1]))) {
                w[n++] = *++p;
            } else if (*p == '"' || (*p == '\'' && !quote)) {
                quote = quote ? 0 : *p;
            } else {
                w[n++] = *p;
            }
        }
        if (quote) {
            cJSON_Delete(out);
            out = NULL;
            break;
        }
        w[n] = '\0';
        cJSON_AddItemToArray(out, cJSON_CreateString(w));
    }
    free(w);
    return out;
}

cJSON *ystrings(YamlIn *y, const cJSON *v, bool split)
{
    if (cJSON_IsString(v))
        return split ? ywords(v->valuestring) : cJSON_CreateStringArray((const char *[]){v->valuestring}, 1);
    if (!cJSON_IsArray(v))
        return NULL;
    cJSON *out = cJSON_CreateArray();
    for (const cJSON *e = v->child; e && out; e = e->next) {
        const char *t = ytext(y, e);
        if (!t) {
            cJSON_Delete(out);
            return NULL;
        }
        cJSON_AddItemToArray(out, cJSON_CreateString(t));
    }
    return out;
}

char *yread(YamlIn *y, const char *path, size_t max, bool nofollow, size_t *len, const char **why)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0));
    struct stat st;
    *why = NULL;
    if (fd < 0)
        *why = errno == ELOOP ? "a symbolic link" : strerror(errno);
    else if (fstat(fd, &st) != 0)
        *why = strerror(errno);
    else if (!S_ISREG(st.st_mode))
        *why = "not a regular file";
    else if ((size_t)st.st_size > max)
        *why = arena_printf(y->ic->arena, "larger than %zu bytes", max);
    if (*why) {
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    char *buf = arena_alloc(y->ic->arena, (size_t)st.st_size + 1);
    size_t n = 0;
    while (n < (size_t)st.st_size) {
        ssize_t got = read(fd, buf + n, (size_t)st.st_size - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        n += (size_t)got;
    }
    close(fd);
    buf[n] = '\0';
    *len = n;
    return buf;
}

void yhealth(YamlIn *y, const char *owner, const cJSON *hc, cJSON *cmd, cJSON *cd)
{
    static const struct {
        const char *key, *api;
        int lo, hi;
    } timings[] = {{"interval", "interval", 5, 300}, {"timeout", "timeout", 2, 120},
                   {"retries", "retries", 1, 10}, {"start_period", "startPeriod", 0, 300}};
    cJSON *out = cJSON_AddObjectToObject(cd, "healthCheck");
    cJSON_AddItemToObject(out, "command", cmd);
    for (size_t i = 0; i < sizeof timings / sizeof timings[0]; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(hc, timings[i].key);
        bool count = timings[i].key[0] == 'r';
        int64_t n;
        if (!v)
            continue;
        if (count ? !cJSON_IsNumber(v) : !ydur(v, &n)) {
            yerror(y, v, "E0046", "'%s': healthcheck %s is not a %s", owner, timings[i].key,
                   count ? "number" : "duration");
            continue;
        }
        if (count)
            n = (int64_t)v->valuedouble;
        int64_t to = n < timings[i].lo ? timings[i].lo : n > timings[i].hi ? timings[i].hi : n;
        if (to != n)
            ynote(y, owner, v, "W0046", "healthcheck %s %lld%s is outside ECS's %d-%d%s: %lld%s",
                  timings[i].key, (long long)n, count ? "" : "s", timings[i].lo, timings[i].hi,
                  count ? "" : "s", (long long)to, count ? "" : "s");
        cJSON_AddNumberToObject(out, timings[i].api, (double)to);
    }
}

/* --- the tree --------------------------------------------------------------------------------- */

ImportNode *yfind(ImportNode *parent, const char *head, const char *arg0)
{
    VEC_EACH(ImportNode *, n, parent->children)
        if (!n->assign && !strcmp(n->head, head) &&
            (!arg0 || (n->args.len && !strcmp((const char *)n->args.items[0], arg0))))
            return n;
    return NULL;
}

void ydrop(ImportNode *parent, const char *head, const char *arg0)
{
    int o = 0;
    for (int i = 0; i < parent->children.len; i++) {
        ImportNode *n = parent->children.items[i];
        if (!n->assign && !strcmp(n->head, head) &&
            (!arg0 || (n->args.len && !strcmp((const char *)n->args.items[0], arg0))))
            continue;
        parent->children.items[o++] = n;
    }
    parent->children.len = o;
}

void yparam(ImportCtx *ic, const char *name, const char *type, const char *dflt, const char *why)
{
    VEC_EACH(ImportNode *, p, ic->doc.params)
        if (!strcmp((const char *)p->args.items[0], name))
            return;
    ImportNode *p = ARENA_NEW(ic->arena, ImportNode);
    p->head = "param";
    import_word(ic, p, name);
    import_token(ic, p, type);
    if (dflt) {
        import_word(ic, p, "default");
        import_string(ic, p, dflt);
    }
    p->trailing = why;   /* import_quote's params read "from ${NAME}" here */
    vec_push(ic->arena, &ic->doc.params, p);
    /* Known to import_quote too: `${NAME}` in a string is this param, not a second one. */
    map_put(&ic->params, p->args.items[0], p);
}

void yapp(YamlIn *y, const char *name)
{
    ImportCtx *ic = y->ic;
    if (ic->app || yfind(&ic->doc.root, "app", NULL))
        return;
    ic->app = name;
    ImportNode *a = import_block(ic, NULL, "app");
    import_word(ic, a, name);
    import_comment(ic, a, "region and account: here, or -D region=... -D account=...");
    Vec *top = &ic->doc.root.children;
    memmove(top->items + 1, top->items, (size_t)(top->len - 1) * sizeof *top->items);
    top->items[0] = a;
}

const char *yfamily(YamlIn *y, const char *name)
{
    return y->ic->app ? arena_printf(y->ic->arena, "%s-%s", y->ic->app, name) : name;
}

const char *yname(YamlIn *y, const char *text)
{
    return import_is_name(text) ? arena_strdup(y->ic->arena, text) : import_make_name(y->ic, text);
}

/* The strings of a subtree that import_taskdef took from the JSON, copied into the arena. */
static void own(ImportCtx *ic, ImportNode *n)
{
    n->head = arena_strdup(ic->arena, n->head);
    for (int i = 0; i < n->args.len; i++)
        n->args.items[i] = arena_strdup(ic->arena, n->args.items[i]);
    for (int i = 0; i < n->comments.len; i++)
        n->comments.items[i] = arena_strdup(ic->arena, n->comments.items[i]);
    if (n->trailing)
        n->trailing = arena_strdup(ic->arena, n->trailing);
    VEC_EACH(ImportNode *, c, n->children)
        own(ic, c);
}

/* `logs awslogs [group "G"] [prefix "P"] [create_group] [{ OTHER = "..." }]` from OPTS. */
static void awslogs(YamlIn *y, ImportNode *c, const cJSON *opts)
{
    ImportCtx *ic = y->ic;
    ImportNode *l = import_stmt(ic, c, "logs");
    import_word(ic, l, "awslogs");
    for (const cJSON *o = opts->child; o; o = o->next) {
        const char *v = ytext(y, o);
        if (!v)
            continue;
        if (!strcmp(o->string, "awslogs-group") || !strcmp(o->string, "awslogs-stream-prefix")) {
            import_word(ic, l, o->string[8] == 'g' ? "group" : "prefix");
            import_string(ic, l, v);
        } else if (!strcmp(o->string, "awslogs-create-group") && !strcmp(v, "true")) {
            import_word(ic, l, "create_group");
        } else {
            l->has_block = true;
            import_assign(ic, l, o->string, v);
        }
    }
}

ImportNode *ytask(YamlIn *y, cJSON *td)
{
    ImportCtx *ic = y->ic;
    int before = ic->doc.root.children.len;
    bool ok = import_taskdef(ic, td);
    ImportNode *task = NULL;
    for (int i = before; i < ic->doc.root.children.len; i++) {
        ImportNode *n = ic->doc.root.children.items[i];
        own(ic, n);
        if (!strcmp(n->head, "task"))
            task = n;
    }
    cJSON_Delete(td);
    if (!ok || !task)
        return NULL;
    /* The formats say nothing of logs where ECS would have none: ecsc's default (awslogs) is
       what ecs-cli, Docker's ECS integration and Copilot gave them. */
    ydrop(task, "logs", "none");
    VEC_EACH(ImportNode *, c, task->children)
        if (!strcmp(c->head, "container"))
            ydrop(c, "logs", "none");
    VEC_EACH(const char *, q, y->quiet) {
        ImportNode *c = yfind(task, "container", q);
        if (c)
            import_word(ic, import_stmt(ic, c, "logs"), "none");
    }
    y->quiet.len = 0;
    for (const cJSON *a = y->awslogs ? y->awslogs->child : NULL; a; a = a->next) {
        ImportNode *c = yfind(task, "container", a->string);
        if (c)
            awslogs(y, c, a);
    }
    cJSON_Delete(y->awslogs);
    y->awslogs = NULL;
    VEC_EACH(YNote *, note, y->notes) {
        ImportNode *at = note->owner ? yfind(task, "container", note->owner) : NULL;
        import_warn(ic, at ? at : task, note->code, "%s", note->text);
    }
    y->notes.len = 0;
    return task;
}

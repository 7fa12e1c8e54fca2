/* import_json.c - the JSON inputs of `ecsc import`: reading them within
   limits (size, depth, UTF-8), telling their kind apart, unwrapping
   describe output (read-only keys dropped with a note), and the helpers
   the readers share for walking objects (import_int.h). */
#include "import/import_int.h"
#include "sema/schema.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* --- walking objects ------------------------------------------------------------- */

void obj_init(Obj *o, const cJSON *json, const char *shape, const char *what)
{
    memset(o, 0, sizeof *o);
    o->json = json;
    o->shape = shape;
    o->what = what;
}

static bool taken(const Obj *o, const cJSON *v)
{
    VEC_EACH(const cJSON *, t, o->taken)
        if (t == v)
            return true;
    return false;
}

/* The first string of `v` that is outside the enum of its shape, or NULL. */
static const char *enum_misfit(ImportCtx *ic, const cJSON *v, const SchemaShape *shape)
{
    if (!shape)
        return NULL;
    if (cJSON_IsString(v))
        return schema_enum_count(shape) && !schema_enum_contains(shape, v->valuestring) ? v->valuestring : NULL;
    const char *bad = NULL;
    for (const cJSON *it = v->child; it && !bad; it = it->next) {
        const SchemaShape *sub = cJSON_IsArray(v) ? schema_list_member(shape)
                               : schema_kind(shape) == SCHEMA_MAP ? schema_map_value(shape)
                               : schema_member(shape, it->string);
        bad = enum_misfit(ic, it, sub);
    }
    return bad;
}

void raw_member(ImportCtx *ic, ImportNode *owner, ImportNode **raw, const char *key,
                const cJSON *v, const char *why)
{
    if (!*raw) {
        *raw = import_block(ic, owner, "raw");
        (*raw)->blank_before = owner->children.len > 1;
    }
    const SchemaShape *shape = schema_shape(strcmp(owner->head, "task") == 0 ? "RegisterTaskDefinitionRequest"
                                            : "ContainerDefinition");
    const char *bad = enum_misfit(ic, v, schema_member(shape, key));
    if (bad) {
        const char *text = import_json_token(ic, v);
        import_warn(ic, owner, "W0042", "'%s' left out: \"%s\" is not one of the values ECS accepts there%s%s",
                    key, bad, text ? "; it was " : "", text ? text : "");
        return;
    }
    if (!import_raw(ic, *raw, key, v)) {
        import_warn(ic, *raw, "W0042", "'%s' holds a null or a control character, which .ecs cannot write: left out", key);
        return;
    }
    import_warn(ic, (*raw)->children.items[(*raw)->children.len - 1], "W0041",
                "'%s' kept in raw: %s", key, why);
}

/* Members whose empty value means what their absence means: left out. */
static bool empty_noise(const cJSON *v, const char *key)
{
    if (strcmp(key, "command") == 0 || strcmp(key, "entryPoint") == 0)
        return false;
    return (cJSON_IsArray(v) || cJSON_IsObject(v)) && !v->child;
}

const cJSON *obj_take(ImportCtx *ic, Obj *o, const char *key)
{
    if (!cJSON_IsObject(o->json))
        return NULL;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o->json, key);
    if (v)
        vec_push(ic->arena, &o->taken, (void *)v);
    if (v && o->shape && empty_noise(v, key)) {
        vec_push(ic->arena, &o->empty, (void *)key);
        return NULL;
    }
    return v;
}

void obj_rest(ImportCtx *ic, Obj *o, ImportNode *owner, ImportNode **raw)
{
    if (o->empty.len) {
        StrBuf b = {0};
        VEC_EACH(const char *, k, o->empty)
            strbuf_printf(&b, "%s%s", b.len ? ", " : "", k);
        import_comment(ic, owner, "empty in the input, so left out: %s", strbuf_cstr(&b));
        strbuf_free(&b);
    }
    const SchemaShape *shape = o->shape ? schema_shape(o->shape) : NULL;
    for (const cJSON *it = o->json->child; it; it = it->next) {
        if (taken(o, it))
            continue;
        if (shape && schema_member(shape, it->string) && !cJSON_IsNull(it))
            raw_member(ic, owner, raw, it->string, it, "it has no .ecs word");
        else
            import_warn(ic, owner, "W0042", "'%s' in %s is not a member of %s: left out", it->string,
                        o->what ? o->what : "the input", o->shape ? o->shape : "the API");
    }
    if (*raw) {         /* the raw block goes last */
        Vec *v = &owner->children;
        int i = 0;
        while (i < v->len && v->items[i] != *raw)
            i++;
        if (i < v->len) {
            memmove(v->items + i, v->items + i + 1, (size_t)(v->len - i - 1) * sizeof *v->items);
            v->items[v->len - 1] = *raw;
        }
        (*raw)->blank_before = v->len > 1;
    }
}

bool seen_twice(Map *seen, const char *key)
{
    return map_put(seen, key, (void *)key) != NULL;
}

/* --- values ------------------------------------------------------------------------ */

const char *jv_str(const cJSON *v)
{
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

bool jv_int(const cJSON *v, int64_t *out)
{
    if (!cJSON_IsNumber(v))
        return false;
    double d = v->valuedouble;
    if (!isfinite(d) || d != floor(d) || fabs(d) > 4e15)
        return false;
    *out = (int64_t)d;
    return true;
}

bool jv_int_text(const cJSON *v, int64_t *out)
{
    if (jv_int(v, out))
        return true;
    const char *s = jv_str(v);
    if (!s || !*s || strlen(s) > 15)
        return false;
    for (const char *p = s; *p; p++)
        if (!isdigit((unsigned char)*p))
            return false;
    *out = strtoll(s, NULL, 10);
    return true;
}

bool jv_strings(const cJSON *v, const char ***items, int *count, Arena *a)
{
    if (!cJSON_IsArray(v))
        return false;
    int n = cJSON_GetArraySize(v);
    const char **out = ARENA_ARRAY(a, const char *, n + 1);
    int i = 0;
    for (const cJSON *it = v->child; it; it = it->next) {
        if (!cJSON_IsString(it))
            return false;
        out[i++] = it->valuestring;
    }
    *items = out;
    *count = n;
    return true;
}

bool map_from_object(ImportCtx *ic, ImportNode *map, const cJSON *obj)
{
    if (!cJSON_IsObject(obj))
        return false;
    for (const cJSON *it = obj->child; it; it = it->next)
        if (!cJSON_IsString(it) || !import_quote_ok(it->string) || !import_quote_ok(it->valuestring))
            return false;
    map->has_block = true;
    for (const cJSON *it = obj->child; it; it = it->next)
        import_assign(ic, map, it->string, it->valuestring);
    return true;
}

/* --- spellings with units ---------------------------------------------------------- */

static const char *decimal(ImportCtx *ic, int64_t n, int64_t unit, const char *suffix)
{
    if (n % unit == 0)
        return arena_printf(ic->arena, "%lld%s", (long long)(n / unit), suffix);
    /* quarters and halves read well: 0.25 vcpu, 1.5 GiB */
    if ((n * 4) % unit == 0) {
        double d = (double)n / (double)unit;
        return arena_printf(ic->arena, "%g%s", d, suffix);
    }
    return NULL;
}

const char *spell_cpu(ImportCtx *ic, int64_t units)
{
    const char *s = units >= 256 ? decimal(ic, units, 1024, " vcpu") : NULL;
    return s ? s : arena_printf(ic->arena, "%lld", (long long)units);
}

const char *spell_mib(ImportCtx *ic, int64_t mib)
{
    if (mib >= 1024 && mib % 1024 == 0)
        return arena_printf(ic->arena, "%lld GiB", (long long)(mib / 1024));
    return arena_printf(ic->arena, "%lld MiB", (long long)mib);
}

const char *spell_seconds(ImportCtx *ic, int64_t s)
{
    if (s >= 3600 && s % 3600 == 0)
        return arena_printf(ic->arena, "%lldh", (long long)(s / 3600));
    if (s >= 60 && s % 60 == 0)
        return arena_printf(ic->arena, "%lldm", (long long)(s / 60));
    return arena_printf(ic->arena, "%llds", (long long)s);
}

/* --- reading JSON within limits ------------------------------------------------------ */

/* The first byte that is not UTF-8, or -1. */
static long bad_utf8(const unsigned char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        unsigned char c = s[i];
        size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (n == 0 || i + n > len || (n == 2 && c < 0xc2))
            return (long)i;
        for (size_t k = 1; k < n; k++)
            if ((s[i + k] & 0xc0) != 0x80)
                return (long)i;
        if ((n == 3 && c == 0xe0 && s[i + 1] < 0xa0) || (n == 3 && c == 0xed && s[i + 1] >= 0xa0)
            || (n == 4 && c == 0xf0 && s[i + 1] < 0x90) || (n == 4 && (c > 0xf4 || (c == 0xf4 && s[i + 1] >= 0x90))))
            return (long)i;
        i += n;
    }
    return -1;
}

/* The deepest nesting of [ and { outside strings. */
static int json_depth(const char *s, size_t len)
{
    int depth = 0, max = 0;
    bool in_str = false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (in_str) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_str = false;
        } else if (c == '"') {
            in_str = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max)
                max = depth;
        } else if (c == ']' || c == '}') {
            depth--;
        }
    }
    return max;
}

/* Line and column of byte `off`. */
static void line_col(const char *s, size_t off, int *line, int *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off; i++) {
        if (s[i] == '\n')
            (*line)++, *col = 1;
        else
            (*col)++;
    }
}

/* The parsed document, or NULL after an error (E0040). */
static cJSON *parse(ImportCtx *ic, const char *text, size_t len)
{
    if (len > IMPORT_MAX_BYTES) {
        import_error(ic, "E0040", "the input is %zu bytes; at most %u are read", len, IMPORT_MAX_BYTES);
        return NULL;
    }
    long bad = bad_utf8((const unsigned char *)text, len);
    if (bad >= 0) {
        int line, col;
        line_col(text, (size_t)bad, &line, &col);
        import_error(ic, "E0040", "%d:%d: the input is not UTF-8 (byte 0x%02x)", line, col,
                     (unsigned char)text[bad]);
        return NULL;
    }
    if (memchr(text, '\0', len)) {
        import_error(ic, "E0040", "the input holds a NUL byte");
        return NULL;
    }
    if (json_depth(text, len) > IMPORT_MAX_DEPTH) {
        import_error(ic, "E0040", "the input nests arrays and objects more than %d deep", IMPORT_MAX_DEPTH);
        return NULL;
    }
    const char *end = NULL;
    cJSON *doc = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (doc) {
        while (end < text + len && isspace((unsigned char)*end))
            end++;
        if (end < text + len) {
            cJSON_Delete(doc);
            doc = NULL;
        }
    }
    if (!doc) {
        size_t off = end && end >= text && end <= text + len ? (size_t)(end - text) : 0;
        int line, col;
        line_col(text, off, &line, &col);
        import_error(ic, "E0040", "%d:%d: this is not valid JSON", line, col);
    }
    return doc;
}

/* --- formats ------------------------------------------------------------------------ */

const char *import_format_name(ImportFormat f)
{
    switch (f) {
    case IMPORT_TASKDEF: return "task definition (register-task-definition input)";
    case IMPORT_TASKDEF_DESCRIBED: return "task definition (describe-task-definition output)";
    case IMPORT_SERVICE: return "service (create-service input)";
    case IMPORT_SERVICES_DESCRIBED: return "services (describe-services output)";
    case IMPORT_COMPOSE: return "docker-compose file";
    case IMPORT_COPILOT: return "AWS Copilot manifest";
    case IMPORT_UNKNOWN: break;
    }
    return "unknown";
}

static ImportFormat classify(const cJSON *doc)
{
    if (!cJSON_IsObject(doc))
        return IMPORT_UNKNOWN;
    if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(doc, "taskDefinition")))
        return IMPORT_TASKDEF_DESCRIBED;
    if (cJSON_GetObjectItemCaseSensitive(doc, "containerDefinitions"))
        return IMPORT_TASKDEF;
    if (cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(doc, "services"))
        || cJSON_GetObjectItemCaseSensitive(doc, "serviceArn"))
        return IMPORT_SERVICES_DESCRIBED;
    if (cJSON_GetObjectItemCaseSensitive(doc, "serviceName"))
        return IMPORT_SERVICE;
    return IMPORT_UNKNOWN;
}

/* JSON text: the first byte that is not blank opens an object or a list. */
static bool looks_json(const char *text, size_t len)
{
    size_t i = 0;
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
        i = 3;
    while (i < len && isspace((unsigned char)text[i]))
        i++;
    return i < len && (text[i] == '{' || text[i] == '[');
}

ImportFormat import_json_detect(const char *path, const char *text, size_t len)
{
    (void)path;
    if (!looks_json(text, len) || len > IMPORT_MAX_BYTES || json_depth(text, len) > IMPORT_MAX_DEPTH)
        return IMPORT_UNKNOWN;
    cJSON *doc = cJSON_ParseWithLength(text, len);
    ImportFormat f = classify(doc);
    cJSON_Delete(doc);
    return f;
}

static const char *kind_of(const cJSON *v)
{
    return cJSON_IsObject(v) ? "an object" : cJSON_IsArray(v) ? "a list" : cJSON_IsString(v) ? "a string"
         : cJSON_IsNumber(v) ? "a number" : cJSON_IsBool(v) ? "a boolean" : "null";
}

/* Checks that objects and lists are where the API has them (a list given
   as an object cannot be imported; the error names the path).  `path`
   holds the path of `v` while it is checked, and is cut back after: no
   allocation per element, however long the lists. */
static bool check_shape(ImportCtx *ic, const cJSON *v, const SchemaShape *shape, StrBuf *path)
{
    if (!shape || cJSON_IsNull(v))
        return true;
    SchemaKind k = schema_kind(shape);
    bool want_obj = (k == SCHEMA_STRUCT && !schema_is_document(shape)) || k == SCHEMA_MAP;
    if ((want_obj && !cJSON_IsObject(v)) || (k == SCHEMA_LIST && !cJSON_IsArray(v))) {
        import_error(ic, "E0042", "%s is %s, not %s as the ECS API has it",
                     path->len ? strbuf_cstr(path) : "the top level", kind_of(v),
                     k == SCHEMA_LIST ? "a list" : "an object");
        return false;
    }
    size_t len = path->len;
    bool ok = true;
    if (k == SCHEMA_LIST) {
        const SchemaShape *item = schema_list_member(shape);
        SchemaKind ik = item ? schema_kind(item) : SCHEMA_STRING;
        if (ik != SCHEMA_STRUCT && ik != SCHEMA_LIST && ik != SCHEMA_MAP)
            return true;        /* scalars: their types are checked where they are read */
        int i = 0;
        for (const cJSON *it = v->child; it && ok; it = it->next, i++) {
            strbuf_printf(path, "[%d]", i);
            ok = check_shape(ic, it, item, path);
            path->len = len;
        }
    } else if (k == SCHEMA_STRUCT && want_obj) {
        for (const cJSON *it = v->child; it && ok; it = it->next) {
            strbuf_printf(path, "%s%s", len ? "." : "", it->string);
            ok = check_shape(ic, it, schema_member(shape, it->string), path);
            path->len = len;
        }
    }
    return ok;
}

/* check_shape() of a whole document against API shape `name`. */
static bool check_document(ImportCtx *ic, const cJSON *doc, const char *name)
{
    StrBuf path = {0};
    bool ok = check_shape(ic, doc, schema_shape(name), &path);
    strbuf_free(&path);
    return ok;
}

/* The members of describe-task-definition's TaskDefinition that
   register-task-definition does not take. */
static const char *const read_only[] = {"taskDefinitionArn", "revision", "status", "requiresAttributes",
                                        "compatibilities", "registeredAt", "registeredBy",
                                        "deregisteredAt", NULL};

static void drop_read_only(ImportCtx *ic, cJSON *td)
{
    StrBuf b = {0};
    for (int k = 0; read_only[k]; k++) {
        if (!cJSON_GetObjectItemCaseSensitive(td, read_only[k]))
            continue;
        cJSON_DeleteItemFromObjectCaseSensitive(td, read_only[k]);
        strbuf_printf(&b, "%s%s", b.len ? ", " : "", read_only[k]);
    }
    if (b.len)
        import_warn(ic, NULL, "W0040", "read-only keys of describe-task-definition output left out: %s",
                    strbuf_cstr(&b));
    strbuf_free(&b);
}

/* Members whose value is null mean "unset": removed, and counted. */
static int drop_nulls(cJSON *v)
{
    int n = 0;
    for (cJSON *it = v ? v->child : NULL, *next; it; it = next) {
        next = it->next;
        if (cJSON_IsNull(it) && cJSON_IsObject(v)) {
            cJSON_Delete(cJSON_DetachItemViaPointer(v, it));
            n++;
        } else {
            n += drop_nulls(it);
        }
    }
    return n;
}

static bool read_taskdef(ImportCtx *ic, cJSON *doc, bool described)
{
    cJSON *td = doc;
    if (described) {
        td = cJSON_GetObjectItemCaseSensitive(doc, "taskDefinition");
        cJSON *tags = cJSON_GetObjectItemCaseSensitive(doc, "tags");
        if (tags && !cJSON_GetObjectItemCaseSensitive(td, "tags"))
            cJSON_AddItemToObject(td, "tags", cJSON_Duplicate(tags, true));
        for (const cJSON *it = doc->child; it; it = it->next)
            if (strcmp(it->string, "taskDefinition") != 0 && strcmp(it->string, "tags") != 0)
                import_warn(ic, NULL, "W0040", "'%s' of the describe-task-definition output left out", it->string);
    }
    drop_read_only(ic, td);
    int nulls = drop_nulls(td);
    if (nulls)
        import_warn(ic, NULL, "W0040", "%d member%s whose value is null (unset) left out", nulls,
                    nulls == 1 ? "" : "s");
    if (!check_document(ic, td, "RegisterTaskDefinitionRequest"))
        return false;
    return import_taskdef(ic, td);
}

const char *import_json_app(ImportCtx *ic, const char *text, size_t len)
{
    ImportFormat f = import_json_detect(NULL, text, len);
    if (f != IMPORT_SERVICE && f != IMPORT_SERVICES_DESCRIBED)
        return NULL;
    cJSON *doc = cJSON_ParseWithLength(text, len);
    const cJSON *svc = doc;
    if (cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(doc, "services")))
        svc = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "services"), 0);
    const char *app = svc ? import_service_app(ic, svc) : NULL;
    cJSON_Delete(doc);
    return app;
}

bool import_json(ImportCtx *ic, ImportFormat f, const char *text, size_t len)
{
    cJSON *doc = parse(ic, text, len);
    if (!doc)
        return false;
    if (f == IMPORT_UNKNOWN)
        f = classify(doc);
    bool ok;
    switch (f) {
    case IMPORT_TASKDEF:
    case IMPORT_TASKDEF_DESCRIBED:
        ok = read_taskdef(ic, doc, f == IMPORT_TASKDEF_DESCRIBED);
        break;
    case IMPORT_SERVICE:
        ok = check_document(ic, doc, "CreateServiceRequest") && import_service(ic, doc);
        break;
    case IMPORT_SERVICES_DESCRIBED:
        ok = import_services_described(ic, doc);
        break;
    default:
        import_error(ic, "E0041", "not an ECS task definition or service: expected an object with "
                     "\"containerDefinitions\" or \"serviceName\", or describe output with "
                     "\"taskDefinition\" or \"services\"");
        ok = false;
        break;
    }
    cJSON_Delete(doc);
    return ok;
}

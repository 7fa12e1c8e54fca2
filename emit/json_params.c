/* json_params.c - strings that hold params (model/param_text.h) in the
 * documents ecsc prints: filled with the param's value for the API
 * documents (taskdefs/, services/), turned into Fn::Sub for the template.
 */
#include "json_params.h"

#include "base/strbuf.h"
#include "json_build.h"
#include "model/param_text.h"

#include <string.h>

/* The param a marker names (`text`, `len`), its name copied into `name`. */
static const PlanParam *param_named(const Plan *p, const char *text, size_t len, char name[256])
{
    if (len > 255)
        len = 255;
    memcpy(name, text, len);
    name[len] = '\0';
    return plan_param_named(p, name);
}

typedef struct Fill {
    const Plan *plan;
    StrBuf out;
    const IrParam *missing;
} Fill;

static bool fill_piece(void *ctx, const char *text, size_t len, bool is_param)
{
    Fill *f = ctx;
    if (!is_param) {
        strbuf_putn(&f->out, text, len);
        return true;
    }
    char name[256];
    const PlanParam *pp = param_named(f->plan, text, len, name);
    if (!pp || !pp->value) {
        f->missing = pp ? pp->param : NULL;
        return false;
    }
    strbuf_puts(&f->out, pp->value);
    return true;
}

bool json_params_fill(cJSON *v, const Plan *p, const IrParam **missing)
{
    if (cJSON_IsString(v) && param_text_has(v->valuestring)) {
        Fill f = {p, {0}, NULL};
        bool ok = param_text_each(v->valuestring, fill_piece, &f);
        if (ok) {
            char *s = cJSON_malloc(f.out.len + 1);
            if (!s)
                ecsc_oom();
            memcpy(s, strbuf_cstr(&f.out), f.out.len + 1);
            cJSON_free(v->valuestring);
            v->valuestring = s;
        } else if (missing) {
            *missing = f.missing;
        }
        strbuf_free(&f.out);
        return ok;
    }
    cJSON *child;
    if (cJSON_IsObject(v) || cJSON_IsArray(v))
        cJSON_ArrayForEach(child, v)
            if (!json_params_fill(child, p, missing))
                return false;
    return true;
}

/* ---- Fn::Sub ------------------------------------------------------------------------ */

typedef struct Sub {
    const Plan *plan;
    StrBuf out;
    cJSON *vars;        /* list params: {Id: {"Fn::Join": [",", {"Ref": Id}]}} */
} Sub;

static bool sub_piece(void *ctx, const char *text, size_t len, bool is_param)
{
    Sub *s = ctx;
    if (!is_param) {
        for (size_t i = 0; i < len; i++) {
            strbuf_putc(&s->out, text[i]);
            if (text[i] == '$' && i + 1 < len && text[i + 1] == '{')
                strbuf_putc(&s->out, '{'), strbuf_putc(&s->out, '!'), i++;  /* "${" is literal */
        }
        return true;
    }
    char name[256];
    const PlanParam *pp = param_named(s->plan, text, len, name);
    const char *id = pp ? pp->id : name;
    strbuf_puts(&s->out, "${");
    strbuf_puts(&s->out, id);
    strbuf_putc(&s->out, '}');
    if (pp && pp->param && pp->param->is_list && s->vars
        && !cJSON_GetObjectItemCaseSensitive(s->vars, id)) {
        cJSON *join = json_put(json_put(s->vars, id, json_obj()), "Fn::Join", json_arr());
        json_append(join, json_str(","));
        json_put(json_append(join, json_obj()), "Ref", json_str(id));
    }
    return true;
}

/* The Fn::Sub form of a string holding params. */
static cJSON *to_sub(const Plan *p, const char *text)
{
    Sub s = {p, {0}, json_obj()};
    param_text_each(text, sub_piece, &s);
    cJSON *o = json_obj();
    if (cJSON_GetArraySize(s.vars)) {
        cJSON *args = json_put(o, "Fn::Sub", json_arr());
        json_append(args, json_str(strbuf_cstr(&s.out)));
        json_append(args, s.vars);
    } else {
        json_put(o, "Fn::Sub", json_str(strbuf_cstr(&s.out)));
        cJSON_Delete(s.vars);
    }
    strbuf_free(&s.out);
    return o;
}

/* Inside a string Fn::Sub already has, a param is one more variable. */
static void sub_in_place(const Plan *p, cJSON *str)
{
    Sub s = {p, {0}, NULL};
    StrBuf lit = {0};
    /* the text around the params is already in Fn::Sub's syntax */
    const char *t = str->valuestring;
    while (*t) {
        const char *open = strchr(t, IR_PARAM_OPEN);
        const char *close = open ? strchr(open, IR_PARAM_CLOSE) : NULL;
        if (!open || !close) {
            strbuf_puts(&lit, t);
            break;
        }
        strbuf_putn(&lit, t, (size_t)(open - t));
        s.out.len = 0;
        sub_piece(&s, open + 1, (size_t)(close - open - 1), true);
        strbuf_putn(&lit, s.out.data, s.out.len);
        t = close + 1;
    }
    char *n = cJSON_malloc(lit.len + 1);
    if (!n)
        ecsc_oom();
    memcpy(n, strbuf_cstr(&lit), lit.len + 1);
    cJSON_free(str->valuestring);
    str->valuestring = n;
    strbuf_free(&lit);
    strbuf_free(&s.out);
}

void json_params_sub(cJSON *v, const Plan *p)
{
    cJSON *child = cJSON_IsObject(v) || cJSON_IsArray(v) ? v->child : NULL;
    while (child) {
        cJSON *next = child->next;
        if (cJSON_IsString(child) && param_text_has(child->valuestring)) {
            if (child->string && strcmp(child->string, "Fn::Sub") == 0) {
                sub_in_place(p, child);
            } else {
                cJSON *sub = to_sub(p, child->valuestring);
                if (cJSON_IsObject(v))
                    cJSON_ReplaceItemInObjectCaseSensitive(v, child->string, sub);
                else
                    cJSON_ReplaceItemViaPointer(v, child, sub);
            }
        } else {
            json_params_sub(child, p);
        }
        child = next;
    }
}

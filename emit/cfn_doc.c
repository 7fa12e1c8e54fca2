/* cfn_doc.c - the application as a CloudFormation stack: the document.
 *
 * Writes cfn/template.json (one complete stack, deployable as is) and
 * cfn/fragments/<kind>-<name>.json for teams that merge pieces into their
 * own templates: the resources one declaration yields (listed in the
 * fragment's Metadata.ecsc.resources), every resource they reference,
 * transitively, and the parameters all of those use.  So each fragment
 * is a valid template by itself, and fragments agree wherever they
 * overlap: any set of them merges into a subset of the template.
 *
 * Design choices (each carried out in the cfn_*.c file of its family;
 * cfn_int.h lists them):
 *   - Resources appear in a fixed order: cluster and capacity, roles,
 *     tasks, load balancers, services; inside a declaration in the order
 *     they are built.  Resource members are ordered Type, DependsOn,
 *     Metadata, Properties; properties follow the CloudFormation
 *     documentation.
 *   - Where ecsc itself grants "*" (an action with no resource type) or
 *     attaches an AWS managed policy to a role it adds, the resource's
 *     Metadata carries the cdk-nag and cfn_nag suppressions with the
 *     reason (cfn_nag.c), so a scanner reports only the team's choices.
 *   - Every cross-reference is Ref / Fn::GetAtt / Fn::Sub, so
 *     CloudFormation orders creation; DependsOn is written only where it
 *     cannot see the dependency (a service needs its listener rules, a
 *     capacity-provider service needs the cluster association).
 *   - The task definition is emit_taskdef()'s API document translated to
 *     CloudFormation's property names (to_cfn); roles ecsc creates and
 *     log groups are referenced, not spelled as strings.
 *   - Log groups: one AWS::Logs::LogGroup per distinct awslogs group in
 *     the app's region; retention is the declared one, else 30 days
 *     (CloudFormation's default is never to expire, which is rarely meant).
 *   - Security groups admit only what a route needs (cfn_net.c).
 *   - IAM: the implied execution role is granted exactly the ECR
 *     repositories, log groups, parameters, secrets and S3 objects its
 *     task names (ecr:GetAuthorizationToken on "*" is the one action that
 *     takes no resource).  Roles ecsc adds for AWS services (blue/green,
 *     CodeDeploy, EC2 instances) get CloudFormation-generated names, so
 *     the stack can be deployed in several regions of one account.
 *
 * This file keeps the registry of resources, parameters and outputs,
 * finds what each resource references, and prints the template and the
 * fragments.  Nothing here reports user errors: the model has been checked.
 */
#include "cfn_int.h"
#include "json_params.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- intrinsic functions ------------------------------------------------ */

cJSON *cfn_ref(const char *id)
{
    cJSON *o = json_obj();
    json_put_str(o, "Ref", id);
    return o;
}

cJSON *cfn_getatt(const char *id, const char *attr)
{
    cJSON *o = json_obj();
    cJSON *arr = json_put(o, "Fn::GetAtt", json_arr());
    json_append(arr, json_str(id));
    json_append(arr, json_str(attr));
    return o;
}

cJSON *cfn_sub(const char *s)
{
    cJSON *o = json_obj();
    json_put_str(o, "Fn::Sub", s);
    return o;
}

cJSON *cfn_join(const char *delim, cJSON *items)
{
    cJSON *o = json_obj();
    cJSON *arr = json_put(o, "Fn::Join", json_arr());
    json_append(arr, json_str(delim));
    json_append(arr, items);
    return o;
}

/* "arn:${AWS::Partition}:iam::aws:policy/<name>" */
cJSON *cfn_managed_policy(Arena *a, const char *name)
{
    return cfn_sub(arena_printf(a, "arn:${AWS::Partition}:iam::aws:policy/%s", name));
}

/* A literal for Fn::Sub: "${" becomes "${!" so it is not substituted. */
const char *cfn_sub_escape(Arena *a, const char *s)
{
    size_t n = 0;
    for (const char *p = s; *p; p++)
        n += p[0] == '$' && p[1] == '{';
    if (!n)
        return s;
    char *out = arena_alloc(a, strlen(s) + n + 1), *o = out;
    for (const char *p = s; *p; p++) {
        *o++ = *p;
        if (p[0] == '$' && p[1] == '{') {
            *o++ = '{';
            *o++ = '!';
            p++;
        }
    }
    *o = 0;
    return out;
}

/* --- the registry -------------------------------------------------------------- */

void cfn_set_owner(Cfn *cf, const char *name)
{
    Owner *o = map_get(&cf->owner_by_name, name);
    if (!o) {
        o = ARENA_NEW(cf->a, Owner);
        o->name = name;
        map_put(&cf->owner_by_name, name, o);
        vec_push(cf->a, &cf->owners, o);
    }
    cf->owner = o;
}

/* Adds a resource and returns its Properties object.  Logical ids are
   unique by construction (checked in debug builds). */
Res *cfn_add_res(Cfn *cf, const char *id, const char *type)
{
    Res *r = ARENA_NEW(cf->a, Res);
    r->id = id;
    r->type = type;
    r->props = json_obj();
    r->owner = cf->owner->name;
    r->index = cf->res.len;
    void *had = map_put(&cf->by_id, id, r);
    assert(!had && "duplicate logical id");
    (void)had;
    vec_push(cf->a, &cf->res, r);
    vec_push(cf->a, &cf->owner->res, r);
    return r;
}

cJSON *cfn_resource(Cfn *cf, const char *id, const char *type)
{
    return cfn_add_res(cf, id, type)->props;
}

Res *cfn_find_res(Cfn *cf, const char *id)
{
    return map_get(&cf->by_id, id);
}

void cfn_merge_raws(Cfn *cf, const char *id, const Vec *raws, const char *target,
                    const char *lb, int port)
{
    Res *res = cfn_find_res(cf, id);
    assert(res && res->props && "raw merged after the resource was printed");
    VEC_EACH(const IrRaw *, r, *raws) {
        bool word = r->target && target ? strcmp(r->target, target) == 0 : r->target == target;
        if (word && (!r->lb || !lb || strcmp(r->lb, lb) == 0) && (r->port == IR_UNSET || r->port == port))
            json_merge_raw(res->props, r->value);
    }
}

void cfn_depends_on(Cfn *cf, const char *id, const char *dep)
{
    Res *r = cfn_find_res(cf, id);
    assert(r && r->props && "depends_on after the resource was printed");
    VEC_EACH(const char *, d, r->deps)
        if (strcmp(d, dep) == 0)
            return;
    vec_push(cf->a, &r->deps, (void *)dep);
}

void cfn_put_tags(Cfn *cf, cJSON *props, const Vec *own)
{
    const Vec *app = &cf->m->app->tags;
    if (!app->len && (!own || !own->len))
        return;
    cJSON *arr = json_put(props, "Tags", json_arr());
    VEC_EACH(const IrKV *, kv, *app) {
        bool overridden = false;
        if (own)
            VEC_EACH(const IrKV *, o, *own)
                overridden |= strcmp(o->key, kv->key) == 0;
        if (overridden)
            continue;
        cJSON *t = json_append(arr, json_obj());
        json_put_str(t, "Key", kv->key);
        json_put_str(t, "Value", kv->value);
    }
    if (own)
        VEC_EACH(const IrKV *, kv, *own) {
            cJSON *t = json_append(arr, json_obj());
            json_put_str(t, "Key", kv->key);
            json_put_str(t, "Value", kv->value);
        }
}

/* --- parameters --------------------------------------------------------------- */

static cJSON *param_json(const IrParam *p, Arena *a)
{
    cJSON *o = json_obj();
    const char *word = ir_param_type_word(p->type);
    json_put_str(o, "Type", ir_param_type_cfn(p->type, p->is_list));
    json_put_str(o, "Description", p->is_list
            ? arena_printf(a, "ecsc param '%s' [%s]", p->name, word)
            : arena_printf(a, "ecsc param '%s' (%s)", p->name, word));
    /* -D name=value overrides the declared default */
    json_put_str(o, "Default", p->value);
    return o;
}

cJSON *cfn_param_value(Cfn *cf, const IrParamRef *pr, bool list)
{
    if (pr->param.name) {
        const IrParam *p = pr->param.target;
        assert(p);
        const char *id = cfn_id_param(cf, p);
        if (list == p->is_list)
            return cfn_ref(id);
        if (list) {
            cJSON *arr = json_arr();
            json_append(arr, cfn_ref(id));
            return arr;
        }
        /* one value wanted from a list param: its first element */
        cJSON *o = json_obj();
        cJSON *args = json_put(o, "Fn::Select", json_arr());
        json_append(args, json_num(0));
        json_append(args, cfn_ref(id));
        return o;
    }
    if (pr->literal.len == 0)
        return NULL;
    return list ? json_strings(&pr->literal) : json_str(VEC_AT(pr->literal, 0));
}

bool cfn_param_given(const IrParamRef *pr)
{
    return pr->param.name || pr->literal.len;
}


/* A parameter ecsc adds (an internal load balancer's ingress CIDR). */
cJSON *cfn_add_param(Cfn *cf, const char *id)
{
    Res *pr = ARENA_NEW(cf->a, Res);
    pr->id = id;
    pr->owner = cf->owner->name;
    pr->props = json_obj();
    vec_push(cf->a, &cf->gen_params, pr);
    return pr->props;
}

/* --- writing ---------------------------------------------------------------------- */

static void collect_refs(Arena *a, const cJSON *v, Map *seen);

/* The resource's DependsOn: what it waits for and does not name already
   (a Ref or GetAtt orders creation by itself; linters flag the repeat). */
static cJSON *depends_on(Cfn *cf, const Res *r)
{
    Map named;
    map_init(&named, &cf->ref_scratch);
    collect_refs(&cf->ref_scratch, r->props, &named);
    cJSON *deps = NULL;
    VEC_EACH(const char *, d, r->deps) {
        if (map_get(&named, d))
            continue;
        if (!deps)
            deps = json_arr();
        json_append(deps, json_str(d));
    }
    return deps;
}

static cJSON *resource_json(Cfn *cf, const Res *r)
{
    cJSON *o = json_obj();
    json_put_str(o, "Type", r->type);
    cJSON *deps = r->deps.len ? depends_on(cf, r) : NULL;
    if (deps)
        json_put(o, "DependsOn", deps);
    /* The resource's own trees, not copies: deleted with `o`. */
    if (r->meta)
        json_put_new(o, "Metadata", r->meta);
    json_put_new(o, "Properties", r->props);
    return o;
}

/* Collects into `seen` the logical ids `v` names: Ref, Fn::GetAtt and
   the ${Name} / ${Name.Attr} of Fn::Sub. */
static void collect_refs(Arena *a, const cJSON *v, Map *seen)
{
    const cJSON *only = cJSON_IsObject(v) && v->child && !v->child->next ? v->child : NULL;
    if (only && only->string) {
        const char *k = only->string;
        const cJSON *r = strcmp(k, "Ref") == 0 ? only : NULL;
        if (r && cJSON_IsString(r))
            map_put(seen, r->valuestring, (void *)r->valuestring);
        const cJSON *ga = strcmp(k, "Fn::GetAtt") == 0 ? only : NULL;
        if (ga && cJSON_IsArray(ga) && cJSON_IsString(ga->child))
            map_put(seen, ga->child->valuestring, (void *)"");
        const cJSON *sb = strcmp(k, "Fn::Sub") == 0 ? only : NULL;
        if (sb && cJSON_IsString(sb)) {
            for (const char *p = strstr(sb->valuestring, "${"); p; p = strstr(p + 2, "${")) {
                size_t n = strcspn(p + 2, ".}");
                if (p[2] != '!' && p[2 + n])
                    map_put(seen, arena_strndup(a, p + 2, n), (void *)"");
            }
        }
    }
    const cJSON *child;
    if (cJSON_IsObject(v) || cJSON_IsArray(v))
        cJSON_ArrayForEach(child, v)
            collect_refs(a, child, seen);
}

/* The logical ids resource `r` names (Ref, GetAtt, Sub, DependsOn), found
   once and kept: the template and every fragment that holds `r` ask. */
static const Vec *refs_of(Cfn *cf, Res *r)
{
    if (r->refs_known)
        return &r->refs;
    /* One map for all resources, emptied each time (it stays small); the
       names Fn::Sub yields go to its arena. */
    Map *names = &cf->ref_names;
    if (!names->arena || names->cap > 256)     /* a big one is not cleared again and again */
        map_init(names, &cf->ref_scratch);
    else if (names->len) {
        memset(names->slots, 0, sizeof *names->slots * names->cap);
        names->len = 0;
    }
    collect_refs(&cf->ref_scratch, r->props, names);
    VEC_EACH(const char *, d, r->deps)
        map_put(names, d, (void *)d);
    for (size_t k = 0; k < names->cap; k++)
        if (names->slots[k].key)
            vec_push(cf->a, &r->refs, arena_strdup(cf->a, names->slots[k].key));
    r->refs_known = true;
    return &r->refs;
}

static int by_int(const void *pa, const void *pb)
{
    int a = *(const int *)pa, b = *(const int *)pb;
    return (a > b) - (a < b);
}

/* Parameters (declared, then generated) that the resources `res` (Res*)
   reference; all of them when `all`. */
static cJSON *parameters(Cfn *cf, Arena *scratch, const Vec *res, bool all)
{
    cJSON *params = json_obj();
    if (all) {
        VEC_EACH(const IrParam *, p, cf->m->params)
            json_put_new(params, cfn_id_param(cf, p), param_json(p, cf->a));
        VEC_EACH(const Res *, g, cf->gen_params)
            json_put_new(params, g->id, json_chk(cJSON_Duplicate(g->props, true)));
        return params;
    }
    /* The referenced ids that name parameters, by their position: declared
       ones first (0 ...), then generated ones (after them). */
    Map seen;
    map_init(&seen, scratch);
    Vec found = {0};        /* int position + 1, as void* */
    int ndecl = cf->m->params.len;
    VEC_EACH(Res *, r, *res) {
        const Vec *refs = refs_of(cf, r);
        VEC_EACH(const char *, id, *refs) {
            if (map_put(&seen, id, (void *)id))
                continue;
            intptr_t d = (intptr_t)map_get(&cf->param_pos, id);
            if (d)
                vec_push(scratch, &found, (void *)d);
            intptr_t g = (intptr_t)map_get(&cf->gen_param_pos, id);
            if (g)
                vec_push(scratch, &found, (void *)(g + ndecl));
        }
    }
    int *pos = ARENA_ARRAY(scratch, int, found.len ? found.len : 1);
    for (int i = 0; i < found.len; i++)
        pos[i] = (int)(intptr_t)found.items[i] - 1;
    qsort(pos, (size_t)found.len, sizeof *pos, by_int);
    for (int i = 0; i < found.len; i++) {
        if (pos[i] < ndecl) {
            const IrParam *p = cf->m->params.items[pos[i]];
            json_put_new(params, cfn_id_param(cf, p), param_json(p, cf->a));
        } else {
            const Res *g = cf->gen_params.items[pos[i] - ndecl];
            json_put_new(params, g->id, json_chk(cJSON_Duplicate(g->props, true)));
        }
    }
    return params;
}

/* Prints every resource not printed yet once, as the member it is inside
   "Resources" (depth 2 in the template and in every fragment alike),
   after noting what it references; then its tree is no longer needed.
   emit_cfn calls it after each declaration: what a declaration builds is
   final when it is done (later ones only look resources up, and only a
   service adds DependsOn, to itself), and the trees of all of them are
   never alive at once.  Each text is
   "\n    \"Id\": {...}," : the comma is left off after the last one. */
static void print_resources(Cfn *cf)
{
    if (cf->printed == cf->res.len)
        return;
    /* Printed into `b`, then kept in chunks of modest size, which malloc
       can carve from the memory the deleted trees leave behind. */
    enum { CHUNK = 64 * 1024 };
    JsonBuf b = cf->doc;    /* the document buffer, as scratch */
    for (; cf->printed < cf->res.len; cf->printed++) {
        Res *r = cf->res.items[cf->printed];
        if (cf->m->param_strings)   /* params stay deploy-time: Fn::Sub, before refs are read */
            json_params_sub(r->props, cf->plan);
        if (cf->policy_sizes && strcmp(r->type, "AWS::IAM::Role") == 0) {
            EmitPolicySize *ps = ARENA_NEW(cf->a, EmitPolicySize);
            ps->id = r->id;
            ps->chars = cfn_role_policy_size(r->props);
            vec_push(cf->a, cf->policy_sizes, ps);
        }
        refs_of(cf, r);
        cJSON *o = resource_json(cf, r);
        b.len = 0;
        json_buf_put(&b, "\n", 1);
        json_buf_indent(&b, 2);
        json_write_string(&b, r->id);
        json_buf_put(&b, ": ", 2);
        json_write_value(&b, o, 2);
        json_buf_put(&b, ",", 1);
        cJSON_Delete(o);        /* the Properties and Metadata trees with it */
        r->props = NULL;
        r->meta = NULL;
        if (b.len > cf->chunk_cap - cf->chunk_used) {
            cf->chunk_cap = b.len > CHUNK ? b.len : CHUNK;
            char *c = malloc(cf->chunk_cap);
            if (!c)
                ecsc_oom();
            vec_push(cf->a, &cf->text_chunks, c);
            cf->chunk_used = 0;
        }
        char *dst = (char *)cf->text_chunks.items[cf->text_chunks.len - 1] + cf->chunk_used;
        memcpy(dst, b.data, b.len);
        cf->chunk_used += b.len;
        r->text = dst;
        r->text_len = b.len;
    }
    cf->doc = b;
}

/* A piece of the document being assembled: from Cfn.doc or a resource text. */
typedef struct DocPart {
    const char *text;   /* NULL: Cfn.doc from `off` */
    size_t off, len;
} DocPart;

static void add_span(Cfn *cf, const char *text, size_t off, size_t len)
{
    if (!len)
        return;
    if (cf->nspans == cf->capspans) {
        cf->capspans = cf->capspans ? 2 * cf->capspans : 64;
        cf->spans = realloc(cf->spans, sizeof *cf->spans * (size_t)cf->capspans);
        cf->pieces = realloc(cf->pieces, sizeof *cf->pieces * (size_t)cf->capspans);
        if (!cf->spans || !cf->pieces)
            ecsc_oom();
    }
    cf->spans[cf->nspans++] = (DocPart){text, off, len};
}

/* Writes `doc` into an output file as json_write_pretty() would, with
   the resources `res` (Res*, printed by print_resources) as the value of
   its member "Resources" (a placeholder), taken from where they were
   printed, not copied; deletes `doc`, but not Cfn.outputs, which it may
   borrow. */
static void add_file(Cfn *cf, Vec *out, const char *path, cJSON *doc, const Vec *res)
{
    JsonBuf *b = &cf->doc;
    b->len = 0;
    cf->nspans = 0;
    size_t mark = 0;        /* start of the doc text not yet in a span */
    json_buf_put(b, "{", 1);
    const cJSON *m;
    cJSON_ArrayForEach(m, doc) {
        json_buf_put(b, "\n  ", 3);
        json_write_string(b, m->string);
        json_buf_put(b, ": ", 2);
        if (strcmp(m->string, "Resources") == 0) {
            if (!res->len) {
                json_buf_put(b, "{}", 2);
            } else {
                json_buf_put(b, "{", 1);
                add_span(cf, NULL, mark, b->len - mark);
                VEC_EACH(const Res *, r, *res)     /* no comma after the last */
                    add_span(cf, r->text, 0, r->text_len - (r_i + 1 == res->len));
                mark = b->len;
                json_buf_put(b, "\n  }", 4);
            }
        } else {
            json_write_value(b, m, 1);
        }
        if (m->next)
            json_buf_put(b, ",", 1);
    }
    json_buf_put(b, doc->child ? "\n}\n" : "}\n", doc->child ? 3 : 2);
    add_span(cf, NULL, mark, b->len - mark);
    cJSON *outputs = cJSON_GetObjectItemCaseSensitive(doc, "Outputs");
    if (outputs)
        cJSON_DetachItemViaPointer(doc, outputs);   /* Cfn.outputs, deleted by emit_cfn */
    cJSON_Delete(doc);
    for (int i = 0; i < cf->nspans; i++) {
        const DocPart *sp = &cf->spans[i];
        cf->pieces[i] = (EmitPiece){(sp->text ? sp->text : b->data) + sp->off, sp->len};
    }
    emit_output(cf->a, out, cf->sink, path, cf->pieces, cf->nspans);
}

static void write_template(Cfn *cf, Vec *out)
{
    cJSON *doc = json_obj();
    json_put_str(doc, "AWSTemplateFormatVersion", "2010-09-09");
    const char *app = cf->m->app->name;
    json_put_str(doc, "Description", app ? arena_printf(cf->a, "ecsc: application %s", app)
                                    : "ecsc: an Amazon ECS application");
    Arena scratch;
    arena_init(&scratch);
    cJSON *params = parameters(cf, &scratch, &cf->res, true);
    arena_free(&scratch);
    if (cJSON_GetArraySize(params))
        json_put(doc, "Parameters", params);
    else
        cJSON_Delete(params);
    json_put(doc, "Resources", json_chk(cJSON_CreateNull()));    /* the placeholder */
    json_put(doc, "Outputs", cf->outputs);         /* lent, taken back by add_file */
    add_file(cf, out, "cfn/template.json", doc, &cf->res);
}

/* A fragment holds the resources its declaration yields and, so that it
   is a valid template on its own, every resource they reference
   (transitively).  Fragments agree wherever they overlap, so any set of
   them merges into a subset of the template; the top-level Metadata
   lists the declaration's own resources. */
static int by_index(const void *pa, const void *pb)
{
    const Res *a = *(const Res *const *)pa, *b = *(const Res *const *)pb;
    return (a->index > b->index) - (a->index < b->index);
}

static void write_fragments(Cfn *cf, Vec *out)
{
    Arena *a = cf->a;
    VEC_EACH(const Owner *, owner, cf->owners) {
        if (!owner->res.len)
            continue;
        /* Scratch memory for the closure, freed with the fragment. */
        Arena scratch;
        arena_init(&scratch);
        Map in;
        map_init(&in, &scratch);
        Vec work = {0};
        cJSON *own = json_arr();
        VEC_EACH(Res *, r, owner->res) {
            map_put(&in, r->id, r);
            vec_push(&scratch, &work, r);
            json_append(own, json_str(r->id));
        }
        for (int i = 0; i < work.len; i++) {
            const Vec *refs = refs_of(cf, VEC_AT(work, i));
            VEC_EACH(const char *, id, *refs) {
                Res *dep = cfn_find_res(cf, id);
                if (dep && !map_put(&in, dep->id, dep))
                    vec_push(&scratch, &work, dep);
            }
        }
        /* template order */
        qsort(work.items, (size_t)work.len, sizeof *work.items, by_index);

        cJSON *doc = json_obj();
        json_put_str(doc, "AWSTemplateFormatVersion", "2010-09-09");
        const char *dash = strchr(owner->name, '-');
        const char *what = dash ? arena_printf(&scratch, "%.*s '%s'", (int)(dash - owner->name),
                                               owner->name, dash + 1)
                                : owner->name;
        json_put_str(doc, "Description", arena_printf(&scratch, "ecsc fragment: %s", what));
        cJSON *meta = json_put(json_put(doc, "Metadata", json_obj()), "ecsc", json_obj());
        json_put_str(meta, "declaration", what);
        json_put(meta, "resources", own);
        cJSON *params = parameters(cf, &scratch, &work, false);
        if (cJSON_GetArraySize(params))
            json_put(doc, "Parameters", params);
        else
            cJSON_Delete(params);
        json_put(doc, "Resources", json_chk(cJSON_CreateNull()));    /* the placeholder */
        add_file(cf, out, arena_printf(a, "cfn/fragments/%s.json", owner->name), doc, &work);
        arena_free(&scratch);
    }
}

size_t emit_cfn(Arena *a, const Plan *plan, Vec *out, const EmitSink *sink)
{
    return emit_cfn_taskdefs(a, plan, out, NULL, sink, NULL, NULL);
}

/* The template's Outputs, as the plan lists them. */
static void add_outputs(Cfn *cf)
{
    VEC_EACH(const PlanOutput *, o, cf->plan->outputs) {
        cJSON *value = !o->res ? cfn_cluster_ref(cf)
                       : o->attr ? cfn_getatt(o->res->id, o->attr) : cfn_ref(o->res->id);
        cJSON *obj = json_put_new(cf->outputs, o->id, json_obj());
        json_put_str(obj, "Description", o->desc);
        json_put(obj, "Value", value);
    }
}

size_t emit_cfn_taskdefs(Arena *a, const Plan *plan, Vec *out, Vec *taskdefs,
                         const EmitSink *sink, Vec *skipped, Vec *policy_sizes)
{
    const IrModel *m = plan->m;
    Cfn cf = {.a = a, .m = m, .plan = plan, .sink = sink, .taskdefs = taskdefs,
              .skipped = skipped, .policy_sizes = policy_sizes};
    map_init(&cf.by_id, a);
    map_init(&cf.owner_by_name, a);
    cf.outputs = json_obj();
    add_outputs(&cf);
    cf.need_assoc = plan->association != NULL;
    cfn_find_exec_roles(&cf);

    cfn_emit_cluster(&cf);
    print_resources(&cf);
    VEC_EACH(const IrCapacity *, c, m->capacities) {
        cfn_emit_capacity(&cf, c);
        print_resources(&cf);
    }
    cfn_emit_association(&cf);
    print_resources(&cf);
    VEC_EACH(const IrRole *, r, m->roles) {
        cfn_emit_role(&cf, r);
        print_resources(&cf);
    }
    VEC_EACH(const IrTask *, t, m->tasks) {
        cfn_emit_task(&cf, t);
        print_resources(&cf);
    }
    VEC_EACH(const IrLoadBalancer *, lb, m->load_balancers) {
        if (lb->existing)
            continue;   /* its routes' rules are the services' */
        cfn_emit_load_balancer(&cf, lb);
        print_resources(&cf);
    }
    VEC_EACH(const IrService *, sv, m->services) {
        cfn_emit_service(&cf, sv);
        print_resources(&cf);
    }
    for (int i = 0; i < m->schedules.len; i++) {
        cfn_emit_schedule(&cf, &plan->schedules[i]);
        print_resources(&cf);
    }

    map_init(&cf.param_pos, a);
    map_init(&cf.gen_param_pos, a);
    VEC_EACH(const IrParam *, p, m->params) {
        const char *id = cfn_id_param(&cf, p);
        if (!map_get(&cf.param_pos, id))    /* the first, as the template has it */
            map_put(&cf.param_pos, id, (void *)(intptr_t)(p_i + 1));
    }
    VEC_EACH(const Res *, g, cf.gen_params)
        if (!map_get(&cf.gen_param_pos, g->id))
            map_put(&cf.gen_param_pos, g->id, (void *)(intptr_t)(g_i + 1));
    write_template(&cf, out);
    write_fragments(&cf, out);
    VEC_EACH(char *, chunk, cf.text_chunks)
        free(chunk);
    json_buf_free(&cf.doc);
    free(cf.spans);
    free(cf.pieces);
    arena_free(&cf.ref_scratch);

    VEC_EACH(Res *, g, cf.gen_params)
        cJSON_Delete(g->props);
    cJSON_Delete(cf.outputs);
    return (size_t)cf.res.len;
}

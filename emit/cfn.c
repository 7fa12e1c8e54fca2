/* cfn.c - the application as a CloudFormation stack.
 *
 * Writes cfn/template.json (one complete stack, deployable as is) and
 * cfn/fragments/<kind>-<name>.json for teams that merge pieces into their
 * own templates: the resources one declaration yields (listed in the
 * fragment's Metadata.ecsc.resources), every resource they reference,
 * transitively, and the parameters all of those use.  So each fragment
 * is a valid template by itself, and fragments agree wherever they
 * overlap: any set of them merges into a subset of the template.
 *
 * Design choices (see also the report in the commit):
 *   - Resources appear in a fixed order: cluster and capacity, roles,
 *     tasks, load balancers, services; inside a declaration in the order
 *     they are built.  Resource members are ordered Type, DependsOn,
 *     Properties; properties follow the CloudFormation documentation.
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
 *   - Security groups admit only what a route needs: a load balancer its
 *     listener ports (0.0.0.0/0 when internet-facing; from the template
 *     parameter <Lb>IngressCidr, default 10.0.0.0/8, when internal), a
 *     service's tasks their routed container ports from the load
 *     balancer's group only, EC2 instances the ports of bridge/host tasks
 *     (32768-65535 for dynamic host ports) from the load balancer's group
 *     only.  Egress stays at the AWS default (all).
 *   - IAM: the implied execution role is granted exactly the ECR
 *     repositories, log groups, parameters, secrets and S3 objects its
 *     task names (ecr:GetAuthorizationToken on "*" is the one action that
 *     takes no resource).  Roles ecsc adds for AWS services (blue/green,
 *     CodeDeploy, EC2 instances) get CloudFormation-generated names, so
 *     the stack can be deployed in several regions of one account.
 *
 * Nothing here reports user errors: the model has been checked.
 */
#include "emit.h"

#include "base/map.h"
#include "base/names.h"
#include "json_write.h"

#include <assert.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- cJSON helpers: every allocation failure ends in ecsc_oom() --------- */

static cJSON *chk(cJSON *item)
{
    if (!item)
        ecsc_oom();
    return item;
}

static cJSON *new_object(void) { return chk(cJSON_CreateObject()); }
static cJSON *new_array(void) { return chk(cJSON_CreateArray()); }
static cJSON *str(const char *s) { return chk(cJSON_CreateString(s)); }
static cJSON *num(double v) { return chk(cJSON_CreateNumber(v)); }

static cJSON *put(cJSON *obj, const char *key, cJSON *item)
{
    chk(item);
    if (json_member(obj, key)) {
        if (!cJSON_ReplaceItemInObjectCaseSensitive(obj, key, item))
            ecsc_oom();
    } else if (!cJSON_AddItemToObject(obj, key, item)) {
        ecsc_oom();
    }
    return item;
}

/* For keys unique by construction (logical ids): no search, O(1). */
static cJSON *put_new(cJSON *obj, const char *key, cJSON *item)
{
    chk(item);
    if (!cJSON_AddItemToObject(obj, key, item))
        ecsc_oom();
    return item;
}

static cJSON *append(cJSON *arr, cJSON *item)
{
    if (!cJSON_AddItemToArray(arr, chk(item)))
        ecsc_oom();
    return item;
}

static void put_str(cJSON *obj, const char *key, const char *s)
{
    if (s)
        put(obj, key, str(s));
}

static void put_int(cJSON *obj, const char *key, int64_t v)
{
    if (v != IR_UNSET)
        put(obj, key, num((double)v));
}

static void put_bool(cJSON *obj, const char *key, bool b)
{
    put(obj, key, chk(cJSON_CreateBool(b)));
}

/* Appends `item` unless an equal value is already there (then frees it). */
static void append_unique(cJSON *arr, cJSON *item)
{
    const cJSON *have;
    cJSON_ArrayForEach(have, arr) {
        if (cJSON_Compare(have, item, true)) {
            cJSON_Delete(item);
            return;
        }
    }
    append(arr, item);
}

static cJSON *strings(const Vec *v)
{
    cJSON *arr = new_array();
    VEC_EACH(const char *, s, *v)
        append(arr, str(s));
    return arr;
}

/* --- intrinsic functions ------------------------------------------------ */

static cJSON *ref(const char *id)
{
    cJSON *o = new_object();
    put_str(o, "Ref", id);
    return o;
}

static cJSON *getatt(const char *id, const char *attr)
{
    cJSON *o = new_object();
    cJSON *arr = put(o, "Fn::GetAtt", new_array());
    append(arr, str(id));
    append(arr, str(attr));
    return o;
}

static cJSON *sub(const char *s)
{
    cJSON *o = new_object();
    put_str(o, "Fn::Sub", s);
    return o;
}

static cJSON *join(const char *delim, cJSON *items)
{
    cJSON *o = new_object();
    cJSON *arr = put(o, "Fn::Join", new_array());
    append(arr, str(delim));
    append(arr, items);
    return o;
}

/* "arn:${AWS::Partition}:iam::aws:policy/<name>" */
static cJSON *managed_policy(Arena *a, const char *name)
{
    return sub(arena_printf(a, "arn:${AWS::Partition}:iam::aws:policy/%s", name));
}

/* A literal for Fn::Sub: "${" becomes "${!" so it is not substituted. */
static const char *sub_escape(Arena *a, const char *s)
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

/* --- names ------------------------------------------------------------------ */


static uint32_t fnv32(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 16777619u;
    }
    return h;
}

/* `id` without `suffix` when it ends with it. */
static const char *strip_suffix(Arena *a, const char *id, const char *suffix)
{
    size_t n = strlen(id), m = strlen(suffix);
    if (n > m && strcmp(id + n - m, suffix) == 0)
        return arena_strndup(a, id, n - m);
    return id;
}

/* --- the template under construction ---------------------------------------- */

typedef struct Res {
    const char *id;
    const char *type;
    cJSON *props;
    Vec deps;           /* const char*: DependsOn */
    const char *owner;  /* fragment: "service-web" */
    int index;          /* position in the template */
    Vec refs;           /* const char*: the ids Properties and DependsOn name (refs_of) */
    bool refs_known;
    const char *text;   /* its member of "Resources", printed once (print_resources) */
    size_t text_len;
} Res;

/* The resources one declaration yields: its fragment. */
typedef struct Owner {
    const char *name;
    Vec res;            /* Res* */
} Owner;

typedef struct LogGroup {
    const char *id;     /* NULL: not created here (another region) */
    const char *name, *region;
} LogGroup;

typedef struct Cfn {
    Arena *a;
    const IrModel *m;
    Vec res;            /* Res*, in template order */
    Map by_id;          /* id -> Res* */
    Vec owners;         /* Owner*, first-seen order */
    Map owner_by_name;  /* name -> Owner* */
    Owner *owner;       /* the declaration being emitted */
    Vec gen_params;     /* Res* (type NULL): parameters ecsc adds */
    Map log_groups;     /* group name -> LogGroup* */
    cJSON *outputs;
    Vec text_chunks;    /* char*, malloc'd: where the resources' texts are kept */
    size_t chunk_used, chunk_cap;   /* in the last chunk */
    int printed;        /* cf->res[0, printed) are printed and their trees deleted */
    Map param_pos;      /* logical id -> position in m->params + 1 */
    Map gen_param_pos;  /* id -> position in gen_params + 1 */
    bool need_assoc;    /* need_association(m), asked once per service */
    Vec exec_roles;     /* const IrRole*, sorted: find_exec_roles */
    Arena ref_scratch;  /* refs_of's map and the names it collects */
    Map ref_names;
    JsonBuf doc;        /* the document being assembled, reused */
    const EmitSink *sink;
    Vec *taskdefs;      /* OutputFile*: taskdefs/<family>.json, or NULL: not printed here */
    struct DocPart *spans; /* the pieces of the document being written (add_file) */
    EmitPiece *pieces;
    int nspans, capspans;
} Cfn;

static void set_owner(Cfn *cf, const char *name)
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
static Res *add_res(Cfn *cf, const char *id, const char *type)
{
    Res *r = ARENA_NEW(cf->a, Res);
    r->id = id;
    r->type = type;
    r->props = new_object();
    r->owner = cf->owner->name;
    r->index = cf->res.len;
    void *had = map_put(&cf->by_id, id, r);
    assert(!had && "duplicate logical id");
    (void)had;
    vec_push(cf->a, &cf->res, r);
    vec_push(cf->a, &cf->owner->res, r);
    return r;
}

static cJSON *resource(Cfn *cf, const char *id, const char *type)
{
    return add_res(cf, id, type)->props;
}

static Res *find_res(Cfn *cf, const char *id)
{
    return map_get(&cf->by_id, id);
}

static void depends_on(Cfn *cf, const char *id, const char *dep)
{
    Res *r = find_res(cf, id);
    assert(r && r->props && "depends_on after the resource was printed");
    VEC_EACH(const char *, d, r->deps)
        if (strcmp(d, dep) == 0)
            return;
    vec_push(cf->a, &r->deps, (void *)dep);
}

static void output(Cfn *cf, const char *id, const char *desc, cJSON *value)
{
    cJSON *o = put_new(cf->outputs, id, new_object());
    put_str(o, "Description", desc);
    put(o, "Value", value);
}

/* Tags [{Key, Value}]: the app's tags, then `own` (an own key wins). */
static void put_tags(Cfn *cf, cJSON *props, const Vec *own)
{
    const Vec *app = &cf->m->app->tags;
    if (!app->len && (!own || !own->len))
        return;
    cJSON *arr = put(props, "Tags", new_array());
    VEC_EACH(const IrKV *, kv, *app) {
        bool overridden = false;
        if (own)
            VEC_EACH(const IrKV *, o, *own)
                overridden |= strcmp(o->key, kv->key) == 0;
        if (overridden)
            continue;
        cJSON *t = append(arr, new_object());
        put_str(t, "Key", kv->key);
        put_str(t, "Value", kv->value);
    }
    if (own)
        VEC_EACH(const IrKV *, kv, *own) {
            cJSON *t = append(arr, new_object());
            put_str(t, "Key", kv->key);
            put_str(t, "Value", kv->value);
        }
}

/* --- parameters --------------------------------------------------------------- */

static const char *param_type(const IrParam *p)
{
    switch (p->type) {
    case IR_PARAM_VPC_ID:
        return p->is_list ? "List<AWS::EC2::VPC::Id>" : "AWS::EC2::VPC::Id";
    case IR_PARAM_SUBNET_ID:
        return p->is_list ? "List<AWS::EC2::Subnet::Id>" : "AWS::EC2::Subnet::Id";
    case IR_PARAM_SECURITY_GROUP_ID:
        return p->is_list ? "List<AWS::EC2::SecurityGroup::Id>" : "AWS::EC2::SecurityGroup::Id";
    case IR_PARAM_NUMBER:
        return p->is_list ? "List<Number>" : "Number";
    case IR_PARAM_STRING:
    case IR_PARAM_CERT_ARN:
        return p->is_list ? "CommaDelimitedList" : "String";
    }
    assert(!"unknown IrParamType");
    return "String";
}

static const char *param_what(IrParamType t)
{
    switch (t) {
    case IR_PARAM_VPC_ID: return "vpc_id";
    case IR_PARAM_SUBNET_ID: return "subnet_id";
    case IR_PARAM_SECURITY_GROUP_ID: return "security_group_id";
    case IR_PARAM_NUMBER: return "number";
    case IR_PARAM_STRING: return "string";
    case IR_PARAM_CERT_ARN: return "certificate";
    }
    return "string";
}

static cJSON *param_json(const IrParam *p, Arena *a)
{
    cJSON *o = new_object();
    put_str(o, "Type", param_type(p));
    put_str(o, "Description", p->is_list
            ? arena_printf(a, "ecsc param '%s' [%s]", p->name, param_what(p->type))
            : arena_printf(a, "ecsc param '%s' (%s)", p->name, param_what(p->type)));
    /* -D name=value overrides the declared default */
    put_str(o, "Default", p->value);
    return o;
}

/* The value of a param reference: a Ref, or the literal.  `list`: the
   property takes a list (a single value is wrapped). */
static cJSON *param_value(const IrParamRef *pr, bool list)
{
    if (pr->param.name) {
        const IrParam *p = pr->param.target;
        assert(p && p->logical_id);
        if (list == p->is_list)
            return ref(p->logical_id);
        if (list) {
            cJSON *arr = new_array();
            append(arr, ref(p->logical_id));
            return arr;
        }
        /* one value wanted from a list param: its first element */
        cJSON *o = new_object();
        cJSON *args = put(o, "Fn::Select", new_array());
        append(args, num(0));
        append(args, ref(p->logical_id));
        return o;
    }
    if (pr->literal.len == 0)
        return NULL;
    return list ? strings(&pr->literal) : str(VEC_AT(pr->literal, 0));
}

static bool param_given(const IrParamRef *pr)
{
    return pr->param.name || pr->literal.len;
}

/* --- roles ---------------------------------------------------------------------- */

/* Whether ecsc creates the role: a role declared with `arn "…"` exists
   already.  (The model has no flag for it; a given ARN differs from the
   one infer derives from role_name.) */
static bool role_created(const IrModel *m, const IrRole *r)
{
    if (!r->arn)
        return true;
    if (!m->app->account || !r->role_name)
        return false;
    char want[512];
    snprintf(want, sizeof want, "arn:aws:iam::%s:role/%s", m->app->account, r->role_name);
    return strcmp(r->arn, want) == 0;
}

static const char *role_id(Cfn *cf, const IrRole *r)
{
    return names_camel(cf->a, r->name, "Role");
}

/* The ARN of a task's role: GetAtt when the template creates it. */
static cJSON *role_arn_value(Cfn *cf, const IrRef *rr, const char *arn)
{
    const IrRole *r = rr->target;
    if (r && role_created(cf->m, r))
        return getatt(role_id(cf, r), "Arn");
    return arn ? str(arn) : NULL;
}

static cJSON *trust_policy(Cfn *cf, const char *service, bool source_account)
{
    cJSON *doc = new_object();
    put_str(doc, "Version", "2012-10-17");
    cJSON *st = append(put(doc, "Statement", new_array()), new_object());
    put_str(st, "Effect", "Allow");
    put_str(put(st, "Principal", new_object()), "Service", service);
    put_str(st, "Action", "sts:AssumeRole");
    if (source_account) {
        /* the confused-deputy guard AWS documents for ECS task roles */
        cJSON *cond = put(st, "Condition", new_object());
        put(put(cond, "StringEquals", new_object()), "aws:SourceAccount", ref("AWS::AccountId"));
        put(put(cond, "ArnLike", new_object()), "aws:SourceArn",
            sub("arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:*"));
    }
    (void)cf;
    return doc;
}

static cJSON *statement(const char *sid, bool deny, cJSON *actions, cJSON *resources)
{
    cJSON *st = new_object();
    if (sid)
        put_str(st, "Sid", sid);
    put_str(st, "Effect", deny ? "Deny" : "Allow");
    put(st, "Action", actions);
    put(st, "Resource", resources);
    return st;
}

static cJSON *actions(const char *const *names)
{
    cJSON *arr = new_array();
    for (; *names; names++)
        append(arr, str(*names));
    return arr;
}

static void put_policy(cJSON *props, const char *name, cJSON *statements)
{
    cJSON *arr = cJSON_GetObjectItemCaseSensitive(props, "Policies");
    cJSON *pol = append(arr ? arr : put(props, "Policies", new_array()), new_object());
    put_str(pol, "PolicyName", name);
    cJSON *doc = put(pol, "PolicyDocument", new_object());
    put_str(doc, "Version", "2012-10-17");
    put(doc, "Statement", statements);
}

static int by_address(const void *pa, const void *pb)
{
    uintptr_t a = (uintptr_t)*(const void *const *)pa, b = (uintptr_t)*(const void *const *)pb;
    return (a > b) - (a < b);
}

/* The task roles of the tasks services with `exec` run, sorted by address
   (Cfn.exec_roles), so role_runs_exec is a binary search. */
static void find_exec_roles(Cfn *cf)
{
    VEC_EACH(const IrService *, sv, cf->m->services) {
        const IrTask *t = sv->task.target;
        if (sv->exec == IR_TRI_TRUE && t && t->role.target)
            vec_push(cf->a, &cf->exec_roles, t->role.target);
    }
    if (cf->exec_roles.len)
        qsort(cf->exec_roles.items, (size_t)cf->exec_roles.len, sizeof *cf->exec_roles.items,
              by_address);
}

/* Whether a service with `exec` runs a task whose task role is `r`. */
static bool role_runs_exec(Cfn *cf, const IrRole *r)
{
    const void *key = r;
    return cf->exec_roles.len
           && bsearch(&key, cf->exec_roles.items, (size_t)cf->exec_roles.len,
                      sizeof *cf->exec_roles.items, by_address);
}

static void emit_role(Cfn *cf, const IrRole *r)
{
    if (!role_created(cf->m, r))
        return;
    set_owner(cf, arena_printf(cf->a, "role-%s", r->name));
    const char *id = role_id(cf, r);
    cJSON *p = resource(cf, id, "AWS::IAM::Role");
    put_str(p, "RoleName", r->role_name);
    put_str(p, "Description", arena_printf(cf->a, "ecsc role '%s'", r->name));
    put(p, "AssumeRolePolicyDocument", trust_policy(cf, "ecs-tasks.amazonaws.com", true));
    if (r->managed.len)
        put(p, "ManagedPolicyArns", strings(&r->managed));
    if (r->statements.len) {
        cJSON *sts = new_array();
        VEC_EACH(const IrStatement *, s, r->statements)
            append(sts, statement(NULL, s->deny, strings(&s->actions), strings(&s->resources)));
        put_policy(p, r->name, sts);
    }
    if (role_runs_exec(cf, r)) {
        /* ECS Exec: the SSM agent in the task opens its channels */
        static const char *const ssm_messages[] = {
            "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
            "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel", NULL};
        cJSON *sts = new_array();
        append(sts, statement("EcsExec", false, actions(ssm_messages), str("*")));
        put_policy(p, "ecs-exec", sts);
    }
    put_tags(cf, p, NULL);
    output(cf, arena_printf(cf->a, "%sArn", id),
           arena_printf(cf->a, "ARN of role '%s'", r->name), getatt(id, "Arn"));
}

/* --- task definitions: the API document in CloudFormation's names ----------- */

/* Members whose value is a free-form string map (keys are not renamed). */
static bool is_map_key(const char *parent, const char *key)
{
    if (strcmp(key, "dockerLabels") == 0 || strcmp(key, "options") == 0
        || strcmp(key, "driverOpts") == 0)
        return true;
    return strcmp(key, "labels") == 0 && parent && strcmp(parent, "dockerVolumeConfiguration") == 0;
}

/* The CloudFormation property for API member `key` inside `parent`. */
static const char *cfn_key(Arena *a, const char *parent, const char *key)
{
    static const struct { const char *parent, *key, *cfn; } renames[] = {
        {NULL, "efsVolumeConfiguration", "EFSVolumeConfiguration"},
        {"efsVolumeConfiguration", "fileSystemId", "FilesystemId"},
        {"authorizationConfig", "iam", "IAM"},
        {NULL, "fsxWindowsFileServerVolumeConfiguration", "FSxWindowsFileServerVolumeConfiguration"},
        {"proxyConfiguration", "properties", "ProxyConfigurationProperties"},
    };
    for (size_t i = 0; i < sizeof renames / sizeof renames[0]; i++)
        if (strcmp(renames[i].key, key) == 0
            && (!renames[i].parent || (parent && strcmp(renames[i].parent, parent) == 0)))
            return renames[i].cfn;
    char *out = arena_strdup(a, key);
    out[0] = (char)toupper((unsigned char)out[0]);
    return out;
}

/* Renames the object members of an API value in place (the keys become
   constant strings in the arena); array elements keep the array's member
   name as their parent.  API member names are unique and the renaming
   keeps them so. */
static void to_cfn(Arena *a, cJSON *v, const char *parent, const char *key)
{
    if (cJSON_IsObject(v)) {
        if (key && is_map_key(parent, key))
            return;
        cJSON *child;
        cJSON_ArrayForEach(child, v) {
            const char *name = child->string;
            to_cfn(a, child, key, name);
            const char *cfn = cfn_key(a, key, name);
            if (!(child->type & cJSON_StringIsConst))
                cJSON_free(child->string);
            child->string = (char *)cfn;
            child->type |= cJSON_StringIsConst;
        }
        return;
    }
    if (cJSON_IsArray(v)) {
        cJSON *el;
        cJSON_ArrayForEach(el, v)
            to_cfn(a, el, parent, key);
    }
}

/* --- log groups ------------------------------------------------------------------- */

static bool is_awslogs(const IrLog *log)
{
    return log && log->driver && strcmp(log->driver, "awslogs") == 0 && log->group;
}

/* An awslogs option as the task definition has it: a `{ awslogs-… = … }`
   option overrides the native word (taskdef.c writes options last). */
static const char *log_option(const IrLog *log, const char *key, const char *native)
{
    const char *v = native;
    VEC_EACH(const IrKV *, kv, log->options)
        if (strcmp(kv->key, key) == 0)
            v = kv->value;
    return v;
}

static const char *log_group_name(const IrLog *log)
{
    return log_option(log, "awslogs-group", log->group);
}

/* The group's entry; creates the AWS::Logs::LogGroup the first time a
   group in the app's region is seen. */
static LogGroup *log_group(Cfn *cf, const IrTask *t, const IrContainer *c, const IrLog *log)
{
    const char *name = log_group_name(log);
    LogGroup *lg = map_get(&cf->log_groups, name);
    if (lg)
        return lg;
    lg = ARENA_NEW(cf->a, LogGroup);
    lg->name = name;
    lg->region = log_option(log, "awslogs-region", log->region);
    map_put(&cf->log_groups, name, lg);
    const char *app_region = cf->m->app->region;
    if (lg->region && app_region && strcmp(lg->region, app_region) != 0)
        return lg;      /* a stack creates resources in its own region only */
    const char *id = names_camel(cf->a, t->name, "LogGroup");
    if (find_res(cf, id))
        id = names_camel(cf->a, arena_printf(cf->a, "%s-%s", t->name, c->name), "LogGroup");
    lg->id = id;
    cJSON *p = resource(cf, id, "AWS::Logs::LogGroup");
    put_str(p, "LogGroupName", name);
    put_int(p, "RetentionInDays", log->retain_days != IR_UNSET ? log->retain_days : 30);
    put_tags(cf, p, NULL);
    return lg;
}

static cJSON *log_group_arn(Cfn *cf, const LogGroup *lg)
{
    if (lg->id)
        return getatt(lg->id, "Arn");
    return sub(arena_printf(cf->a, "arn:${AWS::Partition}:logs:%s:${AWS::AccountId}:log-group:%s:*",
                            lg->region ? lg->region : "${AWS::Region}",
                            sub_escape(cf->a, lg->name)));
}

/* --- the execution role ---------------------------------------------------------------- */

/* arn:aws:ecr:REGION:ACCOUNT:repository/NAME of a private ECR image, or NULL. */
static const char *ecr_repository_arn(Arena *a, const char *image)
{
    const char *dot = strchr(image, '.');
    if (!dot || dot - image != 12 || strncmp(dot, ".dkr.ecr.", 9) != 0)
        return NULL;
    for (int i = 0; i < 12; i++)
        if (!isdigit((unsigned char)image[i]))
            return NULL;
    const char *region = dot + 9;
    const char *host_end = strchr(region, '/');
    const char *amz = strstr(region, ".amazonaws.com");
    if (!host_end || !amz || amz > host_end)
        return NULL;
    const char *partition = strncmp(amz, ".amazonaws.com.cn", 17) == 0 ? "aws-cn" : "aws";
    const char *repo = host_end + 1;
    size_t n = strcspn(repo, "@");
    const char *last_slash = NULL;
    for (size_t i = 0; i < n; i++)
        if (repo[i] == '/')
            last_slash = repo + i;
    const char *tag = memchr(last_slash ? last_slash : repo, ':', n - (size_t)((last_slash ? last_slash : repo) - repo));
    if (tag)
        n = (size_t)(tag - repo);
    return arena_printf(a, "arn:%s:ecr:%.*s:%.12s:repository/%.*s", partition,
                        (int)(amz - region), region, image, (int)n, repo);
}

/* The service of an ARN ("ssm", "secretsmanager", ...), or "". */
static const char *arn_service(Arena *a, const char *arn)
{
    if (strncmp(arn, "arn:", 4) != 0)
        return "";
    const char *p = strchr(arn + 4, ':');
    if (!p)
        return "";
    const char *e = strchr(p + 1, ':');
    return e ? arena_strndup(a, p + 1, (size_t)(e - p - 1)) : "";
}

/* The IAM resource of a Secrets Manager valueFrom: the secret's ARN
   without the json-key/stage/version suffix; a secret named rather than
   given by ARN gets the "-??????" that matches its random suffix. */
static const char *secret_resource(Arena *a, const IrSecret *s, const char *arn)
{
    int colons = 0;
    size_t n = 0;
    for (; arn[n]; n++)
        if (arn[n] == ':' && ++colons == 7)
            break;
    bool by_name = s && s->source == IR_SECRET_SECRETSMANAGER && strncmp(s->ref, "arn:", 4) != 0;
    return arena_printf(a, "%.*s%s", (int)n, arn, by_name ? "-??????" : "");
}

typedef struct ExecGrants {
    cJSON *repos, *logs, *create_logs, *params, *secrets, *objects, *buckets;
} ExecGrants;

static void grant_secret(Cfn *cf, ExecGrants *g, const IrSecret *s, const char *arn)
{
    const char *svc = arn_service(cf->a, arn);
    if (strcmp(svc, "ssm") == 0)
        append_unique(g->params, str(arn));
    else if (strcmp(svc, "secretsmanager") == 0)
        append_unique(g->secrets, str(secret_resource(cf->a, s, arn)));
}

static void grant_env_file(Cfn *cf, ExecGrants *g, const char *arn)
{
    /* arn:aws:s3:::bucket/key */
    if (strncmp(arn, "arn:", 4) != 0 || strcmp(arn_service(cf->a, arn), "s3") != 0)
        return;
    append_unique(g->objects, str(arn));
    const char *res = strstr(arn, ":::");
    if (!res)
        return;
    const char *slash = strchr(res + 3, '/');
    append_unique(g->buckets, str(slash ? arena_strndup(cf->a, arn, (size_t)(slash - arn)) : arn));
}

static void emit_exec_role(Cfn *cf, const IrTask *t, const char *id)
{
    static const char *const pull[] = {"ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer",
                                       "ecr:BatchGetImage", NULL};
    static const char *const auth[] = {"ecr:GetAuthorizationToken", NULL};
    static const char *const logs[] = {"logs:CreateLogStream", "logs:PutLogEvents", NULL};
    static const char *const create[] = {"logs:CreateLogGroup", NULL};
    static const char *const ssm[] = {"ssm:GetParameters", NULL};
    static const char *const sm[] = {"secretsmanager:GetSecretValue", NULL};
    static const char *const s3get[] = {"s3:GetObject", NULL};
    static const char *const s3loc[] = {"s3:GetBucketLocation", NULL};

    ExecGrants g = {new_array(), new_array(), new_array(), new_array(), new_array(), new_array(),
                    new_array()};
    VEC_EACH(const IrContainer *, c, t->containers) {
        const char *repo = c->image ? ecr_repository_arn(cf->a, c->image) : NULL;
        if (repo)
            append_unique(g.repos, str(repo));
        if (is_awslogs(c->log)) {
            LogGroup *lg = map_get(&cf->log_groups, log_group_name(c->log));
            assert(lg);
            append_unique(g.logs, log_group_arn(cf, lg));
            const char *cg = log_option(c->log, "awslogs-create-group",
                                            c->log->create_group == IR_TRI_TRUE ? "true" : NULL);
            if (cg && strcmp(cg, "true") == 0)
                append_unique(g.create_logs, log_group_arn(cf, lg));
        }
        VEC_EACH(const IrSecret *, s, c->secrets)
            grant_secret(cf, &g, s, s->value_from);
        if (c->log)
            VEC_EACH(const IrSecret *, s, c->log->secret_options)
                grant_secret(cf, &g, s, s->value_from);
        if (c->repository_credentials)
            grant_secret(cf, &g, NULL, c->repository_credentials);
        VEC_EACH(const IrKV *, f, c->env_files)
            grant_env_file(cf, &g, f->value);
    }

    cJSON *sts = new_array();
    struct { cJSON *res; const char *sid; const char *const *acts; } parts[] = {
        {g.repos, "PullImages", pull},
        {g.logs, "WriteLogs", logs},
        {g.create_logs, "CreateLogGroup", create},
        {g.params, "ReadParameters", ssm},
        {g.secrets, "ReadSecrets", sm},
        {g.objects, "ReadEnvironmentFiles", s3get},
        {g.buckets, "LocateEnvironmentFileBuckets", s3loc},
    };
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        if (cJSON_GetArraySize(parts[i].res) == 0) {
            cJSON_Delete(parts[i].res);
            continue;
        }
        append(sts, statement(parts[i].sid, false, actions(parts[i].acts), parts[i].res));
        if (parts[i].res == g.repos) /* the token call takes no resource */
            append(sts, statement("AuthenticateToEcr", false, actions(auth), str("*")));
    }

    cJSON *p = resource(cf, id, "AWS::IAM::Role");
    put_str(p, "RoleName", t->exec_role_name);
    put_str(p, "Description", arena_printf(cf->a, "ecsc: execution role of task '%s'", t->name));
    put(p, "AssumeRolePolicyDocument", trust_policy(cf, "ecs-tasks.amazonaws.com", true));
    if (cJSON_GetArraySize(sts) > 0)
        put_policy(p, "execution", sts);
    else
        cJSON_Delete(sts);
    put_tags(cf, p, NULL);
    output(cf, arena_printf(cf->a, "%sArn", id),
           arena_printf(cf->a, "ARN of the execution role of task '%s'", t->name), getatt(id, "Arn"));
}

static const char *task_def_id(Cfn *cf, const IrTask *t)
{
    return names_camel(cf->a, t->name, "TaskDefinition");
}

static void emit_task(Cfn *cf, const IrTask *t)
{
    Arena *a = cf->a;
    set_owner(cf, arena_printf(a, "task-%s", t->name));

    /* log groups first: the task definition and the role refer to them */
    VEC_EACH(const IrContainer *, c, t->containers)
        if (is_awslogs(c->log))
            log_group(cf, t, c, c->log);

    const char *exec_id = names_camel(a, t->name, "ExecutionRole");
    if (t->exec_role_implied)
        emit_exec_role(cf, t, exec_id);

    cJSON *cfn = emit_taskdef(cf->m, t);
    if (cf->taskdefs) {     /* the API document first, then the same tree converted */
        JsonBuf *b = &cf->doc;
        b->len = 0;
        json_write_doc(b, cfn);
        EmitPiece one = {b->data, b->len};
        emit_output(a, cf->taskdefs, cf->sink, arena_printf(a, "taskdefs/%s.json", t->family),
                    &one, 1);
    }
    to_cfn(a, cfn, NULL, NULL);

    cJSON *task_role = role_arn_value(cf, &t->role, t->role_arn);
    if (task_role)
        put(cfn, "TaskRoleArn", task_role);
    cJSON *exec_role = t->exec_role_implied ? getatt(exec_id, "Arn")
                                            : role_arn_value(cf, &t->exec_role, t->exec_role_arn);
    if (exec_role)
        put(cfn, "ExecutionRoleArn", exec_role);

    /* awslogs-group names the template's log group, so CloudFormation
       creates it before the task definition */
    cJSON *cds = cJSON_GetObjectItemCaseSensitive(cfn, "ContainerDefinitions");
    cJSON *cd;
    cJSON_ArrayForEach(cd, cds) {
        cJSON *lc = cJSON_GetObjectItemCaseSensitive(cd, "LogConfiguration");
        cJSON *drv = lc ? cJSON_GetObjectItemCaseSensitive(lc, "LogDriver") : NULL;
        cJSON *opts = lc ? cJSON_GetObjectItemCaseSensitive(lc, "Options") : NULL;
        cJSON *grp = opts ? cJSON_GetObjectItemCaseSensitive(opts, "awslogs-group") : NULL;
        if (!drv || !cJSON_IsString(drv) || strcmp(drv->valuestring, "awslogs") != 0
            || !grp || !cJSON_IsString(grp))
            continue;
        const LogGroup *lg = map_get(&cf->log_groups, grp->valuestring);
        if (lg && lg->id)
            put(opts, "awslogs-group", ref(lg->id));
    }

    Res *r = add_res(cf, task_def_id(cf, t), "AWS::ECS::TaskDefinition");
    cJSON_Delete(r->props);
    r->props = cfn;
}

/* --- cluster and capacity ----------------------------------------------------------- */

static cJSON *cluster_ref(Cfn *cf)
{
    const IrCluster *cl = cf->m->cluster;
    if (cl && cl->existing)
        return str(cl->existing);
    return ref("Cluster");
}

static const char *cluster_sub(Cfn *cf)
{
    const IrCluster *cl = cf->m->cluster;
    if (cl && cl->existing)
        return sub_escape(cf->a, cl->existing);
    return "${Cluster}";
}

static const IrTask *service_task(const IrService *sv)
{
    const IrTask *t = sv->task.target;
    assert(t);
    return t;
}

static IrNetwork task_network(const IrTask *t)
{
    if (t->network == IR_NET_AWSVPC || t->network == IR_NET_HOST || t->network == IR_NET_NONE)
        return t->network;
    if (t->launch & IR_LAUNCH_FARGATE)
        return IR_NET_AWSVPC;
    return IR_NET_BRIDGE;   /* the EC2 default on Linux */
}

/* Whether the service's tasks run on the instances of capacity `c`. */
static bool runs_on(const IrModel *m, const IrService *sv, const IrCapacity *c)
{
    if (sv->capacity.len) {
        VEC_EACH(const IrCapacityUse *, u, sv->capacity)
            if (u->capacity.target == c)
                return true;
        return false;
    }
    (void)m;
    return sv->launch == IR_LAUNCH_EC2;
}

static bool uses_provider_strategy(const IrService *sv)
{
    return sv->capacity.len > 0 && !sv->daemon;
}

/* The VPC of a security group for capacity `c`: that of a load balancer
   routing to tasks on it, else the model's only vpc_id param. */
static const IrParamRef *only_vpc_param(const IrModel *m, IrParamRef *tmp)
{
    const IrParam *found = NULL;
    VEC_EACH(const IrParam *, p, m->params) {
        if (p->type != IR_PARAM_VPC_ID || p->is_list)
            continue;
        if (found)
            return NULL;
        found = p;
    }
    if (!found)
        return NULL;
    memset(tmp, 0, sizeof *tmp);
    tmp->param.name = found->name;
    tmp->param.target = (void *)found;
    return tmp;
}

static const char *lb_sg_id(Cfn *cf, const IrLoadBalancer *lb)
{
    return arena_printf(cf->a, "%sSecurityGroup", lb->logical_id);
}

static const IrContainer *route_container(const IrRoute *r)
{
    return r->container.target;
}

/* The host port range the load balancer reaches a bridge/host task on. */
static void host_ports(const IrTask *t, const IrRoute *r, int *lo, int *hi)
{
    *lo = *hi = r->port;
    if (task_network(t) != IR_NET_BRIDGE)
        return;
    const IrContainer *c = route_container(r);
    if (c)
        VEC_EACH(const IrPort *, p, c->ports)
            if (p->container_port == r->port && !p->host_dynamic && p->host_port > 0) {
                *lo = *hi = p->host_port;
                return;
            }
    *lo = 32768;    /* dynamic host ports */
    *hi = 65535;
}

static void ingress(cJSON *rules, int lo, int hi, cJSON *source_sg, cJSON *cidr, const char *desc)
{
    cJSON *o = new_object();
    put_str(o, "IpProtocol", "tcp");
    put_int(o, "FromPort", lo);
    put_int(o, "ToPort", hi);
    if (source_sg)
        put(o, "SourceSecurityGroupId", source_sg);
    if (cidr)
        put(o, "CidrIp", cidr);
    put_str(o, "Description", desc);
    append_unique(rules, o);
}

static void emit_capacity(Cfn *cf, const IrCapacity *c)
{
    Arena *a = cf->a;
    const IrModel *m = cf->m;
    set_owner(cf, arena_printf(a, "capacity-%s", c->name));
    const char *base = c->logical_id;
    const char *role = arena_printf(a, "%sInstanceRole", base);
    const char *profile = arena_printf(a, "%sInstanceProfile", base);
    const char *sg = arena_printf(a, "%sInstanceSecurityGroup", base);
    const char *lt = arena_printf(a, "%sLaunchTemplate", base);
    const char *asg = arena_printf(a, "%sAutoScalingGroup", base);

    cJSON *p = resource(cf, role, "AWS::IAM::Role");
    put_str(p, "Description", arena_printf(a, "ecsc: EC2 instances of capacity '%s'", c->name));
    put(p, "AssumeRolePolicyDocument", trust_policy(cf, "ec2.amazonaws.com", false));
    append(put(p, "ManagedPolicyArns", new_array()),
           managed_policy(a, "service-role/AmazonEC2ContainerServiceforEC2Role"));
    put_tags(cf, p, NULL);

    p = resource(cf, profile, "AWS::IAM::InstanceProfile");
    append(put(p, "Roles", new_array()), ref(role));

    /* the instances' security group: the host ports of bridge/host tasks,
       from the load balancers' groups only */
    const IrParamRef *vpc = NULL;
    cJSON *rules = new_array();
    VEC_EACH(const IrService *, sv, m->services) {
        const IrTask *t = service_task(sv);
        if (!runs_on(m, sv, c) || task_network(t) == IR_NET_AWSVPC)
            continue;
        VEC_EACH(const IrRoute *, r, sv->routes) {
            const IrLoadBalancer *lb = r->lb.target;
            if (!vpc && param_given(&lb->vpc))
                vpc = &lb->vpc;
            int lo, hi;
            host_ports(t, r, &lo, &hi);
            ingress(rules, lo, hi, getatt(lb_sg_id(cf, lb), "GroupId"), NULL,
                    arena_printf(a, "load balancer %s to service %s", lb->name, sv->name));
        }
    }
    IrParamRef tmp;
    if (!vpc)
        vpc = only_vpc_param(m, &tmp);
    bool have_sg = vpc != NULL;
    if (have_sg) {
        p = resource(cf, sg, "AWS::EC2::SecurityGroup");
        put_str(p, "GroupDescription", arena_printf(a, "ecsc: EC2 instances of capacity %s", c->name));
        put(p, "VpcId", param_value(vpc, false));
        if (cJSON_GetArraySize(rules))
            put(p, "SecurityGroupIngress", rules);
        else
            cJSON_Delete(rules);
        put_tags(cf, p, NULL);
    } else {
        cJSON_Delete(rules);
    }

    p = resource(cf, lt, "AWS::EC2::LaunchTemplate");
    cJSON *d = put(p, "LaunchTemplateData", new_object());
    bool arm = c->arch && strcmp(c->arch, "ARM64") == 0;
    put_str(d, "ImageId", arm
            ? "{{resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id}}"
            : "{{resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id}}");
    put_str(d, "InstanceType", c->instance_type);
    put(put(d, "IamInstanceProfile", new_object()), "Arn", getatt(profile, "Arn"));
    if (have_sg)
        append(put(d, "SecurityGroupIds", new_array()), getatt(sg, "GroupId"));
    if (c->spot)
        put_str(put(d, "InstanceMarketOptions", new_object()), "MarketType", "spot");
    cJSON *md = put(d, "MetadataOptions", new_object());
    put_str(md, "HttpTokens", "required");
    put_str(md, "HttpEndpoint", "enabled");
    put_int(md, "HttpPutResponseHopLimit", 2);
    cJSON *b64 = put(d, "UserData", new_object());
    put(b64, "Fn::Base64", sub(arena_printf(a, "#!/bin/bash\necho ECS_CLUSTER=%s >> /etc/ecs/ecs.config\n",
                                            cluster_sub(cf))));

    p = resource(cf, asg, "AWS::AutoScaling::AutoScalingGroup");
    char n[32];
    snprintf(n, sizeof n, "%d", c->min);
    put_str(p, "MinSize", n);
    snprintf(n, sizeof n, "%d", c->max);
    put_str(p, "MaxSize", n);
    if (c->desired != IR_UNSET) {
        snprintf(n, sizeof n, "%d", c->desired);
        put_str(p, "DesiredCapacity", n);
    }
    cJSON *lts = put(p, "LaunchTemplate", new_object());
    put(lts, "LaunchTemplateId", ref(lt));
    put(lts, "Version", getatt(lt, "LatestVersionNumber"));
    cJSON *subnets = param_value(&c->subnets, true);
    if (subnets)
        put(p, "VPCZoneIdentifier", subnets);

    p = resource(cf, base, "AWS::ECS::CapacityProvider");
    cJSON *ag = put(p, "AutoScalingGroupProvider", new_object());
    put(ag, "AutoScalingGroupArn", ref(asg));
    cJSON *ms = put(ag, "ManagedScaling", new_object());
    put_str(ms, "Status", "ENABLED");
    put_int(ms, "TargetCapacity", c->target_capacity != IR_UNSET ? c->target_capacity : 100);
    put_str(ag, "ManagedTerminationProtection", "DISABLED");
    put_str(ag, "ManagedDraining", "ENABLED");
    put_tags(cf, p, NULL);
}

/* FARGATE / FARGATE_SPOT providers named by services, in first-use order. */
static void fargate_providers(const IrModel *m, Vec *out, Arena *a)
{
    VEC_EACH(const IrService *, sv, m->services)
        VEC_EACH(const IrCapacityUse *, u, sv->capacity) {
            if (!u->provider || u->capacity.target)
                continue;
            bool seen = false;
            VEC_EACH(const char *, s, *out)
                seen |= strcmp(s, u->provider) == 0;
            if (!seen)
                vec_push(a, out, (void *)u->provider);
        }
}

/* A cluster ecsc creates gets the providers its services name; an existing
   cluster only those of ecsc's own capacity (the association replaces a
   cluster's whole provider list, and a shared cluster is assumed to have
   FARGATE and FARGATE_SPOT already). */
static bool need_association(const IrModel *m)
{
    if (m->capacities.len)
        return true;
    if (m->cluster && m->cluster->existing)
        return false;
    VEC_EACH(const IrService *, sv, m->services)
        if (uses_provider_strategy(sv))
            return true;
    return false;
}

static void emit_cluster(Cfn *cf)
{
    const IrModel *m = cf->m;
    const IrCluster *cl = m->cluster;
    set_owner(cf, "cluster");
    if (!cl || !cl->existing) {
        cJSON *p = resource(cf, "Cluster", "AWS::ECS::Cluster");
        put_str(p, "ClusterName", cl ? cl->aws_name : NULL);
        cJSON *s = append(put(p, "ClusterSettings", new_array()), new_object());
        put_str(s, "Name", "containerInsights");
        put_str(s, "Value", !cl || cl->insights != IR_TRI_FALSE ? "enabled" : "disabled");
        put_tags(cf, p, NULL);
    }
    output(cf, "ClusterName", "the ECS cluster", cluster_ref(cf));
}

static void emit_association(Cfn *cf)
{
    const IrModel *m = cf->m;
    if (!need_association(m))
        return;
    set_owner(cf, "cluster");
    cJSON *p = resource(cf, "ClusterCapacityProviders", "AWS::ECS::ClusterCapacityProviderAssociations");
    put(p, "Cluster", cluster_ref(cf));
    cJSON *cps = put(p, "CapacityProviders", new_array());
    VEC_EACH(const IrCapacity *, c, m->capacities)
        append(cps, ref(c->logical_id));
    Vec fargate = {0};
    fargate_providers(m, &fargate, cf->a);
    VEC_EACH(const char *, s, fargate)
        append(cps, str(s));
    /* new services without a strategy or launch type use the first one */
    cJSON *def = append(put(p, "DefaultCapacityProviderStrategy", new_array()), new_object());
    if (m->capacities.len)
        put(def, "CapacityProvider", ref(((const IrCapacity *)VEC_AT(m->capacities, 0))->logical_id));
    else
        put_str(def, "CapacityProvider", VEC_AT(fargate, 0));
    put_int(def, "Weight", 1);
}

/* --- load balancers --------------------------------------------------------------------- */

static const char *ingress_cidr_param(Cfn *cf, const IrLoadBalancer *lb)
{
    return arena_printf(cf->a, "%sIngressCidr", lb->logical_id);
}

static void emit_load_balancer(Cfn *cf, const IrLoadBalancer *lb)
{
    Arena *a = cf->a;
    set_owner(cf, arena_printf(a, "load_balancer-%s", lb->name));
    const char *sg = lb_sg_id(cf, lb);

    cJSON *cidr_src = NULL;
    if (lb->internal) {
        /* the VPC's CIDR is not known here: a parameter, private by default */
        Res *pr = ARENA_NEW(a, Res);
        pr->id = ingress_cidr_param(cf, lb);
        pr->owner = cf->owner->name;
        pr->props = new_object();
        put_str(pr->props, "Type", "String");
        put_str(pr->props, "Description",
                arena_printf(a, "the addresses internal load balancer '%s' admits", lb->name));
        put_str(pr->props, "Default", "10.0.0.0/8");
        put_str(pr->props, "AllowedPattern", "^\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}$");
        vec_push(a, &cf->gen_params, pr);
    }

    cJSON *p = resource(cf, sg, "AWS::EC2::SecurityGroup");
    put_str(p, "GroupDescription", arena_printf(a, "ecsc: load balancer %s", lb->name));
    cJSON *vpc = param_value(&lb->vpc, false);
    if (vpc)
        put(p, "VpcId", vpc);
    cJSON *rules = put(p, "SecurityGroupIngress", new_array());
    VEC_EACH(const IrListener *, l, lb->listeners) {
        cidr_src = lb->internal ? ref(ingress_cidr_param(cf, lb)) : str("0.0.0.0/0");
        ingress(rules, l->port, l->port, NULL, cidr_src,
                arena_printf(a, "%s listener %d", l->proto == IR_LISTEN_HTTPS ? "https" : "http", l->port));
    }
    put_tags(cf, p, NULL);

    p = resource(cf, lb->logical_id, "AWS::ElasticLoadBalancingV2::LoadBalancer");
    put_str(p, "Name", lb->aws_name);
    put_str(p, "Type", "application");
    put_str(p, "Scheme", lb->internal ? "internal" : "internet-facing");
    cJSON *subnets = param_value(&lb->subnets, true);
    if (subnets)
        put(p, "Subnets", subnets);
    append(put(p, "SecurityGroups", new_array()), getatt(sg, "GroupId"));
    if (lb->idle_timeout != IR_UNSET) {
        cJSON *attr = append(put(p, "LoadBalancerAttributes", new_array()), new_object());
        put_str(attr, "Key", "idle_timeout.timeout_seconds");
        char v[32];
        snprintf(v, sizeof v, "%d", lb->idle_timeout);
        put_str(attr, "Value", v);
    }
    put_tags(cf, p, NULL);

    VEC_EACH(const IrListener *, l, lb->listeners) {
        p = resource(cf, l->logical_id, "AWS::ElasticLoadBalancingV2::Listener");
        put(p, "LoadBalancerArn", ref(lb->logical_id));
        put_int(p, "Port", l->port);
        put_str(p, "Protocol", l->proto == IR_LISTEN_HTTPS ? "HTTPS" : "HTTP");
        if (l->proto == IR_LISTEN_HTTPS) {
            put_str(p, "SslPolicy", "ELBSecurityPolicy-TLS13-1-2-2021-06");
            cJSON *cert = l->has_cert ? param_value(&l->cert, false) : NULL;
            if (cert)
                put(append(put(p, "Certificates", new_array()), new_object()), "CertificateArn", cert);
        }
        cJSON *act = append(put(p, "DefaultActions", new_array()), new_object());
        if (l->redirect_port != IR_UNSET) {
            put_str(act, "Type", "redirect");
            cJSON *rc = put(act, "RedirectConfig", new_object());
            put_str(rc, "Protocol", "HTTPS");
            char port[16];
            snprintf(port, sizeof port, "%d", l->redirect_port);
            put_str(rc, "Port", port);
            put_str(rc, "StatusCode", "HTTP_301");
        } else {
            put_str(act, "Type", "fixed-response");
            cJSON *fr = put(act, "FixedResponseConfig", new_object());
            char code[16];
            snprintf(code, sizeof code, "%d", l->fixed_status != IR_UNSET ? l->fixed_status : 404);
            put_str(fr, "StatusCode", code);
            put_str(fr, "ContentType", "text/plain");
        }
    }
    output(cf, arena_printf(a, "%sDnsName", lb->logical_id),
           arena_printf(a, "DNS name of load balancer '%s'", lb->name), getatt(lb->logical_id, "DNSName"));
}

/* --- services ------------------------------------------------------------------------------ */

static const char *route_base(Cfn *cf, const IrRoute *r)
{
    return strip_suffix(cf->a, r->logical_id, "TargetGroup");
}

static const char *alt_tg_id(Cfn *cf, const IrRoute *r)
{
    return arena_printf(cf->a, "%sAlternateTargetGroup", route_base(cf, r));
}

static const char *rule_id(Cfn *cf, const IrRoute *r, const IrListener *l)
{
    return arena_printf(cf->a, "%sListener%dRule", r->rule_base, l->port);
}

/* The alternate target group's name: "<name>-alt" within 32 characters. */
static const char *alt_tg_name(Arena *a, const char *name)
{
    if (strlen(name) + 4 <= 32)
        return arena_printf(a, "%s-alt", name);
    return arena_printf(a, "%.21s-%06" PRIx32 "-alt", name, fnv32(name) & 0xffffff);
}

/* Whether listener `l` carries route `r` (it forwards and the route does
   not pin another port). */
static bool route_on(const IrRoute *r, const IrListener *l)
{
    return l->redirect_port == IR_UNSET
        && (r->listener_port == IR_UNSET || r->listener_port == l->port);
}

static bool native_bg(const IrService *sv)
{
    return sv->blue_green != IR_BG_NONE && !sv->codedeploy;
}

static void target_group(Cfn *cf, const IrService *sv, const IrRoute *r, const char *id,
                         const char *name)
{
    const IrLoadBalancer *lb = r->lb.target;
    cJSON *p = resource(cf, id, "AWS::ElasticLoadBalancingV2::TargetGroup");
    put_str(p, "Name", name);
    put_int(p, "Port", r->port);
    put_str(p, "Protocol", "HTTP");
    cJSON *vpc = param_value(&lb->vpc, false);
    if (vpc)
        put(p, "VpcId", vpc);
    put_str(p, "TargetType", task_network(service_task(sv)) == IR_NET_AWSVPC ? "ip" : "instance");
    put_str(p, "HealthCheckPath", r->health_path ? r->health_path : "/");
    put_int(p, "HealthCheckIntervalSeconds", r->health_interval);
    put_int(p, "HealthyThresholdCount", r->healthy_threshold);
    put_int(p, "UnhealthyThresholdCount", r->unhealthy_threshold);
    put_tags(cf, p, NULL);
}

static void emit_routes(Cfn *cf, const IrService *sv)
{
    Arena *a = cf->a;
    VEC_EACH(const IrRoute *, r, sv->routes) {
        const IrLoadBalancer *lb = r->lb.target;
        assert(lb);
        bool bg = sv->blue_green != IR_BG_NONE;
        if (!r->shares_target) {
            target_group(cf, sv, r, r->logical_id, r->tg_name);
            if (bg)
                target_group(cf, sv, r, alt_tg_id(cf, r), alt_tg_name(a, r->tg_name));
            output(cf, arena_printf(a, "%sArn", r->logical_id),
                   arena_printf(a, "target group of service '%s' on '%s'", sv->name, lb->name),
                   ref(r->logical_id));
        }
        if (bg && !r->shares_target)
            output(cf, arena_printf(a, "%sArn", alt_tg_id(cf, r)),
                   arena_printf(a, "alternate target group of service '%s' on '%s'", sv->name, lb->name),
                   ref(alt_tg_id(cf, r)));

        VEC_EACH(const IrListener *, l, lb->listeners) {
            if (!route_on(r, l))
                continue;
            const char *id = rule_id(cf, r, l);
            cJSON *p = resource(cf, id, "AWS::ElasticLoadBalancingV2::ListenerRule");
            put(p, "ListenerArn", ref(l->logical_id));
            put_int(p, "Priority", r->priority);
            cJSON *conds = put(p, "Conditions", new_array());
            if (r->paths.len) {
                cJSON *c = append(conds, new_object());
                put_str(c, "Field", "path-pattern");
                put(put(c, "PathPatternConfig", new_object()), "Values", strings(&r->paths));
            }
            if (r->hosts.len) {
                cJSON *c = append(conds, new_object());
                put_str(c, "Field", "host-header");
                put(put(c, "HostHeaderConfig", new_object()), "Values", strings(&r->hosts));
            }
            cJSON *act = append(put(p, "Actions", new_array()), new_object());
            put_str(act, "Type", "forward");
            if (!bg) {
                put(act, "TargetGroupArn", ref(r->logical_id));
            } else {
                /* blue/green needs both groups on the production rule;
                   the deployment moves the weights */
                cJSON *tgs = put(put(act, "ForwardConfig", new_object()), "TargetGroups", new_array());
                cJSON *blue = append(tgs, new_object());
                put(blue, "TargetGroupArn", ref(r->logical_id));
                put_int(blue, "Weight", 100);
                cJSON *green = append(tgs, new_object());
                put(green, "TargetGroupArn", ref(alt_tg_id(cf, r)));
                put_int(green, "Weight", 0);
                if (!r->shares_target)
                    output(cf, arena_printf(a, "%sArn", id),
                           arena_printf(a, "production listener rule of service '%s' on '%s' port %d",
                                        sv->name, lb->name, l->port), ref(id));
            }
        }
    }
}

/* The first listener rule carrying route `r` (NULL when none). */
static const IrListener *first_listener(const IrRoute *r)
{
    const IrLoadBalancer *lb = r->lb.target;
    VEC_EACH(const IrListener *, l, lb->listeners)
        if (route_on(r, l))
            return l;
    return NULL;
}

static void emit_task_sg(Cfn *cf, const IrService *sv, const char *sg_id)
{
    Arena *a = cf->a;
    cJSON *p = resource(cf, sg_id, "AWS::EC2::SecurityGroup");
    put_str(p, "GroupDescription", arena_printf(a, "ecsc: tasks of service %s", sv->name));
    const IrParamRef *vpc = NULL;
    VEC_EACH(const IrRoute *, r, sv->routes)
        if (!vpc && param_given(&((const IrLoadBalancer *)r->lb.target)->vpc))
            vpc = &((const IrLoadBalancer *)r->lb.target)->vpc;
    IrParamRef tmp;
    if (!vpc)
        vpc = only_vpc_param(cf->m, &tmp);
    assert(vpc);
    put(p, "VpcId", param_value(vpc, false));
    if (sv->routes.len) {
        cJSON *rules = put(p, "SecurityGroupIngress", new_array());
        VEC_EACH(const IrRoute *, r, sv->routes) {
            const IrLoadBalancer *lb = r->lb.target;
            ingress(rules, r->port, r->port, getatt(lb_sg_id(cf, lb), "GroupId"), NULL,
                    arena_printf(a, "load balancer %s", lb->name));
        }
    }
    put_tags(cf, p, NULL);
}

/* Whether the service gets its own task security group: awsvpc tasks
   with routes, or with no groups given, when the VPC is known. */
static bool own_task_sg(const IrModel *m, const IrService *sv)
{
    (void)m;
    return sv->task_sg_logical_id != NULL;   /* decided once, by infer */
}

static const char *launch_name(unsigned launch)
{
    switch (launch) {
    case IR_LAUNCH_FARGATE: return "FARGATE";
    case IR_LAUNCH_EC2: return "EC2";
    case IR_LAUNCH_EXTERNAL: return "EXTERNAL";
    default: return NULL;
    }
}

static void put_network(Cfn *cf, cJSON *p, const IrService *sv, const char *sg_id)
{
    cJSON *vpc = put(put(p, "NetworkConfiguration", new_object()), "AwsvpcConfiguration", new_object());
    bool theirs = param_given(&sv->security_groups);
    if (sg_id && theirs) {
        /* ours plus the given ones: one flat list */
        cJSON *items = new_array();
        append(items, getatt(sg_id, "GroupId"));
        cJSON *given = param_value(&sv->security_groups, true);
        if (cJSON_IsArray(given)) {
            cJSON *el;
            cJSON_ArrayForEach(el, given)
                append(items, chk(cJSON_Duplicate(el, true)));
            cJSON_Delete(given);
            put(vpc, "SecurityGroups", items);
        } else {
            append(items, join(",", given));
            cJSON *split = new_object();
            cJSON *args = put(split, "Fn::Split", new_array());
            append(args, str(","));
            append(args, join(",", items));
            put(vpc, "SecurityGroups", split);
        }
    } else if (sg_id) {
        append(put(vpc, "SecurityGroups", new_array()), getatt(sg_id, "GroupId"));
    } else if (theirs) {
        put(vpc, "SecurityGroups", param_value(&sv->security_groups, true));
    }
    cJSON *subnets = param_value(&sv->subnets, true);
    if (subnets)
        put(vpc, "Subnets", subnets);
    put_str(vpc, "AssignPublicIp", sv->public_ip == IR_TRI_TRUE ? "ENABLED" : "DISABLED");
    (void)cf;
}

static int minutes_up(int seconds)
{
    return (seconds + 59) / 60;
}

static void put_deployment(Cfn *cf, cJSON *p, const IrService *sv, bool codedeploy)
{
    cJSON *dc = new_object();
    put_int(dc, "MaximumPercent", sv->max_percent);
    put_int(dc, "MinimumHealthyPercent", sv->min_healthy);
    if (sv->circuit_breaker && !codedeploy) {
        cJSON *cb = put(dc, "DeploymentCircuitBreaker", new_object());
        put_bool(cb, "Enable", true);
        put_bool(cb, "Rollback", sv->rollback);
    }
    if (sv->alarms.len && !codedeploy) {
        cJSON *al = put(dc, "Alarms", new_object());
        put(al, "AlarmNames", strings(&sv->alarms));
        put_bool(al, "Enable", true);
        put_bool(al, "Rollback", sv->rollback);
    }
    if (native_bg(sv)) {
        switch (sv->blue_green) {
        case IR_BG_CANARY: {
            put_str(dc, "Strategy", "CANARY");
            cJSON *cc = put(dc, "CanaryConfiguration", new_object());
            put_int(cc, "CanaryPercent", sv->bg_percent);
            put_int(cc, "CanaryBakeTimeInMinutes", sv->bg_interval);
            break;
        }
        case IR_BG_LINEAR: {
            put_str(dc, "Strategy", "LINEAR");
            cJSON *lc = put(dc, "LinearConfiguration", new_object());
            put_int(lc, "StepPercent", sv->bg_percent);
            put_int(lc, "StepBakeTimeInMinutes", sv->bg_interval);
            break;
        }
        default:
            put_str(dc, "Strategy", "BLUE_GREEN");
            break;
        }
        if (sv->bake != IR_UNSET)
            put_int(dc, "BakeTimeInMinutes", minutes_up(sv->bake));
    }
    if (cJSON_GetArraySize(dc))
        put(p, "DeploymentConfiguration", dc);
    else
        cJSON_Delete(dc);
    (void)cf;
}

static const char *predefined_metric(IrScaleMetric m)
{
    switch (m) {
    case IR_SCALE_CPU: return "ECSServiceAverageCPUUtilization";
    case IR_SCALE_MEMORY: return "ECSServiceAverageMemoryUtilization";
    case IR_SCALE_REQUESTS: return "ALBRequestCountPerTarget";
    }
    return NULL;
}

static void emit_scaling(Cfn *cf, const IrService *sv)
{
    const IrScaling *sc = sv->scaling;
    Arena *a = cf->a;
    const char *target = arena_printf(a, "%sScalableTarget", sv->logical_id);
    cJSON *p = resource(cf, target, "AWS::ApplicationAutoScaling::ScalableTarget");
    put_str(p, "ServiceNamespace", "ecs");
    put_str(p, "ScalableDimension", "ecs:service:DesiredCount");
    cJSON *parts = new_array();
    append(parts, str("service"));
    append(parts, cluster_ref(cf));
    append(parts, getatt(sv->logical_id, "Name"));
    put(p, "ResourceId", join("/", parts));
    put_int(p, "MinCapacity", sc->min);
    put_int(p, "MaxCapacity", sc->max);

    static const char *const metric_word[] = {"cpu", "memory", "requests"};
    p = resource(cf, arena_printf(a, "%sScalingPolicy", sv->logical_id),
                 "AWS::ApplicationAutoScaling::ScalingPolicy");
    put_str(p, "PolicyName", arena_printf(a, "%s-%s", sv->aws_name, metric_word[sc->metric]));
    put_str(p, "PolicyType", "TargetTrackingScaling");
    put(p, "ScalingTargetId", ref(target));
    cJSON *tt = put(p, "TargetTrackingScalingPolicyConfiguration", new_object());
    cJSON *pm = put(tt, "PredefinedMetricSpecification", new_object());
    put_str(pm, "PredefinedMetricType", predefined_metric(sc->metric));
    if (sc->metric == IR_SCALE_REQUESTS) {
        assert(sv->routes.len);
        const IrRoute *r = VEC_AT(sv->routes, 0);
        const IrLoadBalancer *lb = r->lb.target;
        cJSON *label = new_array();
        append(label, getatt(lb->logical_id, "LoadBalancerFullName"));
        append(label, getatt(r->logical_id, "TargetGroupFullName"));
        put(pm, "ResourceLabel", join("/", label));
    }
    put_int(tt, "TargetValue", sc->target);
}

/* CodeDeploy's predefined ECS configurations, else NULL. */
static const char *codedeploy_config(const IrService *sv)
{
    if (sv->blue_green == IR_BG_ALL_AT_ONCE)
        return "CodeDeployDefault.ECSAllAtOnce";
    static const struct { IrBlueGreen kind; int pct, min; const char *name; } known[] = {
        {IR_BG_CANARY, 10, 5, "CodeDeployDefault.ECSCanary10Percent5Minutes"},
        {IR_BG_CANARY, 10, 15, "CodeDeployDefault.ECSCanary10Percent15Minutes"},
        {IR_BG_LINEAR, 10, 1, "CodeDeployDefault.ECSLinear10PercentEvery1Minutes"},
        {IR_BG_LINEAR, 10, 3, "CodeDeployDefault.ECSLinear10PercentEvery3Minutes"},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (known[i].kind == sv->blue_green && known[i].pct == sv->bg_percent
            && known[i].min == sv->bg_interval)
            return known[i].name;
    return NULL;
}

static void emit_codedeploy(Cfn *cf, const IrService *sv)
{
    Arena *a = cf->a;
    const char *app_name = cf->m->app->name ? cf->m->app->name : "ecsc";
    /* one application and one service role for every CodeDeploy service;
       each service's fragment carries identical copies */
    if (!find_res(cf, "CodeDeployApplication")) {
        cJSON *p = resource(cf, "CodeDeployApplication", "AWS::CodeDeploy::Application");
        put_str(p, "ApplicationName", app_name);
        put_str(p, "ComputePlatform", "ECS");
        p = resource(cf, "CodeDeployRole", "AWS::IAM::Role");
        put_str(p, "Description", "ecsc: CodeDeploy blue/green deployments of ECS services");
        put(p, "AssumeRolePolicyDocument", trust_policy(cf, "codedeploy.amazonaws.com", false));
        append(put(p, "ManagedPolicyArns", new_array()), managed_policy(a, "AWSCodeDeployRoleForECS"));
        put_tags(cf, p, NULL);
    }

    const char *base = strip_suffix(a, sv->logical_id, "Service");
    const char *config = codedeploy_config(sv);
    cJSON *config_ref = NULL;
    if (config) {
        config_ref = str(config);
    } else {
        const char *id = arena_printf(a, "%sDeploymentConfig", base);
        cJSON *p = resource(cf, id, "AWS::CodeDeploy::DeploymentConfig");
        put_str(p, "ComputePlatform", "ECS");
        cJSON *trc = put(p, "TrafficRoutingConfig", new_object());
        if (sv->blue_green == IR_BG_CANARY) {
            put_str(trc, "Type", "TimeBasedCanary");
            cJSON *tc = put(trc, "TimeBasedCanary", new_object());
            put_int(tc, "CanaryPercentage", sv->bg_percent);
            put_int(tc, "CanaryInterval", sv->bg_interval);
        } else {
            put_str(trc, "Type", "TimeBasedLinear");
            cJSON *tl = put(trc, "TimeBasedLinear", new_object());
            put_int(tl, "LinearPercentage", sv->bg_percent);
            put_int(tl, "LinearInterval", sv->bg_interval);
        }
        config_ref = ref(id);
    }

    const char *dg = arena_printf(a, "%sDeploymentGroup", base);
    cJSON *p = resource(cf, dg, "AWS::CodeDeploy::DeploymentGroup");
    put(p, "ApplicationName", ref("CodeDeployApplication"));
    put_str(p, "DeploymentGroupName", sv->aws_name);
    put(p, "ServiceRoleArn", getatt("CodeDeployRole", "Arn"));
    put(p, "DeploymentConfigName", config_ref);
    cJSON *style = put(p, "DeploymentStyle", new_object());
    put_str(style, "DeploymentType", "BLUE_GREEN");
    put_str(style, "DeploymentOption", "WITH_TRAFFIC_CONTROL");
    cJSON *bgc = put(p, "BlueGreenDeploymentConfiguration", new_object());
    cJSON *ready = put(bgc, "DeploymentReadyOption", new_object());
    put_str(ready, "ActionOnTimeout", "CONTINUE_DEPLOYMENT");
    cJSON *term = put(bgc, "TerminateBlueInstancesOnDeploymentSuccess", new_object());
    put_str(term, "Action", "TERMINATE");
    int wait = sv->termination_wait != IR_UNSET ? sv->termination_wait
             : sv->bake != IR_UNSET ? minutes_up(sv->bake) : 5;
    put_int(term, "TerminationWaitTimeInMinutes", wait);
    cJSON *rb = put(p, "AutoRollbackConfiguration", new_object());
    put_bool(rb, "Enabled", true);
    cJSON *events = put(rb, "Events", new_array());
    append(events, str("DEPLOYMENT_FAILURE"));
    if (sv->alarms.len) {
        append(events, str("DEPLOYMENT_STOP_ON_ALARM"));
        cJSON *ac = put(p, "AlarmConfiguration", new_object());
        put_bool(ac, "Enabled", true);
        cJSON *alarms = put(ac, "Alarms", new_array());
        VEC_EACH(const char *, name, sv->alarms)
            put_str(append(alarms, new_object()), "Name", name);
    }
    cJSON *svc = append(put(p, "ECSServices", new_array()), new_object());
    put(svc, "ClusterName", cluster_ref(cf));
    put(svc, "ServiceName", getatt(sv->logical_id, "Name"));
    /* CodeDeploy shifts one target group pair behind one production listener */
    assert(sv->routes.len);
    const IrRoute *r = VEC_AT(sv->routes, 0);
    const IrListener *l = first_listener(r);
    assert(l);
    cJSON *pair = append(put(put(p, "LoadBalancerInfo", new_object()), "TargetGroupPairInfoList",
                             new_array()), new_object());
    cJSON *arns = put(put(pair, "ProdTrafficRoute", new_object()), "ListenerArns", new_array());
    append(arns, ref(l->logical_id));
    cJSON *tgs = put(pair, "TargetGroups", new_array());
    put(append(tgs, new_object()), "Name", getatt(r->logical_id, "TargetGroupName"));
    put(append(tgs, new_object()), "Name", getatt(alt_tg_id(cf, r), "TargetGroupName"));
    put_tags(cf, p, NULL);
}

static void emit_bg_role(Cfn *cf, const IrService *sv, const char *id)
{
    cJSON *p = resource(cf, id, "AWS::IAM::Role");
    put_str(p, "Description",
            arena_printf(cf->a, "ecsc: ECS shifts the load balancer traffic of service '%s'", sv->name));
    put(p, "AssumeRolePolicyDocument", trust_policy(cf, "ecs.amazonaws.com", false));
    append(put(p, "ManagedPolicyArns", new_array()),
           managed_policy(cf->a, "AmazonECSInfrastructureRolePolicyForLoadBalancers"));
    put_tags(cf, p, NULL);
}

static void emit_one_service(Cfn *cf, const IrService *sv)
{
    Arena *a = cf->a;
    const IrModel *m = cf->m;
    const IrTask *t = service_task(sv);
    set_owner(cf, arena_printf(a, "service-%s", sv->name));

    const char *sg_id = NULL;
    if (own_task_sg(m, sv)) {
        sg_id = sv->task_sg_logical_id;
        emit_task_sg(cf, sv, sg_id);
    }
    emit_routes(cf, sv);

    const char *bg_role = NULL;
    /* The stack always owns this role: what services/ was given with -D
       (the deployed role's ARN) must not make the template drop it. */
    if (native_bg(sv) && sv->routes.len) {
        bg_role = arena_printf(a, "%sBlueGreenRole", sv->logical_id);
        emit_bg_role(cf, sv, bg_role);
        output(cf, arena_printf(a, "%sArn", bg_role),
               arena_printf(a, "role ECS uses to shift the traffic of service '%s'", sv->name),
               getatt(bg_role, "Arn"));
    }

    cJSON *p = resource(cf, sv->logical_id, "AWS::ECS::Service");
    put(p, "Cluster", cluster_ref(cf));
    put_str(p, "ServiceName", sv->aws_name);
    put(p, "TaskDefinition", ref(task_def_id(cf, t)));
    put_str(p, "SchedulingStrategy", sv->daemon ? "DAEMON" : "REPLICA");
    if (!sv->daemon)
        put_int(p, "DesiredCount", sv->desired);
    if (uses_provider_strategy(sv)) {
        cJSON *arr = put(p, "CapacityProviderStrategy", new_array());
        VEC_EACH(const IrCapacityUse *, u, sv->capacity) {
            cJSON *o = append(arr, new_object());
            const IrCapacity *c = u->capacity.target;
            if (c)
                put(o, "CapacityProvider", ref(c->logical_id));
            else
                put_str(o, "CapacityProvider", u->provider);
            put_int(o, "Weight", u->weight);
            if (u->base > 0)
                put_int(o, "Base", u->base);
        }
    } else {
        put_str(p, "LaunchType", launch_name(sv->daemon && sv->capacity.len ? IR_LAUNCH_EC2 : sv->launch));
    }
    if (task_network(t) == IR_NET_AWSVPC)
        put_network(cf, p, sv, sg_id);
    if (sv->routes.len) {
        cJSON *lbs = put(p, "LoadBalancers", new_array());
        VEC_EACH(const IrRoute *, r, sv->routes) {
            if (r->shares_target)
                continue;   /* one entry per target group */
            cJSON *o = append(lbs, new_object());
            const IrContainer *c = route_container(r);
            put_str(o, "ContainerName", c ? c->name : r->container.name);
            put_int(o, "ContainerPort", r->port);
            put(o, "TargetGroupArn", ref(r->logical_id));
            if (native_bg(sv)) {
                cJSON *ac = put(o, "AdvancedConfiguration", new_object());
                put(ac, "AlternateTargetGroupArn", ref(alt_tg_id(cf, r)));
                const IrListener *l = first_listener(r);
                if (l)
                    put(ac, "ProductionListenerRule", ref(rule_id(cf, r, l)));
                put(ac, "RoleArn", getatt(bg_role, "Arn"));
            }
        }
    }
    put_deployment(cf, p, sv, sv->codedeploy);
    if (sv->codedeploy)
        put_str(put(p, "DeploymentController", new_object()), "Type", "CODE_DEPLOY");
    put_int(p, "HealthCheckGracePeriodSeconds", sv->grace);
    if (sv->exec != IR_TRI_UNSET)
        put_bool(p, "EnableExecuteCommand", sv->exec == IR_TRI_TRUE);
    put_str(p, "PropagateTags", sv->propagate_tags);
    if (sv->placement.len) {
        cJSON *arr = put(p, "PlacementStrategies", new_array());
        VEC_EACH(const IrPlacementStrategy *, ps, sv->placement) {
            cJSON *o = append(arr, new_object());
            put_str(o, "Type", ps->type);
            put_str(o, "Field", ps->field);
        }
    }
    if (sv->distinct_instance || sv->constraints.len) {
        cJSON *arr = put(p, "PlacementConstraints", new_array());
        if (sv->distinct_instance)
            put_str(append(arr, new_object()), "Type", "distinctInstance");
        VEC_EACH(const IrPlacement *, pc, sv->constraints) {
            cJSON *o = append(arr, new_object());
            put_str(o, "Type", "memberOf");
            put_str(o, "Expression", pc->expression);
        }
    }
    put_tags(cf, p, &sv->tags);

    /* CloudFormation cannot see that a target group must be attached to a
       load balancer (by a listener rule) before the service uses it */
    VEC_EACH(const IrRoute *, r, sv->routes) {
        const IrLoadBalancer *lb = r->lb.target;
        VEC_EACH(const IrListener *, l, lb->listeners)
            if (route_on(r, l)) {
                depends_on(cf, sv->logical_id, l->logical_id);
                depends_on(cf, sv->logical_id, rule_id(cf, r, l));
            }
    }
    /* nor that a capacity provider must be associated with the cluster */
    if (cf->need_assoc && (uses_provider_strategy(sv)
                                || (sv->launch == IR_LAUNCH_EC2 && m->capacities.len)
                                || (sv->daemon && m->capacities.len)))
        depends_on(cf, sv->logical_id, "ClusterCapacityProviders");

    output(cf, arena_printf(a, "%sName", sv->logical_id),
           arena_printf(a, "name of service '%s'", sv->name), getatt(sv->logical_id, "Name"));

    if (sv->scaling)
        emit_scaling(cf, sv);
    if (sv->codedeploy && sv->routes.len)
        emit_codedeploy(cf, sv);
}

/* --- writing ------------------------------------------------------------------------------------ */

static cJSON *resource_json(const Res *r)
{
    cJSON *o = new_object();
    put_str(o, "Type", r->type);
    if (r->deps.len)
        put(o, "DependsOn", strings(&r->deps));
    /* The resource's own tree, lent to this document and taken back by
       unlend() before the document is deleted: no copies. */
    put_new(o, "Properties", r->props);
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
    cJSON *params = new_object();
    if (all) {
        VEC_EACH(const IrParam *, p, cf->m->params)
            put_new(params, p->logical_id, param_json(p, cf->a));
        VEC_EACH(const Res *, g, cf->gen_params)
            put_new(params, g->id, chk(cJSON_Duplicate(g->props, true)));
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
            put_new(params, p->logical_id, param_json(p, cf->a));
        } else {
            const Res *g = cf->gen_params.items[pos[i] - ndecl];
            put_new(params, g->id, chk(cJSON_Duplicate(g->props, true)));
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
        refs_of(cf, r);
        cJSON *o = resource_json(r);
        b.len = 0;
        json_buf_put(&b, "\n", 1);
        json_buf_indent(&b, 2);
        json_write_string(&b, r->id);
        json_buf_put(&b, ": ", 2);
        json_write_value(&b, o, 2);
        json_buf_put(&b, ",", 1);
        cJSON_Delete(o);        /* the Properties tree with it */
        r->props = NULL;
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
    cJSON *doc = new_object();
    put_str(doc, "AWSTemplateFormatVersion", "2010-09-09");
    const char *app = cf->m->app->name;
    put_str(doc, "Description", app ? arena_printf(cf->a, "ecsc: application %s", app)
                                    : "ecsc: an Amazon ECS application");
    Arena scratch;
    arena_init(&scratch);
    cJSON *params = parameters(cf, &scratch, &cf->res, true);
    arena_free(&scratch);
    if (cJSON_GetArraySize(params))
        put(doc, "Parameters", params);
    else
        cJSON_Delete(params);
    put(doc, "Resources", chk(cJSON_CreateNull()));    /* the placeholder */
    put(doc, "Outputs", cf->outputs);         /* lent, taken back by add_file */
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
        cJSON *own = new_array();
        VEC_EACH(Res *, r, owner->res) {
            map_put(&in, r->id, r);
            vec_push(&scratch, &work, r);
            append(own, str(r->id));
        }
        for (int i = 0; i < work.len; i++) {
            const Vec *refs = refs_of(cf, VEC_AT(work, i));
            VEC_EACH(const char *, id, *refs) {
                Res *dep = find_res(cf, id);
                if (dep && !map_put(&in, dep->id, dep))
                    vec_push(&scratch, &work, dep);
            }
        }
        /* template order */
        qsort(work.items, (size_t)work.len, sizeof *work.items, by_index);

        cJSON *doc = new_object();
        put_str(doc, "AWSTemplateFormatVersion", "2010-09-09");
        const char *dash = strchr(owner->name, '-');
        const char *what = dash ? arena_printf(&scratch, "%.*s '%s'", (int)(dash - owner->name),
                                               owner->name, dash + 1)
                                : owner->name;
        put_str(doc, "Description", arena_printf(&scratch, "ecsc fragment: %s", what));
        cJSON *meta = put(put(doc, "Metadata", new_object()), "ecsc", new_object());
        put_str(meta, "declaration", what);
        put(meta, "resources", own);
        cJSON *params = parameters(cf, &scratch, &work, false);
        if (cJSON_GetArraySize(params))
            put(doc, "Parameters", params);
        else
            cJSON_Delete(params);
        put(doc, "Resources", chk(cJSON_CreateNull()));    /* the placeholder */
        add_file(cf, out, arena_printf(a, "cfn/fragments/%s.json", owner->name), doc, &work);
        arena_free(&scratch);
    }
}

size_t emit_cfn(Arena *a, const IrModel *m, Vec *out, const EmitSink *sink)
{
    return emit_cfn_taskdefs(a, m, out, NULL, sink);
}

size_t emit_cfn_taskdefs(Arena *a, const IrModel *m, Vec *out, Vec *taskdefs,
                         const EmitSink *sink)
{
    Cfn cf = {.a = a, .m = m, .sink = sink, .taskdefs = taskdefs};
    map_init(&cf.by_id, a);
    map_init(&cf.owner_by_name, a);
    map_init(&cf.log_groups, a);
    cf.outputs = new_object();
    cf.need_assoc = need_association(m);
    find_exec_roles(&cf);

    emit_cluster(&cf);
    print_resources(&cf);
    VEC_EACH(const IrCapacity *, c, m->capacities) {
        emit_capacity(&cf, c);
        print_resources(&cf);
    }
    emit_association(&cf);
    print_resources(&cf);
    VEC_EACH(const IrRole *, r, m->roles) {
        emit_role(&cf, r);
        print_resources(&cf);
    }
    VEC_EACH(const IrTask *, t, m->tasks) {
        emit_task(&cf, t);
        print_resources(&cf);
    }
    VEC_EACH(const IrLoadBalancer *, lb, m->load_balancers) {
        emit_load_balancer(&cf, lb);
        print_resources(&cf);
    }
    VEC_EACH(const IrService *, sv, m->services) {
        emit_one_service(&cf, sv);
        print_resources(&cf);
    }

    map_init(&cf.param_pos, a);
    map_init(&cf.gen_param_pos, a);
    VEC_EACH(const IrParam *, p, m->params)
        if (!map_get(&cf.param_pos, p->logical_id))    /* the first, as the template has it */
            map_put(&cf.param_pos, p->logical_id, (void *)(intptr_t)(p_i + 1));
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

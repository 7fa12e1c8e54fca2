/* cfn_compute.c - what runs the tasks: task definitions (emit_taskdef()'s
 * API document renamed for CloudFormation), their log groups and the
 * cluster (EC2 capacity: cfn_capacity.c).
 */
#include "cfn_int.h"

#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

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
        {NULL, "placementStrategy", "PlacementStrategies"},     /* the service's */
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

void cfn_rename(Arena *a, cJSON *doc)
{
    to_cfn(a, doc, NULL, NULL);
}

/* --- log groups ------------------------------------------------------------------- */

bool cfn_is_awslogs(const IrLog *log)
{
    return log && log->driver && strcmp(log->driver, "awslogs") == 0 && log->group;
}

/* An awslogs option as the task definition has it: a `{ awslogs-… = … }`
   option overrides the native word (taskdef.c writes options last). */
const char *cfn_log_option(const IrLog *log, const char *key, const char *native)
{
    const char *v = native;
    VEC_EACH(const IrKV *, kv, log->options)
        if (strcmp(kv->key, key) == 0)
            v = kv->value;
    return v;
}

const char *cfn_log_group_name(const IrLog *log)
{
    return cfn_log_option(log, "awslogs-group", log->group);
}

/* The AWS::Logs::LogGroup the plan has the stack create. */
static void emit_log_group(Cfn *cf, const PlanLogGroup *lg)
{
    cJSON *p = cfn_resource(cf, lg->res->id, "AWS::Logs::LogGroup");
    json_put_str(p, "LogGroupName", lg->name);
    json_put_int(p, "RetentionInDays", lg->retain_days);
    cfn_put_tags(cf, p, NULL);
}

cJSON *cfn_log_group_arn(Cfn *cf, const PlanLogGroup *lg)
{
    if (lg->res)
        return cfn_getatt(lg->res->id, "Arn");
    return cfn_sub(arena_printf(cf->a,
                                "arn:${AWS::Partition}:logs:%s:${AWS::AccountId}:log-group:%s:*",
                                lg->region ? lg->region : "${AWS::Region}",
                                cfn_sub_escape(cf->a, lg->name)));
}

/* --- task definitions ------------------------------------------------------------- */

void cfn_emit_task(Cfn *cf, const IrTask *t)
{
    Arena *a = cf->a;
    cfn_set_owner(cf, cfn_name_fragment(cf, "task", t->name));

    /* log groups first: the task definition and the role refer to them */
    VEC_EACH(const PlanLogGroup *, lg, plan_task(cf->plan, t)->log_groups)
        if (lg->res && lg->res->decl == t)
            emit_log_group(cf, lg);

    if (t->exec_role_implied)
        cfn_emit_exec_role(cf, t);

    cJSON *cfn = emit_taskdef(cf->m, t);
    if (cf->taskdefs) {     /* the API document first, then the same tree converted */
        const char *path = arena_printf(a, "taskdefs/%s.json", t->family);
        /* with params, the API document has their values; the tree keeps them */
        cJSON *api = cf->m->param_strings
                     ? emit_fill_params(a, cf->plan, json_chk(cJSON_Duplicate(cfn, true)), path,
                                        t->name_span, cf->skipped)
                     : cfn;
        if (api) {
            JsonBuf *b = &cf->doc;
            b->len = 0;
            json_write_doc(b, api);
            EmitPiece one = {b->data, b->len};
            emit_output(a, cf->taskdefs, cf->sink, path, &one, 1);
        }
        if (api && api != cfn)
            cJSON_Delete(api);
    }
    cfn_rename(a, cfn);

    cJSON *task_role = cfn_role_arn_value(cf, &t->role, t->role_arn);
    if (task_role)
        json_put(cfn, "TaskRoleArn", task_role);
    cJSON *exec_role = t->exec_role_implied
                       ? cfn_getatt(cfn_id_exec_role(cf, t), "Arn")
                       : cfn_role_arn_value(cf, &t->exec_role, t->exec_role_arn);
    if (exec_role)
        json_put(cfn, "ExecutionRoleArn", exec_role);

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
        const PlanLogGroup *lg = plan_log_group_named(cf->plan, grp->valuestring);
        if (lg && lg->res)
            json_put(opts, "awslogs-group", cfn_ref(lg->res->id));
    }

    Res *r = cfn_add_res(cf, cfn_id_task_def(cf, t), "AWS::ECS::TaskDefinition");
    cJSON_Delete(r->props);
    r->props = cfn;
}

/* --- cluster and capacity ----------------------------------------------------------- */

cJSON *cfn_cluster_ref(Cfn *cf)
{
    const IrCluster *cl = cf->m->cluster;
    if (cl && cl->existing_ref.param.name)
        return cfn_param_value(cf, &cl->existing_ref, false);
    if (ir_cluster_existing(cl))
        return json_str(cl->existing);
    return cfn_ref(cfn_id_cluster(cf));
}

const IrTask *cfn_service_task(const IrService *sv)
{
    const IrTask *t = sv->task.target;
    assert(t);
    return t;
}

void cfn_emit_cluster(Cfn *cf)
{
    const IrModel *m = cf->m;
    const IrCluster *cl = m->cluster;
    cfn_set_owner(cf, "cluster");
    cfn_emit_namespaces(cf);
    if (!ir_cluster_existing(cl)) {
        cJSON *p = cfn_resource(cf, cfn_id_cluster(cf), "AWS::ECS::Cluster");
        json_put_str(p, "ClusterName", cfn_name_cluster(cf));
        cJSON *s = json_append(json_put(p, "ClusterSettings", json_arr()), json_obj());
        json_put_str(s, "Name", "containerInsights");
        json_put_str(s, "Value", !cl || cl->insights != IR_TRI_FALSE ? "enabled" : "disabled");
        if (cl && cl->connect_ns)
            json_put(json_put(p, "ServiceConnectDefaults", json_obj()), "Namespace",
                     cfn_connect_namespace(cf));
        cfn_put_tags(cf, p, NULL);
        if (cl)
            cfn_merge_raws(cf, cfn_id_cluster(cf), &cl->raws, NULL, NULL, IR_UNSET);
    }
}

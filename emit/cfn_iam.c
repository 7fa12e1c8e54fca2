/* cfn_iam.c - IAM in the template: the roles the app declares, the
 * execution role ecsc implies for a task (granted exactly what the task
 * names), trust policies and policy statements.
 */
#include "cfn_int.h"

#include <assert.h>
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- roles ---------------------------------------------------------------------- */

/* Whether the stack creates the role (the plan decides). */
static bool role_created(const Cfn *cf, const IrRole *r)
{
    return plan_find(cf->plan, PLAN_ROLE, r, NULL) != NULL;
}

cJSON *cfn_role_arn_value(Cfn *cf, const IrRef *rr, const char *arn)
{
    const IrRole *r = rr->target;
    if (r && role_created(cf, r))
        return cfn_getatt(cfn_id_role(cf, r), "Arn");
    if (r && r->arn_param.target)
        return cfn_ref(cfn_id_param(cf, r->arn_param.target));
    return arn ? json_str(arn) : NULL;
}

cJSON *cfn_trust_policy(const char *service, bool source_account)
{
    cJSON *doc = json_obj();
    json_put_str(doc, "Version", "2012-10-17");
    cJSON *st = json_append(json_put(doc, "Statement", json_arr()), json_obj());
    json_put_str(st, "Effect", "Allow");
    json_put_str(json_put(st, "Principal", json_obj()), "Service", service);
    json_put_str(st, "Action", "sts:AssumeRole");
    if (source_account) {
        /* the confused-deputy guard AWS documents for ECS task roles */
        cJSON *cond = json_put(st, "Condition", json_obj());
        json_put(json_put(cond, "StringEquals", json_obj()), "aws:SourceAccount",
                 cfn_ref("AWS::AccountId"));
        json_put(json_put(cond, "ArnLike", json_obj()), "aws:SourceArn",
                 cfn_sub("arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:*"));
    }
    return doc;
}

static cJSON *statement(const char *sid, bool deny, cJSON *actions, cJSON *resources)
{
    cJSON *st = json_obj();
    if (sid)
        json_put_str(st, "Sid", sid);
    json_put_str(st, "Effect", deny ? "Deny" : "Allow");
    json_put(st, "Action", actions);
    json_put(st, "Resource", resources);
    return st;
}

static cJSON *actions(const char *const *names)
{
    cJSON *arr = json_arr();
    for (; *names; names++)
        json_append(arr, json_str(*names));
    return arr;
}

static void put_policy(cJSON *props, const char *name, cJSON *statements)
{
    cJSON *arr = cJSON_GetObjectItemCaseSensitive(props, "Policies");
    cJSON *pol = json_append(arr ? arr : json_put(props, "Policies", json_arr()), json_obj());
    json_put_str(pol, "PolicyName", name);
    cJSON *doc = json_put(pol, "PolicyDocument", json_obj());
    json_put_str(doc, "Version", "2012-10-17");
    json_put(doc, "Statement", statements);
}

static int by_address(const void *pa, const void *pb)
{
    uintptr_t a = (uintptr_t)*(const void *const *)pa, b = (uintptr_t)*(const void *const *)pb;
    return (a > b) - (a < b);
}

/* The task roles of the tasks services with `exec` run, sorted by address
   (Cfn.exec_roles), so role_runs_exec is a binary search. */
void cfn_find_exec_roles(Cfn *cf)
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

/* Whether a container of `t` mounts volume `v` writable. */
static bool mounted_writable(const IrTask *t, const IrVolume *v)
{
    VEC_EACH(const IrContainer *, c, t->containers)
        VEC_EACH(const IrMount *, mt, c->mounts)
            if (mt->volume.target == v && !mt->readonly)
                return true;
    return false;
}

/* EFS IAM authorisation mounts with the task role: the role of every task
   with an `efs … { iam }` volume is granted elasticfilesystem:ClientMount
   on the file system, and ClientWrite when a container mounts it
   writable (https://docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html).
   ClientRootAccess is not granted: root in the container is squashed to
   an anonymous user unless the role's own statements allow it. */
static void efs_grants(Cfn *cf, const IrRole *r, cJSON *props)
{
    cJSON *mount = json_arr(), *write = json_arr();
    VEC_EACH(const IrTask *, t, cf->m->tasks) {
        if (t->role.target != r)
            continue;
        VEC_EACH(const IrVolume *, v, t->volumes) {
            if (v->kind != IR_VOL_EFS || v->iam != IR_TRI_TRUE || !v->fs_id)
                continue;
            const char *arn = arena_printf(cf->a, "arn:${AWS::Partition}:elasticfilesystem:"
                                           "${AWS::Region}:${AWS::AccountId}:file-system/%s",
                                           cfn_sub_escape(cf->a, v->fs_id));
            json_append_unique(mount, cfn_sub(arn));
            if (mounted_writable(t, v))
                json_append_unique(write, cfn_sub(arn));
        }
    }
    if (!cJSON_GetArraySize(mount)) {
        cJSON_Delete(mount);
        cJSON_Delete(write);
        return;
    }
    static const char *const client_mount[] = {"elasticfilesystem:ClientMount", NULL};
    static const char *const client_write[] = {"elasticfilesystem:ClientWrite", NULL};
    cJSON *sts = json_arr();
    json_append(sts, statement("MountFileSystems", false, actions(client_mount), mount));
    if (cJSON_GetArraySize(write))
        json_append(sts, statement("WriteFileSystems", false, actions(client_write), write));
    else
        cJSON_Delete(write);
    put_policy(props, "efs", sts);
}

/* Whether the role's own statements allow the resource "*" (`exact`), or
   any resource with a "*" in it. */
static bool allows_wildcard(const IrRole *r, bool exact)
{
    VEC_EACH(const IrStatement *, st, r->statements) {
        if (st->deny)
            continue;
        VEC_EACH(const char *, res, st->resources)
            if (exact ? strcmp(res, "*") == 0 : strchr(res, '*') != NULL)
                return true;
    }
    return false;
}

void cfn_emit_role(Cfn *cf, const IrRole *r)
{
    if (!role_created(cf, r))
        return;
    cfn_set_owner(cf, cfn_name_fragment(cf, "role", r->name));
    const char *id = cfn_id_role(cf, r);
    cJSON *p = cfn_resource(cf, id, "AWS::IAM::Role");
    json_put_str(p, "RoleName", cfn_name_role(cf, r));
    json_put_str(p, "Description", arena_printf(cf->a, "ecsc role '%s'", r->name));
    json_put(p, "AssumeRolePolicyDocument", cfn_trust_policy("ecs-tasks.amazonaws.com", true));
    if (r->managed.len)
        json_put(p, "ManagedPolicyArns", json_strings(&r->managed));
    if (r->statements.len) {
        cJSON *sts = json_arr();
        VEC_EACH(const IrStatement *, s, r->statements)
            json_append(sts, statement(NULL, s->deny, json_strings(&s->actions),
                                       json_strings(&s->resources)));
        put_policy(p, r->name, sts);
    }
    efs_grants(cf, r, p);
    if (role_runs_exec(cf, r)) {
        /* ECS Exec: the SSM agent in the task opens its channels */
        static const char *const ssm_messages[] = {
            "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
            "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel", NULL};
        cJSON *sts = json_arr();
        json_append(sts, statement("EcsExec", false, actions(ssm_messages), json_str("*")));
        put_policy(p, "ecs-exec", sts);
        /* Scanners report per role: a suppression must not hide what the
           role's own statements allow.  cdk-nag's finding is the resource
           itself ("Resource::*"); cfn_nag's W11 is one per role, and some
           versions count any resource with a "*" in it. */
        if (!allows_wildcard(r, true))
            cfn_suppress(cf, id, CFN_CHOICE_EXEC, NULL, !allows_wildcard(r, false));
    }
    cfn_put_tags(cf, p, NULL);
    cfn_merge_raws(cf, id, &r->raws, NULL, NULL, IR_UNSET);
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
    const char *from = last_slash ? last_slash : repo;
    const char *tag = memchr(from, ':', n - (size_t)(from - repo));
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
        json_append_unique(g->params, json_str(arn));
    else if (strcmp(svc, "secretsmanager") == 0)
        json_append_unique(g->secrets, json_str(secret_resource(cf->a, s, arn)));
}

static void grant_env_file(Cfn *cf, ExecGrants *g, const char *arn)
{
    /* arn:aws:s3:::bucket/key */
    if (strncmp(arn, "arn:", 4) != 0 || strcmp(arn_service(cf->a, arn), "s3") != 0)
        return;
    json_append_unique(g->objects, json_str(arn));
    const char *res = strstr(arn, ":::");
    if (!res)
        return;
    const char *slash = strchr(res + 3, '/');
    json_append_unique(g->buckets,
                       json_str(slash ? arena_strndup(cf->a, arn, (size_t)(slash - arn)) : arn));
}

/* What the containers of task `t` name: images, log groups, secrets,
   environment files. */
static void exec_grants(Cfn *cf, const IrTask *t, ExecGrants *g)
{
    VEC_EACH(const IrContainer *, c, t->containers) {
        const char *repo = c->image ? ecr_repository_arn(cf->a, c->image) : NULL;
        if (repo)
            json_append_unique(g->repos, json_str(repo));
        if (cfn_is_awslogs(c->log)) {
            const PlanLogGroup *lg = plan_log_group(cf->plan, c);
            assert(lg);
            json_append_unique(g->logs, cfn_log_group_arn(cf, lg));
            const char *cg = cfn_log_option(c->log, "awslogs-create-group",
                                            c->log->create_group == IR_TRI_TRUE ? "true" : NULL);
            if (cg && strcmp(cg, "true") == 0)
                json_append_unique(g->create_logs, cfn_log_group_arn(cf, lg));
        }
        VEC_EACH(const IrSecret *, s, c->secrets)
            grant_secret(cf, g, s, s->value_from);
        if (c->log)
            VEC_EACH(const IrSecret *, s, c->log->secret_options)
                grant_secret(cf, g, s, s->value_from);
        if (c->repository_credentials)
            grant_secret(cf, g, NULL, c->repository_credentials);
        VEC_EACH(const IrKV *, f, c->env_files)
            grant_env_file(cf, g, f->value);
    }
}

void cfn_emit_exec_role(Cfn *cf, const IrTask *t)
{
    static const char *const pull[] = {"ecr:BatchCheckLayerAvailability",
                                       "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage", NULL};
    static const char *const auth[] = {"ecr:GetAuthorizationToken", NULL};
    static const char *const logs[] = {"logs:CreateLogStream", "logs:PutLogEvents", NULL};
    static const char *const create[] = {"logs:CreateLogGroup", NULL};
    static const char *const ssm[] = {"ssm:GetParameters", NULL};
    static const char *const sm[] = {"secretsmanager:GetSecretValue", NULL};
    static const char *const s3get[] = {"s3:GetObject", NULL};
    static const char *const s3loc[] = {"s3:GetBucketLocation", NULL};

    ExecGrants g = {json_arr(), json_arr(), json_arr(), json_arr(), json_arr(), json_arr(),
                    json_arr()};
    exec_grants(cf, t, &g);

    cJSON *sts = json_arr();
    bool token = false;
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
        json_append(sts, statement(parts[i].sid, false, actions(parts[i].acts), parts[i].res));
        if (parts[i].res == g.repos) { /* the token call takes no resource */
            json_append(sts, statement("AuthenticateToEcr", false, actions(auth), json_str("*")));
            token = true;
        }
    }

    const char *id = cfn_id_exec_role(cf, t);
    cJSON *p = cfn_resource(cf, id, "AWS::IAM::Role");
    json_put_str(p, "RoleName", cfn_name_exec_role(cf, t));
    json_put_str(p, "Description",
                 arena_printf(cf->a, "ecsc: execution role of task '%s'", t->name));
    json_put(p, "AssumeRolePolicyDocument", cfn_trust_policy("ecs-tasks.amazonaws.com", true));
    if (cJSON_GetArraySize(sts) > 0)
        put_policy(p, "execution", sts);
    else
        cJSON_Delete(sts);
    if (token)
        cfn_suppress(cf, id, CFN_CHOICE_ECR_TOKEN, NULL, true);
    cfn_put_tags(cf, p, NULL);
}

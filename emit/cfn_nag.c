/* cfn_nag.c - the suppressions security scanners read, on what ecsc itself
 * chose (issue 12, family 6).
 *
 * Two places in the template grant "*" because the action has no resource
 * type in the Service Authorization Reference (model/iam_rules.c lists
 * them): ecr:GetAuthorizationToken in an implied execution role, and the
 * ssmmessages channels of ECS Exec in a task role.  And the roles ecsc adds
 * for AWS services (EC2 instances, CodeDeploy, blue/green) take the AWS
 * managed policy AWS documents for them.  Scanners flag each; the resource
 * says why in the Metadata each scanner reads:
 *
 *   cdk-nag (https://github.com/cdklabs/cdk-nag, "Suppressing a rule"):
 *     Metadata.cdk_nag.rules_to_suppress: [{id, reason, applies_to}]
 *     AwsSolutions-IAM5 (wildcard permissions; finding "Resource::*") and
 *     AwsSolutions-IAM4 (AWS managed policies; finding
 *     "Policy::arn:<AWS::Partition>:iam::aws:policy/NAME", the ARN as
 *     cdk-nag flattens Fn::Sub);
 *   cfn_nag (https://github.com/stelligent/cfn_nag, "Per-Resource Rule
 *     Suppression"): Metadata.cfn_nag.rules_to_suppress: [{id, reason}]
 *     W11 ("IAM role should not allow * resource on its permissions
 *     policy").
 *
 * Only on what ecsc chose: the scanners report per role, so a task role
 * whose own statements (the user's) allow the resource "*" gets no IAM5
 * suppression, and one that allows any resource with a "*" in it no W11
 * (older cfn-model versions count any resource containing "*", newer
 * ones only "*" itself): cfn_iam.c decides.
 */
#include "cfn_int.h"

#include <assert.h>
#include <string.h>

static const struct {
    CfnChoice choice;
    const char *cdk_nag, *applies_to;   /* applies_to: the finding, before the detail */
    const char *cfn_nag;                /* NULL: cfn_nag reports nothing */
    const char *reason;
} suppressions[] = {
    {CFN_CHOICE_ECR_TOKEN, "AwsSolutions-IAM5", "Resource::*", "W11",
     "ecr:GetAuthorizationToken has no resource type (Service Authorization Reference), so it "
     "takes \"*\"; ecsc grants it with the image pulls, which name each repository"},
    {CFN_CHOICE_EXEC, "AwsSolutions-IAM5", "Resource::*", "W11",
     "ECS Exec: the ssmmessages channel actions have no resource type (Service Authorization "
     "Reference), so they take \"*\"; ecsc adds them for a service with `exec`"},
    {CFN_CHOICE_MANAGED, "AwsSolutions-IAM4", "Policy::arn:<AWS::Partition>:iam::aws:policy/",
     NULL, "the AWS managed policy AWS documents for this service role; ecsc adds the role and "
           "the policy, and no statement of the app's own"},
};

/* The entry of `list` with id `id`, or a new one. */
static cJSON *rule_entry(cJSON *list, const char *id, const char *reason)
{
    cJSON *e;
    cJSON_ArrayForEach(e, list) {
        const cJSON *have = cJSON_GetObjectItemCaseSensitive(e, "id");
        if (cJSON_IsString(have) && strcmp(have->valuestring, id) == 0)
            return e;
    }
    e = json_append(list, json_obj());
    json_put_str(e, "id", id);
    json_put_str(e, "reason", reason);
    return e;
}

static cJSON *rules_of(cJSON *meta, const char *scanner)
{
    cJSON *tool = cJSON_GetObjectItemCaseSensitive(meta, scanner);
    if (!tool)
        tool = json_put(meta, scanner, json_obj());
    cJSON *list = cJSON_GetObjectItemCaseSensitive(tool, "rules_to_suppress");
    return list ? list : json_put(tool, "rules_to_suppress", json_arr());
}

void cfn_suppress(Cfn *cf, const char *id, CfnChoice choice, const char *detail,
                  bool with_cfn_nag)
{
    Res *r = cfn_find_res(cf, id);
    assert(r && r->props && "suppress before the resource is printed");
    for (size_t i = 0; i < sizeof suppressions / sizeof *suppressions; i++) {
        if (suppressions[i].choice != choice)
            continue;
        if (!r->meta)
            r->meta = json_obj();
        cJSON *e = rule_entry(rules_of(r->meta, "cdk_nag"), suppressions[i].cdk_nag,
                              suppressions[i].reason);
        cJSON *applies = cJSON_GetObjectItemCaseSensitive(e, "applies_to");
        json_append_unique(applies ? applies : json_put(e, "applies_to", json_arr()),
                           json_str(arena_printf(cf->a, "%s%s", suppressions[i].applies_to,
                                                 detail ? detail : "")));
        if (suppressions[i].cfn_nag && with_cfn_nag)
            rule_entry(rules_of(r->meta, "cfn_nag"), suppressions[i].cfn_nag,
                       suppressions[i].reason);
    }
}

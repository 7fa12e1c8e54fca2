/* iam_rules.c - which IAM actions take resource-level permissions.
 *
 * One table, one row per action (or per family of actions, as a prefix
 * ending in '*'), of the actions that IAM grants only on "*": the
 * "Resource types" column of the action is empty in the Service
 * Authorization Reference. A "*" resource for them is what AWS requires,
 * not a choice the team made, so W0081 does not fire for them and its note
 * never asks to name resources that cannot be named; ecsc's own generated
 * policies use the same table for their scanner suppressions.
 */
#include "model/iam_rules.h"

#include <stddef.h>
#include <string.h>

#define SAR "https://docs.aws.amazon.com/service-authorization/latest/reference/"

static const struct {
    const char *action;     /* exact, or a prefix ending in '*' */
    const char *source;     /* the Service Authorization Reference page */
} star_only[] = {
    /* Amazon EC2: every Describe* action takes no resource type */
    {"ec2:Describe*", SAR "list_amazonec2.html"},
    {"ec2:GetManagedPrefixListEntries", SAR "list_amazonec2.html"},
    /* Amazon ECR: the registry token */
    {"ecr:GetAuthorizationToken", SAR "list_amazonelasticcontainerregistry.html"},
    {"ecr:DescribeRegistry", SAR "list_amazonelasticcontainerregistry.html"},
    /* Amazon ECS: task definitions and account-wide listing */
    {"ecs:RegisterTaskDefinition", SAR "list_amazonelasticcontainerservice.html"},
    {"ecs:DeregisterTaskDefinition", SAR "list_amazonelasticcontainerservice.html"},
    {"ecs:DescribeTaskDefinition", SAR "list_amazonelasticcontainerservice.html"},
    {"ecs:ListClusters", SAR "list_amazonelasticcontainerservice.html"},
    {"ecs:ListTaskDefinitions", SAR "list_amazonelasticcontainerservice.html"},
    {"ecs:ListTaskDefinitionFamilies", SAR "list_amazonelasticcontainerservice.html"},
    {"ecs:CreateCluster", SAR "list_amazonelasticcontainerservice.html"},
    {"ecs:DiscoverPollEndpoint", SAR "list_amazonelasticcontainerservice.html"},
    /* Elastic Load Balancing and Auto Scaling: Describe* */
    {"elasticloadbalancing:Describe*", SAR "list_awselasticloadbalancingv2.html"},
    {"autoscaling:Describe*", SAR "list_amazonec2autoscaling.html"},
    {"application-autoscaling:Describe*", SAR "list_applicationautoscaling.html"},
    /* CloudWatch and CloudWatch Logs */
    {"cloudwatch:PutMetricData", SAR "list_amazoncloudwatch.html"},
    {"cloudwatch:GetMetricData", SAR "list_amazoncloudwatch.html"},
    {"cloudwatch:GetMetricStatistics", SAR "list_amazoncloudwatch.html"},
    {"cloudwatch:ListMetrics", SAR "list_amazoncloudwatch.html"},
    {"logs:DescribeLogGroups", SAR "list_amazoncloudwatchlogs.html"},
    {"logs:DescribeDestinations", SAR "list_amazoncloudwatchlogs.html"},
    {"logs:DescribeQueries", SAR "list_amazoncloudwatchlogs.html"},
    /* ECS Exec's channels (Session Manager messages) */
    {"ssmmessages:CreateControlChannel", SAR "list_amazonsessionmanagermessagegatewayservice.html"},
    {"ssmmessages:CreateDataChannel", SAR "list_amazonsessionmanagermessagegatewayservice.html"},
    {"ssmmessages:OpenControlChannel", SAR "list_amazonsessionmanagermessagegatewayservice.html"},
    {"ssmmessages:OpenDataChannel", SAR "list_amazonsessionmanagermessagegatewayservice.html"},
    /* AWS X-Ray: the daemon's calls */
    {"xray:PutTraceSegments", SAR "list_awsx-ray.html"},
    {"xray:PutTelemetryRecords", SAR "list_awsx-ray.html"},
    {"xray:GetSamplingRules", SAR "list_awsx-ray.html"},
    {"xray:GetSamplingTargets", SAR "list_awsx-ray.html"},
    {"xray:GetSamplingStatisticSummaries", SAR "list_awsx-ray.html"},
    /* Listing what the account has */
    {"s3:ListAllMyBuckets", SAR "list_amazons3.html"},
    {"sts:GetCallerIdentity", SAR "list_awssecuritytokenservice.html"},
    {"iam:ListRoles", SAR "list_awsidentityandaccessmanagementiam.html"},
    {"iam:ListPolicies", SAR "list_awsidentityandaccessmanagementiam.html"},
    {"kms:ListKeys", SAR "list_awskeymanagementservice.html"},
    {"kms:ListAliases", SAR "list_awskeymanagementservice.html"},
    {"kms:CreateKey", SAR "list_awskeymanagementservice.html"},
    {"kms:GenerateRandom", SAR "list_awskeymanagementservice.html"},
    {"secretsmanager:ListSecrets", SAR "list_awssecretsmanager.html"},
    {"secretsmanager:GetRandomPassword", SAR "list_awssecretsmanager.html"},
    {"ssm:DescribeParameters", SAR "list_awssystemsmanager.html"},
    {"sqs:ListQueues", SAR "list_amazonsqs.html"},
    {"sns:ListTopics", SAR "list_amazonsns.html"},
    {"dynamodb:ListTables", SAR "list_amazondynamodb.html"},
    {"lambda:ListFunctions", SAR "list_awslambda.html"},
    {"cloudformation:ListStacks", SAR "list_awscloudformation.html"},
    {"route53:ListHostedZones", SAR "list_amazonroute53.html"},
    {"servicediscovery:DiscoverInstances", SAR "list_awscloudmap.html"},
    {"tag:GetResources", SAR "list_amazonresourcegrouptaggingapi.html"},
};

bool iam_action_star_only(const char *action)
{
    for (size_t i = 0; i < sizeof star_only / sizeof *star_only; i++) {
        const char *pat = star_only[i].action;
        size_t n = strlen(pat);
        if (pat[n - 1] == '*' ? strncmp(action, pat, n - 1) == 0 && !strchr(action + n - 1, '*')
                              : strcmp(action, pat) == 0)
            return true;
    }
    return false;
}

/* The part of an ARN after its fifth ':' (the resource), or NULL. */
static const char *arn_resource(const char *arn)
{
    const char *p = arn;
    for (int i = 0; i < 5 && p; i++) {
        p = strchr(p, ':');
        if (p)
            p++;
    }
    return p;
}

const char *iam_arn_every(const char *arn)
{
    if (strcmp(arn, "*") == 0)
        return "every resource in the account";
    if (strncmp(arn, "arn:", 4) != 0)
        return NULL;
    const char *res = arn_resource(arn);
    if (!res)
        return NULL;
    if (strcmp(res, "*") == 0)
        return strncmp(arn + 4, "aws:s3:", 7) == 0 || strstr(arn, ":s3:::")
                   ? "every bucket and object in S3"
                   : "every resource of the service";
    /* TYPE/\* or TYPE:\* (every table, every queue...), but not S3, where
       "bucket/\*" is the objects of one bucket */
    if (strstr(arn, ":s3:"))
        return strncmp(res, "*/", 2) == 0 ? "objects of every bucket in S3" : NULL;
    size_t n = strcspn(res, "/:");
    if (n > 0 && (res[n] == '/' || res[n] == ':') && strcmp(res + n + 1, "*") == 0 &&
        !memchr(res, '*', n))
        return "every resource of its type";
    return NULL;
}

/* cfn_lb_logs.c - a load balancer's access logs in the template: the
 * load balancer attributes that turn them on, and, with `access_logs
 * create`, the bucket (SSE-S3, the only encryption ELB log delivery
 * supports; public access blocked; objects owned by the bucket owner) and
 * its policy: log delivery may put objects under PREFIX/AWSLogs/ACCOUNT/,
 * and requests without TLS are denied.
 *
 * Source: Elastic Load Balancing, Application Load Balancers guide,
 * "Enable access logs", step 2 (bucket policy): the principal
 * logdelivery.elasticloadbalancing.amazonaws.com, and in the Regions that
 * opened before August 2022 the Region's Elastic Load Balancing account.
 */
#include "cfn_int.h"

#include <string.h>

/* The Elastic Load Balancing account of each Region older than August 2022. */
static const struct { const char *region, *account; } ELB_ACCOUNTS[] = {
    {"us-east-1", "127311923021"},      {"us-east-2", "033677994240"},
    {"us-west-1", "027434742980"},      {"us-west-2", "797873946194"},
    {"af-south-1", "098369216593"},     {"ap-east-1", "754344448648"},
    {"ap-southeast-3", "589379963580"}, {"ap-south-1", "718504428378"},
    {"ap-northeast-3", "383597477331"}, {"ap-northeast-2", "600734575887"},
    {"ap-southeast-1", "114774131450"}, {"ap-southeast-2", "783225319266"},
    {"ap-northeast-1", "582318560864"}, {"ca-central-1", "985666609251"},
    {"eu-central-1", "054676820928"},   {"eu-west-1", "156460612806"},
    {"eu-west-2", "652711504416"},      {"eu-south-1", "635631232127"},
    {"eu-west-3", "009996457667"},      {"eu-north-1", "897822967062"},
    {"me-south-1", "076674570225"},     {"sa-east-1", "507241528517"},
};

static const char *elb_account(const char *region)
{
    for (size_t i = 0; region && i < sizeof ELB_ACCOUNTS / sizeof *ELB_ACCOUNTS; i++)
        if (strcmp(ELB_ACCOUNTS[i].region, region) == 0)
            return ELB_ACCOUNTS[i].account;
    return NULL;
}

static void attribute(cJSON *attrs, const char *key, cJSON *value)
{
    cJSON *o = json_append(attrs, json_obj());
    json_put_str(o, "Key", key);
    json_put(o, "Value", value);
}

/* The ARN pattern log delivery writes to: BUCKET-ARN/[PREFIX/]AWSLogs/ACCOUNT/ *. */
static cJSON *log_objects(Cfn *cf, const char *bucket, const char *prefix)
{
    cJSON *parts = json_arr();
    json_append(parts, cfn_getatt(bucket, "Arn"));
    json_append(parts, json_str(arena_printf(cf->a, "/%s%sAWSLogs/", prefix ? prefix : "",
                                             prefix ? "/" : "")));
    json_append(parts, cfn_ref("AWS::AccountId"));
    json_append(parts, json_str("/*"));
    cJSON *join = json_obj();
    cJSON *args = json_put(join, "Fn::Join", json_arr());
    json_append(args, json_str(""));
    json_append(args, parts);
    return join;
}

static cJSON *statement(cJSON *stmts, const char *sid, const char *effect)
{
    cJSON *s = json_append(stmts, json_obj());
    json_put_str(s, "Sid", sid);
    json_put_str(s, "Effect", effect);
    return s;
}

static void bucket_policy(Cfn *cf, const IrLoadBalancer *lb, const PlanLoadBalancer *pl)
{
    const char *bucket = pl->log_bucket->id;
    cJSON *p = cfn_resource(cf, pl->log_policy->id, "AWS::S3::BucketPolicy");
    json_put(p, "Bucket", cfn_ref(bucket));
    cJSON *doc = json_put(p, "PolicyDocument", json_obj());
    json_put_str(doc, "Version", "2012-10-17");
    cJSON *stmts = json_put(doc, "Statement", json_arr());
    cJSON *s = statement(stmts, "LogDelivery", "Allow");
    json_put_str(json_put(s, "Principal", json_obj()), "Service",
                 "logdelivery.elasticloadbalancing.amazonaws.com");
    json_put_str(s, "Action", "s3:PutObject");
    json_put(s, "Resource", log_objects(cf, bucket, lb->log_prefix));
    const char *acct = elb_account(cf->m->app->region);
    if (acct) {
        s = statement(stmts, "RegionalLogDelivery", "Allow");
        json_put_str(json_put(s, "Principal", json_obj()), "AWS",
                     arena_printf(cf->a, "arn:aws:iam::%s:root", acct));
        json_put_str(s, "Action", "s3:PutObject");
        json_put(s, "Resource", log_objects(cf, bucket, lb->log_prefix));
    }
    s = statement(stmts, "DenyInsecureTransport", "Deny");
    json_put_str(s, "Principal", "*");
    json_put_str(s, "Action", "s3:*");
    cJSON *res = json_put(s, "Resource", json_arr());
    json_append(res, cfn_getatt(bucket, "Arn"));
    cJSON *all = json_obj();
    cJSON *args = json_put(all, "Fn::Join", json_arr());
    json_append(args, json_str(""));
    cJSON *parts = json_append(args, json_arr());
    json_append(parts, cfn_getatt(bucket, "Arn"));
    json_append(parts, json_str("/*"));
    json_append(res, all);
    json_put_str(json_put(json_put(s, "Condition", json_obj()), "Bool", json_obj()),
                 "aws:SecureTransport", "false");
}

void cfn_emit_lb_log_bucket(Cfn *cf, const IrLoadBalancer *lb)
{
    const PlanLoadBalancer *pl = plan_lb(cf->plan, lb);
    if (!pl->log_bucket)
        return;
    cJSON *p = cfn_resource(cf, pl->log_bucket->id, "AWS::S3::Bucket");
    cJSON *rule = json_append(json_put(json_put(p, "BucketEncryption", json_obj()),
                                       "ServerSideEncryptionConfiguration", json_arr()),
                              json_obj());
    json_put_str(json_put(rule, "ServerSideEncryptionByDefault", json_obj()), "SSEAlgorithm",
                 "AES256");
    cJSON *pab = json_put(p, "PublicAccessBlockConfiguration", json_obj());
    json_put_bool(pab, "BlockPublicAcls", true);
    json_put_bool(pab, "BlockPublicPolicy", true);
    json_put_bool(pab, "IgnorePublicAcls", true);
    json_put_bool(pab, "RestrictPublicBuckets", true);
    json_put_str(json_append(json_put(json_put(p, "OwnershipControls", json_obj()), "Rules",
                                      json_arr()), json_obj()),
                 "ObjectOwnership", "BucketOwnerEnforced");
    cfn_put_tags(cf, p, NULL);
    bucket_policy(cf, lb, pl);
}

void cfn_lb_log_attributes(Cfn *cf, const IrLoadBalancer *lb, cJSON *attrs)
{
    if (!lb->has_logs)
        return;
    const PlanLoadBalancer *pl = plan_lb(cf->plan, lb);
    attribute(attrs, "access_logs.s3.enabled", json_str("true"));
    cJSON *bucket = pl->log_bucket ? cfn_ref(pl->log_bucket->id)
                                   : cfn_param_value(cf, &lb->log_bucket, false);
    attribute(attrs, "access_logs.s3.bucket", bucket);
    if (lb->log_prefix)
        attribute(attrs, "access_logs.s3.prefix", json_str(lb->log_prefix));
}

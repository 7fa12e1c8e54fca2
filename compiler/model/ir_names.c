/* ir_names.c - the spellings of the model's enums (see ir_names.h). */
#include "model/ir_names.h"

#include <assert.h>
#include <stddef.h>

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

/* The entry for `i` of a table of `n`, or NULL out of range. */
static const char *at(const char *const *table, size_t n, long i)
{
    assert(i >= 0 && (size_t)i < n);
    return i >= 0 && (size_t)i < n ? table[i] : NULL;
}

/* --- IrLaunch -------------------------------------------------------------------- */

const char *const ir_launch_words[] = {"fargate", "ec2", "external", "managed_instances", NULL};
static const char *const launch_api[] = {"FARGATE", "EC2", "EXTERNAL", "MANAGED_INSTANCES"};
_Static_assert(IR_LAUNCH_MANAGED == 1u << (COUNT(launch_api) - 1), "IrLaunch bits");
_Static_assert(COUNT(ir_launch_words) == COUNT(launch_api) + 1, "IrLaunch words");

const IrLaunch ir_launch_api_order[4] = {IR_LAUNCH_EC2, IR_LAUNCH_FARGATE, IR_LAUNCH_EXTERNAL,
                                         IR_LAUNCH_MANAGED};

/* k for bit 1u << k; -1 unless exactly one bit is set. */
static long bit_index(unsigned bit)
{
    if (!bit || (bit & (bit - 1)))
        return -1;
    long k = 0;
    while (bit >>= 1)
        k++;
    return k;
}

const char *ir_launch_word(unsigned bit)
{
    long k = bit_index(bit);
    return k < 0 ? NULL : at(ir_launch_words, COUNT(launch_api), k);
}

const char *ir_launch_api(unsigned bit)
{
    long k = bit_index(bit);
    return k < 0 ? NULL : at(launch_api, COUNT(launch_api), k);
}

/* --- IrNetwork --------------------------------------------------------------------- */

const char *const ir_network_words[] = {"awsvpc", "bridge", "host", "none", "default", NULL};
static const char *const network_api[] = {"awsvpc", "bridge", "host", "none", NULL};
_Static_assert(IR_NET_DEFAULT - IR_NET_AWSVPC + 1 == COUNT(network_api), "IrNetwork");
_Static_assert(COUNT(ir_network_words) == COUNT(network_api) + 1, "IrNetwork words");

const char *ir_network_word(IrNetwork n)
{
    return n == IR_NET_UNSET ? NULL
                             : at(ir_network_words, COUNT(network_api), (long)n - IR_NET_AWSVPC);
}

const char *ir_network_api(IrNetwork n)
{
    return n == IR_NET_UNSET ? NULL
                             : at(network_api, COUNT(network_api), (long)n - IR_NET_AWSVPC);
}

/* --- IrProto ---------------------------------------------------------------------------- */

const char *const ir_proto_words[] = {"tcp", "udp", NULL};
_Static_assert(IR_PROTO_UDP == 1, "IrProto");

const char *ir_proto_word(IrProto p)
{
    return at(ir_proto_words, COUNT(ir_proto_words) - 1, p);
}

const char *ir_proto_api(IrProto p)
{
    return ir_proto_word(p);
}

/* --- IrCondition ------------------------------------------------------------------------- */

const char *const ir_condition_words[] = {"start", "complete", "success", "healthy", NULL};
static const char *const condition_api[] = {"START", "COMPLETE", "SUCCESS", "HEALTHY"};
_Static_assert(IR_COND_HEALTHY + 1 == COUNT(condition_api), "IrCondition");
_Static_assert(COUNT(ir_condition_words) == COUNT(condition_api) + 1, "IrCondition words");

const char *ir_condition_word(IrCondition c)
{
    return at(ir_condition_words, COUNT(condition_api), c);
}

const char *ir_condition_api(IrCondition c)
{
    return at(condition_api, COUNT(condition_api), c);
}

/* --- IrListenerProto ----------------------------------------------------------------------- */

const char *const ir_listener_proto_words[] = {"http", "https", "tcp", "tls", "udp", NULL};
static const char *const listener_proto_api[] = {"HTTP", "HTTPS", "TCP", "TLS", "UDP"};
_Static_assert(IR_LISTEN_UDP + 1 == COUNT(listener_proto_api), "IrListenerProto");
_Static_assert(COUNT(ir_listener_proto_words) == COUNT(listener_proto_api) + 1, "words");

const char *ir_listener_proto_word(IrListenerProto p)
{
    return at(ir_listener_proto_words, COUNT(listener_proto_api), p);
}

bool ir_listener_redirects(const IrListener *l)
{
    return l->redirect_port != IR_UNSET || l->dflt == IR_DEFAULT_REDIRECT;
}

const char *ir_listener_proto_api(IrListenerProto p)
{
    return at(listener_proto_api, COUNT(listener_proto_api), p);
}

/* --- IrScaleMetric -------------------------------------------------------------------------- */

const char *const ir_scale_metric_words[] = {"cpu", "memory", "requests", "queue", NULL};
/* the predefined metric types; a queue's backlog is a customized metric */
static const char *const scale_metric_api[] = {
    "ECSServiceAverageCPUUtilization", "ECSServiceAverageMemoryUtilization",
    "ALBRequestCountPerTarget", NULL,
};
_Static_assert(IR_SCALE_QUEUE + 1 == COUNT(scale_metric_api), "IrScaleMetric");
_Static_assert(COUNT(ir_scale_metric_words) == COUNT(scale_metric_api) + 1, "words");

const char *ir_scale_metric_word(IrScaleMetric m)
{
    return at(ir_scale_metric_words, COUNT(scale_metric_api), m);
}

const char *ir_scale_metric_api(IrScaleMetric m)
{
    return at(scale_metric_api, COUNT(scale_metric_api), m);
}

/* --- IrBlueGreen ----------------------------------------------------------------------------- */

const char *const ir_blue_green_words[] = {"all_at_once", "canary", "linear", NULL};
static const char *const blue_green_api[] = {"ROLLING", "BLUE_GREEN", "CANARY", "LINEAR"};
_Static_assert(IR_BG_LINEAR + 1 == COUNT(blue_green_api), "IrBlueGreen");
_Static_assert(COUNT(ir_blue_green_words) == COUNT(blue_green_api), "IrBlueGreen words");

const char *ir_blue_green_word(IrBlueGreen b)
{
    return b == IR_BG_NONE ? NULL
                           : at(ir_blue_green_words, COUNT(blue_green_api) - 1,
                                (long)b - IR_BG_ALL_AT_ONCE);
}

const char *ir_blue_green_api(IrBlueGreen b)
{
    return at(blue_green_api, COUNT(blue_green_api), b);
}

/* --- IrParamType ------------------------------------------------------------------------------ */

const char *const ir_param_type_words[] = {
    "string", "number", "vpc_id", "subnet_id", "security_group_id", "certificate", NULL,
};

static const struct {
    const char *cfn, *cfn_list, *example;
} param_types[] = {
    [IR_PARAM_STRING] = {"String", "CommaDelimitedList", "any text"},
    [IR_PARAM_NUMBER] = {"Number", "List<Number>", "a whole number such as 3"},
    [IR_PARAM_VPC_ID] = {"AWS::EC2::VPC::Id", "List<AWS::EC2::VPC::Id>",
                         "a VPC id such as vpc-0a1b2c3d"},
    [IR_PARAM_SUBNET_ID] = {"AWS::EC2::Subnet::Id", "List<AWS::EC2::Subnet::Id>",
                            "a subnet id such as subnet-0a1b2c3d"},
    [IR_PARAM_SECURITY_GROUP_ID] = {"AWS::EC2::SecurityGroup::Id",
                                    "List<AWS::EC2::SecurityGroup::Id>",
                                    "a security group id such as sg-0a1b2c3d"},
    [IR_PARAM_CERT_ARN] = {"String", "CommaDelimitedList",
                           "an ACM certificate ARN such as "
                           "arn:aws:acm:eu-west-1:123456789012:certificate/…"},
};
_Static_assert(IR_PARAM_CERT_ARN + 1 == COUNT(param_types), "IrParamType");
_Static_assert(COUNT(ir_param_type_words) == COUNT(param_types) + 1, "IrParamType words");

const char *ir_param_type_word(IrParamType t)
{
    return at(ir_param_type_words, COUNT(param_types), t);
}

const char *ir_param_type_cfn(IrParamType t, bool is_list)
{
    assert((size_t)t < COUNT(param_types));
    if ((size_t)t >= COUNT(param_types))
        return NULL;
    return is_list ? param_types[t].cfn_list : param_types[t].cfn;
}

const char *ir_param_type_example(IrParamType t)
{
    assert((size_t)t < COUNT(param_types));
    return (size_t)t < COUNT(param_types) ? param_types[t].example : NULL;
}

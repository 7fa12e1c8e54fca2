/* ir_names.h - how each enum of the model is spelled: the word the
 * source uses (what sema decodes) and the spelling of the ECS API or
 * CloudFormation (what emit writes).  One table per enum, here only.
 *
 * Conventions:
 *   - ir_<enum>_words is NULL-terminated, for args_choice(): the k-th
 *     word is the k-th value of the enum, counted from the value named
 *     beside it (IrLaunch: the k-th bit, 1u << k).
 *   - ir_<enum>_word(v) and ir_<enum>_api(v) return NULL for a value that
 *     has no spelling (IR_NET_UNSET; the API has none for "default").
 *   - The strings are constants: compare them with strcmp, not by pointer.
 */
#ifndef ECSC_MODEL_IR_NAMES_H
#define ECSC_MODEL_IR_NAMES_H

#include "model/ir.h"

/* IrLaunch, by bit: fargate ec2 external managed_instances. */
extern const char *const ir_launch_words[];
const char *ir_launch_word(unsigned bit);
/* "FARGATE", "EC2", "EXTERNAL", "MANAGED_INSTANCES"; NULL unless one bit. */
const char *ir_launch_api(unsigned bit);
/* The bits in the API's own order (Compatibility: EC2, FARGATE,
   EXTERNAL, MANAGED_INSTANCES), for requiresCompatibilities. */
extern const IrLaunch ir_launch_api_order[4];

/* IrNetwork, from IR_NET_AWSVPC: awsvpc bridge host none default. */
extern const char *const ir_network_words[];
const char *ir_network_word(IrNetwork n);
/* networkMode: "awsvpc", "bridge", "host", "none"; NULL for unset and
   default (the member is left out). */
const char *ir_network_api(IrNetwork n);

/* IrProto, from IR_PROTO_TCP: tcp udp (the API's spelling too). */
extern const char *const ir_proto_words[];
const char *ir_proto_word(IrProto p);
const char *ir_proto_api(IrProto p);

/* IrCondition, from IR_COND_START: start complete success healthy. */
extern const char *const ir_condition_words[];
const char *ir_condition_word(IrCondition c);
/* dependsOn condition: "START", "COMPLETE", "SUCCESS", "HEALTHY". */
const char *ir_condition_api(IrCondition c);

/* IrListenerProto, from IR_LISTEN_HTTP: http https. */
extern const char *const ir_listener_proto_words[];
const char *ir_listener_proto_word(IrListenerProto p);
/* "HTTP", "HTTPS". */
const char *ir_listener_proto_api(IrListenerProto p);
/* Whether a listener answers everything with a redirect (`redirect https`,
   `default redirect`): routes are not attached to it. */
bool ir_listener_redirects(const IrListener *l);

/* IrScaleMetric, from IR_SCALE_CPU: cpu memory requests. */
extern const char *const ir_scale_metric_words[];
const char *ir_scale_metric_word(IrScaleMetric m);
/* The predefined target-tracking metric: "ECSServiceAverageCPUUtilization", ... */
const char *ir_scale_metric_api(IrScaleMetric m);

/* IrBlueGreen, from IR_BG_ALL_AT_ONCE: all_at_once canary linear. */
extern const char *const ir_blue_green_words[];
const char *ir_blue_green_word(IrBlueGreen b);
/* The ECS deployment strategy: "ROLLING" (none), "BLUE_GREEN", "CANARY",
   "LINEAR". */
const char *ir_blue_green_api(IrBlueGreen b);

/* IrParamType, from IR_PARAM_STRING: string number vpc_id subnet_id
   security_group_id certificate. */
extern const char *const ir_param_type_words[];
const char *ir_param_type_word(IrParamType t);
/* The CloudFormation parameter type, of one value or of a list:
   "AWS::EC2::VPC::Id" / "List<AWS::EC2::VPC::Id>", "String" /
   "CommaDelimitedList", ... */
const char *ir_param_type_cfn(IrParamType t, bool is_list);
/* What a value of the type looks like, for messages: "a VPC id such as
   vpc-0a1b2c3d". */
const char *ir_param_type_example(IrParamType t);

#endif

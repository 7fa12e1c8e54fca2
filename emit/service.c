/* service.c - create-service JSON (being written). */
#include "emit.h"

cJSON *emit_service(const IrModel *m, const IrService *sv)
{
    (void)m;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "serviceName", sv->aws_name);
    return o;
}

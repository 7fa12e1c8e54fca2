/* json_build.c - building cJSON documents (see json_build.h). */
#include "json_build.h"

#include "json_write.h"

cJSON *json_put(cJSON *obj, const char *key, cJSON *item)
{
    json_chk(item);
    if (json_member(obj, key)) {
        if (!cJSON_ReplaceItemInObjectCaseSensitive(obj, key, item))
            ecsc_oom();
    } else if (!cJSON_AddItemToObject(obj, key, item)) {
        ecsc_oom();
    }
    return item;
}

cJSON *json_put_new(cJSON *obj, const char *key, cJSON *item)
{
    json_chk(item);
    if (!cJSON_AddItemToObject(obj, key, item))
        ecsc_oom();
    return item;
}

cJSON *json_append(cJSON *arr, cJSON *item)
{
    if (!cJSON_AddItemToArray(arr, json_chk(item)))
        ecsc_oom();
    return item;
}

void json_append_unique(cJSON *arr, cJSON *item)
{
    const cJSON *have;
    cJSON_ArrayForEach(have, arr) {
        if (cJSON_Compare(have, item, true)) {
            cJSON_Delete(item);
            return;
        }
    }
    json_append(arr, item);
}

cJSON *json_strings(const Vec *v)
{
    cJSON *arr = json_arr();
    VEC_EACH(const char *, s, *v)
        json_append(arr, json_str(s));
    return arr;
}

void json_put_str(cJSON *obj, const char *key, const char *s)
{
    if (s)
        json_put(obj, key, json_str(s));
}

void json_put_int(cJSON *obj, const char *key, int64_t v)
{
    if (v != IR_UNSET)
        json_put(obj, key, json_num((double)v));
}

void json_put_bool(cJSON *obj, const char *key, bool b)
{
    json_put(obj, key, json_chk(cJSON_CreateBool(b)));
}

void json_put_tri(cJSON *obj, const char *key, IrTri t)
{
    if (t != IR_TRI_UNSET)
        json_put_bool(obj, key, t == IR_TRI_TRUE);
}

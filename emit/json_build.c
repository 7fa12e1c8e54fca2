/* json_build.c - building cJSON documents (see json_build.h). */
#include "json_build.h"

#include "json_write.h"

#include <assert.h>

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

void json_reorder(cJSON *obj, const char *const *order)
{
    if (!obj)
        return;
    cJSON *front = NULL, *front_tail = NULL;
    for (; *order; order++) {
        cJSON *item = json_member(obj, *order);
        if (!item)
            continue;
        cJSON_DetachItemViaPointer(obj, item);
        if (front_tail) {
            front_tail->next = item;
            item->prev = front_tail;
        } else {
            front = item;
        }
        front_tail = item;
    }
    if (!front)
        return;
    /* the ordered members, then the rest; cJSON's first child's prev is
       the last child */
    cJSON *rest = obj->child;
    cJSON *last = rest ? rest->prev : front_tail;
    front_tail->next = rest;
    if (rest)
        rest->prev = front_tail;
    front->prev = last;
    obj->child = front;
}

/* --- the escape hatch ------------------------------------------------------ */

cJSON *json_value(const IrValue *v)
{
    switch (v->kind) {
    case IR_VAL_STRING:
        return json_str(v->str);
    case IR_VAL_INT:
        return json_num((double)v->ival);
    case IR_VAL_NUMBER:
        return json_num(v->dval);
    case IR_VAL_BOOL:
        return json_chk(cJSON_CreateBool(v->bval));
    case IR_VAL_LIST: {
        cJSON *arr = json_arr();
        VEC_EACH(const IrValue *, item, v->items)
            json_append(arr, json_value(item));
        return arr;
    }
    case IR_VAL_OBJECT: {
        cJSON *obj = json_obj();
        VEC_EACH(const IrMember *, mem, v->items)
            json_put(obj, mem->key, json_value(mem->value));
        return obj;
    }
    }
    assert(!"unknown IrValueKind");
    return NULL;
}

/* Merges the members of `raw` (an object) into `obj`: objects merge
   recursively, anything else (scalars, lists) replaces what was there;
   new keys go at the end, in source order. */
void json_merge_raw(cJSON *obj, const IrValue *raw)
{
    assert(raw->kind == IR_VAL_OBJECT);
    VEC_EACH(const IrMember *, mem, raw->items) {
        cJSON *have = cJSON_GetObjectItemCaseSensitive(obj, mem->key);
        if (have && cJSON_IsObject(have) && mem->value->kind == IR_VAL_OBJECT)
            json_merge_raw(have, mem->value);
        else
            json_put(obj, mem->key, json_value(mem->value));
    }
}

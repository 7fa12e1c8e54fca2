/* json_build.c - building cJSON documents (see json_build.h). */
#include "json_build.h"

#include "json_write.h"

#include <assert.h>
#include <string.h>

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

/* Keyed lists: CloudFormation's attribute and tag lists ({ Key, Value }),
   the ECS API's tags ({ key, value }).  Whether every element of `arr` has
   the string member `k`. */
static bool keyed_json(const cJSON *arr, const char *k)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, arr)
        if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(e, k)))
            return false;
    return true;
}

/* The string member `k` of `obj`, or NULL. */
static const IrValue *keyed_member(const IrValue *obj, const char *k)
{
    if (obj->kind != IR_VAL_OBJECT)
        return NULL;
    VEC_EACH(const IrMember *, m, obj->items)
        if (strcmp(m->key, k) == 0)
            return m->value->kind == IR_VAL_STRING ? m->value : NULL;
    return NULL;
}

/* The member ("Key" or "key") every element of `arr` and of `list` has as
   a string, or NULL when they are not both keyed lists. */
static const char *list_key(const cJSON *arr, const IrValue *list)
{
    static const char *const keys[] = {"Key", "key"};
    if (!list->items.len || !cJSON_GetArraySize(arr))
        return NULL;
    for (size_t i = 0; i < 2; i++) {
        bool all = keyed_json(arr, keys[i]);
        VEC_EACH(const IrValue *, v, list->items)
            all = all && keyed_member(v, keys[i]);
        if (all)
            return keys[i];
    }
    return NULL;
}

/* Merges a keyed list into `arr`: an entry replaces the one with the same
   key, in place; the others are appended in source order. */
static void merge_keyed(cJSON *arr, const IrValue *list, const char *k)
{
    VEC_EACH(const IrValue *, v, list->items) {
        const char *key = keyed_member(v, k)->str;
        int i = 0;
        cJSON *e;
        cJSON_ArrayForEach(e, arr) {
            if (strcmp(cJSON_GetObjectItemCaseSensitive(e, k)->valuestring, key) == 0)
                break;
            i++;
        }
        if (e)
            cJSON_ReplaceItemInArray(arr, i, json_value(v));
        else
            json_append(arr, json_value(v));
    }
}

/* Merges the members of `raw` (an object) into `obj`: objects merge
   recursively, keyed lists ({ Key, Value } entries) merge by key, and
   anything else (scalars, other lists) replaces what was there; new keys
   go at the end, in source order. */
void json_merge_raw(cJSON *obj, const IrValue *raw)
{
    assert(raw->kind == IR_VAL_OBJECT);
    VEC_EACH(const IrMember *, mem, raw->items) {
        cJSON *have = cJSON_GetObjectItemCaseSensitive(obj, mem->key);
        const char *k;
        if (have && cJSON_IsObject(have) && mem->value->kind == IR_VAL_OBJECT)
            json_merge_raw(have, mem->value);
        else if (have && cJSON_IsArray(have) && mem->value->kind == IR_VAL_LIST
                 && (k = list_key(have, mem->value)))
            merge_keyed(have, mem->value, k);
        else
            json_put(obj, mem->key, json_value(mem->value));
    }
}

/* cfn_policy_size.c - the size IAM counts of the inline policies of a role
 * in the template: the characters of each PolicyDocument without white
 * space ("IAM doesn't count white space when calculating the size of a
 * policy", IAM and AWS STS quotas, IAM user guide), summed over the role's
 * policies, since the quota is on "the sum size of all inline policies"
 * of a role (10,240 characters).
 *
 * The template holds intrinsic functions where the deployed document has
 * their values; each counts as the least it can resolve to, so the size
 * is a lower bound and a report on it is never wrong: in Fn::Sub,
 * ${AWS::Region} counts 9 characters ("us-east-1"), ${AWS::AccountId} 12,
 * ${AWS::Partition} 3 ("aws"), ${AWS::URLSuffix} 13 ("amazonaws.com"),
 * any other variable none; Ref, Fn::GetAtt and the rest count as an empty
 * string.  The driver reports the roles over the quota (E0561).
 */
#include "cfn_int.h"

#include <string.h>

/* The characters of `s` (`n` bytes) in a JSON string, without its quotes:
   escapes count as written, a UTF-8 sequence as one character. */
static size_t escaped_len(const char *s, size_t n)
{
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c & 0xC0) == 0x80)
            continue;
        len += c == '"' || c == '\\' ? 2 : c >= 0x20 ? 1 : strchr("\b\f\n\r\t", c) ? 2 : 6;
    }
    return len;
}

static const struct {
    const char *name;
    size_t least;
} pseudo[] = {
    {"AWS::Region", 9},
    {"AWS::AccountId", 12},
    {"AWS::Partition", 3},
    {"AWS::URLSuffix", 13},
};

/* The least characters of an Fn::Sub template once substituted. */
static size_t sub_len(const char *s)
{
    size_t len = 0;
    while (*s) {
        const char *open = strstr(s, "${");
        const char *close = open ? strchr(open, '}') : NULL;
        if (!close) {
            len += escaped_len(s, strlen(s));
            break;
        }
        len += escaped_len(s, (size_t)(open - s));
        if (open[2] == '!') {               /* ${!Literal}: the text ${Literal} */
            len += 2 + escaped_len(open + 3, (size_t)(close - open - 3)) + 1;
        } else {
            for (size_t i = 0; i < sizeof pseudo / sizeof *pseudo; i++)
                if (strlen(pseudo[i].name) == (size_t)(close - open - 2) &&
                    strncmp(open + 2, pseudo[i].name, (size_t)(close - open - 2)) == 0)
                    len += pseudo[i].least;
        }
        s = close + 1;
    }
    return len;
}

static size_t min_json(const cJSON *v);

/* The least characters of the string `v` resolves to, without quotes. */
static size_t string_content(const cJSON *v)
{
    if (cJSON_IsString(v))
        return escaped_len(v->valuestring, strlen(v->valuestring));
    if (!cJSON_IsObject(v) || !v->child || v->child->next)
        return 0;
    const cJSON *f = v->child;
    if (strcmp(f->string, "Fn::Sub") == 0) {
        const cJSON *t = cJSON_IsArray(f) ? f->child : f;
        return t && cJSON_IsString(t) ? sub_len(t->valuestring) : 0;
    }
    if (strcmp(f->string, "Fn::Join") == 0 && cJSON_IsArray(f)) {
        const cJSON *sep = f->child, *parts = sep ? sep->next : NULL;
        if (!cJSON_IsString(sep) || !cJSON_IsArray(parts))
            return 0;
        size_t len = 0, n = 0;
        for (const cJSON *p = parts->child; p; p = p->next, n++)
            len += string_content(p);
        return len + (n ? n - 1 : 0) * escaped_len(sep->valuestring, strlen(sep->valuestring));
    }
    return 0;                               /* Ref, Fn::GetAtt, …: at least "" */
}

static bool is_intrinsic(const cJSON *v)
{
    return cJSON_IsObject(v) && v->child && !v->child->next &&
           (strcmp(v->child->string, "Ref") == 0 || strncmp(v->child->string, "Fn::", 4) == 0);
}

/* The least characters of `v` printed without white space. */
static size_t min_json(const cJSON *v)
{
    if (cJSON_IsString(v) || is_intrinsic(v))
        return 2 + string_content(v);
    if (cJSON_IsArray(v) || cJSON_IsObject(v)) {
        size_t len = 2, n = 0;
        for (const cJSON *c = v->child; c; c = c->next, n++) {
            len += min_json(c);
            if (cJSON_IsObject(v))
                len += 2 + escaped_len(c->string, strlen(c->string)) + 1;
        }
        return len + (n ? n - 1 : 0);
    }
    if (cJSON_IsNumber(v))
        return 1;                           /* at least one digit */
    return cJSON_IsTrue(v) ? 4 : cJSON_IsFalse(v) ? 5 : 4;
}

size_t cfn_role_policy_size(const cJSON *props)
{
    const cJSON *policies = cJSON_GetObjectItemCaseSensitive(props, "Policies");
    size_t len = 0;
    for (const cJSON *p = cJSON_IsArray(policies) ? policies->child : NULL; p; p = p->next) {
        const cJSON *doc = cJSON_GetObjectItemCaseSensitive(p, "PolicyDocument");
        if (doc)
            len += min_json(doc);
    }
    return len;
}

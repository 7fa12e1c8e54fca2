/* stack_outputs.c - --stack-outputs FILE: the values a deployed stack
 * knows, from what `aws cloudformation describe-stacks --stack-name NAME`
 * prints.
 *
 * Accepted shapes: the whole document {"Stacks": [{…}]} (one stack), one
 * stack's object {"Outputs": [...], "Parameters": [...]}, or the Outputs
 * list alone [{"OutputKey": …, "OutputValue": …}, …].
 */
#include "driver/compiler.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { STACK_FILE_MAX = 4 * 1024 * 1024 };

/* The file's bytes (malloc'd, NUL-terminated); NULL with a message. */
static char *read_small(const char *path, char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "cannot open --stack-outputs file '%s': %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "--stack-outputs file '%s' is not a regular file", path);
        close(fd);
        return NULL;
    }
    if (st.st_size > STACK_FILE_MAX) {
        snprintf(err, errlen, "--stack-outputs file '%s' has %lld bytes, more than the %d MiB "
                 "accepted", path, (long long)st.st_size, STACK_FILE_MAX / (1024 * 1024));
        close(fd);
        return NULL;
    }
    char *buf = malloc((size_t)st.st_size + 1);
    if (!buf)
        ecsc_oom();
    size_t got = 0;
    while (got < (size_t)st.st_size) {
        ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            snprintf(err, errlen, "cannot read --stack-outputs file '%s': %s", path,
                     n < 0 ? strerror(errno) : "it shrank while read");
            free(buf);
            close(fd);
            return NULL;
        }
        got += (size_t)n;
    }
    buf[got] = '\0';
    close(fd);
    return buf;
}

/* Puts every {key_name: K, value_name: V} of `list` into `into`. */
static bool read_pairs(Compiler *c, const cJSON *list, const char *key_name,
                       const char *value_name, Map *into)
{
    if (!cJSON_IsArray(list))
        return false;
    if (!into->arena)
        map_init(into, &c->arena);
    const cJSON *item;
    cJSON_ArrayForEach(item, list) {
        const cJSON *k = cJSON_GetObjectItemCaseSensitive(item, key_name);
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(item, value_name);
        if (!cJSON_IsString(k) || !cJSON_IsString(v))
            return false;
        const char *key = arena_strdup(&c->arena, k->valuestring);
        const char *val = arena_strdup(&c->arena, v->valuestring);
        if (map_put(into, key, (void *)val)) {
            /* a later entry of the same key wins, as -D does */
            for (size_t i = 0; i < into->cap; i++)
                if (into->slots[i].key && strcmp(into->slots[i].key, key) == 0)
                    into->slots[i].value = (void *)val;
        }
    }
    return true;
}

bool compiler_load_stack_outputs(Compiler *c, const char *path, char *err, size_t errlen)
{
    char *text = read_small(path, err, errlen);
    if (!text)
        return false;
    cJSON *doc = cJSON_ParseWithOpts(text, NULL, 1);
    free(text);
    const char *why = NULL;
    const cJSON *stack = doc;
    if (!doc) {
        why = "it is not JSON";
    } else if (cJSON_IsObject(doc) && cJSON_GetObjectItemCaseSensitive(doc, "Stacks")) {
        const cJSON *stacks = cJSON_GetObjectItemCaseSensitive(doc, "Stacks");
        if (!cJSON_IsArray(stacks) || cJSON_GetArraySize(stacks) != 1)
            why = "its \"Stacks\" must hold exactly one stack (describe-stacks --stack-name NAME)";
        else
            stack = stacks->child;
    }
    if (!why && cJSON_IsArray(stack)) {
        if (!read_pairs(c, stack, "OutputKey", "OutputValue", &c->stack_outputs))
            why = "each output must have a string OutputKey and OutputValue";
    } else if (!why && cJSON_IsObject(stack)) {
        const cJSON *outs = cJSON_GetObjectItemCaseSensitive(stack, "Outputs");
        const cJSON *params = cJSON_GetObjectItemCaseSensitive(stack, "Parameters");
        if (!outs && !params)
            why = "it has neither \"Outputs\" nor \"Parameters\"";
        else if (outs && !read_pairs(c, outs, "OutputKey", "OutputValue", &c->stack_outputs))
            why = "each output must have a string OutputKey and OutputValue";
        else if (params && !read_pairs(c, params, "ParameterKey", "ParameterValue", &c->stack_params))
            why = "each parameter must have a string ParameterKey and ParameterValue";
    } else if (!why) {
        why = "expected the output of `aws cloudformation describe-stacks`";
    }
    cJSON_Delete(doc);
    if (why) {
        snprintf(err, errlen, "--stack-outputs file '%s': %s", path, why);
        return false;
    }
    if (!c->stack_outputs.arena)
        map_init(&c->stack_outputs, &c->arena);
    c->stack_file = arena_strdup(&c->arena, path);
    return true;
}

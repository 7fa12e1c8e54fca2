/* import_compose_env.c - what a docker-compose service says of its ports, environment
 * (`environment`, `env_file` read safely beside the compose file) and secrets, as the members of
 * an ECS container definition. */
#include "import/import_yaml_int.h"

#include <stdlib.h>
#include <string.h>

enum { ENV_FILE_MAX = 1 << 20 };

/* --- ports -------------------------------------------------------------------------------------- */

/* "8080", "8080:80", "127.0.0.1:8080:80/udp", "8000-8010:8000-8010" */
static void port_short(Compose *c, const char *owner, const cJSON *at, const char *spec, cJSON *out)
{
    YamlIn *y = c->y;
    char buf[128];
    snprintf(buf, sizeof buf, "%s", spec);
    char *proto = strchr(buf, '/');
    if (proto)
        *proto++ = '\0';
    char *colon = strrchr(buf, ':');
    const char *target = colon ? colon + 1 : buf, *published = NULL;
    if (colon) {
        *colon = '\0';
        published = buf;
    }
    if (published && strchr(published, ':')) {
        ynote(y, owner, at, "W0045", "the host address of port '%s' is not carried over: ECS "
              "binds every address of the task", spec);
        published = strrchr(published, ':') + 1;
    }
    cJSON *pm = cJSON_CreateObject();
    if (strchr(target, '-')) {
        cJSON_AddStringToObject(pm, "containerPortRange", target);
    } else {
        char *end;
        long port = strtol(target, &end, 10);
        if (*end || port < 1 || port > 65535) {
            yerror(y, at, "E0046", "service '%s': '%s' is not a port", owner, spec);
            cJSON_Delete(pm);
            return;
        }
        const char *key = arena_printf(y->ic->arena, "%ld/%s", port, proto ? proto : "tcp");
        const cJSON *taken = cJSON_GetObjectItemCaseSensitive(c->ports, key);
        if (taken && c->awsvpc) {
            ynote(y, owner, at, "W0046", "port %s is also '%s''s: the containers of one task share "
                  "its network, so only the first maps it (--compose-tasks=each gives each its own "
                  "task)", key, taken->valuestring);
            cJSON_Delete(pm);
            return;
        }
        if (!taken)
            cJSON_AddStringToObject(c->ports, key, owner);
        cJSON_AddNumberToObject(pm, "containerPort", (double)port);
        long host = published && *published ? strtol(published, &end, 10) : 0;
        if (host && host != port && c->awsvpc)
            ynote(y, owner, at, "W0046", "port '%s': with awsvpc networking the host port is the "
                  "container port (%ld); a load balancer route can expose another", spec, port);
        else if (host && !c->awsvpc)
            cJSON_AddNumberToObject(pm, "hostPort", (double)host);
    }
    if (proto && strcmp(proto, "tcp"))
        cJSON_AddStringToObject(pm, "protocol", proto);
    cJSON_AddItemToArray(out, pm);
}

cJSON *compose_ports(Compose *c, const char *owner, const cJSON *v)
{
    cJSON *out = cJSON_CreateArray();
    for (const cJSON *p = v ? v->child : NULL; p; p = p->next) {
        if (cJSON_IsObject(p)) {
            const cJSON *target = cJSON_GetObjectItemCaseSensitive(p, "target");
            const cJSON *pub = cJSON_GetObjectItemCaseSensitive(p, "published");
            const cJSON *proto = cJSON_GetObjectItemCaseSensitive(p, "protocol");
            const char *t = ytext(c->y, target), *pu = ytext(c->y, pub);
            const char *spec = arena_printf(c->y->ic->arena, "%s%s%s%s%s", pu ? pu : "", pu ? ":" : "",
                                            t ? t : "?", cJSON_IsString(proto) ? "/" : "",
                                            cJSON_IsString(proto) ? proto->valuestring : "");
            port_short(c, owner, p, spec, out);
        } else if (ytext(c->y, p)) {
            port_short(c, owner, p, ytext(c->y, p), out);
        }
    }
    return out;
}

/* --- environment -------------------------------------------------------------------------------- */

static void env_set(cJSON *env, const char *name, const char *value)
{
    for (cJSON *e = env->child; e; e = e->next)
        if (!strcmp(cJSON_GetObjectItemCaseSensitive(e, "name")->valuestring, name)) {
            cJSON_ReplaceItemInObjectCaseSensitive(e, "value", cJSON_CreateString(value));
            return;
        }
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "name", name);
    cJSON_AddStringToObject(e, "value", value);
    cJSON_AddItemToArray(env, e);
}

/* A variable given without a value takes it from the shell that runs compose: a param. */
static void env_entry(Compose *c, cJSON *env, const char *name, const char *value)
{
    if (!value)
        value = arena_printf(c->y->ic->arena, "${%s}", name);
    env_set(env, name, value);
}

void compose_environment(Compose *c, const char *owner, const cJSON *v, cJSON *env)
{
    if (cJSON_IsObject(v)) {
        for (const cJSON *e = v->child; e; e = e->next)
            env_entry(c, env, e->string, ytext(c->y, e));
        return;
    }
    for (const cJSON *e = v ? v->child : NULL; e; e = e->next) {
        const char *t = ytext(c->y, e);
        if (!t) {
            yerror(c->y, e, "E0046", "service '%s': an environment entry is not NAME=VALUE", owner);
            continue;
        }
        const char *eq = strchr(t, '=');
        if (eq)
            env_entry(c, env, arena_strndup(c->y->ic->arena, t, (size_t)(eq - t)), eq + 1);
        else
            env_entry(c, env, t, NULL);
    }
}

/* Reads env_file PATH relative to the compose file: a regular file of at most 1 MiB inside the
   compose file's folder (no `..` out of it, no absolute path, no symbolic link), so an import
   never reads what the project does not hold. */
static char *env_file_read(Compose *c, const cJSON *at, const char *path, size_t *len)
{
    YamlIn *y = c->y;
    if (path[0] == '/' || strstr(path, "..")) {
        yerror(y, at, "E0047", "env_file '%s': only files inside the compose file's folder are "
               "read (no absolute path, no '..')", path);
        return NULL;
    }
    const char *full = arena_printf(y->ic->arena, "%s%s", y->dir, path), *why;
    char *text = yread(y, full, ENV_FILE_MAX, true, len, &why);
    if (!text)
        yerror(y, at, "E0047", "env_file '%s': cannot be read (%s)", full, why);
    return text;
}

/* KEY=VALUE lines; `#` comments, blank lines and `export ` skipped; quotes around a value go. */
void compose_env_file(Compose *c, const char *owner, const cJSON *v, cJSON *env)
{
    cJSON *files = ystrings(c->y, cJSON_IsObject(v) ? cJSON_GetObjectItemCaseSensitive(v, "path") : v,
                            false);
    for (const cJSON *f = files ? files->child : NULL; f; f = f->next) {
        size_t len;
        char *text = env_file_read(c, v, f->valuestring, &len);
        if (!text)
            continue;
        if (memchr(text, '\0', len)) {
            yerror(c->y, v, "E0047", "env_file '%s' holds a NUL byte", f->valuestring);
            continue;
        }
        for (char *line = text, *next; line && *line; line = next) {
            next = strchr(line, '\n');
            if (next)
                *next++ = '\0';
            while (*line == ' ' || *line == '\t')
                line++;
            if (!strncmp(line, "export ", 7))
                line += 7;
            size_t l = strlen(line);
            if (l && line[l - 1] == '\r')
                line[--l] = '\0';
            char *eq = strchr(line, '=');
            if (!*line || *line == '#' || !eq)
                continue;
            *eq = '\0';
            char *val = eq + 1;
            size_t vl = strlen(val);
            if (vl >= 2 && (val[0] == '"' || val[0] == '\'') && val[vl - 1] == val[0]) {
                val[vl - 1] = '\0';
                val++;
            }
            env_set(env, line, val);
        }
        ynote(c->y, owner, v, "W0046", "env_file '%s' was read: its variables are now in `env` "
              "(ECS reads an env_file only from S3)", f->valuestring);
    }
    cJSON_Delete(files);
}

/* --- secrets -------------------------------------------------------------------------------- */

void compose_secrets(Compose *c, const char *owner, const cJSON *v, cJSON *out)
{
    for (const cJSON *s = v ? v->child : NULL; s; s = s->next) {
        const char *source = cJSON_IsObject(s) ? ytext(c->y, cJSON_GetObjectItemCaseSensitive(s, "source"))
                                               : ytext(c->y, s);
        const char *target = cJSON_IsObject(s) ? ytext(c->y, cJSON_GetObjectItemCaseSensitive(s, "target"))
                                               : NULL;
        if (!source)
            continue;
        const cJSON *def = cJSON_GetObjectItemCaseSensitive(c->secrets, source);
        const char *name = cJSON_IsObject(def) ? ytext(c->y, cJSON_GetObjectItemCaseSensitive(def, "name")) : NULL;
        const char *env = target ? target : source;
        if (name && !strncmp(name, "arn:", 4)) {
            cJSON *e = cJSON_CreateObject();
            cJSON_AddStringToObject(e, "name", env);
            cJSON_AddStringToObject(e, "valueFrom", name);
            cJSON_AddItemToArray(out, e);
            ynote(c->y, owner, s, "W0046", "secret '%s' is the environment variable %s (compose "
                  "mounted it as the file /run/secrets/%s)", source, env, env);
        } else {
            ynote(c->y, owner, s, "W0045", "secret '%s' is not carried over: ECS reads secrets from "
                  "Secrets Manager or SSM; store it there and add `secret %s from secretsmanager "
                  "\"NAME\"` (compose mounted it as /run/secrets/%s)", source, env, env);
        }
    }
}

/* import_compose_ctr.c - one docker-compose service as an ECS container definition (JSON, which
 * import_taskdef then writes as .ecs): image, volumes, healthcheck, depends_on, logging,
 * resources, ulimits, capabilities, command and the rest (ports, environment and secrets are
 * import_compose_env.c's). A key that ECS cannot carry becomes a note (a warning and a comment at
 * the container). */
#include "import/import_yaml_int.h"

#include <stdlib.h>
#include <string.h>

/* --- volumes -------------------------------------------------------------------------------- */

static void task_volume(Compose *c, const char *name, const cJSON *def)
{
    for (cJSON *v = c->task_volumes->child; v; v = v->next)
        if (!strcmp(cJSON_GetObjectItemCaseSensitive(v, "name")->valuestring, name))
            return;
    cJSON *v = cJSON_CreateObject();
    cJSON_AddStringToObject(v, "name", name);
    const cJSON *driver = cJSON_GetObjectItemCaseSensitive(def, "driver");
    const cJSON *opts = cJSON_GetObjectItemCaseSensitive(def, "driver_opts");
    if (!c->fargate && (driver || opts)) {
        cJSON *dc = cJSON_AddObjectToObject(v, "dockerVolumeConfiguration");
        cJSON_AddStringToObject(dc, "scope", "shared");
        cJSON_AddBoolToObject(dc, "autoprovision", 1);
        if (ytext(c->y, driver))
            cJSON_AddStringToObject(dc, "driver", ytext(c->y, driver));
        if (cJSON_IsObject(opts)) {
            cJSON *o = cJSON_AddObjectToObject(dc, "driverOpts");
            for (const cJSON *e = opts->child; e; e = e->next)
                if (ytext(c->y, e))
                    cJSON_AddStringToObject(o, e->string, ytext(c->y, e));
        }
    }
    cJSON_AddItemToArray(c->task_volumes, v);
}

/* A host volume's name: the last folder of SOURCE ("/srv/static" -> static), made unique. */
static const char *volume_name(Compose *c, const char *source)
{
    const char *end = source + strlen(source);
    while (end > source && end[-1] == '/')
        end--;
    const char *start = end;
    while (start > source && start[-1] != '/')
        start--;
    const char *base = import_make_name(c->y->ic, arena_strndup(c->y->ic->arena, start,
                                                                (size_t)(end - start)));
    if (base[0] == '_' || !strcmp(base, "imported"))
        base = "host";
    const char *name = base;
    for (int k = 2;; k++) {
        const cJSON *same = NULL;
        for (const cJSON *t = c->task_volumes->child; t; t = t->next)
            if (!strcmp(cJSON_GetObjectItemCaseSensitive(t, "name")->valuestring, name))
                same = t;
        const char *path = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(same, "host"), "sourcePath"));
        if (!same || (path && !strcmp(path, source)))
            return name;
        name = arena_printf(c->y->ic->arena, "%s-%d", base, k);
    }
}

static void volumes(Compose *c, const char *owner, const cJSON *v, cJSON *mounts)
{
    for (const cJSON *m = v ? v->child : NULL; m; m = m->next) {
        const char *source = NULL, *target = NULL, *type = NULL;
        bool ro = false;
        if (cJSON_IsObject(m)) {
            type = ytext(c->y, cJSON_GetObjectItemCaseSensitive(m, "type"));
            source = ytext(c->y, cJSON_GetObjectItemCaseSensitive(m, "source"));
            target = ytext(c->y, cJSON_GetObjectItemCaseSensitive(m, "target"));
            ro = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(m, "read_only"));
        } else if (ytext(c->y, m)) {
            char *spec = arena_strdup(c->y->ic->arena, ytext(c->y, m));
            char *a = strchr(spec, ':');
            if (!a) {
                target = spec;
            } else {
                *a++ = '\0';
                source = spec;
                target = a;
                char *b = strchr(a, ':');
                if (b) {
                    *b++ = '\0';
                    ro = strstr(b, "ro") != NULL;
                }
            }
            type = !source ? "volume" : (source[0] == '.' || source[0] == '/' || source[0] == '~') ? "bind" : "volume";
        }
        if (!target) {
            yerror(c->y, m, "E0046", "service '%s': a volume without a target path", owner);
            continue;
        }
        if (type && !strcmp(type, "tmpfs")) {
            ynote(c->y, owner, m, "W0045", "the tmpfs volume at '%s' is not carried over: write "
                  "`tmpfs \"%s\" SIZE` (EC2 only)", target, target);
            continue;
        }
        const char *vol;
        if (type && !strcmp(type, "bind")) {
            if (c->fargate) {
                ynote(c->y, owner, m, "W0045", "the bind mount '%s' -> '%s' is not carried over: "
                      "Fargate has no host paths (bake the files into the image, or use EFS)",
                      source, target);
                continue;
            }
            vol = volume_name(c, source);
            bool seen = false;
            for (cJSON *t = c->task_volumes->child; t; t = t->next)
                seen = seen || !strcmp(cJSON_GetObjectItemCaseSensitive(t, "name")->valuestring, vol);
            if (!seen) {
                cJSON *tv = cJSON_CreateObject();
                cJSON_AddStringToObject(tv, "name", vol);
                cJSON_AddStringToObject(cJSON_AddObjectToObject(tv, "host"), "sourcePath", source);
                cJSON_AddItemToArray(c->task_volumes, tv);
            }
            if (source[0] != '/')
                ynote(c->y, owner, m, "W0046", "the bind mount source '%s' is relative to the compose "
                      "file: on the EC2 host it must be an absolute path", source);
        } else {
            vol = import_make_name(c->y->ic, source ? source : arena_printf(c->y->ic->arena, "%s-data", owner));
            const cJSON *def = source ? cJSON_GetObjectItemCaseSensitive(c->volumes, source) : NULL;
            task_volume(c, vol, def);
            if (c->fargate)
                ynote(c->y, owner, m, "W0046", "the named volume '%s' is a task volume: its data lives "
                      "as long as the task (use an EFS volume to keep it)", source ? source : vol);
        }
        cJSON *mp = cJSON_CreateObject();
        cJSON_AddStringToObject(mp, "sourceVolume", vol);
        cJSON_AddStringToObject(mp, "containerPath", target);
        if (ro)
            cJSON_AddBoolToObject(mp, "readOnly", 1);
        cJSON_AddItemToArray(mounts, mp);
    }
}

/* --- healthcheck ------------------------------------------------------------------------------ */

static void healthcheck(Compose *c, const char *owner, const cJSON *hc, cJSON *cd)
{
    const cJSON *test = cJSON_GetObjectItemCaseSensitive(hc, "test");
    cJSON *cmd;
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(hc, "disable"))) {
        cmd = cJSON_CreateArray();
        cJSON_AddItemToArray(cmd, cJSON_CreateString("NONE"));
    } else if (cJSON_IsString(test)) {
        cmd = cJSON_CreateArray();
        cJSON_AddItemToArray(cmd, cJSON_CreateString("CMD-SHELL"));
        cJSON_AddItemToArray(cmd, cJSON_CreateString(test->valuestring));
    } else {
        cmd = ystrings(c->y, test, false);
    }
    if (!cmd || !cmd->child) {
        ynote(c->y, owner, hc, "W0045", "a healthcheck without `test` is not carried over");
        cJSON_Delete(cmd);
        return;
    }
    yhealth(c->y, owner, hc, cmd, cd);
}

/* --- depends_on ------------------------------------------------------------------------------- */

static const char *condition(const char *cond)
{
    if (!cond || !strcmp(cond, "service_started"))
        return "START";
    if (!strcmp(cond, "service_healthy"))
        return "HEALTHY";
    if (!strcmp(cond, "service_completed_successfully"))
        return "SUCCESS";
    return NULL;
}

static void depend(Compose *c, const char *owner, const cJSON *at, const char *target,
                   const char *cond, cJSON *out)
{
    const cJSON *svc = cJSON_GetObjectItemCaseSensitive(c->services, target);
    if (!svc) {
        yerror(c->y, at, "E0046", "service '%s' depends on '%s', which the file does not define",
               owner, target);
        return;
    }
    if (!c->one) {
        ynote(c->y, owner, at, "W0045", "depends_on '%s' is not carried over: with one task per "
              "service ECS starts the services independently (--compose-tasks=one keeps it)", target);
        return;
    }
    const char *ecs = condition(cond);
    if (!ecs) {
        ynote(c->y, owner, at, "W0045", "depends_on condition '%s' is not carried over", cond);
        return;
    }
    if (!strcmp(ecs, "HEALTHY") && !cJSON_GetObjectItemCaseSensitive(svc, "healthcheck")) {
        ynote(c->y, owner, at, "W0046", "'%s' has no healthcheck here (maybe in its image): the "
              "dependency waits for it to start", target);
        ecs = "START";
    }
    if (!strcmp(ecs, "SUCCESS") && !cJSON_GetObjectItemCaseSensitive(c->oneshot, target))
        cJSON_AddTrueToObject(c->oneshot, target);   /* ECS waits only for a non-essential one */
    cJSON *d = cJSON_CreateObject();
    cJSON_AddStringToObject(d, "containerName", yname(c->y, target));
    cJSON_AddStringToObject(d, "condition", ecs);
    cJSON_AddItemToArray(out, d);
}

static cJSON *depends_on(Compose *c, const char *owner, const cJSON *v)
{
    cJSON *out = cJSON_CreateArray();
    for (const cJSON *d = v ? v->child : NULL; d; d = d->next) {
        if (cJSON_IsObject(v))
            depend(c, owner, d, d->string,
                   ytext(c->y, cJSON_GetObjectItemCaseSensitive(d, "condition")), out);
        else if (ytext(c->y, d))
            depend(c, owner, d, ytext(c->y, d), NULL, out);
    }
    return out;
}

/* --- the rest ----------------------------------------------------------------------------------- */

static const char *const log_drivers[] = {"awslogs", "fluentd", "gelf", "json-file", "journald",
                                          "splunk", "syslog", "awsfirelens", NULL};

static void logging(Compose *c, const char *owner, const cJSON *v, cJSON *cd)
{
    const char *driver = ytext(c->y, cJSON_GetObjectItemCaseSensitive(v, "driver"));
    if (!driver)
        return;
    if (!strcmp(driver, "none")) {
        vec_push(c->y->ic->arena, &c->y->quiet, (void *)yname(c->y, owner));
        return;
    }
    bool known = false;
    for (int i = 0; log_drivers[i]; i++)
        known = known || !strcmp(driver, log_drivers[i]);
    if (!known) {
        ynote(c->y, owner, v, "W0045", "the log driver '%s' is not one ECS offers: the container "
              "logs with awslogs", driver);
        return;
    }
    const cJSON *opts = cJSON_GetObjectItemCaseSensitive(v, "options");
    if (!strcmp(driver, "awslogs")) {   /* ecsc's own words, its execution role: see ytask */
        if (!c->y->awslogs)
            c->y->awslogs = cJSON_CreateObject();
        cJSON_AddItemToObject(c->y->awslogs, yname(c->y, owner),
                              cJSON_IsObject(opts) ? cJSON_Duplicate(opts, 1) : cJSON_CreateObject());
        return;
    }
    cJSON *lc = cJSON_AddObjectToObject(cd, "logConfiguration");
    cJSON_AddStringToObject(lc, "logDriver", driver);
    if (cJSON_IsObject(opts) && opts->child) {
        cJSON *o = cJSON_AddObjectToObject(lc, "options");
        for (const cJSON *e = opts->child; e; e = e->next)
            if (ytext(c->y, e))
                cJSON_AddStringToObject(o, e->string, ytext(c->y, e));
    }
}

/* cpus, cpu_shares, mem_limit, mem_reservation and deploy.resources. */
static void resources(Compose *c, const char *owner, const cJSON *svc, cJSON *cd)
{
    const cJSON *res = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(svc, "deploy"),
                                                        "resources");
    const cJSON *lim = cJSON_GetObjectItemCaseSensitive(res, "limits");
    const cJSON *rsv = cJSON_GetObjectItemCaseSensitive(res, "reservations");
    const cJSON *cpu = cJSON_GetObjectItemCaseSensitive(lim, "cpus");
    if (!cpu)
        cpu = cJSON_GetObjectItemCaseSensitive(svc, "cpus");
    if (!cpu)
        cpu = cJSON_GetObjectItemCaseSensitive(rsv, "cpus");
    int64_t units = 0, mib = 0, soft = 0;
    const cJSON *shares = cJSON_GetObjectItemCaseSensitive(svc, "cpu_shares");
    if (cpu && !ycpus(cpu, &units))
        yerror(c->y, cpu, "E0046", "service '%s': cpus '%s' is not a number of CPUs", owner,
               ytext(c->y, cpu) ? ytext(c->y, cpu) : "?");
    else if (!cpu && cJSON_IsNumber(shares) && shares->valueint > 0)
        units = shares->valueint;
    const cJSON *mem = cJSON_GetObjectItemCaseSensitive(lim, "memory");
    if (!mem)
        mem = cJSON_GetObjectItemCaseSensitive(svc, "mem_limit");
    const cJSON *res_mem = cJSON_GetObjectItemCaseSensitive(rsv, "memory");
    if (!res_mem)
        res_mem = cJSON_GetObjectItemCaseSensitive(svc, "mem_reservation");
    if (mem && !ymib(mem, 1, &mib))
        yerror(c->y, mem, "E0046", "service '%s': memory '%s' is not a size", owner,
               ytext(c->y, mem) ? ytext(c->y, mem) : "?");
    if (res_mem && !ymib(res_mem, 1, &soft))
        yerror(c->y, res_mem, "E0046", "service '%s': memory reservation is not a size", owner);
    if (!c->fargate && !mib && !soft) {
        mib = 512;
        ynote(c->y, owner, NULL, "W0046", "no memory limit: 512 MiB, as ecs-cli gave (EC2 needs one)");
    }
    if (units)
        cJSON_AddNumberToObject(cd, "cpu", (double)units);
    if (mib)
        cJSON_AddNumberToObject(cd, "memory", (double)mib);
    if (soft && (!mib || soft <= mib))
        cJSON_AddNumberToObject(cd, "memoryReservation", (double)soft);
    c->cpu += units;
    c->memory += mib ? mib : soft;
}

static void ulimits(Compose *c, const char *owner, const cJSON *v, cJSON *cd)
{
    cJSON *out = cJSON_AddArrayToObject(cd, "ulimits");
    for (const cJSON *u = v ? v->child : NULL; u; u = u->next) {
        const cJSON *soft = cJSON_IsObject(u) ? cJSON_GetObjectItemCaseSensitive(u, "soft") : u;
        const cJSON *hard = cJSON_IsObject(u) ? cJSON_GetObjectItemCaseSensitive(u, "hard") : u;
        if (!cJSON_IsNumber(soft) || !cJSON_IsNumber(hard)) {
            yerror(c->y, u, "E0046", "service '%s': ulimit '%s' needs numbers", owner, u->string);
            continue;
        }
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "name", u->string);
        cJSON_AddNumberToObject(e, "softLimit", soft->valuedouble);
        cJSON_AddNumberToObject(e, "hardLimit", hard->valuedouble);
        cJSON_AddItemToArray(out, e);
    }
}

static cJSON *linux_params(cJSON *cd)
{
    cJSON *lp = cJSON_GetObjectItemCaseSensitive(cd, "linuxParameters");
    return lp ? lp : cJSON_AddObjectToObject(cd, "linuxParameters");
}

static void key_value_list(Compose *c, const cJSON *v, cJSON *out, const char *kname,
                           const char *vname)
{
    for (const cJSON *e = v ? v->child : NULL; e; e = e->next) {
        const char *k = e->string, *val = ytext(c->y, e);
        if (!cJSON_IsObject(v)) {
            const char *t = ytext(c->y, e);
            const char *eq = t ? strchr(t, '=') : NULL;
            k = eq ? arena_strndup(c->y->ic->arena, t, (size_t)(eq - t)) : t;
            val = eq ? eq + 1 : "";
        }
        if (!k || !val)
            continue;
        if (vname) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, kname, k);
            cJSON_AddStringToObject(o, vname, val);
            cJSON_AddItemToArray(out, o);
        } else {
            cJSON_AddStringToObject(out, k, val);
        }
    }
}

/* Keys that are Docker's and mean nothing to one ECS task, and what to say of them. */
static const struct {
    const char *key, *why;
} dropped[] = {
    {"networks", "the containers of a task share its network (awsvpc: localhost)"},
    {"container_name", "the container is named after its compose service"},
    {"expose", "containers of one task reach each other on localhost without it"},
    {"links", "with awsvpc the containers of a task reach each other on localhost"},
    {"profiles", "every service is imported"},
    {"pull_policy", "ECS pulls the image on every start"},
    {"build", "ECS runs images: build and push it, then give `image`"},
    {"stop_signal", "ECS sends SIGTERM"},
    {"scale", "use `desired` of the service"},
    {"network_mode", "the task's `network` decides"},
    {"extends", "give the service in full"},
    {NULL, NULL},
};

static const char *const handled[] = {
    "image", "ports", "environment", "env_file", "secrets", "volumes", "healthcheck",
    "depends_on", "logging", "deploy", "cpus", "cpu_shares", "mem_limit", "mem_reservation",
    "ulimits", "cap_add", "cap_drop", "command", "entrypoint", "working_dir", "user", "hostname",
    "privileged", "read_only", "init", "stop_grace_period", "tty", "stdin_open", "labels", "dns",
    "dns_search", "extra_hosts", "shm_size", "sysctls", "security_opt", "platform", "restart",
    NULL,
};

static bool is_handled(const char *key)
{
    for (int i = 0; handled[i]; i++)
        if (!strcmp(key, handled[i]))
            return true;
    return !strncmp(key, "x-", 2);
}

static void rest_keys(Compose *c, const char *owner, const cJSON *svc, bool links_done);
static void strings(Compose *c, const cJSON *svc, const char *key, cJSON *into, const char *api,
                    bool split);

static void rest(Compose *c, const char *owner, const cJSON *svc, cJSON *cd)
{
    bool links = !c->awsvpc && c->one && cJSON_GetObjectItemCaseSensitive(svc, "links");
    if (links)
        strings(c, svc, "links", cd, "links", false);   /* bridge: links still name containers */
    rest_keys(c, owner, svc, links);
}

static void rest_keys(Compose *c, const char *owner, const cJSON *svc, bool links_done)
{
    const cJSON *deploy = cJSON_GetObjectItemCaseSensitive(svc, "deploy");
    for (const cJSON *k = cJSON_IsObject(deploy) ? deploy->child : NULL; k; k = k->next)
        if (strcmp(k->string, "resources") && strcmp(k->string, "replicas"))
            ynote(c->y, owner, k, "W0045", "`deploy.%s` is not carried over: write it on the "
                  "service (`rolling`, `placement`, ...)", k->string);
    for (const cJSON *k = svc->child; k; k = k->next) {
        if (is_handled(k->string))
            continue;
        if (!strcmp(k->string, "build") && !cJSON_GetObjectItemCaseSensitive(svc, "image"))
            continue;   /* said with the image param */
        if (links_done && !strcmp(k->string, "links"))
            continue;
        const char *why = "ECS has no such setting";
        for (int i = 0; dropped[i].key; i++)
            if (!strcmp(k->string, dropped[i].key))
                why = dropped[i].why;
        ynote(c->y, owner, k, "W0045", "`%s` is not carried over: %s", k->string, why);
    }
}

static void flag(const cJSON *svc, const char *key, cJSON *into, const char *api)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(svc, key);
    if (cJSON_IsBool(v))
        cJSON_AddBoolToObject(into, api, cJSON_IsTrue(v));
}

static void strings(Compose *c, const cJSON *svc, const char *key, cJSON *into, const char *api,
                    bool split)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(svc, key);
    if (!v)
        return;
    cJSON *l = ystrings(c->y, v, split);
    if (l)
        cJSON_AddItemToObject(into, api, l);
    else
        yerror(c->y, v, "E0046", "`%s` must be a string or a list of strings", key);
}

static void fargate_only_not(Compose *c, const char *owner, const cJSON *svc, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(svc, key);
    if (v && c->fargate)
        ynote(c->y, owner, v, "W0045", "`%s` is not carried over: Fargate does not offer it", key);
}

static void image(Compose *c, const char *owner, const cJSON *svc, cJSON *cd)
{
    const char *img = ytext(c->y, cJSON_GetObjectItemCaseSensitive(svc, "image"));
    if (img) {
        cJSON_AddStringToObject(cd, "image", img);
        return;
    }
    const cJSON *build = cJSON_GetObjectItemCaseSensitive(svc, "build");
    const char *param = arena_printf(c->y->ic->arena, "%s_image", import_make_name(c->y->ic, owner));
    cJSON_AddStringToObject(cd, "image", arena_printf(c->y->ic->arena, "${%s}", param));
    ynote(c->y, owner, build, "W0045", "the service is built from source (`build`): ECS runs "
          "images, so its image is the param %s; build and push it, then pass -D %s=IMAGE",
          param, param);
}

static void misc(Compose *c, const char *owner, const cJSON *svc, cJSON *cd)
{
    strings(c, svc, "command", cd, "command", true);
    strings(c, svc, "entrypoint", cd, "entryPoint", true);
    const char *wd = ytext(c->y, cJSON_GetObjectItemCaseSensitive(svc, "working_dir"));
    if (wd)
        cJSON_AddStringToObject(cd, "workingDirectory", wd);
    const char *user = ytext(c->y, cJSON_GetObjectItemCaseSensitive(svc, "user"));
    if (user)
        cJSON_AddStringToObject(cd, "user", user);
    const cJSON *host = cJSON_GetObjectItemCaseSensitive(svc, "hostname");
    if (ytext(c->y, host) && c->awsvpc)
        ynote(c->y, owner, host, "W0045", "`hostname` is not carried over: awsvpc tasks take the "
              "name of their network interface");
    else if (ytext(c->y, host))
        cJSON_AddStringToObject(cd, "hostname", ytext(c->y, host));
    if (!c->fargate)
        flag(svc, "privileged", cd, "privileged");
    fargate_only_not(c, owner, svc, "privileged");
    flag(svc, "read_only", cd, "readonlyRootFilesystem");
    flag(svc, "tty", cd, "pseudoTerminal");
    flag(svc, "stdin_open", cd, "interactive");
    const cJSON *init = cJSON_GetObjectItemCaseSensitive(svc, "init");
    if (cJSON_IsTrue(init))
        cJSON_AddBoolToObject(linux_params(cd), "initProcessEnabled", 1);
    const cJSON *grace = cJSON_GetObjectItemCaseSensitive(svc, "stop_grace_period");
    int64_t s;
    if (grace && ydur(grace, &s)) {
        if (s > 120) {
            ynote(c->y, owner, grace, "W0046", "stop_grace_period %llds: ECS waits at most 120s",
                  (long long)s);
            s = 120;
        }
        cJSON_AddNumberToObject(cd, "stopTimeout", (double)(s < 2 ? 2 : s));
    }
    const cJSON *add = cJSON_GetObjectItemCaseSensitive(svc, "cap_add");
    const cJSON *drop = cJSON_GetObjectItemCaseSensitive(svc, "cap_drop");
    if (add || drop) {
        cJSON *caps = cJSON_AddObjectToObject(linux_params(cd), "capabilities");
        strings(c, svc, "cap_add", caps, "add", false);
        strings(c, svc, "cap_drop", caps, "drop", false);
    }
    const cJSON *labels = cJSON_GetObjectItemCaseSensitive(svc, "labels");
    if (labels)
        key_value_list(c, labels, cJSON_AddObjectToObject(cd, "dockerLabels"), NULL, NULL);
    strings(c, svc, "dns", cd, "dnsServers", false);
    strings(c, svc, "dns_search", cd, "dnsSearchDomains", false);
    const cJSON *hosts = cJSON_GetObjectItemCaseSensitive(svc, "extra_hosts");
    if (hosts && c->awsvpc) {
        ynote(c->y, owner, hosts, "W0045", "`extra_hosts` is not carried over: awsvpc tasks do "
              "not take it");
    } else if (hosts) {
        cJSON *eh = cJSON_AddArrayToObject(cd, "extraHosts");
        for (const cJSON *h = hosts->child; h; h = h->next) {
            const char *t = cJSON_IsObject(hosts) ? h->string : ytext(c->y, h);
            const char *ip = cJSON_IsObject(hosts) ? ytext(c->y, h) : (t ? strchr(t, ':') : NULL);
            if (!t || !ip)
                continue;
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "hostname", cJSON_IsObject(hosts) ? t
                                    : arena_strndup(c->y->ic->arena, t, (size_t)(ip - t)));
            cJSON_AddStringToObject(o, "ipAddress", cJSON_IsObject(hosts) ? ip : ip + 1);
            cJSON_AddItemToArray(eh, o);
        }
    }
    const cJSON *shm = cJSON_GetObjectItemCaseSensitive(svc, "shm_size");
    int64_t mib;
    if (shm && !c->fargate && ymib(shm, 1, &mib))
        cJSON_AddNumberToObject(linux_params(cd), "sharedMemorySize", (double)mib);
    fargate_only_not(c, owner, svc, "shm_size");
    const cJSON *sysctls = cJSON_GetObjectItemCaseSensitive(svc, "sysctls");
    if (sysctls)
        key_value_list(c, sysctls, cJSON_AddArrayToObject(cd, "systemControls"), "namespace", "value");
    if (!c->fargate)
        strings(c, svc, "security_opt", cd, "dockerSecurityOptions", false);
    fargate_only_not(c, owner, svc, "security_opt");
    /* ECS restarts a container in place with a restart policy: compose's always, unless-stopped
       and on-failure (which leaves a clean exit alone). */
    const cJSON *restart = cJSON_GetObjectItemCaseSensitive(svc, "restart");
    const char *rs = ytext(c->y, restart);
    if (rs && (!strcmp(rs, "always") || !strcmp(rs, "unless-stopped") || !strncmp(rs, "on-failure", 10))) {
        cJSON *rp = cJSON_AddObjectToObject(cd, "restartPolicy");
        cJSON_AddBoolToObject(rp, "enabled", 1);
        if (rs[0] == 'o') {
            cJSON_AddItemToObject(rp, "ignoredExitCodes", cJSON_CreateIntArray((const int[]){0}, 1));
            if (rs[10] == ':')
                ynote(c->y, owner, restart, "W0046", "restart '%s': ECS does not count attempts; "
                      "it restarts on every failure", rs);
        }
    } else if (rs && strcmp(rs, "no")) {
        ynote(c->y, owner, restart, "W0045", "restart '%s' is not carried over", rs);
    }
    const char *plat = ytext(c->y, cJSON_GetObjectItemCaseSensitive(svc, "platform"));
    if (plat && !c->platform && (!strcmp(plat, "linux/arm64") || !strcmp(plat, "linux/amd64"))) {
        c->platform = cJSON_CreateObject();
        cJSON_AddStringToObject(c->platform, "operatingSystemFamily", "LINUX");
        cJSON_AddStringToObject(c->platform, "cpuArchitecture",
                                strstr(plat, "arm64") ? "ARM64" : "X86_64");
    }
}

cJSON *compose_container(Compose *c, const char *name, const cJSON *svc)
{
    if (!cJSON_IsObject(svc)) {
        yerror(c->y, svc, "E0046", "service '%s' is not a mapping", name);
        return NULL;
    }
    cJSON *cd = cJSON_CreateObject();
    cJSON_AddStringToObject(cd, "name", yname(c->y, name));
    image(c, name, svc, cd);
    cJSON *pm = compose_ports(c, name, cJSON_GetObjectItemCaseSensitive(svc, "ports"));
    cJSON_AddItemToObject(cd, "portMappings", pm);
    cJSON *env = cJSON_CreateArray();
    const cJSON *ef = cJSON_GetObjectItemCaseSensitive(svc, "env_file");
    if (ef)
        compose_env_file(c, name, ef, env);
    compose_environment(c, name, cJSON_GetObjectItemCaseSensitive(svc, "environment"), env);
    cJSON_AddItemToObject(cd, "environment", env);
    compose_secrets(c, name, cJSON_GetObjectItemCaseSensitive(svc, "secrets"),
            cJSON_AddArrayToObject(cd, "secrets"));
    volumes(c, name, cJSON_GetObjectItemCaseSensitive(svc, "volumes"),
            cJSON_AddArrayToObject(cd, "mountPoints"));
    const cJSON *hc = cJSON_GetObjectItemCaseSensitive(svc, "healthcheck");
    if (hc)
        healthcheck(c, name, hc, cd);
    cJSON_AddItemToObject(cd, "dependsOn",
                          depends_on(c, name, cJSON_GetObjectItemCaseSensitive(svc, "depends_on")));
    const cJSON *log = cJSON_GetObjectItemCaseSensitive(svc, "logging");
    if (log)
        logging(c, name, log, cd);
    resources(c, name, svc, cd);
    const cJSON *ul = cJSON_GetObjectItemCaseSensitive(svc, "ulimits");
    if (ul)
        ulimits(c, name, ul, cd);
    misc(c, name, svc, cd);
    const cJSON *replicas = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(svc, "deploy"),
                                                             "replicas");
    if (cJSON_IsNumber(replicas) && replicas->valueint > c->replicas)
        c->replicas = replicas->valueint;
    rest(c, name, svc, cd);
    /* Empty lists say nothing: leave them out. */
    for (cJSON *k = cd->child, *next; k; k = next) {
        next = k->next;
        if ((cJSON_IsArray(k) || cJSON_IsObject(k)) && !k->child)
            cJSON_Delete(cJSON_DetachItemViaPointer(cd, k));
    }
    return cd;
}

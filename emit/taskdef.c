/* taskdef.c - one task of the model as the input of
 * `aws ecs register-task-definition --cli-input-json`.
 *
 * Keys follow the member order of the API model shapes
 * (RegisterTaskDefinitionRequest, ContainerDefinition, ...); maps keep
 * source order.  Absent values (NULL, IR_UNSET, IR_TRI_UNSET, empty Vec)
 * are left out.  The model has been checked: nothing here reports a user
 * error, invariants are asserted.
 */
#include "emit.h"
#include "json_build.h"
#include "model/ir_names.h"
#include "json_write.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

/* "ENABLED" / "DISABLED" for EFS settings. */
static void put_enabled(cJSON *obj, const char *key, IrTri t)
{
    if (t != IR_TRI_UNSET)
        json_put_str(obj, key, t == IR_TRI_TRUE ? "ENABLED" : "DISABLED");
}

/* A Vec of const char* as a string list; when empty, `[]` if `keep_empty`
   (an explicit `command []` overrides the image's), else nothing. */
static void put_list(cJSON *obj, const char *key, const Vec *v, bool keep_empty)
{
    if (v->len == 0 && !keep_empty)
        return;
    cJSON *arr = json_put(obj, key, json_arr());
    VEC_EACH(const char *, s, *v)
        json_append(arr, json_str(s));
}

static void put_strings(cJSON *obj, const char *key, const Vec *v)
{
    put_list(obj, key, v, false);
}

/* A Vec of IrKV* as a JSON map in source order; nothing when empty. */
static void put_map(cJSON *obj, const char *key, const Vec *kvs)
{
    if (kvs->len == 0)
        return;
    cJSON *map = json_put(obj, key, json_obj());
    VEC_EACH(const IrKV *, kv, *kvs)
        json_put_str(map, kv->key, kv->value);
}

/* A Vec of IrKV* as [{kname: key, vname: value}]; nothing when empty. */
static void put_pairs(cJSON *obj, const char *key, const Vec *kvs,
                      const char *kname, const char *vname)
{
    if (kvs->len == 0)
        return;
    cJSON *arr = json_put(obj, key, json_arr());
    VEC_EACH(const IrKV *, kv, *kvs) {
        cJSON *o = json_obj();
        json_put_str(o, kname, kv->key);
        json_put_str(o, vname, kv->value);
        json_append(arr, o);
    }
}

/* [{name, valueFrom}]; nothing when empty. */
static void put_secrets(cJSON *obj, const char *key, const Vec *secrets)
{
    if (secrets->len == 0)
        return;
    cJSON *arr = json_put(obj, key, json_arr());
    VEC_EACH(const IrSecret *, s, *secrets) {
        assert(s->name && s->value_from);
        cJSON *o = json_obj();
        json_put_str(o, "name", s->name);
        json_put_str(o, "valueFrom", s->value_from);
        json_append(arr, o);
    }
}

/* --- containers ------------------------------------------------------------ */

static void put_ports(cJSON *cd, const IrContainer *c)
{
    if (c->ports.len == 0)
        return;
    cJSON *arr = json_put(cd, "portMappings", json_arr());
    VEC_EACH(const IrPort *, p, c->ports) {
        cJSON *o = json_obj();
        if (p->container_port != IR_UNSET) {
            json_put_int(o, "containerPort", p->container_port);
            if (p->host_dynamic)
                json_put_int(o, "hostPort", 0);
            else
                json_put_int(o, "hostPort", p->host_port);
            json_put_str(o, "protocol", ir_proto_api(p->proto));
        } else {
            assert(p->range_lo != IR_UNSET && p->range_hi != IR_UNSET);
            if (p->proto_set)
                json_put_str(o, "protocol", ir_proto_api(p->proto));
        }
        json_put_str(o, "name", p->name);
        json_put_str(o, "appProtocol", p->app_protocol);
        if (p->container_port == IR_UNSET) {
            char range[32];
            snprintf(range, sizeof range, "%d-%d", p->range_lo, p->range_hi);
            json_put_str(o, "containerPortRange", range);
        }
        json_append(arr, o);
    }
}

static void put_restart(cJSON *cd, const IrContainer *c)
{
    if (!c->restart)
        return;
    cJSON *o = json_put(cd, "restartPolicy", json_obj());
    json_put_bool(o, "enabled", true);
    if (c->restart_ignore.len) {
        cJSON *codes = json_put(o, "ignoredExitCodes", json_arr());
        VEC_EACH(const int64_t *, code, c->restart_ignore)
            json_append(codes, json_num((double)*code));
    }
    json_put_int(o, "restartAttemptPeriod", c->restart_period);
}

static void put_env_files(cJSON *cd, const IrContainer *c)
{
    if (c->env_files.len == 0)
        return;
    cJSON *arr = json_put(cd, "environmentFiles", json_arr());
    VEC_EACH(const IrKV *, f, c->env_files) {
        cJSON *o = json_obj();
        json_put_str(o, "value", f->value);
        json_put_str(o, "type", "s3");
        json_append(arr, o);
    }
}

static void put_mounts(cJSON *cd, const IrContainer *c)
{
    if (c->mounts.len == 0)
        return;
    cJSON *arr = json_put(cd, "mountPoints", json_arr());
    VEC_EACH(const IrMount *, mp, c->mounts) {
        const IrVolume *vol = mp->volume.target;
        cJSON *o = json_obj();
        json_put_str(o, "sourceVolume", vol ? vol->name : mp->volume.name);
        json_put_str(o, "containerPath", mp->path);
        json_put_bool(o, "readOnly", mp->readonly);
        json_append(arr, o);
    }
}

static void put_volumes_from(cJSON *cd, const IrContainer *c)
{
    if (c->volumes_from.len == 0)
        return;
    cJSON *arr = json_put(cd, "volumesFrom", json_arr());
    VEC_EACH(const IrVolumesFrom *, vf, c->volumes_from) {
        const IrContainer *src = vf->container.target;
        cJSON *o = json_obj();
        json_put_str(o, "sourceContainer", src ? src->name : vf->container.name);
        json_put_bool(o, "readOnly", vf->readonly);
        json_append(arr, o);
    }
}

static void put_linux(cJSON *cd, const IrContainer *c)
{
    bool any = c->init != IR_TRI_UNSET || c->cap_add.len || c->cap_drop.len
        || c->shm_mib != IR_UNSET || c->max_swap_mib != IR_UNSET
        || c->swappiness != IR_UNSET || c->tmpfs.len || c->devices.len;
    if (!any)
        return;
    cJSON *lp = json_put(cd, "linuxParameters", json_obj());
    if (c->cap_add.len || c->cap_drop.len) {
        cJSON *caps = json_put(lp, "capabilities", json_obj());
        put_strings(caps, "add", &c->cap_add);
        put_strings(caps, "drop", &c->cap_drop);
    }
    if (c->devices.len) {
        cJSON *arr = json_put(lp, "devices", json_arr());
        VEC_EACH(const IrDevice *, d, c->devices) {
            cJSON *o = json_obj();
            json_put_str(o, "hostPath", d->host_path);
            json_put_str(o, "containerPath", d->container_path);
            put_strings(o, "permissions", &d->permissions);
            json_append(arr, o);
        }
    }
    json_put_tri(lp, "initProcessEnabled", c->init);
    json_put_int(lp, "sharedMemorySize", c->shm_mib);
    if (c->tmpfs.len) {
        cJSON *arr = json_put(lp, "tmpfs", json_arr());
        VEC_EACH(const IrTmpfs *, tf, c->tmpfs) {
            cJSON *o = json_obj();
            json_put_str(o, "containerPath", tf->path);
            json_put_int(o, "size", tf->size_mib);
            put_strings(o, "mountOptions", &tf->options);
            json_append(arr, o);
        }
    }
    json_put_int(lp, "maxSwap", c->max_swap_mib);
    json_put_int(lp, "swappiness", c->swappiness);
}

static void put_depends(cJSON *cd, const IrContainer *c)
{
    if (c->depends.len == 0)
        return;
    cJSON *arr = json_put(cd, "dependsOn", json_arr());
    VEC_EACH(const IrDepend *, d, c->depends) {
        const IrContainer *dep = d->container.target;
        cJSON *o = json_obj();
        json_put_str(o, "containerName", dep ? dep->name : d->container.name);
        json_put_str(o, "condition", ir_condition_api(d->condition));
        json_append(arr, o);
    }
}

static void put_ulimits(cJSON *cd, const IrContainer *c)
{
    if (c->ulimits.len == 0)
        return;
    cJSON *arr = json_put(cd, "ulimits", json_arr());
    VEC_EACH(const IrUlimit *, u, c->ulimits) {
        cJSON *o = json_obj();
        json_put_str(o, "name", u->name);
        json_put(o, "softLimit", json_num((double)u->soft));
        json_put(o, "hardLimit", json_num((double)u->hard));
        json_append(arr, o);
    }
}

static void put_log(cJSON *cd, const IrLog *log)
{
    if (!log)
        return;
    assert(log->driver);
    if (strcmp(log->driver, "none") == 0)
        return;
    cJSON *lc = json_put(cd, "logConfiguration", json_obj());
    json_put_str(lc, "logDriver", log->driver);
    cJSON *opts = json_obj();
    if (strcmp(log->driver, "awslogs") == 0) {
        json_put_str(opts, "awslogs-group", log->group);
        json_put_str(opts, "awslogs-region", log->region);
        json_put_str(opts, "awslogs-stream-prefix", log->prefix);
        if (log->create_group == IR_TRI_TRUE)
            json_put_str(opts, "awslogs-create-group", "true");
    }
    json_put_str(opts, "mode", log->mode);
    VEC_EACH(const IrKV *, kv, log->options)
        json_put_str(opts, kv->key, kv->value);
    if (cJSON_GetArraySize(opts) > 0)
        json_put(lc, "options", opts);
    else
        cJSON_Delete(opts);
    put_secrets(lc, "secretOptions", &log->secret_options);
}

static void put_health(cJSON *cd, const IrHealth *h)
{
    if (!h)
        return;
    cJSON *hc = json_put(cd, "healthCheck", json_obj());
    cJSON *cmd = json_put(hc, "command", json_arr());
    if (h->none) {
        json_append(cmd, json_str("NONE"));
    } else if (h->shell) {
        assert(h->argv.len == 1);
        json_append(cmd, json_str("CMD-SHELL"));
        json_append(cmd, json_str(VEC_AT(h->argv, 0)));
    } else {
        json_append(cmd, json_str("CMD"));
        VEC_EACH(const char *, arg, h->argv)
            json_append(cmd, json_str(arg));
    }
    json_put_int(hc, "interval", h->interval);
    json_put_int(hc, "timeout", h->timeout);
    json_put_int(hc, "retries", h->retries);
    json_put_int(hc, "startPeriod", h->start_period);
}

static void put_gpus(cJSON *cd, const IrContainer *c)
{
    if (c->gpus == IR_UNSET)
        return;
    char n[16];
    snprintf(n, sizeof n, "%d", c->gpus);
    cJSON *arr = json_put(cd, "resourceRequirements", json_arr());
    cJSON *o = json_obj();
    json_put_str(o, "value", n);
    json_put_str(o, "type", "GPU");
    json_append(arr, o);
}

static void put_firelens(cJSON *cd, const IrContainer *c)
{
    if (!c->firelens_type)
        return;
    cJSON *fc = json_put(cd, "firelensConfiguration", json_obj());
    json_put_str(fc, "type", c->firelens_type);
    put_map(fc, "options", &c->firelens_options);
}

static cJSON *container_json(const IrContainer *c)
{
    assert(c->name && c->image);
    assert(c->essential == IR_TRI_TRUE || c->essential == IR_TRI_FALSE);
    cJSON *cd = json_obj();
    json_put_str(cd, "name", c->name);
    json_put_str(cd, "image", c->image);
    if (c->repository_credentials) {
        cJSON *rc = json_put(cd, "repositoryCredentials", json_obj());
        json_put_str(rc, "credentialsParameter", c->repository_credentials);
    }
    json_put_int(cd, "cpu", c->cpu);
    json_put_int(cd, "memory", c->memory);
    json_put_int(cd, "memoryReservation", c->memory_reservation);
    put_strings(cd, "links", &c->links);
    put_ports(cd, c);
    json_put_tri(cd, "essential", c->essential);
    put_restart(cd, c);
    put_list(cd, "entryPoint", &c->entrypoint, c->has_entrypoint);
    put_list(cd, "command", &c->command, c->has_command);
    put_pairs(cd, "environment", &c->env, "name", "value");
    put_env_files(cd, c);
    put_mounts(cd, c);
    put_volumes_from(cd, c);
    put_linux(cd, c);
    put_secrets(cd, "secrets", &c->secrets);
    put_depends(cd, c);
    json_put_int(cd, "startTimeout", c->start_timeout);
    json_put_int(cd, "stopTimeout", c->stop_timeout);
    json_put_str(cd, "versionConsistency", c->version_consistency);
    json_put_str(cd, "hostname", c->hostname);
    json_put_str(cd, "user", c->user);
    json_put_str(cd, "workingDirectory", c->workdir);
    json_put_tri(cd, "disableNetworking", c->disable_networking);
    json_put_tri(cd, "privileged", c->privileged);
    json_put_tri(cd, "readonlyRootFilesystem", c->readonly_root);
    put_strings(cd, "dnsServers", &c->dns);
    put_strings(cd, "dnsSearchDomains", &c->dns_search);
    put_pairs(cd, "extraHosts", &c->extra_hosts, "hostname", "ipAddress");
    put_strings(cd, "dockerSecurityOptions", &c->security_opts);
    json_put_tri(cd, "interactive", c->interactive);
    json_put_tri(cd, "pseudoTerminal", c->tty);
    put_map(cd, "dockerLabels", &c->labels);
    put_ulimits(cd, c);
    put_log(cd, c->log);
    put_health(cd, c->health);
    put_pairs(cd, "systemControls", &c->sysctls, "namespace", "value");
    put_gpus(cd, c);
    put_firelens(cd, c);
    put_strings(cd, "credentialSpecs", &c->credential_specs);
    if (c->raw)
        json_merge_raw(cd, c->raw);
    return cd;
}

/* --- the task ---------------------------------------------------------------- */

static cJSON *volume_json(const IrVolume *v)
{
    assert(v->name);
    cJSON *o = json_obj();
    json_put_str(o, "name", v->name);
    switch (v->kind) {
    case IR_VOL_TASK:
        break;
    case IR_VOL_HOST: {
        cJSON *host = json_put(o, "host", json_obj());
        json_put_str(host, "sourcePath", v->host_path);
        break;
    }
    case IR_VOL_DOCKER: {
        cJSON *dc = json_put(o, "dockerVolumeConfiguration", json_obj());
        json_put_str(dc, "scope", v->scope);
        json_put_tri(dc, "autoprovision", v->autoprovision);
        json_put_str(dc, "driver", v->driver);
        put_map(dc, "driverOpts", &v->driver_opts);
        put_map(dc, "labels", &v->labels);
        break;
    }
    case IR_VOL_EFS: {
        assert(v->fs_id);
        cJSON *ec = json_put(o, "efsVolumeConfiguration", json_obj());
        json_put_str(ec, "fileSystemId", v->fs_id);
        json_put_str(ec, "rootDirectory", v->root_dir);
        put_enabled(ec, "transitEncryption", v->transit_encryption);
        json_put_int(ec, "transitEncryptionPort", v->transit_port);
        if (v->access_point || v->iam != IR_TRI_UNSET) {
            cJSON *auth = json_put(ec, "authorizationConfig", json_obj());
            json_put_str(auth, "accessPointId", v->access_point);
            put_enabled(auth, "iam", v->iam);
        }
        break;
    }
    case IR_VOL_EBS:
        json_put_bool(o, "configuredAtLaunch", true);
        break;
    }
    return o;
}

static void put_compat(cJSON *td, unsigned launch)
{
    if (launch == 0)
        return;
    cJSON *arr = json_put(td, "requiresCompatibilities", json_arr());
    for (size_t i = 0; i < sizeof ir_launch_api_order / sizeof ir_launch_api_order[0]; i++)
        if (launch & ir_launch_api_order[i])
            json_append(arr, json_str(ir_launch_api(ir_launch_api_order[i])));
}

/* Task-level cpu and memory are strings in the API ("512"). */
static void put_int_string(cJSON *obj, const char *key, int64_t v)
{
    if (v == IR_UNSET)
        return;
    char s[32];
    snprintf(s, sizeof s, "%lld", (long long)v);
    json_put_str(obj, key, s);
}

cJSON *emit_taskdef(const IrModel *m, const IrTask *t)
{
    (void)m;    /* everything needed was copied onto the task by infer */
    assert(t && t->family);
    cJSON *td = json_obj();
    json_put_str(td, "family", t->family);
    json_put_str(td, "taskRoleArn", t->role_arn);
    json_put_str(td, "executionRoleArn", t->exec_role_arn);
    json_put_str(td, "networkMode", ir_network_api(t->network));

    cJSON *cds = json_put(td, "containerDefinitions", json_arr());
    VEC_EACH(const IrContainer *, c, t->containers)
        json_append(cds, container_json(c));

    if (t->volumes.len) {
        cJSON *arr = json_put(td, "volumes", json_arr());
        VEC_EACH(const IrVolume *, v, t->volumes)
            json_append(arr, volume_json(v));
    }
    if (t->placement.len) {
        cJSON *arr = json_put(td, "placementConstraints", json_arr());
        VEC_EACH(const IrPlacement *, p, t->placement) {
            cJSON *o = json_obj();
            json_put_str(o, "type", "memberOf");
            json_put_str(o, "expression", p->expression);
            json_append(arr, o);
        }
    }
    put_compat(td, t->launch);
    put_int_string(td, "cpu", t->cpu);
    put_int_string(td, "memory", t->memory);
    put_pairs(td, "tags", &t->tags, "key", "value");
    json_put_str(td, "pidMode", t->pid_mode);
    json_put_str(td, "ipcMode", t->ipc_mode);
    if (t->proxy_container.name) {
        const IrContainer *pc = t->proxy_container.target;
        cJSON *proxy = json_put(td, "proxyConfiguration", json_obj());
        json_put_str(proxy, "type", "APPMESH");
        json_put_str(proxy, "containerName", pc ? pc->name : t->proxy_container.name);
        put_pairs(proxy, "properties", &t->proxy_properties, "name", "value");
    }
    put_pairs(td, "inferenceAccelerators", &t->accelerators, "deviceName", "deviceType");
    if (t->ephemeral_gib > 0) {      /* 0: not set */
        cJSON *es = json_put(td, "ephemeralStorage", json_obj());
        json_put_int(es, "sizeInGiB", t->ephemeral_gib);
    }
    if (t->os_family || t->arch) {
        cJSON *rp = json_put(td, "runtimePlatform", json_obj());
        json_put_str(rp, "cpuArchitecture", t->arch);
        json_put_str(rp, "operatingSystemFamily", t->os_family);
    }
    json_put_tri(td, "enableFaultInjection", t->fault_injection);
    if (t->raw)
        json_merge_raw(td, t->raw);
    return td;
}

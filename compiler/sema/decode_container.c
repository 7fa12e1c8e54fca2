/* decode_container.c - the fields of a container block. */
#include "sema/decode.h"

#include "model/ir_names.h"

#include <string.h>

#define C(t) ((IrContainer *)(t))

static void c_image(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    C(t)->image_span = args_here(&a);
    C(t)->image = args_string(&a, "an image such as \"nginx:1.25\"");
    args_end(&a);
}

static void c_essential(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    C(t)->essential_span = s->span;
    args_flag(&a, &C(t)->essential);
    args_end(&a);
}

static void c_cpu(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    C(t)->cpu_span = args_here(&a);
    if (!args_cpu_units(&a, "the container's CPU (256 units, or 0.25 vcpu)", &C(t)->cpu))
        C(t)->cpu = IR_UNSET;
    args_end(&a);
}

static void c_memory(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    C(t)->memory_span = args_here(&a);
    if (!args_size_mib(&a, "the container's hard memory limit (512 MiB)", &C(t)->memory))
        C(t)->memory = IR_UNSET;
    args_end(&a);
}

static void c_reservation(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    C(t)->reservation_span = args_here(&a);
    if (!args_size_mib(&a, "the container's memory reservation (256 MiB)", &C(t)->memory_reservation))
        C(t)->memory_reservation = IR_UNSET;
    args_end(&a);
}

/* Reads "[IP:][HOST:]CONTAINER[/tcp|/udp]" (Docker Compose's short port
   syntax) into host, container and protocol; false when `text` is not one. */
static bool compose_port(const char *text, long *host, long *cport, const char **proto)
{
    long nums[3];
    int n = 0;
    const char *p = text;
    *proto = "";
    while (n < 3) {
        if (*p < '0' || *p > '9')
            return false;
        long v = 0;
        while (*p >= '0' && *p <= '9' && v < 1000000)
            v = v * 10 + (*p++ - '0');
        nums[n++] = v;
        if (*p != ':')
            break;
        p++;
    }
    if (*p == '/') {
        *proto = p + 1;
        if (strcmp(*proto, "tcp") != 0 && strcmp(*proto, "udp") != 0)
            return false;
    } else if (*p) {
        return false;
    }
    if (n == 3)     /* IP:HOST:CONTAINER with a dotted IP does not get here */
        return false;
    *cport = nums[n - 1];
    *host = n == 2 ? nums[0] : -1;
    return true;
}

/* E0103 for a compose-style `port "6379:6379"`, with the `port` it means. */
static void compose_port_error(Decoder *d, const AstNode *n)
{
    long host, cport;
    const char *proto;
    Diagnostic *dg = diag_error(d->diag, n->span, "E0103",
                                "expected a container port for 'port', found a string");
    if (!compose_port(n->text, &host, &cport, &proto)) {
        diag_note(dg, SPAN_NONE, "a port is a number: port 8080 [-> 80 | -> dynamic] [tcp|udp]");
        return;
    }
    const char *sp = *proto ? " " : "";
    if (host < 0 || host == cport)
        diag_note(dg, SPAN_NONE, "\"%s\" is Docker Compose's syntax; here it is `port %ld%s%s`",
                  n->text, cport, sp, proto);
    else
        diag_note(dg, SPAN_NONE, "\"%s\" is Docker Compose's syntax (HOST:CONTAINER); here it "
                  "is `port %ld -> %ld%s%s` (bridge or host network: in awsvpc the host port is "
                  "the container port)", n->text, cport, host, sp, proto);
}

/* port 8080 [-> 80 | -> dynamic] [tcp|udp] [http|http2|grpc] [name "web"]
   port 8000..8010 [tcp|udp] */
static void c_port(Decoder *d, const AstStmt *s, void *t)
{
    IrPort *p = ARENA_NEW(d->arena, IrPort);
    p->span = s->span;
    p->host_port = p->range_lo = p->range_hi = IR_UNSET;
    Args a = args_begin(d, s);
    p->container_span = args_here(&a);
    int64_t v;
    const AstNode *first = args_peek(&a);
    if (first && first->kind == AST_STRING) {
        compose_port_error(d, first);
        return;
    }
    if (!args_int(&a, "a container port", 0, 999999, &v))
        return;
    p->container_port = (int)v;
    if (args_take_punct(&a, "..")) {
        int64_t hi;
        if (!args_int(&a, "the last port of the range", 0, 999999, &hi))
            return;
        p->range_lo = p->container_port;
        p->range_hi = (int)hi;
        p->container_port = IR_UNSET;
        p->container_span = span_join(p->container_span, args_here(&a));
        p->container_span.hi = ((const AstNode *)s->args.items[a.i - 1])->span.hi;
    } else if (args_take_punct(&a, "->")) {
        p->host_span = args_here(&a);
        if (args_take_word(&a, "dynamic")) {
            p->host_dynamic = true;
            p->host_port = 0;
        } else if (args_int(&a, "a host port or 'dynamic'", 0, 999999, &v)) {
            p->host_port = (int)v;
        } else {
            return;
        }
    }
    while (args_more(&a)) {
        const AstNode *n = args_peek(&a);
        if (args_take_word(&a, "tcp")) {
            p->proto = IR_PROTO_TCP;
            p->proto_set = true;
        } else if (args_take_word(&a, "udp")) {
            p->proto = IR_PROTO_UDP;
            p->proto_set = true;
        } else if (args_take_word(&a, "http") || args_take_word(&a, "http2") ||
                   args_take_word(&a, "grpc")) {
            p->app_protocol = n->text;
        } else if (args_take_word(&a, "name")) {
            p->name = args_string(&a, "the port's name");
        } else {
            Diagnostic *dg = diag_error(d->diag, n->span, "E0104", "unexpected %s in 'port'",
                                        decode_shown(d, n));
            diag_note(dg, SPAN_NONE, "a port takes: 8080 [-> 80 | -> dynamic] [tcp|udp] "
                                     "[http|http2|grpc] [name \"web\"]");
            return;
        }
    }
    vec_push(d->arena, &C(t)->ports, p);
}

static void c_env(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    args_map(&a, "the environment", &C(t)->env);
    args_end(&a);
}

static void c_env_file(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    IrKV *kv = ARENA_NEW(d->arena, IrKV);
    kv->span = args_here(&a);
    kv->value = args_string(&a, "the S3 ARN of an environment file");
    if (kv->value)
        vec_push(d->arena, &C(t)->env_files, kv);
    args_end(&a);
}

static void c_secret(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    IrSecret *sec = decode_secret(d, &a, s);
    if (!sec)
        return;
    args_end(&a);
    vec_push(d->arena, &C(t)->secrets, sec);
}

static void c_command(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    C(t)->has_command = true;
    args_strings(&a, "the command as a list of strings", &C(t)->command);
    args_end(&a);
}

static void c_entrypoint(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    C(t)->has_entrypoint = true;
    args_strings(&a, "the entry point as a list of strings", &C(t)->entrypoint);
    args_end(&a);
}

static void c_workdir(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    C(t)->workdir = args_string(&a, "a directory");
    args_end(&a);
}

static void c_user(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    const AstNode *n = args_peek(&a);
    if (n && n->kind == AST_NUMBER && !n->unit[0] && n->is_int) {
        a.i++;
        C(t)->user = n->text;
    } else {
        C(t)->user = args_string(&a, "a user such as \"1000:1000\"");
    }
    args_end(&a);
}

static void c_hostname(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    C(t)->hostname_span = s->span;
    C(t)->hostname = args_string(&a, "a host name");
    args_end(&a);
}

/* health cmd "curl -f …" | exec ["a", "b"] | none
   [every 30s] [timeout 5s] [retries 3] [start 10s] */
static void c_health(Decoder *d, const AstStmt *s, void *t)
{
    IrHealth *h = ARENA_NEW(d->arena, IrHealth);
    h->span = s->span;
    h->interval = h->timeout = h->retries = h->start_period = IR_UNSET;
    Args a = args_begin(d, s);
    if (args_take_word(&a, "cmd")) {
        h->shell = true;
        const char *cmd = args_string(&a, "a shell command");
        if (!cmd)
            return;
        vec_push(d->arena, &h->argv, (void *)cmd);
    } else if (args_take_word(&a, "exec")) {
        if (!args_strings(&a, "the command as a list of strings", &h->argv))
            return;
    } else if (args_take_word(&a, "none")) {
        h->none = true;
    } else {
        static const char *const forms[] = {"cmd", "exec", "none", NULL};
        args_choice(&a, "health check form", forms);
        return;
    }
    while (args_more(&a)) {
        const AstNode *n = args_peek(&a);
        int64_t v;
        if (args_take_word(&a, "every")) {
            h->interval_span = args_here(&a);
            if (!args_duration(&a, "an interval such as 30s", &v))
                return;
            h->interval = (int)(v > 1000000 ? 1000000 : v);
        } else if (args_take_word(&a, "timeout")) {
            h->timeout_span = args_here(&a);
            if (!args_duration(&a, "a timeout such as 5s", &v))
                return;
            h->timeout = (int)(v > 1000000 ? 1000000 : v);
        } else if (args_take_word(&a, "retries")) {
            h->retries_span = args_here(&a);
            if (!args_int(&a, "a retry count", 0, 1000000, &v))
                return;
            h->retries = (int)v;
        } else if (args_take_word(&a, "start")) {
            h->start_span = args_here(&a);
            if (!args_duration(&a, "a start period such as 10s", &v))
                return;
            h->start_period = (int)(v > 1000000 ? 1000000 : v);
        } else {
            Diagnostic *dg = diag_error(d->diag, n->span, "E0104", "unexpected %s in 'health'",
                                        decode_shown(d, n));
            diag_note(dg, SPAN_NONE, "after the command: every 30s, timeout 5s, retries 3, start 10s");
            return;
        }
    }
    C(t)->health = h;
}

static void c_depends_on(Decoder *d, const AstStmt *s, void *t)
{
    IrDepend *dep = ARENA_NEW(d->arena, IrDepend);
    dep->span = s->span;
    Args a = args_begin(d, s);
    dep->container.span = args_here(&a);
    dep->container.name = args_word(&a, "a container's name");
    if (!dep->container.name)
        return;
    dep->condition = IR_COND_START;
    if (args_more(&a)) {
        dep->cond_span = args_here(&a);
        int k = args_choice(&a, "condition", ir_condition_words);
        if (k < 0)
            return;
        dep->condition = (IrCondition)k;
    }
    args_end(&a);
    vec_push(d->arena, &C(t)->depends, dep);
}

static void c_logs(Decoder *d, const AstStmt *s, void *t)
{
    C(t)->log = decode_logs(d, s);
}

/* mount VOLUME at "/path" [readonly] */
static void c_mount(Decoder *d, const AstStmt *s, void *t)
{
    IrMount *m = ARENA_NEW(d->arena, IrMount);
    m->span = s->span;
    Args a = args_begin(d, s);
    m->volume.span = args_here(&a);
    m->volume.name = args_word(&a, "a volume's name");
    if (!m->volume.name)
        return;
    if (!args_take_word(&a, "at")) {
        Diagnostic *dg = diag_error(d->diag, args_here(&a), args_more(&a) ? "E0103" : "E0105",
                                    "expected 'at' and the path inside the container");
        diag_note(dg, SPAN_NONE, "for example: mount %s at \"/data\"", m->volume.name);
        return;
    }
    m->path = args_string(&a, "the path inside the container");
    if (!m->path)
        return;
    if (args_take_word(&a, "readonly"))
        m->readonly = true;
    args_end(&a);
    vec_push(d->arena, &C(t)->mounts, m);
}

static void c_volumes_from(Decoder *d, const AstStmt *s, void *t)
{
    IrVolumesFrom *v = ARENA_NEW(d->arena, IrVolumesFrom);
    v->span = s->span;
    Args a = args_begin(d, s);
    v->container.span = args_here(&a);
    v->container.name = args_word(&a, "a container's name");
    if (!v->container.name)
        return;
    if (args_take_word(&a, "readonly"))
        v->readonly = true;
    args_end(&a);
    vec_push(d->arena, &C(t)->volumes_from, v);
}

static void c_links(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    C(t)->links_span = s->span;
    args_strings(&a, "links such as [\"db:database\"]", &C(t)->links);
    args_end(&a);
}

static const char *const ulimits[] = {"core", "cpu", "data", "fsize", "locks", "memlock",
                                      "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio",
                                      "rttime", "sigpending", "stack", NULL};

static void c_ulimit(Decoder *d, const AstStmt *s, void *t)
{
    IrUlimit *u = ARENA_NEW(d->arena, IrUlimit);
    u->span = s->span;
    Args a = args_begin(d, s);
    int k = args_choice(&a, "ulimit", ulimits);
    if (k < 0)
        return;
    u->name = ulimits[k];
    if (!args_int(&a, "the soft limit", -1, INT32_MAX, &u->soft))
        return;
    u->hard = u->soft;
    if (args_more(&a) && !args_int(&a, "the hard limit", -1, INT32_MAX, &u->hard))
        return;
    args_end(&a);
    vec_push(d->arena, &C(t)->ulimits, u);
}

static void c_init(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    args_flag(&a, &C(t)->init);
    args_end(&a);
}

static void c_cap_add(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    args_strings(&a, "capabilities such as [\"SYS_PTRACE\"]", &C(t)->cap_add);
    args_end(&a);
}

static void c_cap_drop(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    args_strings(&a, "capabilities such as [\"NET_RAW\"]", &C(t)->cap_drop);
    args_end(&a);
}

static void c_shm(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    if (!args_size_mib(&a, "the shared memory size (64 MiB)", &C(t)->shm_mib))
        C(t)->shm_mib = IR_UNSET;
    args_end(&a);
}

/* swap 1 GiB [swappiness 60] */
static void c_swap(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    if (!args_size_mib(&a, "the maximum swap (1 GiB)", &C(t)->max_swap_mib)) {
        C(t)->max_swap_mib = IR_UNSET;
        return;
    }
    if (args_take_word(&a, "swappiness")) {
        int64_t v;
        if (args_int(&a, "swappiness", 0, 100, &v))
            C(t)->swappiness = (int)v;
    }
    args_end(&a);
}

/* tmpfs "/run" 64 MiB [options ["rw", "noexec"]] */
static void c_tmpfs(Decoder *d, const AstStmt *s, void *t)
{
    IrTmpfs *f = ARENA_NEW(d->arena, IrTmpfs);
    f->span = s->span;
    Args a = args_begin(d, s);
    f->path = args_string(&a, "the path inside the container");
    if (!f->path || !args_size_mib(&a, "the tmpfs size (64 MiB)", &f->size_mib))
        return;
    if (args_take_word(&a, "options") && !args_strings(&a, "mount options", &f->options))
        return;
    args_end(&a);
    vec_push(d->arena, &C(t)->tmpfs, f);
}

static const char *const perms[] = {"read", "write", "mknod", NULL};

/* device "/dev/fuse" [at "/dev/fuse"] [read] [write] [mknod] */
static void c_device(Decoder *d, const AstStmt *s, void *t)
{
    IrDevice *dev = ARENA_NEW(d->arena, IrDevice);
    dev->span = s->span;
    Args a = args_begin(d, s);
    dev->host_path = args_string(&a, "the host device path");
    if (!dev->host_path)
        return;
    if (args_take_word(&a, "at") && !(dev->container_path = args_string(&a, "the path in the container")))
        return;
    while (args_more(&a)) {
        int k = args_choice(&a, "device permission", perms);
        if (k < 0)
            return;
        vec_push(d->arena, &dev->permissions, (void *)perms[k]);
    }
    vec_push(d->arena, &C(t)->devices, dev);
}

#define TRI_FIELD(fn, member)                                  \
    static void fn(Decoder *d, const AstStmt *s, void *t)      \
    {                                                          \
        Args a = args_begin(d, s);                             \
        args_flag(&a, &C(t)->member);                          \
        args_end(&a);                                          \
    }

TRI_FIELD(c_readonly_root, readonly_root)
TRI_FIELD(c_disable_networking, disable_networking)
TRI_FIELD(c_interactive, interactive)
TRI_FIELD(c_tty, tty)

static void c_privileged(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    C(t)->privileged_span = s->span;
    args_flag(&a, &C(t)->privileged);
    args_end(&a);
}

static void timeout_field(Decoder *d, const AstStmt *s, int *out)
{
    Args a = args_begin(d, s);
    int64_t v;
    if (args_duration(&a, "a timeout such as 30s", &v))
        *out = (int)(v > 1000000 ? 1000000 : v);
    args_end(&a);
}

static void c_stop_timeout(Decoder *d, const AstStmt *s, void *t) { timeout_field(d, s, &C(t)->stop_timeout); }
static void c_start_timeout(Decoder *d, const AstStmt *s, void *t) { timeout_field(d, s, &C(t)->start_timeout); }

static void c_labels(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    args_map(&a, "Docker labels", &C(t)->labels);
    args_end(&a);
}

static void c_dns(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    args_strings(&a, "DNS server addresses", &C(t)->dns);
    args_end(&a);
}

static void c_dns_search(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    args_strings(&a, "DNS search domains", &C(t)->dns_search);
    args_end(&a);
}

/* extra_host "name" "10.0.0.1" */
static void c_extra_host(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    IrKV *kv = ARENA_NEW(d->arena, IrKV);
    kv->key_span = args_here(&a);
    kv->key = args_string(&a, "a host name");
    kv->span = args_here(&a);
    kv->value = kv->key ? args_string(&a, "an IP address") : NULL;
    if (kv->value)
        vec_push(d->arena, &C(t)->extra_hosts, kv);
    args_end(&a);
}

static void c_security_opt(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    args_strings(&a, "Docker security options", &C(t)->security_opts);
    args_end(&a);
}

static void c_sysctl(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    args_map(&a, "kernel parameters", &C(t)->sysctls);
    args_end(&a);
}

static void c_credential_spec(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    args_strings(&a, "credential specs", &C(t)->credential_specs);
    args_end(&a);
}

static const char *const firelens_types[] = {"fluentbit", "fluentd", NULL};

/* firelens fluentbit|fluentd [{ option = "value" }] */
static void c_firelens(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    C(t)->firelens_span = s->span;
    int k = args_choice(&a, "FireLens router", firelens_types);
    if (k < 0)
        return;
    C(t)->firelens_type = firelens_types[k];
    if (args_more(&a))
        args_map(&a, "FireLens options", &C(t)->firelens_options);
    args_end(&a);
}

static const char *const consistency[] = {"enabled", "disabled", NULL};

static void c_version_consistency(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    int k = args_choice(&a, "version consistency", consistency);
    if (k >= 0)
        C(t)->version_consistency = consistency[k];
    args_end(&a);
}

/* restart [ignore [0, 1]] [period 60s] */
static void c_restart(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    C(t)->restart = true;
    C(t)->restart_span = s->span;
    while (args_more(&a)) {
        if (args_take_word(&a, "ignore")) {
            const AstNode *n = args_peek(&a);
            if (!n || n->kind != AST_LIST) {
                args_strings(&a, "exit codes as a list such as [0]", &(Vec){0});
                return;
            }
            a.i++;
            for (int i = 0; i < n->items.len; i++) {
                const AstNode *it = n->items.items[i];
                if (it->kind != AST_NUMBER || !it->is_int || it->unit[0] || it->overflow) {
                    diag_error(d->diag, it->span, "E0103", "expected an exit code, found %s",
                               decode_describe(it));
                    return;
                }
                int64_t *code = ARENA_NEW(d->arena, int64_t);
                *code = it->ival;
                vec_push(d->arena, &C(t)->restart_ignore, code);
            }
        } else if (args_take_word(&a, "period")) {
            int64_t v;
            if (!args_duration(&a, "an attempt period such as 300s", &v))
                return;
            C(t)->restart_period = (int)(v > 1000000 ? 1000000 : v);
        } else {
            static const char *const kw[] = {"ignore", "period", NULL};
            args_choice(&a, "restart option", kw);
            return;
        }
    }
}

static void c_gpu(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    C(t)->gpu_span = args_here(&a);
    int64_t v;
    if (args_int(&a, "a number of GPUs", 1, 1024, &v))
        C(t)->gpus = (int)v;
    args_end(&a);
}

static void c_credentials(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    C(t)->repository_credentials = args_string(&a, "the ARN of a Secrets Manager secret");
    args_end(&a);
}

static void c_raw(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    const AstNode *b = args_block(&a, "a block of ContainerDefinition fields");
    args_end(&a);
    if (b)
        C(t)->raw = decode_value(d, b);
}

/* Each field with the member of ContainerDefinition it fills (decode.h
   says how to add one). */
static const FieldDef container_fields[] = {
    {"image", c_image, FIELD_ONCE, "image", NULL,
     "The image to run: \"nginx:1.25\", a private ECR image, or one by digest."},
    {"essential", c_essential, FIELD_ONCE, "essential", NULL,
     "Whether the task stops when this container stops (`essential false` for sidecars; "
     "default true)."},
    {"cpu", c_cpu, FIELD_ONCE, "cpu", NULL,
     "CPU units reserved for the container (`cpu 256` or `0.25 vcpu`)."},
    {"memory", c_memory, FIELD_ONCE, "memory", NULL,
     "The hard memory limit of the container (`memory 512 MiB`); it is killed above it."},
    {"memory_reservation", c_reservation, FIELD_ONCE, "memoryReservation", NULL,
     "The soft memory limit: memory reserved for the container, which may use more up to "
     "`memory`."},
    {"port", c_port, FIELD_NAMED, "portMappings",
     WORDS("dynamic", "tcp", "udp", "http", "http2", "grpc", "name"),
     "A port mapping: `port 8080`, `port 9000 -> dynamic` (host port), `port 53 udp`, `name` "
     "and an app protocol (http, http2, grpc)."},
    {"env", c_env, FIELD_MAP, "environment", NULL,
     "Environment variables: `env { LOG_LEVEL = \"info\" }`."},
    {"env_file", c_env_file, 0, "environmentFiles", NULL,
     "An environment file in S3 (`env_file \"arn:aws:s3:::bucket/app.env\"`) whose variables are"
     " set in the container."},
    {"secret", c_secret, FIELD_NAMED, "secrets", decode_secret_words,
     "An environment variable from Secrets Manager or SSM: `secret DB_PASSWORD from ssm "
     "\"/shop/db\"`; the execution role may read it."},
    {"command", c_command, FIELD_ONCE, "command", NULL,
     "The command, replacing the image's CMD: `command [\"./server\", \"--port\", \"8080\"]`."},
    {"entrypoint", c_entrypoint, FIELD_ONCE, "entryPoint", NULL,
     "The entry point, replacing the image's ENTRYPOINT."},
    {"workdir", c_workdir, FIELD_ONCE, "workingDirectory", NULL,
     "The working directory of the command."},
    {"user", c_user, FIELD_ONCE, "user", NULL,
     "The user (and group) the command runs as: \"1000:1000\", \"nginx\"."},
    {"hostname", c_hostname, FIELD_ONCE, "hostname", NULL,
     "The container's hostname (not with awsvpc)."},
    {"health", c_health, FIELD_ONCE, "healthCheck",
     WORDS("cmd", "exec", "none", "every", "timeout", "retries", "start"),
     "A container health check: `health cmd \"curl -f http://localhost/\" every 30s retries 3`, "
     "`exec [\"…\"]`, or `none`."},
    {"depends_on", c_depends_on, FIELD_NAMED, "dependsOn", ir_condition_words,
     "Waits for another container of the task: `depends_on app healthy` (start, complete, "
     "success, healthy)."},
    {"logs", c_logs, FIELD_ONCE, "logConfiguration", decode_log_words,
     "The container's log configuration, replacing the task's `logs`."},
    {"mount", c_mount, 0, "mountPoints", WORDS("at", "readonly"),
     "Mounts a task volume: `mount data at \"/data\" readonly`."},
    {"volumes_from", c_volumes_from, 0, "volumesFrom", WORDS("readonly"),
     "Mounts every volume of another container of the task."},
    {"links", c_links, FIELD_ONCE, "links", NULL,
     "Links to other containers (bridge network only)."},
    {"ulimit", c_ulimit, FIELD_NAMED, "ulimits", ulimits,
     "A resource limit: `ulimit nofile 65536` (soft, and hard if given)."},
    {"init", c_init, FIELD_ONCE, "linuxParameters.initProcessEnabled", NULL,
     "Runs an init process as PID 1 that reaps zombies and forwards signals."},
    {"cap_add", c_cap_add, FIELD_ONCE, "linuxParameters.capabilities.add", NULL,
     "Linux capabilities to add: `cap_add [\"NET_ADMIN\"]`."},
    {"cap_drop", c_cap_drop, FIELD_ONCE, "linuxParameters.capabilities.drop", NULL,
     "Linux capabilities to drop: `cap_drop [\"ALL\"]`."},
    {"shm", c_shm, FIELD_ONCE, "linuxParameters.sharedMemorySize", NULL,
     "The size of /dev/shm (`shm 256 MiB`; EC2 only)."},
    {"swap", c_swap, FIELD_ONCE, "linuxParameters.maxSwap linuxParameters.swappiness/swappiness",
     WORDS("swappiness"),
     "Swap the container may use (`swap 1 GiB swappiness 60`; EC2 only)."},
    {"tmpfs", c_tmpfs, 0, "linuxParameters.tmpfs", WORDS("options"),
     "A tmpfs mount: `tmpfs \"/tmp\" 64 MiB` (EC2 only)."},
    {"device", c_device, 0, "linuxParameters.devices", WORDS("at", "read", "write", "mknod"),
     "A host device exposed to the container (EC2 only)."},
    {"readonly_root", c_readonly_root, FIELD_ONCE, "readonlyRootFilesystem", NULL,
     "Mounts the container's root file system read-only."},
    {"privileged", c_privileged, FIELD_ONCE, "privileged", NULL,
     "Gives the container root on the host (EC2 only; avoid)."},
    {"disable_networking", c_disable_networking, FIELD_ONCE, "disableNetworking", NULL,
     "Turns networking off inside the container."},
    {"interactive", c_interactive, FIELD_ONCE, "interactive", NULL,
     "Keeps stdin open (docker run -i)."},
    {"tty", c_tty, FIELD_ONCE, "pseudoTerminal", NULL,
     "Allocates a pseudo-terminal (docker run -t)."},
    {"stop_timeout", c_stop_timeout, FIELD_ONCE, "stopTimeout", NULL,
     "How long ECS waits after SIGTERM before it kills the container (`stop_timeout 30s`)."},
    {"start_timeout", c_start_timeout, FIELD_ONCE, "startTimeout", NULL,
     "How long ECS waits for a dependency to reach its condition before giving up."},
    {"labels", c_labels, FIELD_MAP, "dockerLabels", NULL,
     "Docker labels: `labels { KEY = \"value\" }`."},
    {"dns", c_dns, FIELD_ONCE, "dnsServers", NULL,
     "DNS servers of the container (not with awsvpc)."},
    {"dns_search", c_dns_search, FIELD_ONCE, "dnsSearchDomains", NULL,
     "DNS search domains of the container."},
    {"extra_host", c_extra_host, 0, "extraHosts", NULL,
     "An /etc/hosts entry: `extra_host \"db\" \"10.0.0.5\"`."},
    {"security_opt", c_security_opt, FIELD_ONCE, "dockerSecurityOptions", NULL,
     "Docker security options (SELinux, AppArmor labels)."},
    {"sysctl", c_sysctl, FIELD_MAP, "systemControls", NULL,
     "Kernel parameters in the container's namespaces: `sysctl { \"net.core.somaxconn\" = \"1024\""
     " }`."},
    {"credential_spec", c_credential_spec, FIELD_ONCE, "credentialSpecs", NULL,
     "A credential spec for gMSA (Windows, Active Directory)."},
    {"firelens", c_firelens, FIELD_ONCE, "firelensConfiguration", firelens_types,
     "Makes the container the task's FireLens log router (fluentbit or fluentd)."},
    {"version_consistency", c_version_consistency, FIELD_ONCE, "versionConsistency", consistency,
     "Whether ECS resolves the image tag to a digest once for all tasks (enabled) or not "
     "(disabled)."},
    {"restart", c_restart, FIELD_ONCE, "restartPolicy", WORDS("ignore", "period"),
     "Restarts the container in place when it exits: `restart ignore [0] period 300s`."},
    {"gpu", c_gpu, FIELD_ONCE, NULL, NULL,
     "GPUs reserved for the container (EC2 GPU instances)."},
    {"credentials", c_credentials, FIELD_ONCE, "repositoryCredentials", NULL,
     "A Secrets Manager secret holding credentials for a private registry."},
    {"raw", c_raw, FIELD_ONCE, NULL, NULL,
     "Sets container definition members ecsc has no word for; prefer the native word when "
     "there is one (W0010)."},
};
const BlockDef decode_container_block = {"container", FIELDS(container_fields),
                                         "ContainerDefinition", "name", NULL};

IrContainer *decode_container(Decoder *d, IrTask *t, const AstStmt *s)
{
    IrContainer *c = ARENA_NEW(d->arena, IrContainer);
    c->span = s->span;
    c->task = t;
    c->cpu = c->memory = c->memory_reservation = IR_UNSET;
    c->shm_mib = c->max_swap_mib = IR_UNSET;
    c->swappiness = IR_UNSET;
    c->gpus = IR_UNSET;
    c->stop_timeout = c->start_timeout = c->restart_period = IR_UNSET;
    Args a = args_begin(d, s);
    c->name_span = args_here(&a);
    c->name = args_word(&a, "the container's name");
    if (!c->name)
        c->name = "?";
    const AstNode *body = args_block(&a, "the container's block");
    args_end(&a);
    decode_name_ok(d, c->name, c->name_span, "container");
    decode_block_fields(d, body, &decode_container_block, c,
                        arena_printf(d->arena, "container '%s'", c->name), &c->fields);
    vec_push(d->arena, &t->containers, c);
    return c;
}

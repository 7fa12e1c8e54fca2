/* vocab.c - the words of the language, from the decoders' tables (vocab.h). */
#include "sema/vocab.h"

#include "sema/decode.h"

#include <stdlib.h>
#include <string.h>

/* The module system's words, read on the syntax tree before the decoders
   run (compiler/sema/expand.c, compiler/driver/modules.c; docs/language.md
   §18): its statements and the words of `import "x" as n`, `use T`,
   `task web from T`, `param NAME KIND [default VALUE]` and `add KIND …`.
   tests/unit/test_vocab.c checks that the expander takes each kind. */
static const DeclDef module_decls[] = {
    {"import", NULL, 0, (const char *const[]){"as", NULL},
     "Reads another .ecs file (`import \"./common.ecs\"`, `import \"std/sizes\"`); `as NAME` keeps"
     " its names qualified as NAME.x."},
    {"template", NULL, FIELD_NAMED, NULL,
     "A named, parameterised list of statements (`param NAME KIND` first) that blocks splice "
     "in with `use NAME` or `KIND NAME from TEMPLATE`."},
    {"environment", NULL, 0, NULL,
     "How environment NAME differs from the base: constants, overrides of declarations of the "
     "same kind and name, and `add` for what only it has. Built with --env NAME."},
};

const char *const vocab_template_kinds[] = {
    "string", "number", "size", "cpu", "duration", "percent", "bool", "word", "list", "map",
    "any", "vpc_id", "subnet_id", "security_group_id", "certificate", NULL,
};

static const FieldDef module_fields[] = {
    {"use", NULL, 0, NULL, (const char *const[]){"from", NULL},
     "Splices a template's statements into this block: `use NAME` or `use NAME { ARG = VALUE …"
     " }`; the block's own statements override the template's."},
    {"add", NULL, 0, NULL, NULL,
     "In an environment: declares something only this environment has (`add service debug { … "
     "}`), or adds a named statement inside an override."},
    {"remove", NULL, 0, NULL, NULL,
     "In an environment: drops something of the base, `remove service worker` at the top, or "
     "`remove container sidecar`, `remove route public \"/old/*\"`, `remove scale` inside an "
     "override."},
    {"param", NULL, 0, NULL, vocab_template_kinds,
     "In a template: a parameter, `param NAME KIND [default VALUE]`; `$NAME` stands for its "
     "value in the template's statements."},     /* `default`: decode_param_words */
};

static const char *const category_names[VOCAB_NCATEGORIES] = {
    "declaration", "field", "word", "constant", "unit", "duration", "percent",
};

const char *vocab_category_name(VocabCategory c)
{
    return c < VOCAB_NCATEGORIES ? category_names[c] : "?";
}

static bool is_constant(const char *w)
{
    for (const char *const *b = decode_booleans; *b; b++)
        if (strcmp(*b, w) == 0)
            return true;
    return false;
}

static void add_words(Arena *a, Vec *out, const char *const *words)
{
    for (; words && *words; words++)
        if (!is_constant(*words))
            vec_push(a, out, (void *)*words);
}

static void add_fields(Arena *a, Vec *out, const FieldDef *f, size_t n, bool words)
{
    for (size_t i = 0; i < n; i++) {
        if (words)
            add_words(a, out, f[i].words);
        else
            vec_push(a, out, (void *)f[i].name);
    }
}

static void add_decls(Arena *a, Vec *out, const DeclDef *d, size_t n, bool words)
{
    for (size_t i = 0; i < n; i++) {
        if (words)
            add_words(a, out, d[i].words);
        else
            vec_push(a, out, (void *)d[i].name);
    }
}

static int by_text(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

Vec vocab_words(Arena *a, VocabCategory c)
{
    Vec all = {0};
    const size_t nmod = sizeof module_decls / sizeof *module_decls;
    const size_t nmodf = sizeof module_fields / sizeof *module_fields;
    switch (c) {
    case VOCAB_DECLARATION:
        add_decls(a, &all, decode_decls, decode_ndecls, false);
        add_decls(a, &all, module_decls, nmod, false);
        break;
    case VOCAB_FIELD:
        for (size_t b = 0; b < decode_nblocks; b++)
            add_fields(a, &all, decode_blocks[b]->fields, decode_blocks[b]->nfields, false);
        add_fields(a, &all, module_fields, nmodf, false);
        break;
    case VOCAB_WORD:
        for (size_t b = 0; b < decode_nblocks; b++)
            add_fields(a, &all, decode_blocks[b]->fields, decode_blocks[b]->nfields, true);
        add_fields(a, &all, module_fields, nmodf, true);
        add_decls(a, &all, decode_decls, decode_ndecls, true);
        add_decls(a, &all, module_decls, nmod, true);
        break;
    case VOCAB_CONSTANT:
        for (const char *const *b = decode_booleans; *b; b++)
            vec_push(a, &all, (void *)*b);
        break;
    case VOCAB_UNIT:
    case VOCAB_DURATION:
    case VOCAB_PERCENT:
        for (size_t t = 0; t < decode_nunit_tables; t++) {
            const UnitTable *ut = &decode_unit_tables[t];
            if (strcmp(ut->category, category_names[c]) != 0)
                continue;
            for (size_t u = 0; u < ut->n; u++)
                vec_push(a, &all, (void *)ut->units[u].name);
        }
        break;
    case VOCAB_NCATEGORIES:
        break;
    }
    if (all.len > 1)
        qsort(all.items, (size_t)all.len, sizeof *all.items, by_text);
    int w = 0;
    for (int i = 0; i < all.len; i++)
        if (w == 0 || strcmp(all.items[w - 1], all.items[i]) != 0)
            all.items[w++] = all.items[i];
    all.len = w;
    return all;
}

/* ---- merge rules (expand.c) ---------------------------------------------------- */

bool vocab_names_entry(const char *head, bool top)
{
    if (top) {
        for (size_t i = 0; i < decode_ndecls; i++)
            if ((decode_decls[i].flags & FIELD_NAMED) && strcmp(decode_decls[i].name, head) == 0)
                return true;
        for (size_t i = 0; i < sizeof module_decls / sizeof *module_decls; i++)
            if ((module_decls[i].flags & FIELD_NAMED) && strcmp(module_decls[i].name, head) == 0)
                return true;
        return false;
    }
    for (size_t b = 0; b < decode_nblocks; b++)
        for (size_t i = 0; i < decode_blocks[b]->nfields; i++) {
            const FieldDef *f = &decode_blocks[b]->fields[i];
            if ((f->flags & FIELD_NAMED) && f->name[0] == head[0] && strcmp(f->name, head) == 0)
                return true;
        }
    return false;
}

bool vocab_adds_lines(const char *head)
{
    for (size_t b = 0; b < decode_nblocks; b++)
        for (size_t i = 0; i < decode_blocks[b]->nfields; i++) {
            const FieldDef *f = &decode_blocks[b]->fields[i];
            if (!(f->flags & (FIELD_ONCE | FIELD_NAMED | FIELD_MAP)) && f->name[0] == head[0] &&
                strcmp(f->name, head) == 0)
                return true;
        }
    return false;
}

/* ---- API members (check_raw.c) ---------------------------------------------------- */

static const BlockDef *block_of_shape(const char *shape)
{
    for (size_t b = 0; b < decode_nblocks; b++)
        if (decode_blocks[b]->shape && strcmp(decode_blocks[b]->shape, shape) == 0)
            return decode_blocks[b];
    return NULL;
}

/* Whether the space-separated `api` list holds `member`; *word is set to
   the option word after '/', or NULL. */
static bool api_has(const char *api, const char *member, const char **word, size_t *word_len)
{
    size_t mlen = strlen(member);
    for (const char *p = api; p && *p;) {
        size_t n = strcspn(p, " ");
        size_t name = strcspn(p, " /");
        if (name == mlen && strncmp(p, member, mlen) == 0) {
            *word = name < n ? p + name + 1 : NULL;
            *word_len = name < n ? n - name - 1 : 0;
            return true;
        }
        p += n;
        while (*p == ' ')
            p++;
    }
    return false;
}

/* Words that fill members of CloudFormation resources other than their
   block's own shape (a route's target group and listener rule, a
   listener, a capacity's launch template and provider). */
static const struct { const char *shape, *member, *word; } other_words[] = {
    {"AWS::ElasticLoadBalancingV2::TargetGroup", "HealthCheckPath", "route … health"},
    {"AWS::ElasticLoadBalancingV2::TargetGroup", "HealthCheckIntervalSeconds", "route … every"},
    {"AWS::ElasticLoadBalancingV2::TargetGroup", "HealthyThresholdCount", "route … healthy"},
    {"AWS::ElasticLoadBalancingV2::TargetGroup", "UnhealthyThresholdCount", "route … unhealthy"},
    {"AWS::ElasticLoadBalancingV2::TargetGroup", "Port", "route … to CONTAINER:PORT"},
    {"AWS::ElasticLoadBalancingV2::ListenerRule", "Priority", "route … priority"},
    {"AWS::ElasticLoadBalancingV2::ListenerRule", "Conditions", "route LB PATHS [host HOSTS]"},
    {"AWS::ElasticLoadBalancingV2::Listener", "Port", "listen PORT"},
    {"AWS::ElasticLoadBalancingV2::Listener", "Protocol", "listen PORT http|https"},
    {"AWS::ElasticLoadBalancingV2::Listener", "Certificates", "listen … cert"},
    {"AWS::ElasticLoadBalancingV2::Listener", "DefaultActions", "listen … redirect|fixed"},
    {"AWS::EC2::LaunchTemplate", "LaunchTemplateData.InstanceType", "instance"},
    {"AWS::ECS::CapacityProvider", "AutoScalingGroupProvider.ManagedScaling.TargetCapacity",
     "target"},
};

bool vocab_native_word(Arena *a, const char *shape, const char *member, const char **word,
                       const char **note)
{
    for (size_t i = 0; i < sizeof other_words / sizeof *other_words; i++)
        if (strcmp(other_words[i].shape, shape) == 0 && strcmp(other_words[i].member, member) == 0) {
            *word = other_words[i].word;
            *note = NULL;
            return true;
        }
    const BlockDef *b = block_of_shape(shape);
    if (!b)
        return false;
    if (b->name_api && strcmp(b->name_api, member) == 0) {
        *word = arena_printf(a, "%s NAME", b->name);
        *note = b->name_note;
        return true;
    }
    for (size_t i = 0; i < b->nfields; i++) {
        const char *opt;
        size_t opt_len;
        if (!api_has(b->fields[i].api, member, &opt, &opt_len))
            continue;
        *word = opt ? arena_printf(a, "%s … %.*s", b->fields[i].name, (int)opt_len, opt)
                    : b->fields[i].name;
        *note = NULL;
        return true;
    }
    return false;
}

const char *vocab_block_of_shape(const char *shape)
{
    const BlockDef *b = block_of_shape(shape);
    return b ? b->name : NULL;
}

bool vocab_is_native_field(const char *shape, const char *word)
{
    const BlockDef *b = block_of_shape(shape);
    for (size_t i = 0; b && i < b->nfields; i++)
        if (b->fields[i].api && strcmp(b->fields[i].name, word) == 0)
            return true;
    return false;
}

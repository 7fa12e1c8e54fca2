/* import.c - the readers of `ecsc import`, tried in order for each input
   (import.h): the first whose detect() knows the input reads it. */
#include "import/import.h"
#include "import/import_yaml.h"

static const ImportReader readers[] = {
    {"json", import_json_detect, import_json, import_json_app},
    {"yaml", import_yaml_detect, import_yaml, NULL},
};

ImportFormat import_detect(const char *path, const char *text, size_t len)
{
    for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++) {
        ImportFormat f = readers[i].detect(path, text, len);
        if (f != IMPORT_UNKNOWN)
            return f;
    }
    return IMPORT_UNKNOWN;
}

const char *import_app(ImportCtx *ic, const char *path, const char *text, size_t len)
{
    for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++)
        if (readers[i].detect(path, text, len) != IMPORT_UNKNOWN)
            return readers[i].app ? readers[i].app(ic, text, len) : NULL;
    return NULL;
}

bool import_read(ImportCtx *ic, const char *path, const char *text, size_t len)
{
    for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++) {
        ImportFormat f = readers[i].detect(path, text, len);
        if (f != IMPORT_UNKNOWN)
            return readers[i].read(ic, f, text, len);
    }
    /* No reader knows it: let the JSON reader say what is wrong with JSON
       text (a syntax error, a size limit), else name what is accepted. */
    size_t i = 0;
    while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
        i++;
    if (i < len && (text[i] == '{' || text[i] == '['))
        return import_json(ic, IMPORT_UNKNOWN, text, len);
    import_error(ic, "E0041", "the format of this input is not one `ecsc import` reads "
                 "(an ECS task definition or service in JSON; a docker-compose file, with `services:`, or an "
                 "AWS Copilot manifest, with a Copilot `type:`, in YAML)");
    return false;
}

/* fuzz_compile.c - libFuzzer harness over the whole pipeline, in memory.
 *
 * One input is one .ecs file.  It is parsed, decoded, resolved, inferred
 * and checked; when that raises no error the outputs are emitted to memory.
 * Diagnostics are rendered (both with and without colour) to /dev/null, so
 * the renderer sees every span the checker produces.  Nothing is written to
 * disk.  Any crash, sanitizer report, leak, timeout or OOM is a bug.
 *
 * Build: see tests/fuzz/README.md (clang -fsanitize=fuzzer,address,undefined).
 */
#include "driver/compiler.h"
#include "emit.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *sink(void)
{
    static FILE *null;
    if (!null)
        null = fopen("/dev/null", "w");
    return null;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Compiler c;
    compiler_init(&c);
    c.diag.max_errors = 0;          /* exercise every diagnostic, not the first 20 */
    /* Half the inputs get the deploy-time parameters the examples use, so
       the service and CloudFormation emitters are reached too. */
    if (size & 1) {
        compiler_define(&c, "account=123456789012");
        compiler_define(&c, "region=eu-west-1");
    }
    compiler_add_source(&c, "fuzz.ecs", (const char *)data, size);
    bool ok = compiler_check(&c);
    if (ok) {
        compiler_emit(&c);
        /* Touch every byte so a bad length is caught by ASan here. */
        unsigned sum = 0;
        for (int i = 0; i < c.outputs.len; i++) {
            const OutputFile *f = c.outputs.items[i];
            for (size_t k = 0; k < f->len; k++)
                sum += (unsigned char)f->data[k];
            for (const char *p = f->path; *p; p++)
                sum += (unsigned char)*p;
        }
        if (sum == 0xFFFFFFFFu)
            fputc('\n', sink());
    }
    FILE *out = sink();
    if (out) {
        diag_render_text(&c.diag, &c.sources, out, false);
        diag_render_text(&c.diag, &c.sources, out, true);
        fflush(out);
    }
    compiler_free(&c);
    return 0;
}

/* fuzz_fmt.c - libFuzzer harness for the formatter (syntax/format.h).
 *
 * One input is one .ecs file.  When it parses, its formatted text must
 * parse to the same tree, keep every comment, format to itself and have
 * no trailing blanks (tests/fmt/fmt_invariants.h); a violation aborts, as
 * does any crash, sanitizer report, leak, timeout or OOM.
 *
 * Build: see tests/fuzz/README.md (clang -fsanitize=fuzzer,address,undefined).
 */
#include "../fmt/fmt_invariants.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bool parsed;
    const char *bad = fmt_invariants("fuzz.ecs", (const char *)data, size, &parsed);
    if (bad) {
        fprintf(stderr, "fuzz_fmt: %s\n", bad);
        abort();
    }
    return 0;
}

/* test_arena.c - the arena: alignment by type, zeroed blocks, packed
 * strings, chunks that grow to 2 MiB, blocks larger than a chunk, a pool
 * that keeps freed 2 MiB chunks for the next arena, and arena_printf's own
 * printing of %s/%d/%% against snprintf. */
#include <setjmp.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <limits.h>
#include <cmocka.h>

#include "base/arena.h"

typedef struct Wide {
    char c;
    long double ld;
} Wide;

static void test_alignment_by_type(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    for (int i = 0; i < 1000; i++) {
        char *s = arena_strndup(&a, "abcdefg", (size_t)(i % 7));
        assert_int_equal(strlen(s), (size_t)(i % 7));
        int64_t *p = ARENA_NEW(&a, int64_t);
        assert_int_equal((uintptr_t)p % alignof(int64_t), 0);
        assert_int_equal(*p, 0);
        Wide *w = ARENA_NEW(&a, Wide);
        assert_int_equal((uintptr_t)w % alignof(Wide), 0);
        void *raw = arena_alloc(&a, 3);
        assert_int_equal((uintptr_t)raw % alignof(max_align_t), 0);
    }
    arena_free(&a);
}

static void test_strings_are_packed(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    char *x = arena_strdup(&a, "ab");
    char *y = arena_strdup(&a, "cd");
    assert_ptr_equal(y, x + 3);
    assert_string_equal(x, "ab");
    assert_string_equal(y, "cd");
    arena_free(&a);
}

/* Many small blocks (past several 2 MiB chunks) and a few large ones stay
   intact, zeroed when handed out, and usable after arena_free. */
static void test_growth_and_large_blocks(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    for (int round = 0; round < 2; round++) {
        enum { N = 200000 };
        uint32_t **ps = arena_alloc(&a, sizeof *ps * N);
        for (uint32_t i = 0; i < N; i++) {
            ps[i] = ARENA_ARRAY(&a, uint32_t, 12);
            for (int k = 0; k < 12; k++)
                assert_int_equal(ps[i][k], 0);
            ps[i][0] = i;
            ps[i][11] = ~i;
            if (i % 50000 == 0) {
                size_t big = (size_t)3 << 20;
                unsigned char *b = arena_alloc(&a, big);
                assert_int_equal(b[0] | b[big - 1], 0);
                memset(b, 0xAB, big);
            }
        }
        for (uint32_t i = 0; i < N; i++) {
            assert_int_equal(ps[i][0], i);
            assert_int_equal(ps[i][11], ~i);
        }
        assert_true(a.bytes >= (size_t)N * 48);
        arena_free(&a);
        assert_int_equal(a.bytes, 0);
    }
}

/* Fills an arena past several 2 MiB chunks with 0xAB bytes. */
static void fill(Arena *a, size_t bytes)
{
    for (size_t done = 0; done < bytes; done += 4096)
        memset(arena_alloc(a, 4096), 0xAB, 4096);
}

/* A pooled arena leaves its 2 MiB chunks (at most `max`) to the next one,
   which hands them out zeroed; the small first chunks and blocks with a
   chunk of their own are freed as before. */
static void test_pool_keeps_and_reuses_chunks(void **state)
{
    (void)state;
    ArenaPool pool = {.max = 4};
    Arena a;
    arena_init(&a);
    a.pool = &pool;
    fill(&a, (size_t)12 << 20);
    unsigned char *big = arena_alloc(&a, (size_t)3 << 20);      /* its own */
    big[0] = 1;
    arena_free(&a);
    assert_int_equal(pool.n, 4);        /* more were freed: max */
    assert_int_equal(a.bytes, 0);
    for (int round = 0; round < 3; round++) {
        arena_init(&a);
        a.pool = &pool;
        for (size_t done = 0; done < ((size_t)6 << 20); done += 4096) {
            unsigned char *p = arena_alloc(&a, 4096);
            assert_int_equal(p[0] | p[2048] | p[4095], 0);
            memset(p, 0xCD, 4096);
        }
        assert_true(pool.n < 4);        /* taken from the pool */
        arena_free(&a);
        assert_int_equal(pool.n, 4);
    }
    arena_pool_free(&pool);
    assert_int_equal(pool.n, 0);
    assert_null(pool.free);
    /* without a pool nothing is kept */
    arena_init(&a);
    fill(&a, (size_t)6 << 20);
    arena_free(&a);
}

static void check_printf(Arena *a, const char *fmt, ...)
{
    char want[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(want, sizeof want, fmt, ap);
    va_end(ap);
    va_start(ap, fmt);
    char *got = arena_vprintf(a, fmt, ap);
    va_end(ap);
    assert_string_equal(got, want);
}

static void test_printf_matches_snprintf(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    check_printf(&a, "");
    check_printf(&a, "plain text");
    check_printf(&a, "%s", "");
    check_printf(&a, "arn:aws:iam::%s:role/%s", "123456789012", "shop-web");
    check_printf(&a, "%sListener%dRule", "Public", 80);
    check_printf(&a, "%d %d %d %d", 0, -1, INT_MAX, INT_MIN);
    check_printf(&a, "100%% of %s", "it");
    check_printf(&a, "%.*s-%06x", 3, "abcdef", 0xbeef);     /* vsnprintf's */
    check_printf(&a, "%.*s%s%s", 3, "Svc%sRole", "Web", "Role");
    check_printf(&a, "%.*s|%.*s|%.*s", 0, "abc", 10, "abc", -1, "abcdef");
    check_printf(&a, "%.*s%s%.*s%d%s", 6, "Public", "Web", 8, "Listener", 443, "Rule");
    check_printf(&a, "%s|%5d|%s", "a", 42, "b");
    check_printf(&a, "%lld %g", 1234567890123ll, 0.5);
    /* Near the end of a chunk: printed where it fits, or in a new chunk. */
    for (int i = 0; i < 20000; i++)
        check_printf(&a, "%s-%d-%s", "svc", i, "abcdefghijklmnopqrstuvwxyz0123456789");
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alignment_by_type),
        cmocka_unit_test(test_strings_are_packed),
        cmocka_unit_test(test_growth_and_large_blocks),
        cmocka_unit_test(test_pool_keeps_and_reuses_chunks),
        cmocka_unit_test(test_printf_matches_snprintf),
    };
    return cmocka_run_group_tests_name("arena", tests, NULL, NULL);
}

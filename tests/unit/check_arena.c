/*
 * check_arena.c -- per-call memory and the call's error: zeroed blocks,
 * realloc keeping content, big blocks, first error wins.
 */
#include <string.h>
#include "unit_util.h"

START_TEST(test_arena_alloc_zeroed)
{
	unsigned char *p = mig_alloc(tctx, 1000);
	unsigned char *big = mig_alloc(tctx, 3 * 1024 * 1024);
	size_t		i;

	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(big);
	for (i = 0; i < 1000; i++)
		ck_assert_int_eq(p[i], 0);
	for (i = 0; i < 3 * 1024 * 1024; i += 4093)
		ck_assert_int_eq(big[i], 0);
	memset(big, 7, 3 * 1024 * 1024);
}
END_TEST

/* A call whose first allocation is big, of a size that is not a multiple
 * of the alignment (mig_register_dir of 10,000 files): the next small one
 * must come from a block of its own, not from past the big block's end. */
START_TEST(test_arena_big_first)
{
	size_t		size = 880129;
	char	   *big = mig_alloc(tctx, size);
	char	   *p = mig_alloc(tctx, 72);

	ck_assert_ptr_nonnull(big);
	ck_assert_ptr_nonnull(p);
	ck_assert(!(p >= big && p < big + size + 4096));
	memset(big, 1, size);
	memset(p, 2, 72);
	ck_assert_int_eq(big[size - 1], 1);
}
END_TEST

/* Giving back all since a mark: the blocks taken since go, the front
 * block's space is used again, what came before stays as it was. */
START_TEST(test_arena_mark_release)
{
	char	   *before = mig_strdup(tctx, "kept");
	mig_mark	m = mig_arena_mark(tctx);
	char	   *first = mig_alloc(tctx, 40);
	int			i;

	for (i = 0; i < 1000; i++)
		ck_assert_ptr_nonnull(mig_alloc(tctx, 1000));	/* new small blocks */
	ck_assert_ptr_nonnull(mig_alloc(tctx, 200000));	/* a big one */
	mig_arena_release(tctx, m);
	ck_assert_str_eq(before, "kept");
	/* the next allocation takes the same place as the first after the mark */
	ck_assert_ptr_eq(mig_alloc(tctx, 40), first);
	m = mig_arena_mark(tctx);
	for (i = 0; i < 10; i++)
		mig_arena_release(tctx, m);	/* nothing since: nothing happens */
	ck_assert_str_eq(before, "kept");
}
END_TEST

START_TEST(test_arena_many_small)
{
	int			i;

	for (i = 0; i < 100000; i++)
	{
		char	   *p = mig_alloc(tctx, 24);

		ck_assert_ptr_nonnull(p);
		p[23] = 1;
	}
}
END_TEST

START_TEST(test_arena_realloc)
{
	char	   *p = mig_alloc(tctx, 8);
	size_t		i;

	memcpy(p, "abcdefg", 8);
	p = mig_realloc(tctx, p, 8, 100000);
	ck_assert_str_eq(p, "abcdefg");
	for (i = 8; i < 100000; i++)
		ck_assert_int_eq(p[i], 0);
}
END_TEST

/* The last allocation grows where it is: nothing copied, nothing left
 * behind, the content and the zeroed tail as with a copy. */
START_TEST(test_arena_realloc_in_place)
{
	char	   *p = mig_alloc(tctx, 16);
	char	   *q;
	size_t		i;

	memcpy(p, "abc", 4);
	q = mig_realloc(tctx, p, 16, 512);
	ck_assert_ptr_eq(q, p);
	ck_assert_str_eq(q, "abc");
	for (i = 16; i < 512; i++)
		ck_assert_int_eq(q[i], 0);
	/* no longer the last: it moves */
	ck_assert_ptr_nonnull(mig_alloc(tctx, 8));
	q = mig_realloc(tctx, p, 512, 1024);
	ck_assert_ptr_ne(q, p);
	ck_assert_str_eq(q, "abc");
}
END_TEST

/* An allocation older than a mark never grows in place: releasing to the
 * mark would cut it short and hand its tail out again. */
START_TEST(test_arena_realloc_across_mark)
{
	char	   *p = mig_alloc(tctx, 16);
	mig_mark	m;
	char	   *q,
			   *r;

	memset(p, 'x', 15);
	m = mig_arena_mark(tctx);
	q = mig_realloc(tctx, p, 16, 4096);
	ck_assert_ptr_ne(q, p);
	memset(q, 'y', 4095);
	mig_arena_release(tctx, m);
	r = mig_alloc(tctx, 64);
	memset(r, 'z', 64);
	ck_assert_int_eq(p[14], 'x');
	/* made after the mark: grows in place, and the release takes it */
	m = mig_arena_mark(tctx);
	p = mig_alloc(tctx, 16);
	ck_assert_ptr_eq(mig_realloc(tctx, p, 16, 256), p);
	mig_arena_release(tctx, m);
	ck_assert_ptr_eq(mig_alloc(tctx, 16), p);
}
END_TEST

/* Marks held one inside another: after the inner ones are given back,
 * an allocation older than the outer mark still never grows in place. */
START_TEST(test_arena_realloc_nested_marks)
{
	char	   *p = mig_alloc(tctx, 32);
	mig_mark	m1,
				m2,
				m3;
	char	   *q;
	char	   *r;
	int			i;

	memset(p, 'p', 32);
	m1 = mig_arena_mark(tctx);	/* held throughout */
	m2 = mig_arena_mark(tctx);	/* a callee's, at the same place */
	for (i = 0; i < 100; i++)
		mig_alloc(tctx, 1000);	/* into a new front block */
	m3 = mig_arena_mark(tctx);	/* a deeper callee's, in that block */
	mig_arena_release(tctx, m3);
	mig_arena_release(tctx, m2);	/* p's block is the front again */
	/* p is older than m1: copied, not grown into what m1 gives back */
	q = mig_realloc(tctx, p, 32, 256);
	ck_assert_ptr_ne(q, p);
	ck_assert_int_eq(q[31], 'p');
	mig_arena_release(tctx, m1);
	r = mig_alloc(tctx, 64);
	memset(r, 'r', 64);
	ck_assert_int_eq(p[31], 'p');
}
END_TEST

START_TEST(test_arena_strings)
{
	ck_assert_str_eq(mig_strdup(tctx, "hello"), "hello");
	ck_assert_str_eq(mig_strndup(tctx, "hello", 3), "hel");
	ck_assert_str_eq(mig_printf(tctx, "%s=%d", "x", 12), "x=12");
}
END_TEST

START_TEST(test_arena_error_first_wins)
{
	ck_assert_ptr_nonnull(mig_ctx_error(tctx));
	ck_assert_int_eq(mig_error(tctx, "first %d", 1), MIG_ERROR);
	ck_assert_int_eq(mig_error(tctx, "second %d", 2), MIG_ERROR);
	ck_assert_str_eq(mig_ctx_error(tctx), "first 1");
}
END_TEST

START_TEST(test_arena_adapter)
{
	const mig_adapter *a = mig_ctx_adapter(tctx);

	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->engine, MIG_ENGINE_POSTGRESQL);
}
END_TEST

Suite *
arena_suite(void)
{
	Suite	   *s = suite_create("arena");
	TCase	   *tc;

	tc = tcase_sqlite("alloc");
	tcase_add_test(tc, test_arena_alloc_zeroed);
	tcase_add_test(tc, test_arena_big_first);
	tcase_add_test(tc, test_arena_mark_release);
	tcase_add_test(tc, test_arena_many_small);
	tcase_add_test(tc, test_arena_realloc);
	tcase_add_test(tc, test_arena_realloc_in_place);
	tcase_add_test(tc, test_arena_realloc_across_mark);
	tcase_add_test(tc, test_arena_realloc_nested_marks);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("strings");
	tcase_add_test(tc, test_arena_strings);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("error");
	tcase_add_test(tc, test_arena_error_first_wins);
	suite_add_tcase(s, tc);

	tc = tcase_postgresql("adapter");
	tcase_add_test(tc, test_arena_adapter);
	suite_add_tcase(s, tc);
	return s;
}

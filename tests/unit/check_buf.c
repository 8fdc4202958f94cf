/*
 * check_buf.c -- text buffers: quoting of identifiers and literals, and
 * growth well past the first block.
 */
#include <string.h>
#include "unit_util.h"

START_TEST(test_buf_init_empty)
{
	mig_buf		b;

	mig_buf_init(&b, tctx);
	ck_assert_ptr_nonnull(b.data);
	ck_assert_str_eq(b.data, "");
	ck_assert_uint_eq(b.len, 0);
}
END_TEST

START_TEST(test_buf_add_puts_printf)
{
	mig_buf		b;

	mig_buf_init(&b, tctx);
	mig_buf_add(&b, "abcdef", 3);
	mig_buf_puts(&b, "-xyz");
	mig_buf_printf(&b, "-%d-%s", 42, "q");
	mig_buf_add(&b, "", 0);
	mig_buf_puts(&b, "");
	ck_assert_str_eq(b.data, "abc-xyz-42-q");
	ck_assert_uint_eq(b.len, strlen("abc-xyz-42-q"));
}
END_TEST

START_TEST(test_buf_ident)
{
	mig_buf		b;

	mig_buf_init(&b, tctx);
	mig_buf_ident(&b, "a\"b");
	ck_assert_str_eq(b.data, "\"a\"\"b\"");

	mig_buf_init(&b, tctx);
	mig_buf_ident(&b, "plain");
	ck_assert_str_eq(b.data, "\"plain\"");

	mig_buf_init(&b, tctx);
	mig_buf_ident(&b, "\"\"");
	ck_assert_str_eq(b.data, "\"\"\"\"\"\"");

	/* single quotes and spaces pass through an identifier untouched */
	mig_buf_init(&b, tctx);
	mig_buf_ident(&b, "it's a t");
	ck_assert_str_eq(b.data, "\"it's a t\"");
}
END_TEST

START_TEST(test_buf_literal)
{
	mig_buf		b;

	mig_buf_init(&b, tctx);
	mig_buf_literal(&b, "it's");
	ck_assert_str_eq(b.data, "'it''s'");

	mig_buf_init(&b, tctx);
	mig_buf_literal(&b, "");
	ck_assert_str_eq(b.data, "''");

	mig_buf_init(&b, tctx);
	mig_buf_literal(&b, "''");
	ck_assert_str_eq(b.data, "''''''");

	mig_buf_init(&b, tctx);
	mig_buf_literal(&b, "say \"hi\"");
	ck_assert_str_eq(b.data, "'say \"hi\"'");
}
END_TEST

START_TEST(test_buf_growth)
{
	mig_buf		b;
	char		piece[8];
	char	   *big;
	size_t		i;
	size_t		n = 20000;

	mig_buf_init(&b, tctx);
	for (i = 0; i < n; i++)
	{
		piece[0] = (char) ('a' + i % 26);
		mig_buf_add(&b, piece, 1);
	}
	ck_assert_uint_eq(b.len, n);
	ck_assert_uint_eq(strlen(b.data), n);
	ck_assert(b.cap > b.len);
	for (i = 0; i < n; i++)
		ck_assert_int_eq(b.data[i], 'a' + i % 26);

	/* one printf far bigger than any initial block */
	big = mig_alloc(tctx, 9001);
	memset(big, 'z', 9000);
	mig_buf_printf(&b, "<%s>", big);
	ck_assert_uint_eq(b.len, n + 9002);
	ck_assert_uint_eq(strlen(b.data), b.len);
	ck_assert_int_eq(b.data[n], '<');
	ck_assert_int_eq(b.data[n + 9001], '>');

	/* quoting helpers grow too */
	mig_buf_init(&b, tctx);
	memset(big, '\'', 9000);
	mig_buf_literal(&b, big);
	ck_assert_uint_eq(b.len, 2 + 18000);
	memset(big, '"', 9000);
	mig_buf_init(&b, tctx);
	mig_buf_ident(&b, big);
	ck_assert_uint_eq(b.len, 2 + 18000);
	ck_assert_uint_eq(strlen(b.data), b.len);
}
END_TEST

Suite *
buf_suite(void)
{
	Suite	   *s = suite_create("buf");
	TCase	   *tc;

	tc = tcase_sqlite("append");
	tcase_add_test(tc, test_buf_init_empty);
	tcase_add_test(tc, test_buf_add_puts_printf);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("ident");
	tcase_add_test(tc, test_buf_ident);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("literal");
	tcase_add_test(tc, test_buf_literal);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("growth");
	tcase_add_test(tc, test_buf_growth);
	suite_add_tcase(s, tc);
	return s;
}

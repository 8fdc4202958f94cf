/*
 * check_sha256.c -- SHA-256 against published vectors, and the script
 * checksum, which must not depend on line endings.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "unit_util.h"

static char *
hex_of(const unsigned char *d)
{
	static const char digits[] = "0123456789abcdef";
	char	   *s = mig_alloc(tctx, 65);
	int			i;

	for (i = 0; i < 32; i++)
	{
		s[2 * i] = digits[d[i] >> 4];
		s[2 * i + 1] = digits[d[i] & 15];
	}
	s[64] = '\0';
	return s;
}

static char *
sha_hex(const char *data, size_t len)
{
	unsigned char out[32];

	mig_sha256((const unsigned char *) data, len, out);
	return hex_of(out);
}

START_TEST(test_sha256_empty)
{
	ck_assert_str_eq(sha_hex("", 0),
					 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}
END_TEST

START_TEST(test_sha256_abc)
{
	ck_assert_str_eq(sha_hex("abc", 3),
					 "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	ck_assert_str_eq(sha_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56),
					 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}
END_TEST

START_TEST(test_sha256_million_a)
{
	size_t		n = 1000000;
	char	   *a = malloc(n);

	ck_assert_ptr_nonnull(a);
	memset(a, 'a', n);
	ck_assert_str_eq(sha_hex(a, n),
					 "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(a);
}
END_TEST

/* Padding edges: 55/56 bytes decide whether the length fits in the last
 * block, 64 is one full block. */
START_TEST(test_sha256_block_edges)
{
	static const struct
	{
		size_t		n;
		const char *hex;
	}			v[] = {
		{55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072"},
		{56, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e"},
		{63, "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2"},
		{64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c"},
		{65, "9537c5fdf120482f7d58d25e9ed583f52c02b4e304ea814db1633ad565aed7e9"},
		{119, "000b48d4edf0fa7bee3c6236ecd2785baa5db4eeb8bb54341b029e0d9fa5fb0c"},
		{120, "13f05a0b594787f5ecd315edc96141bd3243203d1b7d4f0836f37308b276ba98"},
	};
	char		x[128];
	size_t		i;

	memset(x, 'x', sizeof(x));
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		ck_assert_msg(strcmp(sha_hex(x, v[i].n), v[i].hex) == 0,
					  "sha256 of %zu 'x' bytes is %s, want %s",
					  v[i].n, sha_hex(x, v[i].n), v[i].hex);
}
END_TEST

START_TEST(test_checksum_is_sha256_hex)
{
	/* no CR, no BOM, no trailing white space: the plain SHA-256 */
	char	   *c = mig_checksum(tctx, "line one\nline two");

	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(strlen(c), 64);
	ck_assert_msg(strcasecmp(c, "b6858b03a6cae635deeaeab09a74e598979b72c917cbfff0bb3fe2cd05111dbc") == 0,
				  "checksum of LF text is %s", c);
}
END_TEST

START_TEST(test_checksum_line_endings)
{
	char	   *lf = mig_checksum(tctx, "-- mig:revision a1\n\n-- mig:upgrade\nSELECT 1;\n");
	char	   *crlf = mig_checksum(tctx, "-- mig:revision a1\r\n\r\n-- mig:upgrade\r\nSELECT 1;\r\n");
	char	   *cr = mig_checksum(tctx, "-- mig:revision a1\r\r-- mig:upgrade\rSELECT 1;\r");
	char	   *other = mig_checksum(tctx, "-- mig:revision a1\n\n-- mig:upgrade\nSELECT 2;\n");

	ck_assert_str_eq(lf, crlf);
	ck_assert_str_eq(lf, cr);
	ck_assert_str_ne(lf, other);
	/* CR then CRLF is two line breaks. */
	ck_assert_str_eq(mig_checksum(tctx, "a\r\r\nb"), mig_checksum(tctx, "a\n\nb"));
	/* white space inside a line counts */
	ck_assert_str_ne(mig_checksum(tctx, "a \nb"), mig_checksum(tctx, "a\nb"));
}
END_TEST

/* mig_core.h: no byte order mark, no trailing white space */
START_TEST(test_checksum_bom_and_trailing_space)
{
	char	   *plain = mig_checksum(tctx, "a\nb");

	ck_assert_str_eq(mig_checksum(tctx, "a\nb\n"), plain);
	ck_assert_str_eq(mig_checksum(tctx, "a\nb\r\n\r\n \t"), plain);
	ck_assert_str_eq(mig_checksum(tctx, "\xEF\xBB\xBF" "a\r\nb\r\n"), plain);
	ck_assert_str_ne(mig_checksum(tctx, " a\nb"), plain);
}
END_TEST

Suite *
sha256_suite(void)
{
	Suite	   *s = suite_create("sha256");
	TCase	   *tc;

	tc = tcase_sqlite("vectors");
	tcase_add_test(tc, test_sha256_empty);
	tcase_add_test(tc, test_sha256_abc);
	tcase_add_test(tc, test_sha256_million_a);
	tcase_add_test(tc, test_sha256_block_edges);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("checksum");
	tcase_add_test(tc, test_checksum_is_sha256_hex);
	tcase_add_test(tc, test_checksum_line_endings);
	tcase_add_test(tc, test_checksum_bom_and_trailing_space);
	suite_add_tcase(s, tc);
	return s;
}

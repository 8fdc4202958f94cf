/*
 * check_sqltok.c -- the SQL tokenizer in both dialects: words against
 * quoted identifiers, strings and blobs, dollar quotes, numbers,
 * parentheses depth, two-character operators, comments; and the helpers
 * over tokens (mig_tok_is, mig_tok_name, mig_tok_text, mig_toks_mention).
 *
 * Tokens are compared through a compact dump: each token as K:text,
 * separated by '|', where K is W word, I quoted identifier, S string,
 * N number, ( ) , ; and P other punctuation.
 */
#include <stdio.h>
#include <string.h>
#include "unit_util.h"

#define SQ MIG_ENGINE_SQLITE
#define PG MIG_ENGINE_POSTGRESQL

static const char *
dname(mig_engine d)
{
	return d == SQ ? "sqlite" : "postgresql";
}

static mig_toks *
tok(mig_engine d, const char *sql)
{
	mig_toks   *t = mig_alloc(tctx, sizeof(mig_toks));
	int			rc = mig_tokenize(tctx, d, sql, t);

	ck_assert_msg(rc == MIG_OK, "mig_tokenize(%s) failed: %s", dname(d), terr());
	ck_assert_ptr_eq(t->sql, sql);
	return t;
}

static char
kind_letter(mig_tok_kind k)
{
	switch (k)
	{
		case MIG_TOK_WORD:
			return 'W';
		case MIG_TOK_IDENT:
			return 'I';
		case MIG_TOK_STRING:
			return 'S';
		case MIG_TOK_NUMBER:
			return 'N';
		case MIG_TOK_LPAREN:
			return '(';
		case MIG_TOK_RPAREN:
			return ')';
		case MIG_TOK_COMMA:
			return ',';
		case MIG_TOK_SEMI:
			return ';';
		case MIG_TOK_PUNCT:
			return 'P';
	}
	return '?';
}

static char *
dump(const mig_toks *t)
{
	mig_buf		b;
	int			i;

	mig_buf_init(&b, tctx);
	for (i = 0; i < t->n; i++)
	{
		const mig_tok *k = &t->v[i];

		if (i > 0)
			mig_buf_puts(&b, "|");
		if (k->kind == MIG_TOK_LPAREN || k->kind == MIG_TOK_RPAREN ||
			k->kind == MIG_TOK_COMMA || k->kind == MIG_TOK_SEMI)
			mig_buf_printf(&b, "%c", kind_letter(k->kind));
		else
			mig_buf_printf(&b, "%c:%.*s", kind_letter(k->kind), (int) k->len, t->sql + k->start);
	}
	return b.data;
}

static char *
depths(const mig_toks *t)
{
	mig_buf		b;
	int			i;

	mig_buf_init(&b, tctx);
	for (i = 0; i < t->n; i++)
		mig_buf_printf(&b, "%s%d", i ? " " : "", t->v[i].depth);
	return b.data;
}

/* sql tokenizes to exactly the dump want. */
static mig_toks *
expect_toks(mig_engine d, const char *sql, const char *want)
{
	mig_toks   *t = tok(d, sql);
	char	   *got = dump(t);

	ck_assert_msg(strcmp(got, want) == 0, "%s: [%s]\n  tokens [%s]\n  want   [%s]",
				  dname(d), sql, got, want);
	return t;
}

/* The same in both dialects. */
static void
expect_toks_both(const char *sql, const char *want)
{
	expect_toks(SQ, sql, want);
	expect_toks(PG, sql, want);
}

/* ---- words and quoted identifiers ---- */

START_TEST(test_tok_words)
{
	expect_toks_both("select a_1, _b, c$d FROM T9",
					 "W:select|W:a_1|,|W:_b|,|W:c$d|W:FROM|W:T9");
	/* non-ASCII letters belong to words */
	expect_toks_both("caf\xc3\xa9 = 1", "W:caf\xc3\xa9|P:=|N:1");
	expect_toks_both("", "");
	expect_toks_both("  \t\r\n ", "");
}
END_TEST

START_TEST(test_tok_double_quoted)
{
	mig_toks   *t;

	t = expect_toks(SQ, "\"a\"\"b\" \"My Col\" \"\"", "I:\"a\"\"b\"|I:\"My Col\"|I:\"\"");
	ck_assert_str_eq(mig_tok_name(t, 0), "a\"b");
	ck_assert_str_eq(mig_tok_name(t, 1), "My Col");
	ck_assert_str_eq(mig_tok_name(t, 2), "");
	t = expect_toks(PG, "\"a\"\"b\".\"c,d\"", "I:\"a\"\"b\"|P:.|I:\"c,d\"");
	ck_assert_str_eq(mig_tok_name(t, 0), "a\"b");
	ck_assert_str_eq(mig_tok_name(t, 2), "c,d");
	/* quotes of other kinds inside stay as they are */
	t = expect_toks(SQ, "\"it's [x]\"", "I:\"it's [x]\"");
	ck_assert_str_eq(mig_tok_name(t, 0), "it's [x]");
}
END_TEST

START_TEST(test_tok_sqlite_brackets_backticks)
{
	mig_toks   *t;

	t = expect_toks(SQ, "[x y] `y``z` [a\"b] `]`",
					"I:[x y]|I:`y``z`|I:[a\"b]|I:`]`");
	ck_assert_str_eq(mig_tok_name(t, 0), "x y");
	ck_assert_str_eq(mig_tok_name(t, 1), "y`z");
	ck_assert_str_eq(mig_tok_name(t, 2), "a\"b");
	ck_assert_str_eq(mig_tok_name(t, 3), "]");
	/* ]] does not escape in SQLite: [a]] is [a] then ] */
	t = expect_toks(SQ, "[a]]", "I:[a]|P:]");
	ck_assert_str_eq(mig_tok_name(t, 0), "a");
}
END_TEST

START_TEST(test_tok_pg_no_brackets_backticks)
{
	/* PostgreSQL has neither: array subscripts and operators */
	expect_toks(PG, "a[1] `b`", "W:a|P:[|N:1|P:]|P:`|W:b|P:`");
}
END_TEST

START_TEST(test_tok_name_of_word)
{
	mig_toks   *t = expect_toks(SQ, "MyTable 'lit'", "W:MyTable|S:'lit'");

	/* a bare word keeps its case; mig_tok_name does not fold */
	ck_assert_str_eq(mig_tok_name(t, 0), "MyTable");
}
END_TEST

/* ---- strings ---- */

START_TEST(test_tok_strings)
{
	expect_toks_both("'it''s' '' 'a -- b' 'c /* d */' '\"x\"'",
					 "S:'it''s'|S:''|S:'a -- b'|S:'c /* d */'|S:'\"x\"'");
	expect_toks_both("x'00ff', X'AB'", "S:x'00ff'|,|S:X'AB'");
	/* a word ending in x is not a blob prefix */
	expect_toks_both("ax'00'", "W:ax|S:'00'");
	/* x followed by space: the word x, then a string */
	expect_toks_both("x '00'", "W:x|S:'00'");
	/* a backslash is an ordinary character in a standard string */
	expect_toks_both("'a\\' , 'b'", "S:'a\\'|,|S:'b'");
}
END_TEST

START_TEST(test_tok_pg_escape_strings)
{
	mig_toks   *t;

	t = expect_toks(PG, "E'\\'' , e'\\\\', E'it''s' x", "S:E'\\''|,|S:e'\\\\'|,|S:E'it''s'|W:x");
	ck_assert_int_eq(t->n, 6);
	expect_toks(PG, "B'1010' || b'1'", "S:B'1010'|P:|||S:b'1'");
	/* E'...' with a ';' inside stays one string */
	expect_toks(PG, "E'\\';' y", "S:E'\\';'|W:y");
}
END_TEST

START_TEST(test_tok_unterminated)
{
	/* the splitter refuses these before; the tokenizer runs to the end */
	expect_toks_both("a 'bc", "W:a|S:'bc");
	expect_toks_both("a \"bc", "W:a|I:\"bc");
	expect_toks(SQ, "a [bc", "W:a|I:[bc");
}
END_TEST

/* ---- dollar quotes ---- */

START_TEST(test_tok_pg_dollar_quotes)
{
	mig_toks   *t;

	expect_toks(PG, "AS $$ a ; 'b $$ x", "W:AS|S:$$ a ; 'b $$|W:x");
	expect_toks(PG, "$fn$ x $$ y $f$ $fn$;", "S:$fn$ x $$ y $f$ $fn$|;");
	expect_toks(PG, "$_1$a$_1$", "S:$_1$a$_1$");
	/* positional parameters are not dollar quotes */
	expect_toks(PG, "$1 + $2", "P:$|N:1|P:+|P:$|N:2");
	/* a dollar inside a word is part of it */
	t = expect_toks(PG, "a$b$ $$", "W:a$b$|S:$$");
	ck_assert_int_eq(t->n, 2);
	/* unterminated: to the end */
	expect_toks(PG, "$q$ never", "S:$q$ never");
}
END_TEST

START_TEST(test_tok_sqlite_no_dollar_quotes)
{
	/* SQLite's $name is a parameter; $$ is two punctuation tokens */
	expect_toks(SQ, "$$ a $$", "P:$|P:$|W:a|P:$|P:$");
	expect_toks(SQ, "$x", "P:$|W:x");
}
END_TEST

/* ---- numbers ---- */

START_TEST(test_tok_numbers)
{
	expect_toks_both("1 1.5e-3 .5 10. 1E+10 2e5 0x1F",
					 "N:1|N:1.5e-3|N:.5|N:10.|N:1E+10|N:2e5|N:0x1F");
	/* a minus after a digit that is not an exponent is an operator */
	expect_toks_both("3-1", "N:3|P:-|N:1");
	expect_toks_both("-1", "P:-|N:1");
	expect_toks_both("a.b", "W:a|P:.|W:b");
	expect_toks_both("t.5", "W:t|N:.5");
}
END_TEST

/* ---- parentheses ---- */

START_TEST(test_tok_depth)
{
	mig_toks   *t;

	t = expect_toks(SQ, "f(a, (b), c) d", "W:f|(|W:a|,|(|W:b|)|,|W:c|)|W:d");
	ck_assert_str_eq(depths(t), "0 0 1 1 1 2 1 1 1 0 0");
	/* a stray ')' does not go below zero */
	t = expect_toks(PG, ") a ( b", ")|W:a|(|W:b");
	ck_assert_str_eq(depths(t), "0 0 0 1");
	/* parentheses in strings, identifiers and comments do not count */
	t = expect_toks(SQ, "( '(' \"(\" [(] -- (\n /* ( */ x )", "(|S:'('|I:\"(\"|I:[(]|W:x|)");
	ck_assert_str_eq(depths(t), "0 1 1 1 1 0");
}
END_TEST

/* ---- punctuation ---- */

START_TEST(test_tok_two_char_operators)
{
	expect_toks_both("a<=b<>c!=d||e::f>=g==h<<i>>j",
					 "W:a|P:<=|W:b|P:<>|W:c|P:!=|W:d|P:|||W:e|P:::|W:f|P:>=|W:g|P:==|W:h"
					 "|P:<<|W:i|P:>>|W:j");
	expect_toks_both("a<b>c=d", "W:a|P:<|W:b|P:>|W:c|P:=|W:d");
	/* an operator then a sign */
	expect_toks_both("a=-1", "W:a|P:=|P:-|N:1");
	expect_toks_both("a*b/c%d+e-f&g~h", "W:a|P:*|W:b|P:/|W:c|P:%|W:d|P:+|W:e|P:-|W:f|P:&|W:g|P:~|W:h");
	expect_toks_both("a;b,c", "W:a|;|W:b|,|W:c");
	expect_toks(PG, "x::int", "W:x|P:::|W:int");
	expect_toks(PG, "f(a := 1)", "W:f|(|W:a|P::=|N:1|)");
}
END_TEST

/* ---- comments ---- */

START_TEST(test_tok_comments)
{
	expect_toks_both("a -- it's ( \"\nb /* ' ( */ c", "W:a|W:b|W:c");
	expect_toks_both("-- only a comment", "");
	expect_toks_both("/* only */", "");
	expect_toks_both("a /* unterminated", "W:a");
	expect_toks_both("a -- to the end", "W:a");
	expect_toks_both("a/**/b", "W:a|W:b");
	/* a lone - or / is an operator */
	expect_toks_both("a - b / c", "W:a|P:-|W:b|P:/|W:c");
	/* comment markers inside strings and identifiers are text */
	expect_toks_both("'--' \"/*\"", "S:'--'|I:\"/*\"");
}
END_TEST

START_TEST(test_tok_pg_comments_nest)
{
	/* PostgreSQL block comments nest; SQLite's do not */
	expect_toks(PG, "/* a /* b */ c */ d", "W:d");
	expect_toks(SQ, "/* a /* b */ c */ d", "W:c|P:*|P:/|W:d");
}
END_TEST

/* ---- helpers ---- */

START_TEST(test_tok_is)
{
	mig_toks   *t = expect_toks(SQ, "Create \"TABLE\" table 'table' x",
								 "W:Create|I:\"TABLE\"|W:table|S:'table'|W:x");

	ck_assert(mig_tok_is(t, 0, "CREATE"));
	ck_assert(mig_tok_is(t, 0, "create"));
	ck_assert(!mig_tok_is(t, 0, "CREAT"));
	ck_assert(!mig_tok_is(t, 0, "CREATED"));
	/* a quoted identifier or a string is never a keyword */
	ck_assert(!mig_tok_is(t, 1, "TABLE"));
	ck_assert(mig_tok_is(t, 2, "TABLE"));
	ck_assert(!mig_tok_is(t, 3, "TABLE"));
	/* out of range */
	ck_assert(!mig_tok_is(t, -1, "CREATE"));
	ck_assert(!mig_tok_is(t, 5, "x"));
	ck_assert(!mig_tok_is(t, 100, "x"));

	ck_assert(mig_tok_is_name(t, 0));
	ck_assert(mig_tok_is_name(t, 1));
	ck_assert(!mig_tok_is_name(t, 3));
	ck_assert(mig_tok_is_name(t, 4));
	ck_assert(!mig_tok_is_name(t, -1));
	ck_assert(!mig_tok_is_name(t, 5));
}
END_TEST

START_TEST(test_tok_text)
{
	const char *sql = "CHECK ( a > 0 /* keep */ AND  b <> 'x' ) -- tail";
	mig_toks   *t = expect_toks(SQ, sql, "W:CHECK|(|W:a|P:>|N:0|W:AND|W:b|P:<>|S:'x'|)");

	/* as written, comments and spacing between the tokens included */
	ck_assert_str_eq(mig_tok_text(t, 0, 9), "CHECK ( a > 0 /* keep */ AND  b <> 'x' )");
	ck_assert_str_eq(mig_tok_text(t, 2, 6), "a > 0 /* keep */ AND  b");
	ck_assert_str_eq(mig_tok_text(t, 8, 8), "'x'");
	/* to past the end: up to the last token, not the trailing comment */
	ck_assert_str_eq(mig_tok_text(t, 6, 100), "b <> 'x' )");
	/* empty ranges */
	ck_assert_str_eq(mig_tok_text(t, 10, 12), "");
	ck_assert_str_eq(mig_tok_text(t, 5, 4), "");
}
END_TEST

START_TEST(test_toks_mention)
{
	mig_toks   *t = tok(SQ, "CHECK (\"My Col\" > 0 AND [other] <> Qty AND x = 'price' "
						 "AND `a\"\"b` = 1) -- cost");

	ck_assert(mig_toks_mention(t, "My Col"));
	ck_assert(mig_toks_mention(t, "my col"));
	ck_assert(mig_toks_mention(t, "MY COL"));
	ck_assert(mig_toks_mention(t, "other"));
	ck_assert(mig_toks_mention(t, "qty"));
	ck_assert(mig_toks_mention(t, "QTY"));
	ck_assert(mig_toks_mention(t, "a\"\"b"));
	/* strings and comments name nothing; partial names do not count */
	ck_assert(!mig_toks_mention(t, "price"));
	ck_assert(!mig_toks_mention(t, "cost"));
	ck_assert(!mig_toks_mention(t, "My"));
	ck_assert(!mig_toks_mention(t, "qt"));
	ck_assert(!mig_toks_mention(t, "x_"));
	ck_assert(!mig_toks_mention(t, ""));

	t = tok(PG, "a = $$b$$ AND \"C\"\"d\" = 1");
	ck_assert(mig_toks_mention(t, "a"));
	ck_assert(!mig_toks_mention(t, "b"));
	ck_assert(mig_toks_mention(t, "c\"d"));
}
END_TEST

START_TEST(test_name_eq)
{
	ck_assert(mig_name_eq("abc", "ABC"));
	ck_assert(mig_name_eq("", ""));
	ck_assert(!mig_name_eq("abc", "abcd"));
	ck_assert(!mig_name_eq("a b", "a_b"));
}
END_TEST

START_TEST(test_tok_many)
{
	/* the token array grows well past its first allocation */
	mig_buf		b;
	mig_toks   *t;
	int			i;

	mig_buf_init(&b, tctx);
	for (i = 0; i < 1000; i++)
		mig_buf_printf(&b, "%sc%d", i ? ", " : "(", i);
	mig_buf_puts(&b, ")");
	t = tok(PG, b.data);
	ck_assert_int_eq(t->n, 2001);
	ck_assert_int_eq(t->v[2000].kind, MIG_TOK_RPAREN);
	ck_assert_int_eq(t->v[2000].depth, 0);
	ck_assert_int_eq(t->v[1999].depth, 1);
	ck_assert_str_eq(mig_tok_name(t, 1999), "c999");
}
END_TEST

Suite *
sqltok_suite(void)
{
	Suite	   *s = suite_create("sqltok");
	TCase	   *tc;

	tc = tcase_sqlite("words_idents");
	tcase_add_test(tc, test_tok_words);
	tcase_add_test(tc, test_tok_double_quoted);
	tcase_add_test(tc, test_tok_sqlite_brackets_backticks);
	tcase_add_test(tc, test_tok_pg_no_brackets_backticks);
	tcase_add_test(tc, test_tok_name_of_word);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("strings");
	tcase_add_test(tc, test_tok_strings);
	tcase_add_test(tc, test_tok_pg_escape_strings);
	tcase_add_test(tc, test_tok_unterminated);
	suite_add_tcase(s, tc);

	tc = tcase_postgresql("dollar_quotes");
	tcase_add_test(tc, test_tok_pg_dollar_quotes);
	tcase_add_test(tc, test_tok_sqlite_no_dollar_quotes);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("numbers");
	tcase_add_test(tc, test_tok_numbers);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("depth");
	tcase_add_test(tc, test_tok_depth);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("operators");
	tcase_add_test(tc, test_tok_two_char_operators);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("comments");
	tcase_add_test(tc, test_tok_comments);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("helpers");
	tcase_add_test(tc, test_tok_is);
	tcase_add_test(tc, test_tok_text);
	tcase_add_test(tc, test_toks_mention);
	tcase_add_test(tc, test_name_eq);
	tcase_add_test(tc, test_tok_many);
	suite_add_tcase(s, tc);

	tc = tcase_postgresql("regressions");
	tcase_add_test(tc, test_tok_pg_comments_nest);
	suite_add_tcase(s, tc);
	return s;
}

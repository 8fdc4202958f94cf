/*
 * check_split.c -- the statement splitter in both dialects: quotes,
 * comments, dollar quotes, trigger and BEGIN ATOMIC bodies, dropped
 * comment-only statements, line numbers and errors that name the line.
 */
#include <stdarg.h>
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

static mig_stmt *
split_ok(mig_engine d, const char *text, int first_line, int *n)
{
	mig_stmt   *out = NULL;
	int			rc;

	*n = -1;
	rc = mig_split(tctx, d, text, strlen(text), first_line, &out, n);
	ck_assert_msg(rc == MIG_OK, "mig_split(%s) failed: %s\n--- text:\n%s",
				  dname(d), terr(), text);
	ck_assert_msg(*n >= 0, "mig_split(%s) set no count", dname(d));
	return out;
}

/* The text splits into exactly the statements given (compared with
 * surrounding white space trimmed; none may keep its ';'). */
static void
expect_split(mig_engine d, const char *text, int nexp,...)
{
	va_list		ap;
	int			n,
				i;
	mig_stmt   *s = split_ok(d, text, 1, &n);

	ck_assert_msg(n == nexp, "%s: %d statements, want %d\n--- text:\n%s\n--- first:\n%s",
				  dname(d), n, nexp, text, n > 0 ? s[0].sql : "(none)");
	va_start(ap, nexp);
	for (i = 0; i < nexp; i++)
	{
		const char *want = va_arg(ap, const char *);
		char	   *got = trimmed(s[i].sql);

		ck_assert_msg(strcmp(got, want) == 0,
					  "%s: statement %d is [%s], want [%s]", dname(d), i + 1, got, want);
	}
	va_end(ap);
}

/* Splitting fails and the error names "line <line>". */
static void
expect_error(mig_engine d, const char *text, int first_line, int line)
{
	mig_stmt   *out = NULL;
	int			n = 0;
	char		want[32];
	int			rc;

	reset_ctx();
	rc = mig_split(tctx, d, text, strlen(text), first_line, &out, &n);

	ck_assert_msg(rc == MIG_ERROR, "%s: mig_split accepted:\n%s", dname(d), text);
	snprintf(want, sizeof(want), "line %d", line);
	ck_assert_msg(has(mig_ctx_error(tctx), want),
				  "%s: error does not name %s: %s", dname(d), want, terr());
}

/* ---- basics ---- */

START_TEST(test_split_basic)
{
	expect_split(SQ, "SELECT 1; SELECT 2;", 2, "SELECT 1", "SELECT 2");
	expect_split(PG, "SELECT 1; SELECT 2;", 2, "SELECT 1", "SELECT 2");
	expect_split(SQ, "CREATE TABLE t (a INTEGER,\n  b TEXT);\nINSERT INTO t VALUES (1, 'x');\n",
				 2, "CREATE TABLE t (a INTEGER,\n  b TEXT)", "INSERT INTO t VALUES (1, 'x')");
}
END_TEST

/* Words that are names, not the start or end of a body: "begin, atomic"
 * in a select list, new.begin and "AS end" in a trigger. */
START_TEST(test_split_body_words_as_names)
{
	expect_split(PG, "SELECT begin, atomic FROM b; SELECT 2;", 2,
				 "SELECT begin, atomic FROM b", "SELECT 2");
	expect_split(PG, "CREATE VIEW v AS SELECT 1 AS end; SELECT 2;", 2,
				 "CREATE VIEW v AS SELECT 1 AS end", "SELECT 2");
	expect_split(SQ, "CREATE TRIGGER g AFTER INSERT ON t WHEN new.begin BEGIN SELECT 1; END;\n"
				 "ATTACH 'x' AS y;", 2,
				 "CREATE TRIGGER g AFTER INSERT ON t WHEN new.begin BEGIN SELECT 1; END",
				 "ATTACH 'x' AS y");
	expect_split(SQ, "CREATE TRIGGER g AFTER INSERT ON t BEGIN SELECT 1 AS end; END; SELECT 2;", 2,
				 "CREATE TRIGGER g AFTER INSERT ON t BEGIN SELECT 1 AS end; END", "SELECT 2");
}
END_TEST

START_TEST(test_split_missing_final_semicolon)
{
	expect_split(SQ, "SELECT 1;\nSELECT 2", 2, "SELECT 1", "SELECT 2");
	expect_split(PG, "SELECT 1;\nSELECT 2\n\n", 2, "SELECT 1", "SELECT 2");
	expect_split(SQ, "SELECT 1", 1, "SELECT 1");
}
END_TEST

START_TEST(test_split_comment_only_dropped)
{
	expect_split(SQ, "-- only a comment\n;\n/* block */;\nSELECT 1;\n-- trailing comment\n",
				 1, "SELECT 1");
	expect_split(PG, "-- only a comment\n;\n/* block /* nested */ */;\nSELECT 1;\n-- trailing\n",
				 1, "SELECT 1");
}
END_TEST

START_TEST(test_split_empty_statements_dropped)
{
	expect_split(SQ, ";;SELECT 1;;\n;", 1, "SELECT 1");
	expect_split(PG, "SELECT 1;\n ; ;", 1, "SELECT 1");
}
END_TEST

START_TEST(test_split_nothing)
{
	int			n;

	split_ok(SQ, "", 1, &n);
	ck_assert_int_eq(n, 0);
	split_ok(PG, "  \n-- nothing here\n/* nor here */\n", 1, &n);
	ck_assert_int_eq(n, 0);
}
END_TEST

/* ---- quotes ---- */

START_TEST(test_split_single_quotes)
{
	expect_split(SQ, "INSERT INTO t VALUES ('a;b', 'it''s;');\nSELECT ';';", 2,
				 "INSERT INTO t VALUES ('a;b', 'it''s;')", "SELECT ';'");
	expect_split(PG, "INSERT INTO t VALUES ('a;b', 'it''s;');\nSELECT ';';", 2,
				 "INSERT INTO t VALUES ('a;b', 'it''s;')", "SELECT ';'");
	expect_split(SQ, "SELECT '--;', '/*;'; SELECT 2;", 2, "SELECT '--;', '/*;'", "SELECT 2");
	expect_split(PG, "SELECT '--;', '/*;'; SELECT 2;", 2, "SELECT '--;', '/*;'", "SELECT 2");
}
END_TEST

START_TEST(test_split_double_quotes)
{
	expect_split(SQ, "CREATE TABLE \"a;b\" (\"c\"\"d;\" INTEGER); SELECT 1;", 2,
				 "CREATE TABLE \"a;b\" (\"c\"\"d;\" INTEGER)", "SELECT 1");
	expect_split(PG, "CREATE TABLE \"a;b\" (\"c\"\"d;\" INTEGER); SELECT 1;", 2,
				 "CREATE TABLE \"a;b\" (\"c\"\"d;\" INTEGER)", "SELECT 1");
	expect_split(PG, "SELECT \"--\", \"/*\" FROM t; SELECT 2;", 2,
				 "SELECT \"--\", \"/*\" FROM t", "SELECT 2");
}
END_TEST

START_TEST(test_split_backslash_in_standard_string)
{
	/* standard_conforming_strings: a backslash does not escape in '..' */
	expect_split(PG, "SELECT 'a\\'; SELECT 2;", 2, "SELECT 'a\\'", "SELECT 2");
	expect_split(SQ, "SELECT 'a\\'; SELECT 2;", 2, "SELECT 'a\\'", "SELECT 2");
}
END_TEST

START_TEST(test_split_pg_escape_string)
{
	expect_split(PG, "SELECT E'a\\';b'; SELECT 2;", 2, "SELECT E'a\\';b'", "SELECT 2");
	expect_split(PG, "SELECT e'x\\'y;'; SELECT 2;", 2, "SELECT e'x\\'y;'", "SELECT 2");
	/* E'\\' is one backslash; the quote after it closes the string */
	expect_split(PG, "SELECT E'\\\\'; SELECT 2;", 2, "SELECT E'\\\\'", "SELECT 2");
	/* a doubled quote still works inside E'' */
	expect_split(PG, "SELECT E'it''s;'; SELECT 2;", 2, "SELECT E'it''s;'", "SELECT 2");
}
END_TEST

START_TEST(test_split_sqlite_brackets_backticks)
{
	expect_split(SQ, "SELECT [a;b] FROM `c;d`; SELECT 2;", 2,
				 "SELECT [a;b] FROM `c;d`", "SELECT 2");
	expect_split(SQ, "CREATE TABLE `x``;` ([--not a comment] INTEGER); SELECT 3;", 2,
				 "CREATE TABLE `x``;` ([--not a comment] INTEGER)", "SELECT 3");
}
END_TEST

/* ---- comments ---- */

START_TEST(test_split_line_comments)
{
	expect_split(SQ, "SELECT 1 -- not ; here\n, 2; SELECT 3;", 2,
				 "SELECT 1 -- not ; here\n, 2", "SELECT 3");
	expect_split(PG, "SELECT 1 -- not ' here\n, 2; SELECT 3;", 2,
				 "SELECT 1 -- not ' here\n, 2", "SELECT 3");
}
END_TEST

START_TEST(test_split_block_comments)
{
	expect_split(SQ, "SELECT 1 /* ; ' */ + 1; SELECT 2;", 2, "SELECT 1 /* ; ' */ + 1", "SELECT 2");
	expect_split(PG, "SELECT 1 /* ; ' */ + 1; SELECT 2;", 2, "SELECT 1 /* ; ' */ + 1", "SELECT 2");
}
END_TEST

START_TEST(test_split_pg_comments_nest)
{
	expect_split(PG, "SELECT 1 /* a /* b */ ; */ + 1; SELECT 2;", 2,
				 "SELECT 1 /* a /* b */ ; */ + 1", "SELECT 2");
	/* SQLite comments do not nest: the first star-slash closes */
	expect_split(SQ, "SELECT 1 /* a /* b */ ; SELECT 2;", 2,
				 "SELECT 1 /* a /* b */", "SELECT 2");
}
END_TEST

/* ---- PostgreSQL dollar quotes ---- */

START_TEST(test_split_pg_dollar_quotes)
{
	expect_split(PG,
				 "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; SELECT 2; $$ LANGUAGE sql; SELECT 3;", 2,
				 "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; SELECT 2; $$ LANGUAGE sql", "SELECT 3");
	expect_split(PG,
				 "DO $body$ BEGIN PERFORM 1; RAISE NOTICE '$$;'; END $body$; SELECT 3;", 2,
				 "DO $body$ BEGIN PERFORM 1; RAISE NOTICE '$$;'; END $body$", "SELECT 3");
	expect_split(PG, "SELECT $a$ x $b$ ; $b$ ; $A$ ; $a$; SELECT 4;", 2,
				 "SELECT $a$ x $b$ ; $b$ ; $A$ ; $a$", "SELECT 4");
	expect_split(PG, "SELECT $_1$;'$_1$; SELECT 5;", 2, "SELECT $_1$;'$_1$", "SELECT 5");
}
END_TEST

START_TEST(test_split_pg_positional_params)
{
	expect_split(PG, "PREPARE q(int) AS SELECT $1; SELECT $1 + $2; SELECT 3;", 3,
				 "PREPARE q(int) AS SELECT $1", "SELECT $1 + $2", "SELECT 3");
	expect_split(PG, "SELECT $1;SELECT $12$;", 2, "SELECT $1", "SELECT $12$");
}
END_TEST

START_TEST(test_split_pg_dollar_in_identifier)
{
	/* $ may continue an identifier; it starts no quote there */
	expect_split(PG, "SELECT a$b, c$$ FROM t; SELECT 2;", 2,
				 "SELECT a$b, c$$ FROM t", "SELECT 2");
}
END_TEST

/* ---- SQLite triggers ---- */

START_TEST(test_split_sqlite_trigger)
{
	expect_split(SQ,
				 "CREATE TRIGGER trg AFTER INSERT ON t BEGIN\n"
				 "  UPDATE u SET n = n + 1;\n"
				 "  DELETE FROM v WHERE id = new.id;\n"
				 "END;\n"
				 "SELECT 1;", 2,
				 "CREATE TRIGGER trg AFTER INSERT ON t BEGIN\n"
				 "  UPDATE u SET n = n + 1;\n"
				 "  DELETE FROM v WHERE id = new.id;\n"
				 "END",
				 "SELECT 1");
	expect_split(SQ, "create trigger x after insert on t begin select 1; end; select 2;", 2,
				 "create trigger x after insert on t begin select 1; end", "select 2");
	/* words that merely start with BEGIN / END */
	expect_split(SQ,
				 "CREATE TRIGGER trg AFTER INSERT ON t BEGIN UPDATE t SET end_at = 1, begin_at = 2; END; SELECT 1;", 2,
				 "CREATE TRIGGER trg AFTER INSERT ON t BEGIN UPDATE t SET end_at = 1, begin_at = 2; END",
				 "SELECT 1");
}
END_TEST

START_TEST(test_split_sqlite_trigger_case)
{
	expect_split(SQ,
				 "CREATE TRIGGER trg BEFORE UPDATE ON t FOR EACH ROW BEGIN\n"
				 " UPDATE u SET s = CASE WHEN new.a > 0 THEN 'pos' ELSE 'neg' END;\n"
				 " SELECT CASE new.b WHEN 1 THEN RAISE(ABORT, 'no; way') END;\n"
				 "END;\n"
				 "SELECT 2;", 2,
				 "CREATE TRIGGER trg BEFORE UPDATE ON t FOR EACH ROW BEGIN\n"
				 " UPDATE u SET s = CASE WHEN new.a > 0 THEN 'pos' ELSE 'neg' END;\n"
				 " SELECT CASE new.b WHEN 1 THEN RAISE(ABORT, 'no; way') END;\n"
				 "END",
				 "SELECT 2");
	expect_split(SQ,
				 "CREATE TRIGGER trg AFTER UPDATE ON t WHEN CASE WHEN new.a THEN 1 END BEGIN SELECT 1; END; SELECT 2;", 2,
				 "CREATE TRIGGER trg AFTER UPDATE ON t WHEN CASE WHEN new.a THEN 1 END BEGIN SELECT 1; END",
				 "SELECT 2");
}
END_TEST

START_TEST(test_split_sqlite_temp_trigger)
{
	expect_split(SQ,
				 "CREATE TEMP TRIGGER IF NOT EXISTS a AFTER DELETE ON t BEGIN DELETE FROM u; END;\n"
				 "CREATE TEMPORARY TRIGGER b AFTER DELETE ON t BEGIN DELETE FROM v; DELETE FROM w; END;\n"
				 "SELECT 3;", 3,
				 "CREATE TEMP TRIGGER IF NOT EXISTS a AFTER DELETE ON t BEGIN DELETE FROM u; END",
				 "CREATE TEMPORARY TRIGGER b AFTER DELETE ON t BEGIN DELETE FROM v; DELETE FROM w; END",
				 "SELECT 3");
}
END_TEST

START_TEST(test_split_sqlite_plain_begin)
{
	/* outside CREATE TRIGGER, BEGIN is a statement of its own */
	expect_split(SQ, "BEGIN; SELECT 1; COMMIT;", 3, "BEGIN", "SELECT 1", "COMMIT");
	expect_split(SQ, "BEGIN TRANSACTION; SELECT 1; END;", 3, "BEGIN TRANSACTION", "SELECT 1", "END");
}
END_TEST

/* ---- PostgreSQL BEGIN ATOMIC ---- */

START_TEST(test_split_pg_begin_atomic)
{
	expect_split(PG,
				 "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql\n"
				 "BEGIN ATOMIC\n"
				 "  SELECT a + 1;\n"
				 "  SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END;\n"
				 "END;\n"
				 "SELECT 2;", 2,
				 "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql\n"
				 "BEGIN ATOMIC\n"
				 "  SELECT a + 1;\n"
				 "  SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END;\n"
				 "END",
				 "SELECT 2");
	expect_split(PG,
				 "CREATE OR REPLACE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); END; SELECT 1;", 2,
				 "CREATE OR REPLACE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); END",
				 "SELECT 1");
}
END_TEST

START_TEST(test_split_pg_plain_begin_and_trigger)
{
	expect_split(PG, "BEGIN; SELECT 1; END;", 3, "BEGIN", "SELECT 1", "END");
	/* a PostgreSQL trigger has no body of its own */
	expect_split(PG,
				 "CREATE TRIGGER trg AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f(); SELECT 1;", 2,
				 "CREATE TRIGGER trg AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()", "SELECT 1");
}
END_TEST

START_TEST(test_split_pg_rule_parenthesised_actions)
{
	/* psql does not end a statement at a ';' inside parentheses:
	 * CREATE RULE ... DO ALSO (cmd; cmd) is one statement */
	expect_split(PG,
				 "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2)); SELECT 1;", 2,
				 "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2))",
				 "SELECT 1");
}
END_TEST

START_TEST(test_split_respects_len)
{
	int			n;
	const char *text = "SELECT 1; SELECT 2; SELECT 'never closed";
	mig_stmt   *s = NULL;

	/* the whole text fails; the first 9 / 18 bytes do not */
	ck_assert_int_eq(mig_split(tctx, SQ, text, strlen(text), 1, &s, &n), MIG_ERROR);
	reset_ctx();
	n = -1;
	ck_assert_int_eq(mig_split(tctx, SQ, text, 9, 1, &s, &n), MIG_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(trimmed(s[0].sql), "SELECT 1");
	ck_assert_int_eq(mig_split(tctx, PG, text, 18, 1, &s, &n), MIG_OK);
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(trimmed(s[1].sql), "SELECT 2");
}
END_TEST

START_TEST(test_stmt_keyword)
{
	ck_assert_str_eq(mig_stmt_keyword(tctx, "  select 1", 0), "SELECT");
	ck_assert_str_eq(mig_stmt_keyword(tctx, "/* c */ -- x\n  begin transaction", 0), "BEGIN");
	ck_assert_str_eq(mig_stmt_keyword(tctx, "/* c */ -- x\n  begin transaction", 1), "TRANSACTION");
	ck_assert_str_eq(mig_stmt_keyword(tctx, "CREATE UNIQUE INDEX CONCURRENTLY i ON t (a)", 3),
					 "CONCURRENTLY");
	ck_assert_str_eq(mig_stmt_keyword(tctx, "(SELECT 1)", 0), "");
	ck_assert_str_eq(mig_stmt_keyword(tctx, "", 0), "");
	ck_assert_str_eq(mig_stmt_keyword(tctx, "END", 1), "");
}
END_TEST

/* ---- line numbers ---- */

START_TEST(test_split_line_numbers)
{
	const char *text =
		"\n"					/* 10 */
		"\n"					/* 11 */
		"SELECT 1;\n"			/* 12 */
		"  SELECT\n"			/* 13 */
		"    2;  SELECT 3;\n"	/* 14 */
		"/* c\n"				/* 15 */
		" */ SELECT 4;\n"		/* 16 */
		"SELECT 'x\n"			/* 17 */
		"y';\n"					/* 18 */
		"-- a comment\n"		/* 19 */
		"SELECT 5;";			/* 20 */
	static const int want[] = {12, 13, 14, 16, 17, 20};
	int			n,
				i;
	mig_stmt   *s = split_ok(SQ, text, 10, &n);

	ck_assert_int_eq(n, 6);
	for (i = 0; i < n; i++)
		ck_assert_msg(s[i].line == want[i], "statement %d [%s] on line %d, want %d",
					  i + 1, s[i].sql, s[i].line, want[i]);
	s = split_ok(PG, text, 10, &n);
	ck_assert_int_eq(n, 6);
	for (i = 0; i < n; i++)
		ck_assert_msg(s[i].line == want[i], "pg statement %d [%s] on line %d, want %d",
					  i + 1, s[i].sql, s[i].line, want[i]);
	ck_assert(has(s[5].sql, "SELECT 5"));
}
END_TEST

START_TEST(test_split_line_numbers_crlf)
{
	int			n;
	mig_stmt   *s = split_ok(SQ, "SELECT 1;\r\nSELECT 2;\r\n\r\nSELECT 3;\rSELECT 4;\r\n", 1, &n);

	ck_assert_int_eq(n, 4);
	ck_assert_int_eq(s[0].line, 1);
	ck_assert_int_eq(s[1].line, 2);
	ck_assert_int_eq(s[2].line, 4);
	ck_assert_int_eq(s[3].line, 5);
	ck_assert_str_eq(trimmed(s[2].sql), "SELECT 3");
}
END_TEST

START_TEST(test_split_line_numbers_in_bodies)
{
	int			n;
	mig_stmt   *s = split_ok(SQ,
							 "SELECT 0;\n"
							 "CREATE TRIGGER trg AFTER INSERT ON t BEGIN\n"
							 "  SELECT 1;\n"
							 "END;\n"
							 "SELECT 2;", 1, &n);

	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(s[1].line, 2);
	ck_assert_int_eq(s[2].line, 5);
	s = split_ok(PG,
				 "SELECT 0;\n"
				 "DO $$\n"
				 "BEGIN\n"
				 "END $$;\n"
				 "SELECT 2;", 7, &n);
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(s[1].line, 8);
	ck_assert_int_eq(s[2].line, 11);
}
END_TEST

/* ---- errors ---- */

START_TEST(test_split_error_unterminated_quote)
{
	expect_error(SQ, "SELECT 1;\nSELECT 'abc;\nmore\n", 10, 11);
	expect_error(PG, "SELECT 1;\nSELECT 'abc;\nmore\n", 10, 11);
}
END_TEST

START_TEST(test_split_error_unterminated_identifier)
{
	expect_error(SQ, "SELECT 1;\n\nSELECT \"abc;\n", 1, 3);
	expect_error(PG, "SELECT 1;\n\nSELECT \"abc;\n", 1, 3);
	expect_error(SQ, "SELECT [abc;\n", 4, 4);
	expect_error(SQ, "\nSELECT `abc;\n", 4, 5);
}
END_TEST

START_TEST(test_split_error_unterminated_comment)
{
	expect_error(SQ, "SELECT 1;\n/* never\nclosed;\n", 1, 2);
	expect_error(PG, "SELECT 1;\n/* never\nclosed;\n", 1, 2);
	/* nested on PostgreSQL: one level is still open */
	expect_error(PG, "SELECT 1;\n/* a /* b */ SELECT 2;\n", 1, 2);
}
END_TEST

START_TEST(test_split_sqlite_comments_do_not_nest_at_end)
{
	expect_split(SQ, "/* a /* b */ SELECT 2;", 1, "SELECT 2");
}
END_TEST

START_TEST(test_split_error_unterminated_dollar)
{
	expect_error(PG, "SELECT 1;\nDO $$ BEGIN PERFORM 1; END;\n", 20, 21);
	expect_error(PG, "SELECT 1;\nDO $fn$ BEGIN PERFORM 1; END $$;\n", 20, 21);
	expect_error(PG, "SELECT E'abc\\';\n", 3, 3);
}
END_TEST

START_TEST(test_split_error_unterminated_trigger)
{
	expect_error(SQ, "SELECT 0;\nCREATE TRIGGER trg AFTER INSERT ON t BEGIN SELECT 1;", 1, 2);
}
END_TEST

Suite *
split_suite(void)
{
	Suite	   *s = suite_create("split");
	TCase	   *tc;

	tc = tcase_sqlite("basic");
	tcase_add_test(tc, test_split_basic);
	tcase_add_test(tc, test_split_body_words_as_names);
	tcase_add_test(tc, test_split_missing_final_semicolon);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("comment_only_dropped");
	tcase_add_test(tc, test_split_comment_only_dropped);
	tcase_add_test(tc, test_split_empty_statements_dropped);
	tcase_add_test(tc, test_split_nothing);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("quotes");
	tcase_add_test(tc, test_split_single_quotes);
	tcase_add_test(tc, test_split_double_quotes);
	tcase_add_test(tc, test_split_backslash_in_standard_string);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("pg_escape_string");
	tcase_add_test(tc, test_split_pg_escape_string);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("sqlite_brackets_backticks");
	tcase_add_test(tc, test_split_sqlite_brackets_backticks);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("comments");
	tcase_add_test(tc, test_split_line_comments);
	tcase_add_test(tc, test_split_block_comments);
	tcase_add_test(tc, test_split_sqlite_comments_do_not_nest_at_end);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("pg_comments_nest");
	tcase_add_test(tc, test_split_pg_comments_nest);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("pg_dollar_quotes");
	tcase_add_test(tc, test_split_pg_dollar_quotes);
	tcase_add_test(tc, test_split_pg_positional_params);
	tcase_add_test(tc, test_split_pg_dollar_in_identifier);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("sqlite_trigger");
	tcase_add_test(tc, test_split_sqlite_trigger);
	tcase_add_test(tc, test_split_sqlite_trigger_case);
	tcase_add_test(tc, test_split_sqlite_temp_trigger);
	tcase_add_test(tc, test_split_sqlite_plain_begin);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("pg_begin_atomic");
	tcase_add_test(tc, test_split_pg_begin_atomic);
	tcase_add_test(tc, test_split_pg_plain_begin_and_trigger);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("pg_parentheses");
	tcase_add_test(tc, test_split_pg_rule_parenthesised_actions);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("bounds_and_keywords");
	tcase_add_test(tc, test_split_respects_len);
	tcase_add_test(tc, test_stmt_keyword);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("line_numbers");
	tcase_add_test(tc, test_split_line_numbers);
	tcase_add_test(tc, test_split_line_numbers_crlf);
	tcase_add_test(tc, test_split_line_numbers_in_bodies);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("errors");
	tcase_add_test(tc, test_split_error_unterminated_quote);
	tcase_add_test(tc, test_split_error_unterminated_identifier);
	tcase_add_test(tc, test_split_error_unterminated_comment);
	tcase_add_test(tc, test_split_error_unterminated_dollar);
	tcase_add_test(tc, test_split_error_unterminated_trigger);
	suite_add_tcase(s, tc);
	return s;
}

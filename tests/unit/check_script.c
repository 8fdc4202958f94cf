/*
 * check_script.c -- the script format of SPEC section 2: header keys,
 * sections per engine, validation errors that name the line, and the
 * statements each engine runs.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "unit_util.h"

#define SQ MIG_ENGINE_SQLITE
#define PG MIG_ENGINE_POSTGRESQL

static mig_script *
parse_ok(const char *text)
{
	mig_script *s = mig_alloc(tctx, sizeof(mig_script));
	int			rc = mig_script_parse(tctx, text, s);

	ck_assert_msg(rc == MIG_OK, "mig_script_parse failed: %s\n--- script:\n%s", terr(), text);
	return s;
}

/* Parsing fails; the error names "line <line>" (if line > 0) and
 * contains needle (if not NULL). */
static void
parse_err(const char *text, int line, const char *needle)
{
	mig_script	s;
	char		want[32];
	int			rc;

	reset_ctx();
	memset(&s, 0, sizeof(s));
	rc = mig_script_parse(tctx, text, &s);
	ck_assert_msg(rc == MIG_ERROR, "mig_script_parse accepted:\n%s", text);
	if (line > 0)
	{
		snprintf(want, sizeof(want), "line %d", line);
		ck_assert_msg(has(mig_ctx_error(tctx), want),
					  "error does not name %s: %s\n--- script:\n%s", want, terr(), text);
	}
	if (needle)
		ck_assert_msg(has(mig_ctx_error(tctx), needle),
					  "error does not mention '%s': %s\n--- script:\n%s", needle, terr(), text);
}

static mig_stmt *
stmts(const mig_script *s, int upgrade, mig_engine e, int *n)
{
	mig_stmt   *out = NULL;
	int			rc = mig_script_statements(tctx, s, upgrade, e, &out, n);

	ck_assert_msg(rc == MIG_OK, "mig_script_statements failed: %s", terr());
	return out;
}

static void
expect_stmt(const mig_stmt *st, int i, const char *sql, int line)
{
	char	   *got = trimmed(st[i].sql);

	ck_assert_msg(strcmp(got, sql) == 0, "statement %d is [%s], want [%s]", i + 1, got, sql);
	ck_assert_msg(st[i].line == line, "statement %d [%s] on line %d, want %d",
				  i + 1, got, st[i].line, line);
}

static const char spec_example[] =
	"-- mig:revision ee82dd99bfc0\n"	/* 1 */
	"-- mig:down_revision 3f5c2a1b9d04\n"	/* 2 */
	"-- mig:message add storage url fields\n"	/* 3 */
	"-- mig:branch_labels catalog\n"	/* 4 */
	"-- mig:depends_on 1a2b3c4d5e6f\n"	/* 5 */
	"\n"						/* 6 */
	"-- mig:upgrade\n"			/* 7 */
	"ALTER TABLE storage_location ADD COLUMN url_scheme TEXT;\n"	/* 8 */
	"UPDATE storage_location SET url_scheme = 'https';\n"	/* 9 */
	"ALTER TABLE storage_location ALTER COLUMN url_scheme SET NOT NULL;\n"	/* 10 */
	"\n"						/* 11 */
	"-- mig:downgrade\n"		/* 12 */
	"ALTER TABLE storage_location DROP COLUMN url_scheme;\n";	/* 13 */

/* ---- the header ---- */

START_TEST(test_script_spec_example)
{
	mig_script *s = parse_ok(spec_example);
	mig_stmt   *st;
	int			n;

	ck_assert_str_eq(s->revision, "ee82dd99bfc0");
	ck_assert_int_eq(s->ndown, 1);
	ck_assert_str_eq(s->down[0], "3f5c2a1b9d04");
	ck_assert_ptr_nonnull(s->message);
	ck_assert_str_eq(s->message, "add storage url fields");
	ck_assert_int_eq(s->nlabels, 1);
	ck_assert_str_eq(s->labels[0], "catalog");
	ck_assert_int_eq(s->ndepends, 1);
	ck_assert_str_eq(s->depends[0], "1a2b3c4d5e6f");
	ck_assert_int_eq(s->has_downgrade, 1);
	ck_assert_int_eq(s->nsections, 2);
	ck_assert_int_eq(s->sections[0].upgrade, 1);
	ck_assert_int_eq(s->sections[0].engine, MIG_SECTION_ANY);
	ck_assert_int_eq(s->sections[0].line, 8);
	ck_assert_int_eq(s->sections[1].upgrade, 0);
	ck_assert_int_eq(s->sections[1].engine, MIG_SECTION_ANY);
	ck_assert_int_eq(s->sections[1].line, 13);

	st = stmts(s, 1, SQ, &n);
	ck_assert_int_eq(n, 3);
	expect_stmt(st, 0, "ALTER TABLE storage_location ADD COLUMN url_scheme TEXT", 8);
	expect_stmt(st, 1, "UPDATE storage_location SET url_scheme = 'https'", 9);
	expect_stmt(st, 2, "ALTER TABLE storage_location ALTER COLUMN url_scheme SET NOT NULL", 10);
	st = stmts(s, 0, PG, &n);
	ck_assert_int_eq(n, 1);
	expect_stmt(st, 0, "ALTER TABLE storage_location DROP COLUMN url_scheme", 13);
}
END_TEST

START_TEST(test_script_minimal_base)
{
	mig_script *s = parse_ok("-- mig:revision a1\n-- mig:upgrade\nCREATE TABLE t (a INTEGER);\n");

	ck_assert_str_eq(s->revision, "a1");
	ck_assert_int_eq(s->ndown, 0);
	ck_assert_int_eq(s->nlabels, 0);
	ck_assert_int_eq(s->ndepends, 0);
	ck_assert_ptr_null(s->message);
	ck_assert_int_eq(s->has_downgrade, 0);
}
END_TEST

START_TEST(test_script_down_none_is_base)
{
	mig_script *s = parse_ok("-- mig:revision a1\n-- mig:down_revision none\n-- mig:upgrade\n");

	ck_assert_int_eq(s->ndown, 0);
}
END_TEST

START_TEST(test_script_merge_and_lists)
{
	mig_script *s = parse_ok("-- mig:revision m1\n"
							 "-- mig:down_revision aaa, bbb ,ccc\n"
							 "-- mig:branch_labels x, y\n"
							 "-- mig:depends_on d1,d2\n"
							 "-- mig:message merge a, b and c\n"
							 "-- mig:upgrade\n");

	ck_assert_int_eq(s->ndown, 3);
	ck_assert_str_eq(s->down[0], "aaa");
	ck_assert_str_eq(s->down[1], "bbb");
	ck_assert_str_eq(s->down[2], "ccc");
	ck_assert_int_eq(s->nlabels, 2);
	ck_assert_str_eq(s->labels[0], "x");
	ck_assert_str_eq(s->labels[1], "y");
	ck_assert_int_eq(s->ndepends, 2);
	ck_assert_str_eq(s->depends[0], "d1");
	ck_assert_str_eq(s->depends[1], "d2");
	ck_assert_str_eq(s->message, "merge a, b and c");
}
END_TEST

START_TEST(test_script_plain_comments_in_header)
{
	mig_script *s = parse_ok("-- Catalog history, revision 1.\n"
							 "\n"
							 "-- mig:revision a1\n"
							 "-- not a header key\n"
							 "-- mig:message first\n"
							 "\n"
							 "-- mig:upgrade\n"
							 "SELECT 1;\n");

	ck_assert_str_eq(s->revision, "a1");
	ck_assert_str_eq(s->message, "first");
}
END_TEST

START_TEST(test_script_block_comment_in_header)
{
	/* a comment is not SQL, whatever its form */
	mig_script *s = parse_ok("/* Catalog history,\n   revision 1. */\n"
							 "-- mig:revision a1\n"
							 "-- mig:upgrade\n"
							 "SELECT 1;\n");

	ck_assert_str_eq(s->revision, "a1");
}
END_TEST

START_TEST(test_script_cr_only)
{
	/* mig_checksum reads CR as a line end; the parser should agree */
	mig_script *s = parse_ok("-- mig:revision a1\r-- mig:message old mac\r\r-- mig:upgrade\rSELECT 1;\rSELECT 2;\r");
	mig_stmt   *st;
	int			n;

	ck_assert_str_eq(s->revision, "a1");
	ck_assert_str_eq(s->message, "old mac");
	st = stmts(s, 1, SQ, &n);
	ck_assert_int_eq(n, 2);
	expect_stmt(st, 0, "SELECT 1", 5);
	expect_stmt(st, 1, "SELECT 2", 6);
}
END_TEST

START_TEST(test_script_crlf)
{
	const char *text = "-- mig:revision a1\r\n"
		"-- mig:down_revision b2, c3\r\n"
		"-- mig:message crlf text\r\n"
		"\r\n"
		"-- mig:upgrade\r\n"
		"SELECT 1;\r\n"
		"SELECT 2;\r\n"
		"-- mig:downgrade sqlite\r\n"
		"SELECT 3;\r\n";
	mig_script *s = parse_ok(text);
	mig_stmt   *st;
	int			n;

	ck_assert_str_eq(s->revision, "a1");
	ck_assert_int_eq(s->ndown, 2);
	ck_assert_str_eq(s->down[0], "b2");
	ck_assert_str_eq(s->down[1], "c3");
	ck_assert_str_eq(s->message, "crlf text");
	ck_assert_int_eq(s->nsections, 2);
	ck_assert_int_eq(s->sections[1].engine, MIG_ENGINE_SQLITE);
	st = stmts(s, 1, SQ, &n);
	ck_assert_int_eq(n, 2);
	expect_stmt(st, 0, "SELECT 1", 6);
	expect_stmt(st, 1, "SELECT 2", 7);
	st = stmts(s, 0, SQ, &n);
	ck_assert_int_eq(n, 1);
	expect_stmt(st, 0, "SELECT 3", 9);
}
END_TEST

/* ---- header errors ---- */

START_TEST(test_script_err_unknown_key)
{
	parse_err("-- mig:revision a1\n-- mig:colour blue\n-- mig:upgrade\n", 2, "colour");
}
END_TEST

START_TEST(test_script_err_duplicate_key)
{
	parse_err("-- mig:revision a1\n-- mig:message x\n-- mig:message y\n-- mig:upgrade\n", 3, "message");
	parse_err("-- mig:revision a1\n-- mig:revision a2\n-- mig:upgrade\n", 2, NULL);
	parse_err("-- mig:revision a1\n-- mig:down_revision none\n\n-- mig:down_revision b1\n-- mig:upgrade\n", 4, NULL);
}
END_TEST

START_TEST(test_script_err_missing_revision)
{
	parse_err("-- mig:message x\n-- mig:upgrade\nSELECT 1;\n", 0, "revision");
}
END_TEST

START_TEST(test_script_err_missing_revision_names_line)
{
	/* SPEC: a missing revision is an error that names the line */
	parse_err("-- mig:message x\n-- mig:upgrade\nSELECT 1;\n", 0, "line");
}
END_TEST

START_TEST(test_script_err_missing_upgrade)
{
	parse_err("-- mig:revision a1\n-- mig:downgrade\nSELECT 1;\n", 0, "upgrade");
	parse_err("-- mig:revision a1\n", 0, "upgrade");
	/* an engine-limited upgrade alone is still an upgrade section */
	parse_ok("-- mig:revision a1\n-- mig:upgrade sqlite\nSELECT 1;\n");
}
END_TEST

START_TEST(test_script_err_missing_upgrade_names_line)
{
	parse_err("-- mig:revision a1\n-- mig:downgrade\nSELECT 1;\n", 0, "line");
}
END_TEST

START_TEST(test_script_err_invalid_revision)
{
	static const char *bad[] = {
		"", "   ", "abcdefghijklmnopqrstuvwxyz0123456",	/* 33 chars */
		"a-b", "a b", "a.b", "héllo", "head", "heads", "base", "none",
	};
	size_t		i;
	char		text[200];

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		snprintf(text, sizeof(text), "-- just a comment\n-- mig:revision %s\n-- mig:upgrade\n", bad[i]);
		parse_err(text, 2, NULL);
	}
	/* 32 characters is the most that fits version_num */
	parse_ok("-- mig:revision abcdefghijklmnopqrstuvwxyz_01234\n-- mig:upgrade\n");
	parse_ok("-- mig:revision Head_1\n-- mig:upgrade\n");
}
END_TEST

START_TEST(test_script_err_invalid_list_ids)
{
	parse_err("-- mig:revision a1\n-- mig:down_revision a-b\n-- mig:upgrade\n", 2, NULL);
	parse_err("-- mig:revision a1\n-- mig:message m\n-- mig:depends_on x1,,x2\n-- mig:upgrade\n", 3, NULL);
}
END_TEST

START_TEST(test_revision_id_valid)
{
	ck_assert_int_eq(mig_revision_id_valid("ee82dd99bfc0", 12), 1);
	ck_assert_int_eq(mig_revision_id_valid("A_z_9", 5), 1);
	ck_assert_int_eq(mig_revision_id_valid("abcdefghijklmnopqrstuvwxyz012345", 32), 1);
	ck_assert_int_eq(mig_revision_id_valid("abcdefghijklmnopqrstuvwxyz0123456", 33), 0);
	ck_assert_int_eq(mig_revision_id_valid("", 0), 0);
	ck_assert_int_eq(mig_revision_id_valid("a-b", 3), 0);
	ck_assert_int_eq(mig_revision_id_valid("a b", 3), 0);
	/* only len bytes count */
	ck_assert_int_eq(mig_revision_id_valid("ab-", 2), 1);
}
END_TEST

START_TEST(test_label_valid)
{
	ck_assert_int_eq(mig_label_valid("catalog"), 1);
	ck_assert_int_eq(mig_label_valid(""), 0);
	ck_assert_int_eq(mig_label_valid("a@b"), 0);
	ck_assert_int_eq(mig_label_valid("a,b"), 0);
}
END_TEST

START_TEST(test_join)
{
	char	   *items[] = {"a", "bb", "c"};

	ck_assert_str_eq(mig_join(tctx, items, 3), "a,bb,c");
	ck_assert_str_eq(mig_join(tctx, items, 1), "a");
	ck_assert_ptr_null(mig_join(tctx, items, 0));
}
END_TEST

/* ---- sections ---- */

START_TEST(test_script_err_unknown_engine)
{
	parse_err("-- mig:revision a1\n-- mig:upgrade oracle\nSELECT 1;\n", 2, "oracle");
	parse_err("-- mig:revision a1\n-- mig:upgrade\nSELECT 1;\n-- mig:downgrade mysql\n", 4, "mysql");
}
END_TEST

START_TEST(test_script_err_sql_before_section)
{
	parse_err("-- mig:revision a1\nCREATE TABLE t (a INTEGER);\n-- mig:upgrade\n", 2, NULL);
}
END_TEST

START_TEST(test_script_err_header_after_section)
{
	parse_err("-- mig:revision a1\n-- mig:upgrade\nSELECT 1;\n-- mig:message late\n", 4, NULL);
	parse_err("-- mig:upgrade\n-- mig:revision a1\nSELECT 1;\n", 2, NULL);
}
END_TEST

START_TEST(test_script_err_bad_sql_names_script_line)
{
	parse_err("-- mig:revision a1\n\n-- mig:upgrade\nSELECT 1;\nSELECT 'abc;\n", 5, NULL);
	parse_err("-- mig:revision a1\n-- mig:upgrade\n-- mig:downgrade postgresql\n\nDO $$ BEGIN END;\n", 5, NULL);
}
END_TEST

START_TEST(test_script_err_transaction_control)
{
	static const char *bad[] = {
		"BEGIN", "begin transaction", "COMMIT", "commit", "ROLLBACK",
		"ROLLBACK TO SAVEPOINT sp", "SAVEPOINT sp", "RELEASE sp",
		"RELEASE SAVEPOINT sp", "END", "END TRANSACTION",
	};
	static const char *sections[] = {
		"-- mig:upgrade", "-- mig:upgrade sqlite", "-- mig:upgrade postgresql",
	};
	size_t		i,
				j;
	char		text[300];

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		for (j = 0; j < sizeof(sections) / sizeof(sections[0]); j++)
		{
			snprintf(text, sizeof(text),
					 "-- mig:revision a1\n%s\nSELECT 1;\n-- a comment\n%s;\nSELECT 2;\n",
					 sections[j], bad[i]);
			parse_err(text, 5, NULL);
		}
	/* downgrade sections too */
	parse_err("-- mig:revision a1\n-- mig:upgrade\n-- mig:downgrade\nCOMMIT;\n", 4, NULL);
}
END_TEST

START_TEST(test_script_err_transaction_control_pg_forms)
{
	/* PostgreSQL's other spellings of the same thing */
	parse_err("-- mig:revision a1\n-- mig:upgrade postgresql\nSTART TRANSACTION;\n", 3, NULL);
	parse_err("-- mig:revision a1\n-- mig:upgrade postgresql\nABORT;\n", 3, NULL);
}
END_TEST

START_TEST(test_script_err_out_of_transaction_statements)
{
	parse_err("-- mig:revision a1\n-- mig:upgrade postgresql\nSELECT 1;\n"
			  "CREATE INDEX CONCURRENTLY i ON t (a);\n", 4, "CONCURRENTLY");
	parse_err("-- mig:revision a1\n-- mig:upgrade postgresql\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY i ON t (a);\n", 3, "CONCURRENTLY");
	parse_err("-- mig:revision a1\n-- mig:upgrade postgresql\n"
			  "DROP INDEX CONCURRENTLY i;\n", 3, "CONCURRENTLY");
	parse_err("-- mig:revision a1\n-- mig:upgrade\n\nVACUUM;\n", 4, "VACUUM");
	/* a column called concurrently is fine */
	parse_ok("-- mig:revision a1\n-- mig:upgrade\nCREATE TABLE t (concurrently INTEGER);\n");
}
END_TEST

START_TEST(test_script_bodies_are_not_transaction_control)
{
	mig_script *s = parse_ok(
							 "-- mig:revision a1\n"
							 "-- mig:upgrade sqlite\n"
							 "CREATE TRIGGER trg AFTER INSERT ON t BEGIN\n"
							 "  UPDATE t SET a = CASE WHEN new.a THEN 1 END;\n"
							 "END;\n"
							 "-- mig:upgrade postgresql\n"
							 "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;\n"
							 "DO $$ BEGIN PERFORM 1; COMMIT; END $$;\n"
							 "CREATE FUNCTION g() RETURNS trigger LANGUAGE plpgsql AS $fn$\n"
							 "BEGIN\n"
							 "  RETURN NEW;\n"
							 "END\n"
							 "$fn$;\n");
	mig_stmt   *st;
	int			n;

	st = stmts(s, 1, SQ, &n);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(st[0].line, 3);
	st = stmts(s, 1, PG, &n);
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(st[0].line, 7);
	ck_assert_int_eq(st[1].line, 8);
	ck_assert_int_eq(st[2].line, 9);
}
END_TEST

START_TEST(test_script_empty_sections)
{
	mig_script *s = parse_ok("-- mig:revision a1\n-- mig:upgrade\n-- mig:downgrade\n");
	int			n;

	ck_assert_int_eq(s->has_downgrade, 1);
	ck_assert_int_eq(s->nsections, 2);
	stmts(s, 1, SQ, &n);
	ck_assert_int_eq(n, 0);
	stmts(s, 0, PG, &n);
	ck_assert_int_eq(n, 0);

	s = parse_ok("-- mig:revision a2\n-- mig:upgrade\n-- only a comment\n\n");
	ck_assert_int_eq(s->has_downgrade, 0);
	stmts(s, 1, PG, &n);
	ck_assert_int_eq(n, 0);
	stmts(s, 0, PG, &n);
	ck_assert_int_eq(n, 0);
}
END_TEST

static const char engine_script[] =
	"-- mig:revision a1\n"		/* 1 */
	"\n"						/* 2 */
	"-- mig:upgrade\n"			/* 3 */
	"CREATE TABLE t (a INTEGER);\n"	/* 4 */
	"-- mig:upgrade sqlite\n"	/* 5 */
	"CREATE TRIGGER trg AFTER INSERT ON t BEGIN\n"	/* 6 */
	"  UPDATE t SET a = 1;\n"	/* 7 */
	"END;\n"					/* 8 */
	"-- mig:upgrade postgresql\n"	/* 9 */
	"CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n"	/* 10 */
	"CREATE TRIGGER trg AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();\n"	/* 11 */
	"-- mig:downgrade postgresql\n"	/* 12 */
	"DROP TRIGGER trg ON t;\n"	/* 13 */
	"DROP FUNCTION f();\n"		/* 14 */
	"-- mig:downgrade sqlite\n" /* 15 */
	"DROP TRIGGER trg;\n"		/* 16 */
	"-- mig:downgrade\n"		/* 17 */
	"DROP TABLE t;\n";			/* 18 */

START_TEST(test_script_engine_sections)
{
	mig_script *s = parse_ok(engine_script);
	mig_stmt   *st;
	int			n;

	ck_assert_int_eq(s->nsections, 6);
	ck_assert_int_eq(s->sections[0].engine, MIG_SECTION_ANY);
	ck_assert_int_eq(s->sections[1].engine, MIG_ENGINE_SQLITE);
	ck_assert_int_eq(s->sections[2].engine, MIG_ENGINE_POSTGRESQL);
	ck_assert_int_eq(s->sections[3].engine, MIG_ENGINE_POSTGRESQL);
	ck_assert_int_eq(s->sections[3].upgrade, 0);
	ck_assert_int_eq(s->sections[4].engine, MIG_ENGINE_SQLITE);
	ck_assert_int_eq(s->sections[5].engine, MIG_SECTION_ANY);
	ck_assert_int_eq(s->has_downgrade, 1);

	st = stmts(s, 1, SQ, &n);
	ck_assert_int_eq(n, 2);
	expect_stmt(st, 0, "CREATE TABLE t (a INTEGER)", 4);
	expect_stmt(st, 1, "CREATE TRIGGER trg AFTER INSERT ON t BEGIN\n  UPDATE t SET a = 1;\nEND", 6);

	st = stmts(s, 1, PG, &n);
	ck_assert_int_eq(n, 3);
	expect_stmt(st, 0, "CREATE TABLE t (a INTEGER)", 4);
	expect_stmt(st, 1, "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$", 10);
	expect_stmt(st, 2, "CREATE TRIGGER trg AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()", 11);

	st = stmts(s, 0, SQ, &n);
	ck_assert_int_eq(n, 2);
	expect_stmt(st, 0, "DROP TRIGGER trg", 16);
	expect_stmt(st, 1, "DROP TABLE t", 18);

	st = stmts(s, 0, PG, &n);
	ck_assert_int_eq(n, 3);
	expect_stmt(st, 0, "DROP TRIGGER trg ON t", 13);
	expect_stmt(st, 1, "DROP FUNCTION f()", 14);
	expect_stmt(st, 2, "DROP TABLE t", 18);
}
END_TEST

START_TEST(test_script_repeated_sections_file_order)
{
	mig_script *s = parse_ok("-- mig:revision a1\n"
							 "-- mig:upgrade\n"
							 "SELECT 1;\n"
							 "-- mig:upgrade postgresql\n"
							 "SELECT 2;\n"
							 "-- mig:upgrade\n"
							 "SELECT 3;\n");
	mig_stmt   *st;
	int			n;

	st = stmts(s, 1, PG, &n);
	ck_assert_int_eq(n, 3);
	expect_stmt(st, 0, "SELECT 1", 3);
	expect_stmt(st, 1, "SELECT 2", 5);
	expect_stmt(st, 2, "SELECT 3", 7);
	st = stmts(s, 1, SQ, &n);
	ck_assert_int_eq(n, 2);
	expect_stmt(st, 1, "SELECT 3", 7);
}
END_TEST

START_TEST(test_script_downgrade_only_for_other_engine)
{
	/* has_downgrade says whether any downgrade section exists */
	mig_script *s = parse_ok("-- mig:revision a1\n-- mig:upgrade\nSELECT 1;\n"
							 "-- mig:downgrade postgresql\nSELECT 2;\n");
	int			n;

	ck_assert_int_eq(s->has_downgrade, 1);
	stmts(s, 0, SQ, &n);
	ck_assert_int_eq(n, 0);
	stmts(s, 0, PG, &n);
	ck_assert_int_eq(n, 1);
}
END_TEST

/* ---- the example history parses, on both engines, into one chain ---- */

static char *
read_text(const char *path)
{
	FILE	   *f = fopen(path, "rb");
	char	   *text;
	long		n;

	ck_assert_msg(f != NULL, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	text = mig_alloc(tctx, (size_t) n + 1);
	ck_assert_int_eq(fread(text, 1, (size_t) n, f), n);
	fclose(f);
	return text;
}

static void
check_examples(mig_engine engine)
{
	DIR		   *d = opendir(EXAMPLES_DIR);
	struct dirent *e;
	mig_graph  *g = mig_graph_new(tctx);
	int			nfiles = 0,
			   *h = NULL;

	ck_assert_msg(d != NULL, "cannot open %s", EXAMPLES_DIR);
	while ((e = readdir(d)) != NULL)
	{
		size_t		len = strlen(e->d_name);
		char	   *path,
				   *text;
		mig_script *s;
		mig_stmt   *st;
		int			n;

		if (len < 5 || strcmp(e->d_name + len - 4, ".sql") != 0)
			continue;
		path = mig_printf(tctx, "%s/%s", EXAMPLES_DIR, e->d_name);
		text = read_text(path);
		s = mig_alloc(tctx, sizeof(mig_script));
		ck_assert_msg(mig_script_parse(tctx, text, s) == MIG_OK, "%s: %s", e->d_name, terr());
		/* file name: <revision>_<slug>.sql */
		ck_assert_msg(strncmp(e->d_name, s->revision, strlen(s->revision)) == 0 &&
					  e->d_name[strlen(s->revision)] == '_', "%s holds %s", e->d_name, s->revision);
		ck_assert_int_eq(s->has_downgrade, 1);
		stmts(s, 1, engine, &n);
		ck_assert_msg(n > 0, "%s: no upgrade statements", e->d_name);
		st = stmts(s, 0, engine, &n);
		ck_assert_msg(n > 0 && st != NULL, "%s: no downgrade statements", e->d_name);
		graph_add(g, s->revision, mig_join(tctx, s->down, s->ndown),
				  mig_join(tctx, s->labels, s->nlabels), mig_join(tctx, s->depends, s->ndepends));
		nfiles++;
	}
	closedir(d);
	ck_assert_int_ge(nfiles, 6);
	ck_assert_msg(mig_graph_finish(g) == MIG_OK, "%s", terr());
	ck_assert_int_eq(mig_graph_heads(g, &h), 1);
}

START_TEST(test_examples_sqlite)
{
	check_examples(MIG_ENGINE_SQLITE);
}
END_TEST

START_TEST(test_examples_postgresql)
{
	check_examples(MIG_ENGINE_POSTGRESQL);
}
END_TEST

/* Scripts are UTF-8: overlong forms, surrogates and code points above
 * U+10FFFF are not (found by the fuzzer: the first check let them in). */
START_TEST(test_script_utf8)
{
	ck_assert_int_eq(mig_utf8_invalid_line("plain\n\xc3\xa9t\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"), 0);
	ck_assert_int_eq(mig_utf8_invalid_line("a\n\xff"), 2);
	ck_assert_int_eq(mig_utf8_invalid_line("\xc0\xaf"), 1);			/* overlong '/' */
	ck_assert_int_eq(mig_utf8_invalid_line("x\n\n\xe0\x80\x80"), 3);	/* overlong NUL */
	ck_assert_int_eq(mig_utf8_invalid_line("\xed\xa0\x80"), 1);		/* a surrogate */
	ck_assert_int_eq(mig_utf8_invalid_line("\xf4\x90\x80\x80"), 1);	/* above U+10FFFF */
	ck_assert_int_eq(mig_utf8_invalid_line("\xf0\x80\x80\x80"), 1);	/* overlong */
	ck_assert_int_eq(mig_utf8_invalid_line("\xe2\x82"), 1);			/* cut short */
}
END_TEST

Suite *
script_suite(void)
{
	Suite	   *s = suite_create("script");
	TCase	   *tc;

	tc = tcase_sqlite("header");
	tcase_add_test(tc, test_script_spec_example);
	tcase_add_test(tc, test_script_utf8);
	tcase_add_test(tc, test_script_minimal_base);
	tcase_add_test(tc, test_script_down_none_is_base);
	tcase_add_test(tc, test_script_merge_and_lists);
	tcase_add_test(tc, test_script_plain_comments_in_header);
	tcase_add_test(tc, test_script_crlf);
	tcase_add_test(tc, test_script_block_comment_in_header);
	tcase_add_test(tc, test_script_cr_only);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("header_errors");
	tcase_add_test(tc, test_script_err_unknown_key);
	tcase_add_test(tc, test_script_err_duplicate_key);
	tcase_add_test(tc, test_script_err_missing_revision);
	tcase_add_test(tc, test_script_err_missing_revision_names_line);
	tcase_add_test(tc, test_script_err_missing_upgrade);
	tcase_add_test(tc, test_script_err_missing_upgrade_names_line);
	tcase_add_test(tc, test_script_err_sql_before_section);
	tcase_add_test(tc, test_script_err_header_after_section);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("revision_ids");
	tcase_add_test(tc, test_script_err_invalid_revision);
	tcase_add_test(tc, test_script_err_invalid_list_ids);
	tcase_add_test(tc, test_revision_id_valid);
	tcase_add_test(tc, test_label_valid);
	tcase_add_test(tc, test_join);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("section_errors");
	tcase_add_test(tc, test_script_err_unknown_engine);
	tcase_add_test(tc, test_script_err_bad_sql_names_script_line);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("transaction_control");
	tcase_add_test(tc, test_script_err_transaction_control);
	tcase_add_test(tc, test_script_err_transaction_control_pg_forms);
	tcase_add_test(tc, test_script_bodies_are_not_transaction_control);
	tcase_add_test(tc, test_script_err_out_of_transaction_statements);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("engine_sections");
	tcase_add_test(tc, test_script_empty_sections);
	tcase_add_test(tc, test_script_engine_sections);
	tcase_add_test(tc, test_script_repeated_sections_file_order);
	tcase_add_test(tc, test_script_downgrade_only_for_other_engine);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("examples_sqlite");
	tcase_add_test(tc, test_examples_sqlite);
	suite_add_tcase(s, tc);

	tc = tcase_postgresql("examples_postgresql");
	tcase_add_test(tc, test_examples_postgresql);
	suite_add_tcase(s, tc);
	return s;
}

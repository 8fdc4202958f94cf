/*
 * check_qualify.c -- the statements of an attached SQLite database's
 * script, with the database's name in front of each table name that
 * SQLite would otherwise look up in temp and main first (qualify.c).
 */
#include <string.h>
#include "unit_util.h"

static const char *const cases[][2] = {
	/* objects a statement creates, drops or alters */
	{"CREATE TABLE t (a INT REFERENCES p(id))", "CREATE TABLE \"m\".t (a INT REFERENCES p(id))"},
	{"CREATE TABLE IF NOT EXISTS \"T x\" (a)", "CREATE TABLE IF NOT EXISTS \"m\".\"T x\" (a)"},
	{"CREATE UNIQUE INDEX i ON t (a)", "CREATE UNIQUE INDEX \"m\".i ON t (a)"},
	{"CREATE VIEW v AS SELECT * FROM t", "CREATE VIEW \"m\".v AS SELECT * FROM t"},
	{"CREATE TRIGGER g AFTER INSERT ON t BEGIN INSERT INTO u VALUES (1); END",
	"CREATE TRIGGER \"m\".g AFTER INSERT ON t BEGIN INSERT INTO u VALUES (1); END"},
	{"CREATE TABLE c AS SELECT a FROM t JOIN u ON u.x = t.x",
	"CREATE TABLE \"m\".c AS SELECT a FROM \"m\".t JOIN \"m\".u ON u.x = t.x"},
	{"DROP TABLE IF EXISTS t", "DROP TABLE IF EXISTS \"m\".t"},
	{"DROP INDEX i", "DROP INDEX \"m\".i"},
	{"ALTER TABLE t RENAME TO u", "ALTER TABLE \"m\".t RENAME TO u"},
	/* data */
	{"INSERT INTO t (a, b) VALUES (1, 2)", "INSERT INTO \"m\".t (a, b) VALUES (1, 2)"},
	{"INSERT OR REPLACE INTO t SELECT * FROM u, v AS w WHERE u.a IN (SELECT a FROM x)",
	"INSERT OR REPLACE INTO \"m\".t SELECT * FROM \"m\".u, \"m\".v AS w WHERE u.a IN (SELECT a FROM \"m\".x)"},
	{"INSERT INTO t VALUES (1) ON CONFLICT (a) DO UPDATE SET b = 2",
	"INSERT INTO \"m\".t VALUES (1) ON CONFLICT (a) DO UPDATE SET b = 2"},
	{"UPDATE OR IGNORE t SET a = (SELECT max(a) FROM u)",
	"UPDATE OR IGNORE \"m\".t SET a = (SELECT max(a) FROM \"m\".u)"},
	{"DELETE FROM t WHERE a NOT IN (SELECT a FROM u GROUP BY a, b)",
	"DELETE FROM \"m\".t WHERE a NOT IN (SELECT a FROM \"m\".u GROUP BY a, b)"},
	{"WITH k(a) AS (SELECT a FROM t) INSERT INTO u SELECT a FROM k",
	"WITH k(a) AS (SELECT a FROM \"m\".t) INSERT INTO \"m\".u SELECT a FROM k"},
	/* left alone: qualified names, table-valued functions, TEMP, PRAGMA */
	{"INSERT INTO main.t SELECT * FROM main.u", NULL},
	{"SELECT * FROM json_each('[1]')", NULL},
	{"CREATE TEMP TABLE t (a)", NULL},
	{"PRAGMA foreign_keys", NULL},
	{"SELECT 1", NULL},
};

START_TEST(qualify_table)
{
	int			i;

	for (i = 0; i < (int) (sizeof(cases) / sizeof(cases[0])); i++)
	{
		const char *want = cases[i][1] ? cases[i][1] : cases[i][0];
		char	   *got = mig_sqlite_qualify(tctx, cases[i][0], "m");

		ck_assert_msg(strcmp(got, want) == 0, "[%s]\n  gave [%s]\n  want [%s]", cases[i][0], got, want);
	}
}
END_TEST

Suite *
qualify_suite(void)
{
	Suite	   *s = suite_create("qualify");
	TCase	   *tc = tcase_sqlite("statements");

	tcase_add_test(tc, qualify_table);
	suite_add_tcase(s, tc);
	return s;
}

/*
 * check_types.c -- one spelling of types for both engines (docs/alter.md,
 * "Type names"): each row of the table, for each engine, in every place
 * a column definition's type is written (CREATE TABLE, ADD COLUMN,
 * ALTER ... TYPE); and everything else left alone, the same pointer
 * returned when nothing changes.
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

/* sql translates to want on engine d (want NULL: untouched, the same
 * pointer). */
static void
expect_tr(mig_engine d, const char *sql, const char *want)
{
	char	   *got = mig_translate_types(tctx, d, sql);

	ck_assert_ptr_nonnull(got);
	if (want == NULL || strcmp(want, sql) == 0)
		ck_assert_msg(got == sql, "%s: [%s] changed to [%s]", dname(d), sql, got);
	else
	{
		ck_assert_msg(got != sql, "%s: [%s] unchanged, want [%s]", dname(d), sql, want);
		ck_assert_msg(strcmp(got, want) == 0, "%s: [%s]\n  gave [%s]\n  want [%s]", dname(d), sql, got, want);
	}
}

static void
expect_same_both(const char *sql)
{
	expect_tr(SQ, sql, NULL);
	expect_tr(PG, sql, NULL);
}

/* The table of docs/alter.md: written, what SQLite runs, what
 * PostgreSQL runs. */
static const struct
{
	const char *written;
	const char *sqlite;
	const char *postgresql;
}			rows[] = {
	{"BYTEA", "BLOB", "BYTEA"},
	{"bytea", "BLOB", "bytea"},
	{"BLOB", "BLOB", "BYTEA"},
	{"Blob", "Blob", "BYTEA"},
	{"SERIAL", "INTEGER", "SERIAL"},
	{"serial", "INTEGER", "serial"},
	{"BIGSERIAL", "INTEGER", "BIGSERIAL"},
	{"SMALLSERIAL", "INTEGER", "SMALLSERIAL"},
	{"DATETIME", "DATETIME", "TIMESTAMP"},
	{"datetime", "datetime", "TIMESTAMP"},
	{"DOUBLE", "DOUBLE", "DOUBLE PRECISION"},
	{"double", "double", "DOUBLE PRECISION"},
	/* left alone */
	{"TEXT", "TEXT", "TEXT"},
	{"INTEGER", "INTEGER", "INTEGER"},
	{"BIGINT", "BIGINT", "BIGINT"},
	{"BOOLEAN", "BOOLEAN", "BOOLEAN"},
	{"NUMERIC(10, 2)", "NUMERIC(10, 2)", "NUMERIC(10, 2)"},
	{"VARCHAR(20)", "VARCHAR(20)", "VARCHAR(20)"},
	{"TIMESTAMPTZ", "TIMESTAMPTZ", "TIMESTAMPTZ"},
	{"TIMESTAMP", "TIMESTAMP", "TIMESTAMP"},
	{"DOUBLE PRECISION", "DOUBLE PRECISION", "DOUBLE PRECISION"},
	{"double precision", "double precision", "double precision"},
	{"\"BLOB\"", "\"BLOB\"", "\"BLOB\""},
	{NULL, NULL, NULL}
};

/* Every place a column definition's type is written; %s is the type. */
static const char *const places[] = {
	"CREATE TABLE t (id INTEGER, c %s NOT NULL DEFAULT 'x')",
	"CREATE TABLE t (c %s)",
	"CREATE TEMP TABLE IF NOT EXISTS t (c %s, d TEXT)",
	"create table if not exists s.t (\"c\" %s CHECK (c IS NOT NULL), d INT)",
	"CREATE TABLE t (a INT, -- a comment, with commas\n  c %s /* here */ DEFAULT NULL)",
	"ALTER TABLE t ADD COLUMN c %s",
	"ALTER TABLE t ADD COLUMN IF NOT EXISTS c %s DEFAULT NULL",
	"ALTER TABLE t ADD c %s",
	"ALTER TABLE t ADD IF NOT EXISTS c %s",
	"ALTER TABLE IF EXISTS ONLY s.t ADD COLUMN \"C\" %s",
	"ALTER TABLE t ALTER COLUMN c TYPE %s",
	"ALTER TABLE t ALTER c TYPE %s USING c",
	"ALTER TABLE t ALTER COLUMN c SET DATA TYPE %s",
	"ALTER TABLE t ALTER c SET DATA TYPE %s COLLATE \"C\"",
	"ALTER TABLE t ADD x int, ALTER COLUMN c TYPE %s, DROP y",
	NULL
};

START_TEST(test_types_table_rows)
{
	int			r,
				p;

	for (p = 0; places[p]; p++)
		for (r = 0; rows[r].written; r++)
		{
			char	   *in = mig_printf(tctx, places[p], rows[r].written);

			expect_tr(SQ, in, mig_printf(tctx, places[p], rows[r].sqlite));
			expect_tr(PG, in, mig_printf(tctx, places[p], rows[r].postgresql));
		}
}
END_TEST

START_TEST(test_types_serial_primary_key)
{
	expect_tr(SQ, "CREATE TABLE t (id SERIAL PRIMARY KEY, name TEXT)",
			  "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
	expect_tr(PG, "CREATE TABLE t (id SERIAL PRIMARY KEY, name TEXT)", NULL);
	expect_tr(SQ, "CREATE TABLE t (id BIGSERIAL NOT NULL PRIMARY KEY)",
			  "CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY)");
}
END_TEST

START_TEST(test_types_several)
{
	const char *sql = "CREATE TABLE t (\n"
		"  id BIGSERIAL PRIMARY KEY,\n"
		"  data BYTEA,\n"
		"  raw BLOB,\n"
		"  at DATETIME DEFAULT CURRENT_TIMESTAMP,\n"
		"  x DOUBLE,\n"
		"  y DOUBLE PRECISION,\n"
		"  n NUMERIC(10, 2),\n"
		"  CONSTRAINT k UNIQUE (data, raw)\n"
		") STRICT";

	expect_tr(SQ, sql, "CREATE TABLE t (\n"
			  "  id INTEGER PRIMARY KEY,\n"
			  "  data BLOB,\n"
			  "  raw BLOB,\n"
			  "  at DATETIME DEFAULT CURRENT_TIMESTAMP,\n"
			  "  x DOUBLE,\n"
			  "  y DOUBLE PRECISION,\n"
			  "  n NUMERIC(10, 2),\n"
			  "  CONSTRAINT k UNIQUE (data, raw)\n"
			  ") STRICT");
	expect_tr(PG, sql, "CREATE TABLE t (\n"
			  "  id BIGSERIAL PRIMARY KEY,\n"
			  "  data BYTEA,\n"
			  "  raw BYTEA,\n"
			  "  at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,\n"
			  "  x DOUBLE PRECISION,\n"
			  "  y DOUBLE PRECISION,\n"
			  "  n NUMERIC(10, 2),\n"
			  "  CONSTRAINT k UNIQUE (data, raw)\n"
			  ") STRICT");

	sql = "ALTER TABLE t ADD COLUMN a BYTEA, ADD b DOUBLE, ALTER COLUMN c TYPE BLOB, "
		"ALTER d SET DATA TYPE DATETIME USING d, ADD IF NOT EXISTS e SERIAL";
	expect_tr(SQ, sql, "ALTER TABLE t ADD COLUMN a BLOB, ADD b DOUBLE, ALTER COLUMN c TYPE BLOB, "
			  "ALTER d SET DATA TYPE DATETIME USING d, ADD IF NOT EXISTS e INTEGER");
	expect_tr(PG, sql, "ALTER TABLE t ADD COLUMN a BYTEA, ADD b DOUBLE PRECISION, ALTER COLUMN c TYPE BYTEA, "
			  "ALTER d SET DATA TYPE TIMESTAMP USING d, ADD IF NOT EXISTS e SERIAL");
}
END_TEST

START_TEST(test_types_names_like_types)
{
	/* a table or column named like a type keeps its name */
	const char *sql = "CREATE TABLE blob (blob BLOB, bytea BYTEA, double DOUBLE PRECISION, datetime TEXT)";

	expect_tr(SQ, sql, "CREATE TABLE blob (blob BLOB, bytea BLOB, double DOUBLE PRECISION, datetime TEXT)");
	expect_tr(PG, sql, "CREATE TABLE blob (blob BYTEA, bytea BYTEA, double DOUBLE PRECISION, datetime TEXT)");
	expect_tr(PG, "ALTER TABLE blob ADD c BLOB", "ALTER TABLE blob ADD c BYTEA");
	expect_tr(PG, "ALTER TABLE type ADD c BLOB", "ALTER TABLE type ADD c BYTEA");
	expect_tr(PG, "ALTER TABLE t ALTER COLUMN type TYPE blob", "ALTER TABLE t ALTER COLUMN type TYPE BYTEA");
	expect_tr(SQ, "ALTER TABLE t ALTER COLUMN blob TYPE bytea", "ALTER TABLE t ALTER COLUMN blob TYPE BLOB");
	expect_same_both("ALTER TABLE t RENAME COLUMN type TO blob");
	expect_same_both("ALTER TABLE t RENAME COLUMN blob TO bytea");
	expect_same_both("ALTER TABLE t DROP COLUMN blob");
	expect_same_both("ALTER TABLE bytea RENAME TO blob");
}
END_TEST

START_TEST(test_types_untouched_in_definitions)
{
	/* strings, defaults, CHECKs, table constraints */
	expect_same_both("CREATE TABLE t (a TEXT DEFAULT 'BYTEA', "
					 "b INTEGER CHECK (typeof(b) <> 'blob' AND CAST(b AS BLOB) IS NOT NULL), "
					 "c TEXT DEFAULT (CAST(1 AS DATETIME)), "
					 "d INTEGER GENERATED ALWAYS AS (CAST(a AS DOUBLE)) STORED, "
					 "CONSTRAINT k CHECK (CAST(a AS DOUBLE) > 0), "
					 "UNIQUE (a), PRIMARY KEY (b), FOREIGN KEY (c) REFERENCES blob (datetime), "
					 "CHECK (a <> 'SERIAL'))");
	/* a quoted type name is the user's business */
	expect_same_both("CREATE TABLE t (a \"BLOB\", b \"DOUBLE\", c \"SERIAL\")");
	/* column without a type */
	expect_same_both("CREATE TABLE t (a, b DEFAULT 'BLOB', c)");
	expect_same_both("ALTER TABLE t ALTER COLUMN c SET DEFAULT 'BLOB'");
	expect_same_both("ALTER TABLE t ALTER c SET DEFAULT CAST(1 AS DOUBLE)");
	expect_same_both("ALTER TABLE t ADD CONSTRAINT k CHECK (CAST(c AS BLOB) IS NOT NULL)");
	expect_same_both("ALTER TABLE t ADD CHECK (CAST(c AS DATETIME) IS NOT NULL)");
	expect_same_both("ALTER TABLE t ADD PRIMARY KEY (blob)");
	expect_same_both("ALTER TABLE t ADD UNIQUE (bytea)");
	expect_same_both("ALTER TABLE t ALTER c TYPE text USING CAST(c AS BLOB)");
	expect_same_both("ALTER TABLE t ADD c TEXT DEFAULT 'DOUBLE' CHECK (CAST(c AS BLOB) <> x'00')");
}
END_TEST

START_TEST(test_types_other_statements)
{
	static const char *const other[] = {
		"INSERT INTO t (blob) VALUES (CAST(x'00' AS BLOB))",
		"INSERT INTO t VALUES ('CREATE TABLE t (a BLOB)')",
		"UPDATE t SET d = CAST('2020-01-01' AS DATETIME)",
		"SELECT CAST(1 AS DOUBLE)",
		"CREATE INDEX i ON t (blob)",
		"CREATE UNIQUE INDEX IF NOT EXISTS i ON t (bytea, datetime)",
		"CREATE VIEW v AS SELECT CAST(a AS BLOB) AS b FROM t",
		"CREATE TABLE t AS SELECT CAST(a AS BLOB) AS b FROM x",
		"CREATE TABLE t AS SELECT (CAST(a AS BLOB)) AS b FROM x",
		"CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log VALUES (CAST(new.a AS BLOB)); END",
		"DROP TABLE blob",
		"DELETE FROM bytea WHERE serial = 1",
		"ALTER INDEX blob RENAME TO bytea",
		"COMMENT ON COLUMN t.c IS 'BLOB'",
		"",
		"-- CREATE TABLE t (a BLOB)",
		NULL
	};
	int			i;

	for (i = 0; other[i]; i++)
		expect_same_both(other[i]);
}
END_TEST

START_TEST(test_types_double_precision)
{
	expect_same_both("CREATE TABLE t (a DOUBLE PRECISION, b double precision NOT NULL)");
	expect_same_both("ALTER TABLE t ADD COLUMN a DOUBLE PRECISION");
	expect_same_both("ALTER TABLE t ALTER a TYPE double  precision");
	expect_same_both("ALTER TABLE t ALTER a SET DATA TYPE DOUBLE /* c */ PRECISION");
	/* DOUBLE alone next to it is still translated */
	expect_tr(PG, "CREATE TABLE t (a DOUBLE PRECISION, b DOUBLE)",
			  "CREATE TABLE t (a DOUBLE PRECISION, b DOUBLE PRECISION)");
}
END_TEST

START_TEST(test_types_same_pointer)
{
	const char *sql = "CREATE TABLE t (a INTEGER, b TEXT)";

	ck_assert_ptr_eq(mig_translate_types(tctx, SQ, sql), sql);
	ck_assert_ptr_eq(mig_translate_types(tctx, PG, sql), sql);
	/* nothing to change on this engine */
	sql = "CREATE TABLE t (a BLOB, b DATETIME, c DOUBLE)";
	ck_assert_ptr_eq(mig_translate_types(tctx, SQ, sql), sql);
	sql = "CREATE TABLE t (a BYTEA, b SERIAL, c TIMESTAMP)";
	ck_assert_ptr_eq(mig_translate_types(tctx, PG, sql), sql);
	/* a changed one is a new string; the input is not modified */
	{
		char		buf[] = "CREATE TABLE t (a BYTEA)";
		char	   *got = mig_translate_types(tctx, SQ, buf);

		ck_assert_ptr_ne(got, buf);
		ck_assert_str_eq(got, "CREATE TABLE t (a BLOB)");
		ck_assert_str_eq(buf, "CREATE TABLE t (a BYTEA)");
	}
}
END_TEST

START_TEST(test_types_comments_and_case)
{
	expect_tr(PG, "create table t (\n  -- the data\n  d blob, /* when */ w datetime\n)",
			  "create table t (\n  -- the data\n  d BYTEA, /* when */ w TIMESTAMP\n)");
	expect_tr(SQ, "Alter Table T Add Column D Bytea",
			  "Alter Table T Add Column D BLOB");
	expect_tr(PG, "CREATE TABLE t (a int, b blob[])", "CREATE TABLE t (a int, b BYTEA[])");
}
END_TEST

/* ---- known core bugs (make known-bugs) ---- */

START_TEST(test_types_column_named_type)
{
	/* ADD COLUMN type <T>: the ADD rule and the TYPE rule both record a
	 * replacement at the same place; the second splice has a negative
	 * length (memcpy of ~SIZE_MAX bytes: garbage or SIGSEGV). */
	expect_tr(PG, "ALTER TABLE t ADD COLUMN type BLOB", "ALTER TABLE t ADD COLUMN type BYTEA");
	expect_tr(SQ, "ALTER TABLE t ADD COLUMN type BYTEA", "ALTER TABLE t ADD COLUMN type BLOB");
	expect_tr(PG, "ALTER TABLE t ADD type DATETIME", "ALTER TABLE t ADD type TIMESTAMP");
}
END_TEST

START_TEST(test_types_many_columns)
{
	/* a wide table: every column's type is translated, not the first 64 */
	mig_buf		in;
	const char *got,
			   *p;
	int			i,
				n = 0;

	mig_buf_init(&in, tctx);
	mig_buf_puts(&in, "CREATE TABLE t (");
	for (i = 0; i < 100; i++)
		mig_buf_printf(&in, "%sc%d DOUBLE", i ? ", " : "", i);
	mig_buf_puts(&in, ")");
	got = mig_translate_types(tctx, PG, in.data);
	for (p = got; (p = strstr(p, "DOUBLE PRECISION")) != NULL; p++)
		n++;
	ck_assert_msg(n == 100, "%d of 100 DOUBLE columns translated; the end: [...%s]", n,
				  got + strlen(got) - 60);
}
END_TEST

Suite *
types_suite(void)
{
	Suite	   *s = suite_create("types");
	TCase	   *tc;

	tc = tcase_sqlite("table_rows");
	tcase_add_test(tc, test_types_table_rows);
	tcase_add_test(tc, test_types_serial_primary_key);
	tcase_add_test(tc, test_types_several);
	tcase_add_test(tc, test_types_names_like_types);
	tcase_add_test(tc, test_types_comments_and_case);
	suite_add_tcase(s, tc);

	tc = tcase_postgresql("untouched");
	tcase_add_test(tc, test_types_untouched_in_definitions);
	tcase_add_test(tc, test_types_other_statements);
	tcase_add_test(tc, test_types_double_precision);
	tcase_add_test(tc, test_types_same_pointer);
	suite_add_tcase(s, tc);

	tc = tcase_postgresql("regressions");
	tcase_add_test(tc, test_types_column_named_type);
	tcase_add_test(tc, test_types_many_columns);
	suite_add_tcase(s, tc);
	return s;
}

/*
 * check_alter.c -- ALTER TABLE in PostgreSQL's forms (docs/alter.md):
 * the head (IF EXISTS, ONLY, schema-qualified and quoted names, the
 * engine's comparison key), every action form, several actions with
 * commas inside parentheses, PostgreSQL-only actions, statements that
 * are not ALTER TABLE, and the errors of malformed statements.
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

static const char *
akind(mig_alter_kind k)
{
	switch (k)
	{
		case MIG_ALTER_ADD_COLUMN:
			return "ADD_COLUMN";
		case MIG_ALTER_DROP_COLUMN:
			return "DROP_COLUMN";
		case MIG_ALTER_RENAME_COLUMN:
			return "RENAME_COLUMN";
		case MIG_ALTER_RENAME_TABLE:
			return "RENAME_TABLE";
		case MIG_ALTER_TYPE:
			return "TYPE";
		case MIG_ALTER_SET_NOT_NULL:
			return "SET_NOT_NULL";
		case MIG_ALTER_DROP_NOT_NULL:
			return "DROP_NOT_NULL";
		case MIG_ALTER_SET_DEFAULT:
			return "SET_DEFAULT";
		case MIG_ALTER_DROP_DEFAULT:
			return "DROP_DEFAULT";
		case MIG_ALTER_ADD_CONSTRAINT:
			return "ADD_CONSTRAINT";
		case MIG_ALTER_DROP_CONSTRAINT:
			return "DROP_CONSTRAINT";
		case MIG_ALTER_OTHER:
			return "OTHER";
	}
	return "?";
}

static mig_alter *
alter_ok(mig_engine d, const char *sql)
{
	mig_alter  *a = mig_alloc(tctx, sizeof(mig_alter));
	int			rc = mig_alter_parse(tctx, d, sql, a);

	ck_assert_msg(rc == MIG_OK, "mig_alter_parse(%s) gave %d: %s\n--- sql: %s", dname(d), rc,
				  rc == MIG_ERROR ? terr() : "", sql);
	return a;
}

/* Parses on both engines; returns the PostgreSQL result. */
static mig_alter *
alter_both(const char *sql)
{
	mig_alter  *s = alter_ok(SQ, sql);
	mig_alter  *p = alter_ok(PG, sql);
	int			i;

	ck_assert_int_eq(s->nactions, p->nactions);
	for (i = 0; i < s->nactions; i++)
		ck_assert_int_eq(s->actions[i].kind, p->actions[i].kind);
	return p;
}

static void
expect_head(const mig_alter *a, const char *schema, const char *table, const char *table_sql,
			const char *head, const char *key, int if_exists, int nactions)
{
	if (schema == NULL)
		ck_assert_msg(a->schema == NULL, "schema [%s], want none", a->schema);
	else
		ck_assert_msg(a->schema != NULL && strcmp(a->schema, schema) == 0,
					  "schema [%s], want [%s]", a->schema ? a->schema : "(none)", schema);
	ck_assert_str_eq(a->table, table);
	ck_assert_str_eq(a->table_sql, table_sql);
	ck_assert_str_eq(a->head, head);
	ck_assert_str_eq(a->key, key);
	ck_assert_int_eq(a->if_exists, if_exists);
	ck_assert_int_eq(a->nactions, nactions);
}

/* Action i has this kind, column (NULL: none) and text. */
static const mig_alter_action *
expect_action(const mig_alter *a, int i, mig_alter_kind kind, const char *column, const char *text)
{
	const mig_alter_action *x;

	ck_assert_msg(i < a->nactions, "no action %d (of %d)", i, a->nactions);
	x = &a->actions[i];
	ck_assert_msg(x->kind == kind, "action %d [%s] is %s, want %s", i, x->text, akind(x->kind), akind(kind));
	if (column == NULL)
		ck_assert_msg(x->column == NULL, "action %d [%s] has column [%s], want none", i, x->text, x->column);
	else
		ck_assert_msg(x->column != NULL && strcmp(x->column, column) == 0,
					  "action %d [%s] has column [%s], want [%s]", i, x->text,
					  x->column ? x->column : "(none)", column);
	ck_assert_msg(strcmp(x->text, text) == 0, "action %d text [%s], want [%s]", i, x->text, text);
	return x;
}

static void
expect_str(const char *got, const char *want, const char *what)
{
	if (want == NULL)
		ck_assert_msg(got == NULL, "%s is [%s], want none", what, got);
	else
		ck_assert_msg(got != NULL && strcmp(got, want) == 0, "%s is [%s], want [%s]", what,
					  got ? got : "(none)", want);
}

/* Fails on the engine with an error containing needle. */
static void
alter_err(mig_engine d, const char *sql, const char *needle)
{
	mig_alter	a;
	int			rc;

	reset_ctx();
	rc = mig_alter_parse(tctx, d, sql, &a);
	ck_assert_msg(rc == MIG_ERROR, "%s: accepted (rc %d) [%s]", dname(d), rc, sql);
	ck_assert_msg(has(mig_ctx_error(tctx), needle), "%s: [%s]: error [%s] lacks [%s]",
				  dname(d), sql, terr(), needle);
}

static void
alter_err_both(const char *sql, const char *needle)
{
	alter_err(SQ, sql, needle);
	alter_err(PG, sql, needle);
}

/* ---- the head ---- */

START_TEST(test_alter_head_plain)
{
	mig_alter  *a = alter_both("ALTER TABLE item ADD x int");

	expect_head(a, NULL, "item", "item", "ALTER TABLE item", "item", 0, 1);
	a = alter_both("  alter   table  item /* c */ add x int -- tail");
	expect_head(a, NULL, "item", "item", "alter   table  item", "item", 0, 1);
	expect_action(a, 0, MIG_ALTER_ADD_COLUMN, "x", "add x int");
	/* a trailing ';' ends the statement */
	a = alter_both("ALTER TABLE item ADD x int;");
	expect_head(a, NULL, "item", "item", "ALTER TABLE item", "item", 0, 1);
	expect_action(a, 0, MIG_ALTER_ADD_COLUMN, "x", "ADD x int");
}
END_TEST

START_TEST(test_alter_head_if_exists_only)
{
	mig_alter  *a = alter_both("ALTER TABLE IF EXISTS ONLY item ADD x int");

	expect_head(a, NULL, "item", "item", "ALTER TABLE IF EXISTS ONLY item", "item", 1, 1);
	a = alter_both("ALTER TABLE ONLY item ADD x int");
	expect_head(a, NULL, "item", "item", "ALTER TABLE ONLY item", "item", 0, 1);
	a = alter_both("ALTER TABLE IF EXISTS item DROP x");
	expect_head(a, NULL, "item", "item", "ALTER TABLE IF EXISTS item", "item", 1, 1);
	/* the statement's IF EXISTS is not the action's */
	ck_assert_int_eq(a->actions[0].if_exists, 0);
	/* name * (and descendants): the star is not an action */
	a = alter_ok(PG, "ALTER TABLE item * ADD x int");
	expect_head(a, NULL, "item", "item", "ALTER TABLE item", "item", 0, 1);
	expect_action(a, 0, MIG_ALTER_ADD_COLUMN, "x", "ADD x int");
}
END_TEST

START_TEST(test_alter_head_schema)
{
	mig_alter  *a = alter_ok(PG, "ALTER TABLE IF EXISTS ONLY \"My S\".\"My T\" ADD x int");

	/* the key carries the schema: main.t and temp.t are not one table */
	expect_head(a, "My S", "My T", "\"My S\".\"My T\"", "ALTER TABLE IF EXISTS ONLY \"My S\".\"My T\"",
				"My S.My T", 1, 1);
	a = alter_ok(PG, "ALTER TABLE public.Item ADD x int");
	expect_head(a, "public", "Item", "public.Item", "ALTER TABLE public.Item", "public.item", 0, 1);
	a = alter_ok(SQ, "ALTER TABLE main.[My T] ADD x int");
	expect_head(a, "main", "My T", "main.[My T]", "ALTER TABLE main.[My T]", "main.my t", 0, 1);
	a = alter_ok(SQ, "ALTER TABLE `temp` . \"Item\" RENAME TO item2");
	expect_head(a, "temp", "Item", "`temp` . \"Item\"", "ALTER TABLE `temp` . \"Item\"", "temp.item", 0, 1);
}
END_TEST

START_TEST(test_alter_key_folding)
{
	/* PostgreSQL folds bare names to lower case and keeps quoted ones */
	ck_assert_str_eq(alter_ok(PG, "ALTER TABLE Item ADD x int")->key, "item");
	ck_assert_str_eq(alter_ok(PG, "ALTER TABLE ITEM ADD x int")->key, "item");
	ck_assert_str_eq(alter_ok(PG, "ALTER TABLE \"Item\" ADD x int")->key, "Item");
	ck_assert_str_eq(alter_ok(PG, "ALTER TABLE \"item\" ADD x int")->key, "item");
	ck_assert_str_eq(alter_ok(PG, "ALTER TABLE \"a\"\"B\" ADD x int")->key, "a\"B");
	/* SQLite compares without case: quoted or not */
	ck_assert_str_eq(alter_ok(SQ, "ALTER TABLE Item ADD x int")->key, "item");
	ck_assert_str_eq(alter_ok(SQ, "ALTER TABLE \"Item\" ADD x int")->key, "item");
	ck_assert_str_eq(alter_ok(SQ, "ALTER TABLE [ITEM] ADD x int")->key, "item");
	ck_assert_str_eq(alter_ok(SQ, "ALTER TABLE `It``em` ADD x int")->key, "it`em");
	/* the name itself keeps its case */
	ck_assert_str_eq(alter_ok(PG, "ALTER TABLE Item ADD x int")->table, "Item");
	ck_assert_str_eq(alter_ok(SQ, "ALTER TABLE \"Item\" ADD x int")->table, "Item");
}
END_TEST

START_TEST(test_alter_not_alter)
{
	static const char *const other[] = {
		"", "-- only a comment", "SELECT 1", "ALTER", "ALTER INDEX i RENAME TO j",
		"ALTER VIEW v RENAME TO w", "ALTER SEQUENCE s RESTART", "CREATE TABLE t (a int)",
		"\"ALTER\" TABLE t ADD x int", "ALTER \"TABLE\" t ADD x int",
		"ALTERTABLE t ADD x int", "INSERT INTO t VALUES ('ALTER TABLE t ADD x int')", NULL
	};
	mig_alter	a;
	int			i;

	for (i = 0; other[i]; i++)
	{
		ck_assert_msg(mig_alter_parse(tctx, PG, other[i], &a) == MIG_NOT_ALTER, "pg: [%s]", other[i]);
		ck_assert_msg(mig_alter_parse(tctx, SQ, other[i], &a) == MIG_NOT_ALTER, "sqlite: [%s]", other[i]);
		/* no error was set (mig_ctx_error's text for none) */
		ck_assert_str_eq(mig_ctx_error(tctx), "unknown error");
	}
}
END_TEST

/* ---- ADD COLUMN ---- */

START_TEST(test_alter_add_column)
{
	mig_alter  *a;
	const mig_alter_action *x;

	a = alter_both("ALTER TABLE t ADD COLUMN c INTEGER NOT NULL DEFAULT 0");
	x = expect_action(a, 0, MIG_ALTER_ADD_COLUMN, "c", "ADD COLUMN c INTEGER NOT NULL DEFAULT 0");
	expect_str(x->expr, "c INTEGER NOT NULL DEFAULT 0", "expr");
	expect_str(x->column_sql, "c", "column_sql");
	ck_assert_int_eq(x->if_exists, 0);

	a = alter_both("ALTER TABLE t ADD c text");
	x = expect_action(a, 0, MIG_ALTER_ADD_COLUMN, "c", "ADD c text");
	expect_str(x->expr, "c text", "expr");

	a = alter_both("ALTER TABLE t ADD COLUMN IF NOT EXISTS \"My C\" numeric(10, 2) CHECK (\"My C\" > 0)");
	x = expect_action(a, 0, MIG_ALTER_ADD_COLUMN, "My C",
					  "ADD COLUMN IF NOT EXISTS \"My C\" numeric(10, 2) CHECK (\"My C\" > 0)");
	ck_assert_int_eq(x->if_exists, 1);
	expect_str(x->column_sql, "\"My C\"", "column_sql");
	expect_str(x->expr, "\"My C\" numeric(10, 2) CHECK (\"My C\" > 0)", "expr");

	a = alter_both("ALTER TABLE t ADD IF NOT EXISTS c int");
	x = expect_action(a, 0, MIG_ALTER_ADD_COLUMN, "c", "ADD IF NOT EXISTS c int");
	ck_assert_int_eq(x->if_exists, 1);

	/* a quoted keyword is a column name */
	a = alter_both("ALTER TABLE t ADD \"constraint\" int");
	expect_action(a, 0, MIG_ALTER_ADD_COLUMN, "constraint", "ADD \"constraint\" int");
	/* with an inline constraint, still a column */
	a = alter_both("ALTER TABLE t ADD COLUMN p int CONSTRAINT p_fk REFERENCES parent (id) ON DELETE SET NULL");
	x = expect_action(a, 0, MIG_ALTER_ADD_COLUMN, "p",
					  "ADD COLUMN p int CONSTRAINT p_fk REFERENCES parent (id) ON DELETE SET NULL");
	/* no type at all (SQLite) */
	a = alter_ok(SQ, "ALTER TABLE t ADD c");
	x = expect_action(a, 0, MIG_ALTER_ADD_COLUMN, "c", "ADD c");
	expect_str(x->expr, "c", "expr");
}
END_TEST

/* ---- DROP COLUMN ---- */

START_TEST(test_alter_drop_column)
{
	mig_alter  *a;
	const mig_alter_action *x;

	a = alter_both("ALTER TABLE t DROP COLUMN c");
	x = expect_action(a, 0, MIG_ALTER_DROP_COLUMN, "c", "DROP COLUMN c");
	ck_assert_int_eq(x->if_exists, 0);
	expect_str(x->column_sql, "c", "column_sql");

	a = alter_both("ALTER TABLE t DROP c");
	expect_action(a, 0, MIG_ALTER_DROP_COLUMN, "c", "DROP c");

	a = alter_both("ALTER TABLE t DROP COLUMN IF EXISTS \"C c\" RESTRICT");
	x = expect_action(a, 0, MIG_ALTER_DROP_COLUMN, "C c", "DROP COLUMN IF EXISTS \"C c\" RESTRICT");
	ck_assert_int_eq(x->if_exists, 1);
	expect_str(x->column_sql, "\"C c\"", "column_sql");

	a = alter_both("ALTER TABLE t DROP IF EXISTS c");
	x = expect_action(a, 0, MIG_ALTER_DROP_COLUMN, "c", "DROP IF EXISTS c");
	ck_assert_int_eq(x->if_exists, 1);

	a = alter_both("ALTER TABLE t DROP c RESTRICT");
	expect_action(a, 0, MIG_ALTER_DROP_COLUMN, "c", "DROP c RESTRICT");
}
END_TEST

START_TEST(test_alter_cascade_refused)
{
	alter_err_both("ALTER TABLE t DROP COLUMN c CASCADE", "CASCADE is not portable");
	alter_err_both("ALTER TABLE t DROP c cascade", "CASCADE is not portable");
	alter_err_both("ALTER TABLE t DROP COLUMN IF EXISTS c CASCADE", "\"DROP COLUMN IF EXISTS c CASCADE\"");
	alter_err_both("ALTER TABLE t DROP CONSTRAINT k CASCADE", "CASCADE is not portable");
	alter_err_both("ALTER TABLE t ADD x int, DROP CONSTRAINT IF EXISTS k CASCADE", "CASCADE is not portable");
}
END_TEST

/* ---- ALTER COLUMN ... TYPE ---- */

START_TEST(test_alter_type)
{
	mig_alter  *a;
	const mig_alter_action *x;

	a = alter_both("ALTER TABLE t ALTER COLUMN c TYPE bigint");
	x = expect_action(a, 0, MIG_ALTER_TYPE, "c", "ALTER COLUMN c TYPE bigint");
	expect_str(x->type, "bigint", "type");
	expect_str(x->collate, NULL, "collate");
	expect_str(x->using_expr, NULL, "using");

	a = alter_both("ALTER TABLE t ALTER c TYPE numeric(10, 2)");
	x = expect_action(a, 0, MIG_ALTER_TYPE, "c", "ALTER c TYPE numeric(10, 2)");
	expect_str(x->type, "numeric(10, 2)", "type");

	a = alter_both("ALTER TABLE t ALTER COLUMN c SET DATA TYPE character varying(20)");
	x = expect_action(a, 0, MIG_ALTER_TYPE, "c", "ALTER COLUMN c SET DATA TYPE character varying(20)");
	expect_str(x->type, "character varying(20)", "type");

	a = alter_both("ALTER TABLE t ALTER c SET DATA TYPE text COLLATE \"C\" USING CAST(c AS TEXT)");
	x = expect_action(a, 0, MIG_ALTER_TYPE, "c", "ALTER c SET DATA TYPE text COLLATE \"C\" USING CAST(c AS TEXT)");
	expect_str(x->type, "text", "type");
	expect_str(x->collate, "\"C\"", "collate");
	expect_str(x->using_expr, "CAST(c AS TEXT)", "using");

	a = alter_both("ALTER TABLE t ALTER COLUMN c TYPE text COLLATE nocase");
	x = expect_action(a, 0, MIG_ALTER_TYPE, "c", "ALTER COLUMN c TYPE text COLLATE nocase");
	expect_str(x->collate, "nocase", "collate");
	expect_str(x->using_expr, NULL, "using");

	a = alter_both("ALTER TABLE t ALTER COLUMN \"Q\" TYPE integer USING (\"Q\" + 1) * 2");
	x = expect_action(a, 0, MIG_ALTER_TYPE, "Q", "ALTER COLUMN \"Q\" TYPE integer USING (\"Q\" + 1) * 2");
	expect_str(x->column_sql, "\"Q\"", "column_sql");
	expect_str(x->type, "integer", "type");
	expect_str(x->using_expr, "(\"Q\" + 1) * 2", "using");

	/* COLLATE or USING inside parentheses does not end the type */
	a = alter_ok(PG, "ALTER TABLE t ALTER c TYPE int USING f(c COLLATE \"C\", 'USING')");
	x = expect_action(a, 0, MIG_ALTER_TYPE, "c", "ALTER c TYPE int USING f(c COLLATE \"C\", 'USING')");
	expect_str(x->type, "int", "type");
	expect_str(x->collate, NULL, "collate");
	expect_str(x->using_expr, "f(c COLLATE \"C\", 'USING')", "using");

	/* PostgreSQL's casts in USING are kept as written */
	a = alter_ok(PG, "ALTER TABLE t ALTER c TYPE int USING c::int");
	expect_str(a->actions[0].using_expr, "c::int", "using");

	/* a column named type */
	a = alter_both("ALTER TABLE t ALTER COLUMN type TYPE text");
	x = expect_action(a, 0, MIG_ALTER_TYPE, "type", "ALTER COLUMN type TYPE text");
	expect_str(x->type, "text", "type");
}
END_TEST

START_TEST(test_alter_type_errors)
{
	alter_err_both("ALTER TABLE t ALTER COLUMN c TYPE", "expected a type after TYPE");
	alter_err_both("ALTER TABLE t ALTER COLUMN c SET DATA TYPE", "expected a type after TYPE");
	alter_err_both("ALTER TABLE t ALTER c TYPE COLLATE \"C\"", "expected a type after TYPE");
	alter_err_both("ALTER TABLE t ALTER c TYPE int USING", "expected an expression after USING");
	alter_err_both("ALTER TABLE t ALTER c TYPE text COLLATE", "expected a collation after COLLATE");
	alter_err_both("ALTER TABLE t ALTER c TYPE text COLLATE \"C\" junk", "unexpected \"junk\"");
	alter_err_both("ALTER TABLE t ALTER c TYPE text USING c, DROP d CASCADE", "CASCADE");
}
END_TEST

/* ---- NOT NULL and DEFAULT ---- */

START_TEST(test_alter_not_null_default)
{
	mig_alter  *a;
	const mig_alter_action *x;

	a = alter_both("ALTER TABLE t ALTER COLUMN c SET NOT NULL");
	expect_action(a, 0, MIG_ALTER_SET_NOT_NULL, "c", "ALTER COLUMN c SET NOT NULL");
	a = alter_both("ALTER TABLE t ALTER c DROP NOT NULL");
	expect_action(a, 0, MIG_ALTER_DROP_NOT_NULL, "c", "ALTER c DROP NOT NULL");
	a = alter_both("ALTER TABLE t ALTER COLUMN c DROP DEFAULT");
	x = expect_action(a, 0, MIG_ALTER_DROP_DEFAULT, "c", "ALTER COLUMN c DROP DEFAULT");
	expect_str(x->expr, NULL, "expr");

	a = alter_both("ALTER TABLE t ALTER COLUMN c SET DEFAULT 0");
	x = expect_action(a, 0, MIG_ALTER_SET_DEFAULT, "c", "ALTER COLUMN c SET DEFAULT 0");
	expect_str(x->expr, "0", "expr");
	a = alter_both("ALTER TABLE t ALTER c SET DEFAULT -1.5");
	expect_str(a->actions[0].expr, "-1.5", "expr");
	a = alter_both("ALTER TABLE t ALTER c SET DEFAULT 'a, b' || lower('X, Y')");
	x = expect_action(a, 0, MIG_ALTER_SET_DEFAULT, "c", "ALTER c SET DEFAULT 'a, b' || lower('X, Y')");
	expect_str(x->expr, "'a, b' || lower('X, Y')", "expr");
	a = alter_both("ALTER TABLE t ALTER c SET DEFAULT (CURRENT_TIMESTAMP)");
	expect_str(a->actions[0].expr, "(CURRENT_TIMESTAMP)", "expr");
	a = alter_ok(PG, "ALTER TABLE t ALTER c SET DEFAULT now() + interval '1 day'");
	expect_str(a->actions[0].expr, "now() + interval '1 day'", "expr");
}
END_TEST

/* ---- constraints ---- */

START_TEST(test_alter_add_constraint)
{
	mig_alter  *a;
	const mig_alter_action *x;

	a = alter_both("ALTER TABLE t ADD CONSTRAINT t_pk PRIMARY KEY (a, b)");
	x = expect_action(a, 0, MIG_ALTER_ADD_CONSTRAINT, "t_pk", "ADD CONSTRAINT t_pk PRIMARY KEY (a, b)");
	expect_str(x->expr, "CONSTRAINT t_pk PRIMARY KEY (a, b)", "expr");
	expect_str(x->column_sql, "t_pk", "column_sql");

	a = alter_both("ALTER TABLE t ADD PRIMARY KEY (a)");
	x = expect_action(a, 0, MIG_ALTER_ADD_CONSTRAINT, NULL, "ADD PRIMARY KEY (a)");
	expect_str(x->expr, "PRIMARY KEY (a)", "expr");

	a = alter_both("ALTER TABLE t ADD UNIQUE (a, b)");
	x = expect_action(a, 0, MIG_ALTER_ADD_CONSTRAINT, NULL, "ADD UNIQUE (a, b)");
	expect_str(x->expr, "UNIQUE (a, b)", "expr");

	a = alter_both("ALTER TABLE t ADD CONSTRAINT \"Pos Check\" CHECK (a > 0 AND b IN (1, 2))");
	x = expect_action(a, 0, MIG_ALTER_ADD_CONSTRAINT, "Pos Check",
					  "ADD CONSTRAINT \"Pos Check\" CHECK (a > 0 AND b IN (1, 2))");
	expect_str(x->column_sql, "\"Pos Check\"", "column_sql");
	expect_str(x->expr, "CONSTRAINT \"Pos Check\" CHECK (a > 0 AND b IN (1, 2))", "expr");

	a = alter_both("ALTER TABLE t ADD CHECK (a <> b)");
	expect_action(a, 0, MIG_ALTER_ADD_CONSTRAINT, NULL, "ADD CHECK (a <> b)");

	a = alter_both("ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (p, q) REFERENCES parent (a, b) "
				   "ON DELETE SET NULL ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED NOT VALID");
	x = expect_action(a, 0, MIG_ALTER_ADD_CONSTRAINT, "fk",
					  "ADD CONSTRAINT fk FOREIGN KEY (p, q) REFERENCES parent (a, b) "
					  "ON DELETE SET NULL ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED NOT VALID");
	expect_str(x->expr, "CONSTRAINT fk FOREIGN KEY (p, q) REFERENCES parent (a, b) "
			   "ON DELETE SET NULL ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED NOT VALID", "expr");

	a = alter_both("ALTER TABLE t ADD FOREIGN KEY (p) REFERENCES parent");
	expect_action(a, 0, MIG_ALTER_ADD_CONSTRAINT, NULL, "ADD FOREIGN KEY (p) REFERENCES parent");
}
END_TEST

START_TEST(test_alter_drop_constraint)
{
	mig_alter  *a;
	const mig_alter_action *x;

	a = alter_both("ALTER TABLE t DROP CONSTRAINT t_a_check");
	x = expect_action(a, 0, MIG_ALTER_DROP_CONSTRAINT, "t_a_check", "DROP CONSTRAINT t_a_check");
	ck_assert_int_eq(x->if_exists, 0);

	a = alter_both("ALTER TABLE t DROP CONSTRAINT IF EXISTS \"My K\" RESTRICT");
	x = expect_action(a, 0, MIG_ALTER_DROP_CONSTRAINT, "My K", "DROP CONSTRAINT IF EXISTS \"My K\" RESTRICT");
	ck_assert_int_eq(x->if_exists, 1);
	expect_str(x->column_sql, "\"My K\"", "column_sql");

	alter_err_both("ALTER TABLE t DROP CONSTRAINT", "expected a name after DROP");
	alter_err_both("ALTER TABLE t DROP CONSTRAINT IF EXISTS", "expected a name after DROP");
	alter_err_both("ALTER TABLE t DROP CONSTRAINT a b", "unexpected \"b\"");
}
END_TEST

/* ---- renames ---- */

START_TEST(test_alter_rename)
{
	mig_alter  *a;
	const mig_alter_action *x;

	a = alter_both("ALTER TABLE t RENAME COLUMN a TO b");
	x = expect_action(a, 0, MIG_ALTER_RENAME_COLUMN, "a", "RENAME COLUMN a TO b");
	expect_str(x->new_name, "b", "new_name");
	expect_str(x->new_name_sql, "b", "new_name_sql");

	a = alter_both("ALTER TABLE t RENAME \"Old\" TO \"New One\"");
	x = expect_action(a, 0, MIG_ALTER_RENAME_COLUMN, "Old", "RENAME \"Old\" TO \"New One\"");
	expect_str(x->column_sql, "\"Old\"", "column_sql");
	expect_str(x->new_name, "New One", "new_name");
	expect_str(x->new_name_sql, "\"New One\"", "new_name_sql");

	a = alter_both("ALTER TABLE IF EXISTS s.t RENAME TO t2");
	expect_head(a, "s", "t", "s.t", "ALTER TABLE IF EXISTS s.t", "s.t", 1, 1);
	x = expect_action(a, 0, MIG_ALTER_RENAME_TABLE, NULL, "RENAME TO t2");
	expect_str(x->new_name, "t2", "new_name");
	expect_str(x->new_name_sql, "t2", "new_name_sql");

	a = alter_ok(SQ, "ALTER TABLE t RENAME TO [x y]");
	x = expect_action(a, 0, MIG_ALTER_RENAME_TABLE, NULL, "RENAME TO [x y]");
	expect_str(x->new_name, "x y", "new_name");
	expect_str(x->new_name_sql, "[x y]", "new_name_sql");

	/* PostgreSQL only */
	a = alter_ok(PG, "ALTER TABLE t RENAME CONSTRAINT a TO b");
	expect_action(a, 0, MIG_ALTER_OTHER, NULL, "RENAME CONSTRAINT a TO b");
}
END_TEST

START_TEST(test_alter_rename_errors)
{
	alter_err_both("ALTER TABLE t RENAME TO", "expected RENAME TO new_name");
	alter_err_both("ALTER TABLE t RENAME TO a b", "expected RENAME TO new_name");
	alter_err_both("ALTER TABLE t RENAME TO 'a'", "expected RENAME TO new_name");
	alter_err_both("ALTER TABLE t RENAME a TO", "expected RENAME [COLUMN] a TO b");
	alter_err_both("ALTER TABLE t RENAME COLUMN a b", "expected RENAME [COLUMN] a TO b");
	alter_err_both("ALTER TABLE t RENAME COLUMN TO b", "expected RENAME [COLUMN] a TO b");
	alter_err_both("ALTER TABLE t RENAME COLUMN a TO b c", "expected RENAME [COLUMN] a TO b");
	alter_err_both("ALTER TABLE t RENAME", "expected RENAME [COLUMN] a TO b");
	/* PostgreSQL refuses RENAME with any other action */
	alter_err_both("ALTER TABLE t RENAME TO u, ADD c int", "RENAME cannot be combined");
	alter_err_both("ALTER TABLE t ADD c int, RENAME TO u", "RENAME cannot be combined");
	alter_err_both("ALTER TABLE t RENAME a TO b, RENAME c TO d", "RENAME cannot be combined");
	alter_err_both("ALTER TABLE t DROP x, RENAME COLUMN a TO b", "RENAME cannot be combined");
}
END_TEST

/* ---- several actions ---- */

START_TEST(test_alter_several_actions)
{
	mig_alter  *a = alter_both(
		"ALTER TABLE IF EXISTS ONLY public.item\n"
		"  ADD COLUMN price numeric(10, 2) DEFAULT round(1.5, 1) CHECK (price IN (1, 2)),\n"
		"  DROP COLUMN IF EXISTS old RESTRICT,\n"
		"  ALTER COLUMN qty SET DATA TYPE bigint USING coalesce(qty, 0),\n"
		"  ALTER name SET NOT NULL,\n"
		"  ALTER COLUMN note DROP NOT NULL,\n"
		"  ALTER note SET DEFAULT 'a, b',\n"
		"  ALTER COLUMN flag DROP DEFAULT,\n"
		"  ADD CONSTRAINT u UNIQUE (name, qty),\n"
		"  ADD CHECK (qty > 0),\n"
		"  DROP CONSTRAINT IF EXISTS item_old_check");
	const mig_alter_action *x;

	expect_head(a, "public", "item", "public.item", "ALTER TABLE IF EXISTS ONLY public.item", "public.item", 1, 10);
	x = expect_action(a, 0, MIG_ALTER_ADD_COLUMN, "price",
					  "ADD COLUMN price numeric(10, 2) DEFAULT round(1.5, 1) CHECK (price IN (1, 2))");
	expect_str(x->expr, "price numeric(10, 2) DEFAULT round(1.5, 1) CHECK (price IN (1, 2))", "expr");
	x = expect_action(a, 1, MIG_ALTER_DROP_COLUMN, "old", "DROP COLUMN IF EXISTS old RESTRICT");
	ck_assert_int_eq(x->if_exists, 1);
	x = expect_action(a, 2, MIG_ALTER_TYPE, "qty", "ALTER COLUMN qty SET DATA TYPE bigint USING coalesce(qty, 0)");
	expect_str(x->type, "bigint", "type");
	expect_str(x->using_expr, "coalesce(qty, 0)", "using");
	expect_action(a, 3, MIG_ALTER_SET_NOT_NULL, "name", "ALTER name SET NOT NULL");
	expect_action(a, 4, MIG_ALTER_DROP_NOT_NULL, "note", "ALTER COLUMN note DROP NOT NULL");
	x = expect_action(a, 5, MIG_ALTER_SET_DEFAULT, "note", "ALTER note SET DEFAULT 'a, b'");
	expect_str(x->expr, "'a, b'", "expr");
	expect_action(a, 6, MIG_ALTER_DROP_DEFAULT, "flag", "ALTER COLUMN flag DROP DEFAULT");
	expect_action(a, 7, MIG_ALTER_ADD_CONSTRAINT, "u", "ADD CONSTRAINT u UNIQUE (name, qty)");
	expect_action(a, 8, MIG_ALTER_ADD_CONSTRAINT, NULL, "ADD CHECK (qty > 0)");
	x = expect_action(a, 9, MIG_ALTER_DROP_CONSTRAINT, "item_old_check", "DROP CONSTRAINT IF EXISTS item_old_check");
	ck_assert_int_eq(x->if_exists, 1);
}
END_TEST

START_TEST(test_alter_many_actions)
{
	/* the action array grows */
	mig_buf		b;
	mig_alter  *a;
	int			i;

	mig_buf_init(&b, tctx);
	mig_buf_puts(&b, "ALTER TABLE t");
	for (i = 0; i < 50; i++)
		mig_buf_printf(&b, "%s ADD COLUMN c%d int", i ? "," : "", i);
	a = alter_both(b.data);
	ck_assert_int_eq(a->nactions, 50);
	expect_action(a, 49, MIG_ALTER_ADD_COLUMN, "c49", "ADD COLUMN c49 int");
}
END_TEST

/* ---- PostgreSQL-only actions ---- */

START_TEST(test_alter_other)
{
	mig_alter  *a;

	a = alter_both("ALTER TABLE t OWNER TO bob");
	expect_action(a, 0, MIG_ALTER_OTHER, NULL, "OWNER TO bob");
	a = alter_both("ALTER TABLE t SET (fillfactor=70, autovacuum_enabled = false)");
	expect_action(a, 0, MIG_ALTER_OTHER, NULL, "SET (fillfactor=70, autovacuum_enabled = false)");
	a = alter_both("ALTER TABLE t SET SCHEMA s2");
	expect_action(a, 0, MIG_ALTER_OTHER, NULL, "SET SCHEMA s2");
	a = alter_both("ALTER TABLE t ENABLE TRIGGER ALL");
	expect_action(a, 0, MIG_ALTER_OTHER, NULL, "ENABLE TRIGGER ALL");
	/* column forms PostgreSQL has and mig does not translate */
	a = alter_both("ALTER TABLE t ALTER COLUMN c SET STATISTICS 100");
	expect_action(a, 0, MIG_ALTER_OTHER, "c", "ALTER COLUMN c SET STATISTICS 100");
	a = alter_both("ALTER TABLE t ALTER c SET STORAGE PLAIN, ADD d int, OWNER TO bob");
	ck_assert_int_eq(a->nactions, 3);
	expect_action(a, 0, MIG_ALTER_OTHER, "c", "ALTER c SET STORAGE PLAIN");
	expect_action(a, 1, MIG_ALTER_ADD_COLUMN, "d", "ADD d int");
	expect_action(a, 2, MIG_ALTER_OTHER, NULL, "OWNER TO bob");
	a = alter_both("ALTER TABLE t ALTER COLUMN c ADD GENERATED ALWAYS AS IDENTITY");
	expect_action(a, 0, MIG_ALTER_OTHER, "c", "ALTER COLUMN c ADD GENERATED ALWAYS AS IDENTITY");
	a = alter_both("ALTER TABLE t VALIDATE CONSTRAINT k");
	expect_action(a, 0, MIG_ALTER_OTHER, NULL, "VALIDATE CONSTRAINT k");
}
END_TEST

/* ---- malformed ---- */

START_TEST(test_alter_errors)
{
	alter_err_both("ALTER TABLE", "expected a table name");
	alter_err_both("ALTER TABLE IF EXISTS", "expected a table name");
	alter_err_both("ALTER TABLE ONLY", "expected a table name");
	alter_err_both("ALTER TABLE 'x' ADD c int", "expected a table name");
	alter_err_both("ALTER TABLE (t) ADD c int", "expected a table name");
	alter_err_both("ALTER TABLE t", "ALTER TABLE t: no action");
	alter_err_both("ALTER TABLE s.t", "ALTER TABLE s.t: no action");
	alter_err_both("ALTER TABLE t;", "empty action");
	alter_err_both("ALTER TABLE t , ADD c int", "empty action");
	alter_err_both("ALTER TABLE t ADD c int,, ADD d int", "empty action");
	alter_err_both("ALTER TABLE t ADD", "expected a column definition after ADD");
	alter_err_both("ALTER TABLE t ADD COLUMN", "expected a column definition after ADD");
	alter_err_both("ALTER TABLE t ADD COLUMN IF NOT EXISTS", "expected a column definition after ADD");
	alter_err_both("ALTER TABLE t ADD COLUMN 'c' int", "expected a column definition after ADD");
	alter_err_both("ALTER TABLE t ADD COLUMN (c int)", "expected a column definition after ADD");
	alter_err_both("ALTER TABLE t DROP", "expected a name after DROP");
	alter_err_both("ALTER TABLE t DROP COLUMN", "expected a name after DROP");
	alter_err_both("ALTER TABLE t DROP COLUMN IF EXISTS", "expected a name after DROP");
	alter_err_both("ALTER TABLE t DROP COLUMN a b", "unexpected \"b\" in \"DROP COLUMN a b\"");
	alter_err_both("ALTER TABLE t ALTER", "expected a column after ALTER");
	alter_err_both("ALTER TABLE t ALTER COLUMN", "expected a column after ALTER");
	alter_err_both("ALTER TABLE t ALTER COLUMN 'c' SET NOT NULL", "expected a column after ALTER");
	/* the first error names the statement's table */
	alter_err_both("ALTER TABLE \"My T\"", "ALTER TABLE \"My T\": no action");
}
END_TEST

/* ---- known core bugs (make known-bugs) ---- */

START_TEST(test_alter_trailing_comma)
{
	/* A comma with no action after it is a syntax error on PostgreSQL;
	 * mig_alter_parse accepts it with one action. */
	alter_err_both("ALTER TABLE t ADD c int,", "empty action");
}
END_TEST

START_TEST(test_alter_missing_names)
{
	/* ADD CONSTRAINT without a name takes the next token (or one past
	 * the end) as the name; a constraint with no body is accepted. */
	alter_err_both("ALTER TABLE t ADD CONSTRAINT", "ALTER TABLE");
	alter_err_both("ALTER TABLE t ADD CONSTRAINT, DROP x", "ALTER TABLE");
	alter_err_both("ALTER TABLE t ADD CONSTRAINT c", "ALTER TABLE");
	{
		/* exactly 64 tokens (the token array's first size): the name is
		 * read from past the array (valgrind: uninitialised values) */
		/* not in ctx memory: alter_err starts a fresh ctx */
		char		sql[512];
		size_t		len;
		int			i;

		len = (size_t) snprintf(sql, sizeof(sql), "ALTER TABLE t");
		for (i = 0; i < 11; i++)
			len += (size_t) snprintf(sql + len, sizeof(sql) - len, " ADD a%d int,", i);
		for (i = 0; i < 5; i++)
			len += (size_t) snprintf(sql + len, sizeof(sql) - len, " ADD b%d,", i);
		snprintf(sql + len, sizeof(sql) - len, " ADD CONSTRAINT");
		alter_err(PG, sql, "ALTER TABLE");
	}
	/* "s." with no table name reads ADD as the table */
	alter_err_both("ALTER TABLE s. ADD a int", "ALTER TABLE");
	/* a column form with nothing after SET DEFAULT is no PostgreSQL action
	 * either (it reads as MIG_ALTER_OTHER, "not supported on SQLite") */
	alter_err_both("ALTER TABLE t ALTER COLUMN c SET DEFAULT", "ALTER TABLE");
}
END_TEST

START_TEST(test_alter_qualified_collation)
{
	/* COLLATE takes a possibly schema-qualified name */
	mig_alter  *a = alter_ok(PG, "ALTER TABLE t ALTER c TYPE text COLLATE pg_catalog.\"C\"");

	expect_str(a->actions[0].collate, "pg_catalog.\"C\"", "collate");
}
END_TEST

Suite *
alter_suite(void)
{
	Suite	   *s = suite_create("alter");
	TCase	   *tc;

	tc = tcase_sqlite("head");
	tcase_add_test(tc, test_alter_head_plain);
	tcase_add_test(tc, test_alter_head_if_exists_only);
	tcase_add_test(tc, test_alter_head_schema);
	tcase_add_test(tc, test_alter_key_folding);
	tcase_add_test(tc, test_alter_not_alter);
	suite_add_tcase(s, tc);

	tc = tcase_postgresql("columns");
	tcase_add_test(tc, test_alter_add_column);
	tcase_add_test(tc, test_alter_drop_column);
	tcase_add_test(tc, test_alter_cascade_refused);
	tcase_add_test(tc, test_alter_type);
	tcase_add_test(tc, test_alter_type_errors);
	tcase_add_test(tc, test_alter_not_null_default);
	suite_add_tcase(s, tc);

	tc = tcase_postgresql("constraints");
	tcase_add_test(tc, test_alter_add_constraint);
	tcase_add_test(tc, test_alter_drop_constraint);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("renames");
	tcase_add_test(tc, test_alter_rename);
	tcase_add_test(tc, test_alter_rename_errors);
	suite_add_tcase(s, tc);

	tc = tcase_postgresql("several");
	tcase_add_test(tc, test_alter_several_actions);
	tcase_add_test(tc, test_alter_many_actions);
	tcase_add_test(tc, test_alter_other);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("errors");
	tcase_add_test(tc, test_alter_errors);
	suite_add_tcase(s, tc);

	tc = tcase_postgresql("regressions");
	tcase_add_test(tc, test_alter_trailing_comma);
	tcase_add_test(tc, test_alter_missing_names);
	tcase_add_test(tc, test_alter_qualified_collation);
	suite_add_tcase(s, tc);
	return s;
}

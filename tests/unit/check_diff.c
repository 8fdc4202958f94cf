/*
 * check_diff.c -- the schema model and its diff (schema.c, diff.c)
 * without a database: SQLite models are made from sqlite_schema rows
 * (the text SQLite stores), PostgreSQL models by hand as the catalog
 * queries would fill them.  The round trips against the real engines
 * are in tests/autogen.
 */
#include <string.h>
#include "unit_util.h"

/* ---- building models ---- */

static mig_schema *
sq_schema(const char *const *rows)
{
	mig_schema *s = mig_alloc(tctx, sizeof(mig_schema));
	int			i;

	s->engine = MIG_ENGINE_SQLITE;
	for (i = 0; rows[i]; i += 4)
		ck_assert_msg(mig_schema_add_sqlite(tctx, s, rows[i], rows[i + 1], rows[i + 2],
											rows[i + 3]) == MIG_OK, "%s", terr());
	return s;
}

static char *
diff_sql(const mig_schema *a, const mig_schema *b, char **descr, int *n)
{
	mig_buf		sql,
				d;

	mig_buf_init(&sql, tctx);
	mig_buf_init(&d, tctx);
	*n = mig_schema_diff(tctx, a, b, &sql, &d, NULL);
	if (descr)
		*descr = d.data;
	return sql.data;
}

/* Position of needle in s, or -1. */
static long
at(const char *s, const char *needle)
{
	const char *p = strstr(s, needle);

	return p ? (long) (p - s) : -1;
}

static void
before(const char *s, const char *a, const char *b)
{
	ck_assert_msg(at(s, a) >= 0, "missing [%s] in:\n%s", a, s);
	ck_assert_msg(at(s, b) >= 0, "missing [%s] in:\n%s", b, s);
	ck_assert_msg(at(s, a) < at(s, b), "[%s] should come before [%s] in:\n%s", a, b, s);
}

/* ---- normalising ---- */

START_TEST(normalize_sqlite)
{
	ck_assert_str_eq(mig_sql_normalize(tctx, MIG_ENGINE_SQLITE, "varchar( 10 )"),
					 mig_sql_normalize(tctx, MIG_ENGINE_SQLITE, "VARCHAR(10)"));
	ck_assert_str_eq(mig_sql_normalize(tctx, MIG_ENGINE_SQLITE, "CHECK (\"Price\" > 0)"),
					 mig_sql_normalize(tctx, MIG_ENGINE_SQLITE, "check(price>0)"));
	/* strings keep their case and spaces */
	ck_assert_str_ne(mig_sql_normalize(tctx, MIG_ENGINE_SQLITE, "DEFAULT 'a  b'"),
					 mig_sql_normalize(tctx, MIG_ENGINE_SQLITE, "DEFAULT 'A b'"));
}
END_TEST

START_TEST(normalize_postgresql)
{
	/* quoted names keep their case on PostgreSQL */
	ck_assert_str_ne(mig_sql_normalize(tctx, MIG_ENGINE_POSTGRESQL, "\"Price\" > 0"),
					 mig_sql_normalize(tctx, MIG_ENGINE_POSTGRESQL, "price > 0"));
	ck_assert_str_eq(mig_sql_normalize(tctx, MIG_ENGINE_POSTGRESQL, "lower( x )"),
					 mig_sql_normalize(tctx, MIG_ENGINE_POSTGRESQL, "LOWER(x)"));
}
END_TEST

/* ---- SQLite models ---- */

START_TEST(column_and_table_constraints_agree)
{
	static const char *const a[] = {
		"table", "p", "p", "CREATE TABLE p (id INTEGER PRIMARY KEY)",
		"table", "t", "t", "CREATE TABLE t (id INTEGER PRIMARY KEY, "
		"e TEXT UNIQUE, n INT CHECK (n > 0), p_id INT REFERENCES p(id) ON DELETE CASCADE)",
		NULL
	};
	static const char *const b[] = {
		"table", "P", "P", "CREATE TABLE \"P\" (\"ID\" integer, PRIMARY KEY (id))",
		"table", "t", "t", "create table t (ID integer, E text, N int, P_ID int, "
		"primary key (id), unique (e), check (n>0), "
		"foreign key (p_id) references p (id) on delete cascade)",
		NULL
	};
	int			n;
	char	   *descr;

	diff_sql(sq_schema(a), sq_schema(b), &descr, &n);
	ck_assert_msg(n == 0, "%d differences:\n%s", n, descr);
}
END_TEST

START_TEST(postgresql_names_for_unnamed)
{
	static const char *const a[] = {
		"table", "t", "t", "CREATE TABLE t (id INTEGER PRIMARY KEY, e TEXT UNIQUE, "
		"n INT CHECK (n > 0), CHECK (n < e), FOREIGN KEY (n, e) REFERENCES u (a, b))",
		NULL
	};
	static const char *const b[] = {"table", "t", "t", "CREATE TABLE t (id INTEGER, e TEXT, n INT)", NULL};
	int			n;
	char	   *sql = diff_sql(sq_schema(a), sq_schema(b), NULL, &n);

	ck_assert_int_eq(n, 5);
	ck_assert(has(sql, "DROP CONSTRAINT \"t_pkey\""));
	ck_assert(has(sql, "DROP CONSTRAINT \"t_e_key\""));
	ck_assert(has(sql, "DROP CONSTRAINT \"t_n_check\""));
	ck_assert(has(sql, "DROP CONSTRAINT \"t_check\""));
	ck_assert(has(sql, "DROP CONSTRAINT \"t_n_e_fkey\""));
}
END_TEST

START_TEST(new_tables_parents_first)
{
	static const char *const none[] = {NULL};
	static const char *const b[] = {
		"table", "child", "child", "CREATE TABLE child (id INT, m_id INT REFERENCES mid(id))",
		"table", "mid", "mid", "CREATE TABLE mid (id INT PRIMARY KEY, r_id INT REFERENCES root(id))",
		"table", "root", "root", "CREATE TABLE root (id INT PRIMARY KEY)",
		"index", "child_m", "child", "CREATE INDEX child_m ON child (m_id)",
		NULL
	};
	int			n;
	char	   *up = diff_sql(sq_schema(none), sq_schema(b), NULL, &n);
	char	   *down = diff_sql(sq_schema(b), sq_schema(none), NULL, &n);

	before(up, "CREATE TABLE root", "CREATE TABLE mid");
	before(up, "CREATE TABLE mid", "CREATE TABLE child");
	before(up, "CREATE TABLE child", "CREATE INDEX child_m");
	before(down, "DROP TABLE \"child\"", "DROP TABLE \"mid\"");
	before(down, "DROP TABLE \"mid\"", "DROP TABLE \"root\"");
	/* the index goes with its table */
	ck_assert_msg(!has(down, "DROP INDEX"), "%s", down);
}
END_TEST

START_TEST(rename_hints)
{
	static const char *const a[] = {
		"table", "t", "t", "CREATE TABLE t (id INT, old_name TEXT)",
		"table", "gone", "gone", "CREATE TABLE gone (a INT, b TEXT)",
		NULL
	};
	static const char *const b[] = {
		"table", "t", "t", "CREATE TABLE t (id INT, new_name text)",
		"table", "came", "came", "CREATE TABLE came (a INT, b TEXT)",
		NULL
	};
	int			n;
	char	   *up = diff_sql(sq_schema(a), sq_schema(b), NULL, &n);

	ck_assert_msg(has(up, "-- REVIEW: \"t\".\"old_name\" goes and \"new_name\" comes with the same type"), "%s", up);
	ck_assert_msg(has(up, "RENAME COLUMN \"old_name\" TO \"new_name\""), "%s", up);
	ck_assert_msg(has(up, "-- REVIEW: table \"gone\" goes and \"came\" comes with the same columns"), "%s", up);
	/* still a working script: the drop and the add are there */
	ck_assert(has(up, "ALTER TABLE \"t\" DROP COLUMN \"old_name\";"));
	ck_assert(has(up, "ALTER TABLE \"t\" ADD COLUMN \"new_name\" text;"));
}
END_TEST

START_TEST(views_over_changed_tables_come_back)
{
	static const char *const a[] = {
		"table", "t", "t", "CREATE TABLE t (id INT, x INT, y INT)",
		"view", "v", "v", "CREATE VIEW v AS SELECT id, x FROM t",
		"view", "w", "w", "CREATE VIEW w AS SELECT id FROM v",
		"view", "other", "other", "CREATE VIEW other AS SELECT 1",
		NULL
	};
	static const char *const b[] = {
		"table", "t", "t", "CREATE TABLE t (id INT, x TEXT)",
		"view", "v", "v", "CREATE VIEW v AS SELECT id, x FROM t",
		"view", "w", "w", "CREATE VIEW w AS SELECT id FROM v",
		"view", "other", "other", "CREATE VIEW other AS SELECT 1",
		NULL
	};
	int			n;
	char	   *up = diff_sql(sq_schema(a), sq_schema(b), NULL, &n);

	/* v uses t, whose x is retyped: dropped first, made again last; w
	 * uses v, so it goes first and comes back after v */
	before(up, "DROP VIEW \"w\"", "DROP VIEW \"v\"");
	before(up, "DROP VIEW \"v\"", "ALTER TABLE \"t\"");
	before(up, "ALTER TABLE \"t\" ALTER COLUMN \"x\" TYPE TEXT", "CREATE VIEW v");
	before(up, "CREATE VIEW v", "CREATE VIEW w");
	ck_assert_msg(!has(up, "\"other\""), "%s", up);
	ck_assert_int_eq(n, 2);		/* the column dropped, the type changed */
}
END_TEST

START_TEST(indexes_and_triggers)
{
	static const char *const a[] = {
		"table", "t", "t", "CREATE TABLE t (id INT, x INT)",
		"index", "t_x", "t", "CREATE INDEX t_x ON t (x)",
		"index", "t_gone", "t", "CREATE INDEX t_gone ON t (id)",
		NULL
	};
	static const char *const b[] = {
		"table", "t", "t", "CREATE TABLE t (id INT, x INT)",
		"index", "t_x", "t", "CREATE UNIQUE INDEX t_x ON t (x) WHERE x > 0",
		"trigger", "t_ins", "t", "CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN SELECT 1; END",
		NULL
	};
	mig_buf		sql;
	int			trig = 0;
	int			n;

	mig_buf_init(&sql, tctx);
	n = mig_schema_diff(tctx, sq_schema(a), sq_schema(b), &sql, NULL, &trig);
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(trig, 1);
	before(sql.data, "DROP INDEX \"t_x\"", "CREATE UNIQUE INDEX t_x");
	ck_assert(has(sql.data, "DROP INDEX \"t_gone\";"));
	before(sql.data, "CREATE UNIQUE INDEX t_x", "CREATE TRIGGER t_ins");
}
END_TEST

START_TEST(options_cannot_be_altered)
{
	static const char *const a[] = {"table", "t", "t", "CREATE TABLE t (id INTEGER PRIMARY KEY) STRICT", NULL};
	static const char *const b[] = {"table", "t", "t", "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT)", NULL};
	int			n;
	char	   *descr;
	char	   *up = diff_sql(sq_schema(a), sq_schema(b), &descr, &n);

	ck_assert_int_eq(n, 1);
	ck_assert_msg(has(up, "-- REVIEW: table \"t\": ALTER TABLE cannot change \"STRICT\" into \"AUTOINCREMENT\""), "%s", up);
	ck_assert(has(descr, "options \"STRICT\" in the database, \"AUTOINCREMENT\" in the target"));
}
END_TEST

/* ---- PostgreSQL models, filled the way the catalog queries fill them ---- */

static mig_stable *
pg_table(mig_schema *s, const char *name)
{
	mig_stable *t;

	s->engine = MIG_ENGINE_POSTGRESQL;
	s->tables = mig_realloc(tctx, s->tables, sizeof(mig_stable) * (size_t) s->ntables,
							sizeof(mig_stable) * (size_t) (s->ntables + 1));
	t = &s->tables[s->ntables++];
	memset(t, 0, sizeof(*t));
	t->name = mig_strdup(tctx, name);
	t->options = "";
	return t;
}

static void
pg_col(mig_stable *t, const char *name, const char *type)
{
	t->cols = mig_realloc(tctx, t->cols, sizeof(mig_scol) * (size_t) t->ncols,
						  sizeof(mig_scol) * (size_t) (t->ncols + 1));
	memset(&t->cols[t->ncols], 0, sizeof(mig_scol));
	t->cols[t->ncols].name = mig_strdup(tctx, name);
	t->cols[t->ncols++].type = mig_strdup(tctx, type);
}

static void
pg_cons(mig_stable *t, char kind, const char *name, const char *def, const char *ref)
{
	mig_scons  *k;

	t->cons = mig_realloc(tctx, t->cons, sizeof(mig_scons) * (size_t) t->ncons,
						  sizeof(mig_scons) * (size_t) (t->ncons + 1));
	k = &t->cons[t->ncons++];
	k->kind = kind;
	k->name = mig_strdup(tctx, name);
	k->def = mig_strdup(tctx, def);
	k->key = mig_sql_normalize(tctx, MIG_ENGINE_POSTGRESQL, def);
	k->ref = ref ? mig_strdup(tctx, ref) : NULL;
}

START_TEST(pg_foreign_keys_last)
{
	mig_schema *a = mig_alloc(tctx, sizeof(mig_schema));
	mig_schema *b = mig_alloc(tctx, sizeof(mig_schema));
	mig_stable *t;
	int			n;
	char	   *up;

	/* a: p(code UNIQUE) <- c(code)  b: p(id PK) <- c(p_id) */
	t = pg_table(a, "p");
	pg_col(t, "code", "text");
	pg_cons(t, 'u', "p_code_key", "UNIQUE (code)", NULL);
	t = pg_table(a, "c");
	pg_col(t, "code", "text");
	pg_cons(t, 'f', "c_code_fkey", "FOREIGN KEY (code) REFERENCES p(code)", "p");
	t = pg_table(b, "p");
	pg_col(t, "code", "text");
	pg_col(t, "id", "integer");
	pg_cons(t, 'p', "p_pkey", "PRIMARY KEY (id)", NULL);
	t = pg_table(b, "c");
	pg_col(t, "code", "text");
	pg_col(t, "p_id", "integer");
	pg_cons(t, 'f', "c_p_id_fkey", "FOREIGN KEY (p_id) REFERENCES p(id)", "p");
	up = diff_sql(a, b, NULL, &n);
	/* the foreign key that needs p_code_key goes before it; the new one
	 * comes after the primary key it needs */
	before(up, "ALTER TABLE \"c\" DROP CONSTRAINT \"c_code_fkey\"",
		   "ALTER TABLE \"p\" DROP CONSTRAINT \"p_code_key\"");
	before(up, "ALTER TABLE \"p\" ADD CONSTRAINT \"p_pkey\"",
		   "ALTER TABLE \"c\" ADD CONSTRAINT \"c_p_id_fkey\"");
}
END_TEST

START_TEST(pg_cycle_of_new_tables)
{
	mig_schema *a = mig_alloc(tctx, sizeof(mig_schema));
	mig_schema *b = mig_alloc(tctx, sizeof(mig_schema));
	mig_stable *t;
	int			n;
	char	   *up;

	a->engine = MIG_ENGINE_POSTGRESQL;
	t = pg_table(b, "x");
	pg_col(t, "id", "integer");
	pg_col(t, "y_id", "integer");
	pg_cons(t, 'p', "x_pkey", "PRIMARY KEY (id)", NULL);
	pg_cons(t, 'f', "x_y_id_fkey", "FOREIGN KEY (y_id) REFERENCES y(id)", "y");
	t = pg_table(b, "y");
	pg_col(t, "id", "integer");
	pg_col(t, "x_id", "integer");
	pg_cons(t, 'p', "y_pkey", "PRIMARY KEY (id)", NULL);
	pg_cons(t, 'f', "y_x_id_fkey", "FOREIGN KEY (x_id) REFERENCES x(id)", "x");
	up = diff_sql(a, b, NULL, &n);
	/* one of the two keys waits until both tables exist */
	ck_assert_int_eq(n, 2);
	ck_assert_msg(has(up, "ALTER TABLE \"y\" ADD CONSTRAINT \"y_x_id_fkey\"") ||
				  has(up, "ALTER TABLE \"x\" ADD CONSTRAINT \"x_y_id_fkey\""), "%s", up);
	before(up, "CREATE TABLE \"y\"", "ADD CONSTRAINT");
}
END_TEST

Suite *
diff_suite(void)
{
	Suite	   *s = suite_create("diff");
	TCase	   *tc;

	tc = tcase_sqlite("normalize");
	tcase_add_test(tc, normalize_sqlite);
	tcase_add_test(tc, normalize_postgresql);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("sqlite_model");
	tcase_add_test(tc, column_and_table_constraints_agree);
	tcase_add_test(tc, postgresql_names_for_unnamed);
	tcase_add_test(tc, options_cannot_be_altered);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("order");
	tcase_add_test(tc, new_tables_parents_first);
	tcase_add_test(tc, views_over_changed_tables_come_back);
	tcase_add_test(tc, indexes_and_triggers);
	tcase_add_test(tc, rename_hints);
	suite_add_tcase(s, tc);

	tc = tcase_postgresql("postgresql");
	tcase_add_test(tc, pg_foreign_keys_last);
	tcase_add_test(tc, pg_cycle_of_new_tables);
	suite_add_tcase(s, tc);
	return s;
}

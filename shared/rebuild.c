/*
 * rebuild.c -- PostgreSQL-style ALTER TABLE on SQLite.
 *
 * A run of ALTER TABLE statements on one table is done natively where
 * SQLite 3.40 does it right (RENAME TO, RENAME COLUMN, a plain ADD COLUMN,
 * a DROP COLUMN nothing depends on), and otherwise by ONE table rebuild,
 * SQLite's documented procedure (lang_altertable.html#otheralter):
 * create the new table from the original CREATE TABLE text changed by the
 * ALTERs, copy the rows, drop the old table, rename the new one with
 * legacy_alter_table on (so views that name the table do not block it),
 * then put back the indexes, triggers and the AUTOINCREMENT counter, and
 * check that every view and trigger still compiles and every foreign key
 * still holds.  It all happens inside the call's SAVEPOINT: any error
 * leaves the database as it was.
 *
 * Dependants follow PostgreSQL: a DROP COLUMN drops the indexes and table
 * constraints that involve the column, and refuses when a view or a
 * trigger uses it.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "mig_ctx.h"
#include "rebuild.h"

char *
rb_quote_ident(mig_ctx *ctx, const char *name)
{
	mig_buf		b;

	mig_buf_init(&b, ctx);
	mig_buf_ident(&b, name);
	return b.data;
}

char *
rb_qualified(change *c, const char *name)
{
	return mig_printf(c->ctx, "%s.%s", c->qschema, rb_quote_ident(c->ctx, name));
}

int
rb_run_sql(change *c, const char *sql)
{
	return mig_run_effect(c->run, sql);
}

/* A statement that only checks something: never part of the record. */
static int
check_sql(change *c, const char *sql)
{
	return mig_run_sql(c->run, sql, 0, NULL, NULL, NULL);
}

/* First row of a query with up to two text parameters. */
int
rb_first_row(change *c, const char *sql, const char *p1, const char *p2, mig_first_row *r)
{
	const char *params[2];

	params[0] = p1;
	params[1] = p2;
	return mig_run_first_row(c->run, sql, p2 ? 2 : (p1 ? 1 : 0), params, r);
}

/* Load the live table into c->t; *found is 0 when there is none. */
static int
load_table(change *c, const char *name, int *found)
{
	mig_first_row r;
	char	   *sql = mig_printf(c->ctx, "SELECT name, sql FROM %s.sqlite_schema "
								 "WHERE type = 'table' AND name = $1 COLLATE NOCASE",
								 c->qschema);

	if (rb_first_row(c, sql, name, NULL, &r))
		return MIG_ERROR;
	*found = r.found;
	if (!r.found)
		return MIG_OK;
	c->name = r.v[0];
	if (mig_table_parse(c->ctx, r.v[1], &c->t))
		return MIG_ERROR;
	{
		int			i;

		/* every column of the live table copies its own old value */
		for (i = 0; i < c->t.ncols; i++)
			c->t.cols[i].src = i;
	}
	c->pending = 0;
	c->all_native = 1;
	c->nnative = 0;
	c->ndropped = 0;
	c->nnotnull = 0;
	c->nonempty = -1;
	return MIG_OK;
}

/* ---- what mentions what ---- */


static int
obj_row(void *arg, int ncol, const char *const *vals)
{
	obj_list   *l = arg;

	(void) ncol;
	if (l->n == l->cap)
	{
		int			ncap = l->cap ? l->cap * 2 : 16;

		l->v = mig_realloc(l->ctx, l->v, sizeof(schema_obj) * (size_t) l->cap,
						   sizeof(schema_obj) * (size_t) ncap);
		l->cap = ncap;
	}
	l->v[l->n].type = mig_strdup(l->ctx, vals[0]);
	l->v[l->n].name = mig_strdup(l->ctx, vals[1]);
	l->v[l->n].tbl = mig_strdup(l->ctx, vals[2]);
	l->v[l->n].sql = mig_strdup(l->ctx, vals[3]);
	l->n++;
	return 0;
}

/* Indexes, triggers and views with SQL text, optionally of one table. */
static int
schema_objects(change *c, const char *table, obj_list *out)
{
	char	   *sql;

	memset(out, 0, sizeof(*out));
	out->ctx = c->ctx;
	sql = mig_printf(c->ctx, "SELECT type, name, tbl_name, sql FROM %s.sqlite_schema "
					 "WHERE type IN ('index', 'trigger', 'view') AND sql IS NOT NULL%s "
					 "ORDER BY type = 'trigger', rowid",
					 c->qschema, table ? " AND tbl_name = $1 COLLATE NOCASE" : "");
	return mig_run_sql(c->run, sql, table ? 1 : 0, &table, obj_row, out);
}

/* Does an index definition use this column (its columns, expressions or
 * WHERE clause)?  Looks only after "ON table". */
static int
index_uses(mig_ctx *ctx, const char *sql, const char *column)
{
	mig_toks	t;
	int			i;

	mig_tokenize(ctx, MIG_ENGINE_SQLITE, sql, &t);
	for (i = 0; i < t.n; i++)
		if (mig_tok_is(&t, i, "ON"))
			break;
	for (i += 2; i < t.n; i++)
		if (mig_tok_is_column_ref(&t, i) && mig_name_eq(mig_tok_name(&t, i), column))
			return 1;
	return 0;
}

/* ---- executing ---- */

/* Run the pending actions with SQLite's own ALTER TABLE. */
static int
run_native(change *c)
{
	int			i;

	for (i = 0; i < c->nnative; i++)
	{
		mig_alter_action *a = c->native[i];
		char	   *sql;

		if (a->kind == MIG_ALTER_ADD_COLUMN)
			sql = mig_printf(c->ctx, "ALTER TABLE %s ADD COLUMN %s", rb_qualified(c, c->name), a->expr);
		else
			sql = mig_printf(c->ctx, "ALTER TABLE %s DROP COLUMN %s", rb_qualified(c, c->name),
							 rb_quote_ident(c->ctx, a->column));
		if (rb_run_sql(c, sql))
			return MIG_ERROR;
	}
	return MIG_OK;
}

/* An engine error about the temporary table, told about the real one. */
static int
rebuild_error(change *c, const char *tmp)
{
	mig_ctx    *ctx = c->ctx;
	const char *msg = mig_ctx_error(ctx);
	const char *p = strstr(msg, tmp);
	mig_buf		b;

	mig_buf_init(&b, ctx);
	if (p != NULL)
	{
		mig_buf_add(&b, msg, (size_t) (p - msg));
		mig_buf_puts(&b, c->name);
		mig_buf_puts(&b, p + strlen(tmp));
	}
	else
		mig_buf_puts(&b, msg);
	ctx->error = mig_printf(ctx, "rebuilding table %s: %s", c->name, b.data);
	return MIG_ERROR;
}

/* The event a trigger fires on: "INSERT", "UPDATE" or "DELETE". */
static const char *
trigger_event(mig_ctx *ctx, const char *sql)
{
	mig_toks	t;
	int			i;

	mig_tokenize(ctx, MIG_ENGINE_SQLITE, sql, &t);
	for (i = 0; i < t.n; i++)
	{
		if (mig_tok_is(&t, i, "INSERT"))
			return "INSERT";
		if (mig_tok_is(&t, i, "UPDATE"))
			return "UPDATE";
		if (mig_tok_is(&t, i, "DELETE"))
			return "DELETE";
		if (mig_tok_is(&t, i, "ON"))
			break;
	}
	return "INSERT";
}

typedef struct name_list
{
	mig_buf		cols;
	mig_buf		sets;
} name_list;

static int
column_name_row(void *arg, int ncol, const char *const *vals)
{
	name_list  *l = arg;

	(void) ncol;
	if (l->cols.len)
	{
		mig_buf_puts(&l->cols, ", ");
		mig_buf_puts(&l->sets, ", ");
	}
	mig_buf_ident(&l->cols, vals[0]);
	mig_buf_ident(&l->sets, vals[0]);
	mig_buf_puts(&l->sets, " = ");
	mig_buf_ident(&l->sets, vals[0]);
	return 0;
}

/* Make SQLite compile a trigger without running it: a statement of its
 * event that touches no row. */
static int
compile_trigger(change *c, const schema_obj *o)
{
	const char *event = trigger_event(c->ctx, o->sql);
	char	   *target = rb_qualified(c, o->tbl);
	name_list	l;
	char	   *sql;

	mig_buf_init(&l.cols, c->ctx);
	mig_buf_init(&l.sets, c->ctx);
	sql = mig_printf(c->ctx, "SELECT name FROM pragma_table_xinfo($1, $2) WHERE hidden = 0");
	{
		const char *params[2];

		params[0] = o->tbl;
		params[1] = c->schema;
		if (mig_run_sql(c->run, sql, 2, params, column_name_row, &l))
			return MIG_ERROR;
	}
	if (strcmp(event, "INSERT") == 0)
		sql = mig_printf(c->ctx, "INSERT INTO %s (%s) SELECT %s FROM %s WHERE 0",
						 target, l.cols.data, l.cols.data, target);
	else if (strcmp(event, "UPDATE") == 0)
		sql = mig_printf(c->ctx, "UPDATE %s SET %s WHERE 0", target, l.sets.data);
	else
		sql = mig_printf(c->ctx, "DELETE FROM %s WHERE 0", target);
	return check_sql(c, sql);
}

/* After a rebuild every view and trigger that names the table must still
 * compile; a dropped column they use is PostgreSQL's "other objects
 * depend on it". */
static int
check_dependants(change *c)
{
	mig_ctx    *ctx = c->ctx;
	obj_list	objs;
	int			i;

	if (schema_objects(c, NULL, &objs))
		return MIG_ERROR;
	for (i = 0; i < objs.n; i++)
	{
		schema_obj *o = &objs.v[i];
		int			rc;
		int			d;
		char	   *saved;

		if (strcmp(o->type, "index") == 0)
			continue;
		if (!mig_name_eq(o->tbl, c->name) && !mig_text_mentions(ctx, o->sql, c->name))
			continue;
		saved = ctx->error;
		if (strcmp(o->type, "view") == 0)
			rc = check_sql(c, mig_printf(ctx, "SELECT * FROM %s LIMIT 0", rb_qualified(c, o->name)));
		else
			rc = compile_trigger(c, o);
		if (rc == MIG_OK)
			continue;
		for (d = 0; d < c->ndropped; d++)
			if (strstr(mig_ctx_error(ctx), c->dropped[d]) != NULL)
			{
				ctx->error = saved;
				return mig_error(ctx, "cannot drop column %s of table %s because other objects "
								 "depend on it: %s %s uses it", c->dropped[d], c->name,
								 o->type, o->name);
			}
		ctx->error = mig_printf(ctx, "after changing table %s, %s %s no longer works: %s",
								c->name, o->type, o->name, mig_ctx_error(ctx));
		return MIG_ERROR;
	}
	return MIG_OK;
}

/* Inside the caller's transaction PRAGMA foreign_keys cannot be turned
 * off: DROP TABLE would then delete (or set null) the rows of tables that
 * reference this one.  Refuse before anything changes. */
static int
check_fk_policy(change *c)
{
	mig_first_row r;
	int			on;
	char	   *sql;

	if (mig_sqlite_fk_on(c->run, &on))
		return MIG_ERROR;
	if (!on)
		return MIG_OK;
	sql = mig_printf(c->ctx, "SELECT m.name FROM %s.sqlite_schema m, "
					 "pragma_foreign_key_list(m.name, $1) f WHERE m.type = 'table' "
					 "AND f.\"table\" = $2 COLLATE NOCASE", c->qschema);
	if (rb_first_row(c, sql, c->schema, c->name, &r))
		return MIG_ERROR;
	if (r.found)
		return mig_error(c->ctx, "cannot rebuild table %s while PRAGMA foreign_keys is ON "
						 "inside a transaction: table %s references it, and dropping the old "
						 "table would run its ON DELETE actions; run the migration outside "
						 "BEGIN ... COMMIT (mig then turns foreign keys off for the call and "
						 "checks them after), or set PRAGMA foreign_keys=OFF before BEGIN; if "
						 "the reference was made earlier in the same call, alter the table "
						 "in an earlier call", c->name, r.v[0]);
	return MIG_OK;
}

/* The copy: INSERT INTO new (...) SELECT ... FROM old, rowids kept. */
static char *
copy_sql(change *c, const char *tmp)
{
	mig_ctx    *ctx = c->ctx;
	mig_buf		to,
				from;
	int			i;
	int			rowid = !mig_text_mentions(ctx, c->t.options, "WITHOUT") &&
		mig_table_find_column(&c->t, "rowid") < 0 && mig_table_find_column(&c->t, "oid") < 0 &&
		mig_table_find_column(&c->t, "_rowid_") < 0;

	mig_buf_init(&to, ctx);
	mig_buf_init(&from, ctx);
	if (rowid)
	{
		mig_buf_puts(&to, "rowid");
		mig_buf_puts(&from, "rowid");
	}
	for (i = 0; i < c->t.ncols; i++)
	{
		const mig_column *col = &c->t.cols[i];

		if (rb_col_has(col, MIG_CONS_GENERATED) || (col->src < 0 && col->copy_expr == NULL))
			continue;
		if (to.len)
		{
			mig_buf_puts(&to, ", ");
			mig_buf_puts(&from, ", ");
		}
		mig_buf_ident(&to, col->name);
		if (col->copy_expr)
			mig_buf_printf(&from, "(%s)", col->copy_expr);
		else
			mig_buf_ident(&from, col->name);
	}
	if (to.len == 0)
		return NULL;
	return mig_printf(ctx, "INSERT INTO %s (%s) SELECT %s FROM %s", rb_qualified(c, tmp),
					  to.data, from.data, rb_qualified(c, c->name));
}

/* One rebuild for every pending action. */
static int
rebuild(change *c)
{
	mig_ctx    *ctx = c->ctx;
	char	   *tmp = mig_printf(ctx, "_mig_new_%s", c->name);
	obj_list	own;
	mig_first_row r;
	char	   *seq = NULL;
	char	   *legacy;
	char	   *create;
	char	   *sql;
	int			i,
				rc;

	if (check_fk_policy(c))
		return MIG_ERROR;
	/* PostgreSQL's message for SET NOT NULL over existing NULLs */
	for (i = 0; i < c->nnotnull; i++)
	{
		sql = mig_printf(ctx, "SELECT 1 FROM %s WHERE %s IS NULL LIMIT 1",
						 rb_qualified(c, c->name), rb_quote_ident(ctx, c->notnull[i]));
		if (rb_first_row(c, sql, NULL, NULL, &r))
			return MIG_ERROR;
		if (r.found)
			return mig_error(ctx, "column \"%s\" of relation \"%s\" contains null values",
							 c->notnull[i], c->name);
	}
	if (schema_objects(c, c->name, &own))
		return MIG_ERROR;
	/* temporary triggers on the table go with DROP TABLE too */
	if (strcmp(c->schema, "temp") != 0)
	{
		const char *name = c->name;
		int			first = own.n;

		if (mig_run_sql(c->run, "SELECT type, name, tbl_name, sql FROM temp.sqlite_schema "
						"WHERE type = 'trigger' AND tbl_name = $1 COLLATE NOCASE",
						1, &name, obj_row, &own))
			return MIG_ERROR;
		/* SQLite stores them as "CREATE TRIGGER ..." */
		for (i = first; i < own.n; i++)
			if (strncasecmp(own.v[i].sql, "CREATE ", 7) == 0)
				own.v[i].sql = mig_printf(ctx, "CREATE TEMP %s", own.v[i].sql + 7);
	}
	sql = mig_printf(ctx, "SELECT 1 FROM %s.sqlite_schema WHERE name = 'sqlite_sequence'", c->qschema);
	if (rb_first_row(c, sql, NULL, NULL, &r))
		return MIG_ERROR;
	if (r.found)
	{
		sql = mig_printf(ctx, "SELECT seq FROM %s.sqlite_sequence WHERE name = $1 COLLATE NOCASE",
						 c->qschema);
		if (rb_first_row(c, sql, c->name, NULL, &r))
			return MIG_ERROR;
		seq = r.found ? r.v[0] : NULL;
	}
	if (rb_first_row(c, "PRAGMA legacy_alter_table", NULL, NULL, &r))
		return MIG_ERROR;
	legacy = r.found && r.v[0] ? r.v[0] : "0";

	/* 4. the new table, 5. the rows, 6. the old table goes */
	create = mig_table_render(ctx, &c->t, rb_qualified(c, tmp));
	if (rb_run_sql(c, create))
		return rebuild_error(c, tmp);
	sql = copy_sql(c, tmp);
	if (sql != NULL && rb_run_sql(c, sql))
		return rebuild_error(c, tmp);
	if (rb_run_sql(c, mig_printf(ctx, "DROP TABLE %s", rb_qualified(c, c->name))))
		return rebuild_error(c, tmp);
	/* 7. the new table takes the name; legacy mode keeps views that name
	 * the table from failing the rename while it is gone */
	if (rb_run_sql(c, "PRAGMA legacy_alter_table = ON"))
		return MIG_ERROR;
	rc = rb_run_sql(c, mig_printf(ctx, "ALTER TABLE %s RENAME TO %s", rb_qualified(c, tmp),
							   rb_quote_ident(ctx, c->name)));
	{
		char	   *saved = ctx->error;

		ctx->error = NULL;
		if (rb_run_sql(c, mig_printf(ctx, "PRAGMA legacy_alter_table = %s", legacy)) && rc == MIG_OK)
			return MIG_ERROR;
		ctx->error = saved;
	}
	if (rc != MIG_OK)
		return rebuild_error(c, tmp);
	/* 8. indexes and triggers; an index on a dropped column goes with it */
	for (i = 0; i < own.n; i++)
	{
		int			d,
					skip = 0;

		if (strcmp(own.v[i].type, "index") == 0)
			for (d = 0; d < c->ndropped; d++)
				if (index_uses(ctx, own.v[i].sql, c->dropped[d]))
					skip = 1;
		if (skip)
			continue;
		/* an attached database's index or trigger is stored without its
		 * schema: made again there, not in main */
		if (strcmp(c->schema, "main") != 0 && strcmp(c->schema, "temp") != 0)
			own.v[i].sql = mig_sqlite_qualify(ctx, own.v[i].sql, c->schema);
		if (rb_run_sql(c, own.v[i].sql))
		{
			for (d = 0; d < c->ndropped; d++)
				if (strstr(mig_ctx_error(ctx), c->dropped[d]) != NULL)
				{
					ctx->error = NULL;
					return mig_error(ctx, "cannot drop column %s of table %s because other "
									 "objects depend on it: %s %s uses it", c->dropped[d],
									 c->name, own.v[i].type, own.v[i].name);
				}
			ctx->error = mig_printf(ctx, "rebuilding table %s: cannot recreate %s %s: %s",
									c->name, own.v[i].type, own.v[i].name, mig_ctx_error(ctx));
			return MIG_ERROR;
		}
	}
	/* the AUTOINCREMENT high-water mark, which the copy may have lowered */
	if (seq != NULL && mig_text_mentions(ctx, create, "AUTOINCREMENT"))
	{
		/* literals, not parameters: offline SQL and dry runs show these too */
		mig_buf		name,
					val;

		mig_buf_init(&name, ctx);
		mig_buf_literal(&name, c->name);
		mig_buf_init(&val, ctx);
		mig_buf_literal(&val, seq);
		if (rb_run_sql(c, mig_printf(ctx, "UPDATE %s.sqlite_sequence SET seq = max(seq, CAST(%s AS "
									 "INTEGER)) WHERE name = %s", c->qschema, val.data, name.data)) ||
			rb_run_sql(c, mig_printf(ctx, "INSERT INTO %s.sqlite_sequence (name, seq) SELECT %s, "
									 "CAST(%s AS INTEGER) WHERE NOT EXISTS (SELECT 1 FROM "
									 "%s.sqlite_sequence WHERE name = %s)", c->qschema, name.data,
									 val.data, c->qschema, name.data)))
			return MIG_ERROR;
	}
	/*
	 * 9. views and triggers that name the table still compile.  10. The
	 * foreign keys: with enforcement on, the copy was checked row by row
	 * (and referenced tables are not rebuilt); with it turned off for the
	 * call, mig_call checks every key once before it commits.
	 */
	return check_dependants(c);
}

/* Execute what is pending: natively, or as one rebuild; then read the
 * table again, unless nothing more of the run follows. */
static int
flush(change *c, int last)
{
	int			rc;
	int			found;

	if (c->pending == 0)
		return MIG_OK;
	rc = c->all_native ? run_native(c) : rebuild(c);
	if (rc != MIG_OK)
		return MIG_ERROR;
	return last ? MIG_OK : load_table(c, c->name, &found);
}

/*
 * The common change needs no model of the table: one ADD COLUMN that
 * SQLite's own ALTER TABLE takes as written, or one DROP COLUMN that no
 * view, trigger or foreign key can name, goes straight to SQLite.  The
 * filter is on the text and errs on the safe side (the column's name
 * anywhere in a view or trigger; REFERENCES in a table whose text has
 * this table's name): SQLite lets a DROP COLUMN through that breaks such
 * a trigger or foreign key.  The rest SQLite checks itself (indexes,
 * CHECKs, generated columns, the last column).
 * When SQLite refuses, its statement left nothing behind and the full
 * path runs: it gives PostgreSQL's error, skips an IF [NOT] EXISTS, or
 * rebuilds.  *done says whether the change was made.
 */
static int
native_first(change *c, const mig_alter *al, int *done)
{
	mig_ctx    *ctx = c->ctx;
	const mig_adapter *ad = c->run->ad;
	const mig_alter_action *a = &al->actions[0];
	char	   *sql;

	*done = 0;
	if (ad->in_transaction == NULL || al->nactions != 1)
		return MIG_OK;
	/* a quote in a name is doubled in the stored SQL, where the filter
	 * below would not find it */
	if (strpbrk(al->table, "\"'`[]") != NULL ||
		(a->column != NULL && strpbrk(a->column, "\"'`[]") != NULL))
		return MIG_OK;
	if (a->kind == MIG_ALTER_ADD_COLUMN)
	{
		mig_column	nc;

		if (mig_column_parse(ctx, a->expr, &nc) != MIG_OK)
		{
			ctx->error = NULL;	/* the full path says what is wrong */
			return MIG_OK;
		}
		if (!rb_add_column_native(ctx, &nc))
			return MIG_OK;
		sql = mig_printf(ctx, "ALTER TABLE %s ADD COLUMN %s", rb_qualified(c, al->table), a->expr);
	}
	else if (a->kind == MIG_ALTER_DROP_COLUMN)
	{
		mig_first_row r;

		if (rb_first_row(c, mig_printf(ctx, "SELECT 1 FROM %s.sqlite_schema WHERE (type = 'table' "
									   "AND instr(lower(sql), 'references') > 0 AND "
									   "instr(lower(sql), lower($1)) > 0) OR (type IN ('view', "
									   "'trigger') AND instr(lower(sql), lower($2)) > 0) LIMIT 1",
									   c->qschema), al->table, a->column, &r))
			return MIG_ERROR;
		if (r.found)
			return MIG_OK;
		sql = mig_printf(ctx, "ALTER TABLE %s DROP COLUMN %s", rb_qualified(c, al->table),
						 rb_quote_ident(ctx, a->column));
	}
	else
		return MIG_OK;
	if (rb_run_sql(c, sql) == MIG_OK)
	{
		*done = 1;
		return MIG_OK;
	}
	/* a failure injected by the test hook, or one that ended the
	 * transaction (a full disk, an interrupt), is the call's error */
	if ((ad->fail_at > 0 && c->run->effects == ad->fail_at) ||
		!ad->in_transaction(ad->engine_ctx))
		return MIG_ERROR;
	ctx->error = NULL;
	return MIG_OK;
}

int
mig_sqlite_alter(mig_run *run, mig_alter *alters, int n)
{
	mig_ctx    *ctx = run->ctx;
	change		c;
	mig_alter_action **acts;
	int			nacts = 0,
				i,
				j,
				found;
	int			has_table_rename = 0;
	int			need_objs = 0;
	obj_list	objs;

	memset(&c, 0, sizeof(c));
	c.run = run;
	c.ctx = ctx;
	c.schema = alters[0].schema ? alters[0].schema : "main";
	c.qschema = rb_quote_ident(ctx, c.schema);
	if (n == 1)
	{
		int			done;

		if (native_first(&c, &alters[0], &done))
			return MIG_ERROR;
		if (done)
			return MIG_OK;
	}
	if (load_table(&c, alters[0].table, &found))
		return MIG_ERROR;
	if (!found)
	{
		for (i = 0; i < n; i++)
			if (!alters[i].if_exists)
				return mig_error(ctx, "relation \"%s\" does not exist", alters[0].table);
		return MIG_OK;
	}
	for (i = 0; i < n; i++)
		nacts += alters[i].nactions;
	acts = mig_alloc(ctx, sizeof(mig_alter_action *) * (size_t) (nacts + 1));
	c.native = mig_alloc(ctx, sizeof(mig_alter_action *) * (size_t) (nacts + 1));
	nacts = 0;
	for (i = 0; i < n; i++)
		for (j = 0; j < alters[i].nactions; j++)
		{
			acts[nacts++] = &alters[i].actions[j];
			if (alters[i].actions[j].kind == MIG_ALTER_RENAME_TABLE)
				has_table_rename = 1;
		}
	for (i = 0; i < nacts; i++)
		if (acts[i]->kind == MIG_ALTER_OTHER)
			return mig_error(ctx, "ALTER TABLE %s: \"%s\" is not supported on SQLite",
							 alters[0].table, acts[i]->text);

	/*
	 * Renames of columns the table has, to names nothing else in the run
	 * mentions, run natively first: SQLite carries them into indexes,
	 * triggers, views and foreign keys, and the rest then needs one copy.
	 */
	for (i = 0; i < nacts && !has_table_rename; i++)
	{
		mig_alter_action *a = acts[i];
		int			hoist = a->kind == MIG_ALTER_RENAME_COLUMN &&
			mig_table_find_column(&c.t, a->column) >= 0 &&
			mig_table_find_column(&c.t, a->new_name) < 0;

		for (j = 0; hoist && j < nacts; j++)
			if (j != i && acts[j] != NULL &&
				(mig_alter_action_mentions(ctx, acts[j], a->column) ||
				 mig_alter_action_mentions(ctx, acts[j], a->new_name)))
				hoist = 0;
		if (!hoist)
			continue;
		if (rb_run_sql(&c, mig_printf(ctx, "ALTER TABLE %s RENAME COLUMN %s TO %s",
								   rb_qualified(&c, c.name), rb_quote_ident(ctx, c.t.cols[mig_table_find_column(&c.t, a->column)].name),
								   rb_quote_ident(ctx, a->new_name))))
			return MIG_ERROR;
		if (load_table(&c, c.name, &found))
			return MIG_ERROR;
		acts[i] = NULL;
	}
	/* what depends on a column matters only to dropping or retyping it */
	for (i = 0; i < nacts; i++)
		if (acts[i] != NULL && (acts[i]->kind == MIG_ALTER_DROP_COLUMN ||
								acts[i]->kind == MIG_ALTER_TYPE))
			need_objs = 1;
	memset(&objs, 0, sizeof(objs));
	if (need_objs && schema_objects(&c, NULL, &objs))
		return MIG_ERROR;
	for (i = 0; i < nacts; i++)
	{
		mig_alter_action *a = acts[i];
		int			native;

		if (a == NULL)
			continue;
		if (a->kind == MIG_ALTER_RENAME_COLUMN || a->kind == MIG_ALTER_RENAME_TABLE)
		{
			char	   *sql;

			if (flush(&c, 0))
				return MIG_ERROR;
			if (a->kind == MIG_ALTER_RENAME_TABLE)
				sql = mig_printf(ctx, "ALTER TABLE %s RENAME TO %s", rb_qualified(&c, c.name),
								 rb_quote_ident(ctx, a->new_name));
			else
				sql = mig_printf(ctx, "ALTER TABLE %s RENAME COLUMN %s TO %s", rb_qualified(&c, c.name),
								 rb_quote_ident(ctx, a->column), rb_quote_ident(ctx, a->new_name));
			if (rb_run_sql(&c, sql))
				return MIG_ERROR;
			if (load_table(&c, a->kind == MIG_ALTER_RENAME_TABLE ? a->new_name : c.name, &found) ||
				(need_objs && schema_objects(&c, NULL, &objs)))
				return MIG_ERROR;
			continue;
		}
		if (rb_apply_action(&c, a, &objs, &native))
			return MIG_ERROR;
		if (native < 0)
			continue;			/* nothing to do */
		c.all_native &= native;
		c.native[c.nnative++] = a;
		c.pending++;
	}
	return flush(&c, 1);
}

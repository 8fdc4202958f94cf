/*
 * autogen.c -- mig_autogenerate and mig_check: compare the database with
 * the schema an application wants.
 *
 * The wanted schema is plain CREATE statements.  It is built where
 * nothing can see it or be touched by it (the adapter's scratch
 * database: SQLite's own in-memory database, PostgreSQL's throwaway
 * schema in a subtransaction), read back by the same catalog code as the
 * database, and compared with it (diff.c).
 */
#include <string.h>

#include "mig_core.h"

/* Is a target statement one that describes a schema, and nothing else? */
static int
check_target_stmt(mig_run *run, const mig_stmt *st, int k)
{
	mig_ctx    *ctx = run->ctx;
	int			sqlite = run->ad->engine == MIG_ENGINE_SQLITE;
	mig_toks	t;
	int			i = 1;
	const char *what;

	mig_tokenize(ctx, run->ad->engine, st->sql, &t);
	/* ALTER TABLE t ADD [CONSTRAINT n] FOREIGN KEY ...: how PostgreSQL
	 * writes foreign keys that go round in a circle */
	if (mig_tok_is(&t, 0, "ALTER") && mig_tok_is(&t, 1, "TABLE") && mig_tok_is_name(&t, 2) &&
		mig_tok_is(&t, 3, "ADD") &&
		(mig_tok_is(&t, 4, "CONSTRAINT") || mig_tok_is(&t, 4, "FOREIGN") ||
		 mig_tok_is(&t, 4, "UNIQUE") || mig_tok_is(&t, 4, "CHECK") || mig_tok_is(&t, 4, "PRIMARY")))
		return MIG_OK;
	if (!sqlite && mig_tok_is(&t, 1, "OR") && mig_tok_is(&t, 2, "REPLACE"))
		i = 3;
	if (mig_tok_is(&t, i, "UNIQUE") && mig_tok_is(&t, i + 1, "INDEX"))
		i++;
	what = mig_tok_is(&t, i, "TABLE") ? "table" : mig_tok_is(&t, i, "INDEX") ? "index" :
		mig_tok_is(&t, i, "VIEW") ? "view" :
		sqlite && mig_tok_is(&t, i, "TRIGGER") ? "trigger" : NULL;
	if (!mig_tok_is(&t, 0, "CREATE") || what == NULL)
		return mig_error(ctx, "target_schema statement %d (line %d): only CREATE TABLE, "
						 "CREATE INDEX, CREATE VIEW%s describe a schema, not \"%.60s\"",
						 k + 1, st->line, sqlite ? " and CREATE TRIGGER" : "", st->sql);
	i++;
	if (mig_tok_is(&t, i, "IF") && mig_tok_is(&t, i + 1, "NOT") && mig_tok_is(&t, i + 2, "EXISTS"))
		i += 3;
	if (i + 1 < t.n && t.v[i + 1].kind == MIG_TOK_PUNCT && t.sql[t.v[i + 1].start] == '.')
		return mig_error(ctx, "target_schema statement %d (line %d): name the %s without a "
						 "schema (the schema compared is the %s)", k + 1, st->line, what,
						 sqlite ? "main database" : "current schema");
	/* a description, not a computation: no CREATE TABLE ... AS SELECT (it
	 * would run a query, with whatever that calls) */
	if (what[0] == 't' && what[1] == 'a')
	{
		int			j;

		for (j = i + 1; j < t.n && t.v[j].kind != MIG_TOK_LPAREN; j++)
			if (t.v[j].depth == 0 && mig_tok_is(&t, j, "AS"))
				return mig_error(ctx, "target_schema statement %d (line %d): CREATE TABLE ... AS "
								 "runs a query; write the table's columns instead",
								 k + 1, st->line);
	}
	/* one statement: a ';' outside parentheses belongs only in a SQLite
	 * trigger body, between statements that change rows */
	for (i = 0; i < t.n; i++)
	{
		if (t.v[i].kind != MIG_TOK_SEMI || t.v[i].depth != 0)
			continue;
		if (what[0] == 't' && what[1] == 'r' &&
			(mig_tok_is(&t, i + 1, "INSERT") || mig_tok_is(&t, i + 1, "UPDATE") ||
			 mig_tok_is(&t, i + 1, "DELETE") || mig_tok_is(&t, i + 1, "SELECT") ||
			 mig_tok_is(&t, i + 1, "REPLACE") || mig_tok_is(&t, i + 1, "WITH") ||
			 mig_tok_is(&t, i + 1, "END")))
			continue;
		return mig_error(ctx, "target_schema statement %d (line %d): it reads as more than one "
						 "statement (near \"%.40s\"); write one CREATE per statement",
						 k + 1, st->line, t.sql + t.v[i].start);
	}
	return MIG_OK;
}

/* The line of text that starts (after blanks) with "--", blanks and
 * "mig:", or 0. */
static int
has_directive_line(const char *text)
{
	const char *p = text;
	int			line = 1;

	while (*p)
	{
		while (*p == ' ' || *p == '\t')
			p++;
		if (p[0] == '-' && p[1] == '-')
		{
			p += 2;
			while (*p == ' ' || *p == '\t')
				p++;
			if (strncmp(p, "mig:", 4) == 0)
				return line;
		}
		while (*p && *p != '\n')
			p++;
		if (*p)
			p++, line++;
	}
	return 0;
}

/*
 * PostgreSQL: the scratch schema is first in search_path and the caller's
 * after it (for their types and functions).  A CREATE INDEX on a table
 * that target_schema does not define would build an index on the
 * caller's table (scanning it, under a lock): refuse it before it runs.
 */
static int
pg_index_outside(mig_run *run, const mig_stmt *st)
{
	mig_toks	t;
	int			i;
	mig_first_row r;
	const char *name[1];

	mig_tokenize(run->ctx, MIG_ENGINE_POSTGRESQL, st->sql, &t);
	if (!mig_tok_is(&t, 1, "INDEX") && !mig_tok_is(&t, 2, "INDEX"))
		return MIG_OK;
	for (i = 0; i < t.n && !mig_tok_is(&t, i, "ON"); i++)
		;
	if (mig_tok_is(&t, i + 1, "ONLY"))
		i++;
	if (!mig_tok_is_name(&t, i + 1))
		return MIG_OK;
	if (i + 2 < t.n && t.v[i + 2].kind == MIG_TOK_PUNCT && t.sql[t.v[i + 2].start] == '.')
		return mig_error(run->ctx, "name the index's table without a schema: it is a table "
						 "of target_schema");
	name[0] = mig_tok_text(&t, i + 1, i + 1);
	if (mig_run_first_row(run, "SELECT n.nspname = pg_catalog.current_schema() "
						  "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
						  "ON n.oid = c.relnamespace WHERE c.oid = pg_catalog.to_regclass($1)",
						  1, name, &r))
		return MIG_ERROR;
	if (r.found && r.v[0] && r.v[0][0] == 'f')
		return mig_error(run->ctx, "CREATE INDEX on table %s, which target_schema does not "
						 "define (target_schema describes the whole schema)", name[0]);
	return MIG_OK;
}

/* PostgreSQL: a foreign key or view of the target that uses a table the
 * target does not define (it found the caller's): the target is not the
 * whole schema, and the script would name the caller's table. */
static int
pg_uses_outside(mig_run *run)
{
	mig_first_row r;

	if (mig_run_first_row(run,
						  "WITH s AS (SELECT oid FROM pg_catalog.pg_namespace "
						  "  WHERE nspname = pg_catalog.current_schema()) "
						  "SELECT c.relname, r.relname FROM pg_catalog.pg_constraint k "
						  "JOIN pg_catalog.pg_class c ON c.oid = k.conrelid "
						  "JOIN pg_catalog.pg_class r ON r.oid = k.confrelid "
						  "WHERE c.relnamespace = (SELECT oid FROM s) "
						  "  AND r.relnamespace <> (SELECT oid FROM s) "
						  "UNION ALL "
						  "SELECT v.relname, r.relname FROM pg_catalog.pg_rewrite w "
						  "JOIN pg_catalog.pg_class v ON v.oid = w.ev_class "
						  "JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass "
						  "  AND d.objid = w.oid AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass "
						  "JOIN pg_catalog.pg_class r ON r.oid = d.refobjid "
						  "WHERE v.relnamespace = (SELECT oid FROM s) "
						  "  AND r.relnamespace <> (SELECT oid FROM s) "
						  "  AND r.relnamespace <> 'pg_catalog'::pg_catalog.regnamespace",
						  0, NULL, &r))
		return MIG_ERROR;
	if (r.found)
		return mig_error(run->ctx, "target_schema: %s uses table %s, which target_schema does "
						 "not define (target_schema describes the whole schema: define %s "
						 "there too, before what uses it)", r.v[0], r.v[1], r.v[1]);
	return MIG_OK;
}

/* Build the target in the scratch database and read it back. */
static int
load_target(mig_run *run, const char *target, mig_schema *out)
{
	mig_ctx    *ctx = run->ctx;
	mig_stmt   *stmts;
	int			n,
				k,
				rc = MIG_OK;
	char	   *err = NULL;

	if (target == NULL)
		return mig_error(ctx, "target_schema must not be NULL");
	if (has_directive_line(target))
		return mig_error(ctx, "target_schema: line %d starts with '-- mig:': it would become a "
						 "line of the generated script; remove it", has_directive_line(target));
	if (mig_split(ctx, run->ad->engine, target, strlen(target), 1, &stmts, &n))
		return mig_error_prefix(ctx, "target_schema");
	for (k = 0; k < n; k++)
		if (check_target_stmt(run, &stmts[k], k))
			return MIG_ERROR;
	if (run->ad->txn(run->ad->engine_ctx, MIG_TXN_SCRATCH, &err))
		return mig_error(ctx, "cannot build target_schema: %s", err ? err : "unknown error");
	for (k = 0; k < n && rc == MIG_OK; k++)
	{
		char	   *where = mig_printf(ctx, "target_schema statement %d (line %d)",
									   k + 1, stmts[k].line);

		mig_set_activity(ctx, mig_printf(ctx, "mig: %s", where));
		/* the same type names as in scripts (types.c) */
		stmts[k].sql = mig_translate_types(ctx, run->ad->engine, stmts[k].sql);
		if (run->ad->engine == MIG_ENGINE_POSTGRESQL && pg_index_outside(run, &stmts[k]))
			rc = mig_error_prefix(ctx, where);
		else if (mig_run_sql(run, stmts[k].sql, 0, NULL, NULL, NULL))
			rc = mig_error_prefix(ctx, where);
	}
	mig_set_activity(ctx, NULL);
	if (rc == MIG_OK && run->ad->engine == MIG_ENGINE_POSTGRESQL)
		rc = pg_uses_outside(run);
	if (rc == MIG_OK)
		rc = mig_schema_load(run, out);
	if (run->ad->txn(run->ad->engine_ctx, MIG_TXN_SCRATCH_END, &err) && rc == MIG_OK)
		rc = mig_error(ctx, "cannot close the scratch database: %s", err ? err : "unknown error");
	return rc;
}

/* The registered revisions not applied, in the order they would run. */
static int
pending(mig_run *run, int **out)
{
	mig_graph  *g;
	int			i,
				n = 0;

	if (mig_state_probe(run) || mig_state_load(run, MIG_LOAD_APPLIED))
		return -1;
	g = run->g;
	*out = mig_alloc(run->ctx, sizeof(int) * ((size_t) g->n + 1));
	for (i = 0; i < g->n; i++)
	{
		int			r = g->order[i];

		if (!run->st.flag[r])
			(*out)[n++] = r;
	}
	return n;
}

/* Make a script's two sections SQLite-only. */
static char *
sqlite_sections(mig_ctx *ctx, const char *script)
{
	mig_buf		b;
	const char *p = script;

	mig_buf_init(&b, ctx);
	while (*p)
	{
		const char *eol = strchr(p, '\n');
		size_t		n = eol ? (size_t) (eol - p) : strlen(p);

		mig_buf_add(&b, p, n);
		if ((n == 14 && strncmp(p, "-- mig:upgrade", 14) == 0) ||
			(n == 16 && strncmp(p, "-- mig:downgrade", 16) == 0))
			mig_buf_puts(&b, " sqlite");
		if (eol == NULL)
			break;
		mig_buf_puts(&b, "\n");
		p = eol + 1;
	}
	return b.data;
}

int
mig_fn_autogenerate(mig_run *run, const char *message, const char *target, char **out)
{
	mig_ctx    *ctx = run->ctx;
	mig_schema	live,
				want;
	mig_buf		up,
				down;
	int		   *todo,
			   *heads;
	int			n,
				nheads,
				trig_up = 0,
				trig_down = 0;

	n = pending(run, &todo);
	if (n < 0)
		return MIG_ERROR;
	if (n > 0)
		return mig_error(ctx, "%d registered revision%s not applied (first: %s): run "
						 "mig_upgrade first, so that the database is at head", n,
						 n == 1 ? " is" : "s are", run->g->revs[todo[0]].id);
	nheads = mig_graph_heads(run->g, &heads);
	if (nheads > 1)
		return mig_error(ctx, "there are %d heads: merge them first with mig_merge", nheads);
	if (mig_schema_load(run, &live) || load_target(run, target, &want))
		return MIG_ERROR;
	mig_buf_init(&up, ctx);
	mig_buf_init(&down, ctx);
	mig_buf_puts(&up, "-- written by mig_autogenerate: read it before you register it\n");
	if (want.ntables == 0 && want.nobjs == 0 && live.ntables > 0)
		mig_buf_puts(&up, "-- REVIEW: target_schema is empty: this drops every table\n");
	if (mig_schema_diff(ctx, &live, &want, &up, NULL, &trig_up) == 0)
		mig_buf_puts(&up, "-- nothing to do: the database already matches target_schema\n");
	mig_schema_diff(ctx, &want, &live, &down, NULL, &trig_down);
	*out = mig_script_text(run, nheads ? run->g->revs[heads[0]].id : NULL,
						   message, up.data, down.data);
	if (trig_up || trig_down)
	{
		/* a SQLite trigger's body only splits right in a sqlite section */
		*out = sqlite_sections(ctx, *out);
	}
	return MIG_OK;
}

int
mig_fn_check(mig_run *run, const char *target, char **out)
{
	mig_ctx    *ctx = run->ctx;
	mig_schema	live,
				want;
	mig_buf		sql,
				lines;
	int		   *todo;
	int			n,
				i;

	*out = NULL;
	n = pending(run, &todo);
	if (n < 0)
		return MIG_ERROR;
	mig_buf_init(&lines, ctx);
	for (i = 0; i < n; i++)
	{
		const mig_rev *r = &run->g->revs[todo[i]];

		mig_buf_printf(&lines, "pending revision %s%s%s\n", r->id,
					   r->message ? ": " : "", r->message ? r->message : "");
	}
	if (mig_schema_load(run, &live) || load_target(run, target, &want))
		return MIG_ERROR;
	mig_buf_init(&sql, ctx);
	mig_schema_diff(ctx, &live, &want, &sql, &lines, NULL);
	if (lines.len == 0)
		return MIG_OK;
	lines.data[--lines.len] = '\0';
	*out = lines.data;
	return MIG_OK;
}

/* ---- the schema after the last migration, and drift from it ---- */

static int
snapshot_write(mig_run *run)
{
	mig_ctx    *ctx = run->ctx;
	mig_schema	live,
				empty;
	mig_buf		sql;
	const char *params[2];
	mig_db	   *d = &run->dbs[0];
	int			pg = run->ad->engine == MIG_ENGINE_POSTGRESQL;

	if (!d->has_snapshot)
		return MIG_OK;
	/* the statements that make the schema from nothing: a target_schema */
	if (mig_schema_load(run, &live))
		return MIG_ERROR;
	memset(&empty, 0, sizeof(empty));
	empty.engine = live.engine;
	mig_buf_init(&sql, ctx);
	mig_schema_diff(ctx, &empty, &live, &sql, NULL, NULL);
	params[0] = mig_applied_heads_text(run);
	params[1] = sql.data;
	if (mig_run_sql(run, mig_printf(ctx, "DELETE FROM %s", d->t_snapshot), 0, NULL, NULL, NULL))
		return MIG_ERROR;
	return mig_run_sql(run, mig_printf(ctx, "INSERT INTO %s (taken_at, heads, schema_sql) "
									   "VALUES (%s, $1, $2)", d->t_snapshot,
									   pg ? "pg_catalog.clock_timestamp()" :
									   "strftime('%Y-%m-%d %H:%M:%f', 'now')"),
					   2, params, NULL, NULL);
}

/* Record the schema as the call leaves it; the model of it is given back
 * (with many tables it is big, and the call's end is its peak). */
int
mig_snapshot_take(mig_run *run)
{
	mig_mark	m = mig_arena_mark(run->ctx);
	int			rc = snapshot_write(run);

	if (rc == MIG_OK)
		mig_arena_release(run->ctx, m);
	return rc;
}

/* Every "the target schema" of the differences, for drift. */
static char *
relabel(mig_ctx *ctx, const char *text, const char *from, const char *to)
{
	mig_buf		b;
	const char *p = text,
			   *q;
	size_t		n = strlen(from);

	mig_buf_init(&b, ctx);
	while ((q = strstr(p, from)) != NULL)
	{
		mig_buf_add(&b, p, (size_t) (q - p));
		mig_buf_puts(&b, to);
		p = q + n;
	}
	mig_buf_puts(&b, p);
	return b.data;
}

int
mig_fn_drift(mig_run *run, char **out)
{
	mig_ctx    *ctx = run->ctx;
	mig_first_row snap;
	mig_schema	live,
				then;
	mig_buf		sql,
				lines;

	*out = NULL;
	if (mig_state_probe(run))
		return MIG_ERROR;
	if (!run->dbs[0].has_snapshot)
		return mig_error(ctx, "nothing to compare with: no migration has run since mig "
						 "began recording the schema (mig_upgrade, mig_downgrade and "
						 "mig_stamp record it)");
	if (mig_run_first_row(run, mig_printf(ctx, "SELECT schema_sql, heads FROM %s",
										  run->dbs[0].t_snapshot), 0, NULL, &snap))
		return MIG_ERROR;
	if (!snap.found || snap.v[0] == NULL)
		return mig_error(ctx, "nothing to compare with: no migration has run since mig "
						 "began recording the schema (mig_upgrade, mig_downgrade and "
						 "mig_stamp record it)");
	if (mig_schema_load(run, &live) || load_target(run, snap.v[0], &then))
		return mig_error_prefix(ctx, "the recorded schema");
	mig_buf_init(&sql, ctx);
	mig_buf_init(&lines, ctx);
	if (mig_schema_diff(ctx, &live, &then, &sql, &lines, NULL) == 0)
		return MIG_OK;
	lines.data[--lines.len] = '\0';
	*out = relabel(ctx, lines.data, "the target schema", "the recorded schema");
	return MIG_OK;
}

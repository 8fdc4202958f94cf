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
	if (mig_split(ctx, run->ad->engine, target, strlen(target), 1, &stmts, &n))
		return mig_error_prefix(ctx, "target_schema");
	for (k = 0; k < n; k++)
		if (check_target_stmt(run, &stmts[k], k))
			return MIG_ERROR;
	if (run->ad->txn(run->ad->engine_ctx, MIG_TXN_SCRATCH, &err))
		return mig_error(ctx, "cannot build target_schema: %s", err ? err : "unknown error");
	for (k = 0; k < n && rc == MIG_OK; k++)
	{
		mig_set_activity(ctx, mig_printf(ctx, "mig: target_schema statement %d (line %d)",
										 k + 1, stmts[k].line));
		if (mig_run_sql(run, stmts[k].sql, 0, NULL, NULL, NULL))
			rc = mig_error_prefix(ctx, mig_printf(ctx, "target_schema statement %d (line %d)",
												  k + 1, stmts[k].line));
	}
	mig_set_activity(ctx, NULL);
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

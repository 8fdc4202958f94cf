/*
 * migrate.c -- the SQL functions of mig, engine-independent: register,
 * upgrade, downgrade, stamp, current, heads, history, show, revision,
 * merge and offline SQL.  Each call is bracketed by the adapter's txn
 * (SAVEPOINT on SQLite, advisory lock in the caller's transaction on
 * PostgreSQL) so it commits everything or nothing.
 */
#include <string.h>
#include <time.h>

#include "mig_core.h"
#include "mig_ctx.h"

const mig_fn_info mig_fn_table[MIG_FN__COUNT] = {
	[MIG_FN_REGISTER] = {"mig_register", 1, 1, 1},
	[MIG_FN_UPGRADE] = {"mig_upgrade", 0, 1, 1},
	[MIG_FN_DOWNGRADE] = {"mig_downgrade", 1, 1, 1},
	[MIG_FN_STAMP] = {"mig_stamp", 1, 1, 1},
	[MIG_FN_CURRENT] = {"mig_current", 0, 0, 0},
	[MIG_FN_HEADS] = {"mig_heads", 0, 0, 0},
	[MIG_FN_SHOW] = {"mig_show", 1, 1, 0},
	[MIG_FN_REVISION] = {"mig_revision", 0, 1, 0},
	[MIG_FN_MERGE] = {"mig_merge", 0, 2, 0},
	[MIG_FN_SQL] = {"mig_sql", 1, 2, 0},
	[MIG_FN_DRY_RUN] = {"mig_dry_run", 1, 2, 1},
	[MIG_FN_AUTOGENERATE] = {"mig_autogenerate", 2, 2, 0},
	[MIG_FN_CHECK] = {"mig_check", 1, 1, 0},
	[MIG_FN_DRIFT] = {"mig_drift", 0, 0, 0},
	[MIG_FN_REPAIR] = {"mig_repair", 1, 2, 1},
};

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec * 1000.0 + (double) ts.tv_nsec / 1e6;
}

static const char *
engine_name(const mig_run *run)
{
	return run->ad->engine == MIG_ENGINE_SQLITE ? "sqlite" : "postgresql";
}


static char *
rev_list(mig_graph *g, const int *v, int n, const char *sep)
{
	mig_buf		b;
	int			i;

	if (n == 0)
		return NULL;
	mig_buf_init(&b, g->ctx);
	for (i = 0; i < n; i++)
	{
		if (i > 0)
			mig_buf_puts(&b, sep);
		mig_buf_puts(&b, g->revs[v[i]].id);
	}
	return b.data;
}

char *
mig_applied_heads_text(mig_run *run)
{
	int		   *rows;
	int			n = mig_applied_rows(run->g, &run->st, &rows);

	return n ? rev_list(run->g, rows, n, ",") : "base";
}

/* ---- running one revision ---- */

/* The stored script and checksum of a revision: v[0], v[1]. */
/* prefetch_scripts: a wanted script not read yet */
static char invalid_script_mark;
#define INVALID_SCRIPT (&invalid_script_mark)

static int
fetch_script(mig_run *run, int rev, mig_first_row *s)
{
	const char *id = run->g->revs[rev].id;
	char	   *sql;

	if (run->scripts != NULL && run->scripts[rev] != NULL)
	{
		/* read with the others of a long plan (prefetch_scripts) */
		memset(s, 0, sizeof(*s));
		s->ctx = run->ctx;
		s->found = 1;
		s->v[0] = run->scripts[rev];
		/* the checksum stored with it: the graph read it from the same rows */
		s->v[1] = run->g->revs[rev].checksum;
		return MIG_OK;
	}
	sql = mig_printf(run->ctx, "SELECT script, checksum FROM %s WHERE revision = $1",
					 run->dbs[run->g->revs[rev].db].t_revision);
	if (mig_run_first_row(run, sql, 1, &id, s))
		return MIG_ERROR;
	if (!s->found || s->v[0] == NULL)
		return mig_error(run->ctx, "revision %s is not registered", id);
	return MIG_OK;
}

/* Row callback of prefetch_scripts: keep the steps' scripts. */
static int
script_row(void *arg, int ncol, const char *const *v)
{
	mig_run    *run = arg;
	int			r;

	if (ncol < 2 || v[0] == NULL || v[1] == NULL)
		return 0;
	r = mig_graph_lookup(run->g, v[0]);
	if (r < 0 || run->scripts[r] != INVALID_SCRIPT)
		return 0;
	run->scripts[r] = mig_strdup(run->ctx, v[1]);
	return 0;
}

/*
 * A long plan reads its steps' scripts in one pass over each database's
 * mig_revision, not one query per revision (W1 in bench/RESULTS.md);
 * fetch_script takes them from there.
 */
static int
prefetch_scripts(mig_run *run, const int *steps, int nsteps)
{
	int			i,
				k;

	if (nsteps < 8)
		return MIG_OK;
	run->scripts = mig_alloc(run->ctx, sizeof(char *) * (size_t) (run->g->n + 1));
	for (i = 0; i < nsteps; i++)
		run->scripts[steps[i]] = INVALID_SCRIPT;	/* wanted */
	for (k = 0; k < run->ndbs; k++)
	{
		if (!run->dbs[k].has_revision)
			continue;
		if (mig_run_sql(run, mig_printf(run->ctx, "SELECT revision, script FROM %s",
										run->dbs[k].t_revision), 0, NULL, script_row, run))
			return MIG_ERROR;
	}
	for (i = 0; i < run->g->n; i++)
		if (run->scripts[i] == INVALID_SCRIPT)
			run->scripts[i] = NULL; /* not found: fetch_script says so */
	return MIG_OK;
}

/* Name the statements of the step about to run, for engine errors. */
static void
set_step_activity(mig_run *run, int n)
{
	int			i = run->cur_index;

	if (n == 1)
		mig_set_activity(run->ctx, mig_printf(run->ctx, "mig: %s statement %d of %d (line %d)",
											  run->cur_what, i + 1, run->cur_total,
											  run->cur_stmts[i].line));
	else
		mig_set_activity(run->ctx, mig_printf(run->ctx, "mig: %s statements %d-%d of %d "
											  "(lines %d-%d), one ALTER TABLE",
											  run->cur_what, i + 1, i + n, run->cur_total,
											  run->cur_stmts[i].line,
											  run->cur_stmts[i + n - 1].line));
}

/* Parse an ALTER TABLE of the engine's dialect; 0 when it is not one. */
static int
parse_alter(mig_run *run, const mig_stmt *st, mig_alter *out, int *is_alter)
{
	int			rc = mig_alter_parse(run->ctx, run->ad->engine, st->sql, out);

	*is_alter = rc == MIG_OK;
	return rc == MIG_ERROR ? MIG_ERROR : MIG_OK;
}

/* May PostgreSQL run this statement's actions in one ALTER TABLE with
 * the first's?  Column renames may (they are moved to the front), table
 * renames and PostgreSQL-only actions may not. */
static int
pg_combinable(const mig_alter *a, const mig_alter *first)
{
	int			i;

	if (a->if_exists != first->if_exists || strcmp(a->head, first->head) != 0)
		return 0;
	for (i = 0; i < a->nactions; i++)
		if (a->actions[i].kind == MIG_ALTER_RENAME_TABLE || a->actions[i].kind == MIG_ALTER_OTHER)
			return 0;
	return 1;
}

static int
is_column_rename(const mig_alter *a)
{
	return a->nactions == 1 && a->actions[0].kind == MIG_ALTER_RENAME_COLUMN;
}

/* Can the column rename alters[r] run before the others of alters[0..n)? */
static int
rename_hoistable(mig_ctx *ctx, const mig_alter *alters, int n, int r)
{
	const mig_alter_action *ren = &alters[r].actions[0];
	int			i,
				j;

	for (i = 0; i < n; i++)
		for (j = 0; j < alters[i].nactions; j++)
			if (i != r && (mig_alter_action_mentions(ctx, &alters[i].actions[j], ren->column) ||
						   mig_alter_action_mentions(ctx, &alters[i].actions[j], ren->new_name)))
				return 0;
	return 1;
}

/*
 * PostgreSQL: the run's column renames first (each its own statement:
 * PostgreSQL cannot combine them), then every other action in ONE ALTER
 * TABLE, so the table is rewritten and scanned once.
 */
static int
run_pg_alters(mig_run *run, const mig_stmt *stmts, mig_alter *alters, int k)
{
	mig_buf		b;
	int			i,
				j,
				rest = 0;

	for (i = 0; i < k; i++)
		if (is_column_rename(&alters[i]))
		{
			if (mig_run_effect(run, stmts[i].sql))
				return MIG_ERROR;
		}
		else
			rest++;
	if (rest == 0)
		return MIG_OK;
	mig_buf_init(&b, run->ctx);
	mig_buf_puts(&b, alters[0].head);
	rest = 0;
	for (i = 0; i < k; i++)
		for (j = 0; !is_column_rename(&alters[i]) && j < alters[i].nactions; j++)
			mig_buf_printf(&b, "%s\n    %s", rest++ ? "," : "", alters[i].actions[j].text);
	return mig_run_effect(run, b.data);
}

static int
type_changed_twice(const mig_alter *alters, int n)
{
	int			i,
				j,
				k,
				l;

	for (i = 0; i < n; i++)
		for (j = 0; j < alters[i].nactions; j++)
		{
			const mig_alter_action *a = &alters[i].actions[j];

			if (a->kind != MIG_ALTER_TYPE)
				continue;
			for (k = i; k < n; k++)
				for (l = (k == i ? j + 1 : 0); l < alters[k].nactions; l++)
					if (alters[k].actions[l].kind == MIG_ALTER_TYPE &&
						strcmp(alters[k].actions[l].column, a->column) == 0)
						return 1;
		}
	return 0;
}

/*
 * The planner between splitting and running: a run of ALTER TABLE
 * statements on one table becomes one step (SQLite: native ALTERs or one
 * rebuild; PostgreSQL: one combined ALTER TABLE, so the table is rewritten
 * and scanned once).  Everything else runs as written.  *used says how
 * many statements the step took.
 */
static int
run_statements(mig_run *run, const mig_stmt *stmts, int n, int *used)
{
	mig_ctx    *ctx = run->ctx;
	int			cap = 4;
	/* grown as the run of ALTERs grows, not sized for all that is left:
	 * that would be quadratic in the statements of a revision */
	mig_alter  *alters = mig_alloc(ctx, sizeof(mig_alter) * (size_t) cap);
	int			is_alter,
				k;

	*used = 1;
	if (parse_alter(run, &stmts[0], &alters[0], &is_alter))
		return MIG_ERROR;
	if (!is_alter || (run->ad->engine == MIG_ENGINE_POSTGRESQL && !pg_combinable(&alters[0], &alters[0])))
		return mig_run_effect(run, stmts[0].sql);
	for (k = 1; k < n; k++)
	{
		if (k == cap)
		{
			alters = mig_realloc(ctx, alters, sizeof(mig_alter) * (size_t) cap,
								 sizeof(mig_alter) * (size_t) cap * 2);
			cap *= 2;
		}
		if (parse_alter(run, &stmts[k], &alters[k], &is_alter))
		{
			/* not this step's business: the statement fails when it runs */
			ctx->error = NULL;
			break;
		}
		if (!is_alter || strcmp(alters[k].key, alters[0].key) != 0)
			break;
		if (run->ad->engine == MIG_ENGINE_POSTGRESQL &&
			(!pg_combinable(&alters[k], &alters[0]) || type_changed_twice(alters, k + 1)))
			break;
		/* a table rename ends the run: later names mean the new table */
		if (alters[k - 1].nactions == 1 && alters[k - 1].actions[0].kind == MIG_ALTER_RENAME_TABLE)
			break;
	}
	if (run->ad->engine == MIG_ENGINE_SQLITE)
	{
		*used = k;
		set_step_activity(run, k);
		return mig_sqlite_alter(run, alters, k);
	}
	/* a rename that others of the run name ends it there (or is alone) */
	{
		int			r;

		for (r = 0; r < k; r++)
			if (is_column_rename(&alters[r]) && !rename_hoistable(ctx, alters, k, r))
			{
				k = r == 0 ? 1 : r;
				break;
			}
	}
	*used = k;
	set_step_activity(run, k);
	if (k == 1)
		return mig_run_effect(run, stmts[0].sql);
	return run_pg_alters(run, stmts, alters, k);
}

/* ---- dry runs on PostgreSQL: rewrites and locks ---- */

typedef struct pg_state
{
	mig_buf		files;			/* "table=relfilenode\n" of every user table */
	mig_buf		locks;			/* "table mode\n" held by this backend */
} pg_state;

static int
pg_line_row(void *arg, int ncol, const char *const *v)
{
	mig_buf    *b = arg;

	mig_buf_printf(b, "%s %s\n", v[0] ? v[0] : "", ncol > 1 && v[1] ? v[1] : "");
	return 0;
}

static int
pg_snapshot(mig_run *run, pg_state *st)
{
	mig_buf_init(&st->files, run->ctx);
	mig_buf_init(&st->locks, run->ctx);
	if (mig_run_sql(run, "SELECT c.oid::regclass::text, c.relfilenode::text FROM pg_catalog.pg_class c "
					"JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN "
					"('r', 'm', 'p') AND n.nspname <> 'pg_catalog' AND n.nspname <> "
					"'information_schema' AND n.nspname NOT LIKE 'pg\\_toast%' ORDER BY 1",
					0, NULL, pg_line_row, &st->files))
		return MIG_ERROR;
	/* the strongest lock this backend holds on each user relation */
	return mig_run_sql(run, "SELECT name, mode FROM (SELECT DISTINCT ON (c.oid) "
					   "c.oid::regclass::text AS name, l.mode FROM pg_catalog.pg_locks l "
					   "JOIN pg_catalog.pg_class c ON c.oid = l.relation "
					   "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
					   "WHERE l.pid = pg_catalog.pg_backend_pid() AND l.locktype = 'relation' "
					   "AND l.granted AND n.nspname <> 'pg_catalog' AND n.nspname <> "
					   "'information_schema' AND n.nspname NOT LIKE 'pg\\_toast%' "
					   "ORDER BY c.oid, pg_catalog.array_position(ARRAY['AccessShareLock', "
					   "'RowShareLock', 'RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock', "
					   "'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'], l.mode) DESC) s "
					   "ORDER BY name COLLATE \"C\", mode",
					   0, NULL, pg_line_row, &st->locks);
}

/* The lines of after not in before, joined with ", ". */
static char *
new_lines(mig_ctx *ctx, const char *before, const char *after)
{
	mig_buf		out;
	const char *p = after;

	mig_buf_init(&out, ctx);
	while (*p)
	{
		const char *e = strchr(p, '\n');
		size_t		n = e ? (size_t) (e - p) + 1 : strlen(p);
		char	   *line = mig_strndup(ctx, p, n);

		if (strstr(before, line) == NULL)
		{
			if (out.len)
				mig_buf_puts(&out, ", ");
			mig_buf_add(&out, line, strcspn(line, "\n"));
		}
		p += n;
	}
	return out.len ? out.data : NULL;
}

/* What a revision rewrote and locked, from snapshots around it. */
static int
pg_report(mig_run *run, const pg_state *before)
{
	pg_state	after;
	char	   *rewrote,
			   *locks;

	if (pg_snapshot(run, &after))
		return MIG_ERROR;
	/* a table whose file changed was rewritten (new tables are not) */
	{
		mig_buf		changed;
		const char *p = after.files.data;

		mig_buf_init(&changed, run->ctx);
		while (*p)
		{
			const char *e = strchr(p, '\n');
			size_t		n = e ? (size_t) (e - p) + 1 : strlen(p);
			size_t		w = strcspn(p, " ");
			char	   *name = mig_printf(run->ctx, "%.*s ", (int) w, p);
			const char *old = strstr(before->files.data, name);

			if (old != NULL && (old == before->files.data || old[-1] == '\n') &&
				strncmp(old, p, n) != 0)
				mig_buf_printf(&changed, "%s%.*s", changed.len ? ", " : "", (int) w, p);
			p += n;
		}
		rewrote = changed.len ? changed.data : NULL;
	}
	locks = new_lines(run->ctx, before->locks.data, after.locks.data);
	mig_buf_printf(run->dry, "  rewrote: %s\n  locks taken: %s\n", rewrote ? rewrote : "none",
				   locks ? locks : "none");
	return MIG_OK;
}

/* Apply (up) or undo one revision: its statements, alembic_version, mig_log. */
/* PostgreSQL: search_path for the rest of the transaction (offline: the
 * statement that sets it). */
static int
pg_set_path(mig_run *run, const char *path)
{
	mig_buf		b;

	mig_buf_init(&b, run->ctx);
	mig_buf_puts(&b, "SELECT pg_catalog.set_config('search_path', ");
	mig_buf_literal(&b, path);
	mig_buf_puts(&b, ", true)");
	if (run->emit != NULL)
	{
		mig_buf_printf(run->emit, "%s;\n", b.data);
		return MIG_OK;
	}
	return mig_run_sql(run, b.data, 0, NULL, NULL, NULL);
}

/* PostgreSQL: the scripts of a named database run with its schema first
 * in search_path (the caller's after it); *saved is the path to go back to. */
static int
pg_enter_schema(mig_run *run, const char *schema, char **saved)
{
	mig_first_row r;
	mig_buf		b;

	if (mig_run_first_row(run, "SELECT pg_catalog.current_setting('search_path')", 0, NULL, &r))
		return MIG_ERROR;
	*saved = r.v[0] ? r.v[0] : mig_strdup(run->ctx, "");
	mig_buf_init(&b, run->ctx);
	mig_buf_ident(&b, schema);
	if (**saved)
		mig_buf_printf(&b, ", %s", *saved);
	return pg_set_path(run, b.data);
}

/* Bracket the caller's SQL, so that it runs under their names and mig's
 * own statements do not (MIG_TXN_CALLER_SQL); nothing to do offline. */
static int
caller_sql(mig_run *run, mig_txn_op op)
{
	char	   *err = NULL;

	if (run->emit != NULL)
		return MIG_OK;
	if (run->ad->txn(run->ad->engine_ctx, op, &err))
		return mig_error(run->ctx, "%s", err ? err : "cannot switch to the caller's names");
	return MIG_OK;
}

static int
run_revision(mig_run *run, int rev, int up)
{
	mig_ctx    *ctx = run->ctx;
	mig_rev    *r = &run->g->revs[rev];
	mig_first_row sr;
	mig_script	script;
	mig_stmt   *stmts;
	int			nstmts,
				i;
	double		t0;
	mig_rowdelta delta;
	const char *dir = up ? "upgrade" : "downgrade";
	char	   *from,
			   *to;
	char	   *computed;
	pg_state	pg_before;
	int			rc;
	char	   *saved_path = NULL;

	memset(&pg_before, 0, sizeof(pg_before));
	if (fetch_script(run, rev, &sr))
		return MIG_ERROR;
	computed = mig_checksum(ctx, sr.v[0]);
	if (sr.v[1] == NULL || strcmp(computed, sr.v[1]) != 0)
		return mig_error(ctx, "revision %s: the stored script does not match its stored "
						 "checksum (stored %s, computed %s); it was changed outside "
						 "mig_register: if the change is right, record it with "
						 "mig_repair('%s')", r->id, sr.v[1] ? sr.v[1] : "none", computed, r->id);
	if (mig_script_parse(ctx, sr.v[0], &script))
		return mig_error_prefix(ctx, mig_printf(ctx, "revision %s", r->id));
	if (!up && !script.has_downgrade)
		return mig_error(ctx, "revision %s has no '-- mig:downgrade' section; "
						 "cannot downgrade past it", r->id);
	if (mig_script_statements(ctx, &script, up, run->ad->engine, &stmts, &nstmts))
		return mig_error_prefix(ctx, mig_printf(ctx, "revision %s", r->id));
	/* one spelling of types for both engines (types.c); on SQLite the
	 * tables of an attached database's script are in that database */
	for (i = 0; i < nstmts; i++)
	{
		stmts[i].sql = mig_translate_types(ctx, run->ad->engine, stmts[i].sql);
		if (r->db > 0 && run->ad->engine == MIG_ENGINE_SQLITE)
			stmts[i].sql = mig_sqlite_qualify(ctx, stmts[i].sql, run->dbs[r->db].schema);
	}

	/* report line, Alembic's wording */
	if (up)
	{
		from = r->ndown ? mig_join(ctx, r->down_ids, r->ndown) : "";
		to = r->id;
	}
	else
	{
		from = r->id;
		to = r->ndown ? mig_join(ctx, r->down_ids, r->ndown) : "";
	}
	if (run->emit != NULL || run->record != NULL)
		mig_buf_printf(run->emit ? run->emit : run->record, "\n-- Running %s %s -> %s%s%s\n",
					   dir, from, to, r->message ? ", " : "", r->message ? r->message : "");
	if (caller_sql(run, MIG_TXN_CALLER_SQL))
		return MIG_ERROR;
	if (run->dry != NULL)
	{
		mig_buf_printf(run->dry, "%s %s -> %s%s%s\n", dir, from, to,
					   r->message ? ", " : "", r->message ? r->message : "");
		run->dry_statements = 0;
		run->dry_rows = 0;
		if (run->ad->engine == MIG_ENGINE_POSTGRESQL && pg_snapshot(run, &pg_before))
			return MIG_ERROR;
	}
	else
		mig_buf_printf(&run->report, "%sRunning %s %s -> %s%s%s",
					   run->report.len ? "\n" : "", dir, from, to,
					   r->message ? ", " : "", r->message ? r->message : "");

	t0 = now_ms();
	if (r->db > 0 && run->ad->engine == MIG_ENGINE_POSTGRESQL &&
		pg_enter_schema(run, run->dbs[r->db].schema, &saved_path))
		return MIG_ERROR;
	for (i = 0; i < nstmts;)
	{
		int			n = 1;
		char	   *which;

		run->cur_what = mig_printf(ctx, "revision %s, %s", r->id, dir);
		run->cur_index = i;
		run->cur_total = nstmts;
		run->cur_stmts = stmts;
		set_step_activity(run, 1);
		rc = run_statements(run, stmts + i, nstmts - i, &n);
		which = n == 1 ? mig_printf(ctx, "statement %d of %d (line %d)", i + 1, nstmts, stmts[i].line)
			: mig_printf(ctx, "statements %d-%d of %d (lines %d-%d)", i + 1, i + n, nstmts,
						 stmts[i].line, stmts[i + n - 1].line);
		mig_set_activity(ctx, NULL);
		if (rc != MIG_OK)
		{
			ctx->error = mig_printf(ctx, "revision %s%s%s%s: %s %s failed: %s\nstatement: %.300s%s",
									r->id, r->message ? " (" : "",
									r->message ? r->message : "", r->message ? ")" : "",
									dir, which, mig_ctx_error(ctx),
									stmts[i].sql, strlen(stmts[i].sql) > 300 ? " ..." : "");
			return MIG_ERROR;
		}
		i += n;
	}
	if (saved_path != NULL && pg_set_path(run, saved_path))
		return MIG_ERROR;
	if (run->dry != NULL)
	{
		mig_buf_printf(run->dry, "  %d statement%s, %lld row%s written, %.1f ms\n",
					   run->dry_statements, run->dry_statements == 1 ? "" : "s",
					   run->dry_rows, run->dry_rows == 1 ? "" : "s", now_ms() - t0);
		if (run->ad->engine == MIG_ENGINE_POSTGRESQL && pg_report(run, &pg_before))
			return MIG_ERROR;
	}
	if (caller_sql(run, MIG_TXN_CALLER_SQL_END))
		return MIG_ERROR;
	mig_applied_step(run->g, &run->st, rev, up, &delta);
	{
		/* the version moves in a dry run too, but is not worth a line */
		mig_buf    *dry = run->dry;

		run->dry = NULL;
		rc = mig_state_write_delta(run, &delta);
		run->dry = dry;
		if (rc)
			return mig_error_prefix(ctx, mig_printf(ctx, "revision %s, %s: writing alembic_version",
													r->id, dir));
	}
	if (mig_state_log(run, rev, dir, sr.v[1], now_ms() - t0))
		return mig_error_prefix(ctx, mig_printf(ctx, "revision %s, %s: writing mig_log", r->id, dir));
	return MIG_OK;
}

/* ---- upgrade, downgrade, stamp ---- */

/* Is an upgrade target already passed (Alembic refuses these too): base
 * with something applied, or an applied revision below a current head? */
static int
below_current(mig_run *run, const char *target)
{
	int			r;
	char	   *saved = run->ctx->error;
	int			rc;

	if (strcmp(target, "base") == 0)
	{
		int		   *rows;

		return mig_applied_rows(run->g, &run->st, &rows) > 0;
	}
	if (strcmp(target, "head") == 0 || strcmp(target, "heads") == 0 || target[0] == '+')
		return 0;
	/* a plain name: look at the revision it names */
	if (strpbrk(target, "+-@") != NULL)
		return 0;
	rc = mig_find_revision(run->g, target, &r);
	run->ctx->error = saved;
	if (rc != MIG_OK)
		return 0;
	return run->st.flag[r] && run->st.nchild[r] > 0;
}

static int
fn_move(mig_run *run, mig_direction dir, const char *target)
{
	mig_ctx    *ctx = run->ctx;
	int		   *steps;
	int			nsteps,
				nup,
				i,
				plain;
	char	   *before;

	if (target == NULL)
		return mig_error(ctx, "target must not be NULL");
	if (mig_state_load(run, MIG_LOAD_APPLIED | MIG_LOAD_CACHED))
		return MIG_ERROR;
	if (mig_plan(run->g, &run->st, dir, target, &steps, &nsteps, &nup))
		return MIG_ERROR;
	before = mig_applied_heads_text(run);
	run->moved = nsteps > 0;
	if (dir == MIG_STAMP)
	{
		mig_buf		report;

		mig_state_log_reserve(run, nsteps);
		for (i = 0; i < nsteps; i++)
		{
			mig_rowdelta d;
			int			up = i < nup;

			mig_applied_step(run->g, &run->st, steps[i], up, &d);
			if (mig_state_write_delta(run, &d) ||
				mig_state_log(run, steps[i], up ? "stamp" : "unstamp",
							  run->g->revs[steps[i]].checksum, 0.0))
				return MIG_ERROR;
		}
		if (mig_state_log_flush(run))
			return mig_error_prefix(ctx, "writing mig_log");
		mig_buf_init(&report, ctx);
		if (nsteps == 0)
			mig_buf_printf(&report, "nothing to stamp; current: %s", before);
		else
			mig_buf_printf(&report, "Running stamp_revision %s -> %s", before, mig_applied_heads_text(run));
		run->report = report;
		return MIG_OK;
	}
	if (dir == MIG_UP && nsteps == 0 && below_current(run, target))
		return mig_error(ctx, "upgrade target '%s' is below the current head(s) %s; "
						 "use mig_downgrade to go back", target, before);
	if (prefetch_scripts(run, steps, nsteps))
		return MIG_ERROR;
	mig_state_log_reserve(run, nsteps);
	/*
	 * A plain run gives back each revision's working memory (its parsed
	 * script, statements, rebuild plans) once it is done, so that memory
	 * stays linear in the revisions, not in all they ran.  What outlives
	 * a revision is its line of the report: room for every line is made
	 * first.  Offline SQL and dry runs keep appending to their buffers.
	 */
	plain = run->emit == NULL && run->record == NULL && run->dry == NULL;
	if (plain)
	{
		size_t		room = 0;

		/* the report's lines, "\nRunning upgrade <down> -> <id>, <message>",
		 * so that it never grows (and leaves copies) during the run */
		for (i = 0; i < nsteps; i++)
		{
			mig_rev    *r = &run->g->revs[steps[i]];
			int			k;

			room += 32 + strlen(r->id) + (r->message ? strlen(r->message) : 0);
			for (k = 0; k < r->ndown; k++)
				room += strlen(r->down_ids[k]) + 1;
		}
		mig_buf_reserve(&run->report, room);
	}
	for (i = 0; i < nsteps; i++)
	{
		mig_mark	m = mig_arena_mark(ctx);

		if (run_revision(run, steps[i], dir == MIG_UP))
			return MIG_ERROR;
		if (plain)
		{
			run->cur_what = NULL;
			run->cur_stmts = NULL;
			mig_set_activity(ctx, NULL);
			mig_arena_release(ctx, m);
		}
	}
	if (mig_state_log_flush(run))
		return mig_error_prefix(ctx, "writing mig_log");
	if (nsteps == 0 && run->emit == NULL)
		mig_buf_printf(&run->report, "nothing to %s; current: %s",
					   dir == MIG_UP ? "upgrade" : "downgrade", before);
	return MIG_OK;
}

/* ---- register ---- */

/* Is revision id applied?  Uses the graph when it loads, else the rows. */
static int
is_applied(mig_run *run, const char *id, int k, int *applied)
{
	mig_ctx    *ctx = run->ctx;
	int			r;
	char	   *saved = ctx->error;

	*applied = 0;
	/* loaded once per call: mig_register_dir of many changed scripts must
	 * not reload the graph for each (what is applied does not change
	 * while scripts are registered) */
	if (run->applied_graph == NULL && mig_state_load(run, MIG_LOAD_APPLIED) == MIG_OK)
	{
		run->applied_graph = run->g;
		run->applied_st = run->st;
	}
	if (run->applied_graph != NULL)
	{
		r = mig_graph_lookup(run->applied_graph, id);
		*applied = r >= 0 && run->applied_st.flag[r];
		return MIG_OK;
	}
	/* a graph that does not load yet: look at alembic_version alone */
	ctx->error = saved;
	{
		char	   *sql = mig_printf(ctx, "SELECT version_num FROM %s WHERE version_num = $1",
									 run->dbs[k].t_version);
		mig_first_row row;

		if (mig_run_first_row(run, sql, 1, &id, &row))
			return MIG_ERROR;
		*applied = row.found;
	}
	return MIG_OK;
}

/* Store one parsed script (inside the call's transaction), in the
 * mig_revision of its database. */
static int
register_one(mig_run *run, const char *text, const mig_script *s)
{
	mig_ctx    *ctx = run->ctx;
	char	   *sum = mig_checksum(ctx, text);
	mig_first_row old;
	const char *params[7];
	char	   *sql;
	int			pg = run->ad->engine == MIG_ENGINE_POSTGRESQL;
	int			k,
				j;

	if (mig_state_db(run, s->database, &k) || mig_state_ensure_db(run, k))
		return MIG_ERROR;
	params[0] = s->revision;
	/* one revision id, one database */
	for (j = 0; j < run->ndbs; j++)
	{
		if (j == k || !run->dbs[j].has_revision)
			continue;
		sql = mig_printf(ctx, "SELECT 1 FROM %s WHERE revision = $1", run->dbs[j].t_revision);
		if (mig_run_first_row(run, sql, 1, params, &old))
			return MIG_ERROR;
		if (old.found)
			return mig_error(ctx, "revision %s is registered in database %s; this script "
							 "says database %s", s->revision, mig_db_label(run, j),
							 mig_db_label(run, k));
	}
	sql = mig_printf(ctx, "SELECT checksum FROM %s WHERE revision = $1", run->dbs[k].t_revision);
	if (mig_run_first_row(run, sql, 1, params, &old))
		return MIG_ERROR;
	if (old.found && old.v[0] != NULL && strcmp(old.v[0], sum) == 0)
		return MIG_OK;
	if (old.found)
	{
		int			applied;

		if (is_applied(run, s->revision, k, &applied))
			return MIG_ERROR;
		if (applied)
			return mig_error(ctx, "revision %s is applied and its script has changed "
							 "(registered checksum %s, new checksum %s); downgrade it "
							 "first, register the original text, or, if the new text "
							 "only says what was done in other words, store it with "
							 "mig_repair('%s', script)",
							 s->revision, old.v[0] ? old.v[0] : "none", sum, s->revision);
	}
	params[1] = mig_join(ctx, s->down, s->ndown);
	params[2] = mig_join(ctx, s->labels, s->nlabels);
	params[3] = mig_join(ctx, s->depends, s->ndepends);
	params[4] = s->message;
	params[5] = sum;
	params[6] = text;
	if (!old.found)
		sql = mig_printf(ctx, "INSERT INTO %s (revision, down_revision, branch_labels, "
						 "depends_on, message, checksum, script, registered_at) "
						 "VALUES ($1, $2, $3, $4, $5, $6, $7, %s)", run->dbs[k].t_revision,
						 pg ? "pg_catalog.now()" : "strftime('%Y-%m-%d %H:%M:%f', 'now')");
	else
		sql = mig_printf(ctx, "UPDATE %s SET down_revision = $2, branch_labels = $3, "
						 "depends_on = $4, message = $5, checksum = $6, script = $7, "
						 "registered_at = %s WHERE revision = $1", run->dbs[k].t_revision,
						 pg ? "pg_catalog.now()" : "strftime('%Y-%m-%d %H:%M:%f', 'now')");
	return mig_run_sql(run, sql, 7, params, NULL, NULL);
}

static int	same_text(const char *a, const char *b);

/*
 * mig_repair(revision [, script]): say what to do about a revision whose
 * script changed after it was applied.  Without script: the stored text,
 * as it is now, is right (it was edited in place): record its checksum.
 * With script: store this text instead (the same revision, the same place
 * in the graph).  Either way mig_log gets a 'repair' row with the new
 * checksum; nothing of the schema runs.
 */
static int
fn_repair(mig_run *run, const char *name, const char *text)
{
	mig_ctx    *ctx = run->ctx;
	mig_first_row sr;
	mig_rev    *r;
	int			rev;
	char	   *sum;
	const char *params[4];
	mig_db	   *d;

	if (name == NULL)
		return mig_error(ctx, "revision must not be NULL");
	if (mig_state_load(run, MIG_LOAD_APPLIED) || mig_find_revision(run->g, name, &rev) ||
		fetch_script(run, rev, &sr))
		return MIG_ERROR;
	r = &run->g->revs[rev];
	d = &run->dbs[r->db];
	if (text == NULL)
	{
		sum = mig_checksum(ctx, sr.v[0]);
		if (sr.v[1] && strcmp(sum, sr.v[1]) == 0)
			return mig_error(ctx, "nothing to repair: the stored script of revision %s matches "
							 "its checksum %s", r->id, sum);
		params[0] = r->id;
		params[1] = sum;
		if (mig_run_sql(run, mig_printf(ctx, "UPDATE %s SET checksum = $2 WHERE revision = $1",
										d->t_revision), 2, params, NULL, NULL))
			return MIG_ERROR;
		mig_buf_printf(&run->report, "repaired %s: its stored script, as it is now, has "
					   "checksum %s (was %s)", r->id, sum, sr.v[1] ? sr.v[1] : "none");
	}
	else
	{
		mig_script	s;
		int			k;

		if (mig_script_parse(ctx, text, &s))
			return mig_error_prefix(ctx, "script");
		if (strcmp(s.revision, r->id) != 0)
			return mig_error(ctx, "the script is revision %s, not %s", s.revision, r->id);
		if (mig_state_db(run, s.database, &k))
			return MIG_ERROR;
		if (k != r->db ||
			!same_text(mig_join(ctx, s.down, s.ndown), r->down_text) ||
			!same_text(mig_join(ctx, s.depends, s.ndepends), r->depends_text) ||
			!same_text(mig_join(ctx, s.labels, s.nlabels), r->labels_text))
			return mig_error(ctx, "a repair keeps revision %s where it is: its database, "
							 "down_revision, depends_on and branch_labels must stay as "
							 "registered", r->id);
		sum = mig_checksum(ctx, text);
		if (sr.v[1] && strcmp(sum, sr.v[1]) == 0 && strcmp(sr.v[0], text) == 0)
			return mig_error(ctx, "nothing to repair: revision %s is registered with this text",
							 r->id);
		params[0] = r->id;
		params[1] = sum;
		params[2] = text;
		params[3] = s.message;
		if (mig_run_sql(run, mig_printf(ctx, "UPDATE %s SET checksum = $2, script = $3, "
										"message = $4 WHERE revision = $1", d->t_revision),
						4, params, NULL, NULL))
			return MIG_ERROR;
		mig_buf_printf(&run->report, "repaired %s: its script is replaced (checksum %s, "
					   "was %s)%s", r->id, sum, sr.v[1] ? sr.v[1] : "none",
					   run->st.flag[rev] ? "; the schema is not touched" : "");
	}
	r->checksum = sum;
	return mig_state_log(run, rev, "repair", sum, 0.0);
}

static int
same_text(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* ---- read-only functions ---- */

/* Collects the first column of every row, comma-separated. */
static int
join_row_fn(void *arg, int ncol, const char *const *v)
{
	mig_buf    *b = arg;

	(void) ncol;
	if (v[0] == NULL)
		return 0;
	if (b->len > 0)
		mig_buf_puts(b, ",");
	mig_buf_puts(b, v[0]);
	return 0;
}

static int
fn_current(mig_run *run, char **out)
{
	char	   *sql;
	mig_buf		b;

	int			k;

	*out = NULL;
	if (mig_state_probe(run))
		return MIG_ERROR;
	/* every database's rows, in one order */
	mig_buf_init(&b, run->ctx);
	for (k = 0; k < run->ndbs; k++)
	{
		if (!run->dbs[k].has_version)
			continue;
		mig_buf_printf(&b, "%sSELECT version_num FROM %s", b.len ? " UNION ALL " : "",
					   run->dbs[k].t_version);
	}
	if (b.len == 0)
		return MIG_OK;
	sql = mig_printf(run->ctx, "SELECT version_num FROM (%s) v ORDER BY 1", b.data);
	mig_buf_init(&b, run->ctx);
	if (mig_run_sql(run, sql, 0, NULL, join_row_fn, &b))
		return MIG_ERROR;
	*out = b.len ? b.data : NULL;
	return MIG_OK;
}

static int
fn_heads(mig_run *run, char **out)
{
	int		   *heads;
	int			n;

	*out = NULL;
	if (mig_state_probe(run) || mig_state_load(run, MIG_LOAD_CACHED))
		return MIG_ERROR;
	n = mig_graph_heads(run->g, &heads);
	*out = rev_list(run->g, heads, n, ",");
	return MIG_OK;
}

static int
fn_show(mig_run *run, const char *name, char **out)
{
	int			r;
	mig_first_row sr;

	if (name == NULL)
		return mig_error(run->ctx, "revision must not be NULL");
	if (mig_state_probe(run) || mig_state_load(run, 0))
		return MIG_ERROR;
	if (mig_find_revision(run->g, name, &r) || fetch_script(run, r, &sr))
		return MIG_ERROR;
	*out = sr.v[0];
	return MIG_OK;
}

/* A message on one line, for a header. */
static char *
one_line(mig_ctx *ctx, const char *msg)
{
	char	   *m = mig_strdup(ctx, msg ? msg : "");
	char	   *p;

	for (p = m; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	return m;
}

static char *
fresh_id(mig_run *run)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char rnd[6];
	char	   *id = mig_alloc(run->ctx, 13);
	int			i;

	run->ad->random(run->ad->engine_ctx, rnd, sizeof(rnd));
	for (i = 0; i < 6; i++)
	{
		id[2 * i] = hex[rnd[i] >> 4];
		id[2 * i + 1] = hex[rnd[i] & 15];
	}
	return id;
}

char *
mig_script_text(mig_run *run, const char *down, const char *message,
				const char *upgrade, const char *downgrade)
{
	mig_buf		b;

	mig_buf_init(&b, run->ctx);
	mig_buf_printf(&b, "-- mig:revision %s\n", fresh_id(run));
	mig_buf_printf(&b, "-- mig:down_revision %s\n", down ? down : "none");
	if (message && *message)
		mig_buf_printf(&b, "-- mig:message %s\n", one_line(run->ctx, message));
	mig_buf_printf(&b, "\n-- mig:upgrade\n%s\n-- mig:downgrade\n%s", upgrade, downgrade);
	return b.data;
}

static int
fn_revision(mig_run *run, const char *message, char **out)
{
	int		   *heads;
	int			n;

	if (mig_state_probe(run) || mig_state_load(run, 0))
		return MIG_ERROR;
	n = mig_graph_heads(run->g, &heads);
	if (n > 1)
		return mig_error(run->ctx, "there are %d heads (%s); merge them first with mig_merge, "
						 "or write the down_revision yourself", n,
						 rev_list(run->g, heads, n, ", "));
	*out = mig_script_text(run, n ? run->g->revs[heads[0]].id : NULL, message, "", "");
	return MIG_OK;
}

static int
fn_merge(mig_run *run, const char *message, const char *revisions, char **out)
{
	mig_ctx    *ctx = run->ctx;
	mig_graph  *g;
	int		   *v;
	int			n = 0,
				i;

	if (mig_state_probe(run) || mig_state_load(run, 0))
		return MIG_ERROR;
	g = run->g;
	if (revisions == NULL)
		n = mig_graph_heads(g, &v);
	else
	{
		char	  **names;
		int			nnames;

		/* comma-separated targets: ids, prefixes or labels */
		mig_split_list(ctx, revisions, &names, &nnames);
		v = mig_alloc(ctx, sizeof(int) * (size_t) (nnames + 1));
		for (i = 0; i < nnames; i++)
		{
			int			r,
						k,
						dup = 0;

			if (mig_find_revision(g, names[i], &r))
				return MIG_ERROR;
			for (k = 0; k < n; k++)
				if (v[k] == r)
					dup = 1;
			if (!dup)
				v[n++] = r;
		}
	}
	if (n < 2)
		return mig_error(ctx, "nothing to merge: %s", revisions == NULL ?
						 "there are fewer than two heads" :
						 "name at least two different revisions");
	*out = mig_script_text(run, rev_list(g, v, n, ","), message ? message :
						 mig_printf(ctx, "merge %s", rev_list(g, v, n, ", ")), "", "");
	return MIG_OK;
}

static int
parse_command(mig_ctx *ctx, const char *command, mig_direction *dir)
{
	if (command == NULL)
		return mig_error(ctx, "command must not be NULL");
	if (strcmp(command, "upgrade") == 0)
		*dir = MIG_UP;
	else if (strcmp(command, "downgrade") == 0)
		*dir = MIG_DOWN;
	else if (strcmp(command, "stamp") == 0)
		*dir = MIG_STAMP;
	else
		return mig_error(ctx, "unknown command '%s' (expected upgrade, downgrade or stamp)", command);
	return MIG_OK;
}

/*
 * mig_sql(command, target) on PostgreSQL: the statements as they would
 * run (a run of ALTERs of one table combined), nothing executed.
 */
static int
fn_sql(mig_run *run, const char *command, const char *target, char **out)
{
	mig_ctx    *ctx = run->ctx;
	mig_buf		b;
	mig_direction dir;
	int			rc;

	if (parse_command(ctx, command, &dir))
		return MIG_ERROR;
	if (target == NULL)
		return mig_error(ctx, "target must not be NULL");
	mig_buf_init(&b, ctx);
	if (mig_state_probe(run))
		return MIG_ERROR;
	mig_buf_printf(&b, "-- mig offline SQL: %s to %s on %s\n", command,
				   target ? target : "(null)", engine_name(run));
	mig_buf_puts(&b, "BEGIN;\n");
	if (!run->dbs[0].has_version)
		mig_buf_printf(&b, "%s;\n", mig_state_version_ddl(run, 0));
	run->emit = &b;
	rc = fn_move(run, dir, target);
	run->emit = NULL;
	if (rc != MIG_OK)
		return MIG_ERROR;
	mig_buf_puts(&b, "\nCOMMIT;\n");
	*out = b.data;
	return MIG_OK;
}

static int	may_rebuild(mig_run *run, mig_direction dir, const char *target);
static int	begin_op(mig_run *run, mig_direction dir, const char *target, mig_txn_op *op);
static int	check_all_foreign_keys(mig_run *run);

/*
 * mig_sql on SQLite: what a table rebuild runs depends on the schema at
 * that point, so the call really runs inside its SAVEPOINT, records every
 * change it makes (rebuild steps spelled out, alembic_version included),
 * and rolls all of it back.
 */
static int
sqlite_sql(mig_run *run, const char *command, const char *target, char **out)
{
	mig_ctx    *ctx = run->ctx;
	mig_buf		rec,
				b;
	mig_direction dir;
	mig_txn_op	begin = MIG_TXN_BEGIN;
	char	   *err = NULL;
	int			had_version,
				fk_off,
				rc;

	if (parse_command(ctx, command, &dir))
		return MIG_ERROR;
	if (target == NULL)
		return mig_error(ctx, "target must not be NULL");
	if (mig_state_probe(run))
		return MIG_ERROR;
	had_version = run->dbs[0].has_version;
	if (begin_op(run, dir, target, &begin))
		return MIG_ERROR;
	fk_off = begin == MIG_TXN_BEGIN_NO_FK;
	if (run->ad->txn(run->ad->engine_ctx, begin, &err))
		return mig_error(ctx, "%s", err ? err : "cannot begin");
	mig_buf_init(&rec, ctx);
	rc = mig_state_ensure(run);
	if (rc == MIG_OK)
	{
		run->record = &rec;
		rc = fn_move(run, dir, target);
		run->record = NULL;
	}
	/* never kept: this was a rehearsal */
	run->ad->txn(run->ad->engine_ctx, MIG_TXN_ROLLBACK, &err);
	if (rc != MIG_OK)
		return MIG_ERROR;
	mig_buf_init(&b, ctx);
	mig_buf_printf(&b, "-- mig offline SQL: %s to %s on sqlite (recorded from a run that was "
				   "rolled back)\n", command, target);
	{
		int			k;

		for (k = 1; k < run->ndbs; k++)
			mig_buf_printf(&b, "-- run it with database %s attached: ATTACH '...' AS %s;\n",
						   run->dbs[k].name, run->dbs[k].name);
	}
	if (fk_off)
		mig_buf_puts(&b, "PRAGMA foreign_keys = OFF;\n");
	mig_buf_puts(&b, "BEGIN;\n");
	if (!had_version)
		mig_buf_printf(&b, "%s;\n", mig_state_version_ddl(run, 0));
	mig_buf_puts(&b, rec.data);
	if (fk_off)
		mig_buf_puts(&b, "PRAGMA foreign_key_check;\n");
	mig_buf_puts(&b, "\nCOMMIT;\n");
	if (fk_off)
		mig_buf_puts(&b, "PRAGMA foreign_keys = ON;\n");
	*out = b.data;
	return MIG_OK;
}

/*
 * mig_dry_run(command, target): run the upgrade, downgrade or stamp for
 * real, inside a savepoint (SQLite) or subtransaction (PostgreSQL), say
 * what each revision did, and undo all of it.
 */
static int
dry_run(mig_run *run, const char *command, const char *target, char **out)
{
	mig_ctx    *ctx = run->ctx;
	mig_direction dir;
	mig_txn_op	begin = MIG_TXN_BEGIN;
	mig_buf		rep;
	char	   *err = NULL;
	int			rc;

	if (parse_command(ctx, command, &dir))
		return MIG_ERROR;
	if (target == NULL)
		return mig_error(ctx, "target must not be NULL");
	if (begin_op(run, dir, target, &begin))
		return MIG_ERROR;
	if (run->ad->txn(run->ad->engine_ctx, begin, &err) ||
		run->ad->txn(run->ad->engine_ctx, MIG_TXN_SAVE, &err))
	{
		run->ad->txn(run->ad->engine_ctx, MIG_TXN_ROLLBACK, &err);
		return mig_error(ctx, "%s", err ? err : "cannot begin");
	}
	mig_buf_init(&rep, ctx);
	mig_buf_printf(&rep, "dry run of %s to %s on %s: everything below ran and was rolled back\n",
				   command, target, engine_name(run));
	rc = mig_state_ensure(run);
	if (rc == MIG_OK)
	{
		run->dry = &rep;
		rc = fn_move(run, dir, target);
		run->dry = NULL;
	}
	if (rc == MIG_OK && run->fk_user_on)
		rc = check_all_foreign_keys(run);
	/* undone whatever happened */
	{
		char	   *saved = ctx->error;

		if (run->ad->txn(run->ad->engine_ctx, MIG_TXN_UNDO, &err) && rc == MIG_OK)
			rc = mig_error(ctx, "%s", err ? err : "cannot roll back the dry run");
		run->ad->txn(run->ad->engine_ctx, MIG_TXN_ROLLBACK, &err);
		if (saved != NULL)
			ctx->error = saved;
	}
	if (rc != MIG_OK)
		return MIG_ERROR;
	/* "nothing to upgrade", or the one line of a stamp */
	if (run->report.len && strncmp(run->report.data, "Running upgrade", 15) != 0 &&
		strncmp(run->report.data, "Running downgrade", 17) != 0)
		mig_buf_printf(&rep, "%s\n", run->report.data);
	*out = rep.data;
	return MIG_OK;
}

/* ---- foreign keys on SQLite ---- */

/* How a call that applies revisions begins: on SQLite with foreign keys
 * on, suspending them when it may rebuild a referenced table. */
static int
begin_op(mig_run *run, mig_direction dir, const char *target, mig_txn_op *op)
{
	*op = MIG_TXN_BEGIN;
	if (run->ad->engine != MIG_ENGINE_SQLITE || dir == MIG_STAMP)
		return MIG_OK;
	if (mig_sqlite_fk_on(run, &run->fk_user_on))
		return MIG_ERROR;
	if (run->fk_user_on && may_rebuild(run, dir, target))
		*op = MIG_TXN_BEGIN_NO_FK;
	return MIG_OK;
}

/* Is a table referenced by a foreign key now, or not there yet (so that
 * the call may create references to it)? */
static int
table_may_be_parent(mig_run *run, const mig_alter *a)
{
	mig_first_row r;
	const char *schema = a->schema ? a->schema : "main";
	const char *params[2];
	mig_buf		sql;

	mig_buf_init(&sql, run->ctx);
	mig_buf_puts(&sql, "SELECT (SELECT count(*) FROM ");
	mig_buf_ident(&sql, schema);
	mig_buf_puts(&sql, ".sqlite_schema WHERE type = 'table' AND name = $2 COLLATE NOCASE), "
				 "EXISTS (SELECT 1 FROM ");
	mig_buf_ident(&sql, schema);
	mig_buf_puts(&sql, ".sqlite_schema m, pragma_foreign_key_list(m.name, $1) f "
				 "WHERE m.type = 'table' AND f.\"table\" = $2 COLLATE NOCASE)");
	params[0] = schema;
	params[1] = a->table;
	{
		mig_ctx    *ctx = run->ctx;
		char	   *saved = mig_ctx_error_raw(ctx);

		if (mig_run_first_row(run, sql.data, 2, params, &r) || !r.found)
		{
			mig_ctx_restore_error(ctx, saved);
			return 1;
		}
	}
	return strcmp(r.v[0], "0") == 0 || strcmp(r.v[1], "1") == 0;
}

/*
 * Could this call rebuild a table that foreign keys reference?  Only then
 * are foreign keys turned off for it (they cannot be turned off around
 * the rebuild alone: SQLite ignores the pragma inside a transaction), and
 * data statements elsewhere keep their ON DELETE actions.  A look at the
 * plan before the lock; when in doubt, yes.
 */
static int
may_rebuild(mig_run *run, mig_direction dir, const char *target)
{
	mig_ctx    *ctx = run->ctx;
	char	   *saved = ctx->error;
	int		   *steps;
	int			nsteps,
				nup,
				i,
				j,
				k;

	/* inside the caller's transaction foreign keys cannot be turned off,
	 * and reading state before the lock would invite SQLITE_BUSY */
	if (run->ad->in_transaction != NULL && run->ad->in_transaction(run->ad->engine_ctx))
		return 0;
	if (mig_state_probe(run) || mig_state_load(run, MIG_LOAD_APPLIED) ||
		mig_plan(run->g, &run->st, dir, target, &steps, &nsteps, &nup))
	{
		ctx->error = saved;
		return 1;
	}
	for (i = 0; i < nsteps; i++)
	{
		mig_first_row sr;
		mig_script	script;
		mig_stmt   *stmts;
		int			n;

		if (fetch_script(run, steps[i], &sr) || mig_script_parse(ctx, sr.v[0], &script) ||
			mig_script_statements(ctx, &script, dir == MIG_UP, run->ad->engine, &stmts, &n))
		{
			ctx->error = saved;
			return 1;
		}
		for (j = 0; j < n; j++)
		{
			mig_alter	a;
			int			rc = mig_alter_parse(ctx, run->ad->engine, stmts[j].sql, &a);

			if (rc == MIG_ERROR)
			{
				ctx->error = saved;
				return 1;
			}
			for (k = 0; rc == MIG_OK && k < a.nactions; k++)
				if (a.actions[k].kind != MIG_ALTER_RENAME_COLUMN &&
					a.actions[k].kind != MIG_ALTER_RENAME_TABLE &&
					table_may_be_parent(run, &a))
					return 1;
		}
	}
	return 0;
}

/* After a call that ran with foreign keys off, they must all hold. */
static int
check_all_foreign_keys(mig_run *run)
{
	mig_first_row r;
	int			on;

	if (mig_sqlite_fk_on(run, &on))
		return MIG_ERROR;
	if (on)
		return MIG_OK;			/* enforced statement by statement */
	if (mig_run_first_row(run, "SELECT \"table\", rowid, parent FROM pragma_foreign_key_check",
						  0, NULL, &r))
		return MIG_ERROR;
	if (r.found)
		return mig_error(run->ctx, "foreign key violation after the migration: table %s row %s "
						 "references %s, which has no matching row (%d violation%s in all); "
						 "foreign keys were off for this call because it rebuilds a table that "
						 "others reference, so ON DELETE/ON UPDATE actions of its data statements "
						 "did not run: if one relies on them, run it in a call of its own",
						 r.v[0], r.v[1] ? r.v[1] : "(no rowid)", r.v[2], r.found,
						 r.found == 1 ? "" : "s");
	return MIG_OK;
}

/* ---- entry points ---- */

/* Commit the call's work, or undo all of it. */
static int
end_call(mig_run *run, int rc)
{
	char	   *err = NULL;

	if (rc != MIG_OK)
	{
		run->ad->txn(run->ad->engine_ctx, MIG_TXN_ROLLBACK, &err);
		return MIG_ERROR;
	}
	if (run->ad->txn(run->ad->engine_ctx, MIG_TXN_COMMIT, &err))
		return mig_error(run->ctx, "%s", err ? err : "cannot commit");
	return MIG_OK;
}

static const char *
arg(int argc, const char *const *argv, int i)
{
	return i < argc ? argv[i] : NULL;
}

/* The functions that change nothing. */
static int
read_call(mig_run *run, mig_fn fn, int argc, const char *const *argv, char **out)
{
	mig_ctx    *ctx = run->ctx;
	const mig_fn_info *info = &mig_fn_table[fn];

	switch (fn)
	{
		case MIG_FN_CURRENT:
			return fn_current(run, out);
		case MIG_FN_HEADS:
			return fn_heads(run, out);
		case MIG_FN_SHOW:
			return fn_show(run, arg(argc, argv, 0), out);
		case MIG_FN_REVISION:
			return fn_revision(run, arg(argc, argv, 0), out);
		case MIG_FN_MERGE:
			return fn_merge(run, arg(argc, argv, 0), arg(argc, argv, 1), out);
		case MIG_FN_SQL:
			if (run->ad->engine == MIG_ENGINE_SQLITE)
				return sqlite_sql(run, arg(argc, argv, 0), argc > 1 ? argv[1] : "head", out);
			return fn_sql(run, arg(argc, argv, 0), argc > 1 ? argv[1] : "head", out);
		case MIG_FN_AUTOGENERATE:
			return mig_fn_autogenerate(run, arg(argc, argv, 0), arg(argc, argv, 1), out) ?
				mig_error_prefix(ctx, "mig_autogenerate") : MIG_OK;
		case MIG_FN_CHECK:
			return mig_fn_check(run, arg(argc, argv, 0), out) ?
				mig_error_prefix(ctx, "mig_check") : MIG_OK;
		case MIG_FN_DRIFT:
			return mig_fn_drift(run, out) ? mig_error_prefix(ctx, "mig_drift") : MIG_OK;
		default:
			return mig_error(ctx, "%s: not a read function", info->name);
	}
}

int
mig_call(mig_ctx *ctx, mig_fn fn, int argc, const char *const *argv, char **out)
{
	mig_run		run;
	const mig_fn_info *info = &mig_fn_table[fn];
	int			rc;

	*out = NULL;
	if (argc < info->min_args || argc > info->max_args)
		return mig_error(ctx, "%s takes %d to %d arguments, not %d",
						 info->name, info->min_args, info->max_args, argc);
	/* a target is an id, a label or a step: not pages of text to repeat
	 * in an error */
	{
		int			t = fn == MIG_FN_SQL || fn == MIG_FN_DRY_RUN ? 1 :
			fn == MIG_FN_UPGRADE || fn == MIG_FN_DOWNGRADE || fn == MIG_FN_STAMP ||
			fn == MIG_FN_SHOW ? 0 : -1;

		if (t >= 0 && t < argc && argv[t] != NULL && strlen(argv[t]) > 256)
			return mig_error(ctx, "%s: the target is %zu bytes long; a target is a revision "
							 "id, a branch label or a relative step (at most 256 bytes)",
							 info->name, strlen(argv[t]));
	}
	mig_run_init(&run, ctx);
	if (!info->writes)
	{
		rc = read_call(&run, fn, argc, argv, out);
		/* every message starts with the function's name */
		if (rc != MIG_OK && strncmp(mig_ctx_error(ctx), "mig_", 4) != 0)
			return mig_error_prefix(ctx, info->name);
		return rc;
	}
	if (fn == MIG_FN_DRY_RUN)
		return dry_run(&run, arg(argc, argv, 0), argc > 1 ? argv[1] : "head", out);
	if (fn == MIG_FN_REPAIR)
	{
		char	   *err = NULL;

		if (run.ad->txn(run.ad->engine_ctx, MIG_TXN_BEGIN, &err))
			return mig_error(ctx, "%s", err ? err : "cannot begin");
		rc = mig_state_ensure(&run);
		if (rc == MIG_OK && fn_repair(&run, arg(argc, argv, 0), arg(argc, argv, 1)))
			rc = mig_error_prefix(ctx, "mig_repair");
		if (rc == MIG_OK)
			*out = run.report.data;
		return end_call(&run, rc);
	}
	if (fn == MIG_FN_REGISTER)
	{
		/* parse before taking any lock: bad input never touches the db */
		mig_script	s;
		const char *text = arg(argc, argv, 0);

		if (text == NULL)
			return mig_error(ctx, "mig_register: script must not be NULL");
		if (mig_script_parse(ctx, text, &s))
			return mig_error_prefix(ctx, s.revision ?
								mig_printf(ctx, "mig_register: revision %s", s.revision) :
								"mig_register");
		{
			char	   *err = NULL;

			if (run.ad->txn(run.ad->engine_ctx, MIG_TXN_BEGIN, &err))
				return mig_error(ctx, "%s", err ? err : "cannot begin");
		}
		rc = mig_state_ensure(&run);
		if (rc == MIG_OK && register_one(&run, text, &s))
			rc = mig_error_prefix(ctx, "mig_register");
		/* refuse what no later registration could repair: a cycle or a
		 * branch label used twice (a parent may still come later) */
		if (rc == MIG_OK && mig_state_load(&run, MIG_LOAD_PARTIAL))
			rc = mig_error_prefix(ctx, mig_printf(ctx, "mig_register: revision %s", s.revision));
		if (rc == MIG_OK)
			*out = s.revision;
	}
	else
	{
		const char *target = argc > 0 ? argv[0] : "head";
		char	   *err = NULL;
		mig_direction dir = fn == MIG_FN_UPGRADE ? MIG_UP :
			fn == MIG_FN_DOWNGRADE ? MIG_DOWN : MIG_STAMP;

		mig_txn_op begin = MIG_TXN_BEGIN;

		if (target == NULL)
			return mig_error(ctx, "%s: target must not be NULL", info->name);
		if (begin_op(&run, dir, target, &begin))
			return MIG_ERROR;
		if (run.ad->txn(run.ad->engine_ctx, begin, &err))
			return mig_error(ctx, "%s", err ? err : "cannot begin");
		rc = mig_state_ensure(&run);
		if (rc == MIG_OK)
			rc = fn_move(&run, dir, target);
		if (rc == MIG_OK && run.fk_user_on)
			rc = check_all_foreign_keys(&run);
		/* the schema as this call leaves it, for mig_drift */
		if (rc == MIG_OK && run.moved)
		{
			rc = caller_sql(&run, MIG_TXN_CALLER_SQL);
			if (rc == MIG_OK)
				rc = mig_snapshot_take(&run);
			if (rc == MIG_OK)
				rc = caller_sql(&run, MIG_TXN_CALLER_SQL_END);
		}
		if (rc == MIG_OK)
			*out = run.report.data;
	}
	return end_call(&run, rc);
}

int
mig_register_many(mig_ctx *ctx, int n, const char *const *names,
				  const char *const *texts, long *count)
{
	mig_run		run;
	mig_graph  *seen = mig_graph_new(ctx);
	char	   *err = NULL;
	int			i,
				rc = MIG_OK;

	/*
	 * Each script is parsed twice, to check them all before the lock and
	 * then to register it, and its parse is given back each time: memory
	 * stays the size of the texts, not of all their parses.
	 */
	*count = 0;
	mig_run_init(&run, ctx);
	for (i = 0; i < n; i++)
	{
		int			prev;
		mig_mark	m = mig_arena_mark(ctx);
		mig_script	s;
		char		id[256];

		if (mig_script_parse(ctx, texts[i], &s))
			return mig_error_prefix(ctx, s.revision ?
								mig_printf(ctx, "%s: revision %s", names[i], s.revision) :
								names[i]);
		if (strlen(s.revision) < sizeof(id))
		{
			memcpy(id, s.revision, strlen(s.revision) + 1);
			mig_arena_release(ctx, m);
			s.revision = id;
		}
		prev = mig_graph_lookup(seen, s.revision);
		if (prev >= 0)
			return mig_error(ctx, "revision %s is defined twice: in %s and in %s",
							 s.revision, names[prev], names[i]);
		mig_graph_add(seen, s.revision, NULL, NULL, NULL, NULL, NULL);
	}
	if (run.ad->txn(run.ad->engine_ctx, MIG_TXN_BEGIN, &err))
		return mig_error(ctx, "%s", err ? err : "cannot begin");
	rc = mig_state_ensure(&run);
	for (i = 0; rc == MIG_OK && i < n; i++)
	{
		mig_mark	m = mig_arena_mark(ctx);
		int			ndbs = run.ndbs;
		mig_graph  *applied = run.applied_graph;
		mig_script	s;

		if (mig_script_parse(ctx, texts[i], &s) || register_one(&run, texts[i], &s))
			rc = mig_error_prefix(ctx, names[i]);
		else if (run.ndbs == ndbs && run.applied_graph == applied)
			mig_arena_release(ctx, m);	/* nothing of it is kept */
	}
	/* the directory must make a whole graph with what was there */
	if (rc == MIG_OK)
		rc = mig_state_load(&run, 0);
	rc = end_call(&run, rc);
	if (rc == MIG_OK)
		*count = n;
	return rc;
}

/* ---- mig_history ---- */

typedef struct applied_at_rows
{
	mig_graph  *g;
	char	  **at;
} applied_at_rows;

static int
applied_at_fn(void *arg, int ncol, const char *const *v)
{
	applied_at_rows *a = arg;
	int			r;

	(void) ncol;
	if (v[0] == NULL || v[1] == NULL)
		return 0;
	r = mig_graph_lookup(a->g, v[0]);
	if (r >= 0)
		a->at[r] = mig_strdup(a->g->ctx, v[1]);
	return 0;
}

int
mig_history(mig_ctx *ctx, mig_history_fn fn, void *arg)
{
	mig_run		run;
	applied_at_rows at;
	int			i,
				k;

	mig_run_init(&run, ctx);
	if (mig_state_probe(&run) || mig_state_load(&run, MIG_LOAD_APPLIED | MIG_LOAD_CACHED))
		return MIG_ERROR;
	at.g = run.g;
	at.at = mig_alloc(ctx, sizeof(char *) * (size_t) (run.g->n + 1));
	for (k = 0; k < run.ndbs; k++)
	{
		/* the latest upgrade or stamp of each revision */
		/* PostgreSQL: ISO 8601 in UTC, whatever the session's DateStyle */
		char	   *sql;

		if (!run.dbs[k].has_log)
			continue;
		sql = mig_printf(ctx, "SELECT revision, %s FROM %s "
						 "WHERE direction IN ('upgrade', 'stamp') GROUP BY revision",
						 run.ad->engine == MIG_ENGINE_POSTGRESQL ?
						 "pg_catalog.to_char(pg_catalog.max(logged_at) AT TIME ZONE 'UTC', "
						 "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')" : "max(logged_at)",
						 run.dbs[k].t_log);
		if (mig_run_sql(&run, sql, 0, NULL, applied_at_fn, &at))
			return MIG_ERROR;
	}
	for (i = run.g->n - 1; i >= 0; i--)
	{
		int			v = run.g->order[i];
		mig_rev    *r = &run.g->revs[v];
		mig_history_row row;

		row.revision = r->id;
		row.down_revision = r->down_text;
		row.branch_labels = r->labels_text;
		row.message = r->message;
		row.is_head = r->ndown_children == 0;
		row.is_applied = run.st.flag[v];
		row.applied_at = run.st.flag[v] ? at.at[v] : NULL;
		row.database = mig_db_label(&run, r->db);
		if (fn(arg, &row))
			return MIG_ERROR;
	}
	return MIG_OK;
}

/*
 * state.c -- mig's tables in the database: alembic_version (exactly as
 * Alembic keeps it), mig_revision (every registered script) and mig_log
 * (one row per revision applied, downgraded or stamped).
 *
 * All names are schema-qualified and quoted by mig_buf_ident; values go
 * in as parameters, or as literals quoted by mig_buf_literal when the SQL
 * is printed for offline use.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mig_core.h"

static char *
qualified(mig_ctx *ctx, const char *schema, const char *table)
{
	mig_buf		b;

	mig_buf_init(&b, ctx);
	mig_buf_ident(&b, schema);
	mig_buf_puts(&b, ".");
	mig_buf_ident(&b, table);
	return b.data;
}

void
mig_run_init(mig_run *run, mig_ctx *ctx)
{
	const mig_adapter *ad = mig_ctx_adapter(ctx);

	memset(run, 0, sizeof(*run));
	run->ctx = ctx;
	run->ad = ad;
	run->t_version = qualified(ctx, ad->state_schema, "alembic_version");
	run->t_revision = qualified(ctx, ad->state_schema, "mig_revision");
	run->t_log = qualified(ctx, ad->state_schema, "mig_log");
	mig_buf_init(&run->report, ctx);
}

int
mig_run_sql(mig_run *run, const char *sql, int nparams,
			const char *const *params, mig_row_fn fn, void *arg)
{
	char	   *err = NULL;

	if (run->ad->exec(run->ad->engine_ctx, sql, nparams, params, fn, arg, &err) != MIG_OK)
		return mig_error(run->ctx, "%s", err ? err : "statement failed");
	return MIG_OK;
}

int
mig_first_row_fn(void *arg, int ncol, const char *const *vals)
{
	mig_first_row *r = arg;
	int			i;

	if (r->found++)
		return 0;
	for (i = 0; i < ncol && i < MIG_ROW_MAX; i++)
		r->v[i] = mig_strdup(r->ctx, vals[i]);
	return 0;
}

/* A dry run: run the change, and say what it did and what it took. */
static int
dry_effect(mig_run *run, const char *sql)
{
	struct timespec t0,
				t1;
	long long	rows = -1;
	size_t		len = strcspn(sql, "\n");
	double		ms;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (mig_run_sql(run, sql, 0, NULL, NULL, NULL))
		return MIG_ERROR;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (double) (t1.tv_sec - t0.tv_sec) * 1000.0 + (double) (t1.tv_nsec - t0.tv_nsec) / 1e6;
	/* the engines count rows for data statements only (SQLite keeps the
	 * last DML statement's count through DDL) */
	if (run->ad->changes != NULL)
	{
		const char *k = mig_stmt_keyword(run->ctx, sql, 0);

		if (strcmp(k, "INSERT") == 0 || strcmp(k, "UPDATE") == 0 || strcmp(k, "DELETE") == 0 ||
			strcmp(k, "REPLACE") == 0 || strcmp(k, "MERGE") == 0 || strcmp(k, "WITH") == 0)
			rows = run->ad->changes(run->ad->engine_ctx);
	}
	run->dry_statements++;
	if (rows > 0)
		run->dry_rows += rows;
	mig_buf_printf(run->dry, "    %.*s%s  -- ", (int) (len > 100 ? 100 : len), sql,
				   len > 100 || sql[len] ? " ..." : "");
	if (rows >= 0)
		mig_buf_printf(run->dry, "%lld row%s, ", rows, rows == 1 ? "" : "s");
	mig_buf_printf(run->dry, "%.1f ms\n", ms);
	return MIG_OK;
}

int
mig_run_effect(mig_run *run, const char *sql)
{
	/* PostgreSQL: what it costs, and NOTICEs for the known traps */
	char	   *cost = run->ad->engine == MIG_ENGINE_POSTGRESQL ? mig_pg_cost(run, sql, 1) : NULL;

	if (run->emit != NULL)
	{
		if (cost)
			mig_buf_puts(run->emit, cost);
		mig_buf_puts(run->emit, sql);
		mig_buf_puts(run->emit, ";\n");
		return MIG_OK;
	}
	if (run->dry != NULL)
	{
		if (cost)
			mig_buf_printf(run->dry, "    %s", cost);
		return dry_effect(run, sql);
	}
	if (mig_run_sql(run, sql, 0, NULL, NULL, NULL))
		return MIG_ERROR;
	if (run->record != NULL)
	{
		mig_buf_puts(run->record, sql);
		mig_buf_puts(run->record, ";\n");
	}
	return MIG_OK;
}

int
mig_run_first_row(mig_run *run, const char *sql, int nparams, const char *const *params,
				  mig_first_row *r)
{
	memset(r, 0, sizeof(*r));
	r->ctx = run->ctx;
	return mig_run_sql(run, sql, nparams, params, mig_first_row_fn, r);
}

int
mig_sqlite_fk_on(mig_run *run, int *on)
{
	mig_first_row r;

	if (mig_run_first_row(run, "PRAGMA foreign_keys", 0, NULL, &r))
		return MIG_ERROR;
	*on = r.found && r.v[0] && strcmp(r.v[0], "1") == 0;
	return MIG_OK;
}

static int
probe_row(void *arg, int ncol, const char *const *vals)
{
	mig_run    *run = arg;

	if (ncol < 1 || vals[0] == NULL)
		return 0;
	if (strcmp(vals[0], "alembic_version") == 0)
		run->has_version = 1;
	else if (strcmp(vals[0], "mig_revision") == 0)
		run->has_revision = 1;
	else if (strcmp(vals[0], "mig_log") == 0)
		run->has_log = 1;
	return 0;
}

int
mig_state_probe(mig_run *run)
{
	const char *schema = run->ad->state_schema;

	run->has_version = run->has_revision = run->has_log = 0;
	if (run->ad->engine == MIG_ENGINE_SQLITE)
	{
		mig_buf		b;

		mig_buf_init(&b, run->ctx);
		mig_buf_puts(&b, "SELECT name FROM ");
		mig_buf_ident(&b, schema);
		mig_buf_puts(&b, ".sqlite_schema WHERE type = 'table' AND name IN "
					 "('alembic_version', 'mig_revision', 'mig_log')");
		return mig_run_sql(run, b.data, 0, NULL, probe_row, run);
	}
	return mig_run_sql(run,
					   "SELECT c.relname::text FROM pg_catalog.pg_class c "
					   "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
					   "WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname IN "
					   "('alembic_version', 'mig_revision', 'mig_log')",
					   1, &schema, probe_row, run);
}

/* Alembic's own definition of its table, constraint name included. */
char *
mig_state_version_ddl(mig_run *run)
{
	return mig_printf(run->ctx, "CREATE TABLE %s (version_num VARCHAR(32) NOT NULL, "
					  "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))",
					  run->t_version);
}

/*
 * SQLite: take the write lock before reading anything.  A transaction
 * that has read and then wants to write fails at once with SQLITE_BUSY
 * (deadlock avoidance) or a stale WAL snapshot, without waiting; one that
 * writes first waits in the busy handler.  DELETE ... WHERE 0 changes
 * nothing but begins a write transaction.  On a fresh database the
 * CREATE TABLE is the first write instead.
 */
static int
lock_sqlite(mig_run *run)
{
	char	   *probe = mig_printf(run->ctx, "DELETE FROM %s WHERE 0", run->t_version);
	int			attempt;

	for (attempt = 0; attempt < 3; attempt++)
	{
		char	   *err = NULL;

		if (run->ad->exec(run->ad->engine_ctx, probe, 0, NULL, NULL, NULL, &err) == MIG_OK)
			return MIG_OK;
		if (err == NULL || strstr(err, "no such table") == NULL)
			return mig_error(run->ctx, "%s", err ? err : "cannot lock the database");
		/* no alembic_version yet: creating it is the first write; if a
		 * concurrent caller just made it, the next DELETE works */
		err = NULL;
		if (run->ad->exec(run->ad->engine_ctx, mig_state_version_ddl(run), 0, NULL,
						  NULL, NULL, &err) == MIG_OK)
			return MIG_OK;
		if (err == NULL || strstr(err, "already exists") == NULL)
			return mig_error(run->ctx, "%s", err ? err : "cannot create alembic_version");
	}
	return mig_error(run->ctx, "cannot lock the database for migration");
}

int
mig_state_ensure(mig_run *run)
{
	mig_ctx    *ctx = run->ctx;

	if (run->ad->engine == MIG_ENGINE_SQLITE && lock_sqlite(run))
		return MIG_ERROR;
	if (mig_state_probe(run))
		return MIG_ERROR;
	if (!run->has_version)
	{
		if (mig_run_sql(run, mig_state_version_ddl(run), 0, NULL, NULL, NULL))
			return MIG_ERROR;
		run->has_version = 1;
	}
	if (run->ad->engine == MIG_ENGINE_POSTGRESQL)
	{
		/* the extension script creates these */
		if (!run->has_revision || !run->has_log)
			return mig_error(ctx, "mig's tables are missing from schema \"%s\"; "
							 "reinstall the extension", run->ad->state_schema);
		return MIG_OK;
	}
	/* SQLite: mig makes its own tables on first use */
	{
		const struct
		{
			int		   *exists;
			const char *name;
			const char *columns;
		}			tables[] = {
			{&run->has_revision, run->t_revision,
			"revision TEXT PRIMARY KEY NOT NULL, down_revision TEXT, branch_labels TEXT, "
			"depends_on TEXT, message TEXT, checksum TEXT NOT NULL, script TEXT NOT NULL, "
			"registered_at TEXT NOT NULL"},
			{&run->has_log, run->t_log,
			"id INTEGER PRIMARY KEY, revision TEXT NOT NULL, direction TEXT NOT NULL, "
			"checksum TEXT, logged_at TEXT NOT NULL, duration_ms REAL, role TEXT"},
		};
		size_t		i;

		for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		{
			if (*tables[i].exists)
				continue;
			if (mig_run_sql(run, mig_printf(ctx, "CREATE TABLE %s (%s)", tables[i].name,
											tables[i].columns), 0, NULL, NULL, NULL))
				return MIG_ERROR;
			*tables[i].exists = 1;
		}
	}
	return MIG_OK;
}

static int
graph_row(void *arg, int ncol, const char *const *v)
{
	mig_run    *run = arg;

	(void) ncol;
	return mig_graph_add(run->g, v[0], v[1], v[2], v[3], v[4], v[5]);
}

typedef struct id_list
{
	mig_ctx    *ctx;
	char	  **ids;
	int			n;
	int			cap;
} id_list;

static int
id_row(void *arg, int ncol, const char *const *v)
{
	id_list    *l = arg;

	(void) ncol;
	if (v[0] == NULL)
		return 0;
	if (l->n == l->cap)
	{
		int			ncap = l->cap ? l->cap * 2 : 8;

		l->ids = mig_realloc(l->ctx, l->ids, sizeof(char *) * (size_t) l->cap,
							 sizeof(char *) * (size_t) ncap);
		l->cap = ncap;
	}
	l->ids[l->n++] = mig_strdup(l->ctx, v[0]);
	return 0;
}

static int
max_row(void *arg, int ncol, const char *const *v)
{
	long	   *out = arg;

	(void) ncol;
	*out = v[0] ? atol(v[0]) : 0;
	return 0;
}

int
mig_state_load(mig_run *run, int flags)
{
	mig_ctx    *ctx = run->ctx;
	id_list		rows;

	run->g = mig_graph_new(ctx);
	if (run->has_revision)
	{
		char	   *sql = mig_printf(ctx, "SELECT revision, down_revision, branch_labels, "
									 "depends_on, message, checksum FROM %s", run->t_revision);

		if (mig_run_sql(run, sql, 0, NULL, graph_row, run))
			return MIG_ERROR;
	}
	if ((flags & MIG_LOAD_PARTIAL) ? mig_graph_finish_partial(run->g) : mig_graph_finish(run->g))
		return MIG_ERROR;
	if (!(flags & MIG_LOAD_APPLIED))
		return MIG_OK;
	memset(&rows, 0, sizeof(rows));
	rows.ctx = ctx;
	if (run->has_version)
	{
		char	   *sql = mig_printf(ctx, "SELECT version_num FROM %s", run->t_version);

		if (mig_run_sql(run, sql, 0, NULL, id_row, &rows))
			return MIG_ERROR;
	}
	if (mig_applied_init(run->g, rows.ids, rows.n, &run->st))
		return MIG_ERROR;
	if (run->has_log && run->emit == NULL)
	{
		char	   *sql = mig_printf(ctx, "SELECT max(id) FROM %s", run->t_log);

		if (mig_run_sql(run, sql, 0, NULL, max_row, &run->next_log_id))
			return MIG_ERROR;
	}
	run->next_log_id++;
	return MIG_OK;
}

/* Run or print one bookkeeping statement. */
static int
state_statement(mig_run *run, mig_buf *sql)
{
	return mig_run_effect(run, sql->data);
}

int
mig_state_write_delta(mig_run *run, const mig_rowdelta *d)
{
	mig_graph  *g = run->g;
	int			i;
	int			pairs = d->nremoved < d->nadded ? d->nremoved : d->nadded;

	/* Alembic's moves: one parent replaced by its child is an UPDATE,
	 * extra parents (a merge) are DELETEd, extra heads INSERTed. */
	for (i = 0; i < d->nremoved || i < d->nadded; i++)
	{
		mig_buf		b;

		mig_buf_init(&b, run->ctx);
		if (i < pairs)
		{
			mig_buf_printf(&b, "UPDATE %s SET version_num = ", run->t_version);
			mig_buf_literal(&b, g->revs[d->added[i]].id);
			mig_buf_puts(&b, " WHERE version_num = ");
			mig_buf_literal(&b, g->revs[d->removed[i]].id);
		}
		else if (i < d->nremoved)
		{
			mig_buf_printf(&b, "DELETE FROM %s WHERE version_num = ", run->t_version);
			mig_buf_literal(&b, g->revs[d->removed[i]].id);
		}
		else
		{
			mig_buf_printf(&b, "INSERT INTO %s (version_num) VALUES (", run->t_version);
			mig_buf_literal(&b, g->revs[d->added[i]].id);
			mig_buf_puts(&b, ")");
		}
		if (state_statement(run, &b))
			return MIG_ERROR;
	}
	return MIG_OK;
}

int
mig_state_log(mig_run *run, int rev, const char *direction,
			  const char *checksum, double ms)
{
	const char *params[3];
	char	   *sql;
	int			pg = run->ad->engine == MIG_ENGINE_POSTGRESQL;

	if (run->emit != NULL)
		return MIG_OK;
	params[0] = run->g->revs[rev].id;
	params[1] = direction;
	params[2] = checksum;
	/* microseconds as an integer: "%f" would follow the host's LC_NUMERIC */
	sql = mig_printf(run->ctx, "INSERT INTO %s (id, revision, direction, checksum, logged_at, "
					 "duration_ms, role) VALUES (%ld, $1, $2, $3, %s, %lld / 1000.0, %s)",
					 run->t_log, run->next_log_id++,
					 pg ? "pg_catalog.clock_timestamp()" : "strftime('%Y-%m-%d %H:%M:%f', 'now')",
					 (long long) (ms * 1000.0), pg ? "CURRENT_USER" : "NULL");
	return mig_run_sql(run, sql, 3, params, NULL, NULL);
}

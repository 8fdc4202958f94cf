/*
 * state.c -- mig's tables in the database: alembic_version (exactly as
 * Alembic keeps it), mig_revision (every registered script) and mig_log
 * (one row per revision applied, downgraded or stamped).
 *
 * All names are schema-qualified and quoted by mig_buf_ident; values go
 * in as parameters, or as literals quoted by mig_buf_literal when the SQL
 * is printed for offline use.
 */
#include <stdio.h>
#include <limits.h>
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

/* Add a database (name NULL: the default) to the run's list. */
static int
add_db(mig_run *run, const char *name, const char *schema)
{
	mig_db	   *d;

	if (run->ndbs == run->capdbs)
	{
		int			ncap = run->capdbs ? run->capdbs * 2 : 4;

		run->dbs = mig_realloc(run->ctx, run->dbs, sizeof(mig_db) * (size_t) run->capdbs,
							   sizeof(mig_db) * (size_t) ncap);
		run->capdbs = ncap;
	}
	d = &run->dbs[run->ndbs];
	memset(d, 0, sizeof(*d));
	d->name = name ? mig_strdup(run->ctx, name) : NULL;
	d->schema = mig_strdup(run->ctx, schema);
	d->t_version = qualified(run->ctx, schema, "alembic_version");
	d->t_revision = qualified(run->ctx, schema, "mig_revision");
	d->t_log = qualified(run->ctx, schema, "mig_log");
	d->t_snapshot = qualified(run->ctx, schema, "mig_snapshot");
	return run->ndbs++;
}

void
mig_run_init(mig_run *run, mig_ctx *ctx)
{
	const mig_adapter *ad = mig_ctx_adapter(ctx);

	memset(run, 0, sizeof(*run));
	run->ctx = ctx;
	run->ad = ad;
	add_db(run, NULL, ad->state_schema);
	mig_buf_init(&run->report, ctx);
}

const char *
mig_db_label(const mig_run *run, int k)
{
	return run->dbs[k].name ? run->dbs[k].name :
		run->ad->engine == MIG_ENGINE_SQLITE ? "main" : run->ad->state_schema;
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
	char	   *cost;

	if (run->ad->fail_at > 0 && ++run->effects == run->ad->fail_at)
		return mig_error(run->ctx, "injected failure before change %ld (test hook fail_at): %.80s",
						 run->effects, sql);
	/* PostgreSQL: what it costs, and NOTICEs for the known traps */
	cost = run->ad->engine == MIG_ENGINE_POSTGRESQL ?
		mig_pg_cost(run, sql, 1, run->emit != NULL || run->dry != NULL) : NULL;

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
	mig_db	   *d = arg;

	if (ncol < 1 || vals[0] == NULL)
		return 0;
	if (strcmp(vals[0], "alembic_version") == 0)
		d->has_version = 1;
	else if (strcmp(vals[0], "mig_revision") == 0)
		d->has_revision = 1;
	else if (strcmp(vals[0], "mig_log") == 0)
		d->has_log = 1;
	else if (strcmp(vals[0], "mig_snapshot") == 0)
		d->has_snapshot = 1;
	return 0;
}

/* Which of mig's tables database k has. */
static int
probe_db(mig_run *run, int k)
{
	mig_db	   *d = &run->dbs[k];
	const char *schema = d->schema;

	d->has_version = d->has_revision = d->has_log = d->has_snapshot = 0;
	if (run->ad->engine == MIG_ENGINE_SQLITE)
	{
		mig_buf		b;

		mig_buf_init(&b, run->ctx);
		mig_buf_puts(&b, "SELECT name FROM ");
		mig_buf_ident(&b, schema);
		mig_buf_puts(&b, ".sqlite_schema WHERE type = 'table' AND name IN "
					 "('alembic_version', 'mig_revision', 'mig_log', 'mig_snapshot')");
		/* an attached database is mig's when its mig_revision is mig's:
		 * a table of the caller's that has the name only is not */
		if (k > 0)
		{
			mig_buf_puts(&b, " AND (SELECT count(*) FROM pragma_table_info('mig_revision', ");
			mig_buf_literal(&b, schema);
			mig_buf_puts(&b, ") WHERE name IN ('revision', 'down_revision', 'checksum', "
						 "'script')) = 4");
		}
		return mig_run_sql(run, b.data, 0, NULL, probe_row, d);
	}
	return mig_run_sql(run,
					   "SELECT c.relname::text FROM pg_catalog.pg_class c "
					   "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
					   "WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname IN "
					   "('alembic_version', 'mig_revision', 'mig_log', 'mig_snapshot')",
					   1, &schema, probe_row, d);
}

/* The first column of every row (names, ids). */
typedef struct name_list
{
	mig_ctx    *ctx;
	char	  **v;
	int			n;
	int			cap;
} name_list;

static int
name_row(void *arg, int ncol, const char *const *v)
{
	name_list  *l = arg;

	if (ncol < 1 || v[0] == NULL)
		return 0;
	if (l->n == l->cap)
	{
		int			ncap = l->cap ? l->cap * 2 : 8;

		l->v = mig_realloc(l->ctx, l->v, sizeof(char *) * (size_t) l->cap,
						   sizeof(char *) * (size_t) ncap);
		l->cap = ncap;
	}
	l->v[l->n++] = mig_strdup(l->ctx, v[0]);
	return 0;
}

/* The named databases that exist now: SQLite's attached ones, or the
 * PostgreSQL schemas that hold a mig_revision (all schemas with only).
 * Names are what scripts write: lower case, no quotes. */
static int
list_databases(mig_run *run, int all_schemas, name_list *out)
{
	const char *p[1];

	memset(out, 0, sizeof(*out));
	out->ctx = run->ctx;
	p[0] = run->ad->state_schema;
	if (run->ad->engine == MIG_ENGINE_SQLITE)
		return mig_run_sql(run, "SELECT name FROM pragma_database_list "
						   "WHERE name NOT IN ('main', 'temp') ORDER BY seq",
						   0, NULL, name_row, out);
	if (all_schemas)
		return mig_run_sql(run, "SELECT nspname::text FROM pg_catalog.pg_namespace "
						   "WHERE nspname <> $1 ORDER BY 1", 1, p, name_row, out);
	/* a schema is a database of mig's when its mig_revision is mig's:
	 * a table of the caller's that has the name only is not */
	return mig_run_sql(run, "SELECT n.nspname::text FROM pg_catalog.pg_class c "
					   "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
					   "WHERE c.relname = 'mig_revision' AND c.relkind = 'r' "
					   "AND n.nspname <> $1 AND (SELECT pg_catalog.count(*) "
					   "  FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid "
					   "  AND NOT a.attisdropped AND a.attname IN "
					   "  ('revision', 'down_revision', 'checksum', 'script')) = 4 "
					   "ORDER BY 1", 1, p, name_row, out);
}

int
mig_state_probe(mig_run *run)
{
	name_list	names;
	int			i;

	run->ndbs = 1;
	if (probe_db(run, 0) || list_databases(run, 0, &names))
		return MIG_ERROR;
	for (i = 0; i < names.n; i++)
	{
		int			k = add_db(run, names.v[i], names.v[i]);

		if (probe_db(run, k))
			return MIG_ERROR;
		if (!run->dbs[k].has_revision)
			run->ndbs--;		/* attached, but not a database of mig's */
	}
	return MIG_OK;
}

int
mig_state_db(mig_run *run, const char *name, int *k)
{
	name_list	names;
	int			i;
	int			sqlite = run->ad->engine == MIG_ENGINE_SQLITE;

	*k = 0;
	if (name == NULL || strcmp(name, sqlite ? "main" : run->ad->state_schema) == 0)
		return MIG_OK;
	for (i = 1; i < run->ndbs; i++)
		if (strcmp(run->dbs[i].name, name) == 0)
		{
			*k = i;
			return MIG_OK;
		}
	if (list_databases(run, 1, &names))
		return MIG_ERROR;
	for (i = 0; i < names.n; i++)
		if (strcmp(names.v[i], name) == 0)
		{
			*k = add_db(run, name, name);
			return probe_db(run, *k);
		}
	if (sqlite)
		return mig_error(run->ctx, "database \"%s\" is not attached: ATTACH 'file.db' AS %s "
						 "first (the scripts of a database run in it, and it keeps its "
						 "own alembic_version)", name, name);
	return mig_error(run->ctx, "schema \"%s\" does not exist: CREATE SCHEMA %s first (the "
					 "scripts of database %s run in that schema, which keeps its own "
					 "alembic_version)", name, name, name);
}

/* Alembic's own definition of its table, constraint name included. */
char *
mig_state_version_ddl(mig_run *run, int k)
{
	return mig_printf(run->ctx, "CREATE TABLE %s (version_num VARCHAR(32) NOT NULL, "
					  "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))",
					  run->dbs[k].t_version);
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
	char	   *probe = mig_printf(run->ctx, "DELETE FROM %s WHERE 0", run->dbs[0].t_version);
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
		if (run->ad->exec(run->ad->engine_ctx, mig_state_version_ddl(run, 0), 0, NULL,
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
	int			k;

	if (run->ad->engine == MIG_ENGINE_SQLITE && lock_sqlite(run))
		return MIG_ERROR;
	if (mig_state_probe(run))
		return MIG_ERROR;
	for (k = 0; k < run->ndbs; k++)
		if (mig_state_ensure_db(run, k))
			return MIG_ERROR;
	return MIG_OK;
}

int
mig_state_ensure_db(mig_run *run, int k)
{
	mig_ctx    *ctx = run->ctx;
	mig_db	   *d = &run->dbs[k];
	int			pg = run->ad->engine == MIG_ENGINE_POSTGRESQL;
	const struct
	{
		int		   *exists;
		const char *name;
		const char *columns;
	}			tables[] = {
		{&d->has_revision, d->t_revision, pg ?
			"revision text PRIMARY KEY, down_revision text, branch_labels text, "
			"depends_on text, message text, checksum text NOT NULL, script text NOT NULL, "
			"registered_at timestamptz NOT NULL DEFAULT pg_catalog.now()" :
			"revision TEXT PRIMARY KEY NOT NULL, down_revision TEXT, branch_labels TEXT, "
			"depends_on TEXT, message TEXT, checksum TEXT NOT NULL, script TEXT NOT NULL, "
			"registered_at TEXT NOT NULL"},
		{&d->has_log, d->t_log, pg ?
			"id bigint PRIMARY KEY, revision text NOT NULL, direction text NOT NULL, "
			"checksum text, logged_at timestamptz NOT NULL, duration_ms double precision, "
			"role text" :
			"id INTEGER PRIMARY KEY, revision TEXT NOT NULL, direction TEXT NOT NULL, "
			"checksum TEXT, logged_at TEXT NOT NULL, duration_ms REAL, role TEXT"},
		{&d->has_snapshot, d->t_snapshot, pg ?
			"taken_at timestamptz NOT NULL, heads text, schema_sql text NOT NULL" :
			"taken_at TEXT NOT NULL, heads TEXT, schema_sql TEXT NOT NULL"},
	};
	size_t		i;

	if (!d->has_version)
	{
		if (mig_run_sql(run, mig_state_version_ddl(run, k), 0, NULL, NULL, NULL))
			return MIG_ERROR;
		d->has_version = 1;
	}
	/* PostgreSQL: the extension script creates the default database's */
	if (pg && k == 0)
	{
		if (!d->has_revision || !d->has_log || !d->has_snapshot)
			return mig_error(ctx, "mig's tables are missing from schema \"%s\"; "
							 "reinstall the extension", d->schema);
		return MIG_OK;
	}
	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
	{
		if (*tables[i].exists)
			continue;
		if (mig_run_sql(run, mig_printf(ctx, "CREATE TABLE %s (%s)", tables[i].name,
										tables[i].columns), 0, NULL, NULL, NULL))
			return MIG_ERROR;
		/* PostgreSQL: a change to it moves the extension's counter, as
		 * one to the default's does (sessions keep the graph) */
		if (pg && tables[i].exists == &d->has_revision)
		{
			mig_buf		b;

			mig_buf_init(&b, ctx);
			mig_buf_printf(&b, "CREATE TRIGGER mig_revision_changed AFTER INSERT OR UPDATE "
						   "OR DELETE OR TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION ",
						   tables[i].name);
			mig_buf_ident(&b, run->ad->state_schema);
			mig_buf_puts(&b, ".mig_bump_generation()");
			if (mig_run_sql(run, b.data, 0, NULL, NULL, NULL))
				return MIG_ERROR;
		}
		*tables[i].exists = 1;
	}
	return MIG_OK;
}

typedef struct graph_load
{
	mig_graph  *g;
	mig_run    *run;
	int			db;
	int			first;			/* no row of this database's yet */
} graph_load;

static int
graph_row(void *arg, int ncol, const char *const *v)
{
	graph_load *l = arg;
	mig_graph  *g = l->g;

	(void) ncol;
	/* room for all the rows first, where the engine says how many */
	if (l->first)
	{
		const mig_adapter *ad = l->run->ad;
		long long	total = ad->rows_total ? ad->rows_total(ad->engine_ctx) : -1;

		l->first = 0;
		if (total > 0 && total < INT_MAX / 2)
			mig_graph_reserve(g, (int) total);
	}
	if (mig_graph_add(g, v[0], v[1], v[2], v[3], v[4], v[5]))
		return 1;
	g->revs[g->n - 1].db = l->db;
	return 0;
}

/* A down_revision stays in its database; depends_on may cross. */
static int
check_databases(mig_run *run)
{
	mig_graph  *g = run->g;
	int			i,
				k;

	for (i = 0; i < g->n; i++)
		for (k = 0; k < g->revs[i].ndown_parents; k++)
		{
			int			p = g->revs[i].parents[k];

			if (g->revs[p].db != g->revs[i].db)
				return mig_error(run->ctx, "revision %s (database %s) has down_revision %s, "
								 "which belongs to database %s: a revision may only depend "
								 "on another database's with depends_on",
								 g->revs[i].id, mig_db_label(run, g->revs[i].db),
								 g->revs[p].id, mig_db_label(run, g->revs[p].db));
		}
	return MIG_OK;
}

static int
max_row(void *arg, int ncol, const char *const *v)
{
	long	   *out = arg;

	(void) ncol;
	*out = v[0] ? atol(v[0]) : 0;
	return 0;
}

/* Read every database's revisions into g (its memory is g->ctx's) and
 * link them; an error of g's context is copied into the call's. */
static int
load_graph(mig_run *run, mig_graph *g, int flags)
{
	int			k;

	for (k = 0; k < run->ndbs; k++)
	{
		graph_load	l;
		const char *t;
		char	   *sql;

		if (!run->dbs[k].has_revision)
			continue;
		l.g = g;
		l.run = run;
		l.db = k;
		l.first = 1;
		t = run->dbs[k].t_revision;
		/* room for them first: SQLite counts rows without reading them */
		if (run->ad->rows_total == NULL)
		{
			long		nrows = 0;

			if (mig_run_sql(run, mig_printf(run->ctx, "SELECT count(*) FROM %s", t), 0, NULL,
							max_row, &nrows))
				break;
			mig_graph_reserve(g, (int) nrows);
		}
		sql = mig_printf(run->ctx, "SELECT revision, down_revision, branch_labels, "
						 "depends_on, message, checksum FROM %s", t);
		if (mig_run_sql(run, sql, 0, NULL, graph_row, &l))
			break;
	}
	if (k == run->ndbs &&
		((flags & MIG_LOAD_PARTIAL) ? mig_graph_finish_partial(g) : mig_graph_finish(g)) == MIG_OK)
		return MIG_OK;
	if (g->ctx != run->ctx && mig_ctx_error_raw(g->ctx) != NULL)
		mig_error(run->ctx, "%s", mig_ctx_error(g->ctx));
	return MIG_ERROR;
}

/* What the engine's cache holds: one graph, under the state it was read
 * in (the engine's state_version, and which databases there were). */
struct mig_cache
{
	mig_ctx    *mem;			/* all of it, the cache itself included */
	char	   *key;			/* NULL while it is being filled */
	mig_graph  *g;
};

void
mig_cache_free(struct mig_cache *cache)
{
	if (cache != NULL)
		mig_ctx_free(cache->mem);
}

/* The call's view of a cached graph: the revisions shared, its own
 * context for what the call allocates (plans, applied state, errors). */
static mig_graph *
graph_view(mig_ctx *ctx, const mig_graph *shared)
{
	mig_graph  *g = mig_alloc(ctx, sizeof(mig_graph));

	*g = *shared;
	g->ctx = ctx;
	return g;
}

/*
 * The graph from the engine's cache when the state is still the one it
 * was read in, else read again into a new cache.  Returns 1 when it set
 * run->g (or failed: MIG_ERROR is then in *rc), 0 when there is no cache
 * to use.
 */
static int
cached_graph(mig_run *run, int *rc)
{
	const mig_adapter *ad = run->ad;
	const char *version;
	struct mig_cache *c;
	mig_buf		key;
	mig_ctx    *mem;
	mig_graph  *g;
	int			k;

	if (ad->cache == NULL || ad->state_version == NULL || ad->cache_memory == NULL)
		return 0;
	version = ad->state_version(ad->engine_ctx);
	if (version == NULL)
		return 0;
	mig_buf_init(&key, run->ctx);
	mig_buf_puts(&key, version);
	for (k = 0; k < run->ndbs; k++)
		mig_buf_printf(&key, "|%s:%d", run->dbs[k].schema, run->dbs[k].has_revision);
	c = *ad->cache;
	if (c != NULL && c->key != NULL && strcmp(c->key, key.data) == 0)
	{
		run->g = graph_view(run->ctx, c->g);
		*rc = MIG_OK;
		return 1;
	}
	/* read it again; the slot holds the new cache from the start, so that
	 * an engine error that unwinds from here leaves nothing unreachable */
	*ad->cache = NULL;
	mig_cache_free(c);
	mem = mig_ctx_new(ad->cache_memory);
	if (mem == NULL)
		return 0;
	c = mig_alloc(mem, sizeof(struct mig_cache));
	if (c == NULL)
	{
		mig_ctx_free(mem);
		return 0;
	}
	c->mem = mem;
	*ad->cache = c;
	g = mig_graph_new(mem);
	*rc = load_graph(run, g, 0);
	if (*rc != MIG_OK)
	{
		*ad->cache = NULL;
		mig_cache_free(c);
		return 1;
	}
	c->g = g;
	c->key = mig_strdup(mem, key.data);
	run->g = graph_view(run->ctx, g);
	return 1;
}

int
mig_state_load(mig_run *run, int flags)
{
	mig_ctx    *ctx = run->ctx;
	name_list	rows;
	int			k;
	int			rc;

	if (!(flags & MIG_LOAD_CACHED) || (flags & MIG_LOAD_PARTIAL) || !cached_graph(run, &rc))
	{
		run->g = mig_graph_new(ctx);
		rc = load_graph(run, run->g, flags);
	}
	if (rc != MIG_OK || check_databases(run))
		return MIG_ERROR;
	if (!(flags & MIG_LOAD_APPLIED))
		return MIG_OK;
	memset(&rows, 0, sizeof(rows));
	rows.ctx = ctx;
	for (k = 0; k < run->ndbs; k++)
	{
		mig_db	   *d = &run->dbs[k];

		if (d->has_version &&
			mig_run_sql(run, mig_printf(ctx, "SELECT version_num FROM %s", d->t_version),
						0, NULL, name_row, &rows))
			return MIG_ERROR;
		d->next_log_id = 0;
		if (d->has_log && run->emit == NULL &&
			mig_run_sql(run, mig_printf(ctx, "SELECT %s(id) FROM %s",
										run->ad->engine == MIG_ENGINE_POSTGRESQL ?
										"pg_catalog.max" : "max", d->t_log),
						0, NULL, max_row, &d->next_log_id))
			return MIG_ERROR;
		d->next_log_id++;
	}
	if (mig_applied_init(run->g, rows.v, rows.n, &run->st))
		return MIG_ERROR;
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
	const char *t_version;

	/* every row of a step is its revision's database's (graph.c) */
	if (d->nremoved + d->nadded == 0)
		return MIG_OK;
	t_version = run->dbs[g->revs[d->nadded ? d->added[0] : d->removed[0]].db].t_version;

	/* Alembic's moves: one parent replaced by its child is an UPDATE,
	 * extra parents (a merge) are DELETEd, extra heads INSERTed. */
	for (i = 0; i < d->nremoved || i < d->nadded; i++)
	{
		mig_buf		b;

		mig_buf_init(&b, run->ctx);
		if (i < pairs)
		{
			mig_buf_printf(&b, "UPDATE %s SET version_num = ", t_version);
			mig_buf_literal(&b, g->revs[d->added[i]].id);
			mig_buf_puts(&b, " WHERE version_num = ");
			mig_buf_literal(&b, g->revs[d->removed[i]].id);
		}
		else if (i < d->nremoved)
		{
			mig_buf_printf(&b, "DELETE FROM %s WHERE version_num = ", t_version);
			mig_buf_literal(&b, g->revs[d->removed[i]].id);
		}
		else
		{
			mig_buf_printf(&b, "INSERT INTO %s (version_num) VALUES (", t_version);
			mig_buf_literal(&b, g->revs[d->added[i]].id);
			mig_buf_puts(&b, ")");
		}
		if (state_statement(run, &b))
			return MIG_ERROR;
	}
	return MIG_OK;
}

/* The rows a long run keeps for mig_log until mig_state_log_flush. */
typedef struct log_row
{
	int			rev;
	int			has_checksum;	/* the graph's for the revision, or NULL */
	const char *direction;		/* a constant */
	long long	at_ms;			/* when it was done, ms since 1970 (UTC) */
	long long	us;				/* duration, microseconds */
	long		id;
} log_row;

struct mig_log_rows
{
	log_row    *v;
	int			n;
	int			cap;
};

void
mig_state_log_reserve(mig_run *run, int n)
{
	run->log = mig_alloc(run->ctx, sizeof(struct mig_log_rows));
	run->log->v = mig_alloc(run->ctx, sizeof(log_row) * (size_t) (n + 1));
	run->log->cap = n;
}

/* A time in UTC, as SQLite's strftime('%Y-%m-%d %H:%M:%f', ...) writes it. */
static void
utc_format(long long at_ms, char *out, size_t size)
{
	struct tm	tm;
	time_t		sec = (time_t) (at_ms / 1000);

	gmtime_r(&sec, &tm);
	snprintf(out, size, "%04d-%02d-%02d %02d:%02d:%02d.%03d", (tm.tm_year + 1900) % 10000,
			 (tm.tm_mon + 1) % 100, tm.tm_mday % 100, tm.tm_hour % 100, tm.tm_min % 100,
			 tm.tm_sec % 100, (int) (at_ms % 1000));
}

int
mig_state_log(mig_run *run, int rev, const char *direction,
			  const char *checksum, double ms)
{
	const char *params[3];
	char	   *sql;
	int			pg = run->ad->engine == MIG_ENGINE_POSTGRESQL;
	mig_db	   *d = &run->dbs[run->g->revs[rev].db];

	if (run->emit != NULL)
		return MIG_OK;
	if (run->log != NULL && run->log->n < run->log->cap &&
		(checksum == NULL || (run->g->revs[rev].checksum != NULL &&
							  strcmp(checksum, run->g->revs[rev].checksum) == 0)))
	{
		/* kept, in memory taken before the run, and written at its end
		 * with the others: one INSERT, not one per revision */
		log_row    *l = &run->log->v[run->log->n++];
		struct timespec now;

		clock_gettime(CLOCK_REALTIME, &now);
		l->rev = rev;
		l->has_checksum = checksum != NULL;
		l->direction = direction;
		l->at_ms = (long long) now.tv_sec * 1000 + now.tv_nsec / 1000000;
		l->us = (long long) (ms * 1000.0);
		l->id = d->next_log_id++;
		return MIG_OK;
	}
	params[0] = run->g->revs[rev].id;
	params[1] = direction;
	params[2] = checksum;
	/* microseconds as an integer: "%f" would follow the host's LC_NUMERIC */
	sql = mig_printf(run->ctx, "INSERT INTO %s (id, revision, direction, checksum, logged_at, "
					 "duration_ms, role) VALUES (%ld, $1, $2, $3, %s, %lld / 1000.0, %s)",
					 d->t_log, d->next_log_id++,
					 pg ? "pg_catalog.clock_timestamp()" : "strftime('%Y-%m-%d %H:%M:%f', 'now')",
					 (long long) (ms * 1000.0), pg ? "CURRENT_USER" : "NULL");
	return mig_run_sql(run, sql, 3, params, NULL, NULL);
}

/* Write the kept mig_log rows: one INSERT per database (and per 500). */
int
mig_state_log_flush(mig_run *run)
{
	int			pg = run->ad->engine == MIG_ENGINE_POSTGRESQL;
	int			k,
				i;

	if (run->log == NULL)
		return MIG_OK;
	for (k = 0; k < run->ndbs; k++)
	{
		mig_buf		b;
		int			rows = 0;
		mig_mark	m = mig_arena_mark(run->ctx);

		for (i = 0; i <= run->log->n; i++)
		{
			log_row    *l = i < run->log->n ? &run->log->v[i] : NULL;
			char		at[40];

			if (l != NULL && run->g->revs[l->rev].db != k)
				continue;
			if (rows > 0 && (l == NULL || rows == 500))
			{
				if (mig_run_sql(run, b.data, 0, NULL, NULL, NULL))
					return MIG_ERROR;
				rows = 0;
				mig_arena_release(run->ctx, m);	/* the statement's text */
			}
			if (l == NULL)
				break;
			if (rows == 0)
			{
				m = mig_arena_mark(run->ctx);
				mig_buf_init(&b, run->ctx);
				mig_buf_printf(&b, "INSERT INTO %s (id, revision, direction, checksum, "
							   "logged_at, duration_ms, role) VALUES ", run->dbs[k].t_log);
			}
			mig_buf_printf(&b, "%s(%ld, ", rows ? ", " : "", l->id);
			mig_buf_literal(&b, run->g->revs[l->rev].id);
			mig_buf_puts(&b, ", ");
			mig_buf_literal(&b, l->direction);
			mig_buf_puts(&b, ", ");
			if (l->has_checksum)
				mig_buf_literal(&b, run->g->revs[l->rev].checksum);
			else
				mig_buf_puts(&b, "NULL");
			utc_format(l->at_ms, at, sizeof(at));
			mig_buf_printf(&b, ", '%s%s', %lld / 1000.0, %s)", at, pg ? "+00" : "",
						   l->us, pg ? "CURRENT_USER" : "NULL");
			rows++;
		}
	}
	run->log = NULL;
	return MIG_OK;
}

/*
 * adapter.c -- the mig core's adapter for SQLite: statements on the
 * caller's own connection, memory from sqlite3_malloc64, and the call's
 * transaction as a SAVEPOINT (never BEGIN/COMMIT, so a call nests inside
 * the caller's transaction and commits by itself in autocommit mode).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mig_sqlite.h"

SQLITE_EXTENSION_INIT3

/* How long a migrator waits for another one when the caller set no
 * busy_timeout of their own. */
#define MIG_SQLITE_BUSY_MS 60000

/* The core cannot go on without memory: unwind to the glue's setjmp (the
 * core keeps all its memory in blocks listed in the call's context, so
 * nothing leaks, and done() rolls the call back). */
static void *
sq_alloc(void *engine_ctx, size_t size)
{
	mig_sqlite_conn *c = engine_ctx;
	void	   *p = sqlite3_malloc64(size);

	if (p == NULL && c->oom != NULL)
		longjmp(*c->oom, 1);
	return p;
}

static void
sq_release(void *engine_ctx, void *ptr)
{
	(void) engine_ctx;
	sqlite3_free(ptr);
}

/* The cache's memory outlives the call; an allocation failure still
 * unwinds the running call (which frees the half-filled cache). */
static void *
sq_cache_alloc(void *engine_ctx, size_t size)
{
	mig_sqlite_shared *sh = engine_ctx;
	void	   *p = sqlite3_malloc64(size);

	if (p == NULL && sh->call != NULL && sh->call->oom != NULL)
		longjmp(*sh->call->oom, 1);
	return p;
}

mig_sqlite_shared *
mig_sqlite_shared_new(void)
{
	mig_sqlite_shared *sh = sqlite3_malloc64(sizeof(mig_sqlite_shared));

	if (sh == NULL)
		return NULL;
	memset(sh, 0, sizeof(*sh));
	sh->cache_memory.engine = MIG_ENGINE_SQLITE;
	sh->cache_memory.engine_ctx = sh;
	sh->cache_memory.alloc = sq_cache_alloc;
	sh->cache_memory.release = sq_release;
	return sh;
}

/* The destructor of each registration (sqlite3_create_function_v2 calls
 * it when the connection closes, or at once if registering failed). */
void
mig_sqlite_shared_unref(void *shared)
{
	mig_sqlite_shared *sh = shared;

	if (sh == NULL || --sh->refs > 0)
		return;
	mig_cache_free(sh->cache);
	sqlite3_free(sh);
}

/*
 * Text that changes whenever a mig_revision may have: this connection's
 * total changes (its own writes) and, for every database attached, its
 * file and PRAGMA data_version (which moves with every commit of another
 * connection to the file, never with this one's, so a call's own empty
 * commit leaves it, and no other commit can slip in unseen).  None inside
 * the caller's own transaction (what it sees may yet be rolled back) or
 * while the scratch database is open.
 */
static const char *
sq_state_version(void *engine_ctx)
{
	mig_sqlite_conn *c = engine_ctx;
	const char *name;
	char	   *s;
	int			i;

	if (c->caller_db != NULL ||
		(c->in_savepoint ? c->caller_txn : !sqlite3_get_autocommit(c->db)))
		return NULL;
	s = sqlite3_mprintf("%lld", (long long) sqlite3_total_changes64(c->db));
	for (i = 0; s != NULL && (name = sqlite3_db_name(c->db, i)) != NULL; i++)
	{
		sqlite3_stmt *st = NULL;
		char	   *sql,
				   *more;
		long long	v = -1;

		if (i == 1)
			continue;			/* temp: mig keeps nothing there */
		sql = sqlite3_mprintf("PRAGMA \"%w\".data_version", name);
		if (sql != NULL && sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) == SQLITE_OK &&
			sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		sqlite3_free(sql);
		if (v < 0)
		{
			sqlite3_free(s);
			return NULL;
		}
		more = sqlite3_mprintf("%s;%s=%s:%lld", s, name, sqlite3_db_filename(c->db, name), v);
		sqlite3_free(s);
		s = more;
	}
	sqlite3_free(c->version);
	c->version = s;
	return s;
}

static int
sq_in_transaction(void *engine_ctx)
{
	return !sqlite3_get_autocommit(((mig_sqlite_conn *) engine_ctx)->db);
}

static long long
sq_changes(void *engine_ctx)
{
	return (long long) sqlite3_changes64(((mig_sqlite_conn *) engine_ctx)->db);
}

static void
sq_random(void *engine_ctx, unsigned char *buf, size_t n)
{
	(void) engine_ctx;
	sqlite3_randomness((int) n, buf);
}

static int
sq_fail(mig_sqlite_conn *c, char **errmsg, const char *msg)
{
	sqlite3_free(c->errmsg);
	c->errmsg = sqlite3_mprintf("%s", msg);
	*errmsg = c->errmsg;
	return MIG_ERROR;
}

/* The engine's message for rc, with advice where SQLite's is cryptic. */
static int
sq_fail_rc(mig_sqlite_conn *c, char **errmsg, int rc)
{
	const char *msg = sqlite3_errmsg(c->db);

	if ((rc & 0xff) == SQLITE_LOCKED)
		msg = "database table is locked: call mig functions in a statement of their own, "
			"e.g. SELECT mig_upgrade('head'); not from a query that reads tables";
	else if ((rc & 0xff) == SQLITE_READONLY)
		msg = "attempt to write a readonly database: it was opened read-only, or the file "
			"or its directory may not be written; nothing was changed";
	else if ((rc & 0xff) == SQLITE_FULL)
		msg = "database or disk is full: nothing was changed (the call was rolled back); "
			"free space (a table rebuild needs room for a second copy of the table) and "
			"run it again";
	return sq_fail(c, errmsg, msg);
}

/*
 * The first step of a statement, waiting while another connection holds
 * the lock (SQLITE_BUSY) when the caller set no busy_timeout: the way the
 * connection's own busy handler would, without replacing it (a handler
 * the application installed is left alone).
 */
static int
sq_step_waiting(mig_sqlite_conn *c, sqlite3_stmt *stmt)
{
	int			rc = sqlite3_step(stmt);
	int			waited = 0;
	int			pause = 1;

	while (rc == SQLITE_BUSY && c->wait_busy && waited < MIG_SQLITE_BUSY_MS)
	{
		sqlite3_reset(stmt);
		sqlite3_sleep(pause);
		waited += pause;
		if (pause < 50)
			pause *= 2;
		rc = sqlite3_step(stmt);
	}
	return rc;
}

static int
sq_exec(void *engine_ctx, const char *sql, int nparams, const char *const *params,
		mig_row_fn row_fn, void *row_arg, char **errmsg)
{
	mig_sqlite_conn *c = engine_ctx;
	const char *tail = sql;

	while (tail != NULL && *tail != '\0')
	{
		sqlite3_stmt *stmt = NULL;
		const char *next = tail;
		int			rc = sqlite3_prepare_v2(c->db, tail, -1, &stmt, &next);
		int			i;
		int			waited = 0;
		int			pause = 1;

		/* preparing reads the schema, which needs a shared lock: in
		 * rollback-journal mode another migrator's commit holds it off
		 * for a moment; wait for it as for a step */
		while (rc == SQLITE_BUSY && c->wait_busy && waited < MIG_SQLITE_BUSY_MS)
		{
			sqlite3_sleep(pause);
			waited += pause;
			if (pause < 50)
				pause *= 2;
			rc = sqlite3_prepare_v2(c->db, tail, -1, &stmt, &next);
		}
		tail = next;

		if (rc != SQLITE_OK)
			return sq_fail_rc(c, errmsg, rc);
		if (stmt == NULL)		/* only comments or spaces left */
			break;
		for (i = 0; i < nparams; i++)
		{
			char		name[16];
			int			idx;

			snprintf(name, sizeof(name), "$%d", i + 1);
			idx = sqlite3_bind_parameter_index(stmt, name);
			if (idx == 0)
				continue;
			rc = params[i] ? sqlite3_bind_text(stmt, idx, params[i], -1, SQLITE_STATIC)
				: sqlite3_bind_null(stmt, idx);
			if (rc != SQLITE_OK)
			{
				sqlite3_finalize(stmt);
				return sq_fail_rc(c, errmsg, rc);
			}
		}
		rc = sq_step_waiting(c, stmt);
		for (; rc == SQLITE_ROW; rc = sqlite3_step(stmt))
		{
			const char *vals[16];
			int			ncol = sqlite3_column_count(stmt);

			if (row_fn == NULL)
				continue;
			if (ncol > 16)
				ncol = 16;
			for (i = 0; i < ncol; i++)
				vals[i] = (const char *) sqlite3_column_text(stmt, i);
			if (row_fn(row_arg, ncol, vals) != 0)
			{
				sqlite3_finalize(stmt);
				return sq_fail(c, errmsg, "stopped while reading rows");
			}
		}
		if (rc != SQLITE_DONE)
		{
			/* copy the message before finalize can change it */
			int			ret = sq_fail_rc(c, errmsg, rc);

			sqlite3_finalize(stmt);
			return ret;
		}
		sqlite3_finalize(stmt);
	}
	return MIG_OK;
}

/* A migrating call must not run inside a statement that writes: its
 * transaction could not commit, and DDL would fail half-way. */
static int
sq_check_caller(mig_sqlite_conn *c, char **errmsg)
{
	sqlite3_stmt *p = NULL;

	while ((p = sqlite3_next_stmt(c->db, p)) != NULL)
		if (sqlite3_stmt_busy(p) && !sqlite3_stmt_readonly(p))
			return sq_fail(c, errmsg, "mig functions that change the database must be called "
						   "from a plain SELECT, e.g. SELECT mig_upgrade('head'); not from "
						   "INSERT, UPDATE or DELETE");
	return MIG_OK;
}

static int
busy_row(void *arg, int ncol, const char *const *vals)
{
	(void) ncol;
	*(int *) arg = vals[0] ? atoi(vals[0]) : 0;
	return 0;
}

/* Foreign keys back on after the call's transaction, if we turned them off. */
static int
sq_restore_fk(mig_sqlite_conn *c, char **errmsg)
{
	if (!c->restore_fk)
		return MIG_OK;
	c->restore_fk = 0;
	return sq_exec(c, "PRAGMA foreign_keys = ON", 0, NULL, NULL, NULL, errmsg);
}

/* Close the scratch database, if open, and go back to the caller's. */
static void
sq_scratch_end(mig_sqlite_conn *c)
{
	sqlite3_stmt *p;

	if (c->caller_db == NULL)
		return;
	/* an out-of-memory unwind can leave one unfinalized: the connection
	 * is ours alone, so finalize whatever is left, then close */
	while ((p = sqlite3_next_stmt(c->db, NULL)) != NULL)
		sqlite3_finalize(p);
	sqlite3_close(c->db);
	c->db = c->caller_db;
	c->caller_db = NULL;
}

static int
sq_txn(void *engine_ctx, mig_txn_op op, char **errmsg)
{
	mig_sqlite_conn *c = engine_ctx;
	int			rc = MIG_OK;

	switch (op)
	{
		case MIG_TXN_BEGIN:
		case MIG_TXN_BEGIN_NO_FK:
			{
				int			busy = 0;

				if (sq_check_caller(c, errmsg))
					return MIG_ERROR;
				c->caller_txn = !sqlite3_get_autocommit(c->db);
				/*
				 * PRAGMA foreign_keys is a no-op inside a transaction, so it
				 * can only be turned off here, before the SAVEPOINT, and only
				 * when the caller is not in a transaction of their own.
				 */
				if (op == MIG_TXN_BEGIN_NO_FK && sqlite3_get_autocommit(c->db))
				{
					int			fk = 0;

					if (sq_exec(c, "PRAGMA foreign_keys", 0, NULL, busy_row, &fk, errmsg))
						return MIG_ERROR;
					if (fk)
					{
						if (sq_exec(c, "PRAGMA foreign_keys = OFF", 0, NULL, NULL, NULL, errmsg))
							return MIG_ERROR;
						c->restore_fk = 1;
					}
				}
				if (sq_exec(c, "PRAGMA busy_timeout", 0, NULL, busy_row, &busy, errmsg))
					return MIG_ERROR;
				c->wait_busy = busy == 0;
				if (sq_exec(c, "PRAGMA legacy_alter_table", 0, NULL, busy_row, &c->legacy_alter, errmsg))
					return MIG_ERROR;
				if (sq_exec(c, "SAVEPOINT mig_call", 0, NULL, NULL, NULL, errmsg))
					return MIG_ERROR;
				c->in_savepoint = 1;
				return MIG_OK;
			}
		case MIG_TXN_COMMIT:
			if (!c->in_savepoint)
				return MIG_OK;
			rc = sq_exec(c, "RELEASE mig_call", 0, NULL, NULL, NULL, errmsg);
			if (rc == MIG_OK)
			{
				c->in_savepoint = 0;
				return sq_restore_fk(c, errmsg);
			}
			{
				/* keep the commit's error, undo everything */
				char	   *keep = sqlite3_mprintf("cannot commit: %s", *errmsg);
				char	   *ignored = NULL;

				sq_txn(c, MIG_TXN_ROLLBACK, &ignored);
				sqlite3_free(c->errmsg);
				c->errmsg = keep;
				*errmsg = keep;
				return MIG_ERROR;
			}
		case MIG_TXN_SAVE:
			return sq_exec(c, "SAVEPOINT mig_dry_run", 0, NULL, NULL, NULL, errmsg);
		case MIG_TXN_UNDO:
			rc = sq_exec(c, "ROLLBACK TO mig_dry_run", 0, NULL, NULL, NULL, errmsg);
			if (sq_exec(c, "RELEASE mig_dry_run", 0, NULL, NULL, NULL, errmsg))
				rc = MIG_ERROR;
			return rc;
		case MIG_TXN_SCRATCH:
			{
				sqlite3    *mem = NULL;

				if (c->caller_db != NULL)
					return sq_fail(c, errmsg, "a scratch database is already open");
				if (sqlite3_open_v2(":memory:", &mem, SQLITE_OPEN_READWRITE |
									SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY, NULL) != SQLITE_OK)
				{
					sqlite3_close(mem);
					return sq_fail(c, errmsg, "cannot open an in-memory database");
				}
				c->caller_db = c->db;
				c->db = mem;
				return MIG_OK;
			}
		case MIG_TXN_SCRATCH_END:
			sq_scratch_end(c);
			return MIG_OK;
		case MIG_TXN_CALLER_SQL:
		case MIG_TXN_CALLER_SQL_END:
			return MIG_OK;		/* SQLite has no search_path */
		case MIG_TXN_ROLLBACK:
			if (!c->in_savepoint)
				return MIG_OK;
			c->in_savepoint = 0;
			rc = sq_exec(c, "ROLLBACK TO mig_call", 0, NULL, NULL, NULL, errmsg);
			if (sq_exec(c, "RELEASE mig_call", 0, NULL, NULL, NULL, errmsg))
				rc = MIG_ERROR;
			if (sq_restore_fk(c, errmsg))
				rc = MIG_ERROR;
			/* a rebuild stopped half-way may have left legacy_alter_table on */
			if (sq_exec(c, c->legacy_alter ? "PRAGMA legacy_alter_table = ON" :
						"PRAGMA legacy_alter_table = OFF", 0, NULL, NULL, NULL, errmsg))
				rc = MIG_ERROR;
			return rc;
	}
	return MIG_OK;
}

void
mig_sqlite_adapter(mig_adapter *ad, mig_sqlite_conn *conn, sqlite3 *db,
				   mig_sqlite_shared *shared)
{
	memset(conn, 0, sizeof(*conn));
	conn->db = db;
	conn->shared = shared != NULL && shared->call == NULL ? shared : NULL;
	memset(ad, 0, sizeof(*ad));
	ad->engine = MIG_ENGINE_SQLITE;
	ad->engine_ctx = conn;
	ad->alloc = sq_alloc;
	ad->release = sq_release;
	ad->exec = sq_exec;
	ad->txn = sq_txn;
	ad->random = sq_random;
	ad->changes = sq_changes;
	ad->in_transaction = sq_in_transaction;
	ad->state_schema = "main";
	/* a call made from inside another (a script that calls mig_heads)
	 * must not replace the cache the outer one is using */
	if (shared != NULL && shared->call == NULL)
	{
		shared->call = conn;
		ad->state_version = sq_state_version;
		ad->cache_memory = &shared->cache_memory;
		ad->cache = &shared->cache;
	}
	{
		/* the fault-injection test hook (tests/faults) */
		const char *f = getenv("MIG_FAIL_AT");

		ad->fail_at = f ? atol(f) : 0;
	}
}

void
mig_sqlite_adapter_done(mig_sqlite_conn *conn)
{
	sq_scratch_end(conn);
	if (conn->in_savepoint)
	{
		char	   *ignored = NULL;

		sq_txn(conn, MIG_TXN_ROLLBACK, &ignored);
	}
	if (conn->restore_fk)
	{
		char	   *ignored = NULL;

		sq_restore_fk(conn, &ignored);
	}
	conn->wait_busy = 0;
	conn->oom = NULL;
	if (conn->shared != NULL && conn->shared->call == conn)
		conn->shared->call = NULL;
	sqlite3_free(conn->version);
	conn->version = NULL;
	sqlite3_free(conn->errmsg);
	conn->errmsg = NULL;
}

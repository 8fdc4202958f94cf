/*
 * pg_adapter.c -- the mig core's engine adapter on PostgreSQL.
 *
 * The whole call runs inside the caller's transaction with SPI connected
 * (pg_mig.c does the bracketing).  PostgreSQL errors are never caught
 * here: they unwind out of the core and abort the caller's transaction,
 * which is what makes a migration atomic.  So exec and txn never return
 * MIG_ERROR for a failing statement; they only return it when the core's
 * own row callback asks to stop.
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "lib/stringinfo.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/varlena.h"

#include "pg_adapter.h"

/* The core's memory: big blocks in the call's context, freed with it. */
static void *
pgmig_alloc(void *engine_ctx, size_t size)
{
	pgmig_engine *engine = (pgmig_engine *) engine_ctx;

	return MemoryContextAllocHuge(engine->mcxt, size);
}

/* Give a block back before the call's context goes away. */
static void
pgmig_release(void *engine_ctx, void *ptr)
{
	(void) engine_ctx;
	if (ptr != NULL)
		pfree(ptr);
}

/* Copy a message into the call's context for the core to read. */
static char *
pgmig_message(pgmig_engine *engine, const char *msg)
{
	return MemoryContextStrdup(engine->mcxt, msg);
}

/* Turn a negative SPI result into a PostgreSQL error. */
static void
pgmig_check_spi(int rc)
{
	if (rc >= 0)
		return;
	if (rc == SPI_ERROR_TRANSACTION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TRANSACTION_TERMINATION),
				 errmsg("transaction control statements are not allowed in a migration"),
				 errdetail("mig runs every revision inside the caller's transaction.")));
	if (rc == SPI_ERROR_COPY)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("COPY to or from the client is not allowed in a migration")));
	ereport(ERROR,
			(errcode(ERRCODE_INTERNAL_ERROR),
			 errmsg("SPI_execute_with_args failed: %s",
					SPI_result_code_string(rc))));
}

/*
 * Hand every row of SPI_tuptable to row_fn as text; 0 if it never stopped.
 * Each column's output function is looked up once, and a row's text lives
 * in a context of its own, reset after the row.
 */
static int
pgmig_send_rows(pgmig_engine *engine, mig_row_fn row_fn, void *row_arg)
{
	SPITupleTable *tuptable = SPI_tuptable;
	uint64		nrows = SPI_processed;
	long long	saved_total = engine->rows_total;
	TupleDesc	tupdesc;
	int			ncol;
	char	  **vals;
	FmgrInfo   *out;
	MemoryContext rowcxt,
				old;
	uint64		row;
	int			col;
	int			stop = 0;

	if (tuptable == NULL)
		return 0;
	tupdesc = tuptable->tupdesc;
	ncol = tupdesc->natts;
	vals = palloc0(sizeof(char *) * Max(ncol, 1));
	out = palloc0(sizeof(FmgrInfo) * Max(ncol, 1));
	for (col = 0; col < ncol; col++)
	{
		Oid			typoutput;
		bool		typisvarlena;

		getTypeOutputInfo(TupleDescAttr(tupdesc, col)->atttypid, &typoutput, &typisvarlena);
		fmgr_info(typoutput, &out[col]);
	}
	rowcxt = AllocSetContextCreate(CurrentMemoryContext, "mig row", ALLOCSET_SMALL_SIZES);
	engine->rows_total = (long long) nrows;
	for (row = 0; row < nrows && !stop; row++)
	{
		old = MemoryContextSwitchTo(rowcxt);
		for (col = 0; col < ncol; col++)
		{
			bool		isnull;
			Datum		d = SPI_getbinval(tuptable->vals[row], tupdesc, col + 1, &isnull);

			vals[col] = isnull ? NULL : OutputFunctionCall(&out[col], d);
		}
		MemoryContextSwitchTo(old);
		stop = row_fn(row_arg, ncol, (const char *const *) vals);
		MemoryContextReset(rowcxt);
	}
	engine->rows_total = saved_total;
	MemoryContextDelete(rowcxt);
	pfree(out);
	pfree(vals);
	return stop;
}

/* While a row callback runs: the rows of its statement in all. */
static long long
pgmig_rows_total(void *engine_ctx)
{
	return ((pgmig_engine *) engine_ctx)->rows_total;
}

void
pgmig_lock_settings(pgmig_engine *engine)
{
	const char *t = GetConfigOption("mig.lock_timeout", true, false);
	const char *r = GetConfigOption("mig.lock_retries", true, false);
	const char *d = GetConfigOption("mig.lock_retry_delay", true, false);

	engine->lock_timeout = t != NULL && t[0] != '\0' && strcmp(t, "0") != 0 ?
		MemoryContextStrdup(engine->mcxt, t) : NULL;
	engine->lock_retries = r != NULL && r[0] != '\0' ? atoi(r) : 3;
	engine->lock_retry_delay = d != NULL && d[0] != '\0' ? atoi(d) : 1000;
	if (engine->lock_retries < 0)
		engine->lock_retries = 0;
	if (engine->lock_retry_delay < 0)
		engine->lock_retry_delay = 0;
}

static int	pgmig_exec_once(void *engine_ctx, const char *sql, int nparams,
							const char *const *params, mig_row_fn row_fn,
							void *row_arg, char **errmsg);

/*
 * Run one statement; with mig.lock_timeout set, under that lock_timeout,
 * in a subtransaction: a statement that could not get its lock in time
 * (behind long readers, say) is undone alone and tried again after
 * mig.lock_retry_delay ms (doubling), mig.lock_retries times, and then
 * the call gives up with the reason, having blocked the application for
 * at most lock_timeout at a time.
 */
int
pgmig_exec(void *engine_ctx, const char *sql, int nparams,
		   const char *const *params, mig_row_fn row_fn, void *row_arg,
		   char **err)
{
	pgmig_engine *engine = (pgmig_engine *) engine_ctx;
	volatile long delay = engine->lock_retry_delay;
	volatile int attempt;

	if (engine->lock_timeout == NULL)
		return pgmig_exec_once(engine_ctx, sql, nparams, params, row_fn, row_arg, err);
	for (attempt = 0;; attempt++)
	{
		MemoryContext mcxt = CurrentMemoryContext;
		ResourceOwner owner = CurrentResourceOwner;
		volatile int rc = MIG_OK;
		ErrorData  *volatile edata = NULL;

		BeginInternalSubTransaction(NULL);
		MemoryContextSwitchTo(mcxt);
		PG_TRY();
		{
			(void) set_config_option("lock_timeout", engine->lock_timeout, PGC_USERSET,
									 PGC_S_SESSION, GUC_ACTION_LOCAL, true, 0, false);
			rc = pgmig_exec_once(engine_ctx, sql, nparams, params, row_fn, row_arg, err);
			ReleaseCurrentSubTransaction();
			MemoryContextSwitchTo(mcxt);
			CurrentResourceOwner = owner;
		}
		PG_CATCH();
		{
			MemoryContextSwitchTo(mcxt);
			edata = CopyErrorData();
			FlushErrorState();
			RollbackAndReleaseCurrentSubTransaction();
			MemoryContextSwitchTo(mcxt);
			CurrentResourceOwner = owner;
		}
		PG_END_TRY();
		if (edata == NULL)
			return rc;
		if (edata->sqlerrcode != ERRCODE_LOCK_NOT_AVAILABLE)
			ReThrowError(edata);
		if (attempt >= engine->lock_retries)
			ereport(ERROR,
					(errcode(ERRCODE_LOCK_NOT_AVAILABLE),
					 errmsg("mig gave up waiting for a lock: %d tries of mig.lock_timeout = %s "
							"each: %s", attempt + 1, engine->lock_timeout, edata->message),
					 errdetail("The migration waited at most %s at a time, so the sessions "
							   "queued behind it waited no longer; nothing of it was kept.",
							   engine->lock_timeout),
					 errhint("Retry when the long transactions are gone, or raise "
							 "mig.lock_retries / mig.lock_timeout.")));
		ereport(NOTICE,
				(errmsg("mig: %s; trying again in %ld ms (%d of %d)", edata->message, delay,
						attempt + 1, engine->lock_retries)));
		FreeErrorData(edata);
		CHECK_FOR_INTERRUPTS();
		pg_usleep(delay * 1000L);
		delay *= 2;
	}
}

static int
pgmig_exec_once(void *engine_ctx, const char *sql, int nparams,
				const char *const *params, mig_row_fn row_fn, void *row_arg,
				char **errmsg)
{
	pgmig_engine *engine = (pgmig_engine *) engine_ctx;
	Oid		   *types = NULL;
	Datum	   *values = NULL;
	char	   *nulls = NULL;
	int			rc;
	int			stop;
	int			i;

	if (nparams > 0)
	{
		types = palloc(sizeof(Oid) * nparams);
		values = palloc(sizeof(Datum) * nparams);
		nulls = palloc(sizeof(char) * nparams);
		for (i = 0; i < nparams; i++)
		{
			types[i] = TEXTOID;
			values[i] = params[i] ? CStringGetTextDatum(params[i]) : (Datum) 0;
			nulls[i] = params[i] ? ' ' : 'n';
		}
	}

	rc = SPI_execute_with_args(sql, nparams, types, values, nulls, false, 0);
	pgmig_check_spi(rc);
	engine->last_processed = SPI_processed;

	stop = row_fn != NULL ? pgmig_send_rows(engine, row_fn, row_arg) : 0;
	SPI_freetuptable(SPI_tuptable);

	if (nparams > 0)
	{
		for (i = 0; i < nparams; i++)
			if (params[i] != NULL)
				pfree(DatumGetPointer(values[i]));
		pfree(types);
		pfree(values);
		pfree(nulls);
	}

	if (stop)
	{
		if (errmsg != NULL)
			*errmsg = pgmig_message(engine, "row callback stopped the query");
		return MIG_ERROR;
	}
	return MIG_OK;
}

/* Set search_path in a GUC nest level of its own; returns the level. */
static int
pgmig_push_path(const char *path)
{
	int			level = NewGUCNestLevel();

	(void) set_config_option("search_path", path, PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	return level;
}

/*
 * The caller's search_path with pg_catalog first: the caller's schemas in
 * their order, but an explicit pg_catalog among them left out, so that
 * PostgreSQL searches it first (as it does by default) and no function or
 * operator of another schema can stand in for a built-in one.
 */
static char *
pgmig_caller_path(pgmig_engine *engine)
{
	char	   *raw = MemoryContextStrdup(engine->mcxt,
										  GetConfigOption("search_path", false, false));
	List	   *names;
	ListCell   *lc;
	StringInfoData out;

	if (!SplitIdentifierString(raw, ',', &names))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot read search_path \"%s\"",
						GetConfigOption("search_path", false, false))));
	initStringInfo(&out);
	foreach(lc, names)
	{
		const char *name = (const char *) lfirst(lc);

		if (strcmp(name, "pg_catalog") == 0)
			continue;
		appendStringInfo(&out, "%s%s", out.len ? ", " : "", quote_identifier(name));
	}
	list_free(names);
	return MemoryContextStrdup(engine->mcxt, out.data);
}

/*
 * search_path for the whole call.  The calls that run scripts pin it:
 * mig's own statements run under pg_catalog alone, and the caller's SQL
 * (scripts, reading the caller's schema) under the caller's path with
 * pg_catalog first, switched by MIG_TXN_CALLER_SQL.  The calls that
 * only read the caller's schema run under the latter throughout.  No
 * function, operator or table of the caller's path can stand in for what
 * mig means.  The levels unwind with the call, or with the transaction or
 * subtransaction an error aborts.
 */
void
pgmig_pin_path(pgmig_engine *engine, bool own_statements_pinned)
{
	engine->caller_path = pgmig_caller_path(engine);
	engine->pinned_level = pgmig_push_path(own_statements_pinned ?
										   PGMIG_PINNED_PATH : engine->caller_path);
	engine->switch_path = own_statements_pinned;
}

void
pgmig_unpin_path(pgmig_engine *engine)
{
	if (engine->pinned_level > 0)
		AtEOXact_GUC(true, engine->pinned_level);
	engine->pinned_level = 0;
	engine->caller_level = 0;
}

/*
 * The session's revision graph cache (mig.h): its memory is a context of
 * its own under TopMemoryContext; busy while a call that uses it runs
 * (cleared when that call's memory goes, at its end or its abort).
 */
static struct mig_cache *pgmig_cache;
static MemoryContext pgmig_cache_cxt;
static bool pgmig_cache_busy;
static mig_adapter pgmig_cache_memory;

static void *
pgmig_cache_alloc(void *engine_ctx, size_t size)
{
	(void) engine_ctx;
	return MemoryContextAllocHuge(pgmig_cache_cxt, size);
}

static void
pgmig_cache_done(void *arg)
{
	(void) arg;
	pgmig_cache_busy = false;
}

/* Row callback: the first column's text, or NULL. */
static int
pgmig_text_row(void *arg, int ncol, const char *const *vals)
{
	pgmig_engine *engine = (pgmig_engine *) ((void **) arg)[0];
	char	  **out = (char **) ((void **) arg)[1];

	*out = ncol > 0 && vals[0] != NULL ? MemoryContextStrdup(engine->mcxt, vals[0]) : NULL;
	return 0;
}

/*
 * The counter's row as this transaction sees it: the transaction that
 * moved it last (a rolled-back change never shows) and its value.  None
 * when the role may not read mig_revision (the cache must not answer for
 * it), and none while the row is this transaction's own: the counter
 * moves once per transaction (pgmig_bump_generation), so later changes in
 * it would not show.
 */
static const char *
pgmig_state_version(void *engine_ctx)
{
	pgmig_engine *engine = (pgmig_engine *) engine_ctx;
	void	   *arg[2];
	char	   *sql;

	sql = psprintf("SELECT CASE WHEN pg_catalog.has_table_privilege(%s, 'SELECT') AND "
				   "(g.xact IS NULL OR pg_catalog.pg_current_xact_id_if_assigned() IS NULL OR "
				   "g.xact OPERATOR(pg_catalog.<>) pg_catalog.pg_current_xact_id_if_assigned()) "
				   "THEN COALESCE(g.xact::pg_catalog.text, '') "
				   "OPERATOR(pg_catalog.||) ':' OPERATOR(pg_catalog.||) g.n::pg_catalog.text "
				   "END FROM %s.mig_generation g",
				   quote_literal_cstr(psprintf("%s.mig_revision", engine->state_schema)),
				   engine->state_schema);
	engine->version = NULL;
	arg[0] = engine;
	arg[1] = &engine->version;
	if (pgmig_exec(engine_ctx, sql, 0, NULL, pgmig_text_row, arg, NULL) != MIG_OK)
		return NULL;
	return engine->version;
}

void
pgmig_use_cache(mig_adapter *adapter, pgmig_engine *engine)
{
	MemoryContextCallback *cb;

	if (pgmig_cache_busy)
		return;
	if (pgmig_cache_cxt == NULL)
	{
		pgmig_cache_cxt = AllocSetContextCreate(TopMemoryContext, "mig graph cache",
												ALLOCSET_DEFAULT_SIZES);
		pgmig_cache_memory.engine = MIG_ENGINE_POSTGRESQL;
		pgmig_cache_memory.alloc = pgmig_cache_alloc;
		pgmig_cache_memory.release = pgmig_release;
	}
	cb = MemoryContextAlloc(engine->mcxt, sizeof(MemoryContextCallback));
	cb->func = pgmig_cache_done;
	cb->arg = NULL;
	MemoryContextRegisterResetCallback(engine->mcxt, cb);
	pgmig_cache_busy = true;
	engine->state_schema = MemoryContextStrdup(engine->mcxt,
											   quote_identifier(adapter->state_schema));
	adapter->state_version = pgmig_state_version;
	adapter->cache_memory = &pgmig_cache_memory;
	adapter->cache = &pgmig_cache;
}

/* Row callback: a boolean (pg_try_advisory_xact_lock, a privilege). */
static int
pgmig_lock_row(void *arg, int ncol, const char *const *vals)
{
	*(bool *) arg = ncol > 0 && vals[0] != NULL && vals[0][0] == 't';
	return 0;
}

/*
 * The migration bracket.  BEGIN takes the advisory lock, which the end of
 * the caller's transaction releases; COMMIT and ROLLBACK are the caller's
 * (an error that reaches the caller rolls everything back).
 *
 * Under REPEATABLE READ or SERIALIZABLE the snapshot was taken before the
 * lock: a migrator that waited for another would read the state from
 * before the other one committed.  There, do not wait: fail with a
 * serialization failure that the caller retries.
 */
static int
pgmig_txn(void *engine_ctx, mig_txn_op op, char **err)
{
	bool		got = false;
	pgmig_engine *engine = (pgmig_engine *) engine_ctx;

	if (op == MIG_TXN_SCRATCH)
	{
		/* an empty schema of our own, first in search_path (the caller's
		 * path after it, for their types and functions); the
		 * subtransaction's rollback takes both away */
		unsigned char rnd[6];
		char		name[32];
		char		sql[256];

		if (engine->in_subxact)
		{
			*err = pgmig_message(engine, "a scratch schema is already open");
			return MIG_ERROR;
		}
		if (pgmig_exec(engine_ctx, "SELECT pg_catalog.has_database_privilege("
					   "pg_catalog.current_database(), 'CREATE')",
					   0, NULL, pgmig_lock_row, &got, err) != MIG_OK)
			return MIG_ERROR;
		if (!got)
		{
			*err = pgmig_message(engine, "it needs the CREATE privilege on this database, "
								 "to build target_schema in a schema of its own that is "
								 "rolled back");
			return MIG_ERROR;
		}
		if (!pg_strong_random(rnd, sizeof(rnd)))
			ereport(ERROR,
					(errcode(ERRCODE_INTERNAL_ERROR),
					 errmsg("could not generate random bytes")));
		snprintf(name, sizeof(name), "mig_scratch_%02x%02x%02x%02x%02x%02x",
				 rnd[0], rnd[1], rnd[2], rnd[3], rnd[4], rnd[5]);
		pgmig_txn(engine_ctx, MIG_TXN_SAVE, err);
		snprintf(sql, sizeof(sql), "CREATE SCHEMA %s", name);
		pgmig_exec(engine_ctx, sql, 0, NULL, NULL, NULL, err);
		snprintf(sql, sizeof(sql),
				 "SELECT pg_catalog.set_config('search_path', '%s, ' || "
				 "pg_catalog.current_setting('search_path'), true)", name);
		return pgmig_exec(engine_ctx, sql, 0, NULL, NULL, NULL, err);
	}
	if (op == MIG_TXN_CALLER_SQL)
	{
		if (engine->switch_path && engine->caller_level == 0)
			engine->caller_level = pgmig_push_path(engine->caller_path);
		return MIG_OK;
	}
	if (op == MIG_TXN_CALLER_SQL_END)
	{
		/* what the script SET (LOCAL or not) ends with its revision: a
		 * script changes the database, not the session */
		if (engine->caller_level > 0)
			AtEOXact_GUC(false, engine->caller_level);
		engine->caller_level = 0;
		return MIG_OK;
	}
	if (op == MIG_TXN_SCRATCH_END)
		op = MIG_TXN_UNDO;
	if (op == MIG_TXN_SAVE)
	{
		/* a dry run: a subtransaction, rolled back below; the call's own
		 * memory context and resource owner stay in use */
		engine->save_mcxt = CurrentMemoryContext;
		engine->save_owner = CurrentResourceOwner;
		BeginInternalSubTransaction(NULL);
		MemoryContextSwitchTo(engine->save_mcxt);
		engine->in_subxact = true;
		return MIG_OK;
	}
	if (op == MIG_TXN_UNDO)
	{
		if (engine->in_subxact)
		{
			RollbackAndReleaseCurrentSubTransaction();
			MemoryContextSwitchTo(engine->save_mcxt);
			CurrentResourceOwner = engine->save_owner;
			engine->in_subxact = false;
			engine->caller_level = 0;	/* its GUC levels went with it */
		}
		return MIG_OK;
	}
	if (op != MIG_TXN_BEGIN && op != MIG_TXN_BEGIN_NO_FK)
		return MIG_OK;
	if (!IsolationUsesXactSnapshot())
		return pgmig_exec(engine_ctx,
						  "SELECT pg_catalog.pg_advisory_xact_lock("
						  PGMIG_LOCK_KEY ")",
						  0, NULL, NULL, NULL, err);
	if (pgmig_exec(engine_ctx,
				   "SELECT pg_catalog.pg_try_advisory_xact_lock(" PGMIG_LOCK_KEY ")",
				   0, NULL, pgmig_lock_row, &got, err) != MIG_OK)
		return MIG_ERROR;
	if (!got)
		ereport(ERROR,
				(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
				 errmsg("another migration is running"),
				 errdetail("Under REPEATABLE READ or SERIALIZABLE, mig does not wait for "
						   "the migration lock: its snapshot would miss the other "
						   "migration's work."),
				 errhint("Retry the transaction, or migrate in READ COMMITTED.")));
	return MIG_OK;
}

/* A NOTICE: the client sees it, nothing fails. */
static void
pgmig_notice(void *engine_ctx, const char *msg)
{
	(void) engine_ctx;
	ereport(NOTICE, (errmsg("%s", msg)));
}

/* Rows of the last statement. */
static long long
pgmig_changes(void *engine_ctx)
{
	return (long long) ((pgmig_engine *) engine_ctx)->last_processed;
}

/* Random bytes for revision ids, from the OS's strong source. */
static void
pgmig_random(void *engine_ctx, unsigned char *buf, size_t n)
{
	(void) engine_ctx;
	if (!pg_strong_random(buf, n))
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not generate random bytes")));
}

/* Fill *adapter for one call. */
void
pgmig_adapter_init(mig_adapter *adapter, pgmig_engine *engine,
				   const char *state_schema)
{
	memset(adapter, 0, sizeof(*adapter));
	adapter->engine = MIG_ENGINE_POSTGRESQL;
	adapter->engine_ctx = engine;
	adapter->alloc = pgmig_alloc;
	adapter->release = pgmig_release;
	adapter->exec = pgmig_exec;
	adapter->txn = pgmig_txn;
	adapter->random = pgmig_random;
	adapter->changes = pgmig_changes;
	adapter->rows_total = pgmig_rows_total;
	adapter->notice = pgmig_notice;
	adapter->state_schema = state_schema;
}

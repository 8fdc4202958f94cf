/*
 * pg_mig.c -- the mig PostgreSQL extension: one fmgr entry point per SQL
 * function, all calling into the engine-free core in ../shared.
 *
 * SQL API (see sql/mig--0.1.sql and SPEC.md section 3):
 *   mig_register(script text) text          mig_current() text
 *   mig_register_dir(path text) bigint      mig_heads() text
 *   mig_upgrade(target text) text           mig_history() setof record
 *   mig_downgrade(target text) text         mig_show(revision text) text
 *   mig_stamp(target text) text             mig_revision(message text) text
 *   mig_sql(command text, target text) text mig_merge(message, revisions) text
 *
 * Every call runs inside the caller's transaction: the core's SQL goes
 * through SPI (pg_adapter.c), a PostgreSQL error unwinds straight out of
 * the core and aborts the caller's transaction, and a core error is raised
 * here after SPI_finish.  Either way nothing of a failed call remains.
 * The core's memory lives in a context made before SPI_connect, so its
 * results survive SPI_finish until they are copied out.
 */
#include "postgres.h"

#include "access/xact.h"
#include "access/xlog.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/tuplestore.h"

#include "mig.h"
#include "pg_adapter.h"

PG_MODULE_MAGIC;

/*
 * PG_FUNCTION_INFO_V1 with the function itself declared PGDLLEXPORT too:
 * PostgreSQL 15's macro exports only the info function (16 exports both),
 * and this module is built with -fvisibility=hidden.
 */
#define PGMIG_FUNCTION_INFO(funcname) \
	extern PGDLLEXPORT Datum funcname(PG_FUNCTION_ARGS); \
	PG_FUNCTION_INFO_V1(funcname)

/* The most arguments any mig SQL function takes. */
#define PGMIG_MAX_ARGS 2

/* One SQL function call: its memory, adapter, core context and errcontext. */
typedef struct pgmig_call
{
	MemoryContext mcxt;			/* child of the caller's context */
	pgmig_engine engine;
	mig_adapter adapter;
	mig_ctx    *ctx;
	ErrorContextCallback errcb;
} pgmig_call;

/* Name what the core was running (revision, statement, line) in errors. */
static void
pgmig_error_context(void *arg)
{
	pgmig_call *call = (pgmig_call *) arg;
	const char *activity;

	if (call->ctx == NULL)
		return;
	activity = mig_ctx_activity(call->ctx);
	if (activity != NULL && activity[0] != '\0')
		errcontext("%s", activity);
}

/*
 * A function that changes the database cannot run on a hot standby or in
 * a read-only transaction: say so before anything is read, rather than
 * fail half-way on PostgreSQL's "cannot execute INSERT in a read-only
 * transaction".
 */
static void
pgmig_require_writable(const char *name)
{
	if (RecoveryInProgress())
		ereport(ERROR,
				(errcode(ERRCODE_READ_ONLY_SQL_TRANSACTION),
				 errmsg("%s cannot run on a standby server", name),
				 errdetail("This server is in recovery (a hot standby): it only reads."),
				 errhint("Run %s on the primary; the standby follows it. "
						 "mig_current, mig_heads, mig_history, mig_show, mig_sql, "
						 "mig_revision and mig_merge work here.", name)));
	if (XactReadOnly)
		ereport(ERROR,
				(errcode(ERRCODE_READ_ONLY_SQL_TRANSACTION),
				 errmsg("%s cannot run in a read-only transaction", name),
				 errhint("Run it in a read-write transaction "
						 "(default_transaction_read_only, SET TRANSACTION READ WRITE).")));
}

/* Set up one call: memory, adapter, SPI, the core's context, errcontext. */
static void
pgmig_call_begin(pgmig_call *call, FunctionCallInfo fcinfo)
{
	char	   *schema;

	memset(call, 0, sizeof(*call));
	call->mcxt = AllocSetContextCreate(CurrentMemoryContext, "mig call",
									   ALLOCSET_DEFAULT_SIZES);
	call->engine.mcxt = call->mcxt;
	call->engine.rows_total = -1;

	/* The state tables live in the schema of the extension's functions. */
	schema = get_namespace_name(get_func_namespace(fcinfo->flinfo->fn_oid));
	if (schema == NULL)
		elog(ERROR, "cannot find the schema of function %u",
			 fcinfo->flinfo->fn_oid);
	schema = MemoryContextStrdup(call->mcxt, schema);
	pgmig_adapter_init(&call->adapter, &call->engine, schema);
	pgmig_use_cache(&call->adapter, &call->engine);
	{
		/* the fault-injection test hook (tests/faults): SET mig.fail_at */
		const char *f = GetConfigOption("mig.fail_at", true, false);

		call->adapter.fail_at = f ? atol(f) : 0;
	}
	pgmig_lock_settings(&call->engine);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");

	call->ctx = mig_ctx_new(&call->adapter);
	if (call->ctx == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory")));

	call->errcb.callback = pgmig_error_context;
	call->errcb.arg = call;
	call->errcb.previous = error_context_stack;
	error_context_stack = &call->errcb;
}

/*
 * Leave SPI and, if the core failed, raise its error.  The message is the
 * core's text verbatim: it is the same on SQLite, and already names the
 * revision and line.  The core's memory stays until pgmig_call_free (or
 * the transaction's abort) so its results can be copied out.
 */
static void
pgmig_call_end(pgmig_call *call, int rc)
{
	error_context_stack = call->errcb.previous;
	pgmig_unpin_path(&call->engine);
	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
	if (rc != MIG_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s", mig_ctx_error(call->ctx))));
}

/* Free the core's memory once the results are copied out. */
static void
pgmig_call_free(pgmig_call *call)
{
	mig_ctx_free(call->ctx);
	MemoryContextDelete(call->mcxt);
}

/*
 * Run the core.  A dry run works inside a subtransaction; an error there
 * must end that subtransaction before it reaches the caller, or the
 * session would be left inside an aborted transaction block even in
 * autocommit mode (the PL/pgSQL pattern: roll back, then re-throw).
 */
static int
pgmig_call_guarded(pgmig_call *call, mig_fn fn, int argc, const char **argv, char **out)
{
	volatile int rc = MIG_ERROR;

	PG_TRY();
	{
		rc = mig_call(call->ctx, fn, argc, argv, out);
	}
	PG_CATCH();
	{
		if (call->engine.in_subxact)
		{
			ErrorData  *edata;

			MemoryContextSwitchTo(call->mcxt);
			edata = CopyErrorData();
			FlushErrorState();
			RollbackAndReleaseCurrentSubTransaction();
			MemoryContextSwitchTo(call->engine.save_mcxt);
			CurrentResourceOwner = call->engine.save_owner;
			call->engine.in_subxact = false;
			ReThrowError(edata);
		}
		PG_RE_THROW();
	}
	PG_END_TRY();
	return rc;
}

/* The shared body of every text-returning mig function. */
static Datum
pgmig_call_text(FunctionCallInfo fcinfo, mig_fn fn)
{
	pgmig_call	call;
	const char *argv[PGMIG_MAX_ARGS];
	int			argc = PG_NARGS();
	char	   *out = NULL;
	text	   *result;
	int			rc;
	int			i;

	if (argc > PGMIG_MAX_ARGS)
		elog(ERROR, "%s called with %d arguments", mig_fn_table[fn].name, argc);
	if (mig_fn_table[fn].writes || fn == MIG_FN_AUTOGENERATE || fn == MIG_FN_CHECK ||
		fn == MIG_FN_DRIFT)
		pgmig_require_writable(mig_fn_table[fn].name);
	for (i = 0; i < argc; i++)
		argv[i] = PG_ARGISNULL(i) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(i));

	pgmig_call_begin(&call, fcinfo);
	/* search_path: the calls that run scripts pin it for mig's own
	 * statements; those that read the caller's schema put pg_catalog
	 * first (the others pin it in their SQL definition) */
	if (fn == MIG_FN_UPGRADE || fn == MIG_FN_DOWNGRADE || fn == MIG_FN_STAMP ||
		fn == MIG_FN_DRY_RUN)
		pgmig_pin_path(&call.engine, true);
	else if (fn == MIG_FN_SQL || fn == MIG_FN_AUTOGENERATE || fn == MIG_FN_CHECK ||
			 fn == MIG_FN_DRIFT)
		pgmig_pin_path(&call.engine, false);
	rc = pgmig_call_guarded(&call, fn, argc, argv, &out);
	pgmig_call_end(&call, rc);

	/* back in the caller's context: copy the result out of the core's */
	result = out != NULL ? cstring_to_text(out) : NULL;
	pgmig_call_free(&call);
	if (result == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(result);
}

/* Define the fmgr entry point pgmig_<name> for one text-returning function. */
#define PGMIG_TEXT_FUNCTION(name, fn) \
	PGMIG_FUNCTION_INFO(pgmig_##name); \
	Datum \
	pgmig_##name(PG_FUNCTION_ARGS) \
	{ \
		return pgmig_call_text(fcinfo, fn); \
	}

/* mig_register(script text) text: store a script, return its revision */
PGMIG_TEXT_FUNCTION(register, MIG_FN_REGISTER)
/* mig_upgrade(target text) text: apply pending revisions up to target */
PGMIG_TEXT_FUNCTION(upgrade, MIG_FN_UPGRADE)
/* mig_downgrade(target text) text: run downgrades back to target */
PGMIG_TEXT_FUNCTION(downgrade, MIG_FN_DOWNGRADE)
/* mig_stamp(target text) text: set the version without running anything */
PGMIG_TEXT_FUNCTION(stamp, MIG_FN_STAMP)
/* mig_current() text: the applied head(s), NULL at base */
PGMIG_TEXT_FUNCTION(current, MIG_FN_CURRENT)
/* mig_heads() text: the head(s) of the registered graph */
PGMIG_TEXT_FUNCTION(heads, MIG_FN_HEADS)
/* mig_show(revision text) text: the stored script */
PGMIG_TEXT_FUNCTION(show, MIG_FN_SHOW)
/* mig_revision(message text) text: a new script template */
PGMIG_TEXT_FUNCTION(revision, MIG_FN_REVISION)
/* mig_merge(message text, revisions text) text: a merge script template */
PGMIG_TEXT_FUNCTION(merge, MIG_FN_MERGE)
/* mig_sql(command text, target text) text: what an up/downgrade would run */
PGMIG_TEXT_FUNCTION(sql, MIG_FN_SQL)

/* mig_dry_run(command text, target text) */
PGMIG_TEXT_FUNCTION(dry_run, MIG_FN_DRY_RUN)
/* mig_autogenerate(message text, target_schema text) text: a script to target_schema */
PGMIG_TEXT_FUNCTION(autogenerate, MIG_FN_AUTOGENERATE)
/* mig_check(target_schema text) text: NULL, or what differs and what is pending */
PGMIG_TEXT_FUNCTION(check, MIG_FN_CHECK)
/* mig_drift() text: NULL, or what changed since the last migration */
PGMIG_TEXT_FUNCTION(drift, MIG_FN_DRIFT)
/* mig_repair(revision text, script text) text: accept a changed script */
PGMIG_TEXT_FUNCTION(repair, MIG_FN_REPAIR)

/* File names and texts of a directory's scripts, in the call's memory. */
typedef struct pgmig_files
{
	MemoryContext mcxt;
	char	  **names;
	char	  **texts;
	int			n;
	int			cap;
	int			reading;		/* the file pg_read_file is reading */
} pgmig_files;

/* Row callback of the directory listing: keep one file name. */
static int
pgmig_add_file(void *arg, int ncol, const char *const *vals)
{
	pgmig_files *files = (pgmig_files *) arg;

	(void) ncol;
	if (files->n == files->cap)
	{
		files->cap = files->cap ? files->cap * 2 : 16;
		files->names = files->names
			? repalloc(files->names, sizeof(char *) * files->cap)
			: MemoryContextAlloc(files->mcxt, sizeof(char *) * files->cap);
	}
	files->names[files->n++] = MemoryContextStrdup(files->mcxt, vals[0]);
	return 0;
}

/* Row callback of pg_read_file: keep the text of the current file. */
static int
pgmig_set_text(void *arg, int ncol, const char *const *vals)
{
	pgmig_files *files = (pgmig_files *) arg;

	(void) ncol;
	files->texts[files->reading] = MemoryContextStrdup(files->mcxt,
												   vals[0] ? vals[0] : "");
	return 0;
}

/*
 * List and read the *.sql files of a directory, sorted by name.  The
 * server's own pg_ls_dir and pg_read_file do the work so that their
 * privilege checks (superuser or pg_read_server_files) apply.
 */
static void
pgmig_read_dir(pgmig_call *call, const char *path, pgmig_files *files)
{
	const char *params[1];
	size_t		plen = strlen(path);
	int			i;

	params[0] = path;
	(void) pgmig_exec(&call->engine,
					  "SELECT f FROM pg_catalog.pg_ls_dir($1) AS f"
					  " WHERE f OPERATOR(pg_catalog.~~) '%.sql'"
					  " AND f OPERATOR(pg_catalog.!~~) '.%'"
					  " ORDER BY f COLLATE \"C\"",
					  1, params, pgmig_add_file, files, NULL);

	files->texts = MemoryContextAllocZero(files->mcxt,
										  sizeof(char *) * Max(files->n, 1));
	for (i = 0; i < files->n; i++)
	{
		files->reading = i;
		params[0] = (plen > 0 && path[plen - 1] == '/')
			? psprintf("%s%s", path, files->names[i])
			: psprintf("%s/%s", path, files->names[i]);
		(void) pgmig_exec(&call->engine,
						  "SELECT pg_catalog.pg_read_file($1)",
						  1, params, pgmig_set_text, files, NULL);
	}
}

PGMIG_FUNCTION_INFO(pgmig_register_dir);

/* mig_register_dir(path text) bigint: register every *.sql file, all or nothing */
Datum
pgmig_register_dir(PG_FUNCTION_ARGS)
{
	pgmig_call	call;
	pgmig_files files;
	char	   *path;
	long		count = 0;
	int			rc;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("mig_register_dir: path must not be NULL")));
	path = text_to_cstring(PG_GETARG_TEXT_PP(0));
	pgmig_require_writable("mig_register_dir");

	pgmig_call_begin(&call, fcinfo);
	memset(&files, 0, sizeof(files));
	files.mcxt = call.mcxt;
	pgmig_read_dir(&call, path, &files);
	rc = mig_register_many(call.ctx, files.n,
						   (const char *const *) files.names,
						   (const char *const *) files.texts, &count);
	pgmig_call_end(&call, rc);
	pgmig_call_free(&call);
	PG_RETURN_INT64((int64) count);
}

/* Row callback of mig_history: one tuple into the materialized result. */
static int
pgmig_history_row(void *arg, const mig_history_row *row)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) arg;
	Datum		values[8];
	bool		nulls[8];

	memset(nulls, 0, sizeof(nulls));
	values[0] = CStringGetTextDatum(row->revision);
	nulls[1] = row->down_revision == NULL;
	values[1] = nulls[1] ? (Datum) 0 : CStringGetTextDatum(row->down_revision);
	nulls[2] = row->branch_labels == NULL;
	values[2] = nulls[2] ? (Datum) 0 : CStringGetTextDatum(row->branch_labels);
	nulls[3] = row->message == NULL;
	values[3] = nulls[3] ? (Datum) 0 : CStringGetTextDatum(row->message);
	values[4] = BoolGetDatum(row->is_head != 0);
	values[5] = BoolGetDatum(row->is_applied != 0);
	/* the core read applied_at as text in this session's DateStyle */
	nulls[6] = row->applied_at == NULL;
	values[6] = nulls[6] ? (Datum) 0
		: DirectFunctionCall3(timestamptz_in,
							  CStringGetDatum(row->applied_at),
							  ObjectIdGetDatum(InvalidOid),
							  Int32GetDatum(-1));
	values[7] = CStringGetTextDatum(row->database);
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	return 0;
}

PGMIG_FUNCTION_INFO(pgmig_history);

/* mig_history() setof record: one row per registered revision, newest first */
Datum
pgmig_history(PG_FUNCTION_ARGS)
{
	pgmig_call	call;
	int			rc;

	InitMaterializedSRF(fcinfo, 0);
	pgmig_call_begin(&call, fcinfo);
	rc = mig_history(call.ctx, pgmig_history_row, fcinfo->resultinfo);
	pgmig_call_end(&call, rc);
	pgmig_call_free(&call);
	return (Datum) 0;
}

PGMIG_FUNCTION_INFO(pgmig_bump_generation);

/*
 * The statement trigger on every mig_revision: move the counter in
 * mig_generation (in this function's schema) once per transaction, and
 * record the transaction (its 64-bit id, never reused).  A new row
 * version per statement would pile up unprunable versions that every
 * later statement of the transaction scans: registering 100,000 scripts
 * in one call went quadratic.  Once is enough, because a session keeps no
 * graph while the counter's row is its own transaction's
 * (pgmig_state_version), and other sessions see the row move when the
 * transaction commits.
 */
Datum
pgmig_bump_generation(PG_FUNCTION_ARGS)
{
	char	   *table;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR, (errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
						errmsg("mig_bump_generation() is a trigger function")));
	table = psprintf("%s.mig_generation",
					 quote_identifier(get_namespace_name(get_func_namespace(fcinfo->flinfo->fn_oid))));
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "mig: SPI_connect failed");
	if (SPI_execute(psprintf("UPDATE %s SET n = n OPERATOR(pg_catalog.+) 1, "
							 "xact = pg_catalog.pg_current_xact_id() WHERE xact IS NULL "
							 "OR xact OPERATOR(pg_catalog.<>) pg_catalog.pg_current_xact_id()",
							 table), false, 0) != SPI_OK_UPDATE)
		elog(ERROR, "mig: updating %s failed", table);
	SPI_finish();
	return PointerGetDatum(NULL);
}

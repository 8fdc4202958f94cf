/*
 * mig.h -- the interface between the mig core (shared/) and an engine.
 *
 * An engine (sqlite_ext/, pg_ext/) fills in a mig_adapter, creates a
 * mig_ctx for one SQL function call, calls mig_call() and turns the
 * result or error into its own value.  The core never includes an
 * engine header; everything it needs from the engine goes through the
 * adapter below.
 */
#ifndef MIG_H
#define MIG_H

#include <stddef.h>

#define MIG_OK    0
#define MIG_ERROR 1

typedef enum mig_engine
{
	MIG_ENGINE_SQLITE = 0,
	MIG_ENGINE_POSTGRESQL = 1
} mig_engine;

/* Called once per result row; values are text or NULL, valid only
 * during the call.  Return non-zero to stop with an error. */
typedef int (*mig_row_fn) (void *arg, int ncol, const char *const *vals);

typedef enum mig_txn_op
{
	MIG_TXN_BEGIN,				/* before the first read of state */
	MIG_TXN_BEGIN_NO_FK,		/* the same, and suspend per-statement foreign
								 * key enforcement for the call where the
								 * engine can (SQLite in autocommit mode) */
	MIG_TXN_COMMIT,				/* after everything succeeded */
	MIG_TXN_ROLLBACK,			/* after an error, undo everything */
	MIG_TXN_SAVE,				/* inside the call: mark a point ... */
	MIG_TXN_UNDO,				/* ... and undo all since it (a dry run) */
	MIG_TXN_SCRATCH,			/* run what follows in a private, empty
								 * database (SQLite: a new in-memory one;
								 * PostgreSQL: a new schema, first in
								 * search_path, in a subtransaction) ... */
	MIG_TXN_SCRATCH_END,		/* ... and throw it away, back to the
								 * caller's database */
	MIG_TXN_CALLER_SQL,			/* what follows is the caller's SQL (script
								 * statements, reading their schema): run
								 * it under their names (PostgreSQL: the
								 * caller's search_path; mig's own
								 * statements run under a pinned one) ... */
	MIG_TXN_CALLER_SQL_END		/* ... back to mig's own statements */
} mig_txn_op;

typedef struct mig_adapter
{
	mig_engine	engine;
	void	   *engine_ctx;		/* passed back to every callback */

	/* Memory: the core takes big blocks and frees them all at the end. */
	void	   *(*alloc) (void *engine_ctx, size_t size);
	void		(*release) (void *engine_ctx, void *ptr);

	/*
	 * Run one statement.  Parameters are text, written $1..$n in sql.
	 * Rows go to row_fn (may be NULL); when it returns non-zero, stop and
	 * return MIG_ERROR.  On failure return MIG_ERROR and set *errmsg to a
	 * message the engine owns until its next call (engines whose errors
	 * unwind by themselves, like PostgreSQL, may never return MIG_ERROR).
	 */
	int			(*exec) (void *engine_ctx, const char *sql,
						 int nparams, const char *const *params,
						 mig_row_fn row_fn, void *row_arg, char **errmsg);

	/* Transaction bracket of one migrating call (SAVEPOINT / advisory
	 * lock).  Same error convention as exec. */
	int			(*txn) (void *engine_ctx, mig_txn_op op, char **errmsg);

	/* Tell the user something worth knowing, without failing (may be
	 * NULL: PostgreSQL raises a NOTICE). */
	void		(*notice) (void *engine_ctx, const char *msg);

	/* Is the caller inside a transaction of their own (may be NULL)? */
	int			(*in_transaction) (void *engine_ctx);

	/* Rows inserted, updated or deleted by the last exec (may be NULL). */
	long long	(*changes) (void *engine_ctx);

	/* While exec hands rows to a row callback: how many the statement
	 * returns in all, where the engine has them all first (PostgreSQL's
	 * SPI); may be NULL or return -1: not known. */
	long long	(*rows_total) (void *engine_ctx);

	/* Fill buf with n random bytes (revision ids). */
	void		(*random) (void *engine_ctx, unsigned char *buf, size_t n);

	/* Schema (unquoted) that holds alembic_version, mig_revision and
	 * mig_log: "main" on SQLite, the extension's schema on PostgreSQL. */
	const char *state_schema;

	/*
	 * The revision graph kept between calls, so that a call that finds
	 * nothing to do costs little however long the history (all three may
	 * be NULL: no cache).  state_version returns text that differs
	 * whenever any database's mig_revision may have changed since it
	 * last returned the same text, or NULL when it cannot tell (then
	 * nothing is kept or used); it is called with the migration lock held
	 * where the call takes it, and the text is the engine's until its
	 * next call.  cache_memory allocates memory that outlives the call
	 * (only its alloc, release and engine_ctx are used); *cache is the
	 * engine's slot, empty at first, given back with mig_cache_free().
	 */
	const char *(*state_version) (void *engine_ctx);
	const struct mig_adapter *cache_memory;
	struct mig_cache **cache;

	/* A test hook (0: off): the call fails, as if the engine had refused
	 * it, instead of running its fail_at'th change (schema, data or
	 * version).  SQLite reads MIG_FAIL_AT from the environment,
	 * PostgreSQL the setting mig.fail_at. */
	long		fail_at;
} mig_adapter;

typedef struct mig_ctx mig_ctx;

/* Free what an engine's cache slot holds (NULL is fine). */
void		mig_cache_free(struct mig_cache *cache);

/* The SQL-callable functions, dispatched by mig_call(). */
typedef enum mig_fn
{
	MIG_FN_REGISTER,			/* (script) -> revision */
	MIG_FN_UPGRADE,				/* (target) -> report */
	MIG_FN_DOWNGRADE,			/* (target) -> report */
	MIG_FN_STAMP,				/* (target) -> report */
	MIG_FN_CURRENT,				/* () -> heads or NULL */
	MIG_FN_HEADS,				/* () -> heads or NULL */
	MIG_FN_SHOW,				/* (revision) -> script */
	MIG_FN_REVISION,			/* (message) -> template */
	MIG_FN_MERGE,				/* (message [, revisions]) -> template */
	MIG_FN_SQL,					/* (command, target) -> SQL text */
	MIG_FN_DRY_RUN,				/* (command, target) -> report, all undone */
	MIG_FN_AUTOGENERATE,		/* (message, target_schema) -> script */
	MIG_FN_CHECK,				/* (target_schema) -> differences or NULL */
	MIG_FN_DRIFT,				/* () -> changes since the last migration or NULL */
	MIG_FN_REPAIR,				/* (revision [, script]) -> report */
	MIG_FN__COUNT
} mig_fn;

typedef struct mig_fn_info
{
	const char *name;			/* SQL name, e.g. "mig_upgrade" */
	int			min_args;
	int			max_args;
	int			writes;			/* takes the migration lock */
} mig_fn_info;

extern const mig_fn_info mig_fn_table[MIG_FN__COUNT];

/* One call's context; all core memory lives in it. */
mig_ctx    *mig_ctx_new(const mig_adapter *adapter);
void		mig_ctx_free(mig_ctx *ctx);
const char *mig_ctx_error(const mig_ctx *ctx);

/* What the core is running right now ("revision X, upgrade statement 3
 * (line 12)"), for engines that add it to their own error reports. */
const char *mig_ctx_activity(const mig_ctx *ctx);

/*
 * Run one SQL function.  argv[i] may be NULL (SQL NULL).  On MIG_OK *out
 * is the result text (NULL for SQL NULL), owned by ctx.  On MIG_ERROR
 * mig_ctx_error() says what went wrong and the database is unchanged.
 */
int			mig_call(mig_ctx *ctx, mig_fn fn, int argc, const char *const *argv,
					 char **out);

/* Register many scripts at once, all or nothing (mig_register_dir).
 * names[] are used in error messages (file names).  *count is set. */
int			mig_register_many(mig_ctx *ctx, int n, const char *const *names,
							  const char *const *texts, long *count);

/* mig_history: one callback per registered revision, newest first. */
typedef struct mig_history_row
{
	const char *revision;
	const char *down_revision;	/* comma-separated or NULL */
	const char *branch_labels;	/* comma-separated or NULL */
	const char *message;		/* may be NULL */
	int			is_head;
	int			is_applied;
	const char *applied_at;		/* NULL when not applied or unknown */
	const char *database;		/* its database: SQLite "main" or the attached
								 * name, PostgreSQL the schema */
} mig_history_row;

typedef int (*mig_history_fn) (void *arg, const mig_history_row *row);

int			mig_history(mig_ctx *ctx, mig_history_fn fn, void *arg);

#endif							/* MIG_H */

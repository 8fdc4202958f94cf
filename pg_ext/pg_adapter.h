/*
 * pg_adapter.h -- the mig core's engine adapter on PostgreSQL: memory in
 * a MemoryContext, SQL through SPI, the migration lock as a
 * transaction-scoped advisory lock.  Include after postgres.h.
 */
#ifndef PG_ADAPTER_H
#define PG_ADAPTER_H

#include "utils/resowner.h"

#include "mig.h"

/*
 * The key of the transaction-scoped advisory lock that serialises
 * migrators: the bytes "mig_lock" read as a big-endian bigint
 * (0x6d69675f6c6f636b).  Advisory locks are per database, so every
 * migrator of one database shares it.  Written in decimal because it goes
 * into SQL text.
 */
#define PGMIG_LOCK_KEY "7883946282227557227"

/* What the adapter's callbacks get back as engine_ctx. */
typedef struct pgmig_engine
{
	MemoryContext mcxt;			/* the call's memory; outlives SPI_finish */
	uint64		last_processed; /* rows of the last statement */
	long long	rows_total;		/* while rows are handed over: how many (-1) */
	bool		in_subxact;		/* a dry run's subtransaction is open */
	MemoryContext save_mcxt;	/* to return to after it */
	ResourceOwner save_owner;
	/* mig.lock_timeout (NULL: wait as the session does), mig.lock_retries,
	 * mig.lock_retry_delay (ms, doubled after each try) */
	const char *lock_timeout;
	int			lock_retries;
	int			lock_retry_delay;
	/* search_path (pgmig_pin_path): the caller's with pg_catalog first;
	 * whether mig's own statements run under pg_catalog alone and
	 * MIG_TXN_CALLER_SQL switches to the caller's; the GUC nest levels of
	 * the call's path and of the caller's while switched (0: none) */
	const char *caller_path;
	bool		switch_path;
	const char *state_schema;	/* quoted, for state_version's query */
	char	   *version;		/* state_version's text */
	int			pinned_level;
	int			caller_level;
} pgmig_engine;

/* Give the adapter the session's revision graph cache, unless a call is
 * running already (a script that calls mig_heads); see mig.h. */
void		pgmig_use_cache(mig_adapter *adapter, pgmig_engine *engine);

/* The search_path of mig's own statements in a migrating call. */
#define PGMIG_PINNED_PATH "pg_catalog, pg_temp"

/* Pin search_path for the call (see pg_adapter.c); and undo it. */
void		pgmig_pin_path(pgmig_engine *engine, bool own_statements_pinned);
void		pgmig_unpin_path(pgmig_engine *engine);

/* Read mig.lock_timeout, mig.lock_retries and mig.lock_retry_delay. */
void		pgmig_lock_settings(pgmig_engine *engine);

/* Fill *adapter for one call; engine and state_schema must outlive it. */
void		pgmig_adapter_init(mig_adapter *adapter, pgmig_engine *engine,
							   const char *state_schema);

/* Run one statement through SPI (the adapter's exec); see mig.h. */
int			pgmig_exec(void *engine_ctx, const char *sql, int nparams,
					   const char *const *params, mig_row_fn row_fn,
					   void *row_arg, char **errmsg);

#endif							/* PG_ADAPTER_H */

/*
 * mig_sqlite.h -- what the files of the SQLite glue share.
 */
#ifndef MIG_SQLITE_H
#define MIG_SQLITE_H

#include <setjmp.h>
#include <sqlite3ext.h>

#include "mig.h"

struct mig_sqlite_conn;
struct mig_sqlite_shared;

/* What each SQL function's registration points to. */
typedef struct mig_sqlite_fn
{
	mig_fn		fn;
	struct mig_sqlite_shared *shared;
} mig_sqlite_fn;

/* What a connection's mig functions share: the revision graph kept
 * between calls (mig.h), and the memory it lives in. */
typedef struct mig_sqlite_shared
{
	int			refs;			/* registrations that point here */
	struct mig_cache *cache;
	mig_adapter cache_memory;	/* sqlite3_malloc; engine_ctx is this */
	struct mig_sqlite_conn *call;	/* the call running now (its oom) */
	mig_sqlite_fn fns[MIG_FN__COUNT];
} mig_sqlite_shared;

/* One call's engine state, behind mig_adapter.engine_ctx. */
typedef struct mig_sqlite_conn
{
	sqlite3    *db;				/* where statements run: the caller's, or scratch */
	sqlite3    *caller_db;		/* the caller's while scratch is open */
	char	   *errmsg;			/* last error, sqlite3_malloc'd */
	int			wait_busy;		/* no busy_timeout of the caller's: mig waits */
	int			in_savepoint;
	int			restore_fk;		/* foreign_keys was on and we turned it off */
	int			legacy_alter;	/* legacy_alter_table when the call began */
	jmp_buf	   *oom;			/* where an allocation failure unwinds to */
	int			caller_txn;		/* the caller was in a transaction at BEGIN */
	char	   *version;		/* state_version's text, sqlite3_malloc'd */
	mig_sqlite_shared *shared;	/* the connection's cache, or NULL */
} mig_sqlite_conn;

/* Fill an adapter for db; conn must outlive it.  Call
 * mig_sqlite_adapter_done() after the call.  Set conn->oom to a jmp_buf
 * (setjmp in the caller) before running the core: when SQLite cannot
 * allocate, the core's call unwinds there and done() cleans up. */
void		mig_sqlite_adapter(mig_adapter *ad, mig_sqlite_conn *conn, sqlite3 *db,
							   mig_sqlite_shared *shared);

/* A connection's shared state (refs 0), and giving up one reference. */
mig_sqlite_shared *mig_sqlite_shared_new(void);
void		mig_sqlite_shared_unref(void *shared);
void		mig_sqlite_adapter_done(mig_sqlite_conn *conn);

/* The entry point: sqlite3_load_extension derives it from "mig.so". */
int			sqlite3_mig_init(sqlite3 *db, char **pzErrMsg,
							 const sqlite3_api_routines *pApi);

/* mig_history, an eponymous table-valued function. */
int			mig_sqlite_history_register(sqlite3 *db, mig_sqlite_shared *shared);

#endif							/* MIG_SQLITE_H */

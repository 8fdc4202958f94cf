/*
 * mig_sqlite.h -- what the files of the SQLite glue share.
 */
#ifndef MIG_SQLITE_H
#define MIG_SQLITE_H

#include <sqlite3ext.h>

#include "mig.h"

/* One call's engine state, behind mig_adapter.engine_ctx. */
typedef struct mig_sqlite_conn
{
	sqlite3    *db;
	char	   *errmsg;			/* last error, sqlite3_malloc'd */
	int			restore_busy;	/* busy_timeout was 0 and we set it */
	int			in_savepoint;
	int			restore_fk;		/* foreign_keys was on and we turned it off */
} mig_sqlite_conn;

/* Fill an adapter for db; conn must outlive it.  Call
 * mig_sqlite_adapter_done() after the call. */
void		mig_sqlite_adapter(mig_adapter *ad, mig_sqlite_conn *conn, sqlite3 *db);
void		mig_sqlite_adapter_done(mig_sqlite_conn *conn);

/* The entry point: sqlite3_load_extension derives it from "mig.so". */
int			sqlite3_mig_init(sqlite3 *db, char **pzErrMsg,
							 const sqlite3_api_routines *pApi);

/* mig_history, an eponymous table-valued function. */
int			mig_sqlite_history_register(sqlite3 *db);

#endif							/* MIG_SQLITE_H */

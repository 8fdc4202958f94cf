/*
 * mig_sqlite.c -- the mig SQLite extension: entry point and SQL functions.
 *
 *   .load ./mig
 *   SELECT mig_register(readfile('versions/ee82dd99bfc0_add_storage_url_fields.sql'));
 *   SELECT mig_register_dir('versions');      -- every *.sql, all or nothing
 *   SELECT mig_upgrade('head');               -- or any Alembic-style target
 *   SELECT mig_downgrade('-1');
 *   SELECT mig_stamp('base');
 *   SELECT mig_current(), mig_heads();
 *   SELECT * FROM mig_history;
 *   SELECT mig_show('ee82'), mig_revision('message'), mig_merge('message');
 *   SELECT mig_sql('upgrade', 'head');        -- offline: the SQL, not run
 *
 * Functions that change the database must be called as a statement of
 * their own; each runs inside SAVEPOINT mig_call, so it commits all or
 * nothing and nests inside the caller's transaction.  All functions are
 * SQLITE_DIRECTONLY: they cannot be used from triggers, views or schema.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mig_sqlite.h"

SQLITE_EXTENSION_INIT1

/* Run one mig function through the core. */
static void
mig_sqlite_func(sqlite3_context *fctx, int argc, sqlite3_value **argv)
{
	const mig_sqlite_fn *f = sqlite3_user_data(fctx);
	mig_fn		fn = f->fn;
	mig_adapter ad;
	mig_sqlite_conn conn;
	mig_ctx    *volatile ctx;
	const char *args[4] = {NULL, NULL, NULL, NULL};
	char	   *out = NULL;
	jmp_buf		oom;
	int			i;

	mig_sqlite_adapter(&ad, &conn, sqlite3_context_db_handle(fctx), f->shared);
	ctx = mig_ctx_new(&ad);
	if (ctx == NULL)
	{
		mig_sqlite_adapter_done(&conn);
		sqlite3_result_error_nomem(fctx);
		return;
	}
	if (setjmp(oom) != 0)
	{
		/* out of memory inside the core: undo the call, free what it had */
		mig_sqlite_adapter_done(&conn);
		mig_ctx_free(ctx);
		sqlite3_result_error_nomem(fctx);
		return;
	}
	conn.oom = &oom;
	for (i = 0; i < argc && i < 4; i++)
	{
		int			n;

		args[i] = (const char *) sqlite3_value_text(argv[i]);
		n = sqlite3_value_bytes(argv[i]);
		/* C strings end at a NUL: refuse text that goes on after one
		 * rather than act on the part before it */
		if (args[i] != NULL && (int) strlen(args[i]) != n)
		{
			const char *p;
			int			line = 1;

			for (p = args[i]; *p; p++)
				line += *p == '\n';
			{
				char	   *msg = sqlite3_mprintf("%s: argument %d holds a NUL byte (line %d, "
												 "byte %d of %d): mig takes text only",
												 mig_fn_table[fn].name, i + 1, line,
												 (int) strlen(args[i]) + 1, n);

				sqlite3_result_error(fctx, msg, -1);
				sqlite3_free(msg);
			}
			mig_sqlite_adapter_done(&conn);
			mig_ctx_free(ctx);
			return;
		}
	}
	if (mig_call(ctx, fn, argc, args, &out) == MIG_OK)
	{
		if (out == NULL)
			sqlite3_result_null(fctx);
		else
			sqlite3_result_text(fctx, out, -1, SQLITE_TRANSIENT);
	}
	else
		sqlite3_result_error(fctx, mig_ctx_error(ctx), -1);
	mig_sqlite_adapter_done(&conn);
	mig_ctx_free(ctx);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

/* Read a whole file into sqlite3_malloc'd memory. */
static char *
read_file(const char *path, char **err)
{
	FILE	   *f = fopen(path, "rb");
	char	   *buf = NULL;
	size_t		len = 0,
				cap = 0;
	struct stat st;

	if (f == NULL)
	{
		*err = sqlite3_mprintf("cannot read '%s': %s", path, strerror(errno));
		return NULL;
	}
	/* room for the whole file at once (and one byte to see it ends) */
	if (fstat(fileno(f), &st) == 0 && st.st_size >= 0 && st.st_size < (1 << 30))
		cap = (size_t) st.st_size + 2;
	if (cap > 0 && (buf = sqlite3_malloc64(cap)) == NULL)
		cap = 0;
	while (1)
	{
		size_t		got;

		if (cap - len < 2)
		{
			char	   *nbuf = sqlite3_realloc64(buf, cap * 2 + 65536);

			if (nbuf == NULL)
			{
				sqlite3_free(buf);
				fclose(f);
				*err = sqlite3_mprintf("out of memory reading '%s'", path);
				return NULL;
			}
			buf = nbuf;
			cap = cap * 2 + 65536;
		}
		got = fread(buf + len, 1, cap - len - 1, f);
		len += got;
		if (got == 0)
			break;
	}
	buf[len] = '\0';
	if (ferror(f) || memchr(buf, '\0', len) != NULL)
	{
		*err = sqlite3_mprintf(ferror(f) ? "cannot read '%s'" : "'%s' is not a text file", path);
		sqlite3_free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static int
has_sql_suffix(const char *name)
{
	size_t		n = strlen(name);

	return n > 4 && strcmp(name + n - 4, ".sql") == 0 && name[0] != '.';
}

/* mig_register_dir(path): every *.sql file of a directory, by name order,
 * all or nothing. */
static void
mig_sqlite_register_dir(sqlite3_context *fctx, int argc, sqlite3_value **argv)
{
	const char *path = (const char *) sqlite3_value_text(argv[0]);
	DIR		   *dir;
	struct dirent *de;
	char	  **names = NULL;
	char	  **texts = NULL;
	int			n = 0,
				cap = 0,
				i;
	char	   *err = NULL;

	(void) argc;
	if (path == NULL)
	{
		sqlite3_result_error(fctx, "mig_register_dir: path must not be NULL", -1);
		return;
	}
	dir = opendir(path);
	if (dir == NULL)
	{
		err = sqlite3_mprintf("mig_register_dir: cannot open directory '%s': %s",
							  path, strerror(errno));
		sqlite3_result_error(fctx, err, -1);
		sqlite3_free(err);
		return;
	}
	while ((de = readdir(dir)) != NULL)
	{
		if (!has_sql_suffix(de->d_name))
			continue;
		if (n == cap)
		{
			char	  **nn = sqlite3_realloc64(names, sizeof(char *) * (size_t) (cap * 2 + 64));

			if (nn == NULL)
			{
				err = sqlite3_mprintf("out of memory listing '%s'", path);
				break;
			}
			names = nn;
			cap = cap * 2 + 64;
		}
		names[n] = sqlite3_mprintf("%s", de->d_name);
		if (names[n] == NULL)
		{
			err = sqlite3_mprintf("out of memory listing '%s'", path);
			break;
		}
		n++;
	}
	closedir(dir);
	if (n > 0 && err == NULL)
		qsort(names, (size_t) n, sizeof(char *), name_cmp);
	texts = sqlite3_malloc64(sizeof(char *) * (size_t) (n + 1));
	if (texts != NULL)
		memset(texts, 0, sizeof(char *) * (size_t) (n + 1));
	for (i = 0; texts != NULL && i < n && err == NULL; i++)
	{
		char	   *full = sqlite3_mprintf("%s/%s", path, names[i]);

		texts[i] = read_file(full, &err);
		sqlite3_free(full);
	}
	if (texts == NULL)
		sqlite3_result_error_nomem(fctx);
	else if (err != NULL)
	{
		char	   *msg = sqlite3_mprintf("mig_register_dir: %s", err);

		sqlite3_result_error(fctx, msg, -1);
		sqlite3_free(msg);
	}
	else
	{
		mig_adapter ad;
		mig_sqlite_conn conn;
		mig_ctx    *volatile ctx;
		long		count = 0;
		jmp_buf		oom;

		mig_sqlite_adapter(&ad, &conn, sqlite3_context_db_handle(fctx),
						   sqlite3_user_data(fctx));
		ctx = mig_ctx_new(&ad);
		if (ctx != NULL && setjmp(oom) != 0)
		{
			mig_sqlite_adapter_done(&conn);
			mig_ctx_free(ctx);
			ctx = NULL;
		}
		else if (ctx != NULL)
			conn.oom = &oom;
		if (ctx == NULL)
			sqlite3_result_error_nomem(fctx);
		else if (mig_register_many(ctx, n, (const char *const *) names,
								   (const char *const *) texts, &count) == MIG_OK)
			sqlite3_result_int64(fctx, count);
		else
		{
			char	   *msg = sqlite3_mprintf("mig_register_dir: %s", mig_ctx_error(ctx));

			sqlite3_result_error(fctx, msg, -1);
			sqlite3_free(msg);
		}
		mig_sqlite_adapter_done(&conn);
		mig_ctx_free(ctx);
	}
	sqlite3_free(err);
	for (i = 0; i < n; i++)
	{
		sqlite3_free(names[i]);
		if (texts != NULL)
			sqlite3_free(texts[i]);
	}
	sqlite3_free(names);
	sqlite3_free(texts);
}

/* The destructor of a function's registration (its user data is one
 * entry of the shared state's fns). */
static void
fn_unref(void *fn)
{
	mig_sqlite_shared_unref(((mig_sqlite_fn *) fn)->shared);
}

/* Exported even when built with -fvisibility=hidden. */
__attribute__((visibility("default"))) int
sqlite3_mig_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi)
{
	int			rc = SQLITE_OK;
	int			i;
	const int	flags = SQLITE_UTF8 | SQLITE_DIRECTONLY;
	mig_sqlite_shared *sh;

	SQLITE_EXTENSION_INIT2(pApi);
	(void) pzErrMsg;
	/* the connection's functions share one revision graph cache; each
	 * registration holds a reference, the last one frees it */
	sh = mig_sqlite_shared_new();
	if (sh == NULL)
		return SQLITE_NOMEM;
	sh->refs = 1;				/* ours, until every registration is made */
	for (i = 0; i < MIG_FN__COUNT && rc == SQLITE_OK; i++)
	{
		const mig_fn_info *info = &mig_fn_table[i];
		int			nargs;

		sh->fns[i].fn = (mig_fn) i;
		sh->fns[i].shared = sh;
		/* one registration per arity, so SQLite itself rejects others */
		for (nargs = info->min_args; nargs <= info->max_args && rc == SQLITE_OK; nargs++)
		{
			sh->refs++;
			rc = sqlite3_create_function_v2(db, info->name, nargs, flags, &sh->fns[i],
											mig_sqlite_func, NULL, NULL, fn_unref);
		}
	}
	if (rc == SQLITE_OK)
	{
		sh->refs++;
		rc = sqlite3_create_function_v2(db, "mig_register_dir", 1, flags, sh,
										mig_sqlite_register_dir, NULL, NULL,
										mig_sqlite_shared_unref);
	}
	if (rc == SQLITE_OK)
		rc = mig_sqlite_history_register(db, sh);
	mig_sqlite_shared_unref(sh);
	return rc;
}

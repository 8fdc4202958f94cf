/*
 * history.c -- mig_history, an eponymous-only virtual table:
 *
 *   SELECT * FROM mig_history;
 *
 * One row per registered revision, newest first: revision, down_revision,
 * branch_labels, message, is_head, is_applied, applied_at, database.  The rows are
 * computed by the core when the scan starts.
 */
#include <string.h>

#include "mig_sqlite.h"

SQLITE_EXTENSION_INIT3

typedef struct hist_cursor
{
	sqlite3_vtab_cursor base;
	sqlite3    *db;
	mig_ctx    *ctx;			/* owns the row strings */
	mig_sqlite_conn conn;
	mig_adapter ad;
	mig_history_row *rows;
	int			n;
	int			cap;
	int			pos;
} hist_cursor;

typedef struct hist_vtab
{
	sqlite3_vtab base;
	sqlite3    *db;
} hist_vtab;

static int
hist_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
			 sqlite3_vtab **out, char **err)
{
	hist_vtab  *v;
	int			rc;

	(void) aux;
	(void) argc;
	(void) argv;
	(void) err;
	rc = sqlite3_declare_vtab(db, "CREATE TABLE x(revision TEXT, down_revision TEXT, "
							  "branch_labels TEXT, message TEXT, is_head INTEGER, "
							  "is_applied INTEGER, applied_at TEXT, database TEXT)");
	if (rc != SQLITE_OK)
		return rc;
	v = sqlite3_malloc(sizeof(*v));
	if (v == NULL)
		return SQLITE_NOMEM;
	memset(v, 0, sizeof(*v));
	v->db = db;
	*out = &v->base;
	return SQLITE_OK;
}

static int
hist_disconnect(sqlite3_vtab *vt)
{
	sqlite3_free(vt);
	return SQLITE_OK;
}

static int
hist_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **out)
{
	hist_cursor *c = sqlite3_malloc(sizeof(*c));

	if (c == NULL)
		return SQLITE_NOMEM;
	memset(c, 0, sizeof(*c));
	c->db = ((hist_vtab *) vt)->db;
	*out = &c->base;
	return SQLITE_OK;
}

static void
hist_reset(hist_cursor *c)
{
	if (c->ctx != NULL)
	{
		mig_sqlite_adapter_done(&c->conn);
		mig_ctx_free(c->ctx);
		c->ctx = NULL;
	}
	sqlite3_free(c->rows);
	c->rows = NULL;
	c->n = c->cap = c->pos = 0;
}

static int
hist_close(sqlite3_vtab_cursor *cur)
{
	hist_reset((hist_cursor *) cur);
	sqlite3_free(cur);
	return SQLITE_OK;
}

static int
hist_collect(void *arg, const mig_history_row *row)
{
	hist_cursor *c = arg;

	if (c->n == c->cap)
	{
		int			ncap = c->cap ? c->cap * 2 : 64;
		mig_history_row *nr = sqlite3_realloc64(c->rows, sizeof(*nr) * (size_t) ncap);

		if (nr == NULL)
			return 1;
		c->rows = nr;
		c->cap = ncap;
	}
	c->rows[c->n++] = *row;
	return 0;
}

static int
hist_filter(sqlite3_vtab_cursor *cur, int idx, const char *idxstr,
			int argc, sqlite3_value **argv)
{
	hist_cursor *c = (hist_cursor *) cur;
	jmp_buf		oom;

	(void) idx;
	(void) idxstr;
	(void) argc;
	(void) argv;
	hist_reset(c);
	/* no graph cache: the rows point into the graph until the cursor
	 * closes, and other calls may run meanwhile */
	mig_sqlite_adapter(&c->ad, &c->conn, c->db, NULL);
	c->ctx = mig_ctx_new(&c->ad);
	if (c->ctx == NULL)
		return SQLITE_NOMEM;
	if (setjmp(oom) != 0)
	{
		hist_reset(c);
		return SQLITE_NOMEM;
	}
	c->conn.oom = &oom;
	if (mig_history(c->ctx, hist_collect, c) != MIG_OK)
	{
		sqlite3_free(cur->pVtab->zErrMsg);
		cur->pVtab->zErrMsg = sqlite3_mprintf("%s", mig_ctx_error(c->ctx));
		c->conn.oom = NULL;
		return SQLITE_ERROR;
	}
	/* the rows live on in the context: no more unwinding to this frame */
	c->conn.oom = NULL;
	return SQLITE_OK;
}

static int
hist_next(sqlite3_vtab_cursor *cur)
{
	((hist_cursor *) cur)->pos++;
	return SQLITE_OK;
}

static int
hist_eof(sqlite3_vtab_cursor *cur)
{
	hist_cursor *c = (hist_cursor *) cur;

	return c->pos >= c->n;
}

static void
result_text(sqlite3_context *ctx, const char *s)
{
	if (s == NULL)
		sqlite3_result_null(ctx);
	else
		sqlite3_result_text(ctx, s, -1, SQLITE_TRANSIENT);
}

static int
hist_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
	hist_cursor *c = (hist_cursor *) cur;
	const mig_history_row *r = &c->rows[c->pos];

	switch (col)
	{
		case 0:
			result_text(ctx, r->revision);
			break;
		case 1:
			result_text(ctx, r->down_revision);
			break;
		case 2:
			result_text(ctx, r->branch_labels);
			break;
		case 3:
			result_text(ctx, r->message);
			break;
		case 4:
			sqlite3_result_int(ctx, r->is_head);
			break;
		case 5:
			sqlite3_result_int(ctx, r->is_applied);
			break;
		case 6:
			result_text(ctx, r->applied_at);
			break;
		default:
			result_text(ctx, r->database);
			break;
	}
	return SQLITE_OK;
}

static int
hist_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
	*rowid = ((hist_cursor *) cur)->pos + 1;
	return SQLITE_OK;
}

static int
hist_best_index(sqlite3_vtab *vt, sqlite3_index_info *info)
{
	(void) vt;
	info->estimatedCost = 1000;
	info->estimatedRows = 1000;
	return SQLITE_OK;
}

/* The 3.40 shape of sqlite3_module: it ends at xShadowName. */
static sqlite3_module hist_module = {
	0,							/* iVersion */
	0,							/* xCreate: eponymous-only */
	hist_connect,
	hist_best_index,
	hist_disconnect,
	0,							/* xDestroy */
	hist_open,
	hist_close,
	hist_filter,
	hist_next,
	hist_eof,
	hist_column,
	hist_rowid,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0	/* xUpdate .. xShadowName */
};

int
mig_sqlite_history_register(sqlite3 *db)
{
	return sqlite3_create_module(db, "mig_history", &hist_module, NULL);
}

/*
 * history.c -- mig_history, an eponymous-only virtual table:
 *
 *   SELECT * FROM mig_history;
 *
 * One row per registered revision, newest first: revision, down_revision,
 * branch_labels, message, is_head, is_applied, applied_at, database.  The rows are
 * computed by the core when the scan starts, from the connection's kept
 * revision graph (docs/functions.md, "Speed"), and copied: other calls may
 * replace that graph while the scan goes on.
 */
#include <string.h>

#include "mig_sqlite.h"

SQLITE_EXTENSION_INIT3

/* The rows' text, in blocks the cursor owns. */
typedef struct hist_block
{
	struct hist_block *next;
	size_t		used;
	size_t		size;
	char		data[];
} hist_block;

typedef struct hist_cursor
{
	sqlite3_vtab_cursor base;
	sqlite3    *db;
	mig_sqlite_shared *shared;	/* the connection's graph cache */
	mig_ctx    *ctx;			/* while the rows are computed */
	mig_sqlite_conn conn;
	mig_adapter ad;
	mig_history_row *rows;
	hist_block *text;
	int			nomem;
	int			n;
	int			cap;
	int			pos;
} hist_cursor;

typedef struct hist_vtab
{
	sqlite3_vtab base;
	sqlite3    *db;
	mig_sqlite_shared *shared;
} hist_vtab;

static int
hist_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
			 sqlite3_vtab **out, char **err)
{
	hist_vtab  *v;
	int			rc;

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
	v->shared = aux;
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
	c->shared = ((hist_vtab *) vt)->shared;
	*out = &c->base;
	return SQLITE_OK;
}

/* The core's part of a scan: done once the rows are copied. */
static void
hist_call_done(hist_cursor *c)
{
	if (c->ctx != NULL)
	{
		mig_sqlite_adapter_done(&c->conn);
		mig_ctx_free(c->ctx);
		c->ctx = NULL;
	}
}

static void
hist_reset(hist_cursor *c)
{
	hist_call_done(c);
	while (c->text != NULL)
	{
		hist_block *next = c->text->next;

		sqlite3_free(c->text);
		c->text = next;
	}
	sqlite3_free(c->rows);
	c->rows = NULL;
	c->nomem = 0;
	c->n = c->cap = c->pos = 0;
}

static int
hist_close(sqlite3_vtab_cursor *cur)
{
	hist_reset((hist_cursor *) cur);
	sqlite3_free(cur);
	return SQLITE_OK;
}

/* A copy of s that lives as long as the cursor's rows. */
static const char *
hist_keep(hist_cursor *c, const char *s)
{
	hist_block *b = c->text;
	size_t		n;

	if (s == NULL)
		return NULL;
	n = strlen(s) + 1;
	if (b == NULL || b->size - b->used < n)
	{
		size_t		size = n > 65536 ? n : 65536;

		b = sqlite3_malloc64(sizeof(hist_block) + size);
		if (b == NULL)
		{
			c->nomem = 1;
			return NULL;
		}
		b->next = c->text;
		b->used = 0;
		b->size = size;
		c->text = b;
	}
	memcpy(b->data + b->used, s, n);
	b->used += n;
	return b->data + b->used - n;
}

static int
hist_collect(void *arg, const mig_history_row *row)
{
	hist_cursor *c = arg;
	mig_history_row r = *row;

	if (c->n == c->cap)
	{
		int			ncap = c->cap ? c->cap * 2 : 64;
		mig_history_row *nr = sqlite3_realloc64(c->rows, sizeof(*nr) * (size_t) ncap);

		if (nr == NULL)
		{
			c->nomem = 1;
			return 1;
		}
		c->rows = nr;
		c->cap = ncap;
	}
	r.revision = hist_keep(c, row->revision);
	r.down_revision = hist_keep(c, row->down_revision);
	r.branch_labels = hist_keep(c, row->branch_labels);
	r.message = hist_keep(c, row->message);
	r.applied_at = hist_keep(c, row->applied_at);
	r.database = hist_keep(c, row->database);
	if (c->nomem)
		return 1;
	c->rows[c->n++] = r;
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
	mig_sqlite_adapter(&c->ad, &c->conn, c->db, c->shared);
	c->ctx = mig_ctx_new(&c->ad);
	if (c->ctx == NULL)
	{
		mig_sqlite_adapter_done(&c->conn);
		return SQLITE_NOMEM;
	}
	if (setjmp(oom) != 0)
	{
		hist_reset(c);
		return SQLITE_NOMEM;
	}
	c->conn.oom = &oom;
	if (mig_history(c->ctx, hist_collect, c) != MIG_OK)
	{
		sqlite3_free(cur->pVtab->zErrMsg);
		cur->pVtab->zErrMsg = c->nomem ? NULL : sqlite3_mprintf("%s", mig_ctx_error(c->ctx));
		c->conn.oom = NULL;
		hist_reset(c);
		return c->nomem ? SQLITE_NOMEM : SQLITE_ERROR;
	}
	/* the rows are the cursor's own: the call, and the cache, are free
	 * for others while the scan goes on */
	c->conn.oom = NULL;
	hist_call_done(c);
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
mig_sqlite_history_register(sqlite3 *db, mig_sqlite_shared *shared)
{
	shared->refs++;
	return sqlite3_create_module_v2(db, "mig_history", &hist_module, shared,
									mig_sqlite_shared_unref);
}

/*
 * schema.c -- a database's tables, constraints, indexes, views and
 * triggers, read from the engine's catalog into one model that the diff
 * (diff.c) compares.
 *
 * Both sides of a comparison are read by the same engine, so each value
 * is kept as that engine shows it; only what one engine lets users write
 * in several ways is normalised before comparing (SQLite keeps the text
 * as written: case, spacing and quoting of names differ; a constraint
 * may be written on the column or on the table).
 */
#include <stdlib.h>
#include <string.h>

#include "mig_core.h"

/* ---- building the model ---- */

static void *
grow(mig_ctx *ctx, void *v, int n, int *cap, size_t size)
{
	int			ncap;

	if (n < *cap)
		return v;
	ncap = *cap ? *cap * 2 : 8;
	v = mig_realloc(ctx, v, size * (size_t) *cap, size * (size_t) ncap);
	*cap = ncap;
	return v;
}

static mig_stable *
add_table(mig_ctx *ctx, mig_schema *s, const char *name)
{
	mig_stable *t;

	s->tables = grow(ctx, s->tables, s->ntables, &s->captables, sizeof(mig_stable));
	t = &s->tables[s->ntables++];
	memset(t, 0, sizeof(*t));
	t->name = mig_strdup(ctx, name);
	t->options = "";
	return t;
}

static mig_scol *
add_col(mig_ctx *ctx, mig_stable *t)
{
	mig_scol   *c;

	t->cols = grow(ctx, t->cols, t->ncols, &t->capcols, sizeof(mig_scol));
	c = &t->cols[t->ncols++];
	memset(c, 0, sizeof(*c));
	return c;
}

static void
add_cons(mig_ctx *ctx, mig_engine engine, mig_stable *t, char kind,
		 const char *name, const char *def, const char *ref)
{
	mig_scons  *k;
	char	   *key = mig_sql_normalize(ctx, engine, def);
	size_t		len = strlen(key);

	/* NOT VALID says how it was added, not what it is */
	if (len > 10 && strcmp(key + len - 10, " NOT VALID") == 0)
		key[len - 10] = '\0';
	t->cons = grow(ctx, t->cons, t->ncons, &t->capcons, sizeof(mig_scons));
	k = &t->cons[t->ncons++];
	k->kind = kind;
	k->name = mig_strdup(ctx, name);
	k->def = mig_strdup(ctx, def);
	k->key = key;
	k->ref = ref ? mig_strdup(ctx, ref) : NULL;
}

static void
add_obj(mig_ctx *ctx, mig_schema *s, char kind, const char *name,
		const char *table, const char *sql, const char *key)
{
	mig_sobj   *o;

	s->objs = grow(ctx, s->objs, s->nobjs, &s->capobjs, sizeof(mig_sobj));
	o = &s->objs[s->nobjs++];
	o->kind = kind;
	o->name = mig_strdup(ctx, name);
	o->table = table ? mig_strdup(ctx, table) : NULL;
	o->sql = mig_strdup(ctx, sql);
	o->key = mig_strdup(ctx, key);
}

int
mig_schema_names_eq(const mig_schema *s, const char *a, const char *b)
{
	return s->engine == MIG_ENGINE_SQLITE ? mig_name_eq(a, b) : strcmp(a, b) == 0;
}

mig_stable *
mig_schema_table(const mig_schema *s, const char *name)
{
	int			i;

	for (i = 0; i < s->ntables; i++)
		if (mig_schema_names_eq(s, s->tables[i].name, name))
			return &s->tables[i];
	return NULL;
}

char *
mig_sql_normalize(mig_ctx *ctx, mig_engine engine, const char *sql)
{
	mig_toks	t;
	mig_buf		b;
	int			i;

	mig_tokenize(ctx, engine, sql, &t);
	/* at most one space per token more than the text */
	b.ctx = ctx;
	b.len = 0;
	b.cap = strlen(sql) + (size_t) t.n + 1;
	b.data = mig_alloc(ctx, b.cap);
	for (i = 0; i < t.n; i++)
	{
		const mig_tok *k = &t.v[i];
		char	   *p;

		if (k->kind == MIG_TOK_SEMI)
			continue;
		if (b.len)
			mig_buf_add(&b, " ", 1);
		if (k->kind == MIG_TOK_WORD ||
			(k->kind == MIG_TOK_IDENT && engine == MIG_ENGINE_SQLITE))
		{
			/* a name or keyword, the same whatever its case or quotes */
			p = k->kind == MIG_TOK_IDENT ? mig_tok_name(&t, i) : mig_tok_text(&t, i, i);
			if (engine == MIG_ENGINE_SQLITE || k->kind == MIG_TOK_WORD)
			{
				char	   *q;

				for (q = p; *q; q++)
					if (*q >= 'a' && *q <= 'z')
						*q = (char) (*q - 'a' + 'A');
			}
			mig_buf_puts(&b, p);
		}
		else
			mig_buf_add(&b, sql + k->start, k->len);
	}
	return b.data;
}

/* ---- SQLite: sqlite_schema and the CREATE TABLE text ---- */

typedef struct sq_row
{
	char	   *type;
	char	   *name;
	char	   *tbl;
	char	   *sql;
} sq_row;

typedef struct sq_rows
{
	mig_ctx    *ctx;
	sq_row	   *v;
	int			n;
	int			cap;
} sq_rows;

static int
sq_row_fn(void *arg, int ncol, const char *const *v)
{
	sq_rows    *r = arg;
	sq_row	   *o;

	if (ncol < 4)
		return 1;
	r->v = grow(r->ctx, r->v, r->n, &r->cap, sizeof(sq_row));
	o = &r->v[r->n++];
	o->type = mig_strdup(r->ctx, v[0] ? v[0] : "");
	o->name = mig_strdup(r->ctx, v[1] ? v[1] : "");
	o->tbl = mig_strdup(r->ctx, v[2] ? v[2] : "");
	o->sql = mig_strdup(r->ctx, v[3] ? v[3] : "");
	return 0;
}

/* mig's own tables are not part of the application's schema. */
static int
is_state_table(const char *name)
{
	return mig_name_eq(name, "alembic_version") || mig_name_eq(name, "mig_revision") ||
		mig_name_eq(name, "mig_log") || mig_name_eq(name, "mig_snapshot");
}

/* The referenced table of a REFERENCES clause (body starts with it). */
static char *
references_table(mig_ctx *ctx, const char *body)
{
	mig_toks	t;
	int			i;

	mig_tokenize(ctx, MIG_ENGINE_SQLITE, body, &t);
	for (i = 0; i + 1 < t.n; i++)
		if (mig_tok_is(&t, i, "REFERENCES") && mig_tok_is_name(&t, i + 1))
			return mig_tok_name(&t, i + 1);
	return NULL;
}

static char
sq_cons_kind(mig_cons_kind k)
{
	return k == MIG_CONS_PRIMARY ? 'p' : k == MIG_CONS_UNIQUE ? 'u' :
		k == MIG_CONS_CHECK ? 'c' : k == MIG_CONS_REFERENCES ? 'f' : 0;
}

/* A column constraint as the table constraint it amounts to. */
static char *
lift_cons(mig_ctx *ctx, const mig_column *col, const mig_cons *k)
{
	mig_buf		b;

	mig_buf_init(&b, ctx);
	switch (k->kind)
	{
		case MIG_CONS_PRIMARY:
		case MIG_CONS_UNIQUE:
			{
				/* what follows the keywords: ASC/DESC goes with the column,
				 * ON CONFLICT stays, AUTOINCREMENT is a table option */
				mig_toks	t;
				int			i = k->kind == MIG_CONS_PRIMARY ? 2 : 1;
				const char *order = "";

				mig_tokenize(ctx, MIG_ENGINE_SQLITE, k->body, &t);
				if (mig_tok_is(&t, i, "ASC") || mig_tok_is(&t, i, "DESC"))
					order = mig_tok_is(&t, i++, "ASC") ? " ASC" : " DESC";
				mig_buf_puts(&b, k->kind == MIG_CONS_PRIMARY ? "PRIMARY KEY (" : "UNIQUE (");
				mig_buf_ident(&b, col->name);
				mig_buf_printf(&b, "%s)", order);
				for (; i < t.n; i++)
					if (!mig_tok_is(&t, i, "AUTOINCREMENT"))
						mig_buf_printf(&b, " %s", mig_tok_text(&t, i, i));
				break;
			}
		case MIG_CONS_REFERENCES:
			mig_buf_puts(&b, "FOREIGN KEY (");
			mig_buf_ident(&b, col->name);
			mig_buf_puts(&b, ") ");
			mig_buf_puts(&b, k->body);
			break;
		default:
			mig_buf_puts(&b, k->body);
	}
	return b.data;
}

/* The text after a constraint's keyword ("DEFAULT 0" -> "0"). */
static char *
after_keyword(mig_ctx *ctx, const char *body)
{
	const char *p = body;

	while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '(' && *p != '\'' &&
		   *p != '-' && *p != '+')
		p++;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return mig_strdup(ctx, p);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

/* "STRICT, WITHOUT ROWID" and "WITHOUT ROWID, STRICT" are one set. */
static char *
options_set(mig_ctx *ctx, const char *options)
{
	char	  **items;
	int			n,
				i;
	mig_buf		b;

	mig_split_list(ctx, options, &items, &n);
	for (i = 0; i < n; i++)
		items[i] = mig_sql_normalize(ctx, MIG_ENGINE_SQLITE, items[i]);
	qsort(items, (size_t) n, sizeof(char *), cmp_str);
	mig_buf_init(&b, ctx);
	for (i = 0; i < n; i++)
		mig_buf_printf(&b, "%s%s", i ? ", " : "", items[i]);
	return b.data;
}

static int
sq_table(mig_ctx *ctx, mig_schema *s, const sq_row *r)
{
	mig_table	m;
	mig_stable *t;
	mig_buf		opts;
	int			i,
				k;

	if (mig_table_parse(ctx, r->sql, &m))
		return MIG_ERROR;
	t = add_table(ctx, s, r->name);
	t->sql = r->sql;
	mig_buf_init(&opts, ctx);
	if (m.options && *m.options)
		mig_buf_puts(&opts, options_set(ctx, m.options));
	for (i = 0; i < m.ncols; i++)
	{
		const mig_column *mc = &m.cols[i];
		mig_scol   *c = add_col(ctx, t);
		mig_buf		extra;

		mig_buf_init(&extra, ctx);
		c->name = mc->name;
		c->type = mc->type;
		for (k = 0; k < mc->ncons; k++)
		{
			const mig_cons *kc = &mc->cons[k];
			char		kind = sq_cons_kind(kc->kind);

			if (kc->kind == MIG_CONS_NOTNULL)
				c->notnull = 1;
			else if (kc->kind == MIG_CONS_DEFAULT)
				c->dflt = after_keyword(ctx, kc->body);
			else if (kc->kind == MIG_CONS_COLLATE || kc->kind == MIG_CONS_GENERATED)
			{
				if (extra.len)
					mig_buf_puts(&extra, " ");
				mig_buf_puts(&extra, kc->body);
			}
			else if (kind)
			{
				if (kc->kind == MIG_CONS_PRIMARY && mig_text_mentions(ctx, kc->body, "AUTOINCREMENT"))
					mig_buf_puts(&opts, opts.len ? " AUTOINCREMENT" : "AUTOINCREMENT");
				add_cons(ctx, MIG_ENGINE_SQLITE, t, kind, mig_cons_name_at(ctx, &m, r->name, i, k),
						 lift_cons(ctx, mc, kc),
						 kind == 'f' ? references_table(ctx, kc->body) : NULL);
			}
		}
		c->extra = extra.len ? extra.data : NULL;
	}
	for (k = 0; k < m.ncons; k++)
	{
		const mig_cons *kc = &m.cons[k];
		char		kind = sq_cons_kind(kc->kind);

		if (!kind)
			continue;
		add_cons(ctx, MIG_ENGINE_SQLITE, t, kind, mig_cons_name_at(ctx, &m, r->name, -1, k),
				 kc->body, kind == 'f' ? references_table(ctx, kc->body) : NULL);
	}
	t->options = opts.data;
	return MIG_OK;
}

int
mig_schema_add_sqlite(mig_ctx *ctx, mig_schema *s, const char *type, const char *name,
					  const char *tbl, const char *sql)
{
	sq_row		r;

	s->engine = MIG_ENGINE_SQLITE;
	if (is_state_table(tbl) || strncmp(name, "sqlite_", 7) == 0)
		return MIG_OK;
	r.type = (char *) type;
	r.name = (char *) name;
	r.tbl = (char *) tbl;
	r.sql = mig_strdup(ctx, sql);
	if (strcmp(type, "table") == 0)
	{
		if (strncmp(mig_sql_normalize(ctx, MIG_ENGINE_SQLITE, sql), "CREATE VIRTUAL", 14) == 0)
			return MIG_OK;		/* a virtual table: not ours to diff */
		return sq_table(ctx, s, &r);
	}
	add_obj(ctx, s, type[0] == 'i' ? 'i' : type[0] == 'v' ? 'v' : 't', name,
			type[0] == 'v' ? NULL : tbl, sql, mig_sql_normalize(ctx, MIG_ENGINE_SQLITE, sql));
	return MIG_OK;
}

static int
sq_load(mig_run *run, mig_schema *s)
{
	sq_rows		rows;
	int			i;

	memset(&rows, 0, sizeof(rows));
	rows.ctx = run->ctx;
	/* virtual tables and their shadow tables (FTS5, R*Tree) are the
	 * module's business, not the schema's */
	if (mig_run_sql(run, "SELECT type, name, tbl_name, sql FROM main.sqlite_schema "
					"WHERE sql IS NOT NULL AND tbl_name NOT IN (SELECT name FROM "
					"pragma_table_list WHERE schema = 'main' AND type IN ('virtual', 'shadow')) "
					"ORDER BY rowid", 0, NULL, sq_row_fn, &rows))
		return MIG_ERROR;
	for (i = 0; i < rows.n; i++)
		if (mig_schema_add_sqlite(run->ctx, s, rows.v[i].type, rows.v[i].name,
								  rows.v[i].tbl, rows.v[i].sql))
			return MIG_ERROR;
	return MIG_OK;
}

/* ---- PostgreSQL: the catalog of the current schema ---- */

/* The application's relations: in the current schema, not an extension's,
 * not a partition, not mig's own state ($1 is the state schema). */
#define PG_REL_FILTER \
	"c.relnamespace = (SELECT n.oid FROM pg_catalog.pg_namespace n " \
	"  WHERE n.nspname = pg_catalog.current_schema()) " \
	"AND NOT c.relispartition " \
	"AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d " \
	"  WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass " \
	"    AND d.objid = c.oid AND d.deptype = 'e') " \
	"AND NOT (pg_catalog.current_schema()::text = $1 " \
	"  AND c.relname IN ('alembic_version', 'mig_revision', 'mig_log', 'mig_snapshot')) "

typedef struct pg_load
{
	mig_ctx    *ctx;
	mig_schema *s;
	mig_stable *last;			/* the table of the previous row */
} pg_load;

static mig_stable *
pg_table_of(pg_load *l, const char *name)
{
	if (l->last == NULL || strcmp(l->last->name, name) != 0)
		l->last = mig_schema_table(l->s, name);
	return l->last;
}

static int
pg_table_row(void *arg, int ncol, const char *const *v)
{
	pg_load    *l = arg;

	mig_stable *t;

	if (ncol < 2 || v[0] == NULL)
		return 1;
	t = add_table(l->ctx, l->s, v[0]);
	if (v[1] != NULL)
		t->options = mig_strdup(l->ctx, v[1]);
	return 0;
}

static int
pg_col_row(void *arg, int ncol, const char *const *v)
{
	pg_load    *l = arg;
	mig_stable *t;
	mig_scol   *c;

	if (ncol < 6)
		return 1;
	t = pg_table_of(l, v[0]);
	if (t == NULL)
		return 0;
	c = add_col(l->ctx, t);
	c->name = mig_strdup(l->ctx, v[1]);
	c->type = mig_strdup(l->ctx, v[2]);
	c->notnull = v[3] && v[3][0] == '1';
	c->dflt = v[4] ? mig_strdup(l->ctx, v[4]) : NULL;
	c->extra = v[5] ? mig_strdup(l->ctx, v[5]) : NULL;
	return 0;
}

static int
pg_cons_row(void *arg, int ncol, const char *const *v)
{
	pg_load    *l = arg;
	mig_stable *t;

	if (ncol < 5)
		return 1;
	t = pg_table_of(l, v[0]);
	if (t != NULL)
		add_cons(l->ctx, MIG_ENGINE_POSTGRESQL, t, v[2][0], v[1], v[3], v[4]);
	return 0;
}

/* An index: "CREATE [UNIQUE] INDEX name ON schema.table USING am (...)"
 * made portable: no schema, and USING only when not btree. */
static int
pg_index_row(void *arg, int ncol, const char *const *v)
{
	pg_load    *l = arg;
	const char *def,
			   *qtable,
			   *rest;
	char	   *on;
	int			unique;
	mig_buf		b;

	if (ncol < 4)
		return 1;
	def = v[2];
	qtable = v[3];
	unique = strncmp(def, "CREATE UNIQUE ", 14) == 0;
	on = mig_printf(l->ctx, " %s USING ", qtable);
	rest = strstr(def, on);
	if (rest == NULL)
		return 1;
	rest += strlen(on);
	mig_buf_init(&b, l->ctx);
	mig_buf_puts(&b, unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
	mig_buf_ident(&b, v[1]);
	mig_buf_puts(&b, " ON ");
	mig_buf_ident(&b, v[0]);
	if (strncmp(rest, "btree ", 6) == 0)
		mig_buf_printf(&b, " %s", rest + 6);
	else
		mig_buf_printf(&b, " USING %s", rest);
	add_obj(l->ctx, l->s, 'i', v[1], v[0], b.data,
			mig_printf(l->ctx, "%sON %s USING %s", unique ? "UNIQUE " : "", v[0], rest));
	return 0;
}

static int
pg_view_row(void *arg, int ncol, const char *const *v)
{
	pg_load    *l = arg;
	char	   *def;
	size_t		n;
	mig_buf		b;

	if (ncol < 2)
		return 1;
	def = mig_strdup(l->ctx, v[1]);
	n = strlen(def);
	while (n > 0 && (def[n - 1] == ';' || def[n - 1] == ' ' || def[n - 1] == '\n'))
		def[--n] = '\0';
	mig_buf_init(&b, l->ctx);
	mig_buf_puts(&b, "CREATE VIEW ");
	mig_buf_ident(&b, v[0]);
	mig_buf_printf(&b, " AS\n%s", def);
	add_obj(l->ctx, l->s, 'v', v[0], NULL, b.data,
			mig_sql_normalize(l->ctx, MIG_ENGINE_POSTGRESQL, def));
	return 0;
}

static int
pg_load_schema(mig_run *run, mig_schema *s)
{
	pg_load		l;
	const char *p[1];

	memset(&l, 0, sizeof(l));
	l.ctx = run->ctx;
	l.s = s;
	p[0] = run->ad->state_schema;
	/* what follows the column list: INHERITS, PARTITION BY, WITH (...) */
	if (mig_run_sql(run, "SELECT c.relname, pg_catalog.concat_ws(' ', "
					"  (SELECT 'INHERITS (' || pg_catalog.string_agg(pg_catalog.quote_ident(p.relname), "
					"     ', ' ORDER BY i.inhseqno) || ')' FROM pg_catalog.pg_inherits i "
					"     JOIN pg_catalog.pg_class p ON p.oid = i.inhparent WHERE i.inhrelid = c.oid), "
					"  CASE WHEN c.relkind = 'p' THEN 'PARTITION BY ' || "
					"     pg_catalog.pg_get_partkeydef(c.oid) END, "
					"  CASE WHEN c.reloptions IS NOT NULL THEN 'WITH (' || "
					"     pg_catalog.array_to_string(c.reloptions, ', ') || ')' END) "
					"FROM pg_catalog.pg_class c WHERE "
					PG_REL_FILTER "AND c.relkind IN ('r', 'p') "
					"ORDER BY c.relname COLLATE \"C\"", 1, p, pg_table_row, &l))
		return MIG_ERROR;
	if (mig_run_sql(run,
					"SELECT c.relname, a.attname, "
					"  CASE WHEN serial THEN CASE a.atttypid WHEN 20 THEN 'bigserial' "
					"    WHEN 21 THEN 'smallserial' ELSE 'serial' END "
					"  ELSE pg_catalog.format_type(a.atttypid, a.atttypmod) END, "
					"  CASE WHEN a.attnotnull THEN '1' ELSE '0' END, "
					"  CASE WHEN NOT serial AND a.attgenerated = '' "
					"    THEN pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) END, "
					"  NULLIF(pg_catalog.concat_ws(' ', "
					"    CASE WHEN a.attcollation <> 0 AND a.attcollation <> ty.typcollation "
					"      THEN 'COLLATE ' || pg_catalog.quote_ident(co.collname) END, "
					"    CASE a.attidentity WHEN 'a' THEN 'GENERATED ALWAYS AS IDENTITY' "
					"      WHEN 'd' THEN 'GENERATED BY DEFAULT AS IDENTITY' END, "
					"    CASE WHEN a.attgenerated = 's' THEN 'GENERATED ALWAYS AS (' || "
					"      pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) || ') STORED' END), '') "
					"FROM pg_catalog.pg_class c "
					"JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid "
					"JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid "
					"LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = c.oid AND ad.adnum = a.attnum "
					"LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation "
					"CROSS JOIN LATERAL (SELECT a.attidentity = '' AND a.atttypid IN (20, 21, 23) "
					"  AND pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) LIKE 'nextval(%' "
					"  AND pg_catalog.pg_get_serial_sequence(pg_catalog.quote_ident(c.relname), "
					"    a.attname) IS NOT NULL AS serial) sr "
					"WHERE " PG_REL_FILTER "AND c.relkind IN ('r', 'p') "
					"  AND a.attnum > 0 AND NOT a.attisdropped "
					"ORDER BY c.relname COLLATE \"C\", a.attnum", 1, p, pg_col_row, &l))
		return MIG_ERROR;
	if (mig_run_sql(run,
					"SELECT c.relname, k.conname, k.contype::text, "
					"  pg_catalog.pg_get_constraintdef(k.oid), r.relname "
					"FROM pg_catalog.pg_constraint k "
					"JOIN pg_catalog.pg_class c ON c.oid = k.conrelid "
					"LEFT JOIN pg_catalog.pg_class r ON r.oid = k.confrelid "
					"WHERE " PG_REL_FILTER "AND k.contype IN ('p', 'u', 'c', 'f', 'x') "
					"ORDER BY c.relname COLLATE \"C\", "
					"  pg_catalog.strpos('pucxf', k.contype::text), k.conname COLLATE \"C\"",
					1, p, pg_cons_row, &l))
		return MIG_ERROR;
	if (mig_run_sql(run,
					"SELECT c.relname, i.relname, pg_catalog.pg_get_indexdef(x.indexrelid), "
					"  pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname) "
					"FROM pg_catalog.pg_index x "
					"JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid "
					"JOIN pg_catalog.pg_class c ON c.oid = x.indrelid "
					"JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
					"WHERE " PG_REL_FILTER "AND c.relkind IN ('r', 'p') "
					"  AND NOT EXISTS (SELECT FROM pg_catalog.pg_constraint k "
					"    WHERE k.conindid = x.indexrelid AND k.conrelid = x.indrelid "
					"      AND k.contype IN ('p', 'u', 'x')) "
					"ORDER BY i.relname COLLATE \"C\"", 1, p, pg_index_row, &l))
		return MIG_ERROR;
	return mig_run_sql(run,
					   "SELECT c.relname, pg_catalog.pg_get_viewdef(c.oid, true) "
					   "FROM pg_catalog.pg_class c "
					   "WHERE " PG_REL_FILTER "AND c.relkind = 'v' ORDER BY c.oid",
					   1, p, pg_view_row, &l);
}

int
mig_schema_load(mig_run *run, mig_schema *out)
{
	memset(out, 0, sizeof(*out));
	out->engine = run->ad->engine;
	if (run->ad->engine == MIG_ENGINE_SQLITE)
		return sq_load(run, out);
	return pg_load_schema(run, out);
}

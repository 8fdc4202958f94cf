/*
 * diff.c -- what turns one schema (schema.c) into another, written as a
 * migration in portable ALTER TABLE, and as a list of differences.
 *
 * The statements come in an order that works on both engines:
 *   1. drop the views and triggers that go, change, or use a table whose
 *      columns are dropped or retyped (they come back in step 8);
 *   2. drop the indexes that go or change;
 *   3. create the new tables, parents before children;
 *   4. alter each table that stays: constraints off, columns dropped,
 *      added and changed, constraints on (on SQLite all of a table's
 *      ALTERs are one run, so mig rebuilds it at most once; on
 *      PostgreSQL foreign keys come off first and go on last, after every
 *      UNIQUE they may need);
 *   5. drop the tables that go, children before parents;
 *   6. PostgreSQL: add the foreign keys;
 *   7. create the new and changed indexes;
 *   8. create the new and changed views and triggers, in the order the
 *      target created them.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "mig_core.h"

typedef struct diff
{
	mig_ctx    *ctx;
	mig_engine	engine;
	const mig_schema *from;
	const mig_schema *to;
	mig_buf    *sql;
	mig_buf    *descr;
	int			n;				/* differences */
	int		   *tmatch;			/* from table -> to table, or -1 */
	int		   *tmatch_to;		/* to table -> from table, or -1 */
	unsigned char *risky;		/* from table: a column dropped or retyped */
	unsigned char *redo;		/* from object: dropped in step 1 */
	const mig_stable **deferred_table; /* FOREIGN KEYs of new tables left */
	const mig_scons **deferred;		/* for step 6 */
	int			ndeferred;
	int			triggers;		/* a CREATE TRIGGER was written */
} diff;

/* ---- output ---- */

static void
say(diff *d, const char *fmt,...) MIG_PRINTF(2, 3);

static void
say(diff *d, const char *fmt,...)
{
	va_list		ap;

	d->n++;
	if (d->descr == NULL)
		return;
	va_start(ap, fmt);
	mig_buf_puts(d->descr, mig_vprintf(d->ctx, fmt, ap));
	va_end(ap);
	mig_buf_puts(d->descr, "\n");
}

static void
stmt(diff *d, const char *fmt,...) MIG_PRINTF(2, 3);

static void
stmt(diff *d, const char *fmt,...)
{
	va_list		ap;

	va_start(ap, fmt);
	mig_buf_puts(d->sql, mig_vprintf(d->ctx, fmt, ap));
	va_end(ap);
	mig_buf_puts(d->sql, ";\n");
}

static void
note(diff *d, const char *fmt,...) MIG_PRINTF(2, 3);

/* A comment for the human who reviews the script. */
static void
note(diff *d, const char *fmt,...)
{
	va_list		ap;

	va_start(ap, fmt);
	mig_buf_puts(d->sql, "-- REVIEW: ");
	mig_buf_puts(d->sql, mig_vprintf(d->ctx, fmt, ap));
	va_end(ap);
	mig_buf_puts(d->sql, "\n");
}

static char *
qi(diff *d, const char *name)
{
	mig_buf		b;

	mig_buf_init(&b, d->ctx);
	mig_buf_ident(&b, name);
	return b.data;
}

/* ---- comparing ---- */

static int
same_sql(diff *d, const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(mig_sql_normalize(d->ctx, d->engine, a),
				  mig_sql_normalize(d->ctx, d->engine, b)) == 0;
}

/* Defaults: SQLite keeps DEFAULT (x) and DEFAULT x apart as text; they
 * mean the same. */
static char *
bare_default(diff *d, const char *dflt)
{
	mig_toks	t;

	if (dflt == NULL)
		return NULL;
	mig_tokenize(d->ctx, d->engine, dflt, &t);
	while (t.n >= 2 && t.v[0].kind == MIG_TOK_LPAREN && t.v[t.n - 1].kind == MIG_TOK_RPAREN &&
		   t.v[t.n - 1].depth == 0)
	{
		int			k,
					closes_early = 0;

		/* "(a) + (b)" is not wrapped: the first ( must close at the end */
		for (k = 1; k < t.n - 1; k++)
			if (t.v[k].kind == MIG_TOK_RPAREN && t.v[k].depth == 0)
				closes_early = 1;
		if (closes_early)
			break;
		dflt = mig_tok_text(&t, 1, t.n - 2);
		mig_tokenize(d->ctx, d->engine, dflt, &t);
	}
	return (char *) dflt;
}

static int
names_eq(diff *d, const char *a, const char *b)
{
	return mig_schema_names_eq(d->from, a, b);
}

static int
find_col(diff *d, const mig_stable *t, const char *name)
{
	int			i;

	for (i = 0; i < t->ncols; i++)
		if (names_eq(d, t->cols[i].name, name))
			return i;
	return -1;
}

static int
find_obj(diff *d, const mig_schema *s, char kind, const char *name)
{
	int			i;

	for (i = 0; i < s->nobjs; i++)
		if (s->objs[i].kind == kind && names_eq(d, s->objs[i].name, name))
			return i;
	return -1;
}

/* The column's collation ("COLLATE x") and the rest of its extra text. */
static void
split_extra(diff *d, const char *extra, char **collate, char **rest)
{
	mig_toks	t;
	mig_buf		c,
				r;
	int			i;

	*collate = *rest = NULL;
	if (extra == NULL)
		return;
	mig_tokenize(d->ctx, d->engine, extra, &t);
	mig_buf_init(&c, d->ctx);
	mig_buf_init(&r, d->ctx);
	for (i = 0; i < t.n; i++)
	{
		if (mig_tok_is(&t, i, "COLLATE") && i + 1 < t.n)
		{
			mig_buf_printf(&c, "COLLATE %s", mig_tok_text(&t, i + 1, i + 1));
			i++;
			continue;
		}
		if (r.len)
			mig_buf_puts(&r, " ");
		mig_buf_puts(&r, mig_tok_text(&t, i, i));
	}
	*collate = c.len ? c.data : NULL;
	*rest = r.len ? r.data : NULL;
}

/* "ALWAYS" or "BY DEFAULT" when extra is an identity, else NULL. */
static const char *
identity_kind(diff *d, const char *extra)
{
	if (extra == NULL)
		return NULL;
	if (same_sql(d, extra, "GENERATED ALWAYS AS IDENTITY"))
		return "ALWAYS";
	if (same_sql(d, extra, "GENERATED BY DEFAULT AS IDENTITY"))
		return "BY DEFAULT";
	return NULL;
}

/* Two columns whose type, collation and extra text agree. */
static int
same_type(diff *d, const mig_scol *a, const mig_scol *b)
{
	return same_sql(d, a->type, b->type) && same_sql(d, a->extra, b->extra);
}

/* ---- rendering ---- */

static char *
col_def(diff *d, const mig_scol *c)
{
	mig_buf		b;

	mig_buf_init(&b, d->ctx);
	mig_buf_ident(&b, c->name);
	if (c->type && *c->type)
		mig_buf_printf(&b, " %s", c->type);
	if (c->extra)
		mig_buf_printf(&b, " %s", c->extra);
	if (c->dflt)
		mig_buf_printf(&b, " DEFAULT %s", c->dflt);
	if (c->notnull)
		mig_buf_puts(&b, " NOT NULL");
	return b.data;
}

/* A type for ALTER COLUMN TYPE: serial is only a CREATE shorthand. */
static const char *
plain_type(const char *type)
{
	if (mig_name_eq(type, "serial"))
		return "integer";
	if (mig_name_eq(type, "bigserial"))
		return "bigint";
	if (mig_name_eq(type, "smallserial"))
		return "smallint";
	return type;
}

static int
new_table_index(diff *d, const char *name)
{
	int			j;

	for (j = 0; j < d->to->ntables; j++)
		if (d->tmatch_to[j] < 0 && names_eq(d, d->to->tables[j].name, name))
			return j;
	return -1;
}

/* CREATE TABLE on PostgreSQL, from the model; foreign keys to new tables
 * not created yet (created[] says which are) wait for step 6. */
static void
create_table_pg(diff *d, int j, const unsigned char *created)
{
	const mig_stable *t = &d->to->tables[j];
	mig_buf		b;
	int			i,
				first = 1;

	mig_buf_init(&b, d->ctx);
	mig_buf_printf(&b, "CREATE TABLE %s (", qi(d, t->name));
	for (i = 0; i < t->ncols; i++)
	{
		mig_buf_printf(&b, "%s\n    %s", first ? "" : ",", col_def(d, &t->cols[i]));
		first = 0;
	}
	for (i = 0; i < t->ncons; i++)
	{
		const mig_scons *k = &t->cons[i];

		if (k->kind == 'f' && k->ref)
		{
			int			r = new_table_index(d, k->ref);

			if (r >= 0 && r != j && !created[r])
			{
				size_t		n = (size_t) d->ndeferred;

				d->deferred_table = mig_realloc(d->ctx, d->deferred_table, sizeof(void *) * n,
												sizeof(void *) * (n + 1));
				d->deferred = mig_realloc(d->ctx, d->deferred, sizeof(void *) * n,
										  sizeof(void *) * (n + 1));
				d->deferred_table[n] = t;
				d->deferred[n] = k;
				d->ndeferred++;
				continue;
			}
		}
		mig_buf_printf(&b, "%s\n    CONSTRAINT %s %s", first ? "" : ",", qi(d, k->name), k->def);
		first = 0;
	}
	mig_buf_puts(&b, "\n)");
	stmt(d, "%s", b.data);
}

/* ---- table order: parents before children ---- */

typedef struct order_state
{
	diff	   *d;
	const mig_schema *s;
	const int  *match;			/* only tables with match[i] < 0 */
	unsigned char *mark;		/* 0 new, 1 visiting, 2 done */
	int		   *out;
	int			n;
} order_state;

static void
visit(order_state *o, int i)
{
	const mig_stable *t = &o->s->tables[i];
	int			k,
				j;

	if (o->mark[i])
		return;
	o->mark[i] = 1;
	for (k = 0; k < t->ncons; k++)
	{
		if (t->cons[k].kind != 'f' || t->cons[k].ref == NULL)
			continue;
		for (j = 0; j < o->s->ntables; j++)
			if (j != i && o->match[j] < 0 && o->mark[j] == 0 &&
				names_eq(o->d, o->s->tables[j].name, t->cons[k].ref))
				visit(o, j);
	}
	o->mark[i] = 2;
	o->out[o->n++] = i;
}

/* The unmatched tables of s, parents first (a cycle is cut anywhere). */
static int
parents_first(diff *d, const mig_schema *s, const int *match, int **out)
{
	order_state o;
	int			i;

	o.d = d;
	o.s = s;
	o.match = match;
	o.mark = mig_alloc(d->ctx, (size_t) s->ntables + 1);
	o.out = mig_alloc(d->ctx, sizeof(int) * ((size_t) s->ntables + 1));
	o.n = 0;
	for (i = 0; i < s->ntables; i++)
		if (match[i] < 0)
			visit(&o, i);
	*out = o.out;
	return o.n;
}

/* ---- the steps ---- */

static void
match_tables(diff *d)
{
	int			i,
				j;

	d->tmatch = mig_alloc(d->ctx, sizeof(int) * ((size_t) d->from->ntables + 1));
	d->tmatch_to = mig_alloc(d->ctx, sizeof(int) * ((size_t) d->to->ntables + 1));
	for (j = 0; j < d->to->ntables; j++)
		d->tmatch_to[j] = -1;
	for (i = 0; i < d->from->ntables; i++)
	{
		d->tmatch[i] = -1;
		for (j = 0; j < d->to->ntables; j++)
			if (d->tmatch_to[j] < 0 && names_eq(d, d->from->tables[i].name, d->to->tables[j].name))
			{
				d->tmatch[i] = j;
				d->tmatch_to[j] = i;
				break;
			}
	}
}

/* Tables that keep their name but lose or retype a column: the views
 * and triggers that use them are dropped first and made again last. */
static void
find_risky(diff *d)
{
	int			i,
				c;

	d->risky = mig_alloc(d->ctx, (size_t) d->from->ntables + 1);
	for (i = 0; i < d->from->ntables; i++)
	{
		const mig_stable *ft = &d->from->tables[i];
		const mig_stable *tt;

		if (d->tmatch[i] < 0)
			continue;
		tt = &d->to->tables[d->tmatch[i]];
		for (c = 0; c < ft->ncols; c++)
		{
			int			k = find_col(d, tt, ft->cols[c].name);

			if (k < 0 || !same_type(d, &ft->cols[c], &tt->cols[k]))
				d->risky[i] = 1;
		}
	}
}

static int
uses_risky_table(diff *d, const mig_sobj *o)
{
	int			i;

	for (i = 0; i < d->from->ntables; i++)
		if (d->risky[i] && mig_text_mentions(d->ctx, o->sql, d->from->tables[i].name))
			return 1;
	return 0;
}

static const char *
obj_word(char kind)
{
	return kind == 'i' ? "index" : kind == 'v' ? "view" : "trigger";
}

static const char *
obj_sql_word(char kind)
{
	return kind == 'i' ? "INDEX" : kind == 'v' ? "VIEW" : "TRIGGER";
}

/* Steps 1 and 2: views, triggers and indexes that go or change, and the
 * views and triggers that use a table losing or retyping a column, or a
 * view dropped here (PostgreSQL refuses to drop what others depend on). */
static void
drop_objects(diff *d)
{
	int			i,
				k,
				more = 1;

	d->redo = mig_alloc(d->ctx, (size_t) d->from->nobjs + 1);
	for (i = 0; i < d->from->nobjs; i++)
	{
		const mig_sobj *o = &d->from->objs[i];
		int			j = find_obj(d, d->to, o->kind, o->name);

		if (j < 0)
		{
			/* an index or trigger goes with its table */
			if (o->table && !mig_schema_table(d->to, o->table))
				continue;
			say(d, "%s %s: in the database, not in the target schema",
				obj_word(o->kind), qi(d, o->name));
		}
		else if (strcmp(o->key, d->to->objs[j].key) != 0)
			say(d, "%s %s: its definition differs", obj_word(o->kind), qi(d, o->name));
		else if (o->kind == 'i' || !uses_risky_table(d, o))
			continue;
		d->redo[i] = 1;
	}
	while (more)
	{
		more = 0;
		for (i = 0; i < d->from->nobjs; i++)
		{
			const mig_sobj *o = &d->from->objs[i];

			if (d->redo[i] || o->kind == 'i')
				continue;
			for (k = 0; k < d->from->nobjs; k++)
				if (d->redo[k] && d->from->objs[k].kind == 'v' &&
					mig_text_mentions(d->ctx, o->sql, d->from->objs[k].name))
				{
					d->redo[i] = more = 1;
					break;
				}
		}
	}
	for (k = 0; k < 2; k++)
		for (i = d->from->nobjs - 1; i >= 0; i--)
		{
			const mig_sobj *o = &d->from->objs[i];

			if (d->redo[i] && (k == 0) == (o->kind != 'i'))
				stmt(d, "DROP %s %s", obj_sql_word(o->kind), qi(d, o->name));
		}
}

/* Is a to-object made in steps 7-8? */
static int
obj_needed(diff *d, int j)
{
	const mig_sobj *o = &d->to->objs[j];
	int			i = find_obj(d, d->from, o->kind, o->name);

	if (i < 0)
	{
		if (o->table && !mig_schema_table(d->from, o->table))
			return 1;			/* on a new table */
		say(d, "%s %s: in the target schema, not in the database",
			obj_word(o->kind), qi(d, o->name));
		return 1;
	}
	return d->redo[i];
}

static void
create_objects(diff *d, int indexes)
{
	int			j;

	for (j = 0; j < d->to->nobjs; j++)
		if ((d->to->objs[j].kind == 'i') == indexes && obj_needed(d, j))
		{
			stmt(d, "%s", d->to->objs[j].sql);
			d->triggers |= d->to->objs[j].kind == 't';
		}
}

static int
same_columns(diff *d, const mig_stable *a, const mig_stable *b)
{
	int			i;

	if (a->ncols != b->ncols || a->ncols == 0)
		return 0;
	for (i = 0; i < a->ncols; i++)
		if (!names_eq(d, a->cols[i].name, b->cols[i].name) ||
			!same_type(d, &a->cols[i], &b->cols[i]))
			return 0;
	return 1;
}

/* Step 3. */
static void
create_tables(diff *d)
{
	int		   *order;
	int			n = parents_first(d, d->to, d->tmatch_to, &order),
				k,
				i;
	unsigned char *created = mig_alloc(d->ctx, (size_t) d->to->ntables + 1);

	for (k = 0; k < n; k++)
	{
		const mig_stable *t = &d->to->tables[order[k]];

		say(d, "table %s: in the target schema, not in the database", qi(d, t->name));
		for (i = 0; i < d->from->ntables; i++)
			if (d->tmatch[i] < 0 && same_columns(d, &d->from->tables[i], t))
				note(d, "table %s goes and %s comes with the same columns: if it is a rename, "
					 "write ALTER TABLE %s RENAME TO %s instead of the DROP TABLE and this "
					 "CREATE TABLE", qi(d, d->from->tables[i].name), qi(d, t->name),
					 qi(d, d->from->tables[i].name), qi(d, t->name));
		if (t->sql)
			stmt(d, "%s", t->sql);
		else
			create_table_pg(d, order[k], created);
		created[order[k]] = 1;
	}
}

static void
alter(diff *d, const mig_stable *t, const char *fmt,...) MIG_PRINTF(3, 4);

static void
alter(diff *d, const mig_stable *t, const char *fmt,...)
{
	va_list		ap;
	char	   *action;

	va_start(ap, fmt);
	action = mig_vprintf(d->ctx, fmt, ap);
	va_end(ap);
	stmt(d, "ALTER TABLE %s %s", qi(d, t->name), action);
}

/* Constraints of ft with no equal one in tt (and the other way round). */
static void
match_cons(const mig_stable *ft, const mig_stable *tt, unsigned char *fused,
		   unsigned char *tused)
{
	int			i,
				j;

	for (j = 0; j < tt->ncons; j++)
		for (i = 0; i < ft->ncons; i++)
			if (!fused[i] && ft->cons[i].kind == tt->cons[j].kind &&
				strcmp(ft->cons[i].key, tt->cons[j].key) == 0)
			{
				fused[i] = tused[j] = 1;
				break;
			}
}

/* Which constraints step 4 handles: all of them on SQLite; on
 * PostgreSQL, foreign keys wait (dropped before, added in step 6). */
static int
in_step4(diff *d, const mig_scons *k)
{
	return d->engine == MIG_ENGINE_SQLITE || k->kind != 'f';
}

/* PostgreSQL: the foreign keys of the tables that stay, taken off
 * before step 3 (add=0) or put on in step 6 (add=1, with the new tables'
 * keys that had to wait). */
static void
pg_fkeys(diff *d, int add)
{
	int			i,
				k;

	if (d->engine == MIG_ENGINE_SQLITE)
		return;
	for (i = 0; i < d->from->ntables; i++)
	{
		const mig_stable *ft = &d->from->tables[i];
		const mig_stable *tt;
		unsigned char *fused,
				   *tused;

		if (d->tmatch[i] < 0)
			continue;
		tt = &d->to->tables[d->tmatch[i]];
		fused = mig_alloc(d->ctx, (size_t) ft->ncons + 1);
		tused = mig_alloc(d->ctx, (size_t) tt->ncons + 1);
		match_cons(ft, tt, fused, tused);
		if (!add)
		{
			for (k = 0; k < ft->ncons; k++)
				if (!fused[k] && ft->cons[k].kind == 'f')
					alter(d, ft, "DROP CONSTRAINT %s", qi(d, ft->cons[k].name));
		}
		else
			for (k = 0; k < tt->ncons; k++)
				if (!tused[k] && tt->cons[k].kind == 'f')
					alter(d, tt, "ADD CONSTRAINT %s %s", qi(d, tt->cons[k].name), tt->cons[k].def);
	}
	for (k = 0; add && k < d->ndeferred; k++)
		alter(d, d->deferred_table[k], "ADD CONSTRAINT %s %s", qi(d, d->deferred[k]->name),
			  d->deferred[k]->def);
}

static void
alter_columns(diff *d, const mig_stable *ft, const mig_stable *tt)
{
	int			c,
				k;

	for (c = 0; c < ft->ncols; c++)
	{
		const mig_scol *fc = &ft->cols[c];

		if (find_col(d, tt, fc->name) >= 0)
			continue;
		say(d, "column %s.%s: in the database, not in the target schema",
			qi(d, ft->name), qi(d, fc->name));
		for (k = 0; k < tt->ncols; k++)
			if (find_col(d, ft, tt->cols[k].name) < 0 && same_type(d, fc, &tt->cols[k]))
				note(d, "%s.%s goes and %s comes with the same type: if it is a rename, write "
					 "ALTER TABLE %s RENAME COLUMN %s TO %s instead of this DROP COLUMN and "
					 "the ADD COLUMN below", qi(d, ft->name), qi(d, fc->name),
					 qi(d, tt->cols[k].name), qi(d, ft->name), qi(d, fc->name),
					 qi(d, tt->cols[k].name));
		alter(d, ft, "DROP COLUMN %s", qi(d, fc->name));
	}
	for (c = 0; c < tt->ncols; c++)
	{
		const mig_scol *tc = &tt->cols[c];

		if (find_col(d, ft, tc->name) >= 0)
			continue;
		say(d, "column %s.%s: in the target schema, not in the database",
			qi(d, tt->name), qi(d, tc->name));
		if (tc->notnull && tc->dflt == NULL && (tc->extra == NULL ||
												!mig_text_mentions(d->ctx, tc->extra, "GENERATED")))
			note(d, "a NOT NULL column without a DEFAULT: this fails if %s has rows; give it a "
				 "DEFAULT, or add it nullable, fill it, then SET NOT NULL", qi(d, tt->name));
		alter(d, ft, "ADD COLUMN %s", col_def(d, tc));
	}
	for (c = 0; c < ft->ncols; c++)
	{
		const mig_scol *fc = &ft->cols[c];
		const mig_scol *tc;
		char	   *fcoll,
				   *frest,
				   *tcoll,
				   *trest;
		const char *fid,
				   *tid;
		int			extra_ok;

		k = find_col(d, tt, fc->name);
		if (k < 0)
			continue;
		tc = &tt->cols[k];
		split_extra(d, fc->extra, &fcoll, &frest);
		split_extra(d, tc->extra, &tcoll, &trest);
		fid = identity_kind(d, frest);
		tid = identity_kind(d, trest);
		/* PostgreSQL alters identity; nothing alters generated columns */
		extra_ok = d->engine == MIG_ENGINE_POSTGRESQL &&
			(frest == NULL || fid != NULL) && (trest == NULL || tid != NULL);
		if (!same_sql(d, frest, trest))
		{
			say(d, "column %s.%s: %s in the database, %s in the target schema",
				qi(d, ft->name), qi(d, fc->name), frest ? frest : "not generated",
				trest ? trest : "not generated");
			if (!extra_ok)
				note(d, "%s.%s: ALTER TABLE cannot turn \"%s\" into \"%s\" here; do it by hand",
					 qi(d, ft->name), qi(d, fc->name), frest ? frest : "", trest ? trest : "");
			else if (fid && !tid)
				alter(d, ft, "ALTER COLUMN %s DROP IDENTITY", qi(d, fc->name));
			else if (fid && tid)
				alter(d, ft, "ALTER COLUMN %s SET GENERATED %s", qi(d, fc->name), tid);
		}
		if (!same_sql(d, fc->type, tc->type) || !same_sql(d, fcoll, tcoll))
		{
			const char *type = *tc->type ? plain_type(tc->type) : "BLOB";

			say(d, "column %s.%s: type %s%s%s in the database, %s%s%s in the target schema",
				qi(d, ft->name), qi(d, fc->name), fc->type, fcoll ? " " : "", fcoll ? fcoll : "",
				tc->type, tcoll ? " " : "", tcoll ? tcoll : "");
			/* PostgreSQL: the explicit cast, so that text becomes integer
			 * or uuid where the values allow it (SQLite keeps values as
			 * they are, which a CAST would not) */
			alter(d, ft, "ALTER COLUMN %s TYPE %s%s%s%s", qi(d, fc->name), type,
				  tcoll ? " " : "", tcoll ? tcoll : "",
				  d->engine == MIG_ENGINE_POSTGRESQL ?
				  mig_printf(d->ctx, " USING %s::%s", qi(d, fc->name), type) : "");
		}
		if (fc->notnull != tc->notnull)
		{
			say(d, "column %s.%s: %s in the database, %s in the target schema",
				qi(d, ft->name), qi(d, fc->name), fc->notnull ? "NOT NULL" : "nullable",
				tc->notnull ? "NOT NULL" : "nullable");
			alter(d, ft, "ALTER COLUMN %s %s NOT NULL", qi(d, fc->name),
				  tc->notnull ? "SET" : "DROP");
		}
		if (!same_sql(d, bare_default(d, fc->dflt), bare_default(d, tc->dflt)))
		{
			say(d, "column %s.%s: default %s in the database, %s in the target schema",
				qi(d, ft->name), qi(d, fc->name), fc->dflt ? fc->dflt : "none",
				tc->dflt ? tc->dflt : "none");
			if (tc->dflt)
				alter(d, ft, "ALTER COLUMN %s SET DEFAULT %s", qi(d, fc->name), tc->dflt);
			else
				alter(d, ft, "ALTER COLUMN %s DROP DEFAULT", qi(d, fc->name));
		}
		if (extra_ok && !fid && tid)
		{
			mig_buf		seq;

			/* after NOT NULL and without a default, as identity needs;
			 * then its sequence goes past the rows already there */
			alter(d, ft, "ALTER COLUMN %s ADD GENERATED %s AS IDENTITY", qi(d, fc->name), tid);
			mig_buf_init(&seq, d->ctx);
			mig_buf_puts(&seq, "SELECT pg_catalog.setval(pg_catalog.pg_get_serial_sequence(");
			mig_buf_literal(&seq, qi(d, ft->name));
			mig_buf_puts(&seq, ", ");
			mig_buf_literal(&seq, fc->name);
			mig_buf_printf(&seq, "), coalesce(max(%s), 0) + 1, false) FROM %s",
						   qi(d, fc->name), qi(d, ft->name));
			stmt(d, "%s", seq.data);
		}
	}
}

/* Step 4 for one table. */
static void
alter_table(diff *d, const mig_stable *ft, const mig_stable *tt)
{
	unsigned char *fused = mig_alloc(d->ctx, (size_t) ft->ncons + 1);
	unsigned char *tused = mig_alloc(d->ctx, (size_t) tt->ncons + 1);
	int			k;

	if (strcmp(ft->options, tt->options) != 0)
	{
		say(d, "table %s: options \"%s\" in the database, \"%s\" in the target schema",
			qi(d, ft->name), ft->options, tt->options);
		note(d, "table %s: ALTER TABLE cannot change \"%s\" into \"%s\"; do it by hand",
			 qi(d, ft->name), ft->options, tt->options);
	}
	match_cons(ft, tt, fused, tused);
	for (k = 0; k < ft->ncons; k++)
		if (!fused[k])
		{
			say(d, "constraint %s on %s (%s): in the database, not in the target schema",
				qi(d, ft->cons[k].name), qi(d, ft->name), ft->cons[k].def);
			if (in_step4(d, &ft->cons[k]))
				alter(d, ft, "DROP CONSTRAINT %s", qi(d, ft->cons[k].name));
		}
	alter_columns(d, ft, tt);
	for (k = 0; k < tt->ncons; k++)
		if (!tused[k])
		{
			say(d, "constraint %s on %s (%s): in the target schema, not in the database",
				qi(d, tt->cons[k].name), qi(d, tt->name), tt->cons[k].def);
			if (in_step4(d, &tt->cons[k]))
				alter(d, ft, "ADD CONSTRAINT %s %s", qi(d, tt->cons[k].name), tt->cons[k].def);
		}
}

/* Step 5. */
static void
drop_tables(diff *d)
{
	int		   *order;
	int			n = parents_first(d, d->from, d->tmatch, &order),
				k;

	for (k = n - 1; k >= 0; k--)
	{
		const mig_stable *t = &d->from->tables[order[k]];

		say(d, "table %s: in the database, not in the target schema", qi(d, t->name));
		stmt(d, "DROP TABLE %s", qi(d, t->name));
	}
}

int
mig_schema_diff(mig_ctx *ctx, const mig_schema *from, const mig_schema *to,
				mig_buf *sql, mig_buf *descr, int *triggers)
{
	diff		d;
	int			i;

	memset(&d, 0, sizeof(d));
	d.ctx = ctx;
	d.engine = from->engine;
	d.from = from;
	d.to = to;
	d.sql = sql;
	d.descr = descr;
	match_tables(&d);
	find_risky(&d);
	drop_objects(&d);
	pg_fkeys(&d, 0);
	create_tables(&d);
	for (i = 0; i < from->ntables; i++)
		if (d.tmatch[i] >= 0)
			alter_table(&d, &from->tables[i], &to->tables[d.tmatch[i]]);
	drop_tables(&d);
	pg_fkeys(&d, 1);
	create_objects(&d, 1);
	create_objects(&d, 0);
	if (triggers)
		*triggers = d.triggers;
	return d.n;
}

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

/* A column's type and extra text, normalised once (the comparisons of
 * every column with others would otherwise normalise them again and
 * again). */
static const char *
type_key(diff *d, const mig_scol *c)
{
	if (c->key == NULL)
		((mig_scol *) c)->key = mig_printf(d->ctx, "%s|%s",
										   mig_sql_normalize(d->ctx, d->engine, c->type),
										   c->extra ? mig_sql_normalize(d->ctx, d->engine, c->extra) : "");
	return c->key;
}

/* Two columns whose type, collation and extra text agree. */
static int
same_type(diff *d, const mig_scol *a, const mig_scol *b)
{
	return strcmp(type_key(d, a), type_key(d, b)) == 0;
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

/* PostgreSQL: does ALTER COLUMN TYPE from old to new need USING? */
static int
needs_using(const char *old, const char *new)
{
	/* as format_type writes them: character varying(n), character(n),
	 * bit(n), bit varying(n); everything may be assigned to them */
	static const char *const cut[] = {"character", "bit", NULL};
	size_t		n = strcspn(old, "(["),
				m = strcspn(new, "([");
	int			k;

	if (n == m && strncmp(old, new, n) == 0)
		return 0;				/* the same type, another length or precision */
	for (k = 0; cut[k]; k++)
		if (strncmp(new, cut[k], strlen(cut[k])) == 0)
			return 0;			/* an assignment cast exists and refuses to cut */
	return 1;
}

static int
is_serial(const char *type)
{
	return mig_name_eq(type, "serial") || mig_name_eq(type, "bigserial") ||
		mig_name_eq(type, "smallserial");
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

			/* a table that stays may get the key it needs only in step 4 */
			if (r < 0 || (r != j && !created[r]))
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
	if (t->options && *t->options)
		mig_buf_printf(&b, " %s", t->options);
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
	int			cycle;			/* a foreign key closed a circle */
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
			if (j != i && o->match[j] < 0 &&
				names_eq(o->d, o->s->tables[j].name, t->cons[k].ref))
			{
				if (o->mark[j] == 1)
					o->cycle = 1;
				else if (o->mark[j] == 0)
					visit(o, j);
			}
	}
	o->mark[i] = 2;
	o->out[o->n++] = i;
}

/* The unmatched tables of s, parents first (a cycle is cut anywhere). */
static int
parents_first(diff *d, const mig_schema *s, const int *match, int **out, int *cycle)
{
	order_state o;
	int			i;

	o.cycle = 0;
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
	if (cycle)
		*cycle = o.cycle;
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

/* Is there a table or a view of that name (what an index or trigger is
 * on)? */
static int
owner_exists(diff *d, const mig_schema *s, const char *name)
{
	return mig_schema_table(s, name) != NULL || find_obj(d, s, 'v', name) >= 0;
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
			/* an index or trigger goes with its table or view */
			if (o->table && !owner_exists(d, d->to, o->table))
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
	{
		unsigned char *done = mig_alloc(d->ctx, (size_t) d->from->nobjs + 1);
		int			left = 0,
					j;

		for (i = 0; i < d->from->nobjs; i++)
			if (d->redo[i] && (k == 0) == (d->from->objs[i].kind != 'i'))
				left++;
			else
				done[i] = 1;
		/* the newest first, but a view only after what uses it */
		for (more = 1; left > 0 && more;)
		{
			more = 0;
			for (i = d->from->nobjs - 1; i >= 0; i--)
			{
				const mig_sobj *o = &d->from->objs[i];
				int			used = 0;

				if (done[i])
					continue;
				for (j = 0; j < d->from->nobjs && !used && o->kind == 'v'; j++)
					used = j != i && !done[j] &&
						mig_text_mentions(d->ctx, d->from->objs[j].sql, o->name);
				if (used && left > 1)
					continue;
				stmt(d, "DROP %s %s", obj_sql_word(o->kind), qi(d, o->name));
				done[i] = 1;
				left--;
				more = 1;
			}
		}
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
		if (o->table && !owner_exists(d, d->from, o->table))
			return 1;			/* on a new table or view */
		say(d, "%s %s: in the target schema, not in the database",
			obj_word(o->kind), qi(d, o->name));
		return 1;
	}
	return d->redo[i];
}

static void
create_objects(diff *d, int indexes)
{
	int			j,
				k,
				left = 0,
				more = 1;
	unsigned char *todo = mig_alloc(d->ctx, (size_t) d->to->nobjs + 1);

	for (j = 0; j < d->to->nobjs; j++)
		if ((d->to->objs[j].kind == 'i') == indexes && obj_needed(d, j))
			todo[j] = 1, left++;
	/* in the target's order, but a view or trigger only after the views it
	 * uses (PostgreSQL lists views by oid, not by what they use) */
	while (left > 0 && more)
	{
		more = 0;
		for (j = 0; j < d->to->nobjs; j++)
		{
			const mig_sobj *o = &d->to->objs[j];
			int			waits = 0;

			if (!todo[j])
				continue;
			for (k = 0; k < d->to->nobjs && !waits && o->kind != 'i'; k++)
				waits = k != j && todo[k] && d->to->objs[k].kind == 'v' &&
					mig_text_mentions(d->ctx, o->sql, d->to->objs[k].name);
			if (waits && left > 1)
				continue;
			stmt(d, "%s", o->sql);
			d->triggers |= o->kind == 't';
			todo[j] = 0;
			left--;
			more = 1;
		}
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

/* Does a table that stays lose a PRIMARY KEY or UNIQUE constraint? */
static int
keys_change(diff *d, const char *table)
{
	int			i,
				k;

	if (table == NULL)
		return 0;
	for (i = 0; i < d->from->ntables; i++)
	{
		const mig_stable *ft = &d->from->tables[i];
		const mig_stable *tt;
		unsigned char *fused,
				   *tused;

		if (d->tmatch[i] < 0 || !names_eq(d, ft->name, table))
			continue;
		tt = &d->to->tables[d->tmatch[i]];
		fused = mig_alloc(d->ctx, (size_t) ft->ncons + 1);
		tused = mig_alloc(d->ctx, (size_t) tt->ncons + 1);
		match_cons(ft, tt, fused, tused);
		for (k = 0; k < ft->ncons; k++)
			if (!fused[k] && (ft->cons[k].kind == 'p' || ft->cons[k].kind == 'u'))
				return 1;
	}
	return 0;
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
		/* a key that stays but references a table whose PRIMARY KEY or
		 * UNIQUE changes goes off and on too: PostgreSQL will not drop the
		 * index a foreign key depends on */
		if (!add)
		{
			for (k = 0; k < ft->ncons; k++)
				if (ft->cons[k].kind == 'f' && (!fused[k] || keys_change(d, ft->cons[k].ref)))
					alter(d, ft, "DROP CONSTRAINT %s", qi(d, ft->cons[k].name));
		}
		else
			for (k = 0; k < tt->ncons; k++)
				if (tt->cons[k].kind == 'f' && (!tused[k] || keys_change(d, tt->cons[k].ref)))
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
		int			extra_ok,
					dflt_off = 0;

		k = find_col(d, tt, fc->name);
		if (k < 0)
			continue;
		tc = &tt->cols[k];
		/* the usual case, without normalising anything again */
		if (same_type(d, fc, tc) && fc->notnull == tc->notnull &&
			(fc->dflt == tc->dflt || (fc->dflt && tc->dflt && strcmp(fc->dflt, tc->dflt) == 0)))
			continue;
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
		if (is_serial(fc->type) != is_serial(tc->type))
		{
			/* a sequence and its default, not a type: by hand */
			say(d, "column %s.%s: type %s in the database, %s in the target schema",
				qi(d, ft->name), qi(d, fc->name), fc->type, tc->type);
			note(d, "%s.%s: %s to %s is a sequence and a default to create or drop, not a "
				 "type change; do it by hand", qi(d, ft->name), qi(d, fc->name),
				 fc->type, tc->type);
		}
		else if (!same_sql(d, fc->type, tc->type) || !same_sql(d, fcoll, tcoll))
		{
			const char *type = *tc->type ? plain_type(tc->type) : "BLOB";

			/* PostgreSQL casts the default with the column; the old one
			 * may not cast: off first, the target's back on below */
			if (d->engine == MIG_ENGINE_POSTGRESQL && fc->dflt != NULL)
			{
				alter(d, ft, "ALTER COLUMN %s DROP DEFAULT", qi(d, fc->name));
				dflt_off = 1;
			}

			say(d, "column %s.%s: type %s%s%s in the database, %s%s%s in the target schema",
				qi(d, ft->name), qi(d, fc->name), fc->type, fcoll ? " " : "", fcoll ? fcoll : "",
				tc->type, tcoll ? " " : "", tcoll ? tcoll : "");
			/* PostgreSQL: the explicit cast where ALTER would refuse without
			 * one (text to integer, uuid, jsonb); not to a type of the same
			 * kind or a length-limited text type, where the explicit cast
			 * would cut values that the implicit one refuses.  SQLite keeps
			 * values as they are, which a CAST would not. */
			alter(d, ft, "ALTER COLUMN %s TYPE %s%s%s%s", qi(d, fc->name), type,
				  tcoll ? " " : "", tcoll ? tcoll : "",
				  d->engine == MIG_ENGINE_POSTGRESQL && needs_using(fc->type, type) ?
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
			else if (!dflt_off)
				alter(d, ft, "ALTER COLUMN %s DROP DEFAULT", qi(d, fc->name));
		}
		else if (dflt_off && tc->dflt)
			alter(d, ft, "ALTER COLUMN %s SET DEFAULT %s", qi(d, fc->name), tc->dflt);
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

/* Does step 4 change table i of from (anything at all)? */
static int
table_altered(diff *d, int i)
{
	mig_buf		scratch,
			   *sql = d->sql,
			   *descr = d->descr;
	int			n = d->n;

	mig_buf_init(&scratch, d->ctx);
	d->sql = &scratch;
	d->descr = NULL;
	alter_table(d, &d->from->tables[i], &d->to->tables[d->tmatch[i]]);
	d->sql = sql;
	d->descr = descr;
	d->n = n;
	return scratch.len > 0;
}

/* Does new table t reference a table that stays and is altered? */
static int
refs_altered(diff *d, const mig_stable *t)
{
	int			k,
				i;

	for (k = 0; k < t->ncons; k++)
		for (i = 0; t->cons[k].kind == 'f' && t->cons[k].ref && i < d->from->ntables; i++)
			if (d->tmatch[i] >= 0 && names_eq(d, d->from->tables[i].name, t->cons[k].ref) &&
				table_altered(d, i))
				return 1;
	return 0;
}

/*
 * Step 3, parents first.  On SQLite the phase matters: a table is created
 * before step 4 (phase 0), where the tables that stay may get foreign
 * keys to it (a rebuild copies rows, which SQLite checks against the
 * parent), unless it references a table that step 4 changes, which
 * SQLite could not rebuild under a child's foreign key inside the
 * transaction: then after (phase 1), with any new table that references
 * it.  PostgreSQL creates all in phase 0 (their foreign keys wait for
 * step 6).
 */
static void
create_tables(diff *d, int phase)
{
	int		   *order;
	int			n = parents_first(d, d->to, d->tmatch_to, &order, NULL),
				k,
				i;
	unsigned char *created = mig_alloc(d->ctx, (size_t) d->to->ntables + 1);
	unsigned char *late = mig_alloc(d->ctx, (size_t) d->to->ntables + 1);

	for (k = 0; k < n; k++)
	{
		const mig_stable *t = &d->to->tables[order[k]];

		if (d->engine == MIG_ENGINE_SQLITE)
		{
			late[order[k]] = refs_altered(d, t);
			for (i = 0; i < t->ncons && !late[order[k]]; i++)
				if (t->cons[i].kind == 'f' && t->cons[i].ref)
				{
					int			r = new_table_index(d, t->cons[i].ref);

					late[order[k]] = r >= 0 && r != order[k] && late[r];
				}
		}
		if (late[order[k]] != phase)
			continue;
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

/* Step 5. */
static void
drop_tables(diff *d)
{
	int		   *order;
	int			cycle,
				n = parents_first(d, d->from, d->tmatch, &order, &cycle),
				k;

	mig_buf		all;

	/* PostgreSQL: one DROP TABLE for all, which also breaks any cycle of
	 * foreign keys among them */
	mig_buf_init(&all, d->ctx);
	/* SQLite: tables whose foreign keys go round in a circle cannot go
	 * one by one while the keys are checked: check them at commit */
	if (cycle && d->engine == MIG_ENGINE_SQLITE)
	{
		note(d, "the tables below reference each other in a circle: their foreign keys are "
			 "checked at commit (until the end of this transaction)");
		stmt(d, "PRAGMA defer_foreign_keys = ON");
	}
	for (k = n - 1; k >= 0; k--)
	{
		const mig_stable *t = &d->from->tables[order[k]];

		say(d, "table %s: in the database, not in the target schema", qi(d, t->name));
		if (d->engine == MIG_ENGINE_SQLITE)
			stmt(d, "DROP TABLE %s", qi(d, t->name));
		else
			mig_buf_printf(&all, "%s%s", all.len ? ", " : "", qi(d, t->name));
	}
	if (all.len)
		stmt(d, "DROP TABLE %s", all.data);
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
	/* PostgreSQL: the tables that go, before the keys their foreign keys
	 * use can go in step 4 (SQLite: after step 4, which first takes away
	 * the foreign keys that reference them: SQLite's DROP TABLE deletes
	 * the rows under them) */
	if (d.engine == MIG_ENGINE_POSTGRESQL)
		drop_tables(&d);
	create_tables(&d, 0);
	for (i = 0; i < from->ntables; i++)
		if (d.tmatch[i] >= 0)
			alter_table(&d, &from->tables[i], &to->tables[d.tmatch[i]]);
	create_tables(&d, 1);
	if (d.engine == MIG_ENGINE_SQLITE)
		drop_tables(&d);
	pg_fkeys(&d, 1);
	create_objects(&d, 1);
	create_objects(&d, 0);
	if (triggers)
		*triggers = d.triggers;
	return d.n;
}

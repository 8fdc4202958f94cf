/*
 * alter_apply.c -- one ALTER TABLE action applied to SQLite's table model,
 * with PostgreSQL's meaning and messages: what a DROP COLUMN takes with
 * it, what a SET NOT NULL must find, the names PostgreSQL gives unnamed
 * constraints, and whether SQLite's own ALTER TABLE could have done it.
 */
#include <string.h>

#include "rebuild.h"

static int
cons_has_pg_name(const mig_cons *k)
{
	return k->kind == MIG_CONS_PRIMARY || k->kind == MIG_CONS_UNIQUE ||
		k->kind == MIG_CONS_CHECK || k->kind == MIG_CONS_REFERENCES;
}

/* ---- applying one action to the model ---- */

/* An action with nothing to do (IF [NOT] EXISTS, already so). */
static int
skip(int *native)
{
	*native = -1;
	return MIG_OK;
}

static void
remove_col_cons(mig_column *col, int k)
{
	memmove(&col->cons[k], &col->cons[k + 1], sizeof(mig_cons) * (size_t) (col->ncons - k - 1));
	col->ncons--;
	col->dirty = 1;
}

static void
remove_table_cons(mig_table *t, int k)
{
	memmove(&t->cons[k], &t->cons[k + 1], sizeof(mig_cons) * (size_t) (t->ncons - k - 1));
	t->ncons--;
}

int
rb_col_has(const mig_column *col, mig_cons_kind kind)
{
	int			k;

	for (k = 0; k < col->ncons; k++)
		if (col->cons[k].kind == kind)
			return 1;
	return 0;
}

/* Is a DEFAULT one SQLite's ADD COLUMN takes: a literal or signed number? */
static int
constant_default(mig_ctx *ctx, const char *body)
{
	mig_toks	t;
	int			i = 1;

	mig_tokenize(ctx, MIG_ENGINE_SQLITE, body, &t);
	if (i < t.n && t.v[i].kind == MIG_TOK_PUNCT)
		i++;
	if (i + 1 != t.n)
		return 0;
	return t.v[i].kind == MIG_TOK_STRING || t.v[i].kind == MIG_TOK_NUMBER ||
		mig_tok_is(&t, i, "NULL") || mig_tok_is(&t, i, "TRUE") || mig_tok_is(&t, i, "FALSE");
}

/* Can SQLite's own ADD COLUMN take this definition? */
int
rb_add_column_native(mig_ctx *ctx, const mig_column *col)
{
	int			k,
				has_default = 0,
				null_default = 1;

	for (k = 0; k < col->ncons; k++)
	{
		const mig_cons *cn = &col->cons[k];

		if (cn->kind == MIG_CONS_PRIMARY || cn->kind == MIG_CONS_UNIQUE)
			return 0;
		if (cn->kind == MIG_CONS_GENERATED && mig_text_mentions(ctx, cn->body, "STORED"))
			return 0;
		if (cn->kind == MIG_CONS_DEFAULT)
		{
			if (!constant_default(ctx, cn->body))
				return 0;
			has_default = 1;
			null_default = mig_text_mentions(ctx, cn->body, "NULL");
		}
	}
	if (rb_col_has(col, MIG_CONS_NOTNULL) && (!has_default || null_default))
		return 0;
	if (rb_col_has(col, MIG_CONS_REFERENCES) && has_default && !null_default)
		return 0;
	return 1;
}

/* Can SQLite's own DROP COLUMN drop it, with nothing depending on it? */
static int
drop_column_native(change *c, int colidx, const obj_list *objs)
{
	const mig_column *col = &c->t.cols[colidx];
	int			i,
				k;

	if (rb_col_has(col, MIG_CONS_PRIMARY) || rb_col_has(col, MIG_CONS_UNIQUE))
		return 0;
	for (i = 0; i < c->t.ncons; i++)
		if (mig_cons_mentions(c->ctx, &c->t.cons[i], col->name))
			return 0;
	for (i = 0; i < c->t.ncols; i++)
		for (k = 0; k < c->t.cols[i].ncons; k++)
			if (i != colidx && mig_cons_mentions(c->ctx, &c->t.cols[i].cons[k], col->name))
				return 0;
	for (i = 0; i < objs->n; i++)
		if (mig_text_mentions(c->ctx, objs->v[i].sql, col->name))
			return 0;
	return 1;
}

static int
column_missing(change *c, const char *column)
{
	return mig_error(c->ctx, "column \"%s\" of relation \"%s\" does not exist", column, c->name);
}

static int
table_nonempty(change *c)
{
	mig_first_row r;

	if (c->nonempty < 0)
	{
		if (rb_first_row(c, mig_printf(c->ctx, "SELECT 1 FROM %s LIMIT 1", rb_qualified(c, c->name)),
					  NULL, NULL, &r))
			return -1;
		c->nonempty = r.found;
	}
	return c->nonempty;
}

/* Apply one action to the model; *native says whether SQLite's own
 * ALTER TABLE could have done it. */
int
rb_apply_action(change *c, mig_alter_action *a, const obj_list *objs, int *native)
{
	mig_ctx    *ctx = c->ctx;
	mig_table  *t = &c->t;
	int			col = a->column ? mig_table_find_column(t, a->column) : -1;
	int			k;

	*native = 0;
	switch (a->kind)
	{
		case MIG_ALTER_ADD_COLUMN:
			{
				mig_column nc;

				if (col >= 0)
				{
					if (a->if_exists)
						return skip(native);
					return mig_error(ctx, "column \"%s\" of relation \"%s\" already exists",
									 a->column, c->name);
				}
				if (mig_column_parse(ctx, a->expr, &nc))
					return MIG_ERROR;
				*native = rb_add_column_native(ctx, &nc);
				if (rb_col_has(&nc, MIG_CONS_NOTNULL) && !rb_col_has(&nc, MIG_CONS_DEFAULT) &&
					!rb_col_has(&nc, MIG_CONS_GENERATED))
				{
					int			ne = table_nonempty(c);

					if (ne < 0)
						return MIG_ERROR;
					if (ne)
						return mig_error(ctx, "column \"%s\" of relation \"%s\" contains null values",
										 nc.name, c->name);
				}
				mig_table_add_column(ctx, t, &nc);
				return MIG_OK;
			}
		case MIG_ALTER_DROP_COLUMN:
			{
				const mig_column *dc;
				int			i;

				if (col < 0)
					return a->if_exists ? skip(native) : column_missing(c, a->column);
				if (t->ncols == 1)
					return mig_error(ctx, "cannot drop column \"%s\": it is the only column of "
									 "table \"%s\" (SQLite tables need one)", a->column, c->name);
				*native = drop_column_native(c, col, objs);
				dc = &t->cols[col];
				/* a foreign key of another table (or another column) points at it */
				{
					mig_first_row r;
					int			is_pk = rb_col_has(dc, MIG_CONS_PRIMARY);
					const char *params[4];

					for (i = 0; !is_pk && i < t->ncons; i++)
						if (t->cons[i].kind == MIG_CONS_PRIMARY &&
							mig_cons_mentions(ctx, &t->cons[i], dc->name))
							is_pk = 1;
					params[0] = c->schema;
					params[1] = c->name;
					params[2] = dc->name;
					params[3] = is_pk ? "1" : "0";
					if (mig_run_first_row(c->run, mig_printf(ctx, "SELECT m.name, f.\"from\" FROM %s.sqlite_schema m, "
													   "pragma_foreign_key_list(m.name, $1) f WHERE m.type = 'table' "
													   "AND instr(lower(m.sql), 'references') > 0 "
													   "AND f.\"table\" = $2 COLLATE NOCASE AND (f.\"to\" = $3 "
													   "COLLATE NOCASE OR (f.\"to\" IS NULL AND $4 = '1')) AND NOT "
													   "(m.name = $2 COLLATE NOCASE AND f.\"from\" = $3 COLLATE NOCASE)",
													   c->qschema), 4, params, &r))
						return MIG_ERROR;
					if (r.found)
						return mig_error(ctx, "cannot drop column %s of table %s because other objects "
										 "depend on it: a foreign key of table %s (column %s) "
										 "references it", dc->name, c->name, r.v[0], r.v[1]);
				}
				/* a generated column computed from it depends on it */
				for (i = 0; i < t->ncols; i++)
					for (k = 0; k < t->cols[i].ncons; k++)
						if (i != col && t->cols[i].cons[k].kind == MIG_CONS_GENERATED &&
							mig_cons_mentions(ctx, &t->cols[i].cons[k], dc->name))
							return mig_error(ctx, "cannot drop column %s of table %s because other "
											 "objects depend on it: column %s depends on column %s",
											 dc->name, c->name, t->cols[i].name, dc->name);
				/* constraints that involve it go with it, as in PostgreSQL */
				for (i = t->ncons - 1; i >= 0; i--)
					if (mig_cons_mentions(ctx, &t->cons[i], dc->name))
						remove_table_cons(t, i);
				for (i = 0; i < t->ncols; i++)
					for (k = t->cols[i].ncons - 1; k >= 0; k--)
						if (i != col && t->cols[i].cons[k].kind == MIG_CONS_CHECK &&
							mig_cons_mentions(ctx, &t->cols[i].cons[k], dc->name))
							remove_col_cons(&t->cols[i], k);
				c->dropped = mig_realloc(ctx, c->dropped, sizeof(char *) * (size_t) c->ndropped,
										 sizeof(char *) * (size_t) (c->ndropped + 1));
				c->dropped[c->ndropped++] = dc->name;
				memmove(&t->cols[col], &t->cols[col + 1],
						sizeof(mig_column) * (size_t) (t->ncols - col - 1));
				t->ncols--;
				return MIG_OK;
			}
		case MIG_ALTER_TYPE:
			{
				mig_column *cc;

				if (col < 0)
					return column_missing(c, a->column);
				cc = &t->cols[col];
				/* PostgreSQL refuses while a view uses the column */
				{
					int			i;

					for (i = 0; i < objs->n; i++)
						if (strcmp(objs->v[i].type, "view") == 0 &&
							mig_text_mentions(ctx, objs->v[i].sql, c->name) &&
							mig_text_mentions(ctx, objs->v[i].sql, cc->name))
							return mig_error(ctx, "cannot alter type of a column used by a view "
											 "or rule: view %s depends on column \"%s\"",
											 objs->v[i].name, cc->name);
				}
				for (k = 0; k < t->ncols; k++)
				{
					int			g;

					for (g = 0; g < t->cols[k].ncons; g++)
						if (k != col && t->cols[k].cons[g].kind == MIG_CONS_GENERATED &&
							mig_cons_mentions(ctx, &t->cols[k].cons[g], cc->name))
							return mig_error(ctx, "cannot alter type of a column used by a generated "
											 "column: column \"%s\" uses \"%s\"",
											 t->cols[k].name, cc->name);
				}
				cc->type = a->type;
				cc->dirty = 1;
				/* as on PostgreSQL, the column's collation becomes the one
				 * given, or the new type's default */
				for (k = cc->ncons - 1; k >= 0; k--)
					if (cc->cons[k].kind == MIG_CONS_COLLATE)
						remove_col_cons(cc, k);
				if (a->collate)
				{
					mig_cons	cn;

					memset(&cn, 0, sizeof(cn));
					cn.kind = MIG_CONS_COLLATE;
					cn.text = mig_printf(ctx, "COLLATE %s", a->collate);
					cn.body = cn.text;
					cc->cons = mig_realloc(ctx, cc->cons, sizeof(mig_cons) * (size_t) cc->ncons,
										   sizeof(mig_cons) * (size_t) (cc->ncons + 1));
					cc->cons[cc->ncons++] = cn;
				}
				if (a->using_expr)
				{
					if (cc->src < 0 && cc->copy_expr == NULL)
						return mig_error(ctx, "ALTER COLUMN %s TYPE ... USING: the column was added "
										 "in the same run of ALTERs; it has no old value", a->column);
					cc->copy_expr = a->using_expr;
				}
				return MIG_OK;
			}
		case MIG_ALTER_SET_NOT_NULL:
		case MIG_ALTER_DROP_NOT_NULL:
			{
				mig_column *cc;

				if (col < 0)
					return column_missing(c, a->column);
				cc = &t->cols[col];
				if (a->kind == MIG_ALTER_SET_NOT_NULL)
				{
					mig_cons	cn;

					if (rb_col_has(cc, MIG_CONS_NOTNULL))
						return skip(native);
					for (k = cc->ncons - 1; k >= 0; k--)
						if (cc->cons[k].kind == MIG_CONS_NULL)
							remove_col_cons(cc, k);
					memset(&cn, 0, sizeof(cn));
					cn.kind = MIG_CONS_NOTNULL;
					cn.text = "NOT NULL";
					cn.body = cn.text;
					cc->cons = mig_realloc(ctx, cc->cons, sizeof(mig_cons) * (size_t) cc->ncons,
										   sizeof(mig_cons) * (size_t) (cc->ncons + 1));
					cc->cons[cc->ncons++] = cn;
					cc->dirty = 1;
					if (cc->src >= 0 && cc->copy_expr == NULL)
					{
						c->notnull = mig_realloc(ctx, c->notnull, sizeof(char *) * (size_t) c->nnotnull,
												 sizeof(char *) * (size_t) (c->nnotnull + 1));
						c->notnull[c->nnotnull++] = cc->name;
					}
					return MIG_OK;
				}
				if (rb_col_has(cc, MIG_CONS_PRIMARY))
					return mig_error(ctx, "column \"%s\" is in a primary key", a->column);
				for (k = cc->ncons - 1; k >= 0; k--)
					if (cc->cons[k].kind == MIG_CONS_NOTNULL)
						remove_col_cons(cc, k);
				return MIG_OK;
			}
		case MIG_ALTER_SET_DEFAULT:
		case MIG_ALTER_DROP_DEFAULT:
			{
				mig_column *cc;

				if (col < 0)
					return column_missing(c, a->column);
				cc = &t->cols[col];
				for (k = cc->ncons - 1; k >= 0; k--)
					if (cc->cons[k].kind == MIG_CONS_DEFAULT)
						remove_col_cons(cc, k);
				if (a->kind == MIG_ALTER_SET_DEFAULT)
				{
					mig_cons	cn;
					char	   *body = mig_printf(ctx, "DEFAULT %s", a->expr);

					memset(&cn, 0, sizeof(cn));
					cn.kind = MIG_CONS_DEFAULT;
					/* SQLite wants an expression default in parentheses */
					cn.text = constant_default(ctx, body) ? body
						: mig_printf(ctx, "DEFAULT (%s)", a->expr);
					cn.body = cn.text;
					cc->cons = mig_realloc(ctx, cc->cons, sizeof(mig_cons) * (size_t) cc->ncons,
										   sizeof(mig_cons) * (size_t) (cc->ncons + 1));
					cc->cons[cc->ncons++] = cn;
				}
				cc->dirty = 1;
				return MIG_OK;
			}
		case MIG_ALTER_ADD_CONSTRAINT:
			{
				mig_cons	cn;
				char	   *text = a->expr;
				mig_toks	tk;

				/* PostgreSQL's NOT VALID has no meaning in SQLite: the rows
				 * are copied into the new table and checked there */
				mig_tokenize(ctx, MIG_ENGINE_SQLITE, text, &tk);
				if (tk.n >= 2 && mig_tok_is(&tk, tk.n - 2, "NOT") && mig_tok_is(&tk, tk.n - 1, "VALID"))
					text = mig_tok_text(&tk, 0, tk.n - 3);
				if (mig_cons_parse(ctx, text, &cn))
					return MIG_ERROR;
				if (cn.name != NULL)
				{
					int			i;

					for (i = 0; i < t->ncons; i++)
						if (t->cons[i].name && mig_name_eq(t->cons[i].name, cn.name))
							return mig_error(ctx, "constraint \"%s\" for relation \"%s\" already exists",
											 cn.name, c->name);
				}
				mig_table_add_cons(ctx, t, &cn);
				return MIG_OK;
			}
		case MIG_ALTER_DROP_CONSTRAINT:
			{
				int			i;

				/* by its name: its own, or PostgreSQL's for an unnamed one
				 * (numbered as PostgreSQL numbers them, so never ambiguous) */
				for (i = 0; i < t->ncons; i++)
					if (cons_has_pg_name(&t->cons[i]) &&
						mig_name_eq(mig_cons_name_at(ctx, t, c->name, -1, i), a->column))
					{
						remove_table_cons(t, i);
						return MIG_OK;
					}
				for (i = 0; i < t->ncols; i++)
					for (k = 0; k < t->cols[i].ncons; k++)
					{
						mig_cons   *cn = &t->cols[i].cons[k];

						if (cons_has_pg_name(cn) &&
							mig_name_eq(mig_cons_name_at(ctx, t, c->name, i, k), a->column))
						{
							if (cn->kind == MIG_CONS_PRIMARY &&
								mig_text_mentions(ctx, cn->body, "AUTOINCREMENT"))
								return mig_error(ctx, "cannot drop the primary key of %s: it carries "
												 "AUTOINCREMENT", c->name);
							remove_col_cons(&t->cols[i], k);
							return MIG_OK;
						}
					}
				if (a->if_exists)
					return skip(native);
				return mig_error(ctx, "constraint \"%s\" of relation \"%s\" does not exist",
								 a->column, c->name);
			}
		default:
			return mig_error(ctx, "ALTER TABLE %s: \"%s\" is not supported on SQLite",
							 c->name, a->text);
	}
}


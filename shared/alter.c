/*
 * alter.c -- ALTER TABLE in PostgreSQL's forms, the common language of
 * mig scripts:
 *
 *   ALTER TABLE [IF EXISTS] [ONLY] name action [, action ...]
 *     ADD [COLUMN] [IF NOT EXISTS] column_definition
 *     DROP [COLUMN] [IF EXISTS] column [RESTRICT | CASCADE]
 *     ALTER [COLUMN] column [SET DATA] TYPE type [COLLATE c] [USING expr]
 *     ALTER [COLUMN] column SET NOT NULL | DROP NOT NULL
 *     ALTER [COLUMN] column SET DEFAULT expr | DROP DEFAULT
 *     ADD [CONSTRAINT name] PRIMARY KEY | UNIQUE | CHECK | FOREIGN KEY ...
 *     DROP CONSTRAINT [IF EXISTS] name [RESTRICT | CASCADE]
 *   ALTER TABLE name RENAME [COLUMN] a TO b
 *   ALTER TABLE name RENAME TO new_name
 *
 * Parsing only: what each engine does with it is decided elsewhere.
 */
#include <ctype.h>
#include <string.h>

#include "mig_core.h"

/* The engine's comparison key for a name token: PostgreSQL folds bare
 * names to lower case, SQLite compares without case. */
static char *
name_key(const mig_toks *t, int i, mig_engine dialect)
{
	char	   *n = mig_tok_name(t, i);
	char	   *p;

	if (dialect == MIG_ENGINE_POSTGRESQL && t->v[i].kind == MIG_TOK_IDENT)
		return n;
	for (p = n; *p; p++)
		*p = (char) tolower((unsigned char) *p);
	return n;
}

static int
is_cons_start(const mig_toks *t, int i)
{
	return mig_tok_is(t, i, "CONSTRAINT") || mig_tok_is(t, i, "PRIMARY") ||
		mig_tok_is(t, i, "UNIQUE") || mig_tok_is(t, i, "CHECK") ||
		mig_tok_is(t, i, "FOREIGN") || mig_tok_is(t, i, "EXCLUDE");
}

/* Parse one action made of tokens [i, end). */
static int
parse_action(mig_ctx *ctx, const mig_toks *t, int i, int end, mig_alter_action *a)
{
	int			first = i;

	memset(a, 0, sizeof(*a));
	a->kind = MIG_ALTER_OTHER;
	a->text = mig_tok_text(t, i, end - 1);
	if (mig_tok_is(t, i, "ADD"))
	{
		i++;
		if (is_cons_start(t, i))
		{
			a->kind = MIG_ALTER_ADD_CONSTRAINT;
			a->expr = mig_tok_text(t, i, end - 1);
			if (mig_tok_is(t, i, "CONSTRAINT"))
			{
				if (i + 2 >= end || !mig_tok_is_name(t, i + 1))
					return mig_error(ctx, "ALTER TABLE: expected ADD CONSTRAINT name followed by "
									 "the constraint in \"%s\"", a->text);
				a->column = mig_tok_name(t, i + 1);
				a->column_sql = mig_tok_text(t, i + 1, i + 1);
			}
			else if (i + 1 >= end)
				return mig_error(ctx, "ALTER TABLE: incomplete constraint in \"%s\"", a->text);
			return MIG_OK;
		}
		if (mig_tok_is(t, i, "COLUMN"))
			i++;
		if (mig_tok_is(t, i, "IF") && mig_tok_is(t, i + 1, "NOT") && mig_tok_is(t, i + 2, "EXISTS"))
		{
			a->if_exists = 1;
			i += 3;
		}
		if (i >= end || !mig_tok_is_name(t, i))
			return mig_error(ctx, "ALTER TABLE: expected a column definition after ADD in \"%s\"", a->text);
		a->kind = MIG_ALTER_ADD_COLUMN;
		a->column = mig_tok_name(t, i);
		a->column_sql = mig_tok_text(t, i, i);
		a->expr = mig_tok_text(t, i, end - 1);
		return MIG_OK;
	}
	if (mig_tok_is(t, i, "DROP"))
	{
		i++;
		if (mig_tok_is(t, i, "CONSTRAINT"))
		{
			a->kind = MIG_ALTER_DROP_CONSTRAINT;
			i++;
		}
		else
		{
			a->kind = MIG_ALTER_DROP_COLUMN;
			if (mig_tok_is(t, i, "COLUMN"))
				i++;
		}
		if (mig_tok_is(t, i, "IF") && mig_tok_is(t, i + 1, "EXISTS"))
		{
			a->if_exists = 1;
			i += 2;
		}
		if (i >= end || !mig_tok_is_name(t, i))
			return mig_error(ctx, "ALTER TABLE: expected a name after DROP in \"%s\"", a->text);
		a->column = mig_tok_name(t, i);
		a->column_sql = mig_tok_text(t, i, i);
		i++;
		if (mig_tok_is(t, i, "RESTRICT"))
			i++;
		else if (mig_tok_is(t, i, "CASCADE"))
			return mig_error(ctx, "ALTER TABLE: DROP ... CASCADE is not portable; drop the "
							 "dependent objects first (\"%s\")", a->text);
		if (i != end)
			return mig_error(ctx, "ALTER TABLE: unexpected \"%s\" in \"%s\"",
							 mig_tok_text(t, i, end - 1), a->text);
		return MIG_OK;
	}
	if (mig_tok_is(t, i, "RENAME"))
	{
		i++;
		if (mig_tok_is(t, i, "TO"))
		{
			if (i + 2 != end || !mig_tok_is_name(t, i + 1))
				return mig_error(ctx, "ALTER TABLE: expected RENAME TO new_name in \"%s\"", a->text);
			a->kind = MIG_ALTER_RENAME_TABLE;
			a->new_name = mig_tok_name(t, i + 1);
			a->new_name_sql = mig_tok_text(t, i + 1, i + 1);
			return MIG_OK;
		}
		if (mig_tok_is(t, i, "CONSTRAINT"))
			return MIG_OK;		/* PostgreSQL only */
		if (mig_tok_is(t, i, "COLUMN"))
			i++;
		if (i + 3 != end || !mig_tok_is_name(t, i) || !mig_tok_is(t, i + 1, "TO") ||
			!mig_tok_is_name(t, i + 2))
			return mig_error(ctx, "ALTER TABLE: expected RENAME [COLUMN] a TO b in \"%s\"", a->text);
		a->kind = MIG_ALTER_RENAME_COLUMN;
		a->column = mig_tok_name(t, i);
		a->column_sql = mig_tok_text(t, i, i);
		a->new_name = mig_tok_name(t, i + 2);
		a->new_name_sql = mig_tok_text(t, i + 2, i + 2);
		return MIG_OK;
	}
	if (mig_tok_is(t, i, "ALTER"))
	{
		i++;
		if (mig_tok_is(t, i, "COLUMN"))
			i++;
		if (i >= end || !mig_tok_is_name(t, i))
			return mig_error(ctx, "ALTER TABLE: expected a column after ALTER in \"%s\"", a->text);
		a->column = mig_tok_name(t, i);
		a->column_sql = mig_tok_text(t, i, i);
		i++;
		if (mig_tok_is(t, i, "SET") && mig_tok_is(t, i + 1, "DATA") && mig_tok_is(t, i + 2, "TYPE"))
			i += 2;
		if (mig_tok_is(t, i, "TYPE"))
		{
			int			k = ++i;

			while (k < end && !(t->v[k].depth == t->v[first].depth &&
								(mig_tok_is(t, k, "COLLATE") || mig_tok_is(t, k, "USING"))))
				k++;
			if (k == i)
				return mig_error(ctx, "ALTER TABLE: expected a type after TYPE in \"%s\"", a->text);
			a->kind = MIG_ALTER_TYPE;
			a->type = mig_tok_text(t, i, k - 1);
			if (mig_tok_is(t, k, "COLLATE"))
			{
				int			last = k + 1;

				/* a collation may be schema-qualified: pg_catalog."C" */
				if (last + 2 < end && t->v[last + 1].kind == MIG_TOK_PUNCT &&
					t->sql[t->v[last + 1].start] == '.')
					last += 2;
				if (last >= end)
					return mig_error(ctx, "ALTER TABLE: expected a collation after COLLATE in \"%s\"",
									 a->text);
				a->collate = mig_tok_text(t, k + 1, last);
				k = last + 1;
			}
			if (mig_tok_is(t, k, "USING"))
			{
				if (k + 1 >= end)
					return mig_error(ctx, "ALTER TABLE: expected an expression after USING in \"%s\"", a->text);
				a->using_expr = mig_tok_text(t, k + 1, end - 1);
				k = end;
			}
			if (k != end)
				return mig_error(ctx, "ALTER TABLE: unexpected \"%s\" in \"%s\"",
								 mig_tok_text(t, k, end - 1), a->text);
			return MIG_OK;
		}
		{
			int			after = i;

			if (mig_tok_is(t, i, "SET") && mig_tok_is(t, i + 1, "NOT") && mig_tok_is(t, i + 2, "NULL"))
			{
				a->kind = MIG_ALTER_SET_NOT_NULL;
				after = i + 3;
			}
			else if (mig_tok_is(t, i, "DROP") && mig_tok_is(t, i + 1, "NOT") &&
					 mig_tok_is(t, i + 2, "NULL"))
			{
				a->kind = MIG_ALTER_DROP_NOT_NULL;
				after = i + 3;
			}
			else if (mig_tok_is(t, i, "DROP") && mig_tok_is(t, i + 1, "DEFAULT"))
			{
				a->kind = MIG_ALTER_DROP_DEFAULT;
				after = i + 2;
			}
			else if (mig_tok_is(t, i, "SET") && mig_tok_is(t, i + 1, "DEFAULT"))
			{
				if (i + 2 >= end)
					return mig_error(ctx, "ALTER TABLE: expected an expression after SET DEFAULT "
									 "in \"%s\"", a->text);
				a->kind = MIG_ALTER_SET_DEFAULT;
				a->expr = mig_tok_text(t, i + 2, end - 1);
				after = end;
			}
			if (a->kind != MIG_ALTER_OTHER && after != end)
				return mig_error(ctx, "ALTER TABLE: unexpected \"%s\" in \"%s\"",
								 mig_tok_text(t, after, end - 1), a->text);
		}
		return MIG_OK;
	}
	return MIG_OK;
}

int
mig_alter_parse(mig_ctx *ctx, mig_engine dialect, const char *sql, mig_alter *out)
{
	mig_toks	t;
	int			i = 2,
				start,
				cap = 0;

	memset(out, 0, sizeof(*out));
	mig_tokenize(ctx, dialect, sql, &t);
	if (!mig_tok_is(&t, 0, "ALTER") || !mig_tok_is(&t, 1, "TABLE"))
		return MIG_NOT_ALTER;
	if (mig_tok_is(&t, i, "IF") && mig_tok_is(&t, i + 1, "EXISTS"))
	{
		out->if_exists = 1;
		i += 2;
	}
	if (mig_tok_is(&t, i, "ONLY"))
		i++;
	if (!mig_tok_is_name(&t, i))
		return mig_error(ctx, "ALTER TABLE: expected a table name in \"%.200s\"", sql);
	start = i;
	if (i + 1 < t.n && t.v[i + 1].kind == MIG_TOK_PUNCT && t.sql[t.v[i + 1].start] == '.')
	{
		if (i + 2 >= t.n || !mig_tok_is_name(&t, i + 2) || mig_tok_is(&t, i + 2, "ADD") ||
			mig_tok_is(&t, i + 2, "DROP") || mig_tok_is(&t, i + 2, "ALTER") ||
			mig_tok_is(&t, i + 2, "RENAME"))
			return mig_error(ctx, "ALTER TABLE: expected a table name after \"%s.\" in \"%.200s\"",
							 mig_tok_name(&t, i), sql);
		out->schema = mig_tok_name(&t, i);
		i += 2;
	}
	out->table = mig_tok_name(&t, i);
	/* the same table means the same schema too */
	out->key = out->schema ? mig_printf(ctx, "%s.%s", name_key(&t, start, dialect),
										name_key(&t, i, dialect))
		: name_key(&t, i, dialect);
	out->table_sql = mig_tok_text(&t, start, i);
	out->head = mig_tok_text(&t, 0, i);
	i++;
	if (i < t.n && t.v[i].kind == MIG_TOK_PUNCT && t.sql[t.v[i].start] == '*')
		i++;				/* name * : PostgreSQL's "and descendants" */
	if (i >= t.n)
		return mig_error(ctx, "ALTER TABLE %s: no action", out->table_sql);
	while (i < t.n)
	{
		int			end = i;

		while (end < t.n && !(t.v[end].kind == MIG_TOK_COMMA && t.v[end].depth == 0) &&
			   t.v[end].kind != MIG_TOK_SEMI)
			end++;
		if (end == i || (end < t.n && end + 1 == t.n && t.v[end].kind == MIG_TOK_COMMA))
			return mig_error(ctx, "ALTER TABLE %s: empty action", out->table_sql);
		if (out->nactions == cap)
		{
			int			ncap = cap ? cap * 2 : 4;

			out->actions = mig_realloc(ctx, out->actions, sizeof(mig_alter_action) * (size_t) cap,
									   sizeof(mig_alter_action) * (size_t) ncap);
			cap = ncap;
		}
		if (parse_action(ctx, &t, i, end, &out->actions[out->nactions]))
			return MIG_ERROR;
		out->nactions++;
		i = end + 1;
	}
	for (i = 0; i < out->nactions; i++)
		if ((out->actions[i].kind == MIG_ALTER_RENAME_TABLE ||
			 out->actions[i].kind == MIG_ALTER_RENAME_COLUMN) && out->nactions > 1)
			return mig_error(ctx, "ALTER TABLE %s: RENAME cannot be combined with other actions "
							 "in one statement", out->table_sql);
	return MIG_OK;
}

int
mig_alter_action_mentions(mig_ctx *ctx, const mig_alter_action *a, const char *name)
{
	if ((a->column && mig_name_eq(a->column, name)) ||
		(a->new_name && mig_name_eq(a->new_name, name)))
		return 1;
	return mig_text_mentions(ctx, a->expr, name) || mig_text_mentions(ctx, a->using_expr, name) ||
		mig_text_mentions(ctx, a->type, name);
}

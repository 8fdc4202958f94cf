/*
 * ddl.c -- SQLite's CREATE TABLE text as a model that can be changed and
 * written back without losing anything the text holds.
 *
 * Every column definition and table constraint keeps the text it was
 * written with; only what an ALTER changes is written anew, from parts
 * that are themselves kept as written.  So comments, COLLATE, CHECKs,
 * generated columns, ON CONFLICT clauses, STRICT and WITHOUT ROWID all
 * survive a rebuild.
 */
#include <string.h>

#include "mig_core.h"

static const char *const cons_words[] = {
	"CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT",
	"COLLATE", "REFERENCES", "GENERATED", "AS", NULL
};

static int
starts_constraint(const mig_toks *t, int i)
{
	int			k;

	for (k = 0; cons_words[k]; k++)
		if (mig_tok_is(t, i, cons_words[k]))
			return 1;
	return 0;
}

/* Index of the token after a balanced group starting at LPAREN i. */
static int
skip_group(const mig_toks *t, int i)
{
	int			base = t->v[i].depth;

	for (i++; i < t->n; i++)
		if (t->v[i].kind == MIG_TOK_RPAREN && t->v[i].depth == base)
			return i + 1;
	return t->n;
}

static mig_cons_kind
cons_kind_of(const mig_toks *t, int i)
{
	if (mig_tok_is(t, i, "PRIMARY"))
		return MIG_CONS_PRIMARY;
	if (mig_tok_is(t, i, "NOT"))
		return MIG_CONS_NOTNULL;
	if (mig_tok_is(t, i, "NULL"))
		return MIG_CONS_NULL;
	if (mig_tok_is(t, i, "UNIQUE"))
		return MIG_CONS_UNIQUE;
	if (mig_tok_is(t, i, "CHECK"))
		return MIG_CONS_CHECK;
	if (mig_tok_is(t, i, "DEFAULT"))
		return MIG_CONS_DEFAULT;
	if (mig_tok_is(t, i, "COLLATE"))
		return MIG_CONS_COLLATE;
	if (mig_tok_is(t, i, "REFERENCES") || mig_tok_is(t, i, "FOREIGN"))
		return MIG_CONS_REFERENCES;
	return MIG_CONS_GENERATED;
}

/* One constraint starting at token i (at CONSTRAINT or its keyword) of a
 * column definition; returns the index after it. */
static int
parse_col_cons(mig_ctx *ctx, const mig_toks *t, int i, int end, mig_cons *c)
{
	int			first = i;
	int			body;
	mig_cons_kind kind;

	memset(c, 0, sizeof(*c));
	if (mig_tok_is(t, i, "CONSTRAINT") && i + 1 < end)
	{
		c->name = mig_tok_name(t, i + 1);
		i += 2;
	}
	body = i;
	kind = cons_kind_of(t, i);
	c->kind = kind;
	i++;
	if (kind == MIG_CONS_DEFAULT)
	{
		/* one term: a literal, a signed number, a name or ( expr ) */
		if (i < end && t->v[i].kind == MIG_TOK_PUNCT && (t->sql[t->v[i].start] == '-' ||
														 t->sql[t->v[i].start] == '+'))
			i++;
		if (i < end && t->v[i].kind == MIG_TOK_LPAREN)
			i = skip_group(t, i);
		else if (i < end)
			i++;
	}
	else
	{
		if (kind == MIG_CONS_NOTNULL && mig_tok_is(t, i, "NULL"))
			i++;
		while (i < end)
		{
			if (t->v[i].kind == MIG_TOK_LPAREN)
			{
				i = skip_group(t, i);
				continue;
			}
			/* NOT DEFERRABLE belongs to REFERENCES; AS to GENERATED */
			if (kind == MIG_CONS_REFERENCES && mig_tok_is(t, i, "NOT") &&
				mig_tok_is(t, i + 1, "DEFERRABLE"))
			{
				i += 2;
				continue;
			}
			/* ON DELETE SET NULL / SET DEFAULT */
			if (kind == MIG_CONS_REFERENCES && mig_tok_is(t, i - 1, "SET") &&
				(mig_tok_is(t, i, "NULL") || mig_tok_is(t, i, "DEFAULT")))
			{
				i++;
				continue;
			}
			if (kind == MIG_CONS_GENERATED && mig_tok_is(t, i, "AS"))
			{
				i++;
				continue;
			}
			if (starts_constraint(t, i))
				break;
			i++;
		}
	}
	c->text = mig_tok_text(t, first, i - 1);
	c->body = mig_tok_text(t, body, i - 1);
	(void) ctx;
	return i;
}

/* Parse the column definition made of tokens [from, end). */
static int
parse_column_toks(mig_ctx *ctx, const mig_toks *t, int from, int end, mig_column *c)
{
	int			i = from + 1;
	int			cap = 0;

	memset(c, 0, sizeof(*c));
	c->src = -1;
	if (from >= end || !mig_tok_is_name(t, from))
		return mig_error(ctx, "expected a column name in \"%s\"", mig_tok_text(t, from, end - 1));
	c->name = mig_tok_name(t, from);
	c->name_sql = mig_tok_text(t, from, from);
	c->raw = mig_tok_text(t, from, end - 1);
	while (i < end && !starts_constraint(t, i))
		i = t->v[i].kind == MIG_TOK_LPAREN ? skip_group(t, i) : i + 1;
	c->type = i > from + 1 ? mig_tok_text(t, from + 1, i - 1) : mig_strdup(ctx, "");
	while (i < end)
	{
		if (c->ncons == cap)
		{
			int			ncap = cap ? cap * 2 : 4;

			c->cons = mig_realloc(ctx, c->cons, sizeof(mig_cons) * (size_t) cap,
								  sizeof(mig_cons) * (size_t) ncap);
			cap = ncap;
		}
		i = parse_col_cons(ctx, t, i, end, &c->cons[c->ncons++]);
	}
	return MIG_OK;
}

int
mig_column_parse(mig_ctx *ctx, const char *text, mig_column *out)
{
	mig_toks	t;

	mig_tokenize(ctx, MIG_ENGINE_SQLITE, text, &t);
	return parse_column_toks(ctx, &t, 0, t.n, out);
}

/* A table constraint made of tokens [from, end). */
static void
parse_table_cons_toks(const mig_toks *t, int from, int end, mig_cons *c)
{
	int			body = from;

	memset(c, 0, sizeof(*c));
	if (mig_tok_is(t, from, "CONSTRAINT") && from + 1 < end)
	{
		c->name = mig_tok_name(t, from + 1);
		body = from + 2;
	}
	c->kind = cons_kind_of(t, body);
	c->text = mig_tok_text(t, from, end - 1);
	c->body = mig_tok_text(t, body, end - 1);
}

int
mig_cons_parse(mig_ctx *ctx, const char *text, mig_cons *out)
{
	mig_toks	t;
	int			body;

	mig_tokenize(ctx, MIG_ENGINE_SQLITE, text, &t);
	body = mig_tok_is(&t, 0, "CONSTRAINT") ? 2 : 0;
	if (!(mig_tok_is(&t, body, "PRIMARY") || mig_tok_is(&t, body, "UNIQUE") ||
		  mig_tok_is(&t, body, "CHECK") || mig_tok_is(&t, body, "FOREIGN")))
		return mig_error(ctx, "expected PRIMARY KEY, UNIQUE, CHECK or FOREIGN KEY in \"%s\"", text);
	parse_table_cons_toks(&t, 0, t.n, out);
	return MIG_OK;
}

static char *comments_between(mig_ctx *ctx, const mig_toks *t, size_t a, size_t b);

/* The comments between the previous token and token i, trimmed. */
static char *
leading_comments(mig_ctx *ctx, const mig_toks *t, int i)
{
	return comments_between(ctx, t, i > 0 ? t->v[i - 1].start + t->v[i - 1].len : 0,
							t->v[i].start);
}

/* The text between two offsets, blank space trimmed; NULL when none. */
static char *
comments_between(mig_ctx *ctx, const mig_toks *t, size_t a, size_t b)
{

	while (a < b && (t->sql[a] == ' ' || t->sql[a] == '\t' || t->sql[a] == '\n' ||
					 t->sql[a] == '\r'))
		a++;
	while (b > a && (t->sql[b - 1] == ' ' || t->sql[b - 1] == '\t' ||
					 t->sql[b - 1] == '\n' || t->sql[b - 1] == '\r'))
		b--;
	return b > a ? mig_strndup(ctx, t->sql + a, b - a) : NULL;
}

static int
is_table_cons(const mig_toks *t, int i)
{
	return mig_tok_is(t, i, "CONSTRAINT") || mig_tok_is(t, i, "PRIMARY") ||
		mig_tok_is(t, i, "UNIQUE") || mig_tok_is(t, i, "CHECK") ||
		mig_tok_is(t, i, "FOREIGN");
}

int
mig_table_parse(mig_ctx *ctx, const char *sql, mig_table *out)
{
	mig_toks	t;
	int			i = 0,
				open = -1,
				close,
				piece;

	memset(out, 0, sizeof(*out));
	mig_tokenize(ctx, MIG_ENGINE_SQLITE, sql, &t);
	if (mig_tok_is(&t, 1, "VIRTUAL"))
		return mig_error(ctx, "a virtual table cannot be altered: \"%.80s\"", sql);
	/* CREATE [TEMP] TABLE [IF NOT EXISTS] [schema.]name ( ... ) options */
	for (i = 0; i < t.n; i++)
		if (t.v[i].kind == MIG_TOK_LPAREN && t.v[i].depth == 0)
		{
			open = i;
			break;
		}
		else if (mig_tok_is(&t, i, "AS") && i > 2)
			break;
	if (open < 2)
		return mig_error(ctx, "cannot read the table definition \"%.80s\" (CREATE TABLE ... AS "
						 "SELECT cannot be rebuilt)", sql);
	out->name = mig_tok_name(&t, open - 1);
	close = skip_group(&t, open) - 1;
	out->options = close + 1 < t.n ? mig_tok_text(&t, close + 1, t.n - 1) : mig_strdup(ctx, "");
	piece = open + 1;
	for (i = open + 1; i <= close; i++)
	{
		if (i < close && !(t.v[i].kind == MIG_TOK_COMMA && t.v[i].depth == 1))
			continue;
		if (piece < i)
		{
			char	   *lead = leading_comments(ctx, &t, piece);
			char	   *trail = comments_between(ctx, &t, t.v[i - 1].start + t.v[i - 1].len,
												 t.v[i].start);

			if (is_table_cons(&t, piece))
			{
				mig_cons	c;

				parse_table_cons_toks(&t, piece, i, &c);
				c.lead = lead;
				c.trail = trail;
				mig_table_add_cons(ctx, out, &c);
			}
			else
			{
				mig_column	c;

				if (parse_column_toks(ctx, &t, piece, i, &c))
					return MIG_ERROR;
				c.lead = lead;
				c.trail = trail;
				mig_table_add_column(ctx, out, &c);
			}
		}
		piece = i + 1;
	}
	return MIG_OK;
}

void
mig_table_add_column(mig_ctx *ctx, mig_table *t, const mig_column *c)
{
	if (t->ncols == t->capcols)
	{
		int			ncap = t->capcols ? t->capcols * 2 : 16;

		t->cols = mig_realloc(ctx, t->cols, sizeof(mig_column) * (size_t) t->capcols,
							  sizeof(mig_column) * (size_t) ncap);
		t->capcols = ncap;
	}
	t->cols[t->ncols++] = *c;
}

void
mig_table_add_cons(mig_ctx *ctx, mig_table *t, const mig_cons *c)
{
	if (t->ncons == t->capcons)
	{
		int			ncap = t->capcons ? t->capcons * 2 : 8;

		t->cons = mig_realloc(ctx, t->cons, sizeof(mig_cons) * (size_t) t->capcons,
							  sizeof(mig_cons) * (size_t) ncap);
		t->capcons = ncap;
	}
	t->cons[t->ncons++] = *c;
}

int
mig_table_find_column(const mig_table *t, const char *name)
{
	int			i;

	for (i = 0; i < t->ncols; i++)
		if (mig_name_eq(t->cols[i].name, name))
			return i;
	return -1;
}

/* Words that are SQL, not column names, in a CHECK or generated-column
 * expression (a column spelled like one of these must be quoted). */
static const char *const expr_words[] = {
	"AND", "OR", "NOT", "NULL", "IS", "IN", "BETWEEN", "LIKE", "GLOB", "REGEXP",
	"MATCH", "ESCAPE", "CASE", "WHEN", "THEN", "ELSE", "END", "CAST", "AS",
	"COLLATE", "EXISTS", "TRUE", "FALSE", "DISTINCT", "SELECT", "FROM", "WHERE",
	"CHECK", "GENERATED", "ALWAYS", "STORED", "VIRTUAL", "ISNULL", "NOTNULL",
	"CURRENT_TIME", "CURRENT_DATE", "CURRENT_TIMESTAMP", NULL
};

static int
is_expr_word(const mig_toks *t, int i)
{
	int			k;

	if (t->v[i].kind != MIG_TOK_WORD)
		return 0;
	for (k = 0; expr_words[k]; k++)
		if (mig_tok_is(t, i, expr_words[k]))
			return 1;
	return 0;
}

int
mig_tok_is_column_ref(const mig_toks *t, int i)
{
	if (!mig_tok_is_name(t, i) || is_expr_word(t, i))
		return 0;
	/* a function name, or the collation after COLLATE */
	if (t->v[i].kind == MIG_TOK_WORD && i + 1 < t->n && t->v[i + 1].kind == MIG_TOK_LPAREN)
		return 0;
	if (i > 0 && mig_tok_is(t, i - 1, "COLLATE"))
		return 0;
	/* in (a COLLATE x DESC): only the names */
	return !mig_tok_is(t, i, "ASC") && !mig_tok_is(t, i, "DESC");
}

int
mig_cons_columns(mig_ctx *ctx, const mig_cons *c, char ***out)
{
	mig_toks	t;
	int			i,
				n = 0,
				from = 0,
				to;

	mig_tokenize(ctx, MIG_ENGINE_SQLITE, c->body, &t);
	*out = mig_alloc(ctx, sizeof(char *) * (size_t) (t.n + 1));
	to = t.n;
	switch (c->kind)
	{
		case MIG_CONS_PRIMARY:
		case MIG_CONS_UNIQUE:
		case MIG_CONS_REFERENCES:
			/* the first parenthesised list: (a, b) of PRIMARY KEY (a, b),
			 * FOREIGN KEY (a) REFERENCES p (x); none for a column's own
			 * PRIMARY KEY or REFERENCES */
			for (i = 0; i < t.n; i++)
				if (t.v[i].kind == MIG_TOK_LPAREN || mig_tok_is(&t, i, "REFERENCES"))
					break;
			if (i >= t.n || t.v[i].kind != MIG_TOK_LPAREN)
				return 0;
			from = i + 1;
			for (to = from; to < t.n && !(t.v[to].kind == MIG_TOK_RPAREN &&
										 t.v[to].depth == t.v[i].depth); to++)
				;
			break;
		case MIG_CONS_CHECK:
		case MIG_CONS_GENERATED:
			break;
		default:
			return 0;
	}
	for (i = from; i < to; i++)
	{
		int			k,
					seen = 0;
		char	   *name;

		if (!mig_tok_is_column_ref(&t, i))
			continue;
		name = mig_tok_name(&t, i);
		for (k = 0; k < n; k++)
			if (mig_name_eq((*out)[k], name))
				seen = 1;
		if (!seen)
			(*out)[n++] = name;
	}
	return n;
}

int
mig_cons_mentions(mig_ctx *ctx, const mig_cons *c, const char *column)
{
	char	  **cols;
	int			n = mig_cons_columns(ctx, c, &cols),
				i;

	for (i = 0; i < n; i++)
		if (mig_name_eq(cols[i], column))
			return 1;
	return 0;
}

char *
mig_column_render(mig_ctx *ctx, const mig_column *c)
{
	mig_buf		b;
	int			i;

	if (!c->dirty)
		return c->raw;
	mig_buf_init(&b, ctx);
	mig_buf_puts(&b, c->name_sql);
	if (c->type[0])
	{
		mig_buf_puts(&b, " ");
		mig_buf_puts(&b, c->type);
	}
	for (i = 0; i < c->ncons; i++)
	{
		mig_buf_puts(&b, " ");
		mig_buf_puts(&b, c->cons[i].text);
	}
	return b.data;
}

char *
mig_table_render(mig_ctx *ctx, const mig_table *t, const char *qname)
{
	mig_buf		b;
	int			i;

	mig_buf_init(&b, ctx);
	mig_buf_printf(&b, "CREATE TABLE %s (\n", qname);
	for (i = 0; i < t->ncols; i++)
	{
		if (t->cols[i].lead)
			mig_buf_printf(&b, "  %s\n", t->cols[i].lead);
		mig_buf_printf(&b, "  %s%s%s%s\n", mig_column_render(ctx, &t->cols[i]),
					   i + 1 < t->ncols || t->ncons ? "," : "",
					   t->cols[i].trail ? " " : "", t->cols[i].trail ? t->cols[i].trail : "");
	}
	for (i = 0; i < t->ncons; i++)
	{
		if (t->cons[i].lead)
			mig_buf_printf(&b, "  %s\n", t->cons[i].lead);
		mig_buf_printf(&b, "  %s%s%s%s\n", t->cons[i].text, i + 1 < t->ncons ? "," : "",
					   t->cons[i].trail ? " " : "", t->cons[i].trail ? t->cons[i].trail : "");
	}
	mig_buf_puts(&b, ")");
	if (t->options[0])
	{
		mig_buf_puts(&b, " ");
		mig_buf_puts(&b, t->options);
	}
	return b.data;
}

/* ---- PostgreSQL's names for unnamed constraints ---- */

static int
has_pg_name(const mig_cons *k)
{
	return k->kind == MIG_CONS_PRIMARY || k->kind == MIG_CONS_UNIQUE ||
		k->kind == MIG_CONS_CHECK || k->kind == MIG_CONS_REFERENCES;
}

char *
mig_cons_name_at(mig_ctx *ctx, const mig_table *t, const char *table, int col, int k)
{
	char	  **used;
	int			nused = 0,
				cap = 8,
				c,
				j,
				pass;

	used = mig_alloc(ctx, sizeof(char *) * (size_t) cap);
	/* the given names are taken */
	for (pass = 0; pass < 2; pass++)
		for (c = 0; c <= t->ncols; c++)
		{
			/* the columns' constraints, then the table's (c == ncols) */
			int			is_table = c == t->ncols;
			const mig_cons *v = is_table ? t->cons : t->cols[c].cons;
			int			n = is_table ? t->ncons : t->cols[c].ncons;

			for (j = 0; j < n; j++)
			{
				char	   *name;
				int			i,
							suffix = 0;

				if (!has_pg_name(&v[j]) || (pass == 0) != (v[j].name != NULL))
					continue;
				name = v[j].name;
				if (name == NULL)
				{
					/* the unnamed ones, in the order they are written (columns
					 * first, then table constraints), take the next free
					 * name: base, base1, base2, ... */
					char	   *base = mig_cons_auto_name(ctx, t, table, &v[j],
														  is_table ? NULL : t->cols[c].name);

					name = base;
					for (i = 0; i < nused; i++)
						if (mig_name_eq(used[i], name))
						{
							name = mig_printf(ctx, "%s%d", base, ++suffix);
							i = -1;
						}
				}
				if (nused == cap)
				{
					used = mig_realloc(ctx, used, sizeof(char *) * (size_t) cap,
									   sizeof(char *) * (size_t) cap * 2);
					cap *= 2;
				}
				used[nused++] = name;
				if (pass == 1 && (is_table ? col < 0 : c == col) && j == k)
					return name;
			}
		}
	/* a named one */
	return col < 0 ? t->cons[k].name : t->cols[col].cons[k].name;
}

char *
mig_cons_auto_name(mig_ctx *ctx, const mig_table *t, const char *table,
				   const mig_cons *k, const char *col)
{
	const char *cols[16];
	int			n = 0,
				i;
	mig_buf		b;

	mig_buf_init(&b, ctx);
	mig_buf_puts(&b, table);
	if (k->kind == MIG_CONS_PRIMARY)
	{
		mig_buf_puts(&b, "_pkey");
		return b.data;
	}
	/* a CHECK is named after the one column its expression uses, wherever
	 * it is written (PostgreSQL looks at the expression only) */
	if (col != NULL && k->kind != MIG_CONS_CHECK)
		cols[n++] = col;
	else
	{
		char	  **names;
		int			m = mig_cons_columns(ctx, k, &names);

		/* the table's columns it uses, in order of appearance, once each */
		for (i = 0; i < m && n < 16; i++)
		{
			int			c = mig_table_find_column(t, names[i]),
						j,
						seen = 0;

			for (j = 0; j < n && c >= 0; j++)
				seen |= cols[j] == t->cols[c].name;
			if (c >= 0 && !seen)
				cols[n++] = t->cols[c].name;
		}
	}
	if (k->kind == MIG_CONS_CHECK && n != 1)
		n = 0;					/* a CHECK over several columns: <table>_check */
	for (i = 0; i < n; i++)
		mig_buf_printf(&b, "_%s", cols[i]);
	mig_buf_puts(&b, k->kind == MIG_CONS_UNIQUE ? "_key" :
				 k->kind == MIG_CONS_REFERENCES ? "_fkey" : "_check");
	return b.data;
}

/*
 * types.c -- one spelling of a type for both engines.
 *
 * Portable sections are written with PostgreSQL's type names, which SQLite
 * accepts through its affinity rules, with a few exceptions that mig
 * translates in column definitions (CREATE TABLE, ALTER TABLE ... ADD
 * COLUMN and ... TYPE):
 *
 *   written          SQLite runs      PostgreSQL runs
 *   BYTEA / BLOB     BLOB             BYTEA
 *   SERIAL           INTEGER          SERIAL          (INTEGER PRIMARY KEY is
 *   BIGSERIAL        INTEGER          BIGSERIAL        SQLite's auto id)
 *   DATETIME         DATETIME         TIMESTAMP
 *   DOUBLE           DOUBLE           DOUBLE PRECISION
 *
 * Only the type position of a column definition is touched; a word in a
 * string, a default or a CHECK never is.
 */
#include <string.h>
#include <strings.h>

#include "mig_core.h"

typedef struct type_map
{
	const char *from;
	const char *to;
	mig_engine	engine;
} type_map;

static const type_map type_maps[] = {
	{"BYTEA", "BLOB", MIG_ENGINE_SQLITE},
	{"SERIAL", "INTEGER", MIG_ENGINE_SQLITE},
	{"BIGSERIAL", "INTEGER", MIG_ENGINE_SQLITE},
	{"SMALLSERIAL", "INTEGER", MIG_ENGINE_SQLITE},
	{"BLOB", "BYTEA", MIG_ENGINE_POSTGRESQL},
	{"DATETIME", "TIMESTAMP", MIG_ENGINE_POSTGRESQL},
	{"DOUBLE", "DOUBLE PRECISION", MIG_ENGINE_POSTGRESQL},
	{NULL, NULL, MIG_ENGINE_SQLITE}
};

typedef struct splice
{
	size_t		start;
	size_t		len;
	const char *with;
} splice;

typedef struct splices
{
	mig_ctx    *ctx;
	splice	   *v;
	int			n;
	int			cap;
} splices;

/* Record a replacement when token i is a type to translate. */
static void
maybe_translate(const mig_toks *t, int i, mig_engine engine, splices *sp)
{
	int			k;

	if (i >= t->n || t->v[i].kind != MIG_TOK_WORD)
		return;
	/* each type position is visited once, in order; never twice */
	if (sp->n > 0 && sp->v[sp->n - 1].start >= t->v[i].start)
		return;
	for (k = 0; type_maps[k].from; k++)
		if (type_maps[k].engine == engine && mig_tok_is(t, i, type_maps[k].from))
		{
			/* DOUBLE PRECISION is already right */
			if (strcmp(type_maps[k].from, "DOUBLE") == 0 && mig_tok_is(t, i + 1, "PRECISION"))
				return;
			if (sp->n == sp->cap)
			{
				int			ncap = sp->cap ? sp->cap * 2 : 16;

				sp->v = mig_realloc(sp->ctx, sp->v, sizeof(splice) * (size_t) sp->cap,
									sizeof(splice) * (size_t) ncap);
				sp->cap = ncap;
			}
			sp->v[sp->n].start = t->v[i].start;
			sp->v[sp->n].len = t->v[i].len;
			sp->v[sp->n].with = type_maps[k].to;
			sp->n++;
			return;
		}
}

static int
is_table_cons_word(const mig_toks *t, int i)
{
	return mig_tok_is(t, i, "CONSTRAINT") || mig_tok_is(t, i, "PRIMARY") ||
		mig_tok_is(t, i, "UNIQUE") || mig_tok_is(t, i, "CHECK") ||
		mig_tok_is(t, i, "FOREIGN") || mig_tok_is(t, i, "EXCLUDE") || mig_tok_is(t, i, "LIKE");
}

/* ALTER TABLE: the type of ADD [COLUMN] [IF NOT EXISTS] name TYPE and of
 * ALTER [COLUMN] name [SET DATA] TYPE type, looked for at each action's
 * start only. */
static void
alter_types(const mig_toks *t, mig_engine engine, splices *sp)
{
	int			i = 2;

	/* the table name: [IF EXISTS] [ONLY] [schema .] name */
	while (i < t->n && t->v[i].kind != MIG_TOK_COMMA &&
		   !(mig_tok_is(t, i, "ADD") || mig_tok_is(t, i, "ALTER")))
		i++;
	while (i < t->n)
	{
		int			k = i;

		if (mig_tok_is(t, k, "ADD") && !is_table_cons_word(t, k + 1))
		{
			k++;
			if (mig_tok_is(t, k, "COLUMN"))
				k++;
			if (mig_tok_is(t, k, "IF") && mig_tok_is(t, k + 1, "NOT") && mig_tok_is(t, k + 2, "EXISTS"))
				k += 3;
			maybe_translate(t, k + 1, engine, sp);
		}
		else if (mig_tok_is(t, k, "ALTER"))
		{
			k++;
			if (mig_tok_is(t, k, "COLUMN"))
				k++;
			k++;				/* the column */
			if (mig_tok_is(t, k, "SET") && mig_tok_is(t, k + 1, "DATA"))
				k += 2;
			if (mig_tok_is(t, k, "TYPE"))
				maybe_translate(t, k + 1, engine, sp);
		}
		/* the next action */
		while (i < t->n && !(t->v[i].kind == MIG_TOK_COMMA && t->v[i].depth == 0))
			i++;
		i++;
	}
}

char *
mig_translate_types(mig_ctx *ctx, mig_engine engine, const char *sql)
{
	mig_toks	t;
	splices		sp;
	int			i;
	mig_buf		b;
	size_t		at = 0;

	memset(&sp, 0, sizeof(sp));
	sp.ctx = ctx;
	mig_tokenize(ctx, engine, sql, &t);
	if (mig_tok_is(&t, 0, "CREATE"))
	{
		int			open = -1;

		for (i = 1; i < t.n && i < 8; i++)
			if (mig_tok_is(&t, i, "TABLE"))
				break;
		if (i >= t.n || i >= 8)
			return (char *) sql;
		for (; i < t.n; i++)
			if (t.v[i].kind == MIG_TOK_LPAREN && t.v[i].depth == 0)
			{
				open = i;
				break;
			}
			else if (mig_tok_is(&t, i, "AS"))
				return (char *) sql;
		if (open < 0)
			return (char *) sql;
		/* each definition: name, then its type */
		for (i = open + 1; i < t.n; i++)
		{
			int			piece = i;

			if (!is_table_cons_word(&t, piece) && mig_tok_is_name(&t, piece))
				maybe_translate(&t, piece + 1, engine, &sp);
			while (i < t.n && !(t.v[i].depth == 1 && (t.v[i].kind == MIG_TOK_COMMA)) &&
				   !(t.v[i].kind == MIG_TOK_RPAREN && t.v[i].depth == 0))
				i++;
			if (i < t.n && t.v[i].kind == MIG_TOK_RPAREN)
				break;
		}
	}
	else if (mig_tok_is(&t, 0, "ALTER") && mig_tok_is(&t, 1, "TABLE"))
		alter_types(&t, engine, &sp);
	if (sp.n == 0)
		return (char *) sql;
	mig_buf_init(&b, ctx);
	for (i = 0; i < sp.n; i++)
	{
		mig_buf_add(&b, sql + at, sp.v[i].start - at);
		mig_buf_puts(&b, sp.v[i].with);
		at = sp.v[i].start + sp.v[i].len;
	}
	mig_buf_puts(&b, sql + at);
	return b.data;
}

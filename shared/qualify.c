/*
 * qualify.c -- SQLite has no search_path: a statement of a script that
 * belongs to an attached database ("-- mig:database monitor") names its
 * tables without a schema, and SQLite would look for them in temp and main
 * first.  So mig writes the database's name in front of every table name
 * that a statement creates, drops, alters, writes or reads from without a
 * schema:
 *
 *   CREATE TABLE t (...)              CREATE TABLE monitor.t (...)
 *   CREATE INDEX i ON t (a)           CREATE INDEX monitor.i ON t (a)
 *   INSERT INTO t SELECT * FROM u     INSERT INTO monitor.t SELECT * FROM monitor.u
 *   ALTER TABLE t ADD COLUMN c        ALTER TABLE monitor.t ADD COLUMN c
 *
 * What SQLite resolves in the object's own database by itself is left
 * alone: the table of CREATE INDEX and CREATE TRIGGER, REFERENCES, the
 * bodies of views and triggers, RENAME TO.  Names already qualified,
 * table-valued functions and the names of WITH clauses are left alone
 * too; so is everything of CREATE TEMP.
 */
#include <string.h>

#include "mig_core.h"

typedef struct qual
{
	mig_toks	t;
	unsigned char *mark;		/* tokens to write the schema in front of */
	char	  **ctes;			/* names a WITH clause defines */
	int			nctes;
} qual;

static int
is_cte(const qual *q, int i)
{
	char	   *name = mig_tok_name(&q->t, i);
	int			k;

	for (k = 0; k < q->nctes; k++)
		if (mig_name_eq(q->ctes[k], name))
			return 1;
	return 0;
}

/* Mark token i when it is a bare table name (not schema.name, not a WITH
 * name, not a subquery; in a FROM list, not a table-valued function). */
static void
mark_name(qual *q, int i, int in_from)
{
	const mig_toks *t = &q->t;

	if (i >= t->n || !mig_tok_is_name(t, i))
		return;
	if (i + 1 < t->n && ((in_from && t->v[i + 1].kind == MIG_TOK_LPAREN) ||
						 (t->v[i + 1].kind == MIG_TOK_PUNCT && t->sql[t->v[i + 1].start] == '.')))
		return;
	if (mig_tok_is(t, i, "SELECT") || mig_tok_is(t, i, "VALUES") || is_cte(q, i))
		return;
	q->mark[i] = 1;
}

/* An object named by CREATE, DROP, ALTER, INTO or UPDATE. */
static void
mark_table(qual *q, int i)
{
	mark_name(q, i, 0);
}

/* A table of a FROM or JOIN list. */
static void
mark_from(qual *q, int i)
{
	mark_name(q, i, 1);
}

/* The names that WITH clauses define: "WITH [RECURSIVE] n [(cols)] AS (". */
static void
find_ctes(mig_ctx *ctx, qual *q)
{
	const mig_toks *t = &q->t;
	int			i;

	for (i = 0; i + 2 < t->n; i++)
	{
		int			j = i + 1;

		if (!(mig_tok_is(t, i, "WITH") || mig_tok_is(t, i, "RECURSIVE") ||
			  (t->v[i].kind == MIG_TOK_COMMA)))
			continue;
		if (!mig_tok_is_name(t, j))
			continue;
		if (j + 1 < t->n && t->v[j + 1].kind == MIG_TOK_LPAREN)
		{
			int			base = t->v[j + 1].depth;

			for (j += 2; j < t->n && !(t->v[j].kind == MIG_TOK_RPAREN && t->v[j].depth == base); j++)
				;
		}
		if (mig_tok_is(t, j + 1, "AS") &&
			(j + 2 < t->n && (t->v[j + 2].kind == MIG_TOK_LPAREN ||
							  mig_tok_is(t, j + 2, "MATERIALIZED") || mig_tok_is(t, j + 2, "NOT"))))
		{
			q->ctes = mig_realloc(ctx, q->ctes, sizeof(char *) * (size_t) q->nctes,
								  sizeof(char *) * (size_t) (q->nctes + 1));
			q->ctes[q->nctes++] = mig_tok_name(t, i + 1);
		}
	}
}

/* Words that end a FROM clause's list of tables. */
static int
ends_from(const mig_toks *t, int i)
{
	static const char *const words[] = {
		"WHERE", "GROUP", "ORDER", "LIMIT", "HAVING", "WINDOW", "UNION", "EXCEPT",
		"INTERSECT", "ON", "USING", "RETURNING", "SET", "VALUES", "SELECT", NULL
	};
	int			k;

	if (t->v[i].kind == MIG_TOK_SEMI)
		return 1;
	for (k = 0; words[k]; k++)
		if (mig_tok_is(t, i, words[k]))
			return 1;
	return 0;
}

/* The tables a query part reads, from token i on: after FROM and JOIN,
 * and after each comma of a FROM list. */
static void
mark_query(qual *q, int i)
{
	const mig_toks *t = &q->t;

	for (; i < t->n; i++)
	{
		int			depth,
					j;

		if (mig_tok_is(t, i, "JOIN"))
		{
			mark_from(q, i + 1);
			continue;
		}
		if (!mig_tok_is(t, i, "FROM"))
			continue;
		mark_from(q, i + 1);
		depth = t->v[i].depth;
		for (j = i + 1; j < t->n; j++)
		{
			if (t->v[j].depth < depth || (t->v[j].kind == MIG_TOK_RPAREN && t->v[j].depth == depth))
				break;
			if (t->v[j].depth > depth)
				continue;
			if (ends_from(t, j) || mig_tok_is(t, j, "JOIN"))
				break;
			if (t->v[j].kind == MIG_TOK_COMMA)
				mark_from(q, j + 1);
		}
	}
}

/* Skip "IF [NOT] EXISTS" at token i. */
static int
skip_if_exists(const mig_toks *t, int i)
{
	if (mig_tok_is(t, i, "IF") && mig_tok_is(t, i + 1, "NOT") && mig_tok_is(t, i + 2, "EXISTS"))
		return i + 3;
	if (mig_tok_is(t, i, "IF") && mig_tok_is(t, i + 1, "EXISTS"))
		return i + 2;
	return i;
}

static int
is_object_word(const mig_toks *t, int i)
{
	return mig_tok_is(t, i, "TABLE") || mig_tok_is(t, i, "INDEX") ||
		mig_tok_is(t, i, "VIEW") || mig_tok_is(t, i, "TRIGGER");
}

char *
mig_sqlite_qualify(mig_ctx *ctx, const char *sql, const char *schema)
{
	qual		q;
	const mig_toks *t = &q.t;
	mig_buf		b;
	size_t		at = 0;
	int			i;

	memset(&q, 0, sizeof(q));
	mig_tokenize(ctx, MIG_ENGINE_SQLITE, sql, &q.t);
	if (t->n == 0)
		return (char *) sql;
	q.mark = mig_alloc(ctx, (size_t) t->n + 1);
	find_ctes(ctx, &q);
	if (mig_tok_is(t, 0, "CREATE"))
	{
		i = 1;
		if (mig_tok_is(t, i, "TEMP") || mig_tok_is(t, i, "TEMPORARY"))
			return (char *) sql;
		if (mig_tok_is(t, i, "UNIQUE") || mig_tok_is(t, i, "VIRTUAL"))
			i++;
		if (!is_object_word(t, i))
			return (char *) sql;
		i = skip_if_exists(t, i + 1);
		mark_table(&q, i);
		/* CREATE TABLE ... AS SELECT reads like a query */
		if (mig_tok_is(t, 1, "TABLE") || mig_tok_is(t, 2, "TABLE"))
			for (i++; i < t->n; i++)
				if (t->v[i].depth == 0 && mig_tok_is(t, i, "AS"))
				{
					mark_query(&q, i + 1);
					break;
				}
	}
	else if (mig_tok_is(t, 0, "DROP") && is_object_word(t, 1))
		mark_table(&q, skip_if_exists(t, 2));
	else if (mig_tok_is(t, 0, "ALTER") && mig_tok_is(t, 1, "TABLE"))
		mark_table(&q, 2);
	else if (mig_tok_is(t, 0, "PRAGMA") || mig_tok_is(t, 0, "ATTACH") ||
			 mig_tok_is(t, 0, "DETACH"))
		return (char *) sql;
	else
	{
		/* INSERT/REPLACE INTO t, UPDATE [OR x] t, DELETE FROM t, and every
		 * FROM and JOIN of the statement, WITH clauses included */
		for (i = 0; i < t->n; i++)
		{
			if (mig_tok_is(t, i, "INTO") && t->v[i].depth == 0)
				mark_table(&q, i + 1);
			else if (mig_tok_is(t, i, "UPDATE") && t->v[i].depth == 0 &&
					 !mig_tok_is(t, i - 1, "DO"))	/* ON CONFLICT DO UPDATE SET */
				mark_table(&q, mig_tok_is(t, i + 1, "OR") ? i + 3 : i + 1);
		}
		mark_query(&q, 0);
	}
	mig_buf_init(&b, ctx);
	for (i = 0; i < t->n; i++)
		if (q.mark[i])
		{
			mig_buf_add(&b, sql + at, t->v[i].start - at);
			mig_buf_ident(&b, schema);
			mig_buf_puts(&b, ".");
			at = t->v[i].start;
		}
	mig_buf_puts(&b, sql + at);
	return b.data;
}

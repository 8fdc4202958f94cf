/*
 * pgcost.c -- what a schema change costs on PostgreSQL, said before it
 * runs: a table rewrite, a full scan, or a catalog change only; the lock
 * it takes; the size of the table.  Based on PostgreSQL 15's behaviour
 * (ENGINEERING.md, checked by tests/pg/sql/cost.sql against relfilenode
 * changes measured by mig_dry_run).
 *
 *   ADD COLUMN, constant or no default       catalog      ACCESS EXCLUSIVE
 *   ADD COLUMN, volatile default / identity  rewrite      ACCESS EXCLUSIVE
 *     / stored generated / serial
 *   DROP COLUMN, RENAME, SET/DROP DEFAULT,   catalog      ACCESS EXCLUSIVE
 *     DROP NOT NULL, DROP CONSTRAINT
 *   ALTER TYPE, binary-coercible             catalog      ACCESS EXCLUSIVE
 *   ALTER TYPE, otherwise or USING           rewrite      ACCESS EXCLUSIVE
 *   SET NOT NULL                             scan         ACCESS EXCLUSIVE
 *   ADD CHECK / FOREIGN KEY                  scan         ACCESS EXCLUSIVE /
 *     (NOT VALID: catalog)                                SHARE ROW EXCLUSIVE
 *   ADD PRIMARY KEY / UNIQUE                 index build  ACCESS EXCLUSIVE
 *   CREATE INDEX                             index build  SHARE (blocks writes)
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "mig_core.h"
#include "mig_ctx.h"

/* Tables with more rows than this get the warnings about long scans. */
#define MIG_PG_LARGE_ROWS 100000

static const char *const volatile_functions[] = {
	"random", "clock_timestamp", "timeofday", "gen_random_uuid", "uuid_generate_v1",
	"uuid_generate_v4", "nextval", "txid_current", "statement_timestamp", NULL
};

typedef struct table_info
{
	int			found;
	char	   *size;			/* pretty */
	long long	rows;			/* reltuples estimate */
	int			has_data;		/* any pages at all */
} table_info;

static void
table_of(mig_run *run, const char *table_sql, table_info *ti)
{
	mig_first_row r;
	char	   *saved = run->ctx->error;

	memset(ti, 0, sizeof(*ti));
	if (mig_run_first_row(run, "SELECT pg_catalog.pg_size_pretty(pg_catalog.pg_total_relation_size(c.oid)), "
					"greatest(c.reltuples, 0)::bigint::text, "
					"(pg_catalog.pg_relation_size(c.oid) > 0)::text FROM pg_catalog.pg_class c "
					"WHERE c.oid = pg_catalog.to_regclass($1)", 1, &table_sql, &r))
	{
		run->ctx->error = saved;
		return;
	}
	if (r.found)
	{
		ti->found = 1;
		ti->size = r.v[0];
		ti->rows = r.v[1] ? atoll(r.v[1]) : 0;
		ti->has_data = r.v[2] && strcmp(r.v[2], "true") == 0;
	}
}

/* The column's current type, e.g. "character varying(20)", or NULL. */
static char *
column_type(mig_run *run, const char *table_sql, const char *column)
{
	mig_first_row r;
	const char *params[2];
	char	   *saved = run->ctx->error;

	params[0] = table_sql;
	params[1] = column;
	if (mig_run_first_row(run, "SELECT pg_catalog.format_type(a.atttypid, a.atttypmod) FROM "
					"pg_catalog.pg_attribute a WHERE a.attrelid = pg_catalog.to_regclass($1) "
					"AND a.attname = $2 AND NOT a.attisdropped", 2, params, &r))
	{
		run->ctx->error = saved;
		return NULL;
	}
	return r.found ? r.v[0] : NULL;
}

/* The spelling format_type() uses for a type as a script writes it (the
 * common names only; anything else stays as written, lower-cased). */
static char *
canonical_type(mig_ctx *ctx, const char *type)
{
	static const char *const names[][2] = {
		{"int", "integer"}, {"int4", "integer"}, {"integer", "integer"},
		{"bigint", "bigint"}, {"int8", "bigint"}, {"smallint", "smallint"},
		{"int2", "smallint"}, {"text", "text"}, {"varchar", "character varying"},
		{"character varying", "character varying"}, {"numeric", "numeric"},
		{"decimal", "numeric"}, {"bool", "boolean"}, {"boolean", "boolean"},
		{"real", "real"}, {"float4", "real"}, {"float8", "double precision"},
		{"double precision", "double precision"}, {"bytea", "bytea"},
		{"timestamptz", "timestamp with time zone"},
		{"timestamp with time zone", "timestamp with time zone"},
		{"timestamp", "timestamp without time zone"},
		{"timestamp without time zone", "timestamp without time zone"},
		{"date", "date"}, {"uuid", "uuid"}, {"jsonb", "jsonb"}, {"json", "json"},
		{NULL, NULL}
	};
	char	   *low = mig_strdup(ctx, type);
	char	   *p,
			   *paren;
	int			k;

	for (p = low; *p; p++)
		*p = (char) tolower((unsigned char) *p);
	paren = strchr(low, '(');
	for (k = 0; names[k][0]; k++)
	{
		size_t		n = strlen(names[k][0]);

		if (strncmp(low, names[k][0], n) == 0 && (low[n] == '\0' || low[n] == '(' || low[n] == ' '))
		{
			mig_buf		b;

			mig_buf_init(&b, ctx);
			mig_buf_puts(&b, names[k][1]);
			if (paren)
			{
				/* (20) or ( 10 , 2 ) as format_type writes it: (10,2) */
				for (p = paren; *p && *p != ')'; p++)
					if (*p != ' ')
						mig_buf_add(&b, p, 1);
				mig_buf_puts(&b, ")");
			}
			return b.data;
		}
	}
	return low;
}

/* Length limit of "character varying(20)" (0: none), or -1 if not varchar. */
static int
varchar_limit(const char *t)
{
	const char *p;

	if (strncmp(t, "character varying", 17) != 0)
		return -1;
	p = strchr(t, '(');
	return p ? atoi(p + 1) : 0;
}

/* Does a type change keep the bytes, so PostgreSQL skips the rewrite? */
static int
binary_coercible(const char *from, const char *to)
{
	int			vf = varchar_limit(from),
				vt = varchar_limit(to);

	if (strcmp(from, to) == 0)
		return 1;
	if (vf >= 0 && strcmp(to, "text") == 0)
		return 1;
	if (vf >= 0 && vt >= 0)
		return vt == 0 || (vf > 0 && vt >= vf);
	if (strncmp(from, "numeric", 7) == 0 && strcmp(to, "numeric") == 0)
		return 1;
	return 0;
}

static int
calls_volatile(mig_ctx *ctx, const char *text)
{
	mig_toks	t;
	int			i,
				k;

	mig_tokenize(ctx, MIG_ENGINE_POSTGRESQL, text, &t);
	for (i = 0; i + 1 < t.n; i++)
		if (t.v[i + 1].kind == MIG_TOK_LPAREN)
			for (k = 0; volatile_functions[k]; k++)
				if (mig_tok_is(&t, i, volatile_functions[k]))
					return 1;
	for (i = 0; i < t.n; i++)
		if (mig_tok_is(&t, i, "IDENTITY") || mig_tok_is(&t, i, "STORED") ||
			mig_tok_is(&t, i, "SERIAL") || mig_tok_is(&t, i, "BIGSERIAL") ||
			mig_tok_is(&t, i, "SMALLSERIAL"))
			return 1;
	return 0;
}

static int
ends_not_valid(mig_ctx *ctx, const char *text)
{
	mig_toks	t;

	mig_tokenize(ctx, MIG_ENGINE_POSTGRESQL, text, &t);
	return t.n >= 2 && mig_tok_is(&t, t.n - 2, "NOT") && mig_tok_is(&t, t.n - 1, "VALID");
}

static void
notice(mig_run *run, int warn, const char *msg)
{
	if (warn && run->ad->notice != NULL)
		run->ad->notice(run->ad->engine_ctx, msg);
}

/* Levels of cost, worst last. */
enum
{
	COST_CATALOG,
	COST_SCAN,
	COST_INDEX,
	COST_REWRITE
};

static const char *const cost_words[] = {
	"catalog only", "full scan", "index build (full scan)", "table rewrite"
};

char *
mig_pg_cost(mig_run *run, const char *sql, int warn, int want_text)
{
	mig_ctx    *ctx = run->ctx;
	mig_alter	a;
	table_info	ti;
	int			cost = COST_CATALOG,
				i;
	const char *lock = "ACCESS EXCLUSIVE";
	char	   *saved = ctx->error;
	int			large;

	const char *k0;

	if (run->ad->engine != MIG_ENGINE_POSTGRESQL)
		return NULL;
	/* data statements cost what they cost: no parsing for them */
	k0 = mig_stmt_keyword(ctx, sql, 0);
	if (strcmp(k0, "ALTER") != 0 && strcmp(k0, "CREATE") != 0)
		return NULL;
	if (strcmp(k0, "CREATE") == 0)
	{
		/* CREATE [UNIQUE] INDEX [name] ON [ONLY] table ... */
		mig_toks	t;
		int			on;

		mig_tokenize(ctx, MIG_ENGINE_POSTGRESQL, sql, &t);
		if (!(mig_tok_is(&t, 1, "INDEX") || (mig_tok_is(&t, 1, "UNIQUE") && mig_tok_is(&t, 2, "INDEX"))))
			return NULL;
		for (on = 2; on < t.n && !mig_tok_is(&t, on, "ON"); on++)
			;
		if (mig_tok_is(&t, on + 1, "ONLY"))
			on++;
		if (on + 1 >= t.n)
			return NULL;
		{
			int			last = on + 1;
			char	   *table;

			if (last + 2 < t.n && t.v[last + 1].kind == MIG_TOK_PUNCT && t.sql[t.v[last + 1].start] == '.')
				last += 2;
			table = mig_tok_text(&t, on + 1, last);
			table_of(run, table, &ti);
			if (!ti.found)
				return NULL;
			if (ti.has_data)
				notice(run, warn, mig_printf(ctx, "CREATE INDEX on %s blocks writes to it while the "
											 "index builds; mig cannot build it CONCURRENTLY inside "
											 "a migration: on a big table build it out of band "
											 "first, and write CREATE INDEX IF NOT EXISTS here",
											 table));
			return mig_printf(ctx, "-- cost: index build (full scan) of %s (%s, ~%lld rows); lock SHARE "
							  "(blocks writes)\n", table, ti.size, ti.rows);
		}
	}
	if (mig_alter_parse(ctx, MIG_ENGINE_POSTGRESQL, sql, &a) != MIG_OK)
	{
		ctx->error = saved;
		return NULL;
	}
	/* only these may warn (below): the rest costs no catalog reads when
	 * nobody reads the cost */
	if (!want_text)
	{
		int			may_warn = 0;

		for (i = 0; i < a.nactions; i++)
			if (a.actions[i].kind == MIG_ALTER_TYPE ||
				a.actions[i].kind == MIG_ALTER_SET_NOT_NULL ||
				a.actions[i].kind == MIG_ALTER_ADD_CONSTRAINT)
				may_warn = 1;
		if (!may_warn || !warn)
			return NULL;
	}
	table_of(run, a.table_sql, &ti);
	if (!ti.found)
		return NULL;
	large = ti.rows >= MIG_PG_LARGE_ROWS;
	for (i = 0; i < a.nactions; i++)
	{
		mig_alter_action *x = &a.actions[i];
		int			c = COST_CATALOG;

		switch (x->kind)
		{
			case MIG_ALTER_ADD_COLUMN:
				if (calls_volatile(ctx, x->expr))
					c = COST_REWRITE;
				break;
			case MIG_ALTER_TYPE:
				{
					char	   *from = column_type(run, a.table_sql, x->column);
					char	   *to = canonical_type(ctx, x->type);

					if (x->using_expr || from == NULL || !binary_coercible(from, to))
					{
						c = COST_REWRITE;
						if (from != NULL && ti.has_data)
							notice(run, warn, mig_printf(ctx, "changing %s.%s from %s to %s rewrites "
														 "the whole table under ACCESS EXCLUSIVE",
														 a.table, x->column, from, to));
					}
					break;
				}
			case MIG_ALTER_SET_NOT_NULL:
				c = COST_SCAN;
				if (ti.has_data && column_type(run, a.table_sql, x->column) != NULL)
					notice(run, warn, mig_printf(ctx, "SET NOT NULL on %s.%s scans the table under "
												 "ACCESS EXCLUSIVE unless a validated CHECK (%s IS NOT "
												 "NULL) exists: add that CHECK NOT VALID, VALIDATE it, "
												 "then SET NOT NULL", a.table, x->column, x->column));
				break;
			case MIG_ALTER_ADD_CONSTRAINT:
				{
					mig_toks	t;
					int			body;

					mig_tokenize(ctx, MIG_ENGINE_POSTGRESQL, x->expr, &t);
					body = mig_tok_is(&t, 0, "CONSTRAINT") ? 2 : 0;
					if (mig_tok_is(&t, body, "PRIMARY") || mig_tok_is(&t, body, "UNIQUE"))
						c = COST_INDEX;
					else if (!ends_not_valid(ctx, x->expr))
					{
						c = COST_SCAN;
						if (large)
							notice(run, warn, mig_printf(ctx, "adding \"%s\" scans %s (%s, ~%lld rows) "
														 "under a lock that blocks writes: add it NOT "
														 "VALID, then VALIDATE CONSTRAINT in a later "
														 "revision", x->text, a.table, ti.size, ti.rows));
					}
					if (mig_tok_is(&t, body, "FOREIGN") && a.nactions == 1)
						lock = "SHARE ROW EXCLUSIVE (on both tables)";
					break;
				}
			default:
				break;
		}
		if (c > cost)
			cost = c;
	}
	return mig_printf(ctx, "-- cost: %s of %s (%s, ~%lld rows); lock %s\n", cost_words[cost],
					  a.table, ti.size, ti.rows, lock);
}

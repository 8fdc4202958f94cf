/*
 * fuzz_alter.c -- the statement readers that run on every statement of a
 * migration: the ALTER TABLE parser (shared/alter.c), the CREATE TABLE
 * model (shared/ddl.c), SQLite's schema qualification (shared/qualify.c)
 * and type translation (shared/types.c).
 *
 * The input is one statement.  For each dialect mig_alter_parse, and when
 * it reads an ALTER TABLE, what the SQLite rebuild does next with the
 * actions: mig_column_parse of an ADD COLUMN definition, mig_cons_parse of
 * an ADD CONSTRAINT, mig_alter_action_mentions.  Then mig_table_parse and,
 * when it succeeds, the model's renderers (each column also as a changed
 * one, rendered from its parts) and constraint helpers;
 * mig_sqlite_qualify; mig_translate_types for both engines.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"

static void
alter_actions(mig_ctx *ctx, const mig_alter *a)
{
	int			i;

	FUZZ_CHECK(a->table != NULL && a->table_sql != NULL && a->key != NULL && a->nactions > 0,
			   "ALTER TABLE accepted without a table or an action");
	for (i = 0; i < a->nactions; i++)
	{
		const mig_alter_action *x = &a->actions[i];

		FUZZ_CHECK(x->text != NULL, "action %d without text", i);
		(void) mig_alter_action_mentions(ctx, x, a->table);
		if (x->column)
			(void) mig_alter_action_mentions(ctx, x, x->column);
		if (x->kind == MIG_ALTER_ADD_COLUMN)
		{
			mig_column	c;

			FUZZ_CHECK(x->expr != NULL && x->column != NULL, "ADD COLUMN without a definition");
			if (mig_column_parse(ctx, x->expr, &c) == MIG_OK)
				(void) mig_column_render(ctx, &c);
		}
		else if (x->kind == MIG_ALTER_ADD_CONSTRAINT)
		{
			mig_cons	c;
			char	  **cols;

			FUZZ_CHECK(x->expr != NULL, "ADD CONSTRAINT without a definition");
			if (mig_cons_parse(ctx, x->expr, &c) == MIG_OK)
				(void) mig_cons_columns(ctx, &c, &cols);
		}
	}
}

static void
table_model(mig_ctx *ctx, const char *sql)
{
	mig_table	t;
	int			i,
				k;
	char	  **cols;

	if (mig_table_parse(ctx, sql, &t) != MIG_OK)
		return;
	FUZZ_CHECK(t.name != NULL && t.options != NULL, "table model without a name");
	(void) mig_table_render(ctx, &t, "\"new_t\"");
	for (i = 0; i < t.ncols; i++)
	{
		mig_column	dirty = t.cols[i];

		FUZZ_CHECK(t.cols[i].name != NULL && t.cols[i].type != NULL, "column %d unnamed", i);
		(void) mig_column_render(ctx, &t.cols[i]);
		/* a changed column is rendered from its parts */
		dirty.dirty = 1;
		(void) mig_column_render(ctx, &dirty);
		(void) mig_table_find_column(&t, t.cols[i].name);
		for (k = 0; k < t.cols[i].ncons; k++)
		{
			(void) mig_cons_columns(ctx, &t.cols[i].cons[k], &cols);
			(void) mig_cons_mentions(ctx, &t.cols[i].cons[k], t.cols[i].name);
			(void) mig_cons_name_at(ctx, &t, t.name, i, k);
		}
	}
	for (k = 0; k < t.ncons; k++)
	{
		(void) mig_cons_columns(ctx, &t.cons[k], &cols);
		(void) mig_cons_name_at(ctx, &t, t.name, -1, k);
	}
}

static void
one_dialect(const char *sql, mig_engine dialect)
{
	mig_ctx    *ctx = fuzz_ctx(dialect);
	mig_alter	a;

	if (mig_alter_parse(ctx, dialect, sql, &a) == MIG_OK)
		alter_actions(ctx, &a);
	mig_ctx_free(ctx);
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *sql = fuzz_cstr(data, size);
	mig_ctx    *ctx;

	one_dialect(sql, MIG_ENGINE_SQLITE);
	one_dialect(sql, MIG_ENGINE_POSTGRESQL);

	ctx = fuzz_ctx(MIG_ENGINE_SQLITE);
	table_model(ctx, sql);
	mig_ctx_free(ctx);

	ctx = fuzz_ctx(MIG_ENGINE_SQLITE);
	FUZZ_CHECK(mig_sqlite_qualify(ctx, sql, "aux") != NULL, "qualify gave NULL");
	FUZZ_CHECK(mig_sqlite_qualify(ctx, sql, "we\"ird") != NULL, "qualify gave NULL");
	FUZZ_CHECK(mig_translate_types(ctx, MIG_ENGINE_SQLITE, sql) != NULL, "translate gave NULL");
	FUZZ_CHECK(mig_translate_types(ctx, MIG_ENGINE_POSTGRESQL, sql) != NULL, "translate gave NULL");
	mig_ctx_free(ctx);

	free(sql);
	return 0;
}

/*
 * fuzz_split.c -- the statement splitter (shared/split.c) and the
 * tokenizer (shared/sqltok.c).
 *
 * The input is a section of SQL, up to its first NUL byte (callers split
 * slices of C strings).  For each dialect: mig_split over an exact-size
 * copy (no NUL after it: the splitter must stay within len),
 * then on every statement mig_tokenize, mig_stmt_keyword and
 * mig_sql_normalize.
 *
 * Invariants: statements are not empty and start on a line inside the
 * text; tokens lie inside their statement, in order, and do not overlap.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"

static int
count_lines(const uint8_t *data, size_t size)
{
	size_t		i;
	int			n = 1;

	for (i = 0; i < size; i++)
		if (data[i] == '\n' || (data[i] == '\r' && (i + 1 >= size || data[i + 1] != '\n')))
			n++;
	return n;
}

static void
one_dialect(const uint8_t *data, size_t size, mig_engine dialect)
{
	mig_ctx    *ctx = fuzz_ctx(dialect);
	char	   *text = fuzz_exact(data, size);
	mig_stmt   *stmts;
	int			n,
				i,
				lines = count_lines(data, size);

	if (mig_split(ctx, dialect, text, size, 1, &stmts, &n) == MIG_OK)
		for (i = 0; i < n; i++)
		{
			const char *sql = stmts[i].sql;
			size_t		len = strlen(sql);
			mig_toks	t;
			size_t		prev_end = 0;
			int			k;

			FUZZ_CHECK(len > 0, "statement %d is empty", i);
			FUZZ_CHECK(stmts[i].line >= 1 && stmts[i].line <= lines,
					   "statement %d on line %d of %d", i, stmts[i].line, lines);
			(void) mig_stmt_keyword(ctx, sql, 0);
			(void) mig_stmt_keyword(ctx, sql, 2);
			mig_tokenize(ctx, dialect, sql, &t);
			for (k = 0; k < t.n; k++)
			{
				FUZZ_CHECK(t.v[k].start >= prev_end && t.v[k].len > 0 &&
						   t.v[k].start + t.v[k].len <= len,
						   "token %d [%zu,+%zu) out of place (text %zu, previous end %zu)",
						   k, t.v[k].start, t.v[k].len, len, prev_end);
				prev_end = t.v[k].start + t.v[k].len;
				if (mig_tok_is_name(&t, k))
					(void) mig_tok_name(&t, k);
			}
			FUZZ_CHECK(mig_sql_normalize(ctx, dialect, sql) != NULL, "no normal form");
		}
	free(text);
	mig_ctx_free(ctx);
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);

	if (nul != NULL)
		size = (size_t) (nul - data);
	one_dialect(data, size, MIG_ENGINE_SQLITE);
	one_dialect(data, size, MIG_ENGINE_POSTGRESQL);
	return 0;
}

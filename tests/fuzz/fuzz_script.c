/*
 * fuzz_script.c -- the migration script parser (shared/script.c).
 *
 * The input is a script.  For each engine: mig_script_parse under an
 * adapter of that engine and, when it accepts the script, its checksum
 * and mig_script_statements for both directions on both engines.
 *
 * Invariant: the parser splits every section in the dialect it runs in,
 * so the statements of the parsing engine must split again.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"

static void
one_engine(const char *text, mig_engine engine)
{
	mig_ctx    *ctx = fuzz_ctx(engine);
	mig_script	s;

	if (mig_script_parse(ctx, text, &s) == MIG_OK)
	{
		int			up,
					e,
					i;

		FUZZ_CHECK(s.revision != NULL && mig_revision_id_valid(s.revision, strlen(s.revision)),
				   "accepted script without a valid revision");
		FUZZ_CHECK(mig_checksum(ctx, text) != NULL, "no checksum");
		for (up = 0; up <= 1; up++)
			for (e = MIG_ENGINE_SQLITE; e <= MIG_ENGINE_POSTGRESQL; e++)
			{
				mig_stmt   *stmts;
				int			n;
				int			rc = mig_script_statements(ctx, &s, up, (mig_engine) e, &stmts, &n);

				if ((mig_engine) e == engine)
					FUZZ_CHECK(rc == MIG_OK, "script accepted on engine %d but its %s "
							   "statements do not split: %s", (int) engine,
							   up ? "upgrade" : "downgrade", mig_ctx_error(ctx));
				if (rc != MIG_OK)
					continue;
				for (i = 0; i < n; i++)
				{
					FUZZ_CHECK(stmts[i].sql != NULL && stmts[i].sql[0] != '\0',
							   "empty statement %d", i);
					(void) mig_stmt_keyword(ctx, stmts[i].sql, 0);
				}
			}
	}
	mig_ctx_free(ctx);
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *text = fuzz_cstr(data, size);

	one_engine(text, MIG_ENGINE_SQLITE);
	one_engine(text, MIG_ENGINE_POSTGRESQL);
	free(text);
	return 0;
}

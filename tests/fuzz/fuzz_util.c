/*
 * fuzz_util.c -- contexts and input copies for the harnesses.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"

static void *
fuzz_alloc(void *engine_ctx, size_t size)
{
	(void) engine_ctx;
	return malloc(size);
}

static void
fuzz_release(void *engine_ctx, void *ptr)
{
	(void) engine_ctx;
	free(ptr);
}

static const mig_adapter sqlite_adapter = {
	.engine = MIG_ENGINE_SQLITE,
	.alloc = fuzz_alloc,
	.release = fuzz_release,
	.state_schema = "main",
};

static const mig_adapter postgresql_adapter = {
	.engine = MIG_ENGINE_POSTGRESQL,
	.alloc = fuzz_alloc,
	.release = fuzz_release,
	.state_schema = "public",
};

mig_ctx *
fuzz_ctx(mig_engine engine)
{
	mig_ctx    *ctx = mig_ctx_new(engine == MIG_ENGINE_SQLITE ?
								  &sqlite_adapter : &postgresql_adapter);

	if (ctx == NULL)
		fuzz_fail("mig_ctx_new returned NULL");
	return ctx;
}

char *
fuzz_cstr(const uint8_t *data, size_t size)
{
	char	   *s = malloc(size + 1);

	if (s == NULL)
		fuzz_fail("out of memory");
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

char *
fuzz_exact(const uint8_t *data, size_t size)
{
	/* malloc(0) may return NULL; a 0-byte read is still bounded */
	char	   *s = malloc(size ? size : 1);

	if (s == NULL)
		fuzz_fail("out of memory");
	if (size)
		memcpy(s, data, size);
	return s;
}

void
fuzz_fail(const char *fmt,...)
{
	va_list		ap;

	fprintf(stderr, "FUZZ INVARIANT BROKEN: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	abort();
}

/*
 * fuzz_arena.c -- shared/arena.c for the fuzzers: the same functions with
 * the same behaviour, but every mig_alloc is its own malloc, freed by
 * mig_ctx_free.
 *
 * The real arena carves allocations out of 64 kB blocks, so a read or a
 * write a few bytes past one allocation lands in the next one and
 * AddressSanitizer cannot see it.  Here each allocation has redzones of
 * its own, and mig_realloc copying more than the old allocation holds is
 * a heap-buffer-overflow.  Keep this file in step with shared/arena.c
 * (the Makefile builds the harnesses with the real arena too:
 * ARENA=real).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mig_core.h"
#include "mig_ctx.h"

/* ctx->blocks: every allocation of the call, freed together. */
struct mig_block
{
	void	  **v;
	size_t		n;
	size_t		cap;
};

mig_ctx *
mig_ctx_new(const mig_adapter *adapter)
{
	mig_ctx    *ctx = adapter->alloc(adapter->engine_ctx, sizeof(mig_ctx));

	if (ctx == NULL)
		return NULL;
	memset(ctx, 0, sizeof(*ctx));
	ctx->ad = adapter;
	ctx->blocks = adapter->alloc(adapter->engine_ctx, sizeof(struct mig_block));
	if (ctx->blocks == NULL)
	{
		adapter->release(adapter->engine_ctx, ctx);
		return NULL;
	}
	memset(ctx->blocks, 0, sizeof(struct mig_block));
	return ctx;
}

void
mig_ctx_free(mig_ctx *ctx)
{
	const mig_adapter *ad;
	size_t		i;

	if (ctx == NULL)
		return;
	ad = ctx->ad;
	for (i = 0; i < ctx->blocks->n; i++)
		ad->release(ad->engine_ctx, ctx->blocks->v[i]);
	ad->release(ad->engine_ctx, ctx->blocks->v);
	ad->release(ad->engine_ctx, ctx->blocks);
	ad->release(ad->engine_ctx, ctx);
}

const mig_adapter *
mig_ctx_adapter(const mig_ctx *ctx)
{
	return ctx->ad;
}

const char *
mig_ctx_error(const mig_ctx *ctx)
{
	return ctx->error ? ctx->error : "unknown error";
}

char *
mig_ctx_error_raw(const mig_ctx *ctx)
{
	return ctx->error;
}

void
mig_ctx_restore_error(mig_ctx *ctx, char *saved)
{
	ctx->error = saved;
}

int
mig_error_prefix(mig_ctx *ctx, const char *prefix)
{
	ctx->error = mig_printf(ctx, "%s: %s", prefix, mig_ctx_error(ctx));
	return MIG_ERROR;
}

const char *
mig_ctx_activity(const mig_ctx *ctx)
{
	return ctx->activity;
}

void
mig_set_activity(mig_ctx *ctx, const char *activity)
{
	ctx->activity = activity;
}

void *
mig_alloc(mig_ctx *ctx, size_t size)
{
	struct mig_block *t = ctx->blocks;
	const mig_adapter *ad = ctx->ad;
	void	   *p;

	if (size == 0)
		size = 1;
	if (t->n == t->cap)
	{
		size_t		ncap = t->cap ? t->cap * 2 : 64;
		void	  **nv = ad->alloc(ad->engine_ctx, sizeof(void *) * ncap);

		if (nv == NULL)
		{
			ctx->oom = 1;
			return NULL;
		}
		if (t->n)
			memcpy(nv, t->v, sizeof(void *) * t->n);
		ad->release(ad->engine_ctx, t->v);
		t->v = nv;
		t->cap = ncap;
	}
	p = ad->alloc(ad->engine_ctx, size);
	if (p == NULL)
	{
		ctx->oom = 1;
		return NULL;
	}
	t->v[t->n++] = p;
	memset(p, 0, size);
	return p;
}

void *
mig_realloc(mig_ctx *ctx, void *old, size_t oldsize, size_t newsize)
{
	void	   *p;

	if (newsize <= oldsize && old != NULL)
		return old;
	p = mig_alloc(ctx, newsize);
	if (p != NULL && old != NULL)
		memcpy(p, old, oldsize);
	return p;
}

char *
mig_strndup(mig_ctx *ctx, const char *s, size_t n)
{
	char	   *p = mig_alloc(ctx, n + 1);

	if (p == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
mig_strdup(mig_ctx *ctx, const char *s)
{
	if (s == NULL)
		return NULL;
	return mig_strndup(ctx, s, strlen(s));
}

char *
mig_vprintf(mig_ctx *ctx, const char *fmt, va_list ap)
{
	va_list		ap2;
	int			n;
	char	   *p;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return mig_strdup(ctx, fmt);
	p = mig_alloc(ctx, (size_t) n + 1);
	if (p != NULL)
		vsnprintf(p, (size_t) n + 1, fmt, ap);
	return p;
}

char *
mig_printf(mig_ctx *ctx, const char *fmt,...)
{
	va_list		ap;
	char	   *p;

	va_start(ap, fmt);
	p = mig_vprintf(ctx, fmt, ap);
	va_end(ap);
	return p;
}

int
mig_error(mig_ctx *ctx, const char *fmt,...)
{
	va_list		ap;

	if (ctx->error == NULL)
	{
		va_start(ap, fmt);
		ctx->error = mig_vprintf(ctx, fmt, ap);
		va_end(ap);
	}
	return MIG_ERROR;
}

/*
 * arena.c -- per-call memory and error state of the mig core.
 *
 * Every allocation of one SQL function call comes from big blocks taken
 * through the adapter's allocator and given back together by
 * mig_ctx_free().  On PostgreSQL the blocks live in a memory context, so
 * an error that unwinds past the core leaks nothing.
 */
#include <stdio.h>
#include <string.h>

#include "mig_core.h"
#include "mig_ctx.h"

#define MIG_BLOCK_SIZE (64 * 1024)

/*
 * Built with -DMIG_ARENA_EXACT (tests/fuzz), every allocation is a block
 * of its own and exactly its size, so that AddressSanitizer sees a read or
 * a write past its end; normally small allocations share 64 kB blocks.
 */
#ifdef MIG_ARENA_EXACT
#define MIG_ARENA_SHARED 0
#else
#define MIG_ARENA_SHARED 1
#endif

typedef struct mig_block
{
	struct mig_block *next;
	size_t		used;
	size_t		size;
	unsigned long serial;		/* the how-manieth block of the call */
	/* data follows, aligned */
} mig_block;

#define MIG_ALIGN(n) (((n) + 15) & ~(size_t) 15)
#define MIG_BLOCK_HDR MIG_ALIGN(sizeof(mig_block))

mig_ctx *
mig_ctx_new(const mig_adapter *adapter)
{
	mig_ctx    *ctx = adapter->alloc(adapter->engine_ctx, sizeof(mig_ctx));

	if (ctx == NULL)
		return NULL;
	memset(ctx, 0, sizeof(*ctx));
	ctx->ad = adapter;
	return ctx;
}

void
mig_ctx_free(mig_ctx *ctx)
{
	mig_block  *b;
	const mig_adapter *ad;

	if (ctx == NULL)
		return;
	ad = ctx->ad;
	b = ctx->blocks;
	while (b != NULL)
	{
		mig_block  *next = b->next;

		ad->release(ad->engine_ctx, b);
		b = next;
	}
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

/* Out of memory is fatal for the call: the engine's allocator reports it
 * (PostgreSQL) or we fall back to a static message (SQLite). */
static void *
mig_block_alloc(mig_ctx *ctx, size_t size)
{
	mig_block  *b;
	size_t		want = MIG_BLOCK_HDR + MIG_ALIGN(size);	/* used never passes
															 * size */

	if (MIG_ARENA_SHARED && want < MIG_BLOCK_SIZE)
		want = MIG_BLOCK_SIZE;
	b = ctx->ad->alloc(ctx->ad->engine_ctx, want);
	if (b == NULL)
		return NULL;
	b->size = want;
	b->used = MIG_BLOCK_HDR;
	b->serial = ++ctx->nblocks;
	if (MIG_BLOCK_HDR + size > MIG_BLOCK_SIZE / 2 && ctx->blocks != NULL)
	{
		/* a big block: keep the current small block in front */
		b->next = ctx->blocks->next;
		ctx->blocks->next = b;
	}
	else
	{
		b->next = ctx->blocks;
		ctx->blocks = b;
	}
	b->used += MIG_ALIGN(size);
	return (char *) b + MIG_BLOCK_HDR;
}

mig_mark
mig_arena_mark(mig_ctx *ctx)
{
	mig_mark	m;

	m.serial = ctx->nblocks;
	m.head = ctx->blocks;
	m.used = ctx->blocks ? ctx->blocks->used : 0;
	ctx->mark_block = m.head;
	ctx->mark_used = m.used;
	return m;
}

/*
 * Give back everything allocated since mark m: the blocks taken since
 * (small ones went in front, big ones behind the front block: either way
 * newer serials), and the front block's space used since.
 */
void
mig_arena_release(mig_ctx *ctx, mig_mark m)
{
	mig_block **link = &ctx->blocks;

	while (*link != NULL)
	{
		mig_block  *b = *link;

		if (b->serial > m.serial)
		{
			*link = b->next;
			ctx->ad->release(ctx->ad->engine_ctx, b);
		}
		else
			link = &b->next;
	}
	if (ctx->blocks != m.head)
		return;					/* cannot be: the list is the mark's again */
	if (m.head != NULL)
		m.head->used = m.used;
	/* this mark is the latest again (a later one may be in a block gone) */
	ctx->mark_block = m.head;
	ctx->mark_used = m.used;
}

/* size bytes, not cleared: for callers that write all of them; aligned,
 * or packed (text needs no alignment: a revision id takes 13 bytes, not
 * 16, and a checksum 65, not 80) */
static void *
arena_take(mig_ctx *ctx, size_t size, int packed)
{
	mig_block  *b = ctx->blocks;
	void	   *p;

	if (size == 0)
		size = 1;
	if (MIG_ARENA_SHARED && b != NULL)
	{
		size_t		start = packed ? b->used : MIG_ALIGN(b->used);
		size_t		end = start + (packed ? size : MIG_ALIGN(size));

		if (end <= b->size)
		{
			b->used = end;
			return (char *) b + start;
		}
	}
	p = mig_block_alloc(ctx, size);
	if (p == NULL)
	{
		/* the engines' allocators never return NULL in practice
		 * (PostgreSQL raises, SQLite's glue aborts the call) */
		ctx->oom = 1;
	}
	return p;
}

void *
mig_alloc(mig_ctx *ctx, size_t size)
{
	void	   *p = arena_take(ctx, size, 0);

	if (p != NULL)
		memset(p, 0, size);
	return p;
}

void *
mig_realloc(mig_ctx *ctx, void *old, size_t oldsize, size_t newsize)
{
	void	   *p;

	if (newsize <= oldsize && old != NULL)
		return old;
	if (old == NULL)
		return mig_alloc(ctx, newsize);
	/*
	 * The front block's last allocation grows where it is, when it can (a
	 * buffer or array that doubles leaves no copies behind), unless it was
	 * made before the latest mark in that block: a release back to a mark
	 * would cut it short.  (A later mark in a block is never before an
	 * earlier one still held, so the latest is the one to check.)
	 */
	if (MIG_ARENA_SHARED && ctx->blocks != NULL)
	{
		mig_block  *b = ctx->blocks;
		size_t		start = (size_t) ((char *) old - (char *) b);

		if ((char *) old > (char *) b && start + MIG_ALIGN(oldsize) == b->used &&
			b->size - start >= MIG_ALIGN(newsize) &&
			(b != ctx->mark_block || start >= ctx->mark_used))
		{
			b->used = start + MIG_ALIGN(newsize);
			memset((char *) old + oldsize, 0, newsize - oldsize);
			return old;
		}
	}
	p = arena_take(ctx, newsize, 0);
	if (p != NULL)
	{
		memcpy(p, old, oldsize);
		memset((char *) p + oldsize, 0, newsize - oldsize);
	}
	return p;
}

char *
mig_strndup(mig_ctx *ctx, const char *s, size_t n)
{
	char	   *p = arena_take(ctx, n + 1, 1);

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

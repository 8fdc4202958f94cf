/*
 * buf.c -- growing text buffers in call memory, and the one place where
 * identifiers and literals are quoted for generated SQL.
 */
#include <stdio.h>
#include <string.h>

#include "mig_core.h"

void
mig_buf_init(mig_buf *b, mig_ctx *ctx)
{
	b->ctx = ctx;
	b->cap = 256;
	b->len = 0;
	b->data = mig_alloc(ctx, b->cap);
}

void
mig_buf_reserve(mig_buf *b, size_t extra)
{
	size_t		need = b->len + extra + 1;
	size_t		cap = b->cap;

	if (need <= cap)
		return;
	/* growing by a little doubles; room asked for at once is what it is */
	if (need > 2 * cap)
		cap = need;
	while (cap < need)
		cap *= 2;
	b->data = mig_realloc(b->ctx, b->data, b->cap, cap);
	b->cap = cap;
}

void
mig_buf_add(mig_buf *b, const char *s, size_t n)
{
	mig_buf_reserve(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
mig_buf_puts(mig_buf *b, const char *s)
{
	mig_buf_add(b, s, strlen(s));
}

void
mig_buf_printf(mig_buf *b, const char *fmt,...)
{
	va_list		ap;
	int			n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	mig_buf_reserve(b, (size_t) n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t) n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t) n;
}

/* Wrap s in quote characters q, doubling any q inside. */
static void
mig_buf_quoted(mig_buf *b, const char *s, char q)
{
	const char *p;

	mig_buf_add(b, &q, 1);
	for (p = s; *p; p++)
	{
		if (*p == q)
			mig_buf_add(b, &q, 1);
		mig_buf_add(b, p, 1);
	}
	mig_buf_add(b, &q, 1);
}

void
mig_buf_ident(mig_buf *b, const char *ident)
{
	mig_buf_quoted(b, ident, '"');
}

void
mig_buf_literal(mig_buf *b, const char *s)
{
	mig_buf_quoted(b, s, '\'');
}

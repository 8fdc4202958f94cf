/*
 * unit_util.c -- the fixture (a mig_ctx over malloc/free) and small
 * helpers used by every check_*.c file.
 */
#include <stdlib.h>
#include <string.h>
#include <valgrind/valgrind.h>
#include "unit_util.h"

mig_ctx    *tctx;

static void *
test_alloc(void *engine_ctx, size_t size)
{
	(void) engine_ctx;
	return malloc(size);
}

static void
test_release(void *engine_ctx, void *ptr)
{
	(void) engine_ctx;
	free(ptr);
}

static const mig_adapter sqlite_adapter = {
	.engine = MIG_ENGINE_SQLITE,
	.alloc = test_alloc,
	.release = test_release,
	.state_schema = "main",
};

static const mig_adapter postgresql_adapter = {
	.engine = MIG_ENGINE_POSTGRESQL,
	.alloc = test_alloc,
	.release = test_release,
	.state_schema = "public",
};

void
setup_sqlite(void)
{
	tctx = mig_ctx_new(&sqlite_adapter);
	ck_assert_ptr_nonnull(tctx);
}

void
setup_postgresql(void)
{
	tctx = mig_ctx_new(&postgresql_adapter);
	ck_assert_ptr_nonnull(tctx);
}

void
reset_ctx(void)
{
	const mig_adapter *a = mig_ctx_adapter(tctx);

	mig_ctx_free(tctx);
	tctx = mig_ctx_new(a);
	ck_assert_ptr_nonnull(tctx);
}

void
teardown_ctx(void)
{
	if (tctx)
		mig_ctx_free(tctx);
	tctx = NULL;
}

TCase *
tcase_sqlite(const char *name)
{
	TCase	   *tc = tcase_create(name);

	tcase_add_checked_fixture(tc, setup_sqlite, teardown_ctx);
	return tc;
}

TCase *
tcase_postgresql(const char *name)
{
	TCase	   *tc = tcase_create(name);

	tcase_add_checked_fixture(tc, setup_postgresql, teardown_ctx);
	return tc;
}

const char *
terr(void)
{
	const char *e = tctx ? mig_ctx_error(tctx) : NULL;

	return e ? e : "(no error set)";
}

int
has(const char *s, const char *needle)
{
	return s != NULL && strstr(s, needle) != NULL;
}

char *
trimmed(const char *s)
{
	size_t		len;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
					   s[len - 1] == '\n' || s[len - 1] == '\r'))
		len--;
	return mig_strndup(tctx, s, len);
}

int
under_valgrind(void)
{
	return RUNNING_ON_VALGRIND ? 1 : 0;
}

void
graph_add(mig_graph *g, const char *id, const char *down,
		  const char *labels, const char *depends)
{
	int			rc = mig_graph_add(g, id, down, labels, depends,
								   "a message", "0123456789abcdef");

	ck_assert_msg(rc == MIG_OK, "mig_graph_add(%s) failed: %s", id, terr());
}

int
rev_index(const mig_graph *g, const char *id)
{
	int			i = mig_graph_lookup(g, id);

	ck_assert_msg(i >= 0 && i < g->n, "revision %s not in graph", id);
	return i;
}

static char *
join_ids(const char **ids, int n)
{
	mig_buf		b;
	int			i;

	mig_buf_init(&b, tctx);
	for (i = 0; i < n; i++)
	{
		if (i > 0)
			mig_buf_puts(&b, ",");
		mig_buf_puts(&b, ids[i]);
	}
	return b.data;
}

char *
ids_of(const mig_graph *g, const int *idx, int n)
{
	const char **ids = mig_alloc(tctx, sizeof(char *) * (n + 1));
	int			i;

	for (i = 0; i < n; i++)
	{
		ck_assert_msg(idx[i] >= 0 && idx[i] < g->n, "index %d out of range", idx[i]);
		ids[i] = g->revs[idx[i]].id;
	}
	return join_ids(ids, n);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *) a, *(const char *const *) b);
}

char *
ids_sorted(const mig_graph *g, const int *idx, int n)
{
	const char **ids = mig_alloc(tctx, sizeof(char *) * (n + 1));
	int			i;

	for (i = 0; i < n; i++)
	{
		ck_assert_msg(idx[i] >= 0 && idx[i] < g->n, "index %d out of range", idx[i]);
		ids[i] = g->revs[idx[i]].id;
	}
	qsort(ids, n, sizeof(char *), cmp_str);
	return join_ids(ids, n);
}

int
pos_of(const mig_graph *g, const int *idx, int n, const char *id)
{
	int			i;

	for (i = 0; i < n; i++)
		if (strcmp(g->revs[idx[i]].id, id) == 0)
			return i;
	return -1;
}

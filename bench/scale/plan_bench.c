/*
 * plan_bench.c -- W3's planning inside the core, without an engine: build
 * the revision graph from the rows of mig_revision (read untimed from a
 * file), then resolve targets and plan, as every call does.  Prints one
 * line per operation: "<name> <median ms> <min ms>" over ROUNDS rounds.
 *
 *   plan_bench FILE [ROUNDS]
 *
 * FILE holds one revision per line: id TAB down_revision TAB
 * branch_labels TAB depends_on (empty fields for none), as
 * bench/scale/bench.py writes it.  Memory comes from malloc, as the
 * engines give it (SQLite's sqlite3_malloc, PostgreSQL's palloc).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mig_core.h"

#define MAX_ROUNDS 99

static void *
bench_alloc(void *engine_ctx, size_t size)
{
	(void) engine_ctx;
	return malloc(size);
}

static void
bench_release(void *engine_ctx, void *ptr)
{
	(void) engine_ctx;
	free(ptr);
}

static const mig_adapter adapter = {
	.engine = MIG_ENGINE_SQLITE,
	.alloc = bench_alloc,
	.release = bench_release,
};

typedef struct row
{
	char	   *f[4];
} row;

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return x < y ? -1 : x > y;
}

static void
report(const char *name, double *t, int n)
{
	qsort(t, (size_t) n, sizeof(double), cmp_double);
	printf("%s %.3f %.3f\n", name, t[n / 2], t[0]);
}

/* Build the graph from rows, as mig_state_load does. */
static mig_graph *
build(mig_ctx *ctx, row *rows, int n)
{
	mig_graph  *g = mig_graph_new(ctx);
	int			i;

	for (i = 0; i < n; i++)
		if (mig_graph_add(g, rows[i].f[0], rows[i].f[1], rows[i].f[2], rows[i].f[3],
						  NULL, "checksum"))
			return NULL;
	if (mig_graph_finish(g))
		return NULL;
	return g;
}

int
main(int argc, char **argv)
{
	FILE	   *f;
	row		   *rows = NULL;
	int			n = 0,
				cap = 0,
				rounds = argc > 2 ? atoi(argv[2]) : 9,
				r;
	char		line[4096];
	double		t_build[MAX_ROUNDS],
				t_heads[MAX_ROUNDS],
				t_label[MAX_ROUNDS],
				t_plan[MAX_ROUNDS];

	if (argc < 2 || (f = fopen(argv[1], "r")) == NULL)
	{
		fprintf(stderr, "usage: plan_bench FILE [ROUNDS]\n");
		return 2;
	}
	if (rounds < 1 || rounds > MAX_ROUNDS)
		rounds = 9;
	while (fgets(line, sizeof(line), f))
	{
		char	   *p = line;
		int			k;

		if (n == cap)
		{
			cap = cap ? cap * 2 : 1024;
			rows = realloc(rows, sizeof(row) * (size_t) cap);
		}
		line[strcspn(line, "\n")] = '\0';
		for (k = 0; k < 4; k++)
		{
			char	   *tab = strchr(p, '\t');

			if (tab)
				*tab = '\0';
			rows[n].f[k] = *p ? strdup(p) : NULL;
			p = tab ? tab + 1 : p + strlen(p);
		}
		n++;
	}
	fclose(f);

	for (r = 0; r < rounds; r++)
	{
		mig_ctx    *ctx = mig_ctx_new(&adapter);
		mig_graph  *g;
		mig_applied st;
		int		   *out,
					nsteps,
					nup;
		double		t0 = now_ms();

		g = build(ctx, rows, n);
		t_build[r] = now_ms() - t0;
		if (g == NULL)
		{
			fprintf(stderr, "graph: %s\n", mig_ctx_error(ctx));
			return 1;
		}
		if (mig_applied_init(g, NULL, 0, &st))
		{
			fprintf(stderr, "applied: %s\n", mig_ctx_error(ctx));
			return 1;
		}
		t0 = now_ms();
		(void) mig_graph_heads(g, &out);
		t_heads[r] = now_ms() - t0;
		t0 = now_ms();
		if (mig_plan(g, &st, MIG_UP, "side@head", &out, &nsteps, &nup))
		{
			fprintf(stderr, "side@head: %s\n", mig_ctx_error(ctx));
			return 1;
		}
		t_label[r] = now_ms() - t0;
		t0 = now_ms();
		if (mig_plan(g, &st, MIG_UP, "heads", &out, &nsteps, &nup) || nsteps != n)
		{
			fprintf(stderr, "heads: %s (%d steps of %d)\n", mig_ctx_error(ctx), nsteps, n);
			return 1;
		}
		t_plan[r] = now_ms() - t0;
		mig_ctx_free(ctx);
	}
	report("build", t_build, rounds);
	report("heads", t_heads, rounds);
	report("plan_label", t_label, rounds);
	report("plan_heads", t_plan, rounds);
	return 0;
}

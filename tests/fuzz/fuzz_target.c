/*
 * fuzz_target.c -- target resolution and planning (shared/plan.c) over
 * the revision graph and applied state (shared/graph.c).
 *
 * Input, line by line:
 *
 *   id [down,...] [label,...] [depends,...] [db]   one revision per line
 *   = id,id                                        alembic_version rows
 *   %                                              separator
 *   target                                         the rest of the input
 *
 * A field "-" is empty.  Ids, labels and lists are checked as the script
 * parser checks them at registration (lines that would not register are
 * skipped); at most 64 revisions.  Without a separator the targets are
 * head, heads, base, +1, -1 and the first revision's id.
 *
 * For the target: mig_find_revision, then mig_plan for upgrade, downgrade
 * and stamp.  Each plan must be well formed (steps in range, distinct,
 * parents first going up, applied children first going down); applying
 * it with mig_applied_step, each step's row delta must delete rows that
 * are there and insert rows that are not, ending at the rows the new state
 * implies; the new applied set must be closed under parents and agree
 * with mig_applied_init of its own version rows; and
 * for a target with no '+' or '-' the same plan again must be empty.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"

#define MAX_REVS 64
#define MAX_ROWS 16

/* A comma list field checked as the script parser checks it: every item
 * a valid id (or label), none twice, none the revision itself.  *out is
 * the list joined again, NULL when empty; returns 0 when it is bad. */
static int
clean_list(mig_ctx *ctx, const char *field, int labels, const char *self, char **out)
{
	char	  **items;
	int			n,
				i,
				j;

	*out = NULL;
	if (field == NULL || strcmp(field, "-") == 0)
		return 1;
	mig_split_list(ctx, field, &items, &n);
	for (i = 0; i < n; i++)
	{
		if (labels ? !mig_label_valid(items[i])
			: !mig_revision_id_valid(items[i], strlen(items[i])) || strcmp(items[i], self) == 0)
			return 0;
		for (j = 0; j < i; j++)
			if (strcmp(items[i], items[j]) == 0)
				return 0;
	}
	*out = mig_join(ctx, items, n);
	return 1;
}

static void
add_line(mig_graph *g, char *line)
{
	char	   *f[5] = {NULL, NULL, NULL, NULL, NULL};
	int			nf = 0;
	char	   *p = line;
	char	   *down,
			   *labels,
			   *deps;

	while (*p && nf < 5)
	{
		while (*p == ' ' || *p == '\t')
			*p++ = '\0';
		if (!*p)
			break;
		f[nf++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
	if (nf == 0 || !mig_revision_id_valid(f[0], strlen(f[0])) || g->n >= MAX_REVS ||
		mig_graph_lookup(g, f[0]) >= 0)
		return;
	if (!clean_list(g->ctx, f[1], 0, f[0], &down) ||
		!clean_list(g->ctx, f[2], 1, f[0], &labels) ||
		!clean_list(g->ctx, f[3], 0, f[0], &deps))
		return;
	if (mig_graph_add(g, f[0], down, labels, deps, "m", "c") != MIG_OK)
		fuzz_fail("mig_graph_add(%s) failed: %s", f[0], mig_ctx_error(g->ctx));
	if (f[4] && isdigit((unsigned char) f[4][0]))
		g->revs[g->n - 1].db = f[4][0] - '0';
}

static int
target_is_absolute(const char *target)
{
	return strchr(target, '+') == NULL && strchr(target, '-') == NULL;
}

/* The applied set is closed under parents, and the version rows it
 * implies give it back. */
static void
check_state(mig_graph *g, const mig_applied *st, const char *what)
{
	int		   *rows;
	int			nrows = mig_applied_rows(g, st, &rows);
	char	  **ids = mig_alloc(g->ctx, sizeof(char *) * (size_t) (nrows + 1));
	mig_applied again;
	int			i,
				k;

	for (i = 0; i < g->n; i++)
		if (st->flag[i])
			for (k = 0; k < g->revs[i].nparents; k++)
				FUZZ_CHECK(st->flag[g->revs[i].parents[k]], "%s: %s applied without its parent %s",
						   what, g->revs[i].id, g->revs[g->revs[i].parents[k]].id);
	for (i = 0; i < nrows; i++)
		ids[i] = g->revs[rows[i]].id;
	FUZZ_CHECK(mig_applied_init(g, ids, nrows, &again) == MIG_OK, "%s: rows do not load", what);
	for (i = 0; i < g->n; i++)
	{
		FUZZ_CHECK(again.flag[i] == st->flag[i], "%s: %s applied %d, rows say %d",
				   what, g->revs[i].id, st->flag[i], again.flag[i]);
		FUZZ_CHECK(again.nchild[i] == st->nchild[i], "%s: %s has %d applied children, rows say %d",
				   what, g->revs[i].id, st->nchild[i], again.nchild[i]);
	}
}

static const char *const dir_names[] = {"upgrade", "downgrade", "stamp"};

static void
plan_one(mig_graph *g, char **rows, int nrows, mig_direction dir, const char *target)
{
	mig_applied st;
	int		   *steps,
			   *pos,
			   *rows0;
	int			nsteps,
				nup,
				nrows0,
				i,
				k;
	unsigned char *isrow;
	const char *dn = dir_names[dir];

	if (mig_applied_init(g, rows, nrows, &st) != MIG_OK)
		return;
	if (mig_plan(g, &st, dir, target, &steps, &nsteps, &nup) != MIG_OK)
		return;
	FUZZ_CHECK(nsteps >= 0 && nsteps <= g->n && nup >= 0 && nup <= nsteps,
			   "%s '%s': %d steps, %d up, %d revisions", dn, target, nsteps, nup, g->n);
	pos = mig_alloc(g->ctx, sizeof(int) * (size_t) (g->n + 1));
	for (i = 0; i < g->n; i++)
		pos[i] = -1;
	for (i = 0; i < nsteps; i++)
	{
		FUZZ_CHECK(steps[i] >= 0 && steps[i] < g->n, "%s '%s': step %d out of range", dn, target, i);
		FUZZ_CHECK(pos[steps[i]] < 0, "%s '%s': %s planned twice", dn, target, g->revs[steps[i]].id);
		pos[steps[i]] = i;
	}
	if (dir == MIG_UP)
		FUZZ_CHECK(nup == nsteps, "upgrade '%s': %d of %d steps up", target, nup, nsteps);
	if (dir == MIG_DOWN)
		FUZZ_CHECK(nup == 0, "downgrade '%s': %d steps up", target, nup);
	for (i = 0; i < nsteps; i++)
	{
		mig_rev    *r = &g->revs[steps[i]];
		int			up = i < nup;

		FUZZ_CHECK(st.flag[steps[i]] == !up, "%s '%s': %s is %sapplied already",
				   dn, target, r->id, up ? "" : "not ");
		if (up)
			/* parents first: applied, or planned before it */
			for (k = 0; k < r->nparents; k++)
				FUZZ_CHECK(st.flag[r->parents[k]] ||
						   (pos[r->parents[k]] >= 0 && pos[r->parents[k]] < i),
						   "%s '%s': %s before its parent %s", dn, target, r->id,
						   g->revs[r->parents[k]].id);
		else
			/* applied children first */
			for (k = 0; k < r->nchildren; k++)
				FUZZ_CHECK(!st.flag[r->children[k]] ||
						   (pos[r->children[k]] >= nup && pos[r->children[k]] < i),
						   "%s '%s': %s taken away before its child %s", dn, target, r->id,
						   g->revs[r->children[k]].id);
	}
	/* the version rows, changed step by step as alembic_version is */
	isrow = mig_alloc(g->ctx, (size_t) g->n + 1);
	nrows0 = mig_applied_rows(g, &st, &rows0);
	for (i = 0; i < nrows0; i++)
		isrow[rows0[i]] = 1;
	for (i = 0; i < nsteps; i++)
	{
		mig_rowdelta d;

		mig_applied_step(g, &st, steps[i], i < nup, &d);
		for (k = 0; k < d.nremoved; k++)
		{
			FUZZ_CHECK(isrow[d.removed[k]], "%s '%s': step %s deletes row %s, which is not there",
					   dn, target, g->revs[steps[i]].id, g->revs[d.removed[k]].id);
			isrow[d.removed[k]] = 0;
		}
		for (k = 0; k < d.nadded; k++)
		{
			FUZZ_CHECK(!isrow[d.added[k]], "%s '%s': step %s inserts row %s, which is there",
					   dn, target, g->revs[steps[i]].id, g->revs[d.added[k]].id);
			isrow[d.added[k]] = 1;
		}
	}
	check_state(g, &st, dn);
	nrows0 = mig_applied_rows(g, &st, &rows0);
	for (i = 0; i < nrows0; i++)
		FUZZ_CHECK(isrow[rows0[i]], "%s '%s': row %s missing after the steps", dn, target,
				   g->revs[rows0[i]].id);
	for (i = 0, k = 0; i < g->n; i++)
		k += isrow[i];
	FUZZ_CHECK(k == nrows0, "%s '%s': %d rows after the steps, the state implies %d",
			   dn, target, k, nrows0);
	if (target_is_absolute(target))
	{
		int		   *again;
		int			nagain,
					upagain;

		FUZZ_CHECK(mig_plan(g, &st, dir, target, &again, &nagain, &upagain) == MIG_OK,
				   "%s '%s' again failed: %s", dn, target, mig_ctx_error(g->ctx));
		FUZZ_CHECK(nagain == 0, "%s '%s' again plans %d steps (first %s)", dn, target,
				   nagain, g->revs[again[0]].id);
	}
}

static void
run_target(mig_graph *g, char **rows, int nrows, const char *target)
{
	int			r;

	if (mig_find_revision(g, target, &r) == MIG_OK)
		FUZZ_CHECK(r >= 0 && r < g->n, "mig_find_revision('%s') gave %d of %d", target, r, g->n);
	plan_one(g, rows, nrows, MIG_UP, target);
	plan_one(g, rows, nrows, MIG_DOWN, target);
	plan_one(g, rows, nrows, MIG_STAMP, target);
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *text = fuzz_cstr(data, size);
	mig_ctx    *ctx = fuzz_ctx(MIG_ENGINE_SQLITE);
	mig_graph  *g = mig_graph_new(ctx);
	char	   *rows[MAX_ROWS];
	int			nrows = 0;
	char	   *p = text;
	char	   *target = NULL;

	while (*p)
	{
		char	   *e = p + strcspn(p, "\n");
		int			last = *e == '\0';

		*e = '\0';
		if (strcmp(p, "%") == 0)
		{
			target = last ? e : e + 1;
			break;
		}
		if (p[0] == '=')
		{
			char	  **items;
			int			n,
						i;

			mig_split_list(ctx, p + 1, &items, &n);
			for (i = 0; i < n && nrows < MAX_ROWS; i++)
				rows[nrows++] = items[i];
		}
		else
			add_line(g, p);
		if (last)
			break;
		p = e + 1;
	}
	if (mig_graph_finish(g) == MIG_OK)
	{
		if (target != NULL)
			run_target(g, rows, nrows, target);
		else
		{
			static const char *const fixed[] = {"head", "heads", "base", "+1", "-1", NULL};
			int			i;

			for (i = 0; fixed[i]; i++)
				run_target(g, rows, nrows, fixed[i]);
			if (g->n > 0)
				run_target(g, rows, nrows, g->revs[0].id);
		}
	}
	mig_ctx_free(ctx);
	free(text);
	return 0;
}

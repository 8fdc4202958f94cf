/*
 * plan.c -- target resolution (Alembic's target syntax) and planning:
 * which revisions an upgrade, downgrade or stamp runs, in which order.
 *
 * Targets: base, head, heads, a full id or unique prefix, a branch label,
 * +N, -N, <rev>+N, <rev>-N, <label|rev>@head, <label|rev>@base.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "mig_core.h"

/* A resolved target: a set of revisions; base is the empty set.
 * below: for -N downgrades, the revisions to take away explicitly. */
typedef struct resolved
{
	int		   *revs;
	int			n;
	int			inclusive;		/* downgrade removes revs themselves too */
} resolved;

static char *
ids_text(const mig_graph *g, const int *v, int n)
{
	mig_buf		b;
	int			i;

	mig_buf_init(&b, g->ctx);
	for (i = 0; i < n; i++)
	{
		if (i > 0)
			mig_buf_puts(&b, ", ");
		if (i == 10 && n > 11)
		{
			mig_buf_printf(&b, "... (%d in all)", n);
			break;
		}
		mig_buf_puts(&b, g->revs[v[i]].id);
	}
	return b.data;
}

/* Look up an id, a branch label or a unique id prefix. */
int
mig_find_revision(mig_graph *g, const char *name, int *out)
{
	int			r = mig_graph_lookup(g, name);
	int			i,
				n = 0;
	int		   *cand;
	size_t		len = strlen(name);

	if (r >= 0)
	{
		*out = r;
		return MIG_OK;
	}
	r = mig_graph_label(g, name);
	if (r >= 0)
	{
		*out = r;
		return MIG_OK;
	}
	if (len == 0)
		return mig_error(g->ctx, "empty revision name in target");
	cand = mig_alloc(g->ctx, sizeof(int) * 12);
	for (i = 0; i < g->n; i++)
		if (strncmp(g->revs[i].id, name, len) == 0)
		{
			if (n < 11)
				cand[n] = i;
			n++;
		}
	if (n == 1)
	{
		*out = cand[0];
		return MIG_OK;
	}
	if (n == 0)
		return mig_error(g->ctx, "no revision, branch label or id prefix matches '%s'", name);
	{
		/* list candidates sorted by id */
		int			k,
					m = n < 11 ? n : 11;

		for (i = 1; i < m; i++)
			for (k = i; k > 0 && strcmp(g->revs[cand[k - 1]].id, g->revs[cand[k]].id) > 0; k--)
			{
				int			t = cand[k];

				cand[k] = cand[k - 1];
				cand[k - 1] = t;
			}
		return mig_error(g->ctx, "revision prefix '%s' is ambiguous: it matches %s",
						 name, ids_text(g, cand, m));
	}
}

/* The heads reachable from r along down_revision children. */
static int
heads_from(mig_graph *g, int r, int **out)
{
	int		   *stack = mig_alloc(g->ctx, sizeof(int) * (size_t) (g->n + 1));
	unsigned char *seen = mig_alloc(g->ctx, (size_t) g->n + 1);
	int			sp = 0,
				n = 0;

	*out = mig_alloc(g->ctx, sizeof(int) * (size_t) (g->n + 1));
	stack[sp++] = r;
	seen[r] = 1;
	while (sp > 0)
	{
		mig_rev    *v = &g->revs[stack[--sp]];
		int			k;

		if (v->ndown_children == 0)
			(*out)[n++] = (int) (v - g->revs);
		for (k = 0; k < v->ndown_children; k++)
			if (!seen[v->children[k]])
			{
				seen[v->children[k]] = 1;
				stack[sp++] = v->children[k];
			}
	}
	return n;
}

/* First revision of the branch r is on: walk down_revisions back while
 * the way is unique and the parent is not a branch point. */
static int
branch_base(mig_graph *g, int r)
{
	while (g->revs[r].ndown_parents == 1)
	{
		int			p = g->revs[r].parents[0];

		if (g->revs[p].ndown_children != 1)
			break;
		r = p;
	}
	return r;
}

static int
parse_count(const char *s, long *n)
{
	char	   *end;

	if (!isdigit((unsigned char) *s))
		return 0;
	*n = strtol(s, &end, 10);
	return *end == '\0' && *n > 0 && *n < 1000000000L;
}

/* Walk n steps up (children) or down (parents) from r along down_revision
 * edges; -1 stands for base when walking down past the first revision. */
static int
walk(mig_graph *g, int r, long n, int up, const char *target, int *out)
{
	long		k;

	for (k = 0; k < n; k++)
	{
		mig_rev    *v;

		if (r < 0)
			return mig_error(g->ctx, "target '%s': there are fewer than %ld revisions below "
							 "the current one", target, n);
		v = &g->revs[r];
		if (up)
		{
			if (v->ndown_children == 0)
				return mig_error(g->ctx, "target '%s': %s is a head; there are fewer than %ld "
								 "revisions above", target, v->id, n);
			if (v->ndown_children > 1)
				return mig_error(g->ctx, "target '%s' is ambiguous: %s is a branch point "
								 "(next: %s); name a revision or use <label>@head",
								 target, v->id, ids_text(g, v->children, v->ndown_children));
			r = v->children[0];
		}
		else
		{
			if (v->ndown_parents == 0)
				r = -1;
			else if (v->ndown_parents > 1)
				return mig_error(g->ctx, "target '%s' is ambiguous: %s is a merge point "
								 "(of %s); name a revision", target, v->id,
								 ids_text(g, v->parents, v->ndown_parents));
			else
				r = v->parents[0];
		}
	}
	*out = r;
	return MIG_OK;
}

/* The one current version row, for relative targets. */
static int
single_current(mig_graph *g, const mig_applied *st, const char *target, int *out)
{
	int		   *rows;
	int			n = mig_applied_rows(g, st, &rows);

	if (n > 1)
		return mig_error(g->ctx, "relative target '%s' is ambiguous: the database is at "
						 "several heads (%s); use <rev>%s", target, ids_text(g, rows, n), target);
	*out = n == 1 ? rows[0] : -1;
	return MIG_OK;
}

static int
resolve(mig_graph *g, const mig_applied *st, mig_direction dir, const char *target,
		resolved *t)
{
	const char *at;
	const char *sign;
	int			r;

	t->revs = mig_alloc(g->ctx, sizeof(int) * (size_t) (g->n + 1));
	t->n = 0;
	t->inclusive = 0;
	if (target == NULL)
		return mig_error(g->ctx, "target must not be NULL");
	if (strcmp(target, "base") == 0)
		return MIG_OK;
	if (strcmp(target, "heads") == 0)
	{
		int		   *h;

		t->n = mig_graph_heads(g, &h);
		memcpy(t->revs, h, sizeof(int) * (size_t) t->n);
		return MIG_OK;
	}
	if (strcmp(target, "head") == 0)
	{
		int		   *h;
		int			n = mig_graph_heads(g, &h);

		if (n == 0)
			return mig_error(g->ctx, "target 'head': no revisions are registered");
		if (n > 1)
			return mig_error(g->ctx, "target 'head' is ambiguous: there are %d heads (%s); "
							 "use 'heads', '<label>@head' or a revision", n, ids_text(g, h, n));
		t->revs[t->n++] = h[0];
		return MIG_OK;
	}
	/* a revision or label spelled with '-' or '@' wins over the syntax */
	r = mig_graph_lookup(g, target);
	if (r < 0)
		r = mig_graph_label(g, target);
	if (r >= 0)
	{
		t->revs[t->n++] = r;
		return MIG_OK;
	}
	at = strchr(target, '@');
	if (at != NULL)
	{
		char	   *name = mig_strndup(g->ctx, target, (size_t) (at - target));

		if (mig_find_revision(g, name, &r))
			return MIG_ERROR;
		if (strcmp(at + 1, "head") == 0)
		{
			int		   *h;
			int			n = heads_from(g, r, &h);

			if (n > 1)
				return mig_error(g->ctx, "target '%s' is ambiguous: %s leads to %d heads (%s)",
								 target, name, n, ids_text(g, h, n));
			t->revs[t->n++] = h[0];
			return MIG_OK;
		}
		if (strcmp(at + 1, "base") == 0)
		{
			int			b = branch_base(g, r);

			if (dir == MIG_UP)
				t->revs[t->n++] = b;
			else
			{
				/* downgrading to a branch's base takes the whole branch away */
				t->revs[t->n++] = b;
				t->inclusive = 1;
			}
			return MIG_OK;
		}
		return mig_error(g->ctx, "target '%s': expected <label>@head or <label>@base", target);
	}
	sign = strpbrk(target, "+-");
	if (sign != NULL)
	{
		long		n;
		int			up = *sign == '+';
		int			from;

		if (!parse_count(sign + 1, &n))
			return mig_error(g->ctx, "target '%s': expected a positive count after '%c'",
							 target, *sign);
		if (sign == target)
		{
			if (single_current(g, st, target, &from))
				return MIG_ERROR;
			if (from < 0 && up)
			{
				/* from base: the first step is the one base revision */
				int			i,
							nb = 0,
							b = -1;

				for (i = 0; i < g->n; i++)
					if (g->revs[i].nparents == 0)
					{
						nb++;
						b = i;
					}
				if (nb == 0)
					return mig_error(g->ctx, "target '%s': no revisions are registered", target);
				if (nb > 1)
					return mig_error(g->ctx, "target '%s' is ambiguous: there are %d base "
									 "revisions; name one", target, nb);
				from = b;
				n--;
			}
			else if (from < 0)
				return mig_error(g->ctx, "target '%s': nothing is applied", target);
		}
		else
		{
			char	   *name = mig_strndup(g->ctx, target, (size_t) (sign - target));

			if (mig_find_revision(g, name, &from))
				return MIG_ERROR;
		}
		if (walk(g, from, n, up, target, &r))
			return MIG_ERROR;
		if (r >= 0)
			t->revs[t->n++] = r;
		return MIG_OK;
	}
	if (mig_find_revision(g, target, &r))
		return MIG_ERROR;
	t->revs[t->n++] = r;
	return MIG_OK;
}

/* Mark the closure of a set through parents (down_revision and depends_on). */
static unsigned char *
closure(mig_graph *g, const int *v, int n)
{
	unsigned char *mark = mig_alloc(g->ctx, (size_t) g->n + 1);
	int		   *stack = mig_alloc(g->ctx, sizeof(int) * (size_t) (g->n + 1));
	int			sp = 0,
				i;

	for (i = 0; i < n; i++)
		if (!mark[v[i]])
		{
			mark[v[i]] = 1;
			stack[sp++] = v[i];
		}
	while (sp > 0)
	{
		mig_rev    *r = &g->revs[stack[--sp]];
		int			k;

		for (k = 0; k < r->nparents; k++)
			if (!mark[r->parents[k]])
			{
				mark[r->parents[k]] = 1;
				stack[sp++] = r->parents[k];
			}
	}
	return mark;
}

/* Mark everything that descends (through any edge) from a marked node. */
static void
descendants(mig_graph *g, unsigned char *mark)
{
	int			i;

	/* one pass in topological order: parents are decided first */
	for (i = 0; i < g->n; i++)
	{
		int			v = g->order[i];
		mig_rev    *r = &g->revs[v];
		int			k;

		if (mark[v])
			continue;
		for (k = 0; k < r->nparents; k++)
			if (mark[r->parents[k]])
			{
				mark[v] = 1;
				break;
			}
	}
}

int
mig_plan(mig_graph *g, const mig_applied *st, mig_direction dir,
		 const char *target, int **steps, int *nsteps, int *nup)
{
	resolved	t;
	int			i;

	*steps = mig_alloc(g->ctx, sizeof(int) * (size_t) (g->n + 1));
	*nsteps = 0;
	*nup = 0;
	if (dir == MIG_DOWN && target != NULL && target[0] == '-')
	{
		/* -N: take away the last N revisions of the one current head */
		long		n;
		int			from;
		unsigned char *mark = mig_alloc(g->ctx, (size_t) g->n + 1);
		int			r;

		if (!parse_count(target + 1, &n))
			return mig_error(g->ctx, "target '%s': expected a positive count after '-'", target);
		if (single_current(g, st, target, &from))
			return MIG_ERROR;
		if (from < 0)
			return mig_error(g->ctx, "target '%s': nothing is applied", target);
		if (walk(g, from, n, 0, target, &r))
			return MIG_ERROR;
		/* mark the walked revisions, then whatever depends on them */
		{
			long		k;
			int			v = from;

			for (k = 0; k < n && v >= 0; k++)
			{
				mark[v] = 1;
				v = g->revs[v].ndown_parents ? g->revs[v].parents[0] : -1;
			}
		}
		descendants(g, mark);
		for (i = g->n - 1; i >= 0; i--)
			if (mark[g->order[i]] && st->flag[g->order[i]])
				(*steps)[(*nsteps)++] = g->order[i];
		return MIG_OK;
	}
	if (dir == MIG_UP && target != NULL && target[0] == '-')
		return mig_error(g->ctx, "target '%s' goes down; use mig_downgrade", target);
	if (dir == MIG_DOWN && target != NULL && target[0] == '+')
		return mig_error(g->ctx, "target '%s' goes up; use mig_upgrade", target);
	if (resolve(g, st, dir, target, &t))
		return MIG_ERROR;

	if (dir == MIG_UP)
	{
		unsigned char *want = closure(g, t.revs, t.n);

		for (i = 0; i < g->n; i++)
		{
			int			v = g->order[i];

			if (want[v] && !st->flag[v])
				(*steps)[(*nsteps)++] = v;
		}
		*nup = *nsteps;
		return MIG_OK;
	}
	if (dir == MIG_DOWN)
	{
		unsigned char *mark = mig_alloc(g->ctx, (size_t) g->n + 1);

		if (t.n == 0)
		{
			/* base: everything applied goes */
			for (i = 0; i < g->n; i++)
				mark[i] = 1;
		}
		else if (t.inclusive)
		{
			for (i = 0; i < t.n; i++)
				mark[t.revs[i]] = 1;
			descendants(g, mark);
		}
		else
		{
			for (i = 0; i < t.n; i++)
			{
				mig_rev    *r = &g->revs[t.revs[i]];
				int			k;

				if (!st->flag[t.revs[i]])
					return mig_error(g->ctx, "downgrade target %s is not applied; "
									 "use mig_upgrade to go there", r->id);
				/* what came after it on its branch; what depends on those
				 * follows below (the target itself stays, so revisions
				 * that only depend on it stay too) */
				for (k = 0; k < r->ndown_children; k++)
					mark[r->children[k]] = 1;
			}
			descendants(g, mark);
			for (i = 0; i < t.n; i++)
				if (mark[t.revs[i]])
					return mig_error(g->ctx, "downgrade target '%s' is ambiguous: %s "
									 "descends from another revision of the target",
									 target, g->revs[t.revs[i]].id);
		}
		for (i = g->n - 1; i >= 0; i--)
			if (mark[g->order[i]] && st->flag[g->order[i]])
				(*steps)[(*nsteps)++] = g->order[i];
		return MIG_OK;
	}
	/* stamp: the new applied set is the target's closure plus whatever
	 * applied revision the target does not lie below */
	{
		unsigned char *want = closure(g, t.revs, t.n);
		unsigned char *below = mig_alloc(g->ctx, (size_t) g->n + 1);

		for (i = 0; i < t.n; i++)
		{
			mig_rev    *r = &g->revs[t.revs[i]];
			int			k;

			for (k = 0; k < r->ndown_children; k++)
				below[r->children[k]] = 1;
		}
		if (t.n == 0)
			memset(below, 1, (size_t) g->n);
		else
			descendants(g, below);
		for (i = 0; i < g->n; i++)
			if (st->flag[i] && !below[i])
				want[i] = 1;
		for (i = 0; i < g->n; i++)
		{
			int			v = g->order[i];

			if (want[v] && !st->flag[v])
				(*steps)[(*nsteps)++] = v;
		}
		*nup = *nsteps;
		for (i = g->n - 1; i >= 0; i--)
		{
			int			v = g->order[i];

			if (!want[v] && st->flag[v])
				(*steps)[(*nsteps)++] = v;
		}
		return MIG_OK;
	}
}

/*
 * graph.c -- the revision graph and what is applied in it.
 *
 * Revisions are nodes; down_revision and depends_on are edges to parents.
 * Everything here is linear in revisions plus edges (the topological
 * order is N log N for a deterministic tie-break by id), so histories of
 * 100,000 revisions plan in milliseconds.
 */
#include <stdlib.h>
#include <string.h>

#include "mig_core.h"

mig_graph *
mig_graph_new(mig_ctx *ctx)
{
	mig_graph  *g = mig_alloc(ctx, sizeof(mig_graph));

	g->ctx = ctx;
	return g;
}

/* FNV-1a, then a finalizer: ids that differ in their last digits land
 * far apart (linear probing would otherwise build long runs). */
static unsigned int
hash_id(const char *s)
{
	unsigned int h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char) *s) * 16777619u;
	h ^= h >> 16;
	h *= 0x7feb352du;
	h ^= h >> 15;
	h *= 0x846ca68bu;
	h ^= h >> 16;
	return h;
}

static void
slot_put(mig_slot *slots, int nslots, unsigned int hash, int idx)
{
	unsigned int h = hash & (unsigned int) (nslots - 1);

	while (slots[h].idx)
		h = (h + 1) & (unsigned int) (nslots - 1);
	slots[h].hash = hash;
	slots[h].idx = idx + 1;
}

static void
rehash(mig_graph *g, int nslots)
{
	int			i;

	g->slots = mig_alloc(g->ctx, sizeof(mig_slot) * (size_t) nslots);
	g->nslots = nslots;
	for (i = 0; i < g->n; i++)
		slot_put(g->slots, nslots, hash_id(g->revs[i].id), i);
}

/* mig_graph_lookup with id's hash at hand */
static int
lookup_hashed(const mig_graph *g, const char *id, unsigned int hash)
{
	unsigned int h;

	if (g->nslots == 0)
		return -1;
	h = hash & (unsigned int) (g->nslots - 1);
	while (g->slots[h].idx)
	{
		int			i = g->slots[h].idx - 1;

		if (g->slots[h].hash == hash && strcmp(g->revs[i].id, id) == 0)
			return i;
		h = (h + 1) & (unsigned int) (g->nslots - 1);
	}
	return -1;
}

/* The index of revision id, or -1; the stored hash spares most string
 * compares (and the cache misses of reaching the revision). */
int
mig_graph_lookup(const mig_graph *g, const char *id)
{
	return lookup_hashed(g, id, hash_id(id));
}

/* Room for n more revisions, so that adding them copies nothing. */
void
mig_graph_reserve(mig_graph *g, int n)
{
	int			nslots = 256;

	if (n <= 0)
		return;
	if (g->n + n > g->cap)
	{
		g->revs = mig_realloc(g->ctx, g->revs, sizeof(mig_rev) * (size_t) g->cap,
							  sizeof(mig_rev) * (size_t) (g->n + n));
		g->cap = g->n + n;
	}
	while (nslots < 2 * (g->n + n))
		nslots *= 2;
	if (nslots > g->nslots)
		rehash(g, nslots);
}

void
mig_split_list(mig_ctx *ctx, const char *text, char ***items, int *n)
{
	const char *p = text;
	int			count = 1;
	int			k = 0;

	*items = NULL;
	*n = 0;
	if (text == NULL || *text == '\0')
		return;
	for (; *p; p++)
		if (*p == ',')
			count++;
	*items = mig_alloc(ctx, sizeof(char *) * (size_t) count);
	p = text;
	while (1)
	{
		const char *e = strchr(p, ',');
		const char *z = e ? e : p + strlen(p);
		const char *a = p;

		while (a < z && *a == ' ')
			a++;
		while (z > a && z[-1] == ' ')
			z--;
		if (z > a)
			(*items)[k++] = mig_strndup(ctx, a, (size_t) (z - a));
		if (e == NULL)
			break;
		p = e + 1;
	}
	*n = k;
}

/*
 * A stored list (down_revision, branch_labels, depends_on), kept as
 * stored and split: a list of one plain id, the usual case, is its own
 * item.
 */
static void
stored_list(mig_ctx *ctx, const char *text, char **stored, char ***items, int *n)
{
	*stored = NULL;
	*items = NULL;
	*n = 0;
	if (text == NULL || *text == '\0')
		return;
	*stored = mig_strdup(ctx, text);
	if (strchr(text, ',') == NULL && text[0] != ' ' && text[strlen(text) - 1] != ' ')
	{
		*items = mig_alloc(ctx, sizeof(char *));
		(*items)[0] = *stored;
		*n = 1;
	}
	else
		mig_split_list(ctx, text, items, n);
}

int
mig_graph_add(mig_graph *g, const char *id, const char *down,
			  const char *labels, const char *depends,
			  const char *message, const char *checksum)
{
	mig_rev    *r;
	unsigned int hash = hash_id(id);

	if (lookup_hashed(g, id, hash) >= 0)
		return mig_error(g->ctx, "revision %s is defined twice", id);
	if (g->n == g->cap)
	{
		int			ncap = g->cap ? g->cap * 2 : 64;

		g->revs = mig_realloc(g->ctx, g->revs, sizeof(mig_rev) * (size_t) g->cap,
							  sizeof(mig_rev) * (size_t) ncap);
		g->cap = ncap;
	}
	r = &g->revs[g->n++];
	memset(r, 0, sizeof(*r));
	r->id = mig_strdup(g->ctx, id);
	r->message = mig_strdup(g->ctx, message);
	r->checksum = mig_strdup(g->ctx, checksum);
	stored_list(g->ctx, down, &r->down_text, &r->down_ids, &r->ndown);
	stored_list(g->ctx, labels, &r->labels_text, &r->labels, &r->nlabels);
	stored_list(g->ctx, depends, &r->depends_text, &r->dep_ids, &r->ndeps);
	if (g->n * 2 > g->nslots)
		rehash(g, g->nslots ? g->nslots * 2 : 256);
	else
		slot_put(g->slots, g->nslots, hash, g->n - 1);
	return MIG_OK;
}

static int	graph_finish(mig_graph *g, int partial);

/* ---- a binary min-heap of revision indices ordered by id ---- */
typedef struct heap
{
	int		   *a;
	int			n;
	const mig_graph *g;
} heap;

static int
heap_less(const heap *h, int x, int y)
{
	return strcmp(h->g->revs[x].id, h->g->revs[y].id) < 0;
}

static void
heap_push(heap *h, int v)
{
	int			i = h->n++;

	h->a[i] = v;
	while (i > 0 && heap_less(h, h->a[i], h->a[(i - 1) / 2]))
	{
		int			t = h->a[i];

		h->a[i] = h->a[(i - 1) / 2];
		h->a[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

static int
heap_pop(heap *h)
{
	int			top = h->a[0];
	int			i = 0;

	h->a[0] = h->a[--h->n];
	while (1)
	{
		int			l = 2 * i + 1,
					r = l + 1,
					m = i;

		if (l < h->n && heap_less(h, h->a[l], h->a[m]))
			m = l;
		if (r < h->n && heap_less(h, h->a[r], h->a[m]))
			m = r;
		if (m == i)
			break;
		{
			int			t = h->a[i];

			h->a[i] = h->a[m];
			h->a[m] = t;
		}
		i = m;
	}
	return top;
}

/* Sort revision indices by id (heap sort: N log N, no qsort context). */
static void
sort_by_id(const mig_graph *g, int *v, int n)
{
	heap		h;
	int			i;

	if (n < 2)
		return;
	h.a = mig_alloc(g->ctx, sizeof(int) * (size_t) n);
	h.n = 0;
	h.g = g;
	for (i = 0; i < n; i++)
		heap_push(&h, v[i]);
	for (i = 0; i < n; i++)
		v[i] = heap_pop(&h);
}

/* Name the revisions of one cycle among the nodes Kahn's walk left. */
static int
report_cycle(mig_graph *g, const int *indeg)
{
	int		   *seen = mig_alloc(g->ctx, sizeof(int) * (size_t) g->n);
	int			v = -1,
				i,
				step = 1;
	mig_buf		b;

	for (i = 0; i < g->n; i++)
		if (indeg[i] > 0)
		{
			v = i;
			break;
		}
	/* walk to parents that are still blocked until one repeats */
	while (!seen[v])
	{
		mig_rev    *r = &g->revs[v];
		int			k;

		seen[v] = step++;
		for (k = 0; k < r->nparents; k++)
			if (indeg[r->parents[k]] > 0)
				break;
		v = r->parents[k];
	}
	mig_buf_init(&b, g->ctx);
	mig_buf_puts(&b, g->revs[v].id);
	{
		int			start = v;
		int			count = 0;

		do
		{
			mig_rev    *r = &g->revs[v];
			int			k;

			for (k = 0; k < r->nparents; k++)
				if (indeg[r->parents[k]] > 0 && seen[r->parents[k]])
					break;
			v = r->parents[k];
			mig_buf_printf(&b, " -> %s", g->revs[v].id);
		} while (v != start && ++count < 20);
	}
	return mig_error(g->ctx, "cycle in the revision graph: %s", b.data);
}

static int
label_cmp(const void *a, const void *b)
{
	const mig_label *x = a,
			   *y = b;

	return strcmp(x->label, y->label);
}

int
mig_graph_finish(mig_graph *g)
{
	return graph_finish(g, 0);
}

int
mig_graph_finish_partial(mig_graph *g)
{
	return graph_finish(g, 1);
}

static int
graph_finish(mig_graph *g, int partial)
{
	int			i,
				nedges = 0;
	int		   *cstart,
			   *fill,
			   *indeg;
	int		   *edges,
			   *parents;
	heap		h;
	int			norder = 0;

	/* parents: down_revision first, then depends_on not already there;
	 * all of them in one array */
	{
		size_t		room = 0;

		for (i = 0; i < g->n; i++)
			room += (size_t) (g->revs[i].ndown + g->revs[i].ndeps);
		parents = mig_alloc(g->ctx, sizeof(int) * (room + 1));
	}
	for (i = 0; i < g->n; i++)
	{
		mig_rev    *r = &g->revs[i];
		int			k;

		r->parents = parents;
		parents += r->ndown + r->ndeps;
		for (k = 0; k < r->ndown; k++)
		{
			int			p = mig_graph_lookup(g, r->down_ids[k]);

			if (p < 0 && partial)
				continue;
			if (p < 0)
				return mig_error(g->ctx, "revision %s: down_revision %s is not registered",
								 r->id, r->down_ids[k]);
			r->parents[r->nparents++] = p;
		}
		r->ndown_parents = r->nparents;
		for (k = 0; k < r->ndeps; k++)
		{
			int			p = mig_graph_lookup(g, r->dep_ids[k]);
			int			j,
						dup = 0;

			if (p < 0 && partial)
				continue;
			if (p < 0)
				return mig_error(g->ctx, "revision %s: depends_on %s is not registered",
								 r->id, r->dep_ids[k]);
			for (j = 0; j < r->nparents; j++)
				if (r->parents[j] == p)
					dup = 1;
			if (!dup)
				r->parents[r->nparents++] = p;
		}
		nedges += r->nparents;
	}
	/* children, down_revision edges first (CSR layout) */
	cstart = mig_alloc(g->ctx, sizeof(int) * (size_t) (g->n + 1));
	fill = mig_alloc(g->ctx, sizeof(int) * (size_t) (g->n + 1));
	edges = mig_alloc(g->ctx, sizeof(int) * (size_t) (nedges + 1));
	for (i = 0; i < g->n; i++)
	{
		int			k;

		for (k = 0; k < g->revs[i].nparents; k++)
			g->revs[g->revs[i].parents[k]].nchildren++;
	}
	for (i = 0; i < g->n; i++)
	{
		cstart[i + 1] = cstart[i] + g->revs[i].nchildren;
		g->revs[i].children = edges + cstart[i];
	}
	for (i = 0; i < g->n; i++)
	{
		int			k;

		for (k = 0; k < g->revs[i].ndown_parents; k++)
		{
			int			p = g->revs[i].parents[k];

			g->revs[p].children[fill[p]++] = i;
			g->revs[p].ndown_children++;
		}
	}
	for (i = 0; i < g->n; i++)
	{
		int			k;

		for (k = g->revs[i].ndown_parents; k < g->revs[i].nparents; k++)
		{
			int			p = g->revs[i].parents[k];

			g->revs[p].children[fill[p]++] = i;
		}
	}
	/* children in id order, so plans and messages do not depend on the
	 * order revisions were loaded in */
	for (i = 0; i < g->n; i++)
	{
		mig_rev    *r = &g->revs[i];

		sort_by_id(g, r->children, r->ndown_children);
		sort_by_id(g, r->children + r->ndown_children, r->nchildren - r->ndown_children);
	}
	/* Kahn's walk, smallest id first among the ready ones */
	indeg = mig_alloc(g->ctx, sizeof(int) * (size_t) (g->n + 1));
	g->order = mig_alloc(g->ctx, sizeof(int) * (size_t) (g->n + 1));
	h.a = mig_alloc(g->ctx, sizeof(int) * (size_t) (g->n + 1));
	h.n = 0;
	h.g = g;
	for (i = 0; i < g->n; i++)
	{
		indeg[i] = g->revs[i].nparents;
		if (indeg[i] == 0)
			heap_push(&h, i);
	}
	while (h.n > 0)
	{
		int			v = heap_pop(&h);
		int			k;

		g->revs[v].topo = norder;
		g->order[norder++] = v;
		for (k = 0; k < g->revs[v].nchildren; k++)
		{
			int			c = g->revs[v].children[k];

			if (--indeg[c] == 0)
				heap_push(&h, c);
		}
	}
	if (norder < g->n)
		return report_cycle(g, indeg);
	/* branch labels: each names exactly one revision */
	{
		int			nl = 0;

		for (i = 0; i < g->n; i++)
			nl += g->revs[i].nlabels;
		g->labels = mig_alloc(g->ctx, sizeof(mig_label) * (size_t) (nl + 1));
		for (i = 0; i < g->n; i++)
		{
			int			k;

			for (k = 0; k < g->revs[i].nlabels; k++)
			{
				g->labels[g->nlabels].label = g->revs[i].labels[k];
				g->labels[g->nlabels].rev = i;
				g->nlabels++;
			}
		}
		qsort(g->labels, (size_t) g->nlabels, sizeof(mig_label), label_cmp);
		for (i = 1; i < g->nlabels; i++)
			if (strcmp(g->labels[i].label, g->labels[i - 1].label) == 0)
			{
				const char *a = g->revs[g->labels[i - 1].rev].id;
				const char *b = g->revs[g->labels[i].rev].id;

				if (strcmp(a, b) > 0)
				{
					const char *t = a;

					a = b;
					b = t;
				}
				return mig_error(g->ctx, "branch label '%s' is used by both %s and %s",
								 g->labels[i].label, a, b);
			}
		/* a label that is also an id would make the id mean two things */
		for (i = 0; i < g->nlabels; i++)
		{
			int			r = mig_graph_lookup(g, g->labels[i].label);

			if (r >= 0 && r != g->labels[i].rev)
				return mig_error(g->ctx, "branch label '%s' of revision %s is also the id of "
								 "revision %s: choose another label", g->labels[i].label,
								 g->revs[g->labels[i].rev].id, g->revs[r].id);
		}
	}
	g->finished = 1;
	return MIG_OK;
}

int
mig_graph_label(const mig_graph *g, const char *label)
{
	int			lo = 0,
				hi = g->nlabels - 1;

	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;
		int			c = strcmp(g->labels[mid].label, label);

		if (c == 0)
			return g->labels[mid].rev;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

int
mig_graph_heads(const mig_graph *g, int **out)
{
	int			i,
				n = 0;

	*out = mig_alloc(g->ctx, sizeof(int) * (size_t) (g->n + 1));
	for (i = 0; i < g->n; i++)
		if (g->revs[i].ndown_children == 0)
			(*out)[n++] = i;
	sort_by_id(g, *out, n);
	return n;
}

/*
 * Each database's alembic_version stands for its own revisions: a
 * revision that depends_on one of another database does not take that
 * one's row away (so each database's table reads right on its own, as
 * Alembic's multi-database setups keep them).
 */
static int
same_db(const mig_graph *g, int a, int b)
{
	return g->revs[a].db == g->revs[b].db;
}

int
mig_applied_init(mig_graph *g, char **rows, int nrows, mig_applied *out)
{
	int		   *stack = mig_alloc(g->ctx, sizeof(int) * (size_t) (g->n + 1));
	int			sp = 0,
				i;

	out->flag = mig_alloc(g->ctx, (size_t) g->n + 1);
	out->nchild = mig_alloc(g->ctx, sizeof(int) * (size_t) (g->n + 1));
	for (i = 0; i < nrows; i++)
	{
		int			r = mig_graph_lookup(g, rows[i]);

		if (r < 0)
			return mig_error(g->ctx, "alembic_version holds revision %s, which is not "
							 "registered; register its script first", rows[i]);
		if (!out->flag[r])
		{
			out->flag[r] = 1;
			stack[sp++] = r;
		}
	}
	while (sp > 0)
	{
		mig_rev    *r = &g->revs[stack[--sp]];
		int			k;

		for (k = 0; k < r->nparents; k++)
		{
			int			p = r->parents[k];

			if (!out->flag[p])
			{
				out->flag[p] = 1;
				stack[sp++] = p;
			}
		}
	}
	for (i = 0; i < g->n; i++)
	{
		int			k;

		if (!out->flag[i])
			continue;
		for (k = 0; k < g->revs[i].nparents; k++)
			if (same_db(g, i, g->revs[i].parents[k]))
				out->nchild[g->revs[i].parents[k]]++;
	}
	return MIG_OK;
}

int
mig_applied_rows(const mig_graph *g, const mig_applied *st, int **out)
{
	int			i,
				n = 0;

	*out = mig_alloc(g->ctx, sizeof(int) * (size_t) (g->n + 1));
	for (i = 0; i < g->n; i++)
		if (st->flag[i] && st->nchild[i] == 0)
			(*out)[n++] = i;
	sort_by_id(g, *out, n);
	return n;
}

void
mig_applied_step(mig_graph *g, mig_applied *st, int rev, int up, mig_rowdelta *d)
{
	mig_rev    *r = &g->revs[rev];
	int			k;

	d->removed = mig_alloc(g->ctx, sizeof(int) * (size_t) (r->nparents + 1));
	d->added = mig_alloc(g->ctx, sizeof(int) * (size_t) (r->nparents + 1));
	d->nremoved = 0;
	d->nadded = 0;
	if (up)
	{
		for (k = 0; k < r->nparents; k++)
		{
			int			p = r->parents[k];

			if (same_db(g, rev, p) && st->nchild[p]++ == 0)
				d->removed[d->nremoved++] = p;
		}
		st->flag[rev] = 1;
		if (st->nchild[rev] == 0)
			d->added[d->nadded++] = rev;
	}
	else
	{
		st->flag[rev] = 0;
		if (st->nchild[rev] == 0)
			d->removed[d->nremoved++] = rev;
		for (k = 0; k < r->nparents; k++)
		{
			int			p = r->parents[k];

			if (same_db(g, rev, p) && --st->nchild[p] == 0 && st->flag[p])
				d->added[d->nadded++] = p;
		}
	}
}

/*
 * check_graph.c -- the revision graph (heads, bases, branch points,
 * merges, labels, depends_on, refused graphs, size) and the applied
 * state with its alembic_version bookkeeping.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "unit_util.h"

/* a1 <- b2 <- c3 */
static mig_graph *
linear_graph(void)
{
	mig_graph  *g = mig_graph_new(tctx);

	graph_add(g, "a1", NULL, NULL, NULL);
	graph_add(g, "b2", "a1", NULL, NULL);
	graph_add(g, "c3", "b2", NULL, NULL);
	ck_assert_msg(mig_graph_finish(g) == MIG_OK, "finish: %s", terr());
	return g;
}

/* r0 <- x1 (label x) <- x2,  r0 <- y1 (label y) <- y2 */
static mig_graph *
branch_graph(void)
{
	mig_graph  *g = mig_graph_new(tctx);

	graph_add(g, "r0", NULL, NULL, NULL);
	graph_add(g, "y2", "y1", NULL, NULL);	/* added before its parent */
	graph_add(g, "x1", "r0", "x", NULL);
	graph_add(g, "x2", "x1", NULL, NULL);
	graph_add(g, "y1", "r0", "y", NULL);
	ck_assert_msg(mig_graph_finish(g) == MIG_OK, "finish: %s", terr());
	return g;
}

/* r0 <- x1, r0 <- y1, (x1, y1) <- m9 */
static mig_graph *
merge_graph(void)
{
	mig_graph  *g = mig_graph_new(tctx);

	graph_add(g, "r0", NULL, NULL, NULL);
	graph_add(g, "x1", "r0", NULL, NULL);
	graph_add(g, "y1", "r0", NULL, NULL);
	graph_add(g, "m9", "x1,y1", NULL, NULL);
	ck_assert_msg(mig_graph_finish(g) == MIG_OK, "finish: %s", terr());
	return g;
}

/* aa <- a2;  bb <- b2, and b2 depends_on a2 */
static mig_graph *
depends_graph(void)
{
	mig_graph  *g = mig_graph_new(tctx);

	graph_add(g, "aa", NULL, NULL, NULL);
	graph_add(g, "a2", "aa", NULL, NULL);
	graph_add(g, "bb", NULL, NULL, NULL);
	graph_add(g, "b2", "bb", NULL, "a2");
	ck_assert_msg(mig_graph_finish(g) == MIG_OK, "finish: %s", terr());
	return g;
}

static char *
heads_of(mig_graph *g)
{
	int		   *h = NULL;
	int			n = mig_graph_heads(g, &h);

	return ids_of(g, h, n);
}

static mig_rev *
rev(mig_graph *g, const char *id)
{
	return &g->revs[rev_index(g, id)];
}

/* ids of a rev's parents / children, sorted */
static char *
parents_of(mig_graph *g, const char *id)
{
	mig_rev    *r = rev(g, id);

	return ids_sorted(g, r->parents, r->nparents);
}

static char *
children_of(mig_graph *g, const char *id)
{
	mig_rev    *r = rev(g, id);

	return ids_sorted(g, r->children, r->nchildren);
}

static void
assert_topo(mig_graph *g)
{
	int			i,
				j;

	ck_assert_ptr_nonnull(g->order);
	for (i = 0; i < g->n; i++)
	{
		ck_assert_int_eq(g->revs[g->order[i]].topo, i);
		for (j = 0; j < g->revs[i].nparents; j++)
			ck_assert_msg(g->revs[g->revs[i].parents[j]].topo < g->revs[i].topo,
						  "parent %s not before %s in topological order",
						  g->revs[g->revs[i].parents[j]].id, g->revs[i].id);
	}
}

/* ---- structure ---- */

START_TEST(test_graph_linear)
{
	mig_graph  *g = linear_graph();

	ck_assert_int_eq(g->n, 3);
	ck_assert_int_eq(g->finished, 1);
	ck_assert_str_eq(heads_of(g), "c3");
	ck_assert_int_eq(rev(g, "a1")->ndown, 0);
	ck_assert_int_eq(rev(g, "a1")->nparents, 0);
	ck_assert_str_eq(parents_of(g, "b2"), "a1");
	ck_assert_str_eq(children_of(g, "a1"), "b2");
	ck_assert_str_eq(children_of(g, "c3"), "");
	ck_assert_str_eq(rev(g, "b2")->down_text, "a1");
	ck_assert_ptr_null(rev(g, "a1")->down_text);
	assert_topo(g);
}
END_TEST

START_TEST(test_graph_bases_and_heads)
{
	mig_graph  *g = mig_graph_new(tctx);

	/* added out of order; heads come back sorted by id */
	graph_add(g, "zz", NULL, NULL, NULL);
	graph_add(g, "mm", NULL, NULL, NULL);
	graph_add(g, "aa", NULL, NULL, NULL);
	graph_add(g, "kk", "mm", NULL, NULL);
	ck_assert_int_eq(mig_graph_finish(g), MIG_OK);
	ck_assert_str_eq(heads_of(g), "aa,kk,zz");
	ck_assert_int_eq(rev(g, "zz")->nparents, 0);
	ck_assert_int_eq(rev(g, "mm")->nparents, 0);
	ck_assert_int_lt(mig_graph_lookup(g, "nope"), 0);
	ck_assert_int_lt(mig_graph_lookup(g, "k"), 0);
	assert_topo(g);
}
END_TEST

START_TEST(test_graph_branch_point)
{
	mig_graph  *g = branch_graph();

	ck_assert_str_eq(heads_of(g), "x2,y2");
	ck_assert_int_eq(rev(g, "r0")->nchildren, 2);
	ck_assert_int_eq(rev(g, "r0")->ndown_children, 2);
	ck_assert_str_eq(children_of(g, "r0"), "x1,y1");
	ck_assert_str_eq(parents_of(g, "y2"), "y1");
	assert_topo(g);
}
END_TEST

START_TEST(test_graph_merge)
{
	mig_graph  *g = merge_graph();
	mig_rev    *m = rev(g, "m9");

	ck_assert_str_eq(heads_of(g), "m9");
	ck_assert_int_eq(m->ndown, 2);
	ck_assert_int_eq(m->nparents, 2);
	ck_assert_int_eq(m->ndown_parents, 2);
	ck_assert_str_eq(parents_of(g, "m9"), "x1,y1");
	ck_assert_str_eq(children_of(g, "x1"), "m9");
	ck_assert_str_eq(children_of(g, "y1"), "m9");
	ck_assert_int_eq(rev(g, "x1")->ndown_children, 1);
	assert_topo(g);
}
END_TEST

START_TEST(test_graph_labels)
{
	mig_graph  *g = mig_graph_new(tctx);
	mig_rev    *r;

	graph_add(g, "r0", NULL, "catalog, core", NULL);
	graph_add(g, "s1", "r0", NULL, NULL);
	ck_assert_int_eq(mig_graph_finish(g), MIG_OK);
	r = rev(g, "r0");
	ck_assert_int_eq(r->nlabels, 2);
	ck_assert_str_eq(r->labels[0], "catalog");
	ck_assert_str_eq(r->labels[1], "core");
	ck_assert_int_eq(rev(g, "s1")->nlabels, 0);
}
END_TEST

START_TEST(test_graph_depends_on)
{
	mig_graph  *g = depends_graph();
	mig_rev    *b2 = rev(g, "b2");

	/* depends_on makes no head: a2 is still one */
	ck_assert_str_eq(heads_of(g), "a2,b2");
	ck_assert_int_eq(b2->ndown, 1);
	ck_assert_int_eq(b2->ndeps, 1);
	ck_assert_int_eq(b2->nparents, 2);
	ck_assert_int_eq(b2->ndown_parents, 1);
	ck_assert_str_eq(g->revs[b2->parents[0]].id, "bb");
	ck_assert_str_eq(g->revs[b2->parents[1]].id, "a2");
	ck_assert_str_eq(children_of(g, "a2"), "b2");
	ck_assert_int_eq(rev(g, "a2")->ndown_children, 0);
	ck_assert_int_eq(rev(g, "bb")->ndown_children, 1);
	assert_topo(g);
}
END_TEST

START_TEST(test_graph_depends_no_repeats)
{
	mig_graph  *g = mig_graph_new(tctx);

	graph_add(g, "aa", NULL, NULL, NULL);
	graph_add(g, "bb", "aa", NULL, "aa");
	ck_assert_int_eq(mig_graph_finish(g), MIG_OK);
	ck_assert_int_eq(rev(g, "bb")->nparents, 1);
	ck_assert_int_eq(rev(g, "aa")->nchildren, 1);
}
END_TEST

/* ---- refused graphs ---- */

START_TEST(test_graph_err_missing_parent)
{
	mig_graph  *g = mig_graph_new(tctx);

	graph_add(g, "base01", NULL, NULL, NULL);
	graph_add(g, "child02", "ghost99", NULL, NULL);
	ck_assert_int_eq(mig_graph_finish(g), MIG_ERROR);
	ck_assert_msg(has(terr(), "child02") && has(terr(), "ghost99"),
				  "error must name both ids: %s", terr());
}
END_TEST

START_TEST(test_graph_err_missing_dependency)
{
	mig_graph  *g = mig_graph_new(tctx);

	graph_add(g, "base01", NULL, NULL, NULL);
	graph_add(g, "child02", "base01", NULL, "ghost99");
	ck_assert_int_eq(mig_graph_finish(g), MIG_ERROR);
	ck_assert_msg(has(terr(), "child02") && has(terr(), "ghost99"),
				  "error must name both ids: %s", terr());
}
END_TEST

static int
names_one_of(const char *msg, const char *const *ids, int n)
{
	int			i;

	for (i = 0; i < n; i++)
		if (has(msg, ids[i]))
			return 1;
	return 0;
}

START_TEST(test_graph_err_cycle)
{
	static const char *const ids[] = {"cyc_one", "cyc_two", "cyc_three"};
	mig_graph  *g = mig_graph_new(tctx);

	graph_add(g, "free_base", NULL, NULL, NULL);
	graph_add(g, "cyc_one", "cyc_three", NULL, NULL);
	graph_add(g, "cyc_two", "cyc_one", NULL, NULL);
	graph_add(g, "cyc_three", "cyc_two", NULL, NULL);
	graph_add(g, "tail", "free_base", NULL, NULL);
	ck_assert_int_eq(mig_graph_finish(g), MIG_ERROR);
	ck_assert_msg(names_one_of(terr(), ids, 3), "error names no revision of the cycle: %s", terr());
}
END_TEST

START_TEST(test_graph_err_self_cycle)
{
	mig_graph  *g = mig_graph_new(tctx);

	graph_add(g, "base01", NULL, NULL, NULL);
	graph_add(g, "selfish", "selfish", NULL, NULL);
	ck_assert_int_eq(mig_graph_finish(g), MIG_ERROR);
	ck_assert_msg(has(terr(), "selfish"), "error: %s", terr());
}
END_TEST

START_TEST(test_graph_err_cycle_via_depends)
{
	static const char *const ids[] = {"dep_q", "dep_r"};
	mig_graph  *g = mig_graph_new(tctx);

	graph_add(g, "base_p", NULL, NULL, NULL);
	graph_add(g, "dep_q", "base_p", NULL, "dep_r");
	graph_add(g, "dep_r", "dep_q", NULL, NULL);
	ck_assert_int_eq(mig_graph_finish(g), MIG_ERROR);
	ck_assert_msg(names_one_of(terr(), ids, 2), "error names no revision of the cycle: %s", terr());
}
END_TEST

START_TEST(test_graph_err_duplicate_label)
{
	mig_graph  *g = mig_graph_new(tctx);

	graph_add(g, "r0", NULL, NULL, NULL);
	graph_add(g, "x1", "r0", "catalog", NULL);
	graph_add(g, "y1", "r0", "catalog", NULL);
	ck_assert_int_eq(mig_graph_finish(g), MIG_ERROR);
	ck_assert_msg(has(terr(), "catalog"), "error must name the label: %s", terr());
}
END_TEST

START_TEST(test_graph_err_duplicate_id)
{
	mig_graph  *g = mig_graph_new(tctx);
	int			rc;

	graph_add(g, "r0", NULL, NULL, NULL);
	rc = mig_graph_add(g, "r0", NULL, NULL, NULL, "again", "ffff");
	if (rc == MIG_OK)
		rc = mig_graph_finish(g);
	ck_assert_msg(rc == MIG_ERROR, "a duplicate revision id was accepted");
	ck_assert_msg(has(terr(), "r0"), "error: %s", terr());
}
END_TEST

/* ---- size: 100,000 revisions (their time is measured in bench/, W3) ---- */

START_TEST(test_graph_long_chain)
{
	int			n = under_valgrind() ? 10000 : 100000;
	mig_graph  *g = mig_graph_new(tctx);
	char		id[16],
				down[16];
	int			i,
			   *h = NULL;

	for (i = 0; i < n; i++)
	{
		snprintf(id, sizeof(id), "r%06d", i);
		snprintf(down, sizeof(down), "r%06d", i - 1);
		ck_assert_int_eq(mig_graph_add(g, id, i ? down : NULL, NULL, NULL, NULL, "c"), MIG_OK);
	}
	ck_assert_msg(mig_graph_finish(g) == MIG_OK, "finish: %s", terr());
	ck_assert_int_eq(mig_graph_heads(g, &h), 1);
	snprintf(id, sizeof(id), "r%06d", n - 1);
	ck_assert_str_eq(g->revs[h[0]].id, id);
	ck_assert_int_eq(g->revs[mig_graph_lookup(g, "r000000")].topo, 0);
}
END_TEST

START_TEST(test_graph_wide)
{
	int			n = under_valgrind() ? 10000 : 100000;
	int			nmerge = 1000;
	mig_graph  *g = mig_graph_new(tctx);
	mig_buf		merge;
	char		id[16];
	int			i,
				nh,
			   *h = NULL;

	graph_add(g, "base", NULL, NULL, NULL);
	mig_buf_init(&merge, tctx);
	/* children added in descending order so heads must be sorted */
	for (i = n - 1; i >= 0; i--)
	{
		snprintf(id, sizeof(id), "c%06d", i);
		ck_assert_int_eq(mig_graph_add(g, id, "base", NULL, NULL, NULL, "c"), MIG_OK);
		if (i < nmerge)
		{
			if (merge.len)
				mig_buf_puts(&merge, ",");
			mig_buf_puts(&merge, id);
		}
	}
	ck_assert_int_eq(mig_graph_add(g, "merge", merge.data, NULL, NULL, NULL, "c"), MIG_OK);
	ck_assert_msg(mig_graph_finish(g) == MIG_OK, "finish: %s", terr());
	nh = mig_graph_heads(g, &h);
	ck_assert_int_eq(nh, n - nmerge + 1);
	for (i = 1; i < nh; i++)
		ck_assert_msg(strcmp(g->revs[h[i - 1]].id, g->revs[h[i]].id) < 0,
					  "heads not sorted at %d", i);
	ck_assert_int_eq(rev(g, "merge")->nparents, nmerge);
	ck_assert_int_eq(rev(g, "base")->nchildren, n);
}
END_TEST

/* ---- applied state and alembic_version rows ---- */

static mig_applied
applied(mig_graph *g, const char *rows_csv)
{
	mig_applied st;
	char	   *rows[16];
	int			n = 0;
	char	   *copy = rows_csv ? mig_strdup(tctx, rows_csv) : NULL;
	char	   *tok = copy ? strtok(copy, ",") : NULL;

	while (tok && n < 16)
	{
		rows[n++] = tok;
		tok = strtok(NULL, ",");
	}
	memset(&st, 0, sizeof(st));
	ck_assert_msg(mig_applied_init(g, rows, n, &st) == MIG_OK,
				  "mig_applied_init(%s): %s", rows_csv, terr());
	return st;
}

static char *
rows_of(mig_graph *g, mig_applied *st)
{
	int		   *r = NULL;
	int			n = mig_applied_rows(g, st, &r);

	return ids_of(g, r, n);
}

static char *
applied_set(mig_graph *g, mig_applied *st)
{
	int		   *idx = mig_alloc(tctx, sizeof(int) * (g->n + 1));
	int			i,
				n = 0;

	for (i = 0; i < g->n; i++)
		if (st->flag[i])
			idx[n++] = i;
	return ids_sorted(g, idx, n);
}

/* Apply (up=1) or unapply one revision; check the delta (sorted ids). */
static void
step(mig_graph *g, mig_applied *st, const char *id, int up,
	 const char *want_removed, const char *want_added)
{
	mig_rowdelta d;
	char	   *removed,
			   *added;

	memset(&d, 0, sizeof(d));
	mig_applied_step(g, st, rev_index(g, id), up, &d);
	removed = ids_sorted(g, d.removed, d.nremoved);
	added = ids_sorted(g, d.added, d.nadded);
	ck_assert_msg(strcmp(removed, want_removed) == 0 && strcmp(added, want_added) == 0,
				  "%s %s: removed [%s] added [%s], want removed [%s] added [%s]",
				  up ? "applying" : "unapplying", id, removed, added, want_removed, want_added);
	ck_assert_int_eq(st->flag[rev_index(g, id)], up ? 1 : 0);
}

START_TEST(test_applied_init_closure)
{
	mig_graph  *g = linear_graph();
	mig_applied st = applied(g, "b2");

	ck_assert_str_eq(applied_set(g, &st), "a1,b2");
	ck_assert_str_eq(rows_of(g, &st), "b2");
	st = applied(g, NULL);
	ck_assert_str_eq(applied_set(g, &st), "");
	ck_assert_str_eq(rows_of(g, &st), "");
	/* a redundant ancestor row is folded into its descendant */
	st = applied(g, "a1,c3");
	ck_assert_str_eq(applied_set(g, &st), "a1,b2,c3");
	ck_assert_str_eq(rows_of(g, &st), "c3");
}
END_TEST

START_TEST(test_applied_init_unknown_row)
{
	mig_graph  *g = linear_graph();
	mig_applied st;
	char	   *rows[] = {"b2", "f00dfeed"};

	memset(&st, 0, sizeof(st));
	ck_assert_int_eq(mig_applied_init(g, rows, 2, &st), MIG_ERROR);
	ck_assert_msg(has(terr(), "f00dfeed"), "error: %s", terr());
}
END_TEST

START_TEST(test_applied_rows_branches)
{
	mig_graph  *g = branch_graph();
	mig_applied st = applied(g, "y2,x2");

	ck_assert_str_eq(applied_set(g, &st), "r0,x1,x2,y1,y2");
	ck_assert_str_eq(rows_of(g, &st), "x2,y2");
	st = applied(g, "x1,y2");
	ck_assert_str_eq(rows_of(g, &st), "x1,y2");
}
END_TEST

START_TEST(test_applied_rows_depends)
{
	mig_graph  *g = depends_graph();
	mig_applied st = applied(g, "b2");

	/* the closure follows depends_on too */
	ck_assert_str_eq(applied_set(g, &st), "a2,aa,b2,bb");
	/* a2 has an applied child through depends_on: no row of its own */
	ck_assert_str_eq(rows_of(g, &st), "b2");
}
END_TEST

START_TEST(test_applied_step_linear)
{
	mig_graph  *g = linear_graph();
	mig_applied st = applied(g, NULL);

	step(g, &st, "a1", 1, "", "a1");
	step(g, &st, "b2", 1, "a1", "b2");
	step(g, &st, "c3", 1, "b2", "c3");
	ck_assert_str_eq(rows_of(g, &st), "c3");
	step(g, &st, "c3", 0, "c3", "b2");
	step(g, &st, "b2", 0, "b2", "a1");
	step(g, &st, "a1", 0, "a1", "");
	ck_assert_str_eq(rows_of(g, &st), "");
}
END_TEST

START_TEST(test_applied_step_branch_point)
{
	mig_graph  *g = branch_graph();
	mig_applied st = applied(g, "x1");

	/* second branch off r0: insert, nothing removed */
	step(g, &st, "y1", 1, "", "y1");
	ck_assert_str_eq(rows_of(g, &st), "x1,y1");
	step(g, &st, "y2", 1, "y1", "y2");
	ck_assert_str_eq(rows_of(g, &st), "x1,y2");
}
END_TEST

START_TEST(test_applied_step_merge)
{
	mig_graph  *g = merge_graph();
	mig_applied st = applied(g, "x1,y1");

	step(g, &st, "m9", 1, "x1,y1", "m9");
	ck_assert_str_eq(rows_of(g, &st), "m9");
	step(g, &st, "m9", 0, "m9", "x1,y1");
	ck_assert_str_eq(rows_of(g, &st), "x1,y1");
}
END_TEST

START_TEST(test_applied_step_unapply_one_branch)
{
	mig_graph  *g = merge_graph();
	mig_applied st = applied(g, "x1,y1");

	/* r0 is still below x1: not re-added */
	step(g, &st, "y1", 0, "y1", "");
	ck_assert_str_eq(rows_of(g, &st), "x1");
	step(g, &st, "x1", 0, "x1", "r0");
	ck_assert_str_eq(rows_of(g, &st), "r0");

	g = branch_graph();
	st = applied(g, "x2,y1");
	step(g, &st, "x2", 0, "x2", "x1");
	step(g, &st, "y1", 0, "y1", "");
	step(g, &st, "x1", 0, "x1", "r0");
}
END_TEST

START_TEST(test_applied_step_depends)
{
	mig_graph  *g = depends_graph();
	mig_applied st = applied(g, "a2,bb");

	/* b2 is a child of both bb (down) and a2 (depends): both rows go */
	step(g, &st, "b2", 1, "a2,bb", "b2");
	ck_assert_str_eq(rows_of(g, &st), "b2");
	step(g, &st, "b2", 0, "b2", "a2,bb");
	ck_assert_str_eq(rows_of(g, &st), "a2,bb");
}
END_TEST

START_TEST(test_applied_step_second_base)
{
	mig_graph  *g = depends_graph();
	mig_applied st = applied(g, "a2");

	/* an unrelated base is an insert */
	step(g, &st, "bb", 1, "", "bb");
	ck_assert_str_eq(rows_of(g, &st), "a2,bb");
}
END_TEST

Suite *
graph_suite(void)
{
	Suite	   *s = suite_create("graph");
	TCase	   *tc;

	tc = tcase_sqlite("structure");
	tcase_add_test(tc, test_graph_linear);
	tcase_add_test(tc, test_graph_bases_and_heads);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("branch_point");
	tcase_add_test(tc, test_graph_branch_point);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("merge");
	tcase_add_test(tc, test_graph_merge);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("labels");
	tcase_add_test(tc, test_graph_labels);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("depends_on");
	tcase_add_test(tc, test_graph_depends_on);
	tcase_add_test(tc, test_graph_depends_no_repeats);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("refused");
	tcase_add_test(tc, test_graph_err_missing_parent);
	tcase_add_test(tc, test_graph_err_missing_dependency);
	tcase_add_test(tc, test_graph_err_cycle);
	tcase_add_test(tc, test_graph_err_self_cycle);
	tcase_add_test(tc, test_graph_err_cycle_via_depends);
	tcase_add_test(tc, test_graph_err_duplicate_label);
	tcase_add_test(tc, test_graph_err_duplicate_id);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("size");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_graph_long_chain);
	tcase_add_test(tc, test_graph_wide);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("applied_rows");
	tcase_add_test(tc, test_applied_init_closure);
	tcase_add_test(tc, test_applied_init_unknown_row);
	tcase_add_test(tc, test_applied_rows_branches);
	tcase_add_test(tc, test_applied_rows_depends);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("applied_step");
	tcase_add_test(tc, test_applied_step_linear);
	tcase_add_test(tc, test_applied_step_branch_point);
	tcase_add_test(tc, test_applied_step_merge);
	tcase_add_test(tc, test_applied_step_unapply_one_branch);
	tcase_add_test(tc, test_applied_step_depends);
	tcase_add_test(tc, test_applied_step_second_base);
	suite_add_tcase(s, tc);
	return s;
}

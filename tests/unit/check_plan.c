/*
 * check_plan.c -- targets and plans: every Alembic target form for
 * upgrade, downgrade and stamp, the errors for bad targets, and the
 * order of the steps (parents and dependencies first going up,
 * children first going down).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "unit_util.h"

static mig_graph *
finish(mig_graph *g)
{
	ck_assert_msg(mig_graph_finish(g) == MIG_OK, "finish: %s", terr());
	return g;
}

/* a1 <- b2 <- c3 <- d4 */
static mig_graph *
chain4(void)
{
	mig_graph  *g = mig_graph_new(tctx);

	graph_add(g, "a1", NULL, NULL, NULL);
	graph_add(g, "b2", "a1", NULL, NULL);
	graph_add(g, "c3", "b2", NULL, NULL);
	graph_add(g, "d4", "c3", NULL, NULL);
	return finish(g);
}

/* r0 <- x1 (label x) <- x2,  r0 <- y1 (label y) <- y2 */
static mig_graph *
branches(void)
{
	mig_graph  *g = mig_graph_new(tctx);

	graph_add(g, "r0", NULL, NULL, NULL);
	graph_add(g, "x1", "r0", "x", NULL);
	graph_add(g, "x2", "x1", NULL, NULL);
	graph_add(g, "y1", "r0", "y", NULL);
	graph_add(g, "y2", "y1", NULL, NULL);
	return finish(g);
}

/* aa <- a2;  bb <- b2, b2 depends_on a2 */
static mig_graph *
depends(void)
{
	mig_graph  *g = mig_graph_new(tctx);

	graph_add(g, "bb", NULL, NULL, NULL);
	graph_add(g, "b2", "bb", NULL, "a2");
	graph_add(g, "aa", NULL, NULL, NULL);
	graph_add(g, "a2", "aa", NULL, NULL);
	return finish(g);
}

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

static const char *
dirname_of(mig_direction d)
{
	return d == MIG_UP ? "upgrade" : d == MIG_DOWN ? "downgrade" : "stamp";
}

/* The plan's steps as ids in order; fails the test on error. */
static int *last_steps;
static int	last_n;

static char *
plan(mig_graph *g, const char *rows, mig_direction d, const char *target, int *nup)
{
	mig_applied st = applied(g, rows);
	int		   *steps = NULL;
	int			n = -1,
				up = -1;
	int			rc = mig_plan(g, &st, d, target, &steps, &n, &up);

	ck_assert_msg(rc == MIG_OK, "%s '%s' from [%s] failed: %s",
				  dirname_of(d), target, rows ? rows : "", terr());
	ck_assert_int_ge(n, 0);
	last_steps = steps;
	last_n = n;
	if (nup)
		*nup = up;
	return ids_of(g, steps, n);
}

static void
expect_plan(mig_graph *g, const char *rows, mig_direction d, const char *target,
			const char *want)
{
	char	   *got = plan(g, rows, d, target, NULL);

	ck_assert_msg(strcmp(got, want) == 0, "%s '%s' from [%s]: [%s], want [%s]",
				  dirname_of(d), target, rows ? rows : "", got, want);
}

/* The plan fails; returns the error text. */
static const char *
plan_err(mig_graph *g, const char *rows, mig_direction d, const char *target)
{
	mig_applied st = applied(g, rows);
	int		   *steps = NULL;
	int			n = 0,
				up = 0;
	int			rc = mig_plan(g, &st, d, target, &steps, &n, &up);

	ck_assert_msg(rc == MIG_ERROR, "%s '%s' from [%s] succeeded with [%s]",
				  dirname_of(d), target, rows ? rows : "", ids_of(g, steps, n));
	return terr();
}

static void
assert_before(mig_graph *g, const char *first, const char *then)
{
	int			a = pos_of(g, last_steps, last_n, first);
	int			b = pos_of(g, last_steps, last_n, then);

	ck_assert_msg(a >= 0 && b >= 0 && a < b, "%s must come before %s in [%s]",
				  first, then, ids_of(g, last_steps, last_n));
}

/* ---- upgrade ---- */

START_TEST(test_up_head)
{
	mig_graph  *g = chain4();

	expect_plan(g, NULL, MIG_UP, "head", "a1,b2,c3,d4");
	expect_plan(g, "b2", MIG_UP, "head", "c3,d4");
	expect_plan(g, "d4", MIG_UP, "head", "");
}
END_TEST

START_TEST(test_up_heads)
{
	mig_graph  *g = branches();
	char	   *got = plan(g, NULL, MIG_UP, "heads", NULL);

	ck_assert_int_eq(last_n, 5);
	ck_assert_msg(strncmp(got, "r0,", 3) == 0, "heads plan %s", got);
	assert_before(g, "x1", "x2");
	assert_before(g, "y1", "y2");
	expect_plan(g, "x2", MIG_UP, "heads", "y1,y2");
	expect_plan(g, "x2,y2", MIG_UP, "heads", "");
}
END_TEST

START_TEST(test_up_base)
{
	mig_graph  *g = chain4();

	expect_plan(g, NULL, MIG_UP, "base", "");
	expect_plan(g, "b2", MIG_UP, "base", "");
}
END_TEST

START_TEST(test_up_id)
{
	mig_graph  *g = chain4();

	expect_plan(g, NULL, MIG_UP, "c3", "a1,b2,c3");
	expect_plan(g, "b2", MIG_UP, "c3", "c3");
	/* already applied, or below what is applied: nothing to do */
	expect_plan(g, "c3", MIG_UP, "c3", "");
	expect_plan(g, "c3", MIG_UP, "a1", "");
	g = branches();
	expect_plan(g, "x2", MIG_UP, "y1", "y1");
}
END_TEST

START_TEST(test_up_prefix)
{
	mig_graph  *g = mig_graph_new(tctx);

	graph_add(g, "abc111", NULL, NULL, NULL);
	graph_add(g, "abd222", "abc111", NULL, NULL);
	graph_add(g, "xyz333", "abd222", NULL, NULL);
	finish(g);
	expect_plan(g, NULL, MIG_UP, "abd", "abc111,abd222");
	expect_plan(g, NULL, MIG_UP, "abc1", "abc111");
	expect_plan(g, NULL, MIG_UP, "x", "abc111,abd222,xyz333");
}
END_TEST

START_TEST(test_up_relative)
{
	mig_graph  *g = chain4();

	expect_plan(g, NULL, MIG_UP, "+1", "a1");
	expect_plan(g, "a1", MIG_UP, "+2", "b2,c3");
	expect_plan(g, "a1", MIG_UP, "+3", "b2,c3,d4");
}
END_TEST

START_TEST(test_up_relative_too_far)
{
	mig_graph  *g = chain4();

	plan_err(g, "b2", MIG_UP, "+3");
}
END_TEST

START_TEST(test_up_rev_plus_n)
{
	mig_graph  *g = chain4();

	expect_plan(g, NULL, MIG_UP, "b2+1", "a1,b2,c3");
	expect_plan(g, "a1", MIG_UP, "a1+2", "b2,c3");
}
END_TEST

START_TEST(test_up_label_head)
{
	mig_graph  *g = branches();

	expect_plan(g, NULL, MIG_UP, "x@head", "r0,x1,x2");
	expect_plan(g, "x2", MIG_UP, "y@head", "y1,y2");
}
END_TEST

START_TEST(test_up_label_base)
{
	mig_graph  *g = branches();

	/* upgrading to a branch's base applies the branch's first revision */
	expect_plan(g, NULL, MIG_UP, "x@base", "r0,x1");
	expect_plan(g, "x2", MIG_UP, "y@base", "y1");
}
END_TEST

START_TEST(test_up_rev_head)
{
	mig_graph  *g = branches();

	expect_plan(g, NULL, MIG_UP, "x1@head", "r0,x1,x2");
	expect_plan(g, "x2", MIG_UP, "y1@head", "y1,y2");
	g = chain4();
	expect_plan(g, "a1", MIG_UP, "b2@head", "b2,c3,d4");
}
END_TEST

START_TEST(test_up_depends_first)
{
	mig_graph  *g = depends();

	plan(g, NULL, MIG_UP, "b2", NULL);
	ck_assert_int_eq(last_n, 4);
	assert_before(g, "aa", "a2");
	assert_before(g, "a2", "b2");
	assert_before(g, "bb", "b2");
	expect_plan(g, "a2", MIG_UP, "b2", "bb,b2");
	plan(g, "bb", MIG_UP, "heads", NULL);
	ck_assert_int_eq(last_n, 3);
	assert_before(g, "aa", "a2");
	assert_before(g, "a2", "b2");
}
END_TEST

START_TEST(test_up_rev_minus_n)
{
	mig_graph  *g = chain4();

	expect_plan(g, NULL, MIG_UP, "d4-1", "a1,b2,c3");
	expect_plan(g, "a1", MIG_UP, "d4-2", "b2");
}
END_TEST

START_TEST(test_up_bare_label)
{
	mig_graph  *g = branches();

	/* a branch label alone names the revision that carries it */
	expect_plan(g, NULL, MIG_UP, "x", "r0,x1");
}
END_TEST

START_TEST(test_up_label_with_dash)
{
	mig_graph  *g = mig_graph_new(tctx);

	/* mig_label_valid accepts '-', so such a label must work as a target */
	ck_assert_int_eq(mig_label_valid("data-fix"), 1);
	graph_add(g, "r0", NULL, NULL, NULL);
	graph_add(g, "x1", "r0", "data-fix", NULL);
	graph_add(g, "x2", "x1", NULL, NULL);
	finish(g);
	expect_plan(g, NULL, MIG_UP, "data-fix@head", "r0,x1,x2");
	expect_plan(g, NULL, MIG_UP, "data-fix", "r0,x1");
}
END_TEST

START_TEST(test_err_relative_ambiguous)
{
	mig_graph  *g = branches();
	const char *e;

	/* +1 from a branch point could go two ways */
	e = plan_err(g, "r0", MIG_UP, "+1");
	ck_assert_msg(has(e, "x1") && has(e, "y1"), "error should name both ways: %s", e);
	reset_ctx();
	g = branches();
	/* -1 with two applied heads */
	e = plan_err(g, "x2,y2", MIG_DOWN, "-1");
	ck_assert_msg(has(e, "x2") && has(e, "y2"), "error should name the heads: %s", e);
}
END_TEST

START_TEST(test_err_wrong_direction)
{
	mig_graph  *g = chain4();

	plan_err(g, "b2", MIG_UP, "-1");
	reset_ctx();
	g = chain4();
	plan_err(g, "b2", MIG_DOWN, "+1");
	reset_ctx();
	g = chain4();
	/* downgrading "to" a revision that is not applied */
	plan_err(g, "b2", MIG_DOWN, "d4");
}
END_TEST

/* ---- target errors ---- */

START_TEST(test_err_head_with_several_heads)
{
	mig_graph  *g = branches();
	const char *e = plan_err(g, NULL, MIG_UP, "head");

	ck_assert_msg(has(e, "x2") && has(e, "y2"), "error must list the heads: %s", e);
}
END_TEST

START_TEST(test_err_ambiguous_prefix)
{
	mig_graph  *g = mig_graph_new(tctx);
	const char *e;

	graph_add(g, "abc111", NULL, NULL, NULL);
	graph_add(g, "abd222", "abc111", NULL, NULL);
	graph_add(g, "xyz333", "abd222", NULL, NULL);
	finish(g);
	e = plan_err(g, NULL, MIG_UP, "ab");
	ck_assert_msg(has(e, "abc111") && has(e, "abd222") && !has(e, "xyz333"),
				  "error must list the candidates: %s", e);
}
END_TEST

START_TEST(test_err_unknown_target)
{
	mig_graph  *g = chain4();
	const char *e = plan_err(g, NULL, MIG_UP, "f00dfeed");

	ck_assert_msg(has(e, "f00dfeed"), "error must name the target: %s", e);
	reset_ctx();
	g = chain4();
	plan_err(g, "d4", MIG_DOWN, "f00dfeed");
	reset_ctx();
	g = branches();
	e = plan_err(g, NULL, MIG_UP, "nolabel@head");
	ck_assert_msg(has(e, "nolabel"), "error must name the target: %s", e);
}
END_TEST

/* ---- downgrade ---- */

START_TEST(test_down_base)
{
	mig_graph  *g = chain4();

	expect_plan(g, "d4", MIG_DOWN, "base", "d4,c3,b2,a1");
	expect_plan(g, NULL, MIG_DOWN, "base", "");
	g = branches();
	plan(g, "x2,y2", MIG_DOWN, "base", NULL);
	ck_assert_int_eq(last_n, 5);
	assert_before(g, "x2", "x1");
	assert_before(g, "x1", "r0");
	assert_before(g, "y2", "y1");
	assert_before(g, "y1", "r0");
}
END_TEST

START_TEST(test_down_relative)
{
	mig_graph  *g = chain4();

	expect_plan(g, "d4", MIG_DOWN, "-1", "d4");
	expect_plan(g, "d4", MIG_DOWN, "-2", "d4,c3");
	expect_plan(g, "a1", MIG_DOWN, "-1", "a1");
	plan_err(g, "b2", MIG_DOWN, "-3");
}
END_TEST

START_TEST(test_down_to_id)
{
	mig_graph  *g = chain4();

	expect_plan(g, "d4", MIG_DOWN, "b2", "d4,c3");
	expect_plan(g, "d4", MIG_DOWN, "d4", "");
	g = branches();
	/* only the applied descendants of x1 go; the y branch stays */
	expect_plan(g, "x2,y2", MIG_DOWN, "x1", "x2");
	plan(g, "x2,y2", MIG_DOWN, "r0", NULL);
	ck_assert_int_eq(last_n, 4);
	ck_assert_int_lt(pos_of(g, last_steps, last_n, "r0"), 0);
	assert_before(g, "x2", "x1");
	assert_before(g, "y2", "y1");
}
END_TEST

START_TEST(test_down_independent_branch_untouched)
{
	mig_graph  *g = mig_graph_new(tctx);

	graph_add(g, "p1", NULL, NULL, NULL);
	graph_add(g, "p2", "p1", NULL, NULL);
	graph_add(g, "p3", "p2", NULL, NULL);
	graph_add(g, "q1", NULL, NULL, NULL);
	graph_add(g, "q2", "q1", NULL, NULL);
	finish(g);
	expect_plan(g, "p3,q2", MIG_DOWN, "p1", "p3,p2");
	expect_plan(g, "p3,q2", MIG_DOWN, "q1", "q2");
}
END_TEST

START_TEST(test_down_label_base)
{
	mig_graph  *g = branches();

	expect_plan(g, "x2,y2", MIG_DOWN, "x@base", "x2,x1");
}
END_TEST

START_TEST(test_down_dependents_first)
{
	mig_graph  *g = depends();

	/* b2 depends on a2: unapplying a2 takes b2 with it, first */
	expect_plan(g, "b2", MIG_DOWN, "aa", "b2,a2");
	plan(g, "b2", MIG_DOWN, "base", NULL);
	ck_assert_int_eq(last_n, 4);
	assert_before(g, "b2", "a2");
	assert_before(g, "b2", "bb");
	assert_before(g, "a2", "aa");
}
END_TEST

/* ---- stamp ---- */

static void
expect_stamp(mig_graph *g, const char *rows, const char *target,
			 const char *want_up, const char *want_down)
{
	int			nup = -1;
	char	   *up,
			   *down;

	plan(g, rows, MIG_STAMP, target, &nup);
	ck_assert_msg(nup >= 0 && nup <= last_n, "stamp %s: nup %d of %d", target, nup, last_n);
	up = ids_sorted(g, last_steps, nup);
	down = ids_sorted(g, last_steps + nup, last_n - nup);
	ck_assert_msg(strcmp(up, want_up) == 0 && strcmp(down, want_down) == 0,
				  "stamp '%s' from [%s]: up [%s] down [%s], want up [%s] down [%s]",
				  target, rows ? rows : "", up, down, want_up, want_down);
}

START_TEST(test_stamp_flips)
{
	mig_graph  *g = chain4();

	expect_stamp(g, "a1", "c3", "b2,c3", "");
	expect_stamp(g, NULL, "head", "a1,b2,c3,d4", "");
	expect_stamp(g, "c3", "a1", "", "b2,c3");
	expect_stamp(g, "c3", "base", "", "a1,b2,c3");
	expect_stamp(g, "c3", "c3", "", "");
	expect_stamp(g, "a1", "+2", "b2,c3", "");
	expect_stamp(g, "d4", "-1", "", "d4");
}
END_TEST

START_TEST(test_stamp_unrelated_branch_kept)
{
	mig_graph  *g = branches();

	/* as Alembic: stamping y2 replaces nothing on the x branch */
	expect_stamp(g, "x2", "y2", "y1,y2", "");
	expect_stamp(g, "x2,y2", "y1", "", "y2");
	expect_stamp(g, "x2,y2", "base", "", "r0,x1,x2,y1,y2");
}
END_TEST

/* ---- size ---- */

START_TEST(test_plan_long_chain)
{
	int			n = under_valgrind() ? 10000 : 100000;
	mig_graph  *g = mig_graph_new(tctx);
	char		id[16],
				down[16];
	char	   *rows[1];
	mig_applied st;
	int		   *steps = NULL;
	int			nsteps = 0,
				nup = 0,
				i;

	for (i = 0; i < n; i++)
	{
		snprintf(id, sizeof(id), "r%06d", i);
		snprintf(down, sizeof(down), "r%06d", i - 1);
		ck_assert_int_eq(mig_graph_add(g, id, i ? down : NULL, NULL, NULL, NULL, "c"), MIG_OK);
	}
	finish(g);

	memset(&st, 0, sizeof(st));
	ck_assert_int_eq(mig_applied_init(g, rows, 0, &st), MIG_OK);
	ck_assert_msg(mig_plan(g, &st, MIG_UP, "head", &steps, &nsteps, &nup) == MIG_OK, "%s", terr());
	ck_assert_int_eq(nsteps, n);
	for (i = 0; i < nsteps; i++)
	{
		mig_rowdelta d;

		memset(&d, 0, sizeof(d));
		mig_applied_step(g, &st, steps[i], 1, &d);
		ck_assert_int_eq(d.nadded, 1);
	}

	rows[0] = g->revs[steps[n - 1]].id;
	memset(&st, 0, sizeof(st));
	ck_assert_int_eq(mig_applied_init(g, rows, 1, &st), MIG_OK);
	ck_assert_msg(mig_plan(g, &st, MIG_DOWN, "base", &steps, &nsteps, &nup) == MIG_OK, "%s", terr());
	ck_assert_int_eq(nsteps, n);
	ck_assert_msg(mig_plan(g, &st, MIG_DOWN, "r000001", &steps, &nsteps, &nup) == MIG_OK, "%s", terr());
	ck_assert_int_eq(nsteps, n - 2);
	ck_assert_msg(mig_plan(g, &st, MIG_STAMP, "base", &steps, &nsteps, &nup) == MIG_OK, "%s", terr());
	ck_assert_int_eq(nsteps, n);
	ck_assert_msg(mig_plan(g, &st, MIG_DOWN, "-3", &steps, &nsteps, &nup) == MIG_OK, "%s", terr());
	ck_assert_int_eq(nsteps, 3);
}
END_TEST

Suite *
plan_suite(void)
{
	Suite	   *s = suite_create("plan");
	TCase	   *tc;

	tc = tcase_sqlite("upgrade_symbols");
	tcase_add_test(tc, test_up_head);
	tcase_add_test(tc, test_up_heads);
	tcase_add_test(tc, test_up_base);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("upgrade_ids");
	tcase_add_test(tc, test_up_id);
	tcase_add_test(tc, test_up_prefix);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("upgrade_relative");
	tcase_add_test(tc, test_up_relative);
	tcase_add_test(tc, test_up_relative_too_far);
	tcase_add_test(tc, test_up_rev_plus_n);
	tcase_add_test(tc, test_up_rev_minus_n);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("upgrade_branch_targets");
	tcase_add_test(tc, test_up_label_head);
	tcase_add_test(tc, test_up_label_base);
	tcase_add_test(tc, test_up_rev_head);
	tcase_add_test(tc, test_up_bare_label);
	tcase_add_test(tc, test_up_label_with_dash);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("upgrade_order");
	tcase_add_test(tc, test_up_depends_first);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("target_errors");
	tcase_add_test(tc, test_err_head_with_several_heads);
	tcase_add_test(tc, test_err_ambiguous_prefix);
	tcase_add_test(tc, test_err_unknown_target);
	tcase_add_test(tc, test_err_relative_ambiguous);
	tcase_add_test(tc, test_err_wrong_direction);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("downgrade");
	tcase_add_test(tc, test_down_base);
	tcase_add_test(tc, test_down_relative);
	tcase_add_test(tc, test_down_to_id);
	tcase_add_test(tc, test_down_independent_branch_untouched);
	tcase_add_test(tc, test_down_label_base);
	tcase_add_test(tc, test_down_dependents_first);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("stamp");
	tcase_add_test(tc, test_stamp_flips);
	tcase_add_test(tc, test_stamp_unrelated_branch_kept);
	suite_add_tcase(s, tc);

	tc = tcase_sqlite("size");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_plan_long_chain);
	suite_add_tcase(s, tc);
	return s;
}

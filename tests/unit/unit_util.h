/*
 * unit_util.h -- shared fixture and helpers for the Check unit tests of
 * the mig core.  The core never touches a database here: the adapter
 * only provides malloc/free, exec and txn stay NULL.
 */
#ifndef UNIT_UTIL_H
#define UNIT_UTIL_H

#include <check.h>
#include "mig_core.h"

/* The context of the current test, made by a checked fixture. */
extern mig_ctx *tctx;

void		setup_sqlite(void);
void		setup_postgresql(void);
void		teardown_ctx(void);
/* A fresh context on the same engine (the first error of a ctx wins,
 * so each expected error needs its own).  Frees all arena memory. */
void		reset_ctx(void);

/* A TCase named name with the SQLite (or PostgreSQL) fixture. */
TCase	   *tcase_sqlite(const char *name);
TCase	   *tcase_postgresql(const char *name);

/* The core's error text, never NULL (for assertion messages). */
const char *terr(void);

/* 1 if s contains needle. */
int			has(const char *s, const char *needle);

/* s with leading and trailing white space removed (arena copy). */
char	   *trimmed(const char *s);

/* Seconds of CPU-independent wall time, for complexity guards. */

/* 1 when running under valgrind: size and time guards scale down. */
int			under_valgrind(void);

/* Graph helpers.  graph_add() fails the test if mig_graph_add fails. */
void		graph_add(mig_graph *g, const char *id, const char *down,
					  const char *labels, const char *depends);
int			rev_index(const mig_graph *g, const char *id);

/* ids of idx[0..n) joined with ",", in the given order / sorted. */
char	   *ids_of(const mig_graph *g, const int *idx, int n);
char	   *ids_sorted(const mig_graph *g, const int *idx, int n);

/* Position of id in idx[0..n), -1 if absent. */
int			pos_of(const mig_graph *g, const int *idx, int n, const char *id);

/* The suites, one per core module (check_<unit>.c). */
Suite	   *arena_suite(void);
Suite	   *buf_suite(void);
Suite	   *sha256_suite(void);
Suite	   *split_suite(void);
Suite	   *script_suite(void);
Suite	   *graph_suite(void);
Suite	   *plan_suite(void);
Suite	   *sqltok_suite(void);
Suite	   *ddl_suite(void);
Suite	   *alter_suite(void);
Suite	   *types_suite(void);
Suite	   *diff_suite(void);
Suite	   *qualify_suite(void);

#endif							/* UNIT_UTIL_H */

/*
 * rebuild.h -- what the two halves of SQLite's ALTER TABLE share:
 * alter_apply.c changes the table model, rebuild.c runs it.  Private to
 * shared/.
 */
#ifndef MIG_REBUILD_H
#define MIG_REBUILD_H

#include "mig_core.h"

/* One table change in progress. */
typedef struct change
{
	mig_run    *run;
	mig_ctx    *ctx;
	const char *schema;			/* unquoted */
	char	   *qschema;		/* quoted */
	char	   *name;			/* the table's name as stored */
	mig_table	t;				/* the model, with pending actions applied */
	int			pending;		/* actions applied to t, not yet executed */
	int			all_native;		/* every pending action can run natively */
	mig_alter_action **native;	/* pending actions, for native execution */
	int			nnative;
	char	  **dropped;		/* columns dropped by pending actions */
	int			ndropped;
	char	  **notnull;		/* existing columns made NOT NULL */
	int			nnotnull;
	int			nonempty;		/* the table has rows (-1: not known yet) */
} change;

typedef struct schema_obj
{
	char	   *type;
	char	   *name;
	char	   *tbl;
	char	   *sql;
} schema_obj;

typedef struct obj_list
{
	mig_ctx    *ctx;
	schema_obj *v;
	int			n;
	int			cap;
} obj_list;

/* helpers of rebuild.c */
char	   *rb_quote_ident(mig_ctx *ctx, const char *name);
char	   *rb_qualified(change *c, const char *name);
int			rb_run_sql(change *c, const char *sql);
int			rb_first_row(change *c, const char *sql, const char *p1, const char *p2,
						 mig_first_row *r);

/* Apply one action to the model (alter_apply.c); *native says whether
 * SQLite's own ALTER TABLE could have done it (1), not (0), or that there
 * was nothing to do (-1). */
int			rb_apply_action(change *c, mig_alter_action *a, const obj_list *objs, int *native);
int			rb_col_has(const mig_column *col, mig_cons_kind kind);
int			rb_add_column_native(mig_ctx *ctx, const mig_column *col);

#endif							/* MIG_REBUILD_H */

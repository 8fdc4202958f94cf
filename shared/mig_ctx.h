/*
 * mig_ctx.h -- the layout of mig_ctx, private to shared/.
 */
#ifndef MIG_CTX_H
#define MIG_CTX_H

#include "mig.h"

struct mig_block;

struct mig_ctx
{
	const mig_adapter *ad;
	struct mig_block *blocks;
	unsigned long nblocks;		/* blocks taken so far (their serials) */
	/* the latest mark's place: what was allocated before it in its block
	 * never grows in place, or a release would cut it short */
	struct mig_block *mark_block;
	size_t		mark_used;
	char	   *error;
	const char *activity;
	int			oom;
};

#endif							/* MIG_CTX_H */

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
	char	   *error;
	const char *activity;
	int			oom;
};

#endif							/* MIG_CTX_H */

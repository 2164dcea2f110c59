/* SPDX-License-Identifier: GPL-2.0 */
#ifndef XH_OUTPUTS_H
#define XH_OUTPUTS_H

#include "metrics.h"
#include "params.h"

/* 0, or the exit code: an output this build or this source cannot do. */
int outputs_check(const struct params *p);
/* Starts --metrics if given (*out NULL if not); 0, or the exit code. */
int outputs_metrics(const struct params *p, const struct xh_prog *progs,
		    const struct xh_reader_counts *counts, int n,
		    struct xh_metrics **out);

#endif

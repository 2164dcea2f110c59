// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>

#include "find/compiled.h"
#include "base/diag.h"
#include "find/discover.h"
#include "base/level.h"
#include "level_reach.h"
#include "not_hlog.h"

void level_reach_check(const struct xh_prog *prog, int level)
{
	int top = xh_prog_top_site_level(prog), ceiling;
	char where[XH_WHERE_MAX], built[128] = "";

	if (level <= HLOG_OFF || top < 0 || level <= top)
		return;
	ceiling = xh_prog_ceiling(prog);
	if (ceiling >= 0 && ceiling < level)
		snprintf(built, sizeof(built), " (%s)", xh_compiled_out_why(ceiling));
	xh_info("xdp-hello: level %s reaches no call site of %s: its highest "
		"is %s%s", xh_level_name((unsigned int)level),
		xh_prog_where(prog, where, sizeof(where)),
		xh_level_name((unsigned int)top), built);
}

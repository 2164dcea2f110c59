// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>

#include <xdp_hello/record.h>
#include "find/compiled.h"
#include "base/level.h"
#include "not_hlog.h"

const char *xh_compiled_out_why(int ceiling)
{
	static char buf[160];

	if (ceiling < 0)
		return "calls above HLOG_MAX_LEVEL compile to nothing";
	snprintf(buf, sizeof(buf), "built with HLOG_MAX_LEVEL %s: calls above "
		 "it compile to nothing", xh_level_name((unsigned int)ceiling));
	return buf;
}

bool xh_not_hlog_why(__u32 id, char *buf, size_t len)
{
	struct xh_compiled c;
	int err = xh_prog_compiled(id, &c);

	if (!err && c.includes_log_h) {
		snprintf(buf, len, "none of its hlog calls is compiled in, so it "
			 "has no %s map (%s)", HLOG_RING_MAP,
			 xh_compiled_out_why(c.ceiling));
		return true;
	}
	if (!err && c.has_btf)
		snprintf(buf, len, "it has no %s map (not an hlog program: it "
			 "does not use <xdp_hello/log.h>)", HLOG_RING_MAP);
	else	/* no BTF to tell */
		snprintf(buf, len, "it has no %s map (not an hlog program)",
			 HLOG_RING_MAP);
	return false;
}

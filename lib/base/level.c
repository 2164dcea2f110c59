// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <strings.h>

#include "base/level.h"

static const char *const names[HLOG_LEVEL_COUNT] = {
	"off", "error", "warn", "info", "debug", "trace",
};

static const char *const padded[HLOG_LEVEL_COUNT] = {
	"OFF  ", "ERROR", "WARN ", "INFO ", "DEBUG", "TRACE",
};

const char *xh_level_padded(unsigned int level)
{
	return level < HLOG_LEVEL_COUNT ? padded[level] : "?????";
}

const char *xh_level_name(unsigned int level)
{
	return level < HLOG_LEVEL_COUNT ? names[level] : "unknown";
}

int xh_level_parse(const char *s)
{
	int i;

	if (!s || !*s)
		return -1;
	for (i = 0; i < HLOG_LEVEL_COUNT; i++)
		if (!strcasecmp(s, names[i]))
			return i;
	if (!strcasecmp(s, "warning"))
		return HLOG_WARN;
	/* a level's number: one digit, no sign or space */
	if (s[0] < '0' || s[0] > '9' || s[1])
		return -1;
	return s[0] - '0' < HLOG_LEVEL_COUNT ? s[0] - '0' : -1;
}

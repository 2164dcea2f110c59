// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "stdout_check.h"

int stdout_check(void)
{
	static bool said;
	int err;

	errno = 0;
	if (fflush(stdout) != EOF && !ferror(stdout))
		return 0;
	if (said)
		return -1;
	said = true;
	err = errno ? errno : EIO;	/* an earlier write failed */
	fprintf(stderr, "Couldn't write to standard output: %s%s\n", strerror(err),
		err == ENOSPC ? " (free some space where it goes)" :
		err == EPIPE ? " (the command reading it exited)" : "");
	return -1;
}

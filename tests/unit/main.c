// SPDX-License-Identifier: GPL-2.0
/*
 * make test-unit: no root, no kernel, run from the checkout after make.
 *   xh-unit [-v]      every suite (-v: every check, TAP)
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "unit.h"

int main(int argc, char **argv)
{
	bool verbose = false;
	int i;

	signal(SIGPIPE, SIG_IGN);	/* a closed pipe is a test, not an end */
	libbpf_set_print(NULL);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-v")) {
			fprintf(stderr, "usage: xh-unit [-v]\n");
			return 2;
		}
		verbose = true;
	}
	unit_init(verbose);
	unit_sites_suite();
	unit_decode_suite();
	unit_render_suite();
	unit_format_suite();
	unit_objects_suite();
	return unit_done();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * make test-unit: no root, no kernel, run from the checkout after make.
 *   xh-unit [-v] [CORPUS_DIR]           every suite (-v: every check, TAP)
 *   xh-unit --run HARNESS FILE...       inputs through a fuzz harness, here
 */
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "unit.h"

int main(int argc, char **argv)
{
	const char *corpus = "tests/fuzz/corpus";
	char self[4096];
	bool verbose = false;
	int i;

	signal(SIGPIPE, SIG_IGN);	/* a closed pipe is a test, not an end */
	libbpf_set_print(NULL);
	if (argc >= 3 && !strcmp(argv[1], "--run"))
		return unit_replay_run(argv[2], argv + 3, argc - 3);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-v")) {
			verbose = true;
		} else if (argv[i][0] != '-') {
			corpus = argv[i];
		} else {
			fprintf(stderr, "usage: xh-unit [-v] [CORPUS_DIR] | --run HARNESS FILE...\n");
			return 2;
		}
	}
	/* inputs that crash are saved next to this program */
	snprintf(self, sizeof(self), "%s", argv[0]);
	unit_init(verbose);
	unit_sites_suite();
	unit_decode_suite();
	unit_render_suite();
	unit_format_suite();
	unit_objects_suite();
	unit_replay_suite(corpus, dirname(self));
	return unit_done();
}

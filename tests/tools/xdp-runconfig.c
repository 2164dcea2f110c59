// SPDX-License-Identifier: GPL-2.0
/* Prints what libxdp reads from an object's .xdp_run_config:
 * "<program> priority <n> chain <actions>". Used by tests/object.bats. */
#include <stdio.h>
#include <bpf/libbpf.h>
#include <xdp/libxdp.h>

int main(int argc, char **argv)
{
	struct xdp_program *p;
	char actions[128] = "";
	int err;

	if (argc != 2) {
		fprintf(stderr, "usage: xdp-runconfig OBJECT\n");
		return 2;
	}
	libbpf_set_print(NULL);
	libxdp_set_print(NULL);
	p = xdp_program__open_file(argv[1], "xdp", NULL);
	err = libxdp_get_error(p);
	if (err) {
		fprintf(stderr, "Couldn't open '%s': %d\n", argv[1], err);
		return 1;
	}
	xdp_program__print_chain_call_actions(p, actions, sizeof(actions));
	printf("%s priority %u chain %s\n", xdp_program__name(p),
	       xdp_program__run_prio(p), actions);
	xdp_program__close(p);
	return 0;
}

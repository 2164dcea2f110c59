// SPDX-License-Identifier: GPL-2.0
/*
 * tcx-attach OBJECT IFNAME ingress|egress: loads OBJECT's tc program and
 * attaches it to IFNAME through a tcx link (kernels from 6.6; neither
 * Debian 12's tc nor its bpftool makes one): the link lasts while this
 * process lives. Prints "attached ID", waits for SIGINT or SIGTERM.
 * Exit 3: this kernel has no tcx.
 */
#include <errno.h>
#include <signal.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#define TCX_INGRESS 46
#define TCX_EGRESS 47

int main(int argc, char **argv)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	struct bpf_object *obj;
	struct bpf_program *prog;
	int ifindex, fd, link;
	sigset_t set;
	int sig;

	if (argc != 4)
		return 2;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	ifindex = (int)if_nametoindex(argv[2]);
	libbpf_set_print(NULL);
	obj = bpf_object__open_file(argv[1], NULL);
	if (!ifindex || libbpf_get_error(obj) || bpf_object__load(obj)) {
		fprintf(stderr, "tcx-attach: cannot load %s for %s\n", argv[1], argv[2]);
		return 1;
	}
	prog = bpf_object__next_program(obj, NULL);
	fd = bpf_program__fd(prog);
	link = bpf_link_create(fd, ifindex, strcmp(argv[3], "egress") ?
			       TCX_INGRESS : TCX_EGRESS, NULL);
	if (link < 0) {
		fprintf(stderr, "tcx-attach: %s\n", strerror(errno));
		return errno == EINVAL ? 3 : 1;
	}
	bpf_obj_get_info_by_fd(fd, &info, &len);
	printf("attached %u\n", info.id);
	fflush(stdout);
	sigwait(&set, &sig);
	close(link);
	bpf_object__close(obj);
	return 0;
}

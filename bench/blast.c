// SPDX-License-Identifier: GPL-2.0
/* UDP flood for the veth benchmark: sendmmsg in batches of 64 to ADDR:PORT
 * for SECONDS, then prints the datagrams sent.  blast ADDR PORT SECONDS */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>

#define BATCH 64

int main(int argc, char **argv)
{
	struct sockaddr_in to = { .sin_family = AF_INET };
	struct mmsghdr msgs[BATCH] = {};
	struct iovec iov = { .iov_base = "xdp-hello bench", .iov_len = 16 };
	unsigned long long sent = 0;
	struct timespec t0, t;
	double secs;
	int fd, i, n;

	if (argc != 4) {
		fprintf(stderr, "usage: blast ADDR PORT SECONDS\n");
		return 2;
	}
	secs = atof(argv[3]);
	to.sin_port = htons((unsigned short)atoi(argv[2]));
	if (inet_pton(AF_INET, argv[1], &to.sin_addr) != 1)
		return 2;
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&to, sizeof(to))) {
		perror("blast");
		return 1;
	}
	for (i = 0; i < BATCH; i++) {
		msgs[i].msg_hdr.msg_iov = &iov;
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		n = sendmmsg(fd, msgs, BATCH, 0);
		if (n > 0)
			sent += (unsigned long long)n;
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while ((double)(t.tv_sec - t0.tv_sec) + (t.tv_nsec - t0.tv_nsec) / 1e9 < secs);
	printf("%llu\n", sent);
	return 0;
}

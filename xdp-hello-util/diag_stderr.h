/* SPDX-License-Identifier: GPL-2.0 */
#ifndef XH_DIAG_STDERR_H
#define XH_DIAG_STDERR_H

/* Diagnostics on stderr; verbose 1: debug lines, 2: libbpf's and libxdp's. */
void diag_stderr_init(int verbose);

#endif

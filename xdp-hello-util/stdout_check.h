/* SPDX-License-Identifier: GPL-2.0 */
/* Standard output that could not be written is a failure, said once. */
#ifndef XH_STDOUT_CHECK_H
#define XH_STDOUT_CHECK_H

/* Flushes stdout: 0, or -1 after saying on stderr why the write failed
 * (only the first time). */
int stdout_check(void);

#endif

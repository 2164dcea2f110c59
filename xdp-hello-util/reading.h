/* SPDX-License-Identifier: GPL-2.0 */
/* What run and log do around a read: signals, the summary, the exit code. */
#ifndef XH_READING_H
#define XH_READING_H

#include <signal.h>

#include "poll_loop.h"

/* Set by SIGINT, SIGTERM and SIGHUP once reading_signals() ran. */
extern volatile sig_atomic_t stop_requested;
struct params;
/* The read the options of run or log ask for; counts: one per program
 * read, for --metrics. */
void reading_opts(const struct params *p, struct xh_reader_counts *counts,
		  struct xh_reader_opts *ro);
/* Ctrl-C and friends end the read (drained once more); a closed stdout
 * is an error of write(2), not a signal. */
void reading_signals(void);
/* Why the output failed, if it did, then "N messages, M lost" and what
 * else the read saw, on stderr. */
void reading_summary(const struct xh_reader_result *res);
/* 1 if the program went away, on errors (a failed write too), or if a
 * timeout came before the count (said on stderr); else 0. */
int reading_exit(const struct xh_reader_result *res,
		 const struct xh_reader_opts *opts);

#endif

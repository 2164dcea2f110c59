/* SPDX-License-Identifier: GPL-2.0 */
#ifndef XDP_HELLO_OUT_WAIT_H
#define XDP_HELLO_OUT_WAIT_H

#include "decode/output_line.h"

/*
 * Sleeps ns between passes over the rings, or less: returns at once when
 * whatever reads o's file has gone (a pipe whose reader exited, a terminal
 * that hung up), and marks o broken as a failed write would. Without it, a
 * reader whose pipe closed would live on until the next message, which
 * may never come, holding the rings from other readers.
 */
void xh_out_wait(struct xh_out *o, long long ns);

#endif

// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include <xdp_hello/record.h>
#include "decode/decode.h"

enum xh_decode_err xh_decode(const struct xh_sites *sites, const void *data,
			     size_t size, struct xh_msg *m)
{
	struct hlog_record r;

	if (size < sizeof(r))
		return XH_DEC_SHORT;
	memcpy(&r, data, sizeof(r));
	if (r.version != 1 && r.version != HLOG_RECORD_VERSION)
		return XH_DEC_VERSION;
	if (r.version == 1)	/* XDP only; kind and tid_hi were reserved */
		r.kind = r.tid_hi = 0;
	if (r.kind >= HLOG_KIND_COUNT)
		return XH_DEC_KIND;
	/* The ring rounds sizes up to 8 bytes: allow that much slack. */
	if (r.args_len > size - sizeof(r) || size - sizeof(r) - r.args_len >= 8)
		return XH_DEC_LENGTH;
	m->site = xh_sites_get(sites, r.site);
	if (!m->site)
		return XH_DEC_SITE;
	if (m->site->level != r.level)
		return XH_DEC_LEVEL;
	if (r.args_len != m->site->args_len)
		return XH_DEC_ARGS;
	m->ts_ns = r.ts_ns;
	m->kind = r.kind;
	if (r.kind == HLOG_KIND_TASK) {
		m->ifindex = m->rxq = 0;
		m->pid = r.ifindex;
		m->tid = HLOG_RECORD_TID(&r);
	} else {
		m->ifindex = r.ifindex;
		m->rxq = r.rxq;
		m->pid = m->tid = 0;
	}
	m->cpu = r.cpu;
	m->level = r.level;
	m->args = (const char *)data + sizeof(r);
	m->args_len = r.args_len;
	return XH_DEC_OK;
}

const char *xh_decode_strerror(enum xh_decode_err e)
{
	switch (e) {
	case XH_DEC_OK:
		return "ok";
	case XH_DEC_SHORT:
		return "record shorter than its header";
	case XH_DEC_VERSION:
		return "unknown record version";
	case XH_DEC_KIND:
		return "unknown kind of program";
	case XH_DEC_LENGTH:
		return "argument length does not match the record size";
	case XH_DEC_SITE:
		return "unknown call site";
	case XH_DEC_LEVEL:
		return "level does not match the call site";
	case XH_DEC_ARGS:
		return "argument bytes do not match the call site";
	}
	return "unknown error";
}

// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: ring buffer records -> xh_decode -> xh_render and
 * xh_out_msg, against the real call sites of hello.o and proto_count.o.
 *
 * Input: one control byte, then the record exactly as the ring hands it
 * over (24-byte header, argument bytes, up to 7 bytes of padding).
 *   control bit 0    which object's sites (0 hello.o, 1 proto_count.o)
 *   control bit 1    JSON output
 *   control bits 2-4 timestamp form (s ms us ns off, modulo 5)
 *   control bits 5-7 text buffer size for xh_render (see caps[])
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <xdp_hello/record.h>
#include "common.h"
#include "decode/decode.h"
#include "decode/output_line.h"
#include "decode/message_text.h"

static struct xh_fuzz_obj objs[XH_FUZZ_NOBJ];
static struct xh_out *out;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	xh_fuzz_objs(objs);
	out = malloc(sizeof(*out));
	if (!out)
		abort();
	xh_out_init(out, open("/dev/null", O_WRONLY | O_CLOEXEC), false);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t caps[8] = { 1, 2, 7, 24, 80, 256, 2048, 0 };
	const struct xh_sites *s;
	const struct xh_site *site;
	struct hlog_record r;
	struct xh_msg m;
	char *text, json[2048];
	size_t cap, n;
	uint8_t ctl;

	if (size < 1)
		return 0;
	ctl = data[0];
	data++;
	size--;
	s = &objs[ctl & 1].sites;
	out->json = ctl & 2;
	out->ts = (enum xh_ts)(((ctl >> 2) & 7) % 5);
	cap = caps[ctl >> 5];

	if (xh_decode(s, data, size, &m) == XH_DEC_OK) {
		text = malloc(cap ? cap : 1);
		if (!text)
			return 0;
		n = xh_render(m.site, m.args, m.args_len, text, cap, json, sizeof(json));
		/* one message, one line: no control character gets through */
		while (n--)
			if ((unsigned char)text[n] < 0x20 || text[n] == 0x7f)
				abort();
		free(text);
		xh_out_msg(out, &m, "hello_world");
	} else if (size >= sizeof(r)) {
		/* a known site with the wrong bytes: render what there is */
		memcpy(&r, data, sizeof(r));
		site = xh_sites_get(s, r.site);
		n = size - sizeof(r);
		if (site && n < site->args_len) {
			char small[64];

			xh_render(site, data + sizeof(r), n, small, sizeof(small),
				  json, sizeof(json));
		}
	}
	/* the same bytes as a trace_pipe line's text */
	xh_out_line(out, (long long)size * 1000000001LL, ctl % 7, "xdp",
		    (const char *)data, size, ctl, (int)ctl - 128);
	xh_out_flush(out);
	return 0;
}

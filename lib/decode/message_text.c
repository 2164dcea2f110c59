// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <xdp_hello/record.h>
#include "decode/escape.h"
#include "decode/json.h"
#include "decode/message_text.h"

/* Where one argument's text (t) and JSON value (j) go. */
struct arg_out {
	char *t;
	size_t tcap;
	char *j;
	size_t jcap;
	int j_is_str;
};

/* A growing string with a fixed capacity: writes past it are dropped. */
struct sbuf {
	char *p;
	size_t len, cap;
};

static void sb_put(struct sbuf *b, const char *s, size_t n)
{
	size_t room;

	if (!b->p || b->cap == 0)
		return;
	room = b->cap - 1 - b->len;
	if (n > room)
		n = room;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* A program's own format text: escaped, backslashes kept (see escape.h). */
static void sb_lit(struct sbuf *b, const char *s, size_t n)
{
	if (!b->p || b->cap == 0)
		return;
	b->len += xh_escape(b->p + b->len, b->cap - b->len, s, n, true);
}

/* An argument's text in place: nothing it holds may start a line. */
static void escape_arg(struct arg_out *o)
{
	char tmp[XH_ARG_TEXT];

	xh_escape(tmp, sizeof(tmp), o->t, strlen(o->t), false);
	snprintf(o->t, o->tcap, "%s", tmp);
}

static void sb_str(struct sbuf *b, const char *s)
{
	sb_put(b, s, strlen(s));
}

static void sb_json_str(struct sbuf *b, const char *s, size_t n)
{
	char tmp[XH_JSON_STR_MAX(XH_ARG_TEXT)];

	if (n > XH_ARG_TEXT)
		n = XH_ARG_TEXT;
	sb_put(b, tmp, xh_json_str(tmp, s, n));
}

static void hex_bytes(char *out, size_t cap, const __u8 *p, size_t n, char sep)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, o = 0;

	for (i = 0; i < n && o + 3 < cap; i++) {
		if (i && sep)
			out[o++] = sep;
		out[o++] = hex[p[i] >> 4];
		out[o++] = hex[p[i] & 15];
	}
	out[o] = '\0';
}

/* One conversion: "%" flags width .prec length conv, or a %p hint. */
struct conv {
	char spec[32];		/* flags, width, precision, for snprintf */
	char conv;		/* d i u x X o c s p */
	char hint[3];		/* after %p: "I4" "I6" "M" "N" "h" */
	bool huge;		/* width or precision over 3 digits */
	size_t len;		/* characters consumed from the format */
};

static int parse_conv(const char *f, struct conv *c)
{
	const char *p = f + 1, *num;
	size_t n;

	memset(c, 0, sizeof(*c));
	while (*p && strchr("-+ #0", *p))
		p++;
	num = p;
	while (*p >= '0' && *p <= '9')
		p++;
	c->huge = p - num > 3;
	if (*p == '.') {
		num = ++p;
		while (*p >= '0' && *p <= '9')
			p++;
		c->huge |= p - num > 3;
	}
	n = (size_t)(p - f);
	if (n >= sizeof(c->spec) - 4)
		return -1;
	memcpy(c->spec, f, n);
	while (*p && strchr("hlzjtL", *p))	/* the size comes from the record */
		p++;
	if (!*p || !strchr("diuxXocsp", *p))
		return -1;
	c->conv = *p++;
	if (c->conv == 'p') {
		if ((p[0] == 'I' && (p[1] == '4' || p[1] == '6'))) {
			memcpy(c->hint, p, 2);
			p += 2;
		} else if (*p == 'M' || *p == 'N' || *p == 'h') {
			c->hint[0] = *p++;
		}
	}
	c->len = (size_t)(p - f);
	return 0;
}

static __u64 get_uint(const __u8 *p, unsigned int size)
{
	__u64 v = 0;

	memcpy(&v, p, size > 8 ? 8 : size);	/* little endian host */
	return v;
}

static __s64 get_sint(const __u8 *p, unsigned int size)
{
	__u64 v = get_uint(p, size);
	unsigned int shift = size && size < 8 ? 64 - 8 * size : 0;

	return (__s64)(v << shift) >> shift;
}

/* The JSON value is the text, as a string (or as a number: is_str 0). */
static bool same_json(struct arg_out *o, int is_str)
{
	snprintf(o->j, o->jcap, "%s", o->t);
	o->j_is_str = is_str;
	return true;
}

/* Integers: %d %i %c %u %x %X %o, and %pN of a __be16 passed by value. */
static bool render_int(const struct conv *c, bool is_signed, const __u8 *p,
		       unsigned int size, struct arg_out *o)
{
	long long v = is_signed ? (long long)get_sint(p, size) :
				  (long long)get_uint(p, size);
	__u64 u = get_uint(p, size);
	char spec[48];

	if (c->conv == 'd' || c->conv == 'i') {
		snprintf(spec, sizeof(spec), "%slld", c->spec);
		snprintf(o->t, o->tcap, spec, v);
		snprintf(o->j, o->jcap, "%lld", v);
	} else if (c->conv == 'c') {
		snprintf(spec, sizeof(spec), "%sc", c->spec);
		snprintf(o->t, o->tcap, spec, (int)(unsigned char)u);
		escape_arg(o);
		snprintf(o->j, o->jcap, "%u", (unsigned int)(unsigned char)u);
	} else if (strchr("uxXo", c->conv)) {
		snprintf(spec, sizeof(spec), "%sll%c", c->spec, c->conv);
		snprintf(o->t, o->tcap, spec, (unsigned long long)u);
		snprintf(o->j, o->jcap, "%llu", (unsigned long long)u);
	} else if (c->conv == 'p' && c->hint[0] == 'N' && size == 2) {
		snprintf(o->t, o->tcap, "%u", ntohs((__u16)u));
		return same_json(o, 0);
	} else {
		return false;
	}
	return true;
}

/* %s of a char array: up to its NUL, or its size. */
static bool render_str(const struct conv *c, const __u8 *p, unsigned int size,
		       struct arg_out *o)
{
	char tmp[HLOG_BYTES_MAX + 1], spec[48];
	size_t n = strnlen((const char *)p, size);

	memcpy(tmp, p, n);
	tmp[n] = '\0';
	if (strchr(c->spec, '.')) {	/* the format's precision wins */
		snprintf(spec, sizeof(spec), "%ss", c->spec);
		snprintf(o->t, o->tcap, spec, tmp);
	} else {
		snprintf(spec, sizeof(spec), "%s.*s", c->spec);
		snprintf(o->t, o->tcap, spec, (int)n, tmp);
	}
	escape_arg(o);
	/* JSON: the string itself (its characters, json.h escapes the rest) */
	snprintf(o->j, o->jcap, "%s", tmp);
	o->j_is_str = 1;
	return true;
}

/* %pI4 %pI6 %pM %pN %ph (and a bare %p): the bytes a pointer points to. */
static bool render_ptr(const struct conv *c, const __u8 *p, unsigned int size,
		       struct arg_out *o)
{
	if (!strcmp(c->hint, "I4") && size == 4) {
		inet_ntop(AF_INET, p, o->t, (socklen_t)o->tcap);
	} else if (!strcmp(c->hint, "I6") && size == 16) {
		inet_ntop(AF_INET6, p, o->t, (socklen_t)o->tcap);
	} else if (c->hint[0] == 'M' && size == 6) {
		snprintf(o->t, o->tcap, "%02x:%02x:%02x:%02x:%02x:%02x",
			 p[0], p[1], p[2], p[3], p[4], p[5]);
	} else if (c->hint[0] == 'N' && size == 2) {
		snprintf(o->t, o->tcap, "%u", (p[0] << 8) | p[1]);
		return same_json(o, 0);
	} else if (c->hint[0] == 'h' || !c->hint[0]) {
		hex_bytes(o->t, o->tcap, p, size, ' ');
	} else {
		return false;
	}
	return same_json(o, 1);
}

/* The argument does not fit its conversion: show what there is. */
static void render_bad(const struct conv *c, const __u8 *p, unsigned int size,
		       struct arg_out *o)
{
	char hex[3 * HLOG_BYTES_MAX + 1];

	hex_bytes(hex, sizeof(hex), p, size, 0);
	snprintf(o->t, o->tcap, "<bad %%%s%s: %u bytes %s>",
		 c->conv == 'p' ? "p" : "",
		 c->conv == 'p' ? c->hint : (char[2]){ c->conv, 0 }, size, hex);
	same_json(o, 1);
}

/* Renders one argument for a conversion. */
static void render_arg(const struct conv *c, unsigned int type, const __u8 *p,
		       unsigned int size, struct arg_out *o)
{
	bool done = false;

	o->j_is_str = 0;
	/* snprintf would spend seconds padding to a width like 999999999,
	 * for a buffer of 256 bytes: show the argument as not fitting */
	if (c->huge)
		type = HLOG_ARG_NONE;
	if (type == HLOG_ARG_UINT || type == HLOG_ARG_SINT)
		done = render_int(c, type == HLOG_ARG_SINT, p, size, o);
	else if (type == HLOG_ARG_BYTES && c->conv == 's')
		done = render_str(c, p, size, o);
	else if (type == HLOG_ARG_BYTES && c->conv == 'p')
		done = render_ptr(c, p, size, o);
	if (!done)
		render_bad(c, p, size, o);
}

static size_t render(const struct xh_site *site, const __u8 *args,
		     size_t args_len, char *text, size_t cap, char *json,
		     size_t json_cap, char (*each)[XH_ARG_TEXT])
{
	struct sbuf tb = { text, 0, cap }, jb = { json, 0, json_cap };
	const char *f = site->fmt, *lit = f;
	char t[XH_ARG_TEXT], j[XH_ARG_TEXT];
	struct arg_out ao = { t, sizeof(t), j, sizeof(j), 0 };
	unsigned int k = 0;
	size_t off = 0;
	struct conv c;

	if (cap)
		text[0] = '\0';
	sb_str(&jb, "[");
	while (*f) {
		if (*f != '%') {
			f++;
			continue;
		}
		sb_lit(&tb, lit, (size_t)(f - lit));
		if (f[1] == '%') {
			sb_put(&tb, "%", 1);
			f += 2;
			lit = f;
			continue;
		}
		if (parse_conv(f, &c)) {	/* not ours: print it as written */
			sb_put(&tb, "%", 1);
			lit = ++f;
			continue;
		}
		f += c.len;
		lit = f;
		if (k >= site->nargs || off + site->arg_sizes[k] > args_len) {
			sb_str(&tb, "<missing>");
			continue;
		}
		render_arg(&c, site->arg_types[k], args + off, site->arg_sizes[k],
			   &ao);
		sb_str(&tb, t);
		if (each)
			snprintf(each[k], XH_ARG_TEXT, "%s", t);
		if (json) {
			if (k)
				sb_put(&jb, ",", 1);
			if (ao.j_is_str)
				sb_json_str(&jb, j, strlen(j));
			else
				sb_str(&jb, j);
		}
		off += site->arg_sizes[k];
		k++;
	}
	sb_lit(&tb, lit, (size_t)(f - lit));
	sb_str(&jb, "]");
	return tb.len;
}

size_t xh_render(const struct xh_site *site, const __u8 *args, size_t args_len,
		 char *text, size_t cap, char *json, size_t json_cap)
{
	return render(site, args, args_len, text, cap, json, json_cap, NULL);
}

size_t xh_render_each(const struct xh_site *site, const __u8 *args,
		      size_t args_len, char *text, size_t cap, char *json,
		      size_t json_cap, char (*each)[XH_ARG_TEXT])
{
	unsigned int k;

	for (k = 0; k < HLOG_MAX_ARGS; k++)
		each[k][0] = '\0';
	return render(site, args, args_len, text, cap, json, json_cap, each);
}

/* Bytes an address hint takes; 0: any */
static unsigned int hint_size(const struct conv *c)
{
	if (!strcmp(c->hint, "I4"))
		return 4;
	if (!strcmp(c->hint, "I6"))
		return 16;
	if (c->hint[0] == 'M')
		return 6;
	if (c->hint[0] == 'N')
		return 2;
	return 0;
}

int xh_site_misuse(const struct xh_site *site, char *why, size_t cap)
{
	unsigned int k = 0, need;
	const char *f = site->fmt;
	struct conv c;

	while ((f = strchr(f, '%'))) {
		if (f[1] == '%' || parse_conv(f, &c)) {
			f += f[1] == '%' ? 2 : 1;
			continue;
		}
		f += c.len;
		if (k >= site->nargs)
			break;
		need = c.conv == 'p' ? hint_size(&c) : 0;
		if (need && need != site->arg_sizes[k]) {
			snprintf(why, cap, "%%p%s takes a pointer to %u bytes, argument %u "
				 "points to %u", c.hint, need, k + 1, site->arg_sizes[k]);
			return -EINVAL;
		}
		k++;
	}
	return 0;
}

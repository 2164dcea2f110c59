// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "find/control.h"
#include "base/level.h"
#include "metrics.h"

/* ---- the exposition text ---------------------------------------------- */

struct family {
	const char *name, *type, *help;
};

static const struct family families[] = {
	{ "xdp_hello_packets_total", "counter", "Packets the hlog program saw." },
	{ "xdp_hello_bytes_total", "counter", "Bytes of the packets the hlog program saw." },
	{ "xdp_hello_records_total", "counter", "Records the program wrote, all levels." },
	{ "xdp_hello_messages_total", "counter", "Records the program wrote, by level." },
	{ "xdp_hello_lost_total", "counter", "Records not written because their ring was full, by level." },
	{ "xdp_hello_overflow_total", "counter", "Records written through the shared overflow ring." },
	{ "xdp_hello_nested_total", "counter", "Overflow records written nested inside another on the same CPU." },
	{ "xdp_hello_printed_total", "counter", "Messages this reader printed since it started." },
	{ "xdp_hello_suppressed_total", "counter", "Messages this reader suppressed by --rate-limit since it started." },
	{ "xdp_hello_level", "gauge", "Runtime level of the program: 0 off, 1 error, 2 warn, 3 info, 4 debug, 5 trace." },
	{ "xdp_hello_attach_mode", "gauge", "1 for the mode the program is attached in." },
};

enum { F_PACKETS, F_BYTES, F_RECORDS, F_MESSAGES, F_LOST, F_OVERFLOW, F_NESTED,
       F_PRINTED, F_SUPPRESSED, F_LEVEL, F_MODE, F_COUNT };

struct sample {
	const struct xh_prog *p;
	struct hlog_stats st;
	struct hlog_config cfg;
	bool cfg_ok, st_ok;
	const struct xh_reader_counts *rc;
};

static void labels(FILE *f, const struct xh_prog *p)
{
	fprintf(f, "{interface=\"%s\",program=\"%s\",id=\"%u\"", p->iface.name,
		p->name, p->id);
}

static void family(FILE *f, int fam, const struct sample *s, int n)
{
	const struct family *d = &families[fam];
	int i, l;

	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", d->name, d->help, d->name, d->type);
	for (i = 0; i < n; i++) {
		const struct sample *x = &s[i];
		__u64 v = 0;

		if (fam == F_MESSAGES || fam == F_LOST) {
			for (l = HLOG_ERROR; l < HLOG_LEVEL_COUNT && x->st_ok; l++) {
				fputs(d->name, f);
				labels(f, x->p);
				fprintf(f, ",level=\"%s\"} %llu\n", xh_level_name((unsigned int)l),
					(unsigned long long)(fam == F_LOST ? x->st.lost[l]
									   : x->st.logged[l]));
			}
			continue;
		}
		switch (fam) {
		case F_PACKETS: v = x->st.packets; break;
		case F_BYTES: v = x->st.bytes; break;
		case F_RECORDS: v = xh_stats_logged(&x->st); break;
		case F_OVERFLOW: v = x->st.overflow; break;
		case F_NESTED: v = x->st.nested; break;
		case F_PRINTED: v = x->rc ? __atomic_load_n(&x->rc->printed, __ATOMIC_RELAXED) : 0; break;
		case F_SUPPRESSED: v = x->rc ? __atomic_load_n(&x->rc->suppressed, __ATOMIC_RELAXED) : 0; break;
		case F_LEVEL: v = x->cfg.level; break;
		case F_MODE: v = 1; break;
		}
		if ((fam == F_PRINTED || fam == F_SUPPRESSED) && !x->rc)
			continue;
		if (fam == F_LEVEL && !x->cfg_ok)
			continue;
		if (fam < F_PRINTED && !x->st_ok)
			continue;
		fputs(d->name, f);
		labels(f, x->p);
		if (fam == F_MODE)
			fprintf(f, ",mode=\"%s\"", x->p->mode ? x->p->mode : "unknown");
		fprintf(f, "} %llu\n", (unsigned long long)v);
	}
}

void xh_metrics_write(FILE *f, const struct xh_prog *progs,
		      const struct xh_reader_counts *counts, int n)
{
	struct sample s[XH_MAX_PROGS];
	int i, fam;

	if (n > XH_MAX_PROGS)
		n = XH_MAX_PROGS;
	for (i = 0; i < n; i++) {
		s[i].p = &progs[i];
		s[i].rc = counts ? &counts[i] : NULL;
		s[i].st_ok = !xh_stats_read(&progs[i], &s[i].st);
		s[i].cfg_ok = !xh_config_read(&progs[i], &s[i].cfg);
	}
	for (fam = 0; fam < F_COUNT; fam++)
		family(f, fam, s, n);
}

int xh_metrics_addr_parse(const char *s, struct sockaddr_storage *ss)
{
	struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
	const char *colon = strrchr(s, ':');
	char host[64], *end;
	unsigned long port;
	size_t hl;

	if (!colon || !colon[1] || strspn(colon + 1, "0123456789") != strlen(colon + 1))
		return -EINVAL;	/* digits only: strtoul takes " 80", "+80", "-1" */
	port = strtoul(colon + 1, &end, 10);
	if (port > 65535)
		return -EINVAL;
	hl = (size_t)(colon - s);
	if (hl >= sizeof(host))
		return -EINVAL;
	memcpy(host, s, hl);
	host[hl] = '\0';
	memset(ss, 0, sizeof(*ss));
	if (host[0] == '[' && hl > 2 && host[hl - 1] == ']') {
		host[hl - 1] = '\0';
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((unsigned short)port);
		return inet_pton(AF_INET6, host + 1, &in6->sin6_addr) == 1 ? 0 : -EINVAL;
	}
	in4->sin_family = AF_INET;
	in4->sin_port = htons((unsigned short)port);
	if (!host[0]) {
		in4->sin_addr.s_addr = htonl(INADDR_ANY);
		return 0;
	}
	return inet_pton(AF_INET, host, &in4->sin_addr) == 1 ? 0 : -EINVAL;
}

#ifdef XH_HAVE_LIBMICROHTTPD
#include <microhttpd.h>

struct xh_metrics {
	struct MHD_Daemon *d;
	const struct xh_prog *progs;
	const struct xh_reader_counts *counts;
	int n;
	unsigned int port;
};

bool xh_metrics_available(void)
{
	return true;
}

static enum MHD_Result reply(struct MHD_Connection *c, unsigned int code,
			     const char *type, char *body, size_t len)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", type);
	ret = MHD_queue_response(c, code, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
				  const char *url, const char *method,
				  const char *version, const char *data,
				  size_t *data_len, void **state)
{
	struct xh_metrics *m = cls;
	char *body = NULL;
	size_t len = 0;
	FILE *f;

	(void)version, (void)data, (void)data_len, (void)state;
	if (strcmp(method, "GET") && strcmp(method, "HEAD"))
		return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain",
			     strdup("GET /metrics\n"), 13);
	if (strcmp(url, "/metrics"))
		return reply(c, MHD_HTTP_NOT_FOUND, "text/plain",
			     strdup("see /metrics\n"), 13);
	f = open_memstream(&body, &len);
	if (!f)
		return MHD_NO;
	xh_metrics_write(f, m->progs, m->counts, m->n);
	fclose(f);
	return reply(c, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8",
		     body, len);
}

struct xh_metrics *xh_metrics_start(const char *addr, const struct xh_prog *progs,
				    const struct xh_reader_counts *counts, int n,
				    int *err)
{
	struct sockaddr_storage ss;
	const union MHD_DaemonInfo *info;
	struct xh_metrics *m;
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD;	/* errors: ours */

	*err = xh_metrics_addr_parse(addr, &ss);
	if (*err)
		return NULL;
	m = calloc(1, sizeof(*m));
	if (!m) {
		*err = -ENOMEM;
		return NULL;
	}
	m->progs = progs;
	m->counts = counts;
	m->n = n;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	errno = 0;
	m->d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, m,
				MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
				MHD_OPTION_CONNECTION_TIMEOUT, 10U,
				MHD_OPTION_END);
	if (!m->d) {
		*err = errno ? -errno : -EADDRINUSE;
		free(m);
		return NULL;
	}
	info = MHD_get_daemon_info(m->d, MHD_DAEMON_INFO_BIND_PORT);
	m->port = info ? info->port : 0;
	return m;
}

unsigned int xh_metrics_port(const struct xh_metrics *m)
{
	return m->port;
}

void xh_metrics_stop(struct xh_metrics *m)
{
	if (!m)
		return;
	MHD_stop_daemon(m->d);
	free(m);
}

#else	/* without libmicrohttpd */

struct xh_metrics {
	int unused;
};

bool xh_metrics_available(void)
{
	return false;
}

struct xh_metrics *xh_metrics_start(const char *addr, const struct xh_prog *progs,
				    const struct xh_reader_counts *counts, int n,
				    int *err)
{
	(void)addr, (void)progs, (void)counts, (void)n;
	*err = -ENOSYS;
	return NULL;
}

unsigned int xh_metrics_port(const struct xh_metrics *m)
{
	(void)m;
	return 0;
}

void xh_metrics_stop(struct xh_metrics *m)
{
	(void)m;
}

#endif

// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>

#include "journal.h"
#include "base/level.h"
#include "decode/message_text.h"

#ifdef XH_HAVE_LIBSYSTEMD
/* our CODE_FILE/CODE_LINE are the call site in the BPF program, not ours */
#define SD_JOURNAL_SUPPRESS_LOCATION
#include <systemd/sd-journal.h>

#define FIELDS (14 + HLOG_MAX_ARGS)

static const char *const priority[HLOG_LEVEL_COUNT] = {
	[HLOG_OFF] = "6", [HLOG_ERROR] = "3", [HLOG_WARN] = "4",
	[HLOG_INFO] = "6", [HLOG_DEBUG] = "7", [HLOG_TRACE] = "7",
};

bool xh_journal_available(void)
{
	return true;
}

#define JOURNAL_SOCKET "/run/systemd/journal/socket"

int xh_journal_probe(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX, .sun_path = JOURNAL_SOCKET };
	int fd, err = 0;

	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)))
		err = -errno;
	close(fd);
	return err;
}

struct fields {
	struct iovec v[FIELDS];
	int n;
};

/* "NAME=value" into buf (the journal takes the bytes as given). */
static void field(struct fields *f, char *buf, size_t cap, const char *name,
		  const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void field(struct fields *f, char *buf, size_t cap, const char *name,
		  const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(buf, cap, "%s=", name);

	va_start(ap, fmt);
	n += vsnprintf(buf + n, cap - (size_t)n, fmt, ap);
	va_end(ap);
	if ((size_t)n >= cap)
		n = (int)cap - 1;
	f->v[f->n].iov_base = buf;
	f->v[f->n++].iov_len = (size_t)n;
}

int xh_journal_msg(const struct xh_msg *m, const struct xh_journal_src *src,
		   long long wall_ns)
{
	static char text[XH_TEXT_MAX], json[XH_ARGS_JSON_MAX];
	static char each[HLOG_MAX_ARGS][XH_ARG_TEXT];
	static char buf[FIELDS][XH_ARG_TEXT + 64], msg[2048 + 16];
	const struct xh_site *site = m->site;
	struct fields f = { .n = 0 };
	unsigned int k, lvl = m->level < HLOG_LEVEL_COUNT ? m->level : HLOG_INFO;
	int b = 0;

	xh_render_each(site, m->args, m->args_len, text, sizeof(text), json,
		       sizeof(json), each);
	field(&f, msg, sizeof(msg), "MESSAGE", "%s", text);
	field(&f, buf[b++], sizeof(buf[0]), "PRIORITY", "%s", priority[lvl]);
	field(&f, buf[b++], sizeof(buf[0]), "SYSLOG_IDENTIFIER", "%s", src->target);
	field(&f, buf[b++], sizeof(buf[0]), "CODE_FILE", "%s", site->file ? site->file : "");
	field(&f, buf[b++], sizeof(buf[0]), "CODE_LINE", "%u", site->line);
	if (m->kind == HLOG_KIND_TASK) {	/* _PID is journald's own */
		field(&f, buf[b++], sizeof(buf[0]), "HLOG_PID", "%u", m->pid);
		field(&f, buf[b++], sizeof(buf[0]), "HLOG_TID", "%u", m->tid);
	} else {
		field(&f, buf[b++], sizeof(buf[0]), "IFNAME", "%s", src->ifname);
		field(&f, buf[b++], sizeof(buf[0]), "IFINDEX", "%u", m->ifindex);
		field(&f, buf[b++], sizeof(buf[0]), "RXQ", "%u", m->rxq);
	}
	field(&f, buf[b++], sizeof(buf[0]), "CPU", "%u", m->cpu);
	field(&f, buf[b++], sizeof(buf[0]), "HLOG_LEVEL", "%s", xh_level_name(lvl));
	field(&f, buf[b++], sizeof(buf[0]), "HLOG_TIMESTAMP_BOOTTIME_NS", "%llu",
	      (unsigned long long)m->ts_ns);
	field(&f, buf[b++], sizeof(buf[0]), "HLOG_TIMESTAMP_REALTIME_USEC", "%lld",
	      wall_ns / 1000);
	field(&f, buf[b++], sizeof(buf[0]), "HLOG_PROGRAM_ID", "%u", src->prog_id);
	field(&f, buf[b++], sizeof(buf[0]), "HLOG_ARGS", "%s", json);
	for (k = 0; k < site->nargs && k < HLOG_MAX_ARGS; k++) {
		char name[16];

		snprintf(name, sizeof(name), "HLOG_ARG%u", k);
		field(&f, buf[b++], sizeof(buf[0]), name, "%s", each[k]);
	}
	return sd_journal_sendv(f.v, f.n);
}

int xh_journal_note(int prio, const char *text, const char *extra)
{
	return sd_journal_send("MESSAGE=%s", text, "PRIORITY=%d", prio,
			       "SYSLOG_IDENTIFIER=xdp-hello", "%s", extra, NULL);
}

int xh_journal_suppressed(const char *text, unsigned long long n,
			  const char *file, unsigned int line)
{
	return sd_journal_send("MESSAGE=%s", text, "PRIORITY=4",
			       "SYSLOG_IDENTIFIER=xdp-hello",
			       "HLOG_SUPPRESSED=%llu", n, "CODE_FILE=%s", file,
			       "CODE_LINE=%u", line, NULL);
}

#else	/* without libsystemd */

bool xh_journal_available(void)
{
	return false;
}

int xh_journal_probe(void)
{
	return -ENOSYS;
}

int xh_journal_msg(const struct xh_msg *m, const struct xh_journal_src *src,
		   long long wall_ns)
{
	(void)m, (void)src, (void)wall_ns;
	return -ENOSYS;
}

int xh_journal_note(int prio, const char *text, const char *extra)
{
	(void)prio, (void)text, (void)extra;
	return -ENOSYS;
}

int xh_journal_suppressed(const char *text, unsigned long long n,
			  const char *file, unsigned int line)
{
	(void)text, (void)n, (void)file, (void)line;
	return -ENOSYS;
}

#endif

// SPDX-License-Identifier: GPL-2.0
/* load / unload: hello stays on the interface after we exit. */
#include <stdio.h>

#include "attach.h"
#include "cmds.h"
#include "base/diag.h"
#include "host.h"
#include "params.h"
#include "xdp_object.h"

static const struct cmd_spec load_spec = {
	.id = XH_CMD_LOAD,
	.flags = P_IFACE,
	.usage =
"Usage: xdp-hello load [options] IFNAME\n"
"Attach hello (or the XDP program of -o OBJECT: -n NAME picks one of\n"
"several) to IFNAME through libxdp, joining a libxdp dispatcher if one is\n"
"there, and leave it attached. Read it with 'xdp-hello log -i IFNAME'.\n",
};

static const struct cmd_spec unload_spec = {
	.id = XH_CMD_UNLOAD,
	.flags = P_IFACE,
	.usage =
"Usage: xdp-hello unload [options] IFNAME\n"
"Remove the hlog program (hello, or one loaded from another object) from\n"
"IFNAME, whoever loaded it; other programs in a libxdp dispatcher stay.\n",
};

int cmd_load(int argc, char **argv)
{
	struct xh_attachment a;
	struct xh_object o;
	struct xh_iface iface;
	struct params p = {};
	char what[128];
	int code = 2;

	if (params_parse(&p, argc, argv, &load_spec, &code))
		return code;
	if (params_ifaces(&p, &iface))
		return 1;
	if (xh_object_open(p.object, p.prog_name, p.object_given, &o))
		return 1;
	snprintf(what, sizeof(what), "attach XDP program '%s' to", o.name);
	if (xh_need_privileges(what, iface.name, true)) {
		xh_object_close(&o);
		return 1;
	}
	if (xh_attach(&o, &iface, p.mode, p.force, false, &a))
		return 1;
	xh_info("Loaded '%s' (id %u) on '%s'%s", a.name, a.prog_id, iface.name,
		xh_iface_is_up(iface.ifindex) ? "" :
		" (the interface is down: no packets until 'ip link set ... up')");
	xh_attachment_release(&a);	/* only our handles: hello stays */
	return 0;
}

int cmd_unload(int argc, char **argv)
{
	struct xh_iface iface;
	struct params p = {};
	int code = 2;

	if (params_parse(&p, argc, argv, &unload_spec, &code))
		return code;
	if (params_ifaces(&p, &iface))
		return 1;
	if (xh_need_privileges("detach hello from", iface.name, true))
		return 1;
	return xh_unload(&iface) ? 1 : 0;
}

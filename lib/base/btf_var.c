// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include <bpf/btf.h>

#include "base/btf_var.h"

const struct btf_var_secinfo *xh_btf_var(const struct btf *btf, __u32 sec_id,
					 const char *name)
{
	const struct btf_type *sec = btf ? btf__type_by_id(btf, sec_id) : NULL;
	const struct btf_var_secinfo *vs;
	const struct btf_type *var;
	const char *s;
	int i;

	if (!sec || !btf_is_datasec(sec))
		return NULL;
	vs = btf_var_secinfos(sec);
	for (i = 0; i < btf_vlen(sec); i++, vs++) {
		var = btf__type_by_id(btf, vs->type);
		s = var && btf_is_var(var) ? btf__name_by_offset(btf, var->name_off) : NULL;
		if (s && !strcmp(s, name))
			return vs;
	}
	return NULL;
}

const struct btf_var_secinfo *xh_btf_var_in(const struct btf *btf,
					    const char *sec_name,
					    const char *name)
{
	int id = btf ? btf__find_by_name_kind(btf, sec_name, BTF_KIND_DATASEC) : -1;

	return id > 0 ? xh_btf_var(btf, (__u32)id, name) : NULL;
}

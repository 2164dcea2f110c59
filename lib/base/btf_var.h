/* SPDX-License-Identifier: GPL-2.0 */
/* A global variable of a loaded program, found by name in its BTF. */
#ifndef XH_BTF_VAR_H
#define XH_BTF_VAR_H

#include <linux/types.h>

struct btf;
struct btf_var_secinfo;

/* The variable called name in DATASEC sec_id (its offset and size), or
 * NULL: no such variable, no DATASEC there. A name out of the BTF's
 * strings (a corrupt BTF) matches nothing. */
const struct btf_var_secinfo *xh_btf_var(const struct btf *btf, __u32 sec_id,
					 const char *name);
/* The same in the DATASEC called sec_name (".rodata", ".data", ".maps"). */
const struct btf_var_secinfo *xh_btf_var_in(const struct btf *btf,
					    const char *sec_name,
					    const char *name);

#endif

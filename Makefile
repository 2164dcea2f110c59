# SPDX-License-Identifier: GPL-2.0
# xdp-hello: make [all|check|test-unit|run IFACE=lo|install|uninstall|clean]  (V=1: commands)

-include config.mk

PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
LIBDIR ?= $(PREFIX)/lib
BPF_OBJECT_DIR ?= $(LIBDIR)/bpf
MANDIR ?= $(PREFIX)/share/man
INCLUDEDIR ?= $(PREFIX)/include
VERSION := 0.1.0

ifeq ($(V),1)
Q =
msg =
else ifneq ($(findstring s,$(firstword -$(MAKEFLAGS))),)
Q = @
msg =
else
Q = @
msg = @printf '  %-7s %s\n' $(1) $(2);
endif

CC ?= gcc
CLANG ?= clang
CFLAGS ?= -O2 -g
WARN := -Wall -Wextra -Werror=implicit-function-declaration
# -mcpu=v3 (kernels from 5.1): 32-bit ALU and jumps, compares with an
# immediate on either side; fewer instructions on every path
BPF_CFLAGS := -target bpf -mcpu=v3 -O2 -g $(WARN) -Iheaders $(BPF_SYS_INCLUDE)
USER_CFLAGS := $(WARN) -std=gnu11 -Iheaders -Ilib -Ibuild $(LIBBPF_CFLAGS) \
	$(LIBXDP_CFLAGS) -DXDP_HELLO_VERSION='"$(VERSION)"' \
	-DLIBXDP_BUILD_VERSION='"$(LIBXDP_VERSION)"' $(FEATURE_CFLAGS)
USER_LIBS := $(LIBXDP_LIBS) $(LIBBPF_LIBS) $(LIBELF_LIBS) $(FEATURE_LIBS)
ifeq ($(SANITIZE),1)
CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer
CFLAGS += -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
endif

# lib/ is libxdphello, in layers, each including only those below it:
# base (diagnostics, the machine), rings (reading and merging) and decode
# (records to text), find (programs, their knobs), reader (the public API)
LIB_DIRS := base rings decode find reader
LIB_SRCS := $(wildcard $(LIB_DIRS:%=lib/%/*.c))
LIB_OBJS := $(LIB_SRCS:.c=.o)
UTIL_SRCS := $(wildcard xdp-hello-util/*.c)
UTIL_OBJS := $(UTIL_SRCS:.c=.o)
# xdp-hello's own machinery (poll loop, outputs) for the test tools
UTIL_LIB := build/libxhutil.a
BPF_SRCS := $(wildcard xdp-prog/*.bpf.c)
BPF_OBJS := $(BPF_SRCS:.bpf.c=.o)
HEADERS := $(wildcard headers/xdp_hello/*.h $(LIB_DIRS:%=lib/%/*.h) xdp-hello-util/*.h)
UTIL := xdp-hello-util/xdp-hello

.PHONY: all check bench run install uninstall clean distclean FORCE

all: $(BPF_OBJS) $(UTIL)

# make never installs anything: ./configure --install-deps does, when asked.
config.mk: configure
	$(Q)./configure

# The utility looks for hello.o in BPF_OBJECT_DIR: rebuild when it changes.
build/paths.h: FORCE
	$(Q)mkdir -p build
	$(Q)printf '#define BPF_OBJECT_DIR "%s"\n' '$(BPF_OBJECT_DIR)' > $@.tmp
	$(Q)if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

xdp-prog/%.o: xdp-prog/%.bpf.c $(HEADERS) config.mk build/bpf-flags
	$(call msg,CLANG,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

xdp-hello-util/host.o: build/paths.h
xdp-hello-util/host.o: USER_CFLAGS += -include build/paths.h

%.o: %.c $(HEADERS) config.mk
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) $(USER_CFLAGS) -c $< -o $@

lib/libxdphello.a: $(LIB_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(UTIL): $(UTIL_OBJS) lib/libxdphello.a
	$(call msg,LINK,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $(UTIL_OBJS) lib/libxdphello.a $(USER_LIBS)

$(UTIL_LIB): $(filter-out xdp-hello-util/main.o,$(UTIL_OBJS))
	$(call msg,AR,$@)
	$(Q)mkdir -p $(@D)
	$(Q)rm -f $@ && ar rcs $@ $^

# The test suite (bats); needs root, creates and removes its own namespaces.
TEST_BPF_OBJS := $(patsubst %.bpf.c,%.o,$(wildcard tests/progs/*.bpf.c))
TEST_TOOLS := tests/tools/xdp-runconfig tests/tools/hlog-testrun tests/tools/hlog-cpus \
	tests/tools/prog-size \
	tests/tools/api-dump tests/tools/tcx-attach

tests/progs/%.o: tests/progs/%.bpf.c $(HEADERS) config.mk build/bpf-flags
	$(call msg,CLANG,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

# seq.bpf.c with other hlog knobs (tests/cpus.bats), built here rather
# than in the test: clang is slow in the emulated guests
TEST_BPF_OBJS += tests/progs/seq-max1.o tests/progs/seq-shared.o tests/progs/seq-atomic.o
tests/progs/seq-max1.o: SEQ_FLAGS := -DHLOG_MAX_CPUS=1
tests/progs/seq-shared.o: SEQ_FLAGS := -DHLOG_MAX_CPUS=0 -DHLOG_RING_SIZE='(4 << 20)'
tests/progs/seq-atomic.o: SEQ_FLAGS := -DHLOG_ALWAYS_ATOMIC=1
# hello with every record through the overflow ring: each record size
# takes its own reserve call there (tests/hlog.bats)
TEST_BPF_OBJS += tests/progs/hello-shared.o
tests/progs/hello-shared.o: xdp-prog/hello.bpf.c $(HEADERS) config.mk build/bpf-flags
	$(call msg,CLANG,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -DHLOG_MAX_CPUS=0 -c $< -o $@
tests/progs/seq-%.o: tests/progs/seq.bpf.c $(HEADERS) config.mk build/bpf-flags
	$(call msg,CLANG,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) $(SEQ_FLAGS) -c $< -o $@

# hello for the first BPF ISA (clang's default before -mcpu=v3, so what
# a user's plain build line makes): 32-bit values zero-extended by shifts
TEST_BPF_OBJS += tests/progs/hello-v1.o
tests/progs/hello-v1.o: xdp-prog/hello.bpf.c $(HEADERS) config.mk build/bpf-flags
	$(call msg,CLANG,$@)
	$(Q)$(CLANG) $(subst -mcpu=v3,-mcpu=v1,$(BPF_CFLAGS)) -c $< -o $@

# the loop of loop.bpf.c, too long for the verifier (tests/messages.bats)
TEST_BPF_OBJS += tests/progs/loop-100k.o
tests/progs/loop-100k.o: tests/progs/loop.bpf.c $(HEADERS) config.mk build/bpf-flags
	$(call msg,CLANG,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -DLOOP_TURNS=100000 -c $< -o $@

# One object from two source files that both log, linked as a user's
# project would be (tests/multi.bats)
TEST_BPF_OBJS += tests/progs/multi.o
MULTI_PARTS := build/multi/rx.o build/multi/note.o
build/multi/%.o: tests/progs/multi/%.bpf.c $(HEADERS) config.mk build/bpf-flags
	$(call msg,CLANG,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@
tests/progs/multi.o: $(MULTI_PARTS)
	$(call msg,LINK,$@)
	$(Q)bpftool gen object $@ $(MULTI_PARTS)

# Programs of N log statements from tests/tools/gen-sites (KIND-N: hlog
# or printk), for tests/sites.bats: built here, clang is slow in the guests
GEN_SITES := hlog-1 hlog-101 hlog-1000
TEST_BPF_OBJS += $(GEN_SITES:%=build/sites/%.o)
.SECONDARY: $(GEN_SITES:%=build/sites/%.c)
build/sites/%.c: tests/tools/gen-sites
	$(Q)mkdir -p $(@D)
	$(Q)tests/tools/gen-sites $(subst -, ,$*) > $@
build/sites/%.o: build/sites/%.c $(HEADERS) config.mk build/bpf-flags
	$(call msg,CLANG,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

tests/tools/%: tests/tools/%.c $(UTIL_LIB) lib/libxdphello.a config.mk
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) $(USER_CFLAGS) -Ixdp-hello-util $(LDFLAGS) $< -o $@ \
		$(UTIL_LIB) lib/libxdphello.a $(USER_LIBS)

# test-unit before the suite: it needs no root, the suite does
check: test-unit all $(TEST_BPF_OBJS) $(TEST_TOOLS) bench/blast
	$(Q)./configure --check-tests
	$(Q)$(if $(filter 1,$(SANITIZE)),tests/sanitize-run )tests/run

# ---- check-vm: the suite in qemu guests on Debian's kernels ----
# (tests/vm/run-in-vm; XH_VM_KERNELS, default 6.1 6.12 6.12-rt), where
# libxdp's dispatcher works. 'make check' runs the guests too when configure
# found qemu (QEMU in config.mk), for the files whose results depend on the
# kernel (tests/vm/host-only lists the others; the PREEMPT_RT guest runs
# tests/vm/rt-files); VM=0 skips them. check-vm runs every file in each.
export XH_QEMU := $(QEMU)
export XH_VM := $(VM)

.PHONY: check-vm
check-vm: all $(TEST_BPF_OBJS) $(TEST_TOOLS) bench/blast
	$(Q)./configure --check-tests
	$(Q)tests/run --vm-only $(wildcard tests/*.bats)
# ---- end of check-vm ----

# Objects built with other flags (SANITIZE=1 or not) are never reused.
build/flags: FORCE
	$(Q)mkdir -p build
	$(Q)printf '%s\n' '$(CC) $(CFLAGS) $(LDFLAGS)' > $@.tmp
	$(Q)if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi
build/bpf-flags: FORCE
	$(Q)mkdir -p build
	$(Q)printf '%s\n' '$(CLANG) $(BPF_CFLAGS)' > $@.tmp
	$(Q)if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi
$(LIB_OBJS) $(UTIL_OBJS) $(UTIL) $(TEST_TOOLS) bench/blast bench/prog-bench: build/flags

# make fuzz [FUZZ_SECONDS=60]: each libFuzzer harness of tests/fuzz for that
# long (clang, libclang-rt-14-dev); make fuzz-corpus rewrites the seeds
# (not the regress-* inputs of past findings).
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_CFLAGS := -g -O1 -fno-omit-frame-pointer -fno-sanitize-recover=all \
	-fsanitize=fuzzer-no-link,address,undefined
FUZZ_HARNESSES := fuzz_decode fuzz_sites fuzz_btf fuzz_escape
FUZZ_OBJS := $(addprefix build/fuzz/,decode.o output_line.o json.o escape.o level.o btf_var.o message_text.o \
	sites.o common.o)

build/fuzz/toolchain: config.mk
	$(Q)mkdir -p build/fuzz
	$(Q)echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { return 0; }' | \
		$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -x c - -o $@.probe 2>/dev/null || \
		{ echo '*** ERROR: $(FUZZ_CC) cannot build libFuzzer harnesses (apt-get install clang-14 libclang-rt-14-dev)' >&2; exit 1; }
	$(Q)rm -f $@.probe && touch $@

build/fuzz/%.o: lib/decode/%.c $(HEADERS) build/fuzz/toolchain
	$(call msg,CC,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) $(USER_CFLAGS) -c $< -o $@

build/fuzz/%.o: lib/base/%.c $(HEADERS) build/fuzz/toolchain
	$(call msg,CC,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) $(USER_CFLAGS) -c $< -o $@

build/fuzz/%.o: tests/fuzz/%.c tests/fuzz/common.h $(HEADERS) build/fuzz/toolchain
	$(call msg,CC,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) $(USER_CFLAGS) -c $< -o $@

build/fuzz/fuzz_%: build/fuzz/fuzz_%.o $(FUZZ_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(USER_LIBS)

build/fuzz/mkcorpus: build/fuzz/mkcorpus.o $(FUZZ_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $^ $(USER_LIBS)

fuzz: $(BPF_OBJS) $(addprefix build/fuzz/,$(FUZZ_HARNESSES))
	$(Q)FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run $(FUZZ_HARNESSES)

fuzz-corpus: $(BPF_OBJS) build/fuzz/mkcorpus
	$(Q)mkdir -p $(addprefix tests/fuzz/corpus/,$(FUZZ_HARNESSES))
	$(Q)find tests/fuzz/corpus -type f ! -name 'regress-*' -delete
	$(Q)build/fuzz/mkcorpus tests/fuzz/corpus

.PHONY: fuzz fuzz-corpus
.SECONDARY: $(patsubst %,build/fuzz/%.o,$(FUZZ_HARNESSES) mkcorpus)

# make test-unit: decoder, renderer, call-site parser and output lines
# against exact text (tests/unit), and the fuzz corpus replayed through the
# harnesses, built with $(CC) under their own names (no libFuzzer). Any
# user, no kernel, a few seconds; SANITIZE=1 runs it under ASan and UBSan.
# V=1 prints every check (TAP).
UNIT_OBJS := $(patsubst tests/unit/%.c,build/unit/%.o,$(wildcard tests/unit/*.c)) \
	$(patsubst %,build/unit/%.o,common $(FUZZ_HARNESSES))
UNIT_BIN := build/unit/xh-unit

build/unit/%.o: tests/unit/%.c tests/unit/unit.h tests/fuzz/common.h $(HEADERS) config.mk
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(USER_CFLAGS) -Itests/fuzz -c $< -o $@

build/unit/%.o: tests/fuzz/%.c tests/fuzz/common.h $(HEADERS) config.mk
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(USER_CFLAGS) -DLLVMFuzzerInitialize=$*_init \
		-DLLVMFuzzerTestOneInput=$*_one -c $< -o $@

$(UNIT_BIN): $(UNIT_OBJS) lib/libxdphello.a
	$(call msg,LINK,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $(UNIT_OBJS) lib/libxdphello.a $(USER_LIBS)
$(UNIT_OBJS) $(UNIT_BIN): build/flags

test-unit: $(UNIT_BIN) $(BPF_OBJS)
	$(Q)rm -f build/unit/crash-*	# inputs that failed the last run
	$(Q)$(if $(filter 1,$(SANITIZE)),tests/sanitize-run )$(UNIT_BIN) \
		$(if $(filter 1,$(V)),-v) tests/fuzz/corpus

.PHONY: test-unit

# make bench [QUICK=1]: ratios against baselines measured in the same run
BENCH_BPF := bench/empty.o bench/limit.o bench/counters.o bench/ringbase.o
BENCH_TOOLS := bench/prog-bench bench/blast $(BENCH_BPF) bench/hello-big.o bench/ringbase-call.o \
	bench/hello-shared.o bench/hello-atomic.o

bench/prog-bench bench/blast: bench/%: bench/%.c config.mk
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) $(USER_CFLAGS) -pthread $< -o $@ $(USER_LIBS)

$(BENCH_BPF): bench/%.o: bench/%.bpf.c $(HEADERS) config.mk build/bpf-flags
	$(call msg,CLANG,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

# ringbase's record written by a BPF global function, as hlog's is (section 6)
bench/ringbase-call.o: bench/ringbase.bpf.c $(HEADERS) config.mk build/bpf-flags
	$(call msg,CLANG,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -DRINGBASE_CALL -c $< -o $@

# hello with 128 MiB rings on CPUs 0 and 1 (the ones bench/run fills), to
# queue millions of records for the reader: 5 M records of 24 bytes take
# 115 MiB of 64 KiB chunks
bench/hello-big.o: xdp-prog/hello.bpf.c $(HEADERS) config.mk build/bpf-flags
	$(call msg,CLANG,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -DHLOG_CPU_RING_SIZE='(128 << 20)' \
		-DHLOG_MAX_CPUS=2 -c $< -o $@

# hello the old way, every record through one shared BPF ring buffer (of
# 16 MiB, the size it had then), for the scaling comparison
bench/hello-shared.o: xdp-prog/hello.bpf.c $(HEADERS) config.mk build/bpf-flags
	$(call msg,CLANG,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -DHLOG_MAX_CPUS=0 -DHLOG_RING_SIZE='(16 << 20)' \
		-c $< -o $@

# hello with a cmpxchg and an xchg per record on every kernel (what PREEMPT_RT,
# kernels before 6.11 and weakly ordered CPUs pay), to show what they cost
bench/hello-atomic.o: xdp-prog/hello.bpf.c $(HEADERS) config.mk build/bpf-flags
	$(call msg,CLANG,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -DHLOG_ALWAYS_ATOMIC=1 -c $< -o $@

bench: all $(BENCH_TOOLS) tests/tools/prog-size
	$(Q)CLANG='$(CLANG)' BPF_CFLAGS='$(BPF_CFLAGS)' bench/run $(if $(QUICK),--quick)

IFACE ?= lo
run: all
	$(Q)./$(UTIL) run -i $(IFACE) $(if $(MODE),-m $(MODE))

# ---- install: the utility, the BPF objects, the man page, bash completion,
# the systemd unit xdp-hello@.service,
# the public headers (<xdp_hello/log.h> and <xdp_hello/record.h> for BPF
# programs, <xdp_hello/reader.h> for readers; lib/*/*.h stay private),
# libxdphello.a and xdp-hello.pc. uninstall removes exactly those.
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
UNIT := xdp-hello@.service
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
INSTALL_HEADERS := $(notdir $(wildcard headers/xdp_hello/*.h))

install: all
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(BPF_OBJECT_DIR) \
		$(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(INCLUDEDIR)/xdp_hello \
		$(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(BASHCOMPDIR) \
		$(DESTDIR)$(SYSTEMDUNITDIR)
	install -m 0755 $(UTIL) $(DESTDIR)$(SBINDIR)/xdp-hello
	install -m 0644 $(BPF_OBJS) $(DESTDIR)$(BPF_OBJECT_DIR)/
	sed 's|^\.ds BPFDIR .*|.ds BPFDIR $(BPF_OBJECT_DIR)|' \
		xdp-hello-util/xdp-hello.8 > build/xdp-hello.8
	install -m 0644 build/xdp-hello.8 $(DESTDIR)$(MANDIR)/man8/
	install -m 0644 bash-completion/xdp-hello $(DESTDIR)$(BASHCOMPDIR)/
	sed 's|@SBINDIR@|$(SBINDIR)|' xdp-hello-util/$(UNIT).in > build/$(UNIT)
	install -m 0644 build/$(UNIT) $(DESTDIR)$(SYSTEMDUNITDIR)/
	install -m 0644 $(addprefix headers/xdp_hello/,$(INSTALL_HEADERS)) \
		$(DESTDIR)$(INCLUDEDIR)/xdp_hello/
	install -m 0644 lib/libxdphello.a $(DESTDIR)$(LIBDIR)/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
		-e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@BPF_OBJECT_DIR@|$(BPF_OBJECT_DIR)|' \
		-e 's|@VERSION@|$(VERSION)|' \
		-e 's|@BPF_SYS_INCLUDE@|$(BPF_SYS_INCLUDE)|' \
		xdp-hello.pc.in > build/xdp-hello.pc
	install -m 0644 build/xdp-hello.pc $(DESTDIR)$(PKGCONFIGDIR)/

uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/xdp-hello $(DESTDIR)$(MANDIR)/man8/xdp-hello.8
	rm -f $(addprefix $(DESTDIR)$(BPF_OBJECT_DIR)/,$(notdir $(BPF_OBJS)))
	rm -f $(DESTDIR)$(BASHCOMPDIR)/xdp-hello $(DESTDIR)$(SYSTEMDUNITDIR)/$(UNIT)
	rm -f $(addprefix $(DESTDIR)$(INCLUDEDIR)/xdp_hello/,$(INSTALL_HEADERS))
	rm -f $(DESTDIR)$(LIBDIR)/libxdphello.a $(DESTDIR)$(PKGCONFIGDIR)/xdp-hello.pc
	rmdir $(DESTDIR)$(INCLUDEDIR)/xdp_hello 2>/dev/null || true
# ---- end of install ----

clean:
	$(Q)rm -f $(LIB_OBJS) $(UTIL_OBJS) $(BPF_OBJS) lib/libxdphello.a $(UTIL)
	$(Q)rm -f tests/progs/*.o $(TEST_TOOLS) $(BENCH_TOOLS)
	$(Q)rm -rf build

distclean: clean
	$(Q)rm -f config.mk

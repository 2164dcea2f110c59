# SPDX-License-Identifier: GPL-2.0
# xdp-hello: make [all|check|run IFACE=lo|install|uninstall|clean]  (V=1: commands)

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
BPF_CFLAGS := -target bpf -O2 -g $(WARN) -Iheaders $(BPF_SYS_INCLUDE)
USER_CFLAGS := $(WARN) -std=gnu11 -Iheaders -Ilib -Ibuild $(LIBBPF_CFLAGS) \
	$(LIBXDP_CFLAGS) -DXDP_HELLO_VERSION='"$(VERSION)"' \
	-DLIBXDP_BUILD_VERSION='"$(LIBXDP_VERSION)"'
USER_LIBS := $(LIBXDP_LIBS) $(LIBBPF_LIBS) $(LIBELF_LIBS)
ifeq ($(SANITIZE),1)
CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer
LDFLAGS += -fsanitize=address,undefined
endif

LIB_SRCS := $(wildcard lib/*.c)
LIB_OBJS := $(LIB_SRCS:.c=.o)
UTIL_SRCS := $(wildcard xdp-hello-util/*.c)
UTIL_OBJS := $(UTIL_SRCS:.c=.o)
BPF_SRCS := $(wildcard xdp-prog/*.bpf.c)
BPF_OBJS := $(BPF_SRCS:.bpf.c=.o)
HEADERS := $(wildcard headers/xdp_hello/*.h lib/*.h xdp-hello-util/*.h)
UTIL := xdp-hello-util/xdp-hello

.PHONY: all check bench run install uninstall clean distclean FORCE

all: $(BPF_OBJS) $(UTIL)

config.mk: configure
	$(Q)if [ "$$(id -u)" = 0 ] && [ -z "$(NO_INSTALL_DEPS)" ]; then \
		./configure --install-deps; else ./configure; fi

# The utility looks for hello.o in BPF_OBJECT_DIR: rebuild when it changes.
build/paths.h: FORCE
	$(Q)mkdir -p build
	$(Q)printf '#define BPF_OBJECT_DIR "%s"\n' '$(BPF_OBJECT_DIR)' > $@.tmp
	$(Q)if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

xdp-prog/%.o: xdp-prog/%.bpf.c $(HEADERS) config.mk
	$(call msg,CLANG,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

lib/sys.o: build/paths.h
lib/sys.o: USER_CFLAGS += -include build/paths.h

%.o: %.c $(HEADERS) config.mk
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) $(USER_CFLAGS) -c $< -o $@

lib/libxdphello.a: $(LIB_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(UTIL): $(UTIL_OBJS) lib/libxdphello.a
	$(call msg,LINK,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $(UTIL_OBJS) lib/libxdphello.a $(USER_LIBS)

# The test suite (bats); needs root, creates and removes its own namespaces.
TEST_BPF_OBJS := $(patsubst %.bpf.c,%.o,$(wildcard tests/progs/*.bpf.c))
TEST_TOOLS := tests/tools/xdp-runconfig tests/tools/hlog-testrun tests/tools/decode-test

tests/progs/%.o: tests/progs/%.bpf.c config.mk
	$(call msg,CLANG,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

tests/tools/%: tests/tools/%.c lib/libxdphello.a config.mk
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) $(USER_CFLAGS) $(LDFLAGS) $< -o $@ lib/libxdphello.a $(USER_LIBS)

check: all $(TEST_BPF_OBJS) $(TEST_TOOLS) bench/blast
	$(Q)tests/run

# make bench [QUICK=1]: ratios against baselines measured in the same run
BENCH_TOOLS := bench/prog-bench bench/blast bench/empty.o bench/hello-big.o

bench/prog-bench bench/blast: bench/%: bench/%.c config.mk
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) $(USER_CFLAGS) $< -o $@ $(USER_LIBS)

bench/empty.o: bench/empty.bpf.c config.mk
	$(call msg,CLANG,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

# hello with a 512 MiB ring, to queue millions of records for the reader
bench/hello-big.o: xdp-prog/hello.bpf.c $(HEADERS) config.mk
	$(call msg,CLANG,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -DHLOG_RING_SIZE='(512 << 20)' -c $< -o $@

bench: all $(BENCH_TOOLS)
	$(Q)bench/run $(if $(QUICK),--quick)

IFACE ?= lo
run: all
	$(Q)./$(UTIL) run -i $(IFACE) $(if $(MODE),-m $(MODE))

install: all
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(BPF_OBJECT_DIR) \
		$(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(INCLUDEDIR)/xdp_hello
	install -m 0755 $(UTIL) $(DESTDIR)$(SBINDIR)/xdp-hello
	install -m 0644 $(BPF_OBJS) $(DESTDIR)$(BPF_OBJECT_DIR)/
	install -m 0644 xdp-hello-util/xdp-hello.8 $(DESTDIR)$(MANDIR)/man8/
	install -m 0644 headers/xdp_hello/*.h $(DESTDIR)$(INCLUDEDIR)/xdp_hello/

uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/xdp-hello $(DESTDIR)$(MANDIR)/man8/xdp-hello.8
	rm -f $(addprefix $(DESTDIR)$(BPF_OBJECT_DIR)/,$(notdir $(BPF_OBJS)))
	rm -rf $(DESTDIR)$(INCLUDEDIR)/xdp_hello

clean:
	$(Q)rm -f $(LIB_OBJS) $(UTIL_OBJS) $(BPF_OBJS) lib/libxdphello.a $(UTIL)
	$(Q)rm -f tests/progs/*.o $(TEST_TOOLS) $(BENCH_TOOLS)
	$(Q)rm -rf build

distclean: clean
	$(Q)rm -f config.mk

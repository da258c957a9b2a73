# kiln: top-level build.  Plain GNU make; `make V=1` shows full commands.
#
#   make          build the kernel, the kiln tool and the demo apps
#   make run      build, then boot the hello demo under kiln
#   make test     build, then run every test; ends with "N passed, N failed"
#   make bench    build, then print benchmark ratios
#
# Guest (kernel) and host (kiln tool) are compiled with separate flags; they
# share only include/.  Each folder lists its own sources in build.mk.

BUILD   := build
Q       := $(if $(V),,@)
say      = $(if $(V),,@printf '  %-7s %s\n' '$(1)' '$(2)';)

CC      := gcc
HOSTCC  := gcc
MUSLCC  := musl-gcc

GUEST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Wno-unused-parameter \
	-Wno-sign-compare -ffreestanding -fno-builtin -nostdlib -nostdinc \
	-isystem $(shell $(CC) -print-file-name=include) \
	-mno-red-zone -mgeneral-regs-only -mcmodel=kernel -fno-pic -fno-pie \
	-fno-stack-protector -fno-asynchronous-unwind-tables \
	-fno-omit-frame-pointer -fcf-protection=none -mno-sse -mno-mmx \
	-I. -Iinclude -MMD -MP
GUEST_LDFLAGS := -nostdlib -static -no-pie -z max-page-size=4096 \
	-z noexecstack -Wl,--build-id=none -Wl,--no-warn-rwx-segments -T arch/x86_64/kernel.ld

HOST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Wno-unused-parameter \
	-Wno-sign-compare -I. -Iinclude -MMD -MP -D_GNU_SOURCE

KERNEL_SRCS :=
HOST_SRCS   :=
HOST_LIBS   :=
include arch/x86_64/build.mk kernel/build.mk lib/build.mk mm/build.mk \
	loader/build.mk syscall/build.mk vfs/build.mk drivers/build.mk net/build.mk
include host/build.mk
include apps/build.mk
include tests/build.mk
-include bench/build.mk

KERNEL_OBJS := $(patsubst %,$(BUILD)/guest/%.o,$(basename $(KERNEL_SRCS)))
HOST_OBJS   := $(patsubst %,$(BUILD)/host/%.o,$(basename $(HOST_SRCS)))
KERNEL      := $(BUILD)/kiln-kernel.elf
KILN        := $(BUILD)/kiln

.PHONY: all deps run run-http test bench clean format
all: $(KERNEL) $(KILN) $(APPS)

deps:
	$(Q)scripts/deps.sh

$(BUILD)/guest/%.o: %.c
	$(call say,CC,$@)
	$(Q)mkdir -p $(dir $@) && $(CC) $(GUEST_CFLAGS) -c $< -o $@
$(BUILD)/guest/%.o: %.S
	$(call say,AS,$@)
	$(Q)mkdir -p $(dir $@) && $(CC) $(GUEST_CFLAGS) -D__ASSEMBLY__ -c $< -o $@

# The vDSO: a tiny shared object, built here and embedded in the kernel.
VDSO := $(BUILD)/guest/vdso.so
$(VDSO): arch/x86_64/vdso/vdso.c arch/x86_64/vdso/vdso_data.h arch/x86_64/vdso/vdso.lds \
		arch/x86_64/vdso/vdso-layout.lds
	$(call say,VDSO,$@)
	$(Q)mkdir -p $(dir $@) && $(CC) -shared -nostdlib -fPIC -O2 -fno-stack-protector \
		-fno-asynchronous-unwind-tables -mno-red-zone -mgeneral-regs-only \
		-Wl,-T,arch/x86_64/vdso/vdso-layout.lds \
		-Wl,--version-script=arch/x86_64/vdso/vdso.lds -Wl,-soname=linux-vdso.so.1 \
		-Wl,--hash-style=both -Wl,--build-id=none -Wl,-z,norelro -o $@ $<
$(BUILD)/guest/arch/x86_64/vdso/vdso_image.o: $(VDSO)
$(BUILD)/guest/arch/x86_64/vdso/vdso_image.o: GUEST_CFLAGS += -DVDSO_SO='"$(VDSO)"'

$(KERNEL): $(KERNEL_OBJS) arch/x86_64/kernel.ld
	$(call say,LD,$@)
	$(Q)$(CC) $(GUEST_LDFLAGS) -o $@ $(KERNEL_OBJS) -lgcc

$(BUILD)/host/%.o: %.c
	$(call say,HOSTCC,$@)
	$(Q)mkdir -p $(dir $@) && $(HOSTCC) $(HOST_CFLAGS) -c $< -o $@

$(KILN): $(HOST_OBJS) $(KERNEL)
	$(call say,LD,$@)
	$(Q)$(HOSTCC) -o $@ $(HOST_OBJS) $(HOST_LIBS)

run: deps all
	$(Q)$(KILN) run $(BUILD)/apps/hello-musl "Hello from kiln"

# the networking demo: curl localhost:8080 from another terminal
run-http: deps all
	$(Q)echo "kiln: serving on http://localhost:8080/ (Ctrl-C to stop)"
	$(Q)$(KILN) run -p 8080:80 $(BUILD)/apps/http-musl

test: deps all
	$(Q)tests/run.sh

bench: deps all
	-$(Q)scripts/linux-guest.sh
	$(Q)bench/run

format:
	$(Q)clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	$(Q)rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# bench/: benchmark programs, static musl builds.
BENCH_PROGS := $(BUILD)/bench/null_syscall $(BUILD)/bench/boot_to_main $(BUILD)/bench/runtime $(BUILD)/bench/net_loopback $(BUILD)/bench/process $(BUILD)/bench/fileio $(BUILD)/bench/cpu $(BUILD)/bench/cpu_time
all: $(BENCH_PROGS)
$(BUILD)/bench/%: bench/%.c
	$(call say,MUSLCC,$@)
	$(Q)mkdir -p $(dir $@) && $(MUSLCC) -static -O2 -o $@ $<

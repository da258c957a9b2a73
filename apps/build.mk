# apps/: demo programs, each built static with musl, static with glibc and
# static-PIE with glibc.
APP_NAMES := hello http
APPS := $(foreach a,$(APP_NAMES),$(BUILD)/apps/$(a)-musl $(BUILD)/apps/$(a)-glibc $(BUILD)/apps/$(a)-pie)

$(BUILD)/apps/%-musl: apps/%.c
	$(call say,MUSLCC,$@)
	$(Q)mkdir -p $(dir $@) && $(MUSLCC) -static -O2 -o $@ $<
$(BUILD)/apps/%-glibc: apps/%.c
	$(call say,CC,$@)
	$(Q)mkdir -p $(dir $@) && $(HOSTCC) -static -O2 -o $@ $<
$(BUILD)/apps/%-pie: apps/%.c
	$(call say,CC,$@)
	$(Q)mkdir -p $(dir $@) && $(HOSTCC) -static-pie -fPIE -O2 -o $@ $<

# host: sources of the kiln command (host compiler, host libc).
HOST_SRCS += loader/elf_check.c
HOST_SRCS += host/main.c host/help.c host/msg.c host/out.c host/opts.c host/prog.c \
	host/pvh.c host/cmdline.c host/tsc.c host/initrd.c host/initrd_cpio.c \
	host/initrd_tree.c host/net.c host/run.c host/run_kvm.c host/qemu.c host/qemu_relay.c
HOST_SRCS += host/deps.c host/deps_elf.c host/deps_pack.c host/ldcache.c \
	host/inspect.c host/inspect_scan.c host/inspect_sys.c
HOST_LIBS += -lelf -lcapstone
HOST_SRCS += host/vmm/vmm.c host/vmm/boot.c host/vmm/run.c host/vmm/io.c \
	host/vmm/uart.c host/vmm/debug_exit.c host/vmm/rport.c host/vmm/wport.c host/vmm/pci_none.c
# networking: the monitor's virtio-net (host/vmm/virtio*.c) on libslirp or a tap
HOST_SRCS += host/vmm/mmio.c host/vmm/ioapic.c host/vmm/virtio_mmio.c host/vmm/virtio_net.c \
	host/vmm/net_csum.c host/net_slirp.c host/net_tap.c
HOST_LIBS += -lslirp -lpthread
HOST_SRCS += host/volume.c host/volume_apply.c host/vmm/export.c
HOST_SRCS += host/run_tty.c

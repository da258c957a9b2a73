# net/: lwIP (Debian's source in third_party/lwip, unmodified) with kiln's
# port layer, and the Linux socket layer.
LWIP_DIR := third_party/lwip/src
LWIP_SRCS := $(addprefix $(LWIP_DIR)/core/,init.c def.c inet_chksum.c ip.c mem.c memp.c \
	netif.c pbuf.c raw.c sys.c tcp.c tcp_in.c tcp_out.c timeouts.c udp.c) \
	$(addprefix $(LWIP_DIR)/core/ipv4/,dhcp.c etharp.c icmp.c ip4.c ip4_addr.c ip4_frag.c) \
	$(addprefix $(LWIP_DIR)/core/ipv6/,ethip6.c icmp6.c inet6.c ip6.c ip6_addr.c ip6_frag.c \
	mld6.c nd6.c) \
	$(LWIP_DIR)/netif/ethernet.c
NET_SRCS := net/sys_arch.c net/net.c net/socket.c net/sockopt.c net/inaddr.c net/inet_opt.c \
	net/tcp.c net/tcp_opt.c net/dgram.c net/unix.c net/ifreq.c net/etc.c net/proc_net.c net/nic_csum.c \
	net/netlink.c syscall/sys_socket.c
KERNEL_SRCS += $(LWIP_SRCS) $(NET_SRCS)
LWIP_CFLAGS := -Inet/port -Inet/port/libc -I$(LWIP_DIR)/include
$(patsubst %.c,$(BUILD)/guest/%.o,$(LWIP_SRCS)): GUEST_CFLAGS += $(LWIP_CFLAGS) -w
$(patsubst %.c,$(BUILD)/guest/%.o,$(NET_SRCS) $(NET_SOCK_SRCS)): GUEST_CFLAGS += $(LWIP_CFLAGS)
# A plain `make` on a fresh tree fetches lwIP first (scripts/deps.sh does too).
# (`all` is named first so that it stays the default goal.)
all:
LWIP_STAMP := third_party/lwip/.kiln-lwip
$(LWIP_STAMP): scripts/lwip.sh
	$(Q)scripts/lwip.sh && touch $@
$(LWIP_SRCS): | $(LWIP_STAMP)
$(patsubst %.c,$(BUILD)/guest/%.o,$(NET_SRCS)): | $(LWIP_STAMP)

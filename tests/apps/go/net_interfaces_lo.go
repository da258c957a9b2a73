// net_interfaces_lo: Go's net.Interfaces, Interface.Addrs, InterfaceByName
// and InterfaceByIndex, which read NETLINK_ROUTE dumps (RTM_GETLINK,
// RTM_GETADDR) with syscall.NetlinkRIB; only the loopback's entries are
// printed, being the same on every Linux.
package main

import (
	"fmt"
	"net"
)

func show(i *net.Interface) {
	addrs, err := i.Addrs()
	fmt.Printf("index %d name %s mtu %d flags %v hw %q addrs %v err %v\n",
		i.Index, i.Name, i.MTU, i.Flags, i.HardwareAddr.String(), addrs, err)
}

func main() {
	ifs, err := net.Interfaces()
	if err != nil {
		fmt.Println("Interfaces:", err)
		return
	}
	for i := range ifs {
		if ifs[i].Name == "lo" {
			show(&ifs[i])
		}
	}
	lo, err := net.InterfaceByName("lo")
	if err != nil {
		fmt.Println("InterfaceByName:", err)
		return
	}
	show(lo)
	byIndex, err := net.InterfaceByIndex(lo.Index)
	if err != nil {
		fmt.Println("InterfaceByIndex:", err)
		return
	}
	show(byIndex)
	_, err = net.InterfaceByName("nosuch0")
	fmt.Println("InterfaceByName nosuch0:", err)
	all, err := net.InterfaceAddrs()
	for _, a := range all {
		if s := a.String(); s == "127.0.0.1/8" || s == "::1/128" {
			fmt.Println("InterfaceAddrs has", s)
		}
	}
	fmt.Println("InterfaceAddrs err", err)
}

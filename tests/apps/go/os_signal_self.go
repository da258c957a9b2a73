// os_signal_self: os/signal delivers a signal the program sends itself
// (SIGUSR1 through syscall.Kill), and signal.Ignore keeps SIGUSR2 away.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGUSR1)
	signal.Ignore(syscall.SIGUSR2)
	syscall.Kill(os.Getpid(), syscall.SIGUSR2)
	syscall.Kill(os.Getpid(), syscall.SIGUSR1)
	select {
	case s := <-c:
		fmt.Println("got", s)
	case <-time.After(5 * time.Second):
		fmt.Println("timeout")
	}
	signal.Stop(c)
	fmt.Println("pid is positive:", os.Getpid() > 0)
}

// timers_tickers_sleep: time.Sleep, time.After, time.Timer reset/stop and a
// time.Ticker all fire, in order, no earlier than asked.
package main

import (
	"fmt"
	"time"
)

func main() {
	start := time.Now()
	time.Sleep(15 * time.Millisecond)
	fmt.Println("slept >= 15ms:", time.Since(start) >= 15*time.Millisecond)

	t := time.NewTimer(time.Hour)
	fmt.Println("stopped before firing:", t.Stop())
	t.Reset(10 * time.Millisecond)
	<-t.C
	fmt.Println("timer fired")

	tick := time.NewTicker(5 * time.Millisecond)
	n := 0
	for range tick.C {
		n++
		if n == 5 {
			break
		}
	}
	tick.Stop()
	fmt.Println("ticks", n)

	select {
	case <-time.After(10 * time.Millisecond):
		fmt.Println("after fired")
	case <-make(chan int):
		fmt.Println("impossible")
	}
	fmt.Println("total >= 50ms:", time.Since(start) >= 50*time.Millisecond)
}

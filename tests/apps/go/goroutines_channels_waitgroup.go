// goroutines_channels_waitgroup: many goroutines, buffered and unbuffered
// channels, sync.WaitGroup and sync.Mutex give deterministic totals on any
// GOMAXPROCS.
package main

import (
	"fmt"
	"runtime"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	var mu sync.Mutex
	results := make(chan int, 64)
	shared := 0
	for i := 0; i < 64; i++ {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			s := 0
			for j := 0; j < 20000; j++ {
				s += (j * n) % 7
			}
			mu.Lock()
			shared += n
			mu.Unlock()
			results <- s
		}(i)
	}
	wg.Wait()
	close(results)
	total := 0
	for v := range results {
		total += v
	}
	// a ping-pong over unbuffered channels
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v + 1
		}
		close(pong)
	}()
	v := 0
	for i := 0; i < 1000; i++ {
		ping <- v
		v = <-pong
	}
	close(ping)
	fmt.Println("total", total, "shared", shared, "pingpong", v, "gomaxprocs", runtime.GOMAXPROCS(0))
}

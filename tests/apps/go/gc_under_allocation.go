// gc_under_allocation: allocation pressure with runtime.GC and a finalizer;
// live data survives collections intact.
package main

import (
	"fmt"
	"runtime"
)

type node struct {
	next *node
	data [64]byte
	id   int
}

func main() {
	var keep []*node
	var head *node
	for i := 0; i < 200000; i++ {
		n := &node{next: head, id: i}
		n.data[0] = byte(i)
		head = n
		if i%1000 == 0 {
			keep = append(keep, n)
			head = nil // drop the rest of the chain: garbage
		}
		if i%50000 == 0 {
			runtime.GC()
		}
	}
	runtime.GC()
	ok := true
	for j, n := range keep {
		if n.id != j*1000 || n.data[0] != byte(j*1000) {
			ok = false
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Println("kept", len(keep), "intact", ok, "gc ran", ms.NumGC >= 5)
}

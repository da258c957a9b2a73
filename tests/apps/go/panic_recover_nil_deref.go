// panic_recover_nil_deref: a nil pointer dereference becomes a Go panic
// (the runtime's SIGSEGV handler) that recover() catches; an explicit panic
// and a divide by zero are caught too; an uncaught panic exits 2.
package main

import (
	"fmt"
	"os"
)

type T struct{ x int }

func try(name string, f func()) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Printf("%s: recovered: %v\n", name, r)
		}
	}()
	f()
}

func main() {
	var p *T
	try("nil", func() { fmt.Println(p.x) })
	zero := 0
	try("div", func() { fmt.Println(10 / zero) })
	try("explicit", func() { panic("boom") })
	var m map[string]int
	try("nil map", func() { m["a"] = 1 })
	if len(os.Args) > 1 {
		panic("uncaught")
	}
	fmt.Println("done")
}

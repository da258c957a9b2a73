// go_http_serve: a Go net/http server (static, CGO_ENABLED=0) on PORT that
// answers N requests, then shuts down cleanly.  Prints "listening" when
// ready.  Reached natively on 127.0.0.1 and in kiln through -p.
package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync/atomic"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: go_http_serve PORT N")
		os.Exit(2)
	}
	n, _ := strconv.Atoi(os.Args[2])
	ln, err := net.Listen("tcp", ":"+os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var served int32
	done := make(chan struct{})
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := fmt.Sprintf("%s %s from go: %d bytes of query\n", r.Method, r.URL.Path, len(r.URL.RawQuery))
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, body)
		if int(atomic.AddInt32(&served, 1)) == n {
			close(done)
		}
	})}
	fmt.Println("listening")
	go srv.Serve(ln)
	<-done
	srv.Shutdown(context.Background())
	fmt.Printf("served %d requests\n", atomic.LoadInt32(&served))
}

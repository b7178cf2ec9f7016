package main

import (
	"flag"
	"fmt"
	"io"
	"net/http"
	"sync"
)

// sink stands for a user's endpoint that answers at once: 200 to every CloudEvent, counted by ce-id so
// that the benchmark can check nothing was lost or delivered twice. GET /stats prints the counts.
func sink(args []string) error {
	flags := flag.NewFlagSet("sink", flag.ExitOnError)
	listen := flags.String("listen", "127.0.0.1:0", "address to listen on")
	flags.Parse(args)
	var mu sync.Mutex
	seen := map[string]struct{}{}
	duplicates := 0
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == "/stats" {
			mu.Lock()
			fmt.Fprintf(w, "delivered=%d duplicates=%d\n", len(seen), duplicates)
			mu.Unlock()
			return
		}
		io.Copy(io.Discard, r.Body)
		id := r.Header.Get("ce-id")
		mu.Lock()
		if _, again := seen[id]; again {
			duplicates++
		} else {
			seen[id] = struct{}{}
		}
		mu.Unlock()
		w.WriteHeader(http.StatusOK)
	})
	return http.ListenAndServe(*listen, handler)
}

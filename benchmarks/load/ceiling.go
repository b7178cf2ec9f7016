package main

import (
	"flag"
	"io"
	"net/http"
	"time"
)

// ceiling answers what the runtime answers a valid webhook (202 and a small JSON body) after the same
// checks a verifier does, and stores nothing: what signed HTTP alone costs on this machine.
func ceiling(args []string) error {
	flags := flag.NewFlagSet("ceiling", flag.ExitOnError)
	listen := flags.String("listen", "127.0.0.1:0", "address to listen on")
	secret := flags.String("secret", "bench-secret", "HMAC secret")
	flags.Parse(args)
	key := []byte(*secret)
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil || r.Method != http.MethodPost {
			http.Error(w, `{"error":"bad_request"}`, http.StatusBadRequest)
			return
		}
		if !validSignature(key, r.Header.Get(timestampHeader), r.Header.Get(signatureHeader), body, time.Now()) {
			http.Error(w, `{"error":"invalid_signature"}`, http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusAccepted)
		io.WriteString(w, `{"status":"accepted","id":"0196f5f0-0000-7000-8000-000000000000"}`)
	})
	return http.ListenAndServe(*listen, handler)
}

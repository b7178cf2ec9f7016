package main

import (
	"flag"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// paced sends unique signed webhooks at a constant rate whatever the answers' latency (an open model:
// a slow answer does not delay the next request, so the latencies are free of coordinated omission)
// and prints one line of figures for benchmarks/run.sh.
func paced(args []string) error {
	flags := flag.NewFlagSet("paced", flag.ExitOnError)
	url := flags.String("url", "", "webhook URL")
	secret := flags.String("secret", "bench-secret", "HMAC secret")
	rate := flags.Int("rate", 1000, "requests per second")
	duration := flags.Duration("duration", 20*time.Second, "how long to send")
	run := flags.String("run", strconv.FormatInt(time.Now().UnixNano(), 36), "unique per run: keys and ids derive from it")
	flags.Parse(args)
	if *url == "" {
		return fmt.Errorf("-url is required")
	}
	key := []byte(*secret)
	padding := strings.Repeat("x", 900)
	var counter atomic.Uint64
	targeter := func(t *vegeta.Target) error {
		n := counter.Add(1)
		body := eventBody(*run, n, padding)
		timestamp := strconv.FormatInt(time.Now().Unix(), 10)
		t.Method = http.MethodPost
		t.URL = *url
		t.Body = body
		t.Header = http.Header{
			"Content-Type":    {"application/json"},
			timestampHeader:   {timestamp},
			idempotencyHeader: {"paced-" + *run + "-" + strconv.FormatUint(n, 10)},
			signatureHeader:   {sign(key, timestamp, body)},
		}
		return nil
	}
	attacker := vegeta.NewAttacker(vegeta.Timeout(10*time.Second), vegeta.Connections(256), vegeta.MaxWorkers(4096))
	var metrics vegeta.Metrics
	for result := range attacker.Attack(targeter, vegeta.ConstantPacer{Freq: *rate, Per: time.Second}, *duration, "paced") {
		metrics.Add(result)
	}
	metrics.Close()
	ok := 0
	for code, n := range metrics.StatusCodes {
		if strings.HasPrefix(code, "2") {
			ok += n
		}
	}
	micros := func(d time.Duration) int64 { return d.Microseconds() }
	fmt.Printf("PACED requests=%d ok=%d rate=%.0f throughput=%.0f p50_us=%d p99_us=%d p999_us=%d max_us=%d\n",
		metrics.Requests, ok, metrics.Rate, metrics.Throughput, micros(metrics.Latencies.P50),
		micros(metrics.Latencies.P99), micros(metrics.Latencies.Quantile(0.999)), micros(metrics.Latencies.Max))
	return nil
}

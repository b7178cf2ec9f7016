// Command load holds the Go parts of Hookwarden's benchmark (benchmarks/run.sh):
//
//	load ceiling -listen ADDR -secret S   the bare signed-HTTP ceiling: checks the HMAC, stores nothing
//	load paced -url URL -secret S -rate N -duration D   a constant-rate signed load (vegeta, open model)
//	load sink -listen ADDR                 a keep-alive sink that answers 200 and counts CloudEvents by ce-id
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: load ceiling|paced|sink [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "ceiling":
		err = ceiling(os.Args[2:])
	case "paced":
		err = paced(os.Args[2:])
	case "sink":
		err = sink(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

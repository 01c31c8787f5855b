package main

import (
	"errors"
	"flag"
)

// runSeed is `server seed`: data generation for benchmarks.
func runSeed(args []string) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	scale := fs.String("scale", "demo", "demo | large")
	if err := fs.Parse(args); err != nil {
		return err
	}
	return errors.New("seed --scale " + *scale + ": not available yet")
}

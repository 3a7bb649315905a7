// Command mmbench benchmarks mmspec on the seven-client outline of
// features/active_sessions.feature against the embedded mmlite and writes
// docs/benchmarks.md. In one run it measures:
//
//   - the wall time of the outline at concurrency 1, 2, 4 and 7, with no
//     API latency and with mmlite delaying every API response by 150 ms;
//   - the mean and max time of each step phrase, from the Cucumber JSON;
//   - the start-up time, from starting mmspec to godog's TestRunStarted
//     and to its first step, in probe runs of one scenario;
//   - the peak memory of the whole process tree (mmspec, the Playwright
//     driver and Chromium), sampled from /proc;
//   - mmspec's overhead over the floor, a program that does the same
//     browser actions with plain playwright-go and no godog, as the ratio of
//     median wall times at concurrency 2.
//
// mmspec is built once with go build and run as a subprocess; so is the
// floor, which is this binary's floor subcommand.
//
// Usage:
//
//	mmbench [--quick] [--out docs/benchmarks.md]
//	mmbench floor --result FILE --client NAME... [--concurrency N] [--latency D]
//
// Run it from the repository root; `make bench` does. --quick measures
// concurrency 2 only, once, to check the program in one or two minutes.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "floor" {
		os.Exit(runFloor(os.Args[2:], os.Stderr))
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	opts, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "mmbench: %v\n", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	start := time.Now()
	feature, err := os.Open(opts.feature)
	if err != nil {
		fmt.Fprintf(stderr, "mmbench: %v; run mmbench from the repository root\n", err)
		return 2
	}
	clientNames, err := outlineClients(feature)
	feature.Close()
	if err != nil {
		fmt.Fprintf(stderr, "mmbench: %s: %v\n", opts.feature, err)
		return 2
	}

	tmp, err := os.MkdirTemp("", "mmbench-")
	if err != nil {
		fmt.Fprintf(stderr, "mmbench: %v\n", err)
		return 1
	}
	b := &bench{opts: opts, plan: newPlan(opts), tmp: tmp, clients: clientNames, log: stdout}
	mach := readMachine(ctx)
	if err := b.build(ctx); err != nil {
		fmt.Fprintf(stderr, "mmbench: %v\n", err)
		os.RemoveAll(tmp)
		return 1
	}
	fmt.Fprintf(stdout, "mmbench: %d clients, output of each run in %s\n", len(clientNames), tmp)

	b.run(ctx)
	if ctx.Err() != nil {
		fmt.Fprintf(stderr, "mmbench: interrupted; %s is unchanged\n", opts.out)
		return 1
	}
	mach.LoadEnd = loadAverage()
	mach.Chromium = browserVersion(b)

	doc := document{
		bench:   b,
		machine: mach,
		started: start,
		took:    time.Since(start),
		command: commandLine(args),
	}
	err = os.MkdirAll(filepath.Dir(opts.out), 0o755)
	if err == nil {
		err = os.WriteFile(opts.out, []byte(doc.markdown()), 0o644)
	}
	if err != nil {
		fmt.Fprintf(stderr, "mmbench: write %s: %v\n", opts.out, err)
		return 1
	}
	fmt.Fprintf(stdout, "mmbench: wrote %s in %s\n", opts.out, doc.took.Round(time.Second))
	if b.failed() {
		fmt.Fprintf(stderr, "mmbench: some runs failed; the document marks them, and %s contains their output\n", tmp)
		return 1
	}
	if !opts.keep {
		os.RemoveAll(tmp)
	}
	return 0
}

func parseFlags(args []string, stderr io.Writer) (benchOptions, error) {
	var opts benchOptions
	fs := flag.NewFlagSet("mmbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.BoolVar(&opts.quick, "quick", false, "measure concurrency 2 only, with one repetition, to check the program")
	fs.StringVar(&opts.out, "out", "docs/benchmarks.md", "Markdown file to write the results to")
	fs.StringVar(&opts.feature, "feature", "features/active_sessions.feature", "feature file with the outline to run")
	fs.DurationVar(&opts.latency, "latency", 150*time.Millisecond, "API latency of the second sweep")
	fs.IntVar(&opts.reps, "reps", 3, "repetitions of mmspec and the floor at concurrency 2, alternating")
	fs.DurationVar(&opts.sampling.interval, "interval", 75*time.Millisecond, "interval between memory samples")
	fs.IntVar(&opts.sampling.pssEvery, "pss-every", 4, "read the PSS in every N-th memory sample, and the RSS in all")
	fs.BoolVar(&opts.keep, "keep", false, "keep the output of every run; that of failed runs is always kept")
	if err := fs.Parse(args); err != nil {
		return opts, err
	}
	if fs.NArg() > 0 {
		return opts, fmt.Errorf("unexpected arguments %q; see mmbench --help", fs.Args())
	}
	if opts.reps < 1 || opts.sampling.pssEvery < 1 || opts.latency <= 0 || opts.sampling.interval <= 0 {
		return opts, errors.New("--reps and --pss-every must be 1 or more, and --latency and --interval above 0")
	}
	return opts, nil
}

// commandLine returns the command that produced the document.
func commandLine(args []string) string {
	return strings.Join(append([]string{"go run ./cmd/mmbench"}, args...), " ")
}

// browserVersion returns the Chromium version that a floor run reported.
func browserVersion(b *bench) string {
	for _, p := range b.pairs {
		if p.floor.BrowserVersion != "" {
			return p.floor.BrowserVersion
		}
	}
	return "unknown"
}

// Command mmsoak runs the whole mmspec suite many times back to back, once
// more with every core kept busy by a CPU hog it starts and stops itself,
// and prints how often each scenario passed, failed or was flaky.
//
//	go run ./cmd/mmsoak -n 30
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"text/tabwriter"
	"time"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// tally counts one scenario's results over the runs.
type tally struct {
	passed, failed, flaky int
	lastError             string
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mmsoak", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 30, "number of runs of the whole suite")
	hog := fs.Bool("hog", true, "add one more run with every core kept busy")
	retries := fs.Int("retries", 0, "passed to mmspec --retries; a scenario that passes on a retry counts as flaky")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *n < 1 || *n > 1000 {
		fmt.Fprintf(stderr, "mmsoak: -n %d is invalid, use 1 to 1000\n", *n)
		return 2
	}

	work, err := os.MkdirTemp("", "mmsoak-")
	if err != nil {
		fmt.Fprintf(stderr, "mmsoak: %v\n", err)
		return 1
	}
	defer os.RemoveAll(work)
	bin := filepath.Join(work, "mmspec")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/mmspec").CombinedOutput(); err != nil {
		fmt.Fprintf(stderr, "mmsoak: build cmd/mmspec: %v\n%s", err, out)
		return 1
	}

	tallies := map[string]*tally{}
	start := time.Now()
	runs := *n
	if *hog {
		runs++
	}
	for i := 1; i <= runs; i++ {
		loaded := *hog && i == runs
		label := fmt.Sprintf("run %d/%d", i, runs)
		if loaded {
			label += " with a CPU hog on every core"
		}
		reports := filepath.Join(work, fmt.Sprintf("run-%d", i))
		stop := func() {}
		if loaded {
			stop = startHog()
		}
		took, err := runOnce(bin, reports, *retries)
		stop()
		if err != nil {
			fmt.Fprintf(stderr, "mmsoak: %s: %v\n", label, err)
		}
		counted := count(filepath.Join(reports, "cucumber.json"), tallies)
		fmt.Fprintf(stdout, "%s: %d scenarios in %s\n", label, counted, took.Round(time.Second))
	}
	fmt.Fprintf(stdout, "\n%d runs in %s\n\n", runs, time.Since(start).Round(time.Second))
	return report(stdout, tallies)
}

// runOnce runs the suite into reports and returns how long it took. A
// failed scenario is not an error here, since the tally counts it.
func runOnce(bin, reports string, retries int) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--format", "progress", "--reports", reports, "--trace", "off",
		"--retries", fmt.Sprint(retries))
	start := time.Now()
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 1 {
		err = nil
	}
	if err != nil {
		return time.Since(start), fmt.Errorf("%w\n%s", err, out)
	}
	return time.Since(start), nil
}

// startHog keeps every core busy until the returned function is called.
func startHog() func() {
	done := make(chan struct{})
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x := 0
			for {
				select {
				case <-done:
					return
				default:
					for j := 0; j < 1_000_000; j++ {
						x += j
					}
				}
			}
		}()
	}
	return func() {
		close(done)
		wg.Wait()
	}
}

// count adds one run's scenario results to the tallies and returns how
// many scenarios the run reported.
func count(path string, tallies map[string]*tally) int {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	var features []struct {
		Elements []struct {
			Name  string                  `json:"name"`
			Tags  []struct{ Name string } `json:"tags"`
			Steps []struct {
				Result struct {
					Status string `json:"status"`
					Error  string `json:"error_message"`
				} `json:"result"`
			} `json:"steps"`
		} `json:"elements"`
	}
	if json.Unmarshal(data, &features) != nil {
		return 0
	}
	n := 0
	for _, f := range features {
		for _, el := range f.Elements {
			n++
			t := tallies[el.Name]
			if t == nil {
				t = &tally{}
				tallies[el.Name] = t
			}
			failed := ""
			for _, s := range el.Steps {
				if s.Result.Status != "passed" && s.Result.Status != "skipped" && failed == "" {
					failed = s.Result.Status + ": " + s.Result.Error
				}
			}
			flaky := false
			for _, tag := range el.Tags {
				flaky = flaky || tag.Name == "@flaky"
			}
			switch {
			case failed != "":
				t.failed++
				t.lastError = failed
			case flaky:
				t.flaky++
			default:
				t.passed++
			}
		}
	}
	return n
}

// report prints the tally table and returns 1 when any scenario failed or
// was flaky.
func report(out io.Writer, tallies map[string]*tally) int {
	names := make([]string, 0, len(tallies))
	for name := range tallies {
		names = append(names, name)
	}
	sort.Strings(names)
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "SCENARIO\tPASSED\tFAILED\tFLAKY")
	bad := 0
	for _, name := range names {
		t := tallies[name]
		fmt.Fprintf(w, "%s\t%d\t%d\t%d\n", name, t.passed, t.failed, t.flaky)
		bad += t.failed + t.flaky
	}
	w.Flush()
	for _, name := range names {
		if t := tallies[name]; t.lastError != "" {
			fmt.Fprintf(out, "\nlast failure of %s:\n  %s\n", name, t.lastError)
		}
	}
	if len(names) == 0 {
		fmt.Fprintln(out, "no scenario results were read; see the errors above")
		return 1
	}
	if bad > 0 {
		return 1
	}
	return 0
}

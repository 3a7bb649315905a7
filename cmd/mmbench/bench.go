package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"time"
)

// benchOptions are mmbench's flags.
type benchOptions struct {
	quick    bool
	out      string
	feature  string
	latency  time.Duration
	reps     int
	sampling samplingOptions
	// keep keeps the output of every run.
	keep bool
}

// plan is the set of runs of one benchmark.
type plan struct {
	concurrencies []int
	latencies     []time.Duration
	// compareAt is the concurrency of the mmspec and floor repetitions.
	compareAt int
	reps      int
	// probes is the number of start-up probes.
	probes int
}

func newPlan(opts benchOptions) plan {
	if opts.quick {
		return plan{
			concurrencies: []int{2},
			latencies:     []time.Duration{0, opts.latency},
			compareAt:     2,
			reps:          1,
			probes:        1,
		}
	}
	return plan{
		concurrencies: []int{1, 2, 4, 7},
		latencies:     []time.Duration{0, opts.latency},
		compareAt:     2,
		reps:          opts.reps,
		probes:        opts.reps,
	}
}

// bench runs the plan and keeps every run.
type bench struct {
	opts    benchOptions
	plan    plan
	tmp     string
	mmspec  string // the mmspec binary
	self    string // this binary, which runs the floor
	clients []string
	log     io.Writer

	// probes are the start-up probes.
	probes []measuredRun
	// pairs are the alternating repetitions: mmspec and the floor at
	// plan.compareAt with no latency.
	pairs []pair
	// sweep holds the mmspec runs by latency and concurrency, apart from
	// those of pairs.
	sweep map[sweepKey]measuredRun
	seq   int
}

type pair struct {
	mmspec, floor measuredRun
	floorFirst    bool
}

type sweepKey struct {
	latency     time.Duration
	concurrency int
}

// build compiles mmspec once into the temporary folder, so that each run
// measures the program and not the go command.
func (b *bench) build(ctx context.Context) error {
	b.mmspec = filepath.Join(b.tmp, "mmspec")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", b.mmspec, "./cmd/mmspec")
	cmd.Stdout, cmd.Stderr = b.log, b.log
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build ./cmd/mmspec: %w", err)
	}
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find the mmbench binary to run the floor: %w", err)
	}
	b.self = self
	return nil
}

// run measures the start-up probes first, which also warm the caches for
// the runs after them. Then come the repetitions, alternating which program
// goes first, and then the rest of the sweep.
func (b *bench) run(ctx context.Context) {
	for range b.plan.probes {
		if ctx.Err() != nil {
			return
		}
		b.probes = append(b.probes, b.runProbe(ctx))
	}
	for i := range b.plan.reps {
		if ctx.Err() != nil {
			return
		}
		p := pair{floorFirst: i%2 == 1}
		if p.floorFirst {
			p.floor = b.runFloor(ctx, b.plan.compareAt, 0)
			p.mmspec = b.runMmspec(ctx, b.plan.compareAt, 0)
		} else {
			p.mmspec = b.runMmspec(ctx, b.plan.compareAt, 0)
			p.floor = b.runFloor(ctx, b.plan.compareAt, 0)
		}
		b.pairs = append(b.pairs, p)
	}
	b.sweep = map[sweepKey]measuredRun{}
	for _, latency := range b.plan.latencies {
		for _, c := range b.plan.concurrencies {
			if latency == 0 && c == b.plan.compareAt {
				continue // measured by the repetitions
			}
			if ctx.Err() != nil {
				return
			}
			b.sweep[sweepKey{latency, c}] = b.runMmspec(ctx, c, latency)
		}
	}
}

func (b *bench) runDir(program string) (string, error) {
	b.seq++
	dir := filepath.Join(b.tmp, fmt.Sprintf("%02d-%s", b.seq, program))
	return dir, os.MkdirAll(dir, 0o755)
}

// runMmspec runs the outline with mmspec and reads its run time and step
// times.
func (b *bench) runMmspec(ctx context.Context, concurrency int, latency time.Duration) measuredRun {
	run := b.startMmspec(ctx, programMmspec, concurrency, latency)
	if run.ok() {
		run.Err = readMmspecOutput(&run)
	}
	b.report(run)
	return run
}

// runProbe runs the first client's scenario with mmspec at concurrency 1,
// with godog's events formatter, and reads the times to TestRunStarted and
// to the first step. The measured runs leave the events formatter out,
// because it writes every attachment into its JSON lines, which slows them.
func (b *bench) runProbe(ctx context.Context) measuredRun {
	run := b.startMmspec(ctx, programProbe, 1, 0)
	if run.ok() {
		run.Err = readProbeEvents(&run)
	}
	b.report(run)
	return run
}

// startMmspec runs mmspec on the feature file and returns the measured run.
// A probe runs only the first client's Examples row and adds the events
// formatter.
func (b *bench) startMmspec(ctx context.Context, program string, concurrency int, latency time.Duration) measuredRun {
	dir, err := b.runDir(program)
	if err != nil {
		return measuredRun{Program: program, Concurrency: concurrency, Latency: latency, Err: err}
	}
	format := "progress"
	var extra []string
	if program == programProbe {
		format += ",events:" + filepath.Join(dir, "events.jsonl")
		extra = []string{"--client", b.clients[0]}
	}
	args := []string{
		"--target", "embedded",
		"--format", format,
		"--reports", filepath.Join(dir, "reports"),
		"--trace", "off",
		"--concurrency", strconv.Itoa(concurrency),
		"--latency", latency.String(),
	}
	args = append(append(args, extra...), b.opts.feature)
	run := runProcess(ctx, dir, b.mmspec, args, b.opts.sampling)
	run.Program, run.Concurrency, run.Latency = program, concurrency, latency
	return run
}

// readMmspecOutput reads godog's run time from the progress output and the
// step times from the Cucumber JSON.
func readMmspecOutput(run *measuredRun) error {
	stdout, err := os.ReadFile(filepath.Join(run.Dir, "stdout.txt"))
	if err != nil {
		return err
	}
	run.RunSpan, err = parseGodogElapsed(string(stdout))
	if err != nil {
		return fmt.Errorf("%s: %w", filepath.Join(run.Dir, "stdout.txt"), err)
	}

	cucumber := filepath.Join(run.Dir, "reports", "cucumber.json")
	data, err := os.ReadFile(cucumber)
	if err != nil {
		return err
	}
	run.Steps, err = parseStepTimes(data)
	if err != nil {
		return fmt.Errorf("%s: %w", cucumber, err)
	}
	run.Scenarios = scenarioTimes(run.Steps)
	return nil
}

// readProbeEvents reads the start-up times from a probe's events.
func readProbeEvents(run *measuredRun) error {
	events := filepath.Join(run.Dir, "events.jsonl")
	f, err := os.Open(events)
	if err != nil {
		return err
	}
	defer f.Close()
	ev, err := parseEvents(f)
	if err != nil {
		return fmt.Errorf("%s: %w", events, err)
	}
	run.RunStarted = run.sinceStart(ev.RunStarted)
	run.FirstStep = run.sinceStart(ev.FirstStep)
	return nil
}

// runFloor runs the floor program on the outline's clients.
func (b *bench) runFloor(ctx context.Context, concurrency int, latency time.Duration) measuredRun {
	dir, err := b.runDir(programFloor)
	if err != nil {
		return measuredRun{Program: programFloor, Concurrency: concurrency, Latency: latency, Err: err}
	}
	result := filepath.Join(dir, "result.json")
	args := []string{
		"floor",
		"--concurrency", strconv.Itoa(concurrency),
		"--latency", latency.String(),
		"--result", result,
	}
	for _, c := range b.clients {
		args = append(args, "--client", c)
	}
	run := runProcess(ctx, dir, b.self, args, b.opts.sampling)
	run.Program, run.Concurrency, run.Latency = programFloor, concurrency, latency
	if run.ok() {
		r, err := readFloorResult(result)
		if err != nil {
			run.Err = fmt.Errorf("read the floor's result: %w", err)
		} else {
			run.RunStarted = run.sinceStart(r.FirstFlow)
			run.RunSpan = time.Duration(r.LastFlowEnd-r.FirstFlow) * time.Millisecond
			for _, ms := range r.FlowMillis {
				run.Scenarios = append(run.Scenarios, time.Duration(ms)*time.Millisecond)
			}
			run.BrowserVersion = r.BrowserVersion
		}
	}
	b.report(run)
	return run
}

// report prints one line per run, and the end of stderr for a failed one.
func (b *bench) report(r measuredRun) {
	phase := fmt.Sprintf("run %6.1fs", r.RunSpan.Seconds())
	if r.Program == programProbe {
		phase = fmt.Sprintf("to the first step %5.2fs", r.FirstStep.Seconds())
	}
	fmt.Fprintf(b.log, "%-21s concurrency %d, latency %-6s wall %6.1fs  %s  peak PSS %s  %s\n",
		r.Program, r.Concurrency, r.Latency, r.Wall.Seconds(), phase, mib(r.Memory.MaxPSS), r.status())
	if !r.ok() {
		if r.Err != nil {
			fmt.Fprintf(b.log, "  error: %v\n", r.Err)
		}
		fmt.Fprintf(b.log, "  output in %s; the end of stderr:\n%s\n", r.Dir, stderrTail(r.Dir, 15))
	}
}

// allRuns returns every run in the order they ran.
func (b *bench) allRuns() []measuredRun {
	runs := slices.Clone(b.probes)
	for _, p := range b.pairs {
		if p.floorFirst {
			runs = append(runs, p.floor, p.mmspec)
		} else {
			runs = append(runs, p.mmspec, p.floor)
		}
	}
	keys := make([]sweepKey, 0, len(b.sweep))
	for k := range b.sweep {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y sweepKey) int {
		if x.latency != y.latency {
			return int(x.latency - y.latency)
		}
		return x.concurrency - y.concurrency
	})
	for _, k := range keys {
		runs = append(runs, b.sweep[k])
	}
	return runs
}

// failed reports whether any run failed.
func (b *bench) failed() bool {
	for _, r := range b.allRuns() {
		if !r.ok() {
			return true
		}
	}
	return false
}

func mib(kb int64) string {
	return fmt.Sprintf("%.0f MiB", float64(kb)/1024)
}

// median returns the median of values, the mean of the middle two for an
// even count, or 0 for none.
func median(values []time.Duration) time.Duration {
	if len(values) == 0 {
		return 0
	}
	sorted := slices.Clone(values)
	slices.Sort(sorted)
	mid := len(sorted) / 2
	if len(sorted)%2 == 1 {
		return sorted[mid]
	}
	return (sorted[mid-1] + sorted[mid]) / 2
}

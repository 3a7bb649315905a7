package main

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// document renders the results of one benchmark as Markdown.
type document struct {
	bench   *bench
	machine machine
	started time.Time
	took    time.Duration
	command string
}

func (d document) markdown() string {
	var w strings.Builder
	d.writeIntro(&w)
	d.writeMachine(&w)
	d.writeTargets(&w)
	d.writeWallTimes(&w)
	d.writeSteps(&w)
	d.writeStartUp(&w)
	d.writeMemory(&w)
	d.writeFloor(&w)
	return w.String()
}

func (d document) writeIntro(w *strings.Builder) {
	b := d.bench
	fmt.Fprintf(w, "# Benchmarks\n\n")
	if b.opts.quick {
		fmt.Fprintf(w, "**Quick run (`--quick`): concurrency %d only, one repetition. It checks the benchmark "+
			"program; `make bench` measures the full set.**\n\n", b.plan.compareAt)
	}
	fmt.Fprintf(w, "`make bench` runs `go run ./cmd/mmbench`. This page comes from `%s` on %s, and the "+
		"benchmark took %s.\n\n",
		d.command, d.started.UTC().Format("2006-01-02 15:04 MST"), d.took.Round(time.Second))
	fmt.Fprintf(w, "Every number comes from this one run on a noisy %d-core machine, so treat small "+
		"differences as noise. The runs use the outline of `%s`, one scenario for each of its %d clients "+
		"(%s), against the embedded mmlite.\n\n", d.machine.CPUs, b.opts.feature, len(b.clients),
		strings.Join(b.clients, ", "))
	fmt.Fprintf(w, "mmspec is built once with `go build` and started for each run as\n\n")
	fmt.Fprintf(w, "```sh\nmmspec --target embedded --format progress --reports <tmp>/reports --trace off \\\n"+
		"       --concurrency N --latency L %s\n```\n\n", b.opts.feature)
	fmt.Fprintf(w, "Each run also writes mmspec's JUnit, Cucumber JSON and HTML reports. The start-up probes "+
		"(see Start-up) add `--client %q` and the events formatter.\n\n", b.clients[0])
	if b.failed() {
		fmt.Fprintf(w, "**Some runs failed; the tables mark them, and their numbers are left out of the "+
			"medians.**\n\n")
	}
}

func (d document) writeMachine(w *strings.Builder) {
	m := d.machine
	fmt.Fprintf(w, "## Machine\n\n| | |\n|---|---|\n")
	rows := [][2]string{
		{"CPU", m.CPU},
		{"logical CPUs", fmt.Sprint(m.CPUs)},
		{"memory", fmt.Sprintf("%.1f GiB", float64(m.MemoryKB)/(1024*1024))},
		{"kernel", m.Kernel},
		{"Go", m.Go},
		{"Node.js", m.Node},
		{"Chromium", m.Chromium},
		{"playwright-core", m.PlaywrightCore},
		{"load average (1, 5, 15 min) at the start", m.LoadStart},
		{"load average at the end", m.LoadEnd},
		{"commit", m.Commit},
	}
	for _, r := range rows {
		fmt.Fprintf(w, "| %s | %s |\n", r[0], r[1])
	}
	fmt.Fprintln(w)
}

// cell describes one run for a table: its value, or why it has none.
func cell(r measuredRun, value string) string {
	if s := r.status(); s != "" {
		return s
	}
	return value
}

func seconds(d time.Duration) string {
	return fmt.Sprintf("%.1f s", d.Seconds())
}

func (d document) writeWallTimes(w *strings.Builder) {
	b := d.bench
	fmt.Fprintf(w, "## Wall time of the outline\n\n")
	fmt.Fprintf(w, "The wall time runs from starting mmspec to its exit. godog's run is the time its "+
		"progress formatter prints, from TestRunStarted to its summary. The rest is outside godog's run: "+
		"start-up before it (see Start-up), and after it the reports, removing the test users, closing the "+
		"browser and the exit. The row at concurrency %d without latency is %s of the last section. "+
		"Peak memory is explained below.\n\n", b.plan.compareAt, repetitionsName(b.plan.reps))
	fmt.Fprintf(w, "| concurrency | API latency | wall time | godog's run | outside godog's run | peak PSS |\n"+
		"|---|---|---:|---:|---:|---:|\n")
	for _, latency := range b.plan.latencies {
		for _, c := range b.plan.concurrencies {
			fmt.Fprintf(w, "| %d | %s | %s |\n", c, latencyName(latency), d.sweepCells(latency, c))
		}
	}
	fmt.Fprintln(w)
}

func repetitionsName(reps int) string {
	if reps == 1 {
		return "the single repetition"
	}
	return fmt.Sprintf("the median of the %d repetitions, taken for each column on its own", reps)
}

// count returns "1 probe", "3 probes" and so on.
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func latencyName(latency time.Duration) string {
	if latency == 0 {
		return "none"
	}
	return latency.String()
}

// sweepCells returns the wall time, run, outside-run and peak PSS cells of
// one row, joined by " | ".
func (d document) sweepCells(latency time.Duration, concurrency int) string {
	b := d.bench
	cells := []string{"", "", "", ""}
	if latency == 0 && concurrency == b.plan.compareAt {
		runs := passed(b.pairs, func(p pair) measuredRun { return p.mmspec })
		if len(runs) == 0 {
			cells[0] = "failed"
			return strings.Join(cells, " | ")
		}
		cells[0] = seconds(median(walls(runs)))
		if len(runs) > 1 {
			cells[0] += fmt.Sprintf(" (median of %d)", len(runs))
		}
		cells[1] = seconds(median(runSpans(runs)))
		cells[2] = seconds(median(outsideRuns(runs)))
		cells[3] = mib(medianPSS(runs))
		return strings.Join(cells, " | ")
	}
	r, ok := b.sweep[sweepKey{latency, concurrency}]
	switch {
	case !ok:
		cells[0] = "not run"
	case !r.ok():
		cells[0] = r.status()
	default:
		cells = []string{seconds(r.Wall), seconds(r.RunSpan), seconds(r.Wall - r.RunSpan), mib(r.Memory.MaxPSS)}
	}
	return strings.Join(cells, " | ")
}

// passed returns the passed runs that pick selects from the pairs.
func passed(pairs []pair, pick func(pair) measuredRun) []measuredRun {
	var out []measuredRun
	for _, p := range pairs {
		if r := pick(p); r.ok() {
			out = append(out, r)
		}
	}
	return out
}

func walls(runs []measuredRun) []time.Duration {
	out := make([]time.Duration, len(runs))
	for i, r := range runs {
		out[i] = r.Wall
	}
	return out
}

func runSpans(runs []measuredRun) []time.Duration {
	out := make([]time.Duration, len(runs))
	for i, r := range runs {
		out[i] = r.RunSpan
	}
	return out
}

// outsideRuns returns the wall time outside the run span of each run.
func outsideRuns(runs []measuredRun) []time.Duration {
	out := make([]time.Duration, len(runs))
	for i, r := range runs {
		out[i] = r.Wall - r.RunSpan
	}
	return out
}

// scenarios pools the scenario or flow times of runs.
func scenarios(runs []measuredRun) []time.Duration {
	var out []time.Duration
	for _, r := range runs {
		out = append(out, r.Scenarios...)
	}
	return out
}

func runStarts(runs []measuredRun) []time.Duration {
	out := make([]time.Duration, len(runs))
	for i, r := range runs {
		out[i] = r.RunStarted
	}
	return out
}

// medianPSS returns the median peak PSS in KiB. It reuses median on
// durations, whose unit does not matter to it.
func medianPSS(runs []measuredRun) int64 {
	out := make([]time.Duration, len(runs))
	for i, r := range runs {
		out[i] = time.Duration(r.Memory.MaxPSS)
	}
	return int64(median(out))
}

// stepRuns returns, for each latency, the passed mmspec run at the lowest
// concurrency, whose step times are least disturbed by other scenarios.
func (d document) stepRuns() []measuredRun {
	b := d.bench
	var out []measuredRun
	for _, latency := range b.plan.latencies {
		for _, c := range b.plan.concurrencies {
			var r measuredRun
			if latency == 0 && c == b.plan.compareAt {
				if runs := passed(b.pairs, func(p pair) measuredRun { return p.mmspec }); len(runs) > 0 {
					r = runs[0]
				}
			} else {
				r = b.sweep[sweepKey{latency, c}]
			}
			if r.ok() {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

func (d document) writeSteps(w *strings.Builder) {
	fmt.Fprintf(w, "## Time per step\n\n")
	runs := d.stepRuns()
	if len(runs) == 0 {
		fmt.Fprintf(w, "No mmspec run passed, so there are no step times.\n\n")
		return
	}
	fmt.Fprintf(w, "Mean and max over the %d scenarios, from the durations (in nanoseconds) of the Cucumber "+
		"JSON that mmspec wrote, in ms. Quoted values are shown as \"…\". godog measures each step from the "+
		"end of the step before it, so the first step includes the Before-scenario hooks and the last "+
		"step includes the After-scenario hooks, which close the browser context. The runs:", len(d.bench.clients))
	header := "| step |"
	rule := "|---|"
	stats := make([]map[string]phraseStats, len(runs))
	var phrases []string
	for i, r := range runs {
		source := "a single run"
		if r.Latency == 0 && r.Concurrency == d.bench.plan.compareAt {
			source = "the first passed repetition"
		}
		separator := ";"
		if i == len(runs)-1 {
			separator = "."
		}
		fmt.Fprintf(w, " concurrency %d with API latency %s (%s)%s", r.Concurrency, latencyName(r.Latency),
			source, separator)

		label := latencyName(r.Latency)
		header += fmt.Sprintf(" mean, latency %s | max, latency %s |", label, label)
		rule += "---:|---:|"
		stats[i] = map[string]phraseStats{}
		for _, s := range summarizeSteps(r.Steps) {
			phrases = appendNew(phrases, s.Phrase)
			stats[i][s.Phrase] = s
		}
	}
	fmt.Fprintf(w, "\n\n%s\n%s\n", header, rule)
	for _, p := range phrases {
		fmt.Fprintf(w, "| %s |", p)
		for i := range runs {
			s, ok := stats[i][p]
			if !ok {
				fmt.Fprint(w, " | |")
				continue
			}
			fmt.Fprintf(w, " %d | %d |", s.Mean.Milliseconds(), s.Max.Milliseconds())
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

func (d document) allPassed(program string) []measuredRun {
	var out []measuredRun
	for _, r := range d.bench.allRuns() {
		if r.Program == program && r.ok() {
			out = append(out, r)
		}
	}
	return out
}

func (d document) writeStartUp(w *strings.Builder) {
	b := d.bench
	fmt.Fprintf(w, "## Start-up\n\n")
	fmt.Fprintf(w, "The time from starting mmspec to its first step, measured in %s that ran "+
		"before everything else: mmspec with `--client %q --concurrency 1` and the events formatter "+
		"(`--format progress,events:<tmp>/events.jsonl`). mmbench reads the wall clock just before it starts "+
		"mmspec, and godog's events formatter stamps TestRunStarted and each TestStepStarted with the wall "+
		"clock in milliseconds. TestStepStarted comes after the Before hooks, just before godog calls the step. "+
		"Before TestRunStarted, mmspec checks the features, starts mmlite, checks the target, creates the run's "+
		"team and launches the Playwright driver and Chromium.\n\n", count(b.plan.probes, "start-up probe"),
		b.clients[0])
	fmt.Fprintf(w, "The measured runs leave the events formatter out: it writes every attachment, such as "+
		"the screenshots, into its JSON lines, which made runs at concurrency 2 measurably slower. Above "+
		"concurrency 1, godog (v0.16.0) also holds each scenario's events until the scenario ends and stamps "+
		"them then. The floor stamps the start of its first client's flow, which follows its browser "+
		"launch.\n\n")
	probes := d.allPassed(programProbe)
	var runStarted, firstSteps, gaps []time.Duration
	for _, r := range probes {
		runStarted = append(runStarted, r.RunStarted)
		firstSteps = append(firstSteps, r.FirstStep)
		gaps = append(gaps, r.FirstStep-r.RunStarted)
	}
	fmt.Fprintf(w, "| program and event | runs | median | min | max |\n|---|---:|---:|---:|---:|\n")
	writeStartUpRow(w, "mmspec, to TestRunStarted", runStarted)
	writeStartUpRow(w, "mmspec, to the first TestStepStarted", firstSteps)
	writeStartUpRow(w, "mmspec, from TestRunStarted to the first step", gaps)
	writeStartUpRow(w, "floor, to the first flow", runStarts(d.allPassed(programFloor)))
	fmt.Fprintln(w)
}

func writeStartUpRow(w *strings.Builder, name string, values []time.Duration) {
	if len(values) == 0 {
		fmt.Fprintf(w, "| %s | 0 | | | |\n", name)
		return
	}
	fmt.Fprintf(w, "| %s | %d | %s | %s | %s |\n", name, len(values), secondsFine(median(values)),
		secondsFine(minOf(values)), secondsFine(maxOf(values)))
}

func secondsFine(d time.Duration) string {
	return fmt.Sprintf("%.2f s", d.Seconds())
}

func minOf(values []time.Duration) time.Duration {
	m := values[0]
	for _, v := range values[1:] {
		m = min(m, v)
	}
	return m
}

func maxOf(values []time.Duration) time.Duration {
	m := values[0]
	for _, v := range values[1:] {
		m = max(m, v)
	}
	return m
}

func (d document) writeMemory(w *strings.Builder) {
	b := d.bench
	sampling := b.opts.sampling
	fmt.Fprintf(w, "## Peak memory\n\n")
	fmt.Fprintf(w, "mmbench samples the process tree of each run: it finds the process's descendants "+
		"(the Playwright driver in Node.js and every Chromium process) through the parent pids in "+
		"/proc/PID/stat, and sums their memory. Every %s it reads each process's RSS from /proc/PID/statm, "+
		"and in %s (every %s) also its PSS from /proc/PID/smaps_rollup. "+
		"The peak is the largest sum of one sample.\n\n", sampling.interval, everyNth(sampling.pssEvery),
		sampling.interval*time.Duration(sampling.pssEvery))
	fmt.Fprintf(w, "The peak reported is of PSS (proportional set size), which splits each shared page among "+
		"the processes that map it, so the pages that Chromium's processes share count once. Summing RSS "+
		"counts them once per process; the largest RSS sum is shown for comparison. PSS also splits pages "+
		"shared with processes outside the tree, such as other Chromium instances on the machine, so a busy "+
		"machine lowers it a little. PSS is sampled less often because the kernel walks the page tables to "+
		"compute it, about a millisecond of CPU per Chromium process. A peak between two PSS samples, or a "+
		"process that lives between two samples, is missed.\n\n")

	fmt.Fprintf(w, "| run | peak PSS | largest RSS sum | processes at the peak | samples (with PSS) | "+
		"sampler CPU, share of one core |\n|---|---:|---:|---:|---:|---:|\n")
	incomplete := false
	for _, r := range b.allRuns() {
		name := fmt.Sprintf("%s, concurrency %d, latency %s", r.Program, r.Concurrency, latencyName(r.Latency))
		if !r.ok() {
			fmt.Fprintf(w, "| %s | %s | | | | |\n", name, r.status())
			continue
		}
		if !r.Memory.PSSComplete {
			incomplete = true
		}
		fmt.Fprintf(w, "| %s | %s | %s | %d | %d (%d) | %.1f %% |\n", name, mib(r.Memory.MaxPSS),
			mib(r.Memory.MaxRSS), r.Memory.Processes, r.Memory.Samples, r.Memory.PSSSamples,
			100*r.Memory.SamplerCPU.Seconds()/r.Wall.Seconds())
	}
	if incomplete {
		fmt.Fprintf(w, "\n**The smaps_rollup of some processes was unreadable; their RSS stands in for their "+
			"PSS, so those peaks overstate.**\n")
	}
	fmt.Fprintf(w, "\nThe sampler CPU is all the CPU time mmbench used during the run, almost all of it "+
		"reading /proc. The sampler takes it from the measured programs, alike for mmspec and the floor.\n\n")
}

func (d document) writeFloor(w *strings.Builder) {
	b := d.bench
	fmt.Fprintf(w, "## mmspec over the floor\n\n")
	fmt.Fprintf(w, "The floor is `mmbench floor`, a program that does the same browser actions for the same "+
		"%d clients, %d at a time, with plain playwright-go: it starts mmlite in its process, creates a user "+
		"per client through the REST client, signs in (through the login form, or through the API with the "+
		"session cookies for the native apps), signs the user in on 2 other clients through the API, opens "+
		"the user menu > Profile > Security > View and Log Out of Active Sessions, expands More info on each "+
		"entry, logs out of each session and logs back in. It uses the same page objects, client catalogue, "+
		"driver and Chromium. It has no godog, no step layer, no checks beyond what the page objects wait "+
		"for, no accessibility audit, no screenshots, no reports and no clean-up of test users. The ratio "+
		"therefore includes what mmspec checks and writes, not only godog.\n\n", len(b.clients),
		b.plan.compareAt)
	fmt.Fprintf(w, "The two programs alternate, with the first of each pair switching, at concurrency %d "+
		"and no latency.\n\n", b.plan.compareAt)
	fmt.Fprintf(w, "| repetition | first | mmspec | floor | mmspec / floor |\n|---:|---|---:|---:|---:|\n")
	for i, p := range b.pairs {
		first := programMmspec
		if p.floorFirst {
			first = programFloor
		}
		ratio := ""
		if p.mmspec.ok() && p.floor.ok() {
			ratio = fmt.Sprintf("%.2f", p.mmspec.Wall.Seconds()/p.floor.Wall.Seconds())
		}
		fmt.Fprintf(w, "| %d | %s | %s | %s | %s |\n", i+1, first, cell(p.mmspec, seconds(p.mmspec.Wall)),
			cell(p.floor, seconds(p.floor.Wall)), ratio)
	}
	d.writeFloorMedians(w)
}

// writeFloorMedians writes the medians of the repetitions and their ratios.
func (d document) writeFloorMedians(w *strings.Builder) {
	b := d.bench
	mm := passed(b.pairs, func(p pair) measuredRun { return p.mmspec })
	floor := passed(b.pairs, func(p pair) measuredRun { return p.floor })
	if len(mm) == 0 || len(floor) == 0 {
		fmt.Fprintf(w, "\nNo ratio: a program has no passed run.\n")
		return
	}

	fmt.Fprintf(w, "\n| median | mmspec | floor | mmspec / floor |\n|---|---:|---:|---:|\n")
	writeRatioRow(w, "wall time", seconds, walls(mm), walls(floor))
	writeRatioRow(w, "all scenarios", seconds, runSpans(mm), runSpans(floor))
	writeRatioRow(w, "outside the scenarios", seconds, outsideRuns(mm), outsideRuns(floor))
	writeRatioRow(w, "time per client", seconds, scenarios(mm), scenarios(floor))
	writeRatioRow(w, "start-up", secondsFine, runStarts(d.allPassed(programProbe)), runStarts(floor))
	mp, fp := medianPSS(mm), medianPSS(floor)
	fmt.Fprintf(w, "| peak PSS | %s | %s | %.2f |\n", mib(mp), mib(fp), float64(mp)/float64(fp))
	fmt.Fprintf(w, "\nEach value is the median over %d mmspec and %d floor runs, taken for each row on its "+
		"own. \"All scenarios\" is godog's run for mmspec, and for the floor the time from the start of its "+
		"first flow to the end of its last. \"Outside the scenarios\" is the rest of the wall time: start-up, "+
		"and for mmspec the reports, removing the test users, closing the browser and the exit, or for the "+
		"floor closing the browser and the exit. \"Time per client\" is the median over all scenarios of "+
		"those runs: for mmspec the sum of a scenario's step times, with its hooks, and for the floor the time "+
		"of one client's flow. The start-up row takes mmspec's time to TestRunStarted from the start-up "+
		"probes.\n", len(mm), len(floor))
}

// everyNth returns "every sample", "every 2nd sample" and so on.
func everyNth(n int) string {
	if n == 1 {
		return "every sample"
	}
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprintf("every %d%s sample", n, suffix)
}

// writeRatioRow writes the medians of one measure for mmspec and the floor
// and their ratio.
func writeRatioRow(w *strings.Builder, name string, format func(time.Duration) string, mmspec, floor []time.Duration) {
	m, f := median(mmspec), median(floor)
	ratio := "n/a"
	if f > 0 {
		ratio = fmt.Sprintf("%.2f", m.Seconds()/f.Seconds())
	}
	fmt.Fprintf(w, "| %s | %s | %s | %s |\n", name, format(m), format(f), ratio)
}

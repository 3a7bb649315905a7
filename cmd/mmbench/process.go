package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Programs that the benchmark runs. A probe is mmspec running one
// scenario with godog's events formatter, to time its start-up.
const (
	programMmspec = "mmspec"
	programProbe  = "mmspec start-up probe"
	programFloor  = "floor"
)

// measuredRun is one measured run of mmspec or of the floor.
type measuredRun struct {
	Program     string
	Concurrency int
	Latency     time.Duration
	// Wall is the time from starting the process to its exit.
	Wall     time.Duration
	ExitCode int
	// Err is set when the run could not be started or its output could
	// not be read; ExitCode is then meaningless.
	Err error
	// RunStarted is the time from starting a start-up probe to godog's
	// TestRunStarted, or from starting the floor to its first flow.
	RunStarted time.Duration
	// FirstStep is the time from starting a start-up probe to its first
	// TestStepStarted.
	FirstStep time.Duration
	// RunSpan is godog's run time, which its progress formatter prints,
	// from TestRunStarted to the summary, or the time from the floor's
	// first flow to the end of its last.
	RunSpan time.Duration
	Memory  memoryPeak
	// Steps are mmspec's step times from its Cucumber JSON.
	Steps []stepTime
	// Scenarios are the times of mmspec's scenarios, each the sum of its
	// step times, or of the floor's client flows.
	Scenarios []time.Duration
	// BrowserVersion is the Chromium version the floor reported.
	BrowserVersion string
	// Dir holds the run's output, stdout.txt and stderr.txt included.
	Dir string

	started time.Time
}

func (r measuredRun) ok() bool { return r.Err == nil && r.ExitCode == 0 }

// status describes a failed run for the tables, or "" for a passed one.
func (r measuredRun) status() string {
	switch {
	case r.Err != nil:
		return "error"
	case r.ExitCode != 0:
		return fmt.Sprintf("failed (exit %d)", r.ExitCode)
	}
	return ""
}

// runLimit bounds one run of mmspec or the floor. A run is interrupted
// with SIGINT, so that mmspec still closes the browser, and killed
// waitDelay later.
const (
	runLimit  = 5 * time.Minute
	waitDelay = 30 * time.Second
)

// runProcess starts name with args in the current folder, samples the
// memory of its process tree until it exits, and returns the wall time, the
// exit code and the memory peak. stdout and stderr go to files in dir.
func runProcess(ctx context.Context, dir, name string, args []string, sampling samplingOptions) measuredRun {
	run := measuredRun{Dir: dir, ExitCode: -1}
	stdout, err := os.Create(filepath.Join(dir, "stdout.txt"))
	if err != nil {
		run.Err = err
		return run
	}
	defer stdout.Close()
	stderr, err := os.Create(filepath.Join(dir, "stderr.txt"))
	if err != nil {
		run.Err = err
		return run
	}
	defer stderr.Close()

	ctx, cancel := context.WithTimeout(ctx, runLimit)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGINT) }
	cmd.WaitDelay = waitDelay

	cpuBefore := selfCPU()
	start := time.Now()
	if err := cmd.Start(); err != nil {
		run.Err = fmt.Errorf("start %s: %w", name, err)
		return run
	}
	mem := startSampler(cmd.Process.Pid, sampling.interval, sampling.pssEvery)
	err = cmd.Wait()
	run.Wall = time.Since(start)
	run.Memory = mem.stop()
	run.Memory.SamplerCPU = selfCPU() - cpuBefore

	var exitErr *exec.ExitError
	switch {
	case err == nil:
		run.ExitCode = 0
	case errors.As(err, &exitErr):
		run.ExitCode = exitErr.ExitCode()
	default:
		run.Err = fmt.Errorf("wait for %s: %w", name, err)
	}
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		run.Err = fmt.Errorf("%s ran longer than %s and was interrupted", name, runLimit)
	case ctx.Err() != nil:
		run.Err = fmt.Errorf("%s was interrupted", name)
	}
	run.started = start
	return run
}

// samplingOptions set how often the memory of a run is sampled.
type samplingOptions struct {
	interval time.Duration
	pssEvery int
}

// selfCPU returns the user and system CPU time mmbench has used so far,
// without that of its children.
func selfCPU() time.Duration {
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &usage); err != nil {
		return 0
	}
	return time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
}

// sinceStart returns the time from the run's start to stamp, a Unix time
// in milliseconds written by the child process. Both read the system's
// wall clock, so the result has millisecond resolution.
func (r measuredRun) sinceStart(stamp int64) time.Duration {
	return time.Duration(stamp-r.started.UnixMilli()) * time.Millisecond
}

// stderrTail returns the last lines of a run's stderr, to show why it
// failed.
func stderrTail(dir string, lines int) string {
	data, err := os.ReadFile(filepath.Join(dir, "stderr.txt"))
	if err != nil {
		return ""
	}
	all := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	return strings.Join(all, "\n")
}

// readFloorResult reads the result file the floor wrote.
func readFloorResult(path string) (floorResult, error) {
	var result floorResult
	data, err := os.ReadFile(path)
	if err != nil {
		return result, err
	}
	err = json.Unmarshal(data, &result)
	return result, err
}

package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mmspec/support/clients"
)

func TestMedian(t *testing.T) {
	s := time.Second
	assert.Equal(t, time.Duration(0), median(nil))
	assert.Equal(t, 3*s, median([]time.Duration{3 * s}))
	assert.Equal(t, 2*s, median([]time.Duration{3 * s, 1 * s, 2 * s}))
	assert.Equal(t, 2500*time.Millisecond, median([]time.Duration{4 * s, 1 * s, 3 * s, 2 * s}))
}

func TestMedianKeepsInput(t *testing.T) {
	values := []time.Duration{3, 1, 2}

	median(values)

	assert.Equal(t, []time.Duration{3, 1, 2}, values)
}

const outlineFeature = `Feature: Sessions

  Scenario: Plain
    Given a step

  Scenario Outline: Outline <client>
    Given I am signed in on the "<client>" client

    Examples: Browsers
      | client    | description |
      | Macintosh | Macintosh   |
      | Windows   | Windows     |

    Examples: Other columns
      | device |
      | x      |

  Rule: Apps
    Scenario Outline: Apps <client>
      Given I am signed in on the "<client>" client

      Examples:
        | description | client            |
        | iPhone      | iPhone Native App |
`

func TestOutlineClients(t *testing.T) {
	names, err := outlineClients(strings.NewReader(outlineFeature))

	require.NoError(t, err)
	assert.Equal(t, []string{"Macintosh", "Windows", "iPhone Native App"}, names)
}

func TestOutlineClientsOfTheFeature(t *testing.T) {
	f, err := os.Open("../../features/active_sessions.feature")
	require.NoError(t, err)
	defer f.Close()

	names, err := outlineClients(f)

	require.NoError(t, err)
	assert.Len(t, names, 7)
	for _, name := range names {
		_, err := clients.Builtin().Lookup(name)
		assert.NoError(t, err, "the floor looks up %q in the built-in catalogue", name)
	}
}

func TestOutlineClientsWithoutExamples(t *testing.T) {
	_, err := outlineClients(strings.NewReader("Feature: x\n  Scenario: y\n    Given z\n"))

	assert.ErrorContains(t, err, `no Examples table with a "client" column`)
}

func TestPackageVersion(t *testing.T) {
	dir := t.TempDir()
	manifest := []byte(`{"name":"p","version":"1.64.1"}`)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "package.json"), manifest, 0o644))

	assert.Equal(t, "1.64.1", packageVersion(filepath.Join(dir, "cli.js")))
	assert.Empty(t, packageVersion(filepath.Join(t.TempDir(), "cli.js")))
}

func TestRunFlowsBoundsConcurrency(t *testing.T) {
	list := make([]clients.Client, 7)
	for i := range list {
		list[i].Name = string(rune('a' + i))
	}
	var running, highest atomic.Int32
	var mu sync.Mutex
	var seen []string

	errs := runFlows(list, 2, func(c clients.Client) error {
		n := running.Add(1)
		for {
			h := highest.Load()
			if n <= h || highest.CompareAndSwap(h, n) {
				break
			}
		}
		time.Sleep(5 * time.Millisecond)
		running.Add(-1)
		mu.Lock()
		seen = append(seen, c.Name)
		mu.Unlock()
		if c.Name == "c" {
			return errors.New("boom")
		}
		return nil
	})

	assert.Len(t, seen, 7)
	assert.Equal(t, int32(2), highest.Load())
	require.Len(t, errs, 1)
	assert.EqualError(t, errs[0], "c: boom")
}

func TestEveryNth(t *testing.T) {
	assert.Equal(t, "every sample", everyNth(1))
	assert.Equal(t, "every 2nd sample", everyNth(2))
	assert.Equal(t, "every 3rd sample", everyNth(3))
	assert.Equal(t, "every 4th sample", everyNth(4))
	assert.Equal(t, "every 11th sample", everyNth(11))
	assert.Equal(t, "every 21st sample", everyNth(21))
}

// passedRun returns a run that spends runStarted before its scenarios and
// one second after them.
func passedRun(program string, concurrency int, latency, wall, runStarted time.Duration, pssKB int64) measuredRun {
	return measuredRun{
		Program: program, Concurrency: concurrency, Latency: latency, Wall: wall, RunStarted: runStarted,
		RunSpan:   wall - runStarted - time.Second,
		Memory:    memoryPeak{MaxPSS: pssKB, MaxRSS: 2 * pssKB, PSSComplete: true, Samples: 10, PSSSamples: 3},
		Steps:     []stepTime{{Phrase: "the login screen shows", Duration: 120 * time.Millisecond}},
		Scenarios: []time.Duration{wall / 4, wall / 2},
	}
}

func TestDocumentQuickRun(t *testing.T) {
	s := time.Second
	b := &bench{
		opts:    benchOptions{quick: true, feature: "features/active_sessions.feature", sampling: samplingOptions{75 * time.Millisecond, 4}},
		plan:    newPlan(benchOptions{quick: true, latency: 150 * time.Millisecond}),
		clients: []string{"Macintosh", "Windows"},
		probes: []measuredRun{{Program: programProbe, Concurrency: 1, Wall: 5 * s,
			RunStarted: 1500 * time.Millisecond, FirstStep: 1600 * time.Millisecond}},
		pairs: []pair{{
			mmspec: passedRun(programMmspec, 2, 0, 30*s, 2*s, 700*1024),
			floor:  passedRun(programFloor, 2, 0, 15*s, 1*s, 600*1024),
		}},
		sweep: map[sweepKey]measuredRun{
			{150 * time.Millisecond, 2}: {Program: programMmspec, Concurrency: 2, Latency: 150 * time.Millisecond,
				ExitCode: 1},
		},
	}
	doc := document{bench: b, machine: machine{CPUs: 2}, started: time.Unix(0, 0), took: 90 * s, command: "go run ./cmd/mmbench --quick"}

	md := doc.markdown()

	assert.Contains(t, md, "**Quick run (`--quick`)")
	assert.Contains(t, md, "noisy 2-core machine")
	assert.Contains(t, md, "benchmark took 1m30s.")
	assert.Contains(t, md, "| 2 | none | 30.0 s | 27.0 s | 3.0 s | 700 MiB |")
	assert.Contains(t, md, "| 2 | 150ms | failed (exit 1) |  |  |  |")
	assert.Contains(t, md, "| wall time | 30.0 s | 15.0 s | 2.00 |")
	assert.Contains(t, md, "| all scenarios | 27.0 s | 13.0 s | 2.08 |")
	assert.Contains(t, md, "| outside the scenarios | 3.0 s | 2.0 s | 1.50 |")
	assert.Contains(t, md, "| start-up | 1.50 s | 1.00 s | 1.50 |")
	assert.Contains(t, md, "| mmspec, from TestRunStarted to the first step | 1 | 0.10 s | 0.10 s | 0.10 s |")
	assert.Contains(t, md, "| peak PSS | 700 MiB | 600 MiB | 1.17 |")
	assert.Contains(t, md, "| time per client | 11.2 s | 5.6 s | 2.00 |")
	assert.Contains(t, md, "| the login screen shows | 120 | 120 |")
	assert.Contains(t, md, "**Some runs failed")
}

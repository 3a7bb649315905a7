package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"text/tabwriter"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mmspec/support/mmlite"
	"mmspec/support/spec"
)

// caught is one row of the fault table: which scenario caught a fault, at
// which step, with which message.
type caught struct {
	fault, scenario, step, message string
}

// TestFaultsFailTheSpec runs the spec against mmlite once per fault, on the
// Examples rows of the clients the fault applies to, and requires every
// such scenario to fail at the step that checks the broken behaviour, with
// a message that names it. With MMSPEC_FAULT_TABLE set, it writes the table
// of what caught each fault to that file.
func TestFaultsFailTheSpec(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Chromium once per fault; run without -short")
	}
	inRepoRoot(t)
	features, problems, err := spec.Load([]string{"features"})
	require.NoError(t, err)
	require.Empty(t, problems)
	rows := faultTargets{clients: spec.ClientRows(features), scenarios: spec.ScenarioLines(features)}

	faults := mmlite.Faults()
	rowsByFault := make([][]caught, len(faults))
	missed := make([]bool, len(faults))
	// Many faults make a step wait for its timeout, which costs no CPU, so
	// the runs overlap: go test runs as many at once as -parallel allows,
	// by default one per core.
	t.Run("faults", func(t *testing.T) {
		for i, fault := range faults {
			t.Run(fault.Name, func(t *testing.T) {
				t.Parallel()
				defer func() { missed[i] = t.Failed() }()
				rowsByFault[i] = runFault(t, fault, rows)
			})
		}
	})
	var table []caught
	caughtAll := 0
	for i, r := range rowsByFault {
		table = append(table, r...)
		if !missed[i] {
			caughtAll++
		}
	}
	summary := fmt.Sprintf("%d of %d mmlite faults made every scenario they apply to fail at the step that "+
		"checks the broken behaviour (%d scenario runs).", caughtAll, len(faults), len(table))
	writeFaultTable(t, summary, table)
}

// faultTargets locates each client's Examples rows and each named
// scenario are, as path:line.
type faultTargets struct {
	clients   map[string][]string
	scenarios map[string]string
}

func runFault(t *testing.T, fault mmlite.Fault, rows faultTargets) []caught {
	clientNames := fault.Clients
	if len(clientNames) == 0 {
		clientNames = []string{"Macintosh", "Windows", "Native Desktop App", "iPhone Native App",
			"Android Native App", "iPhone Native Classic App", "Android Native Classic App"}
	}
	reports := t.TempDir()
	// Several fault runs overlap, so each keeps to two scenarios at a time.
	args := []string{"--format", "progress", "--reports", reports, "--fault", fault.Name, "--timeout-action", "5s",
		"--concurrency", "2"}
	var paths []string
	if fault.Scenario != "" {
		where, ok := rows.scenarios[fault.Scenario]
		require.True(t, ok, "fault %s names scenario %q, which no feature has", fault.Name, fault.Scenario)
		paths = []string{where}
		args = append(args, where)
	} else {
		for _, name := range clientNames {
			require.NotEmpty(t, rows.clients[name], "fault %s names client %q, which no Examples row runs",
				fault.Name, name)
			paths = append(paths, rows.clients[name]...)
			args = append(args, "--client", name)
		}
		args = append(args, "features/active_sessions.feature")
	}

	code, stdout, stderr := runSpec(t, args...)

	require.Equal(t, exitFailed, code, "expected the spec to fail (exit 1) with fault %s injected, got exit %d"+
		"\nstdout:\n%s\nstderr:\n%s", fault.Name, code, stdout, stderr)
	step := regexp.MustCompile("^" + fault.Step)
	results := readCucumber(t, filepath.Join(reports, "cucumber.json"))
	require.Len(t, results, len(paths))

	var out []caught
	for _, r := range results {
		out = append(out, caught{fault.Name, r.Name, r.FailedStep, r.Message})
		assert.Regexp(t, step, r.FailedStep, "%s: failed at the wrong step; message: %s", r.Name, r.Message)
		assert.Contains(t, strings.ToLower(r.Message), strings.ToLower(fault.Message),
			"%s: the failure message does not name the fault's behaviour", r.Name)
	}
	return out
}

func writeFaultTable(t *testing.T, summary string, table []caught) {
	path := os.Getenv("MMSPEC_FAULT_TABLE")
	if path == "" {
		return
	}
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	f, err := os.Create(path)
	require.NoError(t, err)
	defer f.Close()

	fmt.Fprintf(f, "%s\n\n", summary)
	w := tabwriter.NewWriter(f, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "FAULT\tSCENARIO\tSTEP THAT CAUGHT IT\tMESSAGE")
	for _, c := range table {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", c.fault, strings.TrimPrefix(c.scenario, "Log out of every session from the "),
			c.step, shorten(c.message, 120))
	}
	require.NoError(t, w.Flush())
}

func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	return s[:n-1] + "…"
}

package main

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// outcomes lists a report folder's scenarios as "name: failed step" from
// the Cucumber JSON and its testcase names from the JUnit report, sorted.
func outcomes(t *testing.T, dir string) ([]string, []string) {
	t.Helper()
	var scenarios []string
	for _, r := range readCucumber(t, filepath.Join(dir, "cucumber.json")) {
		scenarios = append(scenarios, r.Name+": "+r.FailedStep)
	}
	sort.Strings(scenarios)

	data, err := os.ReadFile(filepath.Join(dir, "junit.xml"))
	require.NoError(t, err)
	var junit struct {
		Suites []struct {
			Cases []struct {
				Name    string    `xml:"name,attr"`
				Failure *struct{} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	require.NoError(t, xml.Unmarshal(data, &junit))
	var cases []string
	for _, s := range junit.Suites {
		for _, c := range s.Cases {
			cases = append(cases, c.Name+map[bool]string{true: " FAILED", false: ""}[c.Failure != nil])
		}
	}
	sort.Strings(cases)
	return scenarios, cases
}

func TestShardsMergeToFullRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Chromium; run without -short")
	}
	inRepoRoot(t)
	// A fault that fails two rows, so the comparison covers failures too.
	args := []string{"--format", "progress", "--fault", "android-labelled-as-linux", "features/active_sessions.feature"}
	full := t.TempDir()
	code, _, _ := runSpec(t, append(args, "--reports", full)...)
	require.Equal(t, exitFailed, code)

	var shards []string
	for _, k := range []string{"1/3", "2/3", "3/3"} {
		dir := t.TempDir()
		runSpec(t, append(args, "--reports", dir, "--shard", k)...)
		shards = append(shards, dir)
	}
	merged := t.TempDir()
	code, _, stderr := runSpec(t, append([]string{"merge", "--out", merged}, shards...)...)
	require.Equal(t, exitPassed, code, stderr)

	fullScenarios, fullCases := outcomes(t, full)
	mergedScenarios, mergedCases := outcomes(t, merged)
	assert.Len(t, fullScenarios, 7)
	assert.Equal(t, fullScenarios, mergedScenarios)
	assert.Equal(t, fullCases, mergedCases)
	assert.Equal(t, 2, strings.Count(strings.Join(mergedCases, "\n"), "FAILED"))
}

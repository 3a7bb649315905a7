package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const oneRun = `[{"elements":[
 {"name":"A","tags":[],"steps":[{"result":{"status":"passed"}}]},
 {"name":"B","tags":[{"name":"@flaky"}],"steps":[{"result":{"status":"passed"}}]},
 {"name":"C","tags":[],"steps":[{"result":{"status":"failed","error_message":"boom"}},{"result":{"status":"skipped"}}]}
]}]`

func TestCountTalliesEachScenario(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cucumber.json")
	require.NoError(t, os.WriteFile(path, []byte(oneRun), 0o644))
	tallies := map[string]*tally{}

	assert.Equal(t, 3, count(path, tallies))
	assert.Equal(t, 3, count(path, tallies))

	assert.Equal(t, 2, tallies["A"].passed)
	assert.Equal(t, 2, tallies["B"].flaky)
	assert.Equal(t, 2, tallies["C"].failed)
	assert.Equal(t, "failed: boom", tallies["C"].lastError)
}

func TestReportFailsOnFailedOrFlaky(t *testing.T) {
	var out bytes.Buffer

	assert.Equal(t, 0, report(&out, map[string]*tally{"A": {passed: 3}}))
	assert.Equal(t, 1, report(&out, map[string]*tally{"A": {passed: 2, flaky: 1}}))
	assert.Equal(t, 1, report(&out, map[string]*tally{}))
	assert.Contains(t, out.String(), "SCENARIO")
}

func TestCountMissingReport(t *testing.T) {
	assert.Equal(t, 0, count(filepath.Join(t.TempDir(), "none.json"), map[string]*tally{}))
}

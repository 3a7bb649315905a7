package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(to, data, 0o644))
}

func TestFailedListsFailedRows(t *testing.T) {
	failed, err := Failed("testdata/mixed/cucumber.json")

	require.NoError(t, err)
	require.Len(t, failed, 1)
	assert.True(t, strings.HasPrefix(failed[0], "features/active_sessions.feature:"), failed[0])
}

func TestApplyRetryMarksFlaky(t *testing.T) {
	dir := t.TempDir()
	main := filepath.Join(dir, "cucumber.json")
	copyFile(t, "testdata/mixed/cucumber.json", main)
	failed, err := Failed(main)
	require.NoError(t, err)
	// The retry's report: the same scenarios, all passed.
	retry := filepath.Join(dir, "retry.json")
	text, err := os.ReadFile(main)
	require.NoError(t, err)
	passed := strings.NewReplacer(`"status": "failed"`, `"status": "passed"`, `"status": "skipped"`,
		`"status": "passed"`).Replace(string(text))
	require.NoError(t, os.WriteFile(retry, []byte(passed), 0o644))

	flaky, err := ApplyRetry(main, retry, 1)

	require.NoError(t, err)
	assert.Len(t, flaky, len(failed))
	after, err := Failed(main)
	require.NoError(t, err)
	assert.Empty(t, after)
	merged, err := os.ReadFile(main)
	require.NoError(t, err)
	assert.Contains(t, string(merged), `"@flaky"`)
}

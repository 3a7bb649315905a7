package main

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readText returns a report's text; for Cucumber JSON, the decoded text of
// its attachments follows, since godog stores them base64-encoded.
func readText(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	if !strings.HasSuffix(path, ".json") {
		return string(data)
	}
	var features []struct {
		Elements []struct {
			Steps []struct {
				Embeddings []struct {
					MimeType string `json:"mime_type"`
					Data     string `json:"data"`
				} `json:"embeddings"`
			} `json:"steps"`
		} `json:"elements"`
	}
	require.NoError(t, json.Unmarshal(data, &features))
	text := string(data)
	for _, f := range features {
		for _, el := range f.Elements {
			for _, st := range el.Steps {
				for _, e := range st.Embeddings {
					if e.MimeType == "image/png" {
						continue
					}
					decoded, err := base64.StdEncoding.DecodeString(e.Data)
					require.NoError(t, err)
					text += "\n" + string(decoded)
				}
			}
		}
	}
	return text
}

func TestFaultEvidenceInEveryReport(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Chromium; run without -short")
	}
	inRepoRoot(t)
	reports := t.TempDir()

	code, _, _ := runSpec(t, "--format", "progress", "--reports", reports,
		"--fault", "macintosh-labelled-as-windows", "--client", "Macintosh")

	require.Equal(t, exitFailed, code)
	junit := readText(t, filepath.Join(reports, "junit.xml"))
	cucumber := readText(t, filepath.Join(reports, "cucumber.json"))
	html := readText(t, filepath.Join(reports, "index.html"))
	for name, text := range map[string]string{"junit.xml": junit, "cucumber.json": cucumber, "index.html": html} {
		assert.Contains(t, text, "expected the current session to be described as", "%s has the failure", name)
		assert.Contains(t, text, filepath.Join(reports, "traces"), "%s has the trace path", name)
		assert.Contains(t, text, filepath.Join(reports, "screenshots"), "%s has the screenshot path", name)
	}
	assert.Contains(t, cucumber, `"mime_type": "image/png"`)
	assert.Contains(t, html, `src="data:image/png;base64,`)
	traces, err := filepath.Glob(filepath.Join(reports, "traces", "*.zip"))
	require.NoError(t, err)
	assert.Len(t, traces, 1)
}

func TestAcceptedRuleBecomesWarning(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Chromium; run without -short")
	}
	inRepoRoot(t)
	reports := t.TempDir()
	settings := filepath.Join(t.TempDir(), "godog.yml")
	require.NoError(t, os.WriteFile(settings, []byte(`accessibility:
  accepted:
    - rule: aria-dialog-name
      reason: Mattermost 11.0 points the dialog's aria-labelledby at a missing id
    - rule: color-contrast
      reason: kept to show that an accepted rule that does not fire is reported
`), 0o644))

	code, stdout, stderr := runSpec(t, "--config", settings, "--format", "progress", "--reports", reports,
		"--fault", "modal-without-name", "--client", "Windows")

	require.Equal(t, exitPassed, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.Contains(t, stderr, "accessibility warning")
	assert.Contains(t, stderr, "no longer fires")
	for _, name := range []string{"junit.xml", "cucumber.json", "index.html"} {
		text := readText(t, filepath.Join(reports, name))
		assert.Contains(t, text, "aria-dialog-name", "%s names the accepted rule", name)
		assert.True(t, strings.Contains(text, "missing id"), "%s gives the reason", name)
	}
}

func TestFlakyScenarioPassesOnRetry(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Chromium; run without -short")
	}
	inRepoRoot(t)
	// sessions-500-once fails the web app's first sessions request only.
	args := []string{"--format", "progress", "--client", "Windows", "--fault", "sessions-500-once", "--retries", "1",
		"--timeout-action", "5s"}

	reports := t.TempDir()
	code, stdout, stderr := runSpec(t, append(args, "--reports", reports)...)

	require.Equal(t, exitPassed, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.Contains(t, stderr, "flaky scenarios")
	for _, name := range []string{"junit.xml", "cucumber.json", "index.html"} {
		assert.Contains(t, readText(t, filepath.Join(reports, name)), "flaky", "%s reports the flaky scenario", name)
	}

	code, _, _ = runSpec(t, append(args, "--reports", t.TempDir(), "--fail-on-flaky")...)

	assert.Equal(t, exitFailed, code, "--fail-on-flaky fails a run with a flaky scenario")
}
